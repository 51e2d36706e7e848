"""Models of mandatory training: one completed course of a subject."""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.constraints import Number, Text
from cpa_core.exceptions import CpaCoreError

__all__ = ["TrainingCompletion"]

CODE = Text(
    min_length=1, max_length=40, pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$", meaning="an upper-case code"
)
"""The area's codes: training subjects (``FIRE``), role profiles, frameworks, competencies."""


@attrs.frozen(kw_only=True)
class TrainingCompletion:
    """One completed course of a training subject.

    Attributes:
        subject: Subject code (``FIRE``, ``SG-CHILD-L3``, ``OMMT-T2`` or a Trust code).
        completed_on: The day it was completed.
        hours: Hours of learning, when recorded.
        expires_on: Expiry stated by the training record, overriding the computed one.
    """

    subject: str = attrs.field(validator=CODE)
    completed_on: date
    hours: float | None = attrs.field(default=None, validator=Number(minimum=0, maximum=1000))
    expires_on: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.expires_on is not None and self.expires_on < self.completed_on:
            raise CpaCoreError("training cannot expire before it was completed")
