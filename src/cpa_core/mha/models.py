"""Mental Health Act records: one person's chain of legal status periods.

A :class:`MhaDetention` is one continuous period of liability under the Act (an ``s4``
converted to ``s2``, then ``s3``, then a CTO, …) with what happened in it: renewals and
CTO extensions, s136B extensions, leave of absence (s17), absence without leave (s18), CTO
conditions and recalls, medication, Part 4 and Part 4A certificates, rights information,
tribunal applications and hearings, managers' references and the s117 aftercare record.
A CTO revoked under s17F is followed in the chain by the period of detention it restores
(``converted_from`` the CTO). Contradictions a real extract can contain (a renewal of an
s2, a period held past its expiry) are findings of :mod:`cpa_core.mha.checks`, not
construction errors.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Text
from cpa_core.mha.absence.models import Absence, Leave
from cpa_core.mha.chain.models import EndReason
from cpa_core.mha.cto.models import CtoCondition, Recall
from cpa_core.mha.expiries.models import Renewal
from cpa_core.mha.rules import Section
from cpa_core.mha.sections.models import (
    Extension,
    aware,
    aware_or_none,
    ends_after_start,
)
from cpa_core.mha.treatment.models import Certificate
from cpa_core.mha.tribunal.models import TribunalApplication

__all__ = [
    "Aftercare",
    "LegalStatusPeriod",
    "MhaDetention",
    "RightsGiven",
]


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
        renewals: Renewals of this period's authority (s20), or extensions of a CTO
            (s20A), in order.
        extension: A s136B extension, if any.
        leave: Leave of absence granted during the period (s17).
        absences: Absences without leave during the period (s18).
        conditions: The conditions of a CTO (s17B).
        recalls: Recalls to hospital (CTO only).
        end: When the period ended, or ``None`` while active.
        end_reason: Why it ended.
        legal_status_code: The MHSDS legal status code as read from the source system.
    """

    period_id: str = attrs.field(validator=_ID)
    section: Section
    start: datetime = attrs.field(validator=aware)
    converted_from: str | None = attrs.field(default=None, validator=_ID)
    renewals: tuple[Renewal, ...] = ()
    extension: Extension | None = None
    leave: tuple[Leave, ...] = ()
    absences: tuple[Absence, ...] = ()
    conditions: tuple[CtoCondition, ...] = ()
    recalls: tuple[Recall, ...] = ()
    end: datetime | None = attrs.field(default=None, validator=aware_or_none)
    end_reason: EndReason | None = None
    legal_status_code: str | None = attrs.field(
        default=None, validator=Text(pattern=r"^[0-9]{2}$", meaning="a two-digit code")
    )

    def __attrs_post_init__(self) -> None:
        ends_after_start(self.start, self.end, "legal status period")


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
    at: datetime = attrs.field(validator=aware)
    understood: bool
    staff_id: str | None = attrs.field(default=None, validator=_ID)


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
        date_of_birth: The person's date of birth, if carried: a patient under 18 is
            referred to the tribunal after one year without a hearing, not three (s68(6)).
        responsible_clinician_id: ``staff_id`` of the responsible clinician.
        periods: The legal status periods, in order of start.
        medication_first_given: When medicine for mental disorder was first given in this
            period of liability (starts the s58 three months).
        certificates: Part 4 certificates.
        rights: Attempts to give rights information.
        tribunal_applications: Applications to the tribunal.
        tribunal_hearings: Days a tribunal considered the case, on an application or a
            reference (s68(6)).
        managers_references: Days the hospital managers referred the case (s68).
        left_hospital_on: The day the person left hospital after detention ended.
        aftercare: The s117 aftercare record, if any.
    """

    detention_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date | None = None
    responsible_clinician_id: str | None = attrs.field(default=None, validator=_ID)
    periods: tuple[LegalStatusPeriod, ...] = attrs.field(validator=Items(min_items=1))
    medication_first_given: date | None = None
    certificates: tuple[Certificate, ...] = ()
    rights: tuple[RightsGiven, ...] = ()
    tribunal_applications: tuple[TribunalApplication, ...] = ()
    tribunal_hearings: tuple[date, ...] = ()
    managers_references: tuple[date, ...] = ()
    left_hospital_on: date | None = None
    aftercare: Aftercare | None = None

    def period(self, period_id: str) -> LegalStatusPeriod | None:
        """The period with ``period_id``, if the chain holds one."""
        for item in self.periods:
            if item.period_id == period_id:
                return item
        return None
