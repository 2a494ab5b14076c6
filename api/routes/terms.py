"""Term lookup in a text (``glossaries.store.recognize_terms``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from mkutano.api.deps import MetricsDep, Reader, SettingsDep, check_text, get_glossaries
from mkutano.api.schemas import TermsRequest, TermsResponse
from mkutano.glossaries.store import recognize_terms

router = APIRouter(prefix="/v1", tags=["lookup"])


@router.post("/terms", response_model=TermsResponse, summary="Find glossary terms in a text")
def find_terms(
    body: TermsRequest,
    key: Reader,
    gstore: Annotated[Any, Depends(get_glossaries)],
    settings: SettingsDep,
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Return each term of the glossaries found in the text (inflected forms too), with its
    span, how it matched and the concept's renderings in the other languages."""
    check_text(settings, body.text, "text")
    if body.glossary is not None:
        gstore.get_glossary(body.glossary)  # 404 for an unknown name
    hits = recognize_terms(
        gstore, body.text, body.lang, glossaries=[body.glossary] if body.glossary else None
    )
    metrics.count_lookup("terms")
    return {"hits": [h.as_dict() for h in hits]}
