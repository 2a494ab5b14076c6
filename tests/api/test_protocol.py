"""Requests the HTTP parser refuses, sent on raw sockets to a real ``mkutano serve``: every one
is answered in the API's JSON error shape (uvicorn's own answer is plain text)."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest

from .conftest import run_mkutano, serve

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def address(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, int]]:
    tmp = tmp_path_factory.mktemp("protocol")
    db = str(tmp / "p.db")
    run_mkutano("migrate", "--db", db)
    with serve(db, tmp / "server.log", settings={"PRELOAD": "false"}) as base:
        url = urlsplit(base)
        assert url.hostname is not None
        assert url.port is not None
        yield url.hostname, url.port


def _exchange(address: tuple[str, int], raw: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send ``raw``, read until the server closes; return status, headers and body."""
    with socket.create_connection(address, timeout=30) as s:
        s.sendall(raw)
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), {k.lower(): v for k, v in headers.items()}, body


CASES = {
    "negative Content-Length": (
        b"POST /v1/suggest HTTP/1.1\r\nHost: x\r\nContent-Length: -5\r\n\r\n",
        400,
        "bad_request",
    ),
    "non-numeric Content-Length": (
        b"POST /v1/suggest HTTP/1.1\r\nHost: x\r\nContent-Length: 12abc\r\n\r\n",
        400,
        "bad_request",
    ),
    "100 KB header in one read": (
        b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * 100_000 + b"\r\n\r\n",
        431,
        "header_too_large",
    ),
    "malformed request line": (b"GET/ nonsense\r\n\r\n", 400, "bad_request"),
    "unsupported Transfer-Encoding": (
        b"POST /v1/suggest HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: gzip\r\n\r\n",
        501,
        "not_implemented",
    ),
    "body over the limit": (
        b"POST /v1/suggest HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: 2000000\r\n\r\n" + b"x" * 1000,
        413,
        "payload_too_large",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_refused_request_is_answered_in_the_json_error_shape(
    address: tuple[str, int], case: str
) -> None:
    raw, status, code = CASES[case]
    got, headers, body = _exchange(address, raw)
    assert got == status
    assert headers["content-type"] == "application/json"
    assert headers["x-request-id"]
    error = json.loads(body)["error"]
    assert error["code"] == code
    assert error["message"]


def test_a_header_block_just_under_the_limit_is_served(address: tuple[str, int]) -> None:
    raw = b"GET /healthz HTTP/1.1\r\nHost: x\r\nConnection: close\r\nX-Pad: " + b"a" * 15_000
    status, _, body = _exchange(address, raw + b"\r\n\r\n")
    assert status == 200
    assert json.loads(body) == {"status": "ok"}


def test_the_server_keeps_serving_after_refusals(address: tuple[str, int]) -> None:
    for raw, _, _ in CASES.values():
        _exchange(address, raw)
    status, _, _ = _exchange(
        address, b"GET /readyz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status == 200
