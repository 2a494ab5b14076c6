"""Top-k lookups on a memory of recurring reports: latency and work per query (issue 17).

Each real English news sentence (``newstest2009``) is stored in tens of near-variants (one word
replaced, or a number changed), as a memory of yearly reports is; each query is a one-word edit of
a stored variant that is not stored itself. Threshold 70, limit 5, in process, after warm-up.
Besides latency, the work per query: candidates fully scored (``score_segments`` calls) and
matches explained (``diff`` calls).

    python -m benchmarks.tm_topk --units 100000 [--db PATH] [--queries 300]

Run with ``PYTHONPATH`` pointing at an older checkout to measure it the same way.
"""

from __future__ import annotations

import argparse
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from mkutano.tm import match, open_store
from mkutano.tmx import Segment, Unit, Variant

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "parallel" / "en-it"
_FILLERS = ["annual", "regional", "national", "new", "final", "local", "early", "major", "weekly"]


def _variant(words: list[str], rng: random.Random) -> list[str]:
    out = list(words)
    k = rng.randrange(len(out))
    out[k] = str(rng.randrange(1, 2000)) if out[k].isdigit() else rng.choice(_FILLERS)
    return out


def build(units: int, per_base: int, seed: int = 17) -> tuple[list[Unit], list[str]]:
    """The memory's units and the queries (one-word edits of stored variants)."""
    rng = random.Random(seed)
    en = (CORPUS / "newstest2009.eng").read_text(encoding="utf-8").splitlines()
    it = (CORPUS / "newstest2009.ita").read_text(encoding="utf-8").splitlines()
    pairs = [(e, i) for e, i in zip(en, it, strict=True) if 8 <= len(e.split()) <= 40]
    bases = pairs[: units // per_base]
    out: list[Unit] = []
    stored: list[list[str]] = []
    for e, i in bases:
        for _ in range(per_base):
            words = _variant(e.split(), rng)
            stored.append(words)
            out.append(
                Unit(
                    [
                        Variant("en", Segment.from_text(" ".join(words))),
                        Variant("it", Segment.from_text(i)),
                    ]
                )
            )
    queries = [" ".join(_variant(rng.choice(stored), rng)) for _ in range(2000)]
    return out, queries


def measure(store: Any, queries: list[str]) -> dict[str, float]:
    counts = {"scored": 0, "explained": 0}
    real_score, real_diff = match.score_segments, match.diff

    def scored(*a: Any) -> Any:
        counts["scored"] += 1
        return real_score(*a)

    def explained(*a: Any) -> Any:
        counts["explained"] += 1
        return real_diff(*a)

    opts: dict[str, Any] = {"source_lang": "en", "target_lang": "it", "threshold": 70, "limit": 5}
    for q in queries[:30]:  # warm-up
        match.suggest(store, q, **opts)
    times: list[float] = []
    match.score_segments, match.diff = scored, explained  # type: ignore[assignment]
    try:
        for q in queries:
            t0 = time.perf_counter()
            match.suggest(store, q, **opts)
            times.append((time.perf_counter() - t0) * 1000)
    finally:
        match.score_segments, match.diff = real_score, real_diff  # type: ignore[assignment]
    times.sort()
    n = len(queries)
    return {
        "p50": statistics.median(times),
        "p90": times[int(0.90 * (n - 1))],
        "p99": times[int(0.99 * (n - 1))],
        "scored": counts["scored"] / n,
        "explained": counts["explained"] / n,
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--units", type=int, default=100_000)
    ap.add_argument("--per-base", type=int, default=50)
    ap.add_argument("--queries", type=int, default=300)
    ap.add_argument("--db", help="SQLite file or PostgreSQL URL (default: a temporary file)")
    args = ap.parse_args()
    units, queries = build(args.units, args.per_base)
    with tempfile.TemporaryDirectory() as tmp:
        store = open_store(args.db or str(Path(tmp) / "tm.db"))
        t0 = time.perf_counter()
        store.create_memory("reports")
        store.import_units("reports", units, origin="bench")
        imported = time.perf_counter() - t0
        r = measure(store, queries[: args.queries])
        store.close()
    print(
        f"units {len(units)}, {args.per_base} variants per sentence, {args.queries} queries,"
        f" {platform.processor() or platform.machine()}; import {imported:.1f} s;"
        f" p50 {r['p50']:.2f} ms, p90 {r['p90']:.2f} ms, p99 {r['p99']:.2f} ms;"
        f" per query: {r['scored']:.1f} candidates scored, {r['explained']:.1f} explained"
    )


if __name__ == "__main__":
    main()
