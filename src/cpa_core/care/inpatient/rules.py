"""The rules of follow-up after an inpatient discharge, as data with their sources.

The 72-hour follow-up is counted as NHS England's published analytics code computes it
([V]): which discharges are in the measure (bed classes, discharge methods and destinations)
and which contacts count (consultation mechanisms). The legacy 7-day CPA rule is a
secondary-source row a Trust may choose. The 24-hour care-plan communication on discharge
is a NICE quality standard ([V]), not law.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.care.rules import _REFOCUSED
from cpa_core.policy.care import FOLLOW_UP_72_HOURS_CODE, FollowUpRule
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "ACUTE_BED_CLASSES",
    "CONSULTATION_MECHANISMS",
    "DISCHARGE_COMMUNICATION",
    "EXCLUDED_DESTINATIONS",
    "EXCLUDED_DISCHARGE_METHODS",
    "FOLLOW_UP_RULES",
    "DischargeCommunicationRow",
    "FollowUpRow",
    "MhsdsCodeRow",
]

SEVEN_DAY_FOLLOW_UP = Source(
    title="Follow-up care for adults with mental health problems (7-day follow-up on CPA)",
    publisher="Nuffield Trust / QualityWatch",
    locator="all psychiatric inpatients regarded as on CPA; days, not hours; 95% target; "
    "publication stopped April 2021",
    url="https://www.nuffieldtrust.org.uk/resource/follow-up-care-for-adults-with-mental-"
    "health-problems",
    evidence=Evidence.SECONDARY,
    secondary_reason="a research charity's account of the retired national 7-day indicator; "
    "NHS England's own definition of it was not found on a publisher's page",
)

NICE_QS159_STATEMENT_3 = Source(
    title="Transition between inpatient mental health settings and community or care home "
    "settings (QS159)",
    publisher="NICE",
    locator="quality statement 3: care plan sent within 24 hours of discharge to everyone "
    "identified in it as involved in ongoing care",
    version="quality standard 159; added to NICE's pathway on transition between community or "
    "care home and inpatient mental health settings on 11 September 2017",
    url="https://www.nice.org.uk/guidance/QS159/chapter/quality-statement-3-communication-on-"
    "discharge",
    evidence=Evidence.VERIFIED,
    checked=date(2026, 12, 6),
)

_QS159 = date(2017, 9, 11)
_FIRST_MEASURED = date(2019, 4, 1)  # CQUIN 2019/20, first year of the 72-hour measure
_MHSDS_V5 = date(2021, 10, 1)
_MHSDS_V6 = date(2024, 4, 1)


# --- who is followed up, and by when -------------------------------------------------------


@attrs.frozen(kw_only=True)
class FollowUpRow(RuleRow):
    """How follow-up after an inpatient discharge is counted under one rule.

    Attributes:
        rule: The rule.
        days: Follow-up must happen on a day strictly after the discharge date and at most
            this many calendar days after it.
        acute_beds_only: Whether only discharges from adult acute bed classes are eligible.
        excludes_deaths_in_window: Whether a person who died within the window is not
            counted.
        england_residents_only: Whether only people resident in England (or whose
            residence is unknown) are counted.
        target_percent: The national target or ambition, for reports.
    """

    rule: FollowUpRule
    days: int
    acute_beds_only: bool
    excludes_deaths_in_window: bool
    england_residents_only: bool
    target_percent: int


FOLLOW_UP_RULES: RuleTable[FollowUpRule, FollowUpRow] = RuleTable(
    "inpatient follow-up rules",
    (
        FollowUpRow(
            rule=FollowUpRule.SEVENTY_TWO_HOURS,
            days=3,
            acute_beds_only=True,
            excludes_deaths_in_window=True,
            england_residents_only=True,
            target_percent=80,
            source=FOLLOW_UP_72_HOURS_CODE,
            effective=Effective(_FIRST_MEASURED),
        ),
        # The national 7-day measure stopped in April 2021; the row stays open so that a
        # Trust can keep the rule locally. Its national start is not in the reference: the
        # table answers from the 2008 refocusing of CPA.
        FollowUpRow(
            rule=FollowUpRule.SEVEN_DAY,
            days=7,
            acute_beds_only=False,
            excludes_deaths_in_window=False,
            england_residents_only=False,
            target_percent=95,
            source=SEVEN_DAY_FOLLOW_UP,
            effective=Effective(_REFOCUSED),
        ),
    ),
    key=lambda r: r.rule,
    description="Follow-up after inpatient discharge: the 72-hour measure (days 1 to 3 after "
    "the discharge date) and the legacy 7-day CPA rule, chosen by care.follow_up_rule. "
    "target_percent is for reports only and is secondary ([V2]) for both rows; the 7-day "
    "row's start date (19 March 2008) is an engineering choice, not a sourced fact.",
)


# --- the MHSDS codes of the measure --------------------------------------------------------


@attrs.frozen(kw_only=True)
class MhsdsCodeRow(RuleRow):
    """An MHSDS code that a follow-up table lists: an adult acute bed class (eligible), a
    discharge method or destination (excluded), or a consultation mechanism (counts).

    Attributes:
        code: The MHSDS code.
        meaning: What the code means, in general terms.
    """

    code: str
    meaning: str


def _mhsds(start: date, until: date | None, *rows: tuple[str, str]) -> tuple[MhsdsCodeRow, ...]:
    """Rows of ``(code, meaning)`` from NHS England's 72-hour code, listed on these dates."""
    return tuple(
        MhsdsCodeRow(
            code=c, meaning=m, source=FOLLOW_UP_72_HOURS_CODE, effective=Effective(start, until)
        )
        for c, m in rows
    )


def _meaning(meaning: str, *codes: str) -> tuple[tuple[str, str], ...]:
    return tuple((code, meaning) for code in codes)


_OLD_BED = "adult acute bed type (HospitalBedTypeMH)"

ACUTE_BED_CLASSES: RuleTable[str, MhsdsCodeRow] = RuleTable(
    "adult acute bed classes",
    _mhsds(_FIRST_MEASURED, _MHSDS_V6, *_meaning(_OLD_BED, "10", "11", "12", "16", "17", "18"))
    + _mhsds(
        _MHSDS_V6,
        None,
        ("200", "acute adult"),
        ("201", "acute older adult"),
        ("202", "adult psychiatric intensive care"),
        ("205", "acute unit for adults with a learning disability or autism"),
        ("212", "adult rehabilitation (mainstream)"),
        ("213", "adult rehabilitation for a learning disability or autism"),
    ),
    key=lambda r: r.code,
    description="Bed classes whose discharges count for 72-hour follow-up: "
    "MHAdmittedPatientClass from April 2024, HospitalBedTypeMH before.",
)

_DEST = "court, prison or police; other psychiatric or secure hospital; died; repatriation"

EXCLUDED_DESTINATIONS: RuleTable[str, MhsdsCodeRow] = RuleTable(
    "excluded discharge destinations",
    _mhsds(
        _FIRST_MEASURED,
        None,
        *_meaning(_DEST, "30", "37", "48", "49", "50", "53", "79", "84", "87"),
    )
    + _mhsds(_FIRST_MEASURED, _MHSDS_V5, *_meaning(_DEST, "38"))
    + _mhsds(_MHSDS_V5, None, *_meaning(_DEST, "40", "42", "89")),
    key=lambda r: r.code,
    description="Discharge destinations not eligible for follow-up (NHS general or "
    "maternity wards, 51 and 52, are eligible).",
)

EXCLUDED_DISCHARGE_METHODS: RuleTable[str, MhsdsCodeRow] = RuleTable(
    "excluded discharge methods",
    _mhsds(_FIRST_MEASURED, None, ("4", "patient died"), ("5", "stillbirth")),
    key=lambda r: r.code,
    description="Discharge methods not eligible for follow-up.",
)

CONSULTATION_MECHANISMS: RuleTable[str, MhsdsCodeRow] = RuleTable(
    "follow-up consultation mechanisms",
    _mhsds(_FIRST_MEASURED, None, ("01", "face to face"), ("02", "telephone"))
    + _mhsds(_FIRST_MEASURED, _MHSDS_V5, ("03", "telemedicine web camera"))
    + _mhsds(_FIRST_MEASURED, None, ("04", "talk type for a person unable to speak"))
    + _mhsds(_MHSDS_V5, None, ("11", "video consultation")),
    key=lambda r: r.code,
    description="Mechanisms by which an attended contact counts as follow-up; email, SMS, "
    "instant messaging and other asynchronous contact never count.",
)


# --- the care plan sent on discharge -------------------------------------------------------


@attrs.frozen(kw_only=True)
class DischargeCommunicationRow(RuleRow):
    """How soon after an inpatient discharge the care plan must reach those it names.

    Attributes:
        hours: Hours from the discharge instant (real elapsed time).
    """

    hours: int


DISCHARGE_COMMUNICATION: RuleTable[str, DischargeCommunicationRow] = RuleTable(
    "care plan sent on inpatient discharge",
    (
        DischargeCommunicationRow(
            hours=24, source=NICE_QS159_STATEMENT_3, effective=Effective(_QS159)
        ),
    ),
    key=lambda r: "care-plan-sent",
    description="A NICE quality standard (not law): the care plan is sent within 24 hours of "
    "an inpatient discharge to everyone it names as involved in ongoing care.",
)
