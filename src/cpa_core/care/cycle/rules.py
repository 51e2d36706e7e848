"""The allowed steps of the care coordination cycle, as data with their source."""

from __future__ import annotations

import attrs

from cpa_core.care.cycle.models import CareState, CycleStep
from cpa_core.care.rules import _CPA_INTRODUCED
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = ["CYCLE_TRANSITIONS", "TransitionRow"]

CNWL_CYCLE = Source(
    title="Care coordination process (referral, assessment, plan, review, discharge/transfer)",
    publisher="Central and North West London NHS Foundation Trust",
    locator="local CPA process: referral, assessment, plan, review, discharge or transfer; "
    "the individual transitions are cpa_core's reading of that sequence",
    version="2009",
    evidence=Evidence.SECONDARY,
    secondary_reason="a Trust's local process as cpa_core's domain reference restates it; "
    "the Trust's own document was not found",
)
"""The cycle's source: a local process, restated; the transitions are cpa_core's reading."""

# The cycle dates from CPA's introduction in 1991 (only the year is known).
_CYCLE_IN_FORCE = Effective(_CPA_INTRODUCED)


@attrs.frozen(kw_only=True)
class TransitionRow:
    """One allowed step of the care coordination cycle.

    Attributes:
        state: The state the step starts from (``None``: no episode yet).
        step: The step.
        to: The state the step leads to.
        needs_discharge_plan: Whether the step needs a discharge plan when the Trust's
            policy requires one (``care.discharge_plan_required``).
        source: Where this comes from.
        effective: When this row applies.
    """

    state: CareState | None
    step: CycleStep
    to: CareState
    needs_discharge_plan: bool = False
    source: Source = CNWL_CYCLE
    effective: Effective = _CYCLE_IN_FORCE


def _step(
    state: CareState | None, step: CycleStep, to: CareState, *, needs_discharge_plan: bool = False
) -> TransitionRow:
    return TransitionRow(state=state, step=step, to=to, needs_discharge_plan=needs_discharge_plan)


_S = CareState
_T = CycleStep

CYCLE_TRANSITIONS: RuleTable[tuple[CareState | None, CycleStep], TransitionRow] = RuleTable(
    "care cycle transitions",
    (
        _step(None, _T.REFER, _S.REFERRED),
        _step(_S.REFERRED, _T.ASSESS, _S.ASSESSED),
        _step(_S.REFERRED, _T.DISCHARGE, _S.DISCHARGED),
        _step(_S.REFERRED, _T.TRANSFER, _S.TRANSFERRED),
        _step(_S.ASSESSED, _T.PLAN, _S.CARE_PLANNED),
        _step(_S.ASSESSED, _T.DISCHARGE, _S.DISCHARGED),
        _step(_S.ASSESSED, _T.TRANSFER, _S.TRANSFERRED),
        _step(_S.CARE_PLANNED, _T.PLAN, _S.CARE_PLANNED),
        _step(_S.CARE_PLANNED, _T.REVIEW, _S.UNDER_REVIEW),
        _step(_S.CARE_PLANNED, _T.DISCHARGE, _S.DISCHARGED, needs_discharge_plan=True),
        _step(_S.CARE_PLANNED, _T.TRANSFER, _S.TRANSFERRED),
        _step(_S.UNDER_REVIEW, _T.REVIEW, _S.UNDER_REVIEW),
        _step(_S.UNDER_REVIEW, _T.PLAN, _S.CARE_PLANNED),
        _step(_S.UNDER_REVIEW, _T.DISCHARGE, _S.DISCHARGED, needs_discharge_plan=True),
        _step(_S.UNDER_REVIEW, _T.TRANSFER, _S.TRANSFERRED),
        _step(_S.DISCHARGED, _T.RE_REFER, _S.REFERRED),
        _step(_S.TRANSFERRED, _T.RE_REFER, _S.REFERRED),
    ),
    key=lambda r: (r.state, r.step),
    description="The allowed steps of the cycle: referral, assessment, care planned, under "
    "review, discharged or transferred, and re-referral. Any other step is illegal.",
)
