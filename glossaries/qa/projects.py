"""QA profiles and suppressions per project, in the database (tables ``qa_*``, namespace ``qa``).

A project's profile is the JSON of :meth:`Profile.to_dict` (checks disabled, severities, rules,
allowed words) with who stored it and when; its suppressions are rows of their own, each with
who accepted the finding, why and when. The findings QA reports for a project (``POST /v1/qa``
with a ``project``, ``mkutano qa --project``) are remembered by fingerprint: a suppression must
name a **known** finding, one of these, so a mistyped fingerprint is refused
(:class:`UnknownFingerprint`) instead of suppressing nothing::

    projects = QAProjects(store.db)
    profile = projects.profile("cms-2026")            # stored profile + its suppressions
    projects.record("cms-2026", findings)             # what a QA run of the project reported
    projects.suppress("cms-2026", "5b551e2189bda4ce", who="amina", why="the client's spelling")
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from typing import Any

from mkutano.tm.db import Database, Migration
from mkutano.tm.errors import DatabaseError

from .errors import ProfileError
from .finding import Finding
from .profile import Profile, Suppression

__all__ = [
    "MIGRATIONS",
    "NAMESPACE",
    "QAProjects",
    "UnknownFingerprint",
    "check_fingerprint",
]

NAMESPACE = "qa"
_TABLES = (
    "CREATE TABLE qa_profiles (project VARCHAR(200) PRIMARY KEY, profile TEXT NOT NULL,"
    " updated_by TEXT NOT NULL, updated_at TEXT NOT NULL)",
    "CREATE TABLE qa_suppressions (project VARCHAR(200) NOT NULL, fingerprint CHAR(16) NOT NULL,"
    " who TEXT NOT NULL, why TEXT NOT NULL, created_at TEXT NOT NULL,"
    " PRIMARY KEY (project, fingerprint))",
    "CREATE TABLE qa_findings_seen (project VARCHAR(200) NOT NULL,"
    " fingerprint CHAR(16) NOT NULL, check_id TEXT NOT NULL, message TEXT NOT NULL,"
    " seen_at TEXT NOT NULL, PRIMARY KEY (project, fingerprint))",
)
MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "QA profiles, suppressions and findings seen, per project", _TABLES, _TABLES),
)

_FINGERPRINT = re.compile(r"[0-9a-f]{16}")
_PROJECT = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,199}")


class UnknownFingerprint(ProfileError):
    """A suppression names a fingerprint no finding of the project has (or not one at all)."""

    def __init__(self, message: str, fingerprint: str) -> None:
        super().__init__(message)
        self.fingerprint = fingerprint


def check_fingerprint(fingerprint: str) -> str:
    """``fingerprint`` if it is well-formed (16 lower-case hex digits), else
    :class:`UnknownFingerprint` naming it."""
    if not _FINGERPRINT.fullmatch(fingerprint):
        raise UnknownFingerprint(
            f"{fingerprint!r} is not a finding fingerprint (16 hex digits, as in the report's"
            " 'fingerprint' field)",
            fingerprint,
        )
    return fingerprint


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _project(name: str) -> str:
    if not _PROJECT.fullmatch(name):
        raise ProfileError(
            f"project {name!r}: a project name is letters, digits, '.', '_' and '-' (at most 200)"
        )
    return name


class QAProjects:
    """The QA profiles, suppressions and findings seen of the projects, in one database."""

    def __init__(self, db: Database, *, migrate: bool = True) -> None:
        self.db = db
        if migrate:
            try:
                db.migrate(NAMESPACE, MIGRATIONS)
            except DatabaseError as exc:
                raise ProfileError(f"cannot prepare the QA tables: {exc}") from exc

    # -- profiles --------------------------------------------------------------------------------
    def profile(self, project: str) -> Profile:
        """The project's profile with its suppressions (the default profile when none is stored)."""
        row = self.db.query_one(
            "SELECT profile FROM qa_profiles WHERE project = ?", (_project(project),)
        )
        profile = (
            Profile.from_dict(json.loads(row[0]), name=f"project {project}")
            if row
            else Profile(name=f"project {project}")
        )
        for s in self.suppressions(project):
            profile.suppressions[s["fingerprint"]] = Suppression(
                s["fingerprint"], s["who"], s["why"]
            )
        return profile

    def profile_info(self, project: str) -> dict[str, Any]:
        """The stored profile as JSON data, with ``updated_by``/``updated_at`` (None: default)."""
        row = self.db.query_one(
            "SELECT profile, updated_by, updated_at FROM qa_profiles WHERE project = ?",
            (_project(project),),
        )
        data = json.loads(row[0]) if row else Profile().to_dict()
        data.pop("suppressions", None)
        return {
            "project": project,
            "profile": data,
            "updated_by": row[1] if row else None,
            "updated_at": row[2] if row else None,
        }

    def put_profile(self, project: str, data: Mapping[str, Any], *, who: str) -> dict[str, Any]:
        """Store the project's profile (validated as a profile file is); suppressions are not
        part of it (:meth:`suppress`). :class:`ProfileError` names what is wrong."""
        if data.get("suppressions"):
            raise ProfileError(
                f"project {project}: suppressions are recorded one by one, with who and why"
                " (POST .../suppressions, mkutano qa-suppress --project), not in the profile"
            )
        profile = Profile.from_dict(data, name=f"project {project}")
        body = profile.to_dict()
        body.pop("suppressions", None)
        with self.db.transaction():
            self.db.execute("DELETE FROM qa_profiles WHERE project = ?", (_project(project),))
            self.db.execute(
                "INSERT INTO qa_profiles (project, profile, updated_by, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (project, json.dumps(body, ensure_ascii=False), who, _now()),
            )
        return self.profile_info(project)

    # -- findings seen ---------------------------------------------------------------------------
    def record(self, project: str, findings: Iterable[Finding]) -> int:
        """Remember the fingerprints of findings reported for ``project``; return how many new."""
        seen = {f.fingerprint: f for f in findings if f.fingerprint}
        if not seen:
            return 0
        _project(project)
        new = 0
        with self.db.transaction():
            for fp, f in seen.items():
                if self.db.query_one(
                    "SELECT 1 FROM qa_findings_seen WHERE project = ? AND fingerprint = ?",
                    (project, fp),
                ):
                    continue
                self.db.execute(
                    "INSERT INTO qa_findings_seen (project, fingerprint, check_id, message,"
                    " seen_at) VALUES (?, ?, ?, ?, ?)",
                    (project, fp, f.check, f.message[:500], _now()),
                )
                new += 1
        return new

    def known(self, project: str, fingerprint: str) -> dict[str, Any] | None:
        """The finding seen for ``project`` with this fingerprint (check, message), or None."""
        row = self.db.query_one(
            "SELECT check_id, message, seen_at FROM qa_findings_seen"
            " WHERE project = ? AND fingerprint = ?",
            (_project(project), fingerprint),
        )
        return {"check": row[0], "message": row[1], "seen_at": row[2]} if row else None

    def known_anywhere(self, fingerprint: str) -> bool | None:
        """Whether some project's QA run reported ``fingerprint``; None when none was recorded
        at all (no store of findings to tell)."""
        if self.db.query_one("SELECT 1 FROM qa_findings_seen") is None:
            return None
        return (
            self.db.query_one(
                "SELECT 1 FROM qa_findings_seen WHERE fingerprint = ?", (fingerprint,)
            )
            is not None
        )

    # -- suppressions ----------------------------------------------------------------------------
    def suppress(self, project: str, fingerprint: str, *, who: str, why: str) -> dict[str, Any]:
        """Accept the known finding ``fingerprint`` of ``project``; :class:`UnknownFingerprint`
        for a malformed one or one no QA run of the project reported."""
        check_fingerprint(fingerprint)
        if not who.strip() or not why.strip():
            raise ProfileError("a suppression needs who accepted the finding and why")
        finding = self.known(project, fingerprint)
        if finding is None:
            raise UnknownFingerprint(
                f"{fingerprint}: no finding of project {project!r} has this fingerprint (copy it"
                ' from a report of the project: POST /v1/qa with "project", or mkutano qa'
                " --project)",
                fingerprint,
            )
        with self.db.transaction():
            self.db.execute(
                "DELETE FROM qa_suppressions WHERE project = ? AND fingerprint = ?",
                (project, fingerprint),
            )
            self.db.execute(
                "INSERT INTO qa_suppressions (project, fingerprint, who, why, created_at)"
                " VALUES (?, ?, ?, ?, ?)",
                (project, fingerprint, who.strip(), why.strip(), _now()),
            )
        return next(s for s in self.suppressions(project) if s["fingerprint"] == fingerprint)

    def suppressions(self, project: str) -> list[dict[str, Any]]:
        """The project's suppressions, oldest first, each with its finding's check and message."""
        rows = self.db.query(
            "SELECT s.fingerprint, s.who, s.why, s.created_at, f.check_id, f.message"
            " FROM qa_suppressions s LEFT JOIN qa_findings_seen f"
            " ON f.project = s.project AND f.fingerprint = s.fingerprint"
            " WHERE s.project = ? ORDER BY s.created_at, s.fingerprint",
            (_project(project),),
        )
        return [
            {
                "fingerprint": r[0],
                "who": r[1],
                "why": r[2],
                "created_at": r[3],
                "check": r[4],
                "message": r[5],
            }
            for r in rows
        ]

    def unsuppress(self, project: str, fingerprint: str) -> bool:
        """Withdraw a suppression; whether there was one."""
        return (
            self.db.execute(
                "DELETE FROM qa_suppressions WHERE project = ? AND fingerprint = ?",
                (_project(project), fingerprint),
            )
            > 0
        )
