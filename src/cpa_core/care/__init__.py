"""cpa_core.care: the care coordination cycle under CPA, standard care and the CMHF.

The care episode (:mod:`~cpa_core.care.models`), the rule tables of approaches, review
intervals and care-plan sections (:mod:`~cpa_core.care.rules`) and the checks that turn them
into findings (:mod:`~cpa_core.care.checks`); the cycle as a state machine
(:mod:`cpa_core.care.cycle`) and follow-up after an inpatient discharge
(:mod:`cpa_core.care.inpatient`) are sub-areas with the same three rooms.
"""

from cpa_core.care import checks, cycle, inpatient, models, rules
from cpa_core.care.checks import *
from cpa_core.care.cycle.checks import *
from cpa_core.care.cycle.models import *
from cpa_core.care.cycle.rules import *
from cpa_core.care.inpatient.checks import *
from cpa_core.care.inpatient.models import *
from cpa_core.care.inpatient.rules import *
from cpa_core.care.models import *
from cpa_core.care.rules import *
from cpa_core.domain import Domain

__all__ = ["DOMAIN"]
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
__all__ += cycle.models.__all__
__all__ += cycle.rules.__all__
__all__ += cycle.checks.__all__
__all__ += inpatient.models.__all__
__all__ += inpatient.rules.__all__
__all__ += inpatient.checks.__all__

DOMAIN = Domain(
    name="care",
    title="Care coordination",
    record_kinds=checks.RECORD_KINDS,
    finding_codes=checks.FINDING_CODES,
    rule_tables=(
        rules.APPROACHES,
        rules.REVIEW_INTERVALS,
        rules.PLAN_SECTIONS,
        cycle.CYCLE_TRANSITIONS,
        inpatient.FOLLOW_UP_RULES,
        inpatient.DISCHARGE_COMMUNICATION,
        inpatient.ACUTE_BED_CLASSES,
        inpatient.EXCLUDED_DISCHARGE_METHODS,
        inpatient.EXCLUDED_DESTINATIONS,
        inpatient.CONSULTATION_MECHANISMS,
    ),
    caseload_checks=checks.CASELOAD_CHECKS,
)
"""The area's declaration, read by the registry, the audit, the schemas and the docs."""
