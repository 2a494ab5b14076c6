"""Analysis of a job per match band, on a store built from real units of the sample memory."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkutano.tm import InvalidInputError, MemoryStore, Store, analyze, import_tmx
from mkutano.tm.analysis import BANDS, count_words, repetition_key
from mkutano.tmx import Prop, Segment, Tag, read_tmx
from mkutano.tmx.document import Document
from mkutano.tmx.text import read_text_document, text_document

SAMPLE = Path(__file__).resolve().parents[2] / "tm" / "data"

# One segment per paragraph, each chosen for the band it must land in (scores with the units
# below: 100, 98, 88.91, 80, 71.43, nothing, 101 through the context props, then a repetition).
JOB = [
    ("La riunione si è svolta a Roma il 2 ottobre 2024.", "100"),
    ("La riunione si è svolta a Roma il 5 ottobre 2024.", "95-99"),
    ("La riunione si è svolta a Napoli il 5 ottobre 2024.", "85-94"),
    ("Il Gruppo ha esaminato la radicalizzazione in carcere e online.", "75-84"),
    ("Il migrante è stato assistito dalla polizia.", "50-74"),
    ("Oggi piove molto su tutta la città di Milano.", "no-match"),
    ("Il Gruppo ha discusso del contrasto al terrorismo.", "context"),
    ("La riunione si è svolta a Roma il 2 ottobre 2024.", "repetitions"),
]


def _job_text(sentences: list[str]) -> str:
    return "\n\n".join(sentences) + "\n"


def fill_sample_units(store: Store) -> None:
    """Real units of the sample memory; g7-028 carries the neighbours it has in JOB."""
    units = {u.tuid: u for u in read_tmx(SAMPLE / "g7-rome-lyon.tmx")}
    picked = [units[t] for t in ("g7-024", "g7-026", "g7-027", "g7-029", "g7-045", "g7-048")]
    context = units["g7-028"]
    context.props = [*context.props, Prop("prev", JOB[5][0]), Prop("next", JOB[7][0])]
    store.create_memory("g7")
    store.import_units("g7", [*picked, context], origin="test")


@pytest.fixture
def job_store(store: Store) -> Store:
    fill_sample_units(store)
    return store


def _doc(name: str, sentences: list[str]) -> Document:
    return text_document(_job_text(sentences), "it", name=name)


def test_each_segment_lands_in_its_band(job_store: Store) -> None:
    report = analyze(
        job_store, [_doc("job.it.txt", [s for s, _ in JOB])], source_lang="it", target_lang="sw"
    )
    assert [s.band for s in report.segments] == [band for _, band in JOB]
    counts = report.files[0].bands
    for band in BANDS:
        expected = sum(1 for _, b in JOB if b == band)
        assert counts[band].segments == expected, band


def test_words_per_band_add_up_to_the_file(job_store: Store) -> None:
    report = analyze(
        job_store, [_doc("job.it.txt", [s for s, _ in JOB])], source_lang="it", target_lang="sw"
    )
    fa = report.files[0]
    assert fa.words == sum(count_words(s, "it") for s, _ in JOB)
    assert fa.bands["100"].words == count_words(JOB[0][0], "it") == 11
    assert fa.bands["repetitions"].words == 11
    assert fa.characters == sum(len(s.replace(" ", "")) for s, _ in JOB)


def test_fuzzy_bands_follow_the_best_score(job_store: Store) -> None:
    report = analyze(
        job_store, [_doc("job.it.txt", [s for s, _ in JOB])], source_lang="it", target_lang="sw"
    )
    limits = {"95-99": (95, 100), "85-94": (85, 95), "75-84": (75, 85), "50-74": (50, 75)}
    for seg in report.segments:
        if seg.band in limits:
            low, high = limits[seg.band]
            assert seg.score is not None, seg
            assert low <= seg.score < high, seg
        if seg.band == "no-match":
            assert seg.score is None
    assert report.segments[6].score == 101.0
    assert report.segments[7].repeats == 1


def test_a_repetition_in_a_later_file_counts_there_and_in_the_total(job_store: Store) -> None:
    first = _doc("a.it.txt", [JOB[4][0], JOB[5][0]])
    second = _doc("b.it.txt", [JOB[5][0], JOB[1][0], JOB[4][0]])
    report = analyze(job_store, [first, second], source_lang="it", target_lang="sw")
    a, b = report.files
    assert a.bands["repetitions"].segments == 0
    assert b.bands["repetitions"].segments == 2
    assert b.bands["95-99"].segments == 1
    for band in BANDS:
        assert report.total.bands[band].segments == a.bands[band].segments + b.bands[band].segments
        assert report.total.bands[band].words == a.bands[band].words + b.bands[band].words
    assert report.total.segments == 5


def test_the_first_occurrence_of_a_repeated_new_segment_counts_as_new() -> None:
    store = MemoryStore()
    report = analyze(
        store,
        [_doc("x.txt", [JOB[5][0], JOB[5][0], JOB[5][0]])],
        source_lang="it",
        target_lang="sw",
    )
    assert [s.band for s in report.segments] == ["no-match", "repetitions", "repetitions"]


def test_memories_limit_the_lookup(job_store: Store) -> None:
    job_store.create_memory("other")
    report = analyze(
        job_store,
        [_doc("job.it.txt", [JOB[0][0]])],
        source_lang="it",
        target_lang="sw",
        memories=["other"],
    )
    assert report.segments[0].band == "no-match"
    assert report.memories == ["other"]


def test_sample_report_is_all_exact_but_the_repeated_title() -> None:
    store = MemoryStore()
    import_tmx(store, SAMPLE / "g7-rome-lyon.tmx", memory="g7")
    doc = read_text_document(SAMPLE / "report.it.txt", "it")
    report = analyze(store, [doc], source_lang="it", target_lang="sw-KE")
    total = report.total
    assert total.segments == 23
    assert total.bands["100"].segments == 22
    assert total.bands["repetitions"].segments == 1
    assert report.segments[-1].text.startswith("Prima riunione dei Capi Delegazione")
    assert report.target_lang == "sw-KE"


def test_as_dict_is_json_with_every_band(job_store: Store) -> None:
    report = analyze(
        job_store, [_doc("job.it.txt", [s for s, _ in JOB])], source_lang="IT", target_lang="sw"
    )
    data = json.loads(json.dumps(report.as_dict(details=True)))
    assert data["source_lang"] == "it"
    assert list(data["total"]["bands"]) == list(BANDS)
    assert data["files"][0]["name"] == "job.it.txt"
    assert data["total"]["segments"] == len(JOB)
    assert [s["band"] for s in data["segments"]] == [b for _, b in JOB]
    assert "segments" not in report.as_dict()


def test_an_empty_job_or_bad_language_is_refused() -> None:
    store = MemoryStore()
    with pytest.raises(InvalidInputError, match="at least one document"):
        analyze(store, [], source_lang="it", target_lang="sw")
    with pytest.raises(InvalidInputError, match="source language"):
        analyze(store, [_doc("x", ["Ciao."])], source_lang="it_IT!", target_lang="sw")


def test_a_document_without_text_counts_nothing() -> None:
    report = analyze(MemoryStore(), [_doc("empty.txt", [])], source_lang="it", target_lang="sw")
    assert report.total.segments == 0
    assert report.total.words == 0


@pytest.mark.parametrize(
    ("text", "lang", "words"),
    [
        ("l'importanza e l'attualità della Convenzione", "it", 7),
        ("Ministero dell'Interno", "it", 3),
        ("Italy's 24/7 follow-up network", "en", 4),
        ("1.500 kg di cocaina, 10:30.", "it", 5),
        ("ng'ombe wa Kundi la Rome/Lyon", "sw", 6),
        ("“digital smuggling” — (IA)!", "it", 3),
        ("", "en", 0),
    ],
)
def test_words_are_counted_per_language(text: str, lang: str, words: int) -> None:
    assert count_words(text, lang) == words


@given(st.text(max_size=40), st.text(max_size=40), st.sampled_from(["it", "en", "sw"]))
def test_word_counts_add_up_over_white_space(a: str, b: str, lang: str) -> None:
    assert count_words(f"{a} {b}", lang) == count_words(a, lang) + count_words(b, lang)


def test_repetition_key_ignores_spacing_but_not_tags_or_case() -> None:
    bold = Segment(
        ("La ", Tag("bpt", "open", (("i", "1"),)), "riunione", Tag("ept", "close", (("i", "1"),)))
    )
    assert repetition_key(Segment.from_text("La  riunione\n")) == "La riunione"
    assert repetition_key(bold) != repetition_key(Segment.from_text("La riunione"))
    assert repetition_key(Segment.from_text("la riunione")) != "La riunione"
