"""The caseload audit over a bundle folder."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

import attrs
import pytest

from cpa_core import audit, registry, statutory_time
from cpa_core.cli import main
from cpa_core.context import CheckContext
from cpa_core.domain import Domain
from cpa_core.exceptions import CpaCoreError


def test_example_bundle_is_shipped_and_readable() -> None:
    folder = audit.example_bundle()
    assert folder.is_dir()
    records = list(audit.read_bundle(folder))
    assert {r.kind for r in records} <= set(registry.record_kinds())


def test_unknown_kind_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "no-such-kind.ndjson").write_text("{}\n", encoding="utf-8")
    with pytest.raises(CpaCoreError, match="no record kind called 'no-such-kind'"):
        list(audit.read_bundle(tmp_path))


def test_missing_folder_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CpaCoreError, match="not a folder"):
        list(audit.read_bundle(tmp_path / "absent"))


@pytest.mark.usefixtures("test_kinds")
def test_malformed_lines_become_findings() -> None:
    records = [
        audit.BundleRecord("test-contact", "x.ndjson:1", b"{not json\n"),
        audit.BundleRecord("test-contact", "x.ndjson:2", b"[1, 2]\n"),
    ]
    result = audit.run_audit(records, datetime(2026, 11, 23, tzinfo=UTC))
    # The same reader and checks as `cpa-core validate`: not JSON is malformed; JSON that
    # is not an object breaks the schema.
    assert sorted((e.finding.code, e.location) for e in result.entries) == [
        ("RECORD-INVALID", "x.ndjson:2"),
        ("RECORD-MALFORMED", "x.ndjson:1"),
    ]
    assert result.records == {"test-contact": 2}
    text = audit.render_text(result)
    # Errors without a date need action now; neither is about a person.
    assert "NEEDS ACTION NOW (2)" in text
    assert "Not about one person" in text
    body = json.loads(audit.render_json(result))
    assert body["counts"]["error"] == 2
    assert [f["place"] for f in body["findings"]] == ["now", "now"]


def test_naive_as_of_is_refused() -> None:
    with pytest.raises(CpaCoreError, match="offset"):
        audit.run_audit([], datetime(2026, 11, 23))


def test_cli_audits_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Caseload audit as of start of Mon 23 Nov 2026 (London time)\n")


def test_cli_audit_json_with_instant_and_policy(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    policy = tmp_path / "p.toml"
    policy.write_text("[general]\ndue_soon_days = 7\n", encoding="utf-8")
    args = ["audit", str(tmp_path), "--as-of", "2026-03-29T12:00:00+01:00"]
    assert main([*args, "--policy", str(policy), "--format", "json"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert body["as_of"] == "2026-03-29T12:00:00+01:00"
    assert body["findings"] == []


def test_example_report_groups_by_area_and_person() -> None:
    result = audit.run_audit(
        audit.read_bundle(audit.example_bundle()), statutory_time.start_of_day(audit.EXAMPLE_AS_OF)
    )
    areas = result.by_area()
    assert list(areas) == [d.title for d in registry.domains() if d.title in areas]
    for people in areas.values():
        for entries in people.values():
            dues = [e.finding.due for e in entries if e.finding.due is not None]
            days = [d.date() if isinstance(d, datetime) else d for d in dues]
            assert days == sorted(days)
    # Every example record validates: the example team shows domain findings, not bad data.
    assert not [e for e in result.entries if e.finding.code.startswith("RECORD-")]


def test_html_report_is_self_contained(tmp_path: Path) -> None:
    page = tmp_path / "audit.html"
    assert main(["audit", "--format", "html", "--output", str(page)]) == 0
    html = page.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert "Due in the next 8 weeks" in html
    # Nothing is fetched: no script or style sheet from elsewhere, no imports, images or CSS
    # urls; the one inline script and style sheet are allowed by hash and nothing else is.
    for remote in ("<script src", "<link", "@import", "src=", "url("):
        assert remote not in html
    assert html.count("<script>") == 1
    assert "default-src 'none'" in unescape(html)
    for number in ("9990000131", "9990000271"):
        assert number not in html


def test_cli_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--as-of", "2026-02-30"]) == 2
    assert capsys.readouterr().err == "cpa-core: not a real calendar date\n"


def test_cli_defaults_to_now_for_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", str(tmp_path)]) == 0
    first = capsys.readouterr().out.splitlines()[0]
    year = re.search(r" (\d{4})\b", first)
    assert year is not None
    assert int(year.group(1)) >= 2026


def test_caseload_checks_see_across_records(tmp_path: Path) -> None:
    # A second open episode of the same approach for one person is visible only across
    # records: the care area's caseload check reports it against the later record.
    lines = (audit.example_bundle() / "care-episode.ndjson").read_text("utf-8").splitlines()
    first = json.loads(lines[0])
    second = {**first, "episode_id": f"{first['episode_id']}-again"}
    (tmp_path / "care-episode.ndjson").write_text(
        json.dumps(first) + "\n" + json.dumps(second) + "\n", encoding="utf-8"
    )
    result = audit.run_audit(
        audit.read_bundle(tmp_path), statutory_time.start_of_day(audit.EXAMPLE_AS_OF)
    )
    duplicates = [e for e in result.entries if e.finding.code == "CARE-EPISODE-DUPLICATE"]
    assert len(duplicates) == 1
    assert duplicates[0].location == "care-episode.ndjson:2"
    assert duplicates[0].who == first["person_id"]


def test_a_failing_check_is_reported_not_raised() -> None:
    from cpa_core import Finding
    from sample_models import CONTACT, NEGATIVE_WEIGHT, NOT_ATTENDED, VALID, Contact

    def broken(_record: Contact, _ctx: CheckContext) -> list[Finding]:
        raise CpaCoreError("period cannot be counted")

    failing = attrs.evolve(CONTACT, audit=broken)
    registry.register(
        Domain(
            name="sample",
            title="Sample",
            record_kinds=(failing,),
            finding_codes=(NOT_ATTENDED, NEGATIVE_WEIGHT),
        )
    )
    line = json.dumps(VALID).encode()
    records = [
        audit.BundleRecord("test-contact", "x.ndjson:1", line),
        audit.BundleRecord("test-contact", "x.ndjson:2", line),
    ]
    try:
        result = audit.run_audit(records, datetime(2026, 11, 23, tzinfo=UTC))
    finally:
        registry.unregister("sample")
    assert [(e.finding.code, e.location) for e in result.entries] == [
        ("RECORD-CHECK-FAILED", "x.ndjson:1"),
        ("RECORD-CHECK-FAILED", "x.ndjson:2"),
    ]
