"""Errors raised by the ``tmx`` package.

Tree::

    TMXError                  root of every error raised here
    ├── TMXParseError         a file cannot be read as TMX at all (or, in strict mode, has a broken unit)
    └── LanguageTagError      a language tag is not a well-formed BCP 47 tag (also a ValueError)

Problems that do not stop reading are not exceptions but :class:`Diagnostic` values.
"""

from __future__ import annotations

from dataclasses import dataclass


class TMXError(Exception):
    """Root of the exceptions raised by :mod:`tmx`."""


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in an input file: where it is and what is wrong."""

    file: str
    line: int | None
    message: str
    severity: str = "error"  # "error" (unit skipped / file rejected) or "warning" (kept)

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line is not None else self.file
        return f"{where}: {self.message}"

    def named(self, file: str) -> Diagnostic:
        """The same diagnostic naming the file ``file`` (the upload's name, not the server's
        temporary path)."""
        return Diagnostic(file, self.line, self.message, self.severity)

    def as_dict(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "message": self.message,
            "severity": self.severity,
        }


class TMXParseError(TMXError):
    """A file cannot be read as TMX (or strict mode met a broken unit)."""

    def __init__(self, diagnostic: Diagnostic) -> None:
        super().__init__(str(diagnostic))
        self.diagnostic = diagnostic


class LanguageTagError(TMXError, ValueError):
    """A language tag is not a well-formed BCP 47 tag."""
