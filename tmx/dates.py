"""TMX dates: the basic format ``YYYYMMDDThhmmssZ`` and the ISO 8601 forms real tools write.

TMX 1.4b requires ``20100101T010101Z`` (UTC). Tools also write ``2010-01-01T00:00:00``,
``2010-01-01T00:00:00Z``, ``2010-01-01 00:00:00+02:00``, fractional seconds, dates without a
time, or the basic format without the ``Z``. A time without a zone is taken as UTC. Readers keep
the attribute string as written; :func:`parse_date` tells whether it is a real date.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone

__all__ = ["format_date", "parse_date"]

_BASIC = re.compile(r"(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z")
_ANY = re.compile(
    r"""
    (\d{4})-?(\d{2})-?(\d{2})                       # date, basic or extended
    (?:[T\x20](\d{2}):?(\d{2})(?::?(\d{2}))?        # time, seconds optional
       (?:[.,](\d{1,9}))?                           # fraction
    )?
    (Z|[+-]\d{2}(?::?\d{2})?)?                      # zone
    """,
    re.VERBOSE,
)


def parse_date(value: str) -> datetime | None:
    """Return the UTC datetime ``value`` names, or None when it is not a possible date.

    >>> parse_date("20100101T010101Z")
    datetime.datetime(2010, 1, 1, 1, 1, 1, tzinfo=datetime.timezone.utc)
    >>> parse_date("20101345T000000Z") is None
    True
    """
    text = value.strip()
    m = _BASIC.fullmatch(text)
    try:
        if m is not None:
            y, mo, d, h, mi, s = map(int, m.groups())
            return datetime(y, mo, d, h, mi, s, tzinfo=UTC)
        m = _ANY.fullmatch(text)
        if m is None:
            return None
        y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
        h = int(m.group(4) or 0)
        mi = int(m.group(5) or 0)
        s = int(m.group(6) or 0)
        frac = m.group(7) or ""
        micro = int((frac + "000000")[:6]) if frac else 0
        if h == 24 and mi == 0 and s == 0 and micro == 0:  # ISO's end-of-day midnight
            base = datetime(y, mo, d, tzinfo=UTC) + timedelta(days=1)
        else:
            base = datetime(y, mo, d, h, mi, s, micro, tzinfo=UTC)
        zone = m.group(8)
        if zone and zone != "Z":
            sign = -1 if zone[0] == "-" else 1
            digits = zone[1:].replace(":", "")
            offset = timedelta(hours=int(digits[:2]), minutes=int(digits[2:4] or 0))
            if offset >= timedelta(hours=24):
                return None
            base = base.replace(tzinfo=timezone(sign * offset)).astimezone(UTC)
        return base
    except (ValueError, OverflowError):
        return None


def format_date(dt: datetime) -> str:
    """Return ``dt`` in the TMX basic format (UTC); a naive datetime is taken as UTC.

    >>> format_date(datetime(2010, 1, 1, 1, 1, 1))
    '20100101T010101Z'
    """
    if dt.tzinfo is not None:
        dt = dt.astimezone(UTC)
    return f"{dt.year:04d}{dt.month:02d}{dt.day:02d}T{dt.hour:02d}{dt.minute:02d}{dt.second:02d}Z"
