"""The arithmetic of Mental Health Act periods, built only on :mod:`cpa_core._time`.

Three counting kinds (the catalogue row's :class:`~cpa_core.mha.rules.Anchor` says which):

* **days beginning with a day** (s2: "28 days beginning with the day on which he is
  admitted", s2(4)): the London date of the start is day 1, the period ends at London
  midnight after day N, whatever the clocks do;
* **hours from an instant** (s4(4), s5(2), s5(4), s136): real elapsed hours from the instant,
  so a 72-hour period across a clock change ends one wall-clock hour later or earlier;
* **months beginning with a day** (s3 and guardianship, s20(1); CTOs, s20A): the period ends
  on the day before the corresponding date in the end month, or on that month's last day
  when it has no corresponding date. Admitted 31 August, six months end on 28 February
  (29 in a leap year), never 27 February: the shared reference, section 10, warns that
  clamping and then subtracting a day double-counts. Renewal periods are anchored to the
  original day (reading "B" of the reference): period k ends on the day before the
  corresponding date of the cumulative months. The two other readings are computed too, so
  that a check can say when they disagree.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from cpa_core import _time
from cpa_core._time import Period
from cpa_core.exceptions import UnknownCodeError
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.rules import (
    S117,
    Anchor,
    SectionRow,
    Tribunal,
    conversion_rule,
    section_rule,
)
from cpa_core.policy.mha import MhaPolicy
from cpa_core.provenance import Evidence, Source

__all__ = [
    "Readings",
    "anchor_of",
    "authority_periods",
    "expiry",
    "last_day_of_months",
    "managers_reference_due",
    "months_period",
    "renewal_readings",
    "renewal_window",
    "row_for",
    "s2_tribunal_window",
    "s58_certificate_from",
    "s117_eligibility",
    "tribunal_windows",
]


def last_day_of_months(day: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months beginning with ``day``.

    The day before the corresponding date ``months`` on; when the end month has no
    corresponding date (31 August plus six months), that month's last day.
    """
    return _time.months_beginning_with(day, months).last_day


def months_period(day: date, months: int) -> Period:
    """The period of ``months`` calendar months beginning with ``day``, London time."""
    return _time.months_beginning_with(day, months)


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
        _time.london_date(period.start),
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


_DEFAULT = MhaPolicy()


def anchor_of(detention: MhaDetention, period: LegalStatusPeriod) -> datetime:
    """The instant ``period`` counts from.

    Its own ``start``, unless it replaced a period under a conversion that keeps the old
    start (s4 converted to s2 runs from when the s4 began), followed back along the chain.
    """
    seen = {period.period_id}
    current = period
    while current.converted_from is not None:
        previous = detention.period(current.converted_from)
        if previous is None or previous.period_id in seen:
            break
        rule = conversion_rule(previous.section, current.section, _time.london_date(current.start))
        if rule is None or not rule.keeps_start:
            break
        seen.add(previous.period_id)
        current = previous
    return current.start


def authority_periods(row: SectionRow, anchor: datetime, count: int) -> tuple[Period, ...]:
    """The first ``count`` periods of authority (the initial period, then renewals).

    Sections counted in hours or days are not renewable and have one period whatever
    ``count`` is. Sections with no stated period have none.
    """
    if not row.computable or count < 1:
        return ()
    if row.anchor is Anchor.HOURS_FROM:
        return (_time.hours_from(anchor, row.periods[0]),)
    day = _time.london_date(anchor)
    if row.anchor is Anchor.DAYS_BEGINNING_WITH:
        return (_time.days_beginning_with(day, row.periods[0]),)
    out: list[Period] = []
    start = _time.start_of_day(day)
    total = 0
    for index in range(count if row.renewable else 1):
        total += row.period_length(index)
        end = _time.start_of_day(_time.add_days(last_day_of_months(day, total), 1))
        out.append(Period(start, end))
        start = end
    return tuple(out)


def expiry(
    detention: MhaDetention, period: LegalStatusPeriod, policy: MhaPolicy | None = None
) -> datetime | None:
    """The instant the authority of ``period`` ends, given its recorded renewals and extension.

    Exclusive, like :attr:`Period.end`: at this instant the authority has gone; expressed
    in London time. ``None``
    when the catalogue states no period for the section. An s136B extension adds its hours
    (capped at the catalogue's maximum) to the end of the first period.
    """
    row = row_for(period, policy)
    periods = authority_periods(row, anchor_of(detention, period), len(period.renewals) + 1)
    if not periods:
        return None
    end = periods[-1].end
    if period.extension is not None and row.extension_hours is not None:
        hours = min(period.extension.hours, row.extension_hours)
        end = _time.hours_from(end, hours).end
    return end.astimezone(_time.LONDON)


def renewal_window(authority: Period) -> Period:
    """The window for the renewal report of a period of authority (s20(3), s20A).

    "The period of two months ending on the day" the authority would expire: from the day
    after the date two months before the last day, to the end of the last day.
    """
    last = authority.last_day
    first = _time.add_days(_time.add_months(last, -2), 1)
    return Period(_time.start_of_day(first), authority.end)


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


def renewal_readings(row: SectionRow, day: date, index: int) -> Readings:
    """The last day of period ``index`` (0 = the first) under the three readings.

    Args:
        row: A catalogue row counted in months.
        day: The London day the first period began with.
        index: Which period.
    """
    anchored = chained_after = chained_beginning = last_day_of_months(day, row.period_length(0))
    total = row.period_length(0)
    for k in range(1, index + 1):
        months = row.period_length(k)
        total += months
        chained_after = _time.add_months(chained_after, months)
        chained_beginning = last_day_of_months(_time.add_days(chained_beginning, 1), months)
        anchored = last_day_of_months(day, total)
    return Readings(chained_after, anchored, chained_beginning)


def s58_certificate_from(first_given: date) -> date:
    """The first day on which s58 needs a T2 or T3 certificate.

    Counting kind: calendar months after an event (s58(1)(b): "three months or more have
    elapsed since the first occasion in that period" of liability). First dose 10 February:
    the three months are complete at the end of 10 May, so strictly a certificate is needed
    for doses from 11 May; cpa_core takes the conservative reading and returns 10 May (the
    corresponding date, or the month's last day when there is none).
    """
    return _time.add_months(first_given, 3)


def s2_tribunal_window(row: SectionRow, anchor: datetime) -> Period | None:
    """The s2 tribunal application window: ``tribunal_days`` days beginning with admission.

    The Modaresi extension (to the next business day when the tribunal office is closed on
    the last day) is not applied: the window returned is the earliest the law allows.
    """
    if row.tribunal is not Tribunal.WITHIN_DAYS or row.tribunal_days is None:
        return None
    return _time.days_beginning_with(_time.london_date(anchor), row.tribunal_days)


def tribunal_windows(row: SectionRow, anchor: datetime, until: date) -> tuple[Period, ...]:
    """The tribunal eligibility periods (one application each) that begin on or before ``until``.

    For s3, guardianship and CTOs these are the s66 periods (6, 6, then 12 months), kept
    separate from the renewal periods so that a change in the renewal schedule does not move
    them. s37 patients have no window in the first period.
    """
    if row.tribunal is Tribunal.WITHIN_DAYS:
        window = s2_tribunal_window(row, anchor)
        return (window,) if window is not None else ()
    if row.tribunal not in (Tribunal.ONCE_PER_PERIOD, Tribunal.NOT_FIRST_PERIOD):
        return ()
    if row.anchor is not Anchor.MONTHS_BEGINNING_WITH or not row.tribunal_months:
        return ()
    day = _time.london_date(anchor)
    out: list[Period] = []
    start = _time.start_of_day(day)
    total = 0
    index = 0
    while _time.london_date(start) <= until:
        total += row.tribunal_months[min(index, len(row.tribunal_months) - 1)]
        end = _time.start_of_day(_time.add_days(last_day_of_months(day, total), 1))
        if index > 0 or row.tribunal is Tribunal.ONCE_PER_PERIOD:
            out.append(Period(start, end))
        start = end
        index += 1
    return tuple(out)


def managers_reference_due(row: SectionRow, anchor: datetime) -> datetime | None:
    """When the hospital managers must refer a patient who has not applied (s68(2)).

    "On the expiry of six months beginning with the applicable day": the instant the
    months beginning with the anchor's London day end. ``None`` when the row has none.
    """
    if row.managers_reference_months is None or row.anchor is not Anchor.MONTHS_BEGINNING_WITH:
        return None
    return months_period(_time.london_date(anchor), row.managers_reference_months).end


def s117_eligibility(detention: MhaDetention, policy: MhaPolicy | None = None) -> S117:
    """Whether any period of the chain gives a right to s117 aftercare.

    ``ELIGIBLE`` if any section is eligible; otherwise ``NOT_STATED`` if the reference is
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
