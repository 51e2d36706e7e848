"""The approval rules as data: AMHP approval and BIA eligibility, and who may hold them.

Every row carries its :class:`~cpa_core.provenance.Source` (the AMHP approval regulations,
SI 2008/1206, and the DoLS assessors' regulations, SI 2008/1858, on legislation.gov.uk) and
its :class:`~cpa_core.provenance.Effective` range: both sets of regulations came into force
on 3 November 2008.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.competency.approvals.models import ApprovalKind
from cpa_core.competency.registration.models import Profession
from cpa_core.provenance import Effective, RuleRow, RuleTable, Source

__all__ = [
    "APPROVAL_PROFESSIONS",
    "APPROVAL_RULES",
    "ApprovalProfessionRow",
    "ApprovalRow",
]

AMHP_FROM = Effective(date(2008, 11, 3))
"""The AMHP approval regulations (SI 2008/1206) came into force on 3 November 2008."""
BIA_FROM = Effective(date(2008, 11, 3))
"""The DoLS assessors' regulations (SI 2008/1858, reg 1(1)) came into force on 3 November
2008."""

# --- sources (titles, locators and URLs from ../shared/reference/competency.md) -------------


_CHECKED = date(2026, 12, 6)
_AMHP_REGS = (
    "The Mental Health (Approved Mental Health Professionals) (Approval) (England) Regulations 2008"
)
_AMHP_URL = "https://www.legislation.gov.uk/uksi/2008/1206"
_DOLS_REGS = (
    "The Mental Capacity (Deprivation of Liberty: Standard Authorisations, Assessments and "
    "Ordinary Residence) Regulations 2008"
)
_DOLS_URL = "https://www.legislation.gov.uk/uksi/2008/1858"


def _amhp_regs(locator: str) -> Source:
    return Source(
        title=_AMHP_REGS,
        publisher="legislation.gov.uk",
        locator=locator,
        version="SI 2008/1206, made 28 April 2008; in force 3 November 2008",
        url=_AMHP_URL,
        checked=_CHECKED,
    )


AMHP_SI = _amhp_regs("reg 3: approval by a local social services authority")
AMHP_PERIOD = _amhp_regs("reg 4: approval for a period of five years")
AMHP_TRAINING = _amhp_regs(
    "reg 5(a): at least 18 hours of training a year agreed with the approving LSSA"
)
AMHP_END = _amhp_regs("reg 7: end of approval, at the end of the period or earlier")
AMHP_PROFESSIONS = _amhp_regs(
    "Schedule 1: social worker, first level nurse in mental health or learning disabilities "
    "nursing, occupational therapist, chartered psychologist; not doctors"
)
BIA_REGS = Source(
    title=_DOLS_REGS,
    publisher="legislation.gov.uk",
    locator="reg 5: professions, 2 years' post-registration experience, approved training, "
    "further training in the 12 months before selection, not suspended; reg 12: not "
    "involved in the person's care",
    version="SI 2008/1858, made 9 July 2008; in force 3 November 2008",
    url=_DOLS_URL,
    checked=_CHECKED,
)

# --- approval rules --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ApprovalRow(RuleRow):
    """A rule of AMHP or BIA approval.

    Attributes:
        kind: AMHP or BIA.
        code: The rule's code.
        description: What the rule says.
        months: A period in months, where the rule has one.
        hours: A number of hours, where the rule has one.
    """

    kind: ApprovalKind
    code: str
    description: str
    months: int | None = None
    hours: float | None = None


def _amhp(
    code: str,
    description: str,
    source: Source,
    months: int | None = None,
    hours: float | None = None,
) -> ApprovalRow:
    return ApprovalRow(
        kind=ApprovalKind.AMHP,
        code=code,
        description=description,
        months=months,
        hours=hours,
        source=source,
        effective=AMHP_FROM,
    )


def _bia(code: str, description: str, months: int | None = None) -> ApprovalRow:
    return ApprovalRow(
        kind=ApprovalKind.BIA,
        code=code,
        description=description,
        months=months,
        source=BIA_REGS,
        effective=BIA_FROM,
    )


APPROVAL_RULES: RuleTable[tuple[ApprovalKind, str], ApprovalRow] = RuleTable(
    "competency approval rules",
    (
        _amhp("APPROVER", "approved by a local social services authority", AMHP_SI),
        _amhp("PERIOD", "approval lasts 5 years", AMHP_PERIOD, months=60),
        _amhp(
            "ANNUAL-TRAINING",
            "at least 18 hours of training a year agreed with the LSSA",
            AMHP_TRAINING,
            months=12,
            hours=18,
        ),
        _amhp(
            "EARLY-END",
            "approval ends early if the AMHP asks in writing, the LSSA is no longer "
            "satisfied of their competence, or they no longer meet a professional "
            "requirement, breach a condition or are approved by another LSSA",
            AMHP_END,
        ),
        _bia("POST-REGISTRATION", "at least 2 years' post-registration experience", months=24),
        _bia("INITIAL-TRAINING", "has completed approved BIA training"),
        _bia(
            "REFRESHER",
            "after the first 12 months, further relevant training in the 12 months before "
            "selection",
            months=12,
        ),
        _bia("NOT-SUSPENDED", "registration not suspended"),
        _bia("NOT-INVOLVED", "must not be involved in the person's care"),
    ),
    key=lambda r: (r.kind, r.code),
    description="AMHP approval and BIA eligibility rules.",
)

# --- professions -----------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ApprovalProfessionRow(RuleRow):
    """A profession that may hold an approval.

    Attributes:
        kind: AMHP or BIA.
        profession: The profession.
        condition: Any condition on the profession (e.g. a practising certificate).
    """

    kind: ApprovalKind
    profession: Profession
    condition: str = ""


def _may_hold(
    kind: ApprovalKind,
    source: Source,
    effective: Effective,
    professions: tuple[tuple[Profession, str], ...],
) -> tuple[ApprovalProfessionRow, ...]:
    return tuple(
        ApprovalProfessionRow(
            kind=kind,
            profession=profession,
            condition=condition,
            source=source,
            effective=effective,
        )
        for profession, condition in professions
    )


APPROVAL_PROFESSIONS: RuleTable[tuple[ApprovalKind, Profession], ApprovalProfessionRow] = RuleTable(
    "competency approval professions",
    (
        *_may_hold(
            ApprovalKind.AMHP,
            AMHP_PROFESSIONS,
            AMHP_FROM,
            (
                (Profession.SOCIAL_WORKER, ""),
                (Profession.MENTAL_HEALTH_NURSE, ""),
                (Profession.LEARNING_DISABILITY_NURSE, ""),
                (Profession.OCCUPATIONAL_THERAPIST, ""),
                (Profession.PRACTITIONER_PSYCHOLOGIST, "chartered psychologist"),
            ),
        ),
        *_may_hold(
            ApprovalKind.BIA,
            BIA_REGS,
            BIA_FROM,
            (
                (Profession.SOCIAL_WORKER, ""),
                (Profession.MENTAL_HEALTH_NURSE, "first-level nurse"),
                (Profession.LEARNING_DISABILITY_NURSE, "first-level nurse"),
                (Profession.ADULT_NURSE, "first-level nurse"),
                (Profession.OCCUPATIONAL_THERAPIST, ""),
                (Profession.PRACTITIONER_PSYCHOLOGIST, "chartered, with a practising certificate"),
            ),
        ),
    ),
    key=lambda r: (r.kind, r.profession),
    description="Professions that may be approved as AMHP (not doctors) or act as BIA "
    "(an AMHP of any profession may also act as BIA).",
)
