"""The synthetic MHSDS extract of the example team against the example team itself.

The extract (``cpa_core/examples/mhsds``) expresses the example team's people and events
as MHSDS v6 rows. These tests hold it to three promises:

1. every record of a kind MHSDS carries is built from it, and no other;
2. the built records agree with the example's on every field MHSDS carries, and every
   field of the example is either carried or declared not carried (nothing is dropped
   unseen); the fields that differ are exactly those listed below, each with its reason;
3. the audit of the extract gives the example team's findings, record by record, except
   the findings of checks that need a field the record lacks, which the MHSDS audit
   withholds and names.

What MHSDS cannot carry is listed here and in ``docs/interoperability.md``: the record
kinds of :data:`~cpa_core.mhsds.mapping.KINDS_NOT_CARRIED`, MHCT assessments, and the
fields and checks of :data:`~cpa_core.mhsds.mapping.NOT_CARRIED` and
:data:`~cpa_core.mhsds.mapping.CHECK_NEEDS`.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest

from cpa_core import audit, registry, statutory_time
from cpa_core.audit import AuditEntry, AuditResult
from cpa_core.convert import structure, unstructure
from cpa_core.mhsds import (
    FIELD_MAPPINGS,
    KINDS_NOT_CARRIED,
    MAPPED_KINDS,
    NOT_CARRIED_FIELDS,
    Built,
    Extract,
    audit_extract,
    example_extract,
    read_extract,
)

AS_OF = statutory_time.start_of_day(audit.EXAMPLE_AS_OF)

NOT_IN_MHSDS_V6 = {
    "MHCT-P010-2025-06",
    "MHCT-P007-2026-09",
    "MHCT-P003-2026-10",
    "MHCT-P003-2026-11",
}
"""Example MHCT assessments: the cluster tables MHS801 and MHS802 are not in MHSDS v6."""

EXPECTED_DIFFERENCES: dict[tuple[str, str], str] = {
    ("care-episode", "$.approach"): "v6 carries no approach: episodes with no CPA episode "
    "(MHS701) take the Trust's non-CPA approach, cmhf, where the example has standard-care "
    "(P003, P005)",
    ("care-episode", "$.coordinators[].role"): "the named worker follows the approach",
    ("care-episode", "$.referral.referral_id"): "MHSDS has one referral identifier, "
    "ServiceRequestId, which is also the episode's",
    ("cluster-assessment", "$.assessment_id"): "a score recorded against the referral "
    "(MHS606) has no identifier of its own; the referral and time stand for it",
    ("mha-detention", "$.detention_id"): "MHSDS has no detention: the first period's "
    "identifier stands for the chain",
}
"""Every carried field where the built records differ from the example's, and why."""


def _plain(kind: str, data: Any) -> dict[str, Any]:
    """A record as its model writes it, defaults included, so that a field left out and a
    field given its default compare equal."""
    model = registry.record_kind(kind).model
    out: dict[str, Any] = unstructure(structure(data, model))
    return out


def _example() -> dict[str, list[dict[str, Any]]]:
    out: dict[str, list[dict[str, Any]]] = {}
    for item in audit.read_bundle(audit.example_bundle()):
        out.setdefault(item.kind, []).append(_plain(item.kind, json.loads(item.raw)))
    return out


@pytest.fixture(scope="module")
def extract() -> Extract:
    return read_extract(example_extract())


def _pair_key(kind: str, record: dict[str, Any]) -> str:
    """What the example record and the built one share, for each kind."""
    if kind == "care-episode":
        return str(record["episode_id"])
    if kind == "care-inpatient-discharge":
        return str(record["discharge_id"])
    if kind == "mha-detention":
        return str(record["periods"][0]["period_id"])
    return f"{record['person_id']} {record['assessed_on']} {record.get('scale', 'mhct')}"


def _pairs(extract: Extract) -> Iterator[tuple[str, dict[str, Any], Built]]:
    built = {(r.kind, _pair_key(r.kind, dict(r.data))): r for r in extract.records}
    for kind in MAPPED_KINDS:
        for record in _example()[kind]:
            if record.get("assessment_id") in NOT_IN_MHSDS_V6:
                continue
            yield kind, record, built[(kind, _pair_key(kind, record))]


def test_every_record_kind_is_mapped_or_declared_not_carried() -> None:
    declared = set(MAPPED_KINDS) | {row.kind for row in KINDS_NOT_CARRIED}
    assert declared == set(registry.record_kinds())
    assert not set(MAPPED_KINDS) & {row.kind for row in KINDS_NOT_CARRIED}


def test_the_extract_reads_cleanly(extract: Extract) -> None:
    assert extract.notes == ()
    errors = [f for r in extract.records for f in r.findings if f.severity.value == "error"]
    assert errors == []


def test_every_carried_record_is_built_once_and_no_other(extract: Extract) -> None:
    pairs = list(_pairs(extract))
    assert len(pairs) == len(extract.records) == len({id(b) for _, _, b in pairs})
    example = _example()
    carried = sum(len(example[k]) for k in MAPPED_KINDS) - len(NOT_IN_MHSDS_V6)
    assert len(pairs) == carried == 21


def _instant(text: str) -> str:
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        return text
    if value.tzinfo is None or "T" not in text:
        return text
    return value.astimezone(UTC).isoformat()


def _leaves(data: Any, path: str = "$") -> Iterator[tuple[str, Any]]:
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, f"{path}.{key}")
    elif isinstance(data, list):
        for value in data:
            yield from _leaves(value, f"{path}[]")
    elif data is not None:
        yield path, _instant(data) if isinstance(data, str) else data


def _values(record: dict[str, Any], path: str) -> Counter[str]:
    return Counter(json.dumps(v) for p, v in _leaves(record) if p == path)


def _covered(path: str, by: set[str] | tuple[str, ...]) -> bool:
    return any(path == p or path.startswith((f"{p}.", f"{p}[]")) for p in by)


def test_built_records_agree_with_the_example_on_every_carried_field(extract: Extract) -> None:
    """A carried field holds the example's values; a field the record declares it does not
    (fully) carry holds no value the example lacks."""
    differing: set[tuple[str, str]] = set()
    compared = 0
    for kind, record, built in _pairs(extract):
        mapped = {row.path for row in FIELD_MAPPINGS if row.kind == kind}
        not_carried = {row.path for row in NOT_CARRIED_FIELDS if row.kind == kind}
        for path, _ in _leaves(record):
            assert _covered(path, mapped | not_carried), f"{kind} {path}: neither mapped nor gap"
        data = _plain(kind, built.data)
        for path in mapped:
            compared += 1
            ours, theirs = _values(data, path), _values(record, path)
            partial = _covered(path, built.gaps)
            if (ours - theirs) if partial else (ours != theirs):
                differing.add((kind, path))
    assert differing == set(EXPECTED_DIFFERENCES)
    assert compared > 100


def _finding(entry: AuditEntry) -> tuple[str, str, str, str, str | None]:
    f = entry.finding
    due = f.due.isoformat() if f.due is not None else None
    return (f.code, f.severity.value, f.message, f.path, due)


def _by_location(result: AuditResult) -> dict[str, list[AuditEntry]]:
    out: dict[str, list[AuditEntry]] = {}
    for entry in result.entries:
        out.setdefault(entry.location, []).append(entry)
    return out


def test_the_audit_gives_the_example_teams_findings(extract: Extract) -> None:
    example = audit.run_audit(audit.read_bundle(audit.example_bundle()), AS_OF)
    mhsds = audit_extract(extract, AS_OF)
    by_record = {
        (kind, _pair_key(kind, json.loads(item.raw))): item.location
        for item in audit.read_bundle(audit.example_bundle())
        if (kind := item.kind) in MAPPED_KINDS
    }
    example_at, mhsds_at = _by_location(example), _by_location(mhsds)
    compared = withheld = 0
    for kind, record, built in _pairs(extract):
        skipped = set(extract.withheld_codes(built))
        expected = Counter(
            _finding(e)
            for e in example_at.get(by_record[(kind, _pair_key(kind, record))], [])
            if e.finding.code not in skipped
        )
        withheld += sum(
            1
            for e in example_at.get(by_record[(kind, _pair_key(kind, record))], [])
            if e.finding.code in skipped
        )
        found = Counter(
            _finding(e)
            for e in mhsds_at.get(built.location, [])
            if e.kind == kind and not e.finding.code.startswith("MHSDS-")
        )
        assert found == expected, f"{kind} {_pair_key(kind, record)}"
        compared += sum(expected.values())
    assert compared == 12
    assert withheld > 0


def test_withheld_checks_are_named_on_each_record(extract: Extract) -> None:
    result = audit_extract(extract, AS_OF)
    named = {
        (e.kind, e.location): e.finding.message
        for e in result.entries
        if e.finding.code == "MHSDS-NOT-CHECKED"
    }
    for record in extract.records:
        codes = extract.withheld_codes(record)
        message = named.get((record.kind, record.location), "")
        assert all(code in message for code in codes)
        assert bool(codes) == bool(message)


def test_every_record_names_what_mhsds_does_not_carry(extract: Extract) -> None:
    result = audit_extract(extract, AS_OF)
    carried = {
        (e.kind, e.location) for e in result.entries if e.finding.code == "MHSDS-NOT-CARRIED"
    }
    assert carried == {(r.kind, r.location) for r in extract.records}
