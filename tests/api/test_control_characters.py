"""Control characters are refused with 422 naming the field, in every text a request carries.

The fields come from the OpenAPI document itself: every string in every JSON request example and
every string query parameter, so a new field is covered the day it is added.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from .conftest import bearer

METHODS = ("get", "post", "put", "delete", "patch")
BAD = "a\x01b"


def _resolve(doc: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    ref = schema.get("$ref")
    return dict(doc["components"]["schemas"][ref.rsplit("/", 1)[-1]]) if ref else schema


def _example(doc: dict[str, Any], media: dict[str, Any]) -> Any:
    if "example" in media:
        return media["example"]
    schema = _resolve(doc, media.get("schema", {}))
    examples = schema.get("examples") or []
    return copy.deepcopy(examples[0]) if examples else None


def _allows_string(doc: dict[str, Any], schema: dict[str, Any]) -> bool:
    options = [_resolve(doc, o) for o in schema.get("anyOf", [schema])]
    return any(o.get("type") == "string" and "enum" not in o for o in options)


def _filled(doc: dict[str, Any], schema: dict[str, Any], value: Any) -> Any:
    """``value`` with every optional text the schema allows but the example leaves out (None or
    missing) set to a string, so the walk covers it too."""
    schema = _resolve(doc, schema)
    for option in schema.get("anyOf", []):
        option = _resolve(doc, option)
        if option.get("type") in ("object", "array"):
            schema = option
    if isinstance(value, dict):
        props = schema.get("properties", {})
        for name, prop in props.items():
            if value.get(name) is None and _allows_string(doc, prop) and name != "lang":
                value[name] = "x"
            elif name in value:
                value[name] = _filled(doc, prop, value[name])
    elif isinstance(value, list) and "items" in schema:
        return [_filled(doc, schema["items"], v) for v in value]
    return value


def _string_paths(value: Any, where: tuple[str | int, ...] = ()) -> Iterator[tuple[Any, ...]]:
    if isinstance(value, str):
        yield where
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _string_paths(v, (*where, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _string_paths(v, (*where, i))


def _replaced(value: Any, where: tuple[Any, ...]) -> Any:
    changed = copy.deepcopy(value)
    node = changed
    for step in where[:-1]:
        node = node[step]
    node[where[-1]] = BAD
    return changed


def _cases(doc: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any], str]]:
    """(method, url, request kwargs, the field the answer must name)."""
    for template, item in doc["paths"].items():
        url = re.sub(r"\{[^}]+\}", "1", template)
        for method in METHODS:
            op = item.get(method)
            if op is None:
                continue
            for param in op.get("parameters", []):
                if param["in"] == "query" and param.get("schema", {}).get("type") == "string":
                    name = param["name"]
                    yield method, url, {"params": {name: BAD}}, name
            media = op.get("requestBody", {}).get("content", {}).get("application/json")
            example = _example(doc, media) if media else None
            if media is not None:
                example = _filled(doc, media.get("schema", {}), example)
            for where in _string_paths(example):
                body = _replaced(example, where)
                yield method, url, {"json": body}, ".".join(str(s) for s in where)


@pytest.fixture(scope="module")
def module_client(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    from mkutano.api.app import create_app
    from mkutano.api.settings import load_settings

    db = str(tmp_path_factory.mktemp("ctl") / "c.db")
    with TestClient(create_app(load_settings({"db": db}, environ={}))) as client:
        yield client


def test_every_text_field_refuses_control_characters(module_client: TestClient) -> None:
    app: Any = module_client.app
    admin = bearer(app.state.keys.create("admin")[1])
    doc = app.openapi()
    failures: list[str] = []
    fields: set[str] = set()
    for method, url, kwargs, field in _cases(doc):
        r = module_client.request(method.upper(), url, headers=admin, **kwargs)
        fields.add(field.rsplit(".", 1)[-1])
        body = r.json() if r.headers.get("content-type", "").startswith("application/json") else {}
        error = body.get("error") or {}
        if r.status_code != 422 or error.get("code") != "invalid_character":
            failures.append(f"{method.upper()} {url} {field}: {r.status_code} {error}")
        elif error["details"]["field"] != field or not error["message"].startswith(field):
            failures.append(f"{method.upper()} {url} {field}: named {error['details']['field']}")
    assert not failures, "\n".join(failures)
    # the fields the issue named, among the many walked
    assert {"project", "override_reason", "text", "description", "note"} <= fields
    assert len(fields) > 20


def test_tab_and_newline_are_texts_like_any_other(module_client: TestClient) -> None:
    app: Any = module_client.app
    admin = bearer(app.state.keys.create("admin")[1])
    r = module_client.post(
        "/v1/glossaries", json={"name": "ok", "description": "a\tb\nc"}, headers=admin
    )
    assert r.status_code == 201
    assert r.json()["description"] == "a\tb\nc"


def test_a_control_character_in_a_path_is_refused_naming_the_parameter(
    module_client: TestClient,
) -> None:
    app: Any = module_client.app
    admin = bearer(app.state.keys.create("admin")[1])
    r = module_client.get("/v1/glossaries/gl/entries/c%01d", headers=admin)
    assert r.status_code == 422
    assert r.json()["error"]["details"]["field"] == "concept_id"
