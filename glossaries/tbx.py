"""TBX: read TBX v3 (ISO 30042:2019, DCA and DCT styles) and TBX 2008 (``martif``); write v3.

Reading streams the file one concept entry at a time through the safe XML layer
(:mod:`tmx.xmlsafe`: no entities, no DTD, no network), so a billion-laughs or XXE file expands
nothing. Any encoding with a byte-order mark or an XML declaration is read (``windows-1254`` ...).

Structure: v3 ``tbx/text/body/conceptEntry/langSec/termSec/term``; 2008
``martif/text/body/termEntry/langSet/(tig|ntig/termGrp)/term``. In the DCT style a data category
is an element of a module namespace (``<min:partOfSpeech>``, ``<basic:definition>``), in DCA a
``type`` attribute (``<termNote type="partOfSpeech">``); both are read into the same model, any
namespace accepted for the modules.

Mapped to the model: ``subjectField``, ``definition`` (concept and language level),
``customerSubset``/``projectSubset``, the first ``note`` of a concept, ``administrativeStatus``
(and 2008's ``normativeAuthorization``), ``termType``, ``partOfSpeech``, the first ``note`` of a
term (its usage note). Every other data category, groups included (``transacGrp``,
``descripGrp``...), is kept as a :class:`~glossaries.model.DataCategory` and written back.

Conventions for what TBX-Basic has no picklist value for (the writer uses them, so its output stays
valid TBX-Basic DCA): a term ``<note>`` reading ``forbidden`` (with ``deprecatedTerm-admn-sts``),
``do not translate`` or ``case-sensitive``. On reading, ``x-doNotTranslate``/``doNotTranslate``,
``x-forbidden`` and ``x-caseSensitive`` data categories and the status values ``forbidden``,
``forbiddenTerm-admn-sts`` are understood too.

Problems become line-numbered diagnostics: a term, language section or entry that cannot be used is
skipped (error), an unknown data category or picklist value is kept (warning); a file that is not
XML stops at the broken line, keeping the entries before it.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from pathlib import Path
from typing import IO, Any

from lxml import etree

from mkutano.tmx.errors import Diagnostic, TMXError
from mkutano.tmx.lang import normalize_language
from mkutano.tmx.xmlsafe import XML_NS, open_xml_stream, safe_iterparse, strip_illegal_xml_chars

from .errors import GlossaryFormatError
from .model import Concept, DataCategory, GlossaryFile, Term, TermStatus, TermType

__all__ = ["TBX_NS", "read_tbx", "write_tbx"]

TBX_NS = "urn:iso:std:iso:30042:ed-2"
_TBX_NAMESPACES = {"", TBX_NS, "urn:iso:std:iso:30042:ed-1", "urn:iso:std:iso:30042:ed2"}
_MIN_NS = "http://www.tbxinfo.net/ns/min"
_BASIC_NS = "http://www.tbxinfo.net/ns/basic"
_EXT_NS = "urn:mkutano:tbx:extension"
_XML_LANG = f"{{{XML_NS}}}lang"
_DCA_ATTR = f"{{{_EXT_NS}}}dca"  # on an extension DCT element: the DCA element it stands for

# DCT data category -> the DCA element that carries it (TBX-Basic/TBX-Min modules).
_DCA_ELEMENT = {
    "customerSubset": "admin",
    "projectSubset": "admin",
    "source": "admin",
    "subjectField": "descrip",
    "context": "descrip",
    "definition": "descrip",
    "crossReference": "ref",
    "administrativeStatus": "termNote",
    "partOfSpeech": "termNote",
    "geographicalUsage": "termNote",
    "grammaticalGender": "termNote",
    "termLocation": "termNote",
    "termType": "termNote",
    "transactionType": "transac",
    "responsibility": "transacNote",
    "externalCrossReference": "xref",
    "xGraphic": "xref",
}
_MIN_MODULE = {"administrativeStatus", "customerSubset", "partOfSpeech", "subjectField"}
# Data categories of TBX-Basic and the TBX 2008 default set that are read without a warning.
_KNOWN_TYPES = set(_DCA_ELEMENT) | {
    "normativeAuthorization",
    "usageNote",
    "grammaticalNumber",
    "termProvenance",
    "reliabilityCode",
    "sourceIdentifier",
    "explanation",
    "example",
    "note",
    "antonymConcept",
    "relatedConcept",
    "entailedTerm",
    "transactionNote",
    "x-plural",
    "x-doNotTranslate",
    "doNotTranslate",
    "x-forbidden",
    "x-caseSensitive",
    "processStatus",
    "language-planningQualifier",
    "register",
    "temporalQualifier",
    "termStructure",
    "xSource",
    "productSubset",
    "businessUnitSubset",
    "relatedConceptBroader",
    "relatedConceptNarrower",
    "superordinateConceptGeneric",
    "subordinateConceptGeneric",
    "corpusTrace",
    "sortKey",
    "abbreviatedFormFor",
    "shortFormFor",
    "conceptOrigin",
    "originatingInstitution",
    "originatingPerson",
    "securitySubset",
    "environmentSubset",
    "applicationSubset",
    "lionHotkey",
    "transferComment",
}
# termType values of ISO 12620 / the TBX 2008 default XCS beyond the model's TermType.
_ISO_TERM_TYPES = {
    "entryTerm",
    "synonym",
    "internationalScientificTerm",
    "commonName",
    "internationalism",
    "partNumber",
    "sku",
    "stockKeepingUnit",
    "symbol",
    "formula",
    "equation",
    "logicalExpression",
    "transcribedForm",
    "transliteratedForm",
    "romanizedForm",
    "standardText",
    "shortcut",
    "orthographicalVariant",
    "synonymousPhrase",
    "clippedTerm",
    "initialism",
}
# TBX-Basic: the data categories each element may carry, their levels, and their picklists.
_BASIC_TYPES = {
    "admin": {"customerSubset", "projectSubset", "source"},
    "descrip": {"subjectField", "context", "definition"},
    "ref": {"crossReference"},
    "termNote": {
        "administrativeStatus",
        "partOfSpeech",
        "geographicalUsage",
        "grammaticalGender",
        "termLocation",
        "termType",
    },
    "transac": {"transactionType"},
    "transacNote": {"responsibility"},
    "xref": {"externalCrossReference", "xGraphic"},
}
_BASIC_LEVELS = {
    "subjectField": {"concept"},
    "context": {"term"},
    "definition": {"concept", "lang"},
    "xGraphic": {"concept", "lang"},
    "customerSubset": {"concept", "term"},
    "projectSubset": {"concept", "term"},
}
_BASIC_PICKLISTS = {
    "partOfSpeech": {"adjective", "noun", "other", "verb", "adverb"},
    "grammaticalGender": {"masculine", "feminine", "neuter", "other"},
    "transactionType": {"origination", "modification"},
}
_GROUPS = {"descripGrp", "adminGrp", "transacGrp", "termNoteGrp", "refGrp", "noteGrp"}

_STATUS_IN = {
    "preferred": TermStatus.PREFERRED,
    "standardized": TermStatus.PREFERRED,
    "admitted": TermStatus.ADMITTED,
    "legal": TermStatus.ADMITTED,
    "regulated": TermStatus.ADMITTED,
    "deprecated": TermStatus.DEPRECATED,
    "notrecommended": TermStatus.DEPRECATED,
    "superseded": TermStatus.SUPERSEDED,
    "forbidden": TermStatus.FORBIDDEN,
}
_STATUS_OUT = {
    TermStatus.PREFERRED: "preferredTerm-admn-sts",
    TermStatus.ADMITTED: "admittedTerm-admn-sts",
    TermStatus.DEPRECATED: "deprecatedTerm-admn-sts",
    TermStatus.SUPERSEDED: "supersededTerm-admn-sts",
    TermStatus.FORBIDDEN: "deprecatedTerm-admn-sts",
}
_TYPE_IN = {t.value.casefold(): t for t in TermType} | {
    "phraseologicalunit": TermType.PHRASE,
    "initialism": TermType.ACRONYM,
    "clippedterm": TermType.SHORT_FORM,
    "shortform": TermType.SHORT_FORM,
    "spellingvariant": TermType.VARIANT,
}
_NOTE_FLAGS = {
    "forbidden": "forbidden",
    "forbidden term": "forbidden",
    "do not translate": "dnt",
    "do-not-translate": "dnt",
    "dnt": "dnt",
    "case-sensitive": "case",
    "case sensitive": "case",
}
_FLAG_TYPES = {
    "x-donottranslate": "dnt",
    "donottranslate": "dnt",
    "x-forbidden": "forbidden",
    "x-casesensitive": "case",
}
_YES = {"yes", "true", "1", "y", "x"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9._-]*$")


# -- reading -------------------------------------------------------------------------------------
class _Reader:
    def __init__(self, label: str) -> None:
        self.label = label
        self.diagnostics: list[Diagnostic] = []
        self.dct = False
        self.version = "tbx-v3-dca"
        self.default_lang: str | None = None
        self.ids: set[str] = set()
        self.count = 0
        self.basic = False  # the file declares the TBX-Basic dialect: check its rules

    def diag(self, line: int | None, message: str, severity: str = "error") -> None:
        self.diagnostics.append(Diagnostic(self.label, line, message, severity))

    # element helpers ---------------------------------------------------------------------------
    @staticmethod
    def _local(el: Any) -> str:
        return etree.QName(el).localname if isinstance(el.tag, str) else ""

    @staticmethod
    def _ns(el: Any) -> str:
        return etree.QName(el).namespace or "" if isinstance(el.tag, str) else ""

    @staticmethod
    def _text(el: Any) -> str:
        return "".join(el.itertext()).strip()

    def datcat(self, el: Any) -> DataCategory:
        """Any data category element (DCA or DCT, leaf or group) as a DataCategory."""
        local, ns = self._local(el), self._ns(el)
        attrs = {
            ("xml:lang" if k == _XML_LANG else str(etree.QName(k).localname)): str(v)
            for k, v in el.attrib.items()
            if k not in ("type", _DCA_ATTR)
        }
        if ns not in _TBX_NAMESPACES:  # DCT style: the element name is the data category
            element, dtype = _DCA_ELEMENT.get(local) or el.get(_DCA_ATTR, ""), local
        else:
            element, dtype = local, el.get("type", "")
        if local in _GROUPS and ns in _TBX_NAMESPACES:
            kids = [self.datcat(k) for k in el if isinstance(k.tag, str)]
            return DataCategory(element, dtype, "", attrs, kids)
        return DataCategory(element, dtype, self._text(el), attrs)

    # structure ---------------------------------------------------------------------------------
    def entry(self, el: Any) -> Concept | None:
        line = el.sourceline
        self.count += 1
        cid = (el.get("id") or "").strip()
        if not cid:
            cid = f"c{self.count}"
            if self.version.startswith("tbx-v3"):
                self.diag(line, f"<conceptEntry> without id; named {cid!r}", "warning")
        if cid in self.ids:
            new = f"{cid}-{self.count}"
            self.diag(line, f"duplicate entry id {cid!r}; renamed {new!r}", "warning")
            cid = new
        concept = Concept(cid)
        lang_tags = ("langSec", "langSet")
        for child in el:
            local = self._local(child)
            if not local:
                continue
            if local in lang_tags and self._ns(child) in _TBX_NAMESPACES:
                self.lang_section(child, concept)
            elif local in ("langSection", "termSec", "tig", "ntig", "term"):
                expected = "langSec" if self.version.startswith("tbx-v3") else "langSet"
                self.diag(
                    child.sourceline,
                    f"<{local}> is not allowed in an entry (expected <{expected}>); skipped",
                )
            else:
                self.concept_datcat(concept, self.datcat(child), child.sourceline)
        if not concept.terms:
            self.diag(line, f"entry {cid!r} has no usable term; skipped")
            return None
        self.ids.add(cid)
        return concept

    def concept_datcat(self, c: Concept, d: DataCategory, line: int | None) -> None:
        self.check_known(d, line, "concept")
        if d.element == "descrip" and d.type == "subjectField" and not c.subject_field:
            c.subject_field = d.value
        elif d.element == "descrip" and d.type == "definition" and not c.definition:
            c.definition = d.value
        elif d.element == "admin" and d.type == "customerSubset" and not c.customer_subset:
            c.customer_subset = d.value
        elif d.element == "admin" and d.type == "projectSubset" and not c.project_subset:
            c.project_subset = d.value
        elif d.element == "note" and not c.note and not d.attrs:
            c.note = d.value
        else:
            if d.element == "descripGrp" and d.children:
                head = d.children[0]
                if head.type == "definition" and not c.definition:
                    c.definition = head.value
                elif head.type == "subjectField" and not c.subject_field:
                    c.subject_field = head.value
            c.extra.append(d)

    def lang_section(self, el: Any, c: Concept) -> None:
        raw = el.get(_XML_LANG) or el.get("lang")
        line = el.sourceline
        if not raw:
            self.diag(line, f"<{self._local(el)}> without xml:lang in entry {c.id!r}; skipped")
            return
        try:
            lang = normalize_language(raw)
        except TMXError:
            self.diag(line, f"invalid language tag {raw!r} in entry {c.id!r}; skipped")
            return
        extra: list[DataCategory] = []
        found = False
        for child in el:
            local = self._local(child)
            if not local:
                continue
            if local == "termSec" or (
                local in ("tig", "ntig") and not self.version.startswith("tbx-v3")
            ):
                found = True
                term = self.term_section(child, lang, c.id)
                if term is not None:
                    c.terms.append(term)
            elif local in ("term", "termSec", "tig", "ntig", "langSec", "langSet"):
                self.diag(
                    child.sourceline, f"<{local}> is not allowed in a language section; skipped"
                )
            else:
                d = self.datcat(child)
                self.check_known(d, child.sourceline, "lang")
                if (
                    d.element == "descrip"
                    and d.type == "definition"
                    and lang not in c.lang_definitions
                ):
                    c.lang_definitions[lang] = d.value
                    continue
                if (
                    d.element == "descripGrp"
                    and d.children
                    and d.children[0].type == "definition"
                    and lang not in c.lang_definitions
                ):
                    c.lang_definitions[lang] = d.children[0].value
                extra.append(d)
        if extra:
            c.lang_extra.setdefault(lang, []).extend(extra)
        if not found:
            self.diag(line, f"language section {raw!r} of entry {c.id!r} has no term", "warning")

    def term_section(self, el: Any, lang: str, cid: str) -> Term | None:
        items: list[Any] = []
        term_el = None
        for child in el:
            local = self._local(child)
            if local == "termGrp":  # 2008 ntig: the term and its termNotes sit in a termGrp
                for k in child:
                    if self._local(k) == "term" and term_el is None:
                        term_el = k
                    elif self._local(k):
                        items.append(k)
            elif local == "term" and term_el is None:
                term_el = child
            elif local:
                items.append(child)
        if term_el is None:
            self.diag(
                el.sourceline, f"<{self._local(el)}> without <term> in entry {cid!r}; skipped"
            )
            return None
        text = " ".join(self._text(term_el).split())
        if not text:
            self.diag(term_el.sourceline, f"empty <term> in entry {cid!r}; skipped")
            return None
        term = Term(text, lang, id=term_el.get("id"))
        for item in items:
            d = self.datcat(item)
            self.term_datcat(term, d, item.sourceline)
        return term

    def term_datcat(self, t: Term, d: DataCategory, line: int | None) -> None:
        self.check_known(d, line, "term")
        kind = d.type
        value = d.value
        flag = _FLAG_TYPES.get(kind.casefold())
        if (
            flag
            and d.element in ("termNote", "descrip", "admin", "")
            and (
                value.strip().casefold() in _YES
                or (flag == "case" and "sensitive" in value.casefold())
            )
        ):
            self._set_flag(t, flag)
            return
        if d.element == "termNote" and kind in ("administrativeStatus", "normativeAuthorization"):
            key = value.casefold().removesuffix("-admn-sts").removesuffix("term")
            status = _STATUS_IN.get(key)
            if status is not None and t.status is None:
                t.status = status
                return
            if t.status is TermStatus.FORBIDDEN and status is TermStatus.DEPRECATED:
                return  # the "forbidden" note came first; the status only restates it
            if status is None:
                self.diag(
                    line, f"{kind} value {value!r} is not a TBX status; kept as is", "warning"
                )
        elif d.element == "termNote" and kind == "termType" and t.type is None:
            tt = _TYPE_IN.get(value.casefold())
            if tt is not None:
                t.type = tt
                return
            if value in _ISO_TERM_TYPES and not self.basic:
                t.extra.append(d)  # a TBX 2008 value the model has no TermType for
                return
            self.diag(
                line,
                f"termType value {value!r} is not one of fullForm, acronym, abbreviation, "
                "shortForm, variant, phrase; kept as is",
                "warning",
            )
        elif d.element == "termNote" and kind == "partOfSpeech" and t.part_of_speech is None:
            t.part_of_speech = value
            return
        elif d.element == "note" and not d.attrs:
            flag = _NOTE_FLAGS.get(value.strip().rstrip(".").casefold())
            if flag:
                self._set_flag(t, flag)
                return
            if not t.usage_note:
                t.usage_note = value
                return
        t.extra.append(d)

    @staticmethod
    def _set_flag(t: Term, flag: str) -> None:
        if flag == "dnt":
            t.do_not_translate = True
        elif flag == "case":
            t.case_sensitive = True
        else:
            t.status = TermStatus.FORBIDDEN

    def check_known(self, d: DataCategory, line: int | None, level: str) -> None:
        if d.children:
            for k in d.children:
                self.check_known(k, line, level)
            return
        if not d.type:
            return
        if self.basic:
            self.check_basic(d, line, level)
        elif d.type not in _KNOWN_TYPES:
            self.diag(
                line,
                f"unknown data category {d.type!r} on <{d.element or 'element'}>; kept as is",
                "warning",
            )

    def check_basic(self, d: DataCategory, line: int | None, level: str) -> None:
        """The TBX-Basic rules (its Schematron): categories, levels, picklists; warnings only."""
        allowed = _BASIC_TYPES.get(d.element)
        if allowed is None or d.type not in allowed:
            self.diag(
                line,
                f"{d.type!r} on <{d.element or 'element'}> is not a TBX-Basic data category; "
                "kept as is",
                "warning",
            )
            return
        levels = _BASIC_LEVELS.get(d.type)
        if levels and level not in levels:
            where = {"concept": "conceptEntry", "lang": "langSec", "term": "termSec"}
            self.diag(
                line,
                f"TBX-Basic allows {d.type!r} only at {', '.join(where[x] for x in sorted(levels))}"
                f" level, not in a {where[level]}; kept as is",
                "warning",
            )
        picklist = _BASIC_PICKLISTS.get(d.type)
        if picklist and d.value not in picklist:
            self.diag(
                line,
                f"{d.type} value {d.value!r} is not one of {', '.join(sorted(picklist))}; kept",
                "warning",
            )


def read_tbx(
    source: str | os.PathLike[str] | IO[bytes], *, name: str | None = None
) -> GlossaryFile:
    """Read a TBX v3 or TBX 2008 file; see the module docstring for what is kept and reported.

    Raises :class:`~glossaries.errors.GlossaryFormatError` only when the file cannot be opened;
    anything else (not XML, not TBX, no usable entry) is a diagnostic of a *rejected* result.
    """
    label = name or (os.fspath(source) if isinstance(source, (str, os.PathLike)) else "<stream>")
    label = str(label)
    reader = _Reader(label)
    out = GlossaryFile(label, "tbx")
    try:
        stream = open_xml_stream(
            source,
            name=label,
            on_illegal=lambda line, code: reader.diag(
                line, f"character U+{code:04X} is not allowed in XML; removed", "warning"
            ),
            on_repair=lambda line, message: reader.diag(line, message, "warning"),
        )
    except TMXError as exc:
        if isinstance(source, (str, os.PathLike)) and not Path(source).exists():
            raise GlossaryFormatError(str(exc)) from None
        reader.diag(1, "the file is empty or unreadable; expected a TBX document")
        out.diagnostics = reader.diagnostics
        return out
    with stream:
        try:
            _read_stream(stream, reader, out)
        except etree.XMLSyntaxError as exc:
            line = exc.lineno if exc.lineno else None
            msg = str(exc.msg if hasattr(exc, "msg") and exc.msg else exc).split(", line")[0]
            reader.diag(line, f"not well-formed XML: {msg}; entries after this line not read")
            out.complete = False
        except TMXError as exc:  # bytes not valid in the file's encoding, a read failure
            d = getattr(exc, "diagnostic", None)
            reader.diag(
                d.line if d else None,
                f"{d.message if d else exc}; entries after this line not read",
            )
            out.complete = False
    out.diagnostics = reader.diagnostics
    if not out.concepts and not any(d.severity == "error" for d in out.diagnostics):
        reader.diag(None, "no concept entry found")
    return out


def _read_stream(stream: Any, reader: _Reader, out: GlossaryFile) -> None:
    root_seen = False
    depth = 0
    for event, el in safe_iterparse(stream, ("start", "end")):
        if event == "start":
            depth += 1
            if root_seen:
                continue
            root_seen = True
            local = reader._local(el)
            if local == "martif":
                reader.version = "tbx-2008"
            elif local == "tbx":
                reader.dct = (el.get("style") or "").lower() == "dct"
                reader.basic = (el.get("type") or "").casefold() == "tbx-basic"
                reader.version = "tbx-v3-dct" if reader.dct else "tbx-v3-dca"
            else:
                reader.diag(
                    el.sourceline,
                    f"root element <{local}> is not <tbx> (TBX v3) or <martif> (TBX 2008); "
                    "file rejected",
                )
                out.format = "xml"
                return
            out.format = reader.version
            raw = el.get(_XML_LANG)
            if raw:
                try:
                    out.source_lang = normalize_language(raw)
                except TMXError:
                    reader.diag(el.sourceline, f"invalid xml:lang {raw!r} on the root", "warning")
            continue
        depth -= 1
        local = reader._local(el)
        if local in ("conceptEntry", "termEntry"):
            concept = reader.entry(el)
            if concept is not None:
                out.concepts.append(concept)
            el.clear()
            parent = el.getparent()
            if parent is not None:
                while el.getprevious() is not None:
                    del parent[0]
        elif local == "title" and not out.title:
            out.title = reader._text(el)


# -- writing -------------------------------------------------------------------------------------
class _Writer:
    def __init__(self, style: str) -> None:
        self.dct = style == "dct"

    def make(self, parent: Any, d: DataCategory) -> None:
        if d.children:
            el = etree.SubElement(parent, f"{{{TBX_NS}}}{d.element or 'descripGrp'}")
            for child in d.children:
                self.make(el, child)
        else:
            el = self.leaf(parent, d.element, d.type, d.value)
        for name, v in d.attrs.items():
            el.set(_XML_LANG if name == "xml:lang" else name, v)

    def leaf(self, parent: Any, element: str, dtype: str, value: str) -> Any:
        if not dtype or element in ("note", "date"):
            el = etree.SubElement(parent, f"{{{TBX_NS}}}{element or 'note'}")
        elif self.dct and _NAME.match(dtype):
            ns = (
                _MIN_NS if dtype in _MIN_MODULE else _BASIC_NS if dtype in _DCA_ELEMENT else _EXT_NS
            )
            el = etree.SubElement(parent, f"{{{ns}}}{dtype}")
            if ns == _EXT_NS and element:
                el.set(_DCA_ATTR, element)
        else:
            el = etree.SubElement(parent, f"{{{TBX_NS}}}{element or _default_element(parent)}")
            el.set("type", dtype)
        el.text = strip_illegal_xml_chars(value)[0]
        return el

    def concept(self, c: Concept) -> Any:
        el = etree.Element(f"{{{TBX_NS}}}conceptEntry", nsmap=self.nsmap())
        el.set("id", c.id)
        grouped = _grouped_values(c.extra)
        if c.subject_field and ("descrip", "subjectField", c.subject_field) not in grouped:
            self.leaf(el, "descrip", "subjectField", c.subject_field)
        if c.definition and ("descrip", "definition", c.definition) not in grouped:
            self.leaf(el, "descrip", "definition", c.definition)
        if c.customer_subset:
            self.leaf(el, "admin", "customerSubset", c.customer_subset)
        if c.project_subset:
            self.leaf(el, "admin", "projectSubset", c.project_subset)
        if c.note:
            self.leaf(el, "note", "", c.note)
        for d in c.extra:
            self.make(el, d)
        # One langSec per run of terms in the same language (a concept whose terms interleave
        # languages keeps its order); language-level data goes to the first langSec of a language.
        runs: list[tuple[str, list[Term]]] = []
        for t in c.terms:
            if runs and runs[-1][0] == t.lang:
                runs[-1][1].append(t)
            else:
                runs.append((t.lang, [t]))
        for lang in [*c.lang_definitions, *c.lang_extra]:
            if all(r[0] != lang for r in runs):
                runs.append((lang, []))
        done: set[str] = set()
        for lang, terms in runs:
            ls = etree.SubElement(el, f"{{{TBX_NS}}}langSec")
            ls.set(_XML_LANG, lang)
            if lang not in done:
                done.add(lang)
                lextra = c.lang_extra.get(lang, [])
                ldef = c.lang_definitions.get(lang)
                if ldef and ("descrip", "definition", ldef) not in _grouped_values(lextra):
                    self.leaf(ls, "descrip", "definition", ldef)
                for d in lextra:
                    self.make(ls, d)
            for t in terms:
                self.term(ls, t)
        return el

    def term(self, parent: Any, t: Term) -> None:
        ts = etree.SubElement(parent, f"{{{TBX_NS}}}termSec")
        term = etree.SubElement(ts, f"{{{TBX_NS}}}term")
        term.text = strip_illegal_xml_chars(t.text)[0]
        if t.id:
            term.set("id", t.id)
        if t.part_of_speech:
            self.leaf(ts, "termNote", "partOfSpeech", t.part_of_speech)
        if t.status is not None:
            self.leaf(ts, "termNote", "administrativeStatus", _STATUS_OUT[t.status])
        if t.type is not None:
            self.leaf(ts, "termNote", "termType", t.type.value)
        # termNotes come right after the term (TBX core structure), other categories after them
        for d in t.extra:
            if d.element in ("termNote", "termNoteGrp"):
                self.make(ts, d)
        if t.usage_note:  # the first note is read back as the usage note
            self.leaf(ts, "note", "", t.usage_note)
        for d in t.extra:
            if d.element not in ("termNote", "termNoteGrp"):
                self.make(ts, d)
        if t.status is TermStatus.FORBIDDEN:
            self.leaf(ts, "note", "", "forbidden")
        if t.do_not_translate:
            self.leaf(ts, "note", "", "do not translate")
        if t.case_sensitive:
            self.leaf(ts, "note", "", "case-sensitive")

    def nsmap(self) -> dict[Any, str]:
        if self.dct:
            return {None: TBX_NS, "min": _MIN_NS, "basic": _BASIC_NS, "x": _EXT_NS}
        return {None: TBX_NS}


def _default_element(parent: Any) -> str:
    return "termNote" if etree.QName(parent).localname == "termSec" else "descrip"


def _grouped_values(extra: Iterable[DataCategory]) -> set[tuple[str, str, str]]:
    return {(k.element, k.type, k.value) for d in extra for k in d.children}


def write_tbx(
    concepts: Iterable[Concept],
    target: str | os.PathLike[str] | IO[bytes],
    *,
    style: str = "dca",
    source_lang: str = "en",
    title: str = "",
) -> int:
    """Write ``concepts`` as TBX v3 TBX-Basic in the ``dca`` (default) or ``dct`` style.

    Entries are written one by one (memory stays flat). Returns the number of entries written.
    The term order inside a concept is kept per language; languages in first-seen order.
    """
    if style not in ("dca", "dct"):
        raise GlossaryFormatError(f"unknown TBX style {style!r}; use 'dca' or 'dct'")
    w = _Writer(style)
    lang = normalize_language(source_lang)
    decls = "".join(
        f' xmlns="{uri}"' if prefix is None else f' xmlns:{prefix}="{uri}"'
        for prefix, uri in w.nsmap().items()
    )
    header = etree.Element(f"{{{TBX_NS}}}tbxHeader", nsmap=w.nsmap())
    fd = etree.SubElement(header, f"{{{TBX_NS}}}fileDesc")
    if title:
        ts = etree.SubElement(fd, f"{{{TBX_NS}}}titleStmt")
        etree.SubElement(ts, f"{{{TBX_NS}}}title").text = title
    sd = etree.SubElement(fd, f"{{{TBX_NS}}}sourceDesc")
    etree.SubElement(sd, f"{{{TBX_NS}}}p").text = "Exported by mkutano"
    n = 0
    out, owns = _open_target(target)
    try:
        # The root is written by hand: lxml's incremental writer mangles xml:lang on it.
        out.write(
            f'<?xml version="1.0" encoding="UTF-8"?>\n<tbx type="TBX-Basic" style="{style}"'
            f' xml:lang="{lang}"{decls}>\n'.encode()
        )
        out.write(_serialise(header))
        out.write(b"<text>\n<body>\n")
        for c in concepts:
            out.write(_serialise(w.concept(c)))
            n += 1
        out.write(b"</body>\n</text>\n</tbx>\n")
    finally:
        if owns:
            out.close()
    return n


def _serialise(el: Any) -> bytes:
    return bytes(etree.tostring(el, encoding="utf-8", pretty_print=True))


def _open_target(target: str | os.PathLike[str] | IO[bytes]) -> tuple[IO[bytes], bool]:
    if isinstance(target, (str, os.PathLike)):
        return open(target, "wb"), True
    return target, False
