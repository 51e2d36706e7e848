"""Dated checks of a care episode: reviews, plan content, named worker, notes, approach.

Review interval golden cases cite REVIEW_INTERVALS (NHS Choices / Kingdon 2019: formal review
at least once a year [V2], also graded [U]) and the Trust override of 6 months (reference
care-coordination.md section 6 [U]). Plan sections cite PLAN_SECTIONS (section 4).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from care_builders import discharge, episode, plan, policy

from cpa_core.care import (
    APPROACH_NOT_IN_USE,
    CARER_NOT_OFFERED,
    EPISODE_DUPLICATE,
    NO_COORDINATOR,
    NOTE_LATE,
    PLAN_NOT_AGREED,
    PLAN_NOT_SHARED,
    PLAN_OVERDUE,
    PLAN_SECTION_MISSING,
    REVIEW_DUE_SOON,
    REVIEW_INTERVALS,
    REVIEW_OVERDUE,
    CareApproach,
    CoordinatorAssignment,
    CoordinatorRole,
    Discharge,
    PlanSection,
    ProgressNote,
    check_caseload,
    episode_audit,
    next_review_due,
    required_sections,
)
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, Severity
from cpa_core.policy import GeneralPolicy, TrustPolicy
from cpa_core.policy.care import CarePolicy
from cpa_core.provenance import Evidence

PLANNED = date(2025, 2, 3)


def london_noon(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def codes(findings: list[Finding]) -> list[str]:
    return [f.code for f in findings]


def audit(record: object, day: date, trust: TrustPolicy | None = None) -> list[Finding]:
    return list(episode_audit(record, CheckContext.at(london_noon(day), trust or policy())))  # type: ignore[arg-type]


# --- review interval -------------------------------------------------------------------------


def test_twelve_month_window_from_the_first_plan() -> None:
    record = episode()
    assert next_review_due(record, date(2025, 6, 1)) == (
        date(2026, 2, 3),
        REVIEW_INTERVALS.lookup(CareApproach.CPA, date(2025, 6, 1)).source,
    )
    assert REVIEW_OVERDUE.code not in codes(audit(record, date(2026, 2, 3)))
    overdue = [f for f in audit(record, date(2026, 2, 4)) if f.code == REVIEW_OVERDUE.code]
    assert [(f.due, f.severity) for f in overdue] == [(date(2026, 2, 3), Severity.WARNING)]


def test_six_month_trust_override() -> None:
    six = policy(review_interval_months=6)
    record = episode()
    due, source = next_review_due(record, date(2025, 6, 1), six) or (None, None)
    assert due == date(2025, 8, 3)
    assert source is not None
    assert source.evidence is Evidence.UNVERIFIED
    assert REVIEW_OVERDUE.code not in codes(audit(record, date(2025, 8, 3), six))
    assert REVIEW_OVERDUE.code in codes(audit(record, date(2025, 8, 4), six))


def test_a_review_restarts_the_clock_and_a_revised_plan_does_not() -> None:
    reviewed = episode(reviews=(date(2025, 9, 1),))
    assert next_review_due(reviewed, date(2025, 10, 1)) is not None
    assert next_review_due(reviewed, date(2025, 10, 1))[0] == date(2026, 9, 1)  # type: ignore[index]
    revised = episode(plans=(plan(PLANNED), plan(date(2025, 9, 1), 2)))
    assert next_review_due(revised, date(2025, 10, 1))[0] == date(2026, 2, 3)  # type: ignore[index]


def test_a_review_after_as_of_is_not_yet_known() -> None:
    record = episode(reviews=(date(2026, 3, 1),))
    assert next_review_due(record, date(2026, 2, 10))[0] == date(2026, 2, 3)  # type: ignore[index]


def test_month_end_clamps() -> None:
    record = episode(
        plans=(plan(date(2024, 2, 29)),), assessed=date(2024, 2, 1), referred=date(2024, 1, 10)
    )
    assert next_review_due(record, date(2024, 6, 1))[0] == date(2025, 2, 28)  # type: ignore[index]


def test_due_soon_uses_the_general_window() -> None:
    record = episode()
    soon = [f for f in audit(record, date(2026, 1, 20)) if f.code == REVIEW_DUE_SOON.code]
    assert [(f.due, f.severity) for f in soon] == [(date(2026, 2, 3), Severity.INFO)]
    narrow = TrustPolicy(general=GeneralPolicy(due_soon_days=7))
    assert REVIEW_DUE_SOON.code not in codes(audit(record, date(2026, 1, 20), narrow))


def test_no_review_due_without_a_plan() -> None:
    record = episode(plans=())
    assert next_review_due(record, date(2026, 6, 1)) is None


def test_no_review_interval_before_the_cmhf() -> None:
    record = episode(
        CareApproach.CMHF,
        referred=date(2018, 1, 1),
        assessed=date(2018, 2, 1),
        plans=(plan(date(2018, 3, 1)),),
    )
    assert next_review_due(record, date(2019, 1, 1)) is None


def test_review_defaults_are_never_verified() -> None:
    """[V2]/[U] only: a review finding can never be an error."""
    for row in REVIEW_INTERVALS:
        assert row.months == 12
        assert row.source.evidence is not Evidence.VERIFIED


# --- plan sections and content ------------------------------------------------------------


def test_cpa_default_sections() -> None:
    sections = required_sections(CareApproach.CPA, date(2026, 1, 1))
    assert set(sections) == set(PlanSection)
    assert sections[PlanSection.PHYSICAL_HEALTH].evidence is Evidence.UNVERIFIED
    assert sections[PlanSection.CRISIS_PLAN].evidence is Evidence.SECONDARY


def test_cmhf_and_standard_default_to_a_crisis_plan() -> None:
    for approach in (CareApproach.CMHF, CareApproach.STANDARD):
        assert set(required_sections(approach, date(2026, 1, 1))) == {PlanSection.CRISIS_PLAN}


def test_trust_lists_replace_the_defaults() -> None:
    trust = policy(
        plan_sections_cmhf=(PlanSection.CRISIS_PLAN, PlanSection.RELAPSE_INDICATORS),
        plan_sections_cpa=(),
        plan_sections_standard=(PlanSection.PHYSICAL_HEALTH,),
    )
    on = date(2026, 1, 1)
    assert set(required_sections(CareApproach.CMHF, on, trust)) == {
        PlanSection.CRISIS_PLAN,
        PlanSection.RELAPSE_INDICATORS,
    }
    assert required_sections(CareApproach.CPA, on, trust) == {}
    assert set(required_sections(CareApproach.STANDARD, on, trust)) == {PlanSection.PHYSICAL_HEALTH}


def test_missing_sections_of_the_latest_plan() -> None:
    thin = (PlanSection.CRISIS_PLAN, PlanSection.RISK_MANAGEMENT)
    record = episode(plans=(plan(PLANNED), plan(date(2025, 6, 1), 2, sections=thin)))
    missing = [f for f in audit(record, date(2025, 7, 1)) if f.code == PLAN_SECTION_MISSING.code]
    assert {f.message.split(" has no ")[1] for f in missing} == {
        "contingency-plan section",
        "out-of-hours section",
        "relapse-indicators section",
        "physical-health section",
    }
    assert {f.path for f in missing} == {"$.plans[1].sections"}
    assert all(f.severity is Severity.WARNING for f in missing)
    before_v2 = audit(record, date(2025, 5, 1))
    assert PLAN_SECTION_MISSING.code not in codes(before_v2)


def test_carer_not_offered_an_assessment() -> None:
    record = episode(plans=(plan(PLANNED, carer_identified=True),))
    found = [f for f in audit(record, date(2025, 6, 1)) if f.code == CARER_NOT_OFFERED.code]
    assert [f.path for f in found] == ["$.plans[0].carer_assessment_offered_on"]
    offered = episode(
        plans=(plan(PLANNED, carer_identified=True, carer_assessment_offered_on=PLANNED),)
    )
    assert CARER_NOT_OFFERED.code not in codes(audit(offered, date(2025, 6, 1)))


def test_plan_not_agreed_and_not_shared() -> None:
    record = episode(plans=(plan(PLANNED, agreed_on=None, copy_given=False, shared_on=None),))
    found = audit(record, date(2025, 6, 1))
    assert [f.path for f in found if f.code == PLAN_NOT_AGREED.code] == ["$.plans[0].agreed_on"]
    assert [f.path for f in found if f.code == PLAN_NOT_SHARED.code] == [
        "$.plans[0].copy_given",
        "$.plans[0].shared_on",
    ]


def test_a_complete_plan_gives_nothing() -> None:
    assert audit(episode(), date(2025, 6, 1)) == []


# --- care plan agreed within N days of assessment (local timescale) -------------------------


def test_plan_timescale_is_only_checked_when_the_trust_sets_one() -> None:
    record = episode(plans=())
    assert PLAN_OVERDUE.code not in codes(audit(record, date(2025, 6, 1)))
    trust = policy(plan_due_days=28)
    assert PLAN_OVERDUE.code not in codes(audit(record, date(2025, 2, 17), trust))
    late = [f for f in audit(record, date(2025, 2, 18), trust) if f.code == PLAN_OVERDUE.code]
    assert [f.due for f in late] == [date(2025, 2, 17)]


def test_plan_agreed_late_or_on_time() -> None:
    trust = policy(plan_due_days=28)
    late = episode(plans=(plan(date(2025, 2, 20)),))
    assert PLAN_OVERDUE.code in codes(audit(late, date(2025, 6, 1), trust))
    on_time = episode(plans=(plan(date(2025, 2, 17)),))
    assert PLAN_OVERDUE.code not in codes(audit(on_time, date(2025, 6, 1), trust))
    not_yet_assessed = episode(assessed=None, plans=())
    assert PLAN_OVERDUE.code not in codes(audit(not_yet_assessed, date(2025, 6, 1), trust))


# --- named care coordinator / key worker ---------------------------------------------------


def test_cmhf_key_worker_missing_is_a_warning_from_a_secondary_copy() -> None:
    """A named key worker for everyone: NHS England CPA position statement, read in a
    secondary copy (NHS England's own page was not found), so never an error."""
    record = episode(CareApproach.CMHF, coordinators=())
    (finding,) = [f for f in audit(record, date(2025, 6, 1)) if f.code == NO_COORDINATOR.code]
    assert finding.severity is Severity.WARNING
    assert "key-worker" in finding.message


def test_cpa_coordinator_missing_is_a_warning() -> None:
    """A CPA care coordinator is a local requirement ([V2] RDaSH) after the retirement."""
    ended = CoordinatorAssignment(
        staff_id="S002",
        role=CoordinatorRole.CARE_COORDINATOR,
        start=date(2025, 1, 20),
        end=date(2025, 5, 31),
    )
    record = episode(coordinators=(ended,))
    assert NO_COORDINATOR.code not in codes(audit(record, date(2025, 5, 31)))
    (finding,) = [f for f in audit(record, date(2025, 6, 1)) if f.code == NO_COORDINATOR.code]
    assert finding.severity is Severity.WARNING


def test_no_coordinator_needed_before_assessment_or_under_standard_care() -> None:
    assert audit(episode(assessed=None), date(2025, 6, 1)) == []
    standard = episode(CareApproach.STANDARD, coordinators=())
    assert NO_COORDINATOR.code not in codes(audit(standard, date(2025, 6, 1)))


def test_assignment_cannot_end_before_it_starts() -> None:
    with pytest.raises(CpaCoreError):
        CoordinatorAssignment(
            staff_id="S1",
            role=CoordinatorRole.KEY_WORKER,
            start=date(2025, 2, 1),
            end=date(2025, 1, 1),
        )


# --- approach -------------------------------------------------------------------------------


def test_cpa_after_retirement_where_the_trust_runs_no_cpa() -> None:
    no_cpa = policy(cpa_in_use=False)
    record = episode()
    assert APPROACH_NOT_IN_USE.code in codes(audit(record, date(2025, 6, 1), no_cpa))
    assert APPROACH_NOT_IN_USE.code not in codes(audit(record, date(2025, 6, 1)))
    old = episode(
        referred=date(2019, 1, 7), assessed=date(2019, 1, 21), plans=(plan(date(2019, 2, 4)),)
    )
    assert APPROACH_NOT_IN_USE.code not in codes(audit(old, date(2019, 6, 1), no_cpa))
    cmhf = episode(CareApproach.CMHF)
    assert APPROACH_NOT_IN_USE.code not in codes(audit(cmhf, date(2025, 6, 1), no_cpa))


# --- progress notes (NMC Code 10.1; 24 hours is a Trust standard [U]) ------------------------


def note(delay: timedelta) -> ProgressNote:
    contact = datetime(2026, 3, 28, 9, 30, tzinfo=UTC)  # the night before the clocks change
    return ProgressNote(
        note_id="N1", staff_id="S001", contact_at=contact, recorded_at=contact + delay
    )


def test_note_within_24_hours_is_on_time() -> None:
    record = episode(notes=(note(timedelta(hours=24)),))
    assert NOTE_LATE.code not in codes(audit(record, date(2026, 4, 1)))


def test_note_after_24_hours_is_late_by_elapsed_time() -> None:
    record = episode(notes=(note(timedelta(hours=24, minutes=1)),))
    (late,) = [f for f in audit(record, date(2026, 4, 1)) if f.code == NOTE_LATE.code]
    assert late.due == datetime(2026, 3, 29, 9, 30, tzinfo=UTC)
    assert late.path == "$.notes[0].recorded_at"
    assert NOTE_LATE.code not in codes(
        audit(record, date(2026, 4, 1), policy(max_note_delay_hours=48))
    )


def test_notes_after_as_of_and_notes_of_closed_episodes() -> None:
    record = episode(notes=(note(timedelta(hours=30)),))
    assert NOTE_LATE.code not in codes(audit(record, date(2026, 3, 27)))
    closed = episode(
        notes=(note(timedelta(hours=30)),),
        discharge=Discharge(on=date(2025, 9, 1), discharge_plan=True),
    )
    assert codes(audit(closed, date(2026, 4, 1))) == [NOTE_LATE.code]


# --- closed and future episodes, the caseload ----------------------------------------------


def test_closed_episode_has_no_dated_findings() -> None:
    closed = episode(
        plans=(plan(PLANNED, agreed_on=None),),
        discharge=Discharge(on=date(2025, 9, 1), discharge_plan=True),
    )
    assert audit(closed, date(2027, 1, 1)) == []
    assert audit(episode(), date(2024, 1, 1)) == []


def test_caseload_flags_a_second_open_episode() -> None:
    first = episode()
    second = episode(episode_id="EP-T2", referred=date(2025, 6, 1), assessed=None, plans=())
    other = episode(CareApproach.CMHF, episode_id="EP-T3")
    report = check_caseload([second, first, other], as_of=london_noon(date(2025, 7, 1)))
    dupes = report.filter(code=EPISODE_DUPLICATE.code)
    assert [f.subject_id for f in dupes] == ["EP-T2"]
    assert "EP-T1" in dupes.findings[0].message


def test_caseload_needs_an_aware_instant() -> None:
    with pytest.raises(CpaCoreError):
        check_caseload([], as_of=datetime(2025, 7, 1))


def test_caseload_runs_rules_audits_and_discharges() -> None:
    illegal = episode(plans=(plan(date(2025, 3, 1)),), reviews=(date(2025, 2, 1),))
    report = check_caseload(
        [illegal],
        [discharge()],
        as_of=london_noon(date(2026, 4, 1)),
        policy=TrustPolicy(care=CarePolicy()),
    )
    assert {"CARE-CYCLE-ILLEGAL", "CARE-FOLLOW-UP-BREACHED"} <= report.codes()
