"""Checks of leave of absence (s17) and absence without leave (s18, s21, s21A, s21B), and
the end of an authority in law once absence is counted.

Absence without leave extends an authority (s21) or ends it (s21B(4)); a renewal report
furnished before the first day of absence may not count (s18(4A)). :func:`authority` and
:func:`expiry` give the end in law, which the expiry checks
(:mod:`cpa_core.mha.expiries.checks`) compare with the record.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime

import attrs

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.exceptions import UnknownCodeError
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.mha.absence.models import Absence, Authority, Leave
from cpa_core.mha.absence.rules import LEAVE_SECTIONS, Awol
from cpa_core.mha.chain.checks import anchor_of
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.rules import mha_1983, statutory_period, statutory_period_at
from cpa_core.mha.sections.checks import (
    MAX_STEPS,
    CheckedPeriod,
    authority_periods,
    day_text,
    last_day_text,
    row_for,
    utc,
    with_extension,
    within,
)
from cpa_core.mha.sections.rules import Anchor, SectionRow
from cpa_core.policy.mha import MhaPolicy
from cpa_core.statutory_time import Period

__all__ = [
    "AWOL",
    "AWOL_NOT_APPLICABLE",
    "AWOL_REPORT_DUE",
    "LEAVE_CTO_NOT_CONSIDERED",
    "LEAVE_CURRENT",
    "authority",
    "base_expiry",
    "custody_end",
    "expiry",
    "leave_is_longer_term",
]


LEAVE_CTO_NOT_CONSIDERED = FindingCode(
    "MHA-LEAVE-CTO-NOT-CONSIDERED",
    Severity.WARNING,
    "Leave of more than seven consecutive days (or indefinite leave) is recorded without "
    "the responsible clinician first considering a CTO.",
    source=mha_1983("s17(2A), (2B): consider a CTO before leave of more than seven days", "17"),
)
LEAVE_CURRENT = FindingCode(
    "MHA-LEAVE-CURRENT",
    Severity.INFO,
    "The patient is on leave of absence (s17); the authority keeps running.",
    source=mha_1983("s17(1)-(2)", "17"),
)
AWOL = FindingCode(
    "MHA-AWOL",
    Severity.WARNING,
    "The patient is absent without leave; the finding names the end of the time they can be "
    "taken into custody (s18(4), (5)).",
    source=mha_1983(
        "s18(1), (4): absence without leave; custody for six months or the period", "18"
    ),
)
AWOL_REPORT_DUE = FindingCode(
    "MHA-AWOL-REPORT-DUE",
    Severity.WARNING,
    "The patient returned more than 28 days after going absent without leave: the "
    "responsible clinician must examine them and report within a week of the return, or "
    "the authority ends.",
    source=mha_1983(
        "s21B(2), (4): examine and report within a week of a return after 28 days", "21B"
    ),
)
AWOL_NOT_APPLICABLE = FindingCode(
    "MHA-AWOL-NOT-APPLICABLE",
    Severity.INFO,
    "An absence without leave is recorded for a section s18 does not apply to (a place of "
    "safety, a remand, an interim order): the period is not extended.",
)


_DEFAULT = MhaPolicy()


def _absence_day(absence: Absence) -> date:
    return statutory_time.london_date(absence.started_at)


def overlaps_day(absence: Absence, start: datetime, end: datetime) -> bool:
    """Whether the absence covers any instant of ``[start, end)``."""
    if utc(absence.started_at) >= utc(end):
        return False
    return absence.returned_at is None or utc(absence.returned_at) > utc(start)


def absent_at(absence: Absence, at: datetime) -> bool:
    """Whether the patient is absent without leave at ``at``."""
    return within(absence.started_at, absence.returned_at, at)


def _valid_renewals(period: LegalStatusPeriod, row: SectionRow, anchor: datetime) -> int:
    """How many of the recorded renewals count (s18(4A), (4B)).

    A report furnished before the first day of an absence without leave does not renew the
    authority unless the renewal period began before that day. cpa_core applies this to an
    absence that had begun by the start of the renewal period and had not ended before it:
    the case in which the renewal would take effect while the patient is absent.
    """
    count = len(period.renewals)
    if not count or not period.absences:
        return count
    periods = authority_periods(row, anchor, count + 1)
    for k, renewal in enumerate(period.renewals):
        if k + 1 >= len(periods):
            return k
        renewal_start = periods[k + 1].start
        for absence in period.absences:
            day = _absence_day(absence)
            begun = utc(absence.started_at) <= utc(renewal_start)
            ongoing = absence.returned_at is None or utc(absence.returned_at) > utc(renewal_start)
            if begun and ongoing and renewal.report_on < day:
                return k
    return count


def base_expiry(
    detention: MhaDetention, period: LegalStatusPeriod, policy: MhaPolicy | None = None
) -> datetime | None:
    """The end of the authority of ``period`` apart from absence without leave.

    Its recorded renewals (those s18(4A) lets count) and an s136B extension, capped at the
    catalogue's maximum; exclusive, like :attr:`Period.end`, in London time. ``None`` when
    the catalogue states no period for the section.
    """
    row = row_for(period, policy)
    anchor = anchor_of(detention, period)
    periods = authority_periods(row, anchor, _valid_renewals(period, row, anchor) + 1)
    if not periods:
        return None
    return with_extension(periods[-1].end, period, row).astimezone(statutory_time.LONDON)


def _custody_end(
    row: SectionRow, absence: Absence, base_end: datetime, policy: MhaPolicy
) -> datetime:
    """The end of the time the patient can be taken into custody (s18(4), (5))."""
    if row.awol is Awol.ENDS_WITH_PERIOD:
        return base_end
    rule = statutory_period_at("s18(4)(a)", absence.started_at, policy)
    six_months = statutory_time.months_beginning_with(_absence_day(absence), rule.length).end
    return max(six_months, base_end, key=utc)


def custody_end(
    detention: MhaDetention,
    period: LegalStatusPeriod,
    absence: Absence,
    policy: MhaPolicy | None = None,
) -> datetime:
    """The end of the time a patient absent without leave can be taken into custody.

    s18(4): the later of the end of six months beginning with the first day of absence and
    the end of the period of authority (apart from s21); s18(5): for s2, s4 and s5, the end
    of the period. For a section whose period is not stated, the six months.
    """
    policy = policy or _DEFAULT
    row = row_for(period, policy)
    base = base_expiry(detention, period, policy)
    if base is None:
        rule = statutory_period_at("s18(4)(a)", absence.started_at, policy)
        return statutory_time.months_beginning_with(_absence_day(absence), rule.length).end
    return _custody_end(row, absence, base, policy).astimezone(statutory_time.LONDON)


def authority(
    detention: MhaDetention, period: LegalStatusPeriod, policy: MhaPolicy | None = None
) -> Authority | None:
    """The end of ``period``'s authority in law, absence without leave included.

    * s21(1)-(2): if the patient is absent without leave on the day the authority would end,
      or in the week ending with that day, it continues until the end of the week beginning
      with the day of return (returned within the custody period), or else until the end of
      the custody period (s18(4): the later of six months beginning with the first day of
      absence and the end of the period; s18(5): the end of the period for s2, s4 and s5).
    * s21B: a patient returned later than 28 days beginning with the first day of absence
      must be examined and reported on within a week beginning with the return day; without
      that report the authority ends at the end of that week (s21B(4)); a report furnished
      when the authority would have expired renews it (s21B(5), (6)).

    ``None`` when the catalogue states no period for the section.
    """
    policy = policy or _DEFAULT
    row = row_for(period, policy)
    anchor = anchor_of(detention, period)
    valid = _valid_renewals(period, row, anchor)
    periods = authority_periods(row, anchor, valid + 1)
    if not periods:
        return None
    base = with_extension(periods[-1].end, period, row).astimezone(statutory_time.LONDON)
    result = Authority(base_end=base, end=base)
    if row.awol not in (Awol.EXTENDS, Awol.ENDS_WITH_PERIOD) or not period.absences:
        return result
    result = _s21(row, period, base, result, policy)
    if row.awol is Awol.EXTENDS:
        result = _s21b(row, period, result, anchor=anchor, valid=valid, policy=policy)
    return result


def _s21(
    row: SectionRow,
    period: LegalStatusPeriod,
    base: datetime,
    result: Authority,
    policy: MhaPolicy,
) -> Authority:
    last_day = Period(base, base).last_day
    week = statutory_period_at("s21(1)(b)", base, policy)
    week_start = statutory_time.start_of_day(statutory_time.add_days(last_day, 1 - week.length))
    absent = [a for a in period.absences if overlaps_day(a, week_start, base)]
    if not absent:
        return result
    absence = max(absent, key=lambda a: a.started_at.timestamp())
    custody = _custody_end(row, absence, base, policy)
    returned = absence.returned_at
    if returned is None:
        return attrs.evolve(
            result,
            end=max(base, custody, key=utc),
            provision="s21(2)(c)",
            absence=absence,
            until_return=utc(custody) > utc(base),
        )
    if utc(returned) < utc(custody):
        after = statutory_period_at("s21(2)", returned, policy)
        relevant = statutory_time.days_beginning_with(
            statutory_time.london_date(returned), after.length
        ).end
        provision = "s21(2)(a), (b)"
    else:
        relevant, provision = custody, "s21(2)(c)"
    end = max(base, relevant, key=utc)
    if end == base:
        return result
    return attrs.evolve(result, end=end, provision=provision, absence=absence)


def _s21b(
    row: SectionRow,
    period: LegalStatusPeriod,
    result: Authority,
    *,
    anchor: datetime,
    valid: int,
    policy: MhaPolicy,
) -> Authority:
    for absence in sorted(period.absences, key=lambda a: a.started_at.timestamp()):
        returned = absence.returned_at
        if returned is None:
            continue
        threshold = statutory_period_at("s21A(1)", absence.started_at, policy)
        limit = statutory_time.days_beginning_with(_absence_day(absence), threshold.length).end
        if utc(returned) < utc(limit):
            continue
        within = statutory_period_at("s21B(2)", returned, policy)
        week = statutory_time.days_beginning_with(
            statutory_time.london_date(returned), within.length
        )
        report = absence.report_on
        duly = (
            report is not None and statutory_time.london_date(returned) <= report <= week.last_day
        )
        if report is None or not duly:
            end = min(result.end, week.end, key=utc)
            result = attrs.evolve(
                result,
                end=end,
                provision="s21B(4)" if end == week.end else result.provision,
                absence=absence,
                report_due=week.last_day,
                report_missing=True,
            )
            continue
        assert report is not None
        result = attrs.evolve(result, absence=absence, report_due=week.last_day)
        if not row.renewable or row.anchor is not Anchor.MONTHS_BEGINNING_WITH:
            continue
        counted = period.renewals[:valid]
        if any(renewal.report_on == report for renewal in counted):
            continue  # the s21B report is recorded as a renewal too: counted already
        # s21B(5): the report renews only if the authority (apart from s21) would have
        # ended on or before the day it is furnished: judged on the renewals made before it.
        count = 1 + sum(1 for renewal in counted if renewal.report_on < report)
        periods = authority_periods(row, anchor, count)
        if not periods or periods[-1].last_day > report:
            continue
        # s21B(5), (6)(b): renewed, and renewed again while the renewed authority would
        # expire on or before that day.
        added = 0
        while periods and periods[-1].last_day <= report and count < MAX_STEPS:
            count += 1
            added += 1
            periods = authority_periods(row, anchor, count)
        # Renewals recorded after the report run on from the periods it added.
        renewed = authority_periods(row, anchor, valid + 1 + result.s21b_renewals + added)
        result = attrs.evolve(result, s21b_renewals=result.s21b_renewals + added)
        if renewed and utc(renewed[-1].end) > utc(result.end) and result.provision != "s21B(4)":
            result = attrs.evolve(result, end=renewed[-1].end, provision="s21B(5)")
    return result


def expiry(
    detention: MhaDetention, period: LegalStatusPeriod, policy: MhaPolicy | None = None
) -> datetime | None:
    """The instant the authority of ``period`` ends in law.

    Exclusive, like :attr:`Period.end`: at this instant the authority has gone; expressed in
    London time. Its recorded renewals, an s136B extension (capped at the catalogue's
    maximum) and absence without leave (s21, s21B; see :func:`authority`) are counted.
    ``None`` when the catalogue states no period for the section.
    """
    found = authority(detention, period, policy)
    return None if found is None else found.end.astimezone(statutory_time.LONDON)


def leave_is_longer_term(leave: Leave) -> bool:
    """Whether leave is "longer-term leave" (s17(2B)): indefinite, or more than seven
    consecutive days. ``False`` for leave granted before s17(2A) was in force.

    The days are counted on the London wall clock: leave from 10:00 on a Monday to 10:00 the
    next Monday is seven days whatever the clocks do in between; a minute more is longer.
    """
    try:
        rule = statutory_period("s17(2B)", statutory_time.london_date(leave.start))
    except UnknownCodeError:
        return False  # leave granted before s17(2A) was in force
    if leave.end is None:
        return True
    start = leave.start.astimezone(statutory_time.LONDON)
    end = leave.end.astimezone(statutory_time.LONDON)
    days = statutory_time.days_between(start.date(), end.date())
    if days != rule.length:
        return days > rule.length
    return end.time() > start.time()


def leave_rules(at: CheckedPeriod) -> Iterator[Finding]:
    """s17(2A): longer-term leave only after the responsible clinician considers a CTO."""
    if at.period.section not in LEAVE_SECTIONS:
        return
    for k, leave in enumerate(at.period.leave):
        if not leave_is_longer_term(leave):
            continue
        considered = leave.cto_considered_on
        if considered is not None and considered <= statutory_time.london_date(leave.start):
            continue
        length = "indefinite leave" if leave.end is None else "leave of more than seven days"
        when = "not recorded" if considered is None else "recorded only after the leave began"
        yield at.finding(
            LEAVE_CTO_NOT_CONSIDERED,
            f"{at.label}: {length} from {day_text(leave.start)}; consideration of a CTO {when}",
            f"leave[{k}].cto_considered_on",
            due=statutory_time.london_date(leave.start),
        )


def absence_rules(at: CheckedPeriod) -> Iterator[Finding]:
    """An absence recorded for a section s18 does not apply to."""
    if not at.period.absences or at.row.awol is not Awol.NOT_APPLICABLE:
        return
    yield at.finding(
        AWOL_NOT_APPLICABLE,
        f"{at.label}: s18 does not apply; absence does not extend the period",
        "absences",
        source=at.row.awol_source,
    )


def leave_checks(at: CheckedPeriod, ctx: CheckContext) -> Iterator[Finding]:
    """Leave of absence current at the instant of the check (and not interrupted by an
    absence without leave)."""
    for k, leave in enumerate(at.period.leave):
        if not within(leave.start, leave.end, ctx.instant):
            continue
        if any(absent_at(absence, ctx.instant) for absence in at.period.absences):
            continue
        until = "indefinitely" if leave.end is None else f"until {day_text(leave.end)}"
        yield at.finding(
            LEAVE_CURRENT,
            f"{at.label}: on leave of absence {until}",
            f"leave[{k}]",
            due=None if leave.end is None else leave.end.astimezone(statutory_time.LONDON),
        )


def awol_checks(at: CheckedPeriod, ctx: CheckContext) -> Iterator[Finding]:
    """An absence without leave going on, with the end of custody; the s21B report due."""
    record, period = at.record, at.period
    if at.row.awol not in (Awol.EXTENDS, Awol.ENDS_WITH_PERIOD) or not period.absences:
        return
    found = authority(record, period, ctx.policy.mha)
    for k, absence in enumerate(period.absences):
        if not absent_at(absence, ctx.instant) or found is None:
            continue
        custody = custody_end(record, period, absence, ctx.policy.mha)
        if utc(ctx.instant) >= utc(custody):
            continue  # no longer liable to be taken into custody: MHA-EXPIRED says so
        yield at.finding(
            AWOL,
            f"{at.label}: absent without leave since {day_text(absence.started_at)}; "
            f"may be taken into custody until {last_day_text(custody)}",
            f"absences[{k}]",
            due=custody.astimezone(statutory_time.LONDON),
            source=at.row.awol_source,
        )
    if found is None or not found.report_missing or found.report_due is None:
        return
    if ctx.day > found.report_due:
        return  # the authority has ended (s21B(4)): MHA-EXPIRED says so
    assert found.absence is not None  # the absence whose late return made the report due
    late = statutory_period_at("s21A(1)", found.absence.started_at, ctx.policy.mha)
    yield at.finding(
        AWOL_REPORT_DUE,
        f"{at.label}: returned more than {late.length} days after going absent; examine and "
        f"report by {found.report_due.isoformat()} or the authority ends",
        "absences",
        due=found.report_due,
    )
