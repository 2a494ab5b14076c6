"""The one contract every Store backend meets (run on memory, SQLite and PostgreSQL)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkutano.tm import (
    ConflictError,
    ImportAborted,
    InvalidInputError,
    Memory,
    MemoryNotFound,
    ReadOnlyError,
    Store,
    UnitNotFound,
    VersionConflict,
    batching,
)
from mkutano.tm.editing import replace_texts
from mkutano.tmx import Header, Note, Prop, Segment, Tag, Unit, Variant


def unit(*pairs: tuple[str, str], **kw: object) -> Unit:
    """A unit from (lang, text) pairs."""
    return Unit([Variant(lang, Segment.from_text(text)) for lang, text in pairs], **kw)  # type: ignore[arg-type]


def it_sw(it: str, sw: str, **kw: object) -> Unit:
    return unit(("it", it), ("sw", sw), **kw)


IT1 = "La criminalità organizzata transnazionale minaccia la sicurezza."
SW1 = "Uhalifu wa kupangwa wa kimataifa unatishia usalama."


# -- memories ----------------------------------------------------------------------------------


def test_memories_are_listed_by_priority_then_name(store: Store) -> None:
    store.create_memory("b-project", priority=1)
    store.create_memory("a-client", priority=1)
    store.create_memory("archive", priority=5, read_only=True, description="old")
    names = [m.name for m in store.list_memories()]
    assert names == ["archive", "a-client", "b-project"]
    archive = store.get_memory("archive")
    assert (archive.priority, archive.read_only, archive.description) == (5, True, "old")
    assert archive.created_at.endswith("Z")


def test_memory_name_taken_is_a_conflict(store: Store) -> None:
    store.create_memory("g7")
    with pytest.raises(ConflictError, match="g7"):
        store.create_memory("g7")


def test_blank_memory_name_is_refused(store: Store) -> None:
    with pytest.raises(InvalidInputError):
        store.create_memory("   ")


def test_missing_memory_is_not_found(store: Store) -> None:
    with pytest.raises(MemoryNotFound, match="nowhere"):
        store.get_memory("nowhere")
    with pytest.raises(KeyError):
        store.add_unit("nowhere", it_sw(IT1, SW1))


def test_update_memory_changes_only_given_fields(store: Store) -> None:
    store.create_memory("g7", priority=3, description="Rome/Lyon")
    m = store.update_memory("g7", read_only=True)
    assert (m.priority, m.read_only, m.description) == (3, True, "Rome/Lyon")
    m = store.update_memory("g7", priority=-1, read_only=False, description="")
    assert (m.priority, m.read_only, m.description) == (-1, False, "")


def test_memory_counts_its_units(store: Store) -> None:
    store.create_memory("a")
    store.create_memory("b")
    store.add_unit("a", it_sw("uno", "moja"))
    store.add_unit("a", it_sw("due", "mbili"))
    store.add_unit("b", it_sw("tre", "tatu"))
    counts = {m.name: m.units for m in store.list_memories()}
    assert counts == {"a": 2, "b": 1}
    assert store.get_memory("a").units == 2
    assert store.count_units() == 3
    assert store.count_units("b") == 1
    store.add_unit("a", it_sw("uno", "moja"))  # merged: no new unit
    store.delete_unit(store.add_unit("b", it_sw("quattro", "nne")).id)
    store.delete_unit(next(store.iter_units(memories=["a"])).id)
    assert [(m.name, m.units) for m in store.list_memories()] == [("a", 1), ("b", 1)]


def test_delete_memory_removes_its_units_and_index(store: Store) -> None:
    store.create_memory("a")
    store.create_memory("b")
    gone = store.add_unit("a", it_sw("il terrorismo", "ugaidi"))
    kept = store.add_unit("b", it_sw("il riciclaggio", "utakatishaji"))
    store.delete_memory("a")
    assert [m.name for m in store.list_memories()] == ["b"]
    with pytest.raises(UnitNotFound):
        store.get_unit(gone.id)
    assert store.get_unit(kept.id).memory == "b"
    assert store.document_frequencies("sw", ["ugaidi", "utakatishaji"]) == {
        "ugaidi": 0,
        "utakatishaji": 1,
    }
    assert store.candidates("sw", ["ugaidi"], min_length=0, max_length=10) == []


# -- units -------------------------------------------------------------------------------------


def rich_unit() -> Unit:
    return Unit(
        variants=[
            Variant(
                "it-IT",
                Segment(
                    (
                        "Vedi ",
                        Tag("bpt", "open", (("i", "1"), ("x", "1")), "&lt;b&gt;"),
                        "l'articolo 5",
                        Tag("ept", "close", (("i", "1"),), "&lt;/b&gt;"),
                        ".",
                    )
                ),
                attrs={"creationdate": "20240101T120000Z", "x-custom": "yes"},
                props=[Prop("x-context", "art. 5", {"o-encoding": "utf-8"})],
                notes=[Note("controllato", {"xml:lang": "it"})],
            ),
            Variant("sw-KE", Segment.from_text("Tazama kifungu cha 5.")),
        ],
        attrs={"tuid": "g7-42", "srclang": "it-IT", "usagecount": "3"},
        props=[Prop("x-domain", "organised crime"), Prop("x-domain", "terrorism")],
        notes=[Note("Rome/Lyon Group, 2024")],
    )


def test_added_unit_comes_back_equal_with_provenance(store: Store) -> None:
    store.create_memory("g7")
    u = rich_unit()
    added = store.add_unit("g7", u, origin="cli", project="report-2026", override_reason="ok")
    got = store.get_unit(added.id)
    assert got.unit == u
    assert (got.memory, got.origin, got.project, got.override_reason) == (
        "g7",
        "cli",
        "report-2026",
        "ok",
    )
    assert got.created_at == got.updated_at
    assert got.created_at.endswith("Z")


def test_returned_unit_is_a_copy(store: Store) -> None:
    store.create_memory("g7")
    added = store.add_unit("g7", rich_unit())
    added.unit.attrs["tuid"] = "changed"
    added.unit.variants[0].props.clear()
    assert store.get_unit(added.id).unit == rich_unit()


def test_missing_unit_is_not_found(store: Store) -> None:
    with pytest.raises(UnitNotFound, match="12345"):
        store.get_unit(12345)
    with pytest.raises(UnitNotFound):
        store.delete_unit(12345)
    with pytest.raises(UnitNotFound):
        store.update_unit(12345, it_sw("a", "b"))
    with pytest.raises(UnitNotFound):
        store.record_usage(12345)


def test_get_units_keeps_the_order_asked_and_drops_missing(store: Store) -> None:
    store.create_memory("g7")
    a = store.add_unit("g7", it_sw("uno", "moja"))
    b = store.add_unit("g7", it_sw("due", "mbili"))
    got = store.get_units([b.id, 999_999, a.id])
    assert [s.id for s in got] == [b.id, a.id]


def test_unit_without_variant_or_with_bad_language_is_refused(store: Store) -> None:
    store.create_memory("g7")
    with pytest.raises(InvalidInputError):
        store.add_unit("g7", Unit([]))
    with pytest.raises(InvalidInputError, match="language tag"):
        store.add_unit("g7", unit(("it", "ciao"), ("not a tag!", "x")))
    assert store.count_units() == 0


def test_update_replaces_content_and_reindexes(store: Store) -> None:
    store.create_memory("g7")
    first = store.add_unit("g7", it_sw("il contrabbando", "magendo"), origin="import:a.tmx")
    new = it_sw("la tratta di esseri umani", "biashara haramu ya binadamu")
    updated = store.update_unit(first.id, new, override_reason="term fixed")
    assert updated.id == first.id
    assert updated.unit == new
    assert updated.origin == "import:a.tmx"
    assert updated.created_at == first.created_at
    assert updated.updated_at >= first.updated_at
    assert updated.override_reason == "term fixed"
    assert store.document_frequencies("sw", ["magendo", "binadamu"]) == {
        "magendo": 0,
        "binadamu": 1,
    }
    found = store.candidates("sw", ["binadamu"], min_length=1, max_length=10)
    assert [(c.unit_id, c.tokens) for c in found] == [
        (first.id, ("biashara", "haramu", "ya", "binadamu"))
    ]


def test_a_unit_starts_at_version_1_and_each_change_raises_it(store: Store) -> None:
    store.create_memory("g7")
    a = store.add_unit("g7", it_sw("il sequestro", "ukamataji"))
    assert a.version == 1
    b = store.update_unit(a.id, it_sw("il sequestro", "kukamata"))
    assert b.version == 2
    c = store.edit_unit(a.id, lambda s: (replace_texts(s.unit, [("sw", "ukamataji")]), None))
    assert c.version == 3
    assert store.get_unit(a.id).version == 3
    assert next(store.iter_units(memories=["g7"])).version == 3


def test_a_write_on_a_stale_version_is_refused_with_the_current_one(store: Store) -> None:
    store.create_memory("g7")
    a = store.add_unit("g7", it_sw("il sequestro", "ukamataji"))
    store.update_unit(a.id, it_sw("il sequestro", "kukamata"), if_version=1)
    with pytest.raises(VersionConflict) as err:
        store.update_unit(a.id, it_sw("il sequestro", "ukamataji"), if_version=1)
    assert err.value.current == 2
    with pytest.raises(VersionConflict):
        store.delete_unit(a.id, if_version=1)
    stored = store.get_unit(a.id)
    assert (stored.version, stored.unit.variants[1].segment.plain) == (2, "kukamata")
    store.delete_unit(a.id, if_version=2)
    with pytest.raises(UnitNotFound):
        store.get_unit(a.id)


def test_an_edit_that_fails_writes_nothing(store: Store) -> None:
    store.create_memory("g7")
    a = store.add_unit("g7", it_sw("il sequestro", "ukamataji"))

    def refuse(_: object) -> tuple[Unit, str | None]:
        raise InvalidInputError("no")

    with pytest.raises(InvalidInputError):
        store.edit_unit(a.id, refuse)
    assert store.get_unit(a.id).version == 1
    with pytest.raises(UnitNotFound):
        store.edit_unit(a.id + 100, refuse)


def _edit_at_once(
    store: Store,
    uid: int,
    start: threading.Barrier,
    errors: list[BaseException],
    lang: str,
    text: str,
) -> None:
    try:
        start.wait()
        store.edit_unit(uid, lambda s: (replace_texts(s.unit, [(lang, text)]), None))
    except BaseException as exc:  # reported by the test
        errors.append(exc)


def test_two_writers_editing_other_languages_of_one_unit_lose_nothing(store: Store) -> None:
    """Twenty rounds of two threads each changing its own language of the same unit at once:
    both changes are kept every time (the edit reads the unit inside the locked write)."""
    store.create_memory("g7")
    uid = store.add_unit("g7", unit(("it", "la sede"), ("sw", "makao"), ("fr", "le siège"))).id
    for rnd in range(20):
        start = threading.Barrier(2)
        errors: list[BaseException] = []
        threads = [
            threading.Thread(target=_edit_at_once, args=(store, uid, start, errors, lang, text))
            for lang, text in (("sw", f"makao {rnd}"), ("fr", f"le siège {rnd}"))
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        texts = {v.lang: v.segment.plain for v in store.get_unit(uid).unit.variants}
        assert texts == {"it": "la sede", "sw": f"makao {rnd}", "fr": f"le siège {rnd}"}
    assert store.get_unit(uid).version == 41


def test_delete_unit_removes_it_from_the_index(store: Store) -> None:
    store.create_memory("g7")
    a = store.add_unit("g7", it_sw("il sequestro", "ukamataji"))
    store.delete_unit(a.id)
    with pytest.raises(UnitNotFound):
        store.get_unit(a.id)
    assert store.document_frequencies("sw", ["ukamataji"]) == {"ukamataji": 0}
    assert store.candidates("it", ["sequestro"], min_length=0, max_length=9) == []
    assert store.count_units() == 0


def test_record_usage_counts_in_tmx_attributes(store: Store) -> None:
    store.create_memory("g7")
    a = store.add_unit("g7", it_sw("uno", "moja", attrs={"usagecount": "4"}))
    store.record_usage(a.id)
    store.record_usage(a.id)
    attrs = store.get_unit(a.id).unit.attrs
    assert attrs["usagecount"] == "6"
    assert len(attrs["lastusagedate"]) == 16
    assert attrs["lastusagedate"].endswith("Z")


def test_headers_are_kept_once_per_memory(store: Store) -> None:
    store.create_memory("g7")
    h = Header(
        attrs={"creationtool": "OmegaT", "srclang": "it", "segtype": "sentence"},
        props=[Prop("x-project", "g7")],
        udes=['<ude name="MacRoman"/>'],
        version="1.4",
    )
    store.add_header("g7", h, origin="import:a.tmx")
    store.add_header("g7", h, origin="import:b.tmx")
    assert store.headers("g7") == [h]


# -- languages ---------------------------------------------------------------------------------


def test_language_tags_are_normalised_in_the_index(store: Store) -> None:
    store.create_memory("g7")
    a = store.add_unit("g7", unit(("IT_it", "la polizia"), ("SW-ke", "polisi")))
    b = store.add_unit("g7", unit(("ita", "la polizia di frontiera"), ("swh", "polisi wa mpaka")))
    assert store.get_unit(a.id).unit.variants[0].lang == "IT_it"  # as written, for export
    found = store.candidates("sw", ["polisi"], min_length=0, max_length=10)
    assert {(c.unit_id, c.lang) for c in found} == {(a.id, "sw-KE"), (b.id, "sw")}
    assert store.document_frequencies("sw-KE", ["polisi"]) == {"polisi": 2}
    assert store.document_frequencies("it-IT", ["polizia"]) == {"polizia": 2}
    assert [s.id for s in store.iter_units(languages=["swc", "it"])] == [a.id, b.id]


def test_bad_language_in_a_query_is_invalid_input(store: Store) -> None:
    store.create_memory("g7")
    with pytest.raises(InvalidInputError, match="no good"):
        store.candidates("no good", ["x"], min_length=0, max_length=3)
    with pytest.raises(InvalidInputError):
        store.document_frequencies("", ["x"])
    with pytest.raises(InvalidInputError):
        list(store.iter_units(languages=["??"]))


def test_ids_are_never_reused(store: Store) -> None:
    store.create_memory("g7")
    first = store.add_unit("g7", it_sw("uno", "moja"))
    last = store.add_unit("g7", it_sw("due", "mbili"))
    store.delete_unit(last.id)
    again = store.add_unit("g7", it_sw("tre", "tatu"))
    assert again.id > last.id > first.id


def test_any_language_can_be_source_or_target(store: Store) -> None:
    store.create_memory("g7")
    u = store.add_unit("g7", unit(("it", "il terrorismo"), ("en", "terrorism"), ("sw", "ugaidi")))
    for lang, token in (("it", "terrorismo"), ("en", "terrorism"), ("sw", "ugaidi")):
        (c,) = store.candidates(lang, [token], min_length=1, max_length=2)
        assert c.unit_id == u.id
        assert store.get_unit(c.unit_id).unit.variants[c.variant_index].lang == lang


# -- duplicate policy --------------------------------------------------------------------------


def test_same_source_and_target_merges_metadata(store: Store) -> None:
    store.create_memory("g7")
    first = store.add_unit(
        "g7",
        it_sw(
            IT1,
            SW1,
            attrs={"usagecount": "2", "changedate": "20200101T000000Z"},
            props=[Prop("x-file", "a.doc")],
        ),
    )
    again = it_sw(
        IT1,
        SW1,
        attrs={"usagecount": "1", "changedate": "20240101T000000Z", "changeid": "ann"},
        props=[Prop("x-file", "a.doc"), Prop("x-file", "b.doc")],
        notes=[Note("checked")],
    )
    again.variants[1].lang = "SW"  # same language, other spelling
    merged = store.add_unit("g7", again)
    assert merged.id == first.id
    assert store.count_units() == 1
    u = store.get_unit(first.id).unit
    assert u.attrs == {"usagecount": "2", "changedate": "20240101T000000Z", "changeid": "ann"}
    assert u.props == [Prop("x-file", "a.doc"), Prop("x-file", "b.doc")]
    assert u.notes == [Note("checked")]
    assert store.document_frequencies("sw", ["usalama"]) == {"usalama": 1}


def test_importing_a_unit_again_merges_without_a_change(store: Store) -> None:
    store.create_memory("g7")
    unit = it_sw(IT1, SW1, attrs={"changedate": "20240101T000000Z"})
    store.import_units("g7", [unit], origin="import:a.tmx")
    (before,) = list(store.iter_units())
    report = store.import_units("g7", [unit, it_sw(IT1, SW1)], origin="import:a.tmx")
    assert (report.added, report.merged) == (0, 2)
    (after,) = list(store.iter_units())
    assert after.updated_at == before.updated_at  # nothing new: nothing written
    assert after.unit == before.unit
    newer = it_sw(IT1, SW1, attrs={"changedate": "20250101T000000Z"})
    store.import_units("g7", [newer], origin="import:b.tmx")
    (changed,) = list(store.iter_units())
    assert changed.unit.attrs["changedate"] == "20250101T000000Z"
    assert changed.updated_at > before.updated_at


def test_same_source_other_target_is_kept_as_alternative(store: Store) -> None:
    store.create_memory("g7")
    report = store.import_units(
        "g7",
        [
            it_sw(IT1, SW1),
            it_sw(IT1, "Uhalifu uliopangwa unatishia usalama."),
            it_sw(IT1, SW1),
            it_sw("Un'altra frase.", SW1),
        ],
        origin="import:g7.tmx",
    )
    assert (report.added, report.alternatives, report.merged) == (2, 1, 1)
    assert report.units_read == 4
    assert store.count_units() == 3


def test_source_is_the_srclang_variant(store: Store) -> None:
    store.create_memory("g7")
    units = [
        unit(("en", "border police"), ("it", "polizia di frontiera")),
        unit(("en", "frontier police"), ("it", "polizia di frontiera")),
    ]
    report = store.import_units("g7", units, origin="import:x.tmx", srclang="it")
    assert (report.added, report.alternatives) == (1, 1)
    store.create_memory("other")
    report = store.import_units("other", units, origin="import:x.tmx", srclang="*all*")
    assert (report.added, report.alternatives) == (2, 0)


def test_duplicates_are_per_memory(store: Store) -> None:
    store.create_memory("a")
    store.create_memory("b")
    one = store.add_unit("a", it_sw(IT1, SW1))
    two = store.add_unit("b", it_sw(IT1, SW1))
    assert one.id != two.id
    assert store.count_units() == 2


def test_import_skips_unusable_units_with_reasons(store: Store) -> None:
    store.create_memory("g7")
    bad = unit(("it", "ciao"), ("??", "jambo"))
    bad.line = 17
    report = store.import_units("g7", [it_sw("uno", "moja"), bad, Unit([])], origin="import:g7.tmx")
    assert report.added == 1
    assert len(report.skipped) == 2
    assert report.skipped[0].startswith("g7.tmx:17: ")
    assert "skipped" in report.skipped[0]
    assert report.units_read == 3
    counts = report.as_dict()
    assert counts["skipped"] == 2
    assert counts["added"] == 1


# -- batches -----------------------------------------------------------------------------------


def failing_after(n: int) -> Iterator[Unit]:
    for i in range(n):
        yield it_sw(f"frase {i} sul riciclaggio", f"sentensi {i} kuhusu utakatishaji")
    raise RuntimeError("disk unplugged")


@pytest.mark.parametrize(
    ("piece", "read", "batch_size", "kept", "seen"),
    [
        # batches [0,1] and [2,3] were complete; unit 4 was in the batch that failed
        (10_000, 5, 2, 4, [2, 4]),
        # a batch of 5 goes to the workers in pieces of 2, 2, 1 and is still one transaction:
        # units 0-4 stay; 5-8 were read (two pieces) but their batch never completed
        (2, 9, 5, 5, [5]),
    ],
)
def test_failure_mid_import_rolls_back_that_batch_only(
    store: Store,
    monkeypatch: pytest.MonkeyPatch,
    piece: int,
    read: int,
    batch_size: int,
    kept: int,
    seen: list[int],
) -> None:
    monkeypatch.setattr(batching, "PIECE_SIZE", piece)
    store.create_memory("g7")
    progress: list[int] = []
    with pytest.raises(ImportAborted, match="disk unplugged") as info:
        store.import_units(
            "g7",
            failing_after(read),
            origin="import:x.tmx",
            batch_size=batch_size,
            progress=progress.append,
        )
    assert store.count_units() == kept
    assert info.value.report.added == kept
    assert progress == seen
    assert store.document_frequencies("sw", ["utakatishaji"]) == {"utakatishaji": kept}
    texts = [s.unit.variants[0].segment.plain for s in store.iter_units()]
    assert texts == [f"frase {i} sul riciclaggio" for i in range(kept)]


def test_skipped_units_of_a_many_piece_batch_are_reported_in_input_order(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batching, "PIECE_SIZE", 2)
    store.create_memory("g7")
    units = [it_sw(f"frase {i}", f"sentensi {i}", line=10 + i) for i in range(7)]
    for i in (1, 4, 5):
        units[i] = unit(("it", f"frase {i}"), ("not a tag!", "x"), line=10 + i)
    report = store.import_units("g7", units, origin="import:x.tmx", batch_size=7, workers=2)
    assert report.added == 4
    assert [r.split(":")[:2] for r in report.skipped] == [
        ["x.tmx", "11"],
        ["x.tmx", "14"],
        ["x.tmx", "15"],
    ]


def test_failure_in_first_batch_leaves_store_unchanged(store: Store) -> None:
    store.create_memory("g7")
    store.add_unit("g7", it_sw("prima", "kwanza"))
    with pytest.raises(ImportAborted):
        store.import_units("g7", failing_after(3), origin="import:x.tmx", batch_size=10)
    assert store.count_units() == 1
    assert store.document_frequencies("sw", ["utakatishaji"]) == {"utakatishaji": 0}


def test_import_spanning_many_batches_keeps_every_unit(store: Store) -> None:
    store.create_memory("g7")
    units = [it_sw(f"articolo {i} della convenzione", f"kifungu {i} cha mkataba") for i in range(7)]
    units.append(it_sw("articolo 3 della convenzione", "kifungu 3 cha mkataba"))
    report = store.import_units("g7", units, origin="import:x.tmx", batch_size=3, workers=1)
    assert (report.added, report.merged) == (7, 1)
    assert store.count_units() == 7
    assert store.document_frequencies("it", ["convenzione", "<num>"]) == {
        "convenzione": 7,
        "<num>": 7,
    }


# -- read-only ---------------------------------------------------------------------------------


def test_read_only_memory_refuses_writes(store: Store) -> None:
    store.create_memory("archive")
    kept = store.add_unit("archive", it_sw("uno", "moja"))
    store.update_memory("archive", read_only=True)
    with pytest.raises(ReadOnlyError, match="archive"):
        store.add_unit("archive", it_sw("due", "mbili"))
    with pytest.raises(ReadOnlyError):
        store.import_units("archive", [it_sw("tre", "tatu")], origin="import:x.tmx")
    with pytest.raises(ReadOnlyError):
        store.update_unit(kept.id, it_sw("quattro", "nne"))
    with pytest.raises(ReadOnlyError):
        store.delete_unit(kept.id)
    with pytest.raises(ReadOnlyError):
        store.delete_memory("archive")
    store.record_usage(kept.id)  # usage is not a content change
    assert store.get_unit(kept.id).unit.variants[1].text == "moja"
    assert store.count_units() == 1


# -- iteration ---------------------------------------------------------------------------------


def test_iter_units_filters_by_memory_and_language(store: Store) -> None:
    store.create_memory("a")
    store.create_memory("b")
    x = store.add_unit("a", it_sw("uno", "moja"))
    y = store.add_unit("a", unit(("it", "due"), ("en", "two")))
    z = store.add_unit("b", unit(("en", "three"), ("sw-KE", "tatu")))
    assert [s.id for s in store.iter_units()] == [x.id, y.id, z.id]
    assert [s.id for s in store.iter_units(memories=["a"])] == [x.id, y.id]
    assert [s.id for s in store.iter_units(languages=["sw"])] == [x.id, z.id]
    assert [s.id for s in store.iter_units(memories=["a"], languages=["en", "it"])] == [y.id]
    assert list(store.iter_units(memories=[])) == []
    with pytest.raises(MemoryNotFound):
        list(store.iter_units(memories=["nope"]))


def test_iter_units_filters_by_change_date(store: Store) -> None:
    store.create_memory("g7")
    a = store.add_unit("g7", it_sw("uno", "moja"))
    b = store.add_unit("g7", it_sw("due", "mbili"))
    b = store.update_unit(b.id, it_sw("due!", "mbili!"))
    day = a.updated_at[:10]
    assert [s.id for s in store.iter_units(changed_since=day, changed_until=day)] == [a.id, b.id]
    assert [s.id for s in store.iter_units(changed_since=b.updated_at)] == [b.id]
    assert [s.id for s in store.iter_units(changed_until=a.updated_at)] == [a.id]
    assert list(store.iter_units(changed_until="2000-01-01")) == []
    assert [s.id for s in store.iter_units(changed_since="20000101T000000Z")] == [a.id, b.id]
    with pytest.raises(InvalidInputError, match="date"):
        list(store.iter_units(changed_since="yesterday"))


def test_iter_units_pages_with_a_cursor(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("mkutano.tm.sqlstore._PAGE", 3)  # cross several SQL pages with few units
    store.create_memory("g7")
    ids = [store.add_unit("g7", it_sw(f"frase {c}", f"sentensi {c}")).id for c in "abcdefgh"]
    assert [s.id for s in store.iter_units()] == ids
    assert [s.id for s in store.iter_units(after_id=ids[2], limit=4)] == ids[3:7]
    assert [s.id for s in store.iter_units(after_id=ids[-1])] == []
    assert list(store.iter_units(limit=0)) == []
    # walking with the cursor sees each unit once
    seen: list[int] = []
    cursor = 0
    while batch := list(store.iter_units(after_id=cursor, limit=3)):
        seen += [s.id for s in batch]
        cursor = batch[-1].id
    assert seen == ids


# -- index -------------------------------------------------------------------------------------


def test_document_frequencies_count_variants_per_base_language(store: Store) -> None:
    store.create_memory("g7")
    store.add_unit("g7", it_sw("la mafia e la mafia", "mafia na mafia"))
    store.add_unit("g7", unit(("it-CH", "la mafia"), ("en", "the mafia")))
    assert store.document_frequencies("it", ["mafia", "la", "camorra"]) == {
        "mafia": 2,
        "la": 2,
        "camorra": 0,
    }
    assert store.document_frequencies("en", ["mafia"]) == {"mafia": 1}
    assert store.document_frequencies("fr", ["mafia"]) == {"mafia": 0}


def test_candidates_need_one_token_and_the_length_window(store: Store) -> None:
    store.create_memory("a")
    store.create_memory("b")
    short = store.add_unit("a", it_sw("il terrorismo", "ugaidi"))
    longer = store.add_unit(
        "a", it_sw("la lotta al terrorismo internazionale", "vita dhidi ya ugaidi")
    )
    other = store.add_unit("b", it_sw("terrorismo e mafia", "ugaidi na mafia"))
    store.add_unit("a", it_sw("la pesca", "uvuvi"))

    def ids(**kw: object) -> list[int]:
        found = store.candidates("it", ["terrorismo", "mafia"], **kw)  # type: ignore[arg-type]
        return [c.unit_id for c in found]

    assert ids(min_length=0, max_length=100) == [short.id, longer.id, other.id]
    assert ids(min_length=2, max_length=3) == [short.id, other.id]
    assert ids(min_length=5, max_length=5) == [longer.id]
    assert ids(min_length=0, max_length=100, memories=["b"]) == [other.id]
    assert ids(min_length=0, max_length=100, memories=[]) == []
    (c,) = store.candidates("sw", ["vita"], min_length=0, max_length=9)
    assert c == type(c)(longer.id, 1, "a", "sw", ("vita", "dhidi", "ya", "ugaidi"))
    assert store.candidates("it", [], min_length=0, max_length=9) == []
    assert store.candidates("it", ["assente"], min_length=0, max_length=9) == []


def test_candidates_can_require_several_shared_tokens(store: Store) -> None:
    store.create_memory("a")
    store.create_memory("b")
    both = store.add_unit("a", it_sw("terrorismo e mafia", "ugaidi na mafia"))
    three = store.add_unit("a", it_sw("la mafia il terrorismo e il riciclaggio", "x"))
    one = store.add_unit("a", it_sw("il terrorismo", "ugaidi"))
    repeated = store.add_unit("b", it_sw("mafia mafia mafia", "mafia"))  # one distinct token
    store.add_unit("a", it_sw("la pesca", "uvuvi"))
    tokens = ["terrorismo", "mafia", "riciclaggio", "assente"]

    def ids(shared: int, **kw: object) -> list[int]:
        window: dict[str, object] = {"min_length": 0, "max_length": 100} | kw
        found = store.candidates("it", tokens, min_shared=shared, **window)  # type: ignore[arg-type]
        return [c.unit_id for c in found]

    assert ids(1) == [both.id, three.id, one.id, repeated.id]
    assert ids(2) == [both.id, three.id]
    assert ids(3) == [three.id]
    assert ids(4) == []  # "assente" is in no variant
    assert ids(2, min_length=4, max_length=9) == [three.id]
    assert ids(2, memories=["b"]) == []
    (c,) = store.candidates("it", tokens[:3], min_length=0, max_length=3, min_shared=2)
    assert c == type(c)(both.id, 0, "a", "it", ("terrorismo", "e", "mafia"))


def test_candidates_count_shared_tokens_across_a_very_long_query(store: Store) -> None:
    store.create_memory("a")
    words = [f"parola{i}" for i in range(700)]  # more tokens than one SQL IN list holds
    long = store.add_unit("a", it_sw(" ".join(words), "x"))
    ends = store.add_unit("a", it_sw(f"{words[0]} e {words[-1]}", "y"))
    store.add_unit("a", it_sw(f"{words[350]} soltanto", "z"))
    found = store.candidates("it", words, min_length=0, max_length=1000, min_shared=2)
    assert [c.unit_id for c in found] == [long.id, ends.id]
    assert found[0].tokens == tuple(words)


def test_variants_without_tokens_are_listed(store: Store) -> None:
    store.create_memory("g7")
    tag_only = Unit(
        [
            Variant("it", Segment((Tag("ph", "empty", (("x", "1"),), "&lt;br/&gt;"),))),
            Variant("sw", Segment.from_text("...")),
        ]
    )
    u = store.add_unit("g7", tag_only)
    store.add_unit("g7", it_sw("testo", "maandishi"))
    found = store.variants_without_tokens("it")
    assert [(c.unit_id, c.variant_index, c.tokens) for c in found] == [(u.id, 0, ())]
    assert [c.variant_index for c in store.variants_without_tokens("sw-KE")] == [1]
    assert store.variants_without_tokens("it", memories=["g7"]) == found
    assert store.variants_without_tokens("it", memories=[]) == []
    store.delete_unit(u.id)
    assert store.variants_without_tokens("it") == []


def test_memory_objects_are_values(store: Store) -> None:
    m = store.create_memory("g7", priority=2)
    assert isinstance(m, Memory)
    assert m == store.get_memory("g7")


# -- property: insert → get --------------------------------------------------------------------

_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
    max_size=40,
)
_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyz-", min_size=1, max_size=12)
_attrs = st.dictionaries(_name, _text, max_size=3)
_tag = st.builds(
    Tag,
    kind=st.sampled_from(["bpt", "ept", "it", "ph", "ut", "hi"]),
    role=st.sampled_from(["open", "close", "empty"]),
    attrs=st.lists(st.tuples(_name, _text), max_size=2).map(tuple),
    code=_text,
)
_segment = st.lists(st.one_of(_text, _tag), max_size=5).map(lambda p: Segment(tuple(p)))
_props = st.lists(st.builds(Prop, type=_name, text=_text, attrs=_attrs), max_size=2)
_notes = st.lists(st.builds(Note, text=_text, attrs=_attrs), max_size=2)
_variant = st.builds(
    Variant,
    lang=st.sampled_from(["it", "en", "sw", "sw-KE", "it_IT", "EN-gb", "swh", "fr"]),
    segment=_segment,
    attrs=_attrs,
    props=_props,
    notes=_notes,
)
_unit = st.builds(
    Unit,
    variants=st.lists(_variant, min_size=1, max_size=4),
    attrs=_attrs,
    props=_props,
    notes=_notes,
)
_counter = itertools.count()


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(u=_unit)
def test_inserted_unit_reads_back_equal(store: Store, u: Unit) -> None:
    name = f"m{next(_counter)}"
    store.create_memory(name)
    added = store.add_unit(name, u)
    assert store.get_unit(added.id).unit == u
    assert [s.unit for s in store.iter_units(memories=[name])] == [u]


# -- identity kept on merge ----------------------------------------------------------------------


def test_merged_duplicate_keeps_its_tuid_and_creationid(store: Store) -> None:
    from mkutano.tm import find_units, unit_ids

    store.create_memory("m")
    store.import_units(
        "m",
        [
            it_sw(IT1, SW1, attrs={"tuid": "a-1", "creationid": "anna"}),
            it_sw(IT1, SW1, attrs={"tuid": "b-7", "creationid": "juma"}),
            it_sw(IT1, SW1, attrs={"tuid": "b-7"}),  # the same id again: recorded once
        ],
        origin="t",
    )
    [stored] = list(store.iter_units(memories=["m"]))
    assert stored.unit.attrs["tuid"] == "a-1"
    assert unit_ids(stored.unit) == ["a-1", "b-7"]
    assert unit_ids(stored.unit, "creationid") == ["anna", "juma"]
    assert [s.id for s in find_units(store, "b-7")] == [stored.id]
    assert [s.id for s in find_units(store, "a-1", memories=["m"])] == [stored.id]
    assert [s.id for s in find_units(store, "juma", field="creationid")] == [stored.id]
    assert find_units(store, "c-9") == []


def test_every_tuid_of_a_real_file_is_found_after_merging_and_export(
    store: Store, corpus: Path, tmp_path: Path
) -> None:
    """OpenXLIFF's Spanish TMX: 519 units, many identical; each tuid still finds its unit, in
    the store and in the exported file."""
    from mkutano.tm import find_units, import_tmx, unit_ids
    from mkutano.tm.transfer import export_tmx
    from mkutano.tmx import read_tmx

    path = corpus / "tmx" / "maxprograms" / "OpenXLIFF" / "i18n" / "OpenXLIFF_Java_es.tmx"
    with read_tmx(path) as doc:
        originals = {u.attrs["tuid"]: u.variants[0].segment for u in doc}
    assert len(originals) == 519
    import_tmx(store, path, memory="openxliff")
    stored = list(store.iter_units(memories=["openxliff"]))
    assert len(stored) < 519  # duplicates were merged
    by_tuid = {t: s for s in stored for t in unit_ids(s.unit)}
    assert set(by_tuid) == set(originals)
    assert all(by_tuid[t].unit.variants[0].segment == seg for t, seg in originals.items())
    merged_away = [t for t in originals if by_tuid[t].unit.attrs["tuid"] != t]
    for t in merged_away[:20]:
        assert [s.id for s in find_units(store, t)] == [by_tuid[t].id]
    out = tmp_path / "out.tmx"
    export_tmx(store, out, memories=["openxliff"])
    with read_tmx(out) as doc:
        exported = {t for u in doc for t in unit_ids(u)}
    assert exported == set(originals)
