"""``mkutano segment`` and ``mkutano align`` through the click runner and once as a process."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkutano.api.cli import main

FILES = {"it": "ita_Latn.devtest", "en": "eng_Latn.devtest", "sw": "swh_Latn.devtest"}


@pytest.fixture
def reports(corpus: Path, tmp_path: Path) -> list[Path]:
    folder = corpus / "parallel" / "trilingual" / "flores200_devtest"
    out = []
    for lang, name in FILES.items():
        lines = (folder / name).read_text(encoding="utf-8").splitlines()[100:106]
        path = tmp_path / f"report.{lang}.txt"
        path.write_text(" ".join(lines[:3]) + "\n\n" + " ".join(lines[3:]) + "\n", encoding="utf-8")
        out.append(path)
    return out


def test_segment_json_lists_text_start_end(tmp_path: Path) -> None:
    f = tmp_path / "a.it.txt"
    f.write_text("Il Dott. Rossi è qui. Bene!\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["segment", "--lang", "it", str(f), "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output) == [
        {"text": "Il Dott. Rossi è qui.", "start": 0, "end": 21},
        {"text": "Bene!", "start": 22, "end": 27},
    ]


def test_align_three_files_writes_tmx_and_imports(reports: list[Path], tmp_path: Path) -> None:
    out = tmp_path / "aligned.tmx"
    db = tmp_path / "tm.db"
    args = ["align", *map(str, reports), "--out", str(out), "--json", "--memory", "g7"]
    result = CliRunner().invoke(main, [*args, "--db", str(db), "--threshold", "0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["languages"] == ["it", "en", "sw"]
    assert [b["segments"]["sw"] for b in data["beads"]] == [[i] for i in range(6)]
    assert data["import"]["added"] == 6
    assert out.read_text(encoding="utf-8").count("<tu>") == 6


def test_align_with_explicit_languages_reports_review(reports: list[Path], tmp_path: Path) -> None:
    review = tmp_path / "review.tmx"
    args = ["align", "--lang", "it", str(reports[0]), "--lang", "en", str(reports[1])]
    result = CliRunner().invoke(main, [*args, "--threshold", "1", "--review", str(review)])
    assert result.exit_code == 1
    assert "need review" in result.output
    as_json = CliRunner().invoke(main, [*args, "--threshold", "1", "--json"])
    data = json.loads(as_json.output)
    assert data["needs_review"] >= 5
    assert review.read_text(encoding="utf-8").count("x-needs-review") == data["needs_review"]


def test_align_without_language_in_name_fails_in_one_line(tmp_path: Path) -> None:
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text("Uno.", encoding="utf-8")
    b.write_text("One.", encoding="utf-8")
    result = CliRunner().invoke(main, ["align", str(a), str(b)])
    assert result.exit_code == 2
    assert "cannot tell the language" in result.output


def test_segment_as_a_real_process(tmp_path: Path) -> None:
    f = tmp_path / "a.sw.txt"
    f.write_text("Bw. Juma amefika. Karibu!", encoding="utf-8")
    proc = subprocess.run(
        [sys.executable, "-m", "mkutano", "segment", "--lang", "sw", str(f)],
        capture_output=True,
        text=True,
        check=False,
    )
    if proc.returncode != 0 and "No module named mkutano.__main__" in proc.stderr:
        proc = subprocess.run(
            [sys.executable, "-c", "from mkutano.api.cli import main; main()", "segment", "--lang", "sw",
             str(f)],
            capture_output=True,
            text=True,
            check=False,
        )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.splitlines() == ["Bw. Juma amefika.", "Karibu!"]


def test_align_with_the_sample_glossary_and_without_any(reports: list[Path]) -> None:
    files = [str(p) for p in reports[:2]]
    with_terms = CliRunner().invoke(main, ["align", *files, "--json", "--threshold", "0"])
    without = CliRunner().invoke(
        main, ["align", *files, "--json", "--threshold", "0", "--no-glossary"]
    )
    assert with_terms.exit_code == without.exit_code == 0, with_terms.output
    shapes = [b["shape"] for b in json.loads(with_terms.output)["beads"]]
    assert shapes == [b["shape"] for b in json.loads(without.output)["beads"]] == ["1-1"] * 6


def test_align_with_an_empty_glossary_file_fails_in_one_line(
    reports: list[Path], tmp_path: Path
) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", encoding="utf-8")
    args = ["align", *map(str, reports[:2]), "--glossary-file", str(empty)]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert "glossary rejected" in result.output
    assert len(result.output.strip().splitlines()) == 1
