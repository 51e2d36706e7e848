"""cpa_core: typed rules and models for NHS mental health care coordination.

The top level re-exports the names most programs need; each area's models, rules and checks
live in its own package (``cpa_core.care``, ``cpa_core.mha``, …).
"""

from cpa_core.exceptions import (
    CpaCoreError,
    IllegalTransitionError,
    InvalidIdentifierError,
    InvalidRecordError,
    PolicyError,
    Problem,
    UnknownCodeError,
)
from cpa_core.findings import Finding, FindingCode, Report, Severity
from cpa_core.policy import TrustPolicy, load_policy
from cpa_core.provenance import Effective, Evidence, RuleTable, Source
from cpa_core.validation import Validated, validate, validate_record

__all__ = [
    "CpaCoreError",
    "Effective",
    "Evidence",
    "Finding",
    "FindingCode",
    "IllegalTransitionError",
    "InvalidIdentifierError",
    "InvalidRecordError",
    "PolicyError",
    "Problem",
    "Report",
    "RuleTable",
    "Severity",
    "Source",
    "TrustPolicy",
    "UnknownCodeError",
    "Validated",
    "__version__",
    "load_policy",
    "validate",
    "validate_record",
]

__version__ = "0.1.0"
