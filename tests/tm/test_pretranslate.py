"""Pre-translation into XLIFF 1.2 and 2.1, read back by mkutano and by translate-toolkit, and the
target document rebuilt from it (text and HTML)."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from mkutano.tm import InvalidInputError, MemoryStore, Store, import_tmx, pretranslate, rebuild
from mkutano.tm.pretranslate import unit_id
from mkutano.tmx import Segment, read_tmx
from mkutano.tmx.document import Document
from mkutano.tmx.html import html_document
from mkutano.tmx.text import read_text_document, text_document
from mkutano.tmx.xliff import XLIFFDocument, read_xliff

from .test_analysis import JOB, SAMPLE, fill_sample_units

MTC = "{urn:oasis:names:tc:xliff:matches:2.0}"


@pytest.fixture
def sample_store() -> Store:
    store = MemoryStore()
    fill_sample_units(store)
    return store


def _job() -> Document:
    return text_document("\n\n".join(s for s, _ in JOB) + "\n", "it", name="job.it.txt")


def _read(data: bytes) -> XLIFFDocument:
    return read_xliff(data)  # strict: any breach of the specification fails the test


def test_xliff12_has_targets_states_and_alt_trans(sample_store: Store) -> None:
    result = pretranslate(sample_store, _job(), source_lang="it", target_lang="sw")
    doc = _read(result.to_bytes())
    units = {u.id: u for u in doc.units}
    assert list(units) == [unit_id(p, 0) for p in range(len(JOB))]
    exact, fuzzy, low, none = units["p1-s1"], units["p3-s1"], units["p5-s1"], units["p6-s1"]
    assert exact.state == "translated"
    assert str(exact.target) == "Mkutano ulifanyika mjini Roma tarehe 2 Oktoba 2024."
    assert exact.matches[0].quality == 100.0
    assert exact.matches[0].origin == "mkutano:g7"
    assert fuzzy.state == "needs-review-translation"
    assert fuzzy.target is not None
    assert fuzzy.matches[0].quality is not None
    assert 85 <= fuzzy.matches[0].quality < 95
    # below the threshold (75): no target, but the candidate is attached
    assert low.target is None
    assert low.state is None
    assert len(low.matches) == 1
    assert 50 <= (low.matches[0].quality or 0) < 75
    assert str(low.matches[0].source) == "Il migrante è stato assistito dalle autorità."
    assert none.target is None
    assert none.matches == []
    assert units["p7-s1"].matches[0].quality == 101.0  # context match kept as 101 in 1.2
    assert result.counts() == {
        "segments": 8,
        "inserted": 6,
        "exact": 3,
        "fuzzy": 3,
        "with_candidates": 7,
        "untranslated": 2,
    }


def test_xliff12_names_the_tool_and_qualifies_the_state(sample_store: Store) -> None:
    root = etree.fromstring(
        pretranslate(sample_store, _job(), source_lang="it", target_lang="sw").to_bytes()
    )
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    assert root.xpath("//x:file/x:header/x:tool/@tool-id", namespaces=ns) == ["mkutano"]
    qualifiers = root.xpath("//x:trans-unit/x:target/@state-qualifier", namespaces=ns)
    assert qualifiers == ["exact-match", *["fuzzy-match"] * 3, "exact-match", "exact-match"]
    alt_trans = root.iter("{urn:oasis:names:tc:xliff:document:1.2}alt-trans")
    assert {at.get("tool-id") for at in alt_trans} == {"mkutano"}


def test_translate_toolkit_reads_our_xliff12_with_its_matches(sample_store: Store) -> None:
    from translate.storage.xliff import xlifffile

    data = pretranslate(sample_store, _job(), source_lang="it", target_lang="sw").to_bytes()
    store = xlifffile.parsestring(data)
    units = [u for u in store.units if u.source]
    # translate-toolkit ids are "FILE\x04ID"
    assert [u.getid() for u in units] == [f"job.it.txt\x04p{k}-s1" for k in range(1, 9)]
    first = units[0]
    assert first.target == "Mkutano ulifanyika mjini Roma tarehe 2 Oktoba 2024."
    # translate-toolkit's workflow states: translated (100) above needs-review-translation (80)
    assert [u.get_state_n() for u in units] == [100, 80, 80, 80, 0, 0, 100, 100]
    alts = first.getalttrans()
    assert alts[0].target == "Mkutano ulifanyika mjini Roma tarehe 2 Oktoba 2024."
    assert alts[0].xmlelement.get("match-quality") == "100"
    assert alts[0].xmlelement.get("origin") == "mkutano:g7"
    low = units[4].getalttrans()
    assert low
    assert low[0].source == "Il migrante è stato assistito dalle autorità."
    assert units[4].target in ("", None)


def test_xliff21_has_matches_with_similarity_and_states(sample_store: Store) -> None:
    result = pretranslate(sample_store, _job(), source_lang="it", target_lang="sw", fmt="xliff21")
    data = result.to_bytes()
    doc = _read(data)
    assert doc.version == "2.1"
    units = {u.id: u for u in doc.units}
    assert units["p1-s1"].state == "translated"
    assert units["p3-s1"].state == "initial"
    assert units["p3-s1"].target is not None
    assert units["p7-s1"].matches[0].quality == 100.0  # 101 is capped by the matches module
    assert units["p5-s1"].target is None
    assert units["p5-s1"].matches
    root = etree.fromstring(data)
    matches = list(root.iter(MTC + "match"))
    assert all(m.get("type") == "tm" and m.get("origin") == "mkutano:g7" for m in matches)
    assert all(0 <= float(m.get("similarity", "-1")) <= 100 for m in matches)
    sub_types = {m.get("subType") for m in matches}
    assert {"mkutano:exact", "mkutano:fuzzy", "mkutano:context"} <= sub_types


def test_translate_toolkit_reads_our_xliff21_and_sees_the_matches(sample_store: Store) -> None:
    from translate.storage.xliff2 import Xliff2File

    data = pretranslate(
        sample_store, _job(), source_lang="it", target_lang="sw", fmt="xliff21"
    ).to_bytes()
    store = Xliff2File.parsestring(data)
    units = list(store.units)
    assert [u.getid() for u in units][:2] == ["p1-s1::s1", "p2-s1::s1"]
    assert units[0].target == "Mkutano ulifanyika mjini Roma tarehe 2 Oktoba 2024."
    assert units[0].istranslated()
    # translate-toolkit has no API for the matches module: they are in the unit it exposes
    found = units[1].getunitelement().findall(f"{MTC}matches/{MTC}match")
    assert found
    assert found[0].get("matchQuality") == "98"
    assert found[0].findtext("{urn:oasis:names:tc:xliff:document:2.0}target") == (
        "Mkutano ulifanyika mjini Roma tarehe 5 Oktoba 2024."
    )


def test_threshold_limit_and_min_score_are_honoured(sample_store: Store) -> None:
    result = pretranslate(
        sample_store,
        _job(),
        source_lang="it",
        target_lang="sw",
        threshold=99,
        min_score=80,
        limit=1,
    )
    units = {u.id: u for u in result.document.units}
    assert units["p2-s1"].target is None  # 98 < 99
    assert all(len(u.matches) <= 1 for u in units.values())
    assert units["p5-s1"].matches == []  # 71 < 80
    with pytest.raises(InvalidInputError, match="format"):
        pretranslate(sample_store, _job(), source_lang="it", target_lang="sw", fmt="po")
    with pytest.raises(InvalidInputError, match="threshold"):
        pretranslate(sample_store, _job(), source_lang="it", target_lang="sw", threshold=0)


@pytest.mark.parametrize("fmt", ["xliff12", "xliff21"])
def test_sample_report_rebuilt_in_swahili(tmp_path: Path, fmt: str) -> None:
    store = MemoryStore()
    import_tmx(store, SAMPLE / "g7-rome-lyon.tmx", memory="g7")
    original = read_text_document(SAMPLE / "report.it.txt", "it")
    path = tmp_path / "report.sw.xlf"
    pretranslate(store, original, source_lang="it", target_lang="sw", fmt=fmt).write(path)
    text = rebuild(read_xliff(path), original)
    swahili = {
        v.text for u in read_tmx(SAMPLE / "g7-rome-lyon.tmx") for v in u.variants if v.lang == "sw"
    }
    out_paragraphs = [p for p in text.split("\n\n") if p.strip()]
    src_paragraphs = [
        p for p in (SAMPLE / "report.it.txt").read_text("utf-8").split("\n\n") if p.strip()
    ]
    assert len(out_paragraphs) == len(src_paragraphs)
    assert out_paragraphs[0].strip() in swahili
    assert "Mkutano wa kwanza" in text
    assert "Prima riunione" not in text
    assert original.paragraphs[0].targets == [None]  # the caller's document is left alone


def test_rebuild_text_keeps_layout_and_untranslated_sources(sample_store: Store) -> None:
    original = text_document(
        "  La riunione si è svolta a Roma il 2 ottobre 2024.   Oggi piove.\r\n\r\n\tFine.\n",
        "it",
        name="x.txt",
    )
    xliff = _read(
        pretranslate(sample_store, original, source_lang="it", target_lang="sw").to_bytes()
    )
    assert rebuild(xliff, original) == (
        "  Mkutano ulifanyika mjini Roma tarehe 2 Oktoba 2024.   Oggi piove.\r\n\r\n\tFine.\n"
    )
    xliff.units[1].target = Segment.from_text("Leo kunanyesha.")
    assert "2024.   Leo kunanyesha.\r\n" in rebuild(xliff, original)


def test_rebuild_html_keeps_the_markup(tmp_path: Path, sample_store: Store) -> None:
    page = (
        "<!DOCTYPE html><html><head><title>G7</title></head><body>\n"
        '<p>La riunione si è svolta a <b>Roma</b> il 2 ottobre 2024. Vedi <a href="x.html">qui</a>.'
        "</p>\n<ul><li>Il migrante è stato assistito dalla polizia.</li></ul>\n</body></html>\n"
    )
    original = html_document(page, "it", name="page.it.html")
    for fmt in ("xliff12", "xliff21"):
        xliff = _read(
            pretranslate(
                sample_store, original, source_lang="it", target_lang="sw", fmt=fmt
            ).to_bytes()
        )
        # a translator's work: tags moved into the translation, one segment translated by hand
        by_id = {u.id: u for u in xliff.units}
        first = by_id["p2-s1"].source
        tags = first.tags
        by_id["p2-s1"].target = Segment(
            ("Mkutano ulifanyika mjini ", tags[0], "Roma", tags[1], " tarehe 2 Oktoba 2024.")
        )
        link = by_id["p2-s2"].source.tags
        by_id["p2-s2"].target = Segment(("Tazama ", link[0], "hapa", link[1], "."))
        out = rebuild(xliff, original)
        assert out == page.replace(
            'La riunione si è svolta a <b>Roma</b> il 2 ottobre 2024. Vedi <a href="x.html">qui</a>.',
            'Mkutano ulifanyika mjini <b>Roma</b> tarehe 2 Oktoba 2024. Tazama <a href="x.html">hapa</a>.',
        ), fmt


def test_rebuild_refuses_an_xliff_of_another_document(sample_store: Store) -> None:
    xliff = _read(pretranslate(sample_store, _job(), source_lang="it", target_lang="sw").to_bytes())
    changed = text_document("Un altro testo.\n\nDel tutto diverso.\n", "it", name="other.txt")
    with pytest.raises(InvalidInputError, match=r"job.xlf: unit 'p1-s1': source .* other.txt"):
        rebuild(xliff, changed, name="job.xlf")


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.lists(
            st.text(
                alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                min_size=1,
                max_size=30,
            ).filter(lambda s: s.strip()),
            min_size=1,
            max_size=3,
        ).map(" ".join),
        min_size=1,
        max_size=4,
    ),
    st.sampled_from(["xliff12", "xliff21"]),
)
def test_untranslated_xliff_rebuilds_the_original(paragraphs: list[str], fmt: str) -> None:
    text = "\n\n".join(paragraphs) + "\n"
    original = text_document(text, "it", name="p.txt")
    data = pretranslate(
        MemoryStore(), original, source_lang="it", target_lang="sw", fmt=fmt
    ).to_bytes()
    assert rebuild(read_xliff(data), original) == text


def test_rebuilt_page_declares_the_target_language(sample_store: Store) -> None:
    page = "<html lang=\"it\" xml:lang='it'><body><p>Oggi piove.</p></body></html>"
    original = html_document(page, "it", name="p.html")
    xliff = _read(
        pretranslate(sample_store, original, source_lang="it", target_lang="sw").to_bytes()
    )
    assert rebuild(xliff, original) == page.replace('"it"', '"sw"').replace("'it'", "'sw'")


def test_as_dict_lists_units_with_their_matches(sample_store: Store) -> None:
    data = pretranslate(sample_store, _job(), source_lang="it", target_lang="sw").as_dict()
    assert data["version"] == "1.2"
    assert data["inserted"] == 6
    first = data["units"][0]
    assert first["id"] == "p1-s1"
    assert first["state"] == "translated"
    assert first["matches"][0]["score"] == 100.0
    assert first["matches"][0]["memory"] == "g7"
    assert data["units"][5]["target"] is None
    assert data["units"][5]["matches"] == []


def test_confirmed_translations_come_back_as_context_matches(corpus: Path) -> None:
    """FLORES it → sw: a document pre-translated from an empty memory, translated and confirmed
    (the true Swahili), imported back; pre-translating it again gives context matches only."""
    from mkutano.tm import import_confirmed
    from mkutano.tm.pretranslate import confirmed_units

    tsv = corpus / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:40]]
    rows = [r for r in rows if len(list(text_document(r[2] + "\n", "it").segments)) == 1][:5]
    doc = text_document("\n\n".join(r[2] for r in rows) + "\n", "it", name="flores.it.txt")
    store = MemoryStore()
    store.create_memory("m")
    first = pretranslate(store, doc, source_lang="it", target_lang="sw")
    assert first.counts()["inserted"] == 0
    units = first.document.units
    for xu, row in zip(units, rows, strict=True):
        xu.target, xu.state = Segment.from_text(row[3].strip()), "translated"
    units[4].state = "needs-translation"  # not confirmed: not stored
    xliff = _read(first.to_bytes())
    made = confirmed_units(xliff)
    assert len(made) == 4
    assert {p.type: p.text for p in made[1].props} == {
        "prev": rows[0][2],
        "next": rows[2][2],
        "id": f"flores.it.txt:{units[1].id}",
    }
    report = import_confirmed(store, "m", xliff, origin="xliff:flores.sw.xlf")
    assert report.added == 4
    again = pretranslate(store, doc, source_lang="it", target_lang="sw")
    assert [again.matches[u.id][0].type for u in units[:4]] == ["context"] * 4
    assert again.matches[units[4].id] == []
