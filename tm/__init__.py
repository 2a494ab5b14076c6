"""Translation memory: stores, import/export, matching."""

from .align import Alignment, Bead, align, align_files, beads_to_units, import_alignment
from .analysis import AnalysisReport, analyze
from .concordance import ConcordanceHit, concordance
from .editing import replace_texts, unit_from_texts
from .errors import (
    ConflictError,
    DatabaseBusy,
    DatabaseError,
    InvalidInputError,
    MemoryNotFound,
    NotFoundError,
    ReadOnlyError,
    TMError,
    UnitNotFound,
    VersionConflict,
)
from .factory import migrate_store, open_store, store_exists
from .match import Match, suggest, suggest_batch
from .memstore import MemoryStore
from .placeables import Substitution
from .pretranslate import Pretranslation, pretranslate, rebuild
from .score import DiffOp, Penalty
from .sqlstore import SQLStore
from .store import (
    ImportAborted,
    ImportReport,
    IndexedVariant,
    Memory,
    Store,
    StoredUnit,
    UnitEdit,
)
from .transfer import export_tmx, import_tmx

__all__ = [
    "Alignment",
    "AnalysisReport",
    "Bead",
    "ConcordanceHit",
    "ConflictError",
    "DatabaseBusy",
    "DatabaseError",
    "DiffOp",
    "ImportAborted",
    "ImportReport",
    "IndexedVariant",
    "InvalidInputError",
    "Match",
    "Memory",
    "MemoryNotFound",
    "MemoryStore",
    "NotFoundError",
    "Penalty",
    "Pretranslation",
    "ReadOnlyError",
    "SQLStore",
    "Store",
    "StoredUnit",
    "Substitution",
    "TMError",
    "UnitEdit",
    "UnitNotFound",
    "VersionConflict",
    "align",
    "align_files",
    "analyze",
    "beads_to_units",
    "concordance",
    "export_tmx",
    "import_alignment",
    "import_tmx",
    "migrate_store",
    "open_store",
    "pretranslate",
    "rebuild",
    "replace_texts",
    "store_exists",
    "suggest",
    "suggest_batch",
    "unit_from_texts",
]
