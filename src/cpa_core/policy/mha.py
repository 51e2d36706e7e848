"""Trust policy settings for cpa_core.mha."""

from __future__ import annotations

import attrs

__all__ = ["MhaPolicy"]


@attrs.frozen(kw_only=True)
class MhaPolicy:
    """Local choices for the mha area (settings are added with the area)."""
