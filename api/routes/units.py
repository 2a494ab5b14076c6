"""Units of a memory: list with filters and cursor, create, read, update, delete (``tm.Store``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Query, Response

from glossaries.qa import add_unit_checked, update_unit_checked
from tm import StoredUnit, UnitNotFound, find_units, unit_ids
from tm.editing import replace_texts, unit_from_texts
from tmx import normalize_language

from ..auth import ApiKey
from ..deps import (
    Admin,
    MemoryName,
    Reader,
    SettingsDep,
    StoreDep,
    Translator,
    check_memory,
    check_text,
    get_glossaries,
)
from ..errors import ApiError
from ..schemas import (
    UnitListResponse,
    UnitResponse,
    UnitUpdateRequest,
    UnitWriteRequest,
    UnitWriteResponse,
)
from ._glossary import glossary_concepts

router = APIRouter(prefix="/v1/memories/{name}/units", tags=["units"])

UnitId = Annotated[int, Path(description="The unit's id.", examples=[42], ge=1, le=2**63 - 1)]


def unit_dict(stored: StoredUnit) -> dict[str, Any]:
    return {
        "id": stored.id,
        "memory": stored.memory,
        "variants": [
            {"lang": v.lang, "text": v.segment.plain, "tagged": v.segment.with_placeholders()}
            for v in stored.unit.variants
        ],
        "origin": stored.origin,
        "project": stored.project,
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
        "override_reason": stored.override_reason,
        "props": [{"type": p.type, "text": p.text} for p in stored.unit.props],
        "tuids": unit_ids(stored.unit),
    }


def _texts(body: UnitWriteRequest | UnitUpdateRequest, settings: Any) -> list[tuple[str, str]]:
    for i, v in enumerate(body.variants):
        check_text(settings, v.text, f"variants.{i}.text")
    return [(v.lang, v.text) for v in body.variants]


def _who(key: ApiKey) -> str:
    return key.label or f"api-key-{key.id}"


def _unit_in(store: Any, name: str, unit_id: int) -> StoredUnit:
    stored: StoredUnit = store.get_unit(unit_id)
    if stored.memory != name:
        raise UnitNotFound(f"no unit {unit_id} in memory {name!r}")
    return stored


def _cursor(value: str | None) -> int:
    if value is None or value == "":
        return 0
    if not value.isdigit() or len(value) > 18:
        raise ApiError(
            422, "invalid_cursor", f"cursor {value!r} is not one this API gave (use next_cursor)"
        )
    return int(value)


@router.get("", response_model=UnitListResponse, summary="List or search units")
def list_units(
    key: Reader,
    store: StoreDep,
    settings: SettingsDep,
    name: MemoryName,
    cursor: Annotated[
        str | None, Query(max_length=20, description="next_cursor of the previous page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, description="Page size (at most max_page).")] = 50,
    lang: Annotated[
        list[str] | None,
        Query(description="Only units with a variant in each of these languages.", examples=["sw"]),
    ] = None,
    changed_since: Annotated[
        str | None, Query(max_length=40, description="ISO date: changed on or after.")
    ] = None,
    changed_until: Annotated[
        str | None, Query(max_length=40, description="ISO date: changed on or before.")
    ] = None,
    tuid: Annotated[
        str | None,
        Query(
            max_length=1000,
            description="Only the units answering to this tuid (merged duplicates' tuids too);"
            " one page, other filters ignored.",
        ),
    ] = None,
) -> dict[str, Any]:
    """Page through a memory's units by ascending id, with language and date filters; or find
    the units answering to a `tuid`."""
    check_memory(key, name)
    if tuid is not None:
        found = find_units(store, tuid, memories=[name])
        return {"units": [unit_dict(u) for u in found], "next_cursor": None}
    if limit > settings.max_page:
        raise ApiError(
            422,
            "page_too_large",
            f"limit {limit} is over max_page {settings.max_page}; page with next_cursor",
            {"limit": settings.max_page},
        )
    units = list(
        store.iter_units(
            memories=[name],
            languages=[normalize_language(t) for t in lang] if lang else None,
            changed_since=changed_since,
            changed_until=changed_until,
            after_id=_cursor(cursor),
            limit=limit + 1,
        )
    )
    more = len(units) > limit
    units = units[:limit]
    return {
        "units": [unit_dict(u) for u in units],
        "next_cursor": str(units[-1].id) if more and units else None,
    }


@router.post("", response_model=UnitWriteResponse, status_code=201, summary="Add a unit")
def add_unit(
    body: UnitWriteRequest,
    key: Translator,
    store: StoreDep,
    gstore: Annotated[Any, Depends(get_glossaries)],
    settings: SettingsDep,
    name: MemoryName,
) -> dict[str, Any]:
    """Add a confirmed unit (two or more languages); the duplicate policy of imports applies.

    The unit is checked by QA against the glossaries first: with error-level findings it is
    refused (422, `qa_refused`, findings in `details`) unless `override_reason` is given, which
    is then recorded on the unit."""
    check_memory(key, name)
    checked = add_unit_checked(
        store,
        name,
        unit_from_texts(
            _texts(body, settings),
            creator=_who(key),
            prev=body.prev,
            next=body.next,
            context_key=body.context_key,
        ),
        source_lang=body.source_lang,
        glossary=glossary_concepts(gstore, None),
        override_reason=body.override_reason,
        origin="api",
        project=body.project,
    )
    return {**unit_dict(checked.stored), "findings": [f.as_dict() for f in checked.findings]}


@router.get("/{unit_id}", response_model=UnitResponse, summary="Read a unit")
def get_unit(key: Reader, store: StoreDep, name: MemoryName, unit_id: UnitId) -> dict[str, Any]:
    """Return one unit with all its languages."""
    check_memory(key, name)
    return unit_dict(_unit_in(store, name, unit_id))


@router.put("/{unit_id}", response_model=UnitWriteResponse, summary="Change a unit's segments")
def update_unit(
    body: UnitUpdateRequest,
    key: Translator,
    store: StoreDep,
    gstore: Annotated[Any, Depends(get_glossaries)],
    settings: SettingsDep,
    name: MemoryName,
    unit_id: UnitId,
) -> dict[str, Any]:
    """Set the text of each language sent (a language the unit lacks is added; languages not
    sent, and the unit's props and notes, stay as they are)."""
    check_memory(key, name)
    current = _unit_in(store, name, unit_id)
    unit = replace_texts(current.unit, _texts(body, settings), changer=_who(key))
    checked = update_unit_checked(
        store,
        unit_id,
        unit,
        source_lang=body.source_lang,
        glossary=glossary_concepts(gstore, None),
        override_reason=body.override_reason,
    )
    return {**unit_dict(checked.stored), "findings": [f.as_dict() for f in checked.findings]}


@router.delete("/{unit_id}", status_code=204, summary="Delete a unit")
def delete_unit(key: Admin, store: StoreDep, name: MemoryName, unit_id: UnitId) -> Response:
    """Delete one unit."""
    check_memory(key, name)
    _unit_in(store, name, unit_id)
    store.delete_unit(unit_id)
    return Response(status_code=204)
