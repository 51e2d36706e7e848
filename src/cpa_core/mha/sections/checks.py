"""Checks of the chain of legal status periods: each period's catalogue row, where its
periods of authority run from and to, and the chain's own consistency (order, changes of
section, MHSDS codes, s136B extensions).

The period arithmetic is built only on :mod:`cpa_core.statutory_time`, in three counting
kinds (the catalogue row's :class:`~cpa_core.mha.sections.rules.Anchor` says which):

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
  months; the other two readings are in :mod:`cpa_core.mha.expiries.checks`.

The functions here without an underscore that ``__all__`` does not list are shared by the
area's other checks.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import attrs

from cpa_core import statutory_time
from cpa_core.exceptions import UnknownCodeError
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.sections.rules import Anchor, SectionRow, section_rule
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy
from cpa_core.provenance import Evidence, Source
from cpa_core.statutory_time import Period

__all__ = [
    "EXTENSION_INVALID",
    "authority_periods",
    "last_day_of_months",
    "months_period",
    "row_for",
]


EXTENSION_INVALID = FindingCode(
    "MHA-EXTENSION-INVALID",
    Severity.ERROR,
    "An extension is recorded for a section without one, exceeds the maximum, or was "
    "authorised after the period expired.",
)


MAX_STEPS = 120
"""A loop over renewals or yearly reference periods never needs more steps than this: a
century of yearly periods. It bounds the work on hostile input."""

_DEFAULT = MhaPolicy()


def utc(instant: datetime) -> datetime:
    """The instant in UTC: Python compares two datetimes of one zone by wall clock, which is
    wrong in the repeated hour of October."""
    return instant.astimezone(UTC)


def within(start: datetime, end: datetime | None, at: datetime) -> bool:
    """Whether ``at`` falls in ``[start, end)``, an open end meaning "not yet ended"."""
    return utc(start) <= utc(at) and (end is None or utc(end) > utc(at))


def period_path(index: int, field: str = "") -> str:
    """The JSON path of period ``index`` of a record, or of one of its fields."""
    return f"$.periods[{index}]" + (f".{field}" if field else "")


@attrs.frozen
class CheckedPeriod:
    """One period of a record under check: the record, the period's place in the chain, and
    its catalogue row. Its findings name the record and a field of the period.

    Attributes:
        record: The record.
        index: Where the period is in the record's chain.
        period: The period.
        row: Its catalogue row.
    """

    record: MhaDetention
    index: int
    period: LegalStatusPeriod
    row: SectionRow

    @property
    def label(self) -> str:
        """How people write the period's section."""
        return self.period.section.label

    def finding(
        self,
        code: FindingCode,
        message: str,
        field: str = "",
        *,
        due: date | datetime | None = None,
        source: Source | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A finding with ``code`` about the period, or about its ``field``."""
        return code.finding(
            message,
            path=period_path(self.index, field),
            subject_id=self.record.detention_id,
            due=due,
            source=source,
            severity=severity,
        )


def day_text(instant: datetime) -> str:
    """The London day of ``instant``, as findings write it."""
    return statutory_time.london_date(instant).isoformat()


def last_day_text(end: datetime) -> str:
    """The London day of the last instant before the exclusive ``end``."""
    return statutory_time.Period(end, end).last_day.isoformat()


def anchor_cap(row: SectionRow) -> Severity | None:
    """``WARNING`` when the row's anchor or period is not verified, else ``None`` (the code's
    own severity): a fact the reference has not verified is never an error (reference
    README rule 3).

    The findings cite the row's ``source``, which every row of the catalogue has verified;
    what may not be is the anchor (``anchor_source``: a remand counted by cpa_core, a period
    the Trust supplied). :meth:`~cpa_core.findings.FindingCode.finding` caps on the source a
    finding cites, so it cannot see this.
    """
    return None if row.anchor_evidence is Evidence.VERIFIED else Severity.WARNING


def last_day_of_months(day: date, months: int) -> date:
    """The last day of a period of ``months`` calendar months beginning with ``day``.

    The day before the corresponding date ``months`` on; when the end month has no
    corresponding date (31 August plus six months), that month's last day.
    """
    return statutory_time.months_beginning_with(day, months).last_day


def months_period(day: date, months: int) -> Period:
    """The period of ``months`` calendar months beginning with ``day``, London time."""
    return statutory_time.months_beginning_with(day, months)


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
    for index in range(min(count if row.renewable else 1, MAX_STEPS)):
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


def with_extension(end: datetime, period: LegalStatusPeriod, row: SectionRow) -> datetime:
    """``end`` moved by the period's s136B extension, capped at the row's maximum."""
    if period.extension is not None and row.extension_hours is not None:
        hours = min(period.extension.hours, row.extension_hours)
        return statutory_time.hours_from(end, hours).end
    return end


def section_rows(
    record: MhaDetention, policy: TrustPolicy
) -> Iterator[tuple[int, LegalStatusPeriod, SectionRow | None]]:
    """Each period of the chain with its index and catalogue row (``None`` when no row is
    in force on the day it started)."""
    for index, period in enumerate(record.periods):
        try:
            yield index, period, row_for(period, policy.mha)
        except UnknownCodeError:
            yield index, period, None


def extension_rules(at: CheckedPeriod, anchor: datetime) -> Iterator[Finding]:
    """An s136B extension on a section without one, over its maximum, or authorised after
    the period expired."""
    extension, row = at.period.extension, at.row
    if extension is None:
        return
    if row.extension_hours is None:
        yield at.finding(EXTENSION_INVALID, f"{at.label} has no extension", "extension")
        return
    if extension.hours > row.extension_hours:
        yield at.finding(
            EXTENSION_INVALID,
            f"extension of {extension.hours} hours exceeds {row.extension_hours}",
            "extension.hours",
            source=row.source,
        )
    base = authority_periods(row, anchor, 1)
    if base and utc(extension.authorised_at) >= utc(base[0].end):
        yield at.finding(
            EXTENSION_INVALID,
            "extension authorised after the period expired",
            "extension.authorised_at",
            due=base[0].end,
            source=row.source,
            severity=anchor_cap(row),
        )
