"""``mkutano glossary ...`` and ``mkutano terms``: thin adapters over :mod:`glossaries`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import click

from mkutano.glossaries import (
    Concept,
    GlossaryError,
    GlossaryStore,
    Term,
    TermHit,
    TermStatus,
    export_glossary,
    import_glossary,
    open_glossary_store,
    recognize_terms,
    term_candidates,
)
from mkutano.tm import open_store, store_exists

from ._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_PARTIAL,
    db_given,
    db_option,
    emit_json,
    existing_db,
    fail,
    glossaries_of,
    handle_errors,
    json_option,
    lenient_option,
    no_store,
    resolve_db,
)

__all__ = ["register"]


def register(main: click.Group) -> None:
    main.add_command(glossary_group)
    main.add_command(terms_command)


def _open(db: str | None, *, create: bool = False) -> GlossaryStore:
    return open_glossary_store(resolve_db(db) if create else existing_db(db))


def _concept_from_options(
    concept_id: str,
    terms: tuple[str, ...],
    data: str | None,
    definition: str | None,
    subject: str | None,
    note: str | None,
    status: str | None,
) -> Concept:
    if data:
        raw = sys.stdin.read() if data == "-" else data
        try:
            parsed = json.loads(raw)
            concept = Concept.from_dict(parsed)
        except (ValueError, KeyError, TypeError) as exc:
            raise GlossaryError(f"--data: not a concept object ({exc})") from None
    else:
        concept = Concept(concept_id)
    if concept_id:
        concept.id = concept_id
    for spec in terms:
        lang, sep, text = spec.partition("=")
        if not sep or not text.strip():
            raise GlossaryError(f"--term {spec!r}: write LANG=TEXT, e.g. --term sw=gaidi")
        try:
            concept.terms.append(
                Term(" ".join(text.split()), lang, TermStatus(status) if status else None)
            )
        except ValueError as exc:
            raise GlossaryError(f"--term {spec!r}: {exc}") from None
    if definition is not None:
        concept.definition = definition
    if subject is not None:
        concept.subject_field = subject
    if note is not None:
        concept.note = note
    if not concept.terms:
        raise GlossaryError("an entry needs at least one term: --term LANG=TEXT (or --data JSON)")
    return concept


def _echo_concept(c: Concept) -> None:
    head = f"{c.id}" + (f"  [{c.subject_field}]" if c.subject_field else "")
    click.echo(head)
    if c.definition:
        click.echo(f"  definition: {c.definition}")
    for t in c.terms:
        flags = [t.effective_status.value]
        if t.type:
            flags.append(t.type.value)
        if t.do_not_translate:
            flags.append("do-not-translate")
        click.echo(f"  {t.lang}: {t.text}  ({', '.join(flags)})")
    if c.note:
        click.echo(f"  note: {c.note}")


@click.group("glossary")
def glossary_group() -> None:
    """Glossaries: import/export TBX, CSV and OmegaT files, edit entries, find candidates.

    \b
    Example:
      mkutano glossary import glossaries/data/g7-rome-lyon.tbx --name g7 --json
    """


@glossary_group.command("import")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--name", default=None, help="Glossary name (default: the file name without extension)."
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tbx", "csv", "tsv", "omegat"]),
    default=None,
    help="File format (default: detected from content and extension).",
)
@click.option("--priority", default=0, show_default=True, help="Priority of a new glossary.")
@click.option(
    "--source-lang", default=None, metavar="LANG", help="First column of a headerless file."
)
@click.option(
    "--target-lang", default=None, metavar="LANG", help="Second column of a headerless file."
)
@lenient_option
@db_option
@json_option
@handle_errors
def import_command(
    file: Path,
    name: str | None,
    fmt: str | None,
    priority: int,
    source_lang: str | None,
    target_lang: str | None,
    lenient: bool,
    db: str | None,
    as_json: bool,
) -> None:
    """Import a glossary file (TBX v3/2008, CSV/TSV with a language header, OmegaT).

    Exit 0 when something was imported, 1 when the file was rejected (see diagnostics), 2 when
    it broke off part-way (truncated, not well-formed: nothing imported), 3 when it did and
    --lenient stored the entries before the break.

    \b
    Examples:
      mkutano glossary import glossaries/data/g7-rome-lyon.tbx --name g7 --json
      mkutano glossary import omegat/glossary.txt --source-lang en --target-lang it
    """
    store = _open(db, create=True)
    try:
        report = import_glossary(
            store,
            file,
            name=name,
            format=fmt,
            priority=priority,
            source_lang=source_lang,
            target_lang=target_lang,
            lenient=lenient,
        )
    finally:
        store.close()
    if as_json:
        emit_json(report.as_dict())
    else:
        for d in report.diagnostics:
            click.echo(f"{d.severity}: {d}", err=True)
        if not report.complete and report.rejected:
            click.echo(f"{file}: incomplete, nothing imported (--lenient keeps the rest)", err=True)
        elif report.rejected:
            click.echo(f"{file}: rejected, nothing imported", err=True)
        else:
            click.echo(
                f"{report.glossary}: {report.added} concepts added, {report.updated} updated, "
                f"{report.terms} terms ({', '.join(report.languages)}) from {report.format}"
            )
    if not report.complete:
        sys.exit(EXIT_ERROR if report.rejected else EXIT_PARTIAL)
    sys.exit(EXIT_FINDINGS if report.rejected else EXIT_OK)


@glossary_group.command("export")
@click.argument("name")
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["tbx", "csv", "tsv", "omegat"]),
    default=None,
    help="Output format (default: from the extension; TBX v3 otherwise).",
)
@click.option("--style", type=click.Choice(["dca", "dct"]), default="dca", show_default=True)
@click.option("--source-lang", default="en", show_default=True, metavar="LANG")
@click.option("--target-lang", default=None, metavar="LANG", help="Target language (OmegaT).")
@db_option
@json_option
@handle_errors
def export_command(
    name: str,
    file: Path,
    fmt: str | None,
    style: str,
    source_lang: str,
    target_lang: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Export a glossary as TBX v3 (TBX-Basic, DCA or DCT style), CSV/TSV or OmegaT.

    \b
    Examples:
      mkutano glossary export g7 g7.tbx
      mkutano glossary export g7 g7.csv
      mkutano glossary export g7 g7.txt --format omegat --source-lang it --target-lang sw
    """
    store = _open(db)
    try:
        n = export_glossary(
            store,
            name,
            file,
            format=fmt,
            style=style,
            source_lang=source_lang,
            target_lang=target_lang,
        )
    finally:
        store.close()
    if as_json:
        emit_json({"glossary": name, "file": str(file), "concepts": n})
    else:
        click.echo(f"{name}: {n} concepts written to {file}")


@glossary_group.command("list")
@db_option
@json_option
@handle_errors
def list_command(db: str | None, as_json: bool) -> None:
    """List the glossaries, highest priority first.

    \b
    Example:
      mkutano glossary list --json
    """
    store = open_glossary_store(existing_db(db))
    try:
        found = store.list_glossaries()
    finally:
        store.close()
    if as_json:
        emit_json([g.as_dict() for g in found])
        return
    if not found:
        click.echo("no glossary (import one: mkutano glossary import FILE)")
    for g in found:
        click.echo(f"{g.name}\tpriority {g.priority}\t{g.concepts} concepts\t{g.description}")


@glossary_group.command("create")
@click.argument("name")
@click.option("--priority", default=0, show_default=True, help="Higher wins when terms overlap.")
@click.option("--description", default="", help="What the glossary is for.")
@db_option
@json_option
@handle_errors
def create_command(
    name: str, priority: int, description: str, db: str | None, as_json: bool
) -> None:
    """Create an empty glossary.

    \b
    Example:
      mkutano glossary create client-x --priority 10 --description "Client X terminology"
    """
    store = _open(db, create=True)
    try:
        g = store.create_glossary(name, priority=priority, description=description)
    finally:
        store.close()
    if as_json:
        emit_json(g.as_dict())
    else:
        click.echo(f"{g.name}: created (priority {g.priority})")


@glossary_group.command("delete")
@click.argument("name")
@db_option
@json_option
@handle_errors
def delete_command(name: str, db: str | None, as_json: bool) -> None:
    """Delete a glossary and all its entries.

    \b
    Example:
      mkutano glossary delete client-x
    """
    store = _open(db)
    try:
        store.delete_glossary(name)
    finally:
        store.close()
    if as_json:
        emit_json({"deleted": name})
    else:
        click.echo(f"{name}: deleted")


@glossary_group.group("entry")
def entry_group() -> None:
    """Add, show, change or delete one concept entry of a glossary.

    \b
    Example:
      mkutano glossary entry add g7 --id lepsg --term en=LEPSG --term sw=LEPSG
    """


_ENTRY_OPTIONS = [
    click.option("--term", "terms", multiple=True, metavar="LANG=TEXT", help="A term (repeat)."),
    click.option(
        "--status",
        type=click.Choice([s.value for s in TermStatus]),
        default=None,
        help="Status of the --term terms.",
    ),
    click.option(
        "--data",
        default=None,
        metavar="JSON",
        help="The whole entry as JSON (Concept.to_dict shape), or - for stdin.",
    ),
    click.option("--definition", default=None),
    click.option("--subject", default=None, help="Subject field."),
    click.option("--note", default=None),
]


def _entry_options(fn: Any) -> Any:
    for opt in reversed(_ENTRY_OPTIONS):
        fn = opt(fn)
    return fn


@entry_group.command("add")
@click.argument("glossary")
@click.option("--id", "concept_id", default="", help="Entry id (default: made up).")
@_entry_options
@db_option
@json_option
@handle_errors
def entry_add(
    glossary: str,
    concept_id: str,
    terms: tuple[str, ...],
    status: str | None,
    data: str | None,
    definition: str | None,
    subject: str | None,
    note: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Add an entry.

    \b
    Example:
      mkutano glossary entry add g7 --id migrant --term en=migrant --term it=migrante \\
          --term sw=mhamiaji --status preferred --subject migration
    """
    concept = _concept_from_options(concept_id, terms, data, definition, subject, note, status)
    store = _open(db)
    try:
        saved = store.add_concept(glossary, concept)
    finally:
        store.close()
    if as_json:
        emit_json(saved.to_dict())
    else:
        _echo_concept(saved)


@entry_group.command("get")
@click.argument("glossary")
@click.argument("concept_id")
@db_option
@json_option
@handle_errors
def entry_get(glossary: str, concept_id: str, db: str | None, as_json: bool) -> None:
    """Show an entry.

    \b
    Example:
      mkutano glossary entry get g7 migrant --json
    """
    store = _open(db)
    try:
        c = store.get_concept(glossary, concept_id)
    finally:
        store.close()
    if as_json:
        emit_json(c.to_dict())
    else:
        _echo_concept(c)


@entry_group.command("update")
@click.argument("glossary")
@click.argument("concept_id")
@_entry_options
@db_option
@json_option
@handle_errors
def entry_update(
    glossary: str,
    concept_id: str,
    terms: tuple[str, ...],
    status: str | None,
    data: str | None,
    definition: str | None,
    subject: str | None,
    note: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Change an entry: --term options replace its terms; --data replaces the whole entry.

    \b
    Example:
      mkutano glossary entry update g7 migrant --note "Also used for asylum seekers"
    """
    store = _open(db)
    try:
        current = store.get_concept(glossary, concept_id)
        if data or terms:
            base = _concept_from_options(concept_id, terms, data, definition, subject, note, status)
            if not data:  # only the terms change
                current.terms = base.terms
                base = current
        else:
            base = current
        if definition is not None:
            base.definition = definition
        if subject is not None:
            base.subject_field = subject
        if note is not None:
            base.note = note
        base.id = concept_id
        saved = store.update_concept(glossary, base)
    finally:
        store.close()
    if as_json:
        emit_json(saved.to_dict())
    else:
        _echo_concept(saved)


@entry_group.command("delete")
@click.argument("glossary")
@click.argument("concept_id")
@db_option
@json_option
@handle_errors
def entry_delete(glossary: str, concept_id: str, db: str | None, as_json: bool) -> None:
    """Delete an entry.

    \b
    Example:
      mkutano glossary entry delete g7 migrant
    """
    store = _open(db)
    try:
        store.delete_concept(glossary, concept_id)
    finally:
        store.close()
    if as_json:
        emit_json({"deleted": concept_id, "glossary": glossary})
    else:
        click.echo(f"{glossary}/{concept_id}: deleted")


@glossary_group.command("candidates")
@click.option(
    "--memory", "memories", multiple=True, metavar="NAME", help="Memories to mine (default all)."
)
@click.option("--lang", required=True, metavar="LANG", help="Language of the candidates.")
@click.option("--min-count", default=3, show_default=True, help="Fewest units a candidate is in.")
@click.option("--limit", default=50, show_default=True, help="Most candidates shown.")
@click.option(
    "--glossary",
    "glossaries",
    multiple=True,
    metavar="NAME",
    help="Skip terms already in these glossaries (default: all stored glossaries).",
)
@db_option
@json_option
@handle_errors
def candidates_command(
    memories: tuple[str, ...],
    lang: str,
    min_count: int,
    limit: int,
    glossaries: tuple[str, ...],
    db: str | None,
    as_json: bool,
) -> None:
    """Propose new glossary entries from a memory: acronyms and recurring phrases, with the
    renderings found in the aligned units of the other languages and their counts.

    \b
    Example:
      mkutano glossary candidates --memory g7 --lang en --min-count 2 --json
    """
    url = resolve_db(db)
    if not store_exists(url):
        fail(f"{url}: no store there (import a memory first, or pass --db PATH)")
    tm_store = open_store(url)
    try:
        gstore = glossaries_of(tm_store)
        known = gstore.concepts(list(glossaries) or None)
        found = term_candidates(
            tm_store,
            lang,
            memories=list(memories) or None,
            min_count=min_count,
            limit=limit,
            known=known,
        )
    finally:
        tm_store.close()
    if as_json:
        emit_json([c.as_dict() for c in found])
        return
    if not found:
        click.echo("no candidate (lower --min-count?)")
    for c in found:
        click.echo(f"{c.count:4d}  {c.text}  ({c.kind})")
        for tl, rs in c.renderings.items():
            shown = "; ".join(f"{r.text} ×{r.count} (dice {r.dice:.2f})" for r in rs)
            click.echo(f"        {tl}: {shown}")


def _echo_hit(h: TermHit) -> None:
    other = h.as_dict()["renderings"]
    rend = "; ".join(
        f"{lang}: {', '.join(r['text'] for r in rs if r['status'] in ('preferred', 'admitted')) or '-'}"
        for lang, rs in other.items()
    )
    flags = [h.term.effective_status.value]
    if h.term.do_not_translate:
        flags.append("do-not-translate")
    click.echo(
        f"{h.start}-{h.end}\t{h.text}\t[{h.concept_id}] {h.match}, {', '.join(flags)}\t{rend}"
    )


@click.command("terms")
@click.argument("text")
@click.option("--lang", required=True, metavar="LANG", help="Language of TEXT.")
@click.option(
    "--glossary",
    "glossaries",
    multiple=True,
    metavar="NAME",
    help="Only these glossaries (default: all; the sample G7 glossary when none is stored).",
)
@db_option
@json_option
@handle_errors
def terms_command(
    text: str, lang: str, glossaries: tuple[str, ...], db: str | None, as_json: bool
) -> None:
    """Find glossary terms in TEXT (- reads standard input), inflected forms included.

    Each hit gives the span, the form found, the concept, how it matched (exact, case-folded,
    variant, lemma) and the concept's terms in the other languages.

    \b
    Examples:
      mkutano terms --lang sw "Wahamiaji na magaidi walikamatwa na INTERPOL." --json
      mkutano terms --lang it --glossary g7 "Le organizzazioni criminali"
    """
    if text == "-":
        text = sys.stdin.read()
    url = resolve_db(db)
    store = open_glossary_store(url) if store_exists(url) else None
    if store is None and (glossaries or db_given(db)):
        no_store(url)
    try:
        hits = recognize_terms(store, text, lang, glossaries=list(glossaries) or None)
    finally:
        if store is not None:
            store.close()
    if as_json:
        emit_json([h.as_dict() for h in hits])
        return
    if not hits:
        click.echo("no term found")
    for h in hits:
        _echo_hit(h)
