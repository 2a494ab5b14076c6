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

# The verb template, slot by slot; each slot may be empty.
_SLOTS: tuple[tuple[str, ...], ...] = (
    ("ha", "si"),  # negative
    ("ni", "u", "a", "tu", "mw", "m", "wa", "i", "li", "ya", "ki", "vi", "zi", "ku", "pa", "hu"),
    ("li", "na", "me", "ta", "ka", "ku", "nge", "ngali", "ki", "si", "ja"),  # tense
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
    for suffix in _LOCATIVES:
        if word.endswith(suffix) and len(word) > len(suffix) + 3 and knows(word[: -len(suffix)]):
            return True
    # reduplication: kutembea + tembea
    return any(word[:i].endswith(word[i:]) for i in range(4, len(word) - 2))
