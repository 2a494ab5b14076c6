"""A translatable document: paragraphs split into segments, and a skeleton to rebuild the original.

Readers of document formats (:mod:`tmx.text`, :mod:`tmx.html`) produce a :class:`Document`:

- ``skeleton`` is the original file cut into literal pieces (markup, blank lines: ``str``) and
  paragraph slots (``int``, the index of a paragraph);
- each :class:`Paragraph` holds its content as segments (:class:`tmx.Segment`, with inline
  markup as :class:`tmx.Tag` placeholders whose ``code`` is the native markup as XML text, as in
  TMX), the white space around and between them (``gaps``), and a translation slot per segment.

``render(doc, target=True)`` rebuilds the file with the translations (the source where a segment
has none), so the original layout and markup survive a round trip exactly.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from .inline import native_code
from .model import Segment, Tag
from .segmenter import Segmenter, default_segmenter

__all__ = [
    "Document",
    "Paragraph",
    "isolate_unpaired",
    "render",
    "render_paragraph",
    "render_segment",
    "segment_paragraph",
]


@dataclass
class Paragraph:
    """A block of text: its segments, the white space between them, their translations."""

    segments: list[Segment]
    gaps: list[str]  # len(segments) + 1: before the first, between each, after the last
    targets: list[Segment | None] = field(default_factory=list)
    id: str = ""

    def __post_init__(self) -> None:
        if len(self.gaps) != len(self.segments) + 1:
            raise ValueError("a paragraph needs one gap more than it has segments")
        if not self.targets:
            self.targets = [None] * len(self.segments)


@dataclass
class Document:
    """A document read from a file: skeleton pieces and paragraph slots, then the paragraphs."""

    name: str
    format: str  # "text", "html"
    source_lang: str
    skeleton: list[str | int] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    target_lang: str | None = None

    def iter_segments(self) -> Iterator[tuple[int, int, Segment]]:
        """Yield ``(paragraph index, segment index, segment)`` in document order."""
        for p, para in enumerate(self.paragraphs):
            for s, seg in enumerate(para.segments):
                yield p, s, seg

    @property
    def segments(self) -> list[Segment]:
        return [seg for _, _, seg in self.iter_segments()]

    def set_translation(self, paragraph: int, segment: int, target: Segment) -> None:
        self.paragraphs[paragraph].targets[segment] = target

    def translate(self, fn: Callable[[Segment], Segment | None]) -> None:
        """Fill every segment's translation with ``fn(source)`` (``None`` keeps it empty)."""
        for p, s, seg in self.iter_segments():
            self.paragraphs[p].targets[s] = fn(seg)


def render_segment(segment: Segment, *, escape: Callable[[str], str] | None = None) -> str:
    """The segment in its native form: text (escaped by ``escape``) and each tag's native code."""
    out: list[str] = []
    for part in segment.parts:
        if isinstance(part, Tag):
            out.append(native_code(part))
        else:
            out.append(escape(part) if escape else part)
    return "".join(out)


def render_paragraph(
    para: Paragraph, *, target: bool, escape: Callable[[str], str] | None = None
) -> str:
    out = [para.gaps[0]]
    for k, seg in enumerate(para.segments):
        chosen = para.targets[k] if target and para.targets[k] is not None else seg
        assert chosen is not None
        out.append(render_segment(chosen, escape=escape))
        out.append(para.gaps[k + 1])
    return "".join(out)


def render(
    doc: Document, *, target: bool = True, escape: Callable[[str], str] | None = None
) -> str:
    """Rebuild the document's text, with translations when ``target`` (source elsewhere)."""
    out: list[str] = []
    for piece in doc.skeleton:
        if isinstance(piece, int):
            out.append(render_paragraph(doc.paragraphs[piece], target=target, escape=escape))
        else:
            out.append(piece)
    return "".join(out)


def segment_paragraph(content: Segment, lang: str, segmenter: Segmenter | None = None) -> Paragraph:
    """Split a paragraph's content into sentence segments by the SRX rules.

    Breaks are found in the plain text; a tag at a break goes with the sentence before it or
    after it as the SRX ``<formathandle>`` elements say (mkutano's rules: closing and empty tags
    before, opening tags after). White space at a break goes to the paragraph's gaps, so
    ``render`` gives the content back unchanged.
    """
    seg = segmenter or default_segmenter()
    include = seg.rules.format_handles
    handle = {"open": "start", "close": "end", "empty": "isolated"}
    plain = content.plain
    breaks = set(seg.breaks(plain, lang))
    # Walk the parts, cutting text runs at the break offsets.
    pieces: list[list[str | Tag]] = [[]]
    pos = 0
    for part in content.parts:
        if isinstance(part, Tag):
            if pos in breaks and not include[handle[part.role]] and _has_text(pieces[-1]):
                pieces.append([])
                breaks.discard(pos)
            pieces[-1].append(part)
            continue
        start = 0
        for k in range(len(part)):
            if pos + k in breaks and (k > 0 or _has_text(pieces[-1])):
                pieces[-1].append(part[start:k])
                pieces.append([])
                start = k
        pieces[-1].append(part[start:])
        pos += len(part)
    segments: list[Segment] = []
    gaps: list[str] = [""]
    for piece in pieces:
        lead, body, trail = _strip(piece)
        if not _has_text(body) and not any(isinstance(x, Tag) for x in body):
            gaps[-1] += lead + trail
            continue
        gaps[-1] += lead
        segments.append(Segment(tuple(isolate_unpaired(body))))
        gaps.append(trail)
    return Paragraph(segments, gaps)


def _has_text(parts: list[str | Tag]) -> bool:
    return any(isinstance(p, str) and p.strip() for p in parts)


def _strip(parts: list[str | Tag]) -> tuple[str, list[str | Tag], str]:
    """Take leading and trailing white space off a run of parts."""
    body = [p for p in parts if not (isinstance(p, str) and p == "")]
    lead = trail = ""
    if body and isinstance(body[0], str):
        s = body[0]
        lead = s[: len(s) - len(s.lstrip())]
        body[0] = s.lstrip()
    if body and isinstance(body[-1], str):
        s = body[-1]
        stripped = s.rstrip()
        trail = s[len(stripped) :]
        body[-1] = stripped
    return lead, [p for p in body if p != ""], trail


def isolate_unpaired(parts: list[str | Tag]) -> list[str | Tag]:
    """Turn a ``bpt`` whose ``ept`` is not in ``parts`` into an isolated ``it`` (and the reverse).

    Needed when a sentence break falls inside an inline element (``<b>One. Two.</b>``).
    """
    opened = {p.pair_id for p in parts if isinstance(p, Tag) and p.kind == "bpt"}
    closed = {p.pair_id for p in parts if isinstance(p, Tag) and p.kind == "ept"}
    out: list[str | Tag] = []
    for p in parts:
        if isinstance(p, Tag) and p.kind == "bpt" and p.pair_id not in closed:
            p = Tag("it", "open", (("pos", "begin"), ("x", p.pair_id or "")), p.code)
        elif isinstance(p, Tag) and p.kind == "ept" and p.pair_id not in opened:
            p = Tag("it", "close", (("pos", "end"), ("x", p.pair_id or "")), p.code)
        out.append(p)
    return out
