"""Reading Trust-supplied TOML and JSON files."""

from __future__ import annotations

from pathlib import Path

import pytest

from cpa_core.datafiles import load_mapping, plain
from cpa_core.exceptions import CpaCoreError


def test_toml_dates_become_iso_text(tmp_path: Path) -> None:
    path = tmp_path / "t.toml"
    path.write_text("a = 2026-01-01\n[b]\nc = [1979-05-27T07:32:00Z]\n", encoding="utf-8")
    assert load_mapping(path, "table") == {
        "a": "2026-01-01",
        "b": {"c": ["1979-05-27T07:32:00+00:00"]},
    }


def test_plain_leaves_other_values() -> None:
    assert plain({"x": [1, "y", None, True]}) == {"x": [1, "y", None, True]}


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("t.toml", b"[broken\n", "not valid TOML"),
        ("t.json", b"{", "not valid JSON"),
        ("t.json", b"[1]", "must be a table/object"),
        ("t.yaml", b"a: 1", "must be .toml or .json"),
        ("t.toml", b"\xff\xfe", "not valid TOML"),
    ],
)
def test_unusable_files(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CpaCoreError, match=message):
        load_mapping(path, "table")


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CpaCoreError, match="cannot read the table"):
        load_mapping(tmp_path / "absent.json", "table")
