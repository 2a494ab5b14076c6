"""Store commands: ``import``, ``export``, ``memories``, ``unit`` and ``migrate`` (thin adapters
over :func:`tm.import_file`, :func:`tm.export_tmx`, the :class:`tm.Store` methods and
:func:`tm.migrate_all`)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any, NoReturn

import click

from mkutano.api.migrations import NAMESPACES_ABOVE_TM
from mkutano.glossaries.qa import (
    QARefused,
    add_unit_checked,
    flagged_units,
    import_screen,
    unit_flags,
    update_unit_checked,
)
from mkutano.tm import (
    ImportAborted,
    Memory,
    Store,
    StoredUnit,
    export_tmx,
    find_units,
    import_file,
    migrate_all,
    open_store,
    replace_texts,
    unit_from_texts,
)
from mkutano.tm.store import DEFAULT_BATCH_SIZE
from mkutano.tm.transfer import DEFAULT_MEMORY
from mkutano.tmx import format_tagged

from ._common import (
    EXIT_ERROR,
    EXIT_FINDINGS,
    EXIT_OK,
    EXIT_PARTIAL,
    db_option,
    emit_json,
    fail,
    handle_errors,
    json_option,
    lenient_option,
    markup_option,
    open_existing_store,
    qa_glossary,
    qa_policy_option,
    resolve_db,
    tagged_texts,
)

__all__ = ["register"]

_MAX_LISTED = 20  # skipped units and warnings shown in text mode


def register(main: click.Group) -> None:
    main.add_command(import_command)
    main.add_command(export_command)
    main.add_command(memories_group)
    main.add_command(unit_group)
    main.add_command(migrate_command)


def _open(db: str | None, *, create: bool = False) -> Store:
    """The store of ``--db``: created when missing only by commands that write (``create``)."""
    return open_store(resolve_db(db)) if create else open_existing_store(db)


def _progress() -> Callable[[int], None] | None:
    """A stderr counter when stderr is a terminal (never in pipes, logs or --json captures)."""
    if not sys.stderr.isatty():
        return None

    def show(n: int) -> None:
        click.echo(f"\r{n:,} units processed", err=True, nl=False)

    return show


# -- import / export -------------------------------------------------------------------------------


@click.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--memory",
    default=DEFAULT_MEMORY,
    show_default=True,
    metavar="NAME",
    help="Memory to import into (created when missing).",
)
@click.option("--project", default=None, metavar="NAME", help="Project recorded on each unit.")
@click.option(
    "--strict", is_flag=True, help="Stop at the first broken unit instead of skipping it."
)
@click.option(
    "--batch-size",
    default=DEFAULT_BATCH_SIZE,
    show_default=True,
    type=click.IntRange(min=1),
    help="Units per transaction.",
)
@qa_policy_option
@lenient_option
@db_option
@json_option
@handle_errors
def import_command(
    file: Path,
    memory: str,
    project: str | None,
    strict: bool,
    batch_size: int,
    qa_policy: str | None,
    lenient: bool,
    db: str | None,
    as_json: bool,
) -> None:
    """Import a TMX file, or the confirmed segments of a bilingual XLIFF 1.2/2.x, SDLXLIFF or
    memoQ MQXLIFF file, into a memory (in transactional batches).

    The format is told from the content. XLIFF states become the props x-status (translated,
    reviewed, final) and x-state; segments not confirmed are not imported (counted in the
    warnings). OmegaT's project_save.tmx is TMX: its context props are kept. Same source and
    target as a stored unit: metadata merged. Same source, other target: kept as an
    alternative. Broken units are skipped with file:line and reason (exit code 1). A file that
    breaks off part-way (truncated, not well-formed) stores nothing (exit code 2); with
    --lenient the units before the break are stored (exit code 3, "complete": false).

    Each unit is checked by QA against the store's glossaries (else the sample one): with
    error-level findings it is stored marked x-qa-flag (policy flag, the default), or not
    stored and listed as skipped (refuse); --qa-policy or the memory's policy decide.

    Example:

        mkutano import tm/data/g7-rome-lyon.tmx --memory g7 --json
        mkutano import report.sw.sdlxliff --memory g7
    """
    store = _open(db, create=True)
    progress = None if as_json else _progress()
    try:
        screen = import_screen(
            store, memory, policy=qa_policy, glossary=qa_glossary(store), name=file.name
        )
        report = import_file(
            store,
            file,
            memory=memory,
            project=project,
            strict=strict,
            batch_size=batch_size,
            progress=progress,
            screen=screen,
            lenient=lenient,
        )
    except ImportAborted as exc:
        if progress is not None:
            click.echo("", err=True)
        if as_json:
            emit_json(
                {**exc.report.as_dict(), "memory": memory, "file": str(file), "error": str(exc)}
            )
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
    finally:
        store.close()
    if progress is not None:
        click.echo("", err=True)
    data = {**report.as_dict(), "memory": memory, "file": str(file)}
    if as_json:
        emit_json(data)
    else:
        click.echo(
            f"{file.name} → memory {memory!r}: {report.added} added, {report.merged} merged,"
            f" {report.alternatives} alternatives, {len(report.skipped)} skipped"
            f" ({report.units_read} units read)" + _qa_summary(report.qa)
        )
        for line in report.skipped[:_MAX_LISTED]:
            click.echo(f"  skipped: {line}")
        for line in report.warnings[:_MAX_LISTED]:
            click.echo(f"warning: {line}", err=True)
        more = len(report.skipped) + len(report.warnings) - 2 * _MAX_LISTED
        if more > 0:
            click.echo("  ... and more; use --json for the full list", err=True)
    if not report.complete:
        sys.exit(EXIT_PARTIAL)
    sys.exit(EXIT_FINDINGS if report.skipped else EXIT_OK)


@click.command("export")
@click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, path_type=Path),
    help="TMX file to write (replaced atomically).",
)
@click.option("--memory", "memories", multiple=True, metavar="NAME", help="Only these memories.")
@click.option(
    "--lang", "languages", multiple=True, metavar="LANG", help="Only these languages (repeat)."
)
@click.option("--since", default=None, metavar="DATE", help="Only units changed on/after DATE.")
@click.option("--until", default=None, metavar="DATE", help="Only units changed on/before DATE.")
@db_option
@json_option
@handle_errors
def export_command(
    out: Path,
    memories: tuple[str, ...],
    languages: tuple[str, ...],
    since: str | None,
    until: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Export units to a TMX file (lossless: what was imported comes back out).

    With --lang, only units having every given language, and only those variants.

    Example:

        mkutano export --out g7-it-sw.tmx --memory g7 --lang it --lang sw --since 2026-01-01
    """
    store = _open(db)
    try:
        n = export_tmx(
            store,
            out,
            memories=list(memories) or None,
            languages=list(languages) or None,
            changed_since=since,
            changed_until=until,
        )
    finally:
        store.close()
    if as_json:
        emit_json({"written": n, "file": str(out)})
    else:
        click.echo(f"{n} units written to {out}")


# -- memories ------------------------------------------------------------------------------------


def _qa_summary(qa: dict[str, Any] | None) -> str:
    if not qa or qa["qa_policy"] == "off":
        return ""
    return f"; QA ({qa['qa_policy']}): {qa['flagged']} flagged, {qa['refused']} refused"


def _memory_dict(m: Memory) -> dict[str, Any]:
    return {
        "name": m.name,
        "priority": m.priority,
        "read_only": m.read_only,
        "description": m.description,
        "created_at": m.created_at,
        "units": m.units,
        "qa_policy": m.qa_policy,
    }


def _echo_memory(m: Memory) -> None:
    flag = " read-only" if m.read_only else ""
    policy = f" qa-policy={m.qa_policy}" if m.qa_policy else ""
    desc = f"  {m.description}" if m.description else ""
    click.echo(f"{m.name}\tpriority {m.priority}\t{m.units} units{flag}{policy}{desc}")


def _show_memory(m: Memory, as_json: bool) -> None:
    if as_json:
        emit_json(_memory_dict(m))
    else:
        _echo_memory(m)


def _memory_policy_option(default_help: str) -> Callable[[Any], Any]:
    return click.option(
        "--qa-policy",
        "qa_policy",
        type=click.Choice(["refuse", "flag", "off", "default"]),
        default=None,
        help="What writes of units with QA errors do: refuse, flag (store marked x-qa-flag),"
        f" off, or default (refuse for unit writes, flag for imports). {default_help}",
    )


@click.group("memories")
def memories_group() -> None:
    """List and manage named memories (per client, domain or project).

    Example:

        mkutano memories create g7 --priority 10 --description "G7 Rome/Lyon Group"
    """


@memories_group.command("list")
@db_option
@json_option
@handle_errors
def memories_list(db: str | None, as_json: bool) -> None:
    """List memories, highest priority first.

    Example:

        mkutano memories list --json
    """
    store = _open(db)
    try:
        mems = store.list_memories()
    finally:
        store.close()
    if as_json:
        emit_json([_memory_dict(m) for m in mems])
    else:
        for m in mems:
            _echo_memory(m)


@memories_group.command("create")
@click.argument("name")
@click.option("--priority", default=0, show_default=True, help="Higher wins when scores tie.")
@click.option("--read-only", is_flag=True, help="Refuse every change to its units.")
@click.option("--description", default="", help="Free text.")
@_memory_policy_option("Default: default.")
@db_option
@json_option
@handle_errors
def memories_create(
    name: str,
    priority: int,
    read_only: bool,
    description: str,
    qa_policy: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Create a memory.

    Example:

        mkutano memories create g7 --priority 10 --description "G7 Rome/Lyon Group"
        mkutano memories create drafts --qa-policy flag
    """
    store = _open(db, create=True)
    try:
        m = store.create_memory(
            name,
            priority=priority,
            read_only=read_only,
            description=description,
            qa_policy=qa_policy,
        )
    finally:
        store.close()
    _show_memory(m, as_json)


@memories_group.command("update")
@click.argument("name")
@click.option("--priority", type=int, default=None, help="New priority.")
@click.option(
    "--read-only/--read-write", "read_only", default=None, help="Lock or unlock the memory."
)
@click.option("--description", default=None, help="New description.")
@_memory_policy_option("Left out: unchanged.")
@db_option
@json_option
@handle_errors
def memories_update(
    name: str,
    priority: int | None,
    read_only: bool | None,
    description: str | None,
    qa_policy: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Change a memory's priority, read-only flag, description or QA policy.

    Example:

        mkutano memories update g7 --priority 20 --read-only
        mkutano memories update g7 --qa-policy refuse
    """
    store = _open(db)
    try:
        m = store.update_memory(
            name,
            priority=priority,
            read_only=read_only,
            description=description,
            qa_policy=qa_policy,
        )
    finally:
        store.close()
    _show_memory(m, as_json)


@memories_group.command("set-policy")
@click.argument("name")
@click.argument("policy", type=click.Choice(["refuse", "flag", "off", "default"]))
@db_option
@json_option
@handle_errors
def memories_set_policy(name: str, policy: str, db: str | None, as_json: bool) -> None:
    """Set the QA policy of writes into a memory (the same as update --qa-policy).

    refuse: a unit with QA errors is not stored (unit writes: exit 1 unless --reason; imports:
    listed as skipped). flag: it is stored with the prop x-qa-flag (the check ids), listed by
    'unit list --flagged'. off: no check. default: refuse for unit writes, flag for imports
    and alignment.

    Example:

        mkutano memories set-policy g7 flag
    """
    store = _open(db)
    try:
        m = store.update_memory(name, qa_policy=policy)
    finally:
        store.close()
    _show_memory(m, as_json)


@memories_group.command("delete")
@click.argument("name")
@click.option("--yes", is_flag=True, help="Do not ask for confirmation.")
@db_option
@json_option
@handle_errors
def memories_delete(name: str, yes: bool, db: str | None, as_json: bool) -> None:
    """Delete a memory and all its units.

    Example:

        mkutano memories delete old-project --yes
    """
    store = _open(db)
    try:
        m = store.get_memory(name)
        if not yes:
            if not sys.stdin.isatty():
                raise click.UsageError(f"deleting {name!r} removes {m.units} units: add --yes")
            click.confirm(f"Delete memory {name!r} and its {m.units} units?", abort=True)
        store.delete_memory(name)
    finally:
        store.close()
    if as_json:
        emit_json({"deleted": name, "units": m.units})
    else:
        click.echo(f"deleted memory {name!r} ({m.units} units)")


# -- units ---------------------------------------------------------------------------------------


def _unit_dict(s: StoredUnit) -> dict[str, Any]:
    u = s.unit
    return {
        "id": s.id,
        "memory": s.memory,
        "origin": s.origin,
        "project": s.project,
        "created_at": s.created_at,
        "updated_at": s.updated_at,
        "override_reason": s.override_reason,
        "qa_flag": unit_flags(u),
        "attrs": u.attrs,
        "props": [{"type": p.type, "text": p.text, **p.attrs} for p in u.props],
        "notes": [n.text for n in u.notes],
        "variants": [
            {
                "lang": v.lang,
                "text": v.text,
                "segment": str(v.segment),
                "tmx": format_tagged(v.segment),
                "attrs": v.attrs,
            }
            for v in u.variants
        ],
    }


def _echo_unit(s: StoredUnit) -> None:
    project = f" project={s.project}" if s.project else ""
    click.echo(f"#{s.id} [{s.memory}] origin={s.origin}{project} updated={s.updated_at}")
    for v in s.unit.variants:
        click.echo(f"  {v.lang}: {format_tagged(v.segment)}")


def _show(s: StoredUnit, as_json: bool) -> None:
    if unit_flags(s.unit):
        click.echo(f"flagged by QA: {', '.join(unit_flags(s.unit))}", err=True)
    if as_json:
        emit_json(_unit_dict(s))
    else:
        _echo_unit(s)


_lang_option = click.option(
    "--lang",
    "texts",
    multiple=True,
    required=True,
    type=(str, str),
    metavar="LANG TEXT",
    help="A language and its text (repeat for each language).",
)


@click.group("unit")
def unit_group() -> None:
    """Add, show, change and delete single units (confirmed segments).

    Example:

        mkutano unit add --memory g7 --lang it "Il riciclaggio di denaro" --lang sw "Utakatishaji wa fedha"
    """


@unit_group.command("add")
@click.option("--memory", default=DEFAULT_MEMORY, show_default=True, metavar="NAME")
@_lang_option
@click.option("--project", default=None, metavar="NAME", help="Project recorded on the unit.")
@click.option("--by", "creator", default=None, metavar="NAME", help="Translator (creationid).")
@click.option("--reason", default=None, help="Why it is accepted despite QA errors.")
@click.option("--prev", default=None, metavar="TEXT", help="The source segment before this one.")
@click.option("--next", "next_", default=None, metavar="TEXT", help="The source segment after it.")
@click.option("--context-key", default=None, metavar="KEY", help="The segment's context key (id).")
@markup_option
@db_option
@json_option
@handle_errors
def unit_add(
    memory: str,
    texts: tuple[tuple[str, str], ...],
    project: str | None,
    creator: str | None,
    reason: str | None,
    prev: str | None,
    next_: str | None,
    context_key: str | None,
    markup: str,
    db: str | None,
    as_json: bool,
) -> None:
    """Add a unit (a duplicate of a stored unit is merged into it).

    The QA error checks run first against the store's glossaries (else the sample G7 glossary):
    with errors the unit is refused (exit 1, the findings on stderr) unless --reason says why it
    is accepted anyway; the reason is recorded on the unit. The first --lang is the source.
    --prev/--next/--context-key store the segment's context (OmegaT's prev, next and id props),
    so the same segment in the same context later gets a context match (101). A text may hold
    TMX inline elements (--markup), stored as sent and exported as they are.

    Example:

        mkutano unit add --memory g7 --lang it "Il riciclaggio di denaro" --lang sw "Utakatishaji wa fedha"

        mkutano unit add --lang it 'Premi <ph x="1">{1}</ph> per salvare' --lang sw 'Bonyeza <ph x="1">{1}</ph> kuhifadhi'
    """
    tagged = tagged_texts(texts, markup)
    store = _open(db, create=True)
    try:
        try:
            store.get_memory(memory)
        except KeyError:
            if memory != DEFAULT_MEMORY:
                raise
            store.create_memory(memory)
        checked = add_unit_checked(
            store,
            memory,
            unit_from_texts(
                tagged, creator=creator, prev=prev, next=next_, context_key=context_key
            ),
            source_lang=texts[0][0] if texts else None,
            glossary=qa_glossary(store),
            override_reason=reason,
            origin="cli",
            project=project,
        )
    except QARefused as exc:
        _refused(exc)
    finally:
        store.close()
    _show(checked.stored, as_json)


@unit_group.command("list")
@click.option("--memory", default=DEFAULT_MEMORY, show_default=True, metavar="NAME")
@click.option("--flagged", is_flag=True, help="Only the units flagged by QA (x-qa-flag).")
@click.option("--after", "after_id", default=0, type=click.IntRange(min=0), help="Cursor: id.")
@click.option("--limit", default=50, show_default=True, type=click.IntRange(min=1))
@db_option
@json_option
@handle_errors
def unit_list(
    memory: str, flagged: bool, after_id: int, limit: int, db: str | None, as_json: bool
) -> None:
    """List a memory's units by id (--flagged: those QA flagged, with the checks that flagged
    them; exit 1 when --flagged finds none).

    Example:

        mkutano unit list --memory g7 --flagged --json
    """
    store = _open(db)
    try:
        store.get_memory(memory)
        if flagged:
            units = list(flagged_units(store, memory, after_id=after_id, limit=limit))
        else:
            units = list(store.iter_units(memories=[memory], after_id=after_id, limit=limit))
    finally:
        store.close()
    if as_json:
        emit_json([_unit_dict(s) for s in units])
    else:
        for s in units:
            _echo_unit(s)
            if unit_flags(s.unit):
                click.echo(f"  flagged: {', '.join(unit_flags(s.unit))}")
    if flagged and not units:
        click.echo(f"no flagged unit in memory {memory!r}", err=True)
        sys.exit(EXIT_FINDINGS)


@unit_group.command("find")
@click.option("--tuid", required=True, metavar="ID", help="The tuid to look for.")
@click.option("--memory", "memories", multiple=True, metavar="NAME", help="Memory (repeatable).")
@db_option
@json_option
@handle_errors
def unit_find(tuid: str, memories: tuple[str, ...], db: str | None, as_json: bool) -> None:
    """Show the units answering to a tuid, merged duplicates' tuids included (exit 1: none).

    Example:

        mkutano unit find --tuid -1317094983-0-48 --memory openxliff
    """
    store = _open(db)
    try:
        found = find_units(store, tuid, memories=list(memories) or None)
    finally:
        store.close()
    if as_json:
        emit_json([_unit_dict(s) for s in found])
    else:
        for s in found:
            _show(s, False)
    if not found:
        click.echo(f"no unit answers to tuid {tuid!r}", err=True)
        sys.exit(1)


@unit_group.command("get")
@click.argument("unit_id", type=int)
@db_option
@json_option
@handle_errors
def unit_get(unit_id: int, db: str | None, as_json: bool) -> None:
    """Show a unit.

    Example:

        mkutano unit get 1 --json
    """
    store = _open(db)
    try:
        s = store.get_unit(unit_id)
    finally:
        store.close()
    _show(s, as_json)


@unit_group.command("update")
@click.argument("unit_id", type=int)
@_lang_option
@click.option("--by", "changer", default=None, metavar="NAME", help="Translator (changeid).")
@click.option("--reason", default=None, help="Why it was accepted despite QA errors.")
@markup_option
@db_option
@json_option
@handle_errors
def unit_update(
    unit_id: int,
    texts: tuple[tuple[str, str], ...],
    changer: str | None,
    reason: str | None,
    markup: str,
    db: str | None,
    as_json: bool,
) -> None:
    """Change a unit's text in the given languages (other languages and metadata stay); a text
    may hold TMX inline elements (--markup).

    Example:

        mkutano unit update 1 --lang sw "Utakatishaji wa pesa"
    """
    tagged = tagged_texts(texts, markup)
    store = _open(db)
    try:
        current = store.get_unit(unit_id)
        checked = update_unit_checked(
            store,
            unit_id,
            replace_texts(current.unit, tagged, changer=changer),
            glossary=qa_glossary(store),
            override_reason=reason,
        )
    except QARefused as exc:
        _refused(exc)
    finally:
        store.close()
    _show(checked.stored, as_json)


def _refused(exc: QARefused) -> NoReturn:
    for f in exc.findings:
        click.echo(f"{f.severity} [{f.check}] {f.message}", err=True)
    fail(f"{exc} (--reason TEXT accepts it anyway)", EXIT_FINDINGS)


@unit_group.command("delete")
@click.argument("unit_id", type=int)
@db_option
@json_option
@handle_errors
def unit_delete(unit_id: int, db: str | None, as_json: bool) -> None:
    """Delete a unit.

    Example:

        mkutano unit delete 1
    """
    store = _open(db)
    try:
        store.delete_unit(unit_id)
    finally:
        store.close()
    if as_json:
        emit_json({"deleted": unit_id})
    else:
        click.echo(f"deleted unit #{unit_id}")


# -- migrate -------------------------------------------------------------------------------------


@click.command("migrate")
@db_option
@json_option
@handle_errors
def migrate_command(db: str | None, as_json: bool) -> None:
    """Bring the store's schema up to date (also done when a command opens the store).

    Example:

        mkutano migrate --db postgresql://mkutano@db.example.org/mkutano
    """
    applied = migrate_all(resolve_db(db), NAMESPACES_ABOVE_TM)
    if as_json:
        emit_json({"applied": applied})
    elif any(applied.values()):
        click.echo(
            "applied migrations: "
            + "; ".join(
                f"{name} " + ", ".join(str(v) for v in versions)
                for name, versions in applied.items()
                if versions
            )
        )
    else:
        click.echo("schema up to date")
