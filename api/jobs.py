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

from glossaries.errors import GlossaryError
from tm.db import Database
from tm.errors import NotFoundError, TMError
from tmx.errors import TMXError

from .migrations import API_MIGRATIONS

__all__ = ["Job", "JobRunner"]

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


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="milliseconds")


@dataclass(frozen=True)
class Job:
    """A background job: ``queued`` → ``running`` → ``succeeded`` | ``failed``."""

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

    def unfinished(self, kind: str, target: str) -> list[Job]:
        """The queued or running jobs of ``kind`` on ``target``, in any worker, oldest first."""
        rows = self.db.query(
            "SELECT id FROM api_jobs WHERE kind = ? AND target = ?"
            " AND status IN ('queued', 'running') ORDER BY created_at",
            (kind, target),
        )
        return [self.get(str(r[0])) for r in rows]

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
        self._update(job_id, status="running")
        last = 0.0

        def progress(done: int) -> None:
            nonlocal last
            now = time.monotonic()
            if now - last >= self._interval:
                last = now
                self._update(job_id, progress=int(done))

        try:
            result = work(progress)
        except (TMError, TMXError, GlossaryError, OSError, UnicodeError) as exc:
            report: Any = getattr(exc, "report", None)  # an import that stopped part-way
            partial = report.as_dict() if hasattr(report, "as_dict") else None
            self._update(
                job_id,
                status="failed",
                error=str(exc) or exc.__class__.__name__,
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
