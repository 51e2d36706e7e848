"""Golden cases for the tribunal calendar of a chain: the patient's application windows
(s66) and the hospital managers' references (s68(2), (3), (4), (5), (6), (7)), with
absence without leave (s21(3)) and the MHA 2025 values under the testing switch.

Each expected value is worked by hand from the section cited, in the revised text of the
Mental Health Act 1983 (legislation.gov.uk section/66, section/68) and, for the MHA 2025
rows, the Act as enacted (section/30, section/31).
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

import attrs
import pytest
from mha_builders import POLICY, SWITCHED, at, midnight, period

from cpa_core.findings import Severity
from cpa_core.mha import (
    Absence,
    EndReason,
    LegalStatusPeriod,
    MhaDetention,
    Renewal,
    Section,
    TribunalApplication,
    application_paragraph,
    check_detention,
    managers_reference_due,
    managers_reference_duties,
    tribunal_calendar,
)
from cpa_core.policy import TrustPolicy
from cpa_core.statutory_time import LONDON


def chain(*periods: LegalStatusPeriod, **kw: Any) -> MhaDetention:
    return MhaDetention(detention_id="D1", person_id="P003", periods=periods, **kw)


def s2_then_s3(**kw: Any) -> MhaDetention:
    """s2 from 1 Jan 2026, s3 from 20 Jan 2026 while liable under the s2 (s5(1))."""
    s2 = period(
        Section.S2,
        at(date(2026, 1, 1)),
        "A",
        end=at(date(2026, 1, 20)),
        end_reason=EndReason.CONVERTED,
    )
    s3 = period(Section.S3, at(date(2026, 1, 20)), "B", converted_from="A")
    return chain(s2, s3, **kw)


def references(record: MhaDetention, as_of: datetime, policy: TrustPolicy = POLICY) -> list[Any]:
    return [
        (f.code, f.severity, f.due)
        for f in check_detention(record, as_of, policy)
        if "MANAGERS-REFERENCE" in f.code
    ]


# --- s68(2), (5)(b)(ii): the s2 then s3 case of the issue ---------------------------------


def test_s68_5_b_ii_reference_counts_from_the_s2_admission() -> None:
    """s68(5)(b)(ii): the applicable day is the original s2 admission. s2 from 1 Jan, s3
    from 20 Jan: six months beginning with 1 Jan expire at the end of 30 Jun, not 20 Jul."""
    record = s2_then_s3()
    assert managers_reference_due(record, record.periods[1]) == midnight(date(2026, 7, 1))
    due = midnight(date(2026, 7, 1))
    assert references(record, at(date(2026, 6, 20))) == [
        ("MHA-MANAGERS-REFERENCE-DUE", Severity.WARNING, due)
    ]
    # The day: 2 July shows the duty (nothing showed under the old count).
    assert references(record, at(date(2026, 7, 2))) == [
        ("MHA-MANAGERS-REFERENCE-OVERDUE", Severity.ERROR, due)
    ]
    (finding,) = check_detention(record, at(date(2026, 7, 2)), POLICY).filter(
        code="MHA-MANAGERS-REFERENCE-OVERDUE"
    )
    assert finding.source is not None
    assert finding.source.locator.startswith("s68(1)(b)")
    assert "(5)(b)" in finding.source.locator


def test_s68_3_a_an_s2_application_does_not_remove_the_duty() -> None:
    """s68(3)(a) lists s66(1)(b), (ca), (cb), (e), (g), (h): an s2 application under
    s66(1)(a) does not remove the duty; an s3 application (b) in the six months does; a
    withdrawn one counts as not made (s68(4))."""
    s2_applied = s2_then_s3(
        tribunal_applications=(TribunalApplication(period_id="A", applied_on=date(2026, 1, 5)),)
    )
    assert application_paragraph(s2_applied, s2_applied.tribunal_applications[0]) == "a"
    assert references(s2_applied, at(date(2026, 7, 2)))
    s3_applied = s2_then_s3(
        tribunal_applications=(TribunalApplication(period_id="B", applied_on=date(2026, 3, 5)),)
    )
    assert application_paragraph(s3_applied, s3_applied.tribunal_applications[0]) == "b"
    assert references(s3_applied, at(date(2026, 7, 2))) == []
    withdrawn = s2_then_s3(
        tribunal_applications=(
            TribunalApplication(period_id="B", applied_on=date(2026, 3, 5), withdrawn=True),
        )
    )
    assert references(withdrawn, at(date(2026, 7, 2)))


def test_a_recorded_reference_discharges_the_duty() -> None:
    record = s2_then_s3(managers_references=(date(2026, 6, 30),))
    assert references(record, at(date(2026, 7, 2))) == []


def test_s21_3_reference_waits_for_the_return() -> None:
    """s21(3): absent without leave on the day the reference would be required (1 Jul), it
    is not required until the return."""
    record = s2_then_s3()
    s3 = record.periods[1]
    gone = attrs.evolve(s3, absences=(Absence(started_at=at(date(2026, 6, 28))),))
    away = attrs.evolve(record, periods=(record.periods[0], gone))
    assert references(away, at(date(2026, 7, 2))) == [
        ("MHA-MANAGERS-REFERENCE-SUSPENDED", Severity.INFO, midnight(date(2026, 7, 1)))
    ]
    # Before the day comes the patient may yet return: the reference is shown as due.
    assert references(away, at(date(2026, 6, 29))) == [
        ("MHA-MANAGERS-REFERENCE-DUE", Severity.WARNING, midnight(date(2026, 7, 1)))
    ]
    back_at = datetime(2026, 7, 5, 10, tzinfo=LONDON)
    returned = attrs.evolve(
        s3, absences=(Absence(started_at=at(date(2026, 6, 28)), returned_at=back_at),)
    )
    home = attrs.evolve(record, periods=(record.periods[0], returned))
    assert references(home, at(date(2026, 7, 4))) == [
        ("MHA-MANAGERS-REFERENCE-DUE", Severity.WARNING, back_at)
    ]
    assert references(home, at(date(2026, 7, 6)))[0][0] == "MHA-MANAGERS-REFERENCE-OVERDUE"
    # The finding names the day the period expired and the return it waited for.
    (late,) = check_detention(home, at(date(2026, 7, 6)), POLICY).filter(
        code="MHA-MANAGERS-REFERENCE-OVERDUE"
    )
    assert "expired 2026-06-30" in late.message
    assert "2026-07-05" in late.message


# --- s68(1)(c), (5)(c): community patients; s68(7): revocation ----------------------------


def cto_chain(**kw: Any) -> MhaDetention:
    """s3 from 1 Mar 2026; CTO made 10 Jul 2026, before the six months end (31 Aug)."""
    s3 = period(
        Section.S3,
        at(date(2026, 3, 1)),
        "A",
        end=at(date(2026, 7, 10)),
        end_reason=EndReason.CONVERTED,
    )
    cto = period(Section.CTO, at(date(2026, 7, 10)), "C", converted_from="A")
    return chain(s3, cto, **kw)


def test_s68_1_c_community_patient_from_the_original_admission() -> None:
    """s68(1)(c), (5)(c): a community patient's applicable day is that of the admission for
    treatment: the reference falls due at the end of 31 Aug 2026, while the CTO is in force."""
    record = cto_chain()
    (duty,) = [
        d for d in managers_reference_duties(record, at(date(2026, 9, 2))) if d.period_id == "C"
    ]
    assert duty.due == midnight(date(2026, 9, 1))
    assert duty.source.locator.startswith("s68(1)(c)")
    assert references(record, at(date(2026, 9, 2)))[0][0] == "MHA-MANAGERS-REFERENCE-OVERDUE"
    cto_applied = cto_chain(
        tribunal_applications=(TribunalApplication(period_id="C", applied_on=date(2026, 8, 1)),)
    )
    assert application_paragraph(cto_applied, cto_applied.tribunal_applications[0]) == "ca"
    assert references(cto_applied, at(date(2026, 9, 2))) == []


def test_mha2025_community_reference_from_the_order() -> None:
    """MHA 2025 s31(4): a community patient is referred at six months beginning with the day
    the CTO was made (new s68(5)(c)), then in the 6-12 months, then yearly."""
    record = cto_chain()
    (duty,) = [
        d
        for d in managers_reference_duties(record, at(date(2027, 1, 12)), SWITCHED.mha)
        if d.period_id == "C"
    ]
    assert duty.due == midnight(date(2027, 1, 10))


# --- Sch 1 Pt 1 para 10: s68 for hospital-order patients ----------------------------------


def s37_cto_chain(**kw: Any) -> MhaDetention:
    """s37 order 10 Jan 2025; CTO made 1 Mar 2025 (Sch 1 Pt 1 para 1: s17A applies)."""
    s37 = period(
        Section.S37,
        at(date(2025, 1, 10)),
        "A",
        end=at(date(2025, 3, 1)),
        end_reason=EndReason.CONVERTED,
    )
    cto = period(Section.CTO, at(date(2025, 3, 1)), "C", converted_from="A")
    return chain(s37, cto, **kw)


def test_sch1_para10_no_six_month_reference_for_a_hospital_order_cto() -> None:
    """Sch 1 Pt 1 para 10 (revised text of the 1983 Act): for a hospital-order patient
    s68(1)(a) is omitted and s68(2)-(5) apply only after a transfer from guardianship to
    hospital. A CTO made after an s37 gets no s68(1)(c) reference at six months (it was an
    error before); MHA 2025 s31(7) would apply s68(2)-(5) to such a community patient, from
    the day the CTO was made (new s68(5)(c))."""
    record = s37_cto_chain()
    assert references(record, at(date(2025, 10, 15))) == []
    assert managers_reference_due(record, record.periods[1]) is None
    switched = [
        d
        for d in managers_reference_duties(record, at(date(2025, 10, 15)), SWITCHED.mha)
        if d.period_id == "C"
    ]
    assert [d.due for d in switched] == [midnight(date(2025, 9, 1))]


def test_sch1_para10_s68_6_applies_to_a_hospital_order() -> None:
    """Sch 1 Pt 1 para 10 leaves s68(6) in place: an s37 patient whose case a tribunal last
    considered on 1 Sep 2021 is referred once more than three years have elapsed, from
    2 Sep 2024."""
    renewals = tuple(
        Renewal(report_on=day)
        for day in (
            date(2021, 6, 1),
            date(2021, 12, 1),
            date(2022, 12, 1),
            date(2023, 12, 1),
            date(2024, 12, 1),
        )
    )
    s37 = period(Section.S37, at(date(2021, 1, 10)), "A", renewals=renewals)
    record = chain(s37, tribunal_hearings=(date(2021, 9, 1),))
    assert references(record, at(date(2025, 6, 1))) == [
        ("MHA-MANAGERS-REFERENCE-OVERDUE", Severity.ERROR, midnight(date(2024, 9, 2)))
    ]
    referred = attrs.evolve(record, managers_references=(date(2024, 9, 20),))
    assert references(referred, at(date(2025, 6, 1))) == []


def test_sch1_para10_s68_7_on_revoking_a_hospital_order_cto() -> None:
    """s68(7), unmodified by Sch 1 Pt 1 para 10: the managers refer as soon as possible after
    a Part 3 CTO is revoked (the hospital order restored, s17G as applied by para 2B)."""
    record = s37_cto_chain()
    cto = attrs.evolve(record.periods[1], end=at(date(2025, 11, 3)), end_reason=EndReason.REVOKED)
    restored = period(Section.S37, at(date(2025, 11, 3)), "R", converted_from="C")
    revoked = chain(record.periods[0], cto, restored)
    assert references(revoked, at(date(2025, 11, 4))) == [
        ("MHA-MANAGERS-REFERENCE-REVOCATION", Severity.WARNING, date(2025, 11, 3))
    ]


# --- s68(6) -----------------------------------------------------------------------------

RENEWALS = tuple(
    Renewal(report_on=day)
    for day in (
        date(2020, 6, 1),
        date(2020, 12, 1),
        date(2021, 12, 1),
        date(2022, 12, 1),
        date(2023, 12, 1),
        date(2024, 12, 1),
        date(2025, 12, 1),
    )
)


def long_s3(**kw: Any) -> MhaDetention:
    """s3 from 10 Jan 2020, renewed each time: in force to the end of 9 Jan 2027 (s20(2))."""
    return chain(period(Section.S3, at(date(2020, 1, 10)), "A", renewals=RENEWALS), **kw)


def test_s68_6_counts_from_a_later_reference_when_its_hearing_is_not_recorded() -> None:
    """A reference made after the last recorded hearing will be heard: three years run from
    it (estimated, so a warning when overdue)."""
    record = long_s3(tribunal_hearings=(date(2020, 3, 1),), managers_references=(date(2024, 5, 1),))
    (periodic,) = [
        d
        for d in managers_reference_duties(record, at(date(2027, 5, 10)))
        if "s68(6)" in d.source.locator
    ]
    assert periodic.due == midnight(date(2027, 5, 2))
    assert periodic.estimated


@pytest.mark.parametrize(
    ("heard", "born", "due"),
    [
        # s68(6): more than three years since the tribunal last considered the case on
        # 10 Feb 2023: the day after the corresponding date, 11 Feb 2026.
        ((date(2020, 3, 1), date(2023, 2, 10)), None, date(2026, 2, 11)),
        # Under 18 (born 1 Dec 2008, 18 on 1 Dec 2026): one year, 11 Feb 2024.
        ((date(2023, 2, 10),), date(2008, 12, 1), date(2024, 2, 11)),
        # 18 by the time the year is up: three years.
        ((date(2023, 2, 10),), date(2005, 12, 1), date(2026, 2, 11)),
    ],
    ids=["adult", "under-18", "turned-18"],
)
def test_s68_6_three_years_or_one_under_18(
    heard: tuple[date, ...], born: date | None, due: date
) -> None:
    """MHA 1983 s68(6) (legislation.gov.uk section/68)."""
    record = long_s3(tribunal_hearings=heard, date_of_birth=born)
    duties = managers_reference_duties(record, at(date(2026, 11, 23)))
    (periodic,) = [d for d in duties if d.source.locator.startswith("s68(6)")]
    assert periodic.due == midnight(due)
    assert not periodic.estimated
    overdue = check_detention(record, at(date(2026, 11, 23)), POLICY).filter(
        code="MHA-MANAGERS-REFERENCE-OVERDUE"
    )
    (finding,) = [f for f in overdue if f.source is not None and "s68(6)" in f.source.locator]
    assert finding.due == midnight(due)
    assert finding.severity is Severity.ERROR
    referred = attrs.evolve(record, managers_references=(date(2026, 3, 1),))
    assert not [
        f
        for f in check_detention(referred, at(date(2026, 11, 23)), POLICY)
        if f.source is not None and f.source.locator.startswith("s68(6)")
    ]


def test_s68_6_without_a_recorded_hearing_is_a_warning() -> None:
    """With no hearing recorded the time is counted from the admission: the hearing may be
    missing from the extract, so the overdue reference is a warning."""
    record = long_s3()
    overdue = check_detention(record, at(date(2026, 11, 23)), POLICY).filter(
        code="MHA-MANAGERS-REFERENCE-OVERDUE"
    )
    periodic = [f for f in overdue if f.source is not None and "s68(6)" in f.source.locator]
    assert [f.severity for f in periodic] == [Severity.WARNING]
    assert "no later tribunal hearing recorded" in periodic[0].message


def test_mha2025_s68_6_twelve_months_unless_pending() -> None:
    """MHA 2025 s31(4)(g): refer if not considered within the last 12 months and nothing is
    pending."""
    record = long_s3(tribunal_hearings=(date(2025, 3, 1),))
    duties = managers_reference_duties(record, at(date(2026, 11, 23)), SWITCHED.mha)
    (periodic,) = [d for d in duties if "s68(6)" in d.source.locator]
    assert periodic.due == midnight(date(2026, 3, 2))
    # An application made on 1 Feb 2026 is pending (new s68(6)(b)): no reference falls due
    # before twelve months have passed since it.
    pending = attrs.evolve(
        record,
        tribunal_applications=(TribunalApplication(period_id="A", applied_on=date(2026, 2, 1)),),
    )
    duties = managers_reference_duties(pending, at(date(2026, 11, 23)), SWITCHED.mha)
    assert not [d for d in duties if "s68(6)" in d.source.locator]


# --- s66 windows ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("section", "start", "locators", "last_days"),
    [
        # s66(1)(a), (2)(a): an emergency application is one for admission for assessment
        # (s4(1)): 14 days beginning with admission, not "any time".
        (Section.S4, at(date(2026, 11, 10)), ["s66(1)(a), (2)(a)"], [date(2026, 11, 23)]),
        # s66(1)(ca), (2)(ca), then (fza) for each extension (s20A(3)).
        (
            Section.CTO,
            at(date(2026, 1, 15)),
            ["s66(1)(ca), (2)(ca)", "s66(1)(fza), (2)(fza)", "s66(1)(fza), (2)(fza)"],
            [date(2026, 7, 14), date(2027, 1, 14), date(2028, 1, 14)],
        ),
        # s66(1)(c), (2)(c): guardianship from acceptance; then (f).
        (
            Section.S7,
            at(date(2026, 1, 15)),
            ["s66(1)(c), (2)(c)", "s66(1)(f), (2)(f)", "s66(1)(f), (2)(f)"],
            [date(2026, 7, 14), date(2027, 1, 14), date(2028, 1, 14)],
        ),
    ],
)
def test_s66_windows(
    section: Section, start: datetime, locators: list[str], last_days: list[date]
) -> None:
    """MHA 1983 s66(1), (2) (legislation.gov.uk section/66)."""
    record = chain(period(section, start, "A"))
    windows = [
        e for e in tribunal_calendar(record, date(2027, 6, 1)) if e.kind == "application-window"
    ]
    assert [e.source.locator for e in windows] == locators
    assert [
        (e.closes - timedelta(microseconds=1)).astimezone(LONDON).date() for e in windows
    ] == last_days


def test_mha2025_windows_21_days_and_three_months() -> None:
    """MHA 2025 s30(1)(a), (b): s2 window 21 days; first s3 window three months."""
    s2 = chain(period(Section.S2, at(date(2026, 11, 10)), "A"))
    switched = check_detention(s2, at(date(2026, 11, 25)), SWITCHED)
    (window,) = switched.filter(code="MHA-TRIBUNAL-WINDOW-OPEN")
    assert window.due == date(2026, 11, 30)
    now = check_detention(s2, at(date(2026, 11, 25)), POLICY).codes()
    assert not {c for c in now if "TRIBUNAL" in c}  # 14 days ended 23 Nov
    s3 = chain(period(Section.S3, at(date(2026, 1, 15)), "A"))
    (window,) = check_detention(s3, at(date(2026, 2, 1)), SWITCHED).filter(
        code="MHA-TRIBUNAL-WINDOW-OPEN"
    )
    assert window.due == date(2026, 4, 14)


def test_calendar_lists_windows_and_references_in_date_order() -> None:
    record = s2_then_s3()
    entries = tribunal_calendar(record, date(2026, 12, 31))
    assert [e.kind for e in entries] == [
        "application-window",  # s2: 14 days (1-14 Jan)
        "managers-reference",  # s68(2): end of 30 Jun
        "application-window",  # s3: six months beginning 20 Jan
        "application-window",  # first renewal period
    ]
    closes = [e.closes for e in entries]
    assert closes == sorted(closes)
    assert entries[1].closes == midnight(date(2026, 7, 1))


@pytest.mark.parametrize(
    ("section", "applied_on", "paragraph"),
    [
        (Section.S4, date(2026, 1, 16), "a"),  # s66(1)(a): an emergency application
        (Section.S3, date(2026, 7, 14), "b"),  # the last day of the first six months
        (Section.S3, date(2026, 7, 15), "f"),  # the first renewal period
        (Section.S7, date(2026, 3, 1), "c"),
        (Section.S7, date(2026, 9, 1), "f"),
        (Section.CTO, date(2026, 3, 1), "ca"),
        (Section.CTO, date(2026, 9, 1), "fza"),
        (Section.S37, date(2026, 9, 1), "f"),  # Sch 1 Pt 1 para 9: no (b) for s37
        (Section.S136, date(2026, 1, 15), None),
    ],
)
def test_s66_1_paragraph_of_an_application(
    section: Section, applied_on: date, paragraph: str | None
) -> None:
    """The s66(1) paragraph decides whether an application removes a managers' reference
    (s68(3)(a)): read from the period it was made in and when (s66(2))."""
    record = chain(period(section, at(date(2026, 1, 15)), "A"))
    application = TribunalApplication(period_id="A", applied_on=applied_on)
    assert application_paragraph(record, application) == paragraph
    stray = TribunalApplication(period_id="Z", applied_on=applied_on)
    assert application_paragraph(record, stray) is None


def test_s66_1_cb_after_revocation() -> None:
    """s66(1)(cb), (2)(cb): six months beginning with the day the CTO is revoked."""
    cto = period(Section.CTO, at(date(2026, 1, 15)), "C", end=at(date(2026, 5, 4)))
    restored = period(Section.S3, at(date(2026, 5, 4)), "R", converted_from="C")
    record = chain(cto, restored)
    inside = TribunalApplication(period_id="R", applied_on=date(2026, 11, 3))
    after = TribunalApplication(period_id="R", applied_on=date(2026, 11, 4))
    assert application_paragraph(record, inside) == "cb"
    assert application_paragraph(record, after) == "f"
