"""Glossaries: concept-oriented terminology, TBX/CSV formats, term recognition and QA."""

from .errors import GlossaryConflict, GlossaryError, GlossaryFormatError, GlossaryNotFound

__all__ = ["GlossaryConflict", "GlossaryError", "GlossaryFormatError", "GlossaryNotFound"]
