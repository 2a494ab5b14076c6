"""FastAPI dependencies shared by the routes: the caller's key, role checks, the open resources."""

from __future__ import annotations

import hmac
import ipaddress
import json
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Annotated, Any

from fastapi import Depends, Path, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from mkutano.tm.errors import InvalidInputError
from mkutano.tm.prepared import date_bound

from .auth import ApiKey, KeyStore, Role
from .errors import ApiError
from .jobs import JobRunner
from .metrics import Metrics
from .settings import Settings

__all__ = [
    "PATH_KEY_PARAMETER",
    "Admin",
    "BearerCredentials",
    "CatReader",
    "GlossaryAdmin",
    "MemoryName",
    "MetricsDep",
    "MetricsScraper",
    "Reader",
    "SettingsDep",
    "StoreDep",
    "Translator",
    "authenticate",
    "bearer_token",
    "check_batch",
    "check_date",
    "check_memories",
    "check_memory",
    "check_text",
    "check_threshold",
    "get_glossaries",
    "get_jobs",
    "get_keys",
    "get_metrics",
    "get_qa_projects",
    "get_settings",
    "get_store",
    "refuse_control_characters",
    "require",
]

_bearer = HTTPBearer(
    auto_error=False,
    description="An API key from `mkutano keys create`, sent as `Authorization: Bearer KEY`.",
)


def get_settings(request: Request) -> Settings:
    settings: Settings = request.app.state.settings
    return settings


def get_store(request: Request) -> Any:
    return request.app.state.store


def get_keys(request: Request) -> KeyStore:
    keys: KeyStore = request.app.state.keys
    return keys


def get_glossaries(request: Request) -> Any:
    return request.app.state.glossaries


def get_qa_projects(request: Request) -> Any:
    return request.app.state.qa_projects


def get_jobs(request: Request) -> JobRunner:
    jobs: JobRunner = request.app.state.jobs
    return jobs


def get_metrics(request: Request) -> Metrics:
    metrics: Metrics = request.app.state.metrics
    return metrics


_UNAUTHORIZED_HEADERS = {"WWW-Authenticate": "Bearer"}


def authenticate(request: Request, token: str | None, role: Role) -> ApiKey:
    """The live key whose token this is, if it has at least ``role``; else 401 or 403.

    Used by :func:`require` (bearer header) and by the CAT-tool routes, whose clients can only
    carry the token in the path or the query string.
    """
    if not token:
        raise ApiError(
            401,
            "unauthorized",
            "missing API key: send 'Authorization: Bearer KEY' (create one with "
            "`mkutano keys create`)",
            headers=_UNAUTHORIZED_HEADERS,
        )
    key = get_keys(request).authenticate(token)
    if key is None:
        raise ApiError(
            401,
            "unauthorized",
            "unknown or revoked API key (create one with `mkutano keys create`)",
            headers=_UNAUTHORIZED_HEADERS,
        )
    if not key.allows(role):
        raise ApiError(
            403,
            "forbidden",
            f"this key has role {key.role.value!r}; this operation needs {role.value!r}",
        )
    request.scope.setdefault("state", {})["key_id"] = key.id
    return key


def bearer_token(credentials: HTTPAuthorizationCredentials | None) -> str | None:
    """The token of an ``Authorization: Bearer`` header, or None."""
    if credentials is None or credentials.scheme.lower() != "bearer":
        return None
    return credentials.credentials


BearerCredentials = Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)]


def require(role: Role) -> Callable[..., ApiKey]:
    """A dependency that authenticates the bearer key and checks it has at least ``role``."""

    def dependency(request: Request, credentials: BearerCredentials) -> ApiKey:
        return authenticate(request, bearer_token(credentials), role)

    dependency.__name__ = f"require_{role.value}"
    return dependency


def _glossary_admin(request: Request, credentials: BearerCredentials) -> ApiKey:
    """An admin key without memory limits: the one rule for changing glossaries.

    Glossaries belong to no memory: QA, term lookups and exports of every memory use them (all of
    them when a request names none). A key restricted to some memories therefore may read them,
    but may not create, change, import into or delete one, since that would change the checks of
    memories it has no right to.
    """
    key = authenticate(request, bearer_token(credentials), Role.ADMIN)
    if key.memories is not None:
        raise ApiError(
            403,
            "forbidden",
            "glossaries are shared by every memory's QA and term lookups: changing one needs an "
            "admin key without memory limits",
        )
    return key


def _cat_reader(request: Request, credentials: BearerCredentials) -> ApiKey:
    # CAT tools are given a URL and maybe a key field: the key comes in the path
    # (/tmserver/key/{token}/...), as ?key= (Apertium APy), or as the usual bearer header
    token = (
        request.path_params.get("token")
        or request.query_params.get("key")
        or bearer_token(credentials)
    )
    return authenticate(request, token, Role.READER)


def _from_loopback(request: Request) -> bool:
    host = request.client.host if request.client is not None else ""
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _metrics_scraper(request: Request, credentials: BearerCredentials) -> None:
    """Let a scraper read ``/metrics``: with ``metrics_token``, from loopback when
    ``metrics_loopback`` is on, or with an API key without memory limits (they name every memory)."""
    settings = get_settings(request)
    token = bearer_token(credentials)
    expected = settings.metrics_token
    if expected and token is not None and hmac.compare_digest(token.encode(), expected.encode()):
        return
    if settings.metrics_loopback and token is None and _from_loopback(request):
        return
    key = authenticate(request, token, Role.READER)
    if key.memories is not None:
        raise ApiError(403, "forbidden", "metrics need a key without memory limits")


#: The OpenAPI description of the ``{token}`` of the ``/key/{token}/`` routes (read by CatReader).
PATH_KEY_PARAMETER: dict[str, Any] = {
    "name": "token",
    "in": "path",
    "required": True,
    "description": "An API key, for clients that can only be given a URL (Weblate).",
    "schema": {"type": "string", "maxLength": 200, "examples": ["mk_..."]},
}


def check_memory(key: ApiKey, name: str) -> None:
    """403 unless ``key`` may use memory ``name``."""
    if not key.can_use_memory(name):
        raise ApiError(403, "forbidden", f"this key is restricted to other memories than {name!r}")


def check_memories(key: ApiKey, names: Sequence[str] | None) -> list[str] | None:
    """The memories a lookup may search: those asked for (each allowed) or all the key's."""
    if names is None:
        return list(key.memories) if key.memories is not None else None
    for name in names:
        check_memory(key, name)
    return list(names)


#: Characters XML 1.0 cannot carry (C0 controls but tab, newline and carriage return; U+FFFE and
#: U+FFFF): a text holding one could be stored but not exported, so the round trip would lose it.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _refuse_characters(text: str, where: str) -> None:
    bad = _NOT_XML.search(text)
    if bad is not None:
        raise ApiError(
            422,
            "invalid_character",
            f"{where}: character U+{ord(bad.group()):04X} at position {bad.start()} cannot be "
            "stored in a translation memory (control characters other than tab and newline are "
            "not allowed in XML); remove it",
            {"field": where, "position": bad.start(), "character": f"U+{ord(bad.group()):04X}"},
        )


def _strings(value: Any, where: str) -> Iterator[tuple[str, str]]:
    """Every string in a decoded JSON value, with its dotted path (``variants.0.text``)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(v, f"{where}.{k}" if where else str(k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _strings(v, f"{where}.{i}" if where else str(i))


#: How a control character can appear in a valid JSON text: escaped (raw ones are invalid JSON).
_JSON_CONTROL_ESCAPE = re.compile(rb"\\u|\\[bf]")


async def refuse_control_characters(request: Request) -> None:
    """422 naming the field when any text of a request (JSON body, query or path parameter) holds
    a control character other than tab, newline and carriage return, or U+FFFE/U+FFFF.

    The one check for every free-text field (names, project, override_reason, glossary terms and
    notes, texts), applied to every route before its own validation: such a character could be
    stored but not exported as XML, and a NUL breaks PostgreSQL's text type.
    """
    for name, value in request.path_params.items():
        if isinstance(value, str):
            _refuse_characters(value, name)
    for name, value in request.query_params.multi_items():
        _refuse_characters(value, name)
    route = request.scope.get("route")
    if getattr(route, "body_field", None) is None or "json" not in request.headers.get(
        "content-type", ""
    ):
        return  # no JSON model: uploads stream their body to a file, never read here
    body = await request.body()  # read and kept by FastAPI for the route's model: no second read
    if not _JSON_CONTROL_ESCAPE.search(body):
        return
    try:
        decoded = json.loads(body)
    except ValueError:
        return  # FastAPI's own validation answers malformed JSON
    for where, text in _strings(decoded, ""):
        _refuse_characters(text, where or "body")


def check_text(settings: Settings, text: str | None, where: str) -> None:
    """422 when ``text`` holds a character TMX cannot carry, or is longer than
    ``max_segment_chars``."""
    if text is not None:
        _refuse_characters(text, where)
    if text is not None and len(text) > settings.max_segment_chars:
        raise ApiError(
            422,
            "segment_too_long",
            f"{where}: {len(text)} characters, over the limit of {settings.max_segment_chars} "
            "(split the text into segments, or raise MKUTANO_MAX_SEGMENT_CHARS)",
            {"field": where, "length": len(text), "limit": settings.max_segment_chars},
        )


def check_threshold(settings: Settings, threshold: float, where: str = "threshold") -> None:
    """422 when a lookup asks for a fuzzy threshold under ``min_threshold``."""
    if threshold < settings.min_threshold:
        raise ApiError(
            422,
            "threshold_too_low",
            f"{where}: {threshold:g} is under the lowest threshold this server accepts, "
            f"{settings.min_threshold:g} (ask for a higher one, or raise MKUTANO_MIN_THRESHOLD)",
            {"field": where, "value": threshold, "limit": settings.min_threshold},
        )


def check_date(value: str | None, where: str) -> str | None:
    """422 naming the parameter when ``value`` is not a real date (``2024-13-45``)."""
    if value is None:
        return None
    try:
        date_bound(value, upper=False)
    except InvalidInputError as exc:
        raise ApiError(422, "invalid_date", f"{where}: {exc}", {"field": where}) from None
    return value


def check_batch(settings: Settings, n: int, where: str) -> None:
    """422 when a request carries more than ``max_batch`` items."""
    if n > settings.max_batch:
        raise ApiError(
            422,
            "batch_too_large",
            f"{where}: {n} items, over the limit of {settings.max_batch} per request "
            "(send several requests, or raise MKUTANO_MAX_BATCH)",
            {"field": where, "count": n, "limit": settings.max_batch},
        )


Reader = Annotated[ApiKey, Depends(require(Role.READER))]
Translator = Annotated[ApiKey, Depends(require(Role.TRANSLATOR))]
Admin = Annotated[ApiKey, Depends(require(Role.ADMIN))]
GlossaryAdmin = Annotated[ApiKey, Depends(_glossary_admin)]
CatReader = Annotated[ApiKey, Depends(_cat_reader)]
MetricsScraper = Annotated[None, Depends(_metrics_scraper)]
#: A name in a path: any characters but control characters (NUL included), which no stored name
#: has; names created over the API are stricter still (``MemoryCreateRequest``).
NAME_PATTERN = r"^[^\x00-\x1f\x7f]+$"
MemoryName = Annotated[
    str,
    Path(
        description="The memory's name.",
        examples=["g7"],
        min_length=1,
        max_length=100,
        pattern=NAME_PATTERN,
    ),
]
StoreDep = Annotated[Any, Depends(get_store)]
SettingsDep = Annotated[Settings, Depends(get_settings)]
MetricsDep = Annotated[Metrics, Depends(get_metrics)]
