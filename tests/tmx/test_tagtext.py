"""Tagged text at the edges (tmx.tagtext): TMX inline elements inside a string, read safely."""

from __future__ import annotations

import pytest

from mkutano.tmx import InlineMarkupError, Segment, Tag, format_tagged, parse_tagged

BOLD = 'Clicca <bpt i="1">&lt;b&gt;</bpt>Salva<ept i="1">&lt;/b&gt;</ept> &amp; esci.'


def test_tmx_inline_elements_become_tags_and_back() -> None:
    seg = parse_tagged(BOLD)
    assert seg.parts == (
        "Clicca ",
        Tag("bpt", "open", (("i", "1"),), "&lt;b&gt;"),
        "Salva",
        Tag("ept", "close", (("i", "1"),), "&lt;/b&gt;"),
        " & esci.",
    )
    assert seg.plain == "Clicca Salva & esci."
    assert format_tagged(seg) == BOLD
    assert parse_tagged(format_tagged(seg)) == seg


@pytest.mark.parametrize(
    "text",
    [
        'Mkutano <ph x="1"/> ulifanyika <hi type="b">Roma</hi>.',
        '<it pos="begin" x="2">&lt;i&gt;</it>tarehe 5 Novemba 2025',
        "Vedi <ut>{\\b}</ut>nota<ph>{\\b0}</ph>",
    ],
)
def test_every_inline_element_round_trips(text: str) -> None:
    seg = parse_tagged(text)
    assert seg.tags
    assert format_tagged(seg) == text


def test_auto_reads_plain_text_as_text_and_text_mode_never_parses() -> None:
    assert parse_tagged("AT&T < 5 & <b>bold</b>") == Segment.from_text("AT&T < 5 & <b>bold</b>")
    assert parse_tagged(BOLD, markup="text") == Segment.from_text(BOLD)
    assert format_tagged(Segment.from_text("a < b & c")) == "a < b & c"  # nothing escaped
    assert parse_tagged("Roma", markup="tmx") == Segment.from_text("Roma")
    with pytest.raises(InlineMarkupError, match="a bare &"):
        parse_tagged("AT&T", markup="tmx")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            'Clicca <bpt i="1">x</bpt>Salva & esci.',
            r"^source: malformed inline markup at character 3\d: a bare &",
        ),
        ("Clicca <hi>Salva", r"^source: malformed inline markup at character \d+: .*hi"),
        (
            'Clicca <ph x="1">&nbsp;</ph>',
            r"^source: malformed inline markup at character \d+: Entity 'nbsp'",
        ),
        ("Clicca <b>Salva</b> <ph/>", r"^source: <b> is not allowed in <seg>"),
        ('Clicca <bpt i="1">x</bpt>Salva', r'^source: tag 1: <bpt i="1"> without its <ept>'),
        ('Clicca <ept i="2">x</ept> <ph/>', r'^source: tag 1: <ept i="2"> without its <bpt>'),
        ("<bpt>x</bpt>a<ept>y</ept>", r"^source: tag 1 <bpt> needs an i attribute"),
        ('<!DOCTYPE s [<!ENTITY e "boom">]><ph/>&e;', r"^source: character 1: no DTD"),
    ],
)
def test_malformed_markup_is_one_line_naming_field_and_place(text: str, message: str) -> None:
    with pytest.raises(InlineMarkupError, match=message) as err:
        parse_tagged(text, field="source")
    assert "\n" not in str(err.value)


def test_unknown_mode_is_refused() -> None:
    with pytest.raises(InlineMarkupError, match="use one of auto, tmx, text"):
        parse_tagged("x", markup="xliff")


def test_raw_native_code_from_a_reader_is_escaped_when_written() -> None:
    seg = Segment(
        (
            "Click ",
            Tag("bpt", "open", (("i", "1"),), "<b>"),
            "Save",
            Tag("ept", "close", (("i", "1"),), "</b>"),
        )
    )
    out = format_tagged(seg)
    assert out == 'Click <bpt i="1">&lt;b&gt;</bpt>Save<ept i="1">&lt;/b&gt;</ept>'
    assert parse_tagged(out).plain == "Click Save"
