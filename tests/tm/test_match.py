"""Suggestions: match types, order, options, pivot, and the exactness of index retrieval."""

from __future__ import annotations

import itertools
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkutano.tm import InvalidInputError, Store, match, open_store
from mkutano.tm.match import PIVOT_PENALTY, suggest, suggest_batch
from mkutano.tmx import Prop, Segment, Tag, Unit, Variant, read_tmx


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
    # a short segment: by characters 84 (by tokens it would be 75)
    assert suggest(g7, text, source_lang="en", target_lang="it", threshold=85) == []
    [m] = suggest(g7, text, source_lang="en", target_lang="it", threshold=84)
    assert (m.score, m.basis) == (84.0, "characters")
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
    from mkutano.tm import IndexedVariant
    from mkutano.tm.match import rank_variants
    from mkutano.tm.tokens import index_tokens

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

    from mkutano.tm import MemoryStore

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
    from mkutano.tm import MemoryStore

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


# -- top-k without waste (issue 17) -----------------------------------------------------------

_BASES = ["Follow the money", "The G7 seized 5 kg", "Police in Rome", "di the money 7"]
_variants = st.tuples(st.sampled_from(_BASES), st.lists(st.sampled_from(_WORDS), max_size=2)).map(
    lambda bw: " ".join([bw[0], *bw[1]])
)
_runs = itertools.count()


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    sources=st.lists(st.one_of(_variants, _texts), min_size=1, max_size=30),
    queries=st.lists(st.one_of(_variants, _texts), min_size=1, max_size=3),
    threshold=st.sampled_from([1, 40, 70, 90, 100]),
    limit=st.integers(min_value=1, max_value=4),
)
def test_top_k_equals_the_head_of_the_full_ranking(
    store: Store, sources: list[str], queries: list[str], threshold: float, limit: int
) -> None:
    """Scoring in order of the bound and stopping early returns exactly what scoring every
    candidate and cutting the sorted list returns: same units, scores, diffs, targets."""
    name = f"m{next(_runs)}"
    store.create_memory(name, priority=next(_runs) % 3)
    units = [unit(("en", s), ("it", f"t{i} {s}")) for i, s in enumerate(sources)]
    store.import_units(name, units, origin="t")
    for q in queries:
        opts = {"source_lang": "en", "target_lang": "it", "threshold": threshold}
        every = suggest(store, q, limit=None, memories=[name], pivot="never", **opts)  # type: ignore[arg-type]
        top = suggest(store, q, limit=limit, memories=[name], pivot="never", **opts)  # type: ignore[arg-type]
        assert [m.as_dict() for m in top] == [m.as_dict() for m in every[:limit]]


def test_top_k_equals_the_full_ranking_on_real_near_variants(store: Store, corpus: Path) -> None:
    """A memory of recurring reports (each real sentence in many one-word variants): the top 5
    are those of the full ranking, while fewer candidates are fully scored."""
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:41]]
    store.create_memory("reports")
    units = []
    for r in rows:
        words = r[1].split()
        for k in range(len(words)):  # word k dropped, then word k doubled
            units.append(unit(("en", " ".join(words[:k] + words[k + 1 :])), ("it", r[2])))
            units.append(unit(("en", " ".join(words[: k + 1] + words[k:])), ("it", r[2])))
    store.import_units("reports", units, origin="t")
    calls = {"scored": 0}
    real = match.score_segments

    def counted(*args: Any) -> Any:
        calls["scored"] += 1
        return real(*args)

    scored = {}
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(match, "score_segments", counted)
        for r in rows[::4]:
            query = r[1].replace(" the ", " a ", 1)
            opts = {"source_lang": "en", "target_lang": "it", "threshold": 70}
            for limit in (None, 5):
                calls["scored"] = 0
                got = suggest(store, query, limit=limit, pivot="never", **opts)  # type: ignore[arg-type]
                scored[limit] = (calls["scored"], [m.as_dict() for m in got])
            assert scored[5][1] == scored[None][1][:5]
            assert len(scored[5][1]) == 5
            assert scored[5][0] < scored[None][0]


def test_top_k_of_pivot_first_legs_and_batches_equals_the_full_ranking(g7: Store) -> None:
    text = "Il G7 ha sequestrato 1.500 kg di cocaina nel 2021."
    opts = {"source_lang": "it", "target_lang": "sw"}
    every = suggest(g7, text, limit=None, **opts)  # type: ignore[arg-type]
    assert [m.as_dict() for m in suggest(g7, text, limit=1, **opts)] == [every[0].as_dict()]  # type: ignore[arg-type]
    items = [{"id": "a", "text": text}, {"id": "b", "text": "Follow the money."}]
    batch = dict(suggest_batch(g7, items, source_lang="en", target_lang="it", limit=1))
    alone = suggest(g7, "Follow the money.", source_lang="en", target_lang="it", limit=None)
    assert [m.as_dict() for m in batch["b"]] == [alone[0].as_dict()]


# -- character similarity (issue 17) ----------------------------------------------------------


def test_identifiers_and_labels_are_found_by_characters(store: Store) -> None:
    store.create_memory("ui")
    store.import_units(
        "ui",
        [
            unit(("en", "${changedDate}"), ("it", "${changedDate}")),
            unit(("en", "&Close"), ("it", "&Chiudi")),
            unit(("sw", "wanasoma kitabu"), ("en", "they are reading a book")),
        ],
        origin="t",
    )
    [m] = suggest(store, "${changedID}", source_lang="en", target_lang="it", threshold=50)
    assert (str(m.source), m.basis, m.score) == ("${changedDate}", "characters", 80.0)
    assert m.as_dict()["basis"] == "characters"
    [m] = suggest(store, "&Cycle", source_lang="en", target_lang="it", threshold=50)
    assert (str(m.target), m.basis) == ("&Chiudi", "characters")
    [m] = suggest(store, "anasoma kitabu", source_lang="sw", target_lang="en", threshold=70)
    assert m.basis == "characters"
    assert m.score > 90.0


def test_one_word_of_25_changed_scores_as_by_tokens(store: Store) -> None:
    words = [f"word{i}" for i in range(25)]
    store.create_memory("m")
    store.import_units("m", [unit(("en", " ".join(words)), ("it", "x"))], origin="t")
    query = " ".join([*words[:12], "words12", *words[13:]])
    [m] = suggest(store, query, source_lang="en", target_lang="it")
    assert (m.score, m.basis) == (96.0, "tokens")


_AFFIXED = ["soma", "anasoma", "wanasoma", "nilisoma", "kitabu", "vitabu", "gatto", "gatti"]
_AFFIXED += ["${changedID}", "${changedDate}", "&Cycle", "&Close", "a", "ab", "ba", "OK", "5"]
_short = st.lists(st.sampled_from(_AFFIXED), min_size=0, max_size=4).map(" ".join)


@pytest.fixture(params=["index", "in-memory scan"])
def char_path(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Each way the character candidates are found: the index's count filters, or (the filters
    reading more than ``match._SCAN_ROWS`` postings) the in-memory scan of :mod:`tm.charscan`."""
    if request.param != "index":
        monkeypatch.setattr(match, "_SCAN_ROWS", -1)
    return str(request.param)


@settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    sources=st.lists(_short, min_size=1, max_size=25),
    queries=st.lists(_short, min_size=1, max_size=4),
    threshold=st.sampled_from([1, 30, 50, 66.67, 70, 80, 90, 100]),
)
def test_character_retrieval_equals_exhaustive_scan(
    store: Store, char_path: str, sources: list[str], queries: list[str], threshold: float
) -> None:
    """Short segments differing by affixes, identifiers, one- and two-letter strings: the
    bigram count filter with its length band, and the in-memory scan, miss nothing that scores
    by characters."""
    name = f"c{next(_runs)}"
    store.create_memory(name)
    store.import_units(
        name, [unit(("sw", s), ("en", f"t{i}")) for i, s in enumerate(sources)], origin="t"
    )
    for q in queries:
        opts = {"source_lang": "sw", "target_lang": "en", "threshold": threshold}
        fast = suggest(store, q, limit=None, memories=[name], pivot="never", **opts)  # type: ignore[arg-type]
        slow = suggest(
            store, q, limit=None, memories=[name], pivot="never", exhaustive=True, **opts
        )  # type: ignore[arg-type]
        assert [(m.unit_id, m.score, m.basis) for m in fast] == [
            (m.unit_id, m.score, m.basis) for m in slow
        ]


def test_character_retrieval_equals_exhaustive_scan_on_real_ui_strings(
    store: Store, char_path: str, corpus: Path
) -> None:
    """Real software strings (OpenXLIFF's English→Spanish TMX), queried with one character
    dropped or doubled: what the index finds is what scoring every unit finds."""
    units = list(
        read_tmx(corpus / "tmx" / "maxprograms" / "OpenXLIFF" / "i18n" / "OpenXLIFF_Java_es.tmx")
    )
    store.create_memory("ui")
    store.import_units("ui", units, origin="t")
    short = [u.variants[0].text for u in units if len(u.variants[0].text) <= 24][:40]
    found_by_characters = 0
    for i, text in enumerate(short):
        k = i % len(text)
        query = text[:k] + text[k + 1 :] if i % 2 else text[:k] + text[k] + text[k:]
        for threshold in (50, 75):
            opts = {"source_lang": "en", "target_lang": "es", "threshold": threshold}
            fast = suggest(store, query, limit=None, pivot="never", **opts)  # type: ignore[arg-type]
            slow = suggest(store, query, limit=None, pivot="never", exhaustive=True, **opts)  # type: ignore[arg-type]
            assert [(m.unit_id, m.score) for m in fast] == [(m.unit_id, m.score) for m in slow]
            found_by_characters += any(m.basis == "characters" for m in fast)
    assert found_by_characters > 20


def test_character_filter_reads_a_fraction_of_the_short_strings(store: Store, corpus: Path) -> None:
    """At threshold 70 the bigram bound vanishes for most lengths; the character count filter
    still leaves out part of the short strings (a weak filter on English: 179 of 254 for the
    second query; the result stays exact, above)."""
    from mkutano.tm.characters import char_text, is_short
    from mkutano.tm.tokens import index_tokens

    path = corpus / "tmx" / "maxprograms" / "OpenXLIFF" / "i18n" / "OpenXLIFF_Java_es.tmx"
    store.create_memory("ui")
    store.import_units("ui", list(read_tmx(path)), origin="t")
    short = [v.tokens for v in match._scan(store, "en", None) if is_short(char_text(v.tokens))]
    for text in ("Invalid segment", "Missing target file", "Error"):
        tokens = index_tokens(text, "en")
        found = match._char_candidates(store, tokens, "en", 70, None)
        assert len(found) < 0.75 * len(short), text


def test_in_memory_scan_returns_exactly_the_short_strings_above_the_threshold(
    store: Store, corpus: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Forced to the in-memory scan, the character candidates of a real UI memory are exactly
    its short strings of the length band whose character similarity reaches the threshold (the
    index's count filters return 179 of 254 for "Missing target file" at 70)."""
    from mkutano.tm.characters import char_similarity, char_text, is_short
    from mkutano.tm.tokens import index_tokens

    path = corpus / "tmx" / "maxprograms" / "OpenXLIFF" / "i18n" / "OpenXLIFF_Java_es.tmx"
    store.create_memory("ui")
    store.import_units("ui", list(read_tmx(path)), origin="t")
    monkeypatch.setattr(match, "_SCAN_ROWS", -1)
    short = [v for v in match._scan(store, "en", None) if is_short(char_text(v.tokens))]
    for text in ("Invalid segment", "Missing target file", "Error", "Sav file"):
        q = char_text(index_tokens(text, "en"))
        for threshold in (50.0, 70.0):
            found = match._char_candidates(store, index_tokens(text, "en"), "en", threshold, None)
            want = {
                (v.unit_id, v.variant_index)
                for v in short
                if char_similarity(q, char_text(v.tokens)) >= threshold - 0.02
            }
            assert {(v.unit_id, v.variant_index) for v in found} == want, (text, threshold)
            assert len(want) < 0.5 * len(short)


def test_in_memory_scan_sees_every_write_to_the_short_strings(
    store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """The kept short texts are reloaded after an add, an update and a delete, by this store or
    (SQLite) by another connection to the same file, so the scan never answers from a stale
    copy."""
    from mkutano.tm import MemoryStore

    monkeypatch.setattr(match, "_SCAN_ROWS", -1)
    opts: dict[str, Any] = {"source_lang": "en", "target_lang": "it", "threshold": 60}

    def found(text: str) -> list[str]:
        return [str(m.source) for m in suggest(store, text, limit=None, pivot="never", **opts)]

    store.create_memory("ui")
    uid = store.add_unit("ui", unit(("en", "&Close"), ("it", "&Chiudi")), origin="t").id
    assert found("&Cycle") == ["&Close"]
    cycles = store.add_unit("ui", unit(("en", "&Cycles"), ("it", "&Cicli")), origin="t").id
    assert found("&Cycle") == ["&Cycles", "&Close"]
    store.update_unit(uid, unit(("en", "Open file"), ("it", "Apri file")))
    assert found("&Cycle") == ["&Cycles"]
    store.delete_unit(cycles)
    assert found("&Cycle") == []
    if isinstance(store, MemoryStore) or not (tmp_path / "tm.db").exists():
        return
    other = open_store(tmp_path / "tm.db")  # another writer of the same SQLite file
    try:
        other.add_unit("ui", unit(("en", "&Cycled"), ("it", "&Ciclato")), origin="t")
    finally:
        other.close()
    assert found("&Cycle") == ["&Cycled"]
