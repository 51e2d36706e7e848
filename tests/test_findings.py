"""Finding, FindingCode and Report."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.provenance import Source

SOURCE = Source(title="Guide", publisher="NHS England", url="https://example.org/guide")
OVERDUE = FindingCode("CARE-REVIEW-OVERDUE", Severity.WARNING, "Review overdue.", SOURCE)
EXPIRED = FindingCode("MHA-S2-EXPIRED", Severity.ERROR, "Section 2 expired.")
NOTE = FindingCode("CARE-NOTE", Severity.INFO, "For information.")


@pytest.mark.parametrize("bad", ["care-review", "CARE", "CARE_REVIEW", "-CARE", "CARE-"])
def test_codes_are_namespaced_upper_case(bad: str) -> None:
    with pytest.raises(CpaCoreError, match="is not AREA-WORD"):
        FindingCode(bad, Severity.INFO, "x")


def test_finding_from_code_carries_code_severity_and_source() -> None:
    finding = OVERDUE.finding(
        "Review overdue", path="$.reviews", subject_id="EP1", due=date(2026, 1, 1)
    )
    assert finding.code == "CARE-REVIEW-OVERDUE"
    assert finding.severity is Severity.WARNING
    assert finding.source is SOURCE
    assert OVERDUE.area == "CARE"
    assert finding.to_dict() == {
        "code": "CARE-REVIEW-OVERDUE",
        "severity": "warning",
        "message": "Review overdue",
        "path": "$.reviews",
        "subject_id": "EP1",
        "due": "2026-01-01",
        "source": "NHS England: Guide",
        "source_url": "https://example.org/guide",
    }
    assert OVERDUE.finding("x", severity=Severity.INFO).severity is Severity.INFO


def make_report() -> Report:
    return Report.of(
        [NOTE.finding("n", subject_id="A")],
        [OVERDUE.finding("late", due=date(2026, 2, 1), subject_id="B")],
        [EXPIRED.finding("expired", due=datetime(2026, 1, 5, 12, tzinfo=UTC))],
        [OVERDUE.finding("later", due=date(2026, 1, 1), subject_id="A")],
    )


def test_counts_and_filters() -> None:
    report = make_report()
    assert len(report) == 4
    assert report
    assert not Report()
    assert not report.ok
    assert Report.of([NOTE.finding("n")]).ok
    assert report.counts_by_severity() == {Severity.ERROR: 1, Severity.WARNING: 2, Severity.INFO: 1}
    assert report.counts_by_code() == {
        "CARE-NOTE": 1,
        "CARE-REVIEW-OVERDUE": 2,
        "MHA-S2-EXPIRED": 1,
    }
    assert report.codes() == {"CARE-NOTE", "CARE-REVIEW-OVERDUE", "MHA-S2-EXPIRED"}
    assert len(report.filter(area="CARE")) == 3
    assert len(report.filter(code="MHA-S2-EXPIRED")) == 1
    assert len(report.filter(subject_id="A", severity=Severity.WARNING)) == 1
    assert report.errors == (report.findings[2],)


def test_sorted_worst_first_then_due() -> None:
    ordered = [f.message for f in make_report().sorted()]
    assert ordered == ["expired", "later", "late", "n"]


def test_reports_add_and_serialise() -> None:
    combined = make_report() + Report((Finding("CARE-NOTE", Severity.INFO, "m"),))
    assert len(combined) == 5
    data = combined.to_dict()
    assert data["counts"] == {"error": 1, "warning": 2, "info": 2}
    assert data["findings"][2]["due"] == "2026-01-05T12:00:00+00:00"
    assert [f.code for f in combined][:1] == ["CARE-NOTE"]


def test_a_row_from_an_unverified_source_never_gives_an_error() -> None:
    from cpa_core.provenance import Evidence

    code = FindingCode("TEST-RULE-BROKEN", Severity.ERROR, "A test rule is broken.")
    verified = Source(title="Statute")
    secondary = Source(title="A Trust policy", evidence=Evidence.SECONDARY)
    unverified = Source(title="Guess", evidence=Evidence.UNVERIFIED)
    assert code.finding("x", source=verified).severity is Severity.ERROR
    assert code.finding("x", source=secondary).severity is Severity.WARNING
    assert code.finding("x", source=unverified).severity is Severity.WARNING
    # Capping only lowers: an asked-for warning or info stays as asked.
    assert code.finding("x", source=unverified, severity=Severity.INFO).severity is Severity.INFO
    # The code's own source describes the code and does not lower it.
    described = FindingCode("TEST-DESCRIBED", Severity.ERROR, "Described.", source=secondary)
    assert described.finding("x").severity is Severity.ERROR


def test_a_deadline_gives_overdue_due_soon_or_nothing() -> None:
    from datetime import UTC, datetime, timedelta

    from cpa_core.findings import Deadline

    late = FindingCode("TEST-REVIEW-OVERDUE", Severity.WARNING, "Overdue.")
    soon = FindingCode("TEST-REVIEW-DUE", Severity.INFO, "Due soon.")
    review = Deadline(late, soon)
    due = date(2026, 4, 12)

    def at(today: date) -> Finding | None:
        return review.check(due, today, 14, overdue="late", due_soon="soon", path="$.reviews")

    assert at(date(2026, 3, 28)) is None
    soon_finding = at(date(2026, 3, 29))
    assert soon_finding is not None
    assert (soon_finding.code, soon_finding.message, soon_finding.due) == (
        "TEST-REVIEW-DUE",
        "soon",
        due,
    )
    on_the_day = at(date(2026, 4, 12))  # the due date is the last acceptable day
    assert on_the_day is not None
    assert on_the_day.code == "TEST-REVIEW-DUE"
    overdue = at(date(2026, 4, 13))
    assert overdue is not None
    assert (overdue.code, overdue.path) == ("TEST-REVIEW-OVERDUE", "$.reviews")
    assert Deadline(late).check(due, date(2026, 4, 1), 14, overdue="late") is None
    end = datetime(2026, 4, 12, 10, tzinfo=UTC)
    instant = review.check_instant(end, end, timedelta(hours=12), overdue="expired")
    assert instant is not None
    assert instant.code == "TEST-REVIEW-OVERDUE"
