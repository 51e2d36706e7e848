"""Trust policy settings for cpa_core.competency."""

from __future__ import annotations

import attrs

__all__ = ["CompetencyPolicy"]


@attrs.frozen(kw_only=True)
class CompetencyPolicy:
    """Local choices for the competency area (settings are added with the area)."""
