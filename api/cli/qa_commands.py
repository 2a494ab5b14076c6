"""``mkutano qa``: check translations (pairs, TMX, XLIFF, documents) and report the findings."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import click

from mkutano.glossaries import (
    Concept,
)
from mkutano.glossaries.qa import (
    FORMATS,
    Finding,
    Pair,
    Profile,
    ReportContext,
    Severity,
    check_document,
    check_pairs,
    check_target_text,
    load_profile,
    pairs_from_tmx,
    pairs_from_xliff,
    read_document,
    read_pairs_jsonl,
    record_suppression,
    remap_findings,
    render,
    report_fingerprints,
    skipped_checks,
)
from mkutano.glossaries.qa.projects import QAProjects, check_fingerprint
from mkutano.tm import MemoryNotFound, Store, open_store, store_exists
from mkutano.tm.db import Database

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    cli_concepts,
    db_option,
    emit_json,
    fail,
    handle_errors,
    json_option,
    resolve_db,
)


def _concepts(
    db: str | None, names: Sequence[str], file: str | None, none: bool
) -> list[Concept] | None:
    """The glossary to check with: a file, named stored glossaries, or the default."""
    return None if none else cli_concepts(db, names, file)


def _projects(db: str | None, *, required: bool) -> QAProjects | None:
    """The QA projects of the store of ``--db`` (None when there is no store and none is needed)."""
    url = resolve_db(db)
    if not store_exists(url):
        if required:
            fail(f"{url}: no such store; --project needs an existing --db")
        return None
    return QAProjects(Database(url))


def _memory(db: str | None, names: Sequence[str]) -> Store | None:
    if not names:
        return None
    url = resolve_db(db)
    if not store_exists(url):
        fail(f"{url}: no such store; --memory needs an existing --db")
    store = open_store(url)
    for n in names:
        try:
            store.get_memory(n)
        except MemoryNotFound:
            store.close()
            fail(f"memory {n!r} not found in {url} (see: mkutano memories list)")
    return store


@click.command("qa")
@click.option("--from", "source_lang", metavar="LANG", help="Source language (it, en, sw ...).")
@click.option("--to", "target_lang", metavar="LANG", help="Target language.")
@click.option(
    "--pairs",
    "pairs_file",
    type=click.Path(dir_okay=False),
    metavar="FILE.jsonl",
    help='JSON lines {"id": ..., "source": ..., "target": ...}.',
)
@click.option("--tmx", "tmx_file", type=click.Path(dir_okay=False), help="A TMX file.")
@click.option(
    "--xliff",
    "xliff_file",
    type=click.Path(dir_okay=False),
    help="An XLIFF 1.2 or 2.x file (languages taken from it unless given).",
)
@click.option(
    "--source",
    "source_file",
    type=click.Path(dir_okay=False),
    help="Source document (plain text or HTML), segmented and aligned with --target.",
)
@click.option(
    "--target",
    "target_file",
    type=click.Path(dir_okay=False),
    help="Target document; alone, only target-side checks run.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(FORMATS),
    default="text",
    show_default=True,
    help="Report format on standard output.",
)
@click.option(
    "--fail-on",
    type=click.Choice(["error", "warning"]),
    default="error",
    show_default=True,
    help="Exit 1 when a finding of this severity (or worse) exists.",
)
@click.option(
    "--html",
    "html_file",
    type=click.Path(dir_okay=False),
    help="Also write an HTML report for a reviewer to this file.",
)
@click.option(
    "--profile",
    "profile_file",
    type=click.Path(dir_okay=False),
    help="QA profile (TOML or JSON): checks, severities, rules, suppressions.",
)
@click.option(
    "--glossary",
    "glossaries",
    multiple=True,
    metavar="NAME",
    help="Stored glossary to check terms with (repeatable; default: all stored, "
    "else the sample G7 glossary).",
)
@click.option(
    "--glossary-file",
    type=click.Path(dir_okay=False),
    help="Glossary file (TBX, CSV/TSV, OmegaT) instead of stored glossaries.",
)
@click.option("--no-glossary", is_flag=True, help="Run no terminology checks.")
@click.option(
    "--memory",
    "memories",
    multiple=True,
    metavar="NAME",
    help="Memory to compare translations with (repeatable).",
)
@click.option(
    "--project",
    metavar="NAME",
    help="Check with this project's profile and suppressions stored in --db, and remember the"
    " findings (so they can be suppressed by fingerprint).",
)
@db_option
@json_option
@handle_errors
def qa_cmd(
    source_lang: str | None,
    target_lang: str | None,
    pairs_file: str | None,
    tmx_file: str | None,
    xliff_file: str | None,
    source_file: str | None,
    target_file: str | None,
    fmt: str,
    fail_on: str,
    html_file: str | None,
    profile_file: str | None,
    glossaries: tuple[str, ...],
    glossary_file: str | None,
    no_glossary: bool,
    memories: tuple[str, ...],
    project: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Check translations and report the findings (exit 1 when some reach --fail-on).

    Inputs (one of): --pairs FILE.jsonl, --tmx FILE, --xliff FILE, --source DOC --target DOC
    (segmented and aligned by mkutano), or --target DOC alone (term status, other-language
    fragments, typography). Exit codes: 0 nothing at --fail-on severity, 1 findings, 2 input
    unusable. JSON spans are character offsets into each pair's target, or into the whole
    target file for documents.

    \b
    Examples:
      mkutano qa --from it --to sw --pairs pairs.jsonl --json
      mkutano qa --from it --to sw --source tm/data/report.it.txt \\
          --target report.sw.txt --html qa.html
      mkutano qa --to sw --target report.sw.txt --format sarif > qa.sarif
    """
    if as_json:  # the same as --format json, as every command's --json is
        if fmt not in ("text", "json"):
            fail(f"--json and --format {fmt} ask for two formats; give one")
        fmt = "json"
    inputs = [x for x in (pairs_file, tmx_file, xliff_file, target_file) if x]
    if len(inputs) != 1:
        fail("give exactly one input: --pairs, --tmx, --xliff or --target (with --source)")
    if source_file and not target_file:
        fail("--source needs --target (the translated document)")
    for path in (*inputs, source_file):
        if path and not Path(path).is_file():
            fail(f"{path}: no such file")
    if profile_file and project:
        fail("--profile and --project name two profiles; give one")
    projects = _projects(db, required=True) if project else None
    if projects is not None and project:
        profile = projects.profile(project)
    else:
        profile = load_profile(profile_file) if profile_file else Profile()
    concepts = _concepts(db, glossaries, glossary_file, no_glossary)
    findings: list[Finding]
    ctx = ReportContext()
    store: Store | None = None
    pairs: list[Pair] = []
    try:
        if xliff_file:
            pairs, src, tgt = pairs_from_xliff(xliff_file)
            source_lang, target_lang = source_lang or src, target_lang or tgt
        elif pairs_file:
            pairs = read_pairs_jsonl(pairs_file)
        elif tmx_file:
            if not (source_lang and target_lang):
                fail("--tmx needs --from and --to")
            assert source_lang
            assert target_lang
            pairs = pairs_from_tmx(tmx_file, source_lang, target_lang)
        if not target_lang:
            fail("give the target language with --to")
        assert target_lang is not None
        if pairs_file or tmx_file or xliff_file:
            if not source_lang:
                fail("give the source language with --from")
            assert source_lang is not None
            store = _memory(db, memories)
            findings = check_pairs(
                pairs,
                source_lang=source_lang,
                target_lang=target_lang,
                glossary=concepts,
                memory=store,
                memories=list(memories) or None,
                profile=profile,
            )
            ctx = ReportContext(
                target_path=pairs_file or tmx_file or xliff_file,
                pair_texts={p.id: p.target for p in pairs if p.id is not None},
            )
        else:
            assert target_file is not None
            target = read_document(target_file)
            if source_file:
                if not source_lang:
                    fail("--source needs --from LANG")
                assert source_lang is not None
                source = read_document(source_file)
                store = _memory(db, memories)
                findings = check_document(
                    source.text,
                    target.text,
                    source_lang=source_lang,
                    target_lang=target_lang,
                    glossary=concepts,
                    memory=store,
                    memories=list(memories) or None,
                    profile=profile,
                )
                findings = remap_findings(findings, target, source)
            else:
                findings = check_target_text(
                    target.text,
                    target_lang=target_lang,
                    source_lang=source_lang,
                    glossary=concepts,
                    profile=profile,
                )
                findings = remap_findings(findings, target)
            ctx = ReportContext(
                target_path=target_file, target_text=target.file_text, source_path=source_file
            )
    finally:
        if store is not None:
            store.close()
    if projects is not None and project:
        projects.record(project, findings)
        projects.db.close()
    ctx.skipped = skipped_checks(
        profile,
        target_lang=target_lang or "",
        with_source=bool(pairs) or bool(source_file),
        glossary=concepts or None,
        memory=store,
    )
    click.echo(render(fmt, findings, ctx), nl=fmt != "text")
    if html_file:
        Path(html_file).write_text(render("html", findings, ctx), encoding="utf-8")
    threshold = Severity(fail_on)
    failing = any(f.severity.reaches(threshold) for f in findings)
    raise SystemExit(EXIT_FINDINGS if failing else EXIT_OK)


@click.command("qa-suppress")
@click.argument("fingerprint")
@click.option(
    "--profile",
    "profile_file",
    type=click.Path(dir_okay=False),
    help="The project's QA profile (TOML or JSON; created when missing).",
)
@click.option(
    "--project",
    metavar="NAME",
    help="Record the suppression for this project in --db instead of a profile file.",
)
@click.option("--who", required=True, help="Who accepts the finding.")
@click.option("--why", required=True, help="Why it is accepted.")
@click.option(
    "--report",
    "report_file",
    type=click.Path(exists=True, dir_okay=False),
    help="The JSON report (mkutano qa --format json) the finding is in: a fingerprint that is "
    "not in it is rejected.",
)
@db_option
@json_option
@handle_errors
def qa_suppress_cmd(
    fingerprint: str,
    profile_file: str | None,
    who: str,
    why: str,
    report_file: str | None,
    project: str | None,
    db: str | None,
    as_json: bool,
) -> None:
    """Accept a finding: record its FINGERPRINT in the profile (or the --project in --db) with
    who and why.

    The fingerprint is in every report (JSON "fingerprint", SARIF partialFingerprints, the HTML
    table). Later runs with --profile (--project) leave that finding out. A fingerprint must be
    well-formed (16 hex digits) and known (exit 2 else): one of --report's findings; with
    --project, one a 'mkutano qa --project' run reported; else, when the store of --db has
    findings recorded, one of them.

    \b
    Example:
      mkutano qa --from it --to sw --pairs pairs.jsonl --format json > report.json
      mkutano qa-suppress 5b551e2189bda4ce --profile qa.toml --who amina \\
          --why "quoted verbatim from the source" --report report.json
    """
    if bool(profile_file) == bool(project):
        fail("give one of --profile FILE and --project NAME")
    check_fingerprint(fingerprint)
    known = report_fingerprints(Path(report_file).read_bytes()) if report_file else None
    if project and known is not None and fingerprint not in known:
        fail(f"{fingerprint}: no finding of the report {report_file} has this fingerprint")
    projects = _projects(db, required=bool(project))
    try:
        if project and projects is not None:
            done = projects.suppress(project, fingerprint, who=who, why=why)
            where = f"project {project}"
        else:
            assert profile_file is not None
            if known is None and projects is not None:
                seen = projects.known_anywhere(fingerprint)
                if seen is False:
                    fail(
                        f"{fingerprint}: no finding recorded in {resolve_db(db)} has this"
                        " fingerprint (give the report it is in with --report)"
                    )
            s = record_suppression(profile_file, fingerprint, who, why, known=known)
            done, where = {"fingerprint": s.fingerprint, "who": s.who, "why": s.why}, profile_file
    finally:
        if projects is not None:
            projects.db.close()
    if as_json:
        emit_json({"profile": profile_file, "project": project, **done})
        return
    click.echo(f"{where}: suppressed {done['fingerprint']} ({done['who']}: {done['why']})")


def register(main: click.Group) -> None:
    main.add_command(qa_cmd)
    main.add_command(qa_suppress_cmd)
