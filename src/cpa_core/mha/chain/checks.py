"""Checks of the chain of legal status periods: its order, its changes of section, where
each period counts from (s4 converted to s2 keeps the s4 start), and the MHSDS legal status
code each period records.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime

from cpa_core import statutory_time
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.mha.chain.rules import (
    LEGAL_STATUS_CODES,
    MHSDS_CTO_CODE,
    codes_for_section,
    conversion_rule,
)
from cpa_core.mha.models import LegalStatusPeriod, MhaDetention
from cpa_core.mha.rules import Section
from cpa_core.mha.sections.checks import CheckedPeriod, period_path, utc
from cpa_core.provenance import Source

__all__ = [
    "CHAIN_INVALID",
    "CONVERSION_NOT_ALLOWED",
    "CONVERSION_UNCATALOGUED",
    "LEGAL_STATUS_CODE_MISMATCH",
    "anchor_of",
]

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
LEGAL_STATUS_CODE_MISMATCH = FindingCode(
    "MHA-LEGAL-STATUS-CODE-MISMATCH",
    Severity.WARNING,
    "The MHSDS legal status code recorded for a period does not stand for its section (for "
    "a CTO: the suspended section).",
    source=MHSDS_CTO_CODE,
)


def previous_period(detention: MhaDetention, period: LegalStatusPeriod) -> LegalStatusPeriod | None:
    """The period ``period`` replaced, if the chain holds it."""
    if period.converted_from is None:
        return None
    previous = detention.period(period.converted_from)
    if previous is None or previous.period_id == period.period_id:
        return None
    return previous


def follows_cto(detention: MhaDetention, period: LegalStatusPeriod) -> bool:
    """Whether ``period`` replaced a CTO: the detention its revocation restored (s17F(4))."""
    previous = previous_period(detention, period)
    return previous is not None and previous.section is Section.CTO


def anchor_of(detention: MhaDetention, period: LegalStatusPeriod) -> datetime:
    """The instant ``period`` counts from.

    Its own ``start``, unless it replaced a period under a conversion that keeps the old
    start (s4 converted to s2 runs from when the s4 began), followed back along the chain.
    """
    seen = {period.period_id}
    current = period
    while (previous := previous_period(detention, current)) is not None:
        if previous.period_id in seen:
            break
        rule = conversion_rule(
            previous.section, current.section, statutory_time.london_date(current.start)
        )
        if rule is None or not rule.keeps_start:
            break
        seen.add(previous.period_id)
        current = previous
    return current.start


def _finding(
    code: FindingCode,
    message: str,
    record: MhaDetention,
    index: int,
    field: str,
    *,
    source: Source | None = None,
) -> Finding:
    """A finding about ``field`` of period ``index`` of the record."""
    path = period_path(index, field)
    return code.finding(message, path=path, subject_id=record.detention_id, source=source)


def chain_rules(record: MhaDetention) -> Iterator[Finding]:
    """The chain's order, its one active period, and its changes of section."""
    active = [i for i, p in enumerate(record.periods) if p.end is None]
    if len(active) > 1:
        message = f"{len(active)} periods are recorded as active at once"
        yield _finding(CHAIN_INVALID, message, record, active[-1], "end")
    for index in range(1, len(record.periods)):
        before, after = record.periods[index - 1], record.periods[index]
        if utc(after.start) < utc(before.start):
            message = "periods are not in order of start"
            yield _finding(CHAIN_INVALID, message, record, index, "start")
        elif before.end is not None and utc(before.end) > utc(after.start):
            message = "a period ends after the next one starts"
            yield _finding(CHAIN_INVALID, message, record, index - 1, "end")
    for index, period in enumerate(record.periods):
        if period.converted_from is None:
            continue
        previous = record.period(period.converted_from)
        if previous is None or previous.period_id == period.period_id:
            message = "converted from a period the chain does not hold"
            yield _finding(CHAIN_INVALID, message, record, index, "converted_from")
            continue
        rule = conversion_rule(
            previous.section, period.section, statutory_time.london_date(period.start)
        )
        if rule is None:
            message = (
                f"change from {previous.section.label} to {period.section.label} has no "
                "catalogue row"
            )
            yield _finding(CONVERSION_UNCATALOGUED, message, record, index, "converted_from")
        elif not rule.allowed:
            message = f"{period.section.label} cannot follow {previous.section.label}: {rule.note}"
            yield _finding(
                CONVERSION_NOT_ALLOWED, message, record, index, "converted_from", source=rule.source
            )


def code_rules(at: CheckedPeriod) -> Iterator[Finding]:
    """The MHSDS legal status code recorded for the period, against its section."""
    code = at.period.legal_status_code
    expected = at.period.section
    if expected is Section.CTO:
        # MHSDS has no CTO code: the suspended section's code is recorded, which only the
        # chain can tell.
        previous = at.record.period(at.period.converted_from or "")
        if previous is None:
            return
        expected = previous.section
    if code not in codes_for_section(expected):
        known = code in LEGAL_STATUS_CODES.keys()  # noqa: SIM118 (a RuleTable, not a dict)
        yield at.finding(
            LEGAL_STATUS_CODE_MISMATCH,
            f"legal status code {code} does not stand for {expected.label}"
            + ("" if known else " (not a catalogued code)"),
            "legal_status_code",
        )
