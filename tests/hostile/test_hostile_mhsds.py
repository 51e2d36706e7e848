"""MHSDS extracts under hostile input: a missing table, a broken key, an unknown code, a
malformed date, bytes that are not text, planted secrets in any cell.

Every run either produces its report (exit 0) or stops with one clean line (exit 2); no
traceback, no planted NHS number or name in anything printed or written; and no row is
lost silently: every data row of a file is read or reported, and every referral, discharged
spell and legal status period either builds a record, belongs to one, or is named in a
finding by its table and row.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import audit, audit_html, statutory_time
from cpa_core.cli import main
from cpa_core.exceptions import CpaCoreError
from cpa_core.mhsds import TABLES, Extract, audit_extract, example_extract, read_extract
from hostile_inputs import (
    HOSTILE_LINES,
    PLANTED_NAME,
    PLANTED_NUMBERS,
    PLANTED_WORD,
    assert_clean,
)

AS_OF = statutory_time.start_of_day(audit.EXAMPLE_AS_OF)
EXAMPLE = example_extract()
TABLE_FILES = sorted(p.name for p in EXAMPLE.iterdir() if p.suffix == ".csv")

HOSTILE_CELLS = [
    PLANTED_NAME,
    f"{PLANTED_WORD}\n",
    *PLANTED_NUMBERS,
    f"{PLANTED_NUMBERS[0]} {PLANTED_NAME}",
    "2026-13-45",
    "31/12/2026",
    "9999-12-31",
    "0001-01-01",
    "25:61:00",
    "99",
    "",
    " ",
    "x" * 5000,
    '"quoted, with a comma"',
    "=cmd|' /C calc'!A0",
]
"""Values planted in cells: secrets, impossible dates and times, unknown codes, empties."""


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "extract"
    shutil.copytree(EXAMPLE, folder)
    return folder


def _render(extract: Extract) -> str:
    result = audit_extract(extract, AS_OF)
    return audit.render_text(result) + audit.render_json(result) + audit_html.render_html(result)


def _data_rows(path: Path) -> int:
    """The rows of a CSV file a reader must account for (blank lines are not rows)."""
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    return sum(1 for r in rows[1:] if any(c.strip() for c in r))


def _period_ids(extract: Extract) -> Iterator[str]:
    for record in extract.records:
        if record.kind == "mha-detention":
            for period in record.data["periods"]:
                yield str(period["period_id"]).split("-")[0]


def assert_accounted(folder: Path, extract: Extract) -> None:
    """No row read or built silently away."""
    noted = {n.location for n in extract.notes}
    # A note on a whole table (its name, no row) speaks for each of its rows.
    noted |= {f"{loc}:{i}" for loc in list(noted) if ":" not in loc for i in range(1, 10_000)}
    incomplete = {n.location for n in extract.notes if n.finding.code == "MHSDS-TABLE-INCOMPLETE"}
    built = {r.location for r in extract.records}
    tables = read_from(folder)
    for path in folder.iterdir():
        table = path.name.removesuffix(".csv")
        if table in incomplete or not path.name.endswith(".csv"):
            continue
        malformed = sum(1 for loc in noted if loc.startswith(f"{table}:"))
        read = tables.get(table, 0)
        assert read + malformed >= _data_rows(path), table
    periods = set(_period_ids(extract))
    for row_location, key in _anchor_rows(folder, "MHS401MHActPeriod", "LegalStatusCode"):
        status = key[1]
        assert (
            row_location in built
            or row_location in noted
            or key[0].split("-")[0] in periods
            or status in {"01", "98", "99", "31", "32"}
        ), row_location
    for row_location, key in _anchor_rows(folder, "MHS501HospProvSpell", "DischDateHospProvSpell"):
        assert not key[1] or row_location in built or row_location in noted, row_location


def read_from(folder: Path) -> dict[str, int]:
    from cpa_core.mhsds import read_tables

    tables = read_tables(folder)
    return {name: len(t.rows) for name, t in tables.tables.items()}


def _anchor_rows(folder: Path, table: str, field: str) -> Iterator[tuple[str, tuple[str, str]]]:
    path = folder / f"{table}.csv"
    if not path.exists():
        return
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    header = [h.strip() for h in rows[0]]
    number = 0
    for row in rows[1:]:
        if not any(c.strip() for c in row):
            continue
        number += 1
        if len(row) != len(header):
            continue
        values = dict(zip(header, (c.strip() for c in row), strict=True))
        yield f"{table}:{number}", (values.get(header[0], ""), values.get(field, ""))


def _run_cli(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(
        ["audit", "--from", "mhsds", str(folder), "--as-of", "2026-11-23", "--format", "json"]
    )
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _check_outcome(code: int, out: str, err: str) -> None:
    assert code in (0, 2)
    assert "Traceback" not in err
    assert_clean(out + err)
    if code == 2:
        assert err.startswith("cpa-core: ")
        assert err.count("\n") == 1
        assert out == ""
    else:
        json.loads(out)


@pytest.mark.parametrize("table", TABLE_FILES)
def test_a_missing_table_gives_findings_not_a_crash(tmp_path: Path, table: str) -> None:
    folder = _copy(tmp_path)
    (folder / table).unlink()
    extract = read_extract(folder)
    name = table.removesuffix(".csv")
    missing = {n.location for n in extract.notes if n.finding.code == "MHSDS-TABLE-MISSING"}
    assert (name in missing) == (TABLES.versions(name)[0].effective.until is None)
    assert_clean(_render(extract))
    assert_accounted(folder, extract)


def test_a_missing_table_on_the_command_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    (folder / "MHS101Referral.csv").unlink()
    code, out, err = _run_cli(folder, capsys)
    _check_outcome(code, out, err)
    codes = {(f["code"], f["location"]) for f in json.loads(out)["findings"]}
    assert ("MHSDS-TABLE-MISSING", "MHS101Referral") in codes


def _readable(line: bytes, tmp_path: Path) -> bool:
    """Whether a table file ending in ``line`` can still be read as CSV."""
    folder = tmp_path / "probe"
    shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(EXAMPLE, folder)
    with (folder / "MHS001MPI.csv").open("ab") as stream:
        stream.write(line if line.endswith(b"\n") else line + b"\n")
    try:
        read_extract(folder)
    except CpaCoreError as exc:
        problem = str(exc)
    else:
        return True
    assert_clean(problem)
    assert "\n" not in problem
    return False


@pytest.fixture(scope="module")
def readable_lines(tmp_path_factory: pytest.TempPathFactory) -> list[bytes]:
    probe = tmp_path_factory.mktemp("probe")
    lines = [line for line in HOSTILE_LINES if _readable(line, probe)]
    assert 0 < len(lines) < len(HOSTILE_LINES)  # some are read as rows, some refuse the file
    return lines


@pytest.mark.parametrize("table", TABLE_FILES)
def test_hostile_lines_in_any_table(
    tmp_path: Path, table: str, readable_lines: list[bytes]
) -> None:
    folder = _copy(tmp_path)
    with (folder / table).open("ab") as stream:
        for line in readable_lines:
            stream.write(line if line.endswith(b"\n") else line + b"\n")
    extract = read_extract(folder)
    assert_clean(_render(extract))
    assert_accounted(folder, extract)


def test_broken_keys_unknown_codes_and_bad_dates_are_findings(tmp_path: Path) -> None:
    folder = _copy(tmp_path)
    edits = {
        "MHS201CareContact.csv": ("ServiceRequestId", "NO-SUCH-REFERRAL"),
        "MHS401MHActPeriod.csv": ("LegalStatusCode", "77"),
        "MHS501HospProvSpell.csv": ("DischDateHospProvSpell", "2026-02-30"),
        "MHS101Referral.csv": ("ReferralRequestReceivedDate", "yesterday"),
        "MHS607CodedScoreAssessmentAct.csv": ("PersScore", "lots"),
    }
    for name, (field, value) in edits.items():
        _set_cell(folder / name, 0, field, value)
    extract = read_extract(folder)
    found = {(n.location, n.finding.code) for n in extract.notes}
    assert ("MHS201CareContact:1", "MHSDS-KEY-BROKEN") in found
    assert ("MHS401MHActPeriod:1", "MHSDS-CODE-UNKNOWN") in found
    assert ("MHS501HospProvSpell:1", "MHSDS-RECORD-NOT-BUILT") in found
    assert ("MHS101Referral:1", "MHSDS-RECORD-NOT-BUILT") in found
    scored = [f.code for r in extract.records for f in r.findings if r.kind == "cluster-assessment"]
    assert "MHSDS-VALUE-INVALID" in scored
    assert_accounted(folder, extract)
    assert_clean(_render(extract))


def test_a_discharge_at_the_end_of_the_calendar_is_read(tmp_path: Path) -> None:
    """A hospital spell discharged on 9999-12-31 stopped the whole extract: the follow-up
    window's end lay past the calendar."""
    folder = _copy(tmp_path)
    path = folder / "MHS501HospProvSpell.csv"
    for index in range(_data_rows(path)):
        _set_cell(path, index, "DischDateHospProvSpell", "9999-12-31")
    extract = read_extract(folder)
    assert_accounted(folder, extract)
    assert_clean(_render(extract))


def _set_cell(path: Path, index: int, field: str, value: str) -> None:
    text = path.read_bytes().decode("utf-8", "surrogateescape")
    rows = list(csv.reader(io.StringIO(text, newline="")))
    column = [h.strip() for h in rows[0]].index(field)
    rows[1 + index][column] = value
    out = io.StringIO(newline="")
    csv.writer(out, lineterminator="\n").writerows(rows)
    path.write_bytes(out.getvalue().encode("utf-8", "surrogateescape"))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_planted_cells_never_stop_or_leak(data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as scratch:
        folder = Path(scratch) / "extract"
        shutil.copytree(EXAMPLE, folder)
        _plant(folder, data)
        extract = read_extract(folder)
        assert_clean(_render(extract))
        assert_accounted(folder, extract)


def _plant(folder: Path, data: st.DataObject) -> None:
    for _ in range(data.draw(st.integers(1, 4))):
        table = data.draw(st.sampled_from(TABLE_FILES))
        path = folder / table
        text = path.read_text(encoding="utf-8")
        rows = list(csv.reader(io.StringIO(text, newline="")))
        if len(rows) < 2:
            continue
        row = data.draw(st.integers(1, len(rows) - 1))
        column = data.draw(st.integers(0, len(rows[0]) - 1))
        rows[row][column] = data.draw(st.sampled_from(HOSTILE_CELLS))
        out = io.StringIO(newline="")
        csv.writer(out, lineterminator="\n").writerows(rows)
        path.write_text(out.getvalue(), encoding="utf-8")


def test_a_planted_file_name_is_not_repeated(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _copy(tmp_path)
    (folder / f"MHS999{PLANTED_WORD}.csv").write_text("a\n1\n", encoding="utf-8")
    (folder / f"{PLANTED_NAME}.txt").write_text("x", encoding="utf-8")
    code, out, err = _run_cli(folder, capsys)
    _check_outcome(code, out, err)


def test_not_text_at_all_is_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(tmp_path)
    (folder / "MHS101Referral.csv").write_bytes(b"\x00\x01\x02" * 100)
    code, out, err = _run_cli(folder, capsys)
    _check_outcome(code, out, err)
    assert code == 2


def test_convert_under_hostile_rows(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = _copy(tmp_path)
    _set_cell(folder / "MHS001MPI.csv", 0, "NHSNumber", PLANTED_NUMBERS[0])
    _set_cell(folder / "MHS101Referral.csv", 1, "ServiceRequestId", f"{PLANTED_WORD}\n")
    _set_cell(folder / "MHS102ServiceTypeReferredTo.csv", 2, "CareProfTeamLocalId", PLANTED_NAME)
    code = main(
        ["convert", "--from", "mhsds", str(folder), "--to", "bundle", str(tmp_path / "out")]
    )
    captured = capsys.readouterr()
    assert code == 1
    assert "Traceback" not in captured.err
    assert_clean(captured.out + captured.err)
