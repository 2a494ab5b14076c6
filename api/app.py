"""The FastAPI application: :func:`create_app` builds it from :class:`Settings`.

Nothing connects at import time: the store, the key table and the job runner are opened in the
application's lifespan and closed when it stops. Every route lives under ``/v1`` except the open
health endpoints (``/healthz``, ``/readyz``), ``/metrics``, the CAT-tool protocols
(``/tmserver`` and ``/api/v1`` for tmserver/amaGama clients, ``/apy`` for Apertium APy clients) and
the translators' workbench page at ``/`` (:mod:`api.web`; its own work lives under
``/v1/workbench``).
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.metadata import PackageNotFoundError, version
from types import ModuleType
from typing import Any

from fastapi import Depends, FastAPI
from fastapi.middleware.cors import CORSMiddleware

from mkutano.glossaries import open_glossary_store
from mkutano.glossaries.qa.projects import QAProjects
from mkutano.tm.db import open_database

from .auth import KeyStore
from .deps import Reader, refuse_control_characters
from .errors import install_error_handlers
from .jobs import JobRunner
from .metrics import Metrics
from .middleware import BodyLimitMiddleware, RequestContextMiddleware, SecurityHeadersMiddleware
from .routes import (
    apy,
    concordance,
    documents,
    export,
    feed,
    glossaries,
    health,
    imports,
    jobs,
    keys,
    memories,
    metrics,
    qa,
    suggest,
    terms,
    tmserver,
    units,
)
from .schemas import ErrorResponse
from .settings import Settings
from .web import WorkStore
from .web import router as web_router

__all__ = ["ROUTE_MODULES", "create_app", "open_resources"]

#: Route modules, in the order their resources appear in the documentation. A new resource is
#: one more module with a ``router`` here; ``tests/api/test_auth_matrix.py`` then asks for its row.
ROUTE_MODULES: tuple[ModuleType, ...] = (
    health,
    metrics,
    suggest,
    concordance,
    terms,
    qa,
    documents,
    memories,
    units,
    imports,
    export,
    glossaries,
    jobs,
    keys,
    feed,
    tmserver,
    apy,
)

_UPLOAD_PATH = re.compile(r"^/v1/(memories|glossaries)/[^/]+/import$")

_ERROR_CONTENT = {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}}
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorResponse, "content": _ERROR_CONTENT, "description": text}
    for status, text in (
        (401, "No API key, or an unknown or revoked one."),
        (403, "The key's role or memories do not allow it."),
        (404, "A memory, unit, glossary or job not found."),
        (409, "A name taken, or a read-only memory."),
        (413, "The request body is over the size limit."),
        (422, "The request is not valid (see details)."),
        (503, "The store is not reachable."),
    )
}
_OPEN_ERRORS: dict[int | str, dict[str, Any]] = {
    k: v for k, v in _ERRORS.items() if k in (413, 422, 503)
}

_DESCRIPTION = """\
Translation memory and terminology for Italian, English and Swahili.

Every `/v1` route needs an API key (`mkutano keys create --role ROLE`) sent as
`Authorization: Bearer KEY`. Roles: **reader** (suggest, concordance, terms, QA, exports),
**translator** (+ add and update units), **admin** (+ imports, deletes, memories, glossaries,
keys). A key may be restricted to named memories. Errors always have the shape
`{"error": {"code", "message", "details"}}` and every answer carries an `X-Request-ID` header.
"""


def _package_version() -> str:
    try:
        return version("mkutano")
    except PackageNotFoundError:  # running from a source tree that was not installed
        return "0"


def open_resources(settings: Settings, store: Any = None) -> dict[str, Any]:
    """Open the store (unless given) and what lives beside it in its database, by name.

    Keys and jobs live in the store's own database (``store.db``); a store without one (the
    in-memory store of tests) keeps them in the database named by ``settings.db``.
    """
    owned = store is None
    if store is None:
        from mkutano.tm import open_store

        store = open_store(settings.db)
    try:
        db = getattr(store, "db", None) or open_database(settings.db)
        resources: dict[str, Any] = {
            "store": store,
            "glossaries": open_glossary_store(db),  # shares the store's database
            "keys": KeyStore(db),
            "jobs": JobRunner(db),
            "works": WorkStore(db),
            "qa_projects": QAProjects(db),
            "owned": owned,
        }
    except BaseException:
        if owned:
            store.close()
        raise
    return resources


def create_app(settings: Settings, *, store: Any = None) -> FastAPI:
    """Build the application; the store named by ``settings.db`` is opened when it starts.

    ``store``: an already open store to serve instead (tests); the caller closes it.
    """
    counters = Metrics()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        resources = open_resources(settings, store)
        for name, value in resources.items():
            setattr(app.state, name, value)
        try:
            yield
        finally:
            resources["jobs"].close()
            if resources["owned"]:
                resources["store"].close()

    public = settings.public_docs
    app = FastAPI(
        title="mkutano",
        version=_package_version(),
        description=_DESCRIPTION,
        lifespan=lifespan,
        openapi_url="/openapi.json" if public else None,
        docs_url="/docs" if public else None,
        redoc_url="/redoc" if public else None,
        dependencies=[Depends(refuse_control_characters)],
    )
    app.state.settings = settings
    app.state.metrics = counters
    install_error_handlers(app)
    if not public:

        @app.get("/openapi.json", include_in_schema=False)
        def openapi_document(key: Reader) -> dict[str, Any]:
            """The OpenAPI document, for any valid key (``public_docs`` is off)."""
            return app.openapi()

    for module in ROUTE_MODULES:
        responses = _OPEN_ERRORS if module is health else _ERRORS
        app.include_router(module.router, responses=responses)
    app.include_router(web_router, responses=_ERRORS)

    def limit_for(path: str) -> int:
        return settings.max_upload_bytes if _UPLOAD_PATH.match(path) else settings.max_body_bytes

    app.add_middleware(BodyLimitMiddleware, limit_for=limit_for)
    origins = [o.strip() for o in settings.cors_origins.split(",") if o.strip()]
    if origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=origins,
            allow_methods=["GET", "POST", "PUT", "PATCH", "DELETE"],
            allow_headers=["Authorization", "Content-Type", "If-Match", "X-Request-ID"],
            expose_headers=["X-Request-ID", "Location", "ETag"],
        )
    app.add_middleware(SecurityHeadersMiddleware)
    app.add_middleware(RequestContextMiddleware, metrics=counters)
    return app
