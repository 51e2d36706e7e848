"""Golden tests of the risk area's change, timeliness and consistency rules.

Sources: NICE NG225 (7 Sept 2022) and NCISH *The assessment of clinical risk in mental
health services* (Oct 2018) for "formulation, not a score" and "not one-off"; NHS England
*Staying safe from suicide* (2025) for safety assessment -> formulation -> co-produced safety
plan and its review. Every window is a Trust policy setting with a cpa_core engineering
default (no national document fixes one), so each rule is tested with the default and with
an override.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import pytest

from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError, PolicyError
from cpa_core.findings import Finding, Severity
from cpa_core.policy import TrustPolicy, policy_from_mapping
from cpa_core.policy.risk import RiskPolicy, ScaleLevel
from cpa_core.provenance import Evidence
from cpa_core.risk import (
    RATING_SCALES,
    RISK_DOMAINS,
    AssessmentContext,
    DomainObservation,
    DomainRating,
    EventKind,
    Formulation,
    RatingScaleRow,
    RiskEvent,
    RiskHistory,
    SafetyAssessment,
    SafetyPlan,
    assessment_audit,
    assessment_rules,
    check_assessment,
    check_history,
    current_safety_plan,
    history_audit,
    history_rules,
    latest_assessment,
    rating_scales,
    risk_domains,
)
from cpa_core.risk.rules import _ENGINEERING

DEFAULT = TrustPolicy()


def policy(**risk: Any) -> TrustPolicy:
    return policy_from_mapping({"risk": risk})


def rating(level: int, scale: str = "generic-ordinal", version: str = "1") -> DomainRating:
    return DomainRating(scale_id=scale, scale_version=version, level=level)


def obs(
    domain: str = "suicide",
    level: int | None = None,
    incident: date | None = None,
    scale: str = "generic-ordinal",
    version: str = "1",
) -> DomainObservation:
    return DomainObservation(
        domain=domain,
        rating=None if level is None else rating(level, scale, version),
        new_incident_on=incident,
    )


FULL = Formulation(
    written_on=date(2026, 1, 1),
    what="what",
    why="why",
    when="when",
    what_could_change="change",
)


def plan(
    updated: date = date(2026, 11, 1),
    review_by: date | None = date(2027, 5, 1),
    *,
    co_produced: bool = True,
    shared: tuple[str, ...] = ("person",),
) -> SafetyPlan:
    return SafetyPlan(
        updated_on=updated, review_by=review_by, co_produced=co_produced, shared_with=shared
    )


def assessment(
    on: date,
    *observations: DomainObservation,
    aid: str | None = None,
    person: str = "P007",
    formulation: Formulation | None = FULL,
    safety_plan: SafetyPlan | None = None,
    review_on: date | None = None,
) -> SafetyAssessment:
    return SafetyAssessment(
        assessment_id=aid or f"RA-{on.isoformat()}",
        person_id=person,
        assessed_on=on,
        assessor_staff_id="S001",
        observations=observations,
        formulation=formulation,
        safety_plan=safety_plan,
        review_on=review_on,
    )


def history(*assessments: SafetyAssessment, events: tuple[RiskEvent, ...] = ()) -> RiskHistory:
    return RiskHistory(person_id="P007", assessments=assessments, events=events)


def codes(findings: Any) -> list[str]:
    return [f.code for f in findings]


CHANGES = {"RISK-RATING-ROSE", "RISK-DOMAIN-NEWLY-RATED", "RISK-NEW-INCIDENT"}


def changes(case: RiskHistory, day: date, trust: TrustPolicy) -> list[Finding]:
    """The change findings of a history's audit on ``day``."""
    return [f for f in history_audit(case, CheckContext.at(day, trust)) if f.code in CHANGES]


def reassessments(case: RiskHistory, day: date, trust: TrustPolicy) -> list[Finding]:
    """The findings of a history's audit on ``day`` for events awaiting an assessment."""
    found = history_audit(case, CheckContext.at(day, trust))
    return [f for f in found if f.code.startswith("RISK-REASSESSMENT-")]


def completeness(case: SafetyAssessment, day: date, trust: TrustPolicy) -> list[Finding]:
    """The dated findings of one assessment on ``day``."""
    return list(assessment_audit(case, CheckContext.at(day, trust)))


def only(findings: Any, code: str) -> Finding:
    items: list[Finding] = list(findings)
    matching = [f for f in items if f.code == code]
    assert len(matching) == 1, codes(items)
    found: Finding = matching[0]
    return found


# -- change rules ----------------------------------------------------------------------------

A = date(2026, 10, 1)
B = date(2026, 11, 9)


def rose(level_after: int = 3) -> RiskHistory:
    return history(
        assessment(A, obs("self-neglect", 1), safety_plan=plan(updated=A)),
        assessment(B, obs("self-neglect", level_after)),
    )


@pytest.mark.parametrize(
    ("as_of", "severity"),
    [
        (date(2026, 11, 16), Severity.INFO),  # the last day of the 7-day window
        (date(2026, 11, 17), Severity.WARNING),  # the day after
    ],
)
def test_rating_rose_asks_for_a_plan_review_within_the_default_window(
    as_of: date, severity: Severity
) -> None:
    """Default risk.change_review_days = 7 (cpa_core engineering default, [U])."""
    found = only(changes(rose(), as_of, DEFAULT), "RISK-RATING-ROSE")
    assert found.due == date(2026, 11, 16)
    assert found.severity is severity
    assert found.subject_id == "P007"
    assert found.path == "$.assessments[1].observations[0]"
    assert "self-neglect" in found.message
    # The finding names the domain, never a level (NICE NG225: no stratification).
    assert "3" not in found.message.replace("2026-11-16", "")


def test_rating_rose_window_is_the_trusts() -> None:
    found = only(
        changes(rose(), date(2026, 11, 17), policy(change_review_days=14)),
        "RISK-RATING-ROSE",
    )
    assert found.due == date(2026, 11, 23)
    assert found.severity is Severity.INFO


@pytest.mark.parametrize("after", [1, 0])
def test_a_rating_that_stays_or_falls_is_not_a_rise(after: int) -> None:
    assert list(changes(rose(after), date(2026, 12, 1), DEFAULT)) == []


def test_a_rise_is_answered_by_a_plan_reviewed_on_or_after_it() -> None:
    answered_same_day = history(
        assessment(A, obs("self-neglect", 1), safety_plan=plan(updated=A)),
        assessment(B, obs("self-neglect", 3), safety_plan=plan(updated=B)),
    )
    answered_later = history(
        assessment(A, obs("self-neglect", 1), safety_plan=plan(updated=A)),
        assessment(B, obs("self-neglect", 3)),
        assessment(date(2026, 11, 20), obs("self-neglect", 3), safety_plan=plan(B)),
    )
    for case in (answered_same_day, answered_later):
        assert "RISK-RATING-ROSE" not in codes(changes(case, date(2026, 12, 1), DEFAULT))


def test_ratings_on_different_or_unknown_scales_are_not_compared() -> None:
    other_scale = history(
        assessment(A, obs("suicide", 1)),
        assessment(B, obs("suicide", 3, scale="example-synthetic", version="0")),
    )
    unknown_scale = history(
        assessment(A, obs("suicide", 1, scale="trust-tool")),
        assessment(B, obs("suicide", 3, scale="trust-tool")),
    )
    for case in (other_scale, unknown_scale):
        assert list(changes(case, date(2026, 12, 1), DEFAULT)) == []


def test_rises_follow_the_order_of_a_trust_scale_not_its_codes() -> None:
    """A Trust scale lists levels in ascending concern; codes need not ascend."""
    trust = policy(
        rating_scales=[
            {
                "scale_id": "trust-tool",
                "version": "2",
                "title": "Trust tool",
                "levels": [
                    {"value": 9, "label": "first"},
                    {"value": 5, "label": "second"},
                ],
            }
        ]
    )
    case = history(
        assessment(A, obs("suicide", 9, scale="trust-tool", version="2")),
        assessment(B, obs("suicide", 5, scale="trust-tool", version="2")),
    )
    assert codes(changes(case, date(2026, 11, 10), trust)) == ["RISK-RATING-ROSE"]
    falls = history(
        case.assessments[1],
        assessment(date(2026, 11, 12), obs("suicide", 9, scale="trust-tool", version="2")),
    )
    assert list(changes(falls, date(2026, 11, 13), trust)) == []


def test_a_domain_rated_for_the_first_time_asks_for_a_review() -> None:
    case = history(
        assessment(A, obs("suicide", 1), obs("self-harm"), safety_plan=plan(updated=A)),
        assessment(B, obs("suicide", 1), obs("self-harm", 1)),
    )
    found = only(changes(case, date(2026, 11, 20), DEFAULT), "RISK-DOMAIN-NEWLY-RATED")
    assert found.due == date(2026, 11, 16)
    assert found.severity is Severity.WARNING
    assert found.path == "$.assessments[1].observations[1]"


def test_ratings_compare_with_the_domains_last_rating_whichever_assessment_holds_it() -> None:
    case = history(
        assessment(A, obs("suicide", 1), obs("self-harm", 2), safety_plan=plan(updated=A)),
        assessment(date(2026, 10, 20), obs("suicide", 1)),  # self-harm not rated this time
        assessment(B, obs("suicide", 1), obs("self-harm", 3)),
    )
    found = list(changes(case, date(2026, 11, 20), DEFAULT))
    assert [(f.code, f.path) for f in found] == [
        ("RISK-RATING-ROSE", "$.assessments[2].observations[1]")
    ]


def test_the_first_assessment_has_no_change_to_report() -> None:
    case = history(assessment(B, obs("suicide", 4)))
    assert list(changes(case, date(2026, 12, 1), DEFAULT)) == []


def test_a_new_incident_asks_for_a_review_even_in_a_first_assessment() -> None:
    case = history(assessment(B, obs("harm-to-others", incident=date(2026, 11, 8))))
    found = only(changes(case, date(2026, 11, 12), DEFAULT), "RISK-NEW-INCIDENT")
    assert found.due == date(2026, 11, 16)
    assert found.severity is Severity.INFO
    reviewed = history(
        assessment(
            B,
            obs("harm-to-others", incident=date(2026, 11, 8)),
            safety_plan=plan(updated=date(2026, 11, 10)),
        )
    )
    assert list(changes(reviewed, date(2026, 12, 1), DEFAULT)) == []


def test_assessments_are_compared_in_date_order_whatever_the_listing() -> None:
    case = history(
        assessment(B, obs("self-neglect", 3)),
        assessment(A, obs("self-neglect", 1), safety_plan=plan(updated=A)),
    )
    found = only(changes(case, date(2026, 11, 20), DEFAULT), "RISK-RATING-ROSE")
    assert found.path == "$.assessments[0].observations[0]"
    assert latest_assessment(case) is case.assessments[0]
    assert latest_assessment(history()) is None


# -- timeliness: reassessment after events ---------------------------------------------------

EVENT_DAY = date(2026, 11, 10)


@pytest.mark.parametrize(
    ("kind", "code", "setting", "default_days"),
    [
        (
            EventKind.DISCHARGE,
            "RISK-REASSESSMENT-AFTER-DISCHARGE",
            "reassess_after_discharge_days",
            7,
        ),
        (EventKind.INCIDENT, "RISK-REASSESSMENT-AFTER-INCIDENT", "reassess_after_incident_days", 3),
        (
            EventKind.CARE_REVIEW,
            "RISK-REASSESSMENT-AT-CARE-REVIEW",
            "reassess_at_care_review_days",
            0,
        ),
        (EventKind.CHANGE, "RISK-REASSESSMENT-AFTER-CHANGE", "reassess_after_change_days", 7),
    ],
)
def test_reassessment_due_after_each_event(
    kind: EventKind, code: str, setting: str, default_days: int
) -> None:
    """Defaults are cpa_core engineering defaults ([U]); the Trust sets its own."""
    event = RiskEvent(event_id="E1", kind=kind, on=EVENT_DAY)
    case = history(assessment(date(2026, 9, 1), obs()), events=(event,))
    due = date.fromordinal(EVENT_DAY.toordinal() + default_days)
    on_due = only(reassessments(case, due, DEFAULT), code)
    assert (on_due.due, on_due.severity) == (due, Severity.INFO)
    after = date.fromordinal(due.toordinal() + 1)
    late = only(reassessments(case, after, DEFAULT), code)
    assert (late.due, late.severity) == (due, Severity.WARNING)
    assert late.path == "$.events[0]"
    overridden = only(reassessments(case, after, policy(**{setting: 30})), code)
    assert overridden.due == date(2026, 12, 10)
    assert overridden.severity is Severity.INFO
    answered = history(*case.assessments, assessment(EVENT_DAY, obs()), events=(event,))
    assert list(reassessments(answered, after, DEFAULT)) == []


def test_events_after_the_audit_date_are_not_yet_due() -> None:
    event = RiskEvent(event_id="E1", kind=EventKind.INCIDENT, on=date(2026, 12, 1))
    assert list(reassessments(history(events=(event,)), EVENT_DAY, DEFAULT)) == []


def test_an_assessment_before_the_event_does_not_answer_it() -> None:
    event = RiskEvent(event_id="E1", kind=EventKind.DISCHARGE, on=EVENT_DAY)
    case = history(assessment(date(2026, 11, 9), obs()), events=(event,))
    assert codes(reassessments(case, EVENT_DAY, DEFAULT)) == ["RISK-REASSESSMENT-AFTER-DISCHARGE"]


# -- timeliness: safety plan, formulation, review date ---------------------------------------

AS_OF = date(2026, 11, 23)


def test_safety_plan_missing() -> None:
    """NHS England 2025: safety management and planning follows assessment and formulation."""
    found = only(completeness(assessment(AS_OF), AS_OF, DEFAULT), "RISK-SAFETY-PLAN-MISSING")
    assert found.path == "$.safety_plan"
    assert found.severity is Severity.WARNING


def test_safety_plan_not_co_produced() -> None:
    """NHS England 2025: a collaborative safety plan."""
    case = assessment(AS_OF, safety_plan=plan(co_produced=False))
    found = only(completeness(case, AS_OF, DEFAULT), "RISK-SAFETY-PLAN-NOT-CO-PRODUCED")
    assert found.path == "$.safety_plan.co_produced"


@pytest.mark.parametrize(
    ("shared", "required", "expected"),
    [
        ((), None, ["RISK-SAFETY-PLAN-NOT-SHARED"]),  # default: the person
        (("person",), None, []),
        (("person",), ["person", "gp"], ["RISK-SAFETY-PLAN-NOT-SHARED"]),
        (("gp", "person"), ["person", "gp"], []),
        ((), [], []),
    ],
)
def test_safety_plan_not_shared(
    shared: tuple[str, ...], required: list[str] | None, expected: list[str]
) -> None:
    trust = DEFAULT if required is None else policy(safety_plan_recipients=required)
    case = assessment(AS_OF, safety_plan=plan(shared=shared))
    found = [f for f in completeness(case, AS_OF, trust) if "SHARED" in f.code]
    assert codes(found) == expected
    if found:
        assert "person" in found[0].message or "gp" in found[0].message


@pytest.mark.parametrize(
    ("review_by", "expected"),
    [
        (date(2026, 11, 22), ("RISK-SAFETY-PLAN-REVIEW-OVERDUE", Severity.WARNING)),
        (date(2026, 11, 23), ("RISK-SAFETY-PLAN-REVIEW-DUE", Severity.INFO)),  # due today
        (date(2026, 12, 7), ("RISK-SAFETY-PLAN-REVIEW-DUE", Severity.INFO)),  # 14-day look-ahead
        (date(2026, 12, 8), None),
    ],
)
def test_safety_plan_past_its_review_date(
    review_by: date, expected: tuple[str, Severity] | None
) -> None:
    case = assessment(AS_OF, safety_plan=plan(updated=date(2026, 5, 1), review_by=review_by))
    found = [f for f in completeness(case, AS_OF, DEFAULT) if "REVIEW" in f.code]
    assert [(f.code, f.severity) for f in found] == ([expected] if expected else [])
    if found:
        assert found[0].due == review_by


def test_a_plan_without_a_review_date_is_due_after_the_trusts_interval() -> None:
    """Default risk.safety_plan_review_days = 182 (cpa_core engineering default, [U])."""
    case = assessment(AS_OF, safety_plan=plan(updated=date(2026, 5, 1), review_by=None))
    found = only(completeness(case, AS_OF, DEFAULT), "RISK-SAFETY-PLAN-REVIEW-OVERDUE")
    assert found.due == date(2026, 10, 30)
    trust = policy(safety_plan_review_days=365)
    assert [f for f in completeness(case, AS_OF, trust) if "REVIEW" in f.code] == []


def test_formulation_missing_or_incomplete() -> None:
    """NICE NG225: address needs and safety through a risk formulation."""
    missing = completeness(assessment(AS_OF, formulation=None), AS_OF, DEFAULT)
    assert "RISK-FORMULATION-MISSING" in codes(missing)
    blank = Formulation(written_on=AS_OF, what="  ")
    assert "RISK-FORMULATION-MISSING" in codes(
        completeness(assessment(AS_OF, formulation=blank), AS_OF, DEFAULT)
    )
    partial = Formulation(written_on=AS_OF, what="what", why="why")
    found = only(
        completeness(assessment(AS_OF, formulation=partial), AS_OF, DEFAULT),
        "RISK-FORMULATION-INCOMPLETE",
    )
    assert found.message.endswith("when, what_could_change")
    complete = completeness(assessment(AS_OF, safety_plan=plan()), AS_OF, DEFAULT)
    assert list(complete) == []


@pytest.mark.parametrize(
    ("review_on", "code"),
    [
        (date(2026, 11, 20), "RISK-ASSESSMENT-REVIEW-OVERDUE"),
        (date(2026, 11, 30), "RISK-ASSESSMENT-REVIEW-DUE"),
        (date(2027, 1, 30), None),
    ],
)
def test_assessment_past_its_review_date(review_on: date, code: str | None) -> None:
    """NCISH 2018: risk assessment is not one-off."""
    case = assessment(date(2026, 6, 1), safety_plan=plan(), review_on=review_on)
    assert codes(completeness(case, AS_OF, DEFAULT)) == ([code] if code else [])


def test_due_soon_window_follows_general_policy() -> None:
    case = assessment(date(2026, 6, 1), safety_plan=plan(), review_on=date(2026, 11, 30))
    quiet = policy_from_mapping({"general": {"due_soon_days": 3}})
    assert list(completeness(case, AS_OF, quiet)) == []


# -- audits ----------------------------------------------------------------------------------

AUDIT_AT = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)


def test_assessment_audit_counts_in_london_days() -> None:
    case = assessment(date(2026, 6, 1), safety_plan=plan(), review_on=date(2026, 11, 22))
    late_evening = datetime(2026, 11, 22, 23, 30, tzinfo=UTC)  # still 22 Nov in London
    expected = list(completeness(case, date(2026, 11, 22), DEFAULT))
    assert list(assessment_audit(case, CheckContext.at(late_evening, DEFAULT))) == expected
    assert codes(assessment_audit(case, CheckContext.at(AUDIT_AT, DEFAULT))) == [
        "RISK-ASSESSMENT-REVIEW-OVERDUE"
    ]


def test_history_audit_uses_the_latest_plan_whichever_assessment_holds_it() -> None:
    older_plan = plan(updated=A, review_by=date(2026, 11, 11), co_produced=False)
    case = history(
        assessment(A, obs("self-neglect", 1), safety_plan=older_plan),
        assessment(B, obs("self-neglect", 3), review_on=date(2027, 2, 9)),
    )
    assert current_safety_plan(case) == (0, older_plan)
    found = list(history_audit(case, CheckContext.at(AUDIT_AT, DEFAULT)))
    assert sorted(codes(found)) == [
        "RISK-RATING-ROSE",
        "RISK-SAFETY-PLAN-NOT-CO-PRODUCED",
        "RISK-SAFETY-PLAN-REVIEW-OVERDUE",
    ]
    assert only(found, "RISK-SAFETY-PLAN-NOT-CO-PRODUCED").path == (
        "$.assessments[0].safety_plan.co_produced"
    )


def test_history_audit_without_any_plan_or_assessment() -> None:
    no_plan = history(assessment(B, obs()))
    assert only(
        history_audit(no_plan, CheckContext.at(AUDIT_AT, DEFAULT)), "RISK-SAFETY-PLAN-MISSING"
    ).path == ("$.assessments[0].safety_plan")
    event = RiskEvent(event_id="E1", kind=EventKind.INCIDENT, on=date(2026, 11, 1))
    assert codes(history_audit(history(events=(event,)), CheckContext.at(AUDIT_AT, DEFAULT))) == [
        "RISK-REASSESSMENT-AFTER-INCIDENT"
    ]
    assert current_safety_plan(no_plan) is None


def test_one_record_checks_are_its_rules_and_its_audit() -> None:
    """check_assessment and check_history: a date means the start of that day in London."""
    ctx = CheckContext.at(datetime(2026, 11, 23, tzinfo=UTC), DEFAULT)
    case = assessment(B, obs(domain="fire-setting"), review_on=date(2026, 11, 20))
    expected = [*assessment_rules(case, DEFAULT), *assessment_audit(case, ctx)]
    assert codes(expected) == [
        "RISK-DOMAIN-UNKNOWN",
        "RISK-SAFETY-PLAN-MISSING",
        "RISK-ASSESSMENT-REVIEW-OVERDUE",
    ]
    assert list(check_assessment(case, date(2026, 11, 23))) == expected
    whole = history(case, assessment(A, obs()))
    expected = [*history_rules(whole, DEFAULT), *history_audit(whole, ctx)]
    assert list(check_history(whole, date(2026, 11, 23), DEFAULT)) == expected


# -- consistency rules -----------------------------------------------------------------------


def test_domains_are_data_and_a_trust_can_add_its_own() -> None:
    case = assessment(AS_OF, obs("fire-setting"))
    assert codes(assessment_rules(case, DEFAULT)) == ["RISK-DOMAIN-UNKNOWN"]
    trust = policy(extra_domains=[{"code": "fire-setting", "label": "Fire setting"}])
    assert list(assessment_rules(case, trust)) == []
    assert risk_domains(trust).find("fire-setting", AS_OF) is not None
    assert RISK_DOMAINS.find("fire-setting", AS_OF) is None


@pytest.mark.parametrize(
    "extra",
    [
        [{"code": "suicide", "label": "again"}],
        [{"code": "x", "label": "a"}, {"code": "x", "label": "b"}],
    ],
)
def test_trust_domains_must_not_clash(extra: list[dict[str, str]]) -> None:
    with pytest.raises(PolicyError):
        risk_domains(policy(extra_domains=extra))


def test_ratings_must_name_a_known_scale_and_one_of_its_levels() -> None:
    unknown = assessment(AS_OF, obs("suicide", 2, scale="face-adult", version="7"))
    assert codes(assessment_rules(unknown, DEFAULT)) == ["RISK-SCALE-UNKNOWN"]
    off = assessment(AS_OF, obs("suicide", 5))
    found = only(assessment_rules(off, DEFAULT), "RISK-RATING-OFF-SCALE")
    assert (found.path, found.severity) == ("$.observations[0].rating.level", Severity.ERROR)
    trust = policy(
        rating_scales=[
            {
                "scale_id": "face-adult",
                "version": "7",
                "title": "Licensed tool (labels from the licensee)",
                "levels": [{"value": n, "label": f"licensee label {n}"} for n in range(5)],
            }
        ]
    )
    assert list(assessment_rules(unknown, trust)) == []
    scale = rating_scales(trust).lookup(("face-adult", "7"), AS_OF)
    assert scale.label_of(2) == "licensee label 2"
    assert scale.source.evidence is Evidence.SECONDARY


@pytest.mark.parametrize(
    "levels",
    [
        [{"value": 1, "label": "a"}, {"value": 1, "label": "b"}],
    ],
)
def test_a_trust_scale_with_repeated_levels_is_refused(levels: list[dict[str, Any]]) -> None:
    trust = policy(
        rating_scales=[{"scale_id": "bad", "version": "1", "title": "Bad", "levels": levels}]
    )
    with pytest.raises(PolicyError, match=r"risk\.rating_scales"):
        rating_scales(trust)


def test_a_trust_scale_may_not_reuse_a_shipped_key() -> None:
    trust = policy(
        rating_scales=[
            {
                "scale_id": "generic-ordinal",
                "version": "1",
                "title": "Clash",
                "levels": [{"value": 0, "label": "a"}, {"value": 1, "label": "b"}],
            }
        ]
    )
    with pytest.raises(PolicyError):
        rating_scales(trust)


def test_repeated_domain_and_contradictory_dates() -> None:
    case = SafetyAssessment(
        assessment_id="RA-1",
        person_id="P007",
        assessed_on=date(2026, 11, 9),
        assessor_staff_id="S001",
        context=AssessmentContext.AFTER_INCIDENT,
        observations=(obs("suicide"), obs("suicide", incident=date(2026, 11, 10))),
        safety_plan=plan(updated=date(2026, 11, 9), review_by=date(2026, 11, 1)),
        review_on=date(2026, 11, 1),
    )
    found = list(assessment_rules(case, DEFAULT))
    assert sorted((f.code, f.path) for f in found) == [
        ("RISK-DATES-INCONSISTENT", "$.observations[1].new_incident_on"),
        ("RISK-DATES-INCONSISTENT", "$.review_on"),
        ("RISK-DATES-INCONSISTENT", "$.safety_plan.review_by"),
        ("RISK-DOMAIN-REPEATED", "$.observations[1].domain"),
    ]


def test_history_rules_check_person_duplicates_and_each_assessment() -> None:
    case = history(
        assessment(A, obs("fire-setting"), aid="RA-1"),
        assessment(B, obs(), aid="RA-1"),
        assessment(B, obs(), aid="RA-2", person="P001"),
    )
    found = list(history_rules(case, DEFAULT))
    assert sorted((f.code, f.path) for f in found) == [
        ("RISK-DOMAIN-UNKNOWN", "$.assessments[0].observations[0].domain"),
        ("RISK-HISTORY-DUPLICATE-ASSESSMENT", "$.assessments[1].assessment_id"),
        ("RISK-HISTORY-OTHER-PERSON", "$.assessments[2].person_id"),
    ]
    assert {f.subject_id for f in found} == {"P007", "RA-1"}


# -- rating scales as data -------------------------------------------------------------------


def test_shipped_scales_are_generic_or_clearly_synthetic() -> None:
    """Reference rule 5: no proprietary wording (FACE is (c) Imosphere)."""
    generic = RATING_SCALES.lookup(("generic-ordinal", "1"), AS_OF)
    example = RATING_SCALES.lookup(("example-synthetic", "0"), AS_OF)
    assert not generic.example
    assert example.example
    assert all("synthetic" in level.label for level in example.levels)
    words = " ".join(level.label.lower() for s in RATING_SCALES for level in s.levels)
    for proprietary in ("apparent", "significant", "serious", "imminent", "face"):
        assert proprietary not in words
    assert generic.rises(0, 4)
    assert not generic.rises(4, 0)
    assert not generic.rises(0, 9)
    assert generic.label_of(9) is None
    assert example.level_labels.startswith("1: example level A (synthetic); 2: ")


def test_a_scale_needs_two_distinct_levels() -> None:
    with pytest.raises(CpaCoreError):
        RatingScaleRow(
            scale_id="x",
            version="1",
            title="x",
            levels=(ScaleLevel(value=1, label="a"),),
            source=_ENGINEERING,
            effective=RATING_SCALES.rows[0].effective,
        )


def test_policy_defaults_are_marked_engineering_defaults() -> None:
    """Every window is a local choice no national document sets: unverified defaults."""
    import attrs

    from cpa_core.policy import setting_source

    for field in attrs.fields(RiskPolicy):
        source = setting_source(field)
        assert source is not None, field.name
        assert source.evidence is Evidence.UNVERIFIED, field.name


@pytest.mark.parametrize(
    ("code", "later"),
    [
        ("RISK-RATING-ROSE", obs("self-neglect", 3)),
        ("RISK-DOMAIN-NEWLY-RATED", obs("self-neglect", 1, incident=None)),
        ("RISK-NEW-INCIDENT", obs("self-harm", incident=date(2026, 11, 8))),
    ],
)
def test_each_change_rule_follows_the_trusts_window(code: str, later: DomainObservation) -> None:
    """Every change rule: due change_review_days after the assessment recording it; the
    default 7 days ([U], cpa_core engineering default) and a Trust's 21."""
    first = obs("self-neglect", 1) if code == "RISK-RATING-ROSE" else obs("suicide", 1)
    case = history(assessment(A, first, safety_plan=plan(updated=A)), assessment(B, later))
    as_of = date(2026, 11, 20)
    default = only(changes(case, as_of, DEFAULT), code)
    assert (default.due, default.severity) == (date(2026, 11, 16), Severity.WARNING)
    trust = only(changes(case, as_of, policy(change_review_days=21)), code)
    assert (trust.due, trust.severity) == (date(2026, 11, 30), Severity.INFO)
