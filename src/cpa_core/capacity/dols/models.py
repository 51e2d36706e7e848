"""The record of a DoLS authorisation (MCA 2005 Schedule A1)."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.capacity.models import _CODE, _ordered
from cpa_core.constraints import IDENTIFIER, Items, NhsNumber

__all__ = [
    "CareSetting",
    "DolsAssessmentKind",
    "DolsAuthorisation",
    "DolsExtension",
    "DolsType",
]


class DolsType(enum.Enum):
    """The two DoLS authorisations of MCA 2005 Schedule A1."""

    URGENT = "urgent"
    """An urgent authorisation, given by the managing authority for at most 7 days, extendable once
    by at most 7 days (Sch A1 paras 78, 85)."""
    STANDARD = "standard"
    """A standard authorisation, given by the supervisory body for at most 1 year (Sch A1 para
    42(2))."""


class CareSetting(enum.Enum):
    """Where a person is deprived of liberty."""

    HOSPITAL = "hospital"
    """A hospital: within DoLS."""
    CARE_HOME = "care-home"
    """A care home: within DoLS."""
    COMMUNITY = "community"
    """Any other setting: outside DoLS, so a deprivation of liberty needs a Court of Protection
    order."""


class DolsAssessmentKind(enum.Enum):
    """The six assessments for a standard authorisation."""

    AGE = "age"
    """The age assessment: the person is 18 or over."""
    MENTAL_HEALTH = "mental-health"
    """The mental health assessment."""
    MENTAL_CAPACITY = "mental-capacity"
    """The mental capacity assessment."""
    BEST_INTERESTS = "best-interests"
    """The best interests assessment."""
    ELIGIBILITY = "eligibility"
    """The eligibility assessment."""
    NO_REFUSALS = "no-refusals"
    """The no refusals assessment."""


@attrs.frozen(kw_only=True)
class DolsExtension:
    """An extension of an urgent authorisation by the supervisory body.

    Attributes:
        granted_on: When the supervisory body extended it.
        extended_to: The new last day the authorisation is in force.
    """

    granted_on: date
    extended_to: date


@attrs.frozen(kw_only=True)
class DolsAuthorisation:
    """A DoLS urgent or standard authorisation (MCA 2005 Schedule A1).

    Dates are London calendar days. ``expires_on`` is the **last day** the authorisation is
    in force (inclusive).

    Attributes:
        authorisation_id: The record's own identifier.
        person_id: The person deprived of liberty.
        nhs_number: The person's NHS number, when the record carries it.
        date_of_birth: The person's date of birth (DoLS applies from 18).
        authorisation_type: Urgent or standard.
        setting: Where the person is deprived of liberty.
        managing_authority: The hospital or care home (an organisation code).
        supervisory_body: The local authority (an organisation code).
        given_on: The day the authorisation was given.
        starts_on: The day a standard authorisation comes into force, when later than the
            day it was given (paras 52, 63).
        expires_on: The stated last day in force, if one was stated.
        bia_maximum_until: For a standard authorisation, the last day of the maximum period
            the best-interests assessor stated (para 42(2)).
        extensions: Extensions of an urgent authorisation (only one is lawful).
        assessments: The standard-authorisation assessments completed.
        ended_on: The day it stopped being relied on early (discharge, a standard
            authorisation granted, a request refused), if it did.
    """

    authorisation_id: str = attrs.field(validator=IDENTIFIER)
    person_id: str = attrs.field(validator=IDENTIFIER)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date | None = None
    authorisation_type: DolsType
    setting: CareSetting
    managing_authority: str = attrs.field(validator=_CODE)
    supervisory_body: str = attrs.field(validator=_CODE)
    given_on: date
    starts_on: date | None = None
    expires_on: date | None = None
    bia_maximum_until: date | None = None
    extensions: tuple[DolsExtension, ...] = attrs.field(default=(), validator=Items(max_items=4))
    assessments: tuple[DolsAssessmentKind, ...] = attrs.field(
        default=(), validator=Items(max_items=12)
    )
    ended_on: date | None = None

    def __attrs_post_init__(self) -> None:
        _ordered(self.given_on, self.starts_on, "starts_on must not be before given_on")
        _ordered(self.given_on, self.ended_on, "ended_on must not be before given_on")

    @property
    def start(self) -> date:
        """The first day in force: ``starts_on`` when stated, else the day given."""
        return self.starts_on or self.given_on
