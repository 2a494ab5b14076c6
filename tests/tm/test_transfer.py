"""Import TMX into a store and export it back: lossless, transactional, with a true report."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mkutano.tm import ImportAborted, MemoryStore, ReadOnlyError, Store, batching
from mkutano.tm.codec import content_key
from mkutano.tm.transfer import export_tmx, import_tmx
from mkutano.tmx import (
    Header,
    Note,
    Prop,
    Segment,
    Tag,
    TMXParseError,
    Unit,
    Variant,
    read_tmx,
    write_tmx,
)


@pytest.fixture(autouse=True, params=["read-on-thread", "read-on-process"])
def reading(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    """Every import here runs both ways: the file read on a thread of the importing process
    (small files), and read and prepared on a process of its own (large files)."""
    if request.param == "read-on-process":
        monkeypatch.setattr(batching, "READER_PROCESS_BYTES", 0)
    else:
        monkeypatch.setattr(batching, "READER_PROCESS_BYTES", 1 << 60)
    return str(request.param)


# Defaults the TMX writer adds to a header lacking TMX's required attributes.
_REQUIRED = ("creationtool", "creationtoolversion", "segtype", "o-tmf", "adminlang", "srclang")


def read_all(path: Path) -> tuple[Header, list[Unit]]:
    with read_tmx(path) as doc:
        return doc.header, list(doc)


def distinct_by_content(units: list[Unit]) -> list[Unit]:
    seen: set[int] = set()
    out = []
    for u in units:
        if content_key(u) not in seen:
            seen.add(content_key(u))
            out.append(u)
    return out


def corpus_tmx(corpus: Path) -> list[Path]:
    return sorted((corpus / "tmx").rglob("*.tmx"))


def assert_round_trip(store: Store, src: Path, tmp_path: Path) -> None:
    report = import_tmx(store, src, memory="m")
    out = tmp_path / "out.tmx"
    written = export_tmx(store, out, memories=["m"])
    header, units = read_all(src)
    back_header, back = read_all(out)
    assert written == len(back) == report.added + report.alternatives
    if report.merged == 0:
        assert back == units
    else:  # duplicates merged: one unit per content, in first-seen order, same segments
        expected = distinct_by_content(units)
        assert [content_key(u) for u in back] == [content_key(u) for u in expected]
    for key, value in header.attrs.items():
        assert back_header.attrs[key] == value
    assert set(back_header.attrs) - set(header.attrs) <= set(_REQUIRED) | {"datatype"}
    assert back_header.props == header.props
    assert back_header.notes == header.notes


def test_every_corpus_tmx_round_trips_through_the_memory_store(
    corpus: Path, tmp_path: Path
) -> None:
    files = corpus_tmx(corpus)
    assert files
    for src in files:
        with read_tmx(src) as doc:
            if doc.errors:
                continue  # files made to be broken: tested below
        assert_round_trip(MemoryStore(), src, tmp_path)


@pytest.mark.parametrize(
    "relpath",
    [
        "omegat/test-data-tmx/test-level2.tmx",  # inline tags
        "omegat/test-data-tmx/en-US_en-GB_fr_sr.tmx",  # four languages
        "omegat/test-data-tmx/test-multiple-entries.tmx",  # alternatives
        "maxprograms/TMXEditor/Localization/tmxeditor_java_fr.tmx",  # duplicates
        "hxltm/hxltm-exemplum-linguam.tmx",
        "supervertaler/Test document (with formatting, styles and a table).tmx",
    ],
)
def test_corpus_tmx_round_trips_through_every_store(
    store: Store, corpus: Path, tmp_path: Path, relpath: str
) -> None:
    assert_round_trip(store, corpus / "tmx" / relpath, tmp_path)


_text = st.text(
    alphabet=st.characters(whitelist_categories=("L", "N", "P", "Zs")), min_size=1, max_size=30
)


def joined(parts: list[str | Tag]) -> Segment:
    """A segment as a reader gives it back: adjacent text runs are one run."""
    out: list[str | Tag] = []
    for p in parts:
        if isinstance(p, str) and out and isinstance(out[-1], str):
            out[-1] += p
        else:
            out.append(p)
    return Segment(tuple(out))


_name = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=8)
_variant = st.builds(
    Variant,
    lang=st.sampled_from(["it", "en-GB", "sw", "sw-KE", "fr"]),
    segment=st.lists(
        st.one_of(_text, st.just(Tag("ph", "empty", (("x", "1"),), "&lt;br/&gt;"))),
        min_size=1,
        max_size=3,
    ).map(lambda parts: joined(parts)),
    props=st.lists(st.builds(Prop, type=st.just("x-ctx"), text=_text), max_size=1),
    notes=st.lists(st.builds(Note, text=_text), max_size=1),
)
_unit = st.builds(
    Unit,
    variants=st.lists(_variant, min_size=2, max_size=3),
    attrs=st.fixed_dictionaries({}, optional={"tuid": _name, "changeid": _name}),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(units=st.lists(_unit, max_size=6))
def test_generated_units_round_trip(tmp_path: Path, units: list[Unit]) -> None:
    units = distinct_by_content(units)
    src, out = tmp_path / "gen.tmx", tmp_path / "gen-out.tmx"
    header = Header(attrs={"creationtool": "hypothesis", "srclang": "*all*"})
    write_tmx(src, header, units)
    store = MemoryStore()
    report = import_tmx(store, src, memory="gen")
    assert report.added + report.alternatives == len(units)
    export_tmx(store, out, memories=["gen"])
    assert read_all(out)[1] == units


def tmx_file(path: Path, body: str, srclang: str = "it") -> Path:
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4">\n'
        f'<header creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="x"'
        f' adminlang="en" srclang="{srclang}" datatype="plaintext"/>\n<body>\n{body}</body>\n</tmx>\n',
        encoding="utf-8",
    )
    return path


def tu(it: str, sw: str) -> str:
    return (
        f'<tu><tuv xml:lang="it"><seg>{it}</seg></tuv><tuv xml:lang="sw"><seg>{sw}</seg></tuv>'
        "</tu>\n"
    )


def test_report_counts_added_merged_alternatives_skipped(store: Store, tmp_path: Path) -> None:
    src = tmx_file(
        tmp_path / "g7.tmx",
        tu("Il gruppo Roma/Lione", "Kikundi cha Roma/Lyon")
        + tu("Il gruppo Roma/Lione", "Kikundi cha Roma/Lyon")
        + tu("Il gruppo Roma/Lione", "Kundi la Roma/Lyon")
        + '<tu><tuv><seg>senza lingua</seg></tuv><tuv xml:lang="sw"><seg>x</seg></tuv></tu>\n'
        + tu("La cooperazione giudiziaria", "Ushirikiano wa kimahakama"),
    )
    report = import_tmx(store, src)
    assert (report.added, report.merged, report.alternatives) == (2, 1, 1)
    assert report.units_read == 5
    assert len(report.skipped) == 1
    assert report.skipped[0].startswith("g7.tmx:8: <tuv> without xml:lang")
    assert store.get_memory("default").units == 3
    (stored,) = [s for s in store.iter_units() if s.unit.variants[0].text.startswith("La coop")]
    assert stored.origin == "import:g7.tmx"


def test_file_that_is_not_tmx_changes_nothing(store: Store, tmp_path: Path) -> None:
    bad = tmp_path / "bad.tmx"
    bad.write_text("<html><body>not a memory</body></html>", encoding="utf-8")
    with pytest.raises(TMXParseError, match=r"bad\.tmx"):
        import_tmx(store, bad, memory="g7")
    assert store.list_memories() == []


def test_truncated_file_stores_nothing_unless_lenient(store: Store, tmp_path: Path) -> None:
    store.create_memory("g7")
    store.add_unit(
        "g7",
        Unit(
            [Variant("it", Segment.from_text("prima")), Variant("sw", Segment.from_text("kwanza"))]
        ),
    )
    body = "".join(tu(f"frase {i}", f"sentensi {i}") for i in range(5))
    full = tmx_file(tmp_path / "cut.tmx", body).read_text(encoding="utf-8")
    (tmp_path / "cut.tmx").write_text(full[: full.index("frase 4") + 3], encoding="utf-8")
    with pytest.raises(ImportAborted, match=r"cut\.tmx:\d+") as info:
        import_tmx(store, tmp_path / "cut.tmx", memory="g7", batch_size=100)
    assert store.count_units("g7") == 1
    assert store.headers("g7") == []
    assert info.value.report.added == 0
    assert not info.value.report.complete
    with pytest.raises(ImportAborted):  # complete batches before the break are not kept either
        import_tmx(store, tmp_path / "cut.tmx", memory="g7", batch_size=2)
    assert store.count_units("g7") == 1
    report = import_tmx(store, tmp_path / "cut.tmx", memory="g7", batch_size=2, lenient=True)
    assert not report.complete
    assert report.added == 4  # every unit before the break, the last batch's one too
    assert store.count_units("g7") == 5


def test_import_into_read_only_memory_is_refused(store: Store, tmp_path: Path) -> None:
    store.create_memory("archive", read_only=True)
    src = tmx_file(tmp_path / "a.tmx", tu("uno", "moja"))
    with pytest.raises(ReadOnlyError):
        import_tmx(store, src, memory="archive")
    assert store.count_units() == 0


def test_export_filters_memories_and_languages(store: Store, tmp_path: Path) -> None:
    a = tmx_file(
        tmp_path / "a.tmx",
        '<tu><tuv xml:lang="it"><seg>terrorismo</seg></tuv><tuv xml:lang="en"><seg>terrorism</seg>'
        '</tuv><tuv xml:lang="sw-KE"><seg>ugaidi</seg></tuv></tu>\n'
        '<tu><tuv xml:lang="it"><seg>mafia</seg></tuv><tuv xml:lang="en"><seg>mafia</seg></tuv></tu>\n',
    )
    b = tmx_file(tmp_path / "b.tmx", tu("frontiera", "mpaka"), srclang="sw")
    import_tmx(store, a, memory="a")
    import_tmx(store, b, memory="b")

    out = tmp_path / "out.tmx"
    assert export_tmx(store, out, memories=["a"], languages=["sw", "IT"]) == 1
    header, (only,) = read_all(out)
    assert [v.lang for v in only.variants] == ["it", "sw-KE"]
    assert header.attrs["creationtool"] == "test"
    assert header.attrs["srclang"] == "it"

    assert export_tmx(store, out, memories=["a"], languages=["en", "sw"]) == 1
    assert read_all(out)[0].attrs["srclang"] == "*all*"  # it is not exported

    assert export_tmx(store, out) == 3
    header, units = read_all(out)
    assert header.attrs["creationtool"] == "mkutano"  # two different headers: a neutral one
    assert header.attrs["srclang"] == "*all*"
    assert [u.variants[0].text for u in units] == ["terrorismo", "mafia", "frontiera"]


def test_export_filters_by_change_date(store: Store, tmp_path: Path) -> None:
    import_tmx(store, tmx_file(tmp_path / "a.tmx", tu("uno", "moja") + tu("due", "mbili")))
    (first, second) = list(store.iter_units())
    store.update_unit(second.id, second.unit)
    changed = store.get_unit(second.id).updated_at
    out = tmp_path / "out.tmx"
    assert export_tmx(store, out, changed_since=changed) == 1
    assert read_all(out)[1][0].variants[0].text == "due"
    assert export_tmx(store, out, changed_until="1999-12-31") == 0
    assert export_tmx(store, out, changed_since=first.updated_at[:10]) == 2


def test_export_of_unknown_memory_writes_no_file(store: Store, tmp_path: Path) -> None:
    out = tmp_path / "none.tmx"
    with pytest.raises(KeyError):
        export_tmx(store, out, memories=["nope"])
    assert not out.exists()
