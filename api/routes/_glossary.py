"""Which glossary a lookup or a check uses: the named ones, else all, else the shipped sample."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from glossaries import Concept
from glossaries.store import sample_concepts


@lru_cache(maxsize=1)
def _sample() -> tuple[Concept, ...]:
    # The shipped file does not change while the server runs; parsing it costs ~70 ms a request.
    return tuple(sample_concepts())


def glossary_concepts(gstore: Any, name: str | None) -> list[Concept]:
    """The concepts of glossary ``name``; without a name every stored glossary's, or the sample
    G7 glossary when the store has none (as the CLI does)."""
    if name is not None:
        gstore.get_glossary(name)  # GlossaryNotFound → 404
        return list(gstore.concepts([name]))
    if gstore.list_glossaries():
        return list(gstore.concepts())
    return list(_sample())
