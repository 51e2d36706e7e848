"""Which legal holds cover a record and block its disposal, and the findings about holds."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date

from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy.retention import RetentionPolicy
from cpa_core.provenance import Effective, Evidence
from cpa_core.records import RecordKind
from cpa_core.retention.checks import _policy_section
from cpa_core.retention.holds.models import HoldOrigin, LegalHold
from cpa_core.retention.holds.rules import NATIONAL_HOLDS
from cpa_core.retention.models import RetentionRecord

__all__ = [
    "HOLD_ENDED",
    "HOLD_UNSCOPED",
    "LEGAL_HOLD",
    "blocking_holds",
    "hold_audit",
    "hold_rules",
]

HOLD_UNSCOPED = FindingCode(
    "RETENTION-HOLD-UNSCOPED",
    Severity.WARNING,
    "A legal hold names no record class, date range or subject matter, so it blocks the "
    "disposal of every record.",
)
HOLD_ENDED = FindingCode(
    "RETENTION-HOLD-ENDED",
    Severity.INFO,
    "A legal hold has been lifted: records it blocked can return to the review list.",
)

FINDING_CODES: tuple[FindingCode, ...] = (HOLD_UNSCOPED, HOLD_ENDED)


def _record_span(record: RetentionRecord) -> tuple[date | None, date | None]:
    """The first and last day the record covers; ``None`` for an unknown (open) end.

    Without an opening or creation date only an incident record has a known start (the
    incident); any other record may reach back indefinitely, so date-range holds cover it.
    """
    first = record.opened or record.created or record.incident
    if any(p.closed is None for p in record.reuse):
        return first, None
    ends = [
        d
        for d in (
            record.last_contact,
            record.closed,
            record.completed,
            record.last_entry,
            record.left_employment,
            record.incident,
            record.died,
            record.created,
            *(p.closed for p in record.reuse),
        )
        if d is not None
    ]
    return first, (max(ends) if ends else None)


def _covers(hold: LegalHold, record: RetentionRecord) -> bool:
    scope = hold.scope
    if scope.record_classes and record.record_class not in scope.record_classes:
        return False
    if scope.subject_matter and not set(scope.subject_matter) & set(record.subject_matter):
        return False
    first, last = _record_span(record)
    if scope.covering_until is not None and first is not None and first > scope.covering_until:
        return False
    return not (scope.covering_from is not None and last is not None and last < scope.covering_from)


def _named_only(hold_id: str) -> LegalHold:
    """A hold a record names that nobody defines: an open Trust hold, unverified, in force
    since a day no source states."""
    since = Effective.unknown_start().start
    assert since is not None  # an unknown start is still a start, before any record
    return LegalHold(
        hold_id=hold_id,
        title="hold named on the record",
        origin=HoldOrigin.TRUST,
        start=since,
        evidence=Evidence.UNVERIFIED,
    )


def blocking_holds(
    record: RetentionRecord,
    on: date,
    policy: TrustPolicy | RetentionPolicy | None = None,
    holds: Iterable[LegalHold] = (),
) -> tuple[LegalHold, ...]:
    """The legal holds in force on ``on`` that cover ``record``.

    A hold covers a record when the record names it in ``holds``, or when the record falls
    in its scope. National holds come from :data:`NATIONAL_HOLDS` (less any the Trust policy
    releases); ``holds`` adds the Trust's own. A hold the record names but nobody defines is
    treated as an open Trust hold: it blocks until it is defined or removed.
    """
    section = _policy_section(policy)
    released = set(section.released_holds)
    candidates: dict[str, LegalHold] = {
        row.hold.hold_id: row.hold for row in NATIONAL_HOLDS if row.hold.hold_id not in released
    }
    for hold in holds:
        candidates.setdefault(hold.hold_id, hold)
    found: dict[str, LegalHold] = {}
    for hold in candidates.values():
        if hold.in_force(on) and (hold.hold_id in record.holds or _covers(hold, record)):
            found[hold.hold_id] = hold
    for hold_id in record.holds:
        if hold_id not in candidates and hold_id not in released:
            found[hold_id] = _named_only(hold_id)
    return tuple(found.values())


def hold_rules(hold: LegalHold, _policy: TrustPolicy) -> Iterator[Finding]:
    """A hold that names no scope blocks every record."""
    if hold.scope.unrestricted:
        yield HOLD_UNSCOPED.finding(
            "the hold names no record class, date range or subject matter",
            path="$.scope",
            subject_id=hold.hold_id,
        )


def hold_audit(hold: LegalHold, ctx: CheckContext) -> Iterator[Finding]:
    """A hold lifted on or before the audit date."""
    if hold.end is not None and hold.end <= ctx.day:
        yield HOLD_ENDED.finding(
            "the hold has been lifted", path="$.end", subject_id=hold.hold_id, due=hold.end
        )


LEGAL_HOLD: RecordKind[LegalHold] = RecordKind(
    name="retention-hold",
    domain="retention",
    model=LegalHold,
    description="A Trust-defined legal hold that blocks the disposal of the records in its "
    "scope while it is in force.",
    rules=hold_rules,
    audit=hold_audit,
)
