"""The bundled sample: the G7 Rome/Lyon memory and glossary, and the demo built on them.

``load_sample`` puts the sample TMX (``tm/data/g7-rome-lyon.tmx``, it/en/sw) and the sample
glossary (``glossaries/data/g7-rome-lyon.tbx``) into a store; loading twice changes nothing (the
memory merges identical units, the glossary replaces concepts by id). ``run_demo`` loads them and
shows what a translator gets for a new Italian sentence: suggestions with substituted placeables
and the glossary terms found in it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mkutano import tm
from mkutano.tm.match import Match, suggest
from mkutano.tm.store import ImportReport, Store
from mkutano.tm.transfer import import_tmx

from .formats import SAMPLE_GLOSSARY
from .recognize import TermHit
from .store import GlossaryImportReport, GlossaryStore, import_glossary, recognize_terms

__all__ = ["SAMPLE_MEMORY", "SAMPLE_TMX", "DemoResult", "load_sample", "run_demo"]

SAMPLE_TMX = Path(tm.__file__).resolve().parent / "data" / "g7-rome-lyon.tmx"
SAMPLE_MEMORY = "g7-sample"
#: A new sentence of the kind the next report holds: it differs from a stored one in its dates.
DEMO_SENTENCE = (
    "I Ministri dell'Interno del G7 si riuniranno a Mirabella Eclano dal 3 al 5 ottobre 2025."
)


@dataclass
class DemoResult:
    """What :func:`run_demo` did and found."""

    memory: ImportReport
    glossary: GlossaryImportReport
    sentence: str
    source_lang: str
    target_lang: str
    matches: list[Match] = field(default_factory=list)
    terms: list[TermHit] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "memory": {"name": SAMPLE_MEMORY, **self.memory.as_dict()},
            "glossary": self.glossary.as_dict(),
            "sentence": self.sentence,
            "source_lang": self.source_lang,
            "target_lang": self.target_lang,
            "matches": [m.as_dict() for m in self.matches],
            "terms": [t.as_dict() for t in self.terms],
        }


def load_sample(
    store: Store, glossaries: GlossaryStore
) -> tuple[ImportReport, GlossaryImportReport]:
    """Import the sample memory and glossary (both named ``g7-sample``)."""
    memory = import_tmx(store, SAMPLE_TMX, memory=SAMPLE_MEMORY)
    glossary = import_glossary(glossaries, SAMPLE_GLOSSARY, name=SAMPLE_MEMORY)
    return memory, glossary


def run_demo(
    store: Store,
    glossaries: GlossaryStore,
    *,
    sentence: str = DEMO_SENTENCE,
    source_lang: str = "it",
    target_lang: str = "sw",
) -> DemoResult:
    """Load the sample data, then suggest translations and find glossary terms for ``sentence``."""
    memory, glossary = load_sample(store, glossaries)
    return DemoResult(
        memory=memory,
        glossary=glossary,
        sentence=sentence,
        source_lang=source_lang,
        target_lang=target_lang,
        matches=suggest(store, sentence, source_lang=source_lang, target_lang=target_lang, limit=3),
        terms=recognize_terms(glossaries, sentence, source_lang, glossaries=[SAMPLE_MEMORY]),
    )
