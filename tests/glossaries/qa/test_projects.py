"""QA profiles and suppressions per project in the database (SQLite and PostgreSQL)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from mkutano.glossaries.qa import Pair, ProfileError, TermIndex, check_pairs
from mkutano.glossaries.qa.projects import QAProjects, UnknownFingerprint
from mkutano.tm.db import Database

BAD = Pair(
    "1", "La lotta contro la criminalità informatica.", "Mapambano dhidi ya it-brottslighet."
)


@pytest.fixture(params=["sqlite", "postgres"])
def projects(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[QAProjects]:
    url = (
        str(tmp_path / "qa.db") if request.param == "sqlite" else request.getfixturevalue("pg_url")
    )
    db = Database(url)
    try:
        yield QAProjects(db)
    finally:
        db.close()


def _check(projects: QAProjects, project: str, g7: TermIndex) -> list[str]:
    found = check_pairs(
        [BAD],
        source_lang="it",
        target_lang="sw",
        glossary=g7,
        profile=projects.profile(project),
    )
    projects.record(project, found)
    return [f.fingerprint for f in found if f.check == "term-forbidden"]


def test_a_known_finding_is_suppressed_with_who_why_and_when(
    projects: QAProjects, g7: TermIndex
) -> None:
    [fp] = _check(projects, "cms", g7)
    s = projects.suppress("cms", fp, who="amina", why="quoted from the source")
    assert (s["who"], s["why"], s["check"]) == ("amina", "quoted from the source", "term-forbidden")
    assert s["created_at"].startswith("20")
    assert _check(projects, "cms", g7) == []  # left out now
    assert _check(projects, "other", g7) == [fp]  # per project
    assert projects.unsuppress("cms", fp)
    assert not projects.unsuppress("cms", fp)
    assert _check(projects, "cms", g7) == [fp]


def test_unknown_or_malformed_fingerprints_are_refused_naming_them(
    projects: QAProjects, g7: TermIndex
) -> None:
    [fp] = _check(projects, "cms", g7)
    typo = fp[:-1] + ("0" if fp[-1] != "0" else "1")
    with pytest.raises(UnknownFingerprint, match=typo) as err:
        projects.suppress("cms", typo, who="amina", why="x")
    assert err.value.fingerprint == typo
    with pytest.raises(UnknownFingerprint, match="not a finding fingerprint"):
        projects.suppress("cms", "5b551e21", who="amina", why="x")
    with pytest.raises(UnknownFingerprint):  # known in another project only
        projects.suppress("elsewhere", fp, who="amina", why="x")
    assert projects.suppressions("cms") == []


def test_a_profile_is_stored_with_who_and_validated(projects: QAProjects, g7: TermIndex) -> None:
    assert projects.profile_info("cms")["updated_by"] is None
    info = projects.put_profile("cms", {"checks": {"disable": ["terminology"]}}, who="cms-admin")
    assert info["updated_by"] == "cms-admin"
    assert info["profile"]["checks"]["disable"] == ["terminology"]
    assert _check(projects, "cms", g7) == []  # terminology disabled for the project
    with pytest.raises(ProfileError, match="unknown check or family 'spelling-typo'"):
        projects.put_profile("cms", {"checks": {"disable": ["spelling-typo"]}}, who="x")
    with pytest.raises(ProfileError, match="one by one"):
        projects.put_profile(
            "cms", {"suppressions": [{"fingerprint": "0" * 16, "who": "a", "why": "b"}]}, who="x"
        )
    assert projects.profile("cms").disabled == {"terminology"}  # the bad ones changed nothing
