"""Statutory time: calendars, London time and the periods the law counts.

This is the only module in cpa_core that knows how time is counted. Every other module asks
it, so that a rule says *which kind* of period it uses and the arithmetic lives in one place.
The calendar arithmetic (calendar months and their corresponding dates, London midnights
across clock changes, day counts, ISO 8601 durations, "due in 3 days") is done with
`pendulum <https://pendulum.eustace.io/>`_ inside this module only; every public function
takes and returns the standard library's ``date`` and aware ``datetime``, so pendulum's
types never reach a caller.

The law counts time in three different ways, and each helper here says which one it is:

* **Days beginning with a day** ("a period of 28 days beginning with the day on which ...").
  The named day is day 1 and the period ends at the end of day N, London time, whatever the
  clocks do in between. See :func:`days_beginning_with`.
* **Hours from an instant** ("72 hours from the time when ..."). Real elapsed time from the
  instant, so a period spanning a clock change still lasts exactly N hours. See
  :func:`hours_from`.
* **Months beginning with a day** ("a period of six months beginning with ..."). Calendar
  months, clamped to the last day of a short month. See :func:`months_beginning_with`.

Public functions take and return stdlib :class:`~datetime.date` and aware
:class:`~datetime.datetime` values only. Naive datetimes are refused: an instant without a
UTC offset cannot be placed on the timeline.

No function reads the clock except :func:`now`, which exists for CLI defaults only; rules
take an explicit ``as_of``.

Dates outside the years 1 to 9999 cannot be held by a ``date``; a calculation that would
reach one raises :class:`CalendarOverflowError`, the one error for that in cpa_core.
"""

from __future__ import annotations

import enum
import functools
import re
from datetime import UTC, date, datetime, timedelta, timezone
from typing import TYPE_CHECKING, Literal
from zoneinfo import ZoneInfo

import attrs

from cpa_core.exceptions import CpaCoreError

if TYPE_CHECKING:
    import pendulum

# pendulum is imported inside the functions that do arithmetic (a cached module look-up
# after the first): importing cpa_core, or validating records whose rules count no periods,
# does not pay for its import.

__all__ = [
    "COUNTING_KINDS",
    "DATE_PATTERN",
    "DURATION_PATTERN",
    "INSTANT_PATTERN",
    "LONDON",
    "CalendarOverflowError",
    "CountingKind",
    "DueStatus",
    "Period",
    "add_days",
    "add_months",
    "check_range",
    "counting_kind",
    "days_beginning_with",
    "days_between",
    "describe_due",
    "describe_period",
    "due_status",
    "financial_year_end",
    "full_months_after",
    "hours_from",
    "instant_due_status",
    "london_date",
    "months_beginning_with",
    "now",
    "parse_date",
    "parse_duration",
    "parse_instant",
    "require_aware",
    "start_of_day",
]


class CalendarOverflowError(CpaCoreError):
    """A date or instant would fall outside the years 1 to 9999, which no calendar here holds.

    Checks that count periods from dates near either end of the calendar catch this one
    error and report the record, rather than fail.
    """


LONDON: ZoneInfo = ZoneInfo("Europe/London")
"""The time zone in which English law counts days: GMT in winter, BST in summer."""

_LONDON_NAME = "Europe/London"


@functools.cache
def _pendulum_london() -> pendulum.Timezone:
    """pendulum's London zone, loaded once: naming the zone reads its file on every call
    (half the time of a caseload audit before this)."""
    import pendulum  # noqa: PLC0415

    return pendulum.timezone(_LONDON_NAME)


# Both patterns are written in the subset shared by Python's ``re``, ECMA-262, Rust's regex
# crates and .NET, so that the generated JSON Schemas and this parser accept the same
# strings in every validator: ``[0-9]`` rather than ``\d`` (which in Python also matches
# non-ASCII digits), ``$`` rather than ``\Z``, no named groups and no lookaround. Each field
# has its range in the pattern, so a validator checking patterns alone (format checking off)
# still refuses month 13 or hour 25; only the calendar (30 February, 29 February outside a
# leap year) is left to the parser. Year 0000 is refused too: Python has no year 0, and
# python-jsonschema's format checkers refuse it where jsonschema-rs and ajv-formats accept it.
_YEAR = "([0-9]{3}[1-9]|[0-9]{2}[1-9][0-9]|[0-9][1-9][0-9]{2}|[1-9][0-9]{3})"
_MONTH = "(0[1-9]|1[0-2])"
_DAY = "(0[1-9]|[12][0-9]|3[01])"
_HOUR = "([01][0-9]|2[0-3])"
_MINUTE = "([0-5][0-9])"
# RFC 3339 s5.6 allows second 60 only at a leap second (s5.7: 23:59:60 UTC at the end of a
# month the IERS names). No pattern can tell which days those were, Python's datetime cannot
# hold one, and python-jsonschema's RFC 3339 checker refuses it while ajv-formats accepts
# it at any UTC 23:59: refusing 60 everywhere keeps every validator and cpa_core agreeing.
_SECOND = "([0-5][0-9])"
_OFFSET = "([Zz]|[+-](?:[01][0-9]|2[0-3]):[0-5][0-9])"

DATE_PATTERN = f"^{_YEAR}-{_MONTH}-{_DAY}$"
"""An RFC 3339 ``full-date``, ``YYYY-MM-DD``, month 01-12 and day 01-31; usable as a JSON
Schema ``pattern``.

The pattern checks each field's range, not the calendar: :func:`parse_date` also refuses
dates that do not exist (30 February).
"""

INSTANT_PATTERN = (
    f"^{_YEAR}-{_MONTH}-{_DAY}[Tt]{_HOUR}:{_MINUTE}:{_SECOND}" + r"(\.[0-9]+)?" + f"{_OFFSET}$"
)
"""An RFC 3339 ``date-time`` with a mandatory offset; usable as a JSON Schema ``pattern``.

Month 01-12, day 01-31, hour 00-23, minute and second 00-59 (no leap second), offset
``Z`` or ``±HH:MM`` with hours 00-23 and minutes 00-59. The pattern checks each field's
range, not the calendar: :func:`parse_instant` also refuses values that do not exist
(30 February).
"""

# ``fullmatch`` rather than ``match``: Python's ``$`` also matches before a final newline.
_DATE_RE = re.compile(DATE_PATTERN)
_INSTANT_RE = re.compile(INSTANT_PATTERN)
# The shapes alone, digits anywhere: only to tell "not a real date" from "not a date" in a
# message, once the patterns have refused the text.
_DATE_SHAPE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_INSTANT_SHAPE = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2})"
)

_ONE_MICROSECOND = timedelta(microseconds=1)
_MARCH = 3


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


def _calendar(day: date) -> pendulum.Date:
    import pendulum  # noqa: PLC0415

    return pendulum.Date(day.year, day.month, day.day)


# A pendulum step costs more than the rest of a rule, and an extract's dates repeat (the
# same start days, the same review periods): a result is kept rather than counted again.
@functools.lru_cache(maxsize=8192)
def _shift(day: date, *, days: int = 0, months: int = 0) -> date:
    """``day`` moved by calendar months (pendulum clamps to the month's last day), then days."""
    moved = _calendar(day)
    try:
        # A zero shift is skipped: each pendulum step costs more than the rest of a rule.
        if months:
            moved = moved.add(months=months) if months > 0 else moved.subtract(months=-months)
        if days:
            moved = moved.add(days=days) if days > 0 else moved.subtract(days=-days)
    except (OverflowError, ValueError):
        raise CalendarOverflowError("date is out of range") from None
    return date(moved.year, moved.month, moved.day)


def _stdlib_instant(instant: pendulum.DateTime, zone: object) -> datetime:
    """The same instant as a standard-library datetime in ``zone``."""
    at = instant.astimezone(zone)  # type: ignore[arg-type]
    return datetime(
        at.year, at.month, at.day, at.hour, at.minute, at.second, at.microsecond,
        tzinfo=zone,  # type: ignore[arg-type]
        fold=at.fold,
    )  # fmt: skip


def london_date(instant: datetime) -> date:
    """The calendar date in London at an aware instant.

    Args:
        instant: An aware datetime in any zone.

    Raises:
        CpaCoreError: ``instant`` is naive.
        CalendarOverflowError: ``instant`` is so near the ends of the calendar (years 1 and
            9999) that London has no date for it.
    """
    try:
        return require_aware(instant).astimezone(LONDON).date()
    except OverflowError:
        raise CalendarOverflowError("instant is outside the supported range of dates") from None


def check_range(instant: datetime) -> datetime:
    """``instant`` unchanged, if UTC and London both have a date for it.

    An offset can carry an instant written in year 1 or 9999 off the calendar; such an
    instant is refused when it is read, rather than failing later in a calculation.

    Raises:
        CalendarOverflowError: The instant cannot be expressed in UTC or London time.
    """
    # An offset is under a day, so only an instant in year 1 or 9999 can leave the calendar.
    if 1 < require_aware(instant).year < 9999:
        return instant
    try:
        instant.astimezone(UTC).astimezone(LONDON)
    except OverflowError:
        raise CalendarOverflowError("instant is outside the supported range of dates") from None
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
    import pendulum  # noqa: PLC0415

    _require_date(day, "day")
    # pendulum resolves a midnight that a clock change skipped to the day's real first
    # instant (UK clocks change at 01:00 UTC, so only historical transitions skip midnight).
    first = pendulum.datetime(day.year, day.month, day.day, tz=_pendulum_london())
    return _stdlib_instant(first, LONDON)


def add_days(day: date, n: int) -> date:
    """The calendar date ``n`` days after ``day`` (before it when ``n`` is negative).

    Raises:
        CalendarOverflowError: The result falls outside the years 1 to 9999.
    """
    _require_date(day, "day")
    _require_count(n, "number of days", minimum=None)
    return _shift(day, days=n)


def days_between(earlier: date, later: date) -> int:
    """The number of calendar days from ``earlier`` to ``later``.

    Negative when ``later`` is in fact earlier; ``days_between(d, add_days(d, n)) == n``.
    """
    _require_date(earlier, "earlier")
    _require_date(later, "later")
    count: int = _calendar(earlier).diff(_calendar(later), False).in_days()
    return count


def add_months(day: date, n: int) -> date:
    """The date ``n`` calendar months after ``day``, clamped to the target month's last day.

    31 January plus one month is 28 February (29 in a leap year); 31 March minus one month
    is likewise the end of February. ``n`` may be zero or negative.

    Raises:
        CalendarOverflowError: The result falls outside the years 1 to 9999.
    """
    _require_date(day, "day")
    _require_count(n, "number of months", minimum=None)
    return _shift(day, months=n)


def full_months_after(day: date, n: int) -> date:
    """The first date on which ``n`` whole calendar months have passed since ``day``.

    Counting kind: **calendar months, never short**. Usually the corresponding date
    (:func:`add_months`); when the target month has no such day (29 February in a common
    year, the 31st of a 30-day month), the day after the clamped date, so that an age or a
    minimum period is never reached early: someone born on 29 February 2008 is taken to
    turn 18 on 1 March 2026. No source in the reference settles the leap-day case; this is
    the conservative engineering reading, used by every age and minimum period in cpa_core.

    Raises:
        CpaCoreError: ``n`` is negative.
        CalendarOverflowError: The result falls outside the years 1 to 9999.
    """
    _require_count(n, "number of months", minimum=0)
    corresponding = add_months(day, n)
    return corresponding if corresponding.day == day.day else add_days(corresponding, 1)


def financial_year_end(day: date) -> date:
    """The last day of the financial year in which ``day`` falls: a 31 March.

    The financial year is the twelve months ending with 31 March (Interpretation Act 1978,
    Schedule 1, "financial year"), the year NHS bodies account by: 1 April 2026 to
    31 March 2027 all fall in the year ending 31 March 2027.

    Raises:
        CpaCoreError: ``day`` is not a date.
        CalendarOverflowError: The year ends after the year 9999 (``day`` after 31 March 9999).
    """
    _require_date(day, "day")
    year = day.year + (1 if day.month > _MARCH else 0)
    if year > date.max.year:
        raise CalendarOverflowError("the financial year ends after the year 9999")
    return date(year, _MARCH, 31)


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
    import pendulum  # noqa: PLC0415

    require_aware(instant)
    _require_count(hours, "number of hours", minimum=0)
    # Counted in UTC, where an hour is always an hour; then shown in the instant's own zone.
    try:
        end = pendulum.instance(instant.astimezone(UTC)).add(hours=hours)
    except (OverflowError, ValueError):
        raise CalendarOverflowError("instant is out of range") from None
    return Period(instant, _stdlib_instant(end, instant.tzinfo))


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


@attrs.frozen
class CountingKind:
    """One way the law counts a period, by the code rule rows use for it.

    Rule rows name a counting kind by its code (an enum value such as
    ``"days-beginning-with"``); this is where the code's words live, so the docs, the
    exports and a policy reader see one wording.

    Attributes:
        code: The code rule rows use, e.g. ``"days-beginning-with"``.
        name: The kind in words, e.g. "days beginning with a day".
        unit: The unit of the period, singular: "day", "hour" or "month".
        phrase: The period in words, with ``{n}``, ``{units}`` and ``{event}`` to fill:
            "{n} {units} beginning with {event}".
        meaning: How such a period is counted, for a reader of the rules.
        counted_by: The function of this module that counts it, or "" where the rule that
            uses it counts it with this module's day and month arithmetic.
    """

    code: str
    name: str
    unit: str
    phrase: str
    meaning: str
    counted_by: str = ""

    def describe(self, n: int, event: str = "") -> str:
        """The period in words: "28 days beginning with the day of admission".

        Without an event the kind is named instead: "28 days (days beginning with a day)".
        """
        units = self.unit if n == 1 else f"{self.unit}s"
        if not event:
            return f"{n} {units} ({self.name})"
        return self.phrase.format(n=n, units=units, event=event)


COUNTING_KINDS: tuple[CountingKind, ...] = (
    CountingKind(
        code="days-beginning-with",
        name="days beginning with a day",
        unit="day",
        phrase="{n} {units} beginning with {event}",
        meaning=(
            "The named day is day 1; the period ends at midnight, London time, at the end of "
            "day N, whatever the clocks do in between."
        ),
        counted_by="days_beginning_with",
    ),
    CountingKind(
        code="hours-from",
        name="hours from an instant",
        unit="hour",
        phrase="{n} {units} from {event}",
        meaning=(
            "Real elapsed hours from the moment named, so across a clock change the end "
            "shows a clock time one hour different from the start."
        ),
        counted_by="hours_from",
    ),
    CountingKind(
        code="months-beginning-with",
        name="months beginning with a day",
        unit="month",
        phrase="{n} {units} beginning with {event}",
        meaning=(
            "Calendar months: the period ends at the end of the day before the corresponding "
            "date N months on, or on the last day of that month when it has no such date "
            "(six months beginning with 31 August end on 28 or 29 February)."
        ),
        counted_by="months_beginning_with",
    ),
    CountingKind(
        code="days-ending-with",
        name="days ending with a day",
        unit="day",
        phrase="{n} {units} ending with {event}",
        meaning="The named day is the last of the N days; the first is N - 1 days before it.",
    ),
    CountingKind(
        code="months-elapsed",
        name="months elapsed since an event",
        unit="month",
        phrase="{n} {units} elapsed since {event}",
        meaning=(
            "N calendar months have passed since the event: from the corresponding date N "
            "months on (the earlier, cautious reading)."
        ),
    ),
    CountingKind(
        code="more-than-days",
        name="more than a number of days",
        unit="day",
        phrase="more than {n} consecutive {units} from {event}",
        meaning="A threshold, not a deadline: something lasting longer than N days in a row.",
    ),
)
"""Every counting kind a rule row may name, the three of the module docstring first."""

_COUNTING_BY_CODE = {kind.code: kind for kind in COUNTING_KINDS}


def counting_kind(code: str) -> CountingKind | None:
    """The counting kind a rule row names by ``code``, or ``None`` for any other code."""
    return _COUNTING_BY_CODE.get(code)


def describe_period(code: str, n: int, event: str = "") -> str:
    """A period in words from its counting kind's code, its length and the event it runs
    from: ``describe_period("days-beginning-with", 28, "the day of admission")`` is
    "28 days beginning with the day of admission".

    Raises:
        CpaCoreError: ``code`` names no counting kind.
    """
    kind = counting_kind(code)
    if kind is None:
        raise CpaCoreError("not a counting kind of statutory_time.COUNTING_KINDS")
    return kind.describe(n, event)


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
        if _DATE_SHAPE.fullmatch(text):
            raise CpaCoreError("not a real calendar date")
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
        shape = _INSTANT_SHAPE.fullmatch(text)
        if shape is not None:
            offset = shape.group(2)
            real = offset in {"Z", "z"} or (int(offset[1:3]) < 24 and int(offset[4:6]) < 60)
            raise CpaCoreError("not a real date and time" if real else "not a real UTC offset")
        raise CpaCoreError(
            "expected a date-time as YYYY-MM-DDTHH:MM:SS with an offset (Z or +HH:MM)"
        )
    year, month, day, hour, minute, second = (int(part) for part in match.groups()[:6])
    fraction, offset_text = match.group(7), match.group(8)
    microsecond = int(fraction[1:7].ljust(6, "0")) if fraction else 0
    zone = _offset_zone(offset_text)
    try:
        instant = datetime(year, month, day, hour, minute, second, microsecond, tzinfo=zone)
    except ValueError:
        raise CpaCoreError("not a real date and time") from None
    return check_range(instant)


def _offset_zone(text: str) -> timezone:
    # RFC 3339 gives "-00:00" the meaning "UTC, local offset unknown"; as an instant it is
    # UTC, so it maps to the same zone as "Z" and "+00:00". The pattern has bounded the
    # hours and minutes.
    if text in {"Z", "z"}:
        return UTC
    hours, minutes = int(text[1:3]), int(text[4:6])
    offset = timedelta(hours=hours, minutes=minutes)
    if not offset:
        return UTC
    return timezone(-offset if text[0] == "-" else offset)


def now() -> datetime:
    """The current instant in London. For CLI defaults only.

    This is the only function in cpa_core that reads the clock; rules take ``as_of``.
    """
    return datetime.now(LONDON)


DURATION_PATTERN = r"^P(?!$)([0-9]+Y)?([0-9]+M)?([0-9]+W)?([0-9]+D)?(T(?=[0-9])([0-9]+H)?)?$"
"""An ISO 8601 duration in whole years, months, weeks, days and hours (``P6M``, ``P28D``,
``PT72H``), as a Trust may write a period in its policy file."""

_DURATION_RE = re.compile(DURATION_PATTERN)

DurationUnit = Literal["days", "months", "hours"]


def parse_duration(text: str, unit: DurationUnit) -> int:
    """The whole number of ``unit`` in an ISO 8601 duration, read by pendulum's parser.

    A duration converts only where the conversion is exact: years and months to months
    (``P1Y`` is 12 months), weeks and days to days (``P2W`` is 14 days), hours to hours.
    Months are never days (a month has no fixed length) and days are never hours (a London
    day may last 23 or 25).

    Raises:
        CpaCoreError: The text is not such a duration, or does not convert exactly to
            ``unit``. The message never repeats the text.
    """
    import pendulum  # noqa: PLC0415

    match = _DURATION_RE.fullmatch(text) if isinstance(text, str) else None
    try:
        parsed = pendulum.parse(text) if match is not None else None
    except ValueError:  # pendulum's ParserError: weeks beside other units, say
        parsed = None
    if match is None or not isinstance(parsed, pendulum.Duration):
        raise CpaCoreError("expected an ISO 8601 duration such as P6M, P28D or PT72H")
    years, months, weeks, days, _, hours = match.groups()
    written = {"months": years or months, "days": weeks or days, "hours": hours}
    if any(present for name, present in written.items() if name != unit):
        raise CpaCoreError(f"the duration must be a whole number of {unit}")
    if unit == "months":
        return int(parsed.years * 12 + parsed.months)
    return int(parsed.in_days() if unit == "days" else parsed.in_hours())


def describe_due(due: date | datetime, as_of: datetime) -> str:
    """How far ``due`` is from ``as_of``, in words: ``due today``, ``due in 3 days``,
    ``overdue by 1 week 2 days``; an instant deadline in hours when it is under a day away.

    A date is the last acceptable day, as in :func:`due_status`; an instant is exclusive,
    as in :func:`instant_due_status`.
    """
    import pendulum  # noqa: PLC0415

    if isinstance(due, datetime):
        remaining = due.astimezone(UTC) - require_aware(as_of, "as_of").astimezone(UTC)
        if abs(remaining) < timedelta(days=1):
            hours = round(abs(remaining).total_seconds() / 3600)
            words = pendulum.duration(hours=max(hours, 1)).in_words(locale="en")
            return f"due in {words}" if remaining > timedelta(0) else f"overdue by {words}"
        due = london_date(due - _ONE_MICROSECOND)
    days = days_between(london_date(as_of), due)
    if days == 0:
        return "due today"
    words = pendulum.duration(days=abs(days)).in_words(locale="en")
    return f"due in {words}" if days > 0 else f"overdue by {words}"
