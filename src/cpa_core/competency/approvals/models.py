"""Models of statutory approvals: AMHP and Best Interests Assessor."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.constraints import IDENTIFIER, Items, Number
from cpa_core.exceptions import CpaCoreError

__all__ = [
    "AmhpEndReason",
    "Approval",
    "ApprovalKind",
    "ApprovalTraining",
]


class ApprovalKind(enum.Enum):
    """A statutory approval held by a practitioner."""

    AMHP = "AMHP"
    """Approved Mental Health Professional (Mental Health Act 1983, approved by an LSSA)."""
    BIA = "BIA"
    """Best Interests Assessor (DoLS, Mental Capacity Act 2005 Schedule A1)."""


class AmhpEndReason(enum.Enum):
    """Why an AMHP approval ended before its term (reg 5 of the approval regulations)."""

    STOPPED_ACTING_FOR_LSSA = "stopped-acting-for-lssa"
    """The AMHP stopped acting on behalf of the approving local social services authority."""
    BREACHED_CONDITION = "breached-condition"
    """The AMHP breached a condition of the approval."""
    LOST_COMPETENCE = "lost-competence"
    """The AMHP no longer has the competencies for the role."""
    PROFESSIONAL_REQUIREMENTS_NOT_MET = "professional-requirements-not-met"
    """The AMHP no longer meets the professional requirements."""
    APPROVED_BY_ANOTHER_LSSA = "approved-by-another-lssa"
    """The AMHP was approved by another local social services authority."""
    REQUESTED_IN_WRITING = "requested-in-writing"
    """The AMHP asked in writing for the approval to end."""


@attrs.frozen(kw_only=True)
class ApprovalTraining:
    """Training that counts towards keeping an approval (AMHP hours, BIA refresher).

    Attributes:
        completed_on: The day it was completed.
        hours: Hours of training.
    """

    completed_on: date
    hours: float = attrs.field(validator=Number(minimum=0, maximum=1000))


@attrs.frozen(kw_only=True)
class Approval:
    """An AMHP or BIA approval.

    Attributes:
        kind: AMHP or BIA.
        approved_by: Code of the approving body (the local social services authority).
        approved_on: First day of the approval.
        expires_on: Last day of the approval, as the approving body set it; when absent the
            national period is used (AMHP).
        initial_training_on: Day the approved initial training (AMHP or BIA course) was
            completed.
        training: Further training that keeps the approval.
        ended_on: Day the approval ended early, if it did.
        end_reason: Why an AMHP approval ended early.
    """

    kind: ApprovalKind
    approved_by: str | None = attrs.field(default=None, validator=IDENTIFIER)
    approved_on: date
    expires_on: date | None = None
    initial_training_on: date | None = None
    training: tuple[ApprovalTraining, ...] = attrs.field(default=(), validator=Items(max_items=500))
    ended_on: date | None = None
    end_reason: AmhpEndReason | None = None

    def __attrs_post_init__(self) -> None:
        if self.expires_on is not None and self.expires_on < self.approved_on:
            raise CpaCoreError("approval cannot expire before it starts")
        if self.ended_on is not None and self.ended_on < self.approved_on:
            raise CpaCoreError("approval cannot end before it starts")
