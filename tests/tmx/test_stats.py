"""tmx_stats and validate_tmx: counts per language and pair, tags, props, notes, verdicts."""

from __future__ import annotations

import io

import pytest

from mkutano.tmx import TMXParseError, tmx_stats, validate_tmx

from .builders import HEADER_ATTRS, make_tmx, tu

BODY = (
    tu(("en", 'Rome <ph x="1">{0}</ph>'), ("it", "Roma"), ("sw", "Roma"))
    + tu(("EN", 'a <hi>b</hi> <bpt i="1">x</bpt>c<ept i="1">y</ept>'), ("it_IT", "b"))
    + '<tu srclang="it"><prop type="x-a">1</prop><note>n</note>'
    '<tuv xml:lang="it"><prop type="x-b">2</prop><seg>Lione</seg></tuv>'
    '<tuv xml:lang="sw"><seg>Lyon</seg></tuv></tu>\n'
)


def test_stats_count_languages_pairs_tags_props_and_notes() -> None:
    s = tmx_stats(io.BytesIO(make_tmx(BODY)), name="s.tmx")
    assert (s.file, s.version, s.units, s.skipped) == ("s.tmx", "1.4", 3, 0)
    assert s.languages == {"en": 2, "it": 2, "it-IT": 1, "sw": 2}
    assert s.pairs == {"en→it": 1, "en→it-IT": 1, "en→sw": 1, "it→sw": 1}
    assert s.tags == {"bpt": 1, "ept": 1, "hi": 1, "ph": 1}
    assert (s.props, s.notes) == (2, 1)
    assert s.diagnostics == []
    d = s.as_dict()
    assert set(d) >= {
        "file",
        "version",
        "units",
        "languages",
        "pairs",
        "tags",
        "props",
        "notes",
        "diagnostics",
    }


def test_srclang_all_counts_each_pair_once_in_sorted_order() -> None:
    header = "<header " + HEADER_ATTRS.replace('srclang="en"', 'srclang="*all*"') + "/>"
    s = tmx_stats(io.BytesIO(make_tmx(tu(("sw", "a"), ("it", "b"), ("en", "c")), header=header)))
    assert s.pairs == {"en→it": 1, "en→sw": 1, "it→sw": 1}


def test_validate_is_valid_only_without_diagnostics() -> None:
    ok = validate_tmx(io.BytesIO(make_tmx(tu(("en", "a"), ("it", "b")))), name="ok.tmx")
    assert ok.valid
    assert ok.units == 1
    assert ok.languages == {"en": 1, "it": 1}
    bad = validate_tmx(io.BytesIO(make_tmx("<tu><tuv><seg>x</seg></tuv></tu>\n" + tu(("en", "a")))))
    assert not bad.valid
    assert bad.units == 1
    assert [d.severity for d in bad.diagnostics] == ["error"]
    assert bad.as_dict()["diagnostics"] == [
        {"line": 5, "message": bad.diagnostics[0].message, "severity": "error"}
    ]


def test_strict_validate_stops_at_the_first_error_and_reports_it() -> None:
    body = (
        tu(("en", "a"))
        + "<tu><tuv><seg>x</seg></tuv></tu>\n"
        + "<tu><tuv><seg>y</seg></tuv></tu>\n"
    )
    result = validate_tmx(io.BytesIO(make_tmx(body)), strict=True)
    assert not result.valid
    assert result.units == 1
    assert [d.line for d in result.diagnostics] == [6]


def test_unreadable_file_raises() -> None:
    with pytest.raises(TMXParseError):
        validate_tmx(io.BytesIO(b"not xml at all"))
