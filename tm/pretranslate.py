"""Pre-translation of a document into XLIFF from the memories, and the target document rebuilt.

:func:`pretranslate` turns each source segment of a :class:`tmx.document.Document` into an XLIFF
unit (id ``p<paragraph>-s<segment>``, both from 1), inserts the best match as the target when it
scores at least ``threshold`` and attaches every candidate found (up to ``limit``, scoring at
least ``min_score``) as a proposal:

- XLIFF 1.2: ``<alt-trans match-quality="87" origin="mkutano:MEMORY" tool-id="mkutano">``; the
  inserted target gets ``state="translated"`` and ``state-qualifier="exact-match"`` for an exact
  or context match, ``state="needs-review-translation"`` and ``state-qualifier="fuzzy-match"``
  for a fuzzy one; the ``<header>`` names the tool;
- XLIFF 2.1: ``<mtc:match similarity="87" matchQuality="87" origin="mkutano:MEMORY" type="tm"
  subType="mkutano:fuzzy">`` (``mkutano:exact``, ``mkutano:context``); the segment's state is
  ``translated`` for an exact or context match, ``initial`` for a fuzzy one. The matches module
  caps its values at 100, so a context match (101) is written as 100 with ``subType``
  ``mkutano:context``.

:func:`rebuild` writes the target document (text or HTML, with its markup) from a translated
XLIFF and the original file: each unit's target replaces its segment; a unit without a target
keeps the source. An HTML page's ``<html lang>`` (and ``xml:lang``) become the target language.

:func:`import_confirmed` stores the confirmed segments of a translated XLIFF (state
``translated``, ``signed-off``, ``final`` or ``reviewed``) as units with their context: the
source segments before and after (``prev``/``next``) and ``FILE:UNIT-ID`` as context key, so the
next pre-translation of the document gets context matches (101).
"""

from __future__ import annotations

import copy
import os
import re
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from mkutano.tmx import (
    LanguageTagError,
    Segment,
    Unit,
    Variant,
    normalize_language,
    safe_fromstring,
)
from mkutano.tmx.document import Document, render
from mkutano.tmx.html import render_html
from mkutano.tmx.xliff import (
    XLIFF2_NS,
    XLIFF12_NS,
    XLIFFDocument,
    XLIFFFile,
    XLIFFMatch,
    XLIFFUnit,
    write_xliff,
)

from .editing import context_props
from .errors import InvalidInputError, MemoryNotFound
from .match import Match, suggest
from .screen import UnitScreen, screened
from .store import ImportReport, Store

__all__ = [
    "CONFIRMED_STATES",
    "FORMATS",
    "Pretranslation",
    "confirmed_units",
    "import_confirmed",
    "pretranslate",
    "rebuild",
    "translated_document",
    "unit_id",
]

#: The XLIFF flavours :func:`pretranslate` writes, and their XLIFF version.
FORMATS: dict[str, str] = {"xliff12": "1.2", "xliff21": "2.1"}
TOOL_ID = "mkutano"
#: XLIFF states (1.2 and 2.x) of a segment a translator confirmed.
CONFIRMED_STATES = frozenset({"translated", "signed-off", "final", "reviewed"})
_MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"
_UNIT_ID = re.compile(r"^p(\d+)-s(\d+)$")
_HTML_TAG = re.compile(r"<html\b[^>]*>", re.IGNORECASE)
_LANG_ATTR = re.compile(r"(\b(?:xml:)?lang\s*=\s*([\"']))[^\"']*(\2)", re.IGNORECASE)


def unit_id(paragraph: int, segment: int) -> str:
    """The XLIFF unit id of a segment, from its 0-based paragraph and segment indexes."""
    return f"p{paragraph + 1}-s{segment + 1}"


def _lang(tag: str, what: str) -> str:
    try:
        return normalize_language(tag)
    except LanguageTagError as exc:
        raise InvalidInputError(f"{what}: {exc} (use a tag such as it, en, sw-KE)") from None


def _exact(m: Match) -> bool:
    return m.type in ("exact", "context")


@dataclass
class Pretranslation:
    """A pre-translated document: the XLIFF model, the matches behind it, and counts."""

    document: XLIFFDocument
    format: str  # a key of FORMATS
    datatype: str  # "plaintext" or "html"
    matches: dict[str, list[Match]] = field(default_factory=dict)  # by unit id, best first
    inserted: dict[str, Match] = field(default_factory=dict)  # the match put in each target

    @property
    def segments(self) -> int:
        return len(self.document.units)

    def counts(self) -> dict[str, int]:
        """Segments, targets inserted (exact and fuzzy), segments with proposals, left empty."""
        exact = sum(1 for m in self.inserted.values() if _exact(m))
        return {
            "segments": self.segments,
            "inserted": len(self.inserted),
            "exact": exact,
            "fuzzy": len(self.inserted) - exact,
            "with_candidates": sum(1 for ms in self.matches.values() if ms),
            "untranslated": self.segments - len(self.inserted),
        }

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": self.format,
            "version": FORMATS[self.format],
            **self.counts(),
            "units": [
                {
                    "id": u.id,
                    "source": str(u.source),
                    "target": str(u.target) if u.target is not None else None,
                    "state": u.state,
                    "matches": [
                        {
                            "score": m.score,
                            "type": m.type,
                            "memory": m.memory,
                            "unit_id": m.unit_id,
                            "target": str(m.target),
                        }
                        for m in self.matches.get(u.id, [])
                    ],
                }
                for u in self.document.units
            ],
        }

    def to_bytes(self) -> bytes:
        """The XLIFF file's content (UTF-8, with an XML declaration)."""
        with tempfile.TemporaryDirectory(prefix="mkutano-xliff-") as tmp:
            path = Path(tmp) / "out.xlf"
            write_xliff(self.document, path, version=FORMATS[self.format])
            root = safe_fromstring(path.read_bytes())
        if self.format == "xliff12":
            self._decorate12(root)
        else:
            self._decorate2(root)
        return etree.tostring(root, xml_declaration=True, encoding="UTF-8", pretty_print=True)

    def write(self, path: str | os.PathLike[str]) -> None:
        """Write the XLIFF file to ``path``."""
        Path(path).write_bytes(self.to_bytes())

    # What tmx.xliff's writer does not say: the tool, datatype, state-qualifier, similarity.
    def _decorate12(self, root: etree._Element) -> None:
        e = f"{{{XLIFF12_NS}}}"
        for fe in root.iter(e + "file"):
            fe.set("datatype", self.datatype)
            header = etree.Element(e + "header")
            etree.SubElement(header, e + "tool", {"tool-id": TOOL_ID, "tool-name": "mkutano"})
            header.tail = fe.text  # keep the indentation of what follows
            fe.insert(0, header)
        for tu in root.iter(e + "trans-unit"):
            chosen = self.inserted.get(tu.get("id", ""))
            target = tu.find(e + "target")
            if chosen is not None and target is not None:
                target.set("state-qualifier", "exact-match" if _exact(chosen) else "fuzzy-match")
            for at in tu.iter(e + "alt-trans"):
                at.set("tool-id", TOOL_ID)

    def _decorate2(self, root: etree._Element) -> None:
        for ue in root.iter(f"{{{XLIFF2_NS}}}unit"):
            found = self.matches.get(ue.get("id", ""), [])
            for me, m in zip(ue.iter(f"{{{_MTC_NS}}}match"), found, strict=False):
                me.set("similarity", _quality(min(m.score, 100.0)))
                me.set("subType", f"mkutano:{m.type}")


def _quality(q: float) -> str:
    return str(int(q)) if q == int(q) else f"{q:.2f}"


def pretranslate(
    store: Store,
    document: Document,
    *,
    source_lang: str,
    target_lang: str,
    threshold: float = 75.0,
    min_score: float = 50.0,
    limit: int = 5,
    fmt: str = "xliff12",
    memories: Sequence[str] | None = None,
) -> Pretranslation:
    """Pre-translate ``document`` from ``store`` into an XLIFF 1.2 or 2.1 :class:`Pretranslation`.

    The best match scoring at least ``threshold`` (1–101) becomes the target; up to ``limit``
    matches scoring at least ``min_score`` are attached as proposals. Exact and context matches
    (100, 101) look at the neighbouring segments as :func:`tm.match.suggest` does.
    """
    if fmt not in FORMATS:
        raise InvalidInputError(f"format {fmt!r}: use one of {', '.join(FORMATS)}")
    if not 1.0 <= threshold <= 101.0:
        raise InvalidInputError(f"threshold {threshold:g} out of range: use 1 to 101")
    src, tgt = _lang(source_lang, "source language"), _lang(target_lang, "target language")
    floor = min(min_score, threshold)
    result = Pretranslation(
        XLIFFDocument(FORMATS[fmt]),
        fmt,
        {"html": "html", "docx": "xml", "odt": "xml"}.get(document.format, "plaintext"),
    )
    xfile = XLIFFFile(Path(document.name).name, src, tgt)
    result.document.files.append(xfile)
    positions = list(document.iter_segments())
    for k, (p, s, seg) in enumerate(positions):
        prev = positions[k - 1][2].plain if k > 0 else None
        nxt = positions[k + 1][2].plain if k + 1 < len(positions) else None
        uid = unit_id(p, s)
        found = suggest(
            store,
            seg,
            source_lang=src,
            target_lang=tgt,
            prev=prev,
            next=nxt,
            threshold=floor,
            limit=limit,
            memories=memories,
        )
        unit = XLIFFUnit(uid, seg)
        result.matches[uid] = found
        if found and found[0].score >= threshold:
            best = found[0]
            result.inserted[uid] = best
            unit.target = best.target
            if fmt == "xliff12":
                unit.state = "translated" if _exact(best) else "needs-review-translation"
            else:
                unit.state = "translated" if _exact(best) else "initial"
        unit.matches = [_proposal(m, fmt) for m in found]
        xfile.units.append(unit)
    return result


def _proposal(m: Match, fmt: str) -> XLIFFMatch:
    quality = m.score if fmt == "xliff12" else min(m.score, 100.0)
    return XLIFFMatch(m.target, m.source, quality, f"mkutano:{m.memory}", "tm")


def rebuild(xliff: XLIFFDocument, original: Document, *, name: str = "<xliff>") -> str:
    """The target text or HTML: :func:`translated_document`, rendered.

    A DOCX/ODT document is a package, not text: write :func:`translated_document` with
    :func:`tmx.formats.write_document`.
    """
    doc = translated_document(xliff, original, name=name)
    if doc.format == "html":
        return render_html(doc, target=True)
    if doc.format != "text":
        raise InvalidInputError(f"{original.name}: a {doc.format} document is not text")
    return render(doc, target=True)


def translated_document(
    xliff: XLIFFDocument, original: Document, *, name: str = "<xliff>"
) -> Document:
    """A copy of ``original`` with each segment's translation set from its XLIFF unit's target.

    Units are found by their ``p<n>-s<n>`` id (as :func:`pretranslate` writes them), else by
    position. Raises :class:`tm.errors.InvalidInputError` when a unit's source is not the
    segment it stands for (the original changed, or was segmented by other rules) or a unit
    points outside the document. ``name`` is the XLIFF file's name, for messages.
    """
    original = copy.deepcopy(original)  # the caller's document keeps its own translations
    positions = list(original.iter_segments())
    index = {unit_id(p, s): k for k, (p, s, _) in enumerate(positions)}
    units = xliff.units
    problems: list[str] = []
    for n, unit in enumerate(units):
        k = index.get(unit.id)
        if k is None:
            if _UNIT_ID.match(unit.id) or n >= len(positions):
                problems.append(f"unit {unit.id!r} has no segment in {original.name}")
                continue
            k = n
        p, s, seg = positions[k]
        if _flat(unit.source) != _flat(seg):
            problems.append(
                f"unit {unit.id!r}: source {_short(unit.source)!r} is not segment {k + 1} of "
                f"{original.name} ({_short(seg)!r})"
            )
            continue
        if unit.target is not None and unit.target.parts:
            original.set_translation(p, s, unit.target)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InvalidInputError(
            f"{name}: {problems[0]}{more}; rebuild from the file the XLIFF was made from"
        )
    if original.format == "html":
        target_lang = next((f.target_lang for f in xliff.files if f.target_lang), None)
        if target_lang:
            original.skeleton = [
                _HTML_TAG.sub(lambda m: _set_lang(m.group(0), target_lang), piece)
                if isinstance(piece, str)
                else piece
                for piece in original.skeleton
            ]
    return original


def _set_lang(start_tag: str, lang: str) -> str:
    """The ``<html>`` start tag with its ``lang`` / ``xml:lang`` set to ``lang``."""
    return _LANG_ATTR.sub(lambda m: f"{m.group(1)}{lang}{m.group(3)}", start_tag)


def _flat(seg: Segment) -> str:
    return " ".join(seg.plain.split())


def _short(seg: Segment, width: int = 50) -> str:
    text = _flat(seg)
    return text if len(text) <= width else text[: width - 1] + "…"


def confirmed_units(xliff: XLIFFDocument) -> list[Unit]:
    """The units of the confirmed segments of ``xliff`` (see :data:`CONFIRMED_STATES`), each
    with its context: the neighbouring source segments and ``FILE:UNIT-ID`` as context key."""
    out: list[Unit] = []
    for xfile in xliff.files:
        if not xfile.target_lang:
            continue
        sources = [u.source.plain for u in xfile.units]
        for k, xu in enumerate(xfile.units):
            if xu.state not in CONFIRMED_STATES or xu.target is None or not xu.target.plain.strip():
                continue
            prev = sources[k - 1] if k > 0 else None
            nxt = sources[k + 1] if k + 1 < len(sources) else None
            out.append(
                Unit(
                    variants=[
                        Variant(xfile.source_lang, xu.source),
                        Variant(xfile.target_lang, xu.target),
                    ],
                    props=context_props(prev, nxt, f"{xfile.original}:{xu.id}"),
                )
            )
    return out


def import_confirmed(
    store: Store,
    memory: str,
    xliff: XLIFFDocument,
    *,
    origin: str,
    screen: UnitScreen | None = None,
) -> ImportReport:
    """Store the confirmed segments of a translated ``xliff`` in ``memory`` (created if
    missing), with their context (:func:`confirmed_units`); the duplicate policy of imports
    applies. ``screen`` (:mod:`tm.screen`, e.g. the QA policy) decides what is stored."""
    try:
        store.get_memory(memory)
    except MemoryNotFound:
        store.create_memory(memory, description=f"confirmed translations ({origin})")
    units = confirmed_units(xliff)
    srclang = xliff.files[0].source_lang if xliff.files else None
    report = store.import_units(memory, screened(units, screen), origin=origin, srclang=srclang)
    if screen is not None:
        screen.complete(report)
    return report
