"""``mkutano suggest`` and ``mkutano concordance`` through the CLI runner (and once for real)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkutano.api.cli import main
from mkutano.tm import open_store
from mkutano.tmx import Prop, Segment, Unit, Variant


def _unit(*pairs: tuple[str, str], props: dict[str, str] | None = None) -> Unit:
    return Unit(
        [Variant(lang, Segment.from_text(text)) for lang, text in pairs],
        props=[Prop(k, v) for k, v in (props or {}).items()],
    )


@pytest.fixture
def db(tmp_path: Path) -> str:
    path = str(tmp_path / "tm.db")
    store = open_store(path)
    store.create_memory("g7")
    store.import_units(
        "g7",
        [
            _unit(
                ("it", "Il G7 ha sequestrato 1.200 kg di cocaina nel 2020."),
                ("en", "The G7 seized 1,200 kg of cocaine in 2020."),
            ),
            _unit(
                ("en", "The G7 seized 1,200 kg of cocaine in 2020."),
                ("sw", "G7 ilikamata kilo 1,200 za kokeini mwaka 2020."),
            ),
            _unit(
                ("en", "Follow the money."),
                ("sw", "Fuata pesa."),
                props={"prev": "Start here.", "next": "Then freeze it."},
            ),
        ],
        origin="test",
    )
    store.close()
    return path


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def test_suggest_json_has_the_contract_keys(db: str) -> None:
    code, out, _ = _run(
        "suggest", "--db", db, "--from", "en", "--to", "sw", "--json",
        "The G7 seized 1,500 kg of cocaine in 2020.",
    )  # fmt: skip
    assert code == 0
    [m] = json.loads(out)
    assert {"score", "type", "source", "target", "tm_target", "penalties", "diff"} <= set(m)
    assert (m["score"], m["type"]) == (98.0, "fuzzy")
    assert m["target"] == "G7 ilikamata kilo 1,500 za kokeini mwaka 2020."
    assert m["tm_target"] == "G7 ilikamata kilo 1,200 za kokeini mwaka 2020."


def test_suggest_pivots_from_italian_to_swahili(db: str) -> None:
    code, out, _ = _run(
        "suggest", "--db", db, "--from", "it", "--to", "sw", "--json",
        "Il G7 ha sequestrato 1.200 kg di cocaina nel 2020.",
    )  # fmt: skip
    assert code == 0
    [m] = json.loads(out)
    assert m["type"] == "pivot"
    assert m["pivot"]["lang"] == "en"
    assert m["score"] == 95.0


def test_suggest_context_match_from_prev_and_next(db: str) -> None:
    code, out, _ = _run(
        "suggest", "--db", db, "--from", "en", "--to", "sw", "--json",
        "--prev", "Start here.", "--next", "Then freeze it.", "Follow the money.",
    )  # fmt: skip
    assert code == 0
    assert [(m["score"], m["type"]) for m in json.loads(out)] == [(101.0, "context")]


def test_suggest_threshold_and_text_output(db: str) -> None:
    code, out, _ = _run(
        "suggest", "--db", db, "--from", "en", "--to", "sw", "--threshold", "99",
        "--no-subsegments", "The G7 seized 1,500 kg of cocaine in 2020.",
    )  # fmt: skip
    assert (code, out.strip()) == (0, "no match")


def test_suggest_batch_writes_one_line_per_input_and_reports_bad_lines(
    db: str, tmp_path: Path
) -> None:
    batch = tmp_path / "in.jsonl"
    batch.write_text(
        '{"id": "s1", "text": "Follow the money.", "prev": "Start here.", "next": "Then freeze it."}\n'
        "not json\n"
        '{"id": "s2", "text": "Nothing here at all"}\n',
        encoding="utf-8",
    )
    code, out, err = _run(
        "suggest", "--db", db, "--from", "en", "--to", "sw", "--batch", str(batch), "--json"
    )
    lines = [json.loads(x) for x in out.splitlines()]
    assert [x["id"] for x in lines] == ["s1", "s2"]
    assert lines[0]["matches"][0]["type"] == "context"
    assert lines[1]["matches"] == []
    assert f"{batch}:2: not JSON" in err
    assert code == 1


def test_suggest_batch_from_stdin(db: str) -> None:
    code, out, _ = _run(
        "suggest", "--db", db, "--from", "en", "--to", "sw", "--batch", "-", "--json",
        input='{"id": 1, "text": "Follow the money."}\n',
    )  # fmt: skip
    assert code == 0
    assert json.loads(out)["matches"][0]["target"] == "Fuata pesa."


def test_suggest_bad_language_is_one_line_exit_2(db: str) -> None:
    code, _, err = _run("suggest", "--db", db, "--from", "e n", "--to", "sw", "x")
    assert code == 2
    assert err.startswith("error: source language")
    assert err.count("\n") == 1


def test_suggest_missing_store_is_exit_2(tmp_path: Path) -> None:
    code, _, err = _run(
        "suggest", "--db", str(tmp_path / "none.db"), "--from", "en", "--to", "sw", "x"
    )
    assert code == 2
    assert "no store there" in err


def test_concordance_json(db: str) -> None:
    code, out, _ = _run("concordance", "--db", db, "money", "--lang", "en", "--to", "sw", "--json")
    assert code == 0
    [hit] = json.loads(out)
    assert hit["match"] == "money"
    assert hit["translations"] == {"sw": "Fuata pesa."}


def test_concordance_with_forms_and_a_pattern(db: str) -> None:
    code, out, _ = _run("concordance", "--db", db, "moneys", "--lang", "en", "--json")
    assert (code, json.loads(out)) == (0, [])
    code, out, _ = _run("concordance", "--db", db, "moneys", "--lang", "en", "--forms", "--json")
    assert {h["match"] for h in json.loads(out)} == {"money"}
    code, out, _ = _run("concordance", "--db", db, "mon?y", "--lang", "en", "--to", "sw")
    assert "[money]" in out
    assert "sw: Fuata pesa." in out


def test_commands_have_help_with_an_example() -> None:
    for cmd in ("suggest", "concordance"):
        code, out, _ = _run(cmd, "--help")
        assert code == 0
        assert f"mkutano {cmd}" in out


def test_suggest_as_a_real_subprocess(db: str) -> None:
    proc = subprocess.run(
        [sys.executable, "-c", "from mkutano.api.cli import main; main()", "suggest", "--db", db, "--from", "en", "--to", "sw",
         "--json", "Follow the money."],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)[0]["type"] == "exact"
