"""HTTP load benchmark: sustained concurrent ``POST /v1/suggest`` on loopback against ``mkutano serve``.

Usage::

    python -m benchmarks.api_load             # 60 s of load, 8 concurrent clients, 2 workers
    python -m benchmarks.api_load --quick     # 10 s smoke run
    python -m benchmarks.api_load --duration 120 --clients 16 --workers 2
    python -m benchmarks.api_load --matrix    # mixed load, 1/2/4 workers, SQLite and PostgreSQL

``--matrix`` (issue 24) runs a mixed load (suggest, concordance, QA, terms and unit writes; 16
clients × 60 s on a 100k-unit memory by default) against 1, 2 and 4 workers on SQLite and, when
``MKUTANO_BENCH_PG`` names a PostgreSQL database, on PostgreSQL (in a schema of its own, dropped
after), and writes ``benchmarks/results/api_load_workers.md``.

The store (``benchmarks/.data/api_load.db``, rebuilt each run) holds the sample TM
``tm/data/g7-rome-lyon.tmx`` plus a few thousand trilingual units from FLORES-200 devtest in
``../shared/corpus/parallel/trilingual`` (a deterministic generator stands in without the corpus).
Queries are a fixed, seeded mix: stored Italian sentences (exact matches), the same with a number
or a word changed (fuzzy matches, with placeable substitution) and held-out sentences (mostly no
match). The clients are asyncio tasks with httpx in this process, on the same 2-core machine as the
server, so the figures include the load generator's own CPU use (and other helpers' work when the
machine is shared). Any non-200 answer or transport error counts as an error; the run fails
(exit 1) unless there are none.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import random
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKUTANO_CORPUS", ROOT.parent / "shared" / "corpus"))
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results"
SAMPLE_TMX = ROOT / "tm" / "data" / "g7-rome-lyon.tmx"
SEED = 20261127
START_TIMEOUT = 120.0  # seconds for the server to answer /healthz


def _flores() -> list[tuple[str, str, str]]:
    """(it, en, sw) sentence triples from FLORES-200 devtest, or generated ones without it."""
    tsv = CORPUS / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    if tsv.exists():
        rows = tsv.read_text(encoding="utf-8").splitlines()[1:]
        out = []
        for row in rows:
            parts = row.split("\t")
            if len(parts) >= 4 and all(p.strip() for p in parts[1:4]):
                out.append((parts[2].strip(), parts[1].strip(), parts[3].strip()))
        return out
    rng = random.Random(SEED)
    words = ["rapporto", "gruppo", "riunione", "polizia", "cooperazione", "crimine", "Roma"]
    return [
        (
            " ".join(rng.choice(words) for _ in range(8)) + f" {i}.",
            f"Generated sentence number {i}.",
            f"Sentensi iliyotengenezwa namba {i}.",
        )
        for i in range(1000)
    ]


def _variants(triples: list[tuple[str, str, str]], n: int) -> list[tuple[str, str, str]]:
    """``n`` distinct units: the triples, then joined pairs of them (real text, longer segments)."""
    out = list(triples)
    k = 0
    p = len(triples)
    while len(out) < n:
        # pair (i, i + 1 + k // p): distinct for every k below p * (p - 1)
        a, b = triples[k % p], triples[(k % p + 1 + k // p) % p]
        out.append((f"{a[0]} {b[0]}", f"{a[1]} {b[1]}", f"{a[2]} {b[2]}"))
        k += 1
    return out[:n]


def _tmx(units: list[tuple[str, str, str]], path: Path) -> None:
    from mkutano.tmx import Header, Segment, Unit, Variant, write_tmx

    header = Header(
        attrs={
            "creationtool": "mkutano-benchmark",
            "creationtoolversion": "1",
            "segtype": "sentence",
            "o-tmf": "mkutano",
            "adminlang": "en",
            "srclang": "it",
            "datatype": "plaintext",
        }
    )
    write_tmx(
        path,
        header,
        (
            Unit(
                variants=[
                    Variant("it", Segment.from_text(it)),
                    Variant("en", Segment.from_text(en)),
                    Variant("sw", Segment.from_text(sw)),
                ]
            )
            for it, en, sw in units
        ),
    )


def build_store(db: Path | str, units: int, role: str = "reader") -> tuple[list[str], str, int]:
    """Build the store (a SQLite path, rebuilt, or an empty PostgreSQL URL); return (queries, a
    key of ``role``, units stored)."""
    from mkutano.api.auth import KeyStore
    from mkutano.tm import open_store
    from mkutano.tm.transfer import import_tmx

    if isinstance(db, Path):
        for suffix in ("", "-wal", "-shm"):
            Path(str(db) + suffix).unlink(missing_ok=True)
    triples = _flores()
    rng = random.Random(SEED)
    rng.shuffle(triples)
    held_out, stored = triples[:100], triples[100:]
    extra = DATA / "api_load_units.tmx"
    _tmx(_variants(stored, units), extra)
    store = open_store(str(db))
    try:
        import_tmx(store, SAMPLE_TMX, memory="g7")
        import_tmx(store, extra, memory="flores")
        total = store.count_units()
        reader = KeyStore(store.db).create(role, label="benchmark")[1]  # type: ignore[attr-defined]
    finally:
        store.close()
    queries: list[str] = []
    for it, _, _ in stored[:200]:
        queries.append(it)  # exact
        changed = it.replace("a", "e", 1) if "a" in it else it + " oggi"
        queries.append(changed)  # fuzzy
    queries += [it for it, _, _ in held_out]  # mostly no match
    rng.shuffle(queries)
    return queries, reader, total


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mkutano() -> list[str]:
    exe = shutil.which("mkutano", path=str(Path(sys.executable).parent)) or shutil.which("mkutano")
    if exe is None:
        raise SystemExit("the mkutano command is not installed (pip install -e .)")
    return [exe]


def start_server(
    db: Path | str, port: int, workers: int, log: Path, *, preload: bool = False
) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("MKUTANO_")}
    env["MKUTANO_LOG_LEVEL"] = "info" if preload else "warning"
    # suggest alone needs no QA models; the mixed load does, loaded before a worker accepts
    env["MKUTANO_PRELOAD"] = "true" if preload else "false"
    cmd = [
        *_mkutano(),
        "serve",
        "--db",
        str(db),
        "--host",
        "127.0.0.1",
        "--port",
        str(port),
        "--workers",
        str(workers),
    ]
    proc = subprocess.Popen(cmd, stdout=log.open("wb"), stderr=subprocess.STDOUT, env=env)
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit("server exited:\n" + log.read_text(errors="replace"))
        try:
            ready = httpx.get(f"http://127.0.0.1:{port}/readyz", timeout=2).status_code == 200
        except httpx.TransportError:
            ready = False
        # with preload, each worker accepts once its models are loaded: wait for all of them
        started = log.read_text(errors="replace").count("Application startup complete")
        if ready and (not preload or started >= workers):
            return proc
        time.sleep(0.2)
    proc.kill()
    raise SystemExit(f"server did not answer within {START_TIMEOUT:.0f} s")


def stop_server(proc: subprocess.Popen[bytes]) -> None:
    proc.send_signal(signal.SIGINT)
    try:
        proc.wait(timeout=30)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()


async def _client(
    base: str,
    key: str,
    queries: list[str],
    offset: int,
    stop_at: float,
    latencies: list[float],
    errors: list[str],
    matched: list[int],
) -> None:
    headers = {"Authorization": f"Bearer {key}"}
    i = offset
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=30) as client:
        while time.monotonic() < stop_at:
            text = queries[i % len(queries)]
            i += 1
            body = {
                "source_lang": "it",
                "target_lang": "sw",
                "text": text,
                "prev": None,
                "next": None,
            }
            t0 = time.perf_counter()
            try:
                r = await client.post("/v1/suggest", json=body)
            except httpx.HTTPError as exc:
                errors.append(f"{type(exc).__name__}: {exc}")
                continue
            latencies.append(time.perf_counter() - t0)
            if r.status_code != 200:
                errors.append(f"{r.status_code}: {r.text[:200]}")
            elif r.json()["matches"]:
                matched.append(1)


async def run_load(
    base: str, key: str, queries: list[str], clients: int, duration: float
) -> dict[str, Any]:
    latencies: list[float] = []
    errors: list[str] = []
    matched: list[int] = []
    # warm-up: each query once per worker would be too much; a short burst primes caches
    await asyncio.gather(
        *(_client(base, key, queries, i * 37, time.monotonic() + 2, [], [], []) for i in range(2))
    )
    t0 = time.monotonic()
    stop_at = t0 + duration
    await asyncio.gather(
        *(
            _client(base, key, queries, i * 101, stop_at, latencies, errors, matched)
            for i in range(clients)
        )
    )
    elapsed = time.monotonic() - t0
    latencies.sort()

    def pct(p: float) -> float:
        return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000

    return {
        "requests": len(latencies) + sum(1 for e in errors if not e[:3].isdigit()),
        "errors": len(errors),
        "error_samples": errors[:5],
        "elapsed": elapsed,
        "throughput": len(latencies) / elapsed if elapsed else 0.0,
        "p50": pct(50),
        "p95": pct(95),
        "p99": pct(99),
        "max": latencies[-1] * 1000 if latencies else 0.0,
        "mean": statistics.fmean(latencies) * 1000 if latencies else 0.0,
        "with_matches": len(matched),
    }


_MIX = (("suggest", 4), ("concordance", 1), ("qa", 1), ("terms", 1), ("write", 1))
_QA_BODY = {
    "source_lang": "it",
    "target_lang": "sw",
    "pairs": [{"id": "p1", "source": "Il terrorismo resta una minaccia.", "target": "Ugaidi."}],
}


async def _mixed_client(
    base: str,
    key: str,
    queries: list[str],
    units: list[int],
    seed: int,
    stop_at: float,
    out: dict[str, list[Any]],
) -> None:
    """One client of the mixed load: suggest 4 in 8, concordance, QA, terms and unit writes 1
    in 8 each; every answer other than 200 is an error."""
    rng = random.Random(seed)
    kinds = [k for k, w in _MIX for _ in range(w)]
    words = ["Mkutano", "Kundi", "Ripoti", "Ushirikiano", "Usalama", "Polisi"]
    headers = {"Authorization": f"Bearer {key}"}
    async with httpx.AsyncClient(base_url=base, headers=headers, timeout=60) as client:
        while time.monotonic() < stop_at:
            kind = rng.choice(kinds)
            t0 = time.perf_counter()
            try:
                if kind == "suggest":
                    body = {"source_lang": "it", "target_lang": "sw", "text": rng.choice(queries)}
                    r = await client.post("/v1/suggest", json=body)
                elif kind == "concordance":
                    phrase = rng.choice(["Gruppo", "polizia", "cooperazione", "Roma"])
                    body = {"phrase": phrase, "lang": "it", "target_lang": "sw", "limit": 20}
                    r = await client.post("/v1/concordance", json=body)
                elif kind == "qa":
                    r = await client.post("/v1/qa", json=_QA_BODY)
                elif kind == "terms":
                    body = {"text": "Magaidi na wahamiaji walijadiliwa na INTERPOL.", "lang": "sw"}
                    r = await client.post("/v1/terms", json=body)
                else:
                    body = {
                        "variants": [{"lang": "sw", "text": f"{rng.choice(words)}."}],
                        "override_reason": "benchmark",
                    }
                    r = await client.put(f"/v1/memories/g7/units/{rng.choice(units)}", json=body)
            except httpx.HTTPError as exc:
                out["errors"].append(f"{kind}: {type(exc).__name__}: {exc}")
                continue
            out["latencies"].append(time.perf_counter() - t0)
            if r.status_code != 200:
                out["errors"].append(f"{kind} {r.status_code}: {r.text[:200]}")


async def run_mixed(
    base: str, key: str, queries: list[str], units: list[int], clients: int, duration: float
) -> dict[str, Any]:
    out: dict[str, list[Any]] = {"latencies": [], "errors": []}
    t0 = time.monotonic()
    await asyncio.gather(
        *(_mixed_client(base, key, queries, units, i, t0 + duration, out) for i in range(clients))
    )
    elapsed = time.monotonic() - t0
    lat = sorted(out["latencies"])

    def pct(p: float) -> float:
        return lat[min(len(lat) - 1, int(p / 100 * len(lat)))] * 1000 if lat else 0.0

    return {
        "requests": len(lat) + sum(1 for e in out["errors"] if ":" in e.split(" ")[0]),
        "errors": len(out["errors"]),
        "error_samples": out["errors"][:5],
        "elapsed": elapsed,
        "throughput": len(lat) / elapsed if elapsed else 0.0,
        "p50": pct(50),
        "p99": pct(99),
        "max": lat[-1] * 1000 if lat else 0.0,
        "over_5s": sum(1 for x in lat if x > 5),
    }


def _pg_schema(admin_url: str, schema: str, *, create: bool) -> str:
    """Drop (and create) a schema of ``admin_url``; return a URL whose search path is it."""
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        if create:
            conn.execute(f'CREATE SCHEMA "{schema}"')
    sep = "&" if "?" in admin_url else "?"
    return f"{admin_url}{sep}options=-csearch_path%3D{schema}"


def run_matrix(args: argparse.Namespace) -> int:
    """The mixed load against 1, 2 and 4 workers on each backend; write the results table."""
    backends: list[tuple[str, Path | str]] = []
    if "sqlite" in args.backends:
        backends.append(("SQLite", DATA / "api_load_workers.db"))
    pg = os.environ.get("MKUTANO_BENCH_PG", "") if "postgres" in args.backends else ""
    if pg:
        backends.append(("PostgreSQL", _pg_schema(pg, "bench_api_load", create=True)))
    rows: list[tuple[str, int, int, dict[str, Any]]] = []
    try:
        for backend, db in backends:
            print(f"{backend}: building the store ({args.units} extra units)...", flush=True)
            queries, key, total = build_store(db, args.units, role="translator")
            from mkutano.tm import open_store

            store = open_store(str(db))
            try:
                units = [u.id for u in store.iter_units(memories=["g7"], limit=40)]
            finally:
                store.close()
            for workers in args.worker_counts:
                port = _free_port()
                log = DATA / f"api_load_workers.{workers}.log"
                proc = start_server(db, port, workers, log, preload=True)
                try:
                    print(
                        f"{backend}, {workers} worker(s): {args.clients} clients for "
                        f"{args.duration:g} s...",
                        flush=True,
                    )
                    r = asyncio.run(
                        run_mixed(
                            f"http://127.0.0.1:{port}",
                            key,
                            queries,
                            units,
                            args.clients,
                            args.duration,
                        )
                    )
                finally:
                    stop_server(proc)
                r["killed"] = log.read_text(errors="replace").count("died")
                print(json.dumps({k: v for k, v in r.items() if k != "error_samples"}), flush=True)
                if r["errors"]:
                    print("error samples:", *r["error_samples"], sep="\n  ")
                rows.append((backend, workers, total, r))
    finally:
        if pg:
            _pg_schema(pg, "bench_api_load", create=False)
    print(write_matrix(args, rows))
    return 0 if all(r["errors"] == 0 for *_, r in rows) else 1


def write_matrix(args: argparse.Namespace, rows: list[tuple[str, int, int, dict[str, Any]]]) -> str:
    command = (
        f"MKUTANO_BENCH_PG=postgresql://... python -m benchmarks.api_load --matrix "
        f"--duration {args.duration:g} --clients {args.clients} --units {args.units}"
    )
    total = rows[0][2] if rows else 0
    lines = [
        "## HTTP API under a mixed load, 1, 2 and 4 workers (issue 24)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {_machine()}; server and load generator share it.",
        "",
        f"`mkutano serve --workers N` on 127.0.0.1, a store of {total} units (sample G7 TM + "
        f"FLORES-200 devtest units), {args.clients} concurrent httpx clients for "
        f"{args.duration:g} s each; every client picks suggest 4 times in 8, concordance, QA, "
        "terms and a unit write (PUT, QA-checked) once in 8 each. An error is any answer but 200 "
        'or a transport error; "killed" counts workers uvicorn\'s supervisor replaced.',
        "",
        "| backend | workers | requests | errors | req/s | p50 (ms) | p99 (ms) | max (ms) | "
        "over 5 s | killed |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    for backend, workers, _, r in rows:
        lines.append(
            f"| {backend} | {workers} | {r['requests']} | {r['errors']} | {r['throughput']:.1f} | "
            f"{r['p50']:.0f} | {r['p99']:.0f} | {r['max']:.0f} | {r['over_5s']} | {r['killed']} |"
        )
    lines += [
        "",
        "Notes: the machine has 2 cores, shared by the workers, PostgreSQL, the load generator "
        "and other engineers' jobs, so more workers than cores add contention rather than "
        "throughput here; the point of the table is that several workers neither fail nor stall. "
        "Before the fix, 2 workers left 10-11 requests waiting past 60 s.",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "api_load_workers.md").write_text(text, encoding="utf-8")
    return text


def _machine() -> str:
    cpu = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def write_results(
    args: argparse.Namespace, store_units: int, queries: int, r: dict[str, Any]
) -> str:
    command = "python -m benchmarks.api_load" + (" --quick" if args.quick else "")
    if not args.quick:
        command += (
            f" --duration {args.duration:g} --clients {args.clients} --workers {args.workers}"
        )
    verdict = "zero errors" if r["errors"] == 0 else f"**{r['errors']} errors** (run failed)"
    lines = [
        "## HTTP API load (`POST /v1/suggest`)",
        "",
        f"Command: `{command}`  ",
        f"Machine: {_machine()}; server and load generator share it.",
        "",
        f"`mkutano serve` with {args.workers} worker(s) on 127.0.0.1, SQLite store of "
        f"{store_units} units (sample G7 TM + FLORES-200 devtest units), {args.clients} concurrent "
        f"httpx clients for {r['elapsed']:.0f} s, {queries} distinct it→sw queries "
        "(exact, fuzzy and unmatched).",
        "",
        "| requests | errors | throughput (req/s) | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) | "
        "answers with matches |",
        "| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
        f"| {r['requests']} | {r['errors']} | {r['throughput']:.1f} | {r['p50']:.1f} | "
        f"{r['p95']:.1f} | {r['p99']:.1f} | {r['max']:.1f} | {r['with_matches']} |",
        "",
        f"Result: {verdict}.",
        "",
        "Notes: latencies are measured by the clients (queueing included: with more clients than "
        "cores, p95/p99 grow with the queue, not with the lookup itself). The machine has 2 cores "
        "shared by the server workers, the load generator and, during development, other jobs; "
        "figures from a dedicated server would be higher.",
        "",
    ]
    text = "\n".join(lines)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "api_load.md").write_text(text, encoding="utf-8")
    return text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--quick", action="store_true", help="10 s of load, 2000 extra units")
    parser.add_argument("--duration", type=float, default=60.0, help="seconds of load (≥ 60)")
    parser.add_argument("--clients", type=int, default=8, help="concurrent clients")
    parser.add_argument("--workers", type=int, default=2, help="server worker processes")
    parser.add_argument("--units", type=int, default=None, help="extra units besides the sample")
    parser.add_argument(
        "--matrix", action="store_true", help="mixed load, 1/2/4 workers, SQLite (+ PostgreSQL)"
    )
    parser.add_argument(
        "--worker-counts", type=int, nargs="+", default=[1, 2, 4], help="with --matrix"
    )
    parser.add_argument(
        "--backends", nargs="+", default=["sqlite", "postgres"], choices=["sqlite", "postgres"]
    )
    args = parser.parse_args(argv)
    if args.units is None:
        args.units = 100_000 if args.matrix else 5000
    if args.matrix and "--clients" not in (argv or sys.argv):
        args.clients = 16
    if args.quick:
        args.duration, args.units = 10.0, 2000
    DATA.mkdir(parents=True, exist_ok=True)
    if args.matrix:
        return run_matrix(args)
    db = DATA / "api_load.db"
    print(f"building the store ({args.units} extra units)...", flush=True)
    queries, key, total = build_store(db, args.units)
    port = _free_port()
    log = DATA / "api_load.server.log"
    proc = start_server(db, port, args.workers, log)
    try:
        print(f"load: {args.clients} clients for {args.duration:g} s on port {port}...", flush=True)
        result = asyncio.run(
            run_load(f"http://127.0.0.1:{port}", key, queries, args.clients, args.duration)
        )
    finally:
        stop_server(proc)
    print(json.dumps({k: v for k, v in result.items() if k != "error_samples"}, indent=1))
    if result["errors"]:
        print("error samples:", *result["error_samples"], sep="\n  ")
    print(write_results(args, total, len(set(queries)), result))
    return 0 if result["errors"] == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
