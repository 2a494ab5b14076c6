"""Errors raised by the ``glossaries`` package.

Tree::

    GlossaryError              root of every error raised here
    ├── GlossaryFormatError    a glossary file cannot be read at all (TBX, CSV, OmegaT)
    ├── GlossaryNotFound       no glossary or entry with that name or id (also a KeyError)
    └── GlossaryConflict       a name already taken
"""

from __future__ import annotations


class GlossaryError(Exception):
    """Root of the exceptions raised by :mod:`glossaries`."""


class GlossaryFormatError(GlossaryError):
    """A glossary file cannot be read at all; the message names the file, line and reason."""


class GlossaryNotFound(GlossaryError, KeyError):
    """No glossary or concept entry with that name or id."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class GlossaryConflict(GlossaryError):
    """A glossary name already taken."""
