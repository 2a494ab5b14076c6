"""Unit writes under concurrency: versions and ETags, If-Match, PATCH, no lost update (both
database backends)."""

from __future__ import annotations

import threading
from typing import Any

import httpx
from fastapi.testclient import TestClient

from .conftest import bearer

IT = "La riunione si è tenuta a Roma."
SW = "Mkutano ulifanyika Roma."
EN = "The meeting was held in Rome."
# a word per round (numbers would be QA findings: the source has none)
WORDS = [
    "alpha",
    "bravo",
    "charlie",
    "delta",
    "echo",
    "foxtrot",
    "golf",
    "hotel",
    "india",
    "juliett",
    "kilo",
    "lima",
    "mike",
    "november",
]
WORDS += ["oscar", "papa", "quebec", "romeo", "sierra", "tango"]


def _add(client: TestClient, key: str) -> dict[str, Any]:
    body = {"variants": [{"lang": "it", "text": IT}, {"lang": "sw", "text": SW}]}
    body["variants"].append({"lang": "en", "text": EN})
    r = client.post("/v1/memories/g7/units", json=body, headers=bearer(key))
    assert r.status_code == 201, r.text
    return dict(r.json())


def _texts(unit: dict[str, Any]) -> dict[str, str]:
    return {v["lang"]: v["text"] for v in unit["variants"]}


def test_every_unit_answer_carries_its_version_as_etag(backend: tuple[TestClient, str]) -> None:
    client, key = backend
    unit = _add(client, key)
    assert unit["version"] == 1
    path = f"/v1/memories/g7/units/{unit['id']}"
    r = client.get(path, headers=bearer(key))
    assert (r.headers["ETag"], r.json()["version"]) == ('"1"', 1)
    r = client.put(
        path, json={"variants": [{"lang": "sw", "text": "Mkutano."}]}, headers=bearer(key)
    )
    assert (r.status_code, r.headers["ETag"], r.json()["version"]) == (200, '"2"', 2)


def test_a_put_with_a_stale_if_match_is_412_with_the_current_version(
    backend: tuple[TestClient, str],
) -> None:
    client, key = backend
    unit = _add(client, key)
    path = f"/v1/memories/g7/units/{unit['id']}"
    fresh = {**bearer(key), "If-Match": '"1"'}
    r = client.put(path, json={"variants": [{"lang": "sw", "text": "Mkutano."}]}, headers=fresh)
    assert r.status_code == 200, r.text
    r = client.put(path, json={"variants": [{"lang": "en", "text": "Meeting."}]}, headers=fresh)
    assert r.status_code == 412
    error = r.json()["error"]
    assert error["code"] == "version_mismatch"
    assert error["details"] == {"version": 2, "etag": '"2"'}
    assert _texts(client.get(path, headers=bearer(key)).json())["en"] == EN
    assert client.delete(path, headers=fresh).status_code == 412
    assert client.delete(path, headers={**bearer(key), "If-Match": '"2"'}).status_code == 204


def test_if_match_star_or_absent_writes_and_a_foreign_one_is_412(
    backend: tuple[TestClient, str],
) -> None:
    client, key = backend
    path = f"/v1/memories/g7/units/{_add(client, key)['id']}"
    body = {"variants": [{"lang": "sw", "text": "Mkutano."}]}
    assert client.put(path, json=body, headers={**bearer(key), "If-Match": "*"}).status_code == 200
    r = client.put(path, json=body, headers={**bearer(key), "If-Match": "yesterday"})
    assert (r.status_code, r.json()["error"]["code"]) == (412, "version_mismatch")
    assert client.get(path, headers=bearer(key)).json()["version"] == 2


def test_patch_changes_one_variant_and_keeps_the_others(backend: tuple[TestClient, str]) -> None:
    client, key = backend
    unit = _add(client, key)
    path = f"/v1/memories/g7/units/{unit['id']}"
    r = client.patch(path, json={"lang": "fr", "text": "La réunion."}, headers=bearer(key))
    assert r.status_code == 200, r.text
    assert _texts(r.json()) == {"it": IT, "sw": SW, "en": EN, "fr": "La réunion."}
    r = client.patch(
        path, json={"lang": "sw", "text": "Mkutano."}, headers={**bearer(key), "If-Match": '"1"'}
    )
    assert r.status_code == 412
    r = client.patch(
        path, json={"lang": "sw", "text": "Mkutano."}, headers={**bearer(key), "If-Match": '"2"'}
    )
    assert (r.status_code, _texts(r.json())["sw"], r.json()["version"]) == (200, "Mkutano.", 3)


def _race(
    client: TestClient, path: str, key: str, writes: list[tuple[str, str, str | None]]
) -> list[httpx.Response]:
    """Send the writes (method, lang, If-Match) at the same moment from threads of their own."""
    start = threading.Barrier(len(writes))
    answers: list[httpx.Response | None] = [None] * len(writes)

    def send(i: int, lang: str, text: str, if_match: str | None) -> None:
        headers = bearer(key) | ({"If-Match": if_match} if if_match else {})
        start.wait()
        answers[i] = client.put(
            path, json={"variants": [{"lang": lang, "text": text}]}, headers=headers
        )

    threads = [
        threading.Thread(target=send, args=(i, lang, text, m))
        for i, (lang, text, m) in enumerate(writes)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(a is not None for a in answers)
    return [a for a in answers if a is not None]


def test_two_clients_changing_other_languages_at_once_both_keep_their_change(
    backend: tuple[TestClient, str],
) -> None:
    """The lost update of issue 24: two PUTs of one unit at the same moment, each changing a
    different language, 20 rounds: both answer 200 and both changes are stored, every round."""
    client, key = backend
    unit = _add(client, key)
    path = f"/v1/memories/g7/units/{unit['id']}"
    for rnd in range(20):
        answers = _race(
            client,
            path,
            key,
            [("sw", f"Mkutano {WORDS[rnd]}.", None), ("en", f"Meeting {WORDS[rnd]}.", None)],
        )
        assert [a.status_code for a in answers] == [200, 200], [a.text for a in answers]
        stored = client.get(path, headers=bearer(key)).json()
        assert _texts(stored) == {
            "it": IT,
            "sw": f"Mkutano {WORDS[rnd]}.",
            "en": f"Meeting {WORDS[rnd]}.",
        }
        assert stored["version"] == 1 + 2 * (rnd + 1)


def test_two_clients_writing_on_the_same_version_one_wins_one_gets_412(
    backend: tuple[TestClient, str],
) -> None:
    client, key = backend
    unit = _add(client, key)
    path = f"/v1/memories/g7/units/{unit['id']}"
    for rnd in range(20):
        seen = client.get(path, headers=bearer(key)).headers["ETag"]
        answers = _race(
            client,
            path,
            key,
            [("sw", f"Mkutano {WORDS[rnd]}.", seen), ("en", f"Meeting {WORDS[rnd]}.", seen)],
        )
        codes = sorted(a.status_code for a in answers)
        assert codes == [200, 412], [a.text for a in answers]
        won = next(a for a in answers if a.status_code == 200).json()
        lost = next(a for a in answers if a.status_code == 412).json()
        assert lost["error"]["details"]["version"] == won["version"]
        assert client.get(path, headers=bearer(key)).json() == {
            k: v for k, v in won.items() if k != "findings"
        }
