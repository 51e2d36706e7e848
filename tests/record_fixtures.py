"""Every record kind's example records, and mutations of them, for tests across kinds."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import strategies as st

from cpa_core import audit, registry
from sample_models import VALID, Contact


def fixtures() -> list[tuple[str, type, dict[str, Any]]]:
    out: list[tuple[str, type, dict[str, Any]]] = [("test-contact", Contact, VALID)]
    folder = audit.example_bundle()
    for name, kind in registry.record_kinds().items():
        path = folder / f"{name}.ndjson"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                if line.strip():
                    out.append((name, kind.model, json.loads(line)))
    return out


FIXTURES = fixtures()
IDS = [f"{kind}-{i}" for i, (kind, _, _) in enumerate(FIXTURES)]

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=12),
    lambda children: (
        st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3)
    ),
    max_leaves=8,
)


def paths_in(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for key, value in node.items():
            out.extend(paths_in(value, (*prefix, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            out.extend(paths_in(value, (*prefix, index)))
    return out


@st.composite
def mutations(draw: st.DrawFn, data: dict[str, Any]) -> Any:
    """The record with one value anywhere inside it replaced, removed, or a key added."""
    mutated = copy.deepcopy(data)
    paths = paths_in(mutated)
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
