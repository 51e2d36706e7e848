"""cpa_core.fhir: cpa_core records as FHIR R4 resources with UK Core profiles.

Plain JSON dicts out, so the core needs no FHIR library: care episodes become an
EpisodeOfCare with its CareTeam and CarePlans (crisis and contingency plans as their own
CarePlans), HoNOS assessments a QuestionnaireResponse and an Observation of the total,
consent records a Consent, Mental Health Act detentions Encounters carrying the UK Core
LegalStatus extension, and safety plans CarePlans (never a RiskAssessment). The optional
extra ``cpa-core[fhir]`` installs ``fhir.resources`` for :func:`check_resource`.
"""

from cpa_core.fhir.check import check_resource
from cpa_core.fhir.profiles import (
    CODE_SYSTEMS,
    LEGAL_STATUS_CLASSIFICATION,
    LEGAL_STATUS_CONTEXT,
    LEGAL_STATUS_EXTENSION,
    NHS_NUMBER,
    PROFILES,
    profile_url,
)
from cpa_core.fhir.resources import (
    FhirOptions,
    care_plans,
    consent,
    episode_of_care,
    honos,
    legal_status,
    resources_for,
    safety_plan,
)

__all__ = [
    "CODE_SYSTEMS",
    "LEGAL_STATUS_CLASSIFICATION",
    "LEGAL_STATUS_CONTEXT",
    "LEGAL_STATUS_EXTENSION",
    "NHS_NUMBER",
    "PROFILES",
    "FhirOptions",
    "care_plans",
    "check_resource",
    "consent",
    "episode_of_care",
    "honos",
    "legal_status",
    "profile_url",
    "resources_for",
    "safety_plan",
]
