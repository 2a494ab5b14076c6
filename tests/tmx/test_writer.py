"""The streaming TMX writer: valid TMX 1.4b, defaults, illegal characters, atomic files."""

from __future__ import annotations

import copy
import io
from pathlib import Path

import pytest
from lxml import etree

from mkutano.tmx import (
    Header,
    Note,
    Prop,
    Segment,
    Tag,
    TMXError,
    TMXWriter,
    Unit,
    Variant,
    read_tmx,
    write_tmx,
)


def unit(*pairs: tuple[str, str], **attrs: str) -> Unit:
    return Unit(
        variants=[Variant(lang, Segment.from_text(text)) for lang, text in pairs], attrs=attrs
    )


RICH = Unit(
    variants=[
        Variant(
            "en",
            Segment(("The ", Tag("bpt", "open", (("i", "1"),), "&lt;b&gt;"), "Lyon",
                     Tag("ept", "close", (("i", "1"),), "&lt;/b&gt;"), " Group")),
            attrs={"creationdate": "20240101T000000Z", "x-any": "v"},
            props=[Prop("x-status", "final")],
            notes=[Note("checked", {"xml:lang": "en"})],
        ),
        Variant("sw", Segment(("Kikundi cha ", Tag("hi", "open", (("type", "b"),)), "Lyon",
                               Tag("hi", "close")))),
    ],
    attrs={"tuid": "g7-1", "usagecount": "3"},
    props=[Prop("x-project", "G7", {"o-encoding": "utf-8"})],
    notes=[Note("from the 2002 report")],
)  # fmt: skip


def test_written_file_is_valid_tmx14(corpus: Path) -> None:
    buf = io.BytesIO()
    header = Header(attrs={"srclang": "en"}, props=[Prop("x-domain", "crime")], notes=[Note("n")])
    standard = copy.deepcopy(RICH)
    del standard.variants[0].attrs["x-any"]  # the DTD knows no unknown attribute
    write_tmx(buf, header, [standard, unit(("en", "a"), ("it", "b"))])
    dtd = etree.DTD(str(corpus / "_schemas" / "tmx" / "tmx14.dtd"))
    doc = etree.fromstring(buf.getvalue())
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()


def test_output_is_tmx14_with_xml_lang_and_doctype() -> None:
    buf = io.BytesIO()
    write_tmx(buf, Header(version="1.1"), [unit(("en", "a"))])
    text = buf.getvalue().decode("utf-8")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<!DOCTYPE tmx SYSTEM")
    assert '<tmx version="1.4">' in text
    assert '<tuv xml:lang="en">' in text


def test_missing_required_header_attributes_get_defaults_after_the_given_ones() -> None:
    buf = io.BytesIO()
    write_tmx(buf, Header(attrs={"srclang": "it", "x-mine": "1"}), [])
    buf.seek(0)
    with read_tmx(buf) as doc:
        attrs = doc.header.attrs
        assert list(doc) == []
    assert list(attrs)[:2] == ["srclang", "x-mine"]
    assert attrs["srclang"] == "it"
    assert attrs["creationtool"] == "mkutano"
    assert attrs["datatype"] == "plaintext"
    assert attrs["o-tmf"] == "mkutano"
    assert doc.diagnostics == []


def test_rich_unit_round_trips() -> None:
    buf = io.BytesIO()
    assert write_tmx(buf, Header(), [RICH]) == 1
    buf.seek(0)
    with read_tmx(buf) as doc:
        assert list(doc) == [RICH]


def test_illegal_xml_characters_are_left_out_with_a_warning() -> None:
    buf = io.BytesIO()
    with TMXWriter(buf, Header(), name="out.tmx") as w:
        w.write(unit(("en", "bad\x0bchar"), ("it", "ok\x00"), tuid="t\x01"))
    (d,) = w.diagnostics
    assert d.severity == "warning"
    assert d.file == "out.tmx"
    assert "3 character(s)" in d.message
    assert "U+000B" in d.message
    buf.seek(0)
    with read_tmx(buf) as doc:
        (u,) = list(doc)
    assert [v.text for v in u.variants] == ["badchar", "ok"]
    assert u.tuid == "t"


def test_unit_without_variants_raises() -> None:
    with pytest.raises(TMXError, match="no variant"):
        write_tmx(io.BytesIO(), Header(), [Unit(attrs={"tuid": "x"})])


def test_unbalanced_hi_raises_naming_the_unit() -> None:
    bad = Unit(variants=[Variant("en", Segment((Tag("hi", "open"), "x")))], attrs={"tuid": "u9"})
    with pytest.raises(TMXError, match=r"tuid 'u9' \(en\): <hi> tag opened but never closed"):
        write_tmx(io.BytesIO(), Header(), [bad])


def test_writing_to_a_path_is_atomic(tmp_path: Path) -> None:
    out = tmp_path / "out.tmx"
    out.write_text("previous content")
    bad = Unit(attrs={"tuid": "broken"})
    with pytest.raises(TMXError):
        write_tmx(out, Header(), [unit(("en", "fine")), bad])
    assert out.read_text() == "previous content"
    assert not (tmp_path / "out.tmx.part").exists()
    assert write_tmx(out, Header(), [unit(("en", "fine"))]) == 1
    with read_tmx(out) as doc:
        assert [u.variants[0].text for u in doc] == ["fine"]


def test_writer_streams_units_one_by_one(tmp_path: Path) -> None:
    out = tmp_path / "gen.tmx"

    def generate() -> object:
        for i in range(1000):
            yield unit(("en", f"sentence {i}"), ("sw", f"sentensi {i}"), tuid=str(i))

    assert write_tmx(out, Header(), generate()) == 1000  # type: ignore[arg-type]
    with read_tmx(out) as doc:
        tuids = [u.tuid for u in doc]
    assert tuids == [str(i) for i in range(1000)]


def test_carriage_returns_and_attribute_whitespace_survive() -> None:
    u = unit(("en", "line\r\nbreak\ttab"), tuid="a\tb\nc")
    buf = io.BytesIO()
    write_tmx(buf, Header(), [u])
    buf.seek(0)
    with read_tmx(buf) as doc:
        assert list(doc) == [u]
