"""``mkutano qa``: exit codes 0/1/2, every output format, inputs, profile, HTML report."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib.resources import files
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from mkutano.api.cli import main

REPORT_IT = str(files("mkutano.tm") / "data" / "report.it.txt")
SAMPLE_TMX = str(files("mkutano.tm") / "data" / "g7-rome-lyon.tmx")


def _write_pairs(path: Path, rows: list[dict[str, str]]) -> str:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return str(path)


CLEAN = {
    "id": "1",
    "source": "Il Gruppo si è riunito a Roma.",
    "target": "Kundi lilikutana mjini Roma.",
}
FORBIDDEN = {
    "id": "2",
    "source": "La lotta contro la criminalità informatica.",
    "target": "Mapambano dhidi ya it-brottslighet.",
}
WARN_ONLY = {"id": "3", "source": "Le criptovalute.", "target": "Sarafu za siri."}


@pytest.fixture
def run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)  # the default store ./mkutano.db does not exist: sample glossary
    monkeypatch.delenv("MKUTANO_DB", raising=False)

    def _run(*args: str):  # type: ignore[no-untyped-def]
        return CliRunner().invoke(main, ["qa", *args], catch_exceptions=False)

    return _run


def test_help_has_an_example(run) -> None:  # type: ignore[no-untyped-def]
    out = run("--help")
    assert out.exit_code == 0
    assert "Example" in out.output
    assert "mkutano qa --from it" in out.output


def test_clean_pairs_exit_0(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pairs = _write_pairs(tmp_path / "p.jsonl", [CLEAN])
    out = run("--from", "it", "--to", "sw", "--pairs", pairs, "--format", "json")
    assert out.exit_code == 0, out.output
    assert json.loads(out.output)["findings"] == []


def test_error_finding_exits_1_with_contract_json(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pairs = _write_pairs(tmp_path / "p.jsonl", [CLEAN, FORBIDDEN])
    out = run("--from", "it", "--to", "sw", "--pairs", pairs, "--format", "json")
    assert out.exit_code == 1
    found = json.loads(out.output)["findings"]
    forb = next(f for f in found if f["check"] == "term-forbidden")
    assert forb["id"] == "2"
    assert forb["severity"] == "error"
    assert FORBIDDEN["target"][forb["span"]["start"] : forb["span"]["end"]] == "it-brottslighet"
    assert forb["suggestion"] == "uhalifu wa mtandaoni"
    assert forb["fingerprint"]


def test_fail_on_warning(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pairs = _write_pairs(tmp_path / "p.jsonl", [WARN_ONLY])
    assert run("--from", "it", "--to", "sw", "--pairs", pairs).exit_code == 0
    assert (
        run("--from", "it", "--to", "sw", "--pairs", pairs, "--fail-on", "warning").exit_code == 1
    )


def test_unusable_input_exits_2_with_one_line(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{not json\n", encoding="utf-8")
    out = run("--from", "it", "--to", "sw", "--pairs", str(bad))
    assert out.exit_code == 2
    assert "bad.jsonl:1" in out.output
    assert "Traceback" not in out.output
    assert run("--from", "it", "--to", "sw", "--pairs", "missing.jsonl").exit_code == 2
    assert run("--to", "sw").exit_code == 2
    assert run("--from", "it", "--to", "sw", "--source", REPORT_IT).exit_code == 2


def test_bad_profile_exits_2(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    prof = tmp_path / "qa.toml"
    prof.write_text('[checks]\ndisable = ["nope"]\n', encoding="utf-8")
    pairs = _write_pairs(tmp_path / "p.jsonl", [CLEAN])
    out = run("--from", "it", "--to", "sw", "--pairs", pairs, "--profile", str(prof))
    assert out.exit_code == 2
    assert "nope" in out.output


def test_profile_can_lower_an_error(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    prof = tmp_path / "qa.toml"
    prof.write_text(
        '[checks.severity]\n"term-forbidden" = "warning"\n[checks]\ndisable = ["language"]\n',
        encoding="utf-8",
    )
    pairs = _write_pairs(tmp_path / "p.jsonl", [FORBIDDEN])
    assert (
        run("--from", "it", "--to", "sw", "--pairs", pairs, "--profile", str(prof)).exit_code == 0
    )


def test_junit_and_sarif_outputs(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pairs = _write_pairs(tmp_path / "p.jsonl", [CLEAN, FORBIDDEN])
    junit = run("--from", "it", "--to", "sw", "--pairs", pairs, "--format", "junit")
    root = etree.fromstring(junit.output.encode())
    assert root.tag == "testsuites"
    assert int(root.get("failures")) >= 1
    sarif = json.loads(
        run("--from", "it", "--to", "sw", "--pairs", pairs, "--format", "sarif").output
    )
    assert sarif["version"] == "2.1.0"
    results = sarif["runs"][0]["results"]
    assert any(r["ruleId"] == "term-forbidden" and r["level"] == "error" for r in results)


def test_no_glossary_runs_no_terminology(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pairs = _write_pairs(tmp_path / "p.jsonl", [WARN_ONLY])
    out = run("--from", "it", "--to", "sw", "--pairs", pairs, "--no-glossary", "--format", "json")
    assert not [f for f in json.loads(out.output)["findings"] if f["family"] == "terminology"]


def test_glossary_file_option(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    csv = tmp_path / "g.csv"
    csv.write_text("it,sw\ncriptovaluta,sarafu ya kidijitali\n", encoding="utf-8")
    pairs = _write_pairs(tmp_path / "p.jsonl", [WARN_ONLY])
    out = run(
        "--from",
        "it",
        "--to",
        "sw",
        "--pairs",
        pairs,
        "--glossary-file",
        str(csv),
        "--format",
        "json",
    )
    checks = {f["check"] for f in json.loads(out.output)["findings"]}
    assert "term-missing" in checks
    assert out.exit_code == 1


def test_tmx_input(run) -> None:  # type: ignore[no-untyped-def]
    out = run("--from", "it", "--to", "sw", "--tmx", SAMPLE_TMX, "--format", "json")
    assert out.exit_code == 1
    ids = {f["id"] for f in json.loads(out.output)["findings"]}
    assert any(i.startswith("g7-") for i in ids)


def test_document_against_its_source_with_html_report(
    run, seed_report: Path, tmp_path: Path
) -> None:  # type: ignore[no-untyped-def]
    html = tmp_path / "qa.html"
    out = run(
        "--from",
        "it",
        "--to",
        "sw",
        "--source",
        REPORT_IT,
        "--target",
        str(seed_report),
        "--format",
        "json",
        "--html",
        str(html),
    )
    assert out.exit_code == 1
    sw = seed_report.read_text(encoding="utf-8")
    found = json.loads(out.output)["findings"]
    glued = [
        sw[f["span"]["start"] : f["span"]["end"]] for f in found if f["check"] == "glued-words"
    ]
    assert "ugaidihuleta" in glued
    page = html.read_text(encoding="utf-8")
    assert "<mark" in page
    assert "ugaidihuleta" in page


def test_target_alone_text_report(run, seed_report: Path) -> None:  # type: ignore[no-untyped-def]
    out = run("--to", "sw", "--target", str(seed_report))
    assert out.exit_code == 1
    assert f"{seed_report}:3:" in out.output
    assert "[glued-words]" in out.output


def test_real_subprocess(tmp_path: Path) -> None:
    pairs = _write_pairs(tmp_path / "p.jsonl", [CLEAN])
    env = {k: v for k, v in os.environ.items() if k != "MKUTANO_DB"}
    exe = Path(sys.executable).parent / "mkutano"
    cmd = (
        [str(exe)]
        if exe.exists()
        else [sys.executable, "-c", "from mkutano.api.cli import main; main()"]
    )
    proc = subprocess.run(
        [*cmd, "qa", "--from", "it", "--to", "sw", "--pairs", pairs, "--format", "json"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env=env,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["summary"]["total"] == 0


def test_suppress_a_finding_then_it_is_gone(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    pairs = _write_pairs(tmp_path / "p.jsonl", [FORBIDDEN])
    prof = tmp_path / "qa.toml"
    prof.write_text('[checks]\ndisable = ["language"]\n', encoding="utf-8")
    first = json.loads(
        run(
            "--from",
            "it",
            "--to",
            "sw",
            "--pairs",
            pairs,
            "--profile",
            str(prof),
            "--format",
            "json",
        ).output
    )["findings"]
    fp = next(f["fingerprint"] for f in first if f["check"] == "term-forbidden")
    out = CliRunner().invoke(
        main,
        ["qa-suppress", fp, "--profile", str(prof), "--who", "amina", "--why", "quoted source"],
    )
    assert out.exit_code == 0
    assert fp in out.output
    again = run(
        "--from", "it", "--to", "sw", "--pairs", pairs, "--profile", str(prof), "--format", "json"
    )
    assert again.exit_code == 0
    assert fp not in {f["fingerprint"] for f in json.loads(again.output)["findings"]}
    bad = CliRunner().invoke(
        main, ["qa-suppress", "nothex", "--profile", str(prof), "--who", "a", "--why", "b"]
    )
    assert bad.exit_code == 2
    report = tmp_path / "report.json"
    report.write_text(json.dumps({"findings": first}), encoding="utf-8")
    args = ["qa-suppress", "0" * 16, "--profile", str(prof), "--who", "a", "--why", "b"]
    typo = CliRunner().invoke(main, [*args, "--report", str(report)])
    assert typo.exit_code == 2
    assert "no finding of the report" in typo.output


def test_xliff_input_takes_languages_from_the_file(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mkutano.tmx import Segment
    from mkutano.tmx.xliff import XLIFFDocument, XLIFFFile, XLIFFUnit, write_xliff

    units = [
        XLIFFUnit("u1", Segment.from_text("Il 2 ottobre."), Segment.from_text("Tarehe 2 Novemba."))
    ]
    path = tmp_path / "job.xlf"
    write_xliff(XLIFFDocument("1.2", [XLIFFFile("report.txt", "it", "sw", units)]), path)
    out = run("--xliff", str(path), "--format", "json")
    assert out.exit_code == 1
    found = json.loads(out.output)["findings"]
    assert [(f["check"], f["id"]) for f in found] == [("date-mismatch", "u1")]


def test_memory_option_compares_with_a_stored_memory(run, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from mkutano.tm import open_store
    from mkutano.tmx import Segment, Unit, Variant

    db = str(tmp_path / "store.db")
    store = open_store(db)
    store.create_memory("g7")
    store.add_unit(
        "g7",
        Unit(
            [
                Variant("it", Segment.from_text(CLEAN["source"])),
                Variant("sw", Segment.from_text("Kundi lilikutana Roma.")),
            ]
        ),
    )
    store.close()
    pairs = _write_pairs(tmp_path / "p.jsonl", [CLEAN])
    out = run(
        "--from",
        "it",
        "--to",
        "sw",
        "--pairs",
        pairs,
        "--db",
        db,
        "--memory",
        "g7",
        "--format",
        "json",
        "--fail-on",
        "warning",
    )
    assert out.exit_code == 1
    assert [f["check"] for f in json.loads(out.output)["findings"]] == ["memory-inconsistent"]
    assert (
        run(
            "--from", "it", "--to", "sw", "--pairs", pairs, "--db", db, "--memory", "nope"
        ).exit_code
        == 2
    )
