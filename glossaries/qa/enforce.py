"""Enforcement: a unit enters a memory only if it passes the error-level QA checks.

:func:`add_unit_checked` and :func:`update_unit_checked` check every translation of the unit
against its source variant (the first variant, or ``source_lang``) with the glossary, and refuse
the unit with :class:`QARefused` (carrying the findings) when error-level findings exist — unless
the caller gives an override reason, which is stored on the unit (``StoredUnit.override_reason``).
Warnings and information never block.

The API and CLI adapters call these instead of ``store.add_unit``/``store.update_unit``
(:func:`edit_unit_checked` changes the unit as stored at the moment of writing, in the store's
locked transaction)::

    checked = add_unit_checked(store, "g7", unit, glossary=concepts)       # may raise QARefused
    checked = add_unit_checked(store, "g7", unit, glossary=concepts,
                               override_reason="client-approved spelling")  # stored anyway
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from tm import ConflictError, Store, StoredUnit, VersionConflict
from tm.store import check_version
from tmx import Unit
from tmx.lang import language_match, normalize_language

from .engine import GlossaryLike, check_pairs, term_index
from .errors import QAInputError, QARefused
from .finding import Finding, Severity
from .pair import Pair
from .profile import Profile

__all__ = [
    "CheckedUnit",
    "add_unit_checked",
    "check_unit",
    "edit_unit_checked",
    "update_unit_checked",
]


@dataclass
class CheckedUnit:
    """A stored unit and every finding of its check (warnings included)."""

    stored: StoredUnit
    findings: list[Finding] = field(default_factory=list)

    @property
    def overridden(self) -> bool:
        return self.stored.override_reason is not None


def check_unit(
    unit: Unit,
    *,
    source_lang: str | None = None,
    glossary: GlossaryLike | None = None,
    profile: Profile | None = None,
) -> list[Finding]:
    """Check each translation of ``unit`` against its source variant; return all findings.

    Each finding's ``id`` is the target variant's language.
    """
    if not unit.variants:
        raise QAInputError("a unit needs at least one variant")
    src_lang = normalize_language(source_lang or unit.attrs.get("srclang") or unit.variants[0].lang)
    source = next((v for v in unit.variants if _match(src_lang, v.lang)), None)
    if source is None:
        raise QAInputError(f"the unit has no variant in the source language {src_lang}")
    index = term_index(glossary)
    findings: list[Finding] = []
    for v in unit.variants:
        if v is source or _match(src_lang, v.lang):
            continue
        pair = Pair(
            normalize_language(v.lang),
            source.segment.plain,
            v.segment.plain,
            source.segment.tags,
            v.segment.tags,
        )
        findings.extend(
            check_pairs(
                [pair],
                source_lang=src_lang,
                target_lang=v.lang,
                glossary=index,
                profile=profile,
            )
        )
    return findings


def _match(a: str, b: str) -> bool:
    try:
        return language_match(a, b) == 2 or normalize_language(a) == normalize_language(b)
    except ValueError:
        return False


def _gate(findings: list[Finding], override_reason: str | None) -> str | None:
    errors = [f for f in findings if f.severity is Severity.ERROR]
    reason = override_reason.strip() if override_reason else None
    if errors and not reason:
        raise QARefused(errors)
    return reason if errors else None


def add_unit_checked(
    store: Store,
    memory: str,
    unit: Unit,
    *,
    source_lang: str | None = None,
    glossary: GlossaryLike | None = None,
    profile: Profile | None = None,
    override_reason: str | None = None,
    origin: str = "api",
    project: str | None = None,
) -> CheckedUnit:
    """Check ``unit``, then add it to ``memory``; :class:`QARefused` on errors without a reason.

    The override reason is recorded only when it was needed (error-level findings existed).
    """
    findings = check_unit(unit, source_lang=source_lang, glossary=glossary, profile=profile)
    reason = _gate(findings, override_reason)
    stored = store.add_unit(memory, unit, origin=origin, project=project, override_reason=reason)
    return CheckedUnit(stored, findings)


def update_unit_checked(
    store: Store,
    unit_id: int,
    unit: Unit,
    *,
    source_lang: str | None = None,
    glossary: GlossaryLike | None = None,
    profile: Profile | None = None,
    override_reason: str | None = None,
    if_version: int | None = None,
) -> CheckedUnit:
    """Check ``unit``, then replace unit ``unit_id`` with it (same rules as adding)."""
    return edit_unit_checked(
        store,
        unit_id,
        lambda _: unit,
        source_lang=source_lang,
        glossary=glossary,
        profile=profile,
        override_reason=override_reason,
        if_version=if_version,
    )


#: Times :func:`edit_unit_checked` reads, checks and writes again when another writer changed
#: the unit while it was being checked, before it gives up with a conflict.
EDIT_ATTEMPTS = 5


def edit_unit_checked(
    store: Store,
    unit_id: int,
    change: Callable[[Unit], Unit],
    *,
    source_lang: str | None = None,
    glossary: GlossaryLike | None = None,
    profile: Profile | None = None,
    override_reason: str | None = None,
    if_version: int | None = None,
) -> CheckedUnit:
    """Change unit ``unit_id`` as stored now, check the result, and write it only if nobody
    changed the unit meanwhile, so a change made by another writer is never lost.

    The check (which may take a while: the first QA loads a language model) runs outside any
    transaction; the write is conditioned on the version read (:meth:`tm.Store.update_unit`
    with ``if_version``, one locked transaction). When the unit moved on, the change is applied
    again to the new content, up to :data:`EDIT_ATTEMPTS` times (then
    :class:`tm.ConflictError`). With ``if_version`` (the client's If-Match) there is no retry:
    :class:`tm.VersionConflict` tells the client what is stored now. :class:`QARefused`
    (nothing written) as when adding."""
    for _ in range(EDIT_ATTEMPTS):
        current = store.get_unit(unit_id)
        check_version(unit_id, current.version, if_version)
        unit = change(current.unit)
        findings = check_unit(unit, source_lang=source_lang, glossary=glossary, profile=profile)
        reason = _gate(findings, override_reason)
        try:
            stored = store.update_unit(
                unit_id, unit, override_reason=reason, if_version=current.version
            )
        except VersionConflict:
            if if_version is not None:
                raise
            continue
        return CheckedUnit(stored, findings)
    raise ConflictError(
        f"unit {unit_id} was changed by others {EDIT_ATTEMPTS} times while this change was"
        " being checked; send it again"
    )
