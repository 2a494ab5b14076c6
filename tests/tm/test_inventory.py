"""Languages held and the content fingerprint of a memory, on every store backend."""

from __future__ import annotations

import pytest

from mkutano.tm import MemoryNotFound, Store, memory_fingerprint, memory_languages
from mkutano.tmx import Header, Prop, Segment, Unit, Variant


def unit(*pairs: tuple[str, str], **kw: object) -> Unit:
    return Unit([Variant(lang, Segment.from_text(text)) for lang, text in pairs], **kw)  # type: ignore[arg-type]


IT_SW = unit(("it", "Il Gruppo si è riunito."), ("sw", "Kundi lilikutana."))
EN_PT = unit(("en", "The Group met."), ("pt-BR", "O Grupo se reuniu."))


def test_languages_are_listed_per_memory(store: Store) -> None:
    store.create_memory("a")
    store.create_memory("b")
    store.create_memory("empty")
    store.add_unit("a", IT_SW)
    store.add_unit("b", EN_PT)
    store.add_unit("b", unit(("en", "Rome."), ("it", "Roma.")))
    assert memory_languages(store) == {"a": ["it", "sw"], "b": ["en", "it", "pt-BR"], "empty": []}
    assert memory_languages(store, ["a"]) == {"a": ["it", "sw"]}


def test_languages_of_a_missing_memory_is_not_found(store: Store) -> None:
    with pytest.raises(MemoryNotFound):
        memory_languages(store, ["nope"])


def test_fingerprint_is_stable_while_nothing_changes(store: Store) -> None:
    store.create_memory("a")
    store.add_unit("a", IT_SW)
    assert memory_fingerprint(store, "a") == memory_fingerprint(store, "a")


def test_fingerprint_changes_with_every_kind_of_write(store: Store) -> None:
    store.create_memory("a")
    store.create_memory("b")
    seen = {memory_fingerprint(store, "a")}

    def changed() -> None:
        now = memory_fingerprint(store, "a")
        assert now not in seen
        seen.add(now)

    stored = store.add_unit("a", IT_SW)
    changed()
    other = store.add_unit("a", EN_PT)
    changed()
    store.update_unit(stored.id, unit(("it", "Il Gruppo."), ("sw", "Kundi.")))
    changed()
    # a duplicate merged into the stored unit: same content, new metadata
    store.add_unit(
        "a",
        unit(
            ("en", "The Group met."),
            ("pt-BR", "O Grupo se reuniu."),
            props=[Prop("x-project", "g7")],
        ),
    )
    changed()
    store.delete_unit(other.id)
    changed()
    store.add_header(
        "a", Header(attrs={"srclang": "it", "creationtool": "OmegaT"}), origin="import:p.tmx"
    )
    changed()
    before = memory_fingerprint(store, "a")
    store.add_unit("b", IT_SW)  # another memory's writes leave this one's tag alone
    assert memory_fingerprint(store, "a") == before


def test_fingerprint_of_a_missing_memory_is_not_found(store: Store) -> None:
    with pytest.raises(MemoryNotFound):
        memory_fingerprint(store, "nope")
