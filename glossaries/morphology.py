"""Swahili word structure: is a solid word a verb form, a locative or a reduplication?

Swahili writes a verb and its affixes as one word (*ha-wa-ku-zingatia* "they did not consider",
*i-li-yo-salia* "which remained"), nouns take a locative suffix (*vilele-ni* "on the peaks") and
reduplicate (*kutembeatembea*). A dictionary cannot list every such word, so
:func:`swahili_word` parses it: an optional negative, subject, tense, relative and object
prefix, then a verb stem the dictionary knows as an infinitive (``ku`` + stem); or a known noun
plus ``-ni``/``-ko``/``-mo``; or a word followed by a copy of its own end. The stem may carry
another extension than the dictionary's infinitive (*gawany-iki* for *kugawanya*, passive
*tangul-iwa* for *kutangulia*).
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["swahili_word"]

# Noun-class and agreement prefixes: the same stem takes another prefix in another class
# (kiyoyozi/viyoyozi, mwondoko/miondoko, nyekundu/vyekundu, mkimbiaji/ukimbiaji).
_CLASS_PREFIXES = (
    "mw", "wa", "mi", "ki", "vi", "ch", "vy", "ji", "ma", "ny", "ku", "pa", "zi", "li",
    "m", "w", "u", "n", "",
)  # fmt: skip
# Nouns made from verbs: agent/abstract -aji (uuzaji, utekwaji), result -o (chaguo, kihisio).
_NOMINAL_ENDINGS = ("waji", "aji", "ji", "o", "zi", "fu", "vu")

# The verb template, slot by slot; each slot may be empty.
_SLOTS: tuple[tuple[str, ...], ...] = (
    ("ha", "si"),  # negative
    ("ni", "u", "a", "tu", "mw", "m", "wa", "i", "li", "ya", "ki", "vi", "zi", "ku", "pa", "hu"),
    ("li", "na", "me", "ta", "ka", "ku", "nge", "ngali", "ki", "si", "ja", "taka"),  # tense
    ("ye", "o", "cho", "vyo", "lo", "yo", "zo", "ko", "po", "mo", "wo"),  # relative
    (
        "ni",
        "ku",
        "mw",
        "m",
        "tu",
        "wa",
        "ki",
        "vi",
        "li",
        "ya",
        "zi",
        "i",
        "u",
        "ji",
        "pa",
    ),  # object
)
_LOCATIVES = ("ni", "ko", "mo")
_ENDINGS = ("a", "ia", "ea", "i", "ana")
# verb endings: passive, stative, reciprocal, applicative, causative, subjunctive
_EXTENSIONS = (
    "iwa",
    "ewa",
    "liwa",
    "lewa",
    "wa",
    "ika",
    "eka",
    "iki",
    "eki",
    "ana",
    "ia",
    "ea",
    "ikia",
    "isha",
    "esha",
    "ishe",
    "eshe",
    "we",
    "e",
    "i",
    "ua",
    "uka",
)


def _stems(word: str) -> set[str]:
    rests = {word}
    for slot in _SLOTS:
        rests |= {r[len(p) :] for r in rests for p in slot if r.startswith(p)}
    return {r for r in rests if len(r) >= 3}


def _other_class(word: str, knows: Callable[[str], bool | None]) -> bool:
    """Whether the stem of ``word`` is known with another class prefix."""
    for p in _CLASS_PREFIXES:
        if not p or not word.startswith(p) or len(word) - len(p) < 4:
            continue
        stem = word[len(p) :]
        if any(q != p and knows(q + stem) for q in _CLASS_PREFIXES):
            return True
    return False


def _deverbal(word: str, knows: Callable[[str], bool | None]) -> bool:
    """Whether ``word`` is a class prefix + a known verb's root + a nominal ending."""
    for p in _CLASS_PREFIXES:
        if not word.startswith(p):
            continue
        rest = word[len(p) :]
        for end in _NOMINAL_ENDINGS:
            root = rest[: -len(end)]
            if (
                rest.endswith(end)
                and len(root) >= 3
                and any(knows("ku" + root + e) for e in ("a", "ia", "ea", "i", "u"))
            ):
                return True
    return False


def swahili_word(word: str, knows: Callable[[str], bool | None]) -> bool:
    """Whether ``word`` (lower case) parses as a Swahili word, ``knows`` being the dictionary."""
    if knows(word):
        return True
    for stem in _stems(word):
        if stem != word and (knows("ku" + stem) or (len(stem) >= 5 and knows(stem))):
            return True
        for tail in _EXTENSIONS:  # a verb root with another extension: gawany-iki, tangul-iwa
            root = stem[: -len(tail)]
            if (
                stem.endswith(tail)
                and len(root) >= 4
                and any(knows("ku" + root + e) for e in _ENDINGS)
            ):
                return True
    if len(word) >= 6 and (_other_class(word, knows) or _deverbal(word, knows)):
        return True
    for suffix in _LOCATIVES:
        if word.endswith(suffix) and len(word) > len(suffix) + 3 and knows(word[: -len(suffix)]):
            return True
    # reduplication: kutembea + tembea
    return any(word[:i].endswith(word[i:]) for i in range(4, len(word) - 2))
