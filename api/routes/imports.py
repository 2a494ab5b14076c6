"""TMX import as a background job: upload, then follow ``/v1/jobs/{id}`` (``tm.transfer``)."""

from __future__ import annotations

import re
import shutil
import tempfile
from collections.abc import Sequence
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Depends, Query, Request, Response

from mkutano.api.deps import Admin, MemoryName, StoreDep, check_memory, get_glossaries, get_jobs
from mkutano.api.errors import ApiError
from mkutano.api.jobs import JobRunner, Progress
from mkutano.api.schemas import ErrorResponse, ImportAccepted
from mkutano.glossaries.qa import import_screen
from mkutano.tm.transfer import import_file
from mkutano.tmx.formats import BILINGUAL_FORMATS, FileFormat, UnsupportedFormatError, require

from ._glossary import glossary_concepts

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


def require_upload(path: FilePath, allowed: Sequence[str]) -> FileFormat:
    """The format of an upload saved by :func:`save_upload` if it is one of ``allowed``.

    Otherwise (a PDF, an encrypted Office file, a binary...) the upload is deleted and
    :class:`UnsupportedFormatError` (415) names the file as sent, what it is and what is taken.
    """
    try:
        return require(path, allowed)
    except UnsupportedFormatError as exc:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise UnsupportedFormatError(str(exc).replace(str(path), path.name, 1)) from None


@router.post(
    "/import",
    status_code=202,
    response_model=ImportAccepted,
    summary="Import a TMX or bilingual XLIFF file (background job)",
    responses={
        415: {
            "model": ErrorResponse,
            "description": "The body is neither TMX nor a bilingual XLIFF/SDLXLIFF/MQXLIFF file.",
        }
    },
    openapi_extra={"requestBody": TMX_BODY},
)
async def import_memory(
    request: Request,
    response: Response,
    key: Admin,
    store: StoreDep,
    jobs: Annotated[JobRunner, Depends(get_jobs)],
    gstore: Annotated[Any, Depends(get_glossaries)],
    name: MemoryName,
    filename: Annotated[
        str, Query(max_length=200, description="The file's name, kept as the units' origin.")
    ] = "upload.tmx",
    project: Annotated[str | None, Query(max_length=200)] = None,
    strict: Annotated[bool, Query(description="Stop at the first broken unit.")] = False,
    lenient: Annotated[
        bool,
        Query(
            description="A TMX that breaks off part-way (truncated, not well-formed): store the"
            ' units before the break (the report says "complete": false) instead of nothing'
            " (the job fails)."
        ),
    ] = False,
    qa_policy: Annotated[
        Literal["refuse", "flag", "off"] | None,
        Query(
            description="What units with QA errors do: flag (stored with the prop x-qa-flag),"
            " refuse (not stored, listed as skipped) or off. Default: the memory's policy,"
            " else flag. The report counts them (flagged, refused, qa_findings)."
        ),
    ] = None,
) -> dict[str, Any]:
    """Upload a TMX file, or a bilingual XLIFF 1.2/2.x, SDLXLIFF or MQXLIFF file (its confirmed
    segments), as the request body; it is imported into the memory (created when missing) by a
    background job. Poll `status_url` for progress and the import report. Any other format is
    415 before a job is queued."""
    check_memory(key, name)
    path = await save_upload(request, safe_filename(filename, "upload.tmx"))
    fmt = require_upload(path, BILINGUAL_FORMATS)  # refused before a job is queued

    def work(progress: Progress) -> dict[str, Any]:
        try:
            screen = import_screen(
                store,
                name,
                policy=qa_policy,
                glossary=glossary_concepts(gstore, None),
                name=path.name,
            )
            report = import_file(
                store,
                path,
                memory=name,
                project=project,
                strict=strict,
                progress=progress,
                screen=screen,
                lenient=lenient,
            )
            return {**report.as_dict(), "memory": name, "file": path.name}
        finally:
            shutil.rmtree(path.parent, ignore_errors=True)

    kind = "import-tmx" if fmt.name == "tmx" else f"import-{fmt.name}"
    job = await anyio.to_thread.run_sync(lambda: jobs.submit(kind, name, work))
    url = f"/v1/jobs/{job.id}"
    response.headers["Location"] = url
    return {"job": job.as_dict(), "status_url": url}
