"""Size limits: bodies over the limit get 413 before being read fully; long texts and batches 422."""

from __future__ import annotations

import asyncio
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from starlette.requests import Request
from starlette.responses import JSONResponse

from mkutano.api.app import create_app
from mkutano.api.middleware import BodyLimitMiddleware
from mkutano.api.settings import Settings, load_settings

from .conftest import bearer


@pytest.fixture
def small_settings(tmp_path: Path) -> Settings:
    return load_settings(
        {
            "db": str(tmp_path / "limits.db"),
            "max_body_bytes": 2_000,
            "max_upload_bytes": 5_000,
            "max_segment_chars": 50,
            "max_batch": 3,
        },
        environ={},
    )


@pytest.fixture
def small(small_settings: Settings) -> Iterator[tuple[TestClient, dict[str, str]]]:
    app = create_app(small_settings)
    with TestClient(app, raise_server_exceptions=False) as c:
        keys = app.state.keys
        yield c, {r: keys.create(r)[1] for r in ("reader", "translator", "admin")}


def _assert_413(r: Any) -> None:
    assert r.status_code == 413
    assert r.json()["error"]["code"] == "payload_too_large"
    assert r.headers["x-request-id"]


def test_declared_length_over_limit_is_refused(small: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small
    body = b'{"role": "reader", "label": "' + b"x" * 3_000 + b'"}'
    r = client.post(
        "/v1/keys",
        content=body,
        headers={**bearer(keys["admin"]), "Content-Type": "application/json"},
    )
    _assert_413(r)


def test_streamed_body_over_limit_is_refused(small: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small

    def chunks() -> Iterator[bytes]:  # no Content-Length: sent chunked
        yield b'{"role": "reader", "label": "'
        for _ in range(10):
            yield b"x" * 500
        yield b'"}'

    r = client.post(
        "/v1/keys",
        content=chunks(),
        headers={**bearer(keys["admin"]), "Content-Type": "application/json"},
    )
    _assert_413(r)


def test_body_under_limit_passes(small: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small
    r = client.post(
        "/v1/keys", json={"role": "reader", "label": "x" * 100}, headers=bearer(keys["admin"])
    )
    assert r.status_code == 201


def _run_limited(
    limit: int, chunks: list[bytes], headers: list[tuple[bytes, bytes]]
) -> tuple[int, int]:
    """Drive the middleware directly; return (status, number of chunks it pulled)."""
    pulled = 0

    async def inner(scope: Any, receive: Any, send: Any) -> None:
        body = await Request(scope, receive).body()
        await JSONResponse({"n": len(body)})(scope, receive, send)

    async def receive() -> dict[str, Any]:
        nonlocal pulled
        pulled += 1
        i = pulled - 1
        return {"type": "http.request", "body": chunks[i], "more_body": i + 1 < len(chunks)}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "method": "POST", "path": "/v1/x", "headers": headers, "state": {}}
    asyncio.run(BodyLimitMiddleware(inner, lambda path: limit)(scope, receive, send))
    return int(sent[0]["status"]), pulled


def test_declared_length_is_refused_before_reading_anything() -> None:
    status, pulled = _run_limited(1_000, [b"x" * 100] * 50, [(b"content-length", b"5000")])
    assert (status, pulled) == (413, 0)


def test_streamed_body_stops_being_read_past_the_limit() -> None:
    status, pulled = _run_limited(1_000, [b"x" * 100] * 50, [])
    assert status == 413
    assert pulled == 11  # the chunk that crossed 1000 bytes, none of the 39 after it


def test_upload_routes_get_the_upload_limit(small_settings: Settings) -> None:
    app = create_app(small_settings)
    limit_for = next(
        m.kwargs["limit_for"] for m in app.user_middleware if m.cls is BodyLimitMiddleware
    )
    assert limit_for("/v1/memories/g7/import") == 5_000
    assert limit_for("/v1/glossaries/g7/import") == 5_000
    assert limit_for("/v1/memories/g7/units") == 2_000
    assert limit_for("/v1/suggest") == 2_000


def test_upload_over_the_upload_limit_is_refused_and_leaves_no_file(
    small: tuple[TestClient, dict[str, str]],
) -> None:
    client, keys = small
    before = set(Path(tempfile.gettempdir()).glob("mkutano-upload-*"))

    def chunks() -> Iterator[bytes]:
        for _ in range(12):
            yield b"<" * 500

    r = client.post("/v1/memories/g7/import", content=chunks(), headers=bearer(keys["admin"]))
    _assert_413(r)
    assert set(Path(tempfile.gettempdir()).glob("mkutano-upload-*")) == before
    under = client.post(
        "/v1/memories/g7/import", content=b"<tmx/>" * 500, headers=bearer(keys["admin"])
    )
    assert under.status_code == 202  # 3000 bytes: over max_body_bytes, under max_upload_bytes


def test_long_segment_is_422(small: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small
    body = {"source_lang": "it", "target_lang": "sw", "text": "parola " * 10}
    r = client.post("/v1/suggest", json=body, headers=bearer(keys["reader"]))
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "segment_too_long"
    assert error["details"] == {"field": "text", "length": 70, "limit": 50}
    short = client.post(
        "/v1/suggest", json={**body, "text": "parola"}, headers=bearer(keys["reader"])
    )
    assert short.status_code == 200


def test_long_context_is_422_too(small: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small
    body = {"source_lang": "it", "target_lang": "sw", "text": "ciao", "prev": "x" * 51}
    r = client.post("/v1/suggest", json=body, headers=bearer(keys["reader"]))
    assert r.status_code == 422
    assert r.json()["error"]["details"]["field"] == "prev"


def test_batch_over_the_limit_is_422(small: tuple[TestClient, dict[str, str]]) -> None:
    client, keys = small
    items = [{"id": str(i), "text": "ciao"} for i in range(4)]
    body = {"source_lang": "it", "target_lang": "sw", "items": items}
    r = client.post("/v1/suggest/batch", json=body, headers=bearer(keys["reader"]))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "batch_too_large"
    assert r.json()["error"]["details"] == {"field": "items", "count": 4, "limit": 3}
    ok = client.post(
        "/v1/suggest/batch", json={**body, "items": items[:3]}, headers=bearer(keys["reader"])
    )
    assert ok.status_code == 200
    assert len(ok.json()["results"]) == 3


def test_page_size_over_max_page_is_422(tmp_path: Path) -> None:
    app = create_app(load_settings({"db": str(tmp_path / "p.db"), "max_page": 10}, environ={}))
    with TestClient(app, raise_server_exceptions=False) as client:
        token = app.state.keys.create("admin")[1]
        client.post("/v1/memories", json={"name": "g7"}, headers=bearer(token))
        r = client.get("/v1/memories/g7/units?limit=11", headers=bearer(token))
        assert r.status_code == 422
        assert r.json()["error"]["code"] == "page_too_large"
        assert (
            client.get("/v1/memories/g7/units?limit=10", headers=bearer(token)).status_code == 200
        )


def test_a_fuzzy_threshold_under_min_threshold_is_422(
    small: tuple[TestClient, dict[str, str]],
) -> None:
    """A threshold of 2 would score nearly every candidate of the memory (74 s on 401k units)."""
    client, keys = small
    reader = bearer(keys["reader"])
    body = {"source_lang": "it", "target_lang": "sw", "text": "ciao", "threshold": 2}
    r = client.post("/v1/suggest", json=body, headers=reader)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "threshold_too_low"
    assert error["details"] == {"field": "threshold", "value": 2, "limit": 50}
    batch = {**body, "items": [{"id": "1", "text": "ciao"}]}
    r = client.post("/v1/suggest/batch", json=batch, headers=reader)
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "threshold_too_low"
    r = client.post(
        "/v1/pretranslate?source_lang=it&target_lang=sw&threshold=10",
        content=b"Ciao.",
        headers={**reader, "Content-Type": "text/plain"},
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "threshold_too_low"
    assert (
        client.post("/v1/suggest", json={**body, "threshold": 50}, headers=reader).status_code
        == 200
    )


def test_control_characters_in_texts_and_names_are_422_naming_the_field(
    small: tuple[TestClient, dict[str, str]],
) -> None:
    """Issue 24: a NUL in a name answered 503 on PostgreSQL; control characters in unit texts
    were stored, then dropped on export."""
    client, keys = small
    admin = bearer(keys["admin"])
    assert client.post("/v1/memories", json={"name": "g7"}, headers=admin).status_code == 201
    body = {"variants": [{"lang": "it", "text": "Ciao\x00"}, {"lang": "sw", "text": "Habari"}]}
    r = client.post("/v1/memories/g7/units", json=body, headers=admin)
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "invalid_character"
    assert error["details"] == {"field": "variants.0.text", "position": 4, "character": "U+0000"}
    tab = {"variants": [{"lang": "it", "text": "Ciao\tmondo"}, {"lang": "sw", "text": "Habari"}]}
    assert client.post("/v1/memories/g7/units", json=tab, headers=admin).status_code == 201
    body = {"source_lang": "it", "target_lang": "sw", "text": "ciao\x07"}
    r = client.post("/v1/suggest", json=body, headers=admin)
    assert r.status_code == 422
    assert r.json()["error"]["details"]["field"] == "text"
    r = client.get("/v1/memories/g7%00x/units", headers=admin)
    assert r.status_code == 422
    assert r.json()["error"]["details"]["field"] == "name"


@pytest.mark.parametrize("date", ["2024-13-45", "2024-02-30", "2024-01-01T25:00:00Z", "ieri"])
def test_impossible_dates_in_filters_are_422_naming_the_parameter(
    small: tuple[TestClient, dict[str, str]], date: str
) -> None:
    client, keys = small
    admin = bearer(keys["admin"])
    client.post("/v1/memories", json={"name": "g7"}, headers=admin)
    for path in ("/v1/memories/g7/units", "/v1/memories/g7/export"):
        r = client.get(path, params={"changed_since": date}, headers=admin)
        assert r.status_code == 422, (path, r.text)
        assert r.json()["error"] == {
            "code": "invalid_date",
            "message": r.json()["error"]["message"],
            "details": {"field": "changed_since"},
        }
        assert r.json()["error"]["message"].startswith("changed_since: invalid date")
    ok = client.get("/v1/memories/g7/units", params={"changed_since": "2024-02-29"}, headers=admin)
    assert ok.status_code == 200
