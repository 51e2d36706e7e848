"""Checks of care episodes, the area's record kinds, and its check across a caseload.

Severities follow the evidence of the rule applied: a rule from a verified source may give
an ``ERROR``; a secondary or unverified one gives at most a ``WARNING``
(:meth:`FindingCode.finding <cpa_core.findings.FindingCode.finding>` lowers it).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

from cpa_core import statutory_time
from cpa_core.care.cycle.checks import DischargePlanRefusedError, first_illegal
from cpa_core.care.cycle.rules import CNWL_CYCLE
from cpa_core.care.inpatient.checks import (
    CARE_INPATIENT_DISCHARGE,
    DISCHARGE_PLAN_NOT_SENT,
    FOLLOW_UP_BREACHED,
    FOLLOW_UP_DUE,
    FOLLOW_UP_MET,
    FOLLOW_UP_NOT_ELIGIBLE,
    discharge_audit,
)
from cpa_core.care.inpatient.models import InpatientDischarge
from cpa_core.care.models import CareApproach, CareEpisode, CarePlanVersion, PlanSection
from cpa_core.care.rules import (
    APPROACHES,
    CARE_PLAN_AUDIT_2013,
    PLAN_SECTIONS,
    REACT_TOOLKIT,
    REVIEW_INTERVALS,
    TRUST_PLAN_SECTIONS,
)
from cpa_core.context import CheckContext
from cpa_core.findings import Deadline, Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy._settings import CPA_CORE_DEFAULT
from cpa_core.policy.care import (
    CPA_POSITION_STATEMENT,
    LOCAL_REVIEW_DEFAULTS,
    NMC_CODE_RECORDS,
    RDASH_CPA_POLICY,
)
from cpa_core.provenance import Source
from cpa_core.records import CaseloadCheck, Located, RecordKind, caseload_check
from cpa_core.statutory_time import CalendarOverflowError

__all__ = [
    "APPROACH_NOT_IN_USE",
    "CARER_NOT_OFFERED",
    "CARE_EPISODE",
    "CASELOAD_CHECKS",
    "CYCLE_ILLEGAL",
    "EPISODE_DUPLICATE",
    "FINDING_CODES",
    "NOTE_LATE",
    "NO_COORDINATOR",
    "PLAN_NOT_AGREED",
    "PLAN_NOT_SHARED",
    "PLAN_OVERDUE",
    "PLAN_SECTION_MISSING",
    "RECORD_KINDS",
    "REVIEW_DUE_SOON",
    "REVIEW_OVERDUE",
    "check_caseload",
    "check_episode",
    "duplicate_episodes",
    "episode_audit",
    "episode_rules",
    "next_review_due",
    "required_sections",
]

_DEFAULT_POLICY = TrustPolicy()
T = TypeVar("T")

# --- finding codes -------------------------------------------------------------------------

CYCLE_ILLEGAL = FindingCode(
    "CARE-CYCLE-ILLEGAL",
    Severity.ERROR,
    "The episode's history takes a step the care coordination cycle does not allow.",
    source=CNWL_CYCLE,
)
EPISODE_DUPLICATE = FindingCode(
    "CARE-EPISODE-DUPLICATE",
    Severity.WARNING,
    "A person has a second open episode under the same approach.",
    source=CNWL_CYCLE,
)
APPROACH_NOT_IN_USE = FindingCode(
    "CARE-APPROACH-NOT-IN-USE",
    Severity.WARNING,
    "An open CPA episode after CPA's national retirement, where the Trust runs no CPA policy.",
    source=CPA_POSITION_STATEMENT,
)
NO_COORDINATOR = FindingCode(
    "CARE-NO-COORDINATOR",
    Severity.ERROR,
    "An open, assessed episode has no named care coordinator or key worker.",
)
REVIEW_OVERDUE = FindingCode(
    "CARE-REVIEW-OVERDUE",
    Severity.WARNING,
    "The care plan has not been reviewed within the review interval.",
)
REVIEW_DUE_SOON = FindingCode(
    "CARE-REVIEW-DUE-SOON",
    Severity.INFO,
    "The care plan's review falls due within the look-ahead window.",
)
_REVIEW_DUE = Deadline(REVIEW_OVERDUE, REVIEW_DUE_SOON)
PLAN_OVERDUE = FindingCode(
    "CARE-PLAN-OVERDUE",
    Severity.WARNING,
    "No care plan was agreed within the Trust's timescale after the assessment.",
)
PLAN_SECTION_MISSING = FindingCode(
    "CARE-PLAN-SECTION-MISSING",
    Severity.WARNING,
    "The current care plan lacks a section required under the episode's approach.",
)
CARER_NOT_OFFERED = FindingCode(
    "CARE-CARER-NOT-OFFERED",
    Severity.WARNING,
    "A carer is identified but has not been offered their own assessment.",
    source=REACT_TOOLKIT,
)
PLAN_NOT_AGREED = FindingCode(
    "CARE-PLAN-NOT-AGREED",
    Severity.WARNING,
    "The current care plan has not been agreed with the person.",
    source=CARE_PLAN_AUDIT_2013,
)
PLAN_NOT_SHARED = FindingCode(
    "CARE-PLAN-NOT-SHARED",
    Severity.WARNING,
    "The current care plan has not been given to the person or shared with those it names.",
    source=CARE_PLAN_AUDIT_2013,
)
NOTE_LATE = FindingCode(
    "CARE-NOTE-LATE",
    Severity.WARNING,
    "A progress note was recorded later than the Trust's standard after the contact.",
    source=NMC_CODE_RECORDS,
)

FINDING_CODES: tuple[FindingCode, ...] = (
    CYCLE_ILLEGAL,
    EPISODE_DUPLICATE,
    APPROACH_NOT_IN_USE,
    NO_COORDINATOR,
    REVIEW_OVERDUE,
    REVIEW_DUE_SOON,
    PLAN_OVERDUE,
    PLAN_SECTION_MISSING,
    CARER_NOT_OFFERED,
    PLAN_NOT_AGREED,
    PLAN_NOT_SHARED,
    NOTE_LATE,
    FOLLOW_UP_DUE,
    FOLLOW_UP_MET,
    FOLLOW_UP_BREACHED,
    FOLLOW_UP_NOT_ELIGIBLE,
    DISCHARGE_PLAN_NOT_SENT,
)
"""Every finding code of the care area, inpatient follow-up included."""


# --- care episodes -------------------------------------------------------------------------


def episode_rules(episode: CareEpisode, policy: TrustPolicy) -> Iterator[Finding]:
    """The episode's own consistency: its history must be a legal walk through the cycle.

    A step the cycle has no row for is an error. A discharge refused only because the
    Trust's policy requires a discharge plan rests on a local, unverified setting, so it is
    a warning.
    """
    found = first_illegal(episode, policy)
    if found is not None:
        event, error = found
        local = isinstance(error, DischargePlanRefusedError)
        yield CYCLE_ILLEGAL.finding(
            str(error),
            path=event.path,
            subject_id=episode.episode_id,
            source=CPA_CORE_DEFAULT if local else None,
        )


def _plans_on(episode: CareEpisode, day: date) -> list[tuple[int, CarePlanVersion]]:
    return [(i, p) for i, p in enumerate(episode.plans) if p.written_on <= day]


def required_sections(
    approach: CareApproach, on: date, policy: TrustPolicy | None = None
) -> dict[PlanSection, Source]:
    """The sections a care plan under ``approach`` must contain on ``on``, with sources.

    A Trust's list (``care.plan_sections_*``) replaces the defaults of
    :data:`~cpa_core.care.rules.PLAN_SECTIONS` for that approach.
    """
    care = (policy or _DEFAULT_POLICY).care
    override = {
        CareApproach.CPA: care.plan_sections_cpa,
        CareApproach.STANDARD: care.plan_sections_standard,
        CareApproach.CMHF: care.plan_sections_cmhf,
    }[approach]
    if override is not None:
        return dict.fromkeys(override, TRUST_PLAN_SECTIONS)
    return {
        row.section: row.source for row in PLAN_SECTIONS.in_force(on) if row.approach is approach
    }


def next_review_due(
    episode: CareEpisode, on: date, policy: TrustPolicy | None = None
) -> tuple[date, Source] | None:
    """The last day by which the plan must next be reviewed, as of ``on``, and its source.

    Counting kind: calendar months from the later of the first care plan and the latest
    review, clamped to the month's last day; the due day itself is still in time. A revised
    plan version does not restart the clock: only a review does. ``None`` when there is no
    plan yet, no interval is known for the approach on that day, or the day would fall
    after the year 9999.
    """
    care = (policy or _DEFAULT_POLICY).care
    plans = _plans_on(episode, on)
    if not plans:
        return None
    anchor = min(p.written_on for _, p in plans)
    reviews = [r.on for r in episode.reviews if anchor <= r.on <= on]
    anchor = max([anchor, *reviews])
    if care.review_interval_months is not None:
        months, source = care.review_interval_months, LOCAL_REVIEW_DEFAULTS
    else:
        row = REVIEW_INTERVALS.find(episode.approach, on)
        if row is None:
            return None
        months, source = row.months, row.source
    try:
        return statutory_time.add_months(anchor, months), source
    except CalendarOverflowError:
        return None


def _coordinator_findings(episode: CareEpisode, ctx: CheckContext) -> Iterator[Finding]:
    on = ctx.day
    row = APPROACHES.find(episode.approach, on)
    assessed = episode.assessment is not None and episode.assessment.completed_on <= on
    if row is None or not row.coordinator_required or not assessed:
        return
    if not any(a.covers(on) for a in episode.coordinators):
        yield NO_COORDINATOR.finding(
            f"no named {row.coordinator_role.value} on {on.isoformat()}",
            path="$.coordinators",
            subject_id=episode.episode_id,
            source=row.source,
        )


def _approach_findings(episode: CareEpisode, ctx: CheckContext) -> Iterator[Finding]:
    row = APPROACHES.find(episode.approach, ctx.day)
    if (
        row is not None
        and episode.approach is CareApproach.CPA
        and not row.national
        and not ctx.policy.care.cpa_in_use
    ):
        yield APPROACH_NOT_IN_USE.finding(
            "open CPA episode, but CPA is no longer national and the Trust runs no CPA policy",
            path="$.approach",
            subject_id=episode.episode_id,
            source=RDASH_CPA_POLICY,
        )


def _plan_timing_findings(episode: CareEpisode, ctx: CheckContext) -> Iterator[Finding]:
    on, days = ctx.day, ctx.policy.care.plan_due_days
    if days is None or episode.assessment is None or episode.assessment.completed_on > on:
        return
    try:
        due = statutory_time.add_days(episode.assessment.completed_on, days)
    except CalendarOverflowError:
        return  # a timescale ending after the year 9999 has not run out
    agreed = [p.agreed_on for p in episode.plans if p.agreed_on is not None and p.agreed_on <= on]
    first = min(agreed, default=None)
    if (first is None and on > due) or (first is not None and first > due):
        yield PLAN_OVERDUE.finding(
            f"no care plan agreed within {days} days of the assessment",
            path="$.plans",
            subject_id=episode.episode_id,
            due=due,
        )


def _review_findings(episode: CareEpisode, ctx: CheckContext) -> Iterator[Finding]:
    found = next_review_due(episode, ctx.day, ctx.policy)
    if found is None:
        return
    due, source = found
    finding = _REVIEW_DUE.check(
        due,
        ctx.day,
        ctx.policy.general.due_soon_days,
        overdue=f"care plan review overdue since {due.isoformat()}",
        due_soon=f"care plan review due by {due.isoformat()}",
        path="$.reviews",
        subject_id=episode.episode_id,
        source=source,
    )
    if finding is not None:
        yield finding


def _plan_content_findings(episode: CareEpisode, ctx: CheckContext) -> Iterator[Finding]:
    plans = _plans_on(episode, ctx.day)
    if not plans:
        return
    index, plan = max(plans, key=lambda ip: (ip[1].written_on, ip[1].version))
    here = f"$.plans[{index}]"
    for section, source in required_sections(episode.approach, ctx.day, ctx.policy).items():
        if section not in plan.sections:
            yield PLAN_SECTION_MISSING.finding(
                f"care plan version {plan.version} has no {section.value} section",
                path=f"{here}.sections",
                subject_id=episode.episode_id,
                source=source,
            )
    version = plan.version
    # (what is missing, its code, the message, the field that shows it)
    gaps = (
        (
            plan.carer_identified and plan.carer_assessment_offered_on is None,
            CARER_NOT_OFFERED,
            "carer identified but not offered a carer's assessment",
            "carer_assessment_offered_on",
        ),
        (
            plan.agreed_on is None,
            PLAN_NOT_AGREED,
            f"care plan version {version} not agreed with the person",
            "agreed_on",
        ),
        (
            not plan.copy_given,
            PLAN_NOT_SHARED,
            f"no copy of care plan version {version} given to the person",
            "copy_given",
        ),
        (
            plan.shared_on is None,
            PLAN_NOT_SHARED,
            f"care plan version {version} not shared with those it names",
            "shared_on",
        ),
    )
    for missing, code, message, field in gaps:
        if missing:
            yield code.finding(message, path=f"{here}.{field}", subject_id=episode.episode_id)


def _note_findings(episode: CareEpisode, ctx: CheckContext) -> Iterator[Finding]:
    hours = ctx.policy.care.max_note_delay_hours
    for i, note in enumerate(episode.notes):
        if note.contact_at > ctx.instant:
            continue
        try:
            deadline = statutory_time.hours_from(note.contact_at, hours).end
        except CalendarOverflowError:
            continue  # a deadline after the year 9999 has not passed
        if note.recorded_at > deadline:
            yield NOTE_LATE.finding(
                f"progress note recorded more than {hours} hours after the contact",
                path=f"$.notes[{i}].recorded_at",
                subject_id=episode.episode_id,
                due=deadline,
            )


def episode_audit(episode: CareEpisode, ctx: CheckContext) -> Iterator[Finding]:
    """The dated checks of one episode as of ``ctx``.

    An open episode is checked for its named worker, review, plan timing and plan content;
    every episode for late notes. A check whose rule has no row in force is skipped.
    """
    yield from _note_findings(episode, ctx)
    if not episode.is_open_on(ctx.day):
        return
    yield from _approach_findings(episode, ctx)
    yield from _coordinator_findings(episode, ctx)
    yield from _plan_timing_findings(episode, ctx)
    yield from _review_findings(episode, ctx)
    yield from _plan_content_findings(episode, ctx)


def check_episode(
    record: CareEpisode, as_of: date | datetime, policy: TrustPolicy | None = None
) -> Report:
    """Every finding for one care episode as of ``as_of``: its own consistency
    (:func:`episode_rules`) and what falls due (:func:`episode_audit`). A ``date`` means the
    start of that day in London.
    The same report as :func:`cpa_core.due <cpa_core.validation.due>` gives."""
    return CARE_EPISODE.check(record, as_of, policy)


# --- a caseload ----------------------------------------------------------------------------


def _duplicates(episodes: Sequence[tuple[CareEpisode, T]], on: date) -> Iterator[tuple[T, Finding]]:
    """Second open episodes; each finding comes with the tag given with its episode."""
    seen: dict[tuple[str, CareApproach], str] = {}
    ordered = sorted(episodes, key=lambda et: (et[0].referral.received_on, et[0].episode_id))
    for episode, tag in ordered:
        if not episode.is_open_on(on):
            continue
        key = (episode.person_id, episode.approach)
        if key in seen:
            yield (
                tag,
                EPISODE_DUPLICATE.finding(
                    f"second open {episode.approach.value} episode; {seen[key]} is also open",
                    path="$",
                    subject_id=episode.episode_id,
                ),
            )
        else:
            seen[key] = episode.episode_id


def check_caseload(
    episodes: Iterable[CareEpisode],
    discharges: Iterable[InpatientDischarge] = (),
    *,
    as_of: date | datetime,
    policy: TrustPolicy | None = None,
) -> Report:
    """Every care finding for a caseload as of ``as_of``: each record's rules and dated
    checks, and second open episodes of the same approach for one person."""
    ctx = CheckContext.at(as_of, policy)
    episodes = list(episodes)
    findings: list[Finding] = []
    for episode in episodes:
        findings.extend(episode_rules(episode, ctx.policy))
        findings.extend(episode_audit(episode, ctx))
    for discharge in discharges:
        findings.extend(discharge_audit(discharge, ctx))
    findings.extend(f for _, f in _duplicates([(e, e) for e in episodes], ctx.day))
    return Report(tuple(findings))


@caseload_check("care-episode", group_by="person_id")
def duplicate_episodes(
    records: Mapping[str, Sequence[Located[Any]]], ctx: CheckContext
) -> Iterator[tuple[Located[Any], Finding]]:
    """The caseload audit's check across records: a second open episode of the same
    approach for one person (a second open episode is refused by the cycle)."""
    episodes = [
        (r.record, r) for r in records.get("care-episode", ()) if isinstance(r.record, CareEpisode)
    ]
    return _duplicates(episodes, ctx.day)


CARE_EPISODE: RecordKind[CareEpisode] = RecordKind(
    name="care-episode",
    domain="care",
    model=CareEpisode,
    description="One person's episode of care with a team under CPA, standard care or CMHF: "
    "referral, assessment, named coordinators, care-plan versions, reviews and discharge.",
    rules=episode_rules,
    audit=episode_audit,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (CARE_EPISODE, CARE_INPATIENT_DISCHARGE)
CASELOAD_CHECKS: tuple[CaseloadCheck, ...] = (duplicate_episodes,)
