"""The lemmatiser's dictionaries: loaded once per process, by one thread."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import simplemma

from glossaries import inflection


def test_concurrent_first_uses_load_a_dictionary_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """16 threads asking for Italian lemmas at once: simplemma is asked to load it once."""
    monkeypatch.setattr(inflection, "_loaded", set())
    calls: list[str] = []
    real = simplemma.lemmatize

    def counting(word: str, lang: Any) -> Any:
        calls.append(word)
        return real(word, lang=lang)

    monkeypatch.setattr(inflection.simplemma, "lemmatize", counting)
    start = threading.Barrier(16)

    def first_use() -> None:
        start.wait()
        inflection.load_lemmas("it")

    threads = [threading.Thread(target=first_use) for _ in range(16)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert calls == ["a"]
    assert "it" in inflection._loaded


def test_a_language_without_a_dictionary_is_loaded_as_nothing() -> None:
    inflection.load_lemmas("xx")
    assert "xx" in inflection._loaded
    assert inflection.lemma("parola", "xx") == "parola"
    assert inflection.lemma("organizzazioni", "it") == "organizzazione"
