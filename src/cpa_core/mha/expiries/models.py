"""What a renewal records, and the readings of where a renewed authority ends."""

from __future__ import annotations

from datetime import date

import attrs

__all__ = ["Readings", "Renewal"]


@attrs.frozen(kw_only=True)
class Renewal:
    """A renewal of the authority to detain (s20) or an extension of a CTO (s20A).

    Attributes:
        report_on: The day the responsible clinician furnished the renewal report.
        amhp_agreed_on: For a CTO extension: the day an approved mental health
            professional stated in writing that the conditions are met and the extension
            appropriate (s20A(4)(b), (8)). ``None`` when not recorded.
    """

    report_on: date
    amhp_agreed_on: date | None = None


@attrs.frozen
class Readings:
    """The last day of a renewal period under the reference's three readings.

    Attributes:
        chained_after: (A) each period ends N months *after* the previous last day
            (the Dodds v Walker corresponding-date rule).
        anchored: (B) every end anchored to the original day; the reading cpa_core uses.
        chained_beginning: (C) each renewal a new "beginning with" period from its first day.
    """

    chained_after: date
    anchored: date
    chained_beginning: date

    @property
    def agree(self) -> bool:
        """Whether the three readings give the same day."""
        return self.chained_after == self.anchored == self.chained_beginning

    @property
    def earliest(self) -> date:
        """The earliest of the three last days: the conservative deadline."""
        return min(self.chained_after, self.anchored, self.chained_beginning)

    @property
    def latest(self) -> date:
        """The latest of the three last days."""
        return max(self.chained_after, self.anchored, self.chained_beginning)
