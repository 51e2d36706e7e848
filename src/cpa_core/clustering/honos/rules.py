"""The HoNOS and MHCT rules as data: the 18 MHCT items, rating periods, HoNOS scoring, the
SNOMED CT codes MHSDS uses, and an optional research banding of HoNOS totals; and the item
codes of the data sets.

Every row carries its :class:`~cpa_core.provenance.Source` (from the shared domain reference,
``clustering.md``) and its :class:`~cpa_core.provenance.Effective` range.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.clustering.honos.models import MhctItem, Scale
from cpa_core.clustering.rules import _PBR, _menh
from cpa_core.exceptions import UnknownCodeError
from cpa_core.policy import TrustPolicy
from cpa_core.provenance import Effective, Evidence, RuleTable, Source
from cpa_core.publishers import PUBLISHED_CODE

__all__ = [
    "HONOS_ITEMS",
    "HONOS_SCORING",
    "HONOS_SNOMED",
    "MHCT_ITEMS",
    "RATING_PERIODS",
    "RESEARCH_BANDS",
    "SARN_ITEMS",
    "ItemGroup",
    "ItemRow",
    "RatingPeriodRow",
    "ResearchBandRow",
    "ScoringRow",
    "SnomedRow",
    "item_for_snomed",
    "mhct_item",
    "snomed_for",
]

# --- sources (copied from shared/reference/clustering.md) -----------------------------------


def _dd_v2(title: str, locator: str, url: str) -> Source:
    """A page of version 2 of the NHS Data Dictionary."""
    return Source(
        title=title, publisher="NHS Digital", locator=locator, version="Data Dictionary v2", url=url
    )


DD_HONOS_SCORE = _dd_v2(
    "NHS Data Dictionary: HONOS SCORE",
    "attribute HONOS SCORE (items 1-12, item 8 type letters)",
    "https://v2.datadictionary.nhs.uk/data_dictionary/attributes/h/hom/honos_score_de.asp?shownav=1",
)
DD_HONOS_RATING = _dd_v2(
    "NHS Data Dictionary: HONOS RATING",
    "class HONOS RATING (rating period)",
    "https://v2.datadictionary.nhs.uk/data_dictionary/classes/h/honos/honos_rating_de.asp?shownav=1",
)
MHCT_EXTRA_ITEMS = Source(
    title="MHCT item 13 and historical items A-E (SARN)",
    publisher="CDU-data-science-team/honos; Trust cluster grid template",
    locator="R/descriptions.R; docsbay 793822",
    url="https://github.com/CDU-data-science-team/honos",
    evidence=Evidence.SECONDARY,
    secondary_reason="an open-source package of a Trust's analysts and a Trust's cluster "
    "grid template; the MHCT booklet is RCPsych material, not published openly",
)
HONOS_RECORDED = _menh(
    "mental-health-monthly-statistics: 'HoNOS recorded' rule (AMH04)",
    "menh_bbrb/notebooks/01_Generic_Prepare/04_mhsds_ref_tables.py; "
    "menh_analysis/notebooks/01_Prepare/1.Main_monthly_prep.py",
)
MHSDS_SNOMED = _menh(
    "mental-health-monthly-statistics: SNOMED CT codes of HoNOS items in MHSDS",
    "menh_bbrb/notebooks/01_Generic_Prepare/04_mhsds_ref_tables.py; "
    "menh_analysis/notebooks/01_Prepare/1.Main_monthly_prep.py",
)
MHSDS_SNOMED_65 = Source(
    title="MHSDS reference table of coded assessments: HoNOS 65+ rating scale 1-12 concepts",
    publisher="MHSDS analytics reference SQL (public GitHub); code range also in NHSDigital "
    "mental-health-monthly-statistics",
    locator="HoNOS 65+ (Older Persons) rows, item order per concept description",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)
MHSDS_SARN = _menh(
    "mental-health-monthly-statistics: the six MHCT SARN concepts (MHS802ClusterAssess)",
    "menh_analysis/notebooks/01_Prepare/1.Main_monthly_prep.py (which code is which item is "
    "not known)",
)
ANZJP_2020 = Source(
    title="Research banding of HoNOS totals against CGI-Severity (n = 30,616), not an NHS standard",
    publisher="Aust N Z J Psychiatry 2020",
    locator="severity bands",
    version="2020",
    url="https://doi.org/10.1177/0004867420963725",
    evidence=Evidence.SECONDARY,
    secondary_reason="a research study's banding, not an NHS standard",
)
MHCT_SCALES = Source(
    title="cpa_core domain reference: clustering",
    publisher="cpa_core",
    locator="shared/reference/clustering.md section 3 (the MHCT's 18 scales)",
    evidence=Evidence.SECONDARY,
    secondary_reason="cpa_core's domain reference; the MHCT booklet is RCPsych material, "
    "not published openly",
)

# Rows start with PbR clustering (April 2011), the era whose data this package reads. The
# reference gives no start for HoNOS itself or for its SNOMED CT codes, so this date is the
# package's scope, not a claim about when they began; honos_score scores older assessments
# by the earliest row.
_IN_FORCE = Effective(_PBR)
_PUBLISHED_2020 = Effective(date(2020, 1, 1))


# --- MHCT items --------------------------------------------------------------------------


class ItemGroup(enum.Enum):
    """Where an MHCT item belongs: a HoNOS subscale, the current item 13, or the history."""

    BEHAVIOUR = "behaviour"
    IMPAIRMENT = "impairment"
    SYMPTOMS = "symptoms"
    SOCIAL = "social"
    CURRENT = "current"
    HISTORICAL = "historical"


@attrs.frozen(kw_only=True)
class ItemRow:
    """One MHCT item: its code, number, short name and group.

    Attributes:
        item: The canonical item code.
        number: The item's number, 1 to 18 (14 to 18 are the historical items A to E in
            the default alias order, which is unverified: see ``ClusteringPolicy``).
        name: The item's short name (a name only, never glossary wording).
        group: The HoNOS subscale, or "current" (item 13) or "historical" (A to E).
        honos: Whether the item is one of the twelve HoNOS items.
        source: Where the item comes from.
        effective: When the row is in force.
    """

    item: MhctItem
    number: int
    name: str
    group: ItemGroup
    honos: bool
    source: Source
    effective: Effective = _IN_FORCE


def _item(
    item: MhctItem, number: int, name: str, group: ItemGroup, source: Source = DD_HONOS_SCORE
) -> ItemRow:
    return ItemRow(
        item=item,
        number=number,
        name=name,
        group=group,
        honos=group not in (ItemGroup.CURRENT, ItemGroup.HISTORICAL),
        source=source,
    )


_G = ItemGroup
MHCT_ITEMS: RuleTable[MhctItem, ItemRow] = RuleTable(
    "MHCT items",
    (
        _item(
            MhctItem.ITEM_1,
            1,
            "Overactive, aggressive, disruptive or agitated behaviour",
            _G.BEHAVIOUR,
        ),
        _item(MhctItem.ITEM_2, 2, "Non-accidental self-injury", _G.BEHAVIOUR),
        _item(MhctItem.ITEM_3, 3, "Problem drinking or drug-taking", _G.BEHAVIOUR),
        _item(MhctItem.ITEM_4, 4, "Cognitive problems", _G.IMPAIRMENT),
        _item(MhctItem.ITEM_5, 5, "Physical illness or disability problems", _G.IMPAIRMENT),
        _item(MhctItem.ITEM_6, 6, "Hallucinations and delusions", _G.SYMPTOMS),
        _item(MhctItem.ITEM_7, 7, "Depressed mood", _G.SYMPTOMS),
        _item(MhctItem.ITEM_8, 8, "Other mental and behavioural problems", _G.SYMPTOMS),
        _item(MhctItem.ITEM_9, 9, "Relationships", _G.SOCIAL),
        _item(MhctItem.ITEM_10, 10, "Activities of daily living", _G.SOCIAL),
        _item(MhctItem.ITEM_11, 11, "Living conditions", _G.SOCIAL),
        _item(MhctItem.ITEM_12, 12, "Occupation and activities", _G.SOCIAL),
        _item(MhctItem.ITEM_13, 13, "Strong unreasonable beliefs", _G.CURRENT, MHCT_EXTRA_ITEMS),
        _item(
            MhctItem.ITEM_A,
            14,
            "Agitated behaviour / expansive mood",
            _G.HISTORICAL,
            MHCT_EXTRA_ITEMS,
        ),
        _item(MhctItem.ITEM_B, 15, "Repeat self-harm", _G.HISTORICAL, MHCT_EXTRA_ITEMS),
        _item(
            MhctItem.ITEM_C,
            16,
            "Safeguarding other children and vulnerable dependant adults",
            _G.HISTORICAL,
            MHCT_EXTRA_ITEMS,
        ),
        _item(MhctItem.ITEM_D, 17, "Engagement", _G.HISTORICAL, MHCT_EXTRA_ITEMS),
        _item(MhctItem.ITEM_E, 18, "Vulnerability", _G.HISTORICAL, MHCT_EXTRA_ITEMS),
    ),
    key=lambda row: row.item,
    description="The 18 scales of the Mental Health Clustering Tool: the 12 HoNOS items, "
    "item 13 and the historical items A to E (also numbered 14 to 18).",
)

HONOS_ITEMS: tuple[MhctItem, ...] = tuple(r.item for r in MHCT_ITEMS if r.honos)
"""Items 1 to 12, in order."""
SARN_ITEMS: tuple[MhctItem, ...] = tuple(r.item for r in MHCT_ITEMS if not r.honos)
"""Item 13 and A to E: the six MHCT scales that are not HoNOS items."""


# --- rating periods ----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RatingPeriodRow:
    """The period an assessment rates.

    Attributes:
        period: The period's code, as in :class:`~cpa_core.clustering.RatingPeriod`.
        days: How many days back the rating looks, or none when it is the time since the
            previous rating.
        when: When the period applies.
        source: Where the rule comes from.
        effective: When the row is in force.
    """

    period: str
    days: int | None
    when: str
    source: Source
    effective: Effective = _IN_FORCE


RATING_PERIODS: RuleTable[str, RatingPeriodRow] = RuleTable(
    "HoNOS rating periods",
    (
        RatingPeriodRow(
            period="two-weeks", days=14, when="the usual period", source=DD_HONOS_RATING
        ),
        RatingPeriodRow(
            period="inpatient-discharge",
            days=3,
            when="at discharge from inpatient care",
            source=DD_HONOS_RATING,
        ),
        RatingPeriodRow(
            period="since-previous",
            days=None,
            when="two ratings less than two weeks apart: rate the time since the previous one",
            source=DD_HONOS_RATING,
        ),
    ),
    key=lambda row: row.period,
    description="The period a HoNOS rating covers (rate the most severe problem in it).",
)


# --- HoNOS scoring -----------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class ScoringRow:
    """A HoNOS scoring rule.

    Attributes:
        rule: The rule's name.
        min_valid_items: The fewest items of the twelve that must carry a valid 0-4 rating
            for the total to be valid ("HoNOS recorded").
        items: How many items the total sums (items 1 to 12).
        max_total: The highest possible total.
        sarn_items: How many non-HoNOS MHCT scales (item 13 and A to E) all validly rated
            also count as a recorded assessment.
        source: Where the rule comes from.
        effective: When the row is in force.
    """

    rule: str
    min_valid_items: int
    items: int
    max_total: int
    sarn_items: int
    source: Source
    effective: Effective = _IN_FORCE


HONOS_SCORING: RuleTable[str, ScoringRow] = RuleTable(
    "HoNOS scoring",
    (
        ScoringRow(
            rule="honos-total",
            min_valid_items=9,
            items=12,
            max_total=48,
            sarn_items=6,
            source=HONOS_RECORDED,
        ),
    ),
    key=lambda row: row.rule,
    description="NHS England's 'HoNOS recorded' rule (at least 9 of the 12 items rated 0-4, "
    "9 = not known counts as missing) and the total's range (0-48).",
)


# --- SNOMED CT ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SnomedRow:
    """A SNOMED CT concept MHSDS uses for an item score.

    Attributes:
        code: The SNOMED CT concept id.
        scale: The instrument.
        item: The item the concept scores, or none when that is not known.
        source: Where the code comes from.
        effective: When the row is in force.
    """

    code: str
    scale: Scale
    item: MhctItem | None
    source: Source
    effective: Effective = _IN_FORCE


_HONOS_CODES = (
    "979641000000103", "979651000000100", "979661000000102", "979671000000109",
    "979681000000106", "979691000000108", "979701000000108", "979711000000105",
    "979721000000104", "979731000000102", "979741000000106", "979751000000109",
)  # fmt: skip
_HONOS_65_CODES = (
    "980761000000107", "980771000000100", "980781000000103", "980791000000101",
    "980801000000102", "980811000000100", "980821000000106", "980831000000108",
    "980841000000104", "980851000000101", "980861000000103", "980871000000105",
)  # fmt: skip
_SARN_CODES = (
    "985071000000105", "985081000000107", "985111000000104",
    "985121000000105", "985131000000107", "985141000000103",
)  # fmt: skip

_HONOS_ORDER = tuple(MhctItem(str(n)) for n in range(1, 13))

HONOS_SNOMED: RuleTable[str, SnomedRow] = RuleTable(
    "HoNOS and MHCT SNOMED CT codes in MHSDS",
    (
        *(
            SnomedRow(code=code, scale=Scale.HONOS, item=item, source=MHSDS_SNOMED)
            for code, item in zip(_HONOS_CODES, _HONOS_ORDER, strict=True)
        ),
        *(
            SnomedRow(code=code, scale=Scale.HONOS_65, item=item, source=MHSDS_SNOMED_65)
            for code, item in zip(_HONOS_65_CODES, _HONOS_ORDER, strict=True)
        ),
        *(
            SnomedRow(code=code, scale=Scale.MHCT, item=None, source=MHSDS_SARN)
            for code in _SARN_CODES
        ),
    ),
    key=lambda row: row.code,
    description="SNOMED CT concepts of HoNOS (working age), HoNOS 65+ and the MHCT SARN scales "
    "as used in MHSDS coded assessments; which SARN concept is which item is not known.",
)


# --- research banding (optional, off by default) -----------------------------------------


@attrs.frozen(kw_only=True)
class ResearchBandRow:
    """A research band of HoNOS totals (ANZJP 2020): not an NHS standard.

    Attributes:
        band: The band's name.
        low: The lowest total in the band.
        high: The highest total in the band.
        source: Where the banding comes from.
        effective: When the row is in force.
    """

    band: str
    low: int
    high: int
    source: Source = ANZJP_2020
    effective: Effective = _PUBLISHED_2020


RESEARCH_BANDS: RuleTable[str, ResearchBandRow] = RuleTable(
    "HoNOS research banding (ANZJP 2020), not an NHS standard",
    (
        ResearchBandRow(band="borderline", low=3, high=5),
        ResearchBandRow(band="mild", low=6, high=10),
        ResearchBandRow(band="moderate", low=11, high=16),
        ResearchBandRow(band="marked", low=17, high=25),
        ResearchBandRow(band="severe", low=26, high=35),
        ResearchBandRow(band="extreme", low=36, high=48),
    ),
    key=lambda row: row.band,
    description="Research banding of HoNOS totals against CGI-Severity (ANZJP 2020). There is "
    "no official English banding; used only when a Trust turns it on.",
)


# --- data-set codes ----------------------------------------------------------------------

_DEFAULT_POLICY = TrustPolicy()
# Extracts that number the historical items count on from the first one's number (14).
_NUMBERED_FROM = min(row.number for row in MHCT_ITEMS if row.group is ItemGroup.HISTORICAL)


def mhct_item(code: str, *, policy: TrustPolicy | None = None) -> MhctItem:
    """The MHCT item named by ``code``: "1" to "13", "A" to "E", or "14" to "18".

    The numbers 14 to 18 are read through the Trust policy's
    ``clustering.historical_item_numbers`` (by default A to E in order, which is
    unverified). Letters may be lower case; surrounding spaces are ignored.

    Raises:
        UnknownCodeError: ``code`` names no MHCT item.
    """
    policy = policy or _DEFAULT_POLICY
    text = code.strip().upper()
    letters = policy.clustering.historical_item_numbers
    if text.isdigit() and text.isascii():
        index = int(text) - _NUMBERED_FROM
        text = letters[index] if 0 <= index < len(letters) else str(int(text))
    try:
        return MhctItem(text)
    except ValueError:
        raise UnknownCodeError("MHCT items", "code in an unknown form") from None


def snomed_for(scale: Scale, item: MhctItem, on: date) -> str:
    """The SNOMED CT concept MHSDS uses for ``item`` of ``scale`` on a date.

    Raises:
        UnknownCodeError: There is no known concept for that item of that scale (the MHCT
            SARN concepts are known only as a set, not item by item).
    """
    # The MHCT's items 1-12 are the working-age HoNOS items.
    wanted = Scale.HONOS if scale is Scale.MHCT else scale
    for row in HONOS_SNOMED.in_force(on):
        if row.scale is wanted and row.item is item:
            return row.code
    raise UnknownCodeError(HONOS_SNOMED.name, f"{scale.value} item {item.value}")


def item_for_snomed(code: str, on: date) -> SnomedRow:
    """The scale and item a SNOMED CT concept scores (item none for the SARN concepts).

    Raises:
        UnknownCodeError: The concept is not one of the known HoNOS or MHCT concepts.
    """
    return HONOS_SNOMED.lookup(code.strip(), on)
