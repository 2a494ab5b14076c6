"""The QA engine: run every enabled check on pairs, a target text alone, or a document pair.

Three entry points, all returning a list of :class:`Finding` (never raising for a defect)::

    check_pairs(pairs, source_lang="it", target_lang="sw", glossary=concepts)
    check_target_text(text, target_lang="sw", glossary=concepts)
    check_document(source_text, target_text, source_lang="it", target_lang="sw")

``glossary`` is a :class:`TermIndex`, a :class:`glossaries.TermRecognizer` or concepts;
``memory`` a :class:`tm.Store` (with ``memories`` naming which of its memories to compare with).
The profile decides which checks run, their severities, custom rules and suppressions. Findings
come sorted by position; in a document their spans are offsets into the whole target text.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace

from mkutano.glossaries.lexicon import has_lexicon
from mkutano.glossaries.model import Concept
from mkutano.glossaries.recognize import TermRecognizer
from mkutano.tm import Store
from mkutano.tm.align import align
from mkutano.tmx.segmenter import Span, default_segmenter

from .catalog import CHECKS
from .consistency import check_consistency, check_memory
from .finding import Finding
from .language import check_language, supports
from .numbers import check_numbers
from .pair import Pair, QAContext
from .profile import Profile
from .spelling import check_spelling
from .tags import check_tags
from .terminology import TermIndex, check_terminology
from .typography import check_typography

__all__ = [
    "GlossaryLike",
    "check_document",
    "check_pairs",
    "check_target_text",
    "skipped_checks",
    "term_index",
]

GlossaryLike = TermIndex | TermRecognizer | Iterable[Concept]

_PARAGRAPH = re.compile(r"\n[ \t]*\n\s*")
# Checks that compare with the source: they cannot run on a target alone.
_NEEDS_SOURCE = frozenset(
    {
        "term-missing",
        "term-dnt",
        "acronym-missing",
        "inconsistent-translation",
        "inconsistent-source",
        "memory-inconsistent",
        "number-mismatch",
        "date-mismatch",
        "url-mismatch",
        "email-mismatch",
        "empty-target",
        "untranslated",
        "end-punctuation",
        "length-ratio",
        "tag-mismatch",
    }
)
_NEEDS_GLOSSARY = frozenset({"term-missing", "term-forbidden", "term-deprecated", "term-dnt"})


def term_index(glossary: GlossaryLike | None) -> TermIndex | None:
    """A :class:`TermIndex` for any accepted glossary value (None stays None)."""
    if glossary is None or isinstance(glossary, TermIndex):
        return glossary
    if isinstance(glossary, TermRecognizer):
        return TermIndex(glossary)
    return TermIndex.from_concepts(list(glossary))


def skipped_checks(
    profile: Profile | None = None,
    *,
    target_lang: str,
    with_source: bool = True,
    glossary: GlossaryLike | None = None,
    memory: Store | None = None,
) -> dict[str, str]:
    """The checks that do not run for these inputs, each with the reason (for reports)."""
    profile = profile or Profile()
    out: dict[str, str] = {}
    for check, info in CHECKS.items():
        if not profile.enabled(check) or not profile.family_enabled(info.family):
            out[check] = "disabled by the profile"
        elif not with_source and check in _NEEDS_SOURCE:
            out[check] = "no source text (target-only check)"
        elif glossary is None and check in _NEEDS_GLOSSARY:
            out[check] = "no glossary given"
        elif check == "memory-inconsistent" and memory is None:
            out[check] = "no translation memory given"
        elif check == "foreign-fragment" and not supports(target_lang):
            out[check] = f"no language model for {target_lang!r}"
        elif check == "spelling" and not has_lexicon(target_lang):
            out[check] = f"no Hunspell dictionary for {target_lang!r} on this machine"
    return out


def _context(
    source_lang: str | None,
    target_lang: str,
    glossary: GlossaryLike | None,
    memory: Store | None,
    memories: Sequence[str] | None,
    profile: Profile,
) -> QAContext:
    ctx = QAContext(source_lang, target_lang, term_index(glossary), memory, memories)
    # only these two consult the dictionaries (the others' results do not depend on them)
    ctx.lexicons = profile.enabled("glued-words") or profile.enabled("foreign-fragment")
    ctx.allowed_words |= profile.allowed_words
    if ctx.terms is not None:
        ctx.allowed_words |= ctx.terms.allowed_words(ctx.target_lang)
    return ctx


def _run_pair(pair: Pair, ctx: QAContext, profile: Profile) -> list[Finding]:
    out: list[Finding] = []
    if profile.family_enabled("language"):
        out.extend(check_language(pair, ctx, fragments=profile.enabled("foreign-fragment")))
    if any(f.check == "empty-target" for f in out):
        return out  # nothing else to say about an empty target
    if profile.family_enabled("terminology") and ctx.terms is not None:
        out.extend(check_terminology(pair, ctx))
    elif profile.enabled("acronym-missing") and pair.source is not None:
        out.extend(check_terminology(pair, ctx))  # acronyms work without a glossary
    if profile.family_enabled("numbers"):
        out.extend(check_numbers(pair, ctx))
    if profile.family_enabled("typography"):
        out.extend(check_typography(pair, ctx))
    if profile.enabled("spelling"):
        out.extend(check_spelling(pair, ctx))
    if profile.family_enabled("tags"):
        out.extend(check_tags(pair, ctx))
    if ctx.memory is not None and profile.enabled("memory-inconsistent"):
        out.extend(check_memory(pair, ctx))
    for rule in profile.rules:
        out.extend(rule.run(pair.target, ctx.target_lang, pair.id))
    return out


def _finish(
    found: list[tuple[Pair, Finding]], profile: Profile, keep_suppressed: bool
) -> list[Finding]:
    done = []
    for pair, f in found:
        f = f.with_fingerprint(pair.source or "", pair.target)
        done.append(f.shifted(pair.target_offset, pair.source_offset))
    done = profile.apply(done, keep_suppressed=keep_suppressed)
    done.sort(key=lambda f: (f.span.start, f.span.end, f.check))
    return _dedupe(done)


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, int, int, str | None]] = set()
    out = []
    for f in findings:
        key = (f.check, f.message, f.span.start, f.span.end, f.id)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def _run(
    pairs: Sequence[Pair], ctx: QAContext, profile: Profile, keep_suppressed: bool
) -> list[Finding]:
    ctx.learn(pairs)
    found: list[tuple[Pair, Finding]] = []
    for p in pairs:
        found.extend((p, f) for f in _run_pair(p, ctx, profile))
    if profile.family_enabled("consistency"):
        by_id = {p.id: p for p in pairs}
        for f in check_consistency(pairs, ctx):
            pair = by_id.get(f.id)
            if pair is not None:
                found.append((pair, f))
    return _finish(found, profile, keep_suppressed)


def check_pairs(
    pairs: Iterable[Pair],
    *,
    source_lang: str,
    target_lang: str,
    glossary: GlossaryLike | None = None,
    memory: Store | None = None,
    memories: Sequence[str] | None = None,
    profile: Profile | None = None,
    keep_suppressed: bool = False,
) -> list[Finding]:
    """Check segment pairs; spans point into each pair's target (plus its ``target_offset``)."""
    profile = profile or Profile()
    items = list(pairs)
    ctx = _context(source_lang, target_lang, glossary, memory, memories, profile)
    # consistency findings are matched back to their pair by id: give anonymous pairs one
    items = [p if p.id is not None else replace(p, id=str(i)) for i, p in enumerate(items, 1)]
    return _run(items, ctx, profile, keep_suppressed)


def paragraphs(text: str) -> list[tuple[int, int]]:
    """The paragraphs of ``text`` (separated by blank lines) as ``(start, end)`` offsets."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in [*_PARAGRAPH.finditer(text), None]:
        end = m.start() if m else len(text)
        if text[pos:end].strip():
            out.append((pos, end))
        if m:
            pos = m.end()
    return out


def sentences(text: str, lang: str, start: int = 0, end: int | None = None) -> list[Span]:
    """The sentences of ``text[start:end]`` paragraph by paragraph, offsets into ``text``."""
    seg = default_segmenter()
    out: list[Span] = []
    piece_of = text[start:end] if end is not None else text[start:]
    for a, b in paragraphs(piece_of):
        for s in seg.segment(piece_of[a:b], lang):
            out.append(Span(s.text, s.start + a + start, s.end + a + start))
    return out


def check_target_text(
    text: str,
    *,
    target_lang: str,
    source_lang: str | None = None,
    glossary: GlossaryLike | None = None,
    profile: Profile | None = None,
    keep_suppressed: bool = False,
) -> list[Finding]:
    """Check a translation alone: term status, other-language fragments, typography.

    ``source_lang`` (optional) only helps name leftovers of the source language.
    """
    profile = profile or Profile()
    ctx = _context(source_lang, target_lang, glossary, None, None, profile)
    pairs = [Pair(None, None, s.text, target_offset=s.start) for s in sentences(text, target_lang)]
    ctx.learn(pairs)
    found: list[tuple[Pair, Finding]] = []
    for p in pairs:
        found.extend((p, f) for f in _run_pair(p, ctx, profile))
    return _finish(found, profile, keep_suppressed)


def document_pairs(
    source_text: str,
    target_text: str,
    *,
    source_lang: str,
    target_lang: str,
    glossary: GlossaryLike | None = None,
) -> list[Pair]:
    """Segment both texts and align them; each bead becomes a pair with whole-file offsets.

    When both texts have the same number of paragraphs, each paragraph is aligned with its
    counterpart (sentences never cross a paragraph); otherwise the whole texts are aligned. A
    source sentence with no translation gives a pair with an empty target (reported as
    ``empty-target``); a target sentence with no source a pair without source.
    """
    index = term_index(glossary)

    def anchors(text: str, lang: str) -> list[str]:
        return [h.concept_id for h in index.find(text, lang)] if index else []

    src_paras, tgt_paras = paragraphs(source_text), paragraphs(target_text)
    if len(src_paras) == len(tgt_paras):
        blocks = list(zip(src_paras, tgt_paras, strict=True))
    else:
        blocks = [((0, len(source_text)), (0, len(target_text)))]
    pairs: list[Pair] = []
    for (sa, sb), (ta, tb) in blocks:
        src = sentences(source_text, source_lang, sa, sb)
        tgt = sentences(target_text, target_lang, ta, tb)
        if not src and not tgt:
            continue
        alignment = align(
            [(source_lang, [s.text for s in src]), (target_lang, [s.text for s in tgt])],
            anchor_terms=anchors if index else None,
        )
        last_end = ta
        for bead in alignment.beads:
            si, ti = bead.indices
            s_text, s_off = (
                (source_text[src[si[0]].start : src[si[-1]].end], src[si[0]].start)
                if si
                else (None, 0)
            )
            if ti:
                t_off = tgt[ti[0]].start
                t_text = target_text[t_off : tgt[ti[-1]].end]
                last_end = tgt[ti[-1]].end
            else:
                t_text, t_off = "", last_end
            pairs.append(
                Pair(f"s{len(pairs) + 1}", s_text, t_text, source_offset=s_off, target_offset=t_off)
            )
    return pairs


def check_document(
    source_text: str,
    target_text: str,
    *,
    source_lang: str,
    target_lang: str,
    glossary: GlossaryLike | None = None,
    memory: Store | None = None,
    memories: Sequence[str] | None = None,
    profile: Profile | None = None,
    keep_suppressed: bool = False,
) -> list[Finding]:
    """Check a document against its source: segment, align, check; spans into ``target_text``."""
    profile = profile or Profile()
    index = term_index(glossary)
    pairs = document_pairs(
        source_text, target_text, source_lang=source_lang, target_lang=target_lang, glossary=index
    )
    ctx = _context(source_lang, target_lang, index, memory, memories, profile)
    return _run(pairs, ctx, profile, keep_suppressed)
