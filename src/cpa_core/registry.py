"""Everything the domain packages declare, gathered in one place.

The registry sits above the domain packages: it imports each of them and collects their
record kinds, finding codes and rule tables for the schema export, ``validate``, the audit
and the docs. A domain package exposes three tuples in its ``__init__``: ``RECORD_KINDS``,
``FINDING_CODES`` and ``RULE_TABLES``, and optionally a fourth, ``CASELOAD_CHECKS``. A
package that reads another data set (:data:`CODE_PACKAGES`) declares only
``FINDING_CODES``.
"""

from __future__ import annotations

import functools
import importlib
from collections.abc import Mapping
from types import ModuleType
from typing import Any

from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.findings import FindingCode
from cpa_core.policy import KIND as POLICY_KIND
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import RuleTable
from cpa_core.records import CORE_CODES, CaseloadCheck, RecordKind
from cpa_core.validation_report import FINDING_KIND, SUMMARY_KIND, FindingLine, SummaryLine

__all__ = [
    "CODE_PACKAGES",
    "DOMAIN_PACKAGES",
    "caseload_checks",
    "domains",
    "finding_codes",
    "package_of",
    "record_kind",
    "record_kinds",
    "rule_tables",
    "schema_kinds",
]

DOMAIN_PACKAGES: tuple[str, ...] = (
    "cpa_core.care",
    "cpa_core.risk",
    "cpa_core.clustering",
    "cpa_core.capacity",
    "cpa_core.mha",
    "cpa_core.competency",
    "cpa_core.retention",
)
"""The domain packages, in the order their areas appear in reports and docs."""

CODE_PACKAGES: tuple[str, ...] = ("cpa_core.mhsds",)
"""Packages that declare finding codes (``FINDING_CODES``) but no record kinds: readers of
other data sets, whose findings the audit reports beside the domains' own."""


@functools.cache
def domains() -> tuple[ModuleType, ...]:
    """The imported domain packages."""
    return tuple(importlib.import_module(name) for name in DOMAIN_PACKAGES)


@functools.cache
def record_kinds() -> Mapping[str, RecordKind[Any]]:
    """Every record kind by name, in domain order."""
    out: dict[str, RecordKind[Any]] = {}
    for module in domains():
        for kind in module.RECORD_KINDS:
            if kind.name in out:
                raise CpaCoreError(f"record kind {kind.name!r} is declared twice")
            out[kind.name] = kind
    return out


@functools.cache
def _packages() -> Mapping[str, str]:
    return {kind.name: module.__name__ for module in domains() for kind in module.RECORD_KINDS}


def package_of(kind: str) -> str:
    """The domain package that declares the record kind ``kind``.

    Raises:
        UnknownCodeError: No such kind.
    """
    record_kind(kind)
    return _packages()[kind]


def record_kind(name: str) -> RecordKind[Any]:
    """The record kind called ``name``.

    Raises:
        UnknownCodeError: No such kind (including a ``name`` that is not a string).
    """
    found = record_kinds().get(name) if isinstance(name, str) else None
    if found is None:
        raise UnknownCodeError("record kinds", name)
    return found


@functools.cache
def finding_codes() -> Mapping[str, FindingCode]:
    """Every declared finding code (core first, then each domain), by code."""
    out: dict[str, FindingCode] = {}
    declared: list[FindingCode] = list(CORE_CODES)
    for module in domains():
        declared.extend(module.FINDING_CODES)
    for name in CODE_PACKAGES:
        declared.extend(importlib.import_module(name).FINDING_CODES)
    for code in declared:
        if code.code in out:
            raise CpaCoreError(f"finding code {code.code!r} is declared twice")
        out[code.code] = code
    return out


@functools.cache
def caseload_checks() -> tuple[CaseloadCheck, ...]:
    """Every domain's checks across a caseload (``CASELOAD_CHECKS``, optional)."""
    return tuple(check for m in domains() for check in getattr(m, "CASELOAD_CHECKS", ()))


@functools.cache
def rule_tables() -> tuple[RuleTable[Any, Any], ...]:
    """Every rule table of every domain, in domain order."""
    return tuple(table for module in domains() for table in module.RULE_TABLES)


def schema_kinds() -> list[tuple[str, type, str]]:
    """``(kind, model, description)`` for every schema to export, the policy included."""
    out: list[tuple[str, type, str]] = [
        (POLICY_KIND, TrustPolicy, "A Trust's local policy choices (cpa_core TrustPolicy).")
    ]
    out.extend((k.name, k.model, k.description) for k in record_kinds().values())
    out.append((FINDING_KIND, FindingLine, "One finding line of `cpa-core validate --report`."))
    out.append((SUMMARY_KIND, SummaryLine, "The last line of `cpa-core validate --report`."))
    return out
