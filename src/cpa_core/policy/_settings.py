"""How a policy setting records where its default comes from."""

from __future__ import annotations

from typing import Any, TypeVar

import attrs

from cpa_core.constraints import Constraint
from cpa_core.provenance import Evidence, Source

__all__ = ["CPA_CORE_DEFAULT", "setting", "setting_source"]

T = TypeVar("T")

CPA_CORE_DEFAULT = Source(
    title="cpa_core engineering default",
    publisher="cpa_core",
    locator="no national rule; set locally",
    evidence=Evidence.UNVERIFIED,
)
"""The source of a default that no national document sets: a Trust should choose."""

_SOURCE = "cpa_core.source"


def setting(default: T, source: Source, *, validator: Constraint | None = None) -> T:
    """A policy field with its default and the source of that default.

    The return type is the default's type so that mypy sees an ordinary attribute.
    """
    field: T = attrs.field(default=default, validator=validator, metadata={_SOURCE: source})
    return field


def setting_source(field: attrs.Attribute[Any]) -> Source | None:
    """The source recorded for a policy field's default, if any."""
    source = field.metadata.get(_SOURCE)
    return source if isinstance(source, Source) else None
