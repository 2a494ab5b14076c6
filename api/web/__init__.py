"""The translators' workbench: a page served at ``/`` that works through the ``/v1`` API.

- :mod:`.routes`: the page, its packaged assets and the ``/v1/workbench`` routes;
- :mod:`.work`: work in progress per user and document (table ``api_work``), confirming;
- :mod:`.document`: uploads (text, HTML, XLIFF) read as documents and written back;
- ``static/``: the page (HTML, one script, one style sheet), shipped as package data.
"""

from .document import FORMATS, build_document, document_bytes, translated, xliff_bytes
from .routes import ASSETS, router
from .work import STATUSES, Work, WorkNotFound, WorkStore, confirm_segment, open_work, save_draft

__all__ = [
    "ASSETS",
    "FORMATS",
    "STATUSES",
    "Work",
    "WorkNotFound",
    "WorkStore",
    "build_document",
    "confirm_segment",
    "document_bytes",
    "open_work",
    "router",
    "save_draft",
    "translated",
    "xliff_bytes",
]
