"""Constraints of the XLIFF 2 modules: metadata, glossary, matches, resource data, size and
length restriction, validation, change tracking.

Used by :func:`tmx.xliff2check.check_xliff2`; :func:`check_modules` takes the ``<xliff>``
element and a ``bad(element, message)`` callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from lxml import etree

from .xmlsafe import XML_NS

__all__ = ["check_modules"]

_XLF = "urn:oasis:names:tc:xliff:"
NS = _XLF + "document:2.0"
MDA = _XLF + "metadata:2.0"
GLS = _XLF + "glossary:2.0"
MTC = _XLF + "matches:2.0"
RES = _XLF + "resourcedata:2.0"
SLR = _XLF + "sizerestriction:2.0"
VAL = _XLF + "validation:2.0"
CTR = _XLF + "changetracking:2.0"
_XLANG = f"{{{XML_NS}}}lang"
_NMTOKEN = re.compile(r"^[\w.\-:·\u0300-\u036f\u203f-\u2040]+$")
_INT = re.compile(r"^\d+$")
_RESTRICTION = re.compile(r"^(?:\d+|\*|\d+,(?:\d+|\*))$")
_ELEMENTS = {
    MDA: {"metadata", "metaGroup", "meta"},
    GLS: {"glossary", "glossEntry", "term", "translation", "definition"},
    MTC: {"matches", "match"},
    RES: {"resourceData", "resourceItemRef", "resourceItem", "source", "target", "reference"},
    SLR: {"profiles", "normalization", "data"},
    VAL: {"validation", "rule"},
    CTR: {"changeTrack", "revisions", "revision", "item"},
}
_VAL_RULES = ("isPresent", "isNotPresent", "startsWith", "endsWith")

Bad = Callable[[etree._Element, str], None]


def _q(el: etree._Element) -> tuple[str | None, str]:
    if not isinstance(el.tag, str):
        return None, ""
    q = etree.QName(el)
    return q.namespace, q.localname


def _unit_of(el: etree._Element) -> etree._Element | None:
    return next((a for a in el.iterancestors() if _q(a) == (NS, "unit")), None)


def check_modules(root: etree._Element, bad: Bad) -> None:
    """Check every module element and attribute under ``root``."""
    src = root.get("srcLang")
    for el in root.iter():
        ns, name = _q(el)
        if ns in _ELEMENTS and name not in _ELEMENTS[ns]:
            bad(el, f"<{name}> is not an element of module {ns}")
            continue
        _check_slr_attributes(el, name, ns, bad)
        if ns == MDA:
            _check_mda(el, name, bad)
        elif ns == GLS:
            _check_gls(el, name, bad)
        elif ns == MTC and name == "match":
            _check_match_ref(el, bad)
        elif ns == RES:
            _check_res(el, name, src, bad)
        elif ns == VAL and name == "rule":
            _check_val_rule(el, bad)
        elif ns == CTR and name == "revisions":
            _check_ctr(el, bad)


def _check_mda(el: etree._Element, name: str, bad: Bad) -> None:
    ident = el.get("id")
    if ident is not None and not _NMTOKEN.match(ident):
        bad(el, f"<mda:{name}> id={ident!r} is not an NMTOKEN")
    children = [_q(c)[1] for c in el if isinstance(c.tag, str)]
    if name == "metadata":
        if not children or any(c != "metaGroup" for c in children):
            bad(el, "<mda:metadata> must hold one or more <mda:metaGroup>")
        ids = [c.get("id") for c in el.iter(f"{{{MDA}}}metaGroup") if c.get("id")]
        if len(ids) != len(set(ids)):
            bad(el, "<mda:metaGroup> ids are not unique in the metadata")
    elif name == "metaGroup":
        if el.get("appliesTo") not in (None, "source", "target", "ignorable"):
            bad(el, f"<mda:metaGroup> appliesTo={el.get('appliesTo')!r} is not valid")
    elif name == "meta":
        if el.get("type") is None:
            bad(el, "<mda:meta> without type")
        if el.get("appliesTo") is not None:
            bad(el, "<mda:meta> cannot carry appliesTo (put it on <mda:metaGroup>)")


def _check_gls(el: etree._Element, name: str, bad: Bad) -> None:
    if name == "glossary":
        ids = [c.get("id") for c in el.iter(f"{{{GLS}}}glossEntry", f"{{{GLS}}}translation")]
        ids = [i for i in ids if i is not None]
        if len(ids) != len(set(ids)):
            bad(el, "ids of <gls:glossEntry> and <gls:translation> are not unique")
    elif name == "glossEntry":
        kids = [_q(c) for c in el if isinstance(c.tag, str)]
        if (GLS, "translation") not in kids and (GLS, "definition") not in kids:
            bad(el, "<gls:glossEntry> needs a <gls:translation> or a <gls:definition>")
        for ns, local in kids:
            if ns != GLS and (ns or "").startswith(_XLF):
                bad(el, f"<gls:glossEntry> cannot hold the XLIFF element <{local}>")


def _check_match_ref(el: etree._Element, bad: Bad) -> None:
    ref = el.get("ref", "")
    unit = _unit_of(el)
    if not ref.startswith("#") or unit is None:
        return
    target = ref[1:].split("=", 1)[-1]
    spans = {
        e.get("id")
        for seg in unit
        if _q(seg)[1] in ("segment", "ignorable")
        for e in seg.iter()
        if isinstance(e.tag, str)
    }
    if target not in spans:
        bad(el, f"<mtc:match> ref={ref!r} does not point to text of its unit")


def _check_res(el: etree._Element, name: str, src: str | None, bad: Bad) -> None:
    if name == "resourceData":
        ids = [
            c.get("id")
            for c in el
            if _q(c)[1] in ("resourceItem", "resourceItemRef") and c.get("id") is not None
        ]
        if len(ids) != len(set(ids)):
            bad(el, "ids of <res:resourceItem>/<res:resourceItemRef> are not unique")
    elif name in ("source", "target"):
        empty = len(el) == 0 and not (el.text or "").strip()
        if (el.get("href") is not None) != empty:
            bad(el, f"<res:{name}> needs href if and only if it is empty")
        lang = el.get(_XLANG)
        if name == "source" and lang and src and lang.lower() != src.lower():
            bad(el, f"<res:source> xml:lang={lang!r} differs from srcLang {src!r}")


def _check_slr_attributes(el: etree._Element, name: str, ns: str | None, bad: Bad) -> None:
    def a(local: str) -> str | None:
        return el.get(f"{{{SLR}}}{local}")

    v = a("equivStorage")
    if v is not None and not _INT.match(v):
        bad(el, f"slr:equivStorage={v!r} is not a non-negative integer")
    # The core test suite accepts free text in sizeInfo ("some info"); a number must be whole.
    v = a("sizeInfo")
    if v is not None and re.match(r"^\s*[-+]?\d*[.,]?\d+\s*$", v) and not _INT.match(v):
        bad(el, f"slr:sizeInfo={v!r} is not a non-negative integer")
    for attr in ("sizeRestriction", "storageRestriction"):
        v = a(attr)
        if v is not None and not _RESTRICTION.match(v):
            bad(el, f"slr:{attr}={v!r} is not N, *, N,M or N,*")
    if a("sizeInfo") is not None and a("sizeInfoRef") is not None:
        bad(el, "slr:sizeInfo and slr:sizeInfoRef cannot be used together")
    has_any = any(a(x) is not None for x in ("sizeInfo", "sizeInfoRef", "equivStorage"))
    if ns == NS and name == "ec" and has_any and el.get("isolated") != "yes":
        bad(el, "size restriction attributes on <ec> need isolated='yes'")
    ref = a("sizeInfoRef")
    if ref is not None:
        root = el.getroottree().getroot()
        known = {
            e.get("id")
            for d in root.iter(f"{{{SLR}}}data")
            for e in d.iter()
            if isinstance(e.tag, str)
        }
        if ref not in known:
            bad(el, f"slr:sizeInfoRef={ref!r} names nothing in <slr:data>")


def _check_val_rule(el: etree._Element, bad: Bad) -> None:
    used = [r for r in _VAL_RULES if el.get(r) is not None]
    custom = [k for k in el.attrib if etree.QName(k).namespace not in (None, VAL)]
    if len(used) + (1 if custom else 0) != 1:
        bad(el, "<val:rule> needs exactly one of isPresent, isNotPresent, startsWith, endsWith "
                "(or one custom rule)")  # fmt: skip
    if el.get("existsInSource") is not None and not (
        set(used) & {"isPresent", "startsWith", "endsWith"}
    ):
        bad(el, "existsInSource goes only with isPresent, startsWith or endsWith")
    for attr, allowed in (
        ("existsInSource", {"yes", "no"}),
        ("caseSensitive", {"yes", "no"}),
        ("disabled", {"yes", "no"}),
        ("normalization", {"none", "nfc", "nfd"}),
    ):
        v = el.get(attr)
        if v is not None and v not in allowed:
            bad(el, f"<val:rule> {attr}={v!r}: must be one of {', '.join(sorted(allowed))}")
    occurs = el.get("occurs")
    if occurs is not None and (not _INT.match(occurs) or int(occurs) < 1):
        bad(el, f"<val:rule> occurs={occurs!r} must be a positive integer")


def _check_ctr(el: etree._Element, bad: Bad) -> None:
    unit = _unit_of(el)
    ref = el.get("ref")
    target = None
    if ref is not None and unit is not None:
        target = next(
            (e for e in unit.iter() if isinstance(e.tag, str) and e.get("id") == ref), None
        )
        if target is None:
            bad(el, f"<ctr:revisions> ref={ref!r} names nothing in the unit")
    for revision in el.iter(f"{{{CTR}}}revision"):
        props = [i.get("property", "") for i in revision.iter(f"{{{CTR}}}item")]
        if len(props) != len(set(props)):
            bad(revision, "<ctr:revision> has two items for the same property")
        for prop in props:
            if prop != "content" and target is not None and target.get(prop) is None:
                bad(
                    revision,
                    f"<ctr:item property={prop!r}>: not 'content' nor an attribute of {ref!r}",
                )
