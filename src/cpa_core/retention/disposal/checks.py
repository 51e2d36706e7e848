"""Disposal decisions and the findings about a record's retention as of a date.

:func:`decide` works out, for one record as of a date, the earliest review date, the holds
that block disposal and whether a recorded appraisal approves disposal;
:func:`disposal_review` builds the review list for many records. Nothing here destroys
anything or says "destroy on" (Records Management Code: no automatic destruction without
appraisal).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy.retention import RetentionPolicy
from cpa_core.provenance import Evidence
from cpa_core.records import CaseloadCheck, Located, RecordKind, caseload_check
from cpa_core.retention.checks import (
    RetentionDates,
    _policy_section,
    _reuse_end,
    record_rules,
    retention_dates,
)
from cpa_core.retention.disposal.models import DecisionStatus, RetentionDecision
from cpa_core.retention.disposal.rules import APPRAISAL, PREAMBLE, REVIEW_LIST
from cpa_core.retention.holds.checks import blocking_holds
from cpa_core.retention.holds.models import LegalHold
from cpa_core.retention.holds.rules import APPENDIX_I
from cpa_core.retention.models import AppraisalOutcome, RetentionRecord

__all__ = [
    "APPRAISAL_EARLY",
    "DESTROYED_EARLY",
    "DESTROYED_UNDER_HOLD",
    "DESTROYED_WITHOUT_APPRAISAL",
    "HELD",
    "NO_RULE",
    "RETENTION_RECORD",
    "REVIEW_DUE",
    "REVIEW_DUE_SOON",
    "TRIGGER_MISSING",
    "UNSETTLED_COMBINATION",
    "caseload_retention",
    "check_record",
    "decide",
    "disposal_review",
    "valid_appraisal",
]

NO_RULE = FindingCode(
    "RETENTION-NO-RULE",
    Severity.WARNING,
    "No schedule row for the record's class is in force on the audit date.",
)
TRIGGER_MISSING = FindingCode(
    "RETENTION-TRIGGER-MISSING",
    Severity.WARNING,
    "A date the record's schedule row needs (last contact, birth, leaving, closure, …) is "
    "missing, so no review date can be worked out.",
    source=PREAMBLE,
)
REVIEW_DUE = FindingCode(
    "RETENTION-REVIEW-DUE",
    Severity.WARNING,
    "The minimum retention period has passed and no valid appraisal is recorded.",
    source=APPRAISAL,
)
REVIEW_DUE_SOON = FindingCode(
    "RETENTION-REVIEW-DUE-SOON",
    Severity.INFO,
    "The minimum retention period passes within the policy's review window.",
)
HELD = FindingCode(
    "RETENTION-HELD",
    Severity.INFO,
    "The minimum retention period has passed but a legal hold in force blocks disposal.",
    source=APPENDIX_I,
)
UNSETTLED_COMBINATION = FindingCode(
    "RETENTION-UNSETTLED-COMBINATION",
    Severity.INFO,
    "The review date depends on how two limbs combine, which the reference does not settle; "
    "the Trust policy chose.",
)
APPRAISAL_EARLY = FindingCode(
    "RETENTION-APPRAISAL-EARLY",
    Severity.WARNING,
    "An appraisal decided to destroy the record before its minimum retention period ended.",
    source=PREAMBLE,
)
DESTROYED_WITHOUT_APPRAISAL = FindingCode(
    "RETENTION-DESTROYED-WITHOUT-APPRAISAL",
    Severity.ERROR,
    "The record was destroyed with no recorded appraisal deciding to destroy it.",
    source=APPRAISAL,
)
DESTROYED_EARLY = FindingCode(
    "RETENTION-DESTROYED-EARLY",
    Severity.ERROR,
    "The record was destroyed before its minimum retention period ended (a warning when "
    "the row is not verified).",
    source=PREAMBLE,
)
DESTROYED_UNDER_HOLD = FindingCode(
    "RETENTION-DESTROYED-UNDER-HOLD",
    Severity.ERROR,
    "The record was destroyed while a legal hold covering it was in force (a warning when "
    "the hold's status is not verified).",
    source=APPENDIX_I,
)

FINDING_CODES: tuple[FindingCode, ...] = (
    NO_RULE,
    TRIGGER_MISSING,
    REVIEW_DUE,
    REVIEW_DUE_SOON,
    HELD,
    UNSETTLED_COMBINATION,
    APPRAISAL_EARLY,
    DESTROYED_WITHOUT_APPRAISAL,
    DESTROYED_EARLY,
    DESTROYED_UNDER_HOLD,
)


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
        if decision.status in REVIEW_LIST or soon:
            listed.append(decision)
    listed.sort(key=lambda d: (d.earliest_review or date.max, d.record_id))
    return tuple(listed)


# --- findings ---------------------------------------------------------------------------


def _destruction(
    record: RetentionRecord, policy: TrustPolicy, holds: tuple[LegalHold, ...]
) -> Iterator[Finding]:
    destroyed = record.destroyed_on
    assert destroyed is not None
    rid = record.record_id
    appraisal = record.appraisal
    if appraisal is None or appraisal.outcome is not AppraisalOutcome.DESTROY:
        yield DESTROYED_WITHOUT_APPRAISAL.finding(
            "destroyed with no recorded appraisal deciding to destroy it",
            path="$.destroyed_on",
            subject_id=rid,
        )
    dates = retention_dates(record, destroyed, policy)
    earliest = dates.earliest_review
    if earliest is not None and destroyed < earliest and dates.row is not None:
        yield DESTROYED_EARLY.finding(
            f"destroyed before the minimum retention period ended ({dates.row.record_type})",
            path="$.destroyed_on",
            subject_id=rid,
            due=earliest,
            source=dates.row.source,
        )
    for hold in blocking_holds(record, destroyed, policy, holds):
        yield DESTROYED_UNDER_HOLD.finding(
            f"destroyed while legal hold {hold.hold_id} was in force",
            path="$.destroyed_on",
            subject_id=rid,
            severity=None if hold.evidence is Evidence.VERIFIED else Severity.WARNING,
        )


def _dated(
    record: RetentionRecord, ctx: CheckContext, holds: tuple[LegalHold, ...]
) -> Iterator[Finding]:
    """The dated findings about one record, with the Trust's own holds."""
    rid = record.record_id
    if record.destroyed_on is not None:
        yield from _destruction(record, ctx.policy, holds)
        return
    decision = decide(record, ctx.day, ctx.policy, holds)
    dates = decision.dates
    row = dates.row
    if row is None:
        yield NO_RULE.finding(
            f"no retention rule for class {record.record_class.value} on {ctx.day.isoformat()}",
            path="$.record_class",
            subject_id=rid,
        )
        return
    for trigger in dates.missing:
        yield TRIGGER_MISSING.finding(
            f"the {trigger.value} date is needed by the {row.record_type} row",
            subject_id=rid,
            source=row.source,
        )
    earliest = decision.earliest_review
    if dates.combination_from_policy and dates.combination is not None:
        yield UNSETTLED_COMBINATION.finding(
            f"limbs combined by the {dates.combination.value} date under Trust policy",
            subject_id=rid,
            due=earliest,
            source=row.source,
        )
    appraisal = record.appraisal
    if (
        appraisal is not None
        and earliest is not None
        and appraisal.outcome is AppraisalOutcome.DESTROY
        and appraisal.appraised_on < earliest
    ):
        yield APPRAISAL_EARLY.finding(
            "appraisal decided to destroy before the minimum period ended",
            path="$.appraisal.appraised_on",
            subject_id=rid,
            due=earliest,
        )
    status = decision.status
    if status is DecisionStatus.REVIEW_DUE:
        yield REVIEW_DUE.finding(
            f"minimum retention passed; appraise ({row.final_action.wording})",
            subject_id=rid,
            due=_review_due(record, earliest),
            source=row.source,
        )
    elif status is DecisionStatus.HELD:
        ids = ", ".join(h.hold_id for h in decision.holds)
        yield HELD.finding(
            f"minimum retention passed; disposal blocked by legal hold(s): {ids}",
            subject_id=rid,
            due=earliest,
        )
    elif status is DecisionStatus.RETAIN and earliest is not None:
        window = ctx.policy.retention.review_window_days
        if (
            statutory_time.due_status(earliest, ctx.day, window)
            is statutory_time.DueStatus.DUE_SOON
        ):
            yield REVIEW_DUE_SOON.finding(
                "minimum retention passes within the review window",
                subject_id=rid,
                due=earliest,
                source=row.source,
            )


def _review_due(record: RetentionRecord, earliest: date | None) -> date | None:
    appraisal = record.appraisal
    if (
        appraisal is not None
        and appraisal.outcome is AppraisalOutcome.RETAIN
        and appraisal.retain_until is not None
        and earliest is not None
    ):
        return max(earliest, appraisal.retain_until)
    return earliest


@caseload_check("retention-record", shared=("retention-hold",))
def caseload_retention(
    records: Mapping[str, Sequence[Located[Any]]], ctx: CheckContext
) -> Iterator[tuple[Located[Any], Finding]]:
    """The caseload audit's retention check: each record's dated findings with the Trust's
    own holds from the same bundle, which no single record can see.

    Raises:
        PolicyError: The retention policy shortens a national minimum.
    """
    holds = tuple(
        h.record for h in records.get("retention-hold", ()) if isinstance(h.record, LegalHold)
    )
    for located in records.get("retention-record", ()):
        if isinstance(located.record, RetentionRecord):
            for finding in _dated(located.record, ctx, holds):
                yield located, finding


def check_record(
    record: RetentionRecord,
    as_of: date | datetime,
    policy: TrustPolicy | None = None,
    holds: Iterable[LegalHold] = (),
) -> Report:
    """Every finding about one record as of ``as_of`` (a date means the start of that London
    day): its own dates' consistency, and where its retention stands, with the national holds
    and the Trust's own ``holds``. Without ``holds``, the same report as
    :func:`cpa_core.due <cpa_core.validation.due>` gives.

    Raises:
        PolicyError: The retention policy shortens a national minimum.
    """
    ctx = CheckContext.at(as_of, policy)
    return Report.of(record_rules(record, ctx.policy), _dated(record, ctx, tuple(holds)))


def _national_holds_only(record: RetentionRecord, ctx: CheckContext) -> Iterator[Finding]:
    return _dated(record, ctx, ())


RETENTION_RECORD: RecordKind[RetentionRecord] = RecordKind(
    name="retention-record",
    domain="retention",
    model=RetentionRecord,
    description="A record (or record set) whose retention, holds and disposal are evaluated "
    "against the Records Management Code of Practice schedule.",
    rules=record_rules,
    # The caseload audit's dated findings come from caseload_retention, which also applies
    # the bundle's own holds; a record checked alone (cpa_core.due) sees the national ones.
    audit=None,
    alone=_national_holds_only,
)


CASELOAD_CHECKS: tuple[CaseloadCheck, ...] = (caseload_retention,)
