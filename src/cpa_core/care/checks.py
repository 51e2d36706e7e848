"""Checks of care episodes and inpatient discharges, and the area's record kinds.

Severities follow the evidence of the rule applied: a rule from a verified source may give
an ``ERROR``; a secondary or unverified one gives at most a ``WARNING``.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from datetime import date, datetime
from typing import Any, TypeVar

import attrs

from cpa_core import statutory_time
from cpa_core.care.cycle import DischargePlanRefusedError, first_illegal
from cpa_core.care.models import (
    CareApproach,
    CareEpisode,
    CarePlanVersion,
    FollowUpEvent,
    FollowUpEventKind,
    InpatientDischarge,
    PlanSection,
)
from cpa_core.care.rules import (
    ACUTE_BED_CLASSES,
    APPROACHES,
    CARE_PLAN_AUDIT_2013,
    CNWL_CYCLE,
    CONSULTATION_MECHANISMS,
    DISCHARGE_COMMUNICATION,
    EXCLUDED_DESTINATIONS,
    EXCLUDED_DISCHARGE_METHODS,
    FOLLOW_UP_RULES,
    PLAN_SECTIONS,
    REACT_TOOLKIT,
    REVIEW_INTERVALS,
    FollowUpRuleRow,
)
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy._settings import CPA_CORE_DEFAULT
from cpa_core.policy.care import (
    CPA_POSITION_STATEMENT,
    FOLLOW_UP_72_HOURS_CODE,
    LOCAL_REVIEW_DEFAULTS,
    NMC_CODE_RECORDS,
    RDASH_CPA_POLICY,
)
from cpa_core.provenance import Evidence, Source
from cpa_core.records import CaseloadCheck, Located, RecordKind, caseload_check

__all__ = [
    "APPROACH_NOT_IN_USE",
    "CARER_NOT_OFFERED",
    "CARE_EPISODE",
    "CARE_INPATIENT_DISCHARGE",
    "CASELOAD_CHECKS",
    "CYCLE_ILLEGAL",
    "DISCHARGE_PLAN_NOT_SENT",
    "EPISODE_DUPLICATE",
    "FINDING_CODES",
    "FOLLOW_UP_BREACHED",
    "FOLLOW_UP_DUE",
    "FOLLOW_UP_MET",
    "FOLLOW_UP_NOT_ELIGIBLE",
    "NOTE_LATE",
    "NO_COORDINATOR",
    "PLAN_NOT_AGREED",
    "PLAN_NOT_SHARED",
    "PLAN_OVERDUE",
    "PLAN_SECTION_MISSING",
    "RECORD_KINDS",
    "REVIEW_DUE_SOON",
    "REVIEW_OVERDUE",
    "TRUST_PLAN_SECTIONS",
    "FollowUpOutcome",
    "FollowUpStatus",
    "check_caseload",
    "discharge_audit",
    "duplicate_episodes",
    "episode_audit",
    "episode_rules",
    "follow_up",
    "next_review_due",
    "required_sections",
]

_DEFAULT_POLICY = TrustPolicy()
T = TypeVar("T")
A = TypeVar("A")

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
    Severity.WARNING,
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
FOLLOW_UP_DUE = FindingCode(
    "CARE-FOLLOW-UP-DUE",
    Severity.WARNING,
    "Follow-up after an eligible inpatient discharge is due and has not happened yet.",
    source=FOLLOW_UP_72_HOURS_CODE,
)
FOLLOW_UP_MET = FindingCode(
    "CARE-FOLLOW-UP-MET",
    Severity.INFO,
    "Follow-up after an eligible inpatient discharge happened within the window.",
    source=FOLLOW_UP_72_HOURS_CODE,
)
FOLLOW_UP_BREACHED = FindingCode(
    "CARE-FOLLOW-UP-BREACHED",
    Severity.ERROR,
    "No follow-up happened within the window after an eligible inpatient discharge.",
    source=FOLLOW_UP_72_HOURS_CODE,
)
FOLLOW_UP_NOT_ELIGIBLE = FindingCode(
    "CARE-FOLLOW-UP-NOT-ELIGIBLE",
    Severity.INFO,
    "An inpatient discharge is outside the follow-up measure (bed class, destination, ...).",
    source=FOLLOW_UP_72_HOURS_CODE,
)

DISCHARGE_PLAN_NOT_SENT = FindingCode(
    "CARE-DISCHARGE-PLAN-NOT-SENT",
    Severity.WARNING,
    "The care plan was not sent to those it names within 24 hours of an inpatient discharge.",
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


TRUST_PLAN_SECTIONS = Source(
    title="Trust policy: required care-plan sections",
    publisher="the Trust",
    locator="care.plan_sections_cpa, _standard or _cmhf in the Trust's policy file",
    evidence=Evidence.UNVERIFIED,
)
"""The source of a Trust's own list of required sections (local policy, not national)."""


def _beyond_calendar(count: Callable[[A, int], T], start: A, n: int) -> T | None:
    """``count(start, n)``, or ``None`` when the result would fall after the year 9999."""
    try:
        return count(start, n)
    except CpaCoreError:
        return None


def _capped(source: Source) -> Severity | None:
    """A rule from an unverified or secondary source never gives an error."""
    return None if source.verified else Severity.WARNING


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
            severity=Severity.WARNING if local else None,
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
    plan yet or no interval is known for the approach on that day.
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
    due = _beyond_calendar(statutory_time.add_months, anchor, months)
    return None if due is None else (due, source)


def _coordinator_findings(episode: CareEpisode, on: date) -> Iterator[Finding]:
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
            severity=_capped(row.source) or Severity.ERROR,
        )


def _approach_findings(episode: CareEpisode, on: date, policy: TrustPolicy) -> Iterator[Finding]:
    row = APPROACHES.find(episode.approach, on)
    if (
        row is not None
        and episode.approach is CareApproach.CPA
        and not row.national
        and not policy.care.cpa_in_use
    ):
        yield APPROACH_NOT_IN_USE.finding(
            "open CPA episode, but CPA is no longer national and the Trust runs no CPA policy",
            path="$.approach",
            subject_id=episode.episode_id,
            source=RDASH_CPA_POLICY,
        )


def _plan_timing_findings(episode: CareEpisode, on: date, policy: TrustPolicy) -> Iterator[Finding]:
    days = policy.care.plan_due_days
    if days is None or episode.assessment is None or episode.assessment.completed_on > on:
        return
    due = _beyond_calendar(statutory_time.add_days, episode.assessment.completed_on, days)
    if due is None:
        return
    agreed = [p.agreed_on for p in episode.plans if p.agreed_on is not None and p.agreed_on <= on]
    first = min(agreed, default=None)
    if (first is None and on > due) or (first is not None and first > due):
        yield PLAN_OVERDUE.finding(
            f"no care plan agreed within {days} days of the assessment",
            path="$.plans",
            subject_id=episode.episode_id,
            due=due,
        )


def _review_findings(episode: CareEpisode, on: date, policy: TrustPolicy) -> Iterator[Finding]:
    found = next_review_due(episode, on, policy)
    if found is None:
        return
    due, source = found
    status = statutory_time.due_status(due, on, policy.general.due_soon_days)
    if status is statutory_time.DueStatus.OVERDUE:
        yield REVIEW_OVERDUE.finding(
            f"care plan review overdue since {due.isoformat()}",
            path="$.reviews",
            subject_id=episode.episode_id,
            due=due,
            source=source,
        )
    elif status is statutory_time.DueStatus.DUE_SOON:
        yield REVIEW_DUE_SOON.finding(
            f"care plan review due by {due.isoformat()}",
            path="$.reviews",
            subject_id=episode.episode_id,
            due=due,
            source=source,
        )


def _plan_content_findings(
    episode: CareEpisode, on: date, policy: TrustPolicy
) -> Iterator[Finding]:
    plans = _plans_on(episode, on)
    if not plans:
        return
    index, plan = max(plans, key=lambda ip: (ip[1].written_on, ip[1].version))
    here = f"$.plans[{index}]"
    for section, source in required_sections(episode.approach, on, policy).items():
        if section not in plan.sections:
            yield PLAN_SECTION_MISSING.finding(
                f"care plan version {plan.version} has no {section.value} section",
                path=f"{here}.sections",
                subject_id=episode.episode_id,
                source=source,
            )
    if plan.carer_identified and plan.carer_assessment_offered_on is None:
        yield CARER_NOT_OFFERED.finding(
            "carer identified but not offered a carer's assessment",
            path=f"{here}.carer_assessment_offered_on",
            subject_id=episode.episode_id,
        )
    if plan.agreed_on is None:
        yield PLAN_NOT_AGREED.finding(
            f"care plan version {plan.version} not agreed with the person",
            path=f"{here}.agreed_on",
            subject_id=episode.episode_id,
        )
    if not plan.copy_given:
        yield PLAN_NOT_SHARED.finding(
            f"no copy of care plan version {plan.version} given to the person",
            path=f"{here}.copy_given",
            subject_id=episode.episode_id,
        )
    if plan.shared_on is None:
        yield PLAN_NOT_SHARED.finding(
            f"care plan version {plan.version} not shared with those it names",
            path=f"{here}.shared_on",
            subject_id=episode.episode_id,
        )


def _note_findings(episode: CareEpisode, as_of: datetime, policy: TrustPolicy) -> Iterator[Finding]:
    hours = policy.care.max_note_delay_hours
    for i, note in enumerate(episode.notes):
        if note.contact_at > as_of:
            continue
        period = _beyond_calendar(statutory_time.hours_from, note.contact_at, hours)
        deadline = None if period is None else period.end
        if deadline is not None and note.recorded_at > deadline:
            yield NOTE_LATE.finding(
                f"progress note recorded more than {hours} hours after the contact",
                path=f"$.notes[{i}].recorded_at",
                subject_id=episode.episode_id,
                due=deadline,
            )


def episode_audit(episode: CareEpisode, ctx: CheckContext) -> Iterator[Finding]:
    """The dated checks of one episode as of ``as_of``.

    An open episode is checked for its named worker, review, plan timing and plan content;
    every episode for late notes. A check whose rule has no row in force is skipped.
    """
    as_of, policy = ctx.instant, ctx.policy
    on = statutory_time.london_date(as_of)
    yield from _note_findings(episode, as_of, policy)
    if not episode.is_open_on(on):
        return
    yield from _approach_findings(episode, on, policy)
    yield from _coordinator_findings(episode, on)
    yield from _plan_timing_findings(episode, on, policy)
    yield from _review_findings(episode, on, policy)
    yield from _plan_content_findings(episode, on, policy)


# --- inpatient discharges and follow-up ----------------------------------------------------


class FollowUpStatus(enum.Enum):
    """Where an inpatient discharge stands against the follow-up rule."""

    NOT_ELIGIBLE = "not-eligible"
    """Outside the measure."""
    PENDING = "pending"
    """The window is open and no counting event has happened yet."""
    MET = "met"
    """A counting event happened within the window."""
    BREACHED = "breached"
    """The window closed with no counting event."""


@attrs.frozen
class FollowUpOutcome:
    """The follow-up result for one discharge.

    Attributes:
        status: Where the discharge stands.
        rule: The rule row applied, or ``None`` when no rule is in force.
        discharge_date: The London date of the discharge (day 0).
        due: The last day on which follow-up counts, when eligible.
        met_on: The day of the first counting event, when met.
        exclusions: Why the discharge is not eligible (empty when eligible).
    """

    status: FollowUpStatus
    rule: FollowUpRuleRow | None
    discharge_date: date
    due: date | None = None
    met_on: date | None = None
    exclusions: tuple[str, ...] = ()


def _exclusions(discharge: InpatientDischarge, row: FollowUpRuleRow, day: date) -> list[str]:
    out = []
    if discharge.method is not None and EXCLUDED_DISCHARGE_METHODS.find(discharge.method, day):
        out.append("discharge method")
    if discharge.destination is not None and EXCLUDED_DESTINATIONS.find(discharge.destination, day):
        out.append("discharge destination")
    if row.acute_beds_only and ACUTE_BED_CLASSES.find(discharge.bed_class, day) is None:
        out.append("not an adult acute bed class")
    if (
        row.excludes_deaths_in_window
        and discharge.died_on is not None
        and statutory_time.days_between(day, discharge.died_on) <= row.days
    ):
        out.append("died within the follow-up window")
    if row.england_residents_only and discharge.resident_in_england is False:
        out.append("not resident in England")
    return out


def _counts(
    event: FollowUpEvent, discharge: InpatientDischarge, day: date, policy: TrustPolicy
) -> bool:
    if event.provider is not None and event.provider != discharge.responsible_provider:
        return False
    if event.kind is FollowUpEventKind.READMISSION:
        return True
    if event.kind is FollowUpEventKind.INDIRECT:
        return policy.care.follow_up_counts_indirect_activity
    return (
        event.attended
        and event.mechanism is not None
        and CONSULTATION_MECHANISMS.find(event.mechanism, day) is not None
    )


def follow_up(
    discharge: InpatientDischarge, as_of: datetime, policy: TrustPolicy | None = None
) -> FollowUpOutcome:
    """Whether follow-up after ``discharge`` is met, pending or breached as of ``as_of``.

    Counting kind: whole London calendar days, not clock hours, as NHS England counts the
    72-hour measure: an event counts when its date is strictly after the discharge date and
    at most ``days`` (3) days after it, so a contact on the discharge date does not count,
    day 3 counts and day 4 is too late. Only events at or before ``as_of`` are seen.
    """
    policy = policy or _DEFAULT_POLICY
    day = statutory_time.london_date(discharge.discharged_at)
    row = FOLLOW_UP_RULES.find(policy.care.follow_up_rule, day)
    if row is None:
        return FollowUpOutcome(
            FollowUpStatus.NOT_ELIGIBLE, None, day, exclusions=("no rule in force",)
        )
    excluded = _exclusions(discharge, row, day)
    if excluded:
        return FollowUpOutcome(FollowUpStatus.NOT_ELIGIBLE, row, day, exclusions=tuple(excluded))
    due = _beyond_calendar(statutory_time.add_days, day, row.days)
    if due is None:
        # A window that would end after the year 9999 has not closed yet.
        return FollowUpOutcome(FollowUpStatus.PENDING, row, day)
    met = [
        event_day
        for event in discharge.follow_ups
        if event.at <= as_of
        and 1
        <= statutory_time.days_between(day, event_day := statutory_time.london_date(event.at))
        <= row.days
        and _counts(event, discharge, event_day, policy)
    ]
    if met:
        return FollowUpOutcome(FollowUpStatus.MET, row, day, due=due, met_on=min(met))
    if statutory_time.london_date(as_of) <= due:
        return FollowUpOutcome(FollowUpStatus.PENDING, row, day, due=due)
    return FollowUpOutcome(FollowUpStatus.BREACHED, row, day, due=due)


def _plan_sent_findings(discharge: InpatientDischarge, as_of: datetime) -> Iterator[Finding]:
    day = statutory_time.london_date(discharge.discharged_at)
    row = DISCHARGE_COMMUNICATION.find("care-plan-sent", day)
    died = discharge.method is not None and EXCLUDED_DISCHARGE_METHODS.find(discharge.method, day)
    if row is None or died:
        return
    period = _beyond_calendar(statutory_time.hours_from, discharge.discharged_at, row.hours)
    if period is None:
        return
    sent = discharge.plan_sent_at
    if sent is not None and sent > as_of:
        sent = None  # not yet known on as_of
    late = sent is not None and sent >= period.end
    if late or (sent is None and as_of >= period.end):
        yield DISCHARGE_PLAN_NOT_SENT.finding(
            f"care plan sent more than {row.hours} hours after discharge"
            if late
            else f"care plan not sent within {row.hours} hours of discharge",
            path="$.plan_sent_at",
            subject_id=discharge.discharge_id,
            due=period.end,
            source=row.source,
        )


def discharge_audit(discharge: InpatientDischarge, ctx: CheckContext) -> Iterator[Finding]:
    """The follow-up and plan-sent findings for one inpatient discharge as of ``as_of``."""
    as_of, policy = ctx.instant, ctx.policy
    if discharge.discharged_at > as_of:
        return
    yield from _plan_sent_findings(discharge, as_of)
    outcome = follow_up(discharge, as_of, policy)
    subject = discharge.discharge_id
    if outcome.status is FollowUpStatus.NOT_ELIGIBLE or outcome.rule is None:
        yield FOLLOW_UP_NOT_ELIGIBLE.finding(
            "not eligible for follow-up: " + ", ".join(outcome.exclusions),
            path="$",
            subject_id=subject,
        )
        return
    rule = outcome.rule
    name = rule.rule.value
    if outcome.status is FollowUpStatus.MET:
        met_on = outcome.met_on or outcome.discharge_date
        day = statutory_time.days_between(outcome.discharge_date, met_on)
        yield FOLLOW_UP_MET.finding(
            f"{name} follow-up met on day {day}",
            path="$.follow_ups",
            subject_id=subject,
            due=outcome.due,
            source=rule.source,
        )
    elif outcome.status is FollowUpStatus.PENDING:
        yield FOLLOW_UP_DUE.finding(
            f"{name} follow-up due by the end of {outcome.due or 'the window'}",
            path="$.follow_ups",
            subject_id=subject,
            due=outcome.due,
            source=rule.source,
        )
    else:
        yield FOLLOW_UP_BREACHED.finding(
            f"no {name} follow-up within {rule.days} days of the discharge date",
            path="$.follow_ups",
            subject_id=subject,
            due=outcome.due,
            source=rule.source,
            severity=_capped(rule.source),
        )


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
    as_of: datetime,
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
CARE_INPATIENT_DISCHARGE: RecordKind[InpatientDischarge] = RecordKind(
    name="care-inpatient-discharge",
    domain="care",
    model=InpatientDischarge,
    description="A discharge from a psychiatric inpatient bed with the contacts, indirect "
    "activity and readmissions that may count as follow-up.",
    audit=discharge_audit,
)

RECORD_KINDS: tuple[RecordKind[Any], ...] = (CARE_EPISODE, CARE_INPATIENT_DISCHARGE)
CASELOAD_CHECKS: tuple[CaseloadCheck, ...] = (duplicate_episodes,)
