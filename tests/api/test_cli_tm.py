"""``mkutano import/export/memories/unit/migrate`` through the CLI runner (and once for real)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkutano.api.cli import main
from mkutano.api.migrations import API_MIGRATIONS
from mkutano.glossaries.qa.projects import MIGRATIONS as QA_MIGRATIONS
from mkutano.glossaries.qa.projects import NAMESPACE as QA_NAMESPACE
from mkutano.glossaries.store import MIGRATIONS as GLOSSARY_MIGRATIONS
from mkutano.glossaries.store import NAMESPACE as GLOSSARY_NAMESPACE
from mkutano.tm import open_store
from mkutano.tm.db import Database
from mkutano.tmx import read_tmx

SAMPLE_TMX = Path(__file__).resolve().parents[2] / "tm" / "data" / "g7-rome-lyon.tmx"


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


@pytest.fixture
def db(tmp_path: Path) -> str:
    return str(tmp_path / "tm.db")


def _tmx(path: Path, body: str) -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        '<header creationtool="t" creationtoolversion="1" segtype="sentence" o-tmf="t"'
        ' adminlang="en" srclang="it" datatype="plaintext"/>\n<body>\n'
        f"{body}</body>\n</tmx>\n",
        encoding="utf-8",
    )
    return path


def _tu(it: str, sw: str) -> str:
    return (
        f'<tu><tuv xml:lang="it"><seg>{it}</seg></tuv><tuv xml:lang="sw"><seg>{sw}</seg></tuv>'
        "</tu>\n"
    )


def test_import_json_reports_the_contract_keys(db: str) -> None:
    code, out, _ = _run("import", str(SAMPLE_TMX), "--memory", "g7", "--db", db, "--json")
    assert code == 0
    data = json.loads(out)
    assert set(data) >= {
        "added",
        "merged",
        "alternatives",
        "skipped",
        "skipped_reasons",
        "units_read",
        "memory",
        "file",
    }
    assert data["memory"] == "g7"
    assert data["added"] + data["alternatives"] + data["merged"] == data["units_read"] > 0
    store = open_store(db)
    try:
        assert store.count_units("g7") == data["added"] + data["alternatives"]
    finally:
        store.close()
    # importing again merges everything
    code, out, _ = _run("import", str(SAMPLE_TMX), "--memory", "g7", "--db", db, "--json")
    again = json.loads(out)
    assert (again["added"], again["merged"]) == (0, data["units_read"])


def test_import_with_skipped_units_exits_1_and_names_the_line(db: str, tmp_path: Path) -> None:
    src = _tmx(
        tmp_path / "some.tmx",
        _tu("uno", "moja") + '<tu><tuv xml:lang="it"><seg>due</seg></tuv><tuv/></tu>\n',
    )
    code, out, _ = _run("import", str(src), "--db", db)
    assert code == 1
    assert "1 added" in out
    assert "1 skipped" in out
    assert "some.tmx:6: <tuv> without xml:lang" in out
    code, out, _ = _run("memories", "list", "--db", db, "--json")
    assert [m["name"] for m in json.loads(out)] == ["default"]


def test_import_of_a_file_that_is_not_tmx_exits_2_in_one_line(db: str, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("plain text, not XML", encoding="utf-8")
    code, _, err = _run("import", str(bad), "--db", db)
    assert code == 2
    assert err.startswith("error: ")
    assert "bad.tmx" in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_import_of_a_truncated_file_exits_2_and_keeps_the_store(db: str, tmp_path: Path) -> None:
    src = _tmx(tmp_path / "cut.tmx", _tu("uno", "moja") + _tu("due", "mbili"))
    text = src.read_text(encoding="utf-8")
    src.write_text(text[: text.index("due")], encoding="utf-8")
    code, out, err = _run("import", str(src), "--db", db, "--json")
    assert code == 2
    assert "cut.tmx:" in err
    assert json.loads(out)["added"] == 0
    store = open_store(db)
    try:
        assert store.count_units() == 0
    finally:
        store.close()


def test_export_writes_the_languages_asked(db: str, tmp_path: Path) -> None:
    _run("import", str(SAMPLE_TMX), "--memory", "g7", "--db", db)
    out = tmp_path / "it-sw.tmx"
    code, stdout, _ = _run(
        "export", "--out", str(out), "--memory", "g7", "--lang", "it", "--lang", "sw",
        "--db", db, "--json",
    )  # fmt: skip
    assert code == 0
    written = json.loads(stdout)["written"]
    with read_tmx(out) as doc:
        units = list(doc)
        assert doc.header.attrs["srclang"] == "it"
    assert len(units) == written > 0
    assert all(sorted(v.lang for v in u.variants) == ["it", "sw"] for u in units)


def test_export_of_unknown_memory_exits_2(db: str, tmp_path: Path) -> None:
    assert _run("memories", "create", "g7", "--db", db)[0] == 0
    code, _, err = _run("export", "--out", str(tmp_path / "x.tmx"), "--memory", "nope", "--db", db)
    assert code == 2
    assert "nope" in err


def test_reading_commands_refuse_a_store_that_is_not_there(tmp_path: Path) -> None:
    typo = str(tmp_path / "tpyo.db")
    for command in (
        ["memories", "list"],
        ["export", "--out", str(tmp_path / "x.tmx")],
        ["suggest", "--from", "it", "--to", "sw", "Ciao"],
        ["concordance", "ciao", "--lang", "it"],
        ["unit", "get", "1"],
        ["glossary", "list"],
    ):
        code, _, err = _run(*command, "--db", typo)
        assert code == 2, command
        assert err.strip() == (
            f"error: {typo}: no store there; create one with 'mkutano migrate --db {typo}' "
            "(or import a memory into it)"
        )
    assert not Path(typo).exists()


def test_writing_commands_create_a_store_but_not_a_folder(tmp_path: Path) -> None:
    code, _, err = _run("memories", "create", "g7", "--db", str(tmp_path / "no" / "x.db"))
    assert code == 2
    assert f"the folder {tmp_path / 'no'} does not exist" in err
    assert not (tmp_path / "no").exists()
    assert _run("memories", "create", "g7", "--db", str(tmp_path / "x.db"))[0] == 0


def test_memories_create_update_list_delete(db: str) -> None:
    code, out, _ = _run("memories", "create", "g7", "--priority", "5", "--db", db, "--json")
    assert code == 0
    assert json.loads(out)["priority"] == 5
    code, _, err = _run("memories", "create", "g7", "--db", db)
    assert code == 2
    assert "already exists" in err
    _run("memories", "create", "archive", "--read-only", "--db", db)
    code, out, _ = _run("memories", "update", "g7", "--read-only", "--description", "x", "--db", db)
    assert code == 0
    assert "read-only" in out
    code, out, _ = _run("memories", "list", "--db", db, "--json")
    listed = json.loads(out)
    assert [(m["name"], m["read_only"]) for m in listed] == [("g7", True), ("archive", True)]
    code, _, err = _run("memories", "delete", "g7", "--db", db, "--yes")
    assert code == 2
    assert "read-only" in err
    _run("memories", "update", "g7", "--read-write", "--db", db)
    code, out, _ = _run("memories", "delete", "g7", "--db", db, "--yes")
    assert code == 0
    assert "deleted" in out
    code, out, _ = _run("memories", "list", "--db", db)
    assert out.split("\t")[0] == "archive"


def test_memories_delete_asks_without_yes(db: str) -> None:
    _run("memories", "create", "tmp", "--db", db)
    code, _, _ = _run("memories", "delete", "tmp", "--db", db)
    assert code != 0  # no terminal to confirm on, no --yes: nothing deleted
    code, out, _ = _run("memories", "list", "--db", db, "--json")
    assert [m["name"] for m in json.loads(out)] == ["tmp"]


def test_unit_add_get_update_delete(db: str) -> None:
    code, out, _ = _run(
        "unit", "add", "--memory", "default", "--lang", "it", "Il riciclaggio di denaro",
        "--lang", "sw", "Utakatishaji wa fedha", "--project", "rapporto", "--db", db, "--json",
    )  # fmt: skip
    assert code == 0
    added = json.loads(out)
    assert added["origin"] == "cli"
    assert added["project"] == "rapporto"
    assert [v["lang"] for v in added["variants"]] == ["it", "sw"]
    uid = str(added["id"])

    code, out, _ = _run("unit", "update", uid, "--lang", "sw", "Utakatishaji wa pesa", "--db", db)
    assert code == 0
    assert "sw: Utakatishaji wa pesa" in out

    code, out, _ = _run("unit", "get", uid, "--db", db, "--json")
    got = json.loads(out)
    assert [v["text"] for v in got["variants"]] == [
        "Il riciclaggio di denaro",
        "Utakatishaji wa pesa",
    ]
    assert "creationdate" in got["attrs"]
    assert "changedate" in got["attrs"]

    code, out, _ = _run("unit", "delete", uid, "--db", db)
    assert code == 0
    code, _, err = _run("unit", "get", uid, "--db", db)
    assert code == 2
    assert err.strip() == f"error: no unit with id {uid}"


def test_unit_add_needs_two_languages_and_valid_tags(db: str) -> None:
    code, _, err = _run("unit", "add", "--lang", "it", "solo", "--db", db)
    assert code == 2
    assert "two languages" in err
    code, _, err = _run("unit", "add", "--lang", "it", "a", "--lang", "not a tag", "b", "--db", db)
    assert code == 2
    assert "not a tag" in err


def test_unit_add_to_a_missing_memory_names_the_fix(db: str) -> None:
    code, _, err = _run(
        "unit", "add", "--memory", "g7", "--lang", "it", "a", "--lang", "sw", "b", "--db", db
    )
    assert code == 2
    assert "mkutano memories create g7" in err


def test_migrate_reports_applied_then_up_to_date(db: str) -> None:
    code, out, _ = _run("migrate", "--db", db, "--json")
    assert code == 0
    assert json.loads(out)["applied"] == {
        "tm": [1, 2, 3, 4, 5, 6, 7],
        "glossaries": [1],
        "qa": [1],
        "api": [1, 2, 3, 4],
    }
    code, out, _ = _run("migrate", "--db", db)
    assert code == 0
    assert "up to date" in out


def test_migrate_leaves_nothing_for_the_other_namespaces_to_apply(db: str) -> None:
    """``mkutano migrate`` runs every namespace's migrations, not only the memories'."""
    code, out, _ = _run("migrate", "--db", db)
    assert code == 0
    assert "tm 1, 2, 3, 4, 5, 6, 7; glossaries 1; qa 1; api 1, 2, 3, 4" in out
    database = Database(db)
    try:
        assert database.migrate(GLOSSARY_NAMESPACE, GLOSSARY_MIGRATIONS) == []
        assert database.migrate(QA_NAMESPACE, QA_MIGRATIONS) == []
        assert database.migrate("api", API_MIGRATIONS) == []
    finally:
        database.close()


def test_every_store_command_has_help_with_an_example() -> None:
    for args in (
        ["import"],
        ["export"],
        ["memories"],
        ["memories", "list"],
        ["memories", "create"],
        ["memories", "update"],
        ["memories", "delete"],
        ["unit"],
        ["unit", "add"],
        ["unit", "get"],
        ["unit", "find"],
        ["unit", "update"],
        ["unit", "delete"],
        ["migrate"],
    ):
        code, out, _ = _run(*args, "--help")
        assert code == 0
        assert "Example:" in out, args
        assert "mkutano " in out, args


def test_import_and_export_as_a_real_process(tmp_path: Path) -> None:
    db = str(tmp_path / "real.db")
    out = tmp_path / "out.tmx"
    mkutano = [sys.executable, "-c", "from mkutano.api.cli import main; main()"]
    done = subprocess.run(
        [*mkutano, "import", str(SAMPLE_TMX), "--memory", "g7", "--db", db, "--json"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert done.stderr == ""  # no progress counter when stderr is not a terminal
    done = subprocess.run(
        [*mkutano, "export", "--out", str(out), "--db", db],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    with read_tmx(SAMPLE_TMX) as doc:
        original = list(doc)
        header = doc.header
    with read_tmx(out) as doc:
        assert doc.header.attrs == header.attrs
        back = list(doc)
    assert len(back) == report["added"] + report["alternatives"]
    if report["merged"] == 0:
        assert back == original


def test_import_of_sdlxliff_gives_the_same_report_json(db: str, corpus: Path) -> None:
    sdl = corpus / "xliff/matecat-xliff-parser/Test stati sdlxliff.txt_it-IT_en-US.sdlxliff"
    code, out, _ = _run("import", str(sdl), "--memory", "client", "--db", db, "--json")
    assert code == 0
    data = json.loads(out)
    tmx_keys = {"added", "merged", "alternatives", "skipped", "skipped_reasons", "units_read"}
    qa_keys = {"qa_policy", "qa_checked", "flagged", "refused", "qa_findings"}
    assert set(data) == tmx_keys | qa_keys | {"complete", "warnings", "memory", "file"}
    assert (data["added"], data["units_read"], data["memory"]) == (3, 3, "client")
    assert data["warnings"][-1].endswith(
        "12 segments not confirmed or without a target; not imported"
    )
    code, out, _ = _run("import", str(sdl), "--memory", "client", "--db", db)
    assert code == 0
    assert "0 added, 3 merged" in out


def _flores_rows(corpus: Path, n: int) -> list[list[str]]:
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    lines = tsv.read_text(encoding="utf-8").splitlines()[1 : n + 1]
    return [[cell.strip() for cell in line.split("\t")] for line in lines]


def test_unit_add_with_context_gives_context_matches_and_exports_omegat_props(
    db: str, tmp_path: Path, corpus: Path
) -> None:
    before, row, after = _flores_rows(corpus, 3)
    code, out, err = _run(
        "unit", "add", "--memory", "default", "--lang", "it", row[2], "--lang", "sw", row[3],
        "--prev", before[2], "--next", after[2], "--context-key", "flores/2", "--db", db, "--json",
    )  # fmt: skip
    assert code == 0, err
    props = json.loads(out)["props"]
    assert [(p["type"], p["text"]) for p in props] == [
        ("prev", before[2]),
        ("next", after[2]),
        ("id", "flores/2"),
    ]
    code, out, _ = _run(
        "suggest", "--from", "it", "--to", "sw", "--prev", before[2], "--next", after[2],
        "--db", db, "--json", row[2],
    )  # fmt: skip
    assert [(m["score"], m["type"]) for m in json.loads(out)] == [(101.0, "context")]
    code, out, _ = _run(
        "suggest", "--from", "it", "--to", "sw", "--context-key", "flores/2", "--db", db, "--json",
        row[2],
    )  # fmt: skip
    assert json.loads(out)[0]["type"] == "context"
    dest = tmp_path / "out.tmx"
    assert _run("export", "--out", str(dest), "--db", db)[0] == 0
    with read_tmx(dest) as doc:
        [unit] = list(doc)
    assert {p.type: p.text for p in unit.props} == {
        "prev": before[2],
        "next": after[2],
        "id": "flores/2",
    }


def test_unit_find_by_a_merged_tuid(db: str, tmp_path: Path) -> None:
    tus = "".join(
        f'<tu tuid="{t}"><tuv xml:lang="it"><seg>Il contrabbando</seg></tuv>'
        f'<tuv xml:lang="sw"><seg>Magendo</seg></tuv></tu>\n'
        for t in ("omt-1", "omt-2")
    )
    src = _tmx(tmp_path / "dups.tmx", tus)
    assert _run("import", str(src), "--memory", "m", "--db", db)[0] == 0
    code, out, _ = _run("unit", "find", "--tuid", "omt-2", "--db", db, "--json")
    assert code == 0
    [found] = json.loads(out)
    assert found["attrs"]["tuid"] == "omt-1"
    assert {"type": "x-tuid", "text": "omt-2"} in found["props"]
    code, _, err = _run("unit", "find", "--tuid", "omt-3", "--memory", "m", "--db", db)
    assert code == 1
    assert "no unit answers to tuid 'omt-3'" in err
