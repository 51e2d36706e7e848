"""Record kinds of the capacity area: examples, schemas, round trips, audit robustness."""

from __future__ import annotations

import importlib
import json
from collections.abc import Callable
from datetime import UTC, date, datetime
from typing import Any

import attrs
import pytest
from capacity_factories import adrt, assessment, best_interests, consent, dols, lpa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import capacity, registry
from cpa_core.audit import EXAMPLE_AS_OF, example_bundle, read_bundle, run_audit
from cpa_core.context import CheckContext
from cpa_core.convert import structure, unstructure
from cpa_core.findings import Report
from cpa_core.policy import TrustPolicy
from cpa_core.policy._settings import setting_source
from cpa_core.policy.capacity import CapacityPolicy
from cpa_core.records import RecordKind
from cpa_core.schemas import field_descriptions, schema_errors, schema_for, validator_for
from cpa_core.validation import validate_record

KINDS = {kind.name: kind for kind in capacity.DOMAIN.record_kinds}
AS_OF = datetime(2026, 11, 23, 9, tzinfo=UTC)
ROOMS = [
    importlib.import_module(f"cpa_core.capacity.{part}{room}")
    for part in ("", "assessment.", "best_interests.", "advance.", "dols.", "consent.")
    for room in ("models", "rules", "checks")
]


def _public_order(name: str) -> tuple[bool, bool, str]:
    return (not name.isupper(), not name[0].isupper(), name)


def test_declarations() -> None:
    assert set(KINDS) == {
        "mca-capacity-assessment",
        "mca-best-interests-decision",
        "mca-lpa",
        "mca-advance-decision",
        "dols-authorisation",
        "consent-record",
    }
    for kind in capacity.DOMAIN.record_kinds:
        assert registry.record_kind(kind.name) is kind
    prefixes = {code.code.split("-", 1)[0] for code in capacity.DOMAIN.finding_codes}
    assert prefixes == {"MCA", "DOLS", "CONSENT"}
    assert len({c.code for c in capacity.DOMAIN.finding_codes}) == len(
        capacity.DOMAIN.finding_codes
    )
    assert all(code.source is not None for code in capacity.DOMAIN.finding_codes)
    for table in capacity.DOMAIN.rule_tables:
        assert table.description
        assert len(table) > 0
        for row in table:
            assert row.source.url, f"{table.name}: {table.key_of(row)!r} has no URL"
    # Each room lists its names sorted; the area re-exports every room, each name once.
    for room in ROOMS:
        assert room.__all__ == sorted(room.__all__, key=_public_order), room.__name__
    assert sorted(capacity.__all__) == sorted({*capacity.__all__})
    assert {name for room in ROOMS for name in room.__all__} | {"DOMAIN"} == set(capacity.__all__)


def test_unverified_facts_are_never_errors() -> None:
    # [U] facts are defaults at most warnings: no ERROR code cites an unverified source.
    for code in capacity.DOMAIN.finding_codes:
        assert code.source is not None
        if code.source.evidence.value == "U":
            assert code.severity.value != "error", code.code


def test_policy_settings_have_sources_and_docs() -> None:
    docs = field_descriptions(CapacityPolicy)
    for field in attrs.fields(CapacityPolicy):
        assert docs.get(field.name), field.name
        assert setting_source(field) is not None, field.name
    assert CapacityPolicy().lps_enabled is False


def _example_lines(kind: str) -> list[dict[str, Any]]:
    path = example_bundle() / f"{kind}.ndjson"
    return [
        json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_examples_validate_without_record_errors(kind: str) -> None:
    lines = _example_lines(kind)
    assert lines
    for data in lines:
        result = validate_record(kind, data)
        assert result.record is not None
        assert not [
            f for f in result.report if f.code.startswith("RECORD-") and f.severity.value != "info"
        ]


def test_example_audit_shows_the_area() -> None:
    mine = [r for r in read_bundle(example_bundle()) if r.kind in KINDS]
    as_of = datetime(EXAMPLE_AS_OF.year, EXAMPLE_AS_OF.month, EXAMPLE_AS_OF.day, 9, tzinfo=UTC)
    report = run_audit(mine, as_of).report
    found = report.codes()
    for expected in (
        "MCA-LACKS-NO-CAUSAL-LINK",
        "MCA-IMCA-NOT-INSTRUCTED",
        "MCA-ADRT-LST-FORMALITIES",
        "MCA-LPA-NOT-REGISTERED",
        "DOLS-EXPIRED",
        "DOLS-RENEWAL-DUE",
        "CONSENT-EXPIRED",
        "CONSENT-NOT-INFORMED",
    ):
        assert expected in found
    for finding in report:
        for number in ("9990000", "99900012", "99900013", "99900015"):
            assert number not in finding.message


BUILDERS = {
    "mca-capacity-assessment": assessment,
    "mca-best-interests-decision": best_interests,
    "mca-lpa": lpa,
    "mca-advance-decision": adrt,
    "dols-authorisation": dols,
    "consent-record": consent,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_round_trip(kind: str) -> None:
    spec = KINDS[kind]
    record = BUILDERS[kind]()
    data = unstructure(record)
    assert schema_errors(validator_for(spec.model, kind), data) == ()
    assert structure(data, spec.model) == record
    assert json.loads(json.dumps(data)) == data


ENTRY_POINTS: dict[str, Callable[[Any, date], Report]] = {
    "mca-capacity-assessment": capacity.check_capacity_assessment,
    "mca-best-interests-decision": capacity.check_best_interests_decision,
    "mca-lpa": capacity.check_lpa,
    "mca-advance-decision": capacity.check_advance_decision,
    "dols-authorisation": capacity.check_dols_authorisation,
    "consent-record": capacity.check_consent,
}


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_check_record_is_rules_and_audit(kind: str) -> None:
    # check_<record>(record, as_of, policy=None): the kind's rules and dated checks in one
    # report; a date means the start of that London day.
    spec = KINDS[kind]
    record = BUILDERS[kind]()
    for as_of in (AS_OF, date(2027, 6, 1)):
        ctx = CheckContext.at(as_of, TrustPolicy())
        expected = [
            *spec.rules(record, ctx.policy),
            *(spec.audit(record, ctx) if spec.audit else ()),
        ]
        assert list(ENTRY_POINTS[kind](record, as_of)) == expected


# -- Fuzz: any schema-valid variation of the examples gives findings, never an exception ---


def _resolve(node: dict[str, Any], root: dict[str, Any]) -> dict[str, Any]:
    if "$ref" in node:
        return _resolve(root["$defs"][node["$ref"].split("/")[-1]], root)
    if "allOf" in node:
        return _resolve(node["allOf"][0], root)
    return node


def _value(schema: dict[str, Any], root: dict[str, Any], current: Any) -> st.SearchStrategy[Any]:
    schema = _resolve(schema, root)
    options: list[st.SearchStrategy[Any]] = [st.just(current)]
    types = schema.get("type", [])
    types = types if isinstance(types, list) else [types]
    if "null" in types:
        options.append(st.none())
    if "enum" in schema:
        options.append(st.sampled_from([v for v in schema["enum"] if v is not None]))
    elif "boolean" in types:
        options.append(st.booleans())
    elif schema.get("format") == "date":
        options.append(st.dates(date(1990, 1, 1), date(2030, 12, 31)).map(date.isoformat))
    elif schema.get("format") == "date-time":
        options.append(
            st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC)).map(
                datetime.isoformat
            )
        )
    elif "anyOf" in schema:
        branch = next(b for b in schema["anyOf"] if b != {"type": "null"})
        options.append(st.none())
        if isinstance(current, dict):
            options.append(_object(branch, root, current))
    elif isinstance(current, dict):
        options.append(_object(schema, root, current))
    elif isinstance(current, list) and schema.get("minItems", 0) == 0:
        options.append(st.just([]))
        if current and isinstance(current[0], dict):
            item = schema["items"]
            options.append(st.lists(_object(item, root, current[0]), max_size=3))
    return st.one_of(options)


def _object(
    schema: dict[str, Any], root: dict[str, Any], example: dict[str, Any]
) -> st.SearchStrategy[dict[str, Any]]:
    schema = _resolve(schema, root)
    props = schema["properties"]
    fields = {
        name: _value(sub, root, example.get(name)) for name, sub in props.items() if name in example
    }
    optional = {name: _value(sub, root, None) for name, sub in props.items() if name not in example}
    return st.fixed_dictionaries(fields, optional=optional)


def _variations(kind: str) -> st.SearchStrategy[dict[str, Any]]:
    spec: RecordKind[Any] = KINDS[kind]
    root = schema_for(spec.model, kind)
    return st.sampled_from(_example_lines(kind)).flatmap(lambda ex: _object(root, root, ex))


@pytest.mark.parametrize("kind", sorted(KINDS))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), lps=st.booleans(), accept=st.booleans())
def test_audit_never_raises_on_schema_valid_input(
    kind: str, data: st.DataObject, lps: bool, accept: bool
) -> None:
    record = data.draw(_variations(kind))
    as_of = data.draw(
        st.datetimes(datetime(2020, 1, 1), datetime(2030, 1, 1), timezones=st.just(UTC))
    )
    policy = TrustPolicy(capacity=CapacityPolicy(lps_enabled=lps, dols_urgent_accept_day_8=accept))
    spec = KINDS[kind]
    result = validate_record(spec, record, policy=policy)
    if result.record is not None and spec.audit is not None:
        list(spec.audit(result.record, CheckContext.at(as_of, policy)))
