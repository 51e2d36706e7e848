"""Safety assessment, formulation and safety plan records.

The shape follows NHS England's *Staying safe from suicide* (2025): a **safety assessment**
(observations, domain by domain), a **safety formulation** (why, when, what could change)
and a co-produced **safety plan**. A clinician may rate a domain on the scale of the tool in
use; a rating belongs to its domain only. Nothing here combines domains into one level or
score: NICE NG225 (2022) says global low/medium/high stratification must not be used.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Number, Text

__all__ = [
    "AssessmentContext",
    "DomainObservation",
    "DomainRating",
    "EventKind",
    "Formulation",
    "RiskEvent",
    "RiskHistory",
    "SafetyAssessment",
    "SafetyPlan",
]

_CODE = Text(
    min_length=1,
    max_length=60,
    pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
    meaning="lower-case words joined by '-'",
)
_NOTE = Text(min_length=1, max_length=4000)
_NOTES = Items(max_items=50, each=Text(min_length=1, max_length=1000))


class AssessmentContext(enum.Enum):
    """Why a safety assessment was done."""

    ROUTINE = "routine"
    """A planned assessment or review."""
    AFTER_INCIDENT = "after-incident"
    """After an incident (self-harm, harm to others, a safeguarding concern, …)."""
    BEFORE_LEAVE = "before-leave"
    """Before leave from inpatient care."""
    BEFORE_DISCHARGE = "before-discharge"
    """Before discharge from inpatient care or from the service."""
    AFTER_DISCHARGE = "after-discharge"
    """After discharge from inpatient care."""
    AFTER_CHANGE = "after-change"
    """After a change in the person's circumstances, presentation or care."""
    CARE_REVIEW = "care-review"
    """As part of a care (CPA or care plan) review."""


class EventKind(enum.Enum):
    """Events after which the safety assessment must be updated (windows in policy)."""

    DISCHARGE = "discharge"
    """Discharge from inpatient care."""
    INCIDENT = "incident"
    """An incident concerning the person."""
    CARE_REVIEW = "care-review"
    """A care (CPA or care plan) review."""
    CHANGE = "change"
    """A change in circumstances, presentation or care."""


@attrs.frozen(kw_only=True)
class DomainRating:
    """A clinician's rating of one risk domain, on the scale of the tool in use.

    The rating describes this domain only; it is descriptive, not predictive (NICE NG225;
    NCISH 2018), and is never added to or compared with another domain's.

    Attributes:
        scale_id: The scale rated on (``generic-ordinal`` or a Trust-supplied scale).
        scale_version: The scale's version.
        level: The level's code on that scale.
    """

    scale_id: str = attrs.field(validator=_CODE)
    scale_version: str = attrs.field(validator=Text(min_length=1, max_length=30))
    level: int = attrs.field(validator=Number(minimum=-1000, maximum=1000))


@attrs.frozen(kw_only=True)
class DomainObservation:
    """What the assessor found in one risk domain.

    Attributes:
        domain: The domain's code (built-in, e.g. ``suicide``, or Trust-supplied).
        historical: History relevant to this domain.
        current: The current context and dynamic factors.
        triggers: What has preceded difficulty in the past.
        protective_factors: Strengths and what keeps the person safe.
        new_incident_on: The date of a new incident in this domain recorded by this
            assessment, if any.
        rating: The clinician's rating of this domain, if the tool in use has one.
    """

    domain: str = attrs.field(validator=_CODE)
    historical: str | None = attrs.field(default=None, validator=_NOTE)
    current: str | None = attrs.field(default=None, validator=_NOTE)
    triggers: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)
    protective_factors: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)
    new_incident_on: date | None = None
    rating: DomainRating | None = None


@attrs.frozen(kw_only=True)
class Formulation:
    """The safety formulation: a structured narrative, not a category.

    Attributes:
        written_on: The day the formulation was written or last revised.
        what: What the concerns are.
        why: Why they arise for this person (predisposing and precipitating factors).
        when: When they are more or less likely (situations, times, triggers).
        what_could_change: What could change them (protective factors, interventions).
    """

    written_on: date
    what: str | None = attrs.field(default=None, validator=_NOTE)
    why: str | None = attrs.field(default=None, validator=_NOTE)
    when: str | None = attrs.field(default=None, validator=_NOTE)
    what_could_change: str | None = attrs.field(default=None, validator=_NOTE)


@attrs.frozen(kw_only=True)
class SafetyPlan:
    """The person's safety plan.

    Attributes:
        updated_on: The day the plan was written or last reviewed.
        review_by: The day by which the plan must next be reviewed, if the plan sets one.
        co_produced: Whether the plan was written with the person.
        shared_with: Who has a copy, as recipient codes (``person``, ``family-or-carer``,
            ``gp``, ``crisis-team``, or a Trust's own codes).
        warning_signs: Signs that a crisis may be developing.
        coping_strategies: What the person can do themselves.
        people_and_places: People and places that help.
        professional_contacts: Professional and crisis contacts.
        means_safety: Steps to make the environment safer.
    """

    updated_on: date
    review_by: date | None = None
    co_produced: bool
    shared_with: tuple[str, ...] = attrs.field(
        default=(), validator=Items(max_items=20, each=_CODE)
    )
    warning_signs: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)
    coping_strategies: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)
    people_and_places: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)
    professional_contacts: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)
    means_safety: tuple[str, ...] = attrs.field(default=(), validator=_NOTES)


@attrs.frozen(kw_only=True)
class SafetyAssessment:
    """One safety assessment of one person, with its formulation and safety plan.

    Attributes:
        assessment_id: The assessment's identifier.
        person_id: The person assessed.
        nhs_number: The person's NHS number, if the extract carries it.
        assessed_on: The day of the assessment.
        assessor_staff_id: Who carried out the assessment.
        context: Why the assessment was done.
        observations: What was found, one entry per risk domain considered.
        person_view_recorded: Whether the person's own view is recorded.
        family_or_carer_involved: Whether family or carers were involved, if recorded.
        formulation: The safety formulation, if written.
        safety_plan: The safety plan, if there is one.
        review_on: The day by which this assessment must next be reviewed, if set.
    """

    assessment_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    assessed_on: date
    assessor_staff_id: str = attrs.field(validator=_ID)
    context: AssessmentContext = AssessmentContext.ROUTINE
    observations: tuple[DomainObservation, ...] = attrs.field(
        default=(), validator=Items(max_items=50)
    )
    person_view_recorded: bool = False
    family_or_carer_involved: bool | None = None
    formulation: Formulation | None = None
    safety_plan: SafetyPlan | None = None
    review_on: date | None = None


@attrs.frozen(kw_only=True)
class RiskEvent:
    """An event after which the person's safety assessment must be updated.

    Attributes:
        event_id: The event's identifier.
        kind: What happened.
        on: The day it happened.
    """

    event_id: str = attrs.field(validator=_ID)
    kind: EventKind
    on: date


@attrs.frozen(kw_only=True)
class RiskHistory:
    """A person's safety assessments over time and the events that call for a new one.

    Attributes:
        person_id: The person.
        nhs_number: The person's NHS number, if the extract carries it.
        assessments: The person's safety assessments, in any order.
        events: Discharges, incidents, care reviews and changes, in any order.
    """

    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    assessments: tuple[SafetyAssessment, ...] = attrs.field(
        default=(), validator=Items(max_items=500)
    )
    events: tuple[RiskEvent, ...] = attrs.field(default=(), validator=Items(max_items=500))
