"""The score: token similarity minus named penalties, and the diff."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mkutano.tm.score import PENALTY_CAPS, diff, score_segments, similarity
from mkutano.tm.tokens import index_tokens
from mkutano.tmx import Segment, Tag


def _score(query: str | Segment, tm: str | Segment, lang: str = "en") -> tuple[float, dict]:
    q = query.plain if isinstance(query, Segment) else query
    t = tm.plain if isinstance(tm, Segment) else tm
    sc = score_segments(query, index_tokens(q, lang), tm, index_tokens(t, lang))
    return sc.value, {p.name: p.points for p in sc.penalties}


def test_identical_segment_scores_100_without_penalty() -> None:
    assert _score("The G7 met in Rome.", "The G7 met in Rome.") == (100.0, {})


def test_segment_differing_only_in_a_number_scores_98() -> None:
    value, penalties = _score("5 suspects were arrested.", "7 suspects were arrested.")
    assert value == 98.0
    assert penalties == {"numbers": 2.0}


def test_case_and_punctuation_cost_a_point_each() -> None:
    value, penalties = _score("Follow the money!", "follow the money.")
    assert penalties == {"case": 1.0, "punctuation": 1.0}
    assert value == 98.0


def test_acronym_case_costs_more_than_word_case() -> None:
    _, acronym = _score("The UN report", "The un report")
    _, word = _score("The Report", "The report")
    assert acronym["case"] > word["case"]


def test_whitespace_only_difference_scores_99() -> None:
    assert _score("Hello  world", "Hello world") == (99.0, {"whitespace": 1.0})


def test_tags_are_penalised_and_capped() -> None:
    bold = Segment(
        (
            "Click ",
            Tag("bpt", "open", (("i", "1"),), "&lt;b&gt;"),
            "Save",
            Tag("ept", "close", (("i", "1"),), "&lt;/b&gt;"),
        )
    )
    value, penalties = _score("Click Save", bold)
    assert penalties == {"tags": 2.0}
    assert value == 98.0
    many = Segment((*(Tag("ph", "empty") for _ in range(20)), "Click Save"))
    assert _score("Click Save", many)[1]["tags"] == PENALTY_CAPS["tags"]


def test_same_tags_elsewhere_is_not_100() -> None:
    tag = Tag("ph", "empty", (), "&lt;br/&gt;")
    value, penalties = _score(Segment(("Click", tag, " Save")), Segment(("Click ", tag, "Save")))
    assert value < 100.0
    assert "other" in penalties or "whitespace" in penalties


def test_typographic_quotes_are_not_an_exact_match() -> None:
    value, _ = _score('"Hello" world', "“Hello” world")
    assert 90.0 < value < 100.0


def test_one_word_of_four_changed_scores_75_by_tokens_84_by_characters() -> None:
    assert (
        similarity(["money", "laundering", "in", "italy"], ["money", "laundering", "in", "kenya"])
        == 75.0
    )
    assert _score("money laundering in Italy", "money laundering in Kenya")[0] == 84.0


def test_similarity_of_empty_sequences_is_100() -> None:
    assert similarity([], []) == 100.0
    assert similarity([], ["a"]) == 0.0


def test_diff_ops_rebuild_both_texts() -> None:
    ops = diff("Follow the money 5 times", "follow the cash 5 times now")
    assert "".join(o.query for o in ops) == "Follow the money 5 times"
    assert "".join(o.tm for o in ops) == "follow the cash 5 times now"
    assert [o.op for o in ops] == ["replace", "equal", "replace", "equal", "insert"]


words = st.lists(
    st.sampled_from(["the", "The", "G7", "money", "5", "7", ",", ".", "Rome"]), max_size=8
)


@given(words, words)
def test_penalties_never_raise_a_score_above_its_token_similarity(
    a: list[str], b: list[str]
) -> None:
    q, t = " ".join(a), " ".join(b)
    sc = score_segments(q, index_tokens(q, "en"), t, index_tokens(t, "en"))
    assert 0.0 <= sc.value <= sc.base
    assert (sc.value == 100.0) == (q == t)


@given(words, words)
def test_diff_rebuilds_any_pair(a: list[str], b: list[str]) -> None:
    q, t = " ".join(a), "  ".join(b)
    ops = diff(q, t)
    assert "".join(o.query for o in ops) == q
    assert "".join(o.tm for o in ops) == t


@given(st.text())
def test_punctuation_marks_are_the_characters_neither_alphanumeric_nor_space(text: str) -> None:
    from mkutano.tm.score import _NUMBER, _punctuation

    rest = _NUMBER.sub(" ", text)
    assert _punctuation(text) == [
        c for c in rest if not c.isalnum() and not c.isspace() and c != "_"
    ]
