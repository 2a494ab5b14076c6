"""ASGI middleware: request ids, access log, metrics, the last-resort 500, body size limits,
security headers (the Content-Security-Policy of the workbench page).

Both are plain ASGI (not ``BaseHTTPMiddleware``) so streaming bodies and responses pass through
untouched. The request-context middleware is the outermost: every answer, even a crash, gets an
``X-Request-ID`` header and one log line under that id. Headers are never logged (they carry keys).
"""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
from collections.abc import Callable

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .errors import error_body
from .metrics import Metrics

__all__ = [
    "CONTENT_SECURITY_POLICY",
    "BodyLimitMiddleware",
    "PayloadTooLarge",
    "RequestContextMiddleware",
    "SecurityHeadersMiddleware",
    "loggable_path",
]

log = logging.getLogger("mkutano.api")
access_log = logging.getLogger("mkutano.api.access")

_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
# tmserver clients carry the API key in the path (/tmserver/key/TOKEN/...): never log it
_PATH_KEY = re.compile(r"/key/[^/]+")


def loggable_path(path: str) -> str:
    """``path`` with an API key carried in it replaced by ``***``."""
    return _PATH_KEY.sub("/key/***", path)


def _header(scope: Scope, name: bytes) -> str | None:
    for k, v in scope.get("headers", ()):
        if k.lower() == name:
            return bytes(v).decode("latin-1")
    return None


async def _send_json(send: Send, status: int, body: dict[str, object], request_id: str) -> None:
    payload = json.dumps(body).encode()
    await send(
        {
            "type": "http.response.start",
            "status": status,
            "headers": [
                (b"content-type", b"application/json"),
                (b"content-length", str(len(payload)).encode()),
                (b"x-request-id", request_id.encode()),
            ],
        }
    )
    await send({"type": "http.response.body", "body": payload})


class RequestContextMiddleware:
    """Give each request an id, log it, count it, and turn any escaped exception into a 500."""

    def __init__(self, app: ASGIApp, metrics: Metrics) -> None:
        self.app = app
        self.metrics = metrics

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        incoming = _header(scope, b"x-request-id")
        rid = incoming if incoming and _REQUEST_ID.match(incoming) else uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = rid
        status = 500
        started = False
        t0 = time.perf_counter()

        async def send_wrapper(message: Message) -> None:
            nonlocal status, started
            if message["type"] == "http.response.start":
                started = True
                status = int(message["status"])
                headers = [h for h in message.get("headers", []) if h[0].lower() != b"x-request-id"]
                headers.append((b"x-request-id", rid.encode()))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_wrapper)
        except Exception:
            path = loggable_path(str(scope.get("path", "")))
            log.exception("request %s %s %s failed", rid, scope.get("method"), path)
            if not started:
                status = 500
                await _send_json(
                    send,
                    500,
                    error_body(
                        "internal_error",
                        f"internal error; the server log has the details under request id {rid}",
                        {"request_id": rid},
                    ),
                    rid,
                )
        finally:
            elapsed = time.perf_counter() - t0
            route = scope.get("route")
            template = getattr(route, "path", None) or "unmatched"
            method = str(scope.get("method", ""))
            self.metrics.observe_request(method, template, status, elapsed)
            access_log.info(
                "%s %s %s %d %.1fms",
                rid,
                method,
                loggable_path(str(scope.get("path", ""))),
                status,
                elapsed * 1000,
            )


class PayloadTooLarge(HTTPException):
    """The request body is over its limit (raised while it is being read)."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than {limit} bytes")


class BodyLimitMiddleware:
    """Refuse bodies over the limit: at once from ``Content-Length``, else while streaming.

    Upload routes (``limit_for`` decides by path) get the larger upload limit.
    """

    def __init__(self, app: ASGIApp, limit_for: Callable[[str], int]) -> None:
        self.app = app
        self.limit_for = limit_for

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(str(scope.get("path", "")))
        declared = _header(scope, b"content-length")
        rid = str(scope.get("state", {}).get("request_id", ""))
        too_large = error_body(
            "payload_too_large",
            f"request body larger than {limit} bytes (see max_body_bytes / max_upload_bytes)",
            {"limit": limit},
        )
        if declared is not None:
            try:
                size = int(declared)
            except ValueError:
                size = -1
            if size > limit:
                await _send_json(send, 413, too_large, rid)
                return
        received = 0
        started = False

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise PayloadTooLarge(limit)
            return message

        async def send_wrapper(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, limited_receive, send_wrapper)
        except PayloadTooLarge:
            if started:
                raise
            await _send_json(send, 413, too_large, rid)


#: Only the page's own packaged script and styles run: no inline script or style, no other
#: origin, no framing, no plugins; ``connect-src 'self'`` keeps API calls on this server.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'"
)
_SECURITY_HEADERS = [
    (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
]
#: FastAPI's interactive documentation loads its script from a CDN: it keeps its own policy.
_DOC_PATHS = ("/docs", "/redoc")


class SecurityHeadersMiddleware:
    """Add the Content-Security-Policy and related headers to every answer but the API docs."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(_DOC_PATHS):
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {k.lower() for k, _ in message.get("headers", [])}
                extra = [(k, v) for k, v in _SECURITY_HEADERS if k not in present]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        await self.app(scope, receive, send_with_headers)
