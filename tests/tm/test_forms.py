"""Word forms: the keys inflected forms share (English, Italian, Swahili noun classes)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkutano.tm.forms import form_keys, same_word


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("migrant", "migrants", "en"),
        ("country", "countries", "en"),
        ("seize", "seized", "en"),
        ("launder", "laundering", "en"),
        ("criminale", "criminali", "it"),
        ("organizzata", "organizzati", "it"),
        ("banca", "banche", "it"),
        ("mhalifu", "wahalifu", "sw"),
        ("mtu", "watu", "sw"),
        ("mwanafunzi", "wanafunzi", "sw"),
        ("mti", "miti", "sw"),
        ("gari", "magari", "sw"),
        ("kitabu", "vitabu", "sw"),
        ("chakula", "vyakula", "sw"),
        ("ukuta", "kuta", "sw"),
    ],
)
def test_forms_of_one_word_share_a_key(a: str, b: str, lang: str) -> None:
    assert same_word(a, b, lang)
    assert same_word(a.capitalize(), b.upper(), lang)


@pytest.mark.parametrize(
    ("a", "b", "lang"),
    [
        ("uhalifu", "mhalifu", "sw"),  # crime (class 14) is not criminal (class 1)
        ("kitu", "watu", "sw"),  # thing (7/8) is not people (1/2)
        ("migrant", "migration", "en"),
        ("paese", "pace", "it"),
    ],
)
def test_other_words_do_not(a: str, b: str, lang: str) -> None:
    assert not same_word(a, b, lang)


@given(
    st.text(alphabet="abcdeghijklmnoprstuvwyz", min_size=1, max_size=12),
    st.sampled_from(["en", "it", "sw", "fr"]),
)
def test_a_word_is_a_form_of_itself(word: str, lang: str) -> None:
    assert same_word(word, word, lang)
    assert form_keys(word, lang) == form_keys(word.upper(), lang)
