"""XLIFF 1.2 and 2.x: OASIS suite, real files, round trips, translate-toolkit reading ours."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkutano.tmx import Diagnostic, Segment, Tag
from mkutano.tmx.xliff import (
    XLIFFDocument,
    XLIFFError,
    XLIFFFile,
    XLIFFMatch,
    XLIFFUnit,
    read_xliff,
    write_xliff,
)

SUITE = "test-suites/xliff-2.1-oasis-testsuite"


def _sample() -> XLIFFDocument:
    src = Segment(
        (
            "Il ",
            Tag("bpt", "open", (("i", "1"),), "&lt;b&gt;"),
            "Dott.",
            Tag("ept", "close", (("i", "1"),), "&lt;/b&gt;"),
            " Rossi",
        )
    )
    match = XLIFFMatch(Segment.from_text("Dkt. Rossi"), Segment.from_text("Il Dott. Rossi"), 87.0,
                       "tm:g7", "tm")  # fmt: skip
    unit = XLIFFUnit("1", src, Segment.from_text("Dkt. Rossi"), "translated", ["nota"], [match])
    return XLIFFDocument("1.2", [XLIFFFile("report.txt", "it", "sw", [unit])])


def test_valid_oasis_files_are_read(corpus: Path) -> None:
    files = sorted((corpus / SUITE).glob("*/valid/*.xlf"))
    assert len(files) > 50
    for f in files:
        read_xliff(f)


def test_every_invalid_oasis_file_is_rejected(corpus: Path) -> None:
    files = sorted((corpus / SUITE).glob("*/invalid/*.xlf"))
    assert len(files) > 150
    accepted = []
    refused: list[tuple[Path, list[Diagnostic]]] = []
    for f in files:
        try:
            read_xliff(f)
        except XLIFFError as exc:
            refused.append((f, exc.diagnostics))
        else:
            accepted.append(f.name)
    assert accepted == []
    for f, diagnostics in refused:
        assert diagnostics, f
        assert all(d.file == str(f) for d in diagnostics), f


def test_invalid_file_can_be_read_leniently(corpus: Path) -> None:
    doc = read_xliff(corpus / SUITE / "core" / "invalid" / "bad_NoTrgLang.xlf", strict=False)
    assert doc.units
    assert any("trgLang" in d.message for d in doc.diagnostics)


@pytest.mark.parametrize(
    "name",
    [
        "bad_NoTrgLang.xlf",
        "bad_DataRefWithoutOriginalData.xlf",
        "bad_EcBeforeSc.xlf",
        "bad_SegmentIdNotUnique.xlf",
        "bad_UnitWithoutSegment.xlf",
        "bad_WrongTargetLang.xlf",
    ],
)
def test_core_invalid_case_is_rejected(corpus: Path, name: str) -> None:
    with pytest.raises(XLIFFError):
        read_xliff(corpus / SUITE / "core" / "invalid" / name)


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Bad-mtc_match-ID-not-unique.xlf", "not unique"),
        ("Bad-mtc_type-value-not-in-list.xlf", "type="),
        ("Bad-mtc_wrong-ref-value.xlf", "ref="),
        ("Bad-gls_glossEntry-w-o-translation-or-definition.xlf", "glossEntry"),
        ("Bad-mda_meta-missing-type.xlf", "without type"),
        ("Bad-slr_sizeRestriction-patterns.xlf", "sizeRestriction"),
        ("Bad-val_invalid-occurs.xlf", "occurs"),
    ],
)
def test_module_invalid_case_names_the_rule(corpus: Path, name: str, words: str) -> None:
    with pytest.raises(XLIFFError) as info:
        read_xliff(corpus / SUITE / "modules" / "invalid" / name)
    assert any(words in d.message for d in info.value.diagnostics)


def test_illegal_control_character_is_removed_with_a_warning(tmp_path: Path) -> None:
    f = tmp_path / "ctl.xlf"
    f.write_bytes(
        b'<xliff xmlns="urn:oasis:names:tc:xliff:document:1.2" version="1.2">'
        b'<file original="a" source-language="en" datatype="plaintext"><body>'
        b'<trans-unit id="1"><source>a\x08b</source></trans-unit></body></file></xliff>'
    )
    doc = read_xliff(f)
    assert doc.units[0].source.plain == "ab"
    assert [d.severity for d in doc.diagnostics] == ["warning"]


def test_not_xliff_is_refused(tmp_path: Path) -> None:
    f = tmp_path / "x.xlf"
    f.write_text("<tmx/>", encoding="utf-8")
    with pytest.raises(XLIFFError, match="not <xliff>"):
        read_xliff(f)


def test_match_with_xml_lang_is_rejected(corpus: Path) -> None:
    with pytest.raises(XLIFFError, match="xml:lang"):
        read_xliff(corpus / SUITE / "modules" / "invalid" / "Bad-mtc_match-has-xml_lang.xlf")


def test_oasis_matches_are_read(corpus: Path) -> None:
    doc = read_xliff(corpus / SUITE / "core" / "valid" / "withMatches.xlf")
    unit = doc.units[0]
    assert [m.target.plain for m in unit.matches] == ["Texte", "Texte2"]
    assert unit.matches[0].target.tags[0].kind == "ph"


def test_real_xliff12_with_alt_trans_is_read(corpus: Path) -> None:
    doc = read_xliff(corpus / "xliff" / "okapi" / "filters-xliff" / "alttrans.xlf", strict=False)
    assert doc.version.startswith("1")
    assert any(u.matches for u in doc.units)


@pytest.mark.parametrize("version", ["1.2", "2.0", "2.1"])
def test_write_read_round_trip(tmp_path: Path, version: str) -> None:
    doc = _sample()
    path = tmp_path / "out.xlf"
    write_xliff(doc, path, version=version)
    back = read_xliff(path)
    unit = back.units[0]
    assert unit.source.plain == "Il Dott. Rossi"
    assert [t.role for t in unit.source.tags] == ["open", "close"]
    assert unit.target is not None
    assert unit.target.plain == "Dkt. Rossi"
    assert unit.matches[0].quality == 87.0
    assert unit.matches[0].origin == "tm:g7"
    assert back.files[0].target_lang == "sw"


def test_translate_toolkit_reads_our_xliff12_alt_trans(tmp_path: Path) -> None:
    xliff = pytest.importorskip("translate.storage.xliff")
    path = tmp_path / "out.xlf"
    write_xliff(_sample(), path, version="1.2")
    store = xliff.xlifffile.parsefile(str(path))
    unit = store.units[0]
    assert unit.source == "Il <b>Dott.</b> Rossi"
    alts = unit.getalttrans()
    assert [a.target for a in alts] == ["Dkt. Rossi"]
    assert alts[0].xmlelement.get("match-quality") == "87"
    assert alts[0].xmlelement.get("origin") == "tm:g7"


def test_translate_toolkit_reads_our_xliff21(tmp_path: Path) -> None:
    xliff2 = pytest.importorskip("translate.storage.xliff2")
    path = tmp_path / "out.xlf"
    write_xliff(_sample(), path, version="2.1")
    store = xliff2.Xliff2File.parsefile(str(path))
    units = [u for u in store.units if u.source]
    assert len(units) == 1
    assert "Dott." in units[0].source


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_html_document_goes_to_xliff_and_back(tmp_path: Path, version: str) -> None:
    from mkutano.tmx.html import html_document, render_html
    from mkutano.tmx.xliff import merge_xliff, xliff_from_document

    page = "<p>Il <b>Sig. Rossi</b> arriva. Ciao!</p>"
    doc = html_document(page, "it")
    xl = xliff_from_document(doc, "sw", version=version)
    for unit in xl.units:
        unit.target = Segment(
            tuple(p.replace("arriva", "anafika") if isinstance(p, str) else p
                  for p in unit.source.parts)
        )  # fmt: skip
    path = tmp_path / "doc.xlf"
    write_xliff(xl, path)
    assert merge_xliff(doc, read_xliff(path)) == 2
    assert render_html(doc) == "<p>Il <b>Sig. Rossi</b> anafika. Ciao!</p>"


_text = st.text(
    alphabet=st.characters(blacklist_categories=("Cs", "Cc"), blacklist_characters="\ufffe\uffff"),
    min_size=1,
    max_size=20,
)


@settings(max_examples=40, deadline=None)
@given(
    st.sampled_from(["1.2", "2.1"]),
    st.lists(st.tuples(_text, st.one_of(st.none(), _text)), min_size=1, max_size=4),
    st.one_of(st.none(), st.integers(0, 100)),
)
def test_round_trip_keeps_texts_and_matches(
    version: str, pairs: list[tuple[str, str | None]], quality: int | None
) -> None:
    import tempfile

    units = [
        XLIFFUnit(
            f"u{k}",
            Segment.from_text(src),
            Segment.from_text(tgt) if tgt is not None else None,
            matches=[XLIFFMatch(Segment.from_text(src[::-1]), None, quality, "tm")],
        )
        for k, (src, tgt) in enumerate(pairs)
    ]
    doc = XLIFFDocument(version, [XLIFFFile("f", "it", "sw", units)])
    with tempfile.TemporaryDirectory() as d:
        path = Path(d) / "rt.xlf"
        write_xliff(doc, path)
        back = read_xliff(path)
    assert [u.source.plain for u in back.units] == [s for s, _ in pairs]
    assert [u.target.plain if u.target else None for u in back.units] == [
        (t or None) if t is not None else None for _, t in pairs
    ]
    assert [m.quality for u in back.units for m in u.matches] == [quality] * len(pairs)
