"""TMX reader memory and speed: peak RSS reading a ~1 GB TMX, units/s reading and writing.

The big file is generated (streaming, never held in memory) under ``benchmarks/.data/`` from the
FLORES-200 devtest sentences of ``../shared/corpus`` (English, Italian, Swahili; synthetic
sentences when the corpus is absent), with the metadata real files carry: tuid, dates, props,
notes, and inline tags in one unit out of eight. Each measurement runs in a fresh child process
so its peak RSS (``VmHWM``) is the reader's own.

Run: ``python -m benchmarks.tmx_memory`` (``--quick``: a 20 MB file and 50k simple units;
``--size-mb N`` to choose the big file's size).
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results" / "tmx_memory.md"
FLORES = (
    ROOT.parent / "shared" / "corpus" / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
)
CHILD_TIMEOUT = 1800  # seconds; bounds the whole run

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tmx SYSTEM "tmx14.dtd">
<tmx version="1.4">
<header creationtool="mkutano-bench" creationtoolversion="1" segtype="sentence" o-tmf="bench"
        adminlang="en" srclang="en" datatype="plaintext" creationdate="20240101T000000Z">
  <prop type="x-domain">G7 Rome/Lyon Group</prop>
</header>
<body>
"""
TAIL = "</body>\n</tmx>\n"


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def sentences() -> list[tuple[str, str, str]]:
    """(en, it, sw) triples: FLORES devtest when present, else synthetic sentences."""
    if FLORES.exists():
        with FLORES.open(encoding="utf-8", newline="") as fh:
            rows = list(csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
        return [(_xml(r[1]), _xml(r[2]), _xml(r[3])) for r in rows[1:] if len(r) >= 4]
    return [
        (
            f"The Lyon Group met {i} times to discuss organised crime and terrorism.",
            f"Il Gruppo di Lione si è riunito {i} volte per discutere di criminalità e terrorismo.",
            f"Kikundi cha Lyon kilikutana mara {i} kujadili uhalifu wa kupangwa na ugaidi.",
        )
        for i in range(1000)
    ]


def _rich_unit(i: int, s: tuple[str, str, str]) -> str:
    en, it, sw = s
    if i % 8 == 0:
        en = f'<bpt i="1">&lt;b&gt;</bpt>{en}<ept i="1">&lt;/b&gt;</ept> <ph x="2">{{{i}}}</ph>'
        it = f'<bpt i="1">&lt;b&gt;</bpt>{it}<ept i="1">&lt;/b&gt;</ept> <ph x="2">{{{i}}}</ph>'
    prop = f'  <prop type="x-project">report-{i % 97}</prop>\n' if i % 5 == 0 else ""
    note = "  <note>checked</note>\n" if i % 11 == 0 else ""
    return (
        f'<tu tuid="u{i}" creationdate="20240102T{i % 24:02d}0000Z" creationid="bench" '
        f'usagecount="{i % 7}">\n{note}{prop}'
        f'  <tuv xml:lang="en"><seg>{en}</seg></tuv>\n'
        f'  <tuv xml:lang="it" changedate="20240103T000000Z"><seg>{it}</seg></tuv>\n'
        f'  <tuv xml:lang="sw"><seg>{sw}</seg></tuv>\n</tu>\n'
    )


def _simple_unit(i: int, s: tuple[str, str, str]) -> str:
    return (
        f'<tu><tuv xml:lang="en"><seg>{s[0]}</seg></tuv>'
        f'<tuv xml:lang="it"><seg>{s[1]}</seg></tuv></tu>\n'
    )


def generate(
    path: Path, *, size: int | None = None, units: int | None = None, simple: bool = False
) -> int:
    """Write a TMX of about ``size`` bytes (or exactly ``units`` units); return its unit count.

    A finished file is reused (its unit count is kept beside it in ``.meta``).
    """
    meta = path.with_suffix(".meta")
    if path.exists() and meta.exists():
        info = json.loads(meta.read_text())
        if info.get("size") == size and info.get("units_wanted") == units:
            return int(info["units"])
    path.parent.mkdir(parents=True, exist_ok=True)
    pool = sentences()
    make = _simple_unit if simple else _rich_unit
    written = 0
    n = 0
    with path.open("w", encoding="utf-8") as fh:
        fh.write(HEAD)
        batch: list[str] = []
        while (units is not None and n < units) or (size is not None and written < size):
            unit = make(n, pool[n % len(pool)])
            batch.append(unit)
            written += len(unit.encode("utf-8"))
            n += 1
            if len(batch) >= 5000:
                fh.write("".join(batch))
                batch.clear()
        fh.write("".join(batch))
        fh.write(TAIL)
    meta.write_text(json.dumps({"size": size, "units_wanted": units, "units": n}))
    return n


READ_CHILD = """
import json, resource, sys, time
def status(key):
    for line in open('/proc/self/status'):
        if line.startswith(key + ':'):
            return int(line.split()[1]) / 1024
def rss():
    return status('VmRSS')
from mkutano import tmx
base = rss()
u0 = resource.getrusage(resource.RUSAGE_SELF)
cpu0 = u0.ru_utime + u0.ru_stime
t = time.perf_counter()
n = variants = tags = 0
with tmx.read_tmx(sys.argv[1]) as doc:
    for u in doc:
        n += 1
        for v in u.variants:
            variants += 1
            tags += len(v.segment.tags)
elapsed = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_SELF)
peak = status('VmHWM')  # this process's own high-water mark (ru_maxrss can carry the parent's)
cpu = usage.ru_utime + usage.ru_stime - cpu0
print(json.dumps({"units": n, "variants": variants, "tags": tags, "seconds": elapsed, "cpu": cpu,
                  "peak_mb": peak, "base_mb": base, "diagnostics": len(doc.diagnostics),
                  "last_line": u.line if n else None}))
"""

WRITE_CHILD = """
import json, resource, sys, time
from mkutano import tmx
def status(key):
    for line in open('/proc/self/status'):
        if line.startswith(key + ':'):
            return int(line.split()[1]) / 1024
n = int(sys.argv[2])
def units():
    for i in range(n):
        seg = tmx.Segment(("Organised crime ", tmx.Tag("ph", "empty", (("x", "1"),), "{0}"), f" case {i}"))
        yield tmx.Unit([tmx.Variant("en", seg), tmx.Variant("sw", tmx.Segment.from_text(f"Uhalifu {i}")),
                        tmx.Variant("it", tmx.Segment.from_text(f"Criminalità {i}"))],
                       attrs={"tuid": str(i), "creationdate": "20240101T000000Z"})
t = time.perf_counter()
written = tmx.write_tmx(sys.argv[1], tmx.Header(attrs={"srclang": "en"}), units())
elapsed = time.perf_counter() - t
usage = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"units": written, "seconds": elapsed, "cpu": usage.ru_utime + usage.ru_stime,
                  "peak_mb": status('VmHWM')}))
"""


def child(code: str, *args: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", code, *args],
        capture_output=True,
        text=True,
        timeout=CHILD_TIMEOUT,
        check=True,
        cwd=ROOT,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(
        prog="python -m benchmarks.tmx_memory", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--quick", action="store_true", help="20 MB file, 50k simple units")
    ap.add_argument("--size-mb", type=int, default=None, help="size of the big file (default 1024)")
    args = ap.parse_args(argv)
    size_mb = args.size_mb or (20 if args.quick else 1024)
    simple_n = 50_000 if args.quick else 1_000_000
    write_n = 50_000 if args.quick else 300_000
    command = "python -m benchmarks.tmx_memory" + (" --quick" if args.quick else "")
    if args.size_mb:
        command += f" --size-mb {args.size_mb}"

    big = DATA / f"tmx_rich_{size_mb}mb.tmx"
    reused = big.exists() and big.with_suffix(".meta").exists()
    t = time.perf_counter()
    n_big = generate(big, size=size_mb * 1024 * 1024)
    gen_s = time.perf_counter() - t
    generated = "reused from an earlier run" if reused else f"generated in {gen_s:.0f} s"
    big_bytes = big.stat().st_size
    print(f"generated {big} ({big_bytes / 1e6:.0f} MB, {n_big} units) in {gen_s:.0f} s", flush=True)
    rich = child(READ_CHILD, str(big))
    assert rich["units"] == n_big, (rich, n_big)
    print(f"read rich: {rich}", flush=True)

    simple = DATA / f"tmx_simple_{simple_n}.tmx"
    n_simple = generate(simple, units=simple_n, simple=True)
    plain = child(READ_CHILD, str(simple))
    assert plain["units"] == n_simple
    print(f"read simple: {plain}", flush=True)

    out = DATA / "tmx_written.tmx"
    wrote = child(WRITE_CHILD, str(out), str(write_n))
    print(f"write: {wrote}", flush=True)
    out.unlink(missing_ok=True)

    def mbs(r: dict[str, float], nbytes: int) -> str:
        return f"{nbytes / 1e6 / r['seconds']:.0f} MB/s"

    lines = [
        "## TMX reader: memory and speed (`tmx_memory`)\n",
        f"Command: `{command}` (generated files under `benchmarks/.data/`, reused between runs).\n",
        "Each figure comes from a fresh child process; peak RSS is that process's `VmHWM`",
        "(`/proc/self/status`; `ru_maxrss` can report the parent's size after fork),",
        "interpreter and lxml included. Shared 2-core machine: wall-clock speeds vary with the load",
        "of the other work running beside it, so units per CPU-second (user + system time of the",
        "child) are given as well.\n",
        "| Measurement | File | Units | Wall time | Units/s (wall) | Units/s (CPU) | Throughput | Peak RSS |",
        "|---|---|---:|---:|---:|---:|---:|---:|",
        f"| read, rich units (3 languages, props, notes, inline tags) | {big_bytes / 1e6:.0f} MB | "
        f"{int(rich['units']):,} | {rich['seconds']:.1f} s | {rich['units'] / rich['seconds']:,.0f} | "
        f"{rich['units'] / rich['cpu']:,.0f} | {mbs(rich, big_bytes)} | **{rich['peak_mb']:.0f} MB** |",
        f"| read, simple units (2 languages, plain text) | {simple.stat().st_size / 1e6:.0f} MB | "
        f"{int(plain['units']):,} | {plain['seconds']:.1f} s | "
        f"{plain['units'] / plain['seconds']:,.0f} | {plain['units'] / plain['cpu']:,.0f} | "
        f"{mbs(plain, simple.stat().st_size)} | {plain['peak_mb']:.0f} MB |",
        f"| write (3 languages, one `ph`) | — | {int(wrote['units']):,} | {wrote['seconds']:.1f} s | "
        f"{wrote['units'] / wrote['seconds']:,.0f} | {wrote['units'] / wrote['cpu']:,.0f} | — | "
        f"{wrote['peak_mb']:.0f} MB |",
        "",
        f"Target: reading a 1 GB TMX stays under 200 MB peak RSS. Interpreter + `import tmx` alone: "
        f"{rich['base_mb']:.0f} MB. The big file was {generated}.",
        "",
        "Notes: the reader streams with `lxml` `iterparse` (tag filter on `header`/`tu`), clears each",
        "`<tu>` and drops the units before it, so memory does not depend on the file size. Input goes",
        "through `tmx.xmlsafe.XMLStream` (encoding sniffing, removal of characters XML forbids) in",
        "64 KiB chunks.",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
