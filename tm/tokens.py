"""Text normalisation for matching: the tokens a segment is indexed and scored by.

Initial version; the matching module owns and refines it. Contract used by the stores:
``index_tokens(text, lang)`` returns the normalised token sequence (order kept, duplicates kept)
that the index stores for a variant and the scorer compares.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sacremoses import MosesPunctNormalizer, MosesTokenizer

from tmx.lang import base_language

__all__ = ["index_tokens"]

_NUMBER = re.compile(r"^\d[\d.,:/\-]*$")
_PUNCT = re.compile(r"^\W+$")


@lru_cache(maxsize=64)
def _moses(lang: str) -> tuple[MosesPunctNormalizer, MosesTokenizer]:
    return MosesPunctNormalizer(lang=lang), MosesTokenizer(lang=lang)


def index_tokens(text: str, lang: str) -> list[str]:
    """Return the folded word tokens of ``text``: lower-cased, numbers as ``<num>``, no punctuation."""
    norm, tok = _moses(base_language(lang))
    out: list[str] = []
    for t in tok.tokenize(norm.normalize(text), escape=False):
        if _PUNCT.match(t):
            continue
        out.append("<num>" if _NUMBER.match(t) else t.casefold())
    return out
