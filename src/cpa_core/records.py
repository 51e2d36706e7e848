"""What cpa_core knows about each kind of record it reads.

A domain package declares each of its record kinds once, as a :class:`RecordKind`: the
kind's name (``care-episode``), its model, the record's own consistency rules (for
:func:`cpa_core.validate`) and its dated checks (for the caseload audit). The registry,
the schema export, ``cpa-core validate`` and ``cpa-core audit`` all read these
declarations, so adding a kind is one entry, not five edits.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Iterable, Mapping, Sequence
from datetime import date, datetime
from typing import Any, Generic, TypeVar

import attrs

from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import Evidence, Source
from cpa_core.publishers import PUBLISHED_CODE

__all__ = [
    "CHECK_FAILED",
    "CORE_CODES",
    "NHS_NUMBER_PLACEHOLDER",
    "NHS_NUMBER_TEST_RANGE",
    "RECORD_INVALID",
    "RECORD_MALFORMED",
    "RECORD_VALUE_INVALID",
    "CaseloadCheck",
    "CaseloadScope",
    "Located",
    "RecordKind",
    "caseload_check",
    "check_failed",
    "repeated_positions",
    "scope_of",
]

_DVE = Source(
    title="NHS England Data Validation Engine, NHSNumber domain type",
    publisher="NHS England",
    locator="NHSDigital/data-validation-engine src/dve/metadata_parser/domain_types.py",
    url="https://github.com/NHSDigital/data-validation-engine",
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)

RECORD_INVALID = FindingCode(
    "RECORD-INVALID",
    Severity.ERROR,
    "The record breaks its JSON Schema: a missing or unknown field, a wrong type, a value "
    "outside its range or format.",
)
RECORD_VALUE_INVALID = FindingCode(
    "RECORD-VALUE-INVALID",
    Severity.ERROR,
    "The record matches its schema but a value is impossible: a date that is not on the "
    "calendar, an NHS number whose check digit is wrong, fields that contradict each other.",
)
RECORD_MALFORMED = FindingCode(
    "RECORD-MALFORMED",
    Severity.ERROR,
    "A line of an input file is not a JSON object (broken JSON, wrong encoding, or truncated).",
)
CHECK_FAILED = FindingCode(
    "RECORD-CHECK-FAILED",
    Severity.ERROR,
    "The record was read but its checks could not be completed (for example a date too near "
    "the end of the calendar for a period to be counted); the record needs review, and the "
    "run goes on with the next record.",
)


def repeated_positions(values: Iterable[Hashable]) -> frozenset[int]:
    """The positions of the values that repeat an earlier one: where a record lists the
    same thing twice (a HoNOS item, an ability, a risk domain), the second and later
    entries are the ones reported.

    >>> sorted(repeated_positions(["a", "b", "a", "c", "b", "a"]))
    [2, 4, 5]
    """
    seen: set[Hashable] = set()
    repeats: set[int] = set()
    for index, value in enumerate(values):
        if value in seen:
            repeats.add(index)
        seen.add(value)
    return frozenset(repeats)


def check_failed(exc: Exception, path: str = "$") -> Finding:
    """The ``RECORD-CHECK-FAILED`` finding for a check that raised ``exc`` on one record.

    Only our own errors' messages are repeated (they never hold a value); anything else is
    named by its type, since its text may quote the record.
    """
    if isinstance(exc, CpaCoreError):
        message = f"the checks could not be completed: {exc}"
    elif isinstance(exc, OverflowError):
        message = (
            "the checks could not be completed: a date is too near the end of the calendar "
            "(year 9999) or its start for a period to be counted"
        )
    else:
        message = f"the checks could not be completed ({type(exc).__name__})"
    return CHECK_FAILED.finding(message, path=path)


NHS_NUMBER_PLACEHOLDER = FindingCode(
    "RECORD-NHS-NUMBER-PLACEHOLDER",
    Severity.WARNING,
    "An NHS number is a known placeholder (0000000000, 9999999999, 1111111111, 0123456789): "
    "checksum-valid but not a person's number.",
    source=_DVE,
)
NHS_NUMBER_TEST_RANGE = FindingCode(
    "RECORD-NHS-NUMBER-TEST-RANGE",
    Severity.INFO,
    "An NHS number is in the 9xx range, which is not issued to patients (test data).",
    source=Source(
        title="NHS number ranges",
        publisher="uk-fci/nhs-number",
        locator="nhs_number/constants.py",
        url="https://github.com/uk-fci/nhs-number",
        evidence=Evidence.SECONDARY,
        secondary_reason="an open-source library's table of the number ranges, not a "
        "document of NHS England's",
    ),
)

CORE_CODES: tuple[FindingCode, ...] = (
    RECORD_MALFORMED,
    RECORD_INVALID,
    RECORD_VALUE_INVALID,
    CHECK_FAILED,
    NHS_NUMBER_PLACEHOLDER,
    NHS_NUMBER_TEST_RANGE,
)
"""The codes of reading a record, whatever its kind."""

T = TypeVar("T")

_KIND = re.compile(r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$")


@attrs.frozen
class Located(Generic[T]):
    """A record with where it was read, as checks across a caseload receive it.

    Attributes:
        record: The record.
        kind: Its record kind's name.
        location: Where it was read: ``FILE:LINE`` in a bundle.
    """

    record: T
    kind: str
    location: str


CaseloadCheck = Callable[
    [Mapping[str, Sequence[Located[Any]]], CheckContext],
    Iterable[tuple[Located[Any] | None, Finding]],
]
"""A dated check across the records of a caseload, for what no single record shows (a
second open episode; a Trust's legal hold over other records). It receives every record
that could be read, by kind name, each with its location, and yields ``(located, finding)``
pairs naming the record each finding is about (``None`` for the caseload as a whole). A
domain lists its checks in :attr:`cpa_core.domain.Domain.caseload_checks`, each declared
with :func:`caseload_check` so that the audit knows which records it needs."""

C = TypeVar("C", bound=CaseloadCheck)


@attrs.frozen
class CaseloadScope:
    """Which records a check across a caseload needs to see at once.

    The audit streams records and keeps none of them whole; a check across records is given
    only what its scope names, group by group, so that a Trust-sized bundle never has to be
    held in memory.

    Attributes:
        each: The record kinds the check reports on.
        group_by: The attribute whose value groups the records of ``each`` that must be seen
            together (``person_id``: every episode of one person); ``None`` when each record
            can be seen alone. A record without a text value there is seen alone.
        shared: Kinds that every group sees whole: small Trust-wide lists, such as legal
            holds.
    """

    each: frozenset[str]
    group_by: str | None = None
    shared: frozenset[str] = frozenset()

    def group_of(self, record: object) -> str | None:
        """The value that gathers ``record`` with the others it must be seen with: its
        ``group_by`` attribute when that is text; ``None`` when the record is seen alone
        (no ``group_by``, or no text there)."""
        if self.group_by is None:
            return None
        value = getattr(record, self.group_by, None)
        return value if isinstance(value, str) else None


_SCOPE = "__cpa_caseload_scope__"


def caseload_check(
    *each: str, group_by: str | None = None, shared: Iterable[str] = ()
) -> Callable[[C], C]:
    """Declare a function as a check across records, with the records it needs.

    ``each`` are the kinds it reports on, ``group_by`` the attribute whose value gathers
    the records that must be seen together, ``shared`` the kinds every group sees whole::

        @caseload_check("care-episode", group_by="person_id")
        def duplicate_episodes(records, ctx): ...
    """
    if not each:
        raise CpaCoreError("caseload_check: name at least one record kind")
    scope = CaseloadScope(frozenset(each), group_by, frozenset(shared))

    def declare(check: C) -> C:
        setattr(check, _SCOPE, scope)
        return check

    return declare


def scope_of(check: CaseloadCheck) -> CaseloadScope | None:
    """The scope :func:`caseload_check` declared for ``check``, or ``None``: a check
    without one is given every record of the bundle at once (correct, but held in
    memory)."""
    scope = getattr(check, _SCOPE, None)
    return scope if isinstance(scope, CaseloadScope) else None


def _no_findings(_record: Any, _policy: TrustPolicy) -> Iterable[Finding]:
    return ()


@attrs.frozen
class RecordKind(Generic[T]):
    """One kind of record: its name, domain, model and checks.

    Attributes:
        name: The kind's name, lower-case words joined by hyphens (``care-episode``).
        domain: The name of the domain that declares it (``care``).
        model: The attrs class a record of this kind becomes.
        description: One sentence for the schema and the docs.
        rules: The record's own consistency rules, independent of the date:
            ``rules(record, policy)`` yields findings.
        audit: The dated checks of the caseload audit: ``audit(record, context)`` yields
            findings; ``None`` when the kind has nothing that falls due.
        alone: The dated checks of one record seen without the rest of its bundle, for a
            kind whose caseload audit needs other records (a retention record, with the
            bundle's legal holds) and so has no ``audit``; :meth:`check` uses it in place
            of ``audit``.
    """

    name: str = attrs.field()
    domain: str
    model: type[T]
    description: str
    rules: Callable[[T, TrustPolicy], Iterable[Finding]] = _no_findings
    audit: Callable[[T, CheckContext], Iterable[Finding]] | None = None
    alone: Callable[[T, CheckContext], Iterable[Finding]] | None = None

    @name.validator
    def _check_name(self, _: object, value: str) -> None:
        if not _KIND.match(value):
            raise CpaCoreError(f"record kind {value!r} must be lower-case words joined by '-'")

    def check(self, record: T, as_of: date | datetime, policy: TrustPolicy | None = None) -> Report:
        """Every finding about one record: its own rules and, as of ``as_of``, what falls
        due (a ``date`` means the start of that day in London)."""
        ctx = CheckContext.at(as_of, policy)
        dated = self.alone if self.alone is not None else self.audit
        audit = dated(record, ctx) if dated is not None else ()
        return Report.of(self.rules(record, ctx.policy), audit)
