"""Bilingual dictionaries (FreeDict, in the dictd format Debian installs) as alignment anchors.

:func:`read_dictd` reads a ``.index`` + ``.dict.dz`` pair (``dict-freedict-swh-eng`` installs
``/usr/share/dictd/freedict-swh-eng.*``) into a :class:`Dictionary`: each headword with the
English (or other target) words of its definitions. :func:`dictionary_anchors` turns one or
more of them into the ``anchor_terms(text, lang)`` callback of :func:`tm.align.align`: a word of
a sentence becomes an anchor for each of its translations into the shared pivot language
(English), and an English word is an anchor for itself, so an Italian and a Swahili sentence
that mean the same share anchors through English.
"""

from __future__ import annotations

import gzip
import os
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from mkutano.tmx import base_language

from .errors import GlossaryError

__all__ = [
    "DICTD_DIR",
    "Dictionary",
    "dictionary_anchors",
    "find_dictionaries",
    "read_dictd",
]

DICTD_DIR = Path("/usr/share/dictd")
_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)?")
_NOTES = re.compile(r"<[^>]*>|\{[^}]*\}|\([^)]*\)|\[[^\]]*\]|/[^/\n]*/")
_FORMS = re.compile(r"\{([^}\s]+)\}")
_FREEDICT = re.compile(r"^freedict-([a-z]{3})-([a-z]{3})$")
_ISO3 = {"eng": "en", "ita": "it", "swh": "sw", "swa": "sw", "fra": "fr", "deu": "de"}
# Words too common to say anything about which sentence is which.
_STOP = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "for",
        "on",
        "at",
        "by",
        "with",
        "from",
        "as",
        "that",
        "this",
        "it",
        "its",
        "his",
        "her",
        "their",
        "they",
        "he",
        "she",
        "we",
        "you",
        "i",
        "not",
        "no",
        "but",
        "if",
        "so",
        "do",
        "does",
        "did",
        "have",
        "has",
        "had",
        "will",
        "would",
        "can",
        "could",
        "may",
        "one",
    ]
)


@dataclass
class Dictionary:
    """Headwords of ``source`` with their translations into ``target`` (lower case)."""

    source: str
    target: str
    entries: dict[str, set[str]] = field(default_factory=dict)


def _b64(value: str) -> int:
    n = 0
    for ch in value:
        n = n * 64 + _B64.index(ch)
    return n


def read_dictd(index: str | os.PathLike[str], source: str, target: str) -> Dictionary:
    """Read a dictd dictionary: ``index`` is the ``.index`` file, its ``.dict.dz`` beside it."""
    index = Path(index)
    data_path = index.with_suffix(".dict.dz")
    if not data_path.exists():
        data_path = index.with_suffix(".dict")
    try:
        raw = data_path.read_bytes()
        data = gzip.decompress(raw) if data_path.suffix == ".dz" else raw
        lines = index.read_text(encoding="utf-8").splitlines()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise GlossaryError(f"{index}: cannot read the dictionary ({exc})") from exc
    out = Dictionary(base_language(source), base_language(target))
    for line in lines:
        parts = line.split("\t")
        if len(parts) < 3 or parts[0].startswith("00database"):
            continue
        start, length = _b64(parts[1]), _b64(parts[2])
        body = data[start : start + length].decode("utf-8", "replace").split("\n", 1)
        if len(body) < 2:
            continue
        words = {w.lower() for w in _WORD.findall(_NOTES.sub(" ", body[1])) if len(w) > 2}
        words -= _STOP
        if not words:
            continue
        heads = {parts[0].lower()}
        heads.update(f.lower() for f in _FORMS.findall(body[0]))  # plural forms: {miezi}
        for head in heads:
            out.entries.setdefault(head, set()).update(words)
    return out


def find_dictionaries(directory: str | os.PathLike[str] = DICTD_DIR) -> list[Dictionary]:
    """Every FreeDict dictionary installed in ``directory`` (none when it is absent)."""
    found: list[Dictionary] = []
    d = Path(directory)
    if not d.is_dir():
        return found
    for index in sorted(d.glob("freedict-*.index")):
        m = _FREEDICT.match(index.name.removesuffix(".index"))
        if m and m.group(1) in _ISO3 and m.group(2) in _ISO3:
            found.append(read_dictd(index, _ISO3[m.group(1)], _ISO3[m.group(2)]))
    return found


def dictionary_anchors(
    dictionaries: Iterable[Dictionary], pivot: str = "en"
) -> Callable[[str, str], list[str]]:
    """An ``anchor_terms`` callback: the pivot-language meanings of a sentence's words.

    Uses the dictionaries from a language into ``pivot`` and, reversed, those from ``pivot``
    into a language. A word with more than a few meanings is left out (it matches too much).
    """
    into: dict[str, dict[str, set[str]]] = {}
    for d in dictionaries:
        if d.target == pivot:
            table = into.setdefault(d.source, {})
            for head, words in d.entries.items():
                table.setdefault(head, set()).update(words)
        elif d.source == pivot:
            table = into.setdefault(d.target, {})
            for head, words in d.entries.items():
                if len(head.split()) == 1 and head not in _STOP:
                    for w in words:
                        table.setdefault(w, set()).add(head)
    known = {w for table in into.values() for meanings in table.values() for w in meanings}
    stems = {
        lang: {_stem(head): meanings for head, meanings in table.items() if len(head) >= 5}
        for lang, table in into.items()
    }

    def anchors(text: str, lang: str) -> list[str]:
        base = base_language(lang)
        words = {w.lower() for w in _WORD.findall(text)}
        if base == pivot:
            return sorted(w for w in words if w in known and w not in _STOP)
        table = into.get(base)
        if not table:
            return []
        out: set[str] = set()
        for w in words:
            meanings = table.get(w) or _lookup(w, base, table, stems[base])
            if meanings and len(meanings) <= 6:
                out.update(meanings)
        return sorted(out)

    return anchors


def _stem(word: str) -> str:
    """The word without its final vowel: gender and number endings (ragazzo, ragazzi)."""
    return word[:-1] if word[-1:] in "aeiouàèéìòù" else word


def _lookup(
    word: str, lang: str, table: dict[str, set[str]], stems: dict[str, set[str]]
) -> set[str] | None:
    """A dictionary form of an inflected word: its stem, or (Swahili, whose verbs and nouns
    take prefixes: a-li-hudhuria) the longest tail of it that is a headword."""
    if len(word) >= 5 and _stem(word) in stems:
        return stems[_stem(word)]
    if lang == "sw":
        for k in range(1, min(7, len(word) - 3)):
            meanings = table.get(word[k:])
            if meanings:
                return meanings
    return None
