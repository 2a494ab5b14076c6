"""``mkutano keys`` through the CLI runner, ``mkutano serve`` option handling, and settings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkutano.api.auth import KeyStore
from mkutano.api.cli import main
from mkutano.api.settings import SETTINGS_HELP, Settings, load_settings, settings_table
from mkutano.tm.db import open_database
from mkutano.tm.errors import InvalidInputError


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_keys_create_prints_the_key_once_as_json(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    code, out, _ = _run(
        "keys", "create", "--role", "translator", "--memory", "g7", "--db", db, "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["key"].startswith("mk_")
    assert data["role"] == "translator"
    assert data["memories"] == ["g7"]
    key = KeyStore(open_database(db)).authenticate(data["key"])
    assert key is not None
    assert key.memories == ("g7",)
    code, out, _ = _run("keys", "list", "--db", db, "--json")
    assert code == 0
    assert data["key"] not in out
    assert [k["id"] for k in json.loads(out)] == [data["id"]]


def test_keys_revoke_stops_the_key(tmp_path: Path) -> None:
    db = str(tmp_path / "k.db")
    token = json.loads(_run("keys", "create", "--role", "admin", "--db", db, "--json")[1])["key"]
    keys = KeyStore(open_database(db))
    key = keys.authenticate(token)
    assert key is not None
    code, out, _ = _run("keys", "revoke", str(key.id), "--db", db)
    assert code == 0
    assert "revoked" in out
    assert keys.authenticate(token) is None
    assert _run("keys", "list", "--db", db, "--json")[1].strip() == "[]"
    assert len(json.loads(_run("keys", "list", "--all", "--db", db, "--json")[1])) == 1


def test_keys_create_plain_output_is_the_key_alone(tmp_path: Path) -> None:
    code, out, err = _run("keys", "create", "--role", "reader", "--db", str(tmp_path / "k.db"))
    assert code == 0
    assert out.strip().startswith("mk_")
    assert len(out.split()) == 1
    assert "shown only now" in err


def test_revoking_an_unknown_key_is_one_line_and_exit_2(tmp_path: Path) -> None:
    assert _run("keys", "create", "--role", "reader", "--db", str(tmp_path / "k.db"))[0] == 0
    code, _, err = _run("keys", "revoke", "99", "--db", str(tmp_path / "k.db"))
    assert code == 2
    assert err.startswith("error: no API key with id 99")
    assert len(err.strip().splitlines()) == 1


def test_listing_keys_of_a_store_that_is_not_there_is_refused(tmp_path: Path) -> None:
    code, _, err = _run("keys", "list", "--db", str(tmp_path / "typo.db"))
    assert code == 2
    assert "no store there" in err
    assert "mkutano migrate --db" in err
    assert not (tmp_path / "typo.db").exists()


@pytest.mark.parametrize("db", ["mysql://x", "postgress://u@h/db"])
def test_an_unknown_url_scheme_names_the_ones_accepted(db: str) -> None:
    for command in (["keys", "create", "--role", "reader"], ["memories", "list"], ["serve"]):
        code, _, err = _run(*command, "--db", db)
        assert code == 2
        assert len(err.strip().splitlines()) == 1
        assert "unknown database URL scheme" in err
        assert "postgresql://" in err
        assert "sqlite" in err


def test_serve_refuses_a_store_that_is_not_there(tmp_path: Path) -> None:
    code, _, err = _run("serve", "--db", str(tmp_path / "typo.db"), "--port", "1")
    assert code == 2
    assert "no store there" in err
    assert not (tmp_path / "typo.db").exists()


def test_bad_role_is_refused(tmp_path: Path) -> None:
    code, _, err = _run("keys", "create", "--role", "king", "--db", str(tmp_path / "k.db"))
    assert code == 2
    assert "king" in err


@pytest.mark.parametrize(
    "command", [["serve"], ["keys"], ["keys", "create"], ["keys", "list"], ["keys", "revoke"]]
)
def test_every_command_has_help_with_an_example(command: list[str]) -> None:
    code, out, _ = _run(*command, "--help")
    assert code == 0
    assert "Example" in out or command == ["keys"]


def test_serve_refuses_an_unusable_store_in_one_line(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    code, _, err = _run("serve", "--db", str(blocker / "sub" / "x.db"), "--port", "1")
    assert code == 2
    assert err.startswith("error:")
    assert "Traceback" not in err


def test_settings_come_from_the_environment_and_overrides_win() -> None:
    env = {"MKUTANO_PORT": "9001", "MKUTANO_MAX_BATCH": "7", "MKUTANO_DB": "env.db"}
    s = load_settings({"db": "cli.db"}, environ=env)
    assert (s.port, s.max_batch, s.db) == (9001, 7, "cli.db")
    assert load_settings(environ={}) == Settings()


def test_a_non_numeric_setting_is_one_clear_error() -> None:
    with pytest.raises(InvalidInputError, match="MKUTANO_PORT='eighty'"):
        load_settings(environ={"MKUTANO_PORT": "eighty"})


def test_every_setting_has_help_and_is_documented() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    for name, help_text in SETTINGS_HELP.items():
        assert help_text.strip()
        assert f"`MKUTANO_{name.upper()}`" in doc, f"setting {name} is not in docs/api.md"
    # the table in the docs is the one generated from the declarations, unedited
    assert settings_table() in doc, (
        "regenerate the table: python -c 'import mkutano.api.settings as s; print(s.settings_table())'"
    )
