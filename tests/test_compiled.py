"""The compiled decode pass agrees with the reference path: on every record the pass accepts,
the verdict, the findings and the record's identifier are exactly the reference's.

The pass may refuse more than the reference (those records then take the reference path,
which reports them); it must never accept what the reference refuses, nor find differently.
"""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import _compiled, batch, registry
from cpa_core.policy import TrustPolicy
from hostile_inputs import HOSTILE_LINES, hostile_record
from record_fixtures import FIXTURES, mutations

KINDS = sorted({kind for kind, _, _ in FIXTURES if not kind.startswith("test-")})
POLICY = TrustPolicy()


def _reference(kind: str, raw: bytes) -> tuple[bool, tuple[Any, ...], str | None]:
    spec = registry.record_kind(kind)
    job = batch._Job(kind, "ndjson", b"", POLICY)
    outcome, data = batch._checked(job, spec, batch._fast_precheck(spec), raw)
    kept = tuple(f for f in outcome.report if f.severity.value != "info")
    return outcome.ok, kept, batch.record_id(spec, data) if kept else None


def agree(kind: str, raw: bytes) -> bool:
    """Assert the two paths agree on ``raw``; True when the compiled pass accepted it."""
    spec = registry.record_kind(kind)
    job = batch._Job(kind, "ndjson", b"", POLICY)
    compiled = batch._compiled_verdict(job, spec, raw)
    if compiled is None:
        return False
    assert compiled == _reference(kind, raw), raw[:200]
    return True


@pytest.mark.parametrize("kind", KINDS)
def test_every_kind_has_a_compiled_pass(kind: str) -> None:
    assert _compiled.decoder(registry.record_kind(kind).model) is not None


@pytest.mark.parametrize(("kind", "model", "data"), [f for f in FIXTURES if f[0] in KINDS])
def test_every_example_record_is_accepted_with_the_same_findings(
    kind: str, model: type, data: dict[str, Any]
) -> None:
    assert agree(kind, json.dumps(data).encode())


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_records_agree(kind: str, data: st.DataObject) -> None:
    example = data.draw(st.sampled_from([d for k, _, d in FIXTURES if k == kind]))
    mutated = data.draw(mutations(example))
    try:
        raw = json.dumps(mutated).encode()
    except (TypeError, ValueError):
        return
    agree(kind, raw)


@pytest.mark.parametrize("kind", KINDS)
@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_records_agree(kind: str, data: st.DataObject) -> None:
    value = data.draw(hostile_record(kind))
    try:
        raw = json.dumps(value, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError, RecursionError, UnicodeEncodeError):
        return
    agree(kind, raw)


@pytest.mark.parametrize("line", HOSTILE_LINES)
def test_hostile_lines_are_refused_by_the_pass(line: bytes) -> None:
    for kind in KINDS:
        assert not agree(kind, line)


# Text variants a JSON Schema date-time pattern or the reference converter treats strictly.
_INSTANT_VARIANTS = [
    ("T", " "),  # a space instead of T
    ("T", "t"),
    ("Z", "z"),
    ("+00:00", "-00:00"),
    ("+00:00", ""),  # no offset
    (":00Z", ":60Z"),  # a leap second
    (":00Z", ":00.1234567Z"),  # finer than a microsecond
    (":00+01:00", ":00+24:00"),
]


def _instants(node: Any) -> list[tuple[Any, Any]]:
    found: list[tuple[Any, Any]] = []
    stack = [node]
    while stack:
        current = stack.pop()
        items = current.items() if isinstance(current, dict) else enumerate(current)
        for key, value in items:
            if isinstance(value, str) and re.fullmatch(r"\d{4}-\d\d-\d\dT.*", value):
                found.append((current, key))
            elif isinstance(value, dict | list):
                stack.append(value)
    return found


@pytest.mark.parametrize("kind", KINDS)
def test_instant_and_number_variants_agree(kind: str) -> None:
    for example in [d for k, _, d in FIXTURES if k == kind]:
        for index in range(len(_instants(example))):
            for old, new in _INSTANT_VARIANTS:
                variant = copy.deepcopy(example)
                parent, key = _instants(variant)[index]
                parent[key] = parent[key].replace(old, new)
                agree(kind, json.dumps(variant).encode())
        # Every date moved to either end of a century: breaks "end before start" invariants
        # that only a model can state.
        text = json.dumps(example)
        for day in set(re.findall(r'"(\d{4}-\d\d-\d\d)"', text)):
            for far in ("1900-01-01", "2099-12-31"):
                agree(kind, text.replace(f'"{day}"', f'"{far}"').encode())
        # Every NHS number with a wrong check digit (a constraint no schema can express).
        text = json.dumps(example)
        for number in set(re.findall(r'"(\d{10})"', text)):
            wrong = number[:9] + str((int(number[9]) + 1) % 10)
            assert not agree(kind, text.replace(number, wrong).encode())
        # An integral float in an integer field, keys in another order, pretty printing.
        text = json.dumps(example)
        agree(kind, re.sub(r'(": )(\d+)([,}])', r"\1\2.0\3", text).encode())
        agree(kind, json.dumps(dict(reversed(list(example.items())))).encode())
        agree(kind, json.dumps(example, indent=2).encode())


FLAT = "cluster-assignment"
COLUMNS = list(batch.csv_columns(registry.record_kind(FLAT)))
CELLS = ["", "x", "12", "12.0", "12.5", "-1", "99", "true", "2026-02-30", "2026-01-01",
         "9990001502", "9990001503", "P 1", "CL-1", "planned-review", "NaN", "1e999"]  # fmt: skip


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_csv_rows_agree(data: st.DataObject) -> None:
    import csv
    import io

    example = data.draw(st.sampled_from([d for k, _, d in FIXTURES if k == FLAT]))
    row = {c: str(example.get(c, "")) for c in COLUMNS}
    for column in data.draw(st.lists(st.sampled_from(COLUMNS), max_size=3)):
        row[column] = data.draw(st.sampled_from(CELLS))
    text = io.StringIO()
    csv.writer(text, lineterminator="\n").writerows([COLUMNS, [row[c] for c in COLUMNS]])
    header, raw = (line.encode() for line in text.getvalue().splitlines(keepends=True))
    spec = registry.record_kind(FLAT)
    job = batch._Job(FLAT, "csv", header, POLICY)
    compiled = batch._compiled_verdict(job, spec, raw)
    if compiled is None:
        return
    outcome, parsed = batch._checked(job, spec, batch._fast_precheck(spec), raw)
    kept = tuple(f for f in outcome.report if f.severity.value != "info")
    assert compiled == (outcome.ok, kept, batch.record_id(spec, parsed) if kept else None)


# CSV rows read a chunk at a time (batch._compiled_verdicts, extracts.csv_block_json and
# _compiled.rows_reader): every verdict the block gives is the reference's for that row.
# Number cells are drawn from texts of digits, signs, points, exponents and letters, where
# msgspec's lax reading of text could differ from the CSV path's typing of cells.
NUMBER_TEXT = st.text(alphabet="0123456789.eE+-_ nNaIif", max_size=6)
BLOCK_CELLS = [*CELLS, "null", "NULL", "Null", "a\\b", "a\tb", "ü", "007", "+5", " 5", "0x1"]
REQUIRED = ("assignment_id", "person_id", "cluster", "start")
OPTIONAL_COLUMNS = [c for c in COLUMNS if c not in REQUIRED]


def _row_bytes(cells: list[str], end: bytes) -> bytes:
    return ",".join(cells).encode("utf-8", "surrogateescape") + end


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_csv_blocks_agree(data: st.DataObject) -> None:
    examples = [d for k, _, d in FIXTURES if k == FLAT]
    left_out = data.draw(st.lists(st.sampled_from(OPTIONAL_COLUMNS), unique=True, max_size=3))
    columns = data.draw(st.permutations([c for c in COLUMNS if c not in left_out]))
    end = data.draw(st.sampled_from([b"\n", b"\r\n"]))
    raws = []
    for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
        example = data.draw(st.sampled_from(examples))
        row = {c: str(example.get(c, "")) for c in columns}
        for column in data.draw(st.lists(st.sampled_from(columns), max_size=3)):
            row[column] = data.draw(st.sampled_from(BLOCK_CELLS) | NUMBER_TEXT)
        cells = [row[c] for c in columns]
        if data.draw(st.integers(0, 9)) == 0:  # a row with a cell too many or too few
            cells = cells[:-1] if data.draw(st.booleans()) else [*cells, "1"]
        raw = _row_bytes(cells, end)
        if data.draw(st.integers(0, 19)) == 0:
            raw = raw.replace(b"P", b"\xff", 1)  # not UTF-8
        raws.append(raw)
    header = ",".join(columns).encode() + end
    spec = registry.record_kind(FLAT)
    job = batch._Job(FLAT, "csv", header, POLICY)
    verdicts = batch._compiled_verdicts(job, spec, raws)
    assert len(verdicts) == len(raws)
    for verdict, raw in zip(verdicts, raws, strict=True):
        if verdict is None:
            continue
        outcome, parsed = batch._checked(job, spec, batch._fast_precheck(spec), raw)
        kept = tuple(f for f in outcome.report if f.severity.value != "info")
        assert verdict == (outcome.ok, kept, batch.record_id(spec, parsed) if kept else None), raw


def _row_by_row_is_not_called(*_: object) -> None:
    raise AssertionError("a row of a plain block was read alone")


def test_a_block_of_plain_rows_is_read_in_one_go(monkeypatch: pytest.MonkeyPatch) -> None:
    # The block path is taken (the test above would pass without it), and for a header
    # that leaves out optional columns too.
    examples = [d for k, _, d in FIXTURES if k == FLAT]
    spec = registry.record_kind(FLAT)
    for columns in (COLUMNS, [c for c in COLUMNS if c not in ("suggested_cluster", "end")]):
        header = ",".join(columns).encode() + b"\r\n"
        raws = [
            _row_bytes(["" if e.get(c) is None else str(e[c]) for c in columns], b"\r\n")
            for e in examples
        ]
        job = batch._Job(FLAT, "csv", header, POLICY)
        one_by_one = [batch._compiled_verdict(job, spec, raw) for raw in raws]
        with monkeypatch.context() as patch:
            patch.setattr(batch, "_compiled_verdict", _row_by_row_is_not_called)
            assert batch._compiled_verdicts(job, spec, raws) == one_by_one


def test_a_row_the_block_refuses_is_read_alone() -> None:
    spec = registry.record_kind(FLAT)
    example = next(d for k, _, d in FIXTURES if k == FLAT)
    header = ",".join(COLUMNS).encode() + b"\n"
    good = _row_bytes(["" if example.get(c) is None else str(example[c]) for c in COLUMNS], b"\n")
    wrong = good.replace(b"\n", b",1\n")  # a cell after the last column's
    job = batch._Job(FLAT, "csv", header, POLICY)
    verdicts = batch._compiled_verdicts(job, spec, [good, wrong, good])
    assert verdicts[0] == verdicts[2] == batch._compiled_verdict(job, spec, good)
    assert verdicts[0] is not None
    assert verdicts[1] is None


@pytest.mark.parametrize(
    "names",
    [
        ("assignment_id",),  # one column: a blank row would read as one empty cell
        ("assignment_id", "person_id", "person_id"),  # a column named twice
        ("assignment_id", "nobody"),  # not a field
        ("person_id", "cluster", "start"),  # a required field left out
    ],
)
def test_a_header_the_block_cannot_read_takes_the_row_path(names: tuple[str, ...]) -> None:
    assert _compiled.rows_reader(registry.record_kind(FLAT).model, names) is None


def test_lax_reads_a_bounded_whole_number_as_the_csv_path_types_it() -> None:
    # Every text of up to three characters from digits, signs, points, exponents, spaces
    # and the letters of nan and inf: a text that lax mode reads into the row Struct's
    # integer field, the CSV path types as the same number (_read_alike's claim; the
    # Struct then makes either whole or refuses it).
    import itertools

    import msgspec

    model = registry.record_kind(FLAT).model
    row = _compiled._generate(model, msgspec, order=tuple(COLUMNS))
    annotation = row.__annotations__["cluster"]
    read = 0
    for size in range(4):
        for chars in itertools.product("0123456789.eE+-_ nNaIif", repeat=size):
            text = "".join(chars)
            try:
                lax = msgspec.convert(text, annotation, strict=False)
            except msgspec.ValidationError:
                continue
            typed = batch._number_cell(text)
            assert not isinstance(typed, str), text
            assert float(lax) == float(typed), text
            read += 1
    assert read > 100  # the texts lax mode does read were compared


# A CSV file is read a block of bytes at a time (extracts.csv_blocks, batch._by_blocks)
# while its rows stay plain, and row by row from the first block that is not: every row's
# number, place, bytes and verdict are what reading its rows one by one gives.
ODD_ROWS = [
    b"\n",  # a blank line: skipped, not numbered
    b"\r\n",
    b'"CL-Q1",P1,"two\nlines",11,2026-01-01\n',  # a quoted cell across lines
    b"CL-N1,P1,9990001502,null,2026-01-01\n",
    b"CL-B1,P1,9990001502,11,2026-01-01\\x\n",
    b"CL-R1,P1,9990001502,11\r,2026-01-01\n",  # a carriage return inside a row
    b"CL-E1,P1,9990001502,11,2026-01-01,,,,,,,,,,,,\n",  # too many cells
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_a_csv_file_read_by_blocks_gives_its_rows_read_one_by_one(data: st.DataObject) -> None:
    import tempfile
    from pathlib import Path

    from cpa_core import extracts

    examples = [d for k, _, d in FIXTURES if k == FLAT]
    end = data.draw(st.sampled_from([b"\n", b"\r\n"]))
    lines = [",".join(COLUMNS).encode() + end]
    for _ in range(data.draw(st.integers(min_value=0, max_value=30))):
        if data.draw(st.integers(0, 9)) == 0:
            lines.append(data.draw(st.sampled_from(ODD_ROWS)))
            continue
        example = data.draw(st.sampled_from(examples))
        row = {c: "" if example.get(c) is None else str(example[c]) for c in COLUMNS}
        for column in data.draw(st.lists(st.sampled_from(COLUMNS), max_size=2)):
            row[column] = data.draw(st.sampled_from(BLOCK_CELLS))
        lines.append(_row_bytes([row[c] for c in COLUMNS], end))
    text = b"".join(lines)
    if data.draw(st.booleans()):
        text = text.rstrip(b"\r\n")  # the last row without its line end
    block_bytes = data.draw(st.integers(min_value=1, max_value=400))
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "in.csv"
        path.write_bytes(text)
        with path.open("rb") as stream:
            header, rows = extracts.read_records(stream, "csv")
            one_by_one = list(batch.validate_records(rows, FLAT, fmt="csv", header=header))
        original, extracts.CSV_BLOCK_BYTES = extracts.CSV_BLOCK_BYTES, block_bytes
        try:
            every: list[batch.RecordResult] = []
            found: list[batch.RecordResult] = []
            summary = batch.validate_file(path, FLAT, on_result=every.append)
            assert batch.validate_file(path, FLAT, on_findings=found.append) == summary
        finally:
            extracts.CSV_BLOCK_BYTES = original
    assert every == one_by_one
    assert found == [r for r in one_by_one if r.findings]
    assert (summary.records, summary.valid) == (len(every), sum(r.valid for r in every))


def test_a_plain_csv_file_is_read_by_blocks(tmp_path: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from cpa_core import extracts

    examples = [d for k, _, d in FIXTURES if k == FLAT]
    rows = [
        _row_bytes(["" if e.get(c) is None else str(e[c]) for c in COLUMNS], b"\n")
        for e in examples * 50
    ]
    path = tmp_path / "in.csv"
    path.write_bytes(",".join(COLUMNS).encode() + b"\n" + b"".join(rows))
    read: list[int] = []
    real = batch._block_verdicts

    def counted(job: Any, block: extracts.CsvBlock) -> Any:
        read.append(block.rows)
        return real(job, block)

    monkeypatch.setattr(batch, "_block_verdicts", counted)
    monkeypatch.setattr(extracts, "CSV_BLOCK_BYTES", 500)
    summary = batch.validate_file(path, FLAT)
    assert sum(read) == len(rows) == summary.records
    assert len(read) > 1
