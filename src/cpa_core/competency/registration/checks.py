"""Registration checks: lapsed, restricted or due registrations, NMC revalidation, SWE CPD.

The staff member's checks (:mod:`cpa_core.competency.staff.checks`) run these for each
registration on the record; deadlines are *last acceptable days* (inclusive).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from cpa_core import statutory_time
from cpa_core.competency.frameworks.models import RoleProfile
from cpa_core.competency.registration.models import (
    Registration,
    RegistrationStatus,
    RegulatorBody,
)
from cpa_core.competency.registration.rules import (
    HCPC_CYCLES,
    HCPC_RENEWAL,
    NMC_REQUIREMENTS,
    NMC_REVALIDATION,
    NMC_REVALIDATION_CYCLES,
    PROFESSION_REGULATORS,
    REGISTRATION_REQUIREMENTS,
    REGULATORS,
    SWE_REGULATOR,
    SWE_RENEWAL,
)
from cpa_core.competency.staff.models import StaffMember
from cpa_core.context import CheckContext
from cpa_core.findings import Deadline, Finding, FindingCode, Severity

__all__ = ["registration_year"]

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
    source=SWE_REGULATOR,
)
HCPC_CYCLE_MISMATCH = FindingCode(
    "STAFF-HCPC-CYCLE-MISMATCH",
    Severity.WARNING,
    "An HCPC registration's expiry is not the end of the profession's fixed registration cycle.",
    source=HCPC_RENEWAL,
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
    source=NMC_REQUIREMENTS,
)
CPD_SHORT = FindingCode(
    "STAFF-CPD-SHORT",
    Severity.WARNING,
    "Social Work England renewal window is open and the year's CPD is short.",
    source=SWE_RENEWAL,
)

# The application is due from the NMC's notice until revalidation itself; past the
# application date it is still only "due" (REVALIDATION_OVERDUE judges the revalidation date).
_REVALIDATION_APPLICATION = Deadline(REVALIDATION_DUE, REVALIDATION_DUE)


def registration_year(body: RegulatorBody, as_of: date) -> tuple[date, date] | None:
    """The fixed registration year holding ``as_of`` (first and last day), for a regulator
    whose year ends on a fixed date (Social Work England: 1 December to 30 November)."""
    rule = REGULATORS.find(body, as_of)
    if rule is None or rule.year_end_month is None or rule.year_end_day is None:
        return None
    end = date(as_of.year, rule.year_end_month, rule.year_end_day)
    if as_of > end:
        end = statutory_time.add_months(end, rule.renewal_months)
    start = statutory_time.add_months(end, -rule.renewal_months)
    return statutory_time.add_days(start, 1), end


def registration_consistency(staff: StaffMember) -> Iterator[Finding]:
    """Undated: each registration's regulator registers its profession (on its expiry
    date), and an HCPC registration ends on its profession's fixed cycle."""
    for index, reg in enumerate(staff.registrations):
        row = PROFESSION_REGULATORS.find(reg.profession, reg.expires_on)
        if row is not None and row.body is not reg.body:
            yield REGISTRATION_WRONG_REGULATOR.finding(
                f"{reg.profession.value} is registered by {row.body.value}, not {reg.body.value}",
                path=f"$.registrations[{index}].body",
                subject_id=staff.staff_id,
                source=row.source,
            )
        cycle = HCPC_CYCLES.find(reg.profession, reg.expires_on)
        if reg.body is not RegulatorBody.HCPC or cycle is None:
            continue
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
                subject_id=staff.staff_id,
                source=cycle.source,
            )


def registration_findings(
    staff: StaffMember, ctx: CheckContext, profiles: Iterable[RoleProfile]
) -> Iterator[Finding]:
    """Registration lapsed, restricted or due; NMC revalidation; SWE CPD; missing registration.

    A registration is needed when any profile requires one; it must be in a profession the
    profile allows (any, when the profile lists none).
    """
    for index, reg in enumerate(staff.registrations):
        yield from _registration(staff, reg, f"$.registrations[{index}]", ctx)
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


def _registration(
    staff: StaffMember, reg: Registration, path: str, ctx: CheckContext
) -> Iterator[Finding]:
    who, day = staff.staff_id, ctx.day
    body = reg.body.value
    if reg.status in (RegistrationStatus.LAPSED, RegistrationStatus.REMOVED):
        yield REGISTRATION_LAPSED.finding(
            f"{body} registration is recorded as {reg.status.value}",
            path=f"{path}.status",
            subject_id=who,
        )
        return
    if reg.status is RegistrationStatus.SUSPENDED:
        yield REGISTRATION_RESTRICTED.finding(
            f"{body} registration is suspended", path=f"{path}.status", subject_id=who
        )
    elif reg.status is RegistrationStatus.CONDITIONS:
        yield REGISTRATION_RESTRICTED.finding(
            f"{body} registration has conditions of practice",
            path=f"{path}.status",
            subject_id=who,
            severity=Severity.WARNING,
        )
    revalidation = reg.revalidation_due
    if reg.body is RegulatorBody.NMC and revalidation is not None and day > revalidation:
        # Late revalidation is why an NMC registration lapses: report the cause.
        yield REVALIDATION_OVERDUE.finding(
            "NMC revalidation date has passed; the registration lapses",
            path=f"{path}.revalidation_due",
            subject_id=who,
            due=revalidation,
        )
        return
    window = ctx.policy.competency.registration_due_soon_days
    expiry = statutory_time.due_status(reg.expires_on, day, window)
    if expiry is statutory_time.DueStatus.OVERDUE:
        yield REGISTRATION_LAPSED.finding(
            f"{body} registration expired",
            path=f"{path}.expires_on",
            subject_id=who,
            due=reg.expires_on,
        )
        return
    # An NMC registration expiring on its revalidation date is reported as revalidation.
    covered = reg.body is RegulatorBody.NMC and revalidation == reg.expires_on
    if expiry is statutory_time.DueStatus.DUE_SOON and not covered:
        regulator = REGULATORS.find(reg.body, day)
        yield REGISTRATION_RENEWAL_DUE.finding(
            f"{body} registration (or annual fee) must be renewed by its expiry date",
            path=f"{path}.expires_on",
            subject_id=who,
            due=reg.expires_on,
            source=regulator.source if regulator is not None else None,
        )
    if reg.body is RegulatorBody.NMC:
        yield from _revalidation(who, reg, path, ctx)
    elif reg.body is RegulatorBody.SWE:
        yield from _swe_cpd(who, reg, path, day)


def _revalidation(who: str, reg: Registration, path: str, ctx: CheckContext) -> Iterator[Finding]:
    cycle = NMC_REVALIDATION_CYCLES.find(RegulatorBody.NMC, ctx.day)
    if cycle is None:  # pragma: no cover - the row has no known start
        return
    if reg.revalidation_due is None:
        yield REVALIDATION_DATE_MISSING.finding(
            "NMC registration has no revalidation date", path=path, subject_id=who
        )
        return
    # The application is due on the first day of the month the registration expires.
    application = reg.revalidation_due.replace(day=1)
    message = "NMC revalidation application is due by the first day of the expiry month"
    due = _REVALIDATION_APPLICATION.check(
        application,
        ctx.day,
        cycle.notice_days,
        overdue=message,
        due_soon=message,
        path=f"{path}.revalidation_due",
        subject_id=who,
    )
    if due is not None:
        yield due
        yield from _portfolio(who, reg, path, application, ctx.day)


def _portfolio(who: str, reg: Registration, path: str, due: date, day: date) -> Iterator[Finding]:
    portfolio = reg.portfolio
    cpd = [c for c in reg.cpd if c.completed_on <= day]
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
    for row in REGISTRATION_REQUIREMENTS.in_force(day):
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


def _swe_cpd(who: str, reg: Registration, path: str, day: date) -> Iterator[Finding]:
    rule = REGULATORS.find(RegulatorBody.SWE, day)
    year = registration_year(RegulatorBody.SWE, day)
    if rule is None or year is None or rule.window_opens_month is None:
        return
    start, end = year
    if day < date(end.year, rule.window_opens_month, 1):
        return
    rows = {
        r.code: r for r in REGISTRATION_REQUIREMENTS.in_force(day) if r.body is RegulatorBody.SWE
    }
    pieces = [c for c in reg.cpd if start <= c.completed_on <= day]
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
            subject_id=who,
            due=end,
        )
