"""Reading MHSDS field text: dates, times, London wall-clock instants and timestamps.

Each reader returns the value, or ``None`` when the text is not of the expected form; the
caller reports the field (by name, never by value).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from cpa_core.statutory_time import LONDON

__all__ = ["LocalInstant", "local_instant", "read_date", "read_time", "read_timestamp"]

_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ]00:00(?::00(?:\.0+)?)?)?$")
_TIME = re.compile(r"^([0-9]{2}):([0-9]{2})(?::([0-9]{2})(?:\.[0-9]+)?)?$")
# Spark and SQL Server exports write a time as a timestamp on a dummy date.
_TIME_ON_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}[T ](.+)$")


def read_date(text: str) -> date | None:
    """An ISO 8601 calendar date, ``YYYY-MM-DD`` (a midnight time after it is allowed)."""
    found = _DATE.match(text)
    if found is None:
        return None
    try:
        return date(int(found[1]), int(found[2]), int(found[3]))
    except ValueError:
        return None


def read_time(text: str) -> time | None:
    """A time of day, ``HH:MM`` or ``HH:MM:SS`` (fractions dropped), alone or on a date."""
    on_date = _TIME_ON_DATE.match(text)
    found = _TIME.match(on_date[1] if on_date is not None else text)
    if found is None:
        return None
    try:
        return time(int(found[1]), int(found[2]), int(found[3] or 0))
    except ValueError:
        return None


class LocalInstant:
    """A London wall-clock date and time as an aware instant, with what was odd about it.

    Attributes:
        instant: The instant.
        timed: Whether a time was given (otherwise the start of the London day).
        shifted: Whether the wall-clock time occurs twice or never that day in London.
    """

    __slots__ = ("instant", "shifted", "timed")

    def __init__(self, instant: datetime, *, timed: bool, shifted: bool) -> None:
        self.instant = instant
        self.timed = timed
        self.shifted = shifted


def local_instant(day: date, clock: time | None) -> LocalInstant:
    """``day`` at ``clock`` in London (the start of the day when ``clock`` is ``None``).

    A time that occurs twice (clocks going back) is read as the first; one that does not
    occur (clocks going forward) as the instant the same distance after midnight would
    give. Either is flagged, so the caller can say so.
    """
    naive = datetime.combine(day, clock or time(0))
    first = naive.replace(tzinfo=LONDON, fold=0)
    second = naive.replace(tzinfo=LONDON, fold=1)
    round_trip = first.astimezone(UTC).astimezone(LONDON).replace(tzinfo=None)
    shifted = first.utcoffset() != second.utcoffset() or round_trip != naive
    return LocalInstant(first, timed=clock is not None, shifted=shifted)


def read_timestamp(text: str) -> datetime | None:
    """An ISO 8601 date-time; one without an offset is London wall-clock time."""
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return None
    if value.tzinfo is None:
        return value.replace(tzinfo=LONDON)
    return value
