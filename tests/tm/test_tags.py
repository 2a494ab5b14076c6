"""Inline tags end to end in the library: the query's tags put where the memory's were (tm.tags).

Real sentences: FLORES devtest rows 0008 and 0009 (it/en/sw), with inline tags around a name the
translator moved (the Swahili puts the year first), on every store backend.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from mkutano.tm import Store
from mkutano.tm.editing import unit_from_texts
from mkutano.tm.match import suggest
from mkutano.tm.tags import STRIPPED_POINTS, transfer_tags
from mkutano.tm.transfer import export_tmx
from mkutano.tmx import Segment, format_tagged, parse_tagged, read_tmx

B, E = '<bpt i="1">{1}</bpt>', '<ept i="1">{2}</ept>'  # the memory's tags (a CAT tool's codes)
QB, QE = '<bpt i="7">&lt;a href="/qvc"&gt;</bpt>', '<ept i="7">&lt;/a&gt;</ept>'  # the query's


def _row(corpus: Path, row_id: str) -> dict[str, str]:
    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    for line in tsv.read_text(encoding="utf-8").splitlines():
        cells = line.split("\t")
        if cells[0] == row_id:
            return dict(zip(("en", "it", "sw"), cells[1:4], strict=True))
    pytest.skip(f"{row_id} not in {tsv}")


@pytest.fixture
def qvc(corpus: Path) -> dict[str, str]:
    """Row 0009: "... QVC alla fine del 2017." / "Baadaye 2017, Siminoff ... QVC." """
    row = _row(corpus, "flores-devtest-0009")
    assert all("QVC" in row[k] and row[k].count("2017") == 1 for k in row)
    return row


def _tagged(text: str, word: str, b: str = B, e: str = E) -> str:
    return text.replace(word, f"{b}{word}{e}", 1)


def _store_tagged(store: Store, row: dict[str, str]) -> None:
    store.create_memory("m")
    unit = unit_from_texts(
        [(lang, parse_tagged(_tagged(row[lang], "QVC"), field=lang)) for lang in ("it", "sw")]
    )
    store.import_units("m", [unit], origin="api")


def test_tagged_query_gets_its_own_tags_where_the_memory_had_them(
    store: Store, qvc: dict[str, str]
) -> None:
    _store_tagged(store, qvc)
    query = parse_tagged(_tagged(qvc["it"], "QVC", QB, QE).replace("2017", "2018"))
    [m] = suggest(store, query, source_lang="it", target_lang="sw")
    expected = _tagged(qvc["sw"], "QVC", QB, QE).replace("2017", "2018")
    assert format_tagged(m.target) == expected
    assert m.as_dict()["target"] == expected
    assert [t["code"] for t in m.as_dict()["target_tags"]] == [
        '&lt;a href="/qvc"&gt;',
        "&lt;/a&gt;",
    ]
    subs = {s.kind: s for s in m.substitutions}
    assert (subs["number"].tm, subs["number"].target) == ("2017", "2018")
    assert [s.status for s in m.substitutions if s.kind == "tag"] == ["substituted"] * 2
    # the text decides the score; the tags correspond, so they cost nothing
    assert [p.name for p in m.penalties] == ["numbers"]


def test_tagged_query_equal_but_for_the_tags_is_exact(store: Store, qvc: dict[str, str]) -> None:
    _store_tagged(store, qvc)
    [m] = suggest(
        store, parse_tagged(_tagged(qvc["it"], "QVC", QB, QE)), source_lang="it", target_lang="sw"
    )
    assert (m.score, m.type) == (100.0, "exact")
    assert format_tagged(m.target) == _tagged(qvc["sw"], "QVC", QB, QE)


def test_untagged_query_gets_no_tags_and_numbers_substituted(
    store: Store, qvc: dict[str, str]
) -> None:
    _store_tagged(store, qvc)
    [m] = suggest(store, qvc["it"].replace("2017", "2019"), source_lang="it", target_lang="sw")
    assert m.target == Segment.from_text(qvc["sw"].replace("2017", "2019"))
    assert m.as_dict()["target"] == qvc["sw"].replace("2017", "2019")
    assert m.as_dict()["target_tags"] == []
    assert [(s.kind, s.status) for s in m.substitutions] == [
        ("number", "substituted"),
        ("tag", "removed"),
        ("tag", "removed"),
    ]
    assert {p.name: p.points for p in m.penalties} == {"numbers": 2.0, "tags": 2.0}
    assert m.tm_target.tags  # the unit keeps its tags


def test_tagged_query_against_untagged_unit(store: Store, corpus: Path) -> None:
    row = _row(corpus, "flores-devtest-0008")
    store.create_memory("m")
    store.import_units("m", [unit_from_texts([("en", row["en"]), ("sw", row["sw"])])], origin="t")
    # a whole segment in <p>...</p>: the tags go around the whole target, no penalty for placing
    wrapped = f'<bpt i="1">&lt;p&gt;</bpt>{row["en"]}<ept i="1">&lt;/p&gt;</ept>'
    [m] = suggest(store, parse_tagged(wrapped), source_lang="en", target_lang="sw")
    assert (
        format_tagged(m.target)
        == f'<bpt i="1">&lt;p&gt;</bpt>{row["sw"]}<ept i="1">&lt;/p&gt;</ept>'
    )
    assert "tags-stripped" not in {p.name for p in m.penalties}
    # a tag inside the text has no place in an untagged target: stripped, penalty, noted
    inner = parse_tagged(_tagged(row["en"], "Shark Tank", QB, QE))
    [m] = suggest(store, inner, source_lang="en", target_lang="sw")
    assert m.target == Segment.from_text(row["sw"])
    stripped = [p for p in m.penalties if p.name == "tags-stripped"]
    assert [p.points for p in stripped] == [2 * STRIPPED_POINTS]
    assert [s.status for s in m.substitutions if s.kind == "tag"] == ["stripped", "stripped"]
    assert m.score == 100.0 - 2.0 - 2 * STRIPPED_POINTS  # tags penalty (2 tags) + stripped


def test_mismatched_tags_are_stripped_with_a_penalty(store: Store, qvc: dict[str, str]) -> None:
    _store_tagged(store, qvc)
    # one standalone tag where the memory has a pair: they do not correspond
    query = parse_tagged(qvc["it"].replace("QVC", 'QVC<ph x="1">&lt;br/&gt;</ph>'))
    [m] = suggest(store, query, source_lang="it", target_lang="sw")
    assert m.target == Segment.from_text(qvc["sw"])
    assert "tags-stripped" in {p.name for p in m.penalties}
    [note] = [s for s in m.substitutions if s.kind == "tag"]
    assert (note.status, note.query) == ("stripped", '<ph x="1">&lt;br/&gt;</ph>')
    assert "do not correspond" in note.reason


def test_target_without_all_the_source_tags_does_not_correspond(qvc: dict[str, str]) -> None:
    ph1, ph2 = '<ph x="1">{1}</ph>', '<ph x="2">{2}</ph>'
    source = parse_tagged(qvc["it"].replace("QVC", f"{ph1}QVC{ph2}"))
    target = parse_tagged(qvc["sw"].replace("QVC", f"QVC{ph1}"))  # the translator dropped one
    query = parse_tagged(qvc["it"].replace("QVC", '<ph x="9"/>QVC<ph x="8"/>'))
    assert len(source.tags) == len(query.tags) == 2
    assert len(target.tags) == 1
    out, subs, penalty = transfer_tags(query, source, target)
    assert penalty is not None
    assert penalty.name == "tags-stripped"
    assert out == Segment.from_text(qvc["sw"])
    assert [s.status for s in subs] == ["stripped", "stripped"]
    # with the tag the translator kept, the query's tags are put in place
    full = parse_tagged(qvc["sw"].replace("QVC", f"{ph1}QVC{ph2}"))
    out, subs, penalty = transfer_tags(query, source, full)
    assert penalty is None
    assert format_tagged(out) == qvc["sw"].replace("QVC", '<ph x="9"/>QVC<ph x="8"/>')


def test_tags_survive_tmx_export(store: Store, qvc: dict[str, str]) -> None:
    _store_tagged(store, qvc)
    buf = io.BytesIO()
    assert export_tmx(store, buf, memories=["m"]) == 1
    buf.seek(0)
    [unit] = list(read_tmx(buf))
    got = {v.lang: format_tagged(v.segment) for v in unit.variants}
    assert got == {"it": _tagged(qvc["it"], "QVC"), "sw": _tagged(qvc["sw"], "QVC")}
    assert b'<bpt i="1">{1}</bpt>QVC<ept i="1">{2}</ept>' in buf.getvalue()
