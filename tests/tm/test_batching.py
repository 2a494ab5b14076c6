"""How an import's input is cut into batches (transactions) and pieces (worker jobs)."""

from __future__ import annotations

import pytest

from tm import batching
from tm.store import ImportReport
from tmx import Segment, Unit, Variant


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
    assert got == src and all(a is b for a, b in zip(got, src, strict=True))
