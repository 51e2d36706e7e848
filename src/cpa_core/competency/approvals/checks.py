"""Approval checks: AMHP and BIA expiry, profession, AMHP hours, BIA experience and refresher."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from cpa_core import statutory_time
from cpa_core.competency.approvals.models import Approval, ApprovalKind
from cpa_core.competency.approvals.rules import (
    AMHP_SI,
    AMHP_TRAINING,
    APPROVAL_PROFESSIONS,
    APPROVAL_RULES,
    BIA_REGS,
    ApprovalProfessionRow,
)
from cpa_core.competency.frameworks.models import RoleProfile
from cpa_core.competency.staff.models import StaffMember
from cpa_core.context import CheckContext
from cpa_core.findings import Deadline, Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import Source

__all__ = ["approval_end"]

APPROVAL_MISSING = FindingCode(
    "STAFF-APPROVAL-MISSING",
    Severity.WARNING,
    "The role needs an AMHP or BIA approval and no current one is recorded.",
)
APPROVAL_EXPIRED = FindingCode(
    "STAFF-APPROVAL-EXPIRED",
    Severity.ERROR,
    "An approval's end date has passed: the one the approving body set or, when none is "
    "recorded, the end of the period the regulations give (the message says it was "
    "inferred).",
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
    "A BIA has had no relevant training within the refresher period of the approval rules "
    "(judged once the first period after initial training has run).",
    source=BIA_REGS,
)
BIA_EXPERIENCE_SHORT = FindingCode(
    "STAFF-BIA-EXPERIENCE-SHORT",
    Severity.WARNING,
    "A BIA has less post-registration experience than the approval rules require, or no "
    "initial training.",
    source=BIA_REGS,
)

_APPROVAL_END = Deadline(APPROVAL_EXPIRED, APPROVAL_EXPIRING)
_BIA_REFRESHER = Deadline(BIA_REFRESHER_OVERDUE)

# The approving body's own end date is applied under its regulations.
_SET_BY_APPROVER = {ApprovalKind.AMHP: AMHP_SI, ApprovalKind.BIA: BIA_REGS}


def approval_end(approval: Approval, as_of: date, policy: TrustPolicy) -> tuple[date | None, bool]:
    """The last day of an approval and whether it was inferred from the national period.

    The record's ``expires_on`` wins; an AMHP approval without one lasts the Trust's
    ``amhp_approval_months`` or the five years of SI 2008/1206 reg 4. A BIA has no fixed term
    here.
    """
    if approval.ended_on is not None:
        return statutory_time.add_days(approval.ended_on, -1), False
    if approval.expires_on is not None:
        return approval.expires_on, False
    if approval.kind is not ApprovalKind.AMHP:
        return None, False
    months = policy.competency.amhp_approval_months
    if months is None:
        months = APPROVAL_RULES.lookup((ApprovalKind.AMHP, "PERIOD"), as_of).months
    assert months is not None
    return statutory_time.months_beginning_with(approval.approved_on, months).last_day, True


def _current(staff: StaffMember, kind: ApprovalKind, day: date, policy: TrustPolicy) -> bool:
    """Whether the person holds an approval of ``kind`` on ``day``."""
    ends = [
        approval_end(a, day, policy)[0]
        for a in staff.approvals
        if a.kind is kind and a.approved_on <= day
    ]
    return any(end is None or day <= end for end in ends)


def approval_findings(
    staff: StaffMember, ctx: CheckContext, profiles: Iterable[RoleProfile]
) -> Iterator[Finding]:
    """Each approval in force: expiry, profession, AMHP hours, BIA experience and refresher;
    then the approvals the profiles require. An approval replaced by a later one of the same
    kind, or ended early, is not judged."""
    who, day, policy = staff.staff_id, ctx.day, ctx.policy
    approvals = staff.approvals
    superseded = {
        index
        for index, a in enumerate(approvals)
        if any(b.kind is a.kind and b.approved_on > a.approved_on for b in approvals)
    }
    for index, approval in enumerate(approvals):
        path = f"$.approvals[{index}]"
        if approval.approved_on > day or approval.ended_on is not None or index in superseded:
            continue
        yield from _profession(staff, approval, path, ctx)
        end, inferred = approval_end(approval, day, policy)
        if end is not None:
            kind = approval.kind.value
            if inferred:
                source = APPROVAL_RULES.lookup((approval.kind, "PERIOD"), day).source
            else:
                source = _SET_BY_APPROVER[approval.kind]
            finding = _APPROVAL_END.check(
                end,
                day,
                policy.competency.approval_due_soon_days,
                overdue=f"{kind} approval expired"
                + (" (end inferred from the national period)" if inferred else ""),
                due_soon=f"{kind} approval ends soon: re-approval needed",
                path=path,
                subject_id=who,
                source=source,
            )
            if finding is not None:
                yield finding
                if finding.code == APPROVAL_EXPIRED.code:
                    continue
        if approval.kind is ApprovalKind.AMHP:
            yield from _amhp_training(who, approval, path, ctx)
        else:
            yield from _bia(staff, approval, path, day)
    yield from required_approvals(staff, ctx, profiles)


def required_approvals(
    staff: StaffMember, ctx: CheckContext, profiles: Iterable[RoleProfile]
) -> Iterator[Finding]:
    """A current approval of each kind the profiles require."""
    for profile in profiles:
        for kind in profile.approvals:
            if not _current(staff, kind, ctx.day, ctx.policy):
                yield APPROVAL_MISSING.finding(
                    f"role {profile.code} needs a current {kind.value} approval",
                    path="$.approvals",
                    subject_id=staff.staff_id,
                    source=profile.source,
                )


def _one_source(rows: Iterable[ApprovalProfessionRow]) -> Source | None:
    sources = {row.source for row in rows}
    return sources.pop() if len(sources) == 1 else None


def _profession(
    staff: StaffMember, approval: Approval, path: str, ctx: CheckContext
) -> Iterator[Finding]:
    allowed = [r for r in APPROVAL_PROFESSIONS.in_force(ctx.day) if r.kind is approval.kind]
    if approval.kind is ApprovalKind.BIA and _current(
        staff, ApprovalKind.AMHP, ctx.day, ctx.policy
    ):
        return  # an AMHP of any profession may act as BIA
    held = {r.profession for r in staff.registrations}
    if not {r.profession for r in allowed} & held:
        yield APPROVAL_PROFESSION.finding(
            f"{approval.kind.value} approval without a registration in an eligible profession",
            path=path,
            subject_id=staff.staff_id,
            source=_one_source(allowed),
        )


def _amhp_training(who: str, approval: Approval, path: str, ctx: CheckContext) -> Iterator[Finding]:
    row = APPROVAL_RULES.find((ApprovalKind.AMHP, "ANNUAL-TRAINING"), ctx.day)
    if row is None or row.months is None:
        return
    hours = ctx.policy.competency.amhp_training_hours
    if hours is None:
        hours = row.hours
    assert hours is not None
    # Judge only once a full year of the approval has run.
    if statutory_time.add_months(approval.approved_on, row.months) > ctx.day:
        return
    since = statutory_time.add_days(statutory_time.add_months(ctx.day, -row.months), 1)
    done = sum(t.hours for t in approval.training if since <= t.completed_on <= ctx.day)
    if done < hours:
        yield AMHP_TRAINING_SHORT.finding(
            f"{done:g} of {hours:g} hours of AMHP training in the last {row.months} months",
            path=f"{path}.training",
            subject_id=who,
            source=row.source,
        )


def _bia(staff: StaffMember, approval: Approval, path: str, day: date) -> Iterator[Finding]:
    who = staff.staff_id
    experience = APPROVAL_RULES.lookup((ApprovalKind.BIA, "POST-REGISTRATION"), day)
    refresher = APPROVAL_RULES.lookup((ApprovalKind.BIA, "REFRESHER"), day)
    assert experience.months is not None
    assert refresher.months is not None
    first = min((r.registered_on for r in staff.registrations if r.registered_on), default=None)
    # An experience gate, like an age, is never passed early (full_months_after).
    if first is None or statutory_time.full_months_after(first, experience.months) > day:
        yield BIA_EXPERIENCE_SHORT.finding(
            f"BIA needs {experience.months} months' post-registration experience "
            "(registration date missing or too recent)",
            path="$.registrations",
            subject_id=who,
            source=experience.source,
        )
    if approval.initial_training_on is None:
        initial = APPROVAL_RULES.lookup((ApprovalKind.BIA, "INITIAL-TRAINING"), day)
        yield BIA_EXPERIENCE_SHORT.finding(
            "BIA has no approved initial training recorded",
            path=f"{path}.initial_training_on",
            subject_id=who,
            source=initial.source,
        )
        return
    if statutory_time.add_months(approval.initial_training_on, refresher.months) > day:
        return  # still in the first refresher period after initial training
    dates = [t.completed_on for t in approval.training if t.completed_on <= day]
    last = max([approval.initial_training_on, *dates])
    overdue = _BIA_REFRESHER.check(
        statutory_time.months_beginning_with(last, refresher.months).last_day,
        day,
        0,
        overdue=f"BIA has had no relevant training in the last {refresher.months} months",
        path=f"{path}.training",
        subject_id=who,
        source=refresher.source,
    )
    if overdue is not None:
        yield overdue
