"""The care coordination rules as data, each row with its source and dates in force.

Evidence matters here: CPA is a retired national concept (NHS England position statement,
[V]) kept as a local profile; the 12-month review expectation is a secondary-source default
([V2], also graded [U]). A Trust changes the defaults through
:class:`cpa_core.policy.care.CarePolicy`, never by editing these tables. The cycle's steps are
the rules of :mod:`cpa_core.care.cycle`, follow-up after an inpatient discharge those of
:mod:`cpa_core.care.inpatient`.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.care.models import CareApproach, CoordinatorRole, PlanSection
from cpa_core.policy.care import CPA_POSITION_STATEMENT, LOCAL_REVIEW_DEFAULTS
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "APPROACHES",
    "PLAN_SECTIONS",
    "REVIEW_INTERVALS",
    "ApproachRow",
    "PlanSectionRow",
    "ReviewIntervalRow",
]

# --- sources -------------------------------------------------------------------------------

KINGDON_2019 = Source(
    title="Kingdon D. Care programme approach – time to move beyond? (BJPsych Bulletin)",
    publisher="Cambridge University Press for the Royal College of Psychiatrists",
    locator="1991 introduction; annual review target; 'new CPA'",
    version="2019",
    url="https://www.cambridge.org/core/journals/bjpsych-bulletin/article/"
    "care-programme-approach-time-to-move-beyond/36248038578C18F96EE26B145690DB60",
    evidence=Evidence.SECONDARY,
    secondary_reason="a review article, not national policy: it reports CPA's history and "
    "the annual review target set by the Department of Health's guidance",
)
RDASH_COORDINATOR = Source(
    title="Care Programme Approach (CPA) policy",
    publisher="Rotherham Doncaster and South Humber NHS Foundation Trust",
    locator="care coordinator: a named individual coordinating the CPA care plan",
    url="https://rdash.nhs.uk/policies/care-programme-approach-cpa-policy",
    evidence=Evidence.SECONDARY,
    secondary_reason="one Trust's own policy, standing in for the national definition of a "
    "care coordinator in the Department of Health's CPA guidance (not found on a publisher's "
    "page)",
)
NON_CPA_TERMS = Source(
    title="Care Programme Approach (CPA) policy (local terms for non-CPA care)",
    publisher="NHS Trust policy (restated)",
    locator="'standard care', 'non-CPA', 'lead professional care'",
    url="https://www.readkong.com/page/care-programme-approach-cpa-policy-5094290",
    evidence=Evidence.SECONDARY,
    secondary_reason="a document-mirror copy of an NHS Trust's CPA policy; the Trust's own "
    "copy has not been found",
)
NHS_CHOICES_CPA = Source(
    title="Care Programme Approach (NHS Choices social care guide)",
    publisher="NHS Choices",
    locator="formal review at least once a year; written plan stating risks and crisis action",
    url="http://nhs.com.in/Conditions/social-care-and-support-guide/Pages/"
    "care-programme-approach.aspx/tabname-Careservicesandadvice",
    evidence=Evidence.SECONDARY,
    secondary_reason="a copy, on a mirror site, of the retired NHS Choices page on the CPA; "
    "the Department of Health's own guidance (Refocusing the Care Programme Approach, March "
    "2008) was not found on a publisher's page, so the annual review is not confirmed there",
)
REACT_TOOLKIT = Source(
    title="Getting care for someone experiencing mental health problems",
    publisher="REACT toolkit",
    locator="review at least annually; crisis plan; carers told of their right to assessment",
    url="https://reacttoolkit.uk/toolkit/understanding-mental-health-services/"
    "getting-care-for-someone-experiencing-mental-health-problems/",
    evidence=Evidence.SECONDARY,
    secondary_reason="a toolkit for relatives (REACT) that restates CPA practice; not "
    "national policy",
)
CARE_PLAN_AUDIT_2013 = Source(
    title="Care plan audit items (Epidemiology and Psychiatric Sciences 2013;23(4):353-9)",
    publisher="Cambridge University Press",
    locator="table 1: contingency, out-of-hours, relapse indicators, crisis plan",
    version="2013",
    url="https://pmc.ncbi.nlm.nih.gov/articles/PMC7192174/table/tab01",
    evidence=Evidence.SECONDARY,
    secondary_reason="audit items of a research study, not a national standard",
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
    secondary_reason="NHS England's published analysis code, where the measure is defined; "
    "it has no document of its own",
)

TRUST_PLAN_SECTIONS = Source(
    title="Trust policy: required care-plan sections",
    publisher="the Trust",
    locator="care.plan_sections_cpa, _standard or _cmhf in the Trust's policy file",
    evidence=Evidence.UNVERIFIED,
)
"""The source of a Trust's own list of required sections (local policy, not national)."""

# CPA was introduced in 1991 (only the year is known).
_CPA_INTRODUCED = date(1991, 1, 1)
_CPA_RETIRED = date(2021, 7, 7)  # position statement v1
_REFOCUSED = date(2008, 3, 19)  # Refocusing the Care Programme Approach (DH)
_CMHF_PUBLISHED = date(2019, 9, 1)  # "September 2019": only the month is known


# --- approaches ----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ApproachRow(RuleRow):
    """What an approach is, nationally, on a date, and what worker it names.

    Attributes:
        approach: The approach.
        national: Whether it is a national framework on these dates (else a local profile).
        coordinator_role: What the named worker is called.
        coordinator_required: Whether a named worker is required for every open episode.
    """

    approach: CareApproach
    national: bool
    coordinator_role: CoordinatorRole
    coordinator_required: bool


APPROACHES: RuleTable[CareApproach, ApproachRow] = RuleTable(
    "care approaches",
    (
        ApproachRow(
            approach=CareApproach.CPA,
            national=True,
            coordinator_role=CoordinatorRole.CARE_COORDINATOR,
            coordinator_required=True,
            source=KINGDON_2019,
            effective=Effective(_CPA_INTRODUCED, _CPA_RETIRED),
        ),
        ApproachRow(
            approach=CareApproach.CPA,
            national=False,
            coordinator_role=CoordinatorRole.CARE_COORDINATOR,
            coordinator_required=True,
            source=RDASH_COORDINATOR,
            effective=Effective(_CPA_RETIRED),
        ),
        ApproachRow(
            approach=CareApproach.STANDARD,
            national=False,
            coordinator_role=CoordinatorRole.LEAD_PROFESSIONAL,
            coordinator_required=False,
            source=NON_CPA_TERMS,
            effective=Effective(_REFOCUSED),
        ),
        ApproachRow(
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
class ReviewIntervalRow(RuleRow):
    """The longest interval between reviews of a care plan under an approach.

    Attributes:
        approach: The approach.
        months: Calendar months from the plan or the last review to the next review.
    """

    approach: CareApproach
    months: int


REVIEW_INTERVALS: RuleTable[CareApproach, ReviewIntervalRow] = RuleTable(
    "review intervals",
    tuple(
        ReviewIntervalRow(
            approach=approach, months=months, source=source, effective=Effective(start)
        )
        for approach, months, source, start in (
            (CareApproach.CPA, 12, NHS_CHOICES_CPA, _REFOCUSED),
            (CareApproach.STANDARD, 12, REACT_TOOLKIT, _REFOCUSED),
            (CareApproach.CMHF, 12, LOCAL_REVIEW_DEFAULTS, _CMHF_PUBLISHED),
        )
    ),
    key=lambda r: r.approach,
    description="National expectation of a review at least every 12 months ([V2], also "
    "graded [U]); a Trust sets its own interval with care.review_interval_months.",
)


# --- care-plan sections --------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class PlanSectionRow(RuleRow):
    """A section a care plan under an approach is expected to contain, by default.

    Attributes:
        approach: The approach.
        section: The section.
    """

    approach: CareApproach
    section: PlanSection


def _sections(
    approach: CareApproach, start: date, *rows: tuple[PlanSection, Source]
) -> tuple[PlanSectionRow, ...]:
    return tuple(
        PlanSectionRow(approach=approach, section=s, source=src, effective=Effective(start))
        for s, src in rows
    )


PLAN_SECTIONS: RuleTable[tuple[CareApproach, PlanSection], PlanSectionRow] = RuleTable(
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
