"""QA profiles and suppressions per project over HTTP and in the CLI (stored in the database,
with who, why and when; unknown fingerprints refused, naming them)."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from fastapi.testclient import TestClient

from mkutano.api.cli import main

from .conftest import bearer

QA = {
    "source_lang": "it",
    "target_lang": "sw",
    "pairs": [
        {
            "id": "1",
            "source": "La lotta contro la criminalità informatica.",
            "target": "Mapambano dhidi ya it-brottslighet.",
        }
    ],
    "project": "cms",
}


def _forbidden(client: TestClient, token: str) -> list[str]:
    r = client.post("/v1/qa", json=QA, headers=bearer(token))
    assert r.status_code == 200, r.text
    return [f["fingerprint"] for f in r.json()["findings"] if f["check"] == "term-forbidden"]


def test_http_suppression_of_a_known_finding_with_who_and_why(
    client: TestClient, tokens: dict[str, str]
) -> None:
    [fp] = _forbidden(client, tokens["reader"])
    r = client.post(
        "/v1/qa/projects/cms/suppressions",
        json={"fingerprint": fp, "why": "quoted from the source"},
        headers=bearer(tokens["translator"]),
    )
    assert r.status_code == 201, r.text
    body = r.json()
    assert (body["fingerprint"], body["why"], body["check"]) == (
        fp,
        "quoted from the source",
        "term-forbidden",
    )
    assert body["who"]
    assert body["created_at"]
    assert _forbidden(client, tokens["reader"]) == []
    listed = client.get("/v1/qa/projects/cms/suppressions", headers=bearer(tokens["reader"]))
    assert [s["fingerprint"] for s in listed.json()["suppressions"]] == [fp]
    r = client.delete(f"/v1/qa/projects/cms/suppressions/{fp}", headers=bearer(tokens["admin"]))
    assert r.status_code == 204
    assert _forbidden(client, tokens["reader"]) == [fp]
    r = client.delete(f"/v1/qa/projects/cms/suppressions/{fp}", headers=bearer(tokens["admin"]))
    assert r.status_code == 404


def test_http_unknown_fingerprints_are_422_naming_them(
    client: TestClient, tokens: dict[str, str]
) -> None:
    [fp] = _forbidden(client, tokens["reader"])
    typo = fp[:-1] + ("0" if fp[-1] != "0" else "1")
    for bad in (typo, "5b551e21", "NOTHEX0123456789"):
        r = client.post(
            "/v1/qa/projects/cms/suppressions",
            json={"fingerprint": bad, "why": "x"},
            headers=bearer(tokens["translator"]),
        )
        assert r.status_code == 422, bad
        err = r.json()["error"]
        assert err["code"] == "unknown_fingerprint"
        assert bad in err["message"]
        assert err["details"] == {"fingerprint": bad}
    assert client.get(
        "/v1/qa/projects/cms/suppressions", headers=bearer(tokens["reader"])
    ).json() == {"suppressions": []}


def test_http_profile_stored_per_project_with_who(
    client: TestClient, tokens: dict[str, str]
) -> None:
    r = client.get("/v1/qa/projects/cms/profile", headers=bearer(tokens["reader"]))
    assert r.status_code == 200
    assert r.json()["updated_by"] is None
    r = client.put(
        "/v1/qa/projects/cms/profile",
        json={"checks": {"disable": ["terminology"]}},
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 200, r.text
    assert r.json()["updated_by"]
    assert r.json()["profile"]["checks"]["disable"] == ["terminology"]
    assert _forbidden(client, tokens["reader"]) == []  # the project's profile applies
    r = client.put(
        "/v1/qa/projects/cms/profile",
        json={"checks": {"severity": {"glued-words": "fatal"}}},
        headers=bearer(tokens["admin"]),
    )
    assert r.status_code == 422
    assert r.json()["error"]["code"] == "invalid_profile"
    assert "fatal" in r.json()["error"]["message"]


def _run(*args: str) -> tuple[int, str, str]:
    r = CliRunner().invoke(main, list(args))
    return r.exit_code, r.stdout, r.stderr


def test_cli_project_suppression_refuses_unknown_fingerprints_without_a_report(
    tmp_path: Path,
) -> None:
    db = str(tmp_path / "m.db")
    assert _run("memories", "create", "g7", "--db", db)[0] == 0
    pairs = tmp_path / "p.jsonl"
    pairs.write_text(json.dumps(QA["pairs"][0]) + "\n", encoding="utf-8")  # type: ignore[index]
    qa = ["qa", "--from", "it", "--to", "sw", "--pairs", str(pairs), "--json", "--db", db]
    code, out, _ = _run(*qa, "--project", "cms")
    assert code == 1
    fp = next(
        f["fingerprint"] for f in json.loads(out)["findings"] if f["check"] == "term-forbidden"
    )
    typo = fp[:-1] + ("0" if fp[-1] != "0" else "1")
    suppress = ["qa-suppress", "--project", "cms", "--who", "amina", "--why", "quoted", "--db", db]
    code, _, err = _run(*suppress, typo)
    assert code == 2
    assert typo in err
    assert "no finding of project 'cms'" in err
    code, out, _ = _run(*suppress, fp, "--json")
    assert code == 0
    assert json.loads(out)["who"] == "amina"
    code, out, _ = _run(*qa, "--project", "cms")
    assert fp not in {f["fingerprint"] for f in json.loads(out)["findings"]}
    # a profile file, no --report: the store's recorded findings decide what is known
    prof = str(tmp_path / "qa.toml")
    code, _, err = _run(
        "qa-suppress", typo, "--profile", prof, "--who", "a", "--why", "b", "--db", db
    )
    assert code == 2
    assert typo in err
    assert "--report" in err
    assert not Path(prof).exists()
    code, _, _ = _run("qa-suppress", fp, "--profile", prof, "--who", "a", "--why", "b", "--db", db)
    assert code == 0
    assert fp in Path(prof).read_text(encoding="utf-8")
