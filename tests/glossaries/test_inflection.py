"""The lemmatiser's dictionaries: loaded once per process, by one thread."""

from __future__ import annotations

import re
import threading
from pathlib import Path
from typing import Any

import pytest
import simplemma
from simplemma.strategies.dictionaries.trie_dictionary_factory import TrieDictionaryFactory

from mkutano.glossaries import inflection


def test_concurrent_first_uses_load_a_dictionary_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """16 threads asking for Italian lemmas at once: simplemma is asked to load it once."""
    monkeypatch.setattr(inflection, "_loaded", set())
    calls: list[str] = []
    real = inflection._LEMMATIZER.lemmatize

    class Counting:
        def lemmatize(self, word: str, lang: Any) -> Any:
            calls.append(word)
            return real(word, lang=lang)

    monkeypatch.setattr(inflection, "_LEMMATIZER", Counting())
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


FLORES = {"it": "ita_Latn.devtest", "en": "eng_Latn.devtest", "sw": "swh_Latn.devtest"}


@pytest.mark.parametrize("lang", ["it", "en", "sw"])
def test_the_trie_dictionaries_give_simplemma_s_own_lemmas(corpus: Path, lang: str) -> None:
    """The tries (loaded in milliseconds) hold what simplemma's pickles hold: on the words of
    200 real FLORES sentences, every lemma and every known/unknown answer is simplemma's."""
    path = corpus / "parallel" / "trilingual" / "flores200_devtest" / FLORES[lang]
    if not path.exists():
        pytest.skip(f"{path} not found")
    assert isinstance(inflection.DICTIONARIES, TrieDictionaryFactory)
    lines = path.read_text(encoding="utf-8").splitlines()[:200]
    words = sorted({w.casefold() for line in lines for w in re.findall(r"\w+", line)})
    assert len(words) > 1000
    assert [inflection.lemma(w, lang) for w in words] == [
        simplemma.lemmatize(w, lang=lang) for w in words
    ]
    assert [inflection.is_known(w, lang) for w in words] == [
        simplemma.is_known(w, lang=lang) for w in words
    ]
    folder = inflection.lemma_cache_dir()
    assert folder is not None
    assert (folder / f"{lang}.dic").is_file()


def test_the_lemma_cache_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MKUTANO_LEMMA_CACHE", "off")
    assert inflection.lemma_cache_dir() is None
    assert not isinstance(inflection._factory(), TrieDictionaryFactory)
    monkeypatch.setenv("MKUTANO_LEMMA_CACHE", "/var/cache/mkutano-lemmas")
    assert inflection.lemma_cache_dir() == Path("/var/cache/mkutano-lemmas")


def test_an_unwritable_cache_keeps_the_trie_in_memory(tmp_path: Path) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    factory = inflection._TrieFactory(disk_cache_dir=str(blocked / "tries"))
    words = factory.get_dictionary("en")
    assert words.get("countries") == "country"
    assert not (blocked / "tries").exists()
