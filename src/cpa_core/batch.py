"""Streaming validation of extract files: NDJSON, JSON arrays and CSV.

Every record in a file is accounted for: it is either valid or rejected, and a rejected
record carries every finding that rejects it, located by its line (or row, or array item).
A line that is not JSON, a truncated last line or a row in a broken encoding is a rejected
record (``RECORD-MALFORMED``), never a silent loss. Memory stays flat whatever the file
size: records are read, checked and written in chunks.

With the ``fast`` extra installed (orjson and jsonschema-rs), JSON is parsed by orjson and
the schema gate is jsonschema-rs; the reference validator (jsonschema) then only enumerates
the problems of records the fast gate refuses, so messages are the same either way.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path
from typing import Any, BinaryIO

import attrs

from cpa_core import registry
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import RECORD_MALFORMED, RecordKind
from cpa_core.schemas import schema_for
from cpa_core.validation import validate_record

__all__ = [
    "CHUNK_SIZE",
    "FORMATS",
    "BatchSummary",
    "InputError",
    "RecordResult",
    "SourceRecord",
    "detect_format",
    "read_records",
    "validate_file",
    "validate_records",
]

FORMATS = ("ndjson", "json", "csv")
"""The input formats: one JSON record per line, one JSON array of records, or CSV."""

CHUNK_SIZE = 1000
"""Records sent to a worker at a time; bounds memory with ``jobs`` workers in flight."""

_SUFFIXES = {".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "json", ".csv": "csv"}
_INTEGER = re.compile(r"^-?[0-9]+$")
_NUMBER = re.compile(r"^-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?$")


class InputError(CpaCoreError):
    """A file cannot be validated at all (unreadable, not text, wrong shape for its format)."""


@attrs.frozen
class SourceRecord:
    """One record as it stands in the file.

    Attributes:
        number: 1-based position of the record in the file.
        location: Where it is, for people: ``line 12``, ``row 5``, ``item 3``.
        raw: The record's bytes exactly as in the file (an NDJSON line keeps its newline).
    """

    number: int
    location: str
    raw: bytes


@attrs.frozen
class RecordResult:
    """The outcome for one record.

    Attributes:
        source: The record as read.
        findings: Every finding about it (errors and warnings).
        valid: False when any finding is an error.
    """

    source: SourceRecord
    findings: tuple[Finding, ...]
    valid: bool


@attrs.frozen
class BatchSummary:
    """Counts for one file or a run: ``records == valid + rejected``, always.

    Attributes:
        records: Records read.
        valid: Records with no error.
        rejected: Records with at least one error.
        codes: How many findings of each code.
    """

    records: int = 0
    valid: int = 0
    rejected: int = 0
    codes: dict[str, int] = attrs.field(factory=dict)

    def __add__(self, other: BatchSummary) -> BatchSummary:
        codes = Counter(self.codes)
        codes.update(other.codes)
        return BatchSummary(
            self.records + other.records,
            self.valid + other.valid,
            self.rejected + other.rejected,
            dict(sorted(codes.items())),
        )


def detect_format(path: Path) -> str:
    """The format implied by a file's suffix.

    Raises:
        InputError: The suffix is not one of .ndjson, .jsonl, .json or .csv.
    """
    try:
        return _SUFFIXES[path.suffix.lower()]
    except KeyError:
        raise InputError(
            f"{path.name}: cannot tell the format from the suffix; use --format"
        ) from None


# Reading -------------------------------------------------------------------------------


def _read_ndjson(stream: BinaryIO) -> Iterator[SourceRecord]:
    number = 0
    for index, line in enumerate(stream, start=1):
        if not line.strip():
            continue  # a blank line holds no record
        number += 1
        yield SourceRecord(number, f"line {index}", line)


def _json_items(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Split a top-level JSON array into its items' bytes without parsing them.

    A truncated file yields its partial last item (which then fails to parse); bytes after
    the closing bracket are yielded as one more item, so nothing goes unreported.
    """
    started = ended = in_string = escaped = False
    depth = 0
    item = bytearray()
    line = 1
    item_line = 1
    while chunk := stream.read(65536):
        for byte in chunk:
            char = chr(byte)
            if not started:
                if char in " \t\r\n":
                    line += char == "\n"
                    continue
                if char != "[":
                    raise InputError("not a JSON array: the first character must be '['")
                started = True
                continue
            if char == "\n":
                line += 1
            if in_string:
                item.append(byte)
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    in_string = False
                continue
            if not ended and depth == 0 and char in ",]":
                if item.strip():
                    yield item_line, bytes(item.strip())
                elif char == ",":
                    yield item_line, b""  # an empty item between commas is malformed
                item.clear()
                ended = char == "]"
                continue
            if not item.strip():
                item_line = line
            item.append(byte)
            if char == '"':
                in_string = True
            elif char in "[{":
                depth += 1
            elif char in "]}":
                depth -= 1
    if not started:
        return
    if item.strip():
        yield item_line, bytes(item.strip())


def _read_json_array(stream: BinaryIO) -> Iterator[SourceRecord]:
    for number, (line, raw) in enumerate(_json_items(stream), start=1):
        yield SourceRecord(number, f"item {number} (line {line})", raw)


def _read_csv_rows(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Rows as raw bytes; a quoted cell may span lines, so lines are joined until quotes balance."""
    pending = b""
    first = 0
    for index, line in enumerate(stream, start=1):
        if not pending:
            first = index
        pending += line
        if pending.count(b'"') % 2 == 0:
            if pending.strip():
                yield first, pending
            pending = b""
    if pending.strip():
        yield first, pending  # an unterminated quote: reported as malformed


def _read_csv(stream: BinaryIO) -> tuple[bytes, Iterator[SourceRecord]]:
    rows = _read_csv_rows(stream)
    header = next(rows, None)
    if header is None:
        return b"", iter(())
    records = (
        SourceRecord(number, f"row {number} (line {line})", raw)
        for number, (line, raw) in enumerate(rows, start=1)
    )
    return header[1], records


def read_records(stream: BinaryIO, fmt: str) -> tuple[bytes, Iterator[SourceRecord]]:
    """The records of a binary stream in format ``fmt``, with the CSV header (else ``b""``).

    Raises:
        InputError: Unknown format, or a JSON file that is not an array.
    """
    if fmt == "ndjson":
        return b"", _read_ndjson(stream)
    if fmt == "json":
        return b"", _read_json_array(stream)
    if fmt == "csv":
        return _read_csv(stream)
    raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


# Parsing -------------------------------------------------------------------------------


def _json_loader() -> Callable[[bytes], Any]:
    try:
        import orjson  # noqa: PLC0415 - optional speed-up

        return orjson.loads
    except ImportError:
        return json.loads


_loads = _json_loader()


def _fast_precheck(kind: RecordKind[Any]) -> Callable[[Any], bool] | None:
    try:
        import jsonschema_rs  # noqa: PLC0415 - optional speed-up
    except ImportError:
        return None
    validator = jsonschema_rs.validator_for(
        schema_for(kind.model, kind.name), validate_formats=False
    )
    check: Callable[[Any], bool] = validator.is_valid
    return check


def csv_columns(kind: RecordKind[Any]) -> dict[str, str]:
    """The CSV columns of a flat record kind: field name -> JSON type.

    Raises:
        InputError: The kind has a nested object or list field, which CSV cannot carry.
    """
    schema = schema_for(kind.model, kind.name)
    columns: dict[str, str] = {}
    for name, prop in schema["properties"].items():
        kinds = prop.get("type")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
        scalar = [k for k in kinds if k != "null"]
        if len(scalar) != 1 or scalar[0] in ("object", "array"):
            raise InputError(f"{kind.name} is not a flat record kind: use NDJSON or JSON")
        columns[name] = scalar[0]
    return columns


def _cell(text: str, json_type: str) -> Any:
    # Typed only where the text is unambiguous; anything else stays a string, so the schema
    # reports the field by name ("expected an integer") instead of a guess being made.
    if json_type == "integer" and _INTEGER.match(text):
        return int(text)
    if json_type == "number" and _NUMBER.match(text):
        return float(text) if any(c in text for c in ".eE") else int(text)
    if json_type == "boolean" and text in ("true", "false"):
        return text == "true"
    return text


@attrs.frozen
class _Job:
    """What a worker needs to check records of one file."""

    kind: str
    fmt: str
    header: bytes
    policy: TrustPolicy


@functools.cache
def _prepared(kind_name: str) -> tuple[RecordKind[Any], Callable[[Any], bool] | None]:
    kind = registry.record_kind(kind_name)
    return kind, _fast_precheck(kind)


@functools.cache
def _header_names(header: bytes) -> tuple[str, ...]:
    return tuple(next(csv.reader([header.decode("utf-8-sig")]), []))


def _parse(job: _Job, kind: RecordKind[Any], raw: bytes) -> Any:
    """The record's data, or raises ValueError when the bytes are not a record."""
    if job.fmt != "csv":
        return _loads(raw)
    names = _header_names(job.header)
    cells = next(csv.reader(io.StringIO(raw.decode("utf-8"), newline=""), strict=True), [])
    if len(cells) != len(names):
        raise ValueError("row has a different number of cells from the header")
    columns = csv_columns(kind)
    return {
        name: _cell(cell, columns.get(name, "string"))
        for name, cell in zip(names, cells, strict=True)
        if cell != ""
    }


_Verdict = tuple[bool, tuple[Finding, ...]]


def _verdict(job: _Job, location: str, raw: bytes) -> _Verdict:
    kind, precheck = _prepared(job.kind)
    try:
        data = _parse(job, kind, raw)
    except (ValueError, UnicodeDecodeError, csv.Error):
        finding = RECORD_MALFORMED.finding(
            f"not a readable {job.fmt.upper()} record", path=location
        )
        return False, (finding,)
    outcome = validate_record(kind, data, policy=job.policy, precheck=precheck)
    findings = outcome.report.findings
    if not findings:
        return outcome.record is not None, findings
    return outcome.ok, tuple(f for f in findings if f.severity is not Severity.INFO)


def _verdicts(job: _Job, items: list[tuple[str, bytes]]) -> list[_Verdict]:
    return [_verdict(job, location, raw) for location, raw in items]


def _results(chunk: list[SourceRecord], verdicts: list[_Verdict]) -> list[RecordResult]:
    return [
        RecordResult(record, findings, valid)
        for record, (valid, findings) in zip(chunk, verdicts, strict=True)
    ]


def _chunks(records: Iterable[SourceRecord], size: int) -> Iterator[list[SourceRecord]]:
    chunk: list[SourceRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _in_parallel(
    job: _Job, chunks: Iterator[list[SourceRecord]], jobs: int
) -> Iterator[list[RecordResult]]:
    # A bounded window of chunks in flight keeps memory flat (Executor.map would read the
    # whole input ahead) and results in file order. Workers get locations and bytes and send
    # back only verdicts, so a record crosses between processes once.
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        window: list[tuple[list[SourceRecord], Future[list[_Verdict]]]] = []
        for chunk in chunks:
            items = [(record.location, record.raw) for record in chunk]
            window.append((chunk, pool.submit(_verdicts, job, items)))
            if len(window) >= 2 * jobs:
                done, future = window.pop(0)
                yield _results(done, future.result())
        for done, future in window:
            yield _results(done, future.result())


def validate_records(
    records: Iterable[SourceRecord],
    kind: str,
    *,
    fmt: str = "ndjson",
    header: bytes = b"",
    policy: TrustPolicy | None = None,
    jobs: int = 1,
) -> Iterator[RecordResult]:
    """Check each record in order; with ``jobs > 1``, in that many worker processes.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
        InputError: CSV for a kind that is not flat.
    """
    spec = registry.record_kind(kind)
    if fmt == "csv":
        csv_columns(spec)
    job = _Job(kind, fmt, header, policy or TrustPolicy())
    if jobs <= 1:
        for record in records:
            valid, findings = _verdict(job, record.location, record.raw)
            yield RecordResult(record, findings, valid)
        return
    for results in _in_parallel(job, _chunks(records, CHUNK_SIZE), jobs):
        yield from results


class _Writer:
    """Writes records byte for byte in the input's own format."""

    def __init__(self, stream: BinaryIO | None, fmt: str, header: bytes) -> None:
        self.stream = stream
        self.fmt = fmt
        self.header = header
        self.count = 0

    def write(self, record: SourceRecord) -> None:
        if self.stream is None:
            return
        if self.count == 0:
            if self.fmt == "csv":
                self.stream.write(self.header)
            elif self.fmt == "json":
                self.stream.write(b"[\n")
        elif self.fmt == "json":
            self.stream.write(b",\n")
        self.stream.write(record.raw)
        self.count += 1

    def close(self) -> None:
        if self.stream is not None and self.fmt == "json":
            self.stream.write(b"\n]\n" if self.count else b"[]\n")


def validate_file(
    path: Path,
    kind: str,
    *,
    fmt: str | None = None,
    policy: TrustPolicy | None = None,
    jobs: int = 1,
    rejects: BinaryIO | None = None,
    valid: BinaryIO | None = None,
    on_result: Callable[[RecordResult], None] | None = None,
) -> BatchSummary:
    """Validate every record of a file; write rejects and valid records if asked.

    Args:
        path: The file.
        kind: The record kind of every record in it.
        fmt: ``ndjson``, ``json`` or ``csv``; from the suffix when omitted.
        policy: The Trust's policy; national defaults when omitted.
        jobs: Worker processes.
        rejects: Receives the rejected records byte for byte (CSV: with the header;
            JSON: as an array of the original items).
        valid: Receives the valid records the same way.
        on_result: Called with each record's result, in file order.

    Raises:
        InputError: The file cannot be read, or is binary, or not in its format's shape.
        UnknownCodeError: ``kind`` names no record kind.
    """
    fmt = fmt or detect_format(path)
    try:
        stream = path.open("rb")
    except OSError as exc:
        raise InputError(f"{path.name}: cannot read ({exc.strerror})") from None
    with stream:
        if b"\x00" in stream.read(8192):
            raise InputError(f"{path.name}: binary data, not a text file")
        stream.seek(0)
        header, records = read_records(stream, fmt)
        bad = _Writer(rejects, fmt, header)
        good = _Writer(valid, fmt, header)
        counts: Counter[str] = Counter()
        total = accepted = 0
        try:
            for result in validate_records(
                records, kind, fmt=fmt, header=header, policy=policy, jobs=jobs
            ):
                total += 1
                if result.findings:
                    counts.update(f.code for f in result.findings)
                if result.valid:
                    accepted += 1
                    good.write(result.source)
                else:
                    bad.write(result.source)
                if on_result is not None:
                    on_result(result)
        except InputError as exc:
            raise InputError(f"{path.name}: {exc}") from None
        bad.close()
        good.close()
    return BatchSummary(total, accepted, total - accepted, dict(sorted(counts.items())))
