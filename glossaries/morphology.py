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

__all__ = [
    "closed_word",
    "compound",
    "connective",
    "prefix_string",
    "reduplicates",
    "swahili_word",
    "verb_form",
    "verb_like",
]

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


# Words that cannot be half of a compound: connectives, demonstratives, conjunctions,
# prepositions and quantifiers; a solid word containing one is two words run together
# (kukaakwa = kukaa kwa, wakatihuo = wakati huo).
def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_CLOSED = _words(
    "kwa cha vya ya wa za la na ni katika kama kwamba ambao ambayo ambaye ambacho ambavyo "
    "ambazo ambalo ambapo ambako ambamo huu hii hili haya hiki hivi hizi huku hapa humu huyu "
    "hawa huo hiyo hilo hayo hicho hivyo hizo huko hapo humo huyo hao ule ile lile yale kile "
    "vile zile kule pale yule wale sana pia lakini ila ili hadi tangu kutoka kuhusu baada kabla "
    "bila pamoja kati juu chini ndani nje karibu mbele nyuma kila zaidi tena bado kisha basi "
    "tu ndiyo ndio sasa leo jana kesho mara huwa kuwa takriban takribani hasa haswa nusu sawa "
    "mbili tatu nne tano sita saba nane tisa kumi mia elfu"
)
# Adjective, possessive and quantifier stems that agree with their noun (watu wengi, kitu
# kipya, nchi zote): a noun glued to one of them is two words.
_AGREEING = (
    "ingi", "engi", "ngi", "pana", "ingine", "engine", "ote", "enye", "ake", "angu", "ako", "etu", "enu", "ao", "pya", "zuri",
    "baya", "kubwa", "dogo", "refu", "fupi", "moja", "wili", "tatu", "nne", "tano", "kuu",
    "a kwanza", "ekundu", "eupe", "eusi", "ema", "ingi",
)  # fmt: skip
_AGREEMENT = ("", "m", "mw", "wa", "w", "mi", "ki", "ch", "vi", "vy", "ma", "ji", "j", "n", "ny",
              "u", "ku", "kw", "pa", "p", "li", "l", "y", "z", "zi", "i")  # fmt: skip
_NOMINAL = ("m", "mw", "wa", "u", "ki", "vi")
_TENSES = ("li", "na", "me", "ta", "ka", "ki", "nge", "ngali", "si", "ja", "taka")
_SUBJECTS = ("ni", "u", "a", "tu", "m", "wa", "i", "li", "ya", "ki", "vi", "zi", "ku", "pa", "mu")


# Words a sentence cannot end on: connectives, prepositions, conjunctions, relatives.
_CONNECTIVES = _words(
    "kwa cha vya ya wa za la na ni katika kama vile kwamba ambao ambayo ambaye ambacho ambavyo "
    "ambazo ambalo ambapo lakini ila ili hadi tangu kutoka kuhusu baada kabla bila au"
)


def connective(word: str) -> bool:
    """Whether ``word`` is a Swahili connective or preposition (no sentence ends on one)."""
    return word in _CONNECTIVES


def closed_word(word: str) -> bool:
    """Whether ``word`` is a Swahili function word or an agreeing modifier (wengi, zote)."""
    if word in _CLOSED:
        return True
    return any(word == p + s for s in _AGREEING for p in _AGREEMENT if len(p + s) >= 3)


def verb_form(word: str, knows: Callable[[str], bool | None]) -> bool:
    """Whether ``word`` is an infinitive or a finite verb (subject + tense + a known verb)."""
    if word.startswith(("ku", "kw")) and knows(word):
        return True
    if word.startswith("hu") and (knows("ku" + word[2:]) or knows("kw" + word[2:])):
        return True
    for neg in ("", "ha", "si"):
        for subj in _SUBJECTS:
            for tense in _TENSES:
                prefix = neg + subj + tense
                if word.startswith(prefix) and len(word) - len(prefix) >= 2:
                    if any(s != word and knows("ku" + s) for s in _stems(word[len(prefix) :])):
                        return True
                    if knows("ku" + word[len(prefix) :]):
                        return True
    return False


def compound(left: str, right: str, knows: Callable[[str], bool | None]) -> bool:
    """Whether ``left`` + ``right`` is a Swahili compound written solid, not two words glued.

    Compounds join two nouns (*anga-hewa*, *maji-chumvi*, *kasi-mwelekeo*) or a class prefix,
    a verb stem and its object (*m-piga-picha*, *u-tenda-kazi*); two words glued have a function
    word or an agreeing modifier (*kukaa-kwa*, *mara-nyingi*) or a verb form on one side
    (*ardhi-ulitikisa*, *kupiga-picha*).
    """
    if closed_word(left) or closed_word(right) or verb_form(right, knows) or not knows(right):
        return False
    if knows("ku" + right) or knows("kw" + right):
        return False  # a verb stem (imperative, subjunctive): kaskazini-tembelea
    if right.startswith("ki") and knows(right[2:]):
        return False  # a manner adjective from a noun: kimataifa, kisiasa (ulaghai kimataifa)
    if knows(left) and not verb_form(left, knows):
        return True
    # agent or abstract noun + object: m/wa/u/ki + verb stem ending in -a
    return any(
        left.startswith(p) and left.endswith("a") and knows("ku" + left[len(p) :]) for p in _NOMINAL
    )


def prefix_string(word: str) -> bool:
    """Whether ``word`` is nothing but verb prefixes (*ili* = i-li, *huwa* = hu-wa, *hawa*)."""
    rests = {word}
    for slot in _SLOTS:
        rests |= {r[len(p) :] for r in rests for p in slot if r.startswith(p)}
    return "" in rests


def verb_like(word: str, knows: Callable[[str], bool | None]) -> bool:
    """Whether ``word`` is a verb stem, possibly with object or relative prefixes."""
    if verb_form(word, knows):
        return True
    return any(knows("ku" + s) or knows("kw" + s) for s in _stems(word) | {word})


# Demonstratives and the adverbs, adjectives and nouns Swahili repeats for emphasis or
# distribution (hilo hilo "that very one", mbali mbali "various", kidogo kidogo "little by
# little", mwanzo mwanzo "at the very start").
_REDUPLICATED = _words(
    "huyu hawa huu hii hili haya hiki hivi hizi huku hapa humu huyo hao huo hiyo hilo hayo "
    "hicho hivyo hizo huko hapo humo yule wale ule ile lile yale kile vile zile kule pale mle "
    "papo hapo pale tofauti mbali kidogo haraka pole sawa mara moja mwanzo taratibu kando "
    "mbio karibu siku polepole ovyo wazi juu chini kwanza kila mmoja wawili sana zaidi mdogo "
    "kidogo vidogo midogo wadogo"
)


def reduplicates(word: str, knows: Callable[[str], bool | None]) -> bool:
    """Whether Swahili writes ``word word`` on purpose (a demonstrative, *tofauti tofauti*)."""
    low = word.lower()
    return low in _REDUPLICATED or (len(low) >= 4 and bool(knows(low + low)))
