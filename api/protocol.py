"""The HTTP/1.1 protocol `mkutano serve` runs: uvicorn's h11 protocol, answering in the JSON error shape.

uvicorn answers a request h11 cannot parse (a malformed request line, a negative or non-numeric
``Content-Length``, a header block over ``h11_max_incomplete_event_size``, conflicting framing
headers) itself, before any application code runs, with ``400`` and the plain text ``Invalid HTTP
request received.``. This subclass gives the same cases the API's one error shape
(``{"error": {"code", "message", "details"}}``), with the status h11 suggests (431 for a header
block too large, 501 for an unsupported ``Transfer-Encoding``, else 400) and an ``X-Request-ID``.
Everything else is uvicorn's own code path.
"""

from __future__ import annotations

import json
import uuid
from typing import Any

import h11
from h11._connection import DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
from uvicorn.protocols.http.h11_impl import H11Protocol

__all__ = ["JsonErrorH11Protocol", "protocol_error_body"]

_CODES = {
    400: ("bad_request", "malformed HTTP request"),
    431: ("header_too_large", "request line or headers too large"),
    501: ("not_implemented", "unsupported transfer coding"),
}
_REASONS = {400: b"Bad Request", 431: b"Request Header Fields Too Large", 501: b"Not Implemented"}


def protocol_error_body(status: int, reason: str) -> dict[str, Any]:
    """The JSON error for an HTTP request that could not be parsed (h11's ``reason``)."""
    code, summary = _CODES.get(status, _CODES[400])
    return {"error": {"code": code, "message": f"{summary}: {reason}", "details": None}}


class _RecordingConnection(h11.Connection):
    """An h11 connection that keeps the protocol error it raised, for the answer to name it,
    and refuses a request whose line and headers are over ``max_header_bytes``.

    h11 applies its size limit only to a request still incomplete when a read ends: a 100 KB
    header block arriving in one read was accepted. The check here holds for every request.
    """

    last_error: h11.RemoteProtocolError | None = None

    def __init__(self, max_header_bytes: int) -> None:
        super().__init__(h11.SERVER, max_incomplete_event_size=max_header_bytes)
        self.max_header_bytes = max_header_bytes

    def next_event(self) -> Any:
        try:
            event = super().next_event()
            if isinstance(event, h11.Request):
                size = len(event.target) + sum(len(k) + len(v) + 4 for k, v in event.headers)
                if size > self.max_header_bytes:
                    raise h11.RemoteProtocolError(
                        f"{size} bytes, over the limit of {self.max_header_bytes} "
                        "(max_header_bytes)",
                        error_status_hint=431,
                    )
            return event
        except h11.RemoteProtocolError as exc:
            self.last_error = exc
            raise


class JsonErrorH11Protocol(H11Protocol):
    """uvicorn's h11 protocol, with unparseable requests answered in the JSON error shape."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.conn = _RecordingConnection(
            self.config.h11_max_incomplete_event_size or DEFAULT_MAX_INCOMPLETE_EVENT_SIZE
        )

    def send_400_response(self, msg: str) -> None:
        error = getattr(self.conn, "last_error", None)
        status = error.error_status_hint if error is not None else 400
        if status not in _REASONS:
            status = 400
        reason = str(error) if error is not None and str(error) else msg
        payload = json.dumps(protocol_error_body(status, reason)).encode()
        headers = [
            (b"content-type", b"application/json"),
            (b"content-length", str(len(payload)).encode()),
            (b"connection", b"close"),
            (b"x-request-id", uuid.uuid4().hex.encode()),
        ]
        event = h11.Response(status_code=status, headers=headers, reason=_REASONS[status])
        for part in (event, h11.Data(data=payload), h11.EndOfMessage()):
            self.transport.write(self.conn.send(part) or b"")
        self.transport.close()
