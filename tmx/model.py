"""The TMX data model: header, translation units, variants, segments with inline tags.

Everything a TMX file holds is kept so that a unit read and written again is the same unit:
attributes (known and unknown) as ordered ``dict[str, str]`` of the raw strings, ``prop`` and
``note`` elements in order, and inline markup as :class:`Tag` placeholders inside a
:class:`Segment`.

Inline markup: ``bpt``/``ept``/``it``/``ph``/``ut`` become one :class:`Tag` each, whose ``code``
holds the element's content (native code, possibly with ``<sub>`` elements) as XML text; ``hi``,
which wraps translatable text, becomes a pair of tags (``role`` ``"open"`` and ``"close"``) around
that text. Matching and QA see ``Segment.plain`` (text only) and ``Segment.tags``; writers put the
original markup back.

Each class pickles as a call of itself with its fields (``__reduce__``): an import sends units to
its worker processes by the thousand, and that is about three times cheaper than the default
pickling of a slotted dataclass.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

__all__ = ["Header", "Note", "Prop", "Segment", "Tag", "Unit", "Variant"]

TagKind = Literal["bpt", "ept", "it", "ph", "ut", "hi"]
TagRole = Literal["open", "close", "empty"]


@dataclass(frozen=True, slots=True)
class Tag:
    """An inline element of a segment, kept verbatim and shown as a placeholder."""

    kind: TagKind
    role: TagRole
    attrs: tuple[tuple[str, str], ...] = ()
    code: str = ""  # the element's inner XML (native code and <sub> elements); "" for hi

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Tag, (self.kind, self.role, self.attrs, self.code)

    def attr(self, name: str) -> str | None:
        for k, v in self.attrs:
            if k == name:
                return v
        return None

    @property
    def pair_id(self) -> str | None:
        """The id that pairs an opening and a closing tag (``i`` for bpt/ept), if any."""
        return self.attr("i") if self.kind in ("bpt", "ept") else self.attr("x")

    def placeholder(self, n: int) -> str:
        """A readable placeholder for position ``n``: ``<1>``, ``</1>`` or ``<1/>``."""
        if self.role == "open":
            return f"<{n}>"
        if self.role == "close":
            return f"</{n}>"
        return f"<{n}/>"


@dataclass(frozen=True, slots=True)
class Segment:
    """The content of a ``<seg>``: text runs and inline tags, in order."""

    parts: tuple[str | Tag, ...] = ()

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Segment, (self.parts,)

    @classmethod
    def from_text(cls, text: str) -> Segment:
        return cls((text,) if text else ())

    @property
    def plain(self) -> str:
        """The text without any inline tag."""
        return "".join(p for p in self.parts if isinstance(p, str))

    @property
    def tags(self) -> tuple[Tag, ...]:
        return tuple(p for p in self.parts if isinstance(p, Tag))

    def with_placeholders(self) -> str:
        """The text with each tag shown as a numbered placeholder (``<1>bold</1>``).

        Opening and closing tags that belong together share a number.
        """
        out: list[str] = []
        n = 0
        open_hi: list[int] = []  # hi nests: a closing hi belongs to the last one opened
        open_bpt: dict[str, int] = {}  # bpt/ept pair by their ``i``
        for p in self.parts:
            if isinstance(p, str):
                out.append(p)
                continue
            if p.kind == "ept" and (p.pair_id or "") in open_bpt:
                num = open_bpt.pop(p.pair_id or "")
            elif p.kind == "hi" and p.role == "close" and open_hi:
                num = open_hi.pop()
            else:
                n += 1
                num = n
                if p.kind == "hi" and p.role == "open":
                    open_hi.append(num)
                elif p.kind == "bpt":
                    open_bpt[p.pair_id or ""] = num
            out.append(p.placeholder(num))
        return "".join(out)

    def __str__(self) -> str:
        return self.with_placeholders()


@dataclass(slots=True)
class Prop:
    """A ``<prop type="...">`` element; ``attrs`` holds every attribute except ``type``."""

    type: str
    text: str
    attrs: dict[str, str] = field(default_factory=dict)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Prop, (self.type, self.text, self.attrs)


@dataclass(slots=True)
class Note:
    """A ``<note>`` element; ``attrs`` holds its attributes (``xml:lang``, ``o-encoding``)."""

    text: str
    attrs: dict[str, str] = field(default_factory=dict)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Note, (self.text, self.attrs)


@dataclass(slots=True)
class Variant:
    """A ``<tuv>``: one language's version of a unit.

    ``lang`` is the tag as written in the file (``xml:lang`` or TMX 1.1's ``lang``); ``attrs``
    holds every other attribute (creationdate, changeid, unknown ones, ...) as raw strings.
    """

    lang: str
    segment: Segment
    attrs: dict[str, str] = field(default_factory=dict)
    props: list[Prop] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Variant, (self.lang, self.segment, self.attrs, self.props, self.notes, self.line)

    @property
    def text(self) -> str:
        return self.segment.plain


@dataclass(slots=True)
class Unit:
    """A ``<tu>``: two or more variants (the same language may appear twice)."""

    variants: list[Variant] = field(default_factory=list)
    attrs: dict[str, str] = field(default_factory=dict)
    props: list[Prop] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    line: int | None = field(default=None, compare=False)

    def __reduce__(self) -> tuple[object, tuple[object, ...]]:
        return Unit, (self.variants, self.attrs, self.props, self.notes, self.line)

    @property
    def tuid(self) -> str | None:
        return self.attrs.get("tuid")

    @property
    def languages(self) -> list[str]:
        return [v.lang for v in self.variants]

    def variants_for(self, lang: str) -> Iterator[Variant]:
        """Yield the variants whose language matches ``lang`` (normalised, region-tolerant)."""
        from .lang import language_match

        for v in self.variants:
            try:
                if language_match(lang, v.lang):
                    yield v
            except ValueError:
                continue


@dataclass(slots=True)
class Header:
    """The ``<header>``: its attributes as written, its props, notes and ``<ude>`` elements.

    ``version`` is the ``version`` attribute of the root ``<tmx>`` element.
    """

    attrs: dict[str, str] = field(default_factory=dict)
    props: list[Prop] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    udes: list[str] = field(default_factory=list)  # each <ude> element as XML text
    version: str = "1.4"

    @property
    def srclang(self) -> str | None:
        return self.attrs.get("srclang")
