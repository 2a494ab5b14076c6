"""The OmegaT project feed: a memory as TMX (or TMX.gz), a glossary as TBX or OmegaT's TSV.

Each answer carries an ``ETag``; a client sending it back in ``If-None-Match`` gets ``304`` with
no body while nothing changed, so a script can refresh ``tm/mkutano/`` and
``glossary/mkutano.txt`` every time a project opens at little cost (``docs/omegat.md``). A
memory's tag comes from :func:`tm.memory_fingerprint` (one aggregate query, no export); a
glossary's is the digest of the file written.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path as FilePath
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import FileResponse, StreamingResponse
from starlette.background import BackgroundTask

from mkutano.api.deps import MemoryName, Reader, StoreDep, check_memory, get_glossaries
from mkutano.glossaries import export_glossary
from mkutano.tm import memory_fingerprint
from mkutano.tm.prepared import date_bound
from mkutano.tmx import normalize_language

from .export import TMX_MEDIA_TYPE, stream_tmx
from .glossaries import GlossaryName
from .imports import safe_filename

__all__ = ["etag_matches", "router"]

router = APIRouter(tags=["CAT tools: OmegaT project feed"])
GStore = Annotated[Any, Depends(get_glossaries)]

_GZIP_MEDIA_TYPE = "application/gzip"
_TSV_MEDIA_TYPE = "text/tab-separated-values; charset=utf-8"
_TBX_MEDIA_TYPE = "application/x-tbx+xml"

IfNoneMatch = Annotated[
    str | None,
    Header(description="An ETag from an earlier answer: 304 while it is still current."),
]
Languages = Annotated[
    list[str] | None,
    Query(description="Only units with each of these languages, and only those variants."),
]
Since = Annotated[str | None, Query(max_length=40, description="Changed on or after (YYYY-MM-DD).")]
Until = Annotated[
    str | None, Query(max_length=40, description="Changed on or before (YYYY-MM-DD).")
]


def _tag(*parts: object) -> str:
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()
    return f'"{digest[:32]}"'


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """Whether an ``If-None-Match`` header names ``etag`` (weak or strong) or is ``*``."""
    if not if_none_match:
        return False
    wanted = etag.removeprefix("W/")
    for candidate in if_none_match.split(","):
        candidate = candidate.strip()
        if candidate == "*" or candidate.removeprefix("W/") == wanted:
            return True
    return False


def _not_modified(etag: str) -> Response:
    return Response(status_code=304, headers={"ETag": etag})


def _gzip(chunks: Iterable[bytes]) -> Iterator[bytes]:
    packer = zlib.compressobj(6, zlib.DEFLATED, 31)  # 31: a gzip header and trailer
    for chunk in chunks:
        packed = packer.compress(chunk)
        if packed:
            yield packed
    yield packer.flush()


def _responses(description: str, examples: dict[str, str]) -> dict[int | str, dict[str, Any]]:
    binary = {"type": "string", "format": "binary"}
    content = {ctype: {"schema": binary, "example": ex} for ctype, ex in examples.items()}
    return {
        200: {"description": f"{description}, with an `ETag`.", "content": content},
        304: {"description": "Unchanged since the `If-None-Match` tag."},
    }


_TMX_EXAMPLE = '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">...'


def _export(
    request: Request,
    key: Any,
    store: Any,
    name: str,
    lang: list[str] | None,
    changed_since: str | None,
    changed_until: str | None,
    if_none_match: str | None,
    *,
    gz: bool,
) -> Response:
    check_memory(key, name)
    languages = [normalize_language(t) for t in lang] if lang else None
    date_bound(changed_since, upper=False)
    date_bound(changed_until, upper=True)
    etag = _tag(
        memory_fingerprint(store, name),
        request.app.version,  # a new release may write the same memory differently
        gz,
        ",".join(languages or ()),
        changed_since or "",
        changed_until or "",
    )
    if etag_matches(if_none_match, etag):
        return _not_modified(etag)
    chunks = stream_tmx(
        store,
        name,
        languages=languages,
        changed_since=changed_since,
        changed_until=changed_until,
    )
    filename = f"{safe_filename(name, 'memory')}.tmx" + (".gz" if gz else "")
    return StreamingResponse(
        _gzip(chunks) if gz else chunks,
        media_type=_GZIP_MEDIA_TYPE if gz else TMX_MEDIA_TYPE,
        headers={"ETag": etag, "Content-Disposition": f'attachment; filename="{filename}"'},
    )


def export_tmx_file(
    request: Request,
    key: Reader,
    store: StoreDep,
    name: MemoryName,
    lang: Languages = None,
    changed_since: Since = None,
    changed_until: Until = None,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """The memory's units as TMX (what `tm/` or `tm/auto/` of an OmegaT project reads), gzipped
    for `.tmx.gz`, or 304 when `If-None-Match` names the current tag."""
    gz = request.url.path.endswith(".gz")
    return _export(
        request, key, store, name, lang, changed_since, changed_until, if_none_match, gz=gz
    )


for _suffix, _what, _ctype in (
    ("", "TMX", TMX_MEDIA_TYPE),
    (".gz", "gzipped TMX", _GZIP_MEDIA_TYPE),
):
    router.add_api_route(
        f"/v1/memories/{{name}}/export.tmx{_suffix}",
        export_tmx_file,
        methods=["GET"],
        response_class=StreamingResponse,
        summary=f"OmegaT feed: the memory as {_what}, with an ETag",
        responses=_responses(f"The memory as {_what}, streamed", {_ctype: _TMX_EXAMPLE}),
    )


def _glossary_file(
    gstore: Any,
    gname: str,
    if_none_match: str | None,
    *,
    format: str,
    ext: str,
    media_type: str,
    source_lang: str,
    target_lang: str | None,
) -> Response:
    gstore.get_glossary(gname)
    folder = FilePath(tempfile.mkdtemp(prefix="mkutano-feed-"))
    path = folder / f"{safe_filename(gname, 'glossary')}.{ext}"
    try:
        export_glossary(
            gstore, gname, path, format=format, source_lang=source_lang, target_lang=target_lang
        )
        etag = _tag(hashlib.sha256(path.read_bytes()).hexdigest())
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    if etag_matches(if_none_match, etag):
        shutil.rmtree(folder, ignore_errors=True)
        return _not_modified(etag)
    return FileResponse(
        path,
        media_type=media_type,
        filename=path.name,
        headers={"ETag": etag},
        background=BackgroundTask(shutil.rmtree, folder, ignore_errors=True),
    )


@router.get(
    "/v1/glossaries/{gname}/export.tbx",
    response_class=FileResponse,
    summary="OmegaT feed: the glossary as TBX, with an ETag",
    responses=_responses(
        "TBX v3 (TBX-Basic, DCA style)",
        {_TBX_MEDIA_TYPE: '<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" ...'},
    ),
)
def export_tbx_file(
    key: Reader,
    gstore: GStore,
    gname: GlossaryName,
    if_none_match: IfNoneMatch = None,
) -> Response:
    """The glossary as TBX v3, or 304 when `If-None-Match` names the current tag."""
    return _glossary_file(
        gstore,
        gname,
        if_none_match,
        format="tbx",
        ext="tbx",
        media_type=_TBX_MEDIA_TYPE,
        source_lang="en",
        target_lang=None,
    )


@router.get(
    "/v1/glossaries/{gname}/export.txt",
    response_class=FileResponse,
    summary="OmegaT feed: the glossary as OmegaT's tab-separated file, with an ETag",
    responses=_responses(
        "One line per usable source term: source, preferred target, note",
        {_TSV_MEDIA_TYPE: "terrorismo\tugaidi\t\n"},
    ),
)
def export_omegat_file(
    key: Reader,
    gstore: GStore,
    gname: GlossaryName,
    source_lang: Annotated[str, Query(max_length=35, description="The project's source.")],
    target_lang: Annotated[str, Query(max_length=35, description="The project's target.")],
    if_none_match: IfNoneMatch = None,
) -> Response:
    """The glossary for one direction as OmegaT reads `glossary/*.txt` (UTF-8, tab-separated),
    or 304 when `If-None-Match` names the current tag."""
    return _glossary_file(
        gstore,
        gname,
        if_none_match,
        format="omegat",
        ext="txt",
        media_type=_TSV_MEDIA_TYPE,
        source_lang=normalize_language(source_lang),
        target_lang=normalize_language(target_lang),
    )
