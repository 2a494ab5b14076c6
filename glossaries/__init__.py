"""Glossaries: concept-oriented terminology, TBX/CSV formats, term recognition and QA."""

from .candidates import Candidate, Rendering, term_candidates
from .delimited import read_delimited, write_delimited, write_omegat
from .errors import GlossaryConflict, GlossaryError, GlossaryFormatError, GlossaryNotFound
from .formats import detect_format, read_glossary, write_glossary
from .model import Concept, DataCategory, GlossaryFile, Term, TermStatus, TermType
from .qa import (
    CheckedUnit,
    Finding,
    ProfileError,
    QAError,
    QAInputError,
    QARefused,
    Severity,
    add_unit_checked,
    check_document,
    check_pairs,
    check_target_text,
    load_profile,
    update_unit_checked,
)
from .recognize import MatchKind, TermHit, TermRecognizer
from .store import MIGRATIONS as GLOSSARY_MIGRATIONS
from .store import NAMESPACE as GLOSSARY_NAMESPACE
from .store import (
    Glossary,
    GlossaryImportReport,
    GlossaryStore,
    MemoryGlossaryStore,
    SQLGlossaryStore,
    export_glossary,
    import_glossary,
    open_glossary_store,
    recognize_terms,
    recognizer_for,
    sample_concepts,
)
from .tbx import read_tbx, write_tbx

__all__ = [
    "Candidate",
    "CheckedUnit",
    "Concept",
    "DataCategory",
    "Finding",
    "GLOSSARY_MIGRATIONS",
    "GLOSSARY_NAMESPACE",
    "Glossary",
    "GlossaryConflict",
    "GlossaryError",
    "GlossaryFile",
    "GlossaryFormatError",
    "GlossaryImportReport",
    "GlossaryNotFound",
    "GlossaryStore",
    "MatchKind",
    "MemoryGlossaryStore",
    "ProfileError",
    "QAError",
    "QAInputError",
    "QARefused",
    "Rendering",
    "SQLGlossaryStore",
    "Severity",
    "Term",
    "TermHit",
    "TermRecognizer",
    "TermStatus",
    "TermType",
    "add_unit_checked",
    "check_document",
    "check_pairs",
    "check_target_text",
    "detect_format",
    "export_glossary",
    "import_glossary",
    "load_profile",
    "open_glossary_store",
    "read_delimited",
    "read_glossary",
    "read_tbx",
    "recognize_terms",
    "recognizer_for",
    "sample_concepts",
    "term_candidates",
    "update_unit_checked",
    "write_delimited",
    "write_glossary",
    "write_omegat",
    "write_tbx",
]
