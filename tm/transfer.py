"""Import TMX files into a store and export a store's units back to TMX.

Import streams the file (:func:`tmx.read_tmx`) into :meth:`tm.Store.import_units`: transactional
batches, the duplicate policy of the store, the reader's skipped units and warnings in the report.
A file that breaks part-way (truncated, not well-formed) stops the import like any input failure:
the batch being read is rolled back, the batches before it stay, :class:`tm.ImportAborted` says
where. The imported file's header is kept with the memory, so exporting that memory writes it back
(creation tool, source language, props...): an import followed by an export is lossless.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, cast

from mkutano.tmx import (
    Diagnostic,
    Header,
    TMXDocument,
    TMXWriter,
    Unit,
    language_match,
    read_bilingual,
    read_tmx,
    require,
)
from mkutano.tmx.formats import BILINGUAL_FORMATS

from .errors import InvalidInputError, MemoryNotFound
from .screen import UnitScreen, screened
from .store import DEFAULT_BATCH_SIZE, ImportAborted, ImportReport, ProgressCallback, Store

__all__ = ["DEFAULT_MEMORY", "export_tmx", "import_bilingual", "import_file", "import_tmx"]

#: The memory units go to when none is named; created on first use.
DEFAULT_MEMORY = "default"

# Marker of the reader's diagnostic for a file that stopped part-way (see tmx.reader).
_STOPPED = "reading stopped"


class _FileStopped(Exception):
    """Internal: the reader met a break in the file; carries its diagnostic line."""


def _units(doc: TMXDocument, *, lenient: bool = False) -> Iterator[Unit]:
    yield from doc
    if lenient:  # the units before the break are all written; the report says incomplete
        return
    for d in doc.errors:
        if _STOPPED in d.message:
            raise _FileStopped(str(d))


def _break(diagnostics: Iterable[Diagnostic]) -> Diagnostic | None:
    """The reader's diagnostic of a break in the file (it stopped part-way), if any."""
    return next((d for d in diagnostics if _STOPPED in d.message), None)


class _TMXFile:
    """The units of a TMX file, as a :class:`tm.batching.FileUnits` source: iterating opens the
    file and reads it (on the import's reading process for a large file); :meth:`outcome` is
    what the reading found (units skipped, diagnostics), for the import report. A ``screen``
    runs where the file is read; its outcome travels back with the reader's."""

    def __init__(
        self,
        path: str | os.PathLike[str],
        *,
        strict: bool,
        name: str,
        screen: UnitScreen | None = None,
        lenient: bool = False,
    ) -> None:
        self.path = os.fspath(path)
        self.strict = strict
        self.lenient = lenient
        self.name = name
        self.screen = screen
        self.nbytes = os.path.getsize(self.path)
        self._doc: TMXDocument | None = None
        self._outcome: tuple[int, list[Diagnostic]] | None = None

    def __iter__(self) -> Iterator[Unit]:
        with read_tmx(self.path, strict=self.strict, name=self.name) as doc:
            self._doc = doc
            yield from screened(_units(doc, lenient=self.lenient), self.screen)

    def outcome(self) -> tuple[int, list[Diagnostic], object]:
        screen = self.screen.outcome() if self.screen is not None else None
        if self._outcome is not None:
            return (*self._outcome, screen)
        doc = self._doc
        if doc is None:
            return (0, [], screen)
        return (doc.units_skipped, list(doc.diagnostics), screen)

    def adopt(self, outcome: object) -> None:
        skipped, diagnostics, screen = cast("tuple[int, list[Diagnostic], object]", outcome)
        self._outcome = (skipped, diagnostics)
        if self.screen is not None and screen is not None:
            self.screen.adopt(screen)


def _ensure_memory(store: Store, memory: str) -> None:
    try:
        store.get_memory(memory)
    except MemoryNotFound:
        store.create_memory(memory)


def import_tmx(
    store: Store,
    path: str | os.PathLike[str],
    *,
    memory: str = DEFAULT_MEMORY,
    project: str | None = None,
    strict: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    workers: int | None = None,
    screen: UnitScreen | None = None,
    lenient: bool = False,
) -> ImportReport:
    """Import the TMX file at ``path`` into ``memory`` (created when missing); return the report.

    ``screen`` (:mod:`tm.screen`, e.g. the QA policy) decides unit by unit what is stored.

    A file that breaks off part-way (truncated, not well-formed) stores nothing: it is read
    through once before anything is written, and :class:`tm.ImportAborted` (its report
    ``complete`` false) names the break. With ``lenient`` every unit before the break is stored
    and the report says ``complete`` false.

    ``origin`` of the units is ``import:FILENAME``. Units the reader skipped are listed in
    ``report.skipped`` with file and line; warnings (kept units) in ``report.warnings``.
    Raises :class:`tmx.TMXParseError` when the file is not TMX at all (nothing is written),
    :class:`tm.ImportAborted` when it breaks part-way or the database fails (the batch in
    progress is rolled back), :class:`tm.errors.ReadOnlyError` for a read-only memory.
    """
    name = Path(path).name
    origin = f"import:{name}"
    with read_tmx(path, strict=strict, name=name) as doc:  # not TMX at all: raised here
        header = doc.header
        if not lenient:  # a break found now stores nothing (strict: raised here)
            read = sum(1 for _ in doc)
            stop = _break(doc.errors)
            if stop is not None:
                aborted = ImportReport(units_read=read, complete=False)
                raise ImportAborted(
                    f"{stop}; nothing imported (lenient mode keeps the {read} units before it)",
                    aborted,
                )
    _ensure_memory(store, memory)
    source = _TMXFile(path, strict=strict, name=name, screen=screen, lenient=lenient)
    try:
        report = store.import_units(
            memory,
            source,
            origin=origin,
            project=project,
            batch_size=batch_size,
            progress=progress,
            srclang=header.srclang,
            workers=workers,
        )
    except ImportAborted as exc:
        cause = exc.__cause__
        _complete(exc.report, source)
        if exc.report.added or exc.report.alternatives or exc.report.merged:
            store.add_header(memory, header, origin=origin)
        if isinstance(cause, _FileStopped):
            committed = exc.report.added + exc.report.alternatives + exc.report.merged
            raise ImportAborted(
                f"{cause}; the batch it was in was not imported, {committed} units before it were",
                exc.report,
            ) from None
        raise
    _complete(report, source)
    stop = _break(source.outcome()[1])
    if stop is not None:
        report.complete = False
        report.warnings.append(f"{stop}; the units before it were imported (lenient)")
    store.add_header(memory, header, origin=origin)
    return report


def import_bilingual(
    store: Store,
    path: str | os.PathLike[str],
    *,
    memory: str = DEFAULT_MEMORY,
    project: str | None = None,
    strict: bool = False,
    batch_size: int = DEFAULT_BATCH_SIZE,
    progress: ProgressCallback | None = None,
    screen: UnitScreen | None = None,
    lenient: bool = False,
) -> ImportReport:
    """Import the confirmed segments of an XLIFF 1.2/2.x, SDLXLIFF or MQXLIFF file.

    The same path as :func:`import_tmx` (batches, duplicate policy, read-only memories, the same
    report): :func:`tmx.bilingual.read_bilingual` gives the units, with their state mapped to
    the props ``x-status``/``x-state``/``x-origin`` and their context (``x-file``, ``x-unit``).
    Segments not confirmed are not imported; the report says how many in its warnings. The file
    is read completely before anything is written, so a broken file stores nothing: a file that
    breaks off part-way raises :class:`tmx.XLIFFError` whatever ``lenient`` says (the XLIFF
    reader does not salvage the segments before a break yet).
    """
    del lenient  # the same signature as import_tmx; see above
    name = Path(path).name
    origin = f"import:{name}"
    bilingual = read_bilingual(path, strict=strict)
    _ensure_memory(store, memory)
    report = store.import_units(
        memory,
        screened(bilingual.units, screen),
        origin=origin,
        project=project,
        batch_size=batch_size,
        progress=progress,
        srclang=bilingual.source_lang or None,
        workers=1,
    )
    skipped = sum(1 for d in bilingual.diagnostics if d.severity == "error")
    _add_diagnostics(report, skipped, bilingual.diagnostics)
    if screen is not None:
        screen.complete(report)
    if bilingual.unconfirmed:
        report.warnings.append(
            f"{name}: {bilingual.unconfirmed} segments not confirmed or without a target; "
            "not imported"
        )
    store.add_header(memory, bilingual.header, origin=origin)
    return report


def import_file(store: Store, path: str | os.PathLike[str], **options: Any) -> ImportReport:
    """Import a TMX (:func:`import_tmx`) or bilingual XLIFF file (:func:`import_bilingual`).

    ``options`` are those of the two (``memory``, ``project``, ``strict``, ``batch_size``,
    ``progress``, ``screen``, ``lenient``). The format is told from the content; any other file raises
    :class:`tmx.formats.UnsupportedFormatError` before the store is touched.
    """
    fmt = require(path, BILINGUAL_FORMATS).name
    importer = import_tmx if fmt == "tmx" else import_bilingual
    return importer(store, path, **options)


def _complete(report: ImportReport, source: _TMXFile) -> None:
    """Add the reader's skipped units and warnings (and the screen's outcome) to the report."""
    skipped, diagnostics, _ = source.outcome()
    _add_diagnostics(report, skipped, diagnostics)
    if source.screen is not None:
        source.screen.complete(report)


def _add_diagnostics(report: ImportReport, skipped: int, diagnostics: list[Diagnostic]) -> None:
    """Count ``skipped`` units as read, and list the errors (skipped units) and warnings."""
    report.units_read += skipped
    report.skipped[:0] = [
        str(d) for d in diagnostics if d.severity == "error" and _STOPPED not in d.message
    ]
    report.warnings += [str(d) for d in diagnostics if d.severity != "error"]


def _neutral_header(headers: Sequence[Header]) -> Header:
    srclangs = {h.srclang for h in headers}
    srclang = srclangs.pop() if len(srclangs) == 1 else None
    return Header(
        attrs={
            "creationtool": "mkutano",
            "segtype": "sentence",
            "o-tmf": "mkutano",
            "adminlang": "en",
            "srclang": srclang or "*all*",
            "datatype": "plaintext",
        }
    )


def _export_header(
    store: Store, memories: Sequence[str], languages: Sequence[str] | None
) -> Header:
    headers: list[Header] = []
    for name in memories:
        for h in store.headers(name):
            if h not in headers:
                headers.append(h)
    # the imported file's header only when it speaks for the whole selection
    keep = len(memories) == 1 and len(headers) == 1
    header = headers[0] if keep else _neutral_header(headers)
    header = Header(
        attrs=dict(header.attrs),
        props=list(header.props),
        notes=list(header.notes),
        udes=list(header.udes),
        version=header.version,
    )
    src = header.srclang
    if languages and src and src.lower() != "*all*":
        try:
            kept = any(language_match(lang, src) for lang in languages)
        except ValueError:
            kept = False
        if not kept:
            header.attrs["srclang"] = "*all*"
    return header


def _keep_languages(unit: Unit, languages: Sequence[str]) -> Unit:
    def wanted(lang: str) -> bool:
        try:
            return any(language_match(w, lang) for w in languages)
        except ValueError:
            return False

    unit.variants = [v for v in unit.variants if wanted(v.lang)]
    return unit


def export_tmx(
    store: Store,
    dest: str | os.PathLike[str] | BinaryIO | IO[bytes],
    *,
    memories: Sequence[str] | None = None,
    languages: Sequence[str] | None = None,
    changed_since: str | None = None,
    changed_until: str | None = None,
) -> int:
    """Write the units of ``memories`` (default: all) to a TMX file; return how many.

    ``languages``: only units having each of these languages, and only those variants.
    ``changed_since``/``changed_until``: dates (``YYYY-MM-DD`` or ISO time) on the store's change
    time. The header is the imported file's when one memory is exported and it has exactly one,
    else a neutral mkutano header. A path is written atomically (a ``.part`` file renamed at the
    end); a binary file object is written to and left open.
    """
    names = list(memories) if memories is not None else [m.name for m in store.list_memories()]
    for name in names:
        store.get_memory(name)  # MemoryNotFound before a file is started
    langs = list(languages) if languages else None
    if langs:
        for lang in langs:
            try:
                language_match(lang, lang)
            except ValueError as exc:
                raise InvalidInputError(f"--lang {lang!r}: {exc}") from exc
    header = _export_header(store, names, langs)
    with TMXWriter(dest, header) as writer:
        if names:
            for stored in store.iter_units(
                memories=names,
                languages=langs,
                changed_since=changed_since,
                changed_until=changed_until,
            ):
                unit = _keep_languages(stored.unit, langs) if langs else stored.unit
                writer.write(unit)
    return writer.units_written
