"""The tmserver / amaGama read API, for Weblate's ``tmserver`` machinery, Virtaal and Okapi.

Mounted under ``/tmserver`` and ``/api/v1`` as amaGama is. Clients send the segment as a path
segment (``%2F`` for a slash) or as ``?source=``, language codes as they spell them (``it``,
``it_IT``, ``pt_br``, ``ita``), and read a JSON list of ``{"source", "target", "quality",
"rank"}``, best first. Weblate's setting for this service is a bare URL, so the API key may also
be carried in the path: ``/tmserver/key/{token}/...``. Matches come from :func:`tm.suggest`.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from mkutano.api.deps import (
    CatReader,
    MetricsDep,
    SettingsDep,
    StoreDep,
    check_memories,
    check_text,
)
from mkutano.api.errors import ApiError
from mkutano.tm import memory_languages, suggest
from mkutano.tmx import normalize_language

from ._cat import add_routes

__all__ = ["BASES", "DEFAULT_CANDIDATES", "DEFAULT_SIMILARITY", "router", "tmserver_code"]

#: Where the API is mounted: amaGama's own prefix and the one its clients default to.
BASES = ("/tmserver", "/api/v1")
DEFAULT_SIMILARITY = 70  # amaGama's MIN_SIMILARITY and MAX_CANDIDATES
DEFAULT_CANDIDATES = 5
_FLOOR = 30  # amaGama never goes below this similarity
_MOST_CANDIDATES = 50

_EXAMPLE = [{"source": "Il Gruppo.", "target": "Kundi.", "quality": 100.0, "rank": 100.0}]


SourceCode = Annotated[
    str, Path(max_length=35, description="Source language: it, it_IT, ita.", examples=["en"])
]
TargetCode = Annotated[
    str, Path(max_length=35, description="Target language: sw, swa, en_GB.", examples=["sw"])
]
UnitText = Annotated[
    str,
    Path(
        description="The segment, percent-encoded (a slash as %2F); empty: see `source`.",
        examples=["The G7 Rome%2FLyon Group"],
    ),
]
SourceParam = Annotated[
    str | None, Query(description="The segment, when the path ends in `/unit/`.")
]
IntParam = Annotated[
    str | None,
    Query(max_length=20, description="An integer; anything else is ignored, as amaGama does."),
]


def tmserver_code(tag: str) -> str:
    """A stored tag as tmserver clients spell it: lower case, underscore (``pt-BR`` → ``pt_br``)."""
    return tag.replace("-", "_").lower()


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


router = APIRouter(tags=["CAT tools: tmserver"])

_UNIT_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Matches, best first; `[]` for a pair the memories do not hold.",
        "content": {"application/json": {"example": _EXAMPLE}},
    }
}
_LANG_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Every language held, as tmserver codes.",
        "content": {
            "application/json": {
                "example": {"sourceLanguages": ["en", "it", "sw"], "targetLanguages": ["en"]}
            }
        },
    }
}


def unit(
    key: CatReader,
    store: StoreDep,
    settings: SettingsDep,
    metrics: MetricsDep,
    src: SourceCode,
    tgt: TargetCode,
    text: UnitText,
    source: SourceParam = None,
    min_similarity: IntParam = None,
    max_candidates: IntParam = None,
) -> list[dict[str, Any]]:
    """The matches of one segment: `quality` is the score as a float percentage, `rank` the
    token similarity before penalties; at most `max_candidates` (5) at or above
    `min_similarity` (70, never below 30)."""
    segment = text or source or ""
    if not segment:
        raise ApiError(404, "not_found", "no segment: put it after /unit/ or send ?source=TEXT")
    check_text(settings, segment, "text")
    similarity = min(max(_int(min_similarity) or DEFAULT_SIMILARITY, _FLOOR), 100)
    candidates = min(max(_int(max_candidates) or DEFAULT_CANDIDATES, 1), _MOST_CANDIDATES)
    matches = suggest(
        store,
        segment,
        source_lang=src,
        target_lang=tgt,
        threshold=float(similarity),
        limit=candidates,
        memories=check_memories(key, None),
    )
    metrics.count_lookup("tmserver")
    return [
        {
            "source": str(m.source),
            "target": str(m.target),
            "quality": float(m.score),
            "rank": float(m.base),
        }
        for m in matches
    ]


def languages(key: CatReader, store: StoreDep) -> dict[str, list[str]]:
    """The languages the memories hold (each also as its base language: `pt_br` and `pt`)."""
    held = memory_languages(store, check_memories(key, None))
    codes: set[str] = set()
    for tags in held.values():
        for tag in tags:
            codes.add(tmserver_code(tag))
            codes.add(tmserver_code(normalize_language(tag).split("-", 1)[0]))
    ordered = sorted(codes)
    return {"sourceLanguages": ordered, "targetLanguages": ordered}


for _base in BASES:
    add_routes(
        router,
        _base,
        [
            ("/{src}/{tgt}/unit/{text:path}", unit, "matches for a unit", _UNIT_RESPONSES),
            ("/languages/", languages, "languages held", _LANG_RESPONSES),
        ],
        title="tmserver",
    )
