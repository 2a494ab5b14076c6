"""Suggestions: one segment, or a batch of segments with their neighbours (``tm.match``)."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter

from mkutano.api.deps import (
    MetricsDep,
    Reader,
    SettingsDep,
    StoreDep,
    check_batch,
    check_memories,
    check_text,
    check_threshold,
)
from mkutano.api.schemas import (
    SuggestBatchRequest,
    SuggestBatchResponse,
    SuggestRequest,
    SuggestResponse,
)
from mkutano.tm.match import suggest, suggest_batch
from mkutano.tmx import parse_tagged

router = APIRouter(prefix="/v1", tags=["lookup"])


@router.post(
    "/suggest", response_model=SuggestResponse, summary="Suggest translations of a segment"
)
def suggest_one(
    body: SuggestRequest, key: Reader, store: StoreDep, settings: SettingsDep, metrics: MetricsDep
) -> dict[str, Any]:
    """Return the best matches (exact, context, fuzzy, pivot) for one segment, best first; when
    none reaches the threshold, subsegment matches (unless `subsegments` is false).

    The fields of each match are those of `mkutano suggest --json`. `text` may hold TMX inline
    elements: the target then carries the query's own tags where the memory's were."""
    for where, text in (("text", body.text), ("prev", body.prev), ("next", body.next)):
        check_text(settings, text, where)
    check_threshold(settings, body.threshold)
    matches = suggest(
        store,
        parse_tagged(body.text, markup=body.markup, field="text"),
        source_lang=body.source_lang,
        target_lang=body.target_lang,
        prev=body.prev,
        next=body.next,
        context_key=body.context_key,
        threshold=body.threshold,
        limit=body.limit,
        memories=check_memories(key, body.memories),
        penalties=settings.penalty_policy(),
        subsegments=body.subsegments,
    )
    metrics.count_lookup("suggest")
    return {"matches": [m.as_dict() for m in matches]}


@router.post(
    "/suggest/batch",
    response_model=SuggestBatchResponse,
    summary="Suggest translations of several segments",
)
def suggest_many(
    body: SuggestBatchRequest,
    key: Reader,
    store: StoreDep,
    settings: SettingsDep,
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Return the matches of each item, in the order sent (at most `max_batch` items)."""
    check_batch(settings, len(body.items), "items")
    check_threshold(settings, body.threshold)
    for i, item in enumerate(body.items):
        for where, text in (("text", item.text), ("prev", item.prev), ("next", item.next)):
            check_text(settings, text, f"items.{i}.{where}")
    items = [
        {
            **item.model_dump(),
            "text": parse_tagged(item.text, markup=body.markup, field=f"items.{i}.text"),
        }
        for i, item in enumerate(body.items)
    ]
    results = suggest_batch(
        store,
        items,
        source_lang=body.source_lang,
        target_lang=body.target_lang,
        threshold=body.threshold,
        limit=body.limit,
        memories=check_memories(key, body.memories),
        penalties=settings.penalty_policy(),
        subsegments=body.subsegments,
    )
    out = [{"id": str(i), "matches": [m.as_dict() for m in ms]} for i, ms in results]
    metrics.count_lookup("suggest", len(out))
    return {"results": out}
