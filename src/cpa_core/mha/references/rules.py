"""The hospital managers' references to the tribunal as rules (s68).

:data:`REFERENCES` holds each duty to refer, by regime: the periods, the day they begin
with and the applications that remove the duty. :func:`reference_kind` names the duty a
period of detention carries; :data:`HOSPITAL_ORDERS` the orders Sch 1 Pt 1 para 10 modifies
s68 for.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.mha.rules import CTO_START, Regime, Section, mha_1983, mha_2025, regime_row
from cpa_core.provenance import Effective, RuleRow, RuleTable, Source

__all__ = [
    "REFERENCES",
    "ApplicableDay",
    "ReferenceKind",
    "ReferenceRow",
    "reference_rule",
]

_s = mha_1983


class ReferenceKind(enum.Enum):
    """Which of the hospital managers' duties to refer a case to the tribunal (s68)."""

    ASSESSMENT = "s68-1-a"
    """A patient admitted under an application for admission for assessment (s2, s4)."""
    TREATMENT = "s68-1-b"
    """A patient admitted under an application for admission for treatment (s3)."""
    COMMUNITY = "s68-1-c"
    """A community patient (CTO)."""
    REVOKED = "s68-1-d"
    """A patient whose CTO was revoked (s17F)."""
    LAST_CONSIDERED = "s68-6"
    """A case no tribunal has considered for a stated time."""
    REVOCATION = "s68-7"
    """The revocation of a CTO: refer as soon as possible."""


class ApplicableDay(enum.Enum):
    """The day a managers' reference period begins with (s68(5))."""

    ADMISSION = "admission"
    """The day of admission under the application (s68(5)(a), (b)(i))."""
    ORIGINAL_ADMISSION = "original-admission"
    """The day of the original admission: the s2 admission when the patient was already
    liable to be detained under it (s68(5)(b)(ii)); for a community patient or a revoked
    CTO, that of the application for treatment (s68(5)(c))."""
    ORDER_MADE = "order-made"
    """The day the CTO was made (MHA 2025: new s68(5)(c))."""
    REVOCATION = "revocation"
    """The day the CTO was revoked (s17G(5) as amended by MHA 2025, s31(2); s68(7))."""
    LAST_CONSIDERED = "last-considered"
    """The day a tribunal last considered the case (s68(6))."""


@attrs.frozen(kw_only=True)
class ReferenceRow(RuleRow):
    """One duty of the hospital managers to refer a case to the tribunal, under one regime.

    Attributes:
        kind: Which duty.
        regime: The Act whose text the row states.
        purpose: The duty in a few words.
        applicable_day: The day its period begins with.
        months: The relevant periods in months, each beginning where the previous ends: the
            managers refer on the expiry of each. Empty for "as soon as possible".
        repeats: Whether the last period repeats (MHA 2025: "each subsequent period of
            12 months").
        under_18_months: The period instead of ``months`` for a patient under 18
            (s68(6)), or ``None``.
        exempting_rights: The paragraphs of s66(1) whose application during the period
            removes the duty (s68(3)(a)).
        waits_for_pending: Whether a pending application or reference removes the duty
            (MHA 2025: new s68(6)(b)).
    """

    kind: ReferenceKind
    regime: Regime = Regime.MHA_1983
    purpose: str
    applicable_day: ApplicableDay
    months: tuple[int, ...] = ()
    repeats: bool = False
    under_18_months: int | None = None
    exempting_rights: tuple[str, ...] = ()
    waits_for_pending: bool = False


_EXEMPT_1983 = ("b", "ca", "cb", "e", "g", "h")
_EXEMPT_2025 = ("b", "ca", "cb", "e", "f", "fza", "fa", "faa", "g", "h")
_S68 = "s68(2), (3)(a), (5)"
# s68 as substituted by the Mental Health Act 2007, s37; the community-patient limbs exist
# only from 2008-11-03, when CTOs came into force, and every row is dated from then.
_S68_VERSION = "revised text, updated 2025-03-25 (s68 as substituted by the MHA 2007)"


def _s68(locator: str) -> Source:
    return _s(locator, "68", version=_S68_VERSION)


_REFERENCE_ROWS_1983 = (
    ReferenceRow(
        kind=ReferenceKind.ASSESSMENT,
        purpose="admitted for assessment: refer at six months unless a right was exercised",
        applicable_day=ApplicableDay.ADMISSION,
        months=(6,),
        exempting_rights=_EXEMPT_1983,
        source=_s68(f"s68(1)(a); {_S68}(a)"),
        effective=Effective(CTO_START),
    ),
    *(
        ReferenceRow(
            kind=kind,
            purpose=purpose,
            applicable_day=ApplicableDay.ORIGINAL_ADMISSION,
            months=(6,),
            exempting_rights=_EXEMPT_1983,
            source=_s68(f"s68(1)({limb}); {_S68}({day_limb})"),
            effective=Effective(CTO_START),
        )
        for kind, limb, day_limb, purpose in (
            (
                ReferenceKind.TREATMENT,
                "b",
                "b",
                "admitted for treatment: refer on the expiry of six months beginning with the "
                "original admission (an s2 application does not remove the duty)",
            ),
            (
                ReferenceKind.COMMUNITY,
                "c",
                "c",
                "community patient: the same six months, from the original admission",
            ),
            (
                ReferenceKind.REVOKED,
                "d",
                "c",
                "CTO revoked: the same six months, from the original admission",
            ),
        )
    ),
    ReferenceRow(
        kind=ReferenceKind.LAST_CONSIDERED,
        purpose=(
            "refer when more than three years (one year under 18) have elapsed since a "
            "tribunal last considered the case"
        ),
        applicable_day=ApplicableDay.LAST_CONSIDERED,
        months=(36,),
        under_18_months=12,
        source=_s68("s68(6)"),
        effective=Effective(CTO_START),
    ),
    ReferenceRow(
        kind=ReferenceKind.REVOCATION,
        purpose="CTO revoked: refer as soon as possible after the revocation",
        applicable_day=ApplicableDay.REVOCATION,
        source=_s68("s68(7)"),
        effective=Effective(CTO_START),
    ),
)
_S31 = "s31(4): new s68(4A)"
_REFERENCE_ROWS_2025 = (
    ReferenceRow(
        kind=ReferenceKind.ASSESSMENT,
        regime=Regime.MHA_2025,
        purpose="admitted for assessment: refer at three months",
        applicable_day=ApplicableDay.ADMISSION,
        months=(3,),
        exempting_rights=_EXEMPT_2025,
        source=mha_2025(f"{_S31}(a)", "31"),
        effective=Effective(None),
    ),
    ReferenceRow(
        kind=ReferenceKind.TREATMENT,
        regime=Regime.MHA_2025,
        purpose="admitted for treatment: refer at three months, in the 3-12 months, then yearly",
        applicable_day=ApplicableDay.ORIGINAL_ADMISSION,
        months=(3, 9, 12),
        repeats=True,
        exempting_rights=_EXEMPT_2025,
        source=mha_2025(f"{_S31}(b); s68(5)(b) unchanged", "31"),
        effective=Effective(None),
    ),
    ReferenceRow(
        kind=ReferenceKind.COMMUNITY,
        regime=Regime.MHA_2025,
        purpose="community patient: refer at six months, in the 6-12 months, then yearly",
        applicable_day=ApplicableDay.ORDER_MADE,
        months=(6, 6, 12),
        repeats=True,
        exempting_rights=_EXEMPT_2025,
        source=mha_2025(f"{_S31}(c); new s68(5)(c): the day the CTO was made", "31"),
        effective=Effective(None),
    ),
    ReferenceRow(
        kind=ReferenceKind.REVOKED,
        regime=Regime.MHA_2025,
        purpose=("CTO revoked: s68 applies as if admitted for treatment on the day of revocation"),
        applicable_day=ApplicableDay.REVOCATION,
        months=(3, 9, 12),
        repeats=True,
        exempting_rights=_EXEMPT_2025,
        source=mha_2025("s31(2): s17G(5) applies s68; s31(4)(a) omits s68(1)(d)", "31"),
        effective=Effective(None),
    ),
    ReferenceRow(
        kind=ReferenceKind.LAST_CONSIDERED,
        regime=Regime.MHA_2025,
        purpose=(
            "refer when no tribunal has considered the case within the last 12 months and "
            "no application or reference is pending"
        ),
        applicable_day=ApplicableDay.LAST_CONSIDERED,
        months=(12,),
        waits_for_pending=True,
        source=mha_2025("s31(4)(g): new s68(6)", "31"),
        effective=Effective(None),
    ),
)

REFERENCES: RuleTable[ReferenceKind, ReferenceRow] = RuleTable(
    "MHA managers' references",
    (*_REFERENCE_ROWS_1983, *_REFERENCE_ROWS_2025),
    key=lambda row: row.kind,
    description=(
        "The hospital managers' duties to refer a case to the tribunal (s68): the periods, "
        "the day they begin with, and the applications that remove the duty, by regime. "
        "MHA 2025 omits s68(7) (a revoked CTO is treated as a new admission instead)."
    ),
)
"""The managers' reference duties (s68), keyed by :class:`ReferenceKind`."""


def reference_rule(
    kind: ReferenceKind, as_of: date, *, mha2025: bool = False
) -> ReferenceRow | None:
    """The managers' reference row for ``kind`` on ``as_of``, or ``None`` if there is none.

    With ``mha2025`` the MHA 2025 row if it has one; a duty MHA 2025 omits (s68(7)) gives
    ``None``.
    """
    if mha2025:
        has_2025 = any(row.regime is Regime.MHA_2025 for row in REFERENCES.versions(kind))
        if not has_2025:
            return None
        return regime_row(REFERENCES, kind, as_of, mha2025)
    return REFERENCES.find(kind, as_of)


def reference_kind(section: Section, *, after_cto: bool) -> ReferenceKind | None:
    """The s68(1) duty a period under ``section`` carries, or ``None`` for none: admitted
    for assessment (s2, s4), for treatment (s3), a community patient, or an s3 restored by
    revoking a CTO (``after_cto``)."""
    if section in (Section.S2, Section.S4):
        return ReferenceKind.ASSESSMENT
    if section is Section.CTO:
        return ReferenceKind.COMMUNITY
    if section is Section.S3:
        return ReferenceKind.REVOKED if after_cto else ReferenceKind.TREATMENT
    return None


# Unrestricted Part 3 orders and directions with the effect of a hospital order (s40(4),
# s47(3), s48(3)): Sch 1 Pt 1 applies s68 to them with the modifications of its para 10.
HOSPITAL_ORDERS = (Section.S37, Section.S47, Section.S48)
"""Unrestricted hospital orders and transfer directions, whose references Sch 1 Pt 1
para 10 modifies."""
