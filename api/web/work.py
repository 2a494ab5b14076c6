"""Work in progress on the workbench: one document opened by one user, kept in ``api_work``.

A :class:`Work` holds the upload as it came (so downloads rebuild its format), the settings it
was opened with, the match analysis made when it was opened, and the target of every segment
the translator touched, with its status:

- ``draft``: typed, not confirmed (kept so a reload loses nothing);
- ``confirmed``: checked by QA and written to the memory, with the unit id;
- ``repetition``: filled from an identical segment confirmed earlier in the document.

:func:`open_work`, :func:`confirm_segment` and :func:`save_draft` are the workbench's library
calls; the routes only authorise, call one of them and render.
"""

from __future__ import annotations

import json
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from mkutano.api.migrations import API_MIGRATIONS
from mkutano.glossaries.qa import add_unit_checked
from mkutano.tm.analysis import analyze, repetition_key
from mkutano.tm.db import Database
from mkutano.tm.editing import unit_from_texts
from mkutano.tm.errors import InvalidInputError, NotFoundError
from mkutano.tmx import Document, Prop, Segment, normalize_language

from .document import build_document

__all__ = [
    "STATUSES",
    "Work",
    "WorkNotFound",
    "WorkStore",
    "confirm_segment",
    "open_work",
    "save_draft",
]

STATUSES = ("draft", "confirmed", "repetition")
_DONE = ("confirmed", "repetition")


class WorkNotFound(NotFoundError):
    """No work with this id belongs to the caller."""


def _now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass
class Work:
    """One document opened on the workbench by one user (``owner``: the API key's id)."""

    id: str
    owner: str
    name: str
    format: str
    settings: dict[str, Any]  # memory, consult, source_lang, target_lang, pivot_lang
    original: str
    analysis: list[dict[str, Any]]  # per segment: index, text, words, band, score ...
    targets: dict[int, dict[str, Any]] = field(default_factory=dict)
    created_at: str = ""
    updated_at: str = ""

    def document(self) -> Document:
        """The document, segmented again from the upload (the same rules give the same segments)."""
        return build_document(
            self.original, self.format, self.settings["source_lang"], name=self.name
        )

    def progress(self) -> dict[str, Any]:
        """Segments and words per band, and how many of them are done (confirmed or repeated)."""
        bands: dict[str, dict[str, int]] = {}
        for k, seg in enumerate(self.analysis):
            row = bands.setdefault(
                seg["band"], {"segments": 0, "words": 0, "segments_done": 0, "words_done": 0}
            )
            row["segments"] += 1
            row["words"] += seg["words"]
            if self.targets.get(k, {}).get("status") in _DONE:
                row["segments_done"] += 1
                row["words_done"] += seg["words"]
        total = {
            name: sum(b[name] for b in bands.values())
            for name in ("segments", "words", "segments_done", "words_done")
        }
        return {"bands": bands, "total": total}

    def as_dict(self) -> dict[str, Any]:
        segments = []
        for k, seg in enumerate(self.analysis):
            t = self.targets.get(k, {})
            segments.append(
                {
                    "index": k,
                    "text": seg["text"],
                    "words": seg["words"],
                    "band": seg["band"],
                    "score": seg["score"],
                    "prev": self.analysis[k - 1]["text"] if k > 0 else None,
                    "next": self.analysis[k + 1]["text"] if k + 1 < len(self.analysis) else None,
                    "target": t.get("target", ""),
                    "status": t.get("status", "new"),
                    "unit_id": t.get("unit_id"),
                    "override_reason": t.get("override_reason"),
                    "repeats": t.get("repeats"),
                }
            )
        return {
            "id": self.id,
            "name": self.name,
            "format": self.format,
            **self.settings,
            "created_at": self.created_at,
            "updated_at": self.updated_at,
            "segments": segments,
            "progress": self.progress(),
        }

    def summary(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "format": self.format,
            **self.settings,
            "updated_at": self.updated_at,
            "progress": self.progress()["total"],
        }


_COLUMNS = "id, owner, name, format, settings, original, analysis, targets, created_at, updated_at"


class WorkStore:
    """Work in progress kept in the store's database (migrations namespace ``"api"``)."""

    def __init__(self, db: Database) -> None:
        self.db = db
        db.migrate("api", API_MIGRATIONS)

    @staticmethod
    def _work(row: Sequence[Any]) -> Work:
        targets = {int(k): v for k, v in json.loads(row[7]).items()}
        return Work(
            row[0],
            row[1],
            row[2],
            row[3],
            json.loads(row[4]),
            row[5],
            json.loads(row[6]),
            targets,
            row[8],
            row[9],
        )

    def add(self, work: Work) -> Work:
        work.created_at = work.updated_at = _now()
        with self.db.transaction():
            self.db.execute(
                f"INSERT INTO api_work ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (
                    work.id,
                    work.owner,
                    work.name,
                    work.format,
                    json.dumps(work.settings),
                    work.original,
                    json.dumps(work.analysis),
                    json.dumps(work.targets),
                    work.created_at,
                    work.updated_at,
                ),
            )
        return work

    def get(self, owner: str, work_id: str) -> Work:
        """The work ``work_id`` of ``owner``; :class:`WorkNotFound` for another user's or none."""
        row = self.db.query_one(
            f"SELECT {_COLUMNS} FROM api_work WHERE id = ? AND owner = ?", (work_id, owner)
        )
        if row is None:
            raise WorkNotFound(f"no work {work_id!r} of yours (open the document again)")
        return self._work(row)

    def list(self, owner: str, limit: int = 50) -> list[Work]:
        """The owner's work, last changed first."""
        rows = self.db.query(
            f"SELECT {_COLUMNS} FROM api_work WHERE owner = ? ORDER BY updated_at DESC, id LIMIT ?",
            (owner, limit),
        )
        return [self._work(r) for r in rows]

    def save_targets(self, work: Work) -> None:
        work.updated_at = _now()
        with self.db.transaction():
            self.db.execute(
                "UPDATE api_work SET targets = ?, updated_at = ? WHERE id = ? AND owner = ?",
                (json.dumps(work.targets), work.updated_at, work.id, work.owner),
            )


def open_work(
    works: WorkStore,
    store: Any,
    *,
    owner: str,
    original: str,
    fmt: str,
    name: str,
    memory: str,
    source_lang: str,
    target_lang: str,
    pivot_lang: str | None = None,
    consult: Sequence[str] | None = None,
) -> Work:
    """Segment the upload, analyse it against the memories, and keep it as new work.

    ``memory`` is where confirmed segments are written; ``consult`` the memories suggestions
    come from (default: all the caller may read, ``None``). Raises :class:`tmx.TMXError` for an
    unreadable upload and :class:`tm.errors.InvalidInputError` for one without text.
    """
    store.get_memory(memory)  # MemoryNotFound before any work is done
    doc = build_document(original, fmt, source_lang, name=name)
    if not doc.segments:
        raise InvalidInputError(f"{name}: no text to translate")
    report = analyze(
        store, [doc], source_lang=source_lang, target_lang=target_lang, memories=consult
    )
    analysis = [
        {k: s.as_dict()[k] for k in ("text", "words", "band", "score", "repeats")}
        for s in report.segments
    ]
    for seg, source in zip(analysis, doc.segments, strict=True):
        seg["text"] = source.plain
    settings = {
        "memory": memory,
        "consult": list(consult) if consult is not None else None,
        "source_lang": _lang(source_lang),
        "target_lang": _lang(target_lang),
        "pivot_lang": _lang(pivot_lang) if pivot_lang else None,
    }
    work = Work(secrets.token_hex(8), owner, name, fmt, settings, original, analysis)
    return works.add(work)


def _lang(tag: str) -> str:
    try:
        return normalize_language(tag)
    except ValueError as exc:
        raise InvalidInputError(f"language {tag!r}: {exc} (use a tag such as it, en, sw)") from None


def _segment(work: Work, index: int) -> dict[str, Any]:
    if not 0 <= index < len(work.analysis):
        raise NotFoundError(f"no segment {index} in {work.name} (it has {len(work.analysis)})")
    return work.analysis[index]


def save_draft(works: WorkStore, work: Work, index: int, target: str) -> Work:
    """Keep a typed, unconfirmed target (a confirmed one becomes a draft again when changed)."""
    _segment(work, index)
    current = work.targets.get(index, {})
    if current.get("target") != target or current.get("status") not in _DONE:
        work.targets[index] = {"target": target, "status": "draft"}
        works.save_targets(work)
    return work


def confirm_segment(
    works: WorkStore,
    store: Any,
    work: Work,
    index: int,
    target: str,
    *,
    glossary: Any,
    creator: str,
    override_reason: str | None = None,
) -> tuple[Work, list[Any], list[int]]:
    """QA-check the target and write the segment to the memory with its neighbours as context.

    The same enforcement as the API's unit writes: error-level findings raise
    :class:`glossaries.qa.QARefused` unless ``override_reason`` is given (then recorded on the
    unit). Later unconfirmed segments identical to this one are filled as repetitions.
    Returns the work, the findings and the indexes filled as repetitions.
    """
    seg = _segment(work, index)
    settings = work.settings
    unit = unit_from_texts(
        [(settings["source_lang"], seg["text"]), (settings["target_lang"], target)],
        creator=creator,
    )
    for kind, k in (("prev", index - 1), ("next", index + 1)):
        if 0 <= k < len(work.analysis):
            unit.props.append(Prop(kind, work.analysis[k]["text"]))
    checked = add_unit_checked(
        store,
        settings["memory"],
        unit,
        source_lang=settings["source_lang"],
        glossary=glossary,
        override_reason=override_reason,
        origin="workbench",
        project=work.name,
    )
    work.targets[index] = {
        "target": target,
        "status": "confirmed",
        "unit_id": checked.stored.id,
        "override_reason": checked.stored.override_reason,
    }
    key = repetition_key(Segment.from_text(seg["text"]))
    filled = []
    for k in range(index + 1, len(work.analysis)):
        if work.targets.get(k, {}).get("status") == "confirmed":
            continue
        if repetition_key(Segment.from_text(work.analysis[k]["text"])) == key:
            work.targets[k] = {"target": target, "status": "repetition", "repeats": index}
            filled.append(k)
    works.save_targets(work)
    return work, checked.findings, filled
