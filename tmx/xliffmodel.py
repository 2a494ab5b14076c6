"""The XLIFF data model shared by the reader (:mod:`tmx.xliff`) and the writer
(:mod:`tmx.xliffwriter`): documents, files, units, matches, and the error they raise."""

from __future__ import annotations

from dataclasses import dataclass, field

from .errors import Diagnostic, TMXError
from .model import Segment

__all__ = [
    "MTC_NS",
    "XLIFF2_NS",
    "XLIFF12_NS",
    "XLIFFDocument",
    "XLIFFError",
    "XLIFFFile",
    "XLIFFMatch",
    "XLIFFUnit",
]

XLIFF12_NS = "urn:oasis:names:tc:xliff:document:1.2"
XLIFF2_NS = "urn:oasis:names:tc:xliff:document:2.0"
MTC_NS = "urn:oasis:names:tc:xliff:matches:2.0"


class XLIFFError(TMXError):
    """An XLIFF file cannot be read, or breaks rules of the specification (see ``diagnostics``)."""

    def __init__(self, message: str, diagnostics: list[Diagnostic] | None = None) -> None:
        super().__init__(message)
        self.diagnostics = diagnostics or []


@dataclass
class XLIFFMatch:
    """A translation proposal: 1.2 ``alt-trans`` or 2.x ``mtc:match``."""

    target: Segment
    source: Segment | None = None
    quality: float | None = None  # 0-100
    origin: str | None = None
    type: str | None = None  # 2.x: tm, mt, ...; 1.2: alttranstype


@dataclass
class XLIFFUnit:
    """One translatable segment with its translation, state, notes and matches."""

    id: str
    source: Segment
    target: Segment | None = None
    state: str | None = None
    notes: list[str] = field(default_factory=list)
    matches: list[XLIFFMatch] = field(default_factory=list)
    line: int | None = None


@dataclass
class XLIFFFile:
    """A ``<file>``: its languages and units."""

    original: str
    source_lang: str
    target_lang: str | None
    units: list[XLIFFUnit] = field(default_factory=list)


@dataclass
class XLIFFDocument:
    """A whole XLIFF document; ``version`` is ``"1.2"``, ``"2.0"`` or ``"2.1"``."""

    version: str
    files: list[XLIFFFile] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)

    @property
    def units(self) -> list[XLIFFUnit]:
        return [u for f in self.files for u in f.units]
