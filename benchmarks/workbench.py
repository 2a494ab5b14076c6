"""Workbench benchmark: time from moving to a segment (``Alt+Down``/``Alt+Up``) to its suggestions
being shown, in headless Chromium against a real ``mkutano serve``, on a large memory.

Usage::

    python -m benchmarks.workbench                   # 1M units (the store is built once under
                                                     # benchmarks/.data and reused)
    python -m benchmarks.workbench --units 100000    # another size
    python -m benchmarks.workbench --quick           # 10k units, a smoke run

The memory is the lookup benchmark's (:func:`benchmarks.tm_lookup.dataset`: real en-it/en-sw
sentence pairs and near-duplicate variants of them) plus the G7 sample memory and glossary. The
document is the sample English report (``tm/data/report.en.txt``), translated en→sw with Italian
shown beside the source, consulting every memory; the first pass over it is a warm-up.

The time is taken in the page: from the key press (a capturing ``keydown`` listener) to the
frame after the suggestions panel says ``ready`` for that segment, so it includes the three
parallel lookups (suggestions, terms, third language), rendering and paint, not Playwright's own
round trips.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import httpx

from benchmarks.tm_lookup import dataset, machine, pct, to_unit

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / ".data"
RESULTS = ROOT / "benchmarks" / "results"
REPORT = ROOT / "tm" / "data" / "report.en.txt"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
TARGET_P95_MS = 150.0

_WAIT_SHOWN = """async (index) => {
  const panel = document.getElementById('suggestions-panel');
  const ready = () => panel.dataset.state === 'ready' && panel.dataset.segment === String(index);
  if (!ready()) {
    await new Promise((resolve) => {
      const obs = new MutationObserver(() => { if (ready()) { obs.disconnect(); resolve(); } });
      obs.observe(panel, { attributes: true });
    });
  }
  await new Promise((resolve) => requestAnimationFrame(() => resolve()));
  return performance.now() - window.__pressed;
}"""


def build(path: Path, n: int) -> dict[str, Any]:
    """The store: ``n`` benchmark units in memory ``bench``, the G7 sample, a memory ``work``."""
    from mkutano.glossaries import open_glossary_store
    from mkutano.glossaries.sample import load_sample
    from mkutano.tm import open_store

    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        meta: dict[str, Any] = json.loads(meta_path.read_text())
        return meta
    for stale in (path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")):
        stale.unlink(missing_ok=True)
    store = open_store(str(path))
    try:
        t0 = time.perf_counter()
        store.create_memory("bench")
        stored, _, _ = dataset(n, 0)
        store.import_units("bench", (to_unit(p) for p in stored), origin="benchmark")
        load_sample(store, open_glossary_store(store.db))
        store.create_memory("work")
        meta = {"units": store.count_units(), "build_seconds": round(time.perf_counter() - t0, 1)}
    finally:
        store.close()
    meta_path.write_text(json.dumps(meta))
    return meta


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _mkutano(*args: str) -> list[str]:
    return [sys.executable, "-c", "from mkutano.api.cli import main; main()", *args]


def measure(path: Path, passes: int) -> dict[str, Any]:
    """Serve the store, open the report in Chromium, time every move between segments."""
    from playwright.sync_api import sync_playwright

    env = {k: v for k, v in os.environ.items() if not k.startswith("MKUTANO_")}
    made = subprocess.run(
        _mkutano("keys", "create", "--role", "translator", "--db", str(path), "--json"),
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    key = json.loads(made.stdout)["key"]
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        _mkutano("serve", "--db", str(path), "--host", "127.0.0.1", "--port", str(port)),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        env=env,
    )
    try:
        for _ in range(600):
            try:
                if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.2)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            page = browser.new_page(viewport={"width": 1280, "height": 800})
            page.set_default_timeout(600_000)
            page.goto(base + "/")
            page.get_by_label("API key").fill(key)
            page.get_by_role("button", name="Sign in").click()
            page.locator("#open").wait_for(state="visible")
            page.select_option("#memory", "work")
            page.select_option("#source-lang", "en")
            page.select_option("#target-lang", "sw")
            page.select_option("#pivot-lang", "it")
            page.set_input_files("#file", str(REPORT))
            t0 = time.perf_counter()
            page.get_by_role("button", name="Open and analyse").click()
            page.wait_for_selector('#suggestions-panel[data-state="ready"][data-segment="0"]')
            open_seconds = time.perf_counter() - t0
            n_segments = page.locator("#segments li").count()
            page.evaluate(
                "document.addEventListener('keydown', () => { window.__pressed = "
                "performance.now(); }, true)"
            )
            times: list[float] = []
            matches = 0
            index = 0
            for k in range(passes + 1):  # pass 0 warms up
                for key_name, step in (("Alt+ArrowDown", 1), ("Alt+ArrowUp", -1)):
                    for _ in range(n_segments - 1):
                        index += step
                        page.keyboard.press(key_name)
                        ms = page.evaluate(_WAIT_SHOWN, index)
                        if k > 0:
                            times.append(ms)
                            matches += page.locator("#suggestions .match").count() > 0
            load = os.getloadavg()[0]
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
    return {
        "segments": n_segments,
        "moves": len(times),
        "with_suggestions": matches,
        "open_seconds": round(open_seconds, 1),
        "p50": round(pct(times, 50), 1),
        "p95": round(pct(times, 95), 1),
        "max": round(max(times), 1),
        "load": round(load, 1),
    }


def render(n: int, meta: dict[str, Any], r: dict[str, Any], cmd: str) -> str:
    verdict = "met" if r["p95"] <= TARGET_P95_MS else "NOT met"
    return f"""## Workbench: moving to a segment until its suggestions are shown

Command: `{cmd}`
Machine: {machine()}

Server, browser and benchmark share the machine (2 cores, shared with other jobs). Store: SQLite,
{meta["units"]} units ({n} benchmark units en-it/en-sw + the G7 sample memory and glossary), built
in {meta["build_seconds"]} s. Document: the sample English report (`tm/data/report.en.txt`,
{r["segments"]} segments) en→sw with Italian beside the source, every memory consulted; opening it
(upload, segmentation, match analysis) took {r["open_seconds"]} s. Each move (`Alt+Down`/`Alt+Up`)
runs three lookups in parallel (suggestions, terms, the third language); the time runs from the
key press to the frame after the suggestions are shown, measured in the page. Suggestions are
asked from 70% (from 50% for a segment whose best match in the analysis was below 70). Load
average (1 min) at the end of the run: {r["load"]} on 2 cores.

| memory units | moves timed | moves with suggestions | p50 (ms) | p95 (ms) | max (ms) | target p95 ≤ {TARGET_P95_MS:.0f} ms |
| ---: | ---: | ---: | ---: | ---: | ---: | :--- |
| {meta["units"]} | {r["moves"]} | {r["with_suggestions"]} | {r["p50"]} | {r["p95"]} | {r["max"]} | {verdict} |
"""


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--units", type=int, default=1_000_000)
    parser.add_argument("--passes", type=int, default=3, help="timed passes down and up")
    parser.add_argument("--quick", action="store_true", help="10k units, one pass")
    args = parser.parse_args(argv)
    n, passes = (10_000, 1) if args.quick else (args.units, args.passes)
    if not Path(CHROMIUM).exists():
        print(f"{CHROMIUM} is absent (apt-get install chromium); skipped", file=sys.stderr)
        return 0
    DATA.mkdir(parents=True, exist_ok=True)
    path = DATA / f"workbench_{n}.db"
    meta = build(path, n)
    print(f"store: {meta}", file=sys.stderr)
    result = measure(path, passes)
    print(json.dumps(result), file=sys.stderr)
    cmd = "python -m benchmarks.workbench" + (" --quick" if args.quick else f" --units {n}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "workbench.md").write_text(render(n, meta, result, cmd))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
