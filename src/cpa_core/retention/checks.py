"""The retention record's own consistency, and its minimum retention under the schedule.

:func:`retention_dates` works out, for one record under the schedule row in force on a date,
the earliest day it may be reviewed for disposal and how each limb of the row contributed;
:func:`check_policy` refuses a Trust policy that would shorten a national minimum. Legal
holds are a sub-area (:mod:`cpa_core.retention.holds`), and so are the disposal decisions and
their findings (:mod:`cpa_core.retention.disposal`).
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from datetime import date

import attrs

from cpa_core import statutory_time
from cpa_core.exceptions import PolicyError, Problem
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy.retention import RetentionPolicy
from cpa_core.provenance import Evidence
from cpa_core.records import repeated_positions
from cpa_core.retention.models import RecordClass, RetentionRecord
from cpa_core.retention.rules import (
    RETENTION_SCHEDULE,
    Combination,
    Condition,
    Limb,
    ScheduleRow,
    Trigger,
)

__all__ = [
    "DATES_INCONSISTENT",
    "LimbDate",
    "RetentionDates",
    "check_policy",
    "record_rules",
    "retention_dates",
]

DATES_INCONSISTENT = FindingCode(
    "RETENTION-DATES-INCONSISTENT",
    Severity.ERROR,
    "The record's dates contradict each other (an event before birth, contact after death, "
    "a reuse before the record first closed, destruction before closure).",
)

FINDING_CODES: tuple[FindingCode, ...] = (DATES_INCONSISTENT,)


@attrs.frozen(kw_only=True)
class LimbDate:
    """One limb of a row, worked out for one record.

    Attributes:
        limb: The limb.
        anchor: The trigger date used (after any restart on reuse), or ``None``.
        until: The date the limb fixes, or ``None`` when it does not apply.
        applied: Whether the limb took part in the result.
        local: Whether the limb is a Trust's local extension.
        note: Why it did or did not apply.
    """

    limb: Limb
    anchor: date | None
    until: date | None
    applied: bool
    local: bool = False
    note: str = ""


@attrs.frozen(kw_only=True)
class RetentionDates:
    """The minimum retention of one record under one schedule row.

    Attributes:
        row: The schedule row applied, or ``None`` when none is in force.
        combination: How the applied limbs were combined.
        combination_from_policy: Whether the Trust policy chose the combination because
            the reference does not settle it.
        starts_on: The day retention started (the record ceased to be operational).
        limbs: Each national and local limb with its date.
        earliest_review: The first day the minimum period has passed, or ``None``.
        missing: Triggers whose dates are needed and missing.
        in_use: The record came back into use and has not closed again.
    """

    row: ScheduleRow | None
    combination: Combination | None
    combination_from_policy: bool
    starts_on: date | None
    limbs: tuple[LimbDate, ...]
    earliest_review: date | None
    missing: tuple[Trigger, ...] = ()
    in_use: bool = False


# --- the record's own dates ---------------------------------------------------------------


def _event_dates(record: RetentionRecord) -> dict[str, date]:
    events = {
        "opened": record.opened,
        "last_contact": record.last_contact,
        "left_employment": record.left_employment,
        "incident": record.incident,
        "closed": record.closed,
        "created": record.created,
        "completed": record.completed,
        "last_entry": record.last_entry,
    }
    return {name: day for name, day in events.items() if day is not None}


def record_rules(record: RetentionRecord, _policy: TrustPolicy) -> Iterator[Finding]:
    """Contradictions between a record's own dates (independent of the audit date)."""
    rid = record.record_id
    events = _event_dates(record)
    if record.date_of_birth is not None:
        # Antenatal records may be opened or created before a birth; contact and
        # employment cannot end before one.
        for name in ("last_contact", "left_employment"):
            day = events.get(name)
            if day is not None and day < record.date_of_birth:
                yield DATES_INCONSISTENT.finding(
                    f"{name} is before the date of birth", path=f"$.{name}", subject_id=rid
                )
        if record.died is not None and record.died < record.date_of_birth:
            yield DATES_INCONSISTENT.finding(
                "death is before the date of birth", path="$.died", subject_id=rid
            )
    if (
        record.died is not None
        and record.last_contact is not None
        and record.last_contact > record.died
    ):
        yield DATES_INCONSISTENT.finding(
            "last contact is after death", path="$.last_contact", subject_id=rid
        )
    first_end = min(
        (d for d in (record.last_contact, record.closed, record.left_employment) if d),
        default=None,
    )
    for i, use in enumerate(record.reuse):
        if first_end is not None and use.reopened < first_end:
            yield DATES_INCONSISTENT.finding(
                "the record came back into use before it first closed",
                path=f"$.reuse[{i}].reopened",
                subject_id=rid,
            )
    if record.destroyed_on is not None:
        latest = max(events.values(), default=None)
        if latest is not None and record.destroyed_on < latest:
            yield DATES_INCONSISTENT.finding(
                "destroyed before the record's last recorded event",
                path="$.destroyed_on",
                subject_id=rid,
            )


# --- policy -----------------------------------------------------------------------------


def _policy_section(policy: TrustPolicy | RetentionPolicy | None) -> RetentionPolicy:
    if policy is None:
        return RetentionPolicy()
    if isinstance(policy, TrustPolicy):
        return policy.retention
    return policy


def _span(years: int, months: int) -> int:
    return years * 12 + months


@functools.lru_cache(maxsize=64)
def _policy_problems(section: RetentionPolicy) -> tuple[Problem, ...]:
    problems: list[Problem] = []
    classes = {c.value: c for c in RecordClass}
    triggers = {t.value: t for t in Trigger}
    repeated = repeated_positions(choice.record_class for choice in section.combinations)
    for i, choice in enumerate(section.combinations):
        path = f"$.retention.combinations[{i}]"
        record_class = classes.get(choice.record_class)
        if record_class is None:
            problems.append(Problem(f"{path}.record_class", "is not a record class"))
            continue
        if i in repeated:
            problems.append(Problem(f"{path}.record_class", "is chosen twice"))
        if all(row.combination_settled for row in RETENTION_SCHEDULE.versions(record_class)):
            problems.append(
                Problem(path, "the schedule settles how this row combines; it cannot be set")
            )
    for i, ext in enumerate(section.local_extensions):
        path = f"$.retention.local_extensions[{i}]"
        record_class = classes.get(ext.record_class)
        trigger = triggers.get(ext.trigger)
        if record_class is None:
            problems.append(Problem(f"{path}.record_class", "is not a record class"))
        if trigger is None:
            problems.append(Problem(f"{path}.trigger", "is not a retention trigger"))
        if record_class is None or trigger is None:
            continue
        local = _span(ext.years, ext.months)
        for row in RETENTION_SCHEDULE.versions(record_class):
            for limb in row.limbs:
                # A conditional limb (6 years after an appeal) still applies beside the local
                # one, which only ever adds a later date, so it sets no floor here.
                if limb.trigger is not trigger or limb.condition is not None:
                    continue
                national = _span(limb.years, limb.months)
                if limb.age_rule is not None:
                    national = max(national, _span(limb.age_rule.years, 0))
                if local < national:
                    problems.append(
                        Problem(
                            path,
                            "would shorten the national minimum "
                            f"({limb.describe()}, {row.code_version}); a Trust may only "
                            "lengthen it",
                        )
                    )
    return tuple(problems)


def check_policy(policy: TrustPolicy | RetentionPolicy | None) -> None:
    """Refuse a retention policy that names unknown classes or shortens a national minimum.

    Raises:
        PolicyError: Listing every problem with its path in the policy.
    """
    problems = _policy_problems(_policy_section(policy))
    if problems:
        lines = "\n".join(f"  {p}" for p in problems)
        raise PolicyError(f"retention policy: {len(problems)} problem(s)\n{lines}", problems)


# --- dates ------------------------------------------------------------------------------


def _anniversary(day: date, years: int, months: int = 0) -> date:
    """``day`` plus whole years and months, for a *minimum* period, never cut short
    (:func:`cpa_core.statutory_time.full_months_after`). A date past the end of the calendar
    (year 9999) saturates at :data:`datetime.date.max`: still never before the true date.
    """
    try:
        return statutory_time.full_months_after(day, _span(years, months))
    except statutory_time.CalendarOverflowError:
        return date.max


def _age_on(birth: date, day: date) -> int:
    years = day.year - birth.year
    if years > 0 and _anniversary(birth, years) > day:
        years -= 1
    return years


def _reuse_end(record: RetentionRecord) -> tuple[date | None, bool]:
    """The end of the latest period of reuse, and whether a reuse is still open."""
    ends = [p.closed for p in record.reuse if p.closed is not None]
    open_now = any(p.closed is None for p in record.reuse)
    return (max(ends) if ends else None), open_now


def _raw_dates(record: RetentionRecord) -> dict[Trigger, date | None]:
    return {
        Trigger.LAST_CONTACT: record.last_contact,
        Trigger.DEATH: record.died,
        Trigger.BIRTH: record.date_of_birth,
        Trigger.LEFT_EMPLOYMENT: record.left_employment,
        Trigger.INCIDENT: record.incident,
        Trigger.CLOSURE: record.closed,
        Trigger.CREATION: record.created,
        Trigger.COMPLETION: record.completed,
        Trigger.LAST_ENTRY: record.last_entry,
        Trigger.DESTRUCTION: record.records_destroyed,
        Trigger.FINANCIAL_YEAR_END: record.created,
        Trigger.YEAR_END: record.created,
    }


def _anchors(record: RetentionRecord) -> dict[Trigger, date | None]:
    """Each trigger's date, restarted at the end of the latest reuse where the Code says so.

    Records Management Code, Appendix II preamble [V]: if a record comes back into use,
    the retention period restarts from the end of the second period of use.
    """
    reuse_end, _ = _reuse_end(record)
    out: dict[Trigger, date | None] = {}
    for trigger, raw in _raw_dates(record).items():
        value = raw
        if reuse_end is not None and value is not None and trigger.restarts_on_reuse:
            value = max(value, reuse_end)
        if value is not None and trigger is Trigger.FINANCIAL_YEAR_END:
            value = _financial_year_end(value)
        elif value is not None and trigger is Trigger.YEAR_END:
            value = date(value.year, 12, 31)
        out[trigger] = value
    return out


def _financial_year_end(day: date) -> date:
    """The close of the financial year of ``day``; past the calendar, :data:`datetime.date.max`
    (still never before the true date)."""
    try:
        return statutory_time.financial_year_end(day)
    except statutory_time.CalendarOverflowError:
        return date.max


def _condition_met(record: RetentionRecord, condition: Condition | None) -> bool:
    if condition is Condition.APPEALED:
        return record.appealed
    if condition is Condition.SUMMARY_MADE:
        return record.summary_made
    return True


def _limb_date(
    limb: Limb,
    anchors: dict[Trigger, date | None],
    starts_on: date | None,
    *,
    local: bool = False,
) -> LimbDate:
    anchor = anchors[limb.trigger]
    if anchor is None:
        return LimbDate(limb=limb, anchor=None, until=None, applied=False, local=local)
    years = limb.years
    note = ""
    if limb.age_rule is not None and starts_on is not None:
        age = _age_on(anchor, starts_on)
        if age == limb.age_rule.age:
            years = limb.age_rule.years
            note = f"aged {age} when the record ceased to be operational"
    until = _anniversary(anchor, years, limb.months)
    return LimbDate(limb=limb, anchor=anchor, until=until, applied=True, local=local, note=note)


def _combination(row: ScheduleRow, section: RetentionPolicy) -> tuple[Combination, bool]:
    if row.combination is not None:
        return row.combination, False
    for choice in section.combinations:
        if choice.record_class == row.record_class.value:
            return Combination(choice.combine), True
    return Combination(section.combine_unsettled), True


def retention_dates(
    record: RetentionRecord,
    as_of: date,
    policy: TrustPolicy | RetentionPolicy | None = None,
) -> RetentionDates:
    """The minimum retention of ``record`` under the schedule row in force on ``as_of``.

    The earliest review date is the latest (or, where the row or the Trust says so, the
    earliest) of the applicable limbs' dates, then the latest of that and every local
    extension, and never before retention started. A birthday limb counts whole years from
    the date of birth; a period limb adds calendar years to the trigger date.

    Raises:
        PolicyError: The policy shortens a national minimum or names unknown classes.
    """
    section = _policy_section(policy)
    check_policy(section)
    row = RETENTION_SCHEDULE.find(record.record_class, as_of)
    _, open_now = _reuse_end(record)
    if row is None:
        return RetentionDates(
            row=None,
            combination=None,
            combination_from_policy=False,
            starts_on=None,
            limbs=(),
            earliest_review=None,
            in_use=open_now,
        )
    anchors = _anchors(record)
    starts_on = anchors[row.starts]
    combination, from_policy = _combination(row, section)
    missing: list[Trigger] = [] if starts_on is not None else [row.starts]
    worked: list[LimbDate] = []
    for limb in row.limbs:
        if not _condition_met(record, limb.condition):
            worked.append(
                LimbDate(
                    limb=limb, anchor=None, until=None, applied=False, note="condition not met"
                )
            )
            continue
        if limb.evidence is not Evidence.VERIFIED and not section.apply_unverified_limbs:
            worked.append(
                LimbDate(
                    limb=limb,
                    anchor=None,
                    until=None,
                    applied=False,
                    note="unverified limb switched off by Trust policy",
                )
            )
            continue
        result = _limb_date(limb, anchors, starts_on)
        if result.until is None and not limb.optional and limb.trigger not in missing:
            missing.append(limb.trigger)
        worked.append(result)
    for ext in section.local_extensions:
        if ext.record_class != row.record_class.value:
            continue
        limb = Limb(trigger=Trigger(ext.trigger), years=ext.years, months=ext.months, optional=True)
        worked.append(_limb_date(limb, anchors, starts_on, local=True))
    earliest: date | None = None
    if not missing:
        national = [w.until for w in worked if w.until is not None and not w.local]
        local = [w.until for w in worked if w.until is not None and w.local]
        pick = max if combination is Combination.LATER else min
        assert starts_on is not None  # a missing start is in ``missing``
        combined = [pick(national)] if national else []
        earliest = max([*combined, *local, starts_on])
    return RetentionDates(
        row=row,
        combination=combination,
        combination_from_policy=from_policy and sum(w.applied for w in worked if not w.local) > 1,
        starts_on=starts_on,
        limbs=tuple(worked),
        earliest_review=earliest,
        missing=tuple(missing),
        in_use=open_now,
    )
