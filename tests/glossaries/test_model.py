"""The concept model: language handling, status order, acronym detection."""

from __future__ import annotations

import pytest

from mkutano.glossaries import Concept, Term, TermStatus, TermType
from mkutano.tmx import LanguageTagError


def _lepsg() -> Concept:
    return Concept(
        "lepsg",
        [
            Term("LEPSG", "en", TermStatus.PREFERRED, TermType.ACRONYM),
            Term(
                "Law Enforcement Projects Sub-Group", "en", TermStatus.ADMITTED, TermType.FULL_FORM
            ),
            Term("Kikundi Kidogo cha Miradi ya Utekelezaji wa Sheria", "sw-KE"),
            Term("LEPSG", "sw_ke", type=TermType.ACRONYM),
        ],
    )


def test_term_language_is_normalised() -> None:
    assert Term("x", "SW_ke").lang == "sw-KE"
    assert Term("x", "ita").lang == "it"


def test_invalid_language_is_rejected() -> None:
    with pytest.raises(LanguageTagError):
        Term("x", "not a tag")


def test_terms_for_is_region_tolerant_and_orders_preferred_first() -> None:
    c = Concept(
        "c",
        [
            Term("old", "en", TermStatus.DEPRECATED),
            Term("banned", "en", TermStatus.FORBIDDEN),
            Term("best", "en-GB", TermStatus.PREFERRED),
            Term("ok", "en"),
        ],
    )
    assert [t.text for t in c.terms_for("en")] == ["best", "ok", "old", "banned"]
    assert c.preferred("en-US") is not None
    assert c.preferred("en-US").text == "best"
    assert c.terms_for("it") == []


def test_preferred_skips_unusable_terms() -> None:
    c = Concept("c", [Term("gone", "it", TermStatus.SUPERSEDED)])
    assert c.preferred("it") is None


def test_acronym_and_full_form_share_one_concept() -> None:
    c = _lepsg()
    assert c.languages == ["en", "sw-KE"]
    assert [t.type for t in c.terms_for("en")] == [TermType.ACRONYM, TermType.FULL_FORM]
    assert len(c.terms_for("sw")) == 2


@pytest.mark.parametrize("text", ["LEPSG", "G7", "UNICRI", "U.N.", "AT&T"])
def test_acronym_shape_is_case_sensitive(text: str) -> None:
    t = Term(text, "en")
    assert t.is_acronym
    assert t.matches_case_sensitively


@pytest.mark.parametrize("text", ["mia", "Interpol", "organised crime", "7", "A"])
def test_ordinary_words_are_not_acronyms(text: str) -> None:
    assert not Term(text, "it").is_acronym


def test_unstated_status_counts_as_admitted() -> None:
    t = Term("x", "en")
    assert t.status is None
    assert t.effective_status is TermStatus.ADMITTED
    assert TermStatus.ADMITTED.usable
    assert not TermStatus.FORBIDDEN.usable


def test_language_definition_falls_back_to_concept_definition() -> None:
    c = Concept("c", definition="general", lang_definitions={"it": "generale"})
    assert c.definition_for("it-IT") == "generale"
    assert c.definition_for("sw") == "general"
