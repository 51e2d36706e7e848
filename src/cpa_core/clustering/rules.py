"""The clustering rules as data: MHCT items, the cluster catalogue and its review intervals,
rating periods, HoNOS scoring, the SNOMED CT codes MHSDS uses, and an optional research
banding of HoNOS totals.

Every row carries its :class:`~cpa_core.provenance.Source` (from the shared domain reference,
``clustering.md``) and its :class:`~cpa_core.provenance.Effective` range.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core import statutory_time
from cpa_core.clustering.models import MhctItem, Scale
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = [
    "CLUSTERS",
    "CLUSTER_SOURCES",
    "COLLECTION",
    "HONOS_ITEMS",
    "HONOS_SCORING",
    "HONOS_SNOMED",
    "MHCT_ITEMS",
    "RATING_PERIODS",
    "RESEARCH_BANDS",
    "SARN_ITEMS",
    "ClusterRow",
    "CollectionRow",
    "ItemGroup",
    "ItemRow",
    "RatingPeriodRow",
    "ResearchBandRow",
    "ReviewInterval",
    "ScoringRow",
    "SnomedRow",
    "SuperClass",
    "Unit",
]

# --- sources (copied from shared/reference/clustering.md) -----------------------------------

DD_CLUSTER = Source(
    title="NHS Data Dictionary: ADULT MENTAL HEALTH CARE CLUSTER CODE (FINAL)",
    publisher="NHS England",
    locator="data element, permitted national codes",
    url="https://www.datadictionary.nhs.uk/data_elements/adult_mental_health_care_cluster_code__final_.html",
)
ACC36 = Source(
    title="mental-health-monthly-statistics, measures ACC36/ACC37 (cluster review periods)",
    publisher="NHS England (NHSDigital GitHub)",
    locator="menh_analysis/notebooks/01_Prepare/4.CAP_prep.py",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
)
CURRENCIES_2014 = Source(
    title="Mental health currencies and payment 2014/15 (Monitor/NHS England), Table 1",
    publisher="PMC6946607, reproducing Monitor/NHS England",
    locator="Table 1: super-class and maximum review period per cluster",
    version="2014/15",
    url="https://pmc.ncbi.nlm.nih.gov/articles/PMC6946607/table/Tab1",
    evidence=Evidence.SECONDARY,
)
HONOS_PACKAGE = Source(
    title="honos R package: item, cluster and super-class labels",
    publisher="CDU-data-science-team (GitHub)",
    locator="R/descriptions.R (cites NTPS 2019/20 Annex DtE)",
    url="https://github.com/CDU-data-science-team/honos",
    evidence=Evidence.SECONDARY,
)
SUBGROUP_CORRECTED = Source(
    title="Non-psychotic sub-groups, corrected mapping (1-4 mild/moderate/severe; 5-8 very "
    "severe and complex)",
    publisher="cpa_core reference clustering.md section 7 (the honos package has them swapped)",
    locator="clustering.md section 7 notes",
    url="http://www.docstoc.com/docs/84532170/Introducing-Clustering-and-Care-Packagesdoc",
    evidence=Evidence.UNVERIFIED,
)
DD_HONOS_SCORE = Source(
    title="NHS Data Dictionary: HONOS SCORE",
    publisher="NHS Digital",
    locator="attribute HONOS SCORE (items 1-12, item 8 type letters)",
    version="Data Dictionary v2",
    url="https://v2.datadictionary.nhs.uk/data_dictionary/attributes/h/hom/honos_score_de.asp?shownav=1",
)
DD_HONOS_RATING = Source(
    title="NHS Data Dictionary: HONOS RATING",
    publisher="NHS Digital",
    locator="class HONOS RATING (rating period)",
    version="Data Dictionary v2",
    url="https://v2.datadictionary.nhs.uk/data_dictionary/classes/h/honos/honos_rating_de.asp?shownav=1",
)
MHCT_EXTRA_ITEMS = Source(
    title="MHCT item 13 and historical items A-E (SARN)",
    publisher="CDU-data-science-team/honos; Trust cluster grid template",
    locator="R/descriptions.R; docsbay 793822",
    url="https://github.com/CDU-data-science-team/honos",
    evidence=Evidence.SECONDARY,
)
HONOS_RECORDED = Source(
    title="mental-health-monthly-statistics: 'HoNOS recorded' rule (AMH04)",
    publisher="NHS England (NHSDigital GitHub)",
    locator="menh_bbrb/notebooks/01_Generic_Prepare/04_mhsds_ref_tables.py; "
    "menh_analysis/notebooks/01_Prepare/1.Main_monthly_prep.py",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
)
METEOR_TOTAL = Source(
    title="AIHW METeOR: HoNOS total score (sum of items 1-12, range 0-48)",
    publisher="Australian Institute of Health and Welfare",
    locator="575161",
    url="https://meteor.aihw.gov.au/content/575161",
)
SUBSCALES = Source(
    title="HoNOS subscales: behaviour 1-3, impairment 4-5, symptoms 6-8, social 9-12",
    publisher="Int J Ment Health Syst 2011;5:20, Table 1",
    locator="Table 1",
    url="https://ijmhs.biomedcentral.com/articles/10.1186/1752-4458-5-20/tables/1",
    evidence=Evidence.SECONDARY,
)
MHSDS_SNOMED = Source(
    title="mental-health-monthly-statistics: SNOMED CT codes of HoNOS items in MHSDS",
    publisher="NHS England (NHSDigital GitHub)",
    locator="menh_bbrb/notebooks/01_Generic_Prepare/04_mhsds_ref_tables.py; "
    "menh_analysis/notebooks/01_Prepare/1.Main_monthly_prep.py",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
)
MHSDS_SNOMED_65 = Source(
    title="MHSDS reference table of coded assessments: HoNOS 65+ rating scale 1-12 concepts",
    publisher="MHSDS analytics reference SQL (public GitHub); code range also in NHSDigital "
    "mental-health-monthly-statistics",
    locator="HoNOS 65+ (Older Persons) rows, item order per concept description",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
    evidence=Evidence.SECONDARY,
)
MHSDS_SARN = Source(
    title="mental-health-monthly-statistics: the six MHCT SARN concepts (MHS802ClusterAssess)",
    publisher="NHS England (NHSDigital GitHub)",
    locator="menh_analysis/notebooks/01_Prepare/1.Main_monthly_prep.py (which code is which "
    "item is not known)",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
)
ANZJP_2020 = Source(
    title="Research banding of HoNOS totals against CGI-Severity (n = 30,616), not an NHS standard",
    publisher="Aust N Z J Psychiatry 2020",
    locator="severity bands",
    version="2020",
    url="https://sage.cnpereading.com/doi/10.1177/0004867420963725",
    evidence=Evidence.SECONDARY,
)
PBR_START = Source(
    title="Care cluster policy: PbR clustering mandated from April 2011, clusters as currency "
    "from April 2012",
    publisher="South Staffordshire and Shropshire Healthcare NHS FT",
    locator="care cluster policy, introduction",
    url="http://sssft.nhs.uk/working-here/clinical-policies-yellow/187-care-cluster-policy",
    evidence=Evidence.SECONDARY,
)
MHSDS_V6_DROP = Source(
    title="mental-health-monthly-statistics: MHS801-MHS804 excluded for UniqMonthID >= 1489 "
    "(MHSDS v6, April 2024)",
    publisher="NHS England (NHSDigital GitHub)",
    locator="menh_dq/notebooks/3.extract/000_monthly_dq_csvs.py",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
)

CATALOGUE = Source(
    title="Adult mental health care clusters: codes, super-classes, maximum review periods",
    publisher="NHS England",
    locator="Data Dictionary cluster code (final); measures ACC36/ACC37 in "
    "NHSDigital/mental-health-monthly-statistics menh_analysis/notebooks/01_Prepare/"
    "4.CAP_prep.py",
    version="review periods of Mental health currencies and payment 2014/15, Table 1",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
)

_PBR = date(2011, 4, 1)
_MHSDS_V6 = date(2024, 4, 1)
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


# --- cluster catalogue -------------------------------------------------------------------


class SuperClass(enum.Enum):
    """The super-class of a cluster."""

    NON_PSYCHOTIC = "non-psychotic"
    PSYCHOSIS = "psychosis"
    ORGANIC = "organic"
    VARIANCE = "variance"
    """Cluster 0: outside the three super-classes."""
    NOT_TO_BE_USED = "not-to-be-used"
    """Cluster 9: under review, should not be used."""


class Unit(enum.Enum):
    """How a review interval is counted."""

    DAYS = "days"
    MONTHS = "months"


@attrs.frozen
class ReviewInterval:
    """A cluster's maximum review interval, counted the way NHS England counts it.

    Weeks are counted as days (12 weeks = 84 days); 6 and 12 months are calendar months
    (SQL ``ADD_MONTHS``), clamped to the end of a short month.

    Attributes:
        amount: How many days or months.
        unit: Days or calendar months.
        label: The interval as published ("12 weeks", "6 months", "annual").
    """

    amount: int
    unit: Unit
    label: str

    def end(self, anchor: date) -> date:
        """The first day outside the review period that begins on ``anchor``.

        NHS England (ACC36) treats a cluster as within its review period while
        ``anchor + interval > reporting period end``; so the period's last day is the day
        before the date returned here.
        """
        if self.unit is Unit.DAYS:
            return statutory_time.add_days(anchor, self.amount)
        return statutory_time.add_months(anchor, self.amount)

    def last_day(self, anchor: date) -> date:
        """The last day within the review period that begins on ``anchor``."""
        return statutory_time.add_days(self.end(anchor), -1)

    def __str__(self) -> str:
        counted = f"{self.amount} {self.unit.value}"
        return self.label if self.label == counted else f"{self.label} ({counted})"


@attrs.frozen(kw_only=True)
class ClusterRow:
    """One adult mental health care cluster.

    Attributes:
        cluster: The cluster code, 0 to 21.
        label: The NHS Data Dictionary label.
        aliases: Other labels the cluster goes by in other sources.
        superclass: The super-class.
        subgroup: The sub-group within the super-class, when it has one.
        subgroup_verified: False when the sub-group assignment is unverified.
        review: The maximum review interval, or none (cluster 9).
        usable: False for cluster 9 ("under review, should not be used").
        source: Where the row comes from.
        effective: When the row is in force.
    """

    cluster: int
    label: str
    aliases: tuple[str, ...] = ()
    superclass: SuperClass
    subgroup: str | None
    subgroup_verified: bool
    review: ReviewInterval | None
    usable: bool = True
    source: Source = CATALOGUE
    effective: Effective = _IN_FORCE

    @property
    def code(self) -> str:
        """The cluster as the zero-padded two-character code of the Data Dictionary."""
        return f"{self.cluster:02d}"


_WEEKS_12 = ReviewInterval(84, Unit.DAYS, "12 weeks")
_WEEKS_15 = ReviewInterval(105, Unit.DAYS, "15 weeks")
_WEEKS_4 = ReviewInterval(28, Unit.DAYS, "4 weeks")
_MONTHS_6 = ReviewInterval(6, Unit.MONTHS, "6 months")
_ANNUAL = ReviewInterval(12, Unit.MONTHS, "annual")

_NP, _PS, _OR = SuperClass.NON_PSYCHOTIC, SuperClass.PSYCHOSIS, SuperClass.ORGANIC
_MILD = "Mild, moderate or severe"
_VSC = "Very severe and complex"
_FIRST = "First episode"
_ONGOING = "Ongoing or recurrent"
_CRISIS = "Psychotic crisis"
_ENGAGE = "Very severe engagement"
_COG = "Cognitive impairment"


def _c(  # noqa: PLR0917 - one argument per catalogue column reads as a table
    cluster: int,
    label: str,
    superclass: SuperClass,
    subgroup: str | None,
    review: ReviewInterval | None,
    aliases: tuple[str, ...] = (),
) -> ClusterRow:
    return ClusterRow(
        cluster=cluster,
        label=label,
        aliases=aliases,
        superclass=superclass,
        subgroup=subgroup,
        subgroup_verified=superclass is not SuperClass.NON_PSYCHOTIC,
        review=review,
    )


CLUSTERS: RuleTable[int, ClusterRow] = RuleTable(
    "Adult mental health care clusters",
    (
        _c(0, "Variance", SuperClass.VARIANCE, None, _MONTHS_6),
        _c(1, "Common mental health problems (low severity)", _NP, _MILD, _WEEKS_12),
        _c(
            2,
            "Common mental health problems (low severity with greater need)",
            _NP,
            _MILD,
            _WEEKS_15,
        ),
        _c(3, "Non-psychotic (moderate severity)", _NP, _MILD, _MONTHS_6),
        _c(4, "Non-psychotic (severe)", _NP, _MILD, _MONTHS_6),
        _c(5, "Non-psychotic disorders (very severe)", _NP, _VSC, _MONTHS_6),
        _c(
            6,
            "Non-psychotic disorder of over-valued ideas",
            _NP,
            _VSC,
            _MONTHS_6,
            ("Non-psychotic disorders of over-valued ideas",),
        ),
        _c(7, "Enduring non-psychotic disorders (high disability)", _NP, _VSC, _ANNUAL),
        _c(8, "Non-psychotic chaotic and challenging disorders", _NP, _VSC, _ANNUAL),
        ClusterRow(
            cluster=9,
            label="Blank cluster (under review, should not be used)",
            superclass=SuperClass.NOT_TO_BE_USED,
            subgroup=None,
            subgroup_verified=True,
            review=None,
            usable=False,
        ),
        _c(
            10,
            "First episode psychosis",
            _PS,
            _FIRST,
            _ANNUAL,
            ("First episode in psychosis (with/without manic features)",),
        ),
        _c(11, "Ongoing recurrent psychosis (low symptoms)", _PS, _ONGOING, _ANNUAL),
        _c(12, "Ongoing or recurrent psychosis (high disability)", _PS, _ONGOING, _ANNUAL),
        _c(
            13,
            "Ongoing or recurrent psychosis (high symptom and disability)",
            _PS,
            _ONGOING,
            _ANNUAL,
        ),
        _c(14, "Psychotic crisis", _PS, _CRISIS, _WEEKS_4),
        _c(15, "Severe psychotic depression", _PS, _CRISIS, _WEEKS_4),
        _c(
            16,
            "Dual diagnosis (substance abuse and mental illness)",
            _PS,
            _ENGAGE,
            _MONTHS_6,
            ("Psychosis and affective disorder (high substance misuse and engagement)",),
        ),
        _c(17, "Psychosis and affective disorder difficult to engage", _PS, _ENGAGE, _MONTHS_6),
        _c(18, "Cognitive impairment (low need)", _OR, _COG, _ANNUAL),
        _c(
            19,
            "Cognitive impairment or dementia (complicated) (moderate need)",
            _OR,
            _COG,
            _MONTHS_6,
            ("Cognitive impairment or dementia (moderate need)",),
        ),
        _c(
            20,
            "Cognitive impairment or dementia (complicated) (high need)",
            _OR,
            _COG,
            _MONTHS_6,
            ("Cognitive impairment or dementia (high need)",),
        ),
        _c(
            21,
            "Cognitive impairment or dementia (high physical or engagement need)",
            _OR,
            _COG,
            _MONTHS_6,
            ("Cognitive impairment or dementia (high physical need or engagement)",),
        ),
    ),
    key=lambda row: row.cluster,
    description="Adult mental health care clusters 0-21 with super-class and maximum review "
    "interval (labels: NHS Data Dictionary; super-classes and review intervals: Mental health "
    "currencies and payment 2014/15, confirmed exactly by NHS England's ACC36 code).",
)

CLUSTER_SOURCES: tuple[Source, ...] = (
    DD_CLUSTER,
    CURRENCIES_2014,
    ACC36,
    HONOS_PACKAGE,
    SUBGROUP_CORRECTED,
)
"""Every source behind the cluster catalogue (labels, super-classes, intervals, sub-groups)."""


# --- national collection -----------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CollectionRow:
    """Whether care clusters are a national currency collected in MHSDS.

    Attributes:
        name: The fact's key.
        collected: Whether cluster tables are collected nationally in the period.
        note: One sentence on the status.
        source: Where the fact comes from.
        effective: When the row is in force.
    """

    name: str
    collected: bool
    note: str
    source: Source
    effective: Effective


COLLECTION: RuleTable[str, CollectionRow] = RuleTable(
    "Care cluster collection",
    (
        CollectionRow(
            name="care-clusters",
            collected=True,
            note="clusters used under PbR (mandated April 2011; currency from April 2012)",
            source=PBR_START,
            effective=Effective(_PBR, _MHSDS_V6),
        ),
        CollectionRow(
            name="care-clusters",
            collected=False,
            note="MHSDS v6 drops MHS801-MHS804: clustering is legacy; MHNRGs replace clusters",
            source=MHSDS_V6_DROP,
            effective=Effective(_MHSDS_V6),
        ),
    ),
    key=lambda row: row.name,
    description="When care clusters were a nationally collected currency.",
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
