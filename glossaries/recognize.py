"""Term recognition: find a glossary's terms in a segment of any language, in one pass.

:class:`TermRecognizer` is built once from concepts. Each term is cut into words (runs of letters
and digits: hyphens, apostrophes, slashes and spaces separate words, so ``INTERPOL's``,
``dell'UNICRI``, ``(UNICRI)`` and ``Sub-Group`` all expose the bare word) and expanded into its
inflected forms (:mod:`glossaries.inflection`: rule tables per language, and the forms the
glossary itself gives); every form goes into one Aho-Corasick automaton per language
(pyahocorasick), keyed by its case-folded words.

A segment is cut into words the same way, and each word is put in canonical form before the
single automaton pass: the case-folded word itself when some term uses it, else its simplemma
lemma when *that* is a term word (``wahamiaji`` → ``mhamiaji``, ``criminali`` → ``criminale``,
``groups`` → ``group``), else the word unchanged. Mapping to the term's own words, never lemma to
lemma, keeps the lemmatiser's conflations out (simplemma maps both ``uhalifu`` *crime* and
``wahalifu`` *criminals* to ``halifu``; neither is a term word, so neither matches the other).
Keys are delimited by spaces, so a term only matches whole words: ``terrorismo`` is not found
inside ``antiterrorismo`` (an Italian compound is a different term; write it in the glossary if it
is one), nor ``gaidi`` inside ``ugaidi``.

Acronyms (by type or by shape: ``LEPSG``, ``G7``) and terms marked case-sensitive are matched on
the exact words only: the Italian possessive ``mia`` is not ``MIA``. An English acronym also
matches its plural (``NGOs``); possessives need nothing (``'s`` is a word of its own).

Each :class:`TermHit` says how it matched: ``exact`` (same characters), ``case-folded`` (same
characters but for case), ``variant`` (same words, other separators: ``Sub Group``/``Sub-Group``)
or ``lemma`` (an inflected form: ``wahamiaji`` for *mhamiaji*, ``organizzazioni criminali`` for
*organizzazione criminale*). Overlapping hits are resolved longest first.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

import ahocorasick

from mkutano.tmx.lang import base_language, language_match

from .inflection import form_note, inflected_forms, lemma
from .model import Concept, Term

__all__ = ["MatchKind", "TermHit", "TermRecognizer", "words"]

MatchKind = Literal["exact", "case-folded", "variant", "lemma"]
_KIND_RANK: dict[str, int] = {"exact": 0, "case-folded": 1, "variant": 2, "lemma": 3}

_WORD = re.compile(r"[^\W_]+")


def words(text: str) -> list[tuple[int, int, str]]:
    """The words of ``text`` as ``(start, end, word)``: runs of letters and digits."""
    return [(m.start(), m.end(), m.group()) for m in _WORD.finditer(text)]


@dataclass(frozen=True, slots=True)
class TermHit:
    """A term found in a segment: ``text[start:end]`` is the form found (``text``)."""

    start: int
    end: int
    text: str
    concept_id: str
    term: Term
    match: MatchKind
    lang: str
    concept: Concept = field(compare=False, repr=False)

    @property
    def provenance(self) -> str | None:
        """Which form of the term was found, when it is not the term as written."""
        return form_note(self.text, self.term.text, self.lang)

    def renderings(self, lang: str) -> list[Term]:
        """The concept's terms in another language, preferred first."""
        return self.concept.terms_for(lang)

    def as_dict(self) -> dict[str, Any]:
        """A JSON-ready view, with the concept's terms in every other language."""
        other: dict[str, list[dict[str, Any]]] = {}
        for t in sorted(self.concept.terms, key=lambda t: t.effective_status.rank):
            if language_match(self.lang, t.lang):
                continue
            other.setdefault(t.lang, []).append(_term_dict(t))
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "concept": self.concept_id,
            "glossary": self.concept.glossary,
            "match": self.match,
            "variant": self.provenance,
            "lang": self.lang,
            "term": _term_dict(self.term),
            "subject_field": self.concept.subject_field,
            "definition": self.concept.definition_for(self.lang),
            "renderings": other,
        }


def _term_dict(t: Term) -> dict[str, Any]:
    return {
        "text": t.text,
        "lang": t.lang,
        "status": t.effective_status.value,
        "type": t.type.value if t.type else None,
        "part_of_speech": t.part_of_speech,
        "do_not_translate": t.do_not_translate,
        "case_sensitive": t.matches_case_sensitively,
        "usage_note": t.usage_note,
    }


# An automaton entry: (term number, expected words for a case-sensitive match or None,
# generated form?). Expected words are compared exactly with the segment's words.
_Entry = tuple[int, tuple[str, ...] | None, bool]


@dataclass
class _Index:
    automaton: Any  # ahocorasick.Automaton: " w1 w2 " -> (key length, word count, entries)
    vocabulary: frozenset[str]  # every case-folded word of every form
    size: int


class TermRecognizer:
    """Recognises the terms of a set of concepts in segments; build once, use from any thread."""

    def __init__(self, concepts: Iterable[Concept]) -> None:
        self._concepts: list[Concept] = list(concepts)
        self._terms: list[tuple[Concept, Term, tuple[str, ...]]] = []
        by_lang: dict[str, list[int]] = {}
        for c in self._concepts:
            for t in c.terms:
                ws = tuple(w for _, _, w in words(t.text))
                if not ws:
                    continue
                by_lang.setdefault(base_language(t.lang), []).append(len(self._terms))
                self._terms.append((c, t, ws))
        self._pending = by_lang
        self._indexes: dict[str, _Index] = {}
        self._lock = threading.Lock()

    @classmethod
    def from_concepts(cls, concepts: Iterable[Concept]) -> TermRecognizer:
        """Build a recogniser; the automaton of each language is built on first use."""
        return cls(concepts)

    @property
    def concepts(self) -> list[Concept]:
        return list(self._concepts)

    @property
    def languages(self) -> list[str]:
        return sorted(set(self._pending) | set(self._indexes))

    def prepare(self, langs: Sequence[str] | None = None) -> None:
        """Build the automata now (for ``langs``, default all) instead of on first use."""
        for lang in langs or self.languages:
            self._index(base_language(lang))

    # -- building --------------------------------------------------------------------------------
    def _index(self, base: str) -> _Index | None:
        idx = self._indexes.get(base)
        if idx is not None:
            return idx
        with self._lock:
            idx = self._indexes.get(base)
            if idx is None and base in self._pending:
                idx = self._build(base, self._pending[base])
                self._indexes[base] = idx
            return idx

    def _build(self, base: str, numbers: list[int]) -> _Index:
        forms: dict[str, list[_Entry]] = {}
        vocabulary: set[str] = set()
        for n in numbers:
            _, term, ws = self._terms[n]
            cs = term.matches_case_sensitively
            variants: list[tuple[tuple[str, ...], bool]] = [(ws, False)]
            variants += [(f, True) for f in inflected_forms(ws, base, acronym=term.is_acronym)]
            for given in term.forms:
                gws = tuple(w for _, _, w in words(given))
                if gws:
                    variants.append((gws, True))
            for form, generated in variants:
                folded = tuple(w.casefold() for w in form)
                vocabulary.update(folded)
                forms.setdefault(_key(folded), []).append((n, form if cs else None, generated))
        return _Index(_automaton(forms), frozenset(vocabulary), len(forms))

    # -- recognising -----------------------------------------------------------------------------
    def find(self, text: str, lang: str, *, overlapping: bool = False) -> list[TermHit]:
        """The terms of language ``lang`` found in ``text``, by position.

        Without ``overlapping``, a hit inside or across a longer hit is dropped (the longer
        one wins; then the better match, then the glossary of higher priority); hits on the
        very same span for different concepts are all kept.
        """
        base = base_language(lang)
        idx = self._index(base)
        if idx is None or not text:
            return []
        toks = words(text)
        if not toks:
            return []
        surface = [w for _, _, w in toks]
        folded = [w.casefold() for w in surface]
        vocab = idx.vocabulary
        canonical = [w if w in vocab else _canonical(w, base, vocab) for w in folded]
        lemmatised = [c != w for c, w in zip(canonical, folded, strict=True)]
        view, starts = _view(canonical)
        best: dict[tuple[int, int, int], tuple[int, TermHit]] = {}
        for end_at, (key_len, count, entries) in idx.automaton.iter(view):
            first = starts.get(end_at - key_len + 1)
            if first is None:
                continue
            last = first + count - 1
            s, e = toks[first][0], toks[last][1]
            via_lemma = any(lemmatised[first : last + 1])
            for n, expected, generated in entries:
                if expected is not None and tuple(surface[first : last + 1]) != expected:
                    continue
                concept, term, _ = self._terms[n]
                kind = self._kind(text[s:e], term, generated or via_lemma)
                hit = TermHit(s, e, text[s:e], concept.id, term, kind, term.lang, concept)
                rank = _KIND_RANK[kind] * 10 + term.effective_status.rank
                k = (s, e, id(concept))
                if k not in best or rank < best[k][0]:
                    best[k] = (rank, hit)
        hits = [h for _, h in best.values()]
        if not overlapping:
            hits = _resolve(hits)
        return sorted(hits, key=lambda h: (h.start, -(h.end - h.start), h.concept_id))

    def recognize(self, text: str, lang: str) -> list[TermHit]:
        """Alias of :meth:`find` without overlapping hits."""
        return self.find(text, lang)

    @staticmethod
    def _kind(found: str, term: Term, inflected: bool) -> MatchKind:
        if found == term.text:
            return "exact"
        if found.casefold() == term.text.casefold():
            return "case-folded"
        if inflected:
            return "lemma"
        return "variant"


def _canonical(word: str, lang: str, vocabulary: frozenset[str]) -> str:
    lem = lemma(word, lang)
    return lem if lem in vocabulary else word


def _key(ws: Sequence[str]) -> str:
    return " " + " ".join(ws) + " "


def _automaton(table: dict[str, list[_Entry]]) -> Any:
    a = ahocorasick.Automaton()
    for key, entries in table.items():
        a.add_word(key, (len(key), key.count(" ") - 1, tuple(entries)))
    if len(table):
        a.make_automaton()
    return a


def _view(ws: list[str]) -> tuple[str, dict[int, int]]:
    """The words joined by single spaces, framed by spaces; and each word's leading-space offset."""
    starts: dict[int, int] = {}
    pos = 0
    for i, w in enumerate(ws):
        starts[pos] = i
        pos += len(w) + 1
    return " " + " ".join(ws) + " ", starts


def _resolve(hits: list[TermHit]) -> list[TermHit]:
    order = sorted(
        hits,
        key=lambda h: (
            -(h.end - h.start),
            _KIND_RANK[h.match],
            -h.concept.priority,
            h.term.effective_status.rank,
            h.start,
        ),
    )
    kept: list[TermHit] = []
    spans: set[tuple[int, int]] = set()
    for h in order:
        if (h.start, h.end) in spans:
            kept.append(h)
            continue
        if any(h.start < k.end and k.start < h.end for k in kept):
            continue
        kept.append(h)
        spans.add((h.start, h.end))
    return kept
