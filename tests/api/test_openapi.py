"""The OpenAPI document: complete, with examples, and true to what the server answers.

The property-based run generates requests from /openapi.json with schemathesis (in-process, over
the ASGI app, a bounded number of examples per operation) and checks that no answer is a 5xx and
that every answer's status, content type and body conform to the document.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from mkutano.api.app import create_app
from mkutano.api.settings import Settings

from .conftest import bearer

METHODS = ("get", "post", "put", "delete", "patch")


@pytest.fixture(scope="module")
def document() -> dict[str, Any]:
    from mkutano.api.settings import load_settings

    return create_app(load_settings({"db": ":memory:"}, environ={})).openapi()


def _operations(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in doc["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return dict(doc["components"]["schemas"][name])
    return schema


def _has_example(doc: dict[str, Any], media: dict[str, Any]) -> bool:
    if "example" in media or "examples" in media:
        return True
    schema = _resolve(doc, media.get("schema", {}))
    return bool(schema.get("examples") or schema.get("example"))


def test_every_operation_has_a_summary_and_a_unique_id(document: dict[str, Any]) -> None:
    ids = [op["operationId"] for _, _, op in _operations(document)]
    assert len(ids) == len(set(ids))
    missing = [f"{m} {p}" for p, m, op in _operations(document) if not op.get("summary")]
    assert not missing


def test_every_operation_has_examples(document: dict[str, Any]) -> None:
    missing: list[str] = []
    for path, method, op in _operations(document):
        where = f"{method.upper()} {path}"
        body = op.get("requestBody", {}).get("content", {})
        for ctype, media in body.items():
            if not _has_example(document, media):
                missing.append(f"{where}: request {ctype}")
        for status, response in op["responses"].items():
            if not status.startswith("2"):
                continue
            for ctype, media in response.get("content", {}).items():
                if not _has_example(document, media):
                    missing.append(f"{where}: response {status} {ctype}")
        for param in op.get("parameters", []):
            if param["in"] == "path" and not (
                param.get("example") is not None
                or param.get("examples")
                or param.get("schema", {}).get("examples")
            ):
                missing.append(f"{where}: path parameter {param['name']}")
    assert not missing, "operations without examples:\n" + "\n".join(missing)


def test_every_error_answer_is_documented_with_the_error_shape(document: dict[str, Any]) -> None:
    for path, method, op in _operations(document):
        for status, response in op["responses"].items():
            if status.startswith(("4", "5")):
                schema = response["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/ErrorResponse"}, (
                    f"{method} {path} {status}"
                )


def test_api_routes_declare_bearer_auth(document: dict[str, Any]) -> None:
    for path, method, op in _operations(document):
        # CAT-tool routes take the bearer header too (their /key/{token}/ forms: or in the path)
        cat_tool = path.startswith(("/tmserver/", "/api/v1/", "/apy/"))
        if path.startswith("/v1/") or path == "/metrics" or cat_tool:
            assert op.get("security") == [{"HTTPBearer": []}], f"{method} {path}"
        else:
            assert "security" not in op, f"{method} {path}"


@pytest.fixture(scope="module")
def fuzz_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[TestClient, Any]]:
    from mkutano.api.settings import load_settings

    db = tmp_path_factory.mktemp("openapi") / "fuzz.db"
    app_settings: Settings = load_settings({"db": str(db), "max_batch": 5}, environ={})
    app = create_app(app_settings)
    with TestClient(app, raise_server_exceptions=False) as client:
        admin = bearer(app.state.keys.create("admin")[1])
        client.post("/v1/memories", json={"name": "g7"}, headers=admin)
        client.post(
            "/v1/memories/g7/units",
            json={
                "variants": [
                    {"lang": "it", "text": "La riunione si è tenuta a Roma."},
                    {"lang": "sw", "text": "Mkutano ulifanyika Roma."},
                ]
            },
            headers=admin,
        )
        schema = schemathesis.openapi.from_dict(app.openapi())
        yield client, schema


CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _operation_labels() -> list[str]:
    from mkutano.api.settings import load_settings

    doc = create_app(load_settings({"db": ":memory:"}, environ={})).openapi()
    return [f"{m.upper()} {p}" for p, m, _ in _operations(doc)]


@pytest.mark.slow
@pytest.mark.parametrize("label", _operation_labels())
def test_generated_requests_get_no_5xx_and_conform(
    fuzz_app: tuple[TestClient, Any], label: str
) -> None:
    client, schema = fuzz_app
    method, path = label.split(" ", 1)
    operation = schema[path][method]
    keys = client.app.state.keys  # type: ignore[attr-defined]

    @given(case=operation.as_strategy(), role=st.sampled_from(["admin", "reader"]))
    @settings(
        max_examples=20,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    def run(case: Any, role: str) -> None:
        # A fresh key each time: generated DELETE /v1/keys/{id} calls may revoke earlier ones.
        token = keys.create(role)[1]
        kwargs = case.as_transport_kwargs(headers=bearer(token))
        kwargs.pop("app", None)
        kwargs.pop("base_url", None)
        response = client.request(**kwargs)
        case.validate_response(response, checks=CHECKS)

    run()
