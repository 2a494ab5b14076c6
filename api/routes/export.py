"""TMX export of a memory, streamed as it is written (``tm.transfer.export_tmx``)."""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import StreamingResponse

from mkutano.api.deps import MemoryName, Reader, StoreDep, check_date, check_memory
from mkutano.tm.transfer import export_tmx
from mkutano.tmx import normalize_language

router = APIRouter(prefix="/v1/memories/{name}", tags=["memories"])
log = logging.getLogger("mkutano.api")

TMX_MEDIA_TYPE = "application/x-tmx+xml"
_DONE = object()


class _Pipe:
    """A write-only binary file handing its chunks to the response through a bounded queue."""

    def __init__(self, chunks: queue.Queue[Any], cancelled: threading.Event) -> None:
        self.chunks = chunks
        self.cancelled = cancelled
        self.name = "<http response>"

    def write(self, data: bytes) -> int:
        while True:
            if self.cancelled.is_set():
                raise OSError("the client stopped reading the export")
            try:
                self.chunks.put(bytes(data), timeout=0.5)
                return len(data)
            except queue.Full:
                continue

    def flush(self) -> None:
        return None


def stream_tmx(store: Any, memory: str, **filters: Any) -> Iterator[bytes]:
    """The TMX export of ``memory`` as chunks of bytes, written by a thread as they are read."""
    chunks: queue.Queue[Any] = queue.Queue(maxsize=64)
    cancelled = threading.Event()

    def produce() -> None:
        try:
            export_tmx(store, _Pipe(chunks, cancelled), memories=[memory], **filters)  # type: ignore[arg-type]
            item: Any = _DONE
        except Exception as exc:  # reported after the bytes already sent
            item = exc
        while not cancelled.is_set():
            try:
                chunks.put(item, timeout=0.5)
                return
            except queue.Full:
                continue

    threading.Thread(target=produce, name="mkutano-export", daemon=True).start()
    try:
        while True:
            item = chunks.get()
            if item is _DONE:
                return
            if isinstance(item, Exception):
                log.error("export of memory %r stopped: %s", memory, item)
                return
            yield item
    finally:
        cancelled.set()


@router.get(
    "/export",
    response_class=StreamingResponse,
    summary="Export a memory as TMX",
    responses={
        200: {
            "description": "A TMX 1.4b file, streamed.",
            "content": {
                TMX_MEDIA_TYPE: {
                    "schema": {"type": "string", "format": "binary"},
                    "example": '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">...',
                }
            },
        }
    },
)
def export_memory(
    key: Reader,
    store: StoreDep,
    name: MemoryName,
    lang: Annotated[
        list[str] | None,
        Query(description="Only units with each of these languages, and only those variants."),
    ] = None,
    changed_since: Annotated[
        str | None, Query(max_length=40, description="Changed on or after (YYYY-MM-DD).")
    ] = None,
    changed_until: Annotated[
        str | None, Query(max_length=40, description="Changed on or before (YYYY-MM-DD).")
    ] = None,
) -> StreamingResponse:
    """Download the memory's units as a TMX file, written while it is sent (constant memory).

    With one imported file in the memory, its header is written back (lossless round trip)."""
    check_memory(key, name)
    # Refuse bad input with a proper error before the first byte is sent.
    store.get_memory(name)
    languages = [normalize_language(t) for t in lang] if lang else None
    check_date(changed_since, "changed_since")
    check_date(changed_until, "changed_until")
    return StreamingResponse(
        stream_tmx(
            store,
            name,
            languages=languages,
            changed_since=changed_since,
            changed_until=changed_until,
        ),
        media_type=TMX_MEDIA_TYPE,
        headers={"Content-Disposition": f'attachment; filename="{name}.tmx"'},
    )
