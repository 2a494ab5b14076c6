"""TMX and other interchange formats: reading and writing, no database."""

from .bilingual import BilingualFile, read_bilingual
from .dates import (
    WrittenDate,
    format_date,
    parse_date,
    read_written_date,
    write_date,
    written_date_pattern,
)
from .document import Document, Paragraph
from .errors import Diagnostic, LanguageTagError, TMXError, TMXParseError
from .formats import (
    FileFormat,
    UnsupportedFormatError,
    identify,
    read_document,
    require,
    write_document,
)
from .html import (
    HTMLFormatError,
    html_document,
    read_html_document,
    render_html,
    write_html_document,
)
from .inline import InlineMarkupError, native_code
from .lang import base_language, language_match, normalize_language
from .model import Header, Note, Prop, Segment, Tag, Unit, Variant
from .office import (
    OfficeDocument,
    OfficeFormatError,
    read_office_document,
    write_office_document,
)
from .package import PackageError
from .reader import TMXDocument, read_tmx
from .segmenter import Segmenter, Span, default_segmenter
from .srx import SRXError, SRXRules, read_srx
from .stats import TMXStats, TMXValidation, tmx_stats, validate_tmx
from .tagtext import MarkupMode, format_tagged, parse_tagged, tag_dict
from .text import (
    TextFormatError,
    document_spans,
    read_text_document,
    text_document,
    write_text_document,
)
from .writer import TMXWriter, write_tmx
from .xliff import (
    XLIFFDocument,
    XLIFFError,
    XLIFFFile,
    XLIFFMatch,
    XLIFFUnit,
    merge_xliff,
    read_xliff,
    write_xliff,
    xliff_from_document,
)
from .xmlsafe import XMLStream, open_xml_stream, safe_fromstring, safe_iterparse, safe_parser

__all__ = [
    "BilingualFile",
    "Diagnostic",
    "Document",
    "FileFormat",
    "HTMLFormatError",
    "Header",
    "InlineMarkupError",
    "LanguageTagError",
    "MarkupMode",
    "Note",
    "OfficeDocument",
    "OfficeFormatError",
    "PackageError",
    "Paragraph",
    "Prop",
    "SRXError",
    "SRXRules",
    "Segment",
    "Segmenter",
    "Span",
    "TMXDocument",
    "TMXError",
    "TMXParseError",
    "TMXStats",
    "TMXValidation",
    "TMXWriter",
    "Tag",
    "TextFormatError",
    "Unit",
    "UnsupportedFormatError",
    "Variant",
    "WrittenDate",
    "XLIFFDocument",
    "XLIFFError",
    "XLIFFFile",
    "XLIFFMatch",
    "XLIFFUnit",
    "XMLStream",
    "base_language",
    "default_segmenter",
    "document_spans",
    "format_date",
    "format_tagged",
    "html_document",
    "identify",
    "language_match",
    "merge_xliff",
    "native_code",
    "normalize_language",
    "open_xml_stream",
    "parse_date",
    "parse_tagged",
    "read_bilingual",
    "read_document",
    "read_html_document",
    "read_office_document",
    "read_srx",
    "read_text_document",
    "read_tmx",
    "read_written_date",
    "read_xliff",
    "render_html",
    "require",
    "safe_fromstring",
    "safe_iterparse",
    "safe_parser",
    "tag_dict",
    "text_document",
    "tmx_stats",
    "validate_tmx",
    "write_date",
    "write_document",
    "write_html_document",
    "write_office_document",
    "write_text_document",
    "write_tmx",
    "write_xliff",
    "written_date_pattern",
    "xliff_from_document",
]
