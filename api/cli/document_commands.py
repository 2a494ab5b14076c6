"""``mkutano segment`` and ``mkutano align``: sentence segmentation and document alignment."""

from __future__ import annotations

import re
from pathlib import Path

import click

from mkutano.glossaries import (
    TermRecognizer,
)
from mkutano.glossaries.dictionary import dictionary_anchors, find_dictionaries
from mkutano.glossaries.qa import import_screen
from mkutano.tm import open_store
from mkutano.tm.align import Alignment, AnchorTerms, align_files, beads_to_units, import_alignment
from mkutano.tm.align_memory import memory_evidence
from mkutano.tmx import Header, normalize_language, write_tmx
from mkutano.tmx.formats import read_document, require
from mkutano.tmx.segmenter import Segmenter, default_segmenter
from mkutano.tmx.text import document_spans

from ._common import (
    EXIT_FINDINGS,
    cli_concepts,
    db_option,
    emit_json,
    fail,
    handle_errors,
    json_option,
    qa_glossary,
    qa_policy_option,
    resolve_db,
)

_LANG_IN_NAME = re.compile(r"\.([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?)\.[^.]+$")


def _segmenter(srx: str | None) -> Segmenter:
    return Segmenter.from_srx(srx) if srx else default_segmenter()


@click.command("segment")
@click.option("--lang", "lang", required=True, help="Language of the file (it, en, sw, ...).")
@click.option("--srx", type=click.Path(exists=True, dir_okay=False), help="SRX 2.0 rules file.")
@click.argument("file", type=click.Path(exists=True, dir_okay=False))
@json_option
@handle_errors
def segment_cmd(lang: str, srx: str | None, file: str, as_json: bool) -> None:
    """Split FILE (text, HTML, DOCX or ODT) into sentences by SRX rules (mkutano's own by default).

    Paragraphs of text are separated by blank lines. With --json, prints a list of segments,
    each with its text and, for plain text, its start and end offsets (characters) in the file;
    inline markup of other formats is shown as numbered placeholders (<1>bold</1>).

    \b
    Example:
      mkutano segment --lang it report.it.txt --json
      mkutano segment --lang it report.it.docx
    """
    doc = read_document(file, lang, segmenter=_segmenter(srx))
    if doc.format != "text":
        texts = [seg.with_placeholders() for seg in doc.segments]
        if as_json:
            emit_json([{"text": t, "start": None, "end": None} for t in texts])
        else:
            for t in texts:
                click.echo(t)
        return
    spans = document_spans(doc)
    if as_json:
        emit_json([s.as_dict() for s in spans])
        return
    for s in spans:
        click.echo(s.text)


def _files_with_langs(langs: tuple[str, ...], files: tuple[str, ...]) -> list[tuple[str, str]]:
    if langs and len(langs) != len(files):
        fail("give one --lang per file, in the same order (or name files like report.it.txt)")
    out = []
    for k, f in enumerate(files):
        if langs:
            out.append((normalize_language(langs[k]), f))
            continue
        m = _LANG_IN_NAME.search(Path(f).name)
        if not m:
            fail(f"{f}: cannot tell the language from the name; use --lang LANG before the file")
        assert m is not None
        out.append((normalize_language(m.group(1)), f))
    return out


@click.command("align")
@click.option(
    "--lang",
    "langs",
    multiple=True,
    help="Language of the next file, once per file in order (default: from name.LANG.txt).",
)
@click.argument("files", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("--out", type=click.Path(dir_okay=False), help="Write the confident units as TMX.")
@click.option(
    "--review",
    type=click.Path(dir_okay=False),
    help="Write the units that need review as TMX (marked x-needs-review).",
)
@click.option("--memory", help="Import the confident units into this memory of the store.")
@click.option(
    "--threshold",
    type=click.FloatRange(0.0, 1.0),
    default=0.6,
    show_default=True,
    help="Beads with a lower confidence are marked for review.",
)
@click.option("--srx", type=click.Path(exists=True, dir_okay=False), help="SRX 2.0 rules file.")
@click.option(
    "--glossary",
    "glossaries",
    multiple=True,
    help="Stored glossary whose terms anchor the alignment (repeatable; default: all stored, "
    "else the sample G7 glossary).",
)
@click.option(
    "--glossary-file",
    type=click.Path(exists=True, dir_okay=False),
    help="Glossary file (TBX, CSV, TSV) whose terms anchor the alignment.",
)
@click.option("--no-glossary", is_flag=True, help="Use no glossary terms as anchors.")
@click.option(
    "--no-dictionary",
    is_flag=True,
    help="Do not use the FreeDict bilingual dictionaries installed in /usr/share/dictd.",
)
@qa_policy_option
@click.option(
    "--consult",
    multiple=True,
    help="Memory of the store whose units guide the alignment: their word translations and "
    "their sentences as exact anchors (repeatable).",
)
@db_option
@json_option
@handle_errors
def align_cmd(
    langs: tuple[str, ...],
    files: tuple[str, ...],
    out: str | None,
    review: str | None,
    memory: str | None,
    threshold: float,
    srx: str | None,
    glossaries: tuple[str, ...],
    glossary_file: str | None,
    no_glossary: bool,
    no_dictionary: bool,
    qa_policy: str | None,
    consult: tuple[str, ...],
    db: str | None,
    as_json: bool,
) -> None:
    """Align two or three versions of a text document into translation units.

    The first file is the pivot. Languages come from --lang (one per file, in order) or from
    names like report.it.txt. Numbers, acronyms, names, URLs, ? ! : and glossary terms found on
    both sides anchor the alignment, and the word meanings of the FreeDict dictionaries when
    installed (Debian: dict-freedict-eng-swh, dict-freedict-swh-eng, dict-freedict-ita-eng).
    With --consult, the units of those memories add their word translations and their stored
    sentences (a sentence pair stored in one unit is drawn together).
    Beads below --threshold, and sentences left unmatched, are marked for review: they go to
    --review (or are listed) instead of --out/--memory. Exit code 1 when some beads need review.

    \b
    Example:
      mkutano align report.it.txt report.en.txt report.sw.txt --out aligned.tmx --json
      mkutano align --lang it a.txt --lang sw b.txt --memory g7 --review check.tmx
      mkutano align report.it.txt report.sw.txt --consult g7-sample --out aligned.tmx
    """
    if not 2 <= len(files) <= 3:
        fail("align needs two or three files")
    for f in files:
        require(f, ("text",))
    pairs = _files_with_langs(langs, files)
    terms = _anchor_terms(db, glossaries, glossary_file, no_glossary, creating=bool(memory))
    dictionaries = [] if no_dictionary else find_dictionaries()
    evidence = None
    if consult:
        consulted = open_store(resolve_db(db))
        try:
            for name in consult:
                consulted.get_memory(name)  # MemoryNotFound: one line, exit 2
            evidence = memory_evidence(consulted, list(consult))
        finally:
            consulted.close()
    alignment = align_files(
        pairs,
        segmenter=_segmenter(srx),
        anchor_terms=terms,
        lexicon=dictionary_anchors(dictionaries) if dictionaries else None,
        memory=evidence,
        threshold=threshold,
    )
    origin = "alignment:" + Path(files[0]).name
    units = beads_to_units(alignment, origin=origin)
    if out:
        write_tmx(out, _header(alignment), units)
    needing = [b for b in alignment.beads if b.needs_review]
    if review:
        review_units = [
            u
            for u in beads_to_units(alignment, origin=origin, include_review=True)
            if any(p.type == "x-needs-review" for p in u.props)
        ]
        write_tmx(review, _header(alignment), review_units)
    report = None
    if memory:
        store = open_store(resolve_db(db))
        try:
            screen = import_screen(
                store,
                memory,
                policy=qa_policy,
                glossary=qa_glossary(store),
                source_lang=alignment.languages[0],
                name=origin.split(":", 1)[1],
            )
            report = import_alignment(store, memory, alignment, origin=origin, screen=screen)
        finally:
            store.close()
    if as_json:
        emit_json(
            {
                "languages": list(alignment.languages),
                "beads": alignment.as_dicts(),
                "units": len(units),
                "needs_review": len(needing),
                "import": report.as_dict() if report else None,
            }
        )
    else:
        for b in alignment.beads:
            mark = "REVIEW" if b.needs_review else "ok"
            texts = " ||| ".join(t[:60] for t in alignment.texts(b))
            click.echo(f"{b.shape:7} {b.confidence:.2f} {mark:6} {texts}")
        click.echo(
            f"{len(alignment.beads)} beads, {len(units)} units, {len(needing)} need review"
            + (f", imported into {memory}: {report.added} added" if report else "")
            + (
                f", {report.qa['flagged']} flagged, {report.qa['refused']} refused by QA"
                if report and report.qa and report.qa["qa_policy"] != "off"
                else ""
            )
        )
    if needing:
        raise SystemExit(EXIT_FINDINGS)


def _anchor_terms(
    db: str | None, names: tuple[str, ...], file: str | None, none: bool, *, creating: bool
) -> AnchorTerms | None:
    """The glossary terms as anchors: a file, named stored glossaries, or the default.

    ``creating``: the alignment goes into a memory, so a store not there yet is made, not an
    error."""
    if none:
        return None
    concepts = cli_concepts(db, names, file, db_required=not creating)
    recognizer = TermRecognizer.from_concepts(concepts)

    def terms(text: str, lang: str) -> list[str]:
        return [hit.concept_id for hit in recognizer.find(text, lang)]

    return terms


def _header(alignment: Alignment) -> Header:
    return Header(
        attrs={
            "creationtool": "mkutano",
            "creationtoolversion": "0.1",
            "segtype": "sentence",
            "o-tmf": "mkutano",
            "adminlang": "en",
            "srclang": alignment.languages[0],
            "datatype": "plaintext",
        }
    )


def register(main: click.Group) -> None:
    main.add_command(segment_cmd)
    main.add_command(align_cmd)
