"""The caseload audit: every domain's dated checks over a bundle of records, as of a date.

A *bundle* is a folder holding one NDJSON file per record kind, named ``KIND.ndjson``
(``care-episode.ndjson``), one JSON record per line. Each record is validated
(:func:`cpa_core.validate_record`); records that can be read are then given their kind's
dated checks. Nothing is dropped: a line that is not JSON, or a record that cannot be read,
becomes an error finding that names the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from cpa_core import _time, registry
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import RECORD_MALFORMED
from cpa_core.validation import validate_record

__all__ = [
    "EXAMPLE_AS_OF",
    "AuditResult",
    "BundleRecord",
    "example_bundle",
    "read_bundle",
    "render_json",
    "render_text",
    "run_audit",
]


_EXAMPLE = "examples/team"

EXAMPLE_AS_OF = date(2026, 11, 23)
"""The date the example team's records were written for: their default audit date."""


@attrs.frozen
class BundleRecord:
    """One line of a bundle file.

    Attributes:
        kind: The record kind (the file's name without ``.ndjson``).
        location: ``FILE:LINE``, for findings and reports.
        data: The parsed JSON, or ``None`` when the line could not be parsed.
    """

    kind: str
    location: str
    data: Any


@attrs.frozen
class AuditResult:
    """The outcome of an audit.

    Attributes:
        as_of: The instant the audit was run for.
        records: How many records were read, by kind.
        report: Every finding, each located by ``FILE:LINE`` in its path when it concerns
            reading, or by the record's subject.
    """

    as_of: datetime
    records: dict[str, int]
    report: Report


def example_bundle() -> Path:
    """The folder of the bundled example team (fictitious people and staff)."""
    return Path(str(resources.files("cpa_core").joinpath(_EXAMPLE)))


def read_bundle(folder: Path) -> Iterator[BundleRecord]:
    """Every record in a bundle folder, in file then line order.

    Raises:
        CpaCoreError: The folder is missing, or a file names an unknown record kind.
    """
    if not folder.is_dir():
        raise CpaCoreError(f"{folder}: not a folder of KIND.ndjson files")
    kinds = registry.record_kinds()
    for path in sorted(folder.glob("*.ndjson")):
        if path.stem not in kinds:
            raise CpaCoreError(f"{path.name}: no record kind called {path.stem!r}")
        with path.open("rb") as lines:
            for number, raw in enumerate(lines, start=1):
                if not raw.strip():
                    continue
                try:
                    data: Any = json.loads(raw.decode("utf-8"))
                except (UnicodeDecodeError, json.JSONDecodeError):
                    data = None
                yield BundleRecord(path.stem, f"{path.name}:{number}", data)


def _checks(item: BundleRecord, as_of: datetime, policy: TrustPolicy) -> Iterator[Finding]:
    if not isinstance(item.data, dict):
        yield RECORD_MALFORMED.finding("line is not a JSON object", path=item.location)
        return
    kind = registry.record_kind(item.kind)
    result = validate_record(kind, item.data, policy=policy)
    for finding in result.report:
        if finding.severity is Severity.INFO:
            continue
        yield attrs.evolve(finding, path=f"{item.location} {finding.path}")
    if result.record is not None and kind.audit is not None:
        yield from kind.audit(result.record, as_of, policy)


def run_audit(
    records: Iterator[BundleRecord] | list[BundleRecord],
    as_of: datetime,
    policy: TrustPolicy | None = None,
) -> AuditResult:
    """Run every kind's checks over ``records`` as of the instant ``as_of``."""
    as_of = _time.require_aware(as_of, "as_of")
    policy = policy or TrustPolicy()
    counts: dict[str, int] = {}
    findings: list[Finding] = []
    for item in records:
        counts[item.kind] = counts.get(item.kind, 0) + 1
        findings.extend(_checks(item, as_of, policy))
    return AuditResult(as_of=as_of, records=counts, report=Report(tuple(findings)).sorted())


def render_text(result: AuditResult) -> str:
    """The audit as plain text: a summary, then findings by area, worst and soonest first."""
    counts = result.report.counts_by_severity()
    lines = [
        f"cpa-core audit as of {result.as_of.isoformat()}",
        "records: " + (", ".join(f"{k} {n}" for k, n in sorted(result.records.items())) or "none"),
        "findings: " + ", ".join(f"{n} {s.value}" for s, n in counts.items()),
    ]
    areas: dict[str, list[Finding]] = {}
    for finding in result.report:
        areas.setdefault(finding.code.split("-", 1)[0], []).append(finding)
    for area, found in areas.items():
        lines.append("")
        lines.append(f"== {area} ({len(found)})")
        for f in found:
            due = f" due {f.due.isoformat()}" if f.due is not None else ""
            who = f" [{f.subject_id}]" if f.subject_id else ""
            lines.append(f"{f.severity.value:7} {f.code}{who}{due}: {f.message} ({f.path})")
    return "\n".join(lines) + "\n"


def render_json(result: AuditResult) -> str:
    """The audit as one JSON document."""
    body = {"as_of": result.as_of.isoformat(), "records": result.records}
    body.update(result.report.to_dict())
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
