"""Property tests: expiry never before start, renewals chain, every event period is
DST-safe and right at month ends, audit never raises."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from typing import TypeVar

from hypothesis import given, settings
from hypothesis import strategies as st

from cpa_core import convert, statutory_time, validate
from cpa_core.findings import Severity
from cpa_core.mha import (
    Absence,
    Aftercare,
    Certificate,
    CertificateForm,
    ConditionKind,
    CtoCondition,
    EndReason,
    Extension,
    Leave,
    LegalStatusPeriod,
    MhaDetention,
    Recall,
    Renewal,
    RightsGiven,
    Section,
    TribunalApplication,
    authority,
    authority_periods,
    base_expiry,
    check_detention,
    custody_end,
    expiry,
    last_day_of_months,
    leave_is_longer_term,
    managers_reference_due,
    managers_reference_duties,
    part4a_certificate_from,
    recall_limit,
    renewal_window,
    s58_certificate_from,
    section_rule,
)
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy
from cpa_core.statutory_time import LONDON

instants = st.datetimes(
    min_value=datetime(2018, 1, 1),
    max_value=datetime(2035, 12, 31),
    timezones=st.just(LONDON),
    allow_imaginary=False,
)
days = st.dates(min_value=date(2018, 1, 1), max_value=date(2035, 12, 31))
computable = [s for s in Section if section_rule(s, date(2026, 1, 1)).computable]


@given(section=st.sampled_from(computable), start=instants, renewals=st.integers(0, 6))
def test_expiry_never_before_start_and_monotonic(
    section: Section, start: datetime, renewals: int
) -> None:
    item = section_rule(section, start.date())
    periods = authority_periods(item, start, renewals + 1)
    assert periods
    assert periods[0].end > start
    for earlier, later in itertools.pairwise(periods):
        assert later.start == earlier.end  # a renewal begins when the previous period ends
        assert later.end > later.start
    record = MhaDetention(
        detention_id="D",
        person_id="P",
        periods=(
            LegalStatusPeriod(
                period_id="A",
                section=section,
                start=start,
                renewals=tuple(Renewal(report_on=date(2020, 1, 1)) for _ in range(renewals)),
            ),
        ),
    )
    end = expiry(record, record.periods[0])
    assert end is not None
    assert end > start
    assert end == periods[-1].end


@given(day=days, months=st.integers(1, 40))
def test_months_last_day_bounds(day: date, months: int) -> None:
    last = last_day_of_months(day, months)
    assert last >= day
    assert last_day_of_months(day, months + 1) > last


@given(start=instants, renewals=st.integers(0, 4))
def test_renewal_window_ends_with_the_period(start: datetime, renewals: int) -> None:
    periods = authority_periods(section_rule(Section.S3, start.date()), start, renewals + 1)
    window = renewal_window(periods[-1])
    assert window.end == periods[-1].end
    assert timedelta(days=58) <= window.duration <= timedelta(days=63)


@given(start=instants)
def test_mha2025_s3_first_period_shorter_than_1983(start: datetime) -> None:
    old = authority_periods(section_rule(Section.S3, start.date()), start, 4)
    new = authority_periods(section_rule(Section.S3, start.date(), mha2025=True), start, 4)
    assert new[0].end < old[0].end
    assert new[1].end == old[0].end  # 3 + 3 months end where 6 months end


def _is_london_midnight(instant: datetime) -> bool:
    local = instant.astimezone(LONDON)
    return (local.hour, local.minute, local.second, local.microsecond) == (0, 0, 0, 0)


# Month ends and clock changes are where the counting goes wrong: draw days near them.
edge_days = (
    st.sampled_from(
        [
            date(2026, 1, 31),
            date(2026, 3, 29),
            date(2026, 8, 31),
            date(2026, 10, 25),
            date(2027, 8, 29),
            date(2027, 10, 31),
            date(2028, 2, 29),
            date(2023, 8, 30),
        ]
    )
    | days
)
edge_instants = st.builds(
    lambda day, minutes: statutory_time.start_of_day(day) + timedelta(minutes=minutes),
    edge_days,
    st.integers(0, 24 * 60 - 1),
)


def _s3(start: datetime, **kw: object) -> tuple[MhaDetention, LegalStatusPeriod]:
    period = LegalStatusPeriod(period_id="A", section=Section.S3, start=start, **kw)  # type: ignore[arg-type]
    return MhaDetention(detention_id="D", person_id="P", periods=(period,)), period


@given(start=edge_instants, offset=st.integers(-10, 10), away=st.integers(0, 400))
def test_s21_extension_ends_a_week_after_return(start: datetime, offset: int, away: int) -> None:
    """s21(2): returned within the custody period, the authority ends at London midnight
    after the seventh day beginning with the return day, and never before its base end."""
    record, period = _s3(start)
    base = base_expiry(record, period)
    assert base is not None
    absent = base + timedelta(days=offset)
    returned = absent + timedelta(hours=away)
    record, period = _s3(start, absences=(Absence(started_at=absent, returned_at=returned),))
    found = authority(record, period)
    assert found is not None
    assert found.end >= found.base_end
    assert _is_london_midnight(found.end)
    if found.provision == "s21(2)(a), (b)":
        week = statutory_time.days_beginning_with(statutory_time.london_date(returned), 7)
        assert found.end == week.end
        assert timedelta(hours=167) <= week.duration <= timedelta(hours=169)


@given(start=edge_instants, absent_after=st.integers(0, 24 * 400))
def test_s18_4_custody_is_the_later_of_six_months_and_the_period(
    start: datetime, absent_after: int
) -> None:
    """s18(4): six months beginning with the first day of absence (the month-end rule: from
    31 Aug to the end of February), or the end of the period if later; London midnight."""
    absent = start + timedelta(hours=absent_after)
    absence = Absence(started_at=absent)
    record, period = _s3(start, absences=(absence,))
    end = custody_end(record, period, absence)
    base = base_expiry(record, period)
    assert base is not None
    six = statutory_time.months_beginning_with(statutory_time.london_date(absent), 6)
    assert end == max(six.end, base)
    assert _is_london_midnight(end)
    assert six.last_day == last_day_of_months(statutory_time.london_date(absent), 6)


@given(start=edge_instants, away_days=st.integers(29, 200), report=st.none() | st.integers(0, 10))
def test_s21b_without_a_report_ends_at_the_week(
    start: datetime, away_days: int, report: int | None
) -> None:
    """s21B(4): returned after 28 days, the authority never outlasts the week beginning with
    the return day unless a report is furnished in it."""
    absent = start + timedelta(days=10)
    returned = absent + timedelta(days=away_days)
    return_day = statutory_time.london_date(returned)
    report_on = None if report is None else statutory_time.add_days(return_day, report)
    absence = Absence(started_at=absent, returned_at=returned, report_on=report_on)
    record, period = _s3(start, absences=(absence,))
    found = authority(record, period)
    assert found is not None
    week = statutory_time.days_beginning_with(return_day, 7)
    assert found.report_due == week.last_day
    if report_on is None or report_on > week.last_day:
        assert found.end <= max(week.end, found.base_end)
        assert found.report_missing
        if found.base_end > week.end:
            assert found.end == week.end
    else:
        assert found.end >= week.end or found.end == found.base_end


@given(detained=instants, absent_after=st.none() | st.integers(0, 71), away=st.integers(1, 100))
def test_recall_is_72_real_hours(detained: datetime, absent_after: int | None, away: int) -> None:
    """s17F(8): 72 real hours from detention, across clock changes; s21(4): 72 hours from
    the return when absent on the day they would expire."""
    recall = Recall(recalled_at=detained, detained_at=detained)
    absences: tuple[Absence, ...] = ()
    if absent_after is not None:
        gone = detained + timedelta(hours=absent_after)
        absences = (Absence(started_at=gone, returned_at=gone + timedelta(hours=away)),)
    cto = LegalStatusPeriod(
        period_id="C",
        section=Section.CTO,
        start=detained - timedelta(days=30),
        recalls=(recall,),
        absences=absences,
    )
    limit = recall_limit(cto, recall)
    assert limit.end is not None
    # Real elapsed time: compared in UTC (Python subtracts same-zone datetimes by wall clock).
    end = limit.end.astimezone(UTC)
    if limit.absence is None:
        assert end - detained.astimezone(UTC) == timedelta(hours=72)
    else:
        assert limit.absence.returned_at is not None
        assert end >= detained.astimezone(UTC) + timedelta(hours=72)
        assert end - limit.absence.returned_at.astimezone(UTC) <= timedelta(hours=72)


@given(made=edge_days, first=edge_days, mha2025=st.booleans())
def test_part4a_after_the_month_and_s58(made: date, first: date, mha2025: bool) -> None:
    """s64B(4): never within the month beginning with the CTO day; s64C(3): never before
    s58 would apply."""
    needed = part4a_certificate_from(made, first, mha2025=mha2025)
    assert needed > last_day_of_months(made, 1)
    assert needed >= s58_certificate_from(first, mha2025=mha2025)
    assert needed == max(
        statutory_time.add_days(last_day_of_months(made, 1), 1),
        s58_certificate_from(first, mha2025=mha2025),
    )


@given(start=edge_instants, minutes=st.integers(0, 60 * 24 * 20))
def test_leave_longer_term_is_the_wall_clock_week(start: datetime, minutes: int) -> None:
    """s17(2B): more than seven consecutive days on the London wall clock, whatever the
    clocks do; monotonic in the end."""
    end = start + timedelta(minutes=minutes)
    longer = leave_is_longer_term(Leave(start=start, end=end))
    local_start, local_end = start.astimezone(LONDON), end.astimezone(LONDON)
    wall = local_end.replace(tzinfo=None) - local_start.replace(tzinfo=None)
    assert longer is (wall > timedelta(days=7))
    if longer:
        assert leave_is_longer_term(Leave(start=start, end=end + timedelta(hours=1)))


@given(s2_day=edge_days, gap=st.integers(0, 27))
def test_s68_reference_counts_from_the_s2_admission(s2_day: date, gap: int) -> None:
    """s68(5)(b)(ii): the reference after an s2 then s3 falls due at London midnight after
    six months beginning with the s2 admission, wherever the s3 starts in the 28 days."""
    s2_start = statutory_time.start_of_day(s2_day) + timedelta(hours=10)
    s3_start = s2_start + timedelta(days=gap, hours=1)
    s2 = LegalStatusPeriod(
        period_id="A",
        section=Section.S2,
        start=s2_start,
        end=s3_start,
        end_reason=EndReason.CONVERTED,
    )
    s3 = LegalStatusPeriod(period_id="B", section=Section.S3, start=s3_start, converted_from="A")
    record = MhaDetention(detention_id="D", person_id="P", periods=(s2, s3))
    due = managers_reference_due(record, s3)
    assert due is not None
    assert _is_london_midnight(due)
    assert statutory_time.london_date(due) == statutory_time.add_days(
        last_day_of_months(s2_day, 6), 1
    )


@given(
    heard=st.dates(min_value=date(2021, 1, 1), max_value=date(2026, 6, 1)), born=st.none() | days
)
def test_s68_6_due_after_three_years_or_one(heard: date, born: date | None) -> None:
    """s68(6): the day after three whole years (one year under 18) since the hearing."""
    renewals = tuple(Renewal(report_on=date(2020, 6, 1)) for _ in range(12))
    period = LegalStatusPeriod(
        period_id="A",
        section=Section.S3,
        start=datetime(2020, 1, 10, tzinfo=LONDON),
        renewals=renewals,
    )
    record = MhaDetention(
        detention_id="D",
        person_id="P",
        periods=(period,),
        tribunal_hearings=(heard,),
        date_of_birth=born,
        managers_references=(date(2020, 7, 1),),
    )
    duties = managers_reference_duties(
        record, datetime(2026, 6, 2, tzinfo=LONDON), horizon=timedelta(days=2000)
    )
    (periodic,) = [d for d in duties if "s68(6)" in d.source.locator]
    day = statutory_time.london_date(periodic.due)
    assert day in (
        statutory_time.add_days(statutory_time.full_months_after(heard, 36), 1),
        statutory_time.add_days(statutory_time.full_months_after(heard, 12), 1),
    )
    assert day > heard


@given(
    section=st.sampled_from([Section.S35, Section.S36, Section.S38]),
    start=edge_instants,
    renewals=st.integers(0, 30),
)
def test_court_periods_never_pass_their_limits(
    section: Section, start: datetime, renewals: int
) -> None:
    """ss35(7), 36(6): 12 weeks in all; s38(5): twelve months in all."""
    item = section_rule(section, start.date())
    periods = authority_periods(item, start, renewals + 1)
    day = statutory_time.london_date(start)
    if item.overall_limit_days is not None:
        limit = statutory_time.days_beginning_with(day, item.overall_limit_days).end
    else:
        assert item.overall_limit_months is not None
        limit = statutory_time.months_beginning_with(day, item.overall_limit_months).end
    assert periods[-1].end <= limit
    assert all(p.end > p.start for p in periods)
    assert all(_is_london_midnight(p.end) for p in periods)


T = TypeVar("T")


def _maybe_hours(most: int) -> st.SearchStrategy[int | None]:
    return st.none() | st.integers(0, most)


def _later(instant: datetime, hours: int | None) -> datetime | None:
    return None if hours is None else instant + timedelta(hours=hours)


def _leave(start: datetime, hours: int | None, considered: date | None) -> Leave:
    return Leave(start=start, end=_later(start, hours), cto_considered_on=considered)


def _absence(start: datetime, hours: int | None, report: date | None) -> Absence:
    return Absence(started_at=start, returned_at=_later(start, hours), report_on=report)


def _recall(start: datetime, detained: int | None, released: int | None, revoked: bool) -> Recall:
    return Recall(
        recalled_at=start,
        detained_at=_later(start, detained),
        released_at=_later(start, released),
        revoked=revoked,
    )


def _periods(draw: st.DrawFn) -> tuple[LegalStatusPeriod, ...]:
    count = draw(st.integers(1, 3))
    out: list[LegalStatusPeriod] = []
    start = draw(instants)
    for index in range(count):
        section = draw(st.sampled_from(list(Section)))
        ended = draw(st.booleans())
        end = start + timedelta(hours=draw(st.integers(0, 24 * 400))) if ended else None
        ext = draw(
            st.none()
            | st.builds(
                Extension,
                authorised_at=st.just(start + timedelta(hours=3)),
                hours=st.integers(1, 72),
            )
        )
        moment = st.builds(lambda h, o=start: o + timedelta(hours=h), st.integers(0, 24 * 400))

        def few(strategy: st.SearchStrategy[T]) -> tuple[T, ...]:
            return tuple(draw(st.lists(strategy, max_size=2)))

        out.append(
            LegalStatusPeriod(
                period_id=f"p{index}",
                section=section,
                start=start,
                converted_from=draw(st.none() | st.sampled_from([f"p{i}" for i in range(count)])),
                renewals=tuple(
                    Renewal(report_on=d, amhp_agreed_on=draw(st.none() | days))
                    for d in draw(st.lists(days, max_size=3))
                ),
                extension=ext,
                leave=few(st.builds(_leave, moment, _maybe_hours(24 * 30), st.none() | days)),
                absences=few(st.builds(_absence, moment, _maybe_hours(24 * 200), st.none() | days)),
                conditions=few(
                    st.builds(
                        CtoCondition,
                        kind=st.sampled_from(list(ConditionKind)),
                        specified_on=days,
                        suspended_on=st.none() | days,
                    )
                ),
                recalls=few(
                    st.builds(_recall, moment, _maybe_hours(10), _maybe_hours(200), st.booleans())
                ),
                end=end,
                end_reason=draw(st.none() | st.sampled_from(list(EndReason))),
                legal_status_code=draw(st.none() | st.sampled_from(["02", "03", "20", "11", "77"])),
            )
        )
        start = (end or start) + timedelta(hours=draw(st.integers(-5, 48)))
    return tuple(out)


@st.composite
def detentions(draw: st.DrawFn) -> MhaDetention:
    periods = _periods(draw)
    ids = [p.period_id for p in periods]
    return MhaDetention(
        detention_id="D",
        person_id="P004",
        nhs_number=draw(st.none() | st.just("9990000549")),
        date_of_birth=draw(st.none() | days),
        periods=periods,
        medication_first_given=draw(st.none() | days),
        certificates=tuple(
            draw(
                st.lists(
                    st.builds(
                        Certificate,
                        form=st.sampled_from(list(CertificateForm)),
                        given_on=days,
                        withdrawn_on=st.none() | days,
                    ),
                    max_size=2,
                )
            )
        ),
        rights=tuple(
            draw(
                st.lists(
                    st.builds(
                        RightsGiven,
                        period_id=st.sampled_from(ids),
                        at=instants,
                        understood=st.booleans(),
                    ),
                    max_size=3,
                )
            )
        ),
        tribunal_applications=tuple(
            draw(
                st.lists(
                    st.builds(
                        TribunalApplication,
                        period_id=st.sampled_from(ids),
                        applied_on=days,
                        withdrawn=st.booleans(),
                    ),
                    max_size=2,
                )
            )
        ),
        managers_references=tuple(draw(st.lists(days, max_size=1))),
        tribunal_hearings=tuple(draw(st.lists(days, max_size=2))),
        left_hospital_on=draw(st.none() | days),
        aftercare=draw(
            st.none() | st.builds(Aftercare, started_on=days, ended_on=st.none() | days)
        ),
    )


@settings(max_examples=200, deadline=None)
@given(record=detentions(), as_of=instants, switched=st.booleans())
def test_audit_never_raises_and_round_trips(
    record: MhaDetention, as_of: datetime, switched: bool
) -> None:
    policy = TrustPolicy(mha=MhaPolicy(mha2025_in_force_for_testing=switched))
    report = check_detention(record, as_of.astimezone(UTC), policy)
    for finding in report:
        assert finding.code.startswith("MHA-")
        assert "9990000549" not in finding.message
    data = convert.unstructure(record)
    assert not [
        f
        for f in validate("mha-detention", data)
        if f.code.startswith("RECORD-") and f.severity is Severity.ERROR
    ]
    # Compared as JSON: Python never treats an ambiguous London time (the repeated hour in
    # October) as equal to the same instant in another zone.
    assert convert.unstructure(convert.structure(data, MhaDetention)) == data
