"""The approval rules as data: AMHP approval and BIA eligibility, and who may hold them.

Every row carries its :class:`~cpa_core.provenance.Source` (copied from the shared domain
reference, ``competency.md`` §2) and its :class:`~cpa_core.provenance.Effective` range; the
BIA rows' start is not stated (:meth:`~cpa_core.provenance.Effective.unknown_start`).
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.competency.approvals.models import ApprovalKind
from cpa_core.competency.registration.models import Profession
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "APPROVAL_PROFESSIONS",
    "APPROVAL_RULES",
    "ApprovalProfessionRow",
    "ApprovalRow",
]

_UNKNOWN_START = Effective.unknown_start()
AMHP_FROM = Effective(date(2008, 11, 3))
"""The AMHP approval regulations (SI 2008/1206) came into force on 3 November 2008."""

# --- sources (titles, locators and URLs from ../shared/reference/competency.md) -------------


def _legislation(
    title: str, locator: str, version: str, url: str, evidence: Evidence = Evidence.VERIFIED
) -> Source:
    return Source(
        title=title,
        publisher="legislation.gov.uk",
        locator=locator,
        version=version,
        url=url,
        evidence=evidence,
    )


def _halsbury(topic: str, locator: str, page: str) -> Source:
    return Source(
        title=f"Halsbury's Laws of England: {topic}",
        publisher="LexisNexis",
        locator=locator,
        url="https://www.lexisnexis.co.uk/legal/commentary/halsburys-laws-of-england/"
        f"mental-health-capacity/{page}",
    )


AMHP_SI = _legislation(
    "The Mental Health (Approved Mental Health Professionals) (Approval) (England) "
    "Regulations 2008",
    "SI 2008/1206",
    "made; in force 3 November 2008",
    "https://legislation.gov.uk/uksi/2008/1206/body/made",
)
AMHP_PERIOD = _legislation(
    "The Mental Health (Approval of Persons to be Approved Mental Health Professionals) "
    "(Wales) Regulations 2008",
    "reg 4: approval for 5 years (English reg 4 inferred from the Welsh)",
    "SI 2008/2436 (W.209), made",
    "http://www.legislation.gov.uk/wsi/2008/2436/body/made",
    Evidence.SECONDARY,
)
AMHP_END = _legislation(
    "The Mental Health (Approval of Persons to be AMHPs) (Wales) Regulations 2008",
    "reg 5: end of approval (English reg 5 the same, graded V2)",
    "",
    "http://www.legislation.gov.uk/wsi/2008/2436/regulation/5/made",
    Evidence.SECONDARY,
)
AMHP_PROFESSIONS = _halsbury(
    "AMHP professional requirements",
    "social worker, MH or LD nurse, OT, chartered psychologist; not doctors",
    "professional-requirements",
)
BIA_REGS = _halsbury(
    "eligibility to carry out a best interests assessment "
    "(DoLS Standard Authorisations ... Regulations 2008, reg 5)",
    "reg 5: professions, 2 years post-registration, training, annual refresher",
    "eligibility-to-carry-out-a-best-interests-assessment",
)
AMHP_TRAINING = Source(
    title="AMHP re-approval and relevant training",
    publisher="The Critical AMHP",
    locator="at least 18 hours a year of training agreed with the LSSA",
    url="https://the-critical-amhp.com/blog/amhp-reapproval-and-relevant-training-a-tokenistic-tick-box-exercise-or-an-opportunity-for-critical-and-radical-engagement",
    evidence=Evidence.SECONDARY,
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
        effective=_UNKNOWN_START,
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
            "approval ends early if the AMHP stops acting for the LSSA, breaches a condition, "
            "loses competence, stops meeting professional requirements, is approved by "
            "another LSSA or asks in writing",
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
            _UNKNOWN_START,
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
