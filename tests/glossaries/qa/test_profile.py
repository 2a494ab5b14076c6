"""Profiles: disabling checks, severities, custom regex rules, suppressions; TOML/JSON files."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkutano.glossaries.qa import (
    Pair,
    Profile,
    ProfileError,
    RegexRule,
    Severity,
    check_pairs,
    check_target_text,
    load_profile,
)

TEXT = "Kundi  la Jeshi la Polisi lilikutana wa wa mjini."


def test_disable_a_check_and_a_family() -> None:
    base = {f.check for f in check_target_text(TEXT, target_lang="sw")}
    assert {"double-space", "repeated-word"} <= base
    p = Profile(disabled={"double-space"})
    assert "double-space" not in {
        f.check for f in check_target_text(TEXT, target_lang="sw", profile=p)
    }
    p = Profile(disabled={"typography"})
    assert not {f.check for f in check_target_text(TEXT, target_lang="sw", profile=p)} & base


def test_severity_override() -> None:
    p = Profile(severities={"double-space": Severity.ERROR})
    f = next(
        f for f in check_target_text(TEXT, target_lang="sw", profile=p) if f.check == "double-space"
    )
    assert f.severity is Severity.ERROR


def test_custom_regex_rule() -> None:
    rule = RegexRule(
        "no-jeshi",
        re.compile(r"\bJeshi la Polisi\b"),
        "use 'vyombo vya polisi'",
        Severity.ERROR,
        "vyombo vya polisi",
    )
    found = check_target_text(TEXT, target_lang="sw", profile=Profile(rules=[rule]))
    hit = next(f for f in found if f.check == "custom:no-jeshi")
    assert TEXT[hit.span.start : hit.span.end] == "Jeshi la Polisi"
    assert hit.severity is Severity.ERROR
    assert hit.family == "custom"
    other_lang = RegexRule("x", re.compile("Jeshi"), "m", lang="it")
    assert not [
        f
        for f in check_target_text(TEXT, target_lang="sw", profile=Profile(rules=[other_lang]))
        if f.check == "custom:x"
    ]


def test_suppression_by_fingerprint_records_who_and_why() -> None:
    pairs = [Pair("1", None, TEXT)]
    found = check_pairs(pairs, source_lang="it", target_lang="sw")
    target = next(f for f in found if f.check == "double-space")
    p = Profile()
    p.suppress(target.fingerprint, "amina", "house style allows it")
    again = check_pairs(pairs, source_lang="it", target_lang="sw", profile=p)
    assert target.fingerprint not in {f.fingerprint for f in again}
    kept = check_pairs(pairs, source_lang="it", target_lang="sw", profile=p, keep_suppressed=True)
    s = next(f for f in kept if f.fingerprint == target.fingerprint)
    assert s.suppressed_by == "amina: house style allows it"
    with pytest.raises(ProfileError):
        p.suppress("abc", "", "no one")


def test_load_toml_profile(tmp_path: Path) -> None:
    path = tmp_path / "qa.toml"
    path.write_text(
        '[checks]\ndisable = ["length-ratio", "tags"]\n[checks.severity]\n"glued-words" = "error"\n'
        '[language]\nallow = ["Fentanyl"]\n'
        '[[rules]]\nname = "ecc"\npattern = "\\\\becc\\\\b"\nmessage = "write eccetera"\nignore_case = true\n'
        '[[suppressions]]\nfingerprint = "0123456789abcdef"\nwho = "luca"\nwhy = "ok"\n',
        encoding="utf-8",
    )
    p = load_profile(path)
    assert p.disabled == {"length-ratio", "tags"}
    assert p.severities["glued-words"] is Severity.ERROR
    assert p.rules[0].pattern.flags & re.IGNORECASE
    assert p.allowed_words == {"fentanyl"}
    assert p.suppressions["0123456789abcdef"].who == "luca"
    assert not p.enabled("tag-mismatch")


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ('[checks]\ndisable = ["no-such-check"]\n', "unknown check or family 'no-such-check'"),
        ('[[rules]]\nname = "x"\npattern = "("\n', "bad regular expression"),
        ('[checks.severity]\n"glued-words" = "fatal"\n', "not one of error, warning, info"),
        ('[[suppressions]]\nfingerprint = "x"\n', "needs 'fingerprint', 'who' and 'why'"),
        ("not = [toml", "not valid TOML"),
    ],
)
def test_bad_profiles_name_file_and_reason(tmp_path: Path, content: str, fragment: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ProfileError, match=re.escape(fragment)) as err:
        load_profile(path)
    assert str(path) in str(err.value)


@given(
    st.sets(st.sampled_from(["double-space", "glued-words", "typography", "tags"])),
    st.dictionaries(
        st.sampled_from(["term-missing", "length-ratio"]), st.sampled_from(list(Severity))
    ),
    st.lists(
        st.tuples(
            st.from_regex(r"[0-9a-f]{16}", fullmatch=True),
            st.text(min_size=1).filter(str.strip),
            st.text(min_size=1).filter(str.strip),
        ),
        max_size=3,
    ),
)
def test_profile_json_round_trip(
    disabled: set[str], sev: dict[str, Severity], sup: list[tuple[str, str, str]]
) -> None:
    p = Profile(disabled=set(disabled), severities=dict(sev))
    for fp, who, why in sup:
        p.suppress(fp, who, why)
    p.rules.append(RegexRule("r", re.compile("x+", re.IGNORECASE), "m", Severity.INFO, "y", "sw"))
    back = Profile.from_dict(p.to_dict())
    assert back.to_dict() == p.to_dict()


@pytest.mark.parametrize("suffix", [".toml", ".json"])
def test_record_suppression_in_a_profile_file(tmp_path: Path, suffix: str) -> None:
    from mkutano.glossaries.qa import record_suppression

    path = tmp_path / f"qa{suffix}"
    if suffix == ".toml":
        path.write_text('# project rules\n[checks]\ndisable = ["length-ratio"]\n', encoding="utf-8")
    record_suppression(path, "0123456789abcdef", "amina", 'a "quoted" reason, naïve')
    record_suppression(path, "fedcba9876543210", "luca", "second")
    p = load_profile(path)
    assert p.suppressions["0123456789abcdef"].why == 'a "quoted" reason, naïve'
    assert set(p.suppressions) == {"0123456789abcdef", "fedcba9876543210"}
    if suffix == ".toml":
        assert path.read_text(encoding="utf-8").startswith("# project rules")
        assert p.disabled == {"length-ratio"}
    with pytest.raises(ProfileError, match="not a finding fingerprint"):
        record_suppression(path, "xyz", "a", "b")


def test_a_fingerprint_not_in_the_report_is_rejected(tmp_path: Path) -> None:
    from mkutano.glossaries.qa import record_suppression

    path = tmp_path / "qa.toml"
    with pytest.raises(ProfileError, match="no finding of the report"):
        record_suppression(path, "0123456789abcdef", "amina", "ok", known={"fedcba9876543210"})
    assert not path.exists()
    record_suppression(path, "fedcba9876543210", "amina", "ok", known={"fedcba9876543210"})
    assert "fedcba9876543210" in load_profile(path).suppressions
