"""Bilingual dictionaries (dictd/FreeDict) read, and turned into alignment anchors."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest

from mkutano.glossaries.dictionary import (
    DICTD_DIR,
    Dictionary,
    dictionary_anchors,
    find_dictionaries,
    read_dictd,
)

_B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"


def _b64(n: int) -> str:
    out = ""
    while True:
        out = _B64[n % 64] + out
        n //= 64
        if not n:
            return out


def _dictd(tmp_path: Path, name: str, entries: list[tuple[str, str, str]]) -> Path:
    """Write a dictd pair as dictfmt does: the definitions, and an index of offsets."""
    data = b""
    index = []
    for head, first_line, body in entries:
        text = f"{first_line}\n{body}\n".encode()
        index.append(f"{head}\t{_b64(len(data))}\t{_b64(len(text))}")
        data += text
    (tmp_path / f"{name}.dict.dz").write_bytes(gzip.compress(data))
    path = tmp_path / f"{name}.index"
    path.write_text("\n".join(index) + "\n", encoding="utf-8")
    return path


def test_dictd_entries_keep_meanings_and_plural_forms_not_notes(tmp_path: Path) -> None:
    index = _dictd(
        tmp_path,
        "freedict-swh-eng",
        [
            ("mwezi", "mwezi /mwˈezi/ <n> (pl: {miezi})", "1.\nmoon\n2.\nmonth"),
            ("mbwa", "mbwa /mbˈwa/ <n> [sg=pl]", "dog (see: {kelb})"),
        ],
    )
    d = read_dictd(index, "sw", "en")
    assert d.entries == {"mwezi": {"moon", "month"}, "miezi": {"moon", "month"}, "mbwa": {"dog"}}
    assert [x.source for x in find_dictionaries(tmp_path)] == ["sw"]


def test_anchors_meet_in_english_across_inflections() -> None:
    sw = Dictionary("sw", "en", {"mwezi": {"moon", "month"}, "hudhuria": {"attend"}})
    it = Dictionary("it", "en", {"mese": {"month"}, "delegato": {"delegate"}})
    en_sw = Dictionary("en", "sw", {"delegate": {"mjumbe"}})
    anchors = dictionary_anchors([sw, it, en_sw])
    assert anchors("Wajumbe walihudhuria mwezi huu.", "sw") == ["attend", "month", "moon"]
    assert anchors("I delegati, questo mese.", "it") == ["delegate", "month"]
    assert anchors("The delegates met this month.", "en") == ["month"]
    assert anchors("Wajumbe walihudhuria.", "fr") == []


@pytest.mark.skipif(
    not (DICTD_DIR / "freedict-swh-eng.index").exists(),
    reason="FreeDict Swahili-English not installed (Debian: dict-freedict-swh-eng; .ci/run)",
)
def test_installed_freedict_links_swahili_and_italian_through_english() -> None:
    anchors = dictionary_anchors(find_dictionaries())
    assert "month" in anchors("Mkutano ulifanyika mwezi Machi.", "sw")
    assert "month" in anchors("La riunione si è svolta il mese scorso.", "it")
