"""The finding codes of reading an MHSDS extract.

Every problem found in the extract is one of these findings, named by table and row
(``MHS101Referral:3``, the third data row) and, where it helps, the row's key; a message
never repeats a value from the extract other than a key that is a well-formed identifier.
"""

from __future__ import annotations

from cpa_core.findings import FindingCode, Severity
from cpa_core.mhsds._sources import MAPPING_DECISION, MHSDS_HEADER

__all__ = [
    "APPROACH_DEFAULTED",
    "CODE_UNKNOWN",
    "FILE_NOT_READ",
    "FINDING_CODES",
    "KEY_BROKEN",
    "KEY_DUPLICATE",
    "NOT_CARRIED",
    "NOT_CHECKED",
    "RECORD_NOT_BUILT",
    "ROW_MALFORMED",
    "ROW_NOT_USED",
    "TABLE_INCOMPLETE",
    "TABLE_MISSING",
    "TIME_NOT_RECORDED",
    "VALUE_INVALID",
]

TABLE_MISSING = FindingCode(
    "MHSDS-TABLE-MISSING",
    Severity.WARNING,
    "A table the mapping reads is not in the extract: what it carries is missing from every "
    "record it feeds, and the checks that need it are not reported.",
    source=MHSDS_HEADER,
)
TABLE_INCOMPLETE = FindingCode(
    "MHSDS-TABLE-INCOMPLETE",
    Severity.ERROR,
    "A table lacks a column the mapping needs to join its rows, or names a column twice; "
    "none of its rows is read, and the finding says how many there were.",
)
FILE_NOT_READ = FindingCode(
    "MHSDS-FILE-NOT-READ",
    Severity.INFO,
    "A file in the extract folder is not one of the tables the mapping reads.",
)
ROW_MALFORMED = FindingCode(
    "MHSDS-ROW-MALFORMED",
    Severity.ERROR,
    "A row cannot be read: the wrong number of values, or bytes that are not UTF-8.",
)
KEY_BROKEN = FindingCode(
    "MHSDS-KEY-BROKEN",
    Severity.ERROR,
    "A row has no key, or points at a parent row (a referral, a person, a legal status "
    "period) that is not in the extract, so it cannot be joined to a record.",
)
KEY_DUPLICATE = FindingCode(
    "MHSDS-KEY-DUPLICATE",
    Severity.ERROR,
    "Two rows of a table have the same key; the later one is not read.",
)
VALUE_INVALID = FindingCode(
    "MHSDS-VALUE-INVALID",
    Severity.ERROR,
    "A field holds a value of the wrong form (a date that is not YYYY-MM-DD, a score that is "
    "not a number); the field is left out of the record.",
)
CODE_UNKNOWN = FindingCode(
    "MHSDS-CODE-UNKNOWN",
    Severity.WARNING,
    "A field holds a code that is not in its code list; the field is left out of the "
    "record, or the record is not built when it cannot do without it.",
)
RECORD_NOT_BUILT = FindingCode(
    "MHSDS-RECORD-NOT-BUILT",
    Severity.ERROR,
    "A record cannot be built from its rows (a required field is missing or unreadable); "
    "the finding names the table, row and key.",
)
ROW_NOT_USED = FindingCode(
    "MHSDS-ROW-NOT-USED",
    Severity.WARNING,
    "A row joins to a person but to no record it could belong to (a coordinator assignment "
    "before any referral, leave outside any legal status period).",
    source=MAPPING_DECISION,
)
TIME_NOT_RECORDED = FindingCode(
    "MHSDS-TIME-NOT-RECORDED",
    Severity.INFO,
    "A date has no time (or a time that does not exist that day in London); the start of "
    "the London day, or the first of two times, is used.",
    source=MAPPING_DECISION,
)
APPROACH_DEFAULTED = FindingCode(
    "MHSDS-APPROACH-DEFAULTED",
    Severity.INFO,
    "MHSDS v6 does not say which approach an episode runs under; one with no CPA episode is "
    "given the Trust's non-CPA approach.",
    source=MAPPING_DECISION,
)
NOT_CARRIED = FindingCode(
    "MHSDS-NOT-CARRIED",
    Severity.INFO,
    "Fields of the record that MHSDS does not carry, so the record does not hold them.",
    source=MHSDS_HEADER,
)
NOT_CHECKED = FindingCode(
    "MHSDS-NOT-CHECKED",
    Severity.INFO,
    "Checks whose findings are withheld on this record because they need fields MHSDS does "
    "not carry (or a table the extract lacks); it names the checks and how many findings "
    "were withheld.",
    source=MAPPING_DECISION,
)

FINDING_CODES: tuple[FindingCode, ...] = (
    TABLE_MISSING,
    TABLE_INCOMPLETE,
    FILE_NOT_READ,
    ROW_MALFORMED,
    KEY_BROKEN,
    KEY_DUPLICATE,
    VALUE_INVALID,
    CODE_UNKNOWN,
    RECORD_NOT_BUILT,
    ROW_NOT_USED,
    TIME_NOT_RECORDED,
    APPROACH_DEFAULTED,
    NOT_CARRIED,
    NOT_CHECKED,
)
"""Every code of reading an MHSDS extract."""
