"""Fixtures shared across the test tree."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from hypothesis import settings

from cpa_core import batch, registry
from cpa_core.domain import Domain
from sample_models import CONTACT, FLAT_CONTACT, NEGATIVE_WEIGHT, NOT_ATTENDED

# Wall-clock deadlines fail examples on a busy machine, not on slow code: no deadline.
settings.register_profile("cpa_core", deadline=None)
settings.load_profile("cpa_core")

_CACHED = (batch._fast_precheck, batch._columns, batch._row_reader, batch._reader, batch._prepared)

TEST_DOMAIN = Domain(
    name="sample",
    title="Sample records",
    record_kinds=(CONTACT, FLAT_CONTACT),
    finding_codes=(NOT_ATTENDED, NEGATIVE_WEIGHT),
)
"""The test record kinds, declared as a domain of their own."""


@pytest.fixture
def test_kinds() -> Iterator[None]:
    """Register the test record kinds beside the real domains for one test."""
    registry.register(TEST_DOMAIN)
    for cached in _CACHED:
        cached.cache_clear()
    yield
    registry.unregister(TEST_DOMAIN.name)
    for cached in _CACHED:
        cached.cache_clear()
