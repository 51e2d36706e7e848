"""Trust policy settings for cpa_core.retention."""

from __future__ import annotations

import attrs

__all__ = ["RetentionPolicy"]


@attrs.frozen(kw_only=True)
class RetentionPolicy:
    """Local choices for the retention area (settings are added with the area)."""
