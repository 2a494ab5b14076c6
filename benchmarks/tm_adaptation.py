"""Adaptation of dates written with month names: does the suggested target get the query's date
right, in the target language's words?

Usage::

    python -m benchmarks.tm_adaptation            # FLORES-200 devtest, every date with a month name
    python -m benchmarks.tm_adaptation --quick    # the same (it takes seconds)

Data: FLORES-200 devtest (en, it, sw) from ``../shared/corpus``, all 1,012 sentences stored as
units. Each sentence holding a date with a month name (``November 16``, ``16 novembre``,
``Novemba 16``, ``4th July 1776``) is queried with that date changed (another day and month, the
next year), written as the sentence wrote it. The truth is the stored translation with its own
date's day, month name (from a plain month list of the target language) and year replaced in
place, kept only when the translation names the old month exactly once, with the day next to
it. Scores: chrF (character n-grams 1-6, β = 2) against the truth of the substituted target and
of the raw TM target of the best match (threshold 60), and how often the target is exactly the
truth.
"""

from __future__ import annotations

import argparse
import re
import sys
from typing import Any

from .tm_quality import CORPUS, RESULTS, THRESHOLD, chrf

# The months as each language writes them; independent of tmx.dates, which is being measured.
MONTHS = {
    "en": "January February March April May June July August September October November December",
    "it": "gennaio febbraio marzo aprile maggio giugno luglio agosto settembre ottobre novembre"
    " dicembre",
    "sw": "Januari Februari Machi Aprili Mei Juni Julai Agosti Septemba Oktoba Novemba Desemba",
}
NAMES = {lang: text.split() for lang, text in MONTHS.items()}
LANGS = ("en", "it", "sw")


def _truth(target: str, lang: str, old: Any, new: Any) -> str | None:
    """``target`` with its date (day, month name, year) set to ``new``'s values, or None."""
    name = NAMES[lang][old.month - 1]
    hits = [m for m in re.finditer(rf"\b{name}\b", target, re.IGNORECASE)]
    if len(hits) != 1 or old.day is None:
        return None
    m = hits[0]
    window_start, window_end = max(0, m.start() - 12), min(len(target), m.end() + 12)
    days = [
        d
        for d in re.finditer(rf"(?<!\d){old.day}(?!\d)", target)
        if window_start <= d.start() < window_end
    ]
    if len(days) != 1:
        return None
    new_name = NAMES[lang][new.month - 1]
    if target[m.start()].islower():
        new_name = new_name.lower()
    edits = [(m.start(), m.end(), new_name), (days[0].start(), days[0].end(), str(new.day))]
    if old.year is not None:
        years = [y for y in re.finditer(rf"(?<!\d){old.year}(?!\d)", target)]
        if len(years) != 1:
            return None
        edits.append((years[0].start(), years[0].end(), str(new.year)))
    out = target
    for start, end, text in sorted(edits, reverse=True):
        out = out[:start] + text + out[end:]
    return out


def cases() -> tuple[list[Any], list[tuple[str, str, str, str]]]:
    """FLORES units, and (query, source lang, target lang, truth) for each dated sentence."""
    from mkutano.tm.placeables import find_placeables
    from mkutano.tmx import Segment, Unit, Variant, WrittenDate, write_date

    tsv = CORPUS / "parallel" / "trilingual" / "flores200_devtest.en-it-sw.tsv"
    rows = [line.split("\t") for line in tsv.read_text(encoding="utf-8").splitlines()[1:]]
    rows = [[c.strip() for c in r[1:4]] for r in rows if len(r) >= 4]
    units = [
        Unit([Variant(lg, Segment.from_text(t)) for lg, t in zip(LANGS, r, strict=True)])
        for r in rows
    ]
    queries = []
    for texts in rows:
        by_lang = dict(zip(LANGS, texts, strict=True))
        for src in LANGS:
            dates = [p for p in find_placeables(by_lang[src]) if p.written_date is not None]
            if len(dates) != 1:
                continue
            old = dates[0].written_date
            assert old is not None
            if old.day is None or old.day_end is not None:
                continue
            new = WrittenDate(
                month=old.month % 12 + 1,
                year=old.year + 1 if old.year is not None else None,
                day=old.day % 27 + 1,
            )
            written = write_date(new, src, old)
            assert written is not None
            p = dates[0]
            query = by_lang[src][: p.start] + written + by_lang[src][p.end :]
            for tgt in LANGS:
                if tgt == src:
                    continue
                truth = _truth(by_lang[tgt], tgt, old, new)
                if truth is not None:
                    queries.append((query, src, tgt, truth))
    return units, queries


TABLE_HEADER = [
    "| direction | queries | with a match | chrF raw → substituted | exact | kept |",
    "|---|---:|---:|---|---:|---:|",
]


def rows() -> list[str]:
    """One table row per direction (:data:`TABLE_HEADER`): the measure described above."""
    from mkutano.tm import MemoryStore, suggest

    units, queries = cases()
    store = MemoryStore()
    store.create_memory("flores")
    store.import_units("flores", units, origin="benchmark")
    lines = []
    for src in LANGS:
        for tgt in LANGS:
            items = [(q, t) for q, s, g, t in queries if (s, g) == (src, tgt)]
            if not items:
                continue
            raw, sub, exact, kept, matched = [], [], 0, 0, 0
            for query, truth in items:
                found = suggest(
                    store, query, source_lang=src, target_lang=tgt, threshold=THRESHOLD, limit=1
                )
                if not found:
                    continue
                m = found[0]
                matched += 1
                raw.append(chrf(m.tm_target.plain, truth))
                sub.append(chrf(m.target.plain, truth))
                exact += m.target.plain == truth
                kept += any(s.status == "kept" for s in m.substitutions)
            lines.append(
                f"| {src}→{tgt} | {len(items)} | {matched} | {sum(raw) / len(raw):.2f} →"
                f" {sum(sub) / len(sub):.2f} | {exact} ({100 * exact / matched:.0f}%) | {kept} |"
            )
    return lines


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.tm_adaptation")
    ap.add_argument("--quick", action="store_true", help="same data (the run takes seconds)")
    args = ap.parse_args(argv)
    lines = rows()
    cmd = "python -m benchmarks.tm_adaptation" + (" --quick" if args.quick else "")
    text = "\n".join(
        [
            "## TM suggestion quality: dates with month names\n",
            f"Command: `{cmd}`. FLORES-200 devtest (en, it, sw), every sentence with one date",
            "written with a month name queried with that date changed (day, month, year), against",
            "a memory of all FLORES units; best match (threshold 60, here the sentence's own unit).",
            "chrF against the truth (the stored translation with its date's day, month name and",
            "year replaced in place), raw TM target → substituted target; `exact`: the substituted",
            "target is the truth character for character; `kept`: matches with a date left as in",
            "the memory (reported, with the `placeables` penalty).\n",
            *TABLE_HEADER,
            *lines,
            "",
        ]
    )
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "tm_adaptation.md").write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
