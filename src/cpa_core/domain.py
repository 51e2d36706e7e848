"""How an area of cpa_core declares itself: one :class:`Domain` in its package's ``__init__``.

A domain package (``cpa_core.care``, ``cpa_core.mha``, …) declares, in one statement, what
it brings: its record kinds, finding codes, rule tables and checks across a caseload. The
registry, the schema export, the docs and the audit read these declarations and nothing
else, so adding a record kind or a rule table is an edit in one package.
"""

from __future__ import annotations

import re
from typing import Any

import attrs

from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import FindingCode
from cpa_core.provenance import RuleTable
from cpa_core.records import CaseloadCheck, RecordKind

__all__ = ["Domain"]

_NAME = re.compile(r"[a-z]+")


@attrs.frozen
class Domain:
    """One area of cpa_core and everything it declares.

    Attributes:
        name: The area's short name, the last part of its package's name (``care``).
        title: The area's heading in reports and docs ("Care coordination").
        record_kinds: The kinds of record the area reads; each names this domain.
        finding_codes: Every finding code the area's checks give.
        rule_tables: The area's rule tables, as the docs list them.
        caseload_checks: Checks across the records of a caseload, for what no single record
            shows.
    """

    name: str = attrs.field()
    title: str
    record_kinds: tuple[RecordKind[Any], ...]
    finding_codes: tuple[FindingCode, ...]
    rule_tables: tuple[RuleTable[Any, Any], ...] = ()
    caseload_checks: tuple[CaseloadCheck, ...] = ()

    @name.validator
    def _check_name(self, _: object, value: str) -> None:
        if not _NAME.fullmatch(value):
            raise CpaCoreError(f"domain name {value!r} must be one lower-case word")

    def __attrs_post_init__(self) -> None:
        for kind in self.record_kinds:
            if kind.domain != self.name:
                raise CpaCoreError(f"record kind {kind.name!r} names domain {kind.domain!r}")

    def record_kind(self, name: str) -> RecordKind[Any] | None:
        """The record kind called ``name`` that this domain declares, if any."""
        return next((kind for kind in self.record_kinds if kind.name == name), None)
