"""The frameworks and role profiles cpa_core ships, as data (a Trust may load its own).

Every row carries its :class:`~cpa_core.provenance.Source` (copied from the shared domain
reference, ``competency.md`` §5 and §7, and the Band 6 care coordinator job descriptions)
and its :class:`~cpa_core.provenance.Effective` range.
"""

from __future__ import annotations

from datetime import date

from cpa_core.competency.approvals.models import ApprovalKind
from cpa_core.competency.approvals.rules import (
    AMHP_FROM,
    AMHP_PROFESSIONS,
    APPROVAL_PROFESSIONS,
    BIA_FROM,
    BIA_REGS,
)
from cpa_core.competency.frameworks.models import (
    Competency,
    CompetencyFramework,
    CompetencyRequirement,
    FrameworkLevel,
    RoleProfile,
)
from cpa_core.competency.registration.models import Profession
from cpa_core.competency.training.rules import CARE_COORDINATOR_TRAINING
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = ["FRAMEWORKS", "ROLE_PROFILES"]

_UNKNOWN_START = Effective.unknown_start()

# --- sources (titles, locators and URLs from ../shared/reference/competency.md) -------------

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
    evidence=Evidence.SECONDARY,
    secondary_reason="the Department of Health CPA review group's document as the CPA "
    "Association, a charity, hosts it; no government copy is cited",
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
    secondary_reason="three Trusts' job descriptions; no national role profile of a care "
    "coordinator exists",
)
CPA_CORE_PROFILE = Source(
    title="cpa_core default role profile",
    publisher="cpa_core",
    locator="composed from the reference's audience notes; a Trust should load its own",
    evidence=Evidence.UNVERIFIED,
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
    effective=_UNKNOWN_START,
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
        effective=_UNKNOWN_START,
    )


def _approved(kind: ApprovalKind, title: str, source: Source, effective: Effective) -> RoleProfile:
    """The profile of an approval: the professions that may hold it, and the approval."""
    return RoleProfile(
        code=kind.value,
        title=title,
        professions=tuple(r.profession for r in APPROVAL_PROFESSIONS.rows if r.kind is kind),
        approvals=(kind,),
        source=source,
        effective=effective,
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
        _approved(
            ApprovalKind.AMHP, "Approved Mental Health Professional", AMHP_PROFESSIONS, AMHP_FROM
        ),
        _approved(ApprovalKind.BIA, "Best Interests Assessor", BIA_REGS, BIA_FROM),
        RoleProfile(
            code="CLINICAL-SUPERVISOR",
            title="Clinical supervisor",
            registration_required=True,
            source=CPA_CORE_PROFILE,
            effective=_UNKNOWN_START,
        ),
    ),
    key=lambda r: r.code,
    description="Default role requirement profiles (a Trust may load its own).",
)
