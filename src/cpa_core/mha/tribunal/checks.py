"""Checks of the patient's applications to the tribunal (s66): the windows in which they may
apply, the paragraph of s66(1) an application was made under, and windows open now with no
application in them.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.exceptions import UnknownCodeError
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.mha.chain.checks import anchor_of, follows_cto
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.rules import Section, mha_1983, statutory_period_at
from cpa_core.mha.sections.checks import (
    MAX_STEPS,
    CheckedPeriod,
    last_day_of_months,
    row_for,
    utc,
)
from cpa_core.mha.sections.rules import Anchor, SectionRow
from cpa_core.mha.tribunal.models import CalendarEntry, TribunalApplication
from cpa_core.mha.tribunal.rules import Tribunal, window_locator
from cpa_core.policy.mha import MhaPolicy
from cpa_core.statutory_time import Period

__all__ = [
    "TRIBUNAL_WINDOW_CLOSING",
    "TRIBUNAL_WINDOW_OPEN",
    "application_paragraph",
    "application_windows",
    "s2_tribunal_window",
    "tribunal_windows",
    "window_entries",
]


_S66 = mha_1983("s66(1), (2): one application in each period", "66")

TRIBUNAL_WINDOW_OPEN = FindingCode(
    "MHA-TRIBUNAL-WINDOW-OPEN",
    Severity.INFO,
    "A tribunal application window is open and no application is recorded in it.",
    source=_S66,
)
TRIBUNAL_WINDOW_CLOSING = FindingCode(
    "MHA-TRIBUNAL-WINDOW-CLOSING",
    Severity.WARNING,
    "A tribunal application window closes within the Trust's warning window and no "
    "application is recorded in it.",
    source=_S66,
)


_DEFAULT = MhaPolicy()


def _revoked(detention: MhaDetention, period: LegalStatusPeriod) -> bool:
    """Whether ``period`` is an s3 restored by revoking a CTO (s17F(4), s66(1)(cb))."""
    return period.section is Section.S3 and follows_cto(detention, period)


def s2_tribunal_window(row: SectionRow, anchor: datetime) -> Period | None:
    """The s2 tribunal application window: ``tribunal_days`` days beginning with admission.

    The Modaresi extension (to the next business day when the tribunal office is closed on
    the last day) is not applied: the window returned is the earliest the law allows.
    """
    if row.tribunal is not Tribunal.WITHIN_DAYS or row.tribunal_days is None:
        return None
    return statutory_time.days_beginning_with(statutory_time.london_date(anchor), row.tribunal_days)


def tribunal_windows(row: SectionRow, anchor: datetime, until: date) -> tuple[Period, ...]:
    """The tribunal eligibility periods (one application each) that begin on or before ``until``.

    For s3, guardianship and CTOs these are the s66 periods (6, 6, then 12 months), kept
    separate from the renewal periods so that a change in the renewal schedule does not move
    them. s37 patients have no window in the first period (Sch 1 Pt 1 para 9).
    """
    if row.tribunal is Tribunal.WITHIN_DAYS:
        window = s2_tribunal_window(row, anchor)
        return (window,) if window is not None else ()
    if row.tribunal not in (Tribunal.ONCE_PER_PERIOD, Tribunal.NOT_FIRST_PERIOD):
        return ()
    if row.anchor is not Anchor.MONTHS_BEGINNING_WITH or not row.tribunal_months:
        return ()
    day = statutory_time.london_date(anchor)
    out: list[Period] = []
    start = statutory_time.start_of_day(day)
    total = 0
    index = 0
    while statutory_time.london_date(start) <= until and index < MAX_STEPS:
        total += row.tribunal_months[min(index, len(row.tribunal_months) - 1)]
        end = statutory_time.start_of_day(
            statutory_time.add_days(last_day_of_months(day, total), 1)
        )
        if index > 0 or row.tribunal is Tribunal.ONCE_PER_PERIOD:
            out.append(Period(start, end))
        start = end
        index += 1
    return tuple(out)


def application_paragraph(
    detention: MhaDetention, application: TribunalApplication, policy: MhaPolicy | None = None
) -> str | None:
    """The paragraph of s66(1) under which an application was made (``"b"``, ``"ca"``, …).

    Read from the period it was made in and when: (a) s2 or s4; (b) s3 within its first
    window, (f) after a renewal; (c) guardianship; (ca) CTO within six months of the order,
    (fza) after an extension; (cb) an s3 restored by revoking a CTO, within six months of
    the revocation. ``None`` when the record does not say.
    """
    policy = policy or _DEFAULT
    period = detention.period(application.period_id)
    if period is None:
        return None
    try:
        row = row_for(period, policy)
    except UnknownCodeError:
        return None
    if period.section in (Section.S2, Section.S4):
        return "a"
    first = _first_window(detention, period, row, policy)
    inside = first is not None and first.contains(
        statutory_time.start_of_day(application.applied_on)
    )
    if period.section is Section.CTO:
        return "ca" if inside else "fza"
    if period.section is Section.S7:
        return "c" if inside else "f"
    if period.section is Section.S3:
        if _revoked(detention, period):
            return "cb" if inside else "f"
        return "b" if inside else "f"
    if period.section is Section.S37:
        return "f"
    return None


def _first_window(
    detention: MhaDetention, period: LegalStatusPeriod, row: SectionRow, policy: MhaPolicy
) -> Period | None:
    """The first application window of ``period`` (s66(2)); the revocation window (cb)
    for an s3 restored by revoking a CTO."""
    anchor = anchor_of(detention, period)
    if _revoked(detention, period):
        rule = statutory_period_at("s66(2)(cb)", period.start, policy)
        return statutory_time.months_beginning_with(
            statutory_time.london_date(period.start), rule.length
        )
    if row.tribunal is not Tribunal.ONCE_PER_PERIOD or not row.tribunal_months:
        return None
    if row.anchor is not Anchor.MONTHS_BEGINNING_WITH:
        return None
    return statutory_time.months_beginning_with(
        statutory_time.london_date(anchor), row.tribunal_months[0]
    )


def application_windows(
    detention: MhaDetention,
    period: LegalStatusPeriod,
    until: date,
    policy: MhaPolicy | None = None,
) -> tuple[tuple[Period, str], ...]:
    """The application windows of ``period`` beginning on or before ``until``, each with its
    s66 paragraph; only those that open while the period is in force."""
    policy = policy or _DEFAULT
    row = row_for(period, policy)
    windows = list(tribunal_windows(row, anchor_of(detention, period), until))
    revoked = _revoked(detention, period)
    if revoked and windows:
        first = _first_window(detention, period, row, policy)
        if first is not None:
            windows[0] = first
    out: list[tuple[Period, str]] = []
    for index, window in enumerate(windows):
        if period.end is not None and utc(window.start) >= utc(period.end):
            break
        locator = window_locator(period.section, row.tribunal, first=index == 0, revoked=revoked)
        out.append((window, locator))
    return tuple(out)


def _applied_in(detention: MhaDetention, window: Period, period_ids: set[str]) -> bool:
    for application in detention.tribunal_applications:
        if application.withdrawn or application.period_id not in period_ids:
            continue
        if window.contains(statutory_time.start_of_day(application.applied_on)):
            return True
    return False


def window_entries(
    detention: MhaDetention,
    period: LegalStatusPeriod,
    until: date,
    policy: MhaPolicy | None = None,
) -> tuple[CalendarEntry, ...]:
    """The application windows (s66) of ``period`` opening on or before ``until``, each
    marked done when an application (not withdrawn) was made in it under this period or the
    one it replaced."""
    ids = {period.period_id}
    if period.converted_from is not None:
        ids.add(period.converted_from)
    return tuple(
        CalendarEntry(
            "application-window",
            period.period_id,
            window.start,
            window.end,
            mha_1983(locator, "66"),
            _applied_in(detention, window, ids),
        )
        for window, locator in application_windows(detention, period, until, policy)
    )


def tribunal_checks(at: CheckedPeriod, ctx: CheckContext) -> Iterator[Finding]:
    """s66: an application window of this period open now with no application in it."""
    record, period = at.record, at.period
    for entry in window_entries(record, period, ctx.day, ctx.policy.mha):
        window = statutory_time.Period(entry.opens, entry.closes)
        if entry.done or not window.contains(ctx.instant):
            continue
        status = statutory_time.due_status(
            window.last_day, ctx.day, ctx.policy.mha.tribunal_warning_days
        )
        code = (
            TRIBUNAL_WINDOW_CLOSING
            if status is statutory_time.DueStatus.DUE_SOON
            else TRIBUNAL_WINDOW_OPEN
        )
        yield code.finding(
            f"{period.section.label}: tribunal application window open until "
            f"{window.last_day.isoformat()} ({entry.source.locator})",
            path="$.tribunal_applications",
            subject_id=record.detention_id,
            due=window.last_day,
            source=entry.source,
        )
