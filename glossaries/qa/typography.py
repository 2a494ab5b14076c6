"""Typography checks: glued words, double spaces, repeated words, stray full stops, unpaired
brackets and quotes, end punctuation and length ratio.

Glued words are found with a vocabulary: a word that is neither known to simplemma's dictionary of
the target language nor used elsewhere in the checked text, but splits into two words that are,
is reported (``ugaidihuleta`` = ``ugaidi`` + ``huleta``). Upper-case runs are split into acronyms
known from the glossary or the source (``INTERPOLUNODC`` = ``INTERPOL`` + ``UNODC``).
"""

from __future__ import annotations

import math
import re
from functools import lru_cache

from mkutano.glossaries.inflection import is_known
from mkutano.glossaries.lexicon import FUNCTION_WORDS
from mkutano.glossaries.morphology import (
    closed_word,
    compound,
    connective,
    prefix_string,
    reduplicates,
    swahili_word,
    verb_form,
    verb_like,
)

from .catalog import new_finding
from .finding import Finding
from .pair import WORD, Pair, QAContext

__all__ = ["check_typography", "split_glued"]

# Character length of a text relative to English, from FLORES-200 devtest (1012 sentences):
# Italian runs 18 % longer, Swahili 4 %. Other languages are assumed to be like English.
_EXPANSION = {"en": 1.0, "it": 1.18, "sw": 1.043}
_RATIO_TOLERANCE = math.log(2.0)  # flag a target more than twice too long or too short
_RATIO_MIN_SOURCE = 30  # characters; shorter sources vary too much

_DOUBLE_SPACE = re.compile(r"(?<=\S)[ \u00a0]{2,}(?=\S)")
_REPEATED = re.compile(r"\b([^\W\d_]{2,})\s+(\1)\b", re.IGNORECASE)
# "X and X" (umuhimu na umuhimu): a word coordinated with itself
_COORDINATED = re.compile(
    r"\b([^\W\d_]{4,})\s+(?:na|and|e|ed|et|und|y|och)\s+(\1)\b", re.IGNORECASE
)
# A full stop after a word of three or more letters, followed by a space and another word.
_INNER_STOP = re.compile(r"(?<=[^\W\d_]{3})\.(?=[^\S\n]+[\"“«(]?([^\W\d_]))")
_ACRONYM_RUN = re.compile(r"\b[A-Z][A-Z0-9]{5,}\b")
_OPEN = {"(": ")", "[": "]", "{": "}"}
_CLOSE = {v: k for k, v in _OPEN.items()}
_END_PUNCT = re.compile(r"([.!?:;…]+)[\"'”’»)\]\s]*$")
_TRAILING = "\"'”’»)] \t\n"
# Words whose full stop does not end a sentence (titles, "ecc.", "etc."): only needed for the
# lower-case rule, since abbreviations of one or two letters are already left out.
_ABBREVIATIONS = frozenset(
    [
        "ecc",
        "etc",
        "pag",
        "sig",
        "dott",
        "dkt",
        "dak",
        "prof",
        "ing",
        "avv",
        "art",
        "cap",
        "nr",
        "fig",
        "vol",
        "ca",
        "approx",
        "cf",
        "vs",
        "bw",
        "bi",
        "mhe",
        "mrs",
        "mr",
        "ms",
        "dr",
        "st",
        "no",
        "jr",
        "sr",
    ]
)


@lru_cache(maxsize=65536)
def _known(word: str, lang: str) -> bool:
    return is_known(word, lang)  # one thread loads the dictionary, the others wait for it


def _in_text(word: str, ctx: QAContext) -> bool:
    """Whether ``word`` is used on its own in the checked text (or is a glossary word)."""
    return ctx.vocabulary.get(word, 0) > 0 or word in ctx.allowed_words


def _standalone(word: str, ctx: QAContext) -> bool:
    return _in_text(word, ctx) or _known(word, ctx.target_base)


def _suffix_productivity(ending: str, ctx: QAContext) -> int:
    """How many distinct words of the text are another word of the text plus ``ending``.

    Many (``uwanja``+``ni``, ``kiwanda``+``ni``, ``redio``+``ni``): a suffix, not a word.
    """
    cache = ctx.cache.setdefault("suffix", {})
    if ending not in cache:
        k = len(ending)
        cache[ending] = sum(
            1
            for w in ctx.vocabulary
            if len(w) > k + 2 and w.endswith(ending) and ctx.vocabulary.get(w[:-k], 0) > 0
        )
    return int(cache[ending])


def _prefix_productivity(start: str, ctx: QAContext) -> int:
    """How many distinct words of the text are ``start`` plus another word of the text.

    Many (``wana``+``fikiria``, ``wana``+``badilisha``): a verb prefix, not a word.
    """
    cache = ctx.cache.setdefault("prefix", {})
    if start not in cache:
        k = len(start)
        cache[start] = sum(
            1
            for w in ctx.vocabulary
            if len(w) > k + 2 and w.startswith(start) and ctx.vocabulary.get(w[k:], 0) > 0
        )
    return int(cache[start])


def _vocabulary_split(left: str, right: str, ctx: QAContext) -> bool:
    """Whether the checked text's own vocabulary says ``left`` + ``right`` are two words."""
    if len(right) >= 4:
        ok = _standalone(right, ctx) and _in_text(left, ctx)
        ok = ok or (_in_text(left, ctx) and _in_text(right, ctx))
        # an ending many words of the text share (-mente, -ally, -kana) is a suffix
        return ok and _suffix_productivity(right, ctx) <= 2
    # a short right part (na, ya, wa) must be a frequent word of the text, and the left part a
    # word used on its own in the text: suffixes like the passive -wa are not
    ok = ctx.vocabulary.get(right, 0) >= 10 and ctx.vocabulary.get(left, 0) >= 2
    ok = ok and not _known(left + right[:1], ctx.target_base)
    return ok and _suffix_productivity(right, ctx) <= 2


def _word(word: str, ctx: QAContext) -> bool:
    """Whether the dictionary knows ``word`` or, in Swahili, it parses as a Swahili word."""
    if ctx.knows(word):
        return True
    return ctx.target_base == "sw" and _in_text(word, ctx) and swahili_word(word, ctx.knows)


def _swahili_part(part: str, ctx: QAContext) -> bool:
    """A function word, a dictionary word or a verb form of five letters or more."""
    if closed_word(part):
        return True
    if len(part) >= 4 and ctx.knows(part):
        return True
    return len(part) >= 5 and verb_form(part, ctx.knows)


def _swahili_split(
    word: str, low: str, ctx: QAContext, *, evident_only: bool = False
) -> str | None:
    """Swahili: split where both halves are words, unless every such split is a compound.

    ``evident_only``: the word parses as one Swahili word, so only a function word (three
    letters or more) beside a dictionary word counts (*kuwakatika* = *kuwa katika*).

    A solid word whose halves are two nouns (*angahewa*, *majichumvi*) or an agent noun and its
    object (*utendakazi*) is a compound; a function word, an agreeing modifier or a verb form
    on one side (*kukaakwa*, *maranyingi*, *ardhiulitikisa*) makes it two words run together.
    """
    best: tuple[int, str] | None = None
    for i in range(3, len(low) - 1):
        left, right = low[:i], low[i:]
        if left == right:
            continue
        if len(right) == 2 and not (closed_word(right) and len(left) >= 4 and ctx.knows(left)):
            continue  # a two-letter half only as a function word after a word (mtandao-na)
        # verb prefixes and a verb (verb stems end in -a): ili-zorota, huwa-jibika
        if (
            prefix_string(left)
            and not closed_word(right)
            and (right.endswith("a") or not ctx.knows(right) or verb_like(right, ctx.knows))
        ):
            continue
        if closed_word(left) or closed_word(right):  # beside a function word: any word
            other = right if closed_word(left) else left
            if not (
                _swahili_part(other, ctx) or (len(other) >= 4 and swahili_word(other, ctx.knows))
            ):
                continue
        elif not (_swahili_part(left, ctx) and _swahili_part(right, ctx)):
            continue
        if compound(left, right, ctx.knows):
            return None
        # a function word beside a word of the dictionary is evidence enough; otherwise a
        # prefix or an ending many words of the text share is an affix, not a word
        evident = (closed_word(left) and len(right) >= 4 and ctx.knows(right)) or (
            closed_word(right) and len(left) >= 4 and ctx.knows(left)
        )
        if evident_only and not (evident and min(len(left), len(right)) >= 3):
            continue
        if not evident and (
            _prefix_productivity(left, ctx) > 2 or _suffix_productivity(right, ctx) > 2
        ):
            continue
        score = min(len(left), len(right)) + (2 if closed_word(left) or closed_word(right) else 0)
        if best is None or score > best[0]:
            best = (score, f"{word[:i]} {word[i:]}")
    return best[1] if best else None


def split_glued(word: str, ctx: QAContext, acronyms: frozenset[str] = frozenset()) -> str | None:
    """Return ``"left right"`` when ``word`` looks like two words run together, else None."""
    if word.isupper():
        for i in range(2, len(word) - 1):
            if word[:i] in acronyms and word[i:] in acronyms:
                return f"{word[:i]} {word[i:]}"
        return None
    low = word.lower()
    if ctx.target_base == "sw" and "-" not in low and "'" not in low and "’" not in low:
        if len(low) < 6 or ctx.vocabulary.get(low, 0) > 1 or low in ctx.allowed_words:
            return None
        known = ctx.knows(low)
        if known is not None:  # with the dictionary: the Swahili rules
            if known:
                return None
            if swahili_word(low, ctx.knows):  # parses, but a function word may still be glued
                return _swahili_split(word, low, ctx, evident_only=True)
            return _swahili_split(word, low, ctx)
    if len(low) < 7 or "-" in low or "'" in low or "’" in low:
        return None
    if ctx.vocabulary.get(low, 0) > 1 or _known(low, ctx.target_base):
        return None
    if low in ctx.allowed_words:
        return None
    known = ctx.knows(low)
    if known or (ctx.target_base == "sw" and known is not None and swahili_word(low, ctx.knows)):
        return None  # a word of the language (the dictionary, or Swahili word structure)
    best: tuple[int, str] | None = None
    for i in range(3, len(low) - 1):
        left, right = low[:i], low[i:]
        if left == right:
            continue  # reduplication written as one word (polepole, sawasawa)
        ok = len(left) >= 4 and _standalone(left, ctx) and _vocabulary_split(left, right, ctx)
        if not ok and known is False and len(right) >= 4 and len(left) >= 4:
            # both halves are words of the language (its dictionary, or Swahili word
            # structure), the whole is not
            ok = _word(left, ctx) and _word(right, ctx) and _suffix_productivity(right, ctx) <= 2
        if ok and _prefix_productivity(left, ctx) <= 2:
            score = min(len(left), len(right))
            if best is None or score > best[0]:
                best = (score, f"{word[:i]} {word[i:]}")
    return best[1] if best else None


def _glued(pair: Pair, ctx: QAContext, lang: str) -> list[Finding]:
    acronyms: set[str] = set()
    if pair.source:
        acronyms.update(m.group() for m in re.finditer(r"\b[A-Z][A-Z0-9]{1,}\b", pair.source))
    if ctx.terms is not None:
        acronyms.update(ctx.terms.acronyms)
    frozen = frozenset(acronyms)
    out: list[Finding] = []
    for m in WORD.finditer(pair.target):
        word = m.group()
        if word.isupper() and not _ACRONYM_RUN.fullmatch(word):
            continue
        if word in frozen or (word[:1].isupper() and not word.isupper()):
            continue  # a known acronym, or a capitalised word (names are often compounds)
        split = split_glued(word, ctx, frozen)
        if split:
            out.append(
                new_finding(
                    "glued-words",
                    f"'{word}' looks like two words run together: '{split}'",
                    m.start(),
                    m.end(),
                    lang=lang,
                    suggestion=split,
                    pair_id=pair.id,
                )
            )
    return out


def _inner_stops(text: str) -> list[tuple[int, bool]]:
    """Full stops inside ``text`` followed by another word: (offset, next word is lower-case)."""
    out: list[tuple[int, bool]] = []
    for m in _INNER_STOP.finditer(text):
        before = WORD.findall(text[max(0, m.start() - 12) : m.start()])
        if before and before[-1].lower() in _ABBREVIATIONS:
            continue
        out.append((m.start(), m.group(1).islower()))
    return out


def _sentence_like(piece: str) -> bool:
    """Whether ``piece`` (between two sentence ends) can stand as a sentence: three words."""
    return len([w for w in re.findall(r"\b[^\W\d_]{2,}\b", piece)]) >= 3


def _legitimate_split(text: str, offset: int, lang: str) -> bool:
    """Whether the full stop at ``offset`` splits ``text`` into two sentences of their own.

    Translators split long sentences (*... wanyama wadogo. Hushika tumbili, nyoka ...*); a full
    stop that leaves a fragment on either side (*Naibu Mkurugenzi Mkuu. Wa Usalama*) or ends a
    sentence on a function word (*kama vile. INTERPOL*) is not a split.
    """
    before = re.split(r"[.!?…]\s", text[:offset])[-1]
    after = re.split(r"[.!?…](?:\s|$)", text[offset + 1 :])[0]
    words = WORD.findall(before)
    last = words[-1].lower() if words else ""
    base = lang.split("-")[0].lower()
    first = (WORD.findall(after) or [""])[0].lower()
    if last in FUNCTION_WORDS.get(base, frozenset()) or (base == "sw" and connective(last)):
        return False
    if base == "sw" and connective(first):
        return False
    return _sentence_like(before) and _sentence_like(after)


def _stray_stops(pair: Pair, lang: str) -> list[Finding]:
    target_stops = _inner_stops(pair.target)
    source_count = len(_inner_stops(pair.source)) if pair.source else None
    out: list[Finding] = []
    upper_excess = (
        max(0, sum(1 for _, lower in target_stops if not lower) - source_count)
        if source_count is not None
        else 0
    )
    for offset, lower in target_stops:
        if lower:
            why = "a full stop followed by a lower-case word"
        elif upper_excess > 0 and source_count is not None:
            upper_excess -= 1
            if _legitimate_split(pair.target, offset, lang):
                continue
            why = "a full stop where the source keeps one sentence"
        else:
            continue
        out.append(
            new_finding(
                "stray-full-stop",
                f"{why}: '{pair.target[max(0, offset - 15) : offset + 15].strip()}'",
                offset,
                offset + 1,
                lang=lang,
                suggestion="remove the full stop",
                pair_id=pair.id,
            )
        )
    return out


def _brackets(pair: Pair, lang: str) -> list[Finding]:
    stack: list[tuple[str, int]] = []
    bad: list[tuple[str, int]] = []
    text = pair.target
    for i, ch in enumerate(text):
        if ch in _OPEN:
            stack.append((ch, i))
        elif ch in _CLOSE:
            if stack and stack[-1][0] == _CLOSE[ch]:
                stack.pop()
            elif re.search(r"(^|\s)[a-zA-Z0-9]{1,2}$", text[max(0, i - 3) : i]) and not stack:
                continue  # an enumerator: "a) ...", "1) ..."
            else:
                bad.append((ch, i))
    bad.extend(stack)
    return [
        new_finding(
            "unpaired-bracket",
            f"'{ch}' has no matching '{_OPEN.get(ch) or _CLOSE.get(ch)}'",
            i,
            i + 1,
            lang=lang,
            pair_id=pair.id,
        )
        for ch, i in sorted(bad, key=lambda x: x[1])
    ]


def _quotes(pair: Pair, lang: str) -> list[Finding]:
    stack: list[tuple[str, int]] = []
    bad: list[tuple[str, int]] = []
    for i, ch in enumerate(pair.target):
        if ch == '"':
            if stack and stack[-1][0] in ('"', "“", "„"):
                stack.pop()
            else:
                stack.append((ch, i))
        elif ch in ("«", "„"):
            stack.append((ch, i))
        elif ch == "“":
            if stack and stack[-1][0] == "„":
                stack.pop()
            else:
                stack.append((ch, i))
        elif ch == "”":
            if stack and stack[-1][0] in ("“", "„"):
                stack.pop()
            elif stack and stack[-1][0] == '"':
                bad.append(('"…”', stack.pop()[1]))  # straight opening, curly closing
            else:
                bad.append((ch, i))
        elif ch == "»":
            if stack and stack[-1][0] == "«":
                stack.pop()
            else:
                bad.append((ch, i))
    bad.extend(stack)
    return [
        new_finding(
            "unpaired-quote",
            "mismatched quotation marks: a straight opening quote closed by a curly one"
            if len(ch) > 1
            else f"quotation mark '{ch}' without its partner",
            i,
            i + 1,
            lang=lang,
            pair_id=pair.id,
        )
        for ch, i in sorted(bad, key=lambda x: x[1])
    ]


def _end_class(text: str) -> str:
    m = _END_PUNCT.search(text.rstrip())
    if not m:
        return ""
    p = m.group(1)
    if "?" in p:
        return "?"
    if "!" in p:
        return "!"
    if p in (":", ";"):
        return p
    return "."  # ".", "...", "…"


def _end_punctuation(pair: Pair, lang: str) -> list[Finding]:
    if not pair.source or not pair.target.strip():
        return []
    s, t = _end_class(pair.source), _end_class(pair.target)
    if s == t:
        return []
    end = len(pair.target.rstrip(_TRAILING))
    start = end - 1 if t else end
    return [
        new_finding(
            "end-punctuation",
            f"the source ends with '{s or 'no punctuation'}', the target with "
            f"'{t or 'no punctuation'}'",
            max(0, start),
            end,
            lang=lang,
            source_span=(max(0, len(pair.source.rstrip(_TRAILING)) - 1), len(pair.source)),
            suggestion=s or None,
            pair_id=pair.id,
        )
    ]


def _length_ratio(pair: Pair, ctx: QAContext, lang: str) -> list[Finding]:
    if not pair.source or not ctx.source_base or len(pair.source) < _RATIO_MIN_SOURCE:
        return []
    if not pair.target.strip():
        return []
    expected = _EXPANSION.get(ctx.target_base, 1.0) / _EXPANSION.get(ctx.source_base, 1.0)
    ratio = len(pair.target) / len(pair.source)
    if abs(math.log(ratio / expected)) <= _RATIO_TOLERANCE:
        return []
    return [
        new_finding(
            "length-ratio",
            f"the target is {ratio:.2f}× the source length (about {expected:.2f}× expected)",
            0,
            len(pair.target),
            lang=lang,
            pair_id=pair.id,
        )
    ]


def check_typography(pair: Pair, ctx: QAContext) -> list[Finding]:
    """Run the typography checks on one pair (or a target text alone: ``pair.source`` None)."""
    lang = ctx.target_lang
    out: list[Finding] = []
    out.extend(_glued(pair, ctx, lang))
    for m in _DOUBLE_SPACE.finditer(pair.target):
        out.append(
            new_finding(
                "double-space",
                f"{len(m.group())} spaces in a row",
                m.start(),
                m.end(),
                lang=lang,
                suggestion=" ",
                pair_id=pair.id,
            )
        )
    source_repeats = (
        {
            m.group(1).lower()
            for m in [*_REPEATED.finditer(pair.source), *_COORDINATED.finditer(pair.source)]
        }
        if pair.source
        else set()
    )
    for m in [*_REPEATED.finditer(pair.target), *_COORDINATED.finditer(pair.target)]:
        word = m.group(1).lower()
        if word in source_repeats:
            continue  # the source repeats it too
        if ctx.target_base == "sw" and reduplicates(word, ctx.knows):
            continue  # Swahili reduplicates for emphasis (hilo hilo, pale pale, tofauti tofauti)
        out.append(
            new_finding(
                "repeated-word",
                f"'{m.group(1)}' is repeated",
                m.start(2),
                m.end(2),
                lang=lang,
                suggestion=m.group(1),
                pair_id=pair.id,
            )
        )
    out.extend(_stray_stops(pair, lang))
    for fn in (_brackets, _quotes):
        found = fn(pair, lang)
        if found and pair.source:
            # a quotation or parenthesis that spans segments is unpaired in the source too
            mirrored = fn(Pair(pair.id, None, pair.source), lang)
            found = found[len(mirrored) :] if len(mirrored) < len(found) else []
        out.extend(found)
    out.extend(_end_punctuation(pair, lang))
    out.extend(_length_ratio(pair, ctx, lang))
    return out
