"""API keys: shown once, stored hashed, roles ordered, memory restrictions, revocation."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkutano.api.auth import KeyStore, Role, hash_token
from mkutano.tm.db import open_database
from mkutano.tm.errors import InvalidInputError

names = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789-_", min_size=1, max_size=12)


@pytest.fixture
def keys(tmp_path: Path) -> KeyStore:
    return KeyStore(open_database(str(tmp_path / "keys.db")))


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    role=st.sampled_from(list(Role)),
    memories=st.none() | st.lists(names, min_size=1, max_size=4),
    label=st.text(max_size=30),
)
def test_created_key_authenticates_as_itself(
    keys: KeyStore, role: Role, memories: list[str] | None, label: str
) -> None:
    key, token = keys.create(role, memories=memories, label=label)
    found = keys.authenticate(token)
    assert found == key
    assert found.role is role
    assert found.label == label
    assert found.memories == (None if memories is None else tuple(sorted(set(memories))))
    assert keys.authenticate(token[:-1]) is None
    assert keys.authenticate(token + "A") is None


def test_tokens_are_random_256_bit_and_stored_as_sha256(keys: KeyStore) -> None:
    tokens = {keys.create("reader")[1] for _ in range(20)}
    assert len(tokens) == 20
    for token in tokens:
        assert token.startswith("mk_")
        assert len(token) == 3 + 43
    stored = {row[0] for row in keys.db.query("SELECT key_hash FROM api_keys")}
    assert stored == {hash_token(t) for t in tokens}


def test_roles_are_ordered() -> None:
    assert Role.ADMIN.includes(Role.TRANSLATOR)
    assert Role.TRANSLATOR.includes(Role.READER)
    assert not Role.READER.includes(Role.TRANSLATOR)
    assert not Role.TRANSLATOR.includes(Role.ADMIN)


def test_memory_restriction(keys: KeyStore) -> None:
    key, _ = keys.create("translator", memories=["g7", "g7", " other "])
    assert key.memories == ("g7", "other")
    assert key.can_use_memory("g7")
    assert not key.can_use_memory("third")
    free, _ = keys.create("translator")
    assert free.can_use_memory("anything")


def test_revoked_key_stops_and_stays_listed_only_with_all(keys: KeyStore) -> None:
    key, token = keys.create("admin")
    keys.revoke(key.id)
    keys.revoke(key.id)  # twice is harmless
    assert keys.authenticate(token) is None
    assert keys.list() == []
    assert [k.id for k in keys.list(include_revoked=True)] == [key.id]


@pytest.mark.parametrize("bad", ["", "Bearer", "mk_", "x" * 500, "mk_" + "a" * 300])
def test_garbage_tokens_do_not_authenticate(keys: KeyStore, bad: str) -> None:
    keys.create("admin")
    assert keys.authenticate(bad) is None


def test_unknown_role_and_empty_memory_list_are_refused(keys: KeyStore) -> None:
    with pytest.raises(InvalidInputError, match="unknown role 'owner'"):
        keys.create("owner")
    with pytest.raises(InvalidInputError, match="memory"):
        keys.create("reader", memories=["  "])
