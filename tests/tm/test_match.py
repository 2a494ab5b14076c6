"""Suggestions: match types, order, options, pivot, and the exactness of index retrieval."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tm import InvalidInputError, Store, match, open_store
from tm.match import PIVOT_PENALTY, suggest, suggest_batch
from tmx import Prop, Segment, Tag, Unit, Variant


def unit(*pairs: tuple[str, str], props: dict[str, str] | None = None, **attrs: str) -> Unit:
    return Unit(
        [Variant(lang, Segment.from_text(text)) for lang, text in pairs],
        attrs=dict(attrs),
        props=[Prop(k, v) for k, v in (props or {}).items()],
    )


@pytest.fixture
def g7(store: Store) -> Store:
    store.create_memory("g7", priority=1)
    store.import_units(
        "g7",
        [
            unit(
                ("it", "Il G7 ha sequestrato 1.200 kg di cocaina nel 2020."),
                ("en", "The G7 seized 1,200 kg of cocaine in 2020."),
            ),
            unit(
                ("en", "The G7 seized 1,200 kg of cocaine in 2020."),
                ("sw", "G7 ilikamata kilo 1,200 za kokeini mwaka 2020."),
            ),
            unit(
                ("en", "Follow the money."),
                ("it", "Seguire il denaro."),
                ("sw", "Fuata pesa."),
                props={"prev": "Investigations start here.", "next": "Then freeze it."},
            ),
            unit(("en", "Follow the money."), ("it", "Segui i soldi.")),
            unit(("en", "Money laundering in Italy"), ("it-IT", "Riciclaggio di denaro in Italia")),
            unit(("en", "UN"), ("it", "ONU")),
        ],
        origin="test",
    )
    return store


def test_identical_segment_is_an_exact_match(g7: Store) -> None:
    [m, *_] = suggest(g7, "Follow the money.", source_lang="en", target_lang="sw")
    assert (m.score, m.type, str(m.target)) == (100.0, "exact", "Fuata pesa.")
    assert m.penalties == ()


def test_same_neighbours_make_a_context_match(g7: Store) -> None:
    matches = suggest(
        g7,
        "Follow the money.",
        source_lang="en",
        target_lang="it",
        prev="Investigations start here.",
        next="Then freeze it.",
    )
    assert [(m.score, m.type, str(m.target)) for m in matches] == [
        (101.0, "context", "Seguire il denaro."),
        (100.0, "exact", "Segui i soldi."),
    ]


def test_other_neighbours_leave_an_exact_match(g7: Store) -> None:
    matches = suggest(
        g7, "Follow the money.", source_lang="en", target_lang="it", prev="Something else."
    )
    assert {m.type for m in matches} == {"exact"}


def test_number_change_scores_98_and_is_substituted(g7: Store) -> None:
    [m] = suggest(
        g7, "The G7 seized 1,500 kg of cocaine in 2020.", source_lang="en", target_lang="it"
    )
    assert m.score == 98.0
    assert m.type == "fuzzy"
    assert str(m.target) == "Il G7 ha sequestrato 1.500 kg di cocaina nel 2020."
    assert str(m.tm_target) == "Il G7 ha sequestrato 1.200 kg di cocaina nel 2020."
    assert [p.name for p in m.penalties] == ["numbers"]
    d = m.as_dict()
    assert d["diff"][1] == {"op": "replace", "query": "500", "tm": "200"}
    assert d["substitutions"] == [
        {"kind": "number", "tm": "1.200", "query": "1,500", "target": "1.500"}
    ]
    assert d["provenance"]["origin"] == "test"


def test_threshold_and_limit_are_applied(g7: Store) -> None:
    text = "Money laundering in Kenya"
    assert suggest(g7, text, source_lang="en", target_lang="it", threshold=76) == []
    [m] = suggest(g7, text, source_lang="en", target_lang="it", threshold=75)
    assert m.score == 75.0
    assert len(suggest(g7, "Follow the money.", source_lang="en", target_lang="it", limit=1)) == 1


def test_region_tags_are_found_from_the_base_language(g7: Store) -> None:
    [m] = suggest(g7, "Money laundering in Italy", source_lang="en-GB", target_lang="it")
    assert m.target_lang == "it-IT"


def test_short_acronym_query_prefers_exact_case(g7: Store) -> None:
    [m] = suggest(g7, "UN", source_lang="en", target_lang="it")
    assert (m.score, str(m.target)) == (100.0, "ONU")
    [lower] = suggest(g7, "un", source_lang="en", target_lang="it")
    assert lower.score == 98.0
    assert [p.name for p in lower.penalties] == ["case"]


def test_one_word_query_does_not_match_longer_segments(g7: Store) -> None:
    assert suggest(g7, "money", source_lang="en", target_lang="it") == []


def test_pivot_through_english_when_no_direct_unit(g7: Store) -> None:
    [m] = suggest(
        g7, "Il G7 ha sequestrato 1.500 kg di cocaina nel 2021.", source_lang="it", target_lang="sw"
    )
    assert m.type == "pivot"
    assert str(m.target) == "G7 ilikamata kilo 1,500 za kokeini mwaka 2021."
    assert m.pivot is not None
    assert m.pivot["lang"] == "en"
    assert m.pivot["text"] == "The G7 seized 1,200 kg of cocaine in 2020."
    assert any(p.name == "pivot" and p.points == PIVOT_PENALTY for p in m.penalties)
    assert m.score == 96.0 - PIVOT_PENALTY
    assert (
        suggest(g7, "Il G7 ha sequestrato", source_lang="it", target_lang="sw", pivot="never") == []
    )


def test_direct_match_suppresses_auto_pivot(g7: Store) -> None:
    matches = suggest(g7, "Follow the money.", source_lang="en", target_lang="sw")
    assert all(m.type != "pivot" for m in matches)


def test_order_is_score_then_priority_then_unit_id(store: Store) -> None:
    store.create_memory("low", priority=0)
    store.create_memory("high", priority=5)
    store.import_units("low", [unit(("en", "Seize the assets."), ("it", "A"))], origin="t")
    store.import_units("high", [unit(("en", "Seize the assets."), ("it", "B"))], origin="t")
    store.import_units("low", [unit(("en", "Seize the assets!"), ("it", "C"))], origin="t")
    matches = suggest(store, "Seize the assets.", source_lang="en", target_lang="it")
    assert [(str(m.target), m.memory) for m in matches] == [
        ("B", "high"),
        ("A", "low"),
        ("C", "low"),
    ]
    only_low = suggest(
        store, "Seize the assets.", source_lang="en", target_lang="it", memories=["low"]
    )
    assert [str(m.target) for m in only_low] == ["A", "C"]


def test_tags_in_the_query_count(store: Store) -> None:
    store.create_memory("ui")
    b, e = Tag("bpt", "open", (("i", "1"),), "<b>"), Tag("ept", "close", (("i", "1"),), "</b>")
    u = Unit(
        [
            Variant("en", Segment(("Click ", b, "Save", e))),
            Variant("it", Segment(("Fai clic su ", b, "Salva", e))),
        ]
    )
    store.import_units("ui", [u], origin="t")
    [plain] = suggest(store, "Click Save", source_lang="en", target_lang="it")
    assert plain.score == 98.0
    [tagged] = suggest(store, Segment(("Click ", b, "Save", e)), source_lang="en", target_lang="it")
    assert (tagged.score, tagged.type) == (100.0, "exact")


def test_punctuation_only_segment_is_found(store: Store) -> None:
    store.create_memory("m")
    store.import_units(
        "m", [unit(("en", "—"), ("it", "—")), unit(("en", "?"), ("it", "?"))], origin="t"
    )
    [m] = suggest(store, "—", source_lang="en", target_lang="it")
    assert (m.score, str(m.target)) == (100.0, "—")


def test_bad_arguments_raise_invalid_input(g7: Store) -> None:
    with pytest.raises(InvalidInputError, match="threshold"):
        suggest(g7, "x", source_lang="en", target_lang="it", threshold=0)
    with pytest.raises(InvalidInputError, match="source language"):
        suggest(g7, "x", source_lang="e n", target_lang="it")


def test_batch_yields_one_result_per_item(g7: Store) -> None:
    out = list(
        suggest_batch(
            g7,
            [{"id": "a", "text": "Follow the money."}, {"id": 7, "text": "Nothing like it at all"}],
            source_lang="en",
            target_lang="it",
        )
    )
    assert [i for i, _ in out] == ["a", 7]
    assert len(out[0][1]) == 2
    assert out[1][1] == []


# -- exactness of retrieval ------------------------------------------------------------------

_WORDS = ["the", "The", "money", "G7", "Rome", "police", "5", "7", "1,200", ",", ".", "!", "di"]
_texts = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=9).map(" ".join)


@pytest.mark.parametrize("url", ["memory:", ":memory:"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    sources=st.lists(_texts, min_size=1, max_size=25),
    queries=st.lists(_texts, min_size=1, max_size=4),
    threshold=st.sampled_from([1, 30, 50, 66.67, 70, 75, 80, 90, 98, 100, 101]),
    plan=st.one_of(st.none(), st.integers(min_value=0, max_value=5)),
)
def test_index_retrieval_equals_exhaustive_scan(
    url: str, sources: list[str], queries: list[str], threshold: float, plan: int | None
) -> None:
    """Exact whichever prefix filter runs: the cost-based one (None) or the n-th option
    (more shared tokens required of a longer prefix), forced even on this tiny memory."""
    store = open_store(url)
    try:
        with pytest.MonkeyPatch.context() as mp:
            if plan is not None:
                mp.setattr(match, "_FEW_ROWS", -1)
                mp.setattr(
                    match, "_choose", lambda options, total: options[min(plan, len(options) - 1)]
                )
            store.create_memory("m")
            units = [unit(("en", s), ("it", f"t{i}")) for i, s in enumerate(sources)]
            store.import_units("m", units, origin="t")
            for q in queries:
                opts = {"source_lang": "en", "target_lang": "it", "threshold": threshold}
                fast = suggest(store, q, limit=None, pivot="never", **opts)  # type: ignore[arg-type]
                slow = suggest(store, q, limit=None, pivot="never", exhaustive=True, **opts)  # type: ignore[arg-type]
                assert [(m.unit_id, m.score) for m in fast] == [(m.unit_id, m.score) for m in slow]
    finally:
        store.close()


@pytest.mark.parametrize("plan", ["cheapest", "largest"])
def test_index_retrieval_equals_exhaustive_scan_on_real_sentences(
    store: Store, corpus: Path, plan: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    if plan == "largest":  # the most shared tokens the filter may require, counted in the index
        monkeypatch.setattr(match, "_FEW_ROWS", -1)
        monkeypatch.setattr(match, "_choose", lambda options, total: options[-1])
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:201]]
    store.create_memory("flores")
    units = [unit(("en", r[1]), ("it", r[2])) for r in rows]
    # near duplicates: a word dropped, a number changed
    units += [unit(("en", " ".join(r[1].split()[1:])), ("it", r[2])) for r in rows[:60]]
    store.import_units("flores", units, origin="t")
    for r in rows[::20]:
        query = " ".join(r[1].split()[:-2])
        for threshold in (60, 80):
            opts = {"source_lang": "en", "target_lang": "it", "threshold": threshold}
            fast = suggest(store, query, limit=None, pivot="never", **opts)  # type: ignore[arg-type]
            slow = suggest(store, query, limit=None, pivot="never", exhaustive=True, **opts)  # type: ignore[arg-type]
            assert [(m.unit_id, m.score) for m in fast] == [(m.unit_id, m.score) for m in slow]
            assert fast  # the stored sentence itself is a fuzzy match


def test_rank_variants_scores_a_given_superset_like_suggest(g7: Store) -> None:
    from tm import IndexedVariant
    from tm.match import rank_variants
    from tm.tokens import index_tokens

    every = [
        IndexedVariant(s.id, i, s.memory, v.lang, tuple(index_tokens(v.text, v.lang)))
        for s in g7.iter_units()
        for i, v in enumerate(s.unit.variants)
        if v.lang == "en"
    ]
    text = "The G7 seized 1,500 kg of cocaine in 2020."
    ranked = rank_variants(g7, text, every, source_lang="en", target_lang="it")
    direct = suggest(g7, text, source_lang="en", target_lang="it", limit=None, pivot="never")
    assert [(m.unit_id, m.score) for m in ranked] == [(m.unit_id, m.score) for m in direct]


def test_substitution_brings_targets_closer_to_the_truth(corpus: Path) -> None:
    """On real FLORES sentences whose number changed, the substituted target is closer to the
    true translation than the stored one (normalised character edit distance)."""
    import re

    from rapidfuzz.distance import Levenshtein

    from tm import MemoryStore

    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    rows = [r for r in rows if len(r) >= 4 and re.search(r"(?<![\d.,])\d+(?![\d.,]*\d)", r[1])]
    rows = rows[:40]
    store = MemoryStore()
    store.create_memory("flores")
    store.import_units("flores", [unit(("en", r[1]), ("sw", r[3])) for r in rows], origin="t")
    raw_d, sub_d = [], []
    for r in rows:
        m = re.search(r"(?<![\d.,])\d+(?![\d.,]*\d)", r[1])
        assert m is not None
        old, new = m.group(0), str(int(m.group(0)) + 3)
        if r[3].count(old) != 1:
            continue
        truth = r[3].replace(old, new)
        query = r[1][: m.start()] + new + r[1][m.end() :]
        [best, *_] = suggest(store, query, source_lang="en", target_lang="sw")
        raw_d.append(Levenshtein.normalized_distance(str(best.tm_target), truth))
        sub_d.append(Levenshtein.normalized_distance(str(best.target), truth))
    assert len(raw_d) >= 15
    assert sum(sub_d) < sum(raw_d) / 4
    assert all(s <= r for s, r in zip(sub_d, raw_d, strict=True))


def test_month_name_date_is_adapted_in_the_match(corpus: Path) -> None:
    """FLORES row 0409 (it → sw): the date's month changes too, not only the day and year."""
    from tm import MemoryStore

    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    row = next(
        line.split("\t")
        for line in tsv.read_text(encoding="utf-8").splitlines()
        if line.startswith("flores-devtest-0409\t")
    )
    it, sw = row[2], row[3].strip()
    store = MemoryStore()
    store.create_memory("flores")
    store.import_units("flores", [unit(("it", it), ("sw", sw))], origin="t")
    query = it.replace("15 agosto 1940", "6 giugno 1944")
    [m] = suggest(store, query, source_lang="it", target_lang="sw", threshold=50)
    assert str(m.target) == sw.replace("Agosti 15 1940", "Juni 6 1944")
    assert [p.name for p in m.penalties if p.name == "placeables"] == []


def test_placeable_not_adapted_lowers_the_score_and_says_so(store: Store) -> None:
    store.create_memory("m")
    store.import_units(
        "m",
        [
            unit(
                ("it", "La riunione di Roma del 05/10/2024."),
                ("sw", "Mkutano wa Roma wa tarehe 5 Oktoba 2024."),
            )
        ],
        origin="t",
    )
    [m] = suggest(store, "La riunione di Roma del 05/11/2025.", source_lang="it", target_lang="sw")
    assert str(m.target) == "Mkutano wa Roma wa tarehe 5 Oktoba 2024."
    [kept] = m.as_dict()["substitutions"]
    assert (kept["status"], kept["query"]) == ("kept", "05/11/2025")
    penalty = next(p for p in m.penalties if p.name == "placeables")
    assert penalty.points == 3.0
    assert m.score == round(m.base - sum(p.points for p in m.penalties), 2)
