"""Numbers, dates, URLs and e-mails: mismatches found, locale forms tolerated."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from glossaries.qa.numbers import extract_numbers

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
