"""Golden cases for the Mental Health Act period arithmetic.

Every expected value below is worked by hand from the statute wording quoted in the shared
reference (mental-health-act.md, sections 2, 3, 7 and 10). The 2026 clock changes are
29 March (01:00 UTC, GMT to BST) and 25 October (01:00 UTC, BST to GMT).
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

import pytest

from cpa_core.mha import (
    S117,
    Anchor,
    Extension,
    LegalStatusPeriod,
    MhaDetention,
    Renewal,
    Section,
    SectionRow,
    authority_periods,
    expiry,
    last_day_of_months,
    managers_reference_due,
    months_period,
    renewal_readings,
    renewal_window,
    s2_tribunal_window,
    s58_certificate_from,
    s117_eligibility,
    section_rule,
    tribunal_windows,
)
from cpa_core.statutory_time import LONDON

BST = timezone(timedelta(hours=1))
TODAY = date(2026, 11, 23)


def row(section: Section) -> SectionRow:
    return section_rule(section, TODAY)


def one(
    section: Section,
    start: datetime,
    *,
    renewals: int = 0,
    extension: Extension | None = None,
) -> tuple[MhaDetention, LegalStatusPeriod]:
    period = LegalStatusPeriod(
        period_id="P1",
        section=section,
        start=start,
        renewals=tuple(Renewal(report_on=date(2000, 1, 1)) for _ in range(renewals)),
        extension=extension,
    )
    return MhaDetention(detention_id="D1", person_id="P001", periods=(period,)), period


def expiry_of(section: Section, start: datetime, **kwargs: object) -> datetime | None:
    detention, period = one(section, start, **kwargs)  # type: ignore[arg-type]
    return expiry(detention, period)


# --- s2: 28 days beginning with the day of admission (MHA 1983 s2(4)) -----------------


@pytest.mark.parametrize(
    ("admitted", "expected"),
    [
        # Spring clock change inside the period: day 1 is 10 March, day 28 is 6 April;
        # the authority ends at London midnight (BST) after 6 April.
        (datetime(2026, 3, 10, 15, 0, tzinfo=UTC), datetime(2026, 4, 6, 23, 0, tzinfo=UTC)),
        # Autumn clock change inside the period: ends at London midnight (GMT) after 6 Nov.
        (datetime(2026, 10, 10, 9, 0, tzinfo=BST), datetime(2026, 11, 7, 0, 0, tzinfo=UTC)),
        # Admitted just before midnight: the day of admission still counts as day 1.
        (datetime(2026, 11, 10, 23, 59, tzinfo=UTC), datetime(2026, 12, 8, 0, 0, tzinfo=UTC)),
    ],
    ids=["s2(4)-spring-2026", "s2(4)-autumn-2026", "s2(4)-late-admission"],
)
def test_s2_expiry(admitted: datetime, expected: datetime) -> None:
    assert expiry_of(Section.S2, admitted) == expected


def test_s2_is_not_renewable() -> None:
    """s2 is not renewable (reference s2 row): recorded renewals do not extend it."""
    admitted = datetime(2026, 3, 10, 15, 0, tzinfo=UTC)
    assert expiry_of(Section.S2, admitted, renewals=2) == expiry_of(Section.S2, admitted)


# --- hours from an instant: s4(4), s5(2), s5(4), s136 + s136B ----------------------------


@pytest.mark.parametrize(
    ("section", "start", "expected"),
    [
        # s4(4): 72 hours from the time of admission. Spring: 12:00 GMT + 72 h = 13:00 BST.
        (Section.S4, datetime(2026, 3, 27, 12, tzinfo=UTC), datetime(2026, 3, 30, 12, tzinfo=UTC)),
        # Autumn: 12:00 BST + 72 h = 11:00 GMT.
        (
            Section.S4,
            datetime(2026, 10, 23, 12, tzinfo=BST),
            datetime(2026, 10, 26, 11, tzinfo=UTC),
        ),
        # s5(2): 72 hours from the report furnished.
        (
            Section.S5_2,
            datetime(2026, 3, 28, 22, tzinfo=UTC),
            datetime(2026, 3, 31, 22, tzinfo=UTC),
        ),
        (
            Section.S5_2,
            datetime(2026, 10, 24, 9, tzinfo=BST),
            datetime(2026, 10, 27, 8, tzinfo=UTC),
        ),
        # s5(4): 6 hours from the record. 00:30 GMT on 29 March + 6 h = 07:30 BST.
        (
            Section.S5_4,
            datetime(2026, 3, 29, 0, 30, tzinfo=UTC),
            datetime(2026, 3, 29, 6, 30, tzinfo=UTC),
        ),
        # 00:30 BST on 25 October + 6 h = 05:30 GMT: only five wall-clock hours later.
        (
            Section.S5_4,
            datetime(2026, 10, 25, 0, 30, tzinfo=BST),
            datetime(2026, 10, 25, 5, 30, tzinfo=UTC),
        ),
        # s136: 24 hours from arrival at the place of safety.
        (
            Section.S136,
            datetime(2026, 3, 28, 23, tzinfo=UTC),
            datetime(2026, 3, 29, 23, tzinfo=UTC),
        ),
        (
            Section.S136,
            datetime(2026, 10, 24, 20, tzinfo=BST),
            datetime(2026, 10, 25, 19, tzinfo=UTC),
        ),
    ],
    ids=[
        "s4(4)-spring",
        "s4(4)-autumn",
        "s5(2)-spring",
        "s5(2)-autumn",
        "s5(4)-spring",
        "s5(4)-autumn",
        "s136-spring",
        "s136-autumn",
    ],
)
def test_hours_sections(section: Section, start: datetime, expected: datetime) -> None:
    result = expiry_of(section, start)
    assert result == expected
    assert result is not None
    assert result.tzinfo is LONDON
    assert result - start == timedelta(hours=row(section).periods[0])


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (datetime(2026, 3, 28, 23, tzinfo=UTC), datetime(2026, 3, 30, 11, tzinfo=UTC)),
        (datetime(2026, 10, 24, 20, tzinfo=BST), datetime(2026, 10, 26, 7, tzinfo=UTC)),
    ],
    ids=["s136B-spring", "s136B-autumn"],
)
def test_s136_extension_adds_12_hours(start: datetime, expected: datetime) -> None:
    """s136B: 24 hours plus an extension of up to 12 hours, 36 real hours in all."""
    ext = Extension(authorised_at=start + timedelta(hours=20), hours=12)
    assert expiry_of(Section.S136, start, extension=ext) == expected


def test_s136_extension_is_capped_at_12_hours() -> None:
    """s136B allows 'up to 12 hours': a recorded longer extension counts as 12."""
    start = datetime(2026, 5, 1, 10, tzinfo=UTC)
    ext = Extension(authorised_at=start + timedelta(hours=20), hours=20)
    assert expiry_of(Section.S136, start, extension=ext) == start + timedelta(hours=36)


# --- months beginning with the day of admission: s3, s7 (s20), CTO (s20A) ---------------


@pytest.mark.parametrize("section", [Section.S3, Section.S7, Section.CTO])
def test_month_sections_six_six_twelve(section: Section) -> None:
    """s20(1)-(2), s20A: 6 months beginning with the day, then 6, then 12 at a time."""
    start = datetime(2026, 1, 15, 11, tzinfo=UTC)
    assert expiry_of(section, start) == datetime(2026, 7, 14, 23, tzinfo=UTC)  # end 14 Jul BST
    assert expiry_of(section, start, renewals=1) == datetime(2027, 1, 15, tzinfo=UTC)
    assert expiry_of(section, start, renewals=2) == datetime(2028, 1, 15, tzinfo=UTC)
    assert expiry_of(section, start, renewals=3) == datetime(2029, 1, 15, tzinfo=UTC)


@pytest.mark.parametrize(
    ("section", "admitted", "expected"),
    [
        # Last day 29 March 2026, the 23-hour day of the spring change: ends 00:00 BST 30 Mar.
        (Section.S3, datetime(2025, 9, 30, 14, tzinfo=BST), datetime(2026, 3, 29, 23, tzinfo=UTC)),
        # Last day 25 October 2026, the 25-hour day of the autumn change: ends 00:00 GMT.
        (Section.S7, datetime(2026, 4, 26, 10, tzinfo=BST), datetime(2026, 10, 26, 0, tzinfo=UTC)),
        (Section.CTO, datetime(2026, 4, 26, 10, tzinfo=BST), datetime(2026, 10, 26, 0, tzinfo=UTC)),
    ],
    ids=["s3-ends-spring-change-day", "s7-ends-autumn-change-day", "cto-ends-autumn-change"],
)
def test_month_sections_across_clock_changes(
    section: Section, admitted: datetime, expected: datetime
) -> None:
    result = expiry_of(section, admitted)
    assert result == expected
    _detention, _period = one(section, admitted)
    (first,) = authority_periods(row(section), admitted, 1)
    assert first.last_day == (expected - timedelta(hours=1)).astimezone(LONDON).date()


@pytest.mark.parametrize(
    ("admitted", "months", "last_day"),
    [
        (date(2026, 1, 1), 6, date(2026, 6, 30)),  # reference s10 worked example
        (date(2021, 10, 31), 6, date(2022, 4, 30)),  # forum example 31/10/21 -> 30/4/22
        (date(2025, 8, 31), 6, date(2026, 2, 28)),  # never 27 Feb
        (date(2025, 8, 30), 6, date(2026, 2, 28)),
        (date(2023, 8, 31), 6, date(2024, 2, 29)),  # leap year
        (date(2023, 8, 29), 6, date(2024, 2, 28)),  # 29 Aug -> 28 Feb in every year
        (date(2024, 8, 29), 6, date(2025, 2, 28)),
    ],
)
def test_months_beginning_with_last_day(admitted: date, months: int, last_day: date) -> None:
    """Reference s10: the day before the corresponding date, or the month's last day."""
    assert last_day_of_months(admitted, months) == last_day
    assert months_period(admitted, months).last_day == last_day


@pytest.mark.parametrize(
    ("admitted", "index", "a", "b", "c"),
    [
        (date(2021, 10, 31), 1, date(2022, 10, 30), date(2022, 10, 30), date(2022, 10, 31)),
        (date(2024, 1, 1), 1, date(2024, 12, 30), date(2024, 12, 31), date(2024, 12, 31)),
    ],
)
def test_renewal_readings_match_reference(
    admitted: date, index: int, a: date, b: date, c: date
) -> None:
    """Reference s10 'Renewal end - unsettled': readings A, B, C; cpa_core uses B."""
    readings = renewal_readings(row(Section.S3), admitted, index)
    assert (readings.chained_after, readings.anchored, readings.chained_beginning) == (a, b, c)
    assert readings.earliest == min(a, b, c)
    assert not readings.agree
    start = datetime.combine(admitted, datetime.min.time(), tzinfo=LONDON)
    assert authority_periods(row(Section.S3), start, index + 1)[-1].last_day == b


def test_renewal_window_is_two_months_ending_on_expiry_day() -> None:
    """s20(3): the two months ending on the day the authority would expire."""
    (first,) = authority_periods(row(Section.S3), datetime(2026, 1, 15, tzinfo=LONDON), 1)
    window = renewal_window(first)
    assert window.start == datetime(2026, 5, 15, tzinfo=LONDON)
    assert window.last_day == date(2026, 7, 14)
    assert window.end == first.end


def test_renewal_window_month_end() -> None:
    (first,) = authority_periods(row(Section.S3), datetime(2025, 10, 31, tzinfo=LONDON), 1)
    assert first.last_day == date(2026, 4, 30)
    assert renewal_window(first).start == datetime(2026, 3, 1, tzinfo=LONDON)


def test_s37_counts_from_the_date_of_the_order() -> None:
    """MHA 1983 s40(4), Sch 1 Pt 1 para 6: s20 applies to a hospital order from the date of
    the order: 6 months, 6, then a year. Order made 1 Jan 2026: ends 30 Jun, then 31 Dec."""
    s37 = row(Section.S37)
    assert s37.periods == (6, 6, 12)
    assert s37.anchor is Anchor.MONTHS_BEGINNING_WITH
    order = datetime(2026, 1, 1, 11, tzinfo=UTC)
    assert expiry_of(Section.S37, order) == datetime(2026, 7, 1, tzinfo=LONDON)
    assert expiry_of(Section.S37, order, renewals=1) == datetime(2027, 1, 1, tzinfo=LONDON)
    # Sch 1 Pt 1 para 9: no application in the first six months; then each renewal period.
    windows = tribunal_windows(s37, order, TODAY)
    assert [w.last_day for w in windows] == [date(2026, 12, 31)]


@pytest.mark.parametrize(
    ("section", "renewals", "last_day"),
    [
        # s35(7): 28 days at a time, 12 weeks in all. Remanded 1 Jan 2026: day 28 is 28 Jan.
        (Section.S35, 0, date(2026, 1, 28)),
        (Section.S35, 1, date(2026, 2, 25)),
        (Section.S35, 2, date(2026, 3, 25)),  # day 84: 12 weeks
        (Section.S35, 5, date(2026, 3, 25)),  # never beyond 12 weeks in all
        (Section.S36, 2, date(2026, 3, 25)),  # s36(6): the same
        # s38(5): up to 12 weeks, then 28 days at a time, twelve months in all.
        (Section.S38, 0, date(2026, 3, 25)),
        (Section.S38, 1, date(2026, 4, 22)),
        (Section.S38, 40, date(2026, 12, 31)),  # twelve months beginning with 1 Jan
    ],
)
def test_court_remands_and_interim_orders(section: Section, renewals: int, last_day: date) -> None:
    """ss35(7), 36(6), 38(5): the latest each remand or renewal may run, capped in all."""
    start = datetime(2026, 1, 1, 11, tzinfo=UTC)
    periods = authority_periods(row(section), start, renewals + 1)
    assert periods[-1].last_day == last_day


def test_s135_counts_24_hours_from_arrival() -> None:
    """s135(3ZA): 24 hours beginning with arrival at the place of safety; s136B: 12 more.
    Arrival 20:00 BST on 24 Oct 2026, across the autumn change: ends 19:00 GMT on 25 Oct."""
    arrival = datetime(2026, 10, 24, 20, tzinfo=BST)
    assert expiry_of(Section.S135, arrival) == datetime(2026, 10, 25, 19, tzinfo=UTC)
    ext = Extension(authorised_at=arrival + timedelta(hours=20), hours=12)
    assert expiry_of(Section.S135, arrival, extension=ext) == datetime(2026, 10, 26, 7, tzinfo=UTC)


NOT_STATED = [
    Section.S37_41,
    Section.S37_GUARDIANSHIP,
    Section.S44,
    Section.S45A,
    Section.S46,
    Section.S47,
    Section.S47_49,
    Section.S48,
    Section.S48_49,
]


@pytest.mark.parametrize("section", NOT_STATED)
def test_sections_without_stated_anchor_compute_nothing(section: Section) -> None:
    """No anchor or period stated in the reference or the checked statute text: no expiry
    is invented."""
    assert not row(section).computable
    assert expiry_of(section, datetime(2026, 1, 1, tzinfo=UTC)) is None


def test_every_section_is_either_golden_or_not_stated() -> None:
    golden = {Section.S2, Section.S3, Section.S4, Section.S5_2, Section.S5_4, Section.S7}
    golden |= {Section.CTO, Section.S136, Section.S135, Section.S37}
    golden |= {Section.S35, Section.S36, Section.S38}
    assert golden | set(NOT_STATED) == set(Section)
    assert all(row(s).computable for s in golden)


# --- s4 converted to s2 keeps the s4 start ---------------------------------------------


def test_s4_converted_to_s2_counts_from_the_s4_start() -> None:
    """Reference s4 row: a second recommendation converts s4 to s2, treated as starting
    when the s4 began. s4 admitted 22:30 GMT on 28 March; converted on 29 March (BST):
    the 28 days begin with 28 March, so the s2 ends at London midnight after 24 April."""
    s4 = LegalStatusPeriod(
        period_id="A", section=Section.S4, start=datetime(2026, 3, 28, 22, 30, tzinfo=UTC)
    )
    s2 = LegalStatusPeriod(
        period_id="B",
        section=Section.S2,
        start=datetime(2026, 3, 29, 9, tzinfo=BST),
        converted_from="A",
    )
    detention = MhaDetention(detention_id="D", person_id="P009", periods=(s4, s2))
    assert expiry(detention, s2) == datetime(2026, 4, 25, tzinfo=LONDON)
    alone = MhaDetention(detention_id="D", person_id="P009", periods=(attrs_evolve(s2),))
    assert expiry(alone, alone.periods[0]) == datetime(2026, 4, 26, tzinfo=LONDON)


def test_s5_2_after_s5_4_counts_from_the_nurses_record() -> None:
    """MHA 1983 s5(5): after a nurse's record under s5(4), the s5(2) 72 hours begin at the
    time the record was made. Record 00:30 GMT on 29 March 2026 (before the spring change),
    report at 04:00 BST: the s5(2) ends 72 real hours after 00:30 GMT, at 01:30 BST 1 April."""
    nurse = LegalStatusPeriod(
        period_id="A", section=Section.S5_4, start=datetime(2026, 3, 29, 0, 30, tzinfo=UTC)
    )
    doctor = LegalStatusPeriod(
        period_id="B",
        section=Section.S5_2,
        start=datetime(2026, 3, 29, 4, tzinfo=BST),
        converted_from="A",
    )
    detention = MhaDetention(detention_id="D", person_id="P009", periods=(nurse, doctor))
    assert expiry(detention, doctor) == datetime(2026, 4, 1, 0, 30, tzinfo=UTC)


def attrs_evolve(period: LegalStatusPeriod) -> LegalStatusPeriod:
    import attrs

    return attrs.evolve(period, converted_from=None)


def test_s2_converted_to_s3_starts_afresh() -> None:
    """An s3 application while on s2 starts a new period (s5(1)): no kept start."""
    s2 = LegalStatusPeriod(
        period_id="A", section=Section.S2, start=datetime(2026, 1, 1, tzinfo=UTC)
    )
    s3 = LegalStatusPeriod(
        period_id="B",
        section=Section.S3,
        start=datetime(2026, 1, 20, 12, tzinfo=UTC),
        converted_from="A",
    )
    detention = MhaDetention(detention_id="D", person_id="P003", periods=(s2, s3))
    assert expiry(detention, s3) == datetime(2026, 7, 20, tzinfo=LONDON)


# --- s58 three months; s2 tribunal window; managers' reference ----------------------------


@pytest.mark.parametrize(
    ("first", "needed_from"),
    [
        (date(2026, 2, 10), date(2026, 5, 10)),  # reference s10 worked example
        (date(2025, 11, 30), date(2026, 2, 28)),  # no 30 February: month's last day
        (date(2026, 1, 31), date(2026, 4, 30)),
    ],
)
def test_s58_three_month_date(first: date, needed_from: date) -> None:
    """s58(1)(b): conservative reading, the corresponding date three months on."""
    assert s58_certificate_from(first) == needed_from


@pytest.mark.parametrize(
    ("admitted", "last_day"),
    [
        (datetime(2026, 11, 10, 14, tzinfo=UTC), date(2026, 11, 23)),
        (datetime(2026, 3, 20, 14, tzinfo=UTC), date(2026, 4, 2)),  # across spring change
        (datetime(2026, 10, 20, 14, tzinfo=BST), date(2026, 11, 2)),  # across autumn change
    ],
)
def test_s2_tribunal_window(admitted: datetime, last_day: date) -> None:
    """s66: within the first 14 days, the admission day counting as day 1."""
    window = s2_tribunal_window(row(Section.S2), admitted)
    assert window is not None
    assert window.start == datetime.combine(
        admitted.astimezone(LONDON).date(), datetime.min.time(), tzinfo=LONDON
    )
    assert window.last_day == last_day
    assert s2_tribunal_window(row(Section.S3), admitted) is None


def test_s3_tribunal_windows_six_six_twelve() -> None:
    windows = tribunal_windows(
        row(Section.S3), datetime(2026, 1, 15, tzinfo=LONDON), date(2027, 8, 1)
    )
    assert [w.last_day for w in windows] == [
        date(2026, 7, 14),
        date(2027, 1, 14),
        date(2028, 1, 14),
    ]


def test_s68_managers_reference_at_six_months() -> None:
    """s68(2), (5)(b)(i): six months beginning with the day of admission under s3."""
    detention, s3 = one(Section.S3, datetime(2026, 6, 1, 15, tzinfo=BST))
    assert managers_reference_due(detention, s3) == datetime(2026, 12, 1, tzinfo=LONDON)
    detention, s7 = one(Section.S7, datetime(2026, 6, 1, tzinfo=UTC))
    assert managers_reference_due(detention, s7) is None


# --- s117 eligibility per section (reference s4) ------------------------------------------


@pytest.mark.parametrize(
    ("section", "eligible"),
    [
        (Section.S3, S117.ELIGIBLE),
        (Section.S37, S117.ELIGIBLE),
        (Section.S37_41, S117.ELIGIBLE),
        (Section.S45A, S117.ELIGIBLE),
        (Section.S47, S117.ELIGIBLE),
        (Section.S47_49, S117.ELIGIBLE),
        (Section.S48_49, S117.ELIGIBLE),
        # s117(1): "a transfer direction made under section 47 or 48", restricted or not.
        (Section.S48, S117.ELIGIBLE),
        (Section.CTO, S117.ELIGIBLE),  # s117(2): a community patient keeps it
        (Section.S2, S117.NOT_ELIGIBLE),
        (Section.S4, S117.NOT_ELIGIBLE),
        (Section.S5_2, S117.NOT_ELIGIBLE),
        (Section.S5_4, S117.NOT_ELIGIBLE),
        # s117(1) lists the eligible routes exhaustively: guardianship, places of safety,
        # remands and interim orders are not among them (reference section 11).
        (Section.S7, S117.NOT_ELIGIBLE),
        (Section.S37_GUARDIANSHIP, S117.NOT_ELIGIBLE),
        (Section.S135, S117.NOT_ELIGIBLE),
        (Section.S136, S117.NOT_ELIGIBLE),
        (Section.S35, S117.NOT_ELIGIBLE),
        (Section.S36, S117.NOT_ELIGIBLE),
        (Section.S38, S117.NOT_ELIGIBLE),
    ],
)
def test_s117_eligibility_per_section(section: Section, eligible: S117) -> None:
    """MHA 1983 s117(1), (2) (legislation.gov.uk section/117)."""
    detention, _ = one(section, datetime(2026, 1, 15, tzinfo=UTC))
    assert s117_eligibility(detention) is eligible


def test_s117_eligibility_of_a_chain() -> None:
    """s2 then s3: eligible through the s3."""
    s2 = LegalStatusPeriod(
        period_id="A", section=Section.S2, start=datetime(2026, 1, 1, tzinfo=UTC)
    )
    s3 = LegalStatusPeriod(
        period_id="B", section=Section.S3, start=datetime(2026, 1, 20, tzinfo=UTC)
    )
    chain = MhaDetention(detention_id="D", person_id="P003", periods=(s2, s3))
    assert s117_eligibility(chain) is S117.ELIGIBLE


def test_s117_eligibility_before_any_row_is_not_stated() -> None:
    """A s136 before the 2017 catalogue row: no row, so not stated (never 'not eligible')."""
    detention, _ = one(Section.S136, datetime(2015, 1, 1, tzinfo=UTC))
    assert s117_eligibility(detention) is S117.NOT_STATED
