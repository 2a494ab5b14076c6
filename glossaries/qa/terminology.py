"""Terminology checks against a glossary, through the glossary's own recognition.

Terms are found with :class:`glossaries.TermRecognizer` in both texts, so inflected forms count
(``wahamiaji`` renders *migranti*; ``organizzazioni criminali`` is *organizzazione criminale*).

* ``term-missing``: a concept found in the source has usable (preferred or admitted) terms in
  the target language, but none of them is in the target.
* ``term-forbidden`` / ``term-deprecated``: the target uses a term whose status is forbidden, or
  deprecated/superseded, unless the same words are also a usable term of a concept of the source.
* ``term-dnt``: a do-not-translate term of the source is not in the target exactly as written.
* ``acronym-missing``: an acronym of the source (a glossary acronym, or any token shaped like one:
  ``LEPSG``, ``G7``, ``ISIS-K``) is neither in the target nor rendered by a glossary equivalent
  (``IA`` → ``AI``).
* ``acronym-full-form``: an acronym and the full form beside it in brackets belong to different
  concepts (``UNODC (Taasisi ya Utafiti ... )``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from mkutano.glossaries.model import Concept, Term, TermStatus, TermType
from mkutano.glossaries.recognize import TermHit, TermRecognizer

from .catalog import new_finding
from .finding import Finding
from .pair import WORD, Pair, QAContext

__all__ = ["TermIndex", "check_terminology"]

_ACRONYM_TOKEN = re.compile(
    r"(?<![\w-])(?=[A-Z0-9-]*[A-Z][A-Z0-9-]*\b)[A-Z][A-Z0-9]*(?:-[A-Z0-9]+)*(?![\w-])"
)
_ROMAN = re.compile(r"^[IVXLCDM]+$")


class TermIndex:
    """A glossary ready for QA: its recogniser plus what the checks look up often."""

    def __init__(self, recognizer: TermRecognizer) -> None:
        self.recognizer = recognizer
        self.concepts: dict[str, Concept] = {c.id: c for c in recognizer.concepts}
        self.acronyms: frozenset[str] = frozenset(
            t.text for c in self.concepts.values() for t in c.terms if t.is_acronym
        )
        self._allowed: dict[str, set[str]] = {}

    @classmethod
    def from_concepts(cls, concepts: Iterable[Concept]) -> TermIndex:
        return cls(TermRecognizer.from_concepts(concepts))

    def find(self, text: str, lang: str, *, overlapping: bool = False) -> list[TermHit]:
        return self.recognizer.find(text, lang, overlapping=overlapping)

    def allowed_words(self, lang: str) -> set[str]:
        """Lower-case words of the usable and do-not-translate terms of ``lang``."""
        if lang not in self._allowed:
            words: set[str] = set()
            for c in self.concepts.values():
                for t in c.terms_for(lang):
                    if (t.effective_status.usable or t.do_not_translate) and not t.is_acronym:
                        words.update(w.lower() for w in WORD.findall(t.text))
            self._allowed[lang] = words
        return self._allowed[lang]


def _usable(concept: Concept, lang: str) -> list[Term]:
    return [t for t in concept.terms_for(lang) if t.effective_status.usable]


def _replacement(concept: Concept, lang: str, used: Term) -> Term | None:
    """The usable term to use instead of ``used``: same type (a plural variant for a plural
    variant), else same shape (acronym or not), else the preferred term."""
    usable = _usable(concept, lang)
    same = [t for t in usable if t.is_acronym == used.is_acronym]
    same_type = [t for t in same if t.type is not None and t.type == used.type]
    pick = same_type or same or usable
    return pick[0] if pick else None


def _contains_exact(text: str, form: str) -> bool:
    return re.search(r"(?<![\w])" + re.escape(form) + r"(?![^\W_])", text) is not None


def _status_findings(
    pair: Pair, ctx: QAContext, tgt_hits: list[TermHit], src_concepts: set[str]
) -> list[Finding]:
    out: list[Finding] = []
    usable_spans = {(h.start, h.end) for h in tgt_hits if h.term.effective_status.usable}
    unusable = [h for h in tgt_hits if not h.term.effective_status.usable]
    for h in tgt_hits:
        status = h.term.effective_status
        if status.usable or (h.start, h.end) in usable_spans:
            continue
        if any(
            o.start <= h.start and h.end <= o.end and (o.end - o.start) > (h.end - h.start)
            for o in unusable
        ):
            continue  # inside a longer unusable term, reported once as a whole
        preferred = _replacement(h.concept, ctx.target_lang, h.term)
        check = "term-forbidden" if status is TermStatus.FORBIDDEN else "term-deprecated"
        if (
            h.concept_id not in src_concepts
            and pair.source is not None
            and check != "term-forbidden"
        ):
            # a deprecated term for a concept the source does not have: another meaning
            continue
        hint = f"; use '{preferred.text}'" if preferred else ""
        out.append(
            new_finding(
                check,
                f"'{h.text}' is a {status.value} term for {h.concept_id}{hint}",
                h.start,
                h.end,
                lang=ctx.target_lang,
                suggestion=preferred.text if preferred else None,
                pair_id=pair.id,
            )
        )
    return out


def _acronym_full_form(pair: Pair, ctx: QAContext, hits: list[TermHit]) -> list[Finding]:
    out: list[Finding] = []
    by_start: dict[int, list[TermHit]] = {}
    for h in hits:
        by_start.setdefault(h.start, []).append(h)
    text = pair.target
    for a in hits:
        m = re.compile(r"\s*\(").match(text, a.end)
        if not m:
            continue
        inner = by_start.get(m.end(), [])
        for f in inner:
            close = re.compile(r"\s*\)").match(text, f.end)
            if not close or a.term.is_acronym == f.term.is_acronym:
                continue
            a_concepts = {h.concept_id for h in by_start.get(a.start, []) if h.end == a.end}
            f_concepts = {h.concept_id for h in inner if h.end == f.end}
            if a_concepts & f_concepts:
                continue
            out.append(
                new_finding(
                    "acronym-full-form",
                    f"'{a.text}' ({a.concept_id}) and '{f.text}' ({f.concept_id}) "
                    "are different concepts",
                    a.start,
                    close.end(),
                    lang=ctx.target_lang,
                    suggestion=_full_form_for(a.concept, ctx.target_lang),
                    pair_id=pair.id,
                )
            )
            break
    return out


def _full_form_for(concept: Concept, lang: str) -> str | None:
    for t in _usable(concept, lang):
        if not t.is_acronym and t.type is not TermType.VARIANT:
            return t.text
    return None


def _reordered_or_word(token: str, target: str) -> bool:
    """Whether the target has the acronym's letters in another order or as a word.

    Acronyms follow each language's word order (SM, *sclerosi multipla* → MS; URSS → USSR; IA →
    AI) and long ones are often written as words (NASA → Nasa, UNESCO → Unesco).
    """
    letters = sorted(token.replace("-", ""))
    for m in _ACRONYM_TOKEN.finditer(target):
        if sorted(m.group().replace("-", "")) == letters:
            return True
    return (
        len(token) >= 4
        and token.isalpha()
        and re.search(rf"\b{re.escape(token.capitalize())}\b", target) is not None
    )


# Acronyms that translations usually render with a word of their own language (the country,
# the organisation, the era or the object named), per acronym in any of it/en/sw.
_RENDERED = {
    ("US", "USA", "USAF", "USACE"): ("marekani", "stati uniti", "united states", "america", "u.s."),
    ("UK",): ("uingereza", "regno unito", "united kingdom", "britain", "britannia"),
    ("UN", "ONU"): ("umoja wa mataifa", "nazioni unite", "united nations", "u.n."),
    ("EU", "UE"): ("umoja wa ulaya", "unione europea", "european union"),
    ("TV",): ("runinga", "televisheni", "televisione", "television", "tv"),
    ("PC",): ("kompyuta", "tarakilishi", "computer", "personal computer"),
    ("MP",): ("mbunge", "wabunge", "deputato", "parlamentare", "member of parliament"),
    ("BC", "BCE", "AC", "KK"): (
        "kk",
        "kabla ya kristo",
        "kabla ya masihi",
        "avanti cristo",
        "a.c.",
        "bc",
    ),
    ("AD", "DC", "CE", "BK"): ("bk", "baada ya kristo", "dopo cristo", "d.c.", "ad"),
    ("GDP", "PIL"): ("gdp", "pil", "pato la taifa", "prodotto interno lordo", "gross domestic"),
    ("AUD", "USD", "EUR"): ("dola", "dollar", "dollaro", "dollari", "euro", "yuro"),
    ("IT", "ICT"): ("teknolojia", "tecnologia", "technology", "informatica"),
}
_RENDERINGS = {a: words for acronyms, words in _RENDERED.items() for a in acronyms}
_CONNECTOR = r"(?:\s+(?:la|ya|wa|cha|za|vya|of|the|for|and|di|del|della|dei|degli|e|na))*"
_NAME_RUN = re.compile(rf"\b[A-Z][\w'’-]+(?:{_CONNECTOR}\s+[A-Z][\w'’-]+)+")


def _spelled_out(token: str, pair: Pair) -> bool:
    """Whether the target renders the acronym another way a translator may choose.

    With dots or spaces (``D K``, ``U.N.``), by a usual rendering (``US`` → *Marekani*, ``TV`` →
    *runinga*), or spelled out: a name of two capitalised words or more that the source does not
    have (``UCLA`` → *Kituo cha Matibabu cha Ronald Reagan*, ``FAA`` → *Utawala wa Shirikisho
    la Anga*).
    """
    letters = [c for c in token if c.isalnum()]
    if re.search(r"\b" + r"[.\s]?".join(map(re.escape, letters)) + r"\b", pair.target):
        return True
    low = pair.target.lower()
    if any(w in low for w in _RENDERINGS.get(token, ())):
        return True
    source = pair.source or ""
    for m in _NAME_RUN.finditer(pair.target):
        if m.group() in source:
            continue
        caps = re.findall(r"\b[A-Z][\w'’-]*", m.group())
        if re.search(r"(?:^|[.!?:]\s+)$", pair.target[: m.start()]):
            caps = caps[1:]  # the first word of a sentence is capitalised anyway
        if len(caps) >= 2 and not any(c.isupper() and len(c) > 1 for c in caps):
            return True
    return False


def _acronyms(
    pair: Pair, ctx: QAContext, src_hits: list[TermHit], tgt_concepts: set[str]
) -> list[Finding]:
    assert pair.source is not None
    if pair.source.isupper():
        return []  # a title in capitals: every word looks like an acronym
    out: list[Finding] = []
    for m in _ACRONYM_TOKEN.finditer(pair.source):
        token = m.group()
        if len(token) < 2 or _ROMAN.match(token) or _contains_exact(pair.target, token):
            continue
        covering = [h for h in src_hits if h.start <= m.start() and m.end() <= h.end]
        if any(h.term.do_not_translate for h in covering):
            continue  # reported by term-dnt
        if any(h.concept_id in tgt_concepts for h in covering):
            continue  # rendered by a glossary equivalent (IA → AI)
        if _reordered_or_word(token, pair.target) or _spelled_out(token, pair):
            continue
        suggestion = token
        for h in covering:
            usable = [t for t in _usable(h.concept, ctx.target_lang) if t.is_acronym]
            if usable:
                suggestion = usable[0].text
        out.append(
            new_finding(
                "acronym-missing",
                f"acronym '{token}' of the source is missing or changed in the target",
                0,
                len(pair.target),
                lang=ctx.target_lang,
                source_span=(m.start(), m.end()),
                suggestion=suggestion,
                pair_id=pair.id,
            )
        )
    return out


def check_terminology(pair: Pair, ctx: QAContext) -> list[Finding]:
    """Run the terminology checks on one pair (``pair.source`` None: term status only)."""
    index = ctx.terms
    out: list[Finding] = []
    tgt_hits = index.find(pair.target, ctx.target_lang, overlapping=True) if index else []
    tgt_concepts = {
        h.concept_id for h in tgt_hits if h.term.effective_status.usable or h.term.do_not_translate
    }
    if pair.source is None or ctx.source_lang is None:
        if index is not None:
            out.extend(_status_findings(pair, ctx, tgt_hits, set()))
            out.extend(_acronym_full_form(pair, ctx, tgt_hits))
        return out
    src_hits = index.find(pair.source, ctx.source_lang) if index else []
    src_concepts = {h.concept_id for h in src_hits}
    reported: set[str] = set()
    for h in src_hits:
        if h.concept_id in reported:
            continue
        if h.term.do_not_translate:
            if not _contains_exact(pair.target, h.term.text) and not _contains_exact(
                pair.target, h.text
            ):
                reported.add(h.concept_id)
                out.append(
                    new_finding(
                        "term-dnt",
                        f"'{h.text}' must not be translated or altered; it is missing from the "
                        "target",
                        0,
                        len(pair.target),
                        lang=ctx.target_lang,
                        source_span=(h.start, h.end),
                        suggestion=h.term.text,
                        pair_id=pair.id,
                    )
                )
            continue
        usable = _usable(h.concept, ctx.target_lang)
        if not usable or h.concept_id in tgt_concepts:
            continue
        if any(t.concept_id == h.concept_id for t in tgt_hits):
            continue  # rendered with a deprecated/forbidden term: reported as such
        if h.term.is_acronym and _contains_exact(pair.target, h.text):
            continue
        reported.add(h.concept_id)
        out.append(
            new_finding(
                "term-missing",
                f"'{h.text}' ({h.concept_id}) has no approved rendering in the target; "
                f"expected '{usable[0].text}'",
                0,
                len(pair.target),
                lang=ctx.target_lang,
                source_span=(h.start, h.end),
                suggestion=usable[0].text,
                pair_id=pair.id,
            )
        )
    out.extend(_status_findings(pair, ctx, tgt_hits, src_concepts))
    out.extend(_acronym_full_form(pair, ctx, tgt_hits))
    out.extend(_acronyms(pair, ctx, src_hits, tgt_concepts))
    return out
