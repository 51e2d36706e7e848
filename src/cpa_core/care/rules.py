"""The care coordination rules as data, each row with its source and dates in force.

Evidence matters here: CPA is a retired national concept (NHS England position statement,
[V]) kept as a local profile; the 12-month review expectation is a secondary-source default
([V2], also graded [U]); the 72-hour follow-up counting is what NHS England's published
analytics code computes ([V]). A Trust changes the defaults through
:class:`cpa_core.policy.care.CarePolicy`, never by editing these tables.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.care.models import CareApproach, CoordinatorRole, PlanSection
from cpa_core.policy.care import (
    CPA_POSITION_STATEMENT,
    FOLLOW_UP_72_HOURS_CODE,
    LOCAL_REVIEW_DEFAULTS,
    FollowUpRule,
)
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = [
    "ACUTE_BED_CLASSES",
    "APPROACHES",
    "CONSULTATION_MECHANISMS",
    "CYCLE_TRANSITIONS",
    "DISCHARGE_COMMUNICATION",
    "EXCLUDED_DESTINATIONS",
    "EXCLUDED_DISCHARGE_METHODS",
    "FOLLOW_UP_RULES",
    "PLAN_SECTIONS",
    "REVIEW_INTERVALS",
    "ApproachRule",
    "BedClassRule",
    "CareState",
    "CodeRule",
    "CycleStep",
    "DischargeCommunicationRule",
    "FollowUpRuleRow",
    "MechanismRule",
    "PlanSectionRule",
    "ReviewIntervalRule",
    "TransitionRule",
]


class CareState(enum.Enum):
    """Where an episode is in the care coordination cycle."""

    REFERRED = "referred"
    """Referral received; not yet assessed."""
    ASSESSED = "assessed"
    """Assessment completed; no care plan yet."""
    CARE_PLANNED = "care-planned"
    """A written care plan is in place and has not yet been reviewed (or was just revised)."""
    UNDER_REVIEW = "under-review"
    """The plan has been reviewed at least once since it was last written."""
    DISCHARGED = "discharged"
    """Discharged from the service."""
    TRANSFERRED = "transferred"
    """Transferred to another team or provider."""


class CycleStep(enum.Enum):
    """A step that moves an episode through the cycle."""

    REFER = "refer"
    """A referral opens the episode."""
    ASSESS = "assess"
    """The assessment is completed."""
    PLAN = "plan"
    """A care-plan version is written."""
    REVIEW = "review"
    """The plan is reviewed."""
    DISCHARGE = "discharge"
    """The person is discharged."""
    TRANSFER = "transfer"
    """Care is transferred."""
    RE_REFER = "re-refer"
    """A new referral after discharge or transfer."""


# --- sources -------------------------------------------------------------------------------

KINGDON_2019 = Source(
    title="Kingdon D. Care programme approach: history and future (BJPsych Bulletin)",
    publisher="Royal College of Psychiatrists",
    locator="1991 introduction; annual review target; 'new CPA'",
    version="2019",
    url="https://homsy-staging.cambridgecore.org/core/product/36248038578C18F96EE26B145690DB60/"
    "core-reader",
    evidence=Evidence.SECONDARY,
)
REFOCUSING_CPA = Source(
    title="Refocusing the Care Programme Approach (Best Practice Guidance, Gateway 9148)",
    publisher="Department of Health",
    locator="CPA for the former enhanced group; assessment, plan and review for everyone else",
    version="19 March 2008",
    url="https://www.readkong.com/page/refocusing-the-care-programme-approach-6939375",
    evidence=Evidence.VERIFIED,
)
CMHF_2019 = Source(
    title="The Community Mental Health Framework for Adults and Older Adults",
    publisher="NHS England / NHS Improvement and NCCMH",
    locator="whole framework (approval reference 000888)",
    version="September 2019",
    url="https://www.readkong.com/page/the-community-mental-health-framework-for-adults-and-"
    "older-4398630",
    evidence=Evidence.VERIFIED,
)
RDASH_COORDINATOR = Source(
    title="Care Programme Approach (CPA) policy",
    publisher="Rotherham Doncaster and South Humber NHS Foundation Trust",
    locator="care coordinator: a named individual coordinating the CPA care plan",
    url="https://rdash.nhs.uk/policies/care-programme-approach-cpa-policy",
    evidence=Evidence.SECONDARY,
)
NON_CPA_TERMS = Source(
    title="Care Programme Approach (CPA) policy (local terms for non-CPA care)",
    publisher="NHS Trust policy (restated)",
    locator="'standard care', 'non-CPA', 'lead professional care'",
    url="https://www.readkong.com/page/care-programme-approach-cpa-policy-5094290",
    evidence=Evidence.SECONDARY,
)
NHS_CHOICES_CPA = Source(
    title="Care Programme Approach (NHS Choices social care guide)",
    publisher="NHS Choices",
    locator="formal review at least once a year; written plan stating risks and crisis action",
    url="http://nhs.com.in/Conditions/social-care-and-support-guide/Pages/"
    "care-programme-approach.aspx/tabname-Careservicesandadvice",
    evidence=Evidence.SECONDARY,
)
REACT_TOOLKIT = Source(
    title="Getting care for someone experiencing mental health problems",
    publisher="REACT toolkit",
    locator="review at least annually; crisis plan; carers told of their right to assessment",
    url="https://reacttoolkit.uk/toolkit/understanding-mental-health-services/"
    "getting-care-for-someone-experiencing-mental-health-problems/",
    evidence=Evidence.SECONDARY,
)
CARE_PLAN_AUDIT_2013 = Source(
    title="Care plan audit items (Epidemiology and Psychiatric Sciences 2013;23(4):353-9)",
    publisher="Cambridge University Press",
    locator="table 1: contingency, out-of-hours, relapse indicators, crisis plan",
    version="2013",
    url="https://pmc.ncbi.nlm.nih.gov/articles/PMC7192174/table/tab01",
    evidence=Evidence.SECONDARY,
)
REFOCUSING_MUST_CONTAIN = Source(
    title="Refocusing the Care Programme Approach: care-plan 'must contain' list",
    publisher="Department of Health",
    locator="physical health (list not confirmed against the 2008 text)",
    version="19 March 2008",
    evidence=Evidence.UNVERIFIED,
)
MHS19_CRISIS_PLAN = Source(
    title="Mental health monthly statistics: MHS19 people with a crisis plan in place",
    publisher="NHS England (NHS Digital)",
    locator="NHSDigital/mental-health-monthly-statistics menh_analysis/notebooks/01_Prepare/"
    "0.Insert_lookup_data.py (the measure is [V]; that every plan needs one is cpa_core's "
    "inference, so unverified)",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
    evidence=Evidence.UNVERIFIED,
)
CNWL_CYCLE = Source(
    title="Care coordination process (referral, assessment, plan, review, discharge/transfer)",
    publisher="Central and North West London NHS Foundation Trust",
    locator="local CPA process: referral, assessment, plan, review, discharge or transfer "
    "(as restated in the reference, section 3); the individual transitions are cpa_core's "
    "reading of that sequence",
    version="2009",
    evidence=Evidence.SECONDARY,
)
SEVEN_DAY_FOLLOW_UP = Source(
    title="Follow-up care for adults with mental health problems (7-day follow-up on CPA)",
    publisher="Nuffield Trust / QualityWatch",
    locator="all psychiatric inpatients regarded as on CPA; days, not hours; 95% target; "
    "publication stopped April 2021",
    url="https://www.nuffieldtrust.org.uk/resource/follow-up-care-for-adults-with-mental-"
    "health-problems",
    evidence=Evidence.SECONDARY,
)

NICE_QS159_STATEMENT_3 = Source(
    title="Transition between inpatient mental health settings and community or care home "
    "settings (QS159)",
    publisher="NICE",
    locator="quality statement 3: care plan sent within 24 hours of discharge to everyone "
    "identified in it as involved in ongoing care",
    version="added to the NICE pathway 11 September 2017 (NICE pathway 'Transition between "
    "community or care home and inpatient mental health settings', Updates; verified by the "
    "author with the search tool: http://pathways.nice.org.uk/pathways/transition-between-"
    "community-or-care-home-and-inpatient-mental-health-settings)",
    url="https://www.nice.org.uk/guidance/QS159/chapter/quality-statement-3-communication-on-"
    "discharge",
    evidence=Evidence.VERIFIED,
)

# CPA was introduced in 1991 (only the year is known); its cycle dates from then.
_CPA_INTRODUCED = date(1991, 1, 1)
_CYCLE_IN_FORCE = Effective(_CPA_INTRODUCED)
_CPA_RETIRED = date(2021, 7, 7)  # position statement v1
_REFOCUSED = date(2008, 3, 19)
_CMHF_PUBLISHED = date(2019, 9, 1)  # "September 2019": only the month is known
_QS159 = date(2017, 9, 11)
_FIRST_MEASURED = date(2019, 4, 1)  # CQUIN 2019/20, first year of the 72-hour measure
_MHSDS_V5 = date(2021, 10, 1)
_MHSDS_V6 = date(2024, 4, 1)


# --- approaches ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ApproachRule:
    """What an approach is, nationally, on a date, and what worker it names.

    Attributes:
        approach: The approach.
        national: Whether it is a national framework on these dates (else a local profile).
        coordinator_role: What the named worker is called.
        coordinator_required: Whether a named worker is required for every open episode.
        source: Where this comes from.
        effective: When this row applies.
    """

    approach: CareApproach
    national: bool
    coordinator_role: CoordinatorRole
    coordinator_required: bool
    source: Source
    effective: Effective


APPROACHES: RuleTable[CareApproach, ApproachRule] = RuleTable(
    "care approaches",
    (
        ApproachRule(
            approach=CareApproach.CPA,
            national=True,
            coordinator_role=CoordinatorRole.CARE_COORDINATOR,
            coordinator_required=True,
            source=KINGDON_2019,
            effective=Effective(_CPA_INTRODUCED, _CPA_RETIRED),
        ),
        ApproachRule(
            approach=CareApproach.CPA,
            national=False,
            coordinator_role=CoordinatorRole.CARE_COORDINATOR,
            coordinator_required=True,
            source=RDASH_COORDINATOR,
            effective=Effective(_CPA_RETIRED),
        ),
        ApproachRule(
            approach=CareApproach.STANDARD,
            national=False,
            coordinator_role=CoordinatorRole.LEAD_PROFESSIONAL,
            coordinator_required=False,
            source=NON_CPA_TERMS,
            effective=Effective(_REFOCUSED),
        ),
        ApproachRule(
            approach=CareApproach.CMHF,
            national=True,
            coordinator_role=CoordinatorRole.KEY_WORKER,
            coordinator_required=True,
            source=CPA_POSITION_STATEMENT,
            effective=Effective(_CMHF_PUBLISHED),
        ),
    ),
    key=lambda r: r.approach,
    description="Each approach's national status and named worker; CPA is a local profile "
    "after the NHS England position statement of July 2021.",
)


# --- reviews -------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ReviewIntervalRule:
    """The longest interval between reviews of a care plan under an approach.

    Attributes:
        approach: The approach.
        months: Calendar months from the plan or the last review to the next review.
        source: Where this comes from.
        effective: When this row applies.
    """

    approach: CareApproach
    months: int
    source: Source
    effective: Effective


REVIEW_INTERVALS: RuleTable[CareApproach, ReviewIntervalRule] = RuleTable(
    "review intervals",
    (
        ReviewIntervalRule(
            approach=CareApproach.CPA,
            months=12,
            source=NHS_CHOICES_CPA,
            effective=Effective(_REFOCUSED),
        ),
        ReviewIntervalRule(
            approach=CareApproach.STANDARD,
            months=12,
            source=REACT_TOOLKIT,
            effective=Effective(_REFOCUSED),
        ),
        ReviewIntervalRule(
            approach=CareApproach.CMHF,
            months=12,
            source=LOCAL_REVIEW_DEFAULTS,
            effective=Effective(_CMHF_PUBLISHED),
        ),
    ),
    key=lambda r: r.approach,
    description="National expectation of a review at least every 12 months ([V2], also "
    "graded [U]); a Trust sets its own interval with care.review_interval_months.",
)


# --- care-plan sections --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PlanSectionRule:
    """A section a care plan under an approach is expected to contain, by default.

    Attributes:
        approach: The approach.
        section: The section.
        source: Where this comes from.
        effective: When this row applies.
    """

    approach: CareApproach
    section: PlanSection
    source: Source
    effective: Effective


def _sections(
    approach: CareApproach, start: date, *rows: tuple[PlanSection, Source]
) -> tuple[PlanSectionRule, ...]:
    return tuple(
        PlanSectionRule(approach=approach, section=s, source=src, effective=Effective(start))
        for s, src in rows
    )


PLAN_SECTIONS: RuleTable[tuple[CareApproach, PlanSection], PlanSectionRule] = RuleTable(
    "care-plan sections",
    _sections(
        CareApproach.CPA,
        _REFOCUSED,
        (PlanSection.CRISIS_PLAN, NHS_CHOICES_CPA),
        (PlanSection.RISK_MANAGEMENT, NHS_CHOICES_CPA),
        (PlanSection.CONTINGENCY_PLAN, CARE_PLAN_AUDIT_2013),
        (PlanSection.OUT_OF_HOURS, CARE_PLAN_AUDIT_2013),
        (PlanSection.RELAPSE_INDICATORS, CARE_PLAN_AUDIT_2013),
        (PlanSection.PHYSICAL_HEALTH, REFOCUSING_MUST_CONTAIN),
    )
    + _sections(CareApproach.STANDARD, _REFOCUSED, (PlanSection.CRISIS_PLAN, MHS19_CRISIS_PLAN))
    + _sections(CareApproach.CMHF, _CMHF_PUBLISHED, (PlanSection.CRISIS_PLAN, MHS19_CRISIS_PLAN)),
    key=lambda r: (r.approach, r.section),
    description="Default sections of a care plan by approach; a Trust replaces an approach's "
    "list with care.plan_sections_cpa, _standard or _cmhf.",
)


# --- the cycle -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TransitionRule:
    """One allowed step of the care coordination cycle.

    Attributes:
        state: The state the step starts from (``None``: no episode yet).
        step: The step.
        to: The state the step leads to.
        needs_discharge_plan: Whether the step needs a discharge plan when the Trust's
            policy requires one (``care.discharge_plan_required``).
        source: Where this comes from.
        effective: When this row applies.
    """

    state: CareState | None
    step: CycleStep
    to: CareState
    needs_discharge_plan: bool = False
    source: Source = CNWL_CYCLE
    effective: Effective = _CYCLE_IN_FORCE


_S = CareState
_T = CycleStep

CYCLE_TRANSITIONS: RuleTable[tuple[CareState | None, CycleStep], TransitionRule] = RuleTable(
    "care cycle transitions",
    (
        TransitionRule(state=None, step=_T.REFER, to=_S.REFERRED),
        TransitionRule(state=_S.REFERRED, step=_T.ASSESS, to=_S.ASSESSED),
        TransitionRule(state=_S.REFERRED, step=_T.DISCHARGE, to=_S.DISCHARGED),
        TransitionRule(state=_S.REFERRED, step=_T.TRANSFER, to=_S.TRANSFERRED),
        TransitionRule(state=_S.ASSESSED, step=_T.PLAN, to=_S.CARE_PLANNED),
        TransitionRule(state=_S.ASSESSED, step=_T.DISCHARGE, to=_S.DISCHARGED),
        TransitionRule(state=_S.ASSESSED, step=_T.TRANSFER, to=_S.TRANSFERRED),
        TransitionRule(state=_S.CARE_PLANNED, step=_T.PLAN, to=_S.CARE_PLANNED),
        TransitionRule(state=_S.CARE_PLANNED, step=_T.REVIEW, to=_S.UNDER_REVIEW),
        TransitionRule(
            state=_S.CARE_PLANNED,
            step=_T.DISCHARGE,
            to=_S.DISCHARGED,
            needs_discharge_plan=True,
        ),
        TransitionRule(state=_S.CARE_PLANNED, step=_T.TRANSFER, to=_S.TRANSFERRED),
        TransitionRule(state=_S.UNDER_REVIEW, step=_T.REVIEW, to=_S.UNDER_REVIEW),
        TransitionRule(state=_S.UNDER_REVIEW, step=_T.PLAN, to=_S.CARE_PLANNED),
        TransitionRule(
            state=_S.UNDER_REVIEW,
            step=_T.DISCHARGE,
            to=_S.DISCHARGED,
            needs_discharge_plan=True,
        ),
        TransitionRule(state=_S.UNDER_REVIEW, step=_T.TRANSFER, to=_S.TRANSFERRED),
        TransitionRule(state=_S.DISCHARGED, step=_T.RE_REFER, to=_S.REFERRED),
        TransitionRule(state=_S.TRANSFERRED, step=_T.RE_REFER, to=_S.REFERRED),
    ),
    key=lambda r: (r.state, r.step),
    description="The allowed steps of the cycle: referral, assessment, care planned, under "
    "review, discharged or transferred, and re-referral. Any other step is illegal.",
)


# --- follow-up after inpatient discharge ---------------------------------------------------


@attrs.frozen(kw_only=True)
class FollowUpRuleRow:
    """How follow-up after an inpatient discharge is counted under one rule.

    Attributes:
        rule: The rule.
        days: Follow-up must happen on a day strictly after the discharge date and at most
            this many calendar days after it.
        acute_beds_only: Whether only discharges from adult acute bed classes are eligible.
        excludes_deaths_in_window: Whether a person who died within the window is not
            counted.
        england_residents_only: Whether only people resident in England (or whose
            residence is unknown) are counted.
        target_percent: The national target or ambition, for reports.
        source: Where this comes from.
        effective: When this row applies.
    """

    rule: FollowUpRule
    days: int
    acute_beds_only: bool
    excludes_deaths_in_window: bool
    england_residents_only: bool
    target_percent: int
    source: Source
    effective: Effective


FOLLOW_UP_RULES: RuleTable[FollowUpRule, FollowUpRuleRow] = RuleTable(
    "inpatient follow-up rules",
    (
        FollowUpRuleRow(
            rule=FollowUpRule.SEVENTY_TWO_HOURS,
            days=3,
            acute_beds_only=True,
            excludes_deaths_in_window=True,
            england_residents_only=True,
            target_percent=80,
            source=FOLLOW_UP_72_HOURS_CODE,
            effective=Effective(_FIRST_MEASURED),
        ),
        # The national 7-day measure stopped in April 2021; the row stays open so that a
        # Trust can keep the rule locally. Its national start is not in the reference: the
        # table answers from the 2008 refocusing of CPA.
        FollowUpRuleRow(
            rule=FollowUpRule.SEVEN_DAY,
            days=7,
            acute_beds_only=False,
            excludes_deaths_in_window=False,
            england_residents_only=False,
            target_percent=95,
            source=SEVEN_DAY_FOLLOW_UP,
            effective=Effective(_REFOCUSED),
        ),
    ),
    key=lambda r: r.rule,
    description="Follow-up after inpatient discharge: the 72-hour measure (days 1 to 3 after "
    "the discharge date) and the legacy 7-day CPA rule, chosen by care.follow_up_rule. "
    "target_percent is for reports only and is secondary ([V2]) for both rows; the 7-day "
    "row's start date (19 March 2008) is an engineering choice, not a sourced fact.",
)


@attrs.frozen(kw_only=True)
class BedClassRule:
    """An adult acute bed class, whose discharges are eligible for 72-hour follow-up.

    Attributes:
        code: The MHSDS code.
        meaning: What the code means.
        source: Where this comes from.
        effective: When this row applies (the data-set version that carries the code).
    """

    code: str
    meaning: str
    source: Source
    effective: Effective


def _beds(start: date, until: date | None, *rows: tuple[str, str]) -> tuple[BedClassRule, ...]:
    return tuple(
        BedClassRule(
            code=c, meaning=m, source=FOLLOW_UP_72_HOURS_CODE, effective=Effective(start, until)
        )
        for c, m in rows
    )


_OLD_BED = "adult acute bed type (HospitalBedTypeMH)"

ACUTE_BED_CLASSES: RuleTable[str, BedClassRule] = RuleTable(
    "adult acute bed classes",
    _beds(
        _FIRST_MEASURED,
        _MHSDS_V6,
        *((c, _OLD_BED) for c in ("10", "11", "12", "16", "17", "18")),
    )
    + _beds(
        _MHSDS_V6,
        None,
        ("200", "acute adult"),
        ("201", "acute older adult"),
        ("202", "adult psychiatric intensive care"),
        ("205", "acute unit for adults with a learning disability or autism"),
        ("212", "adult rehabilitation (mainstream)"),
        ("213", "adult rehabilitation for a learning disability or autism"),
    ),
    key=lambda r: r.code,
    description="Bed classes whose discharges count for 72-hour follow-up: "
    "MHAdmittedPatientClass from April 2024, HospitalBedTypeMH before.",
)


@attrs.frozen(kw_only=True)
class CodeRule:
    """A code that takes a discharge out of the follow-up measure.

    Attributes:
        code: The MHSDS code.
        meaning: What the code means, in general terms.
        source: Where this comes from.
        effective: When the exclusion applies.
    """

    code: str
    meaning: str
    source: Source
    effective: Effective


def _codes(start: date, until: date | None, meaning: str, *codes: str) -> tuple[CodeRule, ...]:
    return tuple(
        CodeRule(
            code=c,
            meaning=meaning,
            source=FOLLOW_UP_72_HOURS_CODE,
            effective=Effective(start, until),
        )
        for c in codes
    )


_DEST = "court, prison or police; other psychiatric or secure hospital; died; repatriation"

EXCLUDED_DESTINATIONS: RuleTable[str, CodeRule] = RuleTable(
    "excluded discharge destinations",
    _codes(_FIRST_MEASURED, None, _DEST, "30", "37", "48", "49", "50", "53", "79", "84", "87")
    + _codes(_FIRST_MEASURED, _MHSDS_V5, _DEST, "38")
    + _codes(_MHSDS_V5, None, _DEST, "40", "42", "89"),
    key=lambda r: r.code,
    description="Discharge destinations not eligible for follow-up (NHS general or "
    "maternity wards, 51 and 52, are eligible).",
)

EXCLUDED_DISCHARGE_METHODS: RuleTable[str, CodeRule] = RuleTable(
    "excluded discharge methods",
    _codes(_FIRST_MEASURED, None, "patient died", "4")
    + _codes(_FIRST_MEASURED, None, "stillbirth", "5"),
    key=lambda r: r.code,
    description="Discharge methods not eligible for follow-up.",
)


@attrs.frozen(kw_only=True)
class MechanismRule:
    """A consultation mechanism by which an attended contact counts as follow-up.

    Attributes:
        code: The MHSDS consultation mechanism code.
        meaning: What the code means.
        source: Where this comes from.
        effective: When contacts by this mechanism count.
    """

    code: str
    meaning: str
    source: Source
    effective: Effective


CONSULTATION_MECHANISMS: RuleTable[str, MechanismRule] = RuleTable(
    "follow-up consultation mechanisms",
    tuple(
        MechanismRule(code=c, meaning=m, source=FOLLOW_UP_72_HOURS_CODE, effective=Effective(s, u))
        for c, m, s, u in (
            ("01", "face to face", _FIRST_MEASURED, None),
            ("02", "telephone", _FIRST_MEASURED, None),
            ("03", "telemedicine web camera", _FIRST_MEASURED, _MHSDS_V5),
            ("04", "talk type for a person unable to speak", _FIRST_MEASURED, None),
            ("11", "video consultation", _MHSDS_V5, None),
        )
    ),
    key=lambda r: r.code,
    description="Mechanisms by which an attended contact counts as follow-up; email, SMS, "
    "instant messaging and other asynchronous contact never count.",
)


@attrs.frozen(kw_only=True)
class DischargeCommunicationRule:
    """How soon after an inpatient discharge the care plan must reach those it names.

    Attributes:
        hours: Hours from the discharge instant (real elapsed time).
        source: Where this comes from.
        effective: When this row applies.
    """

    hours: int
    source: Source
    effective: Effective


DISCHARGE_COMMUNICATION: RuleTable[str, DischargeCommunicationRule] = RuleTable(
    "care plan sent on inpatient discharge",
    (
        DischargeCommunicationRule(
            hours=24, source=NICE_QS159_STATEMENT_3, effective=Effective(_QS159)
        ),
    ),
    key=lambda r: "care-plan-sent",
    description="A NICE quality standard (not law): the care plan is sent within 24 hours of "
    "an inpatient discharge to everyone it names as involved in ongoing care.",
)
