"""The records of consent: to treatment, to sharing information, and a proposed disclosure."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.capacity.models import _CODE
from cpa_core.constraints import IDENTIFIER, Items, NhsNumber, Number

__all__ = [
    "CapacityBasis",
    "ConsentDecision",
    "ConsentRecord",
    "ConsentType",
    "InformationElement",
    "ProposedDisclosure",
    "SharingPurpose",
    "SharingScope",
]


class ConsentType(enum.Enum):
    """What consent is for."""

    TREATMENT = "treatment"
    """Consent to treatment."""
    INFORMATION_SHARING = "information-sharing"
    """Consent to sharing information about the person."""


class ConsentDecision(enum.Enum):
    """The person's answer."""

    GIVEN = "given"
    """The person gave consent."""
    REFUSED = "refused"
    """The person refused consent."""


class InformationElement(enum.Enum):
    """What a person must be told for consent to treatment to be informed."""

    NATURE = "nature"
    """The nature of the proposed treatment."""
    BENEFITS = "benefits"
    """Its benefits."""
    RISKS = "risks"
    """Its risks."""
    ALTERNATIVES = "alternatives"
    """The reasonable alternatives."""
    CONSEQUENCES_OF_NOT_PROCEEDING = "consequences-of-not-proceeding"
    """The consequences of doing nothing."""


class CapacityBasis(enum.Enum):
    """What the record says about the person's capacity or competence to consent."""

    PRESUMED = "presumed"
    """Capacity presumed, as the MCA requires unless it is established otherwise (s1(2))."""
    ASSESSED_HAS_CAPACITY = "assessed-has-capacity"
    """Assessed as having capacity for this decision."""
    ASSESSED_LACKS_CAPACITY = "assessed-lacks-capacity"
    """Assessed as lacking capacity for this decision."""
    GILLICK_COMPETENT = "gillick-competent"
    """A child under 16 judged Gillick competent: enough understanding and intelligence to grasp
    fully what is proposed."""
    NOT_GILLICK_COMPETENT = "not-gillick-competent"
    """A child under 16 judged not Gillick competent."""
    NOT_RECORDED = "not-recorded"
    """The record does not say."""


class SharingPurpose(enum.Enum):
    """Why information would be shared."""

    DIRECT_CARE = "direct-care"
    """The person's own direct care."""
    SAFEGUARDING = "safeguarding"
    """Safeguarding the person or others."""
    CARE_PLANNING = "care-planning"
    """Planning the person's care."""
    RESEARCH = "research"
    """Research."""
    SERVICE_EVALUATION = "service-evaluation"
    """Evaluating a service."""
    OTHER = "other"
    """Another purpose."""


@attrs.frozen(kw_only=True)
class SharingScope:
    """What a consent to share information covers.

    Attributes:
        categories: Trust codes of the categories of information covered.
        recipients: Codes of the organisations or roles that may receive it.
        purposes: The purposes it may be used for.
        expires_on: The last day the consent covers, if it is time-limited.
        caldicott_principles: The Caldicott principles (1 to 8) the recorder referred to.
    """

    categories: tuple[str, ...] = attrs.field(validator=Items(min_items=1, each=_CODE))
    recipients: tuple[str, ...] = attrs.field(validator=Items(min_items=1, each=_CODE))
    purposes: tuple[SharingPurpose, ...] = attrs.field(validator=Items(min_items=1))
    expires_on: date | None = None
    caldicott_principles: tuple[int, ...] = attrs.field(
        default=(), validator=Items(max_items=8, each=Number(minimum=1, maximum=8))
    )


@attrs.frozen(kw_only=True)
class ConsentRecord:
    """Consent to treatment or to sharing information.

    Attributes:
        consent_id: The record's own identifier.
        person_id: The person whose consent it is.
        nhs_number: The person's NHS number, when the record carries it.
        date_of_birth: The person's date of birth (age decides Gillick and the MCA).
        consent_type: Treatment or information sharing.
        decision: Given or refused.
        recorded_on: The day consent was given or refused.
        staff_id: The member of staff who sought it.
        voluntary: Whether it was given free of pressure.
        informed: What the person was told (for treatment).
        capacity_basis: What the record says about capacity or Gillick competence.
        capacity_assessment_id: The capacity assessment relied on, if any.
        treatment: A Trust treatment code, for consent to treatment.
        sharing: What a consent to share covers.
        withdrawn_on: When the person withdrew it, if they did.
    """

    consent_id: str = attrs.field(validator=IDENTIFIER)
    person_id: str = attrs.field(validator=IDENTIFIER)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date | None = None
    consent_type: ConsentType
    decision: ConsentDecision
    recorded_on: date
    staff_id: str = attrs.field(validator=IDENTIFIER)
    voluntary: bool
    informed: tuple[InformationElement, ...] = attrs.field(
        default=(), validator=Items(max_items=10)
    )
    capacity_basis: CapacityBasis = CapacityBasis.NOT_RECORDED
    capacity_assessment_id: str | None = attrs.field(default=None, validator=IDENTIFIER)
    treatment: str | None = attrs.field(default=None, validator=_CODE)
    sharing: SharingScope | None = None
    withdrawn_on: date | None = None


@attrs.frozen(kw_only=True)
class ProposedDisclosure:
    """A disclosure someone proposes to make, to be checked against consent records.

    Attributes:
        person_id: Whose information it is.
        recipient: The receiving organisation or role code.
        purpose: Why it would be shared.
        categories: The categories of information it would include.
        on: The day it would be made.
    """

    person_id: str = attrs.field(validator=IDENTIFIER)
    recipient: str = attrs.field(validator=_CODE)
    purpose: SharingPurpose
    categories: tuple[str, ...] = attrs.field(validator=Items(min_items=1, each=_CODE))
    on: date
