"""cpa_core.retention: the Records Management Code schedule, disposal dates, legal holds.

The schedule is data (:data:`RETENTION_SCHEDULE`), each row with its limbs, final action,
source row, Code version and evidence. :func:`decide` works out, for one record as of a date,
the earliest review date, the holds that block disposal and whether a recorded appraisal
approves disposal; :func:`disposal_review` builds the review list for many records. Nothing
is ever destroyed automatically.
"""

from typing import Any

from cpa_core.domain import Domain
from cpa_core.policy.retention import CombinationChoice, LocalExtension, RetentionPolicy
from cpa_core.provenance import RuleTable
from cpa_core.records import RecordKind
from cpa_core.retention.checks import (
    APPRAISAL_EARLY,
    CASELOAD_CHECKS,
    DATES_INCONSISTENT,
    DESTROYED_EARLY,
    DESTROYED_UNDER_HOLD,
    DESTROYED_WITHOUT_APPRAISAL,
    FINDING_CODES,
    HELD,
    HOLD_ENDED,
    HOLD_UNSCOPED,
    LEGAL_HOLD,
    NO_RULE,
    RETENTION_RECORD,
    REVIEW_DUE,
    REVIEW_DUE_SOON,
    TRIGGER_MISSING,
    UNSETTLED_COMBINATION,
    caseload_retention,
    hold_audit,
    hold_rules,
    record_audit,
    record_findings,
    record_rules,
)
from cpa_core.retention.decisions import (
    DecisionStatus,
    LimbDate,
    RetentionDates,
    RetentionDecision,
    blocking_holds,
    check_policy,
    decide,
    disposal_review,
    retention_dates,
    valid_appraisal,
)
from cpa_core.retention.models import (
    Appraisal,
    AppraisalOutcome,
    HoldOrigin,
    HoldScope,
    LegalHold,
    RecordClass,
    RetentionRecord,
    UsePeriod,
)
from cpa_core.retention.rules import (
    CODE_2021,
    CODE_2021_EFFECTIVE,
    NATIONAL_HOLDS,
    RETENTION_SCHEDULE,
    AgeRule,
    Combination,
    Condition,
    FinalAction,
    Limb,
    NationalHold,
    ScheduleRow,
    Trigger,
)

__all__ = [
    "APPRAISAL_EARLY",
    "CODE_2021",
    "CODE_2021_EFFECTIVE",
    "DATES_INCONSISTENT",
    "DESTROYED_EARLY",
    "DESTROYED_UNDER_HOLD",
    "DESTROYED_WITHOUT_APPRAISAL",
    "DOMAIN",
    "HELD",
    "HOLD_ENDED",
    "HOLD_UNSCOPED",
    "LEGAL_HOLD",
    "NATIONAL_HOLDS",
    "NO_RULE",
    "RETENTION_RECORD",
    "RETENTION_SCHEDULE",
    "REVIEW_DUE",
    "REVIEW_DUE_SOON",
    "TRIGGER_MISSING",
    "UNSETTLED_COMBINATION",
    "AgeRule",
    "Appraisal",
    "AppraisalOutcome",
    "Combination",
    "CombinationChoice",
    "Condition",
    "DecisionStatus",
    "FinalAction",
    "HoldOrigin",
    "HoldScope",
    "LegalHold",
    "Limb",
    "LimbDate",
    "LocalExtension",
    "NationalHold",
    "RecordClass",
    "RetentionDates",
    "RetentionDecision",
    "RetentionPolicy",
    "RetentionRecord",
    "ScheduleRow",
    "Trigger",
    "UsePeriod",
    "blocking_holds",
    "caseload_retention",
    "check_policy",
    "decide",
    "disposal_review",
    "hold_audit",
    "hold_rules",
    "record_audit",
    "record_findings",
    "record_rules",
    "retention_dates",
    "valid_appraisal",
]

DOMAIN = Domain(
    name="retention",
    title="Record retention",
    record_kinds=(RETENTION_RECORD, LEGAL_HOLD),
    finding_codes=FINDING_CODES,
    rule_tables=(RETENTION_SCHEDULE, NATIONAL_HOLDS),
    caseload_checks=CASELOAD_CHECKS,
)
"""The area's declaration, read by the registry, the audit, the schemas and the docs."""
