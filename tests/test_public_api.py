"""The public surface: sorted re-exports, version, registry consistency."""

from __future__ import annotations

import importlib
import sys
import tomllib
import types
from pathlib import Path

import pytest

import cpa_core
from cpa_core import registry
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


def _fake_domain(monkeypatch: pytest.MonkeyPatch, module: types.ModuleType) -> None:
    monkeypatch.setitem(sys.modules, module.__name__, module)
    monkeypatch.setattr(registry, "DOMAIN_PACKAGES", (module.__name__,))
    for cached in (
        registry.domains,
        registry.record_kinds,
        registry.finding_codes,
        registry.rule_tables,
    ):
        cached.cache_clear()
        monkeypatch.setattr(registry, cached.__name__, cached)


def test_registry_reads_domain_declarations(monkeypatch: pytest.MonkeyPatch) -> None:
    from sample_models import CONTACT, NOT_ATTENDED

    domain = types.ModuleType("fake_domain")
    domain.RECORD_KINDS = (CONTACT,)  # type: ignore[attr-defined]
    domain.FINDING_CODES = (NOT_ATTENDED,)  # type: ignore[attr-defined]
    domain.RULE_TABLES = ()  # type: ignore[attr-defined]
    _fake_domain(monkeypatch, domain)
    try:
        assert registry.record_kind("test-contact") is CONTACT
        assert registry.finding_codes()["TEST-NOT-ATTENDED"] is NOT_ATTENDED
        assert registry.rule_tables() == ()
        assert [k for k, _, _ in registry.schema_kinds()] == [
            "trust-policy",
            "test-contact",
            "validate-report-finding",
            "validate-report-summary",
        ]
    finally:
        for cached in (registry.domains, registry.record_kinds, registry.finding_codes):
            cached.cache_clear()


def test_registry_refuses_duplicates(monkeypatch: pytest.MonkeyPatch) -> None:
    from sample_models import CONTACT

    domain = types.ModuleType("dup_domain")
    domain.RECORD_KINDS = (CONTACT, CONTACT)  # type: ignore[attr-defined]
    domain.FINDING_CODES = (CORE_CODES[0],)  # type: ignore[attr-defined]
    domain.RULE_TABLES = ()  # type: ignore[attr-defined]
    _fake_domain(monkeypatch, domain)
    try:
        with pytest.raises(CpaCoreError, match="declared twice"):
            registry.record_kinds()
        with pytest.raises(CpaCoreError, match="declared twice"):
            registry.finding_codes()
    finally:
        for cached in (registry.domains, registry.record_kinds, registry.finding_codes):
            cached.cache_clear()
