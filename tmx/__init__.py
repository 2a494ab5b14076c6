"""TMX and other interchange formats: reading and writing, no database."""

from .errors import Diagnostic, LanguageTagError, TMXError, TMXParseError
from .lang import base_language, language_match, normalize_language
from .model import Header, Note, Prop, Segment, Tag, Unit, Variant

__all__ = [
    "Diagnostic",
    "Header",
    "LanguageTagError",
    "Note",
    "Prop",
    "Segment",
    "TMXError",
    "TMXParseError",
    "Tag",
    "Unit",
    "Variant",
    "base_language",
    "language_match",
    "normalize_language",
]
