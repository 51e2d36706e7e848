"""The checks of DoLS authorisations (MCA 2005 Schedule A1): lengths, expiry and renewal.

An authorisation's longest period is the one in force on the day it was given
(:data:`~cpa_core.capacity.dols.rules.DOLS_PERIODS`, looked up for each authorisation): a
later row changes the authorisations given under it, not the ones given before.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

import attrs

from cpa_core import statutory_time
from cpa_core.capacity.checks import _cited, _under_age
from cpa_core.capacity.dols.models import (
    CareSetting,
    DolsAssessmentKind,
    DolsAuthorisation,
    DolsType,
)
from cpa_core.capacity.dols.rules import (
    DEPRIVATION_REGIMES,
    DOLS_ASSESSMENTS,
    DOLS_PERIODS,
    DolsPeriodRow,
    RegimeRow,
)
from cpa_core.capacity.rules import AGE_GATES, DOLS_COMMENCED
from cpa_core.context import CheckContext
from cpa_core.findings import Deadline, Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import RecordKind

__all__ = [
    "DOLS_KIND",
    "check_dols_authorisation",
    "deprivation_regime",
    "dols_authorisation_audit",
    "dols_authorisation_rules",
    "dols_last_day",
    "dols_maximum_last_day",
]

_AGE_DOLS = _cited(AGE_GATES, "dols")
_URGENT = _cited(DOLS_PERIODS, "urgent")
_EXTENSION = _cited(DOLS_PERIODS, "extension")
_STANDARD = _cited(DOLS_PERIODS, "standard")

DOLS_UNDER_18 = FindingCode(
    "DOLS-UNDER-18",
    Severity.ERROR,
    "A DoLS authorisation concerns a person under 18: a Court of Protection order is needed.",
    _AGE_DOLS,
)
DOLS_SETTING = FindingCode(
    "DOLS-SETTING",
    Severity.ERROR,
    "A DoLS authorisation is recorded for a setting other than a hospital or care home: a "
    "Court of Protection order is needed.",
    _AGE_DOLS,
)
DOLS_DATES = FindingCode(
    "DOLS-DATES",
    Severity.ERROR,
    "A DoLS authorisation's stated last day is before the day it comes into force.",
    _STANDARD,
)
DOLS_URGENT_TOO_LONG = FindingCode(
    "DOLS-URGENT-TOO-LONG",
    Severity.ERROR,
    "An urgent authorisation is stated to last more than 7 days (a warning when only the "
    "day-counting is in doubt).",
    _URGENT,
)
DOLS_EXTENSION_REPEATED = FindingCode(
    "DOLS-EXTENSION-REPEATED",
    Severity.ERROR,
    "An urgent authorisation has been extended more than once.",
    _EXTENSION,
)
DOLS_EXTENSION_TOO_LONG = FindingCode(
    "DOLS-EXTENSION-TOO-LONG",
    Severity.ERROR,
    "An extension of an urgent authorisation is longer than 7 days, or ends before the "
    "authorisation it extends.",
    _EXTENSION,
)
DOLS_EXTENSION_ON_STANDARD = FindingCode(
    "DOLS-EXTENSION-ON-STANDARD",
    Severity.ERROR,
    "A standard authorisation is recorded with an urgent-authorisation extension.",
    _EXTENSION,
)
DOLS_STANDARD_TOO_LONG = FindingCode(
    "DOLS-STANDARD-TOO-LONG",
    Severity.ERROR,
    "A standard authorisation is longer than 12 months or than the best-interests "
    "assessor's stated maximum (a warning when it ends on the anniversary of its start, "
    "where only the counting of the year is in doubt).",
    _STANDARD,
)
DOLS_STANDARD_NO_END = FindingCode(
    "DOLS-STANDARD-NO-END",
    Severity.WARNING,
    "A standard authorisation has no stated last day; the 12-month maximum is assumed.",
    _STANDARD,
)
DOLS_ASSESSMENT_MISSING = FindingCode(
    "DOLS-ASSESSMENT-MISSING",
    Severity.WARNING,
    "A standard authorisation does not record one of the six assessments.",
    _cited(DOLS_ASSESSMENTS, DolsAssessmentKind.AGE),
)
DOLS_EXPIRED = FindingCode(
    "DOLS-EXPIRED",
    Severity.ERROR,
    "A DoLS authorisation has passed its last day and is not recorded as ended.",
    _STANDARD,
)
DOLS_RENEWAL_DUE = FindingCode(
    "DOLS-RENEWAL-DUE",
    Severity.WARNING,
    "A standard authorisation ends within the Trust's renewal window.",
    _STANDARD,
)
DOLS_URGENT_IN_FORCE = FindingCode(
    "DOLS-URGENT-IN-FORCE",
    Severity.INFO,
    "An urgent authorisation is in force; its last day is the due date.",
    _URGENT,
)
DOLS_LPS_NOT_COMMENCED = FindingCode(
    "DOLS-LPS-NOT-COMMENCED",
    Severity.INFO,
    "The Trust has switched LPS modelling on, but the LPS are not commenced: DoLS applies.",
    _cited(DEPRIVATION_REGIMES, "lps"),
)

DOLS_STANDARD_END = Deadline(DOLS_EXPIRED, DOLS_RENEWAL_DUE)
"""A standard authorisation's last day: expired after it, renewal due within the window."""
DOLS_URGENT_END = Deadline(DOLS_EXPIRED)
"""An urgent authorisation's last day: expired after it (in force until then)."""

FINDING_CODES: tuple[FindingCode, ...] = (
    DOLS_UNDER_18,
    DOLS_SETTING,
    DOLS_DATES,
    DOLS_URGENT_TOO_LONG,
    DOLS_EXTENSION_REPEATED,
    DOLS_EXTENSION_TOO_LONG,
    DOLS_EXTENSION_ON_STANDARD,
    DOLS_STANDARD_TOO_LONG,
    DOLS_STANDARD_NO_END,
    DOLS_ASSESSMENT_MISSING,
    DOLS_EXPIRED,
    DOLS_RENEWAL_DUE,
    DOLS_URGENT_IN_FORCE,
    DOLS_LPS_NOT_COMMENCED,
)
"""The finding codes of DoLS authorisations."""

_TIMES = {1: "once", 2: "twice"}


def deprivation_regime(on: date, policy: TrustPolicy) -> RegimeRow:
    """The regime that authorises a deprivation of liberty in care on ``on``.

    The LPS row is consulted only when ``policy.capacity.lps_enabled`` is on, and only
    applies once it has a commencement date covering ``on``; until then DoLS applies.
    """
    if policy.capacity.lps_enabled:
        lps = DEPRIVATION_REGIMES.find("lps", on)
        if lps is not None:
            return lps
    return DEPRIVATION_REGIMES.lookup("dols", on)


def _period(code: str, record: DolsAuthorisation) -> DolsPeriodRow:
    """The period row ``code`` in force on the day ``record`` was given (an authorisation
    dated before Schedule A1 commenced is judged by the rows as first in force)."""
    return DOLS_PERIODS.lookup(code, max(record.given_on, DOLS_COMMENCED))


def _urgent_cap(record: DolsAuthorisation, policy: TrustPolicy) -> tuple[date, date]:
    """The strict and the outer limit of the urgent period of ``record`` (7 days in the row
    in force since 2009), given on D.

    Counting kind: **days beginning with a day** for the strict limit (the day given is
    day 1, so the last day is D+6, :func:`cpa_core.statutory_time.days_beginning_with`); the outer
    limit is D+7 (seven whole days after D), the reading of form practice the statute does
    not exclude ([U]). With ``dols_urgent_accept_day_8`` on, both are D+7.
    """
    days = _period("urgent", record).maximum
    strict = statutory_time.days_beginning_with(record.given_on, days).last_day
    outer = statutory_time.add_days(record.given_on, days)
    return (outer if policy.capacity.dols_urgent_accept_day_8 else strict), outer


def dols_maximum_last_day(record: DolsAuthorisation) -> date:
    """The last day a standard authorisation may last to (Schedule A1 paras 42(2), 51).

    Counting kind: **months beginning with a day**: 12 months beginning with the day it
    comes into force (:func:`cpa_core.statutory_time.months_beginning_with`), or the
    best-interests assessor's stated maximum if that is earlier. This is the strict reading:
    para 42(2) says "1 year" without "beginning with" wording, so a stated end on the
    anniversary itself is only warned about (by the ``dols-authorisation`` rules).
    """
    months = _period("standard", record).maximum
    cap = statutory_time.months_beginning_with(record.start, months).last_day
    if record.bia_maximum_until is not None:
        cap = min(cap, record.bia_maximum_until)
    return cap


def _standard_outer_last_day(record: DolsAuthorisation) -> date:
    """The latest last day any reading of the 12-month maximum allows.

    Schedule A1 para 42(2) says "1 year" without "beginning with" wording, so whether a
    standard authorisation coming into force on D may end on D's anniversary (the
    corresponding date, :func:`cpa_core.statutory_time.add_months`) or must end the day before
    (:func:`dols_maximum_last_day`) is not settled ([U]). A stated maximum of the
    best-interests assessor is a date, with no such doubt.
    """
    outer = statutory_time.add_months(record.start, _period("standard", record).maximum)
    if record.bia_maximum_until is not None:
        outer = min(outer, record.bia_maximum_until)
    return outer


def dols_last_day(record: DolsAuthorisation) -> date:
    """The last day an authorisation is in force, before any early end.

    Urgent: the stated last day, or, when none is stated, day 7 *beginning with* the day it
    was given (D+6, counting kind **days beginning with a day**); an extension replaces it
    with the extension's stated last day. Standard: the stated last day, or, when none is
    stated, the maximum of :func:`dols_maximum_last_day` (counting kind **months beginning
    with a day**). Stated ends that break the caps are reported by the rules, not corrected.
    """
    if record.authorisation_type is DolsType.URGENT:
        days = _period("urgent", record).maximum
        base = (
            record.expires_on or statutory_time.days_beginning_with(record.given_on, days).last_day
        )
        if record.extensions:
            return record.extensions[0].extended_to
        return base
    return record.expires_on or dols_maximum_last_day(record)


def dols_authorisation_rules(record: DolsAuthorisation, policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency of a DoLS authorisation with Schedule A1."""
    sid = record.authorisation_id
    gate = _under_age("dols", record.date_of_birth, record.given_on)
    if gate is not None:
        yield DOLS_UNDER_18.finding(
            f"the person was under {gate.minimum_age} when it was given",
            path="$.date_of_birth",
            subject_id=sid,
        )
    if record.setting is CareSetting.COMMUNITY:
        yield DOLS_SETTING.finding(
            "DoLS covers hospitals and care homes only", path="$.setting", subject_id=sid
        )
    if record.expires_on is not None and record.expires_on < record.start:
        yield DOLS_DATES.finding(
            "the stated last day is before the start", path="$.expires_on", subject_id=sid
        )
    if record.authorisation_type is DolsType.URGENT:
        yield from _urgent_rules(record, policy)
    else:
        yield from _standard_rules(record)


def _urgent_rules(record: DolsAuthorisation, policy: TrustPolicy) -> Iterator[Finding]:
    sid = record.authorisation_id
    urgent = _period("urgent", record)
    strict, outer = _urgent_cap(record, policy)
    if record.expires_on is not None and record.expires_on > strict:
        yield DOLS_URGENT_TOO_LONG.finding(
            f"the urgent authorisation is stated to last more than {urgent.maximum} {urgent.unit}",
            path="$.expires_on",
            subject_id=sid,
            source=urgent.source,
            severity=Severity.WARNING if record.expires_on <= outer else None,
        )
    extension = _period("extension", record)
    if len(record.extensions) > extension.times:
        times = _TIMES.get(extension.times, f"{extension.times} times")
        yield DOLS_EXTENSION_REPEATED.finding(
            f"an urgent authorisation may be extended only {times}",
            path=f"$.extensions[{extension.times}]",
            subject_id=sid,
            source=extension.source,
        )
    if record.extensions:
        base = record.expires_on or dols_last_day(attrs.evolve(record, extensions=()))
        limit = statutory_time.add_days(base, extension.maximum)
        extended_to = record.extensions[0].extended_to
        if extended_to > limit or extended_to < base:
            yield DOLS_EXTENSION_TOO_LONG.finding(
                f"the extension runs more than {extension.maximum} {extension.unit} past the "
                "urgent authorisation, or ends before it",
                path="$.extensions[0].extended_to",
                subject_id=sid,
                source=extension.source,
            )


def _standard_rules(record: DolsAuthorisation) -> Iterator[Finding]:
    sid = record.authorisation_id
    standard = _period("standard", record)
    if record.extensions:
        yield DOLS_EXTENSION_ON_STANDARD.finding(
            "only urgent authorisations are extended", path="$.extensions", subject_id=sid
        )
    if record.expires_on is None:
        yield DOLS_STANDARD_NO_END.finding(
            "no stated last day",
            path="$.expires_on",
            subject_id=sid,
            due=dols_maximum_last_day(record),
            source=standard.source,
        )
    elif record.expires_on > dols_maximum_last_day(record):
        # Only the anniversary itself is in doubt [U]: a warning there, an error beyond.
        yield DOLS_STANDARD_TOO_LONG.finding(
            f"the stated last day is beyond {standard.maximum} {standard.unit} or the "
            "assessor's maximum",
            path="$.expires_on",
            subject_id=sid,
            due=dols_maximum_last_day(record),
            source=standard.source,
            severity=Severity.WARNING
            if record.expires_on <= _standard_outer_last_day(record)
            else None,
        )
    done = set(record.assessments)
    for row in DOLS_ASSESSMENTS.in_force(max(record.given_on, DOLS_COMMENCED)):
        if row.assessment not in done:
            yield DOLS_ASSESSMENT_MISSING.finding(
                f"the '{row.assessment.value}' assessment is not recorded",
                path="$.assessments",
                subject_id=sid,
                source=row.source,
            )


def dols_authorisation_audit(record: DolsAuthorisation, ctx: CheckContext) -> Iterator[Finding]:
    """Expiry and renewal of a DoLS authorisation as of the London day of the check.

    The last day is inclusive (:func:`dols_last_day`): an authorisation whose last day is
    today is still in force. An urgent authorisation with no stated end is certainly
    expired only after D+7 (counting kind **days beginning with a day** gives D+6 as its
    last day; the D+7 reading is unsettled [U]): on D+7 the finding is a warning, or none
    when ``dols_urgent_accept_day_8`` is on. Likewise a standard authorisation with no stated
    end expires after the last day of 12 months *beginning with* its start, but on the
    anniversary itself the finding is a warning ("1 year" is not counted by the statute, [U]).
    A standard authorisation is due for renewal from ``dols_renewal_window_days`` before its
    last day (:func:`cpa_core.statutory_time.due_status`).
    """
    sid = record.authorisation_id
    window = ctx.policy.capacity.dols_renewal_window_days
    regime = deprivation_regime(max(ctx.day, DOLS_COMMENCED), ctx.policy)
    if ctx.policy.capacity.lps_enabled and regime.code == "dols":
        yield DOLS_LPS_NOT_COMMENCED.finding(
            "LPS modelling is on but the LPS are not in force", subject_id=sid
        )
    if record.ended_on is not None and record.ended_on <= ctx.day:
        return
    urgent = record.authorisation_type is DolsType.URGENT
    last = dols_last_day(record)
    # With no stated end, only the strict reading of the maximum is certain; the day after
    # it is in doubt [U] (urgent: D+7, accepted when the Trust takes that reading; standard:
    # the anniversary of its start), so expiry on that day is a warning.
    in_doubt_until: date | None = None
    if record.expires_on is None and not record.extensions:
        if urgent:
            last, in_doubt_until = _urgent_cap(record, ctx.policy)
        else:
            in_doubt_until = _standard_outer_last_day(record)
    doubtful = in_doubt_until is not None and ctx.day <= in_doubt_until
    found = (DOLS_URGENT_END if urgent else DOLS_STANDARD_END).check(
        last,
        ctx.day,
        window,
        overdue=f"the {record.authorisation_type.value} authorisation has expired"
        + (" (on the strict reading of its maximum period)" if doubtful else ""),
        due_soon="the standard authorisation ends soon: request a new one",
        path="$.expires_on",
        subject_id=sid,
    )
    if found is None:
        if urgent:
            yield DOLS_URGENT_IN_FORCE.finding(
                "urgent authorisation in force", path="$.expires_on", subject_id=sid, due=last
            )
    elif doubtful and found.code == DOLS_EXPIRED.code:
        yield attrs.evolve(found, severity=Severity.WARNING)
    else:
        yield found


def check_dols_authorisation(
    record: DolsAuthorisation, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one DoLS authorisation: its own rules, and its expiry or renewal
    as of ``as_of``. The same report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return DOLS_KIND.check(record, as_of, policy)


DOLS_KIND: RecordKind[DolsAuthorisation] = RecordKind(
    name="dols-authorisation",
    domain="capacity",
    model=DolsAuthorisation,
    description="A DoLS urgent or standard authorisation under the Mental Capacity Act 2005 "
    "Schedule A1.",
    rules=dols_authorisation_rules,
    audit=dols_authorisation_audit,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (DOLS_KIND,)
"""The record kinds of DoLS."""
