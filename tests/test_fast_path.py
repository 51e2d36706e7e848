"""The batch path's speed-ups must not change a single verdict.

jsonschema-rs (the fast schema gate) and jsonschema (the reference) must agree on every
fixture, and the generated builders must build exactly what the strict converter builds,
failing wherever it fails.
"""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import audit, registry
from cpa_core.convert import structure, structure_trusted
from cpa_core.exceptions import InvalidRecordError
from cpa_core.schemas import schema_errors, schema_for, validator_for
from sample_models import VALID, Contact


def _fixtures() -> list[tuple[str, type, dict[str, Any]]]:
    out: list[tuple[str, type, dict[str, Any]]] = [("test-contact", Contact, VALID)]
    folder = audit.example_bundle()
    for name, kind in registry.record_kinds().items():
        path = folder / f"{name}.ndjson"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append((name, kind.model, json.loads(line)))
    return out


FIXTURES = _fixtures()
IDS = [f"{kind}-{i}" for i, (kind, _, _) in enumerate(FIXTURES)]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(_paths(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(_paths(value, (*prefix, index)))
    return out


@st.composite
def mutations(draw: st.DrawFn, data: dict[str, Any]) -> Any:
    """The record with one value anywhere inside it replaced, removed, or a key added."""
    mutated = copy.deepcopy(data)
    paths = _paths(mutated)
    if not paths:
        return mutated
    path = draw(st.sampled_from(paths))
    parent = mutated
    for step in path[:-1]:
        parent = parent[step]
    action = draw(st.sampled_from(["replace", "remove", "add"]))
    if action == "replace":
        parent[path[-1]] = draw(json_values)
    elif action == "remove" and isinstance(parent, dict):
        del parent[path[-1]]
    elif isinstance(parent, dict):
        parent[draw(st.text(min_size=1, max_size=8))] = draw(json_values)
    return mutated


def _agree(kind: str, model: type, data: Any) -> None:
    fast = jsonschema_rs.validator_for(schema_for(model, kind), validate_formats=False)
    reference = schema_errors(validator_for(model, kind), data)
    assert fast.is_valid(data) == (reference == ()), reference
    if reference:
        return
    try:
        strict: Any = structure(data, model)
    except InvalidRecordError:
        with pytest.raises(Exception):  # noqa: B017, PT011 - any failure sends it to the strict path
            structure_trusted(data, model)
        return
    assert structure_trusted(data, model) == strict


@pytest.mark.parametrize(("kind", "model", "data"), FIXTURES, ids=IDS)
def test_fixture_verdicts_agree(kind: str, model: type, data: dict[str, Any]) -> None:
    _agree(kind, model, data)


@pytest.mark.parametrize(("kind", "model", "data"), FIXTURES, ids=IDS)
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_mutated_verdicts_agree(
    kind: str, model: type, data: dict[str, Any], draws: st.DataObject
) -> None:
    _agree(kind, model, draws.draw(mutations(data)))
