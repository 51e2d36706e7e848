"""The parts of a legal status period the chain itself records: why it ended, and an s136B
extension; and the checks every model of the area applies to its instants.

The period itself is :class:`~cpa_core.mha.models.LegalStatusPeriod`.
"""

from __future__ import annotations

from datetime import datetime

import attrs

from cpa_core.constraints import Number
from cpa_core.exceptions import CpaCoreError
from cpa_core.statutory_time import require_aware

__all__ = ["Extension"]


def aware(_instance: object, attribute: attrs.Attribute[datetime], value: datetime) -> None:
    """An attrs validator: the instant carries a UTC offset."""
    require_aware(value, attribute.name)


def aware_or_none(
    _instance: object, attribute: attrs.Attribute[datetime | None], value: datetime | None
) -> None:
    """An attrs validator: the instant, if any, carries a UTC offset."""
    if value is not None:
        require_aware(value, attribute.name)


def ends_after_start(start: datetime, end: datetime | None, what: str) -> None:
    """Refuse a stretch of time recorded as ending before it starts.

    Raises:
        CpaCoreError: ``end`` is before ``start``.
    """
    if end is not None and end.timestamp() < start.timestamp():
        raise CpaCoreError(f"{what} ends before it starts")


@attrs.frozen(kw_only=True)
class Extension:
    """An extension of a place-of-safety period (s136B).

    Attributes:
        authorised_at: When the extension was authorised.
        hours: Hours added (the catalogue's maximum is 12).
    """

    authorised_at: datetime = attrs.field(validator=aware)
    hours: int = attrs.field(validator=Number(minimum=1, maximum=72))
