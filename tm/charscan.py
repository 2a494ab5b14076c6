"""Short variants scored by characters in memory: the exact fallback of the character filter.

Below a threshold of about 80 the count filters of :mod:`tm.characters` prove little: at 70 a
query of 15 characters and a text of 15 need only 11 characters in common, in order, and common
characters are in most short texts, so the index returns most of them, and each is then decoded and
bounded in Python. Scoring every short text of the length band in C is then cheaper than reading it
through the index, and it is exact by construction: it is the exhaustive scan, restricted to the
texts the length band of :mod:`tm.characters` admits (a text outside it cannot reach the threshold).

So this module keeps, per store and base language, the normalised text of every short variant
(what :data:`tm.characters.EVERY_SHORT` is posted for), sorted by length, and answers
:func:`char_matches` with one ``rapidfuzz.process.extract`` call (the Indel ratio, the same score
as :func:`tm.characters.char_similarity`) over the band. Every variant it returns has a character
similarity of at least the cut-off and none it leaves out has, so with a cut-off at or below the
threshold (less the rounding margin) the union with the token candidates is still a superset of
what can reach the threshold.

**Freshness.** The kept texts are reused only while
:meth:`tm.store.Store.short_variants_stamp` returns the value read before they were loaded; it
changes with every change to the set of short variants, by this process or another, so a stale
copy is never used. The stamp is read before the texts, so a write in between only makes the copy
newer than its stamp (reloaded at the next call), never older.
"""

from __future__ import annotations

import bisect
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import Indel

from .characters import CHAR_MAX, EVERY_SHORT, char_text
from .prepared import query_base
from .store import IndexedVariant, Store

__all__ = ["char_matches"]


@dataclass(frozen=True)
class _Shorts:
    """The short variants of one base language, sorted by the length of their text."""

    stamp: tuple[int, ...]
    texts: list[str]
    lengths: list[int]
    variants: list[IndexedVariant]


_kept: weakref.WeakKeyDictionary[Store, dict[str, _Shorts]] = weakref.WeakKeyDictionary()
_lock = threading.Lock()


def _shorts(store: Store, lang: str) -> _Shorts:
    """The short variants of ``lang``'s base language, loaded again when the store changed."""
    base = query_base(lang)
    stamp = store.short_variants_stamp(base)
    with _lock:
        kept = _kept.setdefault(store, {}).get(base)
    if kept is not None and kept.stamp == stamp:
        return kept
    found = store.candidates(base, [EVERY_SHORT], min_length=1, max_length=CHAR_MAX)
    rows = sorted(((char_text(v.tokens), v) for v in found), key=lambda tv: len(tv[0]))
    shorts = _Shorts(stamp, [t for t, _ in rows], [len(t) for t, _ in rows], [v for _, v in rows])
    with _lock:
        _kept.setdefault(store, {})[base] = shorts
    return shorts


def char_matches(
    store: Store,
    text: str,
    lang: str,
    shortest: int,
    longest: int,
    cutoff: float,
    memories: Sequence[str] | None,
) -> list[IndexedVariant]:
    """The short variants of base language ``lang`` whose text has ``shortest``..``longest``
    characters and a character similarity to ``text`` of at least ``cutoff`` (0–100)."""
    shorts = _shorts(store, lang)
    lo = bisect.bisect_left(shorts.lengths, shortest)
    hi = bisect.bisect_right(shorts.lengths, longest)
    if lo >= hi:
        return []
    hits = process.extract(
        text,
        shorts.texts[lo:hi],
        scorer=Indel.normalized_similarity,
        processor=None,
        score_cutoff=max(cutoff, 0.0) / 100.0,
        limit=None,
    )
    wanted = None if memories is None else set(memories)
    out = [shorts.variants[lo + i] for _, _, i in hits]
    return out if wanted is None else [v for v in out if v.memory in wanted]
