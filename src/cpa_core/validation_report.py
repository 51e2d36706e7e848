"""The machine-readable report of ``cpa-core validate --report FILE``.

NDJSON: one :class:`FindingLine` per finding, in input order, then one :class:`SummaryLine`.
Both shapes have JSON Schemas in ``schemas/`` (``validate-report-finding`` and
``validate-report-summary``); a reader tells them apart by ``entry``. Messages are the
findings' own, which never contain an NHS number, a name or an unknown key's text.
"""

from __future__ import annotations

import json
from typing import Any, BinaryIO, Literal

import attrs

from cpa_core.convert import unstructure
from cpa_core.findings import Finding

__all__ = [
    "FINDING_KIND",
    "SUMMARY_KIND",
    "FileCounts",
    "FindingLine",
    "ReportWriter",
    "SummaryLine",
]

FINDING_KIND = "validate-report-finding"
"""The schema name of a finding line."""

SUMMARY_KIND = "validate-report-summary"
"""The schema name of the summary line."""


@attrs.frozen(kw_only=True)
class FindingLine:
    """One finding in the report of ``cpa-core validate --report``.

    Attributes:
        entry: Always ``finding``.
        file: The input as named on the command line (``-`` for standard input).
        record: The record's position in its file, from 1.
        line: The line of the file on which the record starts, from 1 (in the
            decompressed text of a gzip file).
        location: Where the record is, for people: ``line 12``, ``row 5 (line 7)``,
            ``item 3 (line 2)``.
        record_id: The record's identifier (such as its ``episode_id``) when it could be
            read and looks like an identifier; otherwise null.
        path: JSON path of the field concerned, ``$`` for the whole record. A key that is
            not a field of the record kind is written by its position (``$.<key 3>``).
        code: The finding's code.
        severity: ``error``, ``warning`` or ``info``.
        message: What is wrong, in words; never the value itself.
    """

    entry: Literal["finding"] = "finding"
    file: str
    record: int
    line: int
    location: str
    record_id: str | None = None
    path: str
    code: str
    severity: Literal["error", "warning", "info"]
    message: str


@attrs.frozen(kw_only=True)
class FileCounts:
    """The counts for one input file.

    Attributes:
        file: The input as named on the command line.
        records: Records read; always ``valid + rejected``.
        valid: Records with no error.
        rejected: Records with at least one error.
    """

    file: str
    records: int
    valid: int
    rejected: int


@attrs.frozen(kw_only=True)
class SummaryLine:
    """The last line of the report of ``cpa-core validate --report``.

    Attributes:
        entry: Always ``summary``.
        kind: The record kind validated.
        records: Records read in all files; always ``valid + rejected``.
        valid: Records with no error.
        rejected: Records with at least one error.
        codes: How many findings of each code.
        files: The counts for each input file, in the order read.
    """

    entry: Literal["summary"] = "summary"
    kind: str
    records: int
    valid: int
    rejected: int
    codes: dict[str, int]
    files: tuple[FileCounts, ...]


class ReportWriter:
    """Writes report lines to a binary stream as NDJSON."""

    def __init__(self, stream: BinaryIO) -> None:
        self._stream = stream

    def _write(self, line: Any) -> None:
        text = json.dumps(unstructure(line), ensure_ascii=False, separators=(",", ":"))
        # A name given on the command line may hold bytes that are not UTF-8.
        self._stream.write(text.encode("utf-8", "backslashreplace") + b"\n")

    def finding(
        self,
        finding: Finding,
        *,
        file: str,
        record: int,
        line: int,
        location: str,
        record_id: str | None,
    ) -> None:
        """Write one finding line."""
        self._write(
            FindingLine(
                file=file,
                record=record,
                line=line,
                location=location,
                record_id=record_id,
                path=finding.path,
                code=finding.code,
                severity=finding.severity.value,
                message=finding.message,
            )
        )

    def summary(self, summary: SummaryLine) -> None:
        """Write the summary line."""
        self._write(summary)
