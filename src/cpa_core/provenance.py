"""Where a rule comes from and when it is in force.

Every rule row in cpa_core carries a :class:`Source` (what document says so, how sure we are)
and an :class:`Effective` range (the dates it is in force). A :class:`RuleTable` holds the
rows of one rule and finds the row for a code on a date, so that a change in law or policy is
a new row with a date, never a code change.
"""

from __future__ import annotations

import enum
from collections.abc import Callable, Hashable, Iterator
from datetime import date
from typing import Generic, Protocol, TypeVar

import attrs

from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.publishers import Publisher, publisher_of

__all__ = [
    "Effective",
    "Evidence",
    "Rule",
    "RuleRow",
    "RuleTable",
    "Source",
]


class Evidence(enum.Enum):
    """How well a fact is established (the tags of the shared domain reference).

    Only ``VERIFIED`` facts may be hard rules. ``SECONDARY`` and ``UNVERIFIED`` facts are
    defaults a Trust can override, and the docs say so beside them.
    """

    VERIFIED = "V"
    """Checked against an official or primary source (statute, NHS England, NICE, …)."""
    SECONDARY = "V2"
    """A credible secondary source; confirm against the primary before relying on it. The
    source says why it is not the publisher's own document
    (:attr:`Source.secondary_reason`)."""
    UNVERIFIED = "U"
    """Not verified: only ever a configurable default, never an error."""


@attrs.frozen
class Source:
    """The document a rule comes from.

    Attributes:
        title: The document's title, e.g. "Mental Health Act 1983".
        publisher: Who publishes it (legislation.gov.uk, NHS England, NICE, a Trust, …).
        locator: Section, row or paragraph within the document, e.g. "s2(4)".
        version: Version or date of the document, as the document states it.
        url: Where the document can be read: the publisher's own page wherever one exists
            (see :mod:`cpa_core.publishers`).
        evidence: How well the fact is established; see :class:`Evidence`.
        checked: The day the fact was last checked against the document, when recorded.
        secondary_reason: Why the source is not the publisher's own document (the publisher
            has not published it, or only a restatement states the fact). Every
            ``SECONDARY`` source states one, and so does any source whose URL is not on a
            publisher's host.
    """

    title: str
    publisher: str = ""
    locator: str = ""
    version: str = ""
    url: str = ""
    evidence: Evidence = Evidence.VERIFIED
    checked: date | None = None
    secondary_reason: str = ""

    @property
    def verified(self) -> bool:
        """True only for facts verified against a primary or official source."""
        return self.evidence is Evidence.VERIFIED

    @property
    def publisher_page(self) -> Publisher | None:
        """The publisher whose own page :attr:`url` is, or ``None`` when it is not on a
        listed publisher's host (:data:`~cpa_core.publishers.PUBLISHERS`)."""
        return publisher_of(self.url)

    @property
    def evidence_label(self) -> str:
        """How well the fact is established, in words for a policy reader: the kind of
        publisher for a verified fact ("statute", "national guidance", "regulator", …),
        "secondary source", or "unverified default — check local policy"."""
        if self.evidence is Evidence.UNVERIFIED:
            return "unverified default — check local policy"
        if self.evidence is Evidence.SECONDARY:
            return "secondary source"
        publisher = self.publisher_page
        return publisher.kind.value if publisher is not None else "verified source"

    def cite(self) -> str:
        """A one-line citation for docs and findings: publisher, document, place in it,
        version, and the day it was last checked when that is recorded."""
        parts = [self.title]
        if self.locator:
            parts.append(self.locator)
        if self.version:
            parts.append(self.version)
        if self.checked is not None:
            parts.append(f"checked {self.checked.isoformat()}")
        text = ", ".join(parts)
        if self.publisher:
            text = f"{self.publisher}: {text}"
        if not self.verified:
            text = f"{text} [{self.evidence.value}]"
        return text


@attrs.frozen
class Effective:
    """The dates a rule is in force: from ``start`` (inclusive) until ``until`` (exclusive).

    Half-open ranges chain without gaps: a rule replaced on 1 April 2024 has
    ``until=2024-04-01`` and its successor ``start=2024-04-01``. A ``start`` of ``None``
    means *enacted but not commenced*: the row is known but not in force on any date.

    Attributes:
        start: First day in force, or ``None`` when not yet commenced.
        until: First day no longer in force, or ``None`` when open-ended.
    """

    start: date | None
    until: date | None = None

    @classmethod
    def unknown_start(cls, until: date | None = None) -> Effective:
        """A row in force since a date no source states (from before any record could
        matter); :meth:`describe` says so rather than print a made-up date."""
        return cls(date.min, until)

    @property
    def start_known(self) -> bool:
        """Whether the row's first day in force is a stated date."""
        return self.start is not None and self.start != date.min

    def __attrs_post_init__(self) -> None:
        if self.start is not None and self.until is not None and self.until <= self.start:
            raise CpaCoreError("Effective: 'until' must be after 'start'")

    @property
    def commenced(self) -> bool:
        """Whether the rule has a commencement date at all."""
        return self.start is not None

    def covers(self, as_of: date) -> bool:
        """Whether the rule is in force on ``as_of``."""
        if self.start is None or as_of < self.start:
            return False
        return self.until is None or as_of < self.until

    def overlaps(self, other: Effective) -> bool:
        """Whether two ranges share at least one day (uncommenced ranges share none)."""
        if self.start is None or other.start is None:
            return False
        self_ends_after = self.until is None or self.until > other.start
        other_ends_after = other.until is None or other.until > self.start
        return self_ends_after and other_ends_after

    def describe(self) -> str:
        """Human-readable range for docs: "from 2021-10-01", "2008-11-03 to 2024-03-31"."""
        if self.start is None:
            return "not commenced"
        start = self.start.isoformat() if self.start_known else "a date not stated"
        if self.until is None:
            return f"from {start}" if self.start_known else "in force (start date not stated)"
        last = date.fromordinal(self.until.toordinal() - 1)
        return f"{start} to {last.isoformat()}"


@attrs.frozen(kw_only=True)
class RuleRow:
    """What every rule row carries: where its fact comes from and when it is in force.

    A rule row class adds its own fields and inherits these two (keyword-only, so a row
    reads the same whatever order its class declares fields in)::

        @attrs.frozen(kw_only=True)
        class ReviewIntervalRow(RuleRow):
            approach: CareApproach
            months: int

    Attributes:
        source: Where the row's fact comes from.
        effective: The dates the row is in force.
    """

    source: Source
    effective: Effective


class Rule(Protocol):
    """What a rule row must offer to live in a :class:`RuleTable`."""

    @property
    def source(self) -> Source: ...

    @property
    def effective(self) -> Effective: ...


K = TypeVar("K", bound=Hashable)
R = TypeVar("R", bound=Rule)


class RuleTable(Generic[K, R]):
    """The rows of one rule, looked up by key and date.

    Rows with the same key must not overlap in time, so a lookup finds at most one row.
    Construction fails otherwise, which catches a forgotten ``until`` when a new row is
    added for a change in law.

    Args:
        name: The table's name, used in errors and docs.
        rows: The rule rows.
        key: Returns a row's key (usually its code).
        description: One sentence for the docs.
    """

    def __init__(
        self,
        name: str,
        rows: tuple[R, ...],
        key: Callable[[R], K],
        description: str = "",
    ) -> None:
        self.name = name
        self.rows = rows
        self.description = description
        self._key = key
        self._by_key: dict[K, list[R]] = {}
        for row in rows:
            same = self._by_key.setdefault(key(row), [])
            for other in same:
                if other.effective.overlaps(row.effective):
                    raise CpaCoreError(f"{name}: two rows for {key(row)!r} overlap in time")
            same.append(row)

    def __repr__(self) -> str:
        return f"RuleTable({self.name!r}, {len(self.rows)} rows)"

    def __iter__(self) -> Iterator[R]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)

    def key_of(self, row: R) -> K:
        """The key of ``row``."""
        return self._key(row)

    def keys(self) -> tuple[K, ...]:
        """Every key that has at least one row, in first-seen order."""
        return tuple(self._by_key)

    def lookup(self, key: K, as_of: date) -> R:
        """The row for ``key`` in force on ``as_of``.

        Raises:
            UnknownCodeError: No row has that key, or none is in force on that date.
        """
        row = self.find(key, as_of)
        if row is not None:
            return row
        if key not in self._by_key:
            raise UnknownCodeError(self.name, key)
        raise UnknownCodeError(self.name, key, detail=f"none in force on {as_of.isoformat()}")

    def find(self, key: K, as_of: date) -> R | None:
        """Like :meth:`lookup` but returns ``None`` instead of raising."""
        for row in self._by_key.get(key, ()):
            if row.effective.covers(as_of):
                return row
        return None

    def in_force(self, as_of: date) -> tuple[R, ...]:
        """Every row in force on ``as_of``, in table order."""
        return tuple(row for row in self.rows if row.effective.covers(as_of))

    def versions(self, key: K) -> tuple[R, ...]:
        """Every row for ``key``, whatever its dates (e.g. old and new regimes)."""
        return tuple(self._by_key.get(key, ()))
