"""Trust policy settings for cpa_core.care."""

from __future__ import annotations

import attrs

__all__ = ["CarePolicy"]


@attrs.frozen(kw_only=True)
class CarePolicy:
    """Local choices for the care area (settings are added with the area)."""
