"""The caseload audit over a bundle folder."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from cpa_core import audit, registry
from cpa_core.cli import main
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


def test_malformed_lines_become_findings() -> None:
    records = [
        audit.BundleRecord("x", "x.ndjson:1", None),
        audit.BundleRecord("x", "x.ndjson:2", [1, 2]),
    ]
    result = audit.run_audit(records, datetime(2026, 11, 23, tzinfo=UTC))
    assert [(f.code, f.path) for f in result.report] == [
        ("RECORD-MALFORMED", "x.ndjson:1"),
        ("RECORD-MALFORMED", "x.ndjson:2"),
    ]
    assert result.records == {"x": 2}
    text = audit.render_text(result)
    assert "== RECORD (2)" in text
    assert json.loads(audit.render_json(result))["counts"]["error"] == 2


def test_naive_as_of_is_refused() -> None:
    with pytest.raises(CpaCoreError, match="offset"):
        audit.run_audit([], datetime(2026, 11, 23))


def test_cli_audits_the_example(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"cpa-core audit as of {audit.EXAMPLE_AS_OF.isoformat()}T00:00:00")


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


def test_cli_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--as-of", "2026-02-30"]) == 2
    assert capsys.readouterr().err == "cpa-core: not a real calendar date\n"


def test_cli_defaults_to_now_for_a_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["audit", str(tmp_path)]) == 0
    stamp = capsys.readouterr().out.split()[4]
    assert datetime.fromisoformat(stamp).date() >= date(2026, 1, 1)
