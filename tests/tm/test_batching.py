"""How an import's input is cut into batches (transactions) and pieces (worker jobs)."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from mkutano.tm import batching
from mkutano.tm.prepared import PreparedUnit
from mkutano.tm.store import ImportAborted, ImportReport
from mkutano.tmx import Segment, Unit, Variant


def units(n: int) -> list[Unit]:
    return [Unit([Variant("en", Segment.from_text(f"s{i}"))]) for i in range(n)]


def shape(n: int, batch_size: int) -> list[tuple[int, bool]]:
    report = ImportReport()
    out = [(len(p), last) for p, last in batching._pieces(units(n), batch_size, report)]
    assert report.units_read == n
    return out


@pytest.mark.parametrize(
    ("n", "batch_size", "expected"),
    [
        (25, 25, [(9, False), (9, False), (7, True)]),  # near-equal pieces of at most 10
        (30, 10, [(10, True), (10, True), (10, True)]),
        (23, 10, [(10, True), (10, True), (3, True)]),
        (12, 25, [(9, False), (3, True)]),  # the input ends inside a batch
        (18, 25, [(9, False), (9, False), (0, True)]),  # ... right after a piece: an empty end
        (0, 25, []),
        (5, 1, [(1, True)] * 5),
    ],
)
def test_pieces_split_batches_evenly_and_mark_their_ends(
    n: int, batch_size: int, expected: list[tuple[int, bool]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(batching, "PIECE_SIZE", 10)
    assert shape(n, batch_size) == expected


def test_pieces_keep_the_input_order() -> None:
    src = units(7)
    got = [u for piece, _ in batching._pieces(src, 3, ImportReport()) for u in piece]
    assert got == src
    assert all(a is b for a, b in zip(got, src, strict=True))


# -- a large file: read and prepared on a process of its own --------------------------------------
class Source:
    """A FileUnits source: ``n`` units whose text says which process read them; ``fail_at``
    makes the reading raise (or, with ``die``, the reading process vanish) at that unit."""

    def __init__(self, n: int, *, fail_at: int | None = None, die: bool = False) -> None:
        self.n, self.fail_at, self.die = n, fail_at, die
        self.nbytes = 10 << 30
        self.adopted: object = None

    def __iter__(self) -> Iterator[Unit]:
        for i in range(self.n):
            if i == self.fail_at:
                if self.die:
                    os._exit(3)
                raise ValueError(f"broken at unit {i}")
            text = f"unit {i} read by {os.getpid()}"
            lang = "it" if i % 4 else "not a tag"  # every 4th unit cannot be stored
            yield Unit(
                [Variant(lang, Segment.from_text(text)), Variant("sw", Segment.from_text("x"))],
                line=10 + i,
            )

    def outcome(self) -> object:
        return {"read by": os.getpid()}

    def adopt(self, outcome: object) -> None:
        self.adopted = outcome


class Sink:
    def __init__(self, fail_on_batch: int | None = None) -> None:
        self.batches: list[list[PreparedUnit]] = []
        self.fail_on_batch = fail_on_batch

    def __call__(self, batch: list[PreparedUnit], report: ImportReport) -> None:
        if len(self.batches) == self.fail_on_batch:
            raise RuntimeError("disk full")
        self.batches.append(batch)
        report.added += len(batch)


def import_from(source: Source, sink: Sink, **kw: object) -> ImportReport:
    return batching.run_import(source, sink, origin="import:big.tmx", batch_size=8, **kw)  # type: ignore[arg-type]


def test_a_large_file_is_read_and_prepared_on_another_process() -> None:
    source, sink = Source(20), Sink()
    report = import_from(source, sink)
    assert report.units_read == 20
    assert report.added == 15
    # units that cannot be stored are reported with their line, in order, and not written
    assert [r.split(": variant 1: ")[0] for r in report.skipped] == [
        f"big.tmx:{10 + i}" for i in range(0, 20, 4)
    ]
    assert all(r.endswith("; skipped") for r in report.skipped)
    written = [p.unit.variants[0].text for batch in sink.batches for p in batch]
    reader_pid = int(written[0].rsplit(" ", 1)[1])
    assert reader_pid != os.getpid()
    assert written == [f"unit {i} read by {reader_pid}" for i in range(20) if i % 4]
    assert source.adopted == {"read by": reader_pid}
    assert [len(b) for b in sink.batches] == [6, 6, 3]  # batches of 8 less the skipped units


def test_a_small_source_or_one_worker_reads_on_this_process() -> None:
    for source, workers in ((Source(6), None), (Source(6), 1)):
        source.nbytes = 0 if workers is None else source.nbytes
        sink = Sink()
        import_from(source, sink, workers=workers)
        assert sink.batches[0][0].unit.variants[0].text.endswith(f"read by {os.getpid()}")


def test_reading_error_keeps_the_batches_before_it() -> None:
    sink = Sink()
    with pytest.raises(ImportAborted, match="broken at unit 19") as info:
        import_from(Source(40, fail_at=19), sink)
    # batches 0-7 and 8-15 were complete; 16-18 belong to the batch the error broke off
    assert info.value.report.added == 12
    assert isinstance(info.value.__cause__, ValueError)


def test_reading_process_that_vanishes_is_an_error_not_a_hang() -> None:
    with pytest.raises(
        ImportAborted, match=r"input failed: .* ended unexpectedly \(exit code 3\)"
    ) as info:
        import_from(Source(40, fail_at=12, die=True), Sink())
    # the first batch (6 units) if its pieces left the process before it died; never a part of
    # the second one (units 8-11)
    assert info.value.report.added in (0, 6)


def test_write_failure_stops_the_reading_process() -> None:
    before = {p.pid for p in multiprocessing.active_children()}
    with pytest.raises(ImportAborted, match="disk full") as info:
        import_from(Source(10_000), Sink(fail_on_batch=1))
    assert info.value.report.added == 6
    assert {p.pid for p in multiprocessing.active_children()} == before


class Unpicklable(Exception):
    def __init__(self, a: int, b: int) -> None:  # pickling it back calls __init__(msg): breaks
        super().__init__(f"{a}/{b}")

    def __reduce__(self) -> tuple[object, ...]:
        raise TypeError("cannot pickle")


class BadSource(Source):
    def __iter__(self) -> Iterator[Unit]:
        yield from list(super().__iter__())[:3]
        raise Unpicklable(1, 2)


def test_an_error_that_cannot_be_sent_back_is_still_reported() -> None:
    with pytest.raises(ImportAborted, match="Unpicklable: 1/2"):
        import_from(BadSource(3), Sink())


def test_a_process_running_threads_starts_the_reader_from_a_forkserver() -> None:
    # an API worker imports on a job thread: forking it could deadlock, the source is pickled
    result: dict[str, object] = {}

    def job() -> None:
        sink = Sink()
        result["report"] = import_from(Source(12), sink)
        result["text"] = sink.batches[0][0].unit.variants[0].text

    t = threading.Thread(target=job)
    t.start()
    t.join(timeout=60)
    report = result["report"]
    assert isinstance(report, ImportReport)
    assert report.added == 9
    assert not str(result["text"]).endswith(f"read by {os.getpid()}")


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    fields = f.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


@pytest.mark.slow
@pytest.mark.skipif(not os.path.isdir("/proc"), reason="needs Linux /proc to find the processes")
def test_kill_9_of_an_import_leaves_no_reading_process(tmp_path: Path) -> None:
    """Issue 24: after ``kill -9`` of ``mkutano import`` (a file of 8 MiB or more) its reading
    process stayed alive with ~130 MB. It now dies with its parent; the store keeps whole
    batches only."""
    import contextlib
    import shutil
    import signal
    import subprocess
    import sys
    import time

    from mkutano.tm import open_store
    from mkutano.tmx import Header, write_tmx

    exe = shutil.which("mkutano", path=os.path.dirname(sys.executable)) or shutil.which("mkutano")
    if exe is None:
        pytest.skip("the mkutano command is not installed (pip install -e .)")
    big = tmp_path / "big.tmx"
    words = [
        "la",
        "riunione",
        "del",
        "gruppo",
        "di",
        "lavoro",
        "sulla",
        "cooperazione",
        "di",
        "polizia",
    ]
    write_tmx(
        big,
        Header(attrs={"srclang": "it", "segtype": "sentence", "datatype": "plaintext"}),
        (
            Unit(
                [
                    Variant("it", Segment.from_text(" ".join([*words[i % 7 :], f"numero {i}"]))),
                    Variant("sw", Segment.from_text(f"mkutano wa kikundi cha kazi namba {i}")),
                ]
            )
            for i in range(60_000)
        ),
    )
    assert big.stat().st_size >= batching.READER_PROCESS_BYTES
    db = tmp_path / "k.db"
    cmd = [exe, "import", str(big), "--memory", "m", "--db", str(db), "--batch-size", "5000"]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    readers: list[int] = []
    try:
        deadline = time.monotonic() + 120
        while not readers and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
            readers = _children(proc.pid)
        assert readers, "the import did not start a reading process"
        time.sleep(1.0)  # reading (and perhaps writing) under way
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(os.path.exists(f"/proc/{r}") for r in readers):
            time.sleep(0.1)
        alive = []
        for r in readers:
            try:
                with open(f"/proc/{r}/stat") as f:
                    if f.read().rsplit(")", 1)[1].split()[0] != "Z":
                        alive.append(r)
            except OSError:
                pass
        assert alive == [], f"reading process(es) {alive} outlived the import"
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        for r in readers:  # when the assertion failed: leave nothing behind
            with contextlib.suppress(OSError):
                os.kill(r, signal.SIGKILL)
    store = open_store(str(db))
    try:
        memories = {m.name: m.units for m in store.list_memories()}
        stored = store.count_units()
        assert stored % 5000 == 0
        assert memories.get("m", 0) == stored
    finally:
        store.close()
