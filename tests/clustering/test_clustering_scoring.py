"""HoNOS scoring on worked examples: total (0-48, 9 = missing), subscales, NHS England's
completeness rule (at least 9 of 12 items validly rated; menh_analysis 1.Main_monthly_prep.py,
AMH04) and change between two assessments."""

from __future__ import annotations

import itertools
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpa_core.clustering import (
    RESEARCH_BANDS,
    ClusterAssessment,
    ItemGroup,
    ItemRating,
    MhctItem,
    Rating,
    Scale,
    honos_change,
    honos_score,
    research_band,
)
from cpa_core.exceptions import CpaCoreError
from cpa_core.policy import TrustPolicy, policy_from_mapping

HONOS = [MhctItem(str(n)) for n in range(1, 13)]
SARN = [MhctItem.ITEM_13, *(MhctItem(x) for x in "ABCDE")]


def assessment(
    ratings: list[int],
    *,
    items: list[MhctItem] | None = None,
    scale: Scale = Scale.HONOS,
    on: date = date(2026, 1, 5),
    person: str = "P1",
) -> ClusterAssessment:
    return ClusterAssessment(
        assessment_id=f"A-{on.isoformat()}",
        person_id=person,
        staff_id="S1",
        assessed_on=on,
        scale=scale,
        ratings=tuple(
            ItemRating(item=i, rating=Rating(r))
            for i, r in zip(items or HONOS, ratings, strict=True)
        ),
    )


def test_all_twelve_rated() -> None:
    score = honos_score(assessment([1, 0, 2, 0, 1, 3, 2, 1, 2, 2, 0, 1]))
    assert score.total == 15
    assert score.complete
    assert score.recorded
    assert score.valid_items == 12
    assert score.missing_items == ()
    assert [(s.group, s.total) for s in score.subscales] == [
        (ItemGroup.BEHAVIOUR, 3),
        (ItemGroup.IMPAIRMENT, 1),
        (ItemGroup.SYMPTOMS, 6),
        (ItemGroup.SOCIAL, 5),
    ]


def test_maximum_total_is_48() -> None:
    """AIHW METeOR 575161: total range 0-48."""
    assert honos_score(assessment([4] * 12)).total == 48
    assert honos_score(assessment([0] * 12)).total == 0


def test_three_items_rated_9_still_complete_and_9_is_not_a_score() -> None:
    """At most 3 missing/9: the total sums the nine valid ratings only."""
    score = honos_score(assessment([9, 2, 2, 9, 2, 2, 2, 2, 9, 2, 2, 2]))
    assert score.complete
    assert score.valid_items == 9
    assert score.total == 18
    assert score.missing_items == (MhctItem.ITEM_1, MhctItem.ITEM_4, MhctItem.ITEM_9)
    assert score.subscale(ItemGroup.BEHAVIOUR).total == 4
    assert score.subscale(ItemGroup.BEHAVIOUR).valid_items == 2
    assert not score.subscale(ItemGroup.BEHAVIOUR).complete


def test_four_items_rated_9_is_not_a_valid_total() -> None:
    """More than 3 missing: the total is not valid (NHS England 'HoNOS recorded' rule)."""
    score = honos_score(assessment([9, 2, 2, 9, 2, 2, 9, 2, 9, 2, 2, 2]))
    assert not score.complete
    assert not score.recorded
    assert score.total is None
    assert score.sum_of_valid == 16
    assert score.valid_items == 8


def test_absent_items_are_missing_like_9() -> None:
    score = honos_score(assessment([1] * 9, items=HONOS[:9]))
    assert score.complete
    assert score.total == 9
    assert score.missing_items == tuple(HONOS[9:])
    assert not honos_score(assessment([1] * 8, items=HONOS[:8])).complete


def test_an_item_rated_twice_is_missing() -> None:
    items = [*HONOS, MhctItem.ITEM_1]
    score = honos_score(assessment([1] * 12 + [3], items=items))
    assert MhctItem.ITEM_1 in score.missing_items
    assert score.total == 11


def test_sarn_complete_counts_as_recorded_for_the_mhct() -> None:
    """NHS England: >= 9 of 12 HoNOS items, or all 6 SARN items."""
    record = assessment([1] * 6, items=SARN, scale=Scale.MHCT)
    score = honos_score(record)
    assert not score.complete
    assert score.sarn_complete
    assert score.recorded
    honos_only = assessment([1] * 6, items=SARN, scale=Scale.HONOS)
    assert not honos_score(honos_only).sarn_complete


def test_subscale_of_a_non_subscale_group_is_refused() -> None:
    with pytest.raises(CpaCoreError):
        honos_score(assessment([0] * 12)).subscale(ItemGroup.HISTORICAL)


def test_research_banding_is_off_by_default() -> None:
    assert honos_score(assessment([2] * 12)).research_band is None


def test_research_banding_when_turned_on() -> None:
    """ANZJP 2020 research banding (not an NHS standard): 17-25 marked."""
    policy = policy_from_mapping({"clustering": {"research_banding": True}})
    band = honos_score(assessment([2] * 12), policy=policy).research_band
    assert band is not None
    assert band.band == "marked"
    assert "not an NHS standard" in band.source.title
    incomplete = assessment([9] * 4 + [2] * 8)
    assert honos_score(incomplete, policy=policy).research_band is None


@pytest.mark.parametrize(
    ("total", "band"),
    [(0, None), (2, None), (3, "borderline"), (5, "borderline"), (6, "mild"), (10, "mild"),
     (11, "moderate"), (16, "moderate"), (17, "marked"), (25, "marked"), (26, "severe"),
     (35, "severe"), (36, "extreme"), (48, "extreme")],
)  # fmt: skip
def test_research_bands(total: int, band: str | None) -> None:
    row = research_band(total, date(2026, 1, 1))
    assert (row.band if row else None) == band


def test_research_bands_cover_3_to_48_without_gaps() -> None:
    rows = sorted(RESEARCH_BANDS, key=lambda r: r.low)
    assert rows[0].low == 3
    assert rows[-1].high == 48
    for a, b in itertools.pairwise(rows):
        assert b.low == a.high + 1


def test_change_between_two_assessments() -> None:
    first = assessment([2] * 12, on=date(2026, 1, 5))
    second = assessment([1] * 11 + [9], on=date(2026, 4, 5))
    change = honos_change(first, second)
    assert change.total_change == 11 - 24
    assert change.days == 90
    social = next(s for s in change.subscales if s.group is ItemGroup.SOCIAL)
    assert social.change is None  # item 12 is 9 in the later assessment
    behaviour = next(s for s in change.subscales if s.group is ItemGroup.BEHAVIOUR)
    assert behaviour.change == -3
    assert len(change.items) == 11
    assert {c.change for c in change.items} == {-1}


def test_change_with_an_incomplete_total_has_no_total_change() -> None:
    first = assessment([9] * 4 + [2] * 8, on=date(2026, 1, 5))
    second = assessment([1] * 12, on=date(2026, 2, 5))
    assert honos_change(first, second).total_change is None


def test_mhct_and_honos_compare_but_not_with_honos_65() -> None:
    first = assessment([2] * 12, scale=Scale.MHCT)
    second = assessment([1] * 12, scale=Scale.HONOS, on=date(2026, 2, 1))
    assert honos_change(first, second).total_change == -12
    older = assessment([1] * 12, scale=Scale.HONOS_65, on=date(2026, 2, 1))
    with pytest.raises(CpaCoreError, match="65"):
        honos_change(first, older)


def test_change_refuses_other_people_and_reversed_dates() -> None:
    first = assessment([2] * 12)
    with pytest.raises(CpaCoreError, match="different people"):
        honos_change(first, assessment([1] * 12, person="P2"))
    with pytest.raises(CpaCoreError, match="before"):
        honos_change(first, assessment([1] * 12, on=date(2025, 1, 1)))


RATINGS = st.sampled_from(list(Rating))


@given(st.lists(RATINGS, min_size=12, max_size=12))
def test_total_is_the_sum_of_scores_and_9_never_counts(ratings: list[Rating]) -> None:
    score = honos_score(assessment([int(r) for r in ratings]))
    scores = [int(r) for r in ratings if r is not Rating.NOT_KNOWN]
    assert score.valid_items == len(scores)
    assert score.sum_of_valid == sum(scores)
    assert score.complete is (len(scores) >= 9)
    assert score.total == (sum(scores) if len(scores) >= 9 else None)
    assert 0 <= score.sum_of_valid <= 48
    assert sum(s.total for s in score.subscales) == score.sum_of_valid


@given(st.lists(RATINGS, min_size=12, max_size=12), st.integers(0, 11))
def test_replacing_a_score_by_9_never_raises_the_sum(ratings: list[Rating], index: int) -> None:
    before = honos_score(assessment([int(r) for r in ratings]))
    changed = [int(r) for r in ratings]
    changed[index] = 9
    after = honos_score(assessment(changed))
    assert after.sum_of_valid <= before.sum_of_valid
    assert after.valid_items <= before.valid_items


def test_default_policy_is_used_when_none_given() -> None:
    record = assessment([2] * 12)
    assert honos_score(record) == honos_score(record, policy=TrustPolicy())
