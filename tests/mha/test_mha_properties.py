"""Property tests: expiry never before start, renewals chain, audit never raises."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from cpa_core import convert, validate
from cpa_core._time import LONDON
from cpa_core.findings import Severity
from cpa_core.mha import (
    Aftercare,
    Certificate,
    CertificateForm,
    EndReason,
    Extension,
    LegalStatusPeriod,
    MhaDetention,
    Renewal,
    RightsGiven,
    Section,
    TribunalApplication,
    authority_periods,
    check_detention,
    expiry,
    last_day_of_months,
    renewal_window,
    section_rule,
)
from cpa_core.policy import TrustPolicy
from cpa_core.policy.mha import MhaPolicy

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
        out.append(
            LegalStatusPeriod(
                period_id=f"p{index}",
                section=section,
                start=start,
                converted_from=draw(st.none() | st.sampled_from([f"p{i}" for i in range(count)])),
                renewals=tuple(Renewal(report_on=d) for d in draw(st.lists(days, max_size=3))),
                extension=ext,
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
        left_hospital_on=draw(st.none() | days),
        aftercare=draw(
            st.none() | st.builds(Aftercare, started_on=days, ended_on=st.none() | days)
        ),
    )


@settings(max_examples=150, deadline=None)
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
