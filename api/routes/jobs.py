"""Status of background jobs (imports)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from mkutano.api.deps import Admin, check_memory, get_jobs
from mkutano.api.jobs import JobRunner, is_memory_import
from mkutano.api.schemas import JobResponse

router = APIRouter(prefix="/v1/jobs", tags=["jobs"])


@router.get("/{job_id}", response_model=JobResponse, summary="Follow an import job")
def get_job(
    job_id: Annotated[
        str,
        Path(
            max_length=64,
            description="The id returned when the job was created.",
            examples=["4f1c2b0e9a7d4c55b1f0e3a2d6c8b9e1"],
        ),
    ],
    key: Admin,
    jobs: Annotated[JobRunner, Depends(get_jobs)],
) -> dict[str, Any]:
    """Return a job's status, progress (units read so far) and, once done, its report or error."""
    job = jobs.get(job_id)
    if is_memory_import(job.kind):
        check_memory(key, job.target)
    return job.as_dict()
