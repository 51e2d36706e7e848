"""Trust policy settings for cpa_core.clustering."""

from __future__ import annotations

import attrs

from cpa_core.constraints import Duration, Items, Text
from cpa_core.exceptions import CpaCoreError
from cpa_core.policy._settings import CPA_CORE_DEFAULT, setting
from cpa_core.provenance import Evidence, Source

__all__ = ["HISTORICAL_ITEM_ALIASES", "ITEM_8_TYPE", "ClusteringPolicy"]

HISTORICAL_ITEM_ALIASES = Source(
    title="MHCT historical items: letters A-E in booklets from MHCT v3, numbers 14-18 elsewhere",
    publisher="cpa_core reference clustering.md section 3",
    locator="aliases: ETL should accept both [V2]; the exact 14-A ... 18-E pairing is unverified",
    url="https://github.com/CDU-data-science-team/honos",
    evidence=Evidence.UNVERIFIED,
    secondary_reason="an open-source package of a Trust's analysts; the MHCT booklets are "
    "RCPsych material, not published openly",
)
"""Source of the default pairing of the numbers 14 to 18 with the letters A to E."""

ITEM_8_TYPE = Source(
    title="HoNOS item 8: a problem type A-J is recorded, and J needs a description",
    publisher="NHS Data Dictionary v2 HONOS SCORE; CamCOPS HoNOS task (reference only)",
    locator="item 8 type letters",
    url="https://v2.datadictionary.nhs.uk/data_dictionary/attributes/h/hom/honos_score_de.asp?shownav=1",
    evidence=Evidence.SECONDARY,
    secondary_reason="the letters A-J are the Data Dictionary's; that J needs a description "
    "comes from a research tool's HoNOS task (CamCOPS)",
)
"""Source of the rule that an item 8 rating names its problem type."""

_LETTER = Text(pattern=r"^[A-E]$", meaning="a historical item letter, A to E")


@attrs.frozen(kw_only=True)
class ClusteringPolicy:
    """Local choices for care clustering, MHCT and HoNOS.

    Attributes:
        review_due_soon_days: How many days before a cluster's review falls due to warn that
            it is due soon; none uses ``general.due_soon_days``.
        require_item_8_type: Whether an item 8 rating above 0 without its problem type (or a
            type J without a description) is reported.
        research_banding: Whether HoNOS scores carry the research banding of ANZJP 2020.
            Off by default: it is not an NHS standard.
        historical_item_numbers: The historical item letter that each of the numbers 14, 15,
            16, 17 and 18 stands for, in that order, when an extract numbers them; the
            default pairing (A to E in order) is unverified.
    """

    review_due_soon_days: int | None = setting(
        None, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    require_item_8_type: bool = setting(True, ITEM_8_TYPE)
    research_banding: bool = setting(False, CPA_CORE_DEFAULT)
    historical_item_numbers: tuple[str, ...] = setting(
        ("A", "B", "C", "D", "E"),
        HISTORICAL_ITEM_ALIASES,
        validator=Items(min_items=5, max_items=5, each=_LETTER),
    )

    def __attrs_post_init__(self) -> None:
        if len(set(self.historical_item_numbers)) != len(self.historical_item_numbers):
            raise CpaCoreError("historical_item_numbers must name each letter A to E once")
