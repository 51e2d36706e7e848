"""The staff member record, and the parts of it no other sub-area owns.

A :class:`StaffMember` is what a Trust's workforce system knows about one practitioner on
the day of the extract: registrations, training completions, supervision, appraisal,
approvals, DBS, driving licence and caseload. :class:`Eligibility` and :class:`TeamSummary`
are the results of the care-coordinator eligibility decision and the team summary.
"""

from __future__ import annotations

import enum
from datetime import date
from typing import Literal

import attrs

from cpa_core.competency.approvals.models import Approval
from cpa_core.competency.frameworks.models import LABEL, CompetencyAssessment
from cpa_core.competency.registration.models import Registration
from cpa_core.competency.training.models import CODE, TrainingCompletion
from cpa_core.constraints import IDENTIFIER, Items, Number, Text
from cpa_core.findings import Finding

__all__ = [
    "Appraisal",
    "Caseload",
    "DbsCheck",
    "DrivingLicence",
    "Eligibility",
    "PersonCompliance",
    "StaffMember",
    "SubjectCompliance",
    "SupervisionKind",
    "SupervisionSession",
    "TeamSummary",
]


class SupervisionKind(enum.Enum):
    """The kinds of supervision the seeds and the reference name."""

    CLINICAL = "clinical"
    """Clinical supervision."""
    MANAGERIAL = "managerial"
    """Managerial (line-management) supervision."""
    CASELOAD = "caseload"
    """Caseload (case-management) supervision."""


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
    supervisor_id: str | None = attrs.field(default=None, validator=IDENTIFIER)


@attrs.frozen(kw_only=True)
class Appraisal:
    """An appraisal (personal development review).

    Attributes:
        held_on: The day it was held.
        reviewer_id: Staff id of the appraiser.
    """

    held_on: date
    reviewer_id: str | None = attrs.field(default=None, validator=IDENTIFIER)


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
    staff_id: str = attrs.field(validator=IDENTIFIER)
    team_code: str | None = attrs.field(default=None, validator=IDENTIFIER)
    job_title: str | None = attrs.field(default=None, validator=LABEL)
    band: int | None = attrs.field(default=None, validator=Number(minimum=1, maximum=9))
    started_on: date | None = None
    role_profiles: tuple[str, ...] = attrs.field(
        default=(), validator=Items(max_items=20, each=CODE)
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
    supervisees: tuple[str, ...] = attrs.field(
        default=(), validator=Items(max_items=100, each=IDENTIFIER)
    )


# --- results: the eligibility decision and the team summary ----------------------------------


@attrs.frozen(kw_only=True)
class Eligibility:
    """Whether a person may be allocated as care coordinator on a date, and why not.

    Attributes:
        staff_id: The staff id.
        as_of: The date judged.
        eligible: ``True`` when no blocking reason applies.
        reasons: Every blocking reason, as findings.
        advisories: Findings that do not block (due soon, unverified or advisory rules).
    """

    staff_id: str
    as_of: date
    eligible: bool
    reasons: tuple[Finding, ...]
    advisories: tuple[Finding, ...]

    @property
    def reason_codes(self) -> tuple[str, ...]:
        """The codes of the blocking reasons, in order, each once."""
        return tuple(dict.fromkeys(f.code for f in self.reasons))


@attrs.frozen(kw_only=True)
class SubjectCompliance:
    """Compliance with one mandatory subject across a team.

    Attributes:
        subject: The subject code.
        required: How many people need it.
        in_date: How many are in date (including those expiring soon).
        expiring: How many reach the refresher date within the look-ahead window.
        expired: How many are past it.
        missing: How many have no completion.
    """

    subject: str
    required: int
    in_date: int
    expiring: int
    expired: int
    missing: int

    @property
    def rate(self) -> float:
        """Share of those who need it who are in date (1.0 when nobody needs it)."""
        return self.in_date / self.required if self.required else 1.0


@attrs.frozen(kw_only=True)
class PersonCompliance:
    """One person's compliance, for a manager's view.

    Attributes:
        staff_id: The staff id.
        subjects_required: Mandatory subjects required.
        subjects_in_date: Of those, in date.
        errors: Error findings.
        warnings: Warning findings.
        eligible_to_coordinate: The eligibility decision, or ``None`` when the person holds
            no care-coordinator profile.
        reason_codes: The blocking reasons' codes when not eligible.
        next_due: The earliest due date among the person's findings.
    """

    staff_id: str
    subjects_required: int
    subjects_in_date: int
    errors: int
    warnings: int
    eligible_to_coordinate: bool | None
    reason_codes: tuple[str, ...]
    next_due: date | None


@attrs.frozen(kw_only=True)
class TeamSummary:
    """Compliance per subject and per person, as of a date.

    Attributes:
        as_of: The date.
        people: One row per person, in input order.
        subjects: One row per required subject, sorted by code.
    """

    as_of: date
    people: tuple[PersonCompliance, ...]
    subjects: tuple[SubjectCompliance, ...]

    def render_text(self) -> str:
        """A plain-text table for managers."""
        lines = [f"Staff compliance as of {self.as_of.isoformat()}", "", "Per person:"]
        for p in self.people:
            elig = {None: "n/a", True: "yes", False: "NO"}[p.eligible_to_coordinate]
            why = f" ({', '.join(p.reason_codes)})" if p.reason_codes else ""
            lines.append(
                f"  {p.staff_id}: training {p.subjects_in_date}/{p.subjects_required}, "
                f"{p.errors} errors, {p.warnings} warnings, may coordinate: {elig}{why}"
            )
        lines += ["", "Per subject:"]
        for s in self.subjects:
            lines.append(
                f"  {s.subject}: {s.in_date}/{s.required} in date ({s.rate:.0%}), "
                f"{s.expiring} expiring, {s.expired} expired, {s.missing} missing"
            )
        return "\n".join(lines) + "\n"
