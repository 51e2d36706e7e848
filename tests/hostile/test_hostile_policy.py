"""Policy files under hostile input: a PolicyError naming the path (exit 2 from the CLI), never
a traceback, a silently disabled check or an echoed key."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from cpa_core import PolicyError, load_policy
from cpa_core.cli import main
from cpa_core.policy import policy_from_mapping
from hostile_inputs import PLANTED_NAME, PLANTED_NUMBERS, assert_clean, deep

TOML_CASES: dict[str, str | bytes] = {
    "nan": "[competency]\namhp_training_hours = nan\n",
    "inf": "[competency]\namhp_training_hours = inf\n",
    "minus-inf": "[competency]\namhp_training_hours = -inf\n",
    "map-nan": "[competency.minimum_training_hours]\nFIRE = nan\n",
    "huge-int": "[general]\ndue_soon_days = 1" + "0" * 5000 + "\n",
    "wide-int": "[general]\ndue_soon_days = 1" + "0" * 400 + "\n",
    "deep": "[general]\nname = " + "[" * 5000 + "]" * 5000 + "\n",
    "fairly-deep": "[general]\nname = " + "[" * 500 + "]" * 500 + "\n",
    "unknown-key": f'[general]\n"{PLANTED_NUMBERS[0]}" = "{PLANTED_NAME}"\n',
    "unknown-table": f'["{PLANTED_NAME}"]\nx = 1\n',
    "not-utf8": b'[general]\nname = "\xff\xfe"\n',
    "binary": b"\x00\x01\x02" * 50,
    "date-as-number": "[general]\ndue_soon_days = 2026-01-01\n",
}

JSON_CASES = {
    "nan": '{"competency": {"amhp_training_hours": NaN}}',
    "infinity": '{"competency": {"amhp_training_hours": Infinity}}',
    "overflow": '{"competency": {"amhp_training_hours": 1e999}}',
    "huge-int": '{"general": {"due_soon_days": 1' + "0" * 5000 + "}}",
    "wide-int": '{"general": {"due_soon_days": 1' + "0" * 400 + "}}",
    "deep": '{"general": {"name": ' + "[" * 100_000 + "]" * 100_000 + "}}",
    "fairly-deep": '{"general": {"name": ' + "[" * 500 + "]" * 500 + "}}",
    "surrogate-key": '{"general": {"\\ud800": 1}}',
    "surrogate-value": '{"general": {"name": "\\udcff"}}',
    "planted-key": json.dumps({"general": {PLANTED_NUMBERS[1]: PLANTED_NAME}}),
    "not-object": "[1, 2]",
    "trailing": '{"general": {}} and more',
}


def _write(tmp_path: Path, name: str, content: str | bytes) -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8", errors="surrogatepass")
    return path


@pytest.mark.parametrize(("case", "content"), [*TOML_CASES.items()], ids=[*TOML_CASES])
def test_toml_policy_is_refused_cleanly(tmp_path: Path, case: str, content: str | bytes) -> None:
    path = _write(tmp_path, "policy.toml", content)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert_clean(str(caught.value))


@pytest.mark.parametrize(("case", "content"), [*JSON_CASES.items()], ids=[*JSON_CASES])
def test_json_policy_is_refused_cleanly(tmp_path: Path, case: str, content: str) -> None:
    path = _write(tmp_path, "policy.json", content)
    with pytest.raises(PolicyError) as caught:
        load_policy(path)
    assert_clean(str(caught.value))


def test_nan_does_not_switch_a_check_off() -> None:
    # NaN compares false with every bound, so it used to pass a range check and then make
    # every comparison with it false: the AMHP training check was silently off.
    with pytest.raises(PolicyError) as caught:
        policy_from_mapping({"competency": {"amhp_training_hours": float("nan")}})
    assert [p.path for p in caught.value.problems] == ["$.competency.amhp_training_hours"]
    with pytest.raises(PolicyError):
        policy_from_mapping({"competency": {"minimum_training_hours": {"FIRE": float("inf")}}})


def test_a_deep_mapping_from_a_program_is_refused() -> None:
    with pytest.raises(PolicyError) as caught:
        policy_from_mapping({"general": {"name": deep(100_000)}})
    assert "nested more than" in str(caught.value)


@pytest.mark.parametrize("command", ["validate", "audit"])
def test_cli_exits_2_with_one_line(tmp_path: Path, command: str) -> None:
    policy = _write(tmp_path, "policy.toml", TOML_CASES["nan"])
    source = _write(tmp_path, "x.ndjson", "")
    args = (
        ["validate", "--kind", "care-episode", str(source)]
        if command == "validate"
        else ["audit", "--as-of", "2026-11-23"]
    )
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = main([*args, "--policy", str(policy)])
    assert code == 2
    assert len(err.getvalue().strip().splitlines()) == 2  # the summary line and one problem
    assert "$.competency.amhp_training_hours: not a finite number" in err.getvalue()
    assert out.getvalue() == ""


def test_an_empty_key_is_named_where_it_is() -> None:
    # jsonschema-rs drops an empty key from its paths; the value's problem must still be
    # reported at the key (by position), not at the mapping around it.
    with pytest.raises(PolicyError) as raised:
        policy_from_mapping({"competency": {"refresher_months": {"": "x"}}})
    assert "$.competency.refresher_months.<key 1>: expected an integer" in str(raised.value)
