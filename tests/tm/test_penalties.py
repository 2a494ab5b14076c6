"""Penalties by memory and origin: aligned by confidence, machine translation, unreviewed,
imported, and per memory, shown as named penalties."""

from __future__ import annotations

import pytest

from mkutano.tm import InvalidInputError, MemoryStore, Store, suggest
from mkutano.tm.align import align, beads_to_units
from mkutano.tm.penalties import DEFAULT_POLICY, PenaltyPolicy, parse_memory_penalties
from mkutano.tmx import Prop, Segment, Unit, Variant


def _unit(it: str, sw: str, *props: tuple[str, str], **attrs: str) -> Unit:
    return Unit(
        [Variant("it", Segment.from_text(it)), Variant("sw", Segment.from_text(sw))],
        attrs=dict(attrs),
        props=[Prop(k, v) for k, v in props],
    )


def _best(
    store: Store, text: str, policy: PenaltyPolicy = DEFAULT_POLICY
) -> tuple[float, list[str]]:
    [m, *_] = suggest(store, text, source_lang="it", target_lang="sw", penalties=policy)
    return m.score, [p.name for p in m.penalties]


def test_aligned_units_lose_points_by_their_confidence(flores: dict[str, list[str]]) -> None:
    al = align([("it", flores["it"][400:404]), ("sw", flores["sw"][400:404])])
    store = MemoryStore()
    store.create_memory("aligned")
    store.import_units("aligned", beads_to_units(al), origin="alignment:flores")
    for bead, text in zip(al.beads, flores["it"][400:404], strict=True):
        [m] = suggest(store, text, source_lang="it", target_lang="sw")
        [p] = [p for p in m.penalties if p.name == "aligned"]
        assert p.points == pytest.approx(round(10 * (1 - round(bead.confidence, 3)), 2))
        assert m.score == round(100 - p.points, 2)
        assert m.type == "exact"
    off = PenaltyPolicy(aligned=0)
    assert _best(store, flores["it"][400], off) == (100.0, [])


def test_machine_translation_unreviewed_and_memory_penalties(flores: dict[str, list[str]]) -> None:
    it, sw = flores["it"][10:14], flores["sw"][10:14]
    store = MemoryStore()
    store.create_memory("main")
    store.create_memory("legacy")
    store.import_units(
        "main",
        [
            _unit(it[0], sw[0]),
            _unit(it[1], sw[1], ("x-origin", "mt:deepl")),
            _unit(it[2], sw[2], ("x-needs-review", "yes")),
        ],
        origin="api",
    )
    store.import_units("legacy", [_unit(it[3], sw[3], creationid="MT!")], origin="import:old.tmx")
    assert _best(store, it[0]) == (100.0, [])
    assert _best(store, it[1]) == (90.0, ["machine-translation"])
    assert _best(store, it[2]) == (95.0, ["unreviewed"])
    policy = PenaltyPolicy(memory={"legacy": 7}, imported=2)
    assert _best(store, it[3], policy) == (81.0, ["memory", "machine-translation", "imported"])
    assert _best(store, it[0], policy) == (100.0, [])


def test_a_penalised_unit_ranks_below_a_clean_one(flores: dict[str, list[str]]) -> None:
    store = MemoryStore()
    store.create_memory("m")
    text = flores["it"][20]
    store.import_units(
        "m",
        [_unit(text, flores["sw"][20], ("x-mt", "yes")), _unit(text, flores["sw"][20] + " ")],
        origin="t",
    )
    matches = suggest(store, text, source_lang="it", target_lang="sw")
    assert [m.score for m in matches] == [100.0, 90.0]


def test_memory_penalties_are_read_from_text() -> None:
    assert parse_memory_penalties("legacy=10, mt-output=20.5") == {
        "legacy": 10.0,
        "mt-output": 20.5,
    }
    assert parse_memory_penalties("") == {}
    for bad in ("legacy", "legacy=ten", "=5", "legacy=200"):
        with pytest.raises(InvalidInputError):
            parse_memory_penalties(bad)
