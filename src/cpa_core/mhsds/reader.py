"""Reading a folder of MHSDS table extracts: one file per table, named by the table.

``MHS101Referral.csv`` (or ``.csv.gz``, or ``.parquet`` when pyarrow is installed) holds the
rows of MHS101Referral, with the MHSDS field names in a header row. Field names are matched
without regard to case; fields the mapping does not read are ignored; values are trimmed
of surrounding spaces and tabs, and an empty value is absent.

A file that cannot be read at all (binary, corrupt gzip, not CSV, two files for one table)
is an input error. A table that cannot be joined (a key column missing) and a row that
cannot be read (the wrong number of values, bytes that are not UTF-8) are findings, counted
and named by table and row, never by their values.
"""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Mapping
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import attrs

from cpa_core.exceptions import CpaCoreError
from cpa_core.files import InputError, open_input
from cpa_core.findings import Finding
from cpa_core.mhsds import codes
from cpa_core.mhsds.mapping import FIELD_MAPPINGS, TABLES, MhsdsTable

__all__ = [
    "Note",
    "Row",
    "Table",
    "Tables",
    "read_tables",
]

_SUFFIXES = (".csv", ".csv.gz", ".parquet")


@attrs.frozen
class Row:
    """One data row of a table.

    Attributes:
        table: The table's name.
        number: The row's number among the table's data rows, from 1.
        values: Each field present and non-empty, by its MHSDS name.
    """

    table: str
    number: int
    values: Mapping[str, str]

    @property
    def location(self) -> str:
        """``TABLE:ROW``, as findings name it."""
        return f"{self.table}:{self.number}"

    def get(self, *fields: str) -> str | None:
        """The first of ``fields`` the row holds, or ``None``."""
        for name in fields:
            value = self.values.get(name)
            if value is not None:
                return value
        return None


@attrs.frozen
class Table:
    """The readable rows of one table.

    Attributes:
        name: The table's name.
        file: The file it was read from.
        rows: Its rows, in file order.
    """

    name: str
    file: str
    rows: tuple[Row, ...]


@attrs.frozen
class Note:
    """A finding about the extract rather than about one built record.

    Attributes:
        location: ``TABLE:ROW``, a table's name or a file's name.
        finding: The finding.
        kind: The record kind concerned, or ``""`` for the extract as a whole.
    """

    location: str
    finding: Finding
    kind: str = ""


@attrs.frozen
class Tables:
    """Every table read from an extract folder, and what was found while reading.

    Attributes:
        tables: The tables read, by name.
        unreadable: Tables present in the folder whose rows could not be joined (a key
            column missing); they are reported, and count as present but empty.
        notes: Findings about files, tables and rows.
    """

    tables: Mapping[str, Table]
    unreadable: frozenset[str]
    notes: tuple[Note, ...]

    def rows(self, name: str) -> tuple[Row, ...]:
        """The rows of a table, none when it is not in the extract."""
        found = self.tables.get(name)
        return found.rows if found is not None else ()

    def has(self, name: str) -> bool:
        """Whether the extract holds the table (an empty or unreadable table counts)."""
        return name in self.tables or name in self.unreadable


def _known_fields() -> dict[str, dict[str, str]]:
    """The fields the mapping reads from each table, by lower-case name."""
    out: dict[str, dict[str, str]] = {spec.name: {} for spec in TABLES}
    for spec in TABLES:
        for field in (spec.key, spec.parent):
            if field:
                out[spec.name][field.lower()] = field
    for row in FIELD_MAPPINGS:
        for field in row.fields:
            out.setdefault(row.table, {})[field.lower()] = field
    # Fields read by joins that no mapping row names on its own table.
    extra = {
        "MHS501HospProvSpell": ("ServiceRequestId", "HospProvSpellNum"),
        "MHS502WardStay": (
            "HospProvSpellID",
            "HospProvSpellNum",
            "StartDateWardStay",
            "StartTimeWardStay",
            "EndDateWardStay",
            "OrgIDProv",
        ),
        "MHS008CarePlanType": ("LocalPatientId", "CarePlanTypeMH"),
        "MHS201CareContact": ("OrgIDProv",),
        "MHS204IndirectActivity": ("OrgIDProv",),
        "MHS105OnwardReferral": ("OnwardReferDate",),
        "MHS101Referral": ("CareProfTeamLocalId",),
        "MHS402RespClinicianAssignment": ("StartDateRespClinAssign", "EndDateRespClinAssign"),
        "MHS404CommTreatOrder": ("ExpiryDateCommTreatOrd", "EndDateCommTreatOrd"),
        "MHS401MHActPeriod": ("ExpiryDateMHActLegalStatusClass",),
        "MHS606CodedScoreAssessmentRefer": ("CodedAssToolType", "PersScore"),
    }
    for table, fields in extra.items():
        for field in fields:
            out.setdefault(table, {})[field.lower()] = field
    return out


_FIELDS = _known_fields()


def _spec_for(stem: str) -> MhsdsTable | None:
    wanted = stem.lower()
    for spec in TABLES:
        if wanted == spec.name.lower() or wanted in (a.lower() for a in spec.aliases):
            return spec
    return None


def _split_name(path: Path) -> tuple[str, str] | None:
    name = path.name
    for suffix in _SUFFIXES:
        if name.lower().endswith(suffix):
            return name[: -len(suffix)], suffix
    return None


class _Reading:
    """Collects the notes of one folder."""

    def __init__(self) -> None:
        self.notes: list[Note] = []

    def note(self, location: str, finding: Finding) -> None:
        self.notes.append(Note(location, finding))


def _header(raw: list[str], spec: MhsdsTable) -> tuple[list[str | None], str | None]:
    """The canonical field name of each column (``None`` for a column not read), and a
    problem with the header, if any."""
    known = _FIELDS.get(spec.name, {})
    names: list[str | None] = []
    seen: set[str] = set()
    for cell in raw:
        key = cell.strip().lower()
        if key in seen and key:
            return [], "two columns have the same name"
        seen.add(key)
        names.append(known.get(key))
    return names, None


def _required(spec: MhsdsTable) -> tuple[str, ...]:
    return tuple(f for f in (spec.key, spec.parent) if f)


def _missing_columns(spec: MhsdsTable, names: list[str | None]) -> list[str]:
    present = {n for n in names if n is not None}
    missing = [f for f in _required(spec) if f not in present]
    if spec.name == "MHS501HospProvSpell" and "HospProvSpellNum" in present:
        missing = [f for f in missing if f != "HospProvSpellID"]
    if spec.name == "MHS502WardStay" and "HospProvSpellNum" in present:
        missing = [f for f in missing if f != "HospProvSpellID"]
    return missing


def _row_values(names: list[str | None], cells: list[str]) -> dict[str, str]:
    values: dict[str, str] = {}
    for name, cell in zip(names, cells, strict=True):
        # Only padding is trimmed: a line break inside a value is kept, so the value is
        # refused where it must be an identifier rather than turned into one.
        text = cell.strip(" \t")
        if name is not None and text:
            values[name] = text
    return values


def _rows(
    spec: MhsdsTable,
    header: list[str],
    body: list[tuple[int, list[str]]],
    reading: _Reading,
) -> tuple[Row, ...] | None:
    """The readable rows of a table; ``None`` (with a note) when none can be joined."""
    names, problem = _header(header, spec)
    if problem is None and _undecodable(header):
        problem = "the header is not UTF-8"
    missing = _missing_columns(spec, names) if problem is None else []
    if missing:
        problem = f"no column {', '.join(missing)}"
    if problem is not None:
        reading.note(
            spec.name,
            codes.TABLE_INCOMPLETE.finding(
                f"{spec.name}: {problem}; its {len(body)} rows were not read"
            ),
        )
        return None
    rows: list[Row] = []
    for number, cells in body:
        location = f"{spec.name}:{number}"
        if len(cells) != len(names):
            reason = f"{len(cells)} values for {len(names)} columns"
        elif _undecodable(cells):
            reason = "text that is not UTF-8"
        else:
            rows.append(Row(spec.name, number, _row_values(names, cells)))
            continue
        reading.note(location, codes.ROW_MALFORMED.finding(f"{location}: {reason}; row not read"))
    return tuple(rows)


def _csv_rows(path: Path, spec: MhsdsTable, reading: _Reading) -> tuple[Row, ...] | None:
    """The rows of a CSV file; ``None`` (with a note) when the table cannot be read."""
    with open_input(path) as stream:
        text = io.TextIOWrapper(stream, encoding="utf-8", errors="surrogateescape", newline="")
        reader = csv.reader(text, strict=True)
        body: list[tuple[int, list[str]]] = []
        try:
            header = next(reader, None) or []
            for cells in reader:
                if cells and any(c.strip() for c in cells):
                    body.append((len(body) + 1, cells))
        except csv.Error:
            raise InputError(f"{path.name}: not readable as CSV (quoting or a NUL byte)") from None
    return _rows(spec, header, body, reading)


def _undecodable(cells: list[str]) -> bool:
    for cell in cells:
        try:
            cell.encode("utf-8")
        except UnicodeEncodeError:
            return True
    return False


def _plain(value: Any) -> str:
    """A Parquet cell as the text a CSV file would hold."""
    if value is None:
        return ""
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, str | int | float):
        return str(value)
    return "\udcff"  # bytes and nested values are not MHSDS fields: the row is malformed


def _parquet_rows(path: Path, spec: MhsdsTable, reading: _Reading) -> tuple[Row, ...] | None:
    try:
        parquet = importlib.import_module("pyarrow.parquet")
    except ImportError:
        raise InputError(
            f"{path.name}: reading Parquet needs pyarrow (pip install 'cpa-core[parquet]')"
        ) from None
    try:
        table = parquet.read_table(path)
        columns = [str(c) for c in table.column_names]
        records: list[dict[str, Any]] = table.to_pylist()
    except Exception:  # pyarrow raises its own error types for corrupt files
        raise InputError(f"{path.name}: not a readable Parquet file") from None
    body = [
        (number, [_plain(record.get(column)) for column in columns])
        for number, record in enumerate(records, start=1)
    ]
    return _rows(spec, columns, body, reading)


def read_tables(folder: Path) -> Tables:
    """Every MHSDS table in ``folder``, with the notes made while reading it.

    Raises:
        CpaCoreError: The folder does not exist, a table has two files, or a file cannot be
            read at all (the message names the file, never its content).
    """
    if not folder.is_dir():
        raise CpaCoreError(f"{folder}: not a folder of MHSDS table files")
    reading = _Reading()
    found: dict[str, Table] = {}
    files: dict[str, Path] = {}
    unreadable: set[str] = set()
    others = 0
    for path in sorted(folder.iterdir()):
        if not path.is_file():
            continue
        split = _split_name(path)
        spec = _spec_for(split[0]) if split is not None else None
        if split is None or spec is None:
            # A folder's own notes (README.md) are not data; anything else is counted.
            others += path.suffix.lower() != ".md"
            continue
        if spec.name in files:
            raise InputError(
                f"{path.name}: a second file for {spec.name} ({files[spec.name].name}); keep one"
            )
        files[spec.name] = path
        reader = _parquet_rows if split[1] == ".parquet" else _csv_rows
        rows = reader(path, spec, reading)
        if rows is None:
            unreadable.add(spec.name)
        else:
            found[spec.name] = Table(spec.name, path.name, rows)
    if others:
        # File names are counted, not repeated: a name is not the mapping's to show.
        reading.note(
            "(folder)",
            codes.FILE_NOT_READ.finding(
                f"{others} file(s) in the folder are not tables cpa_core reads; not read"
            ),
        )
    return Tables(found, frozenset(unreadable), tuple(reading.notes))
