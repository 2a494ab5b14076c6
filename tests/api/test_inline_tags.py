"""Inline tags over HTTP: tagged units stored and exported as sent, tagged queries answered with
their own tags, untagged ones without, malformed markup a one-line 422 (both database backends).

Real sentences: FLORES devtest row 0009 (it/sw), a name wrapped in tags the translator moved.
"""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from mkutano.tmx import parse_tagged

from .conftest import bearer

B, E = '<bpt i="1">{1}</bpt>', '<ept i="1">{2}</ept>'
QB, QE = '<bpt i="7">&lt;a href="/qvc"&gt;</bpt>', '<ept i="7">&lt;/a&gt;</ept>'


def _tag(text: str, b: str = B, e: str = E) -> str:
    return text.replace("QVC", f"{b}QVC{e}", 1)


def _add_tagged(client: TestClient, key: str, row: dict[str, str]) -> dict[str, Any]:
    body = {"variants": [{"lang": k, "text": _tag(row[k])} for k in ("it", "sw")]}
    r = client.post("/v1/memories/g7/units", json=body, headers=bearer(key))
    assert r.status_code == 201, r.text
    return dict(r.json())


def _suggest(client: TestClient, key: str, text: str, **extra: Any) -> list[dict[str, Any]]:
    body = {"source_lang": "it", "target_lang": "sw", "text": text, **extra}
    r = client.post("/v1/suggest", json=body, headers=bearer(key))
    assert r.status_code == 200, r.text
    return list(r.json()["matches"])


def test_tagged_unit_is_stored_and_exported_as_sent(
    backend: tuple[TestClient, str], qvc: dict[str, str]
) -> None:
    client, key = backend
    unit = _add_tagged(client, key, qvc)
    it = unit["variants"][0]
    assert (it["text"], it["tmx"]) == (qvc["it"], _tag(qvc["it"]))
    assert it["tagged"] == qvc["it"].replace("QVC", "<1>QVC</1>")
    r = client.get(f"/v1/memories/g7/units/{unit['id']}", headers=bearer(key))
    assert [v["tmx"] for v in r.json()["variants"]] == [_tag(qvc["it"]), _tag(qvc["sw"])]
    r = client.get("/v1/memories/g7/export", headers=bearer(key))
    assert r.status_code == 200
    assert f"<seg>{_tag(qvc['sw'])}</seg>" in r.text


def test_tagged_query_gets_its_own_tags_and_untagged_none(
    backend: tuple[TestClient, str], qvc: dict[str, str]
) -> None:
    client, key = backend
    _add_tagged(client, key, qvc)
    [m] = _suggest(client, key, _tag(qvc["it"], QB, QE).replace("2017", "2018"))
    assert m["target"] == _tag(qvc["sw"], QB, QE).replace("2017", "2018")
    assert [t["kind"] for t in m["target_tags"]] == ["bpt", "ept"]
    assert m["tm_target"] == _tag(qvc["sw"])
    assert parse_tagged(m["target"]).plain == qvc["sw"].replace("2017", "2018")
    [m] = _suggest(client, key, qvc["it"].replace("2017", "2018"))
    assert (m["target"], m["target_tags"]) == (qvc["sw"].replace("2017", "2018"), [])
    assert {s["kind"]: s.get("status") for s in m["substitutions"]} == {
        "number": None,
        "tag": "removed",
    }
    # batch: the same, item by item
    body = {
        "source_lang": "it",
        "target_lang": "sw",
        "items": [{"id": "a", "text": _tag(qvc["it"], QB, QE)}, {"id": "b", "text": qvc["it"]}],
    }
    r = client.post("/v1/suggest/batch", json=body, headers=bearer(key))
    assert r.status_code == 200, r.text
    a, b = (res["matches"][0]["target"] for res in r.json()["results"])
    assert (a, b) == (_tag(qvc["sw"], QB, QE), qvc["sw"])


def test_mismatched_tags_are_stripped_with_a_named_penalty(
    backend: tuple[TestClient, str], qvc: dict[str, str]
) -> None:
    client, key = backend
    _add_tagged(client, key, qvc)
    [m] = _suggest(client, key, qvc["it"].replace("QVC", 'QVC<ph x="1">&lt;br/&gt;</ph>'))
    assert m["target"] == qvc["sw"]
    assert "tags-stripped" in [p["name"] for p in m["penalties"]]
    assert [s["status"] for s in m["substitutions"] if s["kind"] == "tag"] == ["stripped"]


def test_text_mode_and_plain_text_with_ampersands(
    backend: tuple[TestClient, str], qvc: dict[str, str]
) -> None:
    client, key = backend
    _add_tagged(client, key, qvc)
    # the same string read as markup is an exact match; as "text", its elements are words
    [m] = _suggest(client, key, _tag(qvc["it"]))
    assert (m["type"], m["score"]) == ("exact", 100.0)
    assert _suggest(client, key, _tag(qvc["it"]), markup="text") == []
    # auto: a plain "&" without any element is plain text
    assert _suggest(client, key, "AT&T < 5") == []


@pytest.mark.parametrize(
    ("path", "body", "where"),
    [
        ("/v1/suggest", {"source_lang": "it", "target_lang": "sw", "text": "x <hi>y"}, "text:"),
        (
            "/v1/suggest/batch",
            {
                "source_lang": "it",
                "target_lang": "sw",
                "items": [
                    {"id": "a", "text": "ok"},
                    {"id": "b", "text": 'a <ph x="1">&nbsp;</ph>'},
                ],
            },
            "items.1.text:",
        ),
        (
            "/v1/memories/g7/units",
            {
                "variants": [
                    {"lang": "it", "text": 'Il <bpt i="1">x</bpt>Gruppo'},
                    {"lang": "sw", "text": "Kundi"},
                ]
            },
            "variants.0.text:",
        ),
    ],
)
def test_malformed_markup_is_a_one_line_422_naming_the_field(
    backend: tuple[TestClient, str], path: str, body: dict[str, Any], where: str
) -> None:
    client, key = backend
    r = client.post(path, json=body, headers=bearer(key))
    assert r.status_code == 422, r.text
    error = r.json()["error"]
    assert error["code"] == "invalid_markup"
    assert error["message"].startswith(where)
    assert "\n" not in error["message"]
    # nothing half-written
    r = client.get("/v1/memories/g7/units", headers=bearer(key))
    assert r.json()["units"] == []


def test_put_and_patch_take_tagged_text(
    backend: tuple[TestClient, str], qvc: dict[str, str]
) -> None:
    client, key = backend
    unit = _add_tagged(client, key, qvc)
    url = f"/v1/memories/g7/units/{unit['id']}"
    new_sw = _tag(qvc["sw"]).replace("Baadaye", "Mwishoni mwa")
    r = client.patch(url, json={"lang": "sw", "text": new_sw}, headers=bearer(key))
    assert r.status_code == 200, r.text
    assert r.json()["variants"][1]["tmx"] == new_sw
    r = client.put(url, json={"variants": [{"lang": "sw", "text": "x <ph/"}]}, headers=bearer(key))
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_markup"
