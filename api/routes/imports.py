"""TMX import as a background job: upload, then follow ``/v1/jobs/{id}`` (``tm.transfer``)."""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path as FilePath
from typing import Annotated, Any

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response

from tm.transfer import import_tmx

from ..deps import Admin, MemoryName, StoreDep, check_memory, get_jobs
from ..errors import ApiError
from ..jobs import JobRunner, Progress
from ..schemas import ImportAccepted

router = APIRouter(prefix="/v1/memories/{name}", tags=["memories"])

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")

TMX_BODY = {
    "required": True,
    "description": "The TMX file itself, as the raw request body (not a multipart form).",
    "content": {
        "application/x-tmx+xml": {
            "schema": {"type": "string", "format": "binary"},
            "example": '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header '
            'creationtool="cms" creationtoolversion="1" segtype="sentence" o-tmf="cms" '
            'adminlang="en" srclang="it" datatype="plaintext"/><body><tu><tuv xml:lang="it">'
            '<seg>Il Gruppo Roma/Lione.</seg></tuv><tuv xml:lang="sw"><seg>Kundi la Roma/Lyon.'
            "</seg></tuv></tu></body></tmx>",
        }
    },
}


def safe_filename(value: str, default: str) -> str:
    """A file name without directories or odd characters, for the units' ``origin``."""
    base = _SAFE_NAME.sub("_", value.replace("\\", "/").rsplit("/", 1)[-1]).strip("._")
    return base[:100] or default


async def save_upload(request: Request, filename: str) -> FilePath:
    """Stream the request body into a new temporary directory; return the file's path.

    The body limit middleware stops the stream (413) past ``max_upload_bytes``.
    """
    folder = FilePath(tempfile.mkdtemp(prefix="mkutano-upload-"))
    path = folder / filename
    size = 0
    try:
        async with await anyio.open_file(path, "wb") as out:
            async for chunk in request.stream():
                size += len(chunk)
                await out.write(chunk)
        if size == 0:
            raise ApiError(
                422, "empty_upload", "the request body is empty: send the file as the body"
            )
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return path


@router.post(
    "/import",
    status_code=202,
    response_model=ImportAccepted,
    summary="Import a TMX file (background job)",
    openapi_extra={"requestBody": TMX_BODY},
)
async def import_memory(
    request: Request,
    response: Response,
    key: Admin,
    store: StoreDep,
    jobs: Annotated[JobRunner, Depends(get_jobs)],
    name: MemoryName,
    filename: Annotated[
        str, Query(max_length=200, description="The file's name, kept as the units' origin.")
    ] = "upload.tmx",
    project: Annotated[str | None, Query(max_length=200)] = None,
    strict: Annotated[bool, Query(description="Stop at the first broken unit.")] = False,
) -> dict[str, Any]:
    """Upload a TMX file as the request body; it is imported into the memory (created when
    missing) by a background job. Poll `status_url` for progress and the import report."""
    check_memory(key, name)
    path = await save_upload(request, safe_filename(filename, "upload.tmx"))

    def work(progress: Progress) -> dict[str, Any]:
        try:
            report = import_tmx(
                store, path, memory=name, project=project, strict=strict, progress=progress
            )
            return {**report.as_dict(), "memory": name, "file": path.name}
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)

    job = await anyio.to_thread.run_sync(lambda: jobs.submit("import-tmx", name, work))
    url = f"/v1/jobs/{job.id}"
    response.headers["Location"] = url
    return {"job": job.as_dict(), "status_url": url}
