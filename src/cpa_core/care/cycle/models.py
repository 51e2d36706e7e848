"""The vocabulary of the care coordination cycle: its states, its steps, and the events of
an episode's history."""

from __future__ import annotations

import enum
from datetime import date

import attrs

__all__ = ["CareState", "CycleEvent", "CycleStep"]


class CareState(enum.Enum):
    """Where an episode is in the care coordination cycle."""

    # Members are singletons compared by identity, so the identity hash is right and is
    # computed in C: Enum's own hashes the name in Python, at every step of every replay.
    __hash__ = object.__hash__

    REFERRED = "referred"
    """Referral received; not yet assessed."""
    ASSESSED = "assessed"
    """Assessment completed; no care plan yet."""
    CARE_PLANNED = "care-planned"
    """A written care plan is in place and has not yet been reviewed (or was just revised)."""
    UNDER_REVIEW = "under-review"
    """The plan has been reviewed at least once since it was last written."""
    DISCHARGED = "discharged"
    """Discharged from the service."""
    TRANSFERRED = "transferred"
    """Transferred to another team or provider."""


class CycleStep(enum.Enum):
    """A step that moves an episode through the cycle."""

    # Members are singletons compared by identity, so the identity hash is right and is
    # computed in C: Enum's own hashes the name in Python, at every step of every replay.
    __hash__ = object.__hash__

    REFER = "refer"
    """A referral opens the episode."""
    ASSESS = "assess"
    """The assessment is completed."""
    PLAN = "plan"
    """A care-plan version is written."""
    REVIEW = "review"
    """The plan is reviewed."""
    DISCHARGE = "discharge"
    """The person is discharged."""
    TRANSFER = "transfer"
    """Care is transferred."""
    RE_REFER = "re-refer"
    """A new referral after discharge or transfer."""


@attrs.frozen
class CycleEvent:
    """One step in an episode's history.

    Attributes:
        on: The day of the step.
        step: The step.
        path: JSON path of the record field the step comes from.
    """

    on: date
    step: CycleStep
    path: str
