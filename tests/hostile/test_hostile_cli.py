"""``cpa-core validate`` under hostile files: nothing lost, nothing leaked, no run stopped.

Each example from issue 14 has a regression test here, and a property test builds files from
good, hostile and malformed records in every format and checks, for ``--jobs 1`` and 2:
records in = valid + rejected; the valid and rejected outputs hold exactly the input's
records, byte for byte, in order; both runs write identical bytes; no internal error; no
planted NHS number or name in anything printed or reported.
"""

from __future__ import annotations

import contextlib
import csv
import gzip
import io
import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import batch, files, registry, validate
from cpa_core.cli import main
from cpa_core.schemas import schema_for
from cpa_core.validation_report import FINDING_KIND, SUMMARY_KIND, FindingLine, SummaryLine
from hostile_inputs import (
    EXAMPLES,
    HOSTILE_LINES,
    PLANTED_NAME,
    PLANTED_NUMBERS,
    PLANTED_WORD,
    REAL_KINDS,
    assert_clean,
    encodable,
    hostile_record,
)

CARE = EXAMPLES["care-episode"]
GOOD = json.dumps(CARE[0]).encode() + b"\n"
FLAT = "cluster-assignment"
COLUMNS = list(batch.csv_columns(registry.record_kind(FLAT)))


def csv_text(rows: list[dict[str, Any]], end: str = "\n") -> str:
    """The rows as CSV with every column of the flat kind, a header first."""
    text = io.StringIO()
    writer = csv.DictWriter(text, COLUMNS, lineterminator=end)
    writer.writeheader()
    writer.writerows(rows)
    return text.getvalue()


def run(*args: str) -> tuple[int, str, str]:
    """``main`` in this process, with what it printed."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    assert "internal error" not in err.getvalue()
    assert_clean(out.getvalue() + err.getvalue())
    return code, out.getvalue(), err.getvalue()


def write(path: Path, content: bytes) -> Path:
    path.write_bytes(content)
    return path


# The examples in issue 14 ---------------------------------------------------------------


def test_rejects_that_is_the_input_is_refused_and_the_input_kept(tmp_path: Path) -> None:
    source = write(tmp_path / "x.ndjson", GOOD * 3)
    code, _, err = run("validate", "--kind", "care-episode", str(source), "--rejects", str(source))
    assert code == 2
    assert "--rejects" in err
    assert "refusing to write over it" in err
    assert source.read_bytes() == GOOD * 3


@pytest.mark.parametrize("link", ["symlink", "hardlink"])
@pytest.mark.parametrize("option", ["--rejects", "--valid", "--report"])
def test_an_output_linked_to_an_input_is_refused(tmp_path: Path, link: str, option: str) -> None:
    source = write(tmp_path / "x.ndjson", GOOD)
    target = tmp_path / "out.ndjson"
    (os.symlink if link == "symlink" else os.link)(source, target)
    code, _, err = run("validate", "--kind", "care-episode", str(source), option, str(target))
    assert code == 2
    assert option in err
    assert source.read_bytes() == GOOD


def test_an_output_that_is_the_policy_file_or_another_output_is_refused(tmp_path: Path) -> None:
    source = write(tmp_path / "x.ndjson", GOOD)
    policy = write(tmp_path / "p.json", b"{}")
    args = ["validate", "--kind", "care-episode", str(source)]
    assert run(*args, "--policy", str(policy), "--valid", str(policy))[0] == 2
    assert policy.read_bytes() == b"{}"
    both = tmp_path / "same.ndjson"
    assert run(*args, "--valid", str(both), "--rejects", str(both))[0] == 2
    assert not both.exists()


def _integral_floats(record: dict[str, Any]) -> dict[str, Any]:
    text = json.dumps(record)
    changed: dict[str, Any] = json.loads(text.replace('"band": 6', '"band": 6.0'))
    return changed


def test_integral_float_in_an_integer_field_is_the_integer(tmp_path: Path) -> None:
    # "band": 6.0 (what pandas writes) is an integer to JSON Schema: the record is valid,
    # the model holds 6, and the run does not stop.
    staff = EXAMPLES["staff-member"]
    lines = [json.dumps(_integral_floats(r)).encode() + b"\n" for r in staff]
    assert b'"band": 6.0' in b"".join(lines)
    source = write(tmp_path / "staff.ndjson", b"".join(lines))
    code, _, err = run("validate", "--kind", "staff-member", str(source))
    assert code in (0, 1)
    assert f"{len(staff)} records" in err


def test_a_fraction_in_a_list_of_integers_is_rejected_as_validate_rejects_it(
    tmp_path: Path,
) -> None:
    # The compiled pass read 1.5 into a list of integers (only fields were made whole), so
    # the command line accepted a record that validate() refuses.
    record = next(r for r in EXAMPLES["consent-record"] if "sharing" in r)
    fraction = {**record, "sharing": {**record["sharing"], "caldicott_principles": [1.5]}}
    whole = {**record, "sharing": {**record["sharing"], "caldicott_principles": [2.0]}}
    lines = [json.dumps(fraction).encode() + b"\n", json.dumps(whole).encode() + b"\n"]
    source = write(tmp_path / "consent.ndjson", b"".join(lines))
    report = tmp_path / "report.ndjson"
    code, _, _ = run("validate", "--kind", "consent-record", str(source), "--report", str(report))
    assert code == 1
    found = [json.loads(line) for line in report.read_text().splitlines()[:-1]]
    errors = [(f["line"], f["code"], f["path"]) for f in found if f["severity"] == "error"]
    assert errors == [(1, "RECORD-INVALID", "$.sharing.caldicott_principles[0]")]
    assert [f.code for f in validate("consent-record", fraction)] == ["RECORD-INVALID"]
    assert validate("consent-record", whole).ok


def test_a_record_whose_check_fails_is_rejected_and_the_run_goes_on(tmp_path: Path) -> None:
    # A DoLS authorisation given on the last day of the calendar: its period cannot be
    # counted. That record is rejected with RECORD-CHECK-FAILED; the next is still checked.
    first = EXAMPLES["dols-authorisation"][0]
    dated = {**first, "given_on": "9999-12-31", "expires_on": "9999-12-31"}
    dated.pop("ended_on", None)
    lines = [json.dumps(dated).encode() + b"\n", json.dumps(first).encode() + b"\n"]
    source = write(tmp_path / "dols.ndjson", b"".join(lines))
    report = tmp_path / "report.ndjson"
    code, _, err = run(
        "validate", "--kind", "dols-authorisation", str(source), "--report", str(report)
    )
    assert code == 1
    assert "2 records" in err
    summary = json.loads(report.read_text().splitlines()[-1])
    assert summary["records"] == summary["valid"] + summary["rejected"] == 2


def test_stray_quote_in_a_csv_cell_costs_one_row(tmp_path: Path) -> None:
    rows = [row for row in EXAMPLES[FLAT] if validate(FLAT, row).ok]
    lines = csv_text(rows).splitlines(keepends=True)
    # A cell that opens a quote and never closes it, then good rows after it.
    broken = lines[1].replace(rows[0]["assignment_id"], '"' + rows[0]["assignment_id"], 1)
    content = "".join([lines[0], broken, *lines[2:]]).encode()
    source = write(tmp_path / "ca.csv", content)
    valid, rejects = tmp_path / "valid.csv", tmp_path / "rejects.csv"
    code, _, err = run(
        "validate", "--kind", "cluster-assignment", str(source),
        "--valid", str(valid), "--rejects", str(rejects),
    )  # fmt: skip
    assert code == 1
    assert f"{len(rows)} records, {len(rows) - 1} valid, 1 rejected" in err
    assert rejects.read_bytes() == (lines[0] + broken).encode()
    assert valid.read_bytes() == "".join([lines[0], *lines[2:]]).encode()


def test_quoted_newlines_in_csv_are_one_record(tmp_path: Path) -> None:
    row = EXAMPLES[FLAT][0]
    header = ",".join(row) + "\r\n"
    cells = [f'"{v}\r\nstill the same cell"' if k == "assignment_id" else str(v)
             for k, v in row.items()]  # fmt: skip
    content = (header + ",".join(cells) + "\r\n" + ",".join(map(str, row.values()))).encode()
    valid, rejects = tmp_path / "v.csv", tmp_path / "r.csv"
    _, _, err = run(
        "validate", "--kind", "cluster-assignment", str(write(tmp_path / "q.csv", content)),
        "--valid", str(valid), "--rejects", str(rejects),
    )  # fmt: skip
    assert ": 2 records" in err
    written = valid.read_bytes()[len(header) :] + rejects.read_bytes()[len(header) :]
    assert (",".join(cells) + "\r\n").encode() in written  # the two lines, whole


def test_csv_without_a_header_names_columns_never_values(tmp_path: Path) -> None:
    row = {**EXAMPLES[FLAT][0], "nhs_number": PLANTED_NUMBERS[0]}
    content = (",".join(map(str, row.values())) + "\n") * 3
    code, _, err = run("validate", "--kind", "cluster-assignment",
                       str(write(tmp_path / "n.csv", content.encode())))  # fmt: skip
    assert code == 2
    assert "is the header row missing?" in err


@pytest.mark.parametrize("depth", [1_000, 1_100, 100_000])
def test_deep_nesting_is_a_rejected_record(tmp_path: Path, depth: int) -> None:
    line = b'{"reviews": ' + b"[" * depth + b"]" * depth + b"}\n"
    code, _, err = run(
        "validate", "--kind", "care-episode", str(write(tmp_path / "d.ndjson", line + GOOD))
    )
    assert code == 1
    assert "2 records, 1 valid, 1 rejected" in err


def test_unknown_keys_are_never_echoed(tmp_path: Path) -> None:
    record = {**CARE[0], PLANTED_NUMBERS[0]: PLANTED_NAME, PLANTED_WORD: 1}
    source = write(tmp_path / "u.ndjson", json.dumps(record).encode() + b"\n")
    code, out, _ = run("validate", "--kind", "care-episode", str(source))
    assert code == 1
    assert "unknown field" in out
    assert ".<key " in out


@pytest.mark.parametrize("value", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_numbers_in_staff_hours_are_refused(tmp_path: Path, value: str) -> None:
    staff = EXAMPLES["staff-member"][0]
    line = json.dumps(staff).replace('"completed_on"', f'"hours": {value}, "completed_on"', 1)
    code, out, _ = run(
        "validate", "--kind", "staff-member", str(write(tmp_path / "s.ndjson", line.encode()))
    )
    assert code == 1
    assert "RECORD-MALFORMED" in out


def test_several_inputs_make_one_well_formed_output(tmp_path: Path) -> None:
    # NDJSON: a last line without a newline must not run into the next file's first line.
    first = write(tmp_path / "a.ndjson", GOOD + GOOD.rstrip(b"\n"))
    second = write(tmp_path / "b.ndjson", GOOD)
    valid = tmp_path / "valid.ndjson"
    assert run("validate", "--kind", "care-episode", str(first), str(second),
               "--valid", str(valid))[0] in (0, 1)  # fmt: skip
    assert valid.read_bytes().count(b"\n") == valid.read_bytes().count(b'{"episode_id"')
    # JSON: one array, however many files.
    arrays = [write(tmp_path / f"{n}.json", b"[" + GOOD.strip() + b"]") for n in "ab"]
    out = tmp_path / "all.json"
    run("validate", "--kind", "care-episode", *map(str, arrays), "--valid", str(out))
    assert len(json.loads(out.read_bytes())) == 2
    # CSV: one header.
    table = csv_text(EXAMPLES[FLAT][:1]).encode()
    tables = [write(tmp_path / f"{n}.csv", table) for n in "ab"]
    out_csv = tmp_path / "all.csv"
    run("validate", "--kind", "cluster-assignment", *map(str, tables), "--valid", str(out_csv))
    assert out_csv.read_bytes().count(b"assignment_id") == 1
    assert out_csv.read_bytes().count(b"\n") == 3


def test_inputs_that_cannot_share_an_output_leave_no_file(tmp_path: Path) -> None:
    one = write(tmp_path / "a.csv", (",".join(COLUMNS) + "\n").encode())
    other = write(tmp_path / "b.csv", (",".join(reversed(COLUMNS)) + "\n").encode())
    out = tmp_path / "valid.csv"
    code, _, err = run("validate", "--kind", "cluster-assignment", str(one), str(other),
                       "--valid", str(out))  # fmt: skip
    assert code == 2
    assert "different columns" in err
    assert not out.exists()
    assert not list(tmp_path.glob(".valid.csv.*"))


@pytest.mark.parametrize(
    "content", [b"[" + GOOD.strip() + b",]", b"[" + GOOD.strip() + b"] and more", b"[,]"]
)
def test_json_with_a_trailing_comma_or_garbage_is_an_input_error(
    tmp_path: Path, content: bytes
) -> None:
    valid = tmp_path / "v.json"
    code, _, err = run("validate", "--kind", "care-episode",
                       str(write(tmp_path / "t.json", content)), "--valid", str(valid))  # fmt: skip
    assert code == 2
    assert err.startswith("cpa-core: ")
    assert not valid.exists()


def test_a_fifo_is_read_and_one_without_a_writer_does_not_hang(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fifo = tmp_path / "in.ndjson"
    os.mkfifo(fifo)

    def writer() -> None:
        with fifo.open("wb") as stream:
            stream.write(GOOD * 2)

    thread = threading.Thread(target=writer)
    thread.start()
    code, _, err = run("validate", "--kind", "care-episode", str(fifo))
    thread.join()
    assert "2 records" in err
    monkeypatch.setattr(files, "FIFO_WAIT_SECONDS", 0.2)
    started = time.monotonic()
    code, _, err = run("validate", "--kind", "care-episode", str(fifo))
    assert code == 2
    assert "nothing wrote to the FIFO" in err
    assert time.monotonic() - started < 5


def test_a_byte_order_mark_is_accepted_in_every_format(tmp_path: Path) -> None:
    bom = files.BOM
    ndjson = write(tmp_path / "b.ndjson", bom + GOOD)
    array = write(tmp_path / "b.json", bom + b"[" + GOOD + b"]")
    table = write(tmp_path / "b.csv", bom + csv_text(EXAMPLES[FLAT][:1]).encode())
    for path, kind in ((ndjson, "care-episode"), (array, "care-episode"), (table, FLAT)):
        _, out, err = run("validate", "--kind", kind, str(path))
        assert "RECORD-MALFORMED" not in out
        assert "1 records" in err


def test_standard_input_and_gzip(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    packed = write(tmp_path / "x.ndjson.gz", gzip.compress(GOOD * 3))
    assert "3 records" in run("validate", "--kind", "care-episode", str(packed))[2]
    hidden = write(tmp_path / "x.data", gzip.compress(GOOD * 2))  # by content, not by name
    assert "2 records" in run("validate", "--kind", "care-episode", "--format", "ndjson",
                              str(hidden))[2]  # fmt: skip
    process = subprocess.run(
        [sys.executable, "-m", "cpa_core", "validate", "--kind", "care-episode", "-",
         "--format", "ndjson"],
        input=GOOD * 4, capture_output=True, check=False,
    )  # fmt: skip
    assert "<stdin>: 4 records" in process.stderr.decode()
    code, _, err = run("validate", "--kind", "care-episode", "-")
    assert code == 2
    assert "--format" in err


def test_standard_input_from_a_file_with_two_jobs(tmp_path: Path) -> None:
    # Standard input redirected from a file can seek, but has no name for workers to
    # open: it is read here and its records sent to them (it once failed with "No such
    # file or directory", the workers opening a file called "-").
    source = write(tmp_path / "x.ndjson", GOOD * 5)
    with source.open("rb") as stdin:
        process = subprocess.run(
            [sys.executable, "-m", "cpa_core", "validate", "--kind", "care-episode", "-",
             "--format", "ndjson", "--jobs", "2"],
            stdin=stdin, capture_output=True, check=False,
        )  # fmt: skip
    assert process.returncode in {0, 1}, process.stderr
    assert "<stdin>: 5 records" in process.stderr.decode()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.ndjson", b"", None),
        ("binary.ndjson", b"\x00\x01" * 100, "binary data"),
        ("bad.ndjson.gz", gzip.compress(GOOD * 50)[:60], "gzip"),
        ("folder.ndjson", None, "cannot read"),
        ("absent.ndjson", "absent", "cannot read"),
    ],
)
def test_unusable_inputs_exit_2_or_give_a_clean_summary(
    tmp_path: Path, name: str, content: bytes | str | None, message: str | None
) -> None:
    path = tmp_path / name
    if content is None:
        path.mkdir()
    elif isinstance(content, bytes):
        path.write_bytes(content)
    out = tmp_path / "valid.ndjson"
    code, _, err = run("validate", "--kind", "care-episode", str(path), "--valid", str(out))
    if message is None:
        assert code == 0
        assert "0 records, 0 valid, 0 rejected" in err
        assert out.read_bytes() == b""
    else:
        assert code == 2
        assert message in err
        assert len(err.strip().splitlines()) == 1
        assert not out.exists()


def test_report_file_lines_match_their_schemas(tmp_path: Path) -> None:
    lines = [GOOD, b"{oops\n", json.dumps({**CARE[0], "x": 1}).encode() + b"\n"]
    report = tmp_path / "r.ndjson"
    run("validate", "--kind", "care-episode", str(write(tmp_path / "in.ndjson", b"".join(lines))),
        "--report", str(report))  # fmt: skip
    finding_schema = jsonschema.Draft202012Validator(schema_for(FindingLine, FINDING_KIND))
    summary_schema = jsonschema.Draft202012Validator(schema_for(SummaryLine, SUMMARY_KIND))
    parsed = [json.loads(line) for line in report.read_text().splitlines()]
    assert [p["entry"] for p in parsed] == ["finding"] * (len(parsed) - 1) + ["summary"]
    for line in parsed[:-1]:
        finding_schema.validate(line)
    summary_schema.validate(parsed[-1])
    assert {(p["record"], p["line"], p["code"]) for p in parsed[:-1]} >= {
        (2, 2, "RECORD-MALFORMED"),
        (3, 3, "RECORD-INVALID"),
    }
    assert parsed[-1]["records"] == 3
    ids = {p["record"]: p["record_id"] for p in parsed[:-1]}
    assert ids[2] is None  # not readable: no identifier
    assert ids[3] == CARE[0]["episode_id"]


def test_version_and_bad_jobs(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.startswith("cpa-core ")
    for jobs in ("0", "-1", "two"):
        with pytest.raises(SystemExit) as stopped:
            main(["validate", "--kind", "care-episode", "x.ndjson", "--jobs", jobs])
        assert stopped.value.code == 2


def test_no_traceback_from_a_real_process(tmp_path: Path) -> None:
    content = b"".join(HOSTILE_LINES) + GOOD
    source = write(tmp_path / "h.ndjson", content)
    process = subprocess.run(
        [sys.executable, "-m", "cpa_core", "validate", "--kind", "care-episode", str(source)],
        capture_output=True, check=False,
    )  # fmt: skip
    assert process.returncode == 1
    assert b"Traceback" not in process.stderr
    assert_clean(process.stdout.decode() + process.stderr.decode())


# The contract as a property ---------------------------------------------------------------


def _ndjson_record(draw: st.DrawFn, kind: str) -> bytes:
    choice = draw(st.sampled_from(["good", "hostile", "line"]))
    if choice == "good":
        return json.dumps(draw(st.sampled_from(EXAMPLES[kind]))).encode() + b"\n"
    if choice == "line":
        line = draw(st.sampled_from([line for line in HOSTILE_LINES if line.strip()]))
        return line if line.endswith(b"\n") else line + b"\n"
    value = draw(hostile_record(kind))
    if not encodable(value):
        return b'{"' + PLANTED_NAME.encode() + b'": NaN}\n'
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass") + b"\n"


@st.composite
def hostile_files(draw: st.DrawFn) -> tuple[str, str, list[list[bytes]], list[bytes], bool]:
    """``(kind, format, records of each file, each file's content, exact)``.

    One or two files. ``exact``: the records split as written. CSV rows are written either
    by a CSV writer (quotes doubled, cells with newlines quoted: each row is one record) or
    naively, where a stray quote may join rows. A file's last record may lack its newline.
    """
    fmt = draw(st.sampled_from(["ndjson", "json", "csv"]))
    exact = True
    kind = FLAT if fmt == "csv" else draw(st.sampled_from(REAL_KINDS))
    records: list[bytes] = []
    if fmt == "csv":
        cells = st.sampled_from(
            ["x", "", '"', 'a"b', "a\nb", "NaN", "12.0", PLANTED_NAME, PLANTED_NUMBERS[0], "\u00e9"]
        )
        exact = draw(st.booleans())
        for _ in range(draw(st.integers(1, 12))):
            example = draw(st.sampled_from(EXAMPLES[kind]))
            row = {c: str(example.get(c, "")) for c in COLUMNS}
            for column in draw(st.lists(st.sampled_from(COLUMNS), max_size=2)):
                row[column] = draw(cells)
            if exact:
                records.append(csv_text([row]).split("\n", 1)[1].encode())
            else:
                naive = ",".join(row[c].replace("\n", " ") for c in COLUMNS)
                records.append(naive.encode() + b"\n")
    else:
        records = [_ndjson_record(draw, kind) for _ in range(draw(st.integers(1, 12)))]
    if fmt == "json":
        records = [
            r.strip()
            for r in records
            if r.strip()[:1] == b"{" and r.count(b"{") == r.count(b"}") and b"[" not in r
        ] or [b"{}"]
    cut = draw(st.integers(0, len(records)))
    parts = [records[:cut], records[cut:]] if draw(st.booleans()) else [records]
    contents = []
    for part in parts:
        if fmt == "json":
            contents.append(b"[\n" + b",\n".join(part) + b"\n]\n" if part else b"[]")
            continue
        body = list(part)
        if body and draw(st.booleans()) is True:
            body[-1] = body[-1].rstrip(b"\n")
            part[-1] = body[-1]
        header = (",".join(COLUMNS) + "\n").encode() if fmt == "csv" else b""
        spaces = [b"\n"] if fmt == "csv" else [b"\n", b"  \n"]
        ends = not body or body[-1].endswith(b"\n")
        blanks = draw(st.lists(st.sampled_from(spaces), max_size=1)) if ends else []
        contents.append(header + b"".join(body) + b"".join(blanks))
    return kind, fmt, parts, contents, exact


def _expected(fmt: str, header: bytes, records: list[bytes]) -> bytes:
    if fmt == "json":
        return b"[\n" + b",\n".join(records) + b"\n]\n" if records else b"[]\n"
    body = b"".join(r if r.endswith(b"\n") else r + b"\n" for r in records)
    return header + body if fmt == "csv" else body


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(case=hostile_files(), jobs=st.sampled_from(["1", "2"]))
def test_every_record_is_accounted_for(
    tmp_path_factory: pytest.TempPathFactory,
    case: tuple[str, str, list[list[bytes]], list[bytes], bool],
    jobs: str,
) -> None:
    kind, fmt, parts, contents, exact = case
    folder = tmp_path_factory.mktemp("run")
    sources = [str(write(folder / f"in{i}.{fmt}", c)) for i, c in enumerate(contents)]
    header = (",".join(COLUMNS) + "\n").encode() if fmt == "csv" else b""
    outputs: dict[str, dict[str, bytes]] = {}
    printed: dict[str, str] = {}
    for run_jobs in sorted({"1", jobs}):
        valid, rejects, report = (folder / f"{n}{run_jobs}.{fmt}" for n in ("v", "r", "p"))
        code, out, _ = run(
            "validate", "--kind", kind, *sources, "--jobs", run_jobs,
            "--valid", str(valid), "--rejects", str(rejects), "--report", str(report),
        )  # fmt: skip
        lines = [json.loads(line) for line in report.read_text("utf-8").splitlines()]
        summary = lines[-1]
        assert summary["records"] == summary["valid"] + summary["rejected"]
        assert code == (1 if summary["rejected"] else 0)
        if exact:
            assert [f["records"] for f in summary["files"]] == [len(p) for p in parts]
            bad = {(f["file"], f["record"]) for f in lines[:-1] if f["severity"] == "error"}
            numbered = [
                ((name, number), record)
                for name, part in zip(sources, parts, strict=True)
                for number, record in enumerate(part, start=1)
            ]
            good_records = [r for at, r in numbered if at not in bad]
            bad_records = [r for at, r in numbered if at in bad]
            assert valid.read_bytes() == _expected(fmt, header, good_records)
            assert rejects.read_bytes() == _expected(fmt, header, bad_records)
        else:
            # Rows joined by a stray quote are one record: every physical line is still in
            # exactly one output, after the header.
            written = valid.read_bytes()[len(header) :] + rejects.read_bytes()[len(header) :]
            expected = b"".join(r.rstrip(b"\n") + b"\n" for p in parts for r in p)
            assert sorted(written.splitlines()) == sorted(expected.splitlines())
        assert_clean(report.read_text("utf-8"))
        outputs[run_jobs] = {p.name[0]: p.read_bytes() for p in (valid, rejects, report)}
        printed[run_jobs] = out
    assert outputs["1"] == outputs[jobs]
    assert printed["1"] == printed[jobs]
    if jobs == "2":
        # Without --valid and --rejects the workers' clean records are only counted: what
        # is printed and reported must not change.
        alone = folder / f"alone.{fmt}"
        _, out, _ = run("validate", "--kind", kind, *sources, "--jobs", "2", "--report", str(alone))
        assert out == printed["1"]
        assert alone.read_bytes() == outputs["1"]["p"]


def test_every_kind_has_hostile_coverage() -> None:
    assert set(REAL_KINDS) <= set(registry.record_kinds())
    assert len(REAL_KINDS) >= 15


@pytest.mark.parametrize("fast", [True, False], ids=["orjson+jsonschema-rs", "standard-library"])
def test_hostile_lines_are_rejected_with_or_without_the_fast_extra(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    from cpa_core import jsondata

    if not fast:
        monkeypatch.setattr(jsondata, "_loads", jsondata._stdlib_loads)
        monkeypatch.setattr(batch, "_PARSED", dict.fromkeys(batch._PARSED, False))
        monkeypatch.setattr(batch, "_fast_precheck", lambda kind: None)
    hostile = [line for line in HOSTILE_LINES if line.strip() and line.endswith(b"\n")]
    source = write(tmp_path / "h.ndjson", GOOD + b"".join(hostile) + GOOD)
    code, _, err = run("validate", "--kind", "care-episode", str(source))
    assert code == 1
    assert f"{len(hostile) + 2} records, 2 valid, {len(hostile)} rejected" in err


def _csv_case(row: dict[str, Any], **cells: Any) -> tuple[bytes, dict[str, Any]]:
    """``row`` written naively (cells joined by commas, no quoting) with some cells
    replaced, and the record the documented column mapping makes of it: an empty cell is an
    absent field, a cell given as ``(text, value)`` is read as ``value``."""
    text = {c: "" if row.get(c) is None else str(row[c]) for c in COLUMNS}
    data = dict(row)
    for column, cell in cells.items():
        text[column], value = cell if isinstance(cell, tuple) else (cell, cell)
        data[column] = value
    raw = ",".join(text[c] for c in COLUMNS).encode() + b"\n"
    return raw, {c: v for c, v in data.items() if text[c]}


def _csv_hostile_rows() -> list[tuple[bytes, dict[str, Any] | None]]:
    """``(raw row, the record it is by the docs, or None when the row is malformed)``."""
    row = next(r for r in EXAMPLES[FLAT] if validate(FLAT, r).ok and "end" not in r)
    good, data = _csv_case(row)
    name = b"," + row["person_id"].encode() + b","

    def person(cell: bytes) -> bytes:
        return good.replace(name, b"," + cell + b",", 1)

    cases: list[tuple[bytes, dict[str, Any] | None]] = [
        (good, data),
        (good[:-1] + b"\r\n", data),  # a CRLF row among LF rows
        (good[:-1] + b"\r\r\n", data),  # a CSV reader takes a run of CRs as the line end
        _csv_case(row, assignment_id=""),  # required and empty: missing
        _csv_case(row, suggested_cluster=""),  # optional and empty: absent
        _csv_case(row, assignment_id="\ufeff" + row["assignment_id"]),  # a BOM is text
        _csv_case(row, person_id="P\x00"),  # a NUL past the first 8 KiB is text
        _csv_case(row, cluster=("12.0", 12)),  # a JSON number: the integer 12
        _csv_case(row, cluster=("-0", 0)),
        _csv_case(row, cluster=" 12"),  # not unambiguous: stays text
        _csv_case(row, cluster="\u0661\u0662"),  # digits, not ASCII ones: stays text
        _csv_case(row, cluster="1" * 41),  # too long to be typed
        _csv_case(row, cluster="1e999"),  # beyond a double: stays text
        # Plain rows are read a chunk at a time as JSON text: none of these may read
        # otherwise than alone. Text reading null is text; a backslash, a tab, a cell
        # after the last column's are what they are row by row.
        _csv_case(row, end="null"),
        _csv_case(row, suggested_cluster="NULL"),
        _csv_case(row, reason="Null"),
        _csv_case(row, person_id="P\\1"),
        _csv_case(row, staff_id="S\t1"),
        _csv_case(row, cluster=("1e1", 10)),  # typed as 10.0, an integer
        _csv_case(row, cluster="0x1"),
        _csv_case(row, cluster=("007", 7)),
        (good[:-1] + b",\n", None),  # an empty cell after the last column's
        # Quoted cells are read by the CSV reader: a doubled quote, a line end in a cell.
        (person(b'"P""1"'), {**data, "person_id": 'P"1'}),
        (person(b'"P\r\n1"'), {**data, "person_id": "P\r\n1"}),
        (person(b'P"1'), {**data, "person_id": 'P"1'}),  # a quote inside a cell is text
        (person(b'"P\r1"'), {**data, "person_id": "P\r1"}),  # a quoted CR is text
        # Malformed: text after a quoted cell's closing quote, a carriage return outside
        # quotes within a row, too many or too few cells, bytes that are not UTF-8, a cell
        # longer than a CSV reader takes.
        (person(b'"P"1'), None),
        (person(b"P\r1"), None),
        (good[:-1] + b"\rX\n", None),
        (good[:-1] + b",x\n", None),
        (good.split(b",", 1)[1], None),
        (person(b"P\xff"), None),
        (person(b"P" * (csv.field_size_limit() + 1)), None),
    ]
    return cases


@pytest.mark.parametrize("plain", [False, True])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_csv_rows_read_as_the_docs_say(tmp_path: Path, jobs: str, plain: bool) -> None:
    # Every CSV case that the reading of plain lines or the CSV reader could get wrong,
    # each judged as the docs promise: the record its cells make under the column mapping,
    # validated as data (not through CSV), or RECORD-MALFORMED; rows written byte for byte.
    # ``plain``: only the rows without a quote, so that the file's plain rows are read a
    # chunk at a time, as JSON text, where a quoted row sends its chunk row by row.
    cases = [c for c in _csv_hostile_rows() if not (plain and b'"' in c[0])]
    header = (",".join(COLUMNS) + "\n").encode()
    padding = [cases[0][0]] * (8192 // len(cases[0][0]) + 1)  # NUL in the first 8 KiB: binary
    if plain:  # each case in a chunk of its own, the rest of the chunk good rows
        cases = [row for case in cases for row in [case] + [cases[0]] * (batch.CHUNK_SIZE - 1)]
    source = write(tmp_path / "rows.csv", header + b"".join(padding + [r for r, _ in cases]))
    valid, rejects, report = (tmp_path / n for n in ("v.csv", "r.csv", "report.ndjson"))
    run(
        "validate", "--kind", FLAT, str(source), "--jobs", jobs,
        "--valid", str(valid), "--rejects", str(rejects), "--report", str(report),
    )  # fmt: skip
    found: dict[int, set[tuple[str, str]]] = {}
    for line in report.read_text("utf-8").splitlines()[:-1]:
        finding = json.loads(line)
        if finding["severity"] == "error":
            found.setdefault(finding["record"], set()).add((finding["path"], finding["code"]))
    accepted: list[bytes] = list(padding)
    rejected: list[bytes] = []
    for number, (raw, data) in enumerate(cases, start=len(padding) + 1):
        if data is None:
            expected = {("$", "RECORD-MALFORMED")}
        else:
            expected = {(f.path, f.code) for f in validate(FLAT, data).errors}
        assert found.get(number, set()) == expected, raw
        (rejected if expected else accepted).append(raw)
    assert valid.read_bytes() == header + b"".join(accepted)
    assert rejects.read_bytes() == header + b"".join(rejected)
