"""The streaming TMX reader: versions, encodings, metadata, bad input in lenient and strict mode."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from mkutano.tmx import Note, Prop, Segment, Tag, TMXParseError, Unit, read_tmx

from .builders import HEADER_ATTRS, make_tmx, tmx_text, tu


def read_all(
    data: bytes, *, strict: bool = False, name: str = "t.tmx"
) -> tuple[list[Unit], object]:
    with read_tmx(io.BytesIO(data), strict=strict, name=name) as doc:
        units = list(doc)
    return units, doc


# -- versions and language attributes ---------------------------------------------------------


@pytest.mark.parametrize("version", ["1.1", "1.2", "1.3", "1.4", "1.4b"])
def test_every_tmx_version_is_read(version: str) -> None:
    lang_attr = "lang" if version == "1.1" else "xml:lang"
    data = make_tmx(tu(("en", "Hello"), ("it", "Ciao"), lang_attr=lang_attr), version=version)
    units, doc = read_all(data)
    assert doc.header.version == version  # type: ignore[attr-defined]
    assert [(v.lang, v.text) for v in units[0].variants] == [("en", "Hello"), ("it", "Ciao")]
    assert doc.diagnostics == []  # type: ignore[attr-defined]


def test_tmx11_lang_attribute_is_not_kept_as_an_extra_attribute() -> None:
    units, _ = read_all(make_tmx(tu(("en", "a"), ("sw", "b"), lang_attr="lang"), version="1.1"))
    assert units[0].variants[0].attrs == {}


def test_xml_lang_wins_when_both_lang_attributes_are_present() -> None:
    body = '<tu><tuv lang="fr" xml:lang="it"><seg>Ciao</seg></tuv></tu>'
    units, _ = read_all(make_tmx(body))
    assert units[0].variants[0].lang == "it"
    assert units[0].variants[0].attrs == {"lang": "fr"}


def test_header_srclang_all_is_accepted() -> None:
    header = HEADER_ATTRS.replace('srclang="en"', 'srclang="*all*"')
    units, doc = read_all(make_tmx(tu(("en", "a"), ("it", "b")), header=f"<header {header}/>"))
    assert doc.header.srclang == "*all*"  # type: ignore[attr-defined]
    assert len(units) == 1
    assert doc.diagnostics == []  # type: ignore[attr-defined]


def test_same_language_twice_and_three_languages_are_kept() -> None:
    body = tu(("en", "Hello"), ("fr-CA", "Bonjour"), ("fr-CA", "Salut"), ("sw", "Habari"))
    units, _ = read_all(make_tmx(body))
    assert units[0].languages == ["en", "fr-CA", "fr-CA", "sw"]
    assert [v.text for v in units[0].variants_for("fr-CA")] == ["Bonjour", "Salut"]


def test_unit_with_a_single_variant_is_kept() -> None:
    units, doc = read_all(make_tmx(tu(("en", "alone"))))
    assert len(units) == 1
    assert doc.units_skipped == 0


# -- encodings ------------------------------------------------------------------------------


def _doc(encoding: str, text: str = "Ufisadi na ugaidi — café") -> str:
    return f'<?xml version="1.0" encoding="{encoding}"?>\n' + tmx_text(
        tu(("sw", text), ("it", "x"))
    )


@pytest.mark.parametrize(
    ("label", "data"),
    [
        ("utf-8", _doc("UTF-8").encode("utf-8")),
        ("utf-8 BOM", b"\xef\xbb\xbf" + _doc("UTF-8").encode("utf-8")),
        ("utf-16 LE BOM", b"\xff\xfe" + _doc("UTF-16").encode("utf-16-le")),
        ("utf-16 BE BOM", b"\xfe\xff" + _doc("UTF-16").encode("utf-16-be")),
        ("utf-16 LE no BOM", _doc("UTF-16").encode("utf-16-le")),
        ("utf-32 BOM", _doc("UTF-32").encode("utf-32")),
    ],
)
def test_unicode_encodings_are_detected(label: str, data: bytes) -> None:
    units, doc = read_all(data)
    assert units[0].variants[0].text == "Ufisadi na ugaidi — café", label
    assert doc.diagnostics == []  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("encoding", "text"), [("windows-1252", "caffè € “quoted”"), ("ISO-8859-1", "città à")]
)
def test_declared_legacy_encoding_is_decoded(encoding: str, text: str) -> None:
    data = _doc(encoding, text).encode(encoding)
    units, doc = read_all(data)
    assert units[0].variants[0].text == text
    assert doc.diagnostics == []  # type: ignore[attr-defined]


def test_wrong_utf16_declaration_on_utf8_bytes_is_read_as_utf8() -> None:
    units, _ = read_all(_doc("UTF-16").encode("utf-8"))
    assert units[0].variants[0].text.endswith("café")


def test_gzip_compressed_tmx_is_read(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx.gz"
    path.write_bytes(gzip.compress(make_tmx(tu(("en", "zipped"), ("it", "compresso")))))
    with read_tmx(path) as doc:
        assert [u.variants[1].text for u in doc] == ["compresso"]


def test_utf8_bytes_that_are_not_utf8_stop_with_a_line_and_a_hint() -> None:
    data = make_tmx(tu(("en", "ok"), ("it", "bene")) + "\n" + tu(("it", "cafXe")))
    data = data.replace(b"cafXe", b"caf\xe9")
    units, doc = read_all(data)
    assert len(units) == 1
    (err,) = doc.errors  # type: ignore[attr-defined]
    assert err.line == 7
    assert "not valid UTF-8" in err.message
    assert "encoding" in err.message


def test_unknown_declared_encoding_is_rejected() -> None:
    with pytest.raises(TMXParseError, match=r"t\.tmx:1: unknown encoding 'klingon'"):
        read_all(make_tmx(tu(("en", "a")), encoding="klingon"))


# -- everything kept ------------------------------------------------------------------------

FULL = """<?xml version="1.0" encoding="UTF-8"?>
<tmx version="1.4">
<header creationtool="Tool" creationtoolversion="2" segtype="sentence" o-tmf="ABC" adminlang="en"
  srclang="en" datatype="plaintext" creationdate="20240101T101010Z" x-custom="kept">
  <note>header note</note>
  <prop type="x-domain" xml:lang="en">G7 Lyon Group</prop>
  <ude name="MacRoman" base="Macintosh"><map unicode="#xF8FF" code="#xF0" ent="Apple_logo"/></ude>
</header>
<body>
<tu tuid="42" creationdate="20240102T000000Z" creationid="anna" changedate="2024-01-03T10:00:00Z"
    changeid="bob" usagecount="7" lastusagedate="20240104T000000Z" segtype="phrase"
    datatype="html" o-tmf="XYZ" srclang="en" o-encoding="utf-8" x-unknown="yes">
  <note xml:lang="it">nota</note>
  <prop type="x-project">Roma</prop>
  <tuv xml:lang="en" creationdate="20240102T000000Z" changeid="carl" x-other="1">
    <prop type="x-status">final</prop>
    <note>tuv note</note>
    <seg>The <hi type="b">Rome</hi> Group</seg>
  </tuv>
  <tuv xml:lang="it"><seg>Il gruppo di <bpt i="1">&lt;b></bpt>Roma<ept i="1">&lt;/b></ept></seg></tuv>
</tu>
</body>
</tmx>
"""


def test_every_attribute_prop_and_note_is_kept_in_order() -> None:
    units, doc = read_all(FULL.encode())
    header = doc.header  # type: ignore[attr-defined]
    assert list(header.attrs)[:3] == ["creationtool", "creationtoolversion", "segtype"]
    assert header.attrs["x-custom"] == "kept"
    assert header.notes == [Note("header note")]
    assert header.props == [Prop("x-domain", "G7 Lyon Group", {"xml:lang": "en"})]
    assert header.udes[0].startswith('<ude name="MacRoman"')
    assert "Apple_logo" in header.udes[0]
    (unit,) = units
    assert list(unit.attrs) == [
        "tuid", "creationdate", "creationid", "changedate", "changeid", "usagecount",
        "lastusagedate", "segtype", "datatype", "o-tmf", "srclang", "o-encoding", "x-unknown",
    ]  # fmt: skip
    assert unit.tuid == "42"
    assert unit.attrs["usagecount"] == "7"
    assert unit.notes == [Note("nota", {"xml:lang": "it"})]
    assert unit.props == [Prop("x-project", "Roma")]
    en, it = unit.variants
    assert en.attrs == {"creationdate": "20240102T000000Z", "changeid": "carl", "x-other": "1"}
    assert en.props == [Prop("x-status", "final")]
    assert en.notes == [Note("tuv note")]
    assert en.segment.parts == (
        "The ",
        Tag("hi", "open", (("type", "b"),)),
        "Rome",
        Tag("hi", "close"),
        " Group",
    )
    assert it.segment.with_placeholders() == "Il gruppo di <1>Roma</1>"
    assert it.segment.tags[0].code == "&lt;b&gt;"
    assert doc.diagnostics == []  # type: ignore[attr-defined]


def test_unit_and_variant_lines_point_into_the_file() -> None:
    units, _ = read_all(FULL.encode())
    assert units[0].line == 12
    assert [v.line for v in units[0].variants] == [15, 20]


def test_segment_whitespace_is_kept_verbatim() -> None:
    units, _ = read_all(make_tmx(tu(("en", "  two  spaces\n\tand a tab "))))
    assert units[0].variants[0].text == "  two  spaces\n\tand a tab "


def test_impossible_date_is_a_warning_and_the_unit_is_kept() -> None:
    units, doc = read_all(make_tmx(tu(("en", "a"), attrs='creationdate="20241345T000000Z"')))
    assert len(units) == 1
    assert units[0].attrs["creationdate"] == "20241345T000000Z"
    (d,) = doc.diagnostics  # type: ignore[attr-defined]
    assert d.severity == "warning"
    assert "20241345T000000Z" in d.message
    assert d.line == 5


# -- bad input ------------------------------------------------------------------------------


def test_empty_file_is_rejected_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "empty.tmx"
    path.write_bytes(b"")
    with pytest.raises(TMXParseError) as info:
        read_tmx(path)
    assert str(info.value) == f"{path}:1: the file is empty; expected a TMX document"


def test_missing_file_is_a_parse_error_naming_it(tmp_path: Path) -> None:
    with pytest.raises(TMXParseError, match=r"nope\.tmx: cannot open"):
        read_tmx(tmp_path / "nope.tmx")


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"just some text", "not a well-formed XML file"),
        (b'<?xml version="1.0"?><xliff version="1.2"><file/></xliff>', "root element is <xliff>"),
        (b"<tmx version='1.4'><header", "not a well-formed XML file"),
    ],
)
def test_input_that_is_not_tmx_is_rejected(data: bytes, message: str) -> None:
    with pytest.raises(TMXParseError) as info:
        read_tmx(io.BytesIO(data), name="x.tmx")
    assert message in str(info.value)
    assert str(info.value).startswith("x.tmx:")
    assert "\n" not in str(info.value)


def test_missing_header_is_a_warning_and_units_are_read() -> None:
    data = b'<tmx version="1.4"><body>' + tu(("en", "a"), ("it", "b")).encode() + b"</body></tmx>"
    units, doc = read_all(data)
    assert len(units) == 1
    assert "no <header>" in doc.diagnostics[0].message  # type: ignore[attr-defined]


def test_missing_header_attributes_are_named() -> None:
    units, doc = read_all(make_tmx(tu(("en", "a")), header='<header srclang="en"/>'))
    assert len(units) == 1
    (d,) = doc.diagnostics  # type: ignore[attr-defined]
    assert "creationtool, creationtoolversion, segtype, o-tmf, adminlang, datatype" in d.message


def test_truncated_file_keeps_units_before_the_break() -> None:
    data = make_tmx(tu(("en", "one")) + tu(("en", "two")) + "<tu><tuv xml:lang='en'><seg>thr")
    data = data[: data.index(b"thr") + 3]
    units, doc = read_all(data)
    assert [u.variants[0].text for u in units] == ["one", "two"]
    (err,) = doc.diagnostics  # type: ignore[attr-defined]
    assert err.severity == "error"
    assert err.line == 7
    assert "Premature end of data" in err.message
    assert "2 units before it kept" in err.message


def test_truncated_file_raises_in_strict_mode() -> None:
    data = make_tmx(tu(("en", "one")) + "<tu><tuv xml:lang='en'><seg>tw")
    data = data[: data.index(b"tw") + 2]
    with pytest.raises(TMXParseError, match=r"t\.tmx:6: the file breaks here"):
        read_all(data, strict=True)


def test_tuv_without_language_skips_the_unit_in_lenient_mode() -> None:
    body = "<tu><tuv><seg>no lang</seg></tuv></tu>\n" + tu(("en", "fine"))
    units, doc = read_all(make_tmx(body))
    assert [u.variants[0].text for u in units] == ["fine"]
    assert doc.units_read == 1
    assert doc.units_skipped == 1
    assert str(doc.diagnostics[0]) == (  # type: ignore[attr-defined]
        "t.tmx:5: <tuv> without xml:lang; tu skipped (use --strict to stop at the first error)"
    )


def test_tuv_without_language_raises_in_strict_mode() -> None:
    body = tu(("en", "first")) + "<tu><tuv><seg>no lang</seg></tuv></tu>\n"
    with read_tmx(io.BytesIO(make_tmx(body)), strict=True, name="s.tmx") as doc:
        it = iter(doc)
        assert next(it).variants[0].text == "first"
        with pytest.raises(TMXParseError, match=r"^s\.tmx:6: <tuv> without xml:lang$"):
            next(it)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ('<tu><tuv xml:lang="en"></tuv></tu>', "without <seg>"),
        ('<tu tuid="7"></tu>', "<tu> without any <tuv>"),
        ('<tu><tuv xml:lang="en us"><seg>x</seg></tuv></tu>', "not a valid language tag"),
        (
            '<tu><tuv xml:lang="en"><seg>a <b>bold</b></seg></tuv></tu>',
            "<b> is not allowed in <seg>",
        ),
        ('<tu><tuv xml:lang="en"><seg>a <sub>x</sub></seg></tuv></tu>', "<sub> is not allowed"),
    ],
)
def test_broken_unit_is_skipped_with_a_diagnostic(body: str, message: str) -> None:
    units, doc = read_all(make_tmx(body + "\n" + tu(("en", "kept"))))
    assert [u.variants[0].text for u in units] == ["kept"]
    (err,) = doc.diagnostics  # type: ignore[attr-defined]
    assert message in err.message
    assert err.severity == "error"
    assert err.line == 5


def test_illegal_control_characters_are_removed_and_reported() -> None:
    data = make_tmx(tu(("en", "vertical\x0btab")) + tu(("en", "ref&#x1;erence &#9;tab")))
    units, doc = read_all(data)
    assert [u.variants[0].text for u in units] == ["verticaltab", "reference \ttab"]
    assert [(d.line, d.severity) for d in doc.diagnostics] == [(5, "warning"), (6, "warning")]  # type: ignore[attr-defined]
    assert "U+000B" in doc.diagnostics[0].message  # type: ignore[attr-defined]


def test_illegal_control_character_raises_in_strict_mode() -> None:
    with pytest.raises(TMXParseError, match=r"t\.tmx:5: character U\+0002"):
        read_all(make_tmx(tu(("en", "a\x02b"))), strict=True)


def test_illegal_character_in_a_legacy_encoding_is_removed_too() -> None:
    data = _doc("windows-1252", "caffè\x0c").encode("windows-1252")
    units, doc = read_all(data)
    assert units[0].variants[0].text == "caffè"
    assert "U+000C" in doc.diagnostics[0].message  # type: ignore[attr-defined]


def test_unpaired_bpt_is_a_warning_and_kept() -> None:
    units, doc = read_all(make_tmx(tu(("en", 'a <bpt i="1">&lt;b></bpt>b'))))
    assert units[0].variants[0].segment.tags[0].kind == "bpt"
    assert doc.diagnostics[0].severity == "warning"  # type: ignore[attr-defined]


def test_document_closes_a_file_it_opened(tmp_path: Path) -> None:
    path = tmp_path / "m.tmx"
    path.write_bytes(make_tmx(tu(("en", "a"))))
    doc = read_tmx(path)
    assert [u.variants[0].text for u in doc] == ["a"]
    assert doc._stream._raw.closed  # iterating to the end closed it


def test_file_object_passed_in_is_left_open() -> None:
    buf = io.BytesIO(make_tmx(tu(("en", "a"))))
    with read_tmx(buf) as doc:
        list(doc)
    assert not buf.closed


def test_large_line_numbers_are_exact() -> None:
    body = "".join(tu(("en", f"u{i}")) for i in range(70_000))
    with read_tmx(io.BytesIO(make_tmx(body))) as doc:
        lines = [u.line for u in doc]
    assert len(lines) == 70_000
    assert lines[-1] == 70_004


def test_segment_model_sees_plain_text_and_placeholders() -> None:
    units, _ = read_all(make_tmx(tu(("en", 'Call <ph x="1">{0}</ph> now'))))
    seg: Segment = units[0].variants[0].segment
    assert seg.plain == "Call  now"
    assert seg.with_placeholders() == "Call <1/> now"


def test_corrupt_gzip_stream_stops_with_a_diagnostic(tmp_path: Path) -> None:
    body = "".join(tu(("en", f"unit {i} " * 20)) for i in range(3000))
    packed = gzip.compress(make_tmx(body))
    path = tmp_path / "broken.tmx.gz"
    path.write_bytes(packed[: len(packed) // 2])  # cut in the middle
    with read_tmx(path) as doc:
        units = list(doc)
    assert 0 < len(units) < 3000
    (err,) = doc.errors
    assert "reading stopped" in err.message
    assert err.file == str(path)
