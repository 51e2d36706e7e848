"""The typed public API: ``Validated[Model]``, one overload per kind, ``due``, doctests."""

from __future__ import annotations

import doctest
import inspect
import json
import re
import subprocess
import sys
import textwrap
from collections import Counter
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any, get_overloads

import pytest

import cpa_core
from cpa_core import audit, due, registry, validate, validate_record
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.findings import Report
from cpa_core.validation import Validated

AS_OF = datetime.combine(audit.EXAMPLE_AS_OF, datetime.min.time(), tzinfo=UTC)


def test_one_overload_per_kind_names_its_model() -> None:
    typed: dict[str, str] = {}
    for overload in get_overloads(validate_record):
        kind = overload.__annotations__["kind"]
        found = re.fullmatch(r"Literal\[['\"]([a-z0-9-]+)['\"]\]", kind)
        if found:
            result = re.fullmatch(r"Validated\[(\w+)\]", overload.__annotations__["return"])
            assert result is not None
            typed[found[1]] = result[1]
    built_in = {name: kind.model.__name__ for name, kind in registry.record_kinds().items()}
    assert typed == built_in


def test_the_model_class_names_its_kind() -> None:
    from cpa_core.care import CareEpisode

    team = audit.example_bundle() / "care-episode.ndjson"
    data = json.loads(team.read_text(encoding="utf-8").splitlines()[0])
    by_class = validate_record(CareEpisode, data)
    assert isinstance(by_class.record, CareEpisode)
    assert by_class == validate_record("care-episode", data)
    assert validate(CareEpisode, data) == by_class.report
    with pytest.raises(UnknownCodeError):
        validate_record(Report, {})


def _team() -> list[tuple[str, object]]:
    out: list[tuple[str, object]] = []
    for name in registry.record_kinds():
        path = audit.example_bundle() / f"{name}.ndjson"
        if path.exists():
            for line in path.read_text(encoding="utf-8").splitlines():
                record = validate_record(name, json.loads(line)).record
                if record is not None:
                    out.append((name, record))
    return out


def test_due_is_the_kinds_rules_and_dated_checks_for_every_area() -> None:
    team = _team()
    # Every area that declares a record kind has records in the example team.
    declaring = {kind.domain for kind in registry.record_kinds().values()}
    assert {registry.record_kind(name).domain for name, _ in team} == declaring
    for name, record in team:
        # The kind is found from the record's class alone: the file it came from agrees.
        assert due(record, AS_OF) == registry.record_kind(name).check(record, AS_OF), name


def _area_checks() -> dict[str, Callable[[Any, datetime], Report]]:
    """Each area's own function for what is due for one record of a kind."""
    from cpa_core.capacity import (
        check_advance_decision,
        check_best_interests_decision,
        check_capacity_assessment,
        check_consent,
        check_dols_authorisation,
        check_lpa,
    )
    from cpa_core.care import check_discharge, check_episode
    from cpa_core.competency import check_staff_member
    from cpa_core.mha import check_detention
    from cpa_core.retention import check_record
    from cpa_core.risk import check_assessment, check_history

    return {
        "care-episode": check_episode,
        "care-inpatient-discharge": check_discharge,
        "risk-safety-assessment": check_assessment,
        "risk-history": check_history,
        "mca-capacity-assessment": check_capacity_assessment,
        "mca-best-interests-decision": check_best_interests_decision,
        "mca-lpa": check_lpa,
        "mca-advance-decision": check_advance_decision,
        "dols-authorisation": check_dols_authorisation,
        "consent-record": check_consent,
        "mha-detention": check_detention,
        "staff-member": check_staff_member,
        "retention-record": check_record,
    }


def test_due_agrees_with_each_areas_own_check() -> None:
    checks = _area_checks()
    seen: Counter[str] = Counter()
    for name, record in _team():
        if name in checks:
            assert due(record, AS_OF) == checks[name](record, AS_OF), name
            seen[name] += 1
    assert set(seen) == set(checks), "the example team has a record of every kind"


def test_due_for_a_retention_record_says_when_its_review_falls_due() -> None:
    # Its kind has no per-record audit (the caseload audit applies the bundle's holds),
    # so what is due comes from the check of the record alone, with the national holds.
    dated = [
        finding
        for name, record in _team()
        if name == "retention-record"
        for finding in due(record, AS_OF)
        if finding.due is not None
    ]
    assert dated


def test_due_refuses_what_is_not_a_record_and_a_naive_instant() -> None:
    with pytest.raises(UnknownCodeError):
        due(object(), date(2026, 1, 1))
    [(_, record)] = _team()[:1]
    with pytest.raises(CpaCoreError):
        due(record, datetime(2026, 1, 1))


def _public_functions() -> list[object]:
    """The top level's functions and the classes a program builds or reads the results of
    (the exceptions and the rule-data classes are documented by their attributes)."""
    return [
        getattr(cpa_core, name)
        for name in cpa_core.__all__
        if inspect.isfunction(getattr(cpa_core, name))
    ] + [Validated, cpa_core.Report, cpa_core.TrustPolicy]


@pytest.mark.parametrize("entry", _public_functions(), ids=lambda e: getattr(e, "__name__", ""))
def test_every_public_entry_point_shows_an_executed_example(entry: object) -> None:
    finder = doctest.DocTestFinder(recurse=False)
    [test] = finder.find(entry)
    assert test.examples, f"{test.name}: add an example to its docstring"
    result = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS).run(test)
    assert result.failed == 0, test.name


SAMPLE = """
from cpa_core import validate_record
from cpa_core.care import CareEpisode

outcome = validate_record("care-episode", {{}})
if outcome.record is not None:
    print(outcome.record.{first})
by_class = validate_record(CareEpisode, {{}})
if by_class.record is not None:
    print(by_class.record.{second})
"""


def _mypy(tmp_path: Path, first: str, second: str) -> subprocess.CompletedProcess[str]:
    program = tmp_path / "sample.py"
    program.write_text(textwrap.dedent(SAMPLE.format(first=first, second=second)))
    return subprocess.run(
        [
            *(sys.executable, "-m", "mypy", "--strict", "--no-error-summary"),
            *("--cache-dir", str(tmp_path / "cache"), str(program)),
        ],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=300,
        check=False,
    )


def test_mypy_strict_refuses_a_misspelt_field_on_a_validated_record(tmp_path: Path) -> None:
    wrong = _mypy(tmp_path, "episode_idd", "team_code")
    assert wrong.returncode == 1, wrong.stdout + wrong.stderr
    assert '"CareEpisode" has no attribute "episode_idd"' in wrong.stdout
    assert '"CareEpisode" has no attribute "team_code"' in wrong.stdout
    right = _mypy(tmp_path, "episode_id", "team")
    assert right.returncode == 0, right.stdout + right.stderr
