"""Delimited glossaries: CSV/TSV with a language header row, and OmegaT's tab-separated glossary.

Reading
    The encoding is sniffed: a byte-order mark (UTF-8, UTF-16 LE/BE, UTF-32), OmegaT's magic
    comment (``# ... -*- coding: utf-8 -*-``), UTF-16 without a mark (by its NUL bytes), then
    UTF-8; a file that is none of these is read as windows-1252 with a warning.

    A first row whose cells are language tags (``it,en,sw``), plus optional columns ``note``,
    ``definition``, ``subject``, ``status``, ``id``, names the columns. Without it the file is
    read the OmegaT way: source term, target term, comment, in the languages given by the caller
    (``source_lang``/``target_lang``); a headerless file without languages is rejected.

    Each row is one concept with at most one term per language column (the column's status,
    when given, applies to every term of the row). Blank rows and ``#`` comment lines are
    skipped; a row with a single term is kept with a warning (no translation).

Writing
    :func:`write_delimited` writes one row per concept with the preferred term of each language
    (CSV, quoted as needed; or tab-separated, tabs and newlines in values turned to spaces);
    :func:`write_omegat` writes OmegaT's ``source<TAB>target<TAB>comment`` lines in UTF-8.
    Everything else a concept holds needs TBX.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from mkutano.tmx.errors import Diagnostic, TMXError
from mkutano.tmx.lang import normalize_language

from .errors import GlossaryFormatError
from .model import Concept, GlossaryFile, Term, TermStatus

__all__ = ["decode_text", "read_delimited", "write_delimited", "write_omegat"]

_META = {
    "note": "note",
    "notes": "note",
    "comment": "note",
    "comments": "note",
    "definition": "definition",
    "subject": "subject",
    "subject field": "subject",
    "subject_field": "subject",
    "subjectfield": "subject",
    "domain": "subject",
    "status": "status",
    "id": "id",
    "concept": "id",
}
_MAGIC = re.compile(rb"-\*-\s*coding:\s*([A-Za-z0-9._-]+)\s*-\*-")
_SLUG = re.compile(r"[^\w]+")


def decode_text(data: bytes, label: str) -> tuple[str, str, list[Diagnostic]]:
    """Decode a text file's bytes: return ``(text, encoding used, diagnostics)``."""
    diags: list[Diagnostic] = []
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be"),
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if data.startswith(bom):
            try:
                return data[len(bom) :].decode(codec), codec, diags
            except UnicodeDecodeError as exc:
                raise GlossaryFormatError(
                    f"{label}: not valid {codec} despite its byte-order mark ({exc.reason} at "
                    f"byte {exc.start}); re-save the file as UTF-8"
                ) from None
    m = _MAGIC.search(data.split(b"\n", 1)[0])
    if m:
        codec = m.group(1).decode("ascii")
        try:
            return data.decode(codec), codec, diags
        except (LookupError, UnicodeDecodeError):
            diags.append(
                Diagnostic(
                    label,
                    1,
                    f"the coding comment names {codec!r}, which does not fit; "
                    "sniffing the encoding instead",
                    "warning",
                )
            )
    head = data[:4000]
    if head and head.count(b"\x00") * 4 >= len(head):
        codec = "utf-16-le" if head[1:2] == b"\x00" else "utf-16-be"
        try:
            return data.decode(codec), codec, diags
        except UnicodeDecodeError:
            pass
    try:
        return data.decode("utf-8"), "utf-8", diags
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        diags.append(
            Diagnostic(
                label, line, "not UTF-8; read as windows-1252 (save as UTF-8 to be sure)", "warning"
            )
        )
        return data.decode("cp1252", errors="replace"), "cp1252", diags


def _lang_column(cell: str) -> str | None:
    raw = cell.strip()
    if not raw or not re.match(r"^[A-Za-z]{2,3}([-_][A-Za-z0-9]{1,8})*$", raw):
        return None
    try:
        return normalize_language(raw)
    except TMXError:
        return None


def _header(cells: Sequence[str]) -> list[tuple[str, str]] | None:
    """Column roles ``("lang", tag)`` / ``("meta", name)`` if ``cells`` is a header row."""
    cols: list[tuple[str, str]] = []
    for cell in cells:
        key = cell.strip().casefold()
        if key in _META:
            cols.append(("meta", _META[key]))
            continue
        lang = _lang_column(cell)
        if lang is None:
            if not key:
                cols.append(("meta", "ignore"))
                continue
            return None
        cols.append(("lang", lang))
    return cols if any(kind == "lang" for kind, _ in cols) else None


def read_delimited(
    source: str | os.PathLike[str] | IO[bytes],
    *,
    delimiter: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
    name: str | None = None,
    omegat: bool = False,
) -> GlossaryFile:
    """Read a CSV/TSV glossary with a header row, or an OmegaT glossary (see module docstring).

    ``delimiter`` defaults to a tab when the first data line holds one, else a comma (or a
    semicolon when the first line has more of those). Raises
    :class:`~glossaries.errors.GlossaryFormatError` when the file cannot be opened or decoded.
    """
    if isinstance(source, (str, os.PathLike)):
        label = name or os.fspath(source)
        try:
            data = Path(source).read_bytes()
        except OSError as exc:
            raise GlossaryFormatError(f"{label}: cannot open: {exc.strerror or exc}") from None
    else:
        label = name or str(getattr(source, "name", "<stream>"))
        data = source.read()
    text, _codec, diags = decode_text(data, label)
    lines = text.splitlines()
    first = next((ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")), "")
    if delimiter is None:
        if "\t" in first or omegat:
            delimiter = "\t"
        else:
            delimiter = ";" if first.count(";") > first.count(",") else ","
    fmt = "omegat" if omegat else ("tsv" if delimiter == "\t" else "csv")
    out = GlossaryFile(label, fmt, diagnostics=diags)
    if not first.strip():
        out.diagnostics.append(
            Diagnostic(label, 1, "the file has no entry (empty or comments only)")
        )
        return out
    rows = _rows(text, delimiter)
    broken = _unterminated(text, delimiter)
    if broken is not None:  # the file ends inside a quoted field: truncated
        rows = [(line, cells) for line, cells in rows if line < broken]
        out.complete = False
        out.diagnostics.append(
            Diagnostic(
                label,
                broken,
                "the file ends inside a quoted field (truncated?); entries after this line not read",
            )
        )
    cols: list[tuple[str, str]] | None = None
    data_rows: list[tuple[int, list[str]]] = []
    for line, cells in rows:
        if not any(c.strip() for c in cells):
            continue
        if delimiter == "\t" and cells[0].lstrip().startswith("#"):
            continue  # OmegaT comment line
        if cols is None and not data_rows:
            cols = _header(cells)
            if cols is not None:
                continue
        data_rows.append((line, cells))
    if cols is None:
        if not source_lang or not target_lang:
            out.diagnostics.append(
                Diagnostic(
                    label,
                    1,
                    "no language header row (like 'it,en,sw'): give the languages of the "
                    "columns (--source-lang and --target-lang); file rejected",
                )
            )
            return out
        try:
            cols = [
                ("lang", normalize_language(source_lang)),
                ("lang", normalize_language(target_lang)),
                ("meta", "note"),
            ]
        except TMXError as exc:
            raise GlossaryFormatError(f"{label}: {exc}") from None
    out.source_lang = next(v for k, v in cols if k == "lang")
    used: set[str] = set()
    for line, cells in data_rows:
        concept = _concept(cells, cols, label, line, out.diagnostics)
        if concept is None:
            continue
        base = concept.id or _slug(concept.terms[0].text) or f"row{line}"
        cid, n = base, 1
        while cid in used:
            n += 1
            cid = f"{base}-{n}"
        used.add(cid)
        concept.id = cid
        out.concepts.append(concept)
    if not out.concepts and not any(d.severity == "error" for d in out.diagnostics):
        out.diagnostics.append(Diagnostic(label, None, "no glossary entry found"))
    return out


def _rows(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    if delimiter == "\t":  # OmegaT and TSV: no quoting, one entry per line
        return [(i, ln.split("\t")) for i, ln in enumerate(text.splitlines(), 1)]
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True)
    out: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for cells in reader:
            out.append((start, cells))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise GlossaryFormatError(f"line {reader.line_num}: {exc}") from None
    return out


def _unterminated(text: str, delimiter: str) -> int | None:
    """The line of the row whose quoted field the file ends in, or None (the file ends cleanly).

    The lenient reader of :func:`_rows` takes such a row as one field running to the end of the
    file; a strict reader stops there with "unexpected end of data". Other quoting quirks (a
    quote inside an unquoted field) are left to the lenient reading.
    """
    if delimiter == "\t" or '"' not in text:
        return None
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, skipinitialspace=True, strict=True)
    start = 1
    try:
        for _ in reader:
            start = reader.line_num + 1
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            return start
    return None


def _concept(
    cells: list[str], cols: list[tuple[str, str]], label: str, line: int, diags: list[Diagnostic]
) -> Concept | None:
    if len(cells) > len(cols) and any(c.strip() for c in cells[len(cols) :]):
        diags.append(
            Diagnostic(
                label,
                line,
                f"{len(cells)} columns, header has {len(cols)}; extra columns ignored",
                "warning",
            )
        )
    concept = Concept("")
    status: TermStatus | None = None
    for (kind, role), cell in zip(cols, cells, strict=False):
        value = cell.strip()
        if kind != "meta" or not value:
            continue
        if role == "note":
            concept.note = value
        elif role == "definition":
            concept.definition = value
        elif role == "subject":
            concept.subject_field = value
        elif role == "id":
            concept.id = value
        elif role == "status":
            try:
                status = TermStatus(value.casefold())
            except ValueError:
                diags.append(
                    Diagnostic(
                        label,
                        line,
                        f"unknown status {value!r} (use preferred, admitted, "
                        "deprecated, superseded or forbidden); ignored",
                        "warning",
                    )
                )
    for (kind, lang), cell in zip(cols, cells, strict=False):
        value = " ".join(cell.split())
        if kind == "lang" and value:
            concept.terms.append(Term(value, lang, status))
    if not concept.terms:
        diags.append(Diagnostic(label, line, "row without any term; skipped"))
        return None
    if len({t.lang for t in concept.terms}) < 2 and sum(k == "lang" for k, _ in cols) > 1:
        diags.append(Diagnostic(label, line, "term without translation; kept", "warning"))
    return concept


def _slug(text: str) -> str:
    return _SLUG.sub("-", text.casefold()).strip("-")[:60]


def _clean(value: str) -> str:
    return " ".join(value.split())


def write_delimited(
    concepts: Iterable[Concept],
    target: str | os.PathLike[str] | IO[str],
    *,
    languages: Sequence[str] | None = None,
    delimiter: str = ",",
) -> int:
    """Write one row per concept: the preferred term of each language, then the note.

    ``languages`` defaults to every language of the concepts, in first-seen order (the concepts
    are then read twice, so pass a list, not a one-shot iterator, or give ``languages``).
    Returns the number of rows written.
    """
    items = list(concepts)
    if languages is None:
        seen: dict[str, None] = {}
        for c in items:
            for lang in c.languages:
                seen.setdefault(lang, None)
        langs = list(seen)
    else:
        langs = [normalize_language(x) for x in languages]
    owns = isinstance(target, (str, os.PathLike))
    out: IO[str] = (
        open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        if isinstance(target, (str, os.PathLike))
        else target
    )
    try:
        if delimiter == "\t":
            out.write("\t".join([*langs, "note"]) + "\n")
        else:
            w = csv.writer(out, delimiter=delimiter, lineterminator="\n")
            w.writerow([*langs, "note"])
        n = 0
        for c in items:
            row = []
            for lang in langs:
                best = c.preferred(lang) or next(iter(c.terms_for(lang)), None)
                row.append(best.text if best else "")
            if not any(row):
                continue
            row.append(c.note)
            if delimiter == "\t":
                out.write("\t".join(_clean(v) for v in row) + "\n")
            else:
                w.writerow(row)
            n += 1
    finally:
        if owns:
            out.close()
    return n


def write_omegat(
    concepts: Iterable[Concept],
    target: str | os.PathLike[str] | IO[str],
    *,
    source_lang: str,
    target_lang: str,
) -> int:
    """Write an OmegaT glossary: each usable source term, the preferred target term, the note."""
    owns = isinstance(target, (str, os.PathLike))
    out: IO[str] = (
        open(target, "w", encoding="utf-8", newline="")  # noqa: SIM115 - closed below
        if isinstance(target, (str, os.PathLike))
        else target
    )
    n = 0
    try:
        out.write("# Glossary in tab-separated format -*- coding: utf-8 -*-\n")
        for c in concepts:
            tgt = c.preferred(target_lang)
            if tgt is None:
                continue
            for src in c.terms_for(source_lang):
                if not src.effective_status.usable:
                    continue
                out.write(f"{_clean(src.text)}\t{_clean(tgt.text)}\t{_clean(c.note)}\n")
                n += 1
    finally:
        if owns:
            out.close()
    return n
