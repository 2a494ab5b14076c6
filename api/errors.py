"""The one table mapping exceptions to HTTP answers, and the one JSON error shape.

Every failure answers ``{"error": {"code": ..., "message": ..., "details": ...}}`` with an
``X-Request-ID`` header; the client never sees a stack trace (those go to the log, under the same
request id). :data:`ERROR_TABLE` is the single place where a library exception gets its status.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from mkutano.glossaries.errors import (
    GlossaryConflict,
    GlossaryError,
    GlossaryFormatError,
    GlossaryNotFound,
)
from mkutano.glossaries.qa.errors import ProfileError, QAError, QAInputError, QARefused
from mkutano.glossaries.qa.projects import UnknownFingerprint
from mkutano.tm.errors import (
    ConflictError,
    DatabaseBusy,
    DatabaseError,
    InvalidInputError,
    MemoryNotFound,
    NotFoundError,
    ReadOnlyError,
    TMError,
    UnitNotFound,
    VersionConflict,
)
from mkutano.tmx import (
    HTMLFormatError,
    InlineMarkupError,
    OfficeFormatError,
    PackageError,
    SRXError,
    TextFormatError,
    XLIFFError,
)
from mkutano.tmx.errors import LanguageTagError, TMXError, TMXParseError
from mkutano.tmx.formats import UnsupportedFormatError

__all__ = [
    "ERROR_TABLE",
    "ApiError",
    "error_body",
    "error_response",
    "install_error_handlers",
    "status_for",
]

log = logging.getLogger("mkutano.api")

#: Library exception → (HTTP status, error code). The first matching row wins, so subclasses
#: come before their parents.
ERROR_TABLE: tuple[tuple[type[BaseException], int, str], ...] = (
    (MemoryNotFound, 404, "memory_not_found"),
    (UnitNotFound, 404, "unit_not_found"),
    (NotFoundError, 404, "not_found"),
    (GlossaryNotFound, 404, "glossary_not_found"),
    (QARefused, 422, "qa_refused"),
    (UnknownFingerprint, 422, "unknown_fingerprint"),
    (ProfileError, 422, "invalid_profile"),
    (VersionConflict, 412, "version_mismatch"),
    (ConflictError, 409, "conflict"),
    (GlossaryConflict, 409, "conflict"),
    (ReadOnlyError, 409, "memory_read_only"),
    (LanguageTagError, 422, "invalid_language"),
    (InvalidInputError, 422, "invalid_input"),
    (UnsupportedFormatError, 415, "unsupported_format"),
    (TMXParseError, 422, "invalid_tmx"),
    # each format its own code, so a client can tell which file was wrong
    (XLIFFError, 422, "invalid_xliff"),
    (SRXError, 422, "invalid_srx"),
    (HTMLFormatError, 422, "invalid_document"),
    (TextFormatError, 422, "invalid_document"),
    (OfficeFormatError, 422, "invalid_document"),
    (PackageError, 422, "invalid_document"),
    (InlineMarkupError, 422, "invalid_markup"),
    (GlossaryFormatError, 422, "invalid_glossary_file"),
    (QAInputError, 422, "invalid_qa_input"),
    (DatabaseBusy, 503, "database_busy"),
    (DatabaseError, 503, "database_unavailable"),
    (TMXError, 422, "invalid_file"),
    (TMError, 400, "tm_error"),
    (QAError, 422, "qa_error"),
    (GlossaryError, 422, "glossary_error"),
)

_HTTP_CODES: Mapping[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    406: "not_acceptable",
    409: "conflict",
    412: "precondition_failed",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "invalid_request",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


class ApiError(Exception):
    """An answer decided by the API itself (auth, limits, unsupported media)."""

    def __init__(
        self,
        status: int,
        code: str,
        message: str,
        details: Any = None,
        headers: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message
        self.details = details
        self.headers = dict(headers or {})


def status_for(exc: BaseException) -> tuple[int, str]:
    """Return the (status, code) of a library exception from :data:`ERROR_TABLE`."""
    for cls, status, code in ERROR_TABLE:
        if isinstance(exc, cls):
            return status, code
    return 500, "internal_error"


def error_body(code: str, message: str, details: Any = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details}}


def _request_id(request: Request) -> str:
    return str(request.scope.get("state", {}).get("request_id", ""))


def error_response(
    request: Request,
    status: int,
    code: str,
    message: str,
    details: Any = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    all_headers = dict(headers or {})
    rid = _request_id(request)
    if rid:
        all_headers["X-Request-ID"] = rid
    return JSONResponse(
        jsonable_encoder(error_body(code, message, details)),
        status_code=status,
        headers=all_headers,
    )


def _library_details(exc: BaseException) -> Any:
    findings = getattr(exc, "findings", None)
    if findings is not None:  # refused by QA enforcement: the client needs the findings
        return {
            "findings": [f.as_dict() if hasattr(f, "as_dict") else f for f in findings],
        }
    if isinstance(exc, VersionConflict):
        return {"version": exc.current, "etag": f'"{exc.current}"'}
    if isinstance(exc, UnknownFingerprint):
        return {"fingerprint": exc.fingerprint}
    diagnostic = getattr(exc, "diagnostic", None)
    if diagnostic is not None and hasattr(diagnostic, "as_dict"):
        return {"diagnostic": diagnostic.as_dict()}
    return None


async def _on_api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(request, exc.status, exc.code, exc.message, exc.details, exc.headers)


async def _on_library_error(request: Request, exc: Exception) -> JSONResponse:
    status, code = status_for(exc)
    if status >= 500:
        detail = getattr(exc, "detail", "")  # the driver's words: for the log only
        log.error(
            "request %s failed: %s%s", _request_id(request), exc, f" ({detail})" * bool(detail)
        )
    message = str(exc) or exc.__class__.__name__
    if status >= 500 and code == "internal_error":
        message = "internal error"
    headers = {"Retry-After": "1"} if isinstance(exc, DatabaseBusy) else None
    return error_response(request, status, code, message, _library_details(exc), headers)


async def _on_http_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    code = _HTTP_CODES.get(exc.status_code, f"http_{exc.status_code}")
    message = exc.detail if isinstance(exc.detail, str) else code.replace("_", " ")
    if exc.status_code == 413:
        message = "request body too large (see max_body_bytes / max_upload_bytes)"
    return error_response(request, exc.status_code, code, message, None, exc.headers)


async def _on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    problems = [
        {
            "loc": [str(p) for p in err.get("loc", ())],
            "msg": str(err.get("msg", "")),
            "type": str(err.get("type", "")),
        }
        for err in exc.errors()
    ]
    first = problems[0] if problems else {"loc": [], "msg": "invalid request"}
    where = ".".join(first["loc"]) or "request"
    return error_response(
        request,
        422,
        "invalid_request",
        f"{where}: {first['msg']} (see details for every problem)",
        problems,
    )


def install_error_handlers(app: FastAPI) -> None:
    """Register the handlers that turn every failure into the one JSON error shape."""
    app.add_exception_handler(ApiError, _on_api_error)
    app.add_exception_handler(StarletteHTTPException, _on_http_error)
    app.add_exception_handler(RequestValidationError, _on_validation_error)
    for cls in (TMError, TMXError, GlossaryError):
        app.add_exception_handler(cls, _on_library_error)
