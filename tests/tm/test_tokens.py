"""The index tokens: Moses-normalised, folded, stable."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from tm.tokens import NUMBER_TOKEN, index_tokens


def test_case_numbers_and_punctuation_are_folded() -> None:
    assert index_tokens('The G7 seized 1,200.5 kg, "today".', "en") == [
        "the",
        "g7",
        "seized",
        NUMBER_TOKEN,
        "kg",
        "today",
    ]


def test_hyphenated_words_are_split() -> None:
    assert index_tokens("4-month-old mice", "en") == [NUMBER_TOKEN, "month", "old", "mice"]


def test_italian_elision_keeps_the_article() -> None:
    assert index_tokens("L'uomo dell'anno", "it") == ["l'", "uomo", "dell'", "anno"]


def test_region_does_not_change_tokens() -> None:
    assert index_tokens("Habari ya leo", "sw-KE") == index_tokens("Habari ya leo", "sw")


def test_blank_text_has_no_token() -> None:
    assert index_tokens("  ", "en") == []
    assert index_tokens("— ?", "en") == []


@given(st.text(max_size=60))
def test_no_token_is_empty_or_holds_whitespace(text: str) -> None:
    for tok in index_tokens(text, "en"):
        assert tok
        assert not any(c.isspace() for c in tok)


@given(st.text(max_size=60))
def test_tokens_are_stable_and_returned_as_a_fresh_list(text: str) -> None:
    first = index_tokens(text, "it")
    first.append("x")
    assert index_tokens(text, "it") == first[:-1]


def test_real_sentences_give_words(corpus: Path) -> None:
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:51]]
    for row in rows:
        for lang, text in zip(("en", "it", "sw"), row[1:4], strict=True):
            toks = index_tokens(text, lang)
            assert toks
            assert all(t == t.casefold() or t == NUMBER_TOKEN for t in toks)


def test_fast_path_equals_sacremoses_on_real_sentences(corpus: Path) -> None:
    from tm.tokens import _fast_tokens, _moses_tokens

    par = corpus / "parallel"
    files = [
        ("en", par / "en-it" / "tatoeba-test-v2021-08-07.eng"),
        ("it", par / "en-it" / "tatoeba-test-v2021-08-07.ita"),
        ("en", par / "en-sw" / "mafand_lafand-mt" / "dev.en"),
        ("sw", par / "en-sw" / "mafand_lafand-mt" / "dev.swa"),
        ("it", par / "en-it" / "newstest2009.ita"),
    ]
    used = 0
    for lang, path in files:
        for line in path.read_text(encoding="utf-8").splitlines()[:600]:
            fast = _fast_tokens(line, lang)
            if fast is not None:
                used += 1
                assert fast == _moses_tokens(line, lang), (lang, line)
    assert used > 1000  # the fast path serves a good share of real text


_simple_text = st.text(alphabet="aZbT0159 ,.?!", max_size=30) | st.lists(
    st.sampled_from(["Mr.", "Dr.", "No.", "A.", "U", "S", "3.14", "1,000", "5,", "end.", "x?"]),
    max_size=6,
).map(" ".join)


@given(_simple_text, st.sampled_from(["en", "it", "sw"]))
def test_fast_path_equals_sacremoses_on_generated_text(text: str, lang: str) -> None:
    from tm.tokens import _fast_tokens, _moses_tokens

    fast = _fast_tokens(text, lang)
    if fast is not None:
        assert fast == _moses_tokens(text, lang)
