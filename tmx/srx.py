"""SRX 2.0 segmentation rules: reading a file and finding the break positions in a text.

An SRX file holds named *language rules* (ordered ``<rule break="yes|no">`` elements, each a
``<beforebreak>`` and an ``<afterbreak>`` Java regular expression) and *map rules*
(``<languagemap languagepattern="..." languagerulename="..."/>``) that choose the language rules
for a language code. With ``cascade="yes"`` in the header every map whose pattern matches
contributes its rules, in map order; otherwise only the first matching map is used.

At each position of a text the first rule (in that order) whose ``beforebreak`` matches the text
ending there and whose ``afterbreak`` matches the text starting there decides whether the text
breaks there. Positions no rule matches do not break. The header's ``<formathandle>`` elements
(whether an opening, closing or isolated inline code at a break belongs to the segment before
it) are kept in :attr:`SRXRules.format_handles` for :func:`tmx.document.segment_paragraph`.

Java regular expressions are translated to the ``regex`` package, which supports what SRX files
use and :mod:`re` lacks: variable-length lookbehind, ``\\p{..}`` classes, possessive quantifiers
and class intersection (``[a-z&&[^aeiou]]``). ``\\Q...\\E`` quoting and ``\\x{...}`` escapes are
rewritten; a pattern that still does not compile is reported as an :class:`SRXError` naming the
file, the line and the language rule.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import regex
from lxml import etree

from .errors import TMXError
from .lang import normalize_language
from .xmlsafe import safe_parser

__all__ = ["LanguageMap", "LanguageRule", "SRXError", "SRXRule", "SRXRules", "read_srx"]

_SRX_NS = "http://www.lisa.org/srx20"


class SRXError(TMXError):
    """An SRX file cannot be read, or one of its regular expressions cannot be compiled."""


@dataclass(frozen=True)
class SRXRule:
    """One ``<rule>``: break (or not) where ``before`` ends and ``after`` starts."""

    breaks: bool
    before: str  # the pattern as written (Java syntax)
    after: str
    line: int | None = None

    @cached_property
    def _compiled(self) -> regex.Pattern[str]:
        before = java_to_python_regex(self.before)
        after = java_to_python_regex(self.after)
        # A zero-width pattern matching exactly at the break positions: finditer yields them all,
        # overlapping candidates included, in one pass over the text. The lookahead goes first:
        # it is usually the cheaper, more selective test (white space, then a capital), so the
        # lookbehind -- which may scan far back -- runs only where the lookahead held.
        parts = []
        if after:
            parts.append(f"(?=(?:{after}))")
        if before:
            parts.append(f"(?<=(?:{before}))")
        pattern = "".join(parts) or r"(?!)"
        flags = regex.VERSION1 if "&&" in before + after else regex.VERSION0
        return regex.compile(pattern, flags)

    def compile(self) -> None:
        """Compile the rule now; :class:`SRXError` if a pattern is not a valid expression."""
        try:
            self._compiled  # noqa: B018 - populates the cache
        except regex.error as exc:
            where = f"line {self.line}: " if self.line else ""
            raise SRXError(
                f"{where}cannot compile rule before={self.before!r} after={self.after!r}: {exc}"
            ) from exc

    def positions(self, text: str) -> list[int]:
        """Every position of ``text`` where this rule applies."""
        return [m.start() for m in self._compiled.finditer(text, overlapped=False)]


@dataclass
class LanguageRule:
    """A named ``<languagerule>``: its rules in order."""

    name: str
    rules: list[SRXRule] = field(default_factory=list)


@dataclass(frozen=True)
class LanguageMap:
    """A ``<languagemap>``: language codes matching ``pattern`` use the rules named ``rule_name``."""

    pattern: str
    rule_name: str

    @cached_property
    def _compiled(self) -> regex.Pattern[str]:
        return regex.compile(java_to_python_regex(self.pattern), regex.IGNORECASE)

    def matches(self, lang: str) -> bool:
        """Whether the map applies to ``lang`` (tried as ``it-IT`` and as ``it_IT``)."""
        pat = self._compiled
        return pat.fullmatch(lang) is not None or pat.fullmatch(lang.replace("-", "_")) is not None


@dataclass
class SRXRules:
    """Everything an SRX file says about segmentation."""

    language_rules: dict[str, LanguageRule] = field(default_factory=dict)
    maps: list[LanguageMap] = field(default_factory=list)
    cascade: bool = True
    segment_subflows: bool = True
    # <formathandle type="start|end|isolated" include="yes|no">: whether an inline code at a
    # break belongs to the segment before it (SRX 2.0 defaults).
    format_handles: dict[str, bool] = field(
        default_factory=lambda: {"start": False, "end": True, "isolated": False}
    )
    source: str = "<srx>"

    def rules_for(self, lang: str) -> list[SRXRule]:
        """The rules that apply to ``lang``, in the order they are tried (cascade applied)."""
        try:
            code = normalize_language(lang)
        except ValueError:
            code = lang
        out: list[SRXRule] = []
        for m in self.maps:
            if m.matches(code):
                lr = self.language_rules.get(m.rule_name)
                if lr is not None:
                    out.extend(lr.rules)
                if not self.cascade:
                    break
        return out

    def breaks(self, text: str, lang: str) -> list[int]:
        """The positions (0 < p < len(text)) where ``text`` breaks, ascending."""
        decided: dict[int, bool] = {}
        for rule in self.rules_for(lang):
            for p in rule.positions(text):
                if p not in decided:
                    decided[p] = rule.breaks
        return sorted(p for p, b in decided.items() if b and 0 < p < len(text))


def java_to_python_regex(pattern: str) -> str:
    """Translate a Java regular expression to the syntax of the ``regex`` package.

    Handles ``\\Q...\\E`` quoting, ``\\x{h..h}`` code points, ``\\p{javaLowerCase}``-style and
    POSIX (``\\p{Alpha}``) classes, and ``\\z``; everything else is the same in both.
    """
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\" and i + 1 < n:
            nxt = pattern[i + 1]
            if nxt == "Q":
                end = pattern.find("\\E", i + 2)
                literal = pattern[i + 2 :] if end < 0 else pattern[i + 2 : end]
                out.append(regex.escape(literal))
                i = n if end < 0 else end + 2
                continue
            if nxt == "x" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                if end > 0:
                    out.append(f"\\U{int(pattern[i + 3 : end], 16):08x}")
                    i = end + 1
                    continue
            if nxt in "pP" and i + 2 < n and pattern[i + 2] == "{":
                end = pattern.find("}", i + 3)
                if end > 0:
                    name = pattern[i + 3 : end]
                    out.append(f"\\{nxt}{{{_JAVA_CLASSES.get(name, name)}}}")
                    i = end + 1
                    continue
            if nxt == "z":
                out.append(r"\Z")
                i += 2
                continue
            out.append(pattern[i : i + 2])
            i += 2
            continue
        out.append(c)
        i += 1
    return "".join(out)


_JAVA_CLASSES = {
    "javaLowerCase": "Lowercase",
    "javaUpperCase": "Uppercase",
    "javaWhitespace": "White_Space",
    "javaLetter": "L",
    "javaDigit": "Nd",
    "javaLetterOrDigit": "Alnum",
    "IsAlphabetic": "Alphabetic",
    "IsLatin": "Latin",
    "InGreek": "Greek",
    "Lower": "Ll",
    "Upper": "Lu",
    "Alpha": "Alphabetic",
    "Digit": "Nd",
    "Alnum": "Alnum",
    "Punct": "P",
    "Space": "White_Space",
    "Blank": "Blank",
    "Cntrl": "Cc",
    "XDigit": "XDigit",
}


def _line(el: etree._Element) -> int | None:
    line = getattr(el, "sourceline", None)
    return line if isinstance(line, int) else None


def read_srx(path: str | Path | bytes) -> SRXRules:
    """Read an SRX 2.0 file (a path, or the XML as bytes); :class:`SRXError` if unusable.

    SRX 1.0 files (no namespace) are read the same way. Every rule is compiled while reading so a
    bad pattern is reported at once, with its line.
    """
    name = "<srx>" if isinstance(path, bytes) else str(path)
    try:
        if isinstance(path, bytes):
            root = etree.fromstring(path, safe_parser())
        else:
            root = etree.parse(str(path), safe_parser()).getroot()
    except (etree.XMLSyntaxError, OSError) as exc:
        raise SRXError(f"{name}: not a readable SRX file: {exc}") from exc
    if etree.QName(root).localname != "srx":
        raise SRXError(f"{name}: root element is <{etree.QName(root).localname}>, not <srx>")

    def find(el: etree._Element, local: str) -> list[etree._Element]:
        return [
            c for c in el.iter() if isinstance(c.tag, str) and etree.QName(c).localname == local
        ]

    rules = SRXRules(source=name)
    header = find(root, "header")
    if header:
        rules.cascade = header[0].get("cascade", "yes").lower() == "yes"
        rules.segment_subflows = header[0].get("segmentsubflows", "yes").lower() == "yes"
        for fh in find(header[0], "formathandle"):
            kind = fh.get("type", "")
            if kind in rules.format_handles:
                rules.format_handles[kind] = fh.get("include", "").lower() == "yes"
    for lr_el in find(root, "languagerule"):
        lr = LanguageRule(lr_el.get("languagerulename", ""))
        for r in find(lr_el, "rule"):
            before = next(iter(find(r, "beforebreak")), None)
            after = next(iter(find(r, "afterbreak")), None)
            rule = SRXRule(
                breaks=r.get("break", "yes").lower() != "no",
                before=(before.text or "") if before is not None else "",
                after=(after.text or "") if after is not None else "",
                line=_line(r),
            )
            try:
                rule.compile()
            except SRXError as exc:
                raise SRXError(f"{name}: languagerule {lr.name!r}: {exc}") from exc
            lr.rules.append(rule)
        rules.language_rules[lr.name] = lr
    for m in find(root, "languagemap"):
        lm = LanguageMap(m.get("languagepattern", ""), m.get("languagerulename", ""))
        try:
            regex.compile(java_to_python_regex(lm.pattern))
        except regex.error as exc:
            raise SRXError(f"{name}:{_line(m)}: bad languagepattern {lm.pattern!r}: {exc}") from exc
        if lm.rule_name not in rules.language_rules:
            raise SRXError(
                f"{name}:{_line(m)}: languagemap names unknown languagerule {lm.rule_name!r}"
            )
        rules.maps.append(lm)
    return rules
