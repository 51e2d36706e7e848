"""cpa_core.care.cycle: the care coordination cycle as a state machine.

Its states and steps (:mod:`~cpa_core.care.cycle.models`), the allowed transitions as a rule
table (:mod:`~cpa_core.care.cycle.rules`) and the machine that walks an episode's history
through them (:mod:`~cpa_core.care.cycle.checks`).
"""

from cpa_core.care.cycle import checks, models, rules
from cpa_core.care.cycle.checks import *
from cpa_core.care.cycle.models import *
from cpa_core.care.cycle.rules import *

__all__ = models.__all__ + rules.__all__ + checks.__all__
