"""Settings, each declared once (name, default, help) and read at the edges.

Values come from, in order of precedence: explicit arguments (CLI options), environment variables
prefixed ``MKUTANO_`` (``MKUTANO_DB``, ``MKUTANO_PORT`` ...), then the defaults below. Nothing is
read at import time: call :func:`load_settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from typing import Any

from mkutano.tm.errors import InvalidInputError
from mkutano.tm.penalties import PenaltyPolicy, parse_memory_penalties

__all__ = ["SETTINGS_HELP", "Settings", "load_settings", "settings_table"]


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """Every setting of mkutano. The ``metadata['help']`` of each field documents it."""

    db: str = _setting(
        "mkutano.db",
        "Store location: a SQLite file path (default ./mkutano.db) or a postgresql:// URL.",
    )
    host: str = _setting("127.0.0.1", "Address `mkutano serve` listens on (loopback by default).")
    port: int = _setting(8000, "TCP port `mkutano serve` listens on.")
    workers: int = _setting(
        1,
        "Worker processes of `mkutano serve` (each opens the store; PostgreSQL scales writes best).",
    )
    worker_timeout: int = _setting(
        60,
        "Seconds a `mkutano serve` worker may go without answering the supervisor's health check "
        "(with 2 or more workers) before it is killed and replaced. Loading the QA language "
        "models holds the interpreter for several seconds; at uvicorn's default of 5 s, busy "
        "workers were killed in a loop and requests waited on the socket until the load stopped.",
    )
    log_level: str = _setting(
        "info", "Log level of the server: debug, info, warning, error or critical."
    )
    max_body_bytes: int = _setting(
        1_048_576, "Largest JSON request body accepted, in bytes; larger bodies get 413."
    )
    max_header_bytes: int = _setting(
        16_384,
        "Largest request line plus headers accepted by `mkutano serve`, in bytes; larger get 431 "
        "(in the JSON error shape, like every request the HTTP parser refuses).",
    )
    max_upload_bytes: int = _setting(
        268_435_456,
        "Largest uploaded file (TMX, TBX, CSV import) accepted, in bytes; larger uploads get 413.",
    )
    max_segment_chars: int = _setting(
        5_000, "Longest segment or text accepted in a request, in characters; longer ones get 422."
    )
    max_batch: int = _setting(
        100, "Most segments (suggest batch) or pairs (QA) in one request; more get 422."
    )
    min_threshold: float = _setting(
        50.0,
        "Lowest fuzzy threshold a request may ask for (suggest, suggest batch, pretranslate); "
        "lower ones get 422. A low threshold scores almost every candidate of a large memory: "
        "threshold 2 took 74 s on 401k units, 50 took 0.04 s.",
    )
    max_page: int = _setting(
        500, "Largest page size a client may ask for when listing units or entries."
    )
    preload: bool = _setting(
        True,
        "Load the QA language models and the lemmatiser's dictionaries when a `mkutano serve` "
        "worker starts, before it accepts requests, so no request waits for them (about 15 s of "
        "CPU and 300 MB per worker; false: on first use, by one request while the others wait).",
    )
    metrics_token: str = _setting(
        "",
        "A token a Prometheus scraper sends as `Authorization: Bearer TOKEN` for `/metrics` only "
        "(compared in constant time); empty (default): no token, `/metrics` needs an API key "
        "without memory limits.",
    )
    metrics_loopback: bool = _setting(
        False,
        "Serve `/metrics` without a key to clients on loopback (127.0.0.0/8, ::1). Leave false "
        "behind a reverse proxy on the same host: every request would then come from loopback.",
    )
    public_docs: bool = _setting(
        False,
        "Serve /openapi.json, /docs and /redoc without a key (they describe the API, hold no "
        "data); false (default): only the health endpoints are open, /openapi.json needs a key "
        "and the HTML docs are off.",
    )
    apy_threshold: float = _setting(
        75.0,
        "Lowest match score (1-100) the Apertium APy route `/apy/translate` answers with; below "
        "it the translation is empty.",
    )
    cors_origins: str = _setting(
        "",
        "Comma-separated origins allowed to call the API from a browser (CORS); empty: none.",
    )
    memory_penalties: str = _setting(
        "",
        "Points every match from a memory loses, as NAME=POINTS, comma-separated "
        "(`legacy=10,mt-output=20`); shown as the `memory` penalty.",
    )
    aligned_penalty: float = _setting(
        10.0,
        "Points an aligned unit's matches lose at confidence 0 (times 1 − its "
        "x-alignment-confidence); shown as the `aligned` penalty.",
    )
    mt_penalty: float = _setting(
        10.0, "Points the matches of a machine-translated unit lose (`machine-translation`)."
    )
    unreviewed_penalty: float = _setting(
        5.0, "Points the matches of a unit flagged x-needs-review lose (`unreviewed`)."
    )
    imported_penalty: float = _setting(
        0.0, "Points the matches of a unit imported from a TMX file lose (`imported`)."
    )

    def penalty_policy(self) -> PenaltyPolicy:
        """The penalties by memory and origin these settings ask for."""
        return PenaltyPolicy(
            memory=parse_memory_penalties(self.memory_penalties),
            aligned=self.aligned_penalty,
            machine_translation=self.mt_penalty,
            unreviewed=self.unreviewed_penalty,
            imported=self.imported_penalty,
        )


SETTINGS_HELP: dict[str, str] = {f.name: f.metadata["help"] for f in fields(Settings)}


def _convert(name: str, value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    try:
        if isinstance(default, int):
            return int(value)
        if isinstance(default, float):
            return float(value)
    except ValueError:
        raise InvalidInputError(
            f"MKUTANO_{name.upper()}={value!r} is not a number (unset it or give a number)"
        ) from None
    return value


def load_settings(
    overrides: Mapping[str, Any] | None = None, environ: Mapping[str, str] | None = None
) -> Settings:
    """Build :class:`Settings` from ``MKUTANO_*`` variables and explicit ``overrides``."""
    env = os.environ if environ is None else environ
    values: dict[str, Any] = {}
    for f in fields(Settings):
        key = "MKUTANO_" + f.name.upper()
        if key in env:
            values[f.name] = _convert(f.name, env[key], f.default)
    for k, v in (overrides or {}).items():
        if v is not None:
            values[k] = v
    settings = Settings(**values)
    settings.penalty_policy()  # a malformed MKUTANO_MEMORY_PENALTIES fails here, not per request
    return settings


def settings_table() -> str:
    """The settings as a Markdown table (variable, default, help), as ``docs/api.md`` shows it."""
    rows = ["| Variable | Default | What it does |", "| --- | --- | --- |"]
    for f in fields(Settings):
        default = f.default if f.default != "" else "(empty)"
        rows.append(f"| `MKUTANO_{f.name.upper()}` | `{default}` | {f.metadata['help']} |")
    return "\n".join(rows) + "\n"
