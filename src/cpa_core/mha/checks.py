"""Checks of Mental Health Act records: expiries, renewals, Part 4, rights, tribunals, s117.

Two kinds of check, as everywhere in cpa_core:

* :func:`detention_rules` ``(record, policy)``: the record's own consistency, whatever the
  date (an s2 renewed, an s5(2) held past 72 hours, a renewal report outside its window);
* :func:`audit_detention` ``(record, as_of, policy)``: what is due or overdue at an instant.

Findings about a period whose anchor or period is not verified (``[V2]``/``[U]`` in the
reference) are at most warnings.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, date, datetime, timedelta

from cpa_core import _time
from cpa_core.exceptions import UnknownCodeError
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.mha import periods as arithmetic
from cpa_core.mha.models import CertificateForm, LegalStatusPeriod, MhaDetention
from cpa_core.mha.rules import (
    LEGAL_STATUS_CODES,
    S117,
    Anchor,
    Part4,
    Section,
    SectionRow,
    codes_for_section,
    conversion_rule,
)
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import Evidence, Source
from cpa_core.records import RecordKind

__all__ = [
    "CHAIN_INVALID",
    "CONVERSION_NOT_ALLOWED",
    "CONVERSION_UNCATALOGUED",
    "EXPIRED",
    "EXPIRES_SOON",
    "EXPIRY_NOT_COMPUTED",
    "EXTENSION_INVALID",
    "FINDING_CODES",
    "HELD_PAST_EXPIRY",
    "LEGAL_STATUS_CODE_MISMATCH",
    "MANAGERS_REFERENCE_DUE",
    "MHA_DETENTION",
    "NOT_RENEWABLE",
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

_S20_3 = Source(
    title="Mental Health Act 1983",
    publisher="legislation.gov.uk",
    locator="s20(3), s20A: report within two months ending on the day of expiry",
    url="https://www.legislation.gov.uk/ukpga/1983/20",
)
_S58 = Source(
    title="Mental Health Act 1983, s58",
    publisher="Mental Health Law Online",
    locator="s58(1)(b), (3): three months from first medicine in the period of liability",
    url="https://www.mentalhealthlaw.co.uk/MHA_1983_s58",
)
_S132 = Source(
    title="Mental Health Act 1983, s132 / s132A",
    publisher="legislation.gov.uk",
    locator="s132: as soon as practicable after detention and after any change of section",
    url="https://legislation.gov.uk/ukpga/1983/20/section/132/enacted",
)
_S66 = Source(
    title="Eligibility periods",
    publisher="Mental Health Law Online",
    locator="s66 patient applications; s68 managers' references",
    url="https://www.mentalhealthlaw.co.uk/Eligibility_periods",
)
_S117 = Source(
    title="Patients who are eligible for aftercare",
    publisher="Mental Health Law Online",
    locator="s117",
    url="https://www.mentalhealthlaw.co.uk/Patients_who_are_eligible_for_aftercare",
)
_S117_CTO = Source(
    title="Community care and after-care",
    publisher="Mental Health Law Online",
    locator="s117: cannot end while a CTO is in force",
    url="http://mentalhealthlaw.co.uk/Category:Community_care_and_after-care",
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
    "A period is recorded as active after its authority expired: a possible unlawful detention.",
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
    "A renewal report was furnished outside the two months ending on the day of expiry.",
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
RECALL_TOO_LONG = FindingCode(
    "MHA-RECALL-TOO-LONG",
    Severity.WARNING,
    "A community patient is (or was) held on recall longer than 72 hours without the CTO "
    "being revoked; counted from the recorded recall instant (anchor not verified).",
    source=Source(
        title="Community treatment order and recall",
        publisher="mentalhealthatengland",
        locator="s17E: recall up to 72 hours",
        url="https://mentalhealthatengland.wordpress.com/2020/01/16/community-treatment-order-and-recall/",
        evidence=Evidence.SECONDARY,  # graded [V2] in the reference (s17A row)
    ),
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
    "The hospital managers must refer the case to the tribunal (s68): no application in the "
    "first six months and no reference recorded.",
    source=_S66,
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
    RENEWAL_DUE,
    RENEWAL_OUTSIDE_WINDOW,
    RENEWAL_VERIFY,
    NOT_RENEWABLE,
    HELD_PAST_EXPIRY,
    RECALL_TOO_LONG,
    EXTENSION_INVALID,
    CHAIN_INVALID,
    CONVERSION_NOT_ALLOWED,
    CONVERSION_UNCATALOGUED,
    S58_CERTIFICATE_DUE,
    S58_CERTIFICATE_MISSING,
    RIGHTS_NOT_GIVEN,
    RIGHTS_REPEAT_DUE,
    TRIBUNAL_WINDOW_OPEN,
    TRIBUNAL_WINDOW_CLOSING,
    MANAGERS_REFERENCE_DUE,
    S117_NOT_RECORDED,
    S117_ENDED_DURING_CTO,
    LEGAL_STATUS_CODE_MISMATCH,
)
"""Every finding code of the mha area."""


def _grade(row: SectionRow) -> Severity | None:
    # A fact the reference has not verified is never an error (reference README rule 3).
    return None if row.anchor_evidence is Evidence.VERIFIED else Severity.WARNING


def _path(index: int, field: str = "") -> str:
    return f"$.periods[{index}]" + (f".{field}" if field else "")


def _utc(instant: datetime) -> datetime:
    return _time.require_aware(instant).astimezone(UTC)


def _rows(
    record: MhaDetention, policy: TrustPolicy
) -> Iterator[tuple[int, LegalStatusPeriod, SectionRow | None]]:
    for index, period in enumerate(record.periods):
        try:
            yield index, period, arithmetic.row_for(period, policy.mha)
        except UnknownCodeError:
            yield index, period, None


def detention_rules(record: MhaDetention, policy: TrustPolicy) -> Iterator[Finding]:
    """The record's own consistency rules, independent of the date.

    Yields:
        Findings for: a chain out of order, overlapping or with several active periods;
        conversions the law does not allow; renewals of non-renewable sections or outside
        the s20(3) window; ends recorded after expiry; invalid s136B extensions; an s117
        record ended during a CTO; a legal status code that does not fit the section.
    """
    yield from _chain_rules(record, policy)
    for index, period, row in _rows(record, policy):
        if row is None:
            continue
        yield from _period_rules(record, index, period, row, policy)
    yield from _aftercare_rules(record)


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
        rule = conversion_rule(previous.section, period.section, _time.london_date(period.start))
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
    if row.renewable and row.computable:
        authority = arithmetic.authority_periods(row, anchor, len(period.renewals) + 1)
        for k, renewal in enumerate(period.renewals):
            window = arithmetic.renewal_window(authority[k])
            if not window.contains(_time.start_of_day(renewal.report_on)):
                yield RENEWAL_OUTSIDE_WINDOW.finding(
                    f"renewal {k + 1} of {label}: report outside the window "
                    f"{_time.london_date(window.start).isoformat()} to "
                    f"{window.last_day.isoformat()}",
                    path=_path(index, f"renewals[{k}].report_on"),
                    subject_id=subject,
                    due=window.last_day,
                    severity=_grade(row)
                    or _window_grade(row, anchor, k, window, renewal.report_on),
                )
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
    ended = _time.start_of_day(aftercare.ended_on)
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
    if _utc(period.start) > _utc(as_of):
        return False
    return period.end is None or _utc(period.end) > _utc(as_of)


def audit_detention(
    record: MhaDetention, as_of: datetime, policy: TrustPolicy
) -> Iterator[Finding]:
    """The dated checks of one detention record as of the instant ``as_of``.

    Yields:
        Findings for: an active period past its expiry, or expiring soon; a renewal due; an
        expiry to verify by hand; a CTO recall over 72 hours; s58 certificates due or
        missing; rights not given or not repeated; tribunal windows open or closing; a
        managers' reference due; s117 aftercare not recorded.
    """
    _time.require_aware(as_of, "as_of")
    today = _time.london_date(as_of)
    for index, period, row in _rows(record, policy):
        if not _active(period, as_of):
            continue
        if row is None:
            yield SECTION_NOT_IN_FORCE.finding(
                f"no catalogue row for {period.section.label} on "
                f"{_time.london_date(period.start).isoformat()}",
                path=_path(index, "section"),
                subject_id=record.detention_id,
            )
            continue
        yield from _expiry_checks(record, index, period, row, as_of=as_of, policy=policy)
        yield from _recall_checks(record, index, period, row, as_of)
        yield from _rights_checks(record, index, period, row, as_of=as_of, policy=policy)
        yield from _tribunal_checks(record, index, period, row, as_of=as_of, policy=policy)
    yield from _s58_checks(record, as_of, policy)
    yield from _s117_checks(record, today, policy)


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
    expires = arithmetic.expiry(record, period, policy.mha)
    assert expires is not None  # a computable row always has a period
    if period.end is None:
        if row.anchor is Anchor.HOURS_FROM:
            window = timedelta(hours=policy.mha.expiry_warning_hours)
        else:
            window = timedelta(days=policy.mha.expiry_warning_days)
        status = _time.instant_due_status(expires, as_of, window)
        if status is _time.DueStatus.OVERDUE:
            yield EXPIRED.finding(
                f"{label} authority expired; the period is still recorded as active",
                path=_path(index, "end"),
                subject_id=subject,
                due=expires,
                source=row.source,
                severity=_expired_grade(record, period, row, as_of),
            )
            return
        if status is _time.DueStatus.DUE_SOON:
            yield EXPIRES_SOON.finding(
                f"{label} authority expires soon",
                path=_path(index),
                subject_id=subject,
                due=expires,
                source=row.source,
            )
    if row.anchor is not Anchor.MONTHS_BEGINNING_WITH:
        return
    anchor = arithmetic.anchor_of(record, period)
    current_index = len(period.renewals) if row.renewable else 0
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
    day = _time.london_date(anchor)
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


def _window_grade(
    row: SectionRow, anchor: datetime, k: int, window: _time.Period, report_on: date
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
        readings = arithmetic.renewal_readings(row, _time.london_date(anchor), k)
        latest = max(readings.chained_after, readings.anchored, readings.chained_beginning)
        return Severity.WARNING if report_on <= latest else None
    back = _time.add_months(last, -2)
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
    day = _time.london_date(arithmetic.anchor_of(record, period))
    readings = arithmetic.renewal_readings(row, day, len(period.renewals))
    latest = max(readings.chained_after, readings.anchored, readings.chained_beginning)
    if _utc(at) < _utc(_time.start_of_day(_time.add_days(latest, 1))):
        return Severity.WARNING
    return None


def _recall_checks(
    record: MhaDetention, index: int, period: LegalStatusPeriod, row: SectionRow, as_of: datetime
) -> Iterator[Finding]:
    if row.recall_hours is None:
        return
    for k, recall in enumerate(period.recalls):
        if recall.revoked:
            continue
        limit = _time.hours_from(recall.recalled_at, row.recall_hours).end
        ended = recall.released_at if recall.released_at is not None else as_of
        if _utc(ended) > _utc(limit):
            # The 72 hours are [V] but their anchor is not stated: never an error.
            yield RECALL_TOO_LONG.finding(
                f"{period.section.label}: recall longer than {row.recall_hours} hours",
                path=_path(index, f"recalls[{k}]"),
                subject_id=record.detention_id,
                due=limit.astimezone(_time.LONDON),
            )


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
        due = _time.hours_from(period.start, policy.mha.rights_first_hours).end
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
    due_day = _time.add_days(_time.london_date(last.at), policy.mha.rights_repeat_days)
    if _time.due_status(due_day, _time.london_date(as_of), 0) is _time.DueStatus.OVERDUE:
        yield RIGHTS_REPEAT_DUE.finding(
            f"{period.section.label}: rights information not understood and not repeated",
            path="$.rights",
            subject_id=subject,
            due=due_day,
        )


def _applied_in(record: MhaDetention, window: _time.Period, period_ids: set[str]) -> bool:
    for application in record.tribunal_applications:
        if application.withdrawn or application.period_id not in period_ids:
            continue
        if window.contains(_time.start_of_day(application.applied_on)):
            return True
    return False


def _tribunal_checks(
    record: MhaDetention,
    index: int,
    period: LegalStatusPeriod,
    row: SectionRow,
    *,
    as_of: datetime,
    policy: TrustPolicy,
) -> Iterator[Finding]:
    subject = record.detention_id
    anchor = arithmetic.anchor_of(record, period)
    today = _time.london_date(as_of)
    ids = {period.period_id}
    if period.converted_from is not None:
        ids.add(period.converted_from)
    for window in arithmetic.tribunal_windows(row, anchor, today):
        if not window.contains(as_of) or _applied_in(record, window, ids):
            continue
        status = _time.due_status(window.last_day, today, policy.mha.tribunal_warning_days)
        code = (
            TRIBUNAL_WINDOW_CLOSING if status is _time.DueStatus.DUE_SOON else TRIBUNAL_WINDOW_OPEN
        )
        yield code.finding(
            f"{period.section.label}: tribunal application window open until "
            f"{window.last_day.isoformat()}",
            path="$.tribunal_applications",
            subject_id=subject,
            due=window.last_day,
        )
    due = arithmetic.managers_reference_due(row, anchor)
    if due is None or record.managers_references:
        return
    first = arithmetic.months_period(_time.london_date(anchor), row.managers_reference_months or 1)
    if _applied_in(record, first, ids):
        return
    warning = timedelta(days=policy.mha.managers_reference_warning_days)
    if _time.instant_due_status(due, as_of, warning) is not _time.DueStatus.NOT_DUE:
        yield MANAGERS_REFERENCE_DUE.finding(
            f"{period.section.label}: no application in the first "
            f"{row.managers_reference_months} months; managers must refer",
            path="$.managers_references",
            subject_id=subject,
            due=due,
        )


def _s58_checks(record: MhaDetention, as_of: datetime, policy: TrustPolicy) -> Iterator[Finding]:
    today = _time.london_date(as_of)
    first = record.medication_first_given
    if first is None:
        return
    applies = False
    for _, period, row in _rows(record, policy):
        if (
            row is not None
            and row.part4 is Part4.APPLIES
            and _active(period, _time.start_of_day(today))
        ):
            applies = True
    if not applies:
        return
    needed_from = arithmetic.s58_certificate_from(first)
    for certificate in record.certificates:
        if certificate.form not in (CertificateForm.T2, CertificateForm.T3):
            continue
        if certificate.given_on <= today and (
            certificate.withdrawn_on is None or certificate.withdrawn_on > today
        ):
            return
    status = _time.due_status(_time.add_days(needed_from, -1), today, policy.mha.s58_warning_days)
    if status is _time.DueStatus.OVERDUE:
        yield S58_CERTIFICATE_MISSING.finding(
            "s58 three months complete; no T2 or T3 certificate in force",
            path="$.certificates",
            subject_id=record.detention_id,
            due=needed_from,
        )
    elif status is _time.DueStatus.DUE_SOON:
        yield S58_CERTIFICATE_DUE.finding(
            "s58 three months nearly complete; no T2 or T3 certificate in force",
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
    policy = policy or TrustPolicy()
    return Report.of(detention_rules(record, policy), audit_detention(record, as_of, policy))


def audit_caseload(
    records: Iterable[MhaDetention], as_of: datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about a caseload of detention records, worst and soonest first."""
    policy = policy or TrustPolicy()
    return Report.of(*(check_detention(r, as_of, policy) for r in records)).sorted()


MHA_DETENTION: RecordKind[MhaDetention] = RecordKind(
    name="mha-detention",
    model=MhaDetention,
    description=(
        "One person's continuous liability under the Mental Health Act: legal status "
        "periods with renewals, conversions, extensions and recalls, medication, Part 4 "
        "certificates, rights, tribunal applications and s117 aftercare."
    ),
    rules=detention_rules,
    audit=audit_detention,
)

RECORD_KINDS: tuple[RecordKind[MhaDetention], ...] = (MHA_DETENTION,)
"""The record kinds of the mha area."""
