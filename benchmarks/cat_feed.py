"""CAT-tool protocols: what a 304 of the OmegaT feed costs against a full export, and the probes.

Measures, on a SQLite store filled from the synthetic bilingual TMX of ``benchmarks.tm_store``:
``tm.memory_fingerprint`` (the feed's ETag, one aggregate query; what a ``304`` costs),
``tm.memory_languages`` (tmserver ``/languages/``, APy ``/listPairs``), a full TMX export (what a
``200`` costs) and a tmserver-sized lookup (``tm.suggest``, 5 candidates at 70). Writes
``benchmarks/results/cat_feed.md``.

    python -m benchmarks.cat_feed [--quick] [--sizes 10000 100000]
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from benchmarks.tm_store import _source_file

RESULTS = Path(__file__).resolve().parent / "results"


def _median_ms(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append((time.perf_counter() - t0) * 1000)
    return statistics.median(times)


def measure(n: int) -> dict[str, Any]:
    from mkutano.tm import (
        export_tmx,
        import_tmx,
        memory_fingerprint,
        memory_languages,
        open_store,
        suggest,
    )

    src = _source_file(n)
    with tempfile.TemporaryDirectory(prefix="mkutano-cat-") as tmp:
        store = open_store(Path(tmp) / "cat.db")
        try:
            store.create_memory("bench")
            import_tmx(store, src, memory="bench")
            first = next(iter(store.iter_units(memories=["bench"], limit=1)))
            variant = first.unit.variants[0]
            other = first.unit.variants[1]
            query = str(variant.text)
            with open(os.devnull, "wb") as sink:
                t0 = time.perf_counter()
                export_tmx(store, sink, memories=["bench"])  # type: ignore[arg-type]
                export_s = time.perf_counter() - t0
            return {
                "units": store.count_units("bench"),
                "fingerprint_ms": _median_ms(lambda: memory_fingerprint(store, "bench"), 5),
                "languages_ms": _median_ms(lambda: memory_languages(store), 5),
                "export_s": export_s,
                "lookup_ms": _median_ms(
                    lambda: suggest(
                        store,
                        query,
                        source_lang=variant.lang,
                        target_lang=other.lang,
                        threshold=70.0,
                        limit=5,
                    ),
                    5,
                ),
            }
        finally:
            store.close()


def _markdown(rows: list[dict[str, Any]], command: str) -> str:
    out = [
        "## CAT-tool protocols: feed ETag (304) against a full export, language probes",
        "",
        f"Command: `{command}`  ",
        f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()} (shared with other jobs while measured).",
        "",
        "| units | ETag (`memory_fingerprint`) ms | `memory_languages` ms | full TMX export s "
        "| tmserver lookup ms |",
        "|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        out.append(
            f"| {r['units']:,} | {r['fingerprint_ms']:.1f} | {r['languages_ms']:.1f} "
            f"| {r['export_s']:.1f} | {r['lookup_ms']:.1f} |"
        )
    out += [
        "",
        "Notes:",
        "- SQLite store; medians of 5 calls (the export: one run, written to /dev/null).",
        "- A `304` of `/v1/memories/{name}/export.tmx` costs the ETag column plus HTTP; a `200` "
        "costs the export column (streamed while written).",
        "- `memory_languages` answers tmserver `/languages/` and APy `/listPairs` (a scan of the "
        "variants table: it grows with the memory).",
        "- Lookup: `tm.suggest` for a stored source, 5 candidates at 70, as a tmserver client asks.",
        "",
    ]
    return "\n".join(out)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="10,000 units only")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000])
    args = parser.parse_args(argv)
    sizes = [10_000] if args.quick else args.sizes
    rows = [measure(n) for n in sizes]
    command = "python -m benchmarks.cat_feed" + (
        " --quick" if args.quick else " --sizes " + " ".join(map(str, sizes))
    )
    text = _markdown(rows, command)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "cat_feed.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
