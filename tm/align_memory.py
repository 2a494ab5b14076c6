"""A translation memory as evidence for the sentence aligner (:func:`tm.align.align`).

Stored units give two signals:

* **a lexicon learned from the memory**: for each language paired with the pivot (English) in
  the units, the words that occur together in the two sides of the same units more often than
  chance (Dice coefficient over units, each word kept with its few best partners). A sentence's
  words then give their pivot-language meanings, as the FreeDict dictionaries do
  (:func:`glossaries.dictionary.dictionary_anchors`), so an Italian and a Swahili sentence meet
  through English even when the memory has no Italian–Swahili unit.
* **exact sentence anchors**: a sentence whose text is stored (compared case- and
  space-insensitively) names the units holding it; two sentences named by the same unit, in
  their two languages, are a known translation and are drawn together strongly.

:func:`memory_evidence` reads the units of a store's memories; :meth:`MemoryEvidence.from_units`
builds the same from any units (for tests and benchmarks).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

from mkutano.tmx import Unit, base_language

from .store import Store

__all__ = ["MemoryEvidence", "combine_lexicons", "memory_evidence"]

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_SPACE = re.compile(r"\s+")
# A word pair must co-occur in this many units, with at least this Dice coefficient, and a word
# keeps at most this many partners; the most frequent words of each language (function words,
# which co-occur with everything) are left out.
_MIN_PAIRS, _MIN_DICE, _PARTNERS, _COMMON = 2, 0.2, 3, 30


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text) if len(w) > 1}


def _key(text: str) -> str:
    return _SPACE.sub(" ", text).strip().casefold()


@dataclass
class MemoryEvidence:
    """Word meanings (into ``pivot``) and exact sentences learned from translation units."""

    pivot: str = "en"
    #: language -> word -> pivot-language words it translates to
    meanings: dict[str, dict[str, frozenset[str]]] = field(default_factory=dict)
    #: (language, normalised sentence) -> ids of the units holding it
    sentences: dict[tuple[str, str], frozenset[int]] = field(default_factory=dict)
    units: int = 0

    @classmethod
    def from_units(
        cls, units: Iterable[Unit], *, pivot: str = "en", limit: int | None = 200_000
    ) -> MemoryEvidence:
        """Learn from ``units`` (at most ``limit`` of them; each unit's id is its position)."""
        pairs: dict[str, list[tuple[set[str], set[str]]]] = {}
        sentences: dict[tuple[str, str], set[int]] = {}
        n = 0
        for n, unit in enumerate(itertools.islice(units, limit), start=1):
            by_lang: dict[str, str] = {}
            for v in unit.variants:
                lang = base_language(v.lang)
                text = v.text
                if lang and text.strip() and lang not in by_lang:
                    by_lang[lang] = text
            if len(by_lang) < 2:
                continue
            for lang, text in by_lang.items():
                sentences.setdefault((lang, _key(text)), set()).add(n)
            if pivot in by_lang:
                pw = _words(by_lang[pivot])
                for lang, text in by_lang.items():
                    if lang != pivot:
                        pairs.setdefault(lang, []).append((_words(text), pw))
        ev = cls(pivot=pivot, units=n)
        ev.sentences = {k: frozenset(v) for k, v in sentences.items()}
        for lang, rows in pairs.items():
            ev.meanings[lang] = _learn(rows)
        return ev

    def lexicon(self, text: str, lang: str) -> list[str]:
        """The pivot-language meanings of a sentence's words (a ``lexicon`` for ``align``)."""
        base = base_language(lang)
        words = _words(text)
        if base == self.pivot:
            known = self._pivot_words()
            return sorted(w for w in words if w in known)
        table = self.meanings.get(base)
        if not table:
            return []
        out: set[str] = set()
        for w in words:
            out.update(table.get(w, ()))
        return sorted(out)

    def exact(self, text: str, lang: str) -> frozenset[int]:
        """The units holding ``text`` in ``lang`` (empty when none)."""
        return self.sentences.get((base_language(lang), _key(text)), frozenset())

    def _pivot_words(self) -> frozenset[str]:
        cached: frozenset[str] | None = getattr(self, "_known", None)
        if cached is None:
            cached = frozenset(
                w for table in self.meanings.values() for ms in table.values() for w in ms
            )
            self._known = cached
        return cached


def _learn(rows: Sequence[tuple[set[str], set[str]]]) -> dict[str, frozenset[str]]:
    """Word -> its best pivot partners by Dice coefficient over the units ``rows``."""
    fs: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    for src, piv in rows:
        fs.update(src)
        fp.update(piv)
    common_s = {w for w, _ in fs.most_common(_COMMON)}
    common_p = {w for w, _ in fp.most_common(_COMMON)}
    together: Counter[tuple[str, str]] = Counter()
    for src, piv in rows:
        s = [w for w in src if fs[w] >= _MIN_PAIRS and w not in common_s]
        p = [w for w in piv if fp[w] >= _MIN_PAIRS and w not in common_p]
        together.update(itertools.product(s, p))
    best: dict[str, list[tuple[float, str]]] = {}
    for (ws, wp), c in together.items():
        if c < _MIN_PAIRS:
            continue
        dice = 2 * c / (fs[ws] + fp[wp])
        if dice >= _MIN_DICE:
            best.setdefault(ws, []).append((dice, wp))
    return {
        w: frozenset(p for _, p in sorted(cands, reverse=True)[:_PARTNERS])
        for w, cands in best.items()
    }


def memory_evidence(
    store: Store, memories: Sequence[str] | None = None, *, limit: int | None = 200_000
) -> MemoryEvidence:
    """:class:`MemoryEvidence` from the units of ``memories`` (every memory when None)."""
    stored = store.iter_units(memories=memories, limit=limit)
    return MemoryEvidence.from_units((s.unit for s in stored), limit=limit)


def combine_lexicons(
    *lexicons: Callable[[str, str], Iterable[str]] | None,
) -> Callable[[str, str], list[str]] | None:
    """One ``lexicon`` callback giving the union of the meanings of several (None skipped)."""
    present = [lex for lex in lexicons if lex is not None]
    if not present:
        return None
    if len(present) == 1:
        only = present[0]
        return lambda text, lang: list(only(text, lang))

    def union(text: str, lang: str) -> list[str]:
        out: set[str] = set()
        for lex in present:
            out.update(lex(text, lang))
        return sorted(out)

    return union
