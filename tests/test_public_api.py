"""The public surface: sorted re-exports, version, registry consistency."""

from __future__ import annotations

import importlib
import tomllib
from pathlib import Path

import pytest

import cpa_core
from cpa_core import registry
from cpa_core.domain import Domain
from cpa_core.exceptions import CpaCoreError, UnknownCodeError
from cpa_core.records import CORE_CODES

ROOT = Path(__file__).resolve().parents[1]
MODULES = [
    "cpa_core",
    "cpa_core.constraints",
    "cpa_core.convert",
    "cpa_core.exceptions",
    "cpa_core.findings",
    "cpa_core.policy",
    "cpa_core.provenance",
    "cpa_core.records",
    "cpa_core.registry",
    "cpa_core.rule_export",
    "cpa_core.safety",
    "cpa_core.schemas",
    "cpa_core.validation",
]


@pytest.mark.parametrize("name", MODULES)
def test_all_names_exist(name: str) -> None:
    module = importlib.import_module(name)
    for exported in module.__all__:
        assert hasattr(module, exported), f"{name}.{exported}"


def test_top_level_all_is_sorted() -> None:
    assert cpa_core.__all__ == sorted(cpa_core.__all__)


def test_version_matches_pyproject() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cpa_core.__version__ == project["version"]


def test_every_error_is_a_value_error() -> None:
    assert issubclass(CpaCoreError, ValueError)


def test_registry_collects_core_codes() -> None:
    codes = registry.finding_codes()
    for code in CORE_CODES:
        assert codes[code.code] is code
    with pytest.raises(UnknownCodeError):
        registry.record_kind("nothing")


def test_registry_reads_domain_declarations() -> None:
    from sample_models import CONTACT, NOT_ATTENDED

    extra = Domain(
        name="sample", title="Sample", record_kinds=(CONTACT,), finding_codes=(NOT_ATTENDED,)
    )
    registry.register(extra)
    try:
        assert registry.record_kind("test-contact") is CONTACT
        assert registry.domain_of("test-contact") is extra
        assert registry.finding_codes()["TEST-NOT-ATTENDED"] is NOT_ATTENDED
        assert registry.domains()[-1] is extra
        names = [k for k, _, _ in registry.schema_kinds()]
        assert names[0] == "trust-policy"
        assert names[-3:] == ["test-contact", "validate-report-finding", "validate-report-summary"]
    finally:
        registry.unregister("sample")
    with pytest.raises(UnknownCodeError):
        registry.record_kind("test-contact")


def test_registry_refuses_duplicates() -> None:
    from sample_models import CONTACT

    with pytest.raises(CpaCoreError, match="declared twice"):
        registry.register(
            Domain(name="sample", title="Dup", record_kinds=(CONTACT, CONTACT), finding_codes=())
        )
    with pytest.raises(CpaCoreError, match="declared twice"):
        registry.register(
            Domain(name="dup", title="Dup", record_kinds=(), finding_codes=(CORE_CODES[0],))
        )
    assert "dup" not in [d.name for d in registry.domains()]
    assert "sample" not in [d.name for d in registry.domains()]
    with pytest.raises(CpaCoreError, match="already registered"):
        registry.register(Domain(name="care", title="Care", record_kinds=(), finding_codes=()))


def test_kind_index_matches_the_declarations() -> None:
    declared = {kind.name: d.name for d in registry.domains() for kind in d.record_kinds}
    assert declared == dict(registry.KIND_INDEX)


def test_a_kind_names_the_domain_that_declares_it() -> None:
    from sample_models import CONTACT

    with pytest.raises(CpaCoreError, match="names domain 'sample'"):
        Domain(name="other", title="Other", record_kinds=(CONTACT,), finding_codes=())
