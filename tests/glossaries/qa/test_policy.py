"""One QA policy on every write path: refuse, flag or off, whatever the order of the variants.

Each write path (single unit add and update, TMX import, bilingual XLIFF import, confirmed
segments, alignment) under each policy, on every store backend.
"""

from __future__ import annotations

import pickle
import threading
from pathlib import Path

import pytest

from mkutano.glossaries.qa import (
    FLAG_PROP,
    QARefused,
    QAScreen,
    TermIndex,
    add_unit_checked,
    check_unit,
    flagged_units,
    import_screen,
    memory_policy,
    unit_flags,
    update_unit_checked,
)
from mkutano.tm import Store, import_confirmed, import_file, open_store
from mkutano.tm.align import align_files, import_alignment
from mkutano.tm.errors import InvalidInputError
from mkutano.tmx import Segment, Unit, Variant
from mkutano.tmx.xliff import read_xliff

ROOT = Path(__file__).resolve().parents[3]
REPORT_IT = ROOT / "tm" / "data" / "report.it.txt"

BAD_SW = "Mapambano dhidi ya it-brottslighet."
BAD_IT = "La lotta contro la criminalità informatica."
GOOD_SW = "Mapambano dhidi ya uhalifu wa mtandaoni."
# the other bypass: an English word forbidden in Swahili text, target variant first
PREFECT_SW = "Prefect Annunziato Vardé alizungumza."
PREFECT_EN = "Prefect Annunziato Vardé spoke."


def _unit(*variants: tuple[str, str]) -> Unit:
    return Unit([Variant(lang, Segment.from_text(text)) for lang, text in variants])


def _tmx(path: Path, *units: tuple[tuple[str, str], ...]) -> Path:
    tus = "".join(
        "<tu>" + "".join(f'<tuv xml:lang="{la}"><seg>{t}</seg></tuv>' for la, t in u) + "</tu>\n"
        for u in units
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<tmx version="1.4"><header creationtool="t"'
        ' creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="it"'
        f' datatype="plaintext"/>\n<body>\n{tus}</body></tmx>\n',
        encoding="utf-8",
    )
    return path


def _xliff(path: Path, pairs: list[tuple[str, str]]) -> Path:
    units = "".join(
        f'<trans-unit id="{i}"><source>{s}</source><target state="translated">{t}</target>'
        "</trans-unit>"
        for i, (s, t) in enumerate(pairs, 1)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n<xliff version="1.2"'
        ' xmlns="urn:oasis:names:tc:xliff:document:1.2"><file original="r.txt"'
        f' source-language="it" target-language="sw" datatype="plaintext"><body>{units}'
        "</body></file></xliff>\n",
        encoding="utf-8",
    )
    return path


def _texts(store: Store, memory: str) -> list[str]:
    return [v.text for s in store.iter_units(memories=[memory]) for v in s.unit.variants]


# -- single units ----------------------------------------------------------------------------------


def test_memory_policy_is_stored_changed_and_cleared(store: Store) -> None:
    assert store.create_memory("g7", qa_policy="flag").qa_policy == "flag"
    assert store.get_memory("g7").qa_policy == "flag"
    assert store.update_memory("g7", priority=3).qa_policy == "flag"  # unchanged when left out
    assert store.update_memory("g7", qa_policy="off").qa_policy == "off"
    assert store.update_memory("g7", qa_policy="default").qa_policy is None
    assert [m.qa_policy for m in store.list_memories()] == [None]
    with pytest.raises(InvalidInputError, match="'block' is not one of refuse, flag, off"):
        store.update_memory("g7", qa_policy="block")
    assert memory_policy(store, "g7") == "refuse"
    assert memory_policy(store, "g7", default="flag") == "flag"
    assert memory_policy(store, "g7", override="off") == "off"
    assert memory_policy(store, "missing", default="flag") == "flag"


def test_refuse_is_the_default_of_unit_writes(store: Store, g7: TermIndex) -> None:
    store.create_memory("g7")
    with pytest.raises(QARefused):
        add_unit_checked(store, "g7", _unit(("it", BAD_IT), ("sw", BAD_SW)), glossary=g7)
    assert store.count_units("g7") == 0


def test_flag_stores_the_unit_marked_and_lists_it(store: Store, g7: TermIndex) -> None:
    store.create_memory("g7", qa_policy="flag")
    bad = add_unit_checked(store, "g7", _unit(("it", BAD_IT), ("sw", BAD_SW)), glossary=g7)
    good = add_unit_checked(store, "g7", _unit(("it", BAD_IT), ("sw", GOOD_SW)), glossary=g7)
    assert unit_flags(store.get_unit(bad.stored.id).unit) == ["term-forbidden"]
    assert unit_flags(store.get_unit(good.stored.id).unit) == []
    assert [u.id for u in flagged_units(store, "g7")] == [bad.stored.id]
    assert any(f.check == "term-forbidden" for f in bad.findings)


def test_off_stores_without_checking(store: Store, g7: TermIndex) -> None:
    store.create_memory("g7", qa_policy="off")
    checked = add_unit_checked(store, "g7", _unit(("it", BAD_IT), ("sw", BAD_SW)), glossary=g7)
    assert checked.findings == []
    assert unit_flags(store.get_unit(checked.stored.id).unit) == []


def test_an_explicit_policy_overrides_the_memory(store: Store, g7: TermIndex) -> None:
    store.create_memory("g7", qa_policy="off")
    with pytest.raises(QARefused):
        add_unit_checked(
            store, "g7", _unit(("it", BAD_IT), ("sw", BAD_SW)), glossary=g7, policy="refuse"
        )


def test_an_update_that_fixes_a_flagged_unit_clears_the_flag(store: Store, g7: TermIndex) -> None:
    store.create_memory("g7", qa_policy="flag")
    stored = add_unit_checked(
        store, "g7", _unit(("it", BAD_IT), ("sw", BAD_SW)), glossary=g7
    ).stored
    assert unit_flags(stored.unit) == ["term-forbidden"]
    fixed = update_unit_checked(
        store, stored.id, _unit(("it", BAD_IT), ("sw", GOOD_SW)), glossary=g7
    )
    assert unit_flags(store.get_unit(fixed.stored.id).unit) == []
    assert list(flagged_units(store, "g7")) == []


@pytest.mark.parametrize(
    "variants",
    [
        (("sw", BAD_SW), ("it", BAD_IT)),  # the target first, no source language given
        (("sw", PREFECT_SW), ("en", PREFECT_EN)),
    ],
)
def test_a_unit_whose_target_comes_first_is_checked(
    store: Store, g7: TermIndex, variants: tuple[tuple[str, str], ...]
) -> None:
    store.create_memory("g7")
    with pytest.raises(QARefused) as refused:
        add_unit_checked(store, "g7", _unit(*variants), glossary=g7)
    forbidden = [f for f in refused.value.findings if f.check == "term-forbidden"]
    assert forbidden
    assert forbidden[0].lang == "sw"
    assert store.count_units("g7") == 0


def test_the_source_variant_is_not_flagged_for_its_own_language(g7: TermIndex) -> None:
    # 'Prefect' is forbidden in Swahili only: the English variant is no finding
    findings = check_unit(
        _unit(("en", PREFECT_EN), ("sw", "Prefekti Annunziato Vardé.")), glossary=g7
    )
    assert not [f for f in findings if f.check == "term-forbidden"]


# -- bulk writes -----------------------------------------------------------------------------------


def test_tmx_import_flags_by_default(store: Store, g7: TermIndex, tmp_path: Path) -> None:
    path = _tmx(
        tmp_path / "g7.tmx",
        (("sw", PREFECT_SW), ("en", PREFECT_EN)),
        (("it", BAD_IT), ("sw", BAD_SW)),
        (("it", "Il terrorismo è una minaccia."), ("sw", "Ugaidi ni tishio.")),
    )
    screen = import_screen(store, "g7", glossary=g7, name=path.name)
    report = import_file(store, path, memory="g7", screen=screen).as_dict()
    assert (report["qa_policy"], report["flagged"], report["refused"]) == ("flag", 2, 0)
    assert report["added"] == 3
    assert report["skipped"] == 0
    assert {f["line"] for f in report["qa_findings"]} == {4, 5}  # type: ignore[union-attr]
    flagged = list(flagged_units(store, "g7"))
    assert sorted(u.unit.variants[0].text for u in flagged) == sorted([PREFECT_SW, BAD_IT])
    assert all(
        p.text == "term-forbidden" for u in flagged for p in u.unit.props if p.type == FLAG_PROP
    )


def test_tmx_import_refuse_skips_with_file_and_line(
    store: Store, g7: TermIndex, tmp_path: Path
) -> None:
    path = _tmx(
        tmp_path / "g7.tmx",
        (("sw", PREFECT_SW), ("en", PREFECT_EN)),
        (("it", BAD_IT), ("sw", GOOD_SW)),
    )
    screen = import_screen(store, "g7", policy="refuse", glossary=g7, name=path.name)
    report = import_file(store, path, memory="g7", screen=screen)
    assert (report.added, report.units_read, report.qa["refused"]) == (1, 2, 1)  # type: ignore[index]
    assert report.skipped == [
        "g7.tmx:4: refused by QA (term-forbidden): 'Prefect' is a forbidden term for g7-prefect;"
        " use 'Prefekti'"
    ]
    assert PREFECT_SW not in _texts(store, "g7")


def test_the_memory_policy_applies_to_imports(store: Store, g7: TermIndex, tmp_path: Path) -> None:
    store.create_memory("g7", qa_policy="off")
    path = _tmx(tmp_path / "g7.tmx", (("it", BAD_IT), ("sw", BAD_SW)))
    report = import_file(store, path, memory="g7", screen=import_screen(store, "g7", glossary=g7))
    assert (report.qa["qa_policy"], report.qa["qa_checked"], report.added) == ("off", 0, 1)  # type: ignore[index]
    assert list(flagged_units(store, "g7")) == []


@pytest.mark.parametrize("policy", ["refuse", "flag", "off"])
def test_bilingual_xliff_import(store: Store, g7: TermIndex, tmp_path: Path, policy: str) -> None:
    path = _xliff(
        tmp_path / "r.xlf",
        [(BAD_IT, BAD_SW), ("Il terrorismo è una minaccia.", "Ugaidi ni tishio.")],
    )
    screen = import_screen(store, "g7", policy=policy, glossary=g7, name=path.name)
    report = import_file(store, path, memory="g7", screen=screen)
    expected = {"refuse": (1, 0, 1), "flag": (2, 1, 0), "off": (2, 0, 0)}[policy]
    assert (report.added, report.qa["flagged"], report.qa["refused"]) == expected  # type: ignore[index]
    assert len(list(flagged_units(store, "g7"))) == expected[1]


@pytest.mark.parametrize("policy", ["refuse", "flag", "off"])
def test_import_confirmed(store: Store, g7: TermIndex, tmp_path: Path, policy: str) -> None:
    doc = read_xliff(_xliff(tmp_path / "r.xlf", [(BAD_IT, BAD_SW)]))
    screen = import_screen(store, "g7", policy=policy, glossary=g7, source_lang="it")
    report = import_confirmed(store, "g7", doc, origin="xliff:r.xlf", screen=screen)
    expected = {"refuse": (0, 0, 1), "flag": (1, 1, 0), "off": (1, 0, 0)}[policy]
    assert (report.added, report.qa["flagged"], report.qa["refused"]) == expected  # type: ignore[index]


def test_alignment_of_the_real_report_flags_its_forbidden_terms(
    store: Store, g7: TermIndex, seed_report: Path
) -> None:
    """The issue's bypass: align --memory stored "Prefect" and "it-brottslighet" unchecked."""
    alignment = align_files([("it", REPORT_IT), ("sw", seed_report)])
    screen = import_screen(store, "g7", glossary=g7, source_lang="it", name=seed_report.name)
    report = import_alignment(store, "g7", alignment, origin="alignment:report", screen=screen)
    assert report.qa["qa_policy"] == "flag"
    assert report.qa["flagged"] >= 2
    flagged = " ".join(v.text for u in flagged_units(store, "g7") for v in u.unit.variants)
    assert "Prefect" in flagged
    assert "it-brottslighet" in flagged
    refused = import_screen(store, "g7b", policy="refuse", glossary=g7, source_lang="it")
    again = import_alignment(store, "g7b", alignment, origin="alignment:report", screen=refused)
    assert again.qa["refused"] == report.qa["flagged"]  # type: ignore[index]
    stored = " ".join(_texts(store, "g7b"))
    assert "it-brottslighet" not in stored
    assert "Prefect " not in stored


def test_a_screen_travels_to_another_process_and_back(g7: TermIndex) -> None:
    from mkutano.glossaries import sample_concepts

    screen = QAScreen("flag", glossary=sample_concepts(), name="x.tmx")
    assert screen.screen(_unit(("it", BAD_IT), ("sw", BAD_SW))) is not None
    copy = pickle.loads(pickle.dumps(screen))
    assert copy.screen(_unit(("it", BAD_IT), ("sw", BAD_SW))) is not None
    screen.adopt(copy.outcome())
    assert screen.flagged == 2


def test_a_large_file_read_on_its_own_process_is_screened_there(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A TMX file over READER_PROCESS_BYTES is read (and screened) on a process of its own: the
    flags are stored and the counts come back to the report."""
    from mkutano.glossaries import sample_concepts
    from mkutano.tm import batching

    g7 = sample_concepts()  # concepts, as the CLI and HTTP pass them: the screen may be pickled

    monkeypatch.setattr(batching, "READER_PROCESS_BYTES", 0)
    # a thread running, as in the server: the reader starts from a forkserver (screen pickled)
    stop = threading.Event()
    waiting = threading.Thread(target=stop.wait, daemon=True)
    waiting.start()
    store = open_store(tmp_path / "big.db")
    try:
        path = _tmx(
            tmp_path / "big.tmx",
            (("sw", PREFECT_SW), ("en", PREFECT_EN)),
            (("it", "Il terrorismo è una minaccia."), ("sw", "Ugaidi ni tishio.")),
        )
        screen = import_screen(store, "g7", policy="refuse", glossary=g7, name=path.name)
        report = import_file(store, path, memory="g7", screen=screen, workers=2)
        assert (report.added, report.qa["refused"], report.units_read) == (1, 1, 2)  # type: ignore[index]
        assert report.skipped[0].startswith("big.tmx:4: refused by QA (term-forbidden)")
        screen = import_screen(store, "g8", glossary=g7, name=path.name)
        report = import_file(store, path, memory="g8", screen=screen, workers=2)
        assert report.qa["flagged"] == 1  # type: ignore[index]
        assert [unit_flags(u.unit) for u in flagged_units(store, "g8")] == [["term-forbidden"]]
    finally:
        stop.set()
        store.close()
