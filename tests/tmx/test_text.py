"""Plain text documents: paragraphs, segments, exact rebuild."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from mkutano.tmx.document import render
from mkutano.tmx.model import Segment
from mkutano.tmx.text import document_spans, read_text_document, text_document, write_text_document


def test_blank_lines_separate_paragraphs() -> None:
    doc = text_document("Uno. Due.\n\nTre.\n", "it")
    assert [[s.plain for s in p.segments] for p in doc.paragraphs] == [["Uno.", "Due."], ["Tre."]]


def test_translation_replaces_sources_in_place(tmp_path: Path) -> None:
    doc = text_document("Uno. Due.\n\nTre.\n", "it")
    doc.translate(lambda s: Segment.from_text(s.plain.upper()))
    out = tmp_path / "out.txt"
    write_text_document(doc, out)
    assert out.read_text(encoding="utf-8") == "UNO. DUE.\n\nTRE.\n"


def test_utf16_file_is_read(tmp_path: Path) -> None:
    f = tmp_path / "a.txt"
    f.write_bytes("Habari. Karibu.".encode("utf-16"))
    assert [s.text for s in document_spans(read_text_document(f, "sw"))] == ["Habari.", "Karibu."]


def test_sample_report_rebuilds_exactly(seed_report: Path) -> None:
    text = seed_report.read_text(encoding="utf-8")
    doc = text_document(text, "sw")
    assert render(doc, target=False) == text
    assert all(text[s.start : s.end] == s.text for s in document_spans(doc))


@given(st.text(alphabet=st.sampled_from(list("ab .?!\n\t"))))
def test_any_text_rebuilds_exactly(text: str) -> None:
    assert render(text_document(text, "en")) == text
