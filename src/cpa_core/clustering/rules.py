"""The cluster rules as data: the cluster catalogue with its review intervals, and whether
clusters are still a nationally collected currency; and the Data Dictionary codes of the
clusters.

Every row carries its :class:`~cpa_core.provenance.Source` (from the shared domain reference,
``clustering.md``) and its :class:`~cpa_core.provenance.Effective` range. The HoNOS and MHCT
rules are a sub-area: :mod:`cpa_core.clustering.honos.rules`.
"""

from __future__ import annotations

import enum
import re
from datetime import date

import attrs

from cpa_core import statutory_time
from cpa_core.exceptions import UnknownCodeError
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source
from cpa_core.publishers import PUBLISHED_CODE

__all__ = [
    "CLUSTERS",
    "CLUSTER_SOURCES",
    "COLLECTION",
    "ClusterRow",
    "CollectionRow",
    "ReviewInterval",
    "SuperClass",
    "Unit",
    "cluster_from_code",
    "cluster_to_code",
]

# --- sources (copied from shared/reference/clustering.md) -----------------------------------

_MENH_URL = "https://github.com/NHSDigital/mental-health-monthly-statistics"


def _menh(title: str, locator: str) -> Source:
    """A source in NHS England's own code for the mental health statistics (MHSDS measures)."""
    return Source(
        title=title,
        publisher="NHS England (NHSDigital GitHub)",
        locator=locator,
        url=_MENH_URL,
        evidence=Evidence.SECONDARY,
        secondary_reason=PUBLISHED_CODE,
    )


DD_CLUSTER = Source(
    title="NHS Data Dictionary: ADULT MENTAL HEALTH CARE CLUSTER CODE (FINAL)",
    publisher="NHS England",
    locator="data element, permitted national codes",
    url="https://www.datadictionary.nhs.uk/data_elements/adult_mental_health_care_cluster_code__final_.html",
)
ACC36 = _menh(
    "mental-health-monthly-statistics, measures ACC36/ACC37 (cluster review periods)",
    "menh_analysis/notebooks/01_Prepare/4.CAP_prep.py",
)
CURRENCIES_2014 = Source(
    title="Mental health currencies and payment 2014/15 (Monitor/NHS England), Table 1",
    publisher="PMC6946607, reproducing Monitor/NHS England",
    locator="Table 1: super-class and maximum review period per cluster",
    version="2014/15",
    url="https://pmc.ncbi.nlm.nih.gov/articles/PMC6946607/table/Tab1",
    evidence=Evidence.SECONDARY,
    secondary_reason="a research paper reproducing Monitor and NHS England's 2014/15 "
    "currency table; the guidance itself was not found on a publisher's page",
)
HONOS_PACKAGE = Source(
    title="honos R package: item, cluster and super-class labels",
    publisher="CDU-data-science-team (GitHub)",
    locator="R/descriptions.R (cites NTPS 2019/20 Annex DtE)",
    url="https://github.com/CDU-data-science-team/honos",
    evidence=Evidence.SECONDARY,
    secondary_reason="an open-source package of a Trust's analysts restating the national "
    "labels (NTPS 2019/20 Annex DtE, not found on a publisher's page)",
)
SUBGROUP_CORRECTED = Source(
    title="Non-psychotic sub-groups, corrected mapping (1-4 mild/moderate/severe; 5-8 very "
    "severe and complex)",
    publisher="cpa_core reference clustering.md section 7 (the honos package has them swapped)",
    locator="clustering.md section 7 notes",
    url="http://www.docstoc.com/docs/84532170/Introducing-Clustering-and-Care-Packagesdoc",
    evidence=Evidence.UNVERIFIED,
    secondary_reason="only a Trust's heading, in a document-mirror copy, supports the "
    "corrected mapping; no national source was found",
)
PBR_START = Source(
    title="Care cluster policy: PbR clustering mandated from April 2011, clusters as currency "
    "from April 2012",
    publisher="South Staffordshire and Shropshire Healthcare NHS FT",
    locator="care cluster policy, introduction",
    url="http://sssft.nhs.uk/working-here/clinical-policies-yellow/187-care-cluster-policy",
    evidence=Evidence.SECONDARY,
    secondary_reason="one Trust's policy restating the national Payment by Results dates",
)
MHSDS_V6_DROP = _menh(
    "mental-health-monthly-statistics: MHS801-MHS804 excluded for UniqMonthID >= 1489 "
    "(MHSDS v6, April 2024)",
    "menh_dq/notebooks/3.extract/000_monthly_dq_csvs.py",
)

CATALOGUE = Source(
    title="Adult mental health care clusters: codes, super-classes, maximum review periods",
    publisher="NHS England",
    locator="Data Dictionary cluster code (final); measures ACC36/ACC37 in "
    "NHSDigital/mental-health-monthly-statistics menh_analysis/notebooks/01_Prepare/"
    "4.CAP_prep.py",
    version="review periods of Mental health currencies and payment 2014/15, Table 1",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
    evidence=Evidence.SECONDARY,
    secondary_reason="the cluster codes are the Data Dictionary's; the maximum review "
    "periods are stated only in NHS England's published analysis code and in a research "
    "paper's copy of the 2014/15 currency guidance",
)

_PBR = date(2011, 4, 1)
_MHSDS_V6 = date(2024, 4, 1)
# Clusters start with PbR clustering (April 2011), the era whose data this package reads.
_IN_FORCE = Effective(_PBR)


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
class CollectionRow(RuleRow):
    """Whether care clusters are a national currency collected in MHSDS.

    Attributes:
        name: The fact's key.
        collected: Whether cluster tables are collected nationally in the period.
        note: One sentence on the status.
    """

    name: str
    collected: bool
    note: str


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


# --- Data Dictionary codes -----------------------------------------------------------------

_CLUSTER_CODE = re.compile(r"[0-9]{1,2}")


def cluster_from_code(code: str) -> int:
    """The cluster of a Data Dictionary code: '0' or '00' to '21' (surrounding spaces allowed).

    MHSDS accepts one- or two-digit values in ``AMHCareClustCodeFin``.

    Raises:
        UnknownCodeError: The code is not one of the cluster codes.
    """
    text = code.strip()
    if _CLUSTER_CODE.fullmatch(text) is None or not CLUSTERS.versions(int(text)):
        raise UnknownCodeError(CLUSTERS.name, "code in an unknown form")
    return int(text)


def cluster_to_code(cluster: int) -> str:
    """The Data Dictionary code of a cluster, zero-padded to two characters ('03').

    Raises:
        UnknownCodeError: ``cluster`` is not 0 to 21.
    """
    if not CLUSTERS.versions(cluster):
        raise UnknownCodeError(CLUSTERS.name, cluster)
    return f"{cluster:02d}"
