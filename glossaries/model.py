"""The concept-oriented terminology model (ISO 16642 / TBX): concepts hold terms per language.

A :class:`Concept` is one meaning (``LEPSG``, *Law Enforcement Projects Sub-Group* and *Kikundi
Kidogo cha Miradi ya Utekelezaji wa Sheria* are three :class:`Term` objects of the same concept).
Each term carries what translators and QA need: its status (the TBX ``administrativeStatus`` values
plus *forbidden*), its type (full form, acronym ...), part of speech, case sensitivity, a
do-not-translate flag and a usage note.

Data categories this model has no field for are kept as :class:`DataCategory` values (with their
children for groups such as ``descripGrp``/``transacGrp``), so a TBX file read and written again
keeps them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from mkutano.tmx.errors import Diagnostic
from mkutano.tmx.lang import language_match, normalize_language

__all__ = ["Concept", "DataCategory", "GlossaryFile", "Term", "TermStatus", "TermType"]


class TermStatus(StrEnum):
    """How a term may be used: the TBX ``administrativeStatus`` picklist, plus *forbidden*.

    ``forbidden`` is stronger than ``deprecated``: a QA check reports it as an error, not a
    warning. TBX-Basic has no picklist value for it; the TBX writer writes
    ``deprecatedTerm-admn-sts`` and keeps the distinction in a ``usageNote`` data category
    (see :mod:`glossaries.tbx`).
    """

    PREFERRED = "preferred"
    ADMITTED = "admitted"
    DEPRECATED = "deprecated"
    SUPERSEDED = "superseded"
    FORBIDDEN = "forbidden"

    @property
    def usable(self) -> bool:
        """Whether a translation may use a term with this status."""
        return self in (TermStatus.PREFERRED, TermStatus.ADMITTED)

    @property
    def rank(self) -> int:
        """Sort key: preferred terms first, forbidden last."""
        return _STATUS_RANK[self]


_STATUS_RANK = {
    TermStatus.PREFERRED: 0,
    TermStatus.ADMITTED: 1,
    TermStatus.SUPERSEDED: 2,
    TermStatus.DEPRECATED: 3,
    TermStatus.FORBIDDEN: 4,
}


class TermType(StrEnum):
    """The TBX ``termType`` values TBX-Basic allows."""

    FULL_FORM = "fullForm"
    ACRONYM = "acronym"
    ABBREVIATION = "abbreviation"
    SHORT_FORM = "shortForm"
    PHRASE = "phrase"
    VARIANT = "variant"


# An acronym as written: at least two characters, capitals and digits (G7, LEPSG, UNICRI, 5G)
# with at least one capital; optional inner dots/ampersands (U.N., AT&T).
_ACRONYM = re.compile(r"^(?=.*[A-Z])[A-Z0-9][A-Z0-9.&]*[A-Z0-9.]$")


# Data categories whose value is another form of the term, used by the recogniser.
_FORM_TYPES = {"x-plural", "plural", "x-inflectedform", "inflectedform", "x-form"}


@dataclass(slots=True)
class DataCategory:
    """A data category the model has no field for, kept so it can be written back.

    ``element`` is the TBX DCA element (``descrip``, ``admin``, ``termNote``, ``xref``, ``ref``,
    ``transac``, ``transacNote``, ``date``, ``note``, or a group: ``descripGrp``, ``adminGrp``,
    ``transacGrp``, ``termNoteGrp``); ``type`` is the data category name (``context``,
    ``source``, ``transactionType`` ...; empty for ``note``/``date``/groups); ``attrs`` holds the
    other attributes (``target``, ``id`` ...); groups hold their members in ``children``.
    """

    element: str
    type: str = ""
    value: str = ""
    attrs: dict[str, str] = field(default_factory=dict)
    children: list[DataCategory] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"element": self.element, "type": self.type, "value": self.value}
        if self.attrs:
            out["attrs"] = dict(self.attrs)
        if self.children:
            out["children"] = [c.to_dict() for c in self.children]
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DataCategory:
        return cls(
            str(data.get("element", "")),
            str(data.get("type", "")),
            str(data.get("value", "")),
            {str(k): str(v) for k, v in (data.get("attrs") or {}).items()},
            [cls.from_dict(c) for c in data.get("children") or []],
        )


@dataclass(slots=True)
class Term:
    """One term of a concept in one language.

    ``status`` None means the source did not say (treated as admitted). ``case_sensitive``
    forces case-sensitive recognition; acronyms (by type or by shape, ``LEPSG``) are matched
    case-sensitively anyway: see :attr:`matches_case_sensitively`.
    """

    text: str
    lang: str
    status: TermStatus | None = None
    type: TermType | None = None
    part_of_speech: str | None = None
    case_sensitive: bool = False
    do_not_translate: bool = False
    usage_note: str = ""
    id: str | None = None
    extra: list[DataCategory] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.lang = normalize_language(self.lang)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (what the store keeps and the HTTP API shows)."""
        return {
            "text": self.text,
            "lang": self.lang,
            "status": self.status.value if self.status else None,
            "type": self.type.value if self.type else None,
            "part_of_speech": self.part_of_speech,
            "case_sensitive": self.case_sensitive,
            "do_not_translate": self.do_not_translate,
            "usage_note": self.usage_note,
            "id": self.id,
            "extra": [d.to_dict() for d in self.extra],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Term:
        """Build a term from :meth:`to_dict` output; raises ``ValueError`` on bad values."""
        status, ttype = data.get("status"), data.get("type")
        return cls(
            text=" ".join(str(data["text"]).split()),
            lang=str(data["lang"]),
            status=TermStatus(status) if status else None,
            type=TermType(ttype) if ttype else None,
            part_of_speech=data.get("part_of_speech") or None,
            case_sensitive=bool(data.get("case_sensitive", False)),
            do_not_translate=bool(data.get("do_not_translate", False)),
            usage_note=str(data.get("usage_note") or ""),
            id=data.get("id") or None,
            extra=[DataCategory.from_dict(d) for d in data.get("extra") or []],
        )

    @property
    def effective_status(self) -> TermStatus:
        return self.status or TermStatus.ADMITTED

    @property
    def is_acronym(self) -> bool:
        """An acronym or abbreviation by type, or a token shaped like one (``UNICRI``, ``G7``)."""
        if self.type in (TermType.ACRONYM, TermType.ABBREVIATION):
            return True
        return bool(_ACRONYM.match(self.text.strip()))

    @property
    def matches_case_sensitively(self) -> bool:
        return self.case_sensitive or self.is_acronym

    @property
    def forms(self) -> list[str]:
        """Inflected forms given in the glossary (``x-plural`` data categories: *wahamiaji*)."""
        return [d.value for d in self.extra if d.type.casefold() in _FORM_TYPES and d.value]


@dataclass(slots=True)
class Concept:
    """A concept entry: one meaning, its description and its terms in every language.

    ``definition`` is the concept-level definition; ``lang_definitions`` holds the definitions
    given per language section. ``customer_subset``/``project_subset`` are the TBX subsets
    (client/project). ``glossary`` and ``priority`` are filled by the store: which glossary the
    concept belongs to and that glossary's priority (higher wins).
    """

    id: str
    terms: list[Term] = field(default_factory=list)
    subject_field: str = ""
    definition: str = ""
    lang_definitions: dict[str, str] = field(default_factory=dict)
    note: str = ""
    customer_subset: str = ""
    project_subset: str = ""
    extra: list[DataCategory] = field(default_factory=list)
    lang_extra: dict[str, list[DataCategory]] = field(default_factory=dict)
    glossary: str = ""
    priority: int = 0

    @property
    def languages(self) -> list[str]:
        """The languages of the terms, in first-seen order."""
        seen: dict[str, None] = {}
        for t in self.terms:
            seen.setdefault(t.lang, None)
        return list(seen)

    def terms_for(self, lang: str) -> list[Term]:
        """The terms in ``lang`` (region-tolerant: ``sw`` finds ``sw-KE``), preferred first."""
        found = [t for t in self.terms if language_match(lang, t.lang)]
        return sorted(found, key=lambda t: t.effective_status.rank)

    def preferred(self, lang: str) -> Term | None:
        """The best usable term in ``lang``, or None when the concept has none."""
        for t in self.terms_for(lang):
            if t.effective_status.usable:
                return t
        return None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict of the concept (``glossary``/``priority`` included)."""
        return {
            "id": self.id,
            "subject_field": self.subject_field,
            "definition": self.definition,
            "lang_definitions": dict(self.lang_definitions),
            "note": self.note,
            "customer_subset": self.customer_subset,
            "project_subset": self.project_subset,
            "terms": [t.to_dict() for t in self.terms],
            "extra": [d.to_dict() for d in self.extra],
            "lang_extra": {k: [d.to_dict() for d in v] for k, v in self.lang_extra.items()},
            "glossary": self.glossary,
            "priority": self.priority,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Concept:
        """Build a concept from :meth:`to_dict` output (or a hand-written subset of it).

        Raises ``ValueError`` (or :class:`tmx.LanguageTagError`) on a bad status, type or tag;
        ``KeyError`` when a term lacks ``text`` or ``lang``.
        """
        return cls(
            id=str(data.get("id") or ""),
            terms=[Term.from_dict(t) for t in data.get("terms") or []],
            subject_field=str(data.get("subject_field") or ""),
            definition=str(data.get("definition") or ""),
            lang_definitions={
                normalize_language(k): str(v)
                for k, v in (data.get("lang_definitions") or {}).items()
            },
            note=str(data.get("note") or ""),
            customer_subset=str(data.get("customer_subset") or ""),
            project_subset=str(data.get("project_subset") or ""),
            extra=[DataCategory.from_dict(d) for d in data.get("extra") or []],
            lang_extra={
                normalize_language(k): [DataCategory.from_dict(d) for d in v]
                for k, v in (data.get("lang_extra") or {}).items()
            },
            glossary=str(data.get("glossary") or ""),
            priority=int(data.get("priority") or 0),
        )

    def definition_for(self, lang: str) -> str:
        for k, v in self.lang_definitions.items():
            if language_match(lang, k):
                return v
        return self.definition


@dataclass(slots=True)
class GlossaryFile:
    """What a reader made of a glossary file: its concepts and the problems met on the way.

    ``format`` names what was read (``tbx-v3-dca``, ``tbx-v3-dct``, ``tbx-2008``, ``csv``,
    ``tsv``, ``omegat``); ``diagnostics`` hold one line each (error: something skipped or the
    file rejected; warning: kept as is). A file is *rejected* when nothing could be read; it is
    not ``complete`` when it broke off part-way (``concepts`` then hold the entries before the
    break, which :func:`glossaries.import_glossary` stores only in lenient mode).
    """

    path: str
    format: str
    concepts: list[Concept] = field(default_factory=list)
    diagnostics: list[Diagnostic] = field(default_factory=list)
    source_lang: str | None = None
    title: str = ""
    complete: bool = True

    @property
    def rejected(self) -> bool:
        return not self.concepts

    @property
    def languages(self) -> list[str]:
        seen: dict[str, None] = {}
        for c in self.concepts:
            for lang in c.languages:
                seen.setdefault(lang, None)
        return list(seen)

    @property
    def term_count(self) -> int:
        return sum(len(c.terms) for c in self.concepts)

    def summary(self) -> dict[str, object]:
        """A JSON-ready summary: counts, languages and every diagnostic."""
        return {
            "file": self.path,
            "format": self.format,
            "concepts": len(self.concepts),
            "terms": self.term_count,
            "languages": self.languages,
            "rejected": self.rejected,
            "complete": self.complete,
            "diagnostics": [d.as_dict() for d in self.diagnostics],
        }
