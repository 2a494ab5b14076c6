"""End to end, as a CMS would: a real ``mkutano serve`` on loopback, driven with httpx."""

from __future__ import annotations

import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from .conftest import SAMPLE_TMX

pytestmark = pytest.mark.slow


def _mkutano() -> str:
    found = shutil.which("mkutano", path=str(Path(sys.executable).parent)) or shutil.which(
        "mkutano"
    )
    if not found:
        pytest.skip("the mkutano command is not installed (pip install -e .)")
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    """Stop a server as Ctrl-C does; kill it if it has not stopped after 30 s."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@pytest.fixture
def server(tmp_path: Path) -> Iterator[tuple[str, str]]:
    """A running server on a fresh store; yields (base URL, admin key)."""
    exe = _mkutano()
    db = str(tmp_path / "e2e.db")
    env = {k: v for k, v in os.environ.items() if not k.startswith("MKUTANO_")}
    made = subprocess.run(
        [exe, "keys", "create", "--role", "admin", "--db", db, "--json"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    admin = json.loads(made.stdout)["key"]
    port = _free_port()
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(
        [exe, "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            if proc.poll() is not None:
                raise AssertionError((tmp_path / "server.log").read_text())
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            raise AssertionError("server did not start:\n" + (tmp_path / "server.log").read_text())
        yield base, admin
    finally:
        stop_server(proc)
        log.close()
    text = (tmp_path / "server.log").read_text()
    assert admin not in text, "a key was written to the server log"
    assert "Traceback" not in text


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
        assert before and all(m["memory"] == "g7" for m in before)
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
        assert best["unit_id"] == unit_id and best["score"] == 100 and best["target"] == new_sw

        r = cms.get("/metrics")
        assert 'route="/v1/suggest",status="200"} 2' in r.text
