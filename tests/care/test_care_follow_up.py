"""Follow-up after inpatient discharge, counted as NHS England counts the 72-hour measure.

Source for every golden case unless stated: NHSDigital/mental-health-monthly-statistics,
menh_publications/notebooks/02_72HOURS/01_Prepare/PrepViews.py and
00_common_objects/00_version_change_tables.py (reference care-coordination.md section 7.1
and its verification addendum): first counting event strictly after the discharge date and
DATEDIFF(event, discharge) <= 3, day granularity.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from care_builders import contact, discharge, evolve, policy

from cpa_core.care import (
    DISCHARGE_PLAN_NOT_SENT,
    FOLLOW_UP_BREACHED,
    FOLLOW_UP_DUE,
    FOLLOW_UP_MET,
    FOLLOW_UP_NOT_ELIGIBLE,
    FollowUpEvent,
    FollowUpEventKind,
    FollowUpRule,
    FollowUpStatus,
    InpatientDischarge,
    discharge_audit,
    follow_up,
)
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, Severity

DISCHARGED = datetime(2026, 3, 2, 11, 0, tzinfo=UTC)  # London date 2026-03-02 (GMT)
LATER = datetime(2026, 4, 1, tzinfo=UTC)
BST = timezone(timedelta(hours=1))


def at(day: int, hour: int = 10, minute: int = 0) -> datetime:
    """An instant in March 2026 (GMT, so UTC and London dates agree)."""
    return datetime(2026, 3, day, hour, minute, tzinfo=UTC)


# --- the counting rule: "a contact on the discharge date does not count; day 3 counts;
# day 4 breaches" (issue 3, Done when) -------------------------------------------------------


def test_contact_on_the_discharge_date_does_not_count() -> None:
    outcome = follow_up(discharge(DISCHARGED, contact(at(2, 18))), LATER)
    assert outcome.status is FollowUpStatus.BREACHED
    assert outcome.met_on is None


def test_contact_on_day_one_counts() -> None:
    outcome = follow_up(discharge(DISCHARGED, contact(at(3, 0, 5))), LATER)
    assert outcome.status is FollowUpStatus.MET
    assert outcome.met_on == date(2026, 3, 3)


def test_contact_on_day_three_counts_late_in_the_day() -> None:
    outcome = follow_up(discharge(DISCHARGED, contact(at(5, 23, 59))), LATER)
    assert outcome.status is FollowUpStatus.MET
    assert outcome.met_on == date(2026, 3, 5)
    assert outcome.due == date(2026, 3, 5)


def test_contact_on_day_four_breaches() -> None:
    outcome = follow_up(discharge(DISCHARGED, contact(at(6, 0, 1))), LATER)
    assert outcome.status is FollowUpStatus.BREACHED
    assert outcome.due == date(2026, 3, 5)


def test_days_not_clock_hours() -> None:
    """Discharged at 00:30 and seen at 23:30 on day 3 (95 hours later): still met."""
    outcome = follow_up(discharge(at(2, 0, 30), contact(at(5, 23, 30))), LATER)
    assert outcome.status is FollowUpStatus.MET


def test_the_discharge_date_is_the_london_date() -> None:
    """23:30 UTC on 1 July is 00:30 on 2 July in London (BST): 2 July is day 0."""
    left = datetime(2026, 7, 1, 23, 30, tzinfo=UTC)
    same_london_day = contact(datetime(2026, 7, 2, 10, 0, tzinfo=BST))
    third_london_day = contact(datetime(2026, 7, 5, 23, 30, tzinfo=BST))
    record = discharge(left, same_london_day, third_london_day)
    outcome = follow_up(record, datetime(2026, 8, 1, tzinfo=UTC))
    assert outcome.discharge_date == date(2026, 7, 2)
    assert outcome.met_on == date(2026, 7, 5)


def test_earliest_counting_event_is_reported() -> None:
    record = discharge(DISCHARGED, contact(at(5)), contact(at(4)), contact(at(2)))
    assert follow_up(record, LATER).met_on == date(2026, 3, 4)


# --- status as of a date -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("as_of", "status"),
    [
        (at(2, 12), FollowUpStatus.PENDING),
        (at(5, 23, 59), FollowUpStatus.PENDING),
        (at(6, 0, 0), FollowUpStatus.BREACHED),
    ],
)
def test_pending_until_the_end_of_day_three(as_of: datetime, status: FollowUpStatus) -> None:
    assert follow_up(discharge(DISCHARGED), as_of).status is status


def test_events_after_as_of_are_not_yet_known() -> None:
    record = discharge(DISCHARGED, contact(at(4)))
    assert follow_up(record, at(3, 12)).status is FollowUpStatus.PENDING
    assert follow_up(record, at(4, 12)).status is FollowUpStatus.MET


# --- what counts -----------------------------------------------------------------------------


@pytest.mark.parametrize("mechanism", ["01", "02", "04", "11"])
def test_counting_mechanisms_from_october_2021(mechanism: str) -> None:
    """ConsMechanismMH IN ('01','02','04','11') from MHSDS v5 (UniqMonthID >= 1459)."""
    record = discharge(DISCHARGED, contact(at(3), mechanism))
    assert follow_up(record, LATER).status is FollowUpStatus.MET


@pytest.mark.parametrize("mechanism", ["03", "05", "06", "09", "10", "12", "13", "98"])
def test_asynchronous_and_retired_mechanisms_do_not_count(mechanism: str) -> None:
    record = discharge(DISCHARGED, contact(at(3), mechanism))
    assert follow_up(record, LATER).status is FollowUpStatus.BREACHED


def test_mechanisms_follow_the_data_set_version() -> None:
    """03 (web camera) counted to September 2021; 11 (video) from October 2021."""
    before = datetime(2021, 6, 1, 10, tzinfo=UTC)
    webcam = discharge(before, contact(before + timedelta(days=1), "03"), bed_class="10")
    video = discharge(before, contact(before + timedelta(days=1), "11"), bed_class="10")
    assert follow_up(webcam, LATER).status is FollowUpStatus.MET
    assert follow_up(video, LATER).status is FollowUpStatus.BREACHED


def test_a_contact_not_attended_does_not_count() -> None:
    record = discharge(DISCHARGED, contact(at(3), attended=False))
    assert follow_up(record, LATER).status is FollowUpStatus.BREACHED


def test_a_contact_without_a_mechanism_does_not_count() -> None:
    record = discharge(DISCHARGED, FollowUpEvent(at=at(3)))
    assert follow_up(record, LATER).status is FollowUpStatus.BREACHED


def test_a_readmission_counts() -> None:
    record = discharge(DISCHARGED, FollowUpEvent(at=at(4), kind=FollowUpEventKind.READMISSION))
    assert follow_up(record, LATER).status is FollowUpStatus.MET


def test_indirect_activity_counts_only_by_local_choice() -> None:
    """The current code excludes indirect activity; the 2019/20 CQUIN counted it."""
    record = discharge(DISCHARGED, FollowUpEvent(at=at(3), kind=FollowUpEventKind.INDIRECT))
    assert follow_up(record, LATER).status is FollowUpStatus.BREACHED
    local = policy(follow_up_counts_indirect_activity=True)
    assert follow_up(record, LATER, local).status is FollowUpStatus.MET


def test_only_the_responsible_provider_counts() -> None:
    """An onward referral during the stay makes the receiving provider responsible."""
    by_discharger = contact(at(3), provider="RXX")
    by_onward = contact(at(3), provider="RYY")
    assert follow_up(discharge(DISCHARGED, by_onward), LATER).status is FollowUpStatus.BREACHED
    onward = discharge(DISCHARGED, by_discharger, onward_provider="RYY")
    assert follow_up(onward, LATER).status is FollowUpStatus.BREACHED
    onward_met = discharge(DISCHARGED, by_onward, onward_provider="RYY")
    assert follow_up(onward_met, LATER).status is FollowUpStatus.MET


# --- eligibility ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"method": "4"}, "discharge method"),
        ({"method": "5"}, "discharge method"),
        ({"destination": "30"}, "discharge destination"),
        ({"destination": "87"}, "discharge destination"),
        ({"destination": "89"}, "discharge destination"),
        ({"bed_class": "11"}, "not an adult acute bed class"),
        ({"bed_class": "203"}, "not an adult acute bed class"),
        ({"died_on": date(2026, 3, 5)}, "died within the follow-up window"),
        ({"resident_in_england": False}, "not resident in England"),
    ],
)
def test_ineligible_discharges(changes: dict[str, object], reason: str) -> None:
    outcome = follow_up(evolve(discharge(DISCHARGED), **changes), LATER)
    assert outcome.status is FollowUpStatus.NOT_ELIGIBLE
    assert reason in outcome.exclusions


@pytest.mark.parametrize(
    "changes",
    [
        {"destination": "51"},  # NHS general ward: not excluded
        {"destination": "52"},  # maternity ward: not excluded
        {"destination": None, "method": None},  # nulls allowed
        {"died_on": date(2026, 3, 6)},  # died on day 4: still counted
        {"resident_in_england": None},  # unknown residence counts
        {"bed_class": "213"},
    ],
)
def test_eligible_discharges(changes: dict[str, object]) -> None:
    outcome = follow_up(evolve(discharge(DISCHARGED), **changes), LATER)
    assert outcome.status is FollowUpStatus.BREACHED
    assert outcome.exclusions == ()


def test_bed_classes_follow_the_data_set_version() -> None:
    """HospitalBedTypeMH 10-18 before April 2024; MHAdmittedPatientClass 200-213 after."""
    old = datetime(2023, 5, 1, 10, tzinfo=UTC)
    assert follow_up(discharge(old, bed_class="11"), LATER).exclusions == ()
    assert follow_up(discharge(old, bed_class="200"), LATER).exclusions != ()


def test_destination_codes_follow_the_data_set_version() -> None:
    """38 excluded to September 2021; 40, 42 and 89 from October 2021."""
    v4 = datetime(2021, 6, 1, 10, tzinfo=UTC)
    v5 = datetime(2022, 6, 1, 10, tzinfo=UTC)
    assert follow_up(discharge(v4, destination="38", bed_class="10"), LATER).exclusions
    assert not follow_up(discharge(v5, destination="38", bed_class="10"), LATER).exclusions
    assert not follow_up(discharge(v4, destination="42", bed_class="10"), LATER).exclusions
    assert follow_up(discharge(v5, destination="42", bed_class="10"), LATER).exclusions


def test_no_rule_before_the_measure_began() -> None:
    outcome = follow_up(discharge(datetime(2019, 1, 10, tzinfo=UTC)), LATER)
    assert outcome.status is FollowUpStatus.NOT_ELIGIBLE
    assert outcome.rule is None


# --- the legacy 7-day rule as a policy option (QualityWatch / Nuffield Trust [V2]) ---------


def test_seven_day_rule_counts_to_day_seven() -> None:
    seven = policy(follow_up_rule=FollowUpRule.SEVEN_DAY)
    day_five = discharge(DISCHARGED, contact(at(7)))
    assert follow_up(day_five, LATER).status is FollowUpStatus.BREACHED
    outcome = follow_up(day_five, LATER, seven)
    assert outcome.status is FollowUpStatus.MET
    assert outcome.due == date(2026, 3, 9)
    assert follow_up(discharge(DISCHARGED, contact(at(10))), LATER, seven).status is (
        FollowUpStatus.BREACHED
    )


def test_seven_day_rule_covers_every_psychiatric_bed() -> None:
    seven = policy(follow_up_rule=FollowUpRule.SEVEN_DAY)
    record = discharge(DISCHARGED, bed_class="203", died_on=date(2026, 3, 4))
    assert follow_up(record, LATER, seven).status is FollowUpStatus.BREACHED


# --- findings ------------------------------------------------------------------------------


def test_findings_for_each_status() -> None:
    default = policy()

    def follow_up_findings(record: InpatientDischarge, as_of: datetime) -> list[Finding]:
        found = discharge_audit(record, CheckContext.at(as_of, default))
        return [f for f in found if f.code != DISCHARGE_PLAN_NOT_SENT.code]

    pending = follow_up_findings(discharge(DISCHARGED), at(3))
    assert [(f.code, f.due) for f in pending] == [(FOLLOW_UP_DUE.code, date(2026, 3, 5))]
    met = follow_up_findings(discharge(DISCHARGED, contact(at(5))), LATER)
    assert [f.code for f in met] == [FOLLOW_UP_MET.code]
    assert "day 3" in met[0].message
    breached = follow_up_findings(discharge(DISCHARGED), LATER)
    # The counting rules are NHS England's analysis code, a secondary source: a warning.
    assert [(f.code, f.severity) for f in breached] == [(FOLLOW_UP_BREACHED.code, Severity.WARNING)]
    ineligible = follow_up_findings(discharge(DISCHARGED, method="4"), LATER)
    assert [f.code for f in ineligible] == [FOLLOW_UP_NOT_ELIGIBLE.code]


def test_a_seven_day_breach_is_only_a_warning() -> None:
    """The 7-day rule's source is secondary ([V2]): never an error."""
    seven = policy(follow_up_rule=FollowUpRule.SEVEN_DAY)
    sent = DISCHARGED + timedelta(hours=1)
    (finding,) = discharge_audit(
        discharge(DISCHARGED, plan_sent_at=sent), CheckContext.at(LATER, seven)
    )
    assert finding.code == FOLLOW_UP_BREACHED.code
    assert finding.severity is Severity.WARNING


def test_a_discharge_after_as_of_gives_nothing() -> None:
    assert list(discharge_audit(discharge(DISCHARGED), CheckContext.at(at(1), policy()))) == []


def test_messages_carry_no_identifiers() -> None:
    record = discharge(DISCHARGED, nhs_number="9990000417")
    for finding in discharge_audit(record, CheckContext.at(LATER, policy())):
        assert "9990000417" not in finding.message
        assert finding.subject_id == "HS-T1"


# --- care plan sent within 24 hours of discharge (NICE QS159 statement 3 [V]) ---------------


def _plan_findings(record: InpatientDischarge, as_of: datetime) -> list[Finding]:
    return [
        f
        for f in discharge_audit(record, CheckContext.at(as_of, policy()))
        if f.code == DISCHARGE_PLAN_NOT_SENT.code
    ]


def test_plan_sent_within_24_hours_gives_nothing() -> None:
    record = discharge(DISCHARGED, plan_sent_at=DISCHARGED + timedelta(hours=23, minutes=59))
    assert _plan_findings(record, LATER) == []


def test_plan_sent_at_24_hours_is_late() -> None:
    """24 hours from the discharge instant, real elapsed time: the end is exclusive."""
    record = discharge(DISCHARGED, plan_sent_at=DISCHARGED + timedelta(hours=24))
    (finding,) = _plan_findings(record, LATER)
    assert finding.due == DISCHARGED + timedelta(hours=24)
    assert finding.severity is Severity.WARNING
    assert "sent more than 24 hours after discharge" in finding.message


def test_plan_not_sent_is_flagged_once_the_24_hours_have_passed() -> None:
    record = discharge(DISCHARGED)
    assert _plan_findings(record, DISCHARGED + timedelta(hours=23)) == []
    (finding,) = _plan_findings(record, DISCHARGED + timedelta(hours=24))
    assert "not sent within 24 hours" in finding.message
    sent_later = discharge(DISCHARGED, plan_sent_at=DISCHARGED + timedelta(days=3))
    (unknown_yet,) = _plan_findings(sent_later, DISCHARGED + timedelta(days=2))
    assert "not sent within" in unknown_yet.message


def test_plan_sent_across_the_clock_change_counts_real_hours() -> None:
    """Discharged 12:00 BST on 24 October 2026; clocks go back on 25 October."""
    left = datetime(2026, 10, 24, 12, 0, tzinfo=BST)
    sent = datetime(2026, 10, 25, 11, 30, tzinfo=UTC)  # 24.5 hours later
    assert _plan_findings(discharge(left, plan_sent_at=sent), LATER.replace(month=12)) != []


def test_no_plan_finding_after_a_death_or_before_the_standard() -> None:
    assert _plan_findings(discharge(DISCHARGED, method="4"), LATER) == []
    old = datetime(2017, 1, 10, 10, tzinfo=UTC)
    assert _plan_findings(discharge(old), LATER) == []
