"""Suggestion quality: does placeable substitution bring the suggested target closer to the true
translation than the TM target as stored?

Usage::

    python -m benchmarks.tm_quality            # every data set below
    python -m benchmarks.tm_quality --quick    # the same (it takes seconds)

Data sets, all from ``../shared/corpus``:

* real TMX files held out: every 7th unit of Maxprograms' TMXEditor and OpenXLIFF localisation
  memories (en→es, en→fr; inline tags and ``{0}``-style numbers) is left out of the store and
  looked up; its own target is the truth;
* FLORES-200 devtest (en, it, sw) stored, queried with the English sentences whose numbers were
  changed; the truth is the stored translation with the same number changed (kept only where
  the number occurs once, as written, in the translation).

Scores: chrF (character n-grams 1-6, β = 2, on the target with tag codes written out) and the
normalised character edit distance, each against the truth, for the substituted target and the
raw TM target of the best match (threshold 60).
"""

from __future__ import annotations

import argparse
import os
import random
import re
import sys
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from rapidfuzz.distance import Levenshtein

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("MKUTANO_CORPUS", ROOT.parent / "shared" / "corpus"))
RESULTS = ROOT / "benchmarks" / "results"
THRESHOLD = 60.0
TMX_FILES = (
    "tmx/maxprograms/TMXEditor/docs/i18n/tmxeditor_es.ditamap.tmx",
    "tmx/maxprograms/TMXEditor/docs/i18n/tmxeditor_fr.ditamap.xlf.tmx",
    "tmx/maxprograms/TMXEditor/Localization/TMXEditor_HTML.tmx",
    "tmx/maxprograms/OpenXLIFF/i18n/OpenXLIFF_Java_es.tmx",
)


def chrf(hypothesis: str, reference: str, n: int = 6, beta: float = 2.0) -> float:
    """chrF (Popović 2015): character n-gram F-score, spaces removed, averaged over n = 1..6."""
    h, r = hypothesis.replace(" ", ""), reference.replace(" ", "")
    precisions, recalls = [], []
    for k in range(1, n + 1):
        hc = Counter(h[i : i + k] for i in range(len(h) - k + 1))
        rc = Counter(r[i : i + k] for i in range(len(r) - k + 1))
        if not hc or not rc:
            continue
        common = sum((hc & rc).values())
        precisions.append(common / sum(hc.values()))
        recalls.append(common / sum(rc.values()))
    if not precisions:
        return 100.0 if h == r else 0.0
    p, rr = sum(precisions) / len(precisions), sum(recalls) / len(recalls)
    if p + rr == 0:
        return 0.0
    return 100.0 * (1 + beta**2) * p * rr / (beta**2 * p + rr)


def rendered(segment: Any) -> str:
    """A segment as text with each inline tag's native code written out (so tags count)."""
    return "".join(p if isinstance(p, str) else f"[{p.code}]" for p in segment.parts)


def _tmx_cases() -> list[tuple[str, list[Any], list[Any], str, str]]:
    from tmx.reader import read_tmx

    cases = []
    for rel in TMX_FILES:
        path = CORPUS / rel
        if not path.exists():
            continue
        with read_tmx(path) as doc:
            units = [u for u in doc if len(u.variants) >= 2]
        src = "en"
        tgt = next(v.lang for u in units for v in u.variants if not v.lang.lower().startswith("en"))
        held = [u for i, u in enumerate(units) if i % 7 == 3]
        kept = [u for i, u in enumerate(units) if i % 7 != 3]
        cases.append((path.name, kept, held, src, tgt))
    return cases


_NUM = re.compile(r"(?<![\d.,])\d+(?![\d.,]*\d)")


def _flores_cases(limit: int | None = None) -> tuple[list[Any], list[tuple[str, str, str]]]:
    """FLORES units and (query, target lang, true target) with one number changed."""
    from tmx import Segment, Unit, Variant

    tsv = CORPUS / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    rows = rows[:limit] if limit else rows
    units = [
        Unit(
            [
                Variant(lang, Segment.from_text(t))
                for lang, t in zip(("en", "it", "sw"), r[1:4], strict=False)
            ]
        )
        for r in rows
        if len(r) >= 4
    ]
    rng = random.Random(7)
    queries = []
    for r in rows:
        if len(r) < 4:
            continue
        m = _NUM.search(r[1])
        if not m:
            continue
        old = m.group(0)
        new = str(int(old) + rng.randint(1, 9))
        query = r[1][: m.start()] + new + r[1][m.end() :]
        for lang, true in (("it", r[2]), ("sw", r[3])):
            if len(re.findall(rf"(?<![\d.,]){re.escape(old)}(?![\d.,]*\d)", true)) == 1:
                truth = re.sub(rf"(?<![\d.,]){re.escape(old)}(?![\d.,]*\d)", new, true)
                queries.append((query, lang, truth))
    return units, queries


def _evaluate(store: Any, items: Iterable[tuple[Any, str, str, str]]) -> dict[str, Any]:
    """items: (query segment, source lang, target lang, true target text)."""
    from tm import suggest

    rows = []
    for query, src, tgt, truth in items:
        matches = suggest(
            store, query, source_lang=src, target_lang=tgt, threshold=THRESHOLD, limit=1
        )
        if not matches:
            continue
        m = matches[0]
        sub, raw = rendered(m.target), rendered(m.tm_target)
        rows.append(
            {
                "changed": bool(m.substitutions),
                "chrf_sub": chrf(sub, truth),
                "chrf_raw": chrf(raw, truth),
                "ed_sub": Levenshtein.normalized_distance(sub, truth),
                "ed_raw": Levenshtein.normalized_distance(raw, truth),
            }
        )
    return {"rows": rows}


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else float("nan")


def summarise(name: str, queries: int, result: dict[str, Any]) -> str:
    rows = result["rows"]
    changed = [r for r in rows if r["changed"]]

    def cells(rs: list[dict[str, Any]]) -> str:
        return (
            f"{_mean([r['chrf_raw'] for r in rs]):.2f} → {_mean([r['chrf_sub'] for r in rs]):.2f} |"
            f" {_mean([r['ed_raw'] for r in rs]):.4f} → {_mean([r['ed_sub'] for r in rs]):.4f}"
        )

    return (
        f"| {name} | {queries} | {len(rows)} | {len(changed)} | {cells(rows)} |"
        f" {cells(changed) if changed else 'n/a | n/a'} |"
    )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.tm_quality")
    ap.add_argument("--quick", action="store_true", help="same data (the run takes seconds)")
    args = ap.parse_args(argv)
    from tm import MemoryStore

    lines = []
    for name, kept, held, src, tgt in _tmx_cases():
        store = MemoryStore()
        store.create_memory("m")
        store.import_units("m", kept, origin="benchmark")
        items = []
        for u in held:
            s = next((v for v in u.variants if v.lang.lower().startswith(src)), None)
            t = next((v for v in u.variants if v is not s and v.lang == tgt), None)
            if s is not None and t is not None and s.segment.plain.strip():
                items.append((s.segment, src, tgt, rendered(t.segment)))
        lines.append(
            summarise(f"{name} (en→{tgt}, 1 in 7 held out)", len(items), _evaluate(store, items))
        )
    if (CORPUS / "parallel" / "trilingual").exists():
        units, queries = _flores_cases()
        store = MemoryStore()
        store.create_memory("flores")
        store.import_units("flores", units, origin="benchmark")
        for lang in ("it", "sw"):
            items = [(q, "en", lang, truth) for q, lg, truth in queries if lg == lang]
            lines.append(
                summarise(
                    f"FLORES-200 devtest, one number changed (en→{lang})",
                    len(items),
                    _evaluate(store, items),
                )
            )
    cmd = "python -m benchmarks.tm_quality" + (" --quick" if args.quick else "")
    text = "\n".join(
        [
            "## TM suggestion quality (placeable substitution)\n",
            f"Command: `{cmd}`. Best match per query (threshold {THRESHOLD:g}); the suggested target",
            "with the query's placeables substituted (`target`) against the TM target as stored",
            "(`tm_target`), each compared with the true translation: chrF (higher is better) and",
            "normalised character edit distance (lower is better), raw → substituted. Tags are",
            "compared with their native code written out.\n",
            "| data | queries | with a match | with substitutions | chrF, all matches | edit distance,"
            " all matches | chrF, matches with substitutions | edit distance, matches with"
            " substitutions |",
            "|---|---:|---:|---:|---|---|---|---|",
            *lines,
            "",
            "Real TMX files: every 7th unit of each file is held out and looked up in a memory of",
            "the others; FLORES: each English sentence with a number, that number changed, looked",
            "up in a memory of all FLORES units (the truth changes the same number in the stored",
            "translation, kept only when it occurs there once as written).",
            "",
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tm_quality.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
