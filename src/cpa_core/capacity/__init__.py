"""cpa_core.capacity: Mental Capacity Act 2005, DoLS and consent.

The two-stage test of capacity (ss2–3), best-interests decisions and their checklist (s4),
the IMCA duty (ss37–39A), lasting powers of attorney (ss9–14), advance decisions to refuse
treatment (ss24–26), DoLS authorisations (Schedule A1; the Liberty Protection Safeguards are
not in force), and consent to treatment and to sharing information (Caldicott principles).

Each sub-area has the area's three rooms (``models``, ``rules``, ``checks``):
:mod:`~cpa_core.capacity.assessment`, :mod:`~cpa_core.capacity.best_interests` (with the
IMCA), :mod:`~cpa_core.capacity.advance` (LPAs and advance decisions),
:mod:`~cpa_core.capacity.dols` and :mod:`~cpa_core.capacity.consent`; what they share (the
principles, the age gates) is in the area's own rooms. Every public name is re-exported here.
"""

from cpa_core.capacity import (
    advance,
    assessment,
    best_interests,
    checks,
    consent,
    dols,
    models,
    rules,
)
from cpa_core.capacity.advance.checks import *
from cpa_core.capacity.advance.models import *
from cpa_core.capacity.advance.rules import *
from cpa_core.capacity.assessment.checks import *
from cpa_core.capacity.assessment.models import *
from cpa_core.capacity.assessment.rules import *
from cpa_core.capacity.best_interests.checks import *
from cpa_core.capacity.best_interests.models import *
from cpa_core.capacity.best_interests.rules import *
from cpa_core.capacity.checks import *
from cpa_core.capacity.consent.checks import *
from cpa_core.capacity.consent.models import *
from cpa_core.capacity.consent.rules import *
from cpa_core.capacity.dols.checks import *
from cpa_core.capacity.dols.models import *
from cpa_core.capacity.dols.rules import *
from cpa_core.capacity.models import *
from cpa_core.capacity.rules import *
from cpa_core.domain import Domain

__all__: list[str] = []
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
__all__ += assessment.__all__
__all__ += best_interests.__all__
__all__ += advance.__all__
__all__ += dols.__all__
__all__ += consent.__all__
__all__ += ["DOMAIN"]

DOMAIN = Domain(
    name="capacity",
    title="Mental capacity, DoLS and consent",
    record_kinds=(
        *assessment.checks.RECORD_KINDS,
        *best_interests.checks.RECORD_KINDS,
        *advance.checks.RECORD_KINDS,
        *dols.checks.RECORD_KINDS,
        *consent.checks.RECORD_KINDS,
    ),
    finding_codes=(
        *assessment.checks.FINDING_CODES,
        *best_interests.checks.FINDING_CODES,
        *advance.checks.FINDING_CODES,
        *dols.checks.FINDING_CODES,
        *consent.checks.FINDING_CODES,
    ),
    rule_tables=(
        rules.MCA_PRINCIPLES,
        assessment.rules.CAPACITY_TEST,
        assessment.rules.ABILITIES,
        best_interests.rules.BEST_INTERESTS_CHECKLIST,
        rules.AGE_GATES,
        best_interests.rules.IMCA_DUTIES,
        best_interests.rules.IMCA_STAY_THRESHOLDS,
        best_interests.rules.IMCA_EXCLUSIONS,
        advance.rules.LPA_RULES,
        advance.rules.ADRT_RULES,
        dols.rules.DOLS_PERIODS,
        dols.rules.DOLS_ASSESSMENTS,
        dols.rules.DEPRIVATION_REGIMES,
        consent.rules.VALID_CONSENT,
        consent.rules.CALDICOTT_PRINCIPLES,
        rules.CHILDREN,
    ),
    caseload_checks=advance.checks.CASELOAD_CHECKS,
)
"""The area's declaration, read by the registry, the audit, the schemas and the docs."""
