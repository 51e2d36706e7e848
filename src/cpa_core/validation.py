"""One record in, every finding out: :func:`validate`, :func:`validate_record` and :func:`due`.

Schema first (so a record is judged as any other language's validator would judge it),
then structuring (real dates, check digits, cross-field invariants), then the record kind's
own rules. Data that the batch path's compiled pass (``cpa_core._compiled``) reads skips
the schema check, since the pass is never more lenient than the schema; data it refuses
gets the schema's full list of problems. Arbitrary JSON gives findings or a
:class:`~cpa_core.exceptions.CpaCoreError`, never another exception.

:func:`due` is the one way to ask what falls due for a record already read, whatever its
area: the kind's own rules and its dated checks, as of an instant.

The kind may be named by its name, its :class:`~cpa_core.records.RecordKind` or its model
class; named by the model or by its name written out (a literal), :func:`validate_record`
is typed to return ``Validated[ThatModel]``, so a type checker catches a misspelt field.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, datetime
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, get_type_hints, overload

import attrs

from cpa_core import _compiled, registry
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

if TYPE_CHECKING:
    from cpa_core.capacity import (
        AdvanceDecision,
        BestInterestsDecision,
        CapacityAssessment,
        ConsentRecord,
        DolsAuthorisation,
        LastingPowerOfAttorney,
    )
    from cpa_core.care import CareEpisode, InpatientDischarge
    from cpa_core.clustering import ClusterAssessment, ClusterAssignment, ProfileTable
    from cpa_core.competency import CompetencyFramework, RoleProfile, StaffMember
    from cpa_core.mha import MhaDetention
    from cpa_core.retention import LegalHold, RetentionRecord
    from cpa_core.risk import RiskHistory, SafetyAssessment

__all__ = ["Validated", "check", "due", "identifier_findings", "validate", "validate_record"]

_DEFAULT_POLICY = TrustPolicy()

M = TypeVar("M")

Precheck = Callable[[Any], bool] | None


@attrs.frozen
class Validated(Generic[M]):
    """The outcome of validating one record: the model built from it, and every finding.

    ``Validated[CareEpisode]`` holds a :class:`~cpa_core.care.CareEpisode`:

    >>> from cpa_core import validate_record
    >>> from cpa_core.care import CareEpisode
    >>> episode = {"episode_id": "EP-1", "person_id": "P1", "team": "CMHT-A",
    ...            "approach": "cmhf", "referral": {"referral_id": "R-1",
    ...            "received_on": "2026-01-05"}}
    >>> outcome = validate_record(CareEpisode, episode)
    >>> outcome.ok, outcome.record.approach.value
    (True, 'cmhf')
    >>> validate_record(CareEpisode, {**episode, "team": 7}).record is None
    True

    Attributes:
        record: The model built from the data, or ``None`` when the data could not be read.
        report: Every finding: reading problems, identifier warnings and the kind's rules.
    """

    record: M | None
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


# One overload a built-in kind, so that ``validate_record("care-episode", data).record``
# is typed; a test keeps them equal to the registry.
@overload
def validate_record(
    kind: Literal["care-episode"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[CareEpisode]: ...
@overload
def validate_record(
    kind: Literal["care-inpatient-discharge"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[InpatientDischarge]: ...
@overload
def validate_record(
    kind: Literal["risk-safety-assessment"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[SafetyAssessment]: ...
@overload
def validate_record(
    kind: Literal["risk-history"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[RiskHistory]: ...
@overload
def validate_record(
    kind: Literal["cluster-assessment"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[ClusterAssessment]: ...
@overload
def validate_record(
    kind: Literal["cluster-assignment"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[ClusterAssignment]: ...
@overload
def validate_record(
    kind: Literal["cluster-profile-table"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[ProfileTable]: ...
@overload
def validate_record(
    kind: Literal["mca-capacity-assessment"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[CapacityAssessment]: ...
@overload
def validate_record(
    kind: Literal["mca-best-interests-decision"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[BestInterestsDecision]: ...
@overload
def validate_record(
    kind: Literal["mca-lpa"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[LastingPowerOfAttorney]: ...
@overload
def validate_record(
    kind: Literal["mca-advance-decision"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[AdvanceDecision]: ...
@overload
def validate_record(
    kind: Literal["dols-authorisation"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[DolsAuthorisation]: ...
@overload
def validate_record(
    kind: Literal["consent-record"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[ConsentRecord]: ...
@overload
def validate_record(
    kind: Literal["mha-detention"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[MhaDetention]: ...
@overload
def validate_record(
    kind: Literal["staff-member"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[StaffMember]: ...
@overload
def validate_record(
    kind: Literal["competency-framework"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[CompetencyFramework]: ...
@overload
def validate_record(
    kind: Literal["role-profile"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[RoleProfile]: ...
@overload
def validate_record(
    kind: Literal["retention-record"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[RetentionRecord]: ...
@overload
def validate_record(
    kind: Literal["retention-hold"],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[LegalHold]: ...
@overload
def validate_record(
    kind: type[M] | RecordKind[M],
    data: Any,
    *,
    policy: TrustPolicy | None = ...,
    precheck: Precheck = ...,
) -> Validated[M]: ...
@overload
def validate_record(
    kind: str, data: Any, *, policy: TrustPolicy | None = ..., precheck: Precheck = ...
) -> Validated[Any]: ...
def validate_record(
    kind: str | RecordKind[Any] | type[Any],
    data: Any,
    *,
    policy: TrustPolicy | None = None,
    precheck: Precheck = None,
) -> Validated[Any]:
    """Validate one record and keep the model built from it.

    Whatever ``data`` is, the outcome is a :class:`Validated`: data that is not JSON (a NaN,
    nesting deeper than :data:`cpa_core.jsondata.MAX_DEPTH`, a lone surrogate, an integer
    wider than a double) is a ``RECORD-INVALID`` finding, and a check that fails on the
    record is a ``RECORD-CHECK-FAILED`` finding.

    >>> from cpa_core import validate_record
    >>> hold = {"hold_id": "local-inquiry", "title": "Local inquiry", "start": "2026-01-05",
    ...         "scope": {"record_classes": ["mental-health"]}}
    >>> outcome = validate_record("retention-hold", hold)
    >>> outcome.ok, outcome.record.scope.record_classes
    (True, (<RecordClass.MENTAL_HEALTH: 'mental-health'>,))
    >>> outcome = validate_record("retention-hold", {**hold, "start": "2026-13-05"})
    >>> outcome.record is None, [(f.code, f.path) for f in outcome.report]
    (True, [('RECORD-INVALID', '$.start')])

    Args:
        kind: A record kind's name (``"care-episode"``), the kind itself, or its model
            class (:class:`~cpa_core.care.CareEpisode`).
        data: JSON-shaped data, e.g. from ``json.loads``.
        policy: The Trust's policy; national defaults when omitted.
        precheck: A faster validator of the same schema (the batch path passes
            jsonschema-rs). When it accepts the data, the reference validator is skipped;
            when it refuses, the reference validator enumerates the problems, so messages
            are the same either way.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
    """
    return check(_spec(kind), data, policy or _DEFAULT_POLICY, precheck, parsed=False)


def _spec(kind: str | RecordKind[Any] | type[Any]) -> RecordKind[Any]:
    if isinstance(kind, RecordKind):
        return kind
    if isinstance(kind, type):
        return registry.kind_of_model(kind)
    return registry.record_kind(kind)


def check(
    spec: RecordKind[Any],
    data: Any,
    policy: TrustPolicy,
    precheck: Callable[[Any], bool] | None,
    *,
    parsed: bool,
    text: bytes | None = None,
) -> Validated[Any]:
    """:func:`validate_record` for callers that have the kind and policy in hand.

    ``parsed`` says that ``data`` came from :func:`cpa_core.jsondata.loads` with
    :data:`~cpa_core.jsondata.STRICT_PARSER` (or is a CSV row's typed cells), so only data
    the precheck refuses needs the JSON guard before the reference validator enumerates its
    problems, and of the guard only the check of its nesting. ``text`` is the JSON text
    parsed data was read from, when at hand: a glance at it can spare walks over the data.
    Without a precheck, data the compiled pass reads (``cpa_core._compiled.accepts``) needs
    no schema check: a fresh process validates its first record without building the
    schema's validator.
    """
    if not (parsed and precheck is not None and precheck(data)) and not (
        precheck is None and _compiled.accepts(spec.model, data)
    ):
        # Imported on the first refusal: a record the compiled pass reads needs no schema.
        from cpa_core.schemas import data_problems  # noqa: PLC0415

        problems = data_problems(spec.model, spec.name, data, parsed=parsed, text=text)
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
    kind: str | RecordKind[Any] | type[Any], data: Any, *, policy: TrustPolicy | None = None
) -> Report:
    """Every finding about one record: schema, structure, identifiers, the kind's rules.

    The report of :func:`validate_record`, which also keeps the model it builds, typed by
    the kind it is given (``Validated[CareEpisode]`` for ``CareEpisode`` or
    ``"care-episode"``).

    >>> from cpa_core import validate
    >>> hold = {"hold_id": "local-inquiry", "title": "Local inquiry", "start": "2026-02-30"}
    >>> report = validate("retention-hold", hold)
    >>> [(f.code, f.path, f.message) for f in report]
    [('RECORD-VALUE-INVALID', '$.start', 'not a real calendar date')]

    Args:
        kind: A record kind's name, the kind itself, or its model class.
        data: JSON-shaped data.
        policy: The Trust's policy; national defaults when omitted.

    Raises:
        UnknownCodeError: ``kind`` names no record kind.
    """
    return validate_record(kind, data, policy=policy).report


def due(record: object, as_of: date | datetime, policy: TrustPolicy | None = None) -> Report:
    """What is due for one record as of ``as_of``, whatever its area: the one way to ask.

    The record is a model already read (by :func:`validate_record`, or built in Python);
    its record kind is found from its class, and the kind checks it
    (:meth:`RecordKind.check <cpa_core.records.RecordKind.check>`): its own rules (as
    :func:`validate` applies them) and its dated checks, what is overdue, what falls due
    soon, what is missing by now. A ``date`` means the start of that day in London. Each
    area's ``check_*`` functions give the same report for their own kinds; a retention
    record is checked with the national legal holds (the audit adds the bundle's own).

    >>> import json
    >>> from datetime import date
    >>> from cpa_core import audit, due, validate_record
    >>> team = audit.example_bundle() / "care-episode.ndjson"
    >>> first = json.loads(team.read_text(encoding="utf-8").splitlines()[0])
    >>> episode = validate_record("care-episode", first).record
    >>> due(episode, date(2026, 11, 1)).findings
    ()
    >>> [(f.code, f.due.isoformat()) for f in due(episode, date(2026, 11, 23))]
    [('CARE-REVIEW-DUE-SOON', '2026-12-05')]
    >>> [(f.code, f.due.isoformat()) for f in due(episode, date(2027, 1, 4))]
    [('CARE-REVIEW-OVERDUE', '2026-12-05')]

    Raises:
        UnknownCodeError: No record kind has the record's class as its model.
        CpaCoreError: ``as_of`` is a naive datetime.
    """
    return registry.kind_of_model(type(record)).check(record, as_of, policy)
