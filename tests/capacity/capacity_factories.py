"""Record builders for the capacity tests: a complete, clean record of each kind."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs

from cpa_core.capacity import (
    Ability,
    AbilityEvidence,
    AbilityResult,
    AdvanceDecision,
    BestInterestsDecision,
    CapacityAssessment,
    CapacityBasis,
    CapacityOutcome,
    CareSetting,
    ChecklistEntry,
    ChecklistItem,
    ChecklistStatus,
    ConsentDecision,
    ConsentRecord,
    ConsentType,
    Consultee,
    ConsulteeRole,
    DecisionArea,
    DolsAssessmentKind,
    DolsAuthorisation,
    DolsType,
    Impairment,
    InformationElement,
    LastingPowerOfAttorney,
    LpaType,
    SharingPurpose,
    SharingScope,
)

ADULT_DOB = date(1960, 1, 1)


def assessment(**changes: Any) -> CapacityAssessment:
    """A lacks-capacity assessment with every element of ss2–3 recorded."""
    base = CapacityAssessment(
        assessment_id="A1",
        person_id="P1",
        date_of_birth=ADULT_DOB,
        decision="Where to live",
        decision_area=DecisionArea.ACCOMMODATION,
        assessed_at=datetime(2026, 5, 1, 10, tzinfo=UTC),
        assessor_staff_id="S1",
        support_given=("Pictures of both homes",),
        impairment=Impairment(present=True, description="Dementia"),
        abilities=tuple(
            AbilityEvidence(
                ability=a,
                result=AbilityResult.UNABLE if a is Ability.RETAIN else AbilityResult.ABLE,
                evidence="observed",
            )
            for a in Ability
        ),
        causal_link=True,
        outcome=CapacityOutcome.LACKS_CAPACITY,
    )
    return attrs.evolve(base, **changes)


def full_checklist() -> tuple[ChecklistEntry, ...]:
    return tuple(ChecklistEntry(item=i, status=ChecklistStatus.CONSIDERED) for i in ChecklistItem)


def best_interests(**changes: Any) -> BestInterestsDecision:
    base = BestInterestsDecision(
        decision_id="B1",
        person_id="P1",
        decision="Dental extraction",
        decision_area=DecisionArea.TREATMENT,
        treatment="extraction",
        decided_on=date(2026, 5, 2),
        decision_maker_staff_id="S1",
        capacity_assessment_id="A1",
        checklist=full_checklist(),
        consulted=(Consultee(role=ConsulteeRole.CARER, reference="C1"),),
        less_restrictive_considered=True,
    )
    return attrs.evolve(base, **changes)


def lpa(**changes: Any) -> LastingPowerOfAttorney:
    base = LastingPowerOfAttorney(
        lpa_id="L1",
        person_id="P1",
        donor_date_of_birth=ADULT_DOB,
        lpa_type=LpaType.HEALTH_AND_WELFARE,
        made_on=date(2020, 1, 1),
        donor_had_capacity=True,
        registered_on=date(2020, 3, 1),
        attorney_ids=("ATT1",),
    )
    return attrs.evolve(base, **changes)


def adrt(**changes: Any) -> AdvanceDecision:
    base = AdvanceDecision(
        adrt_id="D1",
        person_id="P1",
        date_of_birth=ADULT_DOB,
        made_on=date(2021, 1, 1),
        had_capacity_when_made=True,
        treatments_refused=("extraction",),
        in_writing=True,
    )
    return attrs.evolve(base, **changes)


def dols(**changes: Any) -> DolsAuthorisation:
    base = DolsAuthorisation(
        authorisation_id="DL1",
        person_id="P1",
        date_of_birth=ADULT_DOB,
        authorisation_type=DolsType.STANDARD,
        setting=CareSetting.CARE_HOME,
        managing_authority="CH1",
        supervisory_body="LA1",
        given_on=date(2026, 1, 15),
        expires_on=date(2027, 1, 14),
        assessments=tuple(DolsAssessmentKind),
    )
    return attrs.evolve(base, **changes)


def consent(**changes: Any) -> ConsentRecord:
    base = ConsentRecord(
        consent_id="C1",
        person_id="P1",
        date_of_birth=ADULT_DOB,
        consent_type=ConsentType.INFORMATION_SHARING,
        decision=ConsentDecision.GIVEN,
        recorded_on=date(2026, 1, 10),
        staff_id="S1",
        voluntary=True,
        capacity_basis=CapacityBasis.PRESUMED,
        sharing=SharingScope(
            categories=("care-plan", "risk-summary"),
            recipients=("GP",),
            purposes=(SharingPurpose.DIRECT_CARE,),
            expires_on=date(2026, 12, 31),
            caldicott_principles=(3, 7),
        ),
    )
    return attrs.evolve(base, **changes)


def treatment_consent(**changes: Any) -> ConsentRecord:
    values: dict[str, Any] = {
        "consent_type": ConsentType.TREATMENT,
        "sharing": None,
        "treatment": "lithium",
        "informed": tuple(InformationElement),
    }
    values.update(changes)
    return consent(**values)
