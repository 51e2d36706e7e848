"""The section catalogue, conversions, references, statutory periods, MHSDS codes and the
MHA 2025 switch as data.

Sources: the Mental Health Act 1983 on legislation.gov.uk (revised text) and the Mental
Health Act 2025 as enacted, cited per test; shared reference mental-health-act.md
sections 2-4, 7-11.
"""

from __future__ import annotations

from datetime import date, datetime

import attrs
import pytest

from cpa_core import mha
from cpa_core.exceptions import UnknownCodeError
from cpa_core.mha import (
    CONSULTEE_ROLES,
    CONVERSIONS,
    LEGAL_STATUS_CODES,
    REFERENCES,
    SECTIONS,
    STATUTORY_PERIODS,
    Anchor,
    ApplicableDay,
    Counting,
    Part4,
    ReferenceKind,
    Regime,
    Section,
    Tribunal,
    Unit,
    authority_periods,
    codes_for_section,
    consultee_role,
    reference_rule,
    section_for_code,
    section_rule,
    statutory_period,
    tribunal_windows,
)
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy
from cpa_core.provenance import Evidence
from cpa_core.statutory_time import LONDON

TODAY = date(2026, 11, 23)


def test_every_section_has_a_row_in_force_today() -> None:
    for section in Section:
        assert section_rule(section, TODAY).section is section


def test_every_row_has_source_and_effective() -> None:
    for table in mha.DOMAIN.rule_tables:
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
        # s40(4), Sch 1 Pt 1 para 6: s20 runs from the date of the order [V]
        (Section.S37, Anchor.MONTHS_BEGINNING_WITH, (6, 6, 12), True),
        (Section.S135, Anchor.HOURS_FROM, (24,), False),  # s135(3ZA) [V]
        (Section.S136, Anchor.HOURS_FROM, (24,), False),  # s136(2A), s136B [V]
        (Section.S35, Anchor.DAYS_BEGINNING_WITH, (28, 28), True),  # s35(7) [V]
        (Section.S36, Anchor.DAYS_BEGINNING_WITH, (28, 28), True),  # s36(6) [V]
        (Section.S38, Anchor.DAYS_BEGINNING_WITH, (84, 28), True),  # s38(5) [V]
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
    # Sch 1 Pt 1 para 6 and s40(4): an s37 counts from the date of the order [V].
    assert section_rule(Section.S37, TODAY).anchor_evidence is Evidence.VERIFIED
    assert section_rule(Section.CTO, TODAY).anchor_evidence is Evidence.VERIFIED  # s20A(1)
    assert section_rule(Section.S2, TODAY).anchor_evidence is Evidence.VERIFIED
    assert section_rule(Section.S44, TODAY).anchor_evidence is Evidence.UNVERIFIED


@pytest.mark.parametrize("section", [Section.S35, Section.S36, Section.S38])
def test_court_periods_are_maxima_counted_by_an_unverified_reading(section: Section) -> None:
    """ss35(7), 36(6), 38(5) state maxima; the court fixes each remand, so the counting from
    the day of the remand is cpa_core's reading: never an error."""
    item = section_rule(section, TODAY)
    assert item.source.verified
    assert item.anchor_evidence is Evidence.UNVERIFIED
    assert not item.verified


def test_court_period_limits() -> None:
    """s35(7), s36(6): 12 weeks in all; s38(5): twelve months in all."""
    assert section_rule(Section.S35, TODAY).overall_limit_days == 84
    assert section_rule(Section.S36, TODAY).overall_limit_days == 84
    assert section_rule(Section.S38, TODAY).overall_limit_months == 12


def test_every_statute_row_cites_a_section_page_on_legislation_gov_uk() -> None:
    """Every verified row of the new tables names legislation.gov.uk and its section."""
    for table in (SECTIONS, REFERENCES, STATUTORY_PERIODS, CONVERSIONS):
        for item in table:
            if item.source.publisher == "legislation.gov.uk":
                assert item.source.locator
                assert item.source.url.startswith("https://www.legislation.gov.uk/ukpga/")
                assert "search" not in item.source.version


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
        (Section.S36, Part4.APPLIES),
        (Section.S37, Part4.APPLIES),
        (Section.S38, Part4.APPLIES),
        (Section.S4, Part4.DOES_NOT_APPLY),  # s56(3)(a)
        (Section.S5_2, Part4.DOES_NOT_APPLY),  # s56(3)(b)
        (Section.S5_4, Part4.DOES_NOT_APPLY),
        (Section.S35, Part4.DOES_NOT_APPLY),
        (Section.S135, Part4.DOES_NOT_APPLY),
        (Section.S136, Part4.DOES_NOT_APPLY),
        (Section.CTO, Part4.PART_4A),  # s56(4): Part 4 only when recalled
        # s56(1), (5): guardianship patients are not liable to be detained; only s57, and
        # s58A for under-18s, apply (reference section 11).
        (Section.S7, Part4.S57_AND_S58A_UNDER_18),
        (Section.S37_GUARDIANSHIP, Part4.S57_AND_S58A_UNDER_18),
    ],
)
def test_part4_applicability(section: Section, part4: Part4) -> None:
    """MHA 1983 s56 (legislation.gov.uk section/56)."""
    assert section_rule(section, TODAY).part4 is part4


def test_tribunal_rules() -> None:
    """s66(1)(a), (2)(a): 14 days for an application for admission for assessment, which an
    s4 emergency application is (s4(1)); Sch 1 Pt 1 para 9: no first s37 window."""
    assert section_rule(Section.S2, TODAY).tribunal is Tribunal.WITHIN_DAYS
    assert section_rule(Section.S2, TODAY).tribunal_days == 14
    assert section_rule(Section.S4, TODAY).tribunal is Tribunal.WITHIN_DAYS
    assert section_rule(Section.S4, TODAY).tribunal_days == 14
    assert section_rule(Section.S37, TODAY).tribunal is Tribunal.NOT_FIRST_PERIOD


@pytest.mark.parametrize(
    ("kind", "day", "months", "repeats"),
    [
        # s68(2), (5)(b)(ii): six months beginning with the original s2 admission.
        (ReferenceKind.TREATMENT, ApplicableDay.ORIGINAL_ADMISSION, (6,), False),
        # s68(1)(c), (5)(c): community patients, the same applicable day.
        (ReferenceKind.COMMUNITY, ApplicableDay.ORIGINAL_ADMISSION, (6,), False),
        (ReferenceKind.REVOKED, ApplicableDay.ORIGINAL_ADMISSION, (6,), False),
        (ReferenceKind.ASSESSMENT, ApplicableDay.ADMISSION, (6,), False),
        (ReferenceKind.LAST_CONSIDERED, ApplicableDay.LAST_CONSIDERED, (36,), False),  # s68(6)
        (ReferenceKind.REVOCATION, ApplicableDay.REVOCATION, (), False),  # s68(7)
    ],
)
def test_managers_reference_rows(
    kind: ReferenceKind, day: ApplicableDay, months: tuple[int, ...], repeats: bool
) -> None:
    """MHA 1983 s68 (legislation.gov.uk section/68)."""
    row = reference_rule(kind, TODAY)
    assert row is not None
    assert (row.applicable_day, row.months, row.repeats) == (day, months, repeats)
    assert row.source.locator.startswith("s68")


def test_s68_exemptions_and_under_18() -> None:
    """s68(3)(a): only applications under s66(1)(b), (ca), (cb), (e), (g), (h) remove the
    duty, so an s2 application (a) does not; s68(6): one year for a patient under 18."""
    row = reference_rule(ReferenceKind.TREATMENT, TODAY)
    assert row is not None
    assert row.exempting_rights == ("b", "ca", "cb", "e", "g", "h")
    assert "a" not in row.exempting_rights
    considered = reference_rule(ReferenceKind.LAST_CONSIDERED, TODAY)
    assert considered is not None
    assert considered.under_18_months == 12


@pytest.mark.parametrize(
    ("key", "length", "unit", "counting"),
    [
        ("s17(2B)", 7, Unit.DAYS, Counting.MORE_THAN_DAYS),
        ("s18(4)(a)", 6, Unit.MONTHS, Counting.MONTHS_BEGINNING_WITH),
        ("s21(1)(b)", 7, Unit.DAYS, Counting.DAYS_ENDING_WITH),
        ("s21(2)", 7, Unit.DAYS, Counting.DAYS_BEGINNING_WITH),
        ("s21A(1)", 28, Unit.DAYS, Counting.DAYS_BEGINNING_WITH),
        ("s21B(2)", 7, Unit.DAYS, Counting.DAYS_BEGINNING_WITH),
        ("s17F(8)", 72, Unit.HOURS, Counting.HOURS_FROM),
        ("s21(4)", 72, Unit.HOURS, Counting.HOURS_FROM),
        ("s64B(4)", 1, Unit.MONTHS, Counting.MONTHS_BEGINNING_WITH),
        ("s66(2)(cb)", 6, Unit.MONTHS, Counting.MONTHS_BEGINNING_WITH),
        ("s58(1)(b)", 3, Unit.MONTHS, Counting.MONTHS_ELAPSED),
    ],
)
def test_statutory_periods(key: str, length: int, unit: Unit, counting: Counting) -> None:
    """Each period as its section states it (legislation.gov.uk; cited on the row)."""
    row = statutory_period(key, TODAY)
    assert (row.length, row.unit, row.counting) == (length, unit, counting)
    assert row.source.locator.startswith(key.split("(", maxsplit=1)[0])
    assert row.source.verified


def test_conversions() -> None:
    """s4 -> s2 keeps the start; a CTO follows only detention for treatment."""
    s4_s2 = CONVERSIONS.lookup("s4>s2", TODAY)
    assert s4_s2.allowed
    assert s4_s2.keeps_start
    assert CONVERSIONS.lookup("s3>s17a", TODAY).allowed
    assert not CONVERSIONS.lookup("s2>s17a", TODAY).allowed
    assert not CONVERSIONS.lookup("s2>s3", TODAY).keeps_start
    # s17F(4), s17G(5): revoking a CTO restores the s3 with a period beginning that day.
    revocation = CONVERSIONS.lookup("s17a>s3", TODAY)
    assert revocation.allowed
    assert not revocation.keeps_start


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
    """MHA 2025 (Royal Assent 18 Dec 2025): s56(1) commences only ss30(2), 32, 35, 36(1),
    (3)(b), 38 and 39; the rows here (s29, s30(1), s31, s14, Sch 2) wait for regulations
    (s56(3))."""
    new = [r for r in SECTIONS if r.regime is Regime.MHA_2025]
    assert [r.section for r in new] == [Section.S2, Section.S3, Section.S4]
    for table in mha.DOMAIN.rule_tables:
        for item in table:
            if getattr(item, "regime", None) is Regime.MHA_2025:
                assert not item.effective.commenced, item
    assert section_rule(Section.S3, date(2040, 1, 1)).periods == (6, 6, 12)
    assert consultee_role(TODAY).role == "nearest relative"
    assert consultee_role(TODAY, mha2025=True).role == "nominated person"
    assert len(CONSULTEE_ROLES.versions("patient-representative")) == 2


@pytest.mark.parametrize(
    ("section", "field", "before", "after"),
    [
        (Section.S2, "tribunal_days", 14, 21),  # MHA 2025 s30(1)(a)
        (Section.S4, "tribunal_days", 14, 21),  # s30(1)(a): s4 is an s2-type application
        (Section.S3, "periods", (6, 6, 12), (3, 3, 6, 12)),  # s29(3)
        (Section.S3, "tribunal_months", (6, 6, 12), (3, 3, 6, 12)),  # s30(1)(b), s66(2)(f)
        (Section.S7, "periods", (6, 6, 12), (6, 6, 12)),  # s29(3): new s20(2A) unchanged
        (Section.CTO, "periods", (6, 6, 12), (6, 6, 12)),  # s20A not amended
    ],
)
def test_mha2025_section_values(
    section: Section, field: str, before: object, after: object
) -> None:
    """The enacted MHA 2025 values, in force only under the testing switch."""
    assert getattr(section_rule(section, TODAY), field) == before
    assert getattr(section_rule(section, TODAY, mha2025=True), field) == after


def test_mha2025_references_and_s58() -> None:
    """MHA 2025 s31 (new s68(4A), (5)(c), (6); s68(7) omitted) and s14(a) (two months)."""
    treatment = reference_rule(ReferenceKind.TREATMENT, TODAY, mha2025=True)
    assert treatment is not None
    assert (treatment.months, treatment.repeats) == ((3, 9, 12), True)
    community = reference_rule(ReferenceKind.COMMUNITY, TODAY, mha2025=True)
    assert community is not None
    assert community.applicable_day is ApplicableDay.ORDER_MADE
    considered = reference_rule(ReferenceKind.LAST_CONSIDERED, TODAY, mha2025=True)
    assert considered is not None
    assert (considered.months, considered.under_18_months) == ((12,), None)
    assert considered.waits_for_pending
    assert reference_rule(ReferenceKind.REVOCATION, TODAY, mha2025=True) is None
    assert statutory_period("s58(1)(b)", TODAY).length == 3
    assert statutory_period("s58(1)(b)", TODAY, mha2025=True).length == 2


def _schedules(mha2025: bool) -> dict[Section, tuple[object, ...]]:
    start = datetime(2026, 1, 15, 10, tzinfo=LONDON)
    out: dict[Section, tuple[object, ...]] = {}
    for section in Section:
        item = section_rule(section, TODAY, mha2025=mha2025)
        facts = attrs.asdict(item, recurse=False)
        for name in ("periods", "tribunal_days", "tribunal_months", "regime", "source"):
            facts.pop(name)
        facts.pop("anchor_source")
        facts.pop("effective")
        out[section] = (
            authority_periods(item, start, 6),
            tribunal_windows(item, start, date(2030, 1, 1)),
            tuple(sorted((k, repr(v)) for k, v in facts.items())),
        )
    return out


def test_mha2025_switch_changes_s2_s3_s4_and_nothing_else() -> None:
    """Switching the MHA 2025 rows on: s3 becomes 3, 3, 6 then 12 months with tribunal
    windows to match; s2 and s4 windows 21 days; every other section is unchanged."""
    before, after = _schedules(False), _schedules(True)
    changed = {s for s in Section if before[s] != after[s]}
    assert changed == {Section.S2, Section.S3, Section.S4}
    assert before[Section.S3][2] == after[Section.S3][2]  # the other facts stay
    last_days = [p.last_day for p in after[Section.S3][0]]  # type: ignore[attr-defined]
    assert last_days == [
        date(2026, 4, 14),  # 3 months
        date(2026, 7, 14),  # + 3
        date(2027, 1, 14),  # + 6
        date(2028, 1, 14),  # + 12
        date(2029, 1, 14),  # + 12
        date(2030, 1, 14),
    ]
    assert [p.last_day for p in before[Section.S3][0]][:3] == [  # type: ignore[attr-defined]
        date(2026, 7, 14),
        date(2027, 1, 14),
        date(2028, 1, 14),
    ]
    windows = after[Section.S2][1]
    assert [w.last_day for w in windows] == [date(2026, 2, 4)]  # type: ignore[attr-defined]


def test_policy_switch_defaults_off() -> None:
    assert TrustPolicy().mha.mha2025_in_force_for_testing is False
    assert MhaPolicy(mha2025_in_force_for_testing=True).mha2025_in_force_for_testing
