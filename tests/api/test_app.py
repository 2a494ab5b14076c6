"""The HTTP API in-process: every route's behaviour on a fresh SQLite store."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from lxml import etree

from mkutano.tm.transfer import export_tmx
from mkutano.tmx import read_tmx

from .conftest import SAMPLE_TMX, bearer

IT = "La riunione del Gruppo Roma/Lione si è tenuta a Roma il 2 ottobre 2024."
SW = "Mkutano wa Kundi la Rome/Lyon ulifanyika Roma tarehe 2 Oktoba 2024."
EN = "The meeting of the Rome/Lyon Group was held in Rome on 2 October 2024."


def _memory(client: TestClient, token: str, name: str = "g7", **extra: Any) -> dict[str, Any]:
    r = client.post("/v1/memories", json={"name": name, **extra}, headers=bearer(token))
    assert r.status_code == 201, r.text
    return dict(r.json())


def _unit(
    client: TestClient, token: str, memory: str = "g7", it: str = IT, sw: str = SW, en: str = EN
) -> dict[str, Any]:
    body = {
        "variants": [
            {"lang": "it", "text": it},
            {"lang": "sw", "text": sw},
            {"lang": "en", "text": en},
        ]
    }
    r = client.post(f"/v1/memories/{memory}/units", json=body, headers=bearer(token))
    assert r.status_code == 201, r.text
    return dict(r.json())


# -- health and metrics --------------------------------------------------------------------------
def test_health_endpoints_are_open(client: TestClient) -> None:
    assert client.get("/healthz").json() == {"status": "ok"}
    r = client.get("/readyz")
    assert r.status_code == 200
    assert r.json() == {"status": "ready", "memories": 0}


def test_readyz_is_503_when_the_store_fails(client: TestClient) -> None:
    client.app.state.store.close()  # type: ignore[attr-defined]
    client.app.state.store.db.path = "/nonexistent-dir/x/y.db"  # type: ignore[attr-defined]
    r = client.get("/readyz")
    assert r.status_code == 503
    assert r.json()["error"]["code"] == "unavailable"


def test_metrics_count_requests_lookups_and_units(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _memory(client, tokens["admin"])
    _unit(client, tokens["translator"])
    for _ in range(3):
        client.post(
            "/v1/suggest",
            json={"source_lang": "it", "target_lang": "sw", "text": IT},
            headers=bearer(tokens["reader"]),
        )
    r = client.get("/metrics", headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/plain; version=0.0.4")
    text = r.text
    assert 'mkutano_http_requests_total{method="POST",route="/v1/suggest",status="200"} 3' in text
    assert 'mkutano_lookups_total{kind="suggest"} 3' in text
    assert 'mkutano_memory_units{memory="g7"} 1' in text
    assert (
        'mkutano_http_request_duration_seconds_count{method="POST",route="/v1/suggest"} 3' in text
    )
    assert "/v1/memories/g7" not in text  # routes are labelled by template, not by path


def test_metrics_need_a_key(client: TestClient) -> None:
    assert client.get("/metrics").status_code == 401


# -- keys ----------------------------------------------------------------------------------------
def test_key_created_over_http_works_once_and_stops_when_revoked(
    client: TestClient, tokens: dict[str, str]
) -> None:
    admin = bearer(tokens["admin"])
    r = client.post("/v1/keys", json={"role": "reader", "label": "cms"}, headers=admin)
    assert r.status_code == 201
    token, info = r.json()["key"], r.json()["info"]
    assert token.startswith("mk_")
    assert info["role"] == "reader"
    assert info["label"] == "cms"
    assert client.get("/v1/memories", headers=bearer(token)).status_code == 200
    listed = client.get("/v1/keys", headers=admin).json()["keys"]
    assert info["id"] in [k["id"] for k in listed]
    assert token not in str(listed)
    revoked = client.delete(f"/v1/keys/{info['id']}", headers=admin)
    assert revoked.status_code == 200
    assert revoked.json()["revoked_at"]
    r = client.get("/v1/memories", headers=bearer(token))
    assert r.status_code == 401
    assert r.headers["www-authenticate"] == "Bearer"


def test_key_stored_only_as_hash(client: TestClient, tokens: dict[str, str]) -> None:
    db = client.app.state.keys.db  # type: ignore[attr-defined]
    dump = str(db.query("SELECT * FROM api_keys"))
    assert tokens["admin"] not in dump
    assert tokens["admin"][10:] not in dump


def test_memory_restricted_admin_cannot_manage_keys(
    client: TestClient, tokens: dict[str, str]
) -> None:
    r = client.post("/v1/keys", json={"role": "admin"}, headers=bearer(tokens["admin@g7"]))
    assert r.status_code == 403


def test_unknown_key_id_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.delete("/v1/keys/9999", headers=bearer(tokens["admin"]))
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "not_found"


# -- memories ------------------------------------------------------------------------------------
def test_memory_lifecycle(client: TestClient, tokens: dict[str, str]) -> None:
    admin = bearer(tokens["admin"])
    created = _memory(client, tokens["admin"], priority=5, description="G7")
    assert created["name"] == "g7"
    assert created["priority"] == 5
    assert created["units"] == 0
    dup = client.post("/v1/memories", json={"name": "g7"}, headers=admin)
    assert dup.status_code == 409
    assert dup.json()["error"]["code"] == "conflict"
    updated = client.put("/v1/memories/g7", json={"read_only": True}, headers=admin).json()
    assert updated["read_only"] is True
    assert updated["priority"] == 5
    assert client.get("/v1/memories/g7", headers=bearer(tokens["reader"])).json()["read_only"]
    assert client.delete("/v1/memories/g7", headers=admin).status_code == 409  # read-only
    client.put("/v1/memories/g7", json={"read_only": False}, headers=admin)
    assert client.delete("/v1/memories/g7", headers=admin).status_code == 204
    gone = client.get("/v1/memories/g7", headers=admin)
    assert gone.status_code == 404
    assert gone.json()["error"]["code"] == "memory_not_found"


def test_memory_list_shows_only_the_keys_memories(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _memory(client, tokens["admin"], "g7")
    _memory(client, tokens["admin"], "other")
    everyone = client.get("/v1/memories", headers=bearer(tokens["reader"])).json()["memories"]
    assert sorted(m["name"] for m in everyone) == ["g7", "other"]
    limited = client.get("/v1/memories", headers=bearer(tokens["reader@g7"])).json()["memories"]
    assert [m["name"] for m in limited] == ["g7"]


def test_bad_memory_name_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.post("/v1/memories", json={"name": "../etc"}, headers=bearer(tokens["admin"]))
    assert r.status_code == 422


# -- units ---------------------------------------------------------------------------------------
def test_unit_add_get_update_delete(client: TestClient, tokens: dict[str, str]) -> None:
    _memory(client, tokens["admin"])
    unit = _unit(client, tokens["translator"])
    assert [v["lang"] for v in unit["variants"]] == ["it", "sw", "en"]
    assert unit["origin"] == "api"
    assert unit["memory"] == "g7"
    path = f"/v1/memories/g7/units/{unit['id']}"
    assert client.get(path, headers=bearer(tokens["reader"])).json()["variants"][1]["text"] == SW
    new_sw = SW.replace("ulifanyika", "ulifanyika mjini")
    r = client.put(
        path,
        json={"variants": [{"lang": "it", "text": IT}, {"lang": "SW", "text": new_sw}]},
        headers=bearer(tokens["translator"]),
    )
    assert r.status_code == 200
    assert r.json()["variants"] == [
        {"lang": "it", "text": IT, "tagged": IT, "tmx": IT},
        {"lang": "sw", "text": new_sw, "tagged": new_sw, "tmx": new_sw},
        {"lang": "en", "text": EN, "tagged": EN, "tmx": EN},
    ]
    assert client.delete(path, headers=bearer(tokens["admin"])).status_code == 204
    assert client.get(path, headers=bearer(tokens["admin"])).status_code == 404


def test_unit_breaking_the_glossary_is_refused_unless_overridden(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _memory(client, tokens["admin"])
    bad_sw = SW.replace("Kundi la Rome/Lyon", "Kikundi cha Roma")
    body = {"variants": [{"lang": "it", "text": IT}, {"lang": "sw", "text": bad_sw}]}
    r = client.post("/v1/memories/g7/units", json=body, headers=bearer(tokens["translator"]))
    assert r.status_code == 422
    error = r.json()["error"]
    assert error["code"] == "qa_refused"
    assert [f["check"] for f in error["details"]["findings"]] == ["term-missing"]
    assert client.get("/v1/memories/g7", headers=bearer(tokens["reader"])).json()["units"] == 0
    reason = "client's own house style"
    r = client.post(
        "/v1/memories/g7/units",
        json={**body, "override_reason": reason},
        headers=bearer(tokens["translator"]),
    )
    assert r.status_code == 201
    assert r.json()["override_reason"] == reason
    assert [f["check"] for f in r.json()["findings"]] == ["term-missing"]


def test_unit_of_another_memory_is_not_found(client: TestClient, tokens: dict[str, str]) -> None:
    _memory(client, tokens["admin"], "g7")
    _memory(client, tokens["admin"], "other")
    unit = _unit(client, tokens["translator"], "other")
    r = client.get(f"/v1/memories/g7/units/{unit['id']}", headers=bearer(tokens["reader"]))
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "unit_not_found"


def test_unit_with_bad_language_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    _memory(client, tokens["admin"])
    body = {"variants": [{"lang": "it", "text": "a"}, {"lang": "not a tag", "text": "b"}]}
    r = client.post("/v1/memories/g7/units", json=body, headers=bearer(tokens["translator"]))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_input"
    assert "not a tag" in r.json()["error"]["message"]


def test_unit_in_read_only_memory_is_409(client: TestClient, tokens: dict[str, str]) -> None:
    _memory(client, tokens["admin"], read_only=True)
    body = {"variants": [{"lang": "it", "text": "a"}, {"lang": "sw", "text": "b"}]}
    r = client.post("/v1/memories/g7/units", json=body, headers=bearer(tokens["translator"]))
    assert r.status_code == 409
    assert r.json()["error"]["code"] == "memory_read_only"


def test_units_page_with_a_cursor(client: TestClient, tokens: dict[str, str]) -> None:
    _memory(client, tokens["admin"])
    ids = [
        _unit(
            client, tokens["translator"], it=f"Frase {i}.", sw=f"Sentensi {i}.", en=f"Sentence {i}."
        )["id"]
        for i in range(5)
    ]
    seen: list[int] = []
    cursor: str | None = ""
    pages = 0
    while cursor is not None:
        r = client.get(
            "/v1/memories/g7/units",
            params={"limit": 2, "cursor": cursor},
            headers=bearer(tokens["reader"]),
        )
        assert r.status_code == 200
        seen += [u["id"] for u in r.json()["units"]]
        cursor = r.json()["next_cursor"]
        pages += 1
    assert seen == ids
    assert pages == 3


def test_units_filter_by_language(client: TestClient, tokens: dict[str, str]) -> None:
    _memory(client, tokens["admin"])
    _unit(client, tokens["translator"])
    body = {"variants": [{"lang": "it", "text": "Solo italiano."}, {"lang": "en", "text": "Only."}]}
    client.post("/v1/memories/g7/units", json=body, headers=bearer(tokens["translator"]))
    r = client.get(
        "/v1/memories/g7/units", params={"lang": "sw-KE"}, headers=bearer(tokens["reader"])
    )
    assert [len(u["variants"]) for u in r.json()["units"]] == [3]


@pytest.mark.parametrize(
    ("params", "code"),
    [({"cursor": "abc"}, "invalid_cursor"), ({"limit": 100_000}, "page_too_large")],
)
def test_bad_page_requests_are_422(
    client: TestClient, tokens: dict[str, str], params: dict[str, Any], code: str
) -> None:
    _memory(client, tokens["admin"])
    r = client.get("/v1/memories/g7/units", params=params, headers=bearer(tokens["reader"]))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == code


# -- lookups -------------------------------------------------------------------------------------
def test_suggest_finds_an_added_unit_with_cli_fields(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _memory(client, tokens["admin"])
    unit = _unit(client, tokens["translator"])
    r = client.post(
        "/v1/suggest",
        json={"source_lang": "it", "target_lang": "sw", "text": IT, "prev": None, "next": None},
        headers=bearer(tokens["reader"]),
    )
    assert r.status_code == 200
    (match,) = r.json()["matches"]
    assert match["type"] == "exact"
    assert match["score"] == 100
    assert match["target"] == SW
    assert match["tm_target"] == SW
    assert match["unit_id"] == unit["id"]
    for field in ("penalties", "diff", "substitutions", "provenance", "memory", "pivot"):
        assert field in match
    assert match["basis"] in ("tokens", "characters")


def test_suggest_substitutes_a_changed_number(client: TestClient, tokens: dict[str, str]) -> None:
    _memory(client, tokens["admin"])
    _unit(client, tokens["translator"])
    r = client.post(
        "/v1/suggest",
        json={
            "source_lang": "it",
            "target_lang": "sw",
            "text": IT.replace("2 ottobre", "3 ottobre"),
        },
        headers=bearer(tokens["reader"]),
    )
    (match,) = r.json()["matches"]
    assert match["type"] == "fuzzy"
    assert 90 <= match["score"] < 100
    assert "3 Oktoba" in match["target"]
    assert match["tm_target"] == SW


def test_suggest_batch_answers_each_item_in_order(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _memory(client, tokens["admin"])
    _unit(client, tokens["translator"])
    body = {
        "source_lang": "it",
        "target_lang": "en",
        "items": [{"id": "a", "text": "Niente di simile qui."}, {"id": "b", "text": IT}],
    }
    r = client.post("/v1/suggest/batch", json=body, headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    results = r.json()["results"]
    assert [x["id"] for x in results] == ["a", "b"]
    assert results[0]["matches"] == []
    assert results[1]["matches"][0]["target"] == EN


def test_restricted_key_searches_only_its_memories(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _memory(client, tokens["admin"], "g7")
    _memory(client, tokens["admin"], "other")
    _unit(client, tokens["translator"], "other")
    body = {"source_lang": "it", "target_lang": "sw", "text": IT}
    assert (
        len(
            client.post("/v1/suggest", json=body, headers=bearer(tokens["reader"])).json()[
                "matches"
            ]
        )
        == 1
    )
    assert (
        client.post("/v1/suggest", json=body, headers=bearer(tokens["reader@g7"])).json()["matches"]
        == []
    )
    r = client.post(
        "/v1/suggest", json={**body, "memories": ["other"]}, headers=bearer(tokens["reader@g7"])
    )
    assert r.status_code == 403


def test_suggest_with_a_bad_language_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    body = {"source_lang": "it", "target_lang": "??", "text": IT}
    r = client.post("/v1/suggest", json=body, headers=bearer(tokens["reader"]))
    assert r.status_code == 422


def test_concordance_shows_the_phrase_in_context(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _memory(client, tokens["admin"])
    unit = _unit(client, tokens["translator"])
    r = client.post(
        "/v1/concordance",
        json={"phrase": "Rome/Lyon Group", "lang": "en", "target_lang": "sw"},
        headers=bearer(tokens["reader"]),
    )
    assert r.status_code == 200
    (hit,) = r.json()["hits"]
    assert hit["unit_id"] == unit["id"]
    assert hit["match"] == "Rome/Lyon Group"
    assert hit["translations"] == {"sw": SW}


def test_concordance_finds_forms_and_patterns(client: TestClient, tokens: dict[str, str]) -> None:
    _memory(client, tokens["admin"])
    _unit(client, tokens["translator"])
    ask = {"lang": "en", "target_lang": "sw"}
    for body, found in (
        ({"phrase": "meetings", **ask}, []),
        ({"phrase": "meetings", "forms": True, **ask}, ["meeting"]),
        ({"phrase": "Rom*", **ask}, ["Rome", "Rome"]),
    ):
        r = client.post("/v1/concordance", json=body, headers=bearer(tokens["reader"]))
        assert r.status_code == 200
        assert [h["match"] for h in r.json()["hits"]] == found


# -- import and export ---------------------------------------------------------------------------
def _wait_job(client: TestClient, token: str, url: str) -> dict[str, Any]:
    for _ in range(1200):
        job = client.get(url, headers=bearer(token)).json()
        if job["status"] in ("succeeded", "failed"):
            return dict(job)
        time.sleep(0.05)
    raise AssertionError(f"job {url} did not finish: {job}")


def _import_sample(client: TestClient, token: str, memory: str = "g7") -> dict[str, Any]:
    r = client.post(
        f"/v1/memories/{memory}/import",
        params={"filename": "g7-rome-lyon.tmx"},
        content=SAMPLE_TMX.read_bytes(),
        headers={**bearer(token), "Content-Type": "application/x-tmx+xml"},
    )
    assert r.status_code == 202, r.text
    assert r.headers["location"] == r.json()["status_url"]
    assert r.json()["job"]["status"] in ("queued", "running", "succeeded")
    return _wait_job(client, token, r.json()["status_url"])


def _sample_units() -> list[Any]:
    with read_tmx(SAMPLE_TMX) as doc:
        return list(doc)


def test_import_job_loads_the_sample_tmx(client: TestClient, tokens: dict[str, str]) -> None:
    job = _import_sample(client, tokens["admin"])
    units = _sample_units()
    assert job["status"] == "succeeded"
    assert job["kind"] == "import-tmx"
    assert job["target"] == "g7"
    assert job["result"]["added"] + job["result"]["merged"] + job["result"]["alternatives"] == len(
        units
    )
    assert job["result"]["file"] == "g7-rome-lyon.tmx"
    assert job["progress"] == job["result"]["units_read"] == len(units)
    memory = client.get("/v1/memories/g7", headers=bearer(tokens["reader"])).json()
    assert memory["units"] == job["result"]["added"] + job["result"]["alternatives"]
    first = client.get(
        "/v1/memories/g7/units", params={"limit": 1}, headers=bearer(tokens["reader"])
    )
    assert first.json()["units"][0]["origin"] == "import:g7-rome-lyon.tmx"
    it = next(v.segment.plain for v in units[1].variants if v.lang == "it")
    r = client.post(
        "/v1/suggest",
        json={"source_lang": "it", "target_lang": "sw", "text": it},
        headers=bearer(tokens["reader"]),
    )
    assert r.json()["matches"][0]["score"] == 100


def test_import_of_a_file_that_is_not_tmx_is_refused_before_a_job(
    client: TestClient, tokens: dict[str, str]
) -> None:
    r = client.post(
        "/v1/memories/g7/import",
        params={"filename": "../../notes.tmx"},
        content=b"this is not XML",
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 415, r.text
    error = r.json()["error"]
    assert error["code"] == "unsupported_format"
    assert error["message"].startswith("notes.tmx: this is ")
    assert "/tmp" not in error["message"]
    assert "XLIFF" in error["message"]
    assert client.get("/v1/memories", headers=bearer(tokens["admin"])).json()["memories"] == []


def test_import_of_a_bilingual_xliff_stores_its_confirmed_segments(
    client: TestClient, tokens: dict[str, str], corpus: Path
) -> None:
    xliff = corpus / "xliff/omegat/editor/numeric-sort-demo.xliff"
    if not xliff.is_file():
        pytest.skip(f"{xliff} is not in the corpus")
    r = client.post(
        "/v1/memories/demo/import",
        params={"filename": xliff.name},
        content=xliff.read_bytes(),
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 202, r.text
    job = _wait_job(client, tokens["admin"], r.json()["status_url"])
    assert job["status"] == "succeeded", job
    assert job["kind"] == "import-xliff", job
    assert job["result"]["units_read"] == 114
    assert job["result"]["file"] == xliff.name
    memory = client.get("/v1/memories/demo", headers=bearer(tokens["reader"])).json()
    assert memory["units"] == job["result"]["added"] + job["result"]["alternatives"] > 0


def test_import_with_an_empty_body_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.post("/v1/memories/g7/import", content=b"", headers=bearer(tokens["admin"]))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "empty_upload"


def test_unknown_job_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.get("/v1/jobs/0123456789abcdef", headers=bearer(tokens["admin"]))
    assert r.status_code == 404


def test_export_streams_the_memory_back_as_tmx(
    client: TestClient, tokens: dict[str, str], tmp_path: Path
) -> None:
    _import_sample(client, tokens["admin"])
    r = client.get("/v1/memories/g7/export", headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-tmx+xml")
    assert r.headers["content-disposition"] == 'attachment; filename="g7.tmx"'
    out = tmp_path / "out.tmx"
    out.write_bytes(r.content)
    direct = tmp_path / "direct.tmx"  # what the library writes to a file
    export_tmx(client.app.state.store, direct, memories=["g7"])  # type: ignore[attr-defined]
    with read_tmx(out) as doc, read_tmx(direct) as expected:
        units = list(doc)
        assert units == list(expected)
        assert doc.header == expected.header
    assert doc.header.srclang == "it"
    assert doc.header.attrs["creationtool"] == "mkutano"
    stored = client.get("/v1/memories/g7", headers=bearer(tokens["reader"])).json()["units"]
    assert len(units) == stored


def test_export_keeps_only_the_asked_languages(
    client: TestClient, tokens: dict[str, str], tmp_path: Path
) -> None:
    _import_sample(client, tokens["admin"])
    r = client.get(
        "/v1/memories/g7/export", params={"lang": ["it", "sw"]}, headers=bearer(tokens["reader"])
    )
    out = tmp_path / "out.tmx"
    out.write_bytes(r.content)
    with read_tmx(out) as doc:
        langs = {v.lang for u in doc for v in u.variants}
    assert langs == {"it", "sw"}


@pytest.mark.parametrize(
    ("memory", "params", "status"),
    [
        ("nowhere", {}, 404),
        ("g7", {"lang": "not a tag"}, 422),
        ("g7", {"changed_since": "last tuesday"}, 422),
    ],
)
def test_export_refuses_bad_requests_before_streaming(
    client: TestClient, tokens: dict[str, str], memory: str, params: dict[str, str], status: int
) -> None:
    _memory(client, tokens["admin"])
    r = client.get(f"/v1/memories/{memory}/export", params=params, headers=bearer(tokens["reader"]))
    assert r.status_code == status
    assert "error" in r.json()


# -- terms and QA --------------------------------------------------------------------------------
SAMPLE_TBX = SAMPLE_TMX.parents[2] / "glossaries" / "data" / "g7-rome-lyon.tbx"


def test_terms_found_with_the_sample_glossary_by_default(
    client: TestClient, tokens: dict[str, str]
) -> None:
    r = client.post(
        "/v1/terms",
        json={"text": "Magaidi walijadiliwa na INTERPOL.", "lang": "sw"},
        headers=bearer(tokens["reader"]),
    )
    assert r.status_code == 200
    hits = {h["text"]: h for h in r.json()["hits"]}
    assert "INTERPOL" in hits
    assert "Magaidi" in hits
    assert hits["Magaidi"]["start"] == 0
    assert hits["Magaidi"]["end"] == 7
    assert "it" in hits["Magaidi"]["renderings"]


def test_terms_with_an_unknown_glossary_is_404(client: TestClient, tokens: dict[str, str]) -> None:
    r = client.post(
        "/v1/terms",
        json={"text": "INTERPOL", "lang": "en", "glossary": "nope"},
        headers=bearer(tokens["reader"]),
    )
    assert r.status_code == 404
    assert r.json()["error"]["code"] == "glossary_not_found"


def test_qa_finds_a_glued_word_and_not_in_a_clean_pair(
    client: TestClient, tokens: dict[str, str]
) -> None:
    body = {
        "source_lang": "it",
        "target_lang": "sw",
        "pairs": [
            {
                "id": "bad",
                "source": "Il terrorismo e il crimine.",
                "target": "ugaidihuleta hofu kwa INTERPOLUNODC.",
            },
            {"id": "good", "source": IT, "target": SW},
        ],
    }
    r = client.post("/v1/qa", json=body, headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    findings = r.json()["findings"]
    assert {f["id"] for f in findings} == {"bad"}
    glued = [f for f in findings if f["check"] == "glued-words"]
    assert glued
    assert glued[0]["span"] == {"start": 0, "end": 12}


def test_qa_document_points_into_the_whole_target(
    client: TestClient, tokens: dict[str, str]
) -> None:
    target = "Mkutano ulifanyika Roma.\n\nKwa hiyo ugaidihuleta hofu kwa INTERPOLUNODC."
    body = {"target_lang": "sw", "target_text": target}
    r = client.post("/v1/qa/document", json=body, headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    glued = [f["span"] for f in r.json()["findings"] if f["check"] == "glued-words"]
    assert [target[s["start"] : s["end"]] for s in glued] == ["ugaidihuleta", "INTERPOLUNODC"]


def test_qa_batch_over_the_limit_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    pairs = [{"id": str(i), "source": "a", "target": "b"} for i in range(101)]
    body = {"source_lang": "it", "target_lang": "sw", "pairs": pairs}
    r = client.post("/v1/qa", json=body, headers=bearer(tokens["reader"]))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "batch_too_large"


# -- glossaries ----------------------------------------------------------------------------------
def test_glossary_import_entries_and_export(
    client: TestClient, tokens: dict[str, str], tmp_path: Path
) -> None:
    admin, reader = bearer(tokens["admin"]), bearer(tokens["reader"])
    r = client.post(
        "/v1/glossaries/g7/import",
        params={"filename": "g7-rome-lyon.tbx"},
        content=SAMPLE_TBX.read_bytes(),
        headers=admin,
    )
    assert r.status_code == 200, r.text
    report = r.json()
    assert report["glossary"] == "g7"
    assert report["concepts"] >= 45
    assert not report["rejected"]
    assert sorted(report["languages"]) == ["en", "it", "sw"]
    listed = client.get("/v1/glossaries", headers=reader).json()["glossaries"]
    assert [(g["name"], g["concepts"]) for g in listed] == [("g7", report["concepts"])]
    # entries: page through all of them
    ids: list[str] = []
    cursor: str | None = ""
    while cursor is not None:
        page = client.get(
            "/v1/glossaries/g7/entries", params={"limit": 20, "cursor": cursor}, headers=reader
        ).json()
        ids += [e["id"] for e in page["entries"]]
        cursor = page["next_cursor"]
    assert len(ids) == len(set(ids)) == report["concepts"]
    # CRUD on one entry
    entry = {
        "id": "c-test",
        "terms": [
            {"text": "mafia", "lang": "it", "status": "preferred"},
            {"text": "mafia", "lang": "sw", "status": "preferred"},
        ],
    }
    assert client.post("/v1/glossaries/g7/entries", json=entry, headers=admin).status_code == 201
    assert client.post("/v1/glossaries/g7/entries", json=entry, headers=admin).status_code == 409
    entry["terms"][1]["text"] = "mafia ya Kiitaliano"
    r = client.put("/v1/glossaries/g7/entries/c-test", json=entry, headers=admin)
    assert r.status_code == 200
    assert r.json()["terms"][1]["text"] == "mafia ya Kiitaliano"
    got = client.get("/v1/glossaries/g7/entries/c-test", headers=reader).json()
    assert got["terms"][1]["text"] == "mafia ya Kiitaliano"
    assert client.delete("/v1/glossaries/g7/entries/c-test", headers=admin).status_code == 204
    assert client.get("/v1/glossaries/g7/entries/c-test", headers=reader).status_code == 404
    # export TBX v3 and CSV
    tbx = client.get("/v1/glossaries/g7/export", headers=reader)
    assert tbx.status_code == 200
    assert tbx.headers["content-type"].startswith("application/x-tbx")
    assert b"urn:iso:std:iso:30042:ed-2" in tbx.content
    csv = client.get("/v1/glossaries/g7/export", params={"format": "csv"}, headers=reader)
    assert csv.status_code == 200
    assert csv.text.splitlines()[0].startswith(("it,", "en,", "sw,"))
    out = tmp_path / "back.tbx"
    out.write_bytes(tbx.content)
    again = client.post(
        "/v1/glossaries/copy/import",
        params={"filename": "back.tbx"},
        content=out.read_bytes(),
        headers=admin,
    ).json()
    assert again["concepts"] == report["concepts"]


def test_stored_glossary_replaces_the_sample_for_terms(
    client: TestClient, tokens: dict[str, str]
) -> None:
    admin = bearer(tokens["admin"])
    client.post("/v1/glossaries", json={"name": "tiny"}, headers=admin)
    entry = {"terms": [{"text": "kipepeo", "lang": "sw"}, {"text": "farfalla", "lang": "it"}]}
    r = client.post("/v1/glossaries/tiny/entries", json=entry, headers=admin)
    assert r.status_code == 201
    assert r.json()["id"]
    hits = client.post(
        "/v1/terms",
        json={"text": "INTERPOL na kipepeo", "lang": "sw"},
        headers=bearer(tokens["reader"]),
    ).json()["hits"]
    assert [h["text"] for h in hits] == ["kipepeo"]


def test_rejected_glossary_file_is_422_and_stores_nothing(
    client: TestClient, tokens: dict[str, str]
) -> None:
    r = client.post(
        "/v1/glossaries/bad/import",
        params={"filename": "bad.tbx"},
        content=b"<tbx><broken",
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "glossary_rejected"
    assert r.json()["error"]["details"]["diagnostics"]
    assert client.get("/v1/glossaries/bad", headers=bearer(tokens["reader"])).status_code == 404


def test_entry_with_a_bad_status_is_422(client: TestClient, tokens: dict[str, str]) -> None:
    admin = bearer(tokens["admin"])
    client.post("/v1/glossaries", json={"name": "g"}, headers=admin)
    entry = {"terms": [{"text": "x", "lang": "it", "status": "maybe"}]}
    assert client.post("/v1/glossaries/g/entries", json=entry, headers=admin).status_code == 422


# -- PostgreSQL ----------------------------------------------------------------------------------
@pytest.mark.postgres
def test_the_api_runs_on_postgresql(pg_url: str) -> None:
    from mkutano.api.app import create_app
    from mkutano.api.settings import load_settings

    app = create_app(load_settings({"db": pg_url}, environ={}))
    with TestClient(app, raise_server_exceptions=False) as client:
        keys = app.state.keys
        admin = keys.create("admin")[1]
        reader = keys.create("reader", memories=["g7"])[1]
        _memory(client, admin)
        unit = _unit(client, admin)
        r = client.post(
            "/v1/suggest",
            json={"source_lang": "it", "target_lang": "sw", "text": IT},
            headers=bearer(reader),
        )
        assert r.json()["matches"][0]["unit_id"] == unit["id"]
        job = _import_sample(client, admin, "imported")
        assert job["status"] == "succeeded"
        revoked = client.delete(f"/v1/keys/{keys.authenticate(reader).id}", headers=bearer(admin))
        assert revoked.status_code == 200
        assert client.get("/v1/memories", headers=bearer(reader)).status_code == 401


# -- documents -----------------------------------------------------------------------------------
REPORT_IT = SAMPLE_TMX.parent / "report.it.txt"


def test_analyze_counts_the_sample_report_against_its_memory(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _import_sample(client, tokens["admin"])
    r = client.post(
        "/v1/analyze",
        params={"source_lang": "it", "target_lang": "sw", "filename": "report.it.txt"},
        content=REPORT_IT.read_bytes(),
        headers={**bearer(tokens["reader"]), "Content-Type": "text/plain"},
    )
    assert r.status_code == 200, r.text
    report = r.json()
    (file,) = report["files"]
    assert file["name"] == "report.it.txt"
    assert file["segments"] > 20
    bands = report["total"]["bands"]
    assert sum(b["segments"] for b in bands.values()) == file["segments"]
    matched = sum(bands[b]["segments"] for b in ("context", "100", "95-99"))
    assert matched >= file["segments"] * 0.8  # the memory holds this report's sentences


def test_pretranslate_returns_xliff_with_targets(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _import_sample(client, tokens["admin"])
    r = client.post(
        "/v1/pretranslate",
        params={"source_lang": "it", "target_lang": "sw", "filename": "report.it.txt"},
        content=REPORT_IT.read_bytes(),
        headers=bearer(tokens["reader"]),
    )
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/x-xliff+xml")
    assert r.headers["content-disposition"] == 'attachment; filename="report.it.xlf"'
    root = etree.fromstring(r.content, etree.XMLParser(resolve_entities=False, no_network=True))
    ns = {"x": "urn:oasis:names:tc:xliff:document:1.2"}
    targets = root.findall(".//x:trans-unit/x:target", ns)
    assert root.get("version") == "1.2"
    assert len(targets) > 20
    assert any("G7" in "".join(t.itertext()) for t in targets)


def test_pretranslate_with_a_bad_language_is_422(
    client: TestClient, tokens: dict[str, str]
) -> None:
    r = client.post(
        "/v1/pretranslate",
        params={"source_lang": "it", "target_lang": "no such tag"},
        content=b"Ciao.",
        headers=bearer(tokens["reader"]),
    )
    assert r.status_code == 422
    assert "error" in r.json()


def test_undecodable_document_is_422_naming_the_clients_file(
    client: TestClient, tokens: dict[str, str]
) -> None:
    r = client.post(
        "/v1/analyze",
        params={"source_lang": "it", "target_lang": "sw", "filename": "bad.txt"},
        content=b"caf\xe9 in Latin-1, not UTF-8",
        headers=bearer(tokens["reader"]),
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_document"
    assert "bad.txt" in r.json()["error"]["message"]
    assert "/tmp" not in r.json()["error"]["message"]


def test_unit_posted_with_context_gives_a_context_match(
    client: TestClient, tokens: dict[str, str]
) -> None:
    _memory(client, tokens["admin"])
    body = {
        "variants": [{"lang": "it", "text": IT}, {"lang": "sw", "text": SW}],
        "prev": "Il Gruppo ha approvato il rapporto.",
        "next": "La prossima riunione sarà a Lione.",
        "context_key": "report-2024/p3-s2",
    }
    r = client.post("/v1/memories/g7/units", json=body, headers=bearer(tokens["translator"]))
    assert r.status_code == 201, r.text
    assert {p["type"]: p["text"] for p in r.json()["props"]} == {
        "prev": body["prev"],
        "next": body["next"],
        "id": body["context_key"],
    }
    for ask in ({"context_key": "report-2024/p3-s2"}, {"prev": body["prev"]}):
        r = client.post(
            "/v1/suggest",
            json={"source_lang": "it", "target_lang": "sw", "text": IT, **ask},
            headers=bearer(tokens["reader"]),
        )
        assert [(m["score"], m["type"]) for m in r.json()["matches"]] == [(101.0, "context")]
    r = client.post(
        "/v1/suggest",
        json={"source_lang": "it", "target_lang": "sw", "text": IT, "prev": "Altro."},
        headers=bearer(tokens["reader"]),
    )
    assert r.json()["matches"][0]["type"] == "exact"


def test_units_are_found_by_a_merged_duplicate_s_tuid(
    client: TestClient, tokens: dict[str, str], tmp_path: Path
) -> None:
    _memory(client, tokens["admin"])
    tmx = tmp_path / "dups.tmx"
    tus = "".join(
        f'<tu tuid="{t}"><tuv xml:lang="it"><seg>{IT}</seg></tuv>'
        f'<tuv xml:lang="sw"><seg>{SW}</seg></tuv></tu>'
        for t in ("cms-1", "cms-2")
    )
    tmx.write_text(
        '<tmx version="1.4"><header creationtool="t" creationtoolversion="1" segtype="sentence"'
        ' o-tmf="t" adminlang="en" srclang="it" datatype="plaintext"/>'
        f"<body>{tus}</body></tmx>",
        encoding="utf-8",
    )
    store = client.app.state.store  # type: ignore[attr-defined]
    from mkutano.tm import import_tmx

    import_tmx(store, tmx, memory="g7")
    r = client.get(
        "/v1/memories/g7/units", params={"tuid": "cms-2"}, headers=bearer(tokens["reader"])
    )
    assert r.status_code == 200
    [unit] = r.json()["units"]
    assert unit["tuids"] == ["cms-1", "cms-2"]
    assert {"type": "x-tuid", "text": "cms-2"} in unit["props"]
    r = client.get(
        "/v1/memories/g7/units", params={"tuid": "cms-3"}, headers=bearer(tokens["reader"])
    )
    assert r.json() == {"units": [], "next_cursor": None}
    r = client.get("/v1/memories/g7/units", params={"tuid": "cms-2"})
    assert r.status_code == 401


def test_memory_penalty_setting_shows_in_suggestions(tmp_path: Path) -> None:
    from mkutano.api.app import create_app
    from mkutano.api.settings import load_settings

    settings = load_settings(
        {"db": str(tmp_path / "api.db")}, environ={"MKUTANO_MEMORY_PENALTIES": "legacy=12"}
    )
    with TestClient(create_app(settings), raise_server_exceptions=False) as c:
        keys = c.app.state.keys  # type: ignore[attr-defined]
        admin, reader = keys.create("admin")[1], keys.create("reader")[1]
        for name in ("g7", "legacy"):
            _memory(c, admin, name)
            _unit(c, admin, name)
        r = c.post(
            "/v1/suggest",
            json={"source_lang": "it", "target_lang": "sw", "text": IT, "limit": 5},
            headers=bearer(reader),
        )
        got = [
            (m["memory"], m["score"], [p["name"] for p in m["penalties"]])
            for m in r.json()["matches"]
        ]
        assert got == [("g7", 100.0, []), ("legacy", 88.0, ["memory"])]


def test_deleting_a_memory_with_a_running_import_is_409_naming_the_job(
    client: TestClient, tokens: dict[str, str]
) -> None:
    from .conftest import blocked_import

    _memory(client, tokens["admin"])
    jobs = client.app.state.jobs  # type: ignore[attr-defined]
    job_id, _, release = blocked_import(client)
    r = client.delete("/v1/memories/g7", headers=bearer(tokens["admin"]))
    release.set()
    assert r.status_code == 409
    error = r.json()["error"]
    assert error["code"] == "import_running"
    assert error["details"] == {"job": job_id, "status": "running"}
    assert job_id in error["message"]
    assert jobs.wait(job_id).status == "succeeded"
    assert client.delete("/v1/memories/g7", headers=bearer(tokens["admin"])).status_code == 204
