"""The clustering record kinds: consistency rules, the dated review checks, the join of an
assignment with its assessment, and the example team's records."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core.audit import example_bundle
from cpa_core.clustering import (
    CLUSTER_ASSESSMENT,
    CLUSTER_ASSIGNMENT,
    CLUSTER_PROFILE_TABLE,
    DOMAIN,
    AllocationReason,
    ClusterAssessment,
    ClusterAssignment,
    ItemRating,
    MhctItem,
    ProblemType,
    Rating,
    RatingPeriod,
    Scale,
    assessment_rules,
    assignment_assessment_rules,
    assignment_assessments,
    assignment_audit,
    assignment_rules,
    profile_table_rules,
    synthetic_profile_table,
)
from cpa_core.context import CheckContext
from cpa_core.convert import unstructure
from cpa_core.findings import Finding, Severity
from cpa_core.policy import TrustPolicy, policy_from_mapping
from cpa_core.records import Located, RecordKind
from cpa_core.validation import validate_record

POLICY = TrustPolicy()
AS_OF = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
ALL = [*(MhctItem(str(n)) for n in range(1, 14)), *(MhctItem(x) for x in "ABCDE")]


def mhct(ratings: list[int], **changes: Any) -> ClusterAssessment:
    record = ClusterAssessment(
        assessment_id="A1",
        person_id="P1",
        staff_id="S1",
        assessed_on=date(2026, 1, 5),
        scale=Scale.MHCT,
        ratings=tuple(
            ItemRating(item=i, rating=Rating(r)) for i, r in zip(ALL, ratings, strict=False)
        ),
    )
    return attrs.evolve(record, **changes)


def codes(findings: Any) -> list[str]:
    return [f.code for f in findings]


def test_a_complete_mhct_has_no_findings() -> None:
    record = mhct([0] * 7 + [2] + [0] * 10, item_8_type=ProblemType.ANXIETY)
    assert codes(assessment_rules(record, POLICY)) == []


def test_duplicate_item() -> None:
    record = mhct([0] * 18)
    record = attrs.evolve(
        record, ratings=(*record.ratings, ItemRating(item=MhctItem.ITEM_5, rating=Rating(2)))
    )
    findings = list(assessment_rules(record, POLICY))
    duplicate = [f for f in findings if f.code == "HONOS-ITEM-DUPLICATE"]
    assert len(duplicate) == 1
    assert duplicate[0].path == "$.ratings[4]"
    assert duplicate[0].severity is Severity.ERROR
    assert "MHCT_INCOMPLETE" not in codes(findings)
    assert "CLUSTER-MHCT-INCOMPLETE" in codes(findings)  # item 5 is unusable


def test_mhct_items_on_a_honos_record() -> None:
    record = mhct([0] * 14, scale=Scale.HONOS_65)
    found = [f for f in assessment_rules(record, POLICY) if f.code == "HONOS-ITEM-NOT-IN-SCALE"]
    assert [f.path for f in found] == ["$.ratings[12]", "$.ratings[13]"]


def test_item_8_type_required_when_rated_above_0() -> None:
    record = mhct([0] * 7 + [3] + [0] * 10)
    assert "HONOS-ITEM8-TYPE-MISSING" in codes(assessment_rules(record, POLICY))
    zero = mhct([0] * 18)
    assert "HONOS-ITEM8-TYPE-MISSING" not in codes(assessment_rules(zero, POLICY))
    not_known = mhct([0] * 7 + [9] + [0] * 10)
    assert "HONOS-ITEM8-TYPE-MISSING" not in codes(assessment_rules(not_known, POLICY))
    relaxed = policy_from_mapping({"clustering": {"require_item_8_type": False}})
    assert "HONOS-ITEM8-TYPE-MISSING" not in codes(assessment_rules(record, relaxed))


def test_item_8_type_j_needs_a_description_never_echoed() -> None:
    record = mhct([0] * 7 + [2] + [0] * 10, item_8_type=ProblemType.OTHER)
    assert "HONOS-ITEM8-DESCRIPTION-MISSING" in codes(assessment_rules(record, POLICY))
    described = attrs.evolve(record, item_8_description="SECRET-TEXT")
    findings = list(assessment_rules(described, POLICY))
    assert "HONOS-ITEM8-DESCRIPTION-MISSING" not in codes(findings)
    assert all("SECRET" not in f.message for f in findings)


def test_items_rated_9_and_incomplete() -> None:
    record = mhct([9, 9, 9, 9] + [1] * 14)
    findings = {f.code: f for f in assessment_rules(record, POLICY)}
    assert findings["HONOS-NOT-KNOWN"].severity is Severity.INFO
    assert "1, 2, 3, 4" in findings["HONOS-NOT-KNOWN"].message
    assert findings["HONOS-INCOMPLETE"].message.startswith("8 of 12")
    assert "CLUSTER-MHCT-INCOMPLETE" in findings
    honos = mhct([9, 9, 9, 9] + [1] * 8, scale=Scale.HONOS)
    incomplete = [f for f in assessment_rules(honos, POLICY) if f.code == "HONOS-INCOMPLETE"]
    assert incomplete[0].message.startswith("8 of 12")


def assignment(**changes: Any) -> ClusterAssignment:
    base = ClusterAssignment(
        assignment_id="C1",
        person_id="P1",
        cluster=11,
        start=date(2025, 6, 12),
        assessment_id="A1",
        assessment_date=date(2025, 6, 10),
    )
    return attrs.evolve(base, **changes)


def test_cluster_9_used() -> None:
    record = assignment(cluster=9, start=date(2019, 1, 2), assessment_date=date(2019, 1, 1))
    found = list(assignment_rules(record, POLICY))
    assert codes(found) == ["CLUSTER-9-USED"]
    assert found[0].severity is Severity.ERROR


def test_legacy_currency_after_mhsds_v6() -> None:
    found = list(assignment_rules(assignment(), POLICY))
    assert codes(found) == ["CLUSTER-LEGACY-CURRENCY"]
    assert found[0].severity is Severity.INFO
    early = assignment(start=date(2024, 3, 31), assessment_date=date(2024, 3, 30))
    assert codes(assignment_rules(early, POLICY)) == []


def test_unknown_cluster_before_pbr() -> None:
    old = assignment(start=date(2010, 5, 1), assessment_date=date(2010, 4, 30))
    assert codes(assignment_rules(old, POLICY)) == ["CLUSTER-UNKNOWN-ON-DATE"]


def test_assessment_missing_after_start_and_stale() -> None:
    missing = assignment(assessment_date=None, start=date(2023, 1, 1))
    assert codes(assignment_rules(missing, POLICY)) == ["CLUSTER-ASSESSMENT-MISSING"]
    after = assignment(assessment_date=date(2023, 1, 5), start=date(2023, 1, 1))
    assert codes(assignment_rules(after, POLICY)) == ["CLUSTER-ASSESSMENT-AFTER-START"]
    # Cluster 14 (4 weeks = 28 days): an assessment on 1 January supports a start up to
    # 28 January; a cluster starting on 29 January has no valid MHCT within the period.
    within = assignment(cluster=14, assessment_date=date(2023, 1, 1), start=date(2023, 1, 28))
    assert codes(assignment_rules(within, POLICY)) == []
    stale = assignment(cluster=14, assessment_date=date(2023, 1, 1), start=date(2023, 1, 29))
    found = list(assignment_rules(stale, POLICY))
    assert codes(found) == ["CLUSTER-ASSESSMENT-STALE"]
    assert found[0].due == date(2023, 1, 28)


def _audit(record: ClusterAssignment, policy: TrustPolicy = POLICY) -> list[Finding]:
    return list(assignment_audit(record, CheckContext.at(AS_OF, policy)))


def test_review_overdue_due_soon_and_not_due() -> None:
    """Annual cluster 11 assessed 2025-06-10: last day within the period is 2026-06-09."""
    overdue = _audit(assignment())
    assert codes(overdue) == ["CLUSTER-REVIEW-OVERDUE"]
    assert overdue[0].due == date(2026, 6, 9)
    assert overdue[0].subject_id == "P1"
    # Cluster 19 (6 months) assessed 2026-05-27: last day 2026-11-26, 3 days after the audit.
    soon = _audit(
        assignment(cluster=19, start=date(2026, 5, 28), assessment_date=date(2026, 5, 27))
    )
    assert codes(soon) == ["CLUSTER-REVIEW-DUE-SOON"]
    assert soon[0].due == date(2026, 11, 26)
    later = assignment(cluster=19, start=date(2026, 7, 1), assessment_date=date(2026, 7, 1))
    assert _audit(later) == []


def test_due_soon_window_follows_policy() -> None:
    record = assignment(cluster=19, start=date(2026, 5, 28), assessment_date=date(2026, 5, 27))
    narrow = policy_from_mapping({"clustering": {"review_due_soon_days": 2}})
    assert _audit(record, narrow) == []
    general = policy_from_mapping({"general": {"due_soon_days": 2}})
    assert _audit(record, general) == []
    wide = policy_from_mapping(
        {"general": {"due_soon_days": 2}, "clustering": {"review_due_soon_days": 3}}
    )
    assert codes(_audit(record, wide)) == ["CLUSTER-REVIEW-DUE-SOON"]


def test_audit_skips_closed_cluster_9_and_future_clusters() -> None:
    assert _audit(assignment(end=date(2026, 1, 1))) == []
    assert _audit(assignment(cluster=9, start=date(2019, 1, 1), assessment_date=None)) == []
    assert _audit(assignment(start=date(2027, 1, 1), assessment_date=date(2027, 1, 1))) == []


def test_the_review_counts_on_the_london_date() -> None:
    # 2026-06-09T23:30Z is 10 June 00:30 in London (BST): the review is then overdue.
    record = assignment()
    assert _audit_at(record, datetime(2026, 6, 9, 22, 30, tzinfo=UTC)) == [
        "CLUSTER-REVIEW-DUE-SOON"
    ]
    assert _audit_at(record, datetime(2026, 6, 9, 23, 30, tzinfo=UTC)) == ["CLUSTER-REVIEW-OVERDUE"]


def _audit_at(record: ClusterAssignment, at: datetime) -> list[str]:
    return codes(assignment_audit(record, CheckContext.at(at, POLICY)))


def test_join_assignment_with_assessment() -> None:
    record = mhct([1] * 18, assessed_on=date(2025, 6, 10))
    assert list(assignment_assessment_rules(assignment(), record, POLICY)) == []
    wrong = attrs.evolve(record, assessment_id="A2", person_id="P2", assessed_on=date(2025, 6, 9))
    found = list(assignment_assessment_rules(assignment(), wrong, POLICY))
    assert codes(found) == ["CLUSTER-ASSESSMENT-MISMATCH"] * 3
    assert [f.path for f in found] == ["$.assessment_id", "$.person_id", "$.assessment_date"]
    empty = mhct([9] * 18, assessed_on=date(2025, 6, 10))
    assert codes(assignment_assessment_rules(assignment(), empty, POLICY)) == [
        "CLUSTER-ASSESSMENT-NOT-RECORDED"
    ]


def test_the_caseload_audit_joins_each_assignment_with_its_assessment() -> None:
    recorded = mhct([1] * 18, assessed_on=date(2025, 6, 10))
    empty = mhct([9] * 18, assessment_id="A2", person_id="P2", assessed_on=date(2025, 6, 10))
    named = assignment()  # names A1, person P1, assessed 2025-06-10
    other = attrs.evolve(named, assignment_id="C2", assessment_id="A2")
    unnamed = attrs.evolve(named, assignment_id="C3", assessment_id=None)
    absent = attrs.evolve(named, assignment_id="C4", assessment_id="A9")
    records: dict[str, list[Located[Any]]] = {
        "cluster-assessment": [_at(recorded, 1), _at(empty, 2)],
        "cluster-assignment": [_at(named, 1), _at(other, 2), _at(unnamed, 3), _at(absent, 4)],
    }
    found = [
        (located.location, f.code, f.path)
        for located, f in assignment_assessments(records, CheckContext.at(AS_OF, POLICY))
    ]
    assert found == [
        ("cluster-assignment.ndjson:2", "CLUSTER-ASSESSMENT-MISMATCH", "$.person_id"),
        ("cluster-assignment.ndjson:2", "CLUSTER-ASSESSMENT-NOT-RECORDED", "$.assessment_id"),
    ]
    assert DOMAIN.caseload_checks == (assignment_assessments,)


def _at(record: ClusterAssessment | ClusterAssignment, line: int) -> Located[Any]:
    kind = "cluster-assessment" if isinstance(record, ClusterAssessment) else "cluster-assignment"
    return Located(record, kind, f"{kind}.ndjson:{line}")


def test_synthetic_profile_table_warns() -> None:
    found = list(profile_table_rules(synthetic_profile_table(), POLICY))
    assert codes(found) == ["CLUSTER-PROFILE-SYNTHETIC"]


def test_finding_codes_are_prefixed_and_unique() -> None:
    names = [c.code for c in DOMAIN.finding_codes]
    assert len(names) == len(set(names))
    assert all(n.startswith(("CLUSTER-", "HONOS-")) for n in names)
    assert all(c.summary.endswith(".") for c in DOMAIN.finding_codes)


def test_record_kinds() -> None:
    assert [k.name for k in DOMAIN.record_kinds] == [
        "cluster-assessment",
        "cluster-assignment",
        "cluster-profile-table",
    ]


def _examples(kind: str) -> list[dict[str, Any]]:
    path = Path(example_bundle()) / f"{kind}.ndjson"
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def test_examples_validate_without_record_errors_and_show_problems() -> None:
    seen: set[str] = set()
    kinds: tuple[RecordKind[Any], ...] = (CLUSTER_ASSESSMENT, CLUSTER_ASSIGNMENT)
    for kind in kinds:
        for data in _examples(kind.name):
            result = validate_record(kind, data)
            assert result.record is not None
            record_errors = [f for f in result.report.errors if f.code.startswith("RECORD-")]
            assert record_errors == []
            seen |= result.report.codes()
            if kind.audit is not None:
                seen |= {f.code for f in kind.audit(result.record, CheckContext.at(AS_OF, POLICY))}
            for finding in result.report:
                assert data.get("nhs_number", "-") not in finding.message
    assert {
        "CLUSTER-REVIEW-OVERDUE",
        "CLUSTER-REVIEW-DUE-SOON",
        "CLUSTER-9-USED",
        "CLUSTER-ASSESSMENT-STALE",
        "CLUSTER-ASSESSMENT-MISSING",
        "HONOS-INCOMPLETE",
        "HONOS-ITEM8-TYPE-MISSING",
    } <= seen


def test_cluster_10_example_person_overdue() -> None:
    """CAST.md: P010 "cluster 11 review overdue; legacy clustered data"."""
    data = next(d for d in _examples("cluster-assignment") if d["person_id"] == "P010")
    record = validate_record(CLUSTER_ASSIGNMENT, data).record
    assert record is not None
    assert codes(assignment_audit(record, CheckContext.at(AS_OF, POLICY))) == [
        "CLUSTER-REVIEW-OVERDUE"
    ]


def test_end_before_start_is_refused_with_a_path() -> None:
    data = unstructure(assignment())
    data["end"] = "2025-06-01"
    report = validate_record(CLUSTER_ASSIGNMENT, data).report
    assert codes(report) == ["RECORD-VALUE-INVALID"]


ID = st.from_regex(r"[ABCP0-9][ABCP0-9-]{0,9}", fullmatch=True)
DAY = st.dates(min_value=date(2005, 1, 1), max_value=date(2030, 12, 31))
ASSESSMENTS = st.builds(
    ClusterAssessment,
    assessment_id=ID,
    person_id=ID,
    staff_id=ID,
    assessed_on=DAY,
    scale=st.sampled_from(list(Scale)),
    period=st.sampled_from(list(RatingPeriod)),
    ratings=st.lists(
        st.builds(
            ItemRating, item=st.sampled_from(list(MhctItem)), rating=st.sampled_from(list(Rating))
        ),
        max_size=24,
    ).map(tuple),
    item_8_type=st.none() | st.sampled_from(list(ProblemType)),
    item_8_description=st.none() | st.just("described"),
)


@st.composite
def assignments(draw: st.DrawFn) -> ClusterAssignment:
    start = draw(DAY)
    end = draw(st.none() | st.dates(min_value=start, max_value=date(2031, 12, 31)))
    return ClusterAssignment(
        assignment_id=draw(ID),
        person_id=draw(ID),
        cluster=draw(st.integers(0, 21)),
        start=start,
        end=end,
        assessment_id=draw(st.none() | ID),
        assessment_date=draw(st.none() | DAY),
        reason=draw(st.none() | st.sampled_from(list(AllocationReason))),
        suggested_cluster=draw(st.none() | st.integers(0, 21)),
    )


@settings(max_examples=60, suppress_health_check=[HealthCheck.too_slow])
@given(
    ASSESSMENTS,
    assignments(),
    st.datetimes(datetime(2005, 1, 1), datetime(2035, 1, 1), timezones=st.just(UTC)),
)
def test_schema_valid_records_never_raise(
    record: ClusterAssessment, cluster: ClusterAssignment, at: datetime
) -> None:
    """Round trip model -> JSON -> schema-valid -> model, then every check runs."""
    for kind, model in ((CLUSTER_ASSESSMENT, record), (CLUSTER_ASSIGNMENT, cluster)):
        result = validate_record(kind, unstructure(model))
        assert result.record == model
    list(assignment_audit(cluster, CheckContext.at(at, POLICY)))
    list(assignment_assessment_rules(cluster, record, POLICY))


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=5),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=10,
)


@settings(max_examples=40)
@given(JSON)
def test_arbitrary_json_gives_findings(data: Any) -> None:
    for kind in (CLUSTER_ASSESSMENT, CLUSTER_ASSIGNMENT, CLUSTER_PROFILE_TABLE):
        validate_record(kind, data)
