"""``validate`` lets the compiled pass stand in for the schema check on data it reads
(``cpa_core._compiled.accepts``). Python values that read one way as objects and another
once written as JSON text must still give exactly the reference path's report: every
finding with its code, path and message, and the same model."""

from __future__ import annotations

import copy
import enum
import math
from collections import OrderedDict
from types import MappingProxyType
from typing import Any

import pytest

from cpa_core import _compiled, registry, validate_record
from hostile_inputs import EXAMPLES, REAL_KINDS, deep
from record_fixtures import paths_in


class _Text(str):
    """A str subclass: JSON writes its text, the strict converter refuses its type."""


class _Code(enum.Enum):
    CMHF = "cmhf"


class _Whole(int):
    """An int subclass: JSON writes its digits."""


def _edge_values(value: Any) -> list[Any]:
    """Values that JSON text cannot tell apart from others, or that it refuses."""
    out: list[Any] = [1.5, 12.0, -0.0, True, 2**70, 10**400, math.nan, math.inf, (1, 2)]
    out += [_Whole(3), "\ud800", {1: 2}, {"\udcff": 1}, deep(31), deep(40, {"a": 1})]
    if isinstance(value, str):
        out += [_Text(value), _Code.CMHF]
    if isinstance(value, int) and not isinstance(value, bool):
        out += [float(value), value + 0.5, _Whole(value)]
    if isinstance(value, dict):
        out += [OrderedDict(value), MappingProxyType(value)]
    if isinstance(value, list):
        out += [tuple(value), [*value, *value]]
    return out


def _outcome(kind: str, data: Any) -> tuple[Any, list[tuple[str, str, str]]]:
    try:
        result = validate_record(kind, data)
    except Exception as exc:  # both paths must fail alike, if they fail
        return None, [("raised", type(exc).__name__, "")]
    return result.record, [(f.code, f.path, f.message) for f in result.report]


@pytest.mark.parametrize("kind", REAL_KINDS)
def test_compiled_gate_gives_the_reference_report(
    kind: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    cases: list[Any] = []
    for example in EXAMPLES[kind][:2]:
        cases.append(example)
        for path in paths_in(example):
            parent: Any = example
            for step in path[:-1]:
                parent = parent[step]
            for value in _edge_values(parent[path[-1]]):
                changed = copy.deepcopy(example)
                target = changed
                for step in path[:-1]:
                    target = target[step]
                target[path[-1]] = value
                cases.append(changed)
    read = [_outcome(kind, case) for case in cases]
    monkeypatch.setattr(_compiled, "accepts", lambda model, data: False)
    reference = [_outcome(kind, case) for case in cases]
    assert read == reference
    # The gate must have been in play: some changed records are still valid.
    assert any(record is not None for record, _ in read)


def test_a_fraction_in_a_list_of_integers_is_refused_by_the_compiled_pass() -> None:
    # The pass made an integral float whole only for a field, not for the items of a
    # tuple, so 1.5 was read into a tuple[int, ...] where the schema refuses it.
    record = copy.deepcopy(next(e for e in EXAMPLES["consent-record"] if "sharing" in e))
    record["sharing"]["caldicott_principles"] = [1.5]
    assert not _compiled.accepts(registry.record_kind("consent-record").model, record)
    findings = _outcome("consent-record", record)[1]
    assert findings == [
        ("RECORD-INVALID", "$.sharing.caldicott_principles[0]", "expected an integer")
    ]


def _fresh_pass(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_compiled, "_STRUCTS", {})
    monkeypatch.setattr(_compiled, "_DECODERS", {})


def test_a_model_the_pass_fails_on_takes_the_reference_path(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # validate() accepts any attrs model; making its Struct must never be what fails.
    record = EXAMPLES["care-episode"][0]
    expected = _outcome("care-episode", record)
    _fresh_pass(monkeypatch)

    def broken(cls: type, msgspec: Any) -> Any:
        raise RuntimeError("an annotation the pass cannot read")

    monkeypatch.setattr(_compiled, "_generate", broken)
    assert _outcome("care-episode", record) == expected
