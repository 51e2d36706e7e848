"""Findings about records' retention and legal holds, and the area's record kinds."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import Evidence, Source
from cpa_core.records import CaseloadCheck, Located, RecordKind
from cpa_core.retention.decisions import (
    DecisionStatus,
    blocking_holds,
    decide,
    retention_dates,
)
from cpa_core.retention.models import AppraisalOutcome, LegalHold, RetentionRecord

__all__ = [
    "APPRAISAL_EARLY",
    "CASELOAD_CHECKS",
    "DATES_INCONSISTENT",
    "DESTROYED_EARLY",
    "DESTROYED_UNDER_HOLD",
    "DESTROYED_WITHOUT_APPRAISAL",
    "FINDING_CODES",
    "HELD",
    "HOLD_ENDED",
    "HOLD_UNSCOPED",
    "LEGAL_HOLD",
    "NO_RULE",
    "RETENTION_RECORD",
    "REVIEW_DUE",
    "REVIEW_DUE_SOON",
    "TRIGGER_MISSING",
    "UNSETTLED_COMBINATION",
    "caseload_retention",
    "hold_audit",
    "hold_rules",
    "record_audit",
    "record_findings",
    "record_rules",
]

_APPRAISAL = Source(
    title="Records Management Code of Practice: management of records when the minimum "
    "retention period is reached",
    publisher="NHSX / NHS England (NHS Digital copy)",
    locator="no automatic destruction without appraisal; decisions documented and approved",
    version="2021 (HTML updated 7 August 2023)",
    url="https://nhsd-proxy.dokku3.ebmdatalab.net/data-and-information/information-"
    "governance/guidance/records-management-code-of-practice/management-of-records-when-"
    "the-minimum-retention-period-is-reached",
)
_PREAMBLE = Source(
    title="Records Management Code of Practice, Appendix II preamble",
    publisher="NHSX / NHS England (NHS Digital copy)",
    locator="periods are minimums; retention starts when the record ceases to be "
    "operational; reuse resets the period",
    version="2021 (HTML updated 7 August 2023)",
    url="https://nhsd-proxy.dokku3.ebmdatalab.net/data-and-information/information-"
    "governance/guidance/records-management-code-of-practice/appendix-ii",
)
_APPENDIX_I = Source(
    title="Records Management Code of Practice, Appendix I public and statutory inquiries",
    publisher="NHSX / NHS England",
    locator="an active inquiry hold overrides normal destruction",
    version="2021 (HTML updated 7 August 2023)",
    url="https://transform.england.nhs.uk/information-governance/guidance/"
    "records-management-code/records-management-code-of-practice",
)

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
    source=_PREAMBLE,
)
REVIEW_DUE = FindingCode(
    "RETENTION-REVIEW-DUE",
    Severity.WARNING,
    "The minimum retention period has passed and no valid appraisal is recorded.",
    source=_APPRAISAL,
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
    source=_APPENDIX_I,
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
    source=_PREAMBLE,
)
DESTROYED_WITHOUT_APPRAISAL = FindingCode(
    "RETENTION-DESTROYED-WITHOUT-APPRAISAL",
    Severity.ERROR,
    "The record was destroyed with no recorded appraisal deciding to destroy it.",
    source=_APPRAISAL,
)
DESTROYED_EARLY = FindingCode(
    "RETENTION-DESTROYED-EARLY",
    Severity.ERROR,
    "The record was destroyed before its minimum retention period ended (a warning when "
    "the row is not verified).",
    source=_PREAMBLE,
)
DESTROYED_UNDER_HOLD = FindingCode(
    "RETENTION-DESTROYED-UNDER-HOLD",
    Severity.ERROR,
    "The record was destroyed while a legal hold covering it was in force (a warning when "
    "the hold's status is not verified).",
    source=_APPENDIX_I,
)
DATES_INCONSISTENT = FindingCode(
    "RETENTION-DATES-INCONSISTENT",
    Severity.ERROR,
    "The record's dates contradict each other (an event before birth, contact after death, "
    "a reuse before the record first closed, destruction before closure).",
)
HOLD_UNSCOPED = FindingCode(
    "RETENTION-HOLD-UNSCOPED",
    Severity.WARNING,
    "A legal hold names no record class, date range or subject matter, so it blocks the "
    "disposal of every record.",
)
HOLD_ENDED = FindingCode(
    "RETENTION-HOLD-ENDED",
    Severity.INFO,
    "A legal hold has been lifted: records it blocked can return to the review list.",
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
    DATES_INCONSISTENT,
    HOLD_UNSCOPED,
    HOLD_ENDED,
)


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
            severity=None if dates.row.verified else Severity.WARNING,
        )
    for hold in blocking_holds(record, destroyed, policy, holds):
        yield DESTROYED_UNDER_HOLD.finding(
            f"destroyed while legal hold {hold.hold_id} was in force",
            path="$.destroyed_on",
            subject_id=rid,
            severity=None if hold.evidence is Evidence.VERIFIED else Severity.WARNING,
        )


def record_findings(
    record: RetentionRecord,
    as_of: date,
    policy: TrustPolicy,
    holds: tuple[LegalHold, ...] = (),
) -> Iterator[Finding]:
    """The dated findings about one record, with the Trust's own holds.

    Raises:
        PolicyError: The retention policy shortens a national minimum.
    """
    rid = record.record_id
    if record.destroyed_on is not None:
        yield from _destruction(record, policy, holds)
        return
    decision = decide(record, as_of, policy, holds)
    dates = decision.dates
    row = dates.row
    if row is None:
        yield NO_RULE.finding(
            f"no retention rule for class {record.record_class.value} on {as_of.isoformat()}",
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
        window = policy.retention.review_window_days
        if statutory_time.due_status(earliest, as_of, window) is statutory_time.DueStatus.DUE_SOON:
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


def record_audit(
    record: RetentionRecord, as_of: datetime, policy: TrustPolicy
) -> Iterator[Finding]:
    """The dated findings of one record alone: national holds and holds the record names."""
    return record_findings(record, statutory_time.london_date(as_of), policy)


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
            for finding in record_findings(located.record, ctx.day, ctx.policy, holds):
                yield located, finding


def hold_rules(hold: LegalHold, _policy: TrustPolicy) -> Iterator[Finding]:
    """A hold that names no scope blocks every record."""
    if hold.scope.unrestricted:
        yield HOLD_UNSCOPED.finding(
            "the hold names no record class, date range or subject matter",
            path="$.scope",
            subject_id=hold.hold_id,
        )


def hold_audit(hold: LegalHold, ctx: CheckContext) -> Iterator[Finding]:
    """A hold lifted on or before the audit date."""
    as_of = ctx.instant
    day = statutory_time.london_date(as_of)
    if hold.end is not None and hold.end <= day:
        yield HOLD_ENDED.finding(
            "the hold has been lifted", path="$.end", subject_id=hold.hold_id, due=hold.end
        )


RETENTION_RECORD: RecordKind[RetentionRecord] = RecordKind(
    name="retention-record",
    domain="retention",
    model=RetentionRecord,
    description="A record (or record set) whose retention, holds and disposal are evaluated "
    "against the Records Management Code of Practice schedule.",
    rules=record_rules,
    # Dated findings come from caseload_retention, which also applies the bundle's holds.
    audit=None,
)

LEGAL_HOLD: RecordKind[LegalHold] = RecordKind(
    name="retention-hold",
    domain="retention",
    model=LegalHold,
    description="A Trust-defined legal hold that blocks the disposal of the records in its "
    "scope while it is in force.",
    rules=hold_rules,
    audit=hold_audit,
)

CASELOAD_CHECKS: tuple[CaseloadCheck, ...] = (caseload_retention,)
