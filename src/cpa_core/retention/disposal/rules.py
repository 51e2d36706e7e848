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

_CODE_URL = (
    "https://transform.england.nhs.uk/information-governance/guidance/"
    "records-management-code/records-management-code-of-practice"
)


def _code_part(title: str, locator: str) -> Source:
    """A part of the Code, on NHS England's page for it."""
    return Source(
        title=title,
        publisher="NHSX / NHS England Transformation Directorate",
        locator=locator,
        version="2021 (HTML updated 7 August 2023)",
        url=_CODE_URL,
    )


PREAMBLE = _code_part(
    "Records Management Code of Practice, Appendix II retention schedule",
    "preamble: periods are minimums; retention starts when the record ceases to be "
    "operational; reuse resets the period",
)
"""Periods are minimums, counted from when a record ceases to be operational, restarted on
reuse."""

APPRAISAL = _code_part(
    "Records Management Code of Practice, section 5: management of records when the minimum "
    "retention period is reached",
    "5.2 appraisal: no automatic destruction without appraisal; decisions documented and approved",
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
