"""Swahili word structure: verb forms, locatives and reduplications parse; glued words do not."""

from __future__ import annotations

import pytest

from mkutano.glossaries.lexicon import lexicon
from mkutano.glossaries.morphology import swahili_word

_SW = lexicon("sw")
pytestmark = pytest.mark.skipif(
    _SW is None, reason="hunspell-sw is not installed (.ci/run installs it)"
)


@pytest.mark.parametrize(
    "word",
    ["hawakuzingatia", "vileleni", "kutembeatembea", "iliyozama", "hayakutumika", "gawanyiki"],
)
def test_agglutinated_swahili_words_parse(word: str) -> None:
    # FLORES devtest words the glued-words check used to report
    assert _SW is not None
    assert swahili_word(word, _SW.knows)


@pytest.mark.parametrize("word", ["ugaidihuleta", "mtandaona", "wakajadilimasuala"])
def test_two_words_run_together_do_not_parse(word: str) -> None:
    assert _SW is not None
    assert not swahili_word(word, _SW.knows)
