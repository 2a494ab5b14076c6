"""Translation QA: checks returning findings, per-project profiles, reports and enforcement.

Entry points: :func:`check_pairs`, :func:`check_target_text`, :func:`check_document` return
lists of :class:`Finding`; :func:`add_unit_checked`/:func:`update_unit_checked` guard a memory;
:func:`render` turns findings into text, JSON, JUnit, SARIF or HTML. ``docs/qa.md`` documents
every check with an example.
"""

from .catalog import CHECKS, FAMILIES, CheckInfo
from .enforce import (
    FLAG_PROP,
    CheckedUnit,
    add_unit_checked,
    check_unit,
    edit_unit_checked,
    memory_policy,
    update_unit_checked,
)
from .engine import (
    GlossaryLike,
    check_document,
    check_pairs,
    check_target_text,
    document_pairs,
    skipped_checks,
)
from .errors import ProfileError, QAError, QAInputError, QARefused
from .finding import Finding, Severity, TextSpan, fingerprint
from .inputs import (
    DocumentText,
    pairs_from_tmx,
    pairs_from_xliff,
    read_document,
    read_pairs_jsonl,
    remap_findings,
)
from .pair import Pair, QAContext
from .policy import QAScreen, flagged_units, import_screen, unit_flags
from .profile import Profile, RegexRule, Suppression, load_profile, record_suppression
from .report import FORMATS, ReportContext, render, report_fingerprints, summary
from .terminology import TermIndex

__all__ = [
    "CHECKS",
    "FAMILIES",
    "FLAG_PROP",
    "FORMATS",
    "CheckInfo",
    "CheckedUnit",
    "DocumentText",
    "Finding",
    "GlossaryLike",
    "Pair",
    "Profile",
    "ProfileError",
    "QAContext",
    "QAError",
    "QAInputError",
    "QARefused",
    "QAScreen",
    "RegexRule",
    "ReportContext",
    "Severity",
    "Suppression",
    "TermIndex",
    "TextSpan",
    "add_unit_checked",
    "check_document",
    "check_pairs",
    "check_target_text",
    "check_unit",
    "document_pairs",
    "edit_unit_checked",
    "fingerprint",
    "flagged_units",
    "import_screen",
    "load_profile",
    "memory_policy",
    "pairs_from_tmx",
    "pairs_from_xliff",
    "read_document",
    "read_pairs_jsonl",
    "record_suppression",
    "remap_findings",
    "render",
    "report_fingerprints",
    "skipped_checks",
    "summary",
    "unit_flags",
    "update_unit_checked",
]
