"""Background jobs (imports): run in one worker thread, their state kept in the database.

The state lives in the ``api_jobs`` table so that any server worker can answer ``GET /v1/jobs/ID``
whichever worker runs the job. Jobs run one at a time per process: the store has one writer anyway.
Each job records its owner (host and process id); a runner that starts marks as failed the
unfinished jobs of processes of its host that no longer exist (a worker that crashed or was
killed), so a client polling them is not left waiting.
"""

from __future__ import annotations

import json
import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from mkutano.glossaries.errors import GlossaryError
from mkutano.tm.db import Database
from mkutano.tm.errors import NotFoundError, TMError
from mkutano.tmx.errors import TMXError

from .migrations import API_MIGRATIONS

__all__ = ["Job", "JobCancelled", "JobRunner", "is_memory_import"]

log = logging.getLogger("mkutano.api")

Progress = Callable[[int], None]
Work = Callable[[Progress], dict[str, Any]]

_COLUMNS = "id, kind, target, status, progress, result, error, created_at, updated_at"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # exists, owned by someone else
        return True
    return True


def is_memory_import(kind: str) -> bool:
    """Whether a job of ``kind`` imports into a memory (``import-tmx``, ``import-xliff`` ...)."""
    return kind.startswith("import-") and kind != "import-glossary"


class JobCancelled(Exception):
    """Raised inside a job's work when its cancellation was asked for (see
    :meth:`JobRunner.cancel`); the import stops after the batch it has committed."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Job:
    """A background job: ``queued`` → ``running`` → ``succeeded`` | ``failed``; ``cancelling``
    once a cancellation is asked for, until the job stops (then ``failed``, its error saying
    it was cancelled)."""

    id: str
    kind: str  # "import-tmx", "import-glossary"
    target: str  # the memory or glossary it works on
    status: str
    progress: int  # units (or entries) processed so far
    result: dict[str, Any] | None
    error: str | None
    created_at: str
    updated_at: str

    @property
    def done(self) -> bool:
        return self.status in ("succeeded", "failed")

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "target": self.target,
            "status": self.status,
            "progress": self.progress,
            "result": self.result,
            "error": self.error,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
        }


class JobRunner:
    """Submit work to a background thread and follow it through the ``api_jobs`` table."""

    def __init__(self, db: Database, *, progress_interval: float = 0.5) -> None:
        self.db = db
        db.migrate("api", API_MIGRATIONS)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="mkutano-job")
        self._interval = progress_interval
        self._owner = f"{socket.gethostname()}:{os.getpid()}"
        self.fail_orphans()

    def fail_orphans(self) -> int:
        """Mark failed the unfinished jobs of dead processes of this host; return how many."""
        host = socket.gethostname()
        rows = self.db.query(
            "SELECT id, owner FROM api_jobs WHERE status IN ('queued', 'running') AND owner LIKE ?",
            (f"{host}:%",),
        )
        orphans = [str(r[0]) for r in rows if not _alive(int(str(r[1]).rsplit(":", 1)[1]))]
        for job_id in orphans:
            self._update(
                job_id,
                status="failed",
                error="the server process running this job stopped; submit it again",
            )
        return len(orphans)

    def submit(self, kind: str, target: str, work: Work) -> Job:
        """Queue ``work(progress)``; it returns the job's result as a JSON-able dict."""
        job_id = uuid.uuid4().hex
        now = _now()
        with self.db.transaction():
            self.db.execute(
                f"INSERT INTO api_jobs ({_COLUMNS}, owner)"
                " VALUES (?, ?, ?, 'queued', 0, NULL, NULL, ?, ?, ?)",
                (job_id, kind, target, now, now, self._owner),
            )
        self._executor.submit(self._run, job_id, work)
        return self.get(job_id)

    def get(self, job_id: str) -> Job:
        row = self.db.query_one(f"SELECT {_COLUMNS} FROM api_jobs WHERE id = ?", (job_id,))
        if row is None:
            raise NotFoundError(f"no job with id {job_id!r} (jobs are listed when created)")
        return Job(
            id=str(row[0]),
            kind=str(row[1]),
            target=str(row[2]),
            status=str(row[3]),
            progress=int(row[4]),
            result=json.loads(row[5]) if row[5] else None,
            error=str(row[6]) if row[6] is not None else None,
            created_at=str(row[7]),
            updated_at=str(row[8]),
        )

    def unfinished_imports(self, memory: str) -> list[Job]:
        """The unfinished import jobs into ``memory`` (any format, any worker), oldest first."""
        rows = self.db.query(
            "SELECT id, kind FROM api_jobs WHERE target = ?"
            " AND status IN ('queued', 'running', 'cancelling') ORDER BY created_at",
            (memory,),
        )
        return [self.get(str(r[0])) for r in rows if is_memory_import(str(r[1]))]

    def cancel(self, job_id: str) -> Job:
        """Ask a queued or running job to stop, in whichever worker runs it: a queued job does
        not start; a running import stops after the batch it is writing commits (the batches
        committed stay). Return the job's state (``cancelling`` unless it was already done)."""
        with self.db.transaction():
            self.db.execute(
                "UPDATE api_jobs SET status = 'cancelling', updated_at = ?"
                " WHERE id = ? AND status IN ('queued', 'running')",
                (_now(), job_id),
            )
        return self.get(job_id)

    def _cancelling(self, job_id: str) -> bool:
        row = self.db.query_one("SELECT status FROM api_jobs WHERE id = ?", (job_id,))
        return row is not None and row[0] == "cancelling"

    def wait(self, job_id: str, timeout: float = 60.0) -> Job:
        """Poll until the job is done or ``timeout`` seconds pass; return its last state."""
        deadline = time.monotonic() + timeout
        job = self.get(job_id)
        while not job.done and time.monotonic() < deadline:
            time.sleep(0.05)
            job = self.get(job_id)
        return job

    def _update(self, job_id: str, **values: Any) -> None:
        values["updated_at"] = _now()
        cols = ", ".join(f"{k} = ?" for k in values)
        with self.db.transaction():
            self.db.execute(f"UPDATE api_jobs SET {cols} WHERE id = ?", (*values.values(), job_id))

    def _run(self, job_id: str, work: Work) -> None:
        with self.db.transaction():  # not over a cancellation asked for while it was queued
            self.db.execute(
                "UPDATE api_jobs SET status = 'running', updated_at = ?"
                " WHERE id = ? AND status = 'queued'",
                (_now(), job_id),
            )
        if self._cancelling(job_id):
            self._update(job_id, status="failed", error="cancelled before it started")
            return
        last = 0.0
        cancelled = False

        def progress(done: int) -> None:
            nonlocal last, cancelled
            if self._cancelling(job_id):  # once per committed batch: one small query
                cancelled = True
                raise JobCancelled(f"cancelled after {done} units")
            now = time.monotonic()
            if now - last >= self._interval:
                last = now
                self._update(job_id, progress=int(done))

        try:
            result = work(progress)
        except (TMError, TMXError, GlossaryError, OSError, UnicodeError, JobCancelled) as exc:
            report: Any = getattr(exc, "report", None)  # an import that stopped part-way
            partial = report.as_dict() if hasattr(report, "as_dict") else None
            error = str(exc) or exc.__class__.__name__
            if cancelled:
                kept = ("added", "merged", "alternatives")
                stored = sum(int(partial.get(k, 0)) for k in kept) if partial else 0
                error = (
                    "cancelled on request; the batch in progress was rolled back, "
                    f"{stored} units committed before it stay"
                )
            self._update(
                job_id,
                status="failed",
                error=error,
                result=json.dumps(partial, default=str) if partial is not None else None,
            )
            return
        except Exception:
            log.exception("job %s failed", job_id)
            self._update(
                job_id, status="failed", error=f"internal error (see server log, job {job_id})"
            )
            return
        done = result.get("units_read", result.get("progress", 0))
        self._update(
            job_id,
            status="succeeded",
            progress=int(done) if isinstance(done, int) else 0,
            result=json.dumps(result, ensure_ascii=False, default=str),
        )

    def close(self) -> None:
        """Let running jobs finish, drop queued ones."""
        self._executor.shutdown(wait=True, cancel_futures=True)
