"""Background jobs: state in the database, progress while running, reports and failures."""

from __future__ import annotations

import socket
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from mkutano.api.jobs import JobRunner
from mkutano.tm.db import open_database
from mkutano.tm.errors import NotFoundError
from mkutano.tm.store import ImportAborted, ImportReport


@pytest.fixture
def runner(tmp_path: Path) -> Iterator[JobRunner]:
    jobs = JobRunner(open_database(str(tmp_path / "jobs.db")), progress_interval=0.0)
    yield jobs
    jobs.close()


def test_progress_is_visible_while_the_job_runs(runner: JobRunner) -> None:
    reached, release = threading.Event(), threading.Event()

    def work(progress: Any) -> dict[str, Any]:
        progress(10)
        reached.set()
        assert release.wait(30)
        return {"added": 12, "units_read": 12}

    job = runner.submit("import-tmx", "g7", work)
    assert job.status in ("queued", "running")
    assert job.result is None
    assert reached.wait(30)
    running = runner.get(job.id)
    assert (running.status, running.progress) == ("running", 10)
    release.set()
    done = runner.wait(job.id, timeout=30)
    assert done.status == "succeeded"
    assert done.done
    assert done.result == {"added": 12, "units_read": 12}
    assert done.progress == 12


def test_a_library_error_fails_the_job_with_its_message_and_partial_report(
    runner: JobRunner,
) -> None:
    def work(progress: Any) -> dict[str, Any]:
        raise ImportAborted("up.tmx:40: not well-formed", ImportReport(added=5, units_read=5))

    done = runner.wait(runner.submit("import-tmx", "g7", work).id, timeout=30)
    assert done.status == "failed"
    assert done.error == "up.tmx:40: not well-formed"
    assert done.result is not None
    assert done.result["added"] == 5


def test_an_unexpected_error_is_not_shown_to_the_client(runner: JobRunner) -> None:
    def work(progress: Any) -> dict[str, Any]:
        raise RuntimeError("secret /etc/shadow")

    done = runner.wait(runner.submit("import-tmx", "g7", work).id, timeout=30)
    assert done.status == "failed"
    assert done.error is not None
    assert "secret" not in done.error
    assert done.id in done.error


def test_another_runner_on_the_same_database_sees_the_job(tmp_path: Path) -> None:
    db = str(tmp_path / "shared.db")
    first, second = JobRunner(open_database(db)), JobRunner(open_database(db))
    try:
        job = first.submit("import-tmx", "g7", lambda progress: {"units_read": 1})
        assert second.wait(job.id, timeout=30).status == "succeeded"
    finally:
        first.close()
        second.close()


def test_unknown_job_is_not_found(runner: JobRunner) -> None:
    with pytest.raises(NotFoundError, match="no job with id 'nope'"):
        runner.get("nope")


def test_jobs_of_a_dead_worker_are_failed_by_the_next_runner(tmp_path: Path) -> None:
    db = open_database(str(tmp_path / "orphans.db"))
    first = JobRunner(db)
    release = threading.Event()
    job = first.submit("import-tmx", "g7", lambda progress: {"ok": release.wait(30)})
    dead = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    # pretend the job belonged to a process of this host that has exited
    db.execute(
        "UPDATE api_jobs SET owner = ? WHERE id = ?",
        (f"{socket.gethostname()}:{int(dead.stdout)}", job.id),
    )
    second = JobRunner(db)
    try:
        failed = second.get(job.id)
        assert failed.status == "failed"
        assert "stopped" in (failed.error or "")
        assert second.fail_orphans() == 0  # live owners (this process) are left alone
    finally:
        release.set()
        first.close()
        second.close()
