"""An in-memory :class:`tm.Store`: the same contract as the database stores, for tests and tools.

Units are kept serialised (:func:`tm.codec.encode_unit`), so a caller changing a returned unit
never changes the store. The token index is a dictionary of posting sets per base language.
Thread-safe under one lock; nothing survives the process.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace

from mkutano.tmx import Header, Unit

from .batching import run_import
from .characters import char_text, index_grams
from .codec import (
    decode_header,
    decode_unit,
    encode_header,
    encode_unit,
    merge_units,
    same_content,
)
from .errors import ConflictError, MemoryNotFound, ReadOnlyError, UnitNotFound
from .prepared import (
    PreparedUnit,
    check_memory_name,
    count_usage,
    date_bound,
    prepare_unit,
    query_base,
    utc_now,
)
from .store import (
    DEFAULT_BATCH_SIZE,
    ImportReport,
    IndexedVariant,
    Memory,
    ProgressCallback,
    StoredUnit,
    UnitEdit,
    check_qa_policy,
    check_version,
)

__all__ = ["MemoryStore"]

_VariantKey = tuple[int, int]  # (unit id, variant index)


@dataclass
class _Record:
    id: int
    memory: str
    data: str
    content: int
    source: int
    origin: str
    project: str | None
    created_at: str
    updated_at: str
    override_reason: str | None
    version: int = 1
    variants: list[tuple[str, str, tuple[str, ...]]] = field(default_factory=list)


class MemoryStore:
    """A :class:`tm.Store` held in this process's memory."""

    def __init__(self) -> None:
        self._lock = threading.RLock()
        self._memories: dict[str, Memory] = {}
        self._units: dict[int, _Record] = {}
        self._next_id = 1
        self._by_content: dict[tuple[str, int], set[int]] = {}
        self._by_source: dict[tuple[str, int], set[int]] = {}
        self._postings: dict[str, dict[str, set[_VariantKey]]] = {}
        self._empty: dict[str, set[_VariantKey]] = {}
        self._headers: dict[str, list[str]] = {}
        self._writes = 0  # index changes, the short_variants_stamp

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
        name = check_memory_name(name)
        policy = check_qa_policy(qa_policy)
        with self._lock:
            if name in self._memories:
                raise ConflictError(f"memory {name!r} already exists; pick another name")
            self._memories[name] = Memory(
                name, priority, read_only, description, utc_now(), qa_policy=policy
            )
            return self._memories[name]

    def _memory(self, name: str) -> Memory:
        try:
            return self._memories[name]
        except KeyError:
            raise MemoryNotFound(
                f"no memory named {name!r} (create it with 'mkutano memories create {name}')"
            ) from None

    def _writable(self, name: str) -> Memory:
        mem = self._memory(name)
        if mem.read_only:
            raise ReadOnlyError(
                f"memory {name!r} is read-only (clear it with"
                f" 'mkutano memories update {name} --read-write')"
            )
        return mem

    def get_memory(self, name: str) -> Memory:
        with self._lock:
            mem = self._memory(name)
            return replace(mem, units=sum(1 for r in self._units.values() if r.memory == name))

    def list_memories(self) -> list[Memory]:
        with self._lock:
            counts: dict[str, int] = {}
            for r in self._units.values():
                counts[r.memory] = counts.get(r.memory, 0) + 1
            mems = [replace(m, units=counts.get(m.name, 0)) for m in self._memories.values()]
        return sorted(mems, key=lambda m: (-m.priority, m.name))

    def update_memory(
        self,
        name: str,
        *,
        priority: int | None = None,
        read_only: bool | None = None,
        description: str | None = None,
        qa_policy: str | None = None,
    ) -> Memory:
        policy = check_qa_policy(qa_policy)
        with self._lock:
            mem = self._memory(name)
            self._memories[name] = replace(
                mem,
                priority=mem.priority if priority is None else priority,
                read_only=mem.read_only if read_only is None else read_only,
                description=mem.description if description is None else description,
                qa_policy=mem.qa_policy if qa_policy is None else policy,
            )
        return self.get_memory(name)

    def delete_memory(self, name: str) -> None:
        with self._lock:
            self._writable(name)
            for uid in [r.id for r in self._units.values() if r.memory == name]:
                self._remove(uid)
            del self._memories[name]
            self._headers.pop(name, None)

    def add_header(self, memory: str, header: Header, *, origin: str) -> None:
        with self._lock:
            self._memory(memory)
            data = encode_header(header)
            known = self._headers.setdefault(memory, [])
            if data not in known:
                known.append(data)

    def headers(self, memory: str) -> list[Header]:
        with self._lock:
            self._memory(memory)
            return [decode_header(h) for h in self._headers.get(memory, [])]

    # units -------------------------------------------------------------------------------------
    def _stored(self, rec: _Record) -> StoredUnit:
        return StoredUnit(
            id=rec.id,
            memory=rec.memory,
            unit=decode_unit(rec.data),
            origin=rec.origin,
            project=rec.project,
            created_at=rec.created_at,
            updated_at=rec.updated_at,
            override_reason=rec.override_reason,
            version=rec.version,
        )

    def _index(self, rec: _Record, prep: PreparedUnit) -> None:
        self._writes += 1
        rec.variants = [(v.lang, v.base, v.tokens) for v in prep.variants]
        self._by_content.setdefault((rec.memory, rec.content), set()).add(rec.id)
        self._by_source.setdefault((rec.memory, rec.source), set()).add(rec.id)
        for i, (_, base, tokens) in enumerate(rec.variants):
            if not tokens:
                self._empty.setdefault(base, set()).add((rec.id, i))
            postings = self._postings.setdefault(base, {})
            for tok in (*prep.variants[i].distinct_tokens, *index_grams(prep.variants[i].joined)):
                postings.setdefault(tok, set()).add((rec.id, i))

    def _unindex(self, rec: _Record) -> None:
        self._writes += 1
        self._by_content[(rec.memory, rec.content)].discard(rec.id)
        self._by_source[(rec.memory, rec.source)].discard(rec.id)
        for i, (_, base, tokens) in enumerate(rec.variants):
            self._empty.get(base, set()).discard((rec.id, i))
            postings = self._postings.get(base, {})
            for tok in {*tokens, *index_grams(char_text(tokens))}:
                keys = postings.get(tok)
                if keys is not None:
                    keys.discard((rec.id, i))
                    if not keys:
                        del postings[tok]

    def _remove(self, uid: int) -> None:
        rec = self._units.pop(uid)
        self._unindex(rec)

    def _write(
        self,
        memory: str,
        prep: PreparedUnit,
        *,
        origin: str,
        project: str | None,
        override_reason: str | None,
    ) -> tuple[str, int]:
        """Store one prepared unit under the duplicate policy; return (outcome, unit id)."""
        for uid in sorted(self._by_content.get((memory, prep.content), ())):
            rec = self._units[uid]
            stored = decode_unit(rec.data)
            if same_content(stored, prep.unit):
                # same languages and segments: the index entries stay as they are
                merged = merge_units(stored, prep.unit)
                if merged is not stored:  # new metadata: a change
                    rec.data = encode_unit(merged)
                    rec.updated_at = utc_now()
                return "merged", uid
        outcome = "alternative" if self._by_source.get((memory, prep.source)) else "added"
        now = utc_now()
        rec = _Record(
            self._next_id,
            memory,
            prep.data,
            prep.content,
            prep.source,
            origin,
            project,
            now,
            now,
            override_reason,
        )
        self._next_id += 1
        self._units[rec.id] = rec
        self._index(rec, prep)
        return outcome, rec.id

    def add_unit(
        self,
        memory: str,
        unit: Unit,
        *,
        origin: str = "api",
        project: str | None = None,
        override_reason: str | None = None,
    ) -> StoredUnit:
        prep = prepare_unit(unit)
        with self._lock:
            self._writable(memory)
            _, uid = self._write(
                memory, prep, origin=origin, project=project, override_reason=override_reason
            )
            return self._stored(self._units[uid])

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
        with self._lock:
            self._writable(memory)

        def write_batch(batch: list[PreparedUnit], report: ImportReport) -> None:
            with self._lock:
                self._writable(memory)
                for prep in batch:  # nothing below can fail half-way: the batch is atomic
                    outcome, _ = self._write(
                        memory, prep, origin=origin, project=project, override_reason=None
                    )
                    if outcome == "merged":
                        report.merged += 1
                    elif outcome == "alternative":
                        report.alternatives += 1
                    else:
                        report.added += 1

        return run_import(
            units,
            write_batch,
            origin=origin,
            srclang=srclang,
            batch_size=batch_size,
            progress=progress,
            workers=workers,
        )

    def _record(self, unit_id: int) -> _Record:
        try:
            return self._units[unit_id]
        except KeyError:
            raise UnitNotFound(f"no unit with id {unit_id}") from None

    def get_unit(self, unit_id: int) -> StoredUnit:
        with self._lock:
            return self._stored(self._record(unit_id))

    def get_units(self, unit_ids: Sequence[int]) -> list[StoredUnit]:
        with self._lock:
            return [self._stored(self._units[i]) for i in unit_ids if i in self._units]

    def update_unit(
        self,
        unit_id: int,
        unit: Unit,
        *,
        override_reason: str | None = None,
        if_version: int | None = None,
    ) -> StoredUnit:
        return self.edit_unit(unit_id, lambda _: (unit, override_reason), if_version=if_version)

    def edit_unit(
        self, unit_id: int, edit: UnitEdit, *, if_version: int | None = None
    ) -> StoredUnit:
        with self._lock:
            rec = self._record(unit_id)
            self._writable(rec.memory)
            check_version(unit_id, rec.version, if_version)
            unit, override_reason = edit(self._stored(rec))
            prep = prepare_unit(unit)
            self._unindex(rec)
            rec.data, rec.content, rec.source = prep.data, prep.content, prep.source
            rec.updated_at = utc_now()
            rec.override_reason = override_reason
            rec.version += 1
            self._index(rec, prep)
            return self._stored(rec)

    def delete_unit(self, unit_id: int, *, if_version: int | None = None) -> None:
        with self._lock:
            rec = self._record(unit_id)
            self._writable(rec.memory)
            check_version(unit_id, rec.version, if_version)
            self._remove(unit_id)

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
        since = date_bound(changed_since, upper=False)
        until = date_bound(changed_until, upper=True)
        bases = {query_base(lang) for lang in languages or ()}
        with self._lock:
            for name in memories or ():
                self._memory(name)
            ids = sorted(i for i in self._units if i > after_id)
        n = 0
        for uid in ids:
            if limit is not None and n >= limit:
                return
            with self._lock:
                rec = self._units.get(uid)
                if rec is None:
                    continue
                if memories is not None and rec.memory not in memories:
                    continue
                if since is not None and rec.updated_at < since:
                    continue
                if until is not None and rec.updated_at > until:
                    continue
                if not bases <= {b for _, b, _ in rec.variants}:
                    continue
                stored = self._stored(rec)
            n += 1
            yield stored

    def count_units(self, memory: str | None = None) -> int:
        with self._lock:
            if memory is None:
                return len(self._units)
            self._memory(memory)
            return sum(1 for r in self._units.values() if r.memory == memory)

    # index -------------------------------------------------------------------------------------
    def document_frequencies(self, lang: str, tokens: Collection[str]) -> dict[str, int]:
        base = query_base(lang)
        with self._lock:
            postings = self._postings.get(base, {})
            return {t: len(postings.get(t, ())) for t in tokens}

    def _indexed(
        self,
        keys: Iterable[_VariantKey],
        memories: Sequence[str] | None,
        min_length: int = 0,
        max_length: int | None = None,
        by_chars: bool = False,
    ) -> list[IndexedVariant]:
        out: list[IndexedVariant] = []
        for uid, i in sorted(keys):
            rec = self._units[uid]
            if memories is not None and rec.memory not in memories:
                continue
            lang, _, tokens = rec.variants[i]
            size = len(char_text(tokens)) if by_chars else len(tokens)
            if size < min_length or (max_length is not None and size > max_length):
                continue
            out.append(IndexedVariant(uid, i, rec.memory, lang, tokens))
        return out

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
        base = query_base(lang)
        with self._lock:
            postings = self._postings.get(base, {})
            shared: Counter[_VariantKey] = Counter()
            for t in set(tokens):
                shared.update(postings.get(t, ()))
            keys = [k for k, count in shared.items() if count >= min_shared]
            # character keys (tm.characters) measure length in characters, tokens in tokens
            by_chars = any(t.startswith(" ") for t in tokens)
            return self._indexed(keys, memories, min_length, max_length, by_chars)

    def short_variants_stamp(self, lang: str) -> tuple[int, ...]:
        with self._lock:
            return (self._writes,)

    def variants_without_tokens(
        self, lang: str, *, memories: Sequence[str] | None = None
    ) -> list[IndexedVariant]:
        base = query_base(lang)
        with self._lock:
            return self._indexed(set(self._empty.get(base, ())), memories)

    def record_usage(self, unit_id: int) -> None:
        with self._lock:
            rec = self._record(unit_id)
            unit = decode_unit(rec.data)
            count_usage(unit)
            rec.data = encode_unit(unit)

    def close(self) -> None:
        """Nothing to release; the store stays usable."""
