"""cpa_core.mha: Mental Health Act legal status periods, expiries, renewals, Part 4, s117.

Re-exports only: the catalogue and codes are in :mod:`cpa_core.mha.rules`, the models in
:mod:`cpa_core.mha.models`, the period arithmetic in :mod:`cpa_core.mha.periods` and the
checks in :mod:`cpa_core.mha.checks`.
"""

from typing import Any

from cpa_core.mha.checks import (
    FINDING_CODES,
    MHA_DETENTION,
    RECORD_KINDS,
    audit_caseload,
    audit_detention,
    check_detention,
    detention_rules,
)
from cpa_core.mha.models import (
    Aftercare,
    Certificate,
    CertificateForm,
    EndReason,
    Extension,
    LegalStatusPeriod,
    MhaDetention,
    Recall,
    Renewal,
    RightsGiven,
    TribunalApplication,
)
from cpa_core.mha.periods import (
    Readings,
    anchor_of,
    authority_periods,
    expiry,
    last_day_of_months,
    managers_reference_due,
    months_period,
    renewal_readings,
    renewal_window,
    s2_tribunal_window,
    s58_certificate_from,
    s117_eligibility,
    tribunal_windows,
)
from cpa_core.mha.rules import (
    CONSULTEE_ROLES,
    CONVERSIONS,
    LEGAL_STATUS_CODES,
    S117,
    SECTIONS,
    Anchor,
    Part4,
    Regime,
    Section,
    SectionRow,
    Tribunal,
    codes_for_section,
    consultee_role,
    section_for_code,
    section_rule,
)
from cpa_core.provenance import RuleTable

RULE_TABLES: tuple[RuleTable[Any, Any], ...] = (
    SECTIONS,
    CONVERSIONS,
    LEGAL_STATUS_CODES,
    CONSULTEE_ROLES,
)

__all__ = [
    "CONSULTEE_ROLES",
    "CONVERSIONS",
    "FINDING_CODES",
    "LEGAL_STATUS_CODES",
    "MHA_DETENTION",
    "RECORD_KINDS",
    "RULE_TABLES",
    "S117",
    "SECTIONS",
    "Aftercare",
    "Anchor",
    "Certificate",
    "CertificateForm",
    "EndReason",
    "Extension",
    "LegalStatusPeriod",
    "MhaDetention",
    "Part4",
    "Readings",
    "Recall",
    "Regime",
    "Renewal",
    "RightsGiven",
    "Section",
    "SectionRow",
    "Tribunal",
    "TribunalApplication",
    "anchor_of",
    "audit_caseload",
    "audit_detention",
    "authority_periods",
    "check_detention",
    "codes_for_section",
    "consultee_role",
    "detention_rules",
    "expiry",
    "last_day_of_months",
    "managers_reference_due",
    "months_period",
    "renewal_readings",
    "renewal_window",
    "s2_tribunal_window",
    "s58_certificate_from",
    "s117_eligibility",
    "section_for_code",
    "section_rule",
    "tribunal_windows",
]
