"""cpa_core.clustering: MHCT and HoNOS, the care cluster catalogue, review periods and
profile-fit decision support.

Care clusters are a legacy currency (MHSDS v6 stopped collecting them from April 2024); this
package serves historical data, ETL validation and HoNOS, which remains a national outcome
measure. Only codes and structure are shipped, never RCPsych item wording, and no national
cluster profile grids: a Trust supplies its own :class:`ProfileTable`.

Rooms: cluster assignments, the catalogue and profile fit (:mod:`~cpa_core.clustering.models`,
:mod:`~cpa_core.clustering.rules`, :mod:`~cpa_core.clustering.checks`), and a sub-area with
the same rooms for the HoNOS and MHCT assessments (:mod:`cpa_core.clustering.honos`).
"""

from cpa_core.clustering import checks, honos, models, rules
from cpa_core.clustering.checks import *
from cpa_core.clustering.honos.checks import *
from cpa_core.clustering.honos.models import *
from cpa_core.clustering.honos.rules import *
from cpa_core.clustering.models import *
from cpa_core.clustering.rules import *
from cpa_core.domain import Domain
from cpa_core.policy.clustering import ClusteringPolicy

__all__ = ["DOMAIN", "ClusteringPolicy"]
__all__ += models.__all__
__all__ += rules.__all__
__all__ += checks.__all__
__all__ += honos.models.__all__
__all__ += honos.rules.__all__
__all__ += honos.checks.__all__

DOMAIN = Domain(
    name="clustering",
    title="Care clustering and HoNOS",
    record_kinds=(
        honos.checks.CLUSTER_ASSESSMENT,
        checks.CLUSTER_ASSIGNMENT,
        checks.CLUSTER_PROFILE_TABLE,
    ),
    finding_codes=(*honos.checks.FINDING_CODES, *checks.FINDING_CODES),
    rule_tables=(
        rules.CLUSTERS,
        honos.rules.MHCT_ITEMS,
        honos.rules.RATING_PERIODS,
        honos.rules.HONOS_SCORING,
        honos.rules.HONOS_SNOMED,
        rules.COLLECTION,
        honos.rules.RESEARCH_BANDS,
    ),
    caseload_checks=checks.CASELOAD_CHECKS,
)
"""The area's declaration, read by the registry, the audit, the schemas and the docs."""
