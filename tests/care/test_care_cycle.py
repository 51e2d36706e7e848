"""The care coordination cycle as a state machine.

Source: the local care coordination process (referral, assessment, plan, review,
discharge/transfer; CNWL 2009 [V2], reference care-coordination.md section 3) and issue 3
("a review before any care plan, a discharge without a discharge plan where policy
requires one, a second open episode of the same kind" are illegal).
"""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from care_builders import episode, plan, policy

from cpa_core.care import (
    CYCLE_ILLEGAL,
    CYCLE_TRANSITIONS,
    CareApproach,
    CareState,
    CycleStep,
    Discharge,
    DischargeKind,
    DischargePlanRefusedError,
    Referral,
    advance,
    episode_events,
    episode_rules,
    first_illegal,
    replay,
    require_no_open_episode,
)
from cpa_core.exceptions import CpaCoreError, IllegalTransitionError
from cpa_core.findings import Severity
from cycles import cyclic_garbage

DAY = date(2026, 1, 5)
STATES: tuple[CareState | None, ...] = (None, *CareState)

LEGAL = {
    (None, CycleStep.REFER): CareState.REFERRED,
    (CareState.REFERRED, CycleStep.ASSESS): CareState.ASSESSED,
    (CareState.REFERRED, CycleStep.DISCHARGE): CareState.DISCHARGED,
    (CareState.REFERRED, CycleStep.TRANSFER): CareState.TRANSFERRED,
    (CareState.ASSESSED, CycleStep.PLAN): CareState.CARE_PLANNED,
    (CareState.ASSESSED, CycleStep.DISCHARGE): CareState.DISCHARGED,
    (CareState.ASSESSED, CycleStep.TRANSFER): CareState.TRANSFERRED,
    (CareState.CARE_PLANNED, CycleStep.PLAN): CareState.CARE_PLANNED,
    (CareState.CARE_PLANNED, CycleStep.REVIEW): CareState.UNDER_REVIEW,
    (CareState.CARE_PLANNED, CycleStep.DISCHARGE): CareState.DISCHARGED,
    (CareState.CARE_PLANNED, CycleStep.TRANSFER): CareState.TRANSFERRED,
    (CareState.UNDER_REVIEW, CycleStep.REVIEW): CareState.UNDER_REVIEW,
    (CareState.UNDER_REVIEW, CycleStep.PLAN): CareState.CARE_PLANNED,
    (CareState.UNDER_REVIEW, CycleStep.DISCHARGE): CareState.DISCHARGED,
    (CareState.UNDER_REVIEW, CycleStep.TRANSFER): CareState.TRANSFERRED,
    (CareState.DISCHARGED, CycleStep.RE_REFER): CareState.REFERRED,
    (CareState.TRANSFERRED, CycleStep.RE_REFER): CareState.REFERRED,
}


def _reason(state: CareState | None, step: CycleStep) -> str:
    """The reason each illegal step must give (the message names the case)."""
    if state in (CareState.DISCHARGED, CareState.TRANSFERRED):
        return "the episode has ended; only a re-referral can follow"
    if step is CycleStep.REFER:
        return "the episode is already open"
    if step is CycleStep.RE_REFER:
        return "no episode to re-open" if state is None else "the episode is already open"
    if state is None:
        return "the episode has no referral"
    if step is CycleStep.REVIEW:
        return "no care plan has been written to review"
    if step is CycleStep.PLAN:
        return "the assessment is not complete"
    return "the assessment is already complete"


def test_the_table_is_exactly_the_cycle() -> None:
    rows = {(r.state, r.step): r.to for r in CYCLE_TRANSITIONS}
    assert rows == LEGAL


@pytest.mark.parametrize(("state", "step"), sorted(LEGAL, key=str))
def test_every_legal_step(state: CareState | None, step: CycleStep) -> None:
    assert advance(state, step, episode_id="EP-1", on=DAY) is LEGAL[state, step]


ILLEGAL = [pair for pair in itertools.product(STATES, CycleStep) if pair not in LEGAL]


@pytest.mark.parametrize(("state", "step"), ILLEGAL, ids=str)
def test_every_illegal_step_is_rejected_with_its_message(
    state: CareState | None, step: CycleStep
) -> None:
    shown = state.value if state is not None else "none"
    reason = _reason(state, step)
    with pytest.raises(IllegalTransitionError) as caught:
        advance(state, step, episode_id="EP-1", on=DAY)
    error = caught.value
    assert (error.subject_id, error.state, error.step) == ("EP-1", shown, step.value)
    assert str(error) == f"EP-1: cannot {step.value} from state {shown!r}: {reason}"
    assert isinstance(error, CpaCoreError)


def test_the_illegal_list_covers_every_other_pair() -> None:
    assert len(ILLEGAL) + len(LEGAL) == len(STATES) * len(CycleStep)
    assert (CareState.ASSESSED, CycleStep.REVIEW) in ILLEGAL  # review before any plan


@pytest.mark.parametrize("state", [CareState.CARE_PLANNED, CareState.UNDER_REVIEW])
def test_discharge_without_a_plan_where_policy_requires_one(state: CareState) -> None:
    with pytest.raises(IllegalTransitionError, match="no discharge plan") as caught:
        advance(state, CycleStep.DISCHARGE, episode_id="EP-1", on=DAY, discharge_plan=False)
    assert caught.value.step == "discharge"
    relaxed = policy(discharge_plan_required=False)
    assert (
        advance(
            state,
            CycleStep.DISCHARGE,
            episode_id="EP-1",
            on=DAY,
            discharge_plan=False,
            policy=relaxed,
        )
        is CareState.DISCHARGED
    )


def test_discharge_before_a_care_plan_needs_no_discharge_plan() -> None:
    after = advance(
        CareState.ASSESSED, CycleStep.DISCHARGE, episode_id="EP-1", on=DAY, discharge_plan=False
    )
    assert after is CareState.DISCHARGED


def test_no_rule_before_the_cycle_existed() -> None:
    with pytest.raises(IllegalTransitionError):
        advance(None, CycleStep.REFER, episode_id="EP-1", on=date(1985, 1, 1))


# --- replaying a record's history ----------------------------------------------------------


def test_history_is_derived_in_order() -> None:
    record = episode(
        plans=(plan(date(2025, 6, 1), 2), plan(date(2025, 2, 3))),
        reviews=(date(2025, 6, 1), date(2025, 3, 1)),
        discharge=Discharge(on=date(2025, 9, 1), discharge_plan=True),
    )
    steps = [(e.on, e.step) for e in episode_events(record)]
    assert steps == [
        (date(2025, 1, 6), CycleStep.REFER),
        (date(2025, 1, 20), CycleStep.ASSESS),
        (date(2025, 2, 3), CycleStep.PLAN),
        (date(2025, 3, 1), CycleStep.REVIEW),
        (date(2025, 6, 1), CycleStep.PLAN),
        (date(2025, 6, 1), CycleStep.REVIEW),
        (date(2025, 9, 1), CycleStep.DISCHARGE),
    ]
    assert replay(record) is CareState.DISCHARGED
    assert replay(record, until=date(2025, 3, 1)) is CareState.UNDER_REVIEW
    assert replay(record, until=date(2024, 1, 1)) is None


def test_transfer_ends_in_transferred() -> None:
    record = episode(discharge=Discharge(on=date(2025, 9, 1), kind=DischargeKind.TRANSFERRED))
    assert replay(record) is CareState.TRANSFERRED


def test_review_before_any_care_plan_is_a_finding() -> None:
    record = episode(plans=(plan(date(2025, 3, 1)),), reviews=(date(2025, 2, 1),))
    assert first_illegal(record) is not None
    (finding,) = episode_rules(record, policy())
    assert finding.code == CYCLE_ILLEGAL.code
    assert finding.severity is Severity.ERROR
    assert finding.path == "$.reviews[0]"
    assert finding.subject_id == "EP-T1"
    assert "cannot review from state 'assessed'" in finding.message
    with pytest.raises(IllegalTransitionError):
        replay(record)


def test_plan_without_assessment_is_a_finding() -> None:
    record = episode(assessed=None, plans=(plan(date(2025, 3, 1)),))
    (finding,) = episode_rules(record, policy())
    assert finding.path == "$.plans[0]"
    assert "the assessment is not complete" in finding.message


def test_step_after_discharge_is_a_finding() -> None:
    record = episode(
        reviews=(date(2025, 10, 1),),
        discharge=Discharge(on=date(2025, 9, 1), discharge_plan=True),
    )
    (finding,) = episode_rules(record, policy())
    assert finding.path == "$.reviews[0]"
    assert "the episode has ended" in finding.message


def test_discharge_without_plan_is_a_finding_only_where_policy_requires_one() -> None:
    """The requirement is a local setting (an engineering default, [U]): never an error."""
    record = episode(discharge=Discharge(on=date(2025, 9, 1), discharge_plan=False))
    (finding,) = episode_rules(record, policy())
    assert finding.path == "$.discharge"
    assert finding.severity is Severity.WARNING
    assert finding.source is not None
    assert not finding.source.verified
    assert list(episode_rules(record, policy(discharge_plan_required=False))) == []


def test_a_refused_step_leaves_nothing_for_the_cycle_collector() -> None:
    """The batch path checks millions of episodes: a refused step's error must not hold the
    frames that hold it (a reference cycle), or every such record waits for the collector."""
    record = episode(discharge=Discharge(on=date(2025, 9, 1), discharge_plan=False))
    assert len(list(episode_rules(record, policy()))) == 1
    assert cyclic_garbage(lambda: list(episode_rules(record, policy()))) == []


def test_a_step_the_cycle_lacks_is_an_error_but_a_policy_refusal_is_not() -> None:
    with pytest.raises(DischargePlanRefusedError):
        advance(
            CareState.CARE_PLANNED,
            CycleStep.DISCHARGE,
            episode_id="EP-1",
            on=DAY,
            discharge_plan=False,
        )
    with pytest.raises(IllegalTransitionError) as caught:
        advance(CareState.ASSESSED, CycleStep.REVIEW, episode_id="EP-1", on=DAY)
    assert not isinstance(caught.value, DischargePlanRefusedError)


def test_a_legal_history_gives_no_finding() -> None:
    record = episode(reviews=(date(2025, 8, 1),))
    assert list(episode_rules(record, policy())) == []


# --- a second open episode of the same kind ------------------------------------------------


def test_second_open_episode_of_the_same_approach_is_refused() -> None:
    open_one = episode()
    with pytest.raises(IllegalTransitionError, match="already has an open episode") as caught:
        require_no_open_episode(
            [open_one],
            episode_id="EP-T2",
            person_id="P900",
            approach=CareApproach.CPA,
            on=date(2026, 1, 1),
        )
    assert caught.value.subject_id == "EP-T2"
    assert caught.value.step == "refer"


def test_other_approach_other_person_or_ended_episode_is_allowed() -> None:
    ended = episode(discharge=Discharge(on=date(2025, 9, 1), discharge_plan=True))
    require_no_open_episode(
        [episode(), ended],
        episode_id="EP-T2",
        person_id="P900",
        approach=CareApproach.CMHF,
        on=date(2026, 1, 1),
    )
    require_no_open_episode(
        [episode()],
        episode_id="EP-T2",
        person_id="P901",
        approach=CareApproach.CPA,
        on=date(2026, 1, 1),
    )
    require_no_open_episode(
        [ended],
        episode_id="EP-T2",
        person_id="P900",
        approach=CareApproach.CPA,
        on=date(2026, 1, 1),
    )
    require_no_open_episode(
        [episode()],
        episode_id="EP-T1",
        person_id="P900",
        approach=CareApproach.CPA,
        on=date(2026, 1, 1),
    )


def test_re_referral_record_starts_like_a_referral() -> None:
    record = episode(referral=Referral(received_on=date(2025, 1, 6), re_referral_of="EP-T0"))
    assert episode_events(record)[0].step is CycleStep.REFER
    assert replay(record) is CareState.CARE_PLANNED
