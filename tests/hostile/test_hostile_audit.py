"""The caseload audit under hostile bundles: every line accounted for, every output format
written, nothing leaked, no check able to stop the audit."""

from __future__ import annotations

import contextlib
import gzip
import io
import json
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cpa_core import audit, audit_html, registry
from cpa_core.cli import main
from cpa_core.context import CheckContext
from cpa_core.domain import Domain
from cpa_core.findings import Finding
from hostile_inputs import (
    EXAMPLES,
    HOSTILE_LINES,
    PLANTED_NAME,
    REAL_KINDS,
    assert_clean,
    encodable,
    hostile_record,
)

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)


def _render_all(result: audit.AuditResult) -> str:
    return audit.render_text(result) + audit.render_json(result) + audit_html.render_html(result)


def _lines(kind: str) -> list[bytes]:
    return [json.dumps(r).encode() + b"\n" for r in EXAMPLES[kind]]


def test_hostile_lines_in_every_kind_are_findings(tmp_path: Path) -> None:
    expected: dict[str, int] = {}
    for kind in REAL_KINDS:
        lines = _lines(kind) + [line for line in HOSTILE_LINES if line.endswith(b"\n")]
        (tmp_path / f"{kind}.ndjson").write_bytes(b"".join(lines))
        expected[kind] = sum(1 for line in lines if not line.isspace())
    result = audit.run_audit(audit.read_bundle(tmp_path), AS_OF)
    assert result.records == expected
    located = {e.location for e in result.entries if e.finding.code.startswith("RECORD-")}
    for kind in REAL_KINDS:
        first_hostile = len(EXAMPLES[kind]) + 1
        assert f"{kind}.ndjson:{first_hostile}" in located
    text = _render_all(result)
    assert_clean(text)
    text.encode("utf-8")  # every format can be written


@pytest.mark.parametrize("kind", REAL_KINDS)
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_hostile_records_never_stop_or_leak(kind: str, data: st.DataObject) -> None:
    records = []
    for index in range(3):
        value = data.draw(hostile_record(kind))
        raw = (
            json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")
            if encodable(value)
            else b"{" + PLANTED_NAME.encode()
        )
        records.append(audit.BundleRecord(kind, f"{kind}.ndjson:{index + 1}", raw + b"\n"))
    result = audit.run_audit(records, AS_OF)
    assert result.records == {kind: 3}
    assert_clean(_render_all(result))


def test_a_failing_check_of_any_kind_is_a_finding() -> None:
    def explode(_record: Any, _ctx: CheckContext) -> Iterable[Finding]:
        raise RuntimeError(f"boom {PLANTED_NAME}")

    def explode_caseload(*_: Any) -> Iterable[tuple[Any, Finding]]:
        raise OverflowError(PLANTED_NAME)

    care = registry.record_kind("care-episode")
    broken = attrs.evolve(care, name="broken-episode", domain="broken", audit=explode)
    registry.register(
        Domain(
            name="broken",
            title="Broken",
            record_kinds=(broken,),
            finding_codes=(),
            caseload_checks=(explode_caseload,),
        )
    )
    try:
        records = [audit.BundleRecord("broken-episode", f"c:{i}", line)
                   for i, line in enumerate(_lines("care-episode"))]  # fmt: skip
        result = audit.run_audit(records, AS_OF)
    finally:
        registry.unregister("broken")
    failed = [e for e in result.entries if e.finding.code == "RECORD-CHECK-FAILED"]
    assert len(failed) == len(records) + 1
    assert_clean(_render_all(result))
    assert any("(RuntimeError)" in e.finding.message for e in failed)
    assert any("end of the calendar" in e.finding.message for e in failed)


def test_gzip_bundle_files_are_read(tmp_path: Path) -> None:
    lines = b"".join(_lines("care-episode"))
    (tmp_path / "care-episode.ndjson.gz").write_bytes(gzip.compress(lines))
    result = audit.run_audit(audit.read_bundle(tmp_path), AS_OF)
    assert result.records == {"care-episode": len(EXAMPLES["care-episode"])}


def _cli(*args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main(list(args))
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["text", "json", "html"])
def test_cli_writes_every_format_for_a_hostile_bundle(tmp_path: Path, fmt: str) -> None:
    bundle = tmp_path / "bundle"
    bundle.mkdir()
    for kind in REAL_KINDS:
        (bundle / f"{kind}.ndjson").write_bytes(b"".join(_lines(kind) + HOSTILE_LINES[:-1]))
    output = tmp_path / f"audit.{fmt}"
    code, out, err = _cli("audit", str(bundle), "--as-of", "2026-11-23", "--format", fmt,
                          "-o", str(output))  # fmt: skip
    assert code == 0, err
    assert "internal error" not in err
    assert_clean(output.read_text("utf-8") + out + err)


def test_cli_refuses_an_output_that_is_a_bundle_file(tmp_path: Path) -> None:
    target = tmp_path / "care-episode.ndjson"
    content = b"".join(_lines("care-episode"))
    target.write_bytes(content)
    code, _, err = _cli("audit", str(tmp_path), "-o", str(target))
    assert code == 2
    assert "refusing to write over it" in err
    assert target.read_bytes() == content


def test_a_binary_bundle_file_exits_2(tmp_path: Path) -> None:
    (tmp_path / "care-episode.ndjson").write_bytes(b"\x00" * 100)
    code, _, err = _cli("audit", str(tmp_path))
    assert code == 2
    assert "binary data" in err


def test_a_thing_done_on_the_calendars_last_day_is_described() -> None:
    """Found by hypothesis: a DoLS authorisation recorded as expiring on 9999-12-31 gave a
    finding with that day as the day it was done, and describing how late it was counted on
    to a next midnight the calendar does not have."""
    record = {
        **EXAMPLES["dols-authorisation"][0],
        "authorisation_type": "standard",
        "given_on": "2025-12-01",
        "expires_on": "9999-12-31",
        "bia_maximum_until": "2026-11-30",
    }
    raw = json.dumps(record).encode() + b"\n"
    result = audit.run_audit([audit.BundleRecord("dols-authorisation", "d:1", raw)], AS_OF)
    late = [e for e in result.entries if e.done_at is not None]
    assert late
    assert all(e.finding.code != "RECORD-CHECK-FAILED" for e in result.entries)
    text = _render_all(result)
    assert_clean(text)
    assert "9999" in text
