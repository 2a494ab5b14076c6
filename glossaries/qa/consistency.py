"""Consistency checks: one source, one translation — within the checked text and against a memory.

* ``inconsistent-translation``: pairs with the same source (case and white space folded) but
  different targets; each pair that departs from the most frequent rendering is reported, with
  that rendering as the suggestion.
* ``inconsistent-source``: pairs with the same target (of two words or more) but different
  sources.
* ``memory-inconsistent``: the memory has a unit whose source segment is the same text, with
  another translation in the target language. Candidates are fetched through the store's token
  index (the rarest token of the source), then compared on their full text.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from mkutano.tm.tokens import index_tokens
from mkutano.tmx.lang import language_match

from .catalog import new_finding
from .finding import Finding
from .pair import WORD, Pair, QAContext

__all__ = ["check_consistency", "check_memory"]

_WS = re.compile(r"\s+")


def _norm(text: str) -> str:
    return _WS.sub(" ", text).strip().casefold()


def _short(text: str, n: int = 60) -> str:
    text = _WS.sub(" ", text).strip()
    return text if len(text) <= n else text[: n - 1] + "…"


def check_consistency(pairs: Sequence[Pair], ctx: QAContext) -> list[Finding]:
    """Find sources translated in several ways and targets used for several sources."""
    out: list[Finding] = []
    by_source: dict[str, list[Pair]] = defaultdict(list)
    by_target: dict[str, list[Pair]] = defaultdict(list)
    for p in pairs:
        if p.source is None or not p.source.strip() or not p.target.strip():
            continue
        by_source[_norm(p.source)].append(p)
        if len(WORD.findall(p.target)) >= 2:
            by_target[_norm(p.target)].append(p)
    for group in by_source.values():
        renderings = Counter(_norm(p.target) for p in group)
        if len(renderings) < 2:
            continue
        majority = renderings.most_common(1)[0][0]
        model = next(p for p in group if _norm(p.target) == majority)
        for p in group:
            if _norm(p.target) == majority:
                continue
            where = f" (pair {model.id})" if model.id is not None else ""
            out.append(
                new_finding(
                    "inconsistent-translation",
                    f"the same source is also translated '{_short(model.target)}'{where}",
                    0,
                    len(p.target),
                    lang=ctx.target_lang,
                    source_span=(0, len(p.source or "")),
                    suggestion=model.target,
                    pair_id=p.id,
                )
            )
    for group in by_target.values():
        sources = {_norm(p.source or "") for p in group}
        if len(sources) < 2:
            continue
        first = group[0]
        for p in group[1:]:
            if _norm(p.source or "") == _norm(first.source or ""):
                continue
            out.append(
                new_finding(
                    "inconsistent-source",
                    f"the same target also translates '{_short(first.source or '')}'",
                    0,
                    len(p.target),
                    lang=ctx.target_lang,
                    source_span=(0, len(p.source or "")),
                    pair_id=p.id,
                )
            )
    return out


def _memory_translations(source: str, ctx: QAContext) -> list[str]:
    store = ctx.memory
    if store is None or ctx.source_lang is None:
        return []
    tokens = index_tokens(source, ctx.source_lang)
    if not tokens:
        return []
    df = store.document_frequencies(ctx.source_base or ctx.source_lang, set(tokens))
    rarest = min(set(tokens), key=lambda t: (df.get(t, 0), t))
    if df.get(rarest, 0) == 0:
        return []
    cands = store.candidates(
        ctx.source_base or ctx.source_lang,
        [rarest],
        min_length=len(tokens),
        max_length=len(tokens),
        memories=ctx.memories,
    )
    ids = sorted({c.unit_id for c in cands if list(c.tokens) == tokens})
    found: list[str] = []
    wanted = _norm(source)
    for stored in store.get_units(ids):
        unit = stored.unit
        if not any(
            _norm(v.text) == wanted for v in unit.variants if _lang_ok(ctx.source_lang, v.lang)
        ):
            continue
        for v in unit.variants:
            if _lang_ok(ctx.target_lang, v.lang) and v.text.strip():
                found.append(v.text)
    return found


def _lang_ok(wanted: str, candidate: str) -> bool:
    try:
        return language_match(wanted, candidate) > 0
    except ValueError:
        return False


def check_memory(pair: Pair, ctx: QAContext) -> list[Finding]:
    """Compare the pair's target with the memory's translations of the same source."""
    if pair.source is None or not pair.source.strip() or not pair.target.strip():
        return []
    known = _memory_translations(pair.source, ctx)
    if not known or _norm(pair.target) in {_norm(t) for t in known}:
        return []
    best = Counter(known).most_common(1)[0][0]
    return [
        new_finding(
            "memory-inconsistent",
            f"the memory translates this source as '{_short(best)}'",
            0,
            len(pair.target),
            lang=ctx.target_lang,
            source_span=(0, len(pair.source)),
            suggestion=best,
            pair_id=pair.id,
        )
    ]
