"""Inflected forms of glossary terms, generated once on the glossary side.

The recogniser puts every form of a term in its automaton, so recognising stays one pass over a
segment. Two sources of forms complement each other:

* the lemmatiser :mod:`simplemma` (Italian, English, Swahili and more): the recogniser compares
  the lemmas of a segment's words with the lemmas of a term's forms (:func:`lemma`);
* the small rule tables below, for what the lemmatiser's dictionaries miss (``mtandao`` →
  ``tanda`` but ``mitandao`` → ``mtandao``; ``magenge`` unknown; ``organizzate`` →
  ``organizzare`` but ``organizzata`` → ``organizzato``).

Rules (documented in ``docs/glossaries.md``):

English
    The head noun takes a plural: the last word, or the word before the first ``of``/``for``/
    ``on``/``in``/``against`` (*heads of state*). ``-s/-x/-z/-ch/-sh`` → ``-es``, consonant +
    ``y`` → ``-ies``, else ``-s``; a plural term is singularised the same way backwards.
    Acronyms take ``s`` (``NGOs``). Possessives need no form: ``'s`` is a separate token.
Italian
    Every word up to the first preposition agrees in gender and number (*criminalità
    organizzata*, *organizzazioni criminali*): ``-o/-a/-i/-e`` alternate (``-co/-ca`` with
    ``-chi/-che``, ``-go/-ga`` with ``-ghi/-ghe``), ``-zione/-ione`` ↔ ``-zioni/-ioni``; words
    ending in an accented vowel (``criminalità``) and words of fewer than four letters are
    invariable.
Swahili
    Nouns inflect by class prefix at the start of the (head-initial) term: m-/wa- and mw-/w-
    (people: *mhamiaji/wahamiaji*), m-/mi- (*mtandao/mitandao*), ki-/vi- and ch-/vy-
    (*kikundi/vikundi*), ji-/ma- and ∅/ma- (*gaidi/magaidi*, *genge/magenge*). Following words
    with the same prefix agree (*kikundi kidogo/vikundi vidogo*) and the associative particle
    changes with the class (*cha/vya*, *la/ya*, *wa/ya*) up to and including it. The head, in
    either number, also takes the locative suffix ``-ni`` (*gereza* → *gerezani*, *magerezani*:
    "in prison"); :func:`form_note` names the form found (``locative of gereza``).
"""

from __future__ import annotations

import contextlib
import logging
import os
import tempfile
import threading
from functools import lru_cache
from itertools import product
from pathlib import Path
from typing import Any

from simplemma import Lemmatizer
from simplemma.strategies import DefaultStrategy, DictionaryLookupStrategy
from simplemma.strategies.dictionaries import DefaultDictionaryFactory, DictionaryFactory
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

__all__ = ["form_note", "inflected_forms", "is_known", "lemma", "lemma_cache_dir", "load_lemmas"]

_log = logging.getLogger(__name__)


def lemma_cache_dir() -> Path | None:
    """Where the lemmatiser's dictionaries are kept as tries: ``MKUTANO_LEMMA_CACHE``, else
    simplemma's folder in the user's cache directory; None (``MKUTANO_LEMMA_CACHE=off``): none,
    each process loads the pickled dictionaries as simplemma ships them."""
    given = os.environ.get("MKUTANO_LEMMA_CACHE")
    if given == "off":
        return None
    if given:
        return Path(given)
    try:
        from platformdirs import user_cache_dir
        from simplemma.__metadata__ import __version__
    except ImportError:
        return None
    return Path(user_cache_dir("simplemma")) / "marisa_trie" / __version__


class _TrieFactory(TrieDictionaryFactory):
    """simplemma's trie dictionaries, written atomically (several processes may build one at
    once, and a reader must never load a half-written file) and kept in memory only when the
    cache folder cannot be written."""

    __slots__: list[str] = []

    def _write_trie_to_disk(self, lang: str, trie: Any) -> None:
        try:
            self._cache_dir.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=self._cache_dir, prefix=f".{lang}.", suffix=".part")
            os.close(fd)
            try:
                trie.save(tmp)
                os.replace(tmp, self._cache_dir / f"{lang}.dic")
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        except OSError as exc:
            _log.warning(
                "cannot keep the %s lemma dictionary in %s: %s", lang, self._cache_dir, exc
            )


def _factory() -> DictionaryFactory:
    folder = lemma_cache_dir()
    if folder is not None:
        try:
            import marisa_trie  # noqa: F401

            return _TrieFactory(disk_cache_dir=str(folder))
        except ImportError:
            pass
    return DefaultDictionaryFactory()


#: The dictionaries of the lemmatiser. simplemma ships them pickled: loading the Swahili one
#: takes over a second on each first use; as tries on disk (built on the first use on a machine)
#: they load in milliseconds, so a ``unit add`` no longer waits for them. Same contents, same
#: lemmas.
DICTIONARIES: DictionaryFactory = _factory()
_LEMMATIZER = Lemmatizer(lemmatization_strategy=DefaultStrategy(dictionary_factory=DICTIONARIES))
_LOOKUP = DictionaryLookupStrategy(DICTIONARIES)

_MAX_FORMS = 24
_VOWELS = set("aeiou")

_EN_PREPOSITIONS = {"of", "for", "on", "in", "against", "to", "with", "from"}
_IT_STOP = {
    "di",
    "del",
    "dello",
    "della",
    "dei",
    "degli",
    "delle",
    "dell",
    "per",
    "a",
    "al",
    "alla",
    "ai",
    "agli",
    "alle",
    "da",
    "dal",
    "dalla",
    "in",
    "nel",
    "nella",
    "su",
    "sul",
    "sulla",
    "con",
    "tra",
    "fra",
    "contro",
}


_loaded: set[str] = set()
_load_lock = threading.Lock()


def load_lemmas(lang: str) -> None:
    """Load the lemmatiser's dictionary of ``lang`` now, once per process.

    simplemma loads a dictionary (a few seconds of CPU, the GIL held) on its first use and
    caches it without a lock, so the first requests of a busy server each loaded it again: 16
    concurrent first QA requests took 68 s instead of 5. One thread loads it; the others wait.
    """
    if lang in _loaded:
        return
    with _load_lock:
        if lang not in _loaded:
            # a language without a dictionary raises: nothing to load then
            with contextlib.suppress(ValueError, KeyError, LookupError):
                _LEMMATIZER.lemmatize("a", lang=lang)
            _loaded.add(lang)


@lru_cache(maxsize=262_144)
def lemma(word: str, lang: str) -> str:
    """The lemma of a case-folded ``word`` in base language ``lang`` (the word if unknown)."""
    load_lemmas(lang)
    try:
        return str(_LEMMATIZER.lemmatize(word, lang=lang))
    except (ValueError, KeyError, LookupError):  # language without a simplemma dictionary
        return word


def is_known(word: str, lang: str) -> bool:
    """Whether the lemmatiser's dictionary of ``lang`` has ``word`` (False for a language
    without one); the same as ``simplemma.is_known``, on the same dictionaries as :func:`lemma`."""
    load_lemmas(lang)
    try:
        return _LOOKUP.get_lemma(word, lang) is not None
    except (ValueError, KeyError, LookupError):
        return False


def inflected_forms(
    words: tuple[str, ...], lang: str, *, acronym: bool = False
) -> list[tuple[str, ...]]:
    """Other forms of the term made of ``words`` (as written) in base language ``lang``.

    The term itself is not included; forms keep the case of the term's words. At most a couple
    of dozen forms per term.
    """
    if not words:
        return []
    if acronym:
        if lang == "en" and len(words) == 1 and not words[0].endswith("s"):
            return [(words[0] + "s",)]
        return []
    if lang == "en":
        forms = _english(words)
    elif lang == "it":
        forms = _italian(words)
    elif lang == "sw":
        forms = _swahili(words)
    else:
        forms = []
    out: list[tuple[str, ...]] = []
    seen = {words}
    for f in forms:
        if f not in seen:
            seen.add(f)
            out.append(f)
        if len(out) >= _MAX_FORMS:
            break
    return out


# -- English -------------------------------------------------------------------------------------
def _en_plural(w: str) -> list[str]:
    low = w.lower()
    if not low.isalpha() or len(low) < 2:
        return []
    if low.endswith(("s", "x", "z", "ch", "sh")):
        out = [w + "es"]
        if low.endswith("ies") and len(low) > 4:
            out.append(w[:-3] + "y")
        elif low.endswith("es") and len(low) > 3:
            out.append(w[:-2])
        if low.endswith("s") and not low.endswith("ss") and len(low) > 3:
            out.append(w[:-1])
        return out
    if low.endswith("y") and len(low) > 2 and low[-2] not in _VOWELS:
        return [w[:-1] + "ies"]
    return [w + "s"]


def _english(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    head = len(words) - 1
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _EN_PREPOSITIONS:
            head = i - 1
            break
    return [(*words[:head], p, *words[head + 1 :]) for p in _en_plural(words[head])]


# -- Italian -------------------------------------------------------------------------------------
def _it_alternatives(w: str) -> list[str]:
    low = w.lower()
    if len(low) < 4 or not low.isalpha() or low[-1] not in _VOWELS:
        return [w]
    for sing, plur in (("zione", "zioni"), ("ione", "ioni")):
        if low.endswith(sing):
            return [w, w[: -len(sing)] + plur]
        if low.endswith(plur):
            return [w, w[: -len(plur)] + sing]
    stem, last = w[:-1], low[-1]
    for endings, family in (
        (("chi", "che"), ("co", "ca", "chi", "che", "ci")),
        (("co", "ca", "ci"), ("co", "ca", "chi", "che", "ci")),
        (("ghi", "ghe"), ("go", "ga", "ghi", "ghe")),
        (("go", "ga"), ("go", "ga", "ghi", "ghe")),
    ):
        ending = next((e for e in endings if low.endswith(e)), None)
        if ending is not None:
            base = w[: -len(ending)]
            return [w] + [base + e for e in family if e != low[-len(ending) :]]
    if last == "e":
        return [w, stem + "i"]
    return [w] + [stem + e for e in ("o", "a", "i", "e") if e != last]


def _italian(words: tuple[str, ...]) -> list[tuple[str, ...]]:
    alts: list[list[str]] = []
    stopped = False
    for i, w in enumerate(words):
        if i > 0 and w.lower() in _IT_STOP:
            stopped = True
        alts.append([w] if stopped else _it_alternatives(w))
    out: list[tuple[str, ...]] = []
    for combo in product(*alts):
        out.append(tuple(combo))
        if len(out) > _MAX_FORMS:
            break
    return out


# -- Swahili -------------------------------------------------------------------------------------
# (singular prefix, plural prefix, singular particle, plural particle)
_SW_CLASSES: tuple[tuple[str, str, str, str], ...] = (
    ("mw", "w", "wa", "wa"),
    ("mu", "wa", "wa", "wa"),
    ("m", "wa", "wa", "wa"),
    ("m", "mi", "wa", "ya"),
    ("ki", "vi", "cha", "vya"),
    ("ch", "vy", "cha", "vya"),
    ("ji", "ma", "la", "ya"),
    ("", "ma", "la", "ya"),
)


def _sw_swap(w: str, old: str, new: str) -> str | None:
    if not w.lower().startswith(old) or len(w) - len(old) < 2:
        return None
    rest = w[len(old) :]
    if old == "" and (
        rest[:1].lower() in _VOWELS or rest.lower().startswith(("m", "ki", "ch", "vi"))
    ):
        return None
    if old == "m" and rest[:1].lower() in _VOWELS:
        return None  # mw-/mu- handled by their own rows
    if old in ("ki", "ji") and rest[:1].lower() in _VOWELS:
        return None
    cap = w[:1].isupper()
    out = new + rest
    return out[:1].upper() + out[1:] if cap and out else out


def _sw_locative(w: str) -> str | None:
    return w + "ni" if w[-1:].lower() in _VOWELS and len(w) >= 3 and w.islower() else None


def form_note(found: str, term: str, lang: str) -> str | None:
    """What inflection of ``term`` the text ``found`` is (``locative of gereza``), if known."""
    f, t = found.casefold().split(), term.casefold().split()
    if not f or not t or f == t:
        return None
    if lang.split("-")[0] == "sw" and f[0].endswith("ni") and f[1:] == t[1:]:
        head = f[0][:-2]
        if head == t[0]:
            return f"locative of {term}"
        if any(form[0].casefold() == head for form in _swahili(tuple(term.split()), False)):
            return f"locative plural of {term}"
    if len(f) == len(t):
        return f"inflected form of {term}"
    return None


def _swahili(words: tuple[str, ...], locatives: bool = True) -> list[tuple[str, ...]]:
    out: list[tuple[str, ...]] = []
    for sing, plur, p_sing, p_plur in _SW_CLASSES:
        for old, new, p_old, p_new in ((sing, plur, p_sing, p_plur), (plur, sing, p_plur, p_sing)):
            head = _sw_swap(words[0], old, new)
            if head is None:
                continue
            form = [head]
            agreeing = True
            for w in words[1:]:
                if agreeing and w.lower() == p_old:
                    form.append(p_new if w.islower() else p_new.capitalize())
                    agreeing = False
                    continue
                swapped = _sw_swap(w, old, new) if agreeing and old else None
                form.append(swapped or w)
            out.append(tuple(form))
    if locatives:
        for base_form in [words, *out]:
            loc = _sw_locative(base_form[0])
            if loc:
                out.append((loc, *base_form[1:]))
    return out
