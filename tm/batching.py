"""The import loop every store shares: read ahead, validate and tokenise ahead, write in batches.

The input is read in batches of ``batch_size`` units on a reader thread. Validating and
tokenising (the costly part) run on worker processes for the batches ahead while the calling
process writes the current one, so both cores work on a large import. Units that cannot be stored
are reported as skipped, with their line, in input order. Each batch is handed to the store's
``write_batch``, which must write it atomically. A failure while reading the input or writing a
batch loses that batch only: the batches read before it are written, then
:class:`tm.store.ImportAborted` is raised.
"""

from __future__ import annotations

import collections
import concurrent.futures
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from tmx import Unit

from .errors import InvalidInputError
from .prepared import PreparedUnit, Preparer
from .store import DEFAULT_BATCH_SIZE, ImportAborted, ImportReport, ProgressCallback

__all__ = ["WriteBatch", "run_import"]

#: Writes a batch atomically, adding its counts (added, merged, alternatives) to the report.
WriteBatch = Callable[[list[PreparedUnit], ImportReport], None]

_Batch = tuple[list[Unit], "concurrent.futures.Future[Any]"]


def _label(origin: str) -> str:
    return origin.split(":", 1)[1] if origin.startswith(("import:", "alignment:")) else origin


def _batches(units: Iterable[Unit], size: int, report: ImportReport) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    for unit in units:
        report.units_read += 1
        batch.append(unit)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


_END = object()  # what the reader thread sends after the last batch


def _read_ahead(source: Iterator[list[Unit]], depth: int) -> Iterator[list[Unit]]:
    """Yield the batches of ``source``, read on a thread of their own, ``depth`` batches ahead.

    Parsing the input is Python work; the database releases the GIL while it writes, so the
    next batches are read while the current one is written instead of after it. An exception of
    the input is raised here after the batches read before it.
    """
    ready: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def send(item: object) -> bool:
        while not stop.is_set():
            try:
                ready.put(item, timeout=0.1)
                return True
            except queue.Full:
                continue
        return False

    def run() -> None:
        try:
            for batch in source:
                if not send(batch):
                    return
        except Exception as exc:  # handed to the writing side, which keeps what came before
            send(exc)
            return
        send(_END)

    reader = threading.Thread(target=run, name="mkutano-import-reader", daemon=True)
    reader.start()
    try:
        while (item := ready.get()) is not _END:
            if isinstance(item, Exception):
                raise item
            yield cast("list[Unit]", item)
    finally:
        stop.set()
        reader.join(timeout=30)


def run_import(
    units: Iterable[Unit],
    write_batch: WriteBatch,
    *,
    origin: str,
    srclang: str | None = None,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
) -> ImportReport:
    """Import ``units`` through ``write_batch``; return the report (see module docstring)."""
    if batch_size < 1:
        raise InvalidInputError(f"batch_size must be at least 1, got {batch_size}")
    report = ImportReport()
    label = _label(origin)
    done = 0
    with Preparer(workers) as preparer:
        ahead = max(2, 2 * preparer.workers)
        pending: collections.deque[_Batch] = collections.deque()
        source = _batches(units, batch_size, report)

        def flush_one() -> None:
            nonlocal done
            batch, fut = pending.popleft()
            prepared, invalid = preparer.result(fut, batch, srclang)
            for unit, reason in invalid:  # validated on the workers, reported in input order
                where = f"{label}:{unit.line}" if unit.line is not None else label
                report.skipped.append(f"{where}: {reason}; skipped")
            if prepared:
                write_batch(prepared, report)
            done += len(prepared)
            if progress is not None:
                progress(done + len(report.skipped))

        def fail(exc: BaseException, what: str) -> ImportAborted:
            return ImportAborted(
                f"import stopped after {done} units ({what}: {exc}); the batch in progress was"
                f" rolled back, {report.added + report.merged + report.alternatives} units"
                " committed before it stay",
                report,
            )

        input_error: Exception | None = None

        def read() -> Iterator[list[Unit]]:
            nonlocal input_error
            try:
                # the first two batches inline: the worker processes are started (forked) by
                # their submission, before the reader thread exists
                for _ in range(2):
                    batch = next(source, None)
                    if batch is None:
                        return
                    yield batch
                yield from _read_ahead(source, 2)
            except Exception as exc:  # the reader failed: keep what was read before
                input_error = exc

        batches = read()
        try:
            first = next(batches, None)
            second = next(batches, None) if first is not None else None
            parallel = second is not None
            for batch in (first, second):
                if batch is not None:
                    pending.append((batch, preparer.submit(batch, srclang, parallel=parallel)))
            for batch in batches:
                pending.append((batch, preparer.submit(batch, srclang, parallel=True)))
                while len(pending) > ahead:
                    flush_one()
            while pending:
                flush_one()
        except (KeyboardInterrupt, SystemExit):
            raise
        except Exception as exc:
            raise fail(exc, "write failed") from exc
        if input_error is not None:
            raise fail(input_error, "input failed") from input_error
    return report
