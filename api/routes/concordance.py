"""Concordance: a word or phrase in context, with its translations (``tm.concordance``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mkutano.api.deps import MetricsDep, Reader, SettingsDep, StoreDep, check_memories, check_text
from mkutano.api.schemas import ConcordanceRequest, ConcordanceResponse
from mkutano.tm.concordance import concordance

router = APIRouter(prefix="/v1", tags=["lookup"])


@router.post(
    "/concordance", response_model=ConcordanceResponse, summary="Find a phrase in the memories"
)
def find_phrase(
    body: ConcordanceRequest,
    key: Reader,
    store: StoreDep,
    settings: SettingsDep,
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Return every occurrence of the phrase in segments of `lang`, keyword in context, with the
    unit's translations (only `target_lang` when given)."""
    check_text(settings, body.phrase, "phrase")
    hits = concordance(
        store,
        body.phrase,
        lang=body.lang,
        target_lang=body.target_lang,
        memories=check_memories(key, body.memories),
        limit=body.limit,
        forms=body.forms,
    )
    metrics.count_lookup("concordance")
    return {"hits": [h.as_dict() for h in hits]}
