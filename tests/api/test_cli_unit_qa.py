"""`mkutano unit add/update` run the QA error checks and record override reasons."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mkutano.api.cli import main
from mkutano.tm import open_store

BAD = [
    "--lang",
    "it",
    "Il terrorismo è una minaccia.",
    "--lang",
    "sw",
    "it-brottslighet ni tishio.",
]
GOOD = ["--lang", "it", "Il terrorismo è una minaccia.", "--lang", "sw", "Ugaidi ni tishio."]


def _run(db: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, [*args, "--db", str(db)])
    return r.exit_code, r.stdout, r.stderr


def test_unit_with_a_forbidden_term_is_refused_and_nothing_is_stored(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    assert _run(db, "memories", "create", "g7")[0] == 0
    code, _, err = _run(db, "unit", "add", "--memory", "g7", *BAD)
    assert code == 1
    assert "term-forbidden" in err
    assert "--reason" in err
    store = open_store(str(db))
    try:
        assert store.count_units("g7") == 0
    finally:
        store.close()


def test_override_reason_is_recorded_on_the_unit(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _run(db, "memories", "create", "g7")
    code, out, _ = _run(db, "unit", "add", "--memory", "g7", *BAD, "--reason", "quoted", "--json")
    assert code == 0
    assert json.loads(out)["override_reason"] == "quoted"


def test_clean_unit_is_added_without_a_reason(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _run(db, "memories", "create", "g7")
    code, out, _ = _run(db, "unit", "add", "--memory", "g7", *GOOD, "--json")
    assert code == 0
    assert json.loads(out)["override_reason"] is None


def test_update_that_introduces_a_forbidden_term_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _run(db, "memories", "create", "g7")
    unit_id = json.loads(_run(db, "unit", "add", "--memory", "g7", *GOOD, "--json")[1])["id"]
    code, _, err = _run(
        db, "unit", "update", str(unit_id), "--lang", "sw", "it-brottslighet ni tishio."
    )
    assert code == 1
    assert "term-forbidden" in err
    store = open_store(str(db))
    try:
        assert store.get_unit(unit_id).unit.variants[1].text == "Ugaidi ni tishio."
    finally:
        store.close()
