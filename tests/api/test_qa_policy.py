"""The QA policy through the CLI and HTTP: memories' policy, unit writes, imports, alignment,
listing flagged units."""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from click.testing import CliRunner
from fastapi.testclient import TestClient

from mkutano.api.cli import main
from mkutano.tm import open_store

from .conftest import bearer

ROOT = Path(__file__).resolve().parents[2]
REPORT_IT = ROOT / "tm" / "data" / "report.it.txt"
BAD = [
    "--lang",
    "it",
    "Il terrorismo è una minaccia.",
    "--lang",
    "sw",
    "it-brottslighet ni tishio.",
]
TARGET_FIRST = ["--lang", "sw", "Prefect Annunziato Vardé alizungumza.", "--lang", "en", "Prefect Annunziato Vardé spoke."]  # fmt: skip
TMX = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"
 o-tmf="t" adminlang="en" srclang="en" datatype="plaintext"/><body>
<tu><tuv xml:lang="sw"><seg>Prefect Annunziato Vardé alizungumza.</seg></tuv>
<tuv xml:lang="en"><seg>Prefect Annunziato Vardé spoke.</seg></tuv></tu>
<tu><tuv xml:lang="en"><seg>Terrorism is a threat.</seg></tuv>
<tuv xml:lang="sw"><seg>Ugaidi ni tishio.</seg></tuv></tu>
</body></tmx>
"""


def _run(db: Path, *args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, [*args, "--db", str(db)])
    return r.exit_code, r.stdout, r.stderr


# -- CLI -------------------------------------------------------------------------------------------


def test_cli_memory_policy_set_shown_and_cleared(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    code, out, _ = _run(db, "memories", "create", "g7", "--qa-policy", "flag", "--json")
    assert code == 0
    assert json.loads(out)["qa_policy"] == "flag"
    code, out, _ = _run(db, "memories", "set-policy", "g7", "off", "--json")
    assert code == 0
    assert json.loads(out)["qa_policy"] == "off"
    code, out, _ = _run(db, "memories", "update", "g7", "--qa-policy", "default", "--json")
    assert code == 0
    assert json.loads(out)["qa_policy"] is None
    code, _, err = _run(db, "memories", "set-policy", "g7", "block")
    assert code == 2
    assert "'block' is not one of" in err


def test_cli_unit_add_target_first_is_refused_by_default(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _run(db, "memories", "create", "g7")
    code, _, err = _run(db, "unit", "add", "--memory", "g7", *TARGET_FIRST)
    assert code == 1
    assert "term-forbidden" in err
    assert "'Prefect'" in err
    store = open_store(str(db))
    try:
        assert store.count_units("g7") == 0
    finally:
        store.close()


def test_cli_unit_add_under_flag_stores_and_lists_the_unit(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _run(db, "memories", "create", "g7", "--qa-policy", "flag")
    code, out, err = _run(db, "unit", "add", "--memory", "g7", *BAD, "--json")
    unit = json.loads(out)
    # 'it-brottslighet' is forbidden, and 'terrorismo' has no rendering ('ugaidi') in it
    assert unit["qa_flag"] == ["term-forbidden", "term-missing"]
    assert code == 0
    assert "flagged by QA: term-forbidden, term-missing" in err
    assert {"type": "x-qa-flag", "text": "term-forbidden,term-missing"} in unit["props"]
    _run(
        db, "unit", "add", "--memory", "g7", "--lang", "it", "Il Gruppo.", "--lang", "sw", "Kundi."
    )
    code, out, _ = _run(db, "unit", "list", "--memory", "g7", "--flagged", "--json")
    assert code == 0
    assert [u["id"] for u in json.loads(out)] == [unit["id"]]
    code, out, _ = _run(db, "unit", "list", "--memory", "g7", "--json")
    assert len(json.loads(out)) == 2


def test_cli_unit_list_flagged_finds_none(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    _run(db, "memories", "create", "g7")
    code, _, err = _run(db, "unit", "list", "--memory", "g7", "--flagged")
    assert code == 1
    assert "no flagged unit" in err


def test_cli_import_flags_by_default_and_refuses_on_request(tmp_path: Path) -> None:
    db = tmp_path / "m.db"
    tmx = tmp_path / "t.tmx"
    tmx.write_text(TMX, encoding="utf-8")
    code, out, _ = _run(db, "import", str(tmx), "--memory", "a", "--json")
    report = json.loads(out)
    assert code == 0
    assert (report["qa_policy"], report["flagged"], report["refused"], report["added"]) == (
        "flag",
        1,
        0,
        2,
    )
    assert report["qa_findings"][0]["check"] == "term-forbidden"
    assert report["qa_findings"][0]["line"] == 4
    code, out, _ = _run(db, "import", str(tmx), "--memory", "b", "--qa-policy", "refuse", "--json")
    report = json.loads(out)
    assert code == 1  # a unit skipped
    assert (report["refused"], report["added"], report["skipped"]) == (1, 1, 1)
    assert report["skipped_reasons"][0].startswith("t.tmx:4: refused by QA (term-forbidden)")
    code, out, _ = _run(db, "import", str(tmx), "--memory", "c", "--qa-policy", "off", "--json")
    assert (json.loads(out)["flagged"], json.loads(out)["added"]) == (0, 2)


def test_cli_align_memory_flags_the_real_report(tmp_path: Path, seed_report: Path) -> None:
    """The issue's bypass: `align --memory` stored forbidden terms of the real MT report."""
    db = tmp_path / "m.db"
    code, out, _ = _run(
        db,
        "align",
        "--lang", "it", str(REPORT_IT),
        "--lang", "sw", str(seed_report),
        "--memory", "g7",
        "--no-dictionary",
        "--json",
    )  # fmt: skip
    assert code in (0, 1), out
    imported = json.loads(out)["import"]
    assert imported["qa_policy"] == "flag"
    assert imported["flagged"] >= 2
    assert {f["check"] for f in imported["qa_findings"]} >= {"term-forbidden"}
    code, out, _ = _run(db, "unit", "list", "--memory", "g7", "--flagged", "--json")
    flagged = " ".join(v["text"] for u in json.loads(out) for v in u["variants"])
    assert "it-brottslighet" in flagged
    assert "Prefect" in flagged


# -- HTTP ------------------------------------------------------------------------------------------


def _wait(client: TestClient, token: str, url: str) -> dict[str, Any]:
    for _ in range(1200):
        job = client.get(url, headers=bearer(token)).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        time.sleep(0.05)
    raise AssertionError(f"job {url} did not finish")


def test_http_memory_policy_governs_unit_writes(client: TestClient, tokens: dict[str, str]) -> None:
    admin, translator = bearer(tokens["admin"]), bearer(tokens["translator"])
    r = client.post("/v1/memories", json={"name": "g7", "qa_policy": "flag"}, headers=admin)
    assert r.status_code == 201
    assert r.json()["qa_policy"] == "flag"
    bad = {"variants": [{"lang": "sw", "text": "Prefect Annunziato Vardé alizungumza."},
                        {"lang": "en", "text": "Prefect Annunziato Vardé spoke."}]}  # fmt: skip
    r = client.post("/v1/memories/g7/units", json=bad, headers=translator)
    assert r.status_code == 201, r.text
    assert r.json()["qa_flag"] == ["term-forbidden"]
    flagged_id = r.json()["id"]
    good = {"variants": [{"lang": "it", "text": "Il Gruppo."}, {"lang": "sw", "text": "Kundi."}]}
    assert client.post("/v1/memories/g7/units", json=good, headers=translator).status_code == 201
    r = client.get("/v1/memories/g7/units", params={"flagged": "true"}, headers=translator)
    assert [u["id"] for u in r.json()["units"]] == [flagged_id]
    # refuse: the same unit is a 422 now
    r = client.put("/v1/memories/g7", json={"qa_policy": "refuse"}, headers=admin)
    assert r.json()["qa_policy"] == "refuse"
    bad["variants"][1]["text"] = "Prefect Vardé spoke."
    r = client.post("/v1/memories/g7/units", json=bad, headers=translator)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "qa_refused"
    # off: stored unchecked; an edit under flag that fixes the unit clears the flag
    client.put("/v1/memories/g7", json={"qa_policy": "flag"}, headers=admin)
    r = client.patch(
        f"/v1/memories/g7/units/{flagged_id}",
        json={"lang": "sw", "text": "Prefekti Annunziato Vardé alizungumza."},
        headers=translator,
    )
    assert r.status_code == 200
    assert r.json()["qa_flag"] == []
    r = client.get("/v1/memories/g7/units", params={"flagged": "true"}, headers=translator)
    assert r.json()["units"] == []
    r = client.put("/v1/memories/g7", json={"qa_policy": "strict"}, headers=admin)
    assert r.status_code == 422


def test_http_import_reports_flagged_units_and_takes_an_override(
    client: TestClient, tokens: dict[str, str]
) -> None:
    admin = bearer(tokens["admin"])
    for memory, params, expected in (
        ("a", {}, ("flag", 1, 0, 2)),
        ("b", {"qa_policy": "refuse"}, ("refuse", 0, 1, 1)),
        ("c", {"qa_policy": "off"}, ("off", 0, 0, 2)),
    ):
        r = client.post(
            f"/v1/memories/{memory}/import",
            params={"filename": "t.tmx", **params},
            content=TMX.encode(),
            headers={**admin, "Content-Type": "application/x-tmx+xml"},
        )
        assert r.status_code == 202, r.text
        job = _wait(client, tokens["admin"], r.json()["status_url"])
        res = job["result"]
        assert (res["qa_policy"], res["flagged"], res["refused"], res["added"]) == expected
    r = client.post(
        "/v1/memories/d/import",
        params={"filename": "t.tmx", "qa_policy": "maybe"},
        content=TMX.encode(),
        headers={**admin, "Content-Type": "application/x-tmx+xml"},
    )
    assert r.status_code == 422
