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
