"""What only the database store has: atomic writes, persistence, sharing, opening by URL."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from mkutano.tm import (
    DatabaseError,
    ImportAborted,
    MemoryStore,
    SQLStore,
    batching,
    migrate_store,
    open_store,
)
from mkutano.tm.characters import CHAR_MAX, index_grams
from mkutano.tm.migrations import MIGRATIONS, PACKED_IDS
from mkutano.tm.tokens import index_tokens
from mkutano.tmx import Segment, Unit, Variant


def it_sw(it: str, sw: str) -> Unit:
    return Unit([Variant("it", Segment.from_text(it)), Variant("sw", Segment.from_text(sw))])


def postings_of(db: Any, table: str) -> str:
    """SQL for the (token_id, ntokens, variant_id) postings of ``table``, in either layout (one
    row a posting, or PostgreSQL's packed arrays since migration 7)."""
    packed = db.dialect == "postgres" and db.query(
        "SELECT 1 FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND table_name = ? AND column_name = 'variant_ids'",
        (table,),
    )
    if packed:
        return f"(SELECT token_id, ntokens, unnest(variant_ids) AS variant_id FROM {table})"
    return table


def unpack_to_version_5(db: Any) -> None:
    """Give a PostgreSQL store the posting tables it had before migration 7 (one row a posting,
    ``bigint`` ids, the primary key), with the same postings, and forget migration 7."""
    with db.transaction():
        for table in ("tm_postings", "tm_postings_recent"):
            db.execute(
                f"CREATE TABLE {table}_v5 AS SELECT token_id::bigint AS token_id,"
                " ntokens, unnest(variant_ids)::bigint AS variant_id FROM " + table
            )
            db.execute(f"DROP TABLE {table}")
            db.execute(f"ALTER TABLE {table}_v5 RENAME TO {table}")
            db.execute(f"ALTER TABLE {table} ADD PRIMARY KEY (token_id, ntokens, variant_id)")
        db.execute("DELETE FROM schema_migrations WHERE namespace = 'tm' AND version = 7")


@pytest.fixture(params=["sqlite", "postgres"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "tm.db")
    return str(request.getfixturevalue("pg_url"))


@pytest.fixture
def sql_store(url: str) -> Iterator[SQLStore]:
    store = open_store(url)
    assert isinstance(store, SQLStore)
    yield store
    store.close()


def fail_second_index_write(
    store: SQLStore, monkeypatch: pytest.MonkeyPatch, *, halfway: bool
) -> Callable[..., Any]:
    """Make the store's second index write fail (after doing its work when ``halfway``);
    return the real index writer."""
    real_index = store._index
    calls = 0

    def flaky(rows: list) -> dict:  # type: ignore[type-arg]
        nonlocal calls
        calls += 1
        if calls == 2:
            if halfway:
                real_index(rows)  # half the work is done when the failure comes
            raise DatabaseError("database error: disk I/O error")
        return real_index(rows)

    monkeypatch.setattr(store, "_index", flaky)
    return real_index


def test_a_rolled_back_batch_of_pieces_leaves_no_token_id_behind(
    sql_store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    # a batch of 4 units in pieces of 2: the first piece writes new tokens, the second fails;
    # the ids of the first piece's tokens must not be reused once the batch is rolled back
    monkeypatch.setattr(batching, "PIECE_SIZE", 2)
    sql_store.create_memory("g7")
    real_index = fail_second_index_write(sql_store, monkeypatch, halfway=False)
    words = ("uno", "due", "tre", "quattro")
    units = [it_sw(f"frase {w}", f"sentensi {w}") for w in words]
    with pytest.raises(ImportAborted, match="disk I/O error") as info:
        sql_store.import_units("g7", units, origin="import:x.tmx", batch_size=4, workers=1)
    assert info.value.report.added == 0
    assert sql_store.count_units() == 0
    monkeypatch.setattr(sql_store, "_index", real_index)
    report = sql_store.import_units("g7", units, origin="import:x.tmx", batch_size=4)
    assert report.added == 4
    assert sql_store.document_frequencies("it", ["frase", *words]) == {
        "frase": 4,
        **dict.fromkeys(words, 1),
    }
    found = sql_store.candidates("it", ["uno"], min_length=0, max_length=9)
    assert [v.tokens for v in found] == [("frase", "uno")]


def test_failed_index_write_rolls_back_the_units_of_that_batch(
    sql_store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    sql_store.create_memory("g7")
    fail_second_index_write(sql_store, monkeypatch, halfway=True)
    units = [it_sw(f"frase {w}", f"sentensi {w}") for w in ("uno", "due", "tre", "quattro")]
    with pytest.raises(ImportAborted, match="disk I/O error") as info:
        sql_store.import_units("g7", units, origin="import:x.tmx", batch_size=2, workers=1)
    assert info.value.report.added == 2
    assert sql_store.count_units() == 2
    assert sql_store.document_frequencies("it", ["frase", "tre", "uno"]) == {
        "frase": 2,
        "tre": 0,
        "uno": 1,
    }
    assert sql_store.candidates("sw", ["sentensi"], min_length=0, max_length=9)[-1].tokens == (
        "sentensi",
        "due",
    )
    # the tokens met in the rolled-back batch get valid ids when they come again
    monkeypatch.undo()
    report = sql_store.import_units("g7", units, origin="import:x.tmx")
    assert (report.added, report.merged) == (2, 2)
    assert sql_store.document_frequencies("it", ["tre", "quattro"]) == {"tre": 1, "quattro": 1}


def test_a_copy_broken_off_midway_stores_nothing_of_its_batch(
    sql_store: SQLStore, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The bulk writes stream rows (``COPY ... FROM STDIN`` on PostgreSQL): a stream that breaks
    after some rows of the second batch's postings reached the server leaves that batch out
    whole (units, variants, dictionary, postings), and the first batch as it was."""
    sql_store.create_memory("g7")
    memory = MemoryStore()
    memory.create_memory("g7")
    units = [it_sw(f"frase {i} porto", f"sentensi {i}") for i in range(8)]
    real_copy = sql_store.db.copy_rows
    streams = 0

    def breaking(table: str, columns: Any, rows: Any) -> None:
        nonlocal streams
        if table.startswith("tm_postings"):
            streams += 1
            if streams == 2:
                rows = list(rows)
                assert len(rows) > 1

                def some_then_fail() -> Iterator[Any]:
                    yield from rows[: len(rows) // 2]
                    raise DatabaseError("database error: connection lost")

                return real_copy(table, columns, some_then_fail())
        return real_copy(table, columns, rows)

    monkeypatch.setattr(sql_store.db, "copy_rows", breaking)
    with pytest.raises(ImportAborted, match="connection lost") as info:
        sql_store.import_units("g7", units, origin="t", batch_size=4, workers=1)
    assert info.value.report.added == 4
    assert sql_store.count_units() == 4
    memory.import_units("g7", units[:4], origin="t", batch_size=4, workers=1)
    db = sql_store.db
    assert db.query_one("SELECT COUNT(*) FROM tm_variants") == (8,)
    assert sql_store.document_frequencies("it", ["frase", "porto", "5"]) == {
        "frase": 4,
        "porto": 4,
        "5": 0,
    }
    for s in (sql_store, memory):  # every posting left names a stored variant
        assert [
            (c.unit_id, c.tokens)
            for c in s.candidates("it", ["porto", "frase", "5"], min_length=1, max_length=9)
        ] == [
            (c.unit_id, c.tokens)
            for c in memory.candidates("it", ["porto", "frase", "5"], min_length=1, max_length=9)
        ]
    orphans = db.query_one(
        "SELECT COUNT(*) FROM ("
        + " UNION ALL ".join(
            f"SELECT variant_id FROM {postings_of(db, t)} p"
            for t in ("tm_postings", "tm_postings_recent")
        )
        + ") p WHERE variant_id NOT IN (SELECT id FROM tm_variants)"
    )
    assert orphans == (0,)
    monkeypatch.undo()
    assert sql_store.import_units("g7", units, origin="t").added == 4


def test_store_and_index_survive_a_restart(url: str) -> None:
    first = open_store(url)
    first.create_memory("g7", priority=4)
    added = first.add_unit("g7", it_sw("la criminalità organizzata", "uhalifu wa kupangwa"))
    first.close()
    again = open_store(url)
    try:
        assert again.get_memory("g7").priority == 4
        assert again.get_unit(added.id).unit == added.unit
        assert again.document_frequencies("sw", ["uhalifu"]) == {"uhalifu": 1}
        (c,) = again.candidates("it", ["criminalità"], min_length=1, max_length=5)
        assert (c.unit_id, c.tokens) == (added.id, ("la", "criminalità", "organizzata"))
    finally:
        again.close()


def test_two_handles_share_one_store(url: str) -> None:
    writer, reader = open_store(url), open_store(url)
    try:
        writer.create_memory("g7")
        added = writer.add_unit("g7", it_sw("il terrorismo", "ugaidi"))
        assert reader.get_unit(added.id).memory == "g7"
        assert reader.document_frequencies("sw", ["ugaidi"]) == {"ugaidi": 1}
        reader.record_usage(added.id)
        assert writer.get_unit(added.id).unit.attrs["usagecount"] == "1"
    finally:
        writer.close()
        reader.close()


def test_threads_write_at_the_same_time(sql_store: SQLStore) -> None:
    sql_store.create_memory("g7")
    errors: list[BaseException] = []

    def work(k: int) -> None:
        try:
            for i in range(10):
                sql_store.add_unit("g7", it_sw(f"frase {k} {i}", f"sentensi {k} {i}"))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert sql_store.count_units("g7") == 40
    assert sql_store.document_frequencies("it", ["frase"]) == {"frase": 40}


def test_two_writers_importing_the_same_units_store_them_once(
    url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, second = open_store(url), open_store(url)
    assert isinstance(first, SQLStore)
    try:
        first.create_memory("g7")
        units = [it_sw(f"frase {i}", f"sentensi {i}") for i in range(20)]
        first_writing, second_done = threading.Event(), threading.Event()
        real_index = first._index

        def slow_index(rows: list) -> dict:  # type: ignore[type-arg]
            # the first writer holds its transaction open while the second one imports: without
            # turns taken per memory, the second would not see these units and add them again
            out = real_index(rows)
            first_writing.set()
            second_done.wait(timeout=1.0)
            return out

        monkeypatch.setattr(first, "_index", slow_index)
        reports: dict[str, Any] = {}
        a = threading.Thread(
            target=lambda: reports.__setitem__("a", first.import_units("g7", units, origin="a"))
        )
        a.start()
        assert first_writing.wait(timeout=30)
        reports["b"] = second.import_units("g7", units, origin="b")
        second_done.set()
        a.join(timeout=30)
        assert second.count_units("g7") == 20
        assert reports["a"].added + reports["b"].added == 20
        assert reports["a"].merged + reports["b"].merged == 20
        assert second.document_frequencies("it", ["frase"]) == {"frase": 20}
    finally:
        first.close()
        second.close()


def test_parallel_import_on_worker_processes_matches_inline(sql_store: SQLStore) -> None:
    units = [it_sw(f"articolo {i} del trattato", f"kifungu {i} cha mkataba") for i in range(9)]
    sql_store.create_memory("inline")
    sql_store.create_memory("pool")
    inline = sql_store.import_units("inline", units, origin="t", batch_size=2, workers=1)
    pooled = sql_store.import_units("pool", units, origin="t", batch_size=2, workers=2)
    assert inline == pooled
    got = [s.unit for s in sql_store.iter_units(memories=["pool"])]
    assert got == units


def test_migrations_apply_once(url: str) -> None:
    assert migrate_store(url) == [1, 2, 3, 4, 5, 6, 7]
    assert migrate_store(url) == []
    store = open_store(url)
    try:
        assert store.list_memories() == []
    finally:
        store.close()


def test_open_store_understands_each_location(tmp_path: Path) -> None:
    assert isinstance(open_store("memory:"), MemoryStore)
    (tmp_path / "b").mkdir()
    for location in (":memory:", f"sqlite:///{tmp_path / 'a.db'}", tmp_path / "b" / "c.db"):
        store = open_store(location)
        try:
            store.create_memory("x")
            assert [m.name for m in store.list_memories()] == ["x"]
        finally:
            store.close()
    assert (tmp_path / "a.db").exists()
    assert (tmp_path / "b" / "c.db").exists()


def test_unreachable_postgres_is_a_database_error() -> None:
    with pytest.raises(DatabaseError, match="cannot open database"):
        open_store("postgresql://nobody:secret@127.0.0.1:1/none?connect_timeout=2")


def test_postings_moved_from_recent_into_the_index_are_found_and_removed(
    sql_store: SQLStore,
) -> None:
    words = ["mafia", "soldi", "frontiera", "polizia", "rete", "droga", "porto", "banca"]
    units = [
        it_sw(f"{words[i % 8]} {words[(i * 3) % 8]} e {words[(i * 5 + 1) % 8]} numero {i}", f"s{i}")
        for i in range(30)
    ]
    memory = MemoryStore()
    for store in (sql_store, memory):
        store.create_memory("g7")

    # one posting per distinct token of each variant (the Swahili side is one token), and one
    # per character key of these short variants
    def keys(u: Unit) -> int:
        joined = [" ".join(index_tokens(v.text, v.lang)) for v in u.variants]
        return sum(len(set(j.split())) + len(index_grams(j)) for j in joined)

    # move every other batch of 4 units, so that the last batch's postings stay recent
    per_batch = [sum(map(keys, units[i : i + 4])) for i in range(0, len(units), 4)]
    sql_store.recent_postings_max = per_batch[0] + per_batch[1]
    sql_store.import_units("g7", units, origin="import:x.tmx", batch_size=4, workers=1)
    memory.import_units("g7", units, origin="import:x.tmx", batch_size=4, workers=1)

    def postings(table: str) -> int:
        row = sql_store.db.query_one(f"SELECT COUNT(*) FROM {postings_of(sql_store.db, table)} p")
        assert row is not None
        return int(row[0])

    def same_candidates() -> None:
        for query in (["mafia", "soldi"], ["porto"], ["rete", "banca", "droga"]):
            for shared in (1, 2):
                got, want = (
                    [
                        (c.unit_id, c.tokens)
                        for c in s.candidates(
                            "it", query, min_length=1, max_length=20, min_shared=shared
                        )
                    ]
                    for s in (sql_store, memory)
                )
                assert got == want, (query, shared)
                assert got or shared > len(query)

    moved, recent = postings("tm_postings"), postings("tm_postings_recent")
    assert moved > 0
    assert recent > 0

    distinct = sum(map(keys, units))
    assert moved + recent == distinct
    same_candidates()

    first = next(sql_store.iter_units())  # its postings were moved into tm_postings
    sql_store.delete_unit(first.id)
    memory.delete_unit(next(memory.iter_units()).id)
    assert postings("tm_postings") + postings("tm_postings_recent") == distinct - keys(units[0])
    same_candidates()


def test_an_import_sets_its_bulk_settings_back(tmp_path: Path) -> None:
    store = open_store(str(tmp_path / "tm.db"))
    assert isinstance(store, SQLStore)
    before = [store.db.query(f"PRAGMA {p}")[0][0] for p in ("cache_size", "wal_autocheckpoint")]
    store.create_memory("g7")
    units = [it_sw(f"frase {i}", f"sentensi {i}") for i in range(50)]
    assert store.import_units("g7", units, origin="t", batch_size=10, workers=1).added == 50
    after = [store.db.query(f"PRAGMA {p}")[0][0] for p in ("cache_size", "wal_autocheckpoint")]
    assert after == before == [-65536, 1000]
    store.close()


def test_deleting_a_memory_during_an_import_neither_deadlocks_nor_leaves_units(
    sql_store: SQLStore,
) -> None:
    """Issue 24: on PostgreSQL the delete blocked 87-177 s and ended in a deadlock. The delete
    waits for the batch being written, then the import's next batch finds no memory."""
    sql_store.create_memory("g7")
    first_batch, deleted = threading.Event(), threading.Event()
    outcome: list[BaseException | None] = []

    def units() -> Iterator[Unit]:
        for i in range(40):
            if i == 4:
                first_batch.set()  # batches of 2: two are committed by now
                assert deleted.wait(60)
            yield it_sw(f"la riunione numero {i}", f"mkutano namba {i}")

    def run() -> None:
        try:
            sql_store.import_units("g7", units(), origin="import:t.tmx", batch_size=2)
            outcome.append(None)
        except BaseException as exc:  # inspected below
            outcome.append(exc)

    importer = threading.Thread(target=run)
    importer.start()
    assert first_batch.wait(60)
    sql_store.delete_memory("g7")
    deleted.set()
    importer.join(60)
    assert not importer.is_alive()
    assert isinstance(outcome[0], ImportAborted)
    assert "no memory named 'g7'" in str(outcome[0])
    assert sql_store.list_memories() == []
    assert sql_store.count_units() == 0
    assert sql_store.document_frequencies("it", ["riunione"]) == {"riunione": 0}


def test_driver_errors_keep_their_internals_out_of_the_message(url: str) -> None:
    from mkutano.tm import DatabaseBusy, InvalidInputError
    from mkutano.tm.db import driver_error, open_database

    db = open_database(url)
    try:
        with pytest.raises(DatabaseError) as err:
            db.query("SELECT secret_column FROM tm_secret_table")
        assert "tm_secret_table" not in str(err.value)
        assert "tm_secret_table" in err.value.detail
        if db.dialect == "postgres":
            with pytest.raises(InvalidInputError) as bad:
                db.query("SELECT ?", ("a\x00b",))
            assert "NUL" in str(bad.value)
            assert "0x00" not in str(bad.value)
    finally:
        db.close()
    import sqlite3

    busy = driver_error(
        sqlite3.OperationalError("database is locked"), "cannot start a transaction"
    )
    assert isinstance(busy, DatabaseBusy)
    assert "retry" in str(busy)
    assert "locked" not in str(busy)
    assert busy.detail == "database is locked"


def test_migration_5_writes_the_character_keys_the_store_writes(sql_store: SQLStore) -> None:
    """A store from before character keys gets them from migration 5: the same dictionary rows,
    document frequencies and postings as the store writes itself for new short variants."""
    sql_store.create_memory("ui")
    texts = ["Close", "&Cycle", "Save as…", "${changedID}", "Öffnen", "5 files", "Ok", "?"]
    long = "This sentence is far too long to be compared character by character."
    units = [it_sw(t, f"{t} {i}") for i, t in enumerate([*texts, long])]
    sql_store.import_units("ui", units, origin="t", workers=1)
    sql_store.add_unit("ui", it_sw("Chiudi tutto", "Funga"))
    db = sql_store.db

    def character_index() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        keys = sorted(
            tuple(r)
            for r in db.query("SELECT base_lang, token, df FROM tm_tokens WHERE token LIKE ' %'")
        )
        postings = sorted(
            tuple(r)
            for table in ("tm_postings", "tm_postings_recent")
            for r in db.query(
                "SELECT t.base_lang, t.token, p.ntokens, p.variant_id"
                f" FROM {postings_of(db, table)} p"
                " JOIN tm_tokens t ON t.id = p.token_id WHERE t.token LIKE ' %'"
            )
        )
        return keys, postings

    written = character_index()
    assert written[0]
    assert written[1]
    assert max(p[2] for p in written[1]) <= CHAR_MAX  # the long sentence has no character key
    if db.dialect == "postgres":  # the layout migration 5 wrote into; migration 7 packs it
        unpack_to_version_5(db)
    with db.transaction():
        grams = "SELECT id FROM tm_tokens WHERE token LIKE ' %'"
        for table in ("tm_postings", "tm_postings_recent"):
            db.execute(f"DELETE FROM {table} WHERE token_id IN ({grams})")
        db.execute("DELETE FROM tm_tokens WHERE token LIKE ' %'")
        assert character_index() == ([], [])
        [migration] = [m for m in MIGRATIONS if m.version == 5]
        for sql in migration.postgres if db.dialect == "postgres" else migration.sqlite:
            db.execute(sql)
    if db.dialect == "postgres":
        assert db.migrate("tm", MIGRATIONS) == [7]
    assert character_index() == written


def test_migration_7_packs_the_postings_of_a_postgres_store(pg_url: str) -> None:
    """A PostgreSQL store of one row per posting is rewritten packed by migration 7: the same
    postings, sorted arrays of at most PACKED_IDS ids, and the store reads and writes as before."""
    store = open_store(pg_url)
    assert isinstance(store, SQLStore)
    memory = MemoryStore()
    # 900 variants share "frase" at one length: more than two packed rows of it
    units = [it_sw(f"frase {i}", f"sentensi {i % 7}") for i in range(900)]
    units += [it_sw(f"mafia e porto {i}", "bandari") for i in range(30)]
    for s in (store, memory):
        s.create_memory("g7")
        s.import_units("g7", units, origin="t", batch_size=300, workers=1)
    db = store.db

    def postings() -> list[tuple[Any, ...]]:
        return sorted(
            tuple(r)
            for table in ("tm_postings", "tm_postings_recent")
            for r in db.query(f"SELECT * FROM {postings_of(db, table)} p")
        )

    def candidates(s: Any) -> list[tuple[int, tuple[str, ...]]]:
        return [
            (c.unit_id, c.tokens)
            for q, shared in ((["frase", "7"], 1), (["mafia", "porto"], 2), (["bandari"], 1))
            for c in s.candidates("it", q, min_length=1, max_length=9, min_shared=shared)
        ] + [
            (c.unit_id, c.tokens)
            for c in s.candidates("sw", ["bandari"], min_length=1, max_length=9)
        ]

    written, found = postings(), candidates(store)
    assert found == candidates(memory)
    assert len(found) > 900
    store.close()
    old = open_store(pg_url, migrate=False)
    assert isinstance(old, SQLStore)
    unpack_to_version_5(old.db)
    counts = [
        old.db.query(f"SELECT COUNT(*) FROM {t}")[0][0]
        for t in ("tm_postings", "tm_postings_recent")
    ]
    assert sum(counts) == len(written)  # one row a posting again
    old.close()
    unmigrated = open_store(pg_url, migrate=False)  # reads the layout it finds
    assert isinstance(unmigrated, SQLStore)
    assert not unmigrated.packed
    assert candidates(unmigrated) == candidates(memory)
    unmigrated.close()

    store = open_store(pg_url)  # migration 7 runs
    assert isinstance(store, SQLStore)
    db = store.db
    assert db.schema_version("tm") == 7
    assert postings() == written
    rows = db.query("SELECT token_id, ntokens, variant_ids FROM tm_postings")
    assert all(0 < len(ids) <= PACKED_IDS and ids == sorted(ids) for _, _, ids in rows)
    frase = store._token_lookup("it", ["frase"])["frase"]
    # written 300 a batch, packed again by the migration
    assert sorted(len(ids) for t, n, ids in rows if (t, n) == (frase, 2)) == [100, 400, 400]
    assert candidates(store) == candidates(memory)
    # and it writes and removes postings as a store made packed does
    for s in (store, memory):
        s.delete_unit(next(s.iter_units()).id)
        s.add_unit("g7", it_sw("frase nuova", "sentensi mpya"))
    assert candidates(store) == candidates(memory)
    store.close()
