"""Capacity assessments: the two-stage test of MCA 2005 ss1–3 and its consistency rules."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs
from capacity_factories import assessment
from hypothesis import given
from hypothesis import strategies as st

from cpa_core.capacity import (
    ABILITIES,
    CAPACITY_TEST,
    Ability,
    AbilityEvidence,
    AbilityResult,
    CapacityAssessment,
    CapacityOutcome,
    DecisionArea,
    Impairment,
    age_at_least,
    capacity_assessment_rules,
    capacity_status,
    grounds_missing,
)
from cpa_core.findings import Severity
from cpa_core.policy import TrustPolicy

POLICY = TrustPolicy()


def codes(record: CapacityAssessment) -> list[str]:
    return [f.code for f in capacity_assessment_rules(record, POLICY)]


def test_complete_lacks_capacity_is_clean() -> None:
    # MCA 2005 s2(1) + s3(1): impairment, one failed ability, causal link.
    record = assessment()
    assert codes(record) == []
    assert capacity_status(record) is CapacityOutcome.LACKS_CAPACITY
    assert grounds_missing(record) == ()


def test_lacks_without_impairment() -> None:
    # s2(1): no impairment or disturbance, no lack of capacity.
    for impairment in (None, Impairment(present=False)):
        record = assessment(impairment=impairment)
        assert codes(record) == ["MCA-LACKS-NO-IMPAIRMENT"]
        assert capacity_status(record) is CapacityOutcome.UNDETERMINED


def test_lacks_without_failed_ability() -> None:
    # s3(1): inability to do at least one of the four.
    abilities = tuple(
        AbilityEvidence(ability=a, result=AbilityResult.ABLE, evidence="ok") for a in Ability
    )
    assert codes(assessment(abilities=abilities)) == ["MCA-LACKS-NO-FAILED-ABILITY"]


def test_lacks_without_causal_link() -> None:
    # s2(1) "because of": None (not recorded) and False both fail.
    for link in (None, False):
        assert codes(assessment(causal_link=link)) == ["MCA-LACKS-NO-CAUSAL-LINK"]


def test_has_capacity_contradicted_by_its_evidence() -> None:
    record = assessment(outcome=CapacityOutcome.HAS_CAPACITY)
    assert codes(record) == ["MCA-HAS-CAPACITY-CONTRADICTED"]
    assert capacity_status(record) is CapacityOutcome.HAS_CAPACITY


def test_has_capacity_with_failed_ability_and_link_is_contradictory_even_without_stage_1() -> None:
    record = assessment(outcome=CapacityOutcome.HAS_CAPACITY, impairment=None)
    assert codes(record) == ["MCA-HAS-CAPACITY-CONTRADICTED"]


def test_has_capacity_with_failed_ability_but_no_causal_link_is_consistent() -> None:
    # Inability that is not caused by the impairment is not incapacity under s2(1).
    assert codes(assessment(outcome=CapacityOutcome.HAS_CAPACITY, causal_link=False)) == []


def test_unwise_decision_never_by_itself_a_ground() -> None:
    # s1(4): an error when the test is otherwise not met, a warning when it is.
    alone = [
        f
        for f in capacity_assessment_rules(
            assessment(unwise_decision_cited=True, causal_link=None), POLICY
        )
        if f.code == "MCA-UNWISE-DECISION-GROUND"
    ]
    assert [f.severity for f in alone] == [Severity.ERROR]
    beside = [
        f
        for f in capacity_assessment_rules(assessment(unwise_decision_cited=True), POLICY)
        if f.code == "MCA-UNWISE-DECISION-GROUND"
    ]
    assert [f.severity for f in beside] == [Severity.WARNING]


def test_support_must_be_recorded_before_lacks_capacity() -> None:
    # s1(3): all practicable steps to help the person decide.
    assert codes(assessment(support_given=())) == ["MCA-NO-SUPPORT-RECORDED"]


def test_each_ability_recorded_separately() -> None:
    only_retain = (
        AbilityEvidence(ability=Ability.RETAIN, result=AbilityResult.UNABLE, evidence="x"),
    )
    found = list(capacity_assessment_rules(assessment(abilities=only_retain), POLICY))
    assert [f.code for f in found] == ["MCA-ABILITY-NOT-RECORDED"] * 3
    assert {f.source for f in found} == {
        ABILITIES.lookup(a, date(2026, 1, 1)).source
        for a in (Ability.UNDERSTAND, Ability.USE_OR_WEIGH, Ability.COMMUNICATE)
    }


def test_duplicate_ability_and_missing_evidence() -> None:
    twice = (
        AbilityEvidence(ability=Ability.RETAIN, result=AbilityResult.UNABLE),
        AbilityEvidence(ability=Ability.RETAIN, result=AbilityResult.ABLE, evidence="x"),
        AbilityEvidence(ability=Ability.UNDERSTAND, result=AbilityResult.ABLE),
        AbilityEvidence(ability=Ability.USE_OR_WEIGH, result=AbilityResult.ABLE),
        AbilityEvidence(ability=Ability.COMMUNICATE, result=AbilityResult.ABLE),
    )
    found = codes(assessment(abilities=twice))
    assert sorted(found) == ["MCA-ABILITY-DUPLICATE", "MCA-ABILITY-NO-EVIDENCE"]


def test_under_16_is_outside_the_act() -> None:
    # s2(5): Gillick applies instead; flagged, never an error.
    young = assessment(date_of_birth=date(2011, 5, 2))
    found = [f for f in capacity_assessment_rules(young, POLICY) if f.code == "MCA-UNDER-16"]
    assert [f.severity for f in found] == [Severity.WARNING]
    assert "Gillick" in found[0].message
    # s18(3): property and affairs may still be within the court's powers.
    prop = assessment(
        date_of_birth=date(2011, 5, 2), decision_area=DecisionArea.PROPERTY_AND_AFFAIRS
    )
    found = [f for f in capacity_assessment_rules(prop, POLICY) if f.code == "MCA-UNDER-16"]
    assert [f.severity for f in found] == [Severity.INFO]


def test_sixteenth_birthday_is_inside_the_act() -> None:
    # Assessed 2026-05-01 on the 16th birthday: the Act applies.
    assert "MCA-UNDER-16" not in codes(assessment(date_of_birth=date(2010, 5, 1)))
    assert "MCA-UNDER-16" in codes(assessment(date_of_birth=date(2010, 5, 2)))


def test_age_counts_leap_day_birthdays_by_calendar_months_never_short() -> None:
    assert age_at_least(date(2008, 2, 29), 18, date(2026, 3, 1))
    assert not age_at_least(date(2008, 2, 29), 18, date(2026, 2, 28))
    assert age_at_least(date(2008, 5, 31), 18, date(2026, 5, 31))
    assert not age_at_least(date(2008, 5, 31), 18, date(2026, 5, 30))


def test_undetermined_outcome_is_reported_as_undetermined() -> None:
    assert capacity_status(assessment(outcome=CapacityOutcome.UNDETERMINED)) is (
        CapacityOutcome.UNDETERMINED
    )


def test_rules_cite_the_statute() -> None:
    assert CAPACITY_TEST.lookup("impairment", date(2026, 1, 1)).source.locator.startswith("s2(1)")
    assert CAPACITY_TEST.find("impairment", date(2007, 9, 30)) is None  # before commencement


# -- Property: never "lacks capacity" without impairment, a failed ability and the link ----

abilities = st.lists(
    st.builds(
        AbilityEvidence,
        ability=st.sampled_from(Ability),
        result=st.sampled_from(AbilityResult),
        evidence=st.none() | st.just("seen"),
    ),
    max_size=6,
).map(tuple)

assessments = st.builds(
    CapacityAssessment,
    assessment_id=st.just("A"),
    person_id=st.just("P"),
    date_of_birth=st.none() | st.dates(date(1920, 1, 1), date(2026, 1, 1)),
    decision=st.just("d"),
    decision_area=st.sampled_from(DecisionArea),
    assessed_at=st.datetimes(datetime(2000, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)),
    assessor_staff_id=st.just("S"),
    support_given=st.sampled_from(((), ("help",))),
    impairment=st.none() | st.builds(Impairment, present=st.booleans()),
    abilities=abilities,
    causal_link=st.none() | st.booleans(),
    unwise_decision_cited=st.booleans(),
    outcome=st.sampled_from(CapacityOutcome),
)


def _has_grounds(record: CapacityAssessment) -> bool:
    failed = any(a.result is AbilityResult.UNABLE for a in record.abilities)
    impaired = record.impairment is not None and record.impairment.present
    return impaired and failed and record.causal_link is True


@given(assessments)
def test_never_lacks_capacity_without_grounds(record: CapacityAssessment) -> None:
    if capacity_status(record) is CapacityOutcome.LACKS_CAPACITY:
        assert _has_grounds(record)


@given(assessments)
def test_recorded_lacks_without_grounds_is_always_an_error(record: CapacityAssessment) -> None:
    record = attrs.evolve(record, outcome=CapacityOutcome.LACKS_CAPACITY)
    errors = [
        f
        for f in capacity_assessment_rules(record, POLICY)
        if f.severity is Severity.ERROR and f.code.startswith("MCA-LACKS-")
    ]
    assert bool(errors) is not _has_grounds(record)
