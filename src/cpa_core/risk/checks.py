"""The risk area's checks: consistency, completeness, change and timeliness.

Every check here reports on the *safety work* around a person (is there a formulation, a
co-produced and shared safety plan, a review when something changed or happened). None
reports on the person's risk itself: a finding never carries a level, score or category,
and none decides treatment, discharge or eligibility (NICE NG225; NCISH 2018).

Timeliness counts whole London calendar days: a window of N days from day D ends at the end
of day D+N (the event's day is day 0), and the finding's ``due`` is that last day.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from cpa_core import statutory_time
from cpa_core.context import CheckContext
from cpa_core.findings import Deadline, Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import RecordKind, repeated_positions
from cpa_core.risk.models import (
    DomainObservation,
    DomainRating,
    EventKind,
    RiskHistory,
    SafetyAssessment,
    SafetyPlan,
)
from cpa_core.risk.rules import NCISH_2018, NG225, NHSE_STAYING_SAFE, rating_scales, risk_domains
from cpa_core.statutory_time import CalendarOverflowError

__all__ = [
    "ASSESSMENT_DATES_INCONSISTENT",
    "ASSESSMENT_REVIEW_DUE",
    "ASSESSMENT_REVIEW_OVERDUE",
    "DOMAIN_NEWLY_RATED",
    "DOMAIN_REPEATED",
    "DOMAIN_UNKNOWN",
    "FINDING_CODES",
    "FORMULATION_INCOMPLETE",
    "FORMULATION_MISSING",
    "HISTORY_DUPLICATE_ASSESSMENT",
    "HISTORY_OTHER_PERSON",
    "NEW_INCIDENT",
    "RATING_OFF_SCALE",
    "RATING_ROSE",
    "REASSESSMENT_AFTER_CHANGE",
    "REASSESSMENT_AFTER_DISCHARGE",
    "REASSESSMENT_AFTER_INCIDENT",
    "REASSESSMENT_AT_CARE_REVIEW",
    "RECORD_KINDS",
    "RISK_HISTORY",
    "RISK_SAFETY_ASSESSMENT",
    "SAFETY_PLAN_MISSING",
    "SAFETY_PLAN_NOT_CO_PRODUCED",
    "SAFETY_PLAN_NOT_SHARED",
    "SAFETY_PLAN_REVIEW_DUE",
    "SAFETY_PLAN_REVIEW_OVERDUE",
    "SCALE_UNKNOWN",
    "assessment_audit",
    "assessment_rules",
    "check_assessment",
    "check_history",
    "current_safety_plan",
    "history_audit",
    "history_rules",
    "latest_assessment",
]

# -- finding codes ---------------------------------------------------------------------------

DOMAIN_UNKNOWN = FindingCode(
    "RISK-DOMAIN-UNKNOWN",
    Severity.WARNING,
    "An observation names a risk domain that is neither built in nor in the Trust's extra_domains.",
)
DOMAIN_REPEATED = FindingCode(
    "RISK-DOMAIN-REPEATED",
    Severity.ERROR,
    "One assessment holds two observations of the same risk domain.",
)
SCALE_UNKNOWN = FindingCode(
    "RISK-SCALE-UNKNOWN",
    Severity.WARNING,
    "A rating names a scale (identifier and version) that is neither shipped nor supplied "
    "by the Trust, so it cannot be read or compared.",
)
RATING_OFF_SCALE = FindingCode(
    "RISK-RATING-OFF-SCALE",
    Severity.ERROR,
    "A rating's level is not one of the levels of the scale it names.",
)
ASSESSMENT_DATES_INCONSISTENT = FindingCode(
    "RISK-DATES-INCONSISTENT",
    Severity.ERROR,
    "A date contradicts the assessment's date: a review, plan review or incident date that "
    "cannot be right.",
)
HISTORY_OTHER_PERSON = FindingCode(
    "RISK-HISTORY-OTHER-PERSON",
    Severity.ERROR,
    "A person's risk history holds an assessment of someone else.",
)
HISTORY_DUPLICATE_ASSESSMENT = FindingCode(
    "RISK-HISTORY-DUPLICATE-ASSESSMENT",
    Severity.ERROR,
    "A person's risk history holds the same assessment identifier twice.",
)
SAFETY_PLAN_MISSING = FindingCode(
    "RISK-SAFETY-PLAN-MISSING",
    Severity.WARNING,
    "The person's current safety assessment has no safety plan.",
    source=NHSE_STAYING_SAFE,
)
SAFETY_PLAN_NOT_CO_PRODUCED = FindingCode(
    "RISK-SAFETY-PLAN-NOT-CO-PRODUCED",
    Severity.WARNING,
    "The safety plan was not written with the person.",
    source=NHSE_STAYING_SAFE,
)
SAFETY_PLAN_NOT_SHARED = FindingCode(
    "RISK-SAFETY-PLAN-NOT-SHARED",
    Severity.WARNING,
    "The safety plan has not been shared with everyone the Trust's policy requires "
    "(risk.safety_plan_recipients).",
)
SAFETY_PLAN_REVIEW_OVERDUE = FindingCode(
    "RISK-SAFETY-PLAN-REVIEW-OVERDUE",
    Severity.WARNING,
    "The safety plan is past its review date (its own, or the Trust's "
    "risk.safety_plan_review_days after its last update).",
)
SAFETY_PLAN_REVIEW_DUE = FindingCode(
    "RISK-SAFETY-PLAN-REVIEW-DUE",
    Severity.INFO,
    "The safety plan's review date falls within the look-ahead window.",
)
_PLAN_REVIEW = Deadline(SAFETY_PLAN_REVIEW_OVERDUE, SAFETY_PLAN_REVIEW_DUE)
FORMULATION_MISSING = FindingCode(
    "RISK-FORMULATION-MISSING",
    Severity.WARNING,
    "The safety assessment has no formulation, or every prompt of it is empty.",
    source=NG225,
)
FORMULATION_INCOMPLETE = FindingCode(
    "RISK-FORMULATION-INCOMPLETE",
    Severity.INFO,
    "The formulation leaves one or more of its prompts (what, why, when, what could change) empty.",
    source=NHSE_STAYING_SAFE,
)
ASSESSMENT_REVIEW_OVERDUE = FindingCode(
    "RISK-ASSESSMENT-REVIEW-OVERDUE",
    Severity.WARNING,
    "The safety assessment is past the review date it set.",
    source=NCISH_2018,
)
ASSESSMENT_REVIEW_DUE = FindingCode(
    "RISK-ASSESSMENT-REVIEW-DUE",
    Severity.INFO,
    "The safety assessment's review date falls within the look-ahead window.",
    source=NCISH_2018,
)
_ASSESSMENT_REVIEW = Deadline(ASSESSMENT_REVIEW_OVERDUE, ASSESSMENT_REVIEW_DUE)
RATING_ROSE = FindingCode(
    "RISK-RATING-ROSE",
    Severity.WARNING,
    "A domain's rating rose since the previous assessment and the safety plan has not been "
    "reviewed since, past the Trust's risk.change_review_days (info while within it).",
)
DOMAIN_NEWLY_RATED = FindingCode(
    "RISK-DOMAIN-NEWLY-RATED",
    Severity.WARNING,
    "A domain was rated for the first time and the safety plan has not been reviewed "
    "since, past the Trust's risk.change_review_days (info while within it).",
)
NEW_INCIDENT = FindingCode(
    "RISK-NEW-INCIDENT",
    Severity.WARNING,
    "An assessment recorded a new incident and the safety plan has not been reviewed since, "
    "past the Trust's risk.change_review_days (info while within it).",
)
REASSESSMENT_AFTER_DISCHARGE = FindingCode(
    "RISK-REASSESSMENT-AFTER-DISCHARGE",
    Severity.WARNING,
    "No safety assessment since a discharge from inpatient care, past the Trust's "
    "risk.reassess_after_discharge_days (info while within it).",
)
REASSESSMENT_AFTER_INCIDENT = FindingCode(
    "RISK-REASSESSMENT-AFTER-INCIDENT",
    Severity.WARNING,
    "No safety assessment since an incident, past the Trust's "
    "risk.reassess_after_incident_days (info while within it).",
)
REASSESSMENT_AT_CARE_REVIEW = FindingCode(
    "RISK-REASSESSMENT-AT-CARE-REVIEW",
    Severity.WARNING,
    "No safety assessment since a care review, past the Trust's "
    "risk.reassess_at_care_review_days (info while within it).",
)
REASSESSMENT_AFTER_CHANGE = FindingCode(
    "RISK-REASSESSMENT-AFTER-CHANGE",
    Severity.WARNING,
    "No safety assessment since a recorded change in circumstances, past the Trust's "
    "risk.reassess_after_change_days (info while within it).",
)

FINDING_CODES: tuple[FindingCode, ...] = (
    DOMAIN_UNKNOWN,
    DOMAIN_REPEATED,
    SCALE_UNKNOWN,
    RATING_OFF_SCALE,
    ASSESSMENT_DATES_INCONSISTENT,
    HISTORY_OTHER_PERSON,
    HISTORY_DUPLICATE_ASSESSMENT,
    SAFETY_PLAN_MISSING,
    SAFETY_PLAN_NOT_CO_PRODUCED,
    SAFETY_PLAN_NOT_SHARED,
    SAFETY_PLAN_REVIEW_OVERDUE,
    SAFETY_PLAN_REVIEW_DUE,
    FORMULATION_MISSING,
    FORMULATION_INCOMPLETE,
    ASSESSMENT_REVIEW_OVERDUE,
    ASSESSMENT_REVIEW_DUE,
    RATING_ROSE,
    DOMAIN_NEWLY_RATED,
    NEW_INCIDENT,
    REASSESSMENT_AFTER_DISCHARGE,
    REASSESSMENT_AFTER_INCIDENT,
    REASSESSMENT_AT_CARE_REVIEW,
    REASSESSMENT_AFTER_CHANGE,
)
"""Every finding code of the risk area."""

_REASSESSMENT: dict[EventKind, tuple[FindingCode, str]] = {
    EventKind.DISCHARGE: (REASSESSMENT_AFTER_DISCHARGE, "reassess_after_discharge_days"),
    EventKind.INCIDENT: (REASSESSMENT_AFTER_INCIDENT, "reassess_after_incident_days"),
    EventKind.CARE_REVIEW: (REASSESSMENT_AT_CARE_REVIEW, "reassess_at_care_review_days"),
    EventKind.CHANGE: (REASSESSMENT_AFTER_CHANGE, "reassess_after_change_days"),
}

_FORMULATION_PROMPTS = ("what", "why", "when", "what_could_change")

_CHANGE_WORDING: dict[str, str] = {
    RATING_ROSE.code: "the rating of a domain rose",
    DOMAIN_NEWLY_RATED.code: "a domain was rated for the first time",
    NEW_INCIDENT.code: "a new incident was recorded",
}


# -- undated consistency rules ---------------------------------------------------------------


def _observation_rules(
    obs: DomainObservation,
    index: int,
    assessment: SafetyAssessment,
    policy: TrustPolicy,
    prefix: str,
) -> Iterator[Finding]:
    here = f"{prefix}.observations[{index}]"

    def found(code: FindingCode, what: str, field: str) -> Finding:
        return code.finding(
            f"observation {index} {what}", path=here + field, subject_id=assessment.assessment_id
        )

    if risk_domains(policy).find(obs.domain, assessment.assessed_on) is None:
        yield found(DOMAIN_UNKNOWN, "names a risk domain that is not known", ".domain")
    if obs.new_incident_on is not None and obs.new_incident_on > assessment.assessed_on:
        yield found(
            ASSESSMENT_DATES_INCONSISTENT,
            "records an incident after the assessment's date",
            ".new_incident_on",
        )
    if obs.rating is None:
        return
    scale = rating_scales(policy).find(
        (obs.rating.scale_id, obs.rating.scale_version), assessment.assessed_on
    )
    if scale is None:
        yield found(SCALE_UNKNOWN, "is rated on a scale that is not known", ".rating")
    elif scale.label_of(obs.rating.level) is None:
        yield found(RATING_OFF_SCALE, "has a level that its scale does not have", ".rating.level")


def _assessment_rules(
    assessment: SafetyAssessment, policy: TrustPolicy, prefix: str
) -> Iterator[Finding]:
    subject = assessment.assessment_id
    repeated = repeated_positions(obs.domain for obs in assessment.observations)
    for index, obs in enumerate(assessment.observations):
        if index in repeated:
            yield DOMAIN_REPEATED.finding(
                f"observation {index} repeats a domain observed earlier in the assessment",
                path=f"{prefix}.observations[{index}].domain",
                subject_id=subject,
            )
        yield from _observation_rules(obs, index, assessment, policy, prefix)
    if assessment.review_on is not None and assessment.review_on < assessment.assessed_on:
        yield ASSESSMENT_DATES_INCONSISTENT.finding(
            "the review date is before the assessment's date",
            path=f"{prefix}.review_on",
            subject_id=subject,
        )
    plan = assessment.safety_plan
    if plan is not None and plan.review_by is not None and plan.review_by < plan.updated_on:
        yield ASSESSMENT_DATES_INCONSISTENT.finding(
            "the safety plan's review date is before its last update",
            path=f"{prefix}.safety_plan.review_by",
            subject_id=subject,
        )


def assessment_rules(record: SafetyAssessment, policy: TrustPolicy) -> Iterator[Finding]:
    """The undated consistency rules of one safety assessment.

    Unknown domains and scales are warnings (the Trust may not have loaded its data yet);
    a level its own scale does not have, a domain observed twice, and dates that contradict
    the assessment's date are errors.
    """
    yield from _assessment_rules(record, policy, "$")


def history_rules(record: RiskHistory, policy: TrustPolicy) -> Iterator[Finding]:
    """The undated consistency rules of a risk history: each assessment's own rules, and
    every assessment is of this person and appears once."""
    repeated = repeated_positions(a.assessment_id for a in record.assessments)
    for index, assessment in enumerate(record.assessments):
        prefix = f"$.assessments[{index}]"
        if assessment.person_id != record.person_id:
            yield HISTORY_OTHER_PERSON.finding(
                f"assessment {index} is of a different person",
                path=f"{prefix}.person_id",
                subject_id=record.person_id,
            )
        if index in repeated:
            yield HISTORY_DUPLICATE_ASSESSMENT.finding(
                f"assessment {index} repeats an assessment identifier",
                path=f"{prefix}.assessment_id",
                subject_id=record.person_id,
            )
        yield from _assessment_rules(assessment, policy, prefix)


# -- dated checks ----------------------------------------------------------------------------


def _awaited(
    code: FindingCode,
    start: date,
    days: int,
    today: date,
    *,
    asked: str,
    path: str,
    subject: str,
) -> Iterator[Finding]:
    """Something asked for within ``days`` days of ``start`` and not done yet: info while the
    window runs, the code's own severity once it has passed. A window that would end after
    the year 9999 has not closed, so nothing is said yet."""
    try:
        due = statutory_time.add_days(start, days)
    except CalendarOverflowError:
        return
    passed = statutory_time.due_status(due, today, 0) is statutory_time.DueStatus.OVERDUE
    yield code.finding(
        f"{asked} {'was due' if passed else 'is due'} by {due.isoformat()}",
        path=path,
        subject_id=subject,
        due=due,
        severity=None if passed else Severity.INFO,
    )


def _review_findings(
    deadline: Deadline, due: date, ctx: CheckContext, *, what: str, path: str, subject: str
) -> Iterator[Finding]:
    found = deadline.check(
        due,
        ctx.day,
        ctx.policy.general.due_soon_days,
        overdue=f"{what} was due for review by {due.isoformat()}",
        due_soon=f"{what} is due for review by {due.isoformat()}",
        path=path,
        subject_id=subject,
    )
    if found is not None:
        yield found


def _formulation_findings(assessment: SafetyAssessment, prefix: str) -> Iterator[Finding]:
    formulation = assessment.formulation
    empty = [
        name
        for name in _FORMULATION_PROMPTS
        if formulation is None or not (getattr(formulation, name) or "").strip()
    ]
    if len(empty) == len(_FORMULATION_PROMPTS):
        yield FORMULATION_MISSING.finding(
            "the safety assessment has no formulation",
            path=f"{prefix}.formulation",
            subject_id=assessment.assessment_id,
        )
    elif empty:
        yield FORMULATION_INCOMPLETE.finding(
            f"the formulation leaves empty: {', '.join(empty)}",
            path=f"{prefix}.formulation",
            subject_id=assessment.assessment_id,
        )


def _plan_findings(
    plan: SafetyPlan | None, ctx: CheckContext, *, path: str, subject: str
) -> Iterator[Finding]:
    if plan is None:
        yield SAFETY_PLAN_MISSING.finding("there is no safety plan", path=path, subject_id=subject)
        return
    if not plan.co_produced:
        yield SAFETY_PLAN_NOT_CO_PRODUCED.finding(
            "the safety plan is not recorded as co-produced with the person",
            path=f"{path}.co_produced",
            subject_id=subject,
        )
    missing = [r for r in ctx.policy.risk.safety_plan_recipients if r not in plan.shared_with]
    if missing:
        yield SAFETY_PLAN_NOT_SHARED.finding(
            f"the safety plan is not shared with: {', '.join(missing)}",
            path=f"{path}.shared_with",
            subject_id=subject,
        )
    due = plan.review_by
    if due is None:
        try:
            due = statutory_time.add_days(plan.updated_on, ctx.policy.risk.safety_plan_review_days)
        except CalendarOverflowError:
            return  # a review date after the year 9999 is not yet due
    yield from _review_findings(
        _PLAN_REVIEW, due, ctx, what="the safety plan", path=f"{path}.review_by", subject=subject
    )


def _assessment_review_findings(
    assessment: SafetyAssessment, ctx: CheckContext, prefix: str
) -> Iterator[Finding]:
    if assessment.review_on is not None:
        yield from _review_findings(
            _ASSESSMENT_REVIEW,
            assessment.review_on,
            ctx,
            what="the safety assessment",
            path=f"{prefix}.review_on",
            subject=assessment.assessment_id,
        )


def _in_order(history: RiskHistory) -> list[tuple[int, SafetyAssessment]]:
    return sorted(enumerate(history.assessments), key=lambda pair: pair[1].assessed_on)


def latest_assessment(history: RiskHistory) -> SafetyAssessment | None:
    """The most recent assessment of a history (the last listed among same-day ones)."""
    ordered = _in_order(history)
    return ordered[-1][1] if ordered else None


def _plan_reviewed_since(ordered: list[tuple[int, SafetyAssessment]], since: date) -> bool:
    """Whether a safety plan was written or reviewed on or after ``since``."""
    return any(a.safety_plan is not None and a.safety_plan.updated_on >= since for _, a in ordered)


def _changes(
    ordered: list[tuple[int, SafetyAssessment]], policy: TrustPolicy
) -> Iterator[tuple[FindingCode, int, SafetyAssessment, int, str]]:
    """Each change: its code, the assessment's index, the assessment, observation index and
    what changed (a domain code, never a level).

    A rating is compared with the same domain's most recent earlier rating, whichever
    assessment holds it, so a domain left unrated once is not "new" when rated again.
    """
    scales = rating_scales(policy)
    last: dict[str, DomainRating] = {}
    first = True
    for index, assessment in ordered:
        for obs_index, obs in enumerate(assessment.observations):
            if obs.new_incident_on is not None:
                yield NEW_INCIDENT, index, assessment, obs_index, obs.domain
            if first or obs.rating is None:
                continue
            earlier = last.get(obs.domain)
            if earlier is None:
                yield DOMAIN_NEWLY_RATED, index, assessment, obs_index, obs.domain
                continue
            key = (earlier.scale_id, earlier.scale_version)
            scale = scales.find(key, assessment.assessed_on)
            same_scale = key == (obs.rating.scale_id, obs.rating.scale_version)
            if scale is not None and same_scale and scale.rises(earlier.level, obs.rating.level):
                yield RATING_ROSE, index, assessment, obs_index, obs.domain
        for obs in assessment.observations:
            if obs.rating is not None:
                last[obs.domain] = obs.rating
        first = False


def _change_findings(history: RiskHistory, ctx: CheckContext) -> Iterator[Finding]:
    """Changes that call for a review of the safety plan within the Trust's window.

    A change is recorded by an assessment: a domain's rating rose on the same scale since
    its last rating (:data:`RATING_ROSE`), a domain was rated that no earlier assessment
    rated (:data:`DOMAIN_NEWLY_RATED`), or an observation records a new
    incident (:data:`NEW_INCIDENT`). It is answered by a safety plan written or reviewed on
    or after that assessment's day. Until then the finding is info while the window of
    ``risk.change_review_days`` runs and a warning once it has passed. Ratings on different
    scales, or on a scale cpa_core does not know, are not compared.
    """
    ordered = _in_order(history)
    for code, index, assessment, obs_index, domain in _changes(ordered, ctx.policy):
        later = [pair for pair in ordered if pair[1].assessed_on >= assessment.assessed_on]
        if _plan_reviewed_since(later, assessment.assessed_on):
            continue
        yield from _awaited(
            code,
            assessment.assessed_on,
            ctx.policy.risk.change_review_days,
            ctx.day,
            asked=f"{_CHANGE_WORDING[code.code]} ({domain}); a safety plan review",
            path=f"$.assessments[{index}].observations[{obs_index}]",
            subject=history.person_id,
        )


def _reassessment_findings(history: RiskHistory, ctx: CheckContext) -> Iterator[Finding]:
    """Events with no safety assessment since: after a discharge, after an incident, at a
    care review, after a change in circumstances.

    An event is answered by any assessment on or after its day. Until then the finding is
    info while the event's window (``risk.reassess_*_days``) runs and a warning once it has
    passed. Events after the day of the check are not yet due.
    """
    days = [a.assessed_on for a in history.assessments]
    for index, event in enumerate(history.events):
        if event.on > ctx.day or any(day >= event.on for day in days):
            continue
        code, setting = _REASSESSMENT[event.kind]
        days_allowed: int = getattr(ctx.policy.risk, setting)
        yield from _awaited(
            code,
            event.on,
            days_allowed,
            ctx.day,
            asked=f"no safety assessment since the {event.kind.value} of "
            f"{event.on.isoformat()}; one",
            path=f"$.events[{index}]",
            subject=history.person_id,
        )


def assessment_audit(record: SafetyAssessment, ctx: CheckContext) -> Iterator[Finding]:
    """Whether the safety work of a person's *current* assessment is complete and in date.

    Yields findings for a missing formulation (or empty prompts), a missing safety plan, a
    plan not co-produced or not shared with everyone ``risk.safety_plan_recipients`` names,
    and a plan or assessment past (or, as info, near) its review date. A plan with no
    review date of its own is due ``risk.safety_plan_review_days`` after its last update.
    """
    yield from _formulation_findings(record, "$")
    yield from _plan_findings(
        record.safety_plan, ctx, path="$.safety_plan", subject=record.assessment_id
    )
    yield from _assessment_review_findings(record, ctx, "$")


def current_safety_plan(history: RiskHistory) -> tuple[int, SafetyPlan] | None:
    """The most recently updated safety plan of a history and the index of its assessment.

    An assessment need not repeat an unchanged plan, so the person's current plan is the
    latest one written or reviewed, whichever assessment carries it.
    """
    plans = [
        (a.safety_plan.updated_on, a.assessed_on, i, a.safety_plan)
        for i, a in enumerate(history.assessments)
        if a.safety_plan is not None
    ]
    if not plans:
        return None
    _, _, index, plan = max(plans, key=lambda item: (item[0], item[1], item[2]))
    return index, plan


def history_audit(record: RiskHistory, ctx: CheckContext) -> Iterator[Finding]:
    """The dated checks of a risk history: the formulation and review date of the latest
    assessment, the person's current safety plan (see :func:`current_safety_plan`), changes
    awaiting a safety plan review, and events awaiting a new assessment (both info while
    their window runs, warnings once it has passed; see the area's docs)."""
    ordered = _in_order(record)
    if ordered:
        index, latest = ordered[-1]
        prefix = f"$.assessments[{index}]"
        yield from _formulation_findings(latest, prefix)
        current = current_safety_plan(record)
        plan_path = (
            f"$.assessments[{current[0]}].safety_plan" if current else f"{prefix}.safety_plan"
        )
        yield from _plan_findings(
            current[1] if current else None, ctx, path=plan_path, subject=record.person_id
        )
        yield from _assessment_review_findings(latest, ctx, prefix)
    yield from _change_findings(record, ctx)
    yield from _reassessment_findings(record, ctx)


def check_assessment(
    record: SafetyAssessment, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding for one safety assessment as of ``as_of``: its own consistency
    (:func:`assessment_rules`) and its completeness and review dates
    (:func:`assessment_audit`). A ``date`` means the start of that day in London. The same
    report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return RISK_SAFETY_ASSESSMENT.check(record, as_of, policy)


def check_history(
    record: RiskHistory, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding for a person's risk history as of ``as_of``: its consistency
    (:func:`history_rules`) and its dated checks (:func:`history_audit`). A ``date`` means
    the start of that day in London.
    The same report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return RISK_HISTORY.check(record, as_of, policy)


RISK_SAFETY_ASSESSMENT: RecordKind[SafetyAssessment] = RecordKind(
    name="risk-safety-assessment",
    domain="risk",
    model=SafetyAssessment,
    description="A person's current safety assessment: per-domain observations, formulation "
    "and safety plan (no global risk level, per NICE NG225).",
    rules=assessment_rules,
    audit=assessment_audit,
)

RISK_HISTORY: RecordKind[RiskHistory] = RecordKind(
    name="risk-history",
    domain="risk",
    model=RiskHistory,
    description="A person's safety assessments over time and the events that call for a new "
    "one, for the change and timeliness rules.",
    rules=history_rules,
    audit=history_audit,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (RISK_SAFETY_ASSESSMENT, RISK_HISTORY)
