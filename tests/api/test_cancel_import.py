"""``DELETE /v1/memories/{m}?cancel_import=true``: the running import is cancelled, then the
memory is deleted; no deadlock and no database internals, on SQLite and PostgreSQL."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer, blocked_import


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[TestClient, str]]:
    from mkutano.api.app import create_app
    from mkutano.api.settings import load_settings

    db = str(tmp_path / "c.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    app = create_app(load_settings({"db": db}, environ={}))
    with TestClient(app, raise_server_exceptions=False) as client:
        yield client, app.state.keys.create("admin")[1]


def test_delete_with_cancel_import_cancels_the_job_then_deletes(
    backend: tuple[TestClient, str],
) -> None:
    client, admin = backend
    app: Any = client.app
    assert (
        client.post("/v1/memories", json={"name": "g7"}, headers=bearer(admin)).status_code == 201
    )
    job_id, _, release = blocked_import(client)
    answer: dict[str, Any] = {}

    def delete() -> None:
        r = client.delete("/v1/memories/g7?cancel_import=true", headers=bearer(admin))
        answer.update(status=r.status_code, body=r.content)

    deleting = threading.Thread(target=delete)
    deleting.start()
    # the delete asks the job to stop and waits for it; the job sees it at its next commit
    for _ in range(200):
        if app.state.jobs.get(job_id).status == "cancelling":
            break
        threading.Event().wait(0.05)
    assert app.state.jobs.get(job_id).status == "cancelling"
    release.set()
    deleting.join(90)
    assert not deleting.is_alive(), "the delete is still waiting"
    assert answer["status"] == 204, answer
    job = app.state.jobs.get(job_id)
    assert job.status == "failed"
    assert job.error.startswith("cancelled on request")
    assert job.result is not None
    assert job.result["added"] < 60
    assert client.get("/v1/memories/g7", headers=bearer(admin)).status_code == 404


def test_delete_without_cancel_import_is_still_409_and_says_how(
    backend: tuple[TestClient, str],
) -> None:
    client, admin = backend
    app: Any = client.app
    client.post("/v1/memories", json={"name": "g7"}, headers=bearer(admin))
    job_id, _, release = blocked_import(client)
    try:
        r = client.delete("/v1/memories/g7", headers=bearer(admin))
    finally:
        release.set()
    assert r.status_code == 409
    error = r.json()["error"]
    assert error["details"] == {"job": job_id, "status": "running"}
    assert "cancel_import=true" in error["message"]
    assert app.state.jobs.wait(job_id).status == "succeeded"


def test_a_queued_job_cancelled_never_starts(backend: tuple[TestClient, str]) -> None:
    client, admin = backend
    app: Any = client.app
    jobs = app.state.jobs
    client.post("/v1/memories", json={"name": "g7"}, headers=bearer(admin))
    first, _, release = blocked_import(client)  # holds the one job thread
    ran = threading.Event()
    second = jobs.submit("import-xliff", "g7", lambda progress: ran.set() or {})
    assert jobs.cancel(second.id).status == "cancelling"
    release.set()
    assert jobs.wait(first).status == "succeeded"
    done = jobs.wait(second.id)
    assert done.status == "failed"
    assert done.error == "cancelled before it started"
    assert not ran.is_set()
    # GET of a job answers while it is cancelling too (the status is in the schema)
    assert client.get(f"/v1/jobs/{second.id}", headers=bearer(admin)).json()["status"] == "failed"
