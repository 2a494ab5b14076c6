"""TBX v3 (DCA, DCT) and TBX 2008: reading, writing, round trips, hostile files."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkutano.glossaries import (
    Concept,
    DataCategory,
    Term,
    TermStatus,
    TermType,
    read_tbx,
    write_tbx,
)
from mkutano.glossaries.formats import SAMPLE_GLOSSARY

V3 = """<?xml version="1.0" encoding="UTF-8"?>
<tbx type="TBX-Basic" style="{style}" xml:lang="en" xmlns="urn:iso:std:iso:30042:ed-2"
     xmlns:min="http://www.tbxinfo.net/ns/min" xmlns:basic="http://www.tbxinfo.net/ns/basic">
<tbxHeader><fileDesc><sourceDesc><p>test</p></sourceDesc></fileDesc></tbxHeader>
<text><body>
{body}
</body></text></tbx>
"""

DCA_ENTRY = """<conceptEntry id="lepsg">
  <descrip type="subjectField">law enforcement</descrip>
  <langSec xml:lang="en">
    <termSec><term>LEPSG</term>
      <termNote type="administrativeStatus">preferredTerm-admn-sts</termNote>
      <termNote type="termType">acronym</termNote>
      <note>do not translate</note></termSec>
    <termSec><term>Law Enforcement Projects Sub-Group</term>
      <termNote type="termType">fullForm</termNote></termSec>
  </langSec>
  <langSec xml:lang="sw">
    <termSec><term>Kikundi Kidogo cha Miradi ya Utekelezaji wa Sheria</term>
      <termNote type="partOfSpeech">noun</termNote></termSec>
    <termSec><term>Kikundi cha Utekelezaji</term>
      <termNote type="administrativeStatus">deprecatedTerm-admn-sts</termNote>
      <note>forbidden</note></termSec>
  </langSec>
</conceptEntry>"""

DCT_ENTRY = """<conceptEntry id="lepsg">
  <min:subjectField>law enforcement</min:subjectField>
  <langSec xml:lang="en">
    <termSec><term>LEPSG</term>
      <min:administrativeStatus>preferredTerm-admn-sts</min:administrativeStatus>
      <basic:termType>acronym</basic:termType>
      <note>do not translate</note></termSec>
    <termSec><term>Law Enforcement Projects Sub-Group</term>
      <basic:termType>fullForm</basic:termType></termSec>
  </langSec>
  <langSec xml:lang="sw">
    <termSec><term>Kikundi Kidogo cha Miradi ya Utekelezaji wa Sheria</term>
      <min:partOfSpeech>noun</min:partOfSpeech></termSec>
    <termSec><term>Kikundi cha Utekelezaji</term>
      <min:administrativeStatus>deprecatedTerm-admn-sts</min:administrativeStatus>
      <note>forbidden</note></termSec>
  </langSec>
</conceptEntry>"""


def _read(text: str) -> object:
    return read_tbx(io.BytesIO(text.encode("utf-8")), name="t.tbx")


@pytest.mark.parametrize(("style", "entry"), [("dca", DCA_ENTRY), ("dct", DCT_ENTRY)])
def test_dca_and_dct_read_to_the_same_concept(style: str, entry: str) -> None:
    g = read_tbx(io.BytesIO(V3.format(style=style, body=entry).encode()), name="t.tbx")
    assert g.format == f"tbx-v3-{style}"
    assert not g.diagnostics
    [c] = g.concepts
    assert c.id == "lepsg"
    assert c.subject_field == "law enforcement"
    lepsg, full, sw, bad = c.terms
    assert (lepsg.text, lepsg.status, lepsg.type, lepsg.do_not_translate) == (
        "LEPSG",
        TermStatus.PREFERRED,
        TermType.ACRONYM,
        True,
    )
    assert full.type is TermType.FULL_FORM
    assert full.status is None
    assert sw.lang == "sw"
    assert sw.part_of_speech == "noun"
    assert bad.status is TermStatus.FORBIDDEN


def test_tbx_2008_tig_and_ntig() -> None:
    text = """<?xml version="1.0"?><martif type="TBX" xml:lang="en"><text><body>
    <termEntry id="e1"><descrip type="definition">A group.</descrip>
      <langSet xml:lang="en"><tig><term>cell</term>
        <termNote type="normativeAuthorization">preferredTerm</termNote></tig></langSet>
      <langSet xml:lang="it"><ntig><termGrp><term>cellula</term>
        <termNote type="partOfSpeech">noun</termNote></termGrp>
        <descrip type="context">una cellula terroristica</descrip></ntig></langSet>
    </termEntry></body></text></martif>"""
    g = read_tbx(io.BytesIO(text.encode()), name="m.tbx")
    assert g.format == "tbx-2008"
    [c] = g.concepts
    assert c.definition == "A group."
    en, it = c.terms
    assert en.status is TermStatus.PREFERRED
    assert it.part_of_speech == "noun"
    assert it.extra == [DataCategory("descrip", "context", "una cellula terroristica")]


def test_unknown_data_categories_are_kept_and_written_back() -> None:
    entry = """<conceptEntry id="c1"><admin type="productSubset">X1</admin>
      <langSec xml:lang="en"><termSec><term>widget</term>
        <termNote type="pos">noun</termNote>
        <transacGrp><transac type="transactionType">origination</transac><date>2024-01-01</date></transacGrp>
      </termSec></langSec></conceptEntry>"""
    g = read_tbx(io.BytesIO(V3.format(style="dca", body=entry).encode()), name="u.tbx")
    [c] = g.concepts
    assert [d.severity for d in g.diagnostics] == ["warning", "warning"]
    assert "'pos' on <termNote> is not a TBX-Basic data category" in str(g.diagnostics[1])
    buf = io.BytesIO()
    write_tbx(g.concepts, buf)
    assert read_tbx(io.BytesIO(buf.getvalue()), name="again").concepts == [c]


def test_bad_term_and_language_section_are_skipped_with_line_numbers() -> None:
    entry = """<conceptEntry id="c1">
      <langSec><termSec><term>no language</term></termSec></langSec>
      <langSec xml:lang="en"><termSec><term>  </term></termSec>
        <termSec><term>kept</term></termSec></langSec>
    </conceptEntry>
    <conceptEntry id="c2"><langSec xml:lang="en"><termSec><note>x</note></termSec></langSec></conceptEntry>"""
    g = read_tbx(io.BytesIO(V3.format(style="dca", body=entry).encode()), name="b.tbx")
    assert [t.text for c in g.concepts for t in c.terms] == ["kept"]
    messages = [str(d) for d in g.diagnostics if d.severity == "error"]
    assert messages[0].startswith("b.tbx:7: <langSec> without xml:lang")
    assert any("b.tbx:8: empty <term>" in m for m in messages)
    assert any("entry 'c2' has no usable term; skipped" in m for m in messages)


def test_not_well_formed_file_keeps_entries_before_the_break() -> None:
    body = DCA_ENTRY + '\n<conceptEntry id="c2"><langSec xml:lang="en"><termSec><term>x</termSec>'
    g = read_tbx(io.BytesIO(V3.format(style="dca", body=body).encode()), name="nwf.tbx")
    assert [c.id for c in g.concepts] == ["lepsg"]
    assert g.diagnostics[-1].severity == "error"
    assert "not well-formed XML" in g.diagnostics[-1].message


def test_other_xml_is_rejected() -> None:
    g = read_tbx(io.BytesIO(b"<tmx version='1.4'><body/></tmx>"), name="x.tbx")
    assert g.rejected
    assert "root element <tmx> is not <tbx>" in str(g.diagnostics[0])


def test_empty_file_is_rejected(tmp_path: Path) -> None:
    p = tmp_path / "empty.tbx"
    p.write_bytes(b"")
    g = read_tbx(p)
    assert g.rejected
    assert "empty" in g.diagnostics[0].message


def test_billion_laughs_expands_nothing() -> None:
    bomb = (
        '<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">'
        '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">'
        '<!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">]>'
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c1">'
        '<langSec xml:lang="en"><termSec><term>bomb &lol4;</term></termSec></langSec>'
        "</conceptEntry></body></text></tbx>"
    )
    g = read_tbx(io.BytesIO(bomb.encode()), name="bomb.tbx")
    assert all(len(t.text) < 100 for c in g.concepts for t in c.terms)


def test_external_entity_is_not_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOPSECRET", encoding="utf-8")
    xxe = (
        f'<?xml version="1.0"?><!DOCTYPE tbx [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<tbx xmlns="urn:iso:std:iso:30042:ed-2"><text><body><conceptEntry id="c1">'
        '<langSec xml:lang="en"><termSec><term>leak &x; here</term></termSec></langSec>'
        "</conceptEntry></body></text></tbx>"
    )
    g = read_tbx(io.BytesIO(xxe.encode()), name="xxe.tbx")
    assert "TOPSECRET" not in repr(g.concepts)


def test_forbidden_and_flags_are_written_as_valid_tbx_basic_notes() -> None:
    c = Concept(
        "c1",
        [
            Term("it-brottslighet", "sw", TermStatus.FORBIDDEN),
            Term("INTERPOL", "en", do_not_translate=True, case_sensitive=True),
        ],
    )
    buf = io.BytesIO()
    write_tbx([c], buf)
    xml = buf.getvalue().decode()
    assert "deprecatedTerm-admn-sts" in xml
    assert "<note>forbidden</note>" in xml
    assert "<note>do not translate</note>" in xml
    assert "<note>case-sensitive</note>" in xml
    assert 'type="TBX-Basic" style="dca"' in xml
    assert read_tbx(io.BytesIO(buf.getvalue()), name="w").concepts == [c]


def test_sample_glossary_reads_without_diagnostics() -> None:
    g = read_tbx(SAMPLE_GLOSSARY)
    assert not g.diagnostics
    assert len(g.concepts) >= 45
    assert set(g.languages) == {"it", "en", "sw"}
    statuses = {t.effective_status for c in g.concepts for t in c.terms}
    assert TermStatus.FORBIDDEN in statuses
    assert any(t.do_not_translate for c in g.concepts for t in c.terms)


# -- property: write -> read gives the same concepts ---------------------------------------------
_text = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")),
        min_size=1,
        max_size=20,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)
_note = _text.filter(
    lambda s: (
        s.casefold().rstrip(".")
        not in {
            "forbidden",
            "forbidden term",
            "do not translate",
            "dnt",
            "do-not-translate",
            "case-sensitive",
            "case sensitive",
        }
    )
)
_lang = st.sampled_from(["en", "it", "sw", "sw-KE", "fr"])
_term = st.builds(
    Term,
    text=_text,
    lang=_lang,
    status=st.none() | st.sampled_from(list(TermStatus)),
    type=st.none() | st.sampled_from(list(TermType)),
    part_of_speech=st.none() | st.sampled_from(["noun", "verb", "adjective"]),
    case_sensitive=st.booleans(),
    do_not_translate=st.booleans(),
    usage_note=st.just("") | _note,
    extra=st.lists(
        st.builds(DataCategory, element=st.just("descrip"), type=st.just("context"), value=_text),
        max_size=2,
    ),
)


@st.composite
def _concepts(draw: st.DrawFn) -> list[Concept]:
    out = []
    for i in range(draw(st.integers(1, 4))):
        terms = draw(st.lists(_term, min_size=1, max_size=5))
        order = list(dict.fromkeys(t.lang for t in terms))
        terms.sort(key=lambda t: order.index(t.lang))  # the file groups terms by language
        out.append(
            Concept(
                f"c{i}",
                terms,
                subject_field=draw(st.just("") | _text),
                definition=draw(st.just("") | _text),
                note=draw(st.just("") | _note),
                project_subset=draw(st.just("") | _text),
            )
        )
    return out


@pytest.mark.parametrize("style", ["dca", "dct"])
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(concepts=_concepts())
def test_tbx_v3_round_trip(style: str, concepts: list[Concept]) -> None:
    buf = io.BytesIO()
    assert write_tbx(concepts, buf, style=style) == len(concepts)
    back = read_tbx(io.BytesIO(buf.getvalue()), name="rt.tbx")
    assert back.concepts == concepts
    assert not [d for d in back.diagnostics if d.severity == "error"]


def test_tbx_basic_rules_give_warnings_and_keep_the_data() -> None:
    entry = """<conceptEntry id="c1"><descrip type="context">at concept level</descrip>
      <langSec xml:lang="en"><termSec><term>Rome</term>
        <termNote type="partOfSpeech">properNoun</termNote>
        <termNote type="usageNote">capital</termNote>
      </termSec></langSec></conceptEntry>"""
    g = read_tbx(io.BytesIO(V3.format(style="dca", body=entry).encode()), name="basic.tbx")
    messages = [d.message for d in g.diagnostics]
    assert all(d.severity == "warning" for d in g.diagnostics)
    assert any("allows 'context' only at termSec level" in m for m in messages)
    assert any("partOfSpeech value 'properNoun'" in m for m in messages)
    assert any("'usageNote' on <termNote> is not a TBX-Basic data category" in m for m in messages)
    [c] = g.concepts
    assert c.terms[0].part_of_speech == "properNoun"
    assert [d.type for d in c.extra] == ["context"]
    assert [d.value for d in c.terms[0].extra] == ["capital"]


def test_tbx_2008_term_types_beyond_the_model_are_kept_quietly() -> None:
    text = """<martif type="TBX" xml:lang="en"><text><body><termEntry id="e1">
      <langSet xml:lang="en"><tig><term>EU</term><termNote type="termType">synonym</termNote>
      </tig></langSet></termEntry></body></text></martif>"""
    g = read_tbx(io.BytesIO(text.encode()), name="s.tbx")
    assert not g.diagnostics
    assert g.concepts[0].terms[0].extra[0].value == "synonym"


# -- a real TBX that breaks part-way: the entries before the break are kept --------------------

_KEPT = 40


def _real_tbx_with(corpus: Path, defect: bytes) -> tuple[bytes, int]:
    path = corpus / "tbx/okapi-lib-terminology/sdl_tbx.tbx"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    data, pos = path.read_bytes(), 0
    for _ in range(_KEPT):
        pos = data.index(b"</termEntry>", pos) + len(b"</termEntry>")
    at = data.index(b"<term>", pos) + len(b"<term>")
    return data[:at] + defect + data[at:], data.count(b"\n", 0, at) + 1


def test_real_tbx_with_a_bad_byte_keeps_the_entries_before_it(corpus: Path) -> None:
    data, line = _real_tbx_with(corpus, b"caf\xe9 ")
    g = read_tbx(io.BytesIO(data), name="sdl.tbx")
    assert len(g.concepts) == _KEPT
    assert not g.rejected
    (last,) = [d for d in g.diagnostics if "not valid" in d.message]
    assert last.line == line
    assert "byte 0xE9 is not valid UTF-8" in last.message
    assert "entries after this line not read" in last.message


def test_real_tbx_with_nbsp_keeps_every_entry(corpus: Path) -> None:
    data, line = _real_tbx_with(corpus, b"G7&nbsp;")
    g = read_tbx(io.BytesIO(data), name="sdl.tbx")
    assert len(g.concepts) == 223
    (warning,) = [d for d in g.diagnostics if "&nbsp;" in d.message]
    assert warning.line == line
    assert warning.severity == "warning"
    # the term is kept, its words joined as the reader joins every term's white space
    assert sum(t.text.startswith("G7 ") for c in g.concepts for t in c.terms) == 1


def test_real_tbx_truncated_keeps_the_entries_before_the_cut(corpus: Path) -> None:
    data, line = _real_tbx_with(corpus, b"\x00CUT")
    cut = data[: data.index(b"\x00CUT")]  # the file ends in the middle of the 41st entry
    g = read_tbx(io.BytesIO(cut), name="sdl.tbx")
    assert len(g.concepts) == _KEPT
    assert "entries after this line not read" in g.diagnostics[-1].message
    assert g.diagnostics[-1].line == line


def test_real_tbx_with_an_attribute_bomb_keeps_the_entries_before_it(corpus: Path) -> None:
    bomb = b" " + b" ".join(b'a%d="x"' % i for i in range(100_000))
    path = corpus / "tbx/okapi-lib-terminology/sdl_tbx.tbx"
    if not path.is_file():
        pytest.skip(f"{path} is not in the corpus")
    data, pos = path.read_bytes(), 0
    for _ in range(_KEPT):
        pos = data.index(b"</termEntry>", pos) + len(b"</termEntry>")
    at = data.index(b"<termEntry", pos) + len(b"<termEntry")
    g = read_tbx(io.BytesIO(data[:at] + bomb + data[at:]), name="sdl.tbx")
    assert len(g.concepts) == _KEPT
    (last,) = [d for d in g.diagnostics if "attributes" in d.message]
    assert last.line == data.count(b"\n", 0, at) + 1
    assert "more than 1,000" in last.message
