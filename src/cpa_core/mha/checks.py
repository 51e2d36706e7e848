"""Checks of Mental Health Act records: the whole detention record, and what belongs to it
rather than to one part of the Act (rights information, s132 and s132A; s117 aftercare).

Two kinds of check, as everywhere in cpa_core:

* :func:`detention_rules` ``(record, policy)``: the record's own consistency, whatever the
  date (an s2 renewed, an s5(2) held past 72 hours, a renewal report outside its window,
  longer-term leave granted without considering a CTO, a recall held past 72 hours);
* :func:`detention_audit` ``(record, context)``: what is due or overdue at an instant.

Each runs the checks of the sub-areas in turn: each period's catalogue row and extension
(:mod:`cpa_core.mha.sections.checks`), the chain (:mod:`cpa_core.mha.chain.checks`),
expiries and renewals (:mod:`cpa_core.mha.expiries.checks`), leave and absence without leave
(:mod:`cpa_core.mha.absence.checks`), CTOs (:mod:`cpa_core.mha.cto.checks`), consent to
treatment (:mod:`cpa_core.mha.treatment.checks`), the tribunal
(:mod:`cpa_core.mha.tribunal.checks`) and the managers' references
(:mod:`cpa_core.mha.references.checks`).

Findings about a period whose anchor or period is not verified (``[V2]``/``[U]`` in the
reference) are at most warnings. A record whose dates cannot be counted (a date at the end
of the calendar) gets a finding, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime, timedelta
from functools import partial

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.findings import Deadline, Finding, FindingCode, Report, Severity
from cpa_core.mha.absence import checks as absence
from cpa_core.mha.chain import checks as chain
from cpa_core.mha.chain.checks import anchor_of
from cpa_core.mha.cto import checks as cto
from cpa_core.mha.expiries import checks as expiries
from cpa_core.mha.models import MhaDetention
from cpa_core.mha.references import checks as references
from cpa_core.mha.rules import S117, Section, mha_1983
from cpa_core.mha.sections import checks as sections
from cpa_core.mha.sections.checks import (
    CheckedPeriod,
    day_text,
    period_path,
    row_for,
    section_rows,
    utc,
    within,
)
from cpa_core.mha.treatment import checks as treatment
from cpa_core.mha.tribunal import checks as tribunal
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy
from cpa_core.provenance import Source
from cpa_core.records import RecordKind

__all__ = [
    "DATES_NOT_COUNTABLE",
    "FINDING_CODES",
    "MHA_DETENTION",
    "RECORD_KINDS",
    "RIGHTS_NOT_GIVEN",
    "RIGHTS_REPEAT_DUE",
    "S117_ENDED_DURING_CTO",
    "S117_NOT_RECORDED",
    "SECTION_NOT_IN_FORCE",
    "check_caseload",
    "check_detention",
    "detention_audit",
    "detention_rules",
    "s117_eligibility",
]

_S132 = Source(
    title="Mental Health Act 1983, s132 / s132A",
    publisher="legislation.gov.uk",
    locator="s132: as soon as practicable after detention and after any change of section",
    url="https://legislation.gov.uk/ukpga/1983/20/section/132/enacted",
)

SECTION_NOT_IN_FORCE = FindingCode(
    "MHA-SECTION-NOT-IN-FORCE",
    Severity.WARNING,
    "No catalogue row for the section is in force on the day the period started.",
)
DATES_NOT_COUNTABLE = FindingCode(
    "MHA-DATES-NOT-COUNTABLE",
    Severity.ERROR,
    "A date of the period is too near the end of the calendar (or too early) for its "
    "statutory periods to be counted: the record needs review.",
)
RIGHTS_NOT_GIVEN = FindingCode(
    "MHA-RIGHTS-NOT-GIVEN",
    Severity.WARNING,
    "No attempt to give rights information (s132/s132A) is recorded for the current "
    "section within the Trust's time.",
    source=_S132,
)
RIGHTS_REPEAT_DUE = FindingCode(
    "MHA-RIGHTS-REPEAT-DUE",
    Severity.WARNING,
    "The last attempt to give rights information was not understood and has not been "
    "repeated within the Trust's interval.",
    source=_S132,
)
_RIGHTS_FIRST = Deadline(RIGHTS_NOT_GIVEN)
_RIGHTS_REPEAT = Deadline(RIGHTS_REPEAT_DUE)
S117_NOT_RECORDED = FindingCode(
    "MHA-S117-NOT-RECORDED",
    Severity.WARNING,
    "The person left hospital after detention under an s117-eligible section and no s117 "
    "aftercare is recorded.",
    source=mha_1983(
        "s117(1): detained under s3, s37, s45A, s47 or s48, then ceases to be detained and "
        "leaves hospital",
        "117",
    ),
)
S117_ENDED_DURING_CTO = FindingCode(
    "MHA-S117-ENDED-DURING-CTO",
    Severity.ERROR,
    "s117 aftercare is recorded as ended while a CTO was in force.",
    source=mha_1983("s117(2): the duty cannot end while a community patient remains one", "117"),
)

FINDING_CODES: tuple[FindingCode, ...] = (
    expiries.EXPIRED,
    expiries.EXPIRES_SOON,
    expiries.EXPIRY_NOT_COMPUTED,
    SECTION_NOT_IN_FORCE,
    DATES_NOT_COUNTABLE,
    expiries.RENEWAL_DUE,
    expiries.RENEWAL_OUTSIDE_WINDOW,
    expiries.RENEWAL_VERIFY,
    expiries.NOT_RENEWABLE,
    expiries.HELD_PAST_EXPIRY,
    sections.EXTENSION_INVALID,
    chain.CHAIN_INVALID,
    chain.CONVERSION_NOT_ALLOWED,
    chain.CONVERSION_UNCATALOGUED,
    absence.LEAVE_CTO_NOT_CONSIDERED,
    absence.LEAVE_CURRENT,
    absence.AWOL,
    expiries.AWOL_AUTHORITY_EXTENDED,
    absence.AWOL_REPORT_DUE,
    absence.AWOL_NOT_APPLICABLE,
    cto.CTO_CONDITIONS_MISSING,
    cto.CTO_EXTENSION_AMHP_MISSING,
    cto.CTO_REVOCATION_AMHP_MISSING,
    cto.RECALL_IN_PROGRESS,
    cto.RECALL_SUSPENDED,
    cto.RECALL_TOO_LONG,
    treatment.S58_CERTIFICATE_DUE,
    treatment.S58_CERTIFICATE_MISSING,
    treatment.PART4A_CERTIFICATE_DUE,
    treatment.PART4A_CERTIFICATE_MISSING,
    RIGHTS_NOT_GIVEN,
    RIGHTS_REPEAT_DUE,
    tribunal.TRIBUNAL_WINDOW_OPEN,
    tribunal.TRIBUNAL_WINDOW_CLOSING,
    references.MANAGERS_REFERENCE_DUE,
    references.MANAGERS_REFERENCE_OVERDUE,
    references.MANAGERS_REFERENCE_REVOCATION,
    references.MANAGERS_REFERENCE_SUSPENDED,
    S117_NOT_RECORDED,
    S117_ENDED_DURING_CTO,
    chain.LEGAL_STATUS_CODE_MISMATCH,
)
"""Every finding code of the mha area."""


def _guarded(
    record: MhaDetention, path: str, check: Callable[[], Iterable[Finding]]
) -> list[Finding]:
    """The findings of ``check``, or one finding if its dates cannot be counted (a date
    beyond the calendar, :class:`~cpa_core.statutory_time.CalendarOverflowError`, or before
    the statutory period it needs was in force)."""
    try:
        return list(check())
    except (CpaCoreError, OverflowError):
        return [
            DATES_NOT_COUNTABLE.finding(
                "a date is outside the range in which its statutory periods can be counted",
                path=path,
                subject_id=record.detention_id,
            )
        ]


def detention_rules(record: MhaDetention, policy: TrustPolicy) -> Iterator[Finding]:
    """The record's own consistency rules, independent of the date.

    Yields:
        Findings for: a chain out of order, overlapping or with several active periods;
        conversions the law does not allow; renewals of non-renewable sections or outside
        the s20(3) window; ends recorded after expiry; invalid s136B extensions; longer-term
        leave without considering a CTO; absence recorded where s18 does not apply; CTO
        conditions, extensions and revocations missing what the Act requires; a recall held
        past 72 hours; an s117 record ended during a CTO; a legal status code that does not
        fit the section.
    """
    yield from chain.chain_rules(record)
    for index, period, row in section_rows(record, policy):
        if row is None:
            continue
        at = CheckedPeriod(record, index, period, row)
        yield from _guarded(record, period_path(index), partial(_period_rules, at, policy))
    yield from _aftercare_rules(record)


def _period_rules(at: CheckedPeriod, policy: TrustPolicy) -> Iterator[Finding]:
    anchor = anchor_of(at.record, at.period)
    yield from expiries.renewal_rules(at, anchor=anchor, policy=policy)
    yield from sections.extension_rules(at, anchor)
    yield from expiries.held_past_expiry(at, policy)
    if at.period.legal_status_code is not None:
        yield from chain.code_rules(at)
    yield from absence.leave_rules(at)
    yield from absence.absence_rules(at)
    if at.period.section is Section.CTO:
        yield from cto.cto_rules(at)
        yield from cto.recall_rules(at, policy)


def _aftercare_rules(record: MhaDetention) -> Iterator[Finding]:
    """s117(2): the aftercare duty cannot end while a community patient remains one."""
    aftercare = record.aftercare
    if aftercare is None or aftercare.ended_on is None:
        return
    ended = statutory_time.start_of_day(aftercare.ended_on)
    for period in record.periods:
        if period.section is not Section.CTO:
            continue
        if within(period.start, period.end, ended):
            yield S117_ENDED_DURING_CTO.finding(
                "s117 aftercare recorded as ended while a CTO was in force",
                path="$.aftercare.ended_on",
                subject_id=record.detention_id,
                due=aftercare.ended_on,
            )
            return


def detention_audit(record: MhaDetention, ctx: CheckContext) -> Iterator[Finding]:
    """The dated checks of one detention record at the instant of ``ctx``.

    Yields:
        Findings for: an active period past its expiry (absence without leave counted), or
        expiring soon; an authority extended by absence without leave, and the report due;
        a patient absent without leave or on leave; a renewal due; an expiry to verify by
        hand; a CTO recall in progress or over 72 hours; s58 and Part 4A certificates due or
        missing; rights not given or not repeated; tribunal windows open or closing;
        managers' references due, overdue or waiting for the patient's return; s117
        aftercare not recorded.
    """
    any_active = False
    for index, period, row in section_rows(record, ctx.policy):
        if not within(period.start, period.end, ctx.instant):
            continue
        any_active = True
        if row is None:
            yield SECTION_NOT_IN_FORCE.finding(
                f"no catalogue row for {period.section.label} on {day_text(period.start)}",
                path=period_path(index, "section"),
                subject_id=record.detention_id,
            )
            continue
        at = CheckedPeriod(record, index, period, row)
        yield from _guarded(record, period_path(index), partial(_period_audit, at, ctx))
    if any_active:
        yield from _guarded(record, "$", partial(references.reference_checks, record, ctx))
    yield from _guarded(record, "$", partial(treatment.treatment_checks, record, ctx))
    yield from _s117_checks(record, ctx)


def _period_audit(at: CheckedPeriod, ctx: CheckContext) -> Iterator[Finding]:
    yield from expiries.expiries_checks(at, ctx)
    yield from absence.leave_checks(at, ctx)
    yield from absence.awol_checks(at, ctx)
    yield from cto.recall_checks(at, ctx)
    yield from _rights_checks(at, ctx)
    yield from tribunal.tribunal_checks(at, ctx)


def _rights_checks(at: CheckedPeriod, ctx: CheckContext) -> Iterator[Finding]:
    """s132, s132A: rights information given as soon as practicable (within the Trust's
    hours), and repeated (within the Trust's days) when it was not understood."""
    record, period, row = at.record, at.period, at.row
    if row.s132 not in ("s132", "s132A"):
        return
    subject = record.detention_id
    attempts = sorted(
        (r for r in record.rights if r.period_id == period.period_id), key=lambda r: utc(r.at)
    )
    if not attempts:
        due = statutory_time.hours_from(period.start, ctx.policy.mha.rights_first_hours).end
        missing = _RIGHTS_FIRST.check_instant(
            due,
            ctx.instant,
            timedelta(0),
            overdue=f"{period.section.label}: no {row.s132} rights information recorded",
            path="$.rights",
            subject_id=subject,
        )
        if missing is not None:
            yield missing
        return
    last = attempts[-1]
    if last.understood:
        return
    due_day = statutory_time.add_days(
        statutory_time.london_date(last.at), ctx.policy.mha.rights_repeat_days
    )
    repeat = _RIGHTS_REPEAT.check(
        due_day,
        ctx.day,
        0,
        overdue=f"{period.section.label}: rights information not understood and not repeated",
        path="$.rights",
        subject_id=subject,
    )
    if repeat is not None:
        yield repeat


def s117_eligibility(detention: MhaDetention, policy: MhaPolicy | None = None) -> S117:
    """Whether any period of the chain gives a right to s117 aftercare.

    ``ELIGIBLE`` if any section is eligible; otherwise ``NOT_STATED`` if the catalogue is
    silent on any section of the chain; otherwise ``NOT_ELIGIBLE``.
    """
    grades: set[S117] = set()
    for item in detention.periods:
        try:
            grades.add(row_for(item, policy).s117)
        except UnknownCodeError:
            grades.add(S117.NOT_STATED)
    if S117.ELIGIBLE in grades:
        return S117.ELIGIBLE
    if S117.NOT_STATED in grades:
        return S117.NOT_STATED
    return S117.NOT_ELIGIBLE


def _s117_checks(record: MhaDetention, ctx: CheckContext) -> Iterator[Finding]:
    """s117(1): a person who left hospital after an eligible section has aftercare."""
    left = record.left_hospital_on
    if left is None or left > ctx.day or record.aftercare is not None:
        return
    if s117_eligibility(record, ctx.policy.mha) is S117.ELIGIBLE:
        yield S117_NOT_RECORDED.finding(
            "left hospital after an s117-eligible section; no s117 aftercare recorded",
            path="$.aftercare",
            subject_id=record.detention_id,
            due=left,
        )


def check_detention(
    record: MhaDetention, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one detention record: its own rules and the dated checks.

    ``as_of`` is the instant of the check; a ``date`` means the start of that day in London.
    The same report as :func:`cpa_core.due <cpa_core.validation.due>` gives.
    """
    return MHA_DETENTION.check(record, as_of, policy)


def check_caseload(
    records: Iterable[MhaDetention], as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about a caseload of detention records, worst and soonest first."""
    return Report.of(*(check_detention(record, as_of, policy) for record in records)).sorted()


MHA_DETENTION: RecordKind[MhaDetention] = RecordKind(
    name="mha-detention",
    domain="mha",
    model=MhaDetention,
    description=(
        "One person's continuous liability under the Mental Health Act: legal status "
        "periods with renewals, conversions, extensions, leave, absence without leave, CTO "
        "conditions and recalls, medication, Part 4 and 4A certificates, rights, tribunal "
        "applications, hearings and managers' references, and s117 aftercare."
    ),
    rules=detention_rules,
    audit=detention_audit,
)

RECORD_KINDS: tuple[RecordKind[MhaDetention], ...] = (MHA_DETENTION,)
"""The record kinds of the mha area."""
