"""Inline tags in suggestions: the query's own tags put where the memory's were.

A translator's segment carries its own tags (a CMS's ``<b>``, a CAT tool's ``{1}``); the memory's
unit carries the tags of the document it came from. :func:`adapt` turns the memory's target into
the suggestion for *this* query:

1. **The query has no tags**: the target has none either (the memory's are left out, each noted as
   a ``tag`` substitution with status ``removed``). The score already has the ``tags`` penalty for
   the difference (:mod:`tm.score`).
2. **The query's tags correspond to the memory source's**: as many, with the same structure (the
   same sequence of opening, closing and standalone tags, paired the same way). Source and query
   tags then correspond in order, and each tag of the memory's target is found among the source's
   (same element and native code, else same element and id: ``i`` for ``bpt``/``ept``, ``x``
   otherwise, else the next of the same element and role). Each target tag is replaced by the
   query tag its source tag corresponds to, wherever the translator had moved it. The target
   must hold every source tag once for this.
3. **Otherwise** (the unit has no tags, or they do not correspond): tags standing at the very start
   and end of the query (a whole segment in ``<b>...</b>``) are put at the start and end of the
   target; any other query tag cannot be placed, so the target is given without tags, with the
   named penalty ``tags-stripped`` (:data:`STRIPPED_POINTS` per tag, at most
   :data:`STRIPPED_CAP`) and one substitution per tag with status ``stripped``.

Placeables (numbers, dates...) are then substituted on the text as before
(:func:`tm.placeables.substitute`), with tags out of the way, so a tagged unit adapts its numbers
for an untagged query and the other way round. Matching itself scores the text without markup;
tags only cost the small ``tags`` penalty when they differ (:mod:`tm.score`).
"""

from __future__ import annotations

from collections.abc import Sequence

from mkutano.tmx import Segment, Tag, format_tagged

from .placeables import Substitution, substitute, with_kept_penalty
from .score import Penalty

__all__ = ["STRIPPED_CAP", "STRIPPED_POINTS", "adapt", "strip_tags", "transfer_tags"]

#: Points a suggestion loses for each query tag that could not be placed in its target.
STRIPPED_POINTS = 2.0
#: The most points the ``tags-stripped`` penalty takes off.
STRIPPED_CAP = 6.0


def strip_tags(segment: Segment) -> Segment:
    """``segment`` without its tags (adjacent texts joined)."""
    if not segment.tags:
        return segment
    return Segment.from_text(segment.plain)


def _structure(tags: Sequence[Tag]) -> list[tuple[str, int]]:
    """Each tag's role, and for a closing tag how many tags back its opening one is (0 unpaired).

    ``bpt``/``ept`` pair by ``i``; ``hi`` and ``it`` nest (a closing one closes the last open)."""
    out: list[tuple[str, int]] = []
    by_id: dict[str, int] = {}
    stack: list[int] = []
    for n, t in enumerate(tags):
        back = 0
        if t.kind == "bpt":
            by_id[t.attr("i") or ""] = n
        elif t.kind == "ept":
            start = by_id.pop(t.attr("i") or "", None)
            back = n - start if start is not None else 0
        elif t.role == "open":
            stack.append(n)
        elif t.role == "close" and stack:
            back = n - stack.pop()
        out.append((t.role, back))
    return out


def _tag_id(t: Tag) -> str | None:
    return t.attr("i") if t.kind in ("bpt", "ept") else t.attr("x")


def _source_of(source: Sequence[Tag], target: Sequence[Tag]) -> list[int] | None:
    """For each target tag, the index of the source tag it is (each used once); None if the
    target does not hold exactly the source's tags."""
    if len(source) != len(target):
        return None
    free = list(range(len(source)))
    out: list[int] = []
    for t in target:
        pick = next((k for k in free if source[k] == t), None)
        if pick is None:
            same = [k for k in free if (source[k].kind, source[k].role) == (t.kind, t.role)]
            by_id = [k for k in same if _tag_id(t) is not None and _tag_id(source[k]) == _tag_id(t)]
            pick = by_id[0] if by_id else (same[0] if same else None)
        if pick is None:
            return None
        free.remove(pick)
        out.append(pick)
    return out


def _edges(query: Segment) -> tuple[list[Tag], list[Tag], bool]:
    """The query's tags before any text, those after all text, and whether that is all of them."""
    parts = [p for p in query.parts if not (isinstance(p, str) and not p.strip())]
    lead: list[Tag] = []
    for p in parts:
        if not isinstance(p, Tag):
            break
        lead.append(p)
    trail: list[Tag] = []
    for p in reversed(parts[len(lead) :]):
        if not isinstance(p, Tag):
            break
        trail.insert(0, p)
    return lead, trail, len(lead) + len(trail) == len(query.tags)


def _removed(target: Segment) -> list[Substitution]:
    return [
        Substitution(
            "tag", format_tagged(Segment((t,))), "", "", "removed", "the query has no tags"
        )
        for t in target.tags
    ]


def transfer_tags(
    query: Segment, tm_source: Segment, tm_target: Segment
) -> tuple[Segment, list[Substitution], Penalty | None]:
    """The memory's target with the query's tags in place of the memory's (module docs), the
    ``tag`` substitutions made or not, and the ``tags-stripped`` penalty if some were not."""
    q_tags, s_tags = query.tags, tm_source.tags
    if not q_tags:
        return strip_tags(tm_target), _removed(tm_target), None
    order = _source_of(s_tags, tm_target.tags)
    if order is not None and _structure(q_tags) == _structure(s_tags):
        parts: list[str | Tag] = []
        subs: list[Substitution] = []
        n = 0
        for p in tm_target.parts:
            if not isinstance(p, Tag):
                parts.append(p)
                continue
            new = q_tags[order[n]]
            n += 1
            parts.append(new)
            if new != p:
                old_text, new_text = format_tagged(Segment((p,))), format_tagged(Segment((new,)))
                subs.append(Substitution("tag", old_text, new_text, new_text))
        return Segment(tuple(parts)), subs, None
    lead, trail, only_edges = _edges(query)
    body = strip_tags(tm_target)
    if only_edges:
        return Segment((*lead, *body.parts, *trail)), _removed(tm_target), None
    why = (
        "the memory's unit has no tags"
        if not s_tags
        else f"the memory's {len(s_tags)} tags do not correspond to the query's {len(q_tags)}"
    )
    stripped = [
        Substitution("tag", "", format_tagged(Segment((t,))), "", "stripped", f"not placed: {why}")
        for t in q_tags
    ]
    points = min(STRIPPED_POINTS * len(q_tags), STRIPPED_CAP)
    noun = "query tag" if len(q_tags) == 1 else "query tags"
    detail = f"{len(q_tags)} {noun} left out of the target: {why}"
    return body, stripped, Penalty("tags-stripped", points, detail)


def adapt(
    query: Segment,
    tm_source: Segment,
    tm_target: Segment,
    *,
    target_lang: str,
    score: float,
    penalties: tuple[Penalty, ...] = (),
) -> tuple[Segment, list[Substitution], float, tuple[Penalty, ...]]:
    """The suggestion's target for ``query`` from a memory unit (tags moved, placeables
    substituted), its substitutions, and ``score``/``penalties`` lowered by the ``placeables``
    and ``tags-stripped`` penalties when they apply."""
    placed, tag_subs, stripped = transfer_tags(query, tm_source, tm_target)
    new_target, subs = substitute(
        strip_tags(query), strip_tags(tm_source), placed, target_lang=target_lang
    )
    score, penalties = with_kept_penalty(score, penalties, subs)
    if stripped is not None:
        score = max(0.0, round(score - stripped.points, 2))
        penalties = (*penalties, stripped)
    return new_target, subs + tag_subs, score, penalties
