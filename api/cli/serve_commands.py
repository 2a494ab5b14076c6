"""``mkutano serve`` (the HTTP API under uvicorn) and ``mkutano keys`` (API keys)."""

from __future__ import annotations

import os
from dataclasses import fields

import click

from mkutano.api.auth import KeyStore
from mkutano.api.settings import SETTINGS_HELP, load_settings
from mkutano.tm.db import open_database

from ._common import (
    db_option,
    emit_json,
    existing_db,
    handle_errors,
    json_option,
    resolve_db,
)


def _keys(db: str | None, *, create: bool = False) -> KeyStore:
    return KeyStore(open_database(resolve_db(db) if create else existing_db(db)))


@click.command("serve")
@db_option
@click.option("--host", default=None, help=SETTINGS_HELP["host"] + " [env MKUTANO_HOST]")
@click.option("--port", type=int, default=None, help=SETTINGS_HELP["port"] + " [env MKUTANO_PORT]")
@click.option(
    "--workers", type=int, default=None, help=SETTINGS_HELP["workers"] + " [env MKUTANO_WORKERS]"
)
@click.option(
    "--log-level",
    type=click.Choice(["debug", "info", "warning", "error", "critical"]),
    default=None,
    help=SETTINGS_HELP["log_level"] + " [env MKUTANO_LOG_LEVEL]",
)
@handle_errors
def serve(
    db: str | None, host: str | None, port: int | None, workers: int | None, log_level: str | None
) -> None:
    """Serve the HTTP API and its OpenAPI document (/openapi.json, for any valid key).

    The interactive docs at /docs are served only with MKUTANO_PUBLIC_DOCS=true. The store must
    exist (make one with 'mkutano migrate --db PATH' or by creating a key).

    Other settings (limits, CORS) come from MKUTANO_* variables; see docs/api.md.

    \b
    Example:
      mkutano keys create --role admin --db tm.db --json
      mkutano serve --db tm.db --host 127.0.0.1 --port 8000
    """
    import uvicorn

    settings = load_settings(
        {
            "db": existing_db(db),
            "host": host,
            "port": port,
            "workers": workers,
            "log_level": log_level,
        }
    )
    from mkutano.api.app import open_resources

    # Open once here so a bad --db fails with one line before uvicorn starts (and migrations run
    # once, not in every worker at the same time).
    resources = open_resources(settings)
    resources["jobs"].close()
    resources["store"].close()
    # The workers rebuild the same settings from the environment.
    os.environ.update(
        {f"MKUTANO_{f.name.upper()}": str(getattr(settings, f.name)) for f in fields(settings)}
    )
    click.echo(
        f"mkutano: serving {settings.db} on http://{settings.host}:{settings.port} "
        f"({settings.workers} worker(s)); Ctrl-C stops",
        err=True,
    )
    uvicorn.run(
        "mkutano.api.server:app",
        factory=True,
        host=settings.host,
        port=settings.port,
        workers=settings.workers,
        log_level=settings.log_level,
        access_log=False,
        proxy_headers=False,
        # requests h11 cannot parse are answered in the JSON error shape, not uvicorn's plain text
        http="mkutano.api.protocol:JsonErrorH11Protocol",
        h11_max_incomplete_event_size=settings.max_header_bytes,
        timeout_worker_healthcheck=settings.worker_timeout,
    )


@click.group("keys")
def keys() -> None:
    """Create, list and revoke API keys (stored hashed in the store's database)."""


@keys.command("create")
@db_option
@click.option(
    "--role",
    type=click.Choice(["reader", "translator", "admin"]),
    required=True,
    help="reader: lookups, QA, exports; translator: + add/update units; admin: everything.",
)
@click.option(
    "--memory",
    "memories",
    multiple=True,
    metavar="NAME",
    help="Restrict the key to this memory (repeat for several). Default: every memory.",
)
@click.option("--label", default="", help="A note to recognise the key later.")
@json_option
@handle_errors
def keys_create(
    db: str | None, role: str, memories: tuple[str, ...], label: str, as_json: bool
) -> None:
    """Create an API key and print it (shown once: only its hash is kept).

    \b
    Example:
      mkutano keys create --role translator --memory g7 --label cms --json
      curl -H "Authorization: Bearer KEY" http://127.0.0.1:8000/v1/memories
    """
    key, token = _keys(db, create=True).create(role, memories=list(memories) or None, label=label)
    if as_json:
        emit_json({"key": token, **{k: v for k, v in key.as_dict().items() if k != "key"}})
    else:
        click.echo(token)
        click.echo(
            f"key {key.id} ({key.role.value}) created; it is shown only now, keep it safe",
            err=True,
        )


@keys.command("list")
@db_option
@click.option("--all", "include_revoked", is_flag=True, help="Include revoked keys.")
@json_option
@handle_errors
def keys_list(db: str | None, include_revoked: bool, as_json: bool) -> None:
    """List API keys (id, prefix, role, memories; never the keys themselves).

    \b
    Example:
      mkutano keys list --json
    """
    listed = _keys(db).list(include_revoked=include_revoked)
    if as_json:
        emit_json([k.as_dict() for k in listed])
        return
    for k in listed:
        limit = ",".join(k.memories) if k.memories is not None else "*"
        state = f" revoked {k.revoked_at}" if k.revoked_at else ""
        click.echo(f"{k.id}\t{k.prefix}…\t{k.role.value}\t{limit}\t{k.label}{state}")


@keys.command("revoke")
@db_option
@click.argument("key_id", type=int)
@json_option
@handle_errors
def keys_revoke(db: str | None, key_id: int, as_json: bool) -> None:
    """Revoke an API key by id: it stops working at once.

    \b
    Example:
      mkutano keys revoke 3
    """
    key = _keys(db).revoke(key_id)
    if as_json:
        emit_json(key.as_dict())
    else:
        click.echo(f"key {key.id} revoked at {key.revoked_at}")


def register(main: click.Group) -> None:
    main.add_command(serve)
    main.add_command(keys)
