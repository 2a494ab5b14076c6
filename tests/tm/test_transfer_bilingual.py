"""Bilingual files into a memory: XLIFF, SDLXLIFF, MQXLIFF and OmegaT's project_save.tmx."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.tm import ReadOnlyError, Store, import_file
from mkutano.tmx import UnsupportedFormatError


def _props(unit: object) -> dict[str, str]:
    return {p.type: p.text for p in unit.props}  # type: ignore[attr-defined]


def test_sdlxliff_confirmed_segments_are_stored_with_status(store: Store, corpus: Path) -> None:
    sdl = corpus / "xliff/matecat-xliff-parser/Test stati sdlxliff.txt_it-IT_en-US.sdlxliff"
    report = import_file(store, sdl, memory="clients")
    assert (report.added, report.units_read, report.skipped) == (3, 3, [])
    assert any("12 segments not confirmed" in w for w in report.warnings)
    stored = list(store.iter_units(memories=["clients"]))
    assert [(s.unit.variants[0].lang, s.unit.variants[1].lang) for s in stored] == [
        ("it-IT", "en-US")
    ] * 3
    assert [_props(s.unit)["x-status"] for s in stored] == ["translated", "reviewed", "final"]
    assert {s.origin for s in stored} == {f"import:{sdl.name}"}


def test_reimporting_the_same_file_merges(store: Store, corpus: Path) -> None:
    xlf = corpus / "xliff/okapi/filters-xliff/SF-12-Test02.xlf"
    first = import_file(store, xlf, memory="m")
    again = import_file(store, xlf, memory="m")
    assert first.added + first.merged + first.alternatives == 90
    assert again.added == 0
    assert store.count_units("m") == first.added + first.alternatives


def test_mqxliff_with_nothing_confirmed_stores_nothing(store: Store, corpus: Path) -> None:
    report = import_file(store, corpus / "xliff/okapi/filters-xliff/MQ-12-Test01.xlf")
    assert (report.added, report.units_read) == (0, 0)
    assert any("119 segments not confirmed" in w for w in report.warnings)


def test_omegat_project_save_and_context_props(store: Store, corpus: Path) -> None:
    omegat = corpus / "tmx/omegat"
    report = import_file(store, omegat / "test-data-tmx/project_save.tmx", memory="omegat")
    assert report.added == 5
    alt = import_file(
        store, omegat / "test/resources/data/enforcetmx/alternative.tmx", memory="alt"
    )
    # the default translation and the alternative one (OmegaT's file/id context) side by side
    assert (alt.added, alt.alternatives) == (1, 1)
    props = [_props(s.unit) for s in store.iter_units(memories=["alt"])]
    assert {"file": "file", "id": "1_0"}.items() <= props[1].items()


def test_read_only_memory_refuses_xliff_too(store: Store, corpus: Path) -> None:
    store.create_memory("archive", read_only=True)
    xlf = corpus / "xliff/okapi/filters-xliff/SF-12-Test02.xlf"
    with pytest.raises(ReadOnlyError):
        import_file(store, xlf, memory="archive")
    assert store.count_units() == 0


def test_a_docx_is_not_imported_and_nothing_is_created(store: Store, tmp_path: Path) -> None:
    path = tmp_path / "report.docx"
    path.write_bytes(b"%PDF-1.4 not really")
    with pytest.raises(UnsupportedFormatError, match="PDF document; supported: TMX, XLIFF"):
        import_file(store, path, memory="new")
    assert store.list_memories() == []
