"""Short strings below threshold 80: the character filter through the index alone, against the
in-memory scan of the length band (:mod:`tm.charscan`), in one process on the same queries.

The two paths of :func:`tm.match._char_candidates` are timed query by query, interleaved (so the
load of a shared machine weighs on both alike), beside the exhaustive ``fuzz.ratio`` scan of every
source, on the short-strings memory of ``benchmarks.tm_lookup --memories short`` (its SQLite store,
built and kept by that benchmark). Both paths must return the same matches: the count is reported.

    python -m benchmarks.tm_charscan [--size 100000] [--queries 300]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from typing import Any

from benchmarks.tm_lookup import DATA, RESULTS, machine, memory_dataset, pct

THRESHOLD = 70.0


def run(size: int, n_queries: int) -> dict[str, Any]:
    from rapidfuzz import fuzz, process

    from mkutano.tm import match, open_store, suggest

    path = DATA / f"tm_memory_short_{size}.db"
    if not path.exists():
        raise SystemExit(
            f"{path} is missing: build it with python -m benchmarks.tm_lookup --memories short"
            f" --sizes {size}"
        )
    stored, queries, _ = memory_dataset("short", size, n_queries)
    sources = [p[0] for p in stored]
    store = open_store(str(path), migrate=False)
    opts: dict[str, Any] = {"source_lang": "en", "threshold": THRESHOLD, "pivot": "never"}
    scan_rows = match._SCAN_ROWS
    for q in queries[:20]:  # warm-up (the in-memory copy is loaded here)
        suggest(store, q[0], target_lang=q[1], limit=5, **opts)
    lat: dict[str, list[float]] = {"index": [], "scan": [], "fuzz": []}
    same = 0
    try:
        for q in queries:
            match._SCAN_ROWS = sys.maxsize  # the index's count filters only (the code before)
            t0 = time.perf_counter()
            a = suggest(store, q[0], target_lang=q[1], limit=5, **opts)
            lat["index"].append((time.perf_counter() - t0) * 1000)
            match._SCAN_ROWS = scan_rows
            t0 = time.perf_counter()
            b = suggest(store, q[0], target_lang=q[1], limit=5, **opts)
            lat["scan"].append((time.perf_counter() - t0) * 1000)
            t0 = time.perf_counter()
            process.extract(q[0], sources, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=5)
            lat["fuzz"].append((time.perf_counter() - t0) * 1000)
            same += [m.as_dict() for m in a] == [m.as_dict() for m in b]
    finally:
        match._SCAN_ROWS = scan_rows
        store.close()
    load = "/".join(f"{x:.2f}" for x in os.getloadavg())
    return {"size": size, "queries": len(queries), "lat": lat, "same": same, "load": load}


def render(r: dict[str, Any], cmd: str) -> str:
    def ms(v: list[float]) -> str:
        mean = sum(v) / len(v)
        return f"{pct(v, 50):.1f} / {pct(v, 95):.1f} / {pct(v, 99):.1f} (mean {mean:.1f})"

    lat = r["lat"]
    speed = (sum(lat["index"]) / sum(lat["scan"])) if lat["scan"] else float("nan")
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    return "\n".join(
        [
            "## Short strings: the character filter's in-memory scan (issue 17)",
            "",
            f"Command: `{cmd}` ({stamp}, load average {r['load']} when done). The short-strings"
            f" memory of {r['size']:,} units (SQLite, built by `benchmarks.tm_lookup --memories"
            f" short`), threshold {THRESHOLD:g}, limit 5, {r['queries']} queries; in one process,"
            " each query through both paths in turn and then the scan, so both see the same load.",
            "",
            "| path | p50 / p95 / p99 ms |",
            "|---|---|",
            f"| character candidates through the index's count filters only (before) | {ms(lat['index'])} |",
            f"| with the in-memory scan of the length band (`tm/charscan.py`, now) | {ms(lat['scan'])} |",
            f"| exhaustive `rapidfuzz` `fuzz.ratio` scan of every source | {ms(lat['fuzz'])} |",
            "",
            f"Mean speed-up of the scan path over the index path: {speed:.1f}×. Identical results"
            f" (the whole `as_dict()` of the top 5) on {r['same']} of {r['queries']} queries.",
            f"Machine: {machine()}",
            "",
        ]
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.tm_charscan")
    ap.add_argument("--size", type=int, default=100_000)
    ap.add_argument("--queries", type=int, default=300)
    args = ap.parse_args(argv)
    r = run(args.size, args.queries)
    cmd = "python -m benchmarks.tm_charscan"
    cmd += f" --size {args.size}" if args.size != 100_000 else ""
    cmd += f" --queries {args.queries}" if args.queries != 300 else ""
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "tm_lookup_charscan.md"
    out.write_text(render(r, cmd), encoding="utf-8")
    print(out.read_text(encoding="utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
