"""Units built and edited from plain texts (what ``mkutano unit add/update`` and the CMS send)."""

from __future__ import annotations

import pytest

from mkutano.tm import InvalidInputError, replace_texts, unit_from_texts
from mkutano.tmx import Note, Prop, Segment, Unit, Variant


def test_new_unit_has_normalised_languages_and_a_creation_date() -> None:
    u = unit_from_texts([("IT_it", "Il sequestro"), ("swh", "Ukamataji")], creator="anna")
    assert [(v.lang, v.text) for v in u.variants] == [
        ("it-IT", "Il sequestro"),
        ("sw", "Ukamataji"),
    ]
    assert u.attrs["creationid"] == "anna"
    assert len(u.attrs["creationdate"]) == 16
    assert u.attrs["creationdate"].endswith("Z")


@pytest.mark.parametrize(
    ("texts", "message"),
    [
        ([("it", "solo")], "two languages"),
        ([("it", "a"), ("it-IT", "b")], "two languages"),
        ([("it", "a"), ("sw", "  ")], "empty text"),
        ([("it", "a"), ("no way", "b")], "no way"),
    ],
)
def test_unusable_texts_are_refused(texts: list[tuple[str, str]], message: str) -> None:
    with pytest.raises(InvalidInputError, match=message):
        unit_from_texts(texts)


def test_replace_texts_keeps_metadata_and_other_languages() -> None:
    original = Unit(
        [
            Variant("it", Segment.from_text("Il denaro"), props=[Prop("x-ctx", "art. 1")]),
            Variant("sw-KE", Segment.from_text("Pesa"), notes=[Note("checked")]),
            Variant("en", Segment.from_text("Money")),
        ],
        attrs={"tuid": "7"},
    )
    changed = replace_texts(original, [("SW_ke", "Fedha"), ("fr", "L'argent")], changer="juma")
    assert [(v.lang, v.text) for v in changed.variants] == [
        ("it", "Il denaro"),
        ("sw-KE", "Fedha"),
        ("en", "Money"),
        ("fr", "L'argent"),
    ]
    assert changed.variants[1].notes == [Note("checked")]
    assert changed.variants[0].props == [Prop("x-ctx", "art. 1")]
    assert changed.attrs["tuid"] == "7"
    assert changed.attrs["changeid"] == "juma"
    assert "changedate" in changed.attrs
    assert original.variants[1].text == "Pesa"  # the original is left alone
