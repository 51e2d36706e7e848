"""Checks of consent to treatment: the s58 certificate for patients Part 4 applies to
(detained, and community patients recalled to hospital, s56(4)), and the Part 4A certificate
for community patients (s64B, s64C).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.mha.chain.checks import anchor_of
from cpa_core.mha.cto.checks import recall_open
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.rules import Section, mha_1983, statutory_period
from cpa_core.mha.sections.checks import (
    section_rows,
    within,
)
from cpa_core.mha.treatment.rules import PART_4A_FORMS, S58_FORMS, CertificateForm, Part4
from cpa_core.provenance import Source

__all__ = [
    "PART4A_CERTIFICATE_DUE",
    "PART4A_CERTIFICATE_MISSING",
    "S58_CERTIFICATE_DUE",
    "S58_CERTIFICATE_MISSING",
    "part4a_certificate_from",
    "s58_certificate_from",
]


_S58 = mha_1983("s58(1)(b), (3): three months from first medicine in the period of liability", "58")
_PART_4A = Source(
    title="Mental Health Act 1983, Part 4A; Mental Health (Hospital, Guardianship and "
    "Treatment) (England) Regulations 2008",
    publisher="legislation.gov.uk",
    locator="s64B(2)(b), (4), s64C(3)-(4); SI 2008/1184 reg 28 (CTO11), (1A) (CTO12, "
    "inserted by SI 2012/1118 reg 2)",
    url="https://www.legislation.gov.uk/ukpga/1983/20/section/64B",
)

S58_CERTIFICATE_DUE = FindingCode(
    "MHA-S58-CERTIFICATE-DUE",
    Severity.WARNING,
    "The s58 three months are nearly complete and no T2 or T3 certificate is in force.",
    source=_S58,
)
S58_CERTIFICATE_MISSING = FindingCode(
    "MHA-S58-CERTIFICATE-MISSING",
    Severity.ERROR,
    "The s58 three months are complete and no T2 or T3 certificate is in force.",
    source=_S58,
)
PART4A_CERTIFICATE_DUE = FindingCode(
    "MHA-PART4A-CERTIFICATE-DUE",
    Severity.WARNING,
    "A community patient's medicine will soon need a Part 4A certificate (CTO11 or CTO12) "
    "and none is in force.",
    source=_PART_4A,
)
PART4A_CERTIFICATE_MISSING = FindingCode(
    "MHA-PART4A-CERTIFICATE-MISSING",
    Severity.ERROR,
    "A community patient's medicine needs a Part 4A certificate (CTO11 or CTO12) and none "
    "is in force.",
    source=_PART_4A,
)


def s58_certificate_from(first_given: date, *, mha2025: bool = False) -> date:
    """The first day on which s58 needs a T2 or T3 certificate.

    Counting kind: calendar months after an event (s58(1)(b): "three months or more have
    elapsed since the first occasion in that period" of liability; two months once MHA 2025
    s14 is commenced). First dose 10 February: the three months are complete at the end of
    10 May, so strictly a certificate is needed for doses from 11 May; cpa_core takes the
    conservative reading and returns 10 May (the corresponding date, or the month's last
    day when there is none).
    """
    rule = statutory_period("s58(1)(b)", first_given, mha2025=mha2025)
    return statutory_time.add_months(first_given, rule.length)


def part4a_certificate_from(cto_made: date, first_given: date, *, mha2025: bool = False) -> date:
    """The first day on which medicine for a community patient needs a Part 4A certificate.

    A certificate (CTO11 or CTO12) is needed for "section 58 type treatment" (s64B(2)(b)):
    medicine once s58 would apply had the patient remained liable to be detained (s64C(3),
    counted from the first medicine in the period of liability, s62A(2)), but not during the
    one month beginning with the day the CTO was made (s64B(4)). The later of the two days.
    """
    rule = statutory_period("s64B(4)", cto_made, mha2025=mha2025)
    month_over = statutory_time.add_days(
        statutory_time.months_beginning_with(cto_made, rule.length).last_day, 1
    )
    return max(month_over, s58_certificate_from(first_given, mha2025=mha2025))


def _certificate_in_force(
    record: MhaDetention, forms: frozenset[CertificateForm], today: date
) -> bool:
    for certificate in record.certificates:
        if certificate.form not in forms or certificate.given_on > today:
            continue
        if certificate.withdrawn_on is None or certificate.withdrawn_on > today:
            return True
    return False


def treatment_checks(record: MhaDetention, ctx: CheckContext) -> Iterator[Finding]:
    """s58 for patients Part 4 applies to (s56, including recalled community patients) and
    Part 4A for community patients not recalled (s64B)."""
    first = record.medication_first_given
    if first is None:
        return
    today = ctx.day
    midnight = statutory_time.start_of_day(today)
    mha2025 = ctx.policy.mha.mha2025_in_force_for_testing
    part4 = False
    community: LegalStatusPeriod | None = None
    # s62A(1): a community patient recalled to hospital, or detained again on the revocation
    # of the CTO: the CTO's period.
    s62a: LegalStatusPeriod | None = None
    revoked = False
    for _, period, row in section_rows(record, ctx.policy):
        if row is None or not within(period.start, period.end, midnight):
            continue
        if row.part4 is Part4.APPLIES:
            part4 = True
            previous = record.period(period.converted_from or "")
            if previous is not None and previous.section is Section.CTO:
                s62a, revoked = previous, True
        elif row.part4 is Part4.PART_4A:
            if any(r.detained_at is not None and recall_open(r, midnight) for r in period.recalls):
                part4 = True  # s56(4): recalled to hospital
                s62a = period
            else:
                community = period
    if part4:
        needed = s58_certificate_from(first, mha2025=mha2025)
        if s62a is not None and not revoked:
            # s62A(3)(b): s58 does not apply where the certificate requirement would not
            # (the month beginning with the day the CTO was made, s64B(4)).
            made = statutory_time.london_date(anchor_of(record, s62a))
            needed = part4a_certificate_from(made, first, mha2025=mha2025)
        if not _certificate_in_force(record, S58_FORMS, today):
            part4a = _certificate_in_force(record, PART_4A_FORMS, today)
            note = ""
            severity: Severity | None = None
            if s62a is not None and part4a:
                # s62A(3)(a): s58 does not apply where a Part 4A certificate meets the
                # requirement; a CTO11 only where it says so (s62A(5)), a CTO12 while the
                # patient has capacity and consents (s64C(4A)), and after revocation only
                # pending a T2 or T3 (s62A(7)). Not an error: the record cannot tell.
                severity = Severity.WARNING
                note = (
                    "; a Part 4A certificate is in force, which covers treatment only pending "
                    "a T2 or T3 (s62A(7))"
                    if revoked
                    else "; a Part 4A certificate is in force, which covers treatment on recall "
                    "if a CTO11 says so or, for a CTO12, while the patient has capacity and "
                    "consents (s62A(3)(a), (5))"
                )
            yield from _certificate_findings(
                record,
                needed,
                ctx,
                codes=(S58_CERTIFICATE_DUE, S58_CERTIFICATE_MISSING),
                what="s58",
                note=note,
                severity=severity,
            )
    if community is not None:
        made = statutory_time.london_date(anchor_of(record, community))
        needed = part4a_certificate_from(made, first, mha2025=mha2025)
        if not _certificate_in_force(record, PART_4A_FORMS, today):
            yield from _certificate_findings(
                record,
                needed,
                ctx,
                codes=(PART4A_CERTIFICATE_DUE, PART4A_CERTIFICATE_MISSING),
                what="Part 4A",
            )


def _certificate_findings(
    record: MhaDetention,
    needed_from: date,
    ctx: CheckContext,
    *,
    codes: tuple[FindingCode, FindingCode],
    what: str,
    note: str = "",
    severity: Severity | None = None,
) -> Iterator[Finding]:
    """A certificate due soon or missing. Not a :class:`~cpa_core.findings.Deadline`: the
    last day without one is the day before ``needed_from``, but the findings name
    ``needed_from``; and ``severity`` lowers a missing one for the s62A reading."""
    due_code, missing_code = codes
    status = statutory_time.due_status(
        statutory_time.add_days(needed_from, -1), ctx.day, ctx.policy.mha.s58_warning_days
    )
    if status is statutory_time.DueStatus.OVERDUE:
        yield missing_code.finding(
            f"{what}: a certificate is needed from {needed_from.isoformat()}; none in force" + note,
            path="$.certificates",
            subject_id=record.detention_id,
            due=needed_from,
            severity=severity,
        )
    elif status is statutory_time.DueStatus.DUE_SOON:
        yield due_code.finding(
            f"{what}: a certificate will be needed from {needed_from.isoformat()}; none in force"
            + note,
            path="$.certificates",
            subject_id=record.detention_id,
            due=needed_from,
        )
