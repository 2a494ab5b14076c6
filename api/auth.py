"""API keys: created once, shown once, stored hashed; roles and memory restrictions.

A key is ``mk_`` followed by 43 URL-safe characters: 256 bits from :func:`secrets.token_urlsafe`.
Only its SHA-256 digest is stored. A fast hash is the right tool here, unlike for passwords: the
token is uniformly random, so guessing a preimage means searching 2**256 values whatever the hash
speed, while a slow hash (bcrypt, argon2) would only add latency to every request. The digest is
also an exact lookup key, so authenticating a request is one indexed query.

Roles are ordered ``reader < translator < admin``; a key may also be restricted to named memories.
"""

from __future__ import annotations

import enum
import hashlib
import hmac
import json
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime

from mkutano.tm.db import Database
from mkutano.tm.errors import InvalidInputError, NotFoundError

from .migrations import API_MIGRATIONS

__all__ = ["ApiKey", "KeyStore", "Role", "hash_token"]

_PREFIX = "mk_"


class Role(enum.StrEnum):
    """What a key may do; each role includes the ones before it."""

    READER = "reader"  # suggest, concordance, terms, QA, exports, reading memories and glossaries
    TRANSLATOR = "translator"  # + add and update units
    ADMIN = "admin"  # + imports, deletes, memories, glossaries, keys

    @property
    def rank(self) -> int:
        return _RANKS[self]

    def includes(self, other: Role) -> bool:
        return self.rank >= other.rank

    @classmethod
    def parse(cls, value: str) -> Role:
        try:
            return cls(value.strip().lower())
        except ValueError:
            raise InvalidInputError(
                f"unknown role {value!r} (use one of: {', '.join(r.value for r in cls)})"
            ) from None


_RANKS = {Role.READER: 1, Role.TRANSLATOR: 2, Role.ADMIN: 3}


def hash_token(token: str) -> str:
    """The stored form of a key: hex SHA-256 of its UTF-8 bytes."""
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@dataclass(frozen=True)
class ApiKey:
    """A stored key (never the token itself): id, role, optional memory restriction."""

    id: int
    prefix: str  # the first characters of the token, to recognise a key in lists
    role: Role
    memories: tuple[str, ...] | None = None  # None: every memory
    label: str = ""
    created_at: str = ""
    revoked_at: str | None = None

    def allows(self, role: Role) -> bool:
        return self.role.includes(role)

    def can_use_memory(self, name: str) -> bool:
        return self.memories is None or name in self.memories

    def as_dict(self) -> dict[str, object]:
        return {
            "id": self.id,
            "prefix": self.prefix,
            "role": self.role.value,
            "memories": list(self.memories) if self.memories is not None else None,
            "label": self.label,
            "created_at": self.created_at,
            "revoked_at": self.revoked_at,
        }


_COLUMNS = "id, prefix, role, memories, label, created_at, revoked_at"


def _row_to_key(row: tuple[object, ...]) -> ApiKey:
    memories = json.loads(str(row[3])) if row[3] is not None else None
    return ApiKey(
        id=int(str(row[0])),
        prefix=str(row[1]),
        role=Role(str(row[2])),
        memories=tuple(memories) if memories is not None else None,
        label=str(row[4] or ""),
        created_at=str(row[5]),
        revoked_at=str(row[6]) if row[6] is not None else None,
    )


class KeyStore:
    """API keys kept in the store's database (migrations namespace ``"api"``)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate("api", API_MIGRATIONS)

    def create(
        self, role: Role | str, *, memories: list[str] | None = None, label: str = ""
    ) -> tuple[ApiKey, str]:
        """Create a key; return it and its token, which is shown this once and never stored."""
        role = role if isinstance(role, Role) else Role.parse(role)
        if memories is not None:
            memories = sorted({m.strip() for m in memories if m.strip()})
            if not memories:
                raise InvalidInputError("--memory needs a memory name")
        token = _PREFIX + secrets.token_urlsafe(32)
        created = _now()
        with self.db.transaction():
            key_id = self.db.insert_returning_id(
                "INSERT INTO api_keys (prefix, key_hash, role, memories, label, created_at)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                (
                    token[:10],
                    hash_token(token),
                    role.value,
                    json.dumps(memories) if memories is not None else None,
                    label,
                    created,
                ),
            )
        key = ApiKey(
            id=key_id,
            prefix=token[:10],
            role=role,
            memories=tuple(memories) if memories is not None else None,
            label=label,
            created_at=created,
        )
        return key, token

    def list(self, *, include_revoked: bool = False) -> list[ApiKey]:
        where = "" if include_revoked else " WHERE revoked_at IS NULL"
        rows = self.db.query(f"SELECT {_COLUMNS} FROM api_keys{where} ORDER BY id")
        return [_row_to_key(r) for r in rows]

    def get(self, key_id: int) -> ApiKey:
        row = self.db.query_one(f"SELECT {_COLUMNS} FROM api_keys WHERE id = ?", (key_id,))
        if row is None:
            raise NotFoundError(f"no API key with id {key_id} (see `mkutano keys list`)")
        return _row_to_key(row)

    def revoke(self, key_id: int) -> ApiKey:
        """Revoke a key; it stops working at once. Revoking twice is harmless."""
        key = self.get(key_id)
        if key.revoked_at is None:
            with self.db.transaction():
                self.db.execute(
                    "UPDATE api_keys SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL",
                    (_now(), key_id),
                )
        return self.get(key_id)

    def authenticate(self, token: str) -> ApiKey | None:
        """Return the live key whose token this is, or None."""
        if not token.startswith(_PREFIX) or len(token) > 200:
            return None
        digest = hash_token(token)
        row = self.db.query_one(
            f"SELECT {_COLUMNS}, key_hash FROM api_keys WHERE key_hash = ?", (digest,)
        )
        if row is None or not hmac.compare_digest(str(row[7]), digest):
            return None
        key = _row_to_key(row[:7])
        return None if key.revoked_at is not None else key
