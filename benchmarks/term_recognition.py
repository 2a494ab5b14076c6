"""Term recognition at scale: a 100k-term glossary over a 10k-segment document, per language.

Glossary: 100,000 distinct terms of 1-3 words (English and Swahili, separately) drawn
deterministically (seeded sample) from the word n-grams of the MAFAND-MT en-sw training text in
``../shared/corpus``; each term is a concept of its own, with every tenth term an all-capitals
acronym form so the case-sensitive path is exercised too. Document: 10,000 segments (lines of the
same corpus' training text, after the first 5,000). Measured: building the recogniser (term
expansion and the automaton), recognising every segment (segments/s and hits),
and the process' peak resident memory.

Run: ``python -m benchmarks.term_recognition`` (``--quick``: 10k terms, 1k segments).
"""

from __future__ import annotations

import argparse
import random
import resource
import sys
import time
from pathlib import Path

from mkutano.glossaries import Concept, Term, TermRecognizer
from mkutano.glossaries.inflection import lemma
from mkutano.glossaries.recognize import words

ROOT = Path(__file__).resolve().parent.parent
MAFAND = ROOT.parent / "shared" / "corpus" / "parallel" / "en-sw" / "mafand_lafand-mt"
FILES = {"en": "train.en", "sw": "train.swa"}
RESULTS = ROOT / "benchmarks" / "results" / "term_recognition.md"
TIME_BUDGET_S = 600.0  # per language, for the recognition loop


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _current_rss_mib() -> float:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def make_glossary(lines: list[str], lang: str, n_terms: int, seed: int = 7) -> list[Concept]:
    """``n_terms`` distinct 1-3-word terms from ``lines``, deterministic for a seed."""
    grams: set[tuple[str, ...]] = set()
    for line in lines:
        ws = [w.casefold() for _, _, w in words(line) if not w.isdigit()]
        for n in (1, 2, 3):
            for i in range(len(ws) - n + 1):
                grams.add(tuple(ws[i : i + n]))
    ordered = sorted(grams)
    rng = random.Random(seed)
    picked = rng.sample(ordered, min(n_terms, len(ordered)))
    concepts = []
    for i, g in enumerate(picked):
        text = " ".join(g)
        if i % 10 == 0 and len(g) == 1 and len(text) <= 6:
            text = text.upper()  # an acronym-shaped term: matched case-sensitively
        concepts.append(Concept(f"t{i}", [Term(text, lang)]))
    return concepts


def run(lang: str, n_terms: int, n_segments: int) -> dict[str, float | int | str]:
    lines = [ln.strip() for ln in (MAFAND / FILES[lang]).read_text(encoding="utf-8").splitlines()]
    lines = [ln for ln in lines if ln]
    glossary_source = lines  # real words of the corpus
    document = lines[5000 : 5000 + n_segments]
    t0 = time.perf_counter()
    concepts = make_glossary(glossary_source, lang, n_terms)
    t_make = time.perf_counter() - t0
    t0 = time.perf_counter()
    lemma("test", lang)  # load the simplemma dictionary first: measured apart from the index
    t_dict = time.perf_counter() - t0
    rss_dict = _current_rss_mib()
    rss_before = rss_dict
    t0 = time.perf_counter()
    rec = TermRecognizer.from_concepts(concepts)
    rec.prepare([lang])
    t_build = time.perf_counter() - t0
    rss_after = _current_rss_mib()
    hits = 0
    kinds: dict[str, int] = {}
    done = 0
    t0 = time.perf_counter()
    for seg in document:
        for h in rec.find(seg, lang):
            hits += 1
            kinds[h.match] = kinds.get(h.match, 0) + 1
        done += 1
        if time.perf_counter() - t0 > TIME_BUDGET_S:
            break
    t_find = time.perf_counter() - t0
    return {
        "lang": lang,
        "terms": len(concepts),
        "segments": done,
        "words": sum(len(words(s)) for s in document[:done]),
        "make_s": t_make,
        "dict_s": t_dict,
        "dict_mib": rss_dict,
        "build_s": t_build,
        "index_mib": rss_after - rss_before,
        "find_s": t_find,
        "seg_per_s": done / t_find if t_find else 0.0,
        "hits": hits,
        "kinds": ", ".join(f"{k} {v}" for k, v in sorted(kinds.items())),
    }


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--quick", action="store_true", help="10k terms, 1k segments")
    args = ap.parse_args(argv)
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    if not MAFAND.is_dir():
        print(f"corpus not found at {MAFAND}; skipping", file=sys.stderr)
        RESULTS.write_text(
            "## Term recognition\n\nSkipped: the MAFAND-MT corpus was not found.\n",
            encoding="utf-8",
        )
        return 0
    n_terms, n_segments = (10_000, 1_000) if args.quick else (100_000, 10_000)
    rows = [run(lang, n_terms, n_segments) for lang in FILES]
    cmd = "python -m benchmarks.term_recognition" + (" --quick" if args.quick else "")
    out = [
        "## Term recognition",
        "",
        f"Command: `{cmd}`. A {n_terms:,}-term glossary (1-3-word n-grams of the MAFAND-MT en-sw",
        "training text, seeded sample, one concept per term, every tenth one-word term upper-cased",
        f"as an acronym) recognised in {n_segments:,} segments of the same corpus, one language at a",
        "time. *dictionary* = loading simplemma's dictionary for the language (once per process;",
        "RSS = the process after loading it); *build* = term expansion (inflected forms), lemmas and",
        "the pyahocorasick automaton; *index* = resident memory the recogniser added. Shared",
        "2-core machine (other work was running): times are indicative.",
        "",
        "| lang | terms | segments | words | dictionary (s / RSS MiB) | build (s) | index (MiB)"
        " | recognise (s) | segments/s | hits | by match |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in rows:
        out.append(
            f"| {r['lang']} | {r['terms']:,} | {r['segments']:,} | {r['words']:,} |"
            f" {r['dict_s']:.1f} / {r['dict_mib']:.0f} | {r['build_s']:.1f} | {r['index_mib']:.0f} | {r['find_s']:.1f} |"
            f" {r['seg_per_s']:,.0f} | {r['hits']:,} | {r['kinds']} |"
        )
    out += ["", f"Peak resident memory of the benchmark process: {_rss_mib():,.0f} MiB.", ""]
    text = "\n".join(out)
    print(text)
    RESULTS.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
