"""HTML documents: block elements become paragraphs, inline markup becomes TMX inline tags.

Text inside block elements (``p``, ``h1``-``h6``, ``li``, ``td``, ``div``, ``title``...) is a
paragraph, split into sentences by the SRX rules. Inline elements inside it (``b``, ``i``, ``a
href``, ``span``, ``em``, ``strong``, ``br``, ``img``...) become :class:`tmx.Tag` placeholders:
``bpt``/``ept`` pairs for an element that opens and closes in the same segment, ``it`` for one
whose other half is in another segment, ``ph`` for empty elements; each tag's ``code`` is the
original markup (escaped, as in TMX). Everything else (the head, scripts, styles, comments, the
markup between blocks) is kept verbatim in the skeleton, so the page is rebuilt exactly, with
translated segments in place. Character references in text are decoded when read and written
back escaped (``&eacute;`` comes back as ``é``; ``&amp;``, ``&lt;``, ``&gt;`` stay escaped).

Attribute text (``title``, ``alt``) is not extracted for translation.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from .document import Document, isolate_unpaired, render, segment_paragraph
from .errors import TMXError
from .model import Segment, Tag
from .segmenter import Segmenter

__all__ = [
    "HTMLFormatError",
    "html_document",
    "read_html_document",
    "render_html",
    "write_html_document",
]

_INLINE = {
    "a", "abbr", "b", "bdi", "bdo", "big", "br", "cite", "code", "del", "dfn", "em", "font", "i",
    "img", "ins", "kbd", "label", "mark", "q", "s", "samp", "small", "span", "strike", "strong",
    "sub", "sup", "tt", "u", "var", "wbr",
}  # fmt: skip
_VOID = {"br", "img", "wbr", "hr", "input", "meta", "link", "area", "base", "col", "embed"}
_RAW_TEXT = {"script", "style", "textarea"}
_TOKEN = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?>"
    r"|<(/?)([A-Za-z][A-Za-z0-9:-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>",
    re.DOTALL,
)


class HTMLFormatError(TMXError):
    """An HTML file cannot be read (not decodable)."""


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def html_document(
    text: str, lang: str, *, name: str = "<html>", segmenter: Segmenter | None = None
) -> Document:
    """Make a document from HTML held in memory (see the module documentation)."""
    doc = Document(name=name, format="html", source_lang=lang)
    buffer: list[str | Tag] = []
    raw: list[str] = []  # the original text of what is in the buffer
    stack: list[tuple[str, str]] = []  # open inline elements: (name, pair id)
    counter = 0

    def flush() -> None:
        nonlocal counter
        if any(isinstance(p, str) and p.strip() for p in buffer):
            para = segment_paragraph(Segment(tuple(isolate_unpaired(buffer))), lang, segmenter)
            para.id = str(len(doc.paragraphs) + 1)
            doc.skeleton.append(len(doc.paragraphs))
            doc.paragraphs.append(para)
        elif raw:
            doc.skeleton.append("".join(raw))
        buffer.clear()
        raw.clear()
        stack.clear()
        counter = 0

    pos = 0
    n = len(text)
    while pos < n:
        m = _TOKEN.search(text, pos)
        end_text = m.start() if m else n
        if end_text > pos:
            chunk = text[pos:end_text]
            buffer.append(html.unescape(chunk))
            raw.append(chunk)
        if not m:
            break
        token = m.group(0)
        closing, tag_name = m.group(1), (m.group(2) or "").lower()
        pos = m.end()
        if not tag_name or tag_name not in _INLINE:
            flush()
            doc.skeleton.append(token)
            if tag_name in _RAW_TEXT and not closing:
                close = re.search(rf"</{tag_name}\s*>", text[pos:], re.IGNORECASE)
                stop = pos + close.start() if close else n
                doc.skeleton.append(text[pos:stop])
                pos = stop
            continue
        raw.append(token)
        code = _escape(token)
        counter += 1
        if tag_name in _VOID or token.endswith("/>"):
            buffer.append(Tag("ph", "empty", (("x", str(counter)),), code))
        elif not closing:
            stack.append((tag_name, str(counter)))
            buffer.append(Tag("bpt", "open", (("i", str(counter)),), code))
        else:
            opened = next(
                (k for k in range(len(stack) - 1, -1, -1) if stack[k][0] == tag_name), None
            )
            if opened is None:
                buffer.append(Tag("it", "close", (("pos", "end"), ("x", str(counter))), code))
            else:
                pair = stack.pop(opened)[1]
                buffer.append(Tag("ept", "close", (("i", pair),), code))
    flush()
    return doc


def read_html_document(
    path: str | os.PathLike[str], lang: str, *, segmenter: Segmenter | None = None
) -> Document:
    """Read an HTML file (UTF-8, or the charset its ``<meta>`` names) as a document."""
    data = Path(path).read_bytes()
    charset = re.search(rb"<meta[^>]+charset=[\"']?([A-Za-z0-9_-]+)", data[:4096], re.IGNORECASE)
    encoding = charset.group(1).decode("ascii") if charset else "utf-8"
    try:
        text = data.decode("utf-8-sig" if encoding.lower() in ("utf-8", "utf8") else encoding)
    except (UnicodeDecodeError, LookupError) as exc:
        raise HTMLFormatError(
            f"{path}: cannot decode as {encoding} ({exc}); save the page as UTF-8"
        ) from exc
    return html_document(text, lang, name=str(path), segmenter=segmenter)


def render_html(doc: Document, *, target: bool = True) -> str:
    """The page rebuilt, with translations in place of the source segments when ``target``."""
    return render(doc, target=target, escape=_escape)


def write_html_document(
    doc: Document, path: str | os.PathLike[str], *, target: bool = True
) -> None:
    """Write the rebuilt page as UTF-8."""
    Path(path).write_text(render_html(doc, target=target), encoding="utf-8", newline="")
