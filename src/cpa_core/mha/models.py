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

import enum
from datetime import date, datetime

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Number, Text
from cpa_core.exceptions import CpaCoreError
from cpa_core.mha.rules import Section
from cpa_core.statutory_time import require_aware

__all__ = [
    "Absence",
    "Aftercare",
    "Certificate",
    "CertificateForm",
    "ConditionKind",
    "CtoCondition",
    "EndReason",
    "Extension",
    "Leave",
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
    """The patient died."""
    OTHER = "other"
    """Another reason."""


class CertificateForm(enum.Enum):
    """Part 4 and Part 4A statutory forms (SI 2008/1184)."""

    T1 = "T1"
    """s57 certificate (psychosurgery, surgical hormone implants)."""
    T2 = "T2"
    """s58(3)(a) certificate by the approved clinician or a SOAD: a capable patient consents to
    medication."""
    T3 = "T3"
    """s58(3)(b) certificate by a SOAD: medication is appropriate although the patient is incapable
    or refuses."""
    T4 = "T4"
    """s58A certificate by the approved clinician or a SOAD: a capable patient of 18 or over
    consents to ECT."""
    T5 = "T5"
    """s58A certificate by a SOAD: a capable patient under 18 consents to ECT."""
    T6 = "T6"
    """s58A certificate by a SOAD: ECT for a patient who is incapable of consenting."""
    CTO11 = "CTO11"
    """Part 4A certificate by a second-opinion doctor (reg 28(1))."""
    CTO12 = "CTO12"
    """Part 4A certificate where a capable community patient consents (reg 28(1A), added by
    SI 2012/1118)."""


def _ends_after_start(start: datetime, end: datetime | None, what: str) -> None:
    if end is not None and end.timestamp() < start.timestamp():
        raise CpaCoreError(f"{what} ends before it starts")


@attrs.frozen(kw_only=True)
class Renewal:
    """A renewal of the authority to detain (s20) or an extension of a CTO (s20A).

    Attributes:
        report_on: The day the responsible clinician furnished the renewal report.
        amhp_agreed_on: For a CTO extension: the day an approved mental health
            professional stated in writing that the conditions are met and the extension
            appropriate (s20A(4)(b), (8)). ``None`` when not recorded.
    """

    report_on: date
    amhp_agreed_on: date | None = None


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
    """A recall of a community patient to hospital (s17E) and how it ended (s17F).

    Attributes:
        recalled_at: When the recall notice was served on the patient (s17E(5)).
        detained_at: When the patient's detention in hospital by virtue of the notice began:
            the 72 hours of s17F(8) run from here (the notice's service when the patient
            was already in hospital). ``None`` while the patient has not arrived.
        released_at: When the patient was released (s17F(5), (6)), or ``None``.
        revoked: Whether the CTO was revoked (s17F(4)); the chain then continues with the
            restored detention, ``converted_from`` the CTO period.
        amhp_agreed_on: For a revocation: the day an approved mental health professional
            stated in writing that they agree and that revocation is appropriate
            (s17F(4)(b)). ``None`` when not recorded.
    """

    recalled_at: datetime = attrs.field(validator=_aware)
    detained_at: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    released_at: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    revoked: bool = False
    amhp_agreed_on: date | None = None


@attrs.frozen(kw_only=True)
class Leave:
    """Leave of absence from hospital granted by the responsible clinician (s17).

    Attributes:
        start: When the leave begins.
        end: When it ends, extensions included; ``None`` for leave granted indefinitely.
        cto_considered_on: The day the responsible clinician considered whether the patient
            should instead be placed on a CTO, as s17(2A) requires before longer-term leave
            (more than seven consecutive days, or indefinite). ``None`` when not recorded.
        conditions: The conditions of the leave, as short texts (s17(1)); never shown in
            findings.
    """

    start: datetime = attrs.field(validator=_aware)
    end: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    cto_considered_on: date | None = None
    conditions: tuple[str, ...] = attrs.field(
        default=(), validator=Items(max_items=20, each=Text(min_length=1, max_length=200))
    )

    def __attrs_post_init__(self) -> None:
        _ends_after_start(self.start, self.end, "leave")


@attrs.frozen(kw_only=True)
class Absence:
    """An absence without leave (s18): absconding, failing to return, or not returning on
    recall.

    Attributes:
        started_at: When the absence without leave began; its London day is "the first day
            of his absence without leave" (s18(4), s21A(1), s21B(1)).
        returned_at: When the patient was returned or returned themself, or ``None`` while
            still absent.
        taken_into_custody: Whether the patient was taken into custody under s18 (rather
            than returning themself); both end the absence the same way (s21(2)(a), (b)).
        report_on: For a return after more than 28 days: the day the responsible clinician
            furnished the s21B report after examining the patient. ``None`` when none.
    """

    started_at: datetime = attrs.field(validator=_aware)
    returned_at: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    taken_into_custody: bool = False
    report_on: date | None = None

    def __attrs_post_init__(self) -> None:
        _ends_after_start(self.started_at, self.returned_at, "absence without leave")


class ConditionKind(enum.Enum):
    """Which kind of condition a CTO specifies (s17B)."""

    EXAMINATION_S20A = "s17b-3-a"
    """The mandatory condition to make themself available for examination under s20A
    (s17B(3)(a))."""
    EXAMINATION_PART4A = "s17b-3-b"
    """The mandatory condition to make themself available for examination for a Part 4A
    certificate (s17B(3)(b))."""
    DISCRETIONARY = "s17b-2"
    """Any other condition the responsible clinician, with the AMHP's agreement, thinks
    necessary (s17B(2))."""


@attrs.frozen(kw_only=True)
class CtoCondition:
    """A condition specified in a community treatment order (s17B).

    Attributes:
        kind: Which kind of condition.
        specified_on: The day it was specified (in the order, or by variation, s17B(4)).
        suspended_on: The day the responsible clinician suspended it (s17B(5)), if so.
        description: A short description of a discretionary condition; never shown in
            findings.
    """

    kind: ConditionKind
    specified_on: date
    suspended_on: date | None = None
    description: str | None = attrs.field(
        default=None, validator=Text(min_length=1, max_length=200)
    )


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
    start: datetime = attrs.field(validator=_aware)
    converted_from: str | None = attrs.field(default=None, validator=_ID)
    renewals: tuple[Renewal, ...] = ()
    extension: Extension | None = None
    leave: tuple[Leave, ...] = ()
    absences: tuple[Absence, ...] = ()
    conditions: tuple[CtoCondition, ...] = ()
    recalls: tuple[Recall, ...] = ()
    end: datetime | None = attrs.field(default=None, validator=_aware_or_none)
    end_reason: EndReason | None = None
    legal_status_code: str | None = attrs.field(
        default=None, validator=Text(pattern=r"^[0-9]{2}$", meaning="a two-digit code")
    )

    def __attrs_post_init__(self) -> None:
        _ends_after_start(self.start, self.end, "legal status period")


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
