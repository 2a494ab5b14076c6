"""One database handle for SQLite and PostgreSQL, with transactions and numbered migrations.

SQL is written once with ``?`` placeholders; :class:`Database` rewrites them for PostgreSQL.
Connections are per thread (SQLite in WAL mode lets readers run beside the one writer), except for
an in-memory SQLite database, which is one connection shared under a lock.

Every error of the driver is wrapped in :class:`tm.errors.DatabaseError`; callers never see
``sqlite3`` or ``psycopg`` exceptions.
"""

from __future__ import annotations

import contextlib
import re
import sqlite3
import threading
import zlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from pathlib import Path
from typing import Any, Literal

from .errors import DatabaseBusy, DatabaseError, InvalidInputError, TMError

__all__ = [
    "LOCATIONS",
    "Database",
    "Migration",
    "check_location",
    "driver_error",
    "open_database",
]

Dialect = Literal["sqlite", "postgres"]
Row = tuple[Any, ...]
_ROWS_PER_INSERT = 1000  # rows per INSERT statement in a bulk insert on SQLite


@dataclass(frozen=True)
class Migration:
    """A numbered schema change, with the statements for each dialect."""

    version: int
    name: str
    sqlite: tuple[str, ...]
    postgres: tuple[str, ...]


#: SQLSTATEs (PostgreSQL) of a transaction that lost a race: deadlock, serialisation failure,
#: lock not available, statement or lock timeout.
_BUSY_STATES = frozenset({"40P01", "40001", "55P03", "57014"})


def driver_error(exc: BaseException, doing: str = "database error") -> TMError:
    """The one mapping of a driver's exception (sqlite3, psycopg) to this package's errors.

    The message says what happened in words a client can act on; the driver's text, which may
    name processes, transactions, tables or values, goes only to ``detail`` (for the log).
    A busy database (lock wait, deadlock) is :class:`DatabaseBusy`; a value the database
    cannot store (a NUL character in PostgreSQL text) is :class:`InvalidInputError`.
    """
    if isinstance(exc, TMError):
        return exc
    text = str(exc).strip()
    state = str(getattr(exc, "sqlstate", None) or "")
    lowered = text.lower()
    if state in _BUSY_STATES or (
        isinstance(exc, sqlite3.OperationalError) and ("locked" in lowered or "busy" in lowered)
    ):
        return DatabaseBusy(
            f"{doing}: the database is busy (another write holds what this one needs); nothing"
            " was written, retry in a moment",
            text,
        )
    if state.startswith("22") or "0x00" in text or ("nul" in lowered and "character" in lowered):
        return InvalidInputError(
            f"{doing}: a value cannot be stored (a NUL or other character, or a number, the"
            " database refuses); nothing was written",
        )
    kind = type(exc).__name__ + (f" {state}" if state else "")
    return DatabaseError(f"{doing}: the database failed ({kind}); see the server log", text)


_QMARK = re.compile(r"\?")


def _pg_sql(sql: str) -> str:
    return _QMARK.sub("%s", sql.replace("%", "%%"))


_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*)://")
#: The location forms a store can have, as said in every error about one.
LOCATIONS = (
    "a SQLite file path, sqlite:///PATH, postgresql://USER@HOST:PORT/DB, :memory: or memory:"
)


def check_location(url: str) -> None:
    """Raise :class:`DatabaseError` when ``url`` has a URL scheme no backend serves (``mysql://``)."""
    m = _SCHEME.match(url)
    if m and m.group(1).lower() not in ("sqlite", "postgres", "postgresql"):
        raise DatabaseError(f"{url}: unknown database URL scheme {m.group(1)!r}; use {LOCATIONS}")


class Database:
    """A SQLite file (or ``:memory:``) or a PostgreSQL server, used through one small interface."""

    def __init__(self, url: str) -> None:
        check_location(url)
        self.url = url
        self.dialect: Dialect = (
            "postgres" if url.startswith(("postgres://", "postgresql://")) else "sqlite"
        )
        self._local = threading.local()
        self._shared: Any = None
        self._shared_lock = threading.RLock()
        self._all: list[Any] = []
        self._all_lock = threading.Lock()
        if self.dialect == "sqlite":
            path = url.removeprefix("sqlite:///").removeprefix("sqlite://")
            self.path = path or ":memory:"
            if self.path != ":memory:":
                folder = Path(self.path).expanduser().parent
                if not folder.is_dir():
                    raise DatabaseError(
                        f"{url}: the folder {folder} does not exist; create it first "
                        "(a mistyped --db would otherwise make an empty store)"
                    )
        else:
            self.path = url
        self._connection()  # fail early with a clear error when the database cannot be opened

    # -- connections -------------------------------------------------------------------------
    def _open(self) -> Any:
        try:
            if self.dialect == "sqlite":
                conn = sqlite3.connect(
                    self.path, isolation_level=None, check_same_thread=False, timeout=30.0
                )
                if self.path != ":memory:":
                    conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")
                conn.execute("PRAGMA foreign_keys=ON")
                conn.execute("PRAGMA busy_timeout=30000")
                conn.execute("PRAGMA cache_size=-65536")
                return conn
            import psycopg

            return psycopg.connect(self.url, autocommit=True)
        except ImportError as exc:
            raise DatabaseError(
                "PostgreSQL support needs psycopg: pip install 'mkutano[postgres]'"
            ) from exc
        except Exception as exc:
            # an operator's error (wrong path, server down, bad password): the driver's words
            # are the useful part here, and no client sees them before the server has started
            raise DatabaseError(
                f"cannot open database {self._safe_url()}: {exc}", str(exc)
            ) from exc

    def _safe_url(self) -> str:
        return re.sub(r"//([^:/@]+):[^@]*@", r"//\1:***@", self.url)

    def _connection(self) -> Any:
        if self.dialect == "sqlite" and self.path == ":memory:":
            if self._shared is None:
                self._shared = self._open()
                self._all.append(self._shared)
            return self._shared
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._open()
            self._local.conn = conn
            self._local.depth = 0
            with self._all_lock:
                self._all.append(conn)
        return conn

    @contextlib.contextmanager
    def _guard(self) -> Iterator[None]:
        if self._shared is not None:
            with self._shared_lock:
                yield
        else:
            yield

    # -- statements ----------------------------------------------------------------------------
    def _sql(self, sql: str) -> str:
        return _pg_sql(sql) if self.dialect == "postgres" else sql

    def execute(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run one statement; return the number of rows it changed."""
        with self._guard():
            try:
                cur = self._connection().execute(self._sql(sql), tuple(params))
                return int(cur.rowcount or 0)
            except DatabaseError:
                raise
            except Exception as exc:
                raise driver_error(exc) from exc

    def executemany(self, sql: str, rows: Iterable[Sequence[Any]]) -> None:
        with self._guard():
            try:
                conn = self._connection()
                if self.dialect == "sqlite":
                    conn.executemany(sql, rows)
                else:
                    with conn.cursor() as cur:
                        cur.executemany(_pg_sql(sql), list(rows))
            except Exception as exc:
                raise driver_error(exc) from exc

    def copy_rows(self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> None:
        """Bulk-insert ``rows`` into ``table``: ``COPY`` on PostgreSQL, multi-row INSERTs on SQLite.

        ``table`` and ``columns`` are trusted identifiers written in the code, never user input.
        """
        if self.dialect == "sqlite":
            self._sqlite_copy(table, columns, rows)
            return
        with self._guard():
            try:
                conn = self._connection()
                with (
                    conn.cursor() as cur,
                    cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
                ):
                    for row in rows:
                        copy.write_row(row)
            except Exception as exc:
                raise driver_error(exc) from exc

    def _sqlite_copy(
        self, table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]
    ) -> None:
        """Insert ``rows`` many per statement: binding one row per statement costs about as much
        as inserting it, so an import's million-row batches take half the time this way."""
        width = len(columns)
        head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
        one = "(" + ", ".join("?" * width) + ")"
        todo = rows if isinstance(rows, list) else list(rows)
        with self._guard():
            limit = self._connection().getlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER)
        per = max(1, min(_ROWS_PER_INSERT, limit // width))
        full = len(todo) - len(todo) % per if per > 1 else 0
        if full:
            flat = list(chain.from_iterable(todo[:full]))
            if len(flat) != full * width:
                raise DatabaseError(f"rows for {table} must have {width} values each")
            step = per * width
            self.executemany(
                head + ", ".join([one] * per),
                [flat[i : i + step] for i in range(0, len(flat), step)],
            )
        if full < len(todo):
            self.executemany(head + one, todo[full:])

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[Row]:
        """Run a query and return all its rows as tuples."""
        with self._guard():
            try:
                cur = self._connection().execute(self._sql(sql), tuple(params))
                return [tuple(r) for r in cur.fetchall()]
            except Exception as exc:
                raise driver_error(exc) from exc

    def query_one(self, sql: str, params: Sequence[Any] = ()) -> Row | None:
        rows = self.query(sql, params)
        return rows[0] if rows else None

    def insert_returning_id(self, sql: str, params: Sequence[Any] = ()) -> int:
        """Run an INSERT and return the new row's integer ``id``."""
        with self._guard():
            try:
                conn = self._connection()
                if self.dialect == "sqlite":
                    cur = conn.execute(sql, tuple(params))
                    return int(cur.lastrowid)
                cur = conn.execute(_pg_sql(sql) + " RETURNING id", tuple(params))
                row = cur.fetchone()
                return int(row[0])
            except Exception as exc:
                raise driver_error(exc) from exc

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Database]:
        """Run the block in one transaction: all of it is committed, or none of it.

        Nested calls join the outer transaction. On SQLite the transaction takes the write
        lock at once (``BEGIN IMMEDIATE``), so two writers never deadlock.
        """
        with self._guard():
            conn = self._connection()
            depth = self._get_depth()
            if depth:
                self._set_depth(depth + 1)
                try:
                    yield self
                finally:
                    self._set_depth(depth)
                return
            try:
                if self.dialect == "sqlite":
                    conn.execute("BEGIN IMMEDIATE")
                else:
                    conn.execute("BEGIN")
            except Exception as exc:
                raise driver_error(exc, "cannot start a transaction") from exc
            self._set_depth(1)
            try:
                yield self
            except BaseException:
                self._set_depth(0)
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise
            self._set_depth(0)
            try:
                conn.execute("COMMIT")
            except Exception as exc:
                with contextlib.suppress(Exception):
                    conn.execute("ROLLBACK")
                raise driver_error(exc, "commit failed") from exc

    def _get_depth(self) -> int:
        return getattr(self, "_depth", 0) if self._shared is not None else self._local.depth

    def _set_depth(self, value: int) -> None:
        if self._shared is not None:
            self._depth = value
        else:
            self._local.depth = value

    # -- migrations ----------------------------------------------------------------------------
    def migrate(self, namespace: str, migrations: Sequence[Migration]) -> list[int]:
        """Apply the migrations of ``namespace`` not applied yet, in order; return their versions.

        Safe when several workers start at once: on PostgreSQL an advisory lock serialises them,
        on SQLite the write lock does.
        """
        applied: list[int] = []
        with self.transaction():
            if self.dialect == "postgres":
                self.execute(
                    "SELECT pg_advisory_xact_lock(?)", (zlib.crc32(b"mkutano-migrations"),)
                )
            self.execute(
                "CREATE TABLE IF NOT EXISTS schema_migrations ("
                " namespace TEXT NOT NULL, version INTEGER NOT NULL, name TEXT NOT NULL,"
                " applied_at TEXT NOT NULL, PRIMARY KEY (namespace, version))"
            )
            done = {
                r[0]
                for r in self.query(
                    "SELECT version FROM schema_migrations WHERE namespace = ?", (namespace,)
                )
            }
            for m in sorted(migrations, key=lambda m: m.version):
                if m.version in done:
                    continue
                for stmt in m.sqlite if self.dialect == "sqlite" else m.postgres:
                    self.execute(stmt)
                self.execute(
                    "INSERT INTO schema_migrations (namespace, version, name, applied_at)"
                    " VALUES (?, ?, ?, CURRENT_TIMESTAMP)",
                    (namespace, m.version, m.name),
                )
                applied.append(m.version)
        return applied

    def schema_version(self, namespace: str) -> int:
        try:
            row = self.query_one(
                "SELECT MAX(version) FROM schema_migrations WHERE namespace = ?", (namespace,)
            )
        except DatabaseError:
            return 0
        return int(row[0]) if row and row[0] is not None else 0

    def close(self) -> None:
        with self._all_lock:
            for conn in self._all:
                with contextlib.suppress(Exception):
                    conn.close()
            self._all.clear()
        self._shared = None
        self._local = threading.local()


def open_database(url: str | Path) -> Database:
    """Open a database: a file path or ``sqlite:///path`` for SQLite, ``postgresql://...`` else."""
    return Database(str(url))
