"""Suggestions from the memories: exact, context, fuzzy and pivot matches, found through the index.

Retrieval is exact with respect to the score (:mod:`tm.score`), which is the better of a token and
(for short segments) a character similarity. The character side is retrieved by the bigram count
filter proved in :mod:`tm.characters` (:func:`_char_candidates`); the token side as follows. With
``n`` query tokens and
threshold ``t = T/100``, a TM source of ``m`` tokens can reach ``T`` only if its token similarity
``1 − d/max(n, m)`` does (penalties only lower a score), and since ``d ≥ |n − m|`` and
``d ≥ max(n, m) − shared`` (``shared`` = tokens in common, as multisets), only if

* ``⌈n·t⌉ ≤ m ≤ ⌊n/t⌋``, and
* ``shared ≥ ⌈t·max(n, m)⌉ ≥ c = ⌈n·t⌉``.

So it must contain one of the ``n − c + 1`` rarest query token occurrences (otherwise at most
``c − 1`` of its tokens can be shared); a variant longer than the query needs ``⌈t·m⌉`` shared
tokens, so a shorter prefix serves it. More generally, among the rarest tokens covering
``n − c + j`` query occurrences it shares ``j``: for a query of common words a larger ``j``, counted
by the store in its index (``Store.candidates(min_shared=...)``), returns far fewer rows than
``j = 1``; :func:`_retrieve` picks ``j`` from the document frequencies. :func:`suggest` asks the
store for those variants within each length range (a superset, with a small margin against
rounding), then scores each with the real scorer, so nothing scoring ``≥ T`` is missed:
``tests/tm/test_match.py`` compares it with ``exhaustive=True`` (every unit tokenised and scored)
on generated memories and real sentences, on every backend.

Top-k without waste: with a ``limit``, :func:`_direct` scores candidates in order of an upper
bound of their score and stops once it falls below the ``limit``-th score found; only the matches
returned are explained (diff, substitution). ``tests/tm/test_match.py`` checks the result equals
the head of the full ranking.

Match types: ``exact`` (100: identical segment), ``context`` (101: identical and the same
neighbours or context key), ``fuzzy``, ``pivot`` (through a third language). Order: score, then
exact region of the languages, memory priority, change date (newest first), unit id.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from mkutano.tmx import (
    LanguageTagError,
    Segment,
    Unit,
    Variant,
    base_language,
    format_tagged,
    language_match,
    tag_dict,
)
from mkutano.tmx import normalize_language as _normalize

from .characters import CHAR_MAX, EVERY_SHORT, char_counts, char_text, gram_counts, is_short
from .charscan import char_matches
from .errors import InvalidInputError
from .penalties import DEFAULT_POLICY, PenaltyPolicy
from .placeables import Substitution
from .score import DiffOp, Penalty, diff, score_segments, upper_bound
from .store import IndexedVariant, Store, StoredUnit
from .tags import adapt
from .tokens import index_tokens

__all__ = ["CONTEXT_PROPS", "PIVOT_PENALTY", "Match", "rank_variants", "suggest", "suggest_batch"]

MatchType = Literal["exact", "context", "fuzzy", "pivot", "subsegment"]
PivotMode = Literal["auto", "always", "never"]

#: Unit ``<prop>`` types read as context: neighbours (OmegaT's ``prev``/``next``, Maxprograms'
#: ``prev-en-fr``/``next-en-fr``) and context keys (OmegaT's ``id``, ``x-context``, ``context``).
CONTEXT_PROPS: dict[str, tuple[str, ...]] = {
    "prev": ("prev", "x-prev"),
    "next": ("next", "x-next"),
    "key": ("id", "x-context", "context"),
}
#: Points a pivot match loses on top of its two legs' shortfalls.
PIVOT_PENALTY = 5.0
#: The lowest score the second leg of a pivot (pivot text → target) may have.
PIVOT_LEG_THRESHOLD = 90.0
_PIVOT_FIRST_LEGS = 10
_MARGIN = 0.01  # scores are rounded to 2 decimals: fetch what could round up to T
_MAX_SHARED = 4  # the most query token occurrences a prefix filter may require
_INDEX_ROW_COST = 0.06  # an index row counted by the store, against one row returned (measured)
_FEW_ROWS = 500  # below this many postings the plain prefix filter (j = 1) is cheap enough
#: Above this many postings the character filter would read, the short texts of the length band
#: are scored in memory instead (:mod:`tm.charscan`: exact, and cheaper than reading them).
_SCAN_ROWS = 2000
_TMX_DATE = re.compile(r"^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z?$")


@dataclass
class Match:
    """One suggestion. :meth:`as_dict` is what the CLI and the HTTP API return."""

    score: float
    type: MatchType
    source: Segment  # the TM source
    target: Segment  # the TM target with the query's placeables substituted
    tm_target: Segment  # the TM target as stored
    penalties: tuple[Penalty, ...]
    diff: list[DiffOp]
    substitutions: list[Substitution]
    unit_id: int
    memory: str
    source_lang: str
    target_lang: str
    provenance: dict[str, Any]
    pivot: dict[str, Any] | None = None
    subsegment: dict[str, Any] | None = None  # the query span a subsegment match covers
    base: float = 0.0  # similarity before penalties
    basis: str = "tokens"  # which similarity ``base`` is: "tokens" or "characters"
    sort_key: tuple[Any, ...] = field(default=(), repr=False, compare=False)
    # the query, until the diff and substitutions are worked out (only for matches returned)
    query: Segment | None = field(default=None, repr=False, compare=False)
    raw_target_lang: str = field(default="", repr=False, compare=False)

    def as_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "type": self.type,
            "source": format_tagged(self.source),
            "target": format_tagged(self.target),
            "target_tags": [tag_dict(t) for t in self.target.tags],
            "tm_target": format_tagged(self.tm_target),
            "penalties": [p.as_dict() for p in self.penalties],
            "diff": [d.as_dict() for d in self.diff],
            "substitutions": [s.as_dict() for s in self.substitutions],
            "unit_id": self.unit_id,
            "memory": self.memory,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "provenance": dict(self.provenance),
            "pivot": self.pivot,
            "subsegment": self.subsegment,
            "basis": self.basis,
        }


def _lang(tag: str, what: str) -> str:
    try:
        return _normalize(tag)
    except LanguageTagError as exc:
        raise InvalidInputError(f"{what}: {exc} (use a tag such as it, en, sw-KE)") from None


def _as_segment(text: str | Segment) -> Segment:
    return text if isinstance(text, Segment) else Segment.from_text(text)


def _iso(date: str) -> str:
    m = _TMX_DATE.match(date.strip())
    return f"{m[1]}-{m[2]}-{m[3]}T{m[4]}:{m[5]}:{m[6]}Z" if m else date.strip()


def _prop(unit: Unit, names: tuple[str, ...], prefix: str | None = None) -> str | None:
    for p in unit.props:
        t = p.type.lower()
        if t in names or (prefix is not None and t.startswith(prefix + "-")):
            return p.text
    return None


def _same_context(unit: Unit, prev: str | None, next: str | None, key: str | None) -> bool:
    if key is not None and _prop(unit, CONTEXT_PROPS["key"]) == key:
        return True
    checked = False
    for given, kind in ((prev, "prev"), (next, "next")):
        if given is None:
            continue
        recorded = _prop(unit, CONTEXT_PROPS[kind], kind)
        if recorded is None:
            continue
        if recorded.strip() != given.strip():
            return False
        checked = True
    return checked


def _provenance(stored: StoredUnit, target: Variant) -> dict[str, Any]:
    a, t = stored.unit.attrs, target.attrs
    usage = t.get("usagecount") or a.get("usagecount")
    return {
        "origin": stored.origin,
        "creationid": t.get("creationid") or a.get("creationid"),
        "creationdate": t.get("creationdate") or a.get("creationdate") or stored.created_at,
        "changeid": t.get("changeid") or a.get("changeid"),
        "changedate": t.get("changedate") or a.get("changedate") or stored.updated_at,
        "usagecount": int(usage) if usage and usage.isdigit() else 0,
        "project": stored.project,
    }


def _retrieve(
    store: Store, tokens: Sequence[str], lang: str, threshold: float, memories: Sequence[str] | None
) -> list[IndexedVariant]:
    """Every indexed variant whose token similarity can reach ``threshold`` (a superset).

    A variant of ``m`` tokens needs ``c = ⌈t·max(n, m)⌉`` token occurrences in common with the
    query. Rank the query's distinct tokens rarest first; if the first ``k`` of them cover
    ``n − c + j`` occurrences, at most ``c − j`` shared ones lie outside them, so the variant
    holds prefix tokens worth ``≥ j`` occurrences, hence at least ``r`` distinct ones (the fewest
    prefix tokens whose query counts reach ``j``). The store counts that in its index
    (``min_shared=r``); ``j`` is chosen per length piece to keep the rows read small.
    """
    n = len(tokens)
    if n == 0:
        return store.variants_without_tokens(lang, memories=memories)
    t = max(min(threshold, 100.0) - _MARGIN, 0.5) / 100.0
    shortest = max(1, math.ceil(n * t - 1e-9))
    longest = math.floor(n / t + 1e-9)
    counts = Counter(tokens)
    df = store.document_frequencies(lang, set(counts))
    ranked = sorted(counts, key=lambda tok: (df.get(tok, 0), tok))
    # pieces of the length range needing the same number of shared occurrences: [(lo, hi, c)]
    pieces = [(shortest, n, shortest)]
    for m in range(n + 1, longest + 1):
        need = max(1, math.ceil(t * m - 1e-9))
        lo, _hi, last = pieces[-1]
        pieces[-1:] = [(lo, m, need)] if need == last else [pieces[-1], (m, m, need)]
    found: dict[tuple[int, int], IndexedVariant] = {}
    total: list[int] = []  # indexed variants, read once and only for costly queries
    for lo, hi, need in pieces:
        options = _options(ranked, counts, df, n, need)
        if not options:
            continue
        if options[0].rows <= _FEW_ROWS or len(options) == 1:
            chosen = options[0]  # few rows anyway: the plain prefix filter
        else:
            if not total:
                total.append(sum(mem.units for mem in store.list_memories()))
            chosen = _choose(options, max(total[0], max(df.values()), 1))
        for v in store.candidates(
            lang,
            chosen.prefix,
            min_length=lo,
            max_length=hi,
            memories=memories,
            min_shared=chosen.min_shared,
        ):
            found[(v.unit_id, v.variant_index)] = v
    return list(found.values())


def _char_candidates(
    store: Store, tokens: Sequence[str], lang: str, threshold: float, memories: Sequence[str] | None
) -> list[IndexedVariant]:
    """Every indexed variant whose character similarity can reach ``threshold`` (a superset).

    The count filters proved in :mod:`tm.characters`: for each length ``l`` of the band the
    threshold implies, the bigram occurrences and the character occurrences shared with the query
    text that a text of ``l`` characters needs, asked of the index with the same generalised
    prefix filter as tokens (:func:`_options`), whichever is cheaper; where neither need be
    shared, every short variant of that length.
    """
    text = char_text(tokens)
    if not is_short(text):
        return []
    t = max(min(threshold, 100.0) - _MARGIN, 0.5) / 100.0
    size = len(text)
    shortest = max(1, math.ceil(size * t / (2.0 - t) - 1e-9))
    longest = min(CHAR_MAX, math.floor(size * (2.0 - t) / t + 1e-9))
    grams, chars = gram_counts(text), char_counts(text)
    # (lo, hi, bigram occurrences needed, character occurrences needed)
    pieces: list[tuple[int, int, int, int]] = []
    for m in range(shortest, longest + 1):
        edits = math.floor((1.0 - t) * (size + m) + 1e-9)
        needs = (max(0, size + 1 - 2 * edits), max(0, math.ceil((size + m - edits) / 2)))
        if pieces and pieces[-1][2:] == needs:
            pieces[-1] = (pieces[-1][0], m, *needs)
        else:
            pieces.append((m, m, *needs))
    df = store.document_frequencies(lang, set(grams) | set(chars) | {EVERY_SHORT})
    by_gram = sorted(grams, key=lambda g: (df.get(g, 0), g))
    by_char = sorted(chars, key=lambda g: (df.get(g, 0), g))
    total: list[int] = []
    asks: list[tuple[int, int, list[str], int, int]] = []  # lo, hi, prefix, shared, rows
    for lo, hi, need_grams, need_chars in pieces:
        options: list[_Option] = []
        impossible = False
        for ranked, counts, n, need in (
            (by_gram, grams, size + 1, need_grams),
            (by_char, chars, size, need_chars),
        ):
            if need > 0:
                got = _options(ranked, counts, df, n, need)
                impossible = impossible or not got
                options += got
        if impossible:
            continue  # one of the filters proves no variant of these lengths qualifies
        if not options:
            asks.append((lo, hi, [EVERY_SHORT], 1, df[EVERY_SHORT]))
        else:
            if not total:
                total.append(sum(mem.units for mem in store.list_memories()))
            chosen = _choose(options, max(total[0], max(df.values(), default=1), 1))
            asks.append((lo, hi, chosen.prefix, chosen.min_shared, chosen.rows))
    if not asks:
        return []
    if sum(a[-1] for a in asks) > _SCAN_ROWS:  # the filters prove little: score in memory
        band = (asks[0][0], asks[-1][1])
        return char_matches(store, text, lang, *band, 100.0 * t - _MARGIN, memories)
    found: dict[tuple[int, int], IndexedVariant] = {}
    for lo, hi, prefix, shared, _ in asks:
        for v in store.candidates(
            lang, prefix, min_length=lo, max_length=hi, memories=memories, min_shared=shared
        ):
            found[(v.unit_id, v.variant_index)] = v
    return list(found.values())


@dataclass(frozen=True)
class _Option:
    """One way to ask the index: the variants holding ``min_shared`` of ``prefix`` (whose
    document frequencies are ``freqs``)."""

    shared: int  # j: query token occurrences the prefix must hold
    prefix: list[str]
    min_shared: int
    freqs: tuple[int, ...]

    @property
    def rows(self) -> int:
        return sum(self.freqs)


def _options(
    ranked: Sequence[str], counts: Mapping[str, int], df: Mapping[str, int], n: int, need: int
) -> list[_Option]:
    """The prefix filters that are exact for variants needing ``need`` shared occurrences.

    For ``j`` = 1, 2...: the rarest distinct tokens covering ``n − need + j`` query occurrences,
    and the fewest of them whose query counts add up to ``j`` (a token repeated in the query
    may account for several shared occurrences). Empty when no indexed variant can qualify.
    """
    out: list[_Option] = []
    for j in range(1, min(need, _MAX_SHARED) + 1):
        covered, k = 0, 0
        while covered < n - need + j:
            covered += counts[ranked[k]]
            k += 1
        prefix = [tok for tok in ranked[:k] if df.get(tok, 0) > 0]
        weights = sorted((counts[tok] for tok in prefix), reverse=True)
        r, reach = 0, 0
        while r < len(weights) and reach < j:
            reach += weights[r]
            r += 1
        if reach < j:
            return []  # no variant holds prefix tokens worth j occurrences: none qualifies
        freqs = tuple(df[tok] for tok in prefix)
        if out and out[-1].min_shared == r and out[-1].prefix == prefix:
            continue
        out.append(_Option(j, prefix, r, freqs))
    return out


def _choose(options: Sequence[_Option], total: int) -> _Option:
    """The option of least estimated cost: postings counted by the store (cheap, in C) plus
    rows it returns (decoded and scored in Python), these estimated as if tokens occurred
    independently in ``total`` variants."""

    def cost(o: _Option) -> float:
        # P(at least min_shared of the prefix tokens), a Poisson-binomial tail
        dist = [1.0] + [0.0] * o.min_shared  # dist[i]: P(i present), the last: P(≥ min_shared)
        for f in o.freqs:
            p = min(1.0, f / total)
            for i in range(o.min_shared, 0, -1):
                dist[i] = dist[i] * (1.0 if i == o.min_shared else 1.0 - p) + dist[i - 1] * p
            dist[0] *= 1.0 - p
        returned = min(o.rows, total * dist[-1])
        return o.rows * _INDEX_ROW_COST + returned

    return min(options, key=cost)


def _scan(store: Store, lang: str, memories: Sequence[str] | None) -> list[IndexedVariant]:
    """Every variant of ``lang``, tokenised now: the reference the index is checked against."""
    out: list[IndexedVariant] = []
    for stored in store.iter_units(memories=memories, languages=[lang]):
        for i, v in enumerate(stored.unit.variants):
            try:
                if language_match(lang, v.lang):
                    toks = tuple(index_tokens(v.text, v.lang))
                    out.append(
                        IndexedVariant(stored.id, i, stored.memory, _normalize(v.lang), toks)
                    )
            except LanguageTagError:
                continue
    return out


def _best_target(unit: Unit, source_index: int, target_lang: str) -> tuple[int, Variant] | None:
    best: tuple[int, int, Variant] | None = None
    for i, v in enumerate(unit.variants):
        if i == source_index or not v.segment.parts:
            continue
        try:
            rank = language_match(target_lang, v.lang)
        except LanguageTagError:
            continue
        if rank and (best is None or rank > best[0]):
            best = (rank, i, v)
    return (best[0], best[2]) if best else None


def _candidates(
    store: Store,
    tokens: Sequence[str],
    src: str,
    threshold: float,
    memories: Sequence[str] | None,
    exhaustive: bool,
) -> list[IndexedVariant]:
    if exhaustive:
        return _scan(store, src, memories)
    found = {
        (v.unit_id, v.variant_index): v for v in _retrieve(store, tokens, src, threshold, memories)
    }
    for v in _char_candidates(store, tokens, src, threshold, memories):
        found.setdefault((v.unit_id, v.variant_index), v)
    return [found[k] for k in sorted(found)]


def _direct(
    store: Store,
    query: Segment,
    tokens: Sequence[str],
    src: str,
    tgt: str,
    threshold: float,
    memories: Sequence[str] | None,
    context: tuple[str | None, str | None, str | None],
    exhaustive: bool,
    given: Sequence[IndexedVariant] | None = None,
    policy: PenaltyPolicy = DEFAULT_POLICY,
    limit: int | None = None,
) -> list[Match]:
    """The matches of the candidates, one per unit; with ``limit``, only those that can be among
    the best ``limit`` by score (the others scoring no more than the ``limit``-th are left out).

    Candidates are scored in order of their upper bound (:func:`tm.score.upper_bound`, 101 for a
    possible context match); once the bound of the next one is below the ``limit``-th best score
    found, none of the rest can enter the top, so they are neither fetched nor scored. A tie in
    score is still scored (the order breaks ties by region, priority, date and id). The matches
    are left unexplained (:func:`_explain` adds diff and substitutions to the ones returned).
    """
    cands = (
        list(given)
        if given is not None
        else _candidates(store, tokens, src, threshold, memories, exhaustive)
    )
    floor = min(threshold, 100.0) - _MARGIN
    with_context = any(c is not None for c in context)
    # cheap bound first; only survivors are loaded and fully scored, best bound first
    ranked: list[tuple[float, IndexedVariant]] = []
    for c in cands:
        bound = upper_bound(tokens, c.tokens)
        if bound >= floor:
            ranked.append((101.0 if bound >= 100.0 and with_context else bound, c))
    if not ranked:
        return []
    ranked.sort(key=lambda bc: -bc[0])  # stable: ties keep the candidates' order
    best: dict[int, Match] = {}
    step = max(2 * limit, 8) if limit is not None else len(ranked)  # units fetched at a time
    kth = -math.inf  # the limit-th best score so far: below it nothing enters the top
    for start in range(0, len(ranked), step):
        piece = ranked[start : start + step]
        if limit is not None and len(best) >= limit:
            kth = heapq.nlargest(limit, (m.score for m in best.values()))[-1]
            if piece[0][0] < kth:
                break
            piece = [bc for bc in piece if bc[0] >= kth]
        units = {s.id: s for s in store.get_units(sorted({c.unit_id for _, c in piece}))}
        for _, c in piece:
            stored = units.get(c.unit_id)
            if stored is not None:
                _score_one(
                    query, tokens, src, tgt, threshold, context, c, stored, best, policy, kth
                )
    return list(best.values())


def _score_one(
    query: Segment,
    tokens: Sequence[str],
    src: str,
    tgt: str,
    threshold: float,
    context: tuple[str | None, str | None, str | None],
    c: IndexedVariant,
    stored: StoredUnit,
    best: dict[int, Match],
    policy: PenaltyPolicy = DEFAULT_POLICY,
    kth: float = -math.inf,
) -> None:
    """Score candidate ``c`` of unit ``stored``; keep it in ``best`` if it is its unit's best.

    The score is final here (placeables the target keeps and the memory's and origin's penalties
    included: they only lower it, so the upper bound that ordered the candidates still holds);
    only the diff is left to :func:`_explain`. A candidate whose score before those is already
    below ``kth`` (the ``limit``-th best found) cannot enter the top: it is not substituted."""
    if c.variant_index >= len(stored.unit.variants):
        return
    src_variant = stored.unit.variants[c.variant_index]
    target = _best_target(stored.unit, c.variant_index, tgt)
    if target is None:
        return
    tgt_rank, tgt_variant = target
    sc = score_segments(query, tokens, src_variant.segment, c.tokens)
    value, kind = sc.value, "fuzzy"
    if value >= 100.0:
        kind = "exact"
        if _same_context(stored.unit, *context):
            value, kind = 101.0, "context"
    if value < threshold or value < kth:
        return
    new_target, subs, value, penalties = adapt(
        query, src_variant.segment, tgt_variant.segment, target_lang=tgt_variant.lang,
        score=value, penalties=sc.penalties,
    )  # fmt: skip
    value, penalties = policy.apply(value, penalties, stored)
    if value < threshold:
        return
    prov = _provenance(stored, tgt_variant)
    region = language_match(src, c.lang) + tgt_rank
    m = Match(
        score=value,
        type=kind,  # type: ignore[arg-type]
        source=src_variant.segment,
        target=new_target,
        tm_target=tgt_variant.segment,
        penalties=penalties,
        diff=[],
        substitutions=subs,
        unit_id=stored.id,
        memory=stored.memory,
        source_lang=_normalize(src_variant.lang),
        target_lang=_normalize(tgt_variant.lang),
        provenance=prov,
        base=sc.base,
        basis=sc.basis,
        sort_key=(-value, -region, 0, _desc(prov), stored.id),
        query=query,
        raw_target_lang=tgt_variant.lang,
    )
    old = best.get(stored.id)
    if old is None or m.sort_key < old.sort_key:
        best[stored.id] = m


def _explain(matches: list[Match]) -> list[Match]:
    """Add the diff to direct matches (done only for the ones returned: it costs more than the
    score)."""
    for m in matches:
        if m.query is not None:
            m.diff = diff(m.query, m.source)
            m.query = None
    return matches


def _by_priority(store: Store, matches: list[Match]) -> list[Match]:
    """Sort ``matches``, reading memory priorities only when they come from several memories."""
    if len({m.memory for m in matches}) > 1:
        priority = {mem.name: mem.priority for mem in store.list_memories()}
        for m in matches:
            k = m.sort_key
            m.sort_key = (k[0], k[1], -priority.get(m.memory, 0), *k[3:])
    return sorted(matches, key=lambda m: m.sort_key)


def _desc(prov: Mapping[str, Any]) -> tuple[int, ...]:
    """A key sorting newer change dates first."""
    date = _iso(str(prov.get("changedate") or ""))[:32]
    return tuple(-ord(ch) for ch in date.ljust(32, "\0"))


def _pivot(
    store: Store,
    query: Segment,
    tokens: Sequence[str],
    src: str,
    tgt: str,
    pivot_lang: str,
    threshold: float,
    memories: Sequence[str] | None,
    policy: PenaltyPolicy = DEFAULT_POLICY,
) -> list[Match]:
    first = _direct(
        store,
        query,
        tokens,
        src,
        pivot_lang,
        threshold,
        memories,
        (None, None, None),
        False,
        policy=policy,
        limit=_PIVOT_FIRST_LEGS,
    )
    first.sort(key=lambda m: m.sort_key)
    best: dict[int, Match] = {}
    for leg1 in _explain(first[:_PIVOT_FIRST_LEGS]):
        pivot_text = leg1.tm_target
        p_tokens = index_tokens(pivot_text.plain, pivot_lang)
        legs2 = _direct(
            store,
            pivot_text,
            p_tokens,
            pivot_lang,
            tgt,
            PIVOT_LEG_THRESHOLD,
            memories,
            (None, None, None),
            False,
            policy=policy,
        )
        for leg2 in legs2:
            if leg2.unit_id == leg1.unit_id:
                continue
            s2 = min(leg2.score, 100.0)
            points = round(PIVOT_PENALTY + (100.0 - s2), 2)
            # the first leg's placeables penalty was for the pivot text: counted for the target
            leg1_penalties = [p for p in leg1.penalties if p.name != "placeables"]
            own = sum(p.points for p in leg1.penalties if p.name == "placeables")
            value = max(0.0, round(min(leg1.score + own, 100.0) - points, 2))
            if value < threshold:
                continue
            new_target, subs, value, kept = adapt(
                query, leg1.source, leg2.tm_target, target_lang=leg2.target_lang, score=value
            )
            if value < threshold:
                continue
            penalty = Penalty(
                "pivot",
                points,
                f"through {pivot_lang} (units {leg1.unit_id} and {leg2.unit_id},"
                f" second leg {s2:g})",
            )
            m = Match(
                score=value,
                type="pivot",
                source=leg1.source,
                target=new_target,
                tm_target=leg2.tm_target,
                penalties=(*leg1_penalties, penalty, *kept),
                diff=leg1.diff,
                substitutions=subs,
                unit_id=leg2.unit_id,
                memory=leg2.memory,
                source_lang=leg1.source_lang,
                target_lang=leg2.target_lang,
                provenance=leg2.provenance,
                pivot={
                    "lang": pivot_lang,
                    "text": str(pivot_text),
                    "source_unit_id": leg1.unit_id,
                    "scores": [leg1.score, leg2.score],
                },
                base=leg1.base,
                sort_key=(-value, *leg2.sort_key[1:]),
            )
            old = best.get(m.unit_id)
            if old is None or m.sort_key < old.sort_key:
                best[m.unit_id] = m
    return list(best.values())


def suggest(
    store: Store,
    text: str | Segment,
    *,
    source_lang: str,
    target_lang: str,
    prev: str | None = None,
    next: str | None = None,
    context_key: str | None = None,
    threshold: float = 75.0,
    limit: int | None = 5,
    memories: Sequence[str] | None = None,
    pivot_langs: Sequence[str] = ("en",),
    pivot: PivotMode = "auto",
    exhaustive: bool = False,
    penalties: PenaltyPolicy = DEFAULT_POLICY,
    subsegments: bool = False,
) -> list[Match]:
    """Return the best matches for ``text`` (a plain string, or a :class:`tmx.Segment` whose tags
    count) from ``source_lang`` to ``target_lang``, best first.

    ``threshold``: lowest score kept (1–101). ``limit``: most matches returned (None: all).
    ``prev``/``next``/``context_key``: the segment's context, turning an exact match into a
    context match (101). ``pivot``: ``auto`` looks through ``pivot_langs`` only when there is no
    direct match, ``always`` adds pivot matches, ``never`` does not look. ``exhaustive``: score
    every unit instead of using the index (slow; for checking the index). ``penalties``: points
    taken off by memory and origin (:class:`tm.penalties.PenaltyPolicy`). ``subsegments``: when
    nothing reaches ``threshold``, return pieces of the query instead (:mod:`tm.subsegment`).
    """
    src, tgt = _lang(source_lang, "source language"), _lang(target_lang, "target language")
    if not 1.0 <= threshold <= 101.0:
        raise InvalidInputError(f"threshold {threshold:g} out of range: use 1 to 101")
    if limit is not None and limit < 1:
        raise InvalidInputError(f"limit {limit} out of range: use 1 or more")
    if pivot not in ("auto", "always", "never"):
        raise InvalidInputError(f"pivot mode {pivot!r}: use auto, always or never")
    query = _as_segment(text)
    tokens = index_tokens(query.plain, src)
    context = (prev, next, context_key)
    # with pivot matches added, a direct match outside the top still hides its unit's pivot one
    pruned = limit if pivot != "always" else None
    matches = _direct(
        store,
        query,
        tokens,
        src,
        tgt,
        threshold,
        memories,
        context,
        exhaustive,
        policy=penalties,
        limit=pruned,
    )
    if pivot == "always" or (pivot == "auto" and not matches):
        seen = {m.unit_id for m in matches}
        for p in pivot_langs:
            p_lang = _lang(p, "pivot language")
            if base_language(p_lang) in (base_language(src), base_language(tgt)):
                continue
            for m in _pivot(store, query, tokens, src, tgt, p_lang, threshold, memories, penalties):
                if m.unit_id not in seen:
                    seen.add(m.unit_id)
                    matches.append(m)
    matches = _by_priority(store, matches)
    if subsegments and not matches:
        from .subsegment import subsegment_matches  # it builds on this module

        return subsegment_matches(store, query, tokens, src, tgt, memories=memories, limit=limit)
    return _explain(matches if limit is None else matches[:limit])


def rank_variants(
    store: Store,
    text: str | Segment,
    variants: Sequence[IndexedVariant],
    *,
    source_lang: str,
    target_lang: str,
    threshold: float = 75.0,
    prev: str | None = None,
    next: str | None = None,
    context_key: str | None = None,
) -> list[Match]:
    """Score ``variants`` (e.g. every variant, from an exhaustive scan) exactly as :func:`suggest`
    scores the ones the index finds; return the matches reaching ``threshold``, best first.

    This is the reference :func:`suggest`'s retrieval is measured against (no pivot, no limit).
    """
    src, tgt = _lang(source_lang, "source language"), _lang(target_lang, "target language")
    query = _as_segment(text)
    tokens = index_tokens(query.plain, src)
    found = _direct(
        store, query, tokens, src, tgt, threshold, None, (prev, next, context_key), False, variants
    )
    return _explain(_by_priority(store, found))


def suggest_batch(
    store: Store,
    items: Iterable[Mapping[str, Any]],
    *,
    source_lang: str,
    target_lang: str,
    **options: Any,
) -> Iterator[tuple[Any, list[Match]]]:
    """Yield ``(id, matches)`` for each item ``{"id", "text", "prev"?, "next"?, "context_key"?}``.

    ``options`` are those of :func:`suggest` (threshold, limit, memories, pivot...).
    """
    for n, item in enumerate(items, 1):
        text = item.get("text")
        if not isinstance(text, str | Segment):
            raise InvalidInputError(f"item {n}: 'text' missing or not a string")
        yield (
            item.get("id", n),
            suggest(
                store,
                text,
                source_lang=source_lang,
                target_lang=target_lang,
                prev=item.get("prev"),
                next=item.get("next"),
                context_key=item.get("context_key"),
                **options,
            ),
        )
