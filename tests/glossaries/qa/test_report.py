"""Report renderers: JSON contract, JUnit XML, SARIF 2.1.0 structure, HTML, terminal text."""

from __future__ import annotations

import json

import pytest
from lxml import etree

from mkutano.glossaries.qa import (
    Pair,
    QAInputError,
    ReportContext,
    check_pairs,
    render,
    report_fingerprints,
    skipped_checks,
)
from mkutano.glossaries.qa.profile import Profile

TARGET = "Kundi  la G7 lilikutana wa wa mjini Roma tarehe 5 Oktoba."


def _findings() -> list:  # type: ignore[type-arg]
    return check_pairs(
        [Pair("u1", "Il Gruppo del G7 si è riunito a Roma il 4 ottobre.", TARGET)],
        source_lang="it",
        target_lang="sw",
    )


def test_json_contract() -> None:
    data = json.loads(render("json", _findings()))
    assert data["summary"]["total"] == len(data["findings"]) > 0
    f = data["findings"][0]
    assert set(f) >= {
        "check",
        "severity",
        "message",
        "id",
        "span",
        "source_span",
        "suggestion",
        "fingerprint",
        "lang",
    }
    assert f["id"] == "u1"
    assert f["lang"] == "sw"


def test_junit_parses_and_fails_the_checks_with_findings() -> None:
    root = etree.fromstring(render("junit", _findings()).encode())
    assert root.tag == "testsuites"
    failed = {c.get("name") for c in root.iter("testcase") if c.find("failure") is not None}
    assert "number-mismatch" in failed
    assert "repeated-word" in failed
    assert "glued-words" not in failed
    assert int(root.get("failures")) == len(failed)


def test_sarif_basic_structure() -> None:
    doc = json.loads(render("sarif", _findings(), ReportContext(target_path="pairs.jsonl")))
    assert doc["version"] == "2.1.0"
    assert "$schema" in doc
    run = doc["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    ids = [r["id"] for r in rules]
    for r in run["results"]:
        assert r["level"] in ("error", "warning", "note")
        assert ids[r["ruleIndex"]] == r["ruleId"]
        assert r["message"]["text"]
        loc = r["locations"][0]["physicalLocation"]
        assert loc["artifactLocation"]["uri"] == "pairs.jsonl"
        assert loc["region"]["charLength"] >= 0
        assert r["partialFingerprints"]["mkutanoFinding/v1"]


def test_text_report_has_line_and_column_for_documents() -> None:
    found = _findings()
    out = render("text", found, ReportContext(target_path="t.txt", target_text=TARGET))
    assert "t.txt:1:" in out
    assert "repeated-word" in out
    assert out.rstrip().endswith("info")


def test_html_report_highlights_and_escapes() -> None:
    text = "Kundi  la <G7> wa wa."
    found = check_pairs([Pair("1", None, text)], source_lang="it", target_lang="sw")
    page = render("html", found, ReportContext(target_path="x.txt", target_text=text))
    assert page.startswith("<!DOCTYPE html>")
    assert "<mark class='info'" in page
    assert "&lt;G7&gt;" in page
    assert "<G7>" not in page
    etree.fromstring(page.encode(), etree.HTMLParser())


def test_junit_lists_checks_that_did_not_run_as_skipped() -> None:
    # issue 21: a target alone without a glossary used to report term-missing as passed
    profile = Profile.from_dict({"checks": {"disable": ["glued-words"]}})
    skipped = skipped_checks(profile, target_lang="sw", with_source=False, glossary=None)
    assert skipped["term-missing"] == "no source text (target-only check)"
    assert skipped["term-forbidden"] == "no glossary given"
    assert skipped["glued-words"] == "disabled by the profile"
    assert "foreign-fragment" not in skipped
    assert "double-space" not in skipped
    root = etree.fromstring(render("junit", [], ReportContext(skipped=skipped)).encode())
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert cases["term-forbidden"].find("skipped").get("message") == "no glossary given"
    assert cases["double-space"].find("skipped") is None
    assert root.get("skipped") == str(len(skipped))


def test_report_fingerprints_are_read_back_from_the_json_report() -> None:
    found = _findings()
    assert report_fingerprints(render("json", found)) == {f.fingerprint for f in found}
    with pytest.raises(QAInputError):
        report_fingerprints("{}")
