"""The spelling check on real FLORES-200 sentences: real typos found, clean words quiet."""

from __future__ import annotations

import pytest

from mkutano.glossaries.lexicon import lexicon
from mkutano.glossaries.morphology import swahili_word
from mkutano.glossaries.qa import Pair, Profile, Severity, check_pairs, skipped_checks
from mkutano.glossaries.qa.engine import check_target_text
from mkutano.tm import open_store
from mkutano.tmx import Segment, Unit, Variant

_SW, _EN = lexicon("sw"), lexicon("en")
pytestmark = pytest.mark.skipif(
    _SW is None or _EN is None, reason="hunspell-sw/hunspell-en-us are not installed"
)


def _spelling(target: str, tgt: str = "sw", source: str | None = None, **kw: object) -> list:
    found = check_pairs(
        [Pair("1", source, target)],
        source_lang="it",
        target_lang=tgt,
        **kw,  # type: ignore[arg-type]
    )
    return [f for f in found if f.check == "spelling"]


def test_a_real_swahili_typo_is_found_with_the_known_word() -> None:
    # FLORES devtest 0003 writes "ugojwa" for "ugonjwa" (disease)
    text = "Hii ni muhimu kwa watu ambao tayari wana ugojwa wa kisukari wa aina 1."
    (f,) = _spelling(text)
    assert text[f.span.start : f.span.end] == "ugojwa"
    assert f.suggestion == "ugonjwa"
    assert f.severity is Severity.INFO
    assert f.family == "spelling"


def test_the_corrected_sentence_is_quiet() -> None:
    assert not _spelling("Hii ni muhimu kwa watu ambao tayari wana ugonjwa wa kisukari wa aina 1.")


@pytest.mark.parametrize(
    "sentence",
    [
        # noun classes and verbal nouns the dictionary does not list (FLORES 0095, 0265, 0945)
        "Kuzima viyoyozi na kutokunywa maji ya bomba.",
        "Mswada unaopiga marufuku uuzwaji au ukodishwaji wa michezo ya video.",
        "Vimejaa paa za vigae vyekundu vya jadi.",
        # tense -takapo- (FLORES 0892)
        "Mara tu utakapotoka kwenye mkondo, kuogelea kurudi si vigumu.",
    ],
)
def test_swahili_morphology_is_respected(sentence: str) -> None:
    assert not _spelling(sentence)


def test_names_numbers_identifiers_and_urls_are_skipped() -> None:
    text = "Tazama https://www.interno.gov.it/ugojwa na faili config_ugojwa au Ugojwa 2ugojwa."
    assert not _spelling(text)


def test_british_spelling_is_english_but_a_typo_is_not() -> None:
    # FLORES devtest 0156 and 0307
    assert not _spelling("Their disciplined defence, ball handling skills and honour.", "en")
    (f,) = _spelling("The eathquake struck Mariana at 07:19 a.m. local time.", "en")
    assert f.suggestion == "earthquake"
    assert _spelling("The colour of the centre.", "en-US")  # American English: flagged


def test_glossary_terms_and_source_words_are_accepted(g7) -> None:  # type: ignore[no-untyped-def]
    # a word kept from the source (a name, a loan) is not a typo
    assert not _spelling("Nyeusi fupi ni espresso.", source="Un caffè nero corto è un espresso.")
    # the glossary's own terms are accepted words
    terms = g7.allowed_words("sw")
    assert terms
    word = next(w for w in sorted(terms) if len(w) >= 6 and w.isalpha() and not _SW.knows(w))
    assert not _spelling(f"Ripoti inataja {word} mara kadhaa.", glossary=g7)


def test_a_word_of_the_memory_is_accepted() -> None:
    text = "Hii ni muhimu kwa watu ambao tayari wana ugojwa wa kisukari."
    store = open_store("memory:")
    store.create_memory("m")
    unit = Unit(
        [Variant("it", Segment.from_text("malattia")), Variant("sw", Segment.from_text("ugojwa"))]
    )
    store.add_unit("m", unit)
    assert _spelling(text)
    assert not _spelling(text, memory=store)


def test_the_check_degrades_without_a_dictionary() -> None:
    skipped = skipped_checks(Profile(), target_lang="yo")
    assert "spelling" in skipped
    assert "no Hunspell dictionary" in skipped["spelling"]
    assert not [
        f for f in check_target_text("Kwa ugojwa.", target_lang="yo") if f.check == "spelling"
    ]


def test_the_morphology_rules_do_not_accept_the_typos() -> None:
    assert _SW is not None
    for typo in ("ugojwa", "binadaum", "ulimweguni", "kufuruhia"):
        assert not swahili_word(typo, _SW.knows)
