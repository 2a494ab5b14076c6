"""Errors raised by :mod:`glossaries.qa` (findings themselves are values, never exceptions).

Tree (under :class:`glossaries.GlossaryError`)::

    QAError                  root of the QA errors
    ├── ProfileError         a QA profile file cannot be used (names the file and the reason)
    ├── QAInputError         a QA input (pairs JSONL, TMX, XLIFF, document) cannot be read
    └── QARefused            a unit was refused because error-level findings exist (carries them)
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from mkutano.glossaries.errors import GlossaryError

if TYPE_CHECKING:
    from .finding import Finding

__all__ = ["ProfileError", "QAError", "QAInputError", "QARefused"]


class QAError(GlossaryError):
    """Root of the exceptions raised by :mod:`glossaries.qa`."""


class ProfileError(QAError):
    """A QA profile cannot be used; the message names the file, the entry and the fix."""


class QAInputError(QAError):
    """A QA input cannot be read; the message names the file, the line and the reason."""


class QARefused(QAError):
    """A unit was not stored: error-level findings exist and no override reason was given."""

    def __init__(self, findings: list[Finding]) -> None:
        self.findings = findings
        first = findings[0].message if findings else ""
        more = f" (and {len(findings) - 1} more)" if len(findings) > 1 else ""
        super().__init__(
            f"unit refused by QA: {findings[0].check if findings else ''}: {first}{more}; "
            "fix it or give an override reason"
        )
