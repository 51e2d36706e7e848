"""Every domain's declaration, gathered in one place, imported only when needed.

The registry sits above the domain packages. Each package declares one
:class:`~cpa_core.domain.Domain` as ``DOMAIN`` in its ``__init__``; the registry reads those
declarations for the schema export, ``validate``, the audit and the docs. Packages are
imported lazily: looking up one record kind imports the one package that declares it (an
index of kind names, checked against the declarations by a test, says which).

A program may add a domain of its own (:func:`register`), such as a Trust's local record
kinds; it is then treated exactly as the built-in ones.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from typing import Any

from cpa_core.domain import Domain
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.findings import FindingCode
from cpa_core.policy import KIND as POLICY_KIND
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import RuleTable
from cpa_core.records import CORE_CODES, CaseloadCheck, RecordKind

__all__ = [
    "DOMAIN_NAMES",
    "KIND_INDEX",
    "caseload_checks",
    "domain",
    "domain_of",
    "domains",
    "finding_codes",
    "kind_of_model",
    "record_kind",
    "record_kinds",
    "register",
    "rule_tables",
    "schema_kinds",
    "unregister",
]

DOMAIN_NAMES: tuple[str, ...] = (
    "care",
    "risk",
    "clustering",
    "capacity",
    "mha",
    "competency",
    "retention",
    "mhsds",
)
"""The built-in domains (``cpa_core.<name>``), in the order their areas appear in reports.
``mhsds`` reads another data set into the others' record kinds: it declares finding codes
and no record kind of its own."""

KIND_INDEX: Mapping[str, str] = {
    "care-episode": "care",
    "care-inpatient-discharge": "care",
    "risk-safety-assessment": "risk",
    "risk-history": "risk",
    "cluster-assessment": "clustering",
    "cluster-assignment": "clustering",
    "cluster-profile-table": "clustering",
    "mca-capacity-assessment": "capacity",
    "mca-best-interests-decision": "capacity",
    "mca-lpa": "capacity",
    "mca-advance-decision": "capacity",
    "dols-authorisation": "capacity",
    "consent-record": "capacity",
    "mha-detention": "mha",
    "staff-member": "competency",
    "competency-framework": "competency",
    "role-profile": "competency",
    "retention-record": "retention",
    "retention-hold": "retention",
}
"""Which built-in domain declares each record kind, so that looking one kind up imports one
package. A test keeps it equal to the domains' own declarations."""

_EXTRA: dict[str, Domain] = {}


def register(extra: Domain) -> None:
    """Add a domain that is not built in (a Trust's own record kinds, or a test's).

    Raises:
        CpaCoreError: A domain of that name, or one of its record kinds or codes, is already
            known.
    """
    if extra.name in DOMAIN_NAMES or extra.name in _EXTRA:
        raise CpaCoreError(f"domain {extra.name!r} is already registered")
    _EXTRA[extra.name] = extra
    _forget()
    try:
        record_kinds()
        finding_codes()
    except CpaCoreError:
        del _EXTRA[extra.name]
        _forget()
        raise


def unregister(name: str) -> None:
    """Remove a domain added by :func:`register`; nothing happens if there is none."""
    if _EXTRA.pop(name, None) is not None:
        _forget()


def _forget() -> None:
    for cached in (record_kinds, finding_codes, caseload_checks, rule_tables):
        cached.cache_clear()


def domain(name: str) -> Domain:
    """The domain called ``name``, its package imported if need be.

    Raises:
        UnknownCodeError: No such domain.
    """
    if name in _EXTRA:
        return _EXTRA[name]
    if name not in DOMAIN_NAMES:
        raise UnknownCodeError("domains", name)
    declared: Domain = importlib.import_module(f"cpa_core.{name}").DOMAIN
    return declared


def domains() -> tuple[Domain, ...]:
    """Every domain, built-in first in report order, then any registered ones."""
    return (*(domain(name) for name in DOMAIN_NAMES), *_EXTRA.values())


def record_kind(name: str) -> RecordKind[Any]:
    """The record kind called ``name``; imports only the package that declares it.

    Raises:
        UnknownCodeError: No such kind (including a ``name`` that is not a string).
    """
    if isinstance(name, str):
        owner = KIND_INDEX.get(name)
        found = domain(owner).record_kind(name) if owner is not None else None
        if found is None:
            found = next(
                (d.record_kind(name) for d in _EXTRA.values() if d.record_kind(name)), None
            )
        if found is not None:
            return found
    raise UnknownCodeError("record kinds", name)


def kind_of_model(model: type) -> RecordKind[Any]:
    """The record kind whose model is ``model`` (the class, not an instance).

    A built-in model names its area in its module (``cpa_core.care.models``), so only that
    area is looked in first; a model of the compiled pass names the model it mirrors.

    >>> from cpa_core import registry
    >>> from cpa_core.care import CareEpisode
    >>> registry.kind_of_model(CareEpisode).name
    'care-episode'

    Raises:
        UnknownCodeError: No record kind has that model.
    """
    model = getattr(model, "__cpa_model__", model)
    area = str(getattr(model, "__module__", "")).split(".")
    first = (
        [domain(area[1])]
        if area[0] == "cpa_core" and area[1:2] in ([n] for n in DOMAIN_NAMES)
        else []
    )
    for declared in (*first, *domains()):
        for kind in declared.record_kinds:
            if kind.model is model:
                return kind
    raise UnknownCodeError("record kinds", getattr(model, "__name__", str(model)))


def domain_of(kind: str) -> Domain:
    """The domain that declares the record kind ``kind``.

    Raises:
        UnknownCodeError: No such kind.
    """
    return domain(record_kind(kind).domain)


@functools.cache
def record_kinds() -> Mapping[str, RecordKind[Any]]:
    """Every record kind by name, in domain order.

    Raises:
        CpaCoreError: Two domains declare the same kind name.
    """
    out: dict[str, RecordKind[Any]] = {}
    for declared in domains():
        for kind in declared.record_kinds:
            if kind.name in out:
                raise CpaCoreError(f"record kind {kind.name!r} is declared twice")
            out[kind.name] = kind
    return out


@functools.cache
def finding_codes() -> Mapping[str, FindingCode]:
    """Every declared finding code (core first, then each domain), by code.

    Raises:
        CpaCoreError: A code is declared twice.
    """
    out: dict[str, FindingCode] = {}
    declared = [*CORE_CODES, *(code for d in domains() for code in d.finding_codes)]
    for code in declared:
        if code.code in out:
            raise CpaCoreError(f"finding code {code.code!r} is declared twice")
        out[code.code] = code
    return out


@functools.cache
def caseload_checks() -> tuple[CaseloadCheck, ...]:
    """Every domain's checks across a caseload."""
    return tuple(check for d in domains() for check in d.caseload_checks)


@functools.cache
def rule_tables() -> tuple[RuleTable[Any, Any], ...]:
    """Every rule table of every domain, in domain order."""
    return tuple(table for d in domains() for table in d.rule_tables)


def schema_kinds() -> list[tuple[str, type, str]]:
    """``(kind, model, description)`` for every schema to export, the policy included."""
    # The report's line models are wanted here alone, not by validating a record.
    from cpa_core.validation_report import (  # noqa: PLC0415
        FINDING_KIND,
        SUMMARY_KIND,
        FindingLine,
        SummaryLine,
    )

    out: list[tuple[str, type, str]] = [
        (POLICY_KIND, TrustPolicy, "A Trust's local policy choices (cpa_core TrustPolicy).")
    ]
    out.extend((k.name, k.model, k.description) for k in record_kinds().values())
    out.append((FINDING_KIND, FindingLine, "One finding line of `cpa-core validate --report`."))
    out.append((SUMMARY_KIND, SummaryLine, "The last line of `cpa-core validate --report`."))
    return out
