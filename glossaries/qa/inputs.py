"""Reading what QA checks: pairs as JSON lines, TMX, XLIFF, and documents (plain text or HTML).

Documents are read into a :class:`DocumentText`: the text the checks see plus, for HTML, the
offset in the file of each of its characters, so findings can point into the file itself
(:meth:`DocumentText.file_span`). HTML is read without any parser that could fetch or expand
anything: tags are dropped (block elements become paragraph breaks), character references are
decoded, ``script``/``style`` contents are skipped.
"""

from __future__ import annotations

import html
import json
import os
import re
from dataclasses import dataclass, replace
from pathlib import Path

from mkutano.tmx import TMXError
from mkutano.tmx.reader import read_tmx
from mkutano.tmx.xliff import read_xliff

from .errors import QAInputError
from .finding import Finding, TextSpan
from .pair import Pair

__all__ = [
    "DocumentText",
    "pairs_from_tmx",
    "pairs_from_xliff",
    "read_document",
    "read_pairs_jsonl",
    "remap_findings",
]


def _decode(path: Path) -> str:
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise QAInputError(f"{path}: cannot read: {exc.strerror or exc}") from None
    try:
        if data.startswith((b"\xff\xfe", b"\xfe\xff")):
            return data.decode("utf-16")
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise QAInputError(
            f"{path}: byte {exc.start}: not UTF-8 or UTF-16 text (convert it to UTF-8)"
        ) from None


def read_pairs_jsonl(path: str | os.PathLike[str]) -> list[Pair]:
    """Read ``{"id": ..., "source": ..., "target": ...}`` lines (blank lines are skipped)."""
    p = Path(path)
    pairs: list[Pair] = []
    for n, line in enumerate(_decode(p).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except ValueError as exc:
            raise QAInputError(f"{p}:{n}: not a JSON object: {exc}") from None
        if not isinstance(obj, dict) or not isinstance(obj.get("target"), str):
            raise QAInputError(
                f'{p}:{n}: expected {{"id", "source", "target"}} with a string target'
            )
        source = obj.get("source")
        if source is not None and not isinstance(source, str):
            raise QAInputError(f"{p}:{n}: 'source' must be a string")
        ident = obj.get("id")
        pairs.append(Pair(str(ident) if ident is not None else str(n), source, obj["target"]))
    return pairs


def pairs_from_tmx(path: str | os.PathLike[str], source_lang: str, target_lang: str) -> list[Pair]:
    """The pairs of a TMX file for two languages (units lacking either are skipped)."""
    pairs: list[Pair] = []
    try:
        with read_tmx(path) as doc:
            for n, unit in enumerate(doc, start=1):
                src = next(unit.variants_for(source_lang), None)
                tgt = next(unit.variants_for(target_lang), None)
                if src is None or tgt is None:
                    continue
                pairs.append(Pair.from_segments(unit.tuid or str(n), src.segment, tgt.segment))
    except TMXError as exc:
        raise QAInputError(str(exc)) from None
    return pairs


def pairs_from_xliff(path: str | os.PathLike[str]) -> tuple[list[Pair], str, str | None]:
    """The pairs of an XLIFF 1.2/2.x file, with its source and target languages."""
    try:
        doc = read_xliff(path, strict=False)
    except TMXError as exc:
        raise QAInputError(str(exc)) from None
    if not doc.files:
        raise QAInputError(f"{path}: no <file> element")
    pairs = [
        Pair.from_segments(u.id, u.source, u.target)
        for f in doc.files
        for u in f.units
        if u.target is not None
    ]
    return pairs, doc.files[0].source_lang, doc.files[0].target_lang


@dataclass
class DocumentText:
    """A document's checkable text; ``offsets[i]`` is the file offset of ``text[i]`` (HTML)."""

    path: str
    text: str
    file_text: str
    offsets: list[int] | None = None

    def file_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of :attr:`text` to the same characters in the file."""
        if self.offsets is None:
            return start, end
        n = len(self.offsets)
        s = self.offsets[start] if start < n else len(self.file_text)
        if end <= start:
            return s, s
        e = self.offsets[end - 1] + 1 if end - 1 < n else len(self.file_text)
        return s, e


_TAG = re.compile(
    r"<!--.*?-->|<!\[CDATA\[.*?\]\]>|<![^>]*>|<\?.*?\?>|</?([a-zA-Z][\w:-]*)[^>]*>", re.S
)
_ENTITY = re.compile(r"&(?:#\d+|#[xX][0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
_BLOCK = frozenset(
    [
        "p",
        "div",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "li",
        "ul",
        "ol",
        "table",
        "tr",
        "td",
        "th",
        "br",
        "hr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "title",
        "body",
        "head",
        "html",
        "nav",
        "aside",
        "dl",
        "dt",
        "dd",
        "figure",
        "figcaption",
        "main",
    ]
)
_SKIP = frozenset({"script", "style"})


def _html_text(src: str) -> tuple[str, list[int]]:
    out: list[str] = []
    offsets: list[int] = []
    pos = 0
    skipping: str | None = None

    def emit_text(chunk: str, base: int) -> None:
        i = 0
        for m in _ENTITY.finditer(chunk):
            for k in range(i, m.start()):
                out.append(chunk[k])
                offsets.append(base + k)
            decoded = html.unescape(m.group())
            for ch in decoded:
                out.append(ch)
                offsets.append(base + m.start())
            i = m.end()
        for k in range(i, len(chunk)):
            out.append(chunk[k])
            offsets.append(base + k)

    for m in _TAG.finditer(src):
        if skipping is None:
            emit_text(src[pos : m.start()], pos)
        name = (m.group(1) or "").lower()
        closing = m.group().startswith("</")
        if skipping is not None:
            if closing and name == skipping:
                skipping = None
        elif name in _SKIP and not closing and not m.group().endswith("/>"):
            skipping = name
        elif name in _BLOCK:
            for ch in "\n\n":
                out.append(ch)
                offsets.append(m.start())
        pos = m.end()
    if skipping is None:
        emit_text(src[pos:], pos)
    return "".join(out), offsets


def read_document(path: str | os.PathLike[str]) -> DocumentText:
    """Read a plain text or HTML (``.html``/``.htm``/``.xhtml``) document for QA."""
    p = Path(path)
    raw = _decode(p)
    if p.suffix.lower() in (".html", ".htm", ".xhtml"):
        text, offsets = _html_text(raw)
        return DocumentText(str(p), text, raw, offsets)
    return DocumentText(str(p), raw, raw)


def remap_findings(
    findings: list[Finding], doc: DocumentText, source_doc: DocumentText | None = None
) -> list[Finding]:
    """Findings with their spans moved from the documents' texts to their files."""
    out = []
    for f in findings:
        span = TextSpan(*doc.file_span(f.span.start, f.span.end))
        src = f.source_span
        if src is not None and source_doc is not None:
            src = TextSpan(*source_doc.file_span(src.start, src.end))
        out.append(replace(f, span=span, source_span=src))
    return out
