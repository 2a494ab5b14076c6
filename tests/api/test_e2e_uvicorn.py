"""End to end, as a CMS would: a real ``mkutano serve`` on loopback, driven with httpx."""

from __future__ import annotations

import json
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import SAMPLE_TMX, run_mkutano, serve

pytestmark = pytest.mark.slow


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A running server on a fresh store; yields (base URL, admin key)."""
    db = str(tmp_path / "e2e.db")
    made = run_mkutano("keys", "create", "--role", "admin", "--db", db, "--json")
    admin = json.loads(made.stdout)["key"]
    with serve(db, tmp_path / "server.log", secrets=[admin]) as base:
        yield base, admin


def test_cms_flow_against_a_real_server(server: tuple[str, str]) -> None:
    base, admin = server
    auth = {"Authorization": f"Bearer {admin}"}
    # generous timeout: the first QA call loads the language detector
    with httpx.Client(base_url=base, headers=auth, timeout=120) as cms:
        # keys for the CMS itself: a translator restricted to the memory
        r = cms.post("/v1/keys", json={"role": "translator", "memories": ["g7"]})
        assert r.status_code == 201
        translator = {"Authorization": f"Bearer {r.json()['key']}"}

        assert cms.post("/v1/memories", json={"name": "g7", "priority": 5}).status_code == 201

        r = cms.post(
            "/v1/memories/g7/import",
            params={"filename": SAMPLE_TMX.name},
            content=SAMPLE_TMX.read_bytes(),
            headers={"Content-Type": "application/x-tmx+xml"},
        )
        assert r.status_code == 202
        status_url = r.headers["location"]
        for _ in range(600):
            job = cms.get(status_url).json()
            if job["status"] in ("succeeded", "failed"):
                break
            time.sleep(0.1)
        assert job["status"] == "succeeded", job
        assert job["result"]["added"] > 40

        query = "La riunione si è tenuta a Roma il 2 ottobre 2024."
        r = cms.post(
            "/v1/suggest",
            json={
                "source_lang": "it",
                "target_lang": "sw",
                "text": query,
                "prev": None,
                "next": None,
            },
            headers=translator,
        )
        assert r.status_code == 200
        before = r.json()["matches"]
        assert before
        assert all(m["memory"] == "g7" for m in before)
        assert r.headers["x-request-id"]

        r = cms.post(
            "/v1/qa",
            json={
                "source_lang": "it",
                "target_lang": "sw",
                "pairs": [
                    {
                        "id": "p1",
                        "source": "La cooperazione con INTERPOL e UNODC.",
                        "target": "Ushirikiano na INTERPOLUNODC.",
                    }
                ],
            },
            headers=translator,
        )
        assert r.status_code == 200
        checks = {f["check"] for f in r.json()["findings"]}
        assert "glued-words" in checks

        new_it = "Il Gruppo ha approvato il programma di lavoro per il 2025."
        new_sw = "Kundi liliidhinisha mpango wa kazi wa mwaka 2025."
        r = cms.post(
            "/v1/memories/g7/units",
            json={"variants": [{"lang": "it", "text": new_it}, {"lang": "sw", "text": new_sw}]},
            headers=translator,
        )
        assert r.status_code == 201, r.text
        unit_id = r.json()["id"]

        r = cms.post(
            "/v1/suggest",
            json={"source_lang": "it", "target_lang": "sw", "text": new_it},
            headers=translator,
        )
        best = r.json()["matches"][0]
        assert best["unit_id"] == unit_id
        assert best["score"] == 100
        assert best["target"] == new_sw

        r = cms.get("/metrics")
        assert 'route="/v1/suggest",status="200"} 2' in r.text
