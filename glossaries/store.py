"""Glossary storage: named glossaries with a priority, holding concept entries.

Two implementations of one :class:`GlossaryStore` protocol: :class:`MemoryGlossaryStore` (tests,
scratch work) and :class:`SQLGlossaryStore` over :class:`tm.db.Database` (SQLite or PostgreSQL),
which lives in the same database as the translation memories (tables ``gl_*``, migrations
namespace ``"glossaries"``). A concept is stored whole as JSON (:meth:`Concept.to_dict`) with one
row per term beside it for look-ups by term.

:func:`import_glossary` reads a file (:func:`glossaries.formats.read_glossary`) and stores its
concepts in one transaction: a concept whose id is already in the glossary is replaced, so
importing the same file twice changes nothing. :func:`export_glossary` writes a glossary back out.
"""

from __future__ import annotations

import copy
import json
import os
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol, runtime_checkable

from mkutano.tm.db import Database, Migration
from mkutano.tm.errors import DatabaseError
from mkutano.tmx.errors import Diagnostic
from mkutano.tmx.lang import base_language

from .errors import GlossaryConflict, GlossaryError, GlossaryNotFound
from .formats import SAMPLE_GLOSSARY, read_glossary, write_glossary
from .model import Concept
from .recognize import TermHit, TermRecognizer

__all__ = [
    "MIGRATIONS",
    "Glossary",
    "GlossaryImportReport",
    "GlossaryStore",
    "MemoryGlossaryStore",
    "SQLGlossaryStore",
    "default_concepts",
    "export_glossary",
    "import_glossary",
    "open_glossary_store",
    "recognize_terms",
    "recognizer_for",
    "sample_concepts",
]


@dataclass(frozen=True)
class Glossary:
    """A named glossary. Recognition prefers the concepts of higher-``priority`` glossaries."""

    name: str
    priority: int = 0
    description: str = ""
    created_at: str = ""
    concepts: int = 0  # filled by get/list

    def as_dict(self) -> dict[str, object]:
        return {
            "name": self.name,
            "priority": self.priority,
            "description": self.description,
            "created_at": self.created_at,
            "concepts": self.concepts,
        }


@dataclass
class GlossaryImportReport:
    """What an import did: counts, languages and the reader's diagnostics."""

    glossary: str
    file: str
    format: str
    added: int = 0
    updated: int = 0
    terms: int = 0
    languages: list[str] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    complete: bool = True  # False: the file broke off part-way (stored only in lenient mode)

    @property
    def concepts(self) -> int:
        return self.added + self.updated

    @property
    def rejected(self) -> bool:
        return self.concepts == 0

    def as_dict(self) -> dict[str, object]:
        return {
            "glossary": self.glossary,
            "file": self.file,
            "format": self.format,
            "concepts": self.concepts,
            "added": self.added,
            "updated": self.updated,
            "terms": self.terms,
            "languages": self.languages,
            "rejected": self.rejected,
            "complete": self.complete,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }


@runtime_checkable
class GlossaryStore(Protocol):
    """What every glossary backend provides; ``tests/glossaries/test_store.py`` checks it."""

    def create_glossary(self, name: str, *, priority: int = 0, description: str = "") -> Glossary:
        """Create a glossary; :class:`GlossaryConflict` if the name is taken."""
        ...

    def get_glossary(self, name: str) -> Glossary:
        """Return a glossary; :class:`GlossaryNotFound` if there is none."""
        ...

    def list_glossaries(self) -> list[Glossary]:
        """All glossaries, highest priority first, then by name."""
        ...

    def update_glossary(
        self, name: str, *, priority: int | None = None, description: str | None = None
    ) -> Glossary: ...

    def delete_glossary(self, name: str) -> None:
        """Delete a glossary and its concepts."""
        ...

    def add_concept(self, glossary: str, concept: Concept) -> Concept:
        """Add one concept; :class:`GlossaryConflict` if its id is taken (an empty id is made)."""
        ...

    def get_concept(self, glossary: str, concept_id: str) -> Concept: ...

    def update_concept(self, glossary: str, concept: Concept) -> Concept:
        """Replace a stored concept (same id); :class:`GlossaryNotFound` if absent."""
        ...

    def delete_concept(self, glossary: str, concept_id: str) -> None: ...

    def put_concepts(self, glossary: str, concepts: Iterable[Concept]) -> tuple[int, int]:
        """Add or replace many concepts in one transaction; return ``(added, updated)``."""
        ...

    def iter_concepts(self, glossary: str) -> Iterator[Concept]:
        """The concepts of a glossary, in the order they were added."""
        ...

    def concepts(self, glossaries: Sequence[str] | None = None) -> list[Concept]:
        """The concepts of the named glossaries (default all), highest priority first."""
        ...

    def find_concepts(self, text: str, lang: str | None = None) -> list[Concept]:
        """Concepts having a term equal to ``text`` (case-folded), in ``lang`` if given."""
        ...

    def close(self) -> None: ...


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _check_name(name: str) -> str:
    clean = name.strip()
    if not clean or len(clean) > 200 or any(c in clean for c in "\n\r\t"):
        raise GlossaryError(f"invalid glossary name {name!r}: use a short single-line name")
    return clean


def _with_id(concept: Concept, used: set[str]) -> Concept:
    if concept.id:
        return concept
    n = len(used) + 1
    while f"c{n}" in used:
        n += 1
    return replace(concept, id=f"c{n}")


class MemoryGlossaryStore:
    """A glossary store in memory (nothing saved); thread-safe."""

    def __init__(self) -> None:
        self._glossaries: dict[str, Glossary] = {}
        self._concepts: dict[str, dict[str, Concept]] = {}
        self._lock = threading.RLock()

    def _get(self, name: str) -> Glossary:
        try:
            return self._glossaries[name]
        except KeyError:
            raise GlossaryNotFound(f"no glossary named {name!r}") from None

    def create_glossary(self, name: str, *, priority: int = 0, description: str = "") -> Glossary:
        name = _check_name(name)
        with self._lock:
            if name in self._glossaries:
                raise GlossaryConflict(f"a glossary named {name!r} already exists")
            self._glossaries[name] = Glossary(name, priority, description, _now())
            self._concepts[name] = {}
            return self.get_glossary(name)

    def get_glossary(self, name: str) -> Glossary:
        with self._lock:
            return replace(self._get(name), concepts=len(self._concepts[name]))

    def list_glossaries(self) -> list[Glossary]:
        with self._lock:
            found = [self.get_glossary(n) for n in self._glossaries]
        return sorted(found, key=lambda g: (-g.priority, g.name))

    def update_glossary(
        self, name: str, *, priority: int | None = None, description: str | None = None
    ) -> Glossary:
        with self._lock:
            g = self._get(name)
            self._glossaries[name] = replace(
                g,
                priority=g.priority if priority is None else priority,
                description=g.description if description is None else description,
            )
            return self.get_glossary(name)

    def delete_glossary(self, name: str) -> None:
        with self._lock:
            self._get(name)
            del self._glossaries[name]
            del self._concepts[name]

    def _stamp(self, glossary: str, c: Concept) -> Concept:
        g = self._glossaries[glossary]
        return Concept.from_dict({**c.to_dict(), "glossary": g.name, "priority": g.priority})

    def add_concept(self, glossary: str, concept: Concept) -> Concept:
        with self._lock:
            self._get(glossary)
            table = self._concepts[glossary]
            concept = _with_id(concept, set(table))
            if concept.id in table:
                raise GlossaryConflict(f"glossary {glossary!r} already has concept {concept.id!r}")
            table[concept.id] = self._stamp(glossary, concept)
            return self.get_concept(glossary, concept.id)

    def get_concept(self, glossary: str, concept_id: str) -> Concept:
        with self._lock:
            self._get(glossary)
            try:
                return self._stamp(glossary, self._concepts[glossary][concept_id])
            except KeyError:
                raise GlossaryNotFound(
                    f"glossary {glossary!r} has no concept {concept_id!r}"
                ) from None

    def update_concept(self, glossary: str, concept: Concept) -> Concept:
        with self._lock:
            self.get_concept(glossary, concept.id)
            self._concepts[glossary][concept.id] = self._stamp(glossary, concept)
            return self.get_concept(glossary, concept.id)

    def delete_concept(self, glossary: str, concept_id: str) -> None:
        with self._lock:
            self.get_concept(glossary, concept_id)
            del self._concepts[glossary][concept_id]

    def put_concepts(self, glossary: str, concepts: Iterable[Concept]) -> tuple[int, int]:
        with self._lock:
            self._get(glossary)
            table = dict(self._concepts[glossary])
            added = updated = 0
            for c in concepts:
                c = _with_id(c, set(table))
                if c.id in table:
                    updated += 1
                else:
                    added += 1
                table[c.id] = self._stamp(glossary, c)
            self._concepts[glossary] = table  # all or nothing
            return added, updated

    def iter_concepts(self, glossary: str) -> Iterator[Concept]:
        with self._lock:
            self._get(glossary)
            items = [self._stamp(glossary, c) for c in self._concepts[glossary].values()]
        yield from items

    def concepts(self, glossaries: Sequence[str] | None = None) -> list[Concept]:
        names = [g.name for g in self.list_glossaries()]
        if glossaries is not None:
            for n in glossaries:
                self._get(n)
            names = [n for n in names if n in glossaries]
        return [c for n in names for c in self.iter_concepts(n)]

    def find_concepts(self, text: str, lang: str | None = None) -> list[Concept]:
        key = " ".join(text.split()).casefold()
        base = base_language(lang) if lang else None
        return [
            c
            for c in self.concepts()
            if any(
                t.text.casefold() == key and (base is None or base_language(t.lang) == base)
                for t in c.terms
            )
        ]

    def close(self) -> None:
        return None


NAMESPACE = "glossaries"

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        1,
        "glossaries, concepts and terms",
        sqlite=(
            "CREATE TABLE gl_glossaries ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,"
            " priority INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)",
            "CREATE TABLE gl_concepts ("
            " id INTEGER PRIMARY KEY AUTOINCREMENT,"
            " glossary_id INTEGER NOT NULL REFERENCES gl_glossaries(id) ON DELETE CASCADE,"
            " concept_id TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL,"
            " UNIQUE (glossary_id, concept_id))",
            "CREATE TABLE gl_terms ("
            " concept_row INTEGER NOT NULL REFERENCES gl_concepts(id) ON DELETE CASCADE,"
            " glossary_id INTEGER NOT NULL, base_lang TEXT NOT NULL, lang TEXT NOT NULL,"
            " text TEXT NOT NULL, folded TEXT NOT NULL)",
            "CREATE INDEX gl_terms_folded ON gl_terms (folded, base_lang)",
            "CREATE INDEX gl_terms_concept ON gl_terms (concept_row)",
        ),
        postgres=(
            "CREATE TABLE gl_glossaries ("
            " id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
            " priority INTEGER NOT NULL DEFAULT 0, description TEXT NOT NULL DEFAULT '',"
            " created_at TEXT NOT NULL)",
            "CREATE TABLE gl_concepts ("
            " id BIGSERIAL PRIMARY KEY,"
            " glossary_id BIGINT NOT NULL REFERENCES gl_glossaries(id) ON DELETE CASCADE,"
            " concept_id TEXT NOT NULL, data TEXT NOT NULL, updated_at TEXT NOT NULL,"
            " UNIQUE (glossary_id, concept_id))",
            "CREATE TABLE gl_terms ("
            " concept_row BIGINT NOT NULL REFERENCES gl_concepts(id) ON DELETE CASCADE,"
            " glossary_id BIGINT NOT NULL, base_lang TEXT NOT NULL, lang TEXT NOT NULL,"
            " text TEXT NOT NULL, folded TEXT NOT NULL)",
            "CREATE INDEX gl_terms_folded ON gl_terms (folded, base_lang)",
            "CREATE INDEX gl_terms_concept ON gl_terms (concept_row)",
        ),
    ),
)


class SQLGlossaryStore:
    """Glossaries in a :class:`tm.db.Database` (SQLite or PostgreSQL), beside the memories."""

    def __init__(self, db: Database, *, migrate: bool = True) -> None:
        self.db = db
        if migrate:
            try:
                db.migrate(NAMESPACE, MIGRATIONS)
            except DatabaseError as exc:
                raise GlossaryError(f"cannot prepare the glossary tables: {exc}") from exc

    # -- helpers ---------------------------------------------------------------------------------
    def _q(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        try:
            return self.db.query(sql, params)
        except DatabaseError as exc:
            raise GlossaryError(str(exc)) from exc

    def _x(self, sql: str, params: Sequence[Any] = ()) -> int:
        try:
            return self.db.execute(sql, params)
        except DatabaseError as exc:
            raise GlossaryError(str(exc)) from exc

    def _row(self, name: str) -> tuple[Any, ...]:
        rows = self._q(
            "SELECT id, name, priority, description, created_at FROM gl_glossaries WHERE name = ?",
            (name,),
        )
        if not rows:
            raise GlossaryNotFound(f"no glossary named {name!r}")
        return rows[0]

    def _glossary(self, row: tuple[Any, ...]) -> Glossary:
        count = self._q("SELECT COUNT(*) FROM gl_concepts WHERE glossary_id = ?", (row[0],))
        return Glossary(row[1], int(row[2]), row[3], row[4], int(count[0][0]))

    @staticmethod
    def _load(data: str, name: str, priority: int) -> Concept:
        d = json.loads(data)
        d["glossary"], d["priority"] = name, priority
        return Concept.from_dict(d)

    @staticmethod
    def _dump(c: Concept) -> str:
        d = c.to_dict()
        d.pop("glossary", None)
        d.pop("priority", None)
        return json.dumps(d, ensure_ascii=False, separators=(",", ":"))

    def _write_terms(self, row_id: int, gid: int, c: Concept) -> None:
        self.db.executemany(
            "INSERT INTO gl_terms (concept_row, glossary_id, base_lang, lang, text, folded)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [
                (row_id, gid, base_language(t.lang), t.lang, t.text, t.text.casefold())
                for t in c.terms
            ],
        )

    def _put(self, gid: int, c: Concept, *, must_exist: bool | None) -> bool:
        """Insert or replace ``c``; return True when it replaced a stored concept."""
        found = self.db.query(
            "SELECT id FROM gl_concepts WHERE glossary_id = ? AND concept_id = ?", (gid, c.id)
        )
        if found and must_exist is False:
            raise GlossaryConflict(f"concept {c.id!r} already exists")
        if not found and must_exist:
            raise GlossaryNotFound(f"no concept {c.id!r}")
        if found:
            row_id = int(found[0][0])
            self.db.execute(
                "UPDATE gl_concepts SET data = ?, updated_at = ? WHERE id = ?",
                (self._dump(c), _now(), row_id),
            )
            self.db.execute("DELETE FROM gl_terms WHERE concept_row = ?", (row_id,))
        else:
            row_id = self.db.insert_returning_id(
                "INSERT INTO gl_concepts (glossary_id, concept_id, data, updated_at)"
                " VALUES (?, ?, ?, ?)",
                (gid, c.id, self._dump(c), _now()),
            )
        self._write_terms(row_id, gid, c)
        return bool(found)

    def _ids(self, gid: int) -> set[str]:
        return {
            r[0]
            for r in self._q("SELECT concept_id FROM gl_concepts WHERE glossary_id = ?", (gid,))
        }

    # -- glossaries ------------------------------------------------------------------------------
    def create_glossary(self, name: str, *, priority: int = 0, description: str = "") -> Glossary:
        name = _check_name(name)
        try:
            with self.db.transaction():
                if self.db.query("SELECT id FROM gl_glossaries WHERE name = ?", (name,)):
                    raise GlossaryConflict(f"a glossary named {name!r} already exists")
                self.db.execute(
                    "INSERT INTO gl_glossaries (name, priority, description, created_at)"
                    " VALUES (?, ?, ?, ?)",
                    (name, priority, description, _now()),
                )
        except DatabaseError as exc:
            raise GlossaryError(str(exc)) from exc
        return self.get_glossary(name)

    def get_glossary(self, name: str) -> Glossary:
        return self._glossary(self._row(name))

    def list_glossaries(self) -> list[Glossary]:
        rows = self._q(
            "SELECT id, name, priority, description, created_at FROM gl_glossaries"
            " ORDER BY priority DESC, name"
        )
        return [self._glossary(r) for r in rows]

    def update_glossary(
        self, name: str, *, priority: int | None = None, description: str | None = None
    ) -> Glossary:
        row = self._row(name)
        self._x(
            "UPDATE gl_glossaries SET priority = ?, description = ? WHERE id = ?",
            (
                row[2] if priority is None else priority,
                row[3] if description is None else description,
                row[0],
            ),
        )
        return self.get_glossary(name)

    def delete_glossary(self, name: str) -> None:
        row = self._row(name)
        try:
            with self.db.transaction():
                self.db.execute("DELETE FROM gl_terms WHERE glossary_id = ?", (row[0],))
                self.db.execute("DELETE FROM gl_concepts WHERE glossary_id = ?", (row[0],))
                self.db.execute("DELETE FROM gl_glossaries WHERE id = ?", (row[0],))
        except DatabaseError as exc:
            raise GlossaryError(str(exc)) from exc

    # -- concepts --------------------------------------------------------------------------------
    def add_concept(self, glossary: str, concept: Concept) -> Concept:
        row = self._row(glossary)
        concept = _with_id(concept, self._ids(row[0]) if not concept.id else set())
        try:
            with self.db.transaction():
                self._put(row[0], concept, must_exist=False)
        except GlossaryConflict:
            raise GlossaryConflict(
                f"glossary {glossary!r} already has concept {concept.id!r}"
            ) from None
        except DatabaseError as exc:
            raise GlossaryError(str(exc)) from exc
        return self.get_concept(glossary, concept.id)

    def get_concept(self, glossary: str, concept_id: str) -> Concept:
        row = self._row(glossary)
        found = self._q(
            "SELECT data FROM gl_concepts WHERE glossary_id = ? AND concept_id = ?",
            (row[0], concept_id),
        )
        if not found:
            raise GlossaryNotFound(f"glossary {glossary!r} has no concept {concept_id!r}")
        return self._load(found[0][0], row[1], int(row[2]))

    def update_concept(self, glossary: str, concept: Concept) -> Concept:
        row = self._row(glossary)
        try:
            with self.db.transaction():
                self._put(row[0], concept, must_exist=True)
        except GlossaryNotFound:
            raise GlossaryNotFound(f"glossary {glossary!r} has no concept {concept.id!r}") from None
        except DatabaseError as exc:
            raise GlossaryError(str(exc)) from exc
        return self.get_concept(glossary, concept.id)

    def delete_concept(self, glossary: str, concept_id: str) -> None:
        row = self._row(glossary)
        found = self._q(
            "SELECT id FROM gl_concepts WHERE glossary_id = ? AND concept_id = ?",
            (row[0], concept_id),
        )
        if not found:
            raise GlossaryNotFound(f"glossary {glossary!r} has no concept {concept_id!r}")
        try:
            with self.db.transaction():
                self.db.execute("DELETE FROM gl_terms WHERE concept_row = ?", (found[0][0],))
                self.db.execute("DELETE FROM gl_concepts WHERE id = ?", (found[0][0],))
        except DatabaseError as exc:
            raise GlossaryError(str(exc)) from exc

    def put_concepts(self, glossary: str, concepts: Iterable[Concept]) -> tuple[int, int]:
        row = self._row(glossary)
        added = updated = 0
        used = self._ids(row[0])
        try:
            with self.db.transaction():
                for c in concepts:
                    c = _with_id(c, used)
                    used.add(c.id)
                    if self._put(row[0], c, must_exist=None):
                        updated += 1
                    else:
                        added += 1
        except DatabaseError as exc:
            raise GlossaryError(f"import into {glossary!r} rolled back: {exc}") from exc
        return added, updated

    def iter_concepts(self, glossary: str) -> Iterator[Concept]:
        row = self._row(glossary)
        after = 0
        while True:
            rows = self._q(
                "SELECT id, data FROM gl_concepts WHERE glossary_id = ? AND id > ?"
                " ORDER BY id LIMIT 1000",
                (row[0], after),
            )
            if not rows:
                return
            for _rid, data in rows:
                yield self._load(data, row[1], int(row[2]))
            after = int(rows[-1][0])

    def concepts(self, glossaries: Sequence[str] | None = None) -> list[Concept]:
        names = [g.name for g in self.list_glossaries()]
        if glossaries is not None:
            for n in glossaries:
                self._row(n)
            names = [n for n in names if n in glossaries]
        return [c for n in names for c in self.iter_concepts(n)]

    def find_concepts(self, text: str, lang: str | None = None) -> list[Concept]:
        key = " ".join(text.split()).casefold()
        sql = (
            "SELECT DISTINCT c.id, c.data, g.name, g.priority FROM gl_terms t"
            " JOIN gl_concepts c ON c.id = t.concept_row"
            " JOIN gl_glossaries g ON g.id = c.glossary_id WHERE t.folded = ?"
        )
        params: list[Any] = [key]
        if lang:
            sql += " AND t.base_lang = ?"
            params.append(base_language(lang))
        rows = self._q(sql + " ORDER BY g.priority DESC, c.id", params)
        return [self._load(r[1], r[2], int(r[3])) for r in rows]

    def close(self) -> None:
        self.db.close()


def open_glossary_store(url: str | Path | Database) -> GlossaryStore:
    """Open the glossary store of a database (``memory:`` for a store in memory).

    Pass the TM store's ``Database`` (``store.db``) to share its connection.
    """
    if isinstance(url, Database):
        return SQLGlossaryStore(url)
    if str(url) == "memory:":
        return MemoryGlossaryStore()
    try:
        db = Database(str(url))
    except DatabaseError as exc:
        raise GlossaryError(str(exc)) from exc
    try:
        return SQLGlossaryStore(db)
    except BaseException:
        db.close()
        raise


def import_glossary(
    store: GlossaryStore,
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    format: str | None = None,
    priority: int = 0,
    source_lang: str | None = None,
    target_lang: str | None = None,
    label: str | None = None,
    lenient: bool = False,
) -> GlossaryImportReport:
    """Read a glossary file and store its concepts in glossary ``name`` (default: file stem).

    The glossary is created when missing. Nothing is stored when the file is rejected, nor when
    it breaks off part-way (``report.complete`` false) unless ``lenient``: then the entries read
    before the break are stored. Otherwise all its concepts are stored in one transaction (same
    id: replaced). ``label`` is how the
    report and its diagnostics name the file (default: ``path`` as given); the server passes the
    upload's file name, so no message shows its temporary path.
    """
    gname = name or Path(path).stem
    file = read_glossary(path, format=format, source_lang=source_lang, target_lang=target_lang)
    diagnostics = [d.named(label) for d in file.diagnostics] if label else list(file.diagnostics)
    report = GlossaryImportReport(
        gname, label or str(path), file.format, diagnostics=diagnostics, complete=file.complete
    )
    if file.rejected or not (file.complete or lenient):
        return report
    try:
        store.get_glossary(gname)
    except GlossaryNotFound:
        store.create_glossary(gname, priority=priority, description=file.title)
    report.added, report.updated = store.put_concepts(gname, file.concepts)
    report.terms = file.term_count
    report.languages = file.languages
    return report


def export_glossary(
    store: GlossaryStore,
    name: str,
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    style: str = "dca",
    source_lang: str = "en",
    target_lang: str | None = None,
) -> int:
    """Write glossary ``name`` to ``path`` (TBX v3 by default); return the concepts written."""
    g = store.get_glossary(name)
    return write_glossary(
        store.iter_concepts(g.name),
        path,
        format=format,
        style=style,
        source_lang=source_lang,
        target_lang=target_lang,
    )


def recognizer_for(store: GlossaryStore, glossaries: Sequence[str] | None = None) -> TermRecognizer:
    """A :class:`TermRecognizer` over the stored glossaries (default all), by priority."""
    return TermRecognizer.from_concepts(store.concepts(glossaries))


@lru_cache(maxsize=1)
def _sample() -> tuple[Concept, ...]:
    # the shipped file does not change while a process runs; parsing it costs ~70 ms
    concepts = read_glossary(SAMPLE_GLOSSARY).concepts
    for c in concepts:
        c.glossary = "g7-sample"
    return tuple(concepts)


def sample_concepts() -> list[Concept]:
    """The concepts of the sample G7 glossary shipped in the package (glossary ``g7-sample``);
    copies, so callers may change them."""
    return copy.deepcopy(list(_sample()))


def recognize_terms(
    store: GlossaryStore | None,
    text: str,
    lang: str,
    *,
    glossaries: Sequence[str] | None = None,
) -> list[TermHit]:
    """Find the terms of the stored glossaries (default all) in ``text``.

    When no glossary is named and the store has none (or there is no store), the sample G7
    glossary shipped in the package is used, so the command works out of the box.
    """
    return TermRecognizer.from_concepts(default_concepts(store, glossaries)).find(text, lang)


def default_concepts(
    store: GlossaryStore | None, glossaries: Sequence[str] | None = None
) -> list[Concept]:
    """The concepts to work with: the named glossaries', else every stored glossary's, else (no
    store, or a store without glossaries) the sample G7 glossary shipped in the package."""
    if store is not None and (glossaries or store.list_glossaries()):
        return list(store.concepts(glossaries))
    return sample_concepts()
