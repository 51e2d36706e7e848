"""cpa_core.care.inpatient: follow-up after an inpatient discharge.

The record of a discharge from a psychiatric bed (:mod:`~cpa_core.care.inpatient.models`),
the rules of the 72-hour and 7-day follow-up and of the care plan sent on discharge
(:mod:`~cpa_core.care.inpatient.rules`) and their checks
(:mod:`~cpa_core.care.inpatient.checks`).
"""

from cpa_core.care.inpatient import checks, models, rules
from cpa_core.care.inpatient.checks import *
from cpa_core.care.inpatient.models import *
from cpa_core.care.inpatient.rules import *

__all__ = models.__all__ + rules.__all__ + checks.__all__
