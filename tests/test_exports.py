"""Each package re-exports its public surface with a sorted ``__all__`` whose names exist."""

from __future__ import annotations

import importlib

import pytest


@pytest.mark.parametrize("name", ["tmx", "tm", "glossaries"])
def test_all_is_sorted_and_resolvable(name: str) -> None:
    module = importlib.import_module(f"mkutano.{name}")
    exported = list(module.__all__)
    assert exported == sorted(exported)
    missing = [n for n in exported if not hasattr(module, n)]
    assert not missing
