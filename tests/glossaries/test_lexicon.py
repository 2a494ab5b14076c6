"""Lexicons: Hunspell dictionaries found on the machine, loaded once, missing ones degrade."""

from __future__ import annotations

import logging

import pytest

from mkutano.glossaries.lexicon import lexicon, missing_lexicons

_SW = lexicon("sw")
needs_sw = pytest.mark.skipif(
    _SW is None, reason="hunspell-sw is not installed (.ci/run installs it)"
)


@needs_sw
def test_swahili_dictionary_knows_inflected_words() -> None:
    assert _SW is not None
    assert _SW.knows("magerezani")
    assert _SW.knows("iliyosalia")
    assert _SW.knows("piramidi")
    assert not _SW.knows("ugaidihuleta")


@needs_sw
def test_a_dictionary_loads_once_per_process() -> None:
    assert lexicon("sw") is _SW
    assert lexicon("sw-TZ") is _SW


def test_a_missing_dictionary_is_none_and_reported_once(
    tmp_path: object, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.WARNING, logger="mkutano.glossaries.lexicon"):
        assert lexicon("xx", dirs=[str(tmp_path)]) is None
        assert lexicon("xx", dirs=[str(tmp_path)]) is None
    assert len([r for r in caplog.records if "'xx'" in r.getMessage()]) == 1
    assert "xx" in missing_lexicons()
