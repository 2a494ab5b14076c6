"""The import loop every store shares: validate, tokenise ahead, write in transactional batches.

The input is read in batches of ``batch_size`` units. Tokenising (the costly part) runs on
worker processes for the batches ahead while the calling process writes the current one, so both
cores work on a large import. Each batch is handed to the store's ``write_batch``, which must
write it atomically. A failure while reading the input or writing a batch loses that batch only:
the batches read before it are written, then :class:`tm.store.ImportAborted` is raised.
"""

from __future__ import annotations

import collections
import concurrent.futures
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from tmx import Unit

from .errors import InvalidInputError
from .prepared import PreparedUnit, Preparer, validate_unit
from .store import ImportAborted, ImportReport, ProgressCallback

__all__ = ["WriteBatch", "run_import"]

#: Writes a batch atomically, adding its counts (added, merged, alternatives) to the report.
WriteBatch = Callable[[list[PreparedUnit], ImportReport], None]

_Batch = tuple[list[Unit], "concurrent.futures.Future[Any]"]


def _label(origin: str) -> str:
    return origin.split(":", 1)[1] if origin.startswith(("import:", "alignment:")) else origin


def _batches(
    units: Iterable[Unit], size: int, report: ImportReport, label: str
) -> Iterator[list[Unit]]:
    batch: list[Unit] = []
    for unit in units:
        report.units_read += 1
        try:
            validate_unit(unit)
        except InvalidInputError as exc:
            where = f"{label}:{unit.line}" if unit.line is not None else label
            report.skipped.append(f"{where}: {exc}; skipped")
            continue
        batch.append(unit)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


def run_import(
    units: Iterable[Unit],
    write_batch: WriteBatch,
    *,
    origin: str,
    srclang: str | None = None,
    batch_size: int = 2000,
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
        source = _batches(units, batch_size, report, label)

        def flush_one() -> None:
            nonlocal done
            batch, fut = pending.popleft()
            prepared = preparer.result(fut, batch, srclang)
            write_batch(prepared, report)
            done += len(batch)
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
                yield from source
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
