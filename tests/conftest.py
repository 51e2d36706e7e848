"""Fixtures shared across the test tree."""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator

import pytest

from cpa_core import batch, registry
from sample_models import CONTACT, FLAT_CONTACT, NEGATIVE_WEIGHT, NOT_ATTENDED

_CACHED = (
    registry.domains,
    registry.record_kinds,
    registry.finding_codes,
    registry.rule_tables,
    registry._packages,
    batch._fast_precheck,
    batch._columns,
)


@pytest.fixture
def test_kinds(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Register the test record kinds beside the real domains for one test."""
    domain = types.ModuleType("sample_domain")
    domain.RECORD_KINDS = (CONTACT, FLAT_CONTACT)  # type: ignore[attr-defined]
    domain.FINDING_CODES = (NOT_ATTENDED, NEGATIVE_WEIGHT)  # type: ignore[attr-defined]
    domain.RULE_TABLES = ()  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, domain.__name__, domain)
    monkeypatch.setattr(registry, "DOMAIN_PACKAGES", (*registry.DOMAIN_PACKAGES, domain.__name__))
    for cached in _CACHED:
        cached.cache_clear()
    yield
    for cached in _CACHED:
        cached.cache_clear()
