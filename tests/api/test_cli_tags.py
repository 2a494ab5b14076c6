"""Inline tags through the CLI: ``unit add``/``update``, ``suggest`` (one and --batch),
``export`` and ``pretranslate``/``rebuild`` of an HTML page, on SQLite and PostgreSQL.

Real sentences: FLORES devtest row 0009 (it/sw), a name wrapped in tags the translator moved.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mkutano.api.cli import main
from mkutano.tm import open_store
from mkutano.tmx import read_xliff

B, E = '<bpt i="1">{1}</bpt>', '<ept i="1">{2}</ept>'
QB, QE = '<bpt i="3">&lt;a href="/qvc"&gt;</bpt>', '<ept i="3">&lt;/a&gt;</ept>'


def _run(*args: str, input: str | None = None) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args), input=input)
    return result.exit_code, result.stdout, result.stderr


def _tag(text: str, b: str = B, e: str = E) -> str:
    return text.replace("QVC", f"{b}QVC{e}", 1)


@pytest.fixture(params=["sqlite", "postgres"])
def db(request: pytest.FixtureRequest, tmp_path: Path, qvc: dict[str, str]) -> str:
    """A store on each backend holding row 0009 as a tagged it/sw unit (added by the CLI)."""
    url = (
        str(tmp_path / "tm.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    )
    store = open_store(url)
    store.create_memory("g7")
    store.close()
    code, out, err = _run(
        "unit", "add", "--db", url, "--memory", "g7", "--lang", "it", _tag(qvc["it"]),
        "--lang", "sw", _tag(qvc["sw"]), "--json",
    )  # fmt: skip
    assert code == 0, err
    unit = json.loads(out)
    assert [v["tmx"] for v in unit["variants"]] == [_tag(qvc["it"]), _tag(qvc["sw"])]
    assert unit["variants"][0]["text"] == qvc["it"]
    return url


def _suggest(db: str, text: str, *extra: str) -> tuple[int, str, str]:
    return _run("suggest", "--db", db, "--from", "it", "--to", "sw", text, "--json", *extra)


def test_suggest_puts_the_query_tags_where_the_memory_had_them(
    db: str, qvc: dict[str, str]
) -> None:
    code, out, _ = _suggest(db, _tag(qvc["it"], QB, QE).replace("2017", "2016"))
    assert code == 0
    [m] = json.loads(out)
    assert m["target"] == _tag(qvc["sw"], QB, QE).replace("2017", "2016")
    assert m["tm_target"] == _tag(qvc["sw"])
    code, out, _ = _suggest(db, qvc["it"].replace("2017", "2016"))
    [m] = json.loads(out)
    assert (m["target"], m["target_tags"]) == (qvc["sw"].replace("2017", "2016"), [])
    # text output shows the same markup
    code, out, _ = _run(
        "suggest", "--db", db, "--from", "it", "--to", "sw", _tag(qvc["it"], QB, QE)
    )
    assert code == 0
    assert out.splitlines()[0].endswith(_tag(qvc["sw"], QB, QE))


def test_mismatched_tags_are_stripped_with_the_penalty_named(db: str, qvc: dict[str, str]) -> None:
    code, out, _ = _suggest(db, qvc["it"].replace("QVC", 'QVC<ph x="1"/>'))
    assert code == 0
    [m] = json.loads(out)
    assert m["target"] == qvc["sw"]
    assert "tags-stripped" in [p["name"] for p in m["penalties"]]


def _export(db: str, tmp_path: Path) -> str:
    out = tmp_path / "g7.tmx"
    code, _, err = _run("export", "--db", db, "--memory", "g7", "--out", str(out))
    assert code == 0, err
    return out.read_text(encoding="utf-8")


def test_malformed_markup_is_one_line_and_exit_2(
    db: str, qvc: dict[str, str], tmp_path: Path
) -> None:
    code, _, err = _suggest(db, qvc["it"].replace("QVC", "<hi>QVC"))
    assert code == 2
    assert err.count("\n") == 1
    assert err.startswith("error: TEXT: malformed inline markup at character")
    code, _, err = _run(
        "unit", "add", "--db", db, "--memory", "g7", "--lang", "it", 'Il <bpt i="1">x</bpt>Gruppo',
        "--lang", "sw", "Kundi",
    )  # fmt: skip
    assert code == 2
    assert err.count("\n") == 1
    assert '--lang it: tag 1: <bpt i="1"> without its <ept>' in err
    # nothing was written: the memory still holds its one unit
    out = _export(db, tmp_path)
    assert out.count("<tu ") + out.count("<tu>") == 1
    assert "Gruppo" not in out


def test_batch_skips_a_malformed_line_with_its_number(db: str, qvc: dict[str, str]) -> None:
    lines = [
        json.dumps({"id": "a", "text": _tag(qvc["it"], QB, QE)}),
        json.dumps({"id": "b", "text": "Siminoff <ph x=1/>"}),
        json.dumps({"id": "c", "text": qvc["it"]}),
    ]
    code, out, err = _run(
        "suggest", "--db", db, "--from", "it", "--to", "sw", "--batch", "-", "--json",
        input="\n".join(lines) + "\n",
    )  # fmt: skip
    assert code == 1
    assert err.strip().startswith("<stdin>:2: text: malformed inline markup at character")
    got = {r["id"]: r["matches"][0]["target"] for r in map(json.loads, out.splitlines())}
    assert got == {"a": _tag(qvc["sw"], QB, QE), "c": qvc["sw"]}


def test_export_and_update_keep_the_tags(db: str, qvc: dict[str, str], tmp_path: Path) -> None:
    assert f"<seg>{_tag(qvc['sw'])}</seg>" in _export(db, tmp_path)
    new_sw = _tag(qvc["sw"]).replace("Baadaye", "Mwishoni mwa")
    code, out, err = _run("unit", "update", "1", "--db", db, "--lang", "sw", new_sw, "--json")
    assert code == 0, err
    assert json.loads(out)["variants"][1]["tmx"] == new_sw


@pytest.mark.parametrize("fmt", ["xliff12", "xliff21"])
def test_pretranslated_html_carries_the_page_tags(
    db: str, qvc: dict[str, str], tmp_path: Path, fmt: str
) -> None:
    page = tmp_path / "page.it.html"
    text = qvc["it"].replace("QVC", "<b>QVC</b>").replace("2017", "2018")
    page.write_text(f"<html><body><p>{text}</p></body></html>", encoding="utf-8")
    xlf, html = tmp_path / "page.xlf", tmp_path / "page.sw.html"
    code, _, err = _run(
        "pretranslate", "--db", db, "--from", "it", "--to", "sw", str(page), "--out", str(xlf),
        "--threshold", "90", "--format", fmt,
    )  # fmt: skip
    assert code == 0, err
    [unit] = read_xliff(xlf).units
    assert unit.target is not None
    assert unit.target.plain == qvc["sw"].replace("2017", "2018")
    assert [t.code for t in unit.target.tags] == ["&lt;b&gt;", "&lt;/b&gt;"]
    code, _, err = _run("rebuild", str(xlf), "--original", str(page), "--out", str(html))
    assert code == 0, err
    expected = qvc["sw"].replace("QVC", "<b>QVC</b>").replace("2017", "2018")
    assert f"<p>{expected}</p>" in html.read_text(encoding="utf-8")
