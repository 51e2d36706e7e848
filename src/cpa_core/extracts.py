"""Extract files: how their records are found, and how records are written back.

An extract is NDJSON (one record a line), a JSON array, or CSV under a header row. Reading
splits a file into :class:`SourceRecord`\\ s, each the record's exact bytes with where it
is, without parsing it; writing (:class:`RecordSink`) puts records back byte for byte into
one well-formed file of their format. What a record says is for :mod:`cpa_core.batch`.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import BinaryIO

import attrs

from cpa_core.files import STDIN, InputError, display_name

__all__ = [
    "CSV_BLOCK_BYTES",
    "FORMATS",
    "CsvBlock",
    "RecordSink",
    "SourceRecord",
    "csv_block_json",
    "csv_blocks",
    "csv_cells",
    "detect_format",
    "header_names",
    "lines_of",
    "read_records",
]

FORMATS = ("ndjson", "json", "csv")
"""The input formats: one JSON record per line, one JSON array of records, or CSV."""

_SUFFIXES = {".ndjson": "ndjson", ".jsonl": "ndjson", ".json": "json", ".csv": "csv"}


@attrs.frozen
class SourceRecord:
    """One record as it stands in the file.

    Attributes:
        number: 1-based position of the record in the file.
        location: Where it is, for people: ``line 12``, ``row 5 (line 7)``, ``item 3 (line 2)``.
        raw: The record's bytes exactly as in the file (an NDJSON line keeps its newline).
        line: The line on which the record starts, from 1.
    """

    number: int
    location: str
    raw: bytes
    line: int = 0


def detect_format(path: str | Path) -> str:
    """The format implied by a file's suffix (a final ``.gz`` is looked through).

    Raises:
        InputError: Standard input, or a suffix that is not .ndjson, .jsonl, .json or .csv.
    """
    if str(path) == STDIN:
        raise InputError("standard input has no suffix to tell its format: use --format")
    suffixes = [s.lower() for s in Path(path).suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes.pop()
    found = _SUFFIXES.get(suffixes[-1]) if suffixes else None
    if found is None:
        raise InputError(
            f"{display_name(path)}: cannot tell the format from the suffix; use --format"
        )
    return found


def _read_ndjson(stream: BinaryIO) -> Iterator[SourceRecord]:
    number = 0
    for index, line in enumerate(stream, start=1):
        if line.isspace():
            continue  # a blank line holds no record
        number += 1
        yield SourceRecord(number, f"line {index}", line, index)


def _json_items(stream: BinaryIO) -> Iterator[tuple[int, bytes]]:
    """Split a top-level JSON array into its items' bytes without parsing them.

    A truncated file yields its partial last item, which then fails to parse.

    Raises:
        InputError: Not an array; an item missing between commas or before the closing
            bracket (``[a,,b]``, ``[a,]``); text after the closing bracket; a file that
            ends without its closing bracket and without a partial item to report.
    """
    started = ended = in_string = escaped = after_comma = False
    depth = 0
    item = bytearray()
    line = item_line = 1
    while chunk := stream.read(65536):
        for byte in chunk:
            char = chr(byte)
            if char == "\n":
                line += 1
            if not started or ended:
                if char in " \t\r\n":
                    continue
                if ended:
                    raise InputError(f"line {line}: text after the closing ']' of the array")
                if char != "[":
                    raise InputError("not a JSON array: the first character must be '['")
                started = True
                continue
            if in_string:
                item.append(byte)
                if escaped:
                    escaped = False
                elif char == "\\":
                    escaped = True
                elif char == '"':
                    in_string = False
                continue
            if depth == 0 and char in ",]":
                if item.strip():
                    yield item_line, bytes(item.strip())
                elif char == "," or after_comma:
                    raise InputError(f"line {line}: an array item is missing (an extra comma?)")
                item.clear()
                after_comma = char == ","
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
    if not started or ended:
        return
    if not item.strip():
        raise InputError(f"line {line}: the file ends before the array's closing ']'")
    yield item_line, bytes(item.strip())


def _read_json_array(stream: BinaryIO) -> Iterator[SourceRecord]:
    for number, (line, raw) in enumerate(_json_items(stream), start=1):
        yield SourceRecord(number, f"item {number} (line {line})", raw, line)


class _CsvLines:
    """The numbered lines of a CSV input, and the raw bytes a CSV reader has taken.

    Lines that a failed record took beyond its first are handed back (``rest``), so that
    one stray quote costs one row, not every row after it.
    """

    def __init__(self, lines: Iterable[bytes], start: int = 1) -> None:
        self.rest: Iterator[tuple[int, bytes]] = enumerate(lines, start=start)
        self.taken: list[tuple[int, bytes]] = []
        self.exhausted = False

    def lines(self, first: tuple[int, bytes]) -> Iterator[str]:
        """Text lines for a CSV reader from ``first`` on, each remembered in ``taken``."""
        self.taken, self.exhausted = [first], False
        # Undecodable bytes survive the split; the record is refused when checked.
        yield first[1].decode("utf-8", "surrogateescape")
        for line in self.rest:
            self.taken.append(line)
            yield line[1].decode("utf-8", "surrogateescape")
        self.exhausted = True


# Bytes looked for by their values: ``34 in line`` finds a byte several times faster than
# ``b'"' in line``, which takes the general path for a search of bytes, and this runs for
# every line of a CSV file.
_QUOTE, _CR, _LF, _BACKSLASH = b'"\r\n\\'


def _csv_row(number: int, raw: bytes, line: int) -> SourceRecord:
    return SourceRecord(number, f"row {number} (line {line})", raw, line)


def _csv_rows(
    lines: Iterable[bytes], number: int = -1, first_line: int = 1
) -> Iterator[SourceRecord]:
    """Each row as a record, numbered on from ``number`` (the header is 0) and found at
    its first line, the first of ``lines`` being line ``first_line``; blank rows are
    skipped.

    Only a quote carries a row on to the next line, so a line without one is a row by
    itself, as a CSV reader would find it, and skips the reader (it is split, or refused,
    when checked: :func:`csv_cells`); a line with a quote starts a row whose end Python's
    CSV reader finds.
    """
    source = _CsvLines(lines, first_line)
    while True:
        for line, raw in source.rest:
            if _QUOTE in raw:
                break
            # A line whose first byte is past CR (and so not CR or LF) is not blank; only
            # the rest need stripping.
            if raw[0] > _CR or raw.rstrip(b"\r\n"):
                number += 1
                yield _csv_row(number, raw, line)
        else:
            return
        first = line, raw
        try:
            next(csv.reader(source.lines(first), strict=True))
        except csv.Error:
            if source.exhausted and len(source.taken) > 1:
                # A quote opened and never closed ran to the end of the file: only its
                # first line is malformed; the lines after it are read again as rows.
                source.rest = iter(source.taken[1:])
                del source.taken[1:]
        number += 1
        joined = b"".join(taken for _, taken in source.taken)
        yield _csv_row(number, joined, line)


def csv_cells(raw: bytes) -> list[str]:
    """The cells of one CSV row, from its bytes as read (a :class:`SourceRecord`'s ``raw``).

    Raises:
        ValueError: The bytes are not UTF-8 (a ``UnicodeDecodeError``), or not exactly one
            row that a CSV reader can split.
    """
    body = raw.rstrip(b"\r\n")
    # A plain row, nearly every row of an extract, is split at each comma and nowhere
    # else, as a CSV reader splits it: no quote, no carriage return or newline (a reader
    # ends the row there, or refuses it), no longer than a reader lets one cell be.
    if (
        body
        and _QUOTE not in body
        and _CR not in body
        and _LF not in body
        and len(body) <= csv.field_size_limit()
    ):
        return body.decode("utf-8").split(",")
    # Lines end at newlines only, as when the file was read: a carriage return outside
    # quotes, within a row, is a row the reader cannot split, not the end of one.
    lines = io.StringIO(raw.decode("utf-8"), newline="\n")
    try:
        rows = [cells for cells in csv.reader(lines, strict=True) if cells]
    except csv.Error as exc:
        raise ValueError(f"not a CSV row: {exc}") from None
    if len(rows) != 1:
        raise ValueError("not one CSV row")
    return rows[0]


def csv_block_json(raws: Sequence[bytes]) -> bytes | None:
    """Plain CSV rows, as read (each a :class:`SourceRecord`'s ``raw``), as one JSON array
    of rows, each an array of its cells' text in order, with ``null`` for an empty cell.

    The rows are split as :func:`csv_cells` splits a plain row, all in a few passes over
    their bytes; the reader of the JSON checks each row's length. ``None`` when a row is
    not plain (a quote, a carriage return within it, more bytes than a CSV reader lets one
    cell have), the rows do not all end alike (all CR LF or all LF; the last may end
    without), or a row holds a backslash (it would start a JSON escape) or the word
    null in any case (a reader that makes values of text would take it for an empty cell):
    such rows are for :func:`csv_cells`. Bytes that are not UTF-8 and control characters
    pass through, for the JSON reader to refuse; a blank row gives one empty cell.
    """
    if not raws:
        return None
    joined = b"".join(raws)
    if len(joined) > csv.field_size_limit() and max(map(len, raws)) > csv.field_size_limit():
        return None
    return _block_json(joined, len(raws))


def _block_json(joined: bytes, rows: int) -> bytes | None:
    """:func:`csv_block_json` of ``rows`` rows already joined, none over the size limit."""
    end = b"\r\n" if _CR in joined else b"\n"
    if not joined.endswith(end):
        joined += end
    if (
        # One line feed a row (counting one byte is a third of the cost of counting two);
        # a carriage return out of place is found once the line ends are replaced.
        joined.count(_LF) != rows
        or _QUOTE in joined
        or _BACKSLASH in joined
        or b"null" in joined.lower()
    ):
        return None
    # Each comma closes one cell's string and opens the next; each line end closes a row.
    # The text has no quote, so a pair of quotes can only be an empty cell.
    body = joined[: -len(end)].replace(b",", b'","').replace(end, b'"],["')
    if _CR in body or _LF in body:  # a line end unlike the first row's
        return None
    return (b'[["' + body + b'"]]').replace(b'""', b"null")


CSV_BLOCK_BYTES = 1 << 16
"""Bytes of a CSV file read at a time by :func:`csv_blocks` (then on to a line's end)."""


@attrs.frozen
class CsvBlock:
    """Whole rows of a CSV file, one a line, read at once and plain enough to be read as
    JSON (:func:`csv_block_json`).

    Attributes:
        number: The number of its first row (the header is row 0).
        line: The line its first row is on.
        data: Its bytes as in the file.
        rows: How many rows (and lines) it holds.
        text: The rows as one JSON array of arrays of cells.
    """

    number: int
    line: int
    data: bytes
    rows: int
    text: bytes

    def raws(self) -> list[bytes]:
        """Each row's bytes as in the file."""
        return lines_of(self.data)

    def record(self, offset: int, raw: bytes) -> SourceRecord:
        """The row at ``offset`` in the block, whose bytes are ``raw``, as a record."""
        return _csv_row(self.number + offset, raw, self.line + offset)

    def records(self) -> list[SourceRecord]:
        """Its rows as records, as :func:`read_records` gives them."""
        return [self.record(offset, raw) for offset, raw in enumerate(self.raws())]


def csv_blocks(stream: BinaryIO, header: bytes) -> Iterator[CsvBlock | SourceRecord]:
    """The rows of a CSV file after its ``header`` (just read from ``stream``): blocks of
    about :data:`CSV_BLOCK_BYTES` while they are plain, then, from the first block that
    is not (a quote, a blank line, a backslash, a carriage return out of place, text
    reading ``null``, a line longer than a CSV reader takes), each row as a record, as
    :func:`read_records` gives them.

    A file of plain rows is so read without a step in Python for each row: the block is
    turned into JSON whole, and split into rows only where a row is wanted on its own.
    """
    number, line = 0, 1 + header.count(_LF)
    while data := stream.read(CSV_BLOCK_BYTES):
        if not data.endswith(b"\n"):
            data += stream.readline()
        rows = data.count(_LF) + (not data.endswith(b"\n"))
        blank = data.startswith((b"\n", b"\r\n")) or b"\n\n" in data or b"\n\r\n" in data
        plain = not blank and len(data) <= csv.field_size_limit()
        text = _block_json(data, rows) if plain else None
        if text is None:
            yield from _csv_rows(itertools.chain(lines_of(data), stream), number, line)
            return
        yield CsvBlock(number + 1, line, data, rows, text)
        number, line = number + rows, line + rows


def _read_csv(stream: BinaryIO) -> tuple[bytes, Iterator[SourceRecord]]:
    rows = _csv_rows(stream)
    header = next(rows, None)
    if header is None:
        return b"", iter(())
    line, raw = header.line, header.raw
    try:
        # Undecodable bytes do not change how a row splits: that is asked first.
        csv_cells(raw.decode("utf-8", "replace").encode("utf-8"))
    except ValueError:
        raise InputError(f"line {line}: the header row cannot be read as CSV") from None
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError(f"line {line}: the header row is not UTF-8 text") from None
    return raw, rows


def read_records(stream: BinaryIO, fmt: str) -> tuple[bytes, Iterator[SourceRecord]]:
    """The records of a binary stream in format ``fmt``, with the CSV header (else ``b""``).

    Raises:
        InputError: Unknown format, or a file not in its format's shape (while iterating,
            for a JSON array).
    """
    if fmt == "ndjson":
        return b"", _read_ndjson(stream)
    if fmt == "json":
        return b"", _read_json_array(stream)
    if fmt == "csv":
        return _read_csv(stream)
    raise InputError(f"unknown format {fmt!r}; use one of {', '.join(FORMATS)}")


@functools.cache
def header_names(header: bytes) -> tuple[str, ...]:
    """The column names of a CSV header row."""
    return tuple(next(csv.reader([header.decode("utf-8")]), []))


def lines_of(data: bytes) -> list[bytes]:
    """``data`` split as iterating a file splits it: after each newline, and nowhere else."""
    lines = [line + b"\n" for line in data.split(b"\n")]
    last = lines.pop()
    if last != b"\n":
        lines.append(last[:-1])
    return lines


class RecordSink:
    """Writes records byte for byte into one well-formed file of their format.

    One sink takes the records of every input of a run: NDJSON records each end with a
    newline, JSON records form one array, and a CSV file has one header, so every CSV input
    must have the same columns. Close the sink (or use it as a context manager) to finish
    the file.
    """

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.fmt: str | None = None
        self.header = b""
        self.count = 0

    def start(self, fmt: str, header: bytes) -> None:
        """Announce the format and CSV header of the next input.

        Raises:
            InputError: A different format, or CSV columns different from the first input's.
        """
        if self.fmt is None:
            self.fmt, self.header = fmt, header
            return
        if fmt != self.fmt:
            raise InputError(f"inputs in {self.fmt} and {fmt} cannot share one output file")
        if fmt == "csv" and header_names(header) != header_names(self.header):
            raise InputError("CSV inputs with different columns cannot share one output file")

    def _terminator(self) -> bytes:
        return b"\r\n" if self.header.endswith(b"\r\n") else b"\n"

    def write(self, record: SourceRecord) -> None:
        """Write one record."""
        if self.count == 0:
            self._open()
        elif self.fmt == "json":
            self.stream.write(b",\n")
        self.stream.write(record.raw)
        if self.fmt != "json" and not record.raw.endswith(b"\n"):
            self.stream.write(self._terminator())
        self.count += 1

    def _open(self) -> None:
        if self.fmt == "csv":
            self.stream.write(self.header)
            if not self.header.endswith(b"\n"):
                self.stream.write(b"\n")
        elif self.fmt == "json":
            self.stream.write(b"[\n")

    def close(self) -> None:
        """Finish the file: close the JSON array; a CSV file keeps its header."""
        if self.count == 0:
            if self.fmt == "json":
                self.stream.write(b"[]\n")
            elif self.fmt == "csv":
                self._open()
        elif self.fmt == "json":
            self.stream.write(b"\n]\n")

    def __enter__(self) -> RecordSink:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()
