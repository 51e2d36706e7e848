"""The record of a care episode: one person's time with a team under one approach.

An episode runs from referral to discharge or transfer, with its coordinators, care-plan
versions, reviews and progress notes. (The inpatient discharge, with the contacts that may
count as follow-up, is the record of :mod:`cpa_core.care.inpatient`.)

Contradictions a real extract can contain (a review dated before any care plan, a discharge
without a plan) are findings of :mod:`cpa_core.care.checks`, not construction errors. Only
true impossibilities raise here.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Number
from cpa_core.exceptions import CpaCoreError
from cpa_core.policy.care import PlanSection

__all__ = [
    "Assessment",
    "AttendeeRole",
    "CareApproach",
    "CareEpisode",
    "CarePlanVersion",
    "CoordinatorAssignment",
    "CoordinatorRole",
    "Discharge",
    "DischargeKind",
    "DischargeReason",
    "PlanSection",
    "ProgressNote",
    "Referral",
    "Review",
    "ReviewKind",
    "ReviewOutcome",
]


class CareApproach(enum.Enum):
    """The approach an episode is run under; it selects the plan sections and review rules."""

    CPA = "cpa"
    """Care Programme Approach: a retired national concept kept as a local Trust profile."""
    STANDARD = "standard-care"
    """Non-CPA care ("standard care", "lead professional care"); local terms vary."""
    CMHF = "cmhf"
    """Community Mental Health Framework personalised care and support planning."""


class CoordinatorRole(enum.Enum):
    """What the named worker is called under the episode's approach."""

    CARE_COORDINATOR = "care-coordinator"
    """CPA care coordinator (a named registered professional)."""
    KEY_WORKER = "key-worker"
    """CMHF named key worker."""
    LEAD_PROFESSIONAL = "lead-professional"
    """Lead professional under standard (non-CPA) care."""


class ReviewKind(enum.Enum):
    """Whether a review was scheduled."""

    PLANNED = "planned"
    """A scheduled review."""
    UNPLANNED = "unplanned"
    """A review prompted by a change, a crisis or a request."""


class ReviewOutcome(enum.Enum):
    """What a review decided."""

    CONTINUE = "continue"
    """Continue the current plan."""
    PLAN_REVISED = "plan-revised"
    """The plan is revised (a new plan version follows)."""
    DISCHARGE_PLANNED = "discharge-planned"
    """Discharge is being planned."""
    TRANSFER_PLANNED = "transfer-planned"
    """Transfer to another team or service is being planned."""


class AttendeeRole(enum.Enum):
    """Who attended a review (roles, never names)."""

    PERSON = "person"
    """The person whose care it is."""
    CARER = "carer"
    """A carer, family member or friend."""
    COORDINATOR = "coordinator"
    """The care coordinator, key worker or lead professional."""
    PSYCHIATRIST = "psychiatrist"
    """A psychiatrist."""
    OTHER_PROFESSIONAL = "other-professional"
    """Another professional (nurse, OT, social worker, psychologist, GP, ...)."""
    ADVOCATE = "advocate"
    """An advocate."""


class DischargeKind(enum.Enum):
    """How an episode ended."""

    DISCHARGED = "discharged"
    """Discharged from the service."""
    TRANSFERRED = "transferred"
    """Transferred to another team or provider."""


class DischargeReason(enum.Enum):
    """Why an episode ended (coded; free text stays out of records read here)."""

    GOALS_MET = "goals-met"
    """The plan's goals were met."""
    NOT_ACCEPTED = "not-accepted"
    """The referral was not accepted after assessment."""
    DECLINED = "declined"
    """The person declined the service."""
    MOVED = "moved"
    """The person moved out of the area."""
    TRANSFER = "transfer"
    """Care moved to another team or provider."""
    DIED = "died"
    """The person died."""
    OTHER = "other"
    """Another reason."""


@attrs.frozen(kw_only=True)
class Referral:
    """The referral that opened the episode.

    Attributes:
        referral_id: The referral's own id, when the source system has one.
        received_on: The day the referral was received.
        re_referral_of: The id of an earlier, ended episode this referral re-opens care
            after, if any.
    """

    referral_id: str | None = attrs.field(default=None, validator=_ID)
    received_on: date
    re_referral_of: str | None = attrs.field(default=None, validator=_ID)


@attrs.frozen(kw_only=True)
class Assessment:
    """The health and social care assessment (including risk) that follows referral.

    Attributes:
        completed_on: The day the assessment was completed.
        staff_id: Who completed it.
    """

    completed_on: date
    staff_id: str = attrs.field(validator=_ID)


@attrs.frozen(kw_only=True)
class CoordinatorAssignment:
    """A named care coordinator, key worker or lead professional, for a span of days.

    Attributes:
        staff_id: The named worker.
        role: What the worker is called under the approach.
        start: First day of the assignment.
        end: Last day of the assignment, or ``None`` while it continues.
    """

    staff_id: str = attrs.field(validator=_ID)
    role: CoordinatorRole
    start: date
    end: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise CpaCoreError("a coordinator assignment cannot end before it starts")

    def covers(self, day: date) -> bool:
        """Whether the assignment is in place on ``day``."""
        return self.start <= day and (self.end is None or day <= self.end)


@attrs.frozen(kw_only=True)
class CarePlanVersion:
    """One version of the written care plan (or personalised care and support plan).

    Attributes:
        version: The version number, 1 for the first plan.
        written_on: The day this version was written.
        sections: The sections this version contains.
        risk_plan_id: The id of the safety plan or risk record the plan refers to, if any.
        carer_identified: Whether the person has a carer.
        carer_assessment_offered_on: The day a carer identified was told of, or offered,
            their own assessment; ``None`` if not offered.
        agreed_on: The day the person agreed the plan; ``None`` if not (yet) agreed.
        copy_given: Whether the person was given a copy.
        shared_on: The day the plan was shared with the people it names (e.g. the GP).
    """

    version: int = attrs.field(validator=Number(minimum=1, maximum=10_000))
    written_on: date
    sections: tuple[PlanSection, ...] = attrs.field(
        default=(), validator=Items(max_items=len(PlanSection))
    )
    risk_plan_id: str | None = attrs.field(default=None, validator=_ID)
    carer_identified: bool = False
    carer_assessment_offered_on: date | None = None
    agreed_on: date | None = None
    copy_given: bool = False
    shared_on: date | None = None


@attrs.frozen(kw_only=True)
class Review:
    """A review of the care plan.

    Attributes:
        on: The day of the review.
        kind: Planned or unplanned.
        attendees: The roles of those who attended.
        outcome: What the review decided.
    """

    on: date
    kind: ReviewKind = ReviewKind.PLANNED
    attendees: tuple[AttendeeRole, ...] = attrs.field(
        default=(), validator=Items(max_items=len(AttendeeRole))
    )
    outcome: ReviewOutcome = ReviewOutcome.CONTINUE


@attrs.frozen(kw_only=True)
class Discharge:
    """How and when the episode ended.

    Attributes:
        on: The day of discharge or transfer.
        kind: Discharged from the service, or transferred.
        reason: Why the episode ended.
        destination: The team or organisation code care moved to, for a transfer.
        discharge_plan: Whether a discharge plan was written and shared.
    """

    on: date
    kind: DischargeKind = DischargeKind.DISCHARGED
    reason: DischargeReason = DischargeReason.OTHER
    destination: str | None = attrs.field(default=None, validator=_ID)
    discharge_plan: bool = False


@attrs.frozen(kw_only=True)
class ProgressNote:
    """When a contact happened and when its note was recorded (no note text is read here).

    Attributes:
        note_id: The note's id.
        staff_id: Who recorded it.
        contact_at: When the contact or event the note records took place.
        recorded_at: When the note was entered in the record.
    """

    note_id: str = attrs.field(validator=_ID)
    staff_id: str = attrs.field(validator=_ID)
    contact_at: datetime
    recorded_at: datetime


@attrs.frozen(kw_only=True)
class CareEpisode:
    """One person's episode of care with a team, from referral to discharge or transfer.

    Attributes:
        episode_id: The episode's own id.
        person_id: The person's id.
        nhs_number: The person's NHS number, when the extract carries it.
        team: The team's code.
        approach: CPA, standard (non-CPA) care or CMHF personalised care.
        referral: The referral that opened the episode.
        assessment: The assessment, once completed.
        coordinators: The named coordinators or key workers over time.
        plans: The care-plan versions, in any order.
        reviews: The reviews, in any order.
        discharge: How the episode ended, once it has.
        notes: Progress-note timings.
    """

    episode_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    team: str = attrs.field(validator=_ID)
    approach: CareApproach
    referral: Referral
    assessment: Assessment | None = None
    coordinators: tuple[CoordinatorAssignment, ...] = ()
    plans: tuple[CarePlanVersion, ...] = ()
    reviews: tuple[Review, ...] = ()
    discharge: Discharge | None = None
    notes: tuple[ProgressNote, ...] = ()

    def is_open_on(self, day: date) -> bool:
        """Whether the episode has started and not ended on ``day``."""
        if day < self.referral.received_on:
            return False
        return self.discharge is None or day < self.discharge.on
