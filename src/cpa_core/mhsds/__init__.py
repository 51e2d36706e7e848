"""cpa_core.mhsds: MHSDS v6 table extracts in, cpa_core records out.

Point :func:`read_extract` at a folder holding one file per MHSDS table
(``MHS101Referral.csv``, ``MHS401MHActPeriod.csv.gz``, ``MHS501HospProvSpell.parquet``, ...)
and it joins the tables on their MHSDS keys into the record kinds the audit reads: care
episodes with their coordinators and care plans, inpatient discharges with the contacts
that follow them, Mental Health Act detentions with CTOs, recalls, leave and absences, and
HoNOS assessments. :func:`audit_extract` runs the caseload audit over them.

The mapping is data (:mod:`cpa_core.mhsds.mapping`): which table and field each record field
comes from, the code lists, what MHSDS does not carry and which checks therefore cannot be
made. Nothing is filled in silently: a field MHSDS does not carry is named on the record, a
check that needs one is withheld and named, and a row that builds no record is a finding
with its table and row.
"""

from cpa_core.domain import Domain
from cpa_core.mhsds.build import Built, MhsdsOptions, build_records
from cpa_core.mhsds.codes import (
    APPROACH_DEFAULTED,
    CODE_UNKNOWN,
    FILE_NOT_READ,
    FINDING_CODES,
    KEY_BROKEN,
    KEY_DUPLICATE,
    NOT_CARRIED,
    NOT_CHECKED,
    RECORD_NOT_BUILT,
    ROW_MALFORMED,
    ROW_NOT_USED,
    TABLE_INCOMPLETE,
    TABLE_MISSING,
    TIME_NOT_RECORDED,
    VALUE_INVALID,
)
from cpa_core.mhsds.extract import (
    EXAMPLE_EXTRACT,
    Extract,
    audit_extract,
    example_extract,
    read_extract,
    write_bundle,
)
from cpa_core.mhsds.mapping import (
    ATTENDANCE,
    CARE_PLAN_TYPES,
    CHECK_NEEDS,
    CTO_END_REASONS,
    FIELD_MAPPINGS,
    KINDS_NOT_CARRIED,
    MAPPED_KINDS,
    TABLES,
)
from cpa_core.mhsds.mapping import (
    NOT_CARRIED as NOT_CARRIED_FIELDS,
)
from cpa_core.mhsds.reader import Note, Row, Table, Tables, read_tables

__all__ = [
    "APPROACH_DEFAULTED",
    "ATTENDANCE",
    "CARE_PLAN_TYPES",
    "CHECK_NEEDS",
    "CODE_UNKNOWN",
    "CTO_END_REASONS",
    "DOMAIN",
    "EXAMPLE_EXTRACT",
    "FIELD_MAPPINGS",
    "FILE_NOT_READ",
    "FINDING_CODES",
    "KEY_BROKEN",
    "KEY_DUPLICATE",
    "KINDS_NOT_CARRIED",
    "MAPPED_KINDS",
    "NOT_CARRIED",
    "NOT_CARRIED_FIELDS",
    "NOT_CHECKED",
    "RECORD_NOT_BUILT",
    "ROW_MALFORMED",
    "ROW_NOT_USED",
    "TABLES",
    "TABLE_INCOMPLETE",
    "TABLE_MISSING",
    "TIME_NOT_RECORDED",
    "VALUE_INVALID",
    "Built",
    "Extract",
    "MhsdsOptions",
    "Note",
    "Row",
    "Table",
    "Tables",
    "audit_extract",
    "build_records",
    "example_extract",
    "read_extract",
    "read_tables",
    "write_bundle",
]

DOMAIN = Domain(
    name="mhsds",
    title="MHSDS extracts",
    record_kinds=(),
    finding_codes=FINDING_CODES,
)
"""The codes of reading an MHSDS extract, for the registry and the docs; the records it
builds belong to the other areas."""
