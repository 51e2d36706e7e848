"""The rules of DoLS, as data: the longest periods, the six assessments, the regimes.

Deprivation of Liberty Safeguards, MCA 2005 Schedule A1 (in force from 1 April 2009); the
Liberty Protection Safeguards of the Mental Capacity (Amendment) Act 2019 are enacted but
not commenced.
"""

from __future__ import annotations

import attrs

from cpa_core.capacity.dols.models import DolsAssessmentKind, DolsType
from cpa_core.capacity.rules import _CHECKED, DOLS_IN_FORCE, NOT_COMMENCED, _mca
from cpa_core.provenance import Effective, RuleRow, RuleTable, Source

__all__ = [
    "DEPRIVATION_REGIMES",
    "DOLS_ASSESSMENTS",
    "DOLS_PERIODS",
    "DolsAssessmentRow",
    "DolsPeriodRow",
    "RegimeRow",
]

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


def _sch_a1(locator: str, paragraph: int) -> Source:
    return _mca(f"Schedule A1 {locator}", f"schedule/A1/paragraph/{paragraph}")


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
            source=_sch_a1("para 78", 78),
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
            source=_sch_a1("paras 77, 84(4), 85", 85),
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
            source=_sch_a1("paras 42(2), 51, 64", 42),
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


_SIX = _sch_a1("paras 12(1), 33(2)", 33)

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
            source=_mca(
                "Schedule A1 (in the revised text; the 2019 Act's repeal not in force)",
                "schedule/A1",
            ),
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
                "legislation.gov.uk",
                "s6(3)(b): in force on a day the Secretary of State appoints by regulations; "
                "none appointed (the revised MCA 2005 still holds Schedule A1, which its "
                "Sch 2 para 2 omits)",
                "revised text",
                "https://www.legislation.gov.uk/ukpga/2019/18/section/6",
                checked=_CHECKED,
            ),
            effective=NOT_COMMENCED,
        ),
    ),
    key=lambda r: r.code,
    description="DoLS is in force; the LPS row is enacted but not commenced.",
)
