"""CAT tools against a real ``mkutano serve`` on loopback: the exact requests of Weblate's
tmserver and apertium-apy machinery and of OmegaT, and Debian's real OmegaT on the feed."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import httpx
import pytest

from .conftest import SAMPLE_TBX, SAMPLE_TMX, run_mkutano, serve

pytestmark = pytest.mark.slow

DOCS = Path(__file__).resolve().parents[2] / "docs"
EN = (
    "The first meeting of the G7 Rome/Lyon Group under the Italian Presidency was held in Rome "
    "in recent days at the Ministry of Foreign Affairs and International Cooperation."
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str, Path]]:
    """A server on the sample memory and glossary (``g7``); yields (base URL, reader key, db)."""
    tmp = tmp_path_factory.mktemp("cat")
    db = str(tmp / "cat.db")
    run_mkutano("import", str(SAMPLE_TMX), "--memory", "g7", "--db", db)
    run_mkutano("glossary", "import", str(SAMPLE_TBX), "--name", "g7", "--db", db)
    made = run_mkutano("keys", "create", "--role", "reader", "--db", db, "--json")
    reader = json.loads(made.stdout)["key"]
    with serve(db, tmp / "server.log", secrets=[reader]) as base:
        yield base, reader, Path(db)


def weblate_url(base: str, *parts: str) -> str:
    """As Weblate's machinery joins a URL: every part quoted with no safe character."""
    return "/".join((base, *(quote(p, safe="") for p in parts)))


def test_weblate_tmserver_machinery(server: tuple[str, str, Path]) -> None:
    base, reader, _ = server
    tmserver = f"{base}/tmserver/key/{reader}"  # Weblate's setting is a URL only
    with httpx.Client(timeout=60) as weblate:
        langs = weblate.get(weblate_url(tmserver, "languages", ""))
        assert langs.status_code == 200
        assert langs.json() == {
            "sourceLanguages": ["en", "it", "sw"],
            "targetLanguages": ["en", "it", "sw"],
        }
        url = weblate_url(tmserver, "en", "sw", "unit", EN[:500].replace("\r", " "))
        assert "Rome%2FLyon" in url
        matches = weblate.get(url).json()
        assert matches[0]["source"] == EN
        assert matches[0]["quality"] == 100.0
        assert isinstance(matches[0]["quality"], float)
        assert set(matches[0]) == {"source", "target", "quality", "rank"}
        # Weblate probes a pair it has not seen before
        assert weblate.get(weblate_url(tmserver, "en", "de", "unit", "Hello")).json() == []
        # the amaGama default mount, with the key as a header
        auth = {"Authorization": f"Bearer {reader}"}
        direct = weblate.get(weblate_url(f"{base}/api/v1", "en", "sw", "unit", EN), headers=auth)
        assert direct.json() == matches


def test_apertium_clients(server: tuple[str, str, Path]) -> None:
    base, reader, _ = server
    with httpx.Client(base_url=f"{base}/apy", timeout=60) as apy:
        pairs = apy.get("/listPairs", params={"key": reader}).json()
        assert {"sourceLanguage": "it", "targetLanguage": "sw"} in pairs["responseData"]
        # OmegaT: q, then markUnknown, langpair and the key of its settings
        it = "Prima riunione dei Capi Delegazione del G7 Italia 2024"
        r = apy.get(
            "/translate",
            params={"q": it, "markUnknown": "no", "langpair": "it|sw", "key": reader},
        )
        assert r.json() == {
            "responseData": {
                "translatedText": "Mkutano wa kwanza wa wakuu wa wajumbe wa G7 Italia 2024"
            },
            "responseDetails": None,
            "responseStatus": 200,
        }
        # Weblate maps it -> ita and sw -> swa for Apertium
        weblate = apy.get(
            "/translate",
            params={"langpair": "ita|swa", "q": it, "markUnknown": "no", "key": reader},
        )
        assert weblate.json() == r.json()


def test_feed_answers_304_through_the_server(server: tuple[str, str, Path]) -> None:
    base, reader, _ = server
    auth = {"Authorization": f"Bearer {reader}"}
    with httpx.Client(base_url=base, headers=auth, timeout=60) as client:
        for path in (
            "/v1/memories/g7/export.tmx",
            "/v1/memories/g7/export.tmx.gz",
            "/v1/glossaries/g7/export.tbx",
            "/v1/glossaries/g7/export.txt?source_lang=it&target_lang=sw",
        ):
            first = client.get(path)
            assert first.status_code == 200, path
            assert first.content, path
            again = client.get(path, headers={"If-None-Match": first.headers["etag"]})
            assert (again.status_code, again.content) == (304, b""), path


# -- OmegaT (Debian's omegat package, console mode) --------------------------------------------

_PROJECT = """<?xml version="1.0" encoding="UTF-8" standalone="no"?>
<omegat>
  <project version="1.0">
    <source_dir>__DEFAULT__</source_dir>
    <source_dir_excludes/>
    <target_dir>__DEFAULT__</target_dir>
    <tm_dir>__DEFAULT__</tm_dir>
    <glossary_dir>__DEFAULT__</glossary_dir>
    <glossary_file>__DEFAULT__</glossary_file>
    <dictionary_dir>__DEFAULT__</dictionary_dir>
    <source_lang>it</source_lang>
    <target_lang>sw</target_lang>
    <source_tok>org.omegat.tokenizer.LuceneItalianTokenizer</source_tok>
    <target_tok>org.omegat.tokenizer.DefaultTokenizer</target_tok>
    <sentence_seg>false</sentence_seg>
    <support_default_translations>true</support_default_translations>
    <remove_tags>false</remove_tags>
  </project>
</omegat>
"""


def _docs_script() -> str:
    """The Groovy script of docs/omegat.md, exactly as a translator copies it."""
    text = (DOCS / "omegat.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```groovy\n(.*?)```", text, flags=re.S)
    assert len(blocks) == 1, "docs/omegat.md should hold one Groovy script"
    return blocks[0]


def _pairs(db: Path) -> list[tuple[str, str]]:
    """(Italian, Swahili) of every unit whose Italian source is unique and on one line."""
    from mkutano.tm import open_store

    store = open_store(db)
    try:
        texts = []
        for stored in store.iter_units(memories=["g7"]):
            t = {v.lang: str(v.text) for v in stored.unit.variants}
            if "it" in t and "sw" in t and "\n" not in t["it"]:
                texts.append((t["it"], t["sw"]))
    finally:
        store.close()
    sources = [it for it, _ in texts]
    return [(it, sw) for it, sw in texts if sources.count(it) == 1]


def _omegat(project: Path, script: Path, env: dict[str, str]) -> str:
    done = subprocess.run(
        ["omegat", str(project), "--mode=console-translate", f"--script={script}", "--quiet"],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    out = done.stdout + done.stderr
    assert done.returncode == 0, out
    return out


@pytest.mark.skipif(
    shutil.which("omegat") is None,
    reason="OmegaT is not installed (apt-get install omegat; .ci/run installs it)",
)
def test_omegat_translates_from_the_feed_and_reads_its_glossary(
    server: tuple[str, str, Path], tmp_path: Path
) -> None:
    base, reader, db = server
    pairs = _pairs(db)
    assert len(pairs) > 20
    project = tmp_path / "project"
    for folder in ("source", "target", "tm", "glossary", "omegat"):
        (project / folder).mkdir(parents=True)
    (project / "omegat.project").write_text(_PROJECT, encoding="utf-8")
    # a document made of memory sources, one paragraph each
    (project / "source" / "report.txt").write_text(
        "\n\n".join(it for it, _ in pairs) + "\n", encoding="utf-8"
    )
    script = tmp_path / "mkutano-feed.groovy"
    script.write_text(_docs_script(), encoding="utf-8")
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("MKUTANO_")},
        "HOME": str(tmp_path / "home"),  # OmegaT's own settings, away from the user's
        "MKUTANO_URL": base,
        "MKUTANO_KEY": reader,
        "MKUTANO_MEMORY": "g7",
        "MKUTANO_TM_DIR": "auto",
    }

    first = _omegat(project, script, env)
    assert "mkutano: mkutano.tmx updated from memory g7" in first
    assert "mkutano: mkutano.txt updated from glossary g7" in first
    assert (project / "tm" / "auto" / "mkutano.tmx").is_file()

    second = _omegat(project, script, env)
    assert "mkutano: memory g7 unchanged" in second  # the server answered 304
    assert "mkutano: glossary g7 unchanged" in second
    lines = (project / "glossary" / "mkutano.txt").read_text(encoding="utf-8").splitlines()
    entries = [line for line in lines if line and not line.startswith("#")]
    assert f"mkutano: mkutano.txt: {len(entries)} entries" in second  # OmegaT's own reader
    assert not re.search(r"Error:|Exception", second), second

    translated = (project / "target" / "report.txt").read_text(encoding="utf-8")
    assert translated == "\n\n".join(sw for _, sw in pairs) + "\n"
