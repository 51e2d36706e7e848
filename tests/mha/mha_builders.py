"""Builders shared by the mha tests: instants on London days, periods and chains."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from typing import Any

from cpa_core.mha import LegalStatusPeriod, MhaDetention, Section, check_detention, detention_rules
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy
from cpa_core.statutory_time import LONDON, start_of_day

BST = timezone(timedelta(hours=1))
POLICY = TrustPolicy()
SWITCHED = TrustPolicy(mha=MhaPolicy(mha2025_in_force_for_testing=True))
"""The MHA 2025 rows switched on (testing only)."""


def at(day: date, hour: int = 12) -> datetime:
    """``hour`` o'clock London time on ``day``."""
    return start_of_day(day) + timedelta(hours=hour)


def midnight(day: date) -> datetime:
    """London midnight at the start of ``day``."""
    return datetime.combine(day, datetime.min.time(), tzinfo=LONDON)


def period(section: Section, start: datetime, pid: str = "A", **kw: Any) -> LegalStatusPeriod:
    return LegalStatusPeriod(period_id=pid, section=section, start=start, **kw)


def detention(*periods: LegalStatusPeriod, **kw: Any) -> MhaDetention:
    return MhaDetention(detention_id="D1", person_id="P004", periods=periods, **kw)


def codes(record: MhaDetention, as_of: datetime, policy: TrustPolicy = POLICY) -> frozenset[str]:
    """The codes of every finding about ``record`` as of ``as_of``."""
    return check_detention(record, as_of, policy).codes()


def rule_codes(record: MhaDetention) -> set[str]:
    """The codes of the record's own rules."""
    return {f.code for f in detention_rules(record, POLICY)}
