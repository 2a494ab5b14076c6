"""Every TMX file of the shared corpus: read with the TU count its content has, or rejected clearly."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest

from mkutano.tmx import TMXParseError, read_tmx, write_tmx
from mkutano.tmx.xmlsafe import sniff_encoding

_TU = re.compile(r"<tu[\s>/]")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


def _corpus_files(corpus: Path) -> list[Path]:
    files = sorted((corpus / "tmx").rglob("*.tmx"))
    if not files:
        pytest.skip(f"no TMX files under {corpus / 'tmx'}")
    return files


def _expected_units(path: Path) -> int:
    """Count the <tu> start tags independently of the reader (a regex over the decoded text)."""
    raw = path.read_bytes()
    encoding, bom, _declared = sniff_encoding(raw[:4096])
    text = raw[bom:].decode(encoding, errors="replace")
    return len(_TU.findall(_COMMENT.sub("", text)))


def test_every_corpus_tmx_is_read_with_its_unit_count_or_rejected_clearly(corpus: Path) -> None:
    read = rejected = 0
    for path in _corpus_files(corpus):
        try:
            with read_tmx(path) as doc:
                units = list(doc)
        except TMXParseError as exc:
            rejected += 1
            message = str(exc)
            assert "\n" not in message, message
            assert message.startswith(str(path)), message
            continue
        read += 1
        expected = _expected_units(path)
        assert doc.units_read + doc.units_skipped == expected, path
        assert len(units) == doc.units_read
        skipped = [d for d in doc.diagnostics if "tu skipped" in d.message]
        assert len(skipped) == doc.units_skipped, path
        for d in doc.diagnostics:
            assert d.file == str(path)
            assert "\n" not in d.message
    assert read > 0


def test_every_readable_corpus_tmx_survives_write_then_read(corpus: Path) -> None:
    for path in _corpus_files(corpus):
        try:
            with read_tmx(path) as doc:
                units = list(doc)
                header = doc.header
        except TMXParseError:
            continue
        buf = io.BytesIO()
        assert write_tmx(buf, header, units) == len(units)
        buf.seek(0)
        with read_tmx(buf, strict=True) as again:
            assert list(again) == units, path
            assert again.header.props == header.props
            assert again.header.notes == header.notes


def test_gzip_copy_in_the_corpus_reads_like_the_plain_file(corpus: Path) -> None:
    plain = corpus / "tmx" / "omegat" / "test-data-tmx" / "test-level2.tmx"
    zipped = plain.with_name(plain.name + ".gz")
    if not zipped.exists():
        pytest.skip(f"{zipped} not in the corpus")
    with read_tmx(plain) as a, read_tmx(zipped) as b:
        assert list(a) == list(b)


def test_omegat_multiple_tuv_file_keeps_the_same_language_twice(corpus: Path) -> None:
    path = corpus / "tmx" / "omegat" / "test-data-tmx" / "test-multiple-tuv.tmx"
    if not path.exists():
        pytest.skip(f"{path} not in the corpus")
    with read_tmx(path) as doc:
        first = next(iter(doc))
    assert first.languages.count("FR-CA") == 2
    assert doc.header.version == "1.1"
