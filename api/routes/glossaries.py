"""Glossaries: list, create, delete; entries CRUD; import (TBX, CSV) and export (TBX v3, CSV).

Any reader reads them; changing one needs an admin key without memory limits (``GlossaryAdmin``).
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from mkutano.api.deps import NAME_PATTERN, GlossaryAdmin, Reader, SettingsDep, get_glossaries
from mkutano.api.errors import ApiError
from mkutano.api.schemas import (
    ConceptListResponse,
    ConceptModel,
    GlossaryCreateRequest,
    GlossaryImportResponse,
    GlossaryListResponse,
    GlossaryResponse,
)
from mkutano.glossaries import Concept, export_glossary, import_glossary

from .imports import safe_filename, save_upload

router = APIRouter(prefix="/v1/glossaries", tags=["glossaries"])

GlossaryName = Annotated[
    str,
    Path(
        description="The glossary's name.",
        examples=["g7"],
        min_length=1,
        max_length=100,
        pattern=NAME_PATTERN,
    ),
]
ConceptId = Annotated[
    str, Path(description="The entry's (concept's) id.", examples=["c-terrorist"], max_length=200)
]
GStore = Annotated[Any, Depends(get_glossaries)]

_FORMATS = {"tbx": ("application/x-tbx+xml", "tbx"), "csv": ("text/csv; charset=utf-8", "csv")}

GLOSSARY_BODY = {
    "required": True,
    "description": "The glossary file itself as the raw body: TBX (v2 or v3), CSV/TSV with a "
    "language-code header row, or an OmegaT glossary.",
    "content": {
        "application/x-tbx+xml": {
            "schema": {"type": "string", "format": "binary"},
            "example": '<tbx type="TBX-Basic" style="dca" xml:lang="en" '
            'xmlns="urn:iso:std:iso:30042:ed-2">...</tbx>',
        },
        "text/csv": {
            "schema": {"type": "string", "format": "binary"},
            "example": "it,en,sw,note\nterrorismo,terrorism,ugaidi,\n",
        },
    },
}


def _concept(body: ConceptModel, concept_id: str | None = None) -> Concept:
    data = body.model_dump()
    if concept_id is not None:
        data["id"] = concept_id
    try:
        return Concept.from_dict(data)
    except (ValueError, KeyError) as exc:
        raise ApiError(422, "invalid_entry", f"entry: {exc}") from None


@router.get("", response_model=GlossaryListResponse, summary="List glossaries")
def list_glossaries(key: Reader, gstore: GStore) -> dict[str, Any]:
    """List the glossaries, highest priority first, with their concept counts."""
    return {"glossaries": [g.as_dict() for g in gstore.list_glossaries()]}


@router.post("", response_model=GlossaryResponse, status_code=201, summary="Create a glossary")
def create_glossary(
    body: GlossaryCreateRequest, key: GlossaryAdmin, gstore: GStore
) -> dict[str, Any]:
    """Create an empty glossary; 409 if the name is taken."""
    g = gstore.create_glossary(body.name, priority=body.priority, description=body.description)
    return dict(g.as_dict())


@router.get("/{gname}", response_model=GlossaryResponse, summary="Read a glossary")
def get_glossary(key: Reader, gstore: GStore, gname: GlossaryName) -> dict[str, Any]:
    """Return a glossary's settings and concept count."""
    return dict(gstore.get_glossary(gname).as_dict())


@router.delete("/{gname}", status_code=204, summary="Delete a glossary and its entries")
def delete_glossary(key: GlossaryAdmin, gstore: GStore, gname: GlossaryName) -> Response:
    """Delete a glossary and every entry in it."""
    gstore.delete_glossary(gname)
    return Response(status_code=204)


@router.get("/{gname}/entries", response_model=ConceptListResponse, summary="List entries")
def list_entries(
    key: Reader,
    gstore: GStore,
    settings: SettingsDep,
    gname: GlossaryName,
    cursor: Annotated[
        str | None, Query(max_length=20, description="next_cursor of the previous page.")
    ] = None,
    limit: Annotated[int, Query(ge=1, description="Page size (at most max_page).")] = 50,
) -> dict[str, Any]:
    """Page through a glossary's entries (concepts with their terms)."""
    if limit > settings.max_page:
        raise ApiError(422, "page_too_large", f"limit {limit} is over max_page {settings.max_page}")
    if cursor and not cursor.isdigit():
        raise ApiError(422, "invalid_cursor", f"cursor {cursor!r} is not one this API gave")
    start = int(cursor or 0)
    page: list[dict[str, Any]] = []
    more = False
    for i, concept in enumerate(gstore.iter_concepts(gname)):
        if i < start:
            continue
        if len(page) == limit:
            more = True
            break
        page.append(concept.to_dict())
    return {"entries": page, "next_cursor": str(start + limit) if more else None}


@router.post(
    "/{gname}/entries", response_model=ConceptModel, status_code=201, summary="Add an entry"
)
def add_entry(body: ConceptModel, key: GlossaryAdmin, gstore: GStore, gname: GlossaryName) -> Any:
    """Add a concept with its terms (an empty id gets one); 409 if the id is taken."""
    return gstore.add_concept(gname, _concept(body)).to_dict()


@router.get("/{gname}/entries/{concept_id}", response_model=ConceptModel, summary="Read an entry")
def get_entry(key: Reader, gstore: GStore, gname: GlossaryName, concept_id: ConceptId) -> Any:
    """Return one concept with all its terms."""
    return gstore.get_concept(gname, concept_id).to_dict()


@router.put(
    "/{gname}/entries/{concept_id}", response_model=ConceptModel, summary="Replace an entry"
)
def update_entry(
    body: ConceptModel,
    key: GlossaryAdmin,
    gstore: GStore,
    gname: GlossaryName,
    concept_id: ConceptId,
) -> Any:
    """Replace a concept and its terms (the id in the path wins)."""
    return gstore.update_concept(gname, _concept(body, concept_id)).to_dict()


@router.delete("/{gname}/entries/{concept_id}", status_code=204, summary="Delete an entry")
def delete_entry(
    key: GlossaryAdmin, gstore: GStore, gname: GlossaryName, concept_id: ConceptId
) -> Response:
    """Delete one concept."""
    gstore.delete_concept(gname, concept_id)
    return Response(status_code=204)


@router.post(
    "/{gname}/import",
    response_model=GlossaryImportResponse,
    summary="Import a glossary file (TBX, CSV, OmegaT)",
    openapi_extra={"requestBody": GLOSSARY_BODY},
)
async def import_entries(
    request: Request,
    key: GlossaryAdmin,
    gstore: GStore,
    gname: GlossaryName,
    filename: Annotated[
        str, Query(max_length=200, description="The file's name; its extension names the format.")
    ] = "upload.tbx",
    format: Annotated[
        Literal["tbx", "csv", "tsv", "omegat"] | None,
        Query(description="The file format (default: from the file name and content)."),
    ] = None,
    lenient: Annotated[
        bool,
        Query(
            description="A file that breaks off part-way: store the entries before the break "
            '(200 with "complete": false) instead of nothing (422 glossary_rejected with '
            '"complete": false in its details).'
        ),
    ] = False,
) -> dict[str, Any]:
    """Upload a glossary file as the request body; its entries are added to the glossary
    (created when missing; same id: replaced). A rejected file stores nothing (422), nor does a
    file that breaks off part-way unless ``lenient`` (same 422, ``"complete": false``)."""
    path = await save_upload(request, safe_filename(filename, "upload.tbx"))
    try:
        report = await anyio.to_thread.run_sync(
            lambda: import_glossary(
                gstore, path, name=gname, format=format, label=path.name, lenient=lenient
            )
        )
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    result = {**report.as_dict(), "file": path.name}
    if report.rejected:
        first = next(
            (d for d in report.diagnostics if report.complete or "not read" in d.message),
            "no usable entry",
        )
        raise ApiError(422, "glossary_rejected", f"glossary file rejected: {first}", result)
    return result


@router.get(
    "/{gname}/export",
    response_class=FileResponse,
    summary="Export a glossary (TBX v3 or CSV)",
    responses={
        200: {
            "description": "The glossary file.",
            "content": {
                "application/x-tbx+xml": {
                    "schema": {"type": "string", "format": "binary"},
                    "example": '<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" ...',
                },
                "text/csv": {
                    "schema": {"type": "string", "format": "binary"},
                    "example": "it,en,sw,note\nterrorismo,terrorism,ugaidi,\n",
                },
            },
        }
    },
)
def export_entries(
    key: Reader,
    gstore: GStore,
    gname: GlossaryName,
    format: Annotated[Literal["tbx", "csv"], Query(description="tbx (TBX v3 DCA) or csv.")] = "tbx",
) -> FileResponse:
    """Download the glossary as TBX v3 (TBX-Basic, DCA style) or CSV."""
    gstore.get_glossary(gname)
    media_type, ext = _FORMATS[format]
    folder = FilePath(tempfile.mkdtemp(prefix="mkutano-export-"))
    path = folder / f"{safe_filename(gname, 'glossary')}.{ext}"
    try:
        export_glossary(gstore, gname, path, format=format)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return FileResponse(
        path,
        media_type=media_type,
        filename=path.name,
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )
