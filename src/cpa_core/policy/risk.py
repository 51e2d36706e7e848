"""Trust policy settings for cpa_core.risk."""

from __future__ import annotations

import attrs

__all__ = ["RiskPolicy"]


@attrs.frozen(kw_only=True)
class RiskPolicy:
    """Local choices for the risk area (settings are added with the area)."""
