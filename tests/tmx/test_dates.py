"""TMX dates: the basic format, the ISO forms tools write, impossible dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tmx import format_date, parse_date


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("20100101T010101Z", datetime(2010, 1, 1, 1, 1, 1, tzinfo=UTC)),
        ("20100101T010101", datetime(2010, 1, 1, 1, 1, 1, tzinfo=UTC)),
        ("2010-01-01T00:00:00", datetime(2010, 1, 1, tzinfo=UTC)),
        ("2010-01-01T00:00:00Z", datetime(2010, 1, 1, tzinfo=UTC)),
        ("2010-01-01 12:30:00+02:00", datetime(2010, 1, 1, 10, 30, tzinfo=UTC)),
        ("2010-01-01T12:30:00.250-0130", datetime(2010, 1, 1, 14, 0, 0, 250000, tzinfo=UTC)),
        ("2010-01-01T12:30", datetime(2010, 1, 1, 12, 30, tzinfo=UTC)),
        ("2010-01-01", datetime(2010, 1, 1, tzinfo=UTC)),
        ("20100101", datetime(2010, 1, 1, tzinfo=UTC)),
        (" 20240229T235959Z ", datetime(2024, 2, 29, 23, 59, 59, tzinfo=UTC)),
    ],
)
def test_real_world_date_forms_are_parsed(text: str, expected: datetime) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "20101345T000000Z",  # month 13
        "20230229T000000Z",  # not a leap year
        "20100101T250000Z",
        "20100101T006000Z",
        "yesterday",
        "",
        "2010/01/01",
        "2010-01-01T00:00:00+25:00",
    ],
)
def test_impossible_or_unreadable_dates_are_none(text: str) -> None:
    assert parse_date(text) is None


def test_format_date_writes_basic_utc() -> None:
    assert format_date(datetime(2010, 1, 2, 3, 4, 5)) == "20100102T030405Z"
    plus2 = datetime(2010, 1, 2, 3, 4, 5, tzinfo=timezone(timedelta(hours=2)))
    assert format_date(plus2) == "20100102T010405Z"


@given(st.datetimes(min_value=datetime(1000, 1, 1), max_value=datetime(9999, 12, 31)))
def test_format_then_parse_is_identity_to_the_second(dt: datetime) -> None:
    parsed = parse_date(format_date(dt))
    assert parsed == dt.replace(microsecond=0, tzinfo=UTC)
