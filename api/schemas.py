"""Request and response models of the HTTP API, each with an example for the OpenAPI document.

Models of library results (matches, findings, term hits) name the fields clients rely on and
allow extra ones, so that the library can add information without breaking the API.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "AnalysisResponse",
    "ConceptListResponse",
    "ConceptModel",
    "ConcordanceHit",
    "ConcordanceRequest",
    "ConcordanceResponse",
    "ErrorBody",
    "ErrorResponse",
    "Finding",
    "GlossaryCreateRequest",
    "GlossaryImportResponse",
    "GlossaryListResponse",
    "GlossaryResponse",
    "HealthResponse",
    "ImportAccepted",
    "JobResponse",
    "KeyCreateRequest",
    "KeyCreatedResponse",
    "KeyInfo",
    "KeyListResponse",
    "Match",
    "MemoryCreateRequest",
    "MemoryListResponse",
    "MemoryResponse",
    "MemoryUpdateRequest",
    "QADocumentRequest",
    "QAPair",
    "QARequest",
    "QAResponse",
    "ReadyResponse",
    "SuggestBatchItem",
    "SuggestBatchRequest",
    "SuggestBatchResponse",
    "SuggestBatchResult",
    "SuggestRequest",
    "SuggestResponse",
    "TermHit",
    "TermModel",
    "TermsRequest",
    "TermsResponse",
    "UnitListResponse",
    "UnitPatchRequest",
    "UnitResponse",
    "UnitUpdateRequest",
    "UnitWriteRequest",
    "UnitWriteResponse",
    "VariantIn",
    "VariantOut",
]

LangTag = Field(min_length=1, max_length=35, examples=["it"], description="BCP 47 language tag.")


def _example(value: dict[str, Any]) -> ConfigDict:
    return ConfigDict(json_schema_extra={"examples": [value]})


# -- errors and health ---------------------------------------------------------------------------
class ErrorBody(BaseModel):
    code: str = Field(description="Stable machine-readable error code.")
    message: str = Field(description="What went wrong, where, and how to fix it.")
    details: Any = Field(default=None, description="Structured details (validation problems...).")


class ErrorResponse(BaseModel):
    """The one shape of every error answer."""

    model_config = _example(
        {
            "error": {
                "code": "memory_not_found",
                "message": "no memory named 'g7' (see GET /v1/memories)",
                "details": None,
            }
        }
    )
    error: ErrorBody


class HealthResponse(BaseModel):
    model_config = _example({"status": "ok"})
    status: Literal["ok"]


class ReadyResponse(BaseModel):
    model_config = _example({"status": "ready", "memories": 2})
    status: Literal["ready"]
    memories: int = Field(description="Number of memories in the store.")


# -- keys ----------------------------------------------------------------------------------------
class KeyCreateRequest(BaseModel):
    model_config = _example({"role": "translator", "memories": ["g7"], "label": "cms-prod"})
    role: Literal["reader", "translator", "admin"]
    memories: list[str] | None = Field(
        default=None, description="Restrict the key to these memories (null: all memories)."
    )
    label: str = Field(default="", max_length=200, description="A note to recognise the key.")


_KEY_EXAMPLE: dict[str, Any] = {
    "id": 3,
    "prefix": "mk_Q2x9fPa",
    "role": "translator",
    "memories": ["g7"],
    "label": "cms-prod",
    "created_at": "2026-11-27T22:40:00+00:00",
    "revoked_at": None,
}


class KeyInfo(BaseModel):
    model_config = _example(_KEY_EXAMPLE)
    id: int
    prefix: str = Field(description="The first characters of the key, to recognise it.")
    role: Literal["reader", "translator", "admin"]
    memories: list[str] | None
    label: str
    created_at: str
    revoked_at: str | None


class KeyCreatedResponse(BaseModel):
    model_config = _example(
        {
            "key": "mk_Q2x9fPa7Jd0sVqv7wQhN3rX0bqz8o1Yk5cGfLmT2eUw",
            "info": _KEY_EXAMPLE,
        }
    )
    key: str = Field(description="The key itself: shown this once, only its hash is stored.")
    info: KeyInfo


class KeyListResponse(BaseModel):
    model_config = _example({"keys": [_KEY_EXAMPLE]})
    keys: list[KeyInfo]


# -- jobs ----------------------------------------------------------------------------------------
_JOB_EXAMPLE: dict[str, Any] = {
    "id": "4f1c2b0e9a7d4c55b1f0e3a2d6c8b9e1",
    "kind": "import-tmx",
    "target": "g7",
    "status": "succeeded",
    "progress": 60,
    "result": {"added": 58, "merged": 2, "alternatives": 0, "skipped": 0},
    "error": None,
    "created_at": "2026-11-27T22:40:00.123+00:00",
    "updated_at": "2026-11-27T22:40:01.456+00:00",
}


class JobResponse(BaseModel):
    model_config = _example(_JOB_EXAMPLE)
    id: str
    kind: str
    target: str = Field(description="The memory or glossary the job works on.")
    status: Literal["queued", "running", "cancelling", "succeeded", "failed"]
    progress: int = Field(description="Units or entries processed so far.")
    result: dict[str, Any] | None = Field(description="The import report, once succeeded.")
    error: str | None = Field(description="Why the job failed, once failed.")
    created_at: str
    updated_at: str


class ImportAccepted(BaseModel):
    model_config = _example(
        {
            "job": _JOB_EXAMPLE | {"status": "queued", "progress": 0, "result": None},
            "status_url": "/v1/jobs/4f1c2b0e9a7d4c55b1f0e3a2d6c8b9e1",
        }
    )
    job: JobResponse
    status_url: str = Field(description="Poll this URL for progress and the final report.")


# -- memories and units --------------------------------------------------------------------------
QAPolicy = Literal["refuse", "flag", "off", "default"]
_QA_POLICY_DOC = (
    "What writes of units with QA errors do: refuse (422 qa_refused; imports list the unit as"
    " skipped), flag (stored with the prop x-qa-flag; listed by ?flagged=true) or off (no"
    " check). null/default: refuse for unit writes, flag for imports and alignment."
)


class MemoryCreateRequest(BaseModel):
    model_config = _example(
        {"name": "g7", "priority": 10, "read_only": False, "description": "G7 Rome/Lyon Group"}
    )
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    priority: int = Field(default=0, ge=-1000, le=1000, description="Higher ranks first on ties.")
    read_only: bool = False
    description: str = Field(default="", max_length=2000)
    qa_policy: QAPolicy | None = Field(default=None, description=_QA_POLICY_DOC)


_MEMORY_EXAMPLE: dict[str, Any] = {
    "name": "g7",
    "priority": 10,
    "read_only": False,
    "description": "G7 Rome/Lyon Group",
    "created_at": "2026-11-27T22:40:00+00:00",
    "units": 60,
}


class MemoryUpdateRequest(BaseModel):
    model_config = _example({"priority": 20, "read_only": True})
    priority: int | None = Field(default=None, ge=-1000, le=1000)
    read_only: bool | None = None
    description: str | None = Field(default=None, max_length=2000)
    qa_policy: QAPolicy | None = Field(
        default=None, description=_QA_POLICY_DOC + " Left out: unchanged."
    )


class MemoryResponse(BaseModel):
    model_config = _example(_MEMORY_EXAMPLE)
    name: str
    priority: int
    read_only: bool
    description: str
    created_at: str
    units: int
    qa_policy: str | None = Field(default=None, description=_QA_POLICY_DOC)


class MemoryListResponse(BaseModel):
    model_config = _example({"memories": [_MEMORY_EXAMPLE]})
    memories: list[MemoryResponse]


#: How a text sent is read: TMX inline elements inside the text (docs/api.md, "Inline tags").
Markup: Any = Field(
    default="auto",
    description="How texts are read: auto (as TMX inline markup when they hold <bpt>, <ept>,"
    " <it>, <ph>, <ut> or <hi>, else as plain text), tmx (always markup), text (never).",
)
MarkupMode = Literal["auto", "tmx", "text"]


class VariantIn(BaseModel):
    lang: str = LangTag
    text: str = Field(
        min_length=1,
        description="The segment: plain text, or text with TMX inline elements"
        ' (<bpt i="1">&lt;b&gt;</bpt>bold<ept i="1">&lt;/b&gt;</ept>), kept as sent.',
    )


class UnitWriteRequest(BaseModel):
    model_config = _example(
        {
            "variants": [
                {"lang": "it", "text": "Il Gruppo Roma/Lione si è riunito a Roma."},
                {"lang": "sw", "text": "Kundi la Roma/Lyon lilikutana Roma."},
            ],
            "project": "cms-2026",
            "override_reason": None,
            "prev": "Il 3 ottobre 2024 il Gruppo ha tenuto la sua riunione plenaria.",
            "next": None,
            "context_key": "report-2024/p3-s2",
        }
    )
    variants: list[VariantIn] = Field(min_length=2, max_length=20)
    markup: MarkupMode = Markup
    source_lang: str | None = Field(
        default=None,
        max_length=35,
        description="The source language for the QA check (default: the first variant's).",
    )
    project: str | None = Field(default=None, max_length=200)
    override_reason: str | None = Field(
        default=None,
        max_length=2000,
        description="Store the unit even if QA finds errors, recording this reason.",
    )
    prev: str | None = Field(
        default=None, max_length=10000, description="The source segment before this one."
    )
    next: str | None = Field(
        default=None, max_length=10000, description="The source segment after this one."
    )
    context_key: str | None = Field(
        default=None, max_length=1000, description="The segment's context key (OmegaT's id)."
    )


class _UnitChange(BaseModel):
    """What every change of a stored unit may carry besides the texts."""

    markup: MarkupMode = Markup

    source_lang: str | None = Field(
        default=None,
        max_length=35,
        description="The source language for the QA check (default: the first variant's).",
    )
    override_reason: str | None = Field(
        default=None,
        max_length=2000,
        description="Store the change even if QA finds errors, recording this reason.",
    )


class UnitUpdateRequest(_UnitChange):
    model_config = _example(
        {
            "variants": [{"lang": "sw", "text": "Kundi la Roma/Lyon lilikutana mjini Roma."}],
            "override_reason": None,
        }
    )
    variants: list[VariantIn] = Field(min_length=1, max_length=20)


class UnitPatchRequest(_UnitChange, VariantIn):
    """One variant's new text; the unit's other variants are not sent and stay as stored."""

    model_config = _example(
        {"lang": "sw", "text": "Kundi la Roma/Lyon lilikutana mjini Roma.", "override_reason": None}
    )


class VariantOut(BaseModel):
    lang: str
    text: str = Field(description="Plain text (inline tags removed).")
    tagged: str = Field(description="Text with inline tags as numbered placeholders.")
    tmx: str = Field(
        default="",
        description="Text with its inline tags as TMX elements (as sent and exported);"
        " the plain text when it has none.",
    )


_UNIT_EXAMPLE: dict[str, Any] = {
    "id": 42,
    "memory": "g7",
    "variants": [
        {
            "lang": "it",
            "text": "Il Gruppo si è riunito.",
            "tagged": "Il Gruppo si è riunito.",
        },
        {"lang": "sw", "text": "Kundi lilikutana.", "tagged": "Kundi lilikutana."},
    ],
    "origin": "api",
    "project": None,
    "created_at": "2026-11-27T22:40:00+00:00",
    "updated_at": "2026-11-27T22:40:00+00:00",
    "override_reason": None,
    "props": [{"type": "prev", "text": "Il rapporto è stato approvato."}],
    "tuids": ["cms-42"],
    "version": 1,
}


class UnitResponse(BaseModel):
    model_config = _example(_UNIT_EXAMPLE)
    id: int
    memory: str
    variants: list[VariantOut]
    origin: str
    project: str | None
    created_at: str
    updated_at: str
    override_reason: str | None
    props: list[dict[str, str]] = Field(
        default_factory=list,
        description="The unit's props ({type, text}), e.g. its context: prev, next, id.",
    )
    tuids: list[str] = Field(
        default_factory=list,
        description="The tuids the unit answers to: its own, then those of merged duplicates.",
    )
    qa_flag: list[str] = Field(
        default_factory=list,
        description="The checks that flagged the unit (its x-qa-flag prop; memory policy flag).",
    )
    version: int = Field(
        ge=1,
        description='Raised by every change; also the ETag ("3"): send it as If-Match on '
        "PUT, PATCH and DELETE so that a change made since you read the unit is not overwritten.",
    )


class UnitListResponse(BaseModel):
    model_config = _example(
        {
            "units": [_UNIT_EXAMPLE],
            "next_cursor": "42",
        }
    )
    units: list[UnitResponse]
    next_cursor: str | None = Field(
        description="Pass as ?cursor= for the next page; null at the end."
    )


# -- lookups -------------------------------------------------------------------------------------
class Match(BaseModel):
    """One suggestion, with the same fields as ``mkutano suggest --json``."""

    model_config = ConfigDict(extra="allow")
    score: float
    type: str = Field(description="exact, context, fuzzy, pivot or subsegment.")
    source: str = Field(description="The TM source segment (TMX inline markup if tagged).")
    target: str = Field(
        description="The TM target with placeables substituted and the query's own inline tags"
        " where the memory's were (TMX inline markup; plain text when untagged)."
    )
    target_tags: list[dict[str, Any]] = Field(
        default_factory=list,
        description="The target's tags in order: kind, role, attrs, code (native code, escaped).",
    )
    tm_target: str = Field(description="The TM target as stored (TMX inline markup if tagged).")
    penalties: list[dict[str, Any]]
    diff: list[dict[str, Any]]
    basis: str = Field(
        default="tokens",
        description="What the score starts from: tokens, or characters (short segments).",
    )
    subsegment: dict[str, Any] | None = Field(
        default=None,
        description="For a subsegment match: kind (unit or phrase), span (character offsets in"
        " the query, end excluded), text; a phrase adds count (units holding it) and renderings"
        " (text, count, dice).",
    )


_MATCH_EXAMPLE: dict[str, Any] = {
    "score": 98.0,
    "type": "fuzzy",
    "source": "La riunione si è tenuta a Roma il 2 ottobre 2024.",
    "target": "Mkutano ulifanyika Roma tarehe 3 Oktoba 2024.",
    "tm_target": "Mkutano ulifanyika Roma tarehe 2 Oktoba 2024.",
    "penalties": [{"name": "numbers", "points": 2.0, "detail": "2 → 3"}],
    "diff": [{"op": "replace", "query": "3", "tm": "2"}],
    "substitutions": [{"kind": "number", "old": "2", "new": "3"}],
    "unit_id": 7,
    "memory": "g7",
    "source_lang": "it",
    "target_lang": "sw",
    "provenance": {"origin": "import:g7-rome-lyon.tmx", "usagecount": 0},
    "pivot": None,
    "basis": "tokens",
}


class SuggestRequest(BaseModel):
    model_config = _example(
        {
            "source_lang": "it",
            "target_lang": "sw",
            "text": "La riunione si è tenuta a Roma il 3 ottobre 2024.",
            "prev": None,
            "next": None,
        }
    )
    source_lang: str = LangTag
    target_lang: str = Field(min_length=1, max_length=35, examples=["sw"])
    text: str = Field(
        min_length=1,
        description="The segment to translate; may hold TMX inline elements (see markup).",
    )
    markup: MarkupMode = Markup
    prev: str | None = Field(default=None, description="The previous segment (context match).")
    next: str | None = Field(default=None, description="The next segment (context match).")
    context_key: str | None = Field(default=None, max_length=500)
    threshold: float = Field(default=75.0, ge=1, le=101)
    limit: int = Field(default=5, ge=1, le=50)
    memories: list[str] | None = Field(default=None, description="Search only these memories.")
    subsegments: bool = Field(
        default=True,
        description="When no match reaches the threshold, return subsegment matches (stored"
        " units inside the text, its longest recurring phrases); false: none.",
    )


class SuggestResponse(BaseModel):
    model_config = _example({"matches": [_MATCH_EXAMPLE]})
    matches: list[Match]


class SuggestBatchItem(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    text: str = Field(min_length=1)
    prev: str | None = None
    next: str | None = None


class SuggestBatchRequest(BaseModel):
    model_config = _example(
        {
            "source_lang": "it",
            "target_lang": "sw",
            "items": [
                {"id": "s1", "text": "Il Gruppo Roma/Lione.", "prev": None, "next": "La riunione."},
                {"id": "s2", "text": "La riunione.", "prev": "Il Gruppo Roma/Lione.", "next": None},
            ],
        }
    )
    source_lang: str = LangTag
    target_lang: str = Field(min_length=1, max_length=35, examples=["sw"])
    items: list[SuggestBatchItem] = Field(min_length=1)
    markup: MarkupMode = Markup
    threshold: float = Field(default=75.0, ge=1, le=101)
    limit: int = Field(default=5, ge=1, le=50)
    memories: list[str] | None = None
    subsegments: bool = Field(default=True, description="As in a single suggest request.")


class SuggestBatchResult(BaseModel):
    id: str
    matches: list[Match]


class SuggestBatchResponse(BaseModel):
    model_config = _example({"results": [{"id": "s1", "matches": [_MATCH_EXAMPLE]}]})
    results: list[SuggestBatchResult]


class ConcordanceRequest(BaseModel):
    model_config = _example(
        {"phrase": "follow the money", "lang": "en", "target_lang": "sw", "limit": 20}
    )
    phrase: str = Field(min_length=1)
    lang: str = LangTag
    target_lang: str | None = Field(default=None, max_length=35)
    memories: list[str] | None = None
    limit: int = Field(default=50, ge=1, le=500)
    forms: bool = Field(
        default=False,
        description="Each word also finds its inflected forms (migrant: migrants; Swahili"
        " noun-class pairs). A word with * or ? is a pattern (crimin*) either way.",
    )


class ConcordanceHit(BaseModel):
    model_config = ConfigDict(extra="allow")
    unit_id: int
    memory: str
    lang: str
    text: str
    left: str
    match: str
    right: str
    start: int
    end: int
    translations: dict[str, str]


class ConcordanceResponse(BaseModel):
    model_config = _example(
        {
            "hits": [
                {
                    "unit_id": 12,
                    "memory": "g7",
                    "lang": "en",
                    "text": "The principle of follow the money was stressed.",
                    "left": "The principle of ",
                    "match": "follow the money",
                    "right": " was stressed.",
                    "start": 17,
                    "end": 33,
                    "translations": {"sw": "Kanuni ya kufuatilia fedha ilisisitizwa."},
                }
            ]
        }
    )
    hits: list[ConcordanceHit]


class TermsRequest(BaseModel):
    model_config = _example(
        {"text": "Magaidi na wahamiaji walijadiliwa na INTERPOL.", "lang": "sw", "glossary": None}
    )
    text: str = Field(min_length=1)
    lang: str = LangTag
    glossary: str | None = Field(default=None, description="Glossary name (default: all).")


class TermHit(BaseModel):
    model_config = ConfigDict(extra="allow")
    start: int
    end: int
    text: str = Field(description="The form found in the text.")
    match: str = Field(description="How it matched: exact, case-folded, lemma or variant.")


class TermsResponse(BaseModel):
    model_config = _example(
        {
            "hits": [
                {
                    "start": 0,
                    "end": 7,
                    "text": "Magaidi",
                    "concept": "c-terrorist",
                    "match": "variant",
                    "renderings": {"it": ["terrorista"], "en": ["terrorist"]},
                }
            ]
        }
    )
    hits: list[TermHit]


class QAPair(BaseModel):
    id: str = Field(min_length=1, max_length=200)
    source: str
    target: str


class QARequest(BaseModel):
    model_config = _example(
        {
            "source_lang": "it",
            "target_lang": "sw",
            "pairs": [
                {
                    "id": "p1",
                    "source": "Il terrorismo resta una minaccia.",
                    "target": "Ugaidihuleta tishio.",
                }
            ],
        }
    )
    source_lang: str = LangTag
    target_lang: str = Field(min_length=1, max_length=35, examples=["sw"])
    pairs: list[QAPair] = Field(min_length=1)
    glossary: str | None = Field(default=None, description="Glossary name (default: all).")
    memory: str | None = Field(default=None, description="Check consistency with this memory.")
    project: str | None = Field(
        default=None,
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="Check with this project's stored QA profile and suppressions; the findings"
        " are remembered, so that a reviewer can suppress them by fingerprint.",
    )


ProjectName = Field(max_length=200, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")


class QAProfileBody(BaseModel):
    """A QA profile: the JSON of a profile file (docs/qa.md), without suppressions."""

    model_config = _example(
        {
            "checks": {"disable": ["length-ratio"], "severity": {"glued-words": "error"}},
            "language": {"allow": ["fentanyl"]},
            "rules": [
                {
                    "name": "no-jeshi",
                    "pattern": "\\bJeshi la Polisi\\b",
                    "message": "the State Police is 'Polisi ya Taifa'",
                    "severity": "error",
                }
            ],
        }
    )
    checks: dict[str, Any] = Field(default_factory=dict)
    language: dict[str, Any] = Field(default_factory=dict)
    rules: list[dict[str, Any]] = Field(default_factory=list)


class QAProfileResponse(BaseModel):
    model_config = _example(
        {
            "project": "cms-2026",
            "profile": {
                "checks": {"disable": ["length-ratio"], "severity": {}},
                "language": {"allow": ["fentanyl"]},
                "rules": [],
            },
            "updated_by": "cms-admin",
            "updated_at": "2026-12-04T19:00:00+00:00",
        }
    )
    project: str
    profile: dict[str, Any]
    updated_by: str | None = Field(description="The key name that stored it (null: default).")
    updated_at: str | None


class SuppressionRequest(BaseModel):
    model_config = _example({"fingerprint": "5b551e2189bda4ce", "why": "quoted from the source"})
    fingerprint: str = Field(
        min_length=1, max_length=64, description="A finding's fingerprint, from a QA report."
    )
    why: str = Field(min_length=1, max_length=2000, description="Why the finding is accepted.")


_SUPPRESSION_EXAMPLE: dict[str, Any] = {
    "fingerprint": "5b551e2189bda4ce",
    "who": "amina",
    "why": "quoted from the source",
    "created_at": "2026-12-04T19:00:00+00:00",
    "check": "term-forbidden",
    "message": "'Prefect' is a forbidden term for g7-prefect; use 'Prefekti'",
}


class SuppressionResponse(BaseModel):
    model_config = _example(_SUPPRESSION_EXAMPLE)
    fingerprint: str
    who: str = Field(description="The name of the key that accepted the finding.")
    why: str
    created_at: str
    check: str | None = Field(description="The check of the suppressed finding.")
    message: str | None


class SuppressionListResponse(BaseModel):
    model_config = _example({"suppressions": [_SUPPRESSION_EXAMPLE]})
    suppressions: list[SuppressionResponse]


class QADocumentRequest(BaseModel):
    model_config = _example(
        {
            "source_lang": "it",
            "target_lang": "sw",
            "source_text": "Il terrorismo resta una minaccia. La riunione si è tenuta a Roma.",
            "target_text": "Ugaidihuleta tishio. Mkutano ulifanyika Roma.",
        }
    )
    source_lang: str | None = Field(
        default=None, max_length=35, description="Absent: check the target text alone."
    )
    target_lang: str = Field(min_length=1, max_length=35, examples=["sw"])
    source_text: str | None = Field(default=None, description="The source document (plain text).")
    target_text: str = Field(min_length=1, description="The translated document (plain text).")
    glossary: str | None = Field(default=None, description="Glossary name (default: all).")


class Finding(BaseModel):
    """One QA finding, with the same fields as ``mkutano qa --format json``."""

    model_config = ConfigDict(extra="allow")
    check: str
    severity: Literal["error", "warning", "info"]
    message: str
    span: dict[str, int] | None = None


class UnitWriteResponse(UnitResponse):
    """A stored unit and the QA findings of its check (warnings; errors were overridden)."""

    model_config = _example(_UNIT_EXAMPLE | {"findings": []})
    findings: list[Finding] = Field(default_factory=list)


class QAResponse(BaseModel):
    model_config = _example(
        {
            "findings": [
                {
                    "check": "typography.glued-words",
                    "severity": "error",
                    "message": "'Ugaidihuleta' looks like two words glued together",
                    "id": "p1",
                    "span": {"start": 0, "end": 12},
                    "suggestion": "Ugaidi huleta",
                }
            ]
        }
    )
    findings: list[Finding]


# -- glossaries ----------------------------------------------------------------------------------
_TERM_EXAMPLE: dict[str, Any] = {
    "text": "gaidi",
    "lang": "sw",
    "status": "preferred",
    "type": "fullForm",
    "part_of_speech": "noun",
    "case_sensitive": False,
    "do_not_translate": False,
    "usage_note": "plural: magaidi",
}
_CONCEPT_EXAMPLE: dict[str, Any] = {
    "id": "c-terrorist",
    "subject_field": "security",
    "definition": "A person who uses violence against civilians for political aims.",
    "terms": [
        {"text": "terrorista", "lang": "it", "status": "preferred"},
        {"text": "terrorist", "lang": "en", "status": "preferred"},
        _TERM_EXAMPLE,
    ],
}


class TermModel(BaseModel):
    """A term of a concept in one language (TBX data categories)."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [_TERM_EXAMPLE]})
    text: str = Field(min_length=1, max_length=500)
    lang: str = LangTag
    status: Literal["preferred", "admitted", "deprecated", "superseded", "forbidden"] | None = None
    type: str | None = Field(default=None, max_length=50, examples=["acronym"])
    part_of_speech: str | None = Field(default=None, max_length=50)
    case_sensitive: bool = False
    do_not_translate: bool = False
    usage_note: str = Field(default="", max_length=2000)


class ConceptModel(BaseModel):
    """A concept entry: one meaning and its terms in every language."""

    model_config = ConfigDict(extra="allow", json_schema_extra={"examples": [_CONCEPT_EXAMPLE]})
    id: str = Field(default="", max_length=200, description="Empty: the store makes one.")
    subject_field: str = Field(default="", max_length=500)
    definition: str = Field(default="", max_length=5000)
    note: str = Field(default="", max_length=5000)
    terms: list[TermModel] = Field(min_length=1, max_length=200)


class ConceptListResponse(BaseModel):
    model_config = _example({"entries": [_CONCEPT_EXAMPLE], "next_cursor": None})
    entries: list[ConceptModel]
    next_cursor: str | None = Field(description="Pass as ?cursor= for the next page.")


_GLOSSARY_EXAMPLE: dict[str, Any] = {
    "name": "g7",
    "priority": 10,
    "description": "G7 Rome/Lyon Group terminology",
    "created_at": "2026-11-27T22:40:00Z",
    "concepts": 48,
}


class GlossaryCreateRequest(BaseModel):
    model_config = _example({"name": "g7", "priority": 10, "description": "G7 terminology"})
    name: str = Field(min_length=1, max_length=100, pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
    priority: int = Field(default=0, ge=-1000, le=1000)
    description: str = Field(default="", max_length=2000)


class GlossaryResponse(BaseModel):
    model_config = _example(_GLOSSARY_EXAMPLE)
    name: str
    priority: int
    description: str
    created_at: str
    concepts: int


class GlossaryListResponse(BaseModel):
    model_config = _example({"glossaries": [_GLOSSARY_EXAMPLE]})
    glossaries: list[GlossaryResponse]


class GlossaryImportResponse(BaseModel):
    model_config = _example(
        {
            "glossary": "g7",
            "file": "g7-rome-lyon.tbx",
            "format": "tbx",
            "concepts": 48,
            "added": 48,
            "updated": 0,
            "terms": 190,
            "languages": ["it", "en", "sw"],
            "rejected": False,
            "complete": True,
            "diagnostics": [],
        }
    )
    glossary: str
    file: str
    format: str
    concepts: int
    added: int
    updated: int
    terms: int
    languages: list[str]
    rejected: bool
    complete: bool
    diagnostics: list[dict[str, Any]]


# -- documents -----------------------------------------------------------------------------------
_BAND_EXAMPLE: dict[str, Any] = {"segments": 3, "words": 41, "characters": 230}


class AnalysisResponse(BaseModel):
    """Segments, words and characters per match band, per file and in total."""

    model_config = ConfigDict(
        extra="allow",
        json_schema_extra={
            "examples": [
                {
                    "source_lang": "it",
                    "target_lang": "sw",
                    "memories": None,
                    "bands": [
                        "repetitions",
                        "context",
                        "100",
                        "95-99",
                        "85-94",
                        "75-84",
                        "50-74",
                        "no-match",
                    ],
                    "files": [
                        {
                            "name": "report.it.txt",
                            "segments": 41,
                            "words": 812,
                            "characters": 4630,
                            "bands": {"100": _BAND_EXAMPLE, "no-match": _BAND_EXAMPLE},
                        }
                    ],
                    "total": {
                        "name": "total",
                        "segments": 41,
                        "words": 812,
                        "characters": 4630,
                        "bands": {"100": _BAND_EXAMPLE, "no-match": _BAND_EXAMPLE},
                    },
                }
            ]
        },
    )
    source_lang: str
    target_lang: str
    memories: list[str] | None
    bands: list[str]
    files: list[dict[str, Any]]
    total: dict[str, Any]
