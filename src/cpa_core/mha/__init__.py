"""cpa_core.mha: Mental Health Act legal status periods, expiries, renewals, leave, absence
without leave, CTO events, Part 4 and 4A, the tribunal calendar and s117.

Re-exports only. The area's own rooms hold the record (:mod:`cpa_core.mha.models`), the
sections and the tables every part reads (:mod:`cpa_core.mha.rules`) and the checks of the
whole record (:mod:`cpa_core.mha.checks`); each sub-area has the same three rooms:

* :mod:`cpa_core.mha.sections`: the section catalogue and each period's periods of
  authority;
* :mod:`cpa_core.mha.chain`: the chain of periods, its changes of section and MHSDS codes;
* :mod:`cpa_core.mha.expiries`: expiries and renewals;
* :mod:`cpa_core.mha.absence`: leave of absence and absence without leave;
* :mod:`cpa_core.mha.cto`: community treatment orders, their conditions and recalls;
* :mod:`cpa_core.mha.treatment`: consent to treatment, Part 4 and Part 4A;
* :mod:`cpa_core.mha.tribunal`: the patient's applications to the tribunal (s66);
* :mod:`cpa_core.mha.references`: the hospital managers' references (s68) and the tribunal
  calendar.
"""

from cpa_core.domain import Domain
from cpa_core.mha import checks, models, rules
from cpa_core.mha.absence import checks as absence_checks
from cpa_core.mha.absence import models as absence_models
from cpa_core.mha.absence import rules as absence_rules
from cpa_core.mha.absence.checks import *
from cpa_core.mha.absence.models import *
from cpa_core.mha.absence.rules import *
from cpa_core.mha.chain import checks as chain_checks
from cpa_core.mha.chain import models as chain_models
from cpa_core.mha.chain import rules as chain_rules
from cpa_core.mha.chain.checks import *
from cpa_core.mha.chain.models import *
from cpa_core.mha.chain.rules import *
from cpa_core.mha.checks import *
from cpa_core.mha.cto import checks as cto_checks
from cpa_core.mha.cto import models as cto_models
from cpa_core.mha.cto import rules as cto_rules
from cpa_core.mha.cto.checks import *
from cpa_core.mha.cto.models import *
from cpa_core.mha.cto.rules import *
from cpa_core.mha.expiries import checks as expiries_checks
from cpa_core.mha.expiries import models as expiries_models
from cpa_core.mha.expiries import rules as expiries_rules
from cpa_core.mha.expiries.checks import *
from cpa_core.mha.expiries.models import *
from cpa_core.mha.expiries.rules import *
from cpa_core.mha.models import *
from cpa_core.mha.references import checks as references_checks
from cpa_core.mha.references import models as references_models
from cpa_core.mha.references import rules as references_rules
from cpa_core.mha.references.checks import *
from cpa_core.mha.references.models import *
from cpa_core.mha.references.rules import *
from cpa_core.mha.rules import *
from cpa_core.mha.sections import checks as sections_checks
from cpa_core.mha.sections import models as sections_models
from cpa_core.mha.sections import rules as sections_rules
from cpa_core.mha.sections.checks import *
from cpa_core.mha.sections.models import *
from cpa_core.mha.sections.rules import *
from cpa_core.mha.treatment import checks as treatment_checks
from cpa_core.mha.treatment import models as treatment_models
from cpa_core.mha.treatment import rules as treatment_rules
from cpa_core.mha.treatment.checks import *
from cpa_core.mha.treatment.models import *
from cpa_core.mha.treatment.rules import *
from cpa_core.mha.tribunal import checks as tribunal_checks
from cpa_core.mha.tribunal import models as tribunal_models
from cpa_core.mha.tribunal import rules as tribunal_rules
from cpa_core.mha.tribunal.checks import *
from cpa_core.mha.tribunal.models import *
from cpa_core.mha.tribunal.rules import *

__all__ = ["DOMAIN"]
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
__all__ += sections_models.__all__
__all__ += sections_rules.__all__
__all__ += sections_checks.__all__
__all__ += chain_models.__all__
__all__ += chain_rules.__all__
__all__ += chain_checks.__all__
__all__ += expiries_models.__all__
__all__ += expiries_rules.__all__
__all__ += expiries_checks.__all__
__all__ += absence_models.__all__
__all__ += absence_rules.__all__
__all__ += absence_checks.__all__
__all__ += cto_models.__all__
__all__ += cto_rules.__all__
__all__ += cto_checks.__all__
__all__ += treatment_models.__all__
__all__ += treatment_rules.__all__
__all__ += treatment_checks.__all__
__all__ += tribunal_models.__all__
__all__ += tribunal_rules.__all__
__all__ += tribunal_checks.__all__
__all__ += references_models.__all__
__all__ += references_rules.__all__
__all__ += references_checks.__all__

DOMAIN = Domain(
    name="mha",
    title="Mental Health Act",
    record_kinds=checks.RECORD_KINDS,
    finding_codes=checks.FINDING_CODES,
    rule_tables=(
        sections_rules.SECTIONS,
        chain_rules.CONVERSIONS,
        references_rules.REFERENCES,
        rules.STATUTORY_PERIODS,
        chain_rules.LEGAL_STATUS_CODES,
        rules.CONSULTEE_ROLES,
    ),
)
"""The area's declaration, read by the registry, the audit, the schemas and the docs."""
