"""cpa_core.risk: safety assessment, formulation, safety plans and per-domain ratings.

Built on NICE NG225 (2022), NCISH (2018) and NHS England's *Staying safe from suicide*
(2025): the package records and checks the safety work around a person, domain by domain.
It offers no global risk level, score or total, and nothing whose output decides treatment,
discharge or eligibility; a test enforces that every public name keeps to this.
"""

from cpa_core.domain import Domain
from cpa_core.risk import checks, models, rules
from cpa_core.risk.checks import *
from cpa_core.risk.models import *
from cpa_core.risk.rules import *

__all__ = ["DOMAIN"]
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__

DOMAIN = Domain(
    name="risk",
    title="Risk and safety planning",
    record_kinds=checks.RECORD_KINDS,
    finding_codes=checks.FINDING_CODES,
    rule_tables=(rules.RISK_DOMAINS, rules.RATING_SCALES),
)
"""The area's declaration, read by the registry, the audit, the schemas and the docs."""
