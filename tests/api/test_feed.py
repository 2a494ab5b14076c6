"""The OmegaT project feed: TMX and TMX.gz exports, TBX and OmegaT glossaries, ETag and 304."""

from __future__ import annotations

import gzip

import pytest
from fastapi.testclient import TestClient

from mkutano.api.routes.feed import etag_matches
from mkutano.tmx import read_tmx

from .conftest import bearer

UNIT = {"variants": [{"lang": "it", "text": "Il Gruppo."}, {"lang": "sw", "text": "Kundi."}]}
ENTRY = {"terms": [{"text": "sequestro", "lang": "it"}, {"text": "ukamataji", "lang": "sw"}]}


@pytest.fixture
def reader(g7_client: TestClient, tokens: dict[str, str]) -> dict[str, str]:
    return bearer(tokens["reader"])


def test_tmx_export_has_an_etag_and_answers_304_until_a_change(
    g7_client: TestClient, reader: dict[str, str], tokens: dict[str, str], tmp_path: object
) -> None:
    first = g7_client.get("/v1/memories/g7/export.tmx", headers=reader)
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/x-tmx+xml"
    assert first.headers["content-disposition"] == 'attachment; filename="g7.tmx"'
    etag = first.headers["etag"]
    path = f"{tmp_path}/g7.tmx"
    with open(path, "wb") as f:
        f.write(first.content)
    assert len(list(read_tmx(path))) == g7_client.app.state.store.count_units("g7")  # type: ignore[attr-defined]

    again = g7_client.get("/v1/memories/g7/export.tmx", headers={**reader, "If-None-Match": etag})
    assert (again.status_code, again.content, again.headers["etag"]) == (304, b"", etag)

    g7_client.post("/v1/memories/g7/units", json=UNIT, headers=bearer(tokens["translator"]))
    changed = g7_client.get("/v1/memories/g7/export.tmx", headers={**reader, "If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert b"Kundi." in changed.content


def test_tmx_gz_is_the_same_tmx_compressed(g7_client: TestClient, reader: dict[str, str]) -> None:
    plain = g7_client.get("/v1/memories/g7/export.tmx", headers=reader)
    packed = g7_client.get("/v1/memories/g7/export.tmx.gz", headers=reader)
    assert packed.headers["content-type"] == "application/gzip"
    assert packed.headers["content-disposition"] == 'attachment; filename="g7.tmx.gz"'
    assert gzip.decompress(packed.content) == plain.content
    assert packed.headers["etag"] != plain.headers["etag"]
    tag = packed.headers["etag"]
    r = g7_client.get("/v1/memories/g7/export.tmx.gz", headers={**reader, "If-None-Match": tag})
    assert r.status_code == 304


def test_export_filters_are_part_of_the_etag(g7_client: TestClient, reader: dict[str, str]) -> None:
    full = g7_client.get("/v1/memories/g7/export.tmx", headers=reader)
    it_sw = g7_client.get("/v1/memories/g7/export.tmx?lang=it&lang=sw", headers=reader)
    assert it_sw.headers["etag"] != full.headers["etag"]
    assert b'xml:lang="en"' not in it_sw.content
    assert b'xml:lang="en"' in full.content
    old = g7_client.get("/v1/memories/g7/export.tmx?changed_until=2000-01-01", headers=reader)
    assert b"<tu " not in old.content


def test_a_missing_memory_or_bad_filter_is_refused_before_streaming(
    g7_client: TestClient, reader: dict[str, str]
) -> None:
    assert g7_client.get("/v1/memories/nope/export.tmx", headers=reader).status_code == 404
    bad = g7_client.get("/v1/memories/g7/export.tmx?changed_since=yesterday", headers=reader)
    assert bad.status_code == 422


def test_tbx_glossary_has_an_etag_and_answers_304(
    g7_client: TestClient, reader: dict[str, str], tokens: dict[str, str]
) -> None:
    first = g7_client.get("/v1/glossaries/g7/export.tbx", headers=reader)
    assert first.status_code == 200
    assert first.headers["content-type"] == "application/x-tbx+xml"
    assert b"urn:iso:std:iso:30042" in first.content
    etag = first.headers["etag"]
    same = g7_client.get("/v1/glossaries/g7/export.tbx", headers={**reader, "If-None-Match": etag})
    assert (same.status_code, same.content) == (304, b"")
    g7_client.post("/v1/glossaries/g7/entries", json=ENTRY, headers=bearer(tokens["admin"]))
    changed = g7_client.get(
        "/v1/glossaries/g7/export.tbx", headers={**reader, "If-None-Match": etag}
    )
    assert changed.status_code == 200
    assert b"ukamataji" in changed.content


def test_omegat_glossary_is_tab_separated_for_one_direction(
    g7_client: TestClient, reader: dict[str, str]
) -> None:
    r = g7_client.get("/v1/glossaries/g7/export.txt?source_lang=it&target_lang=sw", headers=reader)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    lines = r.text.splitlines()
    assert lines[0].startswith("# Glossary in tab-separated format")
    rows = [line.split("\t") for line in lines[1:]]
    assert rows
    assert all(len(row) == 3 for row in rows)
    assert ["terrorismo", "ugaidi"] in [row[:2] for row in rows]
    tag = r.headers["etag"]
    again = g7_client.get(
        "/v1/glossaries/g7/export.txt?source_lang=ita&target_lang=swa",
        headers={**reader, "If-None-Match": f"W/{tag}"},
    )
    assert again.status_code == 304
    other_way = g7_client.get(
        "/v1/glossaries/g7/export.txt?source_lang=sw&target_lang=it",
        headers={**reader, "If-None-Match": tag},
    )
    assert other_way.status_code == 200
    assert other_way.headers["etag"] != tag


def test_omegat_glossary_needs_both_languages(
    g7_client: TestClient, reader: dict[str, str]
) -> None:
    r = g7_client.get("/v1/glossaries/g7/export.txt?source_lang=it", headers=reader)
    assert r.status_code == 422
    assert g7_client.get("/v1/glossaries/nope/export.tbx", headers=reader).status_code == 404


@pytest.mark.parametrize(
    ("header", "matches"),
    [
        (None, False),
        ("", False),
        ('"abc"', True),
        ('W/"abc"', True),
        ('"x", "abc"', True),
        ("*", True),
        ('"abcd"', False),
    ],
)
def test_if_none_match_forms(header: str | None, matches: bool) -> None:
    assert etag_matches(header, '"abc"') is matches
