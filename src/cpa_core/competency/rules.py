"""The competency rules as data: regulators, approvals, training, frameworks, role profiles.

Every row carries its :class:`~cpa_core.provenance.Source` (copied from the shared domain
reference, ``competency.md``) and its :class:`~cpa_core.provenance.Effective` range. Rows
whose start date the reference does not give start on :data:`UNDATED` (``0001-01-01``). That
is a marker, not a commencement date: such a row is applied to every date, including dates
before the rule really began, and the docs say so.

Refresher periods are national *defaults*: ``CompetencyPolicy.refresher_months`` replaces
any of them, and unverified rows never produce an error.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.competency.models import (
    ApprovalKind,
    Competency,
    CompetencyFramework,
    CompetencyRequirement,
    FrameworkLevel,
    Profession,
    RegulatorBody,
    RoleProfile,
)
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = [
    "AMHP_SI",
    "APPROVAL_PROFESSIONS",
    "APPROVAL_RULES",
    "CARE_COORDINATOR_TRAINING",
    "CSTF_EDITIONS",
    "FRAMEWORKS",
    "HCPC_CYCLES",
    "NMC_REVALIDATION_CYCLES",
    "PROFESSION_REGULATORS",
    "REGISTRATION_REQUIREMENTS",
    "REGULATORS",
    "ROLE_PROFILES",
    "TRAINING_HOURS",
    "TRAINING_SUBJECTS",
    "UNDATED",
    "ApprovalProfession",
    "ApprovalRule",
    "CstfEdition",
    "HcpcCycle",
    "NmcRevalidation",
    "ProfessionRegulator",
    "RegistrationRequirement",
    "RegulatorRule",
    "TrainingHours",
    "TrainingSubject",
]

UNDATED = date(1, 1, 1)
"""Start of rows whose commencement the reference does not give (a marker, not a date in
force): the row is applied on every date, so answers for dates before the rule really began
are not reliable."""

_ALWAYS = Effective(UNDATED)

# --- sources (titles, locators and URLs from ../shared/reference/competency.md) -------------

NMC_FEE = Source(
    title="Paying your fee",
    publisher="Nursing and Midwifery Council",
    locator="staying on the register: annual fee",
    url="https://www.nmc.org.uk/registration/staying-on-the-register/paying-your-fee/",
)
NMC_REVALIDATION = Source(
    title="NMC revalidation requirements (restated)",
    publisher="LPMDE / Medicbank",
    locator="revalidation every 3 years: hours, CPD, feedback, reflections, confirmation",
    url="https://www.lpmde.ac.uk/fd-revalidation-process",
)
HCPC_RENEWAL = Source(
    title="Supporting occupational therapists with renewal and CPD",
    publisher="Research in Practice",
    locator="OT renewal window 1 Aug - 31 Oct 2025; two-year cycles",
    version="August 2025",
    url="https://www.researchinpractice.org.uk/adults/news-views/2025/august/supporting-occupational-therapists-with-renewal-and-cpd",
)
HCPC_AUDIT = Source(
    title="CPD audits",
    publisher="Health and Care Professions Council",
    locator="2.5% of each profession audited; registered 2+ years",
    url="https://www.hcpc-uk.org/cy-gb/dpp/cpd-audits/",
)
SWE_RENEWAL = Source(
    title="Registration renewal and CPD",
    publisher="Social Work England",
    locator="registration year 1 Dec - 30 Nov; at least 2 CPD pieces, 1 with peer reflection",
    url="https://www.socialworkengland.org.uk/cpd/registration-renewal-and-cpd/",
)
SWE_REGULATOR = Source(
    title="Social Work England confirms online CPD system as it takes over regulation",
    publisher="Community Care",
    locator="regulator of social workers in England from 2 December 2019",
    version="2 December 2019",
    url="https://www.communitycare.co.uk/2019/12/02/social-work-england-confirms-online-cpd-system-takes-regulation-profession/",
)
AMHP_SI = Source(
    title="The Mental Health (Approved Mental Health Professionals) (Approval) (England) "
    "Regulations 2008",
    publisher="legislation.gov.uk",
    locator="SI 2008/1206",
    version="made; in force 3 November 2008",
    url="https://legislation.gov.uk/uksi/2008/1206/body/made",
)
AMHP_PROFESSIONS = Source(
    title="Halsbury's Laws of England: AMHP professional requirements",
    publisher="LexisNexis",
    locator="social worker, MH or LD nurse, OT, chartered psychologist; not doctors",
    url="https://www.lexisnexis.co.uk/legal/commentary/halsburys-laws-of-england/mental-health-capacity/professional-requirements",
)
AMHP_PERIOD = Source(
    title="The Mental Health (Approval of Persons to be Approved Mental Health "
    "Professionals) (Wales) Regulations 2008",
    publisher="legislation.gov.uk",
    locator="reg 4: approval for 5 years (English reg 4 inferred from the Welsh)",
    version="SI 2008/2436 (W.209), made",
    url="http://www.legislation.gov.uk/wsi/2008/2436/body/made",
    evidence=Evidence.SECONDARY,
)
AMHP_TRAINING = Source(
    title="AMHP re-approval and relevant training",
    publisher="The Critical AMHP",
    locator="at least 18 hours a year of training agreed with the LSSA",
    url="https://the-critical-amhp.com/blog/amhp-reapproval-and-relevant-training-a-tokenistic-tick-box-exercise-or-an-opportunity-for-critical-and-radical-engagement",
    evidence=Evidence.SECONDARY,
)
AMHP_END = Source(
    title="The Mental Health (Approval of Persons to be AMHPs) (Wales) Regulations 2008",
    publisher="legislation.gov.uk",
    locator="reg 5: end of approval (English reg 5 the same, graded V2)",
    url="http://www.legislation.gov.uk/wsi/2008/2436/regulation/5/made",
    evidence=Evidence.SECONDARY,
)
BIA_REGS = Source(
    title="Halsbury's Laws of England: eligibility to carry out a best interests assessment "
    "(DoLS Standard Authorisations ... Regulations 2008, reg 5)",
    publisher="LexisNexis",
    locator="reg 5: professions, 2 years post-registration, training, annual refresher",
    url="https://www.lexisnexis.co.uk/legal/commentary/halsburys-laws-of-england/mental-health-capacity/eligibility-to-carry-out-a-best-interests-assessment",
)
CSTF = Source(
    title="Core Skills Training Framework",
    publisher="Skills for Health",
    locator="11 subjects for NHS Trusts in England",
    url="https://www.skillsforhealth.org.uk/core-skills-training-framework/",
)
CSTF_GUIDE = Source(
    title="CSTF England Subject Guide",
    publisher="Skills for Health",
    locator="learning outcomes, target audience, refresher frequency",
    version="v1.1",
    url="https://www.skillsforhealth.org.uk/wp-content/uploads/2021/07/CSTF-Eng-Subject-Guide-v1.1.pdf",
)
CSTF_V10 = Source(
    title="Core Skills Training Framework (England)",
    publisher="Skills for Health",
    locator="v1.0, January 2020, NHS Trusts in England",
    version="v1.0",
    url="https://fdocuments.in/document/core-skills-training-framework-england.html",
)


def _refresher(locator: str, url: str = "", evidence: Evidence = Evidence.SECONDARY) -> Source:
    # The reference names these secondary sources without a URL for most rows: none is made up.
    return Source(
        title="CSTF refresher periods as applied by Trusts and training providers",
        publisher="secondary (UHB, coastmedic, logbook.co.uk, exr.education)",
        locator=locator,
        url=url,
        evidence=evidence,
    )


_EXR = "https://exr.education/content/cpd/coreskillsframework"
PREVENT = Source(
    title="Prevent training update (Nov 2023); NHS Prevent training and competencies framework",
    publisher="Trust guidance / GOV.UK",
    locator="Basic Prevent Awareness 3 years; Prevent L3 renewable with Safeguarding Children L3",
    version="November 2023",
    url="https://www.gov.uk/government/publications/nhs-prevent-training-and-competencies-framework/nhs-prevent-training-and-competencies-framework",
)
RESUS_MH = Source(
    title="Quality Standards: Mental health inpatient care",
    publisher="Resuscitation Council UK",
    locator="staff trained and updated regularly to role; no fixed interval",
    version="May 2014, updated May 2020",
    url="https://resus.org.uk/library/quality-standards-cpr/mental-health-inpatient-care",
)
SG_ADULTS = Source(
    title="Adult Safeguarding: Roles and Competencies for Health Care Staff",
    publisher="Intercollegiate (restated by NHS training hubs)",
    locator="L1/L2/L3 every 3 years; about 2 h / 3-4 h / 8 h over 3 years",
    version="2018",
    url="https://cptraininghub.nhs.uk/safeguarding/",
)
SG_CHILDREN_L3_V = Source(
    title="Safeguarding children and young people: roles and competencies (Intercollegiate)",
    publisher="NHS training hub restatement",
    locator="L3: minimum 12 h over 3 years (50% participatory); initial 16 h in 12 months",
    version="4th edition, January 2019",
    url="https://cptraininghub.nhs.uk/safeguarding/",
)
SG_CHILDREN_L3_V2 = Source(
    title="You asked: how often do you get level 3 safeguarding?",
    publisher="STS",
    locator="L3: at least about 6 hours over 3 years (citing the Intercollegiate Document)",
    url="https://sts-eo.com/informational/you-asked-how-often-do-you-get-level-3-safeguarding.html",
    evidence=Evidence.SECONDARY,
)
SG_CHILDREN_L12 = _refresher(
    "safeguarding children L1/L2: 3 years: UHB; Islington CCG",
    "https://gps.islingtonccg.nhs.uk/education/mandatory-training",
)
OMMT_DUTY = Source(
    title="Learning disability and autism training (Health and Care Act 2022)",
    publisher="NHS Gloucestershire",
    locator="CQC-registered providers must train staff from 1 July 2022",
    url="https://extranet.nhsglos.nhs.uk/learning-disability-and-autism-training",
)
OMMT_TIERS = Source(
    title="Oliver McGowan Mandatory Training: tiers",
    publisher="Yorkshire and Humber training hubs",
    locator="Tier 2 contains Tier 1: do one tier",
    url="https://yhtraininghubs.co.uk/resource/oliver-mcgowen-training",
)
OMMT_REFRESH = Source(
    title="The Oliver McGowan Code of Practice",
    publisher="CB Associate Training",
    locator='refresher "at least every three years"; code in force 6 September 2025',
    url="https://cbassociatetraining.co.uk/the-oliver-mcgowan-code-of-practice",
    evidence=Evidence.UNVERIFIED,
)
LOCAL_TRAINING = Source(
    title="MCA/DoLS and MHA training frequency",
    publisher="logbook.co.uk",
    locator="set locally (e.g. annual or 3-yearly by role)",
    evidence=Evidence.SECONDARY,
)
KSF = Source(
    title="NHS Knowledge and Skills Framework (KSF) and the development review process",
    publisher="Department of Health (via RCN)",
    locator="30 dimensions, 6 core (C1-C6), 4 levels each",
    version="October 2004",
    url="http://www.rcn.org.uk/support/pay_and_conditions/agendaforchange/ksf/what_is_the_ksf",
)
CC_CORE = Source(
    title="CPA Care Co-ordination Core Functions and Competencies",
    publisher="DH CPA Review Group (via CPAA)",
    locator="care-coordination functions mapped to National Occupational Standards",
    url="http://www.cpaa.co.uk/cpa-core-competencies",
)
B6_KSF_EXAMPLE = Source(
    title="Band 6 care coordinator KSF outline (example only)",
    publisher="cpa_core domain reference",
    locator="competency.md section 5: Core 1 at level 3, HWB2 at level 3",
    evidence=Evidence.UNVERIFIED,
)
JOB_DESCRIPTIONS = Source(
    title="Band 6 care coordinator job descriptions (CPN/OT; MH social worker; CMHT)",
    publisher="Oxford Health NHS FT; Pennine Care NHS FT / Tameside; Cornwall",
    locator="enhanced DBS disclosure; driver with car / able to drive; registered nurse, "
    "social worker or occupational therapist",
    version="2017-2019",
    evidence=Evidence.SECONDARY,
)
CPA_CORE_PROFILE = Source(
    title="cpa_core default role profile",
    publisher="cpa_core",
    locator="composed from the reference's audience notes; a Trust should load its own",
    evidence=Evidence.UNVERIFIED,
)

# --- regulators ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RegulatorRule:
    """A regulator's registration cycle.

    Attributes:
        body: The regulator.
        renewal_months: Months in one renewal (fee or registration) period (NMC
            revalidation, every 3 years, is in ``NMC_REVALIDATION_CYCLES``).
        renewal: How renewal works, in words.
        year_end_month: Month of the fixed end of every registration year, if any.
        year_end_day: Day of that month.
        window_opens_month: Month the renewal window opens (on its first day), if fixed.
        source: Where the rule comes from.
        effective: When it is in force.
    """

    body: RegulatorBody
    renewal_months: int
    renewal: str
    year_end_month: int | None = None
    year_end_day: int | None = None
    window_opens_month: int | None = None
    source: Source
    effective: Effective


REGULATORS: RuleTable[RegulatorBody, RegulatorRule] = RuleTable(
    "competency regulators",
    (
        RegulatorRule(
            body=RegulatorBody.NMC,
            renewal_months=12,
            renewal="annual fee",
            source=NMC_FEE,
            effective=_ALWAYS,
        ),
        RegulatorRule(
            body=RegulatorBody.HCPC,
            renewal_months=24,
            renewal="every 2 years on the profession's fixed date; declaration that "
            "standards incl. CPD are met; 2.5% randomly audited",
            source=HCPC_RENEWAL,
            effective=_ALWAYS,
        ),
        RegulatorRule(
            body=RegulatorBody.SWE,
            renewal_months=12,
            renewal="annual: registration year 1 December to 30 November; window opens "
            "1 September; no CPD grace period after 30 November",
            year_end_month=11,
            year_end_day=30,
            window_opens_month=9,
            source=SWE_RENEWAL,
            effective=Effective(date(2019, 12, 2)),
        ),
    ),
    key=lambda r: r.body,
    description="Registration cycle of each professional regulator.",
)


@attrs.frozen(kw_only=True)
class NmcRevalidation:
    """The NMC three-year revalidation cycle.

    Attributes:
        cycle_months: Months in one revalidation cycle.
        notice_days: Days before the application date on which the NMC notifies.
        source: Where the rule comes from.
        effective: When it is in force.
    """

    cycle_months: int
    notice_days: int
    source: Source
    effective: Effective


NMC_REVALIDATION_CYCLES: RuleTable[RegulatorBody, NmcRevalidation] = RuleTable(
    "competency NMC revalidation",
    (NmcRevalidation(cycle_months=36, notice_days=60, source=NMC_REVALIDATION, effective=_ALWAYS),),
    key=lambda _: RegulatorBody.NMC,
    description="NMC revalidation every 3 years; the application is due on the first day of "
    "the month the registration expires, and the NMC notifies 60 days before; late "
    "revalidation lapses the registration.",
)


@attrs.frozen(kw_only=True)
class ProfessionRegulator:
    """Which regulator registers a profession in England.

    Attributes:
        profession: The profession.
        body: Its regulator.
        source: Where the rule comes from.
        effective: When it is in force.
    """

    profession: Profession
    body: RegulatorBody
    source: Source
    effective: Effective


_NMC_REG = attrs.evolve(NMC_FEE, locator="nurses are registered by the NMC")
_HCPC_REG = attrs.evolve(HCPC_RENEWAL, locator="OTs, practitioner psychologists: HCPC")

PROFESSION_REGULATORS: RuleTable[Profession, ProfessionRegulator] = RuleTable(
    "competency profession regulators",
    (
        ProfessionRegulator(
            profession=Profession.MENTAL_HEALTH_NURSE,
            body=RegulatorBody.NMC,
            source=_NMC_REG,
            effective=_ALWAYS,
        ),
        ProfessionRegulator(
            profession=Profession.LEARNING_DISABILITY_NURSE,
            body=RegulatorBody.NMC,
            source=_NMC_REG,
            effective=_ALWAYS,
        ),
        ProfessionRegulator(
            profession=Profession.ADULT_NURSE,
            body=RegulatorBody.NMC,
            source=_NMC_REG,
            effective=_ALWAYS,
        ),
        ProfessionRegulator(
            profession=Profession.OCCUPATIONAL_THERAPIST,
            body=RegulatorBody.HCPC,
            source=_HCPC_REG,
            effective=_ALWAYS,
        ),
        ProfessionRegulator(
            profession=Profession.PRACTITIONER_PSYCHOLOGIST,
            body=RegulatorBody.HCPC,
            source=_HCPC_REG,
            effective=_ALWAYS,
        ),
        ProfessionRegulator(
            profession=Profession.SOCIAL_WORKER,
            body=RegulatorBody.HCPC,
            source=attrs.evolve(SWE_REGULATOR, locator="HCPC regulated social workers until"),
            effective=Effective(UNDATED, date(2019, 12, 2)),
        ),
        ProfessionRegulator(
            profession=Profession.SOCIAL_WORKER,
            body=RegulatorBody.SWE,
            source=SWE_REGULATOR,
            effective=Effective(date(2019, 12, 2)),
        ),
    ),
    key=lambda r: r.profession,
    description="The regulator of each profession in England, by date.",
)


@attrs.frozen(kw_only=True)
class HcpcCycle:
    """The fixed end of a profession's two-year HCPC registration cycle.

    Attributes:
        profession: The profession.
        end_month: Month in which each cycle ends.
        end_day: Day of that month on which it ends.
        odd_years: Whether cycles end in odd years (else even years).
        renewal_window: The renewal window, in words.
        source: Where the rule comes from.
        effective: When it is in force.
    """

    profession: Profession
    end_month: int
    end_day: int
    odd_years: bool
    renewal_window: str
    source: Source
    effective: Effective


HCPC_CYCLES: RuleTable[Profession, HcpcCycle] = RuleTable(
    "competency HCPC cycles",
    (
        HcpcCycle(
            profession=Profession.OCCUPATIONAL_THERAPIST,
            end_month=10,
            end_day=31,
            odd_years=True,
            renewal_window="1 August to 31 October (2025 window)",
            source=HCPC_RENEWAL,
            effective=_ALWAYS,
        ),
    ),
    key=lambda r: r.profession,
    description="When each HCPC profession's two-year cycle ends (others: not in the "
    "reference; the registration record's own expiry is used).",
)


@attrs.frozen(kw_only=True)
class RegistrationRequirement:
    """One evidence requirement for keeping a registration.

    Attributes:
        body: The regulator.
        code: The requirement's code.
        description: What is required.
        minimum: The minimum count or hours, where there is one.
        dual_minimum: The minimum for a nurse who is also a midwife, where different.
        per: The period the minimum applies to.
        source: Where the rule comes from.
        effective: When it is in force.
    """

    body: RegulatorBody
    code: str
    description: str
    minimum: float | None
    dual_minimum: float | None = None
    per: str
    source: Source
    effective: Effective


def _nmc(
    code: str, description: str, minimum: float | None, dual: float | None = None
) -> RegistrationRequirement:
    return RegistrationRequirement(
        body=RegulatorBody.NMC,
        code=code,
        description=description,
        minimum=minimum,
        dual_minimum=dual,
        per="3-year revalidation cycle",
        source=NMC_REVALIDATION,
        effective=_ALWAYS,
    )


REGISTRATION_REQUIREMENTS: RuleTable[tuple[RegulatorBody, str], RegistrationRequirement] = (
    RuleTable(
        "competency registration requirements",
        (
            _nmc("PRACTICE-HOURS", "practice hours", 450, 900),
            _nmc("CPD-HOURS", "hours of CPD", 35),
            _nmc("CPD-PARTICIPATORY-HOURS", "hours of participatory CPD", 20),
            _nmc("FEEDBACK", "pieces of practice-related feedback", 5),
            _nmc("REFLECTIVE-ACCOUNTS", "written reflective accounts", 5),
            _nmc("REFLECTIVE-DISCUSSION", "reflective discussion with an NMC registrant", 1),
            _nmc("HEALTH-CHARACTER", "health and character declaration", None),
            _nmc("INDEMNITY", "professional indemnity declaration", None),
            _nmc("CONFIRMATION", "confirmation by a confirmer", None),
            RegistrationRequirement(
                body=RegulatorBody.SWE,
                code="CPD-PIECES",
                description="pieces of CPD recorded online",
                minimum=2,
                per="registration year (1 December to 30 November)",
                source=SWE_RENEWAL,
                effective=Effective(date(2022, 1, 1)),
            ),
            RegistrationRequirement(
                body=RegulatorBody.SWE,
                code="CPD-PEER-REFLECTION",
                description="CPD pieces with peer reflection",
                minimum=1,
                per="registration year (1 December to 30 November)",
                source=SWE_RENEWAL,
                effective=Effective(date(2022, 1, 1)),
            ),
        ),
        key=lambda r: (r.body, r.code),
        description="Evidence each regulator requires to renew or revalidate.",
    )
)

# --- approvals -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ApprovalRule:
    """A rule of AMHP or BIA approval.

    Attributes:
        kind: AMHP or BIA.
        code: The rule's code.
        description: What the rule says.
        months: A period in months, where the rule has one.
        hours: A number of hours, where the rule has one.
        source: Where the rule comes from.
        effective: When it is in force.
    """

    kind: ApprovalKind
    code: str
    description: str
    months: int | None = None
    hours: float | None = None
    source: Source
    effective: Effective


_AMHP_FROM = Effective(date(2008, 11, 3))

APPROVAL_RULES: RuleTable[tuple[ApprovalKind, str], ApprovalRule] = RuleTable(
    "competency approval rules",
    (
        ApprovalRule(
            kind=ApprovalKind.AMHP,
            code="APPROVER",
            description="approved by a local social services authority",
            source=AMHP_SI,
            effective=_AMHP_FROM,
        ),
        ApprovalRule(
            kind=ApprovalKind.AMHP,
            code="PERIOD",
            description="approval lasts 5 years",
            months=60,
            source=AMHP_PERIOD,
            effective=_AMHP_FROM,
        ),
        ApprovalRule(
            kind=ApprovalKind.AMHP,
            code="ANNUAL-TRAINING",
            description="at least 18 hours of training a year agreed with the LSSA",
            months=12,
            hours=18,
            source=AMHP_TRAINING,
            effective=_AMHP_FROM,
        ),
        ApprovalRule(
            kind=ApprovalKind.AMHP,
            code="EARLY-END",
            description="approval ends early if the AMHP stops acting for the LSSA, breaches "
            "a condition, loses competence, stops meeting professional requirements, is "
            "approved by another LSSA or asks in writing",
            source=AMHP_END,
            effective=_AMHP_FROM,
        ),
        ApprovalRule(
            kind=ApprovalKind.BIA,
            code="POST-REGISTRATION",
            description="at least 2 years' post-registration experience",
            months=24,
            source=BIA_REGS,
            effective=_ALWAYS,
        ),
        ApprovalRule(
            kind=ApprovalKind.BIA,
            code="INITIAL-TRAINING",
            description="has completed approved BIA training",
            source=BIA_REGS,
            effective=_ALWAYS,
        ),
        ApprovalRule(
            kind=ApprovalKind.BIA,
            code="REFRESHER",
            description="after the first 12 months, further relevant training in the 12 "
            "months before selection",
            months=12,
            source=BIA_REGS,
            effective=_ALWAYS,
        ),
        ApprovalRule(
            kind=ApprovalKind.BIA,
            code="NOT-SUSPENDED",
            description="registration not suspended",
            source=BIA_REGS,
            effective=_ALWAYS,
        ),
        ApprovalRule(
            kind=ApprovalKind.BIA,
            code="NOT-INVOLVED",
            description="must not be involved in the person's care",
            source=BIA_REGS,
            effective=_ALWAYS,
        ),
    ),
    key=lambda r: (r.kind, r.code),
    description="AMHP approval and BIA eligibility rules.",
)


@attrs.frozen(kw_only=True)
class ApprovalProfession:
    """A profession that may hold an approval.

    Attributes:
        kind: AMHP or BIA.
        profession: The profession.
        condition: Any condition on the profession (e.g. a practising certificate).
        source: Where the rule comes from.
        effective: When it is in force.
    """

    kind: ApprovalKind
    profession: Profession
    condition: str = ""
    source: Source
    effective: Effective


def _approval_professions() -> tuple[ApprovalProfession, ...]:
    amhp = (
        (Profession.SOCIAL_WORKER, ""),
        (Profession.MENTAL_HEALTH_NURSE, ""),
        (Profession.LEARNING_DISABILITY_NURSE, ""),
        (Profession.OCCUPATIONAL_THERAPIST, ""),
        (Profession.PRACTITIONER_PSYCHOLOGIST, "chartered psychologist"),
    )
    bia = (
        (Profession.SOCIAL_WORKER, ""),
        (Profession.MENTAL_HEALTH_NURSE, "first-level nurse"),
        (Profession.LEARNING_DISABILITY_NURSE, "first-level nurse"),
        (Profession.ADULT_NURSE, "first-level nurse"),
        (Profession.OCCUPATIONAL_THERAPIST, ""),
        (Profession.PRACTITIONER_PSYCHOLOGIST, "chartered, with a practising certificate"),
    )
    rows = [
        ApprovalProfession(
            kind=ApprovalKind.AMHP,
            profession=p,
            condition=c,
            source=AMHP_PROFESSIONS,
            effective=_AMHP_FROM,
        )
        for p, c in amhp
    ]
    rows += [
        ApprovalProfession(
            kind=ApprovalKind.BIA, profession=p, condition=c, source=BIA_REGS, effective=_ALWAYS
        )
        for p, c in bia
    ]
    return tuple(rows)


APPROVAL_PROFESSIONS: RuleTable[tuple[ApprovalKind, Profession], ApprovalProfession] = RuleTable(
    "competency approval professions",
    _approval_professions(),
    key=lambda r: (r.kind, r.profession),
    description="Professions that may be approved as AMHP (not doctors) or act as BIA "
    "(an AMHP of any profession may also act as BIA).",
)

# --- mandatory training ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CstfEdition:
    """An edition of the Core Skills Training Framework.

    Attributes:
        edition: The edition's name.
        applies_to: Which organisations use it.
        note: Disagreements or caveats.
        source: Where the fact comes from.
        effective: When it is current.
    """

    edition: str
    applies_to: str
    note: str = ""
    source: Source
    effective: Effective


CSTF_EDITIONS: RuleTable[str, CstfEdition] = RuleTable(
    "competency CSTF editions",
    (
        CstfEdition(
            edition="CSTF (England) v1.0",
            applies_to="NHS Trusts in England",
            note="another account names v1.0 as the Trust edition (V2); v1.1 preferred",
            source=CSTF_V10,
            effective=Effective(date(2020, 1, 1), date(2021, 7, 1)),
        ),
        CstfEdition(
            edition="CSTF (England) v1.1",
            applies_to="NHS Trusts in England",
            note="start inferred from the Subject Guide's upload path (2021/07); national "
            "reform promised by April 2026",
            source=CSTF_GUIDE,
            effective=Effective(date(2021, 7, 1)),
        ),
    ),
    key=lambda r: r.edition,
    description="Editions of the Core Skills Training Framework for NHS Trusts in England.",
)


@attrs.frozen(kw_only=True)
class TrainingSubject:
    """A mandatory training subject and level with its default refresher period.

    Attributes:
        code: The subject code used in training records and policy.
        subject: The subject's name.
        level: The level or tier, where the subject has levels.
        refresher_months: Default refresher period in months; ``None`` when set locally.
        audience: Who needs it, where the source says.
        satisfies: Codes of other subjects a completion of this one also counts for.
        also_graded: A second, lower evidence grade given to the same period.
        note: Disagreements and caveats.
        source: Where the period comes from.
        effective: When the row is in force.
    """

    code: str
    subject: str
    level: str = ""
    refresher_months: int | None
    audience: str = ""
    satisfies: tuple[str, ...] = ()
    also_graded: Evidence | None = None
    note: str = ""
    source: Source
    effective: Effective

    @property
    def verified(self) -> bool:
        """True only when the period is verified and no source grades it lower."""
        return self.source.verified and self.also_graded is None


_CSTF_FROM = Effective(date(2020, 1, 1))
_U = Evidence.UNVERIFIED


def _cstf(
    code: str,
    subject: str,
    months: int | None,
    source: Source,
    *,
    level: str = "",
    audience: str = "",
    note: str = "",
    also: Evidence | None = _U,
    effective: Effective = _CSTF_FROM,
) -> TrainingSubject:
    return TrainingSubject(
        code=code,
        subject=subject,
        level=level,
        refresher_months=months,
        audience=audience,
        also_graded=also,
        note=note,
        source=source,
        effective=effective,
    )


TRAINING_SUBJECTS: RuleTable[str, TrainingSubject] = RuleTable(
    "competency training subjects",
    (
        _cstf(
            "CR-L1",
            "Conflict resolution",
            36,
            _refresher("conflict resolution L1: exr.education; UHB; coastmedic", _EXR),
            level="1",
        ),
        _cstf(
            "EDHR",
            "Equality, diversity and human rights",
            36,
            _refresher("equality, diversity and human rights: coastmedic; logbook.co.uk; UHB"),
        ),
        _cstf(
            "HSW",
            "Health, safety and welfare",
            36,
            _refresher("health, safety and welfare: coastmedic; logbook.co.uk; UHB"),
        ),
        _cstf(
            "FIRE",
            "Fire safety",
            24,
            _refresher("fire safety: 2 years (ESR name; coastmedic); logbook, UHB annual"),
            note="many Trusts annual (often in-patient staff); set from fire risk assessment",
        ),
        _cstf(
            "IPC-L1",
            "Infection prevention and control",
            36,
            _refresher("IPC L1: UHB; coastmedic"),
            level="1",
        ),
        _cstf(
            "IPC-L2",
            "Infection prevention and control",
            12,
            _refresher("IPC L2 (clinical): coastmedic"),
            level="2",
            audience="clinical staff",
        ),
        _cstf(
            "IG",
            "Information governance and data security",
            12,
            _refresher("IG and data security: 1 year (DSPT-driven): UHB; logbook"),
        ),
        _cstf(
            "MH-L1",
            "Moving and handling",
            36,
            _refresher("moving and handling L1: coastmedic lists Once locally"),
            level="1",
            note='one Trust lists "Once" locally',
        ),
        _cstf(
            "MH-L2",
            "Moving and handling",
            24,
            _refresher("moving and handling L2 (patient handling): coastmedic; UHB"),
            level="2",
            note="some annual; some load-handling roles 3 years",
        ),
        _cstf(
            "PREVENT-BASIC",
            "Preventing radicalisation",
            36,
            PREVENT,
            level="Basic Prevent Awareness",
        ),
        _cstf(
            "PREVENT-L3",
            "Preventing radicalisation",
            36,
            PREVENT,
            level="3",
            audience="clinical decision-makers",
            note="renewable with Safeguarding Children L3 (Trust, Nov 2023)",
        ),
        _cstf(
            "RESUS-L1",
            "Resuscitation",
            12,
            _refresher("resuscitation (BLS and above): 1 year: logbook"),
            level="1 (incl. anaphylaxis)",
            note="level names unverified",
        ),
        _cstf(
            "RESUS-L2",
            "Resuscitation",
            12,
            _refresher("resuscitation (BLS and above): 1 year: logbook"),
            level="2 Adult BLS",
            note="level names unverified",
        ),
        _cstf(
            "RESUS-L3",
            "Resuscitation",
            12,
            _refresher("resuscitation (BLS and above): 1 year: logbook"),
            level="3 Adult ILS",
            note="level names unverified",
        ),
        _cstf(
            "RESUS-MH-INPATIENT",
            "Resuscitation, mental health inpatient settings",
            None,
            RESUS_MH,
            audience="inpatient staff",
            note="no fixed interval: trained and updated regularly to role",
            also=None,
            effective=Effective(date(2014, 5, 1)),
        ),
        _cstf(
            "SG-ADULT-L1",
            "Safeguarding adults",
            36,
            SG_ADULTS,
            level="1",
            note="about 2 hours over 3 years",
            also=None,
        ),
        _cstf(
            "SG-ADULT-L2",
            "Safeguarding adults",
            36,
            SG_ADULTS,
            level="2",
            note="3-4 hours over 3 years",
            also=None,
        ),
        _cstf(
            "SG-ADULT-L3",
            "Safeguarding adults",
            36,
            SG_ADULTS,
            level="3",
            audience="registered staff who assess and plan where there are concerns",
            note="8 hours over 3 years; initial 8 hours in the first 12 months",
            also=None,
        ),
        _cstf("SG-CHILD-L1", "Safeguarding children", 36, SG_CHILDREN_L12, level="1"),
        _cstf("SG-CHILD-L2", "Safeguarding children", 36, SG_CHILDREN_L12, level="2"),
        _cstf(
            "SG-CHILD-L3",
            "Safeguarding children",
            36,
            SG_CHILDREN_L3_V,
            level="3",
            audience="includes MH nurses in adult mental health and most MH clinicians",
            note="hours disagree between sources: see TRAINING_HOURS",
            also=None,
        ),
        TrainingSubject(
            code="OMMT-T1",
            subject="Oliver McGowan Mandatory Training on Learning Disability and Autism",
            level="Tier 1",
            refresher_months=36,
            audience="general awareness",
            note="duty since 1 July 2022; code of practice laid 19 June 2025",
            source=OMMT_REFRESH,
            effective=Effective(date(2022, 7, 1)),
        ),
        TrainingSubject(
            code="OMMT-T2",
            subject="Oliver McGowan Mandatory Training on Learning Disability and Autism",
            level="Tier 2",
            refresher_months=36,
            audience="staff providing care",
            satisfies=("OMMT-T1",),
            note="Tier 2 contains Tier 1 [V]; the 3-year refresher is unverified",
            source=OMMT_REFRESH,
            effective=Effective(date(2022, 7, 1)),
        ),
        _cstf(
            "MCA-DOLS",
            "Mental Capacity Act and DoLS",
            None,
            LOCAL_TRAINING,
            note="set locally",
            also=None,
            effective=_ALWAYS,
        ),
        _cstf(
            "MHA",
            "Mental Health Act",
            None,
            LOCAL_TRAINING,
            note="set locally",
            also=None,
            effective=_ALWAYS,
        ),
    ),
    key=lambda r: r.code,
    description="Mandatory training subjects with default refresher periods (Trust "
    "overridable); rows graded V2 and U are defaults only.",
)

CARE_COORDINATOR_TRAINING: tuple[str, ...] = (
    "CR-L1",
    "EDHR",
    "FIRE",
    "HSW",
    "IPC-L2",
    "IG",
    "MH-L1",
    "PREVENT-BASIC",
    "RESUS-L2",
    "SG-ADULT-L3",
    "SG-CHILD-L3",
    "OMMT-T2",
)
"""Default mandatory subjects of a Band 6 care coordinator: the 11 CSTF subjects at the
levels the reference's audience notes point to, plus Oliver McGowan Tier 2."""


@attrs.frozen(kw_only=True)
class TrainingHours:
    """A minimum number of learning hours for a subject, by one reading of the guidance.

    Attributes:
        subject: The subject code.
        reading: Which source's reading this is.
        hours: Minimum hours over the period.
        over_months: The period the hours are counted over.
        initial_hours: Hours required in the first months of a post at this level.
        initial_months: The months the initial hours must fall in.
        source: Where the reading comes from.
        effective: When it is in force.
    """

    subject: str
    reading: str
    hours: float
    over_months: int
    initial_hours: float | None = None
    initial_months: int | None = None
    source: Source
    effective: Effective


TRAINING_HOURS: RuleTable[tuple[str, str], TrainingHours] = RuleTable(
    "competency training hours",
    (
        TrainingHours(
            subject="SG-CHILD-L3",
            reading="intercollegiate-12h",
            hours=12,
            over_months=36,
            initial_hours=16,
            initial_months=12,
            source=SG_CHILDREN_L3_V,
            effective=Effective(date(2019, 1, 1)),
        ),
        TrainingHours(
            subject="SG-CHILD-L3",
            reading="about-6h",
            hours=6,
            over_months=36,
            source=SG_CHILDREN_L3_V2,
            effective=Effective(date(2019, 1, 1)),
        ),
        TrainingHours(
            subject="SG-ADULT-L3",
            reading="roles-and-competencies-8h",
            hours=8,
            over_months=36,
            initial_hours=8,
            initial_months=12,
            source=SG_ADULTS,
            effective=Effective(date(2018, 1, 1)),
        ),
    ),
    key=lambda r: (r.subject, r.reading),
    description="Minimum learning hours by subject; the sources disagree for safeguarding "
    "children L3, so both readings are kept and the verified one is the default.",
)

# --- frameworks ------------------------------------------------------------------------------

_KSF_CORE = (
    ("C1", "Communication"),
    ("C2", "Personal and people development"),
    ("C3", "Health, safety and security"),
    ("C4", "Service improvement"),
    ("C5", "Quality"),
    ("C6", "Equality and diversity"),
)

KSF_FRAMEWORK = CompetencyFramework(
    framework_id="KSF",
    title="NHS Knowledge and Skills Framework",
    version="October 2004",
    levels=tuple(FrameworkLevel(level=n) for n in range(1, 5)),
    competencies=tuple(
        Competency(code=code, title=title, group="core", core=True) for code, title in _KSF_CORE
    ),
    notes="6 core dimensions of 30; the 24 specific dimensions (HWB1-10, IK, EF, G) and the "
    "level descriptors are not reproduced. C6 was earlier 'equality, diversity and rights'.",
    source=KSF,
    effective=Effective(date(2004, 10, 1)),
)

CC_CORE_FRAMEWORK = CompetencyFramework(
    framework_id="CC-CORE",
    title="CPA Care Co-ordination Core Functions and Competencies",
    notes="Maps care-coordination functions to National Occupational Standards. The list of "
    "functions is NOT AVAILABLE in the reference: a Trust loads its own copy.",
    source=CC_CORE,
    effective=_ALWAYS,
)

FRAMEWORKS: RuleTable[str, CompetencyFramework] = RuleTable(
    "competency frameworks",
    (CC_CORE_FRAMEWORK, KSF_FRAMEWORK),
    key=lambda r: r.framework_id,
    description="Competency frameworks shipped with cpa_core (a Trust may load its own).",
)

# --- role profiles ---------------------------------------------------------------------------

_B6_COMPETENCIES = (CompetencyRequirement(framework_id="KSF", competency="C1", minimum_level=3),)


def _coordinator(code: str, title: str, professions: tuple[Profession, ...]) -> RoleProfile:
    return RoleProfile(
        code=code,
        title=title,
        professions=professions,
        minimum_band=6,
        training=CARE_COORDINATOR_TRAINING,
        competencies=_B6_COMPETENCIES,
        competencies_advisory=True,
        enhanced_dbs_required=True,
        driving_required=True,
        coordinates_care=True,
        source=JOB_DESCRIPTIONS,
        effective=_ALWAYS,
    )


ROLE_PROFILES: RuleTable[str, RoleProfile] = RuleTable(
    "competency role profiles",
    (
        _coordinator(
            "B6-CC-NURSE",
            "Band 6 care coordinator (nurse)",
            (Profession.MENTAL_HEALTH_NURSE, Profession.LEARNING_DISABILITY_NURSE),
        ),
        _coordinator(
            "B6-CC-OT",
            "Band 6 care coordinator (occupational therapist)",
            (Profession.OCCUPATIONAL_THERAPIST,),
        ),
        _coordinator(
            "B6-CC-SW", "Band 6 care coordinator (social worker)", (Profession.SOCIAL_WORKER,)
        ),
        RoleProfile(
            code="AMHP",
            title="Approved Mental Health Professional",
            professions=tuple(
                r.profession for r in _approval_professions() if r.kind is ApprovalKind.AMHP
            ),
            approvals=(ApprovalKind.AMHP,),
            source=AMHP_PROFESSIONS,
            effective=_AMHP_FROM,
        ),
        RoleProfile(
            code="BIA",
            title="Best Interests Assessor",
            professions=tuple(
                r.profession for r in _approval_professions() if r.kind is ApprovalKind.BIA
            ),
            approvals=(ApprovalKind.BIA,),
            source=BIA_REGS,
            effective=_ALWAYS,
        ),
        RoleProfile(
            code="CLINICAL-SUPERVISOR",
            title="Clinical supervisor",
            registration_required=True,
            source=CPA_CORE_PROFILE,
            effective=_ALWAYS,
        ),
    ),
    key=lambda r: r.code,
    description="Default role requirement profiles (a Trust may load its own).",
)
