"""Trust policy settings for cpa_core.clustering."""

from __future__ import annotations

import attrs

__all__ = ["ClusteringPolicy"]


@attrs.frozen(kw_only=True)
class ClusteringPolicy:
    """Local choices for the clustering area (settings are added with the area)."""
