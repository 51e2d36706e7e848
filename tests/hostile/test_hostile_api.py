"""The API under hostile input: ``validate`` gives findings, or a CpaCoreError for a bad kind,
for any Python value; no message carries a planted NHS number, name or unknown key."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import UnknownCodeError, jsondata, registry, validate, validate_record
from cpa_core.constraints import Text
from cpa_core.context import CheckContext
from cpa_core.convert import field_names, structure
from cpa_core.findings import Report
from cpa_core.policy import TrustPolicy
from cpa_core.schemas import schema_for
from hostile_inputs import (
    EXAMPLES,
    HOSTILE_VALUES,
    PLANTED_NAME,
    PLANTED_NUMBERS,
    REAL_KINDS,
    assert_clean,
    deep,
    hostile_record,
)


def _text(report: Report) -> str:
    return "\n".join(f"{f.path} {f.code} {f.message} {f.subject_id}" for f in report)


@pytest.mark.parametrize("kind", REAL_KINDS)
@pytest.mark.parametrize("value", HOSTILE_VALUES, ids=lambda v: type(v).__name__)
def test_any_value_as_a_whole_record(kind: str, value: Any) -> None:
    report = validate(kind, value)
    assert not report.ok
    assert_clean(_text(report))


@pytest.mark.parametrize("kind", REAL_KINDS)
@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(data=st.data())
def test_hostile_change_anywhere_in_a_record(kind: str, data: st.DataObject) -> None:
    record = data.draw(hostile_record(kind))
    result = validate_record(kind, record)
    assert_clean(_text(result.report))
    spec = registry.record_kind(kind)
    if result.record is not None and spec.audit is not None:
        # A record that could be read can be audited; a failure there is the audit's
        # RECORD-CHECK-FAILED (tests/hostile/test_hostile_audit.py), never a leak.
        try:
            found = list(
                spec.audit(
                    result.record,
                    CheckContext.at(datetime(2026, 11, 23, tzinfo=UTC), TrustPolicy()),
                )
            )
        except Exception:
            found = []
        assert_clean(_text(Report(tuple(found))))


@pytest.mark.parametrize("kind", [None, 3, [], {}, object(), PLANTED_NUMBERS[0], PLANTED_NAME])
def test_a_bad_kind_is_unknown_code_error_that_echoes_nothing(kind: Any) -> None:
    with pytest.raises(UnknownCodeError) as caught:
        validate(kind, {})
    assert_clean(str(caught.value))


@pytest.mark.parametrize("depth", [33, 1_000, 200_000])
def test_deep_nesting_is_a_finding_not_a_recursion_error(depth: int) -> None:
    record = {**EXAMPLES["care-episode"][0], "reviews": deep(depth)}
    report = validate("care-episode", record)
    assert report.errors[0].code == "RECORD-INVALID"
    assert any("nested more than" in f.message for f in report)


def test_non_finite_numbers_are_refused_in_every_float_field() -> None:
    record = EXAMPLES["staff-member"][0]
    for value in (float("nan"), float("inf"), float("-inf")):
        training = [{**record["training"][0], "hours": value}, *record["training"][1:]]
        report = validate("staff-member", {**record, "training": training})
        assert [(f.code, f.path) for f in report.errors] == [
            ("RECORD-INVALID", "$.training[0].hours")
        ]


def _int_paths(kind: str) -> list[tuple[tuple[str | int, ...], int]]:
    out: list[tuple[tuple[str | int, ...], int]] = []
    for record in EXAMPLES[kind]:
        stack: list[tuple[Any, tuple[str | int, ...]]] = [(record, ())]
        while stack:
            node, path = stack.pop()
            items = node.items() if isinstance(node, dict) else enumerate(node)
            for key, value in items:
                if type(value) is int:
                    out.append(((*path, key), EXAMPLES[kind].index(record)))
                elif isinstance(value, dict | list):
                    stack.append((value, (*path, key)))
    return out


INTEGER_FIELDS = [(kind, path, index) for kind in REAL_KINDS for path, index in _int_paths(kind)]


def _set(record: Any, path: tuple[str | int, ...], value: Any) -> Any:
    copy = json.loads(json.dumps(record))
    node = copy
    for step in path[:-1]:
        node = node[step]
    node[path[-1]] = value
    return copy


def _get(model: Any, path: tuple[str | int, ...]) -> Any:
    node = model
    for step in path:
        node = node[step] if isinstance(step, int) else getattr(node, step)
    return node


@pytest.mark.parametrize(("kind", "path", "index"), INTEGER_FIELDS)
def test_an_integral_float_becomes_an_int_on_every_path(
    kind: str, path: tuple[str | int, ...], index: int
) -> None:
    # pandas writes 12.0 for an integer column; JSON Schema calls it an integer, so the
    # model must hold the int 12, whether built by the generated builder or the converter.
    record = EXAMPLES[kind][index]
    original = _get(validate_record(kind, record).record, path)
    floated = _set(record, path, float(_get_json(record, path)))
    built = validate_record(kind, floated)
    assert built.record is not None, _text(built.report)
    assert type(_get(built.record, path)) is type(original)
    assert _get(built.record, path) == original
    strict = structure(floated, registry.record_kind(kind).model)
    assert type(_get(strict, path)) is type(original)


def _get_json(record: Any, path: tuple[str | int, ...]) -> Any:
    node = record
    for step in path:
        node = node[step]
    return node


def _string_leaves(record: Any) -> list[tuple[str | int, ...]]:
    out: list[tuple[str | int, ...]] = []
    stack: list[tuple[Any, tuple[str | int, ...]]] = [(record, ())]
    while stack:
        node, path = stack.pop()
        items = node.items() if isinstance(node, dict) else enumerate(node)
        for key, value in items:
            if isinstance(value, str):
                out.append((*path, key))
            elif isinstance(value, dict | list):
                stack.append((value, (*path, key)))
    return out


@pytest.mark.parametrize("kind", REAL_KINDS)
def test_validators_agree_on_a_trailing_newline(kind: str) -> None:
    # Python's `$` also matches before a final newline; the schemas' patterns must not let
    # python-jsonschema accept what jsonschema-rs refuses, nor cpa_core accept either.
    import jsonschema_rs

    schema = schema_for(registry.record_kind(kind).model, kind)
    python = jsonschema.Draft202012Validator(schema)
    rust = jsonschema_rs.validator_for(schema, validate_formats=False)
    refused = 0
    for record in EXAMPLES[kind]:
        for path in _string_leaves(record):
            mutated = _set(record, path, _get_json(record, path) + "\n")
            assert python.is_valid(mutated) == rust.is_valid(mutated), path
            if not python.is_valid(mutated):
                refused += 1
                assert not validate(kind, mutated).ok, path
    assert refused > 0


def test_text_constraints_match_the_whole_string() -> None:
    code = Text(pattern=r"^[A-Z]+$", meaning="a code")
    assert code.problem("AB") is None
    assert code.problem("AB\n") == "must be a code"
    assert re.search(r"^[A-Z]+$", "AB\n") is not None  # what `search` would have let in


def test_json_guard_finds_without_recursion() -> None:
    problems = jsondata.problems(
        deep(500_000), field_names(registry.record_kind("mha-detention").model)
    )
    assert [p.message for p in problems] == [f"nested more than {jsondata.MAX_DEPTH} levels deep"]


def _hostile_value(index: int) -> Any:
    return HOSTILE_VALUES[index]


@given(data=st.data())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_json_guard_quick_walk_agrees_with_the_full_walk(data: st.DataObject) -> None:
    """The guard first walks without paths and walks again with them only when something
    is wrong; the two must agree on whether anything is."""
    # By index: hypothesis cannot repr a 5,000-digit integer in a sampled_from.
    hostile = st.integers(0, len(HOSTILE_VALUES) - 1).map(_hostile_value)
    leaves = hostile | st.none() | st.integers() | st.text()
    keys = st.text(max_size=3) | st.integers() | st.just("\ud800")
    value = data.draw(
        st.recursive(
            leaves,
            lambda inner: st.lists(inner, max_size=3)
            | st.dictionaries(keys, inner, max_size=3),
            max_leaves=12,
        )
    )  # fmt: skip
    if data.draw(st.booleans()):
        value = deep(jsondata.MAX_DEPTH - 1 + data.draw(st.integers(0, 2)), value)
    assert (jsondata._walk(value, frozenset(), 100) == ()) is jsondata._readable(value)
    # What the compiled gate takes as JSON (it then skips the schema check) the guard must
    # also take: exact JSON types never hide something the guard would refuse.
    if jsondata.round_trips(value):
        assert jsondata._readable(value) or _unencodable(value)


def _unencodable(value: Any) -> bool:
    # NaN and lone surrogates are left to the encoder by round_trips, encoding as
    # _compiled.accepts does.
    try:
        json.dumps(value, ensure_ascii=False, allow_nan=False).encode("utf-8")
        return False
    except (ValueError, UnicodeEncodeError):
        return True
