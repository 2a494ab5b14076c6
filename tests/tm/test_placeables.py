"""Placeables: recognition and substitution into the TM target."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkutano.tm.placeables import KEPT_POINTS, find_placeables, kept_penalty, substitute
from mkutano.tmx import Segment, Tag


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


def test_ambiguous_placeable_is_kept_and_reported() -> None:
    # "4" twice in the TM source: which one the query changed cannot be told
    new, subs = substitute("We have 7 and 4.", "We have 4 and 4.", "4 na 4.", target_lang="sw")
    assert new.plain == "4 na 4."
    assert [(s.kind, s.query, s.target, s.status) for s in subs] == [("number", "7", "4", "kept")]
    assert "2 times in the memory's source" in subs[0].reason


def test_placeable_missing_from_target_is_kept_and_reported() -> None:
    new, subs = substitute("Chapter 9", "Chapter 8", "Sura ya nane", target_lang="sw")
    assert new.plain == "Sura ya nane"
    assert [(s.query, s.status, s.reason) for s in subs] == [
        ("9", "kept", "8 is not in the memory's target")
    ]


def test_placeables_are_paired_kind_by_kind() -> None:
    # the numbers pair although the query has an acronym the memory lacks; the acronym is reported
    new, subs = substitute("In 2020 the EU", "In 2019", "Nel 2019", target_lang="it")
    assert new.plain == "Nel 2020"
    assert [(s.kind, s.query, s.status) for s in subs] == [
        ("number", "2020", "substituted"),
        ("acronym", "EU", "kept"),
    ]


def test_kept_placeables_make_a_named_penalty() -> None:
    _new, subs = substitute("Chapter 9", "Chapter 8", "Sura ya nane", target_lang="sw")
    penalty = kept_penalty(subs)
    assert penalty is not None
    assert (penalty.name, penalty.points) == ("placeables", KEPT_POINTS)
    assert (
        kept_penalty(
            substitute("We have 7 mice.", "We have 4 mice.", "Panya 4.", target_lang="sw")[1]
        )
        is None
    )


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


def _flores(corpus: Path, row_id: str) -> tuple[str, str, str]:
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    for line in tsv.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] == row_id:
            return cells[1], cells[2], cells[3].strip()
    raise AssertionError(f"{row_id} not in {tsv}")


def test_month_names_are_one_date_placeable() -> None:
    assert _kinds("Il 5 novembre 2025, tarehe 5 Novemba 2025, November 5, 2025.") == [
        ("date", "5 novembre 2025"),
        ("date", "5 Novemba 2025"),
        ("date", "November 5, 2025"),
    ]


def test_issue_example_month_is_substituted_too() -> None:
    new, subs = substitute(
        "La riunione si terrà il 5 novembre 2025.",
        "La riunione si terrà il 5 ottobre 2024.",
        "Mkutano utafanyika tarehe 5 Oktoba 2024.",
        target_lang="sw",
    )
    assert new.plain == "Mkutano utafanyika tarehe 5 Novemba 2025."
    assert [(s.kind, s.tm, s.target, s.status) for s in subs] == [
        ("date", "5 Oktoba 2024", "5 Novemba 2025", "substituted")
    ]


@pytest.mark.parametrize(
    ("row", "src", "tgt", "old", "new", "expected"),
    [
        # en "November 16" → it "16 novembre" / sw "Novemba 16" (FLORES writes month first)
        ("flores-devtest-0069", 0, 1, "November 16", "December 3", "3 dicembre"),
        ("flores-devtest-0069", 0, 2, "November 16", "December 3", "Desemba 3"),
        ("flores-devtest-0069", 1, 0, "16 novembre", "3 dicembre", "December 3"),
        # en "4th July 1776" → it "4 luglio 1776" / sw "tarehe 4 Julai 1776"
        ("flores-devtest-0404", 0, 1, "4th July 1776", "2nd August 1777", "2 agosto 1777"),
        ("flores-devtest-0404", 0, 2, "4th July 1776", "2nd August 1777", "2 Agosti 1777"),
        ("flores-devtest-0404", 2, 0, "4 Julai 1776", "21 Agosti 1777", "21st August 1777"),
        # sw "Agosti 15 1940" (no comma) ← it "15 agosto 1940"
        ("flores-devtest-0409", 1, 2, "15 agosto 1940", "1º settembre 1941", "Septemba 1 1941"),
        ("flores-devtest-0409", 2, 1, "Agosti 15 1940", "Septemba 1 1941", "1º settembre 1941"),
    ],
)
def test_dates_on_flores_sentences_are_written_the_target_way(
    corpus: Path, row: str, src: int, tgt: int, old: str, new: str, expected: str
) -> None:
    texts = _flores(corpus, row)
    langs = ("en", "it", "sw")
    source, target = texts[src], texts[tgt]
    assert old in source
    query = source.replace(old, new)
    result, subs = substitute(query, source, target, target_lang=langs[tgt])
    assert [s.status for s in subs] == ["substituted"]
    assert subs[0].target == expected
    assert result.plain == target.replace(subs[0].tm, expected)
    assert expected in result.plain


def test_date_range_keeps_the_target_range_mark() -> None:
    new, _ = substitute(
        "Dal 5–7 novembre 2025.",
        "Dal 2–4 ottobre 2024.",
        "From October 2–4, 2024.",
        target_lang="en",
    )
    assert new.plain == "From November 5–7, 2025."


def test_abbreviated_month_stays_abbreviated() -> None:
    new, _ = substitute(
        "Scadenza: 5 nov. 2025", "Scadenza: 3 ott. 2024", "Deadline: Oct. 3, 2024", target_lang="en"
    )
    assert new.plain == "Deadline: Nov. 5, 2025"


def test_numeric_date_that_cannot_be_read_is_kept_with_a_reason() -> None:
    # 05/11/2025: 5 November or May 11? The target writes its date with a month name.
    new, subs = substitute(
        "Il 05/11/2025 a Roma.",
        "Il 05/10/2024 a Roma.",
        "Roma, tarehe 5 Oktoba 2024.",
        target_lang="sw",
    )
    assert new.plain == "Roma, tarehe 5 Oktoba 2024."
    assert [(s.kind, s.status) for s in subs] == [("date", "kept")]
    assert kept_penalty(subs) is not None


def test_iso_date_is_written_with_month_names_when_the_target_has_them() -> None:
    new, _ = substitute(
        "Deadline 2025-11-05.",
        "Deadline 2024-10-05.",
        "Mwisho tarehe 5 Oktoba 2024.",
        target_lang="sw",
    )
    assert new.plain == "Mwisho tarehe 5 Novemba 2025."


def test_ordinals_follow_the_target() -> None:
    new, _ = substitute("The 21st session", "The 4th session", "La 4ª sessione", target_lang="it")
    assert new.plain == "La 21ª sessione"
    new, _ = substitute("La 21ª sessione", "La 4ª sessione", "The 4th session", target_lang="en")
    assert new.plain == "The 21st session"
    new, _ = substitute("The 21st session", "The 4th session", "Kikao cha 4", target_lang="sw")
    assert new.plain == "Kikao cha 21"


def test_percentages_in_three_languages() -> None:
    assert _kinds("il 15,5% e 20 per cento, asilimia 15") == [
        ("percent", "15,5%"),
        ("percent", "20 per cento"),
        ("percent", "asilimia 15"),
    ]
    new, subs = substitute(
        "Unemployment fell to 7.5%.",
        "Unemployment fell to 12.5%.",
        "Ukosefu wa ajira ulishuka hadi asilimia 12.5.",
        target_lang="sw",
    )
    assert new.plain == "Ukosefu wa ajira ulishuka hadi asilimia 7.5."
    assert subs[0].kind == "percent"
    new, _ = substitute(
        "Scese al 7,5%.", "Scese al 12,5%.", "It fell to 12.5 per cent.", target_lang="en"
    )
    assert new.plain == "It fell to 7.5 per cent."


def test_currency_amount_and_currency_are_substituted() -> None:
    new, _ = substitute(
        "Costo: €1.500.", "Costo: €1.200.", "Gharama: euro 1,200.", target_lang="sw"
    )
    assert new.plain == "Gharama: euro 1,500."
    # another currency: the target's symbol becomes the query's
    new, subs = substitute(
        "It cost $2,000.", "It cost €1,200.", "È costato 1.200 €.", target_lang="it"
    )
    assert new.plain == "È costato 2.000 $."
    assert subs[0].kind == "currency"
    # a word: written in the target language
    new, _ = substitute(
        "It cost $2,000.", "It cost €1,200.", "Iligharimu euro 1,200.", target_lang="sw"
    )
    assert new.plain == "Iligharimu dola 2,000."


def test_percentage_or_amount_written_as_a_plain_number_in_the_target() -> None:
    new, subs = substitute(
        "It weighs 6 pounds.", "It weighs 4 pounds.", "Ina uzito wa ratili 4.", target_lang="sw"
    )
    assert new.plain == "Ina uzito wa ratili 6."
    assert [(s.kind, s.status) for s in subs] == [("currency", "substituted")]
    new, _ = substitute("Up 7%.", "Up 5%.", "Imepanda kwa 5.", target_lang="sw")
    assert new.plain == "Imepanda kwa 7."
    # another currency cannot be told by a bare number: kept and reported
    new, subs = substitute("It cost $6.", "It cost €4.", "Iligharimu 4.", target_lang="sw")
    assert new.plain == "Iligharimu 4."
    assert [s.status for s in subs] == ["kept"]


_PIECES = ["5", "1,200.5", "3%", "€ 40", "USD 12", "5th", "5 ottobre 2024", "October 5, 2024"]
_PIECES += ["UN", "WHO-2", "www.example.org/a", "https://x.it", "a.b@c.org", "tarehe", "the"]
_PIECES += ["asilimia 7", "dola 3", "May", "set", "Kenya", "iPhone", "é", "-", "²", "ǅ"]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(_PIECES) | st.text(max_size=6), max_size=8).map(" ".join))
def test_the_quick_paths_find_what_the_full_pattern_finds(text: str) -> None:
    """Texts without a digit are scanned with the url/e-mail/acronym alternatives only, texts
    without their first characters not at all: the placeables are those of the full pattern."""
    from mkutano.tm import placeables

    full = [
        (m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup), m.end(m.lastgroup))
        for m in placeables._PATTERN.finditer(text)
        if m.lastgroup is not None
    ]
    full = [
        f
        for f in full
        if not (
            f[0] == "number"
            and f[1].strip("-+").isdigit() is False
            and placeables._number_value(f[1]) is None
        )
    ]
    assert list(placeables._text_placeables.__wrapped__(text)) == full
