"""The workbench's routes in-process: open, suggest context, confirm with QA, reload, download."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from mkutano.glossaries.sample import load_sample
from mkutano.tmx import read_xliff, text_document
from tests.api.conftest import bearer

REPORT = Path(__file__).resolve().parents[3] / "tm" / "data" / "report.it.txt"
FORBIDDEN = "Prefect"  # the English word is forbidden in Swahili text (sample glossary)


@pytest.fixture
def sample(client: TestClient, tokens: dict[str, str]) -> TestClient:
    """The sample memory and glossary (``g7-sample``) and an empty memory ``g7`` to write to."""
    load_sample(client.app.state.store, client.app.state.glossaries)  # type: ignore[attr-defined]
    r = client.post("/v1/memories", json={"name": "g7"}, headers=bearer(tokens["admin"]))
    assert r.status_code == 201
    return client


def _open(client: TestClient, token: str, body: str | bytes, **params: Any) -> dict[str, Any]:
    query = {"memory": "g7", "source_lang": "it", "target_lang": "sw", **params}
    r = client.post(
        "/v1/workbench/work",
        params=query,
        content=body.encode() if isinstance(body, str) else body,
        headers=bearer(token),
    )
    assert r.status_code == 201, r.text
    data: dict[str, Any] = r.json()
    return data


def _confirm(
    client: TestClient, token: str, work: str, index: int, target: str, **extra: Any
) -> Any:
    return client.post(
        f"/v1/workbench/work/{work}/segments/{index}/confirm",
        json={"target": target, **extra},
        headers=bearer(token),
    )


def test_page_and_assets_are_served_with_a_strict_policy(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    html = page.text
    # no inline script, style or handler the policy would have to allow
    assert re.findall(r"<script(?![^>]*\bsrc=)", html) == []
    assert "<style" not in html
    assert " style=" not in html
    assert not re.search(r"\son\w+=", html)
    assert "http://" not in html
    assert "https://" not in html
    for asset, kind in (("workbench.js", "javascript"), ("workbench.css", "css")):
        r = client.get(f"/static/{asset}")
        assert r.status_code == 200
        assert kind in r.headers["content-type"]
    assert client.get("/static/../app.py").status_code == 404
    assert client.get("/static/secret.txt").status_code == 404


def test_a_document_is_segmented_and_analysed_as_mkutano_segment_does(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    text = REPORT.read_text(encoding="utf-8")
    work = _open(sample, tokens["translator"], text, pivot_lang="en", consult=["g7-sample"])
    expected = [s.plain for s in text_document(text, "it").segments]
    assert [s["text"] for s in work["segments"]] == expected
    assert work["pivot_lang"] == "en"
    assert work["consult"] == ["g7-sample"]
    total = work["progress"]["total"]
    assert total["segments"] == len(expected)
    assert total["segments_done"] == 0
    assert sum(b["words"] for b in work["progress"]["bands"].values()) == total["words"] > 0
    assert work["segments"][0]["band"] == "100"  # the report's title is in the sample memory
    assert work["segments"][1]["prev"] == expected[0]
    assert work["segments"][0]["prev"] is None


def test_confirmed_segment_is_stored_with_its_context(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["translator"]
    work = _open(sample, token, REPORT.read_text(encoding="utf-8"))
    seg = work["segments"][0]
    best = sample.post(
        "/v1/suggest",
        json={"text": seg["text"], "source_lang": "it", "target_lang": "sw"},
        headers=bearer(token),
    ).json()["matches"][0]
    r = _confirm(sample, token, work["id"], 0, best["target"])
    assert r.status_code == 200, r.text
    stored = r.json()["segment"]
    assert stored["status"] == "confirmed"
    assert stored["unit_id"]
    unit = sample.get(f"/v1/memories/g7/units/{stored['unit_id']}", headers=bearer(token)).json()
    assert {v["lang"]: v["text"] for v in unit["variants"]} == {
        "it": seg["text"],
        "sw": best["target"],
    }
    # its neighbours were stored with it: the same segment in the same place is a context match
    again = sample.post(
        "/v1/suggest",
        json={
            "text": seg["text"],
            "source_lang": "it",
            "target_lang": "sw",
            "next": seg["next"],
            "memories": ["g7"],
        },
        headers=bearer(token),
    ).json()["matches"]
    assert again[0]["type"] == "context"
    assert again[0]["unit_id"] == stored["unit_id"]
    assert r.json()["progress"]["total"]["segments_done"] == 1 + len(r.json()["repetitions"])


def test_forbidden_term_is_refused_until_a_reason_is_given(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["translator"]
    work = _open(sample, token, "Il Prefetto ha parlato.")
    bad = f"{FORBIDDEN} alizungumza."
    refused = _confirm(sample, token, work["id"], 0, bad)
    assert refused.status_code == 422
    error = refused.json()["error"]
    assert error["code"] == "qa_refused"
    assert any(f["check"] == "term-forbidden" for f in error["details"]["findings"])
    assert sample.get("/v1/memories/g7", headers=bearer(token)).json()["units"] == 0
    kept = sample.get(f"/v1/workbench/work/{work['id']}", headers=bearer(token)).json()
    assert kept["segments"][0]["status"] == "new"
    ok = _confirm(sample, token, work["id"], 0, bad, override_reason="quoting the English rank")
    assert ok.status_code == 200, ok.text
    assert ok.json()["segment"]["override_reason"] == "quoting the English rank"
    unit_id = ok.json()["segment"]["unit_id"]
    unit = sample.get(f"/v1/memories/g7/units/{unit_id}", headers=bearer(token)).json()
    assert unit["override_reason"] == "quoting the English rank"


def test_findings_below_error_are_returned_and_do_not_block(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["translator"]
    work = _open(sample, token, "Il Gruppo ha lavorato.")
    r = _confirm(sample, token, work["id"], 0, "Kundi  lilifanya kazi.")  # two spaces
    assert r.status_code == 200, r.text
    found = r.json()["findings"]
    assert [f["check"] for f in found] == ["double-space"]
    assert found[0]["severity"] != "error"
    assert r.json()["segment"]["override_reason"] is None


def test_identical_later_segments_are_filled_as_repetitions(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["translator"]
    text = "La riunione è finita.\n\nIl Gruppo ha lavorato.\n\nLa riunione è finita."
    work = _open(sample, token, text)
    r = _confirm(sample, token, work["id"], 0, "Mkutano umekwisha.")
    assert r.status_code == 200, r.text
    assert r.json()["repetitions"] == [2]
    view = sample.get(f"/v1/workbench/work/{work['id']}", headers=bearer(token)).json()
    third = view["segments"][2]
    assert (third["status"], third["target"], third["repeats"]) == (
        "repetition",
        "Mkutano umekwisha.",
        0,
    )
    assert view["segments"][1]["status"] == "new"
    assert view["progress"]["total"]["segments_done"] == 2


def test_work_is_kept_per_user_and_survives_a_reload(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["translator"]
    work = _open(sample, token, "Il Gruppo ha lavorato.\n\nLa riunione è finita.")
    r = sample.put(
        f"/v1/workbench/work/{work['id']}/segments/1",
        json={"target": "Mkutano umek"},
        headers=bearer(token),
    )
    assert r.status_code == 200
    assert r.json()["segment"]["status"] == "draft"
    view = sample.get(f"/v1/workbench/work/{work['id']}", headers=bearer(token)).json()
    assert view["segments"][1]["target"] == "Mkutano umek"
    listed = sample.get("/v1/workbench/work", headers=bearer(token)).json()["work"]
    assert [w["id"] for w in listed] == [work["id"]]
    # another user neither sees nor reads it
    other = tokens["admin"]
    assert sample.get("/v1/workbench/work", headers=bearer(other)).json()["work"] == []
    assert sample.get(f"/v1/workbench/work/{work['id']}", headers=bearer(other)).status_code == 404


def test_reader_may_view_but_not_confirm(sample: TestClient, tokens: dict[str, str]) -> None:
    me = sample.get("/v1/workbench/me", headers=bearer(tokens["reader"])).json()
    assert me["role"] == "reader"
    assert me["can_confirm"] is False
    work = _open(sample, tokens["reader"], "Il Gruppo ha lavorato.")
    assert (
        sample.get(f"/v1/workbench/work/{work['id']}", headers=bearer(tokens["reader"])).status_code
        == 200
    )
    r = _confirm(sample, tokens["reader"], work["id"], 0, "Kundi lilifanya kazi.")
    assert r.status_code == 403
    assert sample.get("/v1/workbench/me", headers=bearer(tokens["translator"])).json()[
        "can_confirm"
    ]


def test_download_rebuilds_html_with_the_translation_and_escapes_it(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["translator"]
    page = "<html><body><h1>Il Gruppo ha lavorato.</h1><p>La riunione è finita.</p></body></html>"
    work = _open(sample, token, page, format="html", filename="report.html")
    assert [s["text"] for s in work["segments"]] == [
        "Il Gruppo ha lavorato.",
        "La riunione è finita.",
    ]
    target = "Kundi <b> lilifanya kazi & zaidi."
    assert _confirm(sample, token, work["id"], 0, target, override_reason="test").status_code == 200
    r = sample.get(f"/v1/workbench/work/{work['id']}/download", headers=bearer(token))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert 'filename="report.sw.html"' in r.headers["content-disposition"]
    assert "<h1>Kundi &lt;b&gt; lilifanya kazi &amp; zaidi.</h1>" in r.text
    assert "<p>La riunione è finita.</p>" in r.text  # not translated: the source stays
    x = sample.get(f"/v1/workbench/work/{work['id']}/download?as=xliff", headers=bearer(token))
    units = read_xliff(x.content).units
    assert units[0].target is not None
    assert units[0].target.plain == target
    assert units[1].target is None


def test_an_xliff_upload_comes_back_as_xliff_with_its_ids(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["translator"]
    xliff = (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.0" srcLang="it" '
        'trgLang="sw"><file id="f1"><unit id="u1"><segment><source>Il Gruppo ha lavorato.'
        '</source></segment></unit><unit id="u2"><segment><source>La riunione è finita.'
        "</source></segment></unit></file></xliff>"
    )
    work = _open(sample, token, xliff, format="xliff", filename="job.xlf")
    assert [s["text"] for s in work["segments"]] == [
        "Il Gruppo ha lavorato.",
        "La riunione è finita.",
    ]
    assert _confirm(sample, token, work["id"], 1, "Mkutano umekwisha.").status_code == 200
    r = sample.get(f"/v1/workbench/work/{work['id']}/download", headers=bearer(token))
    assert 'filename="job.sw.xlf"' in r.headers["content-disposition"]
    back = read_xliff(r.content)
    assert back.version == "2.0"
    assert [(u.id, u.target.plain if u.target else None) for u in back.units] == [
        ("u1", None),
        ("u2", "Mkutano umekwisha."),
    ]


def test_an_unreadable_upload_is_refused_with_its_name(
    sample: TestClient, tokens: dict[str, str]
) -> None:
    token = tokens["translator"]
    r = sample.post(
        "/v1/workbench/work",
        params={"memory": "g7", "source_lang": "it", "target_lang": "sw", "filename": "x.txt"},
        content=b"\xff\xfe\x00\xd8bad",
        headers=bearer(token),
    )
    assert r.status_code == 422
    assert "x.txt" in r.json()["error"]["message"]
    r = sample.post(
        "/v1/workbench/work",
        params={"memory": "nope", "source_lang": "it", "target_lang": "sw"},
        content=b"Il Gruppo.",
        headers=bearer(token),
    )
    assert r.status_code == 404


def test_the_page_assets_ship_in_the_wheel() -> None:
    import fnmatch
    import tomllib

    from mkutano.api.web import ASSETS

    root = Path(__file__).resolve().parents[3]
    static = root / "api" / "web" / "static"
    shipped = {p.name for p in static.iterdir() if p.is_file()}
    assert shipped == {*ASSETS, "index.html"}  # every file is served, every served file exists
    config = tomllib.loads((root / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["mkutano.api.web"]
    for name in shipped:
        assert any(fnmatch.fnmatch(f"static/{name}", p) for p in patterns), name


@pytest.mark.parametrize("policy", ["flag", "off"])
def test_confirm_follows_the_memory_qa_policy(
    sample: TestClient, tokens: dict[str, str], policy: str
) -> None:
    r = sample.put("/v1/memories/g7", json={"qa_policy": policy}, headers=bearer(tokens["admin"]))
    assert r.status_code == 200
    assert r.json()["qa_policy"] == policy
    token = tokens["translator"]
    work = _open(sample, token, "Il Prefetto ha parlato.")
    ok = _confirm(sample, token, work["id"], 0, f"{FORBIDDEN} alizungumza.")
    assert ok.status_code == 200, ok.text
    unit_id = ok.json()["segment"]["unit_id"]
    unit = sample.get(f"/v1/memories/g7/units/{unit_id}", headers=bearer(token)).json()
    assert unit["qa_flag"] == (["term-forbidden"] if policy == "flag" else [])
    assert unit["override_reason"] is None
