"""Checks of expiries and renewals: whether an authority has expired, is about to, or was
renewed in time, judged against its end in law (absence without leave counted,
:func:`~cpa_core.mha.absence.checks.authority`).

Where the end of a renewed authority is unsettled (the reference's readings A, B and C,
[U]) the findings say so and are warnings until every reading has ended.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import attrs

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.mha.absence.checks import authority, expiry
from cpa_core.mha.absence.models import Authority
from cpa_core.mha.chain.checks import anchor_of
from cpa_core.mha.expiries.models import Readings
from cpa_core.mha.expiries.rules import RENEWAL_READINGS, VERIFY_FROM_DAY
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.rules import mha_1983
from cpa_core.mha.sections.checks import (
    MAX_STEPS,
    CheckedPeriod,
    anchor_cap,
    authority_periods,
    day_text,
    last_day_of_months,
    last_day_text,
    utc,
)
from cpa_core.mha.sections.rules import Anchor, SectionRow
from cpa_core.policy import TrustPolicy
from cpa_core.statutory_time import Period

__all__ = [
    "AWOL_AUTHORITY_EXTENDED",
    "EXPIRED",
    "EXPIRES_SOON",
    "EXPIRY_NOT_COMPUTED",
    "HELD_PAST_EXPIRY",
    "NOT_RENEWABLE",
    "RENEWAL_DUE",
    "RENEWAL_OUTSIDE_WINDOW",
    "RENEWAL_VERIFY",
    "renewal_readings",
    "renewal_window",
]


_S20_3 = mha_1983("s20(3), s20A(4): report within two months ending on the day of expiry", "20")

EXPIRED = FindingCode(
    "MHA-EXPIRED",
    Severity.ERROR,
    "A period is recorded as active after its authority expired: a possible unlawful "
    "detention. An authority the law extends (absence without leave, s21) is not expired "
    "until its extended end.",
)
EXPIRES_SOON = FindingCode(
    "MHA-EXPIRES-SOON",
    Severity.WARNING,
    "An active period's authority expires within the Trust's warning window.",
)
EXPIRY_NOT_COMPUTED = FindingCode(
    "MHA-EXPIRY-NOT-COMPUTED",
    Severity.INFO,
    "The catalogue states no period or anchor for this section: the Trust must track its "
    "expiry locally or supply the period in its policy (mha.trust_section_periods).",
)
RENEWAL_DUE = FindingCode(
    "MHA-RENEWAL-DUE",
    Severity.WARNING,
    "The renewal window (two months ending on the day of expiry) is open and no renewal "
    "is recorded.",
    source=_S20_3,
)
RENEWAL_OUTSIDE_WINDOW = FindingCode(
    "MHA-RENEWAL-OUTSIDE-WINDOW",
    Severity.ERROR,
    "A renewal report was furnished outside the two months ending on the day of expiry (or "
    "outside the period s21A extends after absence without leave).",
    source=_S20_3,
)
RENEWAL_VERIFY = FindingCode(
    "MHA-RENEWAL-VERIFY",
    Severity.WARNING,
    "The expiry falls where the readings of the months rule can differ (anchor day 29-31, "
    "or renewal readings disagree): verify with the MHA administrator.",
    source=RENEWAL_READINGS,
)
NOT_RENEWABLE = FindingCode(
    "MHA-NOT-RENEWABLE",
    Severity.ERROR,
    "A renewal is recorded for a section that cannot be renewed (e.g. s2).",
)
HELD_PAST_EXPIRY = FindingCode(
    "MHA-HELD-PAST-EXPIRY",
    Severity.ERROR,
    "A period's recorded end is after its authority expired (e.g. s5(2) held over 72 hours).",
)
AWOL_AUTHORITY_EXTENDED = FindingCode(
    "MHA-AWOL-AUTHORITY-EXTENDED",
    Severity.WARNING,
    "An authority that would have ended while the patient was absent without leave, or in "
    "the week before, continues (s21): the finding names the extended end and the report "
    "that is due.",
    source=mha_1983("s21(1), (2): authority continues until the end of a week after return", "21"),
)


def renewal_window(authority: Period) -> Period:
    """The window for the renewal report of a period of authority (s20(3), s20A).

    "The period of two months ending on the day" the authority would expire: from the day
    after the date two months before the last day, to the end of the last day.
    """
    last = authority.last_day
    first = statutory_time.add_days(statutory_time.add_months(last, -2), 1)
    return Period(statutory_time.start_of_day(first), authority.end)


def renewal_readings(row: SectionRow, day: date, index: int) -> Readings:
    """The last day of period ``index`` (0 = the first) under the three readings.

    Args:
        row: A catalogue row counted in months.
        day: The London day the first period began with.
        index: Which period.
    """
    anchored = chained_after = chained_beginning = last_day_of_months(day, row.period_length(0))
    total = row.period_length(0)
    for k in range(1, min(index, MAX_STEPS) + 1):
        months = row.period_length(k)
        total += months
        chained_after = statutory_time.add_months(chained_after, months)
        chained_beginning = last_day_of_months(
            statutory_time.add_days(chained_beginning, 1), months
        )
        anchored = last_day_of_months(day, total)
    return Readings(chained_after, anchored, chained_beginning)


def renewal_rules(at: CheckedPeriod, *, anchor: datetime, policy: TrustPolicy) -> Iterator[Finding]:
    """s20(3), s20A(4): a renewal only of a renewable section, and each renewal report
    within the two months ending on the day of expiry; s21A(2): or, after a return within
    28 days, within the extended period."""
    period, row = at.period, at.row
    # A row with no stated period (the court and prison sections) says nothing about
    # renewal either: its renewability is unknown, not "no".
    if period.renewals and row.periods and not row.renewable:
        yield at.finding(
            NOT_RENEWABLE,
            f"{at.label} cannot be renewed",
            "renewals",
            source=row.source,
            severity=anchor_cap(row),
        )
    if not (row.renewable and row.computable and row.anchor is Anchor.MONTHS_BEGINNING_WITH):
        return
    periods = authority_periods(row, anchor, len(period.renewals) + 1)
    for k, renewal in enumerate(period.renewals):
        if k >= len(periods):
            break
        window = renewal_window(periods[k])
        report = statutory_time.start_of_day(renewal.report_on)
        if window.contains(report) or _in_s21a_extension(at.record, period, k, report, policy):
            continue
        yield at.finding(
            RENEWAL_OUTSIDE_WINDOW,
            f"renewal {k + 1} of {at.label}: report outside the window "
            f"{day_text(window.start)} to {window.last_day.isoformat()}",
            f"renewals[{k}].report_on",
            due=window.last_day,
            severity=anchor_cap(row) or _window_grade(row, anchor, k, window, renewal.report_on),
        )


def held_past_expiry(at: CheckedPeriod, policy: TrustPolicy) -> Iterator[Finding]:
    """A period recorded as ending after its authority expired in law."""
    expires = expiry(at.record, at.period, policy.mha)
    end = at.period.end
    if expires is not None and end is not None and utc(end) > utc(expires):
        yield at.finding(
            HELD_PAST_EXPIRY,
            f"{at.label} recorded as ending after its authority expired",
            "end",
            due=expires,
            source=at.row.source,
            severity=_expired_grade(at, end),
        )


def _in_s21a_extension(
    record: MhaDetention, period: LegalStatusPeriod, k: int, report: datetime, policy: TrustPolicy
) -> bool:
    """Whether a late report falls in the period s21 extended after absence (s21A(2))."""
    if not period.absences:
        return False
    before = attrs.evolve(period, renewals=period.renewals[:k], end=None)
    found = authority(record, before, policy.mha)
    if found is None or not found.extended or found.report_missing:
        return False
    return utc(found.base_end) <= utc(report) < utc(found.end)


def _window_grade(
    row: SectionRow, anchor: datetime, k: int, window: statutory_time.Period, report_on: date
) -> Severity | None:
    """The severity of a report outside the renewal window, or ``None`` for ERROR.

    Two edges of the window are not settled. Its end rests on reading B where the renewal
    readings disagree (reference section 10, [U]): a report after B's last day but not after
    the latest reading's is only a warning. Its start is the day after the date two months
    before the last day; where that month has no such date, the reference works no example,
    so a report on the month's last day (the other reading) is only a warning.
    """
    last = window.last_day
    if report_on > last:
        readings = renewal_readings(row, statutory_time.london_date(anchor), k)
        return Severity.WARNING if report_on <= readings.latest else None
    back = statutory_time.add_months(last, -2)
    clamped = back.day != last.day
    return Severity.WARNING if clamped and report_on == back else None


def _expired_grade(at: CheckedPeriod, instant: datetime) -> Severity | None:
    """The severity of being held at ``instant`` past the expiry, or ``None`` for ERROR.

    Reading B of a renewal's end is [U] (reference section 10): while another reading still
    gives authority, the expiry is a warning; once every reading has ended, an error.
    """
    row = at.row
    grade = anchor_cap(row)
    if grade is not None or row.anchor is not Anchor.MONTHS_BEGINNING_WITH or not row.renewable:
        return grade
    day = statutory_time.london_date(anchor_of(at.record, at.period))
    readings = renewal_readings(row, day, len(at.period.renewals))
    if utc(instant) < utc(statutory_time.days_beginning_with(readings.latest, 1).end):
        return Severity.WARNING
    return None


def expiries_checks(at: CheckedPeriod, ctx: CheckContext) -> Iterator[Finding]:
    """An active period's authority expired, expiring soon or extended by absence without
    leave; its renewal window open; its end one to verify by hand; or no expiry computed."""
    record, period, row = at.record, at.period, at.row
    if not row.computable:
        yield at.finding(
            EXPIRY_NOT_COMPUTED,
            f"{at.label}: no period or anchor in the catalogue; track expiry locally",
            "section",
            source=row.source,
        )
        return
    found = authority(record, period, ctx.policy.mha)
    assert found is not None  # a computable row always has a period
    if period.end is None:
        yield from _status_checks(at, found, ctx)
    if row.anchor is not Anchor.MONTHS_BEGINNING_WITH:
        return
    anchor = anchor_of(record, period)
    # The periods an s21B report renewed (s21B(5), (6)) come before later renewals.
    current_index = len(period.renewals) + found.s21b_renewals if row.renewable else 0
    current = authority_periods(row, anchor, current_index + 1)[-1]
    window_period = renewal_window(current)
    if row.renewable and window_period.contains(ctx.instant):
        yield at.finding(
            RENEWAL_DUE,
            f"{at.label}: renewal window open; authority ends {current.last_day.isoformat()}",
            "renewals",
            due=current.end,
        )
    day = statutory_time.london_date(anchor)
    readings = renewal_readings(row, day, current_index)
    # Raised from the opening of the renewal window, when the end date starts to matter.
    if (day.day >= VERIFY_FROM_DAY or not readings.agree) and utc(ctx.instant) >= utc(
        window_period.start
    ):
        yield at.finding(
            RENEWAL_VERIFY,
            f"{at.label}: period {current_index + 1} ends {readings.anchored.isoformat()} "
            f"(readings: {readings.chained_after.isoformat()}, "
            f"{readings.anchored.isoformat()}, {readings.chained_beginning.isoformat()})",
            "renewals",
            due=readings.earliest,
        )


def _status_checks(at: CheckedPeriod, found: Authority, ctx: CheckContext) -> Iterator[Finding]:
    """Expired, expiring soon, or extended by absence without leave: from the end in law.

    Not a :class:`~cpa_core.findings.Deadline`: an authority absence without leave extends
    is neither expired nor expiring, and how bad an expiry is depends on the renewal
    readings (:func:`_expired_grade`).
    """
    if at.row.anchor is Anchor.HOURS_FROM:
        window = timedelta(hours=ctx.policy.mha.expiry_warning_hours)
    else:
        window = timedelta(days=ctx.policy.mha.expiry_warning_days)
    status = statutory_time.instant_due_status(found.end, ctx.instant, window)
    if status is statutory_time.DueStatus.OVERDUE:
        why = {
            "s21B(4)": "; no s21B report within a week of the return",
            "s21(2)(c)": "; the time for taking the patient into custody has ended",
        }.get(found.provision, "")
        yield at.finding(
            EXPIRED,
            f"{at.label} authority expired{why}; the period is still recorded as active",
            "end",
            due=found.end.astimezone(statutory_time.LONDON),
            source=at.row.source,
            severity=_expired_grade(at, ctx.instant),
        )
        return
    if found.extended or found.until_return:
        yield _extended(at, found)
        return
    if status is statutory_time.DueStatus.DUE_SOON:
        yield at.finding(
            EXPIRES_SOON,
            f"{at.label} authority expires soon",
            due=found.end.astimezone(statutory_time.LONDON),
            source=at.row.source,
        )


def _extended(at: CheckedPeriod, found: Authority) -> Finding:
    """The authority extended by absence without leave: its end, and the report due."""
    base = last_day_text(found.base_end)
    if found.until_return:
        text = (
            f"{at.label} would have ended {base}; absent without leave, it "
            "continues to the end of the week beginning with the day of return, at the "
            f"latest {last_day_text(found.end)} (s21, s18(4)); on return within 28 days of the "
            "first day of absence a renewal report may be furnished in the extended period "
            "(s21A); later, the responsible clinician must examine and report within a week "
            "(s21B)"
        )
    elif found.provision == "s21B(5)":
        text = f"{at.label} renewed by the s21B report: authority ends {last_day_text(found.end)}"
    else:
        text = (
            f"{at.label} would have ended {base}; extended by absence without "
            f"leave to {last_day_text(found.end)} ({found.provision})"
        )
        if found.report_due is None and at.row.renewable:
            text += "; a renewal report may be furnished until then (s21A)"
    return at.finding(
        AWOL_AUTHORITY_EXTENDED,
        text,
        "absences",
        due=found.end.astimezone(statutory_time.LONDON),
    )
