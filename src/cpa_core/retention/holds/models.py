"""Legal holds: who placed them, which records they cover, and when they are in force."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.constraints import Items, Text
from cpa_core.exceptions import CpaCoreError
from cpa_core.provenance import Evidence
from cpa_core.retention.models import _TAG, _TAGS, RecordClass

__all__ = [
    "HoldOrigin",
    "HoldScope",
    "LegalHold",
]


class HoldOrigin(enum.Enum):
    """Who placed a legal hold."""

    PUBLIC_INQUIRY = "public-inquiry"
    """A public or statutory inquiry (Records Management Code, Appendix I)."""
    RETENTION_REQUEST = "retention-request"
    """A request to retain records from a national body, outside an inquiry."""
    TRUST = "trust"
    """The Trust's own hold."""


@attrs.frozen(kw_only=True)
class HoldScope:
    """Which records a hold covers. Every given part must match; an empty part matches all.

    Attributes:
        record_classes: The classes covered; empty for every class.
        covering_from: Records covering any day from this day are covered.
        covering_until: ... up to and including this day.
        subject_matter: Records tagged with any of these are covered; empty for any.
    """

    record_classes: tuple[RecordClass, ...] = attrs.field(default=(), validator=Items(max_items=50))
    covering_from: date | None = None
    covering_until: date | None = None
    subject_matter: tuple[str, ...] = attrs.field(default=(), validator=_TAGS)

    def __attrs_post_init__(self) -> None:
        if (
            self.covering_from is not None
            and self.covering_until is not None
            and self.covering_until < self.covering_from
        ):
            raise CpaCoreError("hold scope: 'covering_until' must not be before 'covering_from'")

    @property
    def unrestricted(self) -> bool:
        """True when the scope names nothing, so the hold covers every record."""
        return (
            not self.record_classes
            and self.covering_from is None
            and self.covering_until is None
            and not self.subject_matter
        )


@attrs.frozen(kw_only=True)
class LegalHold:
    """A legal hold: while in force, no record in its scope may be disposed of.

    Attributes:
        hold_id: The hold's identifier (lower-case words joined by '-').
        title: A short name, e.g. "Covid-19 Inquiry"; never personal data.
        origin: Who placed it.
        start: The first day it is in force.
        end: The first day it is no longer in force (lifted), or ``None`` while open.
        scope: Which records it covers.
        reference: Where the instruction is (letter, URL, minute).
        evidence: How well the hold and its current status are established.
    """

    hold_id: str = attrs.field(validator=_TAG)
    title: str = attrs.field(validator=Text(min_length=1, max_length=200))
    origin: HoldOrigin = HoldOrigin.TRUST
    start: date
    end: date | None = None
    scope: HoldScope = attrs.field(factory=HoldScope)
    reference: str = attrs.field(default="", validator=Text(max_length=300))
    evidence: Evidence = Evidence.VERIFIED

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end <= self.start:
            raise CpaCoreError("legal hold: 'end' must be after 'start'")

    def in_force(self, day: date) -> bool:
        """Whether the hold is in force on ``day``."""
        return self.start <= day and (self.end is None or day < self.end)
