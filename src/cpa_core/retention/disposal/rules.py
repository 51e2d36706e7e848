"""The Records Management Code's rules on disposal, as the sources the findings cite and the
decisions the disposal-review list shows.

Every period of the schedule is a minimum, counted from when a record ceases to be
operational and restarted when it comes back into use (Appendix II preamble); when a minimum
is reached nothing is destroyed automatically: a recorded appraisal decides (management of
records when the minimum retention period is reached).
"""

from __future__ import annotations

from cpa_core.provenance import Source
from cpa_core.retention.disposal.models import DecisionStatus

__all__ = ["REVIEW_LIST"]

_NHSD_COPY = (
    "https://nhsd-proxy.dokku3.ebmdatalab.net/data-and-information/information-governance/"
    "guidance/records-management-code-of-practice/"
)


def _code_page(title: str, locator: str, page: str) -> Source:
    """A page of the Code in the NHS Digital copy of its HTML version."""
    return Source(
        title=title,
        publisher="NHSX / NHS England (NHS Digital copy)",
        locator=locator,
        version="2021 (HTML updated 7 August 2023)",
        url=_NHSD_COPY + page,
    )


PREAMBLE = _code_page(
    "Records Management Code of Practice, Appendix II preamble",
    "periods are minimums; retention starts when the record ceases to be operational; reuse "
    "resets the period",
    "appendix-ii",
)
"""Periods are minimums, counted from when a record ceases to be operational, restarted on
reuse."""

APPRAISAL = _code_page(
    "Records Management Code of Practice: management of records when the minimum retention "
    "period is reached",
    "no automatic destruction without appraisal; decisions documented and approved",
    "management-of-records-when-the-minimum-retention-period-is-reached",
)
"""No automatic destruction: an appraisal decides, documented and approved."""

REVIEW_LIST: frozenset[DecisionStatus] = frozenset(
    {
        DecisionStatus.REVIEW_DUE,
        DecisionStatus.HELD,
        DecisionStatus.DISPOSAL_APPROVED,
    }
)
"""The decisions the disposal-review list shows whatever their date: the minimum has passed
and the record is to be appraised, is held, or is approved for disposal."""
