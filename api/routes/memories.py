"""Memories: list, create, read, update, delete (``tm.Store``)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response

from mkutano.api.deps import Admin, MemoryName, Reader, StoreDep, check_memory, get_jobs
from mkutano.api.errors import ApiError
from mkutano.api.jobs import JobRunner
from mkutano.api.schemas import (
    MemoryCreateRequest,
    MemoryListResponse,
    MemoryResponse,
    MemoryUpdateRequest,
)
from mkutano.tm import Memory

router = APIRouter(prefix="/v1/memories", tags=["memories"])

#: Seconds a delete with ``cancel_import=true`` waits for the cancelled imports to stop: an
#: import checks for its cancellation when a batch commits (50,000 units, about 20 s at worst).
_CANCEL_WAIT = 60.0


def memory_dict(m: Memory) -> dict[str, Any]:
    return {
        "name": m.name,
        "priority": m.priority,
        "read_only": m.read_only,
        "description": m.description,
        "created_at": m.created_at,
        "units": m.units,
        "qa_policy": m.qa_policy,
    }


@router.get("", response_model=MemoryListResponse, summary="List memories")
def list_memories(key: Reader, store: StoreDep) -> dict[str, Any]:
    """List the memories this key may use, highest priority first, with their unit counts."""
    return {
        "memories": [memory_dict(m) for m in store.list_memories() if key.can_use_memory(m.name)]
    }


@router.post("", response_model=MemoryResponse, status_code=201, summary="Create a memory")
def create_memory(body: MemoryCreateRequest, key: Admin, store: StoreDep) -> dict[str, Any]:
    """Create an empty memory; 409 if the name is taken."""
    check_memory(key, body.name)
    return memory_dict(
        store.create_memory(
            body.name,
            priority=body.priority,
            read_only=body.read_only,
            description=body.description,
            qa_policy=body.qa_policy,
        )
    )


@router.get("/{name}", response_model=MemoryResponse, summary="Read a memory")
def get_memory(key: Reader, store: StoreDep, name: MemoryName) -> dict[str, Any]:
    """Return a memory's settings and unit count."""
    check_memory(key, name)
    return memory_dict(store.get_memory(name))


@router.put("/{name}", response_model=MemoryResponse, summary="Change a memory's settings")
def update_memory(
    body: MemoryUpdateRequest, key: Admin, store: StoreDep, name: MemoryName
) -> dict[str, Any]:
    """Change priority, read-only flag, description or QA policy (`qa_policy`: refuse, flag,
    off, or default); fields left out stay as they are."""
    check_memory(key, name)
    return memory_dict(
        store.update_memory(
            name,
            priority=body.priority,
            read_only=body.read_only,
            description=body.description,
            qa_policy=body.qa_policy,
        )
    )


@router.delete("/{name}", status_code=204, summary="Delete a memory and its units")
def delete_memory(
    key: Admin,
    store: StoreDep,
    jobs: Annotated[JobRunner, Depends(get_jobs)],
    name: MemoryName,
    cancel_import: Annotated[
        bool,
        Query(
            description="Cancel the imports into the memory first (they stop after the batch "
            "they are writing, at most 60 s are waited for), then delete."
        ),
    ] = False,
) -> Response:
    """Delete a memory and every unit in it. While an import into it is queued or running, in
    any worker: 409 `import_running` naming the job, or with `cancel_import=true` the imports are
    cancelled first, then the memory is deleted."""
    check_memory(key, name)
    running = jobs.unfinished_imports(name)
    if cancel_import:
        running = [j for j in (jobs.cancel(j.id) for j in running) if not j.done]
        running = [j for j in (jobs.wait(j.id, _CANCEL_WAIT) for j in running) if not j.done]
    if running:
        job = running[0]
        hint = (
            "it has been asked to stop and stops after the batch it is writing: retry the delete"
            if job.status == "cancelling"
            else "delete it once the job is done, or add ?cancel_import=true"
        )
        raise ApiError(
            409,
            "import_running",
            f"memory {name!r} is being imported into by job {job.id} ({job.status}); {hint}"
            f" (GET /v1/jobs/{job.id})",
            {"job": job.id, "status": job.status},
        )
    store.delete_memory(name)
    return Response(status_code=204)
