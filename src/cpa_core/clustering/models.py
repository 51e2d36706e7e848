"""Records of the clustering area: MHCT / HoNOS assessments, cluster assignments and a
Trust-supplied cluster profile table.

Only codes and structure live here. The RCPsych glossary wording of the HoNOS and MHCT items
(their rating anchors) is proprietary and is not reproduced anywhere in cpa_core.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Number, Text
from cpa_core.exceptions import CpaCoreError

__all__ = [
    "PROFILE_TABLE_KIND",
    "AllocationReason",
    "ClusterAssessment",
    "ClusterAssignment",
    "ClusterProfile",
    "Grade",
    "ItemProfile",
    "ItemRating",
    "MhctItem",
    "ProblemType",
    "ProfileProvenance",
    "ProfileTable",
    "Rating",
    "RatingPeriod",
    "Scale",
]

PROFILE_TABLE_KIND = "cluster-profile-table"
"""The record kind of a :class:`ProfileTable`, used in its schema ``$id``."""

_CLUSTER = Number(minimum=0, maximum=21)


class MhctItem(enum.Enum):
    """An item (scale) of the Mental Health Clustering Tool, by its canonical code.

    Items 1 to 12 are the HoNOS items, 13 is the MHCT's added current item, and A to E are
    the historical items (the Summary Assessment of Risk and Need), which some sources
    number 14 to 18; see :func:`cpa_core.clustering.mhct_item` for reading either form.
    """

    ITEM_1 = "1"
    ITEM_2 = "2"
    ITEM_3 = "3"
    ITEM_4 = "4"
    ITEM_5 = "5"
    ITEM_6 = "6"
    ITEM_7 = "7"
    ITEM_8 = "8"
    ITEM_9 = "9"
    ITEM_10 = "10"
    ITEM_11 = "11"
    ITEM_12 = "12"
    ITEM_13 = "13"
    ITEM_A = "A"
    ITEM_B = "B"
    ITEM_C = "C"
    ITEM_D = "D"
    ITEM_E = "E"


class Rating(enum.IntEnum):
    """A rating of one item: 0 to 4, or 9 for "not known".

    9 is never a score: it counts as a missing rating in every total and completeness rule.
    """

    NO_PROBLEM = 0
    MINOR = 1
    MILD = 2
    MODERATELY_SEVERE = 3
    SEVERE = 4
    NOT_KNOWN = 9

    @property
    def is_score(self) -> bool:
        """True for 0 to 4; False for 9 (not known)."""
        return self is not Rating.NOT_KNOWN


class Scale(enum.Enum):
    """Which instrument an assessment used."""

    MHCT = "mhct"
    """The adult Mental Health Clustering Tool: HoNOS items 1-12, item 13 and items A-E."""
    HONOS = "honos"
    """HoNOS for working-age adults: items 1-12."""
    HONOS_65 = "honos-65"
    """HoNOS 65+ (older adults): items 1-12 of its own variant."""


class RatingPeriod(enum.Enum):
    """The period an assessment rates (NHS Data Dictionary, HONOS RATING)."""

    TWO_WEEKS = "two-weeks"
    """The previous two weeks: the usual period."""
    INPATIENT_DISCHARGE = "inpatient-discharge"
    """The previous three days, at discharge from inpatient care."""
    SINCE_PREVIOUS = "since-previous"
    """The time since the previous rating, when two ratings are less than two weeks apart."""


class ProblemType(enum.Enum):
    """The type letter of item 8 ("other mental and behavioural problems")."""

    PHOBIC = "A"
    ANXIETY = "B"
    OBSESSIVE_COMPULSIVE = "C"
    STRESS = "D"
    DISSOCIATIVE = "E"
    SOMATOFORM = "F"
    EATING = "G"
    SLEEP = "H"
    SEXUAL = "I"
    OTHER = "J"


class AllocationReason(enum.Enum):
    """Why a cluster was (re)assigned: the occasions for clustering in Trust policies."""

    INITIAL_ASSESSMENT = "initial-assessment"
    PLANNED_REVIEW = "planned-review"
    UNPLANNED_REVIEW = "unplanned-review"
    ADMISSION = "admission"
    TRANSFER = "transfer"
    DISCHARGE = "discharge"


@attrs.frozen(kw_only=True)
class ItemRating:
    """The rating of one MHCT / HoNOS item.

    Attributes:
        item: The item's canonical code: "1" to "13", or "A" to "E".
        rating: 0 to 4, or 9 (not known, treated as missing).
    """

    item: MhctItem
    rating: Rating


@attrs.frozen(kw_only=True)
class ClusterAssessment:
    """An MHCT or HoNOS assessment: the item ratings for one person on one day.

    Attributes:
        assessment_id: The assessment's own identifier.
        person_id: The person assessed.
        nhs_number: The person's NHS number, when the record carries it.
        staff_id: The clinician who rated the items.
        assessed_on: The day the tool was completed (MHSDS AssToolCompDate).
        scale: The instrument: the full MHCT, HoNOS or HoNOS 65+.
        period: The period rated: two weeks, three days at inpatient discharge, or the time
            since the previous rating.
        ratings: The item ratings. An item left out is missing, as is an item rated 9.
        item_8_type: The type letter (A to J) of the problem rated at item 8.
        item_8_description: What the problem is when the type is J ("other"); free text that
            cpa_core never copies into a message.
    """

    assessment_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    staff_id: str = attrs.field(validator=_ID)
    assessed_on: date
    scale: Scale = Scale.MHCT
    period: RatingPeriod = RatingPeriod.TWO_WEEKS
    ratings: tuple[ItemRating, ...] = attrs.field(default=(), validator=Items(max_items=36))
    item_8_type: ProblemType | None = None
    item_8_description: str | None = attrs.field(
        default=None, validator=Text(min_length=1, max_length=200)
    )

    def rating_of(self, item: MhctItem) -> Rating | None:
        """The rating recorded for ``item``; ``None`` when absent or recorded twice."""
        found = [r.rating for r in self.ratings if r.item is item]
        return found[0] if len(found) == 1 else None


@attrs.frozen(kw_only=True)
class ClusterAssignment:
    """A care cluster allocated to a person, with the assessment it rests on.

    Attributes:
        assignment_id: The assignment's own identifier (MHSDS UniqClustID).
        person_id: The person.
        nhs_number: The person's NHS number, when the record carries it.
        cluster: The final cluster code, 0 to 21 (MHSDS AMHCareClustCodeFin).
        start: The first day of the cluster (StartDateCareClust).
        end: The last day of the cluster (EndDateCareClust), or none while it is open.
        assessment_id: The MHCT assessment the allocation rests on, when known.
        assessment_date: The day that assessment was completed (AssToolCompDate), from which
            NHS England counts the cluster's review period.
        staff_id: The clinician who allocated the cluster, when known.
        reason: Why the cluster was assigned, when recorded.
        suggested_cluster: The cluster the tool or algorithm suggested, when recorded; it
            differs from ``cluster`` when the clinician overrode it.
    """

    assignment_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    cluster: int = attrs.field(validator=_CLUSTER)
    start: date
    end: date | None = None
    assessment_id: str | None = attrs.field(default=None, validator=_ID)
    assessment_date: date | None = None
    staff_id: str | None = attrs.field(default=None, validator=_ID)
    reason: AllocationReason | None = None
    suggested_cluster: int | None = attrs.field(default=None, validator=_CLUSTER)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise CpaCoreError("cluster assignment: end must not be before start")

    def is_open(self, on: date) -> bool:
        """Whether the cluster is current on ``on`` (started, not yet ended)."""
        return self.start <= on and (self.end is None or on <= self.end)


class Grade(enum.Enum):
    """How a cluster profile grades one rating of one item (the grid legend)."""

    MUST = "must"
    """Must score: a rating outside an item's must cells breaks the profile (a red rule)."""
    EXPECTED = "expected"
    """Expected to score."""
    MAY = "may"
    """May score."""
    UNLIKELY = "unlikely"
    """Unlikely to score."""


@attrs.frozen(kw_only=True)
class ItemProfile:
    """One row of a cluster's grid: how each rating 0 to 4 of one item is graded.

    Attributes:
        item: The MHCT item.
        grid: Five grades, for ratings 0, 1, 2, 3 and 4 in that order.
    """

    item: MhctItem
    grid: tuple[Grade, ...] = attrs.field(validator=Items(min_items=5, max_items=5))


@attrs.frozen(kw_only=True)
class ClusterProfile:
    """The rating profile of one cluster, item by item.

    Attributes:
        cluster: The cluster code, 0 to 21.
        items: One row per profiled item; an item without a row places no condition.
    """

    cluster: int = attrs.field(validator=_CLUSTER)
    items: tuple[ItemProfile, ...] = attrs.field(validator=Items(min_items=1, max_items=18))


@attrs.frozen(kw_only=True)
class ProfileProvenance:
    """Where a profile table's grids were read from.

    Attributes:
        document: The document the grids were read from (e.g. the clustering booklet).
        version: The document's version, as it states it.
        page: The page or appendix of the grids.
        published: The document's date.
        publisher: Who published the document.
        url: Where the document can be read, when public.
        synthetic: True for made-up tables (tests, docs): never for care decisions.
    """

    document: str = attrs.field(validator=Text(min_length=1, max_length=300))
    version: str = attrs.field(validator=Text(min_length=1, max_length=50))
    page: str = attrs.field(validator=Text(min_length=1, max_length=50))
    published: date
    publisher: str | None = attrs.field(default=None, validator=Text(min_length=1, max_length=200))
    url: str | None = attrs.field(default=None, validator=Text(min_length=1, max_length=500))
    synthetic: bool = False


@attrs.frozen(kw_only=True)
class ProfileTable:
    """A Trust-supplied table of cluster rating profiles, for profile-fit decision support.

    cpa_core ships no national profile data: the grids are in the clustering booklets and a
    Trust must read them from the PDF itself.

    Attributes:
        table_id: The table's identifier.
        version: The Trust's version label for this table.
        provenance: Where the grids come from.
        profiles: One profile per cluster.
    """

    table_id: str = attrs.field(validator=_ID)
    version: str = attrs.field(validator=Text(min_length=1, max_length=50))
    provenance: ProfileProvenance
    profiles: tuple[ClusterProfile, ...] = attrs.field(validator=Items(min_items=1, max_items=22))
