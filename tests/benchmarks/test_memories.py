"""The benchmark memories' generators are deterministic and make the edits they promise; the
quality benchmark's hold-out split is disjoint."""

from __future__ import annotations

import random

from benchmarks import memories
from benchmarks.peers import agreement
from benchmarks.tm_quality import holdout

BASES = [
    (f"In {2000 + i} the district reported {i + 3} new cases of cholera in its clinics", "it",
     f"Nel {2000 + i} il distretto ha segnalato {i + 3} nuovi casi", None)
    for i in range(40)
]  # fmt: skip


def test_recurring_reports_are_the_same_on_every_call() -> None:
    first_units, first_queries, n1 = memories.recurring_reports(BASES, 500, 20)
    again_units, again_queries, n2 = memories.recurring_reports(BASES, 500, 20)
    assert list(first_units) == list(again_units)
    assert first_queries == again_queries
    assert n1 == n2


def test_recurring_reports_hold_the_requested_units_without_duplicates() -> None:
    units, _, n_bases = memories.recurring_reports(BASES, 500, 5)
    got = list(units)
    assert len(got) == len(set(got)) == 500
    assert n_bases <= len(BASES)


def test_a_report_variant_replaces_one_to_four_words_and_changes_the_number() -> None:
    vocab = ["alpha", "beta", "gamma"]
    base = BASES[0]
    assert memories.report_variant(base, 0, 0, vocab) == base
    for k in range(1, 60):
        en, _, tgt, _ = memories.report_variant(base, 0, k, vocab)
        old, new = base[0].split(), en.split()
        assert len(new) == len(old)
        changed = sum(a != b for a, b in zip(old, new, strict=True))
        assert 1 <= changed <= 5  # up to four words, and the year
        # the year changed, in both languages (unless a replaced word landed on it)
        assert new[1] in vocab or (new[1] != "2000" and tgt.split()[1] == new[1])


def test_variants_per_base_stay_in_tens_to_hundreds() -> None:
    counts = [memories.variants_per_base(b) for b in range(500)]
    assert min(counts) >= memories.MIN_VARIANTS
    assert max(counts) <= memories.MAX_VARIANTS
    assert counts == [memories.variants_per_base(b) for b in range(500)]


def test_a_short_edit_changes_the_string_deterministically() -> None:
    vocab = ["file", "open"]
    for text in ("&Save As...", "${changedID}", "Delete 3 units", "Close"):
        edits = [memories.short_edit(text, random.Random(i), vocab) for i in range(30)]
        assert edits == [memories.short_edit(text, random.Random(i), vocab) for i in range(30)]
        assert any(e != text for e in edits)


def test_holdout_is_disjoint_deterministic_and_a_tenth() -> None:
    flags = holdout(1234)
    assert flags == holdout(1234)
    assert sum(flags) == 124  # ceil(10% of 1234)
    kept = {i for i, h in enumerate(flags) if not h}
    held = {i for i, h in enumerate(flags) if h}
    assert not kept & held
    assert len(kept | held) == 1234
    assert held != set(range(124))  # spread over the file, not its first tenth


def test_agreement_counts_ties_as_agreement() -> None:
    queries = [("open file", "it", "", None), ("close", "it", "", None)]
    scan = [[(100.0, "open file", "a"), (80.0, "open files", "b")], []]
    ours = [[(100.0, "open file", "a")], [(90.0, "closed", "c")]]
    got = agreement(queries, ours, scan)
    assert got["scan_answers"] == 1
    assert got["ours_only"] == 1
    assert got["best_equals_best"] == 1.0
    assert got["recall_at_5"] == 0.5  # one of the scan's two
