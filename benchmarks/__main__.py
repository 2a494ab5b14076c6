"""Run every benchmark and assemble ``BENCHMARKS.md``.

Usage::

    python -m benchmarks            # full sizes (the 1M-unit TM run takes a while)
    python -m benchmarks --quick    # small sizes, a smoke run
    python -m benchmarks --only tm_lookup --only api_load
    python -m benchmarks --assemble # only rebuild BENCHMARKS.md from benchmarks/results/*.md

Each area module is run as ``python -m benchmarks.<area> [--quick]`` in its own process (so peak-memory
figures are per benchmark) and writes ``benchmarks/results/<area>.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
RESULTS = HERE / "results"
OUT = HERE.parent / "BENCHMARKS.md"

# Order of the sections in BENCHMARKS.md.
AREAS = [
    "tm_lookup",
    "tm_quality",
    "tm_adaptation",
    "tm_subsegment",
    "tm_store",
    "analysis",
    "tmx_memory",
    "term_recognition",
    "qa_accuracy",
    "qa_write_paths",
    "segmentation",
    "alignment",
    "api_load",
    "cat_feed",
    "workbench",
]


def machine() -> str:
    cpu = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{os.cpu_count()} cores ({cpu}){mem}, Python {platform.python_version()}, {platform.system()}"


def assemble() -> None:
    parts = [
        "# Benchmarks\n",
        "Measured, not asserted: speed and memory targets live here, never in unit tests.",
        "Reproduce everything with `python -m benchmarks` (add `--quick` for a smoke run); each section",
        "names the exact command that produced it. The machines are shared and noisy (2 cores,",
        "24 GiB): figures from one run, with other work possibly running beside it.\n",
        f"Assembled {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC on: {machine()}\n",
    ]
    known = [a for a in AREAS if (RESULTS / f"{a}.md").exists()]
    # an area's further sections (``tm_lookup_memories.md``) follow the area's own
    parts_of = {a: sorted(p.stem for p in RESULTS.glob(f"{a}_*.md")) for a in known}
    placed = {s for a in known for s in parts_of[a]}
    extra = sorted(p.stem for p in RESULTS.glob("*.md") if p.stem not in AREAS + sorted(placed))
    for area in [s for a in known for s in (a, *parts_of[a])] + extra:
        parts.append((RESULTS / f"{area}.md").read_text(encoding="utf-8").rstrip() + "\n")
    OUT.write_text("\n".join(parts), encoding="utf-8")
    print(f"wrote {OUT} ({len(known) + len(extra)} sections)")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (smoke run)")
    ap.add_argument("--only", action="append", choices=AREAS, help="run only these areas")
    ap.add_argument("--assemble", action="store_true", help="only rebuild BENCHMARKS.md")
    args = ap.parse_args(argv)
    failed: list[str] = []
    if not args.assemble:
        for area in args.only or AREAS:
            if not (HERE / f"{area}.py").exists():
                print(f"skip {area}: benchmarks/{area}.py not present")
                continue
            cmd = [sys.executable, "-m", f"benchmarks.{area}"] + (["--quick"] if args.quick else [])
            print("$", " ".join(cmd), flush=True)
            if subprocess.run(cmd, cwd=HERE.parent).returncode != 0:
                failed.append(area)
    assemble()
    if failed:
        print("failed:", ", ".join(failed), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
