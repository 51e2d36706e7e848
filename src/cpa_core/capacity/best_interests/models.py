"""The record of a best-interests decision: the s4 checklist, the people consulted, the IMCA."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.capacity.models import _CODE, _TEXT, DecisionArea, _ordered
from cpa_core.constraints import IDENTIFIER, Items, NhsNumber

__all__ = [
    "AccommodationSetting",
    "BestInterestsDecision",
    "ChecklistEntry",
    "ChecklistItem",
    "ChecklistStatus",
    "Consultee",
    "ConsulteeRole",
    "ImcaCase",
    "ImcaDecision",
]


class ChecklistItem(enum.Enum):
    """The best-interests checklist of MCA 2005 s4, one code per subsection."""

    NOT_MERELY_APPEARANCE = "s4-1-not-merely-age-appearance-condition-behaviour"
    """Not decided merely on the person's age, appearance, condition or behaviour (s4(1))."""
    RELEVANT_CIRCUMSTANCES = "s4-2-all-relevant-circumstances"
    """All relevant circumstances considered (s4(2))."""
    REGAINING_CAPACITY = "s4-3-regaining-capacity"
    """Whether, and when, the person is likely to regain capacity (s4(3))."""
    PARTICIPATION = "s4-4-participation"
    """The person permitted and encouraged to take part, as far as is reasonably practicable
    (s4(4))."""
    LIFE_SUSTAINING_MOTIVE = "s4-5-life-sustaining-not-motivated-by-death"
    """A decision about life-sustaining treatment not motivated by a desire to bring about
    death (s4(5))."""
    WISHES_AND_VALUES = "s4-6-wishes-feelings-beliefs-values"
    """The person's past and present wishes and feelings, beliefs and values, and the other
    factors they would weigh (s4(6))."""
    VIEWS_OF_OTHERS = "s4-7-views-of-others"
    """The views of anyone the person named, carers and others interested in their welfare,
    any attorney and any deputy (s4(7))."""


class ChecklistStatus(enum.Enum):
    """How a checklist item was dealt with."""

    CONSIDERED = "considered"
    """The item was considered for this decision."""
    NOT_RELEVANT = "not-relevant"
    """The item was considered and found not relevant to this decision."""


@attrs.frozen(kw_only=True)
class ChecklistEntry:
    """One item of the s4 checklist as recorded.

    Attributes:
        item: The checklist item.
        status: Considered, or recorded as not relevant.
        note: How it was considered, or why it is not relevant (required for the latter).
    """

    item: ChecklistItem
    status: ChecklistStatus
    note: str | None = attrs.field(default=None, validator=_TEXT)


class ConsulteeRole(enum.Enum):
    """Whose views were taken into account (s4(7)), or an IMCA."""

    NAMED_BY_PERSON = "named-by-person"
    """Someone the person named to be consulted (s4(7)(a))."""
    CARER = "carer"
    """Someone engaged in caring for the person (s4(7)(b))."""
    INTERESTED_IN_WELFARE = "interested-in-welfare"
    """Someone interested in the person's welfare (s4(7)(b))."""
    LPA_ATTORNEY = "lpa-attorney"
    """A donee of a lasting power of attorney granted by the person (s4(7)(c))."""
    DEPUTY = "deputy"
    """A deputy appointed for the person by the court (s4(7)(d))."""
    IMCA = "imca"
    """An independent mental capacity advocate (ss35-41)."""
    PAID_CARER = "paid-carer"
    """A paid carer: not someone "appropriate to consult" for the IMCA duty."""


@attrs.frozen(kw_only=True)
class Consultee:
    """Someone consulted for a best-interests decision.

    Attributes:
        role: Their role.
        reference: An identifier for them in the Trust's records (never a name).
        consulted_on: When they were consulted.
    """

    role: ConsulteeRole
    reference: str | None = attrs.field(default=None, validator=IDENTIFIER)
    consulted_on: date | None = None


class ImcaDecision(enum.Enum):
    """The kinds of decision that can bring an IMCA in (MCA 2005 ss37–39A; regulations)."""

    SERIOUS_MEDICAL_TREATMENT = "serious-medical-treatment"
    """Serious medical treatment provided by an NHS body (s37)."""
    NHS_ACCOMMODATION = "nhs-accommodation"
    """Accommodation arranged by an NHS body: hospital likely over 28 days, care home likely over 8
    weeks (s38)."""
    LOCAL_AUTHORITY_ACCOMMODATION = "local-authority-accommodation"
    """Accommodation arranged by a local authority (s39)."""
    DOLS_STANDARD_REQUEST = "dols-standard-request"
    """A request for a DoLS standard authorisation (s39A)."""
    CARE_REVIEW = "care-review"
    """A review of care arrangements: a discretionary IMCA under the 2006 Expansion Regulations."""
    SAFEGUARDING = "safeguarding"
    """Adult safeguarding: a discretionary IMCA under the 2006 Expansion Regulations."""


class AccommodationSetting(enum.Enum):
    """Where accommodation arranged by an NHS body or local authority is."""

    HOSPITAL = "hospital"
    """A hospital: the IMCA duty applies to a stay likely to last more than 28 days."""
    CARE_HOME = "care-home"
    """A care home: the IMCA duty applies to a stay likely to last more than 8 weeks."""
    OTHER = "other"
    """Other accommodation."""


@attrs.frozen(kw_only=True)
class ImcaCase:
    """The facts that decide whether an IMCA must be instructed.

    Attributes:
        decision: The kind of decision.
        setting: For accommodation decisions, where the person will stay.
        stay_starts_on: For accommodation decisions, the first day of the stay.
        stay_expected_until: For accommodation decisions, the expected last day of the stay.
        appropriate_person_to_consult: Whether there is anyone, other than paid carers,
            whom it is appropriate to consult about the person's best interests.
        mha_part4_regulated: The treatment is regulated by Part 4 or 4A of the Mental
            Health Act 1983 (no s37 duty).
        urgent: The treatment is needed as a matter of urgency (s37(4)).
        residence_required_by_mha: The accommodation is required by the Mental Health Act
            1983 (s2, s3, guardianship): no s38/s39 duty.
        imca_instructed_on: When an IMCA was instructed, if one was.
    """

    decision: ImcaDecision
    setting: AccommodationSetting | None = None
    stay_starts_on: date | None = None
    stay_expected_until: date | None = None
    appropriate_person_to_consult: bool
    mha_part4_regulated: bool = False
    urgent: bool = False
    residence_required_by_mha: bool = False
    imca_instructed_on: date | None = None

    def __attrs_post_init__(self) -> None:
        _ordered(
            self.stay_starts_on,
            self.stay_expected_until,
            "stay_expected_until must not be before stay_starts_on",
        )


@attrs.frozen(kw_only=True)
class BestInterestsDecision:
    """A decision made in the best interests of a person who lacks capacity (s4).

    Attributes:
        decision_id: The record's own identifier.
        person_id: The person the decision is for.
        nhs_number: The person's NHS number, when the record carries it.
        decision: The decision, stated specifically.
        decision_area: The kind of matter the decision concerns.
        treatment: A Trust treatment code, when the decision is about a treatment (matched
            against advance decisions and LPA restrictions).
        life_sustaining: Whether the decision concerns life-sustaining treatment.
        decided_on: When the decision was made.
        decision_maker_staff_id: The member of staff who made the decision.
        capacity_assessment_id: The assessment that found the person lacks capacity for
            this decision.
        checklist: The s4 checklist, one entry per item.
        consulted: The people whose views were taken into account.
        less_restrictive_considered: Whether a less restrictive option was considered
            (s1(6)).
        deputy_with_authority: A deputy appointed by the Court of Protection has authority
            over this decision.
        imca: The facts for the IMCA duty, when the decision is one that can bring an IMCA
            in.
    """

    decision_id: str = attrs.field(validator=IDENTIFIER)
    person_id: str = attrs.field(validator=IDENTIFIER)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    decision: str = attrs.field(validator=_TEXT)
    decision_area: DecisionArea
    treatment: str | None = attrs.field(default=None, validator=_CODE)
    life_sustaining: bool = False
    decided_on: date
    decision_maker_staff_id: str = attrs.field(validator=IDENTIFIER)
    capacity_assessment_id: str | None = attrs.field(default=None, validator=IDENTIFIER)
    checklist: tuple[ChecklistEntry, ...] = attrs.field(default=(), validator=Items(max_items=14))
    consulted: tuple[Consultee, ...] = ()
    less_restrictive_considered: bool
    deputy_with_authority: bool = False
    imca: ImcaCase | None = None
