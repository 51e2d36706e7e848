"""HoNOS scoring: the total, the four subscales, completeness and change.

A rating of 9 (not known) is missing, never a score. An item left out of the record, or
recorded twice (which of the two is right cannot be told), is missing too. Totals are sums of
the valid ratings; nothing is pro-rated.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core import statutory_time
from cpa_core.clustering.models import ClusterAssessment, MhctItem, Scale
from cpa_core.clustering.rules import (
    HONOS_ITEMS,
    HONOS_SCORING,
    MHCT_ITEMS,
    RESEARCH_BANDS,
    SARN_ITEMS,
    ItemGroup,
    ResearchBandRow,
)
from cpa_core.exceptions import CpaCoreError
from cpa_core.policy import TrustPolicy

__all__ = [
    "HonosChange",
    "HonosScore",
    "ItemChange",
    "SubscaleChange",
    "SubscaleScore",
    "honos_change",
    "honos_score",
    "research_band",
    "valid_ratings",
]

_SUBSCALES = (ItemGroup.BEHAVIOUR, ItemGroup.IMPAIRMENT, ItemGroup.SYMPTOMS, ItemGroup.SOCIAL)
_DEFAULT_POLICY = TrustPolicy()


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
