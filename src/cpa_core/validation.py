"""``validate``: one record in, every finding out.

Schema first (so a record is judged as any other language's validator would judge it),
then structuring (real dates, check digits, cross-field invariants), then the record kind's
own rules. Arbitrary JSON gives findings or a :class:`~cpa_core.exceptions.CpaCoreError`,
never another exception.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import attrs

from cpa_core import registry
from cpa_core.constraints import NhsNumber
from cpa_core.convert import json_path, structure
from cpa_core.exceptions import InvalidRecordError
from cpa_core.findings import Finding, Report
from cpa_core.identifiers import nhs_number
from cpa_core.policy import TrustPolicy
from cpa_core.records import (
    NHS_NUMBER_PLACEHOLDER,
    NHS_NUMBER_TEST_RANGE,
    RECORD_INVALID,
    RECORD_VALUE_INVALID,
    RecordKind,
)
from cpa_core.schemas import schema_errors, validator_for

__all__ = ["Validated", "validate", "validate_record"]

_DEFAULT_POLICY = TrustPolicy()


@attrs.frozen
class Validated:
    """The outcome of validating one record.

    Attributes:
        record: The model built from the data, or ``None`` when the data could not be read.
        report: Every finding: reading problems, identifier warnings and the kind's rules.
    """

    record: Any
    report: Report

    @property
    def ok(self) -> bool:
        """True when the record was read and no finding is an error."""
        return self.record is not None and self.report.ok


def _nhs_numbers(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every NHS-number field inside a model, with its path."""
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _nhs_numbers(item, json_path(path, index))
        return
    if not attrs.has(type(value)):
        return
    for field in attrs.fields(type(value)):
        inner = getattr(value, field.name)
        here = json_path(path, field.name)
        if isinstance(field.validator, NhsNumber) and isinstance(inner, str):
            yield here, inner
        elif inner is not None:
            yield from _nhs_numbers(inner, here)


def _identifier_findings(record: Any) -> Iterator[Finding]:
    for path, number in _nhs_numbers(record, "$"):
        masked = nhs_number.mask(number)
        if nhs_number.is_sentinel(number):
            yield NHS_NUMBER_PLACEHOLDER.finding(
                "NHS number is a placeholder value, not a person's number",
                path=path,
                subject_id=masked,
            )
        elif nhs_number.is_test_range(number):
            yield NHS_NUMBER_TEST_RANGE.finding(
                "NHS number is in the test range (9xx)", path=path, subject_id=masked
            )


def validate_record(
    kind: str | RecordKind[Any], data: Any, *, policy: TrustPolicy | None = None
) -> Validated:
    """Validate one record and keep the model built from it.

    Args:
        kind: A record kind's name (``"care-episode"``) or the kind itself.
        data: JSON-shaped data, e.g. from ``json.loads``.
        policy: The Trust's policy; national defaults when omitted.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
    """
    spec = registry.record_kind(kind) if isinstance(kind, str) else kind
    problems = schema_errors(validator_for(spec.model, spec.name), data)
    if problems:
        findings = [RECORD_INVALID.finding(p.message, path=p.path) for p in problems]
        return Validated(None, Report(tuple(findings)))
    try:
        record = structure(data, spec.model, kind=spec.name)
    except InvalidRecordError as exc:
        findings = [RECORD_VALUE_INVALID.finding(p.message, path=p.path) for p in exc.problems]
        return Validated(None, Report(tuple(findings)))
    rules = spec.rules(record, policy or _DEFAULT_POLICY)
    return Validated(record, Report.of(_identifier_findings(record), rules))


def validate(
    kind: str | RecordKind[Any], data: Any, *, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one record: schema, structure, identifiers, the kind's rules.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
    """
    return validate_record(kind, data, policy=policy).report
