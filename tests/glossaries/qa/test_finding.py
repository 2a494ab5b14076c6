"""Findings: JSON shape, severities, position-independent fingerprints."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from mkutano.glossaries.qa import Finding, Severity, TextSpan, fingerprint


def _finding() -> Finding:
    return Finding(
        "glued-words", Severity.WARNING, "msg", TextSpan(3, 7), family="typography", id="7"
    )


def test_json_shape_has_the_contract_keys() -> None:
    d = _finding().with_fingerprint("src", "abcugaidixyz").as_dict()
    for key in (
        "check",
        "severity",
        "message",
        "id",
        "span",
        "source_span",
        "suggestion",
        "fingerprint",
        "lang",
    ):
        assert key in d
    assert d["span"] == {"start": 3, "end": 7}
    assert d["severity"] == "warning"


def test_severity_order() -> None:
    assert Severity.ERROR.reaches(Severity.WARNING)
    assert not Severity.INFO.reaches(Severity.WARNING)
    assert Severity.WARNING.reaches(Severity.WARNING)


@given(st.integers(min_value=0, max_value=10_000), st.text(min_size=1, max_size=30))
def test_fingerprint_does_not_depend_on_the_position_in_the_file(offset: int, target: str) -> None:
    f = Finding("x", Severity.INFO, "m", TextSpan(0, len(target))).with_fingerprint("s", target)
    assert f.shifted(offset).fingerprint == f.fingerprint
    assert f.shifted(offset).span == TextSpan(offset, offset + len(target))


def test_fingerprint_changes_with_the_flagged_text_and_ignores_spacing() -> None:
    assert fingerprint("c", "a  b", "t", "x") == fingerprint("c", "a b", "t", "x")
    assert fingerprint("c", "a b", "t", "x") != fingerprint("c", "a b", "t", "y")
