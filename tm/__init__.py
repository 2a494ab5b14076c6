"""Translation memory: stores, import/export, matching."""

from .errors import (
    ConflictError,
    DatabaseError,
    InvalidInputError,
    MemoryNotFound,
    NotFoundError,
    ReadOnlyError,
    TMError,
    UnitNotFound,
)
from .store import ImportReport, IndexedVariant, Memory, Store, StoredUnit

__all__ = [
    "ConflictError",
    "DatabaseError",
    "ImportReport",
    "IndexedVariant",
    "InvalidInputError",
    "Memory",
    "MemoryNotFound",
    "NotFoundError",
    "ReadOnlyError",
    "Store",
    "StoredUnit",
    "TMError",
    "UnitNotFound",
]
