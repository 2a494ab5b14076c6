"""QA checks of segment pairs or of a whole document (``glossaries.qa``); the QA profile and
suppressions of each project (``glossaries.qa.projects``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path, Response

from mkutano.api.auth import ApiKey
from mkutano.api.deps import (
    Admin,
    MetricsDep,
    Reader,
    SettingsDep,
    StoreDep,
    Translator,
    check_batch,
    check_memory,
    check_text,
    get_glossaries,
    get_qa_projects,
)
from mkutano.api.errors import ApiError
from mkutano.api.schemas import (
    QADocumentRequest,
    QAProfileBody,
    QAProfileResponse,
    QARequest,
    QAResponse,
    SuppressionListResponse,
    SuppressionRequest,
    SuppressionResponse,
)
from mkutano.glossaries.qa import Pair, check_document, check_pairs, check_target_text

from ._glossary import glossary_concepts

router = APIRouter(prefix="/v1", tags=["qa"])


@router.post("/qa", response_model=QAResponse, summary="Check translated segment pairs")
def check_segment_pairs(
    body: QARequest,
    key: Reader,
    store: StoreDep,
    gstore: Annotated[Any, Depends(get_glossaries)],
    projects: Annotated[Any, Depends(get_qa_projects)],
    settings: SettingsDep,
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Run every QA check on the pairs; the findings are those of `mkutano qa --format json`
    (spans are character offsets into each pair's target). With `project`, the project's
    stored profile applies (suppressed findings left out) and the findings are remembered: a
    reviewer can then suppress one by its fingerprint."""
    check_batch(settings, len(body.pairs), "pairs")
    for i, p in enumerate(body.pairs):
        check_text(settings, p.source, f"pairs.{i}.source")
        check_text(settings, p.target, f"pairs.{i}.target")
    if body.memory is not None:
        check_memory(key, body.memory)
        store.get_memory(body.memory)
    findings = check_pairs(
        [Pair(p.id, p.source, p.target) for p in body.pairs],
        source_lang=body.source_lang,
        target_lang=body.target_lang,
        glossary=glossary_concepts(gstore, body.glossary),
        memory=store if body.memory is not None else None,
        memories=[body.memory] if body.memory is not None else None,
        profile=projects.profile(body.project) if body.project else None,
        keep_suppressed=body.project is not None,
    )
    if body.project:
        projects.record(body.project, findings)
        findings = [f for f in findings if not f.suppressed_by]
    metrics.count_lookup("qa", len(body.pairs))
    return {"findings": [f.as_dict() for f in findings]}


@router.post("/qa/document", response_model=QAResponse, summary="Check a translated document")
def check_whole_document(
    body: QADocumentRequest,
    key: Reader,
    gstore: Annotated[Any, Depends(get_glossaries)],
    metrics: MetricsDep,
) -> dict[str, Any]:
    """Segment and align the document with its source, then check it (spans are offsets into
    `target_text`); without `source_text`, check the translation alone."""
    concepts = glossary_concepts(gstore, body.glossary)
    if body.source_text is not None:
        findings = check_document(
            body.source_text,
            body.target_text,
            source_lang=body.source_lang or "",
            target_lang=body.target_lang,
            glossary=concepts,
        )
    else:
        findings = check_target_text(
            body.target_text,
            target_lang=body.target_lang,
            source_lang=body.source_lang,
            glossary=concepts,
        )
    metrics.count_lookup("qa")
    return {"findings": [f.as_dict() for f in findings]}


Project = Annotated[
    str,
    Path(
        max_length=200,
        pattern=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        description="The project (as in POST /v1/qa).",
        examples=["cms-2026"],
    ),
]
Projects = Annotated[Any, Depends(get_qa_projects)]


def _who(key: ApiKey) -> str:
    return key.label or f"api-key-{key.id}"


@router.get(
    "/qa/projects/{project}/profile",
    response_model=QAProfileResponse,
    summary="Read a project's QA profile",
)
def get_profile(key: Reader, projects: Projects, project: Project) -> dict[str, Any]:
    """The project's stored QA profile (checks disabled, severities, rules, allowed words), who
    stored it and when; the default profile (`updated_by` null) when none is stored."""
    return dict(projects.profile_info(project))


@router.put(
    "/qa/projects/{project}/profile",
    response_model=QAProfileResponse,
    summary="Store a project's QA profile",
)
def put_profile(
    body: QAProfileBody, key: Admin, projects: Projects, project: Project
) -> dict[str, Any]:
    """Replace the project's QA profile (the JSON of a profile file, docs/qa.md; an unknown
    check, a bad severity or regular expression is 422 `invalid_profile`). The key's name is
    recorded as who stored it. Suppressions are not part of it: see the suppressions routes."""
    return dict(projects.put_profile(project, body.model_dump(), who=_who(key)))


@router.get(
    "/qa/projects/{project}/suppressions",
    response_model=SuppressionListResponse,
    summary="List a project's suppressed findings",
)
def list_suppressions(key: Reader, projects: Projects, project: Project) -> dict[str, Any]:
    """The findings reviewers accepted for the project: fingerprint, who (key name), why,
    when, and the check and message of the finding."""
    return {"suppressions": projects.suppressions(project)}


@router.post(
    "/qa/projects/{project}/suppressions",
    response_model=SuppressionResponse,
    status_code=201,
    summary="Suppress a finding of a project",
)
def add_suppression(
    body: SuppressionRequest, key: Translator, projects: Projects, project: Project
) -> dict[str, Any]:
    """Accept a finding: later checks of the project (`POST /v1/qa` with `project`) leave it
    out. The fingerprint must be well-formed and known: the fingerprint of a finding a QA run
    of this project reported. Else 422 `unknown_fingerprint`, naming it in `details`. The key's
    name is recorded as who accepted it."""
    return dict(projects.suppress(project, body.fingerprint, who=_who(key), why=body.why))


@router.delete(
    "/qa/projects/{project}/suppressions/{fingerprint}",
    status_code=204,
    summary="Withdraw a suppression",
)
def delete_suppression(
    key: Admin,
    projects: Projects,
    project: Project,
    fingerprint: Annotated[
        str,
        Path(
            max_length=64,
            description="The suppressed finding's fingerprint.",
            examples=["5b551e2189bda4ce"],
        ),
    ],
) -> Response:
    """The finding is reported again; 404 when the project has no such suppression."""
    if not projects.unsuppress(project, fingerprint):
        raise ApiError(404, "not_found", f"project {project!r} has no suppression of {fingerprint}")
    return Response(status_code=204)
