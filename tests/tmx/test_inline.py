"""Inline markup: <seg> content to Segment (typed placeholders) and back to the same markup."""

from __future__ import annotations

import pytest
from lxml import etree

from mkutano.tmx import InlineMarkupError, Segment, Tag, native_code
from mkutano.tmx.inline import element_to_segment, segment_to_element
from mkutano.tmx.xmlsafe import safe_fromstring


def seg(xml: str) -> Segment:
    return element_to_segment(safe_fromstring(f"<seg>{xml}</seg>"))


def back(segment: Segment) -> str:
    return etree.tostring(segment_to_element(segment), encoding="unicode")


@pytest.mark.parametrize(
    "xml",
    [
        "plain text",
        'a <ph x="1">&lt;br/&gt;</ph> b',
        '<bpt i="1" type="bold">{\\b </bpt>bold<ept i="1">}</ept>',
        '<it pos="begin" x="2">&lt;a href="x"&gt;</it>link',
        '<ut>&lt;u&gt;</ut>x<ph type="image">&lt;img src="a.png"/&gt;</ph>',
        'see <bpt i="1">&lt;a title="<sub>Link title</sub>"&gt;</bpt>here<ept i="1">&lt;/a&gt;</ept>',
        'x<hi type="b">bold <hi x="3">nested</hi> end</hi>y',
        '<hi type="i"><ph x="1">&lt;img/&gt;</ph></hi>',
        '<bpt i="1" type="n"/>xx<ept i="1">&lt;/z&gt;</ept>',
        '<ph x="1">a<sub>s1 <ph>&lt;x/&gt;</ph></sub>b<sub type="alt">s2</sub>c</ph>',
    ],
)
def test_inline_markup_is_written_back_exactly(xml: str) -> None:
    assert back(seg(xml)) == etree.tostring(
        safe_fromstring(f"<seg>{xml}</seg>"), encoding="unicode"
    )


def test_tags_become_typed_placeholders() -> None:
    s = seg('Il <bpt i="1">&lt;b&gt;</bpt>gruppo<ept i="1">&lt;/b&gt;</ept> di <ph x="2">{0}</ph>')
    assert [(t.kind, t.role) for t in s.tags] == [
        ("bpt", "open"),
        ("ept", "close"),
        ("ph", "empty"),
    ]
    assert s.plain == "Il gruppo di "
    assert s.with_placeholders() == "Il <1>gruppo</1> di <2/>"
    assert s.tags[0].attrs == (("i", "1"),)
    assert s.tags[0].pair_id == "1"


def test_it_role_follows_pos() -> None:
    s = seg('<it pos="begin">a</it>x<it pos="end">b</it>')
    assert [t.role for t in s.tags] == ["open", "close"]


def test_hi_becomes_open_and_close_around_its_text() -> None:
    s = seg('a <hi type="b">bold</hi> c')
    assert s.parts == ("a ", Tag("hi", "open", (("type", "b"),)), "bold", Tag("hi", "close"), " c")
    assert s.plain == "a bold c"
    assert s.with_placeholders() == "a <1>bold</1> c"


def test_sub_inside_a_code_tag_is_kept_in_code() -> None:
    s = seg('<ph x="1">&lt;img alt="<sub>Rome</sub>"&gt;</ph>')
    assert s.tags[0].code == '&lt;img alt="<sub>Rome</sub>"&gt;'
    assert native_code(s.tags[0]) == '<img alt="Rome">'


def test_native_code_unescapes_plain_code() -> None:
    assert native_code(Tag("bpt", "open", (("i", "1"),), "&lt;b&gt; &amp;")) == "<b> &"
    assert native_code(Tag("hi", "open")) == ""


def test_xml_lang_attribute_of_hi_keeps_its_prefix() -> None:
    s = seg('<hi xml:lang="sw">Habari</hi>')
    assert s.tags[0].attrs == (("xml:lang", "sw"),)
    assert 'xml:lang="sw"' in back(s)


@pytest.mark.parametrize(
    ("xml", "message"),
    [
        ("a <b>bold</b>", "<b> is not allowed in <seg>"),
        ("<sub>x</sub>", "<sub> is not allowed in <seg>"),
        ('<hi><g id="1">x</g></hi>', "<g> is not allowed in <hi>"),
    ],
)
def test_markup_tmx_does_not_allow_is_rejected(xml: str, message: str) -> None:
    with pytest.raises(InlineMarkupError, match=message):
        seg(xml)


def test_unbalanced_hi_cannot_be_written() -> None:
    with pytest.raises(InlineMarkupError, match="never closed"):
        segment_to_element(Segment((Tag("hi", "open"), "x")))
    with pytest.raises(InlineMarkupError, match="without an opening"):
        segment_to_element(Segment(("x", Tag("hi", "close"))))


def test_code_that_is_not_xml_cannot_be_written() -> None:
    with pytest.raises(InlineMarkupError, match="not well-formed"):
        segment_to_element(Segment((Tag("ph", "empty", (), "<b>"),)))


def test_illegal_characters_are_left_out_when_writing() -> None:
    removed: list[int] = []
    el = segment_to_element(
        Segment(("a\x0bb", Tag("ph", "empty", (("x", "1\x01"),), "c\x02"))), removed
    )
    assert etree.tostring(el, encoding="unicode") == '<seg>ab<ph x="1">c</ph></seg>'
    assert removed == [0x0B, 0x01, 0x02]


def test_carriage_return_in_code_survives_a_round_trip() -> None:
    s = Segment((Tag("ph", "empty", (), "a&#13;<sub>b</sub>"),))
    el = segment_to_element(s)
    reparsed = element_to_segment(safe_fromstring(etree.tostring(el)))
    assert reparsed == s
