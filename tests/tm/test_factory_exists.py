"""``store_exists``: whether a location names a store that is already there."""

from __future__ import annotations

from pathlib import Path

from tm import open_store, store_exists


def test_a_sqlite_file_exists_only_once_opened(tmp_path: Path) -> None:
    path = tmp_path / "sub" / "m.db"
    assert not store_exists(path)
    assert not store_exists(f"sqlite:///{path}")
    open_store(path).close()
    assert store_exists(path)
    assert store_exists(f"sqlite:///{path}")


def test_server_and_memory_locations_always_exist() -> None:
    assert store_exists("postgresql://user@127.0.0.1:1/none")
    assert store_exists("memory:")
    assert store_exists(":memory:")
