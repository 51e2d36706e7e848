"""A patient's applications to the tribunal (s66), and the entries of a chain's tribunal
calendar."""

from __future__ import annotations

from datetime import date, datetime

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.provenance import Source

__all__ = ["CalendarEntry", "TribunalApplication"]


@attrs.frozen(kw_only=True)
class TribunalApplication:
    """A patient's application to the First-tier Tribunal (s66).

    Attributes:
        period_id: The period during which it was made.
        applied_on: The day it was made.
        withdrawn: Whether it was withdrawn (a withdrawn application counts as not made).
    """

    period_id: str = attrs.field(validator=_ID)
    applied_on: date
    withdrawn: bool = False


@attrs.frozen
class CalendarEntry:
    """One dated entry of a chain's tribunal calendar.

    Attributes:
        kind: ``"application-window"`` (s66) or ``"managers-reference"`` (s68).
        period_id: The period it belongs to.
        opens: When the window opens, or when the reference period began.
        closes: When the window closes, or when the reference falls due (exclusive).
        source: The provision, with its paragraph (``s66(2)(b)``, ``s68(6)``).
        done: Whether an application was made in the window, or the reference made or no
            longer required.
    """

    kind: str
    period_id: str
    opens: datetime
    closes: datetime
    source: Source
    done: bool
