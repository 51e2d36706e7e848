"""The caseload audit: every domain's dated checks over a bundle of records, as of a date.

A *bundle* is a folder holding one NDJSON file per record kind, named ``KIND.ndjson``
(``care-episode.ndjson``, or ``KIND.ndjson.gz``), one JSON record per line. The files are
read, and each record checked, exactly as ``cpa-core validate`` reads and checks them
(:func:`cpa_core.batch.check_source`); records that can be read are then given their kind's
dated checks. Nothing is dropped and nothing stops the audit: a line that is not JSON, a
record that cannot be read or a check that fails on one record becomes an error finding
that names the file and line.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from datetime import date, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from cpa_core import batch, registry, statutory_time
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.files import open_input
from cpa_core.findings import Finding, Report, Severity
from cpa_core.identifiers.nhs_number import redact
from cpa_core.policy import TrustPolicy
from cpa_core.records import Located, check_failed

__all__ = [
    "EXAMPLE_AS_OF",
    "AuditEntry",
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
        raw: The line's bytes, as in the file.
    """

    kind: str
    location: str
    raw: bytes


@attrs.frozen
class AuditEntry:
    """One finding of the audit, with the record it came from.

    Attributes:
        finding: The finding.
        kind: The record kind of the record checked.
        location: ``FILE:LINE`` of the record in the bundle.
        who: The person or staff member the record is about (its ``person_id`` or
            ``staff_id``), or ``None``.
        area: The title of the domain the record kind belongs to.
    """

    finding: Finding
    kind: str
    location: str
    who: str | None
    area: str


@attrs.frozen
class AuditResult:
    """The outcome of an audit.

    Attributes:
        as_of: The instant the audit was run for.
        records: How many records were read, by kind.
        entries: Every finding with its record, soonest due first (undated last), then worst.
    """

    as_of: datetime
    records: dict[str, int]
    entries: tuple[AuditEntry, ...]

    @property
    def report(self) -> Report:
        """The findings alone, as a :class:`~cpa_core.findings.Report`."""
        return Report(tuple(e.finding for e in self.entries))

    def by_area(self) -> dict[str, dict[str, list[AuditEntry]]]:
        """Entries grouped by area (in the registry's domain order), then by person or staff
        member, in order."""
        out: dict[str, dict[str, list[AuditEntry]]] = {}
        for entry in self.entries:
            area = out.setdefault(entry.area, {})
            area.setdefault(entry.who or "(no person)", []).append(entry)
        order = [d.title for d in registry.domains()]
        return dict(sorted(out.items(), key=lambda item: _rank(order, item[0])))


def _rank(order: list[str], area: str) -> int:
    return order.index(area) if area in order else len(order)


def example_bundle() -> Path:
    """The folder of the bundled example team (fictitious people and staff)."""
    return Path(str(resources.files("cpa_core").joinpath(_EXAMPLE)))


_SUFFIXES = (".ndjson", ".ndjson.gz")


def _kind_of(path: Path) -> str | None:
    for suffix in _SUFFIXES:
        if path.name.endswith(suffix):
            return path.name[: -len(suffix)]
    return None


def read_bundle(folder: Path) -> Iterator[BundleRecord]:
    """Every record in a bundle folder, in file then line order.

    Raises:
        CpaCoreError: The folder is missing, a file names an unknown record kind, or a
            file cannot be read at all (the message names the file).
    """
    if not folder.is_dir():
        raise CpaCoreError(f"{folder}: not a folder of KIND.ndjson files")
    kinds = registry.record_kinds()
    for path in sorted(folder.iterdir()):
        kind = _kind_of(path)
        if kind is None:
            continue
        if kind not in kinds:
            raise CpaCoreError(f"{path.name}: no record kind called {kind!r}")
        with open_input(path) as stream:
            _, records = batch.read_records(stream, "ndjson")
            for record in records:
                yield BundleRecord(kind, f"{path.name}:{record.line}", record.raw)


def _who(record: Any) -> str | None:
    for name in ("person_id", "staff_id"):
        value = getattr(record, name, None)
        if isinstance(value, str):
            return redact(value)  # an NHS number used as a person's id is not shown whole
    return None


def _checks(item: BundleRecord, ctx: CheckContext) -> tuple[Located[Any] | None, list[AuditEntry]]:
    """The record read from ``item`` (or ``None``), with its location, and its entries."""
    kind = registry.record_kind(item.kind)
    area = registry.domain(kind.domain).title
    source = batch.SourceRecord(0, item.location, item.raw)
    result, _ = batch.check_source(kind, source, policy=ctx.policy)
    who = _who(result.record) if result.record is not None else None
    entries = [
        AuditEntry(f, item.kind, item.location, who, area)
        for f in result.report
        if f.severity is not Severity.INFO
    ]
    if result.record is None:
        return None, entries
    if kind.audit is not None:
        try:
            found = list(kind.audit(result.record, ctx))
        except Exception as exc:  # one record must never stop the audit
            found = [check_failed(exc)]
        entries.extend(AuditEntry(f, item.kind, item.location, who, area) for f in found)
    return Located(result.record, item.kind, item.location), entries


def _order(entry: AuditEntry) -> tuple[str, int, str]:
    due = entry.finding.due
    when = due.isoformat() if due is not None else "9999"
    return (when, entry.finding.severity.rank, entry.finding.code)


def run_audit(
    records: Iterable[BundleRecord],
    as_of: datetime,
    policy: TrustPolicy | None = None,
) -> AuditResult:
    """Run every kind's checks over ``records`` as of the instant ``as_of``."""
    ctx = CheckContext.at(statutory_time.require_aware(as_of, "as_of"), policy)
    counts: dict[str, int] = {}
    entries: list[AuditEntry] = []
    caseload: dict[str, list[Located[Any]]] = {}
    for item in records:
        counts[item.kind] = counts.get(item.kind, 0) + 1
        located, found = _checks(item, ctx)
        entries.extend(found)
        if located is not None:
            caseload.setdefault(item.kind, []).append(located)
    for declared in registry.domains():
        for check in declared.caseload_checks:
            try:
                pairs = list(check(caseload, ctx))
            except Exception as exc:  # one check must never stop the audit
                pairs = [(None, check_failed(exc))]
            entries.extend(_caseload_entry(declared.title, at, f) for at, f in pairs)
    return AuditResult(as_of=as_of, records=counts, entries=tuple(sorted(entries, key=_order)))


def _caseload_entry(area: str, at: Located[Any] | None, finding: Finding) -> AuditEntry:
    if at is None:
        return AuditEntry(finding, "", "caseload", None, area)
    return AuditEntry(finding, at.kind, at.location, _who(at.record), area)


def _due(finding: Finding) -> str:
    return finding.due.isoformat() if finding.due is not None else ""


def render_text(result: AuditResult) -> str:
    """The audit as plain text: a summary, then findings by area and person, soonest first."""
    counts = result.report.counts_by_severity()
    lines = [
        f"cpa-core audit as of {result.as_of.isoformat()}",
        "records: " + (", ".join(f"{k} {n}" for k, n in sorted(result.records.items())) or "none"),
        "findings: " + ", ".join(f"{n} {s.value}" for s, n in counts.items()),
    ]
    for area, people in result.by_area().items():
        total = sum(len(v) for v in people.values())
        lines += ["", f"== {area} ({total})"]
        for who, entries in people.items():
            lines.append(f"-- {who}")
            for e in entries:
                f = e.finding
                due = f" due {_due(f)}" if f.due is not None else ""
                lines.append(
                    f"   {f.severity.value:7} {f.code}{due}: {f.message} ({e.location} {f.path})"
                )
    return "\n".join(lines) + "\n"


def _entry_dict(entry: AuditEntry) -> dict[str, Any]:
    out = entry.finding.to_dict()
    out.update(area=entry.area, kind=entry.kind, location=entry.location)
    if entry.who is not None:
        out["who"] = entry.who
    return out


def render_json(result: AuditResult) -> str:
    """The audit as one JSON document."""
    report = result.report
    body: dict[str, Any] = {
        "as_of": result.as_of.isoformat(),
        "records": result.records,
        "counts": {s.value: n for s, n in report.counts_by_severity().items()},
        "codes": dict(report.counts_by_code()),
        "findings": [_entry_dict(e) for e in result.entries],
    }
    return json.dumps(body, indent=2, ensure_ascii=False) + "\n"
