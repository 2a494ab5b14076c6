"""Sentence alignment on real FLORES sentences: bead shapes, 3-way, confidence."""

from __future__ import annotations

from pathlib import Path

import pytest

from mkutano.tm.align import align, beads_to_units, extract_anchors
from mkutano.tm.errors import InvalidInputError


def shapes(al) -> list[str]:  # type: ignore[no-untyped-def]
    return [b.shape for b in al.beads]


def test_one_to_one(flores: dict[str, list[str]]) -> None:
    al = align([("it", flores["it"][100:110]), ("en", flores["en"][100:110])])
    assert shapes(al) == ["1-1"] * 10
    assert [b.indices for b in al.beads] == [((i,), (i,)) for i in range(10)]


def test_two_to_one_and_one_to_two(flores: dict[str, list[str]]) -> None:
    it = flores["it"][200:210]
    en = flores["en"][200:210]
    en = [*en[:3], en[3] + " " + en[4], *en[5:]]  # it 3,4 → en 3
    it = [*it[:7], it[7] + " " + it[8], it[9]]  # it 7 → en 6,7
    al = align([("it", it), ("en", en)])
    assert ((3, 4), (3,)) in [b.indices for b in al.beads]
    assert ((7,), (6, 7)) in [b.indices for b in al.beads]


def test_dropped_sentence_gives_a_one_to_zero_bead_for_review(
    flores: dict[str, list[str]],
) -> None:
    it = flores["it"][300:310]
    sw = flores["sw"][300:303] + flores["sw"][304:310]  # line 303 left untranslated
    al = align([("it", it), ("sw", sw)])
    lone = [b for b in al.beads if b.shape == "1-0"]
    assert [b.indices[0] for b in lone] == [(3,)]
    assert lone[0].needs_review


def test_three_way_alignment(flores: dict[str, list[str]]) -> None:
    docs = [(lang, flores[lang][400:408]) for lang in ("it", "en", "sw")]
    al = align(docs)
    assert shapes(al) == ["1-1-1"] * 8
    units = beads_to_units(al, origin="alignment:report.it.txt")
    assert all(len(u.variants) == 3 for u in units)
    assert {p.type for p in units[0].props} >= {"x-alignment-confidence", "x-origin"}


def test_confidence_is_lower_for_a_wrong_pair(flores: dict[str, list[str]]) -> None:
    right = align([("it", flores["it"][500:501]), ("en", flores["en"][500:501])])
    wrong = align([("it", flores["it"][500:501]), ("en", flores["en"][700:701])])
    assert right.beads[0].confidence > wrong.beads[0].confidence


def test_anchor_terms_callback_is_used() -> None:
    seen: list[str] = []

    def terms(text: str, lang: str) -> list[str]:
        seen.append(lang)
        return ["c1"] if "Lyon" in text else []

    anchors = extract_anchors("Il Gruppo Roma/Lyon.", "it", terms)
    assert anchors["t:c1"] == 1
    assert seen == ["it"]


def test_numbers_and_acronyms_are_anchors() -> None:
    a = extract_anchors("Nel 2024 l'UNODC e 1.000 agenti: bene?", "it")
    assert {"n:2024", "n:1000", "a:UNODC", "p:?", "p::"} <= set(a)


def test_units_needing_review_are_left_out_unless_asked(flores: dict[str, list[str]]) -> None:
    al = align([("it", flores["it"][600:603]), ("en", flores["en"][600:603])], threshold=1.01)
    assert all(b.needs_review for b in al.beads)
    assert beads_to_units(al) == []
    units = beads_to_units(al, include_review=True)
    assert all(any(p.type == "x-needs-review" for p in u.props) for u in units)


def test_one_document_is_refused() -> None:
    with pytest.raises(InvalidInputError):
        align([("it", ["Uno."])])


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_import_alignment_adds_only_confident_units(
    flores: dict[str, list[str]], tmp_path: Path, request: pytest.FixtureRequest, backend: str
) -> None:
    from mkutano.tm import import_alignment, open_store

    url = str(tmp_path / "tm.db") if backend == "sqlite" else request.getfixturevalue("pg_url")
    it = flores["it"][800:806]
    en = flores["en"][800:803] + flores["en"][804:806]  # line 803 untranslated: a 1-0 bead
    al = align([("it", it), ("en", en)])
    store = open_store(url)
    try:
        report = import_alignment(store, "g7", al, origin="alignment:report.it.txt")
        confident = [b for b in al.beads if not b.needs_review]
        assert report.added == len(confident) >= 4
        stored = list(store.iter_units(memories=["g7"]))
        assert {s.origin for s in stored} == {"alignment:report.it.txt"}
    finally:
        store.close()


def test_a_dictionary_lexicon_pulls_translations_together() -> None:
    from mkutano.glossaries.dictionary import Dictionary, dictionary_anchors

    src = [
        "The minister opened the meeting in the morning.",
        "The delegates discussed the new border rules.",
        "Then everybody went home for dinner.",
    ]
    tgt = [
        "Wajumbe walijadili sheria mpya za mpaka.",
        "Kisha kila mtu alienda nyumbani kwa chakula.",
    ]
    sw = Dictionary(
        "sw",
        "en",
        {
            "jumbe": {"delegates"}, "jadili": {"discussed"}, "sheria": {"rules"},
            "mpya": {"new"}, "mpaka": {"border"}, "kisha": {"then"}, "kila": {"everybody"},
            "nyumbani": {"home"}, "chakula": {"dinner"}, "alienda": {"went"},
        },
    )  # fmt: skip

    def links(lexicon: object) -> set[tuple[int, int]]:
        al = align([("en", src), ("sw", tgt)], lexicon=lexicon)  # type: ignore[arg-type]
        return {(i, j) for b in al.beads for i in b.indices[0] for j in b.indices[1]}

    # lengths alone pair the first sentences; the words' meanings pair the translations
    assert (1, 0) not in links(None)
    assert {(1, 0), (2, 1)} <= links(dictionary_anchors([sw]))


def test_aligned_units_record_their_neighbours_and_give_context_matches(
    flores: dict[str, list[str]],
) -> None:
    from mkutano.tm import MemoryStore, suggest

    it, sw = flores["it"][400:404], flores["sw"][400:404]
    al = align([("it", it), ("sw", sw)])
    assert shapes(al) == ["1-1"] * 4
    units = beads_to_units(al)
    context = [{p.type: p.text for p in u.props if p.type in ("prev", "next")} for u in units]
    assert context[0] == {"next": it[1]}
    assert context[1] == {"prev": it[0], "next": it[2]}
    assert context[3] == {"prev": it[2]}
    store = MemoryStore()
    store.create_memory("m")
    store.import_units("m", units, origin="alignment")
    [m] = suggest(store, it[1], source_lang="it", target_lang="sw", prev=it[0], next=it[2])
    # a context match, less the aligned unit's penalty (tm.penalties)
    [aligned] = [p for p in m.penalties if p.name == "aligned"]
    assert (m.score, m.type) == (round(101.0 - aligned.points, 2), "context")
