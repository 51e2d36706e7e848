"""Retention dates, legal holds and disposal decisions, each with its explanation.

Nothing here destroys anything or says "destroy on": a decision gives the earliest review
date and the rule that produced it, the holds that block disposal, and whether a recorded
appraisal approves disposal (Records Management Code: no automatic destruction without
appraisal).
"""

from __future__ import annotations

import enum
import functools
from collections.abc import Iterable
from datetime import date

import attrs

from cpa_core import statutory_time
from cpa_core.exceptions import PolicyError, Problem
from cpa_core.policy import TrustPolicy
from cpa_core.policy.retention import RetentionPolicy
from cpa_core.provenance import Evidence
from cpa_core.retention.models import (
    AppraisalOutcome,
    HoldOrigin,
    LegalHold,
    RecordClass,
    RetentionRecord,
)
from cpa_core.retention.rules import (
    NATIONAL_HOLDS,
    RETENTION_SCHEDULE,
    Combination,
    Condition,
    FinalAction,
    Limb,
    ScheduleRow,
    Trigger,
)

__all__ = [
    "DecisionStatus",
    "LimbDate",
    "RetentionDates",
    "RetentionDecision",
    "blocking_holds",
    "check_policy",
    "decide",
    "disposal_review",
    "retention_dates",
    "valid_appraisal",
]


class DecisionStatus(enum.Enum):
    """Where a record stands, as of the decision date."""

    IN_USE = "in-use"
    """The record came back into use and is still open: no retention is running."""
    UNDETERMINED = "undetermined"
    """A trigger date the row needs is missing, or no row is in force."""
    RETAIN = "retain"
    """The minimum period has not been reached."""
    REVIEW_DUE = "review-due"
    """The minimum period has been reached and an appraisal is needed."""
    HELD = "held"
    """The minimum period has been reached but a legal hold blocks disposal."""
    KEEP_APPRAISED = "keep-appraised"
    """An appraisal decided to keep the record (retain, permanent, transfer to a PoD)."""
    DISPOSAL_APPROVED = "disposal-approved"
    """A recorded appraisal approves disposal and nothing blocks it; people dispose of it."""
    DISPOSED = "disposed"
    """The record has been destroyed."""


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


@attrs.frozen(kw_only=True)
class RetentionDecision:
    """What may happen to a record, as of a date, and why.

    Attributes:
        record_id: The record's identifier.
        record_class: Its record class.
        as_of: The decision date.
        status: Where the record stands.
        earliest_review: The first day the minimum period has passed, or ``None``.
        final_action: The row's action at the end of the period, or ``None``.
        dates: How the earliest review date was worked out.
        holds: Legal holds in force that cover the record (they block disposal).
        disposal_approved: True only when a valid recorded appraisal approves disposal, the
            minimum has passed and no hold blocks it. Disposal is still done by people.
        explanation: One line per step of the reasoning.
    """

    record_id: str
    record_class: RecordClass
    as_of: date
    status: DecisionStatus
    earliest_review: date | None
    final_action: FinalAction | None
    dates: RetentionDates
    holds: tuple[LegalHold, ...]
    disposal_approved: bool
    explanation: tuple[str, ...]

    @property
    def verified(self) -> bool:
        """Whether the row applied is verified in every part."""
        return self.dates.row is not None and self.dates.row.verified


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
    seen: set[str] = set()
    for i, choice in enumerate(section.combinations):
        path = f"$.retention.combinations[{i}]"
        record_class = classes.get(choice.record_class)
        if record_class is None:
            problems.append(Problem(f"{path}.record_class", "is not a record class"))
            continue
        if choice.record_class in seen:
            problems.append(Problem(f"{path}.record_class", "is chosen twice"))
        seen.add(choice.record_class)
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
    if day.year + (day.month - 1 + _span(years, months)) // 12 > date.max.year:
        return date.max
    return statutory_time.full_months_after(day, _span(years, months))


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
            # The NHS financial year closes on 31 March.
            year = value.year + (1 if value.month > 3 else 0)
            value = date(year, 3, 31) if year <= date.max.year else date.max
        elif value is not None and trigger is Trigger.YEAR_END:
            value = date(value.year, 12, 31)
        out[trigger] = value
    return out


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


# --- holds ------------------------------------------------------------------------------


def _record_span(record: RetentionRecord) -> tuple[date | None, date | None]:
    """The first and last day the record covers; ``None`` for an unknown (open) end.

    Without an opening or creation date only an incident record has a known start (the
    incident); any other record may reach back indefinitely, so date-range holds cover it.
    """
    first = record.opened or record.created or record.incident
    if any(p.closed is None for p in record.reuse):
        return first, None
    ends = [
        d
        for d in (
            record.last_contact,
            record.closed,
            record.completed,
            record.last_entry,
            record.left_employment,
            record.incident,
            record.died,
            record.created,
            *(p.closed for p in record.reuse),
        )
        if d is not None
    ]
    return first, (max(ends) if ends else None)


def _covers(hold: LegalHold, record: RetentionRecord) -> bool:
    scope = hold.scope
    if scope.record_classes and record.record_class not in scope.record_classes:
        return False
    if scope.subject_matter and not set(scope.subject_matter) & set(record.subject_matter):
        return False
    first, last = _record_span(record)
    if scope.covering_until is not None and first is not None and first > scope.covering_until:
        return False
    return not (scope.covering_from is not None and last is not None and last < scope.covering_from)


def blocking_holds(
    record: RetentionRecord,
    on: date,
    policy: TrustPolicy | RetentionPolicy | None = None,
    holds: Iterable[LegalHold] = (),
) -> tuple[LegalHold, ...]:
    """The legal holds in force on ``on`` that cover ``record``.

    A hold covers a record when the record names it in ``holds``, or when the record falls
    in its scope. National holds come from :data:`NATIONAL_HOLDS` (less any the Trust policy
    releases); ``holds`` adds the Trust's own. A hold the record names but nobody defines is
    treated as an open Trust hold: it blocks until it is defined or removed.
    """
    section = _policy_section(policy)
    released = set(section.released_holds)
    candidates: dict[str, LegalHold] = {
        row.hold.hold_id: row.hold for row in NATIONAL_HOLDS if row.hold.hold_id not in released
    }
    for hold in holds:
        candidates.setdefault(hold.hold_id, hold)
    found: dict[str, LegalHold] = {}
    for hold in candidates.values():
        if hold.in_force(on) and (hold.hold_id in record.holds or _covers(hold, record)):
            found[hold.hold_id] = hold
    for hold_id in record.holds:
        if hold_id not in candidates and hold_id not in released:
            found[hold_id] = LegalHold(
                hold_id=hold_id,
                title="hold named on the record",
                origin=HoldOrigin.TRUST,
                start=date.min,
                evidence=Evidence.UNVERIFIED,
            )
    return tuple(found.values())


# --- decisions --------------------------------------------------------------------------


def _explain_dates(dates: RetentionDates) -> list[str]:
    row = dates.row
    if row is None:
        return ["no schedule row is in force for this record class on this date"]
    lines = [f"row: {row.record_type} ({row.source.cite()})"]
    for w in dates.limbs:
        prefix = "local extension" if w.local else "limb"
        if w.until is not None:
            extra = f"; {w.note}" if w.note else ""
            lines.append(f"{prefix} {w.limb.describe()}: until {w.until.isoformat()}{extra}")
        else:
            lines.append(f"{prefix} {w.limb.describe()}: not applied ({w.note or 'no date'})")
    if dates.combination_from_policy and dates.combination is not None:
        lines.append(
            f"limbs combined by the {dates.combination.value} date: the reference does not "
            "settle it, so Trust policy chose (unverified)"
        )
    if dates.missing:
        lines.append("missing trigger dates: " + ", ".join(t.value for t in dates.missing))
    if dates.earliest_review is not None:
        lines.append(f"earliest review: {dates.earliest_review.isoformat()}")
    return lines


def decide(
    record: RetentionRecord,
    as_of: date,
    policy: TrustPolicy | RetentionPolicy | None = None,
    holds: Iterable[LegalHold] = (),
) -> RetentionDecision:
    """What may happen to ``record`` as of ``as_of``, with its explanation.

    Disposal is approved only when the minimum has passed, no hold in force covers the
    record, and an appraisal recorded after the record last closed decided to destroy it on
    or after the earliest review date. Nothing is destroyed automatically.

    Raises:
        PolicyError: The policy shortens a national minimum or names unknown classes.
    """
    dates = retention_dates(record, as_of, policy)
    found = blocking_holds(record, as_of, policy, holds)
    lines = _explain_dates(dates)
    for hold in found:
        lines.append(f"hold in force: {hold.hold_id} ({hold.origin.value})")
    earliest = dates.earliest_review
    approved = False
    if record.destroyed_on is not None:
        status = DecisionStatus.DISPOSED
    elif dates.in_use:
        status = DecisionStatus.IN_USE
        lines.append("the record is back in use: retention restarts when it closes again")
    elif earliest is None:
        status = DecisionStatus.UNDETERMINED
    elif as_of < earliest:
        status = DecisionStatus.RETAIN
    elif found:
        status = DecisionStatus.HELD
    else:
        status, approved = _appraised(record, dates, as_of, lines)
    return RetentionDecision(
        record_id=record.record_id,
        record_class=record.record_class,
        as_of=as_of,
        status=status,
        earliest_review=earliest,
        final_action=dates.row.final_action if dates.row is not None else None,
        dates=dates,
        holds=found,
        disposal_approved=approved,
        explanation=tuple(lines),
    )


def valid_appraisal(record: RetentionRecord) -> bool:
    """Whether the record's appraisal still stands: made after the record last closed."""
    appraisal = record.appraisal
    if appraisal is None:
        return False
    reuse_end, _ = _reuse_end(record)
    return reuse_end is None or appraisal.appraised_on >= reuse_end


def _appraised(
    record: RetentionRecord, dates: RetentionDates, as_of: date, lines: list[str]
) -> tuple[DecisionStatus, bool]:
    appraisal = record.appraisal
    earliest = dates.earliest_review
    assert earliest is not None
    if appraisal is None or not valid_appraisal(record):
        lines.append("minimum reached: a recorded appraisal is needed")
        return DecisionStatus.REVIEW_DUE, False
    if appraisal.outcome is AppraisalOutcome.DESTROY:
        if appraisal.appraised_on < earliest:
            lines.append("the appraisal predates the end of the minimum period: appraise again")
            return DecisionStatus.REVIEW_DUE, False
        lines.append("a recorded appraisal approves disposal; people carry it out")
        return DecisionStatus.DISPOSAL_APPROVED, True
    if (
        appraisal.outcome is AppraisalOutcome.RETAIN
        and appraisal.retain_until is not None
        and as_of > appraisal.retain_until
    ):
        lines.append("the appraisal's retention has run out: appraise again")
        return DecisionStatus.REVIEW_DUE, False
    lines.append(f"appraisal decided: {appraisal.outcome.value}")
    return DecisionStatus.KEEP_APPRAISED, False


_ON_LIST = frozenset(
    {
        DecisionStatus.REVIEW_DUE,
        DecisionStatus.HELD,
        DecisionStatus.DISPOSAL_APPROVED,
    }
)


def disposal_review(
    records: Iterable[RetentionRecord],
    as_of: date,
    policy: TrustPolicy | RetentionPolicy | None = None,
    holds: Iterable[LegalHold] = (),
) -> tuple[RetentionDecision, ...]:
    """The disposal-review list: records to appraise, held, or approved for disposal.

    A record is listed when its minimum has passed (review due, held, or disposal
    approved) or passes within the policy's ``review_window_days``. The list is sorted by
    earliest review date, then record id.

    Raises:
        PolicyError: The policy shortens a national minimum or names unknown classes.
    """
    section = _policy_section(policy)
    horizon = statutory_time.add_days(as_of, section.review_window_days)
    trust_holds = tuple(holds)
    listed: list[RetentionDecision] = []
    for record in records:
        decision = decide(record, as_of, section, trust_holds)
        soon = (
            decision.status is DecisionStatus.RETAIN
            and decision.earliest_review is not None
            and decision.earliest_review <= horizon
        )
        if decision.status in _ON_LIST or soon:
            listed.append(decision)
    listed.sort(key=lambda d: (d.earliest_review or date.max, d.record_id))
    return tuple(listed)
