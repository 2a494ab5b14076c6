"""Text normalisation for matching: the tokens a segment is indexed and scored by.

Contract used by the stores: ``index_tokens(text, lang)`` returns the normalised token sequence
(order kept, duplicates kept) that the index stores for a variant and the scorer compares:

1. Moses punctuation normalisation (``sacremoses.MosesPunctNormalizer``: quotes, dashes, spaces);
2. Moses tokenisation for the base language, hyphenated words split (``4-month-old`` → ``4``,
   ``month``, ``old``) so a concordance search for ``money`` finds ``follow-the-money``;
3. punctuation-only tokens dropped, numbers (``1,200``, ``10:30``, ``2024-05-01``) folded to the
   class token ``<num>``, every other token case-folded.

Most text takes a fast path that mirrors those Moses rules for Latin letters, digits and common
punctuation; anything it is unsure of goes through sacremoses itself (with precompiled
normaliser rules and set look-ups built once: same output, less work). Both give the same tokens:
tests/tm/test_tokens.py compares them with an unpatched sacremoses on the corpus and on generated
text.

No token contains whitespace (the SQL store keeps a variant's tokens space-separated). Results are
cached per (text, language): translation memories repeat segments a lot.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable
from functools import lru_cache

from sacremoses import MosesPunctNormalizer, MosesTokenizer

from mkutano.tmx.lang import base_language

__all__ = ["NUMBER_TOKEN", "index_tokens"]

#: The class token every number is folded to.
NUMBER_TOKEN = "<num>"

_NUMBER = re.compile(r"^[-+]?\d[\d.,:/\-]*$")
_PUNCT = re.compile(r"^[\W_]+$")


def _fold(tokens: Iterable[str]) -> tuple[str, ...]:
    """Drop punctuation-only tokens, fold numbers to ``<num>``, case-fold the rest."""
    out: list[str] = []
    for t in tokens:
        if t.isalpha():  # the common case: a word (no regex needed)
            out.append(t.casefold())
        elif not _PUNCT.match(t):
            out.append(NUMBER_TOKEN if _NUMBER.match(t) else t.casefold())
    return tuple(out)


# --- The sacremoses path, same output with less work --------------------------------------------

# A leading group (classes and escapes inside allowed, not repeated), then literal characters
# (plain, or escaped punctuation) not made optional or repeated by a quantifier after them.
_GROUP = re.compile(r"\((?:[^()\\\[]|\\.|\[(?:[^\]\\]|\\.)*\])*\)(?![*+?{])")
_LITERAL = re.compile(r"(?:\\([^\w\s])|([^\\()\[\]{}.*+?^$|]))(?![*+?{])")


def _needle(pattern: str, repl: str) -> str | None:
    """A string the text must hold for ``pattern`` → ``repl`` to change it, or None."""
    if pattern == " +" and repl == " ":
        return "  "  # runs of spaces become one space: nothing to do without "  "
    if "|" in pattern:
        return None  # alternatives: no single needle
    pos = 0
    while group := _GROUP.match(pattern, pos):
        pos = group.end()
    needle = ""  # every match holds the literals that follow the leading groups
    while literal := _LITERAL.match(pattern, pos):
        needle, pos = needle + (literal[1] or literal[2]), literal.end()
    return needle or None


class _Normalizer:
    """``MosesPunctNormalizer(lang).normalize`` with its rules precompiled, applied in order."""

    def __init__(self, lang: str) -> None:
        self._steps: list[tuple[re.Pattern[str], str, str | None]] = []
        for pattern, repl in MosesPunctNormalizer(lang=lang).substitutions:
            # A rule cannot change a text without its needle: skip it then.
            self._steps.append((re.compile(pattern), repl, _needle(pattern, repl)))

    def normalize(self, text: str) -> str:
        for pattern, repl, needle in self._steps:
            if needle is None or needle in text:
                text = pattern.sub(repl, text)
        return text.strip()


_NOT_LONE_SPACE = re.compile(r"[^\S ]|  ")
_TOKEN_END_PERIOD = re.compile(r"\.(?!\S)(?<=\S\.)")  # a "." ending a token of 2+ characters


class _Skippable:
    """A compiled Moses rule that returns the text as it is when it lacks ``needle``."""

    def __init__(self, pattern: re.Pattern[str], needle: str | re.Pattern[str]) -> None:
        self.pattern, self.needle = pattern, needle

    def sub(self, repl: str, text: str) -> str:
        if isinstance(self.needle, str):
            return self.pattern.sub(repl, text) if self.needle in text else text
        return self.pattern.sub(repl, text) if self.needle.search(text) else text


class _Tokenizer(MosesTokenizer):
    """``MosesTokenizer`` doing less work for the same output: character-class tests use sets
    built once (not on every call), and rules that cannot match the text are skipped."""

    def __init__(self, lang: str) -> None:
        super().__init__(lang=lang)
        self._lower = frozenset(self.IsLower)
        self._alpha = frozenset(self.IsAlpha)

        # Rules that leave a text without their needle as it is: every match holds the needle
        # (\s+ → " " changes only a text with whitespace other than lone spaces).
        needles: dict[str, str | re.Pattern[str]] = {
            "DEDUPLICATE_SPACE": _NOT_LONE_SPACE,
            "AGGRESSIVE_HYPHEN_SPLIT": "-",
            "COMMA_SEPARATE_1": ",",
            "COMMA_SEPARATE_2": ",",
            "COMMA_SEPARATE_3": ",",
            "NON_SPECIFIC_APOSTROPHE": "'",
            "TRAILING_DOT_APOSTROPHE": ".'",
        }
        for name, needle in needles.items():
            pattern, repl = getattr(self, name)
            setattr(self, name, (_Skippable(pattern, needle), repl))
        for name in ("ENGLISH_SPECIFIC_APOSTROPHE", "FR_IT_SPECIFIC_APOSTROPHE"):
            setattr(self, name, [(_Skippable(p, "'"), r) for p, r in getattr(self, name)])

    def islower(self, text: str) -> bool:
        return self._lower.issuperset(text)

    def isanyalpha(self, text: str) -> bool:
        return not self._alpha.isdisjoint(text)

    def replace_multidots(self, text: str) -> str:
        # Its rules match only ".." or "DOTMULTI".
        if ".." not in text and "DOTMULTI" not in text:
            return text
        return str(super().replace_multidots(text))

    def restore_multidots(self, text: str) -> str:
        return str(super().restore_multidots(text)) if "DOTMULTI" in text else text

    def handles_nonbreaking_prefixes(self, text: str) -> str:
        # It only changes tokens ending with "." (and rejoins the tokens with single spaces).
        if not _TOKEN_END_PERIOD.search(text):
            return " ".join(text.split())
        return str(super().handles_nonbreaking_prefixes(text))


@lru_cache(maxsize=64)
def _moses(lang: str) -> tuple[_Normalizer, _Tokenizer]:
    return _Normalizer(lang), _Tokenizer(lang)


def _moses_tokens(text: str, lang: str) -> tuple[str, ...]:
    norm, tok = _moses(lang)
    raw = tok.tokenize(norm.normalize(text), escape=False, aggressive_dash_splits=True)
    return _fold(t for r in raw for t in r.split())


# --- The fast path -------------------------------------------------------------------------------

# Letters: ASCII and the Latin-1/Extended-A/B letters in Moses' IsAlpha (all are IsAlnum, no IsN).
_LATIN = "".join(c for c in map(chr, range(0xC0, 0x250)) if c in MosesTokenizer.IsAlpha)
_L = "A-Za-z" + _LATIN  # for regex classes
_LETTER = frozenset(string.ascii_letters + _LATIN)
# Characters Moses pads with spaces (not IsAlnum, not . ' ` , -): punctuation-only tokens, so
# spaces here; the normaliser maps “ ” „ « » to " and — to " - " (a dropped lone "-").
_SEPARATORS = '!"#$%&()*+/:;<=>?@[\\]^_{|}~“”„«»—'
# The normaliser maps ’ ‘ ´ ` to '.
_APOSTROPHES = "'’‘´`"
_ALLOWED = re.compile(f"[{_L}0-9 ,.\\-–{re.escape(_SEPARATORS + _APOSTROPHES)}]+")
# What the fast path leaves to Moses (each pattern starts with a literal or a class: quick scans).
_UNSURE = (
    # a quote before . or , (the en normaliser moves them: `"([,.]+)` → `\1"`)
    re.compile(r'["“”„«»][.,]'),
    # an apostrophe not between two letters (Moses' other apostrophe rules; '' → ")
    re.compile(f"[{_APOSTROPHES}](?:(?<![{_L}].)|(?![{_L}]))"),
    # a "." other than between digits or last (nonbreaking-prefix rules see the other tokens),
    # multidots (Moses DOTMULTI), and "-." ",." at the end (Moses keeps "well-." whole)
    re.compile(r"\.(?:(?<![0-9]\.)(?!\s*$)|(?![0-9]|\s*$)|(?<=[-–,.]\.))"),
    # ",," (Moses' comma rules consume a neighbour)
    re.compile(",,"),
)
_SEPARATOR = re.compile(f"[{re.escape(_SEPARATORS)}]")
# Moses COMMA_SEPARATE_1-3: a "," not between two digits is split off.
_COMMA = re.compile(r",(?:(?<![0-9],)|(?![0-9]))")
_NOT_ASCII_MARKS = re.compile("[’‘´`–]")
# The normaliser's ’ ‘ ´ ` → ' and – → -.
_MARKS = str.maketrans({**dict.fromkeys(_APOSTROPHES, "'"), "–": "-"})
# Moses AGGRESSIVE_HYPHEN_SPLIT: ([alnum])-(?=[alnum]) → "\1 @-@ " (the @-@ token is dropped).
_HYPHEN = re.compile(f"([{_L}0-9])-(?=[{_L}0-9])")
# Moses EN_SPECIFIC_4 / FR_IT_SPECIFIC_4: ([alpha])'([alpha]) → "\1 '\2" / "\1' \2".
_APOSTROPHE = re.compile(f"([{_L}])'([{_L}])")
_APOSTROPHE_SPLIT = {"en": r"\1 '\2", "fr": r"\1' \2", "it": r"\1' \2"}


@lru_cache(maxsize=64)
def _prefixes(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    tok = _moses(lang)[1]
    return frozenset(tok.NONBREAKING_PREFIXES), frozenset(tok.NUMERIC_ONLY_PREFIXES)


def _fast_tokens(text: str, lang: str) -> tuple[str, ...] | None:
    """Moses' tokens for simple text, without running Moses; None when the text is not simple."""
    if not _ALLOWED.fullmatch(text) or any(p.search(text) for p in _UNSURE):
        return None
    if text.lstrip().startswith(","):
        return None  # Moses keeps a leading ",5" whole
    if _NOT_ASCII_MARKS.search(text):
        text = text.translate(_MARKS)
    text = _SEPARATOR.sub(" ", text)
    if "," in text:
        text = _COMMA.sub(" ", text)
    if "-" in text:
        text = _HYPHEN.sub(r"\1 ", text)
    if "'" in text:
        # Moses' apostrophe rules: en/fr/it split at a letter-letter ', others pad every '.
        split = _APOSTROPHE_SPLIT.get(lang)
        text = _APOSTROPHE.sub(split, text) if split else text.replace("'", " ")
    pieces = text.split()
    if pieces and pieces[-1].endswith("."):
        # Moses' nonbreaking-prefix rule for the last token: split "word." unless a known prefix.
        last = pieces[-1][:-1]
        if "." in last and not _LETTER.isdisjoint(last):
            return None
        breaking, numeric_only = _prefixes(lang)
        keep = last in breaking and last not in numeric_only
        pieces[-1] = pieces[-1] if keep else last
        if not pieces[-1]:
            pieces.pop()
    for t in pieces:
        if "." in t and not t.endswith(".") and not _NUMBER.match(t):
            return None
    return _fold(pieces)


def _tokens(text: str, lang: str) -> tuple[str, ...]:
    fast = _fast_tokens(text, lang)
    return fast if fast is not None else _moses_tokens(text, lang)


# Queries, pivot texts and QA checks tokenise the same few texts again and again
_cached_tokens = lru_cache(maxsize=32768)(_tokens)


def index_tokens(text: str, lang: str, *, cached: bool = True) -> list[str]:
    """Return the folded word tokens of ``text``: lower-cased, numbers as ``<num>``, no punctuation.

    ``cached=False`` bypasses the cache of recent texts: for imports, where every text is new
    and the cache would only hold (32,768 texts, about 70 MB of token strings) what is not
    asked for again.
    """
    if not text.strip():
        return []
    return list((_cached_tokens if cached else _tokens)(text, base_language(lang)))
