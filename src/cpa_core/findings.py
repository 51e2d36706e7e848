"""The one result shape of every check: :class:`Finding` and :class:`Report`.

A check never raises for a problem in the *data*; it returns findings. Each finding has a
stable, namespaced code (``CARE-REVIEW-OVERDUE``, ``MHA-S2-EXPIRED``) declared once as a
:class:`FindingCode` beside the rules that produce it, so the catalogue of codes in the docs
is generated from the same objects the checks use.
"""

from __future__ import annotations

import enum
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from datetime import date, datetime, timedelta
from typing import Any, SupportsIndex

import attrs

from cpa_core import statutory_time
from cpa_core.exceptions import CpaCoreError
from cpa_core.identifiers.nhs_number import redact
from cpa_core.provenance import Source

__all__ = [
    "Deadline",
    "Finding",
    "FindingCode",
    "Report",
    "Severity",
]

_CODE = re.compile(r"^[A-Z][A-Z0-9]*(-[A-Z0-9]+)+$")


class Severity(enum.Enum):
    """How much a finding matters.

    ``ERROR`` breaks law, a national rule or the record's own consistency; ``WARNING`` is
    something due, overdue under local policy or suspicious; ``INFO`` is for awareness.
    """

    ERROR = "error"
    WARNING = "warning"
    INFO = "info"

    @property
    def rank(self) -> int:
        """0 for errors, 1 for warnings, 2 for info: sorts the worst first."""
        return _RANK[self]


_RANK = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


def _redact_optional(text: str | None) -> str | None:
    return None if text is None else redact(text)


@attrs.frozen
class Finding:
    """One thing a check found about one record.

    Attributes:
        code: Stable, namespaced code, e.g. ``CARE-REVIEW-OVERDUE``; see the catalogue.
        severity: How much it matters.
        message: A sentence for people. Never contains an NHS number or a name: any run of
            ten digits is masked (:func:`cpa_core.identifiers.nhs_number.redact`).
        path: JSON path of the field concerned, ``$`` for the whole record.
        subject_id: Identifier of the record or person concerned (an episode id, a staff id,
            or a masked NHS number), or ``None``; masked as the message is, so that an NHS
            number used as an identifier is not shown whole.
        due: When something falls or fell due (a date, or an instant for statutory hours).
        source: The rule's source, when the finding applies a sourced rule.
    """

    code: str
    severity: Severity
    message: str = attrs.field(converter=redact)
    path: str = "$"
    subject_id: str | None = attrs.field(default=None, converter=_redact_optional)
    due: date | datetime | None = None
    source: Source | None = None

    def __reduce_ex__(self, protocol: SupportsIndex) -> str | tuple[Any, ...]:
        # Findings cross between processes with ``--jobs``: attrs' own pickling runs a
        # Python loop each way. The fields were masked when the finding was made, so they
        # are set again as they are. A subclass, which may have fields of its own, is
        # pickled the usual way.
        if type(self) is not Finding:
            return super().__reduce_ex__(protocol)
        fields = (self.code, self.severity, self.message, self.path, self.subject_id)
        return _unpickled, ((*fields, self.due, self.source),)

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict (dates as ISO 8601, the source as its citation)."""
        out: dict[str, Any] = {
            "code": self.code,
            "severity": self.severity.value,
            "message": self.message,
            "path": self.path,
        }
        if self.subject_id is not None:
            out["subject_id"] = self.subject_id
        if self.due is not None:
            out["due"] = self.due.isoformat()
        if self.source is not None:
            out["source"] = self.source.cite()
            if self.source.url:
                out["source_url"] = self.source.url
        return out


def _unpickled(fields: tuple[Any, ...]) -> Finding:
    code, severity, message, path, subject_id, due, source = fields
    finding: Finding = object.__new__(Finding)
    put = object.__setattr__
    put(finding, "code", code)
    put(finding, "severity", severity)
    put(finding, "message", message)
    put(finding, "path", path)
    put(finding, "subject_id", subject_id)
    put(finding, "due", due)
    put(finding, "source", source)
    return finding


@attrs.frozen
class FindingCode:
    """The declaration of a finding code: its meaning and default severity.

    Declare each code once, beside the rules that produce it, and build findings with
    :meth:`finding` so code and severity cannot drift apart.

    Attributes:
        code: The stable code, upper-case words joined by hyphens, area first.
        severity: The severity findings with this code carry.
        summary: One sentence for the catalogue of codes.
        source: The rule's source, when the code applies a sourced rule.
    """

    code: str = attrs.field()
    severity: Severity
    summary: str
    source: Source | None = None

    @code.validator
    def _check_code(self, _: object, value: str) -> None:
        if not _CODE.match(value):
            raise CpaCoreError(f"finding code {value!r} is not AREA-WORD[-WORD…] upper case")

    @property
    def area(self) -> str:
        """The code's first word: ``CARE``, ``MHA``, ``RISK``, …"""
        return self.code.split("-", 1)[0]

    def finding(
        self,
        message: str,
        *,
        path: str = "$",
        subject_id: str | None = None,
        due: date | datetime | None = None,
        source: Source | None = None,
        severity: Severity | None = None,
    ) -> Finding:
        """A :class:`Finding` with this code (``severity`` overrides the default).

        ``source`` is the rule row the finding applies. A row whose source is not verified
        (:attr:`Source.verified`) is a default a Trust may override, never a hard rule, so
        its finding is at most a warning. (The code's own ``source`` describes the code for
        the catalogue and does not lower a severity.)
        """
        level = severity or self.severity
        if level is Severity.ERROR and source is not None and not source.verified:
            level = Severity.WARNING
        return Finding(
            code=self.code,
            severity=level,
            message=message,
            path=path,
            subject_id=subject_id,
            due=due,
            source=source or self.source,
        )


@attrs.frozen
class Deadline:
    """The two findings of something that falls due: overdue, and due soon before that.

    Declare one beside its codes and ask it, for each due date, which finding (if any) the
    date gives as of a day; the counting is :func:`cpa_core.statutory_time.due_status`'s
    (a date is the last acceptable day) or, for an instant,
    :func:`cpa_core.statutory_time.instant_due_status`'s (an instant is exclusive).

    Attributes:
        overdue: The code when the deadline has passed.
        due_soon: The code when it falls within the warning window, or ``None`` when
            nothing is said before it passes.
    """

    overdue: FindingCode
    due_soon: FindingCode | None = None

    def check(
        self,
        due: date,
        today: date,
        window_days: int,
        *,
        overdue: str,
        due_soon: str = "",
        path: str = "$",
        subject_id: str | None = None,
        source: Source | None = None,
    ) -> Finding | None:
        """The finding for a date deadline as of ``today``, or ``None`` when not yet due.

        Args:
            due: The last acceptable day.
            today: The London day of the check.
            window_days: How many days before ``due`` it is due soon.
            overdue: The message when it has passed.
            due_soon: The message when it is due soon.
            path: JSON path of the field concerned.
            subject_id: The record or person concerned.
            source: The rule's source.
        """
        status = statutory_time.due_status(due, today, window_days)
        messages = (overdue, due_soon)
        return self._finding(status, due, messages, path=path, subject_id=subject_id, source=source)

    def check_instant(
        self,
        due: datetime,
        now: datetime,
        window: timedelta,
        *,
        overdue: str,
        due_soon: str = "",
        path: str = "$",
        subject_id: str | None = None,
        source: Source | None = None,
    ) -> Finding | None:
        """The finding for an instant deadline (exclusive) as of ``now``, or ``None``."""
        status = statutory_time.instant_due_status(due, now, window)
        messages = (overdue, due_soon)
        return self._finding(status, due, messages, path=path, subject_id=subject_id, source=source)

    def _finding(
        self,
        status: statutory_time.DueStatus,
        due: date | datetime,
        messages: tuple[str, str],
        *,
        path: str,
        subject_id: str | None,
        source: Source | None,
    ) -> Finding | None:
        if status is statutory_time.DueStatus.OVERDUE:
            code, message = self.overdue, messages[0]
        elif status is statutory_time.DueStatus.DUE_SOON and self.due_soon is not None:
            code, message = self.due_soon, messages[1]
        else:
            return None
        return code.finding(message, path=path, subject_id=subject_id, due=due, source=source)


def _sort_key(finding: Finding) -> tuple[int, str, str, str]:
    due = finding.due.isoformat() if finding.due is not None else "9999"
    return (finding.severity.rank, due, finding.code, finding.path)


def _as_tuple(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    return tuple(findings)


@attrs.frozen
class Report:
    """The findings of one or more checks, with counts, filters and JSON output.

    >>> from cpa_core import validate
    >>> report = validate("retention-hold", {"hold_id": "H1"})
    >>> report.ok, len(report), report.counts_by_code()
    (False, 3, {'RECORD-INVALID': 3})
    >>> [f.path for f in report.filter(code="RECORD-INVALID")]
    ['$.hold_id', '$.start', '$.title']

    Attributes:
        findings: The findings, in the order the checks produced them.
    """

    findings: tuple[Finding, ...] = attrs.field(default=(), converter=_as_tuple)

    def __iter__(self) -> Iterator[Finding]:
        return iter(self.findings)

    def __len__(self) -> int:
        return len(self.findings)

    def __bool__(self) -> bool:
        return bool(self.findings)

    def __add__(self, other: Report) -> Report:
        return Report(self.findings + other.findings)

    @classmethod
    def of(cls, *parts: Iterable[Finding]) -> Report:
        """One report from several iterables of findings."""
        return cls(tuple(f for part in parts for f in part))

    @property
    def ok(self) -> bool:
        """True when there is no error (warnings and info do not count)."""
        return not any(f.severity is Severity.ERROR for f in self.findings)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """The findings of severity ``ERROR``."""
        return self.filter(severity=Severity.ERROR).findings

    def counts_by_severity(self) -> Mapping[Severity, int]:
        """How many findings of each severity (every severity present, zero included)."""
        counts = Counter(f.severity for f in self.findings)
        return {s: counts.get(s, 0) for s in Severity}

    def counts_by_code(self) -> Mapping[str, int]:
        """How many findings of each code, codes sorted."""
        counts = Counter(f.code for f in self.findings)
        return dict(sorted(counts.items()))

    def codes(self) -> frozenset[str]:
        """The distinct codes present."""
        return frozenset(f.code for f in self.findings)

    def filter(
        self,
        *,
        severity: Severity | None = None,
        code: str | None = None,
        area: str | None = None,
        subject_id: str | None = None,
    ) -> Report:
        """The findings matching every given criterion.

        Args:
            severity: Keep only this severity.
            code: Keep only this exact code.
            area: Keep only codes of this area (``"MHA"`` keeps ``MHA-…``).
            subject_id: Keep only findings about this subject.
        """
        kept = [
            f
            for f in self.findings
            if (severity is None or f.severity is severity)
            and (code is None or f.code == code)
            and (area is None or f.code.split("-", 1)[0] == area)
            and (subject_id is None or f.subject_id == subject_id)
        ]
        return Report(tuple(kept))

    def sorted(self) -> Report:
        """Worst first, then by due date (undated last), code and path."""
        return Report(tuple(sorted(self.findings, key=_sort_key)))

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict: counts and every finding."""
        return {
            "counts": {s.value: n for s, n in self.counts_by_severity().items()},
            "codes": dict(self.counts_by_code()),
            "findings": [f.to_dict() for f in self.findings],
        }
