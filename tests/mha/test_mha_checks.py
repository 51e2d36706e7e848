"""The mha checks: one finding code at a time, the example records, and the record kind."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any, get_args

import attrs
import pytest
from mha_builders import BST, POLICY, at, codes, detention, period

from cpa_core import convert, mha, validate
from cpa_core.context import CheckContext
from cpa_core.exceptions import PolicyError
from cpa_core.findings import Severity
from cpa_core.mha import (
    DOMAIN,
    MHA_DETENTION,
    Aftercare,
    Anchor,
    Certificate,
    CertificateForm,
    EndReason,
    Extension,
    MhaDetention,
    Recall,
    Renewal,
    RightsGiven,
    Section,
    TribunalApplication,
    check_caseload,
    check_detention,
    detention_audit,
    detention_rules,
    expiry,
    row_for,
)
from cpa_core.policy import TrustPolicy, policy_from_mapping
from cpa_core.policy.mha import AnchorCode, MhaPolicy, SectionCode, TrustSectionPeriod
from cpa_core.statutory_time import LONDON, start_of_day


def test_finding_codes_are_unique_and_prefixed() -> None:
    names = [c.code for c in DOMAIN.finding_codes]
    assert len(names) == len(set(names))
    assert all(n.startswith("MHA-") for n in names)


def test_each_sub_area_has_the_three_rooms_and_names_are_listed_once() -> None:
    root = Path(mha.__file__).parent
    sub_areas = [path for path in root.iterdir() if (path / "__init__.py").is_file()]
    assert sub_areas
    for package in sub_areas:
        rooms = {module.stem for module in package.glob("*.py")}
        assert rooms == {"__init__", "models", "rules", "checks"}, package.name
    assert len(mha.__all__) == len(set(mha.__all__))
    assert all(hasattr(mha, name) for name in mha.__all__)


def test_check_caseload_is_check_detention_for_each_record_sorted() -> None:
    first = detention(period(Section.S3, at(date(2026, 8, 31))))
    second = detention(period(Section.S2, at(date(2026, 11, 20))))
    as_of = at(date(2026, 12, 17))
    report = check_caseload([first, second], as_of, POLICY)
    expected = check_detention(first, as_of, POLICY) + check_detention(second, as_of, POLICY)
    assert report == expected.sorted()
    # A date is the start of that day in London.
    assert check_caseload([first], date(2026, 12, 17)) == check_caseload(
        [first], start_of_day(date(2026, 12, 17))
    )


# --- expiry -------------------------------------------------------------------------------


def test_s5_2_active_past_72_hours_is_expired() -> None:
    """s5(2): 72 hours from the report; still recorded active an hour later."""
    start = datetime(2026, 10, 24, 9, tzinfo=BST)
    record = detention(period(Section.S5_2, start))
    report = check_detention(record, start + timedelta(hours=73), POLICY)
    (finding,) = report.filter(code="MHA-EXPIRED")
    assert finding.severity is Severity.ERROR
    assert finding.due == datetime(2026, 10, 27, 8, tzinfo=UTC)
    assert "MHA-EXPIRED" not in codes(record, start + timedelta(hours=71, minutes=59))


def test_expires_soon_uses_hours_for_hours_sections() -> None:
    start = datetime(2026, 3, 28, 22, tzinfo=UTC)
    record = detention(period(Section.S5_2, start))
    assert "MHA-EXPIRES-SOON" in codes(record, start + timedelta(hours=61))
    assert "MHA-EXPIRES-SOON" not in codes(record, start + timedelta(hours=59))


def test_expires_soon_uses_days_for_day_sections() -> None:
    """s2 admitted 10 Nov 2026 ends at midnight after 7 Dec; 14-day default warning."""
    record = detention(period(Section.S2, at(date(2026, 11, 10))))
    assert "MHA-EXPIRES-SOON" in codes(record, at(date(2026, 11, 24)))
    assert "MHA-EXPIRES-SOON" not in codes(record, at(date(2026, 11, 20)))
    assert "MHA-EXPIRED" in codes(record, start_of_day(date(2026, 12, 8)))


def test_cto_expiry_is_an_error() -> None:
    """s20A(1) [V]: six months beginning with the day the CTO was made (15 Jan -> 14 Jul)."""
    record = detention(period(Section.CTO, at(date(2026, 1, 15))))
    (finding,) = check_detention(record, at(date(2026, 7, 15), 0), POLICY).filter(
        code="MHA-EXPIRED"
    )
    assert finding.severity is Severity.ERROR
    assert finding.due == datetime(2026, 7, 15, tzinfo=LONDON)
    assert "MHA-EXPIRED" not in codes(record, at(date(2026, 7, 14), 23))


def test_expiry_under_disputed_renewal_reading_is_a_warning_until_every_reading_ends() -> None:
    """Reference s10: admitted 31/10/21, the first renewal ends 30/10/22 under reading B
    (which cpa_core uses, [U] for authority) but 31/10/22 under reading C. On 31 Oct the
    expiry is a warning; from 1 Nov, when every reading has ended, an error."""
    record = detention(
        period(Section.S3, at(date(2021, 10, 31)), renewals=(Renewal(report_on=date(2022, 4, 1)),))
    )
    (disputed,) = check_detention(record, at(date(2022, 10, 31)), POLICY).filter(code="MHA-EXPIRED")
    assert disputed.severity is Severity.WARNING
    assert disputed.due == datetime(2022, 10, 31, tzinfo=LONDON)
    (settled,) = check_detention(record, at(date(2022, 11, 1), 0), POLICY).filter(
        code="MHA-EXPIRED"
    )
    assert settled.severity is Severity.ERROR
    assert "MHA-EXPIRED" not in codes(record, at(date(2022, 10, 30), 23))
    ended = detention(attrs.evolve(record.periods[0], end=at(date(2022, 10, 31))))
    (held,) = [f for f in detention_rules(ended, POLICY) if f.code == "MHA-HELD-PAST-EXPIRY"]
    assert held.severity is Severity.WARNING
    ended = detention(attrs.evolve(record.periods[0], end=at(date(2022, 11, 1))))
    (held,) = [f for f in detention_rules(ended, POLICY) if f.code == "MHA-HELD-PAST-EXPIRY"]
    assert held.severity is Severity.ERROR


def test_expiry_not_computed_for_sections_without_a_period() -> None:
    record = detention(period(Section.S37_41, at(date(2026, 1, 15))))
    assert "MHA-EXPIRY-NOT-COMPUTED" in codes(record, at(date(2026, 11, 23)))


def test_section_not_in_force() -> None:
    record = detention(period(Section.S136, at(date(2015, 1, 15))))
    assert "MHA-SECTION-NOT-IN-FORCE" in codes(record, at(date(2015, 1, 15), 13))


def test_ended_period_is_not_audited() -> None:
    start = at(date(2026, 1, 15))
    record = detention(period(Section.S2, start, end=start + timedelta(days=3)))
    assert detention_audit(record, CheckContext.at(at(date(2026, 11, 23)), POLICY)) is not None
    assert list(detention_audit(record, CheckContext.at(at(date(2026, 11, 23)), POLICY))) == []


# --- renewals -----------------------------------------------------------------------------


def test_renewal_due_in_the_two_month_window() -> None:
    """s20(3): s3 from 15 Jan 2026 ends 14 Jul; window 15 May to 14 Jul."""
    record = detention(period(Section.S3, at(date(2026, 1, 15))))
    assert "MHA-RENEWAL-DUE" in codes(record, at(date(2026, 5, 15)))
    assert "MHA-RENEWAL-DUE" not in codes(record, at(date(2026, 5, 14)))
    renewed = detention(
        period(Section.S3, at(date(2026, 1, 15)), renewals=(Renewal(report_on=date(2026, 6, 1)),))
    )
    assert "MHA-RENEWAL-DUE" not in codes(renewed, at(date(2026, 6, 2)))
    assert "MHA-RENEWAL-OUTSIDE-WINDOW" not in codes(renewed, at(date(2026, 6, 2)))


def _window_severity(start: date, *report_days: date) -> list[Severity]:
    renewals = tuple(Renewal(report_on=day) for day in report_days)
    record = detention(period(Section.S3, at(start), renewals=renewals))
    report = check_detention(record, at(date(2026, 12, 1)), POLICY)
    return [f.severity for f in report if f.code == "MHA-RENEWAL-OUTSIDE-WINDOW"]


def test_report_outside_a_settled_window_is_an_error() -> None:
    # s20(3): s3 from 15 Jan 2026 ends 14 Jul; the window starts 15 May.
    assert _window_severity(date(2026, 1, 15), date(2026, 5, 14)) == [Severity.ERROR]


def test_report_on_an_unsettled_window_edge_is_a_warning() -> None:
    # s3 from 30 Oct 2025 ends 29 Apr 2026 (six months beginning with 30 Oct). Two months
    # before 29 April is 29 February, which 2026 lacks: the window starts 1 March on the
    # reading used, 28 February on the other, and the reference works no example.
    assert _window_severity(date(2025, 10, 30), date(2026, 2, 28)) == [Severity.WARNING]
    assert _window_severity(date(2025, 10, 30), date(2026, 2, 27)) == [Severity.ERROR]
    assert _window_severity(date(2025, 10, 30), date(2026, 3, 1)) == []


def test_report_between_the_renewal_readings_is_a_warning() -> None:
    # Reference section 10: admitted 31/10/21, the second period ends 30/10/22 on readings A
    # and B but 31/10/22 on C. A second report on 31 October is late only on reading B.
    first = date(2022, 4, 1)
    assert _window_severity(date(2021, 10, 31), first, date(2022, 10, 31)) == [Severity.WARNING]
    assert _window_severity(date(2021, 10, 31), first, date(2022, 11, 1)) == [Severity.ERROR]


def test_renewal_outside_window() -> None:
    record = detention(
        period(Section.S3, at(date(2026, 1, 15)), renewals=(Renewal(report_on=date(2026, 5, 14)),))
    )
    (finding,) = [f for f in detention_rules(record, POLICY) if f.code.endswith("WINDOW")]
    assert finding.severity is Severity.ERROR
    assert finding.due == date(2026, 7, 14)


def test_s2_renewed_is_illegal() -> None:
    record = detention(
        period(Section.S2, at(date(2026, 1, 15)), renewals=(Renewal(report_on=date(2026, 2, 1)),))
    )
    assert "MHA-NOT-RENEWABLE" in {f.code for f in detention_rules(record, POLICY)}


@pytest.mark.parametrize("section", [Section.S47, Section.S38, Section.S35, Section.S45A])
def test_renewal_of_a_section_with_no_stated_period_is_not_flagged(section: Section) -> None:
    """The reference states no period or renewal rule for these sections ("—"): a recorded
    renewal is not called illegal (s47, for one, is renewed like a hospital order)."""
    record = detention(
        period(section, at(date(2026, 1, 15)), renewals=(Renewal(report_on=date(2026, 6, 1)),))
    )
    assert "MHA-NOT-RENEWABLE" not in {f.code for f in detention_rules(record, POLICY)}


def test_renewal_verify_for_month_end_and_disagreeing_readings() -> None:
    """Reference s10: flag admissions on the 29th-31st and renewals where readings differ."""
    month_end = detention(period(Section.S3, at(date(2026, 8, 31))))
    assert "MHA-RENEWAL-VERIFY" not in codes(month_end, at(date(2026, 12, 28)))
    (finding,) = check_detention(month_end, at(date(2026, 12, 29)), POLICY).filter(
        code="MHA-RENEWAL-VERIFY"
    )
    assert finding.due == date(2027, 2, 28)
    renewed = detention(
        period(Section.S3, at(date(2024, 1, 1)), renewals=(Renewal(report_on=date(2024, 6, 1)),))
    )
    (finding,) = check_detention(renewed, at(date(2024, 11, 1)), POLICY).filter(
        code="MHA-RENEWAL-VERIFY"
    )
    assert finding.due == date(2024, 12, 30)  # the earliest reading (A)
    plain = detention(period(Section.S3, at(date(2026, 1, 15))))
    assert "MHA-RENEWAL-VERIFY" not in codes(plain, at(date(2026, 3, 1)))


# --- held past expiry, extensions, chains ---------------------------------------------


def test_s136_across_autumn_change_held_past_36_hours() -> None:
    """s136 + s136B from 20:00 BST on 24 Oct 2026: ends 07:00 GMT on 26 Oct."""
    start = datetime(2026, 10, 24, 20, tzinfo=BST)
    ext = Extension(authorised_at=datetime(2026, 10, 25, 14, tzinfo=UTC), hours=12)
    late = detention(
        period(Section.S136, start, extension=ext, end=datetime(2026, 10, 26, 7, 30, tzinfo=UTC))
    )
    on_time = detention(
        period(Section.S136, start, extension=ext, end=datetime(2026, 10, 26, 7, tzinfo=UTC))
    )
    assert "MHA-HELD-PAST-EXPIRY" in {f.code for f in detention_rules(late, POLICY)}
    assert "MHA-HELD-PAST-EXPIRY" not in {f.code for f in detention_rules(on_time, POLICY)}


@pytest.mark.parametrize(
    ("section", "hours", "authorised_after"),
    [(Section.S2, 12, 1), (Section.S136, 13, 1), (Section.S136, 12, 25)],
    ids=["no-extension-for-s2", "over-12-hours", "after-expiry"],
)
def test_extension_invalid(section: Section, hours: int, authorised_after: int) -> None:
    start = datetime(2026, 5, 1, 10, tzinfo=UTC)
    ext = Extension(authorised_at=start + timedelta(hours=authorised_after), hours=hours)
    record = detention(period(section, start, extension=ext))
    assert "MHA-EXTENSION-INVALID" in {f.code for f in detention_rules(record, POLICY)}


def test_chain_rules() -> None:
    one = period(Section.S2, at(date(2026, 1, 1)), "A")
    two = period(Section.S3, at(date(2025, 12, 1)), "B", converted_from="Z")
    rules = {f.code for f in detention_rules(detention(one, two), POLICY)}
    assert rules == {"MHA-CHAIN-INVALID"}
    overlap = detention(
        period(Section.S2, at(date(2026, 1, 1)), "A", end=at(date(2026, 1, 10))),
        period(Section.S3, at(date(2026, 1, 5)), "B", converted_from="A"),
    )
    assert "MHA-CHAIN-INVALID" in {f.code for f in detention_rules(overlap, POLICY)}


def test_cto_after_s2_is_not_allowed_and_uncatalogued_is_info() -> None:
    s2 = period(Section.S2, at(date(2026, 1, 1)), "A", end=at(date(2026, 1, 10)))
    cto = period(Section.CTO, at(date(2026, 1, 10)), "B", converted_from="A")
    assert "MHA-CONVERSION-NOT-ALLOWED" in {
        f.code for f in detention_rules(detention(s2, cto), POLICY)
    }
    s136 = period(Section.S136, at(date(2026, 1, 1)), "A", end=at(date(2026, 1, 1), 20))
    s2b = period(Section.S2, at(date(2026, 1, 1), 20), "B", converted_from="A")
    found = list(detention_rules(detention(s136, s2b), POLICY))
    assert [(f.code, f.severity) for f in found] == [("MHA-CONVERSION-UNCATALOGUED", Severity.INFO)]


def test_legal_status_code_mismatch() -> None:
    good = detention(period(Section.S3, at(date(2026, 1, 1)), legal_status_code="03"))
    bad = detention(period(Section.S3, at(date(2026, 1, 1)), legal_status_code="02"))
    unknown = detention(period(Section.S3, at(date(2026, 1, 1)), legal_status_code="77"))
    assert not list(detention_rules(good, POLICY))
    assert {f.code for f in detention_rules(bad, POLICY)} == {"MHA-LEGAL-STATUS-CODE-MISMATCH"}
    (finding,) = detention_rules(unknown, POLICY)
    assert "not a catalogued code" in finding.message
    s3 = period(Section.S3, at(date(2026, 1, 1)), "A", end=at(date(2026, 3, 1)))
    cto = period(Section.CTO, at(date(2026, 3, 1)), "B", converted_from="A", legal_status_code="03")
    mismatch = "MHA-LEGAL-STATUS-CODE-MISMATCH"
    assert mismatch not in {f.code for f in detention_rules(detention(s3, cto), POLICY)}
    lone_cto = period(Section.CTO, at(date(2026, 3, 1)), "B", legal_status_code="03")
    assert mismatch not in {f.code for f in detention_rules(detention(lone_cto), POLICY)}


# --- Part 4, rights, tribunal, s117 ----------------------------------------------------


def test_s58_certificate_due_and_missing() -> None:
    """s58: first dose 10 Feb 2026: certificate needed from 10 May (conservative)."""
    record = detention(
        period(Section.S3, at(date(2026, 2, 1))), medication_first_given=date(2026, 2, 10)
    )
    assert "MHA-S58-CERTIFICATE-DUE" in codes(record, at(date(2026, 5, 1)))
    assert "MHA-S58-CERTIFICATE-DUE" not in codes(record, at(date(2026, 4, 20)))
    missing = check_detention(record, at(date(2026, 5, 10)), POLICY).filter(
        code="MHA-S58-CERTIFICATE-MISSING"
    )
    assert [f.due for f in missing] == [date(2026, 5, 10)]
    assert "MHA-S58-CERTIFICATE-MISSING" not in codes(record, at(date(2026, 5, 9)))
    certified = attrs.evolve(
        record,
        certificates=(
            Certificate(form=CertificateForm.T4, given_on=date(2026, 5, 1)),
            Certificate(form=CertificateForm.T3, given_on=date(2026, 5, 1)),
        ),
    )
    assert "MHA-S58-CERTIFICATE-MISSING" not in codes(certified, at(date(2026, 6, 1)))


def test_s58_not_checked_where_part4_does_not_apply() -> None:
    record = detention(
        period(Section.S136, at(date(2026, 6, 1))), medication_first_given=date(2026, 2, 10)
    )
    assert not any(c.startswith("MHA-S58") for c in codes(record, at(date(2026, 6, 1), 13)))


def test_rights_not_given_and_repeat() -> None:
    """s132: as soon as practicable (Trust: 24 h); repeat if not understood (7 days [V2])."""
    start = at(date(2026, 11, 10))
    record = detention(period(Section.S2, start))
    assert "MHA-RIGHTS-NOT-GIVEN" in codes(record, start + timedelta(hours=24))
    assert "MHA-RIGHTS-NOT-GIVEN" not in codes(record, start + timedelta(hours=23))
    tried = attrs.evolve(
        record,
        rights=(RightsGiven(period_id="A", at=start + timedelta(hours=2), understood=False),),
    )
    assert "MHA-RIGHTS-REPEAT-DUE" in codes(tried, at(date(2026, 11, 18)))
    assert "MHA-RIGHTS-REPEAT-DUE" not in codes(tried, at(date(2026, 11, 17)))
    understood = attrs.evolve(
        record, rights=(RightsGiven(period_id="A", at=start + timedelta(hours=2), understood=True),)
    )
    found = codes(understood, at(date(2026, 11, 18)))
    assert not {"MHA-RIGHTS-REPEAT-DUE", "MHA-RIGHTS-NOT-GIVEN"} & found
    guardianship = detention(period(Section.S7, start))
    assert "MHA-RIGHTS-NOT-GIVEN" not in codes(guardianship, at(date(2026, 11, 20)))


def test_s2_tribunal_window_open_and_closing() -> None:
    """s66: 14 days beginning with admission on 10 Nov 2026: last day 23 Nov."""
    record = detention(period(Section.S2, at(date(2026, 11, 10))))
    assert "MHA-TRIBUNAL-WINDOW-OPEN" in codes(record, at(date(2026, 11, 12)))
    closing = check_detention(record, at(date(2026, 11, 21)), POLICY).filter(
        code="MHA-TRIBUNAL-WINDOW-CLOSING"
    )
    assert [f.due for f in closing] == [date(2026, 11, 23)]
    after = codes(record, at(date(2026, 11, 24)))
    assert not {"MHA-TRIBUNAL-WINDOW-OPEN", "MHA-TRIBUNAL-WINDOW-CLOSING"} & after
    applied = attrs.evolve(
        record,
        tribunal_applications=(TribunalApplication(period_id="A", applied_on=date(2026, 11, 11)),),
    )
    assert "MHA-TRIBUNAL-WINDOW-CLOSING" not in codes(applied, at(date(2026, 11, 21)))
    withdrawn = attrs.evolve(
        record,
        tribunal_applications=(
            TribunalApplication(period_id="A", applied_on=date(2026, 11, 11), withdrawn=True),
        ),
    )
    assert "MHA-TRIBUNAL-WINDOW-CLOSING" in codes(withdrawn, at(date(2026, 11, 21)))


def test_managers_reference_due() -> None:
    """s68: s3 from 1 Jun 2026, no application in the first six months: due 1 Dec."""
    record = detention(period(Section.S3, datetime(2026, 6, 1, 15, tzinfo=BST)))
    (finding,) = check_detention(record, at(date(2026, 11, 23)), POLICY).filter(
        code="MHA-MANAGERS-REFERENCE-DUE"
    )
    assert finding.due == datetime(2026, 12, 1, tzinfo=LONDON)
    referred = attrs.evolve(record, managers_references=(date(2026, 11, 20),))
    assert "MHA-MANAGERS-REFERENCE-DUE" not in codes(referred, at(date(2026, 11, 23)))
    applied = attrs.evolve(
        record,
        tribunal_applications=(TribunalApplication(period_id="A", applied_on=date(2026, 7, 1)),),
    )
    assert "MHA-MANAGERS-REFERENCE-DUE" not in codes(applied, at(date(2026, 11, 23)))


def test_s117_not_recorded_after_s3_only() -> None:
    s3 = period(
        Section.S3, at(date(2026, 1, 1)), end=at(date(2026, 5, 1)), end_reason=EndReason.DISCHARGED
    )
    record = detention(s3, left_hospital_on=date(2026, 5, 1))
    assert "MHA-S117-NOT-RECORDED" in codes(record, at(date(2026, 5, 2)))
    recorded = attrs.evolve(record, aftercare=Aftercare(started_on=date(2026, 5, 1)))
    assert "MHA-S117-NOT-RECORDED" not in codes(recorded, at(date(2026, 5, 2)))
    s2 = period(Section.S2, at(date(2026, 1, 1)), end=at(date(2026, 1, 20)))
    assert "MHA-S117-NOT-RECORDED" not in codes(
        detention(s2, left_hospital_on=date(2026, 1, 20)), at(date(2026, 5, 2))
    )


def test_s117_ended_during_cto() -> None:
    s3 = period(Section.S3, at(date(2026, 1, 1)), "A", end=at(date(2026, 3, 1)))
    cto = period(Section.CTO, at(date(2026, 3, 1)), "B", converted_from="A")
    record = detention(
        s3, cto, aftercare=Aftercare(started_on=date(2026, 3, 1), ended_on=date(2026, 6, 1))
    )
    assert "MHA-S117-ENDED-DURING-CTO" in {f.code for f in detention_rules(record, POLICY)}
    ended = attrs.evolve(
        record,
        periods=(s3, attrs.evolve(cto, end=at(date(2026, 5, 1)))),
    )
    assert "MHA-S117-ENDED-DURING-CTO" not in {f.code for f in detention_rules(ended, POLICY)}


def test_mha2025_switch_moves_s3_expiry_in_checks() -> None:
    record = detention(period(Section.S3, at(date(2026, 1, 15))))
    switched = TrustPolicy(mha=MhaPolicy(mha2025_in_force_for_testing=True))
    assert "MHA-EXPIRED" in codes(record, at(date(2026, 4, 15)), switched)
    assert "MHA-EXPIRED" not in codes(record, at(date(2026, 4, 15)))


def test_mha2025_switch_moves_only_the_2025_facts() -> None:
    """MHA 2025 rows (s29, s30(1), s31, s14): with the switch on, the s3 schedule, the s2/s4
    windows, the references and the s58 time move; a section with none of them (s5(2),
    s136, s7 without medication) gives the same findings at every instant."""
    switched = TrustPolicy(mha=MhaPolicy(mha2025_in_force_for_testing=True))
    start = at(date(2026, 1, 15))
    instants = [start + timedelta(hours=h) for h in (1, 5, 7, 23, 25, 30, 40, 71, 73)]
    instants += [at(date(2026, 1, 15) + timedelta(days=d)) for d in range(10, 800, 7)]
    unchanged = (Section.S5_2, Section.S5_4, Section.S136, Section.S135, Section.S7)
    for section in Section:
        record = detention(period(section, start, renewals=(Renewal(report_on=date(2026, 3, 20)),)))
        before = [check_detention(record, when, POLICY) for when in instants]
        after = [check_detention(record, when, switched) for when in instants]
        if section in (Section.S2, Section.S3, Section.S4):
            assert before != after, section
        elif section in unchanged:
            assert before == after, section
    s3 = period(Section.S3, start)
    record = detention(s3)
    # 1983: six months (ends 14 Jul); MHA 2025: three months (ends 14 Apr), then 3, 6, 12.
    assert expiry(record, s3) == datetime(2026, 7, 15, tzinfo=LONDON)
    assert expiry(record, s3, switched.mha) == datetime(2026, 4, 15, tzinfo=LONDON)
    ends = [
        expiry(
            detention(attrs.evolve(s3, renewals=(Renewal(report_on=date(2026, 3, 1)),) * n)),
            attrs.evolve(s3, renewals=(Renewal(report_on=date(2026, 3, 1)),) * n),
            switched.mha,
        )
        for n in range(4)
    ]
    assert ends == [
        datetime(2026, 4, 15, tzinfo=LONDON),
        datetime(2026, 7, 15, tzinfo=LONDON),
        datetime(2027, 1, 15, tzinfo=LONDON),
        datetime(2028, 1, 15, tzinfo=LONDON),
    ]


def test_caseload_is_sorted_worst_first() -> None:
    start = datetime(2026, 10, 24, 9, tzinfo=BST)
    records = [
        detention(period(Section.S3, at(date(2026, 1, 15)))),
        detention(period(Section.S5_2, start)),
    ]
    report = check_caseload(records, start + timedelta(hours=80))
    assert report.findings[0].code == "MHA-EXPIRED"


# --- the record kind and the example records ------------------------------------------


def _examples() -> list[dict[str, Any]]:
    text = resources.files("cpa_core").joinpath("examples/team/mha-detention.ndjson").read_text()
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_examples_validate_and_show_findings() -> None:
    seen: set[str] = set()
    for data in _examples():
        report = validate("mha-detention", data)
        assert not [
            f for f in report if f.code.startswith("RECORD-") and f.severity is Severity.ERROR
        ]
        record = convert.structure(data, MhaDetention, kind="mha-detention")
        seen |= check_detention(record, start_of_day(date(2026, 11, 23)), POLICY).codes()
        assert convert.unstructure(record) == convert.unstructure(
            convert.structure(convert.unstructure(record), MhaDetention)
        )
    assert {"MHA-RENEWAL-DUE", "MHA-S58-CERTIFICATE-MISSING", "MHA-S117-NOT-RECORDED"} <= seen
    assert "MHA-TRIBUNAL-WINDOW-CLOSING" in seen
    # CAST.md: P002 on a CTO, recalled; P011 on s17 leave; P012 absent without leave.
    assert {"MHA-RECALL-IN-PROGRESS", "MHA-LEAVE-CURRENT", "MHA-LEAVE-CTO-NOT-CONSIDERED"} <= seen
    assert {"MHA-AWOL", "MHA-AWOL-AUTHORITY-EXTENDED", "MHA-MANAGERS-REFERENCE-DUE"} <= seen
    assert "MHA-EXPIRED" not in seen


def test_record_kind() -> None:
    assert MHA_DETENTION.name == "mha-detention"
    assert MHA_DETENTION.model is MhaDetention


def test_bad_record_is_a_finding_not_an_exception() -> None:
    data = _examples()[0]
    data["periods"][0]["end"] = "2020-01-01T00:00:00Z"
    report = validate("mha-detention", data)
    assert any(f.code.startswith("RECORD-") for f in report)
    data["periods"][0]["start"] = "2020-01-01T00:00:00"  # no offset
    assert any(f.code == "RECORD-INVALID" for f in validate("mha-detention", data))


def test_cto_recall_over_72_hours_is_a_warning() -> None:
    """s17E: recall up to 72 hours [V]; anchor not stated, so a warning only."""
    recalled = datetime(2026, 10, 23, 12, tzinfo=BST)
    open_recall = Recall(recalled_at=recalled)
    cto = period(Section.CTO, at(date(2026, 6, 1)), recalls=(open_recall,))
    record = detention(cto)
    (finding,) = check_detention(record, recalled + timedelta(hours=73), POLICY).filter(
        code="MHA-RECALL-TOO-LONG"
    )
    assert finding.severity is Severity.WARNING
    assert finding.due == datetime(2026, 10, 26, 11, tzinfo=UTC)  # across the autumn change
    assert "MHA-RECALL-TOO-LONG" not in codes(record, recalled + timedelta(hours=71))
    released = Recall(recalled_at=recalled, released_at=recalled + timedelta(hours=10))
    revoked = Recall(recalled_at=recalled, revoked=True)
    for item in (released, revoked):
        ok = detention(attrs.evolve(cto, recalls=(item,)))
        assert "MHA-RECALL-TOO-LONG" not in codes(ok, recalled + timedelta(hours=80))


# --- Trust-supplied periods (reference "—": no anchor stated) --------------------------


def _s47_policy() -> TrustPolicy:
    supplied = TrustSectionPeriod(
        section="s47",
        anchor="months-beginning-with",
        anchor_event="the day of the transfer direction",
        periods=(6, 6, 12),
        renewable=True,
        source="Trust MHA policy v3, para 4.2",
    )
    return TrustPolicy(mha=MhaPolicy(trust_section_periods=(supplied,)))


def test_trust_supplied_period_fills_only_an_unstated_anchor() -> None:
    s47 = period(Section.S47, at(date(2026, 1, 15)))
    record = detention(s47)
    policy = _s47_policy()
    assert expiry(record, s47) is None
    assert expiry(record, s47, policy.mha) == datetime(2026, 7, 15, tzinfo=LONDON)
    (finding,) = check_detention(record, at(date(2026, 8, 1)), policy).filter(code="MHA-EXPIRED")
    assert finding.severity is Severity.WARNING  # the Trust's fact, never an error
    assert "MHA-EXPIRY-NOT-COMPUTED" in codes(record, at(date(2026, 8, 1)))
    row = row_for(s47, policy.mha)
    assert row.anchor is Anchor.MONTHS_BEGINNING_WITH
    assert row.anchor_source is not None
    assert row.anchor_source.locator == "Trust MHA policy v3, para 4.2"
    # A stated anchor is never replaced.
    wrong = TrustSectionPeriod(section="s2", anchor="hours-from", periods=(1,), source="x")
    s2 = period(Section.S2, at(date(2026, 1, 15)))
    other = MhaPolicy(trust_section_periods=(wrong,))
    assert expiry(detention(s2), s2, other) == expiry(detention(s2), s2)


def test_policy_section_codes_match_the_catalogue() -> None:
    assert set(get_args(SectionCode)) == {s.value for s in Section}
    assert set(get_args(AnchorCode)) == {a.value for a in Anchor} - {"not-stated"}


def test_trust_section_periods_load_from_a_policy_mapping() -> None:
    policy = policy_from_mapping(
        {
            "mha": {
                "trust_section_periods": [
                    {
                        "section": "s135-1",
                        "anchor": "hours-from",
                        "periods": [24],
                        "source": "Trust place of safety policy",
                    }
                ]
            }
        }
    )
    (supplied,) = policy.mha.trust_section_periods
    assert supplied.periods == (24,)
    with pytest.raises(PolicyError):
        policy_from_mapping(
            {"mha": {"trust_section_periods": [{"section": "s99", "anchor": "x", "periods": []}]}}
        )
