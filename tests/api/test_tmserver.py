"""The tmserver / amaGama read API, with the requests Weblate, Virtaal and Okapi send."""

from __future__ import annotations

import logging
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from mkutano.api.routes.tmserver import BASES

from .conftest import bearer

EN = (
    "The first meeting of the G7 Rome/Lyon Group under the Italian Presidency was held in Rome "
    "in recent days at the Ministry of Foreign Affairs and International Cooperation."
)


def weblate_url(base: str, src: str, tgt: str, text: str) -> str:
    """The URL Weblate's tmserver machinery builds: each part quoted with no safe character."""
    parts = (src, tgt, "unit", text[:500].replace("\r", " "))
    return "/".join((base, *(quote(p, safe="") for p in parts)))


def stored_target(client: TestClient, source: str, src: str, tgt: str) -> str:
    store = client.app.state.store  # type: ignore[attr-defined]
    for stored in store.iter_units(memories=["g7"]):
        texts = {v.lang: v.text for v in stored.unit.variants}
        if texts.get(src) is not None and str(texts[src]) == source:
            return str(texts[tgt])
    raise AssertionError(f"{source!r} is not in the sample memory")


@pytest.fixture
def reader(g7_client: TestClient, tokens: dict[str, str]) -> dict[str, str]:
    return bearer(tokens["reader"])


@pytest.mark.parametrize("base", BASES)
def test_unit_with_an_encoded_slash_answers_the_exact_shape(
    g7_client: TestClient, reader: dict[str, str], base: str
) -> None:
    url = weblate_url(base, "en", "sw", EN)
    assert "%2F" in url
    r = g7_client.get(url, headers=reader)
    assert r.status_code == 200
    assert r.headers["content-type"] == "application/json"
    matches = r.json()
    assert matches
    assert set(matches[0]) == {"source", "target", "quality", "rank"}
    best = matches[0]
    assert best["source"] == EN
    assert best["target"] == stored_target(g7_client, EN, "en", "sw")
    assert best["quality"] == 100.0
    assert isinstance(best["quality"], float)
    assert isinstance(best["rank"], float)
    qualities = [m["quality"] for m in matches]
    assert qualities == sorted(qualities, reverse=True)


@pytest.mark.parametrize(
    ("src", "tgt"),
    [("en", "sw"), ("en_GB", "sw"), ("en-gb", "swa"), ("eng", "swa"), ("EN", "sw_ke")],
)
def test_language_codes_as_clients_spell_them(
    g7_client: TestClient, reader: dict[str, str], src: str, tgt: str
) -> None:
    r = g7_client.get(weblate_url("/tmserver", src, tgt, EN), headers=reader)
    assert r.status_code == 200
    assert r.json()[0]["target"] == stored_target(g7_client, EN, "en", "sw")


@pytest.mark.parametrize(("src", "tgt"), [("en", "de"), ("pt_br", "it"), ("ita", "fra")])
def test_an_unknown_pair_answers_an_empty_list(
    g7_client: TestClient, reader: dict[str, str], src: str, tgt: str
) -> None:
    r = g7_client.get(weblate_url("/tmserver", src, tgt, "Hello"), headers=reader)
    assert (r.status_code, r.json()) == (200, [])


def test_a_500_character_text_with_slashes_is_accepted(
    g7_client: TestClient, reader: dict[str, str]
) -> None:
    text = (EN + " ") * 4
    r = g7_client.get(weblate_url("/api/v1", "en", "it", text), headers=reader)
    assert r.status_code == 200
    assert isinstance(r.json(), list)
    assert len(text[:500]) == 500


def test_the_source_query_form_of_amagama(g7_client: TestClient, reader: dict[str, str]) -> None:
    r = g7_client.get("/tmserver/en/sw/unit/", params={"source": EN}, headers=reader)
    assert r.status_code == 200
    assert r.json()[0]["source"] == EN
    assert g7_client.get("/tmserver/en/sw/unit/", headers=reader).status_code == 404


def test_min_similarity_and_max_candidates(g7_client: TestClient, reader: dict[str, str]) -> None:
    near = EN.replace("recent days", "the last days")
    url = weblate_url("/tmserver", "en", "sw", near)
    loose = g7_client.get(url, params={"min_similarity": 30}, headers=reader).json()
    assert len(loose) > 1
    assert all(m["quality"] >= 30 for m in loose)
    one = g7_client.get(url, params={"min_similarity": 30, "max_candidates": 1}, headers=reader)
    assert one.json() == loose[:1]
    strict = g7_client.get(url, params={"min_similarity": 100}, headers=reader)
    assert strict.json() == []
    # amaGama ignores a parameter that is not an integer
    lenient = g7_client.get(url, params={"min_similarity": "high"}, headers=reader)
    assert lenient.status_code == 200
    assert all(m["quality"] >= 70 for m in lenient.json())


@pytest.mark.parametrize("base", BASES)
def test_languages_probe(g7_client: TestClient, reader: dict[str, str], base: str) -> None:
    r = g7_client.get(f"{base}/languages/", headers=reader)
    assert r.json() == {
        "sourceLanguages": ["en", "it", "sw"],
        "targetLanguages": ["en", "it", "sw"],
    }


def test_regional_tags_are_listed_with_their_base_language(
    client: TestClient, tokens: dict[str, str]
) -> None:
    client.post("/v1/memories", json={"name": "pt"}, headers=bearer(tokens["admin"]))
    unit = {"variants": [{"lang": "pt-BR", "text": "Olá."}, {"lang": "en", "text": "Hello."}]}
    client.post("/v1/memories/pt/units", json=unit, headers=bearer(tokens["admin"]))
    r = client.get("/tmserver/languages/", headers=bearer(tokens["reader"]))
    assert r.json()["sourceLanguages"] == ["en", "pt", "pt_br"]
    hit = client.get("/tmserver/en/pt_br/unit/Hello.", headers=bearer(tokens["reader"])).json()
    assert hit[0]["target"] == "Olá."


@pytest.mark.parametrize("base", BASES)
def test_the_key_can_be_carried_in_the_path(
    g7_client: TestClient, tokens: dict[str, str], base: str
) -> None:
    token = tokens["reader"]
    langs = g7_client.get(f"{base}/key/{token}/languages/")
    assert langs.status_code == 200
    assert "sw" in langs.json()["targetLanguages"]
    unit = g7_client.get(weblate_url(f"{base}/key/{token}", "en", "sw", EN))
    assert unit.json()[0]["quality"] == 100.0
    assert g7_client.get(f"{base}/key/{token}x/languages/").status_code == 401
    assert g7_client.get(weblate_url(base, "en", "sw", EN)).status_code == 401


def test_a_key_in_the_path_is_never_logged(
    g7_client: TestClient, tokens: dict[str, str], caplog: pytest.LogCaptureFixture
) -> None:
    token = tokens["reader"]
    with caplog.at_level(logging.INFO, logger="mkutano.api.access"):
        g7_client.get(f"/tmserver/key/{token}/languages/")
    assert "/tmserver/key/***/languages/" in caplog.text
    assert token not in caplog.text


def test_a_key_restricted_to_other_memories_finds_nothing(
    g7_client: TestClient, tokens: dict[str, str]
) -> None:
    admin = bearer(tokens["admin"])
    assert g7_client.post("/v1/memories", json={"name": "other"}, headers=admin).status_code == 201
    keys = g7_client.app.state.keys  # type: ignore[attr-defined]
    other = bearer(keys.create("reader", memories=["other"])[1])
    assert g7_client.get(weblate_url("/tmserver", "en", "sw", EN), headers=other).json() == []
    langs = g7_client.get("/tmserver/languages/", headers=other).json()
    assert langs == {"sourceLanguages": [], "targetLanguages": []}


def test_lookups_are_counted_by_route(g7_client: TestClient, reader: dict[str, str]) -> None:
    g7_client.get(weblate_url("/tmserver", "en", "sw", EN), headers=reader)
    g7_client.get(weblate_url("/api/v1", "en", "sw", EN), headers=reader)
    text = g7_client.get("/metrics", headers=reader).text
    assert 'route="/tmserver/{src}/{tgt}/unit/{text:path}",status="200"} 1' in text
    assert 'route="/api/v1/{src}/{tgt}/unit/{text:path}",status="200"} 1' in text
    assert 'mkutano_lookups_total{kind="tmserver"} 2' in text
