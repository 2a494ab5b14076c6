"""What every CLI command shares: the ``--db`` and ``--json`` options, output, error handling."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from mkutano.api.settings import load_settings
from mkutano.glossaries import Concept
from mkutano.glossaries.errors import GlossaryError
from mkutano.glossaries.formats import read_glossary
from mkutano.glossaries.store import GlossaryStore, default_concepts, open_glossary_store
from mkutano.tm import Store, open_store, store_exists
from mkutano.tm.errors import TMError
from mkutano.tmx import Segment, parse_tagged
from mkutano.tmx.errors import TMXError

F = TypeVar("F", bound=Callable[..., Any])

#: Exit codes shared by every command: 0 ok, 1 findings/diagnostics, 2 unusable input or failure
#: (an import file that broke off part-way: nothing stored), 3 such a file stored up to its break
#: (``--lenient``).
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR, EXIT_PARTIAL = 0, 1, 2, 3


def markup_option(fn: F) -> F:
    """``--markup auto|tmx|text``: how texts are read (TMX inline elements; docs/api.md)."""
    return click.option(
        "--markup",
        type=click.Choice(["auto", "tmx", "text"]),
        default="auto",
        show_default=True,
        help="Read texts as TMX inline markup (<bpt>/<ept>, <ph>, <it>, <ut>, <hi>): auto when"
        " they hold such an element, tmx always, text never.",
    )(fn)


def tagged_texts(texts: Sequence[tuple[str, str]], markup: str) -> list[tuple[str, str | Segment]]:
    """``--lang LANG TEXT`` pairs with each text read as ``--markup`` says."""
    return [(lang, parse_tagged(t, markup=markup, field=f"--lang {lang}")) for lang, t in texts]


def db_option(fn: F) -> F:
    """``--db PATH``: the store (default: ``MKUTANO_DB``, else ``./mkutano.db``)."""
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="PATH",
        help="SQLite file or postgresql:// URL (default: $MKUTANO_DB, else ./mkutano.db).",
    )(fn)


def lenient_option(fn: F) -> F:
    """``--lenient``: store what a file that breaks off part-way held before its break."""
    return click.option(
        "--lenient",
        is_flag=True,
        help="A file that breaks off part-way (truncated, not well-formed): store the entries"
        " read before the break (exit 3) instead of nothing (exit 2).",
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(fn)


def qa_policy_option(fn: F) -> F:
    """``--qa-policy refuse|flag|off``: the QA policy of this bulk write (default: the memory's,
    else ``flag``)."""
    return click.option(
        "--qa-policy",
        "qa_policy",
        type=click.Choice(["refuse", "flag", "off"]),
        default=None,
        help="What units with QA errors do: refuse (not stored), flag (stored, marked x-qa-flag)"
        " or off (no check). Default: the memory's policy, else flag.",
    )(fn)


def resolve_db(db: str | None) -> str:
    return load_settings({"db": db}).db


def emit_json(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=None, default=str))


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def handle_errors(fn: F) -> F:
    """Turn the packages' root exceptions into a one-line message and exit code 2."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except BrokenPipeError:  # output piped into head & co: stop quietly
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            sys.exit(EXIT_OK)
        except (TMXError, TMError, GlossaryError, OSError, UnicodeError) as exc:
            fail(str(exc) or exc.__class__.__name__)
        return None

    return wrapper  # type: ignore[return-value]


def db_given(db: str | None) -> bool:
    """Whether the store was named (``--db`` or ``MKUTANO_DB``) rather than the default file."""
    return db is not None or bool(os.environ.get("MKUTANO_DB"))


def no_store(url: str) -> NoReturn:
    """Exit 2: ``url`` names no store (a command that reads never creates an empty one)."""
    fail(
        f"{url}: no store there; create one with 'mkutano migrate --db {url}' "
        "(or import a memory into it)"
    )


def existing_db(db: str | None) -> str:
    """The location of ``--db``, after checking that a store is there (else exit 2)."""
    url = resolve_db(db)
    if not store_exists(url):
        no_store(url)
    return url


def open_existing_store(db: str | None) -> Store:
    """Open the store of ``--db``; exit 2 with a hint when it is not there (never create it)."""
    return open_store(existing_db(db))


def cli_concepts(
    db: str | None, names: Sequence[str], file: str | None, *, db_required: bool = True
) -> list[Concept]:
    """The glossary of ``--glossary-file FILE``, else of the ``--glossary NAME`` glossaries
    (exit 2 on an unknown one), else every stored glossary's, else the shipped sample's.

    A store named with ``--db``/``MKUTANO_DB`` that is not there is an error (exit 2), unless
    ``db_required`` is false (the command is about to create it)."""
    if file:
        gf = read_glossary(file)
        if gf.rejected:
            first = gf.diagnostics[0] if gf.diagnostics else "no usable entry"
            fail(f"{file}: glossary rejected: {first}")
        return list(gf.concepts)
    url = resolve_db(db)
    if not names and not store_exists(url):
        if db_required and db_given(db):
            no_store(url)
        return default_concepts(None)
    store = open_glossary_store(url)
    try:
        for n in names:
            store.get_glossary(n)
        return default_concepts(store, list(names) or None)
    finally:
        store.close()


def glossaries_of(store: Store) -> GlossaryStore:
    """The glossary store in the same database as ``store`` (in memory for a ``MemoryStore``)."""
    db = getattr(store, "db", None)
    return open_glossary_store(db if db is not None else "memory:")


def qa_glossary(store: Store) -> list[Concept]:
    """The concepts QA checks written units against: the store's glossaries, else the sample."""
    return default_concepts(glossaries_of(store))
