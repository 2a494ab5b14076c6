"""The engine on whole documents: the sample Swahili report against its Italian original."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from mkutano.glossaries.qa import (
    Finding,
    TermIndex,
    check_document,
    check_target_text,
    document_pairs,
)
from mkutano.glossaries.qa.engine import paragraphs

REPORT_IT = files("mkutano.tm") / "data" / "report.it.txt"


@pytest.fixture(scope="module")
def report_findings(seed_report: Path, g7: TermIndex) -> tuple[str, list[Finding]]:
    sw = seed_report.read_text(encoding="utf-8")
    it = REPORT_IT.read_text(encoding="utf-8")
    return sw, check_document(it, sw, source_lang="it", target_lang="sw", glossary=g7)


def _flagged(report: tuple[str, list[Finding]], check: str) -> list[str]:
    sw, found = report
    return [sw[f.span.start : f.span.end].replace("\xa0", " ") for f in found if f.check == check]


def test_glued_words_of_the_report(report_findings: tuple[str, list[Finding]]) -> None:
    glued = _flagged(report_findings, "glued-words")
    for word in ("ugaidihuleta", "INTERPOLUNODC", "ulaghaikimataifa", "mtandaona"):
        assert word in glued


def test_italian_and_swedish_fragments_of_the_report(
    report_findings: tuple[str, list[Finding]],
) -> None:
    frags = _flagged(report_findings, "foreign-fragment")
    for word in ("al", "di", "it-brottslighet", "Un", "syntetiskhasa", "online"):
        assert word in frags


def test_stray_full_stops_of_the_report(report_findings: tuple[str, list[Finding]]) -> None:
    sw, found = report_findings
    contexts = [
        sw[f.span.start - 12 : f.span.end + 4].replace("\xa0", " ")
        for f in found
        if f.check == "stray-full-stop"
    ]
    assert any("Mkuu. wa" in c for c in contexts)
    assert any("vile. IN" in c for c in contexts)
    assert any("Mataifa. G7" in c for c in contexts)


def test_terminology_defects_of_the_report(report_findings: tuple[str, list[Finding]]) -> None:
    forbidden = _flagged(report_findings, "term-forbidden")
    deprecated = _flagged(report_findings, "term-deprecated")
    assert {"it-brottslighet", "online", "Prefect", "biashara di viumbe", "digital magendo"} <= set(
        forbidden
    )
    assert {"sarafu za siri", "Mkuu wa Mkoa", "Kikundi cha Rome/Lyon", "mtandao magaidi"} <= set(
        deprecated
    )
    _sw, found = report_findings
    dnt = {f.suggestion for f in found if f.check == "term-dnt"}
    assert {"INTERPOL", "UNODC"} <= dnt


def test_near_misses_of_the_report_stay_quiet(report_findings: tuple[str, list[Finding]]) -> None:
    _sw, found = report_findings
    # 2 - 4 Oktoba against "dal 2 al 4 ottobre"; 24/7 in both; akili bandia (AI) against (IA)
    assert not [f for f in found if f.check in ("number-mismatch", "date-mismatch")]
    assert not [f for f in found if f.check == "acronym-missing"]


def test_spans_point_into_the_whole_target_file(report_findings: tuple[str, list[Finding]]) -> None:
    sw, found = report_findings
    glued = next(f for f in found if f.check == "glued-words")
    assert sw[glued.span.start : glued.span.end] in ("ugaidihuleta", "INTERPOLUNODC")
    assert all(0 <= f.span.start <= f.span.end <= len(sw) for f in found)


def test_target_alone_finds_target_side_defects(seed_report: Path, g7: TermIndex) -> None:
    sw = seed_report.read_text(encoding="utf-8")
    found = check_target_text(sw, target_lang="sw", glossary=g7)
    kinds = {f.check for f in found}
    assert {"glued-words", "foreign-fragment", "term-forbidden", "stray-full-stop"} <= kinds
    # nothing that needs a source runs on a target alone
    assert not kinds & {"term-missing", "number-mismatch", "end-punctuation", "untranslated"}


def test_an_omitted_sentence_is_reported() -> None:
    it = (
        "Il Gruppo si è riunito a Roma il 2 ottobre. La riunione è durata 3 giorni con 45 "
        "delegati di 12 Paesi. Il prossimo incontro sarà a Lione."
    )
    sw = "Kundi lilikutana mjini Roma tarehe 2 Oktoba. Mkutano ujao utakuwa Lyon."
    found = check_document(it, sw, source_lang="it", target_lang="sw")
    missing = {f.suggestion for f in found if f.check == "number-mismatch"}
    assert {"3", "45", "12"} <= missing
    assert all(f.span.end <= len(sw) for f in found)


def test_paragraphs_are_aligned_one_to_one_when_they_can_be(seed_report: Path) -> None:
    sw = seed_report.read_text(encoding="utf-8")
    it = REPORT_IT.read_text(encoding="utf-8")
    assert len(paragraphs(sw)) == len(paragraphs(it))
    pairs = document_pairs(it, sw, source_lang="it", target_lang="sw")
    assert pairs
    assert not [p for p in pairs if "\n\n" in (p.source or "") + p.target]
    assert all(sw[p.target_offset : p.target_offset + len(p.target)] == p.target for p in pairs)
