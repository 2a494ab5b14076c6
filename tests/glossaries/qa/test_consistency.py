"""Consistency checks within the checked text and against a memory."""

from __future__ import annotations

from mkutano.glossaries.qa import Pair, check_pairs
from mkutano.tm import open_store
from mkutano.tmx import Segment, Unit, Variant

from .conftest import checks

SRC = "Il Gruppo Roma/Lione si è riunito."


def _check(pairs: list[Pair], **kw: object) -> list[str]:
    return checks(check_pairs(pairs, source_lang="it", target_lang="sw", **kw))  # type: ignore[arg-type]


def test_same_source_translated_two_ways() -> None:
    pairs = [
        Pair("1", SRC, "Kundi la Rome/Lyon lilikutana."),
        Pair("2", SRC, "Kundi la Rome/Lyon lilikutana."),
        Pair("3", SRC, "Kikundi cha Roma/Lyon kilikutana."),
    ]
    found = check_pairs(pairs, source_lang="it", target_lang="sw")
    inc = [f for f in found if f.check == "inconsistent-translation"]
    assert [f.id for f in inc] == ["3"]  # the odd one out, with the majority as suggestion
    assert inc[0].suggestion == "Kundi la Rome/Lyon lilikutana."


def test_same_translation_twice_is_consistent() -> None:
    pairs = [
        Pair("1", SRC, "Kundi la Rome/Lyon lilikutana."),
        Pair("2", SRC.upper().lower(), "Kundi la Rome/Lyon  lilikutana."),
    ]
    assert "inconsistent-translation" not in _check(pairs)


def test_same_target_for_different_sources() -> None:
    pairs = [
        Pair("1", "Il Gruppo si è riunito.", "Kundi lilikutana."),
        Pair("2", "Il Sottogruppo si è riunito.", "Kundi lilikutana."),
    ]
    assert "inconsistent-source" in _check(pairs)
    same = [
        Pair("1", "Il Gruppo si è riunito.", "Kundi lilikutana."),
        Pair("2", "Il Gruppo si è riunito.", "Kundi lilikutana."),
    ]
    assert "inconsistent-source" not in _check(same)


def _unit(it: str, sw: str) -> Unit:
    return Unit([Variant("it", Segment.from_text(it)), Variant("sw", Segment.from_text(sw))])


def test_memory_has_another_translation() -> None:
    store = open_store("memory:")
    store.create_memory("g7")
    store.add_unit("g7", _unit("Il Gruppo si è riunito a Roma.", "Kundi lilikutana mjini Roma."))
    store.add_unit("g7", _unit("Il Gruppo si è riunito a Lione.", "Kundi lilikutana Lyon."))
    bad = check_pairs(
        [Pair("1", "Il Gruppo si è riunito a Roma.", "Kundi lilikutana Roma.")],
        source_lang="it",
        target_lang="sw",
        memory=store,
    )
    mem = [f for f in bad if f.check == "memory-inconsistent"]
    assert len(mem) == 1
    assert mem[0].suggestion == "Kundi lilikutana mjini Roma."
    same = [Pair("1", "Il Gruppo si è riunito a Roma.", "Kundi lilikutana mjini Roma.")]
    assert "memory-inconsistent" not in _check(same, memory=store)
