"""What a TMX file holds and whether it is valid: :func:`tmx_stats` and :func:`validate_tmx`.

Both read the file in one streaming pass with :func:`~tmx.reader.read_tmx` and never keep the
units. Languages are counted by their normalised tag (``EN-US`` and ``en_us`` are ``en-US``).
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import IO, BinaryIO

from .errors import Diagnostic, LanguageTagError, TMXParseError
from .lang import normalize_language
from .model import Unit
from .reader import TMXDocument, read_tmx

__all__ = ["TMXStats", "TMXValidation", "tmx_stats", "validate_tmx"]

Source = str | os.PathLike[str] | BinaryIO | IO[bytes]


@dataclass
class TMXStats:
    """Counts for one TMX file.

    ``languages`` maps each language to the number of units that have it; ``pairs`` maps
    ``"en→it"`` to the number of units with both, from the unit's source language (its
    ``srclang``, else the header's) to each other language; when the source is ``*all*`` or
    absent from the unit, every pair of the unit's languages is counted once, in sorted order.
    ``tags`` counts inline tags by kind (a ``hi`` counts once).
    """

    file: str
    version: str
    units: int = 0
    skipped: int = 0
    languages: dict[str, int] = field(default_factory=dict)
    pairs: dict[str, int] = field(default_factory=dict)
    tags: dict[str, int] = field(default_factory=dict)
    props: int = 0
    notes: int = 0
    diagnostics: list[Diagnostic] = field(default_factory=list)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "version": self.version,
            "units": self.units,
            "skipped": self.skipped,
            "languages": self.languages,
            "pairs": self.pairs,
            "tags": self.tags,
            "props": self.props,
            "notes": self.notes,
            "diagnostics": [_diag(d) for d in self.diagnostics],
        }


@dataclass
class TMXValidation:
    """The verdict on one TMX file: ``valid`` when reading it raised no diagnostic at all."""

    file: str
    valid: bool
    units: int
    languages: dict[str, int]
    diagnostics: list[Diagnostic]

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "valid": self.valid,
            "units": self.units,
            "languages": self.languages,
            "diagnostics": [_diag(d) for d in self.diagnostics],
        }


def _diag(d: Diagnostic) -> dict[str, object]:
    return {"line": d.line, "message": d.message, "severity": d.severity}


def tmx_stats(source: Source, *, strict: bool = False, name: str | None = None) -> TMXStats:
    """Count units, languages, language pairs, inline tags, props and notes of a TMX file.

    Raises :class:`~tmx.errors.TMXParseError` when the file is not TMX at all; in strict mode a
    broken unit ends the count and its error is the last diagnostic.
    """
    with read_tmx(source, strict=strict, name=name) as doc:
        header = doc.header
        stats = TMXStats(file=doc.name, version=header.version)
        stats.props = len(header.props)
        stats.notes = len(header.notes)
        languages: Counter[str] = Counter()
        pairs: Counter[str] = Counter()
        tags: Counter[str] = Counter()
        header_src = _norm(header.srclang or "*all*")
        for unit in _units(doc):
            langs = list(dict.fromkeys(_norm(v.lang) for v in unit.variants))
            languages.update(langs)
            src = _norm(unit.attrs["srclang"]) if "srclang" in unit.attrs else header_src
            if src in langs:
                pairs.update(f"{src}→{t}" for t in langs if t != src)
            else:
                ordered = sorted(langs)
                pairs.update(f"{a}→{b}" for i, a in enumerate(ordered) for b in ordered[i + 1 :])
            stats.props += len(unit.props)
            stats.notes += len(unit.notes)
            for v in unit.variants:
                stats.props += len(v.props)
                stats.notes += len(v.notes)
                for tag in v.segment.tags:
                    if tag.kind != "hi" or tag.role == "open":
                        tags[tag.kind] += 1
        stats.units = doc.units_read
        stats.skipped = doc.units_skipped
        stats.languages = dict(sorted(languages.items()))
        stats.pairs = dict(sorted(pairs.items()))
        stats.tags = dict(sorted(tags.items()))
        stats.diagnostics = list(doc.diagnostics)
    return stats


def validate_tmx(source: Source, *, strict: bool = False, name: str | None = None) -> TMXValidation:
    """Read a whole TMX file and report every problem found (or, strict, the first error).

    Raises :class:`~tmx.errors.TMXParseError` only when the file is not TMX at all.
    """
    stats = tmx_stats(source, strict=strict, name=name)
    return TMXValidation(
        file=stats.file,
        valid=not stats.diagnostics,
        units=stats.units,
        languages=stats.languages,
        diagnostics=stats.diagnostics,
    )


def _units(doc: TMXDocument) -> Iterator[Unit]:
    # strict mode: the error that stops the reading becomes the last diagnostic
    try:
        yield from doc
    except TMXParseError as exc:
        doc.diagnostics.append(exc.diagnostic)


def _norm(tag: str) -> str:
    if tag.strip().lower() == "*all*":
        return "*all*"
    try:
        return normalize_language(tag)
    except LanguageTagError:
        return tag
