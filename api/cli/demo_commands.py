"""``mkutano demo``: load the bundled G7 sample into the store and show a suggestion."""

from __future__ import annotations

import click

from mkutano.glossaries.sample import DEMO_SENTENCE, run_demo
from mkutano.tm import open_store

from ._common import (
    db_option,
    emit_json,
    glossaries_of,
    handle_errors,
    json_option,
    resolve_db,
)


def register(main: click.Group) -> None:
    main.add_command(demo_command)


@click.command("demo")
@db_option
@json_option
@click.option("--text", default=DEMO_SENTENCE, show_default=True, help="Sentence to translate.")
@click.option("--from", "source_lang", default="it", show_default=True, help="Its language.")
@click.option("--to", "target_lang", default="sw", show_default=True, help="Target language.")
@handle_errors
def demo_command(
    db: str | None, as_json: bool, text: str, source_lang: str, target_lang: str
) -> None:
    """Load the sample G7 memory and glossary (both "g7-sample") and suggest for one sentence.

    Running it twice changes nothing: identical units merge, concepts are replaced by id.

    Example:
      mkutano demo --db mkutano.db
      mkutano demo --text "La riunione si è svolta a Roma il 2 ottobre 2024." --json
    """
    store = open_store(resolve_db(db))
    try:
        glossaries = glossaries_of(store)
        result = run_demo(
            store, glossaries, sentence=text, source_lang=source_lang, target_lang=target_lang
        )
    finally:
        store.close()
    if as_json:
        emit_json(result.as_dict())
        return
    mem, glo = result.memory, result.glossary
    click.echo(
        f"memory g7-sample: {mem.added} units added, {mem.merged} merged "
        f"(sample TM, it/en/sw); glossary g7-sample: {glo.added + glo.updated} concepts"
    )
    click.echo(f"\n{result.source_lang}: {result.sentence}")
    if not result.matches:
        click.echo("no suggestion at or above the threshold")
    for m in result.matches:
        click.echo(f"\n  {m.score:6.2f}  {m.type:<7} {m.source}")
        click.echo(f"  {result.target_lang:>6}:  {m.target}")
        if str(m.target) != str(m.tm_target):
            click.echo(f"    (TM: {m.tm_target})")
        if m.penalties:
            click.echo(
                "    penalties: " + ", ".join(f"{p.name} -{p.points:g}" for p in m.penalties)
            )
    if result.terms:
        click.echo("\nterms:")
    for t in result.terms:
        d = t.as_dict()
        click.echo(f"  {d.get('text')!s:<28} {d.get('match')}")
