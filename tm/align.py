"""Sentence alignment of two or three versions of a document into translation units.

The aligner is Gale–Church's dynamic programme over *beads* -- groups of consecutive sentences
that translate each other: 1-1, 1-2, 2-1, 2-2, 1-0 and 0-1 -- with a cost that adds, to the
length model (the target length of a bead is about ``c`` times its source length, with a variance
proportional to the length), an *anchor* score: numbers, acronyms, capitalised names, URLs,
``? ! :`` and, when the caller passes ``anchor_terms``, glossary concepts found on both sides.
Sentences that share anchors are drawn together; a bead whose anchors disagree costs more. With a
``lexicon`` (a bilingual dictionary giving the meanings of a sentence's words in a shared
language), the overlap of the two sides' meanings is scored too, on its own scale.

Each bead gets a ``confidence`` in [0, 1]: the geometric mean of its own evidence (how well its
lengths fit, how well its anchors agree) and its posterior probability over all alignments
(forward-backward over the same lattice: low when another grouping explains the sentences almost
as well). Beads below ``threshold`` (default 0.6) and every 1-0/0-1 bead are flagged
``needs_review`` so that they do not enter a memory silently; in the 3-way case a bead takes the
lower confidence of its two pairwise beads. Three versions are aligned through the first one (the
pivot): each other version is aligned to it, and the two alignments are merged on the pivot's
sentences.

:func:`beads_to_units` turns an :class:`Alignment` into :class:`tmx.Unit` values carrying the
confidence as a ``x-alignment-confidence`` prop.
"""

from __future__ import annotations

import itertools
import math
import os
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

import regex

from mkutano.tmx import Prop, Segment, Unit, Variant, normalize_language
from mkutano.tmx.segmenter import Segmenter
from mkutano.tmx.text import read_text_document

from .align_memory import MemoryEvidence
from .editing import context_props
from .errors import InvalidInputError, MemoryNotFound
from .screen import UnitScreen, screened
from .store import ImportReport, Store

__all__ = [
    "Alignment",
    "AnchorTerms",
    "Bead",
    "align",
    "align_files",
    "beads_to_units",
    "extract_anchors",
    "import_alignment",
]

#: ``anchor_terms(text, lang)`` returns identifiers (e.g. glossary concept ids) of the terms found.
AnchorTerms = Callable[[str, str], Iterable[str]]

# Prior probabilities of the bead shapes (Gale & Church 1993, with a little 2-2).
_PRIORS: dict[tuple[int, int], float] = {
    (1, 1): 0.89,
    (1, 0): 0.01,
    (0, 1): 0.01,
    (2, 1): 0.045,
    (1, 2): 0.045,
    (2, 2): 0.01,
}
# Re-estimating the shape priors from a first alignment of documents of at least this many
# beads; the default priors count as this many beads.
_REESTIMATE, _REESTIMATE_MIN, _REESTIMATE_WEIGHT = True, 30, 10.0
_VARIANCE = 6.8  # variance of the target length per source character (Gale & Church)
_ANCHOR_WEIGHT = 3.0  # how many cost units a perfect (or a totally failed) anchor match is worth
_EXACT_WEIGHT = 8.0  # a bead whose two sides are stored together in one memory unit
_LEXICON_WEIGHT = 3.0  # the same for the overlap of the dictionary meanings of a bead's words
# ... when a memory is given. The memory's lexicon is the stronger signal, and the checks tuned
# with it (a merged sentence's own coverage, the shape priors from the document) apply only
# then: with FreeDict alone they cost the 1-1-heavy documents (it-sw 0.984 -> 0.973).
_MEMORY_LEXICON_WEIGHT = 6.0
# Dice overlap of the dictionary meanings of two sentences: about 0.1-0.2 for translations of
# each other, 0.025 for neighbouring sentences (FLORES it/en/sw with FreeDict); the centre of
# the scale and its width.
_LEXICON_CENTRE, _LEXICON_SCALE = 0.05, 0.1
# The share of a merged sentence's meanings found on the other side of its bead (the same,
# for sentences with at least _STRAY_MIN meanings).
_STRAY_CENTRE, _STRAY_SCALE, _STRAY_MIN = 0.04, 0.06, 4


@dataclass(frozen=True)
class Bead:
    """One group of sentences: for each language, the indices of its sentences (maybe none)."""

    indices: tuple[tuple[int, ...], ...]
    confidence: float
    needs_review: bool = False

    @property
    def shape(self) -> str:
        """``"1-1"``, ``"2-1"``, ``"1-0"``, ``"1-1-2"``...: the number of sentences per language."""
        return "-".join(str(len(ix)) for ix in self.indices)


@dataclass
class Alignment:
    """The beads aligning the sentences of two or three versions of one document."""

    languages: tuple[str, ...]
    sentences: tuple[Sequence[str], ...]
    beads: list[Bead] = field(default_factory=list)
    threshold: float = 0.6

    def texts(self, bead: Bead) -> tuple[str, ...]:
        """The text of a bead in each language (its sentences joined by a space)."""
        return tuple(
            " ".join(self.sentences[k][i] for i in ix) for k, ix in enumerate(bead.indices)
        )

    def as_dicts(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for b in self.beads:
            out.append(
                {
                    "shape": b.shape,
                    "segments": {
                        lang: list(ix) for lang, ix in zip(self.languages, b.indices, strict=True)
                    },
                    "text": dict(zip(self.languages, self.texts(b), strict=True)),
                    "confidence": round(b.confidence, 4),
                    "needs_review": b.needs_review,
                }
            )
        return out


# anchors ---------------------------------------------------------------------------------------

_NUMBER = regex.compile(r"\d+(?:[.,  ]\d{3})*(?:[.,]\d+)?")
_URL = regex.compile(r"(?:https?://|www\.)\S+|\b[\w.+-]+@[\w-]+\.[\w.]+")
_ACRONYM = regex.compile(r"\b\p{Lu}[\p{Lu}\d&]{1,}\b")
_NAME = regex.compile(r"(?<=\S\s+)\p{Lu}\p{Ll}{2,}")
_PUNCT = regex.compile(r"[?!:;]")


def extract_anchors(text: str, lang: str, anchor_terms: AnchorTerms | None = None) -> Counter[str]:
    """The anchors of a sentence: what should appear, unchanged, in its translation."""
    found: Counter[str] = Counter()
    for m in _URL.finditer(text):
        found["u:" + m.group().rstrip(".,;:)").lower()] += 1
    text_wo_urls = _URL.sub(" ", text)
    for m in _NUMBER.finditer(text_wo_urls):
        digits = regex.sub(r"\D", "", m.group())
        found["n:" + (digits.lstrip("0")[:12] or "0")] += 1
    for m in _ACRONYM.finditer(text_wo_urls):
        if not m.group().isdigit():
            found["a:" + m.group()] += 1
    for m in _NAME.finditer(text_wo_urls):
        found["c:" + m.group()[:5].casefold()] += 1
    for m in _PUNCT.finditer(text_wo_urls):
        found["p:" + m.group()] += 1
    if anchor_terms is not None:
        for term in anchor_terms(text, lang):
            found["t:" + term] += 1
    return found


# the two-way dynamic programme -----------------------------------------------------------------


def _norm_sf(z: float) -> float:
    """Two-sided tail probability of a standard normal: P(|Z| >= z)."""
    return math.erfc(abs(z) / math.sqrt(2))


class _Pair:
    def __init__(
        self,
        src: Sequence[str],
        tgt: Sequence[str],
        src_lang: str,
        tgt_lang: str,
        anchor_terms: AnchorTerms | None,
        lexicon: AnchorTerms | None = None,
        memory: MemoryEvidence | None = None,
    ) -> None:
        self.src, self.tgt = src, tgt
        # the meanings of each sentence's words, per lexicon (a dictionary, the memory's)
        self.lex: list[tuple[list[frozenset[str]], list[frozenset[str]]]] = [
            ([frozenset(lex(s, src_lang)) for s in src], [frozenset(lex(t, tgt_lang)) for t in tgt])
            for lex in (lexicon, memory.lexicon if memory is not None else None)
            if lex is not None
        ]
        self.exact: tuple[list[frozenset[int]], list[frozenset[int]]] | None = None
        if memory is not None:
            self.exact = (
                [memory.exact(s, src_lang) for s in src],
                [memory.exact(t, tgt_lang) for t in tgt],
            )
        self.ls = [len(s) for s in src]
        self.lt = [len(t) for t in tgt]
        self.ratio = (sum(self.lt) or 1) / (sum(self.ls) or 1)
        self._cs = [0, *itertools.accumulate(self.ls)]  # prefix sums of the lengths
        self._ct = [0, *itertools.accumulate(self.lt)]
        self.as_ = [extract_anchors(s, src_lang, anchor_terms) for s in src]
        self.at = [extract_anchors(t, tgt_lang, anchor_terms) for t in tgt]
        self.posterior: dict[tuple[int, int, int, int], float] = {}
        self.priors = dict(_PRIORS)
        self._bags: dict[tuple[int, int, int], tuple[Counter[str], int]] = {}

    def _bag(self, side: int, start: int, count: int) -> tuple[Counter[str], int]:
        """The anchors of ``count`` sentences from ``start`` on one side, and how many (cached)."""
        key = (side, start, count)
        cached = self._bags.get(key)
        if cached is None:
            bags = self.as_ if side == 0 else self.at
            bag: Counter[str] = Counter()
            for k in range(start, start + count):
                bag.update(bags[k])
            cached = (bag, sum(bag.values()))
            self._bags[key] = cached
        return cached

    def parts(self, i: int, j: int, a: int, b: int) -> tuple[float, float, int]:
        """Length fit (probability), anchor agreement and anchor count of a bead."""
        l1 = self._cs[i + a] - self._cs[i]
        l2 = self._ct[j + b] - self._ct[j]
        if a == 0 or b == 0:
            p_len = 0.0
        else:
            mean = (l1 + l2 / self.ratio) / 2
            z = (l2 - l1 * self.ratio) / math.sqrt(max(mean, 1.0) * _VARIANCE * self.ratio)
            p_len = _norm_sf(z)
        sa, na = self._bag(0, i, a)
        sb, nb = self._bag(1, j, b)
        total = na + nb
        if total == 0:
            return p_len, 0.0, 0
        common = sum((sa & sb).values()) if na and nb else 0
        return p_len, 2 * common / total, total

    def cost(self, i: int, j: int, a: int, b: int) -> float:
        p_len, agree, total = self.parts(i, j, a, b)
        cost = -math.log(self.priors[(a, b)])
        if a and b:
            cost += -math.log(max(p_len, 1e-12))
        if total:
            weight = _ANCHOR_WEIGHT * min(1.0, total / 4)
            cost += weight * (1 - 2 * agree) if a and b else weight * 0.5
        if a and b and a + b > 2:
            cost += self._stray_penalty(i, j, a, b)
        if a and b and self.lex:
            cost -= self._lexical(i, j, a, b)
        if a and b and self.exact is not None:
            cost -= self._exact(i, j, a, b)
        return cost

    def _exact(self, i: int, j: int, a: int, b: int) -> float:
        """A stored unit holding a sentence of each side: a known translation (+), as a 1-1
        bead; inside a larger bead the stored pair is split from what it is known to be (-)."""
        assert self.exact is not None
        us = frozenset().union(*self.exact[0][i : i + a])
        ut = frozenset().union(*self.exact[1][j : j + b])
        if not us or not ut or us.isdisjoint(ut):
            return 0.0
        return _EXACT_WEIGHT if a == b == 1 else -_EXACT_WEIGHT / 2

    def _lexical(self, i: int, j: int, a: int, b: int) -> float:
        """How much the dictionary meanings of the two sides agree, in cost units (+: agree).

        Each lexicon is scored on its own (their vocabularies differ) and the scores averaged.
        """
        scores: list[float] = []
        for src, tgt in self.lex:
            ws = frozenset().union(*src[i : i + a])
            wt = frozenset().union(*tgt[j : j + b])
            n = len(ws) + len(wt)
            if not ws or not wt:
                continue
            dice = 2 * len(ws & wt) / n
            score = max(-1.0, min(1.0, (dice - _LEXICON_CENTRE) / _LEXICON_SCALE))
            if a + b > 2 and self.exact is not None:  # with a memory: a merged sentence must
                # find its meanings on the other side
                score = min(score, self._lexical_stray(src, tgt, i, j, a, b, ws, wt))
            scores.append(min(1.0, n / 12) * score)
        weight = _LEXICON_WEIGHT if self.exact is None else _MEMORY_LEXICON_WEIGHT
        return weight * sum(scores) / len(scores) if scores else 0.0

    @staticmethod
    def _lexical_stray(
        src: list[frozenset[str]],
        tgt: list[frozenset[str]],
        i: int,
        j: int,
        a: int,
        b: int,
        ws: frozenset[str],
        wt: frozenset[str],
    ) -> float:
        """The worst-covered sentence of a 2-x bead: the share of its meanings found on the
        other side, on the lexical scale (a sentence sharing none is more likely a 1-0)."""
        worst = 1.0
        sides = ((src[i : i + a], wt) if a > 1 else ()), ((tgt[j : j + b], ws) if b > 1 else ())
        for side in sides:
            if not side:
                continue
            sentences, other = side
            for m in sentences:
                if len(m) >= _STRAY_MIN:
                    cover = len(m & other) / len(m)
                    worst = min(worst, (cover - _STRAY_CENTRE) / _STRAY_SCALE)
        return max(-1.0, worst)

    def _stray_penalty(self, i: int, j: int, a: int, b: int) -> float:
        """Cost of a sentence in a 2-x bead that shares none of its anchors with the other side.

        Such a sentence is more likely untranslated (a 1-0 bead) than merged.
        """
        penalty = 0.0
        other_t = self._bag(1, j, b)[0]
        other_s = self._bag(0, i, a)[0]
        lone = [*(((0, k), other_t) for k in range(i, i + a) if a > 1),
                *(((1, k), other_s) for k in range(j, j + b) if b > 1)]  # fmt: skip
        for (side, k), other in lone:
            bag, n = self._bag(side, k, 1)
            if n >= 2 and not any(key in other for key in bag):
                penalty += _ANCHOR_WEIGHT * min(1.0, n / 4)
        return penalty

    def evidence(self, i: int, j: int, a: int, b: int) -> float:
        """How well a bead's own lengths and anchors fit, in [0, 1]."""
        p_len, agree, total = self.parts(i, j, a, b)
        if a == 0 or b == 0:
            return 0.0
        # Lengths alone are weak evidence: a perfect length fit without anchors gives 0.75.
        length_part = 0.25 + 0.5 * min(1.0, p_len * 2)
        if total == 0:
            conf = length_part
        else:
            w = min(1.0, total / 4)
            conf = (1 - 0.5 * w) * length_part + 0.5 * w * agree + 0.25 * w * agree * p_len
        if (a, b) != (1, 1):
            conf *= 0.9
        return max(0.0, min(1.0, conf))

    def confidence(self, i: int, j: int, a: int, b: int) -> float:
        """The geometric mean of the bead's own evidence and its posterior probability.

        The posterior (from :meth:`run`) is low when other beads explain the same sentences
        almost as well; the evidence is low when the bead itself fits poorly.
        """
        if a == 0 or b == 0:
            return 0.0
        return math.sqrt(self.evidence(i, j, a, b) * self.posterior.get((i, j, a, b), 0.0))

    def run(self) -> list[tuple[int, int, int, int]]:
        """The best path of beads ``(i, j, a, b)``; also fills :attr:`posterior` for each one.

        A forward pass keeps both the best cost (Viterbi) and the soft-min over all paths; a
        backward pass gives the soft-min from each cell to the end, so that the posterior
        probability of a bead is its share of all the alignments' probability mass.
        """
        n, m = len(self.src), len(self.tgt)
        band = max(20, abs(n - m) + 20)
        inf = float("inf")
        best: dict[tuple[int, int], float] = {(0, 0): 0.0}
        alpha: dict[tuple[int, int], float] = {(0, 0): 0.0}
        back: dict[tuple[int, int], tuple[int, int]] = {}
        costs: dict[tuple[int, int, int, int], float] = {}
        for i in range(n + 1):
            centre = round(i * m / n) if n else 0
            for j in range(max(0, centre - band), min(m, centre + band) + 1):
                if (i, j) == (0, 0):
                    continue
                best_cost, best_move = inf, (0, 0)
                soft: list[float] = []
                for a, b in self.priors:
                    if a > i or b > j:
                        continue
                    prev = best.get((i - a, j - b))
                    if prev is None:
                        continue
                    c = self.cost(i - a, j - b, a, b)
                    costs[(i - a, j - b, a, b)] = c
                    soft.append(alpha[(i - a, j - b)] + c)
                    if prev + c < best_cost:
                        best_cost, best_move = prev + c, (a, b)
                if best_cost < inf:
                    best[(i, j)] = best_cost
                    back[(i, j)] = best_move
                    alpha[(i, j)] = _softmin(soft)
        if (n, m) not in best:  # the band was too narrow: cannot happen with band >= |n-m|
            raise InvalidInputError("alignment failed: documents too different in length")
        beta: dict[tuple[int, int], float] = {(n, m): 0.0}
        outgoing: dict[tuple[int, int], list[tuple[int, int, float]]] = {}
        for (i, j, a, b), c in costs.items():
            outgoing.setdefault((i, j), []).append((i + a, j + b, c))
        for cell in sorted(alpha, reverse=True):
            if cell == (n, m):
                continue
            soft = [c + beta[(x, y)] for x, y, c in outgoing.get(cell, []) if (x, y) in beta]
            if soft:
                beta[cell] = _softmin(soft)
        total = alpha[(n, m)]
        path: list[tuple[int, int, int, int]] = []
        i, j = n, m
        while (i, j) != (0, 0):
            a, b = back[(i, j)]
            i, j = i - a, j - b
            path.append((i, j, a, b))
            mass = alpha[(i, j)] + costs[(i, j, a, b)] + beta[(i + a, j + b)] - total
            self.posterior[(i, j, a, b)] = math.exp(-max(mass, 0.0))
        path.reverse()
        return path


def _softmin(values: list[float]) -> float:
    """``-log(sum(exp(-v)))``, computed without overflow."""
    low = min(values)
    return low - math.log(sum(math.exp(low - v) for v in values))


def _align_pair(
    src: Sequence[str],
    tgt: Sequence[str],
    langs: tuple[str, str],
    anchor_terms: AnchorTerms | None,
    lexicon: AnchorTerms | None = None,
    memory: MemoryEvidence | None = None,
) -> list[tuple[tuple[int, ...], tuple[int, ...], float]]:
    pair = _Pair(src, tgt, langs[0], langs[1], anchor_terms, lexicon, memory)
    path = pair.run()
    if memory is not None and _REESTIMATE and len(path) >= _REESTIMATE_MIN:
        # Once more with the bead shapes as frequent as this document has them (one hard-EM
        # step): a document with many merges or omissions makes them cheaper.
        shapes = Counter((a, b) for _, _, a, b in path)
        pair.priors = {
            k: (shapes[k] + _REESTIMATE_WEIGHT * p) / (len(path) + _REESTIMATE_WEIGHT)
            for k, p in _PRIORS.items()
        }
        pair.posterior = {}
        path = pair.run()
    out = []
    for i, j, a, b in path:
        out.append((tuple(range(i, i + a)), tuple(range(j, j + b)), pair.confidence(i, j, a, b)))
    return out


def align(
    documents: Sequence[tuple[str, Sequence[str]]],
    *,
    anchor_terms: AnchorTerms | None = None,
    lexicon: AnchorTerms | None = None,
    memory: MemoryEvidence | None = None,
    threshold: float = 0.6,
) -> Alignment:
    """Align two or three versions of a document, given as ``(language, sentences)`` pairs.

    The first document is the pivot. ``anchor_terms`` may name the terms found in a sentence (for
    instance glossary concept ids) so that sentences sharing terms are drawn together.
    ``lexicon`` gives the meanings of a sentence's words in a shared language (a bilingual
    dictionary: :func:`glossaries.dictionary.dictionary_anchors`); their overlap is scored apart
    from the anchors, since two translations share only part of their words' meanings.
    ``memory`` (:func:`tm.align_memory.memory_evidence`) adds what a translation memory knows:
    the word meanings learned from its units, scored like ``lexicon`` but apart from it, and
    its stored sentences as exact anchors (two sentences stored together in one unit are drawn
    together strongly).
    """
    if not 2 <= len(documents) <= 3:
        raise InvalidInputError(f"align needs two or three documents, got {len(documents)}")
    langs = tuple(normalize_language(lang) for lang, _ in documents)
    sents = tuple(list(s) for _, s in documents)
    pivot = sents[0]
    pairwise = [
        _align_pair(pivot, other, (langs[0], langs[k]), anchor_terms, lexicon, memory)
        for k, other in enumerate(sents[1:], start=1)
    ]
    beads = _merge(pairwise, len(pivot))
    result = Alignment(langs, sents, threshold=threshold)
    for indices, conf in beads:
        review = conf < threshold or any(len(ix) == 0 for ix in indices)
        result.beads.append(Bead(indices, conf, review))
    return result


def _merge(
    pairwise: list[list[tuple[tuple[int, ...], tuple[int, ...], float]]], n_pivot: int
) -> list[tuple[tuple[tuple[int, ...], ...], float]]:
    """Merge pivot-to-X alignments into beads over all languages.

    Pivot sentences that share a bead in any of the alignments form one group; each group takes
    the sentences its beads hold in the other languages. Beads with no pivot sentence (0-1) stay
    on their own, in place.
    """
    k = len(pairwise)
    # union-find over pivot sentences
    parent = list(range(n_pivot))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for beads in pairwise:
        for src, _, _ in beads:
            for s in src[1:]:
                parent[find(s)] = find(src[0])
    groups: dict[int, list[list[int]]] = {}
    conf: dict[int, float] = {}
    orphans: list[tuple[int, int, tuple[int, ...]]] = []  # (after pivot index, which, target)
    for which, beads in enumerate(pairwise):
        last_pivot = -1
        for src, tgt, c in beads:
            if not src:
                orphans.append((last_pivot, which, tgt))
                continue
            root = find(src[0])
            g = groups.setdefault(root, [[] for _ in range(k)])
            g[which].extend(tgt)
            conf[root] = min(conf.get(root, 1.0), c)
            last_pivot = src[-1]
    members: dict[int, list[int]] = {}
    for i in range(n_pivot):
        members.setdefault(find(i), []).append(i)
    out: list[tuple[tuple[tuple[int, ...], ...], float]] = []
    orphans_after: dict[int, list[tuple[int, tuple[int, ...]]]] = {}
    for after, which, tgt in orphans:
        orphans_after.setdefault(after, []).append((which, tgt))

    def emit_orphans(after: int) -> None:
        for which, tgt in orphans_after.pop(after, []):
            idx: list[tuple[int, ...]] = [() for _ in range(k + 1)]
            idx[which + 1] = tgt
            out.append((tuple(idx), 0.0))

    emit_orphans(-1)
    seen: set[int] = set()
    for i in range(n_pivot):
        root = find(i)
        if root not in seen:
            seen.add(root)
            g = groups.get(root, [[] for _ in range(k)])
            idx = [tuple(members[root])] + [tuple(sorted(set(t))) for t in g]
            out.append((tuple(idx), conf.get(root, 0.0)))
        emit_orphans(i)
    for after in sorted(orphans_after):
        emit_orphans(after)
    return out


def beads_to_units(
    alignment: Alignment, *, origin: str = "", include_review: bool = False
) -> list[Unit]:
    """Translation units from the beads that have text in every language.

    Beads flagged ``needs_review`` are left out unless ``include_review``; those included carry a
    ``x-needs-review`` prop. Every unit carries ``x-alignment-confidence`` (and ``x-origin`` when
    ``origin`` is given, e.g. ``alignment:report.it.txt``), and its context: the first language's
    text of the beads before and after it, as OmegaT's ``prev``/``next`` props
    (:func:`tm.editing.context_props`), so the same sentence in the same place scores 101.
    """
    units: list[Unit] = []
    first = [alignment.texts(b)[0] for b in alignment.beads]
    for k, bead in enumerate(alignment.beads):
        if any(len(ix) == 0 for ix in bead.indices):
            continue
        if bead.needs_review and not include_review:
            continue
        props = [Prop("x-alignment-confidence", f"{bead.confidence:.3f}")]
        if origin:
            props.append(Prop("x-origin", origin))
        if bead.needs_review:
            props.append(Prop("x-needs-review", "yes"))
        prev = next((t for t in reversed(first[:k]) if t.strip()), None)
        nxt = next((t for t in first[k + 1 :] if t.strip()), None)
        props.extend(context_props(prev, nxt))
        variants = [
            Variant(lang, Segment.from_text(text))
            for lang, text in zip(alignment.languages, alignment.texts(bead), strict=True)
        ]
        units.append(Unit(variants=variants, props=props))
    return units


def align_files(
    files: Sequence[tuple[str, str | os.PathLike[str]]],
    *,
    segmenter: Segmenter | None = None,
    anchor_terms: AnchorTerms | None = None,
    lexicon: AnchorTerms | None = None,
    memory: MemoryEvidence | None = None,
    threshold: float = 0.6,
) -> Alignment:
    """Segment two or three text files, given as ``(language, path)``, and align them.

    Files are read as plain text (:func:`tmx.text.read_text_document`): paragraphs separated by
    blank lines, sentences by the SRX rules of each language.
    """
    documents = []
    for lang, path in files:
        doc = read_text_document(path, lang, segmenter=segmenter)
        documents.append((lang, [seg.plain for seg in doc.segments]))
    return align(
        documents, anchor_terms=anchor_terms, lexicon=lexicon, memory=memory, threshold=threshold
    )


def import_alignment(
    store: Store,
    memory: str,
    alignment: Alignment,
    *,
    origin: str,
    screen: UnitScreen | None = None,
) -> ImportReport:
    """Import the confident beads of an alignment into ``memory`` (created if missing).

    Beads flagged ``needs_review`` are not imported; write them out for a reviewer instead.
    ``screen`` (:mod:`tm.screen`, e.g. the QA policy) decides unit by unit what is stored.
    """
    try:
        store.get_memory(memory)
    except MemoryNotFound:
        store.create_memory(memory, description=f"created by alignment ({origin})")
    units = beads_to_units(alignment, origin=origin)
    report = store.import_units(memory, screened(units, screen), origin=origin)
    if screen is not None:
        screen.complete(report)
    return report
