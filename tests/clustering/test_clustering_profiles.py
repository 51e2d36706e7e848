"""Profile-fit decision support over a Trust-supplied profile table.

The national grids are NOT available (clustering.md section 9), so every test uses the
shipped synthetic table or a table built here; none encodes a real cluster profile."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpa_core.clustering import (
    ClusterAssessment,
    FitOutcome,
    ItemRating,
    MhctItem,
    ProfileTable,
    Rating,
    Scale,
    fit_profiles,
    load_profile_table,
    profile_table_from_mapping,
    synthetic_profile_table,
)
from cpa_core.convert import unstructure
from cpa_core.exceptions import CpaCoreError, InvalidRecordError

TABLE = synthetic_profile_table()


def assessment(ratings: dict[str, int]) -> ClusterAssessment:
    return ClusterAssessment(
        assessment_id="A1",
        person_id="P1",
        staff_id="S1",
        assessed_on=date(2026, 1, 5),
        scale=Scale.MHCT,
        ratings=tuple(ItemRating(item=MhctItem(k), rating=Rating(v)) for k, v in ratings.items()),
    )


def test_synthetic_table_is_marked_synthetic() -> None:
    assert TABLE.provenance.synthetic
    assert "SYNTHETIC" in TABLE.provenance.document
    assert fit_profiles(assessment({}), TABLE).synthetic


def test_must_rule_broken_excludes_the_cluster_with_its_reason() -> None:
    # Synthetic cluster 1: item 1 must be 0 or 1. Rated 3, it breaks the must rule.
    fit = fit_profiles(assessment({"1": 3, "4": 2, "6": 3}), TABLE)
    excluded = {c.cluster: c for c in fit.excluded}
    assert 1 in excluded
    assert "item 1 rated 3: must-broken" in excluded[1].reasons
    assert all(not c.breaks_must_rule for c in fit.candidates)


def test_best_fit_first() -> None:
    # Item 1 rated 1 meets cluster 3's must (1-2) and cluster 1's must (0-1); item 7 rated 3
    # is expected for synthetic cluster 3, and item 2 rated 3 is unlikely for cluster 1.
    fit = fit_profiles(assessment({"1": 1, "2": 3, "7": 3, "4": 0}), TABLE)
    assert fit.candidates[0].cluster == 3
    first = fit.candidates[0]
    assert first.count(FitOutcome.MUST_MET) == 1
    assert first.count(FitOutcome.EXPECTED) == 1
    assert fit.ranking[: len(fit.candidates)] == fit.candidates


def test_unrated_must_item_is_unconfirmed_not_broken() -> None:
    fit = fit_profiles(assessment({"4": 9}), TABLE)
    cluster_18 = next(c for c in fit.ranking if c.cluster == 18)
    assert not cluster_18.breaks_must_rule
    assert cluster_18.fits[0].outcome is FitOutcome.MUST_UNRATED
    assert cluster_18.fits[0].reason == "item 4 not rated: must-unrated"
    # An item without must cells and no rating is simply unrated.
    cluster_11 = next(c for c in fit.ranking if c.cluster == 11)
    assert cluster_11.fits[0].outcome is FitOutcome.UNRATED


RATING = st.sampled_from([0, 1, 2, 3, 4, 9])
ITEM = st.sampled_from([i.value for i in MhctItem])


@given(st.dictionaries(ITEM, RATING, max_size=18))
def test_a_broken_must_rule_is_never_ranked_first(ratings: dict[str, int]) -> None:
    """Done when: with the synthetic table, an assessment breaking a must rule is never
    ranked first, and every ranking carries its reasons."""
    fit = fit_profiles(assessment(ratings), TABLE)
    if fit.candidates:
        assert not fit.candidates[0].breaks_must_rule
        assert fit.ranking[0] is fit.candidates[0]
    assert all(c.breaks_must_rule for c in fit.excluded)
    assert {c.cluster for c in fit.ranking} == {p.cluster for p in TABLE.profiles}
    for candidate in fit.ranking:
        profile = next(p for p in TABLE.profiles if p.cluster == candidate.cluster)
        assert len(candidate.reasons) == len(profile.items) > 0
        assert [f.item for f in candidate.fits] == [row.item for row in profile.items]
    keys = [c.rank_key() for c in fit.candidates]
    assert keys == sorted(keys)


def _table_data() -> dict[str, Any]:
    data = unstructure(TABLE)
    assert isinstance(data, dict)
    return data


def test_table_round_trips_through_json_and_toml(tmp_path: Path) -> None:
    data = _table_data()
    path = tmp_path / "t.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    assert load_profile_table(path) == TABLE
    toml = tmp_path / "t.toml"
    toml.write_text(
        "\n".join(
            [
                'table_id = "trust-x"',
                'version = "1"',
                "[provenance]",
                'document = "Clustering booklet"',
                'version = "5.0"',
                'page = "App. 3"',
                "published = 2016-04-01",
                "[[profiles]]",
                "cluster = 3",
                "[[profiles.items]]",
                'item = "7"',
                'grid = ["may", "may", "expected", "expected", "may"]',
            ]
        ),
        encoding="utf-8",
    )
    table = load_profile_table(toml)
    assert isinstance(table, ProfileTable)
    assert table.provenance.published == date(2016, 4, 1)
    assert not table.provenance.synthetic


def test_schema_problems_are_all_reported() -> None:
    data = _table_data()
    data["profiles"][0]["items"][0]["grid"] = ["must"] * 4
    data["profiles"][1]["cluster"] = 22
    del data["provenance"]["page"]
    with pytest.raises(InvalidRecordError) as info:
        profile_table_from_mapping(data)
    paths = {p.path for p in info.value.problems}
    assert paths == {
        "$.profiles[0].items[0].grid",
        "$.profiles[1].cluster",
        "$.provenance.page",
    }


def test_consistency_errors_are_refused() -> None:
    data = _table_data()
    data["profiles"].append(dict(data["profiles"][0]))
    data["profiles"][1]["items"].append(data["profiles"][1]["items"][0])
    data["profiles"].append({"cluster": 9, "items": data["profiles"][0]["items"][:1]})
    with pytest.raises(InvalidRecordError) as info:
        profile_table_from_mapping(data)
    messages = [p.message for p in info.value.problems]
    assert "cluster 1 is profiled more than once" in messages
    assert "cluster 9 should not be used" in messages
    assert any("has more than one row" in m for m in messages)


@pytest.mark.parametrize(
    ("name", "content", "match"),
    [
        ("t.yaml", "x", "must be .toml or .json"),
        ("t.json", "{", "not valid JSON"),
        ("t.toml", "= =", "not valid TOML"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str, match: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(CpaCoreError, match=match):
        load_profile_table(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CpaCoreError, match="cannot read"):
        load_profile_table(tmp_path / "absent.json")
