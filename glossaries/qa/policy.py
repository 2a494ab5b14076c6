"""The QA policy on bulk writes: imports (TMX, bilingual XLIFF, confirmed segments) and alignment.

A :class:`QAScreen` is the :class:`tm.UnitScreen` the importers of ``tm`` pass every unit
through (tm cannot import glossaries: the policy is handed to it). Under ``flag`` (the default of
bulk writes) a unit with error-level findings is stored with the prop ``x-qa-flag`` (the check
ids); under ``refuse`` it is not stored, and the import report lists it among the skipped units
with its line and the findings; under ``off`` nothing is checked. The report gains the keys
``qa_policy``, ``flagged``, ``refused`` and ``qa_findings`` (a sample of the findings, each with
the ``line`` of its unit)::

    screen = import_screen(store, "g7", glossary=concepts, name="g7.tmx")   # the memory's policy
    report = tm.import_file(store, "g7.tmx", memory="g7", screen=screen)
    report.as_dict()["flagged"]                                            # units marked
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any, cast

from mkutano.tm import ImportReport, Store, StoredUnit
from mkutano.tmx import Unit

from .enforce import (
    BULK_DEFAULT,
    FLAG_PROP,
    check_unit,
    flag_codes,
    gate_profile,
    mark_flagged,
    memory_policy,
)
from .engine import GlossaryLike, term_index
from .errors import QAInputError
from .finding import Finding, Severity
from .profile import Profile
from .terminology import TermIndex

__all__ = ["SAMPLE_SIZE", "QAScreen", "flagged_units", "import_screen", "unit_flags"]

#: Findings listed in an import report's ``qa_findings`` (the counts cover all).
SAMPLE_SIZE = 20


class QAScreen:
    """Checks each unit of an import and applies ``policy`` to the ones with errors.

    Picklable when ``glossary`` is concepts (it may run on the process that reads the file,
    started from a forkserver in the server): the term index is built where first needed.
    """

    def __init__(
        self,
        policy: str,
        *,
        glossary: GlossaryLike | None = None,
        profile: Profile | None = None,
        source_lang: str | None = None,
        name: str = "",
        sample_size: int = SAMPLE_SIZE,
    ) -> None:
        self.policy = policy
        self.profile = gate_profile(profile, errors_only=True)
        self.source_lang = source_lang
        self.name = name
        self.sample_size = sample_size
        # concepts are kept as a list (picklable); an index or recognizer as given
        self._glossary: Any = (
            glossary if glossary is None or not isinstance(glossary, Iterable) else list(glossary)
        )
        self._index: TermIndex | None = None
        self.checked = 0
        self.flagged = 0
        self.refused = 0
        self.refusals: list[str] = []
        self.sample: list[dict[str, object]] = []

    def __getstate__(self) -> dict[str, Any]:
        state = dict(self.__dict__)
        state["_index"] = None
        return state

    def _terms(self) -> TermIndex | None:
        if self._index is None and self._glossary is not None:
            self._index = term_index(self._glossary)
        return self._index

    def _where(self, unit: Unit) -> str:
        line = f":{unit.line}" if unit.line is not None else f" unit {self.checked}"
        return f"{self.name or 'input'}{line}"

    def screen(self, unit: Unit) -> Unit | None:
        if self.policy == "off":
            return unit
        self.checked += 1
        try:
            findings = check_unit(
                unit, source_lang=self.source_lang, glossary=self._terms(), profile=self.profile
            )
        except (QAInputError, ValueError):
            return unit  # not a unit QA can read (no variant, bad tag): the store says why
        codes = flag_codes(findings)
        if codes:
            self._keep_sample(unit, findings)
        if codes and self.policy == "refuse":
            self.refused += 1
            first = next(f for f in findings if f.check == codes[0])
            self.refusals.append(
                f"{self._where(unit)}: refused by QA ({', '.join(codes)}): {first.message}"
            )
            return None
        if codes:
            self.flagged += 1
        return mark_flagged(unit, codes)

    def _keep_sample(self, unit: Unit, findings: list[Finding]) -> None:
        for f in findings:
            if len(self.sample) >= self.sample_size:
                return
            if f.severity is Severity.ERROR:
                self.sample.append({"line": unit.line, "tuid": unit.tuid, **f.as_dict()})

    def outcome(self) -> object:
        return (self.checked, self.flagged, self.refused, self.refusals, self.sample)

    def adopt(self, outcome: object) -> None:
        state = cast("tuple[int, int, int, list[str], list[dict[str, object]]]", outcome)
        self.checked, self.flagged, self.refused, self.refusals, self.sample = state

    def complete(self, report: ImportReport) -> None:
        report.units_read += self.refused
        report.skipped.extend(self.refusals)
        report.qa = {
            "qa_policy": self.policy,
            "qa_checked": self.checked,
            "flagged": self.flagged,
            "refused": self.refused,
            "qa_findings": list(self.sample),
        }


def import_screen(
    store: Store,
    memory: str,
    *,
    policy: str | None = None,
    glossary: GlossaryLike | None = None,
    profile: Profile | None = None,
    source_lang: str | None = None,
    name: str = "",
) -> QAScreen:
    """The screen of a bulk write into ``memory``: ``policy`` (``--qa-policy``), else the
    memory's, else ``flag``."""
    chosen = memory_policy(store, memory, override=policy, default=BULK_DEFAULT)
    return QAScreen(chosen, glossary=glossary, profile=profile, source_lang=source_lang, name=name)


def unit_flags(unit: Unit) -> list[str]:
    """The check ids a flagged unit's ``x-qa-flag`` prop lists (empty: not flagged)."""
    return sorted(
        {c for p in unit.props if p.type == FLAG_PROP for c in p.text.split(",") if c.strip()}
    )


def flagged_units(
    store: Store, memory: str, *, after_id: int = 0, limit: int | None = None
) -> Iterator[StoredUnit]:
    """The flagged units of ``memory`` by ascending id (after ``after_id``; at most ``limit``).

    There is no index on props: the memory's units are read in pages and filtered.
    """
    found = 0
    while limit is None or found < limit:
        page = list(store.iter_units(memories=[memory], after_id=after_id, limit=1000))
        if not page:
            return
        for stored in page:
            if unit_flags(stored.unit):
                yield stored
                found += 1
                if limit is not None and found >= limit:
                    return
        after_id = page[-1].id
