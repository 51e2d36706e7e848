"""Models of staff competency: frameworks, role profiles and staff members.

A :class:`StaffMember` is what a Trust's workforce system knows about one practitioner on
the day of the extract: registrations, training completions, supervision, appraisal,
approvals, DBS, driving licence and caseload. A :class:`CompetencyFramework` and a
:class:`RoleProfile` are data a Trust may load from JSON or TOML to replace or extend the
defaults in :mod:`cpa_core.competency.rules`.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Literal

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, Number, Text
from cpa_core.exceptions import CpaCoreError
from cpa_core.provenance import Effective, Source

__all__ = [
    "AmhpEndReason",
    "Appraisal",
    "Approval",
    "ApprovalKind",
    "ApprovalTraining",
    "Caseload",
    "Competency",
    "CompetencyAssessment",
    "CompetencyFramework",
    "CompetencyRequirement",
    "CpdActivity",
    "DbsCheck",
    "DrivingLicence",
    "FrameworkLevel",
    "Profession",
    "Registration",
    "RegistrationStatus",
    "RegulatorBody",
    "RevalidationPortfolio",
    "RoleProfile",
    "StaffMember",
    "SupervisionKind",
    "SupervisionSession",
    "TrainingCompletion",
]

_CODE = Text(
    min_length=1, max_length=40, pattern=r"^[A-Z0-9]+(-[A-Z0-9]+)*$", meaning="an upper-case code"
)
_LABEL = Text(min_length=1, max_length=200)


class RegulatorBody(enum.Enum):
    """A professional regulator in England."""

    NMC = "NMC"
    """Nursing and Midwifery Council (nurses and midwives)."""
    HCPC = "HCPC"
    """Health and Care Professions Council (occupational therapists, psychologists, ...)."""
    SWE = "SWE"
    """Social Work England (social workers in England, from 2 December 2019)."""


class Profession(enum.Enum):
    """A registered profession, as the rule tables key it."""

    MENTAL_HEALTH_NURSE = "mental-health-nurse"
    LEARNING_DISABILITY_NURSE = "learning-disability-nurse"
    ADULT_NURSE = "adult-nurse"
    OCCUPATIONAL_THERAPIST = "occupational-therapist"
    PRACTITIONER_PSYCHOLOGIST = "practitioner-psychologist"
    SOCIAL_WORKER = "social-worker"
    DOCTOR = "doctor"


class RegistrationStatus(enum.Enum):
    """A registration's status on the regulator's register."""

    REGISTERED = "registered"
    CONDITIONS = "conditions"
    """Registered with conditions of practice."""
    SUSPENDED = "suspended"
    LAPSED = "lapsed"
    REMOVED = "removed"


class SupervisionKind(enum.Enum):
    """The kinds of supervision the seeds and the reference name."""

    CLINICAL = "clinical"
    MANAGERIAL = "managerial"
    CASELOAD = "caseload"


class ApprovalKind(enum.Enum):
    """A statutory approval held by a practitioner."""

    AMHP = "AMHP"
    """Approved Mental Health Professional (Mental Health Act 1983, approved by an LSSA)."""
    BIA = "BIA"
    """Best Interests Assessor (DoLS, Mental Capacity Act 2005 Schedule A1)."""


class AmhpEndReason(enum.Enum):
    """Why an AMHP approval ended before its term (reg 5 of the approval regulations)."""

    STOPPED_ACTING_FOR_LSSA = "stopped-acting-for-lssa"
    BREACHED_CONDITION = "breached-condition"
    LOST_COMPETENCE = "lost-competence"
    PROFESSIONAL_REQUIREMENTS_NOT_MET = "professional-requirements-not-met"
    APPROVED_BY_ANOTHER_LSSA = "approved-by-another-lssa"
    REQUESTED_IN_WRITING = "requested-in-writing"


@attrs.frozen(kw_only=True)
class CpdActivity:
    """One piece of continuing professional development.

    Attributes:
        completed_on: The day it was completed.
        hours: Hours spent, when recorded.
        participatory: Whether it involved interaction with others (NMC "participatory").
        peer_reflection: Whether it was reflected on with a peer (Social Work England).
    """

    completed_on: date
    hours: float | None = attrs.field(default=None, validator=Number(minimum=0, maximum=1000))
    participatory: bool = False
    peer_reflection: bool = False


@attrs.frozen(kw_only=True)
class RevalidationPortfolio:
    """NMC revalidation evidence gathered in the current three-year cycle.

    Attributes:
        practice_hours: Hours of practice in the cycle.
        dual_registration: Whether the registrant is both a nurse and a midwife.
        feedback_count: Pieces of practice-related feedback.
        reflective_accounts: Written reflective accounts.
        reflective_discussion_on: Day of the reflective discussion with another registrant.
        health_character_declared: Whether the health and character declaration is made.
        indemnity_declared: Whether professional indemnity is declared.
        confirmed_on: Day a confirmer confirmed the revalidation.
    """

    practice_hours: float = attrs.field(default=0, validator=Number(minimum=0, maximum=20000))
    dual_registration: bool = False
    feedback_count: int = attrs.field(default=0, validator=Number(minimum=0, maximum=1000))
    reflective_accounts: int = attrs.field(default=0, validator=Number(minimum=0, maximum=1000))
    reflective_discussion_on: date | None = None
    health_character_declared: bool = False
    indemnity_declared: bool = False
    confirmed_on: date | None = None


@attrs.frozen(kw_only=True)
class Registration:
    """A practitioner's registration with a professional regulator.

    Attributes:
        body: The regulator.
        profession: The profession registered.
        registration_number: The regulator's number (a PIN), as recorded.
        status: Status on the register.
        registered_on: First day of registration in this profession, when known.
        expires_on: Last day the current registration period runs to (NMC: the renewal
            date; HCPC: the end of the profession's two-year cycle; Social Work England:
            30 November).
        revalidation_due: NMC only: the day the current three-year revalidation cycle ends.
        portfolio: NMC only: revalidation evidence for the current cycle.
        cpd: Continuing professional development recorded.
    """

    body: RegulatorBody
    profession: Profession
    registration_number: str = attrs.field(validator=_ID)
    status: RegistrationStatus = RegistrationStatus.REGISTERED
    registered_on: date | None = None
    expires_on: date
    revalidation_due: date | None = None
    portfolio: RevalidationPortfolio | None = None
    cpd: tuple[CpdActivity, ...] = attrs.field(default=(), validator=Items(max_items=500))

    def __attrs_post_init__(self) -> None:
        if self.registered_on is not None and self.expires_on < self.registered_on:
            raise CpaCoreError("registration cannot expire before it starts")


@attrs.frozen(kw_only=True)
class TrainingCompletion:
    """One completed course of a training subject.

    Attributes:
        subject: Subject code (``FIRE``, ``SG-CHILD-L3``, ``OMMT-T2`` or a Trust code).
        completed_on: The day it was completed.
        hours: Hours of learning, when recorded.
        expires_on: Expiry stated by the training record, overriding the computed one.
    """

    subject: str = attrs.field(validator=_CODE)
    completed_on: date
    hours: float | None = attrs.field(default=None, validator=Number(minimum=0, maximum=1000))
    expires_on: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.expires_on is not None and self.expires_on < self.completed_on:
            raise CpaCoreError("training cannot expire before it was completed")


@attrs.frozen(kw_only=True)
class SupervisionSession:
    """One supervision session received.

    Attributes:
        kind: Clinical, managerial (line management) or caseload.
        held_on: The day it was held.
        supervisor_id: Staff id of the supervisor.
    """

    kind: SupervisionKind
    held_on: date
    supervisor_id: str | None = attrs.field(default=None, validator=_ID)


@attrs.frozen(kw_only=True)
class Appraisal:
    """An appraisal (personal development review).

    Attributes:
        held_on: The day it was held.
        reviewer_id: Staff id of the appraiser.
    """

    held_on: date
    reviewer_id: str | None = attrs.field(default=None, validator=_ID)


@attrs.frozen(kw_only=True)
class ApprovalTraining:
    """Training that counts towards keeping an approval (AMHP hours, BIA refresher).

    Attributes:
        completed_on: The day it was completed.
        hours: Hours of training.
    """

    completed_on: date
    hours: float = attrs.field(validator=Number(minimum=0, maximum=1000))


@attrs.frozen(kw_only=True)
class Approval:
    """An AMHP or BIA approval.

    Attributes:
        kind: AMHP or BIA.
        approved_by: Code of the approving body (the local social services authority).
        approved_on: First day of the approval.
        expires_on: Last day of the approval, as the approving body set it; when absent the
            national period is used (AMHP).
        initial_training_on: Day the approved initial training (AMHP or BIA course) was
            completed.
        training: Further training that keeps the approval.
        ended_on: Day the approval ended early, if it did.
        end_reason: Why an AMHP approval ended early.
    """

    kind: ApprovalKind
    approved_by: str | None = attrs.field(default=None, validator=_ID)
    approved_on: date
    expires_on: date | None = None
    initial_training_on: date | None = None
    training: tuple[ApprovalTraining, ...] = attrs.field(default=(), validator=Items(max_items=500))
    ended_on: date | None = None
    end_reason: AmhpEndReason | None = None

    def __attrs_post_init__(self) -> None:
        if self.expires_on is not None and self.expires_on < self.approved_on:
            raise CpaCoreError("approval cannot expire before it starts")
        if self.ended_on is not None and self.ended_on < self.approved_on:
            raise CpaCoreError("approval cannot end before it starts")


@attrs.frozen(kw_only=True)
class DbsCheck:
    """A Disclosure and Barring Service check.

    Attributes:
        level: The level of check as the Trust records it (e.g. "enhanced"); a level
            containing the word "enhanced" meets a role that requires an enhanced check.
        issued_on: Day the certificate was issued.
        update_service: Whether the certificate is on the DBS update service.
    """

    level: str = attrs.field(validator=Text(min_length=1, max_length=60))
    issued_on: date
    update_service: bool = False


@attrs.frozen(kw_only=True)
class DrivingLicence:
    """A check of a driving licence and business-use insurance.

    Attributes:
        checked_on: Day the licence was checked.
        valid_until: Last day of the licence's validity, when known.
        business_insurance: Whether business-use insurance was seen.
    """

    checked_on: date
    valid_until: date | None = None
    business_insurance: bool = False


@attrs.frozen(kw_only=True)
class Caseload:
    """The caseload a care coordinator holds.

    Attributes:
        recorded_on: Day the count was taken.
        count: People held as care coordinator or key worker.
        weighted: The weighted score on the Trust's own tool, when used.
    """

    recorded_on: date
    count: int = attrs.field(validator=Number(minimum=0, maximum=10000))
    weighted: float | None = attrs.field(default=None, validator=Number(minimum=0))


@attrs.frozen(kw_only=True)
class CompetencyAssessment:
    """An assessed level in one competency of a framework.

    Attributes:
        framework_id: The framework (``KSF``, a Trust framework id).
        competency: The competency code within it (``C1``).
        level: The level reached.
        assessed_on: The day it was assessed.
        assessor_id: Staff id of the assessor.
        evidence_type: The kind of evidence, from the framework's list.
    """

    framework_id: str = attrs.field(validator=_CODE)
    competency: str = attrs.field(validator=_CODE)
    level: int = attrs.field(validator=Number(minimum=0, maximum=10))
    assessed_on: date
    assessor_id: str | None = attrs.field(default=None, validator=_ID)
    evidence_type: str | None = attrs.field(default=None, validator=_LABEL)


@attrs.frozen(kw_only=True)
class StaffMember:
    """What the Trust knows about one member of staff for competency checks.

    Attributes:
        kind: Always ``staff-member``.
        staff_id: The staff id.
        team_code: The team, e.g. ``RIV-CMHT``.
        job_title: The post's title.
        band: Agenda for Change band, when the post has one.
        started_on: First day in post.
        role_profiles: Codes of the role profiles the post holder must meet
            (``B6-CC-NURSE``, ``AMHP``, ``BIA``, ``CLINICAL-SUPERVISOR``).
        allocated_as_care_coordinator: Whether the person currently holds a caseload as
            care coordinator or key worker.
        registrations: Professional registrations.
        training: Training completions.
        supervision: Supervision sessions received.
        appraisals: Appraisals held.
        approvals: AMHP and BIA approvals.
        competencies: Assessed competency levels.
        dbs: The latest DBS check.
        driving_licence: The latest driving licence check.
        caseload: The latest caseload count.
        supervisees: Staff ids of the people this person supervises.
    """

    kind: Literal["staff-member"] = "staff-member"
    staff_id: str = attrs.field(validator=_ID)
    team_code: str | None = attrs.field(default=None, validator=_ID)
    job_title: str | None = attrs.field(default=None, validator=_LABEL)
    band: int | None = attrs.field(default=None, validator=Number(minimum=1, maximum=9))
    started_on: date | None = None
    role_profiles: tuple[str, ...] = attrs.field(
        default=(), validator=Items(max_items=20, each=_CODE)
    )
    allocated_as_care_coordinator: bool = False
    registrations: tuple[Registration, ...] = attrs.field(default=(), validator=Items(max_items=10))
    training: tuple[TrainingCompletion, ...] = attrs.field(
        default=(), validator=Items(max_items=2000)
    )
    supervision: tuple[SupervisionSession, ...] = attrs.field(
        default=(), validator=Items(max_items=2000)
    )
    appraisals: tuple[Appraisal, ...] = attrs.field(default=(), validator=Items(max_items=200))
    approvals: tuple[Approval, ...] = attrs.field(default=(), validator=Items(max_items=20))
    competencies: tuple[CompetencyAssessment, ...] = attrs.field(
        default=(), validator=Items(max_items=500)
    )
    dbs: DbsCheck | None = None
    driving_licence: DrivingLicence | None = None
    caseload: Caseload | None = None
    supervisees: tuple[str, ...] = attrs.field(default=(), validator=Items(max_items=100, each=_ID))


@attrs.frozen(kw_only=True)
class FrameworkLevel:
    """One level of a competency framework.

    Attributes:
        level: The level's number.
        descriptor: The framework's own short descriptor, when it is free to reproduce.
    """

    level: int = attrs.field(validator=Number(minimum=0, maximum=10))
    descriptor: str | None = attrs.field(default=None, validator=_LABEL)


@attrs.frozen(kw_only=True)
class Competency:
    """One competency (a KSF dimension, a care-coordination function).

    Attributes:
        code: The competency's code within its framework (``C1``).
        title: The competency's title as the framework names it.
        group: The group it belongs to (``core``, ``HWB``), when the framework groups them.
        core: Whether every post needs it.
    """

    code: str = attrs.field(validator=_CODE)
    title: str = attrs.field(validator=_LABEL)
    group: str | None = attrs.field(default=None, validator=_LABEL)
    core: bool = False


@attrs.frozen(kw_only=True)
class CompetencyFramework:
    """A competency framework: competencies, levels and accepted evidence.

    Attributes:
        kind: Always ``competency-framework``.
        framework_id: The framework's code (``KSF``, ``CC-CORE``, a Trust code).
        title: The framework's title.
        version: The edition or version.
        levels: The levels, lowest first.
        competencies: The competencies; empty when the content is not available.
        evidence_types: The kinds of evidence accepted; empty when the framework sets none.
        notes: What is known to be missing or how to use it.
        source: Where the framework comes from.
        effective: When it is in force.
    """

    kind: Literal["competency-framework"] = "competency-framework"
    framework_id: str = attrs.field(validator=_CODE)
    title: str = attrs.field(validator=_LABEL)
    version: str | None = attrs.field(default=None, validator=_LABEL)
    levels: tuple[FrameworkLevel, ...] = attrs.field(default=(), validator=Items(max_items=10))
    competencies: tuple[Competency, ...] = attrs.field(default=(), validator=Items(max_items=500))
    evidence_types: tuple[str, ...] = attrs.field(
        default=(), validator=Items(max_items=50, each=_LABEL)
    )
    notes: str | None = attrs.field(default=None, validator=Text(max_length=2000))
    source: Source
    effective: Effective

    def __attrs_post_init__(self) -> None:
        codes = [c.code for c in self.competencies]
        if len(set(codes)) != len(codes):
            raise CpaCoreError("a framework lists a competency code twice")

    def competency(self, code: str) -> Competency | None:
        """The competency with ``code``, or ``None``."""
        return next((c for c in self.competencies if c.code == code), None)


@attrs.frozen(kw_only=True)
class CompetencyRequirement:
    """A minimum level in one competency that a role needs.

    Attributes:
        framework_id: The framework.
        competency: The competency code.
        minimum_level: The lowest acceptable level.
    """

    framework_id: str = attrs.field(validator=_CODE)
    competency: str = attrs.field(validator=_CODE)
    minimum_level: int = attrs.field(validator=Number(minimum=0, maximum=10))


@attrs.frozen(kw_only=True)
class RoleProfile:
    """What a role needs: registration, training, approvals, competencies and checks.

    Attributes:
        kind: Always ``role-profile``.
        code: The profile's code (``B6-CC-NURSE``).
        title: The role's title.
        professions: Professions that may hold the role; empty means any.
        registration_required: Whether a current professional registration is required.
        minimum_band: Lowest Agenda for Change band, when the role has one.
        training: Mandatory training subject codes.
        approvals: Approvals required.
        competencies: Minimum competency levels.
        competencies_advisory: Whether the competency requirements only advise (they come
            from an unverified example) rather than block.
        enhanced_dbs_required: Whether an enhanced DBS check is required.
        driving_required: Whether a driving licence is required.
        coordinates_care: Whether the role may be allocated as care coordinator.
        source: Where the requirements come from.
        effective: When the profile is in force.
    """

    kind: Literal["role-profile"] = "role-profile"
    code: str = attrs.field(validator=_CODE)
    title: str = attrs.field(validator=_LABEL)
    professions: tuple[Profession, ...] = attrs.field(default=(), validator=Items(max_items=10))
    registration_required: bool = True
    minimum_band: int | None = attrs.field(default=None, validator=Number(minimum=1, maximum=9))
    training: tuple[str, ...] = attrs.field(default=(), validator=Items(max_items=100, each=_CODE))
    approvals: tuple[ApprovalKind, ...] = attrs.field(default=(), validator=Items(max_items=5))
    competencies: tuple[CompetencyRequirement, ...] = attrs.field(
        default=(), validator=Items(max_items=100)
    )
    competencies_advisory: bool = False
    enhanced_dbs_required: bool = False
    driving_required: bool = False
    coordinates_care: bool = False
    source: Source
    effective: Effective
