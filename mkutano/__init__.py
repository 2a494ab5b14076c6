"""mkutano: translation memory and terminology for Italian, English and Swahili reports.

The four layers are subpackages, each importing only from those to its left:
:mod:`mkutano.tmx` (files) → :mod:`mkutano.tm` (memories) → :mod:`mkutano.glossaries`
(terms and QA) → :mod:`mkutano.api` (CLI and HTTP).
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("mkutano")
except PackageNotFoundError:  # a checkout that is not installed
    __version__ = "0+unknown"

__all__ = ["__version__", "main"]


def main() -> None:
    """The ``mkutano`` command line (what the console script runs)."""
    from .api.cli import main as cli_main

    cli_main()
