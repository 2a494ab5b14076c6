"""What every CLI command shares: the ``--db`` and ``--json`` options, output, error handling."""

from __future__ import annotations

import functools
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import Any, NoReturn, TypeVar

import click

from glossaries import Concept
from glossaries.errors import GlossaryError
from glossaries.formats import read_glossary
from glossaries.store import GlossaryStore, default_concepts, open_glossary_store
from tm import Store, open_store, store_exists
from tm.errors import TMError
from tmx.errors import TMXError

from ..settings import load_settings

F = TypeVar("F", bound=Callable[..., Any])

#: Exit codes shared by every command: 0 ok, 1 findings/diagnostics, 2 unusable input or failure.
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def db_option(fn: F) -> F:
    """``--db PATH``: the store (default: ``MKUTANO_DB``, else ``./mkutano.db``)."""
    return click.option(
        "--db",
        "db",
        default=None,
        metavar="PATH",
        help="SQLite file or postgresql:// URL (default: $MKUTANO_DB, else ./mkutano.db).",
    )(fn)


def json_option(fn: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print machine-readable JSON.")(fn)


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


def open_existing_store(db: str | None) -> Store:
    """Open the store of ``--db``; exit 2 with a hint when a SQLite file is not there yet."""
    url = resolve_db(db)
    if not store_exists(url):
        fail(f"{url}: no store there (import a memory first, or pass --db PATH)")
    return open_store(url)


def cli_concepts(db: str | None, names: Sequence[str], file: str | None) -> list[Concept]:
    """The glossary of ``--glossary-file FILE``, else of the ``--glossary NAME`` glossaries
    (exit 2 on an unknown one), else every stored glossary's, else the shipped sample's."""
    if file:
        gf = read_glossary(file)
        if gf.rejected:
            first = gf.diagnostics[0] if gf.diagnostics else "no usable entry"
            fail(f"{file}: glossary rejected: {first}")
        return list(gf.concepts)
    url = resolve_db(db)
    if not names and not store_exists(url):
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
