"""The ``mkutano`` command line: thin adapters over the library, one module per command group."""

from __future__ import annotations

import importlib

import click

__all__ = ["main"]

# Each module defines ``register(group)`` adding its commands to the main group.
_COMMAND_MODULES = (
    "tmx_commands",
    "tm_commands",
    "match_commands",
    "glossary_commands",
    "qa_commands",
    "document_commands",
    "analysis_commands",
    "demo_commands",
    "serve_commands",
)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(package_name="mkutano")
def main() -> None:
    """mkutano: translation memory and terminology for Italian, English and Swahili reports."""


for _name in _COMMAND_MODULES:
    importlib.import_module(f"{__name__}.{_name}").register(main)
