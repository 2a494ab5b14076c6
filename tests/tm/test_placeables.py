"""Placeables: recognition and substitution into the TM target."""

from __future__ import annotations

from tm.placeables import find_placeables, substitute
from tmx import Segment, Tag


def _kinds(text: str) -> list[tuple[str, str]]:
    return [(p.kind, p.text) for p in find_placeables(text)]


def test_numbers_dates_acronyms_urls_and_emails_are_recognised() -> None:
    found = _kinds(
        "On 12/03/2024 the G7 seized 1,200.5 kg; see https://example.org/a. Write to a.b@c.org."
    )
    assert found == [
        ("date", "12/03/2024"),
        ("acronym", "G7"),
        ("number", "1,200.5"),
        ("url", "https://example.org/a"),
        ("email", "a.b@c.org"),
    ]


def test_iso_date_is_one_placeable() -> None:
    assert _kinds("Deadline 2024-05-01.") == [("date", "2024-05-01")]


def test_number_changed_in_the_query_is_substituted() -> None:
    new, subs = substitute(
        "We now have 7 mice.", "We now have 4 mice.", "Sasa tuna panya 4.", target_lang="sw"
    )
    assert new.plain == "Sasa tuna panya 7."
    assert [(s.kind, s.tm, s.target) for s in subs] == [("number", "4", "7")]


def test_number_is_written_the_target_locale_way() -> None:
    new, _ = substitute(
        "The G7 seized 1,500.5 kg.",
        "The G7 seized 1,200.5 kg.",
        "Il G7 ha sequestrato 1.200,5 kg.",
        target_lang="it",
    )
    assert new.plain == "Il G7 ha sequestrato 1.500,5 kg."


def test_italian_thousands_become_english_thousands() -> None:
    new, _ = substitute(
        "Sequestrati 3.400 kg.", "Sequestrati 1.200 kg.", "1,200 kg seized.", target_lang="en"
    )
    assert new.plain == "3,400 kg seized."


def test_acronym_and_date_are_substituted() -> None:
    new, subs = substitute(
        "The G8 met on 2024-05-01.",
        "The G7 met on 2023-04-02.",
        "Il G7 si è riunito il 2023-04-02.",
        target_lang="it",
    )
    assert new.plain == "Il G8 si è riunito il 2024-05-01."
    assert [s.kind for s in subs] == ["acronym", "date"]


def test_ambiguous_placeable_is_left_alone() -> None:
    # "4" twice in the TM source: which one the query changed cannot be told
    new, subs = substitute("We have 7 and 4.", "We have 4 and 4.", "4 na 4.", target_lang="sw")
    assert (new.plain, subs) == ("4 na 4.", [])


def test_placeable_missing_from_target_is_left_alone() -> None:
    new, subs = substitute("Chapter 9", "Chapter 8", "Sura ya nane", target_lang="sw")
    assert (new.plain, subs) == ("Sura ya nane", [])


def test_different_kind_sequences_are_not_substituted() -> None:
    new, subs = substitute("In 2020 the EU", "In 2019", "Nel 2019", target_lang="it")
    assert subs == []
    assert new.plain == "Nel 2019"


def test_inline_tag_of_the_query_replaces_the_tm_one() -> None:
    old_b = Tag("bpt", "open", (("i", "1"),), "<b>")
    old_e = Tag("ept", "close", (("i", "1"),), "</b>")
    new_b = Tag("bpt", "open", (("i", "1"),), "<strong>")
    new_e = Tag("ept", "close", (("i", "1"),), "</strong>")
    query = Segment(("Click ", new_b, "Save", new_e))
    source = Segment(("Click ", old_b, "Save", old_e))
    target = Segment(("Fai clic su ", old_b, "Salva", old_e))
    new, subs = substitute(query, source, target, target_lang="it")
    assert new.parts == ("Fai clic su ", new_b, "Salva", new_e)
    assert [s.kind for s in subs] == ["tag", "tag"]
