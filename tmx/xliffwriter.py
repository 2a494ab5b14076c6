"""Writing XLIFF 1.2 and 2.x, and turning text/HTML documents into XLIFF and back.

1.2 matches are written as ``alt-trans`` (``match-quality``, ``origin``), 2.x matches as
``mtc:match`` (``matchQuality``, ``origin``, ``type``, ``ref`` to the segment), with native
codes in ``originalData``.
"""

from __future__ import annotations

import os
from pathlib import Path

from lxml import etree

from .document import Document
from .inline import native_code
from .lang import normalize_language
from .model import Segment
from .xliffmodel import MTC_NS, XLIFF2_NS, XLIFF12_NS, XLIFFDocument, XLIFFFile, XLIFFUnit
from .xmlsafe import XML_NS

__all__ = ["merge_xliff", "write_xliff", "xliff_from_document"]

_XL = f"{{{XML_NS}}}lang"


# Clark-notation prefixes of the element names
_X12 = f"{{{XLIFF12_NS}}}"
_X2 = f"{{{XLIFF2_NS}}}"
_MTC = f"{{{MTC_NS}}}"


def write_xliff(
    doc: XLIFFDocument, dest: str | os.PathLike[str], *, version: str | None = None
) -> None:
    """Write ``doc`` as XLIFF ``version`` (``"1.2"``, ``"2.0"`` or ``"2.1"``; default doc.version).

    1.2 writes matches as ``alt-trans`` (``match-quality``, ``origin``); 2.x as ``mtc:match``
    (``matchQuality``, ``origin``, ``ref`` to the segment) with native codes in ``originalData``.
    """
    v = version or doc.version
    root = _build12(doc) if v.startswith("1") else _build2(doc, v)
    data = etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)
    Path(dest).write_bytes(data)


def _build12(doc: XLIFFDocument) -> etree._Element:
    nsmap: dict[str | None, str] = {None: XLIFF12_NS}
    root = etree.Element(_X12 + "xliff", nsmap=nsmap, version="1.2")  # type: ignore[arg-type]
    for f in doc.files:
        fe = etree.SubElement(
            root, _X12 + "file", original=f.original or "document", datatype="plaintext"
        )
        fe.set("source-language", f.source_lang)
        if f.target_lang:
            fe.set("target-language", f.target_lang)
        body = etree.SubElement(fe, _X12 + "body")
        for u in f.units:
            tu = etree.SubElement(body, _X12 + "trans-unit", id=u.id)
            _fill12(etree.SubElement(tu, _X12 + "source"), u.source)
            if u.target is not None:
                t = etree.SubElement(tu, _X12 + "target")
                if u.state:
                    t.set("state", u.state)
                _fill12(t, u.target)
            for m in u.matches:
                at = etree.SubElement(tu, _X12 + "alt-trans")
                if m.quality is not None:
                    at.set("match-quality", _num(m.quality))
                if m.origin:
                    at.set("origin", m.origin)
                if m.source is not None:
                    _fill12(etree.SubElement(at, _X12 + "source"), m.source)
                tgt = etree.SubElement(at, _X12 + "target")
                if f.target_lang:
                    tgt.set(_XL, f.target_lang)
                _fill12(tgt, m.target)
            for n in u.notes:
                etree.SubElement(tu, _X12 + "note").text = n
    return root


def _fill12(el: etree._Element, seg: Segment) -> None:
    last: etree._Element | None = None
    for k, part in enumerate(seg.parts):
        if isinstance(part, str):
            if last is None:
                el.text = (el.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        kind = part.kind if part.kind != "hi" else "ph"
        c = etree.SubElement(el, _X12 + kind)
        ident = part.pair_id or str(k + 1)
        c.set("id", ident)
        if kind == "it":
            c.set("pos", "open" if part.role == "open" else "close")
        c.text = native_code(part)
        last = c


def _build2(doc: XLIFFDocument, version: str) -> etree._Element:
    first = doc.files[0] if doc.files else XLIFFFile("", "en", None)
    root = etree.Element(
        _X2 + "xliff",
        nsmap={None: XLIFF2_NS, "mtc": MTC_NS},  # type: ignore[dict-item]
        version=version,
        srcLang=first.source_lang,
    )
    if first.target_lang:
        root.set("trgLang", first.target_lang)
    for fi, f in enumerate(doc.files, start=1):
        fe = etree.SubElement(root, _X2 + "file", id=f"f{fi}")
        if f.original:
            fe.set("original", f.original)
        for ui, u in enumerate(f.units, start=1):
            ue = etree.SubElement(fe, _X2 + "unit", id=_nmtoken(u.id) or f"u{ui}")
            data: dict[str, str] = {}
            if u.matches:
                ms = etree.SubElement(ue, _MTC + "matches")
                for mi, m in enumerate(u.matches, start=1):
                    me = etree.SubElement(ms, _MTC + "match", id=f"m{mi}", ref="#s1")
                    if m.quality is not None:
                        me.set("matchQuality", _num(m.quality))
                    if m.origin:
                        me.set("origin", m.origin)
                    if m.type:
                        me.set("type", m.type)
                    _fill2(etree.SubElement(me, _X2 + "source"), m.source or u.source, data)
                    _fill2(etree.SubElement(me, _X2 + "target"), m.target, data)
            if u.notes:
                notes = etree.SubElement(ue, _X2 + "notes")
                for n in u.notes:
                    etree.SubElement(notes, _X2 + "note").text = n
            seg = etree.Element(_X2 + "segment", id="s1")
            if u.state in ("initial", "translated", "reviewed", "final"):
                seg.set("state", u.state)
            _fill2(etree.SubElement(seg, _X2 + "source"), u.source, data)
            if u.target is not None:
                _fill2(etree.SubElement(seg, _X2 + "target"), u.target, data)
            if data:
                od = etree.SubElement(ue, _X2 + "originalData")
                for did, native in data.items():
                    etree.SubElement(od, _X2 + "data", id=did).text = native
            ue.append(seg)
    return root


def _fill2(el: etree._Element, seg: Segment, data: dict[str, str]) -> None:
    last: etree._Element | None = None
    for k, part in enumerate(seg.parts):
        if isinstance(part, str):
            if last is None:
                el.text = (el.text or "") + part
            else:
                last.tail = (last.tail or "") + part
            continue
        ident = _nmtoken(part.pair_id or "") or str(k + 1)
        native = native_code(part)
        did = None
        if native:
            did = next((d for d, v in data.items() if v == native), None)
            if did is None:
                did = f"d{len(data) + 1}"
                data[did] = native
        if part.kind in ("bpt", "hi") and part.role == "open":
            c = etree.SubElement(el, _X2 + "sc", id=ident)
        elif part.kind in ("ept", "hi") and part.role == "close":
            c = etree.SubElement(el, _X2 + "ec", startRef=ident)
        elif part.kind == "it":
            c = etree.SubElement(el, _X2 + ("sc" if part.role == "open" else "ec"), id=ident)
            c.set("isolated", "yes")
        else:
            c = etree.SubElement(el, _X2 + "ph", id=ident)
        if did:
            c.set("dataRef", did)
        last = c


def _nmtoken(value: str) -> str:
    return "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in value)


def _num(q: float) -> str:
    return str(int(q)) if q == int(q) else f"{q:.2f}"


def xliff_from_document(doc: Document, target_lang: str, *, version: str = "1.2") -> XLIFFDocument:
    """An XLIFF document with one unit per segment of ``doc`` (ids ``p1s1``, ``p1s2``...).

    Translations already set in the document become targets (state ``translated``).
    """
    xf = XLIFFFile(doc.name, normalize_language(doc.source_lang), normalize_language(target_lang))
    for p, para in enumerate(doc.paragraphs, start=1):
        for s, seg in enumerate(para.segments, start=1):
            target = para.targets[s - 1]
            xf.units.append(
                XLIFFUnit(f"p{p}s{s}", seg, target, "translated" if target is not None else None)
            )
    return XLIFFDocument(version, [xf])


def merge_xliff(doc: Document, xliff: XLIFFDocument) -> int:
    """Put the targets of ``xliff`` (made by :func:`xliff_from_document`) into ``doc``.

    Returns the number of segments translated; units with another id or no target are ignored.
    """
    by_id = {u.id: u for u in xliff.units}
    done = 0
    for p, para in enumerate(doc.paragraphs, start=1):
        for s in range(1, len(para.segments) + 1):
            unit = by_id.get(f"p{p}s{s}")
            if unit is not None and unit.target is not None:
                para.targets[s - 1] = unit.target
                done += 1
    return done
