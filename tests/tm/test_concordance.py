"""Concordance: whole-word phrase search with keyword-in-context and translations."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.tm import InvalidInputError, Store
from mkutano.tm.concordance import ConcordanceHit, concordance
from mkutano.tmx import Segment, Unit, Variant


def unit(*pairs: tuple[str, str]) -> Unit:
    return Unit([Variant(lang, Segment.from_text(text)) for lang, text in pairs])


@pytest.fixture
def filled(store: Store) -> Store:
    store.create_memory("g7")
    store.import_units(
        "g7",
        [
            unit(
                ("en", "Investigators must follow the money across borders."),
                ("it", "Gli investigatori devono seguire il denaro oltre i confini."),
                ("sw", "Wachunguzi lazima wafuate pesa kuvuka mipaka."),
            ),
            unit(("en", "Follow the Money: a G7 guide"), ("it", "Seguire il denaro: una guida G7")),
            unit(("en", "The money was followed."), ("it", "Il denaro è stato seguito.")),
            unit(
                ("en", "Follow-the-money approaches work."),
                ("sw", "Mbinu za kufuata pesa hufanya kazi."),
            ),
        ],
        origin="test",
    )
    return store


def test_every_occurrence_is_found_in_context(filled: Store) -> None:
    hits = concordance(filled, "follow the money", lang="en")
    assert [h.match for h in hits] == ["follow the money", "Follow the Money", "Follow-the-money"]
    first = hits[0]
    assert (first.left, first.right) == ("Investigators must ", " across borders.")
    assert first.text[first.start : first.end] == "follow the money"
    assert first.translations == {
        "it": "Gli investigatori devono seguire il denaro oltre i confini.",
        "sw": "Wachunguzi lazima wafuate pesa kuvuka mipaka.",
    }


def test_target_language_keeps_units_translated_into_it(filled: Store) -> None:
    hits = concordance(filled, "follow the money", lang="en", target_lang="sw")
    assert [h.unit_id for h in hits] == sorted(h.unit_id for h in hits)
    assert [list(h.translations) for h in hits] == [["sw"], ["sw"]]


def test_words_match_whole_not_inside_others(filled: Store) -> None:
    assert [h.match for h in concordance(filled, "follow", lang="en")] == [
        "follow",
        "Follow",
        "Follow",
    ]


def test_search_in_targets_by_their_language(filled: Store) -> None:
    [hit] = concordance(filled, "seguire il denaro oltre", lang="it")
    assert hit.translations["en"].startswith("Investigators")


def test_limit_and_unknown_phrase(filled: Store) -> None:
    assert len(concordance(filled, "the", lang="en", limit=2)) == 2
    assert concordance(filled, "laundering", lang="en") == []
    with pytest.raises(InvalidInputError):
        concordance(filled, "...", lang="en")


@pytest.fixture
def flores_store(store: Store, corpus: Path) -> Store:
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    store.create_memory("flores")
    store.import_units(
        "flores",
        [unit(("en", r[1]), ("it", r[2]), ("sw", r[3].strip())) for r in rows],
        origin="t",
    )
    return store


def _words(hits: list[ConcordanceHit]) -> set[str]:
    return {h.match.casefold() for h in hits}


def test_forms_find_english_plurals_on_flores(flores_store: Store) -> None:
    assert _words(concordance(flores_store, "country", lang="en", limit=None)) == {"country"}
    hits = concordance(flores_store, "country", lang="en", limit=None, forms=True)
    assert _words(hits) == {"country", "countries"}
    assert len(hits) == 36  # 22 + 14 on FLORES devtest
    assert all(h.text[h.start : h.end] == h.match for h in hits)


def test_wildcard_finds_every_ending_on_flores(flores_store: Store) -> None:
    hits = concordance(flores_store, "paes*", lang="it", target_lang="sw", limit=None)
    assert _words(hits) >= {"paese", "paesi", "paesaggio"}
    assert all(w.startswith("paes") for w in _words(hits))
    assert all(list(h.translations) == ["sw"] for h in hits)
    assert concordance(flores_store, "pae?i", lang="it", limit=None)[0].match.casefold() == "paesi"


def test_swahili_noun_class_forms_on_flores(flores_store: Store) -> None:
    hits = concordance(flores_store, "mtoto", lang="sw", limit=None, forms=True)
    assert _words(hits) == {"mtoto", "watoto"}
    hits = concordance(flores_store, "wanafunzi", lang="sw", limit=None, forms=True)
    assert _words(hits) == {"mwanafunzi", "wanafunzi"}
    # another class is another word: kitabu/vitabu, not mtoto
    assert _words(concordance(flores_store, "kitabu", lang="sw", limit=None, forms=True)) == {
        "kitabu",
        "vitabu",
    }


def test_issue_examples_on_the_sample_memory(store: Store) -> None:
    from mkutano.tm import import_tmx

    import_tmx(
        store, Path(__file__).resolve().parents[2] / "tm" / "data" / "g7-rome-lyon.tmx", memory="g7"
    )
    assert _words(concordance(store, "migrant", lang="en", limit=None, forms=True)) == {
        "migrant",
        "migrants",
    }
    assert _words(concordance(store, "crimin*", lang="it", limit=None)) == {
        "criminali",
        "criminalità",
        "crimine",
    }
    phrase = concordance(store, "criminalità organizzat*", lang="it", limit=None)
    assert phrase
    assert all(h.match.lower().startswith("criminalità organizzat") for h in phrase)
    with pytest.raises(InvalidInputError):
        concordance(store, "* ?", lang="it")
