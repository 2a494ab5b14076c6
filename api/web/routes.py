"""The workbench's routes: the page and its assets at ``/``, its work under ``/v1/workbench``.

The page itself is open (it holds no data); everything it shows comes from ``/v1`` calls that
carry the API key as a bearer header, never a cookie, so no other site can make the browser
write on the user's behalf (CSRF) and the key never appears in a URL. The ``/v1/workbench``
routes are the page's own and stay out of the OpenAPI document (a CMS uses ``/v1/analyze``,
``/v1/suggest`` and the unit routes); they are authorised like every other route.
"""

from __future__ import annotations

import shutil
import tempfile
from importlib.resources import files
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, Path, Query, Request, Response
from pydantic import BaseModel, Field

from mkutano.api.auth import ApiKey, Role
from mkutano.api.deps import (
    Reader,
    SettingsDep,
    StoreDep,
    Translator,
    check_memories,
    check_memory,
    check_text,
    get_glossaries,
)
from mkutano.api.errors import ApiError
from mkutano.api.routes._glossary import glossary_concepts
from mkutano.api.routes.imports import require_upload, safe_filename
from mkutano.tmx import TMXError

from .document import FORMATS, document_bytes, translated, xliff_bytes
from .work import WorkStore, confirm_segment, open_work, save_draft

__all__ = ["ASSETS", "router"]

router = APIRouter()

#: The page's assets (file name → media type); nothing is loaded from another origin.
ASSETS = {
    "workbench.js": "text/javascript; charset=utf-8",
    "workbench.css": "text/css; charset=utf-8",
    "favicon.svg": "image/svg+xml",
}

_STATIC = files(__package__) / "static"

WorkId = Annotated[str, Path(description="The work's id.", min_length=1, max_length=40)]
Index = Annotated[int, Path(description="The segment's position, from 0.", ge=0, le=10**6)]


def get_works(request: Request) -> WorkStore:
    works: WorkStore = request.app.state.works
    return works


Works = Annotated[WorkStore, Depends(get_works)]


class TargetIn(BaseModel):
    target: str = Field(max_length=100_000, description="The translation as typed.")


class ConfirmIn(TargetIn):
    override_reason: str | None = Field(
        default=None,
        max_length=2000,
        description="Store the segment even if QA finds errors, recording this reason.",
    )


def _owner(key: ApiKey) -> str:
    return str(key.id)


def _who(key: ApiKey) -> str:
    return key.label or f"api-key-{key.id}"


@router.get("/", include_in_schema=False)
def page() -> Response:
    """The workbench page (static; it signs in and works through ``/v1``)."""
    html = (_STATIC / "index.html").read_bytes()
    return Response(html, media_type="text/html; charset=utf-8")


@router.get("/static/{asset}", include_in_schema=False)
def asset(asset: Annotated[str, Path(max_length=40)]) -> Response:
    """One of the page's assets, from the package."""
    if asset not in ASSETS:
        raise ApiError(404, "not_found", f"no asset {asset!r}")
    return Response(
        (_STATIC / asset).read_bytes(),
        media_type=ASSETS[asset],
        headers={"Cache-Control": "no-cache"},
    )


@router.get(
    "/v1/workbench/me",
    tags=["workbench"],
    include_in_schema=False,
    summary="Who the key belongs to",
)
def me(key: Reader) -> dict[str, Any]:
    """The key's role, label and memories: what the page may offer (reader: view only)."""
    return {
        "id": key.id,
        "role": key.role.value,
        "label": key.label,
        "memories": list(key.memories) if key.memories is not None else None,
        "can_confirm": key.allows(Role.TRANSLATOR),
    }


@router.get(
    "/v1/workbench/work", tags=["workbench"], include_in_schema=False, summary="List your open work"
)
def list_work(key: Reader, works: Works) -> dict[str, Any]:
    """The documents this key has opened on the workbench, last changed first."""
    return {"work": [w.summary() for w in works.list(_owner(key))]}


@router.post(
    "/v1/workbench/work",
    tags=["workbench"],
    include_in_schema=False,
    status_code=201,
    summary="Open a document",
)
async def create_work(
    request: Request,
    key: Reader,
    store: StoreDep,
    works: Works,
    memory: Annotated[str, Query(max_length=100, description="The memory confirmed work goes to.")],
    source_lang: Annotated[str, Query(max_length=35)],
    target_lang: Annotated[str, Query(max_length=35)],
    pivot_lang: Annotated[
        str | None, Query(max_length=35, description="A third language shown beside the source.")
    ] = None,
    consult: Annotated[
        list[str] | None, Query(description="Memories to take suggestions from (repeatable).")
    ] = None,
    format: Annotated[Literal["text", "html", "xliff"], Query()] = "text",
    filename: Annotated[str, Query(max_length=200)] = "document.txt",
) -> dict[str, Any]:
    """Segment the document (the raw body, UTF-8), analyse it per match band, keep it as work."""
    check_memory(key, memory)
    consulted = check_memories(key, consult or None)
    data = await request.body()
    await anyio.to_thread.run_sync(_refuse_binary, data, filename)
    try:
        original = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ApiError(
            422, "invalid_document", f"{filename}: byte {exc.start}: not UTF-8 (save it as UTF-8)"
        ) from None
    if not original.strip():
        raise ApiError(422, "empty_upload", f"{filename}: empty; send the document as the body")
    pivot = pivot_lang or None
    try:
        work = await anyio.to_thread.run_sync(
            lambda: open_work(
                works,
                store,
                owner=_owner(key),
                original=original,
                fmt=format,
                name=filename,
                memory=memory,
                source_lang=source_lang,
                target_lang=target_lang,
                pivot_lang=pivot,
                consult=consulted,
            )
        )
    except TMXError as exc:
        raise ApiError(422, "invalid_document", str(exc)) from None
    return work.as_dict()


#: What the workbench opens: its ``text``/``html``/``xliff`` formats (a body is read as UTF-8).
WORK_FORMATS = ("text", "html", "xliff", "sdlxliff", "mqxliff")


def _refuse_binary(data: bytes, filename: str) -> None:
    """415 naming what the body is when it is no text format the workbench opens (a PDF, an
    Office file, a binary), as ``tmx.formats.require`` tells it; nothing is kept."""
    folder = FilePath(tempfile.mkdtemp(prefix="mkutano-work-"))
    path = folder / safe_filename(filename, "document.txt")
    try:
        path.write_bytes(data)
        require_upload(path, WORK_FORMATS)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@router.get(
    "/v1/workbench/work/{work_id}",
    tags=["workbench"],
    include_in_schema=False,
    summary="Read your work",
)
def get_work(key: Reader, works: Works, work_id: WorkId) -> dict[str, Any]:
    """The document's segments with their analysis, targets and statuses, and the progress."""
    return works.get(_owner(key), work_id).as_dict()


@router.put(
    "/v1/workbench/work/{work_id}/segments/{index}",
    tags=["workbench"],
    include_in_schema=False,
    summary="Keep a draft target",
)
def put_draft(
    body: TargetIn,
    key: Translator,
    works: Works,
    settings: SettingsDep,
    work_id: WorkId,
    index: Index,
) -> dict[str, Any]:
    """Keep what was typed for a segment without confirming it (survives a reload)."""
    check_text(settings, body.target, "target")
    work = save_draft(works, works.get(_owner(key), work_id), index, body.target)
    return {"progress": work.progress(), "segment": work.as_dict()["segments"][index]}


@router.post(
    "/v1/workbench/work/{work_id}/segments/{index}/confirm",
    tags=["workbench"],
    include_in_schema=False,
    summary="Confirm a segment into the memory",
)
def confirm(
    body: ConfirmIn,
    key: Translator,
    store: StoreDep,
    works: Works,
    gstore: Annotated[Any, Depends(get_glossaries)],
    settings: SettingsDep,
    work_id: WorkId,
    index: Index,
) -> dict[str, Any]:
    """Run QA on the target; store it with its previous and next segments as context.

    Error-level findings refuse it (422 `qa_refused`, findings in `details`) unless
    `override_reason` is given; warnings come back in `findings`. Identical later segments are
    filled as repetitions (`repetitions`: their indexes)."""
    check_text(settings, body.target, "target")
    work = works.get(_owner(key), work_id)
    check_memory(key, work.settings["memory"])
    work, findings, filled = confirm_segment(
        works,
        store,
        work,
        index,
        body.target,
        glossary=glossary_concepts(gstore, None),
        creator=_who(key),
        override_reason=body.override_reason or None,
    )
    segments = work.as_dict()["segments"]
    return {
        "segment": segments[index],
        "findings": [f.as_dict() for f in findings],
        "repetitions": filled,
        "progress": work.progress(),
    }


@router.get(
    "/v1/workbench/work/{work_id}/download",
    tags=["workbench"],
    include_in_schema=False,
    summary="Download the translation",
    response_class=Response,
)
def download(
    key: Reader,
    works: Works,
    work_id: WorkId,
    as_: Annotated[
        Literal["document", "xliff"],
        Query(alias="as", description="The document in its own format, or XLIFF."),
    ] = "document",
) -> Response:
    """The document with the confirmed and repeated targets (the source elsewhere), or XLIFF."""
    work = works.get(_owner(key), work_id)
    done = {
        k: t["target"]
        for k, t in work.targets.items()
        if t.get("status") in ("confirmed", "repetition")
    }
    doc = translated(work.document(), done)
    target_lang = work.settings["target_lang"]
    stem = work.name.rsplit(".", 1)[0] or "document"
    if as_ == "xliff":
        data, media, suffix = xliff_bytes(work.original, doc, target_lang), *FORMATS["xliff"]
    else:
        data = document_bytes(work.original, doc, target_lang)
        media, suffix = FORMATS[work.format]
    name = f"{stem}.{target_lang}{suffix}".replace('"', "")
    return Response(
        data, media_type=media, headers={"Content-Disposition": f'attachment; filename="{name}"'}
    )
