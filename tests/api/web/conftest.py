"""Fixtures for the browser tests: a real ``mkutano serve`` with the sample, headless Chromium.

Chromium is Debian's (``apt-get install chromium``; ``.ci/run`` installs it), driven by the
Playwright package; without either the browser tests skip with the reason.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

from tests.api.conftest import _mkutano
from tests.api.test_e2e_uvicorn import server  # noqa: F401  (the real server fixture)

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SHOTS = Path(__file__).resolve().parents[3] / "docs" / "workbench"


@dataclass
class Site:
    """The running server: its address, and keys for each role."""

    base: str
    admin: str
    translator: str
    reader: str

    def api(self, method: str, path: str, key: str | None = None, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {key or self.admin}"}
        r = httpx.request(method, self.base + path, headers=headers, timeout=60, **kwargs)
        assert r.status_code < 300, r.text
        return r.json()


@pytest.fixture
def site(server: tuple[str, str], tmp_path: Path) -> Site:  # noqa: F811
    """The sample memory and glossary (``g7-sample``), an empty memory ``g7``, keys per role."""
    base, admin = server
    env = {k: v for k, v in os.environ.items() if not k.startswith("MKUTANO_")}
    subprocess.run(
        [_mkutano(), "demo", "--db", str(tmp_path / "e2e.db")],
        check=True,
        capture_output=True,
        env=env,
    )
    s = Site(base, admin, "", "")
    s.api("POST", "/v1/memories", json={"name": "g7"})
    s.translator = s.api("POST", "/v1/keys", json={"role": "translator", "label": "Amina"})["key"]
    s.reader = s.api("POST", "/v1/keys", json={"role": "reader", "label": "Baraka"})["key"]
    return s


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Debian Chromium through Playwright (skips without either)."""
    sync_api = pytest.importorskip(
        "playwright.sync_api", reason="the playwright package is not installed (dev extra)"
    )
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium; .ci/run installs it)")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True)
        try:
            yield b
        finally:
            b.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A fresh page at 1280×800 that records console errors and blocked requests."""
    context = browser.new_context(viewport={"width": 1280, "height": 800}, accept_downloads=True)
    pg = context.new_page()
    pg.set_default_timeout(30_000)
    pg.errors = []  # type: ignore[attr-defined]
    pg.on("pageerror", lambda e: pg.errors.append(str(e)))  # type: ignore[attr-defined]
    pg.on(
        "console",
        lambda m: m.type == "error" and pg.errors.append(m.text),  # type: ignore[attr-defined]
    )
    try:
        yield pg
    finally:
        context.close()
