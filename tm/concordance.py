"""Concordance: every place a word or phrase occurs in a language's segments, in context, with
the unit's translations (e.g. every rendering of "follow the money").

The phrase matches whole words, case-insensitively, with any run of spaces or punctuation between
its words. The token index finds the candidates: a variant containing the phrase contains its
rarest token, so only the variants holding that token are read and checked against the text.

Forms: a word with ``*`` (any letters) or ``?`` (one letter) is a pattern (``crimin*`` finds
``criminal``, ``criminalità``, ``crimine``); with ``forms=True`` each word also finds its
inflected forms (:mod:`tm.forms`: ``migrant`` finds ``migrants``, Swahili ``mhalifu`` finds
``wahalifu`` and ``uhalifu``). Such a phrase cannot be looked up in the token index, so every
segment of the language in the memories is read (a scan).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

from mkutano.tmx import LanguageTagError, language_match, normalize_language

from .errors import InvalidInputError
from .forms import form_keys
from .store import Store, StoredUnit
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


_WORD = re.compile(r"[^\W_]+")
Finder = Callable[[str], Iterator[tuple[int, int]]]


def _word_test(word: str, lang: str, forms: bool) -> Callable[[str], bool]:
    if "*" in word or "?" in word:
        body = "".join(
            r"[^\W_]*" if c == "*" else r"[^\W_]" if c == "?" else re.escape(c) for c in word
        )
        rx = re.compile(body, re.IGNORECASE)
        return lambda w: rx.fullmatch(w) is not None
    if forms:
        keys = form_keys(word, lang)
        return lambda w: not keys.isdisjoint(form_keys(w, lang))
    folded = word.casefold()
    return lambda w: w.casefold() == folded


def _form_finder(phrase: str, lang: str, forms: bool) -> Finder:
    """Find the phrase's words in a text, each word by its pattern or its forms."""
    words = [w for w in re.findall(r"[\w*?]+", phrase) if w.strip("_")]
    if not words or all(set(w) <= set("*?") for w in words):
        raise InvalidInputError(f"concordance phrase {phrase!r} has no word to look for")
    tests = [_word_test(w, lang, forms) for w in words]

    def find(text: str) -> Iterator[tuple[int, int]]:
        found = [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]
        i, k = 0, len(tests)
        while i + k <= len(found):
            if all(test(found[i + j][2]) for j, test in enumerate(tests)):
                yield found[i][0], found[i + k - 1][1]
                i += k
            else:
                i += 1

    return find


def _indexed(
    store: Store, phrase: str, src: str, memories: Sequence[str] | None
) -> Iterator[tuple[StoredUnit, list[int]]]:
    """The units whose ``src`` variants hold the phrase's rarest token, with those variants."""
    tokens = index_tokens(phrase, src)
    if not tokens:
        return
    df = store.document_frequencies(src, set(tokens))
    rarest = min(set(tokens), key=lambda t: (df.get(t, 0), t))
    if not df.get(rarest):
        return
    cands = store.candidates(
        src, [rarest], min_length=len(tokens), max_length=_MAX_LENGTH, memories=memories
    )
    by_unit: dict[int, list[int]] = {}
    for c in sorted(cands, key=lambda c: (c.unit_id, c.variant_index)):
        by_unit.setdefault(c.unit_id, []).append(c.variant_index)
    ids = list(by_unit)
    for start in range(0, len(ids), 500):
        for stored in store.get_units(ids[start : start + 500]):
            yield stored, by_unit[stored.id]


def _scanned(
    store: Store, src: str, memories: Sequence[str] | None
) -> Iterator[tuple[StoredUnit, list[int]]]:
    """Every unit with a ``src`` variant, with those variants."""
    for stored in store.iter_units(memories=memories, languages=[src]):
        indices = []
        for i, v in enumerate(stored.unit.variants):
            try:
                if language_match(src, v.lang):
                    indices.append(i)
            except LanguageTagError:
                continue
        if indices:
            yield stored, indices


def concordance(
    store: Store,
    phrase: str,
    *,
    lang: str,
    target_lang: str | None = None,
    memories: Sequence[str] | None = None,
    limit: int | None = 50,
    forms: bool = False,
) -> list[ConcordanceHit]:
    """Return the occurrences of ``phrase`` in ``lang`` segments, by unit id then position.

    ``target_lang`` keeps only units with a translation in it (and shows only that one); without
    it every other language of the unit is shown. ``limit``: most hits returned (None: all).
    ``forms``: each word finds its inflected forms too; words with ``*``/``?`` are patterns.
    """
    try:
        src = normalize_language(lang)
        tgt = normalize_language(target_lang) if target_lang else None
    except LanguageTagError as exc:
        raise InvalidInputError(f"{exc} (use a tag such as it, en, sw-KE)") from None
    if limit is not None and limit < 1:
        raise InvalidInputError(f"limit {limit} out of range: use 1 or more")
    if forms or "*" in phrase or "?" in phrase:
        find = _form_finder(phrase, src, forms)
        units = _scanned(store, src, memories)
    else:
        pattern = _pattern(phrase)

        def find(text: str) -> Iterator[tuple[int, int]]:
            return (m.span() for m in pattern.finditer(text))

        units = _indexed(store, phrase, src, memories)
    hits: list[ConcordanceHit] = []
    for stored, indices in units:
        variants = stored.unit.variants
        translations: dict[str, str] = {}
        for i, v in enumerate(variants):
            if i in indices:
                continue
            try:
                if tgt is None and language_match(src, v.lang):
                    continue
                if tgt is None or language_match(tgt, v.lang):
                    translations.setdefault(normalize_language(v.lang), str(v.segment))
            except LanguageTagError:
                continue
        if tgt is not None and not translations:
            continue
        for i in indices:
            if i >= len(variants):
                continue
            text = variants[i].text
            for start, end in find(text):
                hits.append(
                    ConcordanceHit(
                        unit_id=stored.id,
                        memory=stored.memory,
                        lang=normalize_language(variants[i].lang),
                        text=text,
                        left=text[max(0, start - _CONTEXT_CHARS) : start],
                        match=text[start:end],
                        right=text[end : end + _CONTEXT_CHARS],
                        start=start,
                        end=end,
                        translations=dict(translations),
                    )
                )
                if limit is not None and len(hits) >= limit:
                    return hits
    return hits
