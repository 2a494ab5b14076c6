"""Lossless serialisation of units and headers, and the keys the duplicate policy compares.

A unit is stored as compact JSON that keeps everything :class:`tmx.Unit` holds (attribute order,
props, notes, inline tags), so ``decode_unit(encode_unit(u)) == u``. The duplicate policy compares
two digests of a unit:

- the *source key*: the normalised language and exact segment of its source variant (the variant in
  the import header's ``srclang``, else the first variant);
- the *content key*: every variant's normalised language and exact segment, order-insensitive.

Same content → the units are duplicates (merged); same source, other content → alternatives.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from mkutano.tmx import (
    Header,
    Note,
    Prop,
    Segment,
    Tag,
    Unit,
    Variant,
    language_match,
    normalize_language,
)

__all__ = [
    "content_key",
    "decode_header",
    "decode_unit",
    "encode_header",
    "encode_unit",
    "merge_units",
    "same_content",
    "source_key",
    "source_variant",
]


def _props(props: list[Prop]) -> list[Any]:
    return [[p.type, p.text, p.attrs] if p.attrs else [p.type, p.text] for p in props]


def _notes(notes: list[Note]) -> list[Any]:
    return [[n.text, n.attrs] if n.attrs else [n.text] for n in notes]


def _segment(seg: Segment) -> list[Any]:
    return [
        p if isinstance(p, str) else [p.kind, p.role, [list(a) for a in p.attrs], p.code]
        for p in seg.parts
    ]


def _unprops(data: list[Any]) -> list[Prop]:
    return [Prop(p[0], p[1], dict(p[2]) if len(p) > 2 else {}) for p in data]


def _unnotes(data: list[Any]) -> list[Note]:
    return [Note(n[0], dict(n[1]) if len(n) > 1 else {}) for n in data]


def _unsegment(data: list[Any]) -> Segment:
    return Segment(
        tuple(
            p if isinstance(p, str) else Tag(p[0], p[1], tuple((k, v) for k, v in p[2]), p[3])
            for p in data
        )
    )


def _dumps(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, separators=(",", ":"))


def encode_unit(unit: Unit) -> str:
    """Serialise ``unit`` to compact JSON; :func:`decode_unit` gives back an equal unit."""
    data: dict[str, Any] = {
        "v": [
            {
                "l": v.lang,
                "s": _segment(v.segment),
                **({"a": v.attrs} if v.attrs else {}),
                **({"p": _props(v.props)} if v.props else {}),
                **({"n": _notes(v.notes)} if v.notes else {}),
            }
            for v in unit.variants
        ]
    }
    if unit.attrs:
        data["a"] = unit.attrs
    if unit.props:
        data["p"] = _props(unit.props)
    if unit.notes:
        data["n"] = _notes(unit.notes)
    return _dumps(data)


def decode_unit(text: str) -> Unit:
    """Rebuild a unit from :func:`encode_unit`'s JSON."""
    data = json.loads(text)
    return Unit(
        variants=[
            Variant(
                lang=v["l"],
                segment=_unsegment(v["s"]),
                attrs=dict(v.get("a", {})),
                props=_unprops(v.get("p", [])),
                notes=_unnotes(v.get("n", [])),
            )
            for v in data["v"]
        ],
        attrs=dict(data.get("a", {})),
        props=_unprops(data.get("p", [])),
        notes=_unnotes(data.get("n", [])),
    )


def encode_header(header: Header) -> str:
    """Serialise a TMX header (attributes, props, notes, ``<ude>`` elements, version) to JSON."""
    return _dumps(
        {
            "a": header.attrs,
            "p": _props(header.props),
            "n": _notes(header.notes),
            "u": header.udes,
            "version": header.version,
        }
    )


def decode_header(text: str) -> Header:
    data = json.loads(text)
    return Header(
        attrs=dict(data["a"]),
        props=_unprops(data["p"]),
        notes=_unnotes(data["n"]),
        udes=list(data["u"]),
        version=data["version"],
    )


def _digest(text: str) -> int:
    """A signed 64-bit digest (fits an SQL BIGINT) of a text."""
    h = hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(h, "big", signed=True)


def _segment_key(seg: Segment) -> str:
    """An exact, compact key of a segment (XML text never holds NUL, SOH or STX)."""
    if all(isinstance(p, str) for p in seg.parts):
        return "t" + "\x00".join(seg.parts)  # type: ignore[arg-type]
    return "j" + _dumps(_segment(seg))


def _item(v: Variant) -> str:
    return normalize_language(v.lang) + "\x01" + _segment_key(v.segment)


def source_variant(unit: Unit, srclang: str | None = None) -> int:
    """Return the index of the source variant: the one in ``srclang`` (the exact tag preferred),
    else the first variant (also when ``srclang`` is ``*all*`` or absent)."""
    if srclang and srclang.lower() != "*all*":
        best, best_rate = 0, 0
        for i, v in enumerate(unit.variants):
            try:
                rate = language_match(srclang, v.lang)
            except ValueError:
                continue
            if rate > best_rate:
                best, best_rate = i, rate
                if rate == 2:
                    break
        return best
    return 0


def source_key(unit: Unit, srclang: str | None = None) -> int:
    """Digest of the source variant's normalised language and exact segment."""
    return _digest(_item(unit.variants[source_variant(unit, srclang)]))


def content_key(unit: Unit) -> int:
    """Digest of every variant's normalised language and exact segment, in any order."""
    return _digest("\x02".join(_content_items(unit)))


def same_content(a: Unit, b: Unit) -> bool:
    """True when both units hold the same (normalised language, segment) pairs."""
    return _content_items(a) == _content_items(b)


def _content_items(unit: Unit) -> list[str]:
    return sorted(_item(v) for v in unit.variants)


# TMX attributes whose later value wins when duplicates merge (dates compare as strings because
# TMX writes them as YYYYMMDDThhmmssZ); creationdate keeps the earliest.
_MAX_ATTRS = ("changedate", "lastusagedate")
_MIN_ATTRS = ("creationdate",)


def _merge_attrs(into: dict[str, str], other: dict[str, str]) -> None:
    for k, v in other.items():
        if k not in into:
            into[k] = v
        elif k == "usagecount":
            try:
                into[k] = str(max(int(into[k]), int(v)))
            except ValueError:
                continue
        elif k in _MAX_ATTRS:
            into[k] = max(into[k], v)
        elif k in _MIN_ATTRS:
            into[k] = min(into[k], v)


#: Identity attributes a merged duplicate keeps as props when the stored unit has another value:
#: ``tuid="b"`` merged into a unit with ``tuid="a"`` adds ``<prop type="x-tuid">b</prop>``.
IDENTITY_PROPS: dict[str, str] = {"tuid": "x-tuid", "creationid": "x-creationid"}


def _merge_meta(
    into_attrs: dict[str, str],
    into_props: list[Prop],
    into_notes: list[Note],
    other_attrs: dict[str, str],
    other_props: list[Prop],
    other_notes: list[Note],
) -> None:
    for attr, prop_type in IDENTITY_PROPS.items():
        theirs, ours = other_attrs.get(attr), into_attrs.get(attr)
        if theirs and ours is not None and theirs != ours:
            kept = Prop(prop_type, theirs)
            if kept not in into_props:
                into_props.append(kept)
    _merge_attrs(into_attrs, other_attrs)
    into_props.extend(
        Prop(p.type, p.text, dict(p.attrs)) for p in other_props if p not in into_props
    )
    into_notes.extend(Note(n.text, dict(n.attrs)) for n in other_notes if n not in into_notes)


def merge_units(stored: Unit, incoming: Unit) -> Unit:
    """Return ``stored`` with ``incoming``'s metadata merged in (both have the same content).

    Props and notes not present yet are appended; attributes not present are added; a ``tuid``
    or ``creationid`` differing from the stored one is kept as an ``x-tuid`` / ``x-creationid``
    prop (:data:`IDENTITY_PROPS`), so the merged unit still answers to every id it had;
    ``usagecount`` takes the maximum, ``changedate``/``lastusagedate`` the latest and
    ``creationdate`` the earliest. Variants are paired by language and segment.

    Returns ``stored`` itself when ``incoming`` adds nothing (a unit imported again): the store
    then has nothing to write.
    """
    if not (
        incoming.attrs
        or incoming.props
        or incoming.notes
        or any(v.attrs or v.props or v.notes for v in incoming.variants)
    ):
        return stored
    merged = decode_unit(encode_unit(stored))
    _merge_meta(
        merged.attrs,
        merged.props,
        merged.notes,
        incoming.attrs,
        incoming.props,
        incoming.notes,
    )
    free = list(range(len(merged.variants)))
    for v in incoming.variants:
        lang = normalize_language(v.lang)
        for i in free:
            mv = merged.variants[i]
            if mv.segment == v.segment and normalize_language(mv.lang) == lang:
                _merge_meta(mv.attrs, mv.props, mv.notes, v.attrs, v.props, v.notes)
                free.remove(i)
                break
    return stored if merged == stored else merged
