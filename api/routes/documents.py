"""Documents: match analysis and pre-translation to XLIFF (``tm.analysis``, ``tm.pretranslate``).

The document (plain text, HTML, DOCX or ODT) is the raw request body; it is segmented with the
default rules of its language, as ``mkutano analyze`` and ``mkutano pretranslate`` do. Its format
is identified from its content first (``tmx.formats.require``), as the CLI does: a PDF, an
encrypted Office file or any other binary is 415 ``unsupported_format``, naming what it is and
the formats taken.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path as FilePath
from typing import Annotated, Any, Literal

import anyio
from fastapi import APIRouter, Query, Request, Response

from mkutano.api.auth import ApiKey
from mkutano.api.deps import (
    MetricsDep,
    Reader,
    SettingsDep,
    StoreDep,
    check_memories,
    check_threshold,
)
from mkutano.api.errors import ApiError
from mkutano.api.schemas import AnalysisResponse, ErrorResponse
from mkutano.tm.analysis import analyze
from mkutano.tm.pretranslate import pretranslate
from mkutano.tmx import TMXError
from mkutano.tmx.document import Document
from mkutano.tmx.formats import DOCUMENT_FORMATS, UnsupportedFormatError
from mkutano.tmx.html import read_html_document
from mkutano.tmx.office import read_office_document
from mkutano.tmx.text import read_text_document

from .imports import require_upload, safe_filename, save_upload

router = APIRouter(prefix="/v1", tags=["documents"])

XLIFF_MEDIA_TYPE = "application/x-xliff+xml"

DOCUMENT_BODY = {
    "required": True,
    "description": "The source document itself as the raw body: plain text (UTF-8, paragraphs "
    "separated by blank lines), HTML, DOCX or ODT (recognised from the content). Anything else "
    "(PDF, encrypted or legacy Office files, binaries) is 415.",
    "content": {
        "text/plain": {
            "schema": {"type": "string", "format": "binary"},
            "example": "Il Gruppo Roma/Lione si è riunito a Roma.\n\nLa riunione è durata due giorni.",
        },
        "text/html": {
            "schema": {"type": "string", "format": "binary"},
            "example": "<p>Il Gruppo Roma/Lione si è riunito a <b>Roma</b>.</p>",
        },
    },
}

SourceLang = Annotated[str, Query(max_length=35, description="The document's language.")]
TargetLang = Annotated[str, Query(max_length=35, description="The language to translate into.")]
DocFormat = Annotated[
    Literal["text", "html"],
    Query(description="How to read a text body: plain text or HTML (DOCX/ODT: by content)."),
]
FileName = Annotated[
    str, Query(max_length=200, description="The document's name (shown in the report / XLIFF).")
]
UNSUPPORTED: dict[int | str, dict[str, Any]] = {
    415: {
        "model": ErrorResponse,
        "description": "The body is not plain text, HTML, DOCX or ODT (e.g. a PDF, an encrypted "
        "Office file, a binary): the message names what it is.",
    }
}
Memories = Annotated[
    list[str] | None, Query(description="Look only in these memories (repeatable).")
]


def _read(path: FilePath, fmt: str, lang: str) -> Document:
    found = require_upload(path, DOCUMENT_FORMATS)
    if found.name in ("docx", "odt"):
        return read_office_document(path, lang)
    return read_html_document(path, lang) if fmt == "html" else read_text_document(path, lang)


async def _document(request: Request, filename: str, fmt: str, lang: str) -> Document:
    default = "document.html" if fmt == "html" else "document.txt"
    path = await save_upload(request, safe_filename(filename, default))
    try:
        document = await anyio.to_thread.run_sync(_read, path, fmt, lang)
    except UnsupportedFormatError:
        raise
    except TMXError as exc:  # name the client's file, not the temporary copy
        message = str(exc).replace(f"{path.parent}{os.sep}", "")
        raise ApiError(422, "invalid_document", message) from None
    finally:
        shutil.rmtree(path.parent, ignore_errors=True)
    document.name = path.name  # the client's name, not the temporary path
    return document


def _memories(key: ApiKey, memory: list[str] | None) -> list[str] | None:
    return check_memories(key, memory)


@router.post(
    "/analyze",
    response_model=AnalysisResponse,
    summary="Count a document's words per match band",
    responses=UNSUPPORTED,
    openapi_extra={"requestBody": DOCUMENT_BODY},
)
async def analyze_document(
    request: Request,
    key: Reader,
    store: StoreDep,
    metrics: MetricsDep,
    source_lang: SourceLang,
    target_lang: TargetLang,
    format: DocFormat = "text",
    filename: FileName = "document.txt",
    memory: Memories = None,
    details: Annotated[bool, Query(description="Add every segment's band and match.")] = False,
) -> dict[str, Any]:
    """Analyse a document against the memories: segments, words and characters per band
    (repetitions, context, 100, 95–99, 85–94, 75–84, 50–74, no match), as `mkutano analyze`."""
    memories = _memories(key, memory)
    document = await _document(request, filename, format, source_lang)
    report = await anyio.to_thread.run_sync(
        lambda: analyze(
            store, [document], source_lang=source_lang, target_lang=target_lang, memories=memories
        )
    )
    metrics.count_lookup("analyze")
    return report.as_dict(details=details)


@router.post(
    "/pretranslate",
    response_class=Response,
    summary="Pre-translate a document into XLIFF",
    openapi_extra={"requestBody": DOCUMENT_BODY},
    responses={
        **UNSUPPORTED,
        200: {
            "description": "The XLIFF file: best matches as targets, others as proposals.",
            "content": {
                XLIFF_MEDIA_TYPE: {
                    "schema": {"type": "string", "format": "binary"},
                    "example": '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2" ...',
                }
            },
        },
    },
)
async def pretranslate_document(
    request: Request,
    key: Reader,
    store: StoreDep,
    settings: SettingsDep,
    metrics: MetricsDep,
    source_lang: SourceLang,
    target_lang: TargetLang,
    format: DocFormat = "text",
    filename: FileName = "document.txt",
    memory: Memories = None,
    xliff: Annotated[
        Literal["xliff12", "xliff21"], Query(description="XLIFF 1.2 (alt-trans) or 2.1 (mtc).")
    ] = "xliff12",
    threshold: Annotated[
        float, Query(ge=1, le=101, description="Lowest score put in as the target.")
    ] = 75.0,
) -> Response:
    """Pre-translate a document from the memories, as `mkutano pretranslate`: the best match
    at or above `threshold` becomes each segment's target, other matches are proposals."""
    check_threshold(settings, threshold)
    memories = _memories(key, memory)
    document = await _document(request, filename, format, source_lang)
    result = await anyio.to_thread.run_sync(
        lambda: pretranslate(
            store,
            document,
            source_lang=source_lang,
            target_lang=target_lang,
            threshold=threshold,
            fmt=xliff,
            memories=memories,
        )
    )
    metrics.count_lookup("pretranslate")
    name = FilePath(safe_filename(filename, "document")).stem + ".xlf"
    return Response(
        result.to_bytes(),
        media_type=XLIFF_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
