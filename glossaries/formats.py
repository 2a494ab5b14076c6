"""One entry point for every glossary file: detect the format, read it, write it.

Formats: ``tbx`` (v3 DCA/DCT, and TBX 2008 on reading), ``csv`` and ``tsv`` (language header
row), ``omegat`` (tab-separated, languages given by the caller). Detection looks at the content
first (an XML document is TBX), then at the extension (``.csv``; ``.tsv``/``.tab``; ``.txt``
and ``.utf8`` are OmegaT's).
"""

from __future__ import annotations

import codecs
import os
from collections.abc import Iterable
from pathlib import Path

from .delimited import read_delimited, write_delimited, write_omegat
from .errors import GlossaryFormatError
from .model import Concept, GlossaryFile
from .tbx import read_tbx, write_tbx

__all__ = ["FORMATS", "SAMPLE_GLOSSARY", "detect_format", "read_glossary", "write_glossary"]

FORMATS = ("tbx", "csv", "tsv", "omegat")

#: The sample G7 Rome/Lyon Group glossary (it/en/sw, TBX v3 Basic DCA) shipped in the package.
SAMPLE_GLOSSARY = Path(__file__).resolve().parent / "data" / "g7-rome-lyon.tbx"


def detect_format(path: str | os.PathLike[str]) -> str:
    """The format of the file at ``path`` (one of :data:`FORMATS`)."""
    p = Path(path)
    try:
        with open(p, "rb") as f:
            head = f.read(512)
    except OSError as exc:
        raise GlossaryFormatError(f"{p}: cannot open: {exc.strerror or exc}") from None
    for bom, codec in (
        (codecs.BOM_UTF8, "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be"),
    ):
        if head.startswith(bom):
            head = head[len(bom) :].decode(codec, errors="ignore").encode("utf-8")
            break
    if head.lstrip().startswith(b"<"):
        return "tbx"
    ext = p.suffix.lower()
    if ext in (".tbx", ".xml", ".mtf"):
        return "tbx"
    if ext == ".csv":
        return "csv"
    if ext in (".tsv", ".tab"):
        return "tsv"
    return "omegat"


def read_glossary(
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    source_lang: str | None = None,
    target_lang: str | None = None,
) -> GlossaryFile:
    """Read a glossary file of any supported format.

    Problems are diagnostics of the result (a file that yields nothing is *rejected*);
    :class:`~glossaries.errors.GlossaryFormatError` only when the file cannot be opened or the
    format is unknown. ``source_lang``/``target_lang`` name the columns of a headerless
    CSV/TSV or OmegaT file.
    """
    fmt = format or detect_format(path)
    if fmt == "tbx":
        return read_tbx(path)
    if fmt in ("csv", "tsv", "omegat"):
        return read_delimited(
            path,
            delimiter={"csv": None, "tsv": "\t", "omegat": "\t"}[fmt],
            source_lang=source_lang,
            target_lang=target_lang,
            omegat=fmt == "omegat",
        )
    raise GlossaryFormatError(f"unknown glossary format {fmt!r}; use one of {', '.join(FORMATS)}")


def write_glossary(
    concepts: Iterable[Concept],
    path: str | os.PathLike[str],
    *,
    format: str | None = None,
    source_lang: str = "en",
    target_lang: str | None = None,
    style: str = "dca",
) -> int:
    """Write concepts to ``path`` as TBX v3 (default), CSV, TSV or OmegaT; return the count.

    The format defaults to the extension (``.csv``, ``.tsv``/``.tab``, ``.txt`` for OmegaT,
    anything else TBX). OmegaT needs ``target_lang``.
    """
    ext = Path(path).suffix.lower()
    fmt = format or {".csv": "csv", ".tsv": "tsv", ".tab": "tsv", ".txt": "omegat"}.get(ext, "tbx")
    if fmt == "tbx":
        return write_tbx(concepts, path, style=style, source_lang=source_lang)
    if fmt == "csv":
        return write_delimited(concepts, path)
    if fmt == "tsv":
        return write_delimited(concepts, path, delimiter="\t")
    if fmt == "omegat":
        if not target_lang:
            raise GlossaryFormatError("an OmegaT glossary needs a target language (--target-lang)")
        return write_omegat(concepts, path, source_lang=source_lang, target_lang=target_lang)
    raise GlossaryFormatError(f"unknown glossary format {fmt!r}; use one of {', '.join(FORMATS)}")
