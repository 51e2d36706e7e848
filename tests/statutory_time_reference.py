"""The standard-library implementation of statutory time that ``cpa_core.statutory_time``
replaced when its arithmetic moved to pendulum (issue 16).

Kept, unchanged, as an independent oracle: ``test_statutory_time_equivalence.py`` checks
that both give the same answer on every start day from 2000 to 2040 for every period kind.
Not used by the library.
"""

from __future__ import annotations

import calendar
import enum
import re
from datetime import UTC, date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import attrs

from cpa_core.exceptions import CpaCoreError

__all__ = [
    "DATE_PATTERN",
    "INSTANT_PATTERN",
    "LONDON",
    "DueStatus",
    "Period",
    "add_days",
    "add_months",
    "check_range",
    "days_beginning_with",
    "days_between",
    "due_status",
    "full_months_after",
    "hours_from",
    "instant_due_status",
    "london_date",
    "months_beginning_with",
    "now",
    "parse_date",
    "parse_instant",
    "require_aware",
    "start_of_day",
]

LONDON: ZoneInfo = ZoneInfo("Europe/London")
"""The time zone in which English law counts days: GMT in winter, BST in summer."""

# Both patterns are written in the subset shared by Python's ``re`` and ECMA-262 so that the
# generated JSON Schemas and this parser accept the same strings: ``[0-9]`` rather than
# ``\d`` (which in Python also matches non-ASCII digits), ``$`` rather than ``\Z``, and no
# named groups or lookbehind.
DATE_PATTERN = r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$"
"""An ISO 8601 / RFC 3339 calendar date, ``YYYY-MM-DD``; usable as a JSON Schema ``pattern``.

The pattern checks the shape only; :func:`parse_date` also refuses dates that do not exist.
"""

INSTANT_PATTERN = (
    r"^([0-9]{4})-([0-9]{2})-([0-9]{2})[Tt]([0-9]{2}):([0-9]{2}):([0-9]{2})(\.[0-9]+)?"
    r"([Zz]|[+-][0-9]{2}:[0-9]{2})$"
)
"""An RFC 3339 ``date-time`` with a mandatory offset; usable as a JSON Schema ``pattern``.

The pattern checks the shape only; :func:`parse_instant` also refuses values that do not
exist (month 13, 30 February, hour 24, leap second 60, offset minutes over 59).
"""

# ``fullmatch`` rather than ``match``: Python's ``$`` also matches before a final newline.
_DATE_RE = re.compile(DATE_PATTERN)
_INSTANT_RE = re.compile(INSTANT_PATTERN)

_ONE_MICROSECOND = timedelta(microseconds=1)


def _as_utc(instant: datetime) -> datetime:
    # Python compares and subtracts two datetimes sharing one tzinfo by wall-clock time,
    # which is wrong across a clock change; converting to UTC first gives real elapsed time.
    return instant.astimezone(UTC)


def require_aware(value: datetime, what: str = "instant") -> datetime:
    """Return ``value`` unchanged if it carries a UTC offset.

    Args:
        value: The datetime to check.
        what: How to name the value in the error message.

    Returns:
        ``value`` itself.

    Raises:
        CpaCoreError: ``value`` is not a datetime, or is naive (no tzinfo, or a tzinfo that
            gives no offset).
    """
    checked: object = value
    if not isinstance(checked, datetime):
        raise CpaCoreError(f"{what} must be a datetime")
    if value.tzinfo is None or value.utcoffset() is None:
        raise CpaCoreError(f"{what} must carry a UTC offset")
    return value


def _require_count(n: int, what: str, minimum: int | None) -> None:
    checked: object = n
    # bool is an int subclass, but True days is always a caller's mistake.
    if isinstance(checked, bool) or not isinstance(checked, int):
        raise CpaCoreError(f"{what} must be a whole number")
    if minimum is not None and n < minimum:
        raise CpaCoreError(f"{what} must be at least {minimum}")


def _require_date(day: date, what: str) -> None:
    checked: object = day
    # A datetime is a date subclass; accepting one would silently drop its time and zone.
    if isinstance(checked, datetime) or not isinstance(checked, date):
        raise CpaCoreError(f"{what} must be a date")


def _validate_aware(
    _instance: object, attribute: attrs.Attribute[datetime], value: datetime
) -> None:
    require_aware(value, f"period {attribute.name}")


@attrs.frozen
class Period:
    """A half-open stretch of real time, ``[start, end)``.

    Equality and hashing compare the instants, not their representation: a period from
    ``10:00+01:00`` equals one from ``09:00Z``.

    Attributes:
        start: The first instant inside the period (aware).
        end: The first instant no longer inside the period (aware, exclusive). Never before
            ``start``; equal to it for an empty period.
    """

    start: datetime = attrs.field(validator=_validate_aware, eq=_as_utc)
    end: datetime = attrs.field(validator=_validate_aware, eq=_as_utc)

    def __attrs_post_init__(self) -> None:
        if _as_utc(self.end) < _as_utc(self.start):
            raise CpaCoreError("period end must not be before its start")

    def contains(self, instant: datetime) -> bool:
        """Whether ``instant`` falls inside the period (``start <= instant < end``).

        Args:
            instant: An aware datetime.

        Raises:
            CpaCoreError: ``instant`` is naive.
        """
        moment = _as_utc(require_aware(instant))
        return _as_utc(self.start) <= moment < _as_utc(self.end)

    @property
    def last_day(self) -> date:
        """The London calendar date of the last instant inside the period.

        For a period built by :func:`days_beginning_with` this is day N; for an empty period
        it is the London date of the instant just before ``start``.
        """
        return london_date(_as_utc(self.end) - _ONE_MICROSECOND)

    @property
    def duration(self) -> timedelta:
        """The real time elapsed from ``start`` to ``end``, counted in UTC.

        A London day on which the clocks go forward lasts 23 hours; one on which they go
        back lasts 25.
        """
        return _as_utc(self.end) - _as_utc(self.start)


def london_date(instant: datetime) -> date:
    """The calendar date in London at an aware instant.

    Args:
        instant: An aware datetime in any zone.

    Raises:
        CpaCoreError: ``instant`` is naive, or so near the ends of the calendar (years 1 and
            9999) that London has no date for it.
    """
    try:
        return require_aware(instant).astimezone(LONDON).date()
    except OverflowError:
        raise CpaCoreError("instant is outside the supported range of dates") from None


def check_range(instant: datetime) -> datetime:
    """``instant`` unchanged, if UTC and London both have a date for it.

    An offset can carry an instant written in year 1 or 9999 off the calendar; such an
    instant is refused when it is read, rather than failing later in a calculation.

    Raises:
        CpaCoreError: The instant cannot be expressed in UTC or London time.
    """
    # An offset is under a day, so only an instant in year 1 or 9999 can leave the calendar.
    if 1 < require_aware(instant).year < 9999:
        return instant
    try:
        instant.astimezone(UTC).astimezone(LONDON)
    except OverflowError:
        raise CpaCoreError("instant is outside the supported range of dates") from None
    return instant


def start_of_day(day: date) -> datetime:
    """The first instant of a London calendar day: London midnight at the start of ``day``.

    Args:
        day: A calendar date.

    Returns:
        An aware datetime with ``tzinfo=LONDON``.

    Raises:
        CpaCoreError: ``day`` is not a date.
    """
    _require_date(day, "day")
    midnight = datetime(day.year, day.month, day.day, tzinfo=LONDON)
    # UK clocks change at 01:00 UTC, so midnight exists on every modern day; the round trip
    # turns a midnight lost in an older transition into the day's real first instant.
    return midnight.astimezone(UTC).astimezone(LONDON)


def add_days(day: date, n: int) -> date:
    """The calendar date ``n`` days after ``day`` (before it when ``n`` is negative).

    Raises:
        CpaCoreError: The result falls outside the years 1 to 9999.
    """
    _require_date(day, "day")
    _require_count(n, "number of days", minimum=None)
    try:
        return day + timedelta(days=n)
    except OverflowError:
        raise CpaCoreError("date is out of range") from None


def days_between(earlier: date, later: date) -> int:
    """The number of calendar days from ``earlier`` to ``later``.

    Negative when ``later`` is in fact earlier; ``days_between(d, add_days(d, n)) == n``.
    """
    _require_date(earlier, "earlier")
    _require_date(later, "later")
    return (later - earlier).days


def add_months(day: date, n: int) -> date:
    """The date ``n`` calendar months after ``day``, clamped to the target month's last day.

    31 January plus one month is 28 February (29 in a leap year); 31 March minus one month
    is likewise the end of February. ``n`` may be zero or negative.

    Raises:
        CpaCoreError: The result falls outside the years 1 to 9999.
    """
    _require_date(day, "day")
    _require_count(n, "number of months", minimum=None)
    index = day.year * 12 + (day.month - 1) + n
    year, month0 = divmod(index, 12)
    if not date.min.year <= year <= date.max.year:
        raise CpaCoreError("date is out of range")
    month = month0 + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def full_months_after(day: date, n: int) -> date:
    """The first date on which ``n`` whole calendar months have passed since ``day``.

    Counting kind: **calendar months, never short**. Usually the corresponding date
    (:func:`add_months`); when the target month has no such day (29 February in a common
    year, the 31st of a 30-day month), the day after the clamped date, so that an age or a
    minimum period is never reached early: someone born on 29 February 2008 is taken to
    turn 18 on 1 March 2026. No source in the reference settles the leap-day case; this is
    the conservative engineering reading, used by every age and minimum period in cpa_core.

    Raises:
        CpaCoreError: ``n`` is negative, or the result falls outside the years 1 to 9999.
    """
    _require_count(n, "number of months", minimum=0)
    corresponding = add_months(day, n)
    return corresponding if corresponding.day == day.day else add_days(corresponding, 1)


def days_beginning_with(day: date, n: int) -> Period:
    """A statutory period of ``n`` days beginning with ``day``.

    Counting kind: **days beginning with a day**. ``day`` is day 1, so the period runs from
    London midnight at the start of ``day`` to London midnight at the start of day ``n + 1``;
    its :attr:`Period.last_day` is ``day + (n - 1)`` days. The period follows the London
    calendar, so its real length is not always ``n * 24`` hours across a clock change.

    Args:
        day: The day the period begins with (day 1).
        n: The number of days; at least 1.

    Raises:
        CpaCoreError: ``n`` is less than 1, or the period leaves the supported date range.
    """
    _require_count(n, "number of days", minimum=1)
    return Period(start_of_day(day), start_of_day(add_days(day, n)))


def hours_from(instant: datetime, hours: int) -> Period:
    """A statutory period of ``hours`` hours from the time ``instant``.

    Counting kind: **hours from an instant**. Real elapsed hours: the addition is done in
    UTC, so a 72-hour period across a clock change lasts exactly 72 hours and its end shows a
    wall-clock time one hour different from its start. ``end`` is expressed in the zone of
    ``instant``.

    Args:
        instant: The aware instant the period runs from.
        hours: The number of hours; zero or more.

    Raises:
        CpaCoreError: ``instant`` is naive, ``hours`` is negative, or the end is out of range.
    """
    require_aware(instant)
    _require_count(hours, "number of hours", minimum=0)
    try:
        end = (_as_utc(instant) + timedelta(hours=hours)).astimezone(instant.tzinfo)
    except OverflowError:
        raise CpaCoreError("instant is out of range") from None
    return Period(instant, end)


def months_beginning_with(day: date, n: int) -> Period:
    """A statutory period of ``n`` months beginning with ``day``.

    Counting kind: **months beginning with a day**. The period runs from London midnight at
    the start of ``day`` and its last day is the day before the corresponding date ``n``
    months on: six months beginning with 15 January 2026 ends at the end of 14 July 2026.
    When the end month has no corresponding date (six months beginning with 30 or 31
    August), the period ends on that month's last day (28 February, 29 in a leap year),
    never the day before it: clamping and then subtracting a day would count twice.

    Source: the standard drafting of "beginning with" periods, e.g. SI 2018/1082 r1.4 and
    SI 2023/712 r181(2) [V]; applied to the Mental Health Act and worked in
    ``shared/reference/mental-health-act.md`` (time anchors) [V2].

    Args:
        day: The day the period begins with.
        n: The number of calendar months; at least 1.

    Raises:
        CpaCoreError: ``n`` is less than 1, or the period leaves the supported date range.
    """
    _require_count(n, "number of months", minimum=1)
    corresponding = add_months(day, n)
    if corresponding.day != day.day:
        # No corresponding date: add_months clamped to the month's last day, which is then
        # the period's last day.
        return Period(start_of_day(day), start_of_day(add_days(corresponding, 1)))
    return Period(start_of_day(day), start_of_day(corresponding))


class DueStatus(enum.Enum):
    """How close a deadline is, as of a given day or instant."""

    OVERDUE = "overdue"
    """The deadline has passed."""
    DUE_SOON = "due-soon"
    """The deadline has not passed and falls within the warning window."""
    NOT_DUE = "not-due"
    """The deadline is further away than the warning window."""


def due_status(due: date, as_of: date, window_days: int) -> DueStatus:
    """Classify a date deadline.

    Counting kind: whole London calendar days. ``due`` is the **last acceptable day**
    (inclusive): something due today is not yet overdue.

    Returns:
        :attr:`DueStatus.OVERDUE` when ``as_of`` is after ``due``;
        :attr:`DueStatus.DUE_SOON` when ``due`` is between 0 and ``window_days`` days after
        ``as_of``; otherwise :attr:`DueStatus.NOT_DUE`.

    Raises:
        CpaCoreError: ``window_days`` is negative.
    """
    _require_count(window_days, "window in days", minimum=0)
    remaining = days_between(as_of, due)
    if remaining < 0:
        return DueStatus.OVERDUE
    if remaining <= window_days:
        return DueStatus.DUE_SOON
    return DueStatus.NOT_DUE


def instant_due_status(due: datetime, as_of: datetime, window: timedelta) -> DueStatus:
    """Classify an instant deadline, such as the expiry of an hours-based period.

    Counting kind: real elapsed time. ``due`` is **exclusive**, like :attr:`Period.end`: at
    the instant ``due`` itself the deadline has passed.

    Returns:
        :attr:`DueStatus.OVERDUE` when ``as_of >= due``; :attr:`DueStatus.DUE_SOON` when
        ``due - as_of <= window``; otherwise :attr:`DueStatus.NOT_DUE`.

    Raises:
        CpaCoreError: ``due`` or ``as_of`` is naive, or ``window`` is negative.
    """
    remaining = _as_utc(require_aware(due, "due")) - _as_utc(require_aware(as_of, "as_of"))
    checked: object = window
    if not isinstance(checked, timedelta) or window < timedelta(0):
        raise CpaCoreError("window must be a duration of zero or more")
    if remaining <= timedelta(0):
        return DueStatus.OVERDUE
    if remaining <= window:
        return DueStatus.DUE_SOON
    return DueStatus.NOT_DUE


def parse_date(text: str) -> date:
    """Parse a strict ISO 8601 calendar date, ``YYYY-MM-DD``.

    Basic format (``20260101``), week dates (``2026-W01-1``), ordinal dates and surrounding
    whitespace are refused, although :meth:`date.fromisoformat` accepts some of them. The
    accepted strings are exactly those that match :data:`DATE_PATTERN` and name a real date.

    Raises:
        CpaCoreError: The text is not in that form or names no real date. The message never
            repeats the text.
    """
    checked: object = text
    if not isinstance(checked, str):
        raise CpaCoreError("expected a date as a string")
    match = _DATE_RE.fullmatch(text)
    if match is None:
        raise CpaCoreError("expected a date as YYYY-MM-DD")
    year, month, day = (int(part) for part in match.groups())
    try:
        return date(year, month, day)
    except ValueError:
        raise CpaCoreError("not a real calendar date") from None


def parse_instant(text: str) -> datetime:
    """Parse a strict RFC 3339 date-time with a mandatory UTC offset.

    Form: ``YYYY-MM-DDTHH:MM:SS[.fraction](Z|+HH:MM|-HH:MM)``; ``t`` and ``z`` may be lower
    case, as RFC 3339 allows. Refused: a missing offset, a space instead of ``T``, missing
    seconds, basic or week forms, and leap seconds (``:60``, which a datetime cannot hold).
    Fractions finer than a microsecond are truncated. ``Z``, ``+00:00`` and ``-00:00`` all
    give UTC; other offsets are kept as a fixed-offset zone. The accepted strings are exactly
    those that match :data:`INSTANT_PATTERN` and name a real instant.

    Raises:
        CpaCoreError: The text is not in that form or names no real instant. The message
            never repeats the text.
    """
    checked: object = text
    if not isinstance(checked, str):
        raise CpaCoreError("expected a date-time as a string")
    match = _INSTANT_RE.fullmatch(text)
    if match is None:
        raise CpaCoreError(
            "expected a date-time as YYYY-MM-DDTHH:MM:SS with an offset (Z or +HH:MM)"
        )
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction, offset_text = match.group(7), match.group(8)
    microsecond = int(fraction[1:7].ljust(6, "0")) if fraction else 0
    zone = _offset_zone(offset_text)
    if zone is None:
        raise CpaCoreError("not a real UTC offset")
    try:
        instant = datetime(year, month, day, hour, minute, second, microsecond, tzinfo=zone)
    except ValueError:
        raise CpaCoreError("not a real date and time") from None
    return check_range(instant)


def _offset_zone(text: str) -> timezone | None:
    # RFC 3339 gives "-00:00" the meaning "UTC, local offset unknown"; as an instant it is
    # UTC, so it maps to the same zone as "Z" and "+00:00".
    if text in {"Z", "z"}:
        return UTC
    hours, minutes = int(text[1:3]), int(text[4:6])
    if hours > 23 or minutes > 59:
        return None
    offset = timedelta(hours=hours, minutes=minutes)
    if not offset:
        return UTC
    return timezone(-offset if text[0] == "-" else offset)


def now() -> datetime:
    """The current instant in London. For CLI defaults only.

    This is the only function in cpa_core that reads the clock; rules take ``as_of``.
    """
    return datetime.now(LONDON)
