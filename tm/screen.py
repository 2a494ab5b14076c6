"""A screen the units of an import pass through before they are stored.

tm does not know what the screen decides on: ``glossaries.qa`` passes its QA policy as one
(``refuse``: a unit with error-level findings is not stored; ``flag``: it is stored, marked).
:func:`screened` applies a screen to any units; a TMX file read on a process of its own applies
it there, and hands what it learnt back with :meth:`UnitScreen.outcome`/:meth:`UnitScreen.adopt`,
as the reader's diagnostics are. At the end :meth:`UnitScreen.complete` adds its counts to the
import report (refused units are counted as read and listed as skipped, with their reason).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Protocol, runtime_checkable

from mkutano.tmx import Unit

from .store import ImportReport

__all__ = ["UnitScreen", "screened"]


@runtime_checkable
class UnitScreen(Protocol):
    """Decides, unit by unit, what an import stores (must be picklable: it may travel to the
    process that reads the file)."""

    def screen(self, unit: Unit) -> Unit | None:
        """The unit to store (possibly marked), or None when it is refused."""
        ...

    def outcome(self) -> object:
        """What the screening learnt, picklable (counts, refusals, sample findings)."""
        ...

    def adopt(self, outcome: object) -> None:
        """Take the outcome of the same screen run on another process."""
        ...

    def complete(self, report: ImportReport) -> None:
        """Add what was screened to ``report``."""
        ...


def screened(units: Iterable[Unit], screen: UnitScreen | None) -> Iterator[Unit]:
    """``units`` through ``screen`` (all of them, unchanged, without one)."""
    if screen is None:
        yield from units
        return
    for unit in units:
        kept = screen.screen(unit)
        if kept is not None:
            yield kept
