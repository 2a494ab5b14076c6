"""QA checks of segment pairs or of a whole document (``glossaries.qa``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from glossaries.qa import Pair, check_document, check_pairs, check_target_text

from ..deps import (
    MetricsDep,
    Reader,
    SettingsDep,
    StoreDep,
    check_batch,
    check_memory,
    check_text,
    get_glossaries,
)
from ..schemas import QADocumentRequest, QARequest, QAResponse
from ._glossary import glossary_concepts

router = APIRouter(prefix="/v1", tags=["qa"])


@router.post("/qa", response_model=QAResponse, summary="Check translated segment pairs")
def check_segment_pairs(
    body: QARequest,
    key: Reader,
    store: StoreDep,
    gstore: Annotated[Any, Depends(get_glossaries)],
    settings: SettingsDep,
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Run every QA check on the pairs; the findings are those of `mkutano qa --format json`
    (spans are character offsets into each pair's target)."""
    check_batch(settings, len(body.pairs), "pairs")
    for i, p in enumerate(body.pairs):
        check_text(settings, p.source, f"pairs.{i}.source")
        check_text(settings, p.target, f"pairs.{i}.target")
    if body.memory is not None:
        check_memory(key, body.memory)
        store.get_memory(body.memory)
    findings = check_pairs(
        [Pair(p.id, p.source, p.target) for p in body.pairs],
        source_lang=body.source_lang,
        target_lang=body.target_lang,
        glossary=glossary_concepts(gstore, body.glossary),
        memory=store if body.memory is not None else None,
        memories=[body.memory] if body.memory is not None else None,
    )
    metrics.count_lookup("qa", len(body.pairs))
    return {"findings": [f.as_dict() for f in findings]}


@router.post("/qa/document", response_model=QAResponse, summary="Check a translated document")
def check_whole_document(
    body: QADocumentRequest,
    key: Reader,
    gstore: Annotated[Any, Depends(get_glossaries)],
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Segment and align the document with its source, then check it (spans are offsets into
    `target_text`); without `source_text`, check the translation alone."""
    concepts = glossary_concepts(gstore, body.glossary)
    if body.source_text is not None:
        findings = check_document(
            body.source_text,
            body.target_text,
            source_lang=body.source_lang or "",
            target_lang=body.target_lang,
            glossary=concepts,
        )
    else:
        findings = check_target_text(
            body.target_text,
            target_lang=body.target_lang,
            source_lang=body.source_lang,
            glossary=concepts,
        )
    metrics.count_lookup("qa")
    return {"findings": [f.as_dict() for f in findings]}
