"""The arithmetic of Mental Health Act periods, built only on :mod:`cpa_core.statutory_time`.

Three counting kinds (the catalogue row's :class:`~cpa_core.mha.rules.Anchor` says which):

* **days beginning with a day** (s2: "28 days beginning with the day on which he is
  admitted", s2(4)): the London date of the start is day 1, the period ends at London
  midnight after day N, whatever the clocks do;
* **hours from an instant** (s4(4), s5(2), s5(4), s135(3ZA), s136(2A)): real elapsed hours
  from the instant, so a 72-hour period across a clock change ends one wall-clock hour later
  or earlier;
* **months beginning with a day** (s3 and guardianship, s20(1); CTOs, s20A; hospital orders,
  s20 as applied by Sch 1 Pt 1): the period ends on the day before the corresponding date in
  the end month, or on that month's last day when it has no corresponding date. Admitted
  31 August, six months end on 28 February (29 in a leap year), never 27 February: the
  shared reference, section 10, warns that clamping and then subtracting a day
  double-counts. Renewal periods are anchored to the original day (reading "B" of the
  reference): period k ends on the day before the corresponding date of the cumulative
  months. The two other readings are computed too, so that a check can say when they
  disagree.

On top of the periods, the events that change an authority: absence without leave extends
it (s21) or ends it (s21B(4)); a CTO recall lasts 72 hours from detention under the notice
(s17F(8)), longer while the patient is absent (s21(4)); and the tribunal calendar of a chain:
the patient's application windows (s66) and the hospital managers' references (s68).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import attrs

from cpa_core import statutory_time
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.mha.models import (
    Absence,
    Leave,
    LegalStatusPeriod,
    MhaDetention,
    Recall,
    TribunalApplication,
)
from cpa_core.mha.rules import (
    S117,
    Anchor,
    ApplicableDay,
    Awol,
    ReferenceKind,
    ReferenceRow,
    Regime,
    Section,
    SectionRow,
    StatutoryPeriodRow,
    Tribunal,
    conversion_rule,
    mha_1983,
    reference_rule,
    section_rule,
    statutory_period,
)
from cpa_core.policy.mha import MhaPolicy
from cpa_core.provenance import Evidence, Source
from cpa_core.statutory_time import Period

__all__ = [
    "Authority",
    "CalendarEntry",
    "Readings",
    "RecallLimit",
    "ReferenceDuty",
    "anchor_of",
    "application_paragraph",
    "application_windows",
    "authority",
    "authority_periods",
    "base_expiry",
    "custody_end",
    "expiry",
    "last_day_of_months",
    "leave_is_longer_term",
    "managers_reference_due",
    "managers_reference_duties",
    "months_period",
    "part4a_certificate_from",
    "recall_limit",
    "renewal_readings",
    "renewal_window",
    "row_for",
    "s2_tribunal_window",
    "s58_certificate_from",
    "s117_eligibility",
    "tribunal_calendar",
    "tribunal_windows",
    "window_entries",
]

# A loop over renewals or yearly reference periods never needs more steps than this: a
# century of yearly periods. It bounds the work on hostile input.
_MAX_STEPS = 120


def _u(instant: datetime) -> datetime:
    """The instant in UTC: Python compares two datetimes of one zone by wall clock, which is
    wrong in the repeated hour of October."""
    return instant.astimezone(UTC)


def last_day_of_months(day: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months beginning with ``day``.

    The day before the corresponding date ``months`` on; when the end month has no
    corresponding date (31 August plus six months), that month's last day.
    """
    return statutory_time.months_beginning_with(day, months).last_day


def months_period(day: date, months: int) -> Period:
    """The period of ``months`` calendar months beginning with ``day``, London time."""
    return statutory_time.months_beginning_with(day, months)


_DEFAULT = MhaPolicy()


def row_for(period: LegalStatusPeriod, policy: MhaPolicy | None = None) -> SectionRow:
    """The catalogue row for ``period``: the law on the London day it started.

    With a policy: the MHA 2025 rows when its testing switch is on, and the Trust's own
    period (:attr:`MhaPolicy.trust_section_periods`) for a section whose row states no
    anchor or period, marked unverified.

    Raises:
        UnknownCodeError: No row for the section is in force on that day.
    """
    policy = policy or _DEFAULT
    row = section_rule(
        period.section,
        statutory_time.london_date(period.start),
        mha2025=policy.mha2025_in_force_for_testing,
    )
    if row.computable:
        return row
    for supplied in policy.trust_section_periods:
        if supplied.section == period.section.value:
            return attrs.evolve(
                row,
                anchor=Anchor(supplied.anchor),
                anchor_event=supplied.anchor_event,
                periods=supplied.periods,
                renewable=supplied.renewable,
                anchor_source=Source(
                    title="Supplied by the Trust (TrustPolicy mha.trust_section_periods)",
                    publisher="the Trust",
                    locator=supplied.source,
                    evidence=Evidence.UNVERIFIED,
                ),
            )
    return row


def _previous(detention: MhaDetention, period: LegalStatusPeriod) -> LegalStatusPeriod | None:
    if period.converted_from is None:
        return None
    previous = detention.period(period.converted_from)
    if previous is None or previous.period_id == period.period_id:
        return None
    return previous


def anchor_of(detention: MhaDetention, period: LegalStatusPeriod) -> datetime:
    """The instant ``period`` counts from.

    Its own ``start``, unless it replaced a period under a conversion that keeps the old
    start (s4 converted to s2 runs from when the s4 began), followed back along the chain.
    """
    seen = {period.period_id}
    current = period
    while (previous := _previous(detention, current)) is not None:
        if previous.period_id in seen:
            break
        rule = conversion_rule(
            previous.section, current.section, statutory_time.london_date(current.start)
        )
        if rule is None or not rule.keeps_start:
            break
        seen.add(previous.period_id)
        current = previous
    return current.start


def _limit_end(row: SectionRow, day: date) -> datetime | None:
    """The end of the overall limit of a renewable court period (s35(7), s36(6), s38(5))."""
    if row.overall_limit_days is not None:
        return statutory_time.days_beginning_with(day, row.overall_limit_days).end
    if row.overall_limit_months is not None:
        return statutory_time.months_beginning_with(day, row.overall_limit_months).end
    return None


def authority_periods(row: SectionRow, anchor: datetime, count: int) -> tuple[Period, ...]:
    """The first ``count`` periods of authority (the initial period, then renewals).

    Sections counted in hours, and sections counted in days that are not renewable, have one
    period whatever ``count`` is. Renewable periods stop at the row's overall limit (12 weeks
    for s35 and s36, twelve months for s38), so fewer than ``count`` may be returned.
    Sections with no stated period have none.
    """
    if not row.computable or count < 1:
        return ()
    if row.anchor is Anchor.HOURS_FROM:
        return (statutory_time.hours_from(anchor, row.periods[0]),)
    day = statutory_time.london_date(anchor)
    if row.anchor is Anchor.DAYS_BEGINNING_WITH and not row.renewable:
        return (statutory_time.days_beginning_with(day, row.periods[0]),)
    limit = _limit_end(row, day)
    out: list[Period] = []
    start = statutory_time.start_of_day(day)
    total = 0
    for index in range(min(count if row.renewable else 1, _MAX_STEPS)):
        total += row.period_length(index)
        if row.anchor is Anchor.DAYS_BEGINNING_WITH:
            end = statutory_time.days_beginning_with(day, total).end
        else:
            end = statutory_time.start_of_day(
                statutory_time.add_days(last_day_of_months(day, total), 1)
            )
        if limit is not None and end > limit:
            end = limit
        if end <= start:
            break
        out.append(Period(start, end))
        start = end
    return tuple(out)


def _with_extension(end: datetime, period: LegalStatusPeriod, row: SectionRow) -> datetime:
    if period.extension is not None and row.extension_hours is not None:
        hours = min(period.extension.hours, row.extension_hours)
        return statutory_time.hours_from(end, hours).end
    return end


def _absence_day(absence: Absence) -> date:
    return statutory_time.london_date(absence.started_at)


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
            begun = _u(absence.started_at) <= _u(renewal_start)
            ongoing = absence.returned_at is None or _u(absence.returned_at) > _u(renewal_start)
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
    return _with_extension(periods[-1].end, period, row).astimezone(statutory_time.LONDON)


@attrs.frozen
class Authority:
    """The end of a period's authority, with what absence without leave did to it.

    Attributes:
        base_end: The end apart from s21 and s21B: the period and its renewals.
        end: The end in law (exclusive). While the patient is still absent without leave
            and the authority is extended, the latest it can last (the end of custody,
            s21(2)(c)); it comes sooner when the patient returns (s21(2)(a), (b)).
        provision: Which provision moved the end: ``""`` (none), ``"s21(2)(a), (b)"``,
            ``"s21(2)(c)"``, ``"s21B(4)"`` or ``"s21B(5)"``.
        absence: The absence that moved it, if any.
        until_return: Whether the patient is still absent and the authority continues until
            their return (at the latest, ``end``).
        report_due: For a return after more than 28 days: the last day of the week in which
            the responsible clinician must examine and report (s21B(2)); ``None`` otherwise.
        report_missing: Whether that report is due or overdue and not recorded.
        s21b_renewals: How many periods of renewal s21B(5) and (6) reports added, on top of
            the recorded renewals (an s21B report is recorded on its absence, not as a
            renewal; a renewal recorded on the same day is taken to be the same report).
    """

    base_end: datetime
    end: datetime
    provision: str = ""
    absence: Absence | None = None
    until_return: bool = False
    report_due: date | None = None
    report_missing: bool = False
    s21b_renewals: int = 0

    @property
    def extended(self) -> bool:
        """Whether absence without leave carried the authority past its base end."""
        return _u(self.end) > _u(self.base_end)


def _custody_end(
    row: SectionRow, absence: Absence, base_end: datetime, policy: MhaPolicy
) -> datetime:
    """The end of the time the patient can be taken into custody (s18(4), (5))."""
    if row.awol is Awol.ENDS_WITH_PERIOD:
        return base_end
    rule = _period_rule("s18(4)(a)", absence.started_at, policy)
    six_months = statutory_time.months_beginning_with(_absence_day(absence), rule.length).end
    return max(six_months, base_end, key=_u)


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
        rule = _period_rule("s18(4)(a)", absence.started_at, policy)
        return statutory_time.months_beginning_with(_absence_day(absence), rule.length).end
    return _custody_end(row, absence, base, policy).astimezone(statutory_time.LONDON)


def _period_rule(key: str, at: datetime, policy: MhaPolicy) -> StatutoryPeriodRow:
    return statutory_period(
        key, statutory_time.london_date(at), mha2025=policy.mha2025_in_force_for_testing
    )


def _overlaps_day(absence: Absence, start: datetime, end: datetime) -> bool:
    """Whether the absence covers any instant of ``[start, end)``."""
    if _u(absence.started_at) >= _u(end):
        return False
    return absence.returned_at is None or _u(absence.returned_at) > _u(start)


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
    base = _with_extension(periods[-1].end, period, row).astimezone(statutory_time.LONDON)
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
    week = _period_rule("s21(1)(b)", base, policy)
    week_start = statutory_time.start_of_day(statutory_time.add_days(last_day, 1 - week.length))
    absent = [a for a in period.absences if _overlaps_day(a, week_start, base)]
    if not absent:
        return result
    absence = max(absent, key=lambda a: a.started_at.timestamp())
    custody = _custody_end(row, absence, base, policy)
    returned = absence.returned_at
    if returned is None:
        return attrs.evolve(
            result,
            end=max(base, custody, key=_u),
            provision="s21(2)(c)",
            absence=absence,
            until_return=_u(custody) > _u(base),
        )
    if _u(returned) < _u(custody):
        after = _period_rule("s21(2)", returned, policy)
        relevant = statutory_time.days_beginning_with(
            statutory_time.london_date(returned), after.length
        ).end
        provision = "s21(2)(a), (b)"
    else:
        relevant, provision = custody, "s21(2)(c)"
    end = max(base, relevant, key=_u)
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
        threshold = _period_rule("s21A(1)", absence.started_at, policy)
        limit = statutory_time.days_beginning_with(_absence_day(absence), threshold.length).end
        if _u(returned) < _u(limit):
            continue
        within = _period_rule("s21B(2)", returned, policy)
        week = statutory_time.days_beginning_with(
            statutory_time.london_date(returned), within.length
        )
        report = absence.report_on
        duly = (
            report is not None and statutory_time.london_date(returned) <= report <= week.last_day
        )
        if report is None or not duly:
            end = min(result.end, week.end, key=_u)
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
        while periods and periods[-1].last_day <= report and count < _MAX_STEPS:
            count += 1
            added += 1
            periods = authority_periods(row, anchor, count)
        # Renewals recorded after the report run on from the periods it added.
        renewed = authority_periods(row, anchor, valid + 1 + result.s21b_renewals + added)
        result = attrs.evolve(result, s21b_renewals=result.s21b_renewals + added)
        if renewed and _u(renewed[-1].end) > _u(result.end) and result.provision != "s21B(4)":
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


def renewal_window(authority: Period) -> Period:
    """The window for the renewal report of a period of authority (s20(3), s20A).

    "The period of two months ending on the day" the authority would expire: from the day
    after the date two months before the last day, to the end of the last day.
    """
    last = authority.last_day
    first = statutory_time.add_days(statutory_time.add_months(last, -2), 1)
    return Period(statutory_time.start_of_day(first), authority.end)


@attrs.frozen
class Readings:
    """The last day of a renewal period under the reference's three readings.

    Attributes:
        chained_after: (A) each period ends N months *after* the previous last day
            (the Dodds v Walker corresponding-date rule).
        anchored: (B) every end anchored to the original day; the reading cpa_core uses.
        chained_beginning: (C) each renewal a new "beginning with" period from its first day.
    """

    chained_after: date
    anchored: date
    chained_beginning: date

    @property
    def agree(self) -> bool:
        """Whether the three readings give the same day."""
        return self.chained_after == self.anchored == self.chained_beginning

    @property
    def earliest(self) -> date:
        """The earliest of the three last days: the conservative deadline."""
        return min(self.chained_after, self.anchored, self.chained_beginning)

    @property
    def latest(self) -> date:
        """The latest of the three last days."""
        return max(self.chained_after, self.anchored, self.chained_beginning)


def renewal_readings(row: SectionRow, day: date, index: int) -> Readings:
    """The last day of period ``index`` (0 = the first) under the three readings.

    Args:
        row: A catalogue row counted in months.
        day: The London day the first period began with.
        index: Which period.
    """
    anchored = chained_after = chained_beginning = last_day_of_months(day, row.period_length(0))
    total = row.period_length(0)
    for k in range(1, min(index, _MAX_STEPS) + 1):
        months = row.period_length(k)
        total += months
        chained_after = statutory_time.add_months(chained_after, months)
        chained_beginning = last_day_of_months(
            statutory_time.add_days(chained_beginning, 1), months
        )
        anchored = last_day_of_months(day, total)
    return Readings(chained_after, anchored, chained_beginning)


def s58_certificate_from(first_given: date, *, mha2025: bool = False) -> date:
    """The first day on which s58 needs a T2 or T3 certificate.

    Counting kind: calendar months after an event (s58(1)(b): "three months or more have
    elapsed since the first occasion in that period" of liability; two months once MHA 2025
    s14 is commenced). First dose 10 February: the three months are complete at the end of
    10 May, so strictly a certificate is needed for doses from 11 May; cpa_core takes the
    conservative reading and returns 10 May (the corresponding date, or the month's last
    day when there is none).
    """
    rule = statutory_period("s58(1)(b)", first_given, mha2025=mha2025)
    return statutory_time.add_months(first_given, rule.length)


def part4a_certificate_from(cto_made: date, first_given: date, *, mha2025: bool = False) -> date:
    """The first day on which medicine for a community patient needs a Part 4A certificate.

    A certificate (CTO11 or CTO12) is needed for "section 58 type treatment" (s64B(2)(b)):
    medicine once s58 would apply had the patient remained liable to be detained (s64C(3),
    counted from the first medicine in the period of liability, s62A(2)), but not during the
    one month beginning with the day the CTO was made (s64B(4)). The later of the two days.
    """
    rule = statutory_period("s64B(4)", cto_made, mha2025=mha2025)
    month_over = statutory_time.add_days(
        statutory_time.months_beginning_with(cto_made, rule.length).last_day, 1
    )
    return max(month_over, s58_certificate_from(first_given, mha2025=mha2025))


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
    while statutory_time.london_date(start) <= until and index < _MAX_STEPS:
        total += row.tribunal_months[min(index, len(row.tribunal_months) - 1)]
        end = statutory_time.start_of_day(
            statutory_time.add_days(last_day_of_months(day, total), 1)
        )
        if index > 0 or row.tribunal is Tribunal.ONCE_PER_PERIOD:
            out.append(Period(start, end))
        start = end
        index += 1
    return tuple(out)


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


@attrs.frozen
class RecallLimit:
    """How long a community patient may be held on one recall (s17F, s21(4)).

    Attributes:
        starts: The instant the 72 hours run from.
        anchor_recorded: Whether that instant is the recorded start of detention under the
            notice (s17F(8)); ``False`` when only the notice is recorded and the 72 hours
            are counted from it, the earliest they can run from.
        end: When the patient must be released if the CTO is not revoked (s17F(6));
            ``None`` while suspended by absence without leave (s21(4)).
        absence: The absence that moved the end, if any.
    """

    starts: datetime
    anchor_recorded: bool
    end: datetime | None
    absence: Absence | None = None


def recall_limit(
    period: LegalStatusPeriod, recall: Recall, policy: MhaPolicy | None = None
) -> RecallLimit:
    """The end of the 72 hours of a recall.

    s17F(8): 72 hours beginning with the time the patient's detention in hospital by virtue
    of the notice begins. s21(4): if the patient is absent without leave on the day those 72
    hours would expire, they do not expire until 72 hours from the return.
    """
    policy = policy or _DEFAULT
    starts = recall.detained_at or recall.recalled_at
    rule = _period_rule("s17F(8)", starts, policy)
    end = statutory_time.hours_from(starts, rule.length).end
    result = RecallLimit(starts=starts, anchor_recorded=recall.detained_at is not None, end=end)
    day = statutory_time.london_date(end)
    day_start = statutory_time.start_of_day(day)
    day_end = statutory_time.start_of_day(statutory_time.add_days(day, 1))
    for absence in period.absences:
        if _u(absence.started_at) < _u(starts) or not _overlaps_day(absence, day_start, day_end):
            continue
        if _u(absence.started_at) >= _u(end):
            continue
        if absence.returned_at is None:
            return attrs.evolve(result, end=None, absence=absence)
        again = _period_rule("s21(4)", absence.returned_at, policy)
        return attrs.evolve(
            result,
            end=max(end, statutory_time.hours_from(absence.returned_at, again.length).end, key=_u),
            absence=absence,
        )
    return result


# --- the tribunal calendar (s66, s68) ------------------------------------------------


def _reference_kind(detention: MhaDetention, period: LegalStatusPeriod) -> ReferenceKind | None:
    if period.section in (Section.S2, Section.S4):
        return ReferenceKind.ASSESSMENT
    if period.section is Section.CTO:
        return ReferenceKind.COMMUNITY
    if period.section is Section.S3:
        previous = _previous(detention, period)
        if previous is not None and previous.section is Section.CTO:
            return ReferenceKind.REVOKED
        return ReferenceKind.TREATMENT
    return None


# Unrestricted Part 3 orders and directions with the effect of a hospital order (s40(4),
# s47(3), s48(3)): Sch 1 Pt 1 applies s68 to them with the modifications of its para 10.
_HOSPITAL_ORDERS = (Section.S37, Section.S47, Section.S48)


def _hospital_order_chain(detention: MhaDetention, period: LegalStatusPeriod) -> bool:
    """Whether ``period`` is an unrestricted hospital order (or transfer direction), or a CTO
    made under Sch 1 Pt 1 after one, followed back through the chain."""
    seen = {period.period_id}
    current = period
    while current.section is Section.CTO:
        previous = _previous(detention, current)
        if previous is None or previous.period_id in seen:
            return False
        seen.add(previous.period_id)
        current = previous
    return current.section in _HOSPITAL_ORDERS


def _original_admission(detention: MhaDetention, period: LegalStatusPeriod) -> date:
    """The day of the original admission of a Part 2 chain (s68(5)(b)(ii), (c)).

    Followed back through a CTO to its application for treatment, and through an s3 made
    while the patient was liable under an s2 to the s2 admission (itself the s4 admission
    when an s4 was converted).
    """
    seen = {period.period_id}
    current = period
    part2 = (Section.S2, Section.S3, Section.S4, Section.CTO)
    while (previous := _previous(detention, current)) is not None:
        if previous.period_id in seen or previous.section not in part2:
            break
        seen.add(previous.period_id)
        current = previous
    return statutory_time.london_date(anchor_of(detention, current))


def _applicable_day(detention: MhaDetention, period: LegalStatusPeriod, row: ReferenceRow) -> date:
    if row.applicable_day is ApplicableDay.ORIGINAL_ADMISSION:
        return _original_admission(detention, period)
    if row.applicable_day is ApplicableDay.ADMISSION:
        return statutory_time.london_date(anchor_of(detention, period))
    return statutory_time.london_date(period.start)


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
        if _reference_kind(detention, period) is ReferenceKind.REVOKED:
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
    if _reference_kind(detention, period) is ReferenceKind.REVOKED:
        rule = _period_rule("s66(2)(cb)", period.start, policy)
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


@attrs.frozen
class CalendarEntry:
    """One dated entry of a chain's tribunal calendar.

    Attributes:
        kind: ``"application-window"`` (s66) or ``"managers-reference"`` (s68).
        period_id: The period it belongs to.
        opens: When the window opens, or when the reference period began.
        closes: When the window closes, or when the reference falls due (exclusive).
        source: The provision, with its paragraph (``s66(2)(b)``, ``s68(6)``).
        done: Whether an application was made in the window, or the reference made or no
            longer required.
    """

    kind: str
    period_id: str
    opens: datetime
    closes: datetime
    source: Source
    done: bool


def _window_locator(
    detention: MhaDetention, period: LegalStatusPeriod, row: SectionRow, index: int
) -> str:
    if row.tribunal is Tribunal.WITHIN_DAYS:
        return "s66(1)(a), (2)(a)"
    if period.section is Section.CTO:
        return "s66(1)(ca), (2)(ca)" if index == 0 else "s66(1)(fza), (2)(fza)"
    if period.section is Section.S7:
        return "s66(1)(c), (2)(c)" if index == 0 else "s66(1)(f), (2)(f)"
    if _reference_kind(detention, period) is ReferenceKind.REVOKED and index == 0:
        return "s66(1)(cb), (2)(cb)"
    if period.section is Section.S37:
        return "s66(1)(f), (2)(f); Sch 1 Pt 1 para 9"
    return "s66(1)(b), (2)(b)" if index == 0 else "s66(1)(f), (2)(f)"


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
    if _reference_kind(detention, period) is ReferenceKind.REVOKED and windows:
        first = _first_window(detention, period, row, policy)
        if first is not None:
            windows[0] = first
    out: list[tuple[Period, str]] = []
    for index, window in enumerate(windows):
        if period.end is not None and _u(window.start) >= _u(period.end):
            break
        out.append((window, _window_locator(detention, period, row, index)))
    return tuple(out)


def _applied_in(detention: MhaDetention, window: Period, period_ids: set[str]) -> bool:
    for application in detention.tribunal_applications:
        if application.withdrawn or application.period_id not in period_ids:
            continue
        if window.contains(statutory_time.start_of_day(application.applied_on)):
            return True
    return False


@attrs.frozen
class ReferenceDuty:
    """One duty of the hospital managers to refer the case to the tribunal (s68).

    Attributes:
        kind: Which duty.
        period_id: The period in force when it falls due.
        opens: When the relevant period began (the applicable day, or the last hearing).
        due: When the duty arises (exclusive end of the relevant period; for s68(7) the
            revocation).
        source: The provision.
        satisfied: Whether a reference is recorded, or an application removed the duty.
        suspended: Whether the patient was absent without leave on the day it would have
            arisen and has not returned (s21(3)).
        estimated: For s68(6): the last consideration is not a recorded hearing but the
            latest reference or application since (its hearing not recorded), or, with none,
            the day of admission.
        expired: When the relevant period expired, if the patient was absent without leave
            that day and the duty moved to their return (s21(3)); ``None`` otherwise.
    """

    kind: ReferenceKind
    period_id: str
    opens: datetime
    due: datetime
    source: Source
    satisfied: bool
    suspended: bool = False
    estimated: bool = False
    expired: datetime | None = None


def _all_absences(detention: MhaDetention) -> Iterator[Absence]:
    for period in detention.periods:
        yield from period.absences


def _suspend(detention: MhaDetention, due: datetime, as_of: datetime) -> tuple[datetime, bool]:
    """s21(3): a reference due on a day of absence without leave waits for the return.

    An absence still going on counts only once that day has come: before it, the patient
    may yet return.
    """
    day = statutory_time.london_date(due)
    start = statutory_time.start_of_day(day)
    end = statutory_time.start_of_day(statutory_time.add_days(day, 1))
    for absence in _all_absences(detention):
        if _overlaps_day(absence, start, end):
            if absence.returned_at is None:
                if _u(as_of) < _u(start):
                    continue
                return due, True
            return max(due, absence.returned_at, key=_u), False
    return due, False


def _in_force_at(period: LegalStatusPeriod, instant: datetime) -> bool:
    starts = _u(period.start) <= _u(instant)
    return starts and (period.end is None or _u(instant) < _u(period.end))


def _referred(detention: MhaDetention, since: date, before: date | None = None) -> bool:
    return any(
        since <= day and (before is None or day < before) for day in detention.managers_references
    )


def _exempt(detention: MhaDetention, window: Period, row: ReferenceRow, policy: MhaPolicy) -> bool:
    """s68(3): an exempting application in the period (a withdrawn one does not count)."""
    for application in detention.tribunal_applications:
        if application.withdrawn:
            continue
        if not window.contains(statutory_time.start_of_day(application.applied_on)):
            continue
        if application_paragraph(detention, application, policy) in row.exempting_rights:
            return True
    return False


def _relevant_periods(row: ReferenceRow, day: date, until: datetime) -> Iterator[Period]:
    start = statutory_time.start_of_day(day)
    total = 0
    for index in range(_MAX_STEPS):
        if index >= len(row.months) and not row.repeats:
            return
        total += row.months[min(index, len(row.months) - 1)]
        end = statutory_time.months_beginning_with(day, total).end
        yield Period(start, end)
        if _u(end) > _u(until):
            return
        start = end


def _period_duties(
    detention: MhaDetention, as_of: datetime, until: datetime, policy: MhaPolicy
) -> Iterator[ReferenceDuty]:
    mha2025 = policy.mha2025_in_force_for_testing
    for period in detention.periods:
        kind = _reference_kind(detention, period)
        if kind is None:
            continue
        row = reference_rule(kind, statutory_time.london_date(period.start), mha2025=mha2025)
        if row is None or not row.months:
            continue
        if row.regime is Regime.MHA_1983 and _hospital_order_chain(detention, period):
            # Sch 1 Pt 1 para 10(b): for a hospital-order patient (a Part 3 CTO included)
            # s68(2)-(5) apply only after a transfer from guardianship to hospital.
            continue
        day = _applicable_day(detention, period, row)
        windows = list(_relevant_periods(row, day, until))
        for index, window in enumerate(windows):
            if _u(window.end) > _u(until) or not _in_force_at(period, window.end):
                continue
            following = windows[index + 1].end if index + 1 < len(windows) else None
            before = None if following is None else statutory_time.london_date(following)
            satisfied = _exempt(detention, window, row, policy) or _referred(
                detention, statutory_time.london_date(window.start), before
            )
            due, suspended = _suspend(detention, window.end, as_of)
            yield ReferenceDuty(
                kind=kind,
                period_id=period.period_id,
                opens=window.start,
                due=due,
                source=row.source,
                satisfied=satisfied,
                suspended=suspended,
                expired=None if due == window.end else window.end,
            )


def _revocation_duties(detention: MhaDetention, policy: MhaPolicy) -> Iterator[ReferenceDuty]:
    for period in detention.periods:
        previous = _previous(detention, period)
        # s68(7): an s3 restored by revoking a CTO, or a hospital order restored by revoking
        # a Part 3 CTO (s17G as applied by Sch 1 Pt 1 para 2; s68(7) unmodified by para 10).
        restored = previous is not None and previous.section is Section.CTO
        if not (
            _reference_kind(detention, period) is ReferenceKind.REVOKED
            or (restored and period.section in _HOSPITAL_ORDERS)
        ):
            continue
        row = reference_rule(
            ReferenceKind.REVOCATION,
            statutory_time.london_date(period.start),
            mha2025=policy.mha2025_in_force_for_testing,
        )
        if row is None:
            continue
        day = statutory_time.london_date(period.start)
        yield ReferenceDuty(
            kind=ReferenceKind.REVOCATION,
            period_id=period.period_id,
            opens=period.start,
            due=period.start,
            source=row.source,
            satisfied=_referred(detention, day),
        )


def _under_18(detention: MhaDetention, day: date) -> bool:
    born = detention.date_of_birth
    if born is None:
        return False
    return day < statutory_time.full_months_after(born, 18 * 12)


def _considered_duty(
    detention: MhaDetention, as_of: datetime, policy: MhaPolicy
) -> ReferenceDuty | None:
    """s68(6): the reference when no tribunal has considered the case for a time."""
    current = next((p for p in detention.periods if _in_force_at(p, as_of)), None)
    if current is None:
        return None
    # s68(6) applies to Part 2 patients and, through Sch 1 Pt 1 paras 2 and 10, to
    # unrestricted hospital-order patients (para 10 leaves s68(6) unmodified).
    if _reference_kind(detention, current) is None and not _hospital_order_chain(
        detention, current
    ):
        return None
    row = reference_rule(
        ReferenceKind.LAST_CONSIDERED,
        statutory_time.london_date(current.start),
        mha2025=policy.mha2025_in_force_for_testing,
    )
    if row is None or not row.months:
        return None
    today = statutory_time.london_date(as_of)
    heard = [day for day in detention.tribunal_hearings if day <= today]
    # What is known of the last time the case went to the tribunal: a hearing, or a
    # reference or application made since (pending, or heard but the hearing not recorded).
    sent = [day for day in detention.managers_references if day <= today]
    if row.waits_for_pending or heard:
        sent += [
            a.applied_on
            for a in detention.tribunal_applications
            if not a.withdrawn and a.applied_on <= today
        ]
    last_heard = max(heard, default=None)
    later = [day for day in sent if last_heard is None or day > last_heard]
    estimated = not heard or bool(later)
    if later:
        last = max(later)
    elif last_heard is not None:
        last = last_heard
    else:
        last = _original_admission(detention, current)
    months = row.months[0]
    if row.under_18_months is not None:
        young = statutory_time.add_days(
            statutory_time.full_months_after(last, row.under_18_months), 1
        )
        if _under_18(detention, young):
            months = row.under_18_months
    # "more than N months has elapsed since": the first day after N whole months.
    due_day = statutory_time.add_days(statutory_time.full_months_after(last, months), 1)
    arises = statutory_time.start_of_day(due_day)
    due, suspended = _suspend(detention, arises, as_of)
    return ReferenceDuty(
        kind=ReferenceKind.LAST_CONSIDERED,
        period_id=current.period_id,
        opens=statutory_time.start_of_day(last),
        due=due,
        source=row.source,
        satisfied=False,
        suspended=suspended,
        estimated=estimated,
        expired=None if due == arises else arises,
    )


def managers_reference_duties(
    detention: MhaDetention,
    as_of: datetime,
    policy: MhaPolicy | None = None,
    *,
    horizon: timedelta = timedelta(0),
) -> tuple[ReferenceDuty, ...]:
    """The hospital managers' reference duties (s68) of a chain falling due by ``as_of`` plus
    ``horizon``, satisfied or not.

    * s68(2): on the expiry of the relevant period beginning with the applicable day (six
      months; MHA 2025: three, then 3-12 months, then yearly for an admission for
      treatment, six, 6-12 months, then yearly for a CTO); the applicable day is the
      original s2 admission when an s3 was made while the patient was liable under the s2
      (s68(5)(b)(ii)), and for a community patient or a revoked CTO the same day
      (s68(5)(c)). A duty is counted only when the period it concerns is in force when it
      falls due. An application under the paragraphs of s66(1) the row lists removes it
      (s68(3)(a)); an s2 application (s66(1)(a)) does not.
    * s68(6): when more than three years (one year under 18; MHA 2025: 12 months) have
      elapsed since a tribunal last considered the case: counted from the latest recorded
      hearing, or from a reference or application made since it (a hearing will follow),
      or from the admission when nothing is recorded.
    * s68(7): as soon as possible after a CTO is revoked.

    Hospital-order patients (unrestricted s37, s47, s48, and a CTO made after one): Sch 1
    Pt 1 para 10 applies s68(2)-(5) only after a transfer from guardianship, so they get
    the s68(6) and s68(7) references but not the six-month one (MHA 2025 rows aside).

    s21(3): a reference due on a day the patient is absent without leave waits for the
    return.
    """
    policy = policy or _DEFAULT
    try:
        until = as_of + horizon
    except OverflowError:
        raise CpaCoreError("instant is out of range") from None
    duties = [
        *_period_duties(detention, as_of, until, policy),
        *_revocation_duties(detention, policy),
    ]
    considered = _considered_duty(detention, as_of, policy)
    if considered is not None and _u(considered.due) <= _u(until):
        duties.append(considered)
    return tuple(sorted(duties, key=lambda d: _u(d.due)))


def managers_reference_due(
    detention: MhaDetention, period: LegalStatusPeriod, policy: MhaPolicy | None = None
) -> datetime | None:
    """When the first s68(2) reference for ``period`` falls due, or ``None`` if none does.

    The expiry of the first relevant period beginning with the applicable day: for an s3 made
    while the patient was liable under an s2, six months beginning with the s2 admission.
    """
    policy = policy or _DEFAULT
    kind = _reference_kind(detention, period)
    if kind is None:
        return None
    row = reference_rule(
        kind, statutory_time.london_date(period.start), mha2025=policy.mha2025_in_force_for_testing
    )
    if row is None or not row.months:
        return None
    if row.regime is Regime.MHA_1983 and _hospital_order_chain(detention, period):
        return None  # Sch 1 Pt 1 para 10(b)
    day = _applicable_day(detention, period, row)
    return statutory_time.months_beginning_with(day, row.months[0]).end


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


def tribunal_calendar(
    detention: MhaDetention, until: date, policy: MhaPolicy | None = None
) -> tuple[CalendarEntry, ...]:
    """Every application window (s66) and managers' reference (s68) of a chain that opens or
    falls due on or before ``until``, in date order, each with its provision."""
    policy = policy or _DEFAULT
    entries: list[CalendarEntry] = []
    for period in detention.periods:
        try:
            entries.extend(window_entries(detention, period, until, policy))
        except UnknownCodeError:
            continue
    end = statutory_time.start_of_day(statutory_time.add_days(until, 1))
    entries.extend(
        CalendarEntry("managers-reference", d.period_id, d.opens, d.due, d.source, d.satisfied)
        for d in managers_reference_duties(detention, end, policy)
    )
    return tuple(sorted(entries, key=lambda e: (e.closes.timestamp(), e.kind)))


def s117_eligibility(detention: MhaDetention, policy: MhaPolicy | None = None) -> S117:
    """Whether any period of the chain gives a right to s117 aftercare.

    ``ELIGIBLE`` if any section is eligible; otherwise ``NOT_STATED`` if the catalogue is
    silent on any section of the chain; otherwise ``NOT_ELIGIBLE``.
    """
    grades: set[S117] = set()
    for item in detention.periods:
        try:
            grades.add(row_for(item, policy).s117)
        except UnknownCodeError:
            grades.add(S117.NOT_STATED)
    if S117.ELIGIBLE in grades:
        return S117.ELIGIBLE
    if S117.NOT_STATED in grades:
        return S117.NOT_STATED
    return S117.NOT_ELIGIBLE
