"""QA inputs: JSON lines, TMX, XLIFF and HTML documents (offsets into the file)."""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pytest

from mkutano.glossaries.qa import (
    QAInputError,
    check_target_text,
    pairs_from_tmx,
    pairs_from_xliff,
    read_document,
    read_pairs_jsonl,
    remap_findings,
)


def test_pairs_jsonl(tmp_path: Path) -> None:
    p = tmp_path / "pairs.jsonl"
    p.write_text(
        '{"id": 1, "source": "Roma", "target": "Roma"}\n\n{"target": "Lyon"}\n', encoding="utf-8"
    )
    pairs = read_pairs_jsonl(p)
    assert [(x.id, x.source, x.target) for x in pairs] == [
        ("1", "Roma", "Roma"),
        ("3", None, "Lyon"),
    ]


def test_bad_jsonl_line_names_file_and_line(tmp_path: Path) -> None:
    p = tmp_path / "pairs.jsonl"
    p.write_text(
        '{"id": 1, "source": "a", "target": "b"}\n{"id": 2, "source": "a"\n', encoding="utf-8"
    )
    with pytest.raises(QAInputError, match=r"pairs\.jsonl:2: not a JSON object"):
        read_pairs_jsonl(p)


def test_pairs_from_the_sample_tmx() -> None:
    path = files("mkutano.tm") / "data" / "g7-rome-lyon.tmx"
    pairs = pairs_from_tmx(str(path), "it", "sw")
    assert len(pairs) >= 40
    assert pairs[0].id
    assert pairs[0].source
    assert pairs[0].target


def test_html_findings_point_into_the_file(tmp_path: Path) -> None:
    page = (
        "<html><head><style>p {color: red}</style></head><body>"
        "<p>Mapambano dhidi ya <b>uhalifu</b> na ugaidihuleta pamoja huduma. Ugaidi &amp; uhalifu "
        "huleta hasara.</p><p>Kundi  la G7.</p></body></html>"
    )
    path = tmp_path / "report.sw.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert "color" not in doc.text
    assert "<b>" not in doc.text
    assert "&" in doc.text
    found = remap_findings(check_target_text(doc.text, target_lang="sw"), doc)
    glued = next(f for f in found if f.check == "glued-words")
    assert page[glued.span.start : glued.span.end] == "ugaidihuleta"
    space = next(f for f in found if f.check == "double-space")
    assert page[space.span.start : space.span.end] == "  "


def test_undecodable_document(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"\xff\x00\xc3(")
    with pytest.raises(QAInputError):
        read_document(path)


@pytest.mark.parametrize("version", ["1.2", "2.1"])
def test_pairs_from_xliff_keep_languages_and_tags(tmp_path: Path, version: str) -> None:
    from mkutano.tmx import Segment, Tag
    from mkutano.tmx.xliff import XLIFFDocument, XLIFFFile, XLIFFUnit, write_xliff

    ph = Tag("ph", "empty", (("id", "1"),), "&lt;br/&gt;")
    doc = XLIFFDocument(
        version,
        [
            XLIFFFile(
                "report.txt",
                "it",
                "sw",
                [
                    XLIFFUnit("u1", Segment(("Roma", ph, "e Lione")), Segment(("Roma na Lyon",))),
                    XLIFFUnit("u2", Segment.from_text("Non tradotto")),
                ],
            )
        ],
    )
    path = tmp_path / f"job-{version}.xlf"
    write_xliff(doc, path)
    pairs, src, tgt = pairs_from_xliff(path)
    assert (src, tgt) == ("it", "sw")
    assert [p.id for p in pairs] == ["u1"]  # a unit without target is not checked
    assert pairs[0].source_tags
    assert not pairs[0].target_tags
