"""Leave of absence (s17), absence without leave (s18), and the authority's end in law once
absence is counted (s21, s21B)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import attrs

from cpa_core.constraints import Items, Text
from cpa_core.mha.sections.models import aware, aware_or_none, ends_after_start

__all__ = ["Absence", "Authority", "Leave"]


@attrs.frozen(kw_only=True)
class Leave:
    """Leave of absence from hospital granted by the responsible clinician (s17).

    Attributes:
        start: When the leave begins.
        end: When it ends, extensions included; ``None`` for leave granted indefinitely.
        cto_considered_on: The day the responsible clinician considered whether the patient
            should instead be placed on a CTO, as s17(2A) requires before longer-term leave
            (more than seven consecutive days, or indefinite). ``None`` when not recorded.
        conditions: The conditions of the leave, as short texts (s17(1)); never shown in
            findings.
    """

    start: datetime = attrs.field(validator=aware)
    end: datetime | None = attrs.field(default=None, validator=aware_or_none)
    cto_considered_on: date | None = None
    conditions: tuple[str, ...] = attrs.field(
        default=(), validator=Items(max_items=20, each=Text(min_length=1, max_length=200))
    )

    def __attrs_post_init__(self) -> None:
        ends_after_start(self.start, self.end, "leave")


@attrs.frozen(kw_only=True)
class Absence:
    """An absence without leave (s18): absconding, failing to return, or not returning on
    recall.

    Attributes:
        started_at: When the absence without leave began; its London day is "the first day
            of his absence without leave" (s18(4), s21A(1), s21B(1)).
        returned_at: When the patient was returned or returned themself, or ``None`` while
            still absent.
        taken_into_custody: Whether the patient was taken into custody under s18 (rather
            than returning themself); both end the absence the same way (s21(2)(a), (b)).
        report_on: For a return after more than 28 days: the day the responsible clinician
            furnished the s21B report after examining the patient. ``None`` when none.
    """

    started_at: datetime = attrs.field(validator=aware)
    returned_at: datetime | None = attrs.field(default=None, validator=aware_or_none)
    taken_into_custody: bool = False
    report_on: date | None = None

    def __attrs_post_init__(self) -> None:
        ends_after_start(self.started_at, self.returned_at, "absence without leave")


@attrs.frozen
class Authority:
    """The end of a period's authority, with what absence without leave did to it.

    Attributes:
        base_end: The end apart from s21 and s21B: the period and its renewals.
        end: The end in law (exclusive). While the patient is still absent without leave
            and the authority is extended, the latest it can last (the end of custody,
            s21(2)(c)); it comes sooner when the patient returns (s21(2)(a), (b)).
        provision: Which provision moved the end: ``""`` (none), ``"s21(2)(a), (b)"``,
            ``"s21(2)(c)"``, ``"s21B(4)"`` or ``"s21B(5)"``.
        absence: The absence that moved it, if any.
        until_return: Whether the patient is still absent and the authority continues until
            their return (at the latest, ``end``).
        report_due: For a return after more than 28 days: the last day of the week in which
            the responsible clinician must examine and report (s21B(2)); ``None`` otherwise.
        report_missing: Whether that report is due or overdue and not recorded.
        s21b_renewals: How many periods of renewal s21B(5) and (6) reports added, on top of
            the recorded renewals (an s21B report is recorded on its absence, not as a
            renewal; a renewal recorded on the same day is taken to be the same report).
    """

    base_end: datetime
    end: datetime
    provision: str = ""
    absence: Absence | None = None
    until_return: bool = False
    report_due: date | None = None
    report_missing: bool = False
    s21b_renewals: int = 0

    @property
    def extended(self) -> bool:
        """Whether absence without leave carried the authority past its base end."""
        return self.end.astimezone(UTC) > self.base_end.astimezone(UTC)
