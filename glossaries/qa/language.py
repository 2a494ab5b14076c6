"""Language checks: empty targets, untranslated targets and fragments of another language.

Fragments are found with lingua (``lingua-language-detector``), a language identifier that rates
single words and short phrases, over a small language set (Italian, English, Swahili, Swedish,
French, German, Spanish, Portuguese). The detector is built once, lazily, on first use; its models
load on demand (about 190 MB resident once all eight are loaded, 2–5 s). Lingua's low-accuracy
mode (13 MB) was measured and rejected: it rates words of one or two letters as nothing at all
(``al``, ``di``) and gives ``syntetiskhasa`` to Swahili.

A word is *suspect* when lingua gives the target language a confidence of at most 0.1 and another
language the highest; consecutive suspect words form a run. A run of two or more words is
reported when the run as a whole still scores at most 0.05 for the target language; a single word
when it scores at most 0.02 while another language scores at least 0.7, or when it is a long word
(ten letters or more) that one other language gets with a confidence of at least 0.8 — or, when the word also
appears (in lower case) in the source, when lingua rates the source language at least twice the
target language for it, or simply higher for a word of one to three letters (``al``, ``di``, ``Un``
left over from an Italian source). Names (capitalised words
inside a sentence), acronyms, glossary terms and words the profile allows are never reported.
"""

from __future__ import annotations

import re
import threading
from functools import lru_cache
from typing import Any

from mkutano.glossaries.lexicon import FUNCTION_WORDS

from .catalog import new_finding
from .finding import Finding
from .numbers import EMAIL_PATTERN, URL_PATTERN
from .pair import WORD, Pair, QAContext

__all__ = ["check_language", "language_confidences", "supports"]

_SUPPORTED = ("it", "en", "sw", "sv", "fr", "de", "es", "pt")
_NAMES = {
    "it": "Italian",
    "en": "English",
    "sw": "Swahili",
    "sv": "Swedish",
    "fr": "French",
    "de": "German",
    "es": "Spanish",
    "pt": "Portuguese",
}
_SUSPECT = 0.1
_RUN_MAX = 0.05
_SINGLE_MAX = 0.02
_SINGLE_TOP = 0.7
_LONG = 10  # a long suspect word that lingua gives to one other language with high confidence
_LONG_TOP = 0.8
_NAME_BEFORE = re.compile(r"\b[A-Z][\w’']+\s$")
_PARTICLE = re.compile(r"\s[A-Z]")
_SENTENCE_END = re.compile(r"[.!?:;…]\s*$")
_lock = threading.Lock()
_detector: Any = None


def _get_detector() -> Any:
    global _detector
    with _lock:
        if _detector is None:
            from lingua import IsoCode639_1, Language, LanguageDetectorBuilder

            langs = [
                Language.from_iso_code_639_1(getattr(IsoCode639_1, c.upper())) for c in _SUPPORTED
            ]
            # every model loaded now, once, under the lock: lingua otherwise loads a language's
            # models on its first use by each caller, so the first requests of a busy server all
            # load them at once (16 at once took 66 s instead of 6), holding the GIL throughout
            builder = LanguageDetectorBuilder.from_languages(*langs)
            _detector = builder.with_preloaded_language_models().build()
        return _detector


@lru_cache(maxsize=200_000)
def language_confidences(text: str) -> dict[str, float]:
    """Lingua's confidence per language (base codes ``it``, ``sw`` ...) for ``text``."""
    out: dict[str, float] = {}
    for cv in _get_detector().compute_language_confidence_values(text):
        out[cv.language.iso_code_639_1.name.lower()] = cv.value
    return out


def supports(lang: str) -> bool:
    """Whether other-language fragments can be looked for in a text of ``lang``."""
    return lang.split("-")[0].lower() in _SUPPORTED


def _top(conf: dict[str, float]) -> str:
    return max(conf, key=lambda k: conf[k]) if conf else ""


def _normalised(text: str) -> str:
    return " ".join(WORD.findall(text.lower()))


def _untranslated(pair: Pair, lang: str) -> list[Finding]:
    assert pair.source is not None
    if _normalised(pair.source) != _normalised(pair.target) or pair.source.strip() == "":
        return []
    # names, acronyms and numbers stay the same in every language
    words = [w for w in WORD.findall(pair.source) if w[:1].islower() and len(w) > 2]
    if len(words) < 2:
        return []
    return [
        new_finding(
            "untranslated",
            "the target is the same as the source",
            0,
            len(pair.target),
            lang=lang,
            source_span=(0, len(pair.source)),
            pair_id=pair.id,
        )
    ]


def _candidates(pair: Pair, ctx: QAContext) -> list[tuple[int, int, str, bool]]:
    """Words that may be foreign: (start, end, word, capitalised at the start of a sentence)."""
    allowed = ctx.allowed_words
    links = [
        (m.start(), m.end())
        for pattern in (URL_PATTERN, EMAIL_PATTERN)
        for m in pattern.finditer(pair.target)
    ]
    out: list[tuple[int, int, str, bool]] = []
    for m in WORD.finditer(pair.target):
        w = m.group()
        if len(w) < 2 or w.isupper() or w.lower() in allowed:
            continue
        if any(s <= m.start() < e for s, e in links):
            continue
        if m.start() and pair.target[m.start() - 1].isdigit():
            continue  # a unit glued to its number: 35mm, 600Mbit
        if _PARTICLE.match(pair.target, m.end()) and _NAME_BEFORE.search(pair.target[: m.start()]):
            continue  # a particle inside a name: Fernandez de Kirchner
        initial = False
        if w[:1].isupper():
            before = pair.target[: m.start()].rstrip()
            if before and not _SENTENCE_END.search(before) and before[-1] not in '"“«(':
                continue  # a capitalised word inside a sentence: a name
            initial = True
        out.append((m.start(), m.end(), w, initial))
    return out


def _source_words(pair: Pair) -> set[str]:
    """The source's lower-case words, also split at apostrophes (``Un'attenzione`` → ``un``)."""
    out: set[str] = set()
    for w in WORD.findall(pair.source or ""):
        parts = re.split(r"['’]", w)
        for i, part in enumerate(parts):
            if part[:1].islower() or (i == 0 and len(part) <= 3):
                out.add(part.lower())
    return out


def _function_word(low: str, ctx: QAContext, conf: dict[str, float], known: bool) -> str | None:
    """The other language (it, en ...) ``low`` is a function word of, unless it is a target word."""
    target = ctx.target_base
    for lang, words in FUNCTION_WORDS.items():
        if lang == target or low not in words:
            continue
        if low in FUNCTION_WORDS.get(target, frozenset()):
            return None
        # a word of the target's dictionary too: trusted from three letters, or when lingua
        # rates the target at least 0.7 times the other language (si, la)
        if known and (len(low) > 2 or conf.get(target, 0.0) >= 0.7 * conf.get(lang, 0.0)):
            return None
        return lang
    return None


def _name(pair: Pair, ctx: QAContext, start: int, end: int, word: str) -> bool:
    """Whether a capitalised word copied from the source is a name (Del Potro, Hu)."""
    if not word[:1].isupper() or word not in (pair.source or ""):
        return False
    nxt = re.match(r"[\s“\"]+(\w)", pair.target[end:])
    return bool(nxt and nxt.group(1).isupper()) or ctx.knows(word.lower(), ctx.source_lang) is False


# A word cited rather than used: named (zinazoitwa ziggurat, called prides, chiamato ...),
# explained (caro inamaanisha mpenzi, "caro" means), or in quotation marks.
_NAMING_BEFORE = re.compile(
    r"(?:\w*itwa\w*|\w*(?:uita|iita|kiita|liita)|called|named|termed|known as|chiamat[oaie]|"
    r"dett[oaie]|denominat[oaie])[\s\"“«‘’']*$",
    re.IGNORECASE,
)
_MEANING_AFTER = re.compile(
    r"^[\s\"”»’']*(?:inamaanisha|maana yake|humaanisha|means|meaning|significa|vuol dire)\b",
    re.IGNORECASE,
)
_QUOTES = "\"“”«»‘’'"


def _cited(text: str, start: int, end: int) -> bool:
    """Whether the words at ``text[start:end]`` are cited (named, explained, quoted)."""
    before, after = text[max(0, start - 40) : start], text[end : end + 40]
    if _NAMING_BEFORE.search(before) or _MEANING_AFTER.match(after):
        return True
    return bool(before and after) and before[-1] in _QUOTES and after[0] in _QUOTES


def _kept_name(pair: Pair, ctx: QAContext, start: int, end: int) -> bool:
    """Whether a run is a name or term both texts cite, foreign to both languages (bhajan),
    or the second half of a binomial name the source has too (Geospiza fortes)."""
    if not pair.source or not ctx.source_base:
        return False
    genus = re.search(r"\b([A-Z][a-z]+)\s+$", pair.target[max(0, start - 40) : start])
    if genus and f"{genus.group(1)} {pair.target[start:end]}" in pair.source:
        return True
    words = WORD.findall(pair.target[start:end])
    return bool(words) and all(
        w in pair.source and ctx.knows(w.lower(), ctx.source_base) is False for w in words
    )


def _fragments(pair: Pair, ctx: QAContext) -> list[Finding]:
    target = ctx.target_base
    source = ctx.source_base
    source_words = _source_words(pair) if source and source != target else set()
    index = {m.start(): i for i, m in enumerate(WORD.finditer(pair.target))}
    flagged: list[tuple[int, int, str]] = []  # (start, end, language); "<source>": copied
    run: list[tuple[int, int, str, bool]] = []

    forced: dict[int, str] = {}  # start → language: function words of another language

    def close_run() -> None:
        leftover = next((forced[r[0]] for r in run if r[0] in forced), None)
        if leftover and len(run) >= 2:
            conf = language_confidences(pair.target[run[0][0] : run[-1][1]].lower())
            flagged.append((run[0][0], run[-1][1], _top(conf) or leftover))
            run.clear()
            return
        if leftover:
            flagged.append((run[0][0], run[0][1], leftover))
            run.clear()
            return
        if len(run) >= 2:
            text = pair.target[run[0][0] : run[-1][1]]
            conf = language_confidences(text.lower())
            top = _top(conf)
            # the other language's dictionary, when there is one, must know a word of the run
            plausible = any(ctx.knows(w, top) is not False for _, _, w, _ in run)
            # every word a word of the target's dictionary (satelaiti sio): the target's own
            plausible = plausible and not all(ctx.knows(w) for _, _, w, _ in run)
            if conf.get(target, 0.0) <= _RUN_MAX and plausible:
                flagged.append((run[0][0], run[-1][1], top))
                run.clear()
                return
        for s, e, w, initial in run:
            conf = language_confidences(w.lower())
            top = _top(conf)
            if (
                not initial
                and ctx.knows(w, top) is not False
                and (
                    (
                        len(w) >= 4
                        and conf.get(target, 0.0) <= _SINGLE_MAX
                        and conf[top] >= _SINGLE_TOP
                    )
                    or (len(w) >= _LONG and conf[top] >= _LONG_TOP)
                )
            ):
                flagged.append((s, e, top))
        run.clear()

    prev_index = -2
    for s, e, w, initial in _candidates(pair, ctx):
        low = w.lower()
        conf = language_confidences(low)
        p_target = conf.get(target, 0.0)
        top = _top(conf)
        copied = (
            source is not None
            and low in source_words
            and (
                (len(low) <= 3 and conf.get(source, 0.0) > p_target)
                or (conf.get(source, 0.0) >= 2 * p_target and p_target <= _SUSPECT and not initial)
            )
        )
        known = ctx.knows(w) is True
        # a two-letter word of the target's dictionary counts only if lingua agrees (si, la);
        # Hunspell dictionaries list odd short entries (di in Swahili)
        known_here = known and (len(low) > 2 or p_target >= 0.7 * conf.get(source or "", 0.0))
        if copied and (known_here or ctx.knows(w, source) is False or _name(pair, ctx, s, e, w)):
            # a word of the target language too (si, piramidi), or a word neither language
            # has (a name, a Latin or Hindi word cited in both texts: civis, bhajan)
            copied = False
        if copied:
            close_run()
            flagged.append((s, e, "<source>"))
            prev_index = -2
            continue
        other = _function_word(low, ctx, conf, known) if pair.source is None else None
        if other:  # a target alone: a function word of another language is a leftover
            forced[s] = other
        suspect = p_target <= _SUSPECT and top != target and not (known and len(low) > 3)
        suspect = suspect or bool(other)
        i = index[s]
        if suspect:
            gap = pair.target[run[-1][1] : s] if run else ""
            if run and (i != prev_index + 1 or re.search(r"[.!?;:()]", gap)):
                close_run()
            run.append((s, e, w, initial))
            prev_index = i
        else:
            close_run()
    close_run()
    out = []
    for s, e, lang in flagged:
        if _cited(pair.target, s, e) or _kept_name(pair, ctx, s, e):
            continue
        if any(c.isupper() for c in pair.target[s + 1 : e]) and pair.target[s:e].isalpha():
            continue  # a symbol or a brand in mixed case (pH, iPod, eBay)
        if lang == "<source>":
            src_name = _NAMES.get(source or "", source or "the source language")
            message = f"'{pair.target[s:e]}' is left over from the {src_name} source"
        else:
            name = _NAMES.get(lang, lang)
            message = f"'{pair.target[s:e]}' looks {name}, not {_NAMES.get(target, target)}"
        out.append(
            new_finding(
                "foreign-fragment",
                message,
                s,
                e,
                lang=ctx.target_lang,
                pair_id=pair.id,
            )
        )
    return out


def check_language(pair: Pair, ctx: QAContext, *, fragments: bool = True) -> list[Finding]:
    """Run the language checks on one pair (``pair.source`` None: the target alone)."""
    lang = ctx.target_lang
    if pair.source is not None and pair.source.strip() and not pair.target.strip():
        return [
            new_finding(
                "empty-target",
                "the target is empty",
                0,
                len(pair.target),
                lang=lang,
                source_span=(0, len(pair.source)),
                pair_id=pair.id,
            )
        ]
    out: list[Finding] = []
    if pair.source is not None and ctx.source_lang != ctx.target_lang:
        out.extend(_untranslated(pair, lang))
    if fragments and ctx.target_base in _SUPPORTED and not out:
        out.extend(_fragments(pair, ctx))
    return out
