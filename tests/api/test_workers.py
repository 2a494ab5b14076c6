"""Several server workers under load: a real ``mkutano serve --workers 2`` on loopback, on SQLite
and PostgreSQL, 16 clients mixing lookups, QA, terms and unit writes (issue 24: requests stalled
behind workers killed by uvicorn's health check, and behind dictionaries loaded once per thread).

Bounded: a fixed number of requests per client, each with a client timeout; a functional check
that nothing stalls, not a benchmark (``benchmarks/api_load.py`` measures).
"""

from __future__ import annotations

import asyncio
import os
import random
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from mkutano.api.auth import KeyStore
from mkutano.tm import open_store
from mkutano.tm.transfer import import_tmx
from tests.conftest import free_port

from .conftest import SAMPLE_TMX, _mkutano, stop_server

pytestmark = pytest.mark.slow

CLIENTS = 16
REQUESTS_PER_CLIENT = 12
SLOW = 5.0  # seconds: no request may take longer
START_TIMEOUT = 300.0  # two workers loading the QA models on a busy 2-core machine


@pytest.fixture(params=["sqlite", "postgres"])
def two_workers(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[dict[str, Any]]:
    """``mkutano serve --workers 2`` on a store holding the sample memory; yields its base URL,
    an admin key, unit ids and the log path."""
    exe = _mkutano()
    db = str(tmp_path / "w.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    store = open_store(db)
    try:
        import_tmx(store, SAMPLE_TMX, memory="g7")
        ids = [u.id for u in store.iter_units(memories=["g7"], limit=40)]
        admin = KeyStore(store.db).create("admin")[1]  # type: ignore[attr-defined]
    finally:
        store.close()
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith("MKUTANO_")}
    log_path = tmp_path / "server.log"
    log = log_path.open("w")
    cmd = [exe, "serve", "--db", db, "--port", str(port), "--workers", "2", "--log-level", "info"]
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT
        while True:
            assert proc.poll() is None, log_path.read_text()
            assert time.monotonic() < deadline, "no worker started:\n" + log_path.read_text()
            try:
                if httpx.get(f"{base}/readyz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        # both workers preload before they accept: wait until neither is still starting
        while log_path.read_text().count("Application startup complete") < 2:
            assert time.monotonic() < deadline, "a worker did not start:\n" + log_path.read_text()
            time.sleep(0.2)
        yield {"base": base, "admin": admin, "ids": ids, "log": log_path}
    finally:
        stop_server(proc)
        log.close()


_QA = {
    "source_lang": "it",
    "target_lang": "sw",
    "pairs": [{"id": "p1", "source": "Il terrorismo resta una minaccia.", "target": "Ugaidi."}],
}
_WORDS = ["Mkutano", "Kundi", "Ripoti", "Ushirikiano", "Usalama", "Polisi"]


async def _client(
    base: str, key: str, ids: list[int], seed: int, answers: list[tuple[str, int, float]]
) -> None:
    rng = random.Random(seed)
    auth = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=auth, timeout=60) as client:
        for _ in range(REQUESTS_PER_CLIENT):
            kind = rng.choice(["suggest", "concordance", "qa", "terms", "write"])
            t0 = time.monotonic()
            if kind == "suggest":
                text = "La riunione si è tenuta a Roma il 2 ottobre 2024."
                body = {"source_lang": "it", "target_lang": "sw", "text": text}
                r = await client.post("/v1/suggest", json=body)
            elif kind == "concordance":
                body = {"phrase": "Gruppo", "lang": "it", "target_lang": "sw", "limit": 20}
                r = await client.post("/v1/concordance", json=body)
            elif kind == "qa":
                r = await client.post("/v1/qa", json=_QA)
            elif kind == "terms":
                r = await client.post(
                    "/v1/terms", json={"text": "Magaidi na INTERPOL.", "lang": "sw"}
                )
            else:
                body = {
                    "variants": [{"lang": "sw", "text": f"{rng.choice(_WORDS)}."}],
                    "override_reason": "load test",
                }
                r = await client.put(f"/v1/memories/g7/units/{rng.choice(ids)}", json=body)
            answers.append((kind, r.status_code, time.monotonic() - t0))


def test_two_workers_answer_a_mixed_load_without_errors_or_stalls(
    two_workers: dict[str, Any],
) -> None:
    answers: list[tuple[str, int, float]] = []

    async def load() -> None:
        await asyncio.gather(
            *(
                _client(two_workers["base"], two_workers["admin"], two_workers["ids"], i, answers)
                for i in range(CLIENTS)
            )
        )

    asyncio.run(load())
    assert len(answers) == CLIENTS * REQUESTS_PER_CLIENT
    errors = [a for a in answers if a[1] != 200]
    assert errors == []
    slow = [a for a in answers if a[2] > SLOW]
    assert slow == [], f"requests over {SLOW:g} s: {slow}"
    log = two_workers["log"].read_text()
    assert "died" not in log, "a worker was killed and replaced:\n" + log
    assert "Traceback" not in log
