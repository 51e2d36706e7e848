"""A community treatment order's conditions (s17B) and recalls (s17E, s17F), and how long a
recall may hold the patient."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from cpa_core.constraints import Text
from cpa_core.mha.absence.models import Absence
from cpa_core.mha.cto.rules import ConditionKind
from cpa_core.mha.sections.models import aware, aware_or_none

__all__ = ["CtoCondition", "Recall", "RecallLimit"]


@attrs.frozen(kw_only=True)
class CtoCondition:
    """A condition specified in a community treatment order (s17B).

    Attributes:
        kind: Which kind of condition.
        specified_on: The day it was specified (in the order, or by variation, s17B(4)).
        suspended_on: The day the responsible clinician suspended it (s17B(5)), if so.
        description: A short description of a discretionary condition; never shown in
            findings.
    """

    kind: ConditionKind
    specified_on: date
    suspended_on: date | None = None
    description: str | None = attrs.field(
        default=None, validator=Text(min_length=1, max_length=200)
    )


@attrs.frozen(kw_only=True)
class Recall:
    """A recall of a community patient to hospital (s17E) and how it ended (s17F).

    Attributes:
        recalled_at: When the recall notice was served on the patient (s17E(5)).
        detained_at: When the patient's detention in hospital by virtue of the notice began:
            the 72 hours of s17F(8) run from here (the notice's service when the patient
            was already in hospital). ``None`` while the patient has not arrived.
        released_at: When the patient was released (s17F(5), (6)), or ``None``.
        revoked: Whether the CTO was revoked (s17F(4)); the chain then continues with the
            restored detention, ``converted_from`` the CTO period.
        amhp_agreed_on: For a revocation: the day an approved mental health professional
            stated in writing that they agree and that revocation is appropriate
            (s17F(4)(b)). ``None`` when not recorded.
    """

    recalled_at: datetime = attrs.field(validator=aware)
    detained_at: datetime | None = attrs.field(default=None, validator=aware_or_none)
    released_at: datetime | None = attrs.field(default=None, validator=aware_or_none)
    revoked: bool = False
    amhp_agreed_on: date | None = None


@attrs.frozen
class RecallLimit:
    """How long a community patient may be held on one recall (s17F, s21(4)).

    Attributes:
        starts: The instant the 72 hours run from.
        anchor_recorded: Whether that instant is the recorded start of detention under the
            notice (s17F(8)); ``False`` when only the notice is recorded and the 72 hours
            are counted from it, the earliest they can run from.
        end: When the patient must be released if the CTO is not revoked (s17F(6));
            ``None`` while suspended by absence without leave (s21(4)).
        absence: The absence that moved the end, if any.
    """

    starts: datetime
    anchor_recorded: bool
    end: datetime | None
    absence: Absence | None = None
