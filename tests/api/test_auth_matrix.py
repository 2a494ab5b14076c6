"""Authorisation over the role matrix, for EVERY route of the app.

The route list comes from ``app.routes``: a route missing from :data:`EXPECTED` fails
``test_every_route_is_in_the_matrix``, so a new route cannot ship without its authorisation test.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from fastapi.routing import APIRoute, iter_route_contexts
from fastapi.testclient import TestClient

from mkutano.api.app import create_app
from mkutano.api.settings import load_settings

from .conftest import bearer

ROLES = ("reader", "translator", "admin")
ENTRY = {"terms": [{"text": "mafia", "lang": "it"}, {"text": "mafia", "lang": "sw"}]}
UNIT = {"variants": [{"lang": "it", "text": "Il Gruppo."}, {"lang": "sw", "text": "Kundi."}]}


@dataclass
class Ctx:
    units: dict[str, int] = field(default_factory=dict)  # memory -> a unit id in it
    jobs: dict[str, str] = field(default_factory=dict)  # memory -> an import job id
    key_id: int = 0


Request = Callable[[Ctx, str], dict[str, Any]]  # (ctx, memory) -> client.request kwargs


def _lookup(body: dict[str, Any]) -> Request:
    return lambda ctx, m: {"json": {**body, "memories": [m]}}


def _url(template: str) -> Request:
    return lambda ctx, m: {
        "url": template.format(m=m, u=ctx.units.get(m, 1), j=ctx.jobs.get(m, "x"), k=ctx.key_id)
    }


def _with(request: Request, **extra: Any) -> Request:
    return lambda ctx, m: {**request(ctx, m), **extra}


#: (method, route template) -> (least role, restriction rule, request builder).
#: Rules: "open" (no key needed), "any" (memory restrictions do not apply), "memory" (a key
#: restricted to other memories gets 403), "unrestricted" (any memory-restricted key gets 403).
EXPECTED: dict[tuple[str, str], tuple[str | None, str, Request]] = {
    ("GET", "/healthz"): (None, "open", _url("/healthz")),
    ("GET", "/readyz"): (None, "open", _url("/readyz")),
    ("GET", "/metrics"): ("reader", "unrestricted", _url("/metrics")),
    # served behind a key unless MKUTANO_PUBLIC_DOCS=true (then FastAPI's own, open route)
    ("GET", "/openapi.json"): ("reader", "any", _url("/openapi.json")),
    ("POST", "/v1/suggest"): (
        "reader",
        "memory",
        _with(
            _lookup({"source_lang": "it", "target_lang": "sw", "text": "Il Gruppo."}),
            url="/v1/suggest",
        ),
    ),
    ("POST", "/v1/suggest/batch"): (
        "reader",
        "memory",
        _with(
            _lookup(
                {"source_lang": "it", "target_lang": "sw", "items": [{"id": "1", "text": "Il."}]}
            ),
            url="/v1/suggest/batch",
        ),
    ),
    ("POST", "/v1/concordance"): (
        "reader",
        "memory",
        _with(_lookup({"phrase": "Gruppo", "lang": "it"}), url="/v1/concordance"),
    ),
    ("POST", "/v1/terms"): (
        "reader",
        "any",
        lambda ctx, m: {"url": "/v1/terms", "json": {"text": "INTERPOL", "lang": "en"}},
    ),
    ("POST", "/v1/qa"): (
        "reader",
        "memory",
        lambda ctx, m: {
            "url": "/v1/qa",
            "json": {
                "source_lang": "it",
                "target_lang": "sw",
                "pairs": [{"id": "1", "source": "Il Gruppo.", "target": "Kundi."}],
                "memory": m,
            },
        },
    ),
    ("POST", "/v1/qa/document"): (
        "reader",
        "any",
        lambda ctx, m: {
            "url": "/v1/qa/document",
            "json": {"target_lang": "sw", "target_text": "Kundi."},
        },
    ),
    # QA profiles and suppressions per project (issue 21): projects are not memories, so "any"
    ("GET", "/v1/qa/projects/{project}/profile"): (
        "reader",
        "any",
        _url("/v1/qa/projects/cms/profile"),
    ),
    ("PUT", "/v1/qa/projects/{project}/profile"): (
        "admin",
        "any",
        _with(_url("/v1/qa/projects/cms/profile"), json={"checks": {"disable": ["tags"]}}),
    ),
    ("GET", "/v1/qa/projects/{project}/suppressions"): (
        "reader",
        "any",
        _url("/v1/qa/projects/cms/suppressions"),
    ),
    ("POST", "/v1/qa/projects/{project}/suppressions"): (
        "translator",
        "any",
        _with(
            _url("/v1/qa/projects/cms/suppressions"),
            json={"fingerprint": "0123456789abcdef", "why": "accepted"},
        ),
    ),
    ("DELETE", "/v1/qa/projects/{project}/suppressions/{fingerprint}"): (
        "admin",
        "any",
        _url("/v1/qa/projects/cms/suppressions/0123456789abcdef"),
    ),
    ("GET", "/v1/glossaries"): ("reader", "any", _url("/v1/glossaries")),
    ("POST", "/v1/glossaries"): (
        "admin",
        "unrestricted",
        lambda ctx, m: {"url": "/v1/glossaries", "json": {"name": f"new-{m}"}},
    ),
    ("GET", "/v1/glossaries/{gname}"): ("reader", "any", _url("/v1/glossaries/gl")),
    ("DELETE", "/v1/glossaries/{gname}"): ("admin", "unrestricted", _url("/v1/glossaries/gl")),
    ("GET", "/v1/glossaries/{gname}/entries"): ("reader", "any", _url("/v1/glossaries/gl/entries")),
    ("POST", "/v1/glossaries/{gname}/entries"): (
        "admin",
        "unrestricted",
        _with(_url("/v1/glossaries/gl/entries"), json=ENTRY),
    ),
    ("GET", "/v1/glossaries/{gname}/entries/{concept_id}"): (
        "reader",
        "any",
        _url("/v1/glossaries/gl/entries/c1"),
    ),
    ("PUT", "/v1/glossaries/{gname}/entries/{concept_id}"): (
        "admin",
        "unrestricted",
        _with(_url("/v1/glossaries/gl/entries/c1"), json=ENTRY),
    ),
    ("DELETE", "/v1/glossaries/{gname}/entries/{concept_id}"): (
        "admin",
        "unrestricted",
        _url("/v1/glossaries/gl/entries/c1"),
    ),
    ("POST", "/v1/glossaries/{gname}/import"): (
        "admin",
        "unrestricted",
        _with(_url("/v1/glossaries/gl/import?filename=g.csv"), content=b"it,sw\nmafia,mafia\n"),
    ),
    ("GET", "/v1/glossaries/{gname}/export"): ("reader", "any", _url("/v1/glossaries/gl/export")),
    ("POST", "/v1/analyze"): (
        "reader",
        "memory",
        lambda ctx, m: {
            "url": f"/v1/analyze?source_lang=it&target_lang=sw&memory={m}",
            "content": b"Il Gruppo.",
        },
    ),
    ("POST", "/v1/pretranslate"): (
        "reader",
        "memory",
        lambda ctx, m: {
            "url": f"/v1/pretranslate?source_lang=it&target_lang=sw&memory={m}",
            "content": b"Il Gruppo.",
        },
    ),
    ("GET", "/v1/memories"): ("reader", "any", _url("/v1/memories")),
    ("POST", "/v1/memories"): (
        "admin",
        "memory",
        lambda ctx, m: {"url": "/v1/memories", "json": {"name": m}},
    ),
    ("GET", "/v1/memories/{name}"): ("reader", "memory", _url("/v1/memories/{m}")),
    ("PUT", "/v1/memories/{name}"): (
        "admin",
        "memory",
        _with(_url("/v1/memories/{m}"), json={"priority": 1}),
    ),
    ("DELETE", "/v1/memories/{name}"): ("admin", "memory", _url("/v1/memories/{m}")),
    ("GET", "/v1/memories/{name}/units"): ("reader", "memory", _url("/v1/memories/{m}/units")),
    ("POST", "/v1/memories/{name}/units"): (
        "translator",
        "memory",
        _with(_url("/v1/memories/{m}/units"), json=UNIT),
    ),
    ("GET", "/v1/memories/{name}/units/{unit_id}"): (
        "reader",
        "memory",
        _url("/v1/memories/{m}/units/{u}"),
    ),
    ("PUT", "/v1/memories/{name}/units/{unit_id}"): (
        "translator",
        "memory",
        _with(_url("/v1/memories/{m}/units/{u}"), json=UNIT),
    ),
    ("PATCH", "/v1/memories/{name}/units/{unit_id}"): (
        "translator",
        "memory",
        _with(_url("/v1/memories/{m}/units/{u}"), json={"lang": "fr", "text": "La réunion."}),
    ),
    ("DELETE", "/v1/memories/{name}/units/{unit_id}"): (
        "admin",
        "memory",
        _url("/v1/memories/{m}/units/{u}"),
    ),
    ("POST", "/v1/memories/{name}/import"): (
        "admin",
        "memory",
        _with(_url("/v1/memories/{m}/import"), content=b"<tmx/>"),
    ),
    ("GET", "/v1/memories/{name}/export"): ("reader", "memory", _url("/v1/memories/{m}/export")),
    ("GET", "/v1/jobs/{job_id}"): ("admin", "memory", _url("/v1/jobs/{j}")),
    ("GET", "/v1/keys"): ("admin", "unrestricted", _url("/v1/keys")),
    ("POST", "/v1/keys"): (
        "admin",
        "unrestricted",
        _with(_url("/v1/keys"), json={"role": "reader"}),
    ),
    ("DELETE", "/v1/keys/{key_id}"): ("admin", "unrestricted", _url("/v1/keys/{k}")),
    # CAT-tool protocols (issue 20): lookups search the key's own memories, so "any"
    ("GET", "/v1/memories/{name}/export.tmx"): (
        "reader",
        "memory",
        _url("/v1/memories/{m}/export.tmx"),
    ),
    ("GET", "/v1/memories/{name}/export.tmx.gz"): (
        "reader",
        "memory",
        _url("/v1/memories/{m}/export.tmx.gz"),
    ),
    ("GET", "/v1/glossaries/{gname}/export.tbx"): (
        "reader",
        "any",
        _url("/v1/glossaries/gl/export.tbx"),
    ),
    ("GET", "/v1/glossaries/{gname}/export.txt"): (
        "reader",
        "any",
        _url("/v1/glossaries/gl/export.txt?source_lang=it&target_lang=sw"),
    ),
    **{
        ("GET", f"/apy{key}{path}"): ("reader", "any", _url(f"/apy{url_key}{url}"))
        for key, url_key in (("", ""), ("/key/{token}", "/key/{{token}}"))
        for path, url in (
            ("/translate", "/translate?q=Il%20Gruppo.&langpair=it|sw"),
            ("/listPairs", "/listPairs"),
        )
    },
    **{
        ("GET", f"{base}{path}"): ("reader", "any", _url(f"{base}{url}"))
        for base in ("/tmserver", "/api/v1")
        for path, url in (
            ("/languages/", "/languages/"),
            ("/{src}/{tgt}/unit/{text:path}", "/it/sw/unit/Il%20Gruppo."),
            ("/key/{token}/languages/", "/key/{{token}}/languages/"),
            ("/key/{token}/{src}/{tgt}/unit/{text:path}", "/key/{{token}}/it/sw/unit/Il%2FGruppo."),
        )
    },
    # the workbench: its page and assets are open (they hold no data), its work needs a key
    ("GET", "/"): (None, "open", _url("/")),
    ("GET", "/static/{asset}"): (None, "open", _url("/static/workbench.js")),
    ("GET", "/v1/workbench/me"): ("reader", "any", _url("/v1/workbench/me")),
    ("GET", "/v1/workbench/work"): ("reader", "any", _url("/v1/workbench/work")),
    ("POST", "/v1/workbench/work"): (
        "reader",
        "memory",
        lambda ctx, m: {
            "url": f"/v1/workbench/work?memory={m}&source_lang=it&target_lang=sw",
            "content": b"Il Gruppo.",
        },
    ),
    ("GET", "/v1/workbench/work/{work_id}"): ("reader", "any", _url("/v1/workbench/work/w1")),
    ("PUT", "/v1/workbench/work/{work_id}/segments/{index}"): (
        "translator",
        "any",
        _with(_url("/v1/workbench/work/w1/segments/0"), json={"target": "Kundi."}),
    ),
    ("POST", "/v1/workbench/work/{work_id}/segments/{index}/confirm"): (
        "translator",
        "any",
        _with(_url("/v1/workbench/work/w1/segments/0/confirm"), json={"target": "Kundi."}),
    ),
    ("GET", "/v1/workbench/work/{work_id}/download"): (
        "reader",
        "any",
        _url("/v1/workbench/work/w1/download"),
    ),
}

_DOC_ROUTES = {"/openapi.json", "/docs", "/docs/oauth2-redirect", "/redoc"}


def _app_routes() -> set[tuple[str, str]]:
    app = create_app(load_settings({"db": ":memory:"}, environ={}))
    found = set()
    for ctx in iter_route_contexts(app.routes):
        if isinstance(ctx.original_route, APIRoute):
            for method in ctx.methods or ():
                found.add((method, ctx.path))
        else:
            assert ctx.path in _DOC_ROUTES, f"unexpected non-API route {ctx.path}"
    return found


def test_every_route_is_in_the_matrix() -> None:
    routes = _app_routes()
    assert routes - set(EXPECTED) == set(), "routes without an authorisation test"
    assert set(EXPECTED) - routes == set(), "matrix rows for routes that no longer exist"


def test_documentation_routes_can_be_opened(tmp_path: Path) -> None:
    app = create_app(load_settings({"db": str(tmp_path / "d.db"), "public_docs": True}, environ={}))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/openapi.json").status_code == 200
        assert client.get("/docs").status_code == 200


def _setup(client: TestClient, tokens: dict[str, str]) -> Ctx:
    ctx = Ctx()
    admin = bearer(tokens["admin"])
    app = client.app
    for m in ("g7", "other"):
        assert client.post("/v1/memories", json={"name": m}, headers=admin).status_code == 201
        r = client.post(f"/v1/memories/{m}/units", json=UNIT, headers=admin)
        ctx.units[m] = r.json()["id"]
        job = app.state.jobs.submit("import-tmx", m, lambda progress: {"added": 0})  # type: ignore[attr-defined]
        ctx.jobs[m] = job.id
    client.post("/v1/glossaries", json={"name": "gl"}, headers=admin)
    client.post("/v1/glossaries/gl/entries", json={**ENTRY, "id": "c1"}, headers=admin)
    ctx.key_id = app.state.keys.create("reader")[0].id  # type: ignore[attr-defined]
    return ctx


def _call(
    client: TestClient, method: str, request: Request, ctx: Ctx, memory: str, token: str | None
) -> int:
    kwargs = request(ctx, memory)
    if "{token}" in kwargs["url"]:  # a key carried in the path (tmserver clients), not a header
        kwargs["url"] = kwargs["url"].replace("{token}", token or "none")
        token = None
    headers = bearer(token) if token else {}
    return client.request(method, headers=headers, **kwargs).status_code


@pytest.mark.parametrize(("method", "path"), sorted(EXPECTED))
def test_route_authorisation(
    client: TestClient, tokens: dict[str, str], method: str, path: str
) -> None:
    least, rule, request = EXPECTED[(method, path)]
    ctx = _setup(client, tokens)
    if rule == "open":
        assert _call(client, method, request, ctx, "g7", None) == 200
        return
    assert least is not None
    bad = tokens["reader"] + "x"
    assert _call(client, method, request, ctx, "g7", None) == 401, "no key"
    assert _call(client, method, request, ctx, "g7", bad) == 401, "unknown key"
    rank = ROLES.index(least)
    for role in ROLES[:rank]:
        assert _call(client, method, request, ctx, "g7", tokens[role]) == 403, role
        assert _call(client, method, request, ctx, "g7", tokens[f"{role}@g7"]) == 403, role
    # restricted keys with enough role
    for role in ROLES[rank:]:
        restricted = tokens[f"{role}@g7"]
        status = _call(client, method, request, ctx, "other", restricted)
        if rule in ("memory", "unrestricted"):
            assert status == 403, f"{role}@g7 on memory 'other'"
        else:
            assert status not in (401, 403), f"{role}@g7: {status}"
        status = _call(client, method, request, ctx, "g7", restricted)
        if rule == "unrestricted":
            assert status == 403, f"{role}@g7 managing keys"
        else:
            assert status not in (401, 403), f"{role}@g7 on its own memory: {status}"
    # unrestricted keys with enough role (destructive calls may then find nothing: 404 is fine)
    for role in ROLES[rank:]:
        status = _call(client, method, request, ctx, "other", tokens[role])
        assert status not in (401, 403), f"{role}: {status}"
        assert status < 500, f"{role}: {status}"


def test_documentation_is_closed_by_default(tmp_path: Path) -> None:
    app = create_app(load_settings({"db": str(tmp_path / "d.db")}, environ={}))
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get("/openapi.json").status_code == 401
        assert client.get("/docs").status_code == 404
        token = app.state.keys.create("reader")[1]
        r = client.get("/openapi.json", headers=bearer(token))
        assert r.status_code == 200
        assert "/v1/suggest" in r.json()["paths"]
        assert "/openapi.json" not in r.json()["paths"]


def _scrape_client(tmp_path: Path, peer: str, **settings: Any) -> TestClient:
    app = create_app(load_settings({"db": str(tmp_path / "m.db"), **settings}, environ={}))
    return TestClient(app, raise_server_exceptions=False, client=(peer, 40000))


def test_metrics_token_opens_metrics_and_nothing_else(tmp_path: Path) -> None:
    scraper = bearer("scrape-" + "s" * 32)
    with _scrape_client(tmp_path, "192.0.2.7", metrics_token="scrape-" + "s" * 32) as client:
        r = client.get("/metrics", headers=scraper)
        assert r.status_code == 200
        assert "mkutano_http_requests_total" in r.text
        # the token is no API key: every other route still refuses it
        assert client.get("/v1/memories", headers=scraper).status_code == 401
        assert client.get("/openapi.json", headers=scraper).status_code == 401
        # a near miss is refused, and without a token the usual key rules hold
        assert client.get("/metrics", headers=bearer("scrape-" + "s" * 31)).status_code == 401
        assert client.get("/metrics").status_code == 401
        restricted = client.app.state.keys.create("reader", memories=["g7"])[1]  # type: ignore[attr-defined]
        assert client.get("/metrics", headers=bearer(restricted)).status_code == 403


def test_metrics_without_a_token_setting_need_a_key(tmp_path: Path) -> None:
    # an empty token setting never matches, not even an empty bearer value
    with _scrape_client(tmp_path, "192.0.2.7") as client:
        assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 401
        assert client.get("/metrics").status_code == 401


@pytest.mark.parametrize(
    ("peer", "allowed", "status"),
    [
        ("127.0.0.1", True, 200),
        ("::1", True, 200),
        ("192.0.2.7", True, 401),
        ("127.0.0.1", False, 401),
    ],
)
def test_metrics_loopback_setting_opens_metrics_to_loopback_only(
    tmp_path: Path, peer: str, allowed: bool, status: int
) -> None:
    with _scrape_client(tmp_path, peer, metrics_loopback=allowed) as client:
        assert client.get("/metrics").status_code == status
        # loopback opens the metrics, no other route
        assert client.get("/v1/memories").status_code == 401


def test_a_key_restricted_to_one_memory_cannot_remove_the_glossary_every_memory_uses(
    client: TestClient, tokens: dict[str, str]
) -> None:
    admin = bearer(tokens["admin"])
    restricted = bearer(tokens["admin@g7"])
    assert client.post("/v1/glossaries", json={"name": "shared"}, headers=admin).status_code == 201
    entry = {**ENTRY, "id": "c1"}
    assert (
        client.post("/v1/glossaries/shared/entries", json=entry, headers=admin).status_code == 201
    )
    r = client.delete("/v1/glossaries/shared", headers=restricted)
    assert r.status_code == 403
    assert "without memory limits" in r.json()["error"]["message"]
    r = client.put("/v1/glossaries/shared/entries/c1", json=ENTRY, headers=restricted)
    assert r.status_code == 403
    # the glossary and its entry are untouched, and a restricted key still reads them
    r = client.get("/v1/glossaries/shared/entries/c1", headers=restricted)
    assert r.status_code == 200
    assert r.json()["terms"][0]["text"] == "mafia"
    assert client.delete("/v1/glossaries/shared", headers=admin).status_code == 204
