"""Lookup benchmark: import throughput and memory, lookup latency, recall against an exhaustive
scan with the same scorer, and two baselines (exhaustive rapidfuzz scan, translate-toolkit's
``translate.search.match.matcher``) on the same data and queries.

Usage::

    python -m benchmarks.tm_lookup            # 10k, 100k and 1M units (the 1M store is built once
                                              # under benchmarks/.data and reused; --rebuild redoes it)
    python -m benchmarks.tm_lookup --quick    # 10k only
    python -m benchmarks.tm_lookup --memories recurring,short   # issue 17's memories, 10k and
                                              # 100k (--sizes 1000000 for 1M), beside the peers

Data: real sentence pairs from ``../shared/corpus/parallel`` (Tatoeba, WMT09 en-it; MAFAND-MT,
Tatoeba en-sw; FLORES-200 devtest en-it-sw), a quarter of each memory (at most all the pairs)
stored as is and the rest as near-duplicate variants of them (a number changed, two words swapped,
a word replaced, the end cut, the case changed), deterministically seeded. Without the corpus, a
deterministic generator makes sentences from a small vocabulary. Queries: held-out sentences
(never stored) and perturbed copies of stored ones, looked up en→it or en→sw at threshold 75.

``--memories`` measures memories that look like real ones (:mod:`benchmarks.memories`: recurring
reports, short UI strings) at threshold 70 on SQLite and, when ``MKUTANO_TEST_PG`` (or
``MKUTANO_BENCH_PG``) names a PostgreSQL server, on PostgreSQL, beside the peers of
:mod:`benchmarks.peers` (pg_trgm as Weblate queries it, the exhaustive rapidfuzz scan) on the same
queries, with ``mkutano suggest --batch`` and store sizes; it prints issue 17's targets as met /
NOT met and writes ``benchmarks/results/tm_lookup_memories.md``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing as mp
import os
import platform
import random
import re
import resource
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from benchmarks.proc import TreePeak

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKUTANO_CORPUS", ROOT.parent / "shared" / "corpus"))
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results"
SEED = 20261127
THRESHOLD = 75.0
DATA_VERSION = 4  # bump when the generator changes, so stored benchmark stores are rebuilt

Pair = tuple[str, str, str, str | None]  # en, target lang, target text, sw for trilingual units


# -- data ------------------------------------------------------------------------------------
def _lines(path: Path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines() if path.exists() else []


def base_pairs() -> list[Pair]:
    """Real sentence pairs, deduplicated by English text, in a seeded order."""
    par = CORPUS / "parallel"
    pairs: list[Pair] = []
    for stem in ("tatoeba-test-v2021-08-07", "newstest2009", "newssyscomb2009"):
        en, it = _lines(par / "en-it" / f"{stem}.eng"), _lines(par / "en-it" / f"{stem}.ita")
        pairs += [(e, "it", i, None) for e, i in zip(en, it, strict=False)]
    for stem in ("train", "dev", "test"):
        d = par / "en-sw" / "mafand_lafand-mt"
        en, sw = _lines(d / f"{stem}.en"), _lines(d / f"{stem}.swa")
        pairs += [(e, "sw", s, None) for e, s in zip(en, sw, strict=False)]
    en, sw = (
        _lines(par / "en-sw" / "tatoeba-test-v2021-08-07.eng"),
        _lines(par / "en-sw" / "tatoeba-test-v2021-08-07.swa"),
    )
    pairs += [(e, "sw", s, None) for e, s in zip(en, sw, strict=False)]
    for row in _lines(par / "trilingual" / "flores200_devtest.en-it-sw.tsv")[1:]:
        cols = row.split("\t")
        if len(cols) >= 4:
            pairs.append((cols[1], "it", cols[2], cols[3]))
    if not pairs:  # no corpus: a deterministic generator
        rng = random.Random(SEED)
        words = [
            "the",
            "police",
            "seized",
            "money",
            "report",
            "group",
            "crime",
            "court",
            "of",
            "in",
            "and",
            "a",
            "on",
            "for",
        ]
        for i in range(60000):
            n = rng.randint(3, 18)
            s = " ".join(rng.choice(words) for _ in range(n)) + f" {i}."
            pairs.append((s.capitalize(), "it", f"it {s}", None))
    seen: set[str] = set()
    out: list[Pair] = []
    for p in pairs:
        key = p[0].strip()
        if key and p[2].strip() and key not in seen and len(key) < 1000:
            seen.add(key)
            out.append((key, p[1], p[2].strip(), p[3].strip() if p[3] else None))
    random.Random(SEED).shuffle(out)
    return out


_NUM = re.compile(r"\d+")


def perturb(pair: Pair, rng: random.Random, vocab: list[str]) -> Pair:
    """A realistic near duplicate: 1-2 edits among number, swap, replace, cut, case."""
    en, lang, tgt, sw = pair
    for _ in range(rng.choice((1, 1, 2))):
        words = en.split()
        kind = rng.choice(("number", "swap", "replace", "cut", "case"))
        if kind == "number":
            m = _NUM.search(en)
            new = str(rng.randint(2, 2999))
            if m:
                old = m.group(0)
                en = en[: m.start()] + new + en[m.end() :]
                if old in tgt:
                    tgt = tgt.replace(old, new, 1)
                if sw and old in sw:
                    sw = sw.replace(old, new, 1)
            else:
                en = f"{en.rstrip('.')} in {new}."
                tgt = f"{tgt.rstrip('.')} {new}."
        elif kind == "swap" and len(words) > 2:
            i = rng.randrange(len(words) - 1)
            words[i], words[i + 1] = words[i + 1], words[i]
            en = " ".join(words)
        elif kind == "replace" and len(words) > 1:
            words[rng.randrange(len(words))] = rng.choice(vocab)
            en = " ".join(words)
        elif kind == "cut" and len(words) > 4:
            en = " ".join(words[: -rng.randint(1, max(1, len(words) // 6))])
        else:
            en = en.swapcase() if rng.random() < 0.2 else en.lower()
    return en, lang, tgt, sw


def dataset(n_units: int, n_queries: int) -> tuple[Iterator[Pair], list[Pair], int]:
    """(stored pairs as a generator, queries, number of original pairs stored)."""
    pairs = base_pairs()
    held = pairs[: n_queries // 2]
    rest = pairs[n_queries // 2 :]
    n_orig = min(len(rest), max(1, n_units // 4))
    vocab = sorted({w for p in rest[:5000] for w in p[0].split() if w.isalpha()})

    def stored() -> Iterator[Pair]:
        # A variant that comes out identical to a unit already generated is skipped (the store
        # would merge it), so the memory holds n_units units. 8-byte digests keep this small.
        seen: set[bytes] = set()
        i = 0
        while len(seen) < n_units and i < 50 * n_units:
            pair = (
                rest[i]
                if i < n_orig
                else perturb(rest[i % n_orig], random.Random(SEED * 7 + i), vocab)
            )
            i += 1
            key = hashlib.blake2b("\x00".join(map(str, pair)).encode(), digest_size=8).digest()
            if key not in seen:
                seen.add(key)
                yield pair

    qrng = random.Random(SEED + 1)
    copies = [
        perturb(rest[qrng.randrange(n_orig)], random.Random(SEED * 3 + k), vocab)
        for k in range(n_queries - len(held))
    ]
    queries = [q for pair in zip(held, copies, strict=False) for q in pair]
    queries += held[len(copies) :] + copies[len(held) :]
    return stored(), queries, n_orig


def to_unit(pair: Pair) -> Any:
    from mkutano.tmx import Segment, Unit, Variant

    en, lang, tgt, sw = pair
    variants = [Variant("en", Segment.from_text(en)), Variant(lang, Segment.from_text(tgt))]
    if sw:
        variants.append(Variant("sw", Segment.from_text(sw)))
    return Unit(variants)


def query_target(pair: Pair) -> str:
    return "sw" if pair[3] else pair[1]


# -- process memory ------------------------------------------------------------------------------
def _hwm_kb() -> int:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


# -- children ----------------------------------------------------------------------------------
def _import_child(path: str, n_units: int, n_queries: int, out: Any) -> None:
    from mkutano.tm import open_store

    stored, _, _ = dataset(n_units, n_queries)
    store = open_store(path)
    store.create_memory("bench")
    t0 = time.perf_counter()
    report = store.import_units("bench", (to_unit(p) for p in stored), origin="benchmark")
    elapsed = time.perf_counter() - t0
    units = store.count_units()
    store.close()
    out.put(
        {"seconds": elapsed, "units": units, "report": report.as_dict() | {"skipped_reasons": []}}
    )


def _lookup_child(path: str, queries: list[Pair], out: Any) -> None:
    from mkutano.tm import open_store, suggest

    store = open_store(path, migrate=False)
    rss_open = _hwm_kb()
    lat: list[float] = []
    found: list[list[int]] = []
    for q in queries:
        t0 = time.perf_counter()
        suggest(store, q[0], source_lang="en", target_lang=query_target(q), pivot="never")
        lat.append((time.perf_counter() - t0) * 1000)
    for q in queries:  # untimed: every match at the threshold, for the recall check
        ms = suggest(
            store, q[0], source_lang="en", target_lang=query_target(q), limit=None, pivot="never"
        )
        found.append(sorted(m.unit_id for m in ms))
    store.close()
    out.put({"latency_ms": lat, "found": found, "rss_open_kb": rss_open, "rss_kb": _hwm_kb()})


def _run_child(target: Any, *args: Any) -> tuple[dict[str, Any], int]:
    """Run ``target`` in a fresh process; return its result and the peak RSS of its tree (KiB)."""
    import queue

    ctx = mp.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=target, args=(*args, q))
    p.start()
    assert p.pid is not None
    with TreePeak(p.pid) as peak:
        while True:
            try:
                result = q.get(timeout=1.0)
                break
            except queue.Empty:
                if not p.is_alive():
                    raise SystemExit(f"benchmark child died with exit code {p.exitcode}") from None
        p.join()
    if p.exitcode:
        raise SystemExit(f"benchmark child failed with exit code {p.exitcode}")
    return result, peak.kib


# -- exhaustive scans ------------------------------------------------------------------------------
def exhaustive_same_scorer(
    path: str, queries: list[Pair], time_cap: float, threshold: float = THRESHOLD
) -> tuple[list[list[int] | None], list[float]]:
    """Score every stored English variant with the matcher's scorer (token Levenshtein over the
    stored tokens, then :func:`tm.match.rank_variants` on those within reach of the threshold)."""
    from rapidfuzz import process
    from rapidfuzz.distance import Levenshtein

    from mkutano.tm import IndexedVariant, open_store
    from mkutano.tm.match import rank_variants
    from mkutano.tm.tokens import index_tokens

    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    rows = conn.execute(
        "SELECT v.unit_id, v.vidx, v.lang, v.tokens FROM tm_variants v WHERE v.base_lang = 'en'"
    ).fetchall()
    conn.close()
    vocab: dict[str, str] = {}

    def enc(tokens: list[str]) -> str:
        out = []
        for t in tokens:
            c = vocab.get(t)
            if c is None:
                n = len(vocab) + 0x100
                c = vocab[t] = chr(n if n < 0xD800 else n + 0x800)
            out.append(c)
        return "".join(out)

    choices = [enc(r[3].split()) for r in rows]
    store = open_store(path, migrate=False)
    results: list[list[int] | None] = []
    times: list[float] = []
    start = time.perf_counter()
    for q in queries:
        if time.perf_counter() - start > time_cap:
            results.append(None)
            continue
        t0 = time.perf_counter()
        qs = enc(index_tokens(q[0], "en"))
        hits = process.extract(
            qs,
            choices,
            scorer=Levenshtein.normalized_similarity,
            score_cutoff=(threshold - 0.01) / 100,
            limit=None,
        )
        variants = [
            IndexedVariant(rows[i][0], rows[i][1], "bench", rows[i][2], tuple(rows[i][3].split()))
            for _, _, i in hits
        ]
        ms = rank_variants(
            store,
            q[0],
            variants,
            source_lang="en",
            target_lang=query_target(q),
            threshold=threshold,
        )
        times.append((time.perf_counter() - t0) * 1000)
        results.append(sorted(m.unit_id for m in ms))
    store.close()
    return results, times


def rapidfuzz_baseline(sources: list[str], queries: list[Pair], time_cap: float) -> list[float]:
    """The plain exhaustive baseline: rapidfuzz ``process.extract`` over every source text."""
    from rapidfuzz import fuzz, process

    times: list[float] = []
    start = time.perf_counter()
    for q in queries:
        if time.perf_counter() - start > time_cap:
            break
        t0 = time.perf_counter()
        process.extract(q[0], sources, scorer=fuzz.ratio, score_cutoff=THRESHOLD, limit=5)
        times.append((time.perf_counter() - t0) * 1000)
    return times


def toolkit_baseline(
    pairs: list[Pair], queries: list[Pair], time_cap: float
) -> tuple[list[float], float]:
    """translate-toolkit's matcher over a store of the same units (build time, query times)."""
    from translate.search import match
    from translate.storage import po

    # the matcher's heap compares (similarity, unit) tuples; on equal similarities it compares
    # units, which base.TranslationUnit does not support: give them an arbitrary stable order
    if "__lt__" not in vars(match.base.TranslationUnit):
        match.base.TranslationUnit.__lt__ = lambda a, b: id(a) < id(b)  # type: ignore[method-assign,operator]
    t0 = time.perf_counter()
    store = po.pofile()
    for en, _lang, tgt, _sw in pairs:
        u = store.addsourceunit(en)
        u.target = tgt
    m = match.matcher(store, max_candidates=5, min_similarity=int(THRESHOLD), max_length=1000)
    build = time.perf_counter() - t0
    times: list[float] = []
    start = time.perf_counter()
    for q in queries:
        if time.perf_counter() - start > time_cap:
            break
        t1 = time.perf_counter()
        m.matches(q[0])
        times.append((time.perf_counter() - t1) * 1000)
    return times, build


# -- report ----------------------------------------------------------------------------------------
def pct(values: list[float], p: float) -> float:
    if not values:
        return float("nan")
    s = sorted(values)
    return s[min(len(s) - 1, max(0, round(p / 100 * len(s) + 0.5) - 1))]


def machine() -> str:
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if line.startswith("model name")
        ),
        "unknown CPU",
    )
    free = subprocess.run(["free", "-g"], capture_output=True, text=True).stdout.strip()
    return f"`nproc` = {os.cpu_count()}, CPU {cpu}, Python {platform.python_version()}\n\n```\n{free}\n```"


def run_size(n: int, n_queries: int, rebuild: bool, caps: dict[str, float]) -> dict[str, Any]:
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"tm_lookup_{n}.db"
    meta_path = DATA / f"tm_lookup_{n}.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() and path.exists() else None
    if rebuild or meta is None or meta.get("version") != DATA_VERSION:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        print(f"[{n}] importing ...", flush=True)
        imp, peak = _run_child(_import_child, str(path), n, n_queries)
        meta = {
            "version": DATA_VERSION,
            "import": imp,
            "import_peak_kb": peak,
            "built": time.time(),
        }
        meta_path.write_text(json.dumps(meta))
        reused = False
    else:
        reused = True
    imp = meta["import"]
    print(
        f"[{n}] import {imp['seconds']:.1f}s, {imp['units']} units (reused: {reused})", flush=True
    )
    stored, queries, n_orig = dataset(n, n_queries)
    print(f"[{n}] lookups ...", flush=True)
    look, look_peak = _run_child(_lookup_child, str(path), queries)
    print(f"[{n}] exhaustive scan with the same scorer ...", flush=True)
    exh, exh_times = exhaustive_same_scorer(str(path), queries, caps["exhaustive"])
    checked = [(f, e) for f, e in zip(look["found"], exh, strict=True) if e is not None]
    expected = sum(len(e) for _, e in checked)
    got = sum(len(set(f) & set(e)) for f, e in checked)
    extra = sum(len(set(f) - set(e)) for f, e in checked)
    with_hits = sum(1 for f in look["found"] if f)
    pairs = list(stored)
    sources = [p[0] for p in pairs]
    print(f"[{n}] rapidfuzz baseline ...", flush=True)
    rf = rapidfuzz_baseline(sources, queries, caps["rapidfuzz"])
    tk_queries = queries if n <= 100_000 else queries[:20]
    print(f"[{n}] translate-toolkit baseline on {len(tk_queries)} queries ...", flush=True)
    tk, tk_build = toolkit_baseline(pairs, tk_queries, caps["toolkit"])
    del pairs, sources
    return {
        "n": n,
        "units": imp["units"],
        "originals": n_orig,
        "reused": reused,
        "import_s": imp["seconds"],
        "import_peak_mb": meta["import_peak_kb"] / 1024,
        "lat": look["latency_ms"],
        "server_rss_mb": look["rss_kb"] / 1024,
        "server_open_mb": look["rss_open_kb"] / 1024,
        "server_tree_mb": look_peak / 1024,
        "queries": len(queries),
        "with_hits": with_hits,
        "recall": got / expected if expected else 1.0,
        "expected": expected,
        "extra": extra,
        "checked": len(checked),
        "exh": exh_times,
        "rf": rf,
        "tk": tk,
        "tk_build": tk_build,
        "db_mb": sum(
            Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists()
        )
        / 2**20,
    }


def render(rows: list[dict[str, Any]], cmd: str) -> str:
    from mkutano.tm.batching import PIECE_SIZE
    from mkutano.tm.store import DEFAULT_BATCH_SIZE

    def ms(v: list[float]) -> str:
        return (
            f"{pct(v, 50):.1f} / {pct(v, 95):.1f} / {pct(v, 99):.1f} (n={len(v)})" if v else "n/a"
        )

    out = [
        "## TM lookup (index vs exhaustive scans)\n",
        f"Command: `{cmd}`. Store: SQLite file (WAL) under `benchmarks/.data/`, built by",
        "`Store.import_units` in a child process. Lookups: `tm.suggest(threshold=75, limit=5,",
        'pivot="never")` in a fresh process that opens the store and serves every query.\n',
        "Data: real sentence pairs from `../shared/corpus/parallel` (Tatoeba and WMT09 en-it,",
        "MAFAND-MT and Tatoeba en-sw, FLORES-200 en-it-sw); a quarter of each memory (at most all",
        "~55k pairs) stored as is, the rest near-duplicate variants (number changed, words swapped,",
        "a word replaced, end cut, case changed; seeded). Queries: half held-out sentences (never",
        "stored), half perturbed copies of stored sentences, en→it or en→sw.\n",
        "| units | import | import peak RSS | lookup p50 / p95 / p99 ms | recall at 75 |"
        " server RSS | exhaustive same scorer p50 / p95 / p99 ms | rapidfuzz `process.extract`"
        " p50 / p95 / p99 ms | translate-toolkit matcher p50 / p95 / p99 ms |",
        "|---:|---:|---:|---|---:|---:|---|---|---|",
    ]
    for r in rows:
        rate = r["units"] / r["import_s"] if r["import_s"] else 0
        out.append(
            f"| {r['units']:,} | {r['import_s']:.0f} s ({rate:,.0f} units/s)"
            f"{' (store reused)' if r['reused'] else ''} | {r['import_peak_mb']:.0f} MB |"
            f" {ms(r['lat'])} | {r['recall'] * 100:.2f}% ({r['expected']} matches,"
            f" {r['checked']} queries) | {r['server_rss_mb']:.0f} MB | {ms(r['exh'])} |"
            f" {ms(r['rf'])} | {ms(r['tk'])} (built in {r['tk_build']:.0f} s) |"
        )
    out += [
        "",
        "Notes:",
        "",
        "- Recall: for every query, the units `suggest` returns at threshold 75 (no limit) against",
        "  the units reaching 75 when *every* stored English variant is scored with the same scorer",
        "  (token Levenshtein over the stored tokens with `rapidfuzz.process.extract`, then",
        "  `tm.match.rank_variants` for penalties and targets). Matches found by the index but not",
        "  by the scan: " + ", ".join(f"{r['extra']} at {r['units']:,}" for r in rows) + ".",
        "- Units: what the store holds after importing the generated 10k / 100k / 1M units (the",
        "  generator skips a variant that came out identical to a unit already generated, which",
        "  the store's duplicate policy would merge).",
        "- Queries with at least one match: "
        + ", ".join(f"{r['with_hits']}/{r['queries']} at {r['units']:,}" for r in rows)
        + ".",
        "- Import: `Store.import_units` of the generated units into a new SQLite file, as",
        "  `mkutano import` does it for a small file (input read on a thread, validated and",
        f"  tokenised on one worker process per core in pieces of {PIECE_SIZE:,} units, written",
        f"  in transactions of {DEFAULT_BATCH_SIZE:,} units); the time includes generating the",
        "  units (the role parsing the TMX file plays in `mkutano import`). A TMX file of 8 MiB",
        "  or more is read and tokenised on a process of its own instead: see the TM store",
        "  section for `mkutano import` of a 1M-unit file.",
        "- Import peak RSS: the import process and its tokenising worker processes together",
        "  (sampled from /proc every 0.25 s). Server RSS: peak resident memory (VmHWM) of the fresh",
        "  lookup process after serving every query; right after opening the store: "
        + ", ".join(f"{r['server_open_mb']:.0f} MB at {r['units']:,}" for r in rows)
        + ".",
        "- Store size on disk: "
        + ", ".join(f"{r['db_mb']:.0f} MB at {r['units']:,}" for r in rows)
        + ".",
        "- rapidfuzz baseline: `process.extract(query, all_sources, scorer=fuzz.ratio,",
        "  score_cutoff=75, limit=5)` over the source strings held in memory (character-level, so",
        "  not the same scorer: it shows the cost of scanning, not the same results).",
        "- translate-toolkit: `translate.search.match.matcher(store, max_candidates=5,",
        "  min_similarity=75, max_length=1000)` over a PO store of the same units; at 1M only the",
        "  first 20 queries, each size under a time cap (n= says how many ran). Its heap compares",
        "  units on equal similarities, which fails (`TypeError`) in the installed version: the",
        "  benchmark gives its units an arbitrary order to let it run.",
        "- The 1M store is built once under `benchmarks/.data/` and reused by later runs (the",
        "  import figures then come from the run that built it; `--rebuild` rebuilds).",
        "- Shared 2-core machine, other work possibly running beside it: figures are indicative.",
        "",
        "- Rows measured by: "
        + "; ".join(
            f"{r['units']:,}: `{r.get('cmd', cmd)}` ({r.get('when', 'this run')})" for r in rows
        )
        + ".",
        "",
        "Machine: " + machine(),
        "",
    ]
    return "\n".join(out)


# -- memories that look like real ones (issue 17) -------------------------------------------------
MEMORY_THRESHOLD = 70.0
MEMORY_VERSION = 1  # bump when benchmarks.memories changes, so kept stores are rebuilt
MEMORY_KINDS = ("recurring", "short")
TARGETS_AT = 1_000_000  # issue 17's targets are stated for 1M units


def memory_dataset(kind: str, n: int, n_queries: int) -> tuple[Iterator[Pair], list[Pair], int]:
    """(stored pairs, queries, number of real base sentences) of memory ``kind``."""
    from benchmarks import memories

    if kind == "recurring":
        return memories.recurring_reports(base_pairs(), n, n_queries)
    return memories.short_strings(n, n_queries)


def _memory_import_child(url: str, kind: str, n: int, n_queries: int, out: Any) -> None:
    from mkutano.tm import open_store

    stored, _, _ = memory_dataset(kind, n, n_queries)
    store = open_store(url)
    store.create_memory("bench")
    t0 = time.perf_counter()
    store.import_units("bench", (to_unit(p) for p in stored), origin="benchmark")
    elapsed = time.perf_counter() - t0
    units = store.count_units()
    store.close()
    out.put({"seconds": elapsed, "units": units})


def _memory_lookup_child(url: str, queries: list[Pair], threshold: float, out: Any) -> None:
    """Every match at the threshold (untimed; it also warms the store up), then the timed
    ``suggest(limit=5)`` of each query and its rows."""
    from mkutano.tm import open_store, suggest

    store = open_store(url, migrate=False)
    opts: dict[str, Any] = {"source_lang": "en", "threshold": threshold, "pivot": "never"}
    found = [
        sorted(m.unit_id for m in suggest(store, q[0], target_lang=q[1], limit=None, **opts))
        for q in queries
    ]
    lat, tops = [], []
    for q in queries:
        t0 = time.perf_counter()
        ms = suggest(store, q[0], target_lang=q[1], limit=5, **opts)
        lat.append((time.perf_counter() - t0) * 1000)
        tops.append([(m.score, m.source.plain, m.tm_target.plain) for m in ms])
    store.close()
    out.put({"latency_ms": lat, "found": found, "tops": tops, "rss_kb": _hwm_kb()})


#: Modules of ``tm/`` that only read a store: a change to them does not rebuild the kept stores
#: (a 1M store takes 15–30 minutes to build).
QUERY_ONLY = ("match.py", "score.py", "charscan.py", "placeables.py", "penalties.py", "memstore.py")


def tm_commit() -> str:
    """The last commit that changed what ``tm/`` writes into a store (a store built by another
    ``tm`` is rebuilt; the query-only modules do not count)."""
    skip = [f":(exclude)tm/{name}" for name in QUERY_ONLY]
    return subprocess.run(
        ["git", "log", "-1", "--format=%h", "--", "tm", *skip],
        capture_output=True,
        text=True,
        cwd=ROOT,
    ).stdout.strip()


def _kept(meta_path: Path) -> dict[str, Any] | None:
    """The metadata of a kept store, when this generator and this ``tm`` built it."""
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else None
    if meta and meta.get("version") == MEMORY_VERSION and meta.get("tm") == tm_commit():
        return meta
    return None


def _build(url: str, kind: str, n: int, n_queries: int, meta_path: Path, fresh: bool) -> dict:
    """Import memory ``kind`` into ``url`` when ``fresh`` (the caller emptied it), else return
    the kept store's metadata."""
    meta = None if fresh else _kept(meta_path)
    if meta is not None:
        return meta | {"reused": True}
    print(f"[{kind} {n}] importing into {url.split('?')[0]} ...", flush=True)
    imp, peak = _run_child(_memory_import_child, url, kind, n, n_queries)
    meta = {"version": MEMORY_VERSION, "import": imp, "peak_kb": peak, "built": time.time()}
    meta["tm"] = tm_commit()
    meta_path.write_text(json.dumps(meta))
    return meta | {"reused": False}


def run_memory(
    kind: str, n: int, n_queries: int, rebuild: bool, pg: str | None, caps: dict[str, float]
) -> dict[str, Any]:
    """Every system of the comparison on memory ``kind`` of ``n`` units, on the same queries."""
    from benchmarks import peers

    thr = MEMORY_THRESHOLD
    DATA.mkdir(parents=True, exist_ok=True)
    tag = f"{kind}_{n}"
    path, meta_path = DATA / f"tm_memory_{tag}.db", DATA / f"tm_memory_{tag}.json"
    fresh = rebuild or not path.exists() or _kept(meta_path) is None
    if fresh:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    meta = _build(str(path), kind, n, n_queries, meta_path, fresh)
    stored, queries, n_bases = memory_dataset(kind, n, n_queries)
    pairs = list(stored)
    sources, targets = [p[0] for p in pairs], [p[2] for p in pairs]
    r: dict[str, Any] = {"kind": kind, "n": n, "bases": n_bases, "queries": len(queries)}
    r["sqlite"] = {"import": meta["import"], "peak_mb": meta["peak_kb"] / 1024}
    r["sqlite"]["reused"] = meta["reused"]
    r["sqlite"]["mb"] = (
        sum(Path(f"{path}{s}").stat().st_size for s in ("", "-wal") if Path(f"{path}{s}").exists())
        / 2**20
    )
    print(f"[{tag}] mkutano SQLite lookups ...", flush=True)
    look, _ = _run_child(_memory_lookup_child, str(path), queries, thr)
    r["sqlite"] |= {"lat": look["latency_ms"], "rss_mb": look["rss_kb"] / 1024}
    print(f"[{tag}] exhaustive scan with mkutano's scorer (recall) ...", flush=True)
    exh, exh_times = exhaustive_same_scorer(str(path), queries, caps["exhaustive"], thr)
    checked = [(f, e) for f, e in zip(look["found"], exh, strict=True) if e is not None]
    expected = sum(len(e) for _, e in checked)
    r["recall"] = sum(len(set(f) & set(e)) for f, e in checked) / expected if expected else 1.0
    r["recall_n"], r["recall_queries"], r["exh"] = expected, len(checked), exh_times
    print(f"[{tag}] exhaustive rapidfuzz fuzz.ratio scan ...", flush=True)
    scan, r["scan"] = peers.char_scan(sources, targets, queries, thr, caps["scan"])
    r["agree"] = {"mkutano SQLite": peers.agreement(queries, look["tops"], scan)}
    print(f"[{tag}] mkutano suggest --batch ...", flush=True)
    r["batch"] = peers.cli_batch(str(path), queries, thr)
    if pg:
        schema = f"bench_{tag}"
        url = peers.schema_url(pg, schema)
        pmeta_path = DATA / f"tm_memory_{tag}_pg.json"
        fresh = rebuild or not peers.schema_exists(pg, schema) or _kept(pmeta_path) is None
        if fresh:
            peers.fresh_schema(pg, schema)
        pmeta = _build(url, kind, n, n_queries, pmeta_path, fresh)
        print(f"[{tag}] mkutano PostgreSQL lookups ...", flush=True)
        plook, _ = _run_child(_memory_lookup_child, url, queries, thr)
        same = sum(a == b for a, b in zip(plook["tops"], look["tops"], strict=True))
        r["pg"] = {
            "import": pmeta["import"],
            "peak_mb": pmeta["peak_kb"] / 1024,
            "reused": pmeta["reused"],
            "mb": peers.schema_bytes(pg, schema) / 2**20,
            "lat": plook["latency_ms"],
            "same_as_sqlite": same,
        }
        r["agree"]["mkutano PostgreSQL"] = peers.agreement(queries, plook["tops"], scan)
        print(f"[{tag}] pg_trgm (Weblate's query) ...", flush=True)
        tschema = f"bench_trgm_{tag}"
        build = peers.trgm_build(pg, tschema, pairs)
        trgm, times = peers.trgm_scan(pg, tschema, queries, thr, caps["trgm"])
        r["trgm"] = {"build_s": build, "mb": peers.schema_bytes(pg, tschema) / 2**20, "lat": times}
        r["agree"]["pg_trgm"] = peers.agreement(queries, [t or [] for t in trgm], scan)
    return r


def memory_targets(r: dict[str, Any]) -> list[str]:
    """Issue 17's targets for the recurring memory, each as met / NOT met on this row."""
    from benchmarks.peers import summary

    s = r["sqlite"]
    lat, scan = summary(s["lat"]), summary(r["scan"])
    per_query = r["batch"].get("per_query_ms", float("nan"))
    checks = [
        ("in-process p50", lat["p50"], "ms", "≤", 3.0),
        ("in-process p99", lat["p99"], "ms", "≤", 15.0),
        ("`mkutano suggest --batch` per query", per_query, "ms", "≤", 5.0),
        (
            "speed-up over the exhaustive rapidfuzz scan (mean)",
            scan["mean"] / lat["mean"],
            "×",
            "≥",
            30.0,
        ),
        (
            "recall against the exhaustive scan with the same scorer",
            r["recall"] * 100,
            "%",
            "≥",
            100.0,
        ),
        ("import", s["import"]["seconds"], "s", "≤", 180.0),
        ("import peak", s["peak_mb"], "MB", "≤", 1024.0),
    ]
    if "pg" in r:
        p = summary(r["pg"]["lat"])
        checks += [
            ("PostgreSQL p50 / SQLite p50", p["p50"] / lat["p50"], "×", "≤", 2.0),
            ("PostgreSQL p99 / SQLite p99", p["p99"] / lat["p99"], "×", "≤", 2.0),
            ("PostgreSQL store / SQLite store on disk", r["pg"]["mb"] / s["mb"], "×", "≤", 2.0),
        ]
    out = []
    for name, value, unit, op, limit in checks:
        if value != value:  # nan: not measured on this row
            out.append(f"{name}: not kept on this row (measured by an earlier method)")
            continue
        ok = value <= limit if op == "≤" else value >= limit - 1e-9
        out.append(
            f"{name} {value:,.2f} {unit} (target {op} {limit:g} {unit}: {'met' if ok else 'NOT met'})"
        )
    return out


def render_memories(rows: list[dict[str, Any]], cmd: str, commit: str) -> str:
    from benchmarks.peers import summary

    def ms(v: list[float]) -> str:
        if not v:
            return "n/a"
        s = summary(v)
        return (
            f"{s['p50']:.1f} / {s['p95']:.1f} / {s['p99']:.1f} (mean {s['mean']:.1f}, n={len(v)})"
        )

    out = [
        "## TM lookup on memories that look like real ones (issue 17)\n",
        f"Command: `{cmd}` (each row's own command and commit at the end), threshold",
        f"{MEMORY_THRESHOLD:g}, limit 5, no pivot, every system on the same queries in the same run.\n",
        "- **Recurring reports**: real report-length English sentences (≥ 8 words) from",
        "  `../shared/corpus/parallel` (MAFAND-MT, WMT09, FLORES-200, Tatoeba), each stored in",
        "  10 to 200 near-variants (log-uniform; one to four words replaced, the first number changed",
        "  in both languages). Queries: one-word edits of stored units.",
        "- **Short strings**: the UI/software strings (≤ 10 words) of every real TMX file in",
        "  `../shared/corpus/tmx` (Maxprograms, OmegaT, Okapi-style test memories...), each stored",
        "  with variants of the kind a software memory holds (an affix, an identifier part, an",
        "  accelerator `&`, a number, a word, the case, the end punctuation changed). Queries: one",
        "  such edit of a stored unit.",
        "",
        "| memory | units | system | p50 / p95 / p99 ms | answers | best = char-scan best |"
        " recall@5 vs char scan | store on disk | import |",
        "|---|---:|---|---|---:|---:|---:|---:|---:|",
    ]
    for r in rows:
        a = r["agree"]
        first = f"| {r['kind']} | {r['n']:,} |"
        s = r["sqlite"]

        def agree(name: str, a: dict[str, Any] = a) -> str:
            g = a.get(name)
            if not g:
                return "n/a | n/a | n/a"
            return (
                f"{g['both_answer']}/{g['scan_answers']} (+{g['ours_only']}) |"
                f" {g['best_equals_best'] * 100:.1f}% | {g['recall_at_5'] * 100:.1f}%"
            )

        reused = " (reused)" if s["reused"] else ""
        out.append(
            f"{first} mkutano SQLite, in-process | {ms(s['lat'])} | {agree('mkutano SQLite')} |"
            f" {s['mb']:.0f} MB | {s['import']['seconds']:.0f} s, peak {s['peak_mb']:.0f} MB"
            f"{reused} |"
        )
        if "pg" in r:
            p = r["pg"]
            out.append(
                f"{first} mkutano PostgreSQL, in-process | {ms(p['lat'])} |"
                f" {agree('mkutano PostgreSQL')} | {p['mb']:.0f} MB |"
                f" {p['import']['seconds']:.0f} s{' (reused)' if p['reused'] else ''} |"
            )
            t = r["trgm"]
            out.append(
                f"{first} pg_trgm as Weblate queries it | {ms(t['lat'])} | {agree('pg_trgm')} |"
                f" {t['mb']:.0f} MB | {t['build_s']:.0f} s |"
            )
        out.append(
            f"{first} exhaustive `fuzz.ratio` scan | {ms(r['scan'])} | all | 100% | 100% | — | — |"
        )
    out += [
        "",
        "| memory | units | base sentences | recall vs exhaustive same scorer |"
        " exhaustive same scorer p50 / p95 / p99 ms | `mkutano suggest --batch` per query |"
        " PostgreSQL top 5 = SQLite top 5 |",
        "|---|---:|---:|---:|---|---:|---:|",
    ]
    for r in rows:
        b = r["batch"]
        batch = (
            f"{b['per_query_ms']:.1f} ms ({b['queries']} queries, {b['seconds']:.1f} s with"
            " start-up)"
            if "per_query_ms" in b
            else "not kept (measured by an earlier method)"
        )
        pg_same = f"{r['pg']['same_as_sqlite']}/{r['queries']}" if "pg" in r else "n/a"
        out.append(
            f"| {r['kind']} | {r['n']:,} | {r['bases']:,} | {r['recall'] * 100:.2f}%"
            f" ({r['recall_n']} matches, {r['recall_queries']} queries) | {ms(r['exh'])} |"
            f" {batch} | {pg_same} |"
        )
    out += ["", "Targets (issue 17; stated for the recurring memory at 1M units, SQLite):", ""]
    for r in rows:
        if r["kind"] == "recurring":
            scope = "" if r["n"] >= TARGETS_AT else " (a smaller memory than the targets' 1M)"
            out += [f"- {r['n']:,} units{scope}:"] + [f"  - {t}" for t in memory_targets(r)]
    out += [
        "",
        "Notes:",
        "",
        "- answers: queries both the system and the character scan answer / queries the scan",
        "  answers (+ queries only the system answers). best = char-scan best: the system's top",
        "  suggestion is as close to the query by `fuzz.ratio` as the scan's best (ties agree).",
        "  recall@5: for each query the scan answers with k matches, how many of the system's top",
        "  5 are at least as close by `fuzz.ratio` as the scan's k-th (at most k), over the sum of k.",
        "  These compare against a different scorer (characters, not mkutano's tokens), so they",
        "  show what a character scan finds that mkutano does not; *recall* (second table) is",
        "  mkutano's exactness against an exhaustive scan with its own scorer.",
        "- Lookups run in a fresh process per backend: first every query once with no limit",
        "  (untimed: the recall check, and it warms the store up), then the timed `suggest(...,",
        "  limit=5)` of each query.",
        "- `mkutano suggest --batch`: a real subprocess over a JSONL file of the queries of the",
        "  most common target language (`--to` takes one; `--json --threshold 70 --limit 5",
        "  --pivot never`, unbuffered); per query is the time from its first result line to its",
        "  last over the queries between them (steady state: start-up and opening the store",
        "  left out; the wall time with them is given beside it).",
        "- pg_trgm: a table (source, target) with a GIN `gin_trgm_ops` index on the source,",
        "  `SELECT set_limit(0.7)`, then `WHERE source % query` (Weblate's `adjust_similarity_threshold`",
        "  and `source__search`), every candidate re-scored with `fuzz.ratio` and kept at 70.",
        "- Store on disk: the SQLite file and its WAL; PostgreSQL: `pg_total_relation_size` of every",
        "  table of the memory's schema (indexes and TOAST included).",
        "- Import: `Store.import_units` in a child process (generation of the units included); peak",
        "  RSS of the import process tree. Stores are kept under `benchmarks/.data/` (SQLite) and in",
        "  schemas `bench_<memory>_<units>` (PostgreSQL) and reused (`--rebuild` rebuilds).",
        "- Time caps per baseline; n= says how many queries ran. Shared 2-core machine, other work",
        "  running beside it: figures are indicative.",
        "",
        "Rows measured by: "
        + "; ".join(
            f"{r['kind']} {r['n']:,}: `{r.get('cmd', cmd)}` ({r['when']}; `tm/` as of"
            f" {r.get('commit', commit)})"
            for r in rows
        )
        + ".",
        "",
        "Machine: " + machine(),
        "",
    ]
    return "\n".join(out)


def main_memories(args: argparse.Namespace) -> int:
    kinds = args.memories.split(",")
    for k in kinds:
        if k not in MEMORY_KINDS:
            raise SystemExit(f"--memories {k}: use {', '.join(MEMORY_KINDS)}")
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [10_000, 100_000]
    n_queries = args.queries or 300
    pg = os.environ.get("MKUTANO_TEST_PG") or os.environ.get("MKUTANO_BENCH_PG")

    def git(*a: str) -> str:
        return subprocess.run(["git", *a], capture_output=True, text=True, cwd=ROOT).stdout.strip()

    commit = f"{git('log', '-1', '--format=%h', '--', 'tm')} (HEAD {git('rev-parse', '--short', 'HEAD')})"
    cmd = f"python -m benchmarks.tm_lookup --memories {args.memories}"
    cmd += f" --sizes {args.sizes}" if args.sizes else ""
    cmd += f" --queries {args.queries}" if args.queries else ""
    if args.report_only:  # each row names the command that measured it
        cmd = f"python -m benchmarks.tm_lookup --memories {args.memories} --report-only"
    rows = []
    for kind in kinds if not args.report_only else ():
        for n in sizes:
            caps = {"exhaustive": 600.0, "scan": 300.0, "trgm": 300.0}
            r = run_memory(kind, n, n_queries, args.rebuild, pg, caps)
            stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
            load = "/".join(f"{x:.2f}" for x in os.getloadavg())
            r["when"] = f"{stamp}, load average {load} when done"
            r["cmd"], r["commit"] = cmd, commit
            rows.append(r)
            (DATA / f"tm_memory_result_{kind}_{n}.json").write_text(json.dumps(r))
            if kind == "recurring":
                print("\n".join(f"[{kind} {n}] {t}" for t in memory_targets(r)), flush=True)
    done = {(r["kind"], r["n"]) for r in rows}
    for path in sorted(DATA.glob("tm_memory_result_*.json")):  # rows of earlier runs
        old = json.loads(path.read_text())
        if (old["kind"], old["n"]) not in done:
            rows.append(old)
    rows.sort(key=lambda r: (MEMORY_KINDS.index(r["kind"]), r["n"]))
    RESULTS.mkdir(parents=True, exist_ok=True)
    out = RESULTS / "tm_lookup_memories.md"
    out.write_text(render_memories(rows, cmd, commit), encoding="utf-8")
    print(f"wrote {out}")
    return 0


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.tm_lookup")
    ap.add_argument("--quick", action="store_true", help="10k units only")
    ap.add_argument("--sizes", default=None, help="comma-separated sizes (default 10k,100k,1M)")
    ap.add_argument("--queries", type=int, default=None, help="queries per size")
    ap.add_argument("--rebuild", action="store_true", help="rebuild stores kept in .data")
    ap.add_argument(
        "--memories",
        default=None,
        metavar="KINDS",
        help="recurring,short: issue 17's memories beside the peers (default sizes 10k,100k)",
    )
    ap.add_argument(
        "--report-only",
        action="store_true",
        help="with --memories: only rewrite the report from the rows kept in .data",
    )
    args = ap.parse_args(argv)
    if args.memories:
        return main_memories(args)
    sizes = (
        [int(s) for s in args.sizes.split(",")]
        if args.sizes
        else ([10_000] if args.quick else [10_000, 100_000, 1_000_000])
    )
    n_queries = args.queries or (100 if args.quick else 300)
    rows = []
    for n in sizes:
        # time caps per baseline (seconds of queries); the 1M run must bound its own time
        caps = (
            {"exhaustive": 600.0, "rapidfuzz": 120.0, "toolkit": 120.0}
            if n < 1_000_000
            else {"exhaustive": 400.0, "rapidfuzz": 90.0, "toolkit": 60.0}
        )
        r = run_size(n, n_queries, args.rebuild, caps)
        r["load"] = "/".join(f"{x:.2f}" for x in os.getloadavg())  # 1/5/15-minute averages
        rows.append(r)
        print(
            f"[{n}] p50 {pct(r['lat'], 50):.1f} ms p99 {pct(r['lat'], 99):.1f} ms"
            f" recall {r['recall']:.4f} server {r['server_rss_mb']:.0f} MB",
            flush=True,
        )
    cmd = "python -m benchmarks.tm_lookup" + (" --quick" if args.quick else "")
    if args.sizes:
        cmd += f" --sizes {args.sizes}"
    if args.queries:
        cmd += f" --queries {args.queries}"
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    for r in rows:
        r["cmd"], r["when"] = cmd, f"{stamp}, load average {r['load']} when done"
        (DATA / f"tm_lookup_result_{r['n']}.json").write_text(json.dumps(r))
    if not args.quick:  # rows of other sizes measured by an earlier run of this session
        done = {r["n"] for r in rows}
        for path in sorted(DATA.glob("tm_lookup_result_*.json")):
            old = json.loads(path.read_text())
            if old["n"] not in done and old["n"] >= 10_000 and args.sizes is not None:
                rows.append(old)
        rows.sort(key=lambda r: r["n"])
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tm_lookup.md").write_text(render(rows, cmd), encoding="utf-8")
    print(f"wrote {RESULTS / 'tm_lookup.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
