"""The bundled sample and the demo a newcomer runs first."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mkutano.api.cli import main
from mkutano.glossaries.sample import load_sample, run_demo
from mkutano.glossaries.store import MemoryGlossaryStore
from mkutano.tm import MemoryStore


def test_demo_substitutes_the_new_dates_into_the_stored_translation() -> None:
    result = run_demo(MemoryStore(), MemoryGlossaryStore())
    assert result.memory.added > 40
    best = result.matches[0]
    assert best.type == "fuzzy"
    assert 90 <= best.score < 100
    assert "2 hadi 4 Oktoba 2024" in str(best.tm_target)
    assert "3 hadi 5 Oktoba 2025" in str(best.target)
    assert {p.name for p in best.penalties} == {"numbers"}
    assert "G7" in {t.text for t in result.terms}


def test_loading_the_sample_twice_adds_nothing_the_second_time() -> None:
    store, glossaries = MemoryStore(), MemoryGlossaryStore()
    first, _ = load_sample(store, glossaries)
    count = store.count_units()
    second, glossary = load_sample(store, glossaries)
    assert second.added == 0
    assert second.merged == first.added + first.merged
    assert store.count_units() == count
    assert glossary.added == 0
    assert glossary.updated >= 45


def test_demo_command_prints_json_with_matches_and_terms(tmp_path: Path) -> None:
    out = CliRunner().invoke(main, ["demo", "--db", str(tmp_path / "m.db"), "--json"])
    assert out.exit_code == 0, out.output
    data = json.loads(out.output)
    assert data["memory"]["name"] == "g7-sample"
    assert data["matches"][0]["target"] != data["matches"][0]["tm_target"]
    assert any(t["text"] == "G7" for t in data["terms"])
