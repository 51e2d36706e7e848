"""The checks of the capacity area: pure functions from records to findings.

Undated consistency rules take ``(record, policy)`` and run whenever a record is validated;
dated checks take ``(record, as_of, policy)`` and run in the caseload audit. Helper
functions (:func:`capacity_status`, :func:`imca_duty`, :func:`lpa_authority`,
:func:`adrt_validity`, :func:`adrt_applicability`, :func:`dols_last_day`,
:func:`disclosure_coverage`) answer one legal question each and return the codes of the
rule rows that decided it, so an answer can always be traced to its section.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from typing import Any, TypeVar

import attrs

from cpa_core import statutory_time
from cpa_core.capacity.models import (
    Ability,
    AbilityResult,
    AdvanceDecision,
    BestInterestsDecision,
    CapacityAssessment,
    CapacityBasis,
    CapacityOutcome,
    CareSetting,
    ChecklistItem,
    ChecklistStatus,
    ConsentDecision,
    ConsentRecord,
    ConsentType,
    ConsulteeRole,
    DecisionArea,
    DolsAuthorisation,
    DolsType,
    ImcaCase,
    ImcaDecision,
    LastingPowerOfAttorney,
    LpaType,
    ProposedDisclosure,
)
from cpa_core.capacity.rules import (
    ABILITIES,
    ADRT_RULES,
    AGE_GATES,
    BEST_INTERESTS_CHECKLIST,
    CALDICOTT_PRINCIPLES,
    CAPACITY_TEST,
    CHILDREN,
    DEPRIVATION_REGIMES,
    DOLS_ASSESSMENTS,
    DOLS_COMMENCED,
    DOLS_PERIODS,
    IMCA_DUTIES,
    IMCA_EXCLUSIONS,
    IMCA_STAY_THRESHOLDS,
    LPA_RULES,
    MCA_COMMENCED,
    MCA_PRINCIPLES,
    VALID_CONSENT,
    CaldicottPrinciple,
    RegimeRow,
)
from cpa_core.context import CheckContext
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import RuleTable, Source
from cpa_core.records import RecordKind

__all__ = [
    "ADVANCE_DECISION_KIND",
    "BEST_INTERESTS_KIND",
    "CAPACITY_ASSESSMENT_KIND",
    "CONSENT_KIND",
    "DOLS_KIND",
    "FINDING_CODES",
    "LPA_KIND",
    "RECORD_KINDS",
    "DisclosureCoverage",
    "ImcaDuty",
    "adrt_applicability",
    "adrt_validity",
    "age_at_least",
    "best_interests_conflicts",
    "capacity_status",
    "check_advance_decision",
    "deprivation_regime",
    "disclosure_coverage",
    "dols_last_day",
    "dols_maximum_last_day",
    "grounds_missing",
    "imca_duty",
    "lpa_authority",
]

# Records older than the Act are judged by the rules as first in force.
_MCA_START = MCA_COMMENCED
_DOLS_START = DOLS_COMMENCED

K = TypeVar("K")


def _row_source(table: RuleTable[K, Any], key: K, on: date = _MCA_START) -> Source:
    source: Source = table.lookup(key, on).source
    return source


# -- Finding codes ---------------------------------------------------------------------------

_S2 = _row_source(CAPACITY_TEST, "impairment")
_S2_LINK = _row_source(CAPACITY_TEST, "causal-link")
_S3 = _row_source(CAPACITY_TEST, "functional")
_S1_3 = _row_source(MCA_PRINCIPLES, "all-practicable-steps")
_S1_4 = _row_source(MCA_PRINCIPLES, "unwise-decision")
_S1_6 = _row_source(MCA_PRINCIPLES, "less-restrictive")
_AGE_MCA = _row_source(AGE_GATES, "mca")
_S4_1 = _row_source(BEST_INTERESTS_CHECKLIST, ChecklistItem.NOT_MERELY_APPEARANCE)

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
    _S2_LINK,
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
    _S1_4,
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
    _S1_3,
)
MCA_UNDER_16 = FindingCode(
    "MCA-UNDER-16",
    Severity.WARNING,
    "The person was under 16 at the material time: outside the Act for most decisions; "
    "Gillick competence applies.",
    _AGE_MCA,
)
MCA_BI_CHECKLIST_MISSING = FindingCode(
    "MCA-BI-CHECKLIST-MISSING",
    Severity.ERROR,
    "A best-interests decision does not record an item of the s4 checklist.",
    _S4_1,
)
MCA_BI_NOT_RELEVANT_NO_REASON = FindingCode(
    "MCA-BI-NOT-RELEVANT-NO-REASON",
    Severity.ERROR,
    "A checklist item is recorded as not relevant without a reason.",
    _S4_1,
)
MCA_BI_LIFE_SUSTAINING = FindingCode(
    "MCA-BI-LIFE-SUSTAINING",
    Severity.ERROR,
    "A decision about life-sustaining treatment records the s4(5) item as not relevant.",
    _row_source(BEST_INTERESTS_CHECKLIST, ChecklistItem.LIFE_SUSTAINING_MOTIVE),
)
MCA_BI_NO_CONSULTATION = FindingCode(
    "MCA-BI-NO-CONSULTATION",
    Severity.WARNING,
    "A best-interests decision records nobody consulted (s4(7)), not even an IMCA.",
    _row_source(BEST_INTERESTS_CHECKLIST, ChecklistItem.VIEWS_OF_OTHERS),
)
MCA_BI_LESS_RESTRICTIVE = FindingCode(
    "MCA-BI-LESS-RESTRICTIVE",
    Severity.ERROR,
    "A best-interests decision does not record that a less restrictive option was considered.",
    _S1_6,
)
MCA_BI_NO_ASSESSMENT = FindingCode(
    "MCA-BI-NO-ASSESSMENT",
    Severity.WARNING,
    "A best-interests decision does not reference the assessment that found the person "
    "lacks capacity for it.",
    _S2,
)
MCA_BI_CONFLICT_LPA = FindingCode(
    "MCA-BI-CONFLICT-LPA",
    Severity.ERROR,
    "A valid health and welfare LPA gives an attorney authority over the decision, so the "
    "attorney decides, not the best-interests decision maker.",
    _row_source(LPA_RULES, "donor-lacks-capacity"),
)
MCA_BI_CONFLICT_ADRT = FindingCode(
    "MCA-BI-CONFLICT-ADRT",
    Severity.ERROR,
    "A valid and applicable advance decision refuses the treatment the decision is about.",
    _row_source(ADRT_RULES, "effect"),
)
MCA_BI_CONFLICT_DEPUTY = FindingCode(
    "MCA-BI-CONFLICT-DEPUTY",
    Severity.WARNING,
    "A deputy has authority over the decision: the deputy is the decision maker within the "
    "court's order.",
    _row_source(BEST_INTERESTS_CHECKLIST, ChecklistItem.VIEWS_OF_OTHERS),
)
MCA_IMCA_NOT_INSTRUCTED = FindingCode(
    "MCA-IMCA-NOT-INSTRUCTED",
    Severity.ERROR,
    "An IMCA must be instructed for this decision and none was.",
    _row_source(IMCA_DUTIES, ImcaDecision.SERIOUS_MEDICAL_TREATMENT),
)
MCA_IMCA_EXCLUDED = FindingCode(
    "MCA-IMCA-EXCLUDED",
    Severity.INFO,
    "An otherwise qualifying decision needs no IMCA first because of a statutory exclusion.",
    _row_source(IMCA_EXCLUSIONS, "mha-part-4"),
)
MCA_LPA_DONOR_UNDER_18 = FindingCode(
    "MCA-LPA-DONOR-UNDER-18",
    Severity.ERROR,
    "The donor of an LPA was under 18 when it was made.",
    _row_source(LPA_RULES, "donor-adult"),
)
MCA_LPA_NO_CAPACITY = FindingCode(
    "MCA-LPA-NO-CAPACITY",
    Severity.ERROR,
    "The donor of an LPA lacked capacity to make it.",
    _row_source(LPA_RULES, "donor-capacity"),
)
MCA_LPA_NOT_REGISTERED = FindingCode(
    "MCA-LPA-NOT-REGISTERED",
    Severity.WARNING,
    "An LPA is not registered with the Office of the Public Guardian, so it cannot be used.",
    _row_source(LPA_RULES, "registered"),
)
MCA_LPA_DATES = FindingCode(
    "MCA-LPA-DATES",
    Severity.ERROR,
    "An LPA is recorded as registered before it was made.",
    _row_source(LPA_RULES, "registered"),
)
MCA_ADRT_UNDER_18 = FindingCode(
    "MCA-ADRT-UNDER-18",
    Severity.ERROR,
    "An advance decision was made by a person under 18.",
    _row_source(ADRT_RULES, "made-adult"),
)
MCA_ADRT_NO_CAPACITY = FindingCode(
    "MCA-ADRT-NO-CAPACITY",
    Severity.ERROR,
    "An advance decision was made by a person without capacity to make it.",
    _row_source(ADRT_RULES, "made-with-capacity"),
)
MCA_ADRT_LST_FORMALITIES = FindingCode(
    "MCA-ADRT-LST-FORMALITIES",
    Severity.ERROR,
    "An advance decision refusing life-sustaining treatment lacks a formality of s25(5)–(6), "
    "so it is not valid for that treatment.",
    _row_source(ADRT_RULES, "lst-in-writing"),
)
MCA_ADRT_INCONSISTENT_CONDUCT = FindingCode(
    "MCA-ADRT-INCONSISTENT-CONDUCT",
    Severity.WARNING,
    "The person has acted clearly inconsistently with an advance decision, which makes it invalid.",
    _row_source(ADRT_RULES, "inconsistent-conduct"),
)
MCA_ADRT_WITHDRAWN = FindingCode(
    "MCA-ADRT-WITHDRAWN",
    Severity.INFO,
    "An advance decision has been withdrawn and no longer has effect.",
    _row_source(ADRT_RULES, "withdrawn"),
)
MCA_ADRT_SUPERSEDED = FindingCode(
    "MCA-ADRT-SUPERSEDED",
    Severity.WARNING,
    "A later LPA gives an attorney authority over a treatment an advance decision refuses, "
    "so the advance decision is not valid for it.",
    _row_source(ADRT_RULES, "superseded-by-lpa"),
)

_DOLS_URGENT = DOLS_PERIODS.lookup("urgent", _DOLS_START)
_DOLS_EXTENSION = DOLS_PERIODS.lookup("extension", _DOLS_START)
_DOLS_STANDARD = DOLS_PERIODS.lookup("standard", _DOLS_START)
_AGE_DOLS = _row_source(AGE_GATES, "dols", _DOLS_START)

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
    _DOLS_STANDARD.source,
)
DOLS_URGENT_TOO_LONG = FindingCode(
    "DOLS-URGENT-TOO-LONG",
    Severity.ERROR,
    "An urgent authorisation is stated to last more than 7 days (a warning when only the "
    "day-counting is in doubt).",
    _DOLS_URGENT.source,
)
DOLS_EXTENSION_REPEATED = FindingCode(
    "DOLS-EXTENSION-REPEATED",
    Severity.ERROR,
    "An urgent authorisation has been extended more than once.",
    _DOLS_EXTENSION.source,
)
DOLS_EXTENSION_TOO_LONG = FindingCode(
    "DOLS-EXTENSION-TOO-LONG",
    Severity.ERROR,
    "An extension of an urgent authorisation is longer than 7 days, or ends before the "
    "authorisation it extends.",
    _DOLS_EXTENSION.source,
)
DOLS_EXTENSION_ON_STANDARD = FindingCode(
    "DOLS-EXTENSION-ON-STANDARD",
    Severity.ERROR,
    "A standard authorisation is recorded with an urgent-authorisation extension.",
    _DOLS_EXTENSION.source,
)
DOLS_STANDARD_TOO_LONG = FindingCode(
    "DOLS-STANDARD-TOO-LONG",
    Severity.ERROR,
    "A standard authorisation is longer than 12 months or than the best-interests "
    "assessor's stated maximum (a warning when it ends on the anniversary of its start, "
    "where only the counting of the year is in doubt).",
    _DOLS_STANDARD.source,
)
DOLS_STANDARD_NO_END = FindingCode(
    "DOLS-STANDARD-NO-END",
    Severity.WARNING,
    "A standard authorisation has no stated last day; the 12-month maximum is assumed.",
    _DOLS_STANDARD.source,
)
DOLS_ASSESSMENT_MISSING = FindingCode(
    "DOLS-ASSESSMENT-MISSING",
    Severity.WARNING,
    "A standard authorisation does not record one of the six assessments.",
    DOLS_ASSESSMENTS.rows[0].source,
)
DOLS_EXPIRED = FindingCode(
    "DOLS-EXPIRED",
    Severity.ERROR,
    "A DoLS authorisation has passed its last day and is not recorded as ended.",
    _DOLS_STANDARD.source,
)
DOLS_RENEWAL_DUE = FindingCode(
    "DOLS-RENEWAL-DUE",
    Severity.WARNING,
    "A standard authorisation ends within the Trust's renewal window.",
    _DOLS_STANDARD.source,
)
DOLS_URGENT_IN_FORCE = FindingCode(
    "DOLS-URGENT-IN-FORCE",
    Severity.INFO,
    "An urgent authorisation is in force; its last day is the due date.",
    _DOLS_URGENT.source,
)
DOLS_LPS_NOT_COMMENCED = FindingCode(
    "DOLS-LPS-NOT-COMMENCED",
    Severity.INFO,
    "The Trust has switched LPS modelling on, but the LPS are not commenced: DoLS applies.",
    DEPRIVATION_REGIMES.rows[1].source,
)

_CONSENT_SOURCE = VALID_CONSENT.rows[0].source
_CALDICOTT_SOURCE = CALDICOTT_PRINCIPLES.rows[0].source

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
    CHILDREN.rows[0].source,
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
    MCA_BI_CHECKLIST_MISSING,
    MCA_BI_NOT_RELEVANT_NO_REASON,
    MCA_BI_LIFE_SUSTAINING,
    MCA_BI_NO_CONSULTATION,
    MCA_BI_LESS_RESTRICTIVE,
    MCA_BI_NO_ASSESSMENT,
    MCA_BI_CONFLICT_LPA,
    MCA_BI_CONFLICT_ADRT,
    MCA_BI_CONFLICT_DEPUTY,
    MCA_IMCA_NOT_INSTRUCTED,
    MCA_IMCA_EXCLUDED,
    MCA_LPA_DONOR_UNDER_18,
    MCA_LPA_NO_CAPACITY,
    MCA_LPA_NOT_REGISTERED,
    MCA_LPA_DATES,
    MCA_ADRT_UNDER_18,
    MCA_ADRT_NO_CAPACITY,
    MCA_ADRT_LST_FORMALITIES,
    MCA_ADRT_INCONSISTENT_CONDUCT,
    MCA_ADRT_WITHDRAWN,
    MCA_ADRT_SUPERSEDED,
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
"""Every finding code of the capacity area."""


# -- Ages ------------------------------------------------------------------------------------


def age_at_least(date_of_birth: date, years: int, on: date) -> bool:
    """Whether a person born on ``date_of_birth`` has reached ``years`` on ``on``.

    Counting kind: calendar months, never short (:func:`cpa_core.statutory_time.full_months_after`),
    so a person born on 29 February reaches an age on 1 March in a common year: an age gate
    is never passed early. The leap-day case is an engineering reading, not a sourced rule.
    """
    return statutory_time.full_months_after(date_of_birth, years * 12) <= on


def _gate(code: str, on: date) -> int:
    return AGE_GATES.lookup(code, max(on, _MCA_START)).minimum_age


# -- Capacity assessment ---------------------------------------------------------------------


def grounds_missing(assessment: CapacityAssessment) -> tuple[str, ...]:
    """The elements of the two-stage test for lack of capacity that the record lacks.

    Returns codes of :data:`~cpa_core.capacity.rules.CAPACITY_TEST` rows: ``impairment``
    (s2(1)), ``functional`` (no ability recorded as failed, s3(1)) and ``causal-link``
    (s2(1), "because of"). Empty when the record supports a finding of lack of capacity. An
    ability recorded twice with different results counts as failed; the duplicate itself is
    reported by the rules.
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


def assessment_rules(record: CapacityAssessment, _policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency of a capacity assessment (MCA 2005 ss1–3)."""
    sid = record.assessment_id
    missing = grounds_missing(record)
    lacks = record.outcome is CapacityOutcome.LACKS_CAPACITY
    if lacks:
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
    seen: set[Ability] = set()
    for index, entry in enumerate(record.abilities):
        if entry.ability in seen:
            yield MCA_ABILITY_DUPLICATE.finding(
                f"ability '{entry.ability.value}' is recorded more than once",
                path=f"$.abilities[{index}]",
                subject_id=sid,
            )
        seen.add(entry.ability)
        if entry.result is AbilityResult.UNABLE and entry.evidence is None:
            yield MCA_ABILITY_NO_EVIDENCE.finding(
                f"ability '{entry.ability.value}' is failed without evidence",
                path=f"$.abilities[{index}].evidence",
                subject_id=sid,
            )
    on = statutory_time.london_date(record.assessed_at)
    for row in ABILITIES.in_force(max(on, _MCA_START)):
        if row.ability not in seen:
            yield MCA_ABILITY_NOT_RECORDED.finding(
                f"ability '{row.ability.value}' is not recorded",
                path="$.abilities",
                subject_id=sid,
                source=row.source,
            )
    if record.date_of_birth is not None and not age_at_least(
        record.date_of_birth, _gate("mca", on), on
    ):
        # s18(3): the court's property powers reach under-16s whose incapacity will last.
        exception = record.decision_area is DecisionArea.PROPERTY_AND_AFFAIRS
        yield MCA_UNDER_16.finding(
            "the person was under 16 at the material time: use Gillick competence"
            + (" (property and affairs: s18(3) may apply)" if exception else ""),
            path="$.date_of_birth",
            subject_id=sid,
            severity=Severity.INFO if exception else None,
        )


# -- IMCA ------------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ImcaDuty:
    """Whether an IMCA must be instructed, and why.

    Attributes:
        required: An IMCA must be instructed (and, for accommodation, before the move).
        discretionary: The decision is one where an IMCA *may* be instructed.
        reasons: Codes of what decided it: ``qualifying``, ``has-capacity``,
            ``someone-to-consult``, ``stay-below-threshold``, ``stay-unknown``,
            ``not-a-qualifying-setting``, ``discretionary``, or an exclusion code.
        exclusions: The exclusions that applied.
        source: The section of the duty considered.
    """

    required: bool
    discretionary: bool
    reasons: tuple[str, ...]
    exclusions: tuple[str, ...]
    source: Source


_EXCLUSION_FLAGS: dict[str, Callable[[ImcaCase], bool]] = {
    "mha-part-4": lambda case: case.mha_part4_regulated,
    "urgent": lambda case: case.urgent,
    "urgent-accommodation": lambda case: case.urgent,
    "mha-residence": lambda case: case.residence_required_by_mha,
}


def imca_duty(case: ImcaCase, *, lacks_capacity: bool, on: date) -> ImcaDuty:
    """Whether the IMCA duty of MCA 2005 ss37–39A applies to a decision on ``on``.

    Raises :class:`~cpa_core.exceptions.UnknownCodeError` when no row for the kind of
    decision is in force on ``on`` (before the section commenced).

    The duty needs all of: a qualifying decision; a person who lacks capacity for it; no one
    appropriate to consult other than paid carers; for accommodation (ss38–39), a stay not
    likely to be shorter than the applicable period of
    :data:`~cpa_core.capacity.rules.IMCA_STAY_THRESHOLDS` (NHS body: 28 days in hospital,
    8 weeks in a care home; local authority: 8 weeks) — and none of the exclusions of
    :data:`~cpa_core.capacity.rules.IMCA_EXCLUSIONS`.

    Counting kind: **days beginning with a day**. The applicable period begins with the
    first day of the stay (s38(4)(b)(i)); the stay qualifies when its expected last day is
    on or after the period's last day (:func:`cpa_core.statutory_time.days_beginning_with`), so a
    stay is "less than" the period only when it ends before the period's last day.
    """
    duty = IMCA_DUTIES.lookup(case.decision, on)
    if not duty.mandatory:
        return ImcaDuty(
            required=False,
            discretionary=True,
            reasons=("discretionary",),
            exclusions=(),
            source=duty.source,
        )
    reasons: list[str] = []
    if not lacks_capacity:
        reasons.append("has-capacity")
    if case.appropriate_person_to_consult:
        reasons.append("someone-to-consult")
    if case.decision in (
        ImcaDecision.NHS_ACCOMMODATION,
        ImcaDecision.LOCAL_AUTHORITY_ACCOMMODATION,
    ):
        threshold = IMCA_STAY_THRESHOLDS.find((case.decision, case.setting), on)
        if threshold is None:
            threshold = IMCA_STAY_THRESHOLDS.find((case.decision, None), on)
        if threshold is None or case.setting is None:
            reasons.append("not-a-qualifying-setting")
        elif case.stay_starts_on is None or case.stay_expected_until is None:
            reasons.append("stay-unknown")
        else:
            period = statutory_time.days_beginning_with(
                case.stay_starts_on, threshold.threshold_days
            )
            if case.stay_expected_until < period.last_day:
                reasons.append("stay-below-threshold")
    exclusions = tuple(
        row.code
        for row in IMCA_EXCLUSIONS.in_force(on)
        if case.decision in row.applies_to and _EXCLUSION_FLAGS[row.code](case)
    )
    required = not reasons and not exclusions
    return ImcaDuty(
        required=required,
        discretionary=False,
        reasons=("qualifying",) if required else (*reasons, *exclusions),
        exclusions=exclusions,
        source=duty.source,
    )


# -- Best interests --------------------------------------------------------------------------


def best_interests_rules(record: BestInterestsDecision, _policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency of a best-interests decision (MCA 2005 ss1(5)–(6), 4, 37–39A)."""
    sid = record.decision_id
    on = max(record.decided_on, _MCA_START)
    recorded = {entry.item: (index, entry) for index, entry in enumerate(record.checklist)}
    for row in BEST_INTERESTS_CHECKLIST.in_force(on):
        found = recorded.get(row.item)
        if found is None:
            yield MCA_BI_CHECKLIST_MISSING.finding(
                f"checklist item '{row.item.value}' is not recorded",
                path="$.checklist",
                subject_id=sid,
                source=row.source,
            )
            continue
        index, entry = found
        if entry.status is ChecklistStatus.NOT_RELEVANT:
            if entry.note is None:
                yield MCA_BI_NOT_RELEVANT_NO_REASON.finding(
                    f"checklist item '{row.item.value}' is not relevant without a reason",
                    path=f"$.checklist[{index}].note",
                    subject_id=sid,
                    source=row.source,
                )
            if record.life_sustaining and row.item is ChecklistItem.LIFE_SUSTAINING_MOTIVE:
                yield MCA_BI_LIFE_SUSTAINING.finding(
                    "the decision concerns life-sustaining treatment but s4(5) is marked "
                    "not relevant",
                    path=f"$.checklist[{index}].status",
                    subject_id=sid,
                )
    if not record.consulted:
        yield MCA_BI_NO_CONSULTATION.finding(
            "nobody is recorded as consulted", path="$.consulted", subject_id=sid
        )
    if not record.less_restrictive_considered:
        yield MCA_BI_LESS_RESTRICTIVE.finding(
            "no less restrictive option is recorded as considered",
            path="$.less_restrictive_considered",
            subject_id=sid,
        )
    if record.capacity_assessment_id is None:
        yield MCA_BI_NO_ASSESSMENT.finding(
            "no capacity assessment is referenced",
            path="$.capacity_assessment_id",
            subject_id=sid,
        )
    if record.deputy_with_authority:
        yield MCA_BI_CONFLICT_DEPUTY.finding(
            "a deputy has authority over this decision",
            path="$.deputy_with_authority",
            subject_id=sid,
        )
    if record.imca is not None:
        yield from _imca_findings(record, record.imca, on)


def _imca_findings(record: BestInterestsDecision, case: ImcaCase, on: date) -> Iterator[Finding]:
    if IMCA_DUTIES.find(case.decision, on) is None:
        # e.g. a s39A case dated before Schedule A1 commenced: no duty existed to check.
        return
    duty = imca_duty(case, lacks_capacity=True, on=on)
    instructed = case.imca_instructed_on is not None or any(
        c.role is ConsulteeRole.IMCA for c in record.consulted
    )
    if duty.required and not instructed:
        yield MCA_IMCA_NOT_INSTRUCTED.finding(
            f"an IMCA must be instructed ({case.decision.value})",
            path="$.imca.imca_instructed_on",
            subject_id=record.decision_id,
            due=record.decided_on,
            source=duty.source,
        )
    for code in duty.exclusions:
        yield MCA_IMCA_EXCLUDED.finding(
            f"IMCA exclusion applies: {code}",
            path="$.imca",
            subject_id=record.decision_id,
            source=IMCA_EXCLUSIONS.lookup(code, on).source,
        )


def best_interests_conflicts(
    decision: BestInterestsDecision,
    *,
    lpas: Iterable[LastingPowerOfAttorney] = (),
    advance_decisions: Iterable[AdvanceDecision] = (),
) -> Iterator[Finding]:
    """Conflicts between a best-interests decision and the person's LPAs and advance decisions.

    An LPA conflicts when :func:`lpa_authority` finds that it gives an attorney authority
    over the decision on the day it is made; an advance decision conflicts when it is valid
    (:func:`adrt_validity`) and applicable (:func:`adrt_applicability`) to the decision's
    treatment. The person is taken to lack capacity (it is a best-interests decision) and
    the advance decision's circumstances to be present.
    """
    on = decision.decided_on
    lpa_list = [lpa for lpa in lpas if lpa.person_id == decision.person_id]
    for lpa in lpa_list:
        if decision.decision_area in (DecisionArea.PROPERTY_AND_AFFAIRS,):
            continue
        failed = lpa_authority(
            lpa,
            on,
            donor_lacks_capacity=True,
            treatment=decision.treatment,
            life_sustaining=decision.life_sustaining,
            advance_decisions=advance_decisions,
        )
        if not failed:
            yield MCA_BI_CONFLICT_LPA.finding(
                f"LPA {lpa.lpa_id} gives an attorney authority over this decision",
                path="$",
                subject_id=decision.decision_id,
            )
    if decision.treatment is None:
        return
    for adrt in advance_decisions:
        if adrt.person_id != decision.person_id:
            continue
        invalid = adrt_validity(adrt, on, lpas=lpa_list, treatment=decision.treatment)
        inapplicable = adrt_applicability(adrt, decision.treatment, person_has_capacity=False)
        if not invalid and not inapplicable:
            yield MCA_BI_CONFLICT_ADRT.finding(
                f"advance decision {adrt.adrt_id} refuses this treatment",
                path="$.treatment",
                subject_id=decision.decision_id,
            )


# -- LPA -------------------------------------------------------------------------------------


def _lpa_covers(lpa: LastingPowerOfAttorney, treatment: str | None, life_sustaining: bool) -> bool:
    return (
        lpa.lpa_type is LpaType.HEALTH_AND_WELFARE
        and (treatment is None or treatment not in lpa.excluded_treatments)
        and (not life_sustaining or lpa.life_sustaining_authority)
    )


def lpa_authority(
    lpa: LastingPowerOfAttorney,
    on: date,
    *,
    donor_lacks_capacity: bool,
    treatment: str | None = None,
    life_sustaining: bool = False,
    advance_decisions: Iterable[AdvanceDecision] = (),
) -> tuple[str, ...]:
    """The rules of :data:`~cpa_core.capacity.rules.LPA_RULES` an LPA fails for a decision.

    Empty when the LPA gives its attorneys authority over a health or welfare decision
    about ``treatment`` on ``on``: donor 18+ with capacity when it was made (s9), registered
    by ``on`` (s9(2)(b)), not revoked, health and welfare (s11(7)(c)), the donor lacks
    capacity (s11(7)(a)), express authority for life-sustaining treatment (s11(8)), the
    treatment not excluded, and no later valid advance decision refusing it (s11(7)(b)).
    """
    failed: list[str] = []
    if not age_at_least(lpa.donor_date_of_birth, _gate("lpa", lpa.made_on), lpa.made_on):
        failed.append("donor-adult")
    if not lpa.donor_had_capacity:
        failed.append("donor-capacity")
    if lpa.registered_on is None or lpa.registered_on > on:
        failed.append("registered")
    if lpa.revoked_on is not None and lpa.revoked_on <= on:
        failed.append("not-revoked")
    if lpa.lpa_type is not LpaType.HEALTH_AND_WELFARE:
        failed.append("health-and-welfare")
    if not donor_lacks_capacity:
        failed.append("donor-lacks-capacity")
    if life_sustaining and not lpa.life_sustaining_authority:
        failed.append("life-sustaining-express")
    if treatment is not None and treatment in lpa.excluded_treatments:
        failed.append("treatment-not-excluded")
    if treatment is not None:
        for adrt in advance_decisions:
            if (
                adrt.person_id == lpa.person_id
                and adrt.made_on > lpa.made_on
                and treatment in adrt.treatments_refused
                and not adrt_validity(adrt, on)
            ):
                failed.append("subject-to-advance-decision")
                break
    return tuple(failed)


def lpa_rules(record: LastingPowerOfAttorney, _policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency of an LPA record (MCA 2005 s9)."""
    sid = record.lpa_id
    if not age_at_least(record.donor_date_of_birth, _gate("lpa", record.made_on), record.made_on):
        yield MCA_LPA_DONOR_UNDER_18.finding(
            "the donor was under 18 when the LPA was made", path="$.made_on", subject_id=sid
        )
    if not record.donor_had_capacity:
        yield MCA_LPA_NO_CAPACITY.finding(
            "the donor lacked capacity to make the LPA",
            path="$.donor_had_capacity",
            subject_id=sid,
        )
    if record.registered_on is not None and record.registered_on < record.made_on:
        yield MCA_LPA_DATES.finding(
            "registered before it was made", path="$.registered_on", subject_id=sid
        )


def lpa_audit(record: LastingPowerOfAttorney, ctx: CheckContext) -> Iterator[Finding]:
    """An LPA not registered by the audit date cannot be used (s9(2)(b))."""
    as_of = ctx.instant
    on = statutory_time.london_date(as_of)
    revoked = record.revoked_on is not None and record.revoked_on <= on
    if not revoked and (record.registered_on is None or record.registered_on > on):
        yield MCA_LPA_NOT_REGISTERED.finding(
            "the LPA is not registered and cannot be used yet",
            path="$.registered_on",
            subject_id=record.lpa_id,
        )


# -- Advance decisions -----------------------------------------------------------------------

_LST_FORMALITIES: dict[str, Callable[[AdvanceDecision], bool]] = {
    "lst-statement": lambda a: a.states_even_if_life_at_risk,
    "lst-in-writing": lambda a: a.in_writing,
    "lst-signed": lambda a: a.signed,
    "lst-witnessed": lambda a: a.witnessed,
}


def adrt_validity(
    adrt: AdvanceDecision,
    on: date,
    *,
    lpas: Iterable[LastingPowerOfAttorney] = (),
    treatment: str | None = None,
) -> tuple[str, ...]:
    """The rules of :data:`~cpa_core.capacity.rules.ADRT_RULES` that make an advance
    decision invalid on ``on`` (empty: valid).

    Made at 18+ with capacity (s24(1)); not withdrawn (s25(2)(a)); not superseded by a later
    registered LPA giving authority over the same treatment (s25(2)(b)); no clearly
    inconsistent conduct (s25(2)(c)); and, when it refuses life-sustaining treatment, the
    formalities of s25(5)–(6). ``treatment`` narrows the LPA check to one treatment.
    """
    failed: list[str] = []
    if not age_at_least(adrt.date_of_birth, _gate("adrt", adrt.made_on), adrt.made_on):
        failed.append("made-adult")
    if not adrt.had_capacity_when_made:
        failed.append("made-with-capacity")
    if adrt.withdrawn_on is not None and adrt.withdrawn_on <= on:
        failed.append("withdrawn")
    treatments = (treatment,) if treatment is not None else adrt.treatments_refused
    for lpa in lpas:
        later = lpa.person_id == adrt.person_id and lpa.made_on > adrt.made_on
        registered = lpa.registered_on is not None and lpa.registered_on <= on
        if (
            later
            and registered
            and any(
                t in adrt.treatments_refused and _lpa_covers(lpa, t, adrt.life_sustaining)
                for t in treatments
            )
        ):
            failed.append("superseded-by-lpa")
            break
    if adrt.inconsistent_conduct:
        failed.append("inconsistent-conduct")
    if adrt.life_sustaining:
        failed.extend(code for code, ok in _LST_FORMALITIES.items() if not ok(adrt))
    return tuple(failed)


def adrt_applicability(
    adrt: AdvanceDecision,
    treatment: str,
    *,
    person_has_capacity: bool,
    circumstances_present: bool = True,
    unanticipated_circumstances: bool = False,
) -> tuple[str, ...]:
    """The rules of s25(3)–(4) that make an advance decision not applicable (empty:
    applicable): the person has capacity now, the treatment is not one it specifies, its
    circumstances are absent, or unanticipated circumstances would have changed it."""
    failed: list[str] = []
    if person_has_capacity:
        failed.append("person-has-capacity")
    if treatment not in adrt.treatments_refused:
        failed.append("different-treatment")
    if not circumstances_present:
        failed.append("circumstances-absent")
    if unanticipated_circumstances:
        failed.append("unanticipated-circumstances")
    return tuple(failed)


def advance_decision_rules(record: AdvanceDecision, _policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency and formal validity of an advance decision (MCA 2005 ss24–25)."""
    sid = record.adrt_id
    if not age_at_least(record.date_of_birth, _gate("adrt", record.made_on), record.made_on):
        yield MCA_ADRT_UNDER_18.finding(
            "made by a person under 18", path="$.made_on", subject_id=sid
        )
    if not record.had_capacity_when_made:
        yield MCA_ADRT_NO_CAPACITY.finding(
            "made without capacity", path="$.had_capacity_when_made", subject_id=sid
        )
    if record.life_sustaining:
        on = max(record.made_on, _MCA_START)
        for code, ok in _LST_FORMALITIES.items():
            if not ok(record):
                yield MCA_ADRT_LST_FORMALITIES.finding(
                    f"life-sustaining treatment refused without formality '{code}'",
                    path="$",
                    subject_id=sid,
                    source=ADRT_RULES.lookup(code, on).source,
                )
    if record.inconsistent_conduct:
        yield MCA_ADRT_INCONSISTENT_CONDUCT.finding(
            "conduct clearly inconsistent with the advance decision is recorded",
            path="$.inconsistent_conduct",
            subject_id=sid,
        )


def advance_decision_audit(record: AdvanceDecision, ctx: CheckContext) -> Iterator[Finding]:
    """A withdrawn advance decision, as of the audit date."""
    as_of = ctx.instant
    on = statutory_time.london_date(as_of)
    if record.withdrawn_on is not None and record.withdrawn_on <= on:
        yield MCA_ADRT_WITHDRAWN.finding(
            "the advance decision has been withdrawn",
            path="$.withdrawn_on",
            subject_id=record.adrt_id,
        )


def check_advance_decision(
    adrt: AdvanceDecision, on: date, *, lpas: Iterable[LastingPowerOfAttorney]
) -> Iterator[Finding]:
    """Cross-record check: a later LPA over the same treatment supersedes it (s25(2)(b))."""
    if "superseded-by-lpa" in adrt_validity(adrt, on, lpas=lpas):
        yield MCA_ADRT_SUPERSEDED.finding(
            "a later registered LPA covers a treatment this advance decision refuses",
            path="$.treatments_refused",
            subject_id=adrt.adrt_id,
        )


# -- DoLS ------------------------------------------------------------------------------------


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


def _urgent_cap(given_on: date, policy: TrustPolicy) -> tuple[date, date]:
    """The strict and the outer limit of a 7-day urgent period given on ``given_on``.

    Counting kind: **days beginning with a day** for the strict limit (the day given is
    day 1, so the last day is D+6, :func:`cpa_core.statutory_time.days_beginning_with`); the outer
    limit is D+7 (seven whole days after D), the reading of form practice the statute does
    not exclude ([U]). With ``dols_urgent_accept_day_8`` on, both are D+7.
    """
    days = _DOLS_URGENT.maximum
    strict = statutory_time.days_beginning_with(given_on, days).last_day
    outer = statutory_time.add_days(given_on, days)
    return (outer if policy.capacity.dols_urgent_accept_day_8 else strict), outer


def dols_maximum_last_day(record: DolsAuthorisation) -> date:
    """The last day a standard authorisation may last to (Schedule A1 paras 42(2), 51).

    Counting kind: **months beginning with a day**: 12 months beginning with the day it
    comes into force (:func:`cpa_core.statutory_time.months_beginning_with`), or the
    best-interests assessor's stated maximum if that is earlier. This is the strict reading:
    para 42(2) says "1 year" without "beginning with" wording, so a stated end on the
    anniversary itself is only warned about (by the ``dols-authorisation`` rules).
    """
    cap = statutory_time.months_beginning_with(record.start, _DOLS_STANDARD.maximum).last_day
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
    outer = statutory_time.add_months(record.start, _DOLS_STANDARD.maximum)
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
        base = (
            record.expires_on
            or statutory_time.days_beginning_with(record.given_on, _DOLS_URGENT.maximum).last_day
        )
        if record.extensions:
            return record.extensions[0].extended_to
        return base
    return record.expires_on or dols_maximum_last_day(record)


def dols_rules(record: DolsAuthorisation, policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency of a DoLS authorisation with Schedule A1."""
    sid = record.authorisation_id
    on = max(record.given_on, _DOLS_START)
    if record.date_of_birth is not None and not age_at_least(
        record.date_of_birth, _gate("dols", on), record.given_on
    ):
        yield DOLS_UNDER_18.finding(
            "the person was under 18 when it was given", path="$.date_of_birth", subject_id=sid
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
        yield from _standard_rules(record, on)


def _urgent_rules(record: DolsAuthorisation, policy: TrustPolicy) -> Iterator[Finding]:
    sid = record.authorisation_id
    strict, outer = _urgent_cap(record.given_on, policy)
    if record.expires_on is not None and record.expires_on > strict:
        yield DOLS_URGENT_TOO_LONG.finding(
            "the urgent authorisation is stated to last more than 7 days",
            path="$.expires_on",
            subject_id=sid,
            severity=Severity.WARNING if record.expires_on <= outer else None,
        )
    if len(record.extensions) > _DOLS_EXTENSION.times:
        yield DOLS_EXTENSION_REPEATED.finding(
            "an urgent authorisation may be extended only once",
            path="$.extensions[1]",
            subject_id=sid,
        )
    if record.extensions:
        base = record.expires_on or dols_last_day(attrs.evolve(record, extensions=()))
        extension = record.extensions[0]
        limit = statutory_time.add_days(base, _DOLS_EXTENSION.maximum)
        if extension.extended_to > limit or extension.extended_to < base:
            yield DOLS_EXTENSION_TOO_LONG.finding(
                "the extension runs more than 7 days past the urgent authorisation, or "
                "ends before it",
                path="$.extensions[0].extended_to",
                subject_id=sid,
            )


def _standard_rules(record: DolsAuthorisation, on: date) -> Iterator[Finding]:
    sid = record.authorisation_id
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
        )
    elif record.expires_on > dols_maximum_last_day(record):
        # Only the anniversary itself is in doubt [U]: a warning there, an error beyond.
        yield DOLS_STANDARD_TOO_LONG.finding(
            "the stated last day is beyond 12 months or the assessor's maximum",
            path="$.expires_on",
            subject_id=sid,
            due=dols_maximum_last_day(record),
            severity=Severity.WARNING
            if record.expires_on <= _standard_outer_last_day(record)
            else None,
        )
    done = set(record.assessments)
    for row in DOLS_ASSESSMENTS.in_force(on):
        if row.assessment not in done:
            yield DOLS_ASSESSMENT_MISSING.finding(
                f"the '{row.assessment.value}' assessment is not recorded",
                path="$.assessments",
                subject_id=sid,
            )


def dols_audit(record: DolsAuthorisation, ctx: CheckContext) -> Iterator[Finding]:
    """Expiry and renewal of a DoLS authorisation as of ``as_of`` (London date).

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
    as_of, policy = ctx.instant, ctx.policy
    on = statutory_time.london_date(as_of)
    sid = record.authorisation_id
    regime = deprivation_regime(max(on, _DOLS_START), policy)
    if policy.capacity.lps_enabled and regime.code == "dols":
        yield DOLS_LPS_NOT_COMMENCED.finding(
            "LPS modelling is on but the LPS are not in force", subject_id=sid
        )
    if record.ended_on is not None and record.ended_on <= on:
        return
    last = dols_last_day(record)
    # With no stated end, only the strict reading of the maximum is certain; the day after
    # it is in doubt [U] (urgent: D+7, accepted when the Trust takes that reading; standard:
    # the anniversary of its start), so expiry on that day is a warning.
    in_doubt_until: date | None = None
    if record.expires_on is None and not record.extensions:
        if record.authorisation_type is DolsType.URGENT:
            last, in_doubt_until = _urgent_cap(record.given_on, policy)
        else:
            in_doubt_until = _standard_outer_last_day(record)
    status = statutory_time.due_status(last, on, policy.capacity.dols_renewal_window_days)
    if status is statutory_time.DueStatus.OVERDUE:
        doubtful = in_doubt_until is not None and on <= in_doubt_until
        yield DOLS_EXPIRED.finding(
            f"the {record.authorisation_type.value} authorisation has expired"
            + (" (on the strict reading of its maximum period)" if doubtful else ""),
            path="$.expires_on",
            subject_id=sid,
            due=last,
            severity=Severity.WARNING if doubtful else None,
        )
    elif record.authorisation_type is DolsType.URGENT:
        yield DOLS_URGENT_IN_FORCE.finding(
            "urgent authorisation in force", path="$.expires_on", subject_id=sid, due=last
        )
    elif status is statutory_time.DueStatus.DUE_SOON:
        yield DOLS_RENEWAL_DUE.finding(
            "the standard authorisation ends soon: request a new one",
            path="$.expires_on",
            subject_id=sid,
            due=last,
        )


# -- Consent ---------------------------------------------------------------------------------

_LACKING = (CapacityBasis.ASSESSED_LACKS_CAPACITY, CapacityBasis.NOT_GILLICK_COMPETENT)
_GILLICK = (CapacityBasis.GILLICK_COMPETENT, CapacityBasis.NOT_GILLICK_COMPETENT)


def consent_rules(record: ConsentRecord, _policy: TrustPolicy) -> Iterator[Finding]:
    """Consistency of a consent record: voluntary, informed, capacity; a sharing scope."""
    sid = record.consent_id
    on = max(record.recorded_on, _MCA_START)
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
    if (
        given
        and record.date_of_birth is not None
        and not age_at_least(record.date_of_birth, _gate("mca", on), record.recorded_on)
        and record.capacity_basis not in _GILLICK
    ):
        yield CONSENT_UNDER_16.finding(
            "the person was under 16: record Gillick competence",
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
    """Expiry of a consent to share, as of ``as_of`` (``expires_on`` is the last day covered)."""
    as_of, policy = ctx.instant, ctx.policy
    if record.sharing is None or record.sharing.expires_on is None:
        return
    if record.decision is not ConsentDecision.GIVEN:
        return
    on = statutory_time.london_date(as_of)
    if record.withdrawn_on is not None and record.withdrawn_on <= on:
        return
    due = record.sharing.expires_on
    status = statutory_time.due_status(due, on, policy.general.due_soon_days)
    if status is statutory_time.DueStatus.OVERDUE:
        yield CONSENT_EXPIRED.finding(
            "the consent to share has expired",
            path="$.sharing.expires_on",
            subject_id=record.consent_id,
            due=due,
        )
    elif status is statutory_time.DueStatus.DUE_SOON:
        yield CONSENT_EXPIRING.finding(
            "the consent to share expires soon",
            path="$.sharing.expires_on",
            subject_id=record.consent_id,
            due=due,
        )


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
    principles: tuple[CaldicottPrinciple, ...]

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


# -- Record kinds ----------------------------------------------------------------------------

CAPACITY_ASSESSMENT_KIND: RecordKind[CapacityAssessment] = RecordKind(
    name="mca-capacity-assessment",
    domain="capacity",
    model=CapacityAssessment,
    description="A decision- and time-specific assessment of capacity under the Mental "
    "Capacity Act 2005 ss1–3.",
    rules=assessment_rules,
)
BEST_INTERESTS_KIND: RecordKind[BestInterestsDecision] = RecordKind(
    name="mca-best-interests-decision",
    domain="capacity",
    model=BestInterestsDecision,
    description="A best-interests decision under the Mental Capacity Act 2005 s4, with the "
    "IMCA duty of ss37–39A.",
    rules=best_interests_rules,
)
LPA_KIND: RecordKind[LastingPowerOfAttorney] = RecordKind(
    name="mca-lpa",
    domain="capacity",
    model=LastingPowerOfAttorney,
    description="A lasting power of attorney under the Mental Capacity Act 2005 ss9–14.",
    rules=lpa_rules,
    audit=lpa_audit,
)
ADVANCE_DECISION_KIND: RecordKind[AdvanceDecision] = RecordKind(
    name="mca-advance-decision",
    domain="capacity",
    model=AdvanceDecision,
    description="An advance decision to refuse treatment under the Mental Capacity Act 2005 "
    "ss24–26.",
    rules=advance_decision_rules,
    audit=advance_decision_audit,
)
DOLS_KIND: RecordKind[DolsAuthorisation] = RecordKind(
    name="dols-authorisation",
    domain="capacity",
    model=DolsAuthorisation,
    description="A DoLS urgent or standard authorisation under the Mental Capacity Act 2005 "
    "Schedule A1.",
    rules=dols_rules,
    audit=dols_audit,
)
CONSENT_KIND: RecordKind[ConsentRecord] = RecordKind(
    name="consent-record",
    domain="capacity",
    model=ConsentRecord,
    description="Consent to treatment or to sharing information.",
    rules=consent_rules,
    audit=consent_audit,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (
    CAPACITY_ASSESSMENT_KIND,
    BEST_INTERESTS_KIND,
    LPA_KIND,
    ADVANCE_DECISION_KIND,
    DOLS_KIND,
    CONSENT_KIND,
)
