"""The ``mkutano glossary`` commands and ``mkutano terms``, through the click runner and once
as a real subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkutano.api.cli import main
from mkutano.glossaries.formats import SAMPLE_GLOSSARY


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "store.db")


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_import_json_reports_counts_and_exit_0(db: str) -> None:
    code, out, _ = _run(
        "glossary", "import", str(SAMPLE_GLOSSARY), "--name", "g7", "--db", db, "--json"
    )
    assert code == 0
    data = json.loads(out)
    assert data["concepts"] >= 45
    assert data["terms"] > data["concepts"]
    assert data["languages"] == ["it", "en", "sw"]
    assert data["diagnostics"] == []


def test_rejected_file_exits_1_with_diagnostics(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text(
        '<tbx><text><body><conceptEntry id="x"></conceptEntry></body></text></tbx>',
        encoding="utf-8",
    )
    code, out, _ = _run("glossary", "import", str(bad), "--db", db, "--json")
    assert code == 1
    data = json.loads(out)
    assert data["complete"]
    assert data["concepts"] == 0
    assert data["rejected"]
    assert data["diagnostics"][0]["line"] is not None


def test_truncated_file_without_entries_exits_2(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tbx"
    bad.write_text('<tbx><text><body><conceptEntry id="x"></conceptEntry>', encoding="utf-8")
    code, out, _ = _run("glossary", "import", str(bad), "--db", db, "--json", "--lenient")
    assert code == 2
    data = json.loads(out)
    assert data["rejected"]
    assert not data["complete"]


def test_missing_file_is_one_line_error_exit_2(db: str, tmp_path: Path) -> None:
    code, _, err = _run("glossary", "import", str(tmp_path / "nope.tbx"), "--db", db)
    assert code == 2
    assert err.startswith("error: ")
    assert len(err.strip().splitlines()) == 1


def test_terms_json_lists_hits_with_renderings(db: str) -> None:
    _run("glossary", "import", str(SAMPLE_GLOSSARY), "--name", "g7", "--db", db)
    code, out, _ = _run(
        "terms",
        "--lang",
        "sw",
        "--glossary",
        "g7",
        "--db",
        db,
        "--json",
        "Wahamiaji na magaidi walikamatwa; LEPSG ilikutana.",
    )
    assert code == 0
    hits = json.loads(out)
    texts = [h["text"] for h in hits]
    assert texts == ["Wahamiaji", "magaidi", "LEPSG"]
    for h in hits:
        assert {"start", "end", "text", "concept", "match", "renderings"} <= set(h)
    assert hits[2]["match"] == "exact"
    assert "en" in hits[2]["renderings"]


def test_terms_without_a_store_uses_the_sample_glossary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)  # no ./mkutano.db here, and no --db nor MKUTANO_DB
    monkeypatch.delenv("MKUTANO_DB", raising=False)
    code, out, _ = _run(
        "terms", "--lang", "it", "--json", "Le organizzazioni criminali e la mia casa."
    )
    assert code == 0
    [hit] = json.loads(out)
    assert hit["text"] == "organizzazioni criminali"
    assert hit["match"] == "lemma"
    assert not (tmp_path / "mkutano.db").exists()


def test_terms_with_a_db_that_is_not_there_is_refused(tmp_path: Path) -> None:
    missing = tmp_path / "none.db"
    code, _, err = _run("terms", "--lang", "it", "--db", str(missing), "Le organizzazioni")
    assert code == 2
    assert not missing.exists()
    assert err.strip() == (
        f"error: {missing}: no store there; create one with 'mkutano migrate --db {missing}' "
        "(or import a memory into it)"
    )


def test_entry_add_get_update_delete(db: str) -> None:
    assert _run("glossary", "create", "g", "--priority", "3", "--db", db)[0] == 0
    code, out, _ = _run(
        "glossary",
        "entry",
        "add",
        "g",
        "--id",
        "migrant",
        "--term",
        "en=migrant",
        "--term",
        "sw=mhamiaji",
        "--status",
        "preferred",
        "--db",
        db,
        "--json",
    )
    assert code == 0
    assert json.loads(out)["terms"][1]["text"] == "mhamiaji"
    code, out, _ = _run(
        "glossary",
        "entry",
        "update",
        "g",
        "migrant",
        "--note",
        "pl. wahamiaji",
        "--db",
        db,
        "--json",
    )
    assert json.loads(out)["note"] == "pl. wahamiaji"
    assert len(json.loads(out)["terms"]) == 2
    code, out, _ = _run("terms", "--lang", "sw", "--db", db, "--json", "Wahamiaji wengi")
    assert [h["concept"] for h in json.loads(out)] == ["migrant"]
    assert _run("glossary", "entry", "delete", "g", "migrant", "--db", db)[0] == 0
    code, _, err = _run("glossary", "entry", "get", "g", "migrant", "--db", db)
    assert code == 2
    assert "no concept 'migrant'" in err


def test_entry_needs_a_term(db: str) -> None:
    _run("glossary", "create", "g", "--db", db)
    code, _, err = _run("glossary", "entry", "add", "g", "--db", db)
    assert code == 2
    assert "--term LANG=TEXT" in err


def test_list_and_export_csv(db: str, tmp_path: Path) -> None:
    _run("glossary", "import", str(SAMPLE_GLOSSARY), "--name", "g7", "--db", db)
    code, out, _ = _run("glossary", "list", "--db", db, "--json")
    assert code == 0
    assert [g["name"] for g in json.loads(out)] == ["g7"]
    target = tmp_path / "g7.csv"
    assert _run("glossary", "export", "g7", str(target), "--db", db)[0] == 0
    assert target.read_text(encoding="utf-8").splitlines()[0] == "it,en,sw,note"


def test_candidates_from_a_memory(db: str) -> None:
    from mkutano.tm import open_store
    from mkutano.tm.transfer import import_tmx

    root = Path(__file__).resolve().parents[2]
    store = open_store(db)
    import_tmx(store, root / "tm" / "data" / "g7-rome-lyon.tmx", memory="g7")
    store.close()
    code, out, _ = _run(
        "glossary",
        "candidates",
        "--memory",
        "g7",
        "--lang",
        "en",
        "--min-count",
        "3",
        "--db",
        db,
        "--json",
    )
    assert code == 0
    found = {c["text"]: c for c in json.loads(out)}
    assert found["LEPSG"]["kind"] == "acronym"
    assert found["LEPSG"]["renderings"]["sw"][0]["text"] == "LEPSG"


@pytest.mark.parametrize(
    "args",
    [
        ["glossary", "--help"],
        ["glossary", "import", "--help"],
        ["glossary", "export", "--help"],
        ["glossary", "entry", "add", "--help"],
        ["glossary", "candidates", "--help"],
        ["terms", "--help"],
    ],
)
def test_help_has_an_example(args: list[str]) -> None:
    code, out, _ = _run(*args)
    assert code == 0
    assert "mkutano " in out
    assert "Example" in out


def test_terms_as_a_real_subprocess(tmp_path: Path) -> None:
    proc = subprocess.run(
        [
            sys.executable,
            "-c",
            "from mkutano.api.cli import main; main()",
            "terms",
            "--lang",
            "en",
            "--json",
            "INTERPOL's officers and the LEPSG.",
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
        cwd=tmp_path,  # no store there: the shipped sample glossary
        env={k: v for k, v in os.environ.items() if k != "MKUTANO_DB"},
    )
    assert proc.returncode == 0, proc.stderr
    assert [h["text"] for h in json.loads(proc.stdout)] == ["INTERPOL", "LEPSG"]


def test_terms_reads_standard_input(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("MKUTANO_DB", raising=False)
    code, out, _ = _run(
        "terms", "--lang", "en", "-",
        input="Trafficking in human beings and migrant smuggling.",
    )  # fmt: skip
    assert code == 0
    assert "trafficking in human beings" in out.casefold()
