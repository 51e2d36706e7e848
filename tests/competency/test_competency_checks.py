"""Golden tests of the staff checks, the eligibility decision and the team summary.

Each test names the reference row it applies (../shared/reference/competency.md, "§N").
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest

from cpa_core import statutory_time
from cpa_core.competency import (
    CARE_COORDINATOR_TRAINING,
    Appraisal,
    Approval,
    ApprovalKind,
    ApprovalTraining,
    Caseload,
    CompetencyAssessment,
    CpdActivity,
    DbsCheck,
    DrivingLicence,
    Profession,
    Registration,
    RegistrationStatus,
    RegulatorBody,
    RevalidationPortfolio,
    StaffMember,
    SupervisionKind,
    SupervisionSession,
    TrainingCompletion,
    approval_end,
    check_staff_member,
    coordinator_eligibility,
    minimum_hours,
    profile_table,
    profiles_for,
    refresher_months,
    registration_year,
    staff_member_audit,
    staff_member_rules,
    team_summary,
    training_state,
)
from cpa_core.context import CheckContext
from cpa_core.findings import Severity
from cpa_core.policy import TrustPolicy, policy_from_mapping

DAY = date(2026, 11, 23)


def policy(**competency: Any) -> TrustPolicy:
    return policy_from_mapping({"competency": competency})


def nurse(**changes: Any) -> StaffMember:
    """A compliant Band 6 nurse care coordinator on DAY (the cast's S001)."""
    base = StaffMember(
        staff_id="S001",
        band=6,
        started_on=date(2019, 4, 1),
        role_profiles=("B6-CC-NURSE",),
        allocated_as_care_coordinator=True,
        registrations=(
            Registration(
                body=RegulatorBody.NMC,
                profession=Profession.MENTAL_HEALTH_NURSE,
                registration_number="X1",
                registered_on=date(2012, 9, 1),
                expires_on=date(2027, 8, 31),
                revalidation_due=date(2028, 8, 31),
            ),
        ),
        training=tuple(
            TrainingCompletion(subject=code, completed_on=date(2026, 6, 1))
            for code in CARE_COORDINATOR_TRAINING
        ),
        supervision=tuple(
            SupervisionSession(kind=k, held_on=date(2026, 11, 2)) for k in SupervisionKind
        ),
        appraisals=(Appraisal(held_on=date(2026, 5, 14)),),
        competencies=(
            CompetencyAssessment(
                framework_id="KSF", competency="C1", level=3, assessed_on=date(2026, 5, 14)
            ),
        ),
        dbs=DbsCheck(level="enhanced", issued_on=date(2019, 2, 11), update_service=True),
        driving_licence=DrivingLicence(checked_on=date(2026, 4, 1), valid_until=date(2031, 1, 1)),
        caseload=Caseload(recorded_on=date(2026, 11, 16), count=27),
    )
    return attrs.evolve(base, **changes)


def reg(staff: StaffMember, **changes: Any) -> tuple[Registration, ...]:
    return (attrs.evolve(staff.registrations[0], **changes),)


def codes(staff: StaffMember, on: date = DAY, pol: TrustPolicy | None = None) -> set[str]:
    return set(check_staff_member(staff, on, pol).codes())


def test_compliant_nurse_has_no_findings_and_is_eligible() -> None:
    staff = nurse()
    assert list(check_staff_member(staff, DAY)) == []
    decision = coordinator_eligibility(staff, DAY)
    assert decision.eligible
    assert decision.reasons == ()
    assert decision.reason_codes == ()


# --- registration (§1) ---


def test_nmc_revalidation_application_is_due_on_first_day_of_expiry_month() -> None:
    # §1 NMC: application date = first day of the month registration expires; notice 60 days.
    staff = nurse(registrations=reg(nurse(), revalidation_due=date(2027, 1, 20)))
    found = check_staff_member(staff, DAY).filter(code="STAFF-REVALIDATION-DUE").findings
    assert [f.due for f in found] == [date(2027, 1, 1)]
    staff = nurse(registrations=reg(nurse(), revalidation_due=date(2027, 2, 20)))
    assert "STAFF-REVALIDATION-DUE" not in codes(staff)  # 1 Feb is 70 days away


def test_nmc_revalidation_overdue_lapses_registration() -> None:
    # §1 NMC: late revalidation means the registration lapses.
    staff = nurse(registrations=reg(nurse(), revalidation_due=date(2026, 10, 31)))
    report = check_staff_member(staff, DAY)
    [finding] = report.filter(code="STAFF-REVALIDATION-OVERDUE").findings
    assert finding.severity is Severity.ERROR
    assert finding.due == date(2026, 10, 31)
    assert "STAFF-REGISTRATION-LAPSED" not in report.codes()
    # The day itself is still in time.
    assert "STAFF-REVALIDATION-OVERDUE" not in codes(staff, date(2026, 10, 31))


def test_nmc_revalidation_evidence_short() -> None:
    # §1 NMC: 450 h, 35 h CPD (20 participatory), 5 feedback, 5 accounts, discussion, etc.
    portfolio = RevalidationPortfolio(
        practice_hours=500,
        feedback_count=5,
        reflective_accounts=4,
        reflective_discussion_on=date(2026, 10, 1),
        health_character_declared=True,
        indemnity_declared=True,
    )
    cpd = (CpdActivity(completed_on=date(2026, 3, 1), hours=35, participatory=True),)
    staff = nurse(
        registrations=reg(
            nurse(), revalidation_due=date(2026, 12, 31), portfolio=portfolio, cpd=cpd
        )
    )
    [finding] = check_staff_member(staff, DAY).filter(code="STAFF-REVALIDATION-EVIDENCE-SHORT")
    assert "REFLECTIVE-ACCOUNTS" in finding.message
    assert "CONFIRMATION" in finding.message
    assert "CPD-HOURS" not in finding.message
    assert finding.due == date(2026, 12, 1)


def test_nmc_dual_registration_needs_900_hours() -> None:
    portfolio = RevalidationPortfolio(practice_hours=600, dual_registration=True)
    staff = nurse(
        registrations=reg(nurse(), revalidation_due=date(2026, 12, 31), portfolio=portfolio)
    )
    [finding] = check_staff_member(staff, DAY).filter(code="STAFF-REVALIDATION-EVIDENCE-SHORT")
    assert "PRACTICE-HOURS" in finding.message


def test_nmc_without_revalidation_date() -> None:
    staff = nurse(registrations=reg(nurse(), revalidation_due=None, expires_on=date(2026, 12, 31)))
    assert {"STAFF-REVALIDATION-DATE-MISSING", "STAFF-REGISTRATION-RENEWAL-DUE"} <= codes(staff)


def test_hcpc_renewal_due_and_expired() -> None:
    # §1 HCPC: two-yearly; the OT cycle ends 31 October 2027.
    ot = nurse(
        role_profiles=("B6-CC-OT",),
        registrations=(
            Registration(
                body=RegulatorBody.HCPC,
                profession=Profession.OCCUPATIONAL_THERAPIST,
                registration_number="OT1",
                expires_on=date(2027, 10, 31),
            ),
        ),
    )
    assert codes(ot) == set()
    assert codes(ot, date(2027, 9, 15)) >= {"STAFF-REGISTRATION-RENEWAL-DUE"}
    assert "STAFF-REGISTRATION-LAPSED" in codes(ot, date(2027, 11, 1))
    assert list(staff_member_rules(ot, TrustPolicy())) == []
    off_cycle = attrs.evolve(ot, registrations=reg(ot, expires_on=date(2026, 12, 31)))
    assert [f.code for f in staff_member_rules(off_cycle, TrustPolicy())] == [
        "STAFF-HCPC-CYCLE-MISMATCH"
    ]


def _social_worker(**changes: Any) -> StaffMember:
    registration = Registration(
        body=RegulatorBody.SWE,
        profession=Profession.SOCIAL_WORKER,
        registration_number="SW1",
        registered_on=date(2014, 7, 1),
        expires_on=date(2026, 11, 30),
    )
    return nurse(
        staff_id="S003",
        role_profiles=("B6-CC-SW",),
        registrations=(attrs.evolve(registration, **changes),),
    )


def test_swe_annual_renewal_by_30_november_with_cpd() -> None:
    # §1 SWE: registration year 1 Dec - 30 Nov, window opens 1 Sept; >= 2 CPD, >= 1 peer.
    staff = _social_worker()
    report = check_staff_member(staff, DAY)
    [renewal] = report.filter(code="STAFF-REGISTRATION-RENEWAL-DUE")
    assert renewal.due == date(2026, 11, 30)
    [cpd] = report.filter(code="STAFF-CPD-SHORT")
    assert cpd.due == date(2026, 11, 30)
    assert "0 of 2" in cpd.message
    done = (
        CpdActivity(completed_on=date(2026, 2, 1), peer_reflection=True),
        CpdActivity(completed_on=date(2026, 6, 1)),
    )
    assert "STAFF-CPD-SHORT" not in codes(_social_worker(cpd=done))
    no_peer = tuple(attrs.evolve(c, peer_reflection=False) for c in done)
    [short] = check_staff_member(_social_worker(cpd=no_peer), DAY).filter(code="STAFF-CPD-SHORT")
    assert "peer reflection" in short.message
    # Before the window opens nothing is judged; last year's CPD does not count.
    assert "STAFF-CPD-SHORT" not in codes(staff, date(2026, 8, 31))
    old = (CpdActivity(completed_on=date(2025, 11, 1), peer_reflection=True),) * 2
    assert "STAFF-CPD-SHORT" in codes(_social_worker(cpd=old))
    december = _social_worker(expires_on=date(2027, 11, 30))
    assert "STAFF-CPD-SHORT" not in codes(december, date(2026, 12, 5))


def test_social_worker_registered_by_hcpc_after_2019_is_inconsistent() -> None:
    # §1 SWE: Social Work England replaced the HCPC in England on 2 December 2019.
    staff = _social_worker()
    wrong = attrs.evolve(staff, registrations=reg(staff, body=RegulatorBody.HCPC))
    [finding] = staff_member_rules(wrong, TrustPolicy())
    assert finding.code == "STAFF-REGISTRATION-WRONG-REGULATOR"
    old = attrs.evolve(wrong, registrations=reg(wrong, expires_on=date(2019, 11, 30)))
    assert list(staff_member_rules(old, TrustPolicy())) == []


@pytest.mark.parametrize(
    ("status", "code", "severity"),
    [
        (RegistrationStatus.SUSPENDED, "STAFF-REGISTRATION-RESTRICTED", Severity.ERROR),
        (RegistrationStatus.CONDITIONS, "STAFF-REGISTRATION-RESTRICTED", Severity.WARNING),
        (RegistrationStatus.LAPSED, "STAFF-REGISTRATION-LAPSED", Severity.ERROR),
        (RegistrationStatus.REMOVED, "STAFF-REGISTRATION-LAPSED", Severity.ERROR),
    ],
)
def test_registration_status(status: RegistrationStatus, code: str, severity: Severity) -> None:
    staff = nurse(registrations=reg(nurse(), status=status))
    [finding] = check_staff_member(staff, DAY).filter(code=code)
    assert finding.severity is severity


# --- training (§3, §4) ---


def test_training_expiry_uses_the_national_default() -> None:
    # §3.1: fire safety 2 years (CSTF/ESR), a V2 default.
    staff = nurse()
    state = training_state(staff, "FIRE", DAY, TrustPolicy())
    assert state.expires_on == date(2028, 5, 31)
    assert state.row is not None
    assert not state.overridden
    old = nurse(
        training=(
            *staff.training[:2],
            TrainingCompletion(subject="FIRE", completed_on=date(2024, 11, 20)),
        )
    )
    found = check_staff_member(old, DAY).filter(code="STAFF-TRAINING-EXPIRED").findings
    assert [(f.due, f.severity) for f in found if "FIRE" in f.message] == [
        (date(2026, 11, 19), Severity.WARNING)
    ]
    assert "unverified" in next(f.message for f in found if "FIRE" in f.message)


def test_training_override_replaces_the_default() -> None:
    # §3.1 Fire safety: "many Trusts annual": a Trust sets 12 months.
    annual = policy(refresher_months={"FIRE": 12})
    assert refresher_months("FIRE", DAY, annual) == 12
    assert refresher_months("FIRE", DAY, TrustPolicy()) == 24
    staff = nurse(
        training=(TrainingCompletion(subject="FIRE", completed_on=date(2025, 11, 1)),),
        role_profiles=("B6-CC-NURSE",),
    )
    state = training_state(staff, "FIRE", DAY, annual)
    assert state.overridden
    assert state.expires_on == date(2026, 10, 31)
    assert state.status is statutory_time.DueStatus.OVERDUE
    [fire] = [f for f in check_staff_member(staff, DAY, annual) if "FIRE" in f.message]
    assert fire.code == "STAFF-TRAINING-EXPIRED"
    assert fire.source is not None
    assert "Trust policy" in fire.source.title


def test_training_expiring_window_and_recorded_expiry() -> None:
    staff = nurse(
        training=(
            TrainingCompletion(
                subject="IG", completed_on=date(2026, 1, 1), expires_on=date(2026, 12, 10)
            ),
        )
    )
    [ig] = [f for f in check_staff_member(staff, DAY) if "IG" in f.message]
    assert (ig.code, ig.due) == ("STAFF-TRAINING-EXPIRING", date(2026, 12, 10))
    narrow = policy(training_due_soon_days=7)
    assert not [f for f in check_staff_member(staff, DAY, narrow) if "IG" in f.message]


def test_missing_training_and_local_subject_without_period() -> None:
    # Not allocated as care coordinator, so the eligibility decision is not in play.
    staff = nurse(
        training=(TrainingCompletion(subject="MHA", completed_on=date(2020, 1, 1)),),
        allocated_as_care_coordinator=False,
    )
    profiles = policy(profile_training={"B6-CC-NURSE": ["MHA", "FIRE"]})
    report = check_staff_member(staff, DAY, profiles)
    assert report.codes() == {"STAFF-TRAINING-MISSING", "STAFF-TRAINING-NO-PERIOD"}
    # A Trust gives MHA training a 3-year period: now expired.
    local = policy(profile_training={"B6-CC-NURSE": ["MHA"]}, refresher_months={"MHA": 36})
    assert check_staff_member(staff, DAY, local).codes() == {"STAFF-TRAINING-EXPIRED"}
    # A Trust-local code unknown to the catalogue.
    assert refresher_months("LOCAL-X", DAY, TrustPolicy()) is None


def test_oliver_mcgowan_tier_2_counts_for_tier_1() -> None:
    # §4: Tier 2 contains Tier 1: do one tier.
    staff = nurse(training=(TrainingCompletion(subject="OMMT-T2", completed_on=date(2025, 1, 1)),))
    assert training_state(staff, "OMMT-T1", DAY, TrustPolicy()).compliant
    tier1 = nurse(training=(TrainingCompletion(subject="OMMT-T1", completed_on=date(2025, 1, 1)),))
    assert not training_state(tier1, "OMMT-T2", DAY, TrustPolicy()).compliant


def test_safeguarding_children_l3_hours() -> None:
    # §3.1: the verified reading is 12 h over 3 years; a Trust may choose the 6 h reading.
    assert minimum_hours("SG-CHILD-L3", DAY, TrustPolicy())[:2] == (12, 36)  # type: ignore[index]
    six = policy(minimum_training_hours={"SG-CHILD-L3": 6})
    assert minimum_hours("SG-CHILD-L3", DAY, six)[:2] == (6, 36)  # type: ignore[index]
    assert minimum_hours("FIRE", DAY, TrustPolicy()) is None
    staff = nurse(
        training=(
            TrainingCompletion(subject="SG-CHILD-L3", completed_on=date(2025, 3, 1), hours=4),
            TrainingCompletion(subject="SG-CHILD-L3", completed_on=date(2026, 3, 1), hours=4),
        )
    )
    [short] = check_staff_member(staff, DAY).filter(code="STAFF-TRAINING-HOURS-SHORT")
    assert short.message.startswith("8 of 12 hours")
    assert "STAFF-TRAINING-HOURS-SHORT" not in check_staff_member(staff, DAY, six).codes()
    # A Trust minimum for a subject with no hours row counts over its refresher period.
    fire = policy(minimum_training_hours={"FIRE": 2})
    assert minimum_hours("FIRE", DAY, fire)[:2] == (2, 24)  # type: ignore[index]
    local = policy(minimum_training_hours={"LOCAL-X": 2})
    assert minimum_hours("LOCAL-X", DAY, local) is None


# --- supervision and appraisal (§6) ---


def test_supervision_overdue_under_policy() -> None:
    # §6: no national frequency; default clinical 42 days [U], managerial 56 days.
    staff = nurse(
        supervision=(
            SupervisionSession(kind=SupervisionKind.CLINICAL, held_on=date(2026, 10, 1)),
            SupervisionSession(kind=SupervisionKind.MANAGERIAL, held_on=date(2026, 10, 1)),
            SupervisionSession(kind=SupervisionKind.CASELOAD, held_on=date(2026, 10, 1)),
        )
    )
    found = check_staff_member(staff, DAY).filter(code="STAFF-SUPERVISION-OVERDUE").findings
    assert [f.due for f in found] == [date(2026, 11, 12)]
    monthly = policy(managerial_supervision_days=28, caseload_supervision_days=28)
    assert (
        len(check_staff_member(staff, DAY, monthly).filter(code="STAFF-SUPERVISION-OVERDUE")) == 3
    )
    never = nurse(supervision=(), started_on=date(2026, 11, 1))
    assert "STAFF-SUPERVISION-OVERDUE" not in codes(never)
    unknown_start = nurse(supervision=(), started_on=None)
    assert "STAFF-SUPERVISION-OVERDUE" not in codes(unknown_start)
    # Not allocated: caseload supervision is not judged.
    free = nurse(allocated_as_care_coordinator=False, supervision=staff.supervision[:2])
    assert "caseload" not in " ".join(f.message for f in check_staff_member(free, DAY, monthly))


def test_appraisal_overdue() -> None:
    staff = nurse(appraisals=(Appraisal(held_on=date(2025, 11, 20)),))
    [finding] = check_staff_member(staff, DAY).filter(code="STAFF-APPRAISAL-OVERDUE")
    assert finding.due == date(2026, 11, 20)
    assert "STAFF-APPRAISAL-OVERDUE" not in codes(staff, pol=policy(appraisal_months=13))
    assert "STAFF-APPRAISAL-OVERDUE" not in codes(nurse(appraisals=(), started_on=None))


# --- approvals (§2) ---


def _amhp(**changes: Any) -> StaffMember:
    approval = Approval(
        kind=ApprovalKind.AMHP,
        approved_by="LSSA",
        approved_on=date(2021, 12, 15),
        training=(
            ApprovalTraining(completed_on=date(2026, 1, 10), hours=10),
            ApprovalTraining(completed_on=date(2026, 9, 10), hours=8),
        ),
    )
    cpd = (
        CpdActivity(completed_on=date(2026, 2, 1), peer_reflection=True),
        CpdActivity(completed_on=date(2026, 6, 1)),
    )
    staff = _social_worker(expires_on=date(2027, 11, 30), cpd=cpd)
    return attrs.evolve(
        staff, role_profiles=("B6-CC-SW", "AMHP"), approvals=(attrs.evolve(approval, **changes),)
    )


def test_amhp_approval_five_years() -> None:
    # SI 2008/1206 reg 4: approval lasts five years; without a recorded end that period is
    # used, and an approval past it has expired under the regulations (an error).
    staff = _amhp()
    end, inferred = approval_end(staff.approvals[0], DAY, TrustPolicy())
    assert (end, inferred) == (date(2026, 12, 14), True)
    [expiring] = check_staff_member(staff, DAY).filter(code="STAFF-APPROVAL-EXPIRING")
    assert expiring.due == date(2026, 12, 14)
    [expired] = check_staff_member(staff, date(2026, 12, 15)).filter(code="STAFF-APPROVAL-EXPIRED")
    assert expired.severity is Severity.ERROR
    assert "inferred" in expired.message
    recorded = _amhp(expires_on=date(2026, 11, 1))
    [hard] = check_staff_member(recorded, DAY).filter(code="STAFF-APPROVAL-EXPIRED")
    assert hard.severity is Severity.ERROR
    assert "STAFF-APPROVAL-MISSING" in codes(recorded)
    longer = policy(amhp_approval_months=72)
    assert approval_end(staff.approvals[0], DAY, longer)[0] == date(2027, 12, 14)


def test_amhp_annual_training_hours() -> None:
    # §2: at least 18 hours a year (V2).
    assert "STAFF-AMHP-TRAINING-SHORT" not in codes(_amhp())
    short = _amhp(training=(ApprovalTraining(completed_on=date(2026, 1, 10), hours=10),))
    [finding] = check_staff_member(short, DAY).filter(code="STAFF-AMHP-TRAINING-SHORT")
    assert finding.severity is Severity.WARNING
    assert "STAFF-AMHP-TRAINING-SHORT" not in codes(short, pol=policy(amhp_training_hours=10))
    new = _amhp(approved_on=date(2026, 6, 1), training=())
    assert "STAFF-AMHP-TRAINING-SHORT" not in codes(new)


def test_amhp_ended_early_and_superseded() -> None:
    from cpa_core.competency import AmhpEndReason

    ended = _amhp(ended_on=date(2026, 3, 1), end_reason=AmhpEndReason.REQUESTED_IN_WRITING)
    assert approval_end(ended.approvals[0], DAY, TrustPolicy()) == (date(2026, 2, 28), False)
    assert codes(ended) == {"STAFF-APPROVAL-MISSING"}
    renewed = attrs.evolve(
        _amhp(),
        approvals=(
            Approval(kind=ApprovalKind.AMHP, approved_on=date(2016, 1, 1)),
            *_amhp().approvals,
        ),
    )
    assert "STAFF-APPROVAL-EXPIRED" not in codes(renewed)


def test_approval_profession() -> None:
    # §2: doctors cannot be AMHPs.
    doctor = StaffMember(
        staff_id="S006",
        registrations=(
            Registration(
                body=RegulatorBody.NMC,
                profession=Profession.DOCTOR,
                registration_number="D1",
                expires_on=date(2027, 1, 1),
                revalidation_due=date(2028, 1, 1),
            ),
        ),
        approvals=(Approval(kind=ApprovalKind.AMHP, approved_on=date(2026, 1, 1)),),
    )
    assert "STAFF-APPROVAL-PROFESSION-INELIGIBLE" in codes(doctor)


def _bia(**changes: Any) -> StaffMember:
    approval = Approval(
        kind=ApprovalKind.BIA,
        approved_on=date(2022, 3, 1),
        initial_training_on=date(2022, 2, 10),
        training=(ApprovalTraining(completed_on=date(2025, 12, 5), hours=6),),
    )
    return nurse(
        staff_id="S004",
        role_profiles=("B6-CC-NURSE", "BIA"),
        approvals=(attrs.evolve(approval, **changes),),
    )


def test_bia_rules_applied() -> None:
    # §2 BIA: 2 years post-registration; approved training; annual further training.
    assert codes(_bia()) == set()
    stale = _bia(training=(ApprovalTraining(completed_on=date(2025, 10, 1), hours=6),))
    [refresh] = check_staff_member(stale, DAY).filter(code="STAFF-BIA-REFRESHER-OVERDUE")
    assert refresh.due == date(2026, 9, 30)
    untrained = _bia(initial_training_on=None)
    assert "STAFF-BIA-EXPERIENCE-SHORT" in codes(untrained)
    fresh = _bia(initial_training_on=date(2026, 6, 1), training=())
    assert "STAFF-BIA-REFRESHER-OVERDUE" not in codes(fresh)
    junior = attrs.evolve(_bia(), registrations=reg(nurse(), registered_on=date(2025, 6, 1)))
    assert "STAFF-BIA-EXPERIENCE-SHORT" in codes(junior)
    # An AMHP of any profession may act as BIA.
    amhp_bia = attrs.evolve(_amhp(), approvals=(*_amhp().approvals, *_bia().approvals))
    assert "STAFF-APPROVAL-PROFESSION-INELIGIBLE" not in codes(amhp_bia)


# --- DBS, driving, caseload, profile fit ---


def test_dbs_driving_and_caseload() -> None:
    # Seeds: enhanced DBS, driving required; the caseload cap is a Trust setting (no national).
    assert "STAFF-DBS-MISSING" in codes(nurse(dbs=None))
    assert "STAFF-DBS-MISSING" in codes(nurse(dbs=DbsCheck(level="basic", issued_on=DAY)))
    old = nurse(dbs=DbsCheck(level="enhanced", issued_on=date(2019, 1, 1)))
    assert "STAFF-DBS-RECHECK-DUE" in codes(old, pol=policy(dbs_recheck_months=36))
    assert "STAFF-DRIVING-LICENCE-INVALID" in codes(nurse(driving_licence=None))
    expired = DrivingLicence(checked_on=date(2020, 1, 1), valid_until=date(2026, 1, 1))
    assert "STAFF-DRIVING-LICENCE-INVALID" in codes(nurse(driving_licence=expired))
    stale = DrivingLicence(checked_on=date(2024, 1, 1))
    assert "STAFF-DRIVING-LICENCE-INVALID" in codes(
        nurse(driving_licence=stale), pol=policy(driving_licence_check_months=12)
    )
    assert "STAFF-CASELOAD-ABOVE-CAP" not in codes(nurse())  # no national cap
    capped = policy(caseload_cap=25, caseload_weight_cap=100)
    [cap] = check_staff_member(nurse(), DAY, capped).filter(code="STAFF-CASELOAD-ABOVE-CAP")
    assert "27" in cap.message
    assert "25" in cap.message
    heavy = nurse(caseload=Caseload(recorded_on=DAY, count=20, weighted=120.5))
    assert "STAFF-CASELOAD-ABOVE-CAP" in codes(heavy, pol=capped)


def test_profile_fit_and_unknown_profile() -> None:
    report = check_staff_member(
        nurse(band=5, competencies=(), role_profiles=("B6-CC-NURSE", "XYZ")), DAY
    )
    assert {"STAFF-PROFILE-MISMATCH", "STAFF-PROFILE-UNKNOWN"} <= report.codes()
    [level] = report.filter(code="STAFF-COMPETENCY-BELOW-LEVEL")
    assert level.severity is Severity.INFO  # unverified KSF example: advisory only


# --- eligibility ---

_REASONS = [
    ("revalidation", "STAFF-REVALIDATION-OVERDUE"),
    ("lapsed", "STAFF-REGISTRATION-LAPSED"),
    ("suspended", "STAFF-REGISTRATION-RESTRICTED"),
    ("no-registration", "STAFF-REGISTRATION-MISSING"),
    ("training-expired", "STAFF-TRAINING-EXPIRED"),
    ("training-missing", "STAFF-TRAINING-MISSING"),
    ("dbs", "STAFF-DBS-MISSING"),
    ("driving", "STAFF-DRIVING-LICENCE-INVALID"),
    ("caseload", "STAFF-CASELOAD-ABOVE-CAP"),
    ("band", "STAFF-PROFILE-MISMATCH"),
    ("not-coordinator", "STAFF-NOT-COORDINATOR-ROLE"),
    ("wrong-regulator", "STAFF-REGISTRATION-WRONG-REGULATOR"),
]


def _break(what: str) -> tuple[StaffMember, TrustPolicy]:
    staff = nurse()
    pol = TrustPolicy()
    if what == "revalidation":
        staff = nurse(registrations=reg(staff, revalidation_due=date(2026, 10, 31)))
    elif what == "lapsed":
        staff = nurse(registrations=reg(staff, status=RegistrationStatus.LAPSED))
    elif what == "suspended":
        staff = nurse(registrations=reg(staff, status=RegistrationStatus.SUSPENDED))
    elif what == "no-registration":
        staff = nurse(registrations=())
    elif what == "training-expired":
        staff = nurse(
            training=tuple(
                attrs.evolve(t, completed_on=date(2025, 1, 1)) if t.subject == "IG" else t
                for t in staff.training
            )
        )
    elif what == "training-missing":
        staff = nurse(training=staff.training[1:])
    elif what == "dbs":
        staff = nurse(dbs=None)
    elif what == "driving":
        staff = nurse(driving_licence=None)
    elif what == "caseload":
        pol = policy(caseload_cap=20)
    elif what == "band":
        staff = nurse(band=5)
    elif what == "wrong-regulator":
        # §1: nurses are registered by the NMC, not the HCPC.
        staff = nurse(registrations=reg(staff, body=RegulatorBody.HCPC))
    else:
        staff = nurse(role_profiles=("CLINICAL-SUPERVISOR",))
    return staff, pol


@pytest.mark.parametrize(("what", "code"), _REASONS, ids=[w for w, _ in _REASONS])
def test_eligibility_names_each_failing_reason(what: str, code: str) -> None:
    staff, pol = _break(what)
    decision = coordinator_eligibility(staff, DAY, pol)
    assert not decision.eligible
    assert code in decision.reason_codes


def test_eligibility_lists_every_reason_at_once() -> None:
    staff = nurse(
        registrations=reg(nurse(), revalidation_due=date(2026, 10, 31)),
        dbs=None,
        driving_licence=None,
        training=nurse().training[1:],
    )
    decision = coordinator_eligibility(staff, DAY, policy(caseload_cap=20))
    assert set(decision.reason_codes) == {
        "STAFF-REVALIDATION-OVERDUE",
        "STAFF-DBS-MISSING",
        "STAFF-DRIVING-LICENCE-INVALID",
        "STAFF-TRAINING-MISSING",
        "STAFF-CASELOAD-ABOVE-CAP",
    }


def test_eligibility_advisories_do_not_block() -> None:
    staff = nurse(
        competencies=(),
        registrations=reg(nurse(), status=RegistrationStatus.CONDITIONS),
        supervision=(),
        started_on=date(2020, 1, 1),
    )
    decision = coordinator_eligibility(staff, DAY)
    assert decision.eligible
    assert {f.code for f in decision.advisories} >= {
        "STAFF-COMPETENCY-BELOW-LEVEL",
        "STAFF-REGISTRATION-RESTRICTED",
        "STAFF-SUPERVISION-OVERDUE",
    }
    strict = coordinator_eligibility(staff, DAY, policy(supervision_blocks_eligibility=True))
    assert strict.reason_codes == ("STAFF-SUPERVISION-OVERDUE",)


def test_trust_profile_replaces_default() -> None:
    custom = attrs.evolve(
        profile_table().lookup("B6-CC-NURSE", DAY), training=("FIRE",), driving_required=False
    )
    table = profile_table([custom])
    profiles = {p.code: p for p in table.in_force(DAY)}
    staff = nurse(driving_licence=None, training=nurse().training[2:3])
    assert coordinator_eligibility(staff, DAY, profiles=profiles).eligible
    assert not coordinator_eligibility(staff, DAY).eligible
    mine, unknown = profiles_for(staff, DAY, TrustPolicy(), profiles)
    assert [p.code for p in mine] == ["B6-CC-NURSE"]
    assert unknown == ()


def test_audit_adds_ineligible_allocation() -> None:
    # The cast's S004: revalidation overdue, so not eligible to coordinate care.
    staff = nurse(registrations=reg(nurse(), revalidation_due=date(2026, 10, 31)))
    as_of = datetime(2026, 11, 23, 0, 30, tzinfo=statutory_time.LONDON)
    found = list(staff_member_audit(staff, CheckContext.at(as_of, TrustPolicy())))
    [ineligible] = [f for f in found if f.code == "STAFF-COORDINATOR-INELIGIBLE"]
    assert "STAFF-REVALIDATION-OVERDUE" in ineligible.message
    assert ineligible.subject_id == "S001"
    free = attrs.evolve(staff, allocated_as_care_coordinator=False)
    assert "STAFF-COORDINATOR-INELIGIBLE" not in {
        f.code for f in staff_member_audit(free, CheckContext.at(as_of, TrustPolicy()))
    }
    # Judged on the London date: 23:30 UTC on 31 Oct 2026 is already 31 Oct in London (GMT).
    edge = datetime(2026, 10, 31, 23, 30, tzinfo=statutory_time.LONDON) - timedelta(hours=0)
    assert "STAFF-REVALIDATION-OVERDUE" not in {
        f.code for f in staff_member_audit(staff, CheckContext.at(edge, TrustPolicy()))
    }


def test_team_summary() -> None:
    team = [
        nurse(),
        attrs.evolve(
            _bia(),
            registrations=reg(nurse(), revalidation_due=date(2026, 10, 31)),
            training=nurse().training[1:],
        ),
        StaffMember(staff_id="S006"),
    ]
    summary = team_summary(team, DAY)
    people = {p.staff_id: p for p in summary.people}
    assert people["S001"].eligible_to_coordinate is True
    assert people["S004"].eligible_to_coordinate is False
    assert "STAFF-REVALIDATION-OVERDUE" in people["S004"].reason_codes
    assert people["S004"].next_due == date(2026, 10, 31)
    assert people["S006"].eligible_to_coordinate is None
    assert people["S006"].subjects_required == 0
    subjects = {s.subject: s for s in summary.subjects}
    first = CARE_COORDINATOR_TRAINING[0]
    assert (subjects[first].required, subjects[first].missing) == (2, 1)
    assert subjects[first].rate == 0.5
    assert subjects["FIRE"].rate == 1.0
    text = summary.render_text()
    assert "S004" in text
    assert "NO (" in text
    assert f"{first}: 1/2" in text


def test_summary_counts_expiring_and_expired() -> None:
    staff = nurse(
        training=(
            TrainingCompletion(subject="IG", completed_on=date(2025, 12, 1)),
            TrainingCompletion(subject="FIRE", completed_on=date(2024, 1, 1)),
        )
    )
    subjects = {s.subject: s for s in team_summary([staff], DAY).subjects}
    assert (subjects["IG"].in_date, subjects["IG"].expiring) == (1, 1)
    assert subjects["FIRE"].expired == 1
    from cpa_core.competency import SubjectCompliance

    nobody = SubjectCompliance(subject="X", required=0, in_date=0, expiring=0, expired=0, missing=0)
    assert nobody.rate == 1.0


def test_expired_amhp_approval_does_not_block_care_coordination() -> None:
    # The coordinator profile needs no approval; the AMHP's own expiry is reported apart.
    staff = _amhp(expires_on=date(2026, 11, 1))
    assert "STAFF-APPROVAL-EXPIRED" in codes(staff)
    assert coordinator_eligibility(staff, DAY).eligible
    # A Trust profile that does require AMHP approval for coordination blocks.
    custom = attrs.evolve(profile_table().lookup("B6-CC-SW", DAY), approvals=(ApprovalKind.AMHP,))
    profiles = {p.code: p for p in profile_table([custom]).in_force(DAY)}
    decision = coordinator_eligibility(staff, DAY, profiles=profiles)
    assert decision.reason_codes == ("STAFF-APPROVAL-MISSING",)


@pytest.mark.parametrize(
    ("day", "first", "last"),
    [
        (date(2026, 11, 23), date(2025, 12, 1), date(2026, 11, 30)),
        (date(2026, 11, 30), date(2025, 12, 1), date(2026, 11, 30)),
        (date(2026, 12, 1), date(2026, 12, 1), date(2027, 11, 30)),
    ],
)
def test_swe_registration_year(day: date, first: date, last: date) -> None:
    # §1 SWE: registration year 1 Dec - 30 Nov.
    assert registration_year(RegulatorBody.SWE, day) == (first, last)
    assert registration_year(RegulatorBody.NMC, day) is None


def test_nmc_annual_fee_renewal_due_when_not_revalidating() -> None:
    # §1 NMC: annual fee on the renewal date; revalidation every 3 years.
    staff = nurse(registrations=reg(nurse(), expires_on=date(2026, 12, 31)))
    [fee] = check_staff_member(staff, DAY).filter(code="STAFF-REGISTRATION-RENEWAL-DUE")
    assert fee.due == date(2026, 12, 31)
    both = nurse(
        registrations=reg(
            nurse(), expires_on=date(2026, 12, 31), revalidation_due=date(2026, 12, 31)
        )
    )
    assert (
        check_staff_member(both, DAY).filter(code="STAFF-REGISTRATION-RENEWAL-DUE").findings == ()
    )


def test_eligibility_needs_approvals_a_trust_coordinator_profile_requires() -> None:
    # A Trust whose care coordinators must be AMHPs (§2: AMHP approval lasts 5 years, V2).
    amhp_cc = attrs.evolve(
        profile_table().lookup("B6-CC-NURSE", DAY), approvals=(ApprovalKind.AMHP,)
    )
    profiles = {p.code: p for p in profile_table([amhp_cc]).in_force(DAY)}
    decision = coordinator_eligibility(nurse(), DAY, profiles=profiles)
    assert decision.reason_codes == ("STAFF-APPROVAL-MISSING",)
    approved = nurse(approvals=(Approval(kind=ApprovalKind.AMHP, approved_on=date(2024, 1, 8)),))
    assert coordinator_eligibility(approved, DAY, profiles=profiles).eligible
    lapsed = nurse(approvals=(Approval(kind=ApprovalKind.AMHP, approved_on=date(2020, 1, 8)),))
    assert coordinator_eligibility(lapsed, DAY, profiles=profiles).reason_codes == (
        "STAFF-APPROVAL-MISSING",
    )


@pytest.mark.parametrize(
    ("what", "severity"),
    [
        # §1 [V]: late revalidation lapses the registration: an error.
        ("revalidation", Severity.ERROR),
        ("lapsed", Severity.ERROR),
        ("wrong-regulator", Severity.ERROR),
        # §3.1 [V2]/[U] refresher periods, the job descriptions' DBS and driving (V2) and the
        # Trust's own cap are never errors, so neither is the ineligible allocation.
        ("training-expired", Severity.WARNING),
        ("dbs", Severity.WARNING),
        ("driving", Severity.WARNING),
        ("caseload", Severity.WARNING),
    ],
)
def test_ineligible_allocation_is_an_error_only_for_an_error_reason(
    what: str, severity: Severity
) -> None:
    staff, pol = _break(what)
    as_of = datetime(2026, 11, 23, 12, tzinfo=statutory_time.LONDON)
    [finding] = [
        f
        for f in staff_member_audit(staff, CheckContext.at(as_of, pol))
        if f.code == "STAFF-COORDINATOR-INELIGIBLE"
    ]
    assert finding.severity is severity


# --- the entry points ---


def test_check_staff_member_is_the_rules_then_the_audit() -> None:
    # The one public check of a staff record: its consistency (staff_member_rules) and what
    # falls due (staff_member_audit, with the eligibility decision of an allocated person).
    staff = nurse(
        registrations=reg(nurse(), body=RegulatorBody.HCPC, revalidation_due=date(2026, 10, 31))
    )
    report = check_staff_member(staff, DAY)
    ctx = CheckContext.at(DAY, TrustPolicy())
    assert report.findings == (
        *staff_member_rules(staff, TrustPolicy()),
        *staff_member_audit(staff, ctx),
    )
    assert {"STAFF-REGISTRATION-WRONG-REGULATOR", "STAFF-COORDINATOR-INELIGIBLE"} <= report.codes()
    instant = datetime(2026, 11, 23, 9, tzinfo=UTC)
    assert check_staff_member(staff, instant) == report


def test_check_staff_member_with_a_trusts_profiles() -> None:
    custom = attrs.evolve(
        profile_table().lookup("B6-CC-NURSE", DAY), training=("FIRE",), driving_required=False
    )
    profiles = {p.code: p for p in profile_table([custom]).in_force(DAY)}
    staff = nurse(driving_licence=None, training=nurse().training[2:3])
    assert check_staff_member(staff, DAY, profiles=profiles).codes() == set()
    assert "STAFF-COORDINATOR-INELIGIBLE" in check_staff_member(staff, DAY).codes()


def test_eligibility_of_an_instant_is_judged_on_its_london_day() -> None:
    # 23:30 UTC on 31 August 2026 is 00:30 on 1 September in London (BST).
    staff = nurse(registrations=reg(nurse(), revalidation_due=date(2026, 8, 31)))
    decision = coordinator_eligibility(staff, datetime(2026, 8, 31, 23, 30, tzinfo=UTC))
    assert decision.as_of == date(2026, 9, 1)
    assert "STAFF-REVALIDATION-OVERDUE" in decision.reason_codes
    assert coordinator_eligibility(staff, date(2026, 8, 31)).eligible
