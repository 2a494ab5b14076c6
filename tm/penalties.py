"""Penalties by memory and origin: points a match loses for where its unit comes from.

A reviewed translation and a sentence aligned with confidence 0.76 may read the same; a
translator should not accept both with the same trust. Like OmegaT's ``tm/penalty-NN`` folders and
the TM and origin penalties of Trados and memoQ, a :class:`PenaltyPolicy` lowers the score of
every match (exact and context ones included) from:

- ``memory``: a named memory, by a fixed number of points (``{"legacy": 10}``);
- ``aligned``: a unit made by alignment, by ``aligned × (1 − confidence)`` from its
  ``x-alignment-confidence`` prop (confidence 0.76 and the default 10: 2.4 points);
- ``machine_translation``: a unit from machine translation (a ``x-mt`` prop set, or an
  ``x-origin``/``origin``/``x-source`` prop, or a store origin, saying ``mt...`` or
  ``machine...``, or a creation id starting ``MT!`` or ``mt:``);
- ``unreviewed``: a unit flagged for review (``x-needs-review`` prop, or ``x-reviewed`` = no);
- ``imported``: a unit imported from a TMX file (store origin ``import:...``; 0 by default).

Each shows as a named penalty of the match (``memory``, ``aligned``, ``machine-translation``,
``unreviewed``, ``imported``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from .errors import InvalidInputError
from .score import Penalty
from .store import StoredUnit

__all__ = ["DEFAULT_POLICY", "PenaltyPolicy", "parse_memory_penalties"]

_TRUE = frozenset({"1", "true", "yes", "y"})
_ORIGIN_PROPS = frozenset({"x-origin", "origin", "x-source", "x-translation-origin"})


def _mt(text: str) -> bool:
    t = text.strip().casefold()
    return t.startswith(("mt", "machine"))


@dataclass(frozen=True)
class PenaltyPolicy:
    """Points taken off matches by memory and by the origin of their unit (see the module)."""

    memory: Mapping[str, float] = field(default_factory=dict)
    aligned: float = 10.0
    machine_translation: float = 10.0
    unreviewed: float = 5.0
    imported: float = 0.0

    def penalties(self, stored: StoredUnit) -> list[Penalty]:
        """The named penalties ``stored`` earns under this policy."""
        unit = stored.unit
        props = {p.type.casefold(): p.text for p in unit.props}
        out: list[Penalty] = []
        points = self.memory.get(stored.memory, 0.0)
        if points:
            out.append(Penalty("memory", points, f"memory {stored.memory!r}"))
        confidence = props.get("x-alignment-confidence")
        if confidence is not None and self.aligned:
            try:
                c = min(max(float(confidence), 0.0), 1.0)
            except ValueError:
                c = 0.0
            points = round(self.aligned * (1.0 - c), 2)
            if points:
                out.append(Penalty("aligned", points, f"aligned, confidence {c:.2f}"))
        ids = (unit.attrs.get("creationid") or "", unit.attrs.get("changeid") or "")
        mt = (
            props.get("x-mt", "").casefold() in _TRUE
            or any(_mt(text) for kind, text in props.items() if kind in _ORIGIN_PROPS)
            or _mt(stored.origin.partition(":")[0] if stored.origin else "")
            or any(i.startswith(("MT!", "mt:")) for i in ids)
        )
        if mt and self.machine_translation:
            out.append(
                Penalty("machine-translation", self.machine_translation, "machine translation")
            )
        unreviewed = props.get("x-needs-review", "").casefold() in _TRUE or props.get(
            "x-reviewed", "yes"
        ).casefold() in ("no", "false", "0")
        if unreviewed and self.unreviewed:
            out.append(Penalty("unreviewed", self.unreviewed, "not reviewed"))
        if self.imported and (stored.origin or "").startswith("import:"):
            out.append(Penalty("imported", self.imported, f"imported ({stored.origin})"))
        return out

    def apply(
        self, score: float, penalties: tuple[Penalty, ...], stored: StoredUnit
    ) -> tuple[float, tuple[Penalty, ...]]:
        """Return ``score`` and ``penalties`` with this policy's penalties for ``stored``."""
        extra = self.penalties(stored)
        if not extra:
            return score, penalties
        points = sum(p.points for p in extra)
        return max(0.0, round(score - points, 2)), (*penalties, *extra)


#: The policy used when none is given: origin penalties on, no memory penalty.
DEFAULT_POLICY = PenaltyPolicy()


def parse_memory_penalties(text: str) -> dict[str, float]:
    """Read ``"legacy=10,mt-output=20"`` (memory=points, comma-separated) into a mapping."""
    out: dict[str, float] = {}
    for item in filter(None, (part.strip() for part in text.split(","))):
        name, sep, value = item.rpartition("=")
        try:
            points = float(value)
        except ValueError:
            points = -1.0
        if not sep or not name.strip() or not 0.0 <= points <= 100.0:
            raise InvalidInputError(
                f"memory penalty {item!r}: write NAME=POINTS (0 to 100), e.g. legacy=10"
            )
        out[name.strip()] = points
    return out
