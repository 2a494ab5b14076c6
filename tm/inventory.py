"""What a memory holds, cheaply: its languages, and a fingerprint that changes with its content.

CAT-tool protocols need both without reading every unit: a tmserver client asks which languages
are served (``/languages/``), an Apertium client which pairs (``/listPairs``), and an OmegaT
project feed answers ``If-None-Match`` with 304 while the memory is unchanged. On the database
stores each is one aggregate query; other stores (the in-memory one) are walked unit by unit.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from .codec import encode_unit
from .sqlstore import SQLStore
from .store import Store

__all__ = ["memory_fingerprint", "memory_languages"]

# Content hashes are 64-bit; summing them would overflow SQLite's integers on a large memory,
# so each is first reduced modulo a prime (both dialects truncate % the same way).
_MODULUS = 1_000_003


def memory_languages(store: Store, memories: Sequence[str] | None = None) -> dict[str, list[str]]:
    """Return, for each memory (default: all), the language tags of its variants, sorted.

    Tags are as stored (normalised BCP 47: ``it``, ``sw-KE``). A memory named but missing raises
    :class:`tm.MemoryNotFound`.
    """
    names = [m.name for m in store.list_memories()] if memories is None else list(memories)
    for name in names:
        store.get_memory(name)
    out: dict[str, set[str]] = {name: set() for name in names}
    if isinstance(store, SQLStore):
        if names:
            marks = ", ".join("?" * len(names))
            rows = store.db.query(
                "SELECT DISTINCT m.name, v.lang FROM tm_variants v"
                " JOIN tm_memories m ON m.id = v.memory_id"
                f" WHERE m.name IN ({marks})",
                names,
            )
            for name, lang in rows:
                out[str(name)].add(str(lang))
    else:
        for stored in store.iter_units(memories=names):
            out[stored.memory].update(v.lang for v in stored.unit.variants)
    return {name: sorted(langs) for name, langs in out.items()}


def memory_fingerprint(store: Store, memory: str) -> str:
    """Return a short hex digest that changes whenever a unit or header of ``memory`` does.

    It is built from the number of units, the highest id, the latest change time (microseconds),
    a checksum of the units' content hashes and the headers; adding, deleting, editing or merging
    a unit changes at least one of them. Raises :class:`tm.MemoryNotFound` for a missing memory.
    """
    store.get_memory(memory)
    if isinstance(store, SQLStore):
        row = store.db.query_one(
            "SELECT COUNT(*), COALESCE(MAX(u.id), 0), COALESCE(MAX(u.updated_at), ''),"
            f" COALESCE(SUM(u.content_hash % {_MODULUS}), 0)"
            " FROM tm_units u JOIN tm_memories m ON m.id = u.memory_id WHERE m.name = ?",
            (memory,),
        )
        heads = store.db.query_one(
            "SELECT COUNT(*), COALESCE(MAX(h.id), 0) FROM tm_headers h"
            " JOIN tm_memories m ON m.id = h.memory_id WHERE m.name = ?",
            (memory,),
        )
        parts = [str(x) for x in (*(row or ()), *(heads or ()))]
    else:
        digest = hashlib.sha256()
        for stored in store.iter_units(memories=[memory]):
            digest.update(f"{stored.id}\0{stored.updated_at}\0".encode())
            digest.update(encode_unit(stored.unit).encode())
        for header in store.headers(memory):
            digest.update(repr(header).encode())
        parts = [digest.hexdigest()]
    return hashlib.sha256("\x1f".join([memory, *parts]).encode()).hexdigest()[:32]
