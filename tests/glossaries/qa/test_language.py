"""Language checks: empty and untranslated targets, fragments of another language."""

from __future__ import annotations

from pathlib import Path

from mkutano.glossaries.qa import check_target_text

from .conftest import checks, run_pair

# Sentences of the sample Swahili report with their Italian source (tm/data/report.it.txt).
IT_SMUGGLING = (
    "Tra queste, il contrasto al traffico di esseri umani e migranti, anche con riferimento al "
    'fenomeno del "digital smuggling".'
)
SW_SMUGGLING = (
    "Miongoni mwao, kulinganisha al biashara di viumbe biashara ya binadamu na wahamiaji, ambayo "
    "pia ilishughulikiwa kwa kurejelea jambo linalotambulika katika digital magendo."
)
SW_SWEDISH = (
    "Juu ya somo la usalama kwa ukubwa it na kupigana it-brottslighet, zana za kulinda nafasi "
    "pepe zilichunguzwa kwa kina."
)


def _fragments(findings: list) -> list[str]:  # type: ignore[type-arg]
    return [f.message.split("'")[1] for f in findings if f.check == "foreign-fragment"]


def test_empty_target_is_an_error_and_stops_other_checks() -> None:
    found = run_pair("La riunione si è svolta a Roma.", "  ")
    assert checks(found) == ["empty-target"]
    assert found[0].severity == "error"


def test_untranslated_target() -> None:
    assert "untranslated" in checks(
        run_pair("La riunione si è svolta a Roma.", "La riunione si è svolta a Roma.")
    )


def test_names_and_acronyms_left_as_they_are_are_not_untranslated() -> None:
    assert "untranslated" not in checks(run_pair("Carlo Lo Cascio", "Carlo Lo Cascio"))
    assert "untranslated" not in checks(run_pair("INTERPOL, UNODC", "INTERPOL, UNODC"))


def test_italian_leftovers_copied_from_the_source() -> None:
    found = _fragments(run_pair(IT_SMUGGLING, SW_SMUGGLING))
    assert "al" in found
    assert "di" in found


def test_swedish_word_in_swahili_text_alone() -> None:
    found = check_target_text(SW_SWEDISH, target_lang="sw")
    assert "it-brottslighet" in _fragments(found)
    hit = next(f for f in found if f.check == "foreign-fragment")
    assert SW_SWEDISH[hit.span.start : hit.span.end] == "it-brottslighet"
    assert "Swedish" in hit.message


def test_clean_swahili_with_names_is_quiet() -> None:
    text = (
        "Mkutano wa kwanza wa wakuu wa ujumbe ulifanyika mjini Roma katika Wizara ya Mambo ya Nje. "
        "Naibu Katibu Mkuu Carlo Lo Cascio na Mkurugenzi Mkuu Alessandro Azzoni walifungua kazi."
    )
    assert "foreign-fragment" not in checks(check_target_text(text, target_lang="sw"))


def test_urls_are_not_foreign_words() -> None:
    found = run_pair(
        "Vedi https://www.interno.gov.it/notizie.", "Tazama https://www.interno.gov.it/notizie."
    )
    assert "foreign-fragment" not in checks(found)


def test_real_flores_swahili_sentences_are_mostly_quiet(corpus: Path) -> None:
    rows = (corpus / "parallel/trilingual/flores200_devtest.en-it-sw.tsv").read_text("utf-8")
    lines = [r.split("\t") for r in rows.splitlines()[1:41]]
    flagged = sum(1 for r in lines if "foreign-fragment" in checks(run_pair(r[2], r[3])))
    assert flagged <= 4  # 40 clean human translations: a few loanwords at most


def test_a_target_alone_names_function_words_of_another_language() -> None:
    # issue 21: `mkutano qa --to sw --target FILE` found Italian articles and prepositions
    # (Un, al, di) and English words only partly
    text = "Un mkutano ulifanyika al mjini Roma di wiki iliyopita."
    found = check_target_text(text, target_lang="sw")
    assert [(text[f.span.start : f.span.end], f.message) for f in found] == [
        ("Un", "'Un' looks Italian, not Swahili"),
        ("al", "'al' looks Italian, not Swahili"),
        ("di", "'di' looks Italian, not Swahili"),
    ]
    text = "Mkutano ulifanyika mjini Roma, the ministers of interior walikutana."
    found = check_target_text(text, target_lang="sw")
    assert [text[f.span.start : f.span.end] for f in found] == ["the ministers of interior"]


def test_a_target_alone_keeps_swahili_words_that_look_italian() -> None:
    assert (
        check_target_text("Hata hivyo, hilo si kweli na la muhimu ni kwamba.", target_lang="sw")
        == []
    )


def test_cited_words_are_not_leftovers() -> None:
    from mkutano.glossaries.qa import Pair, check_pairs

    def fragments(source: str, target: str, src: str = "en") -> list[str]:
        found = check_pairs([Pair("1", source, target)], source_lang=src, target_lang="sw")
        return [f.message for f in found if f.check == "foreign-fragment"]

    # FLORES devtest 0386, 0978, 0341: named, explained, the second half of a binomial name
    assert not fragments(
        "Hibernating animals include bears, squirrels and a rodent called the dormouse.",
        "Wanyama hao ni pamoja na dubu, kindi, na aina ya panya inayoitwa dormouse.",
    )
    assert not fragments(
        "Caro significa caro, mentre carro significa carro.",
        "Kwa mfano, caro inamaanisha mpenzi, ilhali carro inamaanisha gari la kuvurutwa.",
        "it",
    )
    assert not fragments(
        "The endemic Darwin finch, Geospiza fortes, bred with the cactus finch.",
        "Shorewanda wa Darwin, Geospiza fortes, na shorewanda wa dungusi.",
    )
    # a word of the source left in running text is still found
    assert fragments(
        "Hibernating animals include bears, squirrels and a rodent.",
        "Wanyama hao ni pamoja na dubu, squirrels na panya.",
    )
