"""Trust policy settings for cpa_core.care.

The vocabulary a setting needs (the care-plan sections, the follow-up rules) is defined here
rather than in :mod:`cpa_core.care`, because a policy section may only import the shared
layer; :mod:`cpa_core.care` re-exports these names.
"""

from __future__ import annotations

import enum

import attrs

from cpa_core.constraints import Duration, Items
from cpa_core.policy._settings import CPA_CORE_DEFAULT, setting
from cpa_core.provenance import Evidence, Source

__all__ = [
    "CPA_POSITION_STATEMENT",
    "FOLLOW_UP_72_HOURS_CODE",
    "LOCAL_REVIEW_DEFAULTS",
    "NMC_CODE_RECORDS",
    "RDASH_CPA_POLICY",
    "CarePolicy",
    "FollowUpRule",
    "PlanSection",
]

CPA_POSITION_STATEMENT = Source(
    title="Care Programme Approach: NHS England position statement",
    publisher="NHS England",
    locator="whole statement",
    version="v2.0, 1 March 2022 (v1 7 July 2021)",
    url="https://www.mentalhealthlaw.co.uk/NHS_England,_%27Care_Programme_Approach:"
    "_NHS_England_position_statement%27_(v2.0,_1/3/22)",
    evidence=Evidence.SECONDARY,
    secondary_reason="NHS England's statement, read in the copy Mental Health Law Online "
    "keeps; NHS England's own page for it was not found",
)
"""CMHF replaced CPA for community mental health services; a named key worker for all."""

RDASH_CPA_POLICY = Source(
    title="Care Programme Approach (CPA) policy",
    publisher="Rotherham Doncaster and South Humber NHS Foundation Trust",
    locator="whole policy (a Trust still running a local CPA policy)",
    url="https://rdash.nhs.uk/policies/care-programme-approach-cpa-policy",
    evidence=Evidence.VERIFIED,
)
"""Evidence that Trusts still run local CPA policies after the national retirement."""

FOLLOW_UP_72_HOURS_CODE = Source(
    title="Mental health monthly statistics: 72-hour follow-up (MHS78-MHS80)",
    publisher="NHS England (NHS Digital)",
    locator="NHSDigital/mental-health-monthly-statistics menh_publications/notebooks/"
    "02_72HOURS/01_Prepare/PrepViews.py; 00_common_objects/00_version_change_tables.py",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
    evidence=Evidence.SECONDARY,
    secondary_reason="NHS England publishes the measures (MHS78-MHS80) in its monthly "
    "statistics; which discharges and contacts count is stated only in its published "
    "analysis code",
)
"""How NHS England counts follow-up within 72 hours of an adult acute discharge."""

LOCAL_REVIEW_DEFAULTS = Source(
    title="cpa_core care-coordination reference, local-policy defaults",
    publisher="cpa_core",
    locator="care-coordination.md section 6: review interval 12 months [V2], "
    "Trust override e.g. 6 months [U]",
    evidence=Evidence.UNVERIFIED,
)
"""A 6-monthly review is a local Trust standard, not a national rule."""

NMC_CODE_RECORDS = Source(
    title="The Code, standard 10.1 (keep clear and accurate records)",
    publisher="Nursing and Midwifery Council",
    locator="10.1: complete records at the time or as soon as possible after an event; "
    "the 24-hour figure is a Trust standard named in a care coordinator job description",
    url="https://nipec.hscni.net/microsites/recording-care/stds-of-r-care/"
    "nmc-code-stds-relev-r-keeping/",
    evidence=Evidence.UNVERIFIED,
    secondary_reason="the NMC Code as a Northern Ireland nursing agency quotes it; the NMC's "
    "own page for standard 10.1 was not found",
)
"""NMC 10.1 says "as soon as possible"; the 24 hours is a local standard [U]."""


class PlanSection(enum.Enum):
    """A section a written care plan may be required to contain."""

    CRISIS_PLAN = "crisis-plan"
    """What to do, and whom to contact, in a crisis."""
    RISK_MANAGEMENT = "risk-management"
    """The risks identified and how they are managed (or a reference to the safety plan)."""
    CONTINGENCY_PLAN = "contingency-plan"
    """Contingency arrangements if the plan cannot be delivered (e.g. a worker is absent)."""
    OUT_OF_HOURS = "out-of-hours"
    """Out-of-hours arrangements."""
    RELAPSE_INDICATORS = "relapse-indicators"
    """Early warning signs of relapse (a relapse signature)."""
    PHYSICAL_HEALTH = "physical-health"
    """Physical health needs and monitoring."""


class FollowUpRule(enum.Enum):
    """Which rule counts follow-up after an inpatient discharge."""

    SEVENTY_TWO_HOURS = "72-hour"
    """Current national measure: adult acute beds, days 1 to 3 after the discharge date."""
    SEVEN_DAY = "7-day"
    """Historic CPA measure (national publication stopped April 2021): days 1 to 7."""


@attrs.frozen(kw_only=True)
class CarePolicy:
    """Local choices for the care coordination cycle.

    Attributes:
        review_interval_months: Months between care-plan reviews for every approach, or
            ``None`` to use the national expectation in
            :data:`cpa_core.care.rules.REVIEW_INTERVALS` (12 months). A Trust running a
            6-monthly CPA review standard sets 6.
        plan_due_days: Days after the assessment by which a care plan must be agreed, or
            ``None`` when the Trust sets no such timescale (no national one exists).
        follow_up_rule: Which rule counts follow-up after an inpatient discharge: the
            current 72-hour measure or the legacy 7-day CPA rule.
        follow_up_counts_indirect_activity: Whether an indirect activity (work about the
            person without the person) counts as follow-up. NHS England's current 72-hour
            code does not count it; the 2019/20 CQUIN did.
        max_note_delay_hours: Hours after a contact within which its progress note must be
            recorded.
        discharge_plan_required: Whether discharging a person who has a care plan needs a
            discharge plan; when true, a discharge without one is an illegal step.
        cpa_in_use: Whether the Trust still runs a local CPA policy. When false, an open CPA
            episode after the national retirement of CPA is flagged.
        plan_sections_cpa: Sections a CPA care plan must contain, or ``None`` for the
            defaults in :data:`cpa_core.care.rules.PLAN_SECTIONS`.
        plan_sections_standard: Sections a standard-care (non-CPA) plan must contain, or
            ``None`` for the defaults.
        plan_sections_cmhf: Sections a CMHF personalised care and support plan must contain,
            or ``None`` for the defaults.
    """

    review_interval_months: int | None = setting(
        None, LOCAL_REVIEW_DEFAULTS, validator=Duration(unit="months", minimum=1, maximum=36)
    )
    plan_due_days: int | None = setting(
        None, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=1, maximum=365)
    )
    follow_up_rule: FollowUpRule = setting(FollowUpRule.SEVENTY_TWO_HOURS, FOLLOW_UP_72_HOURS_CODE)
    follow_up_counts_indirect_activity: bool = setting(False, FOLLOW_UP_72_HOURS_CODE)
    max_note_delay_hours: int = setting(
        24, NMC_CODE_RECORDS, validator=Duration(unit="hours", minimum=1, maximum=24 * 14)
    )
    discharge_plan_required: bool = setting(True, CPA_CORE_DEFAULT)
    cpa_in_use: bool = setting(True, RDASH_CPA_POLICY)
    plan_sections_cpa: tuple[PlanSection, ...] | None = setting(
        None, CPA_CORE_DEFAULT, validator=Items(max_items=len(PlanSection))
    )
    plan_sections_standard: tuple[PlanSection, ...] | None = setting(
        None, CPA_CORE_DEFAULT, validator=Items(max_items=len(PlanSection))
    )
    plan_sections_cmhf: tuple[PlanSection, ...] | None = setting(
        None, CPA_CORE_DEFAULT, validator=Items(max_items=len(PlanSection))
    )
