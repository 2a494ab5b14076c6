"""Numbers, dates, URLs and e-mails: mismatches found, locale forms tolerated."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mkutano.glossaries.qa import check_target_text
from mkutano.glossaries.qa.numbers import extract_numbers
from mkutano.glossaries.qa.numerals import roman_value

from .conftest import checks, run_pair


def test_locale_forms_of_the_same_numbers_match() -> None:
    # the sample report's own near-misses: 2–4 ottobre / 2 - 4 Oktoba / October 2-4, 24/7
    assert (
        run_pair("Si riuniranno dal 2–4 ottobre, 24/7.", "Watakutana tarehe 2 - 4 Oktoba, 24/7.")
        == []
    )
    assert run_pair("dal 2 al 4 ottobre", "October 2-4", tgt="en") == []
    assert run_pair("un costo di 1.000,5 euro", "a cost of 1,000.5 euros", tgt="en") == []
    assert run_pair("alle 15.00", "at 15:00", tgt="en") == []
    assert run_pair("il 50% dei casi", "asilimia 50 ya kesi") == []


def test_changed_number_is_reported_on_both_sides() -> None:
    found = run_pair("dal 2 al 4 ottobre", "tarehe 2 - 5 Oktoba")
    msgs = [f.message for f in found if f.check == "number-mismatch"]
    assert any("'4' of the source" in m for m in msgs)
    five = next(f for f in found if "'5' of the target" in f.message)
    assert "tarehe 2 - 5 Oktoba"[five.span.start : five.span.end] == "5"


def test_thousands_in_italian_are_not_units_in_english() -> None:
    assert "number-mismatch" in checks(run_pair("costa 15.000 euro", "costs 15 euros", tgt="en"))


def test_spelled_out_small_numbers_match_digits() -> None:
    # FLORES devtest 0001: "topi di quattro mesi" / "4-month-old mice"
    assert run_pair("topi di quattro mesi", "4-month-old mice", tgt="en") == []
    assert run_pair("4 mesi", "miezi minne", tgt="sw") == []


def test_month_mismatch() -> None:
    found = run_pair("Il 2 ottobre.", "Tarehe 2 Novemba.")
    assert checks(found) == ["date-mismatch"]
    assert found[0].suggestion == "Oktoba"


def test_url_and_email_mismatch() -> None:
    assert "url-mismatch" in checks(
        run_pair("Vedi https://www.interno.gov.it.", "Tazama https://www.interno.gov.")
    )
    assert run_pair("Vedi https://www.interno.gov.it.", "Tazama https://WWW.interno.gov.it.") == []
    assert "email-mismatch" in checks(run_pair("Scrivere a info@g7.it.", "Andika kwa info@g7.com."))
    assert run_pair("Scrivere a info@g7.it.", "Andika kwa info@g7.it.") == []


def test_digits_inside_acronyms_and_urls_are_not_numbers() -> None:
    assert [t.text for t in extract_numbers("G7 e ISIS-K, https://g7.it/2024 e 12")] == ["12"]


def test_placeholders_are_not_numbers() -> None:
    assert extract_numbers("<1>Roma</1> e <2/> {0}") == []


def _it(n: int, frac: int) -> str:
    return f"{n:,}".replace(",", ".") + f",{frac}"


def _en(n: int, frac: int) -> str:
    return f"{n:,}.{frac}"


@given(st.integers(min_value=0, max_value=10**9), st.integers(min_value=1, max_value=9))
def test_any_number_in_italian_form_matches_its_english_form(n: int, frac: int) -> None:
    assert (
        run_pair(f"Totale: {_it(n, frac)} euro.", f"Total: {_en(n, frac)} euros.", tgt="en") == []
    )


@given(st.integers(min_value=1000, max_value=10**9))
def test_a_different_number_is_always_caught(n: int) -> None:
    found = run_pair(f"Totale: {_it(n, 5)}.", f"Total: {_en(n + 1, 5)}.", tgt="en")
    assert "number-mismatch" in checks(found)


def test_roman_numerals_match_digits_and_ordinals() -> None:
    # FLORES devtest: "nel XVI secolo" / "karne ya 16" / "the 16th century"
    assert run_pair("Nel XVI secolo.", "Katika karne ya 16.") == []
    assert (
        run_pair("Tra il X e l'XI secolo.", "Between the 10th and 11th centuries.", tgt="en") == []
    )
    assert run_pair("Il regno di Elisabetta II.", "Queen Elizabeth II's reign.", tgt="en") == []
    assert "number-mismatch" in checks(run_pair("Nel XVI secolo.", "Katika karne ya 17."))


def test_a_single_letter_is_a_numeral_only_next_to_a_century() -> None:
    assert roman_value("XIV") == 14
    assert run_pair("L'isola fu abitata nel 1000 a.C.", "Kisiwa kilikaliwa mwaka 1000 KK.") == []


def test_swahili_time_counts_from_six_in_the_morning() -> None:
    # FLORES devtest: 20:30 is "saa 2 na dakika 30 jioni"; 22:00-23:00 "saa 4 na 5 usiku"
    assert run_pair("Iniziò alle 20:30.", "Ulianza saa 2 na dakika 30 jioni.") == []
    assert run_pair("Tra le 22:00 e le 23:00.", "Kati ya saa 4 na 5 usiku.") == []
    assert run_pair("Alle 8:00.", "Saa mbili asubuhi.") == []
    assert run_pair("Alle 23:35.", "Saa 11:35 usiku.") == []
    assert run_pair("Alle 12:00 GMT.", "Takriban saa 1200 GMT.") == []
    assert "number-mismatch" in checks(run_pair("Alle 20:30.", "Ulianza saa 3 na dakika 30 jioni."))


def test_twelve_hour_times_and_decades_and_fractions_match() -> None:
    assert run_pair("Tra le 22:00 e le 23:00.", "Between 10:00-11:00 pm.", tgt="en") == []
    assert run_pair("Alle 10:00.", "At 10:00am.", tgt="en") == []
    assert run_pair("Negli anni '80.", "Katika miaka ya 1980.") == []
    assert run_pair("Misura 29,75 per 24,5 pollici.", "Inchi 29¾ kwa inchi 24½.") == []
    assert "number-mismatch" not in checks(run_pair("Una pellicola da 35 mm.", "Filamu ya 35mm."))


def test_italian_separators_in_an_english_or_swahili_target_are_reported() -> None:
    found = run_pair("Costa 1.500 euro, cioè 2,5 volte.", "Costs 1.500 euros, 2,5 times.", tgt="en")
    formats = [f for f in found if f.check == "number-format"]
    assert [f.suggestion for f in formats] == ["1,500", "2.5"]
    assert "number-format" in checks(run_pair("Costa 1.500 euro.", "Inagharimu euro 1.500."))
    assert run_pair("Costa 1.500 euro.", "Costs 1,500 euros.", tgt="en") == []


def test_italian_separators_are_found_in_a_target_alone() -> None:
    found = check_target_text("Inagharimu euro 1.500 kwa mwaka.", target_lang="sw")
    assert [(f.check, f.suggestion) for f in found] == [("number-format", "1,500")]


def test_flores_numbers_with_units_glued_words_and_swahili_tens() -> None:
    from mkutano.glossaries.qa import Pair, check_pairs

    def mismatches(source: str, target: str) -> list[str]:
        found = check_pairs([Pair("1", source, target)], source_lang="it", target_lang="sw")
        return [f.message for f in found if f.check == "number-mismatch"]

    # FLORES devtest 0042, 0652, 0262: a unit glued to the number, a number glued to its word,
    # a Swahili ten spelled out
    assert not mismatches(
        "Lo standard 802.11n può operare nella banda dei 2.4Ghz e dei 5.0Ghz.",
        "Kiwango cha 802.11n hufanya kazi katika masafa ya gigahezi 2.4 na gigahezi 5.0.",
    )
    assert not mismatches(
        "Ha uno spessore di circa 70 km nel lato vicino e di 100 km sul lato lontano.",
        "Una upana wa karibu kilomita 70 kwa ukaribu na upana wa kilomita100 kwa umbali.",
    )
    assert not mismatches(
        "Eppure l'80% dei nostri beni era tassato.", "Na bado asilimia themanini ya bidhaa."
    )
    # a changed number is still found
    assert mismatches(
        "Ha uno spessore di circa 70 km nel lato vicino e di 100 km sul lato lontano.",
        "Una upana wa karibu kilomita 70 kwa ukaribu na upana wa kilomita110 kwa umbali.",
    )
