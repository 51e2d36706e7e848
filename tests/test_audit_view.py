"""The manager's view of the audit: one action place per finding, coordinators' sections,
dates and rules in plain words."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import attrs
import pytest

from cpa_core import audit, audit_view, registry, statutory_time
from cpa_core.audit import AuditEntry, AuditResult
from cpa_core.audit_view import AuditView, Place, Slot, slot_of
from cpa_core.context import CheckContext
from cpa_core.domain import Domain
from cpa_core.exceptions import CpaCoreError
from cpa_core.findings import Finding, Severity
from cpa_core.policy import policy_from_mapping
from cpa_core.provenance import Evidence, Source
from cpa_core.records import Located, caseload_check, scope_of

AS_OF = statutory_time.start_of_day(audit.EXAMPLE_AS_OF)


@pytest.fixture(scope="module")
def example() -> AuditResult:
    return audit.run_audit(audit.read_bundle(audit.example_bundle()), AS_OF)


def _one(result: AuditResult, code: str, who: str | None = None) -> AuditEntry:
    found = [e for e in result.entries if e.finding.code == code and who in (None, e.who)]
    assert len(found) == 1, (code, who, found)
    return found[0]


def _entry(severity: Severity, due: date | datetime | None, **extra: Any) -> AuditEntry:
    finding = Finding("TEST-CODE", severity, "m", due=due)
    return AuditEntry(finding, "k", "f:1", "P1", "Area", "person", "P1", **extra)


# --- one action place per finding --------------------------------------------------------


def test_every_example_finding_has_one_place_and_the_counts_add_up(example: AuditResult) -> None:
    view = AuditView(example)
    counts = view.place_counts()
    assert sum(counts.values()) == len(example.entries) == 112
    assert list(counts) == view.place_keys()
    # The JSON output names the same place for every finding.
    body = json.loads(audit.render_json(example))
    assert Counter(f["place"] for f in body["findings"]) == +Counter(counts)
    assert body["places"] == counts


def test_undated_errors_need_action_now(example: AuditResult) -> None:
    # Among them one the issue names: it had no due date, so no place on the old timeline.
    # (The other, CARE-NO-COORDINATOR, now rests on a secondary copy of NHS England's
    # position statement, so it is a warning and waits among the undated.)
    view = AuditView(example)
    assert view.slot(_one(example, "STAFF-COORDINATOR-INELIGIBLE", "S004")).place is Place.NOW
    assert view.slot(_one(example, "CARE-NO-COORDINATOR", "P007")).place is Place.UNDATED
    undated_errors = [
        e for e in example.entries
        if e.finding.severity is Severity.ERROR and e.finding.due is None
    ]  # fmt: skip
    assert len(undated_errors) == 10
    assert all(view.slot(e).place is Place.NOW for e in undated_errors)


def test_past_events_are_information_worded_in_the_past(example: AuditResult) -> None:
    view = AuditView(example)
    note = _one(example, "CARE-NOTE-LATE", "P003")
    assert view.slot(note).place is Place.INFORMATION
    when, relative = view.when(note)
    assert when == "Sun 22 Nov 2026, 10:00"
    assert relative.startswith("recorded ")
    assert relative.endswith(" late")
    assert "overdue" not in relative
    met = _one(example, "CARE-FOLLOW-UP-MET", "P001")
    assert view.slot(met).place is Place.INFORMATION
    assert view.when(met)[1].endswith(" ago")
    # The same code is an open deadline when nothing has been done: P003's plan was never
    # sent; P007's was sent late.
    sent_late = _one(example, "CARE-DISCHARGE-PLAN-NOT-SENT", "P007")
    not_sent = _one(example, "CARE-DISCHARGE-PLAN-NOT-SENT", "P003")
    assert view.slot(sent_late).place is Place.INFORMATION
    assert view.when(sent_late)[1].startswith("sent ")
    assert view.slot(not_sent).place is Place.NOW
    assert view.when(not_sent)[1].startswith("overdue by ")


def test_no_error_is_ever_for_information(example: AuditResult) -> None:
    view = AuditView(example)
    information = [e for e in example.entries if view.slot(e).place is Place.INFORMATION]
    assert information
    assert all(e.finding.severity is not Severity.ERROR for e in information)
    # An error done late (held past expiry) still needs action, worded as done.
    held = _one(example, "MHA-HELD-PAST-EXPIRY")
    assert view.slot(held).place is Place.NOW
    assert view.when(held)[1] == "ended 1 hour late"


def test_an_mha_authority_ends_at_the_end_of_its_last_day(example: AuditResult) -> None:
    view = AuditView(example)
    expires = _one(example, "MHA-EXPIRES-SOON", "P004")
    assert expires.finding.due == datetime(2026, 12, 1, tzinfo=UTC)
    assert view.when(expires) == ("end of Mon 30 Nov 2026", "due in 1 week")
    assert view.slot(expires) == Slot(Place.WEEK, 2)
    renewal = _one(example, "MHA-RENEWAL-DUE", "P004")
    words = "".join(text for text, _ in audit_view.message_segments(renewal.finding.message))
    assert words == "s3: renewal window open; authority ends Mon 30 Nov 2026"
    text = audit.render_text(example)
    # Never the next-day midnight instant, and no machine-format dates.
    assert "1 Dec 2026, 00:00" not in text
    assert "2026-" not in text


@pytest.mark.parametrize(
    ("severity", "due", "expected"),
    [
        (Severity.ERROR, None, Slot(Place.NOW)),
        (Severity.WARNING, None, Slot(Place.UNDATED)),
        (Severity.INFO, None, Slot(Place.INFORMATION)),
        (Severity.WARNING, date(2026, 11, 22), Slot(Place.NOW)),
        (Severity.INFO, date(2026, 11, 22), Slot(Place.INFORMATION)),
        (Severity.WARNING, date(2026, 11, 23), Slot(Place.WEEK, 1)),
        (Severity.WARNING, date(2026, 11, 29), Slot(Place.WEEK, 1)),
        (Severity.INFO, date(2026, 11, 30), Slot(Place.WEEK, 2)),
        (Severity.WARNING, date(2027, 1, 17), Slot(Place.WEEK, 8)),
        (Severity.WARNING, date(2027, 1, 18), Slot(Place.LATER)),
        # An instant is exclusive: due at the audit's instant is overdue.
        (Severity.WARNING, AS_OF, Slot(Place.NOW)),
        (Severity.WARNING, AS_OF + timedelta(hours=1), Slot(Place.WEEK, 1)),
        # Midnight ends the day before: the last day of week 1 is Sun 29 Nov.
        (Severity.WARNING, datetime(2026, 11, 30, tzinfo=UTC), Slot(Place.WEEK, 1)),
    ],
)
def test_slot_rules(severity: Severity, due: date | datetime | None, expected: Slot) -> None:
    assert slot_of(_entry(severity, due), AS_OF) == expected


def test_done_late_is_information_unless_an_error() -> None:
    late = {"done_at": datetime(2026, 11, 20, tzinfo=UTC)}
    assert slot_of(_entry(Severity.WARNING, date(2026, 11, 18), **late), AS_OF).key == (
        "information"
    )
    assert slot_of(_entry(Severity.ERROR, date(2026, 11, 18), **late), AS_OF).key == "now"


def test_weeks_can_be_set(example: AuditResult) -> None:
    view = AuditView(example, weeks=2)
    assert view.place_keys() == ["now", "week-1", "week-2", "later", "undated", "information"]
    assert view.week_title(2) == "Week 2: Mon 30 Nov 2026 – Sun 6 Dec 2026"
    assert sum(view.place_counts().values()) == len(example.entries)


# --- by care coordinator --------------------------------------------------------------------


def test_every_finding_of_a_caseload_is_in_its_coordinators_section(
    example: AuditResult,
) -> None:
    view = AuditView(example)
    assert view.coordinators == ("S001", "S002", "S003", "S004")
    for staff_id in view.coordinators:
        caseload = set(view.caseload_of(staff_id))
        for entry in example.entries:
            if entry.about == "person" and entry.key in caseload:
                assert staff_id in view.sections_of(entry)
            if entry.about == "staff" and entry.key == staff_id:
                assert view.sections_of(entry) == (staff_id,)
    # The issue's example: P002's findings are all under S002, who coordinates P002.
    p002 = [e for e in example.entries if e.who == "P002"]
    assert len(p002) == 13
    assert all(view.sections_of(e) == ("S002",) for e in p002)
    # Every finding is in at least one section; one coordinator each in the example.
    assert all(len(view.sections_of(e)) == 1 for e in example.entries)


def test_people_without_a_coordinator_are_grouped_with_a_reason(example: AuditResult) -> None:
    view = AuditView(example)
    p007 = _one(example, "CARE-NO-COORDINATOR", "P007")
    assert view.sections_of(p007) == (audit_view.NO_COORDINATOR,)
    assert view.person_reason("P007").startswith("open care episode with no named coordinator")
    assert view.person_reason("P009") == "no care episode in this bundle"
    assert view.person_reason("P010") == "no care episode open on the audit date"
    s005 = [e for e in example.entries if e.who == "S005"]
    assert s005
    assert all(view.sections_of(e) == (audit_view.OTHER_STAFF,) for e in s005)


def test_caseload_against_the_cap(example: AuditResult) -> None:
    view = AuditView(example)
    assert view.caseload_text("S001") == (
        "1 person in this bundle; no caseload cap set in the Trust's policy; caseload "
        "recorded as 27 on Mon 16 Nov 2026"
    )
    capped = attrs.evolve(example, policy=policy_from_mapping({"competency": {"caseload_cap": 1}}))
    capped_view = AuditView(capped)
    assert capped_view.caseload_text("S002").split("; ")[1] == "Trust cap 1"
    assert capped_view.caseload_text("S002", people=2).split("; ")[1] == (
        "above the Trust's cap of 1"
    )
    assert view.coordinator_summaries()[0] == {
        "staff_id": "S001", "team": "RIV-CMHT", "people": 1, "cap": None,
        "has_staff_record": True, "recorded_caseload": 27,
    }  # fmt: skip


# --- words ---------------------------------------------------------------------------------


def test_dates_in_words() -> None:
    assert audit_view.day_text(date(2026, 11, 30)) == "Mon 30 Nov 2026"
    # London midnight in summer time ends the day before, as in winter.
    bst = datetime(2026, 7, 1, tzinfo=timezone(timedelta(hours=1)))
    assert audit_view.due_text(bst) == "end of Tue 30 Jun 2026"
    assert audit_view.due_text(datetime(2026, 11, 24, 14, tzinfo=UTC)) == "Tue 24 Nov 2026, 14:00"
    assert audit_view.instant_text(AS_OF) == "start of Mon 23 Nov 2026 (London time)"
    segments = audit_view.message_segments("from 2026-11-16 to 2026-02-30, by 2026-11-24T14:00:00Z")
    assert segments == (
        ("from ", None),
        ("Mon 16 Nov 2026", "2026-11-16"),
        (" to 2026-02-30, by ", None),  # not a real date: left as written
        ("Tue 24 Nov 2026, 14:00", "2026-11-24T14:00:00Z"),
    )


def test_rules_in_plain_english(example: AuditResult) -> None:
    view = AuditView(example, docs_url="https://docs.example/cpa")
    cluster = view.rule(_one(example, "CLUSTER-REVIEW-OVERDUE", "P010"))
    # The source's locator was a repository path: left out; NHS England's analysis code is
    # a secondary source, said in the words the rule tables use.
    assert ".py" not in cluster.source
    assert cluster.evidence == "secondary source"
    rights = view.rule(_one(example, "MHA-RIGHTS-NOT-GIVEN"))
    assert rights.evidence == "statute"
    assert (
        cluster.href == "https://docs.example/cpa/finding-codes.html#finding-CLUSTER-REVIEW-OVERDUE"
    )
    assert cluster.summary == registry.finding_codes()["CLUSTER-REVIEW-OVERDUE"].summary
    unverified = [view.rule(e) for e in example.entries if e.finding.source is not None
                  and e.finding.source.evidence is Evidence.UNVERIFIED]  # fmt: skip
    assert unverified
    assert {r.evidence for r in unverified} == {"unverified default — check local policy"}
    tagged = Source(title="A guide [V2]", locator="s3 [U]", evidence=Evidence.SECONDARY)
    entry = attrs.evolve(
        _one(example, "CARE-REVIEW-OVERDUE"),
        finding=attrs.evolve(_one(example, "CARE-REVIEW-OVERDUE").finding, source=tagged),
    )
    assert (view.rule(entry).source, view.rule(entry).evidence) == (
        "A guide, s3",
        "secondary source",
    )


def test_text_report_wraps_and_colours_only_when_asked(example: AuditResult) -> None:
    plain = audit_view.text_lines(example, width=60)
    lines = list(plain)
    assert max(len(line) for line in lines) <= 60
    assert not any("\x1b[" in line for line in lines)
    coloured = "\n".join(audit_view.text_lines(example, width=60, colour=True))
    assert "\x1b[1;31mERROR" in coloured


# --- checks across records see only their scope -----------------------------------------


def test_every_built_in_caseload_check_declares_a_scope_of_known_kinds() -> None:
    for domain in registry.domains():
        for check in domain.caseload_checks:
            scope = scope_of(check)
            assert scope is not None, (domain.name, check)
            for name in scope.each | scope.shared:
                kind = registry.record_kind(name)
                if scope.group_by is not None and name in scope.each:
                    assert scope.group_by in attrs.fields_dict(kind.model), (name, scope)


def test_a_caseload_check_names_at_least_one_kind() -> None:
    with pytest.raises(CpaCoreError):
        caseload_check()


def _probe_domain(
    calls: list[Mapping[str, Sequence[Located[Any]]]], group_by: str | None = None
) -> Domain:
    def probe(
        records: Mapping[str, Sequence[Located[Any]]], _ctx: CheckContext
    ) -> Iterator[tuple[Located[Any] | None, Finding]]:
        calls.append({kind: list(found) for kind, found in records.items()})
        return iter(())

    if group_by is not None:
        probe = caseload_check("probe-episode", group_by=group_by)(probe)
    kind = attrs.evolve(registry.record_kind("care-episode"), name="probe-episode",
                        domain="probe")  # fmt: skip
    return Domain("probe", "Probe", (kind,), (), caseload_checks=(probe,))


def _probe_records() -> list[audit.BundleRecord]:
    lines = (audit.example_bundle() / "care-episode.ndjson").read_bytes().splitlines()
    return [audit.BundleRecord("probe-episode", f"p:{i}", line) for i, line in enumerate(lines)]


def test_a_grouped_check_sees_one_person_at_a_time() -> None:
    calls: list[Mapping[str, Sequence[Located[Any]]]] = []
    registry.register(_probe_domain(calls, group_by="person_id"))
    try:
        records = _probe_records()
        audit.run_audit(records, AS_OF)
    finally:
        registry.unregister("probe")
    people = [{r.record.person_id for r in call["probe-episode"]} for call in calls]
    assert all(len(p) == 1 for p in people)
    assert sorted(p.pop() for p in people) == ["P001", "P002", "P003", "P005", "P007", "P010"]
    assert sum(len(call["probe-episode"]) for call in calls) == len(records)


def test_a_check_without_a_scope_sees_everything_at_once() -> None:
    calls: list[Mapping[str, Sequence[Located[Any]]]] = []
    registry.register(_probe_domain(calls))
    try:
        records = _probe_records()
        audit.run_audit(records, AS_OF)
    finally:
        registry.unregister("probe")
    assert len(calls) == 1
    assert len(calls[0]["probe-episode"]) == len(records)


def _kinds(entries: Iterable[AuditEntry]) -> set[str]:
    return {e.kind for e in entries}


def test_retention_is_checked_record_by_record_with_the_holds(example: AuditResult) -> None:
    # The Trust's holds from the bundle still block disposal (RETENTION-HELD), though each
    # retention record is checked alone.
    held = [e for e in example.entries if e.finding.code == "RETENTION-HELD"]
    assert len(held) == 3
    assert _kinds(held) == {"retention-record"}
