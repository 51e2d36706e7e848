"""Mandatory training checks: where a person stands on each subject, and the findings.

A completion counts until its refresher date, the last day of the refresher period
beginning with the day it was completed (or the expiry the training record states).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

import attrs

from cpa_core import statutory_time
from cpa_core.competency.frameworks.models import RoleProfile
from cpa_core.competency.staff.models import StaffMember
from cpa_core.competency.training.models import TrainingCompletion
from cpa_core.competency.training.rules import (
    TRAINING_HOURS,
    TRAINING_SUBJECTS,
    TrainingSubjectRow,
)
from cpa_core.context import CheckContext
from cpa_core.findings import Deadline, Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy._settings import CPA_CORE_DEFAULT
from cpa_core.provenance import Evidence, Source

__all__ = [
    "TrainingState",
    "minimum_hours",
    "refresher_months",
    "training_state",
]

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

_REFRESHER = Deadline(TRAINING_EXPIRED, TRAINING_EXPIRING)

_TRUST_PERIOD = attrs.evolve(CPA_CORE_DEFAULT, title="Trust policy: refresher period")
_TRUST_HOURS = attrs.evolve(CPA_CORE_DEFAULT, title="Trust policy: hours")


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
    row: TrainingSubjectRow | None
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
    expires_on = latest.expires_on
    months = refresher_months(code, as_of, policy)
    if expires_on is None and months is not None:
        expires_on = statutory_time.months_beginning_with(latest.completed_on, months).last_day
    window = policy.competency.training_due_soon_days
    status = (
        statutory_time.due_status(expires_on, as_of, window) if expires_on is not None else None
    )
    return TrainingState(
        subject=code,
        completed_on=latest.completed_on,
        expires_on=expires_on,
        status=status,
        row=row,
        overridden=overridden,
    )


def minimum_hours(code: str, as_of: date, policy: TrustPolicy) -> tuple[float, int, Source] | None:
    """The minimum hours of a subject and the months they are counted over.

    The Trust's ``minimum_training_hours`` wins; otherwise the best-graded reading of
    ``TRAINING_HOURS``, the stricter where two share a grade, so that a shortfall is never
    missed for want of a verified reading (the other readings are kept for the docs). An
    unverified reading is never a default. ``None`` when neither.
    """
    rows = [
        r
        for r in TRAINING_HOURS.in_force(as_of)
        if r.subject == code and r.source.evidence is not Evidence.UNVERIFIED
    ]
    verified = min(rows, key=lambda r: (not r.source.verified, -r.hours), default=None)
    override = policy.competency.minimum_training_hours.get(code)
    if override is not None:
        months = verified.over_months if verified else refresher_months(code, as_of, policy)
        if months is None:
            return None
        return override, months, _TRUST_HOURS
    if verified is None:
        return None
    return verified.hours, verified.over_months, verified.source


def _on_training(code: FindingCode, message: str, who: str, source: Source) -> Finding:
    """A finding about a subject of the person's training record."""
    return code.finding(message, path="$.training", subject_id=who, source=source)


def required_training(profiles: Iterable[RoleProfile]) -> tuple[str, ...]:
    """The mandatory subjects of the profiles, each once, in the profiles' order."""
    return tuple(dict.fromkeys(code for p in profiles for code in p.training))


def training_findings(
    staff: StaffMember, ctx: CheckContext, profiles: Iterable[RoleProfile]
) -> Iterator[Finding]:
    """Each mandatory subject of the profiles: missing, expired, expiring; learning hours."""
    who, day, policy = staff.staff_id, ctx.day, ctx.policy
    for code in required_training(profiles):
        state = training_state(staff, code, day, policy)
        source = _TRUST_PERIOD if state.overridden or state.row is None else state.row.source
        if state.completed_on is None:
            yield _on_training(
                TRAINING_MISSING, f"no completion of mandatory subject {code}", who, source
            )
            continue
        if state.expires_on is None:
            message = f"subject {code} has no refresher period: set one in policy"
            yield _on_training(TRAINING_NO_PERIOD, message, who, source)
        else:
            unverified = not (state.row is None or state.overridden or state.row.verified)
            tag = " (default period unverified)" if unverified else ""
            refresher = _REFRESHER.check(
                state.expires_on,
                day,
                policy.competency.training_due_soon_days,
                overdue=f"mandatory subject {code} expired{tag}",
                due_soon=f"mandatory subject {code} is due for refresher{tag}",
                path="$.training",
                subject_id=who,
                source=source,
            )
            if refresher is not None:
                yield refresher
        yield from _hours(staff, code, day, policy)


def _hours(staff: StaffMember, code: str, day: date, policy: TrustPolicy) -> Iterator[Finding]:
    rule = minimum_hours(code, day, policy)
    if rule is None:
        return
    hours, months, source = rule
    since = statutory_time.add_days(statutory_time.add_months(day, -months), 1)
    recorded = [
        c
        for c in staff.training
        if c.subject == code and since <= c.completed_on <= day and c.hours is not None
    ]
    if not recorded:
        return  # no hours recorded: nothing to judge
    total = sum(c.hours or 0 for c in recorded)
    if total < hours:
        message = f"{total:g} of {hours:g} hours of {code} in the last {months} months"
        yield _on_training(TRAINING_HOURS_SHORT, message, staff.staff_id, source)
