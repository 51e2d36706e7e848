"""Checks of community treatment orders: the conditions every order specifies (s17B), the
AMHP's part in extending and revoking one (s20A, s17F), and recalls to hospital, which may
hold the patient for 72 hours (s17F(8)), longer while they are absent without leave
(s21(4)).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

import attrs

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.mha.absence.checks import overlaps_day
from cpa_core.mha.cto.models import Recall, RecallLimit
from cpa_core.mha.cto.rules import MANDATORY_CONDITIONS
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.rules import Section, mha_1983, statutory_period_at
from cpa_core.mha.sections.checks import CheckedPeriod, day_text, utc, within
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy

__all__ = [
    "CTO_CONDITIONS_MISSING",
    "CTO_EXTENSION_AMHP_MISSING",
    "CTO_REVOCATION_AMHP_MISSING",
    "RECALL_IN_PROGRESS",
    "RECALL_SUSPENDED",
    "RECALL_TOO_LONG",
    "recall_limit",
]


_S17F = mha_1983("s17F(4), (6), (8): revoke or release within 72 hours of detention", "17F")

CTO_CONDITIONS_MISSING = FindingCode(
    "MHA-CTO-CONDITIONS-MISSING",
    Severity.WARNING,
    "A CTO does not record the two conditions every order must specify (examination for "
    "extension, and for a Part 4A certificate).",
    source=mha_1983("s17B(3): the two conditions every CTO must specify", "17B"),
)
CTO_EXTENSION_AMHP_MISSING = FindingCode(
    "MHA-CTO-EXTENSION-AMHP-MISSING",
    Severity.WARNING,
    "A CTO extension report is recorded without an approved mental health professional's "
    "written statement made before it.",
    source=mha_1983("s20A(4)(b), (8): an AMHP's written statement before an extension", "20A"),
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
    source=mha_1983("s21(4): the 72 hours run from the return if absent on their last day", "21"),
)
RECALL_TOO_LONG = FindingCode(
    "MHA-RECALL-TOO-LONG",
    Severity.ERROR,
    "A community patient is (or was) held on recall longer than 72 hours from their "
    "detention under the notice without the CTO being revoked. Counted from the notice when "
    "the detention's start is not recorded, and then a warning only.",
    source=_S17F,
)


_DEFAULT = MhaPolicy()


def recall_limit(
    period: LegalStatusPeriod, recall: Recall, policy: MhaPolicy | None = None
) -> RecallLimit:
    """The end of the 72 hours of a recall.

    s17F(8): 72 hours beginning with the time the patient's detention in hospital by virtue
    of the notice begins. s21(4): if the patient is absent without leave on the day those 72
    hours would expire, they do not expire until 72 hours from the return.
    """
    policy = policy or _DEFAULT
    starts = recall.detained_at or recall.recalled_at
    rule = statutory_period_at("s17F(8)", starts, policy)
    end = statutory_time.hours_from(starts, rule.length).end
    result = RecallLimit(starts=starts, anchor_recorded=recall.detained_at is not None, end=end)
    day = statutory_time.days_beginning_with(statutory_time.london_date(end), 1)
    day_start, day_end = day.start, day.end
    for absence in period.absences:
        if utc(absence.started_at) < utc(starts) or not overlaps_day(absence, day_start, day_end):
            continue
        if utc(absence.started_at) >= utc(end):
            continue
        if absence.returned_at is None:
            return attrs.evolve(result, end=None, absence=absence)
        again = statutory_period_at("s21(4)", absence.returned_at, policy)
        return attrs.evolve(
            result,
            end=max(end, statutory_time.hours_from(absence.returned_at, again.length).end, key=utc),
            absence=absence,
        )
    return result


def recall_open(recall: Recall, as_of: datetime) -> bool:
    """Whether the recall holds the patient at ``as_of``: not revoked, and not released."""
    return not recall.revoked and within(recall.recalled_at, recall.released_at, as_of)


def cto_rules(at: CheckedPeriod) -> Iterator[Finding]:
    """A CTO's mandatory conditions (s17B(3)), and the AMHP's statement before each
    extension (s20A(4)(b), (8)) and agreement to a revocation (s17F(4)(b))."""
    period = at.period
    kinds = {condition.kind for condition in period.conditions}
    missing = [kind.value for kind in MANDATORY_CONDITIONS if kind not in kinds]
    if missing:
        yield at.finding(
            CTO_CONDITIONS_MISSING,
            f"CTO made {day_text(period.start)}: mandatory conditions not recorded "
            f"({', '.join(missing)})",
            "conditions",
        )
    for k, renewal in enumerate(period.renewals):
        agreed = renewal.amhp_agreed_on
        if agreed is not None and agreed <= renewal.report_on:
            continue
        when = "not recorded" if agreed is None else "dated after the report"
        yield at.finding(
            CTO_EXTENSION_AMHP_MISSING,
            f"CTO extension {k + 1}: AMHP statement {when}; without it the report does not "
            "extend the CTO",
            f"renewals[{k}].amhp_agreed_on",
            due=renewal.report_on,
        )
    for k, recall in enumerate(period.recalls):
        if recall.revoked and recall.amhp_agreed_on is None:
            yield at.finding(
                CTO_REVOCATION_AMHP_MISSING,
                "CTO revoked; AMHP agreement not recorded",
                f"recalls[{k}].amhp_agreed_on",
            )


def _revoked_at(record: MhaDetention, period: LegalStatusPeriod) -> datetime | None:
    """When a CTO was revoked: the start of the detention restored in its place."""
    for other in record.periods:
        if other.converted_from == period.period_id and other.period_id != period.period_id:
            return other.start
    return None


def _recall_grade(limit: RecallLimit) -> Severity | None:
    # Counted from the notice, the 72 hours may start too early: never an error then.
    return None if limit.anchor_recorded else Severity.WARNING


def _hours(limit: RecallLimit, policy: MhaPolicy) -> int:
    """The hours a recall may hold the patient (s17F(8)), as the recall's limit counted them."""
    return statutory_period_at("s17F(8)", limit.starts, policy).length


def recall_rules(at: CheckedPeriod, policy: TrustPolicy) -> Iterator[Finding]:
    """s17F(6): a recall that ended (release or revocation) after its 72 hours."""
    for k, recall in enumerate(at.period.recalls):
        ended = recall.released_at
        if ended is None and recall.revoked:
            ended = _revoked_at(at.record, at.period)
        if ended is None:
            continue
        limit = recall_limit(at.period, recall, policy.mha)
        if limit.end is not None and utc(ended) > utc(limit.end):
            yield _too_long(at, k, limit, policy.mha)


def _too_long(at: CheckedPeriod, k: int, limit: RecallLimit, policy: MhaPolicy) -> Finding:
    assert limit.end is not None
    counted = "detention under the notice" if limit.anchor_recorded else "the notice"
    return at.finding(
        RECALL_TOO_LONG,
        f"CTO recall held past {_hours(limit, policy)} hours from {counted} "
        f"({limit.end.isoformat()}) without revocation",
        f"recalls[{k}]",
        due=limit.end.astimezone(statutory_time.LONDON),
        severity=_recall_grade(limit),
    )


def recall_checks(at: CheckedPeriod, ctx: CheckContext) -> Iterator[Finding]:
    """A recall in progress: its 72 hours, suspended while absent (s21(4)), or past."""
    if at.period.section is not Section.CTO:
        return
    policy = ctx.policy.mha
    for k, recall in enumerate(at.period.recalls):
        if not recall_open(recall, ctx.instant):
            continue
        limit = recall_limit(at.period, recall, policy)
        if limit.end is None:
            yield at.finding(
                RECALL_SUSPENDED,
                f"CTO recall: absent without leave on the day the {_hours(limit, policy)} "
                "hours would end; they run again from the return",
                f"recalls[{k}]",
            )
            continue
        if utc(ctx.instant) >= utc(limit.end):
            yield _too_long(at, k, limit, policy)
            continue
        counted = "detention under the notice" if limit.anchor_recorded else "the notice"
        by = limit.end.astimezone(statutory_time.LONDON).isoformat()
        yield at.finding(
            RECALL_IN_PROGRESS,
            f"CTO recall: release or revoke by {by} ({_hours(limit, policy)} hours from {counted})",
            f"recalls[{k}]",
            due=limit.end.astimezone(statutory_time.LONDON),
        )
