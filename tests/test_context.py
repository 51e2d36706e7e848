"""CheckContext: one meaning of as_of."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from cpa_core import TrustPolicy
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.statutory_time import LONDON


def test_a_date_means_the_start_of_that_day_in_london() -> None:
    ctx = CheckContext.at(date(2026, 7, 1))
    assert ctx.instant == datetime(2026, 7, 1, tzinfo=LONDON)
    assert ctx.instant.utcoffset() == timedelta(hours=1)
    assert ctx.day == date(2026, 7, 1)
    assert ctx.policy == TrustPolicy()


def test_an_instant_keeps_its_moment_and_gets_its_london_day() -> None:
    # 23:30 UTC on 30 June is 00:30 on 1 July in London (BST).
    ctx = CheckContext.at(datetime(2026, 6, 30, 23, 30, tzinfo=UTC), TrustPolicy())
    assert ctx.day == date(2026, 7, 1)
    east = CheckContext.at(datetime(2026, 1, 1, 1, 0, tzinfo=timezone(timedelta(hours=5))))
    assert east.day == date(2025, 12, 31)


@pytest.mark.parametrize("bad", [datetime(2026, 1, 1), "2026-01-01", None])
def test_a_naive_or_wrong_as_of_is_refused(bad: object) -> None:
    with pytest.raises(CpaCoreError):
        CheckContext.at(bad)  # type: ignore[arg-type]
