"""Units from texts: what translators and the CMS send (CLI ``unit add``, the API); a text is
plain or a :class:`tmx.Segment` with inline tags (read by :func:`tmx.parse_tagged`).

TMX dates are set the way a CAT tool sets them: ``creationdate`` on a new unit, ``changedate``
on a changed one, in TMX's ``YYYYMMDDThhmmssZ`` form. A unit's context (the segments before and
after it, a context key) is stored as the unit props OmegaT writes and reads (``prev``, ``next``,
``id``; :func:`context_props`), so an exact match in the same context scores 101.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from mkutano.tmx import Prop, Segment, Unit, Variant, base_language, normalize_language

from .codec import decode_unit, encode_unit
from .errors import InvalidInputError

__all__ = ["context_props", "replace_texts", "unit_from_texts"]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


Text = str | Segment  # a plain text, or a segment with inline tags (tmx.parse_tagged)


def _checked(texts: Sequence[tuple[str, Text]]) -> list[tuple[str, Segment]]:
    out: list[tuple[str, Segment]] = []
    for lang, text in texts:
        try:
            tag = normalize_language(lang)
        except ValueError as exc:
            raise InvalidInputError(f"--lang {lang!r}: {exc}") from exc
        seg = text if isinstance(text, Segment) else Segment.from_text(text)
        if not seg.plain.strip():
            raise InvalidInputError(f"--lang {lang}: empty text; give the segment's text")
        out.append((tag, seg))
    return out


def context_props(
    prev: str | None = None, next: str | None = None, context_key: str | None = None
) -> list[Prop]:
    """The unit props recording a segment's context, as OmegaT writes them in
    ``project_save.tmx``: ``prev`` and ``next`` (the neighbouring source segments) and ``id``
    (the context key). Empty or missing values are left out."""
    pairs = (("prev", prev), ("next", next), ("id", context_key))
    return [Prop(kind, value) for kind, value in pairs if value is not None and value.strip()]


def unit_from_texts(
    texts: Sequence[tuple[str, Text]],
    *,
    creator: str | None = None,
    prev: str | None = None,
    next: str | None = None,
    context_key: str | None = None,
) -> Unit:
    """A new unit with one variant per (language, text), languages normalised, and its context
    (:func:`context_props`) when given. A text may be a :class:`tmx.Segment` with inline tags,
    which the unit keeps as they are (and TMX export writes back).

    Raises :class:`InvalidInputError` for a bad tag, an empty text or fewer than two languages.
    """
    checked = _checked(texts)
    if len({base_language(lang) for lang, _ in checked}) < 2:
        raise InvalidInputError(
            "a unit needs texts in at least two languages, e.g. --lang it 'Ciao' --lang sw 'Habari'"
        )
    attrs = {"creationdate": _now()}
    if creator:
        attrs["creationid"] = creator
    return Unit(
        variants=[Variant(lang, seg) for lang, seg in checked],
        attrs=attrs,
        props=context_props(prev, next, context_key),
    )


def replace_texts(
    unit: Unit, texts: Sequence[tuple[str, Text]], *, changer: str | None = None
) -> Unit:
    """A copy of ``unit`` with these texts: the variant in each language gets the new text (its
    props and notes stay), a language the unit lacks is added; ``changedate`` is set."""
    new = decode_unit(encode_unit(unit))
    for lang, seg in _checked(texts):
        for v in new.variants:
            try:
                same = normalize_language(v.lang) == lang
            except ValueError:
                same = False
            if same:
                v.segment = seg
                break
        else:
            new.variants.append(Variant(lang, seg))
    new.attrs["changedate"] = _now()
    if changer:
        new.attrs["changeid"] = changer
    return new
