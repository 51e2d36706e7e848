"""What the checks of every part of the capacity area share: ages and the rows they cite.

Each sub-area's checks (:mod:`cpa_core.capacity.assessment.checks`,
:mod:`cpa_core.capacity.decisions.checks`, :mod:`cpa_core.capacity.dols.checks`,
:mod:`cpa_core.capacity.consent.checks`) give, for each of its record kinds,
``<record>_rules(record, policy)`` (the record's own consistency, run whenever it is
validated), ``<record>_audit(record, context)`` when something falls due, and the public
``check_<record>(record, as_of, policy=None)``, which returns both as one
:class:`~cpa_core.findings.Report`. Helper functions
(:func:`~cpa_core.capacity.capacity_status`, :func:`~cpa_core.capacity.imca_duty`,
:func:`~cpa_core.capacity.lpa_authority`, :func:`~cpa_core.capacity.adrt_validity`,
:func:`~cpa_core.capacity.adrt_applicability`, :func:`~cpa_core.capacity.dols_last_day`,
:func:`~cpa_core.capacity.disclosure_coverage`) answer one legal question each and return
the codes of the rule rows that decided it, so an answer can always be traced to its
section.
"""

from __future__ import annotations

from datetime import date
from typing import Any, TypeVar

from cpa_core import statutory_time
from cpa_core.capacity.rules import AGE_GATES, AgeGateRow
from cpa_core.provenance import RuleTable, Source

__all__ = ["age_at_least"]

K = TypeVar("K")
T = TypeVar("T")


def age_at_least(date_of_birth: date, years: int, on: date) -> bool:
    """Whether a person born on ``date_of_birth`` has reached ``years`` on ``on``.

    Counting kind: calendar months, never short (:func:`cpa_core.statutory_time.full_months_after`),
    so a person born on 29 February reaches an age on 1 March in a common year: an age gate
    is never passed early. The leap-day case is an engineering reading, not a sourced rule.
    """
    return statutory_time.full_months_after(date_of_birth, years * 12) <= on


def _age_gate(code: str, on: date) -> AgeGateRow:
    """The age gate ``code`` in force on ``on``; a record dated before the gate was first in
    force is judged by the gate as first in force."""
    first = AGE_GATES.versions(code)[0].effective.start
    return AGE_GATES.lookup(code, on if first is None else max(on, first))


def _under_age(code: str, date_of_birth: date | None, on: date) -> AgeGateRow | None:
    """The age gate ``code`` when a person born on ``date_of_birth`` had not reached its
    minimum age on ``on`` (:func:`age_at_least`); ``None`` when they had, or when the date of
    birth is not recorded."""
    if date_of_birth is None:
        return None
    gate = _age_gate(code, on)
    return None if age_at_least(date_of_birth, gate.minimum_age, on) else gate


def _cited(table: RuleTable[K, Any], key: K) -> Source:
    """The source a finding code cites in the catalogue: the row ``key`` as first in force.

    A finding cites the row that applies to its record when that can differ; the code's
    own source only describes the code.
    """
    source: Source = table.versions(key)[0].source
    return source
