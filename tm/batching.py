"""The import loop every store shares: read ahead, validate and tokenise ahead, write in batches.

The input is read in pieces of at most :data:`PIECE_SIZE` units, and validating and tokenising
(the costly part) run ahead of the writing, so both cores work on a large import. A large file
(:class:`FileUnits`, at least :data:`READER_PROCESS_BYTES`) is read and prepared on one process
of its own: the calling process only writes, and no unit travels between processes (what comes
back is what the store keeps: serialised unit, keys, tokens). Other inputs are read on a thread
of the calling process and prepared on worker processes. A batch of ``batch_size`` units (one or
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
import ctypes
import multiprocessing
import os
import pickle
import queue
import signal
import sys
import threading
from collections.abc import Callable, Iterable, Iterator
from multiprocessing.process import BaseProcess
from typing import Any, Protocol, cast, runtime_checkable

from mkutano.tmx import Unit

from .errors import InvalidInputError
from .prepared import PreparedUnit, Preparer, collect_prepared, prepare_many
from .store import DEFAULT_BATCH_SIZE, ImportAborted, ImportReport, ProgressCallback

__all__ = ["PIECE_SIZE", "READER_PROCESS_BYTES", "FileUnits", "WriteBatch", "run_import"]

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


@runtime_checkable
class FileUnits(Protocol):
    """Units read from a file that another process can open and read by itself.

    A large import of such a source is read *and* prepared on one process of its own while the
    calling process writes: parsing then costs the writer nothing, and no unit is sent between
    processes (only what the store keeps of it). Iterating runs in that process (or in the
    calling one for a small file); :meth:`outcome` is then called there, and what it returns
    (picklable: what the reading learnt, e.g. the diagnostics) is handed to :meth:`adopt` in
    the calling process.
    """

    nbytes: int  # the file's size

    def __iter__(self) -> Iterator[Unit]: ...

    def outcome(self) -> object: ...

    def adopt(self, outcome: object) -> None: ...


#: A :class:`FileUnits` source at least this big is read on a process of its own (smaller ones
#: are read on a thread, and prepared on worker processes past the first piece).
READER_PROCESS_BYTES = 8 << 20


class _Writer:
    """Writes prepared pieces in input order: one transaction per batch, the report and the
    progress callback updated when a batch commits."""

    def __init__(
        self,
        write_batch: WriteBatch,
        label: str,
        progress: ProgressCallback | None,
        transaction: Callable[[], contextlib.AbstractContextManager[object]] | None,
    ) -> None:
        self.write_batch = write_batch
        self.label = label
        self.progress = progress
        self.transaction = transaction
        self.report = ImportReport()
        self.done = 0  # units written in committed batches
        self.open_tx: list[contextlib.AbstractContextManager[object]] = []  # the batch's
        self.held: list[PreparedUnit] = []  # without ``transaction``: the batch's pieces
        self.batch = ImportReport()  # what the batch being written did, counted once it commits

    def write(
        self, prepared: list[PreparedUnit], invalid: list[tuple[int | None, str]], last: bool
    ) -> None:
        """Write a piece: its prepared units, and its invalid units (line, reason) as skipped."""
        batch = self.batch
        for line, reason in invalid:  # validated ahead, reported in input order
            where = f"{self.label}:{line}" if line is not None else self.label
            batch.skipped.append(f"{where}: {reason}; skipped")
        if self.transaction is None:
            self.held += prepared
            prepared = self.held if last else []
        elif prepared and not self.open_tx:  # the batch's first write opens its transaction
            self.open_tx.append(self.transaction())
            self.open_tx[0].__enter__()
        if prepared:
            self.write_batch(prepared, batch)
        if not last:
            return
        if self.open_tx:
            self.open_tx.pop().__exit__(None, None, None)  # commits
        report = self.report
        report.added += batch.added
        report.merged += batch.merged
        report.alternatives += batch.alternatives
        report.skipped += batch.skipped
        self.done += batch.added + batch.merged + batch.alternatives
        self.held, self.batch = [], ImportReport()
        if self.progress is not None:
            self.progress(self.done + len(report.skipped))

    def fail(self, exc: BaseException, what: str) -> ImportAborted:
        """Roll back the batch in progress (``exc`` stopped it); the error to raise."""
        _roll_back(self.open_tx, exc)
        r = self.report
        return ImportAborted(
            f"import stopped after {self.done} units ({what}: {exc}); the batch in progress was"
            f" rolled back, {r.added + r.merged + r.alternatives} units committed before it stay",
            r,
        )


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
    writer = _Writer(write_batch, _label(origin), progress, transaction)
    if (
        isinstance(units, FileUnits)
        and units.nbytes >= READER_PROCESS_BYTES
        and (workers or os.cpu_count() or 1) > 1
    ):
        _import_read_elsewhere(units, writer, srclang=srclang, batch_size=batch_size)
    else:
        _import_read_here(units, writer, srclang=srclang, batch_size=batch_size, workers=workers)
    return writer.report


def _import_read_here(
    units: Iterable[Unit],
    writer: _Writer,
    *,
    srclang: str | None,
    batch_size: int,
    workers: int | None,
) -> None:
    """Read ``units`` on a thread of this process, prepare them on worker processes."""
    with Preparer(workers) as preparer:
        ahead = max(2, 2 * preparer.workers)
        pending: collections.deque[_Pending] = collections.deque()
        source = _pieces(units, batch_size, writer.report)

        def flush_one() -> None:
            piece, last, fut = pending.popleft()
            writer.write(*preparer.result(fut, piece, srclang), last)

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
            if isinstance(exc, Exception):
                raise writer.fail(exc, "write failed") from exc
            _roll_back(writer.open_tx, exc)
            raise
        if input_error is not None:  # the batch it broke off in was never completed
            raise writer.fail(input_error, "input failed") from input_error


# what the reading process sends: ("piece", units read so far, prepared or reason per unit,
# line per unit, last of its batch) ... then ("end", units read, outcome, the error that
# stopped the reading or None)
_PIECES_AHEAD = 4  # pieces prepared ahead of the writer (bounds the memory in flight)
_POLL_S = 1.0


_PR_SET_PDEATHSIG = 1  # prctl option, <linux/prctl.h>


def die_with_parent(parent: int | None) -> bool:
    """Ask the kernel to kill this process when its parent dies (Linux ``PR_SET_PDEATHSIG``),
    so a reading process never outlives an importer killed with ``kill -9``; exit at once if
    ``parent`` (the expected parent pid) is already gone. False where the call is unavailable.

    From a forkserver the parent is the server, which itself ends when the importer does.
    """
    if not sys.platform.startswith("linux"):
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0) != 0:
            return False
    except (OSError, AttributeError):
        return False
    if parent is not None and os.getppid() != parent:  # it died before the call above
        os._exit(1)
    return True


def _read_and_prepare(
    units: FileUnits,
    batch_size: int,
    srclang: str | None,
    out: multiprocessing.Queue[Any],
    parent: int | None = None,
) -> None:
    """Body of the reading process: read, validate and prepare ``units`` piece by piece."""
    die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle: it kills us
    report = ImportReport()
    error: BaseException | None = None
    try:
        for piece, last in _pieces(units, batch_size, report):
            done = prepare_many(piece, srclang)
            lines = [u.line for u in piece]
            out.put(("piece", report.units_read, done, lines, last))
    except Exception as exc:  # sent after the pieces read before it, as the thread does
        error = exc
    try:
        outcome = units.outcome()
    except Exception as exc:
        outcome, error = None, error or exc
    if error is not None:
        try:
            pickle.dumps(error)
        except Exception:
            error = InvalidInputError(f"{type(error).__name__}: {error}")
    out.put(("end", report.units_read, outcome, error))


def _import_read_elsewhere(
    units: FileUnits, writer: _Writer, *, srclang: str | None, batch_size: int
) -> None:
    """Read and prepare ``units`` on a process of their own; write here as pieces arrive."""
    # fork is cheapest, but forking a process that runs threads (the API server) can deadlock
    # the child: there, start it from a clean forkserver instead (``units`` is then pickled)
    ctx: multiprocessing.context.ForkContext | multiprocessing.context.ForkServerContext
    parent: int | None = None  # the reader's parent when it is this process
    if threading.active_count() == 1:
        ctx = multiprocessing.get_context("fork")
        parent = os.getpid()
    else:
        ctx = multiprocessing.get_context("forkserver")
    out: multiprocessing.Queue[Any] = ctx.Queue(maxsize=_PIECES_AHEAD)
    reader: BaseProcess = ctx.Process(
        target=_read_and_prepare,
        args=(units, batch_size, srclang, out, parent),
        name="mkutano-import-reader",
        daemon=True,
    )
    reader.start()
    input_error: BaseException | None = None
    try:
        while True:
            msg = _receive(out, reader)
            writer.report.units_read = msg[1]
            if msg[0] == "end":
                _, _, outcome, input_error = msg
                if outcome is not None:
                    units.adopt(outcome)
                break
            _, _, done, lines, last = msg
            writer.write(*collect_prepared(done, [None] * len(lines), lines), last)
    except BaseException as exc:
        reader.kill()
        reader.join()
        if isinstance(exc, _ReaderDied):
            raise writer.fail(exc, "input failed") from exc
        if isinstance(exc, Exception):
            raise writer.fail(exc, "write failed") from exc
        _roll_back(writer.open_tx, exc)
        raise
    reader.join(timeout=30)  # it ends once its last message is sent
    if reader.is_alive():
        reader.kill()
    if input_error is not None:  # the batch it broke off in was never completed
        raise writer.fail(input_error, "input failed") from input_error


class _ReaderDied(InvalidInputError):
    """The reading process ended without saying why (killed, out of memory)."""


def _receive(out: multiprocessing.Queue[Any], reader: BaseProcess) -> Any:
    """The reading process's next message; an error if it died without sending one."""
    while True:
        try:
            return out.get(timeout=_POLL_S)
        except queue.Empty:
            if not reader.is_alive():
                try:  # it may have sent its last message just before ending
                    return out.get(timeout=_POLL_S)
                except queue.Empty:
                    raise _ReaderDied(
                        f"the process reading the file ended unexpectedly"
                        f" (exit code {reader.exitcode})"
                    ) from None


def _roll_back(
    open_tx: list[contextlib.AbstractContextManager[object]], exc: BaseException
) -> None:
    """Leave the batch's transaction, if one is open, as if its body raised ``exc``: the
    transaction rolls back (the context manager re-raising ``exc`` is expected)."""
    while open_tx:
        with contextlib.suppress(BaseException):
            open_tx.pop().__exit__(type(exc), exc, exc.__traceback__)
