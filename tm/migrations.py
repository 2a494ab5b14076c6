"""The numbered schema migrations of the translation-memory store (namespace ``"tm"``).

Tables (all prefixed ``tm_`` so other packages can share the database):

- ``tm_memories``: named memories (priority, read-only flag, number of units).
- ``tm_units``: one row per unit; ``data`` is the lossless JSON of the :class:`tmx.Unit`,
  ``content_hash``/``source_hash`` are the duplicate-policy keys (:mod:`tm.codec`); ``version``
  is raised by every content change (the API's ETag).
- ``tm_headers``: the TMX headers of the files imported into each memory (export writes them back).
- ``tm_variants``: one row per variant, with its normalised and base language and its index tokens
  (space-joined, so the matcher never tokenises a candidate again).
- ``tm_tokens``: the token dictionary per base language with each token's document frequency;
  it holds the character keys of short variants as well (:mod:`tm.characters`: padded bigrams,
  each starting with a space, which no token contains, and posted with the length in characters).
- ``tm_postings``: one row per distinct token per variant, keyed ``(token_id, ntokens,
  variant_id)`` so a candidates query (tokens × length window) is an index range scan;
  ``WITHOUT ROWID`` on SQLite, the primary-key btree on PostgreSQL.
- ``tm_postings_recent``: the same rows for recently written variants. SQLite writes go here, and
  :class:`tm.sqlstore.SQLStore` moves them into ``tm_postings`` in one sorted statement once there
  are enough of them; a lookup reads both (a posting is in exactly one of the two).

On PostgreSQL both posting tables are packed since migration 7: one row per ``(token_id,
ntokens)`` and writing batch, holding the sorted ids of its variants in an ``integer[]``
(``variant_ids``, at most :data:`PACKED_IDS` of them, so a row stays below the TOAST threshold),
over a non-unique B-tree on ``(token_id, ntokens)``. PostgreSQL has no index-organised tables:
one heap row (28 bytes of header) and one index entry per posting made its index 4 times
SQLite's. A posting is still in exactly one row, so counting rows of ``unnest(variant_ids)``
counts shared tokens as before. Variant and token ids must then fit in ``integer``: a store
reaching 2^31 variants fails its write (``integer out of range``) and stores nothing of it.

Foreign keys are declared only where a check is cheap (units → memories); the index tables are
maintained by :class:`tm.sqlstore.SQLStore` in the same transaction as the unit they describe.
"""

from __future__ import annotations

from .db import Migration

__all__ = ["MIGRATIONS", "NAMESPACE", "PACKED_IDS"]

NAMESPACE = "tm"
#: Variant ids per packed posting row on PostgreSQL: 400 x 4 bytes plus the array's 24-byte
#: header and the row's keep a row under PostgreSQL's 2 kB TOAST threshold (stored in line,
#: never compressed nor moved out of line, so a lookup reads it straight from its page).
PACKED_IDS = 400

_V1_SQLITE = (
    "CREATE TABLE tm_memories ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE,"
    " priority INTEGER NOT NULL DEFAULT 0, read_only INTEGER NOT NULL DEFAULT 0,"
    " description TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL)",
    "CREATE TABLE tm_units ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " memory_id INTEGER NOT NULL REFERENCES tm_memories(id),"
    " content_hash INTEGER NOT NULL, source_hash INTEGER NOT NULL,"
    " origin TEXT NOT NULL DEFAULT '', project TEXT,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, override_reason TEXT,"
    " data TEXT NOT NULL)",
    "CREATE INDEX tm_units_content ON tm_units (memory_id, content_hash)",
    "CREATE INDEX tm_units_source ON tm_units (memory_id, source_hash)",
    "CREATE TABLE tm_headers ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT,"
    " memory_id INTEGER NOT NULL REFERENCES tm_memories(id),"
    " origin TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL)",
    "CREATE INDEX tm_headers_memory ON tm_headers (memory_id)",
    "CREATE TABLE tm_variants ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, unit_id INTEGER NOT NULL,"
    " memory_id INTEGER NOT NULL, vidx INTEGER NOT NULL,"
    " lang TEXT NOT NULL, base_lang TEXT NOT NULL, ntokens INTEGER NOT NULL,"
    " tokens TEXT NOT NULL)",
    "CREATE INDEX tm_variants_unit ON tm_variants (unit_id)",
    "CREATE INDEX tm_variants_empty ON tm_variants (base_lang) WHERE ntokens = 0",
    "CREATE TABLE tm_tokens ("
    " id INTEGER PRIMARY KEY AUTOINCREMENT, base_lang TEXT NOT NULL, token TEXT NOT NULL,"
    " df INTEGER NOT NULL DEFAULT 0, UNIQUE (base_lang, token))",
    "CREATE TABLE tm_postings ("
    " token_id INTEGER NOT NULL, ntokens INTEGER NOT NULL, variant_id INTEGER NOT NULL,"
    " PRIMARY KEY (token_id, ntokens, variant_id)) WITHOUT ROWID",
)

_V1_POSTGRES = (
    "CREATE TABLE tm_memories ("
    " id BIGSERIAL PRIMARY KEY, name TEXT NOT NULL UNIQUE,"
    " priority INTEGER NOT NULL DEFAULT 0, read_only INTEGER NOT NULL DEFAULT 0,"
    " description TEXT NOT NULL DEFAULT '', created_at TEXT NOT NULL)",
    "CREATE TABLE tm_units ("
    " id BIGSERIAL PRIMARY KEY,"
    " memory_id BIGINT NOT NULL REFERENCES tm_memories(id),"
    " content_hash BIGINT NOT NULL, source_hash BIGINT NOT NULL,"
    " origin TEXT NOT NULL DEFAULT '', project TEXT,"
    " created_at TEXT NOT NULL, updated_at TEXT NOT NULL, override_reason TEXT,"
    " data TEXT NOT NULL)",
    "CREATE INDEX tm_units_content ON tm_units (memory_id, content_hash)",
    "CREATE INDEX tm_units_source ON tm_units (memory_id, source_hash)",
    "CREATE TABLE tm_headers ("
    " id BIGSERIAL PRIMARY KEY,"
    " memory_id BIGINT NOT NULL REFERENCES tm_memories(id),"
    " origin TEXT NOT NULL, data TEXT NOT NULL, created_at TEXT NOT NULL)",
    "CREATE INDEX tm_headers_memory ON tm_headers (memory_id)",
    "CREATE TABLE tm_variants ("
    " id BIGSERIAL PRIMARY KEY, unit_id BIGINT NOT NULL,"
    " memory_id BIGINT NOT NULL, vidx INTEGER NOT NULL,"
    " lang TEXT NOT NULL, base_lang TEXT NOT NULL, ntokens INTEGER NOT NULL,"
    " tokens TEXT NOT NULL)",
    "CREATE INDEX tm_variants_unit ON tm_variants (unit_id)",
    "CREATE INDEX tm_variants_empty ON tm_variants (base_lang) WHERE ntokens = 0",
    "CREATE TABLE tm_tokens ("
    " id BIGSERIAL PRIMARY KEY, base_lang TEXT NOT NULL, token TEXT NOT NULL,"
    " df INTEGER NOT NULL DEFAULT 0, UNIQUE (base_lang, token))",
    "CREATE TABLE tm_postings ("
    " token_id BIGINT NOT NULL, ntokens INTEGER NOT NULL, variant_id BIGINT NOT NULL,"
    " PRIMARY KEY (token_id, ntokens, variant_id))",
)

# A unit count kept per memory, so listing memories (each lookup ranks by their priority) does
# not count a million rows.
_V2 = (
    "ALTER TABLE tm_memories ADD COLUMN units INTEGER NOT NULL DEFAULT 0",
    "UPDATE tm_memories SET units ="
    " (SELECT COUNT(*) FROM tm_units u WHERE u.memory_id = tm_memories.id)",
)

# Recent postings: new index entries go to this small table, and are moved into tm_postings in
# one sorted statement once it holds enough. Inserting straight into the big index would touch
# (and rewrite at commit) most of its pages on every batch of a large import.
_V3_SQLITE = (
    "CREATE TABLE tm_postings_recent ("
    " token_id INTEGER NOT NULL, ntokens INTEGER NOT NULL, variant_id INTEGER NOT NULL,"
    " PRIMARY KEY (token_id, ntokens, variant_id)) WITHOUT ROWID",
)
_V3_POSTGRES = (
    "CREATE TABLE tm_postings_recent ("
    " token_id BIGINT NOT NULL, ntokens INTEGER NOT NULL, variant_id BIGINT NOT NULL,"
    " PRIMARY KEY (token_id, ntokens, variant_id))",
)

# A version per unit, raised by every content change: the API's ETag, so a write conditioned on
# the version a client read (If-Match) cannot overwrite a change it has not seen.
_V4 = ("ALTER TABLE tm_units ADD COLUMN version INTEGER NOT NULL DEFAULT 1",)
# Character keys of the short variants already stored (tm.characters, tm.sqlstore._index writes
# them for new ones): their padded bigrams, characters and the every-short key, posted with the length in
# characters. No store has such keys before this migration, so plain inserts serve.
_SHORT_KEYS = (
    "WITH RECURSIVE g(vid, base, txt, i) AS ("
    " SELECT id, base_lang, ' ' || tokens || ' ', 1 FROM tm_variants"
    " WHERE length(tokens) BETWEEN 1 AND 32"
    " UNION ALL SELECT vid, base, txt, i + 1 FROM g WHERE i < length(txt) - 1),"
    " k(vid, base, n, gram) AS ("
    " SELECT DISTINCT vid, base, length(txt) - 2, ' ' || substr(txt, i, 2) FROM g"
    " UNION SELECT vid, base, length(txt) - 2, ' ' || substr(txt, i + 1, 1) FROM g"
    " WHERE i <= length(txt) - 2"
    " UNION SELECT id, base_lang, length(tokens), ' ' FROM tm_variants"
    " WHERE length(tokens) BETWEEN 1 AND 32)"
)
_V5 = (
    _SHORT_KEYS + " INSERT INTO tm_tokens (base_lang, token, df)"
    " SELECT base, gram, COUNT(*) FROM k GROUP BY base, gram",
    _SHORT_KEYS + " INSERT INTO tm_postings (token_id, ntokens, variant_id)"
    " SELECT t.id, k.n, k.vid FROM k JOIN tm_tokens t ON t.base_lang = k.base AND t.token = k.gram",
)

# The QA enforcement policy of each memory (refuse, flag, off; NULL: each write path's default).
_V6 = ("ALTER TABLE tm_memories ADD COLUMN qa_policy VARCHAR(16)",)


def _pack(table: str) -> tuple[str, ...]:
    """PostgreSQL: rewrite posting table ``table`` packed (see the module docstring): its rows
    grouped by ``(token_id, ntokens)``, :data:`PACKED_IDS` sorted variant ids a row."""
    return (
        f"CREATE TABLE {table}_packed (token_id INTEGER NOT NULL, ntokens INTEGER NOT NULL,"
        " variant_ids INTEGER[] NOT NULL)",
        f"INSERT INTO {table}_packed (token_id, ntokens, variant_ids)"
        " SELECT token_id, ntokens, array_agg(variant_id ORDER BY variant_id) FROM ("
        " SELECT token_id, ntokens, variant_id, (row_number() OVER"
        f" (PARTITION BY token_id, ntokens ORDER BY variant_id) - 1) / {PACKED_IDS} AS part"
        f" FROM {table}) s GROUP BY token_id, ntokens, part ORDER BY token_id, ntokens, part",
        f"DROP TABLE {table}",
        f"ALTER TABLE {table}_packed RENAME TO {table}",
        f"CREATE INDEX {table}_key ON {table} (token_id, ntokens)",
    )


_V7_POSTGRES = _pack("tm_postings") + _pack("tm_postings_recent")

MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "memories, units, headers and the token index", _V1_SQLITE, _V1_POSTGRES),
    Migration(2, "unit count per memory", _V2, _V2),
    Migration(3, "recent postings, moved into the index in bulk", _V3_SQLITE, _V3_POSTGRES),
    Migration(4, "a version per unit (optimistic concurrency)", _V4, _V4),
    Migration(5, "character keys of the short variants stored", _V5, _V5),
    Migration(6, "a QA enforcement policy per memory", _V6, _V6),
    Migration(7, "PostgreSQL postings packed into arrays", (), _V7_POSTGRES),
)
