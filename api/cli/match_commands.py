"""``mkutano suggest`` and ``mkutano concordance``: lookups in the store (thin adapters over
:func:`tm.match.suggest`, :func:`tm.match.suggest_batch` and :func:`tm.concordance.concordance`)."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from typing import Any, TextIO

import click

from mkutano.api.settings import load_settings
from mkutano.tm import Store
from mkutano.tm.concordance import concordance
from mkutano.tm.errors import InvalidInputError
from mkutano.tm.match import Match, suggest, suggest_batch
from mkutano.tmx import InlineMarkupError, format_tagged, parse_tagged

from ._common import (
    EXIT_FINDINGS,
    EXIT_OK,
    db_option,
    emit_json,
    handle_errors,
    json_option,
    markup_option,
    open_existing_store,
)

__all__ = ["register"]


def register(main: click.Group) -> None:
    main.add_command(suggest_command)
    main.add_command(concordance_command)


def _open(db: str | None) -> Store:
    return open_existing_store(db)


def _echo_match(m: Match) -> None:
    click.echo(f"{m.score:g} {m.type} [{m.memory} #{m.unit_id}] {format_tagged(m.target)}")
    click.echo(f"    source: {format_tagged(m.source)}")
    if m.target != m.tm_target:
        click.echo(f"    tm target: {format_tagged(m.tm_target)}")
    for p in m.penalties:
        click.echo(f"    -{p.points:g} {p.name}: {p.detail}")
    if m.pivot:
        click.echo(f"    pivot ({m.pivot['lang']}): {m.pivot['text']}")
    if m.subsegment:
        sub = m.subsegment
        a, b = sub["span"]
        click.echo(f"    {sub['kind']} at {a}-{b} of the query: {sub['text']}")
        for r in sub.get("renderings", [])[1:]:
            click.echo(f"    also: {r['text']} ({r['count']} units, dice {r['dice']:g})")


def _batch_items(
    stream: TextIO, label: str, problems: list[str], markup: str
) -> Iterator[dict[str, Any]]:
    for n, line in enumerate(stream, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
        except json.JSONDecodeError as exc:
            problems.append(f"{label}:{n}: not JSON ({exc.msg}); skipped")
            continue
        if not isinstance(item, dict) or not isinstance(item.get("text"), str):
            problems.append(f'{label}:{n}: needs an object with a "text" string; skipped')
            continue
        try:
            item["text"] = parse_tagged(item["text"], markup=markup, field="text")
        except InlineMarkupError as exc:
            problems.append(f"{label}:{n}: {exc}; skipped")
            continue
        item.setdefault("id", n)
        yield item


@click.command("suggest")
@click.argument("text", required=False)
@click.option("--from", "source_lang", required=True, metavar="LANG", help="Source language.")
@click.option("--to", "target_lang", required=True, metavar="LANG", help="Target language.")
@click.option("--threshold", default=75.0, show_default=True, help="Lowest score kept (1-101).")
@click.option("--limit", default=5, show_default=True, help="Most matches per segment.")
@click.option("--memory", "memories", multiple=True, metavar="NAME", help="Only these memories.")
@click.option("--prev", default=None, help="The previous segment (for context matches, 101).")
@click.option("--next", "next_", default=None, help="The next segment (for context matches).")
@click.option("--context-key", default=None, help="The segment's context key / id.")
@click.option(
    "--pivot",
    type=click.Choice(["auto", "always", "never"]),
    default="auto",
    show_default=True,
    help="Look through a third language: when no direct match (auto), always, or never.",
)
@click.option(
    "--pivot-lang",
    "pivot_langs",
    multiple=True,
    default=("en",),
    show_default=True,
    metavar="LANG",
    help="Pivot language(s).",
)
@click.option(
    "--subsegments/--no-subsegments",
    default=True,
    show_default=True,
    help="When nothing reaches the threshold: stored units inside the segment and its longest"
    " recurring phrases with their renderings (type subsegment, with the span).",
)
@click.option(
    "--batch",
    "batch",
    default=None,
    metavar="FILE.jsonl",
    help='Read {"id", "text", "prev", "next"} lines from FILE (- for stdin); one JSON line out each.',
)
@markup_option
@db_option
@json_option
@handle_errors
def suggest_command(
    text: str | None,
    source_lang: str,
    target_lang: str,
    threshold: float,
    limit: int,
    memories: tuple[str, ...],
    prev: str | None,
    next_: str | None,
    context_key: str | None,
    pivot: str,
    pivot_langs: tuple[str, ...],
    subsegments: bool,
    batch: str | None,
    markup: str,
    db: str | None,
    as_json: bool,
) -> None:
    """Suggest translations of TEXT from the memories: exact (100), context (101), fuzzy and
    pivot matches, with score, penalties, diff and the target with placeables substituted.
    When none reaches the threshold, sub-segment matches: stored units found inside TEXT and
    its longest phrases that recur in the memory, each with its span in TEXT (--no-subsegments:
    none).

    TEXT (and each --batch text) may hold TMX inline elements (--markup): the target then
    carries the query's own tags where the memory's were; a text without tags gets a target
    without tags. Exit code 0 (also when nothing matches); with --batch, 1 when some lines were
    skipped (a line with malformed markup is skipped with its line number and reason).
    Penalties by memory and origin come from the settings (MKUTANO_MEMORY_PENALTIES,
    MKUTANO_ALIGNED_PENALTY, MKUTANO_MT_PENALTY, MKUTANO_UNREVIEWED_PENALTY, MKUTANO_IMPORTED_PENALTY).

    Examples:

        mkutano suggest --from it --to sw "Il G7 ha sequestrato 1.500 kg di cocaina." --json

        mkutano suggest --from en --to it --batch segments.jsonl --json

        mkutano suggest --from it --to en --threshold 30 "Nel 2025 la lotta alla criminalità organizzata transnazionale e al riciclaggio resta una sfida per tutti."

        mkutano suggest --from it --to sw 'Premi <ph x="1">&lt;br/&gt;</ph> per salvare.' --json
    """
    options: dict[str, Any] = {
        "threshold": threshold,
        "limit": limit,
        "memories": list(memories) or None,
        "pivot_langs": pivot_langs,
        "pivot": pivot,
        "subsegments": subsegments,
        # penalties by memory and origin: MKUTANO_MEMORY_PENALTIES, MKUTANO_MT_PENALTY...
        "penalties": load_settings().penalty_policy(),
    }
    if (text is None) == (batch is None):
        raise InvalidInputError("give either TEXT or --batch FILE.jsonl (- for stdin)")
    query = parse_tagged(text, markup=markup, field="TEXT") if text is not None else None
    store = _open(db)
    try:
        if batch is None:
            assert query is not None
            matches = suggest(
                store,
                query,
                source_lang=source_lang,
                target_lang=target_lang,
                prev=prev,
                next=next_,
                context_key=context_key,
                **options,
            )
            if as_json:
                emit_json([m.as_dict() for m in matches])
            elif not matches:
                click.echo("no match")
            for m in [] if as_json else matches:
                _echo_match(m)
            sys.exit(EXIT_OK)
        problems: list[str] = []
        stream: TextIO = sys.stdin if batch == "-" else open(batch, encoding="utf-8")  # noqa: SIM115
        label = "<stdin>" if batch == "-" else batch
        try:
            results = suggest_batch(
                store,
                _batch_items(stream, label, problems, markup),
                source_lang=source_lang,
                target_lang=target_lang,
                **options,
            )
            reported = 0
            for item_id, found in results:
                if as_json:
                    emit_json({"id": item_id, "matches": [m.as_dict() for m in found]})
                else:
                    click.echo(f"# {item_id}: {len(found)} match(es)")
                    for m in found:
                        _echo_match(m)
                for p in problems[reported:]:
                    click.echo(p, err=True)
                reported = len(problems)
        finally:
            if stream is not sys.stdin:
                stream.close()
        for p in problems[reported:]:
            click.echo(p, err=True)
        sys.exit(EXIT_FINDINGS if problems else EXIT_OK)
    finally:
        store.close()


@click.command("concordance")
@click.argument("phrase")
@click.option("--lang", required=True, metavar="LANG", help="Language the phrase is in.")
@click.option("--to", "target_lang", default=None, metavar="LANG", help="Show this translation.")
@click.option("--memory", "memories", multiple=True, metavar="NAME", help="Only these memories.")
@click.option("--limit", default=50, show_default=True, help="Most occurrences shown.")
@click.option(
    "--forms", is_flag=True, help="Each word also finds its inflected forms (migrant: migrants)."
)
@db_option
@json_option
@handle_errors
def concordance_command(
    phrase: str,
    lang: str,
    target_lang: str | None,
    memories: tuple[str, ...],
    limit: int,
    forms: bool,
    db: str | None,
    as_json: bool,
) -> None:
    """Find PHRASE (whole words, any case) in the memories' LANG segments, in context, with the
    translations of each unit. A word with * (any letters) or ? (one letter) is a pattern
    (crimin*); --forms finds inflected forms too (English plurals, Italian endings, Swahili
    noun-class pairs such as mtoto/watoto).

    Example:

        mkutano concordance "follow the money" --lang en --to sw --json
        mkutano concordance "crimin*" --lang it --to sw
        mkutano concordance mtoto --lang sw --to en --forms
    """
    store = _open(db)
    try:
        hits = concordance(
            store,
            phrase,
            lang=lang,
            target_lang=target_lang,
            memories=list(memories) or None,
            limit=limit,
            forms=forms,
        )
    finally:
        store.close()
    if as_json:
        emit_json([h.as_dict() for h in hits])
        return
    if not hits:
        click.echo("no occurrence")
    for h in hits:
        click.echo(f"[{h.memory} #{h.unit_id}] {h.left}[{h.match}]{h.right}")
        for tl, tt in h.translations.items():
            click.echo(f"    {tl}: {tt}")
