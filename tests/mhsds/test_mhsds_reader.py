"""Reading MHSDS table files: names, headers, formats, bad rows; and reading field values."""

from __future__ import annotations

import gzip
import importlib
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from mhsds_helpers import write_table

from cpa_core import statutory_time
from cpa_core.exceptions import CpaCoreError
from cpa_core.files import InputError
from cpa_core.mhsds import read_tables
from cpa_core.mhsds.values import local_instant, read_date, read_time, read_timestamp


def _codes(folder: Path) -> list[str]:
    return [n.finding.code for n in read_tables(folder).notes]


def test_fields_are_matched_without_case_and_unread_fields_ignored(tmp_path: Path) -> None:
    (tmp_path / "mhs001mpi.csv").write_text(
        "LOCALPATIENTID, nhsnumber ,EthnicCategory\n P1 ,9434765919,A\n", encoding="utf-8"
    )
    tables = read_tables(tmp_path)
    (row,) = tables.rows("MHS001MPI")
    assert dict(row.values) == {"LocalPatientId": "P1", "NHSNumber": "9434765919"}
    assert row.location == "MHS001MPI:1"


def test_gzip_and_a_byte_order_mark_are_read(tmp_path: Path) -> None:
    data = "\ufeffLocalPatientId,NHSNumber\nP1,9434765919\n".encode()
    (tmp_path / "MHS001MPI.csv.gz").write_bytes(gzip.compress(data))
    assert read_tables(tmp_path).rows("MHS001MPI")[0].get("LocalPatientId") == "P1"


def test_an_old_table_name_reads_as_the_table(tmp_path: Path) -> None:
    write_table(
        tmp_path,
        "MHS402RespClinicianAssignPeriod",
        [{"MHActLegalStatusClassPeriodId": "A", "CareProfLocalId": "S1"}],
    )
    assert len(read_tables(tmp_path).rows("MHS402RespClinicianAssignment")) == 1


def test_two_files_for_one_table_are_an_input_error(tmp_path: Path) -> None:
    write_table(tmp_path, "MHS001MPI", [{"LocalPatientId": "P1"}])
    (tmp_path / "MHS001MPI.csv.gz").write_bytes(gzip.compress(b"LocalPatientId\nP2\n"))
    with pytest.raises(InputError, match="second file for MHS001MPI"):
        read_tables(tmp_path)


def test_a_missing_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CpaCoreError, match="not a folder"):
        read_tables(tmp_path / "nowhere")


def test_a_table_without_its_key_column_is_reported_not_read(tmp_path: Path) -> None:
    write_table(tmp_path, "MHS101Referral", [{"LocalPatientId": "P1"}, {"LocalPatientId": "P2"}])
    tables = read_tables(tmp_path)
    (note,) = tables.notes
    assert note.finding.code == "MHSDS-TABLE-INCOMPLETE"
    assert "ServiceRequestId" in note.finding.message
    assert "2 rows" in note.finding.message
    assert tables.has("MHS101Referral")
    assert not tables.rows("MHS101Referral")


def test_a_repeated_column_is_reported(tmp_path: Path) -> None:
    (tmp_path / "MHS001MPI.csv").write_text("LocalPatientId,localpatientid\nP1,P2\n", "utf-8")
    assert _codes(tmp_path) == ["MHSDS-TABLE-INCOMPLETE"]


def test_bad_rows_are_reported_and_the_rest_read(tmp_path: Path) -> None:
    (tmp_path / "MHS001MPI.csv").write_bytes(
        b"LocalPatientId,NHSNumber\nP1,9434765919\nP2\nP3,\xff\xfe\n\nP4,\n"
    )
    tables = read_tables(tmp_path)
    assert [r.get("LocalPatientId") for r in tables.rows("MHS001MPI")] == ["P1", "P4"]
    assert [n.location for n in tables.notes] == ["MHS001MPI:2", "MHS001MPI:3"]
    assert {n.finding.code for n in tables.notes} == {"MHSDS-ROW-MALFORMED"}


def test_broken_csv_and_binary_files_are_input_errors(tmp_path: Path) -> None:
    (tmp_path / "MHS001MPI.csv").write_bytes(b'LocalPatientId\n"P1\n')
    with pytest.raises(InputError, match="not readable as CSV"):
        read_tables(tmp_path)
    (tmp_path / "MHS001MPI.csv").write_bytes(b"LocalPatientId\x00\n")
    with pytest.raises(InputError, match="binary"):
        read_tables(tmp_path)


def test_other_files_are_counted_not_named(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("what the folder holds", encoding="utf-8")
    write_table(tmp_path, "MHS013MHCurrencyModel", [{"X": "1"}])
    (note,) = read_tables(tmp_path).notes
    assert note.finding.code == "MHSDS-FILE-NOT-READ"
    assert note.finding.message.startswith("2 file(s)")


def test_parquet_is_read_like_csv(tmp_path: Path) -> None:
    pa: Any = importlib.import_module("pyarrow")
    pq: Any = importlib.import_module("pyarrow.parquet")
    table = pa.table(
        {
            "LocalPatientId": ["P1", "P2"],
            "PersDeathDate": [date(2020, 1, 2), None],
            "NHSNumber": ["9434765919", None],
        }
    )
    pq.write_table(table, tmp_path / "MHS001MPI.parquet")
    rows = read_tables(tmp_path).rows("MHS001MPI")
    assert [dict(r.values) for r in rows] == [
        {"LocalPatientId": "P1", "PersDeathDate": "2020-01-02", "NHSNumber": "9434765919"},
        {"LocalPatientId": "P2"},
    ]


def test_parquet_needs_pyarrow(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "MHS001MPI.parquet").write_bytes(b"PAR1")
    real = importlib.import_module

    def no_pyarrow(name: str, package: str | None = None) -> Any:
        if name.startswith("pyarrow"):
            raise ImportError(name)
        return real(name, package)

    monkeypatch.setattr(importlib, "import_module", no_pyarrow)
    with pytest.raises(InputError, match="needs pyarrow"):
        read_tables(tmp_path)


def test_a_corrupt_parquet_file_is_an_input_error(tmp_path: Path) -> None:
    (tmp_path / "MHS001MPI.parquet").write_bytes(b"PAR1 not really")
    with pytest.raises(InputError, match="not a readable Parquet file"):
        read_tables(tmp_path)


# --- values ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-11-23", date(2026, 11, 23)),
        ("2026-11-23 00:00:00", date(2026, 11, 23)),
        ("2026-11-23T00:00:00.000", date(2026, 11, 23)),
        ("23/11/2026", None),
        ("2026-02-30", None),
        ("2026-11-23 10:00:00", None),
    ],
)
def test_read_date(text: str, expected: date | None) -> None:
    assert read_date(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:30", time(10, 30)),
        ("10:30:15.123", time(10, 30, 15)),
        ("1900-01-01 10:30:00", time(10, 30)),
        ("25:00", None),
        ("half past ten", None),
    ],
)
def test_read_time(text: str, expected: time | None) -> None:
    assert read_time(text) == expected


def test_read_timestamp_takes_london_time_when_no_offset_is_given() -> None:
    assert read_timestamp("2026-07-01T10:00:00") == datetime(2026, 7, 1, 9, tzinfo=UTC)
    assert read_timestamp("2026-07-01T10:00:00Z") == datetime(2026, 7, 1, 10, tzinfo=UTC)
    assert read_timestamp("soon") is None


def test_clock_changes_are_flagged() -> None:
    gap = local_instant(date(2026, 3, 29), time(1, 30))  # clocks go forward at 01:00
    twice = local_instant(date(2026, 10, 25), time(1, 30))  # clocks go back at 02:00
    plain = local_instant(date(2026, 7, 1), None)
    assert gap.shifted
    assert twice.shifted
    assert not plain.shifted
    assert twice.instant.utcoffset() == timedelta(hours=1)  # the first of the two
    assert plain.instant == statutory_time.start_of_day(date(2026, 7, 1))
    assert not plain.timed


@given(st.dates(date(1990, 1, 1), date(2090, 12, 31)), st.times())
def test_a_wall_clock_time_reads_back_as_itself_unless_flagged(day: date, clock: time) -> None:
    found = local_instant(day, clock.replace(microsecond=0))
    back = found.instant.astimezone(statutory_time.LONDON)
    if not found.shifted:
        assert (back.date(), back.time()) == (day, clock.replace(microsecond=0))
    assert statutory_time.london_date(found.instant) in (day, day + timedelta(days=1))
