"""The API's own tables (namespace ``"api"``): API keys, background jobs and the workbench's work
in progress (one row per user and document), for both dialects."""

from __future__ import annotations

from mkutano.glossaries.qa.projects import MIGRATIONS as QA_MIGRATIONS
from mkutano.glossaries.qa.projects import NAMESPACE as QA_NAMESPACE
from mkutano.glossaries.store import MIGRATIONS as GLOSSARY_MIGRATIONS
from mkutano.glossaries.store import NAMESPACE as GLOSSARY_NAMESPACE
from mkutano.tm.db import Migration

__all__ = ["API_MIGRATIONS", "NAMESPACES_ABOVE_TM"]

_WORK_TABLE = (
    "CREATE TABLE api_work ("
    " id TEXT PRIMARY KEY, owner TEXT NOT NULL, name TEXT NOT NULL,"
    " format TEXT NOT NULL, settings TEXT NOT NULL, original TEXT NOT NULL,"
    " analysis TEXT NOT NULL, targets TEXT NOT NULL,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE INDEX api_work_owner ON api_work (owner, updated_at)",
)

API_MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "api keys",
        sqlite=(
            "CREATE TABLE api_keys ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT, prefix TEXT NOT NULL,"
            " key_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, memories TEXT,"
            " label TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, revoked_at TEXT)",
        ),
        postgres=(
            "CREATE TABLE api_keys ("
            " id BIGSERIAL PRIMARY KEY, prefix TEXT NOT NULL,"
            " key_hash TEXT NOT NULL UNIQUE, role TEXT NOT NULL, memories TEXT,"
            " label TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL, revoked_at TEXT)",
        ),
    ),
    Migration(
        2,
        "background jobs",
        sqlite=(
            "CREATE TABLE api_jobs ("
            " id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL,"
            " status TEXT NOT NULL, progress INTEGER NOT NULL DEFAULT 0, result TEXT,"
            " error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        ),
        postgres=(
            "CREATE TABLE api_jobs ("
            " id TEXT PRIMARY KEY, kind TEXT NOT NULL, target TEXT NOT NULL,"
            " status TEXT NOT NULL, progress BIGINT NOT NULL DEFAULT 0, result TEXT,"
            " error TEXT, created_at TEXT NOT NULL, updated_at TEXT NOT NULL)",
        ),
    ),
    Migration(
        3,
        "job owner",
        sqlite=("ALTER TABLE api_jobs ADD COLUMN owner TEXT",),
        postgres=("ALTER TABLE api_jobs ADD COLUMN owner TEXT",),
    ),
    # the same statements in both dialects
    Migration(4, "workbench work", sqlite=_WORK_TABLE, postgres=_WORK_TABLE),
)


#: The namespaces built on the store's own (``tm``), in the order ``mkutano migrate`` applies them.
NAMESPACES_ABOVE_TM: tuple[tuple[str, tuple[Migration, ...]], ...] = (
    (GLOSSARY_NAMESPACE, GLOSSARY_MIGRATIONS),
    (QA_NAMESPACE, QA_MIGRATIONS),
    ("api", API_MIGRATIONS),
)
