"""HTML documents: blocks, inline tags as TMX tags, exact rebuild with translations."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mkutano.tmx import Segment, Tag
from mkutano.tmx.html import html_document, read_html_document, render_html, write_html_document
from mkutano.tmx.inline import native_code

PAGE = """<!DOCTYPE html>
<html><head><title>Rapporto G7</title><style>p { color: red }</style></head>
<body>
<h1>Il gruppo <i>Roma/Lione</i></h1>
<p>Il <b>Dott. Rossi</b> ha aperto i lavori. Vedi <a href="https://x.it/?a=1&amp;b=2">il sito</a>.<br>
Armi &amp; droga. <b>Uno. Due.</b></p>
<script>var s = "<p>not text</p>";</script>
<ul><li>Primo</li><li>Secondo &lt;3</li></ul>
</body></html>"""


def _texts() -> list[str]:
    return [s.with_placeholders() for s in html_document(PAGE, "it").segments]


def test_blocks_become_paragraphs_and_inline_markup_tags() -> None:
    assert _texts() == [
        "Rapporto G7",
        "Il gruppo <1>Roma/Lione</1>",
        "Il <1>Dott. Rossi</1> ha aperto i lavori.",
        "Vedi <1>il sito</1>.<2/>",
        "Armi & droga.",
        "<1>Uno.",
        "Due.</1>",
        "Primo",
        "Secondo <3",
    ]


def test_inline_tags_keep_the_original_markup() -> None:
    seg = html_document(PAGE, "it").segments[3]
    codes = [native_code(t) for t in seg.tags]
    assert codes == ['<a href="https://x.it/?a=1&amp;b=2">', "</a>", "<br>"]
    assert [t.kind for t in seg.tags] == ["bpt", "ept", "ph"]


def test_a_break_inside_an_element_gives_isolated_tags() -> None:
    segs = html_document(PAGE, "it").segments
    assert [t.kind for t in segs[5].tags] == ["it"]
    assert [t.kind for t in segs[6].tags] == ["it"]


def test_scripts_and_styles_are_not_text() -> None:
    assert not any(
        "not text" in s.plain or "color" in s.plain for s in html_document(PAGE, "it").segments
    )


def test_source_rebuilds_exactly() -> None:
    assert render_html(html_document(PAGE, "it"), target=False) == PAGE


def test_translations_are_written_in_place(tmp_path: Path) -> None:
    doc = html_document(PAGE, "it")

    def translate(seg: Segment) -> Segment:
        return Segment(tuple(p.replace("a", "A") if isinstance(p, str) else p for p in seg.parts))

    doc.translate(translate)
    out = tmp_path / "out.html"
    write_html_document(doc, out)
    text = out.read_text(encoding="utf-8")
    assert (
        '<p>Il <b>Dott. Rossi</b> hA Aperto i lAvori. Vedi <a href="https://x.it/?a=1&amp;b=2">'
        in text
    )
    assert "Armi &amp; drogA. <b>Uno. Due.</b></p>" in text
    assert '<script>var s = "<p>not text</p>";</script>' in text
    again = read_html_document(out, "it")
    assert again.segments[2].tags == doc.segments[2].tags


def test_tags_are_tmx_tags() -> None:
    seg = html_document("<p>A <b>b</b> c.</p>", "en").segments[0]
    assert seg.parts[1] == Tag("bpt", "open", (("i", "1"),), "&lt;b&gt;")


_words = st.text(alphabet=st.sampled_from(list("ab .!?")), min_size=1, max_size=12)


@given(st.lists(st.tuples(st.sampled_from(["p", "li", "b", "i", "br"]), _words), max_size=8))
def test_any_simple_page_rebuilds_exactly(items: list[tuple[str, str]]) -> None:
    page = "".join(f"<{t}>{w}" if t == "br" else f"<{t}>{w}</{t}>" for t, w in items)
    assert render_html(html_document(page, "en"), target=False) == page


def test_format_handles_decide_where_tags_at_a_break_go(corpus: Path) -> None:
    from mkutano.tmx.segmenter import Segmenter

    page = "<p>One here.<br> <b>Two</b> there.</p>"
    ours = [s.with_placeholders() for s in html_document(page, "en").segments]
    assert ours == ["One here.<1/>", "<1>Two</1> there."]
    # Okapi's sample rules: isolated codes are not included in the segment before the break.
    okapi = Segmenter.from_srx(corpus / "srx" / "okapi" / "sample20.srx")
    theirs = [s.with_placeholders() for s in html_document(page, "en", segmenter=okapi).segments]
    assert theirs == ["One here.", "<1/> <2>Two</2> there."]
