"""TMX dates: the basic format, the ISO forms tools write, impossible dates."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mkutano.tmx import (
    WrittenDate,
    format_date,
    parse_date,
    read_written_date,
    write_date,
    written_date_pattern,
)


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


@pytest.mark.parametrize(
    ("text", "key", "order"),
    [
        ("5 novembre 2025", "2025-11-05", "dmy"),
        ("5 Novemba 2025", "2025-11-05", "dmy"),
        ("November 5, 2025", "2025-11-05", "mdy"),
        ("Agosti 15 1940", "1940-08-15", "mdy"),
        ("4th July 1776", "1776-07-04", "dmy"),
        ("1º maggio", "--05-01", "dmy"),
        ("5-7 nov. 2025", "2025-11-05/07", "dmy"),
        ("ottobre 2024", "2024-10", "dmy"),
        ("Sept. 3", "--09-03", "mdy"),
    ],
)
def test_written_dates_are_read_in_three_languages(text: str, key: str, order: str) -> None:
    date = read_written_date(text)
    assert date is not None
    assert (date.key, date.order) == (key, order)


def test_words_that_look_like_months_are_not_dates() -> None:
    import re

    pattern = re.compile(written_date_pattern())
    assert [m.group() for m in pattern.finditer("we set 5 goals; it may 2025 rise")] == []
    assert read_written_date("tarehe 5") is None


@pytest.mark.parametrize(
    ("lang", "expected"),
    [("it", "5 novembre 2025"), ("en", "November 5, 2025"), ("sw", "5 Novemba 2025"), ("fr", None)],
)
def test_dates_are_written_in_each_language_s_usual_form(lang: str, expected: str | None) -> None:
    assert write_date(WrittenDate(11, 2025, 5), lang) == expected


def test_a_date_is_written_in_the_style_of_an_example() -> None:
    like = read_written_date("Agosti 15 1940")
    assert write_date(WrittenDate(9, 1941, 1), "sw", like) == "Septemba 1 1941"
    like = read_written_date("4th July 1776")
    assert write_date(WrittenDate(8, 1777, 22), "en", like) == "22nd August 1777"
    like = read_written_date("Oct. 3–4, 2024")
    assert write_date(WrittenDate(11, 2025, 5, 7), "en", like) == "Nov. 5–7, 2025"
    assert write_date(WrittenDate(5, None, 1), "it") == "1º maggio"


@given(
    st.integers(1, 12),
    st.integers(1000, 2999),
    st.integers(1, 28),
    st.sampled_from(["it", "en", "sw"]),
)
def test_write_then_read_written_date_keeps_the_value(
    month: int, year: int, day: int, lang: str
) -> None:
    text = write_date(WrittenDate(month, year, day), lang)
    assert text is not None
    read = read_written_date(text)
    assert read is not None
    assert read.key == WrittenDate(month, year, day).key
