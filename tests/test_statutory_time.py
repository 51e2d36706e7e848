"""Tests for cpa_core.statutory_time: London calendar days, statutory periods and strict parsing.

The 2026 UK clock changes used as golden cases are set by the Summer Time Order 2002
(SI 2002/262) read with the Summer Time Act 1972: clocks go forward at 01:00 UTC on the last
Sunday in March (29 March 2026) and back at 01:00 UTC on the last Sunday in October
(25 October 2026).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta, timezone, tzinfo
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpa_core import statutory_time
from cpa_core.exceptions import CpaCoreError
from cpa_core.statutory_time import (
    DATE_PATTERN,
    INSTANT_PATTERN,
    LONDON,
    DueStatus,
    Period,
    add_days,
    add_months,
    days_beginning_with,
    days_between,
    due_status,
    financial_year_end,
    full_months_after,
    hours_from,
    instant_due_status,
    london_date,
    months_beginning_with,
    now,
    parse_date,
    parse_instant,
    require_aware,
    start_of_day,
)

BST = timezone(timedelta(hours=1))
HOUR = timedelta(hours=1)

# Bounds for generated dates: wide enough to cross many clock-change rules, far enough from
# year 1 and 9999 that adding the generated lengths cannot overflow.
DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
AWARE_LONDON = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(LONDON)
)
AWARE_UTC = st.datetimes(
    min_value=datetime(1900, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
)


def utc(  # noqa: PLR0917 (mirrors the positional fields of datetime itself)
    year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0, us: int = 0
) -> datetime:
    return datetime(year, month, day, hour, minute, second, us, tzinfo=UTC)


class _NoOffset(tzinfo):
    """A tzinfo that cannot say its offset: such a datetime is naive for all purposes."""

    def utcoffset(self, dt: datetime | None) -> timedelta | None:
        return None

    def dst(self, dt: datetime | None) -> timedelta | None:
        return None

    def tzname(self, dt: datetime | None) -> str | None:
        return None


# ---------------------------------------------------------------------------------------
# Awareness and London dates


def test_require_aware_accepts_and_returns_aware() -> None:
    value = utc(2026, 1, 1)
    assert require_aware(value) is value


@pytest.mark.parametrize("value", [datetime(2026, 1, 1), datetime(2026, 1, 1, tzinfo=_NoOffset())])
def test_require_aware_refuses_naive(value: datetime) -> None:
    with pytest.raises(CpaCoreError, match=r"^detention start must carry a UTC offset$"):
        require_aware(value, "detention start")


def test_require_aware_refuses_non_datetime() -> None:
    with pytest.raises(CpaCoreError, match="must be a datetime"):
        require_aware(date(2026, 1, 1))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("instant", "expected"),
    [
        (utc(2026, 6, 30, 23, 30), date(2026, 7, 1)),  # BST: already tomorrow in London
        (utc(2026, 12, 31, 23, 30), date(2026, 12, 31)),  # GMT: London date is UTC date
        (datetime(2026, 7, 1, 0, 30, tzinfo=BST), date(2026, 7, 1)),
        (datetime(2026, 1, 1, 0, 30, tzinfo=timezone(timedelta(hours=-5))), date(2026, 1, 1)),
    ],
)
def test_london_date(instant: datetime, expected: date) -> None:
    assert london_date(instant) == expected


def test_london_date_refuses_naive() -> None:
    with pytest.raises(CpaCoreError, match="UTC offset"):
        london_date(datetime(2026, 1, 1))


def test_start_of_day_follows_the_clock_change() -> None:
    assert start_of_day(date(2026, 3, 29)).utcoffset() == timedelta(0)
    assert start_of_day(date(2026, 3, 30)).utcoffset() == HOUR
    assert start_of_day(date(2026, 3, 30)) == utc(2026, 3, 29, 23)
    assert start_of_day(date(2026, 10, 25)) == utc(2026, 10, 24, 23)
    assert start_of_day(date(2026, 10, 26)) == utc(2026, 10, 26)
    assert start_of_day(date(2026, 10, 26)).tzinfo is LONDON


def test_start_of_day_when_midnight_did_not_exist() -> None:
    # London left local mean time (-00:01:15) for GMT at local midnight on 1 December 1847,
    # so that day's clocks began at 00:01:15.
    first = start_of_day(date(1847, 12, 1))
    assert first == utc(1847, 12, 1, 0, 1, 15)
    assert (first.hour, first.minute, first.second) == (0, 1, 15)


def test_start_of_day_refuses_a_datetime() -> None:
    with pytest.raises(CpaCoreError, match="must be a date"):
        start_of_day(utc(2026, 1, 1))


# ---------------------------------------------------------------------------------------
# Period


def test_period_refuses_naive_ends() -> None:
    with pytest.raises(CpaCoreError, match=r"^period start must carry a UTC offset$"):
        Period(datetime(2026, 1, 1), utc(2026, 1, 2))
    with pytest.raises(CpaCoreError, match=r"^period end must carry a UTC offset$"):
        Period(utc(2026, 1, 1), datetime(2026, 1, 2))


def test_period_refuses_end_before_start() -> None:
    with pytest.raises(CpaCoreError, match="must not be before"):
        Period(utc(2026, 1, 2), utc(2026, 1, 1))


def test_period_end_before_start_is_judged_in_real_time() -> None:
    # Wall-clock 01:30 GMT (fold=1) is an hour *after* 01:30 BST (fold=0), though Python
    # compares them as equal when they share a tzinfo.
    first = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)
    second = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON)
    assert Period(first, second).duration == HOUR
    with pytest.raises(CpaCoreError):
        Period(second, first)


def test_empty_period() -> None:
    period = Period(utc(2026, 1, 1), utc(2026, 1, 1))
    assert period.duration == timedelta(0)
    assert not period.contains(utc(2026, 1, 1))
    assert period.last_day == date(2025, 12, 31)


def test_period_contains_is_half_open() -> None:
    period = days_beginning_with(date(2026, 5, 1), 1)
    assert period.contains(datetime(2026, 5, 1, tzinfo=LONDON))
    assert period.contains(utc(2026, 5, 1, 22, 59, 59, 999999))
    assert not period.contains(utc(2026, 5, 1, 23))  # midnight BST: the next day
    assert not period.contains(utc(2026, 4, 30, 22, 59, 59, 999999))


def test_period_contains_uses_real_time_in_the_repeated_hour() -> None:
    bst_half_past_one = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)
    gmt_half_past_one = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON)
    period = hours_from(bst_half_past_one, 1)
    assert period.contains(bst_half_past_one)
    assert not period.contains(gmt_half_past_one)
    assert period.contains(utc(2026, 10, 25, 0, 59))


def test_period_contains_refuses_naive() -> None:
    with pytest.raises(CpaCoreError, match="UTC offset"):
        days_beginning_with(date(2026, 5, 1), 1).contains(datetime(2026, 5, 1, 12))


def test_period_equality_compares_instants() -> None:
    in_london = Period(datetime(2026, 6, 1, tzinfo=LONDON), datetime(2026, 6, 2, tzinfo=LONDON))
    in_utc = Period(utc(2026, 5, 31, 23), utc(2026, 6, 1, 23))
    assert in_london == in_utc
    assert hash(in_london) == hash(in_utc)
    bst = datetime(2026, 10, 25, 1, 30, tzinfo=LONDON)
    gmt = datetime(2026, 10, 25, 1, 30, fold=1, tzinfo=LONDON)
    assert Period(bst, bst + timedelta(days=1)) != Period(gmt, gmt + timedelta(days=1))


# ---------------------------------------------------------------------------------------
# Golden statutory periods around the 2026 clock changes


def test_72_hours_across_spring_change() -> None:
    period = hours_from(datetime(2026, 3, 28, 22, tzinfo=UTC), 72)
    assert period.end == utc(2026, 3, 31, 22)
    in_london = period.end.astimezone(LONDON)
    assert (in_london.hour, in_london.utcoffset()) == (23, HOUR)  # 23:00 BST
    assert period.duration == timedelta(hours=72)
    assert period.last_day == date(2026, 3, 31)


def test_72_hours_across_autumn_change() -> None:
    start = datetime(2026, 10, 24, 12, tzinfo=LONDON)  # 12:00 BST
    period = hours_from(start, 72)
    assert period.duration == timedelta(hours=72)
    assert period.end == utc(2026, 10, 27, 11)
    assert period.end.tzinfo is LONDON
    assert (period.end.hour, period.end.utcoffset()) == (11, timedelta(0))  # 11:00 GMT


def test_hours_from_keeps_the_start_zone() -> None:
    period = hours_from(datetime(2026, 3, 29, 0, 30, tzinfo=BST), 2)
    assert period.end.tzinfo is period.start.tzinfo
    assert period.end == utc(2026, 3, 29, 1, 30)


def test_zero_hours_is_empty() -> None:
    start = utc(2026, 1, 1)
    assert hours_from(start, 0).duration == timedelta(0)


@pytest.mark.parametrize(
    ("day", "hours"),
    [(date(2026, 3, 29), 23), (date(2026, 10, 25), 25), (date(2026, 7, 1), 24)],
)
def test_one_day_follows_the_calendar(day: date, hours: int) -> None:
    period = days_beginning_with(day, 1)
    assert period.duration == timedelta(hours=hours)
    assert period.last_day == day


def test_28_days_beginning_with_crosses_spring_change() -> None:
    # Shape of MHA 1983 s.2(4): "a period not exceeding 28 days beginning with the day on
    # which he is admitted".
    period = days_beginning_with(date(2026, 3, 10), 28)
    assert period.last_day == date(2026, 4, 6)
    assert period.start == datetime(2026, 3, 10, tzinfo=UTC)
    assert period.end == datetime(2026, 4, 7, tzinfo=BST)
    assert period.duration == timedelta(days=28) - HOUR
    assert period.contains(datetime(2026, 4, 6, 23, 59, 59, tzinfo=BST))
    assert not period.contains(datetime(2026, 4, 7, tzinfo=BST))


def test_months_beginning_with_plain() -> None:
    period = months_beginning_with(date(2026, 1, 15), 6)
    assert period.last_day == date(2026, 7, 14)
    assert period.end == datetime(2026, 7, 15, tzinfo=BST)


@pytest.mark.parametrize(
    ("start", "last_day"),
    [
        # shared/reference/mental-health-act.md, time anchors: "Admitted 31 Aug (or 30 Aug)
        # -> ends end of 28 Feb (29 in a leap year) - never 27 Feb. Admitted 29 Aug -> 28 Feb
        # in every year"; "admitted 1 Jan -> first period ends end of 30 Jun"; forum example
        # s3 from 31/10/21 -> 30/4/22.
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2026, 8, 30), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
        (date(2027, 8, 29), date(2028, 2, 28)),
        (date(2026, 8, 29), date(2027, 2, 28)),
        (date(2026, 1, 1), date(2026, 6, 30)),
        (date(2021, 10, 31), date(2022, 4, 30)),
    ],
)
def test_months_beginning_with_month_ends(start: date, last_day: date) -> None:
    assert months_beginning_with(start, 6).last_day == last_day


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: days_beginning_with(date(2026, 1, 1), 0), "at least 1"),
        (lambda: months_beginning_with(date(2026, 1, 1), 0), "at least 1"),
        (lambda: hours_from(utc(2026, 1, 1), -1), "at least 0"),
        (lambda: hours_from(datetime(2026, 1, 1), 1), "UTC offset"),
        (lambda: days_beginning_with(date(2026, 1, 1), True), "whole number"),
        (lambda: days_beginning_with(date(2026, 1, 1), 1.5), "whole number"),  # type: ignore[arg-type]
        (lambda: days_beginning_with(date(9999, 12, 31), 1), "out of range"),
        (lambda: months_beginning_with(date(9999, 12, 1), 1), "out of range"),
        (lambda: hours_from(datetime(9999, 12, 31, 23, tzinfo=UTC), 2), "out of range"),
        (lambda: add_days(date(2026, 1, 1), 10**10), "out of range"),
        (lambda: add_months(date(1, 1, 1), -1), "out of range"),
    ],
)
def test_bad_arguments_raise_cpa_core_error(call: Callable[[], object], message: str) -> None:
    with pytest.raises(CpaCoreError, match=message):
        call()


# ---------------------------------------------------------------------------------------
# Calendar arithmetic


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2024, 2, 29), 48, date(2028, 2, 29)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2024, 3, 31), -1, date(2024, 2, 29)),
        (date(2026, 5, 15), -5, date(2025, 12, 15)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 10, 31), 1, date(2026, 11, 30)),
        (date(2026, 1, 15), 0, date(2026, 1, 15)),
        (date(2026, 1, 15), -13, date(2024, 12, 15)),
    ],
)
def test_add_months(day: date, n: int, expected: date) -> None:
    assert add_months(day, n) == expected


def test_add_days_and_days_between() -> None:
    assert add_days(date(2026, 2, 28), 1) == date(2026, 3, 1)
    assert add_days(date(2026, 3, 1), -1) == date(2026, 2, 28)
    assert days_between(date(2026, 3, 10), date(2026, 4, 6)) == 27
    assert days_between(date(2026, 4, 6), date(2026, 3, 10)) == -27


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 4, 1), date(2027, 3, 31)),  # the first day of a financial year
        (date(2026, 12, 31), date(2027, 3, 31)),
        (date(2027, 1, 1), date(2027, 3, 31)),
        (date(2027, 3, 31), date(2027, 3, 31)),  # its last day
        (date(1, 1, 1), date(1, 3, 31)),
        (date(9999, 3, 31), date(9999, 3, 31)),
    ],
)
def test_financial_year_end(day: date, expected: date) -> None:
    # Interpretation Act 1978, Sch 1: the twelve months ending with 31 March.
    assert financial_year_end(day) == expected


def test_financial_year_end_past_the_calendar() -> None:
    with pytest.raises(statutory_time.CalendarOverflowError):
        financial_year_end(date(9999, 4, 1))


# ---------------------------------------------------------------------------------------
# Due status


@pytest.mark.parametrize(
    ("due", "as_of", "window", "expected"),
    [
        (date(2026, 5, 1), date(2026, 5, 1), 0, DueStatus.DUE_SOON),  # due today
        (date(2026, 5, 1), date(2026, 5, 2), 0, DueStatus.OVERDUE),  # due yesterday
        (date(2026, 5, 1), date(2026, 5, 2), 30, DueStatus.OVERDUE),
        (date(2026, 5, 1), date(2026, 4, 30), 0, DueStatus.NOT_DUE),
        (date(2026, 5, 1), date(2026, 4, 30), 1, DueStatus.DUE_SOON),
        (date(2026, 5, 1), date(2026, 4, 17), 14, DueStatus.DUE_SOON),
        (date(2026, 5, 1), date(2026, 4, 16), 14, DueStatus.NOT_DUE),
    ],
)
def test_due_status(due: date, as_of: date, window: int, expected: DueStatus) -> None:
    assert due_status(due, as_of, window) is expected


def test_due_status_refuses_negative_window() -> None:
    with pytest.raises(CpaCoreError, match="at least 0"):
        due_status(date(2026, 5, 1), date(2026, 5, 1), -1)


@pytest.mark.parametrize(
    ("as_of", "window", "expected"),
    [
        (utc(2026, 3, 31, 22), timedelta(0), DueStatus.OVERDUE),  # at the expiry instant
        (utc(2026, 3, 31, 23), timedelta(hours=24), DueStatus.OVERDUE),
        (utc(2026, 3, 31, 21, 59, 59), timedelta(0), DueStatus.NOT_DUE),
        (utc(2026, 3, 31, 21, 59, 59), timedelta(seconds=1), DueStatus.DUE_SOON),
        (datetime(2026, 3, 31, 12, tzinfo=BST), timedelta(hours=12), DueStatus.DUE_SOON),
        (datetime(2026, 3, 31, 10, tzinfo=BST), timedelta(hours=12), DueStatus.NOT_DUE),
    ],
)
def test_instant_due_status(as_of: datetime, window: timedelta, expected: DueStatus) -> None:
    due = hours_from(utc(2026, 3, 28, 22), 72).end
    assert instant_due_status(due, as_of, window) is expected


@pytest.mark.parametrize(
    ("due", "as_of", "window", "message"),
    [
        (datetime(2026, 1, 1), utc(2026, 1, 1), timedelta(0), "^due must carry"),
        (utc(2026, 1, 1), datetime(2026, 1, 1), timedelta(0), "^as_of must carry"),
        (utc(2026, 1, 1), utc(2026, 1, 1), timedelta(seconds=-1), "window"),
    ],
)
def test_instant_due_status_refuses(
    due: datetime, as_of: datetime, window: timedelta, message: str
) -> None:
    with pytest.raises(CpaCoreError, match=message):
        instant_due_status(due, as_of, window)


def test_due_status_values() -> None:
    assert [s.value for s in DueStatus] == ["overdue", "due-soon", "not-due"]


# ---------------------------------------------------------------------------------------
# Strict parsing


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-01", date(2026, 1, 1)),
        ("2024-02-29", date(2024, 2, 29)),
        ("0001-01-01", date(1, 1, 1)),
        ("9999-12-31", date(9999, 12, 31)),
    ],
)
def test_parse_date_accepts(text: str, expected: date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("20260101", "expected a date as YYYY-MM-DD"),  # basic format
        ("2026-W01-1", "expected a date as YYYY-MM-DD"),  # week date
        ("2026-001", "expected a date as YYYY-MM-DD"),  # ordinal date
        ("2026-1-1", "expected a date as YYYY-MM-DD"),
        (" 2026-01-01", "expected a date as YYYY-MM-DD"),
        ("2026-01-01\n", "expected a date as YYYY-MM-DD"),
        ("2026-01-01T00:00:00Z", "expected a date as YYYY-MM-DD"),
        ("+2026-01-01", "expected a date as YYYY-MM-DD"),
        ("２０２６-０１-０１", "expected a date as YYYY-MM-DD"),
        ("", "expected a date as YYYY-MM-DD"),
        ("2026-02-30", "not a real calendar date"),
        ("2025-02-29", "not a real calendar date"),
        ("2026-13-01", "not a real calendar date"),
        ("2026-00-10", "not a real calendar date"),
        ("0000-01-01", "not a real calendar date"),
    ],
)
def test_parse_date_rejects_without_echo(text: str, message: str) -> None:
    with pytest.raises(CpaCoreError) as caught:
        parse_date(text)
    assert str(caught.value) == message
    assert not text.strip() or text.strip() not in str(caught.value)


def test_parse_date_refuses_non_string() -> None:
    with pytest.raises(CpaCoreError, match="string"):
        parse_date(20260101)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-01-01T10:00:00Z", utc(2026, 1, 1, 10)),
        ("2026-01-01T10:00:00.123+01:00", utc(2026, 1, 1, 9, 0, 0, 123000)),
        ("2026-01-01t10:00:00z", utc(2026, 1, 1, 10)),
        ("2026-01-01T10:00:00-05:30", utc(2026, 1, 1, 15, 30)),
        ("2026-01-01T10:00:00+00:00", utc(2026, 1, 1, 10)),
        ("2026-01-01T10:00:00-00:00", utc(2026, 1, 1, 10)),
        ("2026-01-01T10:00:00.1234567Z", utc(2026, 1, 1, 10, 0, 0, 123456)),  # truncated
        ("2026-01-01T10:00:00.9999999Z", utc(2026, 1, 1, 10, 0, 0, 999999)),  # not rounded up
        ("2026-03-29T01:30:00+01:00", utc(2026, 3, 29, 0, 30)),
    ],
)
def test_parse_instant_accepts(text: str, expected: datetime) -> None:
    parsed = parse_instant(text)
    assert parsed == expected
    assert parsed.utcoffset() is not None


def test_parse_instant_keeps_the_offset() -> None:
    assert parse_instant("2026-06-01T10:00:00+01:00").utcoffset() == HOUR
    assert parse_instant("2026-06-01T10:00:00Z").tzinfo is UTC
    assert parse_instant("2026-06-01T10:00:00-00:00").tzinfo is UTC


_SHAPE = "expected a date-time as YYYY-MM-DDTHH:MM:SS with an offset (Z or +HH:MM)"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2026-01-01T10:00", _SHAPE),  # naive, no seconds
        ("2026-01-01T10:00:00", _SHAPE),  # naive
        ("2026-01-01 10:00Z", _SHAPE),  # space separator and no seconds
        ("2026-01-01 10:00:00Z", _SHAPE),  # RFC 3339 allows a space by agreement; we do not
        ("2026-01-01T10:00Z", _SHAPE),
        ("20260101T100000Z", _SHAPE),  # basic format
        ("2026-W01-1T10:00:00Z", _SHAPE),
        ("2026-01-01T10:00:00+0100", _SHAPE),
        ("2026-01-01T10:00:00+01", _SHAPE),
        ("2026-01-01T10:00:00.Z", _SHAPE),
        ("2026-01-01T10:00:00,5Z", _SHAPE),
        ("2026-01-01T10:00:00Z\n", _SHAPE),
        ("2026-01-01", _SHAPE),
        ("", _SHAPE),
        ("2026-02-30T10:00:00Z", "not a real date and time"),
        ("2026-01-01T24:00:00Z", "not a real date and time"),
        ("2026-01-01T23:60:00Z", "not a real date and time"),
        ("2016-12-31T23:59:60Z", "not a real date and time"),  # leap second
        ("2026-01-01T10:00:00+24:00", "not a real UTC offset"),
        ("2026-01-01T10:00:00+01:60", "not a real UTC offset"),
    ],
)
def test_parse_instant_rejects_without_echo(text: str, message: str) -> None:
    with pytest.raises(CpaCoreError) as caught:
        parse_instant(text)
    assert str(caught.value) == message
    assert not text.strip() or text.strip() not in str(caught.value)


def test_parse_instant_refuses_non_string() -> None:
    with pytest.raises(CpaCoreError, match="string"):
        parse_instant(None)  # type: ignore[arg-type]


@pytest.mark.parametrize("pattern", [DATE_PATTERN, INSTANT_PATTERN])
def test_patterns_are_portable(pattern: str) -> None:
    # The subset shared with ECMA-262, so JSON Schema validators in other languages agree.
    assert pattern.startswith("^")
    assert pattern.endswith("$")
    for construct in (r"\d", r"\Z", r"\A", "(?<", "(?P", "(?#"):
        assert construct not in pattern


def test_now_is_aware_london() -> None:
    current = now()
    assert current.tzinfo is LONDON
    assert current.utcoffset() is not None


# ---------------------------------------------------------------------------------------
# Properties


@given(DAYS, st.integers(min_value=1, max_value=3000))
def test_days_period_never_ends_before_it_starts(day: date, n: int) -> None:
    period = days_beginning_with(day, n)
    assert period.duration > timedelta(0)
    assert period.contains(period.start)
    assert not period.contains(period.end)


@given(DAYS, st.integers(min_value=1, max_value=3000))
def test_days_period_last_day_is_day_n(day: date, n: int) -> None:
    assert days_beginning_with(day, n).last_day == day + timedelta(days=n - 1)


@given(DAYS, st.integers(min_value=1, max_value=3000), st.integers(min_value=0, max_value=400))
def test_days_period_is_monotonic(day: date, n: int, more: int) -> None:
    shorter = days_beginning_with(day, n)
    longer = days_beginning_with(day, n + more)
    assert shorter.start == longer.start
    assert shorter.duration <= longer.duration


@given(DAYS, st.integers(min_value=1, max_value=240), st.integers(min_value=0, max_value=24))
def test_months_period_is_monotonic_and_never_backwards(day: date, n: int, more: int) -> None:
    shorter = months_beginning_with(day, n)
    longer = months_beginning_with(day, n + more)
    assert shorter.duration > timedelta(0)
    assert shorter.duration <= longer.duration
    corresponding = add_months(day, n)
    if corresponding.day == day.day:
        assert shorter.last_day == corresponding - timedelta(days=1)
    else:  # no corresponding date: the end month's last day, which add_months clamped to
        assert shorter.last_day == corresponding


@given(st.one_of(AWARE_LONDON, AWARE_UTC), st.integers(min_value=0, max_value=100_000))
def test_hours_from_lasts_exactly_n_hours(start: datetime, hours: int) -> None:
    period = hours_from(start, hours)
    assert period.duration == timedelta(hours=hours)
    assert period.end.tzinfo is start.tzinfo


@given(DAYS, st.integers(min_value=-2400, max_value=2400))
def test_add_months_round_trip_never_overshoots(day: date, n: int) -> None:
    there = add_months(day, n)
    assert add_months(there, -n) <= day
    assert there.day <= day.day


@given(DAYS, st.integers(min_value=-100_000, max_value=100_000))
def test_add_days_and_days_between_agree(day: date, n: int) -> None:
    assert days_between(day, add_days(day, n)) == n


@given(st.dates(), st.dates(), st.integers(min_value=0, max_value=400))
def test_due_status_matches_its_definition(due: date, as_of: date, window: int) -> None:
    status = due_status(due, as_of, window)
    remaining = (due - as_of).days
    assert (status is DueStatus.OVERDUE) == (remaining < 0)
    assert (status is DueStatus.DUE_SOON) == (0 <= remaining <= window)


def _real_date(text: str) -> date | None:
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


@given(
    st.one_of(
        st.from_regex(DATE_PATTERN, fullmatch=True),
        st.dates().map(date.isoformat),
        st.text(alphabet="0123456789-W T:Z", max_size=12),
        st.text(max_size=12),
    )
)
def test_date_pattern_agrees_with_parse_date(text: str) -> None:
    shaped = re.fullmatch(DATE_PATTERN, text) is not None
    message = ""
    try:
        parsed: date | None = parse_date(text)
    except CpaCoreError as error:
        parsed, message = None, str(error)
    assert not re.search("[0-9]", message)  # never echoes any digit of the input
    if parsed is not None:
        assert shaped
        assert parsed.isoformat() == text
    elif shaped:
        assert _real_date(text) is None


def _reference_instant(text: str) -> datetime | None:
    # Python 3.11's fromisoformat reads every RFC 3339 form once upper-cased; it is looser
    # than RFC 3339, so it is consulted only for strings that match the pattern, and offsets
    # whose minutes RFC 3339 forbids (it reads "-00:60" as one hour) are refused first.
    if re.search(r"[+-][0-9]{2}:(6[0-9]|[7-9][0-9])$", text):
        return None
    try:
        value = datetime.fromisoformat(text.upper())
        # An instant that UTC or London cannot express is refused on reading (check_range).
        value.astimezone(UTC).astimezone(LONDON)
    except (ValueError, OverflowError):
        return None
    return value


_RFC3339_UTC = st.datetimes(timezones=st.just(UTC)).map(lambda d: d.isoformat())
_RFC3339_OFFSET = st.builds(
    lambda d, minutes: d.replace(tzinfo=timezone(timedelta(minutes=minutes))).isoformat(),
    st.datetimes(min_value=datetime(2, 1, 1), max_value=datetime(9998, 12, 31)),
    st.integers(min_value=-23 * 60 - 59, max_value=23 * 60 + 59),
)


@given(
    st.one_of(
        st.from_regex(INSTANT_PATTERN, fullmatch=True),
        _RFC3339_UTC,
        _RFC3339_OFFSET,
        st.text(alphabet="0123456789-+:.TtZz ", max_size=30),
        st.text(max_size=30),
    )
)
def test_instant_pattern_agrees_with_parse_instant(text: str) -> None:
    shaped = re.fullmatch(INSTANT_PATTERN, text) is not None
    message = ""
    try:
        parsed: datetime | None = parse_instant(text)
    except CpaCoreError as error:
        parsed, message = None, str(error)
    assert not re.search("[0-9]", message)
    if parsed is not None:
        assert shaped
        assert parsed == _reference_instant(text)
    elif shaped:
        assert _reference_instant(text) is None


@given(st.one_of(AWARE_UTC, _RFC3339_OFFSET.map(datetime.fromisoformat)))
def test_parse_instant_round_trips_isoformat(instant: datetime) -> None:
    assert parse_instant(instant.isoformat()) == instant


@pytest.mark.parametrize("text", ["9999-12-31T23:00:00-05:00", "0001-01-01T00:00:00+01:00"])
def test_instants_off_the_calendar_are_refused(text: str) -> None:
    # The offset carries these past year 9999 or before year 1 in UTC.
    with pytest.raises(CpaCoreError, match="outside the supported range"):
        parse_instant(text)


def test_london_date_of_an_extreme_instant_is_a_clean_error() -> None:
    extreme = datetime(9999, 12, 31, 23, 59, tzinfo=timezone(timedelta(hours=-5)))
    with pytest.raises(CpaCoreError, match="outside the supported range"):
        london_date(extreme)


@pytest.mark.parametrize(
    ("day", "n", "expected"),
    [
        (date(2008, 2, 29), 18 * 12, date(2026, 3, 1)),  # no 29 Feb 2026: never early
        (date(2008, 2, 29), 16 * 12, date(2024, 2, 29)),
        (date(2026, 1, 31), 1, date(2026, 3, 1)),
        (date(2026, 1, 15), 1, date(2026, 2, 15)),
        (date(2026, 1, 15), 0, date(2026, 1, 15)),
    ],
)
def test_full_months_after(day: date, n: int, expected: date) -> None:
    assert full_months_after(day, n) == expected


@given(DAYS, st.integers(min_value=0, max_value=1200))
def test_full_months_after_is_never_before_the_corresponding_date(day: date, n: int) -> None:
    result = full_months_after(day, n)
    assert add_months(day, n) <= result <= add_days(add_months(day, n), 1)


@pytest.mark.parametrize(
    ("text", "unit", "expected"),
    [
        ("P6M", "months", 6),
        ("P1Y", "months", 12),
        ("P1Y6M", "months", 18),
        ("P28D", "days", 28),
        ("P2W", "days", 14),
        ("P0D", "days", 0),
        ("PT72H", "hours", 72),
    ],
)
def test_parse_duration_converts_exactly(text: str, unit: Any, expected: int) -> None:
    assert statutory_time.parse_duration(text, unit) == expected


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("P1M", "days"),  # a month has no fixed number of days
        ("P1D", "hours"),  # a London day may last 23 or 25 hours
        ("P28D", "months"),
        ("P", "days"),
        ("P2W3D", "days"),
        ("6M", "months"),
        ("P6M\n", "months"),
        ("P-1D", "days"),
        (28, "days"),
    ],
)
def test_parse_duration_refuses_what_does_not_convert(text: Any, unit: Any) -> None:
    with pytest.raises(CpaCoreError) as caught:
        statutory_time.parse_duration(text, unit)
    # The message is a fixed sentence: it never repeats the text.
    assert str(caught.value) in (
        "expected an ISO 8601 duration such as P6M, P28D or PT72H",
        f"the duration must be a whole number of {unit}",
    )


@pytest.mark.parametrize(
    ("due", "words"),
    [
        (date(2026, 11, 23), "due today"),
        (date(2026, 11, 26), "due in 3 days"),
        (date(2026, 11, 14), "overdue by 1 week 2 days"),
        (datetime(2026, 11, 23, 15, tzinfo=UTC), "due in 5 hours"),
        (datetime(2026, 11, 23, 9, tzinfo=UTC), "overdue by 1 hour"),
        # An authority that ends at the start of 1 December ends with the day of 30 November.
        (datetime(2026, 12, 1, tzinfo=UTC), "due in 1 week"),
    ],
)
def test_describe_due(due: date | datetime, words: str) -> None:
    assert statutory_time.describe_due(due, datetime(2026, 11, 23, 10, tzinfo=UTC)) == words
