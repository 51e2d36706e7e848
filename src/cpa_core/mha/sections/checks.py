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
  months; the other two readings are in :mod:`cpa_core.mha.expiry.checks`.

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
from cpa_core.mha.rules import LEGAL_STATUS_CODES, Section, codes_for_section
from cpa_core.mha.sections.rules import Anchor, SectionRow, conversion_rule, section_rule
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy
from cpa_core.provenance import Evidence, Source
from cpa_core.statutory_time import Period

__all__ = [
    "CHAIN_INVALID",
    "CONVERSION_NOT_ALLOWED",
    "CONVERSION_UNCATALOGUED",
    "EXTENSION_INVALID",
    "LEGAL_STATUS_CODE_MISMATCH",
    "anchor_of",
    "authority_periods",
    "last_day_of_months",
    "months_period",
    "row_for",
]


_MHSDS = Source(
    title="MENTAL HEALTH ACT LEGAL STATUS CLASSIFICATION CODE",
    publisher="NHS England Data Dictionary",
    locator="code list; CTO patients record the suspended section",
    url="https://datadictionary.nhs.uk/data_elements/mental_health_act_legal_status_classification_code.html",
)

EXTENSION_INVALID = FindingCode(
    "MHA-EXTENSION-INVALID",
    Severity.ERROR,
    "An extension is recorded for a section without one, exceeds the maximum, or was "
    "authorised after the period expired.",
)
CHAIN_INVALID = FindingCode(
    "MHA-CHAIN-INVALID",
    Severity.ERROR,
    "The chain of periods is inconsistent: out of order, overlapping, more than one active, "
    "or converted from a period it does not hold.",
)
CONVERSION_NOT_ALLOWED = FindingCode(
    "MHA-CONVERSION-NOT-ALLOWED",
    Severity.ERROR,
    "A change of section the law does not allow (e.g. a CTO following s2).",
)
CONVERSION_UNCATALOGUED = FindingCode(
    "MHA-CONVERSION-UNCATALOGUED",
    Severity.INFO,
    "A change of section the catalogue has no row for: its period counts from its own start.",
)
LEGAL_STATUS_CODE_MISMATCH = FindingCode(
    "MHA-LEGAL-STATUS-CODE-MISMATCH",
    Severity.WARNING,
    "The MHSDS legal status code recorded for a period does not stand for its section (for "
    "a CTO: the suspended section).",
    source=_MHSDS,
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


def previous_period(detention: MhaDetention, period: LegalStatusPeriod) -> LegalStatusPeriod | None:
    """The period ``period`` replaced, if the chain holds it."""
    if period.converted_from is None:
        return None
    previous = detention.period(period.converted_from)
    if previous is None or previous.period_id == period.period_id:
        return None
    return previous


def follows_cto(detention: MhaDetention, period: LegalStatusPeriod) -> bool:
    """Whether ``period`` replaced a CTO: the detention its revocation restored (s17F(4))."""
    previous = previous_period(detention, period)
    return previous is not None and previous.section is Section.CTO


def anchor_of(detention: MhaDetention, period: LegalStatusPeriod) -> datetime:
    """The instant ``period`` counts from.

    Its own ``start``, unless it replaced a period under a conversion that keeps the old
    start (s4 converted to s2 runs from when the s4 began), followed back along the chain.
    """
    seen = {period.period_id}
    current = period
    while (previous := previous_period(detention, current)) is not None:
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


def chain_rules(record: MhaDetention) -> Iterator[Finding]:
    """The chain's order, its one active period, and its changes of section."""
    subject = record.detention_id
    active = [i for i, p in enumerate(record.periods) if p.end is None]
    if len(active) > 1:
        yield CHAIN_INVALID.finding(
            f"{len(active)} periods are recorded as active at once",
            path=period_path(active[-1], "end"),
            subject_id=subject,
        )
    for index in range(1, len(record.periods)):
        before, after = record.periods[index - 1], record.periods[index]
        if utc(after.start) < utc(before.start):
            yield CHAIN_INVALID.finding(
                "periods are not in order of start",
                path=period_path(index, "start"),
                subject_id=subject,
            )
        elif before.end is not None and utc(before.end) > utc(after.start):
            yield CHAIN_INVALID.finding(
                "a period ends after the next one starts",
                path=period_path(index - 1, "end"),
                subject_id=subject,
            )
    for index, period in enumerate(record.periods):
        if period.converted_from is None:
            continue
        previous = record.period(period.converted_from)
        if previous is None or previous.period_id == period.period_id:
            yield CHAIN_INVALID.finding(
                "converted from a period the chain does not hold",
                path=period_path(index, "converted_from"),
                subject_id=subject,
            )
            continue
        rule = conversion_rule(
            previous.section, period.section, statutory_time.london_date(period.start)
        )
        if rule is None:
            yield CONVERSION_UNCATALOGUED.finding(
                f"change from {previous.section.label} to {period.section.label} has no "
                "catalogue row",
                path=period_path(index, "converted_from"),
                subject_id=subject,
            )
        elif not rule.allowed:
            yield CONVERSION_NOT_ALLOWED.finding(
                f"{period.section.label} cannot follow {previous.section.label}: {rule.note}",
                path=period_path(index, "converted_from"),
                subject_id=subject,
                source=rule.source,
            )


def extension_rules(
    record: MhaDetention, index: int, period: LegalStatusPeriod, row: SectionRow, anchor: datetime
) -> Iterator[Finding]:
    """An s136B extension on a section without one, over its maximum, or authorised after
    the period expired."""
    extension = period.extension
    if extension is None:
        return
    path = period_path(index, "extension")
    if row.extension_hours is None:
        yield EXTENSION_INVALID.finding(
            f"{period.section.label} has no extension", path=path, subject_id=record.detention_id
        )
        return
    if extension.hours > row.extension_hours:
        yield EXTENSION_INVALID.finding(
            f"extension of {extension.hours} hours exceeds {row.extension_hours}",
            path=f"{path}.hours",
            subject_id=record.detention_id,
            source=row.source,
        )
    base = authority_periods(row, anchor, 1)
    if base and utc(extension.authorised_at) >= utc(base[0].end):
        yield EXTENSION_INVALID.finding(
            "extension authorised after the period expired",
            path=f"{path}.authorised_at",
            subject_id=record.detention_id,
            due=base[0].end,
            source=row.source,
            severity=anchor_cap(row),
        )


def code_rules(record: MhaDetention, index: int, period: LegalStatusPeriod) -> Iterator[Finding]:
    """The MHSDS legal status code recorded for the period, against its section."""
    code = period.legal_status_code
    expected = period.section
    if period.section is Section.CTO:
        # MHSDS has no CTO code: the suspended section's code is recorded, which only the
        # chain can tell.
        previous = record.period(period.converted_from or "")
        if previous is None:
            return
        expected = previous.section
    if code not in codes_for_section(expected):
        known = code in LEGAL_STATUS_CODES.keys()  # noqa: SIM118 (a RuleTable, not a dict)
        yield LEGAL_STATUS_CODE_MISMATCH.finding(
            f"legal status code {code} does not stand for {expected.label}"
            + ("" if known else " (not a catalogued code)"),
            path=period_path(index, "legal_status_code"),
            subject_id=record.detention_id,
        )
