"""Analysis and pre-translation benchmark: segments per second for ``analyze``, ``pretranslate``
(XLIFF 1.2 and 2.1) and ``rebuild`` on a job built from real sentences, and the band counts.

Usage::

    python -m benchmarks.analysis            # a 2,000-segment job, memory of 20k+ units
    python -m benchmarks.analysis --quick    # a 300-segment job, memory of ~800 units

Data: FLORES-200 devtest it/en/sw (``../shared/corpus/parallel/trilingual``): three quarters of
the sentences are stored as it/en/sw units in a SQLite store; in the full run, Italian–English
Tatoeba pairs (``parallel/en-it``) are added to the same memory as noise the index must skip (no
Swahili). The job (Italian, paragraphs of five sentences) mixes, in a seeded order: stored
sentences (exact), stored sentences with a number or a word changed (fuzzy), held-out sentences
(no match) and repeats of earlier job sentences (repetitions). Without the corpus, the benchmark
says so and writes a skip note.
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKUTANO_CORPUS", ROOT.parent / "shared" / "corpus"))
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results" / "analysis.md"
SEED = 20261127


def _flores() -> list[tuple[str, str, str]]:
    path = CORPUS / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        cols = line.split("\t")
        if len(cols) >= 4:
            rows.append((cols[1], cols[2], cols[3]))
    return rows


def _tatoeba(limit: int) -> list[tuple[str, str]]:
    d = CORPUS / "parallel" / "en-it"
    en = (d / "tatoeba-test-v2021-08-07.eng").read_text(encoding="utf-8").splitlines()
    it = (d / "tatoeba-test-v2021-08-07.ita").read_text(encoding="utf-8").splitlines()
    return list(zip(en, it, strict=False))[:limit]


def _perturb(text: str, rng: random.Random) -> str:
    words = text.split()
    for k, w in enumerate(words):
        if any(ch.isdigit() for ch in w):
            words[k] = "".join(str((int(ch) + 3) % 10) if ch.isdigit() else ch for ch in w)
            return " ".join(words)
    k = rng.randrange(1, max(2, len(words) - 1))
    words[k] = "ulteriormente"
    return " ".join(words)


def _job(rows: list[tuple[str, str, str]], stored: int, size: int, rng: random.Random) -> str:
    kinds = ["exact"] * 4 + ["fuzzy"] * 3 + ["new"] * 2 + ["repeat"]
    sentences: list[str] = []
    for _ in range(size):
        kind = rng.choice(kinds)
        if kind == "repeat" and sentences:
            sentences.append(rng.choice(sentences))
        elif kind == "new":
            sentences.append(rows[rng.randrange(stored, len(rows))][1])
        elif kind == "fuzzy":
            sentences.append(_perturb(rows[rng.randrange(stored)][1], rng))
        else:
            sentences.append(rows[rng.randrange(stored)][1])
    paragraphs = [" ".join(sentences[k : k + 5]) for k in range(0, len(sentences), 5)]
    return "\n\n".join(paragraphs) + "\n"


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="small sizes (a smoke run)")
    args = ap.parse_args(argv)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if not (CORPUS / "parallel" / "trilingual").is_dir():
        RESULTS.write_text(
            "## Analysis and pre-translation\n\nSkipped: FLORES corpus not found.\n", "utf-8"
        )
        print("corpus not found; skipped", file=sys.stderr)
        return 0

    from mkutano.tm import analyze, open_store, pretranslate, rebuild
    from mkutano.tmx import Segment, Unit, Variant
    from mkutano.tmx.text import text_document
    from mkutano.tmx.xliff import read_xliff

    rng = random.Random(SEED)
    rows = _flores()
    rng.shuffle(rows)
    stored = len(rows) * 3 // 4
    job_size = 300 if args.quick else 2000
    noise = 0 if args.quick else 20000
    DATA.mkdir(parents=True, exist_ok=True)
    db = DATA / f"analysis-{'quick' if args.quick else 'full'}.db"
    for suffix in ("", "-wal", "-shm"):
        Path(f"{db}{suffix}").unlink(missing_ok=True)
    store = open_store(db)
    t0 = time.perf_counter()
    store.create_memory("bench")

    def unit(pairs: list[tuple[str, str]]) -> Unit:
        return Unit([Variant(lang, Segment.from_text(text)) for lang, text in pairs])

    units = [unit([("it", it), ("en", en), ("sw", sw)]) for en, it, sw in rows[:stored]]
    noise_pairs = _tatoeba(noise)
    units += [unit([("it", it), ("en", en)]) for en, it in noise_pairs]
    store.import_units("bench", units, origin="benchmark", workers=1)
    import_s = time.perf_counter() - t0
    memory_units = store.count_units("bench")

    doc = text_document(_job(rows, stored, job_size, rng), "it", name="job.it.txt")
    segments = len(doc.segments)
    timings: list[tuple[str, float]] = []

    t0 = time.perf_counter()
    report = analyze(store, [doc], source_lang="it", target_lang="sw")
    timings.append(("analyze", time.perf_counter() - t0))
    outputs: dict[str, bytes] = {}
    for fmt in ("xliff12", "xliff21"):
        t0 = time.perf_counter()
        data = pretranslate(store, doc, source_lang="it", target_lang="sw", fmt=fmt).to_bytes()
        timings.append((f"pretranslate --format {fmt}", time.perf_counter() - t0))
        outputs[fmt] = data
    t0 = time.perf_counter()
    rebuilt = rebuild(read_xliff(outputs["xliff12"]), doc)
    timings.append(("read XLIFF 1.2 + rebuild", time.perf_counter() - t0))
    store.close()
    assert rebuilt.count("\n\n") == len(doc.paragraphs) - 1

    total = report.total
    cmd = "python -m benchmarks.analysis" + (" --quick" if args.quick else "")
    lines = [
        "## Analysis and pre-translation",
        "",
        f"Command: `{cmd}`. Job: {segments} Italian segments ({total.words:,} words) built from",
        "FLORES-200 devtest sentences (stored, stored with a number or word changed, held out,",
        f"repeated); memory: {memory_units:,} units in SQLite ({stored} it/en/sw FLORES units"
        + (f", {len(noise_pairs):,} it/en Tatoeba pairs as noise" if noise else "")
        + f"; import {import_s:.1f} s). Lookups it→sw. Shared 2-core machine: indicative only.",
        "",
        "| step | seconds | segments/s |",
        "|---|---:|---:|",
    ]
    for name, secs in timings:
        lines.append(f"| {name} | {secs:.2f} | {segments / secs:,.0f} |")
    lines += [
        "",
        f"Peak RSS of the process: {_rss_mib():.0f} MiB. XLIFF sizes: 1.2 "
        f"{len(outputs['xliff12']) / 1024:,.0f} KiB, 2.1 {len(outputs['xliff21']) / 1024:,.0f} KiB.",
        "",
        "| band | segments | words |",
        "|---|---:|---:|",
    ]
    for band, count in total.bands.items():
        lines.append(f"| {band} | {count.segments} | {count.words:,} |")
    lines += [
        "",
        "Notes: a changed number costs a fuzzy match only a few points (95–99); a replaced word",
        "costs more in short sentences. The job draws from about a thousand distinct sentences, so",
        "the full run has many repetitions (each is still looked up, for context matches). The",
        "analysis runs first, on cold caches; pre-translation does the same lookups (up to five",
        "candidates per segment) plus the XLIFF serialisation.",
        "",
    ]
    out = "\n".join(lines)
    RESULTS.write_text(out, encoding="utf-8")
    print(out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
