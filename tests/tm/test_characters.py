"""Character similarity and the bigram keys: the bound the index relies on holds."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from rapidfuzz.distance import Indel

from mkutano.tm.characters import (
    CHAR_MAX,
    EVERY_SHORT,
    char_counts,
    char_similarity,
    char_text,
    gram_counts,
    index_grams,
    is_short,
)
from mkutano.tm.tokens import index_tokens

_text = st.text(alphabet="abcs ${}&<>ü", max_size=CHAR_MAX)


def test_padded_bigrams_are_keys_no_token_can_be() -> None:
    assert gram_counts("ab a") == {"  a": 2, " ab": 1, " b ": 1, " a ": 1}
    assert all(" " in key for key in index_grams("ab a"))
    assert index_grams("ab a")[0] == EVERY_SHORT


def test_long_texts_are_not_indexed_by_characters() -> None:
    long = char_text(
        index_tokens("The G7 seized 1,200 kg of cocaine in Rome in 2020 and more.", "en")
    )
    assert len(long) > CHAR_MAX
    assert index_grams(long) == []
    assert not is_short(long)
    assert index_grams("") == []


def test_character_similarity_is_the_indel_ratio() -> None:
    assert char_similarity("changedid", "changeddate") == 80.0
    assert char_similarity("", "") == 100.0
    assert char_similarity("cycle", "close") == 60.0


@given(a=_text, b=_text)
def test_shared_bigrams_are_bounded_below_by_the_edits(a: str, b: str) -> None:
    """The count filter of tm.characters: texts ``D`` insertions/deletions apart share at least
    ``len(a) + 1 − 2·D`` padded bigram occurrences."""
    shared = sum((gram_counts(a) & gram_counts(b)).values())
    assert shared >= len(a) + 1 - 2 * Indel.distance(a, b)


@given(a=_text, b=_text)
def test_shared_characters_are_bounded_below_by_the_edits(a: str, b: str) -> None:
    """The character filter: texts ``D`` insertions/deletions apart share at least their
    longest common subsequence, ``(len(a) + len(b) − D) / 2`` character occurrences."""
    shared = sum((char_counts(a) & char_counts(b)).values())
    assert 2 * shared >= len(a) + len(b) - Indel.distance(a, b)
