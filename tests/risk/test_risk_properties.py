"""Properties of the risk area: round trips, audits that never raise, monotone windows,
and the example team's records."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import audit, validate
from cpa_core.context import CheckContext
from cpa_core.convert import structure, unstructure
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Severity
from cpa_core.policy import TrustPolicy, policy_from_mapping
from cpa_core.risk import (
    RISK_HISTORY,
    RISK_SAFETY_ASSESSMENT,
    AssessmentContext,
    DomainObservation,
    DomainRating,
    EventKind,
    Formulation,
    RiskEvent,
    RiskHistory,
    SafetyAssessment,
    SafetyPlan,
    assessment_audit,
    history_audit,
)
from cpa_core.schemas import schema_errors, validator_for

DEFAULT = TrustPolicy()
PROFILE = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])

CHANGES = {"RISK-RATING-ROSE", "RISK-DOMAIN-NEWLY-RATED", "RISK-NEW-INCIDENT"}
CHANGES_AND_EVENTS = CHANGES | {
    "RISK-REASSESSMENT-AFTER-DISCHARGE",
    "RISK-REASSESSMENT-AFTER-INCIDENT",
    "RISK-REASSESSMENT-AT-CARE-REVIEW",
    "RISK-REASSESSMENT-AFTER-CHANGE",
}
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2027, 12, 31))
text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), min_size=1, max_size=20
)
codes = st.sampled_from(
    ["suicide", "self-harm", "harm-to-others", "self-neglect", "fire-setting", "person", "gp"]
)
ratings = st.builds(
    DomainRating,
    scale_id=st.sampled_from(["generic-ordinal", "example-synthetic", "trust-tool"]),
    scale_version=st.sampled_from(["0", "1"]),
    level=st.integers(min_value=-1, max_value=6),
)
observations = st.builds(
    DomainObservation,
    domain=codes,
    historical=st.none() | text,
    current=st.none() | text,
    triggers=st.lists(text, max_size=2).map(tuple),
    protective_factors=st.lists(text, max_size=2).map(tuple),
    new_incident_on=st.none() | days,
    rating=st.none() | ratings,
)
formulations = st.builds(
    Formulation,
    written_on=days,
    what=st.none() | text,
    why=st.none() | text,
    when=st.none() | text,
    what_could_change=st.none() | text,
)
plans = st.builds(
    SafetyPlan,
    updated_on=days,
    review_by=st.none() | days,
    co_produced=st.booleans(),
    shared_with=st.lists(codes, max_size=3).map(tuple),
    warning_signs=st.lists(text, max_size=2).map(tuple),
)
assessments = st.builds(
    SafetyAssessment,
    assessment_id=st.sampled_from(["RA-1", "RA-2", "RA-3"]),
    person_id=st.sampled_from(["P007", "P001"]),
    nhs_number=st.none() | st.just("9990000964"),
    assessed_on=days,
    assessor_staff_id=st.just("S001"),
    context=st.sampled_from(AssessmentContext),
    observations=st.lists(observations, max_size=4).map(tuple),
    person_view_recorded=st.booleans(),
    family_or_carer_involved=st.none() | st.booleans(),
    formulation=st.none() | formulations,
    safety_plan=st.none() | plans,
    review_on=st.none() | days,
)
events = st.builds(
    RiskEvent,
    event_id=st.just("E1"),
    kind=st.sampled_from(EventKind),
    on=days,
)
histories = st.builds(
    RiskHistory,
    person_id=st.just("P007"),
    nhs_number=st.none() | st.just("9990000964"),
    assessments=st.lists(assessments, max_size=4).map(tuple),
    events=st.lists(events, max_size=3).map(tuple),
)
instants = st.datetimes(
    min_value=datetime(2024, 1, 1), max_value=datetime(2028, 1, 1), timezones=st.just(UTC)
)
trust_policies = st.builds(
    lambda change, discharge, incident, review, plan_days, recipients: policy_from_mapping(
        {
            "risk": {
                "change_review_days": change,
                "reassess_after_discharge_days": discharge,
                "reassess_after_incident_days": incident,
                "reassess_at_care_review_days": review,
                "safety_plan_review_days": plan_days,
                "safety_plan_recipients": recipients,
            }
        }
    ),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(0, 60),
    st.integers(1, 400),
    st.lists(st.sampled_from(["person", "gp", "family-or-carer"]), max_size=2),
)


@PROFILE
@given(histories)
def test_history_round_trips_through_json_and_schema(record: RiskHistory) -> None:
    data = json.loads(json.dumps(unstructure(record)))
    assert schema_errors(validator_for(RiskHistory, RISK_HISTORY.name), data) == ()
    assert structure(data, RiskHistory) == record


@PROFILE
@given(assessments, instants, trust_policies)
def test_assessment_checks_never_raise_on_valid_records(
    record: SafetyAssessment, as_of: datetime, policy: TrustPolicy
) -> None:
    report = validate(RISK_SAFETY_ASSESSMENT.name, unstructure(record), policy=policy)
    assert not any(f.code.startswith("RECORD-") and f.severity is Severity.ERROR for f in report)
    assert RISK_SAFETY_ASSESSMENT.audit is not None
    for finding in RISK_SAFETY_ASSESSMENT.audit(record, CheckContext.at(as_of, policy)):
        assert finding.code.startswith("RISK-")
        assert "9990000964" not in finding.message


@PROFILE
@given(histories, instants, trust_policies)
def test_history_checks_never_raise_on_valid_records(
    record: RiskHistory, as_of: datetime, policy: TrustPolicy
) -> None:
    report = validate(RISK_HISTORY.name, unstructure(record), policy=policy)
    assert not any(f.code.startswith("RECORD-") and f.severity is Severity.ERROR for f in report)
    for finding in history_audit(record, CheckContext.at(as_of, policy)):
        assert finding.code.startswith("RISK-")
        assert finding.subject_id is not None
        assert "9990000964" not in finding.message


@PROFILE
@given(histories, days, st.integers(0, 30), st.integers(0, 30))
def test_a_longer_window_never_adds_a_warning(
    record: RiskHistory, as_of: date, shorter: int, extra: int
) -> None:
    """Windows are monotone: lengthening one can only turn warnings into info."""

    def warnings(window: int) -> set[tuple[str, str]]:
        policy = policy_from_mapping(
            {
                "risk": {
                    "change_review_days": window,
                    "reassess_after_discharge_days": window,
                    "reassess_after_incident_days": window,
                    "reassess_at_care_review_days": window,
                    "reassess_after_change_days": window,
                }
            }
        )
        found = history_audit(record, CheckContext.at(as_of, policy))
        return {
            (f.code, f.path)
            for f in found
            if f.code in CHANGES_AND_EVENTS and f.severity is Severity.WARNING
        }

    assert warnings(shorter + extra) <= warnings(shorter)


@PROFILE
@given(histories, days, st.integers(0, 60))
def test_due_dates_fall_within_the_window_of_their_start(
    record: RiskHistory, as_of: date, window: int
) -> None:
    policy = policy_from_mapping({"risk": {"change_review_days": window}})
    starts = {a.assessed_on for a in record.assessments}
    for finding in history_audit(record, CheckContext.at(as_of, policy)):
        if finding.code not in CHANGES:
            continue
        assert isinstance(finding.due, date)
        assert finding.due - timedelta(days=window) in starts


@settings(max_examples=150, deadline=None)
@given(
    st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=10),
        lambda inner: (
            st.lists(inner, max_size=3)
            | st.dictionaries(
                st.sampled_from(
                    ["person_id", "assessments", "events", "assessed_on", "observations", "x"]
                ),
                inner,
                max_size=4,
            )
        ),
        max_leaves=12,
    )
)
def test_arbitrary_json_yields_findings_not_crashes(data: Any) -> None:
    for kind in (RISK_HISTORY.name, RISK_SAFETY_ASSESSMENT.name):
        try:
            report = validate(kind, data)
        except CpaCoreError:
            continue
        assert isinstance(report.ok, bool)


def test_every_example_record_validates_and_the_audit_shows_the_area() -> None:
    folder = audit.example_bundle()
    records = [r for r in audit.read_bundle(folder) if r.kind.startswith("risk-")]
    assert {r.kind for r in records} == {RISK_HISTORY.name, RISK_SAFETY_ASSESSMENT.name}
    for record in records:
        report = validate(record.kind, json.loads(record.raw))
        assert not [
            f for f in report if f.code.startswith("RECORD-") and f.severity is Severity.ERROR
        ], record.location
    result = audit.run_audit(records, datetime(2026, 11, 23, tzinfo=UTC))
    found = result.report.codes()
    # The cast's sketches (CAST.md): P007's rating rose and plan not co-produced; P003
    # discharged on 20 Nov with the window open.
    for code in (
        "RISK-RATING-ROSE",
        "RISK-SAFETY-PLAN-NOT-CO-PRODUCED",
        "RISK-REASSESSMENT-AFTER-DISCHARGE",
        "RISK-REASSESSMENT-AFTER-INCIDENT",
        "RISK-NEW-INCIDENT",
        "RISK-SAFETY-PLAN-REVIEW-OVERDUE",
        "RISK-FORMULATION-MISSING",
    ):
        assert code in found
    assert result.report.ok


@settings(max_examples=80, deadline=None)
@given(
    st.sampled_from([date.min, date(1, 1, 14), date(9999, 12, 20), date.max]),
    st.sampled_from([datetime(1, 1, 2, tzinfo=UTC), datetime(9999, 12, 31, 12, tzinfo=UTC)]),
    trust_policies,
)
def test_windows_at_the_ends_of_the_calendar_give_findings_not_errors(
    day: date, as_of: datetime, trust: TrustPolicy
) -> None:
    """A schema-valid record dated at 0001-01-01 or 9999-12-31 is audited, not refused: a
    window that would end after the last representable day has not closed yet."""
    plan = SafetyPlan(updated_on=day, co_produced=True, shared_with=("person",))
    assessment = SafetyAssessment(
        assessment_id="RA-1",
        person_id="P007",
        assessed_on=day,
        assessor_staff_id="S001",
        observations=(DomainObservation(domain="suicide", new_incident_on=day),),
        safety_plan=plan,
        review_on=day,
    )
    record = RiskHistory(
        person_id="P007",
        assessments=(assessment,),
        events=tuple(RiskEvent(event_id=f"E{k.value}", kind=k, on=day) for k in EventKind),
    )
    unanswered = RiskHistory(
        person_id="P007",
        assessments=(attrs.evolve(assessment, safety_plan=None),),
        events=tuple(RiskEvent(event_id=f"E{k.value}", kind=k, on=date.max) for k in EventKind),
    )
    for case in (record, unanswered):
        for finding in history_audit(case, CheckContext.at(as_of, trust)):
            assert finding.code.startswith("RISK-")
    for finding in assessment_audit(assessment, CheckContext.at(as_of, trust)):
        assert finding.code.startswith("RISK-")
