"""The sample data shipped in the packages: G7 trilingual TM, report texts, G7 glossary.

These tests read the files with a plain safe lxml parser (not the project readers), so they check
the data itself: structure, languages, coverage of the seed report, TBX-Basic validity.
"""

from __future__ import annotations

import csv
import re
from collections import Counter
from pathlib import Path

import pytest
from lxml import etree

from mkutano.tmx.lang import normalize_language
from mkutano.tmx.xmlsafe import safe_parser

ROOT = Path(__file__).resolve().parent.parent
TMX_FILE = ROOT / "tm" / "data" / "g7-rome-lyon.tmx"
REPORT_IT = ROOT / "tm" / "data" / "report.it.txt"
REPORT_EN = ROOT / "tm" / "data" / "report.en.txt"
TBX_FILE = ROOT / "glossaries" / "data" / "g7-rome-lyon.tbx"
CSV_FILE = ROOT / "glossaries" / "data" / "g7-rome-lyon.csv"
DOC_FILE = ROOT / "docs" / "sample-data.md"

XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
TBX = "{urn:iso:std:iso:30042:ed-2}"
REPORT_DOC = "g7-rome-lyon-2024"
EXAMPLES_DOC = "g7-glossary-examples"
LANGS = ("it", "en", "sw")
STATUSES = {
    "preferredTerm-admn-sts",
    "admittedTerm-admn-sts",
    "deprecatedTerm-admn-sts",
    "supersededTerm-admn-sts",
}
TMX_DATE = re.compile(r"^\d{8}T\d{6}Z$")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _parse(path: Path) -> etree._ElementTree:
    return etree.parse(str(path), safe_parser())


def _units() -> list[dict[str, str]]:
    """Each tu as {"tuid", "document", "paragraph", "it", "en", "sw"}, in file order."""
    units = []
    for tu in _parse(TMX_FILE).getroot().iter("tu"):
        unit = {"tuid": tu.get("tuid", "")}
        for prop in tu.findall("prop"):
            unit[prop.get("type", "").removeprefix("x-")] = prop.text or ""
        for tuv in tu.findall("tuv"):
            lang = normalize_language(tuv.get(XML_LANG, ""))
            seg = tuv.find("seg")
            assert lang not in unit, f"{unit['tuid']}: two <tuv> for {lang}"
            unit[lang] = "".join(seg.itertext()) if seg is not None else ""
        units.append(unit)
    return units


def _report_units() -> list[dict[str, str]]:
    return [u for u in _units() if u.get("document") == REPORT_DOC]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _concepts() -> list[etree._Element]:
    return list(_parse(TBX_FILE).getroot().iter(f"{TBX}conceptEntry"))


def _terms(lang_sec: etree._Element) -> list[dict[str, object]]:
    terms = []
    for term_sec in lang_sec.findall(f"{TBX}termSec"):
        notes = {n.get("type"): (n.text or "") for n in term_sec.findall(f"{TBX}termNote")}
        terms.append(
            {
                "text": term_sec.findtext(f"{TBX}term") or "",
                "status": notes.get("administrativeStatus", ""),
                "termType": notes.get("termType", ""),
                "notes": [n.text or "" for n in term_sec.findall(f"{TBX}note")],
            }
        )
    return terms


# --- TMX ------------------------------------------------------------------------------------


def test_tmx_header_declares_tmx14_sentence_plaintext_from_italian() -> None:
    root = _parse(TMX_FILE).getroot()
    header = root.find("header")
    assert root.tag == "tmx"
    assert root.get("version") == "1.4"
    assert header is not None
    assert header.get("srclang") == "it"
    assert header.get("adminlang") == "en"
    assert header.get("datatype") == "plaintext"
    assert header.get("segtype") == "sentence"
    assert header.get("creationtool") == "mkutano"


def test_tmx_is_valid_against_the_tmx14_dtd(corpus: Path) -> None:
    dtd = etree.DTD(str(corpus / "_schemas" / "tmx" / "tmx14.dtd"))
    doc = _parse(TMX_FILE)
    assert dtd.validate(doc), dtd.error_log.filter_from_errors()


def test_every_tu_has_italian_english_and_swahili_with_text() -> None:
    units = _units()
    assert units
    for unit in units:
        for lang in LANGS:
            assert unit.get(lang, "").strip(), f"{unit['tuid']}: empty or missing {lang}"
            assert unit[lang] == unit[lang].strip(), f"{unit['tuid']}: {lang} not trimmed"


def test_every_tu_has_id_dates_author_and_document() -> None:
    root = _parse(TMX_FILE).getroot()
    tus = list(root.iter("tu"))
    ids = [tu.get("tuid") for tu in tus]
    assert ids == [f"g7-{n:03d}" for n in range(1, len(tus) + 1)]
    for tu in tus:
        assert TMX_DATE.match(tu.get("creationdate", "")), tu.get("tuid")
        assert TMX_DATE.match(tu.get("changedate", "")), tu.get("tuid")
        assert tu.get("creationid") == "mkutano-sample"
    documents = Counter(u.get("document") for u in _units())
    assert set(documents) == {REPORT_DOC, EXAMPLES_DOC}
    assert documents[EXAMPLES_DOC] >= 25


def test_report_units_come_first_and_are_numbered_by_paragraph() -> None:
    units = _units()
    report = _report_units()
    assert units[: len(report)] == report
    paragraphs = [int(u["paragraph"]) for u in report]
    assert paragraphs == sorted(paragraphs)
    assert set(paragraphs) == set(range(1, paragraphs[-1] + 1))


def test_every_seed_sentence_appears_verbatim_in_a_swahili_unit(seed_report: Path) -> None:
    seed = seed_report.read_text(encoding="utf-8")
    sw_units = [u["sw"] for u in _report_units()]
    # A naive splitter (end punctuation, space, capital) also cuts at the report's stray full
    # stops ("kama vile. INTERPOLUNODC"); each of its pieces must still sit inside one unit.
    pieces = re.split(r"(?<=[.!?])\s+(?=[A-Z])|\n\s*\n", seed)
    for piece in (p.strip() for p in pieces):
        if piece:
            assert any(piece in unit for unit in sw_units), f"not in any sw unit: {piece[:60]!r}"
    for unit in sw_units:
        assert unit in seed, f"sw unit not verbatim in the seed: {unit[:60]!r}"


def test_report_units_cover_the_whole_seed_in_order(seed_report: Path) -> None:
    seed = seed_report.read_text(encoding="utf-8")
    assert _squash("".join(u["sw"] for u in _report_units())) == _squash(seed)


def test_report_paragraphs_follow_the_seed_paragraphs(seed_report: Path) -> None:
    seed_paragraphs = _paragraphs(seed_report.read_text(encoding="utf-8"))
    by_paragraph: dict[int, list[str]] = {}
    for unit in _report_units():
        by_paragraph.setdefault(int(unit["paragraph"]), []).append(unit["sw"])
    assert len(by_paragraph) == len(seed_paragraphs)
    for number, paragraph in enumerate(seed_paragraphs, start=1):
        assert _squash("".join(by_paragraph[number])) == _squash(paragraph)


@pytest.mark.parametrize(("path", "lang"), [(REPORT_IT, "it"), (REPORT_EN, "en")])
def test_report_text_is_the_concatenation_of_its_units(path: Path, lang: str) -> None:
    paragraphs = _paragraphs(path.read_text(encoding="utf-8"))
    by_paragraph: dict[int, list[str]] = {}
    for unit in _report_units():
        by_paragraph.setdefault(int(unit["paragraph"]), []).append(unit[lang])
    assert paragraphs == [" ".join(by_paragraph[n]) for n in sorted(by_paragraph)]


def test_report_texts_keep_names_numbers_and_acronyms_of_the_swahili() -> None:
    # Untranslatable tokens must survive in every version of the same sentence.
    for unit in _report_units():
        for token in ("G7", "LEPSG", "ISIS-K", "24/7", "Carlo Lo Cascio", "Vardé", "Mirabella"):
            if token in unit["sw"]:
                assert token in unit["it"], (unit["tuid"], token)
                assert token in unit["en"], (unit["tuid"], token)


# --- TBX ------------------------------------------------------------------------------------


def test_tbx_root_is_tbx_basic_dca_v3() -> None:
    root = _parse(TBX_FILE).getroot()
    assert root.tag == f"{TBX}tbx"
    assert root.get("type") == "TBX-Basic"
    assert root.get("style") == "dca"
    assert root.get(XML_LANG) == "en"
    assert root.find(f"{TBX}tbxHeader/{TBX}fileDesc/{TBX}sourceDesc") is not None


def test_tbx_has_45_concepts_each_with_italian_english_and_swahili_terms() -> None:
    concepts = _concepts()
    assert len(concepts) >= 45
    ids = [c.get("id") for c in concepts]
    assert len(set(ids)) == len(ids)
    for concept in concepts:
        langs = {
            normalize_language(ls.get(XML_LANG, "")): _terms(ls)
            for ls in concept.findall(f"{TBX}langSec")
        }
        assert set(langs) == set(LANGS), concept.get("id")
        for lang, terms in langs.items():
            assert terms, (concept.get("id"), lang)
            assert all(t["text"] for t in terms), (concept.get("id"), lang)
            statuses = {t["status"] for t in terms}
            assert statuses <= STATUSES, (concept.get("id"), lang, statuses)
            assert "preferredTerm-admn-sts" in statuses, (concept.get("id"), lang)


def _schematron_values(sch: etree._ElementTree, context: str) -> set[str]:
    ns = {"s": "http://purl.oclc.org/dsdl/schematron"}
    values: set[str] = set()
    for rule in sch.getroot().iterfind(".//s:rule", ns):
        if rule.get("context") == context:
            for assertion in rule.iterfind("s:assert", ns):
                values.update(re.findall(r"'([^']*)'", assertion.get("test", "")))
    return values


def test_tbx_uses_only_data_categories_and_values_tbx_basic_dca_permits(corpus: Path) -> None:
    sch = _parse(corpus / "tbx" / "tbx-v3-basic" / "DCA" / "TBX-Basic_DCA.sch")
    root = _parse(TBX_FILE).getroot()
    for element in ("admin", "descrip", "termNote", "transac", "transacNote", "xref", "ref"):
        allowed = _schematron_values(sch, f"tbx:{element}/@type")
        assert allowed, f"no rule for {element} in the schematron"
        for node in root.iter(f"{TBX}{element}"):
            assert node.get("type") in allowed, (node.sourceline, element, node.get("type"))
    for term_note in root.iter(f"{TBX}termNote"):
        assert etree.QName(term_note.getparent()).localname == "termSec", term_note.sourceline
        allowed = _schematron_values(sch, f"tbx:termNote[@type='{term_note.get('type')}']")
        if allowed:
            assert term_note.text in allowed, (term_note.sourceline, term_note.text)
    for descrip in root.iter(f"{TBX}descrip"):
        parent = etree.QName(descrip.getparent()).localname
        if descrip.get("type") == "subjectField":
            assert parent == "conceptEntry", descrip.sourceline
        if descrip.get("type") == "definition":
            assert parent in ("conceptEntry", "langSec"), descrip.sourceline


def test_tbx_forbidden_plural_and_do_not_translate_notes_follow_the_conventions() -> None:
    seen = Counter()
    for concept in _concepts():
        by_lang = {ls.get(XML_LANG): _terms(ls) for ls in concept.findall(f"{TBX}langSec")}
        for terms in by_lang.values():
            texts = {t["text"] for t in terms}
            for term in terms:
                notes = term["notes"]
                assert isinstance(notes, list)
                if "forbidden" in notes:
                    seen["forbidden"] += 1
                    assert term["status"] == "deprecatedTerm-admn-sts", term["text"]
                if "do-not-translate" in notes:
                    seen["do-not-translate"] += 1
                    # A do-not-translate term is written the same in every language.
                    for other in by_lang.values():
                        assert term["text"] in {t["text"] for t in other}, term["text"]
                for note in notes:
                    if note.startswith("plural of: "):
                        seen["plural"] += 1
                        assert term["termType"] == "variant", term["text"]
                        assert note.removeprefix("plural of: ") in texts, note
    assert seen["forbidden"] >= 5
    assert seen["do-not-translate"] >= 8
    assert seen["plural"] >= 5


# --- CSV ------------------------------------------------------------------------------------


def test_csv_has_header_and_one_row_of_preferred_terms_per_concept() -> None:
    with CSV_FILE.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["it", "en", "sw", "note"]
    body = rows[1:]
    assert len(body) >= 45
    preferred = {
        (normalize_language(ls.get(XML_LANG, "")), str(t["text"]))
        for concept in _concepts()
        for ls in concept.findall(f"{TBX}langSec")
        for t in _terms(ls)
        if t["status"] == "preferredTerm-admn-sts"
    }
    for row in body:
        assert len(row) == 4, row
        for lang, term in zip(LANGS, row, strict=False):
            assert (lang, term) in preferred, (lang, term)


# --- docs -----------------------------------------------------------------------------------


def test_documented_swahili_defects_occur_in_the_seed(seed_report: Path) -> None:
    seed = seed_report.read_text(encoding="utf-8").replace("\u00a0", " ")
    doc = DOC_FILE.read_text(encoding="utf-8")
    section = doc.split("## Known defects of the Swahili report", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| ") and "`" in line]
    assert len(rows) >= 15
    for row in rows:
        quoted = re.findall(r"`([^`]+)`", row.split("|")[2])
        assert quoted, row
        for text in quoted:
            assert text in seed, f"documented defect not in the seed: {text!r}"


def test_the_packaged_swahili_report_is_the_seed_report() -> None:
    from tests.conftest import PACKAGED_SEED, SEED

    files = sorted(SEED.glob("*.txt")) if SEED.is_dir() else []
    if not files:
        pytest.skip(f"seed report not found in {SEED}")
    assert PACKAGED_SEED.read_bytes() == files[0].read_bytes()
