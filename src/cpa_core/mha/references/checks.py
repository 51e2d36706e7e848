"""Checks of the hospital managers' references to the tribunal (s68), and the tribunal
calendar of a chain: every application window (s66) and reference, in date order.

* s68(2): on the expiry of the relevant period beginning with the applicable day, unless an
  application under the paragraphs of s66(1) the row lists was made in it (s68(3)(a));
* s68(6): when more than three years (one year under 18; MHA 2025: 12 months) have elapsed
  since a tribunal last considered the case;
* s68(7): as soon as possible after a CTO is revoked;
* s21(3): a reference due on a day the patient is absent without leave waits for the
  return.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime, timedelta

import attrs

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.exceptions import UnknownCodeError
from cpa_core.findings import Deadline, Finding, FindingCode, Severity
from cpa_core.mha.absence.checks import overlaps_day
from cpa_core.mha.absence.models import Absence
from cpa_core.mha.chain.checks import anchor_of, follows_cto, previous_period
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.references.models import ReferenceDuty
from cpa_core.mha.references.rules import (
    HOSPITAL_ORDERS,
    ApplicableDay,
    ReferenceKind,
    ReferenceRow,
    reference_kind,
    reference_rule,
)
from cpa_core.mha.rules import Regime, Section, mha_1983
from cpa_core.mha.sections.checks import (
    MAX_STEPS,
    day_text,
    last_day_text,
    utc,
    within,
)
from cpa_core.mha.tribunal.checks import application_paragraph, window_entries
from cpa_core.mha.tribunal.models import CalendarEntry
from cpa_core.policy.mha import MhaPolicy
from cpa_core.statutory_time import CalendarOverflowError, Period

__all__ = [
    "MANAGERS_REFERENCE_DUE",
    "MANAGERS_REFERENCE_OVERDUE",
    "MANAGERS_REFERENCE_REVOCATION",
    "MANAGERS_REFERENCE_SUSPENDED",
    "managers_reference_due",
    "managers_reference_duties",
    "tribunal_calendar",
]


_S68 = mha_1983("s68(2)-(7): the managers' duties to refer", "68")

MANAGERS_REFERENCE_DUE = FindingCode(
    "MHA-MANAGERS-REFERENCE-DUE",
    Severity.WARNING,
    "A hospital managers' reference to the tribunal falls due within the Trust's warning "
    "window and none is recorded (s68(2) or s68(6)).",
    source=_S68,
)
MANAGERS_REFERENCE_OVERDUE = FindingCode(
    "MHA-MANAGERS-REFERENCE-OVERDUE",
    Severity.ERROR,
    "A hospital managers' reference to the tribunal fell due and none is recorded: a breach "
    "of the managers' duty (s68(2) or s68(6)).",
    source=_S68,
)
# A managers' reference (s68(2), s68(6)): due within the Trust's window, then overdue.
_REFERENCE = Deadline(MANAGERS_REFERENCE_OVERDUE, MANAGERS_REFERENCE_DUE)
# s68(6) counted from something other than a recorded hearing: the hearing may simply be
# missing from the extract, so an unmade reference is never an error.
_ESTIMATED_REFERENCE = Deadline(
    attrs.evolve(MANAGERS_REFERENCE_OVERDUE, severity=Severity.WARNING), MANAGERS_REFERENCE_DUE
)
MANAGERS_REFERENCE_REVOCATION = FindingCode(
    "MHA-MANAGERS-REFERENCE-REVOCATION",
    Severity.WARNING,
    "A CTO was revoked and no managers' reference is recorded since: refer as soon as "
    "possible (s68(7)).",
    source=mha_1983("s68(7)", "68"),
)
MANAGERS_REFERENCE_SUSPENDED = FindingCode(
    "MHA-MANAGERS-REFERENCE-SUSPENDED",
    Severity.INFO,
    "A managers' reference fell due on a day the patient was absent without leave: it is "
    "due on their return.",
    source=mha_1983(
        "s21(3): a reference due while absent without leave waits for the return", "21"
    ),
)


_DEFAULT = MhaPolicy()


def _reference_kind(detention: MhaDetention, period: LegalStatusPeriod) -> ReferenceKind | None:
    return reference_kind(period.section, after_cto=follows_cto(detention, period))


def _hospital_order_chain(detention: MhaDetention, period: LegalStatusPeriod) -> bool:
    """Whether ``period`` is an unrestricted hospital order (or transfer direction), or a CTO
    made under Sch 1 Pt 1 after one, followed back through the chain."""
    seen = {period.period_id}
    current = period
    while current.section is Section.CTO:
        previous = previous_period(detention, current)
        if previous is None or previous.period_id in seen:
            return False
        seen.add(previous.period_id)
        current = previous
    return current.section in HOSPITAL_ORDERS


def _original_admission(detention: MhaDetention, period: LegalStatusPeriod) -> date:
    """The day of the original admission of a Part 2 chain (s68(5)(b)(ii), (c)).

    Followed back through a CTO to its application for treatment, and through an s3 made
    while the patient was liable under an s2 to the s2 admission (itself the s4 admission
    when an s4 was converted).
    """
    seen = {period.period_id}
    current = period
    part2 = (Section.S2, Section.S3, Section.S4, Section.CTO)
    while (previous := previous_period(detention, current)) is not None:
        if previous.period_id in seen or previous.section not in part2:
            break
        seen.add(previous.period_id)
        current = previous
    return statutory_time.london_date(anchor_of(detention, current))


def _applicable_day(detention: MhaDetention, period: LegalStatusPeriod, row: ReferenceRow) -> date:
    if row.applicable_day is ApplicableDay.ORIGINAL_ADMISSION:
        return _original_admission(detention, period)
    if row.applicable_day is ApplicableDay.ADMISSION:
        return statutory_time.london_date(anchor_of(detention, period))
    return statutory_time.london_date(period.start)


def _all_absences(detention: MhaDetention) -> Iterator[Absence]:
    for period in detention.periods:
        yield from period.absences


def _suspend(detention: MhaDetention, due: datetime, as_of: datetime) -> tuple[datetime, bool]:
    """s21(3): a reference due on a day of absence without leave waits for the return.

    An absence still going on counts only once that day has come: before it, the patient
    may yet return.
    """
    day = statutory_time.days_beginning_with(statutory_time.london_date(due), 1)
    start, end = day.start, day.end
    for absence in _all_absences(detention):
        if overlaps_day(absence, start, end):
            if absence.returned_at is None:
                if utc(as_of) < utc(start):
                    continue
                return due, True
            return max(due, absence.returned_at, key=utc), False
    return due, False


def _referred(detention: MhaDetention, since: date, before: date | None = None) -> bool:
    return any(
        since <= day and (before is None or day < before) for day in detention.managers_references
    )


def _exempt(detention: MhaDetention, window: Period, row: ReferenceRow, policy: MhaPolicy) -> bool:
    """s68(3): an exempting application in the period (a withdrawn one does not count)."""
    for application in detention.tribunal_applications:
        if application.withdrawn:
            continue
        if not window.contains(statutory_time.start_of_day(application.applied_on)):
            continue
        if application_paragraph(detention, application, policy) in row.exempting_rights:
            return True
    return False


def _relevant_periods(row: ReferenceRow, day: date, until: datetime) -> Iterator[Period]:
    start = statutory_time.start_of_day(day)
    total = 0
    for index in range(MAX_STEPS):
        if index >= len(row.months) and not row.repeats:
            return
        total += row.months[min(index, len(row.months) - 1)]
        end = statutory_time.months_beginning_with(day, total).end
        yield Period(start, end)
        if utc(end) > utc(until):
            return
        start = end


def _period_duties(
    detention: MhaDetention, as_of: datetime, until: datetime, policy: MhaPolicy
) -> Iterator[ReferenceDuty]:
    mha2025 = policy.mha2025_in_force_for_testing
    for period in detention.periods:
        kind = _reference_kind(detention, period)
        if kind is None:
            continue
        row = reference_rule(kind, statutory_time.london_date(period.start), mha2025=mha2025)
        if row is None or not row.months:
            continue
        if row.regime is Regime.MHA_1983 and _hospital_order_chain(detention, period):
            # Sch 1 Pt 1 para 10(b): for a hospital-order patient (a Part 3 CTO included)
            # s68(2)-(5) apply only after a transfer from guardianship to hospital.
            continue
        day = _applicable_day(detention, period, row)
        windows = list(_relevant_periods(row, day, until))
        for index, window in enumerate(windows):
            if utc(window.end) > utc(until) or not within(period.start, period.end, window.end):
                continue
            following = windows[index + 1].end if index + 1 < len(windows) else None
            before = None if following is None else statutory_time.london_date(following)
            satisfied = _exempt(detention, window, row, policy) or _referred(
                detention, statutory_time.london_date(window.start), before
            )
            due, suspended = _suspend(detention, window.end, as_of)
            yield ReferenceDuty(
                kind=kind,
                period_id=period.period_id,
                opens=window.start,
                due=due,
                source=row.source,
                satisfied=satisfied,
                suspended=suspended,
                expired=None if due == window.end else window.end,
            )


def _revocation_duties(detention: MhaDetention, policy: MhaPolicy) -> Iterator[ReferenceDuty]:
    for period in detention.periods:
        previous = previous_period(detention, period)
        # s68(7): an s3 restored by revoking a CTO, or a hospital order restored by revoking
        # a Part 3 CTO (s17G as applied by Sch 1 Pt 1 para 2; s68(7) unmodified by para 10).
        restored = previous is not None and previous.section is Section.CTO
        if not (
            _reference_kind(detention, period) is ReferenceKind.REVOKED
            or (restored and period.section in HOSPITAL_ORDERS)
        ):
            continue
        row = reference_rule(
            ReferenceKind.REVOCATION,
            statutory_time.london_date(period.start),
            mha2025=policy.mha2025_in_force_for_testing,
        )
        if row is None:
            continue
        day = statutory_time.london_date(period.start)
        yield ReferenceDuty(
            kind=ReferenceKind.REVOCATION,
            period_id=period.period_id,
            opens=period.start,
            due=period.start,
            source=row.source,
            satisfied=_referred(detention, day),
        )


def _under_18(detention: MhaDetention, day: date) -> bool:
    born = detention.date_of_birth
    if born is None:
        return False
    return day < statutory_time.full_months_after(born, 18 * 12)


def _considered_duty(
    detention: MhaDetention, as_of: datetime, policy: MhaPolicy
) -> ReferenceDuty | None:
    """s68(6): the reference when no tribunal has considered the case for a time."""
    current = next((p for p in detention.periods if within(p.start, p.end, as_of)), None)
    if current is None:
        return None
    # s68(6) applies to Part 2 patients and, through Sch 1 Pt 1 paras 2 and 10, to
    # unrestricted hospital-order patients (para 10 leaves s68(6) unmodified).
    if _reference_kind(detention, current) is None and not _hospital_order_chain(
        detention, current
    ):
        return None
    row = reference_rule(
        ReferenceKind.LAST_CONSIDERED,
        statutory_time.london_date(current.start),
        mha2025=policy.mha2025_in_force_for_testing,
    )
    if row is None or not row.months:
        return None
    today = statutory_time.london_date(as_of)
    heard = [day for day in detention.tribunal_hearings if day <= today]
    # What is known of the last time the case went to the tribunal: a hearing, or a
    # reference or application made since (pending, or heard but the hearing not recorded).
    sent = [day for day in detention.managers_references if day <= today]
    if row.waits_for_pending or heard:
        sent += [
            a.applied_on
            for a in detention.tribunal_applications
            if not a.withdrawn and a.applied_on <= today
        ]
    last_heard = max(heard, default=None)
    later = [day for day in sent if last_heard is None or day > last_heard]
    estimated = not heard or bool(later)
    if later:
        last = max(later)
    elif last_heard is not None:
        last = last_heard
    else:
        last = _original_admission(detention, current)
    months = row.months[0]
    if row.under_18_months is not None:
        young = statutory_time.add_days(
            statutory_time.full_months_after(last, row.under_18_months), 1
        )
        if _under_18(detention, young):
            months = row.under_18_months
    # "more than N months has elapsed since": the first day after N whole months.
    due_day = statutory_time.add_days(statutory_time.full_months_after(last, months), 1)
    arises = statutory_time.start_of_day(due_day)
    due, suspended = _suspend(detention, arises, as_of)
    return ReferenceDuty(
        kind=ReferenceKind.LAST_CONSIDERED,
        period_id=current.period_id,
        opens=statutory_time.start_of_day(last),
        due=due,
        source=row.source,
        satisfied=False,
        suspended=suspended,
        estimated=estimated,
        expired=None if due == arises else arises,
    )


def managers_reference_duties(
    detention: MhaDetention,
    as_of: datetime,
    policy: MhaPolicy | None = None,
    *,
    horizon: timedelta = timedelta(0),
) -> tuple[ReferenceDuty, ...]:
    """The hospital managers' reference duties (s68) of a chain falling due by ``as_of`` plus
    ``horizon``, satisfied or not.

    * s68(2): on the expiry of the relevant period beginning with the applicable day (six
      months; MHA 2025: three, then 3-12 months, then yearly for an admission for
      treatment, six, 6-12 months, then yearly for a CTO); the applicable day is the
      original s2 admission when an s3 was made while the patient was liable under the s2
      (s68(5)(b)(ii)), and for a community patient or a revoked CTO the same day
      (s68(5)(c)). A duty is counted only when the period it concerns is in force when it
      falls due. An application under the paragraphs of s66(1) the row lists removes it
      (s68(3)(a)); an s2 application (s66(1)(a)) does not.
    * s68(6): when more than three years (one year under 18; MHA 2025: 12 months) have
      elapsed since a tribunal last considered the case: counted from the latest recorded
      hearing, or from a reference or application made since it (a hearing will follow),
      or from the admission when nothing is recorded.
    * s68(7): as soon as possible after a CTO is revoked.

    Hospital-order patients (unrestricted s37, s47, s48, and a CTO made after one): Sch 1
    Pt 1 para 10 applies s68(2)-(5) only after a transfer from guardianship, so they get
    the s68(6) and s68(7) references but not the six-month one (MHA 2025 rows aside).

    s21(3): a reference due on a day the patient is absent without leave waits for the
    return.
    """
    policy = policy or _DEFAULT
    try:
        until = as_of + horizon
    except OverflowError:
        raise CalendarOverflowError("instant is out of range") from None
    duties = [
        *_period_duties(detention, as_of, until, policy),
        *_revocation_duties(detention, policy),
    ]
    considered = _considered_duty(detention, as_of, policy)
    if considered is not None and utc(considered.due) <= utc(until):
        duties.append(considered)
    return tuple(sorted(duties, key=lambda d: utc(d.due)))


def managers_reference_due(
    detention: MhaDetention, period: LegalStatusPeriod, policy: MhaPolicy | None = None
) -> datetime | None:
    """When the first s68(2) reference for ``period`` falls due, or ``None`` if none does.

    The expiry of the first relevant period beginning with the applicable day: for an s3 made
    while the patient was liable under an s2, six months beginning with the s2 admission.
    """
    policy = policy or _DEFAULT
    kind = _reference_kind(detention, period)
    if kind is None:
        return None
    row = reference_rule(
        kind, statutory_time.london_date(period.start), mha2025=policy.mha2025_in_force_for_testing
    )
    if row is None or not row.months:
        return None
    if row.regime is Regime.MHA_1983 and _hospital_order_chain(detention, period):
        return None  # Sch 1 Pt 1 para 10(b)
    day = _applicable_day(detention, period, row)
    return statutory_time.months_beginning_with(day, row.months[0]).end


def tribunal_calendar(
    detention: MhaDetention, until: date, policy: MhaPolicy | None = None
) -> tuple[CalendarEntry, ...]:
    """Every application window (s66) and managers' reference (s68) of a chain that opens or
    falls due on or before ``until``, in date order, each with its provision."""
    policy = policy or _DEFAULT
    entries: list[CalendarEntry] = []
    for period in detention.periods:
        try:
            entries.extend(window_entries(detention, period, until, policy))
        except UnknownCodeError:
            continue
    end = statutory_time.days_beginning_with(until, 1).end
    entries.extend(
        CalendarEntry("managers-reference", d.period_id, d.opens, d.due, d.source, d.satisfied)
        for d in managers_reference_duties(detention, end, policy)
    )
    return tuple(sorted(entries, key=lambda e: (e.closes.timestamp(), e.kind)))


def reference_checks(record: MhaDetention, ctx: CheckContext) -> Iterator[Finding]:
    """s68: the managers' references of the chain that fall due, unmade."""
    horizon = timedelta(days=ctx.policy.mha.managers_reference_warning_days)
    duties = managers_reference_duties(record, ctx.instant, ctx.policy.mha, horizon=horizon)
    for duty in duties:
        if duty.satisfied:
            continue
        yield _reference_finding(record, duty, ctx.instant)


def _reference_finding(record: MhaDetention, duty: ReferenceDuty, as_of: datetime) -> Finding:
    subject = record.detention_id
    locator = duty.source.locator.split(":")[0].split(";")[0]
    due = duty.due.astimezone(statutory_time.LONDON)
    if duty.kind is ReferenceKind.REVOCATION:
        return MANAGERS_REFERENCE_REVOCATION.finding(
            f"CTO revoked {day_text(duty.due)}: refer to the tribunal as soon as possible (s68(7))",
            path="$.managers_references",
            subject_id=subject,
            due=statutory_time.london_date(duty.due),
            source=duty.source,
        )
    if duty.suspended:
        return MANAGERS_REFERENCE_SUSPENDED.finding(
            f"managers' reference ({locator}) fell due while absent without leave; due on "
            "return (s21(3))",
            path="$.managers_references",
            subject_id=subject,
            due=due,
            source=duty.source,
        )
    since = (
        f"{day_text(duty.opens)} (no later tribunal hearing recorded)"
        if duty.estimated
        else day_text(duty.opens)
    )
    text = (
        f"managers' reference ({locator}): period beginning {since} expires "
        f"{last_day_text(duty.due)}"
        if duty.expired is None
        else f"managers' reference ({locator}): period beginning {since} expired "
        f"{last_day_text(duty.expired)} while absent without leave; due on the return "
        f"{day_text(duty.due)} (s21(3))"
    )
    message = f"{text}; no reference recorded"
    deadline = _ESTIMATED_REFERENCE if duty.estimated else _REFERENCE
    # Every duty listed is due soon: it falls due within the Trust's window, or a return
    # after it moved it (s21(3)); so no window limits the due-soon finding here.
    finding = deadline.check_instant(
        due,
        as_of,
        timedelta.max,
        overdue=message,
        due_soon=message,
        path="$.managers_references",
        subject_id=subject,
        source=duty.source,
    )
    assert finding is not None  # never "not due" with an unbounded window
    return finding
