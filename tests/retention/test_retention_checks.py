"""Findings, record kinds, example records and the audit's robustness."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import audit, registry, validate
from cpa_core.context import CheckContext
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Severity
from cpa_core.policy import TrustPolicy
from cpa_core.records import Located
from cpa_core.retention import (
    DOMAIN,
    LEGAL_HOLD,
    RETENTION_RECORD,
    Appraisal,
    AppraisalOutcome,
    HoldScope,
    LegalHold,
    RecordClass,
    RetentionRecord,
    UsePeriod,
    caseload_retention,
    check_record,
    retention_dates,
)
from cpa_core.schemas import read

POLICY = TrustPolicy()
AS_OF = date(2026, 11, 23)
AUDIT_AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
EXAMPLES = Path(audit.example_bundle())


def _codes(record: RetentionRecord, as_of: date = AS_OF, **kw: Any) -> list[str]:
    return [f.code for f in check_record(record, as_of, POLICY, **kw)]


def test_registry_sees_the_area() -> None:
    assert {k.name for k in DOMAIN.record_kinds} == {"retention-record", "retention-hold"}
    assert registry.record_kind("retention-record") is RETENTION_RECORD
    codes = registry.finding_codes()
    for code in DOMAIN.finding_codes:
        assert codes[code.code] is code
        assert code.area == "RETENTION"
    assert all(t in registry.rule_tables() for t in DOMAIN.rule_tables)


def test_review_due_and_soon() -> None:
    due = RetentionRecord(
        record_id="R1", record_class=RecordClass.INCIDENT, incident=date(2015, 10, 2)
    )
    [finding] = list(check_record(due, AS_OF, POLICY))
    assert finding.code == "RETENTION-REVIEW-DUE"
    assert finding.due == date(2025, 10, 2)
    assert finding.subject_id == "R1"
    soon = RetentionRecord(
        record_id="R2", record_class=RecordClass.INCIDENT, incident=date(2016, 12, 1)
    )
    assert _codes(soon) == ["RETENTION-REVIEW-DUE-SOON"]
    far = RetentionRecord(
        record_id="R3", record_class=RecordClass.INCIDENT, incident=date(2020, 1, 1)
    )
    assert _codes(far) == []


def test_review_due_after_retain_appraisal_is_dated_by_it() -> None:
    record = RetentionRecord(
        record_id="R",
        record_class=RecordClass.TRAINING_STATUTORY,
        completed=date(2014, 3, 1),
        appraisal=Appraisal(
            appraised_on=date(2024, 4, 2),
            staff_id="S005",
            outcome=AppraisalOutcome.RETAIN,
            retain_until=date(2026, 4, 1),
        ),
    )
    [finding] = list(check_record(record, AS_OF, POLICY))
    assert finding.code == "RETENTION-REVIEW-DUE"
    assert finding.due == date(2026, 4, 1)


def test_held_missing_no_rule_and_unsettled() -> None:
    held = RetentionRecord(
        record_id="H",
        record_class=RecordClass.INCIDENT,
        incident=date(2010, 1, 1),
        holds=("trust-claim",),
    )
    assert _codes(held) == ["RETENTION-HELD"]
    missing = RetentionRecord(record_id="M", record_class=RecordClass.ADULT_SOCIAL_CARE)
    assert _codes(missing) == ["RETENTION-TRIGGER-MISSING"]
    assert _codes(missing, date(2020, 1, 1)) == ["RETENTION-NO-RULE"]
    mh = RetentionRecord(
        record_id="MH",
        record_class=RecordClass.MENTAL_HEALTH,
        last_contact=date(2019, 2, 20),
        died=date(2019, 4, 2),
    )
    [finding] = list(check_record(mh, AS_OF, POLICY))
    assert finding.code == "RETENTION-UNSETTLED-COMBINATION"
    assert finding.severity is Severity.INFO
    assert finding.due == date(2039, 2, 20)


def test_early_destroy_appraisal_is_a_warning() -> None:
    record = RetentionRecord(
        record_id="E",
        record_class=RecordClass.INCIDENT,
        incident=date(2020, 1, 1),
        appraisal=Appraisal(
            appraised_on=date(2026, 1, 1), staff_id="S005", outcome=AppraisalOutcome.DESTROY
        ),
    )
    assert _codes(record) == ["RETENTION-APPRAISAL-EARLY"]


def test_destruction_checks() -> None:
    early_verified = RetentionRecord(
        record_id="D1",
        record_class=RecordClass.ADULT_SOCIAL_CARE,
        last_contact=date(2023, 1, 1),
        destroyed_on=date(2026, 1, 1),
    )
    findings = list(check_record(early_verified, AS_OF, POLICY))
    # Adult social care is also in the scope of a national inquiry hold, whose current
    # status is not verified: that finding is a warning.
    assert [(f.code, f.severity) for f in findings] == [
        ("RETENTION-DESTROYED-WITHOUT-APPRAISAL", Severity.ERROR),
        ("RETENTION-DESTROYED-EARLY", Severity.ERROR),
        ("RETENTION-DESTROYED-UNDER-HOLD", Severity.WARNING),
    ]
    early_unverified = RetentionRecord(
        record_id="D2",
        record_class=RecordClass.TIMESHEET,
        created=date(2025, 1, 6),
        destroyed_on=date(2026, 2, 2),
        appraisal=Appraisal(
            appraised_on=date(2026, 2, 1), staff_id="S005", outcome=AppraisalOutcome.DESTROY
        ),
    )
    findings = list(check_record(early_unverified, AS_OF, POLICY))
    assert [(f.code, f.severity) for f in findings] == [
        ("RETENTION-DESTROYED-EARLY", Severity.WARNING)
    ]
    under_hold = RetentionRecord(
        record_id="D3",
        record_class=RecordClass.SERIOUS_INCIDENT,
        incident=date(2004, 1, 1),
        subject_matter=("child-protection", "infected-blood"),
        destroyed_on=date(2025, 1, 1),
        appraisal=Appraisal(
            appraised_on=date(2024, 12, 1), staff_id="S005", outcome=AppraisalOutcome.DESTROY
        ),
    )
    findings = list(check_record(under_hold, AS_OF, POLICY))
    assert [(f.code, f.severity, f.message) for f in findings] == [
        (
            "RETENTION-DESTROYED-UNDER-HOLD",
            Severity.WARNING,  # the IICSA moratorium's current status is unverified
            "destroyed while legal hold iicsa was in force",
        ),
        (
            "RETENTION-DESTROYED-UNDER-HOLD",
            Severity.ERROR,
            "destroyed while legal hold infected-blood was in force",
        ),
    ]


def test_destruction_under_the_covid_hold_is_only_a_warning() -> None:
    # retention.md section 5 gives no date for the Covid-19 Inquiry instruction: the hold's
    # start (1 January 2020) is an engineering default, so a breach is never an ERROR.
    record = RetentionRecord(
        record_id="D4",
        record_class=RecordClass.TIMESHEET,
        created=date(2020, 3, 2),
        destroyed_on=date(2023, 6, 1),
        appraisal=Appraisal(
            appraised_on=date(2023, 5, 1), staff_id="S005", outcome=AppraisalOutcome.DESTROY
        ),
    )
    findings = list(check_record(record, AS_OF, POLICY))
    assert [(f.code, f.severity, f.message) for f in findings] == [
        (
            "RETENTION-DESTROYED-UNDER-HOLD",
            Severity.WARNING,
            "destroyed while legal hold covid-19-inquiry was in force",
        )
    ]


def test_record_rules_find_contradictory_dates() -> None:
    data = {
        "record_id": "X",
        "record_class": "mental-health",
        "date_of_birth": "2000-01-01",
        "last_contact": "1999-12-01",
        "died": "1999-06-01",
        "reuse": [{"reopened": "1999-01-01", "closed": "1999-02-01"}],
        "destroyed_on": "1999-11-01",
    }
    report = validate("retention-record", data)
    assert report.codes() == {"RETENTION-DATES-INCONSISTENT"}
    assert sorted(f.path for f in report) == [
        "$.destroyed_on",
        "$.died",
        "$.last_contact",
        "$.last_contact",
        "$.reuse[0].reopened",
    ]


def test_impossible_ranges_are_value_errors() -> None:
    bad_reuse = {
        "record_id": "X",
        "record_class": "incident",
        "reuse": [{"reopened": "2020-01-02", "closed": "2020-01-01"}],
    }
    assert validate("retention-record", bad_reuse).codes() == {"RECORD-VALUE-INVALID"}
    bad_hold = {"hold_id": "h", "title": "T", "start": "2020-01-02", "end": "2020-01-01"}
    assert validate("retention-hold", bad_hold).codes() == {"RECORD-VALUE-INVALID"}
    bad_scope = {
        "hold_id": "h",
        "title": "T",
        "start": "2020-01-01",
        "scope": {"covering_from": "2020-01-02", "covering_until": "2020-01-01"},
    }
    assert validate("retention-hold", bad_scope).codes() == {"RECORD-VALUE-INVALID"}


def test_hold_rules_and_audit() -> None:
    unscoped = LegalHold(hold_id="freeze", title="Freeze", start=date(2026, 11, 1))
    assert [f.code for f in LEGAL_HOLD.rules(unscoped, POLICY)] == ["RETENTION-HOLD-UNSCOPED"]
    assert LEGAL_HOLD.audit is not None
    assert list(LEGAL_HOLD.audit(unscoped, CheckContext.at(AUDIT_AS_OF, POLICY))) == []
    lifted = LegalHold(
        hold_id="lifted",
        title="Lifted",
        start=date(2025, 1, 1),
        end=date(2026, 6, 30),
        scope=HoldScope(record_classes=(RecordClass.COMPLAINT,)),
    )
    assert list(LEGAL_HOLD.rules(lifted, POLICY)) == []
    [ended] = LEGAL_HOLD.audit(lifted, CheckContext.at(AUDIT_AS_OF, POLICY))
    assert ended.code == "RETENTION-HOLD-ENDED"
    assert ended.due == date(2026, 6, 30)


def _lines(kind: str) -> list[dict[str, Any]]:
    text = (EXAMPLES / f"{kind}.ndjson").read_text(encoding="utf-8")
    return [json.loads(line) for line in text.splitlines() if line.strip()]


def test_examples_validate_without_record_errors() -> None:
    for kind in ("retention-record", "retention-hold"):
        rows = _lines(kind)
        assert rows
        for data in rows:
            report = validate(kind, data)
            assert not any(
                f.code.startswith("RECORD-") and f.severity is Severity.ERROR for f in report
            ), data


def test_bundle_holds_block_disposal_in_the_audit() -> None:
    # A Trust hold in the bundle's retention-hold file reaches every record it covers.
    due = RetentionRecord(
        record_id="R-due",
        record_class=RecordClass.INCIDENT,
        incident=date(2010, 1, 1),
    )
    freeze = LegalHold(hold_id="freeze", title="Freeze", start=date(2026, 11, 1))
    alone = [
        f.code
        for _, f in caseload_retention(
            {"retention-record": [_at(due)]}, CheckContext.at(AUDIT_AS_OF, POLICY)
        )
    ]
    held = [
        f.code
        for _, f in caseload_retention(
            {"retention-record": [_at(due)], "retention-hold": [_at(freeze)]},
            CheckContext.at(AUDIT_AS_OF, POLICY),
        )
    ]
    assert "RETENTION-REVIEW-DUE" in alone
    assert "RETENTION-HELD" in held
    assert "RETENTION-REVIEW-DUE" not in held


def test_example_audit_shows_the_area() -> None:
    records = [r for r in audit.read_bundle(EXAMPLES) if r.kind.startswith("retention-")]
    result = audit.run_audit(records, AUDIT_AS_OF)
    codes = result.report.filter(area="RETENTION").codes()
    assert {
        "RETENTION-REVIEW-DUE",
        "RETENTION-HELD",
        "RETENTION-DESTROYED-WITHOUT-APPRAISAL",
        "RETENTION-TRIGGER-MISSING",
        "RETENTION-HOLD-UNSCOPED",
    } <= codes
    for finding in result.report:
        assert "999000" not in finding.message  # never an NHS number


# The whole calendar: dates near year 9999 must saturate, not overflow.
_DATES = st.one_of(st.none(), st.dates())


@st.composite
def _record_data(draw: st.DrawFn) -> dict[str, Any]:
    data: dict[str, Any] = {
        "record_id": "R",
        "record_class": draw(st.sampled_from([c.value for c in RecordClass])),
        "appealed": draw(st.booleans()),
        "summary_made": draw(st.booleans()),
        "subject_matter": draw(
            st.lists(st.sampled_from(["covid-19", "child-protection", "infected-blood"]))
        ),
        "holds": draw(st.lists(st.sampled_from(["iicsa", "trust-a"]), max_size=2)),
    }
    for name in (
        "date_of_birth",
        "opened",
        "last_contact",
        "died",
        "left_employment",
        "incident",
        "closed",
        "created",
        "completed",
        "last_entry",
        "records_destroyed",
        "destroyed_on",
    ):
        value = draw(_DATES)
        if value is not None:
            data[name] = value.isoformat()
    reuse = draw(st.lists(st.tuples(_DATES, _DATES), max_size=2))
    data["reuse"] = [
        {"reopened": (a or date(2000, 1, 1)).isoformat()}
        | ({"closed": b.isoformat()} if b is not None else {})
        for a, b in reuse
    ]
    if draw(st.booleans()):
        data["appraisal"] = {
            "appraised_on": draw(st.dates(min_value=date(1990, 1, 1))).isoformat(),
            "staff_id": "S005",
            "outcome": draw(st.sampled_from([o.value for o in AppraisalOutcome])),
        }
    return data


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(_record_data(), st.dates(max_value=date(9999, 12, 30)))
def test_audit_never_raises_on_schema_valid_input(data: dict[str, Any], as_of: date) -> None:
    try:
        record = read(RetentionRecord, data, kind="retention-record")
    except CpaCoreError:
        return  # refused with a located problem: that is the contract
    list(RETENTION_RECORD.rules(record, POLICY))
    moment = datetime(as_of.year, as_of.month, as_of.day, 12, tzinfo=UTC)
    for about, finding in caseload_retention(
        {"retention-record": [_at(record)]}, CheckContext.at(moment, POLICY)
    ):
        assert about is not None
        assert about.record is record
        assert finding.code.startswith("RETENTION-")


@pytest.mark.parametrize("record_class", list(RecordClass))
def test_dates_at_the_end_of_the_calendar_saturate(record_class: RecordClass) -> None:
    # Schema-valid dates in year 9999: the retention date runs past the calendar, so the
    # record is retained (earliest review date.max), never an OverflowError or ValueError.
    day = date(9999, 6, 30)
    record = RetentionRecord(
        record_id="Z",
        record_class=record_class,
        date_of_birth=day,
        last_contact=day,
        died=day,
        left_employment=day,
        incident=day,
        closed=day,
        created=day,
        completed=day,
        last_entry=day,
        records_destroyed=day,
    )
    assert retention_dates(record, AS_OF).earliest_review == date.max
    moment = datetime(9999, 12, 30, tzinfo=UTC)
    codes = [
        f.code
        for _, f in caseload_retention(
            {"retention-record": [_at(record)]}, CheckContext.at(moment, POLICY)
        )
    ]
    assert "RETENTION-REVIEW-DUE" not in codes


def test_reuse_open_record_gets_no_review_finding() -> None:
    record = RetentionRecord(
        record_id="U",
        record_class=RecordClass.INCIDENT,
        incident=date(2001, 1, 1),
        reuse=(UsePeriod(reopened=date(2026, 1, 1)),),
    )
    assert _codes(record) == []


def _at(record: RetentionRecord | LegalHold) -> Located[Any]:
    kind = "retention-record" if isinstance(record, RetentionRecord) else "retention-hold"
    return Located(record, kind, f"{kind}.ndjson:1")
