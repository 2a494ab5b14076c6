"""The work store on both backends (one contract): kept per owner, targets saved, listed."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mkutano.api.web import Work, WorkNotFound, WorkStore
from mkutano.tm.db import open_database


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def works(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[WorkStore]:
    url = str(tmp_path / "w.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    db = open_database(url)
    try:
        yield WorkStore(db)
    finally:
        db.close()


def _work(owner: str, name: str) -> Work:
    analysis = [{"text": "Il Gruppo.", "words": 2, "band": "100", "score": 100.0, "repeats": None}]
    settings = {"memory": "g7", "consult": None, "source_lang": "it", "target_lang": "sw"}
    return Work(f"{owner}-{name}", owner, name, "text", settings, "Il Gruppo.\n", analysis)


def test_work_round_trips_and_is_kept_per_owner(works: WorkStore) -> None:
    a = works.add(_work("1", "a.txt"))
    works.add(_work("2", "b.txt"))
    a.targets[0] = {"target": "Kundi. <b>&</b>", "status": "confirmed", "unit_id": 7}
    works.save_targets(a)
    back = works.get("1", a.id)
    assert back.targets == {0: {"target": "Kundi. <b>&</b>", "status": "confirmed", "unit_id": 7}}
    assert (back.original, back.settings, back.analysis) == (a.original, a.settings, a.analysis)
    assert back.progress()["total"] == {
        "segments": 1,
        "words": 2,
        "segments_done": 1,
        "words_done": 2,
    }
    assert [w.id for w in works.list("1")] == [a.id]
    with pytest.raises(WorkNotFound):
        works.get("2", a.id)  # another user's work is not found, not forbidden
