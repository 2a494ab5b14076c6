"""Character-level similarity of short segments, and the character bigrams the index keeps.

Token similarity is coarse on short segments: one changed word of three costs 33 points, and an
identifier or a word with another affix (``${changedID}`` / ``${changedDate}``, Swahili
``anasoma`` / ``wanasoma``) shares no token at all. So segments whose normalised text (the index
tokens joined by single spaces: case-folded, numbers folded, punctuation dropped) has at most
:data:`CHAR_MAX` characters are also compared character by character::

    chars = 100 × (1 − D / (|a| + |b|))    D = insertions + deletions turning a into b (Indel)

which is rapidfuzz's ``fuzz.ratio`` on the normalised texts. The score of a match is the better of
the token and character similarities (:mod:`tm.score`); past :data:`CHAR_MAX` characters only
tokens count, so a long sentence scores exactly as by tokens alone.

**The index.** A short variant is posted under each distinct bigram of its text padded with a space
at both ends (``" ab "`` → `` a``, ``ab``, ``b ``), each distinct character of it, and
:data:`EVERY_SHORT`; in the posting the length column holds the text's character count instead of
its token count. Keys are a space then the bigram (3 characters) or the character (2), and the
every-short key is a lone space: no token contains whitespace, so keys never clash with tokens in
the store's dictionary.

**Exactness** (:func:`tm.match._char_candidates` relies on it). With query text of ``L``
characters and threshold ``t``, a text of ``l`` characters can reach ``t`` only if
``D ≤ (1 − t)(L + l)``; since ``D ≥ |L − l|``, only if ``L·t/(2 − t) ≤ l ≤ L·(2 − t)/t``. Each
insertion or deletion destroys at most 2 of the query's ``L + 1`` padded bigram occurrences (the
ones overlapping the position), and the untouched occurrences appear in the other text, so the two
share at least ``L + 1 − 2·⌊(1 − t)(L + l)⌋`` occurrences (as multisets): a count filter over
bigrams, with the prefix trick of :mod:`tm.match` on top. That bound vanishes at lower thresholds
(at 70 for ``l ≈ L``), where characters serve: the two share their longest common subsequence,
``(L + l − D)/2 ≥ ⌈(L + l − ⌊(1 − t)(L + l)⌋)/2⌉`` character occurrences. The matcher uses
whichever of the two filters is cheaper; when both bounds are 0, every short text in the length
band is a candidate (the :data:`EVERY_SHORT` postings).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from rapidfuzz.distance import Indel

__all__ = [
    "CHAR_MAX",
    "EVERY_SHORT",
    "char_counts",
    "char_similarity",
    "char_text",
    "gram_counts",
    "index_grams",
    "is_short",
]

#: The longest normalised text (in characters) compared character by character and indexed by
#: bigrams: about five words. Beyond it the character similarity of two sentences is dominated by
#: what they share (two words of seven changed still score 85), and tokens tell them apart better.
CHAR_MAX = 32
#: The index key every short variant is posted under (a lone space: never a token or a bigram).
EVERY_SHORT = " "


def char_text(tokens: Sequence[str]) -> str:
    """The normalised text compared by characters: the index tokens joined by single spaces."""
    return " ".join(tokens)


def is_short(text: str) -> bool:
    """Whether ``text`` (a :func:`char_text`) is compared and indexed by characters."""
    return 0 < len(text) <= CHAR_MAX


def char_similarity(a: str, b: str) -> float:
    """Return the character similarity in [0, 100] of two normalised texts (Indel ratio)."""
    return 100.0 * Indel.normalized_similarity(a, b)


def gram_counts(text: str) -> Counter[str]:
    """The index keys of the padded bigrams of ``text``, with how often each occurs."""
    padded = f" {text} "
    return Counter(" " + padded[i : i + 2] for i in range(len(padded) - 1))


def char_counts(text: str) -> Counter[str]:
    """The index keys of the characters of ``text``, with how often each occurs."""
    return Counter(" " + c for c in text)


def index_grams(joined: str) -> list[str]:
    """The character keys a variant with these space-joined tokens is posted under (none when
    its text is empty or longer than :data:`CHAR_MAX`)."""
    if not is_short(joined):
        return []
    return [EVERY_SHORT, *gram_counts(joined), *char_counts(joined)]
