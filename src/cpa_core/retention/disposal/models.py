"""What a disposal decision says about a record: where it stands, and why."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.retention.checks import RetentionDates
from cpa_core.retention.holds.models import LegalHold
from cpa_core.retention.models import RecordClass
from cpa_core.retention.rules import FinalAction

__all__ = [
    "DecisionStatus",
    "RetentionDecision",
]


class DecisionStatus(enum.Enum):
    """Where a record stands, as of the decision date."""

    IN_USE = "in-use"
    """The record came back into use and is still open: no retention is running."""
    UNDETERMINED = "undetermined"
    """A trigger date the row needs is missing, or no row is in force."""
    RETAIN = "retain"
    """The minimum period has not been reached."""
    REVIEW_DUE = "review-due"
    """The minimum period has been reached and an appraisal is needed."""
    HELD = "held"
    """The minimum period has been reached but a legal hold blocks disposal."""
    KEEP_APPRAISED = "keep-appraised"
    """An appraisal decided to keep the record (retain, permanent, transfer to a PoD)."""
    DISPOSAL_APPROVED = "disposal-approved"
    """A recorded appraisal approves disposal and nothing blocks it; people dispose of it."""
    DISPOSED = "disposed"
    """The record has been destroyed."""


@attrs.frozen(kw_only=True)
class RetentionDecision:
    """What may happen to a record, as of a date, and why.

    Attributes:
        record_id: The record's identifier.
        record_class: Its record class.
        as_of: The decision date.
        status: Where the record stands.
        earliest_review: The first day the minimum period has passed, or ``None``.
        final_action: The row's action at the end of the period, or ``None``.
        dates: How the earliest review date was worked out.
        holds: Legal holds in force that cover the record (they block disposal).
        disposal_approved: True only when a valid recorded appraisal approves disposal, the
            minimum has passed and no hold blocks it. Disposal is still done by people.
        explanation: One line per step of the reasoning.
    """

    record_id: str
    record_class: RecordClass
    as_of: date
    status: DecisionStatus
    earliest_review: date | None
    final_action: FinalAction | None
    dates: RetentionDates
    holds: tuple[LegalHold, ...]
    disposal_approved: bool
    explanation: tuple[str, ...]

    @property
    def verified(self) -> bool:
        """Whether the row applied is verified in every part."""
        return self.dates.row is not None and self.dates.row.verified
