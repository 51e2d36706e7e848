"""Trust policy settings for cpa_core.capacity (Mental Capacity Act, DoLS, consent)."""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.constraints import Duration
from cpa_core.policy._settings import CPA_CORE_DEFAULT, setting
from cpa_core.provenance import Evidence, Source

__all__ = ["CapacityPolicy"]

_LPS_NOT_COMMENCED = Source(
    title="Liberty Protection Safeguards: implementation delayed beyond the life of this "
    "Parliament",
    publisher="Mental Capacity Law and Policy",
    locator="Mental Capacity (Amendment) Act 2019: no part commenced",
    version="5 April 2023",
    url="https://www.mentalcapacitylawandpolicy.org.uk/liberty-protection-safeguards-newsflash-"
    "implementation-delayed-beyond-the-life-of-this-parliament/",
    evidence=Evidence.SECONDARY,
    checked=date(2026, 12, 6),
    secondary_reason="a law blog quoting in full the Department of Health and Social Care's "
    "announcement of 5 April 2023 to stakeholders; no GOV.UK page of it is cited",
)

_URGENT_COUNTING = Source(
    title="cpa_core domain reference: capacity and consent",
    publisher="cpa_core",
    locator="DoLS lengths, verification addendum: counting of a 7-day urgent authorisation",
    version="A County Council v MB [2010] EWCOP 2508 (form practice D+7; ruling not read)",
    url="https://beta.bailii.org/ew/cases/EWCOP/2010/2508.html",
    evidence=Evidence.UNVERIFIED,
    secondary_reason="the judgment itself was not read; the link is BAILII's copy, not the "
    "court's own publication",
)


@attrs.frozen(kw_only=True)
class CapacityPolicy:
    """Local choices for the capacity area.

    Attributes:
        lps_enabled: Model the Liberty Protection Safeguards. Off: the Mental Capacity
            (Amendment) Act 2019 is not commenced, so DoLS is the live regime; turning this
            on changes nothing until an LPS rule row has a commencement date.
        dols_renewal_window_days: Days before a DoLS standard authorisation's last day from
            which a renewal is reported as due (a new request should be made in time).
        dols_urgent_accept_day_8: Accept a 7-day urgent authorisation whose stated last
            day is the eighth day counted from the day it was given (D+7). Off:
            the stricter "beginning with" reading (last day D+6) is used and D+7 gets a
            warning, because the statute does not settle the counting.
    """

    lps_enabled: bool = setting(False, _LPS_NOT_COMMENCED)
    dols_renewal_window_days: int = setting(
        28, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    dols_urgent_accept_day_8: bool = setting(False, _URGENT_COUNTING)
