"""Open a store from a location string: the one place that maps URLs to backends."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from .db import Database, Migration, check_location
from .memstore import MemoryStore
from .migrations import MIGRATIONS, NAMESPACE
from .sqlstore import SQLStore
from .store import Store

__all__ = ["migrate_all", "migrate_store", "open_store", "store_exists"]


def open_store(url: str | Path, *, migrate: bool = True) -> Store:
    """Open the store at ``url`` and bring its schema up to date (unless ``migrate`` is false).

    - ``memory:`` → a :class:`MemoryStore` (nothing is saved);
    - ``:memory:`` → an in-memory SQLite database;
    - a file path or ``sqlite:///path`` → a SQLite file (created when missing);
    - ``postgresql://user@host:port/db`` → PostgreSQL.

    Raises :class:`tm.errors.DatabaseError` when the database cannot be opened or migrated, when
    ``url`` has a scheme no backend serves (``mysql://``), and when the folder of a SQLite file
    does not exist (a mistyped path must not become an empty store).
    """
    text = str(url)
    if text == "memory:":
        return MemoryStore()
    db = Database(text)
    try:
        return SQLStore(db, migrate=migrate)
    except BaseException:
        db.close()
        raise


def migrate_store(url: str | Path) -> list[int]:
    """Apply the store's pending schema migrations at ``url``; return the versions applied."""
    return migrate_all(url)[NAMESPACE]


def migrate_all(
    url: str | Path, namespaces: Sequence[tuple[str, Sequence[Migration]]] = ()
) -> dict[str, list[int]]:
    """Apply the store's pending migrations, then those of each further namespace in order (the
    packages built on the store: glossaries, the API's tables); return the versions applied per
    namespace, ``tm`` first."""
    text = str(url)
    if text == "memory:":
        return {NAMESPACE: [], **{name: [] for name, _ in namespaces}}
    db = Database(text)
    try:
        applied = {NAMESPACE: db.migrate(NAMESPACE, MIGRATIONS)}
        for name, migrations in namespaces:
            applied[name] = db.migrate(name, migrations)
        return applied
    finally:
        db.close()


def store_exists(url: str | Path) -> bool:
    """Whether ``url`` names a store that is there already: a server URL or an in-memory store
    always is; a SQLite path is when its file exists (opening would create it)."""
    text = str(url)
    if text in (":memory:", "memory:"):
        return True
    check_location(text)
    if text.startswith(("postgres://", "postgresql://")):
        return True
    return Path(text.removeprefix("sqlite:///").removeprefix("sqlite://")).expanduser().exists()
