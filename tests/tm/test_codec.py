"""Lossless unit/header serialisation and the duplicate-policy keys and merge."""

from __future__ import annotations

from mkutano.tm.codec import (
    content_key,
    decode_header,
    decode_unit,
    encode_header,
    encode_unit,
    merge_units,
    same_content,
    source_key,
    source_variant,
)
from mkutano.tmx import Header, Note, Prop, Segment, Tag, Unit, Variant


def pair(a: str, b: str, la: str = "it", lb: str = "sw", **kw: object) -> Unit:
    return Unit([Variant(la, Segment.from_text(a)), Variant(lb, Segment.from_text(b))], **kw)  # type: ignore[arg-type]


def test_header_round_trips() -> None:
    h = Header(
        attrs={"srclang": "it", "creationtool": "OmegaT", "x-unknown": "kept"},
        props=[Prop("x-a", "1", {"xml:lang": "it"})],
        notes=[Note("n", {"o-encoding": "base64"})],
        udes=['<ude name="MacRoman"><map unicode="#xF8FF" code="#xF0"/></ude>'],
        version="1.1",
    )
    assert decode_header(encode_header(h)) == h


def test_unit_with_tags_round_trips() -> None:
    seg = Segment(("a ", Tag("hi", "open", (("type", "b"),)), "b", Tag("hi", "close"), " c"))
    u = Unit([Variant("it", seg, attrs={"x": "1"})], attrs={"tuid": "1"}, notes=[Note("x")])
    assert decode_unit(encode_unit(u)) == u


def test_content_key_ignores_order_case_of_tags_and_metadata() -> None:
    a = pair("Ciao", "Habari", props=[Prop("x", "1")])
    b = Unit(list(reversed(pair("Ciao", "Habari", la="IT", lb="swh").variants)))
    assert content_key(a) == content_key(b)
    assert same_content(a, b)
    assert content_key(a) != content_key(pair("Ciao", "Habari!"))
    tagged = Unit([Variant("it", Segment(("Ciao", Tag("ph", "empty")))), a.variants[1]])
    assert content_key(tagged) != content_key(a)


def test_text_runs_and_tags_never_collide() -> None:
    plain = Unit([Variant("it", Segment(("a", "b")))])
    joined = Unit([Variant("it", Segment(("ab",)))])
    assert content_key(plain) != content_key(joined)


def test_source_is_the_srclang_variant_else_the_first() -> None:
    u = pair("frontiera", "border", lb="en-GB")
    assert source_variant(u, "en") == 1
    assert source_variant(u, "*all*") == 0
    assert source_variant(u, "fr") == 0
    assert source_key(u, "en") == source_key(pair("x", "border", lb="en-gb"), "en")


def test_merge_adds_missing_metadata_and_keeps_extremes() -> None:
    stored = pair(
        "Ciao",
        "Habari",
        attrs={
            "usagecount": "5",
            "creationdate": "20240101T000000Z",
            "changedate": "20240101T000000Z",
        },
        props=[Prop("x-src", "a.doc")],
    )
    stored.variants[1].notes = [Note("ok")]
    incoming = pair(
        "Ciao",
        "Habari",
        lb="SW",
        attrs={
            "usagecount": "2",
            "creationdate": "20230101T000000Z",
            "changedate": "20250101T000000Z",
            "changeid": "juma",
        },
        props=[Prop("x-src", "a.doc"), Prop("x-src", "b.doc")],
    )
    incoming.variants[1].notes = [Note("ok"), Note("reviewed")]
    merged = merge_units(stored, incoming)
    assert merged.attrs == {
        "usagecount": "5",
        "creationdate": "20230101T000000Z",
        "changedate": "20250101T000000Z",
        "changeid": "juma",
    }
    assert merged.props == [Prop("x-src", "a.doc"), Prop("x-src", "b.doc")]
    assert merged.variants[1].notes == [Note("ok"), Note("reviewed")]
    assert merged.variants[1].lang == "sw"  # the stored spelling stays
    assert stored.props == [Prop("x-src", "a.doc")]  # inputs untouched


def test_merge_returns_the_stored_unit_when_nothing_is_new() -> None:
    stored = Unit(
        [Variant("it", Segment.from_text("uno")), Variant("sw", Segment.from_text("moja"))],
        attrs={"changedate": "20240101T000000Z"},
    )
    plain = Unit(
        [Variant("it", Segment.from_text("uno")), Variant("sw", Segment.from_text("moja"))]
    )
    assert merge_units(stored, plain) is stored  # no metadata at all
    same = Unit(plain.variants, attrs={"changedate": "20200101T000000Z"})
    assert merge_units(stored, same) is stored  # older date: the stored one stays
    newer = Unit(plain.variants, attrs={"changedate": "20250101T000000Z"})
    merged = merge_units(stored, newer)
    assert merged is not stored
    assert merged.attrs["changedate"] == "20250101T000000Z"
    assert stored.attrs["changedate"] == "20240101T000000Z"  # the stored unit is not changed
