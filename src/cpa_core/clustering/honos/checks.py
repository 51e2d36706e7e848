"""The HoNOS and MHCT checks and scoring.

An assessment's own consistency (items rated twice, MHCT-only items on a HoNOS record, item
8's problem type, completeness), and HoNOS scoring: the total, the four subscales,
completeness and change. A rating of 9 (not known) is missing, never a score. An item left
out of the record, or recorded twice (which of the two is right cannot be told), is missing
too. Totals are sums of the valid ratings; nothing is pro-rated.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from datetime import date

import attrs

from cpa_core import statutory_time
from cpa_core.clustering.honos.models import (
    ClusterAssessment,
    MhctItem,
    ProblemType,
    Rating,
    Scale,
)
from cpa_core.clustering.honos.rules import (
    DD_HONOS_SCORE,
    HONOS_ITEMS,
    HONOS_RECORDED,
    HONOS_SCORING,
    MHCT_ITEMS,
    MHCT_SCALES,
    RESEARCH_BANDS,
    SARN_ITEMS,
    ItemGroup,
    ResearchBandRow,
)
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
from cpa_core.policy.clustering import ITEM_8_TYPE
from cpa_core.records import RecordKind

__all__ = [
    "CLUSTER_ASSESSMENT",
    "HONOS_INCOMPLETE",
    "HONOS_ITEM_8_DESCRIPTION_MISSING",
    "HONOS_ITEM_8_TYPE_MISSING",
    "HONOS_ITEM_DUPLICATE",
    "HONOS_ITEM_NOT_IN_SCALE",
    "HONOS_NOT_KNOWN",
    "MHCT_INCOMPLETE",
    "HonosChange",
    "HonosScore",
    "ItemChange",
    "SubscaleChange",
    "SubscaleScore",
    "assessment_rules",
    "honos_change",
    "honos_score",
    "research_band",
    "valid_ratings",
]

_SUBSCALES = (ItemGroup.BEHAVIOUR, ItemGroup.IMPAIRMENT, ItemGroup.SYMPTOMS, ItemGroup.SOCIAL)
_DEFAULT_POLICY = TrustPolicy()

# --- finding codes ---------------------------------------------------------------------

HONOS_ITEM_DUPLICATE = FindingCode(
    "HONOS-ITEM-DUPLICATE",
    Severity.ERROR,
    "An item is rated more than once in one assessment; neither rating is used.",
)
HONOS_ITEM_NOT_IN_SCALE = FindingCode(
    "HONOS-ITEM-NOT-IN-SCALE",
    Severity.ERROR,
    "A HoNOS or HoNOS 65+ assessment rates an item that only the MHCT has (13 or A-E).",
    source=DD_HONOS_SCORE,
)
HONOS_ITEM_8_TYPE_MISSING = FindingCode(
    "HONOS-ITEM8-TYPE-MISSING",
    Severity.WARNING,
    "Item 8 is rated above 0 but its problem type (A-J) is not recorded.",
    source=ITEM_8_TYPE,
)
HONOS_ITEM_8_DESCRIPTION_MISSING = FindingCode(
    "HONOS-ITEM8-DESCRIPTION-MISSING",
    Severity.WARNING,
    "Item 8's problem type is J (other) but the problem is not described.",
    source=ITEM_8_TYPE,
)
HONOS_INCOMPLETE = FindingCode(
    "HONOS-INCOMPLETE",
    Severity.WARNING,
    "Fewer than 9 of HoNOS items 1-12 carry a valid 0-4 rating, so the total is not valid "
    "(NHS England's 'HoNOS recorded' rule).",
    source=HONOS_RECORDED,
)
HONOS_NOT_KNOWN = FindingCode(
    "HONOS-NOT-KNOWN",
    Severity.INFO,
    "Items are rated 9 (not known); they count as missing, never as a score.",
    source=DD_HONOS_SCORE,
)
MHCT_INCOMPLETE = FindingCode(
    "CLUSTER-MHCT-INCOMPLETE",
    Severity.WARNING,
    "An MHCT assessment leaves some of its 18 scales unrated (absent or 9).",
    source=MHCT_SCALES,
)

FINDING_CODES: tuple[FindingCode, ...] = (
    HONOS_ITEM_DUPLICATE,
    HONOS_ITEM_NOT_IN_SCALE,
    HONOS_ITEM_8_TYPE_MISSING,
    HONOS_ITEM_8_DESCRIPTION_MISSING,
    HONOS_INCOMPLETE,
    HONOS_NOT_KNOWN,
    MHCT_INCOMPLETE,
)
"""The finding codes of assessments."""

_MHCT_ONLY = frozenset(SARN_ITEMS)


# --- assessments -----------------------------------------------------------------------


def _rating_path(record: ClusterAssessment, item: MhctItem) -> str:
    # Called only for items the record rates, so the first match always exists.
    index = next(i for i, rated in enumerate(record.ratings) if rated.item is item)
    return f"$.ratings[{index}]"


def assessment_rules(record: ClusterAssessment, policy: TrustPolicy) -> Iterator[Finding]:
    """The consistency rules of one assessment (independent of the date)."""
    subject = record.assessment_id
    counts = Counter(r.item for r in record.ratings)
    for item, n in counts.items():
        if n > 1:
            yield HONOS_ITEM_DUPLICATE.finding(
                f"item {item.value} is rated {n} times",
                path=_rating_path(record, item),
                subject_id=subject,
            )
    if record.scale is not Scale.MHCT:
        for item in sorted(_MHCT_ONLY & counts.keys(), key=lambda i: list(MhctItem).index(i)):
            yield HONOS_ITEM_NOT_IN_SCALE.finding(
                f"item {item.value} is not an item of {record.scale.value}",
                path=_rating_path(record, item),
                subject_id=subject,
            )
    yield from _item_8(record, policy)
    not_known = [r.item.value for r in record.ratings if r.rating is Rating.NOT_KNOWN]
    if not_known:
        yield HONOS_NOT_KNOWN.finding(
            f"items rated 9 (not known), counted as missing: {', '.join(not_known)}",
            path="$.ratings",
            subject_id=subject,
        )
    score = honos_score(record, policy=policy)
    if not score.complete:
        yield HONOS_INCOMPLETE.finding(
            f"{score.valid_items} of {len(HONOS_ITEMS)} HoNOS items validly rated: "
            "the total is not valid",
            path="$.ratings",
            subject_id=subject,
        )
    if record.scale is Scale.MHCT:
        unrated = [
            row.item.value
            for row in MHCT_ITEMS
            if (rating := record.rating_of(row.item)) is None or not rating.is_score
        ]
        if unrated:
            yield MHCT_INCOMPLETE.finding(
                f"MHCT scales without a valid rating: {', '.join(unrated)}",
                path="$.ratings",
                subject_id=subject,
            )


def _item_8(record: ClusterAssessment, policy: TrustPolicy) -> Iterator[Finding]:
    if not policy.clustering.require_item_8_type:
        return
    rating = record.rating_of(MhctItem.ITEM_8)
    rated_above_0 = rating is not None and rating.is_score and rating > Rating.NO_PROBLEM
    if rated_above_0 and record.item_8_type is None:
        yield HONOS_ITEM_8_TYPE_MISSING.finding(
            "item 8 is rated above 0 without its problem type (A-J)",
            path="$.item_8_type",
            subject_id=record.assessment_id,
        )
    if record.item_8_type is ProblemType.OTHER and record.item_8_description is None:
        yield HONOS_ITEM_8_DESCRIPTION_MISSING.finding(
            "item 8 type J (other) has no description",
            path="$.item_8_description",
            subject_id=record.assessment_id,
        )


# --- scoring ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class SubscaleScore:
    """The score of one HoNOS subscale.

    Attributes:
        group: The subscale (behaviour, impairment, symptoms or social).
        total: The sum of the subscale's valid ratings.
        valid_items: How many of its items carry a valid 0-4 rating.
        items: How many items the subscale has.
    """

    group: ItemGroup
    total: int
    valid_items: int
    items: int

    @property
    def complete(self) -> bool:
        """Whether every item of the subscale is validly rated."""
        return self.valid_items == self.items


@attrs.frozen(kw_only=True)
class HonosScore:
    """The HoNOS score of one assessment.

    Attributes:
        total: The sum of the valid ratings of items 1-12 (0-48), or none when fewer items
            are validly rated than NHS England's completeness rule needs.
        sum_of_valid: The sum of the valid ratings of items 1-12, whether or not complete.
        valid_items: How many of items 1-12 carry a valid 0-4 rating.
        missing_items: Items 1-12 that are absent, rated 9 or recorded twice.
        complete: Whether enough items are validly rated for the total to be valid.
        sarn_complete: Whether item 13 and A-E are all validly rated (MHCT only).
        subscales: The four subscales, in order.
        research_band: The research band of the total (ANZJP 2020, not an NHS standard), only
            when the Trust policy turns research banding on.
    """

    total: int | None
    sum_of_valid: int
    valid_items: int
    missing_items: tuple[MhctItem, ...]
    complete: bool
    sarn_complete: bool
    subscales: tuple[SubscaleScore, ...]
    research_band: ResearchBandRow | None = None

    @property
    def recorded(self) -> bool:
        """NHS England's "HoNOS recorded": enough valid items, or every SARN scale rated."""
        return self.complete or self.sarn_complete

    def subscale(self, group: ItemGroup) -> SubscaleScore:
        """The score of one subscale.

        Raises:
            CpaCoreError: ``group`` is not a HoNOS subscale.
        """
        for sub in self.subscales:
            if sub.group is group:
                return sub
        raise CpaCoreError(f"{group.value} is not a HoNOS subscale")


def valid_ratings(assessment: ClusterAssessment) -> dict[MhctItem, int]:
    """Every item with exactly one rating from 0 to 4, and that rating."""
    out: dict[MhctItem, int] = {}
    for item in MhctItem:
        rating = assessment.rating_of(item)
        if rating is not None and rating.is_score:
            out[item] = int(rating)
    return out


def research_band(total: int, on: date) -> ResearchBandRow | None:
    """The research band (ANZJP 2020, not an NHS standard) of a HoNOS total on a date.

    Totals below the lowest band (0-2) have no band.
    """
    for row in RESEARCH_BANDS.in_force(on):
        if row.low <= total <= row.high:
            return row
    return None


def honos_score(assessment: ClusterAssessment, *, policy: TrustPolicy | None = None) -> HonosScore:
    """Score items 1-12 of an assessment by NHS England's rule.

    The total is valid when at least ``min_valid_items`` (9) of the 12 items carry a
    valid 0-4 rating; 9 (not known) counts as missing.

    Args:
        assessment: The assessment (MHCT, HoNOS or HoNOS 65+).
        policy: The Trust's policy; research banding is added only when it is turned on.
    """
    policy = policy or _DEFAULT_POLICY
    # HoNOS predates the clustering era: an older assessment is scored by the earliest row.
    rule = HONOS_SCORING.find("honos-total", assessment.assessed_on) or min(
        HONOS_SCORING.versions("honos-total"), key=lambda row: row.effective.start or date.max
    )
    valid = valid_ratings(assessment)
    honos = {item: valid[item] for item in HONOS_ITEMS if item in valid}
    missing = tuple(item for item in HONOS_ITEMS if item not in honos)
    subscales = []
    for group in _SUBSCALES:
        members = [row.item for row in MHCT_ITEMS if row.group is group]
        rated = [honos[item] for item in members if item in honos]
        subscales.append(
            SubscaleScore(group=group, total=sum(rated), valid_items=len(rated), items=len(members))
        )
    complete = len(honos) >= rule.min_valid_items
    total = sum(honos.values()) if complete else None
    sarn_complete = assessment.scale is Scale.MHCT and all(item in valid for item in SARN_ITEMS)
    band = None
    if total is not None and policy.clustering.research_banding:
        band = research_band(total, assessment.assessed_on)
    return HonosScore(
        total=total,
        sum_of_valid=sum(honos.values()),
        valid_items=len(honos),
        missing_items=missing,
        complete=complete,
        sarn_complete=sarn_complete,
        subscales=tuple(subscales),
        research_band=band,
    )


@attrs.frozen(kw_only=True)
class ItemChange:
    """The change in one item between two assessments.

    Attributes:
        item: The item.
        earlier: Its earlier rating.
        later: Its later rating.
    """

    item: MhctItem
    earlier: int
    later: int

    @property
    def change(self) -> int:
        """Later minus earlier: negative is fewer problems."""
        return self.later - self.earlier


@attrs.frozen(kw_only=True)
class SubscaleChange:
    """The change in one subscale, when both assessments rate all its items.

    Attributes:
        group: The subscale.
        change: Later total minus earlier total, or none when either is incomplete.
    """

    group: ItemGroup
    change: int | None


@attrs.frozen(kw_only=True)
class HonosChange:
    """The change in HoNOS between two assessments of one person.

    Attributes:
        earlier: The earlier score.
        later: The later score.
        total_change: Later total minus earlier total (negative is fewer problems), or none
            when either total is not valid.
        subscales: The change in each subscale.
        items: The change in each of items 1-12 validly rated in both.
        days: Days from the earlier assessment to the later.
    """

    earlier: HonosScore
    later: HonosScore
    total_change: int | None
    subscales: tuple[SubscaleChange, ...]
    items: tuple[ItemChange, ...]
    days: int


def _family(scale: Scale) -> str:
    # The MHCT embeds the working-age HoNOS items; HoNOS 65+ is a different variant.
    return "older" if scale is Scale.HONOS_65 else "working-age"


def honos_change(
    earlier: ClusterAssessment,
    later: ClusterAssessment,
    *,
    policy: TrustPolicy | None = None,
) -> HonosChange:
    """The change in HoNOS from ``earlier`` to ``later``.

    Raises:
        CpaCoreError: The assessments are of different people, of different HoNOS variants
            (HoNOS 65+ against working-age HoNOS), or ``later`` is dated before ``earlier``.
    """
    if earlier.person_id != later.person_id:
        raise CpaCoreError("HoNOS change: the assessments are of different people")
    if _family(earlier.scale) != _family(later.scale):
        raise CpaCoreError("HoNOS change: HoNOS 65+ cannot be compared with working-age HoNOS")
    if later.assessed_on < earlier.assessed_on:
        raise CpaCoreError("HoNOS change: the later assessment is dated before the earlier")
    first = honos_score(earlier, policy=policy)
    second = honos_score(later, policy=policy)
    total = (
        second.total - first.total if first.total is not None and second.total is not None else None
    )
    subscales = tuple(
        SubscaleChange(
            group=a.group,
            change=b.total - a.total if a.complete and b.complete else None,
        )
        for a, b in zip(first.subscales, second.subscales, strict=True)
    )
    before, after = valid_ratings(earlier), valid_ratings(later)
    items = tuple(
        ItemChange(item=item, earlier=before[item], later=after[item])
        for item in HONOS_ITEMS
        if item in before and item in after
    )
    return HonosChange(
        earlier=first,
        later=second,
        total_change=total,
        subscales=subscales,
        items=items,
        days=statutory_time.days_between(earlier.assessed_on, later.assessed_on),
    )


CLUSTER_ASSESSMENT: RecordKind[ClusterAssessment] = RecordKind(
    name="cluster-assessment",
    domain="clustering",
    model=ClusterAssessment,
    description="An MHCT, HoNOS or HoNOS 65+ assessment: item ratings for one person on one day.",
    rules=assessment_rules,
)
