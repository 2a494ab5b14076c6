"""Real files that break part-way keep every unit before the break, on every libxml2 release.

Each test takes a real file of the shared corpus, puts one defect users' files really have into
the text of the 41st unit (a byte not valid UTF-8, an undeclared HTML entity, the end of the
file) and checks the exact units kept and the line the diagnostic names.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from mkutano.tmx import TMXParseError, read_tmx
from mkutano.tmx.xliff import XLIFFError, read_xliff

KEPT = 40  # the defect goes into the unit after this many


def _inject(data: bytes, close: bytes, opening: bytes, defect: bytes) -> tuple[bytes, int]:
    """Put ``defect`` at the start of the text of the unit after the KEPT-th ``close`` tag.

    Returns the new bytes and the (1-based) line the defect is on.
    """
    pos = 0
    for _ in range(KEPT):
        pos = data.index(close, pos) + len(close)
    at = data.index(opening, pos) + len(opening)
    return data[:at] + defect + data[at:], data.count(b"\n", 0, at) + 1


@pytest.fixture(scope="module")
def tmx_file(corpus: Path) -> bytes:
    path = corpus / "tmx/maxprograms/OpenXLIFF/i18n/OpenXLIFF_Java_es.tmx"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    return path.read_bytes()


def _read(data: bytes, **kw: bool) -> tuple[list, list]:
    with read_tmx(io.BytesIO(data), name="real.tmx", **kw) as doc:
        units = list(doc)
    return units, doc.diagnostics


def test_real_tmx_reads_whole(tmx_file: bytes) -> None:
    units, diagnostics = _read(tmx_file)
    assert len(units) == 519
    assert not [d for d in diagnostics if d.severity == "error"]


def test_bad_byte_keeps_the_units_before_it_and_names_its_line(tmx_file: bytes) -> None:
    data, line = _inject(tmx_file, b"</tu>", b"<seg>", b"caf\xe9 ")
    units, diagnostics = _read(data)
    assert len(units) == KEPT
    (err,) = [d for d in diagnostics if d.severity == "error"]
    assert err.file == "real.tmx"
    assert err.line == line
    assert "byte 0xE9 is not valid UTF-8" in err.message
    assert 'encoding="windows-1252"' in err.message
    assert f"{KEPT} units before it kept" in err.message
    with pytest.raises(TMXParseError, match=rf"real\.tmx:{line}: byte 0xE9"):
        _read(data, strict=True)


def test_undeclared_html_entity_is_replaced_in_its_unit_only(tmx_file: bytes) -> None:
    data, line = _inject(tmx_file, b"</tu>", b"<seg>", b"G7&nbsp;")
    units, diagnostics = _read(data)
    assert len(units) == 519
    assert units[KEPT].variants[0].text.startswith("G7\u00a0")
    (warning,) = [d for d in diagnostics if "entity" in d.message]
    assert warning.severity == "warning"
    assert warning.line == line
    assert warning.message == "undeclared entity &nbsp; replaced by U+00A0 (NO-BREAK SPACE)"
    assert not [d for d in diagnostics if d.severity == "error"]


def test_unknown_entity_and_bare_ampersand_are_kept_as_text(tmx_file: bytes) -> None:
    data, line = _inject(tmx_file, b"</tu>", b"<seg>", b"AT&T &foo; ")
    units, diagnostics = _read(data)
    assert len(units) == 519
    assert units[KEPT].variants[0].text.startswith("AT&T &foo; ")
    assert [d.line for d in diagnostics if "&" in d.message] == [line, line]


def test_truncated_file_keeps_the_units_before_the_cut(tmx_file: bytes) -> None:
    data, line = _inject(tmx_file, b"</tu>", b"<seg>", b"\x00CUT")
    cut = data[: data.index(b"\x00CUT")]  # the file ends in the middle of the 41st unit
    units, diagnostics = _read(cut)
    assert len(units) == KEPT
    (err,) = [d for d in diagnostics if d.severity == "error"]
    assert err.line == line
    assert f"{KEPT} units before it kept" in err.message


def test_utf16_file_with_a_bad_sequence_keeps_the_units_before(tmx_file: bytes) -> None:
    text = tmx_file.decode("utf-8").replace('encoding="UTF-8"', 'encoding="UTF-16"', 1)
    # a lone low surrogate is not valid UTF-16
    data, line = _inject(
        b"\xff\xfe" + text.encode("utf-16-le"),
        "</tu>".encode("utf-16-le"),
        "<seg>".encode("utf-16-le"),
        b"\x00\xdc",
    )
    units, diagnostics = _read(data)
    assert len(units) == KEPT
    (err,) = [d for d in diagnostics if d.severity == "error"]
    assert err.line == line
    assert "not valid UTF-16" in err.message


# -- XLIFF ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def xliff_file(corpus: Path) -> bytes:
    path = corpus / "xliff/omegat/editor/numeric-sort-demo.xliff"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    return path.read_bytes()


def test_real_xliff_reads_whole(xliff_file: bytes) -> None:
    assert len(read_xliff(xliff_file, strict=False).units) == 114


@pytest.mark.parametrize("defect", [b"caf\xe9", b"<b>unclosed"])
def test_xliff_that_breaks_keeps_the_units_before(xliff_file: bytes, defect: bytes) -> None:
    data, line = _inject(xliff_file, b"</trans-unit>", b"<source>", defect)
    doc = read_xliff(data, strict=False)
    assert len(doc.units) == KEPT
    (err,) = [d for d in doc.diagnostics if d.severity == "error"]
    assert err.line == line
    assert f"{KEPT} units before it kept" in err.message
    with pytest.raises(XLIFFError, match=f":{line}: "):
        read_xliff(data, strict=True)


def test_xliff_with_nbsp_keeps_every_unit(xliff_file: bytes) -> None:
    data, line = _inject(xliff_file, b"</trans-unit>", b"<source>", b"&nbsp;")
    doc = read_xliff(data, strict=False)
    assert len(doc.units) == 114
    assert doc.units[KEPT].source.plain.startswith("\u00a0")
    assert [d.line for d in doc.diagnostics if "&nbsp;" in d.message] == [line]


def test_truncated_xliff_keeps_the_units_before_the_cut(xliff_file: bytes) -> None:
    data, line = _inject(xliff_file, b"</trans-unit>", b"<source>", b"\x00CUT")
    doc = read_xliff(data[: data.index(b"\x00CUT")], strict=False)
    assert len(doc.units) == KEPT
    (err,) = [d for d in doc.diagnostics if d.severity == "error"]
    assert err.line == line
    assert f"{KEPT} units before it kept" in err.message


# -- an element with 100,000 attributes (libxml2 takes minutes on it) ------------------------------

_BOMB_ATTRIBUTES = b" ".join(b'a%d="x"' % i for i in range(100_000))


def test_attribute_bomb_in_a_real_tmx_stops_there_with_the_units_before(tmx_file: bytes) -> None:
    data, line = _inject(tmx_file, b"</tu>", b"<tu", b" " + _BOMB_ATTRIBUTES)
    units, diagnostics = _read(data)
    assert len(units) == KEPT
    (err,) = [d for d in diagnostics if d.severity == "error"]
    assert err.line == line
    assert "more than 1,000 attributes" in err.message


def test_a_thousand_attributes_are_still_read(tmx_file: bytes) -> None:
    many = b" ".join(b'x-a%d="x"' % i for i in range(990))
    data, _line = _inject(tmx_file, b"</tu>", b"<tu", b" " + many)
    units, diagnostics = _read(data)
    assert len(units) == 519
    assert not [d for d in diagnostics if d.severity == "error"]
    assert len(units[KEPT].attrs) >= 990


def test_attribute_bomb_in_a_real_xliff_keeps_the_units_before(xliff_file: bytes) -> None:
    data, line = _inject(xliff_file, b"</trans-unit>", b"<trans-unit", b" " + _BOMB_ATTRIBUTES)
    doc = read_xliff(data, strict=False)
    assert len(doc.units) == KEPT
    (err,) = [d for d in doc.diagnostics if d.severity == "error"]
    assert err.line == line
    assert "more than 1,000 attributes" in err.message


# -- a 1 MB segment: the unit is skipped, every other unit read ------------------------------------

_MEGABYTE_TEXT = b"Parola " * 150_000  # 1,050,000 characters


def test_a_megabyte_segment_in_a_real_tmx_skips_its_unit_only(tmx_file: bytes) -> None:
    data, line = _inject(tmx_file, b"</tu>", b"<seg>", _MEGABYTE_TEXT)
    units, diagnostics = _read(data)
    assert len(units) == 518  # 519 in the file, the one with the long segment skipped
    (err,) = [d for d in diagnostics if d.severity == "error"]
    assert err.file == "real.tmx"
    assert err.line == line
    assert re.match(r"<seg> of 1,050,\d{3} characters, over the limit of 100,000", err.message)
    assert "tu skipped" in err.message
    assert all(len(v.text) < 100_000 for u in units for v in u.variants)
    with pytest.raises(
        TMXParseError, match=rf"real\.tmx:{line}: <seg> of 1,050,\d{{3}} characters"
    ):
        _read(data, strict=True)


def test_a_long_segment_with_inline_markup_is_measured_by_its_text(tmx_file: bytes) -> None:
    data, line = _inject(tmx_file, b"</tu>", b"<seg>", b"<ph>x</ph>" + _MEGABYTE_TEXT)
    units, diagnostics = _read(data)
    assert len(units) == 518
    (err,) = [d for d in diagnostics if d.severity == "error"]
    assert err.line == line
    assert "over the limit of 100,000" in err.message


def test_a_segment_at_the_limit_is_read(tmx_file: bytes) -> None:
    data, _line = _inject(tmx_file, b"</tu>", b"<seg>", b"x" * 99_000)
    units, diagnostics = _read(data)
    assert len(units) == 519
    assert not [d for d in diagnostics if d.severity == "error"]


def test_a_megabyte_segment_in_a_real_xliff_skips_its_unit_only(xliff_file: bytes) -> None:
    whole = read_xliff(xliff_file, strict=False)
    data, line = _inject(xliff_file, b"</trans-unit>", b"<source>", _MEGABYTE_TEXT)
    doc = read_xliff(data, strict=False)
    assert len(doc.units) == len(whole.units) - 1
    (err,) = [d for d in doc.diagnostics if d.severity == "error"]
    assert err.line == line
    assert re.match(r"<source> of 1,050,\d{3} characters", err.message)
    assert "skipped" in err.message
    with pytest.raises(XLIFFError, match="over the limit of 100,000"):
        read_xliff(data, strict=True)


def test_a_megabyte_segment_in_a_bilingual_import_skips_its_unit_only(
    xliff_file: bytes, tmp_path: Path
) -> None:
    from mkutano.tmx.bilingual import read_bilingual

    whole = tmp_path / "whole.xlf"
    whole.write_bytes(xliff_file)
    data, line = _inject(xliff_file, b"</trans-unit>", b"<source>", _MEGABYTE_TEXT)
    bad = tmp_path / "long.xlf"
    bad.write_bytes(data)
    before, after = read_bilingual(whole), read_bilingual(bad)
    assert len(list(after)) == len(list(before)) - 1
    (err,) = [d for d in after.diagnostics if "over the limit" in d.message]
    assert err.line == line
    assert "skipped" in err.message


def test_deep_nesting_in_a_real_tmx_stops_there_with_the_units_before(tmx_file: bytes) -> None:
    # libxml2 refuses elements nested deeper than 256 (its limit without huge_tree): the file
    # breaks there, at once, and nothing of the 100,000 levels is built
    data, line = _inject(
        tmx_file, b"</tu>", b"<seg>", b"<hi>" * 100_000 + b"x" + b"</hi>" * 100_000
    )
    units, diagnostics = _read(data)
    assert len(units) == KEPT
    (err,) = [d for d in diagnostics if d.severity == "error"]
    assert err.line == line
    assert "depth" in err.message
    assert f"{KEPT} units before it kept" in err.message
