"""Term candidates mined from a memory, with renderings in the aligned languages."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.glossaries import Concept, Term, TermType, term_candidates
from mkutano.tm import MemoryStore
from mkutano.tmx import Segment, Unit, Variant

ROOT = Path(__file__).resolve().parents[2]


def _unit(en: str, it: str, sw: str) -> Unit:
    return Unit(
        [Variant(lang, Segment.from_text(t)) for lang, t in (("en", en), ("it", it), ("sw", sw))]
    )


@pytest.fixture
def store() -> MemoryStore:
    s = MemoryStore()
    s.create_memory("m")
    rows = [
        ("The LEPSG met in Rome.", "Il LEPSG si è riunito a Roma.", "LEPSG ilikutana Roma."),
        (
            "The LEPSG discussed organised crime.",
            "Il LEPSG ha discusso la criminalità organizzata.",
            "LEPSG ilijadili uhalifu uliopangwa.",
        ),
        (
            "Organised crime is growing.",
            "La criminalità organizzata cresce.",
            "Uhalifu uliopangwa unaongezeka.",
        ),
        (
            "Fighting organised crime, said the LEPSG.",
            "Contrastare la criminalità organizzata.",
            "Kupambana na uhalifu uliopangwa.",
        ),
        ("The weather is fine.", "Il tempo è bello.", "Hali ya hewa ni nzuri."),
    ]
    for en, it, sw in rows:
        s.add_unit("m", _unit(en, it, sw))
    return s


def test_acronyms_and_recurring_phrases_with_renderings(store: MemoryStore) -> None:
    found = {c.text: c for c in term_candidates(store, "en", min_count=3)}
    assert set(found) == {"LEPSG", "organised crime"}
    lepsg = found["LEPSG"]
    assert lepsg.kind == "acronym"
    assert lepsg.count == 3
    assert lepsg.renderings["it"][0].text == "LEPSG"
    crime = found["organised crime"]
    assert crime.kind == "phrase"
    assert crime.count == 3
    assert crime.renderings["it"][0].text == "criminalità organizzata"
    assert crime.renderings["it"][0].count == 3
    assert crime.renderings["sw"][0].text.casefold() == "uhalifu uliopangwa"


def test_stop_word_edges_are_excluded(store: MemoryStore) -> None:
    texts = {c.text.casefold() for c in term_candidates(store, "it", min_count=2)}
    assert "criminalità organizzata" in texts
    assert not any(t.startswith(("la ", "il ")) or t.endswith((" la", " il")) for t in texts)


def test_known_terms_are_not_proposed(store: MemoryStore) -> None:
    known = [Concept("k", [Term("LEPSG", "en", type=TermType.ACRONYM)])]
    assert "LEPSG" not in {c.text for c in term_candidates(store, "en", min_count=3, known=known)}


def test_candidate_becomes_a_concept(store: MemoryStore) -> None:
    [crime] = [c for c in term_candidates(store, "sw", min_count=3) if c.kind == "phrase"]
    concept = crime.to_concept("crime")
    assert [t.lang for t in concept.terms] == ["sw", "en", "it"]
    assert concept.terms[0].text.casefold() == "uhalifu uliopangwa"


def test_sample_memory_finds_g7_acronyms() -> None:
    from mkutano.tm.transfer import import_tmx

    s = MemoryStore()
    import_tmx(s, ROOT / "tm" / "data" / "g7-rome-lyon.tmx", memory="g7")
    found = {c.text: c for c in term_candidates(s, "it", min_count=3)}
    assert found["G7"].renderings["sw"][0].text == "G7"
    assert found["LEPSG"].kind == "acronym"
    assert found["criminalità organizzata"].renderings["sw"][0].text == "uhalifu uliopangwa"
