"""Best interests (s4), IMCA duty (ss37–39A), LPAs (ss9–14) and advance decisions (ss24–26)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest
from capacity_factories import adrt, best_interests, full_checklist, lpa

from cpa_core.capacity import (
    ADRT_RULES,
    DOMAIN,
    IMCA_STAY_THRESHOLDS,
    LPA_RULES,
    AccommodationSetting,
    AdvanceDecision,
    BestInterestsDecision,
    ChecklistEntry,
    ChecklistItem,
    ChecklistStatus,
    Consultee,
    ConsulteeRole,
    DecisionArea,
    ImcaCase,
    ImcaDecision,
    LastingPowerOfAttorney,
    LpaType,
    adrt_applicability,
    adrt_validity,
    advance_decision_audit,
    advance_decision_rules,
    best_interests_conflicts,
    best_interests_decision_rules,
    imca_duty,
    lpa_audit,
    lpa_authority,
    lpa_rules,
    superseded_advance_decisions,
)
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import Evidence
from cpa_core.records import Located

POLICY = TrustPolicy()
ON = date(2026, 5, 2)
AS_OF = datetime(2026, 11, 23, 12, tzinfo=UTC)


def bi_codes(record: BestInterestsDecision) -> list[str]:
    return [f.code for f in best_interests_decision_rules(record, POLICY)]


# -- Best interests: s4 checklist, s1(6), conflicts ------------------------------------------


def test_complete_decision_is_clean() -> None:
    assert bi_codes(best_interests()) == []


@pytest.mark.parametrize("item", list(ChecklistItem), ids=lambda i: i.value)
def test_every_checklist_item_is_required(item: ChecklistItem) -> None:
    # s4(1)–(7): each item considered or recorded as not relevant.
    checklist = tuple(e for e in full_checklist() if e.item is not item)
    assert bi_codes(best_interests(checklist=checklist)) == ["MCA-BI-CHECKLIST-MISSING"]


def test_not_relevant_needs_a_reason() -> None:
    entry = ChecklistEntry(
        item=ChecklistItem.REGAINING_CAPACITY, status=ChecklistStatus.NOT_RELEVANT
    )
    checklist = (*(e for e in full_checklist() if e.item is not entry.item), entry)
    assert bi_codes(best_interests(checklist=checklist)) == ["MCA-BI-NOT-RELEVANT-NO-REASON"]
    with_reason = ChecklistEntry(item=entry.item, status=entry.status, note="permanent condition")
    checklist = (*(e for e in full_checklist() if e.item is not entry.item), with_reason)
    assert bi_codes(best_interests(checklist=checklist)) == []


def test_life_sustaining_cannot_mark_s4_5_not_relevant() -> None:
    # s4(5): not motivated by a desire to bring about death.
    item = ChecklistItem.LIFE_SUSTAINING_MOTIVE
    entry = ChecklistEntry(item=item, status=ChecklistStatus.NOT_RELEVANT, note="n/a")
    checklist = (*(e for e in full_checklist() if e.item is not item), entry)
    assert bi_codes(best_interests(checklist=checklist)) == []
    assert bi_codes(best_interests(checklist=checklist, life_sustaining=True)) == [
        "MCA-BI-LIFE-SUSTAINING"
    ]


def test_consultation_less_restrictive_assessment_and_deputy() -> None:
    assert bi_codes(best_interests(consulted=())) == ["MCA-BI-NO-CONSULTATION"]  # s4(7)
    assert bi_codes(best_interests(less_restrictive_considered=False)) == [
        "MCA-BI-LESS-RESTRICTIVE"  # s1(6)
    ]
    assert bi_codes(best_interests(capacity_assessment_id=None)) == ["MCA-BI-NO-ASSESSMENT"]
    assert bi_codes(best_interests(deputy_with_authority=True)) == ["MCA-BI-CONFLICT-DEPUTY"]


def test_conflict_with_a_valid_lpa() -> None:
    # s11(7)(a): a registered health and welfare LPA operates when the donor lacks capacity.
    found = [f.code for f in best_interests_conflicts(best_interests(), lpas=[lpa()])]
    assert found == ["MCA-BI-CONFLICT-LPA"]
    unregistered = lpa(registered_on=None)
    assert list(best_interests_conflicts(best_interests(), lpas=[unregistered])) == []
    other_person = lpa(person_id="P2")
    assert list(best_interests_conflicts(best_interests(), lpas=[other_person])) == []
    money = best_interests(decision_area=DecisionArea.PROPERTY_AND_AFFAIRS)
    assert list(best_interests_conflicts(money, lpas=[lpa()])) == []


def test_conflict_with_a_valid_applicable_advance_decision() -> None:
    # s26(1): a valid, applicable ADRT has effect as a refusal.
    found = [f.code for f in best_interests_conflicts(best_interests(), advance_decisions=[adrt()])]
    assert found == ["MCA-BI-CONFLICT-ADRT"]
    withdrawn = adrt(withdrawn_on=date(2022, 1, 1))
    assert list(best_interests_conflicts(best_interests(), advance_decisions=[withdrawn])) == []
    other = adrt(treatments_refused=("ect",))
    assert list(best_interests_conflicts(best_interests(), advance_decisions=[other])) == []
    no_treatment = best_interests(treatment=None)
    assert list(best_interests_conflicts(no_treatment, advance_decisions=[adrt()])) == []
    stranger = adrt(person_id="P9")
    assert list(best_interests_conflicts(best_interests(), advance_decisions=[stranger])) == []


# -- IMCA duty: ss37–39A, thresholds and exclusions --------------------------------------------


def smt(**changes: object) -> ImcaCase:
    values: dict[str, object] = {
        "decision": ImcaDecision.SERIOUS_MEDICAL_TREATMENT,
        "appropriate_person_to_consult": False,
    }
    values.update(changes)
    return ImcaCase(**values)  # type: ignore[arg-type]


def test_s37_serious_medical_treatment_requires_imca() -> None:
    duty = imca_duty(smt(), lacks_capacity=True, on=ON)
    assert duty.required
    assert duty.reasons == ("qualifying",)
    assert duty.source.locator == "s37"


def test_no_duty_when_someone_appropriate_to_consult_or_capacity() -> None:
    assert imca_duty(
        smt(appropriate_person_to_consult=True), lacks_capacity=True, on=ON
    ).reasons == ("someone-to-consult",)
    assert imca_duty(smt(), lacks_capacity=False, on=ON).reasons == ("has-capacity",)


@pytest.mark.parametrize(
    ("flag", "code", "locator"),
    [("mha_part4_regulated", "mha-part-4", "s37(2)"), ("urgent", "urgent", "s37(4)")],
)
def test_s37_exclusions(flag: str, code: str, locator: str) -> None:
    duty = imca_duty(smt(**{flag: True}), lacks_capacity=True, on=ON)
    assert not duty.required
    assert duty.exclusions == (code,)
    record = best_interests(imca=smt(**{flag: True}))
    found = list(best_interests_decision_rules(record, POLICY))
    assert [f.code for f in found] == ["MCA-IMCA-EXCLUDED"]
    assert found[0].source is not None
    assert found[0].source.locator == locator


def accommodation(setting: AccommodationSetting, last: date, **changes: object) -> ImcaCase:
    values: dict[str, object] = {
        "decision": ImcaDecision.NHS_ACCOMMODATION,
        "setting": setting,
        "stay_starts_on": date(2026, 5, 1),
        "stay_expected_until": last,
        "appropriate_person_to_consult": False,
    }
    values.update(changes)
    return ImcaCase(**values)  # type: ignore[arg-type]


def test_s38_hospital_stay_not_less_than_28_days() -> None:
    # s38(3)(a), (4): no duty only when the stay is likely to be *less than* the applicable
    # period of 28 days beginning with the first day (1-28 May 2026).
    key = (ImcaDecision.NHS_ACCOMMODATION, AccommodationSetting.HOSPITAL)
    assert IMCA_STAY_THRESHOLDS.lookup(key, ON).threshold_days == 28
    short = accommodation(AccommodationSetting.HOSPITAL, date(2026, 5, 27))
    whole = accommodation(AccommodationSetting.HOSPITAL, date(2026, 5, 28))
    assert imca_duty(short, lacks_capacity=True, on=ON).reasons == ("stay-below-threshold",)
    assert imca_duty(whole, lacks_capacity=True, on=ON).required


def test_s38_care_home_stay_not_less_than_8_weeks() -> None:
    # 8 weeks beginning with 1 May 2026 end with 25 June.
    short = accommodation(AccommodationSetting.CARE_HOME, date(2026, 6, 24))
    whole = accommodation(AccommodationSetting.CARE_HOME, date(2026, 6, 25))
    assert not imca_duty(short, lacks_capacity=True, on=ON).required
    assert imca_duty(whole, lacks_capacity=True, on=ON).required


def test_s39_local_authority_residential_accommodation_8_weeks() -> None:
    la = ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION
    short = accommodation(AccommodationSetting.OTHER, date(2026, 6, 24), decision=la)
    whole = accommodation(AccommodationSetting.OTHER, date(2026, 6, 25), decision=la)
    assert not imca_duty(short, lacks_capacity=True, on=ON).required
    duty = imca_duty(whole, lacks_capacity=True, on=ON)
    assert duty.required
    assert duty.source.locator == "s39"


def test_urgent_accommodation_is_excluded() -> None:
    # s38(3)(b): arrangements needed as a matter of urgency.
    case = accommodation(AccommodationSetting.HOSPITAL, date(2027, 1, 1), urgent=True)
    duty = imca_duty(case, lacks_capacity=True, on=ON)
    assert not duty.required
    assert duty.exclusions == ("urgent-accommodation",)


def test_accommodation_without_setting_or_dates() -> None:
    other = accommodation(AccommodationSetting.OTHER, date(2027, 1, 1))
    assert imca_duty(other, lacks_capacity=True, on=ON).reasons == ("not-a-qualifying-setting",)
    nowhere = attrs.evolve(
        accommodation(AccommodationSetting.HOSPITAL, date(2027, 1, 1)), setting=None
    )
    assert imca_duty(nowhere, lacks_capacity=True, on=ON).reasons == ("not-a-qualifying-setting",)
    unknown = accommodation(
        AccommodationSetting.HOSPITAL, date(2027, 1, 1), stay_expected_until=None
    )
    assert imca_duty(unknown, lacks_capacity=True, on=ON).reasons == ("stay-unknown",)


def test_mha_residence_excludes_accommodation_duty() -> None:
    case = accommodation(
        AccommodationSetting.HOSPITAL, date(2027, 1, 1), residence_required_by_mha=True
    )
    duty = imca_duty(case, lacks_capacity=True, on=ON)
    assert not duty.required
    assert duty.exclusions == ("mha-residence",)


def test_s39a_dols_standard_request_and_discretionary_cases() -> None:
    dols = ImcaCase(
        decision=ImcaDecision.DOLS_STANDARD_REQUEST, appropriate_person_to_consult=False
    )
    assert imca_duty(dols, lacks_capacity=True, on=ON).required
    for decision in (ImcaDecision.CARE_REVIEW, ImcaDecision.SAFEGUARDING):
        duty = imca_duty(
            ImcaCase(decision=decision, appropriate_person_to_consult=False),
            lacks_capacity=True,
            on=ON,
        )
        assert duty.discretionary
        assert not duty.required
        # SI 2006/2883 regs 3-5: a local authority or NHS body *may* instruct an IMCA.
        assert duty.source.url.startswith("https://www.legislation.gov.uk/uksi/2006/2883")


def test_no_s39a_check_before_schedule_a1() -> None:
    dols = ImcaCase(
        decision=ImcaDecision.DOLS_STANDARD_REQUEST, appropriate_person_to_consult=False
    )
    assert bi_codes(best_interests(imca=dols, decided_on=date(2008, 6, 1))) == []
    assert bi_codes(best_interests(imca=dols)) == ["MCA-IMCA-NOT-INSTRUCTED"]


def test_imca_not_instructed_finding_and_instructed_cases() -> None:
    found = list(best_interests_decision_rules(best_interests(imca=smt()), POLICY))
    assert [f.code for f in found] == ["MCA-IMCA-NOT-INSTRUCTED"]
    assert found[0].due == date(2026, 5, 2)
    assert bi_codes(best_interests(imca=smt(imca_instructed_on=date(2026, 5, 1)))) == []
    with_imca = (*best_interests().consulted, Consultee(role=ConsulteeRole.IMCA, reference="I1"))
    assert bi_codes(best_interests(imca=smt(), consulted=with_imca)) == []


def test_stay_dates_must_be_ordered() -> None:
    with pytest.raises(CpaCoreError):
        accommodation(AccommodationSetting.HOSPITAL, date(2026, 4, 1))


# -- LPA: ss9–14 --------------------------------------------------------------------------------


def test_valid_lpa_gives_authority() -> None:
    assert lpa_authority(lpa(), ON, donor_lacks_capacity=True) == ()
    assert list(lpa_rules(lpa(), POLICY)) == []


@pytest.mark.parametrize(
    ("changes", "kwargs", "failed"),
    [
        ({"donor_date_of_birth": date(2002, 1, 2)}, {}, "donor-adult"),  # s9(2)(c)
        ({"donor_had_capacity": False}, {}, "donor-capacity"),  # s9(2)(c)
        ({"registered_on": None}, {}, "registered"),  # s9(2)(b)
        ({"registered_on": date(2026, 6, 1)}, {}, "registered"),  # not yet on the day
        ({"revoked_on": date(2025, 1, 1)}, {}, "not-revoked"),  # s13
        ({"lpa_type": LpaType.PROPERTY_AND_FINANCIAL_AFFAIRS}, {}, "health-and-welfare"),
        ({}, {"donor_lacks_capacity": False}, "donor-lacks-capacity"),  # s11(7)(a)
        ({}, {"life_sustaining": True}, "life-sustaining-express"),  # s11(8)
        ({"excluded_treatments": ("ect",)}, {"treatment": "ect"}, "treatment-not-excluded"),
    ],
)
def test_lpa_rules(changes: dict[str, object], kwargs: dict[str, object], failed: str) -> None:
    args: dict[str, object] = {"donor_lacks_capacity": True}
    args.update(kwargs)
    assert failed in lpa_authority(lpa(**changes), ON, **args)  # type: ignore[arg-type]


def test_lpa_life_sustaining_with_express_authority() -> None:
    record = lpa(life_sustaining_authority=True)
    assert lpa_authority(record, ON, donor_lacks_capacity=True, life_sustaining=True) == ()


def test_lpa_subject_to_later_advance_decision() -> None:
    # s11(7)(b): a valid ADRT made after the LPA limits the attorney's authority.
    later = adrt(made_on=date(2021, 6, 1))
    failed = lpa_authority(
        lpa(), ON, donor_lacks_capacity=True, treatment="extraction", advance_decisions=[later]
    )
    assert failed == ("subject-to-advance-decision",)
    earlier = adrt(made_on=date(2019, 6, 1))
    assert (
        lpa_authority(
            lpa(),
            ON,
            donor_lacks_capacity=True,
            treatment="extraction",
            advance_decisions=[earlier],
        )
        == ()
    )


def test_lpa_record_rules_and_audit() -> None:
    assert [f.code for f in lpa_rules(lpa(donor_date_of_birth=date(2003, 1, 1)), POLICY)] == [
        "MCA-LPA-DONOR-UNDER-18"
    ]
    assert [f.code for f in lpa_rules(lpa(donor_had_capacity=False), POLICY)] == [
        "MCA-LPA-NO-CAPACITY"
    ]
    assert [f.code for f in lpa_rules(lpa(registered_on=date(2019, 1, 1)), POLICY)] == [
        "MCA-LPA-DATES"
    ]
    assert [f.code for f in lpa_audit(lpa(registered_on=None), CheckContext.at(AS_OF, POLICY))] == [
        "MCA-LPA-NOT-REGISTERED"
    ]
    assert list(lpa_audit(lpa(), CheckContext.at(AS_OF, POLICY))) == []
    revoked = lpa(registered_on=None, revoked_on=date(2025, 1, 1))
    assert list(lpa_audit(revoked, CheckContext.at(AS_OF, POLICY))) == []
    with pytest.raises(CpaCoreError):
        lpa(revoked_on=date(2019, 1, 1))


# -- Advance decisions: ss24–26 -----------------------------------------------------------------


def test_valid_adrt() -> None:
    assert adrt_validity(adrt(), ON) == ()
    assert list(advance_decision_rules(adrt(), POLICY)) == []


@pytest.mark.parametrize(
    ("changes", "failed", "code"),
    [
        ({"date_of_birth": date(2003, 1, 2)}, "made-adult", "MCA-ADRT-UNDER-18"),  # s24(1)
        ({"had_capacity_when_made": False}, "made-with-capacity", "MCA-ADRT-NO-CAPACITY"),
        ({"inconsistent_conduct": True}, "inconsistent-conduct", "MCA-ADRT-INCONSISTENT-CONDUCT"),
    ],
)
def test_adrt_validity_rules(changes: dict[str, object], failed: str, code: str) -> None:
    record = adrt(**changes)
    assert adrt_validity(record, ON) == (failed,)
    assert [f.code for f in advance_decision_rules(record, POLICY)] == [code]


def test_adrt_withdrawn() -> None:
    # s25(2)(a): withdrawn on or before the day.
    record = adrt(withdrawn_on=date(2026, 5, 2))
    assert adrt_validity(record, ON) == ("withdrawn",)
    assert adrt_validity(record, date(2026, 5, 1)) == ()
    assert [f.code for f in advance_decision_audit(record, CheckContext.at(AS_OF, POLICY))] == [
        "MCA-ADRT-WITHDRAWN"
    ]
    assert list(advance_decision_audit(adrt(), CheckContext.at(AS_OF, POLICY))) == []


def superseded(
    record: AdvanceDecision, on: date, *, lpas: list[LastingPowerOfAttorney]
) -> list[str]:
    """The caseload check across one advance decision and the LPAs, as of ``on``."""
    records: dict[str, list[Located[Any]]] = {
        "mca-advance-decision": [Located(record, "mca-advance-decision", "adrt.ndjson:1")],
        "mca-lpa": [Located(x, "mca-lpa", f"lpa.ndjson:{n}") for n, x in enumerate(lpas, 1)],
    }
    pairs = list(superseded_advance_decisions(records, CheckContext.at(on)))
    assert all(located is records["mca-advance-decision"][0] for located, _ in pairs)
    return [f.code for _, f in pairs]


def test_adrt_superseded_by_later_lpa() -> None:
    # s25(2)(b): a later registered LPA over the same treatment.
    later = lpa(made_on=date(2022, 1, 1), registered_on=date(2022, 2, 1))
    assert adrt_validity(adrt(), ON, lpas=[later]) == ("superseded-by-lpa",)
    assert superseded(adrt(), ON, lpas=[later]) == ["MCA-ADRT-SUPERSEDED"]
    assert adrt_validity(adrt(), ON, lpas=[lpa()]) == ()  # the LPA is earlier
    excluded = lpa(made_on=date(2022, 1, 1), excluded_treatments=("extraction",))
    assert adrt_validity(adrt(), ON, lpas=[excluded]) == ()
    assert superseded(adrt(), ON, lpas=[]) == []


def test_superseded_advance_decisions_is_a_caseload_check() -> None:
    # The audit runs it: another person's LPA, or one not registered by the day, is no match.
    assert superseded_advance_decisions in DOMAIN.caseload_checks
    later = lpa(made_on=date(2022, 1, 1), registered_on=date(2022, 2, 1))
    assert superseded(adrt(), ON, lpas=[attrs.evolve(later, person_id="P2")]) == []
    assert superseded(adrt(), date(2022, 1, 31), lpas=[later]) == []
    assert superseded(adrt(), date(2022, 2, 1), lpas=[later]) == ["MCA-ADRT-SUPERSEDED"]


def test_adrt_life_sustaining_formalities() -> None:
    # s25(5)–(6): statement, writing, signature, witness.
    bare = adrt(life_sustaining=True, in_writing=False)
    assert adrt_validity(bare, ON) == (
        "lst-statement",
        "lst-in-writing",
        "lst-signed",
        "lst-witnessed",
    )
    found = list(advance_decision_rules(bare, POLICY))
    assert {f.code for f in found} == {"MCA-ADRT-LST-FORMALITIES"}
    assert [f.source.locator for f in found if f.source] == [
        "s25(5)",
        "s25(6)(a)",
        "s25(6)(b)",
        "s25(6)(c)–(d)",
    ]
    complete = adrt(
        life_sustaining=True, signed=True, witnessed=True, states_even_if_life_at_risk=True
    )
    assert adrt_validity(complete, ON) == ()


def test_adrt_applicability() -> None:
    # s25(3)–(4).
    record = adrt()
    assert adrt_applicability(record, "extraction", person_has_capacity=False) == ()
    assert adrt_applicability(record, "extraction", person_has_capacity=True) == (
        "person-has-capacity",
    )
    assert adrt_applicability(record, "ect", person_has_capacity=False) == ("different-treatment",)
    assert adrt_applicability(
        record, "extraction", person_has_capacity=False, circumstances_present=False
    ) == ("circumstances-absent",)
    assert adrt_applicability(
        record, "extraction", person_has_capacity=False, unanticipated_circumstances=True
    ) == ("unanticipated-circumstances",)
    with pytest.raises(CpaCoreError):
        adrt(withdrawn_on=date(2020, 1, 1))


def test_rows_beyond_the_reference_cite_their_section_and_are_dated() -> None:
    # The reference (capacity-consent.md s5) lists donor age and capacity, registration and
    # the s11 scope; s13 revocation and s9(4)(b) restrictions were checked against the Act.
    for code, section in (("not-revoked", "13"), ("treatment-not-excluded", "9")):
        source = LPA_RULES.lookup(code, ON).source
        assert source.url.endswith(f"/ukpga/2005/9/section/{section}"), code
    # MHA s58A (inserted by MHA 2007 s27) came into force on 3 November 2008 (SI 2008/1900).
    assert ADRT_RULES.find("ect-s58a", date(2008, 11, 2)) is None
    assert ADRT_RULES.lookup("ect-s58a", date(2008, 11, 3)).source.evidence is Evidence.SECONDARY
