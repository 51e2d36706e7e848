"""Golden tests of the competency rule tables; each cites the reference row it encodes
(../shared/reference/competency.md, "competency.md §N" below)."""

from __future__ import annotations

from datetime import date

import pytest

from cpa_core.competency import (
    APPROVAL_PROFESSIONS,
    APPROVAL_RULES,
    CARE_COORDINATOR_TRAINING,
    CSTF_EDITIONS,
    DOMAIN,
    FRAMEWORKS,
    HCPC_CYCLES,
    NMC_REVALIDATION_CYCLES,
    PROFESSION_REGULATORS,
    REGISTRATION_REQUIREMENTS,
    REGULATORS,
    ROLE_PROFILES,
    TRAINING_HOURS,
    TRAINING_SUBJECTS,
    ApprovalKind,
    Profession,
    RegulatorBody,
)
from cpa_core.exceptions import UnknownCodeError
from cpa_core.provenance import Evidence

DAY = date(2026, 11, 23)


def test_every_row_has_a_cited_source_and_dates() -> None:
    # README "Rules for encoding a fact" 1-2: a rule with no citation does not ship.
    for table in DOMAIN.rule_tables:
        for row in table:
            assert row.source.title, table.name
            assert row.effective.start is not None, table.name


# competency.md §1: NMC annual fee; revalidation every 3 years; NMC notifies 60 days ahead.
def test_nmc_cycle() -> None:
    nmc = REGULATORS.lookup(RegulatorBody.NMC, DAY)
    assert nmc.renewal_months == 12
    cycle = NMC_REVALIDATION_CYCLES.lookup(RegulatorBody.NMC, DAY)
    assert (cycle.cycle_months, cycle.notice_days) == (36, 60)
    assert cycle.source.verified


@pytest.mark.parametrize(
    ("code", "minimum", "dual"),
    [
        ("PRACTICE-HOURS", 450, 900),
        ("CPD-HOURS", 35, None),
        ("CPD-PARTICIPATORY-HOURS", 20, None),
        ("FEEDBACK", 5, None),
        ("REFLECTIVE-ACCOUNTS", 5, None),
        ("REFLECTIVE-DISCUSSION", 1, None),
        ("CONFIRMATION", None, None),
    ],
)
def test_nmc_revalidation_evidence(code: str, minimum: float | None, dual: float | None) -> None:
    # competency.md §1 NMC row: 450 h (900 dual), 35 h CPD of which 20 participatory, 5
    # feedback, 5 reflective accounts, reflective discussion, confirmation.
    row = REGISTRATION_REQUIREMENTS.lookup((RegulatorBody.NMC, code), DAY)
    assert (row.minimum, row.dual_minimum) == (minimum, dual)


def test_hcpc_two_yearly_ot_cycle_ends_31_october_odd_years() -> None:
    # competency.md §1 HCPC row: OT 2025 window 1 Aug - 31 Oct 2025.
    assert REGULATORS.lookup(RegulatorBody.HCPC, DAY).renewal_months == 24
    ot = HCPC_CYCLES.lookup(Profession.OCCUPATIONAL_THERAPIST, DAY)
    assert (ot.end_month, ot.end_day, ot.odd_years) == (10, 31, True)
    assert HCPC_CYCLES.find(Profession.PRACTITIONER_PSYCHOLOGIST, DAY) is None


def test_social_work_england_from_2_december_2019() -> None:
    # competency.md §1 SWE row: regulator since 2 Dec 2019, replacing HCPC in England.
    before = PROFESSION_REGULATORS.lookup(Profession.SOCIAL_WORKER, date(2019, 12, 1))
    after = PROFESSION_REGULATORS.lookup(Profession.SOCIAL_WORKER, date(2019, 12, 2))
    assert (before.body, after.body) == (RegulatorBody.HCPC, RegulatorBody.SWE)
    with pytest.raises(UnknownCodeError):
        REGULATORS.lookup(RegulatorBody.SWE, date(2019, 12, 1))
    assert REGULATORS.lookup(RegulatorBody.SWE, DAY).renewal_months == 12
    pieces = REGISTRATION_REQUIREMENTS.lookup((RegulatorBody.SWE, "CPD-PIECES"), DAY)
    peer = REGISTRATION_REQUIREMENTS.lookup((RegulatorBody.SWE, "CPD-PEER-REFLECTION"), DAY)
    assert (pieces.minimum, peer.minimum) == (2, 1)


def test_amhp_rules() -> None:
    # SI 2008/1206 (in force 3 November 2008): reg 4, five years; reg 5(a), at least 18
    # hours of training in each year of approval.
    period = APPROVAL_RULES.lookup((ApprovalKind.AMHP, "PERIOD"), DAY)
    assert period.months == 60
    assert period.source.verified
    assert "reg 4" in period.source.locator
    hours = APPROVAL_RULES.lookup((ApprovalKind.AMHP, "ANNUAL-TRAINING"), DAY)
    assert (hours.hours, hours.months) == (18, 12)
    assert hours.source.verified
    assert "reg 5(a)" in hours.source.locator
    assert APPROVAL_RULES.find((ApprovalKind.AMHP, "PERIOD"), date(2008, 11, 2)) is None


def test_amhp_professions_exclude_doctors() -> None:
    # competency.md §2 "AMHP professions": social worker, MH/LD nurse, OT, psychologist.
    amhp = {r.profession for r in APPROVAL_PROFESSIONS.in_force(DAY) if r.kind is ApprovalKind.AMHP}
    assert amhp == {
        Profession.SOCIAL_WORKER,
        Profession.MENTAL_HEALTH_NURSE,
        Profession.LEARNING_DISABILITY_NURSE,
        Profession.OCCUPATIONAL_THERAPIST,
        Profession.PRACTITIONER_PSYCHOLOGIST,
    }
    assert Profession.DOCTOR not in amhp


def test_bia_rules() -> None:
    # competency.md §2 "BIA requirements" [V]: 2 years post-registration; annual refresher.
    assert APPROVAL_RULES.lookup((ApprovalKind.BIA, "POST-REGISTRATION"), DAY).months == 24
    assert APPROVAL_RULES.lookup((ApprovalKind.BIA, "REFRESHER"), DAY).months == 12
    bia = {r.profession for r in APPROVAL_PROFESSIONS.in_force(DAY) if r.kind is ApprovalKind.BIA}
    assert Profession.ADULT_NURSE in bia
    assert Profession.DOCTOR not in bia


@pytest.mark.parametrize(
    ("code", "months", "verified"),
    [
        ("CR-L1", 36, False),
        ("EDHR", 36, False),
        ("HSW", 36, False),
        ("FIRE", 24, False),
        ("IPC-L1", 36, False),
        ("IPC-L2", 12, False),
        ("IG", 12, False),
        ("MH-L1", 36, False),
        ("MH-L2", 24, False),
        ("PREVENT-BASIC", 36, False),  # [V] / [U]: graded both, so not verified
        ("RESUS-L2", 12, False),
        ("RESUS-MH-INPATIENT", None, True),
        # Safeguarding periods are read in a training hub's restatement: secondary.
        ("SG-ADULT-L1", 36, False),
        ("SG-ADULT-L3", 36, False),
        ("SG-CHILD-L2", 36, False),
        ("SG-CHILD-L3", 36, False),
        ("OMMT-T1", 36, False),
        ("OMMT-T2", 36, False),
        ("MCA-DOLS", None, False),
        ("MHA", None, False),
    ],
)
def test_refresher_periods(code: str, months: int | None, verified: bool) -> None:
    # competency.md §3.1 and §4: periods and tags as the reference gives them.
    row = TRAINING_SUBJECTS.lookup(code, DAY)
    assert row.refresher_months == months
    assert row.verified is verified


def test_the_eleven_cstf_subjects_are_in_the_catalogue() -> None:
    # competency.md §3: 11 subjects for NHS Trusts in England.
    subjects = {row.subject for row in TRAINING_SUBJECTS if row.code not in {"MCA-DOLS", "MHA"}}
    subjects -= {
        "Oliver McGowan Mandatory Training on Learning Disability and Autism",
        "Resuscitation, mental health inpatient settings",
    }
    assert len(subjects) == 11


def test_oliver_mcgowan_from_1_july_2022_and_tier_2_contains_tier_1() -> None:
    # competency.md §4: duty since 1 July 2022 [V]; Tier 2 contains Tier 1 [V]; 3 years [U].
    assert TRAINING_SUBJECTS.find("OMMT-T2", date(2022, 6, 30)) is None
    tier2 = TRAINING_SUBJECTS.lookup("OMMT-T2", date(2022, 7, 1))
    assert tier2.satisfies == ("OMMT-T1",)
    assert tier2.source.evidence is Evidence.UNVERIFIED


def test_safeguarding_children_l3_hours_keep_both_readings() -> None:
    # competency.md §3.1: 12 h over 3 years (16 h initial) vs about 6 h; both read in
    # restatements of the Intercollegiate Document, so both secondary.
    readings = {r.reading: r for r in TRAINING_HOURS.in_force(DAY) if r.subject == "SG-CHILD-L3"}
    assert readings["intercollegiate-12h"].hours == 12
    assert readings["intercollegiate-12h"].initial_hours == 16
    assert readings["intercollegiate-12h"].source.evidence is Evidence.SECONDARY
    assert readings["intercollegiate-12h"].source.url.startswith("https://www.rcn.org.uk/")
    assert readings["about-6h"].hours == 6
    assert readings["about-6h"].source.evidence is Evidence.SECONDARY


def test_cstf_editions_v1_1_is_current() -> None:
    # competency.md §3 "Editions": v1.0 (Jan 2020); current England guidance v1.1.
    current = [e.edition for e in CSTF_EDITIONS.in_force(DAY)]
    assert current == ["CSTF (England) v1.1"]
    assert [e.edition for e in CSTF_EDITIONS.in_force(date(2020, 6, 1))] == ["CSTF (England) v1.0"]


def test_ksf_core_dimensions_and_levels() -> None:
    # competency.md §5: 6 core dimensions C1-C6, 4 levels each.
    ksf = FRAMEWORKS.lookup("KSF", DAY)
    assert [c.code for c in ksf.competencies] == ["C1", "C2", "C3", "C4", "C5", "C6"]
    assert ksf.competency("C1") is not None
    assert ksf.competency("C1").title == "Communication"  # type: ignore[union-attr]
    assert ksf.competency("HWB2") is None
    assert [lv.level for lv in ksf.levels] == [1, 2, 3, 4]


def test_care_coordination_framework_has_no_invented_content() -> None:
    # competency.md §7: the function list is not in the reference: none shipped.
    cc = FRAMEWORKS.lookup("CC-CORE", DAY)
    assert cc.competencies == ()
    assert "NOT AVAILABLE" in (cc.notes or "")


def test_role_profiles() -> None:
    # Seeds (Band 6 care coordinator JDs): nurse, OT or social worker; enhanced DBS; driving.
    for code, profession in (
        ("B6-CC-NURSE", Profession.MENTAL_HEALTH_NURSE),
        ("B6-CC-OT", Profession.OCCUPATIONAL_THERAPIST),
        ("B6-CC-SW", Profession.SOCIAL_WORKER),
    ):
        profile = ROLE_PROFILES.lookup(code, DAY)
        assert profession in profile.professions
        assert profile.coordinates_care
        assert profile.minimum_band == 6
        assert profile.training == CARE_COORDINATOR_TRAINING
        assert profile.enhanced_dbs_required
        assert profile.driving_required
        assert profile.competencies_advisory  # from an unverified KSF example
    assert ROLE_PROFILES.lookup("AMHP", DAY).approvals == (ApprovalKind.AMHP,)
    assert ROLE_PROFILES.lookup("BIA", DAY).approvals == (ApprovalKind.BIA,)
    assert not ROLE_PROFILES.lookup("CLINICAL-SUPERVISOR", DAY).coordinates_care


def test_rows_with_an_unknown_start_are_in_force_on_every_date() -> None:
    assert not REGULATORS.lookup(RegulatorBody.NMC, DAY).effective.start_known
    assert REGULATORS.lookup(RegulatorBody.NMC, date.min).body is RegulatorBody.NMC
    assert set(CARE_COORDINATOR_TRAINING) <= set(TRAINING_SUBJECTS.keys())


def test_refresher_rows_cite_the_sources_the_reference_gives() -> None:
    # competency.md §3.1: safeguarding children L1/L2 cite UHB and Islington CCG; rows whose
    # evidence the reference names without an address carry no invented URL.
    child = TRAINING_SUBJECTS.lookup("SG-CHILD-L1", DAY).source
    assert child.url == "https://gps.islingtonccg.nhs.uk/education/mandatory-training"
    assert TRAINING_SUBJECTS.lookup("IG", DAY).source.url == ""
    assert "logbook" in TRAINING_SUBJECTS.lookup("RESUS-L2", DAY).source.locator


def test_the_professions_of_an_approval_share_one_source() -> None:
    # competency.md §2: the AMHP and the BIA professions each come from one source, which
    # STAFF-APPROVAL-PROFESSION-INELIGIBLE cites.
    for kind in ApprovalKind:
        rows = [r for r in APPROVAL_PROFESSIONS if r.kind is kind]
        assert len({r.source for r in rows}) == 1, kind
