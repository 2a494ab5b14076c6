"""The ``store`` fixture: every backend behind the same contract (memory, SQLite, PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mkutano.tm import MemoryStore, Store, open_store


@pytest.fixture(params=["memory", "sqlite", "postgres"])
def store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A fresh empty store of each backend; the PostgreSQL one skips without MKUTANO_TEST_PG."""
    if request.param == "memory":
        s: Store = MemoryStore()
    elif request.param == "sqlite":
        s = open_store(tmp_path / "tm.db")
    else:
        s = open_store(request.getfixturevalue("pg_url"))
    try:
        yield s
    finally:
        s.close()


FLORES_FILES = {"it": "ita_Latn.devtest", "en": "eng_Latn.devtest", "sw": "swh_Latn.devtest"}


@pytest.fixture(scope="module")
def flores(corpus: Path) -> dict[str, list[str]]:
    """The FLORES-200 devtest sentences by language (it, en, sw), line-aligned."""
    folder = corpus / "parallel" / "trilingual" / "flores200_devtest"
    return {
        k: (folder / v).read_text(encoding="utf-8").splitlines() for k, v in FLORES_FILES.items()
    }
