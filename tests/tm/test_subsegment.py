"""Sub-segment matches: contained units and recurring phrases, exact against a brute-force scan."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkutano.tm import InvalidInputError, MemoryStore, Store, import_tmx
from mkutano.tm.match import suggest
from mkutano.tm.subsegment import subsegments, token_spans
from mkutano.tm.tokens import index_tokens
from mkutano.tmx import Segment, Unit, Variant

SAMPLE = Path(__file__).resolve().parents[2] / "tm" / "data" / "g7-rome-lyon.tmx"
ISSUE = (
    "Nel 2025 la lotta alla criminalità organizzata transnazionale e al riciclaggio resta una"
    " sfida per tutti."
)
_runs = itertools.count()


def unit(*pairs: tuple[str, str]) -> Unit:
    return Unit([Variant(lang, Segment.from_text(text)) for lang, text in pairs])


def _inside(part: list[str], whole: list[str]) -> bool:
    m = len(part)
    return m > 0 and any(whole[i : i + m] == part for i in range(len(whole) - m + 1))


def _brute_contained(store: Store, memory: str, query: str, min_tokens: int) -> set[int]:
    """Every unit whose en source's tokens occur contiguously in the query's, and are fewer (the
    whole query is a whole-segment match): read one by one."""
    q = index_tokens(query, "en")
    return {
        su.id
        for su in store.iter_units(memories=[memory])
        for v in su.unit.variants
        if v.lang == "en"
        and min_tokens <= len(toks := index_tokens(v.text, "en")) < len(q)
        and _inside(toks, q)
    }


# -- exactness ---------------------------------------------------------------------------------

_WORDS = ["the", "money", "G7", "Rome", "police", "5", "1,200", ",", ".", "of", "crime", "UN"]
_texts = st.lists(st.sampled_from(_WORDS), min_size=0, max_size=7).map(" ".join)


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    sources=st.lists(_texts, min_size=1, max_size=25),
    queries=st.lists(st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join), max_size=3),
    min_tokens=st.integers(min_value=1, max_value=3),
)
def test_every_contained_unit_is_found_through_the_index(
    store: Store, sources: list[str], queries: list[str], min_tokens: int
) -> None:
    """The postings' prefix filter misses no unit a scan of every unit finds, on each backend."""
    name = f"m{next(_runs)}"
    store.create_memory(name)
    store.import_units(
        name, [unit(("en", s), ("it", f"t{i}")) for i, s in enumerate(sources)], origin="t"
    )
    for q in [*queries, " ".join(sources)]:
        opts = {"source_lang": "en", "target_lang": "it", "memories": [name], "limit": None}
        found = subsegments(store, q, phrases=False, min_tokens=min_tokens, **opts)  # type: ignore[arg-type]
        assert {m.unit_id for m in found} == _brute_contained(store, name, q, min_tokens)
        slow = subsegments(store, q, phrases=False, min_tokens=min_tokens, exhaustive=True, **opts)  # type: ignore[arg-type]
        assert [m.as_dict() for m in found] == [m.as_dict() for m in slow]
        for m in found:
            assert m.type == "subsegment"
            assert m.subsegment is not None
            a, b = m.subsegment["span"]
            assert index_tokens(q[a:b], "en") == index_tokens(m.source.plain, "en")


@settings(max_examples=30, deadline=None, suppress_health_check=list(HealthCheck))
@given(
    sources=st.lists(_texts, min_size=2, max_size=25),
    query=st.lists(st.sampled_from(_WORDS), max_size=14).map(" ".join),
)
def test_phrase_counts_are_the_units_holding_the_phrase(
    store: Store, sources: list[str], query: str
) -> None:
    name = f"p{next(_runs)}"
    store.create_memory(name)
    store.import_units(name, [unit(("en", s), ("it", f"resa {s}")) for s in sources], origin="t")
    for m in subsegments(
        store, query, source_lang="en", target_lang="it", memories=[name], units=False, limit=None
    ):
        assert m.subsegment is not None
        assert m.subsegment["kind"] == "phrase"
        toks = index_tokens(m.subsegment["text"], "en")
        holding = [
            su
            for su in store.iter_units(memories=[name])
            if _inside(toks, index_tokens(su.unit.variants[0].text, "en"))
        ]
        assert m.subsegment["count"] == len(holding) >= 2
        rendering = index_tokens(str(m.target), "it")
        assert any(
            _inside(rendering, index_tokens(su.unit.variants[1].text, "it")) for su in holding
        )


# -- the issue's example and the suggest hook ---------------------------------------------------


@pytest.fixture
def g7() -> Store:
    store = MemoryStore()
    import_tmx(store, SAMPLE, memory="g7")
    return store


def test_the_issue_sentence_gets_its_phrase_with_renderings(g7: Store) -> None:
    assert suggest(g7, ISSUE, source_lang="it", target_lang="sw", threshold=30) == []
    for tgt, rendering in (("sw", "uhalifu uliopangwa wa kimataifa"), ("en", "organised crime")):
        [m, *_] = suggest(
            g7, ISSUE, source_lang="it", target_lang=tgt, threshold=30, subsegments=True
        )
        assert m.type == "subsegment"
        assert m.subsegment is not None
        a, b = m.subsegment["span"]
        assert ISSUE[a:b] == m.subsegment["text"] == "criminalità organizzata transnazionale"
        assert m.subsegment["count"] == 3
        assert rendering in str(m.target)
        assert m.as_dict()["subsegment"]["renderings"][0]["dice"] > 0.5
        assert m.score == round(100 * 3 / len(index_tokens(ISSUE, "it")), 2)


def test_subsegments_only_when_no_whole_segment_matches(g7: Store) -> None:
    text = next(v.text for su in g7.iter_units() for v in su.unit.variants_for("it"))
    found = suggest(g7, text, source_lang="it", target_lang="en", subsegments=True)
    assert found
    assert all(m.type != "subsegment" for m in found)


def test_bad_parameters_are_refused(g7: Store) -> None:
    with pytest.raises(InvalidInputError):
        subsegments(g7, ISSUE, source_lang="it", target_lang="en", min_count=0)
    with pytest.raises(InvalidInputError):
        subsegments(g7, ISSUE, source_lang="it", target_lang="en", limit=0)


def test_token_spans_point_at_the_words_as_written() -> None:
    text = "Nell’Unione, il 5 novembre 2025 STRASSE e l'ONU."
    toks = index_tokens(text, "it")
    spans = token_spans(text, toks)
    assert [text[a:b].casefold().replace("’", "'") for a, b in spans][:2] == toks[:2]
    assert text[slice(*spans[toks.index("<num>")])] == "5"


# -- real sentences: FLORES it / en / sw -------------------------------------------------------


@pytest.fixture
def flores_rows(corpus: Path) -> list[list[str]]:
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    return [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]


LANGS = {"en": 1, "it": 2, "sw": 3}


def _flores_store(store: Store, rows: list[list[str]]) -> Store:
    store.create_memory("flores")
    store.import_units(
        "flores",
        [unit(*((lang, r[col].strip()) for lang, col in LANGS.items())) for r in rows],
        origin="t",
    )
    return store


@pytest.mark.parametrize(("src", "tgt"), [("it", "sw"), ("en", "it"), ("sw", "en")])
def test_stored_sentences_inside_a_longer_query_are_found_with_their_span(
    store: Store, flores_rows: list[list[str]], src: str, tgt: str
) -> None:
    rows = flores_rows[:300]
    _flores_store(store, rows)
    first, second = rows[41], rows[187]
    query = f"{first[LANGS[src]].strip()} {second[LANGS[src]].strip()}"
    found = subsegments(store, query, source_lang=src, target_lang=tgt, phrases=False)
    pieces = {m.subsegment["text"]: str(m.target) for m in found if m.subsegment}
    for row in (first, second):
        sentence = row[LANGS[src]].strip()
        [text] = [t for t in pieces if sentence.startswith(t) and len(sentence) - len(t) <= 2]
        assert pieces[text] == row[LANGS[tgt]].strip()
    assert {m.score for m in found} <= {
        round(100 * len(index_tokens(r[LANGS[src]], src)) / len(index_tokens(query, src)), 2)
        for r in (first, second)
    }


@pytest.mark.parametrize(
    ("src", "tgt", "phrase", "rendering"),
    [
        ("en", "it", "Atlantic Ocean", "Atlantico"),
        ("it", "sw", "oceano Atlantico", "Atlantiki"),
        ("sw", "en", "Afrika Kusini", "South Africa"),
    ],
)
def test_recurring_phrases_of_a_new_sentence_come_with_their_rendering(
    store: Store, flores_rows: list[list[str]], src: str, tgt: str, phrase: str, rendering: str
) -> None:
    _flores_store(store, flores_rows[:700])
    held = [r for r in flores_rows[700:] if phrase in r[LANGS[src]]]
    assert held, f"no held-out FLORES sentence with {phrase!r}"
    found = subsegments(store, held[0][LANGS[src]].strip(), source_lang=src, target_lang=tgt)
    [m] = [m for m in found if m.subsegment and m.subsegment["text"] == phrase]
    assert m.subsegment is not None
    assert m.subsegment["kind"] == "phrase"
    assert rendering in str(m.target)
    assert rendering in held[0][LANGS[tgt]]
    toks = index_tokens(phrase, src)
    assert m.subsegment["count"] == sum(
        _inside(toks, index_tokens(r[LANGS[src]], src)) for r in flores_rows[:700]
    )
