"""The Apertium APy shape under ``/apy``, for the machine-translation pane of OmegaT and Weblate.

``GET /apy/translate?q=...&langpair=it|sw&markUnknown=no&key=...`` answers the best memory match
(its target with the query's numbers and dates substituted) at or above ``apy_threshold``, in
APy's envelope ``{"responseData": {"translatedText"}, "responseDetails", "responseStatus"}``;
``GET /apy/listPairs`` the language pairs the memories hold. The key comes as ``key=`` (OmegaT's
settings have a field for it), in the path (``/apy/key/{token}/...``, for Weblate, whose setting
is a URL only) or as a bearer header.
"""

from __future__ import annotations

from itertools import permutations
from typing import Annotated, Any

from fastapi import APIRouter, Query

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

from ._cat import add_routes

__all__ = ["router"]

router = APIRouter(prefix="/apy", tags=["CAT tools: Apertium APy"])


#: The key as OmegaT's and Weblate's settings send it (a bearer header works too).
_KEY = {
    "parameters": [
        {
            "name": "key",
            "in": "query",
            "required": False,
            "description": "An API key (or send it as a bearer header).",
            "schema": {"type": "string", "maxLength": 200},
        }
    ]
}


def _apy_code(tag: str) -> str:
    return tag.replace("-", "_")  # APy spells regions with an underscore: pt_BR


def _envelope(data: Any, details: str | None = None) -> dict[str, Any]:
    return {"responseData": data, "responseDetails": details, "responseStatus": 200}


def translate(
    key: CatReader,
    store: StoreDep,
    settings: SettingsDep,
    metrics: MetricsDep,
    q: Annotated[str, Query(description="The segment to translate.")],
    langpair: Annotated[
        str, Query(max_length=80, description="Source and target, `it|sw` (or `ita|swa`).")
    ],
    mark_unknown: Annotated[
        str | None,
        Query(
            alias="markUnknown",
            description="Accepted and ignored (nothing is machine-translated).",
        ),
    ] = None,
    format: Annotated[str | None, Query(description="Accepted and ignored.")] = None,
) -> dict[str, Any]:
    """The target of the best match at or above `MKUTANO_APY_THRESHOLD`, with the query's
    placeables (numbers, dates, tags) substituted; `""` when there is none."""
    source_lang, sep, target_lang = langpair.partition("|")
    if not sep or not source_lang.strip() or not target_lang.strip():
        raise ApiError(
            422, "invalid_langpair", f"langpair {langpair!r}: use SOURCE|TARGET, e.g. it|sw"
        )
    check_text(settings, q, "q")
    matches = suggest(
        store,
        q,
        source_lang=source_lang.strip(),
        target_lang=target_lang.strip(),
        threshold=settings.apy_threshold,
        limit=1,
        memories=check_memories(key, None),
    )
    metrics.count_lookup("apy")
    if not matches:
        details = f"no match at or above {settings.apy_threshold:g}% in the memory"
        return _envelope({"translatedText": ""}, details)
    return _envelope({"translatedText": str(matches[0].target)})


def list_pairs(key: CatReader, store: StoreDep) -> dict[str, Any]:
    """Each ordered pair of distinct languages held together in a memory."""
    held = memory_languages(store, check_memories(key, None))
    pairs = sorted(
        {(_apy_code(a), _apy_code(b)) for tags in held.values() for a, b in permutations(tags, 2)}
    )
    return _envelope([{"sourceLanguage": a, "targetLanguage": b} for a, b in pairs])


_TRANSLATE_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "The best match's target; empty when nothing reaches the threshold.",
        "content": {"application/json": {"example": _envelope({"translatedText": "Kundi."})}},
    }
}
_PAIRS_RESPONSES: dict[int | str, dict[str, Any]] = {
    200: {
        "description": "Every ordered pair of languages found in one memory.",
        "content": {
            "application/json": {
                "example": _envelope([{"sourceLanguage": "it", "targetLanguage": "sw"}])
            }
        },
    }
}

add_routes(
    router,
    "",
    [
        ("/translate", translate, "translate a segment from the memory", _TRANSLATE_RESPONSES),
        ("/listPairs", list_pairs, "the language pairs held", _PAIRS_RESPONSES),
    ],
    title="Apertium APy",
    extra=_KEY,
)
