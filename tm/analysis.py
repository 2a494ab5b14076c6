"""Analysis of documents against the memories: segments and words per match band, for quotes.

:func:`analyze` looks every source segment of a job (one or more documents) up in the store and
counts it, with its words and characters, in one band, per file and in total, the way translation
buyers estimate cost:

================  ===============================================================================
``context``       101%: the memory holds the same segment with the same neighbours / context key
``repetitions``   the segment's normalised text occurred earlier in the job (any file)
``100``           100%: the memory holds the same segment
``95-99``         fuzzy match scoring 95 to 99.99
``85-94``         fuzzy match scoring 85 to 94.99
``75-84``         fuzzy match scoring 75 to 84.99
``50-74``         fuzzy match scoring 50 to 74.99
``no-match``      nothing scoring 50 or more
================  ===============================================================================

Order of precedence: a context match wins over a repetition (both need no translation, and the
context tells the occurrence apart), a repetition wins over every other band. The first occurrence
of a repeated segment is counted in its own band (as new work); later ones are repetitions.
Repetitions are found on the *normalised* text: Unicode NFC, white space collapsed, inline tags
shown as numbered placeholders (so the same sentence with other markup is not a repetition); case
and punctuation count. Scores are those of :func:`tm.match.suggest` (direct matches only: a pivot
through a third language is a hint, not something a buyer pays less for).

Words are counted per language, the way CAT tools do: runs of letters and digits separated by
white space or punctuation; a hyphen or an apostrophe inside a word joins it (``follow-up``,
``Italy's``, Swahili ``ng'ombe`` are one word), and so do ``.``, ``,``, ``:`` and ``/`` between
digits (``1.500``, ``24/7``, ``10:30``); in Italian, French, Catalan and Portuguese an elided
article or preposition is a word of its own (``l'importanza``, ``dell'Interno``: two words).
Punctuation and inline tags are not words. ``characters`` counts the non-blank characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from mkutano.tmx import LanguageTagError, Segment, base_language, normalize_language
from mkutano.tmx.document import Document

from .errors import InvalidInputError
from .match import Match, suggest
from .store import Store

__all__ = [
    "ANALYSIS_FLOOR",
    "BANDS",
    "AnalysisReport",
    "BandCount",
    "FileAnalysis",
    "SegmentAnalysis",
    "analyze",
    "band_of",
    "count_words",
    "repetition_key",
]

#: The bands, in the order reports show them (cheapest first after repetitions and context).
BANDS: tuple[str, ...] = (
    "repetitions",
    "context",
    "100",
    "95-99",
    "85-94",
    "75-84",
    "50-74",
    "no-match",
)
#: The lowest score that counts as a match at all.
ANALYSIS_FLOOR = 50.0
_FUZZY_BANDS = ((95.0, "95-99"), (85.0, "85-94"), (75.0, "75-84"), (50.0, "50-74"))
_ELIDING = {"it", "fr", "ca", "pt", "oc"}
_WORD = re.compile(r"\w+(?:(?:[-‐‑'’]|(?<=\d)[.,:/](?=\d))\w+)*")
_APOSTROPHE = re.compile(r"(?<=\w)['’](?=\w)")


def count_words(text: str, lang: str) -> int:
    """Count the words of ``text`` in ``lang`` (see the module documentation for the rules)."""
    words = _WORD.findall(text)
    if base_language(lang) in _ELIDING:
        return sum(1 + len(_APOSTROPHE.findall(w)) for w in words)
    return len(words)


def repetition_key(segment: Segment) -> str:
    """The text two segments must share to be repetitions of each other."""
    text = unicodedata.normalize("NFC", segment.with_placeholders())
    return " ".join(text.split())


def band_of(match: Match | None) -> str:
    """The band of a segment whose best match is ``match`` (``None``: no match)."""
    if match is None or match.score < ANALYSIS_FLOOR:
        return "no-match"
    if match.type == "context":
        return "context"
    if match.score >= 100.0:
        return "100"
    return next(band for floor, band in _FUZZY_BANDS if match.score >= floor)


@dataclass
class BandCount:
    """Segments, words and non-blank characters counted in one band."""

    segments: int = 0
    words: int = 0
    characters: int = 0

    def add(self, words: int, characters: int) -> None:
        self.segments += 1
        self.words += words
        self.characters += characters

    def as_dict(self) -> dict[str, int]:
        return {"segments": self.segments, "words": self.words, "characters": self.characters}


def _empty_bands() -> dict[str, BandCount]:
    return {band: BandCount() for band in BANDS}


@dataclass
class SegmentAnalysis:
    """How one segment was counted: its band, and the best match that put it there."""

    file: str
    index: int  # position of the segment in its file, from 1
    text: str  # the segment with numbered tag placeholders
    words: int
    characters: int
    band: str
    score: float | None  # the best match's score (None: no match)
    unit_id: int | None  # the unit of the best match
    memory: str | None
    repeats: int | None = None  # for a repetition: the index in the job of its first occurrence

    def as_dict(self) -> dict[str, Any]:
        return {
            "file": self.file,
            "index": self.index,
            "text": self.text,
            "words": self.words,
            "characters": self.characters,
            "band": self.band,
            "score": self.score,
            "unit_id": self.unit_id,
            "memory": self.memory,
            "repeats": self.repeats,
        }


@dataclass
class FileAnalysis:
    """The counts of one file (or, for :attr:`AnalysisReport.total`, of the whole job)."""

    name: str
    bands: dict[str, BandCount] = field(default_factory=_empty_bands)

    @property
    def segments(self) -> int:
        return sum(b.segments for b in self.bands.values())

    @property
    def words(self) -> int:
        return sum(b.words for b in self.bands.values())

    @property
    def characters(self) -> int:
        return sum(b.characters for b in self.bands.values())

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "segments": self.segments,
            "words": self.words,
            "characters": self.characters,
            "bands": {band: self.bands[band].as_dict() for band in BANDS},
        }


@dataclass
class AnalysisReport:
    """The result of :func:`analyze`: per file, in total, and segment by segment."""

    source_lang: str
    target_lang: str
    files: list[FileAnalysis]
    total: FileAnalysis
    segments: list[SegmentAnalysis]
    memories: list[str] | None = None

    def as_dict(self, *, details: bool = False) -> dict[str, Any]:
        """The report as JSON-ready data; ``details`` adds every segment's band and match."""
        out: dict[str, Any] = {
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "memories": self.memories,
            "bands": list(BANDS),
            "files": [f.as_dict() for f in self.files],
            "total": self.total.as_dict(),
        }
        if details:
            out["segments"] = [s.as_dict() for s in self.segments]
        return out


def _lang(tag: str, what: str) -> str:
    try:
        return normalize_language(tag)
    except LanguageTagError as exc:
        raise InvalidInputError(f"{what}: {exc} (use a tag such as it, en, sw-KE)") from None


def _neighbours(doc: Document) -> list[tuple[Segment, str | None, str | None]]:
    segs = doc.segments
    out = []
    for k, seg in enumerate(segs):
        prev = segs[k - 1].plain if k > 0 else None
        nxt = segs[k + 1].plain if k + 1 < len(segs) else None
        out.append((seg, prev, nxt))
    return out


def analyze(
    store: Store,
    documents: Sequence[Document],
    *,
    source_lang: str,
    target_lang: str,
    memories: Sequence[str] | None = None,
) -> AnalysisReport:
    """Count the segments and words of ``documents`` per match band against ``store``.

    ``memories`` limits the lookup to these memories (default: all). The documents form one job:
    a segment repeated in a later file is a repetition there. Raises
    :class:`tm.errors.InvalidInputError` for a bad language tag or an empty job.
    """
    if not documents:
        raise InvalidInputError("nothing to analyse: give at least one document")
    source_lang = _lang(source_lang, "source language")
    target_lang = _lang(target_lang, "target language")
    seen: dict[str, int] = {}
    files: list[FileAnalysis] = []
    total = FileAnalysis("total")
    details: list[SegmentAnalysis] = []
    job_index = 0
    for doc in documents:
        fa = FileAnalysis(doc.name)
        for k, (seg, prev, nxt) in enumerate(_neighbours(doc), start=1):
            job_index += 1
            words = count_words(seg.plain, source_lang)
            chars = sum(1 for ch in seg.plain if not ch.isspace())
            found = suggest(
                store,
                seg,
                source_lang=source_lang,
                target_lang=target_lang,
                prev=prev,
                next=nxt,
                threshold=ANALYSIS_FLOOR,
                limit=1,
                memories=memories,
                pivot="never",
            )
            best = found[0] if found else None
            band = band_of(best)
            key = repetition_key(seg)
            first = seen.get(key)
            if first is None:
                seen[key] = job_index
            elif band != "context":
                band = "repetitions"
            fa.bands[band].add(words, chars)
            total.bands[band].add(words, chars)
            details.append(
                SegmentAnalysis(
                    file=doc.name,
                    index=k,
                    text=str(seg),
                    words=words,
                    characters=chars,
                    band=band,
                    score=best.score if best else None,
                    unit_id=best.unit_id if best else None,
                    memory=best.memory if best else None,
                    repeats=first if band == "repetitions" else None,
                )
            )
        files.append(fa)
    return AnalysisReport(
        source_lang=source_lang,
        target_lang=target_lang,
        files=files,
        total=total,
        segments=details,
        memories=list(memories) if memories else None,
    )
