"""The workbench end to end in headless Chromium against a real server (keyboard contract).

The main states are saved as screenshots into ``docs/workbench/`` (``docs/workbench.md``).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from .conftest import SHOTS, Site

pytestmark = pytest.mark.slow

REPORT = Path(__file__).resolve().parents[3] / "tm" / "data" / "report.it.txt"

#: Controls without an accessible name (aria-label, a <label for>, or their own text).
UNNAMED = """() => [...document.querySelectorAll('button, input, select, textarea')]
  .filter((e) => e.offsetParent !== null)
  .filter((e) => {
    const label = e.id && document.querySelector(`label[for="${e.id}"]`);
    const name = e.getAttribute('aria-label') || (label && label.textContent.trim())
      || (e.tagName === 'BUTTON' && e.textContent.trim());
    return !name;
  }).map((e) => e.outerHTML)"""


def _shot(page: Any, name: str) -> None:
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"))


def _sign_in(page: Any, site: Site, key: str) -> None:
    page.goto(site.base + "/")
    page.get_by_label("API key").fill(key)
    page.get_by_role("button", name="Sign in").click()
    page.locator("#open").wait_for(state="visible")


def _open_report(page: Any, text_file: Path | None = None, pasted: str | None = None) -> None:
    page.select_option("#memory", "g7")
    page.select_option("#source-lang", "it")
    page.select_option("#target-lang", "sw")
    page.select_option("#pivot-lang", "en")
    if text_file is not None:
        page.set_input_files("#file", str(text_file))
    else:
        page.get_by_label("or paste text").fill(pasted or "")
    page.get_by_role("button", name="Open and analyse").click()
    page.locator("#work").wait_for(state="visible")


def _ready(page: Any, index: int) -> None:
    page.wait_for_selector(
        f'#suggestions-panel[data-state="ready"][data-segment="{index}"]', timeout=30_000
    )


def _segment(page: Any, index: int) -> Any:
    return page.locator(f'#segments li[data-index="{index}"]')


def _blocked(page: Any) -> list[str]:
    return [e for e in page.errors if "Content Security Policy" in e or "Uncaught" in e]


def test_translator_works_through_the_report(page: Any, site: Site, tmp_path: Path) -> None:
    page.goto(site.base + "/")
    _shot(page, "1-sign-in")
    _sign_in(page, site, site.translator)
    assert site.translator not in page.url
    assert page.evaluate("sessionStorage.getItem('mkutano.key')") == site.translator
    assert page.evaluate(UNNAMED) == []

    _open_report(page, REPORT)
    _ready(page, 0)
    rows = page.locator("#analysis tbody tr")
    assert rows.last.locator("th").inner_text() == "total"
    work = site.api("GET", "/v1/workbench/work", site.translator)["work"][0]
    assert rows.last.locator("td").first.inner_text() == str(work["progress"]["segments"])
    assert page.evaluate(UNNAMED) == []
    _shot(page, "2-segment-with-suggestions")

    # Ctrl+1 takes the first suggestion, Ctrl+Enter confirms and moves on
    first = page.locator("#suggestions .match-target").first.inner_text()
    page.keyboard.press("Control+1")
    assert _segment(page, 0).locator("textarea").input_value() == first
    page.keyboard.press("Control+Enter")
    page.wait_for_selector('#segments li[data-index="0"][data-status="confirmed"]')
    assert page.locator("#segments li.active").get_attribute("data-index") == "1"
    assert (
        page.evaluate("document.activeElement.getAttribute('aria-label')") == "Target of segment 2"
    )

    # through the API: the unit is in the memory with its context (a 101 match in place)
    view = site.api("GET", f"/v1/workbench/work/{work['id']}", site.translator)
    seg0 = view["segments"][0]
    assert seg0["status"] == "confirmed"
    assert seg0["target"] == first
    match = site.api(
        "POST",
        "/v1/suggest",
        json={
            "text": seg0["text"],
            "source_lang": "it",
            "target_lang": "sw",
            "next": seg0["next"],
            "memories": ["g7"],
        },
    )["matches"][0]
    assert (match["type"], match["unit_id"], match["target"]) == ("context", seg0["unit_id"], first)

    # Alt+Down / Alt+Up move between segments; the pivot language is shown beside the source
    page.keyboard.press("Alt+ArrowDown")
    _ready(page, 2)
    page.keyboard.press("Alt+ArrowUp")
    _ready(page, 1)

    # a forbidden term is refused with its finding, then confirmed with a reason
    prefetto = next(s["index"] for s in view["segments"] if "Prefetto" in s["text"])
    _segment(page, prefetto).locator("textarea").click()
    _ready(page, prefetto)
    assert _segment(page, prefetto).locator("mark.term").count() > 0  # glossary terms marked
    assert page.locator("#terms .term-hit").count() > 0
    page.keyboard.type("Prefect Stefano Gambacurta alizungumza.")
    page.keyboard.press("Control+Enter")
    finding = _segment(page, prefetto).locator(".finding.sev-error", has_text="term-forbidden")
    finding.wait_for()
    assert _segment(page, prefetto).get_attribute("data-status") != "confirmed"
    _shot(page, "3-refused-by-qa")
    page.get_by_label("Reason to confirm despite errors").fill("the English rank is quoted")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector(f'#segments li[data-index="{prefetto}"][data-status="confirmed"]')
    unit_id = site.api("GET", f"/v1/workbench/work/{work['id']}", site.translator)["segments"][
        prefetto
    ]["unit_id"]
    unit = site.api("GET", f"/v1/memories/g7/units/{unit_id}")
    assert unit["override_reason"] == "the English rank is quoted"

    # concordance on a selected phrase (Ctrl+K)
    _segment(page, 1).locator("textarea").click()
    _ready(page, 1)
    page.evaluate(
        """() => {
          const node = document.querySelector('#segments li[data-index="1"] .source');
          const text = node.textContent, at = text.indexOf('Gruppo Roma/Lione');
          let offset = 0, start = null, end = null;
          const walk = document.createTreeWalker(node, NodeFilter.SHOW_TEXT);
          const range = document.createRange();
          while (walk.nextNode()) {
            const t = walk.currentNode, n = t.textContent.length;
            if (start === null && at < offset + n) { range.setStart(t, at - offset); start = 1; }
            if (start !== null && at + 17 <= offset + n) { range.setEnd(t, at + 17 - offset); break; }
            offset += n;
          }
          document.activeElement.blur();
          const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
        }"""
    )
    page.keyboard.press("Control+k")
    page.wait_for_selector('#concordance-panel[data-state="ready"]')
    assert page.locator("#conc-q").input_value() == "Gruppo Roma/Lione"
    assert page.locator("#conc .conc-hit mark").first.inner_text().lower() == "gruppo roma/lione"
    page.locator("#concordance-panel").scroll_into_view_if_needed()
    _shot(page, "4-concordance")

    # a reload keeps the work (on the server) and the sign-in (this tab only)
    page.reload()
    page.wait_for_selector('#segments li[data-index="0"][data-status="confirmed"]')
    assert _segment(page, 0).locator("textarea").input_value() == first
    assert _segment(page, prefetto).get_attribute("data-status") == "confirmed"

    # the translation, in the uploaded format, and the XLIFF
    with page.expect_download() as got:
        page.get_by_role("button", name="Download translation").click()
    path = tmp_path / got.value.suggested_filename
    got.value.save_as(path)
    assert got.value.suggested_filename == "report.it.sw.txt"
    text = path.read_text(encoding="utf-8")
    assert text.startswith(first)
    assert "Prefect Stefano Gambacurta alizungumza." in text
    with page.expect_download() as got:
        page.get_by_role("button", name="Download XLIFF").click()
    xliff = tmp_path / got.value.suggested_filename
    got.value.save_as(xliff)
    assert got.value.suggested_filename.endswith(".xlf")
    assert first in xliff.read_text("utf-8")

    # forgetting the key takes one click
    page.get_by_role("button", name="Forget key").click()
    page.locator("#signin").wait_for(state="visible")
    assert page.evaluate("sessionStorage.getItem('mkutano.key')") is None
    assert _blocked(page) == []
    log = (tmp_path / "server.log").read_text()
    assert "/v1/workbench/work" in log
    assert site.translator not in log


def test_memory_and_document_content_is_shown_as_text(page: Any, site: Site) -> None:
    hostile = 'Il <script>window.__xss = 1</script> Gruppo <img src=x onerror="window.__xss=2">.'
    site.api(
        "POST",
        "/v1/memories/g7/units",
        json={
            "variants": [
                {"lang": "it", "text": hostile},
                {"lang": "sw", "text": 'Kundi <img src=x onerror="window.__xss=3"> <b>bold</b>.'},
            ],
            "override_reason": "XSS test",
        },
    )
    _sign_in(page, site, site.translator)
    _open_report(page, pasted=hostile)
    _ready(page, 0)
    assert "<script>window.__xss = 1</script>" in _segment(page, 0).locator(".source").inner_text()
    assert "onerror" in page.locator("#suggestions .match-target").first.inner_text()
    page.keyboard.press("Control+1")
    assert page.evaluate("window.__xss") is None
    assert page.locator("#work img, #work script, #work b").count() == 0
    assert _blocked(page) == []
    assert re.search(r"<img", _segment(page, 0).locator("textarea").input_value())


def test_reader_views_but_cannot_confirm(page: Any, site: Site) -> None:
    _sign_in(page, site, site.reader)
    assert "view only" in page.locator("#who-text").inner_text()
    _open_report(page, pasted="Il Gruppo Roma/Lione si è riunito a Roma.")
    _ready(page, 0)
    assert page.get_by_role("button", name="Confirm segment").is_disabled()
    assert _segment(page, 0).locator("textarea").get_attribute("readonly") is not None
    page.keyboard.press("Control+1")
    page.keyboard.press("Control+Enter")
    assert _segment(page, 0).get_attribute("data-status") == "new"


def test_the_page_works_on_a_narrow_screen(browser: Any, site: Site) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True)
    page = context.new_page()
    page.errors = []
    try:
        _sign_in(page, site, site.translator)
        _open_report(page, REPORT)
        _ready(page, 0)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 390, f"the page is {width} px wide on a 390-px screen"
        assert page.get_by_role("button", name="Confirm segment").is_visible()
        _shot(page, "5-narrow-screen")
    finally:
        context.close()
