"""The staff member's checks, the care-coordinator eligibility decision and the team summary.

Every check is a pure function of a :class:`~cpa_core.competency.StaffMember`, a
:class:`~cpa_core.context.CheckContext` (judged on its London day) and the Trust's policy,
and yields findings. Deadlines are *last acceptable days* (inclusive). The sub-areas'
checks (registration, training, approvals, role profiles) are run from here, once for the
person's profiles and once for their care-coordinator profiles.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime

from cpa_core import statutory_time
from cpa_core.competency.approvals import checks as approvals
from cpa_core.competency.frameworks import checks as frameworks
from cpa_core.competency.frameworks.models import RoleProfile
from cpa_core.competency.frameworks.rules import CPA_CORE_PROFILE, JOB_DESCRIPTIONS
from cpa_core.competency.registration import checks as registration
from cpa_core.competency.staff.models import (
    Eligibility,
    PersonCompliance,
    StaffMember,
    SubjectCompliance,
    SupervisionKind,
    TeamSummary,
)
from cpa_core.competency.training import checks as training
from cpa_core.context import CheckContext
from cpa_core.findings import Deadline, Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy._settings import CPA_CORE_DEFAULT
from cpa_core.policy.competency import HPFT_SUPERVISION, SUPERVISION_NORM
from cpa_core.records import RecordKind

__all__ = [
    "FINDING_CODES",
    "STAFF_MEMBER",
    "check_staff_member",
    "coordinator_eligibility",
    "staff_member_audit",
    "staff_member_rules",
    "team_summary",
]

SUPERVISION_OVERDUE = FindingCode(
    "STAFF-SUPERVISION-OVERDUE",
    Severity.WARNING,
    "The gap since the last supervision of a kind exceeds the Trust's interval.",
    source=SUPERVISION_NORM,
)
APPRAISAL_OVERDUE = FindingCode(
    "STAFF-APPRAISAL-OVERDUE",
    Severity.WARNING,
    "The gap since the last appraisal exceeds the Trust's interval.",
    source=HPFT_SUPERVISION,
)
DBS_MISSING = FindingCode(
    "STAFF-DBS-MISSING",
    Severity.WARNING,
    "The role needs an enhanced DBS check and none (or a lower level) is recorded.",
    source=JOB_DESCRIPTIONS,
)
DBS_RECHECK_DUE = FindingCode(
    "STAFF-DBS-RECHECK-DUE",
    Severity.WARNING,
    "The DBS certificate is older than the Trust's re-check period.",
    source=CPA_CORE_DEFAULT,
)
DRIVING_LICENCE_INVALID = FindingCode(
    "STAFF-DRIVING-LICENCE-INVALID",
    Severity.WARNING,
    "The role needs driving and the licence check is missing, expired or out of date.",
    source=JOB_DESCRIPTIONS,
)
CASELOAD_ABOVE_CAP = FindingCode(
    "STAFF-CASELOAD-ABOVE-CAP",
    Severity.WARNING,
    "The caseload (count or weighted score) is above the Trust's cap.",
    source=CPA_CORE_DEFAULT,
)
NOT_COORDINATOR_ROLE = FindingCode(
    "STAFF-NOT-COORDINATOR-ROLE",
    Severity.WARNING,
    "The person holds no role profile that may be allocated as care coordinator.",
    source=CPA_CORE_PROFILE,
)
COORDINATOR_INELIGIBLE = FindingCode(
    "STAFF-COORDINATOR-INELIGIBLE",
    Severity.ERROR,
    "The person is allocated as care coordinator but is not eligible on the date (a warning "
    "when no blocking reason is itself an error, e.g. only V2/U defaults or Trust choices).",
)

FINDING_CODES: tuple[FindingCode, ...] = (
    registration.REGISTRATION_MISSING,
    registration.REGISTRATION_LAPSED,
    registration.REGISTRATION_RESTRICTED,
    registration.REGISTRATION_RENEWAL_DUE,
    registration.REGISTRATION_WRONG_REGULATOR,
    registration.HCPC_CYCLE_MISMATCH,
    registration.REVALIDATION_DATE_MISSING,
    registration.REVALIDATION_DUE,
    registration.REVALIDATION_OVERDUE,
    registration.REVALIDATION_EVIDENCE_SHORT,
    registration.CPD_SHORT,
    training.TRAINING_MISSING,
    training.TRAINING_EXPIRED,
    training.TRAINING_EXPIRING,
    training.TRAINING_NO_PERIOD,
    training.TRAINING_HOURS_SHORT,
    SUPERVISION_OVERDUE,
    APPRAISAL_OVERDUE,
    approvals.APPROVAL_MISSING,
    approvals.APPROVAL_EXPIRED,
    approvals.APPROVAL_EXPIRING,
    approvals.APPROVAL_PROFESSION,
    approvals.AMHP_TRAINING_SHORT,
    approvals.BIA_REFRESHER_OVERDUE,
    approvals.BIA_EXPERIENCE_SHORT,
    DBS_MISSING,
    DBS_RECHECK_DUE,
    DRIVING_LICENCE_INVALID,
    CASELOAD_ABOVE_CAP,
    frameworks.COMPETENCY_BELOW_LEVEL,
    frameworks.PROFILE_MISMATCH,
    frameworks.PROFILE_UNKNOWN,
    NOT_COORDINATOR_ROLE,
    COORDINATOR_INELIGIBLE,
)
"""Every code the area's checks give, registration, training and approvals first."""

# Findings that stop a person being allocated as care coordinator. Due-soon findings never
# do; advisory ones (unverified competency levels, supervision unless the Trust says so) are
# reported beside the decision. A suspended registration blocks (it is an error); conditions
# of practice do not (a warning).
_BLOCKING = frozenset(
    code.code
    for code in (
        registration.REGISTRATION_MISSING,
        registration.REGISTRATION_LAPSED,
        registration.REVALIDATION_OVERDUE,
        registration.REGISTRATION_WRONG_REGULATOR,
        training.TRAINING_MISSING,
        training.TRAINING_EXPIRED,
        approvals.APPROVAL_MISSING,
        approvals.APPROVAL_EXPIRED,
        DBS_MISSING,
        DRIVING_LICENCE_INVALID,
        CASELOAD_ABOVE_CAP,
        frameworks.PROFILE_MISMATCH,
        NOT_COORDINATOR_ROLE,
    )
)

_SUPERVISION = Deadline(SUPERVISION_OVERDUE)
_APPRAISAL = Deadline(APPRAISAL_OVERDUE)
_DBS_RECHECK = Deadline(DBS_RECHECK_DUE)
_DRIVING = Deadline(DRIVING_LICENCE_INVALID)


def _if_due(finding: Finding | None) -> Iterator[Finding]:
    """The finding a deadline gave, if it has fallen due."""
    if finding is not None:
        yield finding


# --- supervision, appraisal ------------------------------------------------------------------


def _supervision(
    staff: StaffMember, ctx: CheckContext, kinds: Iterable[SupervisionKind]
) -> Iterator[Finding]:
    """Each kind of supervision: due a Trust-set number of days after the last session.

    Counting kind: whole London calendar days after the last session (or after the first
    day in post when no session is recorded; nothing is judged without either).
    """
    c = ctx.policy.competency
    intervals = {
        SupervisionKind.CLINICAL: c.clinical_supervision_days,
        SupervisionKind.MANAGERIAL: c.managerial_supervision_days,
        SupervisionKind.CASELOAD: c.caseload_supervision_days,
    }
    for kind in kinds:
        held = [s.held_on for s in staff.supervision if s.kind is kind and s.held_on <= ctx.day]
        anchor = max(held) if held else staff.started_on
        if anchor is None:
            continue
        yield from _if_due(
            _SUPERVISION.check(
                statutory_time.add_days(anchor, intervals[kind]),
                ctx.day,
                0,
                overdue=f"{kind.value} supervision overdue (interval {intervals[kind]} days)",
                path="$.supervision",
                subject_id=staff.staff_id,
            )
        )


def _appraisal(staff: StaffMember, ctx: CheckContext) -> Iterator[Finding]:
    """Appraisal due the Trust's number of months after the last (or after starting)."""
    held = [a.held_on for a in staff.appraisals if a.held_on <= ctx.day]
    anchor = max(held) if held else staff.started_on
    if anchor is None:
        return
    due = statutory_time.add_months(anchor, ctx.policy.competency.appraisal_months)
    yield from _if_due(
        _APPRAISAL.check(
            due,
            ctx.day,
            0,
            overdue="appraisal overdue",
            path="$.appraisals",
            subject_id=staff.staff_id,
        )
    )


# --- DBS, driving, caseload ------------------------------------------------------------------


def _employment(
    staff: StaffMember, ctx: CheckContext, profiles: tuple[RoleProfile, ...]
) -> Iterator[Finding]:
    """DBS, driving licence, caseload, then the band and competency levels of each profile."""
    who, day, c = staff.staff_id, ctx.day, ctx.policy.competency
    dbs = staff.dbs
    if any(p.enhanced_dbs_required for p in profiles) and (
        dbs is None or "enhanced" not in dbs.level.lower()
    ):
        yield DBS_MISSING.finding("no enhanced DBS check recorded", path="$.dbs", subject_id=who)
    if dbs is not None and c.dbs_recheck_months is not None:
        due = statutory_time.add_months(dbs.issued_on, c.dbs_recheck_months)
        if not dbs.update_service:
            yield from _if_due(
                _DBS_RECHECK.check(
                    due,
                    day,
                    0,
                    overdue="DBS certificate is due for re-check",
                    path="$.dbs",
                    subject_id=who,
                )
            )
    if any(p.driving_required for p in profiles):
        yield from _driving(staff, ctx)
    yield from _caseload(staff, ctx.policy)
    yield from frameworks.profile_findings(staff, ctx, profiles)


def _driving(staff: StaffMember, ctx: CheckContext) -> Iterator[Finding]:
    licence, who = staff.driving_licence, staff.staff_id
    if licence is None or licence.checked_on > ctx.day:
        yield DRIVING_LICENCE_INVALID.finding(
            "no driving licence check recorded", path="$.driving_licence", subject_id=who
        )
        return
    if licence.valid_until is not None:
        expired = _DRIVING.check(
            licence.valid_until,
            ctx.day,
            0,
            overdue="driving licence has expired",
            path="$.driving_licence.valid_until",
            subject_id=who,
        )
        if expired is not None:
            yield expired
            return
    months = ctx.policy.competency.driving_licence_check_months
    if months is not None:
        yield from _if_due(
            _DRIVING.check(
                statutory_time.add_months(licence.checked_on, months),
                ctx.day,
                0,
                overdue="driving licence check is out of date",
                path="$.driving_licence.checked_on",
                subject_id=who,
            )
        )


def _caseload(staff: StaffMember, policy: TrustPolicy) -> Iterator[Finding]:
    caseload, c = staff.caseload, policy.competency
    if caseload is None:
        return
    if c.caseload_cap is not None and caseload.count > c.caseload_cap:
        yield CASELOAD_ABOVE_CAP.finding(
            f"caseload {caseload.count} is above the Trust cap of {c.caseload_cap}",
            path="$.caseload.count",
            subject_id=staff.staff_id,
        )
    cap, weighted = c.caseload_weight_cap, caseload.weighted
    if cap is not None and weighted is not None and weighted > cap:
        yield CASELOAD_ABOVE_CAP.finding(
            f"weighted caseload {weighted:g} is above the Trust cap of {cap:g}",
            path="$.caseload.weighted",
            subject_id=staff.staff_id,
        )


# --- one staff member ------------------------------------------------------------------------


def _dated(
    staff: StaffMember, ctx: CheckContext, profiles: Mapping[str, RoleProfile] | None
) -> Iterator[Finding]:
    """Every dated check of one staff member against their profiles (not the decision)."""
    mine, unknown = frameworks.profiles_for(staff, ctx.day, ctx.policy, profiles)
    # Supervision is judged for practitioners holding a role profile; caseload supervision
    # only while they hold a caseload.
    kinds: list[SupervisionKind] = []
    if mine:
        kinds += [SupervisionKind.CLINICAL, SupervisionKind.MANAGERIAL]
    if staff.allocated_as_care_coordinator:
        kinds.append(SupervisionKind.CASELOAD)
    yield from frameworks.unknown_profiles(staff, unknown)
    yield from registration.registration_findings(staff, ctx, mine)
    yield from training.training_findings(staff, ctx, mine)
    yield from _supervision(staff, ctx, kinds)
    yield from _appraisal(staff, ctx)
    yield from approvals.approval_findings(staff, ctx, mine)
    yield from _employment(staff, ctx, mine)


def staff_member_rules(record: StaffMember, _policy: TrustPolicy) -> Iterator[Finding]:
    """Undated consistency: each registration's regulator registers its profession."""
    return registration.registration_consistency(record)


def staff_member_audit(record: StaffMember, ctx: CheckContext) -> Iterator[Finding]:
    """The caseload audit's checks of a staff record, judged on the London day of ``ctx``.

    Adds ``STAFF-COORDINATOR-INELIGIBLE`` when the person is allocated as care coordinator
    but is not eligible, naming every blocking reason's code.
    """
    return _audit(record, ctx, None)


def _audit(
    record: StaffMember, ctx: CheckContext, profiles: Mapping[str, RoleProfile] | None
) -> Iterator[Finding]:
    yield from _dated(record, ctx, profiles)
    if record.allocated_as_care_coordinator:
        decision = _eligibility(record, ctx, profiles)
        if not decision.eligible:
            # Reasons resting on V2/U defaults or Trust choices are warnings; the allocation
            # must not become an error through them.
            hard = any(f.severity is Severity.ERROR for f in decision.reasons)
            yield COORDINATOR_INELIGIBLE.finding(
                "allocated as care coordinator but not eligible: "
                + ", ".join(decision.reason_codes),
                path="$.allocated_as_care_coordinator",
                subject_id=record.staff_id,
                severity=None if hard else Severity.WARNING,
            )


def check_staff_member(
    record: StaffMember,
    as_of: date | datetime,
    policy: TrustPolicy | None = None,
    *,
    profiles: Mapping[str, RoleProfile] | None = None,
) -> Report:
    """Every check of one staff record: its consistency and what falls due on ``as_of``.

    Without ``profiles``, the same report as :func:`cpa_core.due <cpa_core.validation.due>` gives.

    Args:
        record: The staff member.
        as_of: The instant of the check; a date means the start of that day in London.
        policy: The Trust's policy; national defaults when omitted.
        profiles: The Trust's role profiles by code; the defaults in force when omitted.
    """
    ctx = CheckContext.at(as_of, policy)
    return Report.of(staff_member_rules(record, ctx.policy), _audit(record, ctx, profiles))


# --- eligibility to coordinate care ----------------------------------------------------------


def coordinator_eligibility(
    staff: StaffMember,
    as_of: date | datetime,
    policy: TrustPolicy | None = None,
    profiles: Mapping[str, RoleProfile] | None = None,
) -> Eligibility:
    """Whether ``staff`` may be allocated as care coordinator on ``as_of``, with every reason.

    England has no statutory eligibility rule for a care coordinator (the statutory one is
    Welsh); the decision applies the person's care-coordinator role profile: a current
    registration in an allowed profession (not lapsed, not suspended, revalidation not
    overdue), the band, every mandatory subject in date, required approvals, enhanced DBS,
    driving licence, and a caseload not above the Trust's cap. Overdue clinical supervision
    blocks only when ``supervision_blocks_eligibility`` is set. Competency levels from an
    unverified example never block. A datetime ``as_of`` is judged on its London day.
    """
    return _eligibility(staff, CheckContext.at(as_of, policy), profiles)


def _eligibility(
    staff: StaffMember, ctx: CheckContext, profiles: Mapping[str, RoleProfile] | None
) -> Eligibility:
    mine, _ = frameworks.profiles_for(staff, ctx.day, ctx.policy, profiles)
    coordinator = tuple(p for p in mine if p.coordinates_care)
    findings: list[Finding] = []
    if not coordinator:
        findings.append(
            NOT_COORDINATOR_ROLE.finding(
                "no care-coordinator role profile on the staff record",
                path="$.role_profiles",
                subject_id=staff.staff_id,
            )
        )
    findings.extend(staff_member_rules(staff, ctx.policy))
    findings.extend(registration.registration_findings(staff, ctx, coordinator))
    findings.extend(training.training_findings(staff, ctx, coordinator))
    # Only approvals the coordinator profile itself requires count: an AMHP approval
    # running out does not stop the AMHP coordinating care.
    findings.extend(approvals.required_approvals(staff, ctx, coordinator))
    findings.extend(_employment(staff, ctx, coordinator))
    findings.extend(_supervision(staff, ctx, (SupervisionKind.CLINICAL,)))
    blocking = set(_BLOCKING)
    if ctx.policy.competency.supervision_blocks_eligibility:
        blocking.add(SUPERVISION_OVERDUE.code)

    def blocks(finding: Finding) -> bool:
        if finding.code == registration.REGISTRATION_RESTRICTED.code:
            return finding.severity is Severity.ERROR
        return finding.code in blocking

    reasons = tuple(f for f in findings if blocks(f))
    return Eligibility(
        staff_id=staff.staff_id,
        as_of=ctx.day,
        eligible=not reasons,
        reasons=reasons,
        advisories=tuple(f for f in findings if not blocks(f)),
    )


# --- team summary ----------------------------------------------------------------------------


def team_summary(
    staff: Iterable[StaffMember],
    as_of: date | datetime,
    policy: TrustPolicy | None = None,
    profiles: Mapping[str, RoleProfile] | None = None,
) -> TeamSummary:
    """Compliance per mandatory subject and per person, for managers.

    A person's errors, warnings and next due date count their dated checks against their
    profiles; the eligibility decision is given for those with a care-coordinator profile.
    """
    ctx = CheckContext.at(as_of, policy)
    people: list[PersonCompliance] = []
    counts: dict[str, Counter[str]] = {}
    for member in staff:
        mine, _ = frameworks.profiles_for(member, ctx.day, ctx.policy, profiles)
        report = Report(_dated(member, ctx, profiles))
        required = training.required_training(mine)
        in_date = 0
        for code in required:
            state = training.training_state(member, code, ctx.day, ctx.policy)
            tally = counts.setdefault(code, Counter())
            tally["required"] += 1
            if state.completed_on is None:
                tally["missing"] += 1
            elif state.status is statutory_time.DueStatus.OVERDUE:
                tally["expired"] += 1
            else:
                tally["in_date"] += 1
                in_date += 1
                if state.status is statutory_time.DueStatus.DUE_SOON:
                    tally["expiring"] += 1
        decision = (
            _eligibility(member, ctx, profiles) if any(p.coordinates_care for p in mine) else None
        )
        severities = report.counts_by_severity()
        dues = [
            f.due.date() if isinstance(f.due, datetime) else f.due
            for f in report
            if f.due is not None
        ]
        people.append(
            PersonCompliance(
                staff_id=member.staff_id,
                subjects_required=len(required),
                subjects_in_date=in_date,
                errors=severities[Severity.ERROR],
                warnings=severities[Severity.WARNING],
                eligible_to_coordinate=None if decision is None else decision.eligible,
                reason_codes=() if decision is None else decision.reason_codes,
                next_due=min(dues) if dues else None,
            )
        )
    subjects = tuple(
        SubjectCompliance(
            subject=code,
            required=tally["required"],
            in_date=tally["in_date"],
            expiring=tally["expiring"],
            expired=tally["expired"],
            missing=tally["missing"],
        )
        for code, tally in sorted(counts.items())
    )
    return TeamSummary(as_of=ctx.day, people=tuple(people), subjects=subjects)


STAFF_MEMBER: RecordKind[StaffMember] = RecordKind(
    name="staff-member",
    domain="competency",
    model=StaffMember,
    description="A member of staff's registrations, training, supervision, appraisal, "
    "approvals, DBS, driving licence and caseload.",
    rules=staff_member_rules,
    audit=staff_member_audit,
)
