"""API keys over HTTP (admin keys without a memory restriction only)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Path

from mkutano.api.auth import ApiKey, KeyStore
from mkutano.api.deps import Admin, get_keys
from mkutano.api.errors import ApiError
from mkutano.api.schemas import KeyCreatedResponse, KeyCreateRequest, KeyInfo, KeyListResponse

router = APIRouter(prefix="/v1/keys", tags=["keys"])


def _unrestricted(key: ApiKey) -> None:
    # A key limited to some memories must not mint a key without that limit.
    if key.memories is not None:
        raise ApiError(403, "forbidden", "managing keys needs an admin key without memory limits")


@router.get("", response_model=KeyListResponse, summary="List live API keys")
def list_keys(key: Admin, keys: Annotated[KeyStore, Depends(get_keys)]) -> dict[str, Any]:
    """List the keys not revoked (never the keys themselves: only their prefix)."""
    _unrestricted(key)
    return {"keys": [k.as_dict() for k in keys.list()]}


@router.post("", response_model=KeyCreatedResponse, status_code=201, summary="Create an API key")
def create_key(
    body: KeyCreateRequest, key: Admin, keys: Annotated[KeyStore, Depends(get_keys)]
) -> dict[str, Any]:
    """Create a key; the answer holds the key itself, shown this once."""
    _unrestricted(key)
    created, token = keys.create(body.role, memories=body.memories, label=body.label)
    return {"key": token, "info": created.as_dict()}


@router.delete("/{key_id}", response_model=KeyInfo, summary="Revoke an API key")
def revoke_key(
    key_id: Annotated[
        int, Path(description="The key's id (see GET /v1/keys).", examples=[3], ge=1, le=2**63 - 1)
    ],
    key: Admin,
    keys: Annotated[KeyStore, Depends(get_keys)],
) -> dict[str, Any]:
    """Revoke a key: it stops working at once."""
    _unrestricted(key)
    return keys.revoke(key_id).as_dict()
