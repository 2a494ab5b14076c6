"""Enforcement: what a unit with error-level QA findings does to a memory, per its policy.

:func:`add_unit_checked` and :func:`update_unit_checked` check every translation of the unit
against its source variant (``source_lang``, else the unit's ``srclang``, else the first
variant) with the glossary, and the source variant too with the target-side term checks
(forbidden and deprecated terms: a memory offers every variant as a translation, so the order
of the variants does not let a forbidden term in). What error-level findings do is the memory's
QA policy (:mod:`glossaries.qa.policy`; ``policy=`` overrides it; the default of unit writes is
``refuse``): ``refuse`` raises :class:`QARefused` (carrying the findings) unless the caller gives
an override reason, which is stored on the unit (``StoredUnit.override_reason``); ``flag`` stores
the unit with the prop ``x-qa-flag`` listing the findings' check ids; ``off`` does not check.
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
from typing import Any

from mkutano.tm import ConflictError, MemoryNotFound, Store, StoredUnit, VersionConflict
from mkutano.tm.store import check_qa_policy, check_version
from mkutano.tmx import Prop, Unit
from mkutano.tmx.lang import language_match, normalize_language

from .catalog import CHECKS
from .engine import GlossaryLike, check_pairs, term_index
from .errors import QAInputError, QARefused
from .finding import Finding, Severity
from .pair import Pair
from .profile import Profile

__all__ = [
    "FLAG_PROP",
    "CheckedUnit",
    "add_unit_checked",
    "check_unit",
    "edit_unit_checked",
    "flag_codes",
    "gate_profile",
    "mark_flagged",
    "memory_policy",
    "update_unit_checked",
]

#: The prop a unit stored under the ``flag`` policy carries: the check ids of its error-level
#: findings, comma-separated (``term-forbidden,number-mismatch``). A write that finds no error
#: removes it.
FLAG_PROP = "x-qa-flag"

#: The default policy of single-unit writes (API, CLI, workbench) and of bulk writes (imports,
#: alignment) when the memory has none.
UNIT_DEFAULT = "refuse"
BULK_DEFAULT = "flag"

# The target-side term checks run on the source variant too (see the module docstring).
_TARGET_SIDE = frozenset({"term-forbidden", "term-deprecated"})
# Checks that need a language model or a dictionary loaded: write paths skip them unless the
# profile makes them errors (a warning can neither refuse nor flag a unit).
_COSTLY = frozenset({"foreign-fragment", "glued-words"})


@dataclass
class CheckedUnit:
    """A stored unit and every finding of its check (warnings included)."""

    stored: StoredUnit
    findings: list[Finding] = field(default_factory=list)

    @property
    def overridden(self) -> bool:
        return self.stored.override_reason is not None


def gate_profile(profile: Profile | None = None, *, errors_only: bool = False) -> Profile:
    """The profile a write path checks with: ``profile`` without the checks that need a
    language model or dictionaries loaded (foreign fragments, glued words), unless the profile
    makes them errors: a warning can neither refuse nor flag a unit, and loading those took
    seconds per ``unit add``. Every other check runs, so unit writes still report warnings;
    with ``errors_only`` (bulk writes, which report errors only) just the error-level checks."""
    base = profile or Profile()
    skipped = _COSTLY if not errors_only else frozenset(CHECKS)
    costly = {
        c for c in skipped if base.severities.get(c, CHECKS[c].severity) is not Severity.ERROR
    }
    return Profile(
        set(base.disabled) | costly,
        dict(base.severities),
        list(base.rules),
        dict(base.suppressions),
        set(base.allowed_words),
        name=base.name,
    )


def _srclang(unit: Unit, source_lang: str | None) -> str:
    given = source_lang or unit.attrs.get("srclang")
    if given and given.lower() != "*all*":
        return normalize_language(given)
    return normalize_language(unit.variants[0].lang)


def check_unit(
    unit: Unit,
    *,
    source_lang: str | None = None,
    glossary: GlossaryLike | None = None,
    profile: Profile | None = None,
) -> list[Finding]:
    """Check each translation of ``unit`` against its source variant, and the source variant
    with the target-side term checks (forbidden, deprecated terms); return all findings.

    The source is ``source_lang``, else the unit's ``srclang`` attribute, else the first
    variant. Each finding's ``id`` is the language of the variant its span points into.
    """
    if not unit.variants:
        raise QAInputError("a unit needs at least one variant")
    src_lang = _srclang(unit, source_lang)
    source = next((v for v in unit.variants if _match(src_lang, v.lang)), None)
    if source is None:
        raise QAInputError(f"the unit has no variant in the source language {src_lang}")
    index = term_index(glossary)
    findings: list[Finding] = []
    others = [v for v in unit.variants if v is not source and not _match(src_lang, v.lang)]
    for v in others:
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
    if others and index is not None:
        findings.extend(_source_side(source.segment.plain, src_lang, others[0], index, profile))
    return findings


def _source_side(
    text: str, lang: str, other: Any, index: Any, profile: Profile | None
) -> list[Finding]:
    """The target-side term checks on the source variant (as a translation of ``other``)."""
    base = profile or Profile()
    only = Profile(
        {c for c in CHECKS if c not in _TARGET_SIDE} | set(base.disabled),
        dict(base.severities),
        [],
        dict(base.suppressions),
        set(base.allowed_words),
        name=base.name,
    )
    pair = Pair(lang, other.segment.plain, text)
    return check_pairs(
        [pair],
        source_lang=normalize_language(other.lang),
        target_lang=lang,
        glossary=index,
        profile=only,
    )


def _match(a: str, b: str) -> bool:
    try:
        return language_match(a, b) == 2 or normalize_language(a) == normalize_language(b)
    except ValueError:
        return False


def flag_codes(findings: list[Finding]) -> list[str]:
    """The check ids of the error-level findings, sorted, each once."""
    return sorted({f.check for f in findings if f.severity is Severity.ERROR})


def mark_flagged(unit: Unit, codes: list[str]) -> Unit:
    """``unit`` with its ``x-qa-flag`` prop set to ``codes`` (removed when there are none)."""
    props = [p for p in unit.props if p.type != FLAG_PROP]
    if codes:
        props.append(Prop(FLAG_PROP, ",".join(codes)))
    if props == unit.props:
        return unit
    return Unit(list(unit.variants), dict(unit.attrs), props, list(unit.notes), unit.line)


def memory_policy(
    store: Store, memory: str, *, override: str | None = None, default: str = UNIT_DEFAULT
) -> str:
    """The QA policy of a write into ``memory``: ``override`` (e.g. ``--qa-policy``), else the
    memory's own (``tm.Memory.qa_policy``), else ``default`` (that of the write path)."""
    chosen = check_qa_policy(override)
    if chosen is not None:
        return chosen
    try:
        own = store.get_memory(memory).qa_policy
    except MemoryNotFound:
        own = None
    return own or check_qa_policy(default) or UNIT_DEFAULT


def _gate(
    unit: Unit, findings: list[Finding], override_reason: str | None, policy: str
) -> tuple[Unit, str | None]:
    """The unit to write and the override reason to record, or :class:`QARefused`."""
    errors = [f for f in findings if f.severity is Severity.ERROR]
    reason = override_reason.strip() if override_reason else None
    if policy == "off":
        return unit, None
    if errors and reason:
        return mark_flagged(unit, []), reason
    if errors and policy == "refuse":
        raise QARefused(errors)
    return mark_flagged(unit, flag_codes(errors)), None


def _checked(
    unit: Unit,
    policy: str,
    source_lang: str | None,
    glossary: GlossaryLike | None,
    profile: Profile | None,
) -> list[Finding]:
    if policy == "off":
        return []
    return check_unit(
        unit, source_lang=source_lang, glossary=glossary, profile=gate_profile(profile)
    )


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
    policy: str | None = None,
) -> CheckedUnit:
    """Check ``unit``, then add it to ``memory`` as the memory's QA policy says (``policy``
    overrides it; default ``refuse``: :class:`QARefused` on errors without a reason).

    The override reason is recorded only when it was needed (error-level findings existed).
    """
    chosen = memory_policy(store, memory, override=policy)
    findings = _checked(unit, chosen, source_lang, glossary, profile)
    unit, reason = _gate(unit, findings, override_reason, chosen)
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
    policy: str | None = None,
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
        policy=policy,
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
    policy: str | None = None,
) -> CheckedUnit:
    """Change unit ``unit_id`` as stored now, check the result, and write it only if nobody
    changed the unit meanwhile, so a change made by another writer is never lost.

    The check (which may take a while: the first QA loads a language model) runs outside any
    transaction; the write is conditioned on the version read (:meth:`tm.Store.update_unit`
    with ``if_version``, one locked transaction). When the unit moved on, the change is applied
    again to the new content, up to :data:`EDIT_ATTEMPTS` times (then
    :class:`tm.ConflictError`). With ``if_version`` (the client's If-Match) there is no retry:
    :class:`tm.VersionConflict` tells the client what is stored now. :class:`QARefused`
    (nothing written) as when adding; the policy is that of the unit's memory."""
    for _ in range(EDIT_ATTEMPTS):
        current = store.get_unit(unit_id)
        check_version(unit_id, current.version, if_version)
        chosen = memory_policy(store, current.memory, override=policy)
        unit = change(current.unit)
        findings = _checked(unit, chosen, source_lang, glossary, profile)
        unit, reason = _gate(unit, findings, override_reason, chosen)
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
