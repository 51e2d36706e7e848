"""Staff competency checks as of a date, the eligibility decision and the team summary.

Every check is a pure function of a :class:`~cpa_core.competency.models.StaffMember`, a
London calendar date and the Trust's policy, and yields findings. Deadlines are *last
acceptable days* (inclusive), classified with :func:`cpa_core.statutory_time.due_status`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime

import attrs

from cpa_core import statutory_time
from cpa_core.competency.models import (
    Approval,
    ApprovalKind,
    Registration,
    RegistrationStatus,
    RegulatorBody,
    RoleProfile,
    StaffMember,
    SupervisionKind,
    TrainingCompletion,
)
from cpa_core.competency.rules import (
    AMHP_SI,
    AMHP_TRAINING,
    APPROVAL_PROFESSIONS,
    APPROVAL_RULES,
    B6_KSF_EXAMPLE,
    BIA_REGS,
    CPA_CORE_PROFILE,
    HCPC_CYCLES,
    JOB_DESCRIPTIONS,
    NMC_REVALIDATION,
    NMC_REVALIDATION_CYCLES,
    PROFESSION_REGULATORS,
    REGISTRATION_REQUIREMENTS,
    REGULATORS,
    ROLE_PROFILES,
    SWE_RENEWAL,
    TRAINING_HOURS,
    TRAINING_SUBJECTS,
    TrainingSubject,
)
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy._settings import CPA_CORE_DEFAULT
from cpa_core.policy.competency import HPFT_SUPERVISION, SUPERVISION_NORM
from cpa_core.provenance import Evidence, Source
from cpa_core.records import RecordKind

__all__ = [
    "FINDING_CODES",
    "STAFF_MEMBER",
    "Eligibility",
    "PersonCompliance",
    "SubjectCompliance",
    "TeamSummary",
    "TrainingState",
    "approval_end",
    "check_appraisal",
    "check_approvals",
    "check_other",
    "check_registrations",
    "check_supervision",
    "check_training",
    "coordinator_eligibility",
    "minimum_hours",
    "profiles_for",
    "refresher_months",
    "registration_year",
    "staff_checks",
    "staff_member_audit",
    "staff_member_rules",
    "team_summary",
    "training_state",
]

_V2 = Evidence.SECONDARY

# --- finding codes ---------------------------------------------------------------------------

REGISTRATION_MISSING = FindingCode(
    "STAFF-REGISTRATION-MISSING",
    Severity.WARNING,
    "The role needs a professional registration and none is recorded for the profession.",
)
REGISTRATION_LAPSED = FindingCode(
    "STAFF-REGISTRATION-LAPSED",
    Severity.ERROR,
    "The professional registration has expired or is recorded as lapsed or removed.",
)
REGISTRATION_RESTRICTED = FindingCode(
    "STAFF-REGISTRATION-RESTRICTED",
    Severity.ERROR,
    "The registration is suspended (error) or has conditions of practice (warning).",
)
REGISTRATION_RENEWAL_DUE = FindingCode(
    "STAFF-REGISTRATION-RENEWAL-DUE",
    Severity.WARNING,
    "The registration period ends within the look-ahead window.",
)
REGISTRATION_WRONG_REGULATOR = FindingCode(
    "STAFF-REGISTRATION-WRONG-REGULATOR",
    Severity.ERROR,
    "The registration's regulator is not the one that registers the profession on that date.",
    source=PROFESSION_REGULATORS.rows[-1].source,
)
HCPC_CYCLE_MISMATCH = FindingCode(
    "STAFF-HCPC-CYCLE-MISMATCH",
    Severity.WARNING,
    "An HCPC registration's expiry is not the end of the profession's fixed two-year cycle.",
    source=HCPC_CYCLES.rows[0].source,
)
REVALIDATION_DATE_MISSING = FindingCode(
    "STAFF-REVALIDATION-DATE-MISSING",
    Severity.WARNING,
    "An NMC registration has no revalidation date recorded.",
    source=NMC_REVALIDATION,
)
REVALIDATION_DUE = FindingCode(
    "STAFF-REVALIDATION-DUE",
    Severity.WARNING,
    "NMC revalidation application date (first day of the expiry month) is near or passed.",
    source=NMC_REVALIDATION,
)
REVALIDATION_OVERDUE = FindingCode(
    "STAFF-REVALIDATION-OVERDUE",
    Severity.ERROR,
    "The NMC revalidation date has passed: the registration lapses.",
    source=NMC_REVALIDATION,
)
REVALIDATION_EVIDENCE_SHORT = FindingCode(
    "STAFF-REVALIDATION-EVIDENCE-SHORT",
    Severity.WARNING,
    "Revalidation is near and the portfolio lacks required NMC evidence.",
    source=NMC_REVALIDATION,
)
CPD_SHORT = FindingCode(
    "STAFF-CPD-SHORT",
    Severity.WARNING,
    "Social Work England renewal window is open and the year's CPD is short.",
    source=SWE_RENEWAL,
)
TRAINING_MISSING = FindingCode(
    "STAFF-TRAINING-MISSING",
    Severity.WARNING,
    "A mandatory training subject of the role has no completion recorded.",
)
TRAINING_EXPIRED = FindingCode(
    "STAFF-TRAINING-EXPIRED",
    Severity.WARNING,
    "A mandatory training subject is past its refresher date.",
)
TRAINING_EXPIRING = FindingCode(
    "STAFF-TRAINING-EXPIRING",
    Severity.WARNING,
    "A mandatory training subject reaches its refresher date within the look-ahead window.",
)
TRAINING_NO_PERIOD = FindingCode(
    "STAFF-TRAINING-NO-PERIOD",
    Severity.INFO,
    "A mandatory subject has no refresher period (set locally) and the Trust has set none.",
)
TRAINING_HOURS_SHORT = FindingCode(
    "STAFF-TRAINING-HOURS-SHORT",
    Severity.WARNING,
    "Recorded learning hours for a subject over its period are below the minimum.",
)
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
APPROVAL_MISSING = FindingCode(
    "STAFF-APPROVAL-MISSING",
    Severity.WARNING,
    "The role needs an AMHP or BIA approval and no current one is recorded.",
)
APPROVAL_EXPIRED = FindingCode(
    "STAFF-APPROVAL-EXPIRED",
    Severity.ERROR,
    "An approval's end date set by the approving body has passed (warning when the end "
    "is only inferred from the national period).",
    source=AMHP_SI,
)
APPROVAL_EXPIRING = FindingCode(
    "STAFF-APPROVAL-EXPIRING",
    Severity.WARNING,
    "An approval ends within the look-ahead window.",
)
APPROVAL_PROFESSION = FindingCode(
    "STAFF-APPROVAL-PROFESSION-INELIGIBLE",
    Severity.ERROR,
    "The approval is held by someone with no registration in a profession that may hold it.",
)
AMHP_TRAINING_SHORT = FindingCode(
    "STAFF-AMHP-TRAINING-SHORT",
    Severity.WARNING,
    "AMHP training in the last year is below the required hours.",
    source=AMHP_TRAINING,
)
BIA_REFRESHER_OVERDUE = FindingCode(
    "STAFF-BIA-REFRESHER-OVERDUE",
    Severity.WARNING,
    "A BIA approved over 12 months ago has no relevant training in the last 12 months.",
    source=BIA_REGS,
)
BIA_EXPERIENCE_SHORT = FindingCode(
    "STAFF-BIA-EXPERIENCE-SHORT",
    Severity.WARNING,
    "A BIA has less than 2 years' post-registration experience, or no initial training.",
    source=BIA_REGS,
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
COMPETENCY_BELOW_LEVEL = FindingCode(
    "STAFF-COMPETENCY-BELOW-LEVEL",
    Severity.WARNING,
    "A competency the role needs is unassessed or assessed below the required level.",
)
PROFILE_MISMATCH = FindingCode(
    "STAFF-PROFILE-MISMATCH",
    Severity.WARNING,
    "The post holder's band is below the role profile's minimum (a profession the profile "
    "does not allow is reported as STAFF-REGISTRATION-MISSING).",
)
PROFILE_UNKNOWN = FindingCode(
    "STAFF-PROFILE-UNKNOWN",
    Severity.WARNING,
    "A role profile code on the staff record is not known on the date.",
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
    REGISTRATION_MISSING,
    REGISTRATION_LAPSED,
    REGISTRATION_RESTRICTED,
    REGISTRATION_RENEWAL_DUE,
    REGISTRATION_WRONG_REGULATOR,
    HCPC_CYCLE_MISMATCH,
    REVALIDATION_DATE_MISSING,
    REVALIDATION_DUE,
    REVALIDATION_OVERDUE,
    REVALIDATION_EVIDENCE_SHORT,
    CPD_SHORT,
    TRAINING_MISSING,
    TRAINING_EXPIRED,
    TRAINING_EXPIRING,
    TRAINING_NO_PERIOD,
    TRAINING_HOURS_SHORT,
    SUPERVISION_OVERDUE,
    APPRAISAL_OVERDUE,
    APPROVAL_MISSING,
    APPROVAL_EXPIRED,
    APPROVAL_EXPIRING,
    APPROVAL_PROFESSION,
    AMHP_TRAINING_SHORT,
    BIA_REFRESHER_OVERDUE,
    BIA_EXPERIENCE_SHORT,
    DBS_MISSING,
    DBS_RECHECK_DUE,
    DRIVING_LICENCE_INVALID,
    CASELOAD_ABOVE_CAP,
    COMPETENCY_BELOW_LEVEL,
    PROFILE_MISMATCH,
    PROFILE_UNKNOWN,
    NOT_COORDINATOR_ROLE,
    COORDINATOR_INELIGIBLE,
)

# Findings that stop a person being allocated as care coordinator. Due-soon findings never
# do; advisory ones (unverified competency levels, supervision unless the Trust says so) are
# reported beside the decision.
_BLOCKING = frozenset(
    {
        REGISTRATION_MISSING.code,
        REGISTRATION_LAPSED.code,
        REVALIDATION_OVERDUE.code,
        REGISTRATION_WRONG_REGULATOR.code,
        TRAINING_MISSING.code,
        TRAINING_EXPIRED.code,
        APPROVAL_MISSING.code,
        APPROVAL_EXPIRED.code,
        DBS_MISSING.code,
        DRIVING_LICENCE_INVALID.code,
        CASELOAD_ABOVE_CAP.code,
        PROFILE_MISMATCH.code,
        NOT_COORDINATOR_ROLE.code,
    }
)

# --- helpers ---------------------------------------------------------------------------------


def _day_before(day: date) -> date:
    return statutory_time.add_days(day, -1)


def _months_end(start: date, months: int) -> date:
    """Last day of a period of ``months`` calendar months beginning with ``start``."""
    return statutory_time.months_beginning_with(start, months).last_day


def profiles_for(
    staff: StaffMember,
    as_of: date,
    policy: TrustPolicy,
    profiles: Mapping[str, RoleProfile] | None = None,
) -> tuple[tuple[RoleProfile, ...], tuple[str, ...]]:
    """The role profiles a staff member must meet, and the codes that are unknown.

    Args:
        staff: The staff member.
        as_of: The date.
        policy: The Trust's policy; ``competency.profile_training`` replaces a profile's
            training list.
        profiles: The Trust's own profiles by code; the defaults in force on ``as_of``
            when omitted.
    """
    known = profiles if profiles is not None else {p.code: p for p in ROLE_PROFILES.in_force(as_of)}
    found: list[RoleProfile] = []
    unknown: list[str] = []
    for code in staff.role_profiles:
        profile = known.get(code)
        if profile is None:
            unknown.append(code)
            continue
        training = policy.competency.profile_training.get(code)
        if training is not None:
            profile = attrs.evolve(profile, training=tuple(training))
        found.append(profile)
    return tuple(found), tuple(unknown)


def refresher_months(code: str, as_of: date, policy: TrustPolicy) -> int | None:
    """The refresher period of a subject: the Trust's override, else the national default.

    Returns ``None`` when neither sets one (the subject does not expire).
    """
    override = policy.competency.refresher_months.get(code)
    if override is not None:
        return override
    row = TRAINING_SUBJECTS.find(code, as_of)
    return row.refresher_months if row is not None else None


@attrs.frozen(kw_only=True)
class TrainingState:
    """Where one person stands on one subject.

    Attributes:
        subject: The subject code.
        completed_on: The latest completion that counts, or ``None``.
        expires_on: The refresher date (last day the completion counts), or ``None``.
        status: Due status of the refresher date, or ``None`` when missing or not expiring.
        row: The national catalogue row, or ``None`` for a Trust-local subject.
        overridden: Whether the Trust's policy set the period.
    """

    subject: str
    completed_on: date | None
    expires_on: date | None
    status: statutory_time.DueStatus | None
    row: TrainingSubject | None
    overridden: bool

    @property
    def compliant(self) -> bool:
        """Completed and not past its refresher date."""
        return self.completed_on is not None and self.status is not statutory_time.DueStatus.OVERDUE


def _counts_for(completion: TrainingCompletion, code: str, as_of: date) -> bool:
    if completion.subject == code:
        return True
    row = TRAINING_SUBJECTS.find(completion.subject, as_of)
    return row is not None and code in row.satisfies


def training_state(
    staff: StaffMember, code: str, as_of: date, policy: TrustPolicy
) -> TrainingState:
    """The latest completion of ``code`` (or of a subject that satisfies it) and its expiry.

    A completion on day D with a period of N months counts until the last day of the N
    months beginning with D; a completion's own ``expires_on`` wins when recorded.
    """
    done = [c for c in staff.training if c.completed_on <= as_of and _counts_for(c, code, as_of)]
    row = TRAINING_SUBJECTS.find(code, as_of)
    overridden = code in policy.competency.refresher_months
    if not done:
        return TrainingState(
            subject=code,
            completed_on=None,
            expires_on=None,
            status=None,
            row=row,
            overridden=overridden,
        )
    latest = max(done, key=lambda c: c.completed_on)
    completed_on, expires_on = latest.completed_on, latest.expires_on
    months = refresher_months(code, as_of, policy)
    if expires_on is None and months is not None:
        expires_on = _months_end(completed_on, months)
    window = policy.competency.training_due_soon_days
    status = (
        statutory_time.due_status(expires_on, as_of, window) if expires_on is not None else None
    )
    return TrainingState(
        subject=code,
        completed_on=completed_on,
        expires_on=expires_on,
        status=status,
        row=row,
        overridden=overridden,
    )


def _training_source(state: TrainingState) -> Source | None:
    if state.overridden or state.row is None:
        return attrs.evolve(CPA_CORE_DEFAULT, title="Trust policy: refresher period")
    return state.row.source


def _required_training(profiles: Iterable[RoleProfile]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(code for p in profiles for code in p.training))


# --- registration ----------------------------------------------------------------------------


def _registration_findings(
    staff: StaffMember, reg: Registration, index: int, as_of: date, policy: TrustPolicy
) -> Iterator[Finding]:
    path = f"$.registrations[{index}]"
    who = staff.staff_id
    window = policy.competency.registration_due_soon_days
    if reg.status in (RegistrationStatus.LAPSED, RegistrationStatus.REMOVED):
        yield REGISTRATION_LAPSED.finding(
            f"{reg.body.value} registration is recorded as {reg.status.value}",
            path=f"{path}.status",
            subject_id=who,
        )
        return
    if reg.status is RegistrationStatus.SUSPENDED:
        yield REGISTRATION_RESTRICTED.finding(
            f"{reg.body.value} registration is suspended", path=f"{path}.status", subject_id=who
        )
    elif reg.status is RegistrationStatus.CONDITIONS:
        yield REGISTRATION_RESTRICTED.finding(
            f"{reg.body.value} registration has conditions of practice",
            path=f"{path}.status",
            subject_id=who,
            severity=Severity.WARNING,
        )
    regulator = REGULATORS.find(reg.body, as_of)
    rule_source = regulator.source if regulator is not None else None
    expiry = statutory_time.due_status(reg.expires_on, as_of, window)
    revalidation = reg.revalidation_due
    if reg.body is RegulatorBody.NMC and revalidation is not None and as_of > revalidation:
        # Late revalidation is why an NMC registration lapses: report the cause.
        yield REVALIDATION_OVERDUE.finding(
            "NMC revalidation date has passed; the registration lapses",
            path=f"{path}.revalidation_due",
            subject_id=who,
            due=revalidation,
        )
        return
    if expiry is statutory_time.DueStatus.OVERDUE:
        yield REGISTRATION_LAPSED.finding(
            f"{reg.body.value} registration expired",
            path=f"{path}.expires_on",
            subject_id=who,
            due=reg.expires_on,
        )
        return
    # An NMC registration expiring on its revalidation date is reported as revalidation.
    covered = reg.body is RegulatorBody.NMC and revalidation == reg.expires_on
    if expiry is statutory_time.DueStatus.DUE_SOON and not covered:
        yield REGISTRATION_RENEWAL_DUE.finding(
            f"{reg.body.value} registration (or annual fee) must be renewed by its expiry date",
            path=f"{path}.expires_on",
            subject_id=who,
            due=reg.expires_on,
            source=rule_source,
        )
    if reg.body is RegulatorBody.NMC:
        yield from _nmc_findings(staff, reg, path, as_of, policy)
    elif reg.body is RegulatorBody.SWE:
        yield from _swe_findings(staff, reg, path, as_of)


def _nmc_findings(
    staff: StaffMember, reg: Registration, path: str, as_of: date, policy: TrustPolicy
) -> Iterator[Finding]:
    who = staff.staff_id
    cycle = NMC_REVALIDATION_CYCLES.find(RegulatorBody.NMC, as_of)
    if cycle is None:  # pragma: no cover - the row is undated
        return
    if reg.revalidation_due is None:
        yield REVALIDATION_DATE_MISSING.finding(
            "NMC registration has no revalidation date", path=path, subject_id=who
        )
        return
    due = reg.revalidation_due
    # The application is due on the first day of the month the registration expires.
    application = due.replace(day=1)
    status = statutory_time.due_status(application, as_of, cycle.notice_days)
    if status is not statutory_time.DueStatus.NOT_DUE:
        yield REVALIDATION_DUE.finding(
            "NMC revalidation application is due by the first day of the expiry month",
            path=f"{path}.revalidation_due",
            subject_id=who,
            due=application,
        )
        yield from _portfolio_findings(reg, path, who, application, as_of)


def _portfolio_findings(
    reg: Registration, path: str, who: str, due: date, as_of: date
) -> Iterator[Finding]:
    portfolio = reg.portfolio
    cpd = [c for c in reg.cpd if c.completed_on <= as_of]
    have: dict[str, float] = {
        "PRACTICE-HOURS": portfolio.practice_hours if portfolio else 0,
        "CPD-HOURS": sum(c.hours or 0 for c in cpd),
        "CPD-PARTICIPATORY-HOURS": sum(c.hours or 0 for c in cpd if c.participatory),
        "FEEDBACK": portfolio.feedback_count if portfolio else 0,
        "REFLECTIVE-ACCOUNTS": portfolio.reflective_accounts if portfolio else 0,
        "REFLECTIVE-DISCUSSION": 1 if portfolio and portfolio.reflective_discussion_on else 0,
    }
    flags = {
        "HEALTH-CHARACTER": bool(portfolio and portfolio.health_character_declared),
        "INDEMNITY": bool(portfolio and portfolio.indemnity_declared),
        "CONFIRMATION": bool(portfolio and portfolio.confirmed_on),
    }
    short: list[str] = []
    for row in REGISTRATION_REQUIREMENTS.in_force(as_of):
        if row.body is not RegulatorBody.NMC:
            continue
        if row.minimum is None:
            if not flags.get(row.code, True):
                short.append(row.code)
            continue
        minimum = row.minimum
        if portfolio is not None and portfolio.dual_registration and row.dual_minimum:
            minimum = row.dual_minimum
        if have.get(row.code, 0) < minimum:
            short.append(row.code)
    if short:
        yield REVALIDATION_EVIDENCE_SHORT.finding(
            "NMC revalidation evidence missing or short: " + ", ".join(short),
            path=f"{path}.portfolio",
            subject_id=who,
            due=due,
        )


def registration_year(body: RegulatorBody, as_of: date) -> tuple[date, date] | None:
    """The fixed registration year holding ``as_of`` (first and last day), for a regulator
    whose year ends on a fixed date (Social Work England: 1 December to 30 November)."""
    rule = REGULATORS.find(body, as_of)
    if rule is None or rule.year_end_month is None or rule.year_end_day is None:
        return None
    end = date(as_of.year, rule.year_end_month, rule.year_end_day)
    if as_of > end:
        end = statutory_time.add_months(end, 12)
    return statutory_time.add_days(statutory_time.add_months(end, -12), 1), end


def _swe_findings(
    staff: StaffMember, reg: Registration, path: str, as_of: date
) -> Iterator[Finding]:
    rule = REGULATORS.find(RegulatorBody.SWE, as_of)
    year = registration_year(RegulatorBody.SWE, as_of)
    if rule is None or year is None or rule.window_opens_month is None:
        return
    start, end = year
    if as_of < date(end.year, rule.window_opens_month, 1):
        return
    rows = {
        r.code: r for r in REGISTRATION_REQUIREMENTS.in_force(as_of) if r.body is RegulatorBody.SWE
    }
    pieces = [c for c in reg.cpd if start <= c.completed_on <= as_of]
    short = []
    count = rows.get("CPD-PIECES")
    if count is not None and count.minimum is not None and len(pieces) < count.minimum:
        short.append(f"{len(pieces)} of {count.minimum:g} CPD pieces")
    peer = rows.get("CPD-PEER-REFLECTION")
    peers = sum(1 for c in pieces if c.peer_reflection)
    if peer is not None and peer.minimum is not None and peers < peer.minimum:
        short.append("no CPD piece with peer reflection")
    if short:
        yield CPD_SHORT.finding(
            "Social Work England CPD for this registration year: " + "; ".join(short),
            path=f"{path}.cpd",
            subject_id=staff.staff_id,
            due=end,
        )


def check_registrations(
    staff: StaffMember,
    as_of: date,
    policy: TrustPolicy,
    profiles: tuple[RoleProfile, ...] = (),
) -> Iterator[Finding]:
    """Registration lapsed, restricted or due; NMC revalidation; SWE CPD; missing registration.

    A registration is needed when any profile requires one; it must be in a profession the
    profile allows (any, when the profile lists none).
    """
    for index, reg in enumerate(staff.registrations):
        yield from _registration_findings(staff, reg, index, as_of, policy)
    for profile in profiles:
        if not profile.registration_required:
            continue
        allowed = set(profile.professions)
        if not any(not allowed or r.profession in allowed for r in staff.registrations):
            yield REGISTRATION_MISSING.finding(
                f"role {profile.code} needs a registration in an eligible profession",
                path="$.registrations",
                subject_id=staff.staff_id,
                source=profile.source,
            )


# --- training --------------------------------------------------------------------------------


def check_training(
    staff: StaffMember,
    as_of: date,
    policy: TrustPolicy,
    profiles: tuple[RoleProfile, ...] = (),
) -> Iterator[Finding]:
    """Each mandatory subject of the profiles: missing, expired, expiring; learning hours."""
    who = staff.staff_id
    for code in _required_training(profiles):
        state = training_state(staff, code, as_of, policy)
        source = _training_source(state)
        tag = (
            ""
            if state.row is None or state.overridden or state.row.verified
            else " (default period unverified)"
        )
        if state.completed_on is None:
            yield TRAINING_MISSING.finding(
                f"no completion of mandatory subject {code}",
                path="$.training",
                subject_id=who,
                source=source,
            )
            continue
        if state.expires_on is None:
            yield TRAINING_NO_PERIOD.finding(
                f"subject {code} has no refresher period: set one in policy",
                path="$.training",
                subject_id=who,
                source=source,
            )
        elif state.status is statutory_time.DueStatus.OVERDUE:
            yield TRAINING_EXPIRED.finding(
                f"mandatory subject {code} expired{tag}",
                path="$.training",
                subject_id=who,
                due=state.expires_on,
                source=source,
            )
        elif state.status is statutory_time.DueStatus.DUE_SOON:
            yield TRAINING_EXPIRING.finding(
                f"mandatory subject {code} is due for refresher{tag}",
                path="$.training",
                subject_id=who,
                due=state.expires_on,
                source=source,
            )
        yield from _hours_findings(staff, code, as_of, policy)


def minimum_hours(code: str, as_of: date, policy: TrustPolicy) -> tuple[float, int, Source] | None:
    """The minimum hours of a subject and the months they are counted over.

    The Trust's ``minimum_training_hours`` wins; otherwise the *verified* reading of
    ``TRAINING_HOURS`` (the other readings are kept for the docs). ``None`` when neither.
    """
    rows = [r for r in TRAINING_HOURS.in_force(as_of) if r.subject == code]
    verified = next((r for r in rows if r.source.verified), None)
    override = policy.competency.minimum_training_hours.get(code)
    if override is not None:
        months = verified.over_months if verified else refresher_months(code, as_of, policy)
        if months is None:
            return None
        return override, months, attrs.evolve(CPA_CORE_DEFAULT, title="Trust policy: hours")
    if verified is None:
        return None
    return verified.hours, verified.over_months, verified.source


def _hours_findings(
    staff: StaffMember, code: str, as_of: date, policy: TrustPolicy
) -> Iterator[Finding]:
    rule = minimum_hours(code, as_of, policy)
    if rule is None:
        return
    hours, months, source = rule
    since = statutory_time.add_days(statutory_time.add_months(as_of, -months), 1)
    recorded = [
        c
        for c in staff.training
        if c.subject == code and since <= c.completed_on <= as_of and c.hours is not None
    ]
    if not recorded:
        return  # no hours recorded: nothing to judge
    total = sum(c.hours or 0 for c in recorded)
    if total < hours:
        yield TRAINING_HOURS_SHORT.finding(
            f"{total:g} of {hours:g} hours of {code} in the last {months} months",
            path="$.training",
            subject_id=staff.staff_id,
            source=source,
        )


# --- supervision, appraisal ------------------------------------------------------------------


def check_supervision(
    staff: StaffMember,
    as_of: date,
    policy: TrustPolicy,
    kinds: Iterable[SupervisionKind] | None = None,
) -> Iterator[Finding]:
    """Each kind of supervision: due a Trust-set number of days after the last session.

    Counting kind: whole London calendar days after the last session (or after the first
    day in post when no session is recorded; nothing is judged without either).
    """
    intervals = {
        SupervisionKind.CLINICAL: policy.competency.clinical_supervision_days,
        SupervisionKind.MANAGERIAL: policy.competency.managerial_supervision_days,
        SupervisionKind.CASELOAD: policy.competency.caseload_supervision_days,
    }
    for kind in intervals if kinds is None else kinds:
        held = [s.held_on for s in staff.supervision if s.kind is kind and s.held_on <= as_of]
        anchor = max(held) if held else staff.started_on
        if anchor is None:
            continue
        due = statutory_time.add_days(anchor, intervals[kind])
        if statutory_time.due_status(due, as_of, 0) is statutory_time.DueStatus.OVERDUE:
            yield SUPERVISION_OVERDUE.finding(
                f"{kind.value} supervision overdue (interval {intervals[kind]} days)",
                path="$.supervision",
                subject_id=staff.staff_id,
                due=due,
            )


def check_appraisal(staff: StaffMember, as_of: date, policy: TrustPolicy) -> Iterator[Finding]:
    """Appraisal due the Trust's number of months after the last (or after starting)."""
    held = [a.held_on for a in staff.appraisals if a.held_on <= as_of]
    anchor = max(held) if held else staff.started_on
    if anchor is None:
        return
    due = statutory_time.add_months(anchor, policy.competency.appraisal_months)
    if statutory_time.due_status(due, as_of, 0) is statutory_time.DueStatus.OVERDUE:
        yield APPRAISAL_OVERDUE.finding(
            "appraisal overdue", path="$.appraisals", subject_id=staff.staff_id, due=due
        )


# --- approvals -------------------------------------------------------------------------------


def approval_end(approval: Approval, as_of: date, policy: TrustPolicy) -> tuple[date | None, bool]:
    """The last day of an approval and whether it was inferred from the national period.

    The record's ``expires_on`` wins; an AMHP approval without one lasts the Trust's
    ``amhp_approval_months`` or the national 5 years (V2). A BIA has no fixed term here.
    """
    if approval.ended_on is not None:
        return _day_before(approval.ended_on), False
    if approval.expires_on is not None:
        return approval.expires_on, False
    if approval.kind is not ApprovalKind.AMHP:
        return None, False
    months = policy.competency.amhp_approval_months
    if months is None:
        row = APPROVAL_RULES.lookup((ApprovalKind.AMHP, "PERIOD"), as_of)
        months = row.months
    assert months is not None
    return _months_end(approval.approved_on, months), True


def _current(
    approvals: Iterable[Approval], kind: ApprovalKind, as_of: date, policy: TrustPolicy
) -> list[Approval]:
    out = []
    for a in approvals:
        if a.kind is not kind or a.approved_on > as_of:
            continue
        end, _ = approval_end(a, as_of, policy)
        if end is None or as_of <= end:
            out.append(a)
    return out


def check_approvals(
    staff: StaffMember,
    as_of: date,
    policy: TrustPolicy,
    profiles: tuple[RoleProfile, ...] = (),
) -> Iterator[Finding]:
    """AMHP and BIA approvals: expiry, profession, AMHP hours, BIA experience and refresher."""
    who = staff.staff_id
    window = policy.competency.approval_due_soon_days
    superseded = {
        id(a)
        for a in staff.approvals
        for b in staff.approvals
        if b is not a and b.kind is a.kind and b.approved_on > a.approved_on
    }
    for index, approval in enumerate(staff.approvals):
        path = f"$.approvals[{index}]"
        if (
            approval.approved_on > as_of
            or approval.ended_on is not None
            or id(approval) in superseded
        ):
            continue
        yield from _approval_profession(staff, approval, path, as_of, policy)
        end, inferred = approval_end(approval, as_of, policy)
        if end is not None:
            status = statutory_time.due_status(end, as_of, window)
            if inferred:
                source = APPROVAL_RULES.lookup((approval.kind, "PERIOD"), as_of).source
            else:
                source = AMHP_SI if approval.kind is ApprovalKind.AMHP else BIA_REGS
            if status is statutory_time.DueStatus.OVERDUE:
                yield APPROVAL_EXPIRED.finding(
                    f"{approval.kind.value} approval expired"
                    + (" (end inferred from the national period)" if inferred else ""),
                    path=path,
                    subject_id=who,
                    due=end,
                    source=source,
                    severity=Severity.WARNING if inferred else None,
                )
                continue
            if status is statutory_time.DueStatus.DUE_SOON:
                yield APPROVAL_EXPIRING.finding(
                    f"{approval.kind.value} approval ends soon: re-approval needed",
                    path=path,
                    subject_id=who,
                    due=end,
                    source=source,
                )
        if approval.kind is ApprovalKind.AMHP:
            yield from _amhp_training(staff, approval, path, as_of, policy)
        else:
            yield from _bia_findings(staff, approval, path, as_of)
    yield from _required_approvals(staff, as_of, policy, profiles)


def _required_approvals(
    staff: StaffMember, as_of: date, policy: TrustPolicy, profiles: tuple[RoleProfile, ...]
) -> Iterator[Finding]:
    who = staff.staff_id
    for profile in profiles:
        for kind in profile.approvals:
            if not _current(staff.approvals, kind, as_of, policy):
                yield APPROVAL_MISSING.finding(
                    f"role {profile.code} needs a current {kind.value} approval",
                    path="$.approvals",
                    subject_id=who,
                    source=profile.source,
                )


def _approval_profession(
    staff: StaffMember, approval: Approval, path: str, as_of: date, policy: TrustPolicy
) -> Iterator[Finding]:
    allowed = [r for r in APPROVAL_PROFESSIONS.in_force(as_of) if r.kind is approval.kind]
    professions = {r.profession for r in allowed}
    held = {r.profession for r in staff.registrations}
    if approval.kind is ApprovalKind.BIA and _current(
        staff.approvals, ApprovalKind.AMHP, as_of, policy
    ):
        return  # an AMHP of any profession may act as BIA
    if not professions & held:
        yield APPROVAL_PROFESSION.finding(
            f"{approval.kind.value} approval without a registration in an eligible profession",
            path=path,
            subject_id=staff.staff_id,
            source=allowed[0].source if allowed else None,
        )


def _amhp_training(
    staff: StaffMember, approval: Approval, path: str, as_of: date, policy: TrustPolicy
) -> Iterator[Finding]:
    row = APPROVAL_RULES.find((ApprovalKind.AMHP, "ANNUAL-TRAINING"), as_of)
    if row is None or row.months is None:
        return
    hours = policy.competency.amhp_training_hours
    if hours is None:
        hours = row.hours
    assert hours is not None
    # Judge only once a full year of the approval has run.
    if statutory_time.add_months(approval.approved_on, row.months) > as_of:
        return
    since = statutory_time.add_days(statutory_time.add_months(as_of, -row.months), 1)
    done = sum(t.hours for t in approval.training if since <= t.completed_on <= as_of)
    if done < hours:
        yield AMHP_TRAINING_SHORT.finding(
            f"{done:g} of {hours:g} hours of AMHP training in the last {row.months} months",
            path=f"{path}.training",
            subject_id=staff.staff_id,
        )


def _bia_findings(
    staff: StaffMember, approval: Approval, path: str, as_of: date
) -> Iterator[Finding]:
    who = staff.staff_id
    experience = APPROVAL_RULES.lookup((ApprovalKind.BIA, "POST-REGISTRATION"), as_of)
    refresher = APPROVAL_RULES.lookup((ApprovalKind.BIA, "REFRESHER"), as_of)
    assert experience.months is not None
    assert refresher.months is not None
    first = min((r.registered_on for r in staff.registrations if r.registered_on), default=None)
    # An experience gate, like an age, is never passed early (full_months_after).
    if first is None or statutory_time.full_months_after(first, experience.months) > as_of:
        yield BIA_EXPERIENCE_SHORT.finding(
            f"BIA needs {experience.months} months' post-registration experience "
            "(registration date missing or too recent)",
            path="$.registrations",
            subject_id=who,
        )
    if approval.initial_training_on is None:
        yield BIA_EXPERIENCE_SHORT.finding(
            "BIA has no approved initial training recorded",
            path=f"{path}.initial_training_on",
            subject_id=who,
        )
        return
    if statutory_time.add_months(approval.initial_training_on, refresher.months) > as_of:
        return  # still in the first 12 months after initial training
    dates = [t.completed_on for t in approval.training if t.completed_on <= as_of]
    last = max([approval.initial_training_on, *dates])
    due = _months_end(last, refresher.months)
    if as_of > due:
        yield BIA_REFRESHER_OVERDUE.finding(
            "BIA has had no relevant training in the last 12 months",
            path=f"{path}.training",
            subject_id=who,
            due=due,
        )


# --- DBS, driving, caseload, competencies, profiles -----------------------------------------


def check_other(
    staff: StaffMember,
    as_of: date,
    policy: TrustPolicy,
    profiles: tuple[RoleProfile, ...] = (),
) -> Iterator[Finding]:
    """DBS, driving licence, caseload, competency levels and band of the post."""
    who = staff.staff_id
    c = policy.competency
    if any(p.enhanced_dbs_required for p in profiles) and (
        staff.dbs is None or "enhanced" not in staff.dbs.level.lower()
    ):
        yield DBS_MISSING.finding("no enhanced DBS check recorded", path="$.dbs", subject_id=who)
    if staff.dbs is not None and c.dbs_recheck_months is not None:
        due = statutory_time.add_months(staff.dbs.issued_on, c.dbs_recheck_months)
        if as_of > due and not staff.dbs.update_service:
            yield DBS_RECHECK_DUE.finding(
                "DBS certificate is due for re-check", path="$.dbs", subject_id=who, due=due
            )
    if any(p.driving_required for p in profiles):
        yield from _driving(staff, as_of, policy)
    yield from _caseload(staff, policy)
    for profile in profiles:
        yield from _profile_fit(staff, profile, as_of)


def _driving(staff: StaffMember, as_of: date, policy: TrustPolicy) -> Iterator[Finding]:
    licence = staff.driving_licence
    who = staff.staff_id
    if licence is None or licence.checked_on > as_of:
        yield DRIVING_LICENCE_INVALID.finding(
            "no driving licence check recorded", path="$.driving_licence", subject_id=who
        )
        return
    if licence.valid_until is not None and as_of > licence.valid_until:
        yield DRIVING_LICENCE_INVALID.finding(
            "driving licence has expired",
            path="$.driving_licence.valid_until",
            subject_id=who,
            due=licence.valid_until,
        )
        return
    months = policy.competency.driving_licence_check_months
    if months is not None:
        due = statutory_time.add_months(licence.checked_on, months)
        if as_of > due:
            yield DRIVING_LICENCE_INVALID.finding(
                "driving licence check is out of date",
                path="$.driving_licence.checked_on",
                subject_id=who,
                due=due,
            )


def _caseload(staff: StaffMember, policy: TrustPolicy) -> Iterator[Finding]:
    caseload = staff.caseload
    if caseload is None:
        return
    cap = policy.competency.caseload_cap
    if cap is not None and caseload.count > cap:
        yield CASELOAD_ABOVE_CAP.finding(
            f"caseload {caseload.count} is above the Trust cap of {cap}",
            path="$.caseload.count",
            subject_id=staff.staff_id,
        )
    weight_cap = policy.competency.caseload_weight_cap
    if weight_cap is not None and caseload.weighted is not None and caseload.weighted > weight_cap:
        yield CASELOAD_ABOVE_CAP.finding(
            f"weighted caseload {caseload.weighted:g} is above the Trust cap of {weight_cap:g}",
            path="$.caseload.weighted",
            subject_id=staff.staff_id,
        )


def _profile_fit(staff: StaffMember, profile: RoleProfile, as_of: date) -> Iterator[Finding]:
    who = staff.staff_id
    if profile.minimum_band is not None and (
        staff.band is None or staff.band < profile.minimum_band
    ):
        yield PROFILE_MISMATCH.finding(
            f"role {profile.code} needs band {profile.minimum_band} or above",
            path="$.band",
            subject_id=who,
            source=profile.source,
        )
    for need in profile.competencies:
        levels = [
            a.level
            for a in staff.competencies
            if a.framework_id == need.framework_id
            and a.competency == need.competency
            and a.assessed_on <= as_of
        ]
        if not levels or max(levels) < need.minimum_level:
            source = profile.source
            if profile.competencies_advisory:
                source = B6_KSF_EXAMPLE
            yield COMPETENCY_BELOW_LEVEL.finding(
                f"{need.framework_id} {need.competency} needs level {need.minimum_level}",
                path="$.competencies",
                subject_id=who,
                source=source,
                severity=Severity.INFO if profile.competencies_advisory else None,
            )


# --- together --------------------------------------------------------------------------------


def staff_checks(
    staff: StaffMember,
    as_of: date,
    policy: TrustPolicy | None = None,
    profiles: Mapping[str, RoleProfile] | None = None,
) -> Report:
    """Every dated check of one staff member (not the eligibility decision).

    Args:
        staff: The staff member.
        as_of: The London calendar date to judge on.
        policy: The Trust's policy; defaults when omitted.
        profiles: The Trust's role profiles by code; the defaults when omitted.
    """
    policy = policy or TrustPolicy()
    mine, unknown = profiles_for(staff, as_of, policy, profiles)
    unknown_findings = [
        PROFILE_UNKNOWN.finding(
            f"role profile {code} is not known", path="$.role_profiles", subject_id=staff.staff_id
        )
        for code in unknown
    ]
    # Supervision is judged for practitioners holding a role profile; caseload supervision
    # only while they hold a caseload.
    kinds: list[SupervisionKind] = []
    if mine:
        kinds += [SupervisionKind.CLINICAL, SupervisionKind.MANAGERIAL]
    if staff.allocated_as_care_coordinator:
        kinds.append(SupervisionKind.CASELOAD)
    return Report.of(
        unknown_findings,
        check_registrations(staff, as_of, policy, mine),
        check_training(staff, as_of, policy, mine),
        check_supervision(staff, as_of, policy, kinds),
        check_appraisal(staff, as_of, policy),
        check_approvals(staff, as_of, policy, mine),
        check_other(staff, as_of, policy, mine),
    )


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


def coordinator_eligibility(
    staff: StaffMember,
    as_of: date,
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
    unverified example never block.
    """
    policy = policy or TrustPolicy()
    mine, _ = profiles_for(staff, as_of, policy, profiles)
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
    findings.extend(staff_member_rules(staff, policy))
    findings.extend(check_registrations(staff, as_of, policy, coordinator))
    findings.extend(check_training(staff, as_of, policy, coordinator))
    # Only approvals the coordinator profile itself requires count: an AMHP approval
    # running out does not stop the AMHP coordinating care.
    findings.extend(_required_approvals(staff, as_of, policy, coordinator))
    findings.extend(check_other(staff, as_of, policy, coordinator))
    supervision = list(check_supervision(staff, as_of, policy, (SupervisionKind.CLINICAL,)))
    findings.extend(supervision)
    blocking = set(_BLOCKING)
    if policy.competency.supervision_blocks_eligibility:
        blocking.add(SUPERVISION_OVERDUE.code)
    restricted_block = [
        f
        for f in findings
        if f.code == REGISTRATION_RESTRICTED.code and f.severity is Severity.ERROR
    ]
    reasons = tuple(f for f in findings if f.code in blocking or f in restricted_block)
    advisories = tuple(f for f in findings if f not in reasons)
    return Eligibility(
        staff_id=staff.staff_id,
        as_of=as_of,
        eligible=not reasons,
        reasons=reasons,
        advisories=advisories,
    )


def staff_member_rules(record: StaffMember, _policy: TrustPolicy) -> Iterator[Finding]:
    """Undated consistency: each registration's regulator registers its profession."""
    for index, reg in enumerate(record.registrations):
        row = PROFESSION_REGULATORS.find(reg.profession, reg.expires_on)
        if row is not None and row.body is not reg.body:
            yield REGISTRATION_WRONG_REGULATOR.finding(
                f"{reg.profession.value} is registered by {row.body.value}, not {reg.body.value}",
                path=f"$.registrations[{index}].body",
                subject_id=record.staff_id,
                source=row.source,
            )
        cycle = HCPC_CYCLES.find(reg.profession, reg.expires_on)
        if reg.body is RegulatorBody.HCPC and cycle is not None:
            on_cycle = (
                reg.expires_on.month == cycle.end_month
                and reg.expires_on.day == cycle.end_day
                and (reg.expires_on.year % 2 == 1) == cycle.odd_years
            )
            if not on_cycle:
                yield HCPC_CYCLE_MISMATCH.finding(
                    f"{reg.profession.value} HCPC cycles end on {cycle.end_day}/"
                    f"{cycle.end_month} of {'odd' if cycle.odd_years else 'even'} years",
                    path=f"$.registrations[{index}].expires_on",
                    subject_id=record.staff_id,
                )


def staff_member_audit(record: StaffMember, ctx: CheckContext) -> Iterator[Finding]:
    """The caseload audit's checks of a staff record, as of an instant (judged on its London date).

    Adds ``STAFF-COORDINATOR-INELIGIBLE`` when the person is allocated as care coordinator
    but is not eligible, naming every blocking reason's code.
    """
    as_of, policy = ctx.instant, ctx.policy
    day = statutory_time.london_date(as_of)
    yield from staff_checks(record, day, policy)
    if record.allocated_as_care_coordinator:
        decision = coordinator_eligibility(record, day, policy)
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


# --- team summary ----------------------------------------------------------------------------


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


def team_summary(
    staff: Iterable[StaffMember],
    as_of: date,
    policy: TrustPolicy | None = None,
    profiles: Mapping[str, RoleProfile] | None = None,
) -> TeamSummary:
    """Compliance per mandatory subject and per person, for managers."""
    policy = policy or TrustPolicy()
    people: list[PersonCompliance] = []
    counts: dict[str, list[int]] = {}
    for member in staff:
        mine, _ = profiles_for(member, as_of, policy, profiles)
        report = staff_checks(member, as_of, policy, profiles)
        required = _required_training(mine)
        in_date = 0
        for code in required:
            state = training_state(member, code, as_of, policy)
            row = counts.setdefault(code, [0, 0, 0, 0, 0])
            row[0] += 1
            if state.completed_on is None:
                row[4] += 1
            elif state.status is statutory_time.DueStatus.OVERDUE:
                row[3] += 1
            else:
                row[1] += 1
                in_date += 1
                if state.status is statutory_time.DueStatus.DUE_SOON:
                    row[2] += 1
        decision: Eligibility | None = None
        if any(p.coordinates_care for p in mine):
            decision = coordinator_eligibility(member, as_of, policy, profiles)
        severities = report.counts_by_severity()
        dues = [
            f.due if not isinstance(f.due, datetime) else f.due.date()
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
            required=v[0],
            in_date=v[1],
            expiring=v[2],
            expired=v[3],
            missing=v[4],
        )
        for code, v in sorted(counts.items())
    )
    return TeamSummary(as_of=as_of, people=tuple(people), subjects=subjects)


STAFF_MEMBER: RecordKind[StaffMember] = RecordKind(
    name="staff-member",
    domain="competency",
    model=StaffMember,
    description="A member of staff's registrations, training, supervision, appraisal, "
    "approvals, DBS, driving licence and caseload.",
    rules=staff_member_rules,
    audit=staff_member_audit,
)
