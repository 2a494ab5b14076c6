"""Text normalisation for matching: the tokens a segment is indexed and scored by.

Contract used by the stores: ``index_tokens(text, lang)`` returns the normalised token sequence
(order kept, duplicates kept) that the index stores for a variant and the scorer compares:

1. Moses punctuation normalisation (``sacremoses.MosesPunctNormalizer``: quotes, dashes, spaces);
2. Moses tokenisation for the base language, hyphenated words split (``4-month-old`` → ``4``,
   ``month``, ``old``) so a concordance search for ``money`` finds ``follow-the-money``;
3. punctuation-only tokens dropped, numbers (``1,200``, ``10:30``, ``2024-05-01``) folded to the
   class token ``<num>``, every other token case-folded.

No token contains whitespace (the SQL store keeps a variant's tokens space-separated). Results are
cached per (text, language): translation memories repeat segments a lot.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sacremoses import MosesPunctNormalizer, MosesTokenizer

from tmx.lang import base_language

__all__ = ["NUMBER_TOKEN", "index_tokens"]

#: The class token every number is folded to.
NUMBER_TOKEN = "<num>"

_NUMBER = re.compile(r"^[-+]?\d[\d.,:/\-]*$")
_PUNCT = re.compile(r"^[\W_]+$")


@lru_cache(maxsize=64)
def _moses(lang: str) -> tuple[MosesPunctNormalizer, MosesTokenizer]:
    return MosesPunctNormalizer(lang=lang), MosesTokenizer(lang=lang)


# The fast path: plain ASCII words, numbers, and , . ? ! where Moses' rules are simple; anything
# else (quotes, apostrophes, hyphens, parentheses, non-ASCII, "..", a "." not between digits or
# not at the very end, a "," not after a letter or digit) goes through sacremoses. Both give the
# same tokens: tests/tm/test_tokens.py compares them on the corpus and on generated text.
_SIMPLE = re.compile(r"[A-Za-z0-9 ,.?!]+")
_BAD_COMMA = re.compile(r"(?<![A-Za-z0-9]),|,(?![0-9 ?!]|$)|(?<=[A-Za-z]),(?=[0-9])")
_BAD_DOT = re.compile(r"(?<![0-9])\.(?!$)|\.(?![0-9]|$)|\.\.|(?<![A-Za-z0-9])\.")
_SPLIT = re.compile(r"[ ?!]+|,(?![0-9])|(?<![0-9]),")


@lru_cache(maxsize=64)
def _prefixes(lang: str) -> tuple[frozenset[str], frozenset[str]]:
    tok = _moses(lang)[1]
    return frozenset(tok.NONBREAKING_PREFIXES), frozenset(tok.NUMERIC_ONLY_PREFIXES)


def _fast_tokens(text: str, lang: str) -> tuple[str, ...] | None:
    """Moses' tokens for simple text, without running Moses; None when the text is not simple."""
    if not _SIMPLE.fullmatch(text) or _BAD_COMMA.search(text) or _BAD_DOT.search(text):
        return None
    pieces = [p for p in _SPLIT.split(text) if p]
    if pieces and pieces[-1].endswith(".") and text.rstrip().endswith("."):
        last = pieces[-1][:-1]
        if "." in last and any(c.isalpha() for c in last):
            return None
        breaking, numeric_only = _prefixes(lang)
        keep = last in breaking and last not in numeric_only
        pieces[-1] = pieces[-1] if keep else last
        if not pieces[-1]:
            pieces.pop()
    out: list[str] = []
    for t in pieces:
        if "." in t and not t.endswith(".") and not _NUMBER.match(t):
            return None
        out.append(NUMBER_TOKEN if _NUMBER.match(t) else t.casefold())
    return tuple(out)


def _moses_tokens(text: str, lang: str) -> tuple[str, ...]:
    norm, tok = _moses(lang)
    out: list[str] = []
    for raw in tok.tokenize(norm.normalize(text), escape=False, aggressive_dash_splits=True):
        for t in raw.split():
            if _PUNCT.match(t):
                continue
            out.append(NUMBER_TOKEN if _NUMBER.match(t) else t.casefold())
    return tuple(out)


@lru_cache(maxsize=32768)
def _tokens(text: str, lang: str) -> tuple[str, ...]:
    fast = _fast_tokens(text, lang)
    return fast if fast is not None else _moses_tokens(text, lang)


def index_tokens(text: str, lang: str) -> list[str]:
    """Return the folded word tokens of ``text``: lower-cased, numbers as ``<num>``, no punctuation."""
    if not text.strip():
        return []
    return list(_tokens(text, base_language(lang)))
