"""The rules of the capacity area, as data: each row has its statute section and dates.

The Mental Capacity Act 2005 came fully into force on 1 October 2007 (ss1–4 and 5–29, SI
2007/1897 art 2), the IMCA sections on 1 April 2007 in England (SI 2006/2814 art 5), and
Schedule A1 (DoLS) on 1 April 2009 (SI 2009/139 art 2). The Liberty Protection Safeguards
(Mental Capacity (Amendment) Act 2019) are enacted but not commenced: their row has
``Effective(start=None)`` and is never in force.
"""

from __future__ import annotations

from datetime import date
from urllib.parse import urlsplit

import attrs

from cpa_core.capacity.models import (
    Ability,
    AccommodationSetting,
    ChecklistItem,
    DolsAssessmentKind,
    DolsType,
    ImcaDecision,
    InformationElement,
)
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = [
    "ABILITIES",
    "ADRT_RULES",
    "AGE_GATES",
    "BEST_INTERESTS_CHECKLIST",
    "CALDICOTT_PRINCIPLES",
    "CAPACITY_TEST",
    "CHILDREN",
    "DEPRIVATION_REGIMES",
    "DOLS_ASSESSMENTS",
    "DOLS_COMMENCED",
    "DOLS_PERIODS",
    "IMCA_DUTIES",
    "IMCA_EXCLUSIONS",
    "IMCA_STAY_THRESHOLDS",
    "LPA_RULES",
    "MCA_COMMENCED",
    "MCA_PRINCIPLES",
    "VALID_CONSENT",
    "AbilityRow",
    "AgeGate",
    "CaldicottPrinciple",
    "ChecklistRow",
    "DolsAssessmentRow",
    "DolsPeriodRule",
    "ImcaDutyRule",
    "ImcaExclusionRule",
    "InformationRow",
    "RegimeRow",
    "StatuteRule",
    "StayThreshold",
]

MCA_COMMENCED = date(2007, 10, 1)
DOLS_COMMENCED = date(2009, 4, 1)
MCA_IN_FORCE = Effective(MCA_COMMENCED)
"""MCA 2005 ss1–29: in force for all purposes from 1 October 2007 (SI 2007/1897 art 2)."""
IMCA_IN_FORCE = Effective(date(2007, 4, 1))
"""MCA 2005 ss35–41 in England: 1 April 2007 (SI 2006/2814 art 5(b))."""
DOLS_IN_FORCE = Effective(DOLS_COMMENCED)
"""MCA 2005 Schedule A1 (inserted by MHA 2007 Sch 7): 1 April 2009 (SI 2009/139 art 2)."""
S58A_IN_FORCE = Effective(date(2008, 11, 3))
"""MHA 1983 s58A (inserted by MHA 2007 s27): 3 November 2008 (SI 2008/1900 art 2(g))."""
NOT_COMMENCED = Effective(None)
"""Enacted, not commenced (the Liberty Protection Safeguards)."""

_MCA = "Mental Capacity Act 2005"


def _host(url: str) -> str:
    host = urlsplit(url).hostname or ""
    return host.removeprefix("www.")


def _mca(locator: str, url: str, evidence: Evidence = Evidence.VERIFIED) -> Source:
    # The publisher is the site the text was read on: a statute mirror or a restatement.
    return Source(_MCA, _host(url), locator, "", url, evidence)


_S1_URL = (
    "http://sites.cardiff.ac.uk/wccop/resources/3-what-do-mental-capacity-and-best-interests-mean/"
)
_S2_URL = "http://www.legislation.gov.uk/cy/ukpga/2005/9/notes/division/6/1/2"
_S3_URL = "http://www.mentalhealthlaw.co.uk/MCA_2005_s3"
_S4_URL = "https://www.mentalhealthlaw.co.uk/MCA_s4_text"
_S37_URL = "https://www.mentalhealthlaw.co.uk/MCA_2005_s37"
_S38_URL = "https://www.mentalhealthlaw.co.uk/MCA_s38_text"
_S39_URL = "https://mentalhealthlaw.co.uk/MCA_2005_s39"
_SCIE_MHA_URL = (
    "https://www.scie.org.uk/publications/guides/guide39/accommodationdecisions/mha1983.asp"
)
_SCIE_INVOLVE_URL = "https://www.scie.org.uk/publications/guides/guide39/involvement/"
_S11_URL = "https://legislation.gov.uk/ukpga/2005/9/section/11/2015-04-01/data.html"
_LPA_URL = "https://publications.parliament.uk/pa/cm200405/cmbills/001/en/05001x-a.htm"
_S24_URL = "https://www.mentalhealthlaw.co.uk/MCA_s24_text"
_S25_URL = "http://www.mentalhealthlaw.co.uk/MCA_2005_s25"
_ECT_URL = "http://mentalhealthlaw.co.uk/Additional_safeguards_for_ECT_introduced_in_new_s58A"
_AGE_URL = (
    "https://www.lexisnexis.co.uk/legal/commentary/halsburys-laws-of-england/"
    "mental-health-capacity/capacity-of-children"
)
_DOLS_URL = "https://adults.bathnes.gov.uk/web/portal/pages/dols"
_DOLS_PERIOD_URL = "https://mca-adults.trixonline.co.uk/chapter/requesting-a-standard-authorisation"
_MB_URL = "https://beta.bailii.org/ew/cases/EWCOP/2010/2508.html"
_SIX_URL = (
    "https://www.ammarksman.com/what-qualifications-do-i-need-to-be-a-best-interest-assessor/"
)
_COP_URL = (
    "https://researchinpractice.org.uk/all/news-views/2023/may/"
    "liberty-protection-safeguards-implementation-indefinitely-delayed"
)
_LPS_URL = (
    "https://www.mentalcapacitylawandpolicy.org.uk/liberty-protection-safeguards-newsflash-"
    "implementation-delayed-beyond-the-life-of-this-parliament/"
)
_LPS_DRAFT_URL = (
    "https://www.bevanbrittan.com/insights/articles/2025/"
    "a-resurrection-of-the-liberty-protection-safeguards"
)
_CONSENT_URL = (
    "https://uhliverpool.nhs.uk/luhft-staff/legal-knowledge-centre/training/informed-consent"
)
_CALDICOTT_URL = (
    "https://www.gov.uk/government/news/"
    "why-caldicott-principles-and-caldicott-guardians-are-still-relevant-in-2020"
)
_GILLICK_URL = (
    "http://www.nspcc.org.uk/preventing-abuse/child-protection-system/"
    "legal-definition-child-rights-law/gillick-competency-fraser-guidelines/"
)
_FRASER_URL = "https://hamptoncollege.org.uk/parents/fraser-guidelines/"
_YOUNG_URL = (
    "https://new.devon.gov.uk/care-and-health/guide/mca-practice-guidance/"
    "part-22-the-legal-position-of-16-18-year-olds/"
)


@attrs.frozen(kw_only=True)
class StatuteRule:
    """One rule stated in words, keyed by a stable code.

    Attributes:
        code: Stable code of the rule (used in results, e.g. ``"registered"``).
        statement: What the rule says, in plain words.
        source: Where it comes from.
        effective: When it is in force.
    """

    code: str
    statement: str
    source: Source
    effective: Effective


def _table(
    name: str, rows: tuple[StatuteRule, ...], description: str
) -> RuleTable[str, StatuteRule]:
    return RuleTable(name, rows, key=lambda r: r.code, description=description)


MCA_PRINCIPLES: RuleTable[str, StatuteRule] = _table(
    "MCA principles",
    (
        StatuteRule(
            code="presume-capacity",
            statement="A person must be assumed to have capacity unless it is established "
            "that they lack it.",
            source=_mca("s1(2)", _S1_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="all-practicable-steps",
            statement="A person is not to be treated as unable to decide unless all "
            "practicable steps to help them have been taken without success.",
            source=_mca("s1(3)", _S1_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="unwise-decision",
            statement="A person is not to be treated as unable to decide merely because "
            "they make an unwise decision.",
            source=_mca("s1(4)", _S1_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="best-interests",
            statement="An act done or decision made for a person who lacks capacity must "
            "be done or made in their best interests.",
            source=_mca("s1(5)", _S1_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="less-restrictive",
            statement="Regard must be had to whether the purpose can be as effectively "
            "achieved in a way less restrictive of the person's rights and freedom.",
            source=_mca("s1(6)", _S1_URL),
            effective=MCA_IN_FORCE,
        ),
    ),
    "The five principles of the Mental Capacity Act 2005 (s1).",
)

CAPACITY_TEST: RuleTable[str, StatuteRule] = _table(
    "MCA two-stage test",
    (
        StatuteRule(
            code="impairment",
            statement="Stage 1: at the material time the person has an impairment of, or a "
            "disturbance in the functioning of, the mind or brain (permanent or temporary).",
            source=_mca("s2(1)–(2); Explanatory Notes paras 21–23", _S2_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="causal-link",
            statement="The person is unable to make the decision *because of* that "
            "impairment or disturbance.",
            source=_mca("s2(1)", _S2_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="decision-and-time-specific",
            statement="Capacity is judged for a particular matter at the material time; it "
            "can differ between matters and fluctuate.",
            source=_mca("s2(1); Explanatory Notes para 21", _S2_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="no-inference-from-status",
            statement="Lack of capacity cannot be established merely by reference to age, "
            "appearance, a condition or an aspect of behaviour.",
            source=_mca("s2(3)", _S2_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="functional",
            statement="Stage 2: the person is unable to decide if unable to do any one of "
            "the four abilities.",
            source=_mca("s3(1)", _S3_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="appropriate-explanation",
            statement="A person is not unable to understand if able to understand an "
            "explanation given in a way appropriate to their circumstances.",
            source=_mca("s3(2)", _S3_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="brief-retention",
            statement="Retaining the information only for a short period does not by itself "
            "prevent a person being regarded as able to decide.",
            source=_mca("s3(3)", _S3_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="relevant-information",
            statement="Relevant information includes the reasonably foreseeable "
            "consequences of each choice and of not deciding.",
            source=_mca("s3(4)", _S3_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="balance-of-probabilities",
            statement="Lack of capacity is decided on the balance of probabilities.",
            source=_mca(
                "s2(4)",
                "https://www.lawbriefpublishing.com/2021/07/free-chapter-from-a-practical-"
                "guide-to-assessing-mental-capacity-by-holly-chantler/",
                Evidence.SECONDARY,
            ),
            effective=MCA_IN_FORCE,
        ),
    ),
    "The two-stage test of capacity: the diagnostic stage (s2) and the functional stage (s3).",
)


@attrs.frozen(kw_only=True)
class AbilityRow:
    """One of the four abilities of the functional test.

    Attributes:
        ability: The ability's code.
        statement: What the person must be able to do.
        source: Where it comes from.
        effective: When it is in force.
    """

    ability: Ability
    statement: str
    source: Source
    effective: Effective


ABILITIES: RuleTable[Ability, AbilityRow] = RuleTable(
    "MCA abilities",
    (
        AbilityRow(
            ability=Ability.UNDERSTAND,
            statement="Understand the information relevant to the decision.",
            source=_mca("s3(1)(a)", _S3_URL),
            effective=MCA_IN_FORCE,
        ),
        AbilityRow(
            ability=Ability.RETAIN,
            statement="Retain that information.",
            source=_mca("s3(1)(b)", _S3_URL),
            effective=MCA_IN_FORCE,
        ),
        AbilityRow(
            ability=Ability.USE_OR_WEIGH,
            statement="Use or weigh that information as part of the process of deciding.",
            source=_mca("s3(1)(c)", _S3_URL),
            effective=MCA_IN_FORCE,
        ),
        AbilityRow(
            ability=Ability.COMMUNICATE,
            statement="Communicate the decision by any means (talking, sign language or "
            "any other means).",
            source=_mca("s3(1)(d)", _S3_URL),
            effective=MCA_IN_FORCE,
        ),
    ),
    key=lambda r: r.ability,
    description="The four abilities of s3(1): inability to do any one is inability to decide.",
)


@attrs.frozen(kw_only=True)
class ChecklistRow:
    """One item of the best-interests checklist.

    Attributes:
        item: The item's code.
        statement: What the decision maker must do.
        source: Where it comes from.
        effective: When it is in force.
    """

    item: ChecklistItem
    statement: str
    source: Source
    effective: Effective


BEST_INTERESTS_CHECKLIST: RuleTable[ChecklistItem, ChecklistRow] = RuleTable(
    "Best-interests checklist",
    (
        ChecklistRow(
            item=ChecklistItem.NOT_MERELY_APPEARANCE,
            statement="Do not decide merely on the basis of age, appearance, condition or "
            "behaviour.",
            source=_mca("s4(1)", _S4_URL),
            effective=MCA_IN_FORCE,
        ),
        ChecklistRow(
            item=ChecklistItem.RELEVANT_CIRCUMSTANCES,
            statement="Consider all the relevant circumstances.",
            source=_mca("s4(2)", _S4_URL),
            effective=MCA_IN_FORCE,
        ),
        ChecklistRow(
            item=ChecklistItem.REGAINING_CAPACITY,
            statement="Consider whether, and when, the person is likely to regain capacity.",
            source=_mca("s4(3)", _S4_URL),
            effective=MCA_IN_FORCE,
        ),
        ChecklistRow(
            item=ChecklistItem.PARTICIPATION,
            statement="Permit and encourage the person to participate as fully as "
            "reasonably practicable.",
            source=_mca("s4(4)", _S4_URL),
            effective=MCA_IN_FORCE,
        ),
        ChecklistRow(
            item=ChecklistItem.LIFE_SUSTAINING_MOTIVE,
            statement="For life-sustaining treatment, do not be motivated by a desire to "
            "bring about the person's death.",
            source=_mca("s4(5)", _S4_URL),
            effective=MCA_IN_FORCE,
        ),
        ChecklistRow(
            item=ChecklistItem.WISHES_AND_VALUES,
            statement="Consider the person's past and present wishes and feelings "
            "(especially written statements made with capacity), beliefs and values, and "
            "other factors they would weigh.",
            source=_mca("s4(6)", _S4_URL),
            effective=MCA_IN_FORCE,
        ),
        ChecklistRow(
            item=ChecklistItem.VIEWS_OF_OTHERS,
            statement="Take into account the views of anyone named by the person, carers "
            "and those interested in their welfare, any LPA attorney and any deputy.",
            source=_mca("s4(7)", _S4_URL),
            effective=MCA_IN_FORCE,
        ),
    ),
    key=lambda r: r.item,
    description="The s4 checklist: each item is considered, or recorded as not relevant "
    "with a reason.",
)


@attrs.frozen(kw_only=True)
class AgeGate:
    """The minimum age at which a part of the Act applies.

    Attributes:
        code: The part of the Act (``mca``, ``lpa``, ``adrt``, ``dols``).
        minimum_age: Age in whole years from which it applies.
        statement: What the gate means.
        source: Where it comes from.
        effective: When it is in force.
    """

    code: str
    minimum_age: int
    statement: str
    source: Source
    effective: Effective


AGE_GATES: RuleTable[str, AgeGate] = RuleTable(
    "MCA age gates",
    (
        AgeGate(
            code="mca",
            minimum_age=16,
            statement="Powers under the Act are generally not exercisable for a person "
            "under 16 (Gillick competence applies instead); exception: property and affairs "
            "where incapacity is likely to persist past 18 (s18(3)).",
            source=Source(_MCA, "Halsbury's Laws (LexisNexis)", "s2(5); s18(3)", "", _AGE_URL),
            effective=MCA_IN_FORCE,
        ),
        AgeGate(
            code="lpa",
            minimum_age=18,
            statement="Only a person aged 18 or over can make a lasting power of attorney.",
            source=_mca("s9(2)(c)", _LPA_URL),
            effective=MCA_IN_FORCE,
        ),
        AgeGate(
            code="adrt",
            minimum_age=18,
            statement="Only a person aged 18 or over can make an advance decision.",
            source=_mca("s24(1)", _S24_URL),
            effective=MCA_IN_FORCE,
        ),
        AgeGate(
            code="dols",
            minimum_age=18,
            statement="DoLS applies to adults aged 18 or over in hospitals and care homes; "
            "16–17-year-olds need a Court of Protection order.",
            source=Source(
                _MCA, "Bath and North East Somerset Council", "Schedule A1", "", _DOLS_URL
            ),
            effective=DOLS_IN_FORCE,
        ),
    ),
    key=lambda r: r.code,
    description="Ages from which the Act, LPAs, advance decisions and DoLS apply.",
)


@attrs.frozen(kw_only=True)
class ImcaDutyRule:
    """A kind of decision that can bring an IMCA in.

    Attributes:
        decision: The kind of decision.
        mandatory: Whether the instruction is a duty (``False``: a power, discretionary).
        statement: When the duty or power arises.
        source: Where it comes from.
        effective: When it is in force.
    """

    decision: ImcaDecision
    mandatory: bool
    statement: str
    source: Source
    effective: Effective


IMCA_DUTIES: RuleTable[ImcaDecision, ImcaDutyRule] = RuleTable(
    "IMCA duties",
    (
        ImcaDutyRule(
            decision=ImcaDecision.SERIOUS_MEDICAL_TREATMENT,
            mandatory=True,
            statement="An NHS body proposes serious medical treatment for a person who lacks "
            "capacity and has no one appropriate to consult other than paid carers.",
            source=_mca("s37", _S37_URL),
            effective=IMCA_IN_FORCE,
        ),
        ImcaDutyRule(
            decision=ImcaDecision.NHS_ACCOMMODATION,
            mandatory=True,
            statement="An NHS body proposes accommodation in a hospital or care home, not "
            "likely to last less than the applicable period (28 days in hospital, 8 weeks in "
            "a care home), for a person who lacks capacity with no one appropriate to consult.",
            source=_mca("s38", _S38_URL),
            effective=IMCA_IN_FORCE,
        ),
        ImcaDutyRule(
            decision=ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION,
            mandatory=True,
            statement="A local authority proposes such accommodation, on the same conditions.",
            source=_mca("s39", _S39_URL),
            effective=IMCA_IN_FORCE,
        ),
        ImcaDutyRule(
            decision=ImcaDecision.DOLS_STANDARD_REQUEST,
            mandatory=True,
            statement="A DoLS standard authorisation is requested for a person with no one "
            "appropriate to consult.",
            source=_mca("s39A", _SCIE_INVOLVE_URL),
            effective=DOLS_IN_FORCE,
        ),
        ImcaDutyRule(
            decision=ImcaDecision.CARE_REVIEW,
            mandatory=False,
            statement="A review of accommodation arrangements: an IMCA may be instructed.",
            source=Source(
                "Mental Capacity Act 2005 (Independent Mental Capacity Advocates) (Expansion "
                "of Role) Regulations 2006",
                "Shropshire Council",
                "discretionary IMCA",
                "",
                "https://shropshire.gov.uk/disability-information/mental-health/"
                "shropshire-independent-mental-capacity-advocate-service/",
                Evidence.SECONDARY,
            ),
            effective=IMCA_IN_FORCE,
        ),
        ImcaDutyRule(
            decision=ImcaDecision.SAFEGUARDING,
            mandatory=False,
            statement="Adult safeguarding proceedings: an IMCA may be instructed (even when "
            "there are people to consult).",
            source=Source(
                "Mental Capacity Act 2005 (Independent Mental Capacity Advocates) (Expansion "
                "of Role) Regulations 2006",
                "Shropshire Council",
                "discretionary IMCA",
                "",
                "https://shropshire.gov.uk/disability-information/mental-health/"
                "shropshire-independent-mental-capacity-advocate-service/",
                Evidence.SECONDARY,
            ),
            effective=IMCA_IN_FORCE,
        ),
    ),
    key=lambda r: r.decision,
    description="Decisions that bring an IMCA in: duties (ss37–39A) and powers (regulations).",
)


@attrs.frozen(kw_only=True)
class StayThreshold:
    """The "applicable period" of an accommodation decision (ss38–39).

    The duty does not arise when the accommodation is likely to be provided for a
    continuous period *less than* this period; a stay likely to last the whole period or
    longer qualifies.

    Attributes:
        decision: The kind of accommodation decision.
        setting: Where the person will stay (``None``: any residential setting).
        threshold_days: The applicable period in days.
        stated_as: The period as the statute states it ("28 days", "8 weeks").
        source: Where it comes from.
        effective: When it is in force.
    """

    decision: ImcaDecision
    setting: AccommodationSetting | None
    threshold_days: int
    stated_as: str
    source: Source
    effective: Effective


IMCA_STAY_THRESHOLDS: RuleTable[tuple[ImcaDecision, AccommodationSetting | None], StayThreshold] = (
    RuleTable(
        "IMCA accommodation thresholds",
        (
            StayThreshold(
                decision=ImcaDecision.NHS_ACCOMMODATION,
                setting=AccommodationSetting.HOSPITAL,
                threshold_days=28,
                stated_as="28 days",
                source=_mca("s38(3)(a), (4)", _S38_URL),
                effective=IMCA_IN_FORCE,
            ),
            StayThreshold(
                decision=ImcaDecision.NHS_ACCOMMODATION,
                setting=AccommodationSetting.CARE_HOME,
                threshold_days=56,
                stated_as="8 weeks",
                source=_mca("s38(3)(a), (4)", _S38_URL),
                effective=IMCA_IN_FORCE,
            ),
            StayThreshold(
                decision=ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION,
                setting=None,
                threshold_days=56,
                stated_as="8 weeks",
                source=_mca("s39(4)(a)", _S39_URL),
                effective=IMCA_IN_FORCE,
            ),
        ),
        key=lambda r: (r.decision, r.setting),
        description="Accommodation decisions need an IMCA only for stays likely to last at least "
        "the applicable period.",
    )
)


@attrs.frozen(kw_only=True)
class ImcaExclusionRule:
    """A case in which an IMCA duty does not arise (or need not precede the act).

    Attributes:
        code: The exclusion's code.
        applies_to: The kinds of decision it excludes.
        statement: What it says.
        source: Where it comes from.
        effective: When it is in force.
    """

    code: str
    applies_to: tuple[ImcaDecision, ...]
    statement: str
    source: Source
    effective: Effective


IMCA_EXCLUSIONS: RuleTable[str, ImcaExclusionRule] = RuleTable(
    "IMCA exclusions",
    (
        ImcaExclusionRule(
            code="mha-part-4",
            applies_to=(ImcaDecision.SERIOUS_MEDICAL_TREATMENT,),
            statement="No s37 duty where the treatment is regulated by Part 4 or 4A of the "
            "Mental Health Act 1983.",
            source=_mca("s37(2)", _S37_URL),
            effective=IMCA_IN_FORCE,
        ),
        ImcaExclusionRule(
            code="urgent",
            applies_to=(ImcaDecision.SERIOUS_MEDICAL_TREATMENT,),
            statement="Urgent treatment may be given before an IMCA is instructed.",
            source=_mca("s37(4)", _S37_URL),
            effective=IMCA_IN_FORCE,
        ),
        ImcaExclusionRule(
            code="urgent-accommodation",
            applies_to=(
                ImcaDecision.NHS_ACCOMMODATION,
                ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION,
            ),
            statement="Accommodation arranged as a matter of urgency needs no IMCA first; one "
            "must be instructed if the stay later looks likely to last the applicable period.",
            source=_mca("s38(3)(b), (4); s39(4)(b)", _S38_URL),
            effective=IMCA_IN_FORCE,
        ),
        ImcaExclusionRule(
            code="mha-residence",
            applies_to=(
                ImcaDecision.NHS_ACCOMMODATION,
                ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION,
            ),
            statement="No s38/s39 duty where the person is required to live there under the "
            "Mental Health Act 1983 (s2, s3, guardianship); s117 accommodation and informal "
            "stays can still qualify.",
            source=_mca("s38(2); s39(3); SCIE guide 39", _SCIE_MHA_URL),
            effective=IMCA_IN_FORCE,
        ),
    ),
    key=lambda r: r.code,
    description="Known cases in which an otherwise qualifying decision needs no IMCA first.",
)

LPA_RULES: RuleTable[str, StatuteRule] = _table(
    "LPA validity and scope",
    (
        StatuteRule(
            code="donor-adult",
            statement="The donor was 18 or over when making it.",
            source=_mca("s9(2)(c)", _LPA_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="donor-capacity",
            statement="The donor had capacity to make it.",
            source=_mca("s9(2)(c)", _LPA_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="registered",
            statement="It is registered with the Office of the Public Guardian before use.",
            source=_mca("s9(2)(b)", _LPA_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="not-revoked",
            statement="It has not been revoked or otherwise ended.",
            # Not in the reference (which lists donor age, capacity, registration and s11
            # scope); kept as an unverified rule until s13 is checked.
            source=_mca("s13", _LPA_URL, Evidence.UNVERIFIED),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="health-and-welfare",
            statement="Only a health and welfare LPA covers consent to or refusal of health care.",
            source=_mca("s11(7)(c)", _S11_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="donor-lacks-capacity",
            statement="Welfare authority operates only when the donor lacks capacity (or the "
            "attorney reasonably believes so).",
            source=_mca("s11(7)(a)", _S11_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="life-sustaining-express",
            statement="Authority over life-sustaining treatment only if the instrument "
            "expressly gives it.",
            source=_mca("s11(8)", _S11_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="treatment-not-excluded",
            statement="The treatment is not excluded by the instrument's restrictions.",
            # Not in the reference: unverified until s9(4)(b) is checked.
            source=_mca("s9(4)(b)", _LPA_URL, Evidence.UNVERIFIED),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="subject-to-advance-decision",
            statement="The authority is subject to a valid and applicable advance decision "
            "made after the LPA.",
            source=_mca("s11(7)(b); s25(2)(b)", _S11_URL),
            effective=MCA_IN_FORCE,
        ),
    ),
    "When a health and welfare LPA gives an attorney authority over a decision.",
)

ADRT_RULES: RuleTable[str, StatuteRule] = _table(
    "Advance decision validity and applicability",
    (
        StatuteRule(
            code="made-adult",
            statement="Made by a person aged 18 or over.",
            source=_mca("s24(1)", _S24_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="made-with-capacity",
            statement="Made when the person had capacity to make it.",
            source=_mca("s24(1)", _S24_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="withdrawn",
            statement="Invalid if withdrawn while the person had capacity (withdrawal need "
            "not be in writing).",
            source=_mca("s25(2)(a); s24(3)–(4)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="superseded-by-lpa",
            statement="Invalid if a later LPA gives an attorney authority over the same treatment.",
            source=_mca("s25(2)(b)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="inconsistent-conduct",
            statement="Invalid if the person has done anything else clearly inconsistent "
            "with it remaining their fixed decision.",
            source=_mca("s25(2)(c)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="person-has-capacity",
            statement="Not applicable if the person has capacity to give or refuse consent "
            "at the time.",
            source=_mca("s25(3)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="different-treatment",
            statement="Not applicable to a treatment it does not specify.",
            source=_mca("s25(4)(a)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="circumstances-absent",
            statement="Not applicable if the circumstances it specifies are absent.",
            source=_mca("s25(4)(b)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="unanticipated-circumstances",
            statement="Not applicable if there are reasonable grounds to believe that "
            "unanticipated circumstances would have affected the decision.",
            source=_mca("s25(4)(c)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="lst-statement",
            statement="Life-sustaining treatment: it states that it applies even if life is "
            "at risk.",
            source=_mca("s25(5)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="lst-in-writing",
            statement="Life-sustaining treatment: it is in writing.",
            source=_mca("s25(6)(a)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="lst-signed",
            statement="Life-sustaining treatment: signed by the person, or by another in "
            "their presence and by their direction.",
            source=_mca("s25(6)(b)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="lst-witnessed",
            statement="Life-sustaining treatment: the signature is made or acknowledged in "
            "the presence of a witness, who signs in the person's presence.",
            source=_mca("s25(6)(c)–(d)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="effect",
            statement="A valid and applicable advance decision has effect as if the person "
            "had refused the treatment at the time.",
            source=_mca("s26(1)", _S25_URL),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="pending-court",
            statement="Life-sustaining or anti-deterioration treatment may be given while "
            "the court decides a question about the advance decision.",
            source=_mca("s26(5)", _S25_URL, Evidence.UNVERIFIED),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="mha-part-4",
            statement="An advance decision does not block treatment regulated by Part 4 of "
            "the Mental Health Act 1983.",
            source=_mca("s28", _ECT_URL, Evidence.UNVERIFIED),
            effective=MCA_IN_FORCE,
        ),
        StatuteRule(
            code="ect-s58a",
            statement="A valid and applicable advance decision refusing ECT binds, except "
            "in a s62 emergency (MHA 1983 s58A).",
            source=Source(
                "Mental Health Act 1983",
                "mentalhealthlaw.co.uk",
                "s58A; s62",
                "",
                _ECT_URL,
                Evidence.SECONDARY,
            ),
            effective=S58A_IN_FORCE,
        ),
    ),
    "When an advance decision to refuse treatment is valid, and when it applies.",
)


@attrs.frozen(kw_only=True)
class DolsPeriodRule:
    """The longest a DoLS authorisation (or extension) may last.

    Attributes:
        authorisation: The authorisation it limits (an extension limits an urgent one).
        code: ``urgent``, ``extension`` or ``standard``.
        maximum: The longest period, in ``unit``.
        unit: ``days`` or ``months``.
        counting: How the period is counted (see :mod:`cpa_core.statutory_time`).
        statement: What the rule says.
        source: Where it comes from.
        effective: When it is in force.
        times: How many times it may be given for one authorisation (an extension: once,
            para 77).
    """

    authorisation: DolsType
    code: str
    maximum: int
    unit: str
    counting: str
    statement: str
    source: Source
    effective: Effective
    times: int = 1


def _sch_a1(locator: str, url: str = _DOLS_PERIOD_URL) -> Source:
    return Source(_MCA, _host(url), f"Schedule A1 {locator}", "", url)


DOLS_PERIODS: RuleTable[str, DolsPeriodRule] = RuleTable(
    "DoLS authorisation periods",
    (
        DolsPeriodRule(
            authorisation=DolsType.URGENT,
            code="urgent",
            maximum=7,
            unit="days",
            counting="days beginning with the day given (stated end, capped)",
            statement="The managing authority sets the period; it must not exceed 7 days.",
            source=_sch_a1("para 78", _MB_URL),
            effective=DOLS_IN_FORCE,
        ),
        DolsPeriodRule(
            authorisation=DolsType.URGENT,
            code="extension",
            maximum=7,
            unit="days",
            counting="days after the urgent authorisation's last day (stated end, capped)",
            statement="The supervisory body may extend an urgent authorisation once, for up "
            "to 7 days.",
            source=_sch_a1("paras 77, 84(4), 85"),
            effective=DOLS_IN_FORCE,
        ),
        DolsPeriodRule(
            authorisation=DolsType.STANDARD,
            code="standard",
            maximum=12,
            unit="months",
            counting="months beginning with the day it comes into force",
            statement="At most the shorter of the best-interests assessor's stated maximum "
            "and 1 year.",
            source=_sch_a1("paras 42(2), 51, 64"),
            effective=DOLS_IN_FORCE,
        ),
    ),
    key=lambda r: r.code,
    description="How long DoLS urgent and standard authorisations may last.",
)


@attrs.frozen(kw_only=True)
class DolsAssessmentRow:
    """One of the six standard-authorisation assessments.

    Attributes:
        assessment: The assessment's code.
        source: Where it comes from.
        effective: When it is in force.
    """

    assessment: DolsAssessmentKind
    source: Source
    effective: Effective


_SIX = Source(_MCA, "A M Marksman", "Schedule A1 Part 3", "", _SIX_URL, Evidence.SECONDARY)

DOLS_ASSESSMENTS: RuleTable[DolsAssessmentKind, DolsAssessmentRow] = RuleTable(
    "DoLS assessments",
    tuple(
        DolsAssessmentRow(assessment=k, source=_SIX, effective=DOLS_IN_FORCE)
        for k in DolsAssessmentKind
    ),
    key=lambda r: r.assessment,
    description="The six assessments a standard authorisation needs.",
)


@attrs.frozen(kw_only=True)
class RegimeRow:
    """A legal regime for authorising deprivation of liberty in care.

    Attributes:
        code: ``dols`` or ``lps``.
        minimum_age: Age from which it applies.
        settings: Where it applies.
        statement: What it is.
        source: Where it comes from.
        effective: When it is in force (``start=None``: enacted, not commenced).
    """

    code: str
    minimum_age: int
    settings: str
    statement: str
    source: Source
    effective: Effective


DEPRIVATION_REGIMES: RuleTable[str, RegimeRow] = RuleTable(
    "Deprivation of liberty regimes",
    (
        RegimeRow(
            code="dols",
            minimum_age=18,
            settings="hospitals and care homes (elsewhere: Court of Protection)",
            statement="Deprivation of Liberty Safeguards, MCA 2005 Schedule A1: the live regime.",
            source=Source(_MCA, "Research in Practice", "Schedule A1", "May 2023", _COP_URL),
            effective=DOLS_IN_FORCE,
        ),
        RegimeRow(
            code="lps",
            minimum_age=16,
            settings="all settings",
            statement="Liberty Protection Safeguards (Mental Capacity (Amendment) Act 2019): "
            "no part commenced; consultation announced for the first half of 2026. As "
            "drafted: 16+, all settings, renewals 1 year then up to 3 years [V2: Bevan "
            f"Brittan, 2025, {_LPS_DRAFT_URL}].",
            source=Source(
                "Mental Capacity (Amendment) Act 2019",
                "Mental Capacity Law and Policy",
                "commencement",
                "5 April 2023",
                _LPS_URL,
            ),
            effective=NOT_COMMENCED,
        ),
    ),
    key=lambda r: r.code,
    description="DoLS is in force; the LPS row is enacted but not commenced.",
)


@attrs.frozen(kw_only=True)
class InformationRow:
    """One element of the information needed for informed consent.

    Attributes:
        element: The element's code.
        statement: What the person must be told.
        source: Where it comes from.
        effective: When it is in force.
    """

    element: InformationElement
    statement: str
    source: Source
    effective: Effective


_CONSENT = Source(
    "Informed consent",
    "Liverpool University Hospitals NHS FT",
    "legal knowledge centre",
    "",
    _CONSENT_URL,
)
# Common-law rules have no commencement; they are dated from the MCA's full commencement,
# the earliest date this area's rules are modelled for.
_COMMON_LAW = MCA_IN_FORCE

VALID_CONSENT: RuleTable[InformationElement, InformationRow] = RuleTable(
    "Informed consent elements",
    (
        InformationRow(
            element=InformationElement.NATURE,
            statement="The nature of what is proposed.",
            source=_CONSENT,
            effective=_COMMON_LAW,
        ),
        InformationRow(
            element=InformationElement.BENEFITS,
            statement="Its benefits.",
            source=_CONSENT,
            effective=_COMMON_LAW,
        ),
        InformationRow(
            element=InformationElement.RISKS,
            statement="Its risks.",
            source=_CONSENT,
            effective=_COMMON_LAW,
        ),
        InformationRow(
            element=InformationElement.ALTERNATIVES,
            statement="Reasonable alternatives.",
            source=_CONSENT,
            effective=_COMMON_LAW,
        ),
        InformationRow(
            element=InformationElement.CONSEQUENCES_OF_NOT_PROCEEDING,
            statement="The consequences of doing nothing.",
            source=_CONSENT,
            effective=_COMMON_LAW,
        ),
    ),
    key=lambda r: r.element,
    description="Consent to treatment is valid when voluntary, informed of these, and given "
    "with capacity.",
)


@attrs.frozen(kw_only=True)
class CaldicottPrinciple:
    """One of the Caldicott principles.

    Attributes:
        number: The principle's number, 1 to 8.
        statement: The principle, in short.
        source: Where it comes from.
        effective: When it is in force.
    """

    number: int
    statement: str
    source: Source
    effective: Effective


_CALDICOTT = Source(
    "The Caldicott Principles",
    "National Data Guardian (gov.uk)",
    "principles 1–8",
    "8 December 2020",
    _CALDICOTT_URL,
)
_CALDICOTT_2020 = Effective(date(2020, 12, 8))

CALDICOTT_PRINCIPLES: RuleTable[int, CaldicottPrinciple] = RuleTable(
    "Caldicott principles",
    tuple(
        CaldicottPrinciple(number=n, statement=s, source=_CALDICOTT, effective=_CALDICOTT_2020)
        for n, s in enumerate(
            (
                "Justify the purpose for using confidential information.",
                "Use confidential information only when it is necessary.",
                "Use the minimum necessary confidential information.",
                "Access should be on a strict need-to-know basis.",
                "Everyone must understand their responsibilities.",
                "Comply with the law.",
                "The duty to share information for individual care is as important as "
                "the duty to protect patient confidentiality.",
                "Inform patients and service users about how their confidential information "
                "is used (no surprises).",
            ),
            start=1,
        )
    ),
    key=lambda r: r.number,
    description="The eight Caldicott principles as revised by the National Data Guardian.",
)

CHILDREN: RuleTable[str, StatuteRule] = _table(
    "Children and young people",
    (
        StatuteRule(
            code="gillick",
            statement="Under 16: a child can consent if they have sufficient understanding "
            "and intelligence to understand fully what is proposed (Gillick competence); "
            "the MCA does not apply.",
            source=Source(
                "Gillick v West Norfolk and Wisbech AHA [1985] UKHL 7",
                "NSPCC",
                "",
                "",
                _GILLICK_URL,
            ),
            effective=Effective(date(1985, 10, 17)),
        ),
        StatuteRule(
            code="fraser",
            statement="Under 16, contraception and sexual health: all five Fraser criteria "
            "must be met.",
            source=Source(
                "Gillick v West Norfolk and Wisbech AHA [1985] UKHL 7",
                "Hampton College",
                "Lord Fraser's guidelines",
                "",
                _FRASER_URL,
            ),
            effective=Effective(date(1985, 10, 17)),
        ),
        StatuteRule(
            code="16-17",
            statement="16–17: presumed able to consent to treatment (Family Law Reform Act "
            "1969 s8); the MCA applies except LPAs, advance decisions and DoLS.",
            source=Source(
                "Family Law Reform Act 1969; Mental Capacity Act 2005",
                "Devon County Council",
                "s8; MCA practice guidance part 22",
                "",
                _YOUNG_URL,
            ),
            effective=MCA_IN_FORCE,
        ),
    ),
    "How consent and capacity work for under-18s.",
)
