"""Checks of Mental Health Act records: expiries, renewals, leave, absence without leave,
CTO events, Part 4 and 4A, rights, the tribunal calendar and s117.

Two kinds of check, as everywhere in cpa_core:

* :func:`detention_rules` ``(record, policy)``: the record's own consistency, whatever the
  date (an s2 renewed, an s5(2) held past 72 hours, a renewal report outside its window,
  longer-term leave granted without considering a CTO, a recall held past 72 hours);
* :func:`audit_detention` ``(record, as_of, policy)``: what is due or overdue at an instant.

Findings about a period whose anchor or period is not verified (``[V2]``/``[U]`` in the
reference) are at most warnings. A record whose dates cannot be counted (a date at the end
of the calendar) gets a finding, never an exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime, timedelta
from functools import partial

import attrs

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.mha import periods as arithmetic
from cpa_core.mha.models import (
    Absence,
    CertificateForm,
    ConditionKind,
    LegalStatusPeriod,
    MhaDetention,
    Recall,
)
from cpa_core.mha.rules import (
    LEGAL_STATUS_CODES,
    S117,
    Anchor,
    Awol,
    Part4,
    ReferenceKind,
    Section,
    SectionRow,
    codes_for_section,
    conversion_rule,
    mha_1983,
)
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import Evidence, Source
from cpa_core.records import RecordKind

__all__ = [
    "AWOL",
    "AWOL_AUTHORITY_EXTENDED",
    "AWOL_NOT_APPLICABLE",
    "AWOL_REPORT_DUE",
    "CHAIN_INVALID",
    "CONVERSION_NOT_ALLOWED",
    "CONVERSION_UNCATALOGUED",
    "CTO_CONDITIONS_MISSING",
    "CTO_EXTENSION_AMHP_MISSING",
    "CTO_REVOCATION_AMHP_MISSING",
    "DATES_NOT_COUNTABLE",
    "EXPIRED",
    "EXPIRES_SOON",
    "EXPIRY_NOT_COMPUTED",
    "EXTENSION_INVALID",
    "FINDING_CODES",
    "HELD_PAST_EXPIRY",
    "LEAVE_CTO_NOT_CONSIDERED",
    "LEAVE_CURRENT",
    "LEGAL_STATUS_CODE_MISMATCH",
    "MANAGERS_REFERENCE_DUE",
    "MANAGERS_REFERENCE_OVERDUE",
    "MANAGERS_REFERENCE_REVOCATION",
    "MANAGERS_REFERENCE_SUSPENDED",
    "MHA_DETENTION",
    "NOT_RENEWABLE",
    "PART4A_CERTIFICATE_DUE",
    "PART4A_CERTIFICATE_MISSING",
    "RECALL_IN_PROGRESS",
    "RECALL_SUSPENDED",
    "RECALL_TOO_LONG",
    "RECORD_KINDS",
    "RENEWAL_DUE",
    "RENEWAL_OUTSIDE_WINDOW",
    "RENEWAL_VERIFY",
    "RIGHTS_NOT_GIVEN",
    "RIGHTS_REPEAT_DUE",
    "S58_CERTIFICATE_DUE",
    "S58_CERTIFICATE_MISSING",
    "S117_ENDED_DURING_CTO",
    "S117_NOT_RECORDED",
    "SECTION_NOT_IN_FORCE",
    "TRIBUNAL_WINDOW_CLOSING",
    "TRIBUNAL_WINDOW_OPEN",
    "audit_caseload",
    "audit_detention",
    "check_detention",
    "detention_rules",
]


_act = mha_1983
_S20_3 = _act("s20(3), s20A(4): report within two months ending on the day of expiry", "20")
_S58 = _act("s58(1)(b), (3): three months from first medicine in the period of liability", "58")
_S132 = Source(
    title="Mental Health Act 1983, s132 / s132A",
    publisher="legislation.gov.uk",
    locator="s132: as soon as practicable after detention and after any change of section",
    url="https://legislation.gov.uk/ukpga/1983/20/section/132/enacted",
)
_S66 = _act("s66(1), (2): one application in each period", "66")
_S68 = _act("s68(2)-(7): the managers' duties to refer", "68")
_S21_3 = _act("s21(3): a reference due while absent without leave waits for the return", "21")
_S117 = _act(
    "s117(1): detained under s3, s37, s45A, s47 or s48, then ceases to be detained and "
    "leaves hospital",
    "117",
)
_S117_CTO = _act("s117(2): the duty cannot end while a community patient remains one", "117")
_S17 = _act("s17(2A), (2B): consider a CTO before leave of more than seven days", "17")
_S18 = _act("s18(1), (4): absence without leave; custody for six months or the period", "18")
_S21 = _act("s21(1), (2): authority continues until the end of a week after return", "21")
_S21B = _act("s21B(2), (4): examine and report within a week of a return after 28 days", "21B")
_S17B = _act("s17B(3): the two conditions every CTO must specify", "17B")
_S17F = _act("s17F(4), (6), (8): revoke or release within 72 hours of detention", "17F")
_S21_4 = _act("s21(4): the 72 hours run from the return if absent on their last day", "21")
_S20A = _act("s20A(4)(b), (8): an AMHP's written statement before an extension", "20A")
_PART_4A = Source(
    title="Mental Health Act 1983, Part 4A; Mental Health (Hospital, Guardianship and "
    "Treatment) (England) Regulations 2008",
    publisher="legislation.gov.uk",
    locator="s64B(2)(b), (4), s64C(3)-(4); SI 2008/1184 reg 28 (CTO11), (1A) (CTO12, "
    "inserted by SI 2012/1118 reg 2)",
    url="https://www.legislation.gov.uk/ukpga/1983/20/section/64B",
)
_RENEWAL_READINGS = Source(
    title="cpa_core shared reference, mental-health-act.md",
    publisher="cpa_core",
    locator="section 10: renewal end unsettled (readings A, B, C)",
    url="https://forum.mentalhealthlaw.co.uk/t/section-3-expiry-date/1329",
    evidence=Evidence.UNVERIFIED,
)
# Reference section 10: flag renewals of admissions on the 29th to the 31st [U].
_VERIFY_FROM_DAY = 29

_MHSDS = Source(
    title="MENTAL HEALTH ACT LEGAL STATUS CLASSIFICATION CODE",
    publisher="NHS England Data Dictionary",
    locator="code list; CTO patients record the suspended section",
    url="https://datadictionary.nhs.uk/data_elements/mental_health_act_legal_status_classification_code.html",
)

EXPIRED = FindingCode(
    "MHA-EXPIRED",
    Severity.ERROR,
    "A period is recorded as active after its authority expired: a possible unlawful "
    "detention. An authority the law extends (absence without leave, s21) is not expired "
    "until its extended end.",
)
EXPIRES_SOON = FindingCode(
    "MHA-EXPIRES-SOON",
    Severity.WARNING,
    "An active period's authority expires within the Trust's warning window.",
)
EXPIRY_NOT_COMPUTED = FindingCode(
    "MHA-EXPIRY-NOT-COMPUTED",
    Severity.INFO,
    "The catalogue states no period or anchor for this section: the Trust must track its "
    "expiry locally or supply the period in its policy (mha.trust_section_periods).",
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
RENEWAL_DUE = FindingCode(
    "MHA-RENEWAL-DUE",
    Severity.WARNING,
    "The renewal window (two months ending on the day of expiry) is open and no renewal "
    "is recorded.",
    source=_S20_3,
)
RENEWAL_OUTSIDE_WINDOW = FindingCode(
    "MHA-RENEWAL-OUTSIDE-WINDOW",
    Severity.ERROR,
    "A renewal report was furnished outside the two months ending on the day of expiry (or "
    "outside the period s21A extends after absence without leave).",
    source=_S20_3,
)
RENEWAL_VERIFY = FindingCode(
    "MHA-RENEWAL-VERIFY",
    Severity.WARNING,
    "The expiry falls where the readings of the months rule can differ (anchor day 29-31, "
    "or renewal readings disagree): verify with the MHA administrator.",
    source=_RENEWAL_READINGS,
)
NOT_RENEWABLE = FindingCode(
    "MHA-NOT-RENEWABLE",
    Severity.ERROR,
    "A renewal is recorded for a section that cannot be renewed (e.g. s2).",
)
HELD_PAST_EXPIRY = FindingCode(
    "MHA-HELD-PAST-EXPIRY",
    Severity.ERROR,
    "A period's recorded end is after its authority expired (e.g. s5(2) held over 72 hours).",
)
EXTENSION_INVALID = FindingCode(
    "MHA-EXTENSION-INVALID",
    Severity.ERROR,
    "An extension is recorded for a section without one, exceeds the maximum, or was "
    "authorised after the period expired.",
)
CHAIN_INVALID = FindingCode(
    "MHA-CHAIN-INVALID",
    Severity.ERROR,
    "The chain of periods is inconsistent: out of order, overlapping, more than one active, "
    "or converted from a period it does not hold.",
)
CONVERSION_NOT_ALLOWED = FindingCode(
    "MHA-CONVERSION-NOT-ALLOWED",
    Severity.ERROR,
    "A change of section the law does not allow (e.g. a CTO following s2).",
)
CONVERSION_UNCATALOGUED = FindingCode(
    "MHA-CONVERSION-UNCATALOGUED",
    Severity.INFO,
    "A change of section the catalogue has no row for: its period counts from its own start.",
)
LEAVE_CTO_NOT_CONSIDERED = FindingCode(
    "MHA-LEAVE-CTO-NOT-CONSIDERED",
    Severity.WARNING,
    "Leave of more than seven consecutive days (or indefinite leave) is recorded without "
    "the responsible clinician first considering a CTO.",
    source=_S17,
)
LEAVE_CURRENT = FindingCode(
    "MHA-LEAVE-CURRENT",
    Severity.INFO,
    "The patient is on leave of absence (s17); the authority keeps running.",
    source=_act("s17(1)-(2)", "17"),
)
AWOL = FindingCode(
    "MHA-AWOL",
    Severity.WARNING,
    "The patient is absent without leave; the finding names the end of the time they can be "
    "taken into custody (s18(4), (5)).",
    source=_S18,
)
AWOL_AUTHORITY_EXTENDED = FindingCode(
    "MHA-AWOL-AUTHORITY-EXTENDED",
    Severity.WARNING,
    "An authority that would have ended while the patient was absent without leave, or in "
    "the week before, continues (s21): the finding names the extended end and the report "
    "that is due.",
    source=_S21,
)
AWOL_REPORT_DUE = FindingCode(
    "MHA-AWOL-REPORT-DUE",
    Severity.WARNING,
    "The patient returned more than 28 days after going absent without leave: the "
    "responsible clinician must examine them and report within a week of the return, or "
    "the authority ends.",
    source=_S21B,
)
AWOL_NOT_APPLICABLE = FindingCode(
    "MHA-AWOL-NOT-APPLICABLE",
    Severity.INFO,
    "An absence without leave is recorded for a section s18 does not apply to (a place of "
    "safety, a remand, an interim order): the period is not extended.",
)
CTO_CONDITIONS_MISSING = FindingCode(
    "MHA-CTO-CONDITIONS-MISSING",
    Severity.WARNING,
    "A CTO does not record the two conditions every order must specify (examination for "
    "extension, and for a Part 4A certificate).",
    source=_S17B,
)
CTO_EXTENSION_AMHP_MISSING = FindingCode(
    "MHA-CTO-EXTENSION-AMHP-MISSING",
    Severity.WARNING,
    "A CTO extension report is recorded without an approved mental health professional's "
    "written statement made before it.",
    source=_S20A,
)
CTO_REVOCATION_AMHP_MISSING = FindingCode(
    "MHA-CTO-REVOCATION-AMHP-MISSING",
    Severity.WARNING,
    "A CTO revocation is recorded without an approved mental health professional's written "
    "agreement.",
    source=_S17F,
)
RECALL_IN_PROGRESS = FindingCode(
    "MHA-RECALL-IN-PROGRESS",
    Severity.WARNING,
    "A community patient is held on recall: release them or revoke the CTO before the "
    "72 hours end.",
    source=_S17F,
)
RECALL_SUSPENDED = FindingCode(
    "MHA-RECALL-SUSPENDED",
    Severity.INFO,
    "A recalled patient is absent without leave on the day the 72 hours would end: they run "
    "again from the return.",
    source=_S21_4,
)
RECALL_TOO_LONG = FindingCode(
    "MHA-RECALL-TOO-LONG",
    Severity.ERROR,
    "A community patient is (or was) held on recall longer than 72 hours from their "
    "detention under the notice without the CTO being revoked. Counted from the notice when "
    "the detention's start is not recorded, and then a warning only.",
    source=_S17F,
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
TRIBUNAL_WINDOW_OPEN = FindingCode(
    "MHA-TRIBUNAL-WINDOW-OPEN",
    Severity.INFO,
    "A tribunal application window is open and no application is recorded in it.",
    source=_S66,
)
TRIBUNAL_WINDOW_CLOSING = FindingCode(
    "MHA-TRIBUNAL-WINDOW-CLOSING",
    Severity.WARNING,
    "A tribunal application window closes within the Trust's warning window and no "
    "application is recorded in it.",
    source=_S66,
)
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
MANAGERS_REFERENCE_REVOCATION = FindingCode(
    "MHA-MANAGERS-REFERENCE-REVOCATION",
    Severity.WARNING,
    "A CTO was revoked and no managers' reference is recorded since: refer as soon as "
    "possible (s68(7)).",
    source=_act("s68(7)", "68"),
)
MANAGERS_REFERENCE_SUSPENDED = FindingCode(
    "MHA-MANAGERS-REFERENCE-SUSPENDED",
    Severity.INFO,
    "A managers' reference fell due on a day the patient was absent without leave: it is "
    "due on their return.",
    source=_S21_3,
)
S117_NOT_RECORDED = FindingCode(
    "MHA-S117-NOT-RECORDED",
    Severity.WARNING,
    "The person left hospital after detention under an s117-eligible section and no s117 "
    "aftercare is recorded.",
    source=_S117,
)
S117_ENDED_DURING_CTO = FindingCode(
    "MHA-S117-ENDED-DURING-CTO",
    Severity.ERROR,
    "s117 aftercare is recorded as ended while a CTO was in force.",
    source=_S117_CTO,
)
LEGAL_STATUS_CODE_MISMATCH = FindingCode(
    "MHA-LEGAL-STATUS-CODE-MISMATCH",
    Severity.WARNING,
    "The MHSDS legal status code recorded for a period does not stand for its section (for "
    "a CTO: the suspended section).",
    source=_MHSDS,
)

FINDING_CODES: tuple[FindingCode, ...] = (
    EXPIRED,
    EXPIRES_SOON,
    EXPIRY_NOT_COMPUTED,
    SECTION_NOT_IN_FORCE,
    DATES_NOT_COUNTABLE,
    RENEWAL_DUE,
    RENEWAL_OUTSIDE_WINDOW,
    RENEWAL_VERIFY,
    NOT_RENEWABLE,
    HELD_PAST_EXPIRY,
    EXTENSION_INVALID,
    CHAIN_INVALID,
    CONVERSION_NOT_ALLOWED,
    CONVERSION_UNCATALOGUED,
    LEAVE_CTO_NOT_CONSIDERED,
    LEAVE_CURRENT,
    AWOL,
    AWOL_AUTHORITY_EXTENDED,
    AWOL_REPORT_DUE,
    AWOL_NOT_APPLICABLE,
    CTO_CONDITIONS_MISSING,
    CTO_EXTENSION_AMHP_MISSING,
    CTO_REVOCATION_AMHP_MISSING,
    RECALL_IN_PROGRESS,
    RECALL_SUSPENDED,
    RECALL_TOO_LONG,
    S58_CERTIFICATE_DUE,
    S58_CERTIFICATE_MISSING,
    PART4A_CERTIFICATE_DUE,
    PART4A_CERTIFICATE_MISSING,
    RIGHTS_NOT_GIVEN,
    RIGHTS_REPEAT_DUE,
    TRIBUNAL_WINDOW_OPEN,
    TRIBUNAL_WINDOW_CLOSING,
    MANAGERS_REFERENCE_DUE,
    MANAGERS_REFERENCE_OVERDUE,
    MANAGERS_REFERENCE_REVOCATION,
    MANAGERS_REFERENCE_SUSPENDED,
    S117_NOT_RECORDED,
    S117_ENDED_DURING_CTO,
    LEGAL_STATUS_CODE_MISMATCH,
)
"""Every finding code of the mha area."""

# s17(2A) applies to leave under s17: Part 2 detention and unrestricted hospital orders
# (Sch 1 Pt 1 para 1); Sch 1 Pt 2 para 3(aa) omits it for restricted patients.
_LEAVE_SECTIONS = frozenset({Section.S2, Section.S3, Section.S37})
_PART_4A_FORMS = frozenset({CertificateForm.CTO11, CertificateForm.CTO12})
_S58_FORMS = frozenset({CertificateForm.T2, CertificateForm.T3})


def _grade(row: SectionRow) -> Severity | None:
    # A fact the reference has not verified is never an error (reference README rule 3).
    return None if row.anchor_evidence is Evidence.VERIFIED else Severity.WARNING


def _path(index: int, field: str = "") -> str:
    return f"$.periods[{index}]" + (f".{field}" if field else "")


def _utc(instant: datetime) -> datetime:
    return statutory_time.require_aware(instant).astimezone(UTC)


def _day(instant: datetime) -> str:
    return statutory_time.london_date(instant).isoformat()


def _last_day(end: datetime) -> str:
    """The London day of the last instant before the exclusive ``end``."""
    return statutory_time.Period(end, end).last_day.isoformat()


def _rows(
    record: MhaDetention, policy: TrustPolicy
) -> Iterator[tuple[int, LegalStatusPeriod, SectionRow | None]]:
    for index, period in enumerate(record.periods):
        try:
            yield index, period, arithmetic.row_for(period, policy.mha)
        except UnknownCodeError:
            yield index, period, None


def _guarded(
    record: MhaDetention, path: str, check: Callable[[], Iterable[Finding]]
) -> list[Finding]:
    """The findings of ``check``, or one finding if its dates cannot be counted."""
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
    yield from _chain_rules(record, policy)
    for index, period, row in _rows(record, policy):
        if row is None:
            continue
        yield from _guarded(
            record, _path(index), partial(_period_rules, record, index, period, row, policy)
        )
    yield from _aftercare_rules(record)


def _period_rules(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    subject = record.detention_id
    label = period.section.label
    # A row with no stated period (the court and prison sections) says nothing about
    # renewal either: its renewability is unknown, not "no".
    if period.renewals and row.periods and not row.renewable:
        yield NOT_RENEWABLE.finding(
            f"{label} cannot be renewed",
            path=_path(index, "renewals"),
            subject_id=subject,
            source=row.source,
            severity=_grade(row),
        )
    anchor = arithmetic.anchor_of(record, period)
    yield from _renewal_rules(record, index, period, row, anchor=anchor, policy=policy)
    yield from _extension_rules(record, index, period, row, anchor)
    expires = arithmetic.expiry(record, period, policy.mha)
    if expires is not None and period.end is not None and _utc(period.end) > _utc(expires):
        yield HELD_PAST_EXPIRY.finding(
            f"{label} recorded as ending after its authority expired",
            path=_path(index, "end"),
            subject_id=subject,
            due=expires,
            source=row.source,
            severity=_expired_grade(record, period, row, period.end),
        )
    if period.legal_status_code is not None:
        yield from _code_rules(record, index, period)
    yield from _leave_rules(record, index, period)
    yield from _absence_rules(record, index, period, row)
    if period.section is Section.CTO:
        yield from _cto_rules(record, index, period)
        yield from _recall_rules(record, index, period, policy)


def _renewal_rules(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    *,
    anchor: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    """s20(3), s20A(4): each renewal report within the two months ending on the day of
    expiry; s21A(2): or, after a return within 28 days, within the extended period."""
    if not (row.renewable and row.computable and row.anchor is Anchor.MONTHS_BEGINNING_WITH):
        return
    authority = arithmetic.authority_periods(row, anchor, len(period.renewals) + 1)
    for k, renewal in enumerate(period.renewals):
        if k >= len(authority):
            break
        window = arithmetic.renewal_window(authority[k])
        report = statutory_time.start_of_day(renewal.report_on)
        if window.contains(report) or _in_s21a_extension(record, period, k, report, policy):
            continue
        yield RENEWAL_OUTSIDE_WINDOW.finding(
            f"renewal {k + 1} of {period.section.label}: report outside the window "
            f"{_day(window.start)} to {window.last_day.isoformat()}",
            path=_path(index, f"renewals[{k}].report_on"),
            subject_id=record.detention_id,
            due=window.last_day,
            severity=_grade(row) or _window_grade(row, anchor, k, window, renewal.report_on),
        )


def _in_s21a_extension(
    record: MhaDetention, period: LegalStatusPeriod, k: int, report: datetime, policy: TrustPolicy
) -> bool:
    """Whether a late report falls in the period s21 extended after absence (s21A(2))."""
    if not period.absences:
        return False
    before = attrs.evolve(period, renewals=period.renewals[:k], end=None)
    found = arithmetic.authority(record, before, policy.mha)
    if found is None or not found.extended or found.report_missing:
        return False
    return _utc(found.base_end) <= _utc(report) < _utc(found.end)


def _leave_rules(record: MhaDetention, index: int, period: LegalStatusPeriod) -> Iterator[Finding]:
    """s17(2A): longer-term leave only after the responsible clinician considers a CTO."""
    if period.section not in _LEAVE_SECTIONS:
        return
    for k, leave in enumerate(period.leave):
        if not arithmetic.leave_is_longer_term(leave):
            continue
        considered = leave.cto_considered_on
        if considered is not None and considered <= statutory_time.london_date(leave.start):
            continue
        length = "indefinite leave" if leave.end is None else "leave of more than seven days"
        when = "not recorded" if considered is None else "recorded only after the leave began"
        yield LEAVE_CTO_NOT_CONSIDERED.finding(
            f"{period.section.label}: {length} from {_day(leave.start)}; consideration of a "
            f"CTO {when}",
            path=_path(index, f"leave[{k}].cto_considered_on"),
            subject_id=record.detention_id,
            due=statutory_time.london_date(leave.start),
        )


def _absence_rules(
    record: MhaDetention, index: int, period: LegalStatusPeriod, row: SectionRow
) -> Iterator[Finding]:
    if not period.absences or row.awol is not Awol.NOT_APPLICABLE:
        return
    yield AWOL_NOT_APPLICABLE.finding(
        f"{period.section.label}: s18 does not apply; absence does not extend the period",
        path=_path(index, "absences"),
        subject_id=record.detention_id,
        source=row.awol_source,
    )


def _cto_rules(record: MhaDetention, index: int, period: LegalStatusPeriod) -> Iterator[Finding]:
    subject = record.detention_id
    kinds = {condition.kind for condition in period.conditions}
    missing = [
        kind.value
        for kind in (ConditionKind.EXAMINATION_S20A, ConditionKind.EXAMINATION_PART4A)
        if kind not in kinds
    ]
    if missing:
        yield CTO_CONDITIONS_MISSING.finding(
            f"CTO made {_day(period.start)}: mandatory conditions not recorded "
            f"({', '.join(missing)})",
            path=_path(index, "conditions"),
            subject_id=subject,
        )
    for k, renewal in enumerate(period.renewals):
        agreed = renewal.amhp_agreed_on
        if agreed is not None and agreed <= renewal.report_on:
            continue
        when = "not recorded" if agreed is None else "dated after the report"
        yield CTO_EXTENSION_AMHP_MISSING.finding(
            f"CTO extension {k + 1}: AMHP statement {when}; without it the report does not "
            "extend the CTO",
            path=_path(index, f"renewals[{k}].amhp_agreed_on"),
            subject_id=subject,
            due=renewal.report_on,
        )
    for k, recall in enumerate(period.recalls):
        if recall.revoked and recall.amhp_agreed_on is None:
            yield CTO_REVOCATION_AMHP_MISSING.finding(
                "CTO revoked; AMHP agreement not recorded",
                path=_path(index, f"recalls[{k}].amhp_agreed_on"),
                subject_id=subject,
            )


def _revoked_at(record: MhaDetention, period: LegalStatusPeriod) -> datetime | None:
    """When a CTO was revoked: the start of the detention restored in its place."""
    for other in record.periods:
        if other.converted_from == period.period_id and other.period_id != period.period_id:
            return other.start
    return None


def _recall_grade(limit: arithmetic.RecallLimit) -> Severity | None:
    # Counted from the notice, the 72 hours may start too early: never an error then.
    return None if limit.anchor_recorded else Severity.WARNING


def _recall_rules(
    record: MhaDetention, index: int, period: LegalStatusPeriod, policy: TrustPolicy
) -> Iterator[Finding]:
    """s17F(6): a recall that ended (release or revocation) after its 72 hours."""
    for k, recall in enumerate(period.recalls):
        ended = recall.released_at
        if ended is None and recall.revoked:
            ended = _revoked_at(record, period)
        if ended is None:
            continue
        limit = arithmetic.recall_limit(period, recall, policy.mha)
        if limit.end is not None and _utc(ended) > _utc(limit.end):
            yield _too_long(record, index, k, limit)


def _too_long(record: MhaDetention, index: int, k: int, limit: arithmetic.RecallLimit) -> Finding:
    assert limit.end is not None
    counted = "detention under the notice" if limit.anchor_recorded else "the notice"
    return RECALL_TOO_LONG.finding(
        f"CTO recall held past 72 hours from {counted} ({limit.end.isoformat()}) without "
        "revocation",
        path=_path(index, f"recalls[{k}]"),
        subject_id=record.detention_id,
        due=limit.end.astimezone(statutory_time.LONDON),
        severity=_recall_grade(limit),
    )


def _chain_rules(record: MhaDetention, policy: TrustPolicy) -> Iterator[Finding]:
    subject = record.detention_id
    active = [i for i, p in enumerate(record.periods) if p.end is None]
    if len(active) > 1:
        yield CHAIN_INVALID.finding(
            f"{len(active)} periods are recorded as active at once",
            path=_path(active[-1], "end"),
            subject_id=subject,
        )
    for index in range(1, len(record.periods)):
        before, after = record.periods[index - 1], record.periods[index]
        if _utc(after.start) < _utc(before.start):
            yield CHAIN_INVALID.finding(
                "periods are not in order of start", path=_path(index, "start"), subject_id=subject
            )
        elif before.end is not None and _utc(before.end) > _utc(after.start):
            yield CHAIN_INVALID.finding(
                "a period ends after the next one starts",
                path=_path(index - 1, "end"),
                subject_id=subject,
            )
    for index, period in enumerate(record.periods):
        if period.converted_from is None:
            continue
        previous = record.period(period.converted_from)
        if previous is None or previous.period_id == period.period_id:
            yield CHAIN_INVALID.finding(
                "converted from a period the chain does not hold",
                path=_path(index, "converted_from"),
                subject_id=subject,
            )
            continue
        rule = conversion_rule(
            previous.section, period.section, statutory_time.london_date(period.start)
        )
        if rule is None:
            yield CONVERSION_UNCATALOGUED.finding(
                f"change from {previous.section.label} to {period.section.label} has no "
                "catalogue row",
                path=_path(index, "converted_from"),
                subject_id=subject,
            )
        elif not rule.allowed:
            yield CONVERSION_NOT_ALLOWED.finding(
                f"{period.section.label} cannot follow {previous.section.label}: {rule.note}",
                path=_path(index, "converted_from"),
                subject_id=subject,
                source=rule.source,
            )


def _extension_rules(
    record: MhaDetention, index: int, period: LegalStatusPeriod, row: SectionRow, anchor: datetime
) -> Iterator[Finding]:
    extension = period.extension
    if extension is None:
        return
    path = _path(index, "extension")
    if row.extension_hours is None:
        yield EXTENSION_INVALID.finding(
            f"{period.section.label} has no extension", path=path, subject_id=record.detention_id
        )
        return
    if extension.hours > row.extension_hours:
        yield EXTENSION_INVALID.finding(
            f"extension of {extension.hours} hours exceeds {row.extension_hours}",
            path=f"{path}.hours",
            subject_id=record.detention_id,
            source=row.source,
        )
    base = arithmetic.authority_periods(row, anchor, 1)
    if base and _utc(extension.authorised_at) >= _utc(base[0].end):
        yield EXTENSION_INVALID.finding(
            "extension authorised after the period expired",
            path=f"{path}.authorised_at",
            subject_id=record.detention_id,
            due=base[0].end,
            source=row.source,
            severity=_grade(row),
        )


def _code_rules(record: MhaDetention, index: int, period: LegalStatusPeriod) -> Iterator[Finding]:
    code = period.legal_status_code
    expected = period.section
    if period.section is Section.CTO:
        # MHSDS has no CTO code: the suspended section's code is recorded, which only the
        # chain can tell.
        previous = record.period(period.converted_from or "")
        if previous is None:
            return
        expected = previous.section
    if code not in codes_for_section(expected):
        known = code in LEGAL_STATUS_CODES.keys()  # noqa: SIM118 (a RuleTable, not a dict)
        yield LEGAL_STATUS_CODE_MISMATCH.finding(
            f"legal status code {code} does not stand for {expected.label}"
            + ("" if known else " (not a catalogued code)"),
            path=_path(index, "legal_status_code"),
            subject_id=record.detention_id,
        )


def _aftercare_rules(record: MhaDetention) -> Iterator[Finding]:
    aftercare = record.aftercare
    if aftercare is None or aftercare.ended_on is None:
        return
    ended = statutory_time.start_of_day(aftercare.ended_on)
    for period in record.periods:
        if period.section is not Section.CTO:
            continue
        if _utc(period.start) <= _utc(ended) and (
            period.end is None or _utc(ended) < _utc(period.end)
        ):
            yield S117_ENDED_DURING_CTO.finding(
                "s117 aftercare recorded as ended while a CTO was in force",
                path="$.aftercare.ended_on",
                subject_id=record.detention_id,
                due=aftercare.ended_on,
            )
            return


def _active(period: LegalStatusPeriod, as_of: datetime) -> bool:
    return _within(period.start, period.end, as_of)


def audit_detention(record: MhaDetention, ctx: CheckContext) -> Iterator[Finding]:
    """The dated checks of one detention record as of the instant ``as_of``.

    Yields:
        Findings for: an active period past its expiry (absence without leave counted), or
        expiring soon; an authority extended by absence without leave, and the report due;
        a patient absent without leave or on leave; a renewal due; an expiry to verify by
        hand; a CTO recall in progress or over 72 hours; s58 and Part 4A certificates due or
        missing; rights not given or not repeated; tribunal windows open or closing;
        managers' references due, overdue or waiting for the patient's return; s117
        aftercare not recorded.
    """
    as_of, policy = ctx.instant, ctx.policy
    statutory_time.require_aware(as_of, "as_of")
    today = statutory_time.london_date(as_of)
    any_active = False
    for index, period, row in _rows(record, policy):
        if not _active(period, as_of):
            continue
        any_active = True
        if row is None:
            yield SECTION_NOT_IN_FORCE.finding(
                f"no catalogue row for {period.section.label} on {_day(period.start)}",
                path=_path(index, "section"),
                subject_id=record.detention_id,
            )
            continue
        yield from _guarded(
            record,
            _path(index),
            partial(_period_audit, record, index, period, row, as_of=as_of, policy=policy),
        )
    if any_active:
        yield from _guarded(record, "$", partial(_reference_checks, record, as_of, policy))
    yield from _guarded(record, "$", partial(_treatment_checks, record, as_of, policy))
    yield from _s117_checks(record, today, policy)


def _period_audit(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    *,
    as_of: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    yield from _expiry_checks(record, index, period, row, as_of=as_of, policy=policy)
    yield from _leave_checks(record, index, period, as_of)
    yield from _awol_checks(record, index, period, row, as_of=as_of, policy=policy)
    yield from _recall_checks(record, index, period, as_of, policy)
    yield from _rights_checks(record, index, period, row, as_of=as_of, policy=policy)
    yield from _tribunal_checks(record, period, as_of=as_of, policy=policy)


def _expiry_checks(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    *,
    as_of: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    subject = record.detention_id
    label = period.section.label
    if not row.computable:
        yield EXPIRY_NOT_COMPUTED.finding(
            f"{label}: no period or anchor in the catalogue; track expiry locally",
            path=_path(index, "section"),
            subject_id=subject,
            source=row.source,
        )
        return
    found = arithmetic.authority(record, period, policy.mha)
    assert found is not None  # a computable row always has a period
    if period.end is None:
        yield from _status_checks(record, index, period, row, found, as_of=as_of, policy=policy)
    if row.anchor is not Anchor.MONTHS_BEGINNING_WITH:
        return
    anchor = arithmetic.anchor_of(record, period)
    # The periods an s21B report renewed (s21B(5), (6)) come before later renewals.
    current_index = len(period.renewals) + found.s21b_renewals if row.renewable else 0
    authority = arithmetic.authority_periods(row, anchor, current_index + 1)
    current = authority[-1]
    window_period = arithmetic.renewal_window(current)
    if row.renewable and window_period.contains(as_of):
        yield RENEWAL_DUE.finding(
            f"{label}: renewal window open; authority ends {current.last_day.isoformat()}",
            path=_path(index, "renewals"),
            subject_id=subject,
            due=current.end,
        )
    day = statutory_time.london_date(anchor)
    readings = arithmetic.renewal_readings(row, day, current_index)
    # Raised from the opening of the renewal window, when the end date starts to matter.
    if (day.day >= _VERIFY_FROM_DAY or not readings.agree) and _utc(as_of) >= _utc(
        window_period.start
    ):
        yield RENEWAL_VERIFY.finding(
            f"{label}: period {current_index + 1} ends {readings.anchored.isoformat()} "
            f"(readings: {readings.chained_after.isoformat()}, "
            f"{readings.anchored.isoformat()}, {readings.chained_beginning.isoformat()})",
            path=_path(index, "renewals"),
            subject_id=subject,
            due=readings.earliest,
        )


def _status_checks(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    found: arithmetic.Authority,
    *,
    as_of: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    """Expired, expiring soon, or extended by absence without leave: from the end in law."""
    subject = record.detention_id
    label = period.section.label
    if row.anchor is Anchor.HOURS_FROM:
        window = timedelta(hours=policy.mha.expiry_warning_hours)
    else:
        window = timedelta(days=policy.mha.expiry_warning_days)
    status = statutory_time.instant_due_status(found.end, as_of, window)
    if status is statutory_time.DueStatus.OVERDUE:
        why = {
            "s21B(4)": "; no s21B report within a week of the return",
            "s21(2)(c)": "; the time for taking the patient into custody has ended",
        }.get(found.provision, "")
        yield EXPIRED.finding(
            f"{label} authority expired{why}; the period is still recorded as active",
            path=_path(index, "end"),
            subject_id=subject,
            due=found.end.astimezone(statutory_time.LONDON),
            source=row.source,
            severity=_expired_grade(record, period, row, as_of),
        )
        return
    if found.extended or found.until_return:
        yield _extended(record, index, period, row, found)
        return
    if status is statutory_time.DueStatus.DUE_SOON:
        yield EXPIRES_SOON.finding(
            f"{label} authority expires soon",
            path=_path(index),
            subject_id=subject,
            due=found.end.astimezone(statutory_time.LONDON),
            source=row.source,
        )


def _extended(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    found: arithmetic.Authority,
) -> Finding:
    """The authority extended by absence without leave: its end, and the report due."""
    base = _last_day(found.base_end)
    if found.until_return:
        text = (
            f"{period.section.label} would have ended {base}; absent without leave, it "
            "continues to the end of the week beginning with the day of return, at the "
            f"latest {_last_day(found.end)} (s21, s18(4)); on return within 28 days of the "
            "first day of absence a renewal report may be furnished in the extended period "
            "(s21A); later, the responsible clinician must examine and report within a week "
            "(s21B)"
        )
    elif found.provision == "s21B(5)":
        text = (
            f"{period.section.label} renewed by the s21B report: authority ends "
            f"{_last_day(found.end)}"
        )
    else:
        text = (
            f"{period.section.label} would have ended {base}; extended by absence without "
            f"leave to {_last_day(found.end)} ({found.provision})"
        )
        if found.report_due is None and row.renewable:
            text += "; a renewal report may be furnished until then (s21A)"
    return AWOL_AUTHORITY_EXTENDED.finding(
        text,
        path=_path(index, "absences"),
        subject_id=record.detention_id,
        due=found.end.astimezone(statutory_time.LONDON),
    )


def _window_grade(
    row: SectionRow, anchor: datetime, k: int, window: statutory_time.Period, report_on: date
) -> Severity | None:
    """The severity of a report outside the renewal window, or ``None`` for ERROR.

    Two edges of the window are not settled. Its end rests on reading B where the renewal
    readings disagree (reference section 10, [U]): a report after B's last day but not after
    the latest reading's is only a warning. Its start is the day after the date two months
    before the last day; where that month has no such date, the reference works no example,
    so a report on the month's last day (the other reading) is only a warning.
    """
    last = window.last_day
    if report_on > last:
        readings = arithmetic.renewal_readings(row, statutory_time.london_date(anchor), k)
        latest = max(readings.chained_after, readings.anchored, readings.chained_beginning)
        return Severity.WARNING if report_on <= latest else None
    back = statutory_time.add_months(last, -2)
    clamped = back.day != last.day
    return Severity.WARNING if clamped and report_on == back else None


def _expired_grade(
    record: MhaDetention, period: LegalStatusPeriod, row: SectionRow, at: datetime
) -> Severity | None:
    """The severity of being held at ``at`` past the expiry, or ``None`` for ERROR.

    Reading B of a renewal's end is [U] (reference section 10): while another reading still
    gives authority, the expiry is a warning; once every reading has ended, an error.
    """
    grade = _grade(row)
    if grade is not None or row.anchor is not Anchor.MONTHS_BEGINNING_WITH or not row.renewable:
        return grade
    day = statutory_time.london_date(arithmetic.anchor_of(record, period))
    readings = arithmetic.renewal_readings(row, day, len(period.renewals))
    latest = max(readings.chained_after, readings.anchored, readings.chained_beginning)
    if _utc(at) < _utc(statutory_time.start_of_day(statutory_time.add_days(latest, 1))):
        return Severity.WARNING
    return None


def _leave_checks(
    record: MhaDetention, index: int, period: LegalStatusPeriod, as_of: datetime
) -> Iterator[Finding]:
    for k, leave in enumerate(period.leave):
        if not _within(leave.start, leave.end, as_of):
            continue
        if any(_absent_at(absence, as_of) for absence in period.absences):
            continue
        until = "indefinitely" if leave.end is None else f"until {_day(leave.end)}"
        yield LEAVE_CURRENT.finding(
            f"{period.section.label}: on leave of absence {until}",
            path=_path(index, f"leave[{k}]"),
            subject_id=record.detention_id,
            due=None if leave.end is None else leave.end.astimezone(statutory_time.LONDON),
        )


def _within(start: datetime, end: datetime | None, at: datetime) -> bool:
    """Whether ``at`` falls in ``[start, end)``, an open end meaning "not yet ended"."""
    return _utc(start) <= _utc(at) and (end is None or _utc(end) > _utc(at))


def _absent_at(absence: Absence, at: datetime) -> bool:
    return _within(absence.started_at, absence.returned_at, at)


def _awol_checks(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    *,
    as_of: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    if row.awol not in (Awol.EXTENDS, Awol.ENDS_WITH_PERIOD) or not period.absences:
        return
    found = arithmetic.authority(record, period, policy.mha)
    for k, absence in enumerate(period.absences):
        if not _absent_at(absence, as_of) or found is None:
            continue
        custody = arithmetic.custody_end(record, period, absence, policy.mha)
        if _utc(as_of) >= _utc(custody):
            continue  # no longer liable to be taken into custody: MHA-EXPIRED says so
        yield AWOL.finding(
            f"{period.section.label}: absent without leave since {_day(absence.started_at)}; "
            f"may be taken into custody until {_last_day(custody)}",
            path=_path(index, f"absences[{k}]"),
            subject_id=record.detention_id,
            due=custody.astimezone(statutory_time.LONDON),
            source=row.awol_source,
        )
    if found is None or not found.report_missing or found.report_due is None:
        return
    if statutory_time.london_date(as_of) > found.report_due:
        return  # the authority has ended (s21B(4)): MHA-EXPIRED says so
    yield AWOL_REPORT_DUE.finding(
        f"{period.section.label}: returned more than 28 days after going absent; examine and "
        f"report by {found.report_due.isoformat()} or the authority ends",
        path=_path(index, "absences"),
        subject_id=record.detention_id,
        due=found.report_due,
    )


def _recall_checks(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    as_of: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    """A recall in progress: its 72 hours, suspended while absent (s21(4)), or past."""
    if period.section is not Section.CTO:
        return
    for k, recall in enumerate(period.recalls):
        if not _recall_open(recall, as_of):
            continue
        limit = arithmetic.recall_limit(period, recall, policy.mha)
        path = _path(index, f"recalls[{k}]")
        if limit.end is None:
            yield RECALL_SUSPENDED.finding(
                "CTO recall: absent without leave on the day the 72 hours would end; they run "
                "again from the return",
                path=path,
                subject_id=record.detention_id,
            )
            continue
        if _utc(as_of) >= _utc(limit.end):
            yield _too_long(record, index, k, limit)
            continue
        counted = "detention under the notice" if limit.anchor_recorded else "the notice"
        by = limit.end.astimezone(statutory_time.LONDON).isoformat()
        yield RECALL_IN_PROGRESS.finding(
            f"CTO recall: release or revoke by {by} (72 hours from {counted})",
            path=path,
            subject_id=record.detention_id,
            due=limit.end.astimezone(statutory_time.LONDON),
        )


def _recall_open(recall: Recall, as_of: datetime) -> bool:
    return not recall.revoked and _within(recall.recalled_at, recall.released_at, as_of)


def _rights_checks(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    *,
    as_of: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    if row.s132 not in ("s132", "s132A"):
        return
    subject = record.detention_id
    attempts = sorted(
        (r for r in record.rights if r.period_id == period.period_id), key=lambda r: _utc(r.at)
    )
    if not attempts:
        due = statutory_time.hours_from(period.start, policy.mha.rights_first_hours).end
        if _utc(as_of) >= _utc(due):
            yield RIGHTS_NOT_GIVEN.finding(
                f"{period.section.label}: no {row.s132} rights information recorded",
                path="$.rights",
                subject_id=subject,
                due=due,
            )
        return
    last = attempts[-1]
    if last.understood:
        return
    due_day = statutory_time.add_days(
        statutory_time.london_date(last.at), policy.mha.rights_repeat_days
    )
    if (
        statutory_time.due_status(due_day, statutory_time.london_date(as_of), 0)
        is statutory_time.DueStatus.OVERDUE
    ):
        yield RIGHTS_REPEAT_DUE.finding(
            f"{period.section.label}: rights information not understood and not repeated",
            path="$.rights",
            subject_id=subject,
            due=due_day,
        )


def _tribunal_checks(
    record: MhaDetention,
    period: LegalStatusPeriod,
    *,
    as_of: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    """s66: an application window of this period open now with no application in it."""
    today = statutory_time.london_date(as_of)
    for entry in arithmetic.window_entries(record, period, today, policy.mha):
        window = statutory_time.Period(entry.opens, entry.closes)
        if entry.done or not window.contains(as_of):
            continue
        status = statutory_time.due_status(window.last_day, today, policy.mha.tribunal_warning_days)
        code = (
            TRIBUNAL_WINDOW_CLOSING
            if status is statutory_time.DueStatus.DUE_SOON
            else TRIBUNAL_WINDOW_OPEN
        )
        yield code.finding(
            f"{period.section.label}: tribunal application window open until "
            f"{window.last_day.isoformat()} ({entry.source.locator})",
            path="$.tribunal_applications",
            subject_id=record.detention_id,
            due=window.last_day,
            source=entry.source,
        )


def _reference_checks(
    record: MhaDetention, as_of: datetime, policy: TrustPolicy
) -> Iterator[Finding]:
    """s68: the managers' references of the chain that fall due, unmade."""
    horizon = timedelta(days=policy.mha.managers_reference_warning_days)
    duties = arithmetic.managers_reference_duties(record, as_of, policy.mha, horizon=horizon)
    for duty in duties:
        if duty.satisfied:
            continue
        yield _reference_finding(record, duty, as_of)


def _reference_finding(
    record: MhaDetention, duty: arithmetic.ReferenceDuty, as_of: datetime
) -> Finding:
    subject = record.detention_id
    locator = duty.source.locator.split(":")[0].split(";")[0]
    due = duty.due.astimezone(statutory_time.LONDON)
    if duty.kind is ReferenceKind.REVOCATION:
        return MANAGERS_REFERENCE_REVOCATION.finding(
            f"CTO revoked {_day(duty.due)}: refer to the tribunal as soon as possible (s68(7))",
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
        f"{_day(duty.opens)} (no later tribunal hearing recorded)"
        if duty.estimated
        else _day(duty.opens)
    )
    text = (
        f"managers' reference ({locator}): period beginning {since} expires {_last_day(duty.due)}"
        if duty.expired is None
        else f"managers' reference ({locator}): period beginning {since} expired "
        f"{_last_day(duty.expired)} while absent without leave; due on the return "
        f"{_day(duty.due)} (s21(3))"
    )
    if _utc(as_of) < _utc(duty.due):
        return MANAGERS_REFERENCE_DUE.finding(
            f"{text}; no reference recorded",
            path="$.managers_references",
            subject_id=subject,
            due=due,
            source=duty.source,
        )
    # Counted from something other than a recorded hearing: the hearing may simply be
    # missing from the extract, so never an error.
    severity = Severity.WARNING if duty.estimated else None
    return MANAGERS_REFERENCE_OVERDUE.finding(
        f"{text}; no reference recorded",
        path="$.managers_references",
        subject_id=subject,
        due=due,
        source=duty.source,
        severity=severity,
    )


def _certificate_in_force(
    record: MhaDetention, forms: frozenset[CertificateForm], today: date
) -> bool:
    for certificate in record.certificates:
        if certificate.form not in forms or certificate.given_on > today:
            continue
        if certificate.withdrawn_on is None or certificate.withdrawn_on > today:
            return True
    return False


def _treatment_checks(
    record: MhaDetention, as_of: datetime, policy: TrustPolicy
) -> Iterator[Finding]:
    """s58 for patients Part 4 applies to (s56, including recalled community patients) and
    Part 4A for community patients not recalled (s64B)."""
    first = record.medication_first_given
    if first is None:
        return
    today = statutory_time.london_date(as_of)
    midnight = statutory_time.start_of_day(today)
    mha2025 = policy.mha.mha2025_in_force_for_testing
    part4 = False
    community: LegalStatusPeriod | None = None
    # s62A(1): a community patient recalled to hospital, or detained again on the revocation
    # of the CTO: the CTO's period.
    s62a: LegalStatusPeriod | None = None
    revoked = False
    for _, period, row in _rows(record, policy):
        if row is None or not _active(period, midnight):
            continue
        if row.part4 is Part4.APPLIES:
            part4 = True
            previous = record.period(period.converted_from or "")
            if previous is not None and previous.section is Section.CTO:
                s62a, revoked = previous, True
        elif row.part4 is Part4.PART_4A:
            if any(r.detained_at is not None and _recall_open(r, midnight) for r in period.recalls):
                part4 = True  # s56(4): recalled to hospital
                s62a = period
            else:
                community = period
    if part4:
        needed = arithmetic.s58_certificate_from(first, mha2025=mha2025)
        if s62a is not None and not revoked:
            # s62A(3)(b): s58 does not apply where the certificate requirement would not
            # (the month beginning with the day the CTO was made, s64B(4)).
            made = statutory_time.london_date(arithmetic.anchor_of(record, s62a))
            needed = arithmetic.part4a_certificate_from(made, first, mha2025=mha2025)
        if not _certificate_in_force(record, _S58_FORMS, today):
            part4a = _part4a_forms_in_force(record, today)
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
                today=today,
                policy=policy,
                codes=(S58_CERTIFICATE_DUE, S58_CERTIFICATE_MISSING),
                what="s58",
                note=note,
                severity=severity,
            )
    if community is not None:
        made = statutory_time.london_date(arithmetic.anchor_of(record, community))
        needed = arithmetic.part4a_certificate_from(made, first, mha2025=mha2025)
        if not _certificate_in_force(record, _PART_4A_FORMS, today):
            yield from _certificate_findings(
                record,
                needed,
                today=today,
                policy=policy,
                codes=(PART4A_CERTIFICATE_DUE, PART4A_CERTIFICATE_MISSING),
                what="Part 4A",
            )


def _part4a_forms_in_force(record: MhaDetention, today: date) -> set[CertificateForm]:
    return {
        form for form in _PART_4A_FORMS if _certificate_in_force(record, frozenset({form}), today)
    }


def _certificate_findings(
    record: MhaDetention,
    needed_from: date,
    *,
    today: date,
    policy: TrustPolicy,
    codes: tuple[FindingCode, FindingCode],
    what: str,
    note: str = "",
    severity: Severity | None = None,
) -> Iterator[Finding]:
    due_code, missing_code = codes
    status = statutory_time.due_status(
        statutory_time.add_days(needed_from, -1), today, policy.mha.s58_warning_days
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


def _s117_checks(record: MhaDetention, today: date, policy: TrustPolicy) -> Iterator[Finding]:
    left = record.left_hospital_on
    if left is None or left > today or record.aftercare is not None:
        return
    eligibility = arithmetic.s117_eligibility(record, policy.mha)
    if eligibility is S117.ELIGIBLE:
        yield S117_NOT_RECORDED.finding(
            "left hospital after an s117-eligible section; no s117 aftercare recorded",
            path="$.aftercare",
            subject_id=record.detention_id,
            due=left,
        )


def check_detention(
    record: MhaDetention, as_of: datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one detention record: its own rules and the dated checks."""
    ctx = CheckContext.at(as_of, policy)
    return Report.of(detention_rules(record, ctx.policy), audit_detention(record, ctx))


def audit_caseload(
    records: Iterable[MhaDetention], as_of: datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about a caseload of detention records, worst and soonest first."""
    policy = policy or TrustPolicy()
    return Report.of(*(check_detention(r, as_of, policy) for r in records)).sorted()


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
    audit=audit_detention,
)

RECORD_KINDS: tuple[RecordKind[MhaDetention], ...] = (MHA_DETENTION,)
"""The record kinds of the mha area."""
