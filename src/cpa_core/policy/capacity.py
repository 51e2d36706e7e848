"""Trust policy settings for cpa_core.capacity."""

from __future__ import annotations

import attrs

__all__ = ["CapacityPolicy"]


@attrs.frozen(kw_only=True)
class CapacityPolicy:
    """Local choices for the capacity area (settings are added with the area)."""
