"""The cpa-core command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from cpa_core.cli import main


def test_schema_export(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "export", str(tmp_path / "out")]) == 0
    printed = capsys.readouterr().out.split()
    assert printed[-1].endswith("index.json")
    index = json.loads((tmp_path / "out" / "index.json").read_text(encoding="utf-8"))
    assert "trust-policy" in index["kinds"]


def test_unwritable_target_is_a_clean_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    assert main(["schema", "export", str(blocker / "sub")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cpa-core: ")
    assert "Traceback" not in err


def test_missing_command_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        main([])
    assert caught.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_module_runs_the_command() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "cpa_core", "--help"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0
    assert "schema" in done.stdout
