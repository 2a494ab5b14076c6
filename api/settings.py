"""Settings, each declared once (name, default, help) and read at the edges.

Values come from, in order of precedence: explicit arguments (CLI options), environment variables
prefixed ``MKUTANO_`` (``MKUTANO_DB``, ``MKUTANO_PORT`` ...), then the defaults below. Nothing is
read at import time: call :func:`load_settings`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

__all__ = ["SETTINGS_HELP", "Settings", "load_settings"]


@dataclass(frozen=True)
class Settings:
    """Every setting of mkutano. The ``metadata['help']`` of each field documents it."""

    db: str = "mkutano.db"


SETTINGS_HELP: dict[str, str] = {
    "db": "Store location: a SQLite file path (default ./mkutano.db) or a postgresql:// URL.",
}


def _convert(value: str, default: Any) -> Any:
    if isinstance(default, bool):
        return value.strip().lower() in ("1", "true", "yes", "on")
    if isinstance(default, int):
        return int(value)
    if isinstance(default, float):
        return float(value)
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
            values[f.name] = _convert(env[key], f.default)
    for k, v in (overrides or {}).items():
        if v is not None:
            values[k] = v
    return Settings(**values)
