"""Open endpoints: liveness and readiness."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from mkutano.api.deps import get_store
from mkutano.api.errors import ApiError
from mkutano.api.schemas import ErrorResponse, HealthResponse, ReadyResponse

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=HealthResponse, summary="Liveness: the process answers")
async def healthz() -> dict[str, str]:
    """Answer 200 while the process runs; touches nothing else. Open (no key)."""
    return {"status": "ok"}


@router.get(
    "/readyz",
    response_model=ReadyResponse,
    summary="Readiness: the store is reachable",
    responses={503: {"model": ErrorResponse, "description": "The store cannot be reached."}},
)
def readyz(store: Annotated[Any, Depends(get_store)]) -> dict[str, object]:
    """Answer 200 when the store answers a query, else 503. Open (no key)."""
    try:
        memories = store.list_memories()
    except Exception as exc:  # any failure means "not ready"; the reason goes to the client
        raise ApiError(503, "unavailable", f"store not reachable: {exc}") from exc
    return {"status": "ready", "memories": len(memories)}
