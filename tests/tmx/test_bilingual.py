"""Bilingual files (XLIFF 1.2/2.x, SDLXLIFF, MQXLIFF) read as the units a memory takes."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.tmx import UnsupportedFormatError, read_bilingual

DATA = Path(__file__).resolve().parents[2] / "tm" / "data"


def _props(unit: object) -> dict[str, str]:
    return {p.type: p.text for p in unit.props}  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("path", "fmt", "confirmed", "unconfirmed"),
    [
        ("matecat-xliff-parser/Test stati sdlxliff.txt_it-IT_en-US.sdlxliff", "sdlxliff", 3, 12),
        ("okapi/filters-xliff/sdlxliff/okapi_intro_test15977.sdlxliff", "sdlxliff", 0, 15),
        ("okapi/filters-xliff/TS09-12-Test01.xlf", "sdlxliff", 1, 18),
        ("okapi/filters-xliff/MQ-12-Test01.xlf", "mqxliff", 0, 119),
        ("matecat-xliff-parser/xliff12-with-segment-state.xliff", "xliff", 3, 7),
        ("okapi/filters-xliff/SF-12-Test02.xlf", "xliff", 90, 8),
        ("okapi/filters-xliff/segmented.xlf", "xliff", 3, 0),
        ("okapi/filters-xliff2/test01.xlf", "xliff", 1, 4),
        ("omegat/editor/numeric-sort-demo.xliff", "xliff", 114, 0),
        ("matecat-xliff-parser/uber/SpotCheck-en_us-es_419-H.xlf", "xliff", 0, 237),
    ],
)
def test_exact_unit_counts_on_the_corpus_files(
    corpus: Path, path: str, fmt: str, confirmed: int, unconfirmed: int
) -> None:
    b = read_bilingual(corpus / "xliff" / path)
    assert (b.format, len(b.units), b.unconfirmed) == (fmt, confirmed, unconfirmed)
    for u in b.units:
        assert len(u.variants) == 2
        assert u.variants[1].segment.plain.strip()
        assert _props(u)["x-status"] in ("translated", "reviewed", "final")


def test_sdlxliff_confirmation_levels_map_to_status_and_origin(corpus: Path) -> None:
    sdl = corpus / "xliff/matecat-xliff-parser/Test stati sdlxliff.txt_it-IT_en-US.sdlxliff"
    b = read_bilingual(sdl)
    assert (b.source_lang, b.target_lang) == ("it-IT", "en-US")
    got = [
        (u.variants[0].text, u.variants[1].text, _props(u)["x-status"], _props(u)["x-state"])
        for u in b.units
    ]
    assert got == [
        ("Segmento 3", "Segment 3", "translated", "Translated"),
        ("Segmento 5", "Segment 5", "reviewed", "ApprovedTranslation"),
        ("Segmento 7", "Segment 7", "final", "ApprovedSignOff"),
    ]
    first = _props(b.units[0])
    assert first["x-origin"] == "auto-propagated"
    assert first["x-segment"] == "3"
    assert first["x-unit"] == "295cd705-13d6-4730-87fe-d722907f4000"


def test_xliff12_states_and_approved(corpus: Path) -> None:
    b = read_bilingual(corpus / "xliff/matecat-xliff-parser/xliff12-with-segment-state.xliff")
    states = sorted((_props(u).get("x-state", ""), _props(u)["x-status"]) for u in b.units)
    assert all(status in ("translated", "reviewed", "final") for _, status in states)
    assert {s for s, _ in states} <= {"", "translated", "signed-off", "final"}


def test_xliff2_segments_without_state_are_initial(corpus: Path) -> None:
    b = read_bilingual(corpus / "xliff/okapi/filters-xliff2/test01.xlf")
    assert [(_props(u)["x-state"], _props(u)["x-status"]) for u in b.units] == [
        ("translated", "translated")
    ]


def test_tmx_and_binary_are_not_bilingual_xliff(tmp_path: Path) -> None:
    with pytest.raises(UnsupportedFormatError, match="this is a TMX file; supported: XLIFF"):
        read_bilingual(DATA / "g7-rome-lyon.tmx")
