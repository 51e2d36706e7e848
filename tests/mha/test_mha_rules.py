"""The section catalogue, conversions, MHSDS codes and the MHA 2025 switch as data.

Sources: shared reference mental-health-act.md sections 2-4, 7-9 (cited per test).
"""

from __future__ import annotations

from datetime import date, datetime

import attrs
import pytest

from cpa_core import mha
from cpa_core._time import LONDON
from cpa_core.exceptions import UnknownCodeError
from cpa_core.mha import (
    CONSULTEE_ROLES,
    CONVERSIONS,
    LEGAL_STATUS_CODES,
    SECTIONS,
    Anchor,
    Part4,
    Regime,
    Section,
    Tribunal,
    authority_periods,
    codes_for_section,
    consultee_role,
    section_for_code,
    section_rule,
    tribunal_windows,
)
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy
from cpa_core.provenance import Evidence

TODAY = date(2026, 11, 23)


def test_every_section_has_a_row_in_force_today() -> None:
    for section in Section:
        assert section_rule(section, TODAY).section is section


def test_every_row_has_source_and_effective() -> None:
    for table in mha.RULE_TABLES:
        for item in table:
            assert item.source.title
            assert item.effective is not None


@pytest.mark.parametrize(
    ("section", "anchor", "periods", "renewable"),
    [
        (Section.S2, Anchor.DAYS_BEGINNING_WITH, (28,), False),  # s2(4) [V]
        (Section.S3, Anchor.MONTHS_BEGINNING_WITH, (6, 6, 12), True),  # s20 [V]
        (Section.S4, Anchor.HOURS_FROM, (72,), False),  # s4(4) [V]
        (Section.S5_2, Anchor.HOURS_FROM, (72,), False),  # s5(2) [V]
        (Section.S5_4, Anchor.HOURS_FROM, (6,), False),  # s5(4) [V]
        (Section.S7, Anchor.MONTHS_BEGINNING_WITH, (6, 6, 12), True),  # s20 [V]
        (Section.CTO, Anchor.MONTHS_BEGINNING_WITH, (6, 6, 12), True),  # s20A [V]
        (Section.S37, Anchor.NOT_STATED, (6, 6, 12), True),  # [V2], anchor "—"
        (Section.S135, Anchor.NOT_STATED, (24,), False),  # s136B [V], anchor "—"
        (Section.S136, Anchor.HOURS_FROM, (24,), False),  # s136B [V]
    ],
)
def test_catalogue_periods(
    section: Section, anchor: Anchor, periods: tuple[int, ...], renewable: bool
) -> None:
    item = section_rule(section, TODAY)
    assert (item.anchor, item.periods, item.renewable) == (anchor, periods, renewable)


def test_unstated_anchors_are_not_verified() -> None:
    """Reference "—": a row with no anchor is never treated as verified."""
    for item in SECTIONS:
        if item.anchor is Anchor.NOT_STATED:
            assert not item.computable
    assert section_rule(Section.S37, TODAY).anchor_evidence is Evidence.SECONDARY
    # s20A(1) verified with the search tool on the legislation.gov.uk page the reference cites.
    assert section_rule(Section.CTO, TODAY).anchor_evidence is Evidence.VERIFIED
    assert section_rule(Section.S2, TODAY).anchor_evidence is Evidence.VERIFIED
    assert section_rule(Section.S44, TODAY).anchor_evidence is Evidence.UNVERIFIED


def test_rows_in_force_from_commencement() -> None:
    """MHA 1983 s149(2): in force 30 September 1983; CTOs (s20A) valid from 3 November 2008."""
    assert section_rule(Section.S2, date(1983, 9, 30)).periods == (28,)
    with pytest.raises(UnknownCodeError):
        section_rule(Section.S2, date(1983, 9, 29))
    assert section_rule(Section.CTO, date(2008, 11, 3)).periods == (6, 6, 12)
    with pytest.raises(UnknownCodeError):
        section_rule(Section.CTO, date(2008, 11, 2))


def test_period_length_of_unstated_period_raises() -> None:
    with pytest.raises(UnknownCodeError):
        section_rule(Section.S44, TODAY).period_length(0)


def test_s136b_extension_and_dates() -> None:
    """s136B: 12-hour extension; the 24-hour regime in force from 11 December 2017."""
    s136 = section_rule(Section.S136, TODAY)
    assert s136.extension_hours == 12
    assert s136.effective.start == date(2017, 12, 11)
    with pytest.raises(UnknownCodeError):
        section_rule(Section.S136, date(2017, 12, 10))


@pytest.mark.parametrize(
    ("section", "part4"),
    [
        (Section.S2, Part4.APPLIES),
        (Section.S3, Part4.APPLIES),
        (Section.S37, Part4.APPLIES),
        (Section.S4, Part4.DOES_NOT_APPLY),
        (Section.S5_2, Part4.DOES_NOT_APPLY),
        (Section.S5_4, Part4.DOES_NOT_APPLY),
        (Section.S35, Part4.DOES_NOT_APPLY),
        (Section.S135, Part4.DOES_NOT_APPLY),
        (Section.S136, Part4.DOES_NOT_APPLY),
        (Section.CTO, Part4.PART_4A),
    ],
)
def test_part4_applicability(section: Section, part4: Part4) -> None:
    """s56 scope (reference section 3)."""
    assert section_rule(section, TODAY).part4 is part4


def test_tribunal_rules() -> None:
    """s66 (reference section 7)."""
    assert section_rule(Section.S2, TODAY).tribunal is Tribunal.WITHIN_DAYS
    assert section_rule(Section.S2, TODAY).tribunal_days == 14
    assert section_rule(Section.S4, TODAY).tribunal is Tribunal.ANY_TIME
    assert section_rule(Section.S37, TODAY).tribunal is Tribunal.NOT_FIRST_PERIOD
    assert section_rule(Section.S3, TODAY).managers_reference_months == 6


def test_conversions() -> None:
    """s4 -> s2 keeps the start; a CTO follows only detention for treatment."""
    s4_s2 = CONVERSIONS.lookup("s4>s2", TODAY)
    assert s4_s2.allowed
    assert s4_s2.keeps_start
    assert CONVERSIONS.lookup("s3>s17a", TODAY).allowed
    assert not CONVERSIONS.lookup("s2>s17a", TODAY).allowed
    assert not CONVERSIONS.lookup("s2>s3", TODAY).keeps_start


# --- MHSDS legal status codes (reference section 9) -------------------------------------

CURRENT = [f"{n:02d}" for n in (*range(1, 11), *range(12, 21), 31, 32, 35, 36, 37, 38, 98, 99)]


def test_current_codes_are_exactly_the_dd_list() -> None:
    in_force = {row.code for row in LEGAL_STATUS_CODES.in_force(TODAY)}
    assert in_force == set(CURRENT)
    retired = {row.code for row in LEGAL_STATUS_CODES if row.retired}
    assert retired == {"11", "33", "34"}


@pytest.mark.parametrize("code", CURRENT)
def test_codes_map_both_ways(code: str) -> None:
    section = section_for_code(code, TODAY)
    if section is None:
        assert code in {"01", "31", "32", "98", "99"}
    else:
        assert code in codes_for_section(section)


def test_section_to_codes() -> None:
    assert codes_for_section(Section.S2) == ("02",)
    assert codes_for_section(Section.S37_41) == ("09",)
    assert codes_for_section(Section.S45A) == ("37", "38")
    assert codes_for_section(Section.S45A, include_retired=True) == ("37", "38", "34")
    assert codes_for_section(Section.CTO) == ()  # MHSDS records the suspended section
    assert codes_for_section(Section.S7) == ("35",)


def test_every_section_but_cto_has_a_code() -> None:
    for section in Section:
        if section is not Section.CTO:
            assert codes_for_section(section), section


def test_retired_and_unknown_codes_raise() -> None:
    with pytest.raises(UnknownCodeError):
        section_for_code("11", TODAY)
    with pytest.raises(UnknownCodeError):
        section_for_code("21", TODAY)


# --- MHA 2025 -------------------------------------------------------------------------


def test_mha2025_rows_are_not_commenced() -> None:
    """Royal Assent 18 Dec 2025; s3 periods and the nominated person not commenced."""
    new = [r for r in SECTIONS if r.regime is Regime.MHA_2025]
    assert [r.section for r in new] == [Section.S3]
    assert all(not r.effective.commenced for r in new)
    assert section_rule(Section.S3, date(2040, 1, 1)).periods == (6, 6, 12)
    assert consultee_role(TODAY).role == "nearest relative"
    assert consultee_role(TODAY, mha2025=True).role == "nominated person"
    assert len(CONSULTEE_ROLES.versions("patient-representative")) == 2


def _schedules(mha2025: bool) -> dict[Section, tuple[object, ...]]:
    start = datetime(2026, 1, 15, 10, tzinfo=LONDON)
    out: dict[Section, tuple[object, ...]] = {}
    for section in Section:
        item = section_rule(section, TODAY, mha2025=mha2025)
        facts = attrs.asdict(item, recurse=False)
        for name in ("periods", "regime", "source", "effective"):
            facts.pop(name)
        out[section] = (
            authority_periods(item, start, 6),
            tribunal_windows(item, start, date(2030, 1, 1)),
            tuple(sorted((k, repr(v)) for k, v in facts.items())),
        )
    return out


def test_mha2025_switch_changes_the_s3_schedule_and_nothing_else() -> None:
    """Switching the MHA 2025 rows on: s3 becomes 3, 3, 6 then 12 months; every other
    section's periods, tribunal windows and facts are unchanged."""
    before, after = _schedules(False), _schedules(True)
    changed = {s for s in Section if before[s] != after[s]}
    assert changed == {Section.S3}
    s3_before, s3_after = before[Section.S3], after[Section.S3]
    assert s3_before[1:] == s3_after[1:]  # tribunal windows and other facts stay
    last_days = [p.last_day for p in s3_after[0]]  # type: ignore[attr-defined]
    assert last_days == [
        date(2026, 4, 14),  # 3 months
        date(2026, 7, 14),  # + 3
        date(2027, 1, 14),  # + 6
        date(2028, 1, 14),  # + 12
        date(2029, 1, 14),  # + 12
        date(2030, 1, 14),
    ]
    assert [p.last_day for p in s3_before[0]][:3] == [  # type: ignore[attr-defined]
        date(2026, 7, 14),
        date(2027, 1, 14),
        date(2028, 1, 14),
    ]


def test_policy_switch_defaults_off() -> None:
    assert TrustPolicy().mha.mha2025_in_force_for_testing is False
    assert MhaPolicy(mha2025_in_force_for_testing=True).mha2025_in_force_for_testing
