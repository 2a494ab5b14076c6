"""Concordance: whole-word phrase search with keyword-in-context and translations."""

from __future__ import annotations

import pytest

from tm import InvalidInputError, Store
from tm.concordance import concordance
from tmx import Segment, Unit, Variant


def unit(*pairs: tuple[str, str]) -> Unit:
    return Unit([Variant(lang, Segment.from_text(text)) for lang, text in pairs])


@pytest.fixture
def filled(store: Store) -> Store:
    store.create_memory("g7")
    store.import_units(
        "g7",
        [
            unit(
                ("en", "Investigators must follow the money across borders."),
                ("it", "Gli investigatori devono seguire il denaro oltre i confini."),
                ("sw", "Wachunguzi lazima wafuate pesa kuvuka mipaka."),
            ),
            unit(("en", "Follow the Money: a G7 guide"), ("it", "Seguire il denaro: una guida G7")),
            unit(("en", "The money was followed."), ("it", "Il denaro è stato seguito.")),
            unit(
                ("en", "Follow-the-money approaches work."),
                ("sw", "Mbinu za kufuata pesa hufanya kazi."),
            ),
        ],
        origin="test",
    )
    return store


def test_every_occurrence_is_found_in_context(filled: Store) -> None:
    hits = concordance(filled, "follow the money", lang="en")
    assert [h.match for h in hits] == ["follow the money", "Follow the Money", "Follow-the-money"]
    first = hits[0]
    assert (first.left, first.right) == ("Investigators must ", " across borders.")
    assert first.text[first.start : first.end] == "follow the money"
    assert first.translations == {
        "it": "Gli investigatori devono seguire il denaro oltre i confini.",
        "sw": "Wachunguzi lazima wafuate pesa kuvuka mipaka.",
    }


def test_target_language_keeps_units_translated_into_it(filled: Store) -> None:
    hits = concordance(filled, "follow the money", lang="en", target_lang="sw")
    assert [h.unit_id for h in hits] == sorted(h.unit_id for h in hits)
    assert [list(h.translations) for h in hits] == [["sw"], ["sw"]]


def test_words_match_whole_not_inside_others(filled: Store) -> None:
    assert [h.match for h in concordance(filled, "follow", lang="en")] == [
        "follow",
        "Follow",
        "Follow",
    ]


def test_search_in_targets_by_their_language(filled: Store) -> None:
    [hit] = concordance(filled, "seguire il denaro oltre", lang="it")
    assert hit.translations["en"].startswith("Investigators")


def test_limit_and_unknown_phrase(filled: Store) -> None:
    assert len(concordance(filled, "the", lang="en", limit=2)) == 2
    assert concordance(filled, "laundering", lang="en") == []
    with pytest.raises(InvalidInputError):
        concordance(filled, "...", lang="en")
