"""Finished bilingual files as translation units: XLIFF 1.2 and 2.x, SDLXLIFF, memoQ MQXLIFF.

:func:`read_bilingual` reads the file (through :mod:`tmx.xmlsafe`) and returns the segments a
translator confirmed as :class:`tmx.Unit` values (source and target variant), ready for a
memory, with the tool's state mapped to three props:

- ``x-status``: ``translated``, ``reviewed`` or ``final`` (mkutano's scale);
- ``x-state``: the state as the file writes it (``signed-off``, ``ApprovedTranslation``...);
- ``x-origin``: where the translation came from when the file says it (1.2
  ``state-qualifier``, SDL ``origin``, memoQ ``mq:insertedmatch``), and ``x-file`` /
  ``x-unit`` the file and unit it was in (its context).

Which segments are confirmed, per format::

    XLIFF 1.2   state translated → translated, signed-off → reviewed, final → final;
                approved="yes" → at least reviewed; a target without state → translated;
                new and needs-* states are not confirmed
    XLIFF 2.x   translated, reviewed, final (a segment without state is initial: not confirmed)
    SDLXLIFF    per <mrk mtype="seg">: conf Translated → translated, ApprovedTranslation →
                reviewed, ApprovedSignOff → final; Draft, Rejected*, none: not confirmed
    MQXLIFF     mq:status ManuallyConfirmed → translated, Reviewer1Confirmed → reviewed,
                Reviewer2Confirmed → final; others not confirmed

Segments not confirmed, and segments with an empty target, are counted in
``BilingualFile.unconfirmed`` (not errors); ``translate="no"`` units are left out.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import Diagnostic, TMXParseError
from .formats import require
from .model import Header, Prop, Segment, Unit, Variant
from .xliff import XLIFFError, inline12, oversized_segment, read_xliff, syntax_message
from .xliffmodel import XLIFF12_NS
from .xmlsafe import open_xml_stream, safe_parser

__all__ = ["BILINGUAL_XLIFF", "BilingualFile", "read_bilingual"]

#: The formats :func:`read_bilingual` takes.
BILINGUAL_XLIFF = ("xliff", "sdlxliff", "mqxliff")

_SDL = "http://sdl.com/FileTypes/SdlXliff/1.0"
_MQ = "MQXliff"
_STATUS_12 = {"translated": "translated", "signed-off": "reviewed", "final": "final"}
_STATUS_2 = {"translated": "translated", "reviewed": "reviewed", "final": "final"}
_STATUS_SDL = {
    "Translated": "translated",
    "ApprovedTranslation": "reviewed",
    "ApprovedSignOff": "final",
}
_STATUS_MQ = {
    "ManuallyConfirmed": "translated",
    "Reviewer1Confirmed": "reviewed",
    "Reviewer2Confirmed": "final",
}


@dataclass
class BilingualFile:
    """The confirmed segments of a bilingual file, as units, and what was left out."""

    name: str
    format: str  # xliff, sdlxliff, mqxliff
    source_lang: str
    target_lang: str | None
    units: list[Unit] = field(default_factory=list)
    unconfirmed: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def header(self) -> Header:
        """A TMX header describing the file, kept with the memory it is imported into."""
        return Header(
            attrs={
                "creationtool": "mkutano",
                "creationtoolversion": "0.1",
                "segtype": "sentence",
                "o-tmf": self.format,
                "adminlang": "en",
                "srclang": self.source_lang or "*all*",
                "datatype": "xml",
            }
        )

    def __iter__(self) -> Iterator[Unit]:
        return iter(self.units)


def read_bilingual(path: str | os.PathLike[str], *, strict: bool = False) -> BilingualFile:
    """Read the confirmed segments of an XLIFF/SDLXLIFF/MQXLIFF file (see the module docs).

    Raises :class:`tmx.formats.UnsupportedFormatError` for another format and
    :class:`tmx.XLIFFError` when the file is not readable XLIFF (with ``strict``, also when an
    XLIFF 2 file breaks a rule of the specification).
    """
    fmt = require(path, BILINGUAL_XLIFF).name
    name = Path(path).name
    with open_xml_stream(path) as stream:
        try:
            root = etree.parse(stream, safe_parser(encoding="utf-8")).getroot()  # type: ignore[arg-type]
        except etree.XMLSyntaxError as exc:  # named as the rest of the file's messages are
            broken = Diagnostic(name, exc.lineno, f"not well-formed XML: {syntax_message(exc)}")
            raise XLIFFError(str(broken), [broken]) from exc
        except TMXParseError as exc:
            broken = exc.diagnostic.named(name)
            raise XLIFFError(str(broken), [broken]) from exc
    if root.get("version", "").startswith("2"):
        return _read2(path, name, strict)
    out = BilingualFile(name, fmt, "", None)
    for f in root.iter(f"{{{XLIFF12_NS}}}file", "file"):
        src = f.get("source-language") or ""
        tgt = f.get("target-language") or None
        out.source_lang = out.source_lang or src
        out.target_lang = out.target_lang or tgt
        if not src or not tgt:
            out.diagnostics.append(
                Diagnostic(name, _line(f), "<file> without source- and target-language")
            )
            continue
        for tu in f.iter(f"{{{XLIFF12_NS}}}trans-unit", "trans-unit"):
            if tu.get("translate") == "no":
                continue
            context = [Prop("x-file", f.get("original", "")), Prop("x-unit", tu.get("id", ""))]
            _unit12(out, tu, src, tgt, context, fmt)
    return out


def _line(el: etree._Element) -> int | None:
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


def _child(el: etree._Element, local: str) -> etree._Element | None:
    return next(
        (c for c in el if isinstance(c.tag, str) and etree.QName(c).localname == local), None
    )


def _add(
    out: BilingualFile,
    src: tuple[str, Segment],
    tgt: tuple[str, Segment | None],
    status: str | None,
    props: list[Prop],
) -> None:
    target = tgt[1]
    if status is None or target is None or not target.plain.strip():
        out.unconfirmed += 1
        return
    out.units.append(
        Unit(
            [Variant(src[0], src[1]), Variant(tgt[0], target)],
            props=[Prop("x-status", status), *props],
        )
    )


def _unit12(
    out: BilingualFile, tu: etree._Element, src: str, tgt: str, context: list[Prop], fmt: str
) -> None:
    source, target = _child(tu, "source"), _child(tu, "target")
    if source is None:
        out.diagnostics.append(Diagnostic(out.name, _line(tu), "trans-unit without <source>"))
        return
    too_long = oversized_segment(tu)
    if too_long is not None:
        out.diagnostics.append(Diagnostic(out.name, _line(too_long[0]), too_long[1]))
        return
    props: list[Prop] = []
    if fmt == "mqxliff":
        state = tu.get(f"{{{_MQ}}}status")
        status = _STATUS_MQ.get(state or "")
        if tu.get(f"{{{_MQ}}}insertedmatch"):
            props.append(Prop("x-origin", tu.get(f"{{{_MQ}}}insertedmatch", "")))
    else:
        state = target.get("state") if target is not None else None
        status = _STATUS_12.get(state or "") if state else "translated"
        if tu.get("approved") == "yes" and status in (None, "translated"):
            status = "reviewed"
        if target is not None and target.get("state-qualifier"):
            props.append(Prop("x-origin", target.get("state-qualifier", "")))
    if state:
        props.insert(0, Prop("x-state", state))
    seg_source = _child(tu, "seg-source")
    marks = _segment_marks(seg_source) if seg_source is not None else {}
    if not marks and fmt == "sdlxliff":  # a unit of structure, not of text
        return
    if not marks:
        segment = inline12(target) if target is not None else None
        _add(out, (src, inline12(source)), (tgt, segment), status, props + context)
        return
    targets = _segment_marks(target) if target is not None else {}
    defs = {d.get("id"): d for d in tu.iter(f"{{{_SDL}}}seg")}
    for mid, mrk in marks.items():
        seg_props, seg_status = list(props), status
        if fmt == "sdlxliff":  # SDL keeps the state per segment, not per unit
            seg_def = defs.get(mid)
            conf = seg_def.get("conf") if seg_def is not None else None
            seg_status = _STATUS_SDL.get(conf or "")
            seg_props = [Prop("x-state", conf)] if conf else []
            if seg_def is not None and seg_def.get("origin"):
                seg_props.append(Prop("x-origin", seg_def.get("origin", "")))
        tmrk = targets.get(mid)
        _add(
            out,
            (src, inline12(mrk)),
            (tgt, inline12(tmrk) if tmrk is not None else None),
            seg_status,
            [*seg_props, *context, Prop("x-segment", mid)],
        )


def _segment_marks(el: etree._Element) -> dict[str, etree._Element]:
    """The ``<mrk mtype="seg">`` elements of a ``seg-source`` or ``target``, by ``mid``."""
    return {
        m.get("mid", ""): m
        for m in el.iter(f"{{{XLIFF12_NS}}}mrk", "mrk")
        if m.get("mtype") == "seg"
    }


def _read2(path: str | os.PathLike[str], name: str, strict: bool) -> BilingualFile:
    doc = read_xliff(path, strict=strict)
    out = BilingualFile(name, "xliff", "", None, diagnostics=list(doc.diagnostics))
    for xf in doc.files:
        out.source_lang = out.source_lang or xf.source_lang
        out.target_lang = out.target_lang or xf.target_lang
        if not xf.target_lang:
            out.unconfirmed += len(xf.units)
            continue
        for u in xf.units:
            props = [Prop("x-state", u.state)] if u.state else []
            context = [Prop("x-file", xf.original), Prop("x-unit", u.id)]
            _add(
                out,
                (xf.source_lang, u.source),
                (xf.target_lang, u.target),
                _STATUS_2.get(u.state or "initial"),
                props + context,
            )
    return out
