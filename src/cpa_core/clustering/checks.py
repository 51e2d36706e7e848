"""The clustering checks and record kinds.

Undated rules check a record's own consistency (``validate``); dated checks (the caseload
audit) find cluster reviews that are due or overdue. :func:`check_assignment_assessment`
joins an assignment with the assessment it names, for ETL that holds both.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

from cpa_core import statutory_time
from cpa_core.clustering.models import (
    PROFILE_TABLE_KIND,
    ClusterAssessment,
    ClusterAssignment,
    MhctItem,
    ProblemType,
    ProfileTable,
    Rating,
    Scale,
)
from cpa_core.clustering.rules import (
    ACC36,
    CLUSTERS,
    COLLECTION,
    DD_CLUSTER,
    DD_HONOS_SCORE,
    HONOS_ITEMS,
    HONOS_RECORDED,
    MHCT_ITEMS,
    MHSDS_V6_DROP,
    ClusterRow,
)
from cpa_core.clustering.scoring import honos_score
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy.clustering import ITEM_8_TYPE
from cpa_core.provenance import Evidence, Source
from cpa_core.records import RecordKind

__all__ = [
    "ASSESSMENT_AFTER_START",
    "ASSESSMENT_MISMATCH",
    "ASSESSMENT_MISSING",
    "ASSESSMENT_NOT_RECORDED",
    "ASSESSMENT_STALE",
    "CLUSTER_9_USED",
    "CLUSTER_ASSESSMENT",
    "CLUSTER_ASSIGNMENT",
    "CLUSTER_PROFILE_TABLE",
    "CLUSTER_UNKNOWN_ON_DATE",
    "CODES",
    "HONOS_INCOMPLETE",
    "HONOS_ITEM_8_DESCRIPTION_MISSING",
    "HONOS_ITEM_8_TYPE_MISSING",
    "HONOS_ITEM_DUPLICATE",
    "HONOS_ITEM_NOT_IN_SCALE",
    "HONOS_NOT_KNOWN",
    "LEGACY_CURRENCY",
    "MHCT_INCOMPLETE",
    "PROFILE_CLUSTER_9",
    "PROFILE_DUPLICATE",
    "PROFILE_ITEM_DUPLICATE",
    "PROFILE_SYNTHETIC",
    "REVIEW_DUE_SOON",
    "REVIEW_OVERDUE",
    "assessment_rules",
    "assignment_audit",
    "assignment_rules",
    "check_assignment_assessment",
    "profile_table_rules",
    "review_due",
]

_REFERENCE = Source(
    title="cpa_core domain reference: clustering",
    publisher="cpa_core",
    locator="shared/reference/clustering.md section 3 (the MHCT's 18 scales)",
    evidence=Evidence.SECONDARY,
)

# --- finding codes ---------------------------------------------------------------------

HONOS_ITEM_DUPLICATE = FindingCode(
    "HONOS-ITEM-DUPLICATE",
    Severity.ERROR,
    "An item is rated more than once in one assessment; neither rating is used.",
)
HONOS_ITEM_NOT_IN_SCALE = FindingCode(
    "HONOS-ITEM-NOT-IN-SCALE",
    Severity.ERROR,
    "A HoNOS or HoNOS 65+ assessment rates an item that only the MHCT has (13 or A-E).",
    source=DD_HONOS_SCORE,
)
HONOS_ITEM_8_TYPE_MISSING = FindingCode(
    "HONOS-ITEM8-TYPE-MISSING",
    Severity.WARNING,
    "Item 8 is rated above 0 but its problem type (A-J) is not recorded.",
    source=ITEM_8_TYPE,
)
HONOS_ITEM_8_DESCRIPTION_MISSING = FindingCode(
    "HONOS-ITEM8-DESCRIPTION-MISSING",
    Severity.WARNING,
    "Item 8's problem type is J (other) but the problem is not described.",
    source=ITEM_8_TYPE,
)
HONOS_INCOMPLETE = FindingCode(
    "HONOS-INCOMPLETE",
    Severity.WARNING,
    "Fewer than 9 of HoNOS items 1-12 carry a valid 0-4 rating, so the total is not valid "
    "(NHS England's 'HoNOS recorded' rule).",
    source=HONOS_RECORDED,
)
HONOS_NOT_KNOWN = FindingCode(
    "HONOS-NOT-KNOWN",
    Severity.INFO,
    "Items are rated 9 (not known); they count as missing, never as a score.",
    source=DD_HONOS_SCORE,
)
MHCT_INCOMPLETE = FindingCode(
    "CLUSTER-MHCT-INCOMPLETE",
    Severity.WARNING,
    "An MHCT assessment leaves some of its 18 scales unrated (absent or 9).",
    source=_REFERENCE,
)
CLUSTER_9_USED = FindingCode(
    "CLUSTER-9-USED",
    Severity.ERROR,
    "Cluster 9 is assigned; the Data Dictionary says it is under review and should not be used.",
    source=DD_CLUSTER,
)
CLUSTER_UNKNOWN_ON_DATE = FindingCode(
    "CLUSTER-UNKNOWN-ON-DATE",
    Severity.WARNING,
    "The cluster has no catalogue row in force on the assignment's dates (before PbR "
    "clustering began in April 2011).",
)
LEGACY_CURRENCY = FindingCode(
    "CLUSTER-LEGACY-CURRENCY",
    Severity.INFO,
    "A cluster starts after MHSDS v6 stopped collecting cluster tables (April 2024): "
    "clustering is a legacy currency.",
    source=MHSDS_V6_DROP,
)
ASSESSMENT_MISSING = FindingCode(
    "CLUSTER-ASSESSMENT-MISSING",
    Severity.WARNING,
    "A cluster assignment names no MHCT assessment date; its review is counted from the "
    "cluster's start instead.",
    source=ACC36,
)
ASSESSMENT_AFTER_START = FindingCode(
    "CLUSTER-ASSESSMENT-AFTER-START",
    Severity.WARNING,
    "The MHCT assessment a cluster rests on was completed after the cluster started.",
)
ASSESSMENT_STALE = FindingCode(
    "CLUSTER-ASSESSMENT-STALE",
    Severity.WARNING,
    "The cluster started after its MHCT assessment's review period had ended: it is not "
    "supported by a valid MHCT within the period.",
    source=ACC36,
)
ASSESSMENT_MISMATCH = FindingCode(
    "CLUSTER-ASSESSMENT-MISMATCH",
    Severity.ERROR,
    "A cluster assignment and the assessment it names disagree (person, date or identifier).",
)
ASSESSMENT_NOT_RECORDED = FindingCode(
    "CLUSTER-ASSESSMENT-NOT-RECORDED",
    Severity.WARNING,
    "The assessment a cluster rests on is not 'HoNOS recorded' by NHS England's rule.",
    source=HONOS_RECORDED,
)
REVIEW_OVERDUE = FindingCode(
    "CLUSTER-REVIEW-OVERDUE",
    Severity.WARNING,
    "An open cluster is past its maximum review period, counted from its MHCT assessment.",
    source=ACC36,
)
REVIEW_DUE_SOON = FindingCode(
    "CLUSTER-REVIEW-DUE-SOON",
    Severity.WARNING,
    "An open cluster's maximum review period ends within the warning window.",
    source=ACC36,
)
PROFILE_DUPLICATE = FindingCode(
    "CLUSTER-PROFILE-DUPLICATE",
    Severity.ERROR,
    "A profile table has more than one profile for a cluster.",
)
PROFILE_ITEM_DUPLICATE = FindingCode(
    "CLUSTER-PROFILE-ITEM-DUPLICATE",
    Severity.ERROR,
    "A cluster profile has more than one row for an item.",
)
PROFILE_CLUSTER_9 = FindingCode(
    "CLUSTER-PROFILE-CLUSTER-9",
    Severity.ERROR,
    "A profile table profiles cluster 9, which should not be used.",
    source=DD_CLUSTER,
)
PROFILE_SYNTHETIC = FindingCode(
    "CLUSTER-PROFILE-SYNTHETIC",
    Severity.WARNING,
    "The profile table is marked synthetic: its grids are made up, not for care decisions.",
)

CODES: tuple[FindingCode, ...] = (
    HONOS_ITEM_DUPLICATE,
    HONOS_ITEM_NOT_IN_SCALE,
    HONOS_ITEM_8_TYPE_MISSING,
    HONOS_ITEM_8_DESCRIPTION_MISSING,
    HONOS_INCOMPLETE,
    HONOS_NOT_KNOWN,
    MHCT_INCOMPLETE,
    CLUSTER_9_USED,
    CLUSTER_UNKNOWN_ON_DATE,
    LEGACY_CURRENCY,
    ASSESSMENT_MISSING,
    ASSESSMENT_AFTER_START,
    ASSESSMENT_STALE,
    ASSESSMENT_MISMATCH,
    ASSESSMENT_NOT_RECORDED,
    REVIEW_OVERDUE,
    REVIEW_DUE_SOON,
    PROFILE_DUPLICATE,
    PROFILE_ITEM_DUPLICATE,
    PROFILE_CLUSTER_9,
    PROFILE_SYNTHETIC,
)
"""Every finding code of the clustering area."""

_MHCT_ONLY = frozenset(row.item for row in MHCT_ITEMS if not row.honos)


# --- assessments -----------------------------------------------------------------------


def _rating_path(record: ClusterAssessment, item: MhctItem) -> str:
    # Called only for items the record rates, so the first match always exists.
    index = next(i for i, rated in enumerate(record.ratings) if rated.item is item)
    return f"$.ratings[{index}]"


def assessment_rules(record: ClusterAssessment, policy: TrustPolicy) -> Iterator[Finding]:
    """The consistency rules of one assessment (independent of the date)."""
    subject = record.assessment_id
    counts = Counter(r.item for r in record.ratings)
    for item, n in counts.items():
        if n > 1:
            yield HONOS_ITEM_DUPLICATE.finding(
                f"item {item.value} is rated {n} times",
                path=_rating_path(record, item),
                subject_id=subject,
            )
    if record.scale is not Scale.MHCT:
        for item in sorted(_MHCT_ONLY & counts.keys(), key=lambda i: list(MhctItem).index(i)):
            yield HONOS_ITEM_NOT_IN_SCALE.finding(
                f"item {item.value} is not an item of {record.scale.value}",
                path=_rating_path(record, item),
                subject_id=subject,
            )
    yield from _item_8(record, policy)
    not_known = [r.item.value for r in record.ratings if r.rating is Rating.NOT_KNOWN]
    if not_known:
        yield HONOS_NOT_KNOWN.finding(
            f"items rated 9 (not known), counted as missing: {', '.join(not_known)}",
            path="$.ratings",
            subject_id=subject,
        )
    score = honos_score(record, policy=policy)
    if not score.complete:
        yield HONOS_INCOMPLETE.finding(
            f"{score.valid_items} of {len(HONOS_ITEMS)} HoNOS items validly rated: "
            "the total is not valid",
            path="$.ratings",
            subject_id=subject,
        )
    if record.scale is Scale.MHCT:
        unrated = [
            row.item.value
            for row in MHCT_ITEMS
            if (rating := record.rating_of(row.item)) is None or not rating.is_score
        ]
        if unrated:
            yield MHCT_INCOMPLETE.finding(
                f"MHCT scales without a valid rating: {', '.join(unrated)}",
                path="$.ratings",
                subject_id=subject,
            )


def _item_8(record: ClusterAssessment, policy: TrustPolicy) -> Iterator[Finding]:
    if not policy.clustering.require_item_8_type:
        return
    rating = record.rating_of(MhctItem.ITEM_8)
    rated_above_0 = rating is not None and rating.is_score and rating > Rating.NO_PROBLEM
    if rated_above_0 and record.item_8_type is None:
        yield HONOS_ITEM_8_TYPE_MISSING.finding(
            "item 8 is rated above 0 without its problem type (A-J)",
            path="$.item_8_type",
            subject_id=record.assessment_id,
        )
    if record.item_8_type is ProblemType.OTHER and record.item_8_description is None:
        yield HONOS_ITEM_8_DESCRIPTION_MISSING.finding(
            "item 8 type J (other) has no description",
            path="$.item_8_description",
            subject_id=record.assessment_id,
        )


# --- assignments -----------------------------------------------------------------------


def _row(record: ClusterAssignment) -> ClusterRow | None:
    return CLUSTERS.find(record.cluster, record.assessment_date or record.start)


def review_due(record: ClusterAssignment) -> date | None:
    """The last day of the cluster's maximum review period, as NHS England counts it.

    The period begins on the MHCT assessment date (``AssToolCompDate``; the cluster's
    start when the assessment date is missing). Weeks are counted as days and 6 or 12
    months as calendar months; a cluster is within its period while
    ``anchor + interval > day``, so the last day within is the day before
    ``anchor + interval`` (NHS England measure ACC36). ``None`` for cluster 9 (no
    interval) or a cluster with no catalogue row on the anchor date.
    """
    row = _row(record)
    if row is None or row.review is None:
        return None
    return row.review.last_day(record.assessment_date or record.start)


def assignment_rules(record: ClusterAssignment, _policy: TrustPolicy) -> Iterator[Finding]:
    """The consistency rules of one cluster assignment (independent of the audit date)."""
    subject = record.assignment_id
    anchor = record.assessment_date or record.start
    row = _row(record)
    if row is None:
        yield CLUSTER_UNKNOWN_ON_DATE.finding(
            f"cluster {record.cluster} has no catalogue row on {anchor.isoformat()}",
            path="$.cluster",
            subject_id=subject,
        )
    elif not row.usable:
        yield CLUSTER_9_USED.finding(
            f"cluster {record.cluster} should not be used", path="$.cluster", subject_id=subject
        )
    collection = COLLECTION.find("care-clusters", record.start)
    if collection is not None and not collection.collected:
        yield LEGACY_CURRENCY.finding(
            f"cluster starts {record.start.isoformat()}, after MHSDS v6 stopped collecting "
            "cluster tables",
            path="$.start",
            subject_id=subject,
            source=collection.source,
        )
    if record.assessment_date is None:
        yield ASSESSMENT_MISSING.finding(
            "no MHCT assessment date: the review period is counted from the cluster start",
            path="$.assessment_date",
            subject_id=subject,
        )
        return
    if record.assessment_date > record.start:
        yield ASSESSMENT_AFTER_START.finding(
            "the MHCT assessment was completed after the cluster started",
            path="$.assessment_date",
            subject_id=subject,
        )
    elif row is not None and row.review is not None:
        last = row.review.last_day(record.assessment_date)
        if record.start > last:
            yield ASSESSMENT_STALE.finding(
                f"the cluster started after its assessment's review period (maximum {row.review}) "
                f"ended on {last.isoformat()}",
                path="$.assessment_date",
                subject_id=subject,
                due=last,
            )


def assignment_audit(record: ClusterAssignment, ctx: CheckContext) -> Iterator[Finding]:
    """The dated checks of an open cluster: its review overdue or due soon."""
    as_of, policy = ctx.instant, ctx.policy
    today = statutory_time.london_date(as_of)
    if not record.is_open(today):
        return
    row = _row(record)
    if row is None or row.review is None:
        return
    due = row.review.last_day(record.assessment_date or record.start)
    window = policy.clustering.review_due_soon_days
    if window is None:
        window = policy.general.due_soon_days
    status = statutory_time.due_status(due, today, window)
    label = f"cluster {record.cluster} review (maximum {row.review})"
    if status is statutory_time.DueStatus.OVERDUE:
        yield REVIEW_OVERDUE.finding(
            f"{label} was due by {due.isoformat()}",
            path="$",
            subject_id=record.person_id,
            due=due,
        )
    elif status is statutory_time.DueStatus.DUE_SOON:
        yield REVIEW_DUE_SOON.finding(
            f"{label} is due by {due.isoformat()}",
            path="$",
            subject_id=record.person_id,
            due=due,
        )


def check_assignment_assessment(
    assignment: ClusterAssignment,
    assessment: ClusterAssessment,
    policy: TrustPolicy | None = None,
) -> Iterator[Finding]:
    """Join a cluster assignment with the assessment it names (for ETL holding both)."""
    subject = assignment.assignment_id
    if (
        assignment.assessment_id is not None
        and assignment.assessment_id != assessment.assessment_id
    ):
        yield ASSESSMENT_MISMATCH.finding(
            "the assessment is not the one the assignment names",
            path="$.assessment_id",
            subject_id=subject,
        )
    if assignment.person_id != assessment.person_id:
        yield ASSESSMENT_MISMATCH.finding(
            "the assessment is of a different person", path="$.person_id", subject_id=subject
        )
    if (
        assignment.assessment_date is not None
        and assignment.assessment_date != assessment.assessed_on
    ):
        yield ASSESSMENT_MISMATCH.finding(
            "the assignment's assessment date differs from the assessment's",
            path="$.assessment_date",
            subject_id=subject,
        )
    if not honos_score(assessment, policy=policy).recorded:
        yield ASSESSMENT_NOT_RECORDED.finding(
            "the assessment the cluster rests on is not 'HoNOS recorded'",
            path="$.assessment_id",
            subject_id=subject,
        )


# --- profile tables --------------------------------------------------------------------


def profile_table_rules(record: ProfileTable, _policy: TrustPolicy) -> Iterator[Finding]:
    """The consistency rules of a profile table."""
    subject = record.table_id
    if record.provenance.synthetic:
        yield PROFILE_SYNTHETIC.finding(
            "the table is synthetic: not for care decisions",
            path="$.provenance.synthetic",
            subject_id=subject,
        )
    seen: set[int] = set()
    for index, profile in enumerate(record.profiles):
        path = f"$.profiles[{index}]"
        if profile.cluster in seen:
            yield PROFILE_DUPLICATE.finding(
                f"cluster {profile.cluster} is profiled more than once",
                path=f"{path}.cluster",
                subject_id=subject,
            )
        seen.add(profile.cluster)
        row = CLUSTERS.find(profile.cluster, record.provenance.published)
        if row is not None and not row.usable:
            yield PROFILE_CLUSTER_9.finding(
                f"cluster {profile.cluster} should not be used",
                path=f"{path}.cluster",
                subject_id=subject,
            )
        items: set[MhctItem] = set()
        for position, item_row in enumerate(profile.items):
            if item_row.item in items:
                yield PROFILE_ITEM_DUPLICATE.finding(
                    f"item {item_row.item.value} has more than one row",
                    path=f"{path}.items[{position}].item",
                    subject_id=subject,
                )
            items.add(item_row.item)


# --- record kinds ----------------------------------------------------------------------

CLUSTER_ASSESSMENT: RecordKind[ClusterAssessment] = RecordKind(
    name="cluster-assessment",
    domain="clustering",
    model=ClusterAssessment,
    description="An MHCT, HoNOS or HoNOS 65+ assessment: item ratings for one person on one day.",
    rules=assessment_rules,
)
CLUSTER_ASSIGNMENT: RecordKind[ClusterAssignment] = RecordKind(
    name="cluster-assignment",
    domain="clustering",
    model=ClusterAssignment,
    description="A care cluster (0-21) allocated to a person, with its MHCT assessment "
    "reference and dates.",
    rules=assignment_rules,
    audit=assignment_audit,
)
CLUSTER_PROFILE_TABLE: RecordKind[ProfileTable] = RecordKind(
    name=PROFILE_TABLE_KIND,
    domain="clustering",
    model=ProfileTable,
    description="A Trust-supplied table of cluster rating profiles (must, expected, may, "
    "unlikely per item and rating) for profile-fit decision support.",
    rules=profile_table_rules,
)
