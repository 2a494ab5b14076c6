"""BCP 47 language tags: normalisation and matching.

Tags are never compared as raw strings: ``it``, ``IT``, ``it_IT``, ``it-it`` and ``ita`` all normalise
to a canonical form (``it``, ``it-IT``). Three-letter codes with a two-letter equivalent are mapped to
it, and the individual languages of a macrolanguage that users treat as the macrolanguage (``swh``,
``swc`` for Swahili) map to it as well.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .errors import LanguageTagError

__all__ = ["base_language", "language_match", "normalize_language"]

# ISO 639-2/3 codes with an ISO 639-1 equivalent, for the languages real TMX files use most, plus
# Swahili's individual languages, which every tool here treats as plain "sw".
_ALIASES: dict[str, str] = {
    "ita": "it",
    "eng": "en",
    "swa": "sw",
    "swh": "sw",
    "swc": "sw",
    "fra": "fr",
    "fre": "fr",
    "deu": "de",
    "ger": "de",
    "spa": "es",
    "por": "pt",
    "nld": "nl",
    "dut": "nl",
    "swe": "sv",
    "rus": "ru",
    "zho": "zh",
    "chi": "zh",
    "jpn": "ja",
    "kor": "ko",
    "ara": "ar",
    "pol": "pl",
    "ces": "cs",
    "cze": "cs",
    "dan": "da",
    "fin": "fi",
    "ell": "el",
    "gre": "el",
    "hun": "hu",
    "nor": "no",
    "ron": "ro",
    "rum": "ro",
    "tur": "tr",
    "ukr": "uk",
    "cat": "ca",
    "heb": "he",
    "hin": "hi",
    "amh": "am",
    "som": "so",
    "yor": "yo",
    "hau": "ha",
    "zul": "zu",
    "xho": "xh",
    "kin": "rw",
    "lug": "lg",
    "orm": "om",
    "tir": "ti",
    "afr": "af",
    # deprecated ISO 639-1 codes
    "iw": "he",
    "in": "id",
    "ji": "yi",
}

_SUBTAG = re.compile(r"^[A-Za-z0-9]{1,8}$")


@lru_cache(maxsize=4096)
def normalize_language(tag: str) -> str:
    """Return the canonical BCP 47 form of ``tag``: ``it_it`` → ``it-IT``, ``SWH`` → ``sw``.

    Raises :class:`LanguageTagError` for a tag that is empty or not made of valid subtags.
    """
    raw = tag.strip()
    if not raw:
        raise LanguageTagError("empty language tag")
    parts = raw.replace("_", "-").split("-")
    if any(not _SUBTAG.match(p) for p in parts):
        raise LanguageTagError(f"invalid language tag {tag!r}")
    lang = parts[0].lower()
    if lang in ("x", "i"):  # private-use or grandfathered: keep as written, lower-cased
        return "-".join(p.lower() for p in parts)
    if not (2 <= len(lang) <= 3 or 5 <= len(lang) <= 8) or not lang.isalpha():
        raise LanguageTagError(f"invalid language tag {tag!r}: bad primary subtag {parts[0]!r}")
    lang = _ALIASES.get(lang, lang)
    out = [lang]
    singleton = False
    for p in parts[1:]:
        if singleton:
            out.append(p.lower())
        elif len(p) == 1:
            singleton = True
            out.append(p.lower())
        elif len(p) == 4 and p.isalpha():
            out.append(p.title())  # script
        elif (len(p) == 2 and p.isalpha()) or (len(p) == 3 and p.isdigit()):
            out.append(p.upper())  # region
        else:
            out.append(p.lower())  # extlang, variant
    return "-".join(out)


def base_language(tag: str) -> str:
    """Return the primary language subtag of ``tag``, normalised: ``sw-KE`` → ``sw``."""
    return normalize_language(tag).split("-", 1)[0]


def language_match(wanted: str, candidate: str) -> int:
    """Rate how well ``candidate`` serves a request for ``wanted``.

    2: the same normalised tag; 1: the same language, other or no region/script (``sw`` for
    ``sw-KE``, and the reverse); 0: another language.
    """
    w, c = normalize_language(wanted), normalize_language(candidate)
    if w == c:
        return 2
    return 1 if w.split("-", 1)[0] == c.split("-", 1)[0] else 0
