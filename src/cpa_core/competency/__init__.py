"""cpa_core.competency: registration, mandatory training, approvals, supervision, eligibility.

The area is split by sub-area, each with its own rooms (``models``, ``rules``, ``checks``):
:mod:`~cpa_core.competency.registration` (regulators, revalidation, CPD),
:mod:`~cpa_core.competency.training` (the CSTF catalogue, refreshers, hours),
:mod:`~cpa_core.competency.approvals` (AMHP, BIA), :mod:`~cpa_core.competency.frameworks`
(competency frameworks and role profiles) and :mod:`~cpa_core.competency.staff` (the staff
member's own checks, the care-coordinator eligibility decision and the team summary).
Every public name is re-exported here.
"""

from cpa_core.competency.approvals import checks as _approvals_checks
from cpa_core.competency.approvals import models as _approvals_models
from cpa_core.competency.approvals import rules as _approvals_rules
from cpa_core.competency.approvals.checks import *
from cpa_core.competency.approvals.models import *
from cpa_core.competency.approvals.rules import *
from cpa_core.competency.frameworks import checks as _frameworks_checks
from cpa_core.competency.frameworks import models as _frameworks_models
from cpa_core.competency.frameworks import rules as _frameworks_rules
from cpa_core.competency.frameworks.checks import *
from cpa_core.competency.frameworks.models import *
from cpa_core.competency.frameworks.rules import *
from cpa_core.competency.registration import checks as _registration_checks
from cpa_core.competency.registration import models as _registration_models
from cpa_core.competency.registration import rules as _registration_rules
from cpa_core.competency.registration.checks import *
from cpa_core.competency.registration.models import *
from cpa_core.competency.registration.rules import *
from cpa_core.competency.staff import checks as _staff_checks
from cpa_core.competency.staff import models as _staff_models
from cpa_core.competency.staff.checks import *
from cpa_core.competency.staff.models import *
from cpa_core.competency.training import checks as _training_checks
from cpa_core.competency.training import models as _training_models
from cpa_core.competency.training import rules as _training_rules
from cpa_core.competency.training.checks import *
from cpa_core.competency.training.models import *
from cpa_core.competency.training.rules import *
from cpa_core.domain import Domain

# Each room lists its names once, in its own sorted __all__ (ruff reads "+=", not "[*...]").
__all__ = ["DOMAIN"]
__all__ += _registration_models.__all__
__all__ += _registration_rules.__all__
__all__ += _registration_checks.__all__
__all__ += _training_models.__all__
__all__ += _training_rules.__all__
__all__ += _training_checks.__all__
__all__ += _approvals_models.__all__
__all__ += _approvals_rules.__all__
__all__ += _approvals_checks.__all__
__all__ += _frameworks_models.__all__
__all__ += _frameworks_rules.__all__
__all__ += _frameworks_checks.__all__
__all__ += _staff_models.__all__
__all__ += _staff_checks.__all__

DOMAIN = Domain(
    name="competency",
    title="Staff competency",
    record_kinds=(
        _staff_checks.STAFF_MEMBER,
        _frameworks_checks.COMPETENCY_FRAMEWORK,
        _frameworks_checks.ROLE_PROFILE,
    ),
    finding_codes=_staff_checks.FINDING_CODES,
    rule_tables=(
        _registration_rules.REGULATORS,
        _registration_rules.NMC_REVALIDATION_CYCLES,
        _registration_rules.PROFESSION_REGULATORS,
        _registration_rules.HCPC_CYCLES,
        _registration_rules.REGISTRATION_REQUIREMENTS,
        _approvals_rules.APPROVAL_RULES,
        _approvals_rules.APPROVAL_PROFESSIONS,
        _training_rules.CSTF_EDITIONS,
        _training_rules.TRAINING_SUBJECTS,
        _training_rules.TRAINING_HOURS,
        _frameworks_rules.FRAMEWORKS,
        _frameworks_rules.ROLE_PROFILES,
    ),
)
"""The area's declaration, read by the registry, the audit, the schemas and the docs."""
