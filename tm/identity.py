"""Unit identity: the ids a unit answers to, and finding units by them.

A unit's ``tuid`` (and the ``creationid`` of who made it) is how a CAT tool finds its own units
again. When duplicates merge (:func:`tm.codec.merge_units`), the stored unit keeps its own
attributes and records every other id it absorbed as an ``x-tuid`` / ``x-creationid`` prop, which
is exported with it; :func:`find_units` finds a unit by any of them.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from mkutano.tmx import Unit

from .codec import IDENTITY_PROPS
from .errors import InvalidInputError
from .store import Store, StoredUnit

__all__ = ["find_units", "unit_ids"]

IdField = Literal["tuid", "creationid"]


def unit_ids(unit: Unit, field: IdField = "tuid") -> list[str]:
    """Every ``field`` value ``unit`` answers to: its attribute, then those kept from merged
    duplicates, in order, without repeats."""
    if field not in IDENTITY_PROPS:
        raise InvalidInputError(f"id field {field!r}: use tuid or creationid")
    found = [unit.attrs[field]] if unit.attrs.get(field) else []
    found += [p.text for p in unit.props if p.type == IDENTITY_PROPS[field]]
    return list(dict.fromkeys(found))


def find_units(
    store: Store,
    value: str,
    *,
    field: IdField = "tuid",
    memories: Sequence[str] | None = None,
) -> list[StoredUnit]:
    """The units of ``memories`` (default: all) answering to ``value`` as their ``field``
    (``tuid`` or ``creationid``), merged ids included; in id order.

    Reads every unit of the memories (a scan, not an index lookup).
    """
    if field not in IDENTITY_PROPS:
        raise InvalidInputError(f"id field {field!r}: use tuid or creationid")
    return [s for s in store.iter_units(memories=memories) if value in unit_ids(s.unit, field)]
