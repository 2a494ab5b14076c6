"""The workbench's documents: an upload read into a :class:`tmx.Document`, and written back.

Text and HTML are read by their ``tmx`` readers, segmented as ``mkutano segment`` does; an
XLIFF 1.2/2.x file becomes one paragraph per unit, so analysis and suggestions treat every
format alike. The original upload is kept, so a download rebuilds the same format from it.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping
from pathlib import Path

from mkutano.tmx import (
    Document,
    Paragraph,
    Segment,
    TMXError,
    XLIFFDocument,
    html_document,
    read_xliff,
    render_html,
    text_document,
    write_xliff,
    xliff_from_document,
)
from mkutano.tmx.document import render

__all__ = ["FORMATS", "build_document", "document_bytes", "translated", "xliff_bytes"]

#: Upload formats, with the media type and file suffix of a download in the same format.
FORMATS: dict[str, tuple[str, str]] = {
    "text": ("text/plain; charset=utf-8", ".txt"),
    "html": ("text/html; charset=utf-8", ".html"),
    "xliff": ("application/x-xliff+xml", ".xlf"),
}


def _xliff(original: str) -> XLIFFDocument:
    return read_xliff(original.encode("utf-8"))


def build_document(original: str, fmt: str, lang: str, *, name: str) -> Document:
    """Read ``original`` (the uploaded text) as a document of format ``fmt`` in ``lang``.

    Raises :class:`tmx.TMXError` (or a subclass) when the upload cannot be read.
    """
    if fmt == "html":
        return html_document(original, lang, name=name)
    if fmt == "xliff":
        doc = Document(name=name, format="xliff", source_lang=lang)
        for k, unit in enumerate(_xliff(original).units):
            doc.skeleton.append(k)
            doc.paragraphs.append(Paragraph([unit.source], ["", ""], id=unit.id))
        return doc
    if fmt == "text":
        return text_document(original, lang, name=name)
    raise TMXError(f"{name}: unknown document format {fmt!r} (use text, html or xliff)")


def translated(doc: Document, targets: Mapping[int, str]) -> Document:
    """Put the targets (by segment position in the document, from 0) into ``doc``; return it."""
    for k, (p, s, _) in enumerate(doc.iter_segments()):
        if k in targets:
            doc.set_translation(p, s, Segment.from_text(targets[k]))
    return doc


def _write(xliff: XLIFFDocument, version: str | None = None) -> bytes:
    with tempfile.TemporaryDirectory(prefix="mkutano-web-") as tmp:
        path = Path(tmp) / "out.xlf"
        write_xliff(xliff, path, version=version)
        return path.read_bytes()


def document_bytes(original: str, doc: Document, target_lang: str) -> bytes:
    """The translated document in its uploaded format (sources where a segment has no target)."""
    if doc.format == "xliff":
        xliff = _xliff(original)
        for unit, para in zip(xliff.units, doc.paragraphs, strict=True):
            if para.targets[0] is not None:
                unit.target, unit.state = para.targets[0], "translated"
        for f in xliff.files:
            f.target_lang = f.target_lang or target_lang
        return _write(xliff)
    if doc.format == "html":
        return render_html(doc).encode("utf-8")
    return render(doc).encode("utf-8")


def xliff_bytes(original: str, doc: Document, target_lang: str) -> bytes:
    """The work as XLIFF 1.2 (an XLIFF upload: in its own version, with its own ids)."""
    if doc.format == "xliff":
        return document_bytes(original, doc, target_lang)
    return _write(xliff_from_document(doc, target_lang))
