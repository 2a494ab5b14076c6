"""Sub-segment matches (:mod:`tm.subsegment`): how fast at 100k units, and how useful on real text.

Usage::

    python -m benchmarks.tm_subsegment            # 100k-unit memories (built once, then kept)
    python -m benchmarks.tm_subsegment --quick    # 10k-unit memories
    python -m benchmarks.tm_subsegment --rebuild  # build the memories again

Latency, SQLite, in process: the recurring-reports memory (:func:`benchmarks.memories.
recurring_reports`) and the FLORES-based memory of the lookup benchmark
(:func:`benchmarks.tm_lookup.dataset`: FLORES-200, WMT09, MAFAND-MT, Tatoeba pairs and their
perturbed copies), each queried with real English sentences it does not hold (report sentences
past the ones used; the pairs the lookup benchmark holds out). Timed: the whole
``suggest(subsegments=True)`` call (threshold 75, limit 5: the whole-segment lookup, then the
sub-segments when it finds nothing) and ``subsegments()`` alone. Baseline side by side: the
contained units found by tokenising every unit (``exhaustive=True``) on a few queries, which must
equal the index's.

Usefulness (:func:`recall_section`, also in ``benchmarks.tm_quality``): FLORES-200 devtest
(it, en, sw), every 10th sentence held out, the others stored; each held-out sentence with no
whole-segment match ≥ 75 is asked for sub-segments. Reported per direction: the share that get
one, and how often the suggested rendering occurs in the true translation (case-folded).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from .tm_lookup import DATA, base_pairs, dataset, pct, to_unit

RESULTS = Path(__file__).resolve().parent / "results"
THRESHOLD = 75.0
N_QUERIES = 100
EXHAUSTIVE_QUERIES = 3
HOLD_EVERY = 10
LANGS = {"en": 1, "it": 2, "sw": 3}


def memory(kind: str, n: int) -> tuple[Any, list[tuple[str, str]]]:
    """(stored pairs, held-out queries as (english, target language)) of memory ``kind``."""
    from benchmarks import memories

    if kind == "recurring":
        pairs = base_pairs()
        stored, _, used = memories.recurring_reports(pairs, n, 1)
        held = memories.report_bases(pairs)[used:]
    else:
        stored, _, _ = dataset(n, 2 * N_QUERIES)
        held = base_pairs()[:N_QUERIES]
    return stored, [(p[0], "sw" if p[3] else p[1]) for p in held[:N_QUERIES]]


def _store(kind: str, n: int, rebuild: bool) -> tuple[str, float | None]:
    """The kept SQLite store of ``kind`` (built when missing), and its import time if built."""
    from mkutano.tm import open_store

    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"tm_subsegment_{kind}_{n}.db"
    meta = DATA / f"tm_subsegment_{kind}_{n}.json"
    if path.exists() and meta.exists() and not rebuild:
        return str(path), None
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    stored, _ = memory(kind, n)
    store = open_store(str(path))
    store.create_memory("bench")
    t0 = time.perf_counter()
    store.import_units("bench", (to_unit(p) for p in stored), origin="benchmark")
    seconds = time.perf_counter() - t0
    store.close()
    meta.write_text(json.dumps({"seconds": seconds}))
    return str(path), seconds


def measure(kind: str, n: int, rebuild: bool) -> dict[str, Any]:
    from mkutano.tm import open_store, subsegments, suggest

    path, built = _store(kind, n, rebuild)
    _, queries = memory(kind, n)
    store = open_store(path, migrate=False)
    units = store.count_units()
    opts: dict[str, Any] = {"source_lang": "en", "memories": None}
    suggest(store, queries[0][0], target_lang=queries[0][1], subsegments=True, **opts)  # warm up
    full, alone, answered, pieces = [], [], 0, 0
    for text, tgt in queries:
        t0 = time.perf_counter()
        found = suggest(
            store,
            text,
            target_lang=tgt,
            threshold=THRESHOLD,
            limit=5,
            pivot="never",
            subsegments=True,
            **opts,
        )
        full.append((time.perf_counter() - t0) * 1000)
        t0 = time.perf_counter()
        subsegments(store, text, target_lang=tgt, limit=5, **opts)
        alone.append((time.perf_counter() - t0) * 1000)
        if found and found[0].type == "subsegment":
            answered += 1
            pieces += len(found)
    same, exh = 0, []
    for text, tgt in queries[:EXHAUSTIVE_QUERIES]:
        fast = subsegments(store, text, target_lang=tgt, phrases=False, limit=None, **opts)
        t0 = time.perf_counter()
        slow = subsegments(
            store, text, target_lang=tgt, phrases=False, limit=None, exhaustive=True, **opts
        )
        exh.append((time.perf_counter() - t0) * 1000)
        same += [m.as_dict() for m in fast] == [m.as_dict() for m in slow]
    store.close()
    return {
        "kind": kind,
        "units": units,
        "queries": len(queries),
        "built": built,
        "full": full,
        "alone": alone,
        "answered": answered,
        "pieces": pieces,
        "exh": exh,
        "same": same,
    }


def _ms(values: list[float]) -> str:
    return f"{pct(values, 50):.1f} / {pct(values, 95):.1f} / {pct(values, 99):.1f}"


def recall_rows() -> list[str]:
    """Table rows of the usefulness measure on held-out FLORES sentences (see module doc)."""
    from benchmarks.tm_quality import CORPUS
    from mkutano.tm import MemoryStore, suggest
    from mkutano.tmx import Segment, Unit, Variant

    tsv = CORPUS / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    if not tsv.exists():
        return [f"| (skipped: {tsv} not found) | | | | | |"]
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    rows = [r for r in rows if len(r) >= 4]
    held = rows[::HOLD_EVERY]
    kept = [r for i, r in enumerate(rows) if i % HOLD_EVERY]
    store = MemoryStore()
    store.create_memory("flores")
    store.import_units(
        "flores",
        [
            Unit([Variant(lg, Segment.from_text(r[c].strip())) for lg, c in LANGS.items()])
            for r in kept
        ],
        origin="benchmark",
    )
    out = []
    for src, tgt in (("it", "sw"), ("en", "sw"), ("it", "en"), ("sw", "en"), ("en", "it")):
        asked = got = top_in = any_in = shown = shown_in = 0
        for r in held:
            text, truth = r[LANGS[src]].strip(), r[LANGS[tgt]].strip().casefold()
            found = suggest(
                store, text, source_lang=src, target_lang=tgt, threshold=THRESHOLD, pivot="never",
                subsegments=True,
            )  # fmt: skip
            if found and found[0].type != "subsegment":
                continue  # a whole-segment match reached the threshold
            asked += 1
            if not found:
                continue
            got += 1
            hits = [str(m.target).casefold() in truth for m in found]
            top_in += hits[0]
            any_in += any(hits)
            shown += len(hits)
            shown_in += sum(hits)
        out.append(
            f"| {src}→{tgt} | {len(held)} | {asked} | {got} ({100 * got / max(asked, 1):.0f}%) |"
            f" {top_in} ({100 * top_in / max(got, 1):.0f}%) | {any_in} |"
            f" {shown_in}/{shown} ({100 * shown_in / max(shown, 1):.0f}%) |"
        )
    return out


RECALL_HEADER = [
    "| direction | held out | no whole match ≥ 75 | with a sub-segment suggestion | top rendering"
    " in the true translation | any of the 5 in it | all suggestions in it |",
    "|---|---:|---:|---:|---:|---:|---:|",
]


def recall_section() -> str:
    return "\n".join(
        [
            "### Sub-segment suggestions on held-out sentences\n",
            f"FLORES-200 devtest (it, en, sw): every {HOLD_EVERY}th sentence held out, the others",
            "stored. For each held-out sentence with no whole-segment match ≥ 75: does it get a",
            "sub-segment suggestion (`suggest(subsegments=True)`, limit 5), and does the suggested",
            "rendering occur in its true translation (case-folded substring)?\n",
            *RECALL_HEADER,
            *recall_rows(),
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.tm_subsegment")
    ap.add_argument("--quick", action="store_true", help="10k-unit memories")
    ap.add_argument("--rebuild", action="store_true", help="build the kept memories again")
    args = ap.parse_args(argv)
    n = 10_000 if args.quick else 100_000
    load = Path("/proc/loadavg").read_text().split()[0] if Path("/proc/loadavg").exists() else "?"
    rows = []
    for kind in ("recurring", "flores"):
        print(f"[{kind} {n}] ...", flush=True)
        r = measure(kind, n, args.rebuild)
        exh = f"{statistics.median(r['exh']):.0f}" if r["exh"] else "-"
        rows.append(
            f"| {kind} | {r['units']:,} | {r['queries']} | {_ms(r['full'])} | {_ms(r['alone'])} |"
            f" {r['answered']} ({r['pieces']} pieces) | {exh} | {r['same']}/{len(r['exh'])} |"
        )
    cmd = "python -m benchmarks.tm_subsegment" + (" --quick" if args.quick else "")
    text = "\n".join(
        [
            "## Sub-segment matches: latency\n",
            f"Command: `{cmd}`. SQLite, in process, {platform.processor() or platform.machine()},",
            f"{os.cpu_count()} cores shared with other jobs (load average {load} at the start). Queries: real English sentences the memory does not",
            "hold. `suggest` = the whole call a CAT tool makes per segment (threshold 75, limit",
            "5; sub-segments only when no whole match); `subsegments` = that part alone. Baseline:",
            f"the contained units by tokenising every unit, on {EXHAUSTIVE_QUERIES} queries",
            "(median ms), and whether the index found exactly the same.\n",
            "| memory | units | queries | `suggest` p50 / p95 / p99 ms | `subsegments` p50 / p95 /"
            " p99 ms | answered with sub-segments | exhaustive scan ms | index = scan |",
            "|---|---:|---:|---|---|---:|---:|---:|",
            *rows,
            "",
            recall_section(),
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tm_subsegment.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
