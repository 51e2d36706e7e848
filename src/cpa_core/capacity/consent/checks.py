"""The checks of consent records, and whether a proposed disclosure is covered by consent."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import date, datetime
from typing import Any

import attrs

from cpa_core.capacity.checks import _cited, _under_age
from cpa_core.capacity.consent.models import (
    CapacityBasis,
    ConsentDecision,
    ConsentRecord,
    ConsentType,
    InformationElement,
    ProposedDisclosure,
)
from cpa_core.capacity.consent.rules import (
    CALDICOTT_PRINCIPLES,
    VALID_CONSENT,
    CaldicottPrincipleRow,
)
from cpa_core.capacity.rules import CHILDREN, MCA_COMMENCED
from cpa_core.context import CheckContext
from cpa_core.findings import Deadline, Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import RecordKind

__all__ = [
    "CONSENT_KIND",
    "DisclosureCoverage",
    "check_consent",
    "consent_audit",
    "consent_rules",
    "disclosure_coverage",
]

_CONSENT_SOURCE = _cited(VALID_CONSENT, InformationElement.NATURE)
_CALDICOTT_SOURCE = _cited(CALDICOTT_PRINCIPLES, 1)

CONSENT_NOT_VOLUNTARY = FindingCode(
    "CONSENT-NOT-VOLUNTARY",
    Severity.ERROR,
    "Consent is recorded as given but not voluntary.",
    _CONSENT_SOURCE,
)
CONSENT_NOT_INFORMED = FindingCode(
    "CONSENT-NOT-INFORMED",
    Severity.ERROR,
    "Consent to treatment is recorded as given without an element of the information "
    "needed for it to be informed.",
    _CONSENT_SOURCE,
)
CONSENT_CAPACITY_NOT_RECORDED = FindingCode(
    "CONSENT-CAPACITY-NOT-RECORDED",
    Severity.WARNING,
    "A consent record says nothing about the person's capacity or competence to consent.",
    _CONSENT_SOURCE,
)
CONSENT_LACKS_CAPACITY = FindingCode(
    "CONSENT-LACKS-CAPACITY",
    Severity.ERROR,
    "Consent is recorded as given by a person recorded as lacking capacity or Gillick competence.",
    _CONSENT_SOURCE,
)
CONSENT_UNDER_16 = FindingCode(
    "CONSENT-UNDER-16",
    Severity.WARNING,
    "A person under 16 consented without a Gillick competence finding.",
    _cited(CHILDREN, "gillick"),
)
CONSENT_SHARING_SCOPE_MISSING = FindingCode(
    "CONSENT-SHARING-SCOPE-MISSING",
    Severity.ERROR,
    "A consent to share information does not record what, with whom and why.",
    _CALDICOTT_SOURCE,
)
CONSENT_DATES = FindingCode(
    "CONSENT-DATES",
    Severity.ERROR,
    "A consent record is withdrawn or expires before it was given.",
    _CONSENT_SOURCE,
)
CONSENT_EXPIRED = FindingCode(
    "CONSENT-EXPIRED",
    Severity.WARNING,
    "A consent to share information has passed its last day.",
    _CALDICOTT_SOURCE,
)
CONSENT_EXPIRING = FindingCode(
    "CONSENT-EXPIRING",
    Severity.INFO,
    "A consent to share information reaches its last day soon.",
    _CALDICOTT_SOURCE,
)
CONSENT_DISCLOSURE_NOT_COVERED = FindingCode(
    "CONSENT-DISCLOSURE-NOT-COVERED",
    Severity.WARNING,
    "A proposed disclosure is not covered by a consent in force on its date; another lawful "
    "basis is needed (Caldicott principles 1, 6 and 7).",
    _CALDICOTT_SOURCE,
)

CONSENT_SHARING_END = Deadline(CONSENT_EXPIRED, CONSENT_EXPIRING)
"""A consent to share's last day: expired after it, expiring within the Trust's window."""

FINDING_CODES: tuple[FindingCode, ...] = (
    CONSENT_NOT_VOLUNTARY,
    CONSENT_NOT_INFORMED,
    CONSENT_CAPACITY_NOT_RECORDED,
    CONSENT_LACKS_CAPACITY,
    CONSENT_UNDER_16,
    CONSENT_SHARING_SCOPE_MISSING,
    CONSENT_DATES,
    CONSENT_EXPIRED,
    CONSENT_EXPIRING,
    CONSENT_DISCLOSURE_NOT_COVERED,
)
"""The finding codes of consent."""

_LACKING = (CapacityBasis.ASSESSED_LACKS_CAPACITY, CapacityBasis.NOT_GILLICK_COMPETENT)
_GILLICK = (CapacityBasis.GILLICK_COMPETENT, CapacityBasis.NOT_GILLICK_COMPETENT)


def consent_rules(record: ConsentRecord, _policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency of a consent record: voluntary, informed, capacity; a sharing scope."""
    sid = record.consent_id
    on = max(record.recorded_on, MCA_COMMENCED)
    given = record.decision is ConsentDecision.GIVEN
    if given and not record.voluntary:
        yield CONSENT_NOT_VOLUNTARY.finding(
            "consent recorded as not voluntary", path="$.voluntary", subject_id=sid
        )
    if given and record.consent_type is ConsentType.TREATMENT:
        told = set(record.informed)
        for row in VALID_CONSENT.in_force(on):
            if row.element not in told:
                yield CONSENT_NOT_INFORMED.finding(
                    f"the person is not recorded as told '{row.element.value}'",
                    path="$.informed",
                    subject_id=sid,
                    source=row.source,
                )
    if record.capacity_basis is CapacityBasis.NOT_RECORDED:
        yield CONSENT_CAPACITY_NOT_RECORDED.finding(
            "capacity or competence is not recorded", path="$.capacity_basis", subject_id=sid
        )
    elif given and record.capacity_basis in _LACKING:
        yield CONSENT_LACKS_CAPACITY.finding(
            "consent recorded from a person recorded as unable to give it",
            path="$.capacity_basis",
            subject_id=sid,
        )
    gate = _under_age("mca", record.date_of_birth, record.recorded_on) if given else None
    if gate is not None and record.capacity_basis not in _GILLICK:
        yield CONSENT_UNDER_16.finding(
            f"the person was under {gate.minimum_age}: record Gillick competence",
            path="$.capacity_basis",
            subject_id=sid,
        )
    if record.consent_type is ConsentType.INFORMATION_SHARING and record.sharing is None:
        yield CONSENT_SHARING_SCOPE_MISSING.finding(
            "no categories, recipients or purposes recorded", path="$.sharing", subject_id=sid
        )
    if record.withdrawn_on is not None and record.withdrawn_on < record.recorded_on:
        yield CONSENT_DATES.finding(
            "withdrawn before it was given", path="$.withdrawn_on", subject_id=sid
        )
    expires = record.sharing.expires_on if record.sharing is not None else None
    if expires is not None and expires < record.recorded_on:
        yield CONSENT_DATES.finding(
            "expires before it was given", path="$.sharing.expires_on", subject_id=sid
        )


def consent_audit(record: ConsentRecord, ctx: CheckContext) -> Iterator[Finding]:
    """Expiry of a consent to share, as of the London day of the check (``expires_on`` is
    the last day covered)."""
    if record.sharing is None or record.sharing.expires_on is None:
        return
    if record.decision is not ConsentDecision.GIVEN:
        return
    if record.withdrawn_on is not None and record.withdrawn_on <= ctx.day:
        return
    found = CONSENT_SHARING_END.check(
        record.sharing.expires_on,
        ctx.day,
        ctx.policy.general.due_soon_days,
        overdue="the consent to share has expired",
        due_soon="the consent to share expires soon",
        path="$.sharing.expires_on",
        subject_id=record.consent_id,
    )
    if found is not None:
        yield found


@attrs.frozen(kw_only=True)
class DisclosureCoverage:
    """Whether a proposed disclosure is covered by consent, and the principles that apply.

    Attributes:
        covered: A consent in force on the disclosure's day covers its recipient, purpose
            and every category.
        consent_id: The covering consent, or the nearest candidate when not covered.
        gaps: Why it is not covered: ``no-consent``, ``refused``, ``not-yet-given``,
            ``withdrawn``, ``expired``, ``recipient``, ``purpose``, ``category``.
        principles: The Caldicott principles in force on the day (data with sources).
    """

    covered: bool
    consent_id: str | None
    gaps: tuple[str, ...]
    principles: tuple[CaldicottPrincipleRow, ...]

    def findings(self, disclosure: ProposedDisclosure) -> Iterator[Finding]:
        """A finding when the disclosure is not covered."""
        if not self.covered:
            yield CONSENT_DISCLOSURE_NOT_COVERED.finding(
                "not covered: " + ", ".join(self.gaps),
                subject_id=self.consent_id or disclosure.person_id,
                due=disclosure.on,
            )


def _gaps(consent: ConsentRecord, disclosure: ProposedDisclosure) -> tuple[str, ...]:
    gaps: list[str] = []
    on = disclosure.on
    if consent.decision is ConsentDecision.REFUSED:
        gaps.append("refused")
    if consent.recorded_on > on:
        gaps.append("not-yet-given")
    if consent.withdrawn_on is not None and consent.withdrawn_on <= on:
        gaps.append("withdrawn")
    scope = consent.sharing
    if scope is None:
        return (*gaps, "recipient", "purpose", "category")
    if scope.expires_on is not None and scope.expires_on < on:
        gaps.append("expired")
    if disclosure.recipient not in scope.recipients:
        gaps.append("recipient")
    if disclosure.purpose not in scope.purposes:
        gaps.append("purpose")
    if not set(disclosure.categories) <= set(scope.categories):
        gaps.append("category")
    return tuple(gaps)


def disclosure_coverage(
    disclosure: ProposedDisclosure, consents: Iterable[ConsentRecord]
) -> DisclosureCoverage:
    """Whether a consent to share covers ``disclosure`` on its day.

    A consent covers it when it is the same person's consent to share, given (not refused)
    on or before the day, not withdrawn by the day (withdrawal takes effect on the day it is
    recorded), not past its last day (``expires_on`` inclusive), and lists the recipient,
    the purpose and every category. When none covers it, the candidate with the fewest
    gaps is named. Consent is one lawful basis among others: "not covered" is a prompt to
    find another (Caldicott principles 1, 6 and 7), never a ban.
    """
    principles = CALDICOTT_PRINCIPLES.in_force(disclosure.on)
    best: tuple[str | None, tuple[str, ...]] = (None, ("no-consent",))
    for consent in consents:
        if (
            consent.person_id != disclosure.person_id
            or consent.consent_type is not ConsentType.INFORMATION_SHARING
        ):
            continue
        gaps = _gaps(consent, disclosure)
        if not gaps:
            return DisclosureCoverage(
                covered=True, consent_id=consent.consent_id, gaps=(), principles=principles
            )
        if best[0] is None or len(gaps) < len(best[1]):
            best = (consent.consent_id, gaps)
    return DisclosureCoverage(
        covered=False, consent_id=best[0], gaps=best[1], principles=principles
    )


def check_consent(
    record: ConsentRecord, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one consent record: its own rules, and the expiry of a consent
    to share as of ``as_of``.
    The same report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return CONSENT_KIND.check(record, as_of, policy)


CONSENT_KIND: RecordKind[ConsentRecord] = RecordKind(
    name="consent-record",
    domain="capacity",
    model=ConsentRecord,
    description="Consent to treatment or to sharing information.",
    rules=consent_rules,
    audit=consent_audit,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (CONSENT_KIND,)
"""The record kinds of consent."""
