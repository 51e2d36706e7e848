"""The checks of best-interests decisions (MCA 2005 ss1(5)–(6), 4) and the IMCA duty (ss37–39A).

A decision's own rules run when it is validated. Whether it conflicts with a valid LPA or
advance decision needs the person's other records: :func:`best_interests_conflicts`, which
a caller runs with them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from datetime import date, datetime
from typing import Any

import attrs

from cpa_core import statutory_time
from cpa_core.capacity.advance.checks import adrt_applicability, adrt_validity, lpa_authority
from cpa_core.capacity.advance.models import AdvanceDecision, LastingPowerOfAttorney
from cpa_core.capacity.advance.rules import ADRT_RULES, LPA_RULES
from cpa_core.capacity.assessment.rules import CAPACITY_TEST
from cpa_core.capacity.best_interests.models import (
    BestInterestsDecision,
    ChecklistItem,
    ChecklistStatus,
    ConsulteeRole,
    ImcaCase,
    ImcaDecision,
)
from cpa_core.capacity.best_interests.rules import (
    BEST_INTERESTS_CHECKLIST,
    IMCA_DUTIES,
    IMCA_EXCLUSIONS,
    IMCA_STAY_THRESHOLDS,
)
from cpa_core.capacity.checks import _cited
from cpa_core.capacity.models import DecisionArea
from cpa_core.capacity.rules import MCA_COMMENCED, MCA_PRINCIPLES
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import Source
from cpa_core.records import RecordKind

__all__ = [
    "BEST_INTERESTS_KIND",
    "ImcaDuty",
    "best_interests_conflicts",
    "best_interests_decision_rules",
    "check_best_interests_decision",
    "imca_duty",
]

_VIEWS_OF_OTHERS = _cited(BEST_INTERESTS_CHECKLIST, ChecklistItem.VIEWS_OF_OTHERS)
_S4_1 = _cited(BEST_INTERESTS_CHECKLIST, ChecklistItem.NOT_MERELY_APPEARANCE)

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
    _cited(BEST_INTERESTS_CHECKLIST, ChecklistItem.LIFE_SUSTAINING_MOTIVE),
)
MCA_BI_NO_CONSULTATION = FindingCode(
    "MCA-BI-NO-CONSULTATION",
    Severity.WARNING,
    "A best-interests decision records nobody consulted (s4(7)), not even an IMCA.",
    _VIEWS_OF_OTHERS,
)
MCA_BI_LESS_RESTRICTIVE = FindingCode(
    "MCA-BI-LESS-RESTRICTIVE",
    Severity.ERROR,
    "A best-interests decision does not record that a less restrictive option was considered.",
    _cited(MCA_PRINCIPLES, "less-restrictive"),
)
MCA_BI_NO_ASSESSMENT = FindingCode(
    "MCA-BI-NO-ASSESSMENT",
    Severity.WARNING,
    "A best-interests decision does not reference the assessment that found the person "
    "lacks capacity for it.",
    _cited(CAPACITY_TEST, "impairment"),
)
MCA_BI_CONFLICT_LPA = FindingCode(
    "MCA-BI-CONFLICT-LPA",
    Severity.ERROR,
    "A valid health and welfare LPA gives an attorney authority over the decision, so the "
    "attorney decides, not the best-interests decision maker.",
    _cited(LPA_RULES, "donor-lacks-capacity"),
)
MCA_BI_CONFLICT_ADRT = FindingCode(
    "MCA-BI-CONFLICT-ADRT",
    Severity.ERROR,
    "A valid and applicable advance decision refuses the treatment the decision is about.",
    _cited(ADRT_RULES, "effect"),
)
MCA_BI_CONFLICT_DEPUTY = FindingCode(
    "MCA-BI-CONFLICT-DEPUTY",
    Severity.WARNING,
    "A deputy has authority over the decision: the deputy is the decision maker within the "
    "court's order.",
    _VIEWS_OF_OTHERS,
)
MCA_IMCA_NOT_INSTRUCTED = FindingCode(
    "MCA-IMCA-NOT-INSTRUCTED",
    Severity.ERROR,
    "An IMCA must be instructed for this decision and none was.",
    _cited(IMCA_DUTIES, ImcaDecision.SERIOUS_MEDICAL_TREATMENT),
)
MCA_IMCA_EXCLUDED = FindingCode(
    "MCA-IMCA-EXCLUDED",
    Severity.INFO,
    "An otherwise qualifying decision needs no IMCA first because of a statutory exclusion.",
    _cited(IMCA_EXCLUSIONS, "mha-part-4"),
)
FINDING_CODES: tuple[FindingCode, ...] = (
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
)
"""The finding codes of best-interests decisions and the IMCA duty."""


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
    :data:`~cpa_core.capacity.best_interests.rules.IMCA_STAY_THRESHOLDS` (NHS body: 28 days in
    hospital, 8 weeks in a care home; local authority: 8 weeks) — and none of the
    exclusions of :data:`~cpa_core.capacity.best_interests.rules.IMCA_EXCLUSIONS`.

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


def best_interests_decision_rules(
    record: BestInterestsDecision, _policy: TrustPolicy
) -> Iterator[Finding]:
    """Consistency of a best-interests decision (MCA 2005 ss1(5)–(6), 4, 37–39A)."""
    sid = record.decision_id
    on = max(record.decided_on, MCA_COMMENCED)
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

    An LPA conflicts when :func:`~cpa_core.capacity.lpa_authority` finds that it gives an
    attorney authority over the decision on the day it is made; an advance decision
    conflicts when it is valid (:func:`~cpa_core.capacity.adrt_validity`) and applicable
    (:func:`~cpa_core.capacity.adrt_applicability`) to the decision's treatment. The person
    is taken to lack capacity (it is a best-interests decision) and the advance decision's
    circumstances to be present.
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


def check_best_interests_decision(
    record: BestInterestsDecision, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one best-interests decision, with its IMCA duty (nothing in it
    falls due later; conflicts with other records: :func:`best_interests_conflicts`). The
    same report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return BEST_INTERESTS_KIND.check(record, as_of, policy)


BEST_INTERESTS_KIND: RecordKind[BestInterestsDecision] = RecordKind(
    name="mca-best-interests-decision",
    domain="capacity",
    model=BestInterestsDecision,
    description="A best-interests decision under the Mental Capacity Act 2005 s4, with the "
    "IMCA duty of ss37–39A.",
    rules=best_interests_decision_rules,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (BEST_INTERESTS_KIND,)
"""The record kinds of best-interests decisions."""
