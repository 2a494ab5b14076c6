"""A translation memory as alignment evidence: a lexicon learned from its units, and its
stored sentences as exact anchors (``tm.align_memory``, ``align(memory=...)``)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from mkutano.api.cli import main
from mkutano.tm import MemoryStore
from mkutano.tm.align import align
from mkutano.tm.align_memory import MemoryEvidence, combine_lexicons, memory_evidence
from mkutano.tmx import Segment, Unit, Variant


def _unit(a: tuple[str, str], b: tuple[str, str]) -> Unit:
    return Unit(
        variants=[Variant(a[0], Segment.from_text(a[1])), Variant(b[0], Segment.from_text(b[1]))]
    )


def _mafand(corpus: Path, n: int) -> list[Unit]:
    folder = corpus / "parallel" / "en-sw" / "mafand_lafand-mt"
    en = (folder / "train.en").read_text(encoding="utf-8").splitlines()[:n]
    sw = (folder / "train.swa").read_text(encoding="utf-8").splitlines()[:n]
    return [_unit(("en", a), ("sw", b)) for a, b in zip(en, sw, strict=True)]


def test_word_translations_are_learned_from_real_units(corpus: Path) -> None:
    ev = MemoryEvidence.from_units(_mafand(corpus, 5000))
    table = ev.meanings["sw"]
    assert table["rais"] == {"president"}
    assert table["serikali"] == {"government"}
    assert table["polisi"] == {"police"}
    assert "na" not in table
    assert "ya" not in table
    sw = set(ev.lexicon("Serikali imesema polisi watachunguza", "sw-TZ"))
    en = set(ev.lexicon("The government said police will investigate", "en"))
    assert {"government", "police"} <= sw & en
    assert ev.lexicon("Hakuna kitu", "fr") == []  # a language the memory does not have


def test_stored_sentences_are_exact_anchors_ignoring_case_and_spaces() -> None:
    ev = MemoryEvidence.from_units(
        [_unit(("it-IT", "Il tempo era bello."), ("sw", "Hali ya hewa ilikuwa nzuri."))]
    )
    assert ev.exact("il tempo  era bello.", "it") == ev.exact("Hali ya hewa ilikuwa nzuri.", "sw")
    assert ev.exact("il tempo era bello.", "it")
    assert not ev.exact("Il tempo era brutto.", "it")
    assert not ev.exact("Il tempo era bello.", "sw")


SRC = [
    "la riunione è stata lunga e difficile per tutti.",
    "il tempo era bello e la gente era felice.",
    "poi siamo tornati a casa.",
]
TGT = ["hali ya hewa ilikuwa nzuri na watu walifurahi.", "kisha tukarudi nyumbani."]


def test_a_stored_pair_makes_its_neighbour_the_untranslated_sentence() -> None:
    # Without the memory the lengths make the first two sentences one 2-1 bead.
    without = align([("it", SRC), ("sw", TGT)])
    assert without.beads[0].indices == ((0, 1), (0,))
    ev = MemoryEvidence.from_units([_unit(("it", SRC[1]), ("sw", TGT[0]))])
    beads = align([("it", SRC), ("sw", TGT)], memory=ev).beads
    assert [b.indices for b in beads] == [((0,), ()), ((1,), (0,)), ((2,), (1,))]
    assert beads[0].needs_review
    assert not beads[1].needs_review


def test_evidence_is_read_from_the_store_per_memory() -> None:
    store = MemoryStore()
    store.create_memory("a")
    store.create_memory("b")
    store.import_units("a", [_unit(("it", SRC[1]), ("sw", TGT[0]))], origin="test")
    store.import_units("b", [_unit(("it", SRC[2]), ("sw", TGT[1]))], origin="test")
    only_a = memory_evidence(store, ["a"])
    assert only_a.units == 1
    assert only_a.exact(SRC[1], "it")
    assert not only_a.exact(SRC[2], "it")
    both = memory_evidence(store)
    assert both.units == 2
    assert both.exact(SRC[2], "it")


def test_combined_lexicons_give_the_union() -> None:
    combined = combine_lexicons(None, lambda t, lang: ["a", "b"], lambda t, lang: ["b", "c"])
    assert combined is not None
    assert combined("x", "it") == ["a", "b", "c"]
    assert combine_lexicons(None) is None


def test_align_cli_consults_a_stored_memory(tmp_path: Path) -> None:
    db = tmp_path / "tm.db"
    tmx = tmp_path / "m.tmx"
    tmx.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><tmx version="1.4"><header creationtool="t" '
        'creationtoolversion="1" segtype="sentence" o-tmf="t" adminlang="en" srclang="it" '
        f'datatype="plaintext"/><body><tu><tuv xml:lang="it"><seg>{SRC[1]}</seg></tuv>'
        f'<tuv xml:lang="sw"><seg>{TGT[0]}</seg></tuv></tu></body></tmx>',
        encoding="utf-8",
    )
    runner = CliRunner()
    imported = runner.invoke(main, ["import", str(tmx), "--memory", "known", "--db", str(db)])
    assert imported.exit_code == 0, imported.output
    it, sw = tmp_path / "a.it.txt", tmp_path / "a.sw.txt"
    it.write_text(" ".join(s.capitalize() for s in SRC) + "\n", encoding="utf-8")
    sw.write_text(" ".join(s.capitalize() for s in TGT) + "\n", encoding="utf-8")
    args = ["align", str(it), str(sw), "--no-glossary", "--no-dictionary", "--json"]
    plain = json.loads(runner.invoke(main, [*args, "--db", str(db)]).output)
    consulted = runner.invoke(main, [*args, "--db", str(db), "--consult", "known"])
    shapes = [b["shape"] for b in json.loads(consulted.output)["beads"]]
    assert [b["shape"] for b in plain["beads"]] == ["2-1", "1-1"]
    assert shapes == ["1-0", "1-1", "1-1"]
    missing = runner.invoke(main, [*args, "--db", str(db), "--consult", "nosuch"])
    assert missing.exit_code == 2
    assert "nosuch" in missing.output
    assert len(missing.output.strip().splitlines()) == 1
