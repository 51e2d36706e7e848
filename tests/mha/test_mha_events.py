"""Golden cases for the events that change an authority: leave (s17), absence without leave
(s18, s21, s21A, s21B), CTO conditions, recall, release, revocation and extension (s17B,
s17E-s17G, s20A, s21(4)), Part 4 for recalled patients and Part 4A, and the court periods
(s35, s36, s38).

Every expected value is worked by hand from the section it cites, read in the revised text
of the Mental Health Act 1983 on legislation.gov.uk. The 2026 clock changes are 29 March and
25 October.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any

import attrs
import pytest
from mha_builders import (
    BST,
    POLICY,
    SWITCHED,
    at,
    codes,
    detention,
    period,
    rule_codes,
)
from mha_builders import midnight as london_midnight

from cpa_core.findings import Severity
from cpa_core.mha import (
    Absence,
    Certificate,
    CertificateForm,
    ConditionKind,
    CtoCondition,
    EndReason,
    Leave,
    LegalStatusPeriod,
    Recall,
    Renewal,
    Section,
    authority,
    check_detention,
    custody_end,
    detention_rules,
    expiry,
    leave_is_longer_term,
    part4a_certificate_from,
    recall_limit,
)

# --- s17 leave of absence ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "longer"),
    [
        # s17(2B)(a): "a specified period of more than seven consecutive days".
        (datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 3, 9, 10, tzinfo=UTC), False),
        (datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 3, 9, 10, 1, tzinfo=UTC), True),
        # Across the spring change the week is counted on the London wall clock: 10:00 GMT
        # on 23 March to 10:00 BST on 30 March is seven days (167 real hours).
        (datetime(2026, 3, 23, 10, tzinfo=UTC), datetime(2026, 3, 30, 10, tzinfo=BST), False),
        # Across the autumn change: 10:00 BST 19 Oct to 10:00 GMT 26 Oct (169 real hours).
        (datetime(2026, 10, 19, 10, tzinfo=BST), datetime(2026, 10, 26, 10, tzinfo=UTC), False),
        (datetime(2026, 3, 2, 10, tzinfo=UTC), None, True),  # s17(2B)(a): indefinitely
        (datetime(2026, 3, 2, 10, tzinfo=UTC), datetime(2026, 3, 12, 9, tzinfo=UTC), True),
    ],
    ids=["7-days", "7-days-1-minute", "spring-change", "autumn-change", "indefinite", "10-days"],
)
def test_s17_2b_longer_term_leave(start: datetime, end: datetime | None, longer: bool) -> None:
    """MHA 1983 s17(2A), (2B) (legislation.gov.uk section/17)."""
    assert leave_is_longer_term(Leave(start=start, end=end)) is longer


def test_s17_2a_cto_must_be_considered_first() -> None:
    """s17(2A): longer-term leave "may not be granted ... unless the responsible clinician
    first considers" a CTO: not recorded, or recorded after the leave began, is a finding."""
    start = datetime(2026, 3, 2, 10, tzinfo=UTC)
    long_leave = Leave(start=start, end=start + timedelta(days=14))
    record = detention(period(Section.S3, at(date(2026, 1, 15)), leave=(long_leave,)))
    (finding,) = [f for f in detention_rules(record, POLICY) if f.code.startswith("MHA-LEAVE")]
    assert finding.code == "MHA-LEAVE-CTO-NOT-CONSIDERED"
    assert finding.path == "$.periods[0].leave[0].cto_considered_on"
    assert finding.source is not None
    assert finding.source.locator.startswith("s17(2A)")
    late = attrs.evolve(long_leave, cto_considered_on=date(2026, 3, 3))
    assert "MHA-LEAVE-CTO-NOT-CONSIDERED" in rule_codes(
        detention(period(Section.S3, at(date(2026, 1, 15)), leave=(late,)))
    )
    considered = attrs.evolve(long_leave, cto_considered_on=date(2026, 3, 1))
    assert "MHA-LEAVE-CTO-NOT-CONSIDERED" not in rule_codes(
        detention(period(Section.S3, at(date(2026, 1, 15)), leave=(considered,)))
    )
    short = Leave(start=start, end=start + timedelta(days=3))
    assert "MHA-LEAVE-CTO-NOT-CONSIDERED" not in rule_codes(
        detention(period(Section.S3, at(date(2026, 1, 15)), leave=(short,)))
    )


def test_s17_2a_does_not_apply_before_2008_or_to_restricted_patients() -> None:
    """s17(2A) was inserted by the MHA 2007 (in force 3 Nov 2008); Sch 1 Pt 2 para 3(aa)
    omits it for restricted patients."""
    old = Leave(start=datetime(2005, 3, 1, tzinfo=UTC))
    assert not leave_is_longer_term(old)
    new = Leave(start=datetime(2026, 3, 1, tzinfo=UTC))
    for section in (Section.S37_41, Section.CTO, Section.S7):
        record = detention(period(section, at(date(2026, 1, 15)), leave=(new,)))
        assert "MHA-LEAVE-CTO-NOT-CONSIDERED" not in rule_codes(record)


def test_current_leave_is_shown_and_keeps_the_authority_running() -> None:
    """s17: leave does not stop the authority: the s3 still expires on its day."""
    start = at(date(2026, 6, 1))
    leave = Leave(start=start, end=start + timedelta(days=5), cto_considered_on=date(2026, 5, 30))
    s3 = period(Section.S3, at(date(2026, 1, 15)), leave=(leave,))
    record = detention(s3)
    report = check_detention(record, at(date(2026, 6, 3)), POLICY)
    (current,) = report.filter(code="MHA-LEAVE-CURRENT")
    assert current.due == start + timedelta(days=5)
    assert "MHA-LEAVE-CURRENT" not in codes(record, at(date(2026, 6, 7)))
    assert expiry(record, s3) == london_midnight(date(2026, 7, 15))


# --- s18, s21 absence without leave --------------------------------------------------------

S3_START = at(date(2026, 1, 15))  # six months end with 14 July 2026 (s20(1))


@pytest.mark.parametrize(
    ("absent", "returned", "end", "provision"),
    [
        # s21(1)(b), (2)(b): absent in the week ending with 14 July, returned 20 July: the
        # authority continues to the end of the week beginning with 20 July (reference
        # section 11: "returned 20 Jul -> end of 26 Jul").
        (at(date(2026, 7, 10)), at(date(2026, 7, 20)), date(2026, 7, 27), "s21(2)(a), (b)"),
        # Absent on 8 July, the first day of that week, back on 9 July: to 15 July's end.
        (at(date(2026, 7, 8)), at(date(2026, 7, 9)), date(2026, 7, 16), "s21(2)(a), (b)"),
        # Back before the week began: no extension.
        (at(date(2026, 7, 1)), at(date(2026, 7, 5)), date(2026, 7, 15), ""),
        # Still absent: until the return, at the latest the end of the six months beginning
        # with the first day of absence (s18(4)(a)): 10 Jul 2026 to 9 Jan 2027.
        (at(date(2026, 7, 10)), None, date(2027, 1, 10), "s21(2)(c)"),
    ],
    ids=["returned-20-jul", "week-start", "before-week", "still-absent"],
)
def test_s21_extends_the_authority(
    absent: datetime, returned: datetime | None, end: date, provision: str
) -> None:
    """MHA 1983 s21(1)-(2), s18(4) (legislation.gov.uk section/21, section/18)."""
    absence = Absence(started_at=absent, returned_at=returned)
    s3 = period(Section.S3, S3_START, absences=(absence,))
    found = authority(detention(s3), s3)
    assert found is not None
    assert found.base_end == london_midnight(date(2026, 7, 15))
    assert found.end == london_midnight(end)
    assert found.provision == provision
    assert found.until_return is (returned is None)


def test_s18_5_no_custody_once_an_s2_has_expired() -> None:
    """s18(5): an s2 patient cannot be retaken once the 28 days have expired, so a patient
    still absent when they end is no longer liable (s21(2)(c)); one who returned in the week
    before is liable to the end of the week beginning with the return (s21(2)(b)).
    s2 from 1 March 2026: day 28 is 28 March."""
    s2 = period(
        Section.S2, at(date(2026, 3, 1)), absences=(Absence(started_at=at(date(2026, 3, 26))),)
    )
    assert expiry(detention(s2), s2) == london_midnight(date(2026, 3, 29))
    back = attrs.evolve(
        s2, absences=(Absence(started_at=at(date(2026, 3, 26)), returned_at=at(date(2026, 3, 27))),)
    )
    assert expiry(detention(back), back) == london_midnight(date(2026, 4, 3))


def test_awol_person_gets_the_extended_end_not_an_expiry_error() -> None:
    """The issue's rule: an authority the law extends (s21) gives no MHA-EXPIRED on the days
    in between, but a finding naming the extended end and the report due; MHA-EXPIRED once
    the extended end passes."""
    absence = Absence(started_at=at(date(2026, 7, 10)))
    record = detention(period(Section.S3, S3_START, absences=(absence,)))
    day = date(2026, 7, 15)
    while day < date(2027, 1, 10):
        report = check_detention(record, at(day), POLICY)
        assert "MHA-EXPIRED" not in report.codes(), day
        (extended,) = report.filter(code="MHA-AWOL-AUTHORITY-EXTENDED")
        assert extended.due == london_midnight(date(2027, 1, 10))
        assert "2027-01-09" in extended.message
        assert "s21B" in extended.message  # the report due on a late return
        day += timedelta(days=9)
    (expired,) = check_detention(record, at(date(2027, 1, 10)), POLICY).filter(code="MHA-EXPIRED")
    assert expired.severity is Severity.ERROR
    assert "custody" in expired.message


def test_awol_finding_names_the_custody_limit() -> None:
    """s18(4): custody until the later of six months beginning with the first day of absence
    and the end of the period; the finding says until when."""
    absence = Absence(started_at=at(date(2026, 7, 10)))
    s3 = period(Section.S3, S3_START, absences=(absence,))
    record = detention(s3)
    assert custody_end(record, s3, absence) == london_midnight(date(2027, 1, 10))
    (awol,) = check_detention(record, at(date(2026, 7, 12)), POLICY).filter(code="MHA-AWOL")
    assert awol.due == london_midnight(date(2027, 1, 10))
    early = Absence(started_at=at(date(2026, 1, 20)))
    s3_early = period(Section.S3, S3_START, absences=(early,))
    # Six months from 20 Jan end with 19 Jul; the period ends 14 Jul: the later one.
    assert custody_end(detention(s3_early), s3_early, early) == london_midnight(date(2026, 7, 20))


@pytest.mark.parametrize(
    ("report_on", "end", "provision", "missing"),
    [
        # s21B(4): returned 20 Aug, more than 28 days after 10 Jul; no report within the week
        # beginning with 20 Aug: the authority ends at the end of 26 Aug.
        (None, date(2026, 8, 27), "s21B(4)", True),
        # s21B(5): the report on 22 Aug renews the authority, which had ended (apart from
        # s21) on 14 Jul, for the s20(2) period: 15 Jul 2026 to 14 Jan 2027.
        (date(2026, 8, 22), date(2027, 1, 15), "s21B(5)", False),
        # A report after the week is not "duly furnished": s21B(4) again.
        (date(2026, 8, 28), date(2026, 8, 27), "s21B(4)", True),
    ],
    ids=["no-report", "report-renews", "late-report"],
)
def test_s21b_return_after_28_days(
    report_on: date | None, end: date, provision: str, missing: bool
) -> None:
    """MHA 1983 s21B(1), (2), (4)-(6) (legislation.gov.uk section/21B)."""
    absence = Absence(
        started_at=at(date(2026, 7, 10)), returned_at=at(date(2026, 8, 20)), report_on=report_on
    )
    s3 = period(Section.S3, S3_START, absences=(absence,))
    found = authority(detention(s3), s3)
    assert found is not None
    assert (found.end, found.provision, found.report_missing) == (
        london_midnight(end),
        provision,
        missing,
    )
    assert found.report_due == date(2026, 8, 26)


def test_s21b_a_long_absence_mid_authority_ends_it_without_a_report() -> None:
    """s21B(4) applies whenever the return is more than 28 days after the first day of
    absence: absent 1 Mar to 15 Apr 2026, no report by 21 Apr, the s3 ends then."""
    absence = Absence(started_at=at(date(2026, 3, 1)), returned_at=at(date(2026, 4, 15)))
    record = detention(period(Section.S3, S3_START, absences=(absence,)))
    (due,) = check_detention(record, at(date(2026, 4, 16)), POLICY).filter(
        code="MHA-AWOL-REPORT-DUE"
    )
    assert due.due == date(2026, 4, 21)
    (expired,) = check_detention(record, at(date(2026, 4, 22)), POLICY).filter(code="MHA-EXPIRED")
    assert "s21B" in expired.message
    reported = detention(
        period(Section.S3, S3_START, absences=(attrs.evolve(absence, report_on=date(2026, 4, 16)),))
    )
    assert expiry(reported, reported.periods[0]) == london_midnight(date(2026, 7, 15))


def test_s21a_renewal_report_in_the_extended_period_is_in_time() -> None:
    """s21A(2): returned within 28 days, the renewal report may be furnished in the period
    as extended, taking effect from the original expiry (s21A(3))."""
    absence = Absence(started_at=at(date(2026, 7, 10)), returned_at=at(date(2026, 7, 20)))
    late = Renewal(report_on=date(2026, 7, 22))
    record = detention(period(Section.S3, S3_START, absences=(absence,), renewals=(late,)))
    assert "MHA-RENEWAL-OUTSIDE-WINDOW" not in rule_codes(record)
    assert expiry(record, record.periods[0]) == london_midnight(date(2027, 1, 15))
    too_late = detention(
        period(
            Section.S3,
            S3_START,
            absences=(absence,),
            renewals=(Renewal(report_on=date(2026, 7, 28)),),
        )
    )
    assert "MHA-RENEWAL-OUTSIDE-WINDOW" in rule_codes(too_late)


def test_s18_4a_a_report_before_the_absence_does_not_renew() -> None:
    """s18(4A): a renewal report furnished before the first day of absence does not renew
    the authority unless the renewal period began before that day. Report 1 Jun, absent from
    10 Jul over the 15 Jul start of the renewal: the authority is the first period's,
    extended by s21 until the return."""
    absence = Absence(started_at=at(date(2026, 7, 10)), returned_at=at(date(2026, 7, 20)))
    record = detention(
        period(
            Section.S3,
            S3_START,
            absences=(absence,),
            renewals=(Renewal(report_on=date(2026, 6, 1)),),
        )
    )
    assert expiry(record, record.periods[0]) == london_midnight(date(2026, 7, 27))
    after = Absence(started_at=at(date(2026, 8, 1)), returned_at=at(date(2026, 8, 2)))
    kept = detention(
        period(
            Section.S3, S3_START, absences=(after,), renewals=(Renewal(report_on=date(2026, 6, 1)),)
        )
    )
    assert expiry(kept, kept.periods[0]) == london_midnight(date(2027, 1, 15))


def test_s21b_5_renewal_comes_before_a_later_s20_renewal() -> None:
    """s21B(5), (6)(a): s3 from 1 Jan 2026 (first period ends 30 Jun), absent 1 Jun to 15
    Jul (more than 28 days), s21B report on 18 Jul: the authority, which (apart from s21)
    ended on 30 Jun, is renewed for six months, 1 Jul to 31 Dec 2026 (s20(2)(a)). The s20
    report of 20 Nov then renews it for a year, to 31 Dec 2027 (s20(2)(b)): no MHA-EXPIRED
    on 1 Jan 2027. An s21B report also recorded as a renewal is not counted twice."""
    absence = Absence(
        started_at=at(date(2026, 6, 1)),
        returned_at=at(date(2026, 7, 15)),
        report_on=date(2026, 7, 18),
    )
    s20 = Renewal(report_on=date(2026, 11, 20))
    s3 = period(Section.S3, at(date(2026, 1, 1)), absences=(absence,), renewals=(s20,))
    record = detention(s3)
    assert expiry(record, s3) == london_midnight(date(2028, 1, 1))
    assert "MHA-EXPIRED" not in codes(record, at(date(2027, 1, 5)))
    assert "MHA-RENEWAL-OUTSIDE-WINDOW" not in rule_codes(record)
    (due,) = check_detention(record, at(date(2027, 11, 10)), POLICY).filter(code="MHA-RENEWAL-DUE")
    assert "2027-12-31" in due.message
    (expired,) = check_detention(record, at(date(2028, 1, 2)), POLICY).filter(code="MHA-EXPIRED")
    assert expired.severity is Severity.ERROR
    both = attrs.evolve(s3, renewals=(Renewal(report_on=date(2026, 7, 18)), s20))
    assert expiry(detention(both), both) == london_midnight(date(2028, 1, 1))
    # Without the later renewal the s21B report alone carries it to 31 Dec 2026.
    alone = attrs.evolve(s3, renewals=())
    assert expiry(detention(alone), alone) == london_midnight(date(2027, 1, 1))


def test_an_extended_s2_is_not_offered_a_renewal_report() -> None:
    """s21(1)-(2) reach an s2 (the custody period ending with the 28 days, s18(5)); s21A(2)
    concerns s20(3) and s20A reports, so the finding does not offer one for an s2."""
    s2 = period(
        Section.S2,
        at(date(2026, 3, 1)),
        absences=(Absence(started_at=at(date(2026, 3, 26)), returned_at=at(date(2026, 3, 27))),),
    )
    (extended,) = check_detention(detention(s2), at(date(2026, 3, 30)), POLICY).filter(
        code="MHA-AWOL-AUTHORITY-EXTENDED"
    )
    assert "2026-04-02" in extended.message
    assert "s21A" not in extended.message


def test_s18_does_not_apply_to_places_of_safety_and_remands() -> None:
    """s18(1) concerns patients liable to be detained under Part 2 (and, by Sch 1 Pt 1, Part
    3 orders): an absence from a place of safety (s136) or a remand (s35(10)) does not extend
    the period."""
    start = datetime(2026, 5, 1, 10, tzinfo=UTC)
    s136 = period(Section.S136, start, absences=(Absence(started_at=start + timedelta(hours=2)),))
    record = detention(s136)
    assert expiry(record, s136) == start + timedelta(hours=24)
    assert "MHA-AWOL-NOT-APPLICABLE" in rule_codes(record)
    s35 = period(Section.S35, start, absences=(Absence(started_at=start + timedelta(days=2)),))
    assert "MHA-AWOL-NOT-APPLICABLE" in rule_codes(detention(s35))


def test_cto_absence_extends_the_order() -> None:
    """s21(1)(a): "in the case of a community patient, the community treatment order would
    cease to be in force". CTO made 15 Jan 2026 (s20A(1): ends 14 Jul), absent 13-16 Jul."""
    absence = Absence(started_at=at(date(2026, 7, 13)), returned_at=at(date(2026, 7, 16)))
    cto = period(Section.CTO, S3_START, absences=(absence,))
    assert expiry(detention(cto), cto) == london_midnight(date(2026, 7, 23))


# --- CTO: conditions, recall, release, revocation, extension ----------------------------

DETAINED = datetime(2026, 10, 23, 12, tzinfo=BST)


def cto(**kw: Any) -> LegalStatusPeriod:
    conditions = (
        CtoCondition(kind=ConditionKind.EXAMINATION_S20A, specified_on=date(2026, 6, 1)),
        CtoCondition(kind=ConditionKind.EXAMINATION_PART4A, specified_on=date(2026, 6, 1)),
    )
    return period(Section.CTO, at(date(2026, 6, 1)), "C", conditions=conditions, **kw)


def test_s17b_3_mandatory_conditions() -> None:
    """s17B(3): every order specifies the two examination conditions."""
    assert "MHA-CTO-CONDITIONS-MISSING" not in rule_codes(detention(cto()))
    one = attrs.evolve(cto(), conditions=cto().conditions[:1])
    (finding,) = [f for f in detention_rules(detention(one), POLICY) if "CONDITIONS" in f.code]
    assert "s17b-3-b" in finding.message
    assert finding.source is not None
    assert finding.source.locator.startswith("s17B(3)")


@pytest.mark.parametrize(
    ("recall", "end"),
    [
        # s17F(8): 72 hours from the start of detention under the notice; across the autumn
        # change 12:00 BST on 23 Oct + 72 h = 11:00 GMT on 26 Oct.
        (
            Recall(recalled_at=DETAINED - timedelta(hours=3), detained_at=DETAINED),
            datetime(2026, 10, 26, 11, tzinfo=UTC),
        ),
        # Already in hospital when served (s17E(4)): detention begins at service.
        (
            Recall(recalled_at=DETAINED, detained_at=DETAINED),
            datetime(2026, 10, 26, 11, tzinfo=UTC),
        ),
    ],
)
def test_s17f_8_recall_72_hours(recall: Recall, end: datetime) -> None:
    """MHA 1983 s17F(6), (8) (legislation.gov.uk section/17F)."""
    limit = recall_limit(cto(recalls=(recall,)), recall)
    assert limit.end == end
    assert limit.anchor_recorded


def test_recall_past_72_hours_is_an_error_when_detention_is_recorded() -> None:
    recall = Recall(recalled_at=DETAINED - timedelta(hours=3), detained_at=DETAINED)
    record = detention(cto(recalls=(recall,)))
    (progress,) = check_detention(record, DETAINED + timedelta(hours=10), POLICY).filter(
        code="MHA-RECALL-IN-PROGRESS"
    )
    assert progress.due == datetime(2026, 10, 26, 11, tzinfo=UTC)
    (late,) = check_detention(record, DETAINED + timedelta(hours=73), POLICY).filter(
        code="MHA-RECALL-TOO-LONG"
    )
    assert late.severity is Severity.ERROR
    released = attrs.evolve(recall, released_at=DETAINED + timedelta(hours=80))
    assert "MHA-RECALL-TOO-LONG" in rule_codes(detention(cto(recalls=(released,))))
    in_time = attrs.evolve(recall, released_at=DETAINED + timedelta(hours=71))
    assert "MHA-RECALL-TOO-LONG" not in rule_codes(detention(cto(recalls=(in_time,))))


def test_s21_4_recall_extended_while_absent() -> None:
    """s21(4): absent without leave on the day the 72 hours would expire (26 Oct), they end
    72 hours from the return instead; while still absent they are suspended."""
    recall = Recall(recalled_at=DETAINED, detained_at=DETAINED)
    gone = Absence(started_at=DETAINED + timedelta(hours=30))
    record = detention(cto(recalls=(recall,), absences=(gone,)))
    assert recall_limit(record.periods[0], recall).end is None
    assert "MHA-RECALL-SUSPENDED" in codes(record, DETAINED + timedelta(hours=80))
    assert "MHA-RECALL-TOO-LONG" not in codes(record, DETAINED + timedelta(hours=80))
    back = attrs.evolve(gone, returned_at=datetime(2026, 10, 27, 9, tzinfo=UTC))
    returned = cto(recalls=(recall,), absences=(back,))
    assert recall_limit(returned, recall).end == datetime(2026, 10, 30, 9, tzinfo=UTC)


def test_s17f_4_revocation_restores_s3_from_the_revocation_day() -> None:
    """s17F(4), s17G(5): revoked on 5 Oct 2026, s20 applies as if admitted that day: six
    months end with 4 Apr 2027; the AMHP's written agreement is required (s17F(4)(b)); the
    managers refer as soon as possible (s68(7)); the patient may apply within six months
    beginning with the revocation (s66(2)(cb))."""
    revoked_at = at(date(2026, 10, 5))
    recall = Recall(
        recalled_at=revoked_at - timedelta(hours=30),
        detained_at=revoked_at - timedelta(hours=24),
        revoked=True,
    )
    s3 = period(
        Section.S3,
        at(date(2026, 1, 10)),
        "A",
        end=at(date(2026, 6, 1)),
        end_reason=EndReason.CONVERTED,
    )
    revoked_cto = attrs.evolve(
        cto(recalls=(recall,)), converted_from="A", end=revoked_at, end_reason=EndReason.REVOKED
    )
    restored = period(Section.S3, revoked_at, "R", converted_from="C")
    record = detention(s3, revoked_cto, restored)
    assert expiry(record, restored) == london_midnight(date(2027, 4, 5))
    rules = rule_codes(record)
    assert "MHA-CTO-REVOCATION-AMHP-MISSING" in rules
    assert "MHA-CONVERSION-UNCATALOGUED" not in rules
    report = check_detention(record, at(date(2026, 10, 6)), POLICY)
    (refer,) = report.filter(code="MHA-MANAGERS-REFERENCE-REVOCATION")
    assert refer.due == date(2026, 10, 5)
    (window,) = report.filter(code="MHA-TRIBUNAL-WINDOW-OPEN")
    assert window.due == date(2027, 4, 4)
    assert window.source is not None
    assert window.source.locator.startswith("s66(1)(cb)")
    referred = attrs.evolve(record, managers_references=(date(2026, 10, 7),))
    assert "MHA-MANAGERS-REFERENCE-REVOCATION" not in codes(referred, at(date(2026, 10, 8)))
    agreed = attrs.evolve(recall, amhp_agreed_on=date(2026, 10, 5))
    ok = attrs.evolve(record, periods=(s3, attrs.evolve(revoked_cto, recalls=(agreed,)), restored))
    assert "MHA-CTO-REVOCATION-AMHP-MISSING" not in rule_codes(ok)


def test_revocation_after_72_hours_is_too_long() -> None:
    """s17F(6): not revoked by the end of the 72 hours, the patient must be released."""
    revoked_at = DETAINED + timedelta(hours=75)
    recall = Recall(
        recalled_at=DETAINED, detained_at=DETAINED, revoked=True, amhp_agreed_on=date(2026, 10, 26)
    )
    revoked_cto = attrs.evolve(cto(recalls=(recall,)), end=revoked_at, end_reason=EndReason.REVOKED)
    restored = period(Section.S3, revoked_at, "R", converted_from="C")
    assert "MHA-RECALL-TOO-LONG" in rule_codes(detention(revoked_cto, restored))


def test_s20a_extension_needs_the_amhp_statement_first() -> None:
    """s20A(4)(b), (8): the report is furnished only if an AMHP's written statement is made."""
    agreed = Renewal(report_on=date(2026, 11, 10), amhp_agreed_on=date(2026, 11, 9))
    assert "MHA-CTO-EXTENSION-AMHP-MISSING" not in rule_codes(detention(cto(renewals=(agreed,))))
    for renewal in (
        Renewal(report_on=date(2026, 11, 10)),
        Renewal(report_on=date(2026, 11, 10), amhp_agreed_on=date(2026, 11, 11)),
    ):
        assert "MHA-CTO-EXTENSION-AMHP-MISSING" in rule_codes(detention(cto(renewals=(renewal,))))


# --- Part 4 for recalled patients, Part 4A -------------------------------------------------


@pytest.mark.parametrize(
    ("made", "first", "needed", "mha2025"),
    [
        # s64B(4): no certificate in the month beginning with the day the CTO is made
        # (1-31 Mar); s64C(3): s58 would apply from 1 Apr (three months after 1 Jan).
        (date(2026, 3, 1), date(2026, 1, 1), date(2026, 4, 1), False),
        # s58 later than the month: 20 Feb + three months = 20 May.
        (date(2026, 3, 1), date(2026, 2, 20), date(2026, 5, 20), False),
        # Medicine long before the CTO: the month decides (31 Jan to 29 Feb 2028 is leap).
        (date(2028, 1, 31), date(2027, 1, 1), date(2028, 3, 1), False),
        # MHA 2025 s14(a): two months.
        (date(2026, 3, 1), date(2026, 2, 20), date(2026, 4, 20), True),
    ],
)
def test_part4a_certificate_from(made: date, first: date, needed: date, mha2025: bool) -> None:
    """MHA 1983 s64B(2)(b), (4), s64C(3), s62A(2) (legislation.gov.uk section/64B)."""
    assert part4a_certificate_from(made, first, mha2025=mha2025) == needed


def test_part4a_certificate_missing_and_in_force() -> None:
    record = detention(cto(), medication_first_given=date(2026, 2, 1))
    # CTO 1 Jun: the month ends 30 Jun; s58 from 1 May: needed from 1 Jul.
    (missing,) = check_detention(record, at(date(2026, 7, 2)), POLICY).filter(
        code="MHA-PART4A-CERTIFICATE-MISSING"
    )
    assert missing.due == date(2026, 7, 1)
    assert missing.severity is Severity.ERROR
    assert "MHA-PART4A-CERTIFICATE-DUE" in codes(record, at(date(2026, 6, 20)))
    for form in (CertificateForm.CTO11, CertificateForm.CTO12):
        certified = attrs.evolve(
            record, certificates=(Certificate(form=form, given_on=date(2026, 6, 25)),)
        )
        assert not {c for c in codes(certified, at(date(2026, 7, 2))) if "PART4A" in c}
    # A T2 is a Part 4 certificate, not a Part 4A one.
    t2 = attrs.evolve(
        record, certificates=(Certificate(form=CertificateForm.T2, given_on=date(2026, 6, 25)),)
    )
    assert "MHA-PART4A-CERTIFICATE-MISSING" in codes(t2, at(date(2026, 7, 2)))
    assert "MHA-S58-CERTIFICATE-MISSING" not in codes(record, at(date(2026, 7, 2)))


def test_s56_4_part4_applies_to_a_recalled_community_patient() -> None:
    """s56(4): Part 4 applies to a community patient recalled to hospital; s62A(2): the s58
    time runs on from the period of liability."""
    recall = Recall(recalled_at=at(date(2026, 8, 10)), detained_at=at(date(2026, 8, 10)))
    record = detention(cto(recalls=(recall,)), medication_first_given=date(2026, 2, 1))
    found = codes(record, at(date(2026, 8, 11)))
    assert "MHA-S58-CERTIFICATE-MISSING" in found
    assert not {c for c in found if "PART4A" in c}


def _recalled(day: date, *certificates: Certificate) -> Any:
    """A CTO made 1 Jun 2026, recalled and detained on ``day``; first medicine 1 Feb 2026."""
    recall = Recall(recalled_at=at(day), detained_at=at(day))
    return detention(
        cto(recalls=(recall,)), medication_first_given=date(2026, 2, 1), certificates=certificates
    )


def test_s62a_3_b_no_s58_certificate_in_the_first_month_of_the_cto() -> None:
    """s62A(3)(b): s58 does not apply to a recalled patient where, as a result of s64B(4),
    the certificate requirement would not apply: the month beginning with the day the CTO
    was made (1-30 Jun 2026). Recalled 10 Jun: no s58 finding; on 2 Jul, missing."""
    assert not {c for c in codes(_recalled(date(2026, 6, 10)), at(date(2026, 6, 11))) if "S58" in c}
    (missing,) = check_detention(_recalled(date(2026, 7, 1)), at(date(2026, 7, 2)), POLICY).filter(
        code="MHA-S58-CERTIFICATE-MISSING"
    )
    assert missing.due == date(2026, 7, 1)
    assert missing.severity is Severity.ERROR


@pytest.mark.parametrize("form", [CertificateForm.CTO11, CertificateForm.CTO12])
def test_s62a_3_a_part4a_certificate_on_recall_is_not_an_error(form: CertificateForm) -> None:
    """s62A(3)(a), (5): s58 does not apply to a recalled patient where the Part 4A
    certificate requirement is met (a CTO11 only as far as it approves treatment on recall;
    a CTO12 while the patient has capacity and consents, s64C(4A)): the record cannot tell,
    so the missing T2/T3 is a warning, not an error."""
    record = _recalled(date(2026, 8, 10), Certificate(form=form, given_on=date(2026, 6, 25)))
    (missing,) = check_detention(record, at(date(2026, 8, 11)), POLICY).filter(
        code="MHA-S58-CERTIFICATE-MISSING"
    )
    assert missing.severity is Severity.WARNING
    assert "s62A" in missing.message


def test_s62a_7_after_revocation_a_part4a_certificate_covers_only_pending_a_t2() -> None:
    """s62A(1)(b), (3), (7): after revocation the Part 4A certificate covers treatment only
    pending compliance with s58: a warning while a CTO11 is in force, an error without one."""
    revoked_at = at(date(2026, 8, 12))
    recall = Recall(
        recalled_at=at(date(2026, 8, 10)),
        detained_at=at(date(2026, 8, 10)),
        revoked=True,
        amhp_agreed_on=date(2026, 8, 12),
    )
    revoked_cto = attrs.evolve(cto(recalls=(recall,)), end=revoked_at, end_reason=EndReason.REVOKED)
    restored = period(Section.S3, revoked_at, "R", converted_from="C")
    cto11 = Certificate(form=CertificateForm.CTO11, given_on=date(2026, 6, 25))
    record = detention(
        revoked_cto, restored, medication_first_given=date(2026, 2, 1), certificates=(cto11,)
    )
    (missing,) = check_detention(record, at(date(2026, 8, 13)), POLICY).filter(
        code="MHA-S58-CERTIFICATE-MISSING"
    )
    assert missing.severity is Severity.WARNING
    assert "s62A(7)" in missing.message
    bare = attrs.evolve(record, certificates=())
    (error,) = check_detention(bare, at(date(2026, 8, 13)), POLICY).filter(
        code="MHA-S58-CERTIFICATE-MISSING"
    )
    assert error.severity is Severity.ERROR


def test_guardianship_has_no_s58_check() -> None:
    """s56(1), (5): Part 4 other than s57 (and s58A under 18) does not apply to guardianship."""
    record = detention(
        period(Section.S7, at(date(2026, 1, 1))), medication_first_given=date(2026, 1, 2)
    )
    assert not {c for c in codes(record, at(date(2026, 6, 1))) if "S58" in c}


# --- s35, s36, s38 ---------------------------------------------------------------------


def test_court_periods_expire_as_warnings() -> None:
    """ss35(7), 36(6), 38(5) give maxima; counting them from the remand day is cpa_core's
    reading, so being held past them is a warning, never an error."""
    start = at(date(2026, 1, 1))
    for section in (Section.S35, Section.S36, Section.S38):
        record = detention(period(section, start))
        (expired,) = check_detention(record, at(date(2026, 6, 1)), POLICY).filter(
            code="MHA-EXPIRED"
        )
        assert expired.severity is Severity.WARNING


def test_s35_renewed_past_12_weeks_is_capped() -> None:
    """s35(7): "not ... for more than 12 weeks in all": recorded further remands never carry
    the authority past day 84 (25 Mar 2026 for a remand on 1 Jan)."""
    renewals = tuple(Renewal(report_on=date(2026, 1, 20)) for _ in range(6))
    s35 = period(Section.S35, at(date(2026, 1, 1)), renewals=renewals)
    assert expiry(detention(s35), s35) == london_midnight(date(2026, 3, 26))
    assert "MHA-NOT-RENEWABLE" not in rule_codes(detention(s35))


# --- dates at the end of the calendar ------------------------------------------------------


@pytest.mark.parametrize(
    "section", [Section.S3, Section.CTO, Section.S2, Section.S35, Section.S38, Section.S136]
)
def test_dates_near_9999_give_a_finding_not_an_exception(section: Section) -> None:
    """Schema-valid but uncountable dates: a finding, never a traceback."""
    start = datetime(9999, 12, 1, tzinfo=UTC)
    absence = Absence(started_at=start + timedelta(days=2))
    record = detention(
        period(
            section, start, absences=(absence,), renewals=(Renewal(report_on=date(9999, 12, 2)),)
        ),
        medication_first_given=date(9999, 11, 1),
        tribunal_hearings=(date(9999, 12, 1),),
    )
    report = check_detention(record, datetime(9999, 12, 20, tzinfo=UTC), POLICY)
    assert "MHA-DATES-NOT-COUNTABLE" in report.codes()
    assert check_detention(record, datetime(9999, 12, 20, tzinfo=UTC), SWITCHED) is not None
