"""pendulum-based statutory time equals the standard-library implementation it replaced, on
every start day from 1 January 2000 to 31 December 2040, for every period kind."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

import statutory_time_reference as reference
from cpa_core import statutory_time

FIRST, LAST = date(2000, 1, 1), date(2040, 12, 31)
DAYS = [FIRST + timedelta(days=n) for n in range((LAST - FIRST).days + 1)]


def _same_instant(a: datetime, b: datetime) -> bool:
    # Equal instants, written the same way (wall clock, zone and fold).
    return a == b and (a.replace(tzinfo=None), a.tzinfo, a.fold) == (
        b.replace(tzinfo=None),
        b.tzinfo,
        b.fold,
    )


def test_the_range_is_every_day_of_41_years() -> None:
    assert len(DAYS) == 14_976


@pytest.mark.parametrize("n", [-400, -31, -1, 0, 1, 6, 27, 28, 72, 365])
def test_add_days(n: int) -> None:
    assert all(statutory_time.add_days(d, n) == reference.add_days(d, n) for d in DAYS)


@pytest.mark.parametrize("n", [-24, -13, -1, 0, 1, 2, 3, 6, 12, 18, 36])
def test_add_months(n: int) -> None:
    assert all(statutory_time.add_months(d, n) == reference.add_months(d, n) for d in DAYS)


@pytest.mark.parametrize("n", [0, 1, 6, 12, 216])
def test_full_months_after(n: int) -> None:
    assert all(
        statutory_time.full_months_after(d, n) == reference.full_months_after(d, n) for d in DAYS
    )


def test_days_between() -> None:
    anchor = date(2020, 2, 29)
    assert all(
        statutory_time.days_between(anchor, d) == reference.days_between(anchor, d)
        and statutory_time.days_between(d, anchor) == reference.days_between(d, anchor)
        for d in DAYS
    )


def test_start_of_day() -> None:
    assert all(
        _same_instant(statutory_time.start_of_day(d), reference.start_of_day(d)) for d in DAYS
    )


@pytest.mark.parametrize("n", [1, 7, 14, 28, 72])
def test_days_beginning_with(n: int) -> None:
    for d in DAYS:
        new, old = statutory_time.days_beginning_with(d, n), reference.days_beginning_with(d, n)
        assert _same_instant(new.start, old.start)
        assert _same_instant(new.end, old.end)


@pytest.mark.parametrize("n", [1, 3, 6, 12])
def test_months_beginning_with(n: int) -> None:
    for d in DAYS:
        new, old = statutory_time.months_beginning_with(d, n), reference.months_beginning_with(d, n)
        assert _same_instant(new.start, old.start)
        assert _same_instant(new.end, old.end)


@pytest.mark.parametrize("hours", [0, 24, 72])
@pytest.mark.parametrize("zone", [statutory_time.LONDON, UTC], ids=["London", "UTC"])
def test_hours_from(hours: int, zone: object) -> None:
    # Each day at half past midnight and at 01:30, the hour in which UK clocks change.
    for d in DAYS:
        for hour, minute in ((0, 30), (1, 30)):
            at = datetime(d.year, d.month, d.day, hour, minute, tzinfo=zone)  # type: ignore[arg-type]
            new, old = statutory_time.hours_from(at, hours), reference.hours_from(at, hours)
            assert _same_instant(new.end, old.end), at


@pytest.mark.parametrize("window", [0, 14, 28])
def test_due_status(window: int) -> None:
    as_of = date(2020, 6, 15)
    assert all(
        statutory_time.due_status(d, as_of, window).value
        == reference.due_status(d, as_of, window).value
        for d in DAYS
    )


def test_overflow_is_one_error() -> None:
    for count in (
        lambda: statutory_time.add_days(date(9999, 12, 31), 1),
        lambda: statutory_time.add_months(date(1, 1, 1), -1),
        lambda: statutory_time.months_beginning_with(date(9999, 12, 1), 1),
        lambda: statutory_time.hours_from(datetime(9999, 12, 31, 23, tzinfo=UTC), 2),
    ):
        with pytest.raises(statutory_time.CalendarOverflowError):
            count()
