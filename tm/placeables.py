"""Placeables: numbers, dates, ordinals, percentages, amounts of money, acronyms, URLs, e-mail
addresses and inline tags, and their substitution into a TM target.

A placeable is a piece of a segment a translator copies rather than translates. The placeables of
the query and of the TM source are paired kind by kind, in order, when both hold as many of that
kind; each TM-source placeable the query changes is looked up in the TM target by value (numbers
compared by value, so ``1,200`` in English finds ``1.200`` in Italian; dates by the day they name,
so ``5 ottobre 2024`` finds ``tarehe 5 Oktoba 2024`` and ``October 5, 2024``) and, when it occurs
there exactly once, replaced by the query's written the target's way: numbers with the grouping and
decimal marks the TM target used, else the target language's usual ones (``1.000,5`` in Italian,
``1,000.5`` in English and Swahili); dates with the target's month names, in the order and style
the TM target wrote its date (:func:`tmx.write_date`); ordinals with the target's suffix.

A placeable that cannot be adapted unambiguously (no counterpart in the TM source, found twice or
not at all in the TM target, a date that cannot be written in the target language) is left as the
memory has it and reported: a :class:`Substitution` with ``status="kept"`` and the reason, and
:func:`kept_penalty` turns those into the named penalty ``placeables`` of the match.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Literal

from mkutano.tmx import (
    Segment,
    Tag,
    WrittenDate,
    base_language,
    read_written_date,
    write_date,
    written_date_pattern,
)

from .score import Penalty

__all__ = [
    "KEPT_POINTS",
    "Placeable",
    "Substitution",
    "find_placeables",
    "kept_penalty",
    "substitute",
]

PlaceableKind = Literal[
    "number", "date", "ordinal", "percent", "currency", "acronym", "url", "email", "tag"
]

#: Points a match loses for each placeable of the query left as the memory had it, and at most.
KEPT_POINTS = 3.0
KEPT_CAP = 9.0

_NUM = r"[-+]?\d+(?:[.,\u00a0\u202f]\d{3})*(?:[.,]\d+)?"
_NUMBER = re.compile(_NUM)
# Currency symbols, codes and words (it, en, sw) → ISO code; the first of each code is written.
_SYMBOLS = {"€": "EUR", "$": "USD", "£": "GBP"}
_CODES = ("EUR", "USD", "GBP", "KES", "TZS", "UGX", "CHF", "JPY")
_WORDS: dict[str, dict[str, str]] = {
    "it": {"EUR": "euro", "USD": "dollari", "GBP": "sterline", "KES": "scellini"},
    "en": {"EUR": "euros", "USD": "dollars", "GBP": "pounds", "KES": "shillings"},
    "sw": {"EUR": "euro", "USD": "dola", "GBP": "pauni", "KES": "shilingi"},
}
_WORD_CODE = {w: c for words in _WORDS.values() for c, w in words.items()} | {
    "euro": "EUR", "dollaro": "USD", "dollar": "USD", "pound": "GBP", "yuro": "EUR",
}  # fmt: skip
_SYM = "|".join(re.escape(k) for k in _SYMBOLS)
_CODE = "|".join(_CODES)
_WORD = "|".join(sorted(_WORD_CODE, key=lambda w: (-len(w), w)))
_CURRENCY_WORD = re.compile(rf"{_SYM}|\b(?:{_CODE})\b|(?i:\b(?:{_WORD})\b)")

# Order matters: the first alternative that matches at a position wins.
_PATTERN = re.compile(
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]])"
    r"|(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)"
    rf"|(?P<date>{written_date_pattern()}"
    r"|\b(?:\d{4}-\d{1,2}-\d{1,2}|\d{1,2}[/.]\d{1,2}[/.]\d{4})\b)"
    rf"|(?P<currency>(?:{_SYM})\s?{_NUM}|\b(?:{_CODE})\s?{_NUM}"
    rf"|(?<![\w.,]){_NUM}\s?(?:{_SYM}|(?:{_CODE})\b|(?i:(?:{_WORD})\b))"
    rf"|(?i:\b(?:dola|euro|yuro|pauni|shilingi))\s{_NUM})"
    rf"|(?P<percent>(?<![\w.,]){_NUM}(?:\s?%|\s(?:per\scent|percent|per\scento|percento)\b)"
    rf"|(?i:\basilimia)\s{_NUM})"
    r"|(?P<ordinal>(?<![\w.,])\d+(?:st|nd|rd|th)\b|(?<![\w.,])\d+[º°ª](?![CF\w]))"
    r"|(?P<number>(?<![\w.,])[-+]?\d+(?:[.,\u00a0\u202f]\d{3})*(?:[.,]\d+)?(?![\w]|[.,]\d))"
    r"|(?P<acronym>\b[A-Z][A-Z0-9]*[A-Z0-9](?:-[A-Z0-9]+)?\b)"
)
# Every alternative above but url, e-mail and acronym needs a digit in its match; a text without
# a digit is scanned with those three alone (the same matches: the others cannot match anywhere),
# and a text without even their first characters holds no placeable at all.
_NO_DIGIT_PATTERN = re.compile(
    r"(?P<url>\b(?:https?://|www\.)[^\s<>\"']+[^\s<>\"'.,;:!?)\]])"
    r"|(?P<email>\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b)"
    r"|(?P<acronym>\b[A-Z][A-Z0-9]*[A-Z0-9](?:-[A-Z0-9]+)?\b)"
)
_MAY_HOLD = re.compile(r"\d|@|https?://|www\.|[A-Z][A-Z0-9]")
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
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
    def written_date(self) -> WrittenDate | None:
        """The date a ``date`` placeable names (ISO or with a month name), else None."""
        if self.kind != "date":
            return None
        m = _ISO_DATE.fullmatch(self.text)
        if m is not None:
            try:
                return (
                    WrittenDate(int(m[2]), int(m[1]), int(m[3])) if 1 <= int(m[2]) <= 12 else None
                )
            except ValueError:
                return None
        return read_written_date(self.text)

    @property
    def amount(self) -> str:
        """The number inside an ordinal, a percentage or an amount of money."""
        m = _NUMBER.search(self.text)
        return m.group() if m else ""

    @property
    def currency(self) -> str | None:
        """The ISO code of an amount of money."""
        m = _CURRENCY_WORD.search(self.text) if self.kind == "currency" else None
        if m is None:
            return None
        w = m.group()
        return _SYMBOLS.get(w) or (w if w in _CODES else _WORD_CODE.get(w.lower()))

    @property
    def key(self) -> str:
        """What identifies it across languages: a value (number, date, amount), a tag's kind,
        else the text."""
        if self.kind in ("number", "ordinal", "percent", "currency"):
            value = _number_value(self.amount if self.kind != "number" else self.text)
            if value is None:
                return self.text
            prefix = {"number": "n", "ordinal": "n", "percent": "p"}.get(self.kind)
            return f"{prefix}:{value}" if prefix else f"c:{self.currency}:{value}"
        if self.kind == "date":
            date = self.written_date
            return f"d:{date.key}" if date is not None else self.text
        if self.kind == "tag" and self.tag is not None:
            return f"t:{self.tag.kind}:{self.tag.role}:{self.tag.code}"
        return self.text


@dataclass(frozen=True, slots=True)
class Substitution:
    """One placeable of the query: put into the TM target (``substituted``), or left as the
    memory had it (``kept``, with the reason). Inline tags (:mod:`tm.tags`) also have
    ``stripped`` (a query tag not placed) and ``removed`` (a memory tag left out)."""

    kind: str
    tm: str  # as it was in the TM target (or the TM source, when not found in the target)
    query: str  # as it is in the query
    target: str  # as written into the new target
    status: Literal["substituted", "kept", "stripped", "removed"] = "substituted"
    reason: str = ""

    def as_dict(self) -> dict[str, str]:
        out = {"kind": self.kind, "tm": self.tm, "query": self.query, "target": self.target}
        if self.status != "substituted":  # one made keeps the four keys clients know
            out |= {"status": self.status, "reason": self.reason}
        return out


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
        out.extend(Placeable(kind, text, i, a, b) for kind, text, a, b in _text_placeables(part))
    return out


@lru_cache(maxsize=4096)
def _text_placeables(text: str) -> tuple[tuple[PlaceableKind, str, int, int], ...]:
    """(kind, text, start, end) of each placeable of one text run. Cached: the query's are asked
    for once per candidate, and a memory's units recur across queries."""
    if _MAY_HOLD.search(text) is None:
        return ()
    pattern = _PATTERN if any(c.isdigit() for c in text) else _NO_DIGIT_PATTERN
    out: list[tuple[PlaceableKind, str, int, int]] = []
    for m in pattern.finditer(text):
        kind = m.lastgroup
        if kind is None:
            continue
        found = m.group(kind)
        if (
            kind == "number"
            and found.strip("-+").isdigit() is False
            and _number_value(found) is None
        ):
            continue
        out.append((kind, found, m.start(kind), m.end(kind)))  # type: ignore[arg-type]
    return tuple(out)


def with_kept_penalty(
    score: float, penalties: tuple[Penalty, ...], substitutions: Sequence[Substitution]
) -> tuple[float, tuple[Penalty, ...]]:
    """Return ``score`` and ``penalties`` lowered by :func:`kept_penalty`, if any."""
    penalty = kept_penalty(substitutions)
    if penalty is None:
        return score, penalties
    return max(0.0, round(score - penalty.points, 2)), (*penalties, penalty)


def kept_penalty(substitutions: Sequence[Substitution]) -> Penalty | None:
    """The ``placeables`` penalty for the placeables left as the memory had them, or None."""
    kept = [s for s in substitutions if s.status == "kept"]
    if not kept:
        return None
    points = min(KEPT_POINTS * len(kept), KEPT_CAP)
    what = ", ".join(s.query for s in kept)
    return Penalty("placeables", points, f"not adapted, left as in the memory: {what}")


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


def _ordinal_text(value: str, like: str, lang: str) -> str:
    """Write the ordinal ``value`` with the suffix the target's ordinal ``like`` had."""
    if base_language(lang) == "en":
        n = int(value)
        return (
            f"{n}{'th' if 10 <= n % 100 <= 20 else {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th')}"
        )
    return value + like[len(like.rstrip("º°ªstndrh")) :]


def _render(q: Placeable, s: Placeable, t: Placeable, lang: str) -> str | None:
    """The query's placeable ``q`` written where the target had ``t`` (the source's ``s``);
    None when it cannot be written unambiguously."""
    if q.kind == "date":
        value = q.written_date
        if value is None:  # 12/03/2024: day-first or month-first cannot be told
            return q.text if t.written_date is None and s.written_date is None else None
        if _ISO_DATE.fullmatch(t.text):
            if value.day is None or value.year is None or value.day_end is not None:
                return None
            return f"{value.year:04d}-{value.month:02d}-{value.day:02d}"
        return write_date(value, lang, read_written_date(t.text))
    if q.kind == "number":
        return _format_number(q.text, t.text, lang)
    if q.kind in ("ordinal", "percent", "currency"):
        number = _format_number(q.amount, t.amount if t.kind != "number" else t.text, lang)
        if t.kind == "number":
            # a bare number cannot say that the currency changed
            return number if q.kind != "currency" or q.currency == s.currency else None
        if q.kind == "ordinal":
            return _ordinal_text(number, t.text, lang)
        text = t.text.replace(t.amount, number, 1)
        if q.kind == "currency" and q.currency != t.currency:
            m = _CURRENCY_WORD.search(t.text)
            code = q.currency
            if m is None or code is None:
                return None
            old = m.group()
            if old in _SYMBOLS:
                mark = next((k for k, v in _SYMBOLS.items() if v == code), None)
            elif old in _CODES:
                mark = code
            else:
                mark = _WORDS.get(base_language(lang), {}).get(code)
            if mark is None:
                return None
            text = text[: m.start()] + mark + text[m.end() :]
        return text
    return q.text


def _corresponds(s: Placeable, t: Placeable) -> bool:
    """Whether the target's ``t`` is the source's ``s``: same kind and value, or the plain number
    an ordinal, a percentage or an amount is written as (Swahili "ya 5", "ratili 4")."""
    if t.kind == s.kind:
        return t.key == s.key
    if t.kind != "number" or s.kind not in ("ordinal", "percent", "currency"):
        return False
    value = _number_value(s.amount)
    return value is not None and t.key == f"n:{value}"


def _pairs(
    qp: Sequence[Placeable], sp: Sequence[Placeable]
) -> tuple[list[tuple[Placeable, Placeable]], list[Placeable]]:
    """Pair the query's placeables with the source's kind by kind, in order, where both hold
    as many of a kind; return the pairs and the query's unpaired placeables that differ."""
    pairs: list[tuple[Placeable, Placeable]] = []
    unpaired: list[Placeable] = []
    for kind in dict.fromkeys(p.kind for p in (*qp, *sp)):
        qs = [p for p in qp if p.kind == kind]
        ss = [p for p in sp if p.kind == kind]
        if len(qs) == len(ss):
            pairs.extend(zip(qs, ss, strict=True))
        elif kind != "tag":
            keys = Counter(p.key for p in ss)
            for p in qs:
                if keys[p.key] > 0:
                    keys[p.key] -= 1
                else:
                    unpaired.append(p)
    return pairs, unpaired


def substitute(
    query: str | Segment,
    tm_source: str | Segment,
    tm_target: str | Segment,
    *,
    target_lang: str,
) -> tuple[Segment, list[Substitution]]:
    """Put the query's placeables into the TM target where the TM source had others.

    Returns the new target and the substitutions: those made, and those that could not be
    (``status="kept"``), in the order of the query.
    """
    q_seg, s_seg, t_seg = _as_segment(query), _as_segment(tm_source), _as_segment(tm_target)
    qp, sp, tp = find_placeables(q_seg), find_placeables(s_seg), find_placeables(t_seg)
    pairs, unpaired = _pairs(qp, sp)
    kept: list[tuple[Placeable, Substitution]] = [
        (
            p,
            Substitution(
                p.kind, "", p.text, "", "kept", "no placeable of the memory's source corresponds"
            ),
        )
        for p in unpaired
    ]
    # replacements[(part index, start)] = (end, new text or tag, substitution)
    edits: dict[tuple[int, int], tuple[int, str | Tag, Substitution]] = {}
    source_keys = Counter((p.kind, p.key) for p in sp)
    for q, s in pairs:
        if q.key == s.key and q.text == s.text:
            continue
        found = [t for t in tp if _corresponds(s, t)]
        reason = ""
        if source_keys[(s.kind, s.key)] != 1:
            reason = f"{s.text or s.kind} occurs {source_keys[(s.kind, s.key)]} times in the memory's source"
        elif len(found) != 1:
            reason = f"{s.text or s.kind} is {'not' if not found else f'{len(found)} times'} in the memory's target"
        if reason:
            if s.kind != "tag":
                kept.append((q, Substitution(s.kind, s.text, q.text, s.text, "kept", reason)))
            continue
        t = found[0]
        if s.kind == "tag":
            assert q.tag is not None
            new: str | Tag = q.tag
            sub = Substitution("tag", t.tag.code if t.tag else "", q.tag.code, q.tag.code)
        else:
            text = _render(q, s, t, target_lang)
            if text is None:
                why = f"{q.text} cannot be written unambiguously in {target_lang}"
                kept.append((q, Substitution(s.kind, t.text, q.text, t.text, "kept", why)))
                continue
            new, sub = text, Substitution(s.kind, t.text, q.text, text)
        edits[(t.part, t.start)] = (t.end, new, sub)
    order = {(p.part, p.start): i for i, p in enumerate(qp)}
    kept_subs = [sub for _p, sub in sorted(kept, key=lambda x: order[(x[0].part, x[0].start)])]
    if not edits:
        return t_seg, kept_subs
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
    return Segment(tuple(parts)), subs + kept_subs
