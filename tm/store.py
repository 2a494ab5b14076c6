"""The ``Store`` protocol: what every backend (memory, SQLite, PostgreSQL) provides.

A store holds named memories of multilingual units (:class:`tmx.Unit`, every language kept) and
an inverted index of each variant's normalised tokens (:func:`tm.tokens.index_tokens`), which the
matcher uses to find candidates without scanning the whole memory. The index lives in the store
itself, so it survives restarts and is shared by every worker using the same database.

Language tags are normalised (:func:`tmx.normalize_language`) before they are stored or compared;
the index is keyed by the *base* language (``sw`` for ``sw-KE``) and each indexed variant keeps its
full tag so the matcher can prefer the exact region.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Protocol, runtime_checkable

from mkutano.tmx import Header, Unit

from .errors import InvalidInputError, TMError, VersionConflict

__all__ = [
    "DEFAULT_BATCH_SIZE",
    "QA_POLICIES",
    "ImportAborted",
    "ImportReport",
    "IndexedVariant",
    "Memory",
    "Store",
    "StoredUnit",
    "UnitEdit",
    "check_qa_policy",
    "check_version",
]


@dataclass(frozen=True)
class Memory:
    """A named memory. Lookups rank by ``priority`` (higher first) when scores tie."""

    name: str
    priority: int = 0
    read_only: bool = False
    description: str = ""
    created_at: str = ""
    units: int = 0  # number of units, filled by list/get
    #: The QA enforcement policy of writes into this memory (:data:`QA_POLICIES`); None: each
    #: write path's default (``refuse`` for unit writes, ``flag`` for imports and alignment).
    qa_policy: str | None = None


#: The QA enforcement policies a memory can have (applied by ``glossaries.qa``): ``refuse`` a
#: unit with error-level findings, ``flag`` it (store it marked), or ``off`` (no check).
QA_POLICIES = ("refuse", "flag", "off")


def check_qa_policy(value: str | None) -> str | None:
    """``value`` as a memory's QA policy: one of :data:`QA_POLICIES`, or None (``default``,
    or nothing: each write path's default); :class:`tm.errors.InvalidInputError` else."""
    if value is None or value == "default":
        return None
    if value not in QA_POLICIES:
        raise InvalidInputError(
            f"QA policy {value!r} is not one of {', '.join(QA_POLICIES)} (or default)"
        )
    return value


@dataclass
class StoredUnit:
    """A unit as stored: its id, memory and provenance around the TMX unit itself.

    ``origin`` says where it came from: ``import:FILE``, ``api``, ``cli``, ``alignment:FILE``.
    ``created_at``/``updated_at`` are the store's own UTC ISO-8601 times; the TMX creation and
    change dates stay in ``unit.attrs`` as written. ``override_reason`` records why a unit was
    accepted despite QA errors. ``version`` starts at 1 and is raised by every content change
    (update, edit): a writer passes the version it read as ``if_version`` so that it cannot
    overwrite a change it has not seen.
    """

    id: int
    memory: str
    unit: Unit
    origin: str = ""
    project: str | None = None
    created_at: str = ""
    updated_at: str = ""
    override_reason: str | None = None
    version: int = 1


#: A change of a stored unit, run by :meth:`Store.edit_unit` inside the write transaction: it is
#: given the unit as stored now and returns the new content and its override reason.
UnitEdit = Callable[[StoredUnit], tuple[Unit, str | None]]


def check_version(unit_id: int, stored: int, wanted: int | None) -> None:
    """Raise :class:`tm.errors.VersionConflict` when ``wanted`` is given and is not ``stored``."""
    if wanted is not None and wanted != stored:
        raise VersionConflict(
            f"unit {unit_id} is at version {stored}, not {wanted}: it was changed since it was"
            " read; read it again and reapply the change",
            stored,
        )


@dataclass(frozen=True)
class IndexedVariant:
    """One indexed variant as the matcher sees it: enough to score it without loading the unit."""

    unit_id: int
    variant_index: int  # position in unit.variants
    memory: str
    lang: str  # normalised full tag, e.g. "sw-KE"
    tokens: tuple[str, ...]  # index_tokens() of the variant's plain text


@dataclass
class ImportReport:
    """What an import did. ``skipped`` holds one-line reasons (``file:line: why``).

    The counts partition the units read: ``units_read == added + merged + alternatives +
    len(skipped)``. ``alternatives`` are stored too (as new units beside the one they differ from).
    """

    added: int = 0
    merged: int = 0  # same content as a stored unit: metadata merged into it
    alternatives: int = 0  # same source as a stored unit, other translation: kept beside it
    skipped: list[str] = field(default_factory=list)
    units_read: int = 0
    warnings: list[str] = field(default_factory=list)  # problems that kept the unit
    #: What a QA screen of the import did (policy, flagged and refused units, sample findings);
    #: None when the import was not screened. Its keys are added to :meth:`as_dict`.
    qa: dict[str, object] | None = None
    #: False when the file broke off part-way (truncated, not well-formed): then only a lenient
    #: import stores what was read before the break.
    complete: bool = True

    def as_dict(self) -> dict[str, object]:
        return {
            "complete": self.complete,
            "added": self.added,
            "merged": self.merged,
            "alternatives": self.alternatives,
            "skipped": len(self.skipped),
            "skipped_reasons": list(self.skipped),
            "units_read": self.units_read,
            "warnings": list(self.warnings),
            **(self.qa or {}),
        }


class ImportAborted(TMError):
    """An import stopped: the batch being written was rolled back, earlier batches stay.

    ``report`` counts what was committed before the failure; ``__cause__`` is the original error.
    """

    def __init__(self, message: str, report: ImportReport) -> None:
        super().__init__(message)
        self.report = report


ProgressCallback = Callable[[int], None]  # called with the number of units processed so far

#: Units written per transaction by an import: large enough that the per-batch work (dictionary
#: updates, duplicate lookups, and above all the commit, which writes every index page the batch
#: touched) is spread thin. Memory does not grow with it on the database stores: a batch goes to
#: the worker processes, and is written, in pieces (:data:`tm.batching.PIECE_SIZE`).
DEFAULT_BATCH_SIZE = 50_000


@runtime_checkable
class Store(Protocol):
    """The contract every backend implements; ``tests/tm/test_store_contract.py`` checks it."""

    # memories ----------------------------------------------------------------------------------
    def create_memory(
        self,
        name: str,
        *,
        priority: int = 0,
        read_only: bool = False,
        description: str = "",
        qa_policy: str | None = None,
    ) -> Memory:
        """Create a memory; :class:`tm.errors.ConflictError` if the name is taken."""
        ...

    def get_memory(self, name: str) -> Memory:
        """Return a memory; :class:`tm.errors.MemoryNotFound` if there is none."""
        ...

    def list_memories(self) -> list[Memory]:
        """All memories, highest priority first, then by name."""
        ...

    def update_memory(
        self,
        name: str,
        *,
        priority: int | None = None,
        read_only: bool | None = None,
        description: str | None = None,
        qa_policy: str | None = None,
    ) -> Memory:
        """Change the fields given (None: unchanged); ``qa_policy="default"`` clears the
        memory's QA policy (each write path's default applies again)."""
        ...

    def delete_memory(self, name: str) -> None:
        """Delete a memory and all its units (:class:`tm.errors.ReadOnlyError` if read-only)."""
        ...

    # units -------------------------------------------------------------------------------------
    def add_unit(
        self,
        memory: str,
        unit: Unit,
        *,
        origin: str = "api",
        project: str | None = None,
        override_reason: str | None = None,
    ) -> StoredUnit:
        """Add one unit (the duplicate policy of :meth:`import_units` applies: adding a duplicate
        returns the stored unit, with the metadata merged)."""
        ...

    def import_units(
        self,
        memory: str,
        units: Iterable[Unit],
        *,
        origin: str,
        project: str | None = None,
        batch_size: int = DEFAULT_BATCH_SIZE,
        progress: ProgressCallback | None = None,
        srclang: str | None = None,
        workers: int | None = None,
    ) -> ImportReport:
        """Add many units in transactional batches (the bulk path: tokenises on ``workers``
        processes, default one per core, once the input is longer than one batch).

        Duplicate policy, within one memory: a unit with the same content (the same normalised
        languages with exactly the same segments, in any order) as a stored unit is merged into it
        (props, notes and attributes not present are added; ``usagecount`` takes the maximum,
        ``changedate``/``lastusagedate`` the latest, ``creationdate`` the earliest); a unit whose
        *source* variant (the one in ``srclang``, else the first) equals a stored unit's but whose
        other content differs is stored as an alternative. A unit that cannot be stored (no
        variant, bad language tag) is skipped with its reason. A failure of the input or of the
        database rolls back the batch it happened in and raises :class:`ImportAborted`; batches
        already committed stay. :class:`tm.errors.ReadOnlyError` if the memory is read-only.
        """
        ...

    def add_header(self, memory: str, header: Header, *, origin: str) -> None:
        """Remember the header of a file imported into ``memory`` (export writes it back)."""
        ...

    def headers(self, memory: str) -> list[Header]:
        """The distinct headers of the files imported into ``memory``, oldest first."""
        ...

    def get_unit(self, unit_id: int) -> StoredUnit:
        """Return a unit; :class:`tm.errors.UnitNotFound` if there is none."""
        ...

    def get_units(self, unit_ids: Sequence[int]) -> list[StoredUnit]:
        """Return the units that exist among ``unit_ids``, in the order asked."""
        ...

    def update_unit(
        self,
        unit_id: int,
        unit: Unit,
        *,
        override_reason: str | None = None,
        if_version: int | None = None,
    ) -> StoredUnit:
        """Replace a unit's content (its id, memory, origin and creation time stay); the same as
        :meth:`edit_unit` with a change that ignores what is stored."""
        ...

    def edit_unit(
        self, unit_id: int, edit: UnitEdit, *, if_version: int | None = None
    ) -> StoredUnit:
        """Read, change and write back one unit in one transaction, the row locked for it (no
        other writer can change the unit between the read and the write, so no update is lost).

        :class:`tm.errors.VersionConflict` (with the current version) when ``if_version`` is
        given and is not the stored version; an exception raised by ``edit`` rolls back and
        propagates. The version is raised by one.
        """
        ...

    def delete_unit(self, unit_id: int, *, if_version: int | None = None) -> None:
        """Delete a unit; :class:`tm.errors.UnitNotFound` if there is none,
        :class:`tm.errors.VersionConflict` if ``if_version`` is not the stored version."""
        ...

    def iter_units(
        self,
        *,
        memories: Sequence[str] | None = None,
        languages: Sequence[str] | None = None,
        changed_since: str | None = None,
        changed_until: str | None = None,
        after_id: int = 0,
        limit: int | None = None,
    ) -> Iterator[StoredUnit]:
        """Yield units by ascending id (``after_id`` is the cursor), streaming, with filters.

        ``languages``: units having at least one variant in each of these languages (base match).
        ``changed_since``/``changed_until``: ISO dates compared with the store's ``updated_at``.
        """
        ...

    def count_units(self, memory: str | None = None) -> int: ...

    # index -------------------------------------------------------------------------------------
    def document_frequencies(self, lang: str, tokens: Collection[str]) -> dict[str, int]:
        """For each token, the number of indexed variants of base language ``lang`` containing it."""
        ...

    def candidates(
        self,
        lang: str,
        tokens: Collection[str],
        *,
        min_length: int,
        max_length: int,
        memories: Sequence[str] | None = None,
        min_shared: int = 1,
    ) -> list[IndexedVariant]:
        """Variants of base language ``lang`` that contain at least ``min_shared`` of the distinct
        ``tokens`` and have between ``min_length`` and ``max_length`` tokens (inclusive), in the
        given memories. The counting happens in the index, so a larger ``min_shared`` returns
        fewer rows (:mod:`tm.match` uses it for its generalised prefix filter).

        ``tokens`` may instead be character keys (:func:`tm.characters.index_grams`: they start
        with a space): every short variant is posted under them too, and for them the lengths are
        the variant's normalised text length in characters."""
        ...

    def short_variants_stamp(self, lang: str) -> tuple[int, ...]:
        """A value that differs whenever the set of short variants (those posted under
        :data:`tm.characters.EVERY_SHORT`) of base language ``lang`` may have changed: what
        :mod:`tm.charscan` checks before reusing the short texts it keeps in memory."""
        ...

    def variants_without_tokens(
        self, lang: str, *, memories: Sequence[str] | None = None
    ) -> list[IndexedVariant]:
        """Variants of base language ``lang`` with no token at all (only tags, numbers-free
        punctuation...), which the token index cannot reach."""
        ...

    def record_usage(self, unit_id: int) -> None:
        """Count one use of a unit's translation: ``usagecount`` and ``lastusagedate`` in the
        unit's TMX attributes (allowed in a read-only memory: it is not a content change)."""
        ...

    def close(self) -> None: ...
