"""Data-set vocabulary: Data Dictionary cluster codes, MHCT item aliases and the SNOMED CT
concepts MHSDS uses (clustering.md sections 3, 6 and 7)."""

from __future__ import annotations

from datetime import date

import pytest

from cpa_core.clustering import (
    HONOS_SNOMED,
    ClusterAssessment,
    MhctItem,
    Scale,
    cluster_from_code,
    cluster_to_code,
    honos_score,
    item_for_snomed,
    mhct_item,
    snomed_for,
)
from cpa_core.exceptions import PolicyError, UnknownCodeError
from cpa_core.policy import policy_from_mapping
from cpa_core.provenance import Evidence

ON = date(2023, 1, 1)


@pytest.mark.parametrize(
    ("code", "cluster"),
    [("0", 0), ("00", 0), ("3", 3), ("03", 3), ("21", 21), (" 11 ", 11)],
)
def test_cluster_codes_one_or_two_digits(code: str, cluster: int) -> None:
    """MHS803 AMHCareClustCodeFin accepts '0'/'00' ... '21' (NHS England DQ code)."""
    assert cluster_from_code(code) == cluster


@pytest.mark.parametrize("code", ["22", "-1", "3a", "", "003", "\u0663"])
def test_unknown_cluster_codes(code: str) -> None:
    with pytest.raises(UnknownCodeError):
        cluster_from_code(code)


def test_cluster_codes_export_zero_padded() -> None:
    assert [cluster_to_code(n) for n in (0, 9, 21)] == ["00", "09", "21"]
    with pytest.raises(UnknownCodeError):
        cluster_to_code(22)


def test_mhct_item_reads_both_numberings() -> None:
    """Booklets from MHCT v3 label the historical items A-E; others number them 14-18."""
    assert mhct_item("7") is MhctItem.ITEM_7
    assert mhct_item("07") is MhctItem.ITEM_7
    assert mhct_item("a") is MhctItem.ITEM_A
    assert [mhct_item(str(n)) for n in range(14, 19)] == [MhctItem(x) for x in "ABCDE"]


def test_mhct_item_number_pairing_is_a_policy_choice() -> None:
    """The exact 14-A ... 18-E pairing is [U]: a Trust may set its own."""
    policy = policy_from_mapping({"clustering": {"historical_item_numbers": list("EDCBA")}})
    assert mhct_item("14", policy=policy) is MhctItem.ITEM_E
    with pytest.raises(PolicyError):
        policy_from_mapping({"clustering": {"historical_item_numbers": list("AABCD")}})
    with pytest.raises(PolicyError):
        policy_from_mapping({"clustering": {"historical_item_numbers": list("ABCDF")}})


@pytest.mark.parametrize("code", ["0", "19", "F", "item 1", ""])
def test_unknown_items(code: str) -> None:
    with pytest.raises(UnknownCodeError):
        mhct_item(code)


@pytest.mark.parametrize(
    ("item", "code"),
    [("1", "979641000000103"), ("7", "979701000000108"), ("12", "979751000000109")],
)
def test_honos_snomed(item: str, code: str) -> None:
    """clustering.md section 6, from NHS England's mental-health-monthly-statistics."""
    assert snomed_for(Scale.HONOS, MhctItem(item), ON) == code
    assert snomed_for(Scale.MHCT, MhctItem(item), ON) == code
    row = item_for_snomed(code, ON)
    assert (row.scale, row.item) == (Scale.HONOS, MhctItem(item))
    # NHS England's analysis code is where the codes are listed: a secondary source.
    assert row.source.evidence is Evidence.SECONDARY


def test_honos_65_snomed_range() -> None:
    """clustering.md section 6: HoNOS 65+ items 1-12 are 980761000000107 ... 980871000000105."""
    assert snomed_for(Scale.HONOS_65, MhctItem.ITEM_1, ON) == "980761000000107"
    assert snomed_for(Scale.HONOS_65, MhctItem.ITEM_12, ON) == "980871000000105"


def test_sarn_concepts_have_no_item() -> None:
    """Which SARN concept is which item is [U]: ETL can recognise them but not map them."""
    sarn = [row for row in HONOS_SNOMED if row.scale is Scale.MHCT]
    assert len(sarn) == 6
    assert {row.item for row in sarn} == {None}
    assert item_for_snomed("985071000000105", ON).item is None
    with pytest.raises(UnknownCodeError):
        snomed_for(Scale.MHCT, MhctItem.ITEM_A, ON)


def test_unknown_snomed() -> None:
    with pytest.raises(UnknownCodeError):
        item_for_snomed("123", ON)


def test_scoring_an_assessment_dated_before_the_clustering_era() -> None:
    record = ClusterAssessment(
        assessment_id="A", person_id="P", staff_id="S", assessed_on=date(2001, 1, 1)
    )
    assert honos_score(record).total is None
