"""Term candidates: propose glossary entries from a translation memory, for a terminologist.

Two kinds of candidate are looked for in the units of one language:

* **acronyms**: words of capitals and digits (``LEPSG``, ``G7``, ``UNODC``), at least two
  characters, one capital;
* **recurring phrases**: runs of 2–4 words inside one clause (punctuation breaks a run) that
  neither start nor end with a stop word of the language (``criminalità organizzata``, *not*
  ``della criminalità``), found in at least ``min_count`` units. A phrase found (nearly) only as
  part of a longer candidate is dropped in favour of the longer one.

For each candidate, the aligned variants of the same units in the other languages give its
renderings: an acronym found as is in the translation counts as its own rendering; otherwise
the 1–4-word phrase of the other language that co-occurs best with the candidate, by the Dice
coefficient ``2·both / (units with candidate + units with phrase)``, with the number of units
both occur in. Terms already in the glossary given as ``known`` are not proposed again.

Two passes over the memory: the first counts candidates, the second counts the co-occurrences of
the kept ones only, so memory stays bounded by the number of kept candidates.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from mkutano.tm.stopwords import STOP_WORDS as _STOP
from mkutano.tm.store import Store
from mkutano.tmx.lang import base_language

from .model import Concept, Term, TermStatus, TermType
from .recognize import words

__all__ = ["Candidate", "Rendering", "term_candidates"]

_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"«»“”„|•–—]+|\s-\s")
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]+$")


@dataclass
class Rendering:
    """A phrase of another language found aligned with a candidate."""

    lang: str
    text: str
    count: int  # units where both occur
    dice: float

    def as_dict(self) -> dict[str, Any]:
        return {"lang": self.lang, "text": self.text, "count": self.count, "dice": self.dice}


@dataclass
class Candidate:
    """A proposed term: its most frequent written form, how often, and its renderings."""

    text: str
    lang: str
    kind: str  # "acronym" or "phrase"
    count: int  # units containing it
    renderings: dict[str, list[Rendering]] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "lang": self.lang,
            "kind": self.kind,
            "count": self.count,
            "renderings": {k: [r.as_dict() for r in v] for k, v in self.renderings.items()},
        }

    def to_concept(self, concept_id: str = "") -> Concept:
        """A concept a terminologist can accept: the candidate and its best renderings (admitted)."""
        ttype = TermType.ACRONYM if self.kind == "acronym" else None
        terms = [Term(self.text, self.lang, TermStatus.ADMITTED, ttype)]
        for lang, rs in self.renderings.items():
            if rs:
                terms.append(Term(rs[0].text, lang, TermStatus.ADMITTED))
        return Concept(concept_id, terms, note=f"candidate: found in {self.count} units")


def _phrases(text: str, lang: str, sizes: range) -> dict[tuple[str, ...], str]:
    """Folded n-gram key -> form as written, for the n-grams of ``text`` with content-word edges.

    The form as written keeps the separators inside the phrase (``Rome/Lyon Group``).
    """
    stop = _STOP.get(lang, frozenset())
    out: dict[tuple[str, ...], str] = {}
    for part in _CLAUSE.split(text):
        clause = words(part)
        folded = [w.casefold() for _, _, w in clause]
        for n in sizes:
            for i in range(len(clause) - n + 1):
                key = tuple(folded[i : i + n])
                if key[0] in stop or key[-1] in stop or key[0].isdigit() or key[-1].isdigit():
                    continue
                if n == 1 and len(key[0]) < 3:
                    continue
                out.setdefault(key, part[clause[i][0] : clause[i + n - 1][1]])
    return out


def _acronyms(text: str) -> set[str]:
    return {w for _, _, w in words(text) if _ACRONYM.match(w) and not w.isdigit()}


def term_candidates(
    store: Store,
    lang: str,
    *,
    memories: Sequence[str] | None = None,
    min_count: int = 3,
    limit: int = 50,
    min_words: int = 2,
    max_words: int = 4,
    known: Iterable[Concept] = (),
    max_renderings: int = 3,
) -> list[Candidate]:
    """Propose term candidates in ``lang`` from the units of ``store`` (see module docstring).

    Returns at most ``limit`` candidates, most frequent first (acronyms and longer phrases
    first among equals).
    """
    base = base_language(lang)
    known_keys = {
        tuple(w.casefold() for _, _, w in words(t.text))
        for c in known
        for t in c.terms
        if base_language(t.lang) == base
    }
    sizes = range(min_words, max_words + 1)
    counts: Counter[tuple[str, ...]] = Counter()
    forms: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    acronym_keys: set[tuple[str, ...]] = set()

    def source_keys(text: str) -> dict[tuple[str, ...], str]:
        keys = _phrases(text, base, sizes)
        for a in _acronyms(text):
            k = (a.casefold(),)
            keys[k] = a
            acronym_keys.add(k)
        return keys

    for su in store.iter_units(memories=memories, languages=[base]):
        seen: dict[tuple[str, ...], str] = {}
        for v in su.unit.variants_for(base):
            seen.update(source_keys(v.text))
        for k, surface in seen.items():
            counts[k] += 1
            forms[k][surface] += 1
    frequent = [k for k, n in counts.items() if n >= min_count]
    # known terms take part in the nesting test, so parts of a known term are not proposed
    kept = [
        k
        for k in _drop_nested(frequent, counts, acronym_keys)
        if k not in known_keys and not any(_inside(k, known) for known in known_keys)
    ]
    kept.sort(key=lambda k: (-counts[k], k not in acronym_keys, -len(k), k))
    kept = kept[:limit]
    wanted = set(kept)

    # second pass: co-occurrence with the other languages' phrases
    cooc: dict[tuple[str, ...], dict[str, Counter[tuple[str, ...]]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    tfreq: dict[str, Counter[tuple[str, ...]]] = defaultdict(Counter)
    tforms: dict[str, dict[tuple[str, ...], Counter[str]]] = defaultdict(
        lambda: defaultdict(Counter)
    )
    for su in store.iter_units(memories=memories, languages=[base]):
        present: set[tuple[str, ...]] = set()
        for v in su.unit.variants_for(base):
            present |= set(source_keys(v.text)) & wanted
        targets: dict[str, dict[tuple[str, ...], str]] = defaultdict(dict)
        for v in su.unit.variants:
            try:
                vb = base_language(v.lang)
            except ValueError:
                continue
            if vb == base:
                continue
            targets[vb].update(_phrases(v.text, vb, range(1, max_words + 1)))
            for a in _acronyms(v.text):
                targets[vb][(a.casefold(),)] = a
        for tl, tkeys in targets.items():
            for tk, surface in tkeys.items():
                tfreq[tl][tk] += 1
                tforms[tl][tk][surface] += 1
            if present:
                for k in present:
                    cooc[k][tl].update(tkeys.keys())
    out: list[Candidate] = []
    for k in kept:
        cand = Candidate(
            forms[k].most_common(1)[0][0],
            base,
            "acronym" if k in acronym_keys else "phrase",
            counts[k],
        )
        for tl, co in sorted(cooc.get(k, {}).items()):
            scored = []
            for tk, both in co.items():
                if both < 2 and counts[k] > 1:
                    continue
                dice = 2 * both / (counts[k] + tfreq[tl][tk])
                scored.append((dice, both, len(tk), tk))
            scored.sort(key=lambda s: (-s[0], -s[1], -s[2], s[3]))
            cand.renderings[tl] = [
                Rendering(tl, tforms[tl][tk].most_common(1)[0][0], both, round(dice, 3))
                for dice, both, _, tk in scored[:max_renderings]
            ]
        out.append(cand)
    return out


def _inside(part: tuple[str, ...], whole: tuple[str, ...]) -> bool:
    n = len(part)
    return n < len(whole) and any(whole[i : i + n] == part for i in range(len(whole) - n + 1))


def _drop_nested(
    keys: list[tuple[str, ...]], counts: Counter[tuple[str, ...]], acronyms: set[tuple[str, ...]]
) -> list[tuple[str, ...]]:
    """Drop a phrase found (90% or more of the time) inside a longer kept phrase."""
    longer = sorted((k for k in keys if k not in acronyms), key=len, reverse=True)
    drop: set[tuple[str, ...]] = set()
    for k in longer:
        n = len(k)
        for other in longer:
            if len(other) <= n:
                break
            if counts[other] >= 0.9 * counts[k] and _inside(k, other):
                drop.add(k)
                break
    return [k for k in keys if k not in drop]
