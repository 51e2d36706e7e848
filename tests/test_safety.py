"""The clinical safety hazard log: every control names tests that exist and code that does."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from cpa_core import registry, safety

ROOT = Path(__file__).resolve().parents[1]
CODE = re.compile(r"[A-Z][A-Z0-9]*(-[A-Z0-9]+)+")


def node_ids(root: Path) -> set[str]:
    """The pytest node ids of every test function and test method under ``root/tests``,
    without parameters, read from the files as pytest finds them (``test_*.py``)."""
    found: set[str] = set()
    for path in sorted((root / "tests").rglob("test_*.py")):
        module = path.relative_to(root).as_posix()
        for node in ast.parse(path.read_text("utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                if node.name.startswith("test"):
                    found.add(f"{module}::{node.name}")
            elif isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
                found.update(
                    f"{module}::{node.name}::{item.name}"
                    for item in node.body
                    if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef)
                    and item.name.startswith("test")
                )
    return found


def test_node_ids_are_read_as_pytest_names_them(tmp_path: Path) -> None:
    (tmp_path / "tests" / "area").mkdir(parents=True)
    (tmp_path / "tests" / "area" / "test_x.py").write_text(
        "def test_a():\n    def test_inner():\n        pass\n\n"
        "def helper():\n    pass\n\n"
        "class TestB:\n    def test_c(self):\n        pass\n    def other(self):\n        pass\n"
    )
    (tmp_path / "tests" / "area" / "helpers.py").write_text("def test_not_collected():\n    pass\n")
    assert node_ids(tmp_path) == {
        "tests/area/test_x.py::test_a",
        "tests/area/test_x.py::TestB::test_c",
    }


HAZARDS = safety.hazards()


def test_every_test_named_in_the_log_exists() -> None:
    existing = node_ids(ROOT)
    named = {test for hazard in HAZARDS for control in hazard.controls for test in control.tests}
    missing = sorted(named - existing)
    assert missing == [], f"the hazard log names tests that no longer exist: {missing}"


def test_every_hazard_is_complete_and_has_its_own_id() -> None:
    ids = [hazard.id for hazard in HAZARDS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"HAZ-\d\d", i) for i in ids)
    for hazard in HAZARDS:
        assert hazard.causes, hazard.id
        assert hazard.effect, hazard.id
        assert hazard.harm, hazard.id
        assert hazard.controls, hazard.id
        assert all(control.tests and control.where for control in hazard.controls), hazard.id


@pytest.mark.parametrize(
    "words",
    [
        "section's expiry",
        "managers' reference",
        "72-hour follow-up",
        "score",
        "legal hold",
        "lost in a batch",
        "NHS number",
        "overwrites its input",
        "CTO recall",
    ],
)
def test_the_log_covers(words: str) -> None:
    assert any(words in hazard.title for hazard in HAZARDS)


def _names_real_code(where: str) -> bool:
    if CODE.fullmatch(where):
        return where in registry.finding_codes()
    if where.startswith("cpa-core "):
        return True  # a command of the command line
    if where.startswith("cpa_core."):
        path = where.split(".")
        for end in range(len(path), 0, -1):
            try:
                target: object = importlib.import_module(".".join(path[:end]))
            except ModuleNotFoundError:
                continue
            for name in path[end:]:
                target = getattr(target, name)
            return True
        return False
    return where in {table.name for table in registry.rule_tables()}


def test_every_control_names_code_that_exists() -> None:
    """A finding code, a module or function, a rule table or a command: each still there."""
    for hazard in HAZARDS:
        for control in hazard.controls:
            for where in control.where:
                assert _names_real_code(where), (hazard.id, where)
