"""Typography checks: each with a finding and a near-miss that must stay quiet."""

from __future__ import annotations

import pytest

from mkutano.glossaries.lexicon import lexicon
from mkutano.glossaries.qa import Pair, QAContext, check_target_text
from mkutano.glossaries.qa.typography import check_typography, split_glued

from .conftest import checks, run_pair

# Real sentences of the sample Swahili report (../shared/seed), defects included.
GLUED = (
    "Kundi hili lina mamlaka ya kuratibu mapambano dhidi ya uhalifu uliopangwa wa kimataifa na "
    "ugaidihuleta pamoja huduma za kidiplomasia na polisi. Mapambano dhidi ya ugaidi yanaendelea."
)


def _run(target: str, source: str | None = None, tgt: str = "sw") -> list[str]:
    ctx = QAContext("it" if source else None, tgt)
    pair = Pair("1", source, target)
    ctx.learn([pair])
    return checks(check_typography(pair, ctx))


def test_glued_words_are_found_with_the_split() -> None:
    found = check_target_text(GLUED, target_lang="sw")
    glued = [f for f in found if f.check == "glued-words"]
    assert len(glued) == 1
    assert GLUED[glued[0].span.start : glued[0].span.end] == "ugaidihuleta"
    assert glued[0].suggestion == "ugaidi huleta"


def test_inflected_swahili_words_are_not_glued() -> None:
    # verb forms built from prefixes of the text's own words: wana+fikiria, wana+badilisha ...
    text = (
        "Wana wanafikiria na wanabadilisha mipango. Wanafunzi wanasoma. Fikiria hilo. "
        "Badilisha mipango. Soma sasa. Wanacheza mpira. Cheza vizuri."
    )
    assert "glued-words" not in checks(check_target_text(text, target_lang="sw"))


def test_glued_acronyms_split_into_known_acronyms() -> None:
    ctx = QAContext("it", "sw")
    acronyms = frozenset({"INTERPOL", "UNODC"})
    assert split_glued("INTERPOLUNODC", ctx, acronyms) == "INTERPOL UNODC"
    assert split_glued("UNICRI", ctx, acronyms) is None


def test_double_space_and_its_near_miss() -> None:
    assert "double-space" in _run("Kundi  la G7.")
    assert "double-space" not in _run("Kundi la G7.\n\nMkutano.")


def test_repeated_word_and_swahili_reduplication() -> None:
    assert "repeated-word" in _run("Mkutano wa wa kwanza.")
    assert "repeated-word" not in _run("Walitembea pole pole hadi siku hiyo hiyo.")
    assert "repeated-word" in _run("umuhimu na umuhimu wa Mkataba")


def test_repeated_word_copied_from_the_source_is_quiet() -> None:
    assert "repeated-word" not in _run("the the end", source="the the end", tgt="en")


def test_stray_full_stop_before_lower_case() -> None:
    text = "na Naibu Mkurugenzi Mkuu. wa Usalama wa Umma anayesimamia shughuli."
    found = check_typography(Pair("1", None, text), QAContext(None, "sw"))
    stops = [f for f in found if f.check == "stray-full-stop"]
    assert len(stops) == 1
    assert text[stops[0].span.start] == "."
    assert stops[0].span.start == text.index("Mkuu.") + 4


def test_full_stop_after_abbreviation_is_not_stray() -> None:
    assert "stray-full-stop" not in _run("Alikutana na Dkt. wa hospitali na Bw. Juma.")


def test_stray_full_stop_where_the_source_keeps_one_sentence() -> None:
    source = "Rappresentanti di organizzazioni quali INTERPOL, UNODC e GCERF."
    target = "Wawakilishi wa mashirika kama vile. INTERPOL, UNODC na GCERF."
    assert "stray-full-stop" in _run(target, source)
    two = "Wawakilishi wa mashirika walikuja. INTERPOL, UNODC na GCERF walikuwepo."
    assert "stray-full-stop" not in _run(two, "Vennero i rappresentanti. INTERPOL e UNODC c'erano.")


def test_unpaired_bracket_and_enumerators() -> None:
    assert "unpaired-bracket" in _run("UNODC (Ofisi ya Umoja wa Mataifa")
    assert "unpaired-bracket" not in _run("a) kwanza; b) pili (na zaidi).")


def test_mismatched_and_unpaired_quotes() -> None:
    found = _run('kwa kurejelea jambo linalotambulika katika "digital magendo”, yaani')
    assert "unpaired-quote" in found
    assert "unpaired-quote" not in _run("mantiki ya “kufuatilia fedha” ya Italia")


def test_quote_open_in_the_source_too_is_not_reported() -> None:
    source = '"Siamo molto preoccupati, ha detto.'
    assert "unpaired-quote" not in _run('"Tuna wasiwasi mkubwa, alisema.', source)


def test_end_punctuation_mismatch() -> None:
    assert "end-punctuation" in _run("Kundi lilikutana.", "Il Gruppo si è riunito?")
    assert "end-punctuation" not in _run("Kundi lilikutana.”", "Il Gruppo si è riunito.”")


def test_length_ratio_outlier() -> None:
    found = run_pair(
        "La riunione si è svolta a Roma presso il Ministero degli Affari Esteri.", "Roma."
    )
    assert "length-ratio" in checks(found)
    ok = run_pair(
        "La riunione si è svolta a Roma presso il Ministero degli Affari Esteri.",
        "Mkutano ulifanyika Roma katika Wizara ya Mambo ya Nje.",
    )
    assert "length-ratio" not in checks(ok)


def test_swahili_agglutination_is_not_glued_words() -> None:
    # issue 21: FLORES devtest it→sw words reported as glued
    for word in ("vileleni", "hawakuzingatia", "iliyosalia", "wanyamapori", "kutembeatembea"):
        assert "glued-words" not in checks(run_pair("Una frase.", f"Sentensi {word} hapa."))


def test_two_dictionary_words_run_together_are_glued() -> None:
    found = run_pair("Il terrorismo porta paura.", "Kwa kweli ugaidihuleta hofu kubwa.")
    assert [f.suggestion for f in found if f.check == "glued-words"] == ["ugaidi huleta"]


_needs_sw = pytest.mark.skipif(lexicon("sw") is None, reason="hunspell-sw is not installed")


@_needs_sw
@pytest.mark.parametrize(
    "sentence",
    [
        # FLORES-200 devtest sentences with solid Swahili compounds and verb forms
        "Baadhi ya sayari zilizo mbali yaliyo na hali nzuri za angahewa.",  # 0985
        "Hatua za kinidhamu, kutathmini utendakazi, kuwatwika watu majukumu.",  # 0660
        "Mamba wa majichumvi hawaishi sana baharini.",  # 0788
        "(1) mtiririko, (2) uzito, (3) kasimwelekeo.",  # 0617
        "Hali yake ilizorota wakati wa karne ya kumi na mbili.",  # 0491
        "Ni kiongozi ndiye huwajibika mwishoni kwa ufanisi.",  # 0662
    ],
)
def test_swahili_compounds_and_verb_forms_are_not_glued(sentence: str) -> None:
    assert "glued-words" not in _run(sentence)


@_needs_sw
@pytest.mark.parametrize(
    ("sentence", "word", "split"),
    [
        # real FLORES defects (0643, 0641, 0984) and words glued into real sentences
        ("Zaweza kutoshea katika kipindicha mwisho wa sentensi hii.", "kipindicha", "kipindi cha"),
        ("Vipengele visivyo vya chuma kamavile kaboni.", "kamavile", "kama vile"),
        ("Mara nyingi wako mijini au katikavyuo vikuu.", "katikavyuo", "katika vyuo"),
        ("Alikuwa akitafuta mahali pa kukaakwa muda mfupi.", "kukaakwa", "kukaa kwa"),
        ("Wanyama hao huonekana maranyingi kwenye mbuga.", "maranyingi", "mara nyingi"),
    ],
)
def test_words_glued_to_a_function_word_are_found(sentence: str, word: str, split: str) -> None:
    found = check_target_text(sentence, target_lang="sw")
    glued = [f for f in found if f.check == "glued-words"]
    assert [sentence[f.span.start : f.span.end] for f in glued] == [word]
    assert glued[0].suggestion == split


def test_a_translator_may_split_a_sentence() -> None:
    # FLORES devtest 0370: the Italian keeps one sentence, the Swahili splits it in two
    source = "Ai gattopardi piace mangiare piccoli animali e catturano scimmie, serpenti e topi."
    target = "Chui hupenda kula wanyama wadogo. Hushika tumbili, nyoka, panya na ndege."
    assert "stray-full-stop" not in _run(target, source)
    # a full stop that leaves a fragment is still reported
    assert "stray-full-stop" in _run("Naibu Mkurugenzi Mkuu. Wa Usalama wa Umma.", "Il vice.")


@_needs_sw
def test_swahili_reduplication_passes_but_a_doubled_word_is_found() -> None:
    assert "repeated-word" not in _run("Bora ubakie katika eneo hili hili.")  # FLORES 0393
    assert "repeated-word" not in _run("Wanaanza kuonekana zaidi na zaidi tofauti.")  # 0376
    assert "repeated-word" in _run("Rais wa wa Marekani George W. Bush alikaribisha tangazo.")
    assert "repeated-word" in _run("Njia nyembamba, na na pembe kali zimejaa.")  # FLORES 0830
