"""Records to evaluate for retention: the record, its reuse and its appraisal.

Legal holds are a sub-area: :mod:`cpa_core.retention.holds.models`.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Text
from cpa_core.exceptions import CpaCoreError

__all__ = [
    "Appraisal",
    "AppraisalOutcome",
    "RecordClass",
    "RetentionRecord",
    "UsePeriod",
]

_TAG = Text(
    min_length=1,
    max_length=64,
    pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
    meaning="lower-case words joined by '-'",
)
_TAGS = Items(max_items=50, each=_TAG)


class RecordClass(enum.Enum):
    """The schedule row a record falls under (Records Management Code, Appendix II).

    CPA documentation, care plans, consent forms, safeguarding records, Mental Health Act
    papers and learning disability records have no row of their own: they follow the record
    they are part of (``mental-health``, ``adult-health``, ``children``).
    """

    MENTAL_HEALTH = "mental-health"
    """Mental health records (including psychology)."""
    ADULT_HEALTH = "adult-health"
    """Adult health records not covered elsewhere."""
    ADULT_SOCIAL_CARE = "adult-social-care"
    """Adult social care records."""
    CHILDREN = "children"
    """Children's records."""
    MATERNITY = "maternity"
    """Obstetric and maternity records (ante- and postnatal)."""
    GP = "gp"
    """GP records."""
    SERIOUS_INCIDENT = "serious-incident"
    """Serious incidents."""
    INCIDENT = "incident"
    """Incidents (not serious)."""
    COMPLAINT = "complaint"
    """Complaints case files."""
    FOI_REQUEST = "foi-request"
    """Freedom of Information requests."""
    LITIGATION = "litigation"
    """Litigation records."""
    SUBJECT_ACCESS_REQUEST = "subject-access-request"
    """Subject access requests."""
    STAFF_RECORD = "staff-record"
    """Staff records (personnel files)."""
    STAFF_RECORD_SUMMARY = "staff-record-summary"
    """Staff record summaries."""
    TRAINING_CLINICAL = "training-clinical"
    """Staff training records: clinical."""
    TRAINING_STATUTORY = "training-statutory"
    """Staff training records: statutory and mandatory."""
    TRAINING_OTHER = "training-other"
    """Staff training records: other."""
    CLINICAL_AUDIT = "clinical-audit"
    """Clinical audit."""
    DESTRUCTION_CERTIFICATE = "destruction-certificate"
    """Destruction certificates and metadata stubs."""
    DUTY_ROSTER = "duty-roster"
    """Duty rosters."""
    TIMESHEET = "timesheet"
    """Timesheets."""
    OCCUPATIONAL_HEALTH = "occupational-health"
    """Occupational health records of staff under health surveillance."""
    CLINICAL_DIARY = "clinical-diary"
    """Clinical diaries."""
    ACCIDENT_FORM = "accident-form"
    """Accident forms."""
    TELEPHONY_RECORDING = "telephony-recording"
    """Telephony recordings."""
    CONTROLLED_DRUGS_REGISTER = "controlled-drugs-register"
    """Controlled drugs registers."""
    PALS = "pals"
    """Patient Advice and Liaison Service records."""
    RISK_REGISTER = "risk-register"
    """Risk registers."""


class AppraisalOutcome(enum.Enum):
    """What an appraisal decided (Records Management Code, minimum period reached)."""

    DESTROY = "destroy"
    """Destroy or delete the record."""
    RETAIN = "retain"
    """Keep the record for a further period, with a documented justification."""
    PERMANENT = "permanent"
    """Keep the record permanently."""
    TRANSFER_TO_POD = "transfer-to-pod"
    """Transfer the record to a Place of Deposit."""


@attrs.frozen(kw_only=True)
class UsePeriod:
    """A time a closed record came back into use (the retention clock restarts).

    Attributes:
        reopened: The day the record came back into use.
        closed: The day it ceased to be operational again, or ``None`` while still in use.
    """

    reopened: date
    closed: date | None = None

    def __attrs_post_init__(self) -> None:
        if self.closed is not None and self.closed < self.reopened:
            raise CpaCoreError("use period: 'closed' must not be before 'reopened'")


@attrs.frozen(kw_only=True)
class Appraisal:
    """The recorded appraisal a disposal decision requires (no automatic destruction).

    Attributes:
        appraised_on: The day the appraisal was made.
        staff_id: Who made it.
        outcome: What was decided.
        retain_until: For ``retain``: the day by which the record is appraised again.
        approval_ref: Reference of the approving board or committee decision.
    """

    appraised_on: date
    staff_id: str = attrs.field(validator=_ID)
    outcome: AppraisalOutcome
    retain_until: date | None = None
    approval_ref: str | None = attrs.field(default=None, validator=Text(max_length=100))


@attrs.frozen(kw_only=True)
class RetentionRecord:
    """A record (or record set) whose retention is evaluated.

    Only the dates a row needs have to be present; the decision says which one is missing.

    Attributes:
        record_id: The record's own identifier.
        record_class: The schedule row it falls under.
        person_id: The person the record is about, when it is a care record.
        staff_id: The member of staff it is about, when it is a staff record.
        nhs_number: The person's NHS number, when the extract carries it.
        date_of_birth: The subject's date of birth (birthday limbs).
        opened: The first day the record covers (for holds scoped by date range).
        last_contact: Support ended or the person was last seen; the record ceased to be
            operational.
        died: The subject's date of death.
        left_employment: The day a member of staff left.
        incident: The date of the incident.
        closed: The day the case (complaint, request, litigation) was closed.
        created: The day the record was created.
        completed: The day the training or audit was completed.
        last_entry: The day of the last entry (registers, accident books).
        records_destroyed: For a destruction certificate: when the records it documents
            were destroyed.
        appealed: An FOI or subject access request went to appeal.
        summary_made: A staff-record summary has been made.
        reuse: Times the record came back into use after it closed.
        subject_matter: Tags used by holds, e.g. ``covid-19``, ``child-protection``.
        holds: Ids of holds placed on this record explicitly.
        appraisal: The latest recorded appraisal, if any.
        destroyed_on: The day the record was destroyed, if it has been.
    """

    record_id: str = attrs.field(validator=_ID)
    record_class: RecordClass
    person_id: str | None = attrs.field(default=None, validator=_ID)
    staff_id: str | None = attrs.field(default=None, validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    date_of_birth: date | None = None
    opened: date | None = None
    last_contact: date | None = None
    died: date | None = None
    left_employment: date | None = None
    incident: date | None = None
    closed: date | None = None
    created: date | None = None
    completed: date | None = None
    last_entry: date | None = None
    records_destroyed: date | None = None
    appealed: bool = False
    summary_made: bool = False
    reuse: tuple[UsePeriod, ...] = attrs.field(default=(), validator=Items(max_items=100))
    subject_matter: tuple[str, ...] = attrs.field(default=(), validator=_TAGS)
    holds: tuple[str, ...] = attrs.field(default=(), validator=_TAGS)
    appraisal: Appraisal | None = None
    destroyed_on: date | None = None
