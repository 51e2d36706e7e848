"""The records of the capacity area: MCA assessments and decisions, LPAs, ADRTs, DoLS, consent.

Every model is a frozen attrs class. Contradictions a real extract can contain (an outcome
that its own evidence does not support, a missing checklist item) are left to the rules in
:mod:`cpa_core.capacity.checks`, which report them as findings; only true impossibilities
(an end before a start) are refused when a record is built.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Number, Text
from cpa_core.exceptions import CpaCoreError

__all__ = [
    "Ability",
    "AbilityEvidence",
    "AbilityResult",
    "AccommodationSetting",
    "AdvanceDecision",
    "BestInterestsDecision",
    "CapacityAssessment",
    "CapacityBasis",
    "CapacityOutcome",
    "CareSetting",
    "ChecklistEntry",
    "ChecklistItem",
    "ChecklistStatus",
    "ConsentDecision",
    "ConsentRecord",
    "ConsentType",
    "Consultee",
    "ConsulteeRole",
    "DecisionArea",
    "DolsAssessmentKind",
    "DolsAuthorisation",
    "DolsExtension",
    "DolsType",
    "ImcaCase",
    "ImcaDecision",
    "Impairment",
    "InformationElement",
    "LastingPowerOfAttorney",
    "LpaType",
    "ProposedDisclosure",
    "SharingPurpose",
    "SharingScope",
]

_TEXT = Text(min_length=1, max_length=2000)
_CODE = Text(min_length=1, max_length=64)


def _ordered(earlier: date | None, later: date | None, what: str) -> None:
    if earlier is not None and later is not None and later < earlier:
        raise CpaCoreError(what)


class DecisionArea(enum.Enum):
    """The kind of matter a capacity decision concerns (decisions are matter-specific)."""

    TREATMENT = "treatment"
    ACCOMMODATION = "accommodation"
    CARE = "care"
    PROPERTY_AND_AFFAIRS = "property-and-affairs"
    INFORMATION_SHARING = "information-sharing"
    OTHER = "other"


class Ability(enum.Enum):
    """The four abilities of the functional test, MCA 2005 s3(1)(a)–(d)."""

    UNDERSTAND = "understand"
    RETAIN = "retain"
    USE_OR_WEIGH = "use-or-weigh"
    COMMUNICATE = "communicate"


class AbilityResult(enum.Enum):
    """What the assessor found about one ability."""

    ABLE = "able"
    UNABLE = "unable"
    NOT_ASSESSED = "not-assessed"


class CapacityOutcome(enum.Enum):
    """The outcome an assessor records for one decision at one time."""

    HAS_CAPACITY = "has-capacity"
    LACKS_CAPACITY = "lacks-capacity"
    UNDETERMINED = "undetermined"


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

    assessment_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date | None = None
    decision: str = attrs.field(validator=_TEXT)
    decision_area: DecisionArea
    assessed_at: datetime
    assessor_staff_id: str = attrs.field(validator=_ID)
    support_given: tuple[str, ...] = attrs.field(default=(), validator=Items(each=_TEXT))
    impairment: Impairment | None = None
    abilities: tuple[AbilityEvidence, ...] = attrs.field(default=(), validator=Items(max_items=8))
    causal_link: bool | None = None
    unwise_decision_cited: bool = False
    outcome: CapacityOutcome


class ChecklistItem(enum.Enum):
    """The best-interests checklist of MCA 2005 s4, one code per subsection."""

    NOT_MERELY_APPEARANCE = "s4-1-not-merely-age-appearance-condition-behaviour"
    RELEVANT_CIRCUMSTANCES = "s4-2-all-relevant-circumstances"
    REGAINING_CAPACITY = "s4-3-regaining-capacity"
    PARTICIPATION = "s4-4-participation"
    LIFE_SUSTAINING_MOTIVE = "s4-5-life-sustaining-not-motivated-by-death"
    WISHES_AND_VALUES = "s4-6-wishes-feelings-beliefs-values"
    VIEWS_OF_OTHERS = "s4-7-views-of-others"


class ChecklistStatus(enum.Enum):
    """How a checklist item was dealt with."""

    CONSIDERED = "considered"
    NOT_RELEVANT = "not-relevant"


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
    CARER = "carer"
    INTERESTED_IN_WELFARE = "interested-in-welfare"
    LPA_ATTORNEY = "lpa-attorney"
    DEPUTY = "deputy"
    IMCA = "imca"
    PAID_CARER = "paid-carer"


@attrs.frozen(kw_only=True)
class Consultee:
    """Someone consulted for a best-interests decision.

    Attributes:
        role: Their role.
        reference: An identifier for them in the Trust's records (never a name).
        consulted_on: When they were consulted.
    """

    role: ConsulteeRole
    reference: str | None = attrs.field(default=None, validator=_ID)
    consulted_on: date | None = None


class ImcaDecision(enum.Enum):
    """The kinds of decision that can bring an IMCA in (MCA 2005 ss37–39A; regulations)."""

    SERIOUS_MEDICAL_TREATMENT = "serious-medical-treatment"
    NHS_ACCOMMODATION = "nhs-accommodation"
    LOCAL_AUTHORITY_ACCOMMODATION = "local-authority-accommodation"
    DOLS_STANDARD_REQUEST = "dols-standard-request"
    CARE_REVIEW = "care-review"
    SAFEGUARDING = "safeguarding"


class AccommodationSetting(enum.Enum):
    """Where accommodation arranged by an NHS body or local authority is."""

    HOSPITAL = "hospital"
    CARE_HOME = "care-home"
    OTHER = "other"


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

    decision_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    decision: str = attrs.field(validator=_TEXT)
    decision_area: DecisionArea
    treatment: str | None = attrs.field(default=None, validator=_CODE)
    life_sustaining: bool = False
    decided_on: date
    decision_maker_staff_id: str = attrs.field(validator=_ID)
    capacity_assessment_id: str | None = attrs.field(default=None, validator=_ID)
    checklist: tuple[ChecklistEntry, ...] = attrs.field(default=(), validator=Items(max_items=14))
    consulted: tuple[Consultee, ...] = ()
    less_restrictive_considered: bool
    deputy_with_authority: bool = False
    imca: ImcaCase | None = None


class LpaType(enum.Enum):
    """The two kinds of lasting power of attorney."""

    HEALTH_AND_WELFARE = "health-and-welfare"
    PROPERTY_AND_FINANCIAL_AFFAIRS = "property-and-financial-affairs"


@attrs.frozen(kw_only=True)
class LastingPowerOfAttorney:
    """A lasting power of attorney (MCA 2005 ss9–14).

    Attributes:
        lpa_id: The record's own identifier.
        person_id: The donor.
        nhs_number: The donor's NHS number, when the record carries it.
        donor_date_of_birth: The donor's date of birth (the donor must be 18 or over).
        lpa_type: Health and welfare, or property and financial affairs.
        made_on: When the donor executed the instrument.
        donor_had_capacity: Whether the donor had capacity to make it.
        registered_on: When the Office of the Public Guardian registered it, if it has.
        life_sustaining_authority: The instrument expressly gives authority over
            life-sustaining treatment (s11(8)).
        attorney_ids: The attorneys, by the Trust's identifiers for them.
        excluded_treatments: Trust treatment codes the instrument excludes from the
            attorneys' authority.
        revoked_on: When it was revoked or ceased, if it was.
    """

    lpa_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    donor_date_of_birth: date
    lpa_type: LpaType
    made_on: date
    donor_had_capacity: bool
    registered_on: date | None = None
    life_sustaining_authority: bool = False
    attorney_ids: tuple[str, ...] = attrs.field(validator=Items(min_items=1, each=_ID))
    excluded_treatments: tuple[str, ...] = attrs.field(default=(), validator=Items(each=_CODE))
    revoked_on: date | None = None

    def __attrs_post_init__(self) -> None:
        _ordered(self.made_on, self.revoked_on, "revoked_on must not be before made_on")


@attrs.frozen(kw_only=True)
class AdvanceDecision:
    """An advance decision to refuse treatment (MCA 2005 ss24–26).

    Attributes:
        adrt_id: The record's own identifier.
        person_id: The person who made it.
        nhs_number: The person's NHS number, when the record carries it.
        date_of_birth: The person's date of birth (they must have been 18 or over).
        made_on: When it was made.
        had_capacity_when_made: Whether the person had capacity to make it.
        treatments_refused: Trust treatment codes of the treatments refused.
        circumstances: The circumstances in which the refusal applies, as the person put
            them.
        life_sustaining: Whether it refuses life-sustaining treatment.
        in_writing: Whether it is in writing.
        signed: Signed by the person, or by another in their presence and by their
            direction.
        witnessed: The signature was made or acknowledged in the presence of a witness who
            signed it in the person's presence.
        states_even_if_life_at_risk: It states that it applies even if life is at risk.
        withdrawn_on: When the person withdrew it, if they did.
        inconsistent_conduct: The person has done something clearly inconsistent with it
            remaining their fixed decision (s25(2)(c)).
    """

    adrt_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date
    made_on: date
    had_capacity_when_made: bool
    treatments_refused: tuple[str, ...] = attrs.field(validator=Items(min_items=1, each=_CODE))
    circumstances: str | None = attrs.field(default=None, validator=_TEXT)
    life_sustaining: bool = False
    in_writing: bool
    signed: bool = False
    witnessed: bool = False
    states_even_if_life_at_risk: bool = False
    withdrawn_on: date | None = None
    inconsistent_conduct: bool = False

    def __attrs_post_init__(self) -> None:
        _ordered(self.made_on, self.withdrawn_on, "withdrawn_on must not be before made_on")


class DolsType(enum.Enum):
    """The two DoLS authorisations of MCA 2005 Schedule A1."""

    URGENT = "urgent"
    STANDARD = "standard"


class CareSetting(enum.Enum):
    """Where a person is deprived of liberty."""

    HOSPITAL = "hospital"
    CARE_HOME = "care-home"
    COMMUNITY = "community"


class DolsAssessmentKind(enum.Enum):
    """The six assessments for a standard authorisation."""

    AGE = "age"
    MENTAL_HEALTH = "mental-health"
    MENTAL_CAPACITY = "mental-capacity"
    BEST_INTERESTS = "best-interests"
    ELIGIBILITY = "eligibility"
    NO_REFUSALS = "no-refusals"


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

    authorisation_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
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


class ConsentType(enum.Enum):
    """What consent is for."""

    TREATMENT = "treatment"
    INFORMATION_SHARING = "information-sharing"


class ConsentDecision(enum.Enum):
    """The person's answer."""

    GIVEN = "given"
    REFUSED = "refused"


class InformationElement(enum.Enum):
    """What a person must be told for consent to treatment to be informed."""

    NATURE = "nature"
    BENEFITS = "benefits"
    RISKS = "risks"
    ALTERNATIVES = "alternatives"
    CONSEQUENCES_OF_NOT_PROCEEDING = "consequences-of-not-proceeding"


class CapacityBasis(enum.Enum):
    """What the record says about the person's capacity or competence to consent."""

    PRESUMED = "presumed"
    ASSESSED_HAS_CAPACITY = "assessed-has-capacity"
    ASSESSED_LACKS_CAPACITY = "assessed-lacks-capacity"
    GILLICK_COMPETENT = "gillick-competent"
    NOT_GILLICK_COMPETENT = "not-gillick-competent"
    NOT_RECORDED = "not-recorded"


class SharingPurpose(enum.Enum):
    """Why information would be shared."""

    DIRECT_CARE = "direct-care"
    SAFEGUARDING = "safeguarding"
    CARE_PLANNING = "care-planning"
    RESEARCH = "research"
    SERVICE_EVALUATION = "service-evaluation"
    OTHER = "other"


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

    consent_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date | None = None
    consent_type: ConsentType
    decision: ConsentDecision
    recorded_on: date
    staff_id: str = attrs.field(validator=_ID)
    voluntary: bool
    informed: tuple[InformationElement, ...] = attrs.field(
        default=(), validator=Items(max_items=10)
    )
    capacity_basis: CapacityBasis = CapacityBasis.NOT_RECORDED
    capacity_assessment_id: str | None = attrs.field(default=None, validator=_ID)
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

    person_id: str = attrs.field(validator=_ID)
    recipient: str = attrs.field(validator=_CODE)
    purpose: SharingPurpose
    categories: tuple[str, ...] = attrs.field(validator=Items(min_items=1, each=_CODE))
    on: date
