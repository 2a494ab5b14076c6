"""Units from plain texts: what translators and the CMS send (CLI ``unit add``, the API).

TMX dates are set the way a CAT tool sets them: ``creationdate`` on a new unit, ``changedate``
on a changed one, in TMX's ``YYYYMMDDThhmmssZ`` form. A unit's context (the segments before and
after it, a context key) is stored as the unit props OmegaT writes and reads (``prev``, ``next``,
``id``; :func:`context_props`), so an exact match in the same context scores 101.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from tmx import Prop, Segment, Unit, Variant, base_language, normalize_language

from .codec import decode_unit, encode_unit
from .errors import InvalidInputError

__all__ = ["context_props", "replace_texts", "unit_from_texts"]


def _now() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _checked(texts: Sequence[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for lang, text in texts:
        try:
            tag = normalize_language(lang)
        except ValueError as exc:
            raise InvalidInputError(f"--lang {lang!r}: {exc}") from exc
        if not text.strip():
            raise InvalidInputError(f"--lang {lang}: empty text; give the segment's text")
        out.append((tag, text))
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
    texts: Sequence[tuple[str, str]],
    *,
    creator: str | None = None,
    prev: str | None = None,
    next: str | None = None,
    context_key: str | None = None,
) -> Unit:
    """A new unit with one variant per (language, text), languages normalised, and its context
    (:func:`context_props`) when given.

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
        variants=[Variant(lang, Segment.from_text(text)) for lang, text in checked],
        attrs=attrs,
        props=context_props(prev, next, context_key),
    )


def replace_texts(
    unit: Unit, texts: Sequence[tuple[str, str]], *, changer: str | None = None
) -> Unit:
    """A copy of ``unit`` with these texts: the variant in each language gets the new text (its
    props and notes stay), a language the unit lacks is added; ``changedate`` is set."""
    new = decode_unit(encode_unit(unit))
    for lang, text in _checked(texts):
        for v in new.variants:
            try:
                same = normalize_language(v.lang) == lang
            except ValueError:
                same = False
            if same:
                v.segment = Segment.from_text(text)
                break
        else:
            new.variants.append(Variant(lang, Segment.from_text(text)))
    new.attrs["changedate"] = _now()
    if changer:
        new.attrs["changeid"] = changer
    return new
