"""``cpa-core audit --from mhsds`` and ``cpa-core convert --from mhsds DIR --to bundle OUT``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from mhsds_helpers import copy_example, write_table

from cpa_core import audit, statutory_time
from cpa_core.cli import main
from cpa_core.mhsds import MAPPED_KINDS, example_extract


def test_audit_of_the_example_extract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", "--from", "mhsds", "--format", "json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["as_of"].startswith(audit.EXAMPLE_AS_OF.isoformat())
    assert report["records"] == {
        "care-episode": 7,
        "care-inpatient-discharge": 4,
        "cluster-assessment": 2,
        "mha-detention": 8,
    }
    located = {f["location"].split(":")[0] for f in report["findings"]}
    assert located <= {
        "MHS101Referral",
        "MHS501HospProvSpell",
        "MHS401MHActPeriod",
        "MHS607CodedScoreAssessmentAct",
        "MHS606CodedScoreAssessmentRefer",
    }


def test_audit_of_a_folder_writes_its_report(tmp_path: Path) -> None:
    folder = copy_example(tmp_path / "extract")
    out = tmp_path / "report.html"
    code = main(
        [
            "audit",
            "--from",
            "mhsds",
            str(folder),
            "--as-of",
            "2026-11-23",
            "--format",
            "html",
            "-o",
            str(out),
        ]
    )
    assert code == 0
    assert "MHSDS-NOT-CHECKED" in out.read_text(encoding="utf-8")


def test_audit_refuses_to_write_over_a_table(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_example(tmp_path / "extract")
    target = folder / "MHS101Referral.csv"
    before = target.read_bytes()
    assert main(["audit", "--from", "mhsds", str(folder), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "refusing to write over it" in err
    assert target.read_bytes() == before


def test_convert_writes_a_bundle_the_audit_reads(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "bundle"
    assert (
        main(["convert", "--from", "mhsds", str(example_extract()), "--to", "bundle", str(out)])
        == 0
    )
    captured = capsys.readouterr()
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{k}.ndjson" for k in MAPPED_KINDS)
    assert "MHSDS-APPROACH-DEFAULTED" in captured.out
    assert captured.err.startswith(f"wrote {out}: care-episode 7,")
    result = audit.run_audit(
        audit.read_bundle(out), statutory_time.start_of_day(audit.EXAMPLE_AS_OF)
    )
    assert sum(result.records.values()) == 21
    assert not [e for e in result.entries if e.finding.code.startswith("RECORD-")]


def test_convert_replaces_every_kind_it_owns(tmp_path: Path) -> None:
    out = tmp_path / "bundle"
    out.mkdir()
    stale = out / "care-episode.ndjson"
    stale.write_text('{"stale": true}\n', encoding="utf-8")
    keep = out / "notes.txt"
    keep.write_text("mine", encoding="utf-8")
    folder = tmp_path / "extract"
    folder.mkdir()
    write_table(folder, "MHS001MPI", [{"LocalPatientId": "P1"}])
    assert main(["convert", "--from", "mhsds", str(folder), "--to", "bundle", str(out)]) == 0
    assert stale.read_text(encoding="utf-8") == ""
    assert keep.read_text(encoding="utf-8") == "mine"


def test_convert_exits_1_when_rows_are_not_converted(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_example(tmp_path / "extract")
    table = folder / "MHS101Referral.csv"
    rows = table.read_text(encoding="utf-8").count("\n")  # the header and each row
    with table.open("a", encoding="utf-8") as stream:
        stream.write("R-BAD,P001,not-a-date,,\n")
    assert (
        main(["convert", "--from", "mhsds", str(folder), "--to", "bundle", str(tmp_path / "out")])
        == 1
    )
    out = capsys.readouterr().out
    assert f"MHS101Referral:{rows}: $: MHSDS-RECORD-NOT-BUILT error:" in out


@pytest.mark.parametrize("where", ["same", "inside"])
def test_convert_never_writes_into_the_extract(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    folder = copy_example(tmp_path / "extract")
    before = sorted(p.name for p in folder.iterdir())
    target = folder if where == "same" else folder / ".." / "extract"
    assert main(["convert", "--from", "mhsds", str(folder), "--to", "bundle", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cpa-core: ")
    assert err.count("\n") == 1
    assert sorted(p.name for p in folder.iterdir()) == before


def test_convert_refuses_an_output_that_is_an_input(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = copy_example(tmp_path / "extract")
    out = tmp_path / "out"
    out.mkdir()
    (out / "care-episode.ndjson").symlink_to(folder / "MHS101Referral.csv")
    before = (folder / "MHS101Referral.csv").read_bytes()
    assert main(["convert", "--from", "mhsds", str(folder), "--to", "bundle", str(out)]) == 2
    assert "refusing to write over it" in capsys.readouterr().err
    assert (folder / "MHS101Referral.csv").read_bytes() == before


def test_convert_of_a_missing_folder_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main(
            [
                "convert",
                "--from",
                "mhsds",
                str(tmp_path / "no"),
                "--to",
                "bundle",
                str(tmp_path / "out"),
            ]
        )
        == 2
    )
    err = capsys.readouterr().err
    assert err.count("\n") == 1
    assert "Traceback" not in err
    assert not (tmp_path / "out").exists()
