"""Community treatment orders as rules: the conditions an order specifies (s17B).

The CTO's period is a row of the section catalogue (s20A); the 72 hours of a recall
(s17F(8), s21(4)) are rows of :data:`~cpa_core.mha.rules.STATUTORY_PERIODS`.
"""

from __future__ import annotations

import enum

__all__ = ["ConditionKind"]


class ConditionKind(enum.Enum):
    """Which kind of condition a CTO specifies (s17B)."""

    EXAMINATION_S20A = "s17b-3-a"
    """The mandatory condition to make themself available for examination under s20A
    (s17B(3)(a))."""
    EXAMINATION_PART4A = "s17b-3-b"
    """The mandatory condition to make themself available for examination for a Part 4A
    certificate (s17B(3)(b))."""
    DISCRETIONARY = "s17b-2"
    """Any other condition the responsible clinician, with the AMHP's agreement, thinks
    necessary (s17B(2))."""


MANDATORY_CONDITIONS = (ConditionKind.EXAMINATION_S20A, ConditionKind.EXAMINATION_PART4A)
"""The two conditions every CTO must specify (s17B(3)), in the order findings name them."""
