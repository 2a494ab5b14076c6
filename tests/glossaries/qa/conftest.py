"""Fixtures for the QA tests: the sample G7 glossary shipped with mkutano, ready for QA."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from mkutano.glossaries import sample_concepts
from mkutano.glossaries.qa import Finding, Pair, TermIndex, check_pairs
from tests.tm.conftest import store  # noqa: F401  (a store of each backend: memory, SQLite, PostgreSQL)


@pytest.fixture(scope="session")
def g7() -> TermIndex:
    """The sample G7 Rome/Lyon glossary (glossaries/data/g7-rome-lyon.tbx) as a term index."""
    return TermIndex.from_concepts(sample_concepts())


def run_pair(
    source: str | None,
    target: str,
    *,
    src: str = "it",
    tgt: str = "sw",
    glossary: TermIndex | None = None,
) -> list[Finding]:
    """Check one pair and return its findings."""
    return check_pairs(
        [Pair("p1", source, target)], source_lang=src, target_lang=tgt, glossary=glossary
    )


def checks(findings: Sequence[Finding]) -> list[str]:
    return [f.check for f in findings]
