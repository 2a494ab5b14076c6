"""Term recognition on real sentences in Italian, English and Swahili."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.glossaries import Concept, Term, TermHit, TermRecognizer, TermStatus, TermType


def _concepts() -> list[Concept]:
    return [
        Concept(
            "lepsg",
            [
                Term("LEPSG", "en", TermStatus.PREFERRED, TermType.ACRONYM),
                Term("Law Enforcement Projects Sub-Group", "en", type=TermType.FULL_FORM),
                Term("LEPSG", "it", type=TermType.ACRONYM),
                Term("LEPSG", "sw", type=TermType.ACRONYM),
                Term("Kikundi Kidogo cha Miradi ya Utekelezaji wa Sheria", "sw"),
            ],
        ),
        Concept("mia", [Term("MIA", "it", type=TermType.ACRONYM), Term("MIA", "en")]),
        Concept(
            "orgcrime",
            [
                Term("criminalità organizzata", "it", TermStatus.PREFERRED),
                Term("organised crime", "en", TermStatus.PREFERRED),
                Term("organized crime", "en", TermStatus.ADMITTED, TermType.VARIANT),
                Term("uhalifu uliopangwa", "sw"),
            ],
        ),
        Concept(
            "crimorg",
            [
                Term("organizzazione criminale", "it"),
                Term("criminal organisation", "en"),
                Term("shirika la uhalifu", "sw"),
            ],
        ),
        Concept("migrant", [Term("mhamiaji", "sw"), Term("migrant", "en"), Term("migrante", "it")]),
        Concept(
            "terrorist", [Term("gaidi", "sw"), Term("terrorist", "en"), Term("terrorista", "it")]
        ),
        Concept(
            "terrorism", [Term("terrorismo", "it"), Term("ugaidi", "sw"), Term("terrorism", "en")]
        ),
        Concept(
            "interpol",
            [Term("INTERPOL", "en", do_not_translate=True), Term("INTERPOL", "sw")],
        ),
        Concept("unicri", [Term("UNICRI", "en"), Term("UNICRI", "it"), Term("UNICRI", "sw")]),
        Concept("network", [Term("mtandao", "sw"), Term("network", "en")]),
        Concept("gang", [Term("genge", "sw"), Term("gang", "en")]),
        Concept("state", [Term("Member State", "en"), Term("Stato membro", "it")]),
    ]


@pytest.fixture(scope="module")
def recognizer() -> TermRecognizer:
    return TermRecognizer.from_concepts(_concepts())


def _found(hits: list[TermHit]) -> list[tuple[str, str, str]]:
    return [(h.text, h.concept_id, h.match) for h in hits]


def test_english_acronyms_with_punctuation_and_possessives(recognizer: TermRecognizer) -> None:
    text = "The LEPSG, chaired by Italy, met (UNICRI) and INTERPOL's liaison officers."
    hits = recognizer.find(text, "en")
    assert _found(hits) == [
        ("LEPSG", "lepsg", "exact"),
        ("UNICRI", "unicri", "exact"),
        ("INTERPOL", "interpol", "exact"),
    ]
    assert all(text[h.start : h.end] == h.text for h in hits)
    assert hits[2].term.do_not_translate


def test_english_acronym_plural_is_a_lemma_match(recognizer: TermRecognizer) -> None:
    assert _found(recognizer.find("Both LEPSGs agreed.", "en")) == [("LEPSGs", "lepsg", "lemma")]


def test_acronym_is_case_sensitive(recognizer: TermRecognizer) -> None:
    assert recognizer.find("Lepsg and lepsg are not acronyms here.", "en") == []
    assert recognizer.find("Interpol is written in full.", "en") == []


def test_italian_possessive_mia_is_not_the_acronym_mia(recognizer: TermRecognizer) -> None:
    text = "La mia opinione: Mia sorella lavora al MIA."
    assert _found(recognizer.find(text, "it")) == [("MIA", "mia", "exact")]


def test_full_form_with_other_separators_is_a_variant(recognizer: TermRecognizer) -> None:
    hits = recognizer.find("the law enforcement projects sub group met", "en")
    assert _found(hits) == [("law enforcement projects sub group", "lepsg", "variant")]


def test_case_folded_match(recognizer: TermRecognizer) -> None:
    hits = recognizer.find("Organised Crime is a threat.", "en")
    assert _found(hits) == [("Organised Crime", "orgcrime", "case-folded")]


def test_english_plural_and_possessive(recognizer: TermRecognizer) -> None:
    text = "Member States agreed; the Member State's delegation and migrants' rights."
    found = _found(recognizer.find(text, "en"))
    assert ("Member States", "state", "lemma") in found
    assert ("Member State", "state", "exact") in found
    assert ("migrants", "migrant", "lemma") in found


def test_english_variant_term_reports_its_status(recognizer: TermRecognizer) -> None:
    [hit] = recognizer.find("Transnational organized crime grows.", "en")
    assert hit.term.text == "organized crime"
    assert hit.term.type is TermType.VARIANT
    assert hit.match == "exact"
    assert [t.text for t in hit.renderings("it")] == ["criminalità organizzata"]


def test_italian_gender_and_number(recognizer: TermRecognizer) -> None:
    text = (
        "Le organizzazioni criminali e un'organizzazione criminale sfruttano la criminalità "
        "organizzata."
    )
    assert _found(recognizer.find(text, "it")) == [
        ("organizzazioni criminali", "crimorg", "lemma"),
        ("organizzazione criminale", "crimorg", "exact"),
        ("criminalità organizzata", "orgcrime", "exact"),
    ]


def test_italian_plural_of_term_found(recognizer: TermRecognizer) -> None:
    found = _found(recognizer.find("Gli Stati membri e i terroristi.", "it"))
    assert ("Stati membri", "state", "lemma") in found
    assert ("terroristi", "terrorist", "lemma") in found


def test_term_inside_a_longer_word_is_not_found(recognizer: TermRecognizer) -> None:
    assert recognizer.find("Misure di antiterrorismo rafforzate.", "it") == []
    assert _found(recognizer.find("Lotta al terrorismo.", "it")) == [
        ("terrorismo", "terrorism", "exact")
    ]
    assert recognizer.find("INTERPOLUNODC (Umoja wa Mataifa)", "sw") == []


def test_swahili_noun_class_prefixes(recognizer: TermRecognizer) -> None:
    text = "Wahamiaji na magaidi hutumia mitandao; magenge ni hatari."
    assert _found(recognizer.find(text, "sw")) == [
        ("Wahamiaji", "migrant", "lemma"),
        ("magaidi", "terrorist", "lemma"),
        ("mitandao", "network", "lemma"),
        ("magenge", "gang", "lemma"),
    ]


def test_swahili_gaidi_is_not_found_inside_ugaidi(recognizer: TermRecognizer) -> None:
    assert _found(recognizer.find("kukabiliana na ugaidi", "sw")) == [
        ("ugaidi", "terrorism", "exact")
    ]


def test_hits_carry_renderings_in_other_languages(recognizer: TermRecognizer) -> None:
    [hit] = recognizer.find("Mkutano wa LEPSG.", "sw")
    data = hit.as_dict()
    assert data["concept"] == "lepsg"
    assert data["match"] == "exact"
    assert [r["text"] for r in data["renderings"]["en"]] == [
        "LEPSG",
        "Law Enforcement Projects Sub-Group",
    ]
    assert data["renderings"]["en"][0]["status"] == "preferred"
    assert "sw" not in data["renderings"]


def test_language_without_terms_finds_nothing(recognizer: TermRecognizer) -> None:
    assert recognizer.find("LEPSG", "fr") == []
    assert recognizer.find("", "en") == []


def test_longest_match_wins_unless_overlapping_asked() -> None:
    r = TermRecognizer.from_concepts(
        [
            Concept("crime", [Term("crime", "en")]),
            Concept("oc", [Term("organised crime", "en")]),
        ]
    )
    assert _found(r.find("organised crime", "en")) == [("organised crime", "oc", "exact")]
    both = r.find("organised crime", "en", overlapping=True)
    assert {h.concept_id for h in both} == {"crime", "oc"}


def test_same_span_keeps_every_concept() -> None:
    r = TermRecognizer.from_concepts(
        [Concept("a", [Term("cell", "en")]), Concept("b", [Term("cell", "en")])]
    )
    assert sorted(h.concept_id for h in r.find("a terrorist cell", "en")) == ["a", "b"]


def test_seed_report_sentences(recognizer: TermRecognizer, seed_report: Path) -> None:
    text = seed_report.read_text(encoding="utf-8")
    hits = recognizer.find(text, "sw")
    found = {(h.text, h.concept_id) for h in hits}
    assert ("LEPSG", "lepsg") in found
    assert ("magaidi", "terrorist") in found
    assert ("UNICRI", "unicri") in found
    assert ("Kikundi Kidogo cha Miradi ya Utekelezaji wa Sheria", "lepsg") in found
    # "INTERPOLUNODC" in the report is one word: INTERPOL must not be found inside it.
    assert all(text[h.start : h.end] == h.text for h in hits)
    assert not any(h.concept_id == "interpol" and text[h.end].isalpha() for h in hits)


def test_lemmatiser_conflations_do_not_match() -> None:
    # simplemma maps both uhalifu (crime) and wahalifu (criminals) to "halifu".
    r = TermRecognizer.from_concepts(
        [
            Concept("crime", [Term("uhalifu", "sw")]),
            Concept("criminal", [Term("mhalifu", "sw")]),
        ]
    )
    assert _found(r.find("Wahalifu walikamatwa.", "sw")) == [("Wahalifu", "criminal", "lemma")]
    assert _found(r.find("Uhalifu unaongezeka.", "sw")) == [("Uhalifu", "crime", "case-folded")]


def test_inflected_word_next_to_a_citation_form() -> None:
    # "terroristi" is found through its lemma, "internazionali" through the rule table
    r = TermRecognizer.from_concepts([Concept("c", [Term("terrorista internazionale", "it")])])
    assert _found(r.find("I terroristi internazionali.", "it")) == [
        ("terroristi internazionali", "c", "lemma")
    ]


def test_forms_given_by_the_glossary_are_recognised() -> None:
    from mkutano.glossaries import DataCategory

    plain = TermRecognizer.from_concepts([Concept("person", [Term("person", "en")])])
    assert plain.find("Many people", "en") == []
    term = Term("person", "en", extra=[DataCategory("termNote", "x-plural", "people")])
    r = TermRecognizer.from_concepts([Concept("person", [term])])
    assert _found(r.find("Many people", "en")) == [("people", "person", "lemma")]
