"""``store_exists``: whether a location names a store that is already there."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.tm import open_store, store_exists
from mkutano.tm.errors import DatabaseError


def test_a_sqlite_file_exists_only_once_opened(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    assert not store_exists(path)
    assert not store_exists(f"sqlite:///{path}")
    open_store(path).close()
    assert store_exists(path)
    assert store_exists(f"sqlite:///{path}")


def test_server_and_memory_locations_always_exist() -> None:
    assert store_exists("postgresql://user@127.0.0.1:1/none")
    assert store_exists("memory:")
    assert store_exists(":memory:")


def test_a_missing_folder_is_an_error_not_a_new_store(tmp_path: Path) -> None:
    with pytest.raises(DatabaseError, match="does not exist; create it first"):
        open_store(tmp_path / "sub" / "m.db")
    assert not (tmp_path / "sub").exists()


@pytest.mark.parametrize("url", ["mysql://root@localhost/tm", "postgress://u@h/db", "http://x/y"])
def test_an_unknown_scheme_is_an_error_naming_the_schemes_accepted(
    url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    for call in (open_store, store_exists):
        with pytest.raises(DatabaseError, match="unknown database URL scheme") as info:
            call(url)
        assert "postgresql://" in str(info.value)
        assert "sqlite:///PATH" in str(info.value)
    assert list(tmp_path.iterdir()) == []
