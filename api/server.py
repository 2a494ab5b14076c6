"""The factory uvicorn calls in each worker: ``uvicorn --factory api.server:app``."""

from __future__ import annotations

import logging
import threading

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
        threading.Thread(target=_preload, name="mkutano-preload", daemon=True).start()
    return create_app(settings)


def _preload() -> None:
    """Check one tiny pair, which loads the language detector and the segmenter rules."""
    from glossaries.qa import Pair, check_pairs

    try:
        check_pairs([Pair("preload", "Buongiorno.", "Habari.")], source_lang="it", target_lang="sw")
    except Exception:  # a failure here must not stop the server; the first QA call retries
        logging.getLogger("mkutano.api").exception("preloading the QA checks failed")
