"""Placeables: numbers, dates, acronyms, URLs, e-mail addresses and inline tags, and their
substitution into a TM target.

A placeable is a piece of a segment a translator copies rather than translates. When a query and a
TM source hold the same kinds of placeables in the same order, they correspond one to one; each
TM-source placeable the query changes is looked up in the TM target, and when it occurs there
exactly once (numbers compared by value, so ``1,200`` in English finds ``1.200`` in Italian) it is
replaced by the query's. Numbers are written the target's way: the grouping and decimal marks the
TM target used, else the target language's usual ones (``1.000,5`` in Italian, ``1,000.5`` in
English and Swahili). Anything ambiguous (a kind sequence that differs, a placeable found twice or
not at all in the target) is left as it was, so a substitution never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Literal

from tmx import Segment, Tag, base_language

__all__ = ["Placeable", "Substitution", "find_placeables", "substitute"]

PlaceableKind = Literal["number", "date", "acronym", "url", "email", "tag"]

# Order matters: the first alternative that matches at a position wins.
_PATTERN = re.compile(
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]])"
    r"|(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)"
    r"|(?P<date>\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})\b)"
    r"|(?P<number>(?<![\w.,])[-+]?\d+(?:[.,\u00a0\u202f]\d{3})*(?:[.,]\d+)?(?![\w]|[.,]\d))"
    r"|(?P<acronym>\b[A-Z][A-Z0-9]*[A-Z0-9](?:-[A-Z0-9]+)?\b)"
)
# Languages writing 1.000,5; the others here write 1,000.5.
_COMMA_DECIMAL = frozenset({"it", "fr", "de", "es", "pt", "nl", "ro", "tr", "ru", "pl", "cs", "da"})


@dataclass(frozen=True, slots=True)
class Placeable:
    """One placeable: its kind, text and place (index in ``Segment.parts``, character span)."""

    kind: PlaceableKind
    text: str
    part: int
    start: int = 0
    end: int = 0
    tag: Tag | None = None

    @property
    def key(self) -> str:
        """What identifies it across languages: a number's value, a tag's kind, else the text."""
        if self.kind == "number":
            value = _number_value(self.text)
            return f"n:{value}" if value is not None else self.text
        if self.kind == "tag" and self.tag is not None:
            return f"t:{self.tag.kind}:{self.tag.role}:{self.tag.code}"
        return self.text


@dataclass(frozen=True, slots=True)
class Substitution:
    """One placeable of the TM target replaced by the query's."""

    kind: str
    tm: str  # as it was in the TM target
    query: str  # as it is in the query
    target: str  # as written into the new target

    def as_dict(self) -> dict[str, str]:
        return {"kind": self.kind, "tm": self.tm, "query": self.query, "target": self.target}


def _as_segment(text: str | Segment) -> Segment:
    return text if isinstance(text, Segment) else Segment.from_text(text)


def find_placeables(segment: str | Segment) -> list[Placeable]:
    """Return the placeables of ``segment`` in order (tags included, in their places)."""
    seg = _as_segment(segment)
    out: list[Placeable] = []
    for i, part in enumerate(seg.parts):
        if isinstance(part, Tag):
            out.append(Placeable("tag", "", i, tag=part))
            continue
        for m in _PATTERN.finditer(part):
            kind = m.lastgroup
            if kind is None:
                continue
            text = m.group(kind)
            if (
                kind == "number"
                and text.strip("-+").isdigit() is False
                and _number_value(text) is None
            ):
                continue
            out.append(Placeable(kind, text, i, m.start(kind), m.end(kind)))  # type: ignore[arg-type]
    return out


def _number_value(text: str) -> Decimal | None:
    """Read a number written either way (``1,000.5`` or ``1.000,5``); None when ambiguous."""
    t = text.replace("\u00a0", "").replace("\u202f", "")
    sign = ""
    if t[:1] in "+-":
        sign, t = ("-" if t[0] == "-" else ""), t[1:]
    dots, commas = t.count("."), t.count(",")
    if dots and commas:
        dec = "." if t.rfind(".") > t.rfind(",") else ","
        grp = "," if dec == "." else "."
        whole, _, frac = t.rpartition(dec)
        t = whole.replace(grp, "") + "." + frac
    elif dots + commas == 1:
        sep = "." if dots else ","
        whole, frac = t.split(sep)
        # "1,000" and "1.000" are thousands; "1,5" and "3.14" decimals
        t = whole + frac if len(frac) == 3 and whole != "0" else whole + "." + frac
    elif dots + commas > 1:
        t = t.replace(".", "").replace(",", "")
    try:
        return Decimal(sign + t)
    except InvalidOperation:
        return None


def _number_style(text: str, lang: str) -> tuple[str, str]:
    """Return (grouping mark, decimal mark) used by ``text``, defaulting to ``lang``'s."""
    comma_decimal = base_language(lang) in _COMMA_DECIMAL
    grp, dec = (".", ",") if comma_decimal else (",", ".")
    t = text.lstrip("+-")
    for space in ("\u00a0", "\u202f"):
        if space in t:
            grp = space
    dots, commas = t.count("."), t.count(",")
    if dots and commas:
        dec = "." if t.rfind(".") > t.rfind(",") else ","
        grp = "," if dec == "." else "."
    elif dots + commas == 1:
        sep = "." if dots else ","
        frac = t.split(sep)[1]
        if len(frac) == 3 and not t.startswith("0"):
            grp = sep
            dec = "," if sep == "." else "."
        else:
            dec = sep
            whole = t.split(sep)[0]
            grp = "" if len(whole) > 3 else ("." if sep == "," else ",")
    elif dots > 1:
        grp, dec = ".", ","
    elif commas > 1:
        grp, dec = ",", "."
    elif grp not in ("\u00a0", "\u202f"):
        grp = ""  # the TM target wrote this number without grouping: keep it so
    return grp, dec


def _format_number(query_text: str, tm_target_text: str, target_lang: str) -> str:
    value = _number_value(query_text)
    if value is None:
        return query_text
    grp, dec = _number_style(tm_target_text, target_lang)
    if grp == "" and not any(c in query_text for c in ".,"):
        return query_text.lstrip("+") if not query_text.startswith("+") else query_text
    sign = "-" if value < 0 else ""
    digits = format(abs(value), "f")
    whole, _, frac = digits.partition(".")
    if grp:
        groups: list[str] = []
        while len(whole) > 3:
            groups.insert(0, whole[-3:])
            whole = whole[:-3]
        groups.insert(0, whole)
        whole = grp.join(groups)
    return sign + whole + (dec + frac if frac else "")


def substitute(
    query: str | Segment,
    tm_source: str | Segment,
    tm_target: str | Segment,
    *,
    target_lang: str,
) -> tuple[Segment, list[Substitution]]:
    """Put the query's placeables into the TM target where the TM source had others.

    Returns the new target and the substitutions made (empty when nothing corresponded).
    """
    q_seg, s_seg, t_seg = _as_segment(query), _as_segment(tm_source), _as_segment(tm_target)
    qp, sp, tp = find_placeables(q_seg), find_placeables(s_seg), find_placeables(t_seg)
    if not sp or [p.kind for p in qp] != [p.kind for p in sp]:
        return t_seg, []
    # replacements[(part index, start)] = (end, new text or tag, substitution)
    edits: dict[tuple[int, int], tuple[int, str | Tag, Substitution]] = {}
    for q, s in zip(qp, sp, strict=True):
        if q.key == s.key and q.text == s.text:
            continue
        found = [t for t in tp if t.kind == s.kind and t.key == s.key]
        if len(found) != 1 or sum(1 for p in sp if p.key == s.key) != 1:
            continue  # ambiguous: leave the target as it was
        t = found[0]
        if s.kind == "tag":
            assert q.tag is not None
            new: str | Tag = q.tag
            sub = Substitution("tag", t.tag.code if t.tag else "", q.tag.code, q.tag.code)
        elif s.kind == "number":
            text = _format_number(q.text, t.text, target_lang)
            new, sub = text, Substitution("number", t.text, q.text, text)
        else:
            new, sub = q.text, Substitution(s.kind, t.text, q.text, q.text)
        edits[(t.part, t.start)] = (t.end, new, sub)
    if not edits:
        return t_seg, []
    parts: list[str | Tag] = []
    subs: list[Substitution] = []
    for i, part in enumerate(t_seg.parts):
        if isinstance(part, Tag):
            if (i, 0) in edits:
                _end, new, sub = edits[(i, 0)]
                parts.append(new)
                subs.append(sub)
            else:
                parts.append(part)
            continue
        pieces, pos = [], 0
        for (pi, start), (end, new, sub) in sorted(edits.items()):
            if pi != i:
                continue
            pieces.append(part[pos:start])
            pieces.append(str(new))
            subs.append(sub)
            pos = end
        pieces.append(part[pos:])
        parts.append("".join(pieces))
    return Segment(tuple(parts)), subs
