"""The Apertium APy shape, with the requests OmegaT and Weblate's apertium-apy send."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from mkutano.api.app import create_app
from mkutano.api.settings import Settings, load_settings

from .conftest import bearer, load_sample

NEW_IT = "I Ministri dell'Interno del G7 si riuniranno a Mirabella Eclano dal 3 al 5 ottobre 2025."
NEW_SW = "kuanzia tarehe 3 hadi 5 Oktoba 2025"
EXACT_IT = "Prima riunione dei Capi Delegazione del G7 Italia 2024"
EXACT_SW = "Mkutano wa kwanza wa wakuu wa wajumbe wa G7 Italia 2024"


def test_weblate_request_gets_the_apy_envelope(
    g7_client: TestClient, tokens: dict[str, str]
) -> None:
    params = {"langpair": "it|sw", "q": EXACT_IT, "markUnknown": "no"}
    r = g7_client.get("/apy/translate", params=params, headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    assert r.json() == {
        "responseData": {"translatedText": EXACT_SW},
        "responseDetails": None,
        "responseStatus": 200,
    }


@pytest.mark.parametrize("langpair", ["ita|swa", "it_IT|sw", "it-it|swa"])
def test_omegat_request_with_the_key_in_the_query(
    g7_client: TestClient, tokens: dict[str, str], langpair: str
) -> None:
    params = {"q": NEW_IT, "markUnknown": "no", "langpair": langpair, "key": tokens["reader"]}
    r = g7_client.get("/apy/translate", params=params)
    assert r.status_code == 200
    translated = r.json()["responseData"]["translatedText"]
    assert NEW_SW in translated  # the fuzzy match's target, with the new dates substituted


def test_nothing_at_or_above_the_threshold_is_an_empty_translation(tmp_path: object) -> None:
    settings: Settings = load_settings({"db": f"{tmp_path}/a.db", "apy_threshold": 95}, environ={})
    app = create_app(settings)
    with TestClient(app) as client:
        load_sample(app)
        token = app.state.keys.create("reader")[1]
        params = {"q": NEW_IT, "langpair": "it|sw", "key": token}
        body = client.get("/apy/translate", params=params).json()
        assert body["responseData"] == {"translatedText": ""}
        assert body["responseStatus"] == 200
        assert body["responseDetails"] == "no match at or above 95% in the memory"
        exact = client.get("/apy/translate", params={**params, "q": EXACT_IT}).json()
        assert exact["responseData"]["translatedText"] == EXACT_SW


def test_an_unknown_pair_translates_to_nothing(
    g7_client: TestClient, tokens: dict[str, str]
) -> None:
    params = {"q": EXACT_IT, "langpair": "it|de", "key": tokens["reader"]}
    assert g7_client.get("/apy/translate", params=params).json()["responseData"] == {
        "translatedText": ""
    }


def test_a_langpair_without_a_bar_is_refused(g7_client: TestClient, tokens: dict[str, str]) -> None:
    r = g7_client.get(
        "/apy/translate", params={"q": "x", "langpair": "it-sw"}, headers=bearer(tokens["reader"])
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_langpair"


def test_list_pairs(g7_client: TestClient, tokens: dict[str, str]) -> None:
    r = g7_client.get("/apy/listPairs", params={"key": tokens["reader"]})
    pairs = [(p["sourceLanguage"], p["targetLanguage"]) for p in r.json()["responseData"]]
    assert pairs == [
        ("en", "it"),
        ("en", "sw"),
        ("it", "en"),
        ("it", "sw"),
        ("sw", "en"),
        ("sw", "it"),
    ]
    assert r.json()["responseStatus"] == 200
    assert r.json()["responseDetails"] is None


def test_without_a_key_nothing_is_answered(g7_client: TestClient) -> None:
    assert g7_client.get("/apy/listPairs").status_code == 401
    r = g7_client.get("/apy/translate", params={"q": EXACT_IT, "langpair": "it|sw", "key": "mk_x"})
    assert r.status_code == 401


def test_translations_are_counted(g7_client: TestClient, tokens: dict[str, str]) -> None:
    params = {"q": EXACT_IT, "langpair": "it|sw", "key": tokens["reader"]}
    g7_client.get("/apy/translate", params=params)
    text = g7_client.get("/metrics", headers=bearer(tokens["reader"])).text
    assert 'mkutano_lookups_total{kind="apy"} 1' in text
    assert 'route="/apy/translate",status="200"} 1' in text


def test_weblate_can_carry_the_key_in_the_path(
    g7_client: TestClient, tokens: dict[str, str]
) -> None:
    base = f"/apy/key/{tokens['reader']}"
    pairs = g7_client.get(f"{base}/listPairs").json()["responseData"]
    assert {"sourceLanguage": "it", "targetLanguage": "sw"} in pairs
    params = {"langpair": "ita|swa", "q": EXACT_IT, "markUnknown": "no"}
    body = g7_client.get(f"{base}/translate", params=params).json()
    assert body["responseData"]["translatedText"] == EXACT_SW
    assert g7_client.get(f"/apy/key/{tokens['reader']}x/listPairs").status_code == 401
