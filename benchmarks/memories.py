"""Memories that look like real ones, for the lookup benchmark: deterministic generators.

* **Recurring reports** (:func:`recurring_reports`): real English sentences from
  ``../shared/corpus/parallel`` (FLORES-200, WMT09, MAFAND-MT, Tatoeba; report-length, at least
  eight words), each stored in tens to hundreds of near-variants (one to four words replaced and
  a number changed), as a memory of yearly reports is. Queries: one-word edits of stored units.
* **Short strings** (:func:`short_strings`): the UI and software strings of the real TMX files in
  ``../shared/corpus/tmx`` (at most ten words), each stored with variants of the kind a software
  memory holds (an affix, an identifier part, an accelerator, a number, a word, the case
  changed). Queries: one such edit of a stored unit.

Every generator is a function of its arguments and :data:`SEED`: the same call gives the same
units and queries, so a store built once can be reused and the baselines see the same data.
"""

from __future__ import annotations

import hashlib
import math
import os
import random
import re
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKUTANO_CORPUS", ROOT.parent / "shared" / "corpus"))
SEED = 20261204
MIN_VARIANTS, MAX_VARIANTS = 10, 200  # near-variants per base sentence (log-uniform)
SHORT_MAX_WORDS = 10

Pair = tuple[str, str, str, str | None]  # en, target lang, target text, sw (unused here)
_NUM = re.compile(r"\d+")


def _rng(*key: object) -> random.Random:
    return random.Random(hashlib.blake2b(repr((SEED, *key)).encode(), digest_size=8).digest())


def _unique(pairs: Iterator[Pair], n_units: int) -> Iterator[Pair]:
    """At most ``n_units`` pairs, skipping any identical to one already given (the store would
    merge it), so the memory holds ``n_units`` units when the generator has enough."""
    seen: set[bytes] = set()
    for pair in pairs:
        if len(seen) >= n_units:
            return
        key = hashlib.blake2b("\x00".join(map(str, pair)).encode(), digest_size=8).digest()
        if key not in seen:
            seen.add(key)
            yield pair


# -- recurring reports --------------------------------------------------------------------------
def report_bases(pairs: list[Pair]) -> list[Pair]:
    """The report-length sentences (eight words or more) of ``pairs``, in their order."""
    return [p for p in pairs if len(p[0].split()) >= 8]


def _replace_words(text: str, k: int, vocab: list[str], rng: random.Random) -> str:
    words = text.split()
    for i in rng.sample(range(len(words)), min(k, len(words))):
        words[i] = rng.choice(vocab)
    return " ".join(words)


def _change_number(en: str, tgt: str, rng: random.Random) -> tuple[str, str]:
    m = _NUM.search(en)
    if not m:
        return en, tgt
    old, new = m.group(0), str(rng.randint(2, 2999))
    en = en[: m.start()] + new + en[m.end() :]
    return en, tgt.replace(old, new, 1) if old in tgt else tgt


def report_variant(base: Pair, b: int, k: int, vocab: list[str]) -> Pair:
    """Variant ``k`` of base sentence ``b``: ``k == 0`` is the sentence itself, any other has one
    to four words replaced and its first number (in both languages) changed."""
    if k == 0:
        return base
    rng = _rng("report", b, k)
    en, lang, tgt, _ = base
    en, tgt = _change_number(en, tgt, rng)
    return _replace_words(en, rng.randint(1, 4), vocab, rng), lang, tgt, None


def variants_per_base(b: int) -> int:
    rng = _rng("count", b)
    return round(math.exp(rng.uniform(math.log(MIN_VARIANTS), math.log(MAX_VARIANTS))))


def recurring_reports(
    pairs: list[Pair], n_units: int, n_queries: int
) -> tuple[Iterator[Pair], list[Pair], int]:
    """(stored pairs as a generator, queries, number of base sentences used)."""
    bases = report_bases(pairs)
    vocab = sorted({w for p in bases[:5000] for w in p[0].split() if w.isalpha()})
    counts, total = [], 0
    while total < n_units and len(counts) < len(bases):
        counts.append(variants_per_base(len(counts)))
        total += counts[-1]

    def stored() -> Iterator[Pair]:
        rounds = 0
        while rounds < 50:  # a tiny corpus cycles through its bases with fresh variant numbers
            for b, count in enumerate(counts):
                for k in range(count):
                    yield report_variant(bases[b], b, k + rounds * MAX_VARIANTS, vocab)
            rounds += 1

    qrng = _rng("queries")
    queries = []
    for q in range(n_queries):
        b = qrng.randrange(len(counts))
        en, lang, tgt, _ = report_variant(bases[b], b, qrng.randrange(counts[b]), vocab)
        queries.append((_replace_words(en, 1, vocab, _rng("query", q)), lang, tgt, None))
    return _unique(stored(), n_units), queries, len(counts)


# -- short strings ------------------------------------------------------------------------------
def ui_files() -> list[Path]:
    """Every TMX file under ``../shared/corpus/tmx``, sorted."""
    return sorted((CORPUS / "tmx").rglob("*.tmx")) if (CORPUS / "tmx").is_dir() else []


def ui_pairs() -> list[Pair]:
    """(en, target lang, target, None) for each unit of the real TMX files with an English and
    another variant, English of at most :data:`SHORT_MAX_WORDS` words; deduplicated by English."""
    from mkutano.tmx import TMXError
    from mkutano.tmx.reader import read_tmx

    out: list[Pair] = []
    seen: set[str] = set()
    for path in ui_files():
        try:
            with read_tmx(path) as doc:
                units = list(doc)
        except TMXError:
            continue  # the corpus holds deliberately invalid files too
        for u in units:
            en = next((v for v in u.variants if v.lang.lower().startswith("en")), None)
            other = next((v for v in u.variants if not v.lang.lower().startswith("en")), None)
            if en is None or other is None:
                continue
            src, tgt = en.segment.plain.strip(), other.segment.plain.strip()
            if src and tgt and src not in seen and len(src.split()) <= SHORT_MAX_WORDS:
                seen.add(src)
                out.append((src, other.lang, tgt, None))
    return out


_AFFIXES = ("s", "ed", "ing", "er", "ion", "ly")
_PREFIXES = ("re", "un", "pre", "de")
_IDENT = re.compile(r"[A-Z][a-z]+|[a-z]+|\d+")


def short_edit(text: str, rng: random.Random, vocab: list[str]) -> str:
    """One edit of the kind a software memory holds between near-identical strings."""
    words = text.split()
    kind = rng.choice(("affix", "prefix", "ident", "accel", "number", "word", "case", "punct"))
    if kind == "number" and _NUM.search(text):
        m = _NUM.search(text)
        assert m is not None
        return text[: m.start()] + str(rng.randint(0, 99)) + text[m.end() :]
    if kind == "ident":
        parts = list(_IDENT.finditer(text))
        if len(parts) > 1:
            m = rng.choice(parts[1:])
            return text[: m.start()] + rng.choice(vocab).capitalize() + text[m.end() :]
    if kind == "accel":
        bare = text.replace("&", "")
        letters = [i for i, c in enumerate(bare) if c.isalpha()]
        if letters:
            i = rng.choice(letters)
            return bare[:i] + "&" + bare[i:]
    if kind == "case" and text[:1].isalpha():
        return text[0].swapcase() + text[1:]
    if kind == "punct":
        return text[:-1] if text[-1:] in ".:" else text + rng.choice((":", "...", "."))
    if not words:
        return text + "s"
    i = rng.randrange(len(words))
    w = words[i]
    if kind == "word" or not w.isalpha():
        words[i] = rng.choice(vocab)
    elif kind == "prefix":
        words[i] = rng.choice(_PREFIXES) + w
    else:  # an inflection: add or drop a suffix
        suffix = next((s for s in _AFFIXES if w.endswith(s) and len(w) > len(s) + 2), None)
        words[i] = w[: -len(suffix)] if suffix else w + rng.choice(_AFFIXES)
    return " ".join(words)


def short_variant(base: Pair, b: int, k: int, vocab: list[str]) -> Pair:
    """Variant ``k`` of UI string ``b``: ``k == 0`` is the string itself, any other one or two
    :func:`short_edit` edits of it (the target stays the stored one)."""
    if k == 0:
        return base
    rng = _rng("short", b, k)
    en = base[0]
    for _ in range(rng.choice((1, 1, 2))):
        en = short_edit(en, rng, vocab)
    return en, base[1], base[2], None


def short_strings(n_units: int, n_queries: int) -> tuple[Iterator[Pair], list[Pair], int]:
    """(stored pairs as a generator, queries, number of real UI strings used)."""
    bases = ui_pairs()
    if not bases:
        raise SystemExit(f"no UI TMX files under {CORPUS / 'tmx'} (set MKUTANO_CORPUS)")
    vocab = sorted({w.lower() for p in bases for w in p[0].split() if w.isalpha() and len(w) > 2})
    per_base = max(1, math.ceil(n_units / len(bases)))

    def stored() -> Iterator[Pair]:
        for k in range(50 * per_base):  # round-robin: every string gets its variants
            for b, base in enumerate(bases):
                yield short_variant(base, b, k, vocab)

    qrng = _rng("short-queries")
    queries = []
    for q in range(n_queries):
        b = qrng.randrange(len(bases))
        en, lang, tgt, _ = short_variant(bases[b], b, qrng.randrange(per_base), vocab)
        queries.append((short_edit(en, _rng("short-query", q), vocab), lang, tgt, None))
    return _unique(stored(), n_units), queries, len(bases)
