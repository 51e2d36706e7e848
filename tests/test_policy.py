"""TrustPolicy: defaults with sources, TOML and JSON loading, every problem by path."""

from __future__ import annotations

import json
from pathlib import Path

import attrs
import pytest

from cpa_core import PolicyError, TrustPolicy, load_policy
from cpa_core.policy import GeneralPolicy, policy_from_mapping, setting_source
from cpa_core.provenance import Evidence


def test_defaults() -> None:
    policy = TrustPolicy()
    assert policy.general.due_soon_days == 14
    source = setting_source(attrs.fields(GeneralPolicy).due_soon_days)
    assert source is not None
    assert source.evidence is Evidence.UNVERIFIED


def test_load_toml(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text('[general]\norganisation_code = "RXX"\ndue_soon_days = 21\n', encoding="utf-8")
    policy = load_policy(path)
    assert policy.general == GeneralPolicy(organisation_code="RXX", due_soon_days=21)


def test_load_json(tmp_path: Path) -> None:
    path = tmp_path / "policy.json"
    path.write_text(json.dumps({"general": {"name": "Example Trust"}}), encoding="utf-8")
    assert load_policy(path).general.name == "Example Trust"


def test_every_problem_is_named_by_path() -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_mapping(
            {"general": {"due_soon_days": "21", "colour": "blue"}, "colours": {}}, origin="x.toml"
        )
    assert [str(p) for p in caught.value.problems] == [
        "$.<key 2>: unknown field",
        "$.general.<key 2>: unknown field",
        "$.general.due_soon_days: expected a whole number or an ISO 8601 duration such as P6M, "
        "P28D or PT72H",
    ]
    assert str(caught.value).startswith("x.toml: 3 problem(s)")


def test_out_of_range_value() -> None:
    with pytest.raises(PolicyError, match=r"\$\.general\.due_soon_days: must be at most 366"):
        policy_from_mapping({"general": {"due_soon_days": 400}})


def test_toml_dates_are_read_as_iso_strings(tmp_path: Path) -> None:
    # TOML has a native date type; the schema and converter read ISO strings, so native
    # dates are turned back into the text a JSON policy file would hold.
    path = tmp_path / "p.toml"
    path.write_text("[general]\npolicy_version = 2026-01-01\n", encoding="utf-8")
    assert load_policy(path).general.policy_version == "2026-01-01"


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("p.toml", "[general\n", "not valid TOML"),
        ("p.json", "{", "not valid JSON"),
        ("p.json", "[1]", "must be a table/object"),
        ("p.yaml", "general: {}", "must be .toml or .json"),
        ("p.toml", b"\xff\xfe", "not valid TOML"),
    ],
)
def test_unreadable_files(tmp_path: Path, name: str, content: str | bytes, message: str) -> None:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    with pytest.raises(PolicyError, match=message):
        load_policy(path)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(PolicyError, match="cannot read the policy file"):
        load_policy(tmp_path / "absent.toml")


def test_periods_may_be_iso_8601_durations(tmp_path: Path) -> None:
    path = tmp_path / "policy.toml"
    path.write_text(
        '[general]\ndue_soon_days = "P2W"\n[care]\nreview_interval_months = "P6M"\n'
        'max_note_delay_hours = "PT48H"\n',
        encoding="utf-8",
    )
    policy = load_policy(path)
    assert (policy.general.due_soon_days, policy.care.review_interval_months) == (14, 6)
    assert policy.care.max_note_delay_hours == 48


@pytest.mark.parametrize(
    ("setting", "value", "message"),
    [
        ("due_soon_days", "P1M", "the duration must be a whole number of days"),
        ("due_soon_days", "P2Y", "the duration must be a whole number of days"),
        ("due_soon_days", "P400D", "must be between 0 and 366"),
        (
            "due_soon_days",
            "fortnight",
            "expected a whole number or an ISO 8601 duration such as P6M, P28D or PT72H",
        ),
    ],
)
def test_a_duration_converts_exactly_or_is_refused(setting: str, value: str, message: str) -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_mapping({"general": {setting: value}})
    assert [str(p) for p in caught.value.problems] == [f"$.general.{setting}: {message}"]
