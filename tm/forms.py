"""Word forms: the key that inflected forms of a word share, for concordance by lemma.

A light, rule-based reduction per base language, not a dictionary lemmatiser: two words with the
same key are taken as forms of one word.

- English: plural and verb endings (``migrants`` → ``migrant``, ``countries`` → ``country``,
  ``laundering`` → ``launder``, ``seized`` → ``seiz``... as ``seize``);
- Italian: the final vowel of gender and number (``criminale``/``criminali`` → ``criminal``,
  ``organizzata``/``organizzati`` → ``organizzat``), ``-che``/``-ghi`` as ``-ca``/``-go``;
- Swahili: singular and plural of a noun class pair share the stem under that pair's prefixes
  (1/2 ``mhalifu``/``wahalifu``, ``mtu``/``watu``, ``mwanafunzi``/``wanafunzi``; 3/4
  ``mti``/``miti``; 5/6 ``gari``/``magari``; 7/8 ``kitabu``/``vitabu``, ``chakula``/``vyakula``;
  11/10 ``ukuta``/``kuta``); a word of another class is another word (``uhalifu``, crime, is not
  a form of ``mhalifu``, criminal, nor ``kitu`` of ``mtu``). A Swahili word has several keys:
  itself, and one per class pair its prefix may mark.

Other languages: the word case-folded.
"""

from __future__ import annotations

from mkutano.tmx import base_language

__all__ = ["form_keys", "same_word"]

# Noun-class prefixes and the singular/plural class pairs they mark: "m" is class 1 or 3. A
# word without a prefix may be a class 5 singular (gari/magari) or class 10 plural (kuta/ukuta).
_SW_PAIRS: dict[str, tuple[str, ...]] = {
    "mw": ("1/2", "3/4"),
    "m": ("1/2", "3/4"),
    "wa": ("1/2",),
    "mi": ("3/4",),
    "ji": ("5/6",),
    "ma": ("5/6",),
    "ki": ("7/8",),
    "ch": ("7/8",),
    "vi": ("7/8",),
    "vy": ("7/8",),
    "u": ("11/10",),
}
_SW_BARE = ("5/6", "11/10")
_MIN_STEM = 2


def _english(w: str) -> str:
    if len(w) > 4 and w.endswith("ies"):
        return w[:-3] + "y"
    if len(w) > 4 and w.endswith(("sses", "shes", "ches", "xes", "zes")):
        return w[:-2]
    if len(w) > 3 and w.endswith("s") and not w.endswith(("ss", "us", "is")):
        w = w[:-1]
    if len(w) > 5 and w.endswith("ing"):
        return w[:-3]
    if len(w) > 4 and w.endswith("ed"):
        return w[:-2] if not w.endswith("eed") else w[:-1]
    if len(w) > 4 and w.endswith("e"):
        return w[:-1]  # seize/seized/seizes share "seiz"
    return w


def _italian(w: str) -> str:
    if len(w) > 3 and w[-1] in "aeiouàèéìòù":
        w = w[:-1]
        if w.endswith(("ch", "gh")):
            w = w[:-1]  # banche → banc, like banca; laghi → lag, like lago
    return w


def _swahili(w: str) -> frozenset[str]:
    keys = {w, *(f"{pair}:{w}" for pair in _SW_BARE)}
    for prefix in sorted(_SW_PAIRS, key=len, reverse=True):
        stem = w[len(prefix) :]
        if w.startswith(prefix) and len(stem) >= _MIN_STEM:
            keys.update(f"{pair}:{stem}" for pair in _SW_PAIRS[prefix])
            if prefix == "wa" and stem[0] not in "aeiou":
                keys.add(f"1/2:a{stem}")  # wa + anafunzi is written wanafunzi (mwanafunzi)
            break
    return frozenset(keys)


def form_keys(word: str, lang: str) -> frozenset[str]:
    """The keys of ``word`` in ``lang`` (case-folded); two words sharing one are forms of one."""
    w = word.casefold()
    base = base_language(lang)
    if base == "en":
        return frozenset((_english(w),))
    if base == "it":
        return frozenset((_italian(w),))
    if base == "sw":
        return _swahili(w)
    return frozenset((w,))


def same_word(a: str, b: str, lang: str) -> bool:
    """Whether ``a`` and ``b`` are forms of one word in ``lang``."""
    return not form_keys(a, lang).isdisjoint(form_keys(b, lang))
