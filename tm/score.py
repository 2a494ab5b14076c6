"""The match score: token similarity on normalised text minus named penalties, and the diff.

Formula (documented in ``docs/suggest.md``)::

    base  = 100 × (1 − d / max(n, m))      d = Levenshtein distance between the token sequences
                                           (index_tokens: Moses-normalised, case-folded, numbers
                                           folded to <num>, punctuation dropped) of n and m tokens
    score = max(0, base − Σ penalties)     base and score rounded to 2 decimals

The penalties put back what the folding hid, each a small number of points, each capped:

============  =======================================================  ======  ====
name          what differs                                             points  cap
============  =======================================================  ======  ====
case          a word differs only in case (2 when one side is an       1 (2)   4
              acronym such as ``UN`` vs ``un``)
punctuation   one punctuation mark inserted, deleted or replaced        1       4
numbers       one number inserted, deleted or replaced (``5``→``7``)    2       10
tags          one inline tag inserted, deleted or replaced              1       5
whitespace    the texts differ in whitespace only                       1       1
other         nothing above, yet the segments are not identical         1       1
              (quote styles, Unicode forms, tag placement)
============  =======================================================  ======  ====

Short segments (normalised text of at most :data:`tm.characters.CHAR_MAX` characters on both
sides) are also compared by characters, and ``base`` is the better of the two similarities; the
:class:`Score` names which in its ``basis`` (``tokens`` or ``characters``). Longer segments are
scored by tokens only, exactly as before.

Segments without any token (only punctuation or tags) are compared character by character
instead (``base`` = 100 × character similarity of the stripped texts), so ``?`` is not ``—``;
that base is never above the token similarity (100 for two empty sequences).

So a segment differing only in one number scores 98, and 100 is reserved for an identical segment
(same plain text, same tags at the same places). Penalties only lower a score, never raise it: the
index filter of :mod:`tm.match` relies on ``score ≤ base``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz.distance import Levenshtein

from mkutano.tmx import Segment, Tag

from .characters import char_similarity, char_text, is_short

__all__ = [
    "PENALTY_CAPS",
    "PENALTY_POINTS",
    "DiffOp",
    "Penalty",
    "Score",
    "diff",
    "score_segments",
    "similarity",
    "upper_bound",
]

#: Points per difference, by penalty name (``case`` costs 2 for an acronym).
PENALTY_POINTS: dict[str, float] = {
    "case": 1.0,
    "punctuation": 1.0,
    "numbers": 2.0,
    "tags": 1.0,
    "whitespace": 1.0,
    "other": 1.0,
}
#: The most points each penalty can take off.
PENALTY_CAPS: dict[str, float] = {
    "case": 4.0,
    "punctuation": 4.0,
    "numbers": 10.0,
    "tags": 5.0,
    "whitespace": 1.0,
    "other": 1.0,
}
_ACRONYM_CASE_POINTS = 2.0

_NUMBER = re.compile(r"\d+(?:[.,:/\-]\d+)*")
_WORD = re.compile(r"[^\W\d_]\w*|\d+[^\W\d_]\w*")  # words, not bare numbers
_PUNCT_CHAR = re.compile(r"[^\w\s]")
_DIFF_TOKEN = re.compile(r"\w+|\s+|[^\w\s]")


@dataclass(frozen=True, slots=True)
class Penalty:
    """Points taken off a score, with the reason shown to the user."""

    name: str
    points: float
    detail: str

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "points": self.points, "detail": self.detail}


@dataclass(frozen=True, slots=True)
class DiffOp:
    """One step from the query to the TM source: ``equal``, ``insert``, ``delete``, ``replace``.

    ``insert`` is text only in the TM source, ``delete`` text only in the query.
    """

    op: str
    query: str
    tm: str

    def as_dict(self) -> dict[str, str]:
        return {"op": self.op, "query": self.query, "tm": self.tm}


@dataclass(frozen=True, slots=True)
class Score:
    """A score with how it was reached: the token similarity and the penalties taken off it."""

    value: float
    base: float
    penalties: tuple[Penalty, ...] = ()
    basis: str = "tokens"  # which similarity ``base`` is: "tokens" or "characters"


def similarity(query_tokens: Sequence[str], tm_tokens: Sequence[str]) -> float:
    """Return the token similarity in [0, 100]: ``100 × (1 − d / max(n, m))``.

    Two empty sequences are identical (100).
    """
    return 100.0 * Levenshtein.normalized_similarity(query_tokens, tm_tokens)


def _base(query_tokens: Sequence[str], tm_tokens: Sequence[str]) -> tuple[float, str]:
    """The similarity a score starts from (rounded) and its basis, for two non-empty sides."""
    tokens = round(similarity(query_tokens, tm_tokens), 2)
    a, b = char_text(query_tokens), char_text(tm_tokens)
    if tokens < 100.0 and is_short(a) and is_short(b):
        chars = round(char_similarity(a, b), 2)
        if chars > tokens:
            return chars, "characters"
    return tokens, "tokens"


def upper_bound(query_tokens: Sequence[str], tm_tokens: Sequence[str]) -> float:
    """The ``base`` :func:`score_segments` gives these tokens (whatever the texts): no score is
    above it. Cheap: what :mod:`tm.match` orders and prunes candidates by."""
    if query_tokens and tm_tokens:
        return _base(query_tokens, tm_tokens)[0]
    return round(similarity(query_tokens, tm_tokens), 2)


def _as_segment(text: str | Segment) -> Segment:
    return text if isinstance(text, Segment) else Segment.from_text(text)


def _opcodes(a: Sequence[str], b: Sequence[str]) -> list[tuple[str, int, int, int, int]]:
    return [
        (o.tag, o.src_start, o.src_end, o.dest_start, o.dest_end) for o in Levenshtein.opcodes(a, b)
    ]


def _is_acronym(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return len(letters) >= 2 and all(c.isupper() for c in letters)


def _case_penalty(q: str, s: str) -> Penalty | None:
    qw, sw = _WORD.findall(q), _WORD.findall(s)
    points, words = 0.0, []
    for tag, i1, i2, j1, _j2 in _opcodes([w.casefold() for w in qw], [w.casefold() for w in sw]):
        if tag != "equal":
            continue
        for k in range(i2 - i1):
            a, b = qw[i1 + k], sw[j1 + k]
            if a != b:
                acronym = _is_acronym(a) != _is_acronym(b)
                points += _ACRONYM_CASE_POINTS if acronym else PENALTY_POINTS["case"]
                words.append(f"{a}/{b}")
    if not points:
        return None
    return Penalty("case", min(points, PENALTY_CAPS["case"]), "case differs: " + ", ".join(words))


def _punctuation(text: str) -> list[str]:
    """The characters of ``text`` outside numbers that are not alphanumeric, space or ``_``
    (``\\w`` is exactly ``isalnum()`` or ``_``, ``\\s`` exactly ``isspace()``)."""
    return _PUNCT_CHAR.findall(_NUMBER.sub(" ", text))


def _edits_penalty(
    name: str, q: Sequence[object], s: Sequence[object], what: str
) -> Penalty | None:
    d = Levenshtein.distance(q, s)
    if not d:
        return None
    points = min(d * PENALTY_POINTS[name], PENALTY_CAPS[name])
    noun = what if d > 1 else what.replace("marks", "mark").replace("tags", "tag").rstrip("s")
    return Penalty(name, points, f"{d} {noun} {'differ' if d > 1 else 'differs'}")


def _tag_signature(seg: Segment) -> list[tuple[str, str]]:
    return [(t.kind, t.role) for t in seg.tags]


def _shape(seg: Segment) -> tuple[object, ...]:
    """The segment with each tag reduced to kind and role: what "identical" compares."""
    return tuple((p.kind, p.role) if isinstance(p, Tag) else p for p in _merged(seg))


def _merged(seg: Segment) -> list[str | Tag]:
    out: list[str | Tag] = []
    for p in seg.parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] = out[-1] + p
        elif p != "":
            out.append(p)
    return out


def score_segments(
    query: str | Segment,
    query_tokens: Sequence[str],
    tm: str | Segment,
    tm_tokens: Sequence[str],
) -> Score:
    """Score the TM segment ``tm`` against ``query``, given both token sequences.

    The tokens are :func:`tm.tokens.index_tokens` of each plain text (the store keeps the TM
    side's, so nothing is re-tokenised here).
    """
    qs, ts = _as_segment(query), _as_segment(tm)
    q, s = qs.plain, ts.plain
    basis = "tokens"
    if query_tokens and tm_tokens:
        base, basis = _base(query_tokens, tm_tokens)
    elif query_tokens or tm_tokens:
        base = round(similarity(query_tokens, tm_tokens), 2)
    else:  # no word on either side (punctuation, tags only): compare the characters
        base = round(100.0 * Levenshtein.normalized_similarity(q.strip(), s.strip()), 2)
    penalties: list[Penalty] = []
    if q != s:
        for p in (
            _case_penalty(q, s),
            _edits_penalty("punctuation", _punctuation(q), _punctuation(s), "punctuation marks"),
            _edits_penalty("numbers", _NUMBER.findall(q), _NUMBER.findall(s), "numbers"),
        ):
            if p is not None:
                penalties.append(p)
        if q.split() == s.split():
            penalties.append(Penalty("whitespace", PENALTY_POINTS["whitespace"], "whitespace"))
    tag_p = _edits_penalty("tags", _tag_signature(qs), _tag_signature(ts), "inline tags")
    if tag_p is not None:
        penalties.append(tag_p)
    if base >= 100.0 and not penalties and _shape(qs) != _shape(ts):
        penalties.append(
            Penalty("other", PENALTY_POINTS["other"], "texts differ in form (quotes, tag places)")
        )
    total = sum(p.points for p in penalties)
    return Score(max(0.0, round(base - total, 2)), base, tuple(penalties), basis)


def diff(query: str | Segment, tm: str | Segment) -> list[DiffOp]:
    """Return the word-level steps from ``query`` to ``tm`` (plain texts), for highlighting.

    Joining the ``query`` sides gives the query back, joining the ``tm`` sides the TM source.
    """
    q, s = _as_segment(query).plain, _as_segment(tm).plain
    qt, st = _DIFF_TOKEN.findall(q), _DIFF_TOKEN.findall(s)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in _opcodes(qt, st):
        a, b = "".join(qt[i1:i2]), "".join(st[j1:j2])
        op = {"equal": "equal", "insert": "insert", "delete": "delete"}.get(tag, "replace")
        if ops and ops[-1].op == op:
            prev = ops[-1]
            ops[-1] = DiffOp(op, prev.query + a, prev.tm + b)
        else:
            ops.append(DiffOp(op, a, b))
    return ops
