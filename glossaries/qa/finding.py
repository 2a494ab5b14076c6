"""What a QA check reports: a :class:`Finding` with its severity, spans, suggestion and fingerprint.

Findings are values, never exceptions. Spans are character offsets: ``span`` into the checked
target text (for a document, into the whole target file), ``source_span`` into the source text
of the same pair when the problem has a counterpart there.

The fingerprint identifies a finding across runs, independently of where the segment sits in the
file: a hash of the check id, the pair's source and target text (white space collapsed) and the
flagged text. Suppressions in a :class:`glossaries.qa.Profile` refer to it.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, replace
from enum import StrEnum

__all__ = ["Finding", "Severity", "TextSpan", "fingerprint"]


class Severity(StrEnum):
    """How serious a finding is; ``error`` blocks a unit from entering a memory."""

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """2 for errors, 1 for warnings, 0 for information."""
        return {Severity.ERROR: 2, Severity.WARNING: 1, Severity.INFO: 0}[self]

    def reaches(self, threshold: Severity) -> bool:
        """Whether this severity is at least ``threshold``."""
        return self.rank >= threshold.rank


@dataclass(frozen=True, slots=True)
class TextSpan:
    """Character offsets ``[start, end)`` into a text."""

    start: int
    end: int

    def shifted(self, offset: int) -> TextSpan:
        return TextSpan(self.start + offset, self.end + offset)

    def as_dict(self) -> dict[str, int]:
        return {"start": self.start, "end": self.end}


_WS = re.compile(r"\s+")


def fingerprint(check: str, source: str, target: str, flagged: str) -> str:
    """Return the stable 16-hex-digit fingerprint of a finding (position-independent)."""
    key = "\x1f".join(_WS.sub(" ", s).strip() for s in (check, source, target, flagged))
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found by a check.

    ``check`` is the stable check id (``term-forbidden``, ``glued-words`` ...), ``family`` the
    check family (``terminology``, ``typography`` ...), ``id`` the id of the checked pair (or
    None for a text checked alone), ``lang`` the language of the text the span points into.
    """

    check: str
    severity: Severity
    message: str
    span: TextSpan
    family: str = ""
    source_span: TextSpan | None = None
    suggestion: str | None = None
    id: str | None = None
    lang: str = ""
    fingerprint: str = ""
    suppressed_by: str | None = field(default=None, compare=False)

    def with_fingerprint(self, source: str, target: str) -> Finding:
        """This finding with its fingerprint computed from the pair it was found in."""
        flagged = target[self.span.start : self.span.end]
        return replace(self, fingerprint=fingerprint(self.check, source, target, flagged))

    def shifted(self, target_offset: int, source_offset: int = 0) -> Finding:
        """This finding with its spans moved (segment offsets → whole-file offsets)."""
        return replace(
            self,
            span=self.span.shifted(target_offset),
            source_span=self.source_span.shifted(source_offset) if self.source_span else None,
        )

    def as_dict(self) -> dict[str, object]:
        """The JSON form: check, severity, message, id, span, source_span, suggestion ..."""
        return {
            "check": self.check,
            "family": self.family,
            "severity": str(self.severity),
            "message": self.message,
            "id": self.id,
            "span": self.span.as_dict(),
            "source_span": self.source_span.as_dict() if self.source_span else None,
            "suggestion": self.suggestion,
            "fingerprint": self.fingerprint,
            "lang": self.lang,
        }
