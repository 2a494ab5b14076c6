"""Spelling: a word no dictionary, morphology, glossary or memory knows, one edit from one that is.

A target word is reported (check ``spelling``) only when all of these hold, so the check stays
quiet on names, loans and the agglutinated words of Swahili:

* it is written in lower case, has at least :data:`MIN_LENGTH` letters and no hyphen (proper
  nouns, acronyms, identifiers, numbers, URLs and e-mail addresses are skipped);
* the Hunspell dictionary of the target language (:mod:`glossaries.lexicon`) does not know it,
  nor, in Swahili, the word structure of :mod:`glossaries.morphology` (verb prefixes and
  extensions, noun classes, locatives, reduplication);
* it is not an accepted word: a glossary term or profile word (``allowed_words``), a word of the
  source segment (a name or a loan kept as is), a word the source language's or the English
  dictionary knows (loans; the ``foreign-fragment`` check judges those), a word used more than
  once in the checked text, or a word of the translation memory when a store is given;
* one edit (a letter dropped, added, changed, or two letters swapped) turns it into a word of
  the dictionary or of the checked text: that word is the suggestion. A word far from every
  known word is more likely a name or a term than a typo, and is left alone.

The finding is information by default: professional text has real typos, and a reader should
see them without a gate refusing the text (a profile raises the severity where wanted).
Without a dictionary for the target language the check does not run (the lexicon logs one
warning; reports list ``spelling`` as skipped with the reason).
"""

from __future__ import annotations

import re

from mkutano.glossaries.lexicon import Lexicon, lexicon
from mkutano.glossaries.morphology import swahili_word
from mkutano.tm.tokens import index_tokens

from .catalog import new_finding
from .finding import Finding
from .pair import WORD, Pair, QAContext

__all__ = ["MIN_LENGTH", "check_spelling", "suggest"]

MIN_LENGTH = 5
# The letters a one-letter edit may add or change, per base language.
_ALPHABETS = {
    "sw": "abcdefghijklmnoprstuvwyz",
    "it": "abcdefghilmnopqrstuvzàèéìòù",
    "en": "abcdefghijklmnopqrstuvwxyz",
}
_DEFAULT_ALPHABET = "abcdefghijklmnopqrstuvwxyz"
# Spans never spell-checked: URLs, e-mail addresses, identifiers (snake_case, dotted names,
# words with digits), tags and placeholders.
_SKIP = re.compile(
    r"(?:https?://|www\.)\S+|\S+@\S+|\b\w*[\d_]\w*\b|\b\w+(?:\.\w+){2,}\b|<[^>]*>|\{[^}]*\}"
)
_NAMES = {"sw": "Swahili", "it": "Italian", "en": "English"}


def _edits(word: str, alphabet: str) -> list[str]:
    """Every string one edit away from ``word`` (deletion, transposition, substitution, insertion)."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    out = [a + b[1:] for a, b in splits if b]
    out += [a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1 and b[0] != b[1]]
    out += [a + c + b[1:] for a, b in splits if b for c in alphabet if c != b[0]]
    out += [a + c + b for a, b in splits for c in alphabet]
    return out


def suggest(word: str, lex: Lexicon, ctx: QAContext) -> str | None:
    """The known word one edit from ``word`` (the text's commonest first, then the dictionary's)."""
    alphabet = _ALPHABETS.get(ctx.target_base, _DEFAULT_ALPHABET)
    entries = lex.words()
    best: tuple[int, str] | None = None
    for cand in _edits(word, alphabet):
        used = ctx.vocabulary.get(cand, 0)
        if used or cand in entries or cand in ctx.allowed_words:
            key = (used, cand)
            if best is None or key > (best[0], best[1]):
                best = key
    if best is not None:
        return best[1]
    # inflected forms are not entries of the .dic file: ask Hunspell about the cheap edits
    for cand in _edits(word, "")[: 2 * len(word)]:
        if len(cand) >= MIN_LENGTH - 1 and lex.knows(cand):
            return cand
    return None


# British spellings the American dictionary lacks: (British, American) substrings, tried once
# each (honour/honor, realised/realized, centre/center, defence/defense, marvelled/marveled,
# caesium/cesium, foetal/fetal, judgement/judgment, wilful/willful).
_BRITISH = (
    ("our", "or"),
    ("is", "iz"),
    ("tre", "ter"),
    ("ence", "ense"),
    ("ll", "l"),
    ("l", "ll"),
    ("ae", "e"),
    ("oe", "e"),
    ("gement", "gment"),
    ("tise", "tice"),
    ("ogue", "og"),
)


def _english_forms(word: str) -> list[str]:
    """Other English spellings of ``word``: the American one, the singular of a plural."""
    out = [word[:i] + us + word[i + len(gb) :] for gb, us in _BRITISH for i in _find_all(word, gb)]
    if word.endswith("s") and len(word) > MIN_LENGTH:
        out += [word[:-1], word[:-2]] if word.endswith("es") else [word[:-1]]
    return out


def _find_all(word: str, part: str) -> list[int]:
    return [m.start() for m in re.finditer(f"(?={re.escape(part)})", word)]


def _accepted(word: str, pair: Pair, ctx: QAContext, source_words: set[str]) -> bool:
    if word in ctx.allowed_words or word in source_words or ctx.vocabulary.get(word, 0) > 1:
        return True
    if ctx.target_base == "sw" and swahili_word(word, ctx.knows):
        return True
    # en_US is the dictionary installed: British and plural forms are words too
    if (
        ctx.target_base == "en"
        and ctx.target_lang.lower() != "en-us"
        and any(ctx.knows(f) or _english_plural(f, ctx) for f in _english_forms(word))
    ):
        return True
    others = {ctx.source_base, "en"} - {ctx.target_base, None}
    return any(ctx.knows(word, lang) for lang in sorted(o for o in others if o))


def _english_plural(form: str, ctx: QAContext) -> bool:
    return form.endswith("s") and bool(ctx.knows(form[:-1]))


def _memory_words(words: list[str], ctx: QAContext) -> set[str]:
    """Those of ``words`` the translation memory uses in the target language."""
    if ctx.memory is None or not words:
        return set()
    tokens = {w: index_tokens(w, ctx.target_lang) for w in words}
    wanted = {t[0] for t in tokens.values() if len(t) == 1}
    if not wanted:
        return set()
    df = ctx.memory.document_frequencies(ctx.target_base, wanted)
    return {w for w, t in tokens.items() if len(t) == 1 and df.get(t[0], 0) > 0}


def check_spelling(pair: Pair, ctx: QAContext) -> list[Finding]:
    """Report the misspelt words of the pair's target (see the module documentation)."""
    lex = lexicon(ctx.target_base)
    if lex is None or not pair.target.strip():
        return []
    skipped = [(m.start(), m.end()) for m in _SKIP.finditer(pair.target)]
    source_words = {w.lower() for w in WORD.findall(pair.source or "")}
    suspects: list[tuple[int, int, str, str]] = []
    for m in WORD.finditer(pair.target):
        word = m.group()
        if len(word) < MIN_LENGTH or not word.islower() or "-" in word:
            continue
        if any(a <= m.start() < b for a, b in skipped):
            continue
        if lex.knows(word) or _accepted(word, pair, ctx, source_words):
            continue
        better = suggest(word, lex, ctx)
        if better is not None:
            suspects.append((m.start(), m.end(), word, better))
    known = _memory_words([w for _, _, w, _ in suspects], ctx)
    language = _NAMES.get(ctx.target_base, ctx.target_base)
    return [
        new_finding(
            "spelling",
            f"'{word}' is not a {language} word; did you mean '{better}'?",
            start,
            end,
            lang=ctx.target_lang,
            suggestion=better,
            pair_id=pair.id,
        )
        for start, end, word, better in suspects
        if word not in known
    ]
