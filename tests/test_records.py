"""What every record check shares (``cpa_core.records``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from cpa_core.records import repeated_positions


@given(st.lists(st.integers(0, 5), max_size=30))
def test_repeated_positions_are_the_entries_seen_before(values: list[int]) -> None:
    repeated = repeated_positions(values)
    assert repeated == {i for i, v in enumerate(values) if v in values[:i]}
    # The first entry of each value is the one kept.
    assert len(values) - len(repeated) == len(set(values))


def test_a_repeated_entry_is_reported_at_its_second_place() -> None:
    assert repeated_positions(["honos-1", "honos-2", "honos-1"]) == {2}
    assert repeated_positions([]) == frozenset()
