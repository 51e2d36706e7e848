"""The record of an MCA assessment: the two-stage test of capacity for one decision."""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from cpa_core.capacity.models import _TEXT, DecisionArea
from cpa_core.constraints import IDENTIFIER, Items, NhsNumber

__all__ = [
    "Ability",
    "AbilityEvidence",
    "AbilityResult",
    "CapacityAssessment",
    "CapacityOutcome",
    "Impairment",
]


class Ability(enum.Enum):
    """The four abilities of the functional test, MCA 2005 s3(1)(a)–(d)."""

    UNDERSTAND = "understand"
    """Understand the information relevant to the decision (s3(1)(a))."""
    RETAIN = "retain"
    """Retain that information (s3(1)(b)); retaining it only briefly is not in itself inability."""
    USE_OR_WEIGH = "use-or-weigh"
    """Use or weigh that information as part of deciding (s3(1)(c))."""
    COMMUNICATE = "communicate"
    """Communicate the decision, by any means (s3(1)(d))."""


class AbilityResult(enum.Enum):
    """What the assessor found about one ability."""

    ABLE = "able"
    """The person was able to do it."""
    UNABLE = "unable"
    """The person was unable to do it: unable to do any one of the four means unable to make the
    decision (s3(1))."""
    NOT_ASSESSED = "not-assessed"
    """The ability was not assessed."""


class CapacityOutcome(enum.Enum):
    """The outcome an assessor records for one decision at one time."""

    HAS_CAPACITY = "has-capacity"
    """The person has capacity to make this decision now."""
    LACKS_CAPACITY = "lacks-capacity"
    """The person lacks capacity to make this decision now (ss2-3)."""
    UNDETERMINED = "undetermined"
    """The assessor could not reach an outcome."""


@attrs.frozen(kw_only=True)
class Impairment:
    """Stage 1 of the test (s2(1)): an impairment of, or disturbance in, mind or brain.

    Attributes:
        present: Whether the assessor found an impairment or disturbance at the material
            time.
        description: What it is (diagnosis or observed disturbance), when present.
        temporary: Whether it is temporary (s2(2): it does not matter either way).
    """

    present: bool
    description: str | None = attrs.field(default=None, validator=_TEXT)
    temporary: bool | None = None


@attrs.frozen(kw_only=True)
class AbilityEvidence:
    """Stage 2 of the test (s3(1)) for one ability.

    Attributes:
        ability: Which of the four abilities.
        result: Able, unable or not assessed.
        evidence: What the person said or did that supports the result.
    """

    ability: Ability
    result: AbilityResult
    evidence: str | None = attrs.field(default=None, validator=_TEXT)


@attrs.frozen(kw_only=True)
class CapacityAssessment:
    """A decision- and time-specific assessment of capacity (MCA 2005 ss1–3).

    Attributes:
        assessment_id: The record's own identifier.
        person_id: The person assessed.
        nhs_number: The person's NHS number, when the record carries it.
        date_of_birth: The person's date of birth, used for the age gates of the Act.
        decision: The decision in question, stated specifically.
        decision_area: The kind of matter the decision concerns.
        assessed_at: When the assessment was made (the material time).
        assessor_staff_id: The member of staff who assessed.
        support_given: The practicable steps taken to help the person decide (s1(3)).
        impairment: Stage 1: the impairment or disturbance finding, when recorded.
        abilities: Stage 2: one entry for each of the four abilities, with its evidence.
        causal_link: Whether an inability is *because of* the impairment (s2(1)); ``None``
            when not recorded.
        unwise_decision_cited: Whether the record cites the person's decision being unwise
            as a reason (s1(4): never by itself a ground).
        outcome: The outcome the assessor recorded.
    """

    assessment_id: str = attrs.field(validator=IDENTIFIER)
    person_id: str = attrs.field(validator=IDENTIFIER)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date | None = None
    decision: str = attrs.field(validator=_TEXT)
    decision_area: DecisionArea
    assessed_at: datetime
    assessor_staff_id: str = attrs.field(validator=IDENTIFIER)
    support_given: tuple[str, ...] = attrs.field(default=(), validator=Items(each=_TEXT))
    impairment: Impairment | None = None
    abilities: tuple[AbilityEvidence, ...] = attrs.field(default=(), validator=Items(max_items=8))
    causal_link: bool | None = None
    unwise_decision_cited: bool = False
    outcome: CapacityOutcome
