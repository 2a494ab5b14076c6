"""Default segmentation rules for Italian, English and Swahili."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.tmx.segmenter import Segmenter, default_segmenter


def texts(text: str, lang: str) -> list[str]:
    return [s.text for s in default_segmenter().segment(text, lang)]


@pytest.mark.parametrize(
    ("lang", "abbr"),
    [
        ("it", "Dott."),
        ("it", "Sig."),
        ("it", "pag."),
        ("en", "Mr."),
        ("en", "e.g."),
        ("sw", "k.m."),
        ("sw", "Bw."),
        ("sw", "Bi."),
        ("sw", "Dkt."),
        ("sw", "S.L.P."),
    ],
)
def test_abbreviation_does_not_end_a_sentence(lang: str, abbr: str) -> None:
    text = f"Alpha beta {abbr} Gamma delta 12. Omega end."
    assert texts(text, lang) == [f"Alpha beta {abbr} Gamma delta 12.", "Omega end."]


@pytest.mark.parametrize(("lang", "abbr"), [("it", "ecc."), ("sw", "n.k.")])
def test_etc_abbreviation_before_lower_case_does_not_end_a_sentence(lang: str, abbr: str) -> None:
    text = f"Armi, droga, {abbr} sono stati sequestrati. Fine."
    assert texts(text, lang) == [f"Armi, droga, {abbr} sono stati sequestrati.", "Fine."]


def test_english_no_before_a_number_does_not_end_a_sentence() -> None:
    assert texts("See No. 5 of the list. Then stop.", "en") == [
        "See No. 5 of the list.",
        "Then stop.",
    ]


def test_spans_point_into_the_text() -> None:
    text = "  Il Sig. Rossi è arrivato.   Poi è ripartito!  "
    spans = default_segmenter().segment(text, "it")
    assert [text[s.start : s.end] for s in spans] == [s.text for s in spans]
    assert [s.text for s in spans] == ["Il Sig. Rossi è arrivato.", "Poi è ripartito!"]


def test_question_and_exclamation_end_sentences() -> None:
    assert texts("Is it true? Yes! It is.", "en") == ["Is it true?", "Yes!", "It is."]


def test_real_flores_sentences_are_found_again(corpus: Path) -> None:
    folder = corpus / "parallel" / "trilingual" / "flores200_devtest"
    lines = (folder / "swh_Latn.devtest").read_text(encoding="utf-8").splitlines()
    # Line 2 starts with the abbreviation "Dak." (Daktari); lines 3-4 are single sentences.
    chosen = [lines[1], lines[2]]
    assert texts(" ".join(chosen), "sw") == chosen


def test_sample_report_keeps_text_and_splits_sentences(seed_report: Path) -> None:
    text = seed_report.read_text(encoding="utf-8")
    spans = default_segmenter().segment(text, "sw")
    assert len(spans) > 15
    assert all(text[s.start : s.end] == s.text for s in spans)
    assert spans[0].text == "Mkutano wa kwanza wa wakuu wa wajumbe wa G7 Italia 2024"


def test_segmenter_from_srx_file(corpus: Path) -> None:
    seg = Segmenter.from_srx(corpus / "srx" / "okapi" / "defaultSegmentation.srx")
    assert len(seg.segment("One here. Two there.", "en")) == 2


def test_blank_line_ends_a_segment_with_windows_line_ends() -> None:
    assert texts("Titolo del rapporto\r\n\r\nIl testo segue", "it") == [
        "Titolo del rapporto",
        "Il testo segue",
    ]


def test_single_line_break_inside_a_sentence_does_not_split_it() -> None:
    assert texts("Il gruppo si è\nriunito a Roma.", "it") == ["Il gruppo si è\nriunito a Roma."]


def test_english_company_and_time_abbreviations_end_a_sentence_before_a_sentence_start() -> None:
    seg = default_segmenter()

    def texts(text: str) -> list[str]:
        return [s.text for s in seg.segment(text, "en")]

    assert texts("He works for Acme Inc. The firm is big.") == [
        "He works for Acme Inc.",
        "The firm is big.",
    ]
    assert texts("It ended at 3 p.m. It rained.") == ["It ended at 3 p.m.", "It rained."]
    assert texts("The U.S. President spoke at 5 p.m. Friday.") == [
        "The U.S. President spoke at 5 p.m. Friday."
    ]
    assert texts('He said, "Stop the vote." Then he left.') == [
        'He said, "Stop the vote."',
        "Then he left.",
    ]


def test_a_headline_line_is_a_segment_but_wrapped_text_is_not() -> None:
    seg = default_segmenter()
    assert [s.text for s in seg.segment("Kenya: Ruto wins election\nNairobi - He won.", "en")] == [
        "Kenya: Ruto wins election",
        "Nairobi - He won.",
    ]
    wrapped = "The committee of the ministers met in the city of\nRome on Monday."
    assert [s.text for s in seg.segment(wrapped, "en")] == [wrapped]
    long_line = "A first line of a wrapped paragraph that is longer than sixty\nCharacters here."
    assert [s.text for s in seg.segment(long_line, "en")] == [long_line]
