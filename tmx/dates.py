"""Dates: TMX attribute dates, and dates written in running text with month names.

TMX attribute dates: the basic format ``YYYYMMDDThhmmssZ`` and the ISO 8601 forms real tools write.

TMX 1.4b requires ``20100101T010101Z`` (UTC). Tools also write ``2010-01-01T00:00:00``,
``2010-01-01T00:00:00Z``, ``2010-01-01 00:00:00+02:00``, fractional seconds, dates without a
time, or the basic format without the ``Z``. A time without a zone is taken as UTC. Readers keep
the attribute string as written; :func:`parse_date` tells whether it is a real date.

Written dates (:func:`read_written_date`, :func:`write_date`): a day, a day range or none, a month
name or abbreviation, and a year or none, in the orders Italian, English and Swahili write them
(``5 novembre 2025``, ``5-7 nov. 2025``, ``November 5, 2025``, ``4th July 1776``, ``tarehe 5
Novemba 2025``, ``Agosti 15 1940``, ``ottobre 2024``). Month names of the three languages are
recognised whatever the segment's language; a date is written in a language's conventions, in the
order, abbreviation and ordinal style of an example when one is given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone
from typing import Literal

__all__ = [
    "WrittenDate",
    "format_date",
    "parse_date",
    "read_written_date",
    "write_date",
    "written_date_pattern",
]

_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_ANY = re.compile(
    r"""
    (\d{4})-?(\d{2})-?(\d{2})                       # date, basic or extended
    (?:[T\x20](\d{2}):?(\d{2})(?::?(\d{2}))?        # time, seconds optional
       (?:[.,](\d{1,9}))?                           # fraction
    )?
    (Z|[+-]\d{2}(?::?\d{2})?)?                      # zone
    """,
    re.VERBOSE,
)


def parse_date(value: str) -> datetime | None:
    """Return the UTC datetime ``value`` names, or None when it is not a possible date.

    >>> parse_date("20100101T010101Z")
    datetime.datetime(2010, 1, 1, 1, 1, 1, tzinfo=datetime.timezone.utc)
    >>> parse_date("20101345T000000Z") is None
    True
    """
    text = value.strip()
    m = _BASIC.fullmatch(text)
    try:
        if m is not None:
            y, mo, d, h, mi, s = map(int, m.groups())
            return datetime(y, mo, d, h, mi, s, tzinfo=UTC)
        m = _ANY.fullmatch(text)
        if m is None:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        h = int(m.group(4) or 0)
        mi = int(m.group(5) or 0)
        s = int(m.group(6) or 0)
        frac = m.group(7) or ""
        micro = int((frac + "000000")[:6]) if frac else 0
        if h == 24 and mi == 0 and s == 0 and micro == 0:  # ISO's end-of-day midnight
            base = datetime(y, mo, d, tzinfo=UTC) + timedelta(days=1)
        else:
            base = datetime(y, mo, d, h, mi, s, micro, tzinfo=UTC)
        zone = m.group(8)
        if zone and zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            if offset >= timedelta(hours=24):
                return None
            base = base.replace(tzinfo=timezone(sign * offset)).astimezone(UTC)
        return base
    except (ValueError, OverflowError):
        return None


def format_date(dt: datetime) -> str:
    """Return ``dt`` in the TMX basic format (UTC); a naive datetime is taken as UTC.

    >>> format_date(datetime(2010, 1, 1, 1, 1, 1))
    '20100101T010101Z'
    """
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return f"{dt.year:04d}{dt.month:02d}{dt.day:02d}T{dt.hour:02d}{dt.minute:02d}{dt.second:02d}Z"


# Month names, then abbreviations, January first; the first name of each list is the one written.
_MONTHS: dict[str, tuple[tuple[str, ...], tuple[str, ...]]] = {
    "it": (
        (
            "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno",
            "luglio", "agosto", "settembre", "ottobre", "novembre", "dicembre",
        ),
        ("gen", "feb", "mar", "apr", "mag", "giu", "lug", "ago", "set", "ott", "nov", "dic"),
    ),
    "en": (
        (
            "January", "February", "March", "April", "May", "June",
            "July", "August", "September", "October", "November", "December",
        ),
        ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"),
    ),
    "sw": (
        (
            "Januari", "Februari", "Machi", "Aprili", "Mei", "Juni",
            "Julai", "Agosti", "Septemba", "Oktoba", "Novemba", "Desemba",
        ),
        ("Jan", "Feb", "Mac", "Apr", "Mei", "Jun", "Jul", "Ago", "Sep", "Okt", "Nov", "Des"),
    ),
}  # fmt: skip
_EXTRA_ABBREVIATIONS = {"sept": 9}
_FULL: dict[str, int] = {}
_ABBR: dict[str, int] = dict(_EXTRA_ABBREVIATIONS)
for _names, _abbrs in _MONTHS.values():
    for _i, (_name, _abbr) in enumerate(zip(_names, _abbrs, strict=True), 1):
        _FULL[_name.lower()] = _i
        _ABBR[_abbr.lower()] = _i


def _alternation(words: dict[str, int], *, capitalised: bool) -> str:
    forms = sorted(words, key=lambda w: (-len(w), w))
    if capitalised:
        return "|".join(re.escape(w[:1].upper() + w[1:]) for w in forms)
    return "(?i:" + "|".join(re.escape(w) for w in forms) + ")"


# A month anywhere after a day; only capitalised (English, Swahili) before a day or a year,
# where "may 5" or "set 5" would be words. Abbreviations may take a dot.
_MONTH_ANY = (
    rf"(?:{_alternation(_FULL, capitalised=False)}|(?:{_alternation(_ABBR, capitalised=False)})\.?)"
)
_MONTH_CAP = (
    rf"(?:{_alternation(_FULL, capitalised=True)}|(?:{_alternation(_ABBR, capitalised=True)})\.?)"
)
_IT_FULL = {n: i for i, n in enumerate(_MONTHS["it"][0], 1)}
_MONTH_NAME_Y = (
    rf"(?:{_alternation(_IT_FULL, capitalised=False)}|{_alternation(_FULL, capitalised=True)}"
    rf"|(?:{_alternation(_ABBR, capitalised=True)})\.?)"
)
_ORD = r"(?:st|nd|rd|th|º|°|ª)?"
_DAY = r"(?:[12]\d|3[01]|0?[1-9])"
_RANGE = r"\s?[-–]\s?"
_YEAR = r"[12]\d{3}(?!\d)"
_WRITTEN_DATE = (
    rf"(?<![\w.,])(?:"
    rf"{_DAY}{_ORD}(?:{_RANGE}{_DAY}{_ORD})?\s(?:of\s)?{_MONTH_ANY}(?:,?\s{_YEAR})?(?!\w)"
    rf"|{_MONTH_CAP}\s{_DAY}{_ORD}(?:{_RANGE}{_DAY}{_ORD})?(?!\d)(?:,?\s{_YEAR})?(?!\w)"
    rf"|{_MONTH_NAME_Y}\s{_YEAR}"
    rf")"
)
_PARTS = re.compile(
    rf"(?P<d>{_DAY})(?P<o>{_ORD})(?:(?P<r>{_RANGE})(?P<e>{_DAY}){_ORD})?\s(?:of\s)?"
    rf"(?P<m>[^\W\d]+)(?P<dot>\.)?(?:(?P<c>,)?\s(?P<y>\d{{4}}))?"
    rf"|(?P<m2>[^\W\d]+)(?P<dot2>\.)?\s(?P<d2>{_DAY})(?P<o2>{_ORD})"
    rf"(?:(?P<r2>{_RANGE})(?P<e2>{_DAY}){_ORD})?(?:(?P<c2>,)?\s(?P<y2>\d{{4}}))?"
    rf"|(?P<m3>[^\W\d]+)(?P<dot3>\.)?\s(?P<y3>\d{{4}})"
)


def written_date_pattern() -> str:
    """Return the regular expression of a written date (no groups: it can be embedded)."""
    return _WRITTEN_DATE


@dataclass(frozen=True, slots=True)
class WrittenDate:
    """A date as written in text: its value, and how it was written (order, abbreviation...)."""

    month: int
    year: int | None = None
    day: int | None = None
    day_end: int | None = None  # the last day of a range (``5-7 November``)
    order: Literal["dmy", "mdy"] = "dmy"
    abbreviated: bool = False
    dot: bool = False  # an abbreviation followed by a dot
    ordinal: bool = False  # the day written as an ordinal (``5th``, ``1º``)
    comma: bool = False  # a comma before the year
    range_mark: str = "-"

    @property
    def key(self) -> str:
        """The value, the same in every language: ``2025-11-05``, ``2025-11-05/07``, ``--11-05``."""
        year = f"{self.year:04d}" if self.year is not None else "-"
        day = "" if self.day is None else f"-{self.day:02d}"
        end = "" if self.day_end is None else f"/{self.day_end:02d}"
        return f"{year}-{self.month:02d}{day}{end}"


def read_written_date(text: str) -> WrittenDate | None:
    """Return the date ``text`` writes with a month name, or None when it is not one.

    >>> read_written_date("tarehe 5 Novemba 2025") is None
    True
    >>> read_written_date("5 Novemba 2025").key
    '2025-11-05'
    """
    m = _PARTS.fullmatch(text.strip())
    if m is None:
        return None
    if m["m"] is not None:
        name, dot, order = m["m"], m["dot"], "dmy"
        day, ordinal, mark, end, comma, year = m["d"], m["o"], m["r"], m["e"], m["c"], m["y"]
    elif m["m2"] is not None:
        name, dot, order = m["m2"], m["dot2"], "mdy"
        day, ordinal, mark, end, comma, year = m["d2"], m["o2"], m["r2"], m["e2"], m["c2"], m["y2"]
    else:
        name, dot, order = m["m3"], m["dot3"], "dmy"
        day, ordinal, mark, end, comma, year = None, "", None, None, None, m["y3"]
    low = name.lower()
    month = _FULL.get(low) or _ABBR.get(low)
    if month is None:
        return None
    return WrittenDate(
        month=month,
        year=int(year) if year else None,
        day=int(day) if day else None,
        day_end=int(end) if end else None,
        order=order,  # type: ignore[arg-type]
        abbreviated=low not in _FULL,
        dot=bool(dot),
        ordinal=bool(ordinal),
        comma=bool(comma),
        range_mark=mark or "-",
    )


def _ordinal(day: int, lang: str) -> str:
    if lang == "en":
        suffix = "th" if 10 <= day % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")
        return f"{day}{suffix}"
    if lang == "it":
        return f"{day}º" if day == 1 else str(day)  # Italian writes only the first as an ordinal
    return str(day)


def write_date(value: WrittenDate, lang: str, like: WrittenDate | None = None) -> str | None:
    """Write ``value`` in ``lang`` (it, en or sw; None for another language).

    The order, abbreviation, ordinal day and comma follow ``like`` (the date the text had) when
    given, else the language's usual form: ``5 novembre 2025``, ``November 5, 2025``,
    ``5 Novemba 2025``.
    """
    base = lang.split("-")[0].split("_")[0].lower()
    if base not in _MONTHS:
        return None
    names, abbrs = _MONTHS[base]
    style = like or WrittenDate(value.month, order="mdy" if base == "en" else "dmy", comma=True)
    month = abbrs[value.month - 1] if style.abbreviated else names[value.month - 1]
    if style.abbreviated and style.dot:
        month += "."
    if value.day is None:
        return f"{month} {value.year}" if value.year is not None else month
    ordinal = (style.ordinal and base != "it") or (base == "it" and value.day == 1)
    days = _ordinal(value.day, base) if ordinal else str(value.day)
    if value.day_end is not None:
        end = _ordinal(value.day_end, base) if ordinal and base == "en" else str(value.day_end)
        days += style.range_mark + end
    if style.order == "mdy":
        text = f"{month} {days}"
        if value.year is not None:
            text += ("," if style.comma else "") + f" {value.year}"
        return text
    return f"{days} {month}" + (f" {value.year}" if value.year is not None else "")
