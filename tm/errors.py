"""Errors raised by the ``tm`` package.

Tree::

    TMError                    root of every error raised here
    ├── DatabaseError          the database refused or failed an operation (wraps sqlite3/psycopg)
    │   └── DatabaseBusy       a lock wait, deadlock or serialisation failure: retry
    ├── NotFoundError          a memory or unit that does not exist (also a KeyError)
    │   ├── MemoryNotFound
    │   └── UnitNotFound
    ├── ConflictError          a name already taken, or a change that contradicts the stored state
    │   └── VersionConflict    a write conditioned on a unit version that is no longer current
    ├── ReadOnlyError          a write to a memory marked read-only
    └── InvalidInputError      an argument that cannot be used (bad language tag, empty segment, ...)
"""

from __future__ import annotations


class TMError(Exception):
    """Root of the exceptions raised by :mod:`tm`."""


class DatabaseError(TMError):
    """The database refused or failed an operation; the transaction was rolled back.

    The message is written for the client (no process ids, table names or SQL); ``detail`` keeps
    the driver's own text for the operator's log (:func:`tm.db.driver_error` makes both).
    """

    def __init__(self, message: str, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail


class DatabaseBusy(DatabaseError):
    """The operation waited too long for a lock, or lost a deadlock: nothing was written, and
    the same request a moment later normally succeeds."""


class NotFoundError(TMError, KeyError):
    """Something looked up by name or id does not exist."""

    def __str__(self) -> str:  # KeyError would quote the message
        return str(self.args[0]) if self.args else ""


class MemoryNotFound(NotFoundError):
    """No memory has that name."""


class UnitNotFound(NotFoundError):
    """No unit has that id."""


class ConflictError(TMError):
    """A name is already taken, or a change contradicts what is stored."""


class VersionConflict(ConflictError):
    """A write asked for a unit version (``If-Match``) that is no longer the stored one.

    ``current`` is the version stored now: the caller reads the unit again and retries.
    """

    def __init__(self, message: str, current: int) -> None:
        super().__init__(message)
        self.current = current


class ReadOnlyError(TMError):
    """The memory is marked read-only."""


class InvalidInputError(TMError, ValueError):
    """An argument cannot be used (bad language tag, empty segment, unknown option)."""
