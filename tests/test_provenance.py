"""Source, Effective and RuleTable."""

from __future__ import annotations

from datetime import date

import attrs
import pytest
from hypothesis import given
from hypothesis import strategies as st

from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

ACT = Source(title="Mental Health Act 1983", publisher="legislation.gov.uk", locator="s2(4)")


@attrs.frozen
class Row:
    """A rule row for tests."""

    code: str
    days: int
    source: Source
    effective: Effective


OLD = Row("s2", 28, ACT, Effective(date(1983, 9, 30), date(2030, 1, 1)))
NEW = Row("s2", 21, ACT, Effective(date(2030, 1, 1)))
PENDING = Row("s3", 3, ACT, Effective(None))
TABLE = RuleTable("test periods", (OLD, NEW, PENDING), key=lambda r: r.code)


def test_lookup_by_key_and_date() -> None:
    assert TABLE.lookup("s2", date(2026, 3, 1)) is OLD
    assert TABLE.lookup("s2", date(2030, 1, 1)) is NEW
    assert TABLE.find("s2", date(1900, 1, 1)) is None
    assert TABLE.versions("s2") == (OLD, NEW)
    assert TABLE.in_force(date(2026, 1, 1)) == (OLD,)
    assert TABLE.keys() == ("s2", "s3")
    assert len(TABLE) == 3
    assert list(TABLE) == [OLD, NEW, PENDING]
    assert TABLE.key_of(NEW) == "s2"
    assert repr(TABLE) == "RuleTable('test periods', 3 rows)"


def test_unknown_code_names_table_and_key() -> None:
    with pytest.raises(UnknownCodeError) as caught:
        TABLE.lookup("s99", date(2026, 1, 1))
    assert caught.value.table == "test periods"
    assert caught.value.key == "s99"
    assert str(caught.value) == "test periods: no rule for 's99'"
    with pytest.raises(UnknownCodeError, match="none in force on 2026-01-01"):
        TABLE.lookup("s3", date(2026, 1, 1))


def test_overlapping_rows_are_refused() -> None:
    clash = Row("s2", 14, ACT, Effective(date(2029, 1, 1)))
    with pytest.raises(CpaCoreError, match="overlap"):
        RuleTable("clash", (OLD, clash), key=lambda r: r.code)


def test_effective_range() -> None:
    rng = Effective(date(2021, 10, 1), date(2024, 4, 1))
    assert rng.covers(date(2021, 10, 1))
    assert rng.covers(date(2024, 3, 31))
    assert not rng.covers(date(2024, 4, 1))
    assert not rng.covers(date(2021, 9, 30))
    assert rng.describe() == "2021-10-01 to 2024-03-31"
    assert Effective(date(2021, 10, 1)).describe() == "from 2021-10-01"
    assert Effective(None).describe() == "not commenced"
    assert not Effective(None).commenced
    assert not Effective(None).covers(date(2026, 1, 1))
    with pytest.raises(CpaCoreError):
        Effective(date(2024, 1, 1), date(2024, 1, 1))


@given(st.dates(), st.dates(), st.dates(), st.dates())
def test_overlap_is_symmetric_and_matches_covers(a: date, b: date, c: date, d: date) -> None:
    first = Effective(min(a, b), max(a, b)) if a != b else Effective(a)
    second = Effective(min(c, d), max(c, d)) if c != d else Effective(c)
    assert first.overlaps(second) == second.overlaps(first)
    assert first.overlaps(first)
    if first.overlaps(second):
        assert first.start is not None
        assert second.start is not None
        shared = max(first.start, second.start)
        assert first.covers(shared)
        assert second.covers(shared)


def test_source_citation_marks_unverified() -> None:
    assert ACT.verified
    assert ACT.cite() == "legislation.gov.uk: Mental Health Act 1983, s2(4)"
    local = Source(title="Trust CPA policy", version="v3", evidence=Evidence.UNVERIFIED)
    assert not local.verified
    assert local.cite() == "Trust CPA policy, v3 [U]"


def test_a_row_whose_start_no_source_states() -> None:
    from datetime import date

    from cpa_core.provenance import Effective

    always = Effective.unknown_start()
    assert always.covers(date(1900, 1, 1))
    assert always.covers(date(2040, 1, 1))
    assert not always.start_known
    assert always.describe() == "in force (start date not stated)"
    ended = Effective.unknown_start(until=date(2021, 7, 7))
    assert ended.describe() == "a date not stated to 2021-07-06"
    assert Effective(date(2021, 7, 7)).start_known
