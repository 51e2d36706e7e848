"""The records of decisions a person makes in advance: LPAs and advance decisions (ADRTs)."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.capacity.models import _CODE, _TEXT, _ordered
from cpa_core.constraints import IDENTIFIER, Items, NhsNumber

__all__ = ["AdvanceDecision", "LastingPowerOfAttorney", "LpaType"]


class LpaType(enum.Enum):
    """The two kinds of lasting power of attorney."""

    HEALTH_AND_WELFARE = "health-and-welfare"
    """Health and welfare: decisions about the donor's health care and welfare, usable only while
    the donor lacks capacity (MCA 2005 s11(7))."""
    PROPERTY_AND_FINANCIAL_AFFAIRS = "property-and-financial-affairs"
    """Property and financial affairs: decisions about the donor's property and money."""


@attrs.frozen(kw_only=True)
class LastingPowerOfAttorney:
    """A lasting power of attorney (MCA 2005 ss9–14).

    Attributes:
        lpa_id: The record's own identifier.
        person_id: The donor.
        nhs_number: The donor's NHS number, when the record carries it.
        donor_date_of_birth: The donor's date of birth (the donor must be 18 or over).
        lpa_type: Health and welfare, or property and financial affairs.
        made_on: When the donor executed the instrument.
        donor_had_capacity: Whether the donor had capacity to make it.
        registered_on: When the Office of the Public Guardian registered it, if it has.
        life_sustaining_authority: The instrument expressly gives authority over
            life-sustaining treatment (s11(8)).
        attorney_ids: The attorneys, by the Trust's identifiers for them.
        excluded_treatments: Trust treatment codes the instrument excludes from the
            attorneys' authority.
        revoked_on: When it was revoked or ceased, if it was.
    """

    lpa_id: str = attrs.field(validator=IDENTIFIER)
    person_id: str = attrs.field(validator=IDENTIFIER)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    donor_date_of_birth: date
    lpa_type: LpaType
    made_on: date
    donor_had_capacity: bool
    registered_on: date | None = None
    life_sustaining_authority: bool = False
    attorney_ids: tuple[str, ...] = attrs.field(validator=Items(min_items=1, each=IDENTIFIER))
    excluded_treatments: tuple[str, ...] = attrs.field(default=(), validator=Items(each=_CODE))
    revoked_on: date | None = None

    def __attrs_post_init__(self) -> None:
        _ordered(self.made_on, self.revoked_on, "revoked_on must not be before made_on")


@attrs.frozen(kw_only=True)
class AdvanceDecision:
    """An advance decision to refuse treatment (MCA 2005 ss24–26).

    Attributes:
        adrt_id: The record's own identifier.
        person_id: The person who made it.
        nhs_number: The person's NHS number, when the record carries it.
        date_of_birth: The person's date of birth (they must have been 18 or over).
        made_on: When it was made.
        had_capacity_when_made: Whether the person had capacity to make it.
        treatments_refused: Trust treatment codes of the treatments refused.
        circumstances: The circumstances in which the refusal applies, as the person put
            them.
        life_sustaining: Whether it refuses life-sustaining treatment.
        in_writing: Whether it is in writing.
        signed: Signed by the person, or by another in their presence and by their
            direction.
        witnessed: The signature was made or acknowledged in the presence of a witness who
            signed it in the person's presence.
        states_even_if_life_at_risk: It states that it applies even if life is at risk.
        withdrawn_on: When the person withdrew it, if they did.
        inconsistent_conduct: The person has done something clearly inconsistent with it
            remaining their fixed decision (s25(2)(c)).
    """

    adrt_id: str = attrs.field(validator=IDENTIFIER)
    person_id: str = attrs.field(validator=IDENTIFIER)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date
    made_on: date
    had_capacity_when_made: bool
    treatments_refused: tuple[str, ...] = attrs.field(validator=Items(min_items=1, each=_CODE))
    circumstances: str | None = attrs.field(default=None, validator=_TEXT)
    life_sustaining: bool = False
    in_writing: bool
    signed: bool = False
    witnessed: bool = False
    states_even_if_life_at_risk: bool = False
    withdrawn_on: date | None = None
    inconsistent_conduct: bool = False

    def __attrs_post_init__(self) -> None:
        _ordered(self.made_on, self.withdrawn_on, "withdrawn_on must not be before made_on")
