"""The FHIR R4 profiles, extensions and code systems cpa_core writes, with their sources.

UK Core profiles and code systems are read from NHS England's UK Core repository
(``NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN``, ``structuredefinitions/`` and
``codesystems/``); the HL7 code systems from the FHIR R4 specification's own examples.
Nothing here is invented: where no published code system exists for a cpa_core concept
(an approach, a care plan section), a resource carries the concept as text, or as a coding
in the Trust's own code system when :class:`~cpa_core.fhir.resources.FhirOptions` names
one.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.provenance import Effective, Evidence, RuleTable, Source
from cpa_core.publishers import PUBLISHED_CODE

__all__ = [
    "CODE_SYSTEMS",
    "CONSENT_CATEGORY_SHARING",
    "CONSENT_CATEGORY_TREATMENT",
    "CONSENT_SCOPE",
    "DATA_ABSENT_REASON",
    "LEGAL_STATUS_CLASSIFICATION",
    "LEGAL_STATUS_CONTEXT",
    "LEGAL_STATUS_EXTENSION",
    "LOINC",
    "NHS_NUMBER",
    "OBSERVATION_CATEGORY",
    "PROFILES",
    "SNOMED",
    "V3_ACT_CODE",
    "V3_ACT_REASON",
    "CodeSystemRow",
    "ProfileRow",
    "profile_url",
]

_UKCORE_REPO = "https://github.com/NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN"
_UKCORE = "https://fhir.hl7.org.uk/StructureDefinition/"


def _ukcore(path: str, version: str) -> Source:
    return Source(
        title="UK Core (FHIR R4 4.0.1)",
        publisher="HL7 UK / NHS England",
        locator=f"NHSDigital/FHIR-R4-UKCORE-STAGING-MAIN {path}",
        version=version,
        url=_UKCORE_REPO,
    )


_R4_CONSENT_EXAMPLE = Source(
    title="FHIR R4 Consent example (consent-example-smartonfhir)",
    publisher="HL7",
    locator="scope consentscope#patient-privacy, category LOINC 59284-0, policyRule "
    "v3-ActCode#OPTIN",
    version="R4",
    url="https://hl7.org/fhir/2018Dec/consent-example-smartonfhir.html",
)

# Dates are those of the UK Core repository snapshot read (June 2025): the profiles were
# in force then; cpa_core makes no claim about earlier dates.
_SNAPSHOT = Effective(date(2025, 6, 20))


@attrs.frozen
class ProfileRow:
    """A UK Core profile or extension a resource claims in ``meta.profile``.

    Attributes:
        resource: The FHIR resource type (or ``Extension``).
        url: The profile's canonical URL.
        version: The profile's version in the UK Core repository read.
        source: The repository path of its StructureDefinition.
        effective: When it is in force.
    """

    resource: str
    url: str
    version: str
    source: Source
    effective: Effective = _SNAPSHOT


def _profile(resource: str, name: str, version: str) -> ProfileRow:
    return ProfileRow(
        resource,
        _UKCORE + name,
        version,
        _ukcore(f"structuredefinitions/{name}.xml", version),
    )


PROFILES: RuleTable[str, ProfileRow] = RuleTable(
    "UK Core profiles written",
    (
        _profile("EpisodeOfCare", "UKCore-EpisodeOfCare", "2.2.0"),
        _profile("CareTeam", "UKCore-CareTeam", "2.1.0"),
        _profile("CarePlan", "UKCore-CarePlan", "2.2.0"),
        _profile("QuestionnaireResponse", "UKCore-QuestionnaireResponse", "1.2.0"),
        _profile("Observation", "UKCore-Observation", "2.5.0"),
        _profile("Consent", "UKCore-Consent", "2.4.0"),
        _profile("Encounter", "UKCore-Encounter", "2.5.0"),
        _profile("Extension", "Extension-UKCore-LegalStatus", "1.2.0"),
    ),
    key=lambda row: row.resource,
    description="The UK Core profile each resource cpa_core writes declares in meta.profile.",
)
"""UK Core profiles, by resource type."""


def profile_url(resource: str) -> str:
    """The UK Core profile URL of a resource type."""
    return PROFILES.versions(resource)[0].url


LEGAL_STATUS_EXTENSION = profile_url("Extension")
"""The UK Core LegalStatus extension (context: Encounter)."""


@attrs.frozen
class CodeSystemRow:
    """A code system (or identifier system) cpa_core writes codes from.

    Attributes:
        name: What it is used for.
        url: The system URI.
        codes: The codes written from it.
        source: Where the system and codes are published.
        effective: When it is in force.
    """

    name: str
    url: str
    codes: str
    source: Source
    effective: Effective = _SNAPSHOT


NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number"
LEGAL_STATUS_CLASSIFICATION = (
    "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusClassificationEngland"
)
LEGAL_STATUS_CONTEXT = "https://fhir.hl7.org.uk/CodeSystem/UKCore-LegalStatusContext"
SNOMED = "http://snomed.info/sct"
LOINC = "http://loinc.org"
V3_ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode"
V3_ACT_REASON = "http://terminology.hl7.org/CodeSystem/v3-ActReason"
CONSENT_SCOPE = "http://terminology.hl7.org/CodeSystem/consentscope"
OBSERVATION_CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
DATA_ABSENT_REASON = "http://terminology.hl7.org/CodeSystem/data-absent-reason"
CONSENT_CATEGORY_TREATMENT = (LOINC, "59284-0")
"""Consent to treatment: LOINC 59284-0, as the R4 Consent example codes a patient consent."""
CONSENT_CATEGORY_SHARING = (V3_ACT_CODE, "INFA")
"""Consent to share: v3-ActCode INFA (information access), as UK Core's Consent example."""

_R4_OBSERVATION = Source(
    title="FHIR R4 Observation: category value set (observation-category)",
    publisher="HL7",
    locator="CodeSystem observation-category: survey",
    version="R4",
    url="https://hl7.org/fhir/R4/codesystem-observation-category.html",
)
_R4_DATA_ABSENT = Source(
    title="FHIR R4 data-absent-reason code system",
    publisher="HL7",
    locator="unknown",
    version="R4",
    url="https://hl7.org/fhir/R4/codesystem-data-absent-reason.html",
)
_HONOS_SNOMED = Source(
    title="mental-health-monthly-statistics: SNOMED CT codes of HoNOS items in MHSDS",
    publisher="NHS England (NHS Digital)",
    locator="menh_analysis/notebooks/01_Prepare/1.Main_monthly_prep.py (cpa_core.clustering "
    "HONOS_SNOMED)",
    url="https://github.com/NHSDigital/mental-health-monthly-statistics",
    evidence=Evidence.SECONDARY,
    secondary_reason=PUBLISHED_CODE,
)

CODE_SYSTEMS: RuleTable[tuple[str, str], CodeSystemRow] = RuleTable(
    "FHIR code and identifier systems written",
    (
        CodeSystemRow(
            "NHS number (identifier)",
            NHS_NUMBER,
            "the person's NHS number",
            _ukcore("structuredefinitions/UKCore-Patient.xml (identifier:nhsNumber)", "2.6.1"),
        ),
        CodeSystemRow(
            "MHA legal status classification (England)",
            LEGAL_STATUS_CLASSIFICATION,
            "the MHSDS legal status code of the period (01-38, 98, 99)",
            _ukcore("codesystems/CodeSystem-UKCore-LegalStatusClassificationEngland.xml", "1.0.1"),
        ),
        CodeSystemRow(
            "MHA legal status context",
            LEGAL_STATUS_CONTEXT,
            "admission, discharge",
            _ukcore("codesystems/CodeSystem-UKCore-LegalStatusContext.xml", "1.0.0"),
        ),
        CodeSystemRow(
            "Encounter class",
            V3_ACT_CODE,
            "IMP (inpatient encounter); EMER for a place-of-safety period (s135, s136)",
            _ukcore("examples/Extension-UKCore-LegalStatus-Example.xml", "1.2.0"),
        ),
        CodeSystemRow(
            "Consent scope", CONSENT_SCOPE, "treatment, patient-privacy", _R4_CONSENT_EXAMPLE
        ),
        CodeSystemRow(
            "Consent category (treatment)",
            LOINC,
            "59284-0 (Patient Consent)",
            _R4_CONSENT_EXAMPLE,
        ),
        CodeSystemRow(
            "Consent category (sharing)",
            V3_ACT_CODE,
            "INFA (information access)",
            _ukcore("examples/UKCore-Consent-ForInformationAccess-Example.xml", "2.4.0"),
        ),
        CodeSystemRow(
            "Consent policy rule",
            V3_ACT_CODE,
            "OPTIN (given), OPTOUT (refused)",
            _R4_CONSENT_EXAMPLE,
        ),
        CodeSystemRow(
            "Consent purpose",
            V3_ACT_REASON,
            "TREAT for direct care and care planning",
            attrs.evolve(
                _ukcore(
                    "examples/UKCore-Consent-ForInformationAccess-Example.xml (the system; "
                    "the code TREAT is HL7 PurposeOfUse, not read from a primary source)",
                    "2.4.0",
                ),
                evidence=Evidence.SECONDARY,
            ),
        ),
        CodeSystemRow("Observation category", OBSERVATION_CATEGORY, "survey", _R4_OBSERVATION),
        CodeSystemRow(
            "HoNOS item scores",
            SNOMED,
            "the SNOMED CT concept of each HoNOS and HoNOS 65+ item",
            _HONOS_SNOMED,
        ),
        CodeSystemRow("Missing values", DATA_ABSENT_REASON, "unknown", _R4_DATA_ABSENT),
    ),
    key=lambda row: (row.name, row.url),
    description="Every system a resource cpa_core writes takes codes or identifiers from.",
)
"""Code and identifier systems, by (use, URI)."""
