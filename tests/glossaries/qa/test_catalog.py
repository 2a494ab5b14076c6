"""Every check of the catalogue is documented with an example that really triggers it."""

from __future__ import annotations

import pytest

from mkutano.glossaries.qa import CHECKS, Pair, TermIndex, check_pairs, check_target_text

SINGLE = [c for c in CHECKS.values() if c.family != "consistency"]


@pytest.mark.parametrize("info", SINGLE, ids=[c.id for c in SINGLE])
def test_example_triggers_its_check(info, g7: TermIndex) -> None:  # type: ignore[no-untyped-def]
    assert info.summary
    assert info.example_target is not None
    if info.example_source:
        found = check_pairs(
            [Pair("1", info.example_source, info.example_target)],
            source_lang="it",
            target_lang="sw",
            glossary=g7,
        )
    else:
        found = check_target_text(info.example_target, target_lang="sw", glossary=g7)
    assert info.id in [f.check for f in found]


def test_every_check_has_a_family_and_an_example() -> None:
    for c in CHECKS.values():
        assert c.family in (
            "terminology",
            "consistency",
            "numbers",
            "language",
            "spelling",
            "typography",
            "tags",
        )
        assert c.example_source or c.example_target, c.id
