"""Translation memory: stores, import/export, matching."""

from .align import Alignment, Bead, align, align_files, beads_to_units, import_alignment
from .analysis import AnalysisReport, analyze
from .concordance import ConcordanceHit, concordance
from .editing import context_props, replace_texts, unit_from_texts
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
from .factory import migrate_all, migrate_store, open_store, store_exists
from .identity import find_units, unit_ids
from .inventory import memory_fingerprint, memory_languages
from .match import Match, suggest, suggest_batch
from .memstore import MemoryStore
from .placeables import Substitution
from .pretranslate import Pretranslation, import_confirmed, pretranslate, rebuild
from .score import DiffOp, Penalty
from .screen import UnitScreen
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
from .subsegment import subsegments
from .transfer import export_tmx, import_bilingual, import_file, import_tmx

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
    "UnitScreen",
    "VersionConflict",
    "align",
    "align_files",
    "analyze",
    "beads_to_units",
    "concordance",
    "context_props",
    "export_tmx",
    "find_units",
    "import_alignment",
    "import_bilingual",
    "import_confirmed",
    "import_file",
    "import_tmx",
    "memory_fingerprint",
    "memory_languages",
    "migrate_all",
    "migrate_store",
    "open_store",
    "pretranslate",
    "rebuild",
    "replace_texts",
    "store_exists",
    "subsegments",
    "suggest",
    "suggest_batch",
    "unit_from_texts",
    "unit_ids",
]
