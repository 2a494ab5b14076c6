"""The database :class:`tm.Store`: one class over :class:`tm.db.Database` for SQLite and PostgreSQL.

The schema is in :mod:`tm.migrations`. Every write runs in one transaction that changes the unit
and its index entries together, so the index never disagrees with the units, and it lives in the
database: it survives restarts and every worker process sees the same one.

Ids of new units and variants are reserved up front so a batch is written with bulk inserts: on
SQLite the batch's transaction holds the write lock (``BEGIN IMMEDIATE``), so the next ids are
simply the largest ever given plus one; on PostgreSQL they come from the tables' sequences.
"""

from __future__ import annotations

import contextlib
from collections import Counter, defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from itertools import repeat
from operator import itemgetter
from typing import Any

from mkutano.tmx import Header, Unit

from .batching import run_import
from .characters import EVERY_SHORT, index_grams
from .codec import decode_header, decode_unit, encode_header, encode_unit, merge_units, same_content
from .db import Database, Row
from .errors import ConflictError, MemoryNotFound, ReadOnlyError, UnitNotFound
from .migrations import MIGRATIONS, NAMESPACE, PACKED_IDS
from .prepared import (
    PreparedUnit,
    check_memory_name,
    count_usage,
    date_bound,
    prepare_unit,
    query_base,
    utc_now,
)
from .store import (
    DEFAULT_BATCH_SIZE,
    ImportReport,
    IndexedVariant,
    Memory,
    ProgressCallback,
    StoredUnit,
    UnitEdit,
    check_qa_policy,
    check_version,
)

__all__ = ["SQLStore"]

_CHUNK = 500  # values per IN (...) list: far below SQLite's and PostgreSQL's limits
_PAGE = 500  # units per query when streaming
#: Postings kept in tm_postings_recent before they are moved into tm_postings in one statement
#: (SQLite): the big index is then rewritten once per this many postings (about 250,000 units of
#: real sentences), not once per batch, and the recent table stays small enough (about 120 MB) to
#: be cheap to read beside it and to keep in the import's page cache.
RECENT_POSTINGS_MAX = 8_000_000
# First key of the PostgreSQL advisory locks a writer takes per memory ("mktm"); the second
# is the memory's id.
_MEMORY_LOCK_SPACE = 0x6D6B746D
_TOKEN_CACHE_MAX = 500_000  # (base, token) -> id entries, about 60 MB at most
_CACHE_KIB = 65_536  # SQLite page cache per connection (tm.db's default)
_IMPORT_CACHE_KIB = 524_288  # during a bulk import: 512 MiB, within the 1.5 GB import budget
_CHECKPOINT_PAGES = 1000  # SQLite's default WAL autocheckpoint (pages)
_IMPORT_CHECKPOINT_PAGES = 100_000  # during a bulk import: a WAL of at most about 400 MB

_UNIT_COLUMNS = (
    "u.id, m.name, u.data, u.origin, u.project, u.created_at, u.updated_at, u.override_reason,"
    " u.version"
)


def _chunks(items: Sequence[Any], size: int = _CHUNK) -> Iterator[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _marks(n: int) -> str:
    return ", ".join("?" * n)


def _postings_query(ntokens: int, packed: bool = False) -> str:
    """The variant ids posted under ``ntokens`` token ids within a length window, from both
    posting tables (parameters: the ids, min and max length, twice). ``packed``: the PostgreSQL
    layout, an array of variant ids a row (:mod:`tm.migrations`)."""
    where = f" WHERE token_id IN ({_marks(ntokens)}) AND ntokens BETWEEN ? AND ?"
    ids = "unnest(variant_ids) AS variant_id" if packed else "variant_id"
    return (
        f"SELECT {ids} FROM tm_postings{where}"
        f" UNION ALL SELECT {ids} FROM tm_postings_recent{where}"
    )


def _packed_postings(
    pending: list[tuple[int, int, str, list[str]]], ids: dict[str, dict[str, int]]
) -> tuple[list[tuple[int, int, str]], int]:
    """The postings of (variant id, length, base, keys) entries as packed rows (token id,
    length, variant ids as an array literal), one per (token id, length), at most
    :data:`PACKED_IDS` ids each, in key order; and the number of postings.

    The entries come in increasing variant id (ids are reserved in order), so each row's ids are
    sorted as they are appended. The literal is written here: psycopg's list dumper is Python
    code, about 10 times slower than joining the digits.
    """
    grouped: defaultdict[tuple[int, int], list[int]] = defaultdict(list)
    count = 0
    for vid, n, base, keys in pending:
        id_of = ids[base]
        count += len(keys)
        for key in keys:
            grouped[(id_of[key], n)].append(vid)
    rows: list[tuple[int, int, str]] = []
    for (tid, n), vids in sorted(grouped.items()):
        for i in range(0, len(vids), PACKED_IDS):
            rows.append((tid, n, "{" + ",".join(map(str, vids[i : i + PACKED_IDS])) + "}"))
    return rows, count


def _unit(entry: tuple[int, Unit | PreparedUnit, bool]) -> Unit:
    u = entry[1]
    return u.unit if isinstance(u, PreparedUnit) else u


def _variant_key(v: IndexedVariant) -> tuple[int, int]:
    return (v.unit_id, v.variant_index)


class SQLStore:
    """A :class:`tm.Store` in a SQLite file or a PostgreSQL database."""

    def __init__(self, db: Database, *, migrate: bool = True) -> None:
        self.db = db
        if migrate:
            db.migrate(NAMESPACE, MIGRATIONS)
        # base_lang -> token -> id of rows known to be committed; token rows are never deleted
        self._token_ids: dict[str, dict[str, int]] = {}
        self._recent: int | None = None  # rows in tm_postings_recent, counted at the first write
        # token ids written by an import batch's transaction, cached once it commits
        self._uncommitted: dict[str, dict[str, int]] | None = None
        # PostgreSQL logs each row, not each page touched: it writes into tm_postings directly
        self.recent_postings_max = RECENT_POSTINGS_MAX if db.dialect == "sqlite" else 0
        #: postings packed into arrays (PostgreSQL, migration 7; :mod:`tm.migrations`); a store
        #: opened unmigrated keeps the layout it has
        self.packed = db.dialect == "postgres" and (migrate or db.schema_version(NAMESPACE) >= 7)

    # memories ----------------------------------------------------------------------------------
    def _memory_row(self, name: str) -> Row:
        row = self.db.query_one(
            "SELECT id, name, priority, read_only, description, created_at, units, qa_policy"
            " FROM tm_memories WHERE name = ?",
            (name,),
        )
        if row is None:
            raise MemoryNotFound(
                f"no memory named {name!r} (create it with 'mkutano memories create {name}')"
            )
        return row

    def _writable_id(self, name: str) -> int:
        row = self._memory_row(name)
        if row[3]:
            raise ReadOnlyError(
                f"memory {name!r} is read-only (clear it with"
                f" 'mkutano memories update {name} --read-write')"
            )
        return int(row[0])

    @staticmethod
    def _to_memory(row: Row, units: int) -> Memory:
        return Memory(
            name=row[1],
            priority=int(row[2]),
            read_only=bool(row[3]),
            description=row[4],
            created_at=row[5],
            units=units,
            qa_policy=row[7],
        )

    def create_memory(
        self,
        name: str,
        *,
        priority: int = 0,
        read_only: bool = False,
        description: str = "",
        qa_policy: str | None = None,
    ) -> Memory:
        name = check_memory_name(name)
        policy = check_qa_policy(qa_policy)
        with self.db.transaction():
            if self.db.query_one("SELECT id FROM tm_memories WHERE name = ?", (name,)):
                raise ConflictError(f"memory {name!r} already exists; pick another name")
            self.db.execute(
                "INSERT INTO tm_memories"
                " (name, priority, read_only, description, created_at, qa_policy)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (name, priority, int(read_only), description, utc_now(), policy),
            )
        return self.get_memory(name)

    def get_memory(self, name: str) -> Memory:
        row = self._memory_row(name)
        return self._to_memory(row, int(row[6]))

    def list_memories(self) -> list[Memory]:
        rows = self.db.query(
            "SELECT id, name, priority, read_only, description, created_at, units, qa_policy"
            " FROM tm_memories ORDER BY priority DESC, name"
        )
        return [self._to_memory(r, int(r[6])) for r in rows]

    def update_memory(
        self,
        name: str,
        *,
        priority: int | None = None,
        read_only: bool | None = None,
        description: str | None = None,
        qa_policy: str | None = None,
    ) -> Memory:
        policy = check_qa_policy(qa_policy)
        with self.db.transaction():
            row = self._memory_row(name)
            self.db.execute(
                "UPDATE tm_memories SET priority = ?, read_only = ?, description = ?,"
                " qa_policy = ? WHERE id = ?",
                (
                    row[2] if priority is None else priority,
                    row[3] if read_only is None else int(read_only),
                    row[4] if description is None else description,
                    row[7] if qa_policy is None else policy,
                    row[0],
                ),
            )
        return self.get_memory(name)

    def delete_memory(self, name: str) -> None:
        with self.db.transaction():
            mid = self._writable_id(name)
            # after the batch an import is writing: its next batch then finds no memory
            self._take_turn(mid)
            after = 0
            while True:
                ids = [
                    r[0]
                    for r in self.db.query(
                        "SELECT id FROM tm_units WHERE memory_id = ? AND id > ? ORDER BY id"
                        f" LIMIT {_PAGE * 4}",
                        (mid, after),
                    )
                ]
                if not ids:
                    break
                self._unindex(ids)
                for chunk in _chunks(ids):
                    self.db.execute(
                        f"DELETE FROM tm_units WHERE id IN ({_marks(len(chunk))})", chunk
                    )
                after = ids[-1]
            self.db.execute("DELETE FROM tm_headers WHERE memory_id = ?", (mid,))
            self.db.execute("DELETE FROM tm_memories WHERE id = ?", (mid,))

    def add_header(self, memory: str, header: Header, *, origin: str) -> None:
        data = encode_header(header)
        with self.db.transaction():
            mid = self._memory_row(memory)[0]
            if not self.db.query_one(
                "SELECT id FROM tm_headers WHERE memory_id = ? AND data = ?", (mid, data)
            ):
                self.db.execute(
                    "INSERT INTO tm_headers (memory_id, origin, data, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    (mid, origin, data, utc_now()),
                )

    def headers(self, memory: str) -> list[Header]:
        mid = self._memory_row(memory)[0]
        rows = self.db.query("SELECT data FROM tm_headers WHERE memory_id = ? ORDER BY id", (mid,))
        return [decode_header(r[0]) for r in rows]

    # index maintenance -------------------------------------------------------------------------
    def _new_ids(self, table: str, n: int) -> list[int]:
        """Reserve ``n`` ids of ``table`` (inside the writing transaction)."""
        if n == 0:
            return []
        if self.db.dialect == "postgres":
            rows = self.db.query(
                f"SELECT nextval(pg_get_serial_sequence('{table}', 'id'))"
                " FROM generate_series(1, ?)",
                (n,),
            )
            return sorted(int(r[0]) for r in rows)  # in order: packed postings rely on it
        seq = self.db.query_one("SELECT seq FROM sqlite_sequence WHERE name = ?", (table,))
        top = self.db.query_one(f"SELECT MAX(id) FROM {table}")
        start = max(int(seq[0]) if seq else 0, int(top[0]) if top and top[0] else 0) + 1
        return list(range(start, start + n))

    def _token_lookup(self, base: str, tokens: Iterable[str]) -> dict[str, int]:
        """Ids of the existing tokens among ``tokens`` of language ``base`` (cached ones first)."""
        cache = self._token_ids.get(base, {})
        pending = (self._uncommitted or {}).get(base, {})
        found: dict[str, int] = {}
        missing: list[str] = []
        for tok in tokens:
            tid = cache.get(tok) or pending.get(tok)
            if tid is None:
                missing.append(tok)
            else:
                found[tok] = tid
        for chunk in _chunks(missing):
            for tid, tok in self.db.query(
                f"SELECT id, token FROM tm_tokens WHERE base_lang = ?"
                f" AND token IN ({_marks(len(chunk))})",
                (base, *chunk),
            ):
                found[tok] = int(tid)
        return found

    @contextlib.contextmanager
    def _import_transaction(self) -> Iterator[None]:
        """One transaction around the pieces of an import batch (their writes nest in it).

        Token ids are cached only once it commits; a rollback forgets them and the count of
        recent postings, which could name rows that no longer exist.
        """
        self._uncommitted = {}
        try:
            with self.db.transaction():
                yield
        except BaseException:
            self._recent = None
            raise
        else:
            ids, self._uncommitted = self._uncommitted, None
            self._remember_tokens(ids)
        finally:
            self._uncommitted = None

    def _remember_tokens(self, ids: dict[str, dict[str, int]]) -> None:
        if self._uncommitted is not None:  # inside an import batch: cached once it commits
            for base, d in ids.items():
                self._uncommitted.setdefault(base, {}).update(d)
            return
        cached = sum(map(len, self._token_ids.values()))
        if cached + sum(map(len, ids.values())) > _TOKEN_CACHE_MAX:
            self._token_ids.clear()
        for base, d in ids.items():
            self._token_ids.setdefault(base, {}).update(d)

    def _index(self, rows: list[tuple[int, int, PreparedUnit]]) -> dict[str, dict[str, int]]:
        """Write variants, dictionary and postings for (unit id, memory id, prepared) rows.

        Returns the token ids used (per base language), to be cached once the transaction commits.
        """
        nvariants = sum(len(p.variants) for _, _, p in rows)
        vids = iter(self._new_ids("tm_variants", nvariants))
        variant_rows: list[tuple[Any, ...]] = []
        used: defaultdict[str, list[str]] = defaultdict(list)  # base -> distinct tokens, all
        pending: list[tuple[int, int, str, list[str]]] = []  # vid, ntokens, base, distinct
        for uid, mid, prep in rows:
            for v in prep.variants:
                vid = next(vids)
                n = v.ntokens
                variant_rows.append((vid, uid, mid, v.vidx, v.lang, v.base, n, v.joined))
                distinct = v.distinct.split()
                used[v.base] += distinct
                pending.append((vid, n, v.base, distinct))
                grams = index_grams(v.joined)  # posted with the length in characters
                if grams:
                    used[v.base] += grams
                    pending.append((vid, len(v.joined), v.base, grams))
        self.db.copy_rows(
            "tm_variants",
            ("id", "unit_id", "memory_id", "vidx", "lang", "base_lang", "ntokens", "tokens"),
            variant_rows,
        )
        df = {base: Counter(tokens) for base, tokens in used.items()}  # token -> variants
        if self.db.dialect == "postgres":
            # sorted, so concurrent writers lock dictionary rows in the same order (no deadlock)
            ids = self._postgres_count_tokens(
                {base: sorted(df[base].items()) for base in sorted(df)}
            )
        else:  # one writer at a time: any order
            ids = self._sqlite_count_tokens({base: list(c.items()) for base, c in df.items()})
        table = "tm_postings_recent" if self.recent_postings_max > 0 else "tm_postings"
        if self.packed:
            packed, count = _packed_postings(pending, ids)
            self.db.copy_rows(table, ("token_id", "ntokens", "variant_ids"), packed)
        else:
            postings: list[tuple[int, int, int]] = []
            for vid, n, base, toks in pending:
                postings.extend(zip(map(ids[base].__getitem__, toks), repeat(n), repeat(vid)))
            # by token, so the inserts walk the index instead of jumping around it (a stable sort
            # by the first column only: twice as fast as comparing whole tuples, and as good here)
            postings.sort(key=itemgetter(0))
            self.db.copy_rows(table, ("token_id", "ntokens", "variant_id"), postings)
            count = len(postings)
        if self.recent_postings_max > 0:
            self._count_recent(count)
        return ids

    def _count_recent(self, added: int) -> None:
        """Count postings written to tm_postings_recent; move them all into tm_postings (in the
        writing transaction) once there are ``recent_postings_max`` of them."""
        if self._recent is None:
            count = "SUM(cardinality(variant_ids))" if self.packed else "COUNT(*)"
            row = self.db.query_one(f"SELECT COALESCE({count}, 0) FROM tm_postings_recent")
            self._recent = int(row[0]) if row else 0
        else:
            self._recent += added
        if self._recent < self.recent_postings_max:
            return
        if self.db.dialect == "postgres":
            # one statement: a concurrent writer moving the same rows waits, then finds them gone
            self.db.execute(
                "WITH moved AS (DELETE FROM tm_postings_recent"
                " RETURNING token_id, ntokens, variant_ids)"
                " INSERT INTO tm_postings SELECT * FROM moved ORDER BY 1, 2, 3"
            )
        else:
            self.db.execute(
                "INSERT INTO tm_postings SELECT token_id, ntokens, variant_id"
                " FROM tm_postings_recent ORDER BY token_id, ntokens, variant_id"
            )
            self.db.execute("DELETE FROM tm_postings_recent")
        self._recent = 0

    def _postgres_count_tokens(
        self, counted: dict[str, list[tuple[str, int]]]
    ) -> dict[str, dict[str, int]]:
        """Add document frequencies to the dictionary in one statement per language, getting the
        ids back (no round trip per token)."""
        ids: dict[str, dict[str, int]] = {}
        for base, items in counted.items():
            ids[base] = {
                t: int(i)
                for t, i in self.db.query(
                    "INSERT INTO tm_tokens (base_lang, token, df)"
                    " SELECT ?::text, t, n FROM unnest(?::text[], ?::int[]) AS x(t, n)"
                    " ON CONFLICT (base_lang, token) DO UPDATE SET df = tm_tokens.df + excluded.df"
                    " RETURNING token, id",
                    (base, [t for t, _ in items], [n for _, n in items]),
                )
            }
        return ids

    def _sqlite_count_tokens(
        self, counted: dict[str, list[tuple[str, int]]]
    ) -> dict[str, dict[str, int]]:
        """Add document frequencies to the dictionary (SQLite: the batch holds the write lock).

        Known tokens are updated by id; new ones are inserted with ids reserved up front, so no
        lookup by text is needed after the insert.
        """
        ids: dict[str, dict[str, int]] = {}
        updates: list[tuple[int, int]] = []
        new_rows: list[tuple[str, str, int]] = []
        for base, items in counted.items():
            known = ids[base] = self._token_lookup(base, (t for t, _ in items))
            for tok, n in items:
                tid = known.get(tok)
                if tid is None:
                    new_rows.append((base, tok, n))
                else:
                    updates.append((n, tid))
        updates.sort(key=itemgetter(1))
        self.db.executemany("UPDATE tm_tokens SET df = df + ? WHERE id = ?", updates)
        new_ids = self._new_ids("tm_tokens", len(new_rows))
        for (base, tok, _), tid in zip(new_rows, new_ids, strict=True):
            ids[base][tok] = tid
        self.db.copy_rows(
            "tm_tokens",
            ("id", "base_lang", "token", "df"),
            [(tid, *row) for row, tid in zip(new_rows, new_ids, strict=True)],
        )
        return ids

    def _unindex(self, unit_ids: Sequence[int]) -> None:
        """Remove the variants, postings and document frequencies of these units."""
        variants: list[Row] = []
        for chunk in _chunks(list(unit_ids)):
            variants += self.db.query(
                "SELECT id, base_lang, ntokens, tokens FROM tm_variants"
                f" WHERE unit_id IN ({_marks(len(chunk))})",
                chunk,
            )
        if not variants:
            return
        keyed: list[tuple[int, str, int, set[str]]] = []  # vid, base, posting length, keys
        for vid, base, ntok, tokens in variants:
            keyed.append((vid, base, ntok, set(tokens.split())))
            grams = index_grams(tokens)
            if grams:
                keyed.append((vid, base, len(tokens), set(grams)))
        df: dict[str, Counter[str]] = {}
        for _, base, _, keys in keyed:
            df.setdefault(base, Counter()).update(keys)
        ids = {base: self._token_lookup(base, counter) for base, counter in df.items()}
        postings = [(ids[base][tok], size, vid) for vid, base, size, keys in keyed for tok in keys]
        for table in ("tm_postings", "tm_postings_recent"):  # each posting is in one of them
            if self.packed:
                self._unpost_packed(table, postings)
            else:
                self.db.executemany(
                    f"DELETE FROM {table} WHERE token_id = ? AND ntokens = ? AND variant_id = ?",
                    postings,
                )
        self.db.executemany(
            "UPDATE tm_tokens SET df = df - ? WHERE id = ?",
            # the same (base, token) order as the upsert in _index: writers never deadlock
            [(df[base][tok], ids[base][tok]) for base in sorted(df) for tok in sorted(df[base])],
        )
        for chunk in _chunks([r[0] for r in variants]):
            self.db.execute(f"DELETE FROM tm_variants WHERE id IN ({_marks(len(chunk))})", chunk)

    def _unpost_packed(self, table: str, postings: list[tuple[int, int, int]]) -> None:
        """Remove (token id, length, variant id) postings from packed ``table`` (PostgreSQL).

        A packed row holds the variants of several units, of any memory, so the rows are first
        locked in key order: two writers removing postings from the same rows never wait for
        each other in opposite orders. Rows left empty are deleted.
        """
        if not postings:
            return
        tids, sizes, vids = (list(c) for c in zip(*sorted(postings), strict=True))
        gone = (
            " WITH gone AS (SELECT t, n, array_agg(v) AS vids"
            " FROM unnest(?::int[], ?::int[], ?::int[]) AS g(t, n, v) GROUP BY t, n)"
        )
        hit = " p.token_id = gone.t AND p.ntokens = gone.n AND p.variant_ids && gone.vids"
        self.db.query(
            f"{gone} SELECT 1 FROM {table} p, gone WHERE{hit}"
            " ORDER BY p.token_id, p.ntokens, p.ctid FOR UPDATE OF p",
            (tids, sizes, vids),
        )
        self.db.execute(
            f"{gone} UPDATE {table} p SET variant_ids = ARRAY(SELECT x FROM"
            " unnest(p.variant_ids) AS x WHERE x <> ALL(gone.vids) ORDER BY x)"
            f" FROM gone WHERE{hit}",
            (tids, sizes, vids),
        )
        self.db.execute(
            f"DELETE FROM {table} WHERE token_id = ANY(?::int[]) AND variant_ids = '{{}}'",
            (sorted(set(tids)),),
        )

    # units -------------------------------------------------------------------------------------
    def _take_turn(self, mid: int) -> None:
        """Make the writers of memory ``mid`` take turns until this transaction ends (SQLite has
        one writer at a time anyway). Every writer of units takes it first, before any row lock,
        so two writers of one memory never wait for each other in opposite orders."""
        if self.db.dialect == "postgres":
            self.db.query(
                "SELECT pg_advisory_xact_lock(?::int, ?::int)",
                (_MEMORY_LOCK_SPACE, mid & 0x7FFFFFFF),
            )

    def _units_by_hash(self, columns: str, mid: int, hashes: list[int]) -> Iterator[Row]:
        """``columns`` of the units of memory ``mid`` with one of ``hashes`` as their content
        (``content_hash`` in ``columns``) or source hash, in id order within each query.

        PostgreSQL gets all of a batch's hashes in one array parameter: a query of 500 bound
        values planned per chunk cost more than the index lookups themselves (38 of the 82 s
        of a 30k-unit import); SQLite has no arrays and plans its short lists cheaply.
        """
        column = "content_hash" if "content_hash" in columns else "source_hash"
        head = f"SELECT {columns} FROM tm_units WHERE memory_id = ? AND {column}"
        order = " ORDER BY id" if column == "content_hash" else ""
        if self.db.dialect == "postgres":
            yield from self.db.query(f"{head} = ANY(?::bigint[]){order}", (mid, hashes))
            return
        for chunk in _chunks(hashes):
            yield from self.db.query(f"{head} IN ({_marks(len(chunk))}){order}", (mid, *chunk))

    def _write_batch(
        self,
        memory: str,
        batch: list[PreparedUnit],
        report: ImportReport | None,
        *,
        origin: str,
        project: str | None,
        override_reason: str | None = None,
    ) -> list[int]:
        """Write prepared units under the duplicate policy in one transaction; return their ids."""
        token_ids: dict[str, dict[str, int]] = {}
        counts = dict.fromkeys(("added", "merged", "alternative"), 0)
        with self.db.transaction():
            mid = self._writable_id(memory)
            # the duplicate lookups below then see what another writer committed, so the same
            # unit imported by two API workers at once is stored once, and merged once
            self._take_turn(mid)
            # content key -> (id, stored unit or the batch's prepared one, whether new)
            stored: dict[int, list[tuple[int, Unit | PreparedUnit, bool]]] = {}
            contents = sorted({p.content for p in batch})
            for uid, ch, data in self._units_by_hash("id, content_hash, data", mid, contents):
                stored.setdefault(int(ch), []).append((int(uid), decode_unit(data), False))
            sources = {
                int(r[0])
                for r in self._units_by_hash(
                    "DISTINCT source_hash", mid, sorted({p.source for p in batch})
                )
            }
            new_ids = iter(self._new_ids("tm_units", len(batch)))
            now = utc_now()
            new: dict[int, PreparedUnit] = {}
            merged: dict[int, Unit] = {}  # stored units whose metadata changed
            result: list[int] = []
            for prep in batch:
                match = next(
                    (e for e in stored.get(prep.content, ()) if same_content(_unit(e), prep.unit)),
                    None,
                )
                if match is not None:
                    uid, _, is_new = match
                    unit = _unit(match)
                    merged_unit = merge_units(unit, prep.unit)
                    if merged_unit is not unit:  # new metadata: write it
                        entries = stored[prep.content]
                        if is_new:
                            new[uid] = new[uid].with_unit(merged_unit)
                            entries[entries.index(match)] = (uid, new[uid], True)
                        else:
                            merged[uid] = merged_unit
                            entries[entries.index(match)] = (uid, merged_unit, False)
                    outcome = "merged"
                else:
                    uid = next(new_ids)
                    new[uid] = prep
                    # the prepared unit, decoded only if a later unit has the same content key
                    stored.setdefault(prep.content, []).append((uid, prep, True))
                    outcome = "alternative" if prep.source in sources else "added"
                    sources.add(prep.source)
                result.append(uid)
                counts[outcome] += 1
            if merged:
                self.db.executemany(
                    "UPDATE tm_units SET data = ?, updated_at = ? WHERE id = ?",
                    [(encode_unit(u), now, uid) for uid, u in sorted(merged.items())],
                )
            if new:
                self.db.copy_rows(
                    "tm_units",
                    (
                        "id",
                        "memory_id",
                        "content_hash",
                        "source_hash",
                        "origin",
                        "project",
                        "created_at",
                        "updated_at",
                        "override_reason",
                        "data",
                    ),
                    [
                        (
                            uid,
                            mid,
                            p.content,
                            p.source,
                            origin,
                            project,
                            now,
                            now,
                            override_reason,
                            p.data,
                        )
                        for uid, p in new.items()
                    ],
                )
                token_ids = self._index([(uid, mid, p) for uid, p in new.items()])
                self.db.execute(
                    "UPDATE tm_memories SET units = units + ? WHERE id = ?", (len(new), mid)
                )
        # counted only now: a batch rolled back adds nothing to the report
        if report is not None:
            report.added += counts["added"]
            report.merged += counts["merged"]
            report.alternatives += counts["alternative"]
        self._remember_tokens(token_ids)
        return result

    def add_unit(
        self,
        memory: str,
        unit: Unit,
        *,
        origin: str = "api",
        project: str | None = None,
        override_reason: str | None = None,
    ) -> StoredUnit:
        prep = prepare_unit(unit)
        (uid,) = self._write_batch(
            memory,
            [prep],
            None,
            origin=origin,
            project=project,
            override_reason=override_reason,
        )
        return self.get_unit(uid)

    def import_units(
        self,
        memory: str,
        units: Iterable[Unit],
        *,
        origin: str,
        project: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: ProgressCallback | None = None,
        srclang: str | None = None,
        workers: int | None = None,
    ) -> ImportReport:
        self._writable_id(memory)

        written = 0
        next_analyze = batch_size

        def write_batch(batch: list[PreparedUnit], report: ImportReport) -> None:
            nonlocal written, next_analyze
            self._write_batch(memory, batch, report, origin=origin, project=project)
            written += len(batch)
            if self.db.dialect == "postgres" and written >= next_analyze:
                # PostgreSQL plans the lookups of the next batches (duplicates, token ids) from
                # table statistics; refreshed as the tables grow (x4), they keep to the indexes
                self.db.execute(
                    "ANALYZE tm_units, tm_tokens, tm_variants, tm_postings, tm_postings_recent"
                )
                next_analyze = written * 4

        # a bigger page cache while the index grows, and the WAL copied back into the database
        # every _IMPORT_CHECKPOINT_PAGES instead of after every commit (a page rewritten by
        # several batches is then copied once); both set back so a server stays small
        bulk = self.db.dialect == "sqlite"
        if bulk:
            self.db.execute(f"PRAGMA cache_size = -{_IMPORT_CACHE_KIB}")
            self.db.execute(f"PRAGMA wal_autocheckpoint = {_IMPORT_CHECKPOINT_PAGES}")
        try:
            return run_import(
                units,
                write_batch,
                origin=origin,
                srclang=srclang,
                batch_size=batch_size,
                progress=progress,
                workers=workers,
                transaction=self._import_transaction,
            )
        finally:
            if bulk:
                self.db.execute(f"PRAGMA cache_size = -{_CACHE_KIB}")
                self.db.execute(f"PRAGMA wal_autocheckpoint = {_CHECKPOINT_PAGES}")
                self.db.query("PRAGMA wal_checkpoint(PASSIVE)")

    @staticmethod
    def _to_stored(row: Row) -> StoredUnit:
        return StoredUnit(
            id=int(row[0]),
            memory=row[1],
            unit=decode_unit(row[2]),
            origin=row[3],
            project=row[4],
            created_at=row[5],
            updated_at=row[6],
            override_reason=row[7],
            version=int(row[8]),
        )

    def get_unit(self, unit_id: int) -> StoredUnit:
        row = self.db.query_one(
            f"SELECT {_UNIT_COLUMNS} FROM tm_units u JOIN tm_memories m ON m.id = u.memory_id"
            " WHERE u.id = ?",
            (unit_id,),
        )
        if row is None:
            raise UnitNotFound(f"no unit with id {unit_id}")
        return self._to_stored(row)

    def get_units(self, unit_ids: Sequence[int]) -> list[StoredUnit]:
        found: dict[int, StoredUnit] = {}
        for chunk in _chunks(list(dict.fromkeys(unit_ids))):
            for row in self.db.query(
                f"SELECT {_UNIT_COLUMNS} FROM tm_units u JOIN tm_memories m ON m.id = u.memory_id"
                f" WHERE u.id IN ({_marks(len(chunk))})",
                chunk,
            ):
                found[int(row[0])] = self._to_stored(row)
        return [found[i] for i in unit_ids if i in found]

    def update_unit(
        self,
        unit_id: int,
        unit: Unit,
        *,
        override_reason: str | None = None,
        if_version: int | None = None,
    ) -> StoredUnit:
        return self.edit_unit(unit_id, lambda _: (unit, override_reason), if_version=if_version)

    def _locked_unit(self, unit_id: int) -> StoredUnit:
        """The unit, its memory's turn taken and its row locked until the transaction ends (on
        SQLite the transaction holds the write lock already: ``BEGIN IMMEDIATE``)."""
        lock = ""
        if self.db.dialect == "postgres":
            row = self.db.query_one("SELECT memory_id FROM tm_units WHERE id = ?", (unit_id,))
            if row is None:
                raise UnitNotFound(f"no unit with id {unit_id}")
            self._take_turn(int(row[0]))
            lock = " FOR UPDATE OF u"
        row = self.db.query_one(
            f"SELECT {_UNIT_COLUMNS} FROM tm_units u JOIN tm_memories m ON m.id = u.memory_id"
            f" WHERE u.id = ?{lock}",
            (unit_id,),
        )
        if row is None:
            raise UnitNotFound(f"no unit with id {unit_id}")
        return self._to_stored(row)

    def edit_unit(
        self, unit_id: int, edit: UnitEdit, *, if_version: int | None = None
    ) -> StoredUnit:
        token_ids: dict[str, dict[str, int]] = {}
        with self.db.transaction():
            current = self._locked_unit(unit_id)
            mid = self._writable_id(current.memory)
            check_version(unit_id, current.version, if_version)
            unit, override_reason = edit(current)
            prep = prepare_unit(unit)
            self._unindex([unit_id])
            self.db.execute(
                "UPDATE tm_units SET data = ?, content_hash = ?, source_hash = ?,"
                " updated_at = ?, override_reason = ?, version = version + 1 WHERE id = ?",
                (prep.data, prep.content, prep.source, utc_now(), override_reason, unit_id),
            )
            token_ids = self._index([(unit_id, mid, prep)])
        self._remember_tokens(token_ids)
        return self.get_unit(unit_id)

    def delete_unit(self, unit_id: int, *, if_version: int | None = None) -> None:
        with self.db.transaction():
            current = self._locked_unit(unit_id)
            mid = self._writable_id(current.memory)
            check_version(unit_id, current.version, if_version)
            self._unindex([unit_id])
            self.db.execute("DELETE FROM tm_units WHERE id = ?", (unit_id,))
            self.db.execute("UPDATE tm_memories SET units = units - 1 WHERE id = ?", (mid,))

    def iter_units(
        self,
        *,
        memories: Sequence[str] | None = None,
        languages: Sequence[str] | None = None,
        changed_since: str | None = None,
        changed_until: str | None = None,
        after_id: int = 0,
        limit: int | None = None,
    ) -> Iterator[StoredUnit]:
        where: list[str] = []
        params: list[Any] = []
        if memories is not None:
            mids = [self._memory_row(name)[0] for name in memories]
            where.append(f"u.memory_id IN ({_marks(len(mids))})" if mids else "1 = 0")
            params += mids
        since = date_bound(changed_since, upper=False)
        if since is not None:
            where.append("u.updated_at >= ?")
            params.append(since)
        until = date_bound(changed_until, upper=True)
        if until is not None:
            where.append("u.updated_at <= ?")
            params.append(until)
        for base in sorted({query_base(lang) for lang in languages or ()}):
            where.append(
                "EXISTS (SELECT 1 FROM tm_variants v WHERE v.unit_id = u.id AND v.base_lang = ?)"
            )
            params.append(base)
        cond = "".join(f" AND {w}" for w in where)
        cursor, left = after_id, limit
        while left is None or left > 0:
            page = _PAGE if left is None else min(_PAGE, left)
            rows = self.db.query(
                f"SELECT {_UNIT_COLUMNS} FROM tm_units u JOIN tm_memories m ON m.id = u.memory_id"
                f" WHERE u.id > ?{cond} ORDER BY u.id LIMIT {page}",
                (cursor, *params),
            )
            for row in rows:
                yield self._to_stored(row)
            if len(rows) < page:
                return
            cursor = int(rows[-1][0])
            if left is not None:
                left -= len(rows)

    def count_units(self, memory: str | None = None) -> int:
        if memory is None:
            row = self.db.query_one("SELECT COUNT(*) FROM tm_units")
        else:
            mid = self._memory_row(memory)[0]
            row = self.db.query_one("SELECT COUNT(*) FROM tm_units WHERE memory_id = ?", (mid,))
        return int(row[0]) if row else 0

    # index -------------------------------------------------------------------------------------
    def document_frequencies(self, lang: str, tokens: Collection[str]) -> dict[str, int]:
        base = query_base(lang)
        out = dict.fromkeys(tokens, 0)
        for chunk in _chunks(list(out)):
            for tok, df in self.db.query(
                f"SELECT token, df FROM tm_tokens WHERE base_lang = ?"
                f" AND token IN ({_marks(len(chunk))})",
                (base, *chunk),
            ):
                out[tok] = int(df)
        return out

    def _memory_filter(self, memories: Sequence[str] | None) -> tuple[str, list[Any]]:
        if memories is None:
            return "", []
        names = list(dict.fromkeys(memories))
        if not names:
            return " AND 1 = 0", []
        return f" AND m.name IN ({_marks(len(names))})", names

    @staticmethod
    def _to_indexed(row: Row) -> IndexedVariant:
        return IndexedVariant(
            unit_id=int(row[0]),
            variant_index=int(row[1]),
            memory=row[2],
            lang=row[3],
            tokens=tuple(row[4].split()),
        )

    def candidates(
        self,
        lang: str,
        tokens: Collection[str],
        *,
        min_length: int,
        max_length: int,
        memories: Sequence[str] | None = None,
        min_shared: int = 1,
    ) -> list[IndexedVariant]:
        base = query_base(lang)
        token_ids = sorted(set(self._token_lookup(base, set(tokens)).values()))
        if len(token_ids) < max(min_shared, 1) or max_length < min_length:
            return []
        if min_shared > 1:
            return self._shared_candidates(token_ids, min_length, max_length, min_shared, memories)
        mem_sql, mem_params = self._memory_filter(memories)
        found: dict[tuple[int, int], IndexedVariant] = {}
        # one query per chunk of tokens; with a typical segment that is a single query
        for chunk in _chunks(token_ids):
            for row in self.db.query(
                "SELECT v.unit_id, v.vidx, m.name, v.lang, v.tokens FROM tm_variants v"
                " JOIN tm_memories m ON m.id = v.memory_id WHERE v.id IN ("
                f"{_postings_query(len(chunk), self.packed)}){mem_sql}",
                (*chunk, min_length, max_length) * 2 + tuple(mem_params),
            ):
                found[(int(row[0]), int(row[1]))] = self._to_indexed(row)
        return [found[k] for k in sorted(found)]

    def _shared_candidates(
        self,
        token_ids: Sequence[int],
        min_length: int,
        max_length: int,
        min_shared: int,
        memories: Sequence[str] | None,
    ) -> list[IndexedVariant]:
        """Candidates holding ``min_shared`` of ``token_ids``: the index counts (one posting per
        distinct token and variant), so only the survivors' rows are read and decoded."""
        mem_sql, mem_params = self._memory_filter(memories)
        if len(token_ids) <= _CHUNK:
            rows = self.db.query(
                "SELECT v.unit_id, v.vidx, m.name, v.lang, v.tokens FROM tm_variants v"
                " JOIN tm_memories m ON m.id = v.memory_id WHERE v.id IN ("
                f" SELECT p.variant_id FROM ({_postings_query(len(token_ids), self.packed)}) p"
                f" GROUP BY p.variant_id HAVING COUNT(*) >= ?){mem_sql}",
                (*token_ids, min_length, max_length) * 2 + (min_shared, *mem_params),
            )
            return sorted((self._to_indexed(r) for r in rows), key=_variant_key)
        # a very long query: count per chunk here, then read the survivors
        counts: Counter[int] = Counter()
        for chunk in _chunks(token_ids):
            counts.update(
                int(r[0])
                for r in self.db.query(
                    _postings_query(len(chunk), self.packed),
                    (*chunk, min_length, max_length) * 2,
                )
            )
        ids = sorted(v for v, c in counts.items() if c >= min_shared)
        found: list[IndexedVariant] = []
        for chunk in _chunks(ids):
            found.extend(
                self._to_indexed(r)
                for r in self.db.query(
                    "SELECT v.unit_id, v.vidx, m.name, v.lang, v.tokens FROM tm_variants v"
                    " JOIN tm_memories m ON m.id = v.memory_id"
                    f" WHERE v.id IN ({_marks(len(chunk))}){mem_sql}",
                    (*chunk, *mem_params),
                )
            )
        return sorted(found, key=_variant_key)

    def short_variants_stamp(self, lang: str) -> tuple[int, ...]:
        """(short variants of the base language, highest variant id). Variant ids are never
        reused (AUTOINCREMENT, sequences), so adding a variant raises the second; removing only
        lowers the first (the document frequency of the every-short key)."""
        top = self.db.query_one("SELECT MAX(id) FROM tm_variants")
        shorts = self.document_frequencies(lang, [EVERY_SHORT])[EVERY_SHORT]
        return (shorts, int(top[0]) if top and top[0] is not None else 0)

    def variants_without_tokens(
        self, lang: str, *, memories: Sequence[str] | None = None
    ) -> list[IndexedVariant]:
        mem_sql, mem_params = self._memory_filter(memories)
        rows = self.db.query(
            "SELECT v.unit_id, v.vidx, m.name, v.lang, v.tokens FROM tm_variants v"
            " JOIN tm_memories m ON m.id = v.memory_id"
            f" WHERE v.base_lang = ? AND v.ntokens = 0{mem_sql} ORDER BY v.unit_id, v.vidx",
            (query_base(lang), *mem_params),
        )
        return [self._to_indexed(r) for r in rows]

    def record_usage(self, unit_id: int) -> None:
        with self.db.transaction():
            lock = " FOR UPDATE" if self.db.dialect == "postgres" else ""
            row = self.db.query_one(f"SELECT data FROM tm_units WHERE id = ?{lock}", (unit_id,))
            if row is None:
                raise UnitNotFound(f"no unit with id {unit_id}")
            unit = decode_unit(row[0])
            count_usage(unit)
            self.db.execute(
                "UPDATE tm_units SET data = ? WHERE id = ?", (encode_unit(unit), unit_id)
            )

    def close(self) -> None:
        self.db.close()
