"""Prometheus metrics of this server process (any key without a memory restriction)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from ..deps import MetricsDep, Reader, StoreDep
from ..errors import ApiError
from ..metrics import CONTENT_TYPE

router = APIRouter(tags=["health"])


@router.get(
    "/metrics",
    response_class=PlainTextResponse,
    summary="Prometheus metrics",
    responses={
        200: {
            "content": {
                "text/plain": {
                    "example": 'mkutano_http_requests_total{method="POST",route="/v1/suggest",'
                    'status="200"} 12\nmkutano_memory_units{memory="g7"} 60\n'
                }
            }
        }
    },
)
def metrics(key: Reader, store: StoreDep, collected: MetricsDep) -> PlainTextResponse:
    """Request counts and latencies per route, lookups, units per memory (any key without a
    memory restriction: the metrics name every memory)."""
    if key.memories is not None:
        raise ApiError(403, "forbidden", "metrics need a key without memory limits")
    units = {m.name: int(m.units) for m in store.list_memories()}
    return PlainTextResponse(collected.render(units), media_type=CONTENT_TYPE)
