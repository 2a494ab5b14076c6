"""Fixtures for the HTTP API tests: an app on a fresh SQLite store, a client, keys per role."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.settings import Settings, load_settings

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
    from glossaries import import_glossary
    from tm import import_tmx

    state = app.state  # type: ignore[attr-defined]
    state.store.create_memory("g7")
    import_tmx(state.store, SAMPLE_TMX, memory="g7")
    import_glossary(state.glossaries, SAMPLE_TBX, name="g7")


@pytest.fixture
def g7_client(client: TestClient) -> TestClient:
    """The ``client`` with the sample memory and glossary loaded."""
    load_sample(client.app)
    return client
