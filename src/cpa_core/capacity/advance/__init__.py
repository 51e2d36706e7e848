"""Decisions made in advance: lasting powers of attorney (ss9–14), advance decisions (ss24–26)."""

from cpa_core.capacity.advance import checks, models, rules
from cpa_core.capacity.advance.checks import *
from cpa_core.capacity.advance.models import *
from cpa_core.capacity.advance.rules import *

__all__: list[str] = []
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
