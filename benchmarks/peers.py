"""What mkutano's suggestions are measured against in the lookup benchmark, on the same queries.

* :func:`char_scan`: the exhaustive character-level scan, ``rapidfuzz.process.extract`` with
  ``fuzz.ratio`` over every stored source, the ten-line baseline a TM must beat;
* :func:`trgm_scan`: PostgreSQL ``pg_trgm`` as Weblate's memory queries it: a GIN
  ``gin_trgm_ops`` index on the source, ``set_limit()`` at the threshold, candidates found with
  the ``%`` operator, each re-scored in Python (Weblate re-scores with its own comparer; here with
  ``fuzz.ratio``) and kept at the threshold;
* :func:`agreement`: how far mkutano's top suggestions agree with the character scan's;
* :func:`cli_batch`: ``mkutano suggest --batch`` over the queries, as a real subprocess;
* PostgreSQL helpers: a schema of its own per memory, and its size on disk.

A result row is ``(score, source text, target text)``, best first.
"""

from __future__ import annotations

import json
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

Row = tuple[float, str, str]
Query = tuple[str, str, str, str | None]  # en, target lang, target text, sw


# -- the exhaustive character scan ----------------------------------------------------------------
def timed(
    queries: Sequence[Query], cap: float, run: Callable[[Query], list[Row]]
) -> tuple[list[list[Row] | None], list[float]]:
    """``run`` each query (None for every query once ``cap`` seconds have passed) and the time
    each took (ms)."""
    tops: list[list[Row] | None] = []
    times: list[float] = []
    start = time.perf_counter()
    for q in queries:
        if time.perf_counter() - start > cap:
            tops.append(None)
            continue
        t0 = time.perf_counter()
        tops.append(run(q))
        times.append((time.perf_counter() - t0) * 1000)
    return tops, times


def char_scan(
    sources: list[str], targets: list[str], queries: Sequence[Query], threshold: float, cap: float
) -> tuple[list[list[Row] | None], list[float]]:
    """The top 5 of every query by ``fuzz.ratio`` at ``threshold``, timed (:func:`timed`)."""
    from rapidfuzz import fuzz, process

    def run(q: Query) -> list[Row]:
        hits = process.extract(q[0], sources, scorer=fuzz.ratio, score_cutoff=threshold, limit=5)
        return [(s, sources[i], targets[i]) for _, s, i in hits]

    return timed(queries, cap, run)


def agreement(
    queries: Sequence[Query], ours: Sequence[Sequence[Row]], scan: Sequence[list[Row] | None]
) -> dict[str, float | int]:
    """Coverage, best-equals-best and recall@5 of ``ours`` against the character scan.

    Measured on the character scale (``fuzz.ratio`` of the query and the suggested source), so
    ties count as agreement: the best equals the best when our top suggestion's source is as
    close to the query as the scan's best; recall@5 counts, for each query the scan answers with
    k matches, how many of our top 5 are at least as close as the scan's k-th (at most k), over
    the sum of k.
    """
    from rapidfuzz import fuzz

    answered = both = best = found = wanted = ours_only = 0
    for q, mine, theirs in zip(queries, ours, scan, strict=True):
        if theirs is None:
            continue
        if not theirs:
            ours_only += bool(mine)
            continue
        answered += 1
        closeness = [fuzz.ratio(q[0], r[1]) for r in mine]
        if mine:
            both += 1
            best += closeness[0] >= theirs[0][0] - 1e-9
        kth = theirs[-1][0]
        wanted += len(theirs)
        found += min(len(theirs), sum(c >= kth - 1e-9 for c in closeness))
    return {
        "scan_answers": answered,
        "both_answer": both,
        "ours_only": ours_only,
        "best_equals_best": best / answered if answered else float("nan"),
        "recall_at_5": found / wanted if wanted else float("nan"),
    }


# -- PostgreSQL -----------------------------------------------------------------------------------
def schema_url(admin: str, schema: str, *extra: str) -> str:
    path = ",".join((schema, *extra))
    return f"{admin}{'&' if '?' in admin else '?'}options=-csearch_path%3D{path}"


def schema_exists(admin: str, schema: str) -> bool:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,)).fetchone()
    return row is not None


def fresh_schema(admin: str, schema: str) -> None:
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
        conn.execute(f'CREATE SCHEMA "{schema}"')


def schema_bytes(admin: str, schema: str) -> int:
    """Size on disk of every table of ``schema`` with its indexes and TOAST data."""
    import psycopg

    with psycopg.connect(admin, autocommit=True) as conn:
        row = conn.execute(
            "SELECT COALESCE(SUM(pg_total_relation_size(c.oid)), 0) FROM pg_class c"
            " JOIN pg_namespace n ON n.oid = c.relnamespace"
            " WHERE n.nspname = %s AND c.relkind IN ('r', 'm')",
            (schema,),
        ).fetchone()
    return int(row[0]) if row else 0


def trgm_build(admin: str, schema: str, pairs: Iterable[Query]) -> float:
    """A table of (source, target) in a fresh ``schema`` with a GIN trigram index; seconds taken."""
    import psycopg

    fresh_schema(admin, schema)
    t0 = time.perf_counter()
    with psycopg.connect(schema_url(admin, schema, "public"), autocommit=True) as conn:
        conn.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public")
        conn.execute("CREATE TABLE memory (id bigserial PRIMARY KEY, source text, target text)")
        with conn.cursor() as cur, cur.copy("COPY memory (source, target) FROM STDIN") as copy:
            for en, _lang, tgt, _sw in pairs:
                copy.write_row((en, tgt))
        conn.execute("CREATE INDEX memory_source_trgm ON memory USING gin (source gin_trgm_ops)")
        conn.execute("ANALYZE memory")
    return time.perf_counter() - t0


def trgm_scan(
    admin: str, schema: str, queries: Sequence[Query], threshold: float, cap: float
) -> tuple[list[list[Row] | None], list[float]]:
    """Weblate's way: ``set_limit(threshold / 100)``, ``source % query`` through the GIN index,
    each candidate re-scored (``fuzz.ratio``) and kept at ``threshold``; the top 5 and times."""
    import psycopg
    from rapidfuzz import fuzz

    with psycopg.connect(schema_url(admin, schema, "public"), autocommit=True) as conn:
        conn.execute("SELECT set_limit(%s::real)", (threshold / 100,))

        def run(q: Query) -> list[Row]:
            rows = conn.execute(
                "SELECT source, target FROM memory WHERE source %% %s", (q[0],)
            ).fetchall()
            scored = sorted(((fuzz.ratio(q[0], s), s, t) for s, t in rows), key=lambda r: -r[0])
            return [r for r in scored if r[0] >= threshold][:5]

        return timed(queries, cap, run)


# -- the CLI --------------------------------------------------------------------------------------
def cli_batch(url: str, queries: Sequence[Query], threshold: float) -> dict[str, float]:
    """Run ``mkutano suggest --batch FILE --json`` over the queries of the most common target
    language (``--to`` takes one language), unbuffered, noting when each result line arrives.

    Returns the wall time (s), the number of queries, and the time per query in steady state:
    from the first result line to the last, over the queries between them, so the start-up
    (interpreter, imports, opening the store) is left out without a second, noisy, run.
    """
    import os

    exe = str(Path(sys.executable).with_name("mkutano"))
    lang = Counter(q[1] for q in queries).most_common(1)[0][0]
    lines = [json.dumps({"id": i, "text": q[0]}) for i, q in enumerate(queries) if q[1] == lang]
    with tempfile.NamedTemporaryFile("w", suffix=".jsonl", encoding="utf-8") as f:
        f.write("\n".join(lines) + "\n")
        f.flush()
        cmd = [exe, "suggest", "--db", url, "--from", "en", "--to", lang, "--json", "--batch"]
        cmd += [f.name, "--threshold", str(threshold), "--limit", "5", "--pivot", "never"]
        env = os.environ | {"PYTHONUNBUFFERED": "1"}
        t0 = time.perf_counter()
        arrivals = []
        with subprocess.Popen(cmd, stdout=subprocess.PIPE, env=env) as proc:
            assert proc.stdout is not None
            for _ in proc.stdout:
                arrivals.append(time.perf_counter())
        wall = time.perf_counter() - t0
    if proc.returncode or len(arrivals) != len(lines):
        raise SystemExit(f"mkutano suggest --batch failed ({proc.returncode}): {cmd}")
    steady = (arrivals[-1] - arrivals[0]) / max(1, len(arrivals) - 1)
    return {"seconds": wall, "queries": len(lines), "per_query_ms": steady * 1000}


def summary(values: list[float]) -> dict[str, Any]:
    """p50 / p95 / p99 / mean of ``values`` (ms), as the report prints them."""
    from benchmarks.tm_lookup import pct

    mean = sum(values) / len(values) if values else float("nan")
    return {"p50": pct(values, 50), "p95": pct(values, 95), "p99": pct(values, 99), "mean": mean}
