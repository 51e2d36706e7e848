"""The cluster catalogue: labels, super-classes and review intervals, golden from the
reference (shared/reference/clustering.md section 7, sourced from Mental health currencies and
payment 2014/15 Table 1 and NHS England's ACC36 code), and NHS England's review arithmetic."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpa_core import statutory_time
from cpa_core.clustering import (
    CLUSTERS,
    COLLECTION,
    DOMAIN,
    MHCT_ITEMS,
    ClusterAssignment,
    ItemGroup,
    MhctItem,
    SuperClass,
    Unit,
    review_due,
)
from cpa_core.exceptions import UnknownCodeError
from cpa_core.provenance import Evidence

ON = date(2020, 1, 1)

# The reference's table, column "Max review (NHS England arithmetic)": (amount, unit) or None.
PUBLISHED_REVIEW = {
    0: (6, Unit.MONTHS),
    1: (84, Unit.DAYS),
    2: (105, Unit.DAYS),
    3: (6, Unit.MONTHS),
    4: (6, Unit.MONTHS),
    5: (6, Unit.MONTHS),
    6: (6, Unit.MONTHS),
    7: (12, Unit.MONTHS),
    8: (12, Unit.MONTHS),
    9: None,
    10: (12, Unit.MONTHS),
    11: (12, Unit.MONTHS),
    12: (12, Unit.MONTHS),
    13: (12, Unit.MONTHS),
    14: (28, Unit.DAYS),
    15: (28, Unit.DAYS),
    16: (6, Unit.MONTHS),
    17: (6, Unit.MONTHS),
    18: (12, Unit.MONTHS),
    19: (6, Unit.MONTHS),
    20: (6, Unit.MONTHS),
    21: (6, Unit.MONTHS),
}
PUBLISHED_LABEL = {
    1: "12 weeks",
    2: "15 weeks",
    14: "4 weeks",
    15: "4 weeks",
    3: "6 months",
    7: "annual",
}


@pytest.mark.parametrize("cluster", sorted(PUBLISHED_REVIEW))
def test_review_interval_matches_the_published_table(cluster: int) -> None:
    """clustering.md section 7 table; ACC36 (4.CAP_prep.py) confirms the same values."""
    row = CLUSTERS.lookup(cluster, ON)
    expected = PUBLISHED_REVIEW[cluster]
    if expected is None:
        assert row.review is None
    else:
        assert row.review is not None
        assert (row.review.amount, row.review.unit) == expected
        if cluster in PUBLISHED_LABEL:
            assert row.review.label == PUBLISHED_LABEL[cluster]


def test_catalogue_has_exactly_clusters_0_to_21() -> None:
    assert sorted(CLUSTERS.keys()) == list(range(22))
    assert [row.code for row in CLUSTERS] == [f"{n:02d}" for n in range(22)]


@pytest.mark.parametrize(
    ("clusters", "superclass"),
    [
        (range(1, 9), SuperClass.NON_PSYCHOTIC),
        (range(10, 18), SuperClass.PSYCHOSIS),
        (range(18, 22), SuperClass.ORGANIC),
        ((0,), SuperClass.VARIANCE),
        ((9,), SuperClass.NOT_TO_BE_USED),
    ],
)
def test_super_classes(clusters: range, superclass: SuperClass) -> None:
    """Data Dictionary: 01-08 non-psychotic, 10-17 psychosis, 18-21 organic; 0 and 9 apart."""
    for cluster in clusters:
        assert CLUSTERS.lookup(cluster, ON).superclass is superclass


def test_cluster_9_is_not_usable_and_the_others_are() -> None:
    """Data Dictionary: 09 "under review, should not be used"."""
    assert [row.cluster for row in CLUSTERS if not row.usable] == [9]


def test_non_psychotic_sub_groups_are_marked_unverified() -> None:
    """clustering.md section 7: the corrected 1-4 / 5-8 sub-group mapping is [U]."""
    for row in CLUSTERS:
        assert row.subgroup_verified is (row.superclass is not SuperClass.NON_PSYCHOTIC)
    assert CLUSTERS.lookup(1, ON).subgroup == "Mild, moderate or severe"
    assert CLUSTERS.lookup(5, ON).subgroup == "Very severe and complex"


def test_catalogue_rows_cite_acc36_as_a_secondary_source() -> None:
    # The review periods are stated only in NHS England's analysis code (ACC36/ACC37).
    for row in CLUSTERS:
        assert row.source.evidence is Evidence.SECONDARY
        assert "review periods" in row.source.secondary_reason
        assert "4.CAP_prep.py" in row.source.locator


def test_catalogue_starts_with_pbr_clustering() -> None:
    """PbR clustering mandated from April 2011 (SSSFT policy, clustering.md section 1)."""
    with pytest.raises(UnknownCodeError):
        CLUSTERS.lookup(3, date(2011, 3, 31))
    assert CLUSTERS.lookup(3, date(2011, 4, 1)).cluster == 3


def test_collection_stops_with_mhsds_v6() -> None:
    """NHS England DQ code excludes MHS801-MHS804 for UniqMonthID >= 1489 (April 2024)."""
    assert COLLECTION.lookup("care-clusters", date(2024, 3, 31)).collected
    assert not COLLECTION.lookup("care-clusters", date(2024, 4, 1)).collected


def _assigned(cluster: int, assessed: date | None, start: date) -> ClusterAssignment:
    return ClusterAssignment(
        assignment_id="A1",
        person_id="P1",
        cluster=cluster,
        start=start,
        assessment_date=assessed,
    )


@pytest.mark.parametrize(
    ("cluster", "assessed", "last_day"),
    [
        # ACC36: within period while AssToolCompDate + interval > period end.
        (1, date(2026, 1, 1), date(2026, 3, 25)),  # + 84 days = 26 March
        (2, date(2026, 1, 1), date(2026, 4, 15)),  # + 105 days = 16 April
        (14, date(2026, 1, 1), date(2026, 1, 28)),  # + 28 days = 29 January
        (3, date(2026, 1, 15), date(2026, 7, 14)),  # ADD_MONTHS 6 = 15 July
        (3, date(2025, 8, 31), date(2026, 2, 27)),  # ADD_MONTHS clamps to 28 February
        (11, date(2024, 2, 29), date(2025, 2, 27)),  # ADD_MONTHS 12 clamps to 28 February
        (7, date(2025, 6, 10), date(2026, 6, 9)),
    ],
)
def test_review_due_counts_like_nhs_england(cluster: int, assessed: date, last_day: date) -> None:
    assert review_due(_assigned(cluster, assessed, assessed)) == last_day


def test_review_due_without_assessment_counts_from_the_start() -> None:
    assert review_due(_assigned(14, None, date(2026, 1, 1))) == date(2026, 1, 28)


def test_cluster_9_has_no_review_due() -> None:
    assert review_due(_assigned(9, date(2019, 1, 1), date(2019, 1, 1))) is None


def test_review_due_before_the_catalogue_is_unknown() -> None:
    assert review_due(_assigned(3, date(2010, 1, 1), date(2010, 1, 1))) is None


@given(
    cluster=st.sampled_from([c for c, v in PUBLISHED_REVIEW.items() if v is not None]),
    anchor=st.dates(min_value=date(2011, 4, 1), max_value=date(2099, 12, 31)),
)
def test_review_due_is_never_before_its_anchor_and_matches_acc36(
    cluster: int, anchor: date
) -> None:
    due = review_due(_assigned(cluster, anchor, anchor))
    assert due is not None
    assert due >= anchor
    published = PUBLISHED_REVIEW[cluster]
    assert published is not None
    amount, unit = published
    end = (
        statutory_time.add_days(anchor, amount)
        if unit is Unit.DAYS
        else statutory_time.add_months(anchor, amount)
    )
    # On the day before `end` the cluster is still within its period; on `end` it is not.
    assert statutory_time.add_days(due, 1) == end


@given(
    anchor=st.dates(min_value=date(2011, 4, 1), max_value=date(2099, 12, 31)),
)
def test_longer_intervals_never_fall_due_earlier(anchor: date) -> None:
    ordered = [14, 1, 2, 3, 7]  # 28 days < 84 days < 105 days < 6 months < 12 months
    dues = [review_due(_assigned(c, anchor, anchor)) for c in ordered]
    known = [d for d in dues if d is not None]
    assert len(known) == len(ordered)
    assert known == sorted(known)


def test_mhct_items_have_both_numberings_and_subscales() -> None:
    """clustering.md section 3: 18 scales; A-E also numbered 14-18; HoNOS subscales."""
    assert len(MHCT_ITEMS) == 18
    assert [MHCT_ITEMS.lookup(i, ON).number for i in MhctItem] == list(range(1, 19))
    groups = {row.item.value: row.group for row in MHCT_ITEMS}
    assert groups["1"] is groups["3"] is ItemGroup.BEHAVIOUR
    assert groups["4"] is groups["5"] is ItemGroup.IMPAIRMENT
    assert groups["6"] is groups["8"] is ItemGroup.SYMPTOMS
    assert groups["9"] is groups["12"] is ItemGroup.SOCIAL
    assert groups["13"] is ItemGroup.CURRENT
    assert {groups[x] for x in "ABCDE"} == {ItemGroup.HISTORICAL}
    assert [row.honos for row in MHCT_ITEMS].count(True) == 12


def test_rule_tables_rows_have_sources_and_dates() -> None:
    for table in DOMAIN.rule_tables:
        assert len(table) > 0
        for row in table:
            assert row.source.title
            assert row.effective.commenced


def test_review_interval_text() -> None:
    texts = [str(CLUSTERS.lookup(c, ON).review) for c in (1, 3, 7)]
    assert texts == ["12 weeks (84 days)", "6 months", "annual (12 months)"]
