"""The import loop every store shares: read ahead, validate and tokenise ahead, write in batches.

The input is read on a reader thread in pieces of at most :data:`PIECE_SIZE` units. Validating
and tokenising (the costly part) run on worker processes for the pieces ahead while the calling
process writes, so both cores work on a large import. A batch of ``batch_size`` units (one or
more pieces) is handed to the store's ``write_batch``, which must write it atomically: a batch
is the unit of a transaction, a piece only the unit of work of a worker. Few large transactions
are much cheaper than many small ones (each commit rewrites the index pages the batch touched),
while small pieces keep the memory of the work in flight bounded.

Units that cannot be stored are reported as skipped, with their line, in input order. A failure
while reading the input or writing a batch loses that batch only: the batches read before it are
written, then :class:`tm.store.ImportAborted` is raised.
"""

from __future__ import annotations

import collections
import concurrent.futures
import contextlib
import queue
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any, cast

from tmx import Unit

from .errors import InvalidInputError
from .prepared import PreparedUnit, Preparer
from .store import DEFAULT_BATCH_SIZE, ImportAborted, ImportReport, ProgressCallback

__all__ = ["PIECE_SIZE", "WriteBatch", "run_import"]

#: Writes a batch atomically, adding its counts (added, merged, alternatives) to the report.
WriteBatch = Callable[[list[PreparedUnit], ImportReport], None]

#: Units per piece of work sent to a worker process (a batch is split into pieces this size or
#: smaller). Big enough to amortise a round trip, small enough to keep both cores busy and the
#: units in flight (about eight pieces: read ahead, on the workers, being written) small: at 1M
#: units of long sentences, 5,000 took the import's peak (with its workers) from 1,390 to
#: 1,053 MiB against 10,000, at the same speed.
PIECE_SIZE = 5_000

# a piece, whether it ends its batch, and the future of its preparation
_Piece = tuple[list[Unit], bool]
_Pending = tuple[list[Unit], bool, "concurrent.futures.Future[Any]"]


def _label(origin: str) -> str:
    return origin.split(":", 1)[1] if origin.startswith(("import:", "alignment:")) else origin


def _pieces(units: Iterable[Unit], batch_size: int, report: ImportReport) -> Iterator[_Piece]:
    """The input in pieces of at most PIECE_SIZE units, each batch of ``batch_size`` split into
    pieces of near-equal size; a piece says whether it is the last of its batch."""
    per_batch = -(-batch_size // PIECE_SIZE)  # pieces per batch
    size = -(-batch_size // per_batch)
    piece: list[Unit] = []
    in_batch = 0
    for unit in units:
        report.units_read += 1
        piece.append(unit)
        in_batch += 1
        if in_batch == batch_size:
            yield piece, True
            piece, in_batch = [], 0
        elif len(piece) == size:
            yield piece, False
            piece = []
    if piece or in_batch:
        yield piece, True


_END = object()  # what the reader thread sends after the last batch


def _read_ahead(source: Iterator[_Piece], depth: int) -> Iterator[_Piece]:
    """Yield the pieces of ``source``, read on a thread of their own, ``depth`` pieces ahead.

    Parsing the input is Python work; the database releases the GIL while it writes, so the
    next pieces are read while the current batch is written instead of after it. An exception of
    the input is raised here after the pieces read before it.
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
            for piece in source:
                if not send(piece):
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
            yield cast("_Piece", item)
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
    transaction: Callable[[], contextlib.AbstractContextManager[object]] | None = None,
) -> ImportReport:
    """Import ``units`` through ``write_batch``; return the report (see module docstring).

    With ``transaction`` (a store whose writes nest in an outer transaction), each piece is
    written as soon as it is prepared, inside one transaction per batch: only pieces are held
    in memory. Without it, the prepared pieces of a batch are held and written in one call.
    """
    if batch_size < 1:
        raise InvalidInputError(f"batch_size must be at least 1, got {batch_size}")
    report = ImportReport()
    label = _label(origin)
    done = 0
    open_tx: list[contextlib.AbstractContextManager[object]] = []  # the batch's, while open
    with Preparer(workers) as preparer:
        ahead = max(2, 2 * preparer.workers)
        pending: collections.deque[_Pending] = collections.deque()
        source = _pieces(units, batch_size, report)
        held: list[PreparedUnit] = []  # without ``transaction``: the batch's prepared pieces
        batch = ImportReport()  # what the batch being written did, counted once it commits

        def flush_one() -> None:
            nonlocal done, held, batch
            piece, last, fut = pending.popleft()
            prepared, invalid = preparer.result(fut, piece, srclang)
            for unit, reason in invalid:  # validated on the workers, reported in input order
                where = f"{label}:{unit.line}" if unit.line is not None else label
                batch.skipped.append(f"{where}: {reason}; skipped")
            if transaction is None:
                held += prepared
                prepared = held if last else []
            elif prepared and not open_tx:  # the batch's first write opens its transaction
                open_tx.append(transaction())
                open_tx[0].__enter__()
            if prepared:
                write_batch(prepared, batch)
            if not last:
                return
            if open_tx:
                open_tx.pop().__exit__(None, None, None)  # commits
            report.added += batch.added
            report.merged += batch.merged
            report.alternatives += batch.alternatives
            report.skipped += batch.skipped
            done += batch.added + batch.merged + batch.alternatives
            held, batch = [], ImportReport()
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

        def read() -> Iterator[_Piece]:
            nonlocal input_error
            try:
                # the first two pieces inline: the worker processes are started (forked) by
                # their submission, before the reader thread exists
                for _ in range(2):
                    piece = next(source, None)
                    if piece is None:
                        return
                    yield piece
                yield from _read_ahead(source, 2)
            except Exception as exc:  # the reader failed: keep the batches read before
                input_error = exc

        pieces = read()
        try:
            first = next(pieces, None)
            second = next(pieces, None) if first is not None else None
            parallel = second is not None
            for item in (first, second):
                if item is not None:
                    pending.append((*item, preparer.submit(item[0], srclang, parallel=parallel)))
            for piece, last in pieces:
                pending.append((piece, last, preparer.submit(piece, srclang, parallel=True)))
                while len(pending) > ahead:
                    flush_one()
            while pending:
                flush_one()
        except BaseException as exc:
            _roll_back(open_tx, exc)
            if isinstance(exc, Exception):
                raise fail(exc, "write failed") from exc
            raise
        if input_error is not None:  # the batch it broke off in was never completed
            _roll_back(open_tx, input_error)
            raise fail(input_error, "input failed") from input_error
    return report


def _roll_back(
    open_tx: list[contextlib.AbstractContextManager[object]], exc: BaseException
) -> None:
    """Leave the batch's transaction, if one is open, as if its body raised ``exc``: the
    transaction rolls back (the context manager re-raising ``exc`` is expected)."""
    while open_tx:
        with contextlib.suppress(BaseException):
            open_tx.pop().__exit__(type(exc), exc, exc.__traceback__)
