"""Sub-segment matches over the CLI (``mkutano suggest``) and HTTP (``/v1/suggest``)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from mkutano.api.cli import main

from .conftest import SAMPLE_TMX, bearer

ISSUE = (
    "Nel 2025 la lotta alla criminalità organizzata transnazionale e al riciclaggio resta una"
    " sfida per tutti."
)
PHRASE = "criminalità organizzata transnazionale"


def _suggest(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["suggest", *args])
    return result.exit_code, result.stdout


def test_cli_suggest_gives_the_issue_sentence_its_phrase(tmp_path: Path) -> None:
    db = str(tmp_path / "tm.db")
    assert CliRunner().invoke(main, ["import", "--db", db, str(SAMPLE_TMX)]).exit_code == 0
    common = ("--db", db, "--from", "it", "--to", "en", "--threshold", "30")
    code, out = _suggest(*common, ISSUE, "--json")
    [m] = json.loads(out)
    assert code == 0
    assert m["type"] == "subsegment"
    a, b = m["subsegment"]["span"]
    assert ISSUE[a:b] == PHRASE == m["source"]
    assert m["target"] == "transnational organised crime"
    assert m["subsegment"]["count"] == 3
    assert len(m["subsegment"]["renderings"]) >= 2
    code, out = _suggest(*common, ISSUE)
    assert f"phrase at {a}-{b} of the query: {PHRASE}" in out
    code, out = _suggest(*common, "--no-subsegments", ISSUE, "--json")
    assert code == 0
    assert json.loads(out) == []


def test_http_suggest_returns_subsegments_unless_switched_off(
    g7_client: TestClient, tokens: dict[str, str]
) -> None:
    body = {"source_lang": "it", "target_lang": "sw", "text": ISSUE}
    r = g7_client.post("/v1/suggest", json=body, headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    [m] = r.json()["matches"]
    assert m["type"] == "subsegment"
    assert m["subsegment"]["text"] == PHRASE
    assert m["target"] == "uhalifu uliopangwa wa kimataifa"
    off = g7_client.post(
        "/v1/suggest", json=body | {"subsegments": False}, headers=bearer(tokens["reader"])
    )
    assert off.status_code == 200
    assert off.json()["matches"] == []
    batch = {
        "source_lang": "it",
        "target_lang": "sw",
        "items": [{"id": "a", "text": ISSUE}],
        "limit": 1,
    }
    r = g7_client.post("/v1/suggest/batch", json=batch, headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    assert r.json()["results"][0]["matches"][0]["subsegment"]["span"] == m["subsegment"]["span"]
