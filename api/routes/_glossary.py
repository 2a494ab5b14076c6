"""Which glossary a lookup or a check uses: the named ones, else all, else the shipped sample."""

from __future__ import annotations

from typing import Any

from mkutano.glossaries import Concept
from mkutano.glossaries.store import default_concepts


def glossary_concepts(gstore: Any, name: str | None) -> list[Concept]:
    """The concepts of glossary ``name``; without a name every stored glossary's, or the sample
    G7 glossary when the store has none (as the CLI does)."""
    if name is not None:
        gstore.get_glossary(name)  # GlossaryNotFound → 404
    return default_concepts(gstore, [name] if name is not None else None)
