"""cpa_core.retention: the Records Management Code schedule, disposal dates, legal holds.

The schedule is data (:data:`RETENTION_SCHEDULE`), each row with its limbs, final action,
source row, Code version and evidence. :func:`decide` works out, for one record as of a date,
the earliest review date, the holds that block disposal and whether a recorded appraisal
approves disposal; :func:`disposal_review` builds the review list for many records. Nothing
is ever destroyed automatically.

Rooms: the record and the schedule (:mod:`~cpa_core.retention.models`,
:mod:`~cpa_core.retention.rules`, :mod:`~cpa_core.retention.checks`), and two sub-areas with
the same rooms, legal holds (:mod:`cpa_core.retention.holds`) and disposal decisions
(:mod:`cpa_core.retention.disposal`).
"""

from cpa_core.domain import Domain
from cpa_core.policy.retention import CombinationChoice, LocalExtension, RetentionPolicy
from cpa_core.retention import checks, disposal, holds, models, rules
from cpa_core.retention.checks import *
from cpa_core.retention.disposal.checks import *
from cpa_core.retention.disposal.models import *
from cpa_core.retention.disposal.rules import *
from cpa_core.retention.holds.checks import *
from cpa_core.retention.holds.models import *
from cpa_core.retention.holds.rules import *
from cpa_core.retention.models import *
from cpa_core.retention.rules import *

__all__ = ["DOMAIN", "CombinationChoice", "LocalExtension", "RetentionPolicy"]
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
__all__ += holds.models.__all__
__all__ += holds.rules.__all__
__all__ += holds.checks.__all__
__all__ += disposal.models.__all__
__all__ += disposal.rules.__all__
__all__ += disposal.checks.__all__

DOMAIN = Domain(
    name="retention",
    title="Record retention",
    record_kinds=(disposal.checks.RETENTION_RECORD, holds.checks.LEGAL_HOLD),
    finding_codes=(
        *disposal.checks.FINDING_CODES,
        *checks.FINDING_CODES,
        *holds.checks.FINDING_CODES,
    ),
    rule_tables=(rules.RETENTION_SCHEDULE, holds.rules.NATIONAL_HOLDS),
    caseload_checks=disposal.checks.CASELOAD_CHECKS,
)
"""The area's declaration, read by the registry, the audit, the schemas and the docs."""
