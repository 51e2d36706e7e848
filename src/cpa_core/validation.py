"""``validate``: one record in, every finding out.

Schema first (so a record is judged as any other language's validator would judge it),
then structuring (real dates, check digits, cross-field invariants), then the record kind's
own rules. Arbitrary JSON gives findings or a :class:`~cpa_core.exceptions.CpaCoreError`,
never another exception.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any, get_type_hints

import attrs

from cpa_core import registry
from cpa_core.constraints import NhsNumber
from cpa_core.convert import json_path, models_in, structure, structure_trusted
from cpa_core.exceptions import InvalidRecordError
from cpa_core.findings import Finding, Report
from cpa_core.identifiers import nhs_number
from cpa_core.jsondata import key_step
from cpa_core.policy import TrustPolicy
from cpa_core.records import (
    NHS_NUMBER_PLACEHOLDER,
    NHS_NUMBER_TEST_RANGE,
    RECORD_INVALID,
    RECORD_VALUE_INVALID,
    RecordKind,
    check_failed,
)
from cpa_core.schemas import data_problems

__all__ = ["Validated", "check", "identifier_findings", "validate", "validate_record"]

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


_NHS_FIELDS: dict[type, tuple[tuple[str, bool, str], ...]] = {}


def _nhs_fields(cls: type) -> tuple[tuple[str, bool, str], ...]:
    """The fields of ``cls`` that are, or may contain, NHS numbers.

    Each is ``(name, is_number, path step)``, worked out once per class, so records whose
    models hold no NHS number cost nothing and the rest cost a walk to their numbers.
    """
    known = _NHS_FIELDS.get(cls)
    if known is not None:
        return known
    _NHS_FIELDS[cls] = ()  # a class that contains itself adds nothing more
    # The compiled pass's Structs name the model they mirror.
    model = getattr(cls, "__cpa_model__", cls)
    if not attrs.has(model):
        return ()
    hints = get_type_hints(model)
    out: list[tuple[str, bool, str]] = []
    for field in attrs.fields(model):
        if isinstance(field.validator, NhsNumber):
            out.append((field.name, True, json_path("", field.name)))
        elif any(
            _nhs_fields(inner) for inner in models_in(hints[field.name]) if inner is not model
        ):
            out.append((field.name, False, json_path("", field.name)))
    _NHS_FIELDS[cls] = tuple(out)
    return _NHS_FIELDS[cls]


def _nhs_numbers(value: Any, path: str) -> Iterator[tuple[str, str]]:
    """Every NHS-number field inside a model, with its path."""
    if isinstance(value, tuple):
        for index, item in enumerate(value):
            yield from _nhs_numbers(item, json_path(path, index))
        return
    if isinstance(value, dict):
        for position, (key, item) in enumerate(value.items(), start=1):
            yield from _nhs_numbers(item, key_step(path, key, position, ()))
        return
    for name, is_number, step in _nhs_fields(type(value)):
        inner = getattr(value, name)
        if is_number and isinstance(inner, str):
            yield path + step, inner
        elif inner is not None:
            yield from _nhs_numbers(inner, path + step)


def identifier_findings(record: Any) -> Iterator[Finding]:
    """The NHS-number warnings of a record: placeholders and numbers in the test range."""
    for path, number in _nhs_numbers(record, "$"):
        # The field's constraint has already validated the number, so plain look-ups do,
        # and its masked form needs no second validation.
        masked = f"*** *** {number[6:]}"
        if number in nhs_number.SENTINELS:
            yield NHS_NUMBER_PLACEHOLDER.finding(
                "NHS number is a placeholder value, not a person's number",
                path=path,
                subject_id=masked,
            )
        elif number.startswith("9"):
            yield NHS_NUMBER_TEST_RANGE.finding(
                "NHS number is in the test range (9xx)", path=path, subject_id=masked
            )


def _build(data: Any, spec: RecordKind[Any]) -> Any:
    try:
        return structure_trusted(data, spec.model)
    except Exception:
        return structure(data, spec.model, kind=spec.name)


def validate_record(
    kind: str | RecordKind[Any],
    data: Any,
    *,
    policy: TrustPolicy | None = None,
    precheck: Callable[[Any], bool] | None = None,
) -> Validated:
    """Validate one record and keep the model built from it.

    Whatever ``data`` is, the outcome is a :class:`Validated`: data that is not JSON (a NaN,
    nesting deeper than :data:`cpa_core.jsondata.MAX_DEPTH`, a lone surrogate, an integer
    wider than a double) is a ``RECORD-INVALID`` finding, and a check that fails on the
    record is a ``RECORD-CHECK-FAILED`` finding.

    Args:
        kind: A record kind's name (``"care-episode"``) or the kind itself.
        data: JSON-shaped data, e.g. from ``json.loads``.
        policy: The Trust's policy; national defaults when omitted.
        precheck: A faster validator of the same schema (the batch path passes
            jsonschema-rs). When it accepts the data, the reference validator is skipped;
            when it refuses, the reference validator enumerates the problems, so messages
            are the same either way.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
    """
    spec = kind if isinstance(kind, RecordKind) else registry.record_kind(kind)
    return check(spec, data, policy or _DEFAULT_POLICY, precheck, parsed=False)


def check(
    spec: RecordKind[Any],
    data: Any,
    policy: TrustPolicy,
    precheck: Callable[[Any], bool] | None,
    *,
    parsed: bool,
) -> Validated:
    """:func:`validate_record` for callers that have the kind and policy in hand.

    ``parsed`` says that ``data`` came from :func:`cpa_core.jsondata.loads` with
    :data:`~cpa_core.jsondata.STRICT_PARSER`, so only data the precheck refuses needs the
    JSON guard before the reference validator enumerates its problems.
    """
    if not (parsed and precheck is not None and precheck(data)):
        problems = data_problems(spec.model, spec.name, data)
        if problems:
            findings = [RECORD_INVALID.finding(p.message, path=p.path) for p in problems]
            return Validated(None, Report(tuple(findings)))
    found: list[Finding] = []
    record = None
    try:
        record = _build(data, spec)
        found.extend(identifier_findings(record))
        found.extend(spec.rules(record, policy))
    except InvalidRecordError as exc:
        findings = [RECORD_VALUE_INVALID.finding(p.message, path=p.path) for p in exc.problems]
        return Validated(None, Report(tuple(findings)))
    except Exception as exc:  # one record must never stop a run
        found.append(check_failed(exc))
    return Validated(record, Report(tuple(found)))


def validate(
    kind: str | RecordKind[Any], data: Any, *, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one record: schema, structure, identifiers, the kind's rules.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
    """
    return validate_record(kind, data, policy=policy).report
