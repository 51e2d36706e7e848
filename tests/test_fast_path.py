"""The batch path's speed-ups must not change a single verdict.

jsonschema-rs (the fast schema gate) and jsonschema (the reference) must agree on every
fixture, and the generated builders must build exactly what the strict converter builds,
failing wherever it fails.
"""

from __future__ import annotations

from typing import Any

import attrs
import jsonschema_rs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core._builders import builder
from cpa_core.convert import structure, structure_trusted
from cpa_core.exceptions import InvalidRecordError
from cpa_core.schemas import schema_errors, schema_for, validator_for
from record_fixtures import FIXTURES, IDS, mutations


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


@attrs.define(slots=False)
class _Unslotted:
    name: str


def test_unslotted_class_is_built_by_the_strict_converter() -> None:
    assert builder(_Unslotted) is None
    assert structure_trusted({"name": "x"}, _Unslotted) == _Unslotted("x")
