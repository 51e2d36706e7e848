"""The care record kinds: schemas, example records, rule tables and property tests."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone
from importlib import resources
from typing import Any, TypeVar

from care_builders import discharge, episode, plan, policy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import care, registry
from cpa_core.care import (
    DOMAIN,
    AttendeeRole,
    CareApproach,
    CareEpisode,
    CarePlanVersion,
    CoordinatorAssignment,
    CoordinatorRole,
    Discharge,
    DischargeKind,
    DischargeReason,
    FollowUpEvent,
    FollowUpEventKind,
    FollowUpRule,
    FollowUpStatus,
    InpatientDischarge,
    PlanSection,
    ProgressNote,
    Referral,
    Review,
    ReviewKind,
    ReviewOutcome,
    check_caseload,
    check_discharge,
    check_episode,
    discharge_audit,
    episode_audit,
    episode_rules,
    follow_up,
    next_review_due,
)
from cpa_core.context import CheckContext
from cpa_core.convert import unstructure
from cpa_core.findings import Severity
from cpa_core.policy import TrustPolicy, policy_from_mapping
from cpa_core.policy.care import CarePolicy
from cpa_core.provenance import Evidence
from cpa_core.statutory_time import london_date
from cpa_core.validation import Validated, validate_record

M = TypeVar("M")

# --- declarations ---------------------------------------------------------------------------


def test_area_declarations_are_registered() -> None:
    assert {k.name for k in DOMAIN.record_kinds} == {"care-episode", "care-inpatient-discharge"}
    assert set(registry.record_kinds()) >= {"care-episode", "care-inpatient-discharge"}
    declared = registry.finding_codes()
    for code in DOMAIN.finding_codes:
        assert code.area == "CARE"
        assert declared[code.code] is code
    assert len({c.code for c in DOMAIN.finding_codes}) == len(DOMAIN.finding_codes)


def test_all_is_sorted_and_complete() -> None:
    """Each room lists its names once, sorted; the area re-exports every room's list."""
    rooms = (
        care.models,
        care.rules,
        care.checks,
        care.cycle.models,
        care.cycle.rules,
        care.cycle.checks,
        care.inpatient.models,
        care.inpatient.rules,
        care.inpatient.checks,
    )
    for room in rooms:
        assert list(room.__all__) == sorted(
            room.__all__, key=lambda n: (not n.isupper(), not n[0].isupper(), n)
        )
    assert care.__all__ == ["DOMAIN"] + [name for room in rooms for name in room.__all__]
    assert len(set(care.__all__)) == len(care.__all__)
    for name in care.__all__:
        assert hasattr(care, name)


def test_every_rule_row_is_sourced_and_dated() -> None:
    for table in DOMAIN.rule_tables:
        assert table.description
        for row in table:
            assert row.source.title
            assert row.source.locator or row.source.url
            assert row.effective.start is not None


def test_evidence_grades_match_the_reference() -> None:
    """Each row's grade is the one care-coordination.md gives the fact it encodes."""
    from cpa_core.care import inpatient, rules

    on = date(2026, 11, 23)
    grades = {(r.approach, r.section): r.source.evidence for r in rules.PLAN_SECTIONS.in_force(on)}
    secondary, unverified = Evidence.SECONDARY, Evidence.UNVERIFIED
    # Section 4: NHS Choices / reacttoolkit / the 2013 audit items [V2]; the 2008 list [U].
    for section in (
        PlanSection.CRISIS_PLAN,
        PlanSection.RISK_MANAGEMENT,
        PlanSection.CONTINGENCY_PLAN,
        PlanSection.OUT_OF_HOURS,
        PlanSection.RELAPSE_INDICATORS,
    ):
        assert grades[CareApproach.CPA, section] is secondary
    assert grades[CareApproach.CPA, PlanSection.PHYSICAL_HEALTH] is unverified
    # No source says a standard-care or CMHF plan must have a crisis plan: cpa_core infers
    # it from the MHS19 measure, so the row is unverified.
    assert grades[CareApproach.STANDARD, PlanSection.CRISIS_PLAN] is unverified
    assert grades[CareApproach.CMHF, PlanSection.CRISIS_PLAN] is unverified
    # Section 3 and 6: review at least annually [V2] (also [U]); never verified.
    for row in rules.REVIEW_INTERVALS:
        assert row.months == 12
        assert not row.source.verified
    # Section 7: the 72-hour counting (graded [V] in the reference) is stated only in NHS
    # England's analysis code, so it is a secondary source with that reason; the 7-day
    # rule [V2]; QS159 statement 3 [V].
    seventy_two = inpatient.FOLLOW_UP_RULES.lookup(FollowUpRule.SEVENTY_TWO_HOURS, on)
    seven = inpatient.FOLLOW_UP_RULES.lookup(FollowUpRule.SEVEN_DAY, on)
    assert (seventy_two.days, seventy_two.source.evidence) == (3, secondary)
    assert "analysis code" in seventy_two.source.secondary_reason
    assert (seven.days, seven.source.evidence) == (7, secondary)
    plan_sent = inpatient.DISCHARGE_COMMUNICATION.lookup("care-plan-sent", on)
    assert (plan_sent.hours, plan_sent.source.evidence) == (24, Evidence.VERIFIED)


def test_no_error_code_rests_on_an_unverified_source() -> None:
    """[U] facts are at most warnings (reference README, evidence tags)."""
    for code in DOMAIN.finding_codes:
        if code.severity is Severity.ERROR and code.source is not None:
            assert code.source.evidence is not Evidence.UNVERIFIED


def test_policy_section_loads_from_a_trust_file() -> None:
    trust = policy_from_mapping(
        {
            "care": {
                "review_interval_months": 6,
                "follow_up_rule": "7-day",
                "plan_sections_cmhf": ["crisis-plan", "relapse-indicators"],
            }
        }
    )
    assert trust.care.review_interval_months == 6
    assert trust.care.follow_up_rule is FollowUpRule.SEVEN_DAY
    assert trust.care.plan_sections_cmhf == (
        PlanSection.CRISIS_PLAN,
        PlanSection.RELAPSE_INDICATORS,
    )


# --- example records -------------------------------------------------------------------------


def _examples(kind: str) -> list[dict[str, Any]]:
    text = (resources.files("cpa_core") / "examples" / "team" / f"{kind}.ndjson").read_text(
        encoding="utf-8"
    )
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_examples_validate_without_record_errors() -> None:
    for kind in DOMAIN.record_kinds:
        rows = _examples(kind.name)
        assert rows
        for row in rows:
            result = validate_record(kind, row)
            assert result.record is not None
            assert not [
                f
                for f in result.report
                if f.code.startswith("RECORD-") and f.severity is not Severity.INFO
            ]


def _read(outcome: Validated[M]) -> M:
    assert outcome.record is not None, [str(f) for f in outcome.report]
    return outcome.record


def test_examples_show_the_area_at_the_audit_date() -> None:
    episodes = [_read(validate_record("care-episode", r)) for r in _examples("care-episode")]
    discharges = [
        _read(validate_record("care-inpatient-discharge", r))
        for r in _examples("care-inpatient-discharge")
    ]
    report = check_caseload(episodes, discharges, as_of=datetime(2026, 11, 23, tzinfo=UTC))
    assert {
        "CARE-REVIEW-OVERDUE",
        "CARE-REVIEW-DUE-SOON",
        "CARE-FOLLOW-UP-DUE",
        "CARE-FOLLOW-UP-BREACHED",
        "CARE-CYCLE-ILLEGAL",
        "CARE-EPISODE-DUPLICATE",
        "CARE-NO-COORDINATOR",
    } <= report.codes()


def test_one_record_checks_are_its_rules_and_its_audit() -> None:
    """check_episode and check_discharge: a date means the start of that day in London."""
    as_of = date(2026, 11, 23)
    ctx = CheckContext.at(datetime(2026, 11, 23, tzinfo=UTC), TrustPolicy())
    for row in _examples("care-episode"):
        record = validate_record("care-episode", row).record
        assert isinstance(record, CareEpisode)
        expected = [*episode_rules(record, ctx.policy), *episode_audit(record, ctx)]
        assert list(check_episode(record, as_of)) == expected
    for row in _examples("care-inpatient-discharge"):
        stay = validate_record("care-inpatient-discharge", row).record
        assert isinstance(stay, InpatientDischarge)
        assert list(check_discharge(stay, as_of)) == list(discharge_audit(stay, ctx))


# --- property tests ----------------------------------------------------------------------------

# Mostly realistic dates, sometimes the last weeks of the calendar (sums must not overflow).
DAYS = st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)) | st.dates(
    min_value=date(9999, 12, 1)
)
ZONES = st.sampled_from([UTC, timezone(timedelta(hours=1)), timezone(timedelta(hours=-5))])
INSTANTS = st.builds(
    lambda d, s, z: datetime(d.year, d.month, d.day, tzinfo=z) + timedelta(seconds=s),
    st.dates(min_value=date(2015, 1, 1), max_value=date(2030, 12, 31)),
    st.integers(0, 86_399),
    ZONES,
) | st.datetimes(min_value=datetime(9999, 12, 1), max_value=datetime(9999, 12, 31, 12)).map(
    lambda d: d.replace(tzinfo=UTC)
)
IDS = st.from_regex(r"\A[A-Z][A-Z0-9-]{0,8}\Z")
NHS = st.sampled_from([None, "9990000131", "9990000271", "9990000417"])


@st.composite
def assignments(draw: st.DrawFn) -> CoordinatorAssignment:
    start = draw(DAYS)
    room = (date.max - start).days
    end = draw(st.none() | st.integers(0, min(900, room)).map(lambda n: start + timedelta(days=n)))
    return CoordinatorAssignment(
        staff_id=draw(IDS), role=draw(st.sampled_from(CoordinatorRole)), start=start, end=end
    )


PLANS = st.builds(
    CarePlanVersion,
    version=st.integers(1, 20),
    written_on=DAYS,
    sections=st.lists(st.sampled_from(PlanSection), unique=True).map(tuple),
    risk_plan_id=st.none() | IDS,
    carer_identified=st.booleans(),
    carer_assessment_offered_on=st.none() | DAYS,
    agreed_on=st.none() | DAYS,
    copy_given=st.booleans(),
    shared_on=st.none() | DAYS,
)
REVIEWS = st.builds(
    Review,
    on=DAYS,
    kind=st.sampled_from(ReviewKind),
    attendees=st.lists(st.sampled_from(AttendeeRole), unique=True).map(tuple),
    outcome=st.sampled_from(ReviewOutcome),
)
EPISODES = st.builds(
    CareEpisode,
    episode_id=IDS,
    person_id=st.sampled_from(["P001", "P002"]),
    nhs_number=NHS,
    team=st.just("RIV-CMHT"),
    approach=st.sampled_from(CareApproach),
    referral=st.builds(Referral, received_on=DAYS, re_referral_of=st.none() | IDS),
    assessment=st.none() | st.builds(care.Assessment, completed_on=DAYS, staff_id=IDS),
    coordinators=st.lists(assignments(), max_size=3).map(tuple),
    plans=st.lists(PLANS, max_size=3).map(tuple),
    reviews=st.lists(REVIEWS, max_size=3).map(tuple),
    discharge=st.none()
    | st.builds(
        Discharge,
        on=DAYS,
        kind=st.sampled_from(DischargeKind),
        reason=st.sampled_from(DischargeReason),
        discharge_plan=st.booleans(),
    ),
    notes=st.lists(
        st.builds(
            ProgressNote, note_id=IDS, staff_id=IDS, contact_at=INSTANTS, recorded_at=INSTANTS
        ),
        max_size=2,
    ).map(tuple),
)
CODES2 = st.sampled_from(["01", "02", "03", "04", "05", "11", "19", "30", "38", "42", "51"])
DISCHARGES = st.builds(
    InpatientDischarge,
    discharge_id=IDS,
    person_id=st.just("P003"),
    nhs_number=NHS,
    episode_id=st.none() | IDS,
    provider=st.sampled_from(["RXX", "RYY"]),
    onward_provider=st.none() | st.sampled_from(["RXX", "RYY"]),
    discharged_at=INSTANTS,
    bed_class=st.sampled_from(["10", "11", "17", "200", "203", "213"]),
    method=st.none() | st.sampled_from(["1", "4", "5"]),
    destination=st.none() | CODES2,
    died_on=st.none() | DAYS,
    resident_in_england=st.none() | st.booleans(),
    follow_ups=st.lists(
        st.builds(
            FollowUpEvent,
            at=INSTANTS,
            kind=st.sampled_from(FollowUpEventKind),
            attended=st.booleans(),
            mechanism=st.none() | CODES2,
            provider=st.none() | st.sampled_from(["RXX", "RYY"]),
        ),
        max_size=4,
    ).map(tuple),
)
POLICIES = st.builds(
    lambda months, days, rule, indirect, hours, required: TrustPolicy(
        care=CarePolicy(
            review_interval_months=months,
            plan_due_days=days,
            follow_up_rule=rule,
            follow_up_counts_indirect_activity=indirect,
            max_note_delay_hours=hours,
            discharge_plan_required=required,
        )
    ),
    st.none() | st.integers(1, 36),
    st.none() | st.integers(1, 365),
    st.sampled_from(FollowUpRule),
    st.booleans(),
    st.integers(1, 336),
    st.booleans(),
)

_SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@_SETTINGS
@given(st.lists(EPISODES, max_size=3), st.lists(DISCHARGES, max_size=3), INSTANTS, POLICIES)
def test_caseload_check_never_raises_on_schema_valid_input(
    episodes: list[CareEpisode],
    discharges: list[InpatientDischarge],
    as_of: datetime,
    trust: TrustPolicy,
) -> None:
    read_episodes = []
    for record in episodes:
        episode = _read(validate_record("care-episode", unstructure(record), policy=trust))
        assert episode == record  # model -> JSON -> schema-valid -> the same model
        read_episodes.append(episode)
    read_discharges = []
    for stay in discharges:
        read = _read(validate_record("care-inpatient-discharge", unstructure(stay), policy=trust))
        assert read == stay
        read_discharges.append(read)
    report = check_caseload(read_episodes, read_discharges, as_of=as_of, policy=trust)
    for finding in report:
        assert finding.code.startswith("CARE-")


@_SETTINGS
@given(EPISODES, INSTANTS, POLICIES)
def test_episode_due_dates_never_precede_the_event_they_follow(
    record: CareEpisode, as_of: datetime, trust: TrustPolicy
) -> None:
    report = check_caseload([record], as_of=as_of, policy=trust)
    for finding in report:
        if finding.due is None:
            continue
        if finding.code in ("CARE-REVIEW-OVERDUE", "CARE-REVIEW-DUE-SOON"):
            assert isinstance(finding.due, date)
            assert finding.due > min(p.written_on for p in record.plans)
        elif finding.code == "CARE-PLAN-OVERDUE":
            assert record.assessment is not None
            assert finding.due > record.assessment.completed_on
        elif finding.code == "CARE-NOTE-LATE":
            index = int(finding.path.split("[")[1].split("]")[0])
            assert finding.due > record.notes[index].contact_at


@_SETTINGS
@given(DISCHARGES, INSTANTS, POLICIES)
def test_follow_up_due_dates_never_precede_the_discharge(
    record: InpatientDischarge, as_of: datetime, trust: TrustPolicy
) -> None:
    for finding in check_caseload([], [record], as_of=as_of, policy=trust):
        if isinstance(finding.due, datetime):
            assert finding.due > record.discharged_at
        elif finding.due is not None:
            assert finding.due > london_date(record.discharged_at)


def test_sums_past_the_end_of_the_calendar_are_skipped() -> None:
    """A due date after 9999-12-31 cannot be named: the check waits rather than raising."""
    late = date(9999, 12, 30)
    record = episode(referred=late, assessed=late, plans=(plan(late),))
    assert next_review_due(record, date.max) is None
    end = datetime(9999, 12, 31, 12, tzinfo=UTC)
    assert check_caseload([record], as_of=end, policy=policy(plan_due_days=5)).findings == ()
    stay = discharge(datetime(9999, 12, 30, 10, tzinfo=UTC))
    assert follow_up(stay, end).status is FollowUpStatus.PENDING
    last_noon = discharge(end)
    assert [f.code for f in check_caseload([], [last_noon], as_of=end)] == ["CARE-FOLLOW-UP-DUE"]
