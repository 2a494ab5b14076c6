"""The factory uvicorn calls in each worker: ``uvicorn --factory mkutano.api.server:app``."""

from __future__ import annotations

import logging

from fastapi import FastAPI

from .app import create_app
from .settings import load_settings

__all__ = ["app"]


def app() -> FastAPI:
    """Build the application from ``MKUTANO_*`` variables (``mkutano serve`` sets them)."""
    settings = load_settings()
    level = getattr(logging, settings.log_level.upper(), logging.INFO)
    logging.basicConfig(level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("mkutano").setLevel(level)
    if settings.preload:
        # before the worker accepts a connection: loading holds the interpreter for seconds, and
        # a request arriving meanwhile would wait for it
        _preload()
    return create_app(settings)


def _preload() -> None:
    """Check one tiny pair, which loads the language detector and the segmenter rules, and load
    the lemmatiser's dictionaries (term recognition)."""
    from mkutano.glossaries.inflection import load_lemmas
    from mkutano.glossaries.qa import Pair, check_pairs

    try:
        check_pairs([Pair("preload", "Buongiorno.", "Habari.")], source_lang="it", target_lang="sw")
        for lang in ("it", "en", "sw"):
            load_lemmas(lang)
    except Exception:  # a failure here must not stop the server; the first QA call retries
        logging.getLogger("mkutano.api").exception("preloading the QA checks failed")
