"""Lexicons: is a word a word of the language? Hunspell dictionaries read through spylls.

The dictionaries are the ones the system installs (Debian ``hunspell-it``, ``hunspell-en-us``,
``hunspell-sw``, found in ``/usr/share/hunspell`` or ``/usr/share/myspell``); spylls, a pure
Python port of Hunspell, reads them with their affix rules, so inflected forms (``magerezani``,
``iliyosalia``) are words too. Each dictionary loads once per process, lazily, on the first
question about its language (0.4–1.5 s), and is shared by every thread.

When a language has no dictionary on the machine, :func:`lexicon` returns None and logs one
warning for that language; the checks that need it degrade (they say which in their reports)
instead of failing.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

__all__ = [
    "DICTIONARY_DIRS",
    "FUNCTION_WORDS",
    "Lexicon",
    "has_lexicon",
    "lexicon",
    "missing_lexicons",
]

DICTIONARY_DIRS: tuple[str, ...] = (
    "/usr/share/hunspell",
    "/usr/share/myspell",
    "/usr/share/myspell/dicts",
)
# The dictionary tried for each base language, in order.
_LOCALES = {
    "it": ("it_IT", "it_CH"),
    "en": ("en_US", "en_GB", "en_CA", "en_AU"),
    "sw": ("sw_TZ", "sw_KE"),
    "fr": ("fr_FR", "fr"),
    "de": ("de_DE", "de_DE_frami"),
    "es": ("es_ES", "es"),
    "pt": ("pt_PT", "pt_BR"),
    "sv": ("sv_SE", "sv_FI"),
}


# Closed-class words (articles, prepositions, conjunctions, the commonest auxiliaries) whose
# presence in a text of another language is a leftover. One-letter words are left out: they are
# words or initials in too many languages.
def _closed(words: str) -> frozenset[str]:
    return frozenset(words.split())


FUNCTION_WORDS: dict[str, frozenset[str]] = {
    "it": _closed(
        "il lo gli le un uno una di del dello della dei degli delle al allo alla ai agli alle "
        "dal dallo dalla dai dagli dalle nel nello nella nei negli nelle col sul sullo sulla "
        "sui sugli sulle con per tra fra ed che non sono anche ma questo questa quello quella "
        "della degli perché quindi però già più molto essere stato stata"
    ),
    "en": _closed(
        "the of and to in is are was were for with on at by from that this which an as its "
        "be has have been not or but their there these those would could should"
    ),
    "sw": _closed(
        "ya wa za kwa katika na ni cha vya la kwamba ambao ambayo hii huo hiyo pia lakini "
        "au kama sana"
    ),
}
_log = logging.getLogger("mkutano.glossaries.lexicon")
_lock = threading.Lock()
_loaded: dict[tuple[str, tuple[str, ...]], Lexicon | None] = {}
_missing: set[str] = set()


class Lexicon:
    """The words of one language, as one Hunspell dictionary knows them."""

    def __init__(self, lang: str, path: Path, dictionary: Any) -> None:
        self.lang = lang
        self.path = path
        self._dictionary = dictionary
        self._cache: dict[str, bool] = {}
        self._words: frozenset[str] | None = None

    def knows(self, word: str) -> bool:
        """Whether ``word`` (as written, or in lower case) is a word of the language."""
        hit = self._cache.get(word)
        if hit is None:
            hit = bool(self._dictionary.lookup(word)) or (
                word != word.lower() and bool(self._dictionary.lookup(word.lower()))
            )
            if len(self._cache) < 500_000:
                self._cache[word] = hit
        return hit

    def words(self) -> frozenset[str]:
        """The lower-cased entries of the ``.dic`` file (stems, without affix expansion).

        A fast membership test for spelling suggestions; read once, on first use.
        """
        if self._words is None:
            dic = self.path.with_suffix(".dic")
            lines = dic.read_text(encoding=_encoding(self.path), errors="replace").splitlines()
            entries = (ln.split("/", 1)[0].split("\t", 1)[0].strip().lower() for ln in lines[1:])
            self._words = frozenset(w for w in entries if w)
        return self._words

    def __repr__(self) -> str:
        return f"Lexicon({self.lang!r}, {str(self.path)!r})"


def _encoding(path: Path) -> str:
    """The ``SET`` encoding of a dictionary's ``.aff`` file (UTF-8 when it names none)."""
    aff = path.with_suffix(".aff").read_bytes()[:4096].decode("ascii", "replace")
    m = re.search(r"^SET\s+(\S+)", aff, re.MULTILINE)
    return m.group(1) if m else "utf-8"


def _find(lang: str, dirs: Sequence[str]) -> Path | None:
    for locale in _LOCALES.get(lang, (lang,)):
        for d in dirs:
            base = Path(d) / locale
            if base.with_suffix(".dic").is_file() and base.with_suffix(".aff").is_file():
                return base
    return None


def lexicon(lang: str, dirs: Sequence[str] | None = None) -> Lexicon | None:
    """The lexicon of base language ``lang``, loaded once; None (and one warning) when absent."""
    base = lang.split("-")[0].lower()
    key = (base, tuple(dirs or DICTIONARY_DIRS))
    if key in _loaded:  # the common case, without the lock
        return _loaded[key]
    with _lock:
        if key in _loaded:
            return _loaded[key]
        path = _find(base, key[1])
        found: Lexicon | None = None
        if path is None:
            if base not in _missing:
                _missing.add(base)
                _log.warning(
                    "no Hunspell dictionary for %r in %s; checks that need one are skipped "
                    "or degraded (install hunspell-%s)",
                    base,
                    ", ".join(key[1]),
                    base,
                )
        else:
            from spylls.hunspell import Dictionary

            found = Lexicon(base, path, Dictionary.from_files(str(path)))
        _loaded[key] = found
        return found


def has_lexicon(lang: str, dirs: Sequence[str] | None = None) -> bool:
    """Whether base language ``lang`` has a dictionary on this machine (without loading it)."""
    base = lang.split("-")[0].lower()
    return _find(base, tuple(dirs or DICTIONARY_DIRS)) is not None


def missing_lexicons() -> frozenset[str]:
    """The base languages asked for whose dictionary was not found in this process."""
    with _lock:
        return frozenset(_missing)
