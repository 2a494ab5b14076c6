"""Interoperability with a real peer, translate-toolkit: each reads what the other writes."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkutano.tmx import Header, Note, Segment, Tag, Unit, Variant, native_code, read_tmx, write_tmx

ttmx = pytest.importorskip("translate.storage.tmx", reason="translate-toolkit is a test dependency")

SEGMENTS = [
    ("Organised crime and terrorism", "Criminalità organizzata e terrorismo", "Uhalifu wa kupangwa na ugaidi"),
    ("The Rome/Lyon Group <G7> & partners", "Il Gruppo Roma/Lione <G7> & partner", "Kikundi cha Roma/Lyon"),
    ("Quotes \"double\" and 'single'", "Virgolette «caporali» “curve”", "Nukuu"),
    ("Emoji 🚓 and math 𝐀", "Perché è così?", "Ufisadi — rushwa"),
]  # fmt: skip


def _units() -> list[Unit]:
    return [
        Unit(
            [Variant("en", Segment.from_text(en)), Variant("it", Segment.from_text(it)),
             Variant("sw", Segment.from_text(sw))],
            attrs={"tuid": f"u{i}"},
        )
        for i, (en, it, sw) in enumerate(SEGMENTS)
    ]  # fmt: skip


def _native(seg: Segment) -> str:
    return "".join(p if isinstance(p, str) else native_code(p) for p in seg.parts)


def test_translate_toolkit_reads_what_mkutano_writes() -> None:
    buf = io.BytesIO()
    write_tmx(buf, Header(attrs={"srclang": "en"}), _units())
    store = ttmx.tmxfile.parsestring(buf.getvalue())
    got = [(u.getid(), u.source, u.target) for u in store.units]
    assert got == [(f"u{i}", en, it) for i, (en, it, _sw) in enumerate(SEGMENTS)]
    # every language is there for the peer, not only the first two
    assert [len(u.getlanguageNodes()) for u in store.units] == [3] * len(SEGMENTS)


def test_translate_toolkit_sees_inline_code_as_text() -> None:
    seg = Segment(("Call ", Tag("ph", "empty", (("x", "1"),), "{0}"), " now & then"))
    buf = io.BytesIO()
    write_tmx(
        buf,
        Header(attrs={"srclang": "en"}),
        [Unit([Variant("en", seg), Variant("it", Segment.from_text("Ora"))])],
    )
    (unit,) = ttmx.tmxfile.parsestring(buf.getvalue()).units
    assert unit.source == _native(seg) == "Call {0} now & then"


def test_mkutano_reads_what_translate_toolkit_writes() -> None:
    store = ttmx.tmxfile(sourcelanguage="en", targetlanguage="sw")
    for en, _it, sw in SEGMENTS:
        u = store.addsourceunit(en)
        u.settarget(sw)
    store.units[0].addnote("checked by the Lyon Group")
    store.units[1].setcontext("report-2002")
    data = bytes(store)
    with read_tmx(io.BytesIO(data), strict=True, name="tt.tmx") as doc:
        units = list(doc)
        header = doc.header
    assert header.attrs["creationtool"] == "Translate Toolkit"
    assert header.srclang == "en"
    assert [(u.variants[0].lang, u.variants[0].text, u.variants[1].lang, u.variants[1].text)
            for u in units] == [("en", en, "sw", sw) for en, _it, sw in SEGMENTS]  # fmt: skip
    assert units[0].notes == [Note("checked by the Lyon Group")]
    assert [(p.type, p.text) for p in units[1].props] == [("x-context", "report-2002")]
    assert doc.diagnostics == []


xml_text = st.text(
    st.characters(codec="utf-8", blacklist_categories=("Cc", "Cs", "Zl", "Zp")),
    min_size=1,
    max_size=30,
).filter(lambda t: t.strip() == t and "\ufffe" not in t and "\uffff" not in t and t.strip())


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(xml_text, xml_text), min_size=1, max_size=4))
def test_segments_survive_a_trip_through_translate_toolkit(pairs: list[tuple[str, str]]) -> None:
    # mkutano → translate-toolkit → mkutano
    buf = io.BytesIO()
    units = [
        Unit([Variant("en", Segment.from_text(a)), Variant("it", Segment.from_text(b))])
        for a, b in pairs
    ]
    write_tmx(buf, Header(attrs={"srclang": "en"}), units)
    store = ttmx.tmxfile.parsestring(buf.getvalue())
    assert [(u.source, u.target) for u in store.units] == pairs
    with read_tmx(io.BytesIO(bytes(store)), strict=True) as doc:
        assert [(u.variants[0].text, u.variants[1].text) for u in doc] == pairs
