"""A refused record read from a file is reported exactly as :func:`cpa_core.validate` reports
the same data handed over by a program.

The batch path takes shortcuts on a refused record that the API cannot (its JSON text is at
hand, and the strict parser has already refused what JSON does not have): the nesting is
judged by counting brackets in the text, and the walk for an empty key (where jsonschema-rs's
paths go wrong) is skipped when the text has no ``""``. These records sit on either side of
each shortcut; the API's findings, from the full JSON guard, are the reference.
"""

from __future__ import annotations

import json
from typing import Any

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import batch, jsondata, registry, validate
from cpa_core.policy import TrustPolicy
from hostile_inputs import EXAMPLES, REAL_KINDS, assert_clean, deep, encodable, hostile_record
from sample_models import VALID

EPISODE = EXAMPLES["care-episode"][0]
DEPTH = jsondata.MAX_DEPTH


def _batch_findings(kind: str, raw: bytes) -> tuple[Any, ...]:
    job = batch._Job(kind, "ndjson", b"", TrustPolicy())
    _, findings, _ = batch._verdict(job, raw)
    return findings


def _api_findings(kind: str, raw: bytes) -> tuple[Any, ...]:
    # The same data as the batch reads (orjson's), through the API's full guard.
    return tuple(f for f in validate(kind, orjson.loads(raw)) if f.severity.value != "info")


def _same(kind: str, data: Any) -> tuple[Any, ...]:
    raw = json.dumps(data, ensure_ascii=False).encode()
    found = _batch_findings(kind, raw)
    assert found == _api_findings(kind, raw)
    return found


CASES = {
    # Nested one level too deep: more brackets than MAX_DEPTH, and the walk finds it.
    "too deep": {**EPISODE, "extra": deep(DEPTH)},
    # As deep as may be, with more brackets than MAX_DEPTH: the walk finds nothing.
    "deep but readable": {**EPISODE, "extra": deep(DEPTH - 1)},
    # Brackets in text only: counted, then walked, and the record is shallow.
    "brackets in text": {**EPISODE, "team": "[{" * DEPTH, "extra": 1},
    "empty key at the root": {**EPISODE, "": 1},
    "empty key inside": {**EPISODE, "referral": {**EPISODE["referral"], "": "x"}},
    "empty key under an unknown key": {**EPISODE, "extra": {"": {"": []}}},
    # `""` in the text without an empty key: a value, and a key ending in a quote.
    "empty value": {**EPISODE, "team": ""},
    "quote at a key's end": {**EPISODE, 'x"': 1},
    "unknown first key": {"x" + k if i == 0 else k: v for i, (k, v) in enumerate(EPISODE.items())},
}


@pytest.mark.parametrize("name", CASES)
def test_a_refused_record_reads_as_the_api_reads_it(name: str) -> None:
    found = _same("care-episode", CASES[name])
    assert found
    assert any(f.severity.value == "error" for f in found)
    assert_clean("\n".join(f"{f.path} {f.message}" for f in found))


def test_the_shortcuts_are_taken_on_each_side() -> None:
    # The cases above are only worth having if they reach both sides of each shortcut.
    texts = {name: json.dumps(data).encode() for name, data in CASES.items()}
    assert not jsondata._few_brackets(texts["too deep"])
    assert not jsondata._few_brackets(texts["deep but readable"])
    assert not jsondata._few_brackets(texts["brackets in text"])
    assert jsondata._few_brackets(texts["unknown first key"])
    assert b'""' in texts["empty value"]
    assert b'""' in texts["quote at a key's end"]
    assert b'""' not in texts["unknown first key"]
    too_deep = _same("care-episode", CASES["too deep"])
    assert [f.message for f in too_deep] == [f"nested more than {DEPTH} levels deep"]
    readable = _same("care-episode", CASES["deep but readable"])
    assert [f.message for f in readable] == ["unknown field"]


@pytest.mark.usefixtures("test_kinds")
@pytest.mark.parametrize(
    ("tags", "path"), [({"": "x"}, "$.tags.<key 1>"), ({"a": 1, "": {"": 2}}, "$.tags.<key 2>")]
)
def test_a_problem_under_an_empty_key_is_placed_as_the_api_places_it(
    tags: dict[str, Any], path: str
) -> None:
    # Below an empty key, jsonschema-rs's paths lose a step: the text's `""` sends the
    # record to the reference validator, as the API's walk does.
    found = _same("test-contact", {**VALID, "tags": tags})
    assert [(f.path, f.message) for f in found] == [(path, "expected an integer")]


@pytest.mark.parametrize("kind", REAL_KINDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_records_read_from_a_file_as_through_the_api(
    kind: str, data: st.DataObject
) -> None:
    record = data.draw(hostile_record(kind))
    if not encodable(record):
        return  # not JSON text at all: the file's line is malformed, not refused
    if data.draw(st.booleans()):
        record = deep(DEPTH - 2 + data.draw(st.integers(0, 3)), record)
    raw = json.dumps(record, ensure_ascii=False).encode("utf-8", "surrogatepass")
    try:
        orjson.loads(raw)
    except orjson.JSONDecodeError:
        return  # malformed for the batch (RECORD-MALFORMED), covered elsewhere
    registry.record_kind(kind)
    assert _batch_findings(kind, raw) == _api_findings(kind, raw)


@given(data=st.data())
@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
def test_the_nesting_check_agrees_with_the_guard_on_parsed_json(data: st.DataObject) -> None:
    """For what the strict parser gives, the guard's nesting-only check and its bracket
    count must say what the full guard says."""
    numbers = st.integers(-(2**63), 2**64 - 1) | st.floats(allow_nan=False, allow_infinity=False)
    leaves = st.none() | st.booleans() | numbers | st.text()
    value = data.draw(
        st.recursive(
            leaves,
            lambda inner: st.lists(inner, max_size=3)
            | st.dictionaries(st.text(), inner, max_size=3),
            max_leaves=12,
        )
    )  # fmt: skip
    value = deep(DEPTH - 2 + data.draw(st.integers(0, 3)), value)
    text = orjson.dumps(value)
    parsed = orjson.loads(text)
    readable = jsondata._readable(parsed)
    assert jsondata._shallow(parsed) is readable
    if jsondata._few_brackets(text):
        assert readable
    assert jsondata.problems(parsed, parsed=True, text=text) == jsondata.problems(parsed)
