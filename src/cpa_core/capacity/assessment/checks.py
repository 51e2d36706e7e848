"""The checks of an MCA assessment: the two-stage test of MCA 2005 ss1–3 and its record."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from cpa_core import statutory_time
from cpa_core.capacity.assessment.models import (
    AbilityResult,
    CapacityAssessment,
    CapacityOutcome,
)
from cpa_core.capacity.assessment.rules import ABILITIES, CAPACITY_TEST
from cpa_core.capacity.checks import _cited, _under_age
from cpa_core.capacity.models import DecisionArea
from cpa_core.capacity.rules import AGE_GATES, MCA_COMMENCED, MCA_PRINCIPLES
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import RecordKind, repeated_positions

__all__ = [
    "CAPACITY_ASSESSMENT_KIND",
    "capacity_assessment_rules",
    "capacity_status",
    "check_capacity_assessment",
    "grounds_missing",
]

_S2 = _cited(CAPACITY_TEST, "impairment")
_S3 = _cited(CAPACITY_TEST, "functional")

MCA_LACKS_NO_IMPAIRMENT = FindingCode(
    "MCA-LACKS-NO-IMPAIRMENT",
    Severity.ERROR,
    "An assessment records lack of capacity without an impairment or disturbance of mind or brain.",
    _S2,
)
MCA_LACKS_NO_FAILED_ABILITY = FindingCode(
    "MCA-LACKS-NO-FAILED-ABILITY",
    Severity.ERROR,
    "An assessment records lack of capacity without any of the four abilities failed.",
    _S3,
)
MCA_LACKS_NO_CAUSAL_LINK = FindingCode(
    "MCA-LACKS-NO-CAUSAL-LINK",
    Severity.ERROR,
    "An assessment records lack of capacity without finding that the inability is because "
    "of the impairment.",
    _cited(CAPACITY_TEST, "causal-link"),
)
MCA_HAS_CAPACITY_CONTRADICTED = FindingCode(
    "MCA-HAS-CAPACITY-CONTRADICTED",
    Severity.ERROR,
    "An assessment records capacity although its own evidence meets the test for lack of capacity.",
    _S2,
)
MCA_UNWISE_DECISION_GROUND = FindingCode(
    "MCA-UNWISE-DECISION-GROUND",
    Severity.WARNING,
    "An assessment finding lack of capacity cites the decision being unwise, which is never "
    "by itself a ground (an error when the two-stage test is not otherwise met).",
    _cited(MCA_PRINCIPLES, "unwise-decision"),
)
MCA_ABILITY_NOT_RECORDED = FindingCode(
    "MCA-ABILITY-NOT-RECORDED",
    Severity.WARNING,
    "One of the four abilities is not recorded separately in an assessment.",
    _S3,
)
MCA_ABILITY_DUPLICATE = FindingCode(
    "MCA-ABILITY-DUPLICATE",
    Severity.ERROR,
    "An ability is recorded more than once in one assessment.",
    _S3,
)
MCA_ABILITY_NO_EVIDENCE = FindingCode(
    "MCA-ABILITY-NO-EVIDENCE",
    Severity.WARNING,
    "An ability is recorded as failed without evidence.",
    _S3,
)
MCA_NO_SUPPORT_RECORDED = FindingCode(
    "MCA-NO-SUPPORT-RECORDED",
    Severity.WARNING,
    "Lack of capacity is recorded without the practicable steps taken to help the person decide.",
    _cited(MCA_PRINCIPLES, "all-practicable-steps"),
)
MCA_UNDER_16 = FindingCode(
    "MCA-UNDER-16",
    Severity.WARNING,
    "The person was under 16 at the material time: outside the Act for most decisions; "
    "Gillick competence applies.",
    _cited(AGE_GATES, "mca"),
)

FINDING_CODES: tuple[FindingCode, ...] = (
    MCA_LACKS_NO_IMPAIRMENT,
    MCA_LACKS_NO_FAILED_ABILITY,
    MCA_LACKS_NO_CAUSAL_LINK,
    MCA_HAS_CAPACITY_CONTRADICTED,
    MCA_UNWISE_DECISION_GROUND,
    MCA_ABILITY_NOT_RECORDED,
    MCA_ABILITY_DUPLICATE,
    MCA_ABILITY_NO_EVIDENCE,
    MCA_NO_SUPPORT_RECORDED,
    MCA_UNDER_16,
)
"""The finding codes of MCA assessments."""


def grounds_missing(assessment: CapacityAssessment) -> tuple[str, ...]:
    """The elements of the two-stage test for lack of capacity that the record lacks.

    Returns codes of :data:`~cpa_core.capacity.assessment.rules.CAPACITY_TEST` rows:
    ``impairment`` (s2(1)), ``functional`` (no ability recorded as failed, s3(1)) and
    ``causal-link`` (s2(1), "because of"). Empty when the record supports a finding of lack
    of capacity. An ability recorded twice with different results counts as failed; the
    duplicate itself is reported by the rules.
    """
    missing: list[str] = []
    if assessment.impairment is None or not assessment.impairment.present:
        missing.append("impairment")
    if not any(entry.result is AbilityResult.UNABLE for entry in assessment.abilities):
        missing.append("functional")
    if assessment.causal_link is not True:
        missing.append("causal-link")
    return tuple(missing)


def capacity_status(assessment: CapacityAssessment) -> CapacityOutcome:
    """The outcome cpa_core reports for an assessment: never "lacks" without the grounds.

    ``LACKS_CAPACITY`` only when the assessor recorded it *and* the record holds an
    impairment, at least one failed ability and the causal link (ss2–3). ``HAS_CAPACITY``
    when the assessor recorded it (a record whose own evidence contradicts it is reported by
    the rules as ``MCA-HAS-CAPACITY-CONTRADICTED``). ``UNDETERMINED`` when the assessor left
    it open, or when "lacks capacity" was recorded without its grounds: capacity is then
    still presumed (s1(2)), and the rules report what is missing.
    """
    complete = not grounds_missing(assessment)
    if assessment.outcome is CapacityOutcome.LACKS_CAPACITY:
        return CapacityOutcome.LACKS_CAPACITY if complete else CapacityOutcome.UNDETERMINED
    if assessment.outcome is CapacityOutcome.HAS_CAPACITY:
        return CapacityOutcome.HAS_CAPACITY
    return CapacityOutcome.UNDETERMINED


_GROUND_CODES = {
    "impairment": (MCA_LACKS_NO_IMPAIRMENT, "$.impairment"),
    "functional": (MCA_LACKS_NO_FAILED_ABILITY, "$.abilities"),
    "causal-link": (MCA_LACKS_NO_CAUSAL_LINK, "$.causal_link"),
}


def capacity_assessment_rules(
    record: CapacityAssessment, _policy: TrustPolicy
) -> Iterator[Finding]:
    """Consistency of a capacity assessment (MCA 2005 ss1–3)."""
    sid = record.assessment_id
    missing = grounds_missing(record)
    if record.outcome is CapacityOutcome.LACKS_CAPACITY:
        yield from _lacks_capacity_findings(record, missing)
    elif (
        record.outcome is CapacityOutcome.HAS_CAPACITY
        and "functional" not in missing
        and "causal-link" not in missing
    ):
        # A failed ability caused by an impairment is lack of capacity (s2(1)), whatever
        # stage 1 says; a causal link with no impairment is itself a contradiction.
        yield MCA_HAS_CAPACITY_CONTRADICTED.finding(
            "capacity recorded although a failed ability and its causal link are recorded",
            path="$.outcome",
            subject_id=sid,
        )
    repeated = repeated_positions(entry.ability for entry in record.abilities)
    for index, entry in enumerate(record.abilities):
        if index in repeated:
            yield MCA_ABILITY_DUPLICATE.finding(
                f"ability '{entry.ability.value}' is recorded more than once",
                path=f"$.abilities[{index}]",
                subject_id=sid,
            )
        if entry.result is AbilityResult.UNABLE and entry.evidence is None:
            yield MCA_ABILITY_NO_EVIDENCE.finding(
                f"ability '{entry.ability.value}' is failed without evidence",
                path=f"$.abilities[{index}].evidence",
                subject_id=sid,
            )
    on = statutory_time.london_date(record.assessed_at)
    recorded = {entry.ability for entry in record.abilities}
    for row in ABILITIES.in_force(max(on, MCA_COMMENCED)):
        if row.ability not in recorded:
            yield MCA_ABILITY_NOT_RECORDED.finding(
                f"ability '{row.ability.value}' is not recorded",
                path="$.abilities",
                subject_id=sid,
                source=row.source,
            )
    gate = _under_age("mca", record.date_of_birth, on)
    if gate is not None:
        # s18(3): the court's property powers reach under-16s whose incapacity will last.
        exception = record.decision_area is DecisionArea.PROPERTY_AND_AFFAIRS
        yield MCA_UNDER_16.finding(
            f"the person was under {gate.minimum_age} at the material time: use Gillick "
            "competence" + (" (property and affairs: s18(3) may apply)" if exception else ""),
            path="$.date_of_birth",
            subject_id=sid,
            source=gate.source,
            severity=Severity.INFO if exception else None,
        )


def _lacks_capacity_findings(
    record: CapacityAssessment, missing: tuple[str, ...]
) -> Iterator[Finding]:
    sid = record.assessment_id
    for ground in missing:
        code, path = _GROUND_CODES[ground]
        yield code.finding(
            f"lack of capacity recorded without the '{ground}' element",
            path=path,
            subject_id=sid,
        )
    if not record.support_given:
        yield MCA_NO_SUPPORT_RECORDED.finding(
            "no practicable steps to help the person decide are recorded",
            path="$.support_given",
            subject_id=sid,
        )
    if record.unwise_decision_cited:
        yield MCA_UNWISE_DECISION_GROUND.finding(
            "an unwise decision is cited; it is never by itself a ground",
            path="$.unwise_decision_cited",
            subject_id=sid,
            severity=Severity.ERROR if missing else None,
        )


def check_capacity_assessment(
    record: CapacityAssessment, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one capacity assessment (it has nothing that falls due). The same
    report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return CAPACITY_ASSESSMENT_KIND.check(record, as_of, policy)


CAPACITY_ASSESSMENT_KIND: RecordKind[CapacityAssessment] = RecordKind(
    name="mca-capacity-assessment",
    domain="capacity",
    model=CapacityAssessment,
    description="A decision- and time-specific assessment of capacity under the Mental "
    "Capacity Act 2005 ss1–3.",
    rules=capacity_assessment_rules,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (CAPACITY_ASSESSMENT_KIND,)
"""The record kinds of MCA assessments."""
