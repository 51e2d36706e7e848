"""validate: schema, then structure, then identifiers and the kind's rules."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import TrustPolicy, registry, validate, validate_record
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.findings import Severity
from record_fixtures import FIXTURES, IDS, mutations
from sample_models import CONTACT, VALID, Contact


def test_valid_record_has_only_its_rule_findings() -> None:
    result = validate_record(CONTACT, {**VALID, "attended": False})
    assert isinstance(result.record, Contact)
    assert [(f.code, f.path, f.subject_id) for f in result.report] == [
        ("TEST-NOT-ATTENDED", "$.attended", "C1")
    ]
    assert result.ok


def test_schema_problems_are_record_invalid_errors() -> None:
    result = validate_record(CONTACT, {**VALID, "on": None, "colour": "red"})
    assert result.record is None
    assert not result.ok
    assert {(f.code, f.severity, f.path, f.message) for f in result.report} == {
        ("RECORD-INVALID", Severity.ERROR, "$.<key 12>", "unknown field"),
        ("RECORD-INVALID", Severity.ERROR, "$.on", "expected a string"),
    }


def test_impossible_values_are_record_value_invalid() -> None:
    report = validate(CONTACT, {**VALID, "nhs_number": "9434765918", "on": "2026-02-29"})
    assert {(f.code, f.path) for f in report} == {
        ("RECORD-VALUE-INVALID", "$.nhs_number"),
        ("RECORD-VALUE-INVALID", "$.on"),
    }
    assert "9434765918" not in str([f.to_dict() for f in report])


@pytest.mark.parametrize(
    ("number", "code", "severity"),
    [
        ("0000000000", "RECORD-NHS-NUMBER-PLACEHOLDER", Severity.WARNING),
        ("9999999999", "RECORD-NHS-NUMBER-PLACEHOLDER", Severity.WARNING),
        ("1111111111", "RECORD-NHS-NUMBER-PLACEHOLDER", Severity.WARNING),
        ("0123456789", "RECORD-NHS-NUMBER-PLACEHOLDER", Severity.WARNING),
        ("9990000018", "RECORD-NHS-NUMBER-TEST-RANGE", Severity.INFO),
    ],
)
def test_identifier_warnings(number: str, code: str, severity: Severity) -> None:
    report = validate(CONTACT, {**VALID, "nhs_number": number})
    assert [(f.code, f.severity, f.path) for f in report] == [(code, severity, "$.nhs_number")]
    assert report.ok
    finding = report.findings[0]
    assert number not in finding.message
    assert finding.subject_id is not None
    assert number not in finding.subject_id


def test_real_range_number_has_no_warning() -> None:
    assert len(validate(CONTACT, {**VALID, "nhs_number": "4000000632"})) == 0


def test_unknown_kind_is_an_error() -> None:
    with pytest.raises(UnknownCodeError, match="record kinds"):
        validate("no-such-kind", {})


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(),
    lambda children: (
        st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=20,
)


def _near_valid() -> st.SearchStrategy[dict[str, Any]]:
    """A valid record with some fields replaced by arbitrary JSON: reaches deeper code."""
    return st.dictionaries(st.sampled_from(sorted(VALID)), json_values, max_size=4).map(
        lambda changes: {**VALID, **changes}
    )


@settings(max_examples=300)
@given(json_values | _near_valid())
def test_arbitrary_json_gives_findings_never_a_crash(data: Any) -> None:
    try:
        result = validate_record(CONTACT, data)
    except CpaCoreError:  # pragma: no cover - validate reports rather than raises
        return
    assert (result.record is None) == any(
        f.code in ("RECORD-INVALID", "RECORD-VALUE-INVALID") for f in result.report
    )


@pytest.mark.parametrize(("kind", "model", "data"), FIXTURES, ids=IDS)
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.data())
def test_every_kind_reports_rather_than_crashes(
    kind: str, model: type, data: dict[str, Any], draws: st.DataObject
) -> None:
    # Mutated example records of every kind: validate, then (when the record can be read)
    # the kind's dated checks, give findings; nothing but CpaCoreError ever escapes.
    if kind.startswith("test-"):
        return
    spec = registry.record_kind(kind)
    mutated = draws.draw(mutations(data))
    try:
        result = validate_record(spec, mutated)
        if result.record is not None and spec.audit is not None:
            as_of = draws.draw(
                st.datetimes(
                    min_value=datetime(2000, 1, 1),
                    max_value=datetime(2040, 1, 1),
                    timezones=st.just(UTC),
                )
            )
            list(spec.audit(result.record, CheckContext.at(as_of, TrustPolicy())))
    except CpaCoreError:
        pass
