"""Streaming validation of files: every record accounted for, rejects byte for byte."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpa_core import batch, extracts, jsondata
from cpa_core.cli import main
from cpa_core.policy import TrustPolicy
from sample_models import VALID

pytestmark = pytest.mark.usefixtures("test_kinds")

GOOD = json.dumps(VALID).encode() + b"\n"
SCHEMA_BAD = json.dumps({**VALID, "on": 20260329}).encode() + b"\n"
VALUE_BAD = json.dumps({**VALID, "nhs_number": "9434765918"}).encode() + b"\n"
RULE_BAD = json.dumps({**VALID, "weight": -1.0}).encode() + b"\n"
WARNED = json.dumps({**VALID, "attended": False}).encode() + b"\n"
MALFORMED = b'{"contact_id": "C9", oops}\n'
NOT_OBJECT = b"[1, 2]\n"
TRUNCATED = json.dumps(VALID).encode()[:40]


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


def test_mixed_file_every_record_accounted_for(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = [GOOD, SCHEMA_BAD, b"\n", VALUE_BAD, RULE_BAD, WARNED, MALFORMED, NOT_OBJECT, TRUNCATED]
    source = write(tmp_path, "in.ndjson", b"".join(lines))
    rejects, valid = tmp_path / "rejects.ndjson", tmp_path / "valid.ndjson"
    code = main(
        ["validate", "--kind", "test-contact", str(source), "--rejects", str(rejects),
         "--valid", str(valid)]
    )  # fmt: skip
    assert code == 1
    # The truncated last line gets the newline that ends every NDJSON record.
    bad = [SCHEMA_BAD, VALUE_BAD, RULE_BAD, MALFORMED, NOT_OBJECT, TRUNCATED + b"\n"]
    assert rejects.read_bytes() == b"".join(bad)
    assert valid.read_bytes() == GOOD + WARNED
    out, err = capsys.readouterr()
    assert err.strip() == f"{source}: 8 records, 2 valid, 6 rejected"
    reported = {line.split(": ")[0].rsplit(":", 1)[1] for line in out.splitlines()}
    assert reported == {"line 2", "line 4", "line 5", "line 6", "line 7", "line 8", "line 9"}
    assert f"{source}:line 2: $.on: RECORD-INVALID error: expected a string" in out
    assert f"{source}:line 4: $.nhs_number: RECORD-VALUE-INVALID error:" in out
    assert f"{source}:line 6: $.attended: TEST-NOT-ATTENDED warning: did not attend" in out
    assert "9434765918" not in out


def test_summary_counts_always_add_up(tmp_path: Path) -> None:
    source = write(tmp_path, "in.ndjson", GOOD * 3 + MALFORMED * 2 + RULE_BAD)
    summary = batch.validate_file(source, "test-contact")
    assert (summary.records, summary.valid, summary.rejected) == (6, 3, 3)
    assert summary.records == summary.valid + summary.rejected
    assert summary.codes == {"RECORD-MALFORMED": 2, "TEST-NEGATIVE-WEIGHT": 1}


def test_two_jobs_give_the_same_results_in_order(tmp_path: Path) -> None:
    lines = [GOOD, SCHEMA_BAD, RULE_BAD, MALFORMED] * 700  # several chunks
    source = write(tmp_path, "in.ndjson", b"".join(lines))
    one: list[Any] = []
    two: list[Any] = []
    batch.validate_file(source, "test-contact", on_result=one.append)
    rejects = io.BytesIO()
    with batch.RecordSink(rejects) as sink:
        summary = batch.validate_file(
            source, "test-contact", jobs=2, rejects=sink, on_result=two.append
        )
    assert one == two
    assert summary.rejected == 2100
    assert rejects.getvalue() == b"".join([SCHEMA_BAD, RULE_BAD, MALFORMED] * 700)


def test_two_jobs_report_findings_alone_as_one_job_does(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With no output that wants every record, the parent builds results only for the lines
    # with findings: their record numbers must still count the clean records and skip the
    # blank lines before them, in every segment.
    monkeypatch.setattr(batch, "SEGMENT_BYTES", 700)
    lines = [GOOD, b"\n", WARNED, GOOD, b"  \n", RULE_BAD, MALFORMED, GOOD, SCHEMA_BAD] * 40
    source = write(tmp_path, "in.ndjson", b"".join(lines))
    found: dict[int, list[Any]] = {1: [], 2: []}
    summaries = {
        jobs: batch.validate_file(source, "test-contact", jobs=jobs, on_findings=found[jobs].append)
        for jobs in (1, 2)
    }
    assert summaries[1] == summaries[2]
    assert (summaries[2].records, summaries[2].rejected) == (280, 120)
    assert found[1] == found[2]
    # Counting clean records only gives the same as building a result for each.
    every: list[Any] = []
    assert batch.validate_file(source, "test-contact", on_result=every.append) == summaries[1]
    assert [r for r in every if r.findings] == found[1]
    assert [r.source.number for r in found[2][:4]] == [2, 4, 5, 7]
    assert [r.source.line for r in found[2][:4]] == [3, 6, 7, 9]


@given(
    lengths=st.lists(st.integers(min_value=1, max_value=300), min_size=1, max_size=60),
    size=st.integers(min_value=1, max_value=2000),
    shares=st.integers(min_value=1, max_value=8),
    smallest=st.integers(min_value=1, max_value=500),
    end_with_newline=st.booleans(),
)
def test_segments_cover_the_file_in_whole_lines(
    lengths: list[int], size: int, shares: int, smallest: int, end_with_newline: bool
) -> None:
    text = b"".join(b"x" * (n - 1) + b"\n" for n in lengths)
    if not end_with_newline:
        text = text[:-1]
    stream = io.BytesIO(text)
    original, batch.SMALLEST_SEGMENT = batch.SMALLEST_SEGMENT, smallest
    try:
        spans = list(batch._segments(stream, 0, size, shares=shares))
    finally:
        batch.SMALLEST_SEGMENT = original
    if not text:
        assert spans == []
        return
    assert [begin for begin, _ in spans] == [0, *(end for _, end in spans[:-1])]
    assert spans[-1][1] == len(text)
    assert all(end > begin for begin, end in spans)
    # Every cut is at a line end, and no segment is cut smaller than it must be: each takes
    # its share of what is left (at least the smallest size, at most the size asked), then
    # runs on to the end of its line.
    for begin, end in spans:
        assert end == len(text) or text[end - 1 : end] == b"\n"
        step = min(size, max(smallest, (len(text) - begin) // shares))
        assert end >= min(begin + step, len(text))
        assert b"\n" not in text[min(begin + step, len(text)) : end - 1]


def test_json_array_items_and_truncation(tmp_path: Path) -> None:
    good = json.dumps(VALID).encode()
    bad = json.dumps({**VALID, "weight": -2}).encode()
    odd = b'{"note": "a ] and a \\" inside"}'
    text = b"[\n  " + good + b",\n  " + odd + b",\n  " + bad + b",\n  " + good[:30]
    source = write(tmp_path, "in.json", text)
    rejects, valid = io.BytesIO(), io.BytesIO()
    results: list[batch.RecordResult] = []
    with batch.RecordSink(rejects) as bad_sink, batch.RecordSink(valid) as good_sink:
        summary = batch.validate_file(
            source, "test-contact", rejects=bad_sink, valid=good_sink, on_result=results.append
        )
    assert (summary.records, summary.valid, summary.rejected) == (4, 1, 3)
    assert [r.source.location for r in results] == [
        "item 1 (line 2)",
        "item 2 (line 3)",
        "item 3 (line 4)",
        "item 4 (line 5)",
    ]
    assert json.loads(valid.getvalue()) == [VALID]
    assert rejects.getvalue() == (
        b'[\n{"note": "a ] and a \\" inside"},\n' + bad + b",\n" + good[:30] + b"\n]\n"
    )


@pytest.mark.parametrize(
    ("content", "records"),
    [(b"[]", 0), (b"  \n", 0), (b" [ ] \n", 0), (b"[" + GOOD + b"]\n", 1)],
)
def test_json_array_edges(tmp_path: Path, content: bytes, records: int) -> None:
    summary = batch.validate_file(write(tmp_path, "in.json", content), "test-contact")
    assert summary.records == records


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[,]", "line 1: an array item is missing"),
        (b"[" + GOOD.strip() + b",]", "line 1: an array item is missing"),
        (b"[" + GOOD.strip() + b",,\n" + GOOD.strip() + b"]", "line 1: an array item is missing"),
        (b"[" + GOOD + b"] trailing", "line 2: text after the closing ']'"),
        (b"[" + GOOD.strip() + b",", "line 1: the file ends before the array's closing ']'"),
    ],
)
def test_json_array_shape_errors(tmp_path: Path, content: bytes, message: str) -> None:
    # A file that is not a JSON array as a whole is an input error, not a record: its
    # records are not reported as valid.
    with pytest.raises(batch.InputError, match=f"in.json: {message}"):
        batch.validate_file(write(tmp_path, "in.json", content), "test-contact")


def test_records_before_a_shape_error_are_handed_on_first(tmp_path: Path) -> None:
    # Records are checked a chunk at a time; those read before the file turns out not to
    # be an array still reach the callback (and the outputs) before the error, in order.
    content = b"[" + b",".join([GOOD.strip(), SCHEMA_BAD.strip(), GOOD.strip()]) + b"] x"
    seen: list[tuple[int, bool]] = []
    with pytest.raises(batch.InputError, match="text after the closing"):
        batch.validate_file(
            write(tmp_path, "in.json", content),
            "test-contact",
            on_result=lambda r: seen.append((r.source.number, r.valid)),
        )
    assert seen == [(1, True), (2, False), (3, True)]


def test_refused_records_keep_their_place_among_valid_ones(tmp_path: Path) -> None:
    # The compiled pass goes over a chunk before the reference path checks the records it
    # refused: each result still comes in file order, with its own findings.
    lines = [GOOD, SCHEMA_BAD, GOOD, VALUE_BAD, WARNED, MALFORMED] * 400  # chunks of 1,000
    source = write(tmp_path, "in.ndjson", b"".join(lines))
    results: list[batch.RecordResult] = []
    batch.validate_file(source, "test-contact", on_result=results.append)
    one_by_one = [
        batch._verdict(batch._Job("test-contact", "ndjson", b"", TrustPolicy()), line)
        for line in lines
    ]
    assert [r.source.raw for r in results] == lines
    assert [(r.valid, r.findings, r.record_id) for r in results] == one_by_one


@pytest.mark.parametrize("fast", [True, False])
def test_a_json_stream_is_handed_on_record_by_record(
    monkeypatch: pytest.MonkeyPatch, fast: bool
) -> None:
    # A pipe into `validate -` must see each record's result before the next record
    # arrives, refused or not, with the compiled pass or without it.
    if not fast:
        monkeypatch.setattr(batch, "_reader", lambda *_: None)
    read = 0

    def records() -> Iterator[batch.SourceRecord]:
        nonlocal read
        for number, line in enumerate([GOOD, WARNED, GOOD, SCHEMA_BAD, GOOD, GOOD], start=1):
            read = number
            yield batch.SourceRecord(number, f"line {number}", line, number)

    seen = [(r.source.number, read) for r in batch.validate_records(records(), "test-contact")]
    assert seen == [(n, n) for n in range(1, 7)]


def test_json_that_is_not_an_array_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(batch.InputError, match="not a JSON array"):
        batch.validate_file(write(tmp_path, "in.json", b'{"a": 1}'), "test-contact")


CSV_HEADER = b"contact_id,nhs_number,on,mode,minutes,weight,attended,note\r\n"


def test_csv_for_flat_kinds(tmp_path: Path) -> None:
    rows = [
        b"C1,4000000632,2026-03-29,telephone,30,1.5,true,\r\n",
        b'C2,4000000632,2026-03-29,,,,false,"two\r\nlines, one cell"\r\n',
        b"C3,4000000632,2026-03-29,telephone,thirty,1,true,\r\n",
        b"C4,4000000632,2026-03-29\r\n",
        b"C5,4000000632,2026-03-29,telephone,1,2,maybe,\r\n",
        b'C6,4000000632,2026-03-29,telephone,1,2,true,"unterminated\r\n',
    ]
    source = write(tmp_path, "in.csv", CSV_HEADER + b"".join(rows))
    rejects = io.BytesIO()
    results: list[batch.RecordResult] = []
    with batch.RecordSink(rejects) as sink:
        summary = batch.validate_file(
            source, "test-flat-contact", rejects=sink, on_result=results.append
        )
    assert (summary.records, summary.valid, summary.rejected) == (6, 2, 4)
    assert rejects.getvalue() == CSV_HEADER + b"".join(rows[2:])
    by_row = {r.source.location: [(f.path, f.code) for f in r.findings] for r in results}
    assert by_row["row 3 (line 5)"] == [("$.minutes", "RECORD-INVALID")]
    assert by_row["row 4 (line 6)"] == [("$", "RECORD-MALFORMED")]
    assert by_row["row 5 (line 7)"] == [("$.attended", "RECORD-INVALID")]


_CSV_BYTES = [b"a", b"bc", b",", b",", b'"', b"\r", b"\n", b"\r\n", b"\x00", b"\xff", b" "]
_CSV_BYTES += ["\u00e9".encode(), "\ufeff".encode()]


def _cells_or_error(raw: bytes) -> list[str] | str:
    try:
        return extracts.csv_cells(raw)
    except ValueError as exc:
        return type(exc).__name__


def _feed(
    lines: list[tuple[int, bytes]], taken: list[tuple[int, bytes]], ran_out: list[bool]
) -> Iterator[str]:
    for line in lines:
        taken.append(line)
        yield line[1].decode("utf-8", "surrogateescape")
    ran_out.append(True)


def _reference_rows(data: bytes) -> list[tuple[int, bytes]]:
    """Rows as Python's CSV reader finds them when given every line, blank rows skipped;
    a quote that never closes before the end makes only its own line a row (docs/etl.md)."""
    numbered = list(enumerate(extracts.lines_of(data), start=1))
    rows: list[tuple[int, bytes]] = []
    while numbered:
        taken: list[tuple[int, bytes]] = []
        ran_out: list[bool] = []
        try:
            cells: list[str] | None = next(csv.reader(_feed(numbered, taken, ran_out), strict=True))
        except csv.Error:
            cells = None
            if ran_out:
                del taken[1:]
        numbered = numbered[len(taken) :]
        if cells != []:
            rows.append((taken[0][0], b"".join(raw for _, raw in taken)))
    return rows


def _reference_cells(raw: bytes) -> list[str] | str:
    """A row's cells as Python's CSV reader splits its lines; an error unless it is
    UTF-8 and exactly one row."""
    try:
        lines = io.StringIO(raw.decode("utf-8"), newline="\n")
        rows = [cells for cells in csv.reader(lines, strict=True) if cells]
    except UnicodeDecodeError:
        return "UnicodeDecodeError"
    except csv.Error:
        return "ValueError"
    return rows[0] if len(rows) == 1 else "ValueError"


@given(
    data=st.lists(st.sampled_from(_CSV_BYTES), max_size=40).map(b"".join),
    limit=st.sampled_from([4, csv.field_size_limit()]),
)
def test_csv_is_read_as_the_csv_module_reads_it(data: bytes, limit: int) -> None:
    # Rows and cells, against the csv module given every line (the reading skips it for
    # most lines); with a small field limit, long plain cells too.
    default = csv.field_size_limit(limit)
    try:
        records = list(extracts._csv_rows(io.BytesIO(data)))
        assert [r.number for r in records] == list(range(len(records)))
        rows = [(r.line, r.raw) for r in records]
        assert rows == _reference_rows(data)
        for raw in [raw for _, raw in rows] + extracts.lines_of(data):
            assert _cells_or_error(raw) == _reference_cells(raw), raw
        _assert_block_split_as_rows([raw for _, raw in rows])
    finally:
        csv.field_size_limit(default)


def _assert_block_split_as_rows(raws: list[bytes]) -> None:
    # A block written as JSON holds each row's cells as the CSV reader splits the row, an
    # empty cell null; or it is refused (None) and each row is split alone.
    block = extracts.csv_block_json(raws)
    if block is None:
        return
    try:
        decoded = json.loads(block)
    except ValueError:
        # Left for the JSON reader to refuse: bytes that are not UTF-8, a control character.
        text = b"".join(raws).replace(b"\r\n", b"").replace(b"\n", b"")
        assert any(byte < 32 for byte in text) or not _is_utf8(text), raws
        return
    expected = [_reference_cells(raw) for raw in raws]
    assert decoded == [[c or None for c in cells] for cells in expected], raws


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


_PLAIN_CELLS = ["", "a", "1", "x y", "é", ";", "P-1", "2026-01-01", "-", "nul", "ull"]


@given(
    rows=st.lists(
        st.lists(st.sampled_from(_PLAIN_CELLS), min_size=2, max_size=4).map(",".join),
        min_size=1,
        max_size=6,
    ),
    end=st.sampled_from(["\n", "\r\n"]),
    last=st.booleans(),
)
def test_a_block_of_plain_rows_is_split_as_each_row_is(
    rows: list[str], end: str, last: bool
) -> None:
    raws = [(row + end).encode() for row in rows]
    if not last:  # the file's last row, without its line end
        raws[-1] = raws[-1].rstrip(b"\r\n")
    assert extracts.csv_block_json(raws) is not None
    _assert_block_split_as_rows(raws)


@pytest.mark.parametrize(
    "raws",
    [
        [b"a,b\n", b"c,d\r\n"],  # line ends unlike the first row's
        [b"a,b\r\n", b"c,d\n"],
        [b"a,b", b"c,d\n"],  # a row without its line end before another
        [b"a,b\n", b"c,d\ne,f\n"],  # not one line a row
        [b'a,"b"\n'],  # a quote: for the CSV reader
        [b"a,b\\c\n"],  # a backslash would begin a JSON escape
        [b"a,null\n"],  # text read as null by a reader that makes values of text
        [b"a,NuLl\n"],
        [b"a\rb,c\n"],  # a carriage return within a row
        [],
    ],
)
def test_a_block_with_a_row_that_is_not_plain_is_refused(raws: list[bytes]) -> None:
    assert extracts.csv_block_json(raws) is None


_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


def _documented(text: str, json_type: str) -> Any:
    """A cell as docs/etl.md maps it: typed only where its field is of that type and the
    text is unambiguous (an integer, a finite decimal, true or false); else text."""
    if json_type in ("integer", "number") and len(text) <= 40 and _NUMBER.fullmatch(text):
        value = float(text)
        if value in (float("inf"), float("-inf")):
            return text
        return int(text) if re.fullmatch(r"-?[0-9]+", text) else value
    if json_type == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


_CELL_TEXT = st.one_of(
    st.sampled_from(["", "0", "-0", "12", "-12", "12.0", "1e3", "1E+3", "1e999", "1" * 41]),
    st.sampled_from(["true", "false", "True", " 1", "1 ", "+1", "1_0", "\u0661", "0x1"]),
    st.text(alphabet="0123456789-.eE+ t", max_size=8),
)


@given(st.data())
def test_csv_cells_are_typed_as_documented(data: st.DataObject) -> None:
    columns = batch._columns("test-flat-contact")
    names = data.draw(st.permutations(list(columns)))
    cells = [data.draw(_CELL_TEXT) for _ in names]
    header = ",".join(names).encode() + b"\n"
    read = batch._row_reader("test-flat-contact", header)
    expected = {n: _documented(c, columns[n]) for n, c in zip(names, cells, strict=True) if c}
    got = read(cells)
    assert got == expected
    assert [type(got[n]) for n in got] == [type(expected[n]) for n in got]
    with pytest.raises(ValueError, match="different number of cells"):
        read([*cells, ""])


def test_csv_header_only_and_nested_kind(tmp_path: Path) -> None:
    empty = batch.validate_file(write(tmp_path, "h.csv", CSV_HEADER), "test-flat-contact")
    assert empty.records == 0
    with pytest.raises(batch.InputError, match="not a flat record kind"):
        batch.validate_file(write(tmp_path, "n.csv", CSV_HEADER), "test-contact")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("garbage.ndjson", b"\x00\x01\x02\xff" * 100, "binary data"),
        ("data.txt", b"{}", "cannot tell the format"),
    ],
)
def test_unusable_input_exits_2_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, content: bytes, message: str
) -> None:
    path = write(tmp_path, name, content)
    assert main(["validate", "--kind", "test-contact", str(path)]) == 2
    err = capsys.readouterr().err
    assert message in err
    assert "Traceback" not in err


def test_missing_file_and_unknown_kind_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", "--kind", "test-contact", str(tmp_path / "absent.ndjson")]) == 2
    assert "cannot read" in capsys.readouterr().err
    source = write(tmp_path, "in.ndjson", GOOD)
    assert main(["validate", "--kind", "no-such-kind", str(source)]) == 2
    assert "no rule for 'no-such-kind'" in capsys.readouterr().err


def test_empty_file_is_a_clean_summary(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = write(tmp_path, "a.ndjson", b"")
    second = write(tmp_path, "b.ndjson", GOOD)
    assert main(["validate", "--kind", "test-contact", str(first), str(second)]) == 0
    err = capsys.readouterr().err
    assert f"{first}: 0 records, 0 valid, 0 rejected" in err
    assert "total: 1 records, 1 valid, 0 rejected" in err


def test_invalid_utf8_line_is_a_malformed_record(tmp_path: Path) -> None:
    source = write(tmp_path, "in.ndjson", GOOD + b'{"note": "\xff\xfe"}\n')
    summary = batch.validate_file(source, "test-contact")
    assert summary.codes == {"RECORD-MALFORMED": 1}


def test_without_the_fast_extra(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(jsondata, "_loads", jsondata._stdlib_loads)
    monkeypatch.setattr(batch, "_PARSED", dict.fromkeys(batch._PARSED, False))
    monkeypatch.setattr(batch, "_fast_precheck", lambda kind: None)
    source = write(tmp_path, "in.ndjson", GOOD + SCHEMA_BAD + MALFORMED)
    summary = batch.validate_file(source, "test-contact")
    assert (summary.valid, summary.rejected) == (1, 2)


def test_unknown_format_name() -> None:
    with pytest.raises(batch.InputError, match="unknown format"):
        batch.read_records(io.BytesIO(b""), "xml")
