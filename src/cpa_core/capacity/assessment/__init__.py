"""MCA assessment: the two-stage test of capacity for one decision at one time (ss1–3)."""

from cpa_core.capacity.assessment import checks, models, rules
from cpa_core.capacity.assessment.checks import *
from cpa_core.capacity.assessment.models import *
from cpa_core.capacity.assessment.rules import *

__all__: list[str] = []
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
