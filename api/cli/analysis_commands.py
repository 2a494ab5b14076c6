"""``mkutano analyze``, ``pretranslate`` and ``rebuild``: quotes, XLIFF from the memories, target
documents (thin adapters over :func:`tm.analysis.analyze`, :func:`tm.pretranslate.pretranslate`
and :func:`tm.pretranslate.rebuild`)."""

from __future__ import annotations

from pathlib import Path

import click

from mkutano.glossaries.qa import import_screen
from mkutano.tm import Store, open_store
from mkutano.tm.analysis import BANDS, AnalysisReport, FileAnalysis, analyze
from mkutano.tm.pretranslate import FORMATS, import_confirmed, pretranslate, translated_document
from mkutano.tmx.document import Document
from mkutano.tmx.formats import read_document, write_document
from mkutano.tmx.segmenter import Segmenter, default_segmenter
from mkutano.tmx.xliff import read_xliff

from ._common import (
    db_option,
    emit_json,
    fail,
    handle_errors,
    json_option,
    open_existing_store,
    qa_glossary,
    qa_policy_option,
    resolve_db,
)

__all__ = ["register"]

_BAND_LABELS = {
    "repetitions": "Repetitions",
    "context": "Context (101%)",
    "100": "100%",
    "95-99": "95–99%",
    "85-94": "85–94%",
    "75-84": "75–84%",
    "50-74": "50–74%",
    "no-match": "No match",
}


def register(main: click.Group) -> None:
    main.add_command(analyze_command)
    main.add_command(pretranslate_command)
    main.add_command(rebuild_command)
    main.add_command(import_confirmed_command)


def _open(db: str | None) -> Store:
    return open_existing_store(db)


def _read(path: str, lang: str, srx: str | None) -> Document:
    """The document in ``path`` (text, HTML, DOCX or ODT; anything else: a one-line error)."""
    segmenter: Segmenter = Segmenter.from_srx(srx) if srx else default_segmenter()
    return read_document(path, lang, segmenter=segmenter)


_srx_option = click.option(
    "--srx",
    type=click.Path(exists=True, dir_okay=False),
    help="SRX 2.0 segmentation rules (default: mkutano's own; use the same for rebuild).",
)


def _table(fa: FileAnalysis) -> list[str]:
    words = fa.words or 1
    lines = [
        f"{fa.name}",
        f"  {'Band':<15} {'Segments':>8} {'Words':>8} {'Chars':>8} {'% words':>8}",
    ]
    for band in BANDS:
        b = fa.bands[band]
        share = 100.0 * b.words / words
        lines.append(
            f"  {_BAND_LABELS[band]:<15} {b.segments:>8} {b.words:>8} {b.characters:>8}"
            f" {share:>7.1f}%"
        )
    lines.append(
        f"  {'Total':<15} {fa.segments:>8} {fa.words:>8} {fa.characters:>8}"
        f" {100.0 if fa.words else 0.0:>7.1f}%"
    )
    return lines


def _render(report: AnalysisReport) -> None:
    click.echo(f"Analysis {report.source_lang} → {report.target_lang}")
    for fa in report.files:
        click.echo("\n".join(_table(fa)))
    if len(report.files) > 1:
        click.echo("\n".join(_table(report.total)))


@click.command("analyze")
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--from", "source_lang", required=True, metavar="LANG", help="Source language.")
@click.option("--to", "target_lang", required=True, metavar="LANG", help="Target language.")
@click.option("--memory", "memories", multiple=True, metavar="NAME", help="Only these memories.")
@click.option("--details", is_flag=True, help="With --json: add every segment's band and match.")
@_srx_option
@db_option
@json_option
@handle_errors
def analyze_command(
    files: tuple[str, ...],
    source_lang: str,
    target_lang: str,
    memories: tuple[str, ...],
    details: bool,
    srx: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Count the segments and words of FILES (text, HTML, DOCX or ODT) per match band against
    the memories: repetitions, context (101%), 100%, 95–99, 85–94, 75–84, 50–74, no match; per file and in
    total. The files are one job: a segment repeated in a later file is a repetition there.

    \b
    Example:
      mkutano analyze --from it --to sw tm/data/report.it.txt --memory g7
      mkutano analyze --from it --to sw a.txt b.html --json
    """
    store = _open(db)
    try:
        docs = [_read(f, source_lang, srx) for f in files]
        report = analyze(
            store,
            docs,
            source_lang=source_lang,
            target_lang=target_lang,
            memories=list(memories) or None,
        )
    finally:
        store.close()
    if as_json:
        emit_json(report.as_dict(details=details))
    else:
        _render(report)


@click.command("pretranslate")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@click.option("--from", "source_lang", required=True, metavar="LANG", help="Source language.")
@click.option("--to", "target_lang", required=True, metavar="LANG", help="Target language.")
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False), help="The XLIFF file to write."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(sorted(FORMATS)),
    default="xliff12",
    show_default=True,
    help="XLIFF 1.2 (alt-trans) or XLIFF 2.1 (mtc:match).",
)
@click.option(
    "--threshold",
    type=click.FloatRange(1, 101),
    default=75.0,
    show_default=True,
    help="Insert the best match as the target from this score up.",
)
@click.option(
    "--min-score",
    type=click.FloatRange(1, 101),
    default=50.0,
    show_default=True,
    help="Attach candidates from this score up.",
)
@click.option(
    "--limit",
    type=click.IntRange(1),
    default=5,
    show_default=True,
    help="Most candidates attached per segment.",
)
@click.option("--memory", "memories", multiple=True, metavar="NAME", help="Only these memories.")
@_srx_option
@db_option
@json_option
@handle_errors
def pretranslate_command(
    file: str,
    source_lang: str,
    target_lang: str,
    out: str,
    fmt: str,
    threshold: float,
    min_score: float,
    limit: int,
    memories: tuple[str, ...],
    srx: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Pre-translate FILE (text, HTML, DOCX or ODT) from the memories into an XLIFF file: the
    best match from --threshold up becomes the target (state translated for 100/101, needing
    review for a fuzzy match), and every candidate is attached with its score and memory.

    \b
    Example:
      mkutano pretranslate --from it --to sw tm/data/report.it.txt --out report.sw.xlf
      mkutano pretranslate --from it --to sw page.html --out page.xlf --format xliff21
    """
    store = _open(db)
    try:
        result = pretranslate(
            store,
            _read(file, source_lang, srx),
            source_lang=source_lang,
            target_lang=target_lang,
            threshold=threshold,
            min_score=min_score,
            limit=limit,
            fmt=fmt,
            memories=list(memories) or None,
        )
    finally:
        store.close()
    result.write(out)
    counts = result.counts()
    if as_json:
        emit_json({"file": file, "out": out, **counts})
        return
    click.echo(
        f"{file}: {counts['segments']} segments, {counts['inserted']} pre-translated"
        f" ({counts['exact']} exact, {counts['fuzzy']} fuzzy), {counts['untranslated']} left"
        f" to translate, {counts['with_candidates']} with candidates; wrote {out}"
        f" (XLIFF {FORMATS[fmt]})"
    )


@click.command("rebuild")
@click.argument("xliff", type=click.Path(exists=True, dir_okay=False))
@click.option(
    "--original",
    required=True,
    type=click.Path(exists=True, dir_okay=False),
    help="The text, HTML, DOCX or ODT file the XLIFF was made from.",
)
@click.option(
    "--out", required=True, type=click.Path(dir_okay=False), help="The target file to write."
)
@_srx_option
@json_option
@handle_errors
def rebuild_command(xliff: str, original: str, out: str, srx: str | None, as_json: bool) -> None:
    """Write the translated document from XLIFF (as made by pretranslate, then translated) and
    the ORIGINAL file: each unit's target replaces its segment, layout and markup are kept;
    segments without a target stay in the source language.

    \b
    Example:
      mkutano rebuild report.sw.xlf --original tm/data/report.it.txt --out report.sw.txt
      mkutano rebuild page.xlf --original page.html --out page.sw.html
    """
    doc = read_xliff(xliff)
    if not doc.files:
        fail(f"{xliff}: no <file> in the XLIFF")
    source_lang = doc.files[0].source_lang
    write_document(translated_document(doc, _read(original, source_lang, srx), name=xliff), out)
    translated = sum(1 for u in doc.units if u.target is not None and u.target.parts)
    if as_json:
        emit_json({"out": out, "units": len(doc.units), "translated": translated})
        return
    click.echo(f"{out}: {translated} of {len(doc.units)} segments translated")


@click.command("import-confirmed")
@click.argument("xliff", type=click.Path(exists=True, dir_okay=False))
@click.option("--memory", required=True, metavar="NAME", help="The memory to store them in.")
@qa_policy_option
@db_option
@json_option
@handle_errors
def import_confirmed_command(
    xliff: str, memory: str, qa_policy: str | None, db: str | None, as_json: bool
) -> None:
    """Store the confirmed segments of a translated XLIFF (state translated, signed-off, final
    or reviewed) in MEMORY, each with its context (the neighbouring source segments and
    FILE:UNIT-ID as context key), so pre-translating the document again gives context matches.

    \b
    Example:
      mkutano import-confirmed report.sw.xlf --memory g7
    """
    doc = read_xliff(xliff)
    store = open_store(resolve_db(db))
    try:
        screen = import_screen(
            store,
            memory,
            policy=qa_policy,
            glossary=qa_glossary(store),
            source_lang=doc.files[0].source_lang if doc.files else None,
            name=Path(xliff).name,
        )
        report = import_confirmed(
            store, memory, doc, origin=f"xliff:{Path(xliff).name}", screen=screen
        )
    finally:
        store.close()
    if as_json:
        emit_json({"file": xliff, "memory": memory, **report.as_dict()})
        return
    qa = report.qa or {}
    click.echo(
        f"{xliff} → memory {memory!r}: {report.added} added, {report.merged} merged"
        + (
            f", {qa['flagged']} flagged, {qa['refused']} refused by QA"
            if qa.get("qa_checked")
            else ""
        )
    )
