"""The API's own tables (namespace ``"api"``): API keys and background jobs, for both dialects."""

from __future__ import annotations

from tm.db import Migration

__all__ = ["API_MIGRATIONS"]

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
)
