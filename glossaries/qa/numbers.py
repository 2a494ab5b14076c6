"""Numbers, dates, URLs and e-mail addresses that differ between source and target.

Locale forms are tolerated: ``1.000,5`` (Italian) equals ``1,000.5`` (English); a token such as
``1.000`` that reads as a thousand in one locale and as one in another may match either; ranges and
their separators (``2–4 ottobre`` / ``2 - 4 Oktoba`` / ``October 2-4``) reduce to their numbers;
``24/7`` is two numbers; ``50 %``, ``50%`` and ``asilimia 50`` are all 50. Small numbers spelled out
in one text and written with digits in the other (``quattro mesi`` / ``4-month-old``) match. Digits
inside words (``G7``, ``ISIS-K``) belong to the acronym checks, not here.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from .catalog import new_finding
from .finding import Finding
from .numerals import number_readings, time_key
from .pair import WORD, Pair, QAContext
from .tags import text_placeholders

__all__ = ["NumberToken", "check_numbers", "extract_numbers"]

URL_PATTERN = _URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"“”]+", re.IGNORECASE)
EMAIL_PATTERN = _EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_NUMBER = re.compile(
    r"(?<![\w.,:])\d{1,2}:\d\d(?![\w:])"  # a time, 15:00
    r"|(?<![\w.,])\d+(?:[.,]\d{3})*(?=st|nd|rd|th|º|°|ª)"
    r"|(?<![\w.,])\d+(?:[.,]\d+)?(?=(?:mm|cm|km|kg|mg|ml|m|g|s|h|GB|MB|KB|Mbit|kW|W|V)\b)"
    r"|(?<![\w.,])\d+(?:[.,]\d+)?(?=(?i:khz|mhz|ghz)\b)"  # 2.4Ghz, as written in FLORES
    r"|(?<![\w.,])\d+(?:[.,\u00a0\u202f]\d+)*(?![\w])"
    r"|(?<=[^\W\d_]{4})\d+(?:[.,]\d+)?(?![\w.,]\d)"  # glued to a word: kilomita100
)
# A number written the Italian way (1.500, 2,5) in a language that groups with commas and
# writes a decimal point.
_ITALIAN_FORM = re.compile(r"\d{1,3}(?:\.\d{3})+(?:,\d+)?|\d+,\d{1,2}")
_POINT_DECIMAL = frozenset({"en", "sw"})
_TIME = re.compile(r"(\d{1,2})[:.](\d\d)")
_TRAIL = ".,;:!?)]}'\"”’»"

_NUMBER_WORDS: dict[str, dict[str, int]] = {
    "en": {
        w: i
        for i, w in enumerate(
            [
                "zero",
                "one",
                "two",
                "three",
                "four",
                "five",
                "six",
                "seven",
                "eight",
                "nine",
                "ten",
                "eleven",
                "twelve",
                "thirteen",
                "fourteen",
                "fifteen",
                "sixteen",
                "seventeen",
                "eighteen",
                "nineteen",
                "twenty",
            ]
        )
    }
    | {"thirty": 30, "forty": 40, "fifty": 50, "hundred": 100, "thousand": 1000, "first": 1}
    | {"second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7}
    | {"eighth": 8, "ninth": 9, "tenth": 10, "twentieth": 20, "eighty": 80, "sixty": 60},
    "it": {
        w: i
        for i, w in enumerate(
            [
                "zero",
                "uno",
                "due",
                "tre",
                "quattro",
                "cinque",
                "sei",
                "sette",
                "otto",
                "nove",
                "dieci",
                "undici",
                "dodici",
                "tredici",
                "quattordici",
                "quindici",
                "sedici",
                "diciassette",
                "diciotto",
                "diciannove",
                "venti",
            ]
        )
    }
    | {"una": 1, "un": 1, "trenta": 30, "quaranta": 40, "cinquanta": 50, "cento": 100}
    | {"mille": 1000, "primo": 1, "prima": 1}
    | {
        f"{stem}{end}": value
        for value, stem in enumerate(
            ["second", "terz", "quart", "quint", "sest", "settim", "ottav", "non", "decim"], 2
        )
        for end in "oaie"
    }
    | {"sessanta": 60, "settanta": 70, "ottanta": 80, "novanta": 90},
    "sw": {
        "sifuri": 0,
        "moja": 1,
        "mmoja": 1,
        "kwanza": 1,
        "mbili": 2,
        "wawili": 2,
        "mawili": 2,
        "viwili": 2,
        "pili": 2,
        "tatu": 3,
        "watatu": 3,
        "nne": 4,
        "wanne": 4,
        "tano": 5,
        "watano": 5,
        "sita": 6,
        "saba": 7,
        "nane": 8,
        "wanane": 8,
        "tisa": 9,
        "kumi": 10,
        "ishirini": 20,
        "thelathini": 30,
        "arobaini": 40,
        "hamsini": 50,
        "sitini": 60,
        "sabini": 70,
        "themanini": 80,
        "tisini": 90,
        "mia": 100,
        "elfu": 1000,
    },
}

# Swahili numerals 2–5 and 8 agree with the noun class of what they count: watu wawili,
# miezi minne, mambo matano, vitu vinane.
for _stem, _value in (("wili", 2), ("tatu", 3), ("nne", 4), ("tano", 5), ("nane", 8)):
    for _prefix in ("wa", "mi", "ma", "vi"):
        _NUMBER_WORDS["sw"].setdefault(_prefix + _stem, _value)

_MONTHS: dict[str, list[str]] = {
    "en": [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ],
    "it": [
        "gennaio",
        "febbraio",
        "marzo",
        "aprile",
        "maggio",
        "giugno",
        "luglio",
        "agosto",
        "settembre",
        "ottobre",
        "novembre",
        "dicembre",
    ],
    "sw": [
        "januari",
        "februari",
        "machi",
        "aprili",
        "mei",
        "juni",
        "julai",
        "agosti",
        "septemba",
        "oktoba",
        "novemba",
        "desemba",
    ],
}
_MONTH_OF: dict[str, int] = {}
for _names in _MONTHS.values():
    for _i, _n in enumerate(_names, start=1):
        _MONTH_OF[_n] = _i
for _i, _n in enumerate(
    ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]
):
    _MONTH_OF.setdefault(_n, [1, 2, 3, 4, 6, 7, 8, 9, 9, 10, 11, 12][_i])
# "may", "mar", "mei" ... are also ordinary words: only capitalised forms count in English and
# Swahili; Italian writes month names in lower case.
_AMBIGUOUS_MONTHS = frozenset({"may", "mar", "mei", "jan", "sep", "oct", "dec", "aug", "march"})


@dataclass(frozen=True, slots=True)
class NumberToken:
    """A number in a text: its offsets, its text and the values it may stand for."""

    start: int
    end: int
    text: str
    values: frozenset[float]


# The decimal separator of each language whose convention is firm; in the others (Swahili texts
# follow either the English or the source's convention) a 3-digit group is ambiguous.
_DECIMAL = {"en": ".", "it": ",", "fr": ",", "de": ",", "es": ",", "pt": ",", "sv": ","}


def _values(token: str, lang: str = "") -> frozenset[float]:
    t = token.replace("\u00a0", "").replace("\u202f", "")
    tm = _TIME.fullmatch(t)
    if tm and int(tm.group(1)) <= 24 and int(tm.group(2)) < 60:
        key = time_key(int(tm.group(1)), int(tm.group(2)))
        if ":" in t:
            return frozenset({key})
        return frozenset({key, float(t.replace(",", "."))})
    if "." in t and "," in t:
        dec = "." if t.rfind(".") > t.rfind(",") else ","
        thou = "," if dec == "." else "."
        try:
            return frozenset({float(t.replace(thou, "").replace(dec, "."))})
        except ValueError:
            return frozenset()
    for sep in (".", ","):
        if sep in t:
            parts = t.split(sep)
            out: set[float] = set()
            decimal = _DECIMAL.get(lang)
            grouped = all(len(p) == 3 for p in parts[1:]) and 1 <= len(parts[0]) <= 3
            if grouped and decimal != sep:
                out.add(float("".join(parts)))  # thousands separator
            if len(parts) == 2 and (not out or decimal is None):
                out.add(float(f"{parts[0]}.{parts[1]}"))  # decimal separator
            if not out:  # 15.00.30, 2.4.1: a version or a time; compare its parts as written
                return frozenset(float(p) for p in parts)
            return frozenset(out)
    return frozenset({float(t)})


def _blank(text: str, pattern: re.Pattern[str]) -> str:
    return pattern.sub(lambda m: " " * len(m.group()), text)


def extract_numbers(text: str, lang: str = "") -> list[NumberToken]:
    """The numbers of ``text`` (URLs and e-mail addresses left out), with their possible values.

    ``lang`` (a base language) decides what ``1.000`` means; without it, both readings are kept.
    """
    clean = _blank(_blank(text, _URL), _EMAIL)
    for _, s, e in text_placeholders(clean):  # <1>, {0}: inline codes, not numbers
        clean = clean[:s] + " " * (e - s) + clean[e:]
    readings = number_readings(clean, lang)
    out: list[NumberToken] = [NumberToken(s, e, text[s:e], v) for s, e, v in readings]
    for m in _NUMBER.finditer(clean):
        if any(s < m.end() and m.start() < e for s, e, _ in readings):
            continue  # read as a time, a Roman numeral, a decade or a fraction
        vals = _values(m.group(), lang)
        if len(vals) > 1 and m.group().count(".") + m.group().count(",") > 1:
            # 15.00.30: several numbers; keep one token per part
            pos = m.start()
            for part in re.split(r"[.,]", m.group()):
                out.append(NumberToken(pos, pos + len(part), part, frozenset({float(part)})))
                pos += len(part) + 1
            continue
        out.append(NumberToken(m.start(), m.end(), m.group(), vals))
    out.sort(key=lambda t: t.start)
    return out


def _words(text: str, lang: str) -> dict[int, tuple[int, int]]:
    table = _NUMBER_WORDS.get(lang, {})
    found: dict[int, tuple[int, int]] = {}
    for m in WORD.finditer(text):
        for part in m.group().lower().split("-"):
            if part in table:
                found.setdefault(table[part], (m.start(), m.end()))
    return found


def _months(text: str) -> list[tuple[int, int, int]]:
    out: list[tuple[int, int, int]] = []
    for m in WORD.finditer(text):
        w = m.group()
        low = w.lower().rstrip(".")
        if low in _MONTH_OF and (low not in _AMBIGUOUS_MONTHS or w[:1].isupper()):
            out.append((_MONTH_OF[low], m.start(), m.end()))
    return out


def _month_name(month: int, lang: str) -> str:
    name = _MONTHS.get(lang, _MONTHS["en"])[month - 1]
    return name if lang == "it" else name.capitalize()  # Italian months are lower-case


def _match(src: list[NumberToken], tgt: list[NumberToken]) -> tuple[list[int], set[int]]:
    """Greedy matching on shared values; return unmatched source indexes and matched targets."""
    used: set[int] = set()
    missing: list[int] = []
    # exact-valued tokens first, so an ambiguous 1.000 does not steal a plain 1
    for i in sorted(range(len(src)), key=lambda i: len(src[i].values)):
        hit = next(
            (j for j, t in enumerate(tgt) if j not in used and src[i].values & t.values), None
        )
        if hit is None:
            missing.append(i)
        else:
            used.add(hit)
    return sorted(missing), used


def _links(pattern: re.Pattern[str], text: str) -> list[tuple[str, int, int]]:
    out = []
    for m in pattern.finditer(text):
        raw = m.group().rstrip(_TRAIL)
        out.append((raw, m.start(), m.start() + len(raw)))
    return out


def _norm_link(link: str) -> str:
    m = re.match(r"(?i)((?:https?://)?[^/]+)(.*)", link)
    return (m.group(1).lower() + m.group(2)) if m else link


def _link_findings(check: str, what: str, pair: Pair, lang: str) -> Iterable[Finding]:
    assert pair.source is not None
    pattern = _URL if check == "url-mismatch" else _EMAIL
    src = _links(pattern, pair.source)
    tgt = _links(pattern, pair.target)
    remaining = [_norm_link(t[0]) for t in tgt]
    for raw, s, e in src:
        key = _norm_link(raw)
        if key in remaining:
            remaining.remove(key)
            continue
        near = next(((t, ts, te) for t, ts, te in tgt if _norm_link(t) in remaining), None)
        span = (near[1], near[2]) if near else (0, len(pair.target))
        yield new_finding(
            check,
            f"{what} '{raw}' of the source is missing or altered in the target",
            *span,
            lang=lang,
            source_span=(s, e),
            suggestion=raw,
            pair_id=pair.id,
        )
    src_keys = [_norm_link(s[0]) for s in src]
    for raw, s, e in tgt:
        key = _norm_link(raw)
        if key in src_keys:
            src_keys.remove(key)
        elif not src:
            yield new_finding(
                check,
                f"{what} '{raw}' of the target is not in the source",
                s,
                e,
                lang=lang,
                pair_id=pair.id,
            )


def _english_form(text: str) -> str:
    whole, _, decimals = text.partition(",")
    whole = whole.replace(".", ",")
    return f"{whole}.{decimals}" if decimals else whole


def _format_findings(tokens: list[NumberToken], pair: Pair, ctx: QAContext) -> list[Finding]:
    """Numbers of an English or Swahili target written with Italian separators."""
    if ctx.target_base not in _POINT_DECIMAL:
        return []
    out = []
    for tok in tokens:
        if not _ITALIAN_FORM.fullmatch(tok.text) or any(v < 0 for v in tok.values):
            continue
        after = pair.target[tok.end : tok.end + 2]
        if re.match(r"[,.]\d", after):
            continue  # part of a longer list such as 1,2,3
        out.append(
            new_finding(
                "number-format",
                f"'{tok.text}' is written with Italian separators; "
                f"{'English' if ctx.target_base == 'en' else 'Swahili'} writes "
                f"'{_english_form(tok.text)}'",
                tok.start,
                tok.end,
                lang=ctx.target_lang,
                suggestion=_english_form(tok.text),
                pair_id=pair.id,
            )
        )
    return out


def check_numbers(pair: Pair, ctx: QAContext) -> list[Finding]:
    """Compare the numbers, months, URLs and e-mail addresses of a pair's source and target."""
    if not pair.target.strip():
        return []
    if pair.source is None:
        return _format_findings(extract_numbers(pair.target, ctx.target_base), pair, ctx)
    lang = ctx.target_lang
    slang, tlang = ctx.source_base or "", ctx.target_base
    out: list[Finding] = []
    src, tgt = extract_numbers(pair.source, slang), extract_numbers(pair.target, tlang)
    missing, used = _match(src, tgt)
    tgt_words, src_words = _words(pair.target, tlang), _words(pair.source, slang)
    for i in missing:
        tok = src[i]
        if any(int(v) == v and int(v) in tgt_words for v in tok.values):
            continue  # spelled out in the target
        out.append(
            new_finding(
                "number-mismatch",
                f"number '{tok.text}' of the source is missing in the target",
                0,
                len(pair.target),
                lang=lang,
                source_span=(tok.start, tok.end),
                suggestion=tok.text,
                pair_id=pair.id,
            )
        )
    for j, tok in enumerate(tgt):
        if j in used or any(int(v) == v and int(v) in src_words for v in tok.values):
            continue
        if not any(ch.isdigit() for ch in tok.text):
            continue  # a reading of words (saa tatu asubuhi): spelled out, like other words
        out.append(
            new_finding(
                "number-mismatch",
                f"number '{tok.text}' of the target is not in the source",
                tok.start,
                tok.end,
                lang=lang,
                pair_id=pair.id,
            )
        )
    src_months, tgt_months = _months(pair.source), _months(pair.target)
    left = [m for m, _, _ in tgt_months]
    for month, s, e in src_months:
        if month in left:
            left.remove(month)
            continue
        other = next(((ts, te) for m, ts, te in tgt_months if m in left), None)
        out.append(
            new_finding(
                "date-mismatch",
                f"month '{pair.source[s:e]}' of the source is missing or different in the target",
                *(other or (0, len(pair.target))),
                lang=lang,
                source_span=(s, e),
                suggestion=_month_name(month, tlang),
                pair_id=pair.id,
            )
        )
    out.extend(_format_findings(tgt, pair, ctx))
    out.extend(_link_findings("url-mismatch", "URL", pair, lang))
    out.extend(_link_findings("email-mismatch", "e-mail address", pair, lang))
    return out
