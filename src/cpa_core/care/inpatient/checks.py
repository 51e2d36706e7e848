"""Checks of inpatient discharges: follow-up after discharge and the care plan sent on it.

Severities follow the evidence of the rule applied: a rule from a verified source may give
an ``ERROR``; a secondary or unverified one gives at most a ``WARNING``.
"""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, datetime

import attrs

from cpa_core import statutory_time
from cpa_core.care.inpatient.models import FollowUpEvent, FollowUpEventKind, InpatientDischarge
from cpa_core.care.inpatient.rules import (
    ACUTE_BED_CLASSES,
    CONSULTATION_MECHANISMS,
    DISCHARGE_COMMUNICATION,
    EXCLUDED_DESTINATIONS,
    EXCLUDED_DISCHARGE_METHODS,
    FOLLOW_UP_RULES,
    FollowUpRow,
)
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy.care import FOLLOW_UP_72_HOURS_CODE
from cpa_core.records import RecordKind
from cpa_core.statutory_time import CalendarOverflowError

__all__ = [
    "CARE_INPATIENT_DISCHARGE",
    "DISCHARGE_PLAN_NOT_SENT",
    "FOLLOW_UP_BREACHED",
    "FOLLOW_UP_DUE",
    "FOLLOW_UP_MET",
    "FOLLOW_UP_NOT_ELIGIBLE",
    "FollowUpOutcome",
    "FollowUpStatus",
    "check_discharge",
    "discharge_audit",
    "follow_up",
]

FOLLOW_UP_DUE = FindingCode(
    "CARE-FOLLOW-UP-DUE",
    Severity.WARNING,
    "Follow-up after an eligible inpatient discharge is due and has not happened yet.",
    source=FOLLOW_UP_72_HOURS_CODE,
)
FOLLOW_UP_MET = FindingCode(
    "CARE-FOLLOW-UP-MET",
    Severity.INFO,
    "Follow-up after an eligible inpatient discharge happened within the window.",
    source=FOLLOW_UP_72_HOURS_CODE,
)
FOLLOW_UP_BREACHED = FindingCode(
    "CARE-FOLLOW-UP-BREACHED",
    Severity.ERROR,
    "No follow-up happened within the window after an eligible inpatient discharge.",
    source=FOLLOW_UP_72_HOURS_CODE,
)
FOLLOW_UP_NOT_ELIGIBLE = FindingCode(
    "CARE-FOLLOW-UP-NOT-ELIGIBLE",
    Severity.INFO,
    "An inpatient discharge is outside the follow-up measure (bed class, destination, ...).",
    source=FOLLOW_UP_72_HOURS_CODE,
)
DISCHARGE_PLAN_NOT_SENT = FindingCode(
    "CARE-DISCHARGE-PLAN-NOT-SENT",
    Severity.WARNING,
    "The care plan did not reach those it names within the time NICE QS159 allows after an "
    "inpatient discharge.",
)


class FollowUpStatus(enum.Enum):
    """Where an inpatient discharge stands against the follow-up rule."""

    NOT_ELIGIBLE = "not-eligible"
    """Outside the measure."""
    PENDING = "pending"
    """The window is open and no counting event has happened yet."""
    MET = "met"
    """A counting event happened within the window."""
    BREACHED = "breached"
    """The window closed with no counting event."""


@attrs.frozen
class FollowUpOutcome:
    """The follow-up result for one discharge.

    Attributes:
        status: Where the discharge stands.
        rule: The rule row applied, or ``None`` when no rule is in force.
        discharge_date: The London date of the discharge (day 0).
        due: The last day on which follow-up counts, when eligible.
        met_on: The day of the first counting event, when met.
        exclusions: Why the discharge is not eligible (empty when eligible).
    """

    status: FollowUpStatus
    rule: FollowUpRow | None
    discharge_date: date
    due: date | None = None
    met_on: date | None = None
    exclusions: tuple[str, ...] = ()


def _exclusions(discharge: InpatientDischarge, row: FollowUpRow, day: date) -> list[str]:
    out = []
    if discharge.method is not None and EXCLUDED_DISCHARGE_METHODS.find(discharge.method, day):
        out.append("discharge method")
    if discharge.destination is not None and EXCLUDED_DESTINATIONS.find(discharge.destination, day):
        out.append("discharge destination")
    if row.acute_beds_only and ACUTE_BED_CLASSES.find(discharge.bed_class, day) is None:
        out.append("not an adult acute bed class")
    if (
        row.excludes_deaths_in_window
        and discharge.died_on is not None
        and statutory_time.days_between(day, discharge.died_on) <= row.days
    ):
        out.append("died within the follow-up window")
    if row.england_residents_only and discharge.resident_in_england is False:
        out.append("not resident in England")
    return out


def _counts(
    event: FollowUpEvent, discharge: InpatientDischarge, day: date, policy: TrustPolicy
) -> bool:
    if event.provider is not None and event.provider != discharge.responsible_provider:
        return False
    if event.kind is FollowUpEventKind.READMISSION:
        return True
    if event.kind is FollowUpEventKind.INDIRECT:
        return policy.care.follow_up_counts_indirect_activity
    return (
        event.attended
        and event.mechanism is not None
        and CONSULTATION_MECHANISMS.find(event.mechanism, day) is not None
    )


def follow_up(
    discharge: InpatientDischarge, as_of: date | datetime, policy: TrustPolicy | None = None
) -> FollowUpOutcome:
    """Whether follow-up after ``discharge`` is met, pending or breached as of ``as_of``
    (a ``date`` means the start of that day in London).

    Counting kind: whole London calendar days, not clock hours, as NHS England counts the
    72-hour measure: an event counts when its date is strictly after the discharge date and
    at most the row's ``days`` (3) days after it, so a contact on the discharge date does not
    count, day 3 counts and day 4 is too late. Only events at or before ``as_of`` are seen.
    """
    return _follow_up(discharge, CheckContext.at(as_of, policy))


def _follow_up(discharge: InpatientDischarge, ctx: CheckContext) -> FollowUpOutcome:
    day = statutory_time.london_date(discharge.discharged_at)
    row = FOLLOW_UP_RULES.find(ctx.policy.care.follow_up_rule, day)
    if row is None:
        return FollowUpOutcome(
            FollowUpStatus.NOT_ELIGIBLE, None, day, exclusions=("no rule in force",)
        )
    excluded = _exclusions(discharge, row, day)
    if excluded:
        return FollowUpOutcome(FollowUpStatus.NOT_ELIGIBLE, row, day, exclusions=tuple(excluded))
    try:
        due = statutory_time.add_days(day, row.days)
    except CalendarOverflowError:
        # A window that would end after the year 9999 has not closed yet.
        return FollowUpOutcome(FollowUpStatus.PENDING, row, day)
    met = [
        event_day
        for event in discharge.follow_ups
        if event.at <= ctx.instant
        and 1
        <= statutory_time.days_between(day, event_day := statutory_time.london_date(event.at))
        <= row.days
        and _counts(event, discharge, event_day, ctx.policy)
    ]
    if met:
        return FollowUpOutcome(FollowUpStatus.MET, row, day, due=due, met_on=min(met))
    if ctx.day <= due:
        return FollowUpOutcome(FollowUpStatus.PENDING, row, day, due=due)
    return FollowUpOutcome(FollowUpStatus.BREACHED, row, day, due=due)


def _plan_sent_findings(discharge: InpatientDischarge, as_of: datetime) -> Iterator[Finding]:
    day = statutory_time.london_date(discharge.discharged_at)
    row = DISCHARGE_COMMUNICATION.find("care-plan-sent", day)
    died = discharge.method is not None and EXCLUDED_DISCHARGE_METHODS.find(discharge.method, day)
    if row is None or died:
        return
    try:
        deadline = statutory_time.hours_from(discharge.discharged_at, row.hours).end
    except CalendarOverflowError:
        return  # a deadline after the year 9999 has not passed
    sent = discharge.plan_sent_at
    if sent is not None and sent > as_of:
        sent = None  # not yet known on as_of
    late = sent is not None and sent >= deadline
    if late or (sent is None and as_of >= deadline):
        yield DISCHARGE_PLAN_NOT_SENT.finding(
            f"care plan sent more than {row.hours} hours after discharge"
            if late
            else f"care plan not sent within {row.hours} hours of discharge",
            path="$.plan_sent_at",
            subject_id=discharge.discharge_id,
            due=deadline,
            source=row.source,
        )


def discharge_audit(discharge: InpatientDischarge, ctx: CheckContext) -> Iterator[Finding]:
    """The follow-up and plan-sent findings for one inpatient discharge as of ``ctx``."""
    if discharge.discharged_at > ctx.instant:
        return
    yield from _plan_sent_findings(discharge, ctx.instant)
    outcome = _follow_up(discharge, ctx)
    subject = discharge.discharge_id
    if outcome.status is FollowUpStatus.NOT_ELIGIBLE or outcome.rule is None:
        yield FOLLOW_UP_NOT_ELIGIBLE.finding(
            "not eligible for follow-up: " + ", ".join(outcome.exclusions),
            path="$",
            subject_id=subject,
        )
        return
    rule = outcome.rule
    name = rule.rule.value
    if outcome.status is FollowUpStatus.MET:
        met_on = outcome.met_on or outcome.discharge_date
        day = statutory_time.days_between(outcome.discharge_date, met_on)
        code, message = FOLLOW_UP_MET, f"{name} follow-up met on day {day}"
    elif outcome.status is FollowUpStatus.PENDING:
        code = FOLLOW_UP_DUE
        message = f"{name} follow-up due by the end of {outcome.due or 'the window'}"
    else:
        code = FOLLOW_UP_BREACHED
        message = f"no {name} follow-up within {rule.days} days of the discharge date"
    yield code.finding(
        message, path="$.follow_ups", subject_id=subject, due=outcome.due, source=rule.source
    )


def check_discharge(
    record: InpatientDischarge, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding for one inpatient discharge as of ``as_of`` (a ``date`` means the start
    of that day in London).
    The same report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return Report(tuple(discharge_audit(record, CheckContext.at(as_of, policy))))


CARE_INPATIENT_DISCHARGE: RecordKind[InpatientDischarge] = RecordKind(
    name="care-inpatient-discharge",
    domain="care",
    model=InpatientDischarge,
    description="A discharge from a psychiatric inpatient bed with the contacts, indirect "
    "activity and readmissions that may count as follow-up.",
    audit=discharge_audit,
)
