"""``mkutano tmx``: look inside TMX files (``stats``) and check them (``validate``)."""

from __future__ import annotations

import sys

import click

from mkutano.tmx import Diagnostic, TMXParseError, tmx_stats, validate_tmx

from ._common import EXIT_ERROR, EXIT_FINDINGS, EXIT_OK, emit_json, handle_errors, json_option

__all__ = ["register"]


def register(main: click.Group) -> None:
    main.add_command(tmx_group)


@click.group("tmx")
def tmx_group() -> None:
    """Inspect and validate TMX files (TMX 1.1 to 1.4b, any encoding, gzip too)."""


def _unreadable(exc: TMXParseError, as_json: bool, extra: dict[str, object]) -> None:
    d = exc.diagnostic
    if as_json:
        emit_json(
            {
                "file": d.file,
                **extra,
                "diagnostics": [{"line": d.line, "message": d.message, "severity": d.severity}],
            }
        )
    click.echo(f"error: {d}", err=True)
    sys.exit(EXIT_ERROR)


def _echo_diagnostics(diagnostics: list[Diagnostic]) -> None:
    for d in diagnostics:
        click.echo(f"{d} [{d.severity}]")


def _counts(counts: dict[str, int]) -> str:
    return ", ".join(f"{k} {v}" for k, v in counts.items()) or "none"


@tmx_group.command("stats")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Stop at the first broken unit.")
@json_option
@handle_errors
def stats_command(file: str, strict: bool, as_json: bool) -> None:
    """Count units, languages, language pairs, inline tags, props and notes of FILE.

    Exit code 0 when the file reads without diagnostics, 1 with diagnostics, 2 when FILE is
    not a readable TMX file.

    Example:

        mkutano tmx stats memory.tmx --json
    """
    try:
        stats = tmx_stats(file, strict=strict)
    except TMXParseError as exc:
        _unreadable(exc, as_json, {"version": None, "units": 0, "languages": {}, "pairs": {}})
        return
    if as_json:
        emit_json(stats.as_dict())
    else:
        skipped = f" ({stats.skipped} skipped)" if stats.skipped else ""
        click.echo(f"{stats.file}: TMX {stats.version}, {stats.units} units{skipped}")
        click.echo(f"languages: {_counts(stats.languages)}")
        click.echo(f"pairs: {_counts(stats.pairs)}")
        click.echo(f"inline tags: {_counts(stats.tags)}")
        click.echo(f"props: {stats.props}, notes: {stats.notes}")
        click.echo(f"diagnostics: {len(stats.diagnostics)}")
        _echo_diagnostics(stats.diagnostics)
    sys.exit(EXIT_FINDINGS if stats.diagnostics else EXIT_OK)


@tmx_group.command("validate")
@click.argument("file", type=click.Path(dir_okay=False))
@click.option("--strict", is_flag=True, help="Stop at the first error instead of reading on.")
@json_option
@handle_errors
def validate_command(file: str, strict: bool, as_json: bool) -> None:
    """Read all of FILE and report every problem, one line each (file:line: message).

    Exit code 0 when FILE is valid, 1 when it has diagnostics (errors or warnings), 2 when it
    is not a readable TMX file (empty, not XML, not <tmx>, unknown encoding, missing).

    Example:

        mkutano tmx validate memory.tmx --strict --json
    """
    try:
        result = validate_tmx(file, strict=strict)
    except TMXParseError as exc:
        _unreadable(exc, as_json, {"valid": False, "units": 0, "languages": {}})
        return
    if as_json:
        emit_json(result.as_dict())
    else:
        _echo_diagnostics(result.diagnostics)
        if result.valid:
            click.echo(f"{result.file}: valid TMX, {result.units} units")
        else:
            errors = sum(1 for d in result.diagnostics if d.severity == "error")
            warnings = len(result.diagnostics) - errors
            click.echo(
                f"{result.file}: {errors} error(s), {warnings} warning(s) in {result.units} units"
            )
    sys.exit(EXIT_OK if result.valid else EXIT_FINDINGS)
