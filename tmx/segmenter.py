"""Sentence segmentation of text by SRX rules.

:func:`default_segmenter` uses the rules shipped with mkutano (``tmx/data/default.srx``: Italian,
English and Swahili, with the abbreviations of each language that do not end a sentence);
:meth:`Segmenter.from_srx` reads any SRX 2.0 file. ``segment(text, lang)`` returns the sentences
as :class:`Span` values whose ``start``/``end`` are offsets into ``text`` (white space around a
sentence is left out of the span, so ``text[start:end] == span.text``).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from pathlib import Path

from .srx import SRXRules, read_srx

__all__ = ["Segmenter", "Span", "default_segmenter"]


@dataclass(frozen=True, slots=True)
class Span:
    """One segment of a text: its text and its offsets (``text[start:end]``)."""

    text: str
    start: int
    end: int

    def as_dict(self) -> dict[str, object]:
        return {"text": self.text, "start": self.start, "end": self.end}


class Segmenter:
    """Splits text into sentences by SRX rules."""

    def __init__(self, rules: SRXRules) -> None:
        self.rules = rules

    @classmethod
    def from_srx(cls, path: str | Path | bytes) -> Segmenter:
        """A segmenter using the rules of an SRX file; :class:`tmx.srx.SRXError` if unusable."""
        return cls(read_srx(path))

    def breaks(self, text: str, lang: str) -> list[int]:
        """The offsets where ``text`` breaks into segments."""
        return self.rules.breaks(text, lang)

    def segment(self, text: str, lang: str) -> list[Span]:
        """Split ``text`` into segments; empty or white-space-only pieces are left out."""
        spans: list[Span] = []
        cuts = [0, *self.breaks(text, lang), len(text)]
        for a, b in itertools.pairwise(cuts):
            while a < b and text[a].isspace():
                a += 1
            while b > a and text[b - 1].isspace():
                b -= 1
            if a < b:
                spans.append(Span(text[a:b], a, b))
        return spans


@lru_cache(maxsize=1)
def default_segmenter() -> Segmenter:
    """The segmenter with mkutano's own rules for Italian, English and Swahili."""
    data = resources.files("mkutano.tmx").joinpath("data/default.srx").read_bytes()
    rules = read_srx(data)
    rules.source = "tmx/data/default.srx"
    return Segmenter(rules)
