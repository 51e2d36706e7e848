"""Best-interests decisions (MCA 2005 s4) and the duty to instruct an IMCA (ss35–41)."""

from cpa_core.capacity.best_interests import checks, models, rules
from cpa_core.capacity.best_interests.checks import *
from cpa_core.capacity.best_interests.models import *
from cpa_core.capacity.best_interests.rules import *

__all__: list[str] = []
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
