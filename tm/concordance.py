"""Concordance: every place a word or phrase occurs in a language's segments, in context, with
the unit's translations (e.g. every rendering of "follow the money").

The phrase matches whole words, case-insensitively, with any run of spaces or punctuation between
its words. The token index finds the candidates: a variant containing the phrase contains its
rarest token, so only the variants holding that token are read and checked against the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from tmx import LanguageTagError, language_match, normalize_language

from .errors import InvalidInputError
from .store import Store
from .tokens import index_tokens

__all__ = ["ConcordanceHit", "concordance"]

_CONTEXT_CHARS = 40
_MAX_LENGTH = 1_000_000  # no upper bound on a variant's length


@dataclass
class ConcordanceHit:
    """One occurrence: the segment split around the match (keyword in context)."""

    unit_id: int
    memory: str
    lang: str
    text: str
    left: str
    match: str
    right: str
    start: int
    end: int
    translations: dict[str, str] = field(default_factory=dict)

    def as_dict(self) -> dict[str, object]:
        return {
            "unit_id": self.unit_id,
            "memory": self.memory,
            "lang": self.lang,
            "text": self.text,
            "left": self.left,
            "match": self.match,
            "right": self.right,
            "start": self.start,
            "end": self.end,
            "translations": dict(self.translations),
        }


def _pattern(phrase: str) -> re.Pattern[str]:
    words = re.findall(r"\w+", phrase)
    if not words:
        raise InvalidInputError(f"concordance phrase {phrase!r} has no word to look for")
    body = r"[\W_]+".join(re.escape(w) for w in words)
    return re.compile(rf"(?<!\w){body}(?!\w)", re.IGNORECASE)


def concordance(
    store: Store,
    phrase: str,
    *,
    lang: str,
    target_lang: str | None = None,
    memories: Sequence[str] | None = None,
    limit: int | None = 50,
) -> list[ConcordanceHit]:
    """Return the occurrences of ``phrase`` in ``lang`` segments, by unit id then position.

    ``target_lang`` keeps only units with a translation in it (and shows only that one); without
    it every other language of the unit is shown. ``limit``: most hits returned (None: all).
    """
    try:
        src = normalize_language(lang)
        tgt = normalize_language(target_lang) if target_lang else None
    except LanguageTagError as exc:
        raise InvalidInputError(f"{exc} (use a tag such as it, en, sw-KE)") from None
    if limit is not None and limit < 1:
        raise InvalidInputError(f"limit {limit} out of range: use 1 or more")
    pattern = _pattern(phrase)
    tokens = index_tokens(phrase, src)
    if not tokens:
        return []
    df = store.document_frequencies(src, set(tokens))
    rarest = min(set(tokens), key=lambda t: (df.get(t, 0), t))
    if not df.get(rarest):
        return []
    cands = store.candidates(
        src, [rarest], min_length=len(tokens), max_length=_MAX_LENGTH, memories=memories
    )
    hits: list[ConcordanceHit] = []
    by_unit: dict[int, list[int]] = {}
    for c in sorted(cands, key=lambda c: (c.unit_id, c.variant_index)):
        by_unit.setdefault(c.unit_id, []).append(c.variant_index)
    ids = list(by_unit)
    for start in range(0, len(ids), 500):
        for stored in store.get_units(ids[start : start + 500]):
            variants = stored.unit.variants
            translations: dict[str, str] = {}
            for i, v in enumerate(variants):
                if i in by_unit[stored.id]:
                    continue
                if tgt is None and language_match(src, v.lang):
                    continue
                try:
                    if tgt is None or language_match(tgt, v.lang):
                        translations.setdefault(normalize_language(v.lang), str(v.segment))
                except LanguageTagError:
                    continue
            if tgt is not None and not translations:
                continue
            for i in by_unit[stored.id]:
                if i >= len(variants):
                    continue
                text = variants[i].text
                for m in pattern.finditer(text):
                    hits.append(
                        ConcordanceHit(
                            unit_id=stored.id,
                            memory=stored.memory,
                            lang=normalize_language(variants[i].lang),
                            text=text,
                            left=text[max(0, m.start() - _CONTEXT_CHARS) : m.start()],
                            match=m.group(0),
                            right=text[m.end() : m.end() + _CONTEXT_CHARS],
                            start=m.start(),
                            end=m.end(),
                            translations=dict(translations),
                        )
                    )
                    if limit is not None and len(hits) >= limit:
                        return hits
    return hits
