"""``mkutano analyze``, ``pretranslate`` and ``rebuild`` through the CLI runner (and once for real)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkutano.api.cli import main
from mkutano.tm import import_tmx, open_store
from mkutano.tmx.xliff import read_xliff

DATA = Path(__file__).resolve().parents[2] / "tm" / "data"
REPORT = str(DATA / "report.it.txt")
REPORT_TEXT = (DATA / "report.it.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    path = str(tmp_path_factory.mktemp("cli-analysis") / "tm.db")
    store = open_store(path)
    try:
        import_tmx(store, DATA / "g7-rome-lyon.tmx", memory="g7")
    finally:
        store.close()
    return path


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_analyze_prints_a_table_per_band(db: str) -> None:
    code, out, _ = _run("analyze", "--db", db, "--from", "it", "--to", "sw", REPORT)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Analysis it → sw"
    rows = {line[2:17].strip(): line[17:].split() for line in lines[3:]}
    assert rows["100%"][:2] == ["22", "810"]
    assert rows["Repetitions"][:2] == ["1", "9"]
    assert rows["No match"][:2] == ["0", "0"]
    assert rows["Total"][:2] == ["23", "819"]


def test_analyze_json_has_files_and_total(db: str, tmp_path: Path) -> None:
    extra = tmp_path / "new.it.txt"
    extra.write_text(
        "Prima riunione dei Capi Delegazione del G7 Italia 2024\n\n"
        "La riunione si è svolta a Roma il 5 ottobre 2024.\n",
        encoding="utf-8",
    )
    code, out, _ = _run(
        "analyze", "--db", db, "--from", "it", "--to", "sw", REPORT, str(extra),
        "--memory", "g7", "--json", "--details",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert [f["name"] for f in data["files"]] == [REPORT, str(extra)]
    second = data["files"][1]["bands"]
    assert second["repetitions"]["segments"] == 1  # the title, already in the report
    assert second["95-99"]["segments"] == 1
    assert data["total"]["segments"] == 25
    assert data["memories"] == ["g7"]
    assert len(data["segments"]) == 25


def test_pretranslate_then_rebuild_text(db: str, tmp_path: Path) -> None:
    xlf, out = tmp_path / "report.sw.xlf", tmp_path / "report.sw.txt"
    code, text, _ = _run(
        "pretranslate", "--db", db, "--from", "it", "--to", "sw", REPORT, "--out", str(xlf)
    )
    assert code == 0, text
    assert "23 segments, 23 pre-translated (23 exact, 0 fuzzy)" in text
    doc = read_xliff(xlf)
    assert doc.version == "1.2"
    assert len(doc.units) == 23
    code, text, _ = _run("rebuild", str(xlf), "--original", REPORT, "--out", str(out))
    assert code == 0
    assert text.strip() == f"{out}: 23 of 23 segments translated"
    rebuilt = out.read_text(encoding="utf-8")
    assert rebuilt.startswith("Mkutano wa kwanza wa wakuu wa wajumbe wa G7 Italia 2024\n\n")
    assert rebuilt.count("\n\n") == Path(REPORT).read_text(encoding="utf-8").count("\n\n")


def test_pretranslate_html_to_xliff21_json(db: str, tmp_path: Path) -> None:
    page = tmp_path / "page.it.html"
    page.write_text(
        "<html><body><h1>Gruppo Roma/Lione</h1><p>Il Gruppo ha discusso del contrasto al "
        "<i>terrorismo</i>.</p></body></html>",
        encoding="utf-8",
    )
    xlf = tmp_path / "page.xlf"
    code, out, _ = _run(
        "pretranslate", "--db", db, "--from", "it", "--to", "sw", str(page), "--out", str(xlf),
        "--format", "xliff21", "--threshold", "90", "--json",
    )  # fmt: skip
    assert code == 0
    data = json.loads(out)
    assert data["segments"] == 2
    assert data["exact"] == 1
    assert data["fuzzy"] == 1
    assert read_xliff(xlf).version == "2.1"
    code, out, _ = _run(
        "rebuild", str(xlf), "--original", str(page), "--out", str(tmp_path / "p.html"), "--json"
    )
    assert code == 0
    assert json.loads(out)["translated"] == 2
    html = (tmp_path / "p.html").read_text(encoding="utf-8")
    assert html.startswith("<html><body><h1>Kundi la Rome/Lyon</h1><p>Kundi lilijadili")


def test_rebuild_against_the_wrong_original_fails_in_one_line(db: str, tmp_path: Path) -> None:
    xlf = tmp_path / "r.xlf"
    assert _run("pretranslate", "--db", db, "--from", "it", "--to", "sw", REPORT,
                "--out", str(xlf))[0] == 0  # fmt: skip
    other = tmp_path / "other.txt"
    other.write_text("Tutt'altro testo.\n", encoding="utf-8")
    code, _, err = _run("rebuild", str(xlf), "--original", str(other), "--out", str(tmp_path / "o"))
    assert code == 2
    assert err.count("\n") == 1
    assert "unit 'p1-s1'" in err
    assert "other.txt" in err


def test_missing_store_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    code, _, err = _run(
        "analyze", "--db", str(tmp_path / "none.db"), "--from", "it", "--to", "sw", REPORT
    )
    assert code == 2
    assert "no store there" in err
    code, _, err = _run(
        "pretranslate", "--db", str(tmp_path / "none.db"), "--from", "it", "--to", "sw", REPORT,
        "--out", str(tmp_path / "x.xlf"),
    )  # fmt: skip
    assert code == 2
    assert not (tmp_path / "x.xlf").exists()


def test_bad_language_is_one_line_exit_2(db: str) -> None:
    code, _, err = _run("analyze", "--db", db, "--from", "it!", "--to", "sw", REPORT)
    assert code == 2
    assert err.startswith("error: source language")
    assert err.count("\n") == 1


@pytest.mark.parametrize("command", ["analyze", "pretranslate", "rebuild", "import-confirmed"])
def test_help_has_an_example(command: str) -> None:
    code, out, _ = _run(command, "--help")
    assert code == 0
    assert "Example:" in out
    assert f"mkutano {command} " in out


def test_analyze_runs_as_a_real_process(db: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from mkutano.api.cli import main; main()", "analyze", "--db", db,
         "--from", "it", "--to", "sw", REPORT, "--json"],
        capture_output=True,
        text=True,
        check=False,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["total"]["bands"]["100"]["segments"] == 22


@pytest.mark.parametrize("command", ["analyze", "pretranslate", "segment", "import", "align"])
def test_binary_input_is_refused_in_one_line_with_the_formats(command: str, tmp_path: Path) -> None:
    blob = tmp_path / "scan.it.txt"
    blob.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8)
    db = tmp_path / "tm.db"
    args = {
        "analyze": ["analyze", "--db", str(db), "--from", "it", "--to", "sw", str(blob)],
        "pretranslate": [
            "pretranslate", "--db", str(db), "--from", "it", "--to", "sw", str(blob),
            "--out", str(tmp_path / "out.xlf"),
        ],
        "segment": ["segment", "--lang", "it", str(blob)],
        "import": ["import", "--db", str(db), str(blob)],
        "align": ["align", str(blob), str(blob.with_name("scan.sw.txt"))],
    }[command]  # fmt: skip
    blob.with_name("scan.sw.txt").write_text("Habari.\n", encoding="utf-8")
    if command in ("analyze", "pretranslate"):
        store = open_store(str(db))
        store.close()
    code, _, err = _run(*args)
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert "this is a PNG image; supported:" in lines[0]
    assert not (tmp_path / "out.xlf").exists()
    if command == "import":
        store = open_store(str(db))
        try:
            assert store.list_memories() == []
        finally:
            store.close()


def test_docx_is_pretranslated_and_rebuilt_with_its_formatting(db: str, tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    paragraphs = REPORT_TEXT.split("\n\n")[:3]
    src = tmp_path / "report.docx"
    d = docx.Document()
    d.add_heading(paragraphs[0].strip(), level=1)
    for text in paragraphs[1:]:
        p = d.add_paragraph()
        p.add_run(text.strip()).bold = True
    d.save(str(src))
    xlf = tmp_path / "report.xlf"
    code, out, err = _run(
        "pretranslate", "--db", db, "--from", "it", "--to", "sw", str(src), "--out", str(xlf),
        "--json",
    )  # fmt: skip
    assert code == 0, err
    counts = json.loads(out)
    assert counts["segments"] > 3
    assert counts["exact"] == counts["segments"]
    target = tmp_path / "report.sw.docx"
    code, out, err = _run("rebuild", str(xlf), "--original", str(src), "--out", str(target))
    assert code == 0, err
    rebuilt = docx.Document(str(target))
    assert rebuilt.paragraphs[0].style.name == "Heading 1"
    assert rebuilt.paragraphs[0].text.startswith("Mkutano wa kwanza")
    assert all(run.bold for p in rebuilt.paragraphs[1:] for run in p.runs)


def test_import_confirmed_stores_the_translated_segments_with_context(
    db: str, tmp_path: Path
) -> None:
    xlf = tmp_path / "report.sw.xlf"
    assert (
        _run("pretranslate", "--db", db, "--from", "it", "--to", "sw", REPORT, "--out", str(xlf))[0]
        == 0
    )
    target_db = str(tmp_path / "confirmed.db")
    code, out, err = _run(
        "import-confirmed", str(xlf), "--memory", "report", "--db", target_db, "--json"
    )
    assert code == 0, err
    report = json.loads(out)
    # every segment inserted by an exact match is "translated"; a repeated one merges
    assert (report["added"], report["merged"]) == (22, 1)
    code, out, _ = _run(
        "pretranslate", "--db", target_db, "--from", "it", "--to", "sw", REPORT, "--out",
        str(tmp_path / "again.xlf"), "--json",
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["exact"] == 23  # exact counts context matches too
    store = open_store(target_db)
    try:
        keys = [
            p.text
            for s in store.iter_units(memories=["report"])
            for p in s.unit.props
            if p.type == "id"
        ]
    finally:
        store.close()
    assert keys[0] == "report.it.txt:p1-s1"
    assert len(set(keys)) == 23
