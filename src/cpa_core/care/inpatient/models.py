"""The record of an inpatient discharge and the events after it that may count as follow-up.

An *inpatient discharge* is one discharge from a psychiatric bed, with the MHSDS codes that
decide whether it is in the follow-up measure and the contacts, indirect activity and
readmissions after it.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Text
from cpa_core.policy.care import FollowUpRule

__all__ = ["FollowUpEvent", "FollowUpEventKind", "FollowUpRule", "InpatientDischarge"]

_ODS = Text(pattern=r"^[A-Z0-9]{3,5}$", meaning="an ODS organisation code")
_TWO_DIGITS = Text(pattern=r"^[0-9]{2}$", meaning="a two-digit code")


class FollowUpEventKind(enum.Enum):
    """What kind of activity after an inpatient discharge an event is."""

    CONTACT = "contact"
    """A care contact with the person (MHSDS MHS201CareContact)."""
    INDIRECT = "indirect"
    """Indirect activity about the person (MHSDS MHS204IndirectActivity)."""
    READMISSION = "readmission"
    """A new hospital provider spell."""


@attrs.frozen(kw_only=True)
class FollowUpEvent:
    """An activity after an inpatient discharge that may count as follow-up.

    Attributes:
        at: When it happened.
        kind: A care contact, indirect activity or a readmission.
        attended: For a contact, whether the person attended (MHSDS attendance 5 or 6).
        mechanism: For a contact, the MHSDS consultation mechanism code (``01`` face to
            face, ``02`` telephone, ``11`` video, ...).
        provider: The ODS code of the organisation that carried it out, when known.
    """

    at: datetime
    kind: FollowUpEventKind = FollowUpEventKind.CONTACT
    attended: bool = True
    mechanism: str | None = attrs.field(default=None, validator=_TWO_DIGITS)
    provider: str | None = attrs.field(default=None, validator=_ODS)


@attrs.frozen(kw_only=True)
class InpatientDischarge:
    """A discharge from a psychiatric inpatient bed and the events after it.

    Attributes:
        discharge_id: The discharge's own id (e.g. the hospital spell id).
        person_id: The person's id.
        nhs_number: The person's NHS number, when the extract carries it.
        episode_id: The community care episode the person returns to, if known.
        provider: ODS code of the discharging provider.
        onward_provider: ODS code of the provider an onward referral was made to during the
            stay, which then becomes responsible for follow-up; ``None`` if none.
        discharged_at: When the person was discharged.
        bed_class: The bed class of the last ward stay: MHSDS ``MHAdmittedPatientClass``
            (3 digits, from April 2024) or ``HospitalBedTypeMH`` (2 digits, before).
        method: MHSDS discharge method code, when recorded.
        destination: MHSDS discharge destination code, when recorded.
        died_on: The day the person died, when known.
        resident_in_england: Whether the person lives in England; ``None`` when unknown.
        follow_ups: Contacts, indirect activity and readmissions after discharge.
        plan_sent_at: When the care plan was sent to everyone it names as involved in the
            person's ongoing care; ``None`` if not (yet) sent.
    """

    discharge_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    episode_id: str | None = attrs.field(default=None, validator=_ID)
    provider: str = attrs.field(validator=_ODS)
    onward_provider: str | None = attrs.field(default=None, validator=_ODS)
    discharged_at: datetime
    bed_class: str = attrs.field(
        validator=Text(pattern=r"^[0-9]{2,3}$", meaning="a two- or three-digit bed code")
    )
    method: str | None = attrs.field(
        default=None, validator=Text(pattern=r"^[0-9]$", meaning="a one-digit code")
    )
    destination: str | None = attrs.field(default=None, validator=_TWO_DIGITS)
    died_on: date | None = None
    resident_in_england: bool | None = None
    follow_ups: tuple[FollowUpEvent, ...] = attrs.field(default=(), validator=Items(max_items=500))
    plan_sent_at: datetime | None = None

    @property
    def responsible_provider(self) -> str:
        """The provider that must follow up: the onward provider if a referral was made."""
        return self.onward_provider or self.provider
