"""Inline tag checks: the source's tags and placeholders must all be in the target, well nested.

Two kinds of inline code are compared: :class:`tmx.Tag` values carried by the pair (from TMX,
XLIFF or HTML input) and placeholders written in the text itself (``<1>…</1>``, ``<2/>``,
``{0}``, ``%s``, ``%1$s`` and HTML-like ``<b>``/``</b>``), as pairs given in JSON carry them.
"""

from __future__ import annotations

import re
from collections import Counter

from mkutano.tmx import Tag

from .catalog import new_finding
from .finding import Finding
from .pair import Pair, QAContext

__all__ = ["check_tags", "text_placeholders"]

_PLACEHOLDER = re.compile(
    r"</?\d+/?>"  # mkutano / TMX placeholders <1>, </1>, <2/>
    r"|</?[a-zA-Z][a-zA-Z0-9]*(?:\s[^<>]*)?/?>"  # HTML-like tags
    r"|\{\d+\}|\{[a-zA-Z_]\w*\}"  # {0}, {name}
    r"|%(?:\d+\$)?[sdif]"  # printf
)


def text_placeholders(text: str) -> list[tuple[str, int, int]]:
    """The placeholders written in ``text``: (normalised form, start, end)."""
    out = []
    for m in _PLACEHOLDER.finditer(text):
        form = re.sub(r"\s.*?(/?>)$", r"\1", m.group())  # <a href="x"> → <a>
        out.append((form, m.start(), m.end()))
    return out


def _tag_key(tag: Tag) -> str:
    ident = tag.pair_id or tag.attr("id") or ""
    return f"{tag.kind}:{tag.role}:{ident}"


def _nesting_errors(forms: list[tuple[str, int, int]]) -> list[tuple[str, int, int]]:
    stack: list[tuple[str, int, int]] = []
    bad = []
    for form, s, e in forms:
        m = re.match(r"<(/?)([a-zA-Z0-9]+)(/?)>$", form)
        if not m or m.group(3):
            continue
        if not m.group(1):
            stack.append((m.group(2), s, e))
        elif stack and stack[-1][0] == m.group(2):
            stack.pop()
        else:
            bad.append((form, s, e))
    return bad


def check_tags(pair: Pair, ctx: QAContext) -> list[Finding]:
    """Compare inline tags and placeholders of the source and the target."""
    if pair.source is None:
        return []
    lang = ctx.target_lang
    out: list[Finding] = []
    src_tags = Counter(_tag_key(t) for t in pair.source_tags)
    tgt_tags = Counter(_tag_key(t) for t in pair.target_tags)
    for key, n in (src_tags - tgt_tags).items():
        out.append(
            new_finding(
                "tag-mismatch",
                f"inline tag {key} of the source is missing in the target ({n}×)",
                0,
                len(pair.target),
                lang=lang,
                pair_id=pair.id,
            )
        )
    for key, n in (tgt_tags - src_tags).items():
        out.append(
            new_finding(
                "tag-mismatch",
                f"inline tag {key} of the target is not in the source ({n}×)",
                0,
                len(pair.target),
                lang=lang,
                pair_id=pair.id,
            )
        )
    src_ph = text_placeholders(pair.source)
    tgt_ph = text_placeholders(pair.target)
    missing = Counter(f for f, _, _ in src_ph) - Counter(f for f, _, _ in tgt_ph)
    extra = Counter(f for f, _, _ in tgt_ph) - Counter(f for f, _, _ in src_ph)
    for form in missing:
        s, e = next((s, e) for f, s, e in src_ph if f == form)
        out.append(
            new_finding(
                "tag-mismatch",
                f"placeholder '{form}' of the source is missing in the target",
                0,
                len(pair.target),
                lang=lang,
                source_span=(s, e),
                suggestion=form,
                pair_id=pair.id,
            )
        )
    for form in extra:
        s, e = next((s, e) for f, s, e in tgt_ph if f == form)
        out.append(
            new_finding(
                "tag-mismatch",
                f"placeholder '{form}' of the target is not in the source",
                s,
                e,
                lang=lang,
                pair_id=pair.id,
            )
        )
    if not missing and not extra:
        for form, s, e in _nesting_errors(tgt_ph):
            out.append(
                new_finding(
                    "tag-mismatch",
                    f"placeholder '{form}' closes a tag that is not open (tags reordered)",
                    s,
                    e,
                    lang=lang,
                    pair_id=pair.id,
                )
            )
    return out
