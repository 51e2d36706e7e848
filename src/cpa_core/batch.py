"""Streaming validation of extract files: NDJSON, JSON arrays and CSV.

The contract, whatever the bytes:

- **Every record is accounted for.** Records read = valid + rejected, for each file and for
  the run. A line that is not JSON, a truncated last line, a CSV row that cannot be split
  or a record in a broken encoding is a rejected record (``RECORD-MALFORMED``); a check
  that fails on a record is a rejected record (``RECORD-CHECK-FAILED``). One record never
  stops a run.
- **Records are written byte for byte.** The valid and rejected records of a run go to
  their outputs exactly as they stand in the input, in input order, in one well-formed file
  of the input's format (one JSON array; one CSV header; NDJSON lines each ending with a
  newline), however many inputs there are.
- **What is malformed is the file, not a record** when the file as a whole is not in its
  format: a JSON file that is not an array, an item missing between commas (``[a,,b]``,
  ``[a,]``) or text after the closing bracket; a CSV header that names no field of the
  kind, or the same field twice. Those are :class:`InputError`\\ s (exit code 2).
- **Memory stays flat** whatever the file size: records are read, checked and written a
  few at a time.

How records are found in a file and written back is :mod:`cpa_core.extracts` (its public
names are re-exported here). With the ``fast`` extra installed, a record goes first through
the compiled pass (``cpa_core._compiled``: msgspec decodes it straight into a Struct
with every limit checked); a record it refuses is parsed by orjson and checked by the
reference path, whose problems jsonschema-rs enumerates in the same words as the Python
``jsonschema`` reference validator. Messages are the same either way. A file's records,
and CSV rows from anywhere, are checked a chunk (:data:`CHUNK_SIZE`) at a time (plain CSV
rows read in one call); records from a pipe, one at a time. Results come in input order.
"""

from __future__ import annotations

import functools
import io
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, BinaryIO, TypeVar, cast

import attrs

from cpa_core import _compiled, _workers, jsondata, registry
from cpa_core.exceptions import code_shaped

# Reading and writing extracts live in cpa_core.extracts; these names stay importable here.
from cpa_core.extracts import FORMATS as FORMATS  # noqa: PLC0414 - re-exported
from cpa_core.extracts import (
    CsvBlock,
    csv_block_json,
    csv_blocks,
    csv_cells,
    header_names,
    lines_of,
)
from cpa_core.extracts import RecordSink as RecordSink  # noqa: PLC0414 - re-exported
from cpa_core.extracts import SourceRecord as SourceRecord  # noqa: PLC0414 - re-exported
from cpa_core.extracts import detect_format as detect_format  # noqa: PLC0414 - re-exported
from cpa_core.extracts import read_records as read_records  # noqa: PLC0414 - re-exported
from cpa_core.files import STDIN, display_name, open_input
from cpa_core.files import InputError as InputError  # noqa: PLC0414 - re-exported
from cpa_core.findings import Finding, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import RECORD_MALFORMED, RecordKind, check_failed
from cpa_core.schemas import fast_check, schema_for
from cpa_core.validation import Validated, check, identifier_findings

__all__ = [
    "CHUNK_SIZE",
    "BatchSummary",
    "RecordResult",
    "check_source",
    "csv_columns",
    "record_id",
    "validate_file",
    "validate_records",
]

R = TypeVar("R")

CHUNK_SIZE = 1000
"""Records sent to a worker at a time (bounding memory with ``jobs`` processes at work),
and the records of a file (or CSV rows from anywhere) checked at a time in one process."""

_NUMBER = re.compile(r"-?[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?")


@attrs.frozen
class RecordResult:
    """The outcome for one record.

    Attributes:
        source: The record as read.
        findings: Every finding about it (errors and warnings).
        valid: False when any finding is an error.
        record_id: The record's identifier when it has findings, could be read and looks like
            an identifier; else ``None``.
    """

    source: SourceRecord
    findings: tuple[Finding, ...]
    valid: bool
    record_id: str | None = None


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


# Checking ------------------------------------------------------------------------------


@functools.cache
def _fast_precheck(kind: RecordKind[Any]) -> Callable[[Any], bool] | None:
    # The validator that enumerates a refused record's problems: one is built, not two.
    return fast_check(kind.model, kind.name)


@functools.cache
def _columns(kind_name: str) -> dict[str, str]:
    kind = registry.record_kind(kind_name)
    schema = schema_for(kind.model, kind.name, described=False)
    columns: dict[str, str] = {}
    for name, prop in schema["properties"].items():
        kinds = prop.get("type")
        kinds = [kinds] if isinstance(kinds, str) else list(kinds or ())
        scalar = [k for k in kinds if k != "null"]
        if len(scalar) != 1 or scalar[0] in ("object", "array"):
            raise InputError(f"{kind.name} is not a flat record kind: use NDJSON or JSON")
        columns[name] = scalar[0]
    return columns


def csv_columns(kind: RecordKind[Any]) -> dict[str, str]:
    """The CSV columns of a flat record kind: field name -> JSON type.

    Raises:
        InputError: The kind has a nested object or list field, which CSV cannot carry.
    """
    return dict(_columns(kind.name))


def _number_cell(text: str) -> Any:
    # Typed only where the text is unambiguous; anything else stays a string, so the schema
    # reports the field by name ("expected an integer") instead of a guess being made.
    if len(text) <= 40:
        digits = text[1:] if text[:1] == "-" else text
        if digits.isdigit() and digits.isascii():
            return int(text)
        if _NUMBER.fullmatch(text):
            value = float(text)
            return value if value not in (float("inf"), float("-inf")) else text
    return text


def _boolean_cell(text: str) -> Any:
    return True if text == "true" else False if text == "false" else text


_CELL_TYPES: dict[str, Callable[[str], Any]] = {
    "integer": _number_cell,
    "number": _number_cell,
    "boolean": _boolean_cell,
}


# Once per kind and header, not once per row; bounded, since a long-running service may read
# files with many different headers.
@functools.lru_cache(maxsize=64)
def _row_reader(kind_name: str, header: bytes) -> Callable[[list[str]], dict[str, Any]]:
    """A function written for one kind and CSV header that makes a row's cells the record's
    data: each non-empty cell under its field, typed by the field's JSON type (a column
    that is not a field stays text, so the schema reports it as unknown); ValueError for a
    row with a different number of cells from the header.

    Generated as straight-line code: it runs once a row, and costs half what a loop over
    the columns does.
    """
    columns = _columns(kind_name)
    names = header_names(header)
    namespace: dict[str, Any] = {}
    lines = [
        "def read(c):",
        f"    if len(c) != {len(names)}:",
        f"        raise ValueError({_WRONG_COUNT!r})",
        "    d = {}",
    ]
    for index, name in enumerate(names):
        typed = _CELL_TYPES.get(columns.get(name, "string"))
        value = "v" if typed is None else f"_type{index}(v)"
        if typed is _number_cell:  # the common case inline: digits only, as _number_cell
            value = f"int(v) if len(v) <= 40 and v.isdigit() and v.isascii() else {value}"
        namespace[f"_type{index}"] = typed
        lines += [f"    v = c[{index}]", "    if v:", f"        d[{name!r}] = {value}"]
    lines.append("    return d")
    exec("\n".join(lines), namespace)
    read: Callable[[list[str]], dict[str, Any]] = namespace["read"]
    return read


_WRONG_COUNT = "row has a different number of cells from the header"


@attrs.frozen
class _Job:
    """What a worker needs to check records of one file."""

    kind: str
    fmt: str
    header: bytes
    policy: TrustPolicy


@functools.cache  # once per kind, not once per record
def _prepared(kind_name: str) -> tuple[RecordKind[Any], Callable[[Any], bool] | None]:
    kind = registry.record_kind(kind_name)
    return kind, _fast_precheck(kind)


def _check_header(kind: str, header: bytes) -> None:
    names = header_names(header)
    columns = _columns(kind)
    unknown = [i for i, name in enumerate(names, start=1) if name not in columns]
    if unknown:
        listed = ", ".join(str(i) for i in unknown[:10])
        raise InputError(
            f"the CSV header has columns that are not fields of {kind} (column {listed}): "
            "is the header row missing?"
        )
    if len(set(names)) != len(names):
        raise InputError("the CSV header names the same field twice")


def _parse(job: _Job, raw: bytes) -> Any:
    """The record's data, or raises ValueError when the bytes are not a record."""
    if job.fmt != "csv":
        return jsondata.loads(raw)
    return _row_reader(job.kind, job.header)(csv_cells(raw))


_KEY_FIELDS: dict[type, str | None] = {}


def _key_field(model: type) -> str | None:
    if model not in _KEY_FIELDS:
        names = [field.name for field in attrs.fields(model)]
        key = next((n for n in names if n.endswith("_id")), "code" if "code" in names else None)
        _KEY_FIELDS[model] = key
    return _KEY_FIELDS[model]


def record_id(kind: RecordKind[Any], data: Any) -> str | None:
    """The identifier of a record (its ``episode_id``, ``staff_id``, …) when ``data`` (the
    parsed JSON, or a record read from it) holds one that looks like an identifier; else
    ``None``."""
    key = _key_field(kind.model)
    if key is None:
        return None
    value = data.get(key) if isinstance(data, dict) else getattr(data, key, None)
    return value if code_shaped(value) else None


def check_source(
    kind: RecordKind[Any],
    source: SourceRecord,
    *,
    fmt: str = "ndjson",
    header: bytes = b"",
    policy: TrustPolicy | None = None,
) -> tuple[Validated[Any], str | None]:
    """Check one record as read from a file; the outcome and, when there are findings, the
    record's identifier.

    Nothing raises: bytes that are not a record give ``RECORD-MALFORMED``, a check that
    fails gives ``RECORD-CHECK-FAILED``.
    """
    job = _Job(kind.name, fmt, header, policy or TrustPolicy())
    outcome, data = _checked(job, kind, _fast_precheck(kind), source.raw)
    shown = any(f.severity is not Severity.INFO for f in outcome.report.findings)
    return outcome, record_id(kind, data) if shown else None


def _checked(
    job: _Job, kind: RecordKind[Any], precheck: Callable[[Any], bool] | None, raw: bytes
) -> tuple[Validated[Any], Any]:
    """The outcome, and the data read (``None`` when the bytes are not a record)."""
    try:
        data = _parse(job, raw)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        finding = RECORD_MALFORMED.finding(f"not a readable {job.fmt.upper()} record")
        return Validated(None, Report((finding,))), None
    parsed = _PARSED[job.fmt]
    text = raw if parsed and job.fmt != "csv" else None
    try:
        outcome = check(kind, data, job.policy, precheck, parsed=parsed, text=text)
    except Exception as exc:  # one record must never stop a run
        outcome = Validated(None, Report((check_failed(exc),)))
    return outcome, data


# CSV cells are typed here from text, and orjson's output needs no guard: either way the
# data reaches the schema gate already known to be JSON that can be read.
_PARSED = {"csv": True, "json": jsondata.STRICT_PARSER, "ndjson": jsondata.STRICT_PARSER}


_Verdict = tuple[bool, tuple[Finding, ...], str | None]


def _compiled_verdict(job: _Job, kind: RecordKind[Any], raw: bytes) -> _Verdict | None:
    """The verdict of the compiled pass (:mod:`cpa_core._compiled`), or ``None`` when it
    refuses the record or cannot run, and the reference path must say why."""
    return _each_compiled(job, kind, [raw])[0]


def _each_compiled(job: _Job, kind: RecordKind[Any], raws: list[bytes]) -> list[_Verdict | None]:
    """:func:`_compiled_verdict` of each record, each read on its own."""
    read = _reader(job.kind, job.header if job.fmt == "csv" else None)
    if read is None:
        return [None] * len(raws)
    out: list[_Verdict | None] = []
    for raw in raws:
        try:
            record = read(raw)
        except Exception:  # refused or unreadable here: the reference path reports it
            out.append(None)
            continue
        out.append(_judged(job, kind, record))
    return out


def _judged(job: _Job, kind: RecordKind[Any], record: Any) -> _Verdict | None:
    """The verdict on a record the compiled pass has read: its kind's rules run on it."""
    try:
        findings = [*identifier_findings(record), *kind.rules(record, job.policy)]
    except Exception:  # the reference path reports the failure (RECORD-CHECK-FAILED)
        return None
    kept = tuple(f for f in findings if f.severity is not Severity.INFO)
    valid = not any(f.severity is Severity.ERROR for f in kept)
    return valid, kept, record_id(kind, record) if kept else None


@functools.lru_cache(maxsize=64)  # bounded as _row_reader is
def _rows_reader(kind_name: str, header: bytes) -> Callable[[bytes], list[Any]] | None:
    """The compiled pass's reader of a chunk of a kind's CSV rows under ``header``."""
    model = registry.record_kind(kind_name).model
    return _compiled.rows_reader(model, header_names(header))


def _compiled_verdicts(
    job: _Job, kind: RecordKind[Any], raws: list[bytes]
) -> list[_Verdict | None]:
    """:func:`_compiled_verdict` of each record. Plain CSV rows are read all at once: as
    one JSON text (:func:`cpa_core.extracts.csv_block_json`) that msgspec reads in one call,
    where splitting and typing each row's cells in Python cost more than the whole read of
    an NDJSON line. A row that way refuses is tried alone, as any other row is."""
    # Rows are written as JSON only for a header the chunk's reader can take.
    if job.fmt == "csv" and _rows_reader(job.kind, job.header) is not None:
        text = csv_block_json(raws)
        judged = None if text is None else _judged_rows(job, kind, text, len(raws))
        if judged is not None:
            return [
                _compiled_verdict(job, kind, raw) if verdict is None else verdict
                for verdict, raw in zip(judged, raws, strict=True)
            ]
    return _each_compiled(job, kind, raws)


def _judged_rows(
    job: _Job, kind: RecordKind[Any], text: bytes, rows: int
) -> list[_Verdict | None] | None:
    """The verdict on each of ``rows`` CSV rows written as one JSON text, ``None`` for a
    row the compiled pass refuses here; ``None`` when the text cannot be read so at all."""
    read = _rows_reader(job.kind, job.header)
    if read is None:
        return None
    try:
        records = read(text)
    except ValueError:  # not JSON after all (bytes that are not UTF-8, say)
        return None
    if len(records) != rows:
        return None
    return [None if record is None else _judged(job, kind, record) for record in records]


def _block_verdicts(job: _Job, block: CsvBlock) -> tuple[list[_Verdict], list[SourceRecord]]:
    """The verdict on each row of a block of a CSV file, and its rows as records if any was
    needed on its own (else ``[]``)."""
    kind = registry.record_kind(job.kind)
    judged = _judged_rows(job, kind, block.text, block.rows)
    if judged is not None and None not in judged:
        return cast("list[_Verdict]", judged), []
    records = block.records()
    if judged is None:
        return _verdicts(job, [record.raw for record in records]), records
    verdicts = [
        _verdict(job, record.raw) if verdict is None else verdict
        for verdict, record in zip(judged, records, strict=True)
    ]
    return verdicts, records


@functools.cache
def _reader(kind_name: str, header: bytes | None) -> Callable[[bytes], Any] | None:
    """The compiled pass's reader of a kind's records: from JSON bytes (``header`` is
    ``None``), or from the bytes of a CSV row under ``header``."""
    model = registry.record_kind(kind_name).model
    if header is None:
        return _compiled.decoder_of(model)
    convert = _compiled.converter(model)
    if convert is None:
        return None
    data = _row_reader(kind_name, header)

    def read(raw: bytes) -> Any:
        return convert(data(csv_cells(raw)))

    return read


def _verdict(job: _Job, raw: bytes) -> _Verdict:
    kind, precheck = _prepared(job.kind)
    compiled = _compiled_verdict(job, kind, raw)
    if compiled is not None:
        return compiled
    return _reference_verdict(job, kind, precheck, raw)


def _reference_verdict(
    job: _Job, kind: RecordKind[Any], precheck: Callable[[Any], bool] | None, raw: bytes
) -> _Verdict:
    outcome, data = _checked(job, kind, precheck, raw)
    findings = outcome.report.findings
    if not findings:
        return outcome.record is not None, findings, None
    kept = tuple(f for f in findings if f.severity is not Severity.INFO)
    # The identifier is reported only beside errors and warnings.
    return outcome.ok, kept, record_id(kind, data) if kept else None


def _verdicts(job: _Job, items: list[bytes]) -> list[_Verdict]:
    """:func:`_verdict` of each record, in order.

    The compiled pass goes over every record first, and the reference path then over
    those it refused, one after another: one at a time between valid records, a refused
    record ran with the processor's caches full of the compiled pass (at about twice the
    cost of the same work done in a row), and left the next valid record to run cold.
    """
    kind, precheck = _prepared(job.kind)
    compiled = _compiled_verdicts(job, kind, items)
    return [
        verdict if verdict is not None else _reference_verdict(job, kind, precheck, raw)
        for verdict, raw in zip(compiled, items, strict=True)
    ]


def _in_order(
    job: _Job, records: Iterable[SourceRecord], *, from_file: bool = False
) -> Iterator[tuple[SourceRecord, _Verdict]]:
    """Each record and its verdict, in order, checked in this process.

    A file's records (``from_file``: the stream can seek), and CSV rows from anywhere, are
    checked a chunk at a time (:func:`_verdicts`) and their results come a chunk at a time.
    Records from a stream that may be live (a pipe, an iterable) are handed on one by one,
    each before the next is read.
    """
    if from_file or job.fmt == "csv":
        for chunk in _chunks(records, CHUNK_SIZE):
            yield from zip(chunk, _verdicts(job, [record.raw for record in chunk]), strict=True)
        return
    kind, precheck = _prepared(job.kind)
    for record in records:
        verdict = _compiled_verdict(job, kind, record.raw)
        if verdict is None:
            verdict = _reference_verdict(job, kind, precheck, record.raw)
        yield record, verdict


def _chunks(records: Iterable[SourceRecord], size: int) -> Iterator[list[SourceRecord]]:
    chunk: list[SourceRecord] = []
    try:
        for record in records:
            chunk.append(record)
            if len(chunk) == size:
                yield chunk
                chunk = []
    except Exception:
        # Reading failed (a file not in its format, say): the records read before that
        # are still checked and handed on first, as they would be one at a time.
        if chunk:
            yield chunk
        raise
    if chunk:
        yield chunk


def _in_parallel(
    job: _Job, chunks: Iterator[list[SourceRecord]], jobs: int
) -> Iterator[tuple[SourceRecord, _Verdict]]:
    # This process reads the records; a worker gets a chunk's bytes and sends back only
    # verdicts, so a record crosses between processes once, if at all.
    tasks = ((chunk, ([record.raw for record in chunk],)) for chunk in chunks)
    for chunk, verdicts in _workers.ordered(_warmed(_verdicts, job), tasks, jobs):
        yield from zip(chunk, verdicts, strict=True)


def _warmed(work: Callable[..., R], job: _Job, *args: Any) -> Callable[..., R]:
    """``work`` with ``job`` and ``args`` bound, once the kind's readers are built here:
    on Linux the workers start from a copy of this process and need not build them again
    (elsewhere each builds its own)."""
    _prepared(job.kind)
    _reader(job.kind, job.header if job.fmt == "csv" else None)
    if job.fmt == "csv":
        _rows_reader(job.kind, job.header)
    return functools.partial(work, job, *args)


SEGMENT_BYTES = 1 << 20
"""Bytes of an NDJSON file a worker reads and checks at a time with ``jobs > 1``."""

_CLEAN: _Verdict = (True, (), None)


SMALLEST_SEGMENT = 1 << 16
"""Bytes below which the segments near a file's end are not cut smaller."""


def _segments(
    stream: BinaryIO, start: int, size: int, *, shares: int = 1
) -> Iterator[tuple[int, int]]:
    """Byte ranges of about ``size`` from ``start`` to the end, each ending with a line.

    Near the end they shrink to a ``shares``-th of what is left (not below
    :data:`SMALLEST_SEGMENT`), so that the processes at work finish together rather than
    one waiting on another's last large segment.
    """
    end = stream.seek(0, io.SEEK_END)
    position = start
    while position < end:
        step = min(size, max(SMALLEST_SEGMENT, (end - position) // shares))
        stream.seek(min(position + step, end))
        stream.readline()  # on to the end of the line the cut falls in
        cut = min(stream.tell(), end)
        yield position, cut
        position = cut


# A record of a segment that is not clean: its line index in the segment, its place among
# the segment's records, its bytes and its verdict.
_Flagged = tuple[int, int, bytes, _Verdict]


_Checked = tuple[int, int, list[_Flagged]]


def _check_segment(job: _Job, path: str, start: int, end: int) -> _Checked:
    """A worker reads its own bytes and returns their line and record counts and the
    records that are not clean: nothing crosses for the rest, and the parent need not read
    the segment again unless it writes every record."""
    with open(path, "rb") as stream:
        stream.seek(start)
        lines = lines_of(stream.read(end - start))
    indices = [index for index, line in enumerate(lines) if not line.isspace()]
    verdicts = _verdicts(job, [lines[index] for index in indices])
    out = [
        (index, ordinal, lines[index], verdict)
        for ordinal, (index, verdict) in enumerate(zip(indices, verdicts, strict=True), start=1)
        if verdict != _CLEAN
    ]
    return len(lines), len(indices), out


_Segment = tuple[int, int, int, int, list[_Flagged]]


def _segmented(job: _Job, path: str, stream: BinaryIO, start: int, jobs: int) -> Iterator[_Segment]:
    """``(first line, begin, end, records, flagged records)`` for each segment of an NDJSON
    file, in file order, checked by ``jobs`` processes that read their own bytes (this one
    among them), so that this process neither reads nor sends every record."""
    first_line = 1
    cuts = _segments(stream, start, SEGMENT_BYTES, shares=2 * jobs * _workers.IN_HAND)
    spans = ((span, span) for span in cuts)
    for (begin, end), (lines, records, flagged) in _workers.ordered(
        _warmed(_check_segment, job, path), spans, jobs
    ):
        yield first_line, begin, end, records, flagged
        first_line += lines


def _job(kind: str, fmt: str, header: bytes, policy: TrustPolicy | None) -> _Job:
    registry.record_kind(kind)
    if fmt == "csv":
        _columns(kind)
        if header:
            _check_header(kind, header)
    return _Job(kind, fmt, header, policy or TrustPolicy())


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
        InputError: CSV for a kind that is not flat, or a header that does not fit it.
    """
    job = _job(kind, fmt, header, policy)
    for record, (valid, findings, key) in _each_verdict(job, records, jobs):
        yield RecordResult(record, findings, valid, key)


def _each_verdict(
    job: _Job, records: Iterable[SourceRecord], jobs: int, *, from_file: bool = False
) -> Iterator[tuple[SourceRecord, _Verdict]]:
    if jobs <= 1:
        yield from _in_order(job, records, from_file=from_file)
    else:
        yield from _in_parallel(job, _chunks(records, CHUNK_SIZE), jobs)


class _Tally:
    """The counts of one file, and the callbacks and outputs each result goes to."""

    def __init__(
        self,
        rejects: RecordSink | None,
        valid: RecordSink | None,
        on_result: Callable[[RecordResult], None] | None,
        on_findings: Callable[[RecordResult], None] | None,
    ) -> None:
        self.rejects, self.valid = rejects, valid
        self.on_result, self.on_findings = on_result, on_findings
        self.codes: Counter[str] = Counter()
        self.total = self.accepted = 0

    @property
    def every_record(self) -> bool:
        """Whether each record must be handled here, not only counted."""
        return self.on_result is not None or self.rejects is not None or self.valid is not None

    def add(self, result: RecordResult) -> None:
        self.total += 1
        self.accepted += result.valid
        if result.findings:
            self.codes.update(f.code for f in result.findings)
            if self.on_findings is not None:
                self.on_findings(result)
        sink = self.valid if result.valid else self.rejects
        if sink is not None:
            sink.write(result.source)
        if self.on_result is not None:
            self.on_result(result)

    def add_verdict(self, source: SourceRecord, verdict: _Verdict) -> None:
        # A clean record that no output or callback wants is only counted: no result
        # object is built for it.
        if verdict == _CLEAN and not self.every_record:
            self.total += 1
            self.accepted += 1
            return
        valid, findings, key = verdict
        self.add(RecordResult(source, findings, valid, key))

    def summary(self) -> BatchSummary:
        codes = dict(sorted(self.codes.items()))
        return BatchSummary(self.total, self.accepted, self.total - self.accepted, codes)


def _add_segment(tally: _Tally, stream: BinaryIO, segment: _Segment, number: int) -> int:
    """Account for one checked segment; returns the number of the last record in it."""
    first_line, begin, end, records, flagged = segment
    if not tally.every_record:
        # Clean records are only counted, and the records with findings came back with
        # their bytes: this process's share of the work stays small beside the workers'.
        clean = records - len(flagged)
        tally.total += clean
        tally.accepted += clean
        for index, ordinal, line, (valid, findings, key) in flagged:
            where = first_line + index
            source = SourceRecord(number + ordinal, f"line {where}", line, where)
            tally.add(RecordResult(source, findings, valid, key))
        return number + records
    found = {index: verdict for index, _, _, verdict in flagged}
    stream.seek(begin)
    for index, line in enumerate(lines_of(stream.read(end - begin))):
        if line.isspace():
            continue
        number += 1
        valid, findings, key = found.get(index, _CLEAN)
        where = first_line + index
        source = SourceRecord(number, f"line {where}", line, where)
        tally.add(RecordResult(source, findings, valid, key))
    return number


def _by_blocks(
    job: _Job,
    stream: BinaryIO,
    tally: _Tally,
    on_progress: Callable[[int], None] | None,
) -> Iterator[SourceRecord]:
    """Check the plain blocks of a CSV file (:func:`cpa_core.extracts.csv_blocks`) into
    ``tally``; the rows from the first block that is not plain on are handed back, to be
    checked as any other rows are. A clean row that no output wants is only counted."""
    items = csv_blocks(stream, job.header)
    for item in items:
        if isinstance(item, SourceRecord):
            yield item
            yield from cast("Iterator[SourceRecord]", items)
            return
        verdicts, records = _block_verdicts(job, item)
        if records or tally.every_record:
            for record, verdict in zip(records or item.records(), verdicts, strict=True):
                tally.add_verdict(record, verdict)
        else:
            flagged = [offset for offset, verdict in enumerate(verdicts) if verdict != _CLEAN]
            clean = len(verdicts) - len(flagged)
            tally.total += clean
            tally.accepted += clean
            raws = item.raws() if flagged else []
            for offset in flagged:
                tally.add_verdict(item.record(offset, raws[offset]), verdicts[offset])
        if on_progress is not None:
            on_progress(tally.total)


def validate_file(
    path: str | Path,
    kind: str,
    *,
    fmt: str | None = None,
    policy: TrustPolicy | None = None,
    jobs: int = 1,
    rejects: RecordSink | None = None,
    valid: RecordSink | None = None,
    on_result: Callable[[RecordResult], None] | None = None,
    on_findings: Callable[[RecordResult], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> BatchSummary:
    """Validate every record of a file; write rejects and valid records if asked.

    With ``jobs > 1`` a plain NDJSON file is cut into byte ranges that ``jobs`` processes
    (this one and ``jobs - 1`` workers) read and check themselves; any other input (gzip,
    standard input, JSON, CSV) is read here and checked in chunks by the same processes.
    Either way results come in file order: from a plain file, a chunk at a time; from a
    stream that cannot seek (a pipe, gzip), NDJSON and JSON records one by one, each before
    the next is read.

    Args:
        path: The file, or ``-`` for standard input. Gzip is read transparently.
        kind: The record kind of every record in it.
        fmt: ``ndjson``, ``json`` or ``csv``; from the suffix when omitted.
        policy: The Trust's policy; national defaults when omitted.
        jobs: Processes that check records, this one among them.
        rejects: Receives the rejected records byte for byte.
        valid: Receives the valid records the same way.
        on_result: Called with each record's result, in file order.
        on_findings: Called with the result of each record that has findings, in file
            order; unlike ``on_result`` it lets clean records be only counted.
        on_progress: Called now and then with the number of records checked so far.

    Raises:
        InputError: The file cannot be read, or is binary, or not in its format's shape;
            the message begins with the file's name.
        UnknownCodeError: ``kind`` names no record kind.
    """
    fmt = fmt or detect_format(path)
    name = display_name(path)
    tally = _Tally(rejects, valid, on_result, on_findings)
    try:
        with open_input(path) as stream:
            header, records = read_records(stream, fmt)
            for sink in (rejects, valid):
                if sink is not None:
                    sink.start(fmt, header)
            # Workers open the file by its name: standard input, even from a file, has none.
            if jobs > 1 and fmt == "ndjson" and stream.seekable() and str(path) != STDIN:
                job = _job(kind, fmt, header, policy)
                number = 0
                for segment in _segmented(job, str(path), stream, stream.tell(), jobs):
                    number = _add_segment(tally, stream, segment, number)
                    if on_progress is not None:
                        on_progress(tally.total)
            else:
                job = _job(kind, fmt, header, policy)
                from_file = stream.seekable()
                if fmt == "csv" and jobs <= 1 and from_file and _rows_reader(kind, header):
                    records = _by_blocks(job, stream, tally, on_progress)
                for record, verdict in _each_verdict(job, records, jobs, from_file=from_file):
                    tally.add_verdict(record, verdict)
                    if on_progress is not None and tally.total % CHUNK_SIZE == 0:
                        on_progress(tally.total)
    except InputError as exc:
        message = str(exc)
        raise InputError(message if message.startswith(name) else f"{name}: {message}") from None
    return tally.summary()
