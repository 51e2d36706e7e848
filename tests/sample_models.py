"""A small record kind used to test the shared machinery (not a real clinical record)."""

from __future__ import annotations

import enum
from collections.abc import Iterator
from datetime import date, datetime
from typing import Literal

import attrs

from cpa_core.constraints import Items, NhsNumber, Number, Text
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import RecordKind


class Mode(enum.Enum):
    """How a contact happened."""

    FACE_TO_FACE = "face-to-face"
    """In person."""
    TELEPHONE = "telephone"
    """By telephone."""


class Level(enum.IntEnum):
    """A made-up ordinal."""

    LOW = 1
    """The lower level."""
    HIGH = 2
    """The higher level."""


@attrs.frozen(kw_only=True)
class Score:
    """One rated item.

    Attributes:
        item: Item number, 1 to 12.
        rating: Rating 0 to 4.
    """

    item: int = attrs.field(validator=Number(minimum=1, maximum=12))
    rating: int = attrs.field(validator=Number(minimum=0, maximum=4))


@attrs.frozen(kw_only=True)
class Window:
    """A span of time.

    Attributes:
        start: First instant.
        end: Instant after the last.
    """

    start: datetime
    end: datetime

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise CpaCoreError("end must not be before start")


@attrs.frozen(kw_only=True)
class Contact:
    """A test record that exercises every supported field type.

    Attributes:
        kind: Discriminator, always "contact".
        contact_id: Identifier of the contact.
        nhs_number: The person's NHS number.
        on: The day of the contact.
        mode: How it happened.
        level: A made-up level.
        window: When it happened, if known.
        scores: Rated items.
        tags: Free labels by name.
        weight: A number.
        attended: Whether the person attended.
        note: An optional note.
    """

    kind: Literal["contact"] = "contact"
    contact_id: str = attrs.field(validator=Text(min_length=1, max_length=20))
    nhs_number: str = attrs.field(validator=NhsNumber())
    on: date
    mode: Mode = Mode.FACE_TO_FACE
    level: Level | None = None
    window: Window | None = None
    scores: tuple[Score, ...] = attrs.field(default=(), validator=Items(max_items=12))
    tags: dict[str, int] = attrs.field(factory=dict)
    weight: float = 0.0
    attended: bool = True
    note: str | None = attrs.field(default=None, validator=Text(max_length=200))


NOT_ATTENDED = FindingCode(
    "TEST-NOT-ATTENDED", Severity.WARNING, "The person did not attend (test rule)."
)


NEGATIVE_WEIGHT = FindingCode(
    "TEST-NEGATIVE-WEIGHT", Severity.ERROR, "A weight below zero (test rule)."
)


def contact_rules(record: Contact, _policy: TrustPolicy) -> Iterator[Finding]:
    """Flag a contact the person did not attend, and an impossible weight."""
    if not record.attended:
        yield NOT_ATTENDED.finding(
            "did not attend", path="$.attended", subject_id=record.contact_id
        )
    if record.weight < 0:
        yield NEGATIVE_WEIGHT.finding("weight below zero", path="$.weight")


CONTACT = RecordKind(
    name="test-contact",
    domain="sample",
    model=Contact,
    description="A test record.",
    rules=contact_rules,
)

VALID: dict[str, object] = {
    "contact_id": "C1",
    "nhs_number": "4000000632",
    "on": "2026-03-29",
    "mode": "telephone",
    "level": 2,
    "window": {"start": "2026-03-29T00:30:00Z", "end": "2026-03-29T02:30:00+01:00"},
    "scores": [{"item": 1, "rating": 4}, {"item": 12, "rating": 0}],
    "tags": {"a": 1},
    "weight": 1.5,
    "attended": True,
    "note": "fine",
}


@attrs.frozen(kw_only=True)
class FlatContact:
    """A flat test record, for CSV.

    Attributes:
        contact_id: Identifier of the contact.
        nhs_number: The person's NHS number.
        on: The day of the contact.
        mode: How it happened.
        minutes: How long it lasted.
        weight: A number.
        attended: Whether the person attended.
        note: An optional note.
    """

    contact_id: str = attrs.field(validator=Text(min_length=1, max_length=20))
    nhs_number: str = attrs.field(validator=NhsNumber())
    on: date
    mode: Mode = Mode.FACE_TO_FACE
    minutes: int | None = attrs.field(default=None, validator=Number(minimum=0))
    weight: float = 0.0
    attended: bool = True
    note: str | None = None


FLAT_CONTACT = RecordKind(
    name="test-flat-contact", domain="sample", model=FlatContact, description="Flat."
)
