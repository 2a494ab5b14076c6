"""Units of a memory: list with filters and cursor, create, read, update, delete (``tm.Store``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Response

from mkutano.api.auth import ApiKey
from mkutano.api.deps import (
    Admin,
    MemoryName,
    Reader,
    SettingsDep,
    StoreDep,
    Translator,
    check_date,
    check_memory,
    check_text,
    get_glossaries,
)
from mkutano.api.errors import ApiError
from mkutano.api.schemas import (
    ErrorResponse,
    UnitListResponse,
    UnitPatchRequest,
    UnitResponse,
    UnitUpdateRequest,
    UnitWriteRequest,
    UnitWriteResponse,
)
from mkutano.glossaries.qa import add_unit_checked, edit_unit_checked, flagged_units, unit_flags
from mkutano.tm import StoredUnit, UnitNotFound, find_units, unit_ids
from mkutano.tm.editing import replace_texts, unit_from_texts
from mkutano.tmx import Segment, Unit, format_tagged, normalize_language, parse_tagged

from ._glossary import glossary_concepts

router = APIRouter(prefix="/v1/memories/{name}/units", tags=["units"])

UnitId = Annotated[int, Path(description="The unit's id.", examples=[42], ge=1, le=2**63 - 1)]
IfMatch = Annotated[
    str | None,
    Header(
        max_length=100,
        description='The unit\'s ETag as read (e.g. "3"), or *: the write happens only if the '
        "unit is still at that version, else 412 with the current version in details.",
    ),
]


def etag(stored: StoredUnit) -> str:
    return f'"{stored.version}"'


def _if_version(value: str | None) -> int | None:
    """The version an If-Match header asks for; None for no header or ``*`` (any version).

    A tag this API never gave matches no version (0: versions start at 1), so the answer is
    412 with the current version, as RFC 9110 has it for a tag that does not match."""
    if value is None or value.strip() == "*":
        return None
    tag = value.strip().removeprefix("W/").strip('"')
    return int(tag) if tag.isdigit() and len(tag) <= 18 else 0


def _written(response: Response, checked: Any) -> dict[str, Any]:
    response.headers["ETag"] = etag(checked.stored)
    return {**unit_dict(checked.stored), "findings": [f.as_dict() for f in checked.findings]}


def unit_dict(stored: StoredUnit) -> dict[str, Any]:
    return {
        "id": stored.id,
        "memory": stored.memory,
        "variants": [
            {
                "lang": v.lang,
                "text": v.segment.plain,
                "tagged": v.segment.with_placeholders(),
                "tmx": format_tagged(v.segment),
            }
            for v in stored.unit.variants
        ],
        "origin": stored.origin,
        "project": stored.project,
        "created_at": stored.created_at,
        "updated_at": stored.updated_at,
        "override_reason": stored.override_reason,
        "props": [{"type": p.type, "text": p.text} for p in stored.unit.props],
        "tuids": unit_ids(stored.unit),
        "qa_flag": unit_flags(stored.unit),
        "version": stored.version,
    }


def _texts(
    body: UnitWriteRequest | UnitUpdateRequest, settings: Any
) -> list[tuple[str, str | Segment]]:
    out: list[tuple[str, str | Segment]] = []
    for i, v in enumerate(body.variants):
        check_text(settings, v.text, f"variants.{i}.text")
        out.append((v.lang, parse_tagged(v.text, markup=body.markup, field=f"variants.{i}.text")))
    return out


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
    flagged: Annotated[
        bool,
        Query(
            description="Only the units QA flagged (x-qa-flag, memory policy flag), by id;"
            " language and date filters ignored."
        ),
    ] = False,
) -> dict[str, Any]:
    """Page through a memory's units by ascending id, with language and date filters; or find
    the units answering to a `tuid`; or list the units QA flagged (`flagged=true`)."""
    check_memory(key, name)
    check_date(changed_since, "changed_since")
    check_date(changed_until, "changed_until")
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
    if flagged:
        store.get_memory(name)
        units = list(flagged_units(store, name, after_id=_cursor(cursor), limit=limit + 1))
    else:
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
    response: Response,
) -> dict[str, Any]:
    """Add a confirmed unit (two or more languages); the duplicate policy of imports applies.

    The unit is checked by QA against the glossaries first. What error-level findings do is
    the memory's `qa_policy`: `refuse` (the default) answers 422 `qa_refused` (findings in
    `details`) unless `override_reason` is given, which is then recorded on the unit; `flag`
    stores the unit with the prop `x-qa-flag` (`qa_flag` lists the checks); `off` does not
    check. The source is `source_lang`, else the first variant; the source variant is checked
    too for forbidden and deprecated terms, whatever the order of the variants."""
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
    return _written(response, checked)


@router.get("/{unit_id}", response_model=UnitResponse, summary="Read a unit")
def get_unit(
    key: Reader, store: StoreDep, name: MemoryName, unit_id: UnitId, response: Response
) -> dict[str, Any]:
    """Return one unit with all its languages; its version is also the ETag header."""
    check_memory(key, name)
    stored = _unit_in(store, name, unit_id)
    response.headers["ETag"] = etag(stored)
    return unit_dict(stored)


def _edit(
    store: Any,
    gstore: Any,
    name: str,
    unit_id: int,
    texts: list[tuple[str, str | Segment]],
    changer: str,
    if_match: str | None,
    source_lang: str | None,
    override_reason: str | None,
) -> Any:
    wanted = _if_version(if_match)
    _unit_in(store, name, unit_id)

    def change(unit: Unit) -> Unit:
        return replace_texts(unit, texts, changer=changer)

    return edit_unit_checked(
        store,
        unit_id,
        change,
        source_lang=source_lang,
        glossary=glossary_concepts(gstore, None),
        override_reason=override_reason,
        if_version=wanted,
    )


_PRECONDITION: dict[int | str, dict[str, Any]] = {
    412: {
        "model": ErrorResponse,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorResponse"}}},
        "description": "If-Match is not the unit's current version (or no ETag of this API).",
    }
}


@router.put(
    "/{unit_id}",
    response_model=UnitWriteResponse,
    summary="Change a unit's segments",
    responses=_PRECONDITION,
)
def update_unit(
    body: UnitUpdateRequest,
    key: Translator,
    store: StoreDep,
    gstore: Annotated[Any, Depends(get_glossaries)],
    settings: SettingsDep,
    name: MemoryName,
    unit_id: UnitId,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Set the text of each language sent (a language the unit lacks is added; languages not
    sent, and the unit's props and notes, stay as they are).

    The change is applied to the unit as stored at the moment of writing, in one locked
    transaction, so two clients changing different languages at once both keep their change.
    With `If-Match` the write happens only if the unit is still at that version (412 else)."""
    check_memory(key, name)
    checked = _edit(
        store,
        gstore,
        name,
        unit_id,
        _texts(body, settings),
        _who(key),
        if_match,
        body.source_lang,
        body.override_reason,
    )
    return _written(response, checked)


@router.patch(
    "/{unit_id}",
    response_model=UnitWriteResponse,
    summary="Change one variant of a unit",
    responses=_PRECONDITION,
)
def patch_unit(
    body: UnitPatchRequest,
    key: Translator,
    store: StoreDep,
    gstore: Annotated[Any, Depends(get_glossaries)],
    settings: SettingsDep,
    name: MemoryName,
    unit_id: UnitId,
    response: Response,
    if_match: IfMatch = None,
) -> dict[str, Any]:
    """Set the text of one language without resending the unit (added if the unit lacks it);
    `If-Match` as for PUT."""
    check_memory(key, name)
    check_text(settings, body.text, "text")
    checked = _edit(
        store,
        gstore,
        name,
        unit_id,
        [(body.lang, parse_tagged(body.text, markup=body.markup, field="text"))],
        _who(key),
        if_match,
        body.source_lang,
        body.override_reason,
    )
    return _written(response, checked)


@router.delete("/{unit_id}", status_code=204, summary="Delete a unit", responses=_PRECONDITION)
def delete_unit(
    key: Admin, store: StoreDep, name: MemoryName, unit_id: UnitId, if_match: IfMatch = None
) -> Response:
    """Delete one unit (with `If-Match`, only if it is still at that version)."""
    check_memory(key, name)
    wanted = _if_version(if_match)
    _unit_in(store, name, unit_id)
    store.delete_unit(unit_id, if_version=wanted)
    return Response(status_code=204)
