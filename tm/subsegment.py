"""Sub-segment matches: pieces of the query the memory knows, when no whole segment matches.

Two kinds, both returned as :class:`tm.match.Match` of type ``subsegment`` whose ``subsegment``
field holds the ``span`` (character offsets in the query's plain text, end excluded):

* **units** (``"kind": "unit"``): stored units whose whole source, as normalised tokens
  (:func:`tm.tokens.index_tokens`), occurs contiguously in the query's tokens and is shorter
  than the query, with the unit's translation (the query's numbers and dates put in, as for a
  whole match: :func:`tm.placeables.substitute`);
* **phrases** (``"kind": "phrase"``): the longest runs of query tokens (at least two content
  words, :data:`tm.stopwords.STOP_WORDS` not counted; starting and ending with one; not crossing
  punctuation or a number) that occur in at least ``min_count`` units, with their renderings in the target
  language read from the same units (``count``: units where phrase and rendering occur together;
  ``dice``: ``2·both / (units with the phrase + units whose target has the rendering)``, as the
  term candidates of :mod:`glossaries.candidates` score them).

The score of either is the share of the query's tokens the piece covers (a whole-segment token
similarity, which is below the threshold when this is asked).

Exact retrieval of units. A unit of ``m`` tokens is contained iff its tokens equal a window
``q[i:i+m]`` of the ``n`` query tokens; it then holds every token of that window, in particular
the window's rarest one (by document frequency; a window with a token the index has never seen
cannot be a unit). So the set ``P_m`` of the rarest tokens of the windows of length ``m`` is an
exact prefix filter: every contained unit of length ``m`` is posted under one of ``P_m``, and
:meth:`tm.store.Store.candidates` with that length reads only those postings. Lengths with the
same ``P_m`` are asked together; each candidate is then checked against the windows. Nothing is
missed: ``tests/tm/test_subsegment.py`` compares it with a scan of every unit on every backend
(hypothesis). Phrases are found the same way: a unit holding a phrase holds its content words,
so the units posted under all of its rarest ones (``min_shared``; a word far more common than the
rarest is left out, its postings cost more than they filter) are a superset, checked for the run.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from mkutano.tmx import Segment, base_language
from mkutano.tmx import normalize_language as _normalize

from .errors import InvalidInputError
from .match import Match, _best_target, _lang, _provenance, _scan
from .placeables import Substitution, substitute, with_kept_penalty
from .score import Penalty
from .stopwords import STOP_WORDS
from .store import IndexedVariant, Store, StoredUnit
from .tokens import NUMBER_TOKEN, index_tokens

__all__ = ["Rendering", "subsegment_matches", "subsegments", "token_spans"]

#: The weakest association (Dice) a rendering may have: below it, the phrase is not offered.
MIN_DICE = 0.3
#: Units read to find a phrase's renderings (the most recent ones).
SAMPLE_UNITS = 50
#: Renderings whose frequency in the target language is asked of the index, per phrase.
_RENDERING_CANDIDATES = 4
_RENDERINGS = 3  # renderings returned per phrase
_MAX_RENDERING_EXTRA = 2  # a rendering may be this many words longer than the phrase
_NO_LIMIT = 1 << 30
_PREFIX_WORDS = 3  # the rarest content words of a phrase its units are looked up by
# a word whose postings are this many times longer than the rarest one's is left out of the
# look-up: the intersection is no smaller than the rarest word's postings allow, and reading a
# very common word's postings (Swahili ``ya``, ``wa``) was most of a slow query's time
_PREFIX_SPREAD = 8
_NUMBER = re.compile(r"[-+]?\d[\d.,:/\-]*")
# between two tokens, what ends a clause (a hyphen or apostrophe inside a word does not)
_CLAUSE = re.compile(r"[.,;:!?()\[\]{}\"«»“”„|•–—/]|\s-\s")
_MARKS = str.maketrans({"’": "'", "‘": "'", "´": "'", "`": "'", "–": "-"})


@dataclass(frozen=True)
class Rendering:
    """A target-language phrase aligned with a query phrase in the memory's units."""

    text: str
    count: int  # units (of those read) where both occur
    dice: float

    def as_dict(self) -> dict[str, Any]:
        return {"text": self.text, "count": self.count, "dice": self.dice}


def token_spans(text: str, tokens: Sequence[str]) -> list[tuple[int, int]]:
    """The character span in ``text`` of each of its ``tokens`` (from :func:`index_tokens`).

    Tokens are found in order in a case-folded copy of the text (apostrophes and dashes as the
    tokeniser normalises them; ``<num>`` as the number it stands for). A token the tokeniser
    rewrote beyond that gets an empty span where the previous one ended.
    """
    folded = text.translate(_MARKS)
    if len(folded.casefold()) == len(folded):
        folded = folded.casefold()
    else:  # ß, ŉ...: fold character by character where that keeps the length
        folded = "".join(c.casefold() if len(c.casefold()) == 1 else c for c in folded)
    spans: list[tuple[int, int]] = []
    pos = 0
    for tok in tokens:
        if tok == NUMBER_TOKEN:
            m = _NUMBER.search(folded, pos)
            start, end = (m.start(), m.end()) if m else (-1, -1)
        else:
            start = folded.find(tok, pos)
            end = start + len(tok)
        if start < 0:
            spans.append((pos, pos))
            continue
        spans.append((start, end))
        pos = end
    return spans


def _clauses(text: str, tokens: Sequence[str], spans: Sequence[tuple[int, int]]) -> list[int]:
    """The clause number of each token: it changes where punctuation stands between two, and a
    number is a clause of its own (a phrase's rendering would carry the memory's number)."""
    out: list[int] = []
    clause = 0
    for k, (start, _) in enumerate(spans):
        if k and _CLAUSE.search(text, spans[k - 1][1], max(start, spans[k - 1][1])):
            clause += 1
        if tokens[k] == NUMBER_TOKEN or (k and tokens[k - 1] == NUMBER_TOKEN):
            clause += 1
        out.append(clause)
    return out


def _is_content(tok: str, stop: frozenset[str]) -> bool:
    """A word that carries meaning: not a function word, a number, a clitic (``'s``) or a lone
    letter (the ``G`` of ``Super-G``)."""
    word = tok.rstrip("'")
    return (
        tok != NUMBER_TOKEN
        and not tok.startswith("'")
        and word not in stop
        and sum(c.isalpha() for c in word) >= 2
    )


def _occurs(part: Sequence[str], whole: Sequence[str]) -> int:
    """The first position of ``part`` in ``whole``, or -1."""
    m = len(part)
    if m == 0 or m > len(whole):
        return -1
    first = part[0]
    for i in range(len(whole) - m + 1):
        if whole[i] == first and tuple(whole[i : i + m]) == tuple(part):
            return i
    return -1


def contained_variants(
    store: Store,
    tokens: Sequence[str],
    lang: str,
    *,
    memories: Sequence[str] | None = None,
    min_tokens: int = 2,
    exhaustive: bool = False,
) -> dict[int, tuple[IndexedVariant, int]]:
    """Every unit with a ``lang`` variant whose tokens occur contiguously in ``tokens`` (at least
    ``min_tokens`` of them): ``{unit_id: (variant, first token position)}``, the longest such
    variant of each unit. ``exhaustive`` tokenises every unit instead of asking the index."""
    q = list(tokens)
    n = len(q)
    if n < min_tokens:
        return {}
    if exhaustive:
        cands: Iterable[IndexedVariant] = _scan(store, lang, memories)
    else:
        df = store.document_frequencies(lang, set(q))
        pieces: list[tuple[int, int, frozenset[str]]] = []  # (lo, hi, prefix)
        for m in range(max(1, min_tokens), n + 1):
            rarest = frozenset(
                min(window, key=lambda t: (df.get(t, 0), t))
                for window in (q[i : i + m] for i in range(n - m + 1))
                if all(df.get(t, 0) > 0 for t in window)
            )
            if not rarest:
                continue  # every window holds a token no variant has (so do longer ones)
            if pieces and pieces[-1][2] == rarest and pieces[-1][1] == m - 1:
                pieces[-1] = (pieces[-1][0], m, rarest)
            else:
                pieces.append((m, m, rarest))
        found: dict[tuple[int, int], IndexedVariant] = {}
        for lo, hi, prefix in pieces:
            for v in store.candidates(
                lang, sorted(prefix), min_length=lo, max_length=hi, memories=memories
            ):
                found[(v.unit_id, v.variant_index)] = v
        cands = [found[k] for k in sorted(found)]
    best: dict[int, tuple[IndexedVariant, int]] = {}
    for v in cands:
        if len(v.tokens) < min_tokens:
            continue
        at = _occurs(v.tokens, q)
        if at < 0:
            continue
        old = best.get(v.unit_id)
        if old is None or len(v.tokens) > len(old[0].tokens):
            best[v.unit_id] = (v, at)
    return best


def _prefix(words: Iterable[str], df: Mapping[str, int]) -> list[str]:
    """The words a run's units are looked up by: its rarest word and up to ``_PREFIX_WORDS - 1``
    more that are not ``_PREFIX_SPREAD`` times as common (a unit holding the run holds them all,
    so any of them is an exact filter; the candidates are checked for the run afterwards)."""
    ranked = sorted(words, key=lambda t: (df.get(t, 0), t))[:_PREFIX_WORDS]
    if not ranked:
        return []
    cap = _PREFIX_SPREAD * max(df.get(ranked[0], 0), 1)
    return sorted(t for t in ranked if df.get(t, 0) <= cap)


@dataclass
class _Phrase:
    start: int  # token positions in the query, end excluded
    end: int
    occurrences: list[IndexedVariant]  # source variants holding it (one unit may give several)
    words: int  # content words

    @property
    def units(self) -> list[int]:
        return sorted({v.unit_id for v in self.occurrences})


def _phrases(
    store: Store,
    q: Sequence[str],
    clauses: Sequence[int],
    lang: str,
    memories: Sequence[str] | None,
    min_count: int,
) -> list[_Phrase]:
    """The longest recurring phrases of the query, one per start where one ends furthest."""
    stop = STOP_WORDS.get(base_language(lang), frozenset())
    content = [_is_content(t, stop) for t in q]
    n = len(q)
    out: list[_Phrase] = []
    last_end = 0
    df = store.document_frequencies(lang, {t for t, c in zip(q, content, strict=True) if c})
    for i in range(n):
        if not content[i]:
            continue
        e, words = i, 0
        while e < n and clauses[e] == clauses[i] and words < 2:
            words += content[e]
            e += 1
        if words < 2:
            continue
        if e <= last_end:  # only a phrase ending after the last one found is new: it holds this
            e = last_end + 1
            if e > n or clauses[e - 1] != clauses[i]:
                continue
        needed = {q[k] for k in range(i, e) if content[k]}
        if any(df.get(t, 0) == 0 for t in needed):
            continue
        # a unit holding the run holds its rarest content words: ask the index for those only
        prefix = _prefix(needed, df)
        occ = [
            v
            for v in store.candidates(
                lang,
                prefix,
                min_length=e - i,
                max_length=_NO_LIMIT,
                memories=memories,
                min_shared=len(prefix),
            )
            if _occurs(q[i:e], v.tokens) >= 0
        ]
        if len({v.unit_id for v in occ}) < min_count:
            continue
        best_end, best_occ = (e, occ) if content[e - 1] else (0, [])
        j = e
        while j < n and clauses[j] == clauses[i]:
            j += 1
            longer = [v for v in occ if _occurs(q[i:j], v.tokens) >= 0]
            if len({v.unit_id for v in longer}) < min_count:
                break
            occ = longer
            if content[j - 1]:
                best_end, best_occ = j, occ
        if best_end > last_end:
            out.append(_Phrase(i, best_end, best_occ, sum(content[i:best_end])))
            last_end = best_end
    return out


def _ngrams(text: str, lang: str, sizes: range) -> dict[tuple[str, ...], str]:
    """The runs of ``sizes`` tokens of ``text`` inside one clause, starting and ending with a
    content word: ``{tokens: text as written}``."""
    toks = index_tokens(text, lang)
    spans = token_spans(text, toks)
    clauses = _clauses(text, toks, spans)
    stop = STOP_WORDS.get(base_language(lang), frozenset())
    content = [_is_content(t, stop) for t in toks]
    out: dict[tuple[str, ...], str] = {}
    for i in range(len(toks)):
        if not content[i]:
            continue
        for size in sizes:
            j = i + size
            if j > len(toks) or clauses[j - 1] != clauses[i]:
                break
            if content[j - 1]:
                out.setdefault(tuple(toks[i:j]), text[spans[i][0] : spans[j - 1][1]])
    return out


def _units_with(
    store: Store, gram: Sequence[str], lang: str, memories: Sequence[str] | None
) -> int:
    """How many units have a ``lang`` variant holding the run ``gram`` (for one word in every
    memory, the index's count of variants holding it: no rows read)."""
    df = store.document_frequencies(lang, set(gram))
    if len(gram) == 1 and memories is None:
        return df.get(gram[0], 0)
    # the units holding the run hold its rarest words: only those postings are intersected
    prefix = _prefix(set(gram), df)
    return len(
        {
            v.unit_id
            for v in store.candidates(
                lang,
                prefix,
                min_length=len(gram),
                max_length=_NO_LIMIT,
                memories=memories,
                min_shared=len(prefix),
            )
            if _occurs(gram, v.tokens) >= 0
        }
    )


def _renderings(
    store: Store,
    phrase: _Phrase,
    units: Mapping[int, StoredUnit],
    tgt: str,
    memories: Sequence[str] | None,
) -> tuple[list[Rendering], dict[str, int]]:
    """The best renderings of ``phrase`` in ``tgt``, and for each the first unit showing it."""
    by_unit = {v.unit_id: v for v in phrase.occurrences}
    both: Counter[tuple[str, ...]] = Counter()
    surfaces: dict[tuple[str, ...], Counter[str]] = defaultdict(Counter)
    example: dict[tuple[str, ...], int] = {}
    size = phrase.end - phrase.start
    sizes = range(1, size + _MAX_RENDERING_EXTRA + 1)
    read = 0
    for uid in sorted(by_unit, reverse=True)[:SAMPLE_UNITS]:
        stored = units.get(uid)
        if stored is None:
            continue
        target = _best_target(stored.unit, by_unit[uid].variant_index, tgt)
        if target is None:
            continue
        read += 1
        variant = target[1]
        for gram, surface in _ngrams(variant.segment.plain, variant.lang, sizes).items():
            both[gram] += 1
            surfaces[gram][surface] += 1
            example.setdefault(gram, uid)
    if not read:
        return [], {}
    total = len(by_unit)
    floor = 2 if read > 1 else 1  # a rendering seen once among many units is noise
    ranked = sorted(
        (g for g, c in both.items() if c >= floor), key=lambda g: (-both[g], -len(g), g)
    )[:_RENDERING_CANDIDATES]
    stop = STOP_WORDS.get(base_language(tgt), frozenset())
    scored = []
    for gram in ranked:
        together = both[gram] * total / read  # scaled up when only a sample was read
        dice = min(1.0, 2 * together / (total + max(_units_with(store, gram, tgt, memories), 1)))
        # among renderings that co-occur alike, the one of the phrase's length is the likelier
        if dice < MIN_DICE:
            continue
        words = sum(_is_content(t, stop) for t in gram)
        fit = (min(words, phrase.words) / max(words, phrase.words, 1)) ** 0.5
        scored.append((round(dice, 3), round(dice * fit, 3), both[gram], gram))
    scored.sort(key=lambda s: (-s[1], -s[0], -s[2], len(s[3]), s[3]))
    out = [
        Rendering(surfaces[g].most_common(1)[0][0], count, dice)
        for dice, _, count, g in scored[:_RENDERINGS]
    ]
    first = {r.text: example[g] for r, (_, _, _, g) in zip(out, scored, strict=False)}
    return out, first


def subsegment_matches(
    store: Store,
    query: Segment,
    tokens: Sequence[str],
    src: str,
    tgt: str,
    *,
    memories: Sequence[str] | None = None,
    limit: int | None = 5,
    min_tokens: int = 2,
    min_count: int = 2,
    units: bool = True,
    phrases: bool = True,
    exhaustive: bool = False,
) -> list[Match]:
    """The sub-segment matches of ``query`` (already tokenised, languages normalised), best
    first: longer pieces first, a unit before a phrase of the same span (which is dropped)."""
    text = query.plain
    n = len(tokens)
    if n == 0:
        return []
    spans = token_spans(text, tokens)
    found = (
        contained_variants(
            store, tokens, src, memories=memories, min_tokens=min_tokens, exhaustive=exhaustive
        )
        if units
        else {}
    )
    phrase_list = (
        _phrases(store, tokens, _clauses(text, tokens, spans), src, memories, min_count)
        if phrases
        else []
    )
    # a unit covering the whole query is a whole-segment match, which did not reach the threshold
    found = {uid: va for uid, va in found.items() if len(va[0].tokens) < n}
    taken = {(at, at + len(v.tokens)) for v, at in found.values()}
    phrase_list = [p for p in phrase_list if (p.start, p.end) not in taken]
    stored = {s.id: s for s in store.get_units(sorted(found))}
    out: list[Match] = []

    def piece(start: int, end: int) -> tuple[int, int, str]:
        a, b = spans[start][0], spans[end - 1][1]
        return a, b, text[a:b]

    def coverage(length: int) -> float:
        return round(100.0 * length / n, 2)

    for uid, (v, at) in found.items():
        su = stored.get(uid)
        if su is None or v.variant_index >= len(su.unit.variants):
            continue
        target = _best_target(su.unit, v.variant_index, tgt)
        if target is None:
            continue
        a, b, seen = piece(at, at + len(v.tokens))
        src_variant, tgt_variant = su.unit.variants[v.variant_index], target[1]
        # the query's numbers and dates into the unit's translation, as for a whole match
        new_target, subs = substitute(
            Segment.from_text(seen),
            src_variant.segment,
            tgt_variant.segment,
            target_lang=tgt_variant.lang,
        )
        score, kept = with_kept_penalty(coverage(len(v.tokens)), (), subs)
        out.append(
            _match(
                score,
                src_variant.segment,
                (new_target, tgt_variant.segment, kept, subs),
                su,
                (src_variant.lang, tgt_variant.lang),
                _provenance(su, tgt_variant),
                {"kind": "unit", "span": [a, b], "text": seen},
                (-score, 0, a, uid),
            )
        )
    # renderings cost index look-ups: only for phrases that can still enter the top ``limit``
    for p in sorted(phrase_list, key=lambda p: (p.start - p.end, p.start)):
        key = (-coverage(p.end - p.start), 1, spans[p.start][0])
        if limit is not None and sum(m.sort_key[:3] < key for m in out) >= limit:
            break
        sample = sorted(p.units, reverse=True)[:SAMPLE_UNITS]
        stored.update((s.id, s) for s in store.get_units(sample) if s.id not in stored)
        rends, first = _renderings(store, p, stored, tgt, memories)
        if not rends:
            continue
        su = stored[first[rends[0].text]]
        example = _best_target(
            su.unit, {v.unit_id: v for v in p.occurrences}[su.id].variant_index, tgt
        )
        assert example is not None  # the unit was read for its target
        a, b, seen = piece(p.start, p.end)
        score = coverage(p.end - p.start)
        info = {
            "kind": "phrase",
            "span": [a, b],
            "text": seen,
            "count": len(p.units),
            "renderings": [r.as_dict() for r in rends],
        }
        out.append(
            _match(
                score,
                Segment.from_text(seen),
                (Segment.from_text(rends[0].text),) * 2 + ((), []),
                su,
                (src, tgt),
                _provenance(su, example[1]),
                info,
                (-score, 1, a, su.id),
            )
        )
    out.sort(key=lambda m: m.sort_key)
    return out if limit is None else out[:limit]


def _match(
    score: float,
    source: Segment,
    target: tuple[Segment, Segment, tuple[Penalty, ...], list[Substitution]],
    su: StoredUnit,
    langs: tuple[str, str],
    provenance: dict[str, Any],
    info: dict[str, Any],
    key: tuple[Any, ...],
) -> Match:
    return Match(
        score=score,
        type="subsegment",
        source=source,
        target=target[0],
        tm_target=target[1],
        penalties=target[2],
        diff=[],
        substitutions=target[3],
        unit_id=su.id,
        memory=su.memory,
        source_lang=_normalize(langs[0]),
        target_lang=_normalize(langs[1]),
        provenance=provenance,
        subsegment=info,
        base=score,
        sort_key=key,
    )


def subsegments(
    store: Store,
    text: str | Segment,
    *,
    source_lang: str,
    target_lang: str,
    memories: Sequence[str] | None = None,
    limit: int | None = 5,
    min_tokens: int = 2,
    min_count: int = 2,
    units: bool = True,
    phrases: bool = True,
    exhaustive: bool = False,
) -> list[Match]:
    """Return the sub-segment matches of ``text`` (see the module docstring), best first.

    ``min_tokens``: the fewest tokens a contained unit has. ``min_count``: the fewest units a
    phrase occurs in. ``units``/``phrases``: which kinds to look for. ``exhaustive``: find the
    contained units by reading every unit (slow; the reference the index is checked against).
    """
    src, tgt = _lang(source_lang, "source language"), _lang(target_lang, "target language")
    if min_tokens < 1 or min_count < 1:
        raise InvalidInputError("min_tokens and min_count must be 1 or more")
    if limit is not None and limit < 1:
        raise InvalidInputError(f"limit {limit} out of range: use 1 or more")
    query = text if isinstance(text, Segment) else Segment.from_text(text)
    return subsegment_matches(
        store,
        query,
        index_tokens(query.plain, src),
        src,
        tgt,
        memories=memories,
        limit=limit,
        min_tokens=min_tokens,
        min_count=min_count,
        units=units,
        phrases=phrases,
        exhaustive=exhaustive,
    )
