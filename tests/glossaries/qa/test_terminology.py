"""Terminology checks against the sample G7 glossary: a finding and a near-miss each."""

from __future__ import annotations

from mkutano.glossaries import TermRecognizer, sample_concepts
from mkutano.glossaries.qa import TermIndex

from .conftest import checks, run_pair


def test_missing_term(g7: TermIndex) -> None:
    found = run_pair(
        "La criminalità organizzata è una minaccia.", "Uhalifu ni tishio kubwa.", glossary=g7
    )
    miss = [f for f in found if f.check == "term-missing"]
    assert len(miss) == 1
    assert miss[0].suggestion == "uhalifu uliopangwa"
    assert miss[0].source_span is not None


def test_inflected_rendering_counts(g7: TermIndex) -> None:
    # migranti (plural) rendered with the plural noun-class form wahamiaji
    found = run_pair("I migranti sono arrivati.", "Wahamiaji wamefika.", glossary=g7)
    assert "term-missing" not in checks(found)
    found = run_pair("I terroristi sono stati arrestati.", "Magaidi walikamatwa.", glossary=g7)
    assert "term-missing" not in checks(found)


def test_look_alike_word_is_not_the_term(g7: TermIndex) -> None:
    # "gaidi" inside "ugaidi" (terrorism) is not "terrorist": the term is still missing
    found = run_pair("Il terrorista è fuggito.", "Ugaidi ni tatizo.", glossary=g7)
    assert "term-missing" in checks(found)


def test_forbidden_term_with_preferred_suggestion(g7: TermIndex) -> None:
    target = "Mapambano dhidi ya it-brottslighet yanaendelea."
    found = run_pair("La lotta contro la criminalità informatica continua.", target, glossary=g7)
    forb = [f for f in found if f.check == "term-forbidden"]
    assert len(forb) == 1
    assert target[forb[0].span.start : forb[0].span.end] == "it-brottslighet"
    assert forb[0].suggestion == "uhalifu wa mtandaoni"
    assert "term-missing" not in checks(found)  # reported once, as forbidden
    ok = run_pair(
        "La lotta contro la criminalità informatica continua.",
        "Mapambano dhidi ya uhalifu wa mtandaoni yanaendelea.",
        glossary=g7,
    )
    assert not {"term-forbidden", "term-missing"} & set(checks(ok))


def test_deprecated_term(g7: TermIndex) -> None:
    found = run_pair("Le criptovalute sono usate.", "Sarafu za siri zinatumika.", glossary=g7)
    assert "term-deprecated" in checks(found)
    ok = run_pair("Le criptovalute sono usate.", "Sarafu za kidijitali zinatumika.", glossary=g7)
    assert not {"term-deprecated", "term-missing"} & set(checks(ok))


def test_do_not_translate_term_altered(g7: TermIndex) -> None:
    found = run_pair("Il Gruppo incontra l'INTERPOL.", "Kundi linakutana na Interpol.", glossary=g7)
    assert "term-dnt" in checks(found)
    ok = run_pair("Il Gruppo incontra l'INTERPOL.", "Kundi linakutana na INTERPOL.", glossary=g7)
    assert "term-dnt" not in checks(ok)


def test_acronym_missing_without_glossary() -> None:
    found = run_pair("La riunione dell'OSCE a Vienna.", "Mkutano wa OSC mjini Vienna.")
    assert "acronym-missing" in checks(found)
    assert run_pair("La riunione dell'OSCE.", "Mkutano wa OSCE.") == []


def test_acronym_rendered_by_its_glossary_equivalent(g7: TermIndex) -> None:
    found = run_pair(
        "L'intelligenza artificiale (IA) nella sicurezza.",
        "Akili bandia (AI) katika usalama.",
        glossary=g7,
    )
    assert "acronym-missing" not in checks(found)


def test_acronym_and_full_form_of_different_concepts(g7: TermIndex) -> None:
    bad = run_pair(
        None, "UNODC (Taasisi ya Utafiti ya Uhalifu na Haki ya Umoja wa Mataifa)", glossary=g7
    )
    assert "acronym-full-form" in checks(bad)
    good = run_pair(
        None,
        "UNICRI (Taasisi ya Utafiti ya Uhalifu na Haki ya Umoja wa Mataifa)",
        glossary=g7,
    )
    assert "acronym-full-form" not in checks(good)


def test_swahili_locatives_of_a_term_are_the_term(g7: TermIndex) -> None:
    # issue 21: "gerezani" / "magerezani" (in prison) were refused as term-missing
    for target in ("Alikaa gerezani kwa miaka miwili.", "Walikaa magerezani kwa miaka miwili."):
        found = run_pair("È rimasto in carcere per due anni.", target, glossary=g7)
        assert "term-missing" not in checks(found)


def test_a_locative_hit_names_its_provenance() -> None:
    hits = TermRecognizer(sample_concepts()).find("Walikaa magerezani, si gerezani.", "sw")
    assert [(h.text, h.provenance) for h in hits] == [
        ("magerezani", "locative plural of gereza"),
        ("gerezani", "locative of gereza"),
    ]
    assert hits[1].as_dict()["variant"] == "locative of gereza"


def test_acronyms_reordered_or_written_as_words_are_not_missing() -> None:
    # FLORES devtest: SM (sclerosi multipla) → MS, URSS → USSR, NASA → Nasa
    assert "acronym-missing" not in checks(run_pair("La SM colpisce i nervi.", "MS huathiri neva."))
    assert "acronym-missing" not in checks(run_pair("L'URSS e Cuba.", "USSR na Kuba."))
    assert "acronym-missing" not in checks(run_pair("Il capo della NASA.", "Mkuu wa Nasa."))
    assert "acronym-missing" in checks(run_pair("La riunione dell'OSCE.", "Mkutano wa OSC."))


def test_an_acronym_spelled_out_or_rendered_is_not_missing() -> None:
    from .conftest import checks, run_pair

    # FLORES devtest 0196, 0025, 0279: spelled out, rendered by the country, spaced letters
    cases = [
        (
            "Il fotografo è stato portato al Ronald Reagan UCLA Medical Center.",
            "Mpigaji picha alichukuliwa hadi Kituo cha Matibabu cha Ronald Reagan.",
        ),
        ("Il presidente USA Donald Trump.", "Rais wa Marekani Donald Trump."),
        ("Il vice ispettore generale DK Arya.", "Naibu Inspekta Jenerali D K Arya."),
    ]
    for source, target in cases:
        assert "acronym-missing" not in checks(run_pair(source, target))
    # an acronym simply dropped is still reported
    assert "acronym-missing" in checks(
        run_pair("La riunione dell'OSCE a Vienna.", "Mkutano wa Vienna.")
    )
