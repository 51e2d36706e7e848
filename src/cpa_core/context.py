"""What every dated check is given: one instant, its London day, and the Trust's policy.

``as_of`` has one meaning everywhere in cpa_core: the instant of the check. A rule counted in
days reads :attr:`CheckContext.day`, the London calendar day on which that instant falls; a
rule counted in hours reads :attr:`CheckContext.instant`. Public checks accept a ``date`` as
well, meaning the start of that day in London, and build the context once.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs

from cpa_core import statutory_time
from cpa_core.exceptions import CpaCoreError
from cpa_core.policy import TrustPolicy

__all__ = ["CheckContext"]

_DEFAULT_POLICY = TrustPolicy()


@attrs.frozen
class CheckContext:
    """The moment a check is made, and the policy it is made under.

    Attributes:
        instant: The instant of the check (an aware datetime).
        day: The London calendar day of :attr:`instant`.
        policy: The Trust's policy.
    """

    instant: datetime
    day: date
    policy: TrustPolicy

    @classmethod
    def at(cls, as_of: date | datetime, policy: TrustPolicy | None = None) -> CheckContext:
        """The context of a check made at ``as_of`` under ``policy`` (national defaults when
        omitted). A ``date`` means the start of that day in London.

        Raises:
            CpaCoreError: ``as_of`` is a naive datetime, or neither a date nor a datetime.
        """
        if isinstance(as_of, datetime):
            instant = statutory_time.require_aware(as_of, "as_of")
        elif isinstance(as_of, date):
            instant = statutory_time.start_of_day(as_of)
        else:
            raise CpaCoreError("as_of must be a date or an aware datetime")
        return cls(instant, statutory_time.london_date(instant), policy or _DEFAULT_POLICY)
