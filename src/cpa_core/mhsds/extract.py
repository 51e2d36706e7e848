"""An MHSDS extract as cpa_core records: read it, audit it, write it as a bundle."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from datetime import datetime
from importlib import resources
from pathlib import Path

import attrs

from cpa_core import registry
from cpa_core.audit import AuditEntry, AuditResult, BundleRecord, run_audit
from cpa_core.constraints import IDENTIFIER
from cpa_core.files import OutputSet
from cpa_core.findings import Finding
from cpa_core.identifiers.nhs_number import redact
from cpa_core.mhsds import codes
from cpa_core.mhsds.build import Built, MhsdsOptions, build_records
from cpa_core.mhsds.mapping import MAPPED_KINDS, needs_of
from cpa_core.mhsds.reader import Note, read_tables
from cpa_core.policy import TrustPolicy

__all__ = [
    "EXAMPLE_EXTRACT",
    "Extract",
    "audit_extract",
    "example_extract",
    "read_extract",
    "write_bundle",
]

EXAMPLE_EXTRACT = "examples/mhsds"
"""Where the synthetic MHSDS extract of the example team lives in the package."""


def example_extract() -> Path:
    """The folder of the synthetic MHSDS extract of the example team."""
    return Path(str(resources.files("cpa_core").joinpath(EXAMPLE_EXTRACT)))


@attrs.frozen
class Extract:
    """The records an MHSDS extract builds, and what was found while building them.

    Attributes:
        records: Every record built, in kind then table order.
        notes: Findings about files, tables and rows that built no record, each with its
            ``TABLE:ROW`` location.
    """

    records: tuple[Built, ...]
    notes: tuple[Note, ...]

    def bundle_records(self) -> tuple[BundleRecord, ...]:
        """The records as the audit reads them, located by ``TABLE:ROW``."""
        return tuple(BundleRecord(r.kind, r.location, r.raw) for r in self.records)

    def withheld_codes(self, record: Built) -> tuple[str, ...]:
        """The finding codes not reported on ``record``: their checks need a field it
        lacks (:data:`~cpa_core.mhsds.mapping.CHECK_NEEDS`)."""
        gaps = set(record.gaps)
        return tuple(
            sorted(code for code, needs in needs_of(record.kind).items() if gaps & set(needs))
        )

    def findings(self) -> tuple[Finding, ...]:
        """Every finding of reading the extract (notes and the records' own findings)."""
        return (
            *(n.finding for n in self.notes),
            *(f for r in self.records for f in r.findings),
        )


def read_extract(folder: str | Path, options: MhsdsOptions | None = None) -> Extract:
    """Read every MHSDS table in ``folder`` and build the records they carry.

    Raises:
        CpaCoreError: The folder is missing, or a file cannot be read at all.
    """
    built, notes = build_records(read_tables(Path(folder)), options)
    return Extract(built, notes)


def _who(person: str | None) -> str | None:
    """The person as the report names them: only an identifier the records would accept
    (as the audit itself names only people of records it could read), masked like it."""
    if person is None or IDENTIFIER.problem(person) is not None:
        return None
    return redact(person)


def _order(entry: AuditEntry) -> tuple[str, int, str]:
    due = entry.finding.due
    return (
        due.isoformat() if due is not None else "9999",
        entry.finding.severity.rank,
        entry.finding.code,
    )


def _about(
    record: Built, withheld: Counter[str], codes_not_checked: Iterable[str]
) -> list[Finding]:
    out = list(record.findings)
    if record.gaps:
        out.append(codes.NOT_CARRIED.finding("MHSDS does not carry " + ", ".join(record.gaps)))
    names = list(codes_not_checked)
    if names:
        count = sum(withheld.values())
        out.append(
            codes.NOT_CHECKED.finding(
                f"not checked from MHSDS ({count} finding(s) withheld): " + ", ".join(names)
            )
        )
    return out


def audit_extract(
    extract: Extract, as_of: datetime, policy: TrustPolicy | None = None
) -> AuditResult:
    """The caseload audit of an extract's records, as of ``as_of``.

    The records are checked exactly as a bundle is (:func:`cpa_core.audit.run_audit`). A
    record's findings whose checks need a field the record lacks are withheld and counted
    in an ``MHSDS-NOT-CHECKED`` finding; the extract's own findings are added, each located
    by table and row.
    """
    result = run_audit(extract.bundle_records(), as_of, policy)
    records = {(r.kind, r.location): r for r in extract.records}
    not_checked = {key: extract.withheld_codes(r) for key, r in records.items()}
    withheld: dict[tuple[str, str], Counter[str]] = {key: Counter() for key in records}
    entries: list[AuditEntry] = []
    for entry in result.entries:
        key = (entry.kind, entry.location)
        if key in records and entry.finding.code in not_checked[key]:
            withheld[key][entry.finding.code] += 1
            continue
        entries.append(entry)
    for key, record in records.items():
        who = _who(record.person)
        area = registry.domain_of(record.kind).title
        entries.extend(
            AuditEntry(f, record.kind, record.location, who, area)
            for f in _about(record, withheld[key], not_checked[key])
        )
    area = registry.domain("mhsds").title  # a row that built no record is the extract's
    entries.extend(AuditEntry(n.finding, n.kind, n.location, None, area) for n in extract.notes)
    return attrs.evolve(result, entries=tuple(sorted(entries, key=_order)))


def write_bundle(extract: Extract, folder: str | Path) -> tuple[Path, ...]:
    """Write the extract's records as a bundle: one ``KIND.ndjson`` per mapped kind.

    Every mapped kind's file is written, empty when the extract builds none of its
    records, so that a bundle written over an earlier one holds no stale records. The files
    appear together when all are written (:class:`cpa_core.files.OutputSet`).
    """
    target = Path(folder)
    target.mkdir(parents=True, exist_ok=True)
    paths = tuple(target / f"{kind}.ndjson" for kind in MAPPED_KINDS)
    with OutputSet() as written:
        for kind, path in zip(MAPPED_KINDS, paths, strict=True):
            stream = written.open(path)
            for record in extract.records:
                if record.kind == kind:
                    stream.write(record.raw)
    return paths
