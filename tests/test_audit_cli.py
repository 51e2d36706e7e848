"""``cpa-core audit`` for people and schedulers: exit codes, colour, width, JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from cpa_core.cli import main


@pytest.mark.parametrize(
    ("args", "code"),
    [
        ([], 0),  # default unchanged: the report was written
        (["--fail-on", "error"], 1),
        (["--fail-on", "warning"], 1),
    ],
)
def test_fail_on(args: list[str], code: int, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["audit", *args]) == code
    assert capsys.readouterr().out.startswith("Caseload audit as of")


def test_fail_on_passes_when_nothing_is_found(tmp_path: Path) -> None:
    assert main(["audit", str(tmp_path), "--as-of", "2026-11-23", "--fail-on", "warning"]) == 0


def test_fail_on_still_writes_the_report(tmp_path: Path) -> None:
    out = tmp_path / "audit.json"
    assert main(["audit", "--format", "json", "-o", str(out), "--fail-on", "error"]) == 1
    assert json.loads(out.read_text("utf-8"))["counts"]["error"] == 15


def test_colour_only_on_a_terminal_and_never_with_no_color(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    assert main(["audit"]) == 0
    assert "\x1b[" not in capsys.readouterr().out  # not a terminal
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert main(["audit"]) == 0
    assert "\x1b[1;31mERROR" in capsys.readouterr().out
    monkeypatch.setenv("NO_COLOR", "1")
    assert main(["audit"]) == 0
    assert "\x1b[" not in capsys.readouterr().out
    assert main(["audit", "--color", "always"]) == 0
    assert "\x1b[" in capsys.readouterr().out


def test_text_wraps_to_the_terminal_width(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "60")
    assert main(["audit"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 60
    monkeypatch.setenv("COLUMNS", "120")
    assert main(["audit"]) == 0
    wide = capsys.readouterr().out.splitlines()
    assert 60 < max(len(line) for line in wide) <= 120


def test_json_names_each_findings_place_and_coordinators(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["audit", "--format", "json", "--weeks", "4"]) == 0
    body = json.loads(capsys.readouterr().out)
    assert list(body["places"]) == [
        "now", "week-1", "week-2", "week-3", "week-4", "later", "undated", "information",
    ]  # fmt: skip
    assert sum(body["places"].values()) == len(body["findings"]) == 112
    p002 = [f for f in body["findings"] if f.get("who") == "P002"]
    assert {tuple(f["coordinators"]) for f in p002} == {("S002",)}
    expires = next(f for f in body["findings"] if f["code"] == "MHA-EXPIRES-SOON")
    assert expires["when"] == "end of Mon 30 Nov 2026 (due in 1 week)"
    assert [c["staff_id"] for c in body["coordinators"]] == ["S001", "S002", "S003", "S004"]


def test_weeks_must_be_sensible(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit):
        main(["audit", "--weeks", "0"])
    assert "must be a whole number" in capsys.readouterr().err
