"""The care coordination cycle as a state machine.

The allowed steps are the rows of :data:`cpa_core.care.cycle.rules.CYCLE_TRANSITIONS`; any
other step raises :class:`~cpa_core.exceptions.IllegalTransitionError` naming the episode,
the state and the step. An episode record's history is derived from its content (referral,
assessment, plan versions, reviews, discharge), so the same machine checks a record: see
:func:`replay`.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from cpa_core.care.cycle.models import CareState, CycleEvent, CycleStep
from cpa_core.care.cycle.rules import CYCLE_TRANSITIONS
from cpa_core.care.models import CareApproach, CareEpisode, DischargeKind
from cpa_core.convert import json_path
from cpa_core.exceptions import IllegalTransitionError
from cpa_core.policy import TrustPolicy

__all__ = [
    "DischargePlanRefusedError",
    "advance",
    "episode_events",
    "first_illegal",
    "replay",
    "require_no_open_episode",
]

_DEFAULT_POLICY = TrustPolicy()

# Same-day events happen in the cycle's own order: a plan written on the day of the
# assessment follows it.
_RANK = {
    CycleStep.REFER: 0,
    CycleStep.RE_REFER: 0,
    CycleStep.ASSESS: 1,
    CycleStep.PLAN: 2,
    CycleStep.REVIEW: 3,
    CycleStep.DISCHARGE: 4,
    CycleStep.TRANSFER: 4,
}

_ENDED = frozenset({CareState.DISCHARGED, CareState.TRANSFERRED})
_BEFORE_PLAN = frozenset({None, CareState.REFERRED, CareState.ASSESSED})


class DischargePlanRefusedError(IllegalTransitionError):
    """A discharge refused only because the Trust's policy requires a discharge plan.

    The step is in the cycle; the refusal rests on ``care.discharge_plan_required``, a
    local choice (an engineering default, [U]), so a record showing it is a warning, not an
    error.
    """


def _reason(state: CareState | None, step: CycleStep) -> str:
    """Why ``step`` is not allowed from ``state``: the cases people meet, named."""
    if state in _ENDED and step is not CycleStep.RE_REFER:
        return "the episode has ended; only a re-referral can follow"
    if step in (CycleStep.REFER, CycleStep.RE_REFER):
        return "the episode is already open" if state is not None else "no episode to re-open"
    if state is None:
        return "the episode has no referral"
    if step is CycleStep.REVIEW and state in _BEFORE_PLAN:
        return "no care plan has been written to review"
    if step is CycleStep.PLAN and state is CareState.REFERRED:
        return "the assessment is not complete"
    if step is CycleStep.ASSESS:
        return "the assessment is already complete"
    return "the cycle has no such step from this state"  # pragma: no cover - a new table row


def _shown(state: CareState | None) -> str:
    return state.value if state is not None else "none"


def advance(
    state: CareState | None,
    step: CycleStep,
    *,
    episode_id: str,
    on: date,
    discharge_plan: bool = True,
    policy: TrustPolicy | None = None,
) -> CareState:
    """The state after ``step``, or an error if the cycle does not allow it.

    Args:
        state: The current state (``None`` before the referral).
        step: The step attempted.
        episode_id: The episode, named in the error.
        on: The day of the step (selects the rule in force).
        discharge_plan: For a discharge, whether a discharge plan exists.
        policy: The Trust's policy (``care.discharge_plan_required``).

    Raises:
        IllegalTransitionError: The step is not allowed from ``state`` on ``on``.
    """
    rule = CYCLE_TRANSITIONS.find((state, step), on)
    if rule is None:
        raise IllegalTransitionError(episode_id, _shown(state), step.value, _reason(state, step))
    if (
        rule.needs_discharge_plan
        and not discharge_plan
        and (policy or _DEFAULT_POLICY).care.discharge_plan_required
    ):
        raise DischargePlanRefusedError(
            episode_id,
            _shown(state),
            step.value,
            "there is no discharge plan and the Trust's policy requires one",
        )
    return rule.to


# One step of the history as the walk needs it: (day, same-day rank, order of reading,
# step, where in the record). The order of reading breaks ties, so that same-day steps of
# one kind keep the record's order and the step is never compared.
_Step = tuple[date, int, int, CycleStep, str | tuple[str, int]]


def _history(episode: CareEpisode) -> list[_Step]:
    # The batch path replays every record, so paths of list items stay (name, index) pairs
    # until an event is shown.
    steps: list[_Step] = []

    def add(on: date, step: CycleStep, where: str | tuple[str, int]) -> None:
        steps.append((on, _RANK[step], len(steps), step, where))

    # A re-referral opens its own episode record, so every record starts with a referral.
    add(episode.referral.received_on, CycleStep.REFER, "$.referral")
    if episode.assessment is not None:
        add(episode.assessment.completed_on, CycleStep.ASSESS, "$.assessment")
    plans = episode.plans
    for index in sorted(range(len(plans)), key=lambda i: plans[i].version):
        add(plans[index].written_on, CycleStep.PLAN, ("plans", index))
    for index, review in enumerate(episode.reviews):
        add(review.on, CycleStep.REVIEW, ("reviews", index))
    if episode.discharge is not None:
        step = (
            CycleStep.TRANSFER
            if episode.discharge.kind is DischargeKind.TRANSFERRED
            else CycleStep.DISCHARGE
        )
        add(episode.discharge.on, step, "$.discharge")
    steps.sort()
    return steps


def _event(step: _Step) -> CycleEvent:
    on, _rank, _seq, what, where = step
    path = where if isinstance(where, str) else json_path(json_path("$", where[0]), where[1])
    return CycleEvent(on, what, path)


def episode_events(episode: CareEpisode) -> tuple[CycleEvent, ...]:
    """The episode's history, derived from its content, in the order it happened.

    Same-day steps follow the cycle's own order (a plan written on the day of the
    assessment follows it).
    """
    return tuple(_event(step) for step in _history(episode))


def _walk(
    episode: CareEpisode, policy: TrustPolicy | None, until: date | None
) -> tuple[CareState | None, tuple[CycleEvent, IllegalTransitionError] | None]:
    state: CareState | None = None
    plan = episode.discharge.discharge_plan if episode.discharge is not None else True
    for step in _history(episode):
        on = step[0]
        if until is not None and on > until:
            break
        try:
            state = advance(
                state,
                step[3],
                episode_id=episode.episode_id,
                on=on,
                discharge_plan=plan,
                policy=policy,
            )
        except IllegalTransitionError as error:
            # Without its traceback the error holds no frames, so the record, its finding
            # and the error are freed at once, not left for the cycle collector.
            return state, (_event(step), error.with_traceback(None))
    return state, None


def replay(
    episode: CareEpisode, policy: TrustPolicy | None = None, *, until: date | None = None
) -> CareState | None:
    """Run the episode's history through the cycle and return the state it ends in.

    Args:
        episode: The episode.
        policy: The Trust's policy.
        until: Only steps on or before this day (the state on that day); all when ``None``.

    Returns:
        The state after the last step, or ``None`` when ``until`` is before the referral.

    Raises:
        IllegalTransitionError: A step in the history is not allowed; the error's ``step``
            names it and its ``state`` the state it was attempted from.
    """
    state, illegal = _walk(episode, policy, until)
    if illegal is not None:
        raise illegal[1]
    return state


def first_illegal(
    episode: CareEpisode, policy: TrustPolicy | None = None
) -> tuple[CycleEvent, IllegalTransitionError] | None:
    """The first step of the episode's history the cycle refuses, with the error, if any."""
    return _walk(episode, policy, None)[1]


def require_no_open_episode(
    episodes: Iterable[CareEpisode],
    *,
    episode_id: str,
    person_id: str,
    approach: CareApproach,
    on: date,
) -> None:
    """Refuse to open a second episode of the same approach for a person on ``on``.

    Raises:
        IllegalTransitionError: ``episodes`` already holds an open episode for the same
            person and approach on that day (named as the state the referral met).
    """
    for other in episodes:
        if (
            other.episode_id != episode_id
            and other.person_id == person_id
            and other.approach is approach
            and other.is_open_on(on)
        ):
            raise IllegalTransitionError(
                episode_id,
                "open episode " + other.episode_id,
                CycleStep.REFER.value,
                "the person already has an open episode under the same approach",
            )
