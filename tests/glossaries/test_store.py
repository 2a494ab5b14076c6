"""The glossary store contract, run against memory, SQLite and PostgreSQL backends."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkutano.glossaries import (
    Concept,
    GlossaryConflict,
    GlossaryError,
    GlossaryNotFound,
    GlossaryStore,
    MemoryGlossaryStore,
    SQLGlossaryStore,
    Term,
    TermStatus,
    TermType,
    export_glossary,
    import_glossary,
    open_glossary_store,
    read_glossary,
    recognize_terms,
    recognizer_for,
)
from mkutano.glossaries.formats import SAMPLE_GLOSSARY
from mkutano.tm.db import Database


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[GlossaryStore]:
    if request.param == "memory":
        s: GlossaryStore = MemoryGlossaryStore()
    elif request.param == "sqlite":
        s = open_glossary_store(tmp_path / "g.db")
    else:
        url = request.getfixturevalue("pg_url")
        s = SQLGlossaryStore(Database(url))
    yield s
    s.close()


def _lepsg() -> Concept:
    return Concept(
        "lepsg",
        [
            Term("LEPSG", "en", TermStatus.PREFERRED, TermType.ACRONYM, do_not_translate=True),
            Term("Law Enforcement Projects Sub-Group", "en", type=TermType.FULL_FORM),
            Term("Kikundi Kidogo cha Miradi ya Utekelezaji wa Sheria", "sw"),
        ],
        subject_field="law enforcement",
        lang_definitions={"en": "A sub-group of the Rome/Lyon Group."},
    )


def test_store_implements_the_protocol(store: GlossaryStore) -> None:
    assert isinstance(store, GlossaryStore)


def test_glossaries_are_listed_by_priority(store: GlossaryStore) -> None:
    store.create_glossary("b", priority=1)
    store.create_glossary("a", priority=1)
    store.create_glossary("top", priority=5, description="client")
    assert [g.name for g in store.list_glossaries()] == ["top", "a", "b"]
    assert store.get_glossary("top").description == "client"
    with pytest.raises(GlossaryConflict):
        store.create_glossary("a")
    store.update_glossary("b", priority=9)
    assert store.list_glossaries()[0].name == "b"


def test_concept_crud(store: GlossaryStore) -> None:
    store.create_glossary("g7")
    saved = store.add_concept("g7", _lepsg())
    assert saved.glossary == "g7"
    assert saved.terms == _lepsg().terms
    assert store.get_glossary("g7").concepts == 1
    with pytest.raises(GlossaryConflict):
        store.add_concept("g7", _lepsg())
    changed = _lepsg()
    changed.terms.append(Term("LEPSG", "it", type=TermType.ACRONYM))
    store.update_concept("g7", changed)
    assert [t.lang for t in store.get_concept("g7", "lepsg").terms] == ["en", "en", "sw", "it"]
    assert [c.id for c in store.find_concepts("lepsg", "it")] == ["lepsg"]
    assert store.find_concepts("LEPSG", "sw") == []
    store.delete_concept("g7", "lepsg")
    with pytest.raises(GlossaryNotFound):
        store.get_concept("g7", "lepsg")
    with pytest.raises(GlossaryNotFound):
        store.update_concept("g7", _lepsg())
    assert store.find_concepts("LEPSG") == []


def test_concept_without_id_gets_one(store: GlossaryStore) -> None:
    store.create_glossary("g")
    a = store.add_concept("g", Concept("", [Term("cell", "en")]))
    b = store.add_concept("g", Concept("", [Term("gang", "en")]))
    assert a.id
    assert b.id
    assert a.id != b.id


def test_missing_glossary_is_not_found(store: GlossaryStore) -> None:
    with pytest.raises(GlossaryNotFound):
        store.get_glossary("nope")
    with pytest.raises(GlossaryNotFound):
        store.add_concept("nope", _lepsg())
    with pytest.raises(GlossaryNotFound):
        store.concepts(["nope"])


def test_invalid_name_is_refused(store: GlossaryStore) -> None:
    with pytest.raises(GlossaryError):
        store.create_glossary("  ")


def test_delete_glossary_removes_its_concepts(store: GlossaryStore) -> None:
    store.create_glossary("g")
    store.add_concept("g", _lepsg())
    store.delete_glossary("g")
    assert store.list_glossaries() == []
    assert store.find_concepts("LEPSG") == []


def test_import_is_idempotent_and_export_round_trips(store: GlossaryStore, tmp_path: Path) -> None:
    report = import_glossary(store, SAMPLE_GLOSSARY, name="g7")
    assert not report.rejected
    assert report.added >= 45
    assert report.updated == 0
    assert report.languages == ["it", "en", "sw"]
    again = import_glossary(store, SAMPLE_GLOSSARY, name="g7")
    assert (again.added, again.updated) == (0, report.added)
    out = tmp_path / "out.tbx"
    assert export_glossary(store, "g7", out) == report.added
    original = read_glossary(SAMPLE_GLOSSARY).concepts
    exported = read_glossary(out).concepts
    assert [c.to_dict() | {"glossary": ""} for c in exported] == [
        c.to_dict() | {"glossary": ""} for c in original
    ]


def test_rejected_file_stores_nothing(store: GlossaryStore, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text("<tbx><text><body></body></text>", encoding="utf-8")
    report = import_glossary(store, bad)
    assert report.rejected
    assert report.diagnostics
    assert store.list_glossaries() == []


def test_recognition_prefers_the_higher_priority_glossary(store: GlossaryStore) -> None:
    store.create_glossary("general", priority=0)
    store.create_glossary("client", priority=10)
    store.add_concept("general", Concept("g-cell", [Term("cell", "en")]))
    store.add_concept("client", Concept("c-cell", [Term("terrorist cell", "en")]))
    store.add_concept("client", Concept("c-net", [Term("network", "en")]))
    store.add_concept("general", Concept("g-net", [Term("network", "en")]))
    r = recognizer_for(store)
    assert [h.concept_id for h in r.find("a terrorist cell", "en")] == ["c-cell"]
    assert [h.concept.glossary for h in r.find("the network", "en")] == ["client", "general"]
    only = recognize_terms(store, "the cell network", "en", glossaries=["general"])
    assert [h.concept_id for h in only] == ["g-cell", "g-net"]


def test_sample_glossary_is_used_when_the_store_is_empty(store: GlossaryStore) -> None:
    hits = recognize_terms(store, "Magaidi na wahamiaji.", "sw")
    assert {h.concept.glossary for h in hits} == {"g7-sample"}
    assert len(hits) == 2


_word = st.text(st.characters(whitelist_categories=("Ll", "Lu", "Nd")), min_size=1, max_size=12)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    terms=st.lists(
        st.builds(
            Term,
            text=_word,
            lang=st.sampled_from(["en", "it", "sw"]),
            status=st.none() | st.sampled_from(list(TermStatus)),
            usage_note=st.just("") | _word,
        ),
        min_size=1,
        max_size=4,
    ),
    note=st.text(max_size=30),
)
def test_sqlite_insert_then_get_is_identity(tmp_path: Path, terms: list[Term], note: str) -> None:
    s = SQLGlossaryStore(Database(":memory:"))
    s.create_glossary("g")
    c = Concept("x", terms, note=note)
    got = s.get_concept("g", s.add_concept("g", c).id)
    assert got.terms == terms
    assert got.note == note
    s.close()
