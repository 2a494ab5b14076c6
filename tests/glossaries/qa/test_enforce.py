"""Enforcement: error-level findings refuse a unit unless an override reason is given."""

from __future__ import annotations

import pytest

from mkutano.glossaries.qa import QARefused, TermIndex, add_unit_checked, update_unit_checked
from mkutano.tm import open_store
from mkutano.tmx import Segment, Unit, Variant


def _unit(it: str, sw: str) -> Unit:
    return Unit([Variant("it", Segment.from_text(it)), Variant("sw", Segment.from_text(sw))])


BAD = _unit("La lotta contro la criminalità informatica.", "Mapambano dhidi ya it-brottslighet.")
GOOD = _unit(
    "La lotta contro la criminalità informatica.", "Mapambano dhidi ya uhalifu wa mtandaoni."
)


@pytest.fixture
def store():  # type: ignore[no-untyped-def]
    s = open_store("memory:")
    s.create_memory("g7")
    return s


def test_unit_with_errors_is_refused_and_not_stored(store, g7: TermIndex) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(QARefused) as err:
        add_unit_checked(store, "g7", BAD, glossary=g7)
    assert any(f.check == "term-forbidden" for f in err.value.findings)
    assert "override reason" in str(err.value)
    assert store.count_units("g7") == 0


def test_override_reason_is_recorded_on_the_unit(store, g7: TermIndex) -> None:  # type: ignore[no-untyped-def]
    checked = add_unit_checked(
        store, "g7", BAD, glossary=g7, override_reason="quoting the source document"
    )
    assert checked.overridden
    assert store.get_unit(checked.stored.id).override_reason == "quoting the source document"


def test_clean_unit_is_stored_without_reason(store, g7: TermIndex) -> None:  # type: ignore[no-untyped-def]
    checked = add_unit_checked(store, "g7", GOOD, glossary=g7, override_reason="not needed")
    assert store.get_unit(checked.stored.id).override_reason is None


def test_warnings_do_not_block(store, g7: TermIndex) -> None:  # type: ignore[no-untyped-def]
    unit = _unit("Le criptovalute.", "Sarafu za siri.")  # deprecated term: a warning
    checked = add_unit_checked(store, "g7", unit, glossary=g7)
    assert any(f.check == "term-deprecated" for f in checked.findings)
    assert not checked.overridden


def test_update_is_checked_too(store, g7: TermIndex) -> None:  # type: ignore[no-untyped-def]
    stored = add_unit_checked(store, "g7", GOOD, glossary=g7).stored
    with pytest.raises(QARefused):
        update_unit_checked(store, stored.id, BAD, glossary=g7)
    assert store.get_unit(stored.id).unit.variants[1].text == GOOD.variants[1].text
    updated = update_unit_checked(store, stored.id, BAD, glossary=g7, override_reason="client term")
    assert store.get_unit(updated.stored.id).override_reason == "client term"
