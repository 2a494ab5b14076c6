"""Number readings beyond plain digits: Roman numerals, clock times, decades and fractions.

Each reading is a ``(start, end, values)`` triple over the text; :func:`glossaries.qa.numbers.
extract_numbers` replaces the digit tokens it covers with it, so ``XVI secolo`` equals
``karne ya 16``, ``alle 20:30`` equals ``saa 2 na dakika 30 usiku`` and ``8:30 p.m.``, ``anni '80``
equals ``miaka ya 1980`` and ``29¾`` equals ``29,75``.

Swahili time counts the hours from 6 a.m. and 6 p.m. (``saa mbili asubuhi`` is 8:00, ``saa 4
usiku`` 22:00); translators also write the Western hour after ``saa`` (``saa 10 asubuhi``), so
both readings are kept. A 12-hour time (``11:35 p.m.``, ``saa 11:35 usiku``) also stands for its
24-hour form, and ``1200 GMT`` for 12:00. Clock times get the negative keys of
:func:`time_key`, so they never equal a plain number.
"""

from __future__ import annotations

import re

__all__ = ["number_readings", "roman_value", "time_key"]

_ROMAN = re.compile(
    r"\b(?=[MDCLXVI])M{0,3}(?:CM|CD|D?C{0,3})(?:XC|XL|L?X{0,3})(?:IX|IV|V?I{0,3})\b"
)
_ROMAN_VALUE = {"M": 1000, "D": 500, "C": 100, "L": 50, "X": 10, "V": 5, "I": 1}
# words after or before which a single Roman letter is a numeral, not a word or an initial
_CONTEXT_WORDS = (
    r"(?:secol[oi]|century|centuries|karne(?: ya| za)?|papa|pope|mfalme|guerra|war|vita|"
    r"capitolo|chapter|sura|dinastia|dynasty|millennio|millennium)"
)
_ROMAN_BEFORE = re.compile(r"(?i)\b" + _CONTEXT_WORDS + r"\s+$")
_ROMAN_AFTER = re.compile(
    r"(?i)(?:\s*(?:[-–,]|\be\b|\band\b|\bna\b)\s*(?:l['’])?[IVXLCDM]+\b)*\s+"
    + _CONTEXT_WORDS
    + r"\b"
)
_SW_HOUR_WORDS = {
    "moja": 1,
    "mbili": 2,
    "tatu": 3,
    "nne": 4,
    "tano": 5,
    "sita": 6,
    "saba": 7,
    "nane": 8,
    "tisa": 9,
    "kumi": 10,
}
_SW_CLOCK = re.compile(
    r"\bsaa\s+(?P<h>\d{1,2}(?![\d,])|" + "|".join(_SW_HOUR_WORDS) + r")(?:[:.](?P<m>\d\d))?"
    r"(?:\s+(?:na\s+)?dakika\s+(?P<dm>\d{1,2}))?"
    r"(?:\s+(?:na|hadi|au|-|–)\s+(?P<h2>\d{1,2})(?![\d:.])"
    r"(?:\s+(?:na\s+)?dakika\s+(?P<dm2>\d{1,2}))?)?",
    re.IGNORECASE,
)
_DAYTIME = re.compile(r"\s+(?:kamili\s+)?(?:za\s+)?(?:asubuhi|mchana|jioni|usiku|alasiri|usiku)\b")
_PM = re.compile(r"\s*(?:p\.\s?m\.?|pm\b|PM\b|di sera|del pomeriggio|usiku|jioni|mchana|alasiri)")
_CLOCK = re.compile(r"(?<![\w.,:])(\d{1,2})[:.](\d\d)(?!(?![ap]\.?m\b)[\w:]|[.,]\d)")
_RANGE_END = re.compile(r"\s*[-–]\s*\d{1,2}[:.]\d\d")
_MILITARY = re.compile(r"(?<![\w.,])([01]\d|2[0-3])([0-5]\d)(?=\s*(?:GMT|UTC|hrs|h)\b)")
_DECADE = re.compile(r"(?:(?<=['’])|(?<=\banni )|(?<=\bAnni )|(?<=\banni ')|(?<=\b'))([1-9]0)\b")
_FRACTION = re.compile(r"(?<![\w.,])(\d*)([¼½¾⅓⅔⅛])")
_FRACTION_VALUE = {"¼": 0.25, "½": 0.5, "¾": 0.75, "⅓": 1 / 3, "⅔": 2 / 3, "⅛": 0.125}


def time_key(hours: int, minutes: int) -> float:
    """The value of a clock time: negative, so 15:00 and 15.00 match but never the number 15."""
    return -1.0 - ((hours % 24) * 60 + minutes)


def roman_value(numeral: str) -> int:
    """The value of a valid upper-case Roman numeral (``XVI`` → 16)."""
    total = 0
    for i, ch in enumerate(numeral):
        v = _ROMAN_VALUE[ch]
        nxt = _ROMAN_VALUE[numeral[i + 1]] if i + 1 < len(numeral) else 0
        total += -v if v < nxt else v
    return total


def _romans(text: str, lang: str) -> list[tuple[int, int, frozenset[float]]]:
    out = []
    for m in _ROMAN.finditer(text):
        numeral = m.group()
        if not numeral or (len(numeral) == 1 and re.match(r"['’]|\.\w", text[m.end() :])):
            continue  # L'isola, a.C.: a letter, not a numeral
        if len(numeral) == 1 or numeral in ("DC", "CD", "MD", "LI", "MI", "DI", "CV", "MC"):
            # a letter (the pronoun I, an initial) or a word: only next to "secolo", "karne" ...
            before = _ROMAN_BEFORE.search(text[max(0, m.start() - 14) : m.start()])
            after = _ROMAN_AFTER.match(text[m.end() : m.end() + 14])
            if not (before or after):
                continue
        out.append((m.start(), m.end(), frozenset({float(roman_value(numeral))})))
    return out


def _hours(raw: str) -> int:
    return int(raw) if raw.isdigit() else _SW_HOUR_WORDS[raw.lower()]


def _swahili_keys(hour: int, minutes: int) -> set[float]:
    """A Swahili ``saa`` hour: counted from 6 (``saa 2`` = 8 or 20) or written the Western way."""
    keys = set()
    for h in ((hour + 6) % 12, hour % 12):
        keys |= {time_key(h, minutes), time_key(h + 12, minutes)}
    return keys


def _swahili_clock(text: str) -> list[tuple[int, int, frozenset[float]]]:
    out = []
    for m in _SW_CLOCK.finditer(text):
        if not m.group("h").isdigit() and not _DAYTIME.match(text, m.end()):
            continue  # "saa tatu" alone may be three hours, not nine o'clock
        minutes = int(m.group("m") or m.group("dm") or 0)
        out.append((m.start("h"), m.end(), frozenset(_swahili_keys(_hours(m.group("h")), minutes))))
        if m.group("h2"):
            minutes2 = int(m.group("dm2") or 0)
            keys = frozenset(_swahili_keys(int(m.group("h2")), minutes2))
            out[-1] = (m.start("h"), m.start("h2") - 1, out[-1][2])
            out.append((m.start("h2"), m.end(), keys))
    return out


def _range_end(text: str, pos: int) -> int:
    m = _RANGE_END.match(text, pos)
    return m.end() if m else pos


def number_readings(text: str, lang: str) -> list[tuple[int, int, frozenset[float]]]:
    """Numbers that digits alone do not show, as ``(start, end, values)``; no overlaps."""
    found: list[tuple[int, int, frozenset[float]]] = []
    if lang == "sw":
        found += _swahili_clock(text)
    for m in _CLOCK.finditer(text):
        h, mi = int(m.group(1)), int(m.group(2))
        if h > 24 or mi > 59:
            continue
        keys = {time_key(h, mi)}
        end = m.end()
        if h <= 12 and (_PM.match(text, end) or _PM.match(text, _range_end(text, end))):
            keys.add(time_key(h + 12, mi))
        if m.group()[2:3] == "." or m.group()[1:2] == ".":
            keys.add(float(m.group()))  # 2.30 may also be a decimal
        found.append((m.start(), m.end(), frozenset(keys)))
    for m in _MILITARY.finditer(text):
        found.append((m.start(), m.end(), frozenset({time_key(int(m.group(1)), int(m.group(2)))})))
    for m in _DECADE.finditer(text):
        n = int(m.group(1))
        found.append((m.start(), m.end(), frozenset({float(n), 1900.0 + n, 2000.0 + n})))
    for m in _FRACTION.finditer(text):
        whole = float(m.group(1) or 0)
        found.append((m.start(), m.end(), frozenset({whole + _FRACTION_VALUE[m.group(2)]})))
    found += _romans(text, lang)
    found.sort(key=lambda r: (r[0], -(r[1] - r[0])))
    out: list[tuple[int, int, frozenset[float]]] = []
    for r in found:
        if out and r[0] < out[-1][1]:
            continue  # the first (longest) reading of a place wins
        out.append(r)
    return out
