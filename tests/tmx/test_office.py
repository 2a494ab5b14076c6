"""DOCX and ODT: extraction, write-back byte for byte, translation round trip through LibreOffice."""

from __future__ import annotations

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from lxml import etree

from mkutano.tmx import Segment
from mkutano.tmx.office import OfficeFormatError, read_office_document, write_office_document
from mkutano.tmx.package import PackageError, read_package
from mkutano.tmx.xmlsafe import safe_fromstring

docx = pytest.importorskip("docx")
odf_opendocument = pytest.importorskip("odf.opendocument")


def _mark(seg: Segment) -> Segment:
    """The marker translation: every text run upper-cased and prefixed, tags where they were."""
    return Segment(
        tuple("[sw]" + p.upper() if isinstance(p, str) and p.strip() else p for p in seg.parts)
    )


def _marked_text(text: str) -> str:
    return text.upper()


def _make_docx(path: Path, seed: str) -> None:
    d = docx.Document()
    d.add_heading("Rapporto del Gruppo Roma/Lione", level=1)
    p = d.add_paragraph("Il Dott. Rossi ha aperto la riunione. ")
    bold = p.add_run("I delegati erano 45.")
    bold.bold = True
    p.add_run(" La prossima riunione sarà a ")
    italic = p.add_run("Lione")
    italic.italic = True
    p.add_run(".")
    d.add_paragraph(seed)
    table = d.add_table(rows=2, cols=2)
    table.cell(0, 0).text = "Paese"
    table.cell(0, 1).text = "Delegati"
    table.cell(1, 0).text = "Italia"
    table.cell(1, 1).text = "12"
    d.sections[0].header.paragraphs[0].text = "Riservato."
    d.sections[0].footer.paragraphs[0].text = "Pagina di prova."
    d.save(str(path))


def _make_odt(path: Path) -> None:
    from odf import style, text
    from odf.opendocument import OpenDocumentText

    doc = OpenDocumentText()
    bold = style.Style(name="Bold", family="text")
    bold.addElement(style.TextProperties(fontweight="bold"))
    doc.automaticstyles.addElement(bold)
    layout = style.PageLayout(name="PL")
    doc.automaticstyles.addElement(layout)
    master = style.MasterPage(name="Standard", pagelayoutname=layout)
    header = style.Header()
    header.addElement(text.P(text="Riservato."))
    master.addElement(header)
    doc.masterstyles.addElement(master)
    doc.text.addElement(text.H(outlinelevel=1, text="Rapporto del Gruppo"))
    p = text.P(text="Il Dott. Rossi ha aperto la riunione. ")
    span = text.Span(stylename=bold, text="I delegati erano 45.")
    p.addElement(span)
    p.addText(" Fine")
    note = text.Note(id="ftn1", noteclass="footnote")
    note.addElement(text.NoteCitation(text="1"))
    body = text.NoteBody()
    body.addElement(text.P(text="Nota a piè di pagina."))
    note.addElement(body)
    p.addElement(note)
    p.addText(" della frase.")
    doc.text.addElement(p)
    doc.save(str(path))


def _members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {n: zf.read(n) for n in zf.namelist()}


def test_docx_body_table_header_footer_are_extracted_with_runs_as_tags(tmp_path: Path) -> None:
    src = tmp_path / "rapporto.docx"
    _make_docx(src, "Testo semplice.")
    doc = read_office_document(src, "it")
    texts = [s.with_placeholders() for s in doc.segments]
    assert texts == [
        "Rapporto del Gruppo Roma/Lione",
        "Il Dott. Rossi ha aperto la riunione.",
        "<1/>I delegati erano 45.<2/>",
        "La prossima riunione sarà a <1/>Lione<2/>.",
        "Testo semplice.",
        "Paese",
        "Delegati",
        "Italia",
        "12",
        "Pagina di prova.",
        "Riservato.",
    ]
    assert doc.format == "docx"


def test_untranslated_docx_is_written_back_byte_for_byte(tmp_path: Path) -> None:
    src = tmp_path / "a.docx"
    _make_docx(src, "Uno. Due.")
    out = tmp_path / "b.docx"
    write_office_document(read_office_document(src, "it"), out, target=False)
    assert _members(out) == _members(src)
    assert [i.filename for i in zipfile.ZipFile(out).infolist()] == zipfile.ZipFile(src).namelist()


def test_translated_docx_keeps_formatting_runs_and_untouched_parts(tmp_path: Path) -> None:
    src = tmp_path / "a.docx"
    _make_docx(src, "Uno. Due.")
    doc = read_office_document(src, "it")
    doc.translate(_mark)
    out = tmp_path / "t.docx"
    write_office_document(doc, out)
    before, after = _members(src), _members(out)
    changed = {n for n in before if before[n] != after[n]}
    assert changed == {"word/document.xml", "word/header1.xml", "word/footer1.xml"}
    d = docx.Document(str(out))
    runs = [(r.text, r.bold, r.italic) for r in d.paragraphs[1].runs]
    assert runs == [
        ("[sw]IL DOTT. ROSSI HA APERTO LA RIUNIONE. ", None, None),
        ("[sw]I DELEGATI ERANO 45.", True, None),
        (" [sw]LA PROSSIMA RIUNIONE SARÀ A ", None, None),
        ("[sw]LIONE", None, True),
        ("[sw].", None, None),
    ]
    assert d.tables[0].cell(1, 0).text == "[sw]ITALIA"
    assert d.sections[0].header.paragraphs[0].text == "[sw]RISERVATO."


def test_odt_paragraphs_spans_notes_and_master_page_header(tmp_path: Path) -> None:
    src = tmp_path / "rapporto.odt"
    _make_odt(src)
    doc = read_office_document(src, "it")
    assert doc.format == "odt"
    assert [s.with_placeholders() for s in doc.segments] == [
        "Rapporto del Gruppo",
        "Il Dott. Rossi ha aperto la riunione.",
        "<1>I delegati erano 45.</1>",
        "Fine",
        "Nota a piè di pagina.",
        "della frase.",
        "Riservato.",
    ]
    out = tmp_path / "same.odt"
    write_office_document(doc, out, target=False)
    assert _members(out) == _members(src)
    assert zipfile.ZipFile(out).infolist()[0].compress_type == zipfile.ZIP_STORED  # mimetype


def _zip(path: Path, members: dict[str, bytes], compression: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", compression) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def test_zip_bomb_is_refused_without_inflating_it_all(tmp_path: Path) -> None:
    bomb = _zip(tmp_path / "bomb.docx", {"word/document.xml": b"<a>" + b" " * 50_000_000})
    with pytest.raises(PackageError, match="zip bomb"):
        read_package(bomb)


def test_path_traversal_member_is_refused(tmp_path: Path) -> None:
    bad = _zip(tmp_path / "evil.docx", {"word/document.xml": b"<a/>", "../../etc/x": b"x"})
    with pytest.raises(PackageError, match="outside the package"):
        read_office_document(bad, "it")


def test_entities_inside_a_part_are_refused(tmp_path: Path) -> None:
    xml = (
        b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
        b'<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        b"<w:body><w:p><w:r><w:t>&e;</w:t></w:r></w:p></w:body></w:document>"
    )
    bad = _zip(tmp_path / "xxe.docx", {"word/document.xml": xml})
    with pytest.raises(OfficeFormatError, match="DTD"):
        read_office_document(bad, "it")


def test_a_zip_that_is_no_document_is_named(tmp_path: Path) -> None:
    other = _zip(tmp_path / "x.docx", {"readme.txt": b"hello"})
    with pytest.raises(OfficeFormatError, match="neither a DOCX nor an ODT"):
        read_office_document(other, "it")


def _libreoffice() -> str:
    exe = shutil.which("libreoffice") or shutil.which("soffice")
    if exe is None:
        pytest.skip("LibreOffice is not installed (Debian: libreoffice-writer-nogui; .ci/run)")
    return exe


def _convert(exe: str, path: Path, fmt: str, out_dir: Path) -> Path:
    profile = out_dir / "lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(out_dir),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    result = out_dir / (path.stem + "." + fmt.split(":")[0])
    assert result.exists(), f"LibreOffice did not convert {path.name} to {fmt}"
    return result


@pytest.mark.parametrize("kind", ["docx", "odt"])
def test_translated_document_opens_in_libreoffice_with_the_translated_text(
    tmp_path: Path, kind: str, seed_report: Path
) -> None:
    exe = _libreoffice()
    src = tmp_path / f"rapporto.{kind}"
    if kind == "docx":
        seed = seed_report.read_text(encoding="utf-8").split("\n\n")[1].strip()
        _make_docx(src, seed)
    else:
        _make_odt(src)
    doc = read_office_document(src, "sw" if kind == "docx" else "it")
    doc.translate(_mark)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    translated = out_dir / f"rapporto.{kind}"
    write_office_document(doc, translated)
    original_txt = _convert(exe, src, "txt:Text (encoded):UTF8", tmp_path).read_text("utf-8-sig")
    translated_txt = _convert(exe, translated, "txt:Text (encoded):UTF8", out_dir).read_text(
        "utf-8-sig"
    )
    expected = [
        "[sw]" + line.upper() if line.strip() else line for line in original_txt.splitlines()
    ]
    got = translated_txt.splitlines()
    # every line of the original comes back translated: the marker before each text run
    assert [g.replace("[sw]", "") for g in got] == [e.replace("[sw]", "") for e in expected]
    assert all(("[sw]" in g) == bool(g.strip()) for g in got)
    pdf = _convert(exe, translated, "pdf", out_dir)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert io.BytesIO(pdf.read_bytes()).getbuffer().nbytes > 1000


# -- DOCX footnotes, comments and text boxes (OOXML parts written directly) --------------------
# python-docx cannot make footnotes, comments or text boxes, and the corpus has no DOCX with them:
# the parts below are what Word writes for them (a VML text box as in Word's mc:Fallback).
_W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
_R = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
_V = 'xmlns:v="urn:schemas-microsoft-com:vml"'
_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_CT = (
    _HEAD
    + """<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/><Override PartName="/word/footnotes.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"/><Override PartName="/word/comments.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"/></Types>"""
)
_RELS = (
    _HEAD
    + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>"""
)
_DOC_RELS = (
    _HEAD
    + """<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/footnotes" Target="footnotes.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments" Target="comments.xml"/></Relationships>"""
)
_DOCUMENT = (
    _HEAD
    + f"""<w:document {_W} {_R} {_V}><w:body>
<w:p><w:r><w:t xml:space="preserve">Il Gruppo Roma/Lione si è riunito a Roma.</w:t></w:r><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteReference w:id="1"/></w:r><w:r><w:t xml:space="preserve"> La riunione è durata due giorni.</w:t></w:r></w:p>
<w:p><w:commentRangeStart w:id="0"/><w:r><w:t>I delegati erano 45.</w:t></w:r><w:commentRangeEnd w:id="0"/><w:r><w:commentReference w:id="0"/></w:r></w:p>
<w:p><w:r><w:pict><v:shape id="box1" style="width:200pt;height:60pt" type="#_x0000_t202"><v:textbox><w:txbxContent><w:p><w:r><w:rPr><w:b/></w:rPr><w:t>Riservato al Gruppo.</w:t></w:r></w:p></w:txbxContent></v:textbox></v:shape></w:pict></w:r><w:r><w:t xml:space="preserve">Fine del rapporto.</w:t></w:r></w:p>
<w:sectPr><w:pgSz w:w="11906" w:h="16838"/><w:pgMar w:top="1440" w:right="1440" w:bottom="1440" w:left="1440" w:header="708" w:footer="708" w:gutter="0"/></w:sectPr>
</w:body></w:document>"""
)
_FOOTNOTES = (
    _HEAD
    + f"""<w:footnotes {_W}><w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote><w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote><w:footnote w:id="1"><w:p><w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> Il vertice del 1995 a Halifax.</w:t></w:r></w:p></w:footnote></w:footnotes>"""
)
_COMMENTS = (
    _HEAD
    + f"""<w:comments {_W}><w:comment w:id="0" w:author="Revisore" w:date="2026-12-01T10:00:00Z" w:initials="R"><w:p><w:r><w:t>Controllare il numero dei delegati.</w:t></w:r></w:p></w:comment></w:comments>"""
)


def _make_docx_with_notes(path: Path) -> None:
    parts = {
        "[Content_Types].xml": _CT,
        "_rels/.rels": _RELS,
        "word/_rels/document.xml.rels": _DOC_RELS,
        "word/document.xml": _DOCUMENT,
        "word/footnotes.xml": _FOOTNOTES,
        "word/comments.xml": _COMMENTS,
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data.encode("utf-8"))


def test_docx_footnotes_comments_and_text_boxes_are_extracted(tmp_path: Path) -> None:
    src = tmp_path / "note.docx"
    _make_docx_with_notes(src)
    texts = [s.with_placeholders() for s in read_office_document(src, "it").segments]
    assert texts == [
        "Il Gruppo Roma/Lione si è riunito a Roma.<1/>",  # the footnote reference
        "La riunione è durata due giorni.",
        "I delegati erano 45.",
        "Riservato al Gruppo.",  # the text box, apart from the paragraph anchoring it
        "Fine del rapporto.",
        "Controllare il numero dei delegati.",  # the comment
        "Il vertice del 1995 a Halifax.",  # the footnote
    ]


_NESTED = {"note", "note-body", "annotation", "custom-shape", "frame", "text-box"}


def _own_text(element: etree._Element) -> str:
    """An element's text without what is nested in it (notes, annotations, shapes)."""
    parts = [element.text or ""]
    for child in element:
        if etree.QName(child).localname not in _NESTED:
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def _odf_texts(odt: Path) -> dict[str, list[str]]:
    """The text of the paragraphs of an ODT by where they are: a note, an annotation, a shape
    (a text box), the body (a body paragraph's own text, without what it anchors)."""
    t = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"
    root = safe_fromstring(zipfile.ZipFile(odt).read("content.xml"))
    out: dict[str, list[str]] = {}
    for p in root.iter(f"{t}p"):
        names = [etree.QName(a).localname for a in p.iterancestors()]
        where = next((n for n in names if n in _NESTED), "body")
        text = _own_text(p) if where == "body" else "".join(str(x) for x in p.itertext())
        if text.strip():
            out.setdefault(where, []).append(" ".join(text.split()))
    return out


def test_translated_footnotes_comments_and_text_boxes_open_in_libreoffice(tmp_path: Path) -> None:
    exe = _libreoffice()
    src = tmp_path / "note.docx"
    _make_docx_with_notes(src)
    doc = read_office_document(src, "it")
    doc.translate(_mark)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    translated = out_dir / "note.docx"
    write_office_document(doc, translated)
    before, after = _members(src), _members(translated)
    assert {n for n in before if before[n] != after[n]} == {
        "word/document.xml",
        "word/footnotes.xml",
        "word/comments.xml",
    }
    # the runs keep their formatting and references: bold text box, footnote and comment marks
    body = safe_fromstring(after["word/document.xml"])
    w = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
    bold = [r for r in body.iter(f"{w}r") if r.find(f"{w}rPr/{w}b") is not None]
    assert ["".join(str(x) for x in r.itertext()) for r in bold] == ["[sw]RISERVATO AL GRUPPO."]
    footnote = body.find(f".//{w}footnoteReference")
    comment = body.find(f".//{w}commentReference")
    assert footnote is not None
    assert footnote.get(f"{w}id") == "1"
    assert comment is not None
    assert comment.get(f"{w}id") == "0"
    odt = _convert(exe, translated, "odt", out_dir)
    assert _odf_texts(odt) == {
        "body": [
            "[sw]IL GRUPPO ROMA/LIONE SI È RIUNITO A ROMA. [sw]LA RIUNIONE È DURATA DUE GIORNI.",
            "[sw]I DELEGATI ERANO 45.",
            "[sw]FINE DEL RAPPORTO.",
        ],
        "note-body": ["[sw]IL VERTICE DEL 1995 A HALIFAX."],
        "annotation": ["[sw]CONTROLLARE IL NUMERO DEI DELEGATI."],
        "custom-shape": ["[sw]RISERVATO AL GRUPPO."],
    }
