"""The rules of DoLS, as data: the longest periods, the six assessments, the regimes.

Deprivation of Liberty Safeguards, MCA 2005 Schedule A1 (in force from 1 April 2009); the
Liberty Protection Safeguards of the Mental Capacity (Amendment) Act 2019 are enacted but
not commenced.
"""

from __future__ import annotations

import attrs

from cpa_core.capacity.dols.models import DolsAssessmentKind, DolsType
from cpa_core.capacity.rules import _MCA, DOLS_IN_FORCE, NOT_COMMENCED, _host
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "DEPRIVATION_REGIMES",
    "DOLS_ASSESSMENTS",
    "DOLS_PERIODS",
    "DolsAssessmentRow",
    "DolsPeriodRow",
    "RegimeRow",
]

_DOLS_PERIOD_URL = "https://mca-adults.trixonline.co.uk/chapter/requesting-a-standard-authorisation"
_MB_URL = "https://beta.bailii.org/ew/cases/EWCOP/2010/2508.html"
_SIX_URL = (
    "https://www.ammarksman.com/what-qualifications-do-i-need-to-be-a-best-interest-assessor/"
)
_COP_URL = (
    "https://researchinpractice.org.uk/all/news-views/2023/may/"
    "liberty-protection-safeguards-implementation-indefinitely-delayed"
)
_LPS_URL = (
    "https://www.mentalcapacitylawandpolicy.org.uk/liberty-protection-safeguards-newsflash-"
    "implementation-delayed-beyond-the-life-of-this-parliament/"
)
_LPS_DRAFT_URL = (
    "https://www.bevanbrittan.com/insights/articles/2025/"
    "a-resurrection-of-the-liberty-protection-safeguards"
)


@attrs.frozen(kw_only=True)
class DolsPeriodRow:
    """The longest a DoLS authorisation (or extension) may last.

    Attributes:
        authorisation: The authorisation it limits (an extension limits an urgent one).
        code: ``urgent``, ``extension`` or ``standard``.
        maximum: The longest period, in ``unit``.
        unit: ``days`` or ``months``.
        counting: How the period is counted (see :mod:`cpa_core.statutory_time`).
        statement: What the rule says.
        source: Where it comes from.
        effective: When it is in force.
        times: How many times it may be given for one authorisation (an extension: once,
            para 77).
    """

    authorisation: DolsType
    code: str
    maximum: int
    unit: str
    counting: str
    statement: str
    source: Source
    effective: Effective
    times: int = 1


def _sch_a1(locator: str, url: str = _DOLS_PERIOD_URL) -> Source:
    return Source(_MCA, _host(url), f"Schedule A1 {locator}", "", url)


DOLS_PERIODS: RuleTable[str, DolsPeriodRow] = RuleTable(
    "DoLS authorisation periods",
    (
        DolsPeriodRow(
            authorisation=DolsType.URGENT,
            code="urgent",
            maximum=7,
            unit="days",
            counting="days beginning with the day given (stated end, capped)",
            statement="The managing authority sets the period; it must not exceed 7 days.",
            source=_sch_a1("para 78", _MB_URL),
            effective=DOLS_IN_FORCE,
        ),
        DolsPeriodRow(
            authorisation=DolsType.URGENT,
            code="extension",
            maximum=7,
            unit="days",
            counting="days after the urgent authorisation's last day (stated end, capped)",
            statement="The supervisory body may extend an urgent authorisation once, for up "
            "to 7 days.",
            source=_sch_a1("paras 77, 84(4), 85"),
            effective=DOLS_IN_FORCE,
        ),
        DolsPeriodRow(
            authorisation=DolsType.STANDARD,
            code="standard",
            maximum=12,
            unit="months",
            counting="months beginning with the day it comes into force",
            statement="At most the shorter of the best-interests assessor's stated maximum "
            "and 1 year.",
            source=_sch_a1("paras 42(2), 51, 64"),
            effective=DOLS_IN_FORCE,
        ),
    ),
    key=lambda r: r.code,
    description="How long DoLS urgent and standard authorisations may last.",
)


@attrs.frozen(kw_only=True)
class DolsAssessmentRow(RuleRow):
    """One of the six standard-authorisation assessments.

    Attributes:
        assessment: The assessment's code.
    """

    assessment: DolsAssessmentKind


_SIX = Source(_MCA, "A M Marksman", "Schedule A1 Part 3", "", _SIX_URL, Evidence.SECONDARY)

DOLS_ASSESSMENTS: RuleTable[DolsAssessmentKind, DolsAssessmentRow] = RuleTable(
    "DoLS assessments",
    tuple(
        DolsAssessmentRow(assessment=k, source=_SIX, effective=DOLS_IN_FORCE)
        for k in DolsAssessmentKind
    ),
    key=lambda r: r.assessment,
    description="The six assessments a standard authorisation needs.",
)


@attrs.frozen(kw_only=True)
class RegimeRow(RuleRow):
    """A legal regime for authorising deprivation of liberty in care.

    Attributes:
        code: ``dols`` or ``lps``.
        minimum_age: Age from which it applies.
        settings: Where it applies.
        statement: What it is.
    """

    code: str
    minimum_age: int
    settings: str
    statement: str


DEPRIVATION_REGIMES: RuleTable[str, RegimeRow] = RuleTable(
    "Deprivation of liberty regimes",
    (
        RegimeRow(
            code="dols",
            minimum_age=18,
            settings="hospitals and care homes (elsewhere: Court of Protection)",
            statement="Deprivation of Liberty Safeguards, MCA 2005 Schedule A1: the live regime.",
            source=Source(_MCA, "Research in Practice", "Schedule A1", "May 2023", _COP_URL),
            effective=DOLS_IN_FORCE,
        ),
        RegimeRow(
            code="lps",
            minimum_age=16,
            settings="all settings",
            statement="Liberty Protection Safeguards (Mental Capacity (Amendment) Act 2019): "
            "no part commenced; consultation announced for the first half of 2026. As "
            "drafted: 16+, all settings, renewals 1 year then up to 3 years [V2: Bevan "
            f"Brittan, 2025, {_LPS_DRAFT_URL}].",
            source=Source(
                "Mental Capacity (Amendment) Act 2019",
                "Mental Capacity Law and Policy",
                "commencement",
                "5 April 2023",
                _LPS_URL,
            ),
            effective=NOT_COMMENCED,
        ),
    ),
    key=lambda r: r.code,
    description="DoLS is in force; the LPS row is enacted but not commenced.",
)
