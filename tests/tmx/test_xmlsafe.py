"""The safe XML layer: no entity expansion, no DTD loading, no network; encoding sniffing."""

from __future__ import annotations

import codecs
import io
import socket
from pathlib import Path

import pytest
from lxml import etree

from mkutano.tmx import TMXParseError, read_tmx
from mkutano.tmx.xmlsafe import (
    open_xml_stream,
    safe_fromstring,
    safe_iterparse,
    safe_parse,
    sniff_encoding,
    strip_illegal_xml_chars,
)

SECRET = "TOP-SECRET-7c41"


def _xxe(target: Path) -> bytes:
    return f"""<?xml version="1.0"?>
<!DOCTYPE tmx [<!ENTITY xxe SYSTEM "file://{target}">]>
<tmx version="1.4"><header srclang="en"/><body>
<tu tuid="1"><tuv xml:lang="en"><seg>a &xxe; b</seg></tuv></tu>
<tu tuid="2"><tuv xml:lang="en"><seg>safe</seg></tuv></tu>
</body></tmx>""".encode()


def test_external_entity_is_never_read(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    with read_tmx(io.BytesIO(_xxe(secret)), name="xxe.tmx") as doc:
        units = list(doc)
    # the declaration is ignored: the reference is kept as the text it is, never resolved
    assert [(u.tuid, u.variants[0].text) for u in units] == [("1", "a &xxe; b"), ("2", "safe")]
    assert not doc.errors
    warnings = [(d.line, d.message) for d in doc.diagnostics if "entit" in d.message]
    assert warnings[0][0] == 2
    assert "declares the entities xxe" in warnings[0][1]
    assert warnings[1][0] == 4
    assert 'kept as the text "&xxe;"' in warnings[1][1]


def test_external_entity_is_not_expanded_by_safe_fromstring(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    root = safe_fromstring(_xxe(secret))
    assert SECRET not in etree.tostring(root, encoding="unicode")


BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE tmx [\n<!ENTITY lol "lol">\n'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">\n'
        for i in range(1, 10)
    )
    + ']>\n<tmx version="1.4"><header srclang="en"/><body>\n'
    '<tu tuid="boom"><tuv xml:lang="en"><seg>&lol9;</seg></tuv></tu>\n'
    '<tu tuid="ok"><tuv xml:lang="en"><seg>fine</seg></tuv></tu>\n'
    "</body></tmx>\n"
)


@pytest.mark.parametrize("where", ["seg", "attribute"])
def test_billion_laughs_is_not_expanded(where: str) -> None:
    data = (
        BILLION_LAUGHS if where == "seg" else BILLION_LAUGHS.replace('tuid="boom"', 'tuid="&lol9;"')
    )
    with read_tmx(io.BytesIO(data.encode()), name="lol.tmx") as doc:
        units = list(doc)
    # the same on every libxml2 release: the declarations never reach the parser, so nothing
    # can expand; the reference stays the text it is and one line says why
    texts = [v.text for u in units for v in u.variants]
    assert texts == ["&lol9;", "fine"]
    assert [u.tuid for u in units] == (["boom", "ok"] if where == "seg" else ["&lol9;", "ok"])
    assert not doc.errors
    doctype = [d for d in doc.diagnostics if "DOCTYPE" in d.message]
    assert len(doctype) == 1
    assert doctype[0].line == 2
    assert doctype[0].file == "lol.tmx"
    assert "declares the entities lol, lol1" in doctype[0].message
    assert "never expanded" in doctype[0].message
    with (
        pytest.raises(TMXParseError, match="never expanded"),
        read_tmx(io.BytesIO(data.encode()), strict=True) as strict_doc,
    ):
        list(strict_doc)


def test_external_dtd_is_neither_loaded_nor_fetched(tmp_path: Path) -> None:
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ATTLIST tu tuid CDATA "FROM-DTD">\n<!ENTITY nbsp "X">\n')
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    listener.setblocking(False)
    port = listener.getsockname()[1]
    try:
        for system_id in (f"file://{dtd}", f"http://127.0.0.1:{port}/tmx14.dtd"):
            data = (
                f'<?xml version="1.0"?>\n<!DOCTYPE tmx SYSTEM "{system_id}">\n'
                '<tmx version="1.4"><header srclang="en"/><body>\n'
                '<tu><tuv xml:lang="en"><seg>plain</seg></tuv></tu>\n'
                "</body></tmx>\n"
            ).encode()
            with read_tmx(io.BytesIO(data)) as doc:
                (unit,) = list(doc)
            assert unit.attrs == {}  # the DTD's default attribute was not applied
        with pytest.raises(BlockingIOError):
            listener.accept()  # nobody connected
    finally:
        listener.close()


def test_safe_iterparse_streams_and_never_resolves(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    path = tmp_path / "x.tmx"
    path.write_bytes(_xxe(secret))
    texts = []
    for _event, elem in safe_iterparse(path, ("end",), tag="seg"):
        texts.append("".join(t for t in elem.itertext() if isinstance(t, str)))
    assert SECRET not in "".join(texts)


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (codecs.BOM_UTF8 + b'<?xml version="1.0"?>', ("utf-8", 3, None)),
        (codecs.BOM_UTF16_LE + "<?xml ?>".encode("utf-16-le"), ("utf-16-le", 2, None)),
        (codecs.BOM_UTF16_BE + "<?xml ?>".encode("utf-16-be"), ("utf-16-be", 2, None)),
        (codecs.BOM_UTF32_LE + "<?xml ?>".encode("utf-32-le"), ("utf-32-le", 4, None)),
        ('<?xml version="1.0" encoding="UTF-16"?>'.encode("utf-16-le"), ("utf-16-le", 0, "UTF-16")),
        (b'<?xml version="1.0" encoding="windows-1252"?>', ("cp1252", 0, "windows-1252")),
        (b"<?xml version='1.0' encoding='iso-8859-1'?>", ("iso8859-1", 0, "iso-8859-1")),
        (b'<?xml version="1.0" encoding="UTF-16"?>', ("utf-8", 0, "UTF-16")),
        (b"<tmx/>", ("utf-8", 0, None)),
    ],
)
def test_encoding_is_sniffed_from_bom_or_declaration(
    head: bytes, expected: tuple[str, int, str | None]
) -> None:
    assert sniff_encoding(head) == expected


def test_unknown_declared_encoding_raises_lookup_error() -> None:
    with pytest.raises(LookupError):
        sniff_encoding(b'<?xml version="1.0" encoding="x-nothing"?>')


def test_character_reference_split_across_chunks_is_still_removed() -> None:
    # put "&#x1;" across the first read boundary of the stream (its 4 KiB head)
    prefix = b"<a>" + b"x" * (4096 - 3 - 2)
    data = prefix + b"&#x1;y</a>"
    found: list[tuple[int, int]] = []
    stream = open_xml_stream(
        io.BytesIO(data), on_illegal=lambda line, code: found.append((line, code))
    )
    out = b"".join(iter(lambda: stream.read(65536), b""))
    assert out.endswith(b"xy</a>")
    assert found == [(1, 1)]


def test_legal_character_references_are_kept() -> None:
    stream = open_xml_stream(io.BytesIO(b"<a>&#9;&#x20AC;&#65;&#xD;</a>"))
    assert stream.read() == b"<a>&#9;&#x20AC;&#65;&#xD;</a>"


def test_strip_illegal_xml_chars_reports_code_points() -> None:
    assert strip_illegal_xml_chars("a\x00b\ufffec\ud800") == ("abc", [0, 0xFFFE, 0xD800])
    assert strip_illegal_xml_chars("tab\tnew\nline") == ("tab\tnew\nline", [])


def test_open_xml_stream_rejects_empty_input() -> None:
    with pytest.raises(TMXParseError, match="empty"):
        open_xml_stream(io.BytesIO(b"  \n"), name="blank.tmx")


def test_safe_parse_reads_a_legacy_encoded_stream_without_expanding(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text(SECRET)
    data = _xxe(secret).replace(
        b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="windows-1252"?>'
    )
    data = data.replace(b"safe", "caffè".encode("cp1252"))
    with open_xml_stream(io.BytesIO(data)) as stream:
        tree = safe_parse(stream)
    text = etree.tostring(tree, encoding="unicode")
    assert "caffè" in text
    assert SECRET not in text


def _through_stream(data: bytes) -> tuple[bytes, list[tuple[int, str]]]:
    repairs: list[tuple[int, str]] = []
    stream = open_xml_stream(io.BytesIO(data), on_repair=lambda line, m: repairs.append((line, m)))
    return b"".join(iter(stream.read, b"")), repairs


def test_cdata_comments_and_pis_are_left_alone() -> None:
    data = b"<a><![CDATA[x &nbsp; & y]]><!-- &copy; & --><?pi &z; ?>&nbsp;</a>"
    out, repairs = _through_stream(data)
    assert out == b"<a><![CDATA[x &nbsp; & y]]><!-- &copy; & --><?pi &z; ?>\xc2\xa0</a>"
    assert [line for line, _ in repairs] == [1]


@pytest.mark.parametrize("boundary", [4096, 4096 + 65536])  # the head, then each 64 KiB read
def test_entity_repair_survives_the_chunk_boundary(boundary: int) -> None:
    # an entity and a CDATA section each cut by a read boundary of the stream
    pad = b"x" * (boundary - 3 - 3)
    out, repairs = _through_stream(b"<a>" + pad + b"&eacute;<![CDATA[&nbsp;]]>&amp;</a>")
    assert out.endswith(b"x\xc3\xa9<![CDATA[&nbsp;]]>&amp;</a>")
    assert len(repairs) == 1
    pad = b"x" * (boundary - 3 - 5)
    out, repairs = _through_stream(b"<a>" + pad + b"<![CDATA[&nbsp;]]></a>")
    assert out.endswith(b"<![CDATA[&nbsp;]]></a>")
    assert repairs == []
    pad = b"x" * (boundary - 3 - 1)
    out, repairs = _through_stream(b"<a>" + pad + "é&nbsp;".encode() + b"</a>")
    assert out.endswith("xé\u00a0</a>".encode())
    assert len(repairs) == 1


def test_html_entity_that_is_markup_is_escaped() -> None:
    out, _ = _through_stream(b"<a>&AMP;&LT;b</a>")
    assert etree.fromstring(out).text == "&<b"
