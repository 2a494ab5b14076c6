"""Fixtures for the HTTP API tests: an app on a fresh SQLite store, a client, keys per role."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from mkutano.api.app import create_app
from mkutano.api.settings import Settings, load_settings
from mkutano.tmx import read_tmx
from tests.conftest import free_port

SAMPLE_TMX = Path(__file__).resolve().parents[2] / "tm" / "data" / "g7-rome-lyon.tmx"


@pytest.fixture
def api_settings(tmp_path: Path) -> Settings:
    """Settings on a fresh SQLite file, ignoring the caller's MKUTANO_* environment."""
    return load_settings({"db": str(tmp_path / "api.db")}, environ={})


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    """An in-process client of a started app (lifespan run); server errors become 500s."""
    app = create_app(api_settings)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


@pytest.fixture
def tokens(client: TestClient) -> dict[str, str]:
    """One key per role, plus keys restricted to the memory ``g7``."""
    keys = client.app.state.keys  # type: ignore[attr-defined]
    made = {
        "reader": keys.create("reader")[1],
        "translator": keys.create("translator")[1],
        "admin": keys.create("admin")[1],
        "reader@g7": keys.create("reader", memories=["g7"])[1],
        "translator@g7": keys.create("translator", memories=["g7"])[1],
        "admin@g7": keys.create("admin", memories=["g7"])[1],
    }
    return made


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


SAMPLE_TBX = Path(__file__).resolve().parents[2] / "glossaries" / "data" / "g7-rome-lyon.tbx"


def load_sample(app: object) -> None:
    """Put the sample memory (``g7``, it/en/sw) and the sample glossary (``g7``) in the app."""
    from mkutano.glossaries import import_glossary
    from mkutano.tm import import_tmx

    state = app.state  # type: ignore[attr-defined]
    state.store.create_memory("g7")
    import_tmx(state.store, SAMPLE_TMX, memory="g7")
    import_glossary(state.glossaries, SAMPLE_TBX, name="g7")


@pytest.fixture
def g7_client(client: TestClient) -> TestClient:
    """The ``client`` with the sample memory and glossary loaded."""
    load_sample(client.app)
    return client


def _mkutano() -> str:
    found = shutil.which("mkutano", path=str(Path(sys.executable).parent)) or shutil.which(
        "mkutano"
    )
    if not found:
        pytest.skip("the mkutano command is not installed (pip install -e .)")
    return found


def _environment() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if not k.startswith("MKUTANO_")}


def run_mkutano(*args: str) -> subprocess.CompletedProcess[str]:
    """Run the installed ``mkutano`` command (the caller's MKUTANO_* variables left out)."""
    return subprocess.run(
        [_mkutano(), *args], capture_output=True, text=True, env=_environment(), check=True
    )


def stop_server(proc: subprocess.Popen[Any]) -> None:
    """Stop a server as Ctrl-C does; kill it if it has not stopped after 30 s."""
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


@contextmanager
def serve(
    db: str,
    log_path: Path,
    *,
    secrets: Sequence[str] = (),
    settings: Mapping[str, str] | None = None,
) -> Iterator[str]:
    """Run ``mkutano serve`` on a free loopback port; yield its base URL.

    ``settings`` are ``MKUTANO_*`` variables for the server (``{"PRELOAD": "false"}``).

    On the way out the log is checked: no traceback and none of ``secrets`` (keys) in it.
    """
    port = free_port()
    log = log_path.open("w")
    proc = subprocess.Popen(
        [_mkutano(), "serve", "--db", db, "--host", "127.0.0.1", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**_environment(), **{f"MKUTANO_{k}": v for k, v in (settings or {}).items()}},
    )
    base = f"http://127.0.0.1:{port}"
    try:
        # a bounded wait: the workers load the language models before they accept requests
        deadline = time.monotonic() + 180
        while True:
            if proc.poll() is not None:
                raise AssertionError(log_path.read_text())
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
            if time.monotonic() > deadline:
                raise AssertionError("server did not start:\n" + log_path.read_text())
        yield base
    finally:
        stop_server(proc)
        log.close()
    text = log_path.read_text()
    for secret in secrets:
        assert secret not in text, "a key was written to the server log"
    assert "Traceback" not in text


@pytest.fixture(params=["sqlite", "postgres"])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    """A started app on each database backend; yields (client, admin key)."""
    db = (
        str(tmp_path / "api.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    )
    app = create_app(load_settings({"db": db}, environ={}))
    with TestClient(app, raise_server_exceptions=False) as c:
        key = c.app.state.keys.create("admin")[1]  # type: ignore[attr-defined]
        r = c.post("/v1/memories", json={"name": "g7"}, headers=bearer(key))
        assert r.status_code == 201, r.text
        yield c, key


@pytest.fixture
def qvc(corpus: Path) -> dict[str, str]:
    """FLORES devtest row 0009 by language (en, it, sw): "... QVC alla fine del 2017." """
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    for line in tsv.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] == "flores-devtest-0009":
            return dict(zip(("en", "it", "sw"), cells[1:4], strict=True))
    pytest.skip(f"flores-devtest-0009 not in {tsv}")


def blocked_import(client: TestClient) -> tuple[str, threading.Event, threading.Event]:
    """Submit an import into g7 that commits batches of 2 units, then stops reading at the 5th
    unit until released; return (job id, reading, release)."""
    app: Any = client.app
    store, jobs = app.state.store, app.state.jobs
    reading, release = threading.Event(), threading.Event()

    def units() -> Any:
        for i, unit in enumerate(read_tmx(SAMPLE_TMX)):
            if i == 4:
                reading.set()
                assert release.wait(60)
            yield unit

    def work(progress: Any) -> dict[str, Any]:
        # workers=1: units prepared inline; worker processes forked from this many-threaded
        # test process can hang in the child (a lock held by another thread at the fork)
        report = store.import_units(
            "g7", units(), origin="import:g7.tmx", batch_size=2, progress=progress, workers=1
        )
        return dict(report.as_dict())

    job = jobs.submit("import-tmx", "g7", work)
    assert reading.wait(60)
    return job.id, reading, release
