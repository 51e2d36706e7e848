"""The clustering checks and record kinds, and profile-fit decision support.

Undated rules check a record's own consistency (``validate``); dated checks (the caseload
audit) find cluster reviews that are due or overdue, and, across the records of a caseload,
an assignment that disagrees with the assessment it names.

Profile fit compares an assessment with a Trust-supplied profile table. The national
per-cluster rating grids and the decision tree are in the clustering booklets and are not
shipped with cpa_core. A Trust reads the grids from its copy of the booklet into a
:class:`~cpa_core.clustering.ProfileTable` (JSON or TOML, validated by its own schema, kind
``cluster-profile-table``) and loads it with :func:`load_profile_table`.
:func:`fit_profiles` returns the candidate clusters with the reasons, item by item: decision
support for a clinician's judgement, never an allocation. A cluster whose *must* rule the
assessment breaks is never a candidate: it is listed apart, with the items that break it.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping, Sequence
from datetime import date
from importlib import resources
from pathlib import Path
from typing import Any

from cpa_core.clustering.honos.checks import honos_score
from cpa_core.clustering.honos.models import ClusterAssessment
from cpa_core.clustering.honos.rules import HONOS_RECORDED
from cpa_core.clustering.models import (
    PROFILE_TABLE_KIND,
    CandidateCluster,
    ClusterAssignment,
    ClusterProfile,
    FitOutcome,
    Grade,
    ItemFit,
    ProfileFit,
    ProfileTable,
)
from cpa_core.clustering.rules import (
    ACC36,
    CLUSTERS,
    COLLECTION,
    DD_CLUSTER,
    MHSDS_V6_DROP,
    ClusterRow,
)
from cpa_core.context import CheckContext
from cpa_core.datafiles import load_mapping, plain
from cpa_core.exceptions import InvalidRecordError, Problem
from cpa_core.findings import Deadline, Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import (
    CaseloadCheck,
    Located,
    RecordKind,
    caseload_check,
    repeated_positions,
)
from cpa_core.schemas import read

__all__ = [
    "ASSESSMENT_AFTER_START",
    "ASSESSMENT_MISMATCH",
    "ASSESSMENT_MISSING",
    "ASSESSMENT_NOT_RECORDED",
    "ASSESSMENT_STALE",
    "CLUSTER_9_USED",
    "CLUSTER_ASSIGNMENT",
    "CLUSTER_PROFILE_TABLE",
    "CLUSTER_UNKNOWN_ON_DATE",
    "LEGACY_CURRENCY",
    "PROFILE_CLUSTER_9",
    "PROFILE_DUPLICATE",
    "PROFILE_ITEM_DUPLICATE",
    "PROFILE_SYNTHETIC",
    "REVIEW_DUE_SOON",
    "REVIEW_OVERDUE",
    "assignment_assessment_rules",
    "assignment_assessments",
    "assignment_audit",
    "assignment_rules",
    "fit_profiles",
    "load_profile_table",
    "profile_table_from_mapping",
    "profile_table_rules",
    "review_due",
    "synthetic_profile_table",
]

_SYNTHETIC = "synthetic-profile-table.json"

# --- finding codes ---------------------------------------------------------------------

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

_REVIEW = Deadline(REVIEW_OVERDUE, REVIEW_DUE_SOON)

FINDING_CODES: tuple[FindingCode, ...] = (
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
"""The finding codes of cluster assignments and profile tables."""


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
    if not record.is_open(ctx.day):
        return
    row = _row(record)
    if row is None or row.review is None:
        return
    due = row.review.last_day(record.assessment_date or record.start)
    window = ctx.policy.clustering.review_due_soon_days
    if window is None:
        window = ctx.policy.general.due_soon_days
    label = f"cluster {record.cluster} review (maximum {row.review})"
    finding = _REVIEW.check(
        due,
        ctx.day,
        window,
        overdue=f"{label} was due by {due.isoformat()}",
        due_soon=f"{label} is due by {due.isoformat()}",
        subject_id=record.person_id,
    )
    if finding is not None:
        yield finding


def assignment_assessment_rules(
    assignment: ClusterAssignment, assessment: ClusterAssessment, policy: TrustPolicy
) -> Iterator[Finding]:
    """The rules of a cluster assignment against the assessment it rests on: the same
    assessment, person and date, and an assessment that is "HoNOS recorded"."""
    subject = assignment.assignment_id
    mismatches = (
        (
            "$.assessment_id",
            assignment.assessment_id not in (None, assessment.assessment_id),
            "the assessment is not the one the assignment names",
        ),
        (
            "$.person_id",
            assignment.person_id != assessment.person_id,
            "the assessment is of a different person",
        ),
        (
            "$.assessment_date",
            assignment.assessment_date not in (None, assessment.assessed_on),
            "the assignment's assessment date differs from the assessment's",
        ),
    )
    for path, differs, message in mismatches:
        if differs:
            yield ASSESSMENT_MISMATCH.finding(message, path=path, subject_id=subject)
    if not honos_score(assessment, policy=policy).recorded:
        yield ASSESSMENT_NOT_RECORDED.finding(
            "the assessment the cluster rests on is not 'HoNOS recorded'",
            path="$.assessment_id",
            subject_id=subject,
        )


@caseload_check("cluster-assessment", "cluster-assignment", group_by="assessment_id")
def assignment_assessments(
    records: Mapping[str, Sequence[Located[Any]]], ctx: CheckContext
) -> Iterator[tuple[Located[Any], Finding]]:
    """The caseload audit's check across records: each cluster assignment against the
    assessment it names, when the caseload holds that assessment (the first read, should
    two share its identifier); see :func:`assignment_assessment_rules`."""
    assessments: dict[str, ClusterAssessment] = {}
    for located in records.get("cluster-assessment", ()):
        if isinstance(located.record, ClusterAssessment):
            assessments.setdefault(located.record.assessment_id, located.record)
    for located in records.get("cluster-assignment", ()):
        assignment = located.record
        if not isinstance(assignment, ClusterAssignment) or assignment.assessment_id is None:
            continue
        assessment = assessments.get(assignment.assessment_id)
        if assessment is not None:
            for finding in assignment_assessment_rules(assignment, assessment, ctx.policy):
                yield located, finding


# --- profile tables and profile fit ----------------------------------------------------


def profile_table_rules(record: ProfileTable, _policy: TrustPolicy) -> Iterator[Finding]:
    """The consistency rules of a profile table."""
    subject = record.table_id
    if record.provenance.synthetic:
        yield PROFILE_SYNTHETIC.finding(
            "the table is synthetic: not for care decisions",
            path="$.provenance.synthetic",
            subject_id=subject,
        )
    repeated_clusters = repeated_positions(profile.cluster for profile in record.profiles)
    for index, profile in enumerate(record.profiles):
        path = f"$.profiles[{index}]"
        if index in repeated_clusters:
            yield PROFILE_DUPLICATE.finding(
                f"cluster {profile.cluster} is profiled more than once",
                path=f"{path}.cluster",
                subject_id=subject,
            )
        row = CLUSTERS.find(profile.cluster, record.provenance.published)
        if row is not None and not row.usable:
            yield PROFILE_CLUSTER_9.finding(
                f"cluster {profile.cluster} should not be used",
                path=f"{path}.cluster",
                subject_id=subject,
            )
        for position in sorted(repeated_positions(item_row.item for item_row in profile.items)):
            yield PROFILE_ITEM_DUPLICATE.finding(
                f"item {profile.items[position].item.value} has more than one row",
                path=f"{path}.items[{position}].item",
                subject_id=subject,
            )


_GRADE_OUTCOME = {
    Grade.MUST: FitOutcome.MUST_MET,
    Grade.EXPECTED: FitOutcome.EXPECTED,
    Grade.MAY: FitOutcome.MAY,
    Grade.UNLIKELY: FitOutcome.UNLIKELY,
}


def _fit(profile: ClusterProfile, assessment: ClusterAssessment) -> CandidateCluster:
    fits = []
    for row in profile.items:
        rating = assessment.rating_of(row.item)
        has_must = Grade.MUST in row.grid
        if rating is None or not rating.is_score:
            outcome = FitOutcome.MUST_UNRATED if has_must else FitOutcome.UNRATED
            fits.append(ItemFit(item=row.item, rating=None, outcome=outcome))
            continue
        grade = row.grid[int(rating)]
        if has_must and grade is not Grade.MUST:
            outcome = FitOutcome.MUST_BROKEN
        else:
            outcome = _GRADE_OUTCOME[grade]
        fits.append(ItemFit(item=row.item, rating=int(rating), outcome=outcome))
    return CandidateCluster(cluster=profile.cluster, fits=tuple(fits))


def fit_profiles(assessment: ClusterAssessment, table: ProfileTable) -> ProfileFit:
    """Rank the clusters of ``table`` by how well ``assessment`` fits their profiles.

    Decision support only: the allocation stays a clinician's judgement. A cluster whose
    must rule is broken is never among the candidates; a must rule on an item without a
    valid rating (absent or 9) is unconfirmed, not broken, and ranks the cluster lower.
    """
    fitted = sorted(
        (_fit(profile, assessment) for profile in table.profiles),
        key=CandidateCluster.rank_key,
    )
    return ProfileFit(
        assessment_id=assessment.assessment_id,
        table_id=table.table_id,
        table_version=table.version,
        synthetic=table.provenance.synthetic,
        candidates=tuple(c for c in fitted if not c.breaks_must_rule),
        excluded=tuple(c for c in fitted if c.breaks_must_rule),
    )


def profile_table_from_mapping(
    data: Any, *, policy: TrustPolicy | None = None, origin: str = "profile table"
) -> ProfileTable:
    """Build a profile table from parsed JSON or TOML, checking its schema and consistency.

    Raises:
        InvalidRecordError: Every schema problem, or every consistency error (a cluster
            profiled twice, an item twice in one profile, a profile for cluster 9).
    """
    table = read(ProfileTable, plain(data), kind=PROFILE_TABLE_KIND)
    errors = [
        Problem(f.path, f.message)
        for f in profile_table_rules(table, policy or TrustPolicy())
        if f.severity is Severity.ERROR
    ]
    if errors:
        raise InvalidRecordError(errors, kind=f"{PROFILE_TABLE_KIND} ({origin})")
    return table


def load_profile_table(path: str | Path, *, policy: TrustPolicy | None = None) -> ProfileTable:
    """Read a Trust's profile table from a ``.json`` or ``.toml`` file.

    Raises:
        CpaCoreError: The file cannot be read or parsed.
        InvalidRecordError: Its content is invalid (every problem, with its path).
    """
    data = load_mapping(path, "profile table")
    return profile_table_from_mapping(data, policy=policy, origin=Path(path).name)


def synthetic_profile_table() -> ProfileTable:
    """The synthetic profile table shipped for tests and docs.

    Its grids are made up and bear no relation to the national booklets: never use it for
    a person's care.
    """
    text = resources.files("cpa_core.clustering").joinpath(_SYNTHETIC).read_text("utf-8")
    return profile_table_from_mapping(json.loads(text), origin=_SYNTHETIC)


# --- record kinds ----------------------------------------------------------------------

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

CASELOAD_CHECKS: tuple[CaseloadCheck, ...] = (assignment_assessments,)
