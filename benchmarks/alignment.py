"""Alignment accuracy on FLORES-200 devtest documents with merged and dropped sentences.

Documents are built from consecutive FLORES devtest sentences (Italian, English, Swahili; the
three files are line-parallel). To create 1-2, 2-1 and 1-0 beads, in each document some pairs of
consecutive sentences are merged into one sentence on one side only, and a few sentences are
dropped from one side. The aligner must recover the links: a link is a pair (sentence index in
document A, sentence index in document B) that share a bead. Precision, recall and F1 of the
links are reported for it→en, it→sw, en→sw and for the 3-way alignment (it pivot), and separately
for 1-1-only documents.

With ``--memory`` (the default when the corpora are present) the aligner is also given a
translation memory (``align(memory=...)``): a :class:`tm.MemoryStore` holding MAFAND-MT en-sw
train+dev, the Tatoeba en-sw and en-it tests and WMT newstest2009/newssyscomb2009 en-it -- data
that is not in the test documents (FLORES devtest, MAFAND test) -- read back with
:func:`tm.align_memory.memory_evidence` (a word lexicon learned from the units, and exact
sentence anchors).

Run: ``python -m benchmarks.alignment`` (``--quick``: fewer documents).
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path
from typing import Any

from mkutano.glossaries.dictionary import dictionary_anchors, find_dictionaries
from mkutano.tm.align import Alignment, AnchorTerms, Bead, align
from mkutano.tm.align_memory import MemoryEvidence, memory_evidence
from mkutano.tm.memstore import MemoryStore
from mkutano.tmx import Segment, Unit, Variant

ROOT = Path(__file__).resolve().parent.parent
FLORES = ROOT.parent / "shared" / "corpus" / "parallel" / "trilingual" / "flores200_devtest"
FILES = {"it": "ita_Latn.devtest", "en": "eng_Latn.devtest", "sw": "swh_Latn.devtest"}
MAFAND = ROOT.parent / "shared" / "corpus" / "parallel" / "en-sw" / "mafand_lafand-mt"
PARALLEL = ROOT.parent / "shared" / "corpus" / "parallel"
RESULTS = ROOT / "benchmarks" / "results" / "alignment.md"
#: (file of language 1, language 1, file of language 2, language 2): the memory's data, none of
#: it in the test documents.
MEMORY_DATA = (
    ("en-sw/mafand_lafand-mt/train.en", "en", "en-sw/mafand_lafand-mt/train.swa", "sw"),
    ("en-sw/mafand_lafand-mt/dev.en", "en", "en-sw/mafand_lafand-mt/dev.swa", "sw"),
    ("en-sw/tatoeba-test-v2021-08-07.eng", "en", "en-sw/tatoeba-test-v2021-08-07.swa", "sw"),
    ("en-it/newstest2009.eng", "en", "en-it/newstest2009.ita", "it"),
    ("en-it/newssyscomb2009.eng", "en", "en-it/newssyscomb2009.ita", "it"),
    ("en-it/tatoeba-test-v2021-08-07.eng", "en", "en-it/tatoeba-test-v2021-08-07.ita", "it"),
)
DOC_SIZE = 40


def load() -> dict[str, list[str]]:
    return {
        lang: (FLORES / name).read_text(encoding="utf-8").splitlines()
        for lang, name in FILES.items()
    }


def memory_units() -> list[Unit]:
    """The units of the benchmark's memory (empty when the corpora are absent)."""
    units: list[Unit] = []
    for fa, la, fb, lb in MEMORY_DATA:
        if not (PARALLEL / fa).exists():
            continue
        texts_a = (PARALLEL / fa).read_text(encoding="utf-8").splitlines()
        texts_b = (PARALLEL / fb).read_text(encoding="utf-8").splitlines()
        for x, y in zip(texts_a, texts_b, strict=True):
            if x.strip() and y.strip():
                variants = [Variant(la, Segment.from_text(x)), Variant(lb, Segment.from_text(y))]
                units.append(Unit(variants=variants))
    return units


def build_memory(units: list[Unit]) -> tuple[MemoryEvidence, float]:
    """Store ``units`` in a memory, then read the evidence back from the store (and its time)."""
    store = MemoryStore()
    store.create_memory("bench")
    store.import_units("bench", units, origin="benchmark")
    t0 = time.perf_counter()
    evidence = memory_evidence(store, ["bench"])
    return evidence, time.perf_counter() - t0


def make_doc(
    ids: list[int], rng: random.Random, merge_rate: float, drop_rate: float
) -> list[list[int]]:
    """Group sentence ids into the document's sentences (merged pairs, dropped sentences)."""
    out: list[list[int]] = []
    k = 0
    while k < len(ids):
        r = rng.random()
        if r < drop_rate:
            k += 1
            continue
        if r < drop_rate + merge_rate and k + 1 < len(ids):
            out.append([ids[k], ids[k + 1]])
            k += 2
            continue
        out.append([ids[k]])
        k += 1
    return out


def links_gold(doc_a: list[list[int]], doc_b: list[list[int]]) -> set[tuple[int, int]]:
    where_b = {sid: j for j, group in enumerate(doc_b) for sid in group}
    out = set()
    for i, group in enumerate(doc_a):
        for sid in group:
            if sid in where_b:
                out.add((i, where_b[sid]))
    return out


def links_gold_3way(docs: list[list[list[int]]], a: int, b: int) -> set[tuple[int, int]]:
    """Links of the smallest 3-way beads consistent with the documents.

    Sentences of any language that share a FLORES line belong to the same bead, so when
    languages merge different pairs, a correct 3-way bead covers them all.
    """
    parent: dict[tuple[int, int], tuple[int, int]] = {}

    def find(x: tuple[int, int]) -> tuple[int, int]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    first: dict[int, tuple[int, int]] = {}
    for k, doc in enumerate(docs):
        for i, group in enumerate(doc):
            find((k, i))
            for sid in group:
                if sid in first:
                    parent[find((k, i))] = find(first[sid])
                else:
                    first[sid] = (k, i)
    return {
        (i, j)
        for i in range(len(docs[a]))
        for j in range(len(docs[b]))
        if find((a, i)) == find((b, j))
    }


def links_found(al: Alignment, a: int, b: int) -> set[tuple[int, int]]:
    out = set()
    for bead in al.beads:
        for i in bead.indices[a]:
            for j in bead.indices[b]:
                out.add((i, j))
    return out


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def bead_is_right(
    bead: Bead, docs: list[list[list[int]]], a: int, b: int, ka: int, kb: int
) -> bool:
    """Right when both sides hold the same FLORES lines, or a lone side's lines are missing
    from the other document (a true 1-0)."""
    ids_a = {sid for i in bead.indices[ka] for sid in docs[a][i]}
    ids_b = {sid for j in bead.indices[kb] for sid in docs[b][j]}
    if ids_a and ids_b:
        return ids_a == ids_b
    present = {sid for group in docs[b if ids_a else a] for sid in group}
    return not ((ids_a or ids_b) & present)


def run(
    data: dict[str, list[str]],
    n_docs: int,
    merge: float,
    drop: float,
    seed: int,
    *,
    lexicon: AnchorTerms | None = None,
    memory: MemoryEvidence | None = None,
    doc_size: int = DOC_SIZE,
) -> dict[str, Any]:
    """Align every pair two-way and (three languages) all three-way; count links and beads."""
    rng = random.Random(seed)
    langs = list(data)
    total = len(data[langs[0]])
    pairs = [(0, 1), (0, 2), (1, 2)] if len(langs) == 3 else [(0, 1)]
    counts = {p: [0, 0, 0] for p in pairs}
    counts3 = [0, 0, 0]
    beads = review = right_review = wrong_kept = wrong = 0
    elapsed = 0.0
    for d in range(n_docs):
        start = (d * doc_size) % max(1, total - doc_size)
        ids = list(range(start, start + doc_size))
        docs = [make_doc(ids, rng, merge, drop) for _ in langs]
        texts = [
            (lang, [" ".join(data[lang][s] for s in group) for group in doc])
            for lang, doc in zip(langs, docs, strict=True)
        ]
        for a, b in pairs:
            t0 = time.perf_counter()
            al = align([texts[a], texts[b]], lexicon=lexicon, memory=memory)
            elapsed += time.perf_counter() - t0
            gold = links_gold(docs[a], docs[b])
            found = links_found(al, 0, 1)
            c = counts[(a, b)]
            c[0] += len(gold & found)
            c[1] += len(found - gold)
            c[2] += len(gold - found)
            for bead in al.beads:
                beads += 1
                review += bead.needs_review
                ok = bead_is_right(bead, docs, a, b, 0, 1)
                wrong += not ok
                right_review += ok and bead.needs_review
                wrong_kept += (not ok) and not bead.needs_review
        if len(langs) < 3:
            continue
        al3 = align(texts, lexicon=lexicon, memory=memory)
        for a, b in pairs:
            gold = links_gold_3way(docs, a, b)
            found = links_found(al3, a, b)
            counts3[0] += len(gold & found)
            counts3[1] += len(found - gold)
            counts3[2] += len(gold - found)
    return {
        "pairs": {f"{langs[a]}-{langs[b]}": prf(*counts[(a, b)]) for a, b in pairs},
        "all": prf(*(sum(c[i] for c in counts.values()) for i in range(3))),
        "three_way": prf(*counts3) if len(langs) == 3 else (0.0, 0.0, 0.0),
        "beads": beads,
        "review": review,
        "wrong": wrong,
        "right_review": right_review,
        "wrong_kept": wrong_kept,
        "seconds_per_pair": elapsed / (n_docs * len(pairs)),
    }


def _exact_hits(evidence: MemoryEvidence, data: dict[str, list[str]]) -> int:
    return sum(bool(evidence.exact(s, lang)) for lang, lines in data.items() for s in lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="5 documents per setting")
    ap.add_argument(
        "--no-memory", action="store_true", help="do not measure with a translation memory"
    )
    ap.add_argument(
        "--setting",
        action="append",
        default=[],
        help="only the settings whose name contains this (repeatable), e.g. '200-sentence'",
    )
    ap.add_argument(
        "--lexicon",
        action="append",
        default=[],
        choices=["none", "FreeDict", "FreeDict + memory", "memory"],
        help="only these lexicons (repeatable)",
    )
    args = ap.parse_args(argv)
    if not FLORES.is_dir():
        print(f"FLORES not found at {FLORES}; skipping", file=sys.stderr)
        RESULTS.parent.mkdir(parents=True, exist_ok=True)
        RESULTS.write_text("## Alignment\n\nSkipped: FLORES corpus not found.\n")
        return 0
    data = load()
    n_docs = 5 if args.quick else 25
    long_docs = 2 if args.quick else 8
    settings = [  # name, merge rate, drop rate, sentences per document, documents
        ("1-1 heavy (5% merged, 1% dropped)", 0.05, 0.01, DOC_SIZE, n_docs),
        ("only 1-1", 0.0, 0.0, DOC_SIZE, n_docs),
        ("hard (15% merged, 4% dropped)", 0.15, 0.04, DOC_SIZE, n_docs),
        ("1-1 heavy, 200-sentence documents", 0.05, 0.01, 200, long_docs),
        ("hard, 200-sentence documents", 0.15, 0.04, 200, long_docs),
    ]
    if args.setting:
        settings = [s for s in settings if any(part in s[0] for part in args.setting)]
    dictionaries = find_dictionaries()
    freedict = dictionary_anchors(dictionaries) if dictionaries else None
    lexicons: list[tuple[str, AnchorTerms | None, MemoryEvidence | None]] = [("none", None, None)]
    if freedict:
        lexicons.append(("FreeDict", freedict, None))
    units = [] if args.no_memory else memory_units()
    memory_note = "no memory (--no-memory, or its corpora are absent)."
    if units:
        evidence, seconds = build_memory(units)
        lexicons.append(("FreeDict + memory" if freedict else "memory", freedict, evidence))
        learned = ", ".join(f"{lang} {len(t)}" for lang, t in sorted(evidence.meanings.items()))
        memory_note = (
            f"'memory': `align(memory=memory_evidence(store))` over a memory of {len(units):,} "
            "units not in the test documents (MAFAND-MT en-sw train+dev, Tatoeba en-sw and "
            "en-it, WMT newstest2009 + newssyscomb2009 en-it); words learned with English "
            f"meanings: {learned}; read from the store in {seconds:.1f} s. Exact sentence "
            f"anchors found in the test documents: {_exact_hits(evidence, data)}."
        )
    if args.lexicon:
        lexicons = [lex for lex in lexicons if lex[0] in args.lexicon]
    names = ", ".join(f"{d.source}-{d.target} ({len(d.entries)})" for d in dictionaries)
    cmd = "python -m benchmarks.alignment" + (" --quick" if args.quick else "")
    cmd += " --no-memory" if args.no_memory else ""
    cmd += "".join(f" --setting '{s}'" for s in args.setting)
    cmd += "".join(f" --lexicon '{x}'" for x in args.lexicon)
    lines = [
        "## Alignment (Gale–Church length model + anchors + bilingual dictionary)",
        "",
        f"Command: `{cmd}`. {n_docs} documents of {DOC_SIZE} (or {long_docs} of 200) consecutive",
        "FLORES-200 devtest sentences per setting, it/en/sw aligned 3-way (Italian pivot). In each",
        "language independently, pairs of consecutive sentences are merged (→ 1-2 / 2-1 beads) and",
        "sentences dropped (→ 1-0 beads) at the given rates. Each language pair is aligned",
        "two-way; P/R/F1 are over the links of all three pairs (a link is a pair of sentence",
        "indices sharing a bead). '3-way F1' scores the links of the 3-way alignment (Italian",
        "pivot) against the smallest 3-way beads consistent with all three documents (when",
        "languages merge different pairs, the true 3-way bead covers them all). A bead is",
        "'wrong' when its two sides do not hold the same FLORES lines (a 1-0 bead is right when",
        "its lines are missing from the other side). Default review threshold 0.6.",
        "'dictionary': none, or the FreeDict dictionaries Debian installs (`dict-freedict-*`,",
        f"headwords: {names or 'not installed'}) as the aligner's `lexicon`.",
        memory_note,
        "Target (issue 23): it-sw and en-sw F1 ≥ 0.97 with merges and deletions.",
        "Shared 2-core machine: timings indicative.",
        "",
        "| setting | dictionary | it-en F1 | it-sw F1 | en-sw F1 | P | R | F1 | 3-way F1 | beads | "
        "wrong | for review | right but for review | wrong and kept | s/pair |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, merge, drop, size, docs in settings:
        for label, lexicon, memory in lexicons:
            r = run(data, docs, merge, drop, seed=7, lexicon=lexicon, memory=memory, doc_size=size)
            p, rc, f = r["all"]
            pf = r["pairs"]
            lines.append(
                f"| {name} | {label} | {pf['it-en'][2]:.4f} | {pf['it-sw'][2]:.4f} | "
                f"{pf['en-sw'][2]:.4f} | {p:.4f} | {rc:.4f} | {f:.4f} | {r['three_way'][2]:.4f} | "
                f"{r['beads']} | {r['wrong']} | {r['review']} | {r['right_review']} | "
                f"{r['wrong_kept']} | {r['seconds_per_pair']:.2f} |"
            )
            print(lines[-1], flush=True)
    if (MAFAND / "test.en").exists():
        news = {
            "en": (MAFAND / "test.en").read_text(encoding="utf-8").splitlines(),
            "sw": (MAFAND / "test.swa").read_text(encoding="utf-8").splitlines(),
        }
        lines += [
            "",
            "MAFAND-MT en-sw test (news, line-parallel), documents built the same way:",
            "",
            "| setting | dictionary | en-sw P | R | F1 | beads | wrong | wrong and kept |",
            "|---|---|---:|---:|---:|---:|---:|---:|",
        ]
        for name, merge, drop, size, docs in [
            s for s in settings if "hard" in s[0] or s[3] > DOC_SIZE
        ]:
            for label, lexicon, memory in lexicons:
                r = run(
                    news, docs, merge, drop, seed=7, lexicon=lexicon, memory=memory, doc_size=size
                )
                p, rc, f = r["all"]
                lines.append(
                    f"| {name} | {label} | {p:.4f} | {rc:.4f} | {f:.4f} | {r['beads']} | "
                    f"{r['wrong']} | {r['wrong_kept']} |"
                )
                print(lines[-1], flush=True)
    size = 200 if args.quick else len(data["it"])
    lines += [
        "",
        f"Scaling: one document of {size} consecutive FLORES sentences per language, no edits.",
        "",
        "| alignment | sentences per language | seconds | 1-1 beads |",
        "|---|---:|---:|---:|",
    ]
    for langs in (("it", "en"), ("it", "en", "sw")):
        t0 = time.perf_counter()
        al = align([(lang, data[lang][:size]) for lang in langs])
        seconds = time.perf_counter() - t0
        ones = sum(all(len(ix) == 1 for ix in b.indices) for b in al.beads)
        lines.append(f"| {'-'.join(langs)} | {size} | {seconds:.1f} | {ones} |")
        print(lines[-1], flush=True)
    out = "\n".join(lines) + "\n"
    print(out)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(out, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
