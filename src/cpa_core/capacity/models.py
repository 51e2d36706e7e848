"""What the records of the capacity area share: the kind of matter a decision concerns.

Every model of the area is a frozen attrs class. Contradictions a real extract can contain
(an outcome that its own evidence does not support, a missing checklist item) are left to
the checks of each sub-area, which report them as findings; only true impossibilities (an
end before a start) are refused when a record is built.
"""

from __future__ import annotations

import enum
from datetime import date

from cpa_core.constraints import Text
from cpa_core.exceptions import CpaCoreError

__all__ = ["DecisionArea"]

_TEXT = Text(min_length=1, max_length=2000)
_CODE = Text(min_length=1, max_length=64)


def _ordered(earlier: date | None, later: date | None, what: str) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise CpaCoreError(what)


class DecisionArea(enum.Enum):
    """The kind of matter a capacity decision concerns (decisions are matter-specific)."""

    TREATMENT = "treatment"
    """Medical or other treatment."""
    ACCOMMODATION = "accommodation"
    """Where the person lives."""
    CARE = "care"
    """The person's care."""
    PROPERTY_AND_AFFAIRS = "property-and-affairs"
    """The person's property and financial affairs."""
    INFORMATION_SHARING = "information-sharing"
    """Sharing information about the person."""
    OTHER = "other"
    """Another matter."""
