"""The benchmark's fair peers give cpa_core's verdict: a throughput ratio compares the same
work. A few hundred mutated care-episode records go to ``validate``, to pydantic v2 with the
same rules, and to a msgspec Struct with the same rules (``benchmarks/peers.py``)."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import validate
from record_fixtures import FIXTURES, mutations

pytest.importorskip("pydantic")
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
import peers

KIND = "care-episode"
EXAMPLES = [data for kind, _, data in FIXTURES if kind == KIND]
PYDANTIC = peers.pydantic_peer(KIND)
MSGSPEC = peers.msgspec_peer(KIND)


def test_every_example_gets_the_same_verdict() -> None:
    verdicts = [validate(KIND, e).ok for e in EXAMPLES]
    assert True in verdicts
    assert False in verdicts  # the team has a cycle error: the rules are really run
    for example, verdict in zip(EXAMPLES, verdicts, strict=True):
        raw = json.dumps(example).encode()
        assert PYDANTIC(raw) is verdict
        assert MSGSPEC(raw) is verdict


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_mutated_records_get_the_same_verdict(data: st.DataObject) -> None:
    record: Any = data.draw(mutations(data.draw(st.sampled_from(EXAMPLES))))
    try:
        raw = json.dumps(record, allow_nan=False).encode()
    except (TypeError, ValueError):
        return
    expected = validate(KIND, json.loads(raw)).ok
    assert PYDANTIC(raw) is expected, raw
    assert MSGSPEC(raw) is expected, raw


def test_plain_pydantic_skips_the_rules() -> None:
    # The old reference row: it accepts the example whose care cycle is illegal.
    plain = peers.plain_pydantic(KIND)
    assert all(plain(json.dumps(e).encode()) for e in EXAMPLES)
