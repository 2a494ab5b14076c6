"""Prometheus metrics of this server process (the metrics token, loopback if allowed, or any key
without a memory restriction)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import PlainTextResponse

from mkutano.api.deps import MetricsDep, MetricsScraper, StoreDep
from mkutano.api.metrics import CONTENT_TYPE

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
def metrics(_: MetricsScraper, store: StoreDep, collected: MetricsDep) -> PlainTextResponse:
    """Request counts and latencies per route, lookups, units per memory (the metrics token
    `MKUTANO_METRICS_TOKEN`, loopback with `MKUTANO_METRICS_LOOPBACK=true`, or any key without a
    memory restriction: the metrics name every memory)."""
    units = {m.name: int(m.units) for m in store.list_memories()}
    return PlainTextResponse(collected.render(units), media_type=CONTENT_TYPE)
