"""The rules of consent, as data: what makes consent informed, and the Caldicott principles.

How consent works for children and young people (Gillick competence, the Fraser guidelines,
16–17-year-olds) is in :data:`~cpa_core.capacity.rules.CHILDREN`, beside the age gates it
shares with the rest of the area.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.capacity.consent.models import InformationElement
from cpa_core.provenance import Effective, RuleRow, RuleTable, Source

__all__ = [
    "CALDICOTT_PRINCIPLES",
    "VALID_CONSENT",
    "CaldicottPrincipleRow",
    "InformationRow",
]

_CONSENT_URL = (
    "https://uhliverpool.nhs.uk/luhft-staff/legal-knowledge-centre/training/informed-consent"
)
_CALDICOTT_URL = (
    "https://www.gov.uk/government/news/"
    "why-caldicott-principles-and-caldicott-guardians-are-still-relevant-in-2020"
)


@attrs.frozen(kw_only=True)
class InformationRow(RuleRow):
    """One element of the information needed for informed consent.

    Attributes:
        element: The element's code.
        statement: What the person must be told.
    """

    element: InformationElement
    statement: str


_CONSENT = Source(
    "Informed consent",
    "Liverpool University Hospitals NHS FT",
    "legal knowledge centre",
    "",
    _CONSENT_URL,
)

VALID_CONSENT: RuleTable[InformationElement, InformationRow] = RuleTable(
    "Informed consent elements",
    tuple(
        # Common law: in force since a date no source states.
        InformationRow(
            element=element,
            statement=statement,
            source=_CONSENT,
            effective=Effective.unknown_start(),
        )
        for element, statement in (
            (InformationElement.NATURE, "The nature of what is proposed."),
            (InformationElement.BENEFITS, "Its benefits."),
            (InformationElement.RISKS, "Its risks."),
            (InformationElement.ALTERNATIVES, "Reasonable alternatives."),
            (
                InformationElement.CONSEQUENCES_OF_NOT_PROCEEDING,
                "The consequences of doing nothing.",
            ),
        )
    ),
    key=lambda r: r.element,
    description="Consent to treatment is valid when voluntary, informed of these, and given "
    "with capacity.",
)


@attrs.frozen(kw_only=True)
class CaldicottPrincipleRow(RuleRow):
    """One of the Caldicott principles.

    Attributes:
        number: The principle's number, 1 to 8.
        statement: The principle, in short.
    """

    number: int
    statement: str


_CALDICOTT = Source(
    "The Caldicott Principles",
    "National Data Guardian (gov.uk)",
    "principles 1–8",
    "8 December 2020",
    _CALDICOTT_URL,
)
_CALDICOTT_2020 = Effective(date(2020, 12, 8))

CALDICOTT_PRINCIPLES: RuleTable[int, CaldicottPrincipleRow] = RuleTable(
    "Caldicott principles",
    tuple(
        CaldicottPrincipleRow(number=n, statement=s, source=_CALDICOTT, effective=_CALDICOTT_2020)
        for n, s in enumerate(
            (
                "Justify the purpose for using confidential information.",
                "Use confidential information only when it is necessary.",
                "Use the minimum necessary confidential information.",
                "Access should be on a strict need-to-know basis.",
                "Everyone must understand their responsibilities.",
                "Comply with the law.",
                "The duty to share information for individual care is as important as "
                "the duty to protect patient confidentiality.",
                "Inform patients and service users about how their confidential information "
                "is used (no surprises).",
            ),
            start=1,
        )
    ),
    key=lambda r: r.number,
    description="The eight Caldicott principles as revised by the National Data Guardian.",
)
