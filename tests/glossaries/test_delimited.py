"""CSV/TSV with a language header, OmegaT glossaries, encoding sniffing, round trips."""

from __future__ import annotations

import codecs
import io
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mkutano.glossaries import (
    Concept,
    GlossaryFormatError,
    Term,
    TermStatus,
    read_delimited,
    read_glossary,
    write_delimited,
    write_omegat,
)
from mkutano.glossaries.delimited import decode_text


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    p = tmp_path / name
    p.write_bytes(data)
    return p


def test_csv_with_language_header_and_note(tmp_path: Path) -> None:
    p = _write(
        tmp_path,
        "g.csv",
        "it,en,sw,note\n"
        'criminalità organizzata,organised crime,uhalifu uliopangwa,"core, term"\n'
        "terrorismo,terrorism,ugaidi,\n".encode(),
    )
    g = read_glossary(p)
    assert g.format == "csv"
    assert not g.diagnostics
    first, second = g.concepts
    assert [(t.lang, t.text) for t in first.terms] == [
        ("it", "criminalità organizzata"),
        ("en", "organised crime"),
        ("sw", "uhalifu uliopangwa"),
    ]
    assert first.note == "core, term"
    assert first.id == "criminalità-organizzata"
    assert second.id == "terrorismo"


def test_semicolon_csv_and_status_column(tmp_path: Path) -> None:
    p = _write(
        tmp_path, "g.csv", b"en;sw;status\nmigrant;mhamiaji;preferred\nalien;mgeni;forbidden\n"
    )
    g = read_glossary(p)
    assert [c.terms[0].status for c in g.concepts] == [TermStatus.PREFERRED, TermStatus.FORBIDDEN]


def test_tsv_with_region_tags(tmp_path: Path) -> None:
    p = _write(tmp_path, "g.tsv", b"en-GB\tsw-KE\norganised crime\tuhalifu uliopangwa\n")
    [c] = read_glossary(p).concepts
    assert [t.lang for t in c.terms] == ["en-GB", "sw-KE"]


def test_headerless_file_needs_languages(tmp_path: Path) -> None:
    p = _write(tmp_path, "glossary.txt", b"dialog\tfinestra di dialogo\n")
    g = read_glossary(p)
    assert g.rejected
    assert "--source-lang" in g.diagnostics[0].message
    g = read_glossary(p, source_lang="en", target_lang="it")
    assert g.format == "omegat"
    assert [(t.lang, t.text) for t in g.concepts[0].terms] == [
        ("en", "dialog"),
        ("it", "finestra di dialogo"),
    ]


@pytest.mark.parametrize(
    ("encoded", "codec"),
    [
        (codecs.BOM_UTF8 + b"en\tsw\nnetwork\tmtandao\n", "utf-8"),
        (codecs.BOM_UTF16_LE + "en\tsw\nnetwork\tmtandao\n".encode("utf-16-le"), "utf-16-le"),
        (codecs.BOM_UTF16_BE + "en\tsw\nnetwork\tmtandao\n".encode("utf-16-be"), "utf-16-be"),
        ("en\tsw\nnetwork\tmtandao\n".encode("utf-16-le"), "utf-16-le"),
        ("# x -*- coding: latin-1 -*-\nen\tit\ncittà\tcittà\n".encode("latin-1"), "latin-1"),
    ],
)
def test_encodings_are_sniffed(encoded: bytes, codec: str) -> None:
    text, used, diags = decode_text(encoded, "f")
    assert used == codec
    assert not diags
    assert "\t" in text


def test_utf16_bom_is_detected(tmp_path: Path) -> None:
    data = codecs.BOM_UTF16_LE + "UTF\tUnicode Transformation Format\n".encode("utf-16-le")
    g = read_delimited(_write(tmp_path, "x.txt", data), source_lang="en", target_lang="it")
    assert g.concepts[0].terms[1].text == "Unicode Transformation Format"


def test_not_utf8_falls_back_with_a_warning(tmp_path: Path) -> None:
    p = _write(tmp_path, "g.csv", "en,it\ncity,città\n".encode("cp1252"))
    g = read_glossary(p)
    assert g.concepts[0].terms[1].text == "città"
    assert g.diagnostics[0].severity == "warning"
    assert "windows-1252" in g.diagnostics[0].message


def test_row_problems_are_line_numbered(tmp_path: Path) -> None:
    p = _write(tmp_path, "g.tsv", b"en\tit\n\nalone\t\n\t\nok\tbene\textra\n")
    g = read_glossary(p)
    assert [c.terms[0].text for c in g.concepts] == ["alone", "ok"]
    assert [(d.line, d.severity) for d in g.diagnostics] == [(3, "warning"), (5, "warning")]


def test_missing_file_raises(tmp_path: Path) -> None:
    with pytest.raises(GlossaryFormatError):
        read_delimited(tmp_path / "nope.csv")


def test_omegat_writer_uses_usable_source_terms() -> None:
    c = Concept(
        "c",
        [
            Term("terrorist", "en", TermStatus.PREFERRED),
            Term("terrorist element", "en", TermStatus.FORBIDDEN),
            Term("gaidi", "sw", TermStatus.PREFERRED),
        ],
        note="pl. magaidi",
    )
    out = io.StringIO()
    assert write_omegat([c], out, source_lang="en", target_lang="sw") == 1
    assert out.getvalue().splitlines()[1] == "terrorist\tgaidi\tpl. magaidi"


_cell = (
    st.text(
        st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp", "Co", "Cn")),
        min_size=1,
        max_size=15,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(lambda s: bool(s) and not s.startswith("#"))
)


@settings(max_examples=80, deadline=None)
@given(
    rows=st.lists(st.tuples(_cell, _cell, _cell, st.just("") | _cell), min_size=1, max_size=6),
    delimiter=st.sampled_from([",", "\t"]),
)
def test_csv_round_trip(rows: list[tuple[str, str, str, str]], delimiter: str) -> None:
    concepts = [
        Concept(f"c{i}", [Term(a, "it"), Term(b, "en"), Term(c, "sw")], note=note)
        for i, (a, b, c, note) in enumerate(rows)
    ]
    buf = io.StringIO()
    write_delimited(concepts, buf, delimiter=delimiter)
    back = read_delimited(io.BytesIO(buf.getvalue().encode("utf-8")), name="rt")
    assert [[(t.lang, t.text) for t in c.terms] for c in back.concepts] == [
        [(t.lang, t.text) for t in c.terms] for c in concepts
    ]
    assert [c.note for c in back.concepts] == [c.note for c in concepts]
    assert len({c.id for c in back.concepts}) == len(concepts)
