"""One JSON error shape for every failure, statuses from the one table, no traces to clients."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator

import pytest
from fastapi.testclient import TestClient

from mkutano.api.app import create_app
from mkutano.api.errors import ERROR_TABLE, status_for
from mkutano.api.settings import Settings
from mkutano.glossaries.errors import GlossaryConflict, GlossaryFormatError, GlossaryNotFound
from mkutano.glossaries.qa import ProfileError, QAError, QAInputError
from mkutano.tm.errors import (
    ConflictError,
    DatabaseError,
    InvalidInputError,
    MemoryNotFound,
    ReadOnlyError,
    UnitNotFound,
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
from mkutano.tmx.errors import Diagnostic, LanguageTagError, TMXError, TMXParseError

from .conftest import bearer

RAISED: list[tuple[Exception, int, str]] = [
    (MemoryNotFound("no memory named 'x'"), 404, "memory_not_found"),
    (UnitNotFound("no unit 9"), 404, "unit_not_found"),
    (GlossaryNotFound("no glossary 'g'"), 404, "glossary_not_found"),
    (ConflictError("memory 'x' exists"), 409, "conflict"),
    (GlossaryConflict("glossary 'g' exists"), 409, "conflict"),
    (ReadOnlyError("memory 'x' is read-only"), 409, "memory_read_only"),
    (LanguageTagError("invalid language tag 'x y'"), 422, "invalid_language"),
    (InvalidInputError("empty segment"), 422, "invalid_input"),
    (TMXParseError(Diagnostic("up.tmx", 3, "not TMX")), 422, "invalid_tmx"),
    (GlossaryFormatError("g.tbx:1: not TBX"), 422, "invalid_glossary_file"),
    (DatabaseError("database is locked"), 503, "database_unavailable"),
    (XLIFFError("up.xlf: root element is not <xliff>"), 422, "invalid_xliff"),
    (SRXError("rules.srx: root element is <x>, not <srx>"), 422, "invalid_srx"),
    (HTMLFormatError("page.html: not UTF-8"), 422, "invalid_document"),
    (TextFormatError("report.txt: not UTF-8"), 422, "invalid_document"),
    (OfficeFormatError("r.docx: neither a DOCX nor an ODT"), 422, "invalid_document"),
    (PackageError("r.docx: member '../x' points outside the package"), 422, "invalid_document"),
    (InlineMarkupError("unpaired <ept i='1'>"), 422, "invalid_markup"),
    (ProfileError("qa.toml: unknown check 'x'"), 422, "invalid_profile"),
    (QAInputError("pairs.jsonl:3: not JSON"), 422, "invalid_qa_input"),
    (QAError("cannot check"), 422, "qa_error"),
    (TMXError("some other file problem"), 422, "invalid_file"),
]


def _raiser(exc: Exception) -> Callable[[], None]:
    def raiser() -> None:
        raise exc

    return raiser


@pytest.fixture
def raising_client(api_settings: Settings) -> Iterator[TestClient]:
    """An app with extra routes raising each library error, and a crash."""
    app = create_app(api_settings)
    for i, (exc, _, _) in enumerate(RAISED):
        app.add_api_route(f"/test/raise/{i}", _raiser(exc))

    def crash() -> None:
        raise RuntimeError("secret internal detail /etc/passwd")

    app.add_api_route("/test/crash", crash)
    with TestClient(app, raise_server_exceptions=False) as c:
        yield c


def _assert_error_shape(body: dict[str, object], code: str) -> None:
    assert set(body) == {"error"}
    err = body["error"]
    assert isinstance(err, dict)
    assert set(err) == {"code", "message", "details"}
    assert err["code"] == code
    assert isinstance(err["message"], str)
    assert err["message"]


@pytest.mark.parametrize(
    ("index", "status", "code"), [(i, s, c) for i, (_, s, c) in enumerate(RAISED)]
)
def test_library_errors_get_their_status_and_code(
    raising_client: TestClient, index: int, status: int, code: str
) -> None:
    r = raising_client.get(f"/test/raise/{index}")
    assert r.status_code == status
    _assert_error_shape(r.json(), code)
    assert r.json()["error"]["message"] == str(RAISED[index][0])
    assert r.headers["x-request-id"]


def test_tmx_parse_error_carries_its_diagnostic(raising_client: TestClient) -> None:
    index = next(i for i, (e, _, _) in enumerate(RAISED) if isinstance(e, TMXParseError))
    details = raising_client.get(f"/test/raise/{index}").json()["error"]["details"]
    assert details == {
        "diagnostic": {"file": "up.tmx", "line": 3, "message": "not TMX", "severity": "error"}
    }


def test_error_table_puts_subclasses_before_parents() -> None:
    for i, (cls, _, _) in enumerate(ERROR_TABLE):
        for parent, _, _ in ERROR_TABLE[:i]:
            assert not issubclass(cls, parent), f"{cls.__name__} is shadowed by {parent.__name__}"


def test_unknown_exception_maps_to_500() -> None:
    assert status_for(RuntimeError("x")) == (500, "internal_error")


def test_crash_answers_500_without_trace_and_logs_it_under_the_request_id(
    raising_client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="mkutano.api"):
        r = raising_client.get("/test/crash", headers={"X-Request-ID": "req-crash-1"})
    assert r.status_code == 500
    _assert_error_shape(r.json(), "internal_error")
    assert "secret" not in r.text
    assert "Traceback" not in r.text
    assert "RuntimeError" not in r.text
    assert r.headers["x-request-id"] == "req-crash-1"
    assert r.json()["error"]["details"] == {"request_id": "req-crash-1"}
    logged = [rec for rec in caplog.records if "req-crash-1" in rec.getMessage()]
    assert logged
    assert logged[0].exc_info is not None


def test_validation_errors_use_the_error_shape(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.post("/v1/keys", json={"role": "emperor"}, headers=bearer(tokens["admin"]))
    assert r.status_code == 422
    _assert_error_shape(r.json(), "invalid_request")
    details = r.json()["error"]["details"]
    assert details[0]["loc"] == ["body", "role"]
    assert "body.role" in r.json()["error"]["message"]


def test_malformed_json_is_422_not_500(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.post(
        "/v1/keys",
        content=b'{"role": ',
        headers={**bearer(tokens["admin"]), "Content-Type": "application/json"},
    )
    assert r.status_code == 422
    _assert_error_shape(r.json(), "invalid_request")


def test_unknown_route_and_wrong_method_use_the_error_shape(client: TestClient) -> None:
    r = client.get("/v1/no-such-thing")
    assert r.status_code == 404
    _assert_error_shape(r.json(), "not_found")
    r = client.put("/healthz")
    assert r.status_code == 405
    _assert_error_shape(r.json(), "method_not_allowed")


def test_sane_request_id_is_echoed_and_bad_one_replaced(client: TestClient) -> None:
    assert (
        client.get("/healthz", headers={"X-Request-ID": "cms-42.a_b"}).headers["x-request-id"]
        == "cms-42.a_b"
    )
    replaced = client.get("/healthz", headers={"X-Request-ID": "bad id\twith spaces"})
    rid = replaced.headers["x-request-id"]
    assert rid != "bad id\twith spaces"
    assert len(rid) == 32


def test_keys_are_never_logged(
    client: TestClient, tokens: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.DEBUG):
        client.get("/v1/keys", headers=bearer(tokens["admin"]))
        client.get("/v1/keys", headers=bearer(tokens["admin"] + "x"))
    text = "\n".join(rec.getMessage() for rec in caplog.records)
    assert "/v1/keys" in text  # the access log did run
    assert tokens["admin"] not in text
