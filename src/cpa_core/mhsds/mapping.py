"""The MHSDS mapping as data: tables read, field by field mappings, code lists, what MHSDS
does not carry, and which facts each check needs.

Every row carries the :class:`~cpa_core.provenance.Source` that names the table or field
(NHS England's published code first), so the Interoperability page renders these tables
straight from here. Paths use ``[]`` for "every item of a list": ``$.plans[].agreed_on``.

Effective dates: MHSDS v6 is submitted for data from April 2024 (UniqMonthID 1489); rows
that describe v6 start then. Rows that read a field name used before v6 (``AttendOrDNACode``,
``HospitalBedTypeMH``, ``HospProvSpellNum``) end in April 2024 and are dated from v5 (October
2021), the earliest version this mapping describes; the reader accepts either name whichever
month an extract covers.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.mhsds._sources import (
    ACTIVITY_PREP,
    AWT_PREP,
    CMH_DASHBOARD,
    CPA_REVIEWS,
    DB_MHS001,
    DB_MHS101_MHS501,
    DB_MHS401_MHS701,
    FOLLOW_UP_72H,
    MAPPING_DECISION,
    MHA_PREP,
    MHSDS_ASSESSMENTS,
    MHSDS_HEADER,
    V6_VALID_CODES,
    ncl,
)
from cpa_core.provenance import Effective, RuleTable, Source

__all__ = [
    "ASSESSMENT_MAPPINGS",
    "ATTENDANCE",
    "CARE_PLAN_TYPES",
    "CHECK_NEEDS",
    "CTO_END_REASONS",
    "DETENTION_MAPPINGS",
    "DISCHARGE_MAPPINGS",
    "EPISODE_MAPPINGS",
    "FIELD_MAPPINGS",
    "KINDS",
    "KINDS_NOT_CARRIED",
    "MAPPED_KINDS",
    "NOT_CARRIED",
    "TABLES",
    "V6",
    "AttendanceRow",
    "CarePlanTypeRow",
    "CheckNeeds",
    "CtoEndReasonRow",
    "FieldMapping",
    "KindNotCarried",
    "MhsdsTable",
    "NotCarried",
    "Read",
    "mappings_for",
    "needs_of",
]

V6 = Effective(date(2024, 4, 1))
"""MHSDS v6: data from April 2024."""

_V5 = Effective(date(2021, 10, 1), date(2024, 4, 1))
_LEGACY = Effective(date(2021, 10, 1), date(2024, 4, 1))

CARE_EPISODE = "care-episode"
DISCHARGE = "care-inpatient-discharge"
DETENTION = "mha-detention"
ASSESSMENT = "cluster-assessment"

MAPPED_KINDS: tuple[str, ...] = (CARE_EPISODE, DISCHARGE, DETENTION, ASSESSMENT)
"""The record kinds built from an MHSDS extract, in the order they are built."""


# --- tables --------------------------------------------------------------------------------


@attrs.frozen
class MhsdsTable:
    """One MHSDS table the reader reads.

    Attributes:
        name: The table's name, which is also the file's name (``MHS101Referral.csv``).
        aliases: Other names the same table has had (read as this table).
        key: The field that identifies a row, or empty when rows hang off a parent.
        parent: The field that joins a row to its parent table, or empty.
        feeds: The record kinds it feeds.
        status: Which MHSDS versions carry it.
        source: Where the table name is published.
        effective: When the table is in MHSDS.
    """

    name: str
    aliases: tuple[str, ...]
    key: str
    parent: str
    feeds: tuple[str, ...]
    status: str
    source: Source
    effective: Effective


def _table(
    name: str,
    key: str,
    parent: str,
    feeds: tuple[str, ...],
    *,
    source: Source = MHSDS_HEADER,
    status: str = "v6",
    aliases: tuple[str, ...] = (),
    effective: Effective = V6,
) -> MhsdsTable:
    return MhsdsTable(name, aliases, key, parent, feeds, status, source, effective)


_ALL = MAPPED_KINDS

TABLES: RuleTable[str, MhsdsTable] = RuleTable(
    "MHSDS tables read",
    (
        _table("MHS000Header", "", "", (DISCHARGE,), source=FOLLOW_UP_72H),
        _table("MHS001MPI", "LocalPatientId", "", _ALL, source=DB_MHS001),
        _table("MHS006MHCareCoord", "", "LocalPatientId", (CARE_EPISODE,)),
        _table("MHS008CarePlanType", "CarePlanID", "LocalPatientId", (CARE_EPISODE,)),
        _table("MHS009CarePlanAgreement", "", "CarePlanID", (CARE_EPISODE,)),
        _table("MHS101Referral", "ServiceRequestId", "LocalPatientId", _ALL),
        _table(
            "MHS102ServiceTypeReferredTo",
            "",
            "ServiceRequestId",
            (CARE_EPISODE,),
            aliases=("MHS102OtherServiceType",),
            status="v6 (named MHS102OtherServiceType in NHS England's v6 model)",
        ),
        _table("MHS105OnwardReferral", "", "ServiceRequestId", (DISCHARGE,)),
        _table("MHS201CareContact", "CareContactId", "ServiceRequestId", (DISCHARGE, ASSESSMENT)),
        _table("MHS202CareActivity", "CareActId", "CareContactId", (ASSESSMENT,)),
        _table("MHS204IndirectActivity", "", "ServiceRequestId", (DISCHARGE,)),
        _table(
            "MHS401MHActPeriod", "MHActLegalStatusClassPeriodId", "LocalPatientId", (DETENTION,)
        ),
        _table(
            "MHS402RespClinicianAssignment",
            "",
            "MHActLegalStatusClassPeriodId",
            (DETENTION,),
            aliases=("MHS402RespClinicianAssignPeriod",),
            status="v6 (MHS402RespClinicianAssignPeriod in NHS England's data quality code)",
        ),
        _table("MHS404CommTreatOrder", "", "MHActLegalStatusClassPeriodId", (DETENTION,)),
        _table("MHS405CommTreatOrderRecall", "", "MHActLegalStatusClassPeriodId", (DETENTION,)),
        _table(
            "MHS501HospProvSpell", "HospProvSpellID", "ServiceRequestId", (DISCHARGE, DETENTION)
        ),
        _table("MHS502WardStay", "WardStayId", "HospProvSpellID", (DISCHARGE, DETENTION)),
        _table("MHS510LeaveOfAbsence", "", "WardStayId", (DETENTION,)),
        _table("MHS511AbsenceWithoutLeave", "", "WardStayId", (DETENTION,)),
        _table("MHS606CodedScoreAssessmentRefer", "", "ServiceRequestId", (ASSESSMENT,)),
        _table(
            "MHS607CodedScoreAssessmentAct",
            "",
            "CareActId",
            (ASSESSMENT,),
            aliases=("MHS607CodedScoreAssessmentCont",),
            status="v6 (…Cont in some v6 outputs)",
        ),
        _table(
            "MHS701CPACareEpisode",
            "CPAEpisodeId",
            "LocalPatientId",
            (CARE_EPISODE,),
            source=DB_MHS401_MHS701,
            status="v5 and earlier (CPA measures dropped at v6; read when present)",
            effective=_LEGACY,
        ),
        _table(
            "MHS702CPAReview",
            "",
            "CPAEpisodeId",
            (CARE_EPISODE,),
            status="v5 and earlier (read when present)",
            effective=_LEGACY,
        ),
    ),
    key=lambda row: row.name,
    description="The MHSDS tables cpa_core reads, one file per table named by the table: "
    "their identifying field, the field that joins them to their parent, and the record "
    "kinds they feed.",
)
"""The tables read, by name."""


# --- field mappings ------------------------------------------------------------------------


class Read(enum.Enum):
    """How a field's text becomes a value."""

    TEXT = "text"
    """Copied as text (identifiers and codes)."""
    DATE = "date"
    """An ISO 8601 date, ``YYYY-MM-DD``."""
    INSTANT = "date and time"
    """A date field and a time field, read as London wall-clock time."""
    TIMESTAMP = "timestamp"
    """An ISO 8601 date-time; one without an offset is London wall-clock time."""
    CODE = "code list"
    """A code translated through one of the code lists below."""
    DERIVED = "derived"
    """Worked out from several rows; the rule says how."""


@attrs.frozen
class FieldMapping:
    """Where one field of a record kind comes from in MHSDS.

    Attributes:
        kind: The record kind.
        path: The field in the record, ``$.periods[].start``.
        table: The MHSDS table.
        fields: The MHSDS fields read: one field, a date and its time, the names one field has
            had in different versions (the first present is read), or none when the rule
            derives the value from which table a row is in.
        read: How the text becomes a value.
        rule: What is done, in words.
        source: Where the table and fields are published.
        effective: When the MHSDS fields are in force.
    """

    kind: str
    path: str
    table: str
    fields: tuple[str, ...]
    read: Read
    rule: str
    source: Source
    effective: Effective = V6


_Spec = (
    tuple[str, str, str, "Read", str, Source] | tuple[str, str, str, "Read", str, Source, Effective]
)


def _rows(kind: str, *specs: _Spec) -> tuple[FieldMapping, ...]:
    """Mapping rows of one kind from ``(path, table, fields, read, rule, source[, effective])``
    tuples; ``fields`` is space-separated."""
    out = []
    for spec in specs:
        path, table, fields, read, rule, source = spec[:6]
        effective = spec[6] if len(spec) == 7 else V6
        out.append(
            FieldMapping(kind, path, table, tuple(fields.split()), read, rule, source, effective)
        )
    return tuple(out)


_T, _D, _I, _S, _C, _X = Read.TEXT, Read.DATE, Read.INSTANT, Read.TIMESTAMP, Read.CODE, Read.DERIVED

_EPISODE_ROWS = _rows(
    CARE_EPISODE,
    (
        "$.episode_id",
        "MHS101Referral",
        "ServiceRequestId",
        _T,
        "the referral's identifier; a referral with a hospital spell builds an inpatient "
        "discharge instead",
        DB_MHS101_MHS501,
    ),
    ("$.person_id", "MHS101Referral", "LocalPatientId", _T, "copied", DB_MHS101_MHS501),
    ("$.nhs_number", "MHS001MPI", "NHSNumber", _T, "joined on LocalPatientId", DB_MHS001),
    (
        "$.team",
        "MHS102ServiceTypeReferredTo",
        "CareProfTeamLocalId",
        _T,
        "the first row for the referral (joined on ServiceRequestId)",
        ncl("MHS102ServiceTypeReferredTo"),
    ),
    (
        "$.approach",
        "MHS701CPACareEpisode",
        "StartDateCPA EndDateCPA",
        _X,
        "cpa when a CPA episode of the person covers the referral; otherwise the Trust's "
        "non-CPA approach (MhsdsOptions.non_cpa_approach), reported on the record",
        DB_MHS401_MHS701,
        _LEGACY,
    ),
    (
        "$.referral.referral_id",
        "MHS101Referral",
        "ServiceRequestId",
        _T,
        "copied",
        DB_MHS101_MHS501,
    ),
    (
        "$.referral.received_on",
        "MHS101Referral",
        "ReferralRequestReceivedDate",
        _D,
        "copied",
        DB_MHS101_MHS501,
    ),
    (
        "$.coordinators[].staff_id",
        "MHS006MHCareCoord",
        "CareProfLocalId",
        _T,
        "each assignment belongs to the person's latest referral received on or before it "
        "starts (MHS006 carries no referral)",
        ncl("MHS006MHCareCoord"),
    ),
    (
        "$.coordinators[].role",
        "MHS701CPACareEpisode",
        "",
        _X,
        "the named worker of the episode's approach (cpa_core.care APPROACHES)",
        MAPPING_DECISION,
    ),
    (
        "$.coordinators[].start",
        "MHS006MHCareCoord",
        "StartDateAssCareCoord",
        _D,
        "copied",
        AWT_PREP,
    ),
    (
        "$.coordinators[].end",
        "MHS006MHCareCoord",
        "EndDateAssCareCoord",
        _D,
        "copied",
        AWT_PREP,
    ),
    (
        "$.plans[].version",
        "MHS008CarePlanType",
        "CarePlanCreatDate",
        _X,
        "care plans of type 10, numbered 1, 2, ... by creation date within the episode",
        CMH_DASHBOARD,
    ),
    (
        "$.plans[].written_on",
        "MHS008CarePlanType",
        "CarePlanCreatDate",
        _D,
        "type 10 plans; each belongs to the person's latest referral received on or before "
        "it was created",
        CMH_DASHBOARD,
    ),
    (
        "$.plans[].sections",
        "MHS008CarePlanType",
        "CarePlanTypeMH",
        _C,
        "crisis-plan when a type 12 plan was created the same day in the same episode",
        CMH_DASHBOARD,
    ),
    (
        "$.plans[].agreed_on",
        "MHS009CarePlanAgreement",
        "CarePlanContentAgreedDate",
        _D,
        "the earliest agreement, joined on CarePlanID",
        CMH_DASHBOARD,
    ),
    (
        "$.reviews[].on",
        "MHS702CPAReview",
        "CPAReviewDate",
        _D,
        "CPA episodes only; each review belongs to the person's latest referral received on "
        "or before it",
        CPA_REVIEWS,
        _LEGACY,
    ),
    ("$.discharge.on", "MHS101Referral", "ServDischDate", _D, "copied", DB_MHS101_MHS501),
    (
        "$.discharge.discharge_plan",
        "MHS101Referral",
        "DischPlanCreationDate",
        _X,
        "true when a discharge plan was created",
        DB_MHS101_MHS501,
    ),
)

_DISCHARGE_ROWS = _rows(
    DISCHARGE,
    (
        "$.discharge_id",
        "MHS501HospProvSpell",
        "HospProvSpellID",
        _T,
        "copied; spells with a discharge date only",
        DB_MHS101_MHS501,
    ),
    (
        "$.discharge_id",
        "MHS501HospProvSpell",
        "HospProvSpellNum",
        _T,
        "the older name of the spell's identifier, read when HospProvSpellID is absent",
        ncl("MHS501HospProvSpell"),
        _V5,
    ),
    (
        "$.person_id",
        "MHS101Referral",
        "LocalPatientId",
        _T,
        "the spell's referral (ServiceRequestId)",
        DB_MHS101_MHS501,
    ),
    ("$.nhs_number", "MHS001MPI", "NHSNumber", _T, "joined on LocalPatientId", DB_MHS001),
    (
        "$.episode_id",
        "MHS101Referral",
        "ServiceRequestId",
        _X,
        "the person's care episode open on the discharge date, if any",
        MAPPING_DECISION,
    ),
    (
        "$.provider",
        "MHS000Header",
        "OrgIDProvider",
        _T,
        "the submitting provider (a row's own OrgIDProv when the extract carries one)",
        FOLLOW_UP_72H,
    ),
    (
        "$.onward_provider",
        "MHS105OnwardReferral",
        "OrgIDReceiving",
        _T,
        "an onward referral made during the spell to another provider; its first three "
        "characters unless it starts with 8, as NHS England reads it",
        FOLLOW_UP_72H,
    ),
    (
        "$.discharged_at",
        "MHS501HospProvSpell",
        "DischDateHospProvSpell DischTimeHospProvSpell",
        _I,
        "copied",
        DB_MHS101_MHS501,
    ),
    (
        "$.bed_class",
        "MHS502WardStay",
        "MHAdmittedPatientClass",
        _T,
        "the last ward stay of the spell (v6 admitted patient class)",
        V6_VALID_CODES,
    ),
    (
        "$.bed_class",
        "MHS502WardStay",
        "HospitalBedTypeMH",
        _T,
        "the last ward stay of the spell (v5 bed type, before April 2024)",
        V6_VALID_CODES,
        _V5,
    ),
    ("$.method", "MHS501HospProvSpell", "MethOfDischMHHospProvSpell", _T, "copied", FOLLOW_UP_72H),
    (
        "$.destination",
        "MHS501HospProvSpell",
        "DestOfDischHospProvSpell",
        _T,
        "copied",
        FOLLOW_UP_72H,
    ),
    ("$.died_on", "MHS001MPI", "PersDeathDate", _D, "joined on LocalPatientId", FOLLOW_UP_72H),
    (
        "$.follow_ups[].at",
        "MHS201CareContact",
        "CareContDate CareContTime",
        _I,
        "the person's contacts after the discharge, up to the longest follow-up window",
        ACTIVITY_PREP,
    ),
    (
        "$.follow_ups[].attended",
        "MHS201CareContact",
        "AttendStatus",
        _C,
        "attendance codes 5 and 6 are attended",
        FOLLOW_UP_72H,
    ),
    (
        "$.follow_ups[].attended",
        "MHS201CareContact",
        "AttendOrDNACode",
        _C,
        "attendance codes 5 and 6 are attended (v5 name)",
        CMH_DASHBOARD,
        _V5,
    ),
    (
        "$.follow_ups[].mechanism",
        "MHS201CareContact",
        "ConsMechanismMH",
        _T,
        "copied",
        FOLLOW_UP_72H,
    ),
    (
        "$.follow_ups[].kind",
        "MHS201CareContact",
        "",
        _X,
        "contact for MHS201 rows, indirect for MHS204, readmission for a later MHS501 spell",
        FOLLOW_UP_72H,
    ),
    (
        "$.follow_ups[].provider",
        "MHS000Header",
        "OrgIDProvider",
        _T,
        "the submitting provider (a row's own OrgIDProv when the extract carries one)",
        FOLLOW_UP_72H,
    ),
    (
        "$.follow_ups[].at",
        "MHS204IndirectActivity",
        "IndirectActDate IndirectActTime",
        _I,
        "indirect activity after the discharge",
        ACTIVITY_PREP,
    ),
    (
        "$.follow_ups[].at",
        "MHS501HospProvSpell",
        "StartDateHospProvSpell StartTimeHospProvSpell",
        _I,
        "a readmission: a later spell of the person",
        DB_MHS101_MHS501,
    ),
)

_DETENTION_ROWS = _rows(
    DETENTION,
    (
        "$.detention_id",
        "MHS401MHActPeriod",
        "MHActLegalStatusClassPeriodId",
        _X,
        "the first period of a chain of periods that follow each other without a gap",
        MAPPING_DECISION,
    ),
    ("$.person_id", "MHS401MHActPeriod", "LocalPatientId", _T, "copied", DB_MHS401_MHS701),
    ("$.nhs_number", "MHS001MPI", "NHSNumber", _T, "joined on LocalPatientId", DB_MHS001),
    (
        "$.responsible_clinician_id",
        "MHS402RespClinicianAssignment",
        "CareProfLocalId",
        _T,
        "the assignment of the chain's last period that is open or ended last",
        ncl("MHS402RespClinicianAssignment"),
    ),
    (
        "$.periods[].period_id",
        "MHS401MHActPeriod",
        "MHActLegalStatusClassPeriodId",
        _T,
        "copied",
        DB_MHS401_MHS701,
    ),
    (
        "$.periods[].section",
        "MHS401MHActPeriod",
        "LegalStatusCode",
        _C,
        "through cpa_core.mha LEGAL_STATUS_CODES; s17a when a CTO (MHS404) starts with the period",
        DB_MHS401_MHS701,
    ),
    (
        "$.periods[].legal_status_code",
        "MHS401MHActPeriod",
        "LegalStatusCode",
        _T,
        "copied (a CTO carries the code of the section it follows)",
        DB_MHS401_MHS701,
    ),
    (
        "$.periods[].start",
        "MHS401MHActPeriod",
        "StartDateMHActLegalStatusClass StartTimeMHActLegalStatusClass",
        _I,
        "copied",
        DB_MHS401_MHS701,
    ),
    (
        "$.periods[].end",
        "MHS401MHActPeriod",
        "EndDateMHActLegalStatusClass EndTimeMHActLegalStatusClass",
        _I,
        "copied",
        DB_MHS401_MHS701,
    ),
    (
        "$.periods[].converted_from",
        "MHS401MHActPeriod",
        "MHActLegalStatusClassPeriodId",
        _X,
        "the period that ended at the instant this one started",
        MAPPING_DECISION,
    ),
    (
        "$.periods[].end_reason",
        "MHS404CommTreatOrder",
        "CommTreatOrdEndReason",
        _C,
        "revoked for end reason 02; converted when the next period starts as this ends",
        MHA_PREP,
    ),
    (
        "$.periods[].section",
        "MHS404CommTreatOrder",
        "StartDateCommTreatOrd",
        _X,
        "a CTO starting after its MHS401 period started splits that period",
        MHA_PREP,
    ),
    (
        "$.periods[].recalls[].detained_at",
        "MHS405CommTreatOrderRecall",
        "StartDateCommTreatOrdRecall StartTimeCommTreatOrdRecall",
        _I,
        "the start of the recall in hospital",
        ncl("MHS405CommTreatOrderRecall"),
    ),
    (
        "$.periods[].recalls[].released_at",
        "MHS405CommTreatOrderRecall",
        "EndDateCommTreatOrdRecall EndTimeCommTreatOrdRecall",
        _I,
        "the end of a recall that did not revoke the CTO",
        ncl("MHS405CommTreatOrderRecall"),
    ),
    (
        "$.periods[].recalls[].revoked",
        "MHS404CommTreatOrder",
        "CommTreatOrdEndReason EndDateCommTreatOrd",
        _X,
        "true for the recall that ends as a CTO ends with end reason 02",
        MHA_PREP,
    ),
    (
        "$.periods[].leave[].start",
        "MHS510LeaveOfAbsence",
        "StartDateMHLeaveAbs StartTimeMHLeaveAbs",
        _I,
        "the person's leave (through ward stay, spell and referral) that starts within the period",
        ncl("MHS510LeaveOfAbsence"),
    ),
    (
        "$.periods[].leave[].end",
        "MHS510LeaveOfAbsence",
        "EndDateMHLeaveAbs EndTimeMHLeaveAbs",
        _I,
        "copied",
        ncl("MHS510LeaveOfAbsence"),
    ),
    (
        "$.periods[].absences[].started_at",
        "MHS511AbsenceWithoutLeave",
        "StartDateMHAbsWOLeave StartTimeMHAbsWOLeave",
        _I,
        "the person's absences that start within the period",
        ncl("MHS511AbsenceWithoutLeave"),
    ),
    (
        "$.periods[].absences[].returned_at",
        "MHS511AbsenceWithoutLeave",
        "EndDateMHAbsWOLeave EndTimeMHAbsWOLeave",
        _I,
        "copied",
        ncl("MHS511AbsenceWithoutLeave"),
    ),
)

_ASSESSMENT_ROWS = _rows(
    ASSESSMENT,
    (
        "$.assessment_id",
        "MHS607CodedScoreAssessmentAct",
        "CareActId",
        _T,
        "the care activity the scores were recorded in",
        ncl("MHS607CodedScoreAssessmentAct"),
    ),
    (
        "$.assessment_id",
        "MHS606CodedScoreAssessmentRefer",
        "ServiceRequestId AssToolCompTimestamp",
        _X,
        "the referral and completion time, joined by a hyphen",
        MAPPING_DECISION,
    ),
    (
        "$.person_id",
        "MHS101Referral",
        "LocalPatientId",
        _T,
        "through the contact (MHS201) or the referral",
        DB_MHS101_MHS501,
    ),
    ("$.nhs_number", "MHS001MPI", "NHSNumber", _T, "joined on LocalPatientId", DB_MHS001),
    (
        "$.staff_id",
        "MHS202CareActivity",
        "CareProfLocalId",
        _T,
        "for scores recorded in a care activity",
        ncl("MHS202CareActivity"),
    ),
    (
        "$.staff_id",
        "MHS606CodedScoreAssessmentRefer",
        "CareProfLocalId",
        _T,
        "for scores recorded against the referral",
        ncl("MHS606CodedScoreAssessmentRefer"),
    ),
    (
        "$.assessed_on",
        "MHS201CareContact",
        "CareContDate",
        _D,
        "the date of the contact the activity belongs to",
        MHSDS_ASSESSMENTS,
    ),
    (
        "$.assessed_on",
        "MHS606CodedScoreAssessmentRefer",
        "AssToolCompTimestamp",
        _S,
        "its London date",
        MHSDS_ASSESSMENTS,
    ),
    (
        "$.scale",
        "MHS607CodedScoreAssessmentAct",
        "CodedAssToolType",
        _C,
        "HoNOS or HoNOS 65+ from the SNOMED CT item codes (cpa_core.clustering "
        "HONOS_SNOMED); other tools are not read",
        MHSDS_ASSESSMENTS,
    ),
    (
        "$.ratings[].item",
        "MHS607CodedScoreAssessmentAct",
        "CodedAssToolType",
        _C,
        "the item of the SNOMED CT code",
        MHSDS_ASSESSMENTS,
    ),
    (
        "$.ratings[].rating",
        "MHS607CodedScoreAssessmentAct",
        "PersScore",
        _T,
        "0 to 4, or 9 for not known",
        MHSDS_ASSESSMENTS,
    ),
)

FIELD_MAPPINGS: RuleTable[tuple[str, str, str, tuple[str, ...]], FieldMapping] = RuleTable(
    "MHSDS field mappings",
    (*_EPISODE_ROWS, *_DISCHARGE_ROWS, *_DETENTION_ROWS, *_ASSESSMENT_ROWS),
    key=lambda row: (row.kind, row.path, row.table, row.fields),
    description="Each field of a record kind and the MHSDS table and fields it is read from.",
)
"""Every field mapping, one row per (kind, path, table, fields)."""


def _kind_table(
    kind: str, rows: tuple[FieldMapping, ...]
) -> RuleTable[tuple[str, str, str, tuple[str, ...]], FieldMapping]:
    return RuleTable(
        f"MHSDS to {kind}",
        rows,
        key=lambda row: (row.kind, row.path, row.table, row.fields),
        description=f"Where each field of a {kind} record comes from in MHSDS.",
    )


EPISODE_MAPPINGS = _kind_table(CARE_EPISODE, _EPISODE_ROWS)
"""The field mappings of care episodes."""
DISCHARGE_MAPPINGS = _kind_table(DISCHARGE, _DISCHARGE_ROWS)
"""The field mappings of inpatient discharges."""
DETENTION_MAPPINGS = _kind_table(DETENTION, _DETENTION_ROWS)
"""The field mappings of Mental Health Act detentions."""
ASSESSMENT_MAPPINGS = _kind_table(ASSESSMENT, _ASSESSMENT_ROWS)
"""The field mappings of HoNOS assessments."""


def mappings_for(kind: str) -> tuple[FieldMapping, ...]:
    """The field mappings of one record kind, in table order."""
    return tuple(row for row in FIELD_MAPPINGS if row.kind == kind)


# --- code lists ----------------------------------------------------------------------------


@attrs.frozen
class AttendanceRow:
    """An MHSDS attendance code (``AttendStatus``, v5 ``AttendOrDNACode``).

    Attributes:
        code: The code.
        attended: Whether the person attended.
        meaning: The group NHS England's code puts the code in.
        source: Where the grouping is published.
        effective: When it is in force.
    """

    code: str
    attended: bool
    meaning: str
    source: Source
    effective: Effective = V6


ATTENDANCE: RuleTable[str, AttendanceRow] = RuleTable(
    "MHSDS attendance codes",
    (
        AttendanceRow("2", False, "cancelled", CMH_DASHBOARD),
        AttendanceRow("3", False, "did not attend", CMH_DASHBOARD),
        AttendanceRow("4", False, "cancelled", CMH_DASHBOARD),
        AttendanceRow("5", True, "attended", FOLLOW_UP_72H),
        AttendanceRow("6", True, "attended", FOLLOW_UP_72H),
        AttendanceRow("7", False, "did not attend", CMH_DASHBOARD),
    ),
    key=lambda row: row.code,
    description="Attendance codes as NHS England groups them; any other code is reported.",
)
"""Attendance codes, keyed by code."""


@attrs.frozen
class CarePlanTypeRow:
    """An MHSDS care plan type (``CarePlanTypeMH``).

    Attributes:
        code: The code.
        meaning: Its name in NHS England's code.
        use: What cpa_core makes of it.
        source: Where the code is published.
        effective: When it is in force.
    """

    code: str
    meaning: str
    use: str
    source: Source = CMH_DASHBOARD
    effective: Effective = V6


CARE_PLAN_TYPES: RuleTable[str, CarePlanTypeRow] = RuleTable(
    "MHSDS care plan types",
    (
        CarePlanTypeRow("10", "Mental Health Care Plan", "a care plan version"),
        CarePlanTypeRow("11", "Urgent and Emergency Mental Health Care Plan", "not read"),
        CarePlanTypeRow(
            "12", "Mental Health Crisis Plan", "the crisis-plan section of the same day's plan"
        ),
        CarePlanTypeRow("13", "Positive Behaviour Support Plan", "not read"),
        CarePlanTypeRow("14", "Child or Young Persons Mental Health Transition Plan", "not read"),
    ),
    key=lambda row: row.code,
    description="Care plan types 10 to 14 and how each is read.",
)
"""Care plan types, keyed by code."""


@attrs.frozen
class CtoEndReasonRow:
    """An MHSDS CTO end reason (``CommTreatOrdEndReason``) cpa_core reads.

    Attributes:
        code: The code.
        meaning: What it means in NHS England's code.
        end_reason: The :class:`cpa_core.mha.EndReason` value it gives.
        source: Where the code is published.
        effective: When it is in force.
    """

    code: str
    meaning: str
    end_reason: str
    source: Source = MHA_PREP
    effective: Effective = V6


CTO_END_REASONS: RuleTable[str, CtoEndReasonRow] = RuleTable(
    "MHSDS CTO end reasons",
    (CtoEndReasonRow("02", "CTO revoked", "revoked"),),
    key=lambda row: row.code,
    description="The CTO end reason cpa_core reads; others leave the end reason unset.",
)
"""CTO end reasons, keyed by code."""


# --- what MHSDS does not carry ---------------------------------------------------------------


@attrs.frozen
class NotCarried:
    """A field of a record kind that MHSDS does not carry.

    Attributes:
        kind: The record kind.
        path: The field.
        when: ``always``, or the condition under which it is not carried.
        reason: Why.
        source: The source of the table list the gap is read against.
        effective: When the gap applies.
    """

    kind: str
    path: str
    when: str
    reason: str
    source: Source = MHSDS_HEADER
    effective: Effective = V6


ALWAYS = "always"


def _nc(kind: str, path: str, reason: str, when: str = ALWAYS) -> NotCarried:
    return NotCarried(kind, path, when, reason)


NOT_CARRIED: RuleTable[tuple[str, str], NotCarried] = RuleTable(
    "Fields MHSDS does not carry",
    (
        _nc(CARE_EPISODE, "$.assessment", "no table records the completed assessment"),
        _nc(CARE_EPISODE, "$.referral.re_referral_of", "no link between referrals"),
        _nc(
            CARE_EPISODE,
            "$.plans[].sections",
            "only a crisis plan (type 12) is carried; other sections are not",
        ),
        _nc(CARE_EPISODE, "$.plans[].risk_plan_id", "no link to a safety plan"),
        _nc(CARE_EPISODE, "$.plans[].carer_identified", "no carer on the plan"),
        _nc(CARE_EPISODE, "$.plans[].carer_assessment_offered_on", "no carer's assessment"),
        _nc(CARE_EPISODE, "$.plans[].copy_given", "no record of a copy given"),
        _nc(CARE_EPISODE, "$.plans[].shared_on", "no record of sharing"),
        _nc(
            CARE_EPISODE,
            "$.reviews",
            "reviews are carried only by the legacy CPA tables (MHS701, MHS702)",
            "the episode is not CPA, or MHS702CPAReview is not in the extract",
        ),
        _nc(CARE_EPISODE, "$.reviews[].kind", "no review type"),
        _nc(CARE_EPISODE, "$.reviews[].attendees", "no attendees"),
        _nc(CARE_EPISODE, "$.reviews[].outcome", "no outcome"),
        _nc(CARE_EPISODE, "$.discharge.kind", "the closure reason code list is not verified"),
        _nc(CARE_EPISODE, "$.discharge.reason", "the closure reason code list is not verified"),
        _nc(CARE_EPISODE, "$.discharge.destination", "no destination team"),
        _nc(CARE_EPISODE, "$.notes", "no progress-note timings"),
        _nc(
            DISCHARGE,
            "$.resident_in_england",
            "NHS England derives residence from the postcode; not read here",
        ),
        _nc(DISCHARGE, "$.plan_sent_at", "no record of the care plan being sent"),
        _nc(DETENTION, "$.date_of_birth", "not in the extract's verified fields"),
        _nc(
            DETENTION,
            "$.periods[].renewals",
            "no renewal reports (s20, s20A); the recorded expiry shows only that one happened",
            "a period's recorded expiry (ExpiryDateMHActLegalStatusClass, "
            "ExpiryDateCommTreatOrd), or its end, is later than its first term",
        ),
        _nc(
            DETENTION,
            "$.periods[].extension",
            "no s136B extensions",
            "the period is an s135 or s136 period",
        ),
        _nc(
            DETENTION,
            "$.periods[].end_reason",
            "only revocation (CTO end reason 02) and conversion are carried",
        ),
        _nc(DETENTION, "$.periods[].conditions", "no CTO conditions"),
        _nc(
            DETENTION,
            "$.periods[].recalls[].recalled_at",
            "the recall notice is not carried; the recall's start is read as both",
        ),
        _nc(DETENTION, "$.periods[].recalls[].amhp_agreed_on", "no AMHP agreement"),
        _nc(DETENTION, "$.periods[].leave[].cto_considered_on", "no record of s17(2A)"),
        _nc(DETENTION, "$.periods[].leave[].conditions", "no leave conditions"),
        _nc(
            DETENTION,
            "$.periods[].absences[].taken_into_custody",
            "the AWOL end reason code list is not verified",
        ),
        _nc(
            DETENTION,
            "$.periods[].absences[].report_on",
            "no s21B reports; one decides the expiry after a return from a long absence",
            "an absence without leave ended more than 28 days after it began",
        ),
        _nc(DETENTION, "$.medication_first_given", "no medication administration"),
        _nc(DETENTION, "$.certificates", "no Part 4 or Part 4A certificates"),
        _nc(DETENTION, "$.rights", "no s132 rights information"),
        _nc(DETENTION, "$.tribunal_applications", "no tribunal applications"),
        _nc(DETENTION, "$.tribunal_hearings", "no tribunal hearings"),
        _nc(DETENTION, "$.managers_references", "no hospital managers' references"),
        _nc(DETENTION, "$.left_hospital_on", "not linked to the end of the liability"),
        _nc(DETENTION, "$.aftercare", "no s117 aftercare"),
        _nc(ASSESSMENT, "$.period", "no rating period"),
        _nc(ASSESSMENT, "$.item_8_type", "no item 8 problem type"),
        _nc(ASSESSMENT, "$.item_8_description", "no item 8 description"),
    ),
    key=lambda row: (row.kind, row.path),
    description="Fields of the mapped record kinds that MHSDS does not carry, always or under "
    "a condition. A built record lists them in an information finding.",
)
"""Gaps, keyed by (kind, path)."""


@attrs.frozen
class KindNotCarried:
    """A record kind no MHSDS table carries.

    Attributes:
        kind: The record kind.
        reason: Why.
        source: The source of the table list.
        effective: When.
    """

    kind: str
    reason: str
    source: Source = MHSDS_HEADER
    effective: Effective = V6


KINDS_NOT_CARRIED: RuleTable[str, KindNotCarried] = RuleTable(
    "Record kinds MHSDS does not carry",
    (
        KindNotCarried(
            "cluster-assignment", "the care cluster tables (MHS801 to MHS804) are not in MHSDS v6"
        ),
        KindNotCarried("risk-safety-assessment", "no safety assessment or safety plan table"),
        KindNotCarried("risk-history", "no safety assessment or safety plan table"),
        KindNotCarried("mca-capacity-assessment", "no Mental Capacity Act table"),
        KindNotCarried("mca-best-interests-decision", "no Mental Capacity Act table"),
        KindNotCarried("mca-lpa", "no Mental Capacity Act table"),
        KindNotCarried("mca-advance-decision", "no Mental Capacity Act table"),
        KindNotCarried("dols-authorisation", "no Deprivation of Liberty Safeguards table"),
        KindNotCarried("consent-record", "no consent table"),
        KindNotCarried(
            "staff-member",
            "MHS901StaffDetails holds registration codes, not training, supervision or approvals",
        ),
        KindNotCarried("retention-record", "records management is not a data set topic"),
        KindNotCarried("retention-hold", "records management is not a data set topic"),
        KindNotCarried("competency-framework", "Trust reference data, not a record of care"),
        KindNotCarried("role-profile", "Trust reference data, not a record of care"),
        KindNotCarried("cluster-profile-table", "Trust reference data, not a record of care"),
    ),
    key=lambda row: row.kind,
    description="Record kinds the audit reads that no MHSDS table carries. MHCT assessments "
    "(scale mhct) are also not carried: MHS801 and MHS802 are not in v6.",
)
"""Kinds not carried, by kind."""


# --- what each check needs -----------------------------------------------------------------


@attrs.frozen
class CheckNeeds:
    """The fields a check's findings depend on.

    When a built record lacks one of them (not carried, or its table is missing from the
    extract), the check's findings on that record are not reported; the record says so in
    an information finding instead, so that a gap in the data set is never read as a gap
    in care.

    Attributes:
        kind: The record kind.
        code: The finding code.
        needs: The fields the check reads.
        source: Why (the mapping's own analysis).
        effective: When.
    """

    kind: str
    code: str
    needs: tuple[str, ...]
    source: Source = MAPPING_DECISION
    effective: Effective = V6


def _needs(kind: str, codes: str, needs: str) -> tuple[CheckNeeds, ...]:
    return tuple(CheckNeeds(kind, code, tuple(needs.split())) for code in codes.split())


_EXPIRY = (
    "$.periods[].section $.periods[].renewals $.periods[].extension "
    "$.periods[].absences[].started_at $.periods[].absences[].report_on"
)

CHECK_NEEDS: RuleTable[tuple[str, str], CheckNeeds] = RuleTable(
    "Checks and the fields they need",
    (
        *_needs(CARE_EPISODE, "CARE-CYCLE-ILLEGAL", "$.assessment $.reviews $.discharge.kind"),
        *_needs(CARE_EPISODE, "CARE-NO-COORDINATOR", "$.assessment $.coordinators[].staff_id"),
        *_needs(CARE_EPISODE, "CARE-PLAN-OVERDUE", "$.assessment $.plans[].agreed_on"),
        *_needs(CARE_EPISODE, "CARE-PLAN-SECTION-MISSING", "$.plans[].sections"),
        *_needs(CARE_EPISODE, "CARE-CARER-NOT-OFFERED", "$.plans[].carer_identified"),
        *_needs(CARE_EPISODE, "CARE-PLAN-NOT-SHARED", "$.plans[].copy_given $.plans[].shared_on"),
        *_needs(CARE_EPISODE, "CARE-PLAN-NOT-AGREED", "$.plans[].written_on $.plans[].agreed_on"),
        *_needs(CARE_EPISODE, "CARE-NOTE-LATE", "$.notes"),
        *_needs(
            CARE_EPISODE,
            "CARE-REVIEW-OVERDUE CARE-REVIEW-DUE-SOON",
            "$.reviews $.plans[].written_on",
        ),
        *_needs(CARE_EPISODE, "CARE-EPISODE-DUPLICATE CARE-APPROACH-NOT-IN-USE", "$.approach"),
        *_needs(DISCHARGE, "CARE-DISCHARGE-PLAN-NOT-SENT", "$.plan_sent_at"),
        *_needs(
            DISCHARGE,
            "CARE-FOLLOW-UP-DUE CARE-FOLLOW-UP-MET CARE-FOLLOW-UP-BREACHED "
            "CARE-FOLLOW-UP-NOT-ELIGIBLE",
            "$.bed_class $.follow_ups[].at $.follow_ups[].attended",
        ),
        *_needs(DETENTION, "MHA-RIGHTS-NOT-GIVEN MHA-RIGHTS-REPEAT-DUE", "$.rights"),
        *_needs(
            DETENTION,
            "MHA-S58-CERTIFICATE-DUE MHA-S58-CERTIFICATE-MISSING "
            "MHA-PART4A-CERTIFICATE-DUE MHA-PART4A-CERTIFICATE-MISSING",
            "$.certificates $.medication_first_given",
        ),
        *_needs(
            DETENTION,
            "MHA-TRIBUNAL-WINDOW-OPEN MHA-TRIBUNAL-WINDOW-CLOSING",
            "$.tribunal_applications " + _EXPIRY,
        ),
        *_needs(
            DETENTION,
            "MHA-MANAGERS-REFERENCE-DUE MHA-MANAGERS-REFERENCE-OVERDUE "
            "MHA-MANAGERS-REFERENCE-REVOCATION MHA-MANAGERS-REFERENCE-SUSPENDED",
            "$.managers_references $.tribunal_hearings $.date_of_birth",
        ),
        *_needs(DETENTION, "MHA-S117-NOT-RECORDED MHA-S117-ENDED-DURING-CTO", "$.aftercare"),
        *_needs(DETENTION, "MHA-CTO-CONDITIONS-MISSING", "$.periods[].conditions"),
        *_needs(
            DETENTION, "MHA-CTO-REVOCATION-AMHP-MISSING", "$.periods[].recalls[].amhp_agreed_on"
        ),
        *_needs(DETENTION, "MHA-CTO-EXTENSION-AMHP-MISSING", "$.periods[].renewals"),
        *_needs(DETENTION, "MHA-LEAVE-CTO-NOT-CONSIDERED", "$.periods[].leave[].cto_considered_on"),
        *_needs(DETENTION, "MHA-LEAVE-CURRENT", "$.periods[].leave[].start"),
        *_needs(DETENTION, "MHA-AWOL-REPORT-DUE", "$.periods[].absences[].report_on"),
        *_needs(
            DETENTION,
            "MHA-EXPIRED MHA-EXPIRES-SOON MHA-RENEWAL-DUE MHA-RENEWAL-OUTSIDE-WINDOW "
            "MHA-RENEWAL-VERIFY MHA-NOT-RENEWABLE MHA-HELD-PAST-EXPIRY MHA-AWOL "
            "MHA-AWOL-AUTHORITY-EXTENDED MHA-EXTENSION-INVALID",
            _EXPIRY,
        ),
        *_needs(
            DETENTION,
            "MHA-RECALL-IN-PROGRESS MHA-RECALL-SUSPENDED MHA-RECALL-TOO-LONG",
            "$.periods[].recalls[].detained_at $.periods[].section",
        ),
        *_needs(
            ASSESSMENT, "HONOS-ITEM8-TYPE-MISSING HONOS-ITEM8-DESCRIPTION-MISSING", "$.item_8_type"
        ),
        *_needs(ASSESSMENT, "HONOS-INCOMPLETE HONOS-NOT-KNOWN", "$.ratings[].rating"),
    ),
    key=lambda row: (row.kind, row.code),
    description="The fields each check reads, for the checks whose fields MHSDS may lack. "
    "On a record built from MHSDS that lacks one, the check's findings are withheld and "
    "the record carries an information finding naming the check.",
)
"""Check dependencies, keyed by (kind, code)."""


def needs_of(kind: str) -> dict[str, tuple[str, ...]]:
    """Each finding code of ``kind`` and the fields it needs."""
    return {row.code: row.needs for row in CHECK_NEEDS if row.kind == kind}


KINDS: tuple[str, ...] = (*MAPPED_KINDS, *(row.kind for row in KINDS_NOT_CARRIED))
"""Every record kind the mapping says something about."""
