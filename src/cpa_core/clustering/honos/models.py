"""Records of the HoNOS and MHCT assessments: the items, their ratings, and the assessment.

Only codes and structure live here. The RCPsych glossary wording of the HoNOS and MHCT items
(their rating anchors) is proprietary and is not reproduced anywhere in cpa_core.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Text

__all__ = [
    "ClusterAssessment",
    "ItemRating",
    "MhctItem",
    "ProblemType",
    "Rating",
    "RatingPeriod",
    "Scale",
]


class MhctItem(enum.Enum):
    """An item (scale) of the Mental Health Clustering Tool, by its canonical code.

    Items 1 to 12 are the HoNOS items, 13 is the MHCT's added current item, and A to E are
    the historical items (the Summary Assessment of Risk and Need), which some sources
    number 14 to 18; see :func:`cpa_core.clustering.mhct_item` for reading either form.
    """

    ITEM_1 = "1"
    """Overactive, aggressive, disruptive or agitated behaviour (HoNOS item 1)."""
    ITEM_2 = "2"
    """Non-accidental self-injury (HoNOS item 2)."""
    ITEM_3 = "3"
    """Problem drinking or drug-taking (HoNOS item 3)."""
    ITEM_4 = "4"
    """Cognitive problems (HoNOS item 4)."""
    ITEM_5 = "5"
    """Physical illness or disability problems (HoNOS item 5)."""
    ITEM_6 = "6"
    """Hallucinations and delusions (HoNOS item 6)."""
    ITEM_7 = "7"
    """Depressed mood (HoNOS item 7)."""
    ITEM_8 = "8"
    """Other mental and behavioural problems, with a type letter (ProblemType) (HoNOS item 8)."""
    ITEM_9 = "9"
    """Relationships (HoNOS item 9)."""
    ITEM_10 = "10"
    """Activities of daily living (HoNOS item 10)."""
    ITEM_11 = "11"
    """Living conditions (HoNOS item 11)."""
    ITEM_12 = "12"
    """Occupation and activities (HoNOS item 12)."""
    ITEM_13 = "13"
    """Strong unreasonable beliefs (MHCT item 13, rated on the current period)."""
    ITEM_A = "A"
    """Agitated behaviour / expansive mood (Historical item A (also numbered 14))."""
    ITEM_B = "B"
    """Repeat self-harm (Historical item B (also numbered 15))."""
    ITEM_C = "C"
    """Safeguarding other children and vulnerable dependant
    adults (Historical item C (also numbered 16))."""
    ITEM_D = "D"
    """Engagement (Historical item D (also numbered 17))."""
    ITEM_E = "E"
    """Vulnerability (Historical item E (also numbered 18))."""


class Rating(enum.IntEnum):
    """A rating of one item: 0 to 4, or 9 for "not known".

    9 is never a score: it counts as a missing rating in every total and completeness rule.
    """

    NO_PROBLEM = 0
    """No problem (0)."""
    MINOR = 1
    """Minor problem requiring no formal action (1)."""
    MILD = 2
    """Mild problem but definitely present (2)."""
    MODERATELY_SEVERE = 3
    """Moderately severe problem (3)."""
    SEVERE = 4
    """Severe to very severe problem (4)."""
    NOT_KNOWN = 9
    """Not known or not applicable; never a score, counted as a missing rating (9)."""

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
    """Phobic (type A)."""
    ANXIETY = "B"
    """Anxiety (type B)."""
    OBSESSIVE_COMPULSIVE = "C"
    """Obsessive-compulsive (type C)."""
    STRESS = "D"
    """Stress (mental strain or tension) (type D)."""
    DISSOCIATIVE = "E"
    """Dissociative (type E)."""
    SOMATOFORM = "F"
    """Somatoform (type F)."""
    EATING = "G"
    """Eating (type G)."""
    SLEEP = "H"
    """Sleep (type H)."""
    SEXUAL = "I"
    """Sexual (type I)."""
    OTHER = "J"
    """Other (specified in free text, which is not kept here) (type J)."""


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
