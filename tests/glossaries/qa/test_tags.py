"""Inline tag checks: TMX-style tags and placeholders written in the text."""

from __future__ import annotations

from mkutano.glossaries.qa import Pair, QAContext
from mkutano.glossaries.qa.tags import check_tags
from mkutano.tmx import Segment, Tag

from .conftest import checks, run_pair

B_OPEN = Tag("bpt", "open", (("i", "1"),), "&lt;b&gt;")
B_CLOSE = Tag("ept", "close", (("i", "1"),), "&lt;/b&gt;")


def test_missing_placeholder() -> None:
    found = run_pair("<1>Roma</1> e <2/>Lione", "<1>Roma</1> na Lyon")
    assert checks(found) == ["tag-mismatch"]
    assert found[0].source_span is not None


def test_same_placeholders_in_another_order_of_words_are_fine() -> None:
    assert run_pair("<1>Roma</1> e {0}", "{0} na <1>Roma</1>") == []


def test_reordered_closing_tags() -> None:
    found = run_pair("<b><i>Roma</i></b>", "<b><i>Roma</b></i>")
    assert "tag-mismatch" in checks(found)


def test_tmx_tags_compared_on_segments() -> None:
    src = Segment(("Il ", B_OPEN, "Gruppo", B_CLOSE, " si riunisce"))
    good = Segment(("", B_OPEN, "Kundi", B_CLOSE, " linakutana"))
    bad = Segment(("Kundi linakutana",))
    ctx = QAContext("it", "sw")
    assert check_tags(Pair.from_segments("1", src, good), ctx) == []
    missing = check_tags(Pair.from_segments("1", src, bad), ctx)
    assert len(missing) == 2
    assert all(f.check == "tag-mismatch" for f in missing)
