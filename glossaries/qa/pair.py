"""The input of the checks: a :class:`Pair` (source and target text of one segment) and the
:class:`QAContext` shared by the pairs of one run (languages, glossary, memory, vocabulary).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from mkutano.glossaries.lexicon import lexicon
from mkutano.tmx import Segment, Tag
from mkutano.tmx.lang import base_language, normalize_language

if TYPE_CHECKING:
    from mkutano.tm import Store

    from .terminology import TermIndex

__all__ = ["WORD", "Pair", "QAContext"]

#: A word: letters, with inner hyphens and apostrophes (it-brottslighet, ng'ombe, dell'Interno).
WORD = re.compile(r"[^\W\d_]+(?:[-'’][^\W\d_]+)*")


@dataclass(frozen=True, slots=True)
class Pair:
    """One source segment and its translation.

    ``source``/``target`` are plain text (no inline tags); the tags, when the input had any, are
    in ``source_tags``/``target_tags`` in order. ``target_offset``/``source_offset`` say where the
    texts start in their files, so document findings point into the whole file. ``source`` is
    ``None`` for a target text checked alone.
    """

    id: str | None
    source: str | None
    target: str
    source_tags: tuple[Tag, ...] = ()
    target_tags: tuple[Tag, ...] = ()
    source_offset: int = 0
    target_offset: int = 0

    @classmethod
    def from_segments(cls, id: str | None, source: Segment, target: Segment) -> Pair:
        """A pair from two :class:`tmx.Segment` values (text plus inline tags)."""
        return cls(id, source.plain, target.plain, source.tags, target.tags)


@dataclass
class QAContext:
    """What every check of one run may consult.

    ``vocabulary`` counts the lower-cased words of all target texts of the run (the glued-words
    check uses it to know which words exist on their own); ``allowed_words`` are lower-case words
    never reported as another language's (glossary terms, the profile's list); ``terms`` is the
    glossary index (None
    without a glossary); ``memory``/``memories`` the translation memory to compare with.
    """

    source_lang: str | None
    target_lang: str
    terms: TermIndex | None = None
    memory: Store | None = None
    memories: Sequence[str] | None = None
    vocabulary: Counter[str] = field(default_factory=Counter)
    source_vocabulary: Counter[str] = field(default_factory=Counter)
    allowed_words: set[str] = field(default_factory=set)
    cache: dict[str, dict[str, int]] = field(default_factory=dict)
    #: False when no enabled check needs a dictionary (``knows`` then answers None, as on a
    #: machine without one): a run of the cheap checks loads none.
    lexicons: bool = True

    def __post_init__(self) -> None:
        self.target_lang = normalize_language(self.target_lang)
        if self.source_lang is not None:
            self.source_lang = normalize_language(self.source_lang)

    @property
    def target_base(self) -> str:
        return base_language(self.target_lang)

    @property
    def source_base(self) -> str | None:
        return base_language(self.source_lang) if self.source_lang else None

    def knows(self, word: str, lang: str | None = None) -> bool | None:
        """Whether the dictionary of ``lang`` (the target's by default) has ``word``.

        None when that language has no dictionary on this machine (see
        :mod:`glossaries.lexicon`), or when the run loads no dictionary (``lexicons``).
        """
        if not self.lexicons:
            return None
        lex = lexicon(base_language(lang) if lang else self.target_base)
        return None if lex is None else lex.knows(word)

    def learn(self, pairs: Iterable[Pair]) -> None:
        """Count the words of the pairs' targets (and sources) into the vocabularies."""
        for p in pairs:
            self.vocabulary.update(w.lower() for w in WORD.findall(p.target))
            self.cache.clear()
            if p.source:
                self.source_vocabulary.update(w.lower() for w in WORD.findall(p.source))
