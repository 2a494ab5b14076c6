"""Route registration shared by the CAT-tool protocols (``tmserver``, ``apy``)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from fastapi import APIRouter

from mkutano.api.deps import PATH_KEY_PARAMETER

Route = tuple[str, Callable[..., Any], str, dict[int | str, dict[str, Any]]]


def add_routes(
    router: APIRouter,
    prefix: str,
    routes: Sequence[Route],
    *,
    title: str,
    extra: dict[str, Any] | None = None,
) -> None:
    """Register each ``(path, endpoint, summary, responses)`` as ``GET {prefix}{path}`` and
    ``GET {prefix}/key/{token}{path}``: these clients are often given a URL and nothing else, so
    the key may ride in it (``CatReader`` reads it from there)."""
    for key, openapi in (("", extra), ("/key/{token}", {"parameters": [PATH_KEY_PARAMETER]})):
        where = " (key in the path)" if key else ""
        for path, endpoint, what, responses in routes:
            router.add_api_route(
                f"{prefix}{key}{path}",
                endpoint,
                methods=["GET"],
                summary=f"{title}: {what}{where}",
                responses=responses,
                openapi_extra=openapi,
            )
