"""Plain text documents: paragraphs separated by blank lines, segmented by SRX rules.

``read_text_document`` gives a :class:`tmx.document.Document` whose skeleton keeps the blank
lines, so ``write_text_document`` writes the file back byte for byte (translated where
translations were set). A byte-order mark is recognised and UTF-16 files are read; files are
written as UTF-8.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from .document import Document, render, render_segment, segment_paragraph
from .errors import TMXError
from .model import Segment
from .segmenter import Segmenter, Span

__all__ = [
    "TextFormatError",
    "document_spans",
    "read_text_document",
    "text_document",
    "write_text_document",
]

_BLANK = re.compile(r"(\r?\n[ \t]*(?:\r?\n[ \t]*)+)")


class TextFormatError(TMXError):
    """A text file cannot be read (not decodable as UTF-8/UTF-16)."""


def text_document(
    text: str, lang: str, *, name: str = "<text>", segmenter: Segmenter | None = None
) -> Document:
    """Make a document from text held in memory (see :func:`read_text_document`)."""
    doc = Document(name=name, format="text", source_lang=lang)
    for k, piece in enumerate(_BLANK.split(text)):
        if k % 2 == 1 or not piece.strip():
            doc.skeleton.append(piece)
            continue
        para = segment_paragraph(Segment.from_text(piece), lang, segmenter)
        para.id = str(len(doc.paragraphs) + 1)
        doc.skeleton.append(len(doc.paragraphs))
        doc.paragraphs.append(para)
    return doc


def read_text_document(
    path: str | os.PathLike[str], lang: str, *, segmenter: Segmenter | None = None
) -> Document:
    """Read a plain text file as paragraphs of sentences; :class:`TextFormatError` if undecodable."""
    data = Path(path).read_bytes()
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            text = data.decode("utf-16")
        else:
            text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise TextFormatError(
            f"{path}: byte {exc.start}: not UTF-8 or UTF-16 text (convert it to UTF-8)"
        ) from exc
    return text_document(text, lang, name=str(path), segmenter=segmenter)


def write_text_document(
    doc: Document, path: str | os.PathLike[str], *, target: bool = True
) -> None:
    """Write the document as UTF-8 text, translated segments in place of the sources."""
    Path(path).write_text(render(doc, target=target), encoding="utf-8", newline="")


def document_spans(doc: Document) -> list[Span]:
    """The source segments of a text document with their offsets in the text it was read from."""
    spans: list[Span] = []
    pos = 0
    for piece in doc.skeleton:
        if isinstance(piece, str):
            pos += len(piece)
            continue
        para = doc.paragraphs[piece]
        pos += len(para.gaps[0])
        for k, seg in enumerate(para.segments):
            text = render_segment(seg)
            spans.append(Span(text, pos, pos + len(text)))
            pos += len(text) + len(para.gaps[k + 1])
    return spans
