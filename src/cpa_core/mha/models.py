"""Mental Health Act records: one person's chain of legal status periods.

A :class:`MhaDetention` is one continuous period of liability under the Act (an ``s4``
converted to ``s2``, then ``s3``, then a CTO, …) with what happened in it: renewals,
extensions, recalls, medication, Part 4 certificates, rights information, tribunal
applications, managers' references and the s117 aftercare record. Contradictions a real
extract can contain (a renewal of an s2, a period held past its expiry) are findings of
:mod:`cpa_core.mha.checks`, not construction errors.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

import attrs

from cpa_core._time import require_aware
from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Number, Text
from cpa_core.exceptions import CpaCoreError
from cpa_core.mha.rules import Section

__all__ = [
    "Aftercare",
    "Certificate",
    "CertificateForm",
    "EndReason",
    "Extension",
    "LegalStatusPeriod",
    "MhaDetention",
    "Recall",
    "Renewal",
    "RightsGiven",
    "TribunalApplication",
]


def _aware(_instance: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    require_aware(value, attribute.name)


def _aware_or_none(
    _instance: object, attribute: attrs.Attribute[datetime | None], value: datetime | None
) -> None:
    if value is not None:
        require_aware(value, attribute.name)


class EndReason(enum.Enum):
    """Why a legal status period ended."""

    CONVERTED = "converted"
    """Replaced by the next period in the chain (s4 to s2, s2 to s3, s3 to CTO, …)."""
    EXPIRED = "expired"
    """The authority expired."""
    DISCHARGED = "discharged"
    """Discharged by the responsible clinician or the hospital managers."""
    TRIBUNAL_DISCHARGE = "tribunal-discharge"
    """Discharged by the tribunal."""
    RELEASED = "released"
    """A holding power or place-of-safety period ended after assessment."""
    REVOKED = "revoked"
    """A CTO revoked (the patient is detained again)."""
    DIED = "died"
    OTHER = "other"


class CertificateForm(enum.Enum):
    """Part 4 statutory forms (SI 2008/1184)."""

    T1 = "T1"
    T2 = "T2"
    T3 = "T3"
    T4 = "T4"
    T5 = "T5"
    T6 = "T6"


@attrs.frozen(kw_only=True)
class Renewal:
    """A renewal of the authority to detain (s20) or of a CTO (s20A).

    Attributes:
        report_on: The day the responsible clinician furnished the renewal report.
    """

    report_on: date


@attrs.frozen(kw_only=True)
class Extension:
    """An extension of a place-of-safety period (s136B).

    Attributes:
        authorised_at: When the extension was authorised.
        hours: Hours added (the catalogue's maximum is 12).
    """

    authorised_at: datetime = attrs.field(validator=_aware)
    hours: int = attrs.field(validator=Number(minimum=1, maximum=72))


@attrs.frozen(kw_only=True)
class Recall:
    """A recall of a community patient to hospital (s17E).

    Attributes:
        recalled_at: When the recall began: the instant the Trust counts the 72 hours from
            (the reference states no anchor, so this is the Trust's choice).
        released_at: When the recall ended, or ``None`` while it continues.
        revoked: Whether the CTO was revoked at the end of the recall.
    """

    recalled_at: datetime = attrs.field(validator=_aware)
    released_at: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    revoked: bool = False


@attrs.frozen(kw_only=True)
class LegalStatusPeriod:
    """One period under one section.

    Attributes:
        period_id: Identifier of the period.
        section: The section.
        start: The instant the period starts: admission, the report furnished, the nurse's
            record, arrival at the place of safety, the order made. For sections counted in
            days or months the London date of this instant is day 1.
        converted_from: ``period_id`` of the period this one replaced, if any.
        renewals: Renewals of this period's authority, in order.
        extension: A s136B extension, if any.
        recalls: Recalls to hospital (CTO only).
        end: When the period ended, or ``None`` while active.
        end_reason: Why it ended.
        legal_status_code: The MHSDS legal status code as read from the source system.
    """

    period_id: str = attrs.field(validator=_ID)
    section: Section
    start: datetime = attrs.field(validator=_aware)
    converted_from: str | None = attrs.field(default=None, validator=_ID)
    renewals: tuple[Renewal, ...] = ()
    extension: Extension | None = None
    recalls: tuple[Recall, ...] = ()
    end: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    end_reason: EndReason | None = None
    legal_status_code: str | None = attrs.field(
        default=None, validator=Text(pattern=r"^[0-9]{2}$", meaning="a two-digit code")
    )

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end.timestamp() < self.start.timestamp():
            raise CpaCoreError("legal status period ends before it starts")


@attrs.frozen(kw_only=True)
class Certificate:
    """A Part 4 certificate (T2/T3 for s58; T4 to T6 for s58A; T1 for s57).

    Attributes:
        form: The form.
        given_on: The day it was given.
        withdrawn_on: The day it stopped having effect, if it has.
    """

    form: CertificateForm
    given_on: date
    withdrawn_on: date | None = None


@attrs.frozen(kw_only=True)
class RightsGiven:
    """An attempt to give rights information (s132 / s132A).

    Attributes:
        period_id: The period (section) the information was about.
        at: When it was given.
        understood: Whether the patient appeared to understand.
        staff_id: Who gave it.
    """

    period_id: str = attrs.field(validator=_ID)
    at: datetime = attrs.field(validator=_aware)
    understood: bool
    staff_id: str | None = attrs.field(default=None, validator=_ID)


@attrs.frozen(kw_only=True)
class TribunalApplication:
    """A patient's application to the First-tier Tribunal (s66).

    Attributes:
        period_id: The period during which it was made.
        applied_on: The day it was made.
        withdrawn: Whether it was withdrawn (a withdrawn application counts as not made).
    """

    period_id: str = attrs.field(validator=_ID)
    applied_on: date
    withdrawn: bool = False


@attrs.frozen(kw_only=True)
class Aftercare:
    """The s117 aftercare record.

    Attributes:
        started_on: The day the aftercare duty was recorded as starting.
        ended_on: The day the ICB and local authority recorded it as ended, if they have.
    """

    started_on: date
    ended_on: date | None = None


@attrs.frozen(kw_only=True)
class MhaDetention:
    """One person's continuous liability under the Mental Health Act: a chain of periods.

    Attributes:
        detention_id: Identifier of the record.
        person_id: The person.
        nhs_number: The person's NHS number, if carried.
        responsible_clinician_id: ``staff_id`` of the responsible clinician.
        periods: The legal status periods, in order of start.
        medication_first_given: When medicine for mental disorder was first given in this
            period of liability (starts the s58 three months).
        certificates: Part 4 certificates.
        rights: Attempts to give rights information.
        tribunal_applications: Applications to the tribunal.
        managers_references: Days the hospital managers referred the case (s68).
        left_hospital_on: The day the person left hospital after detention ended.
        aftercare: The s117 aftercare record, if any.
    """

    detention_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    responsible_clinician_id: str | None = attrs.field(default=None, validator=_ID)
    periods: tuple[LegalStatusPeriod, ...] = attrs.field(validator=Items(min_items=1))
    medication_first_given: date | None = None
    certificates: tuple[Certificate, ...] = ()
    rights: tuple[RightsGiven, ...] = ()
    tribunal_applications: tuple[TribunalApplication, ...] = ()
    managers_references: tuple[date, ...] = ()
    left_hospital_on: date | None = None
    aftercare: Aftercare | None = None

    def period(self, period_id: str) -> LegalStatusPeriod | None:
        """The period with ``period_id``, if the chain holds one."""
        for item in self.periods:
            if item.period_id == period_id:
                return item
        return None
