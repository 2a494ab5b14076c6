"""Builders for the TMX tests: small TMX documents as text or bytes."""

from __future__ import annotations

HEADER_ATTRS = (
    'creationtool="test" creationtoolversion="1" segtype="sentence" o-tmf="test" '
    'adminlang="en" srclang="en" datatype="plaintext"'
)


def tmx_text(body: str, *, version: str = "1.4", header: str | None = None) -> str:
    """A TMX document (as text, no XML declaration) with ``body`` inside ``<body>``."""
    head = header if header is not None else f"<header {HEADER_ATTRS}/>"
    return f'<tmx version="{version}">\n{head}\n<body>\n{body}\n</body>\n</tmx>\n'


def tu(*segs: tuple[str, str], attrs: str = "", lang_attr: str = "xml:lang") -> str:
    """A ``<tu>`` with one ``<tuv>`` per ``(lang, seg content)``."""
    tuvs = "".join(f'<tuv {lang_attr}="{lang}"><seg>{seg}</seg></tuv>' for lang, seg in segs)
    return f"<tu{(' ' + attrs) if attrs else ''}>{tuvs}</tu>\n"


def make_tmx(
    body: str, *, version: str = "1.4", header: str | None = None, encoding: str = "UTF-8"
) -> bytes:
    """TMX bytes (UTF-8, with an XML declaration naming ``encoding``) around ``body``."""
    decl = f'<?xml version="1.0" encoding="{encoding}"?>\n'
    return (decl + tmx_text(body, version=version, header=header)).encode("utf-8")
