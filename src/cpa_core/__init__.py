"""cpa_core: typed rules and models for NHS mental health care coordination.

The top level re-exports the names most programs need; each area's models, rules and checks
live in its own package (``cpa_core.care``, ``cpa_core.mha``, …).

Names are loaded when first used: ``import cpa_core`` imports nothing else, and validating
one kind of record imports the one area that declares it.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
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
    from cpa_core.validation import Validated, due, validate, validate_record

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
    "due",
    "load_policy",
    "validate",
    "validate_record",
]

__version__ = "0.1.0"

_HOMES = {
    "cpa_core.exceptions": (
        "CpaCoreError",
        "IllegalTransitionError",
        "InvalidIdentifierError",
        "InvalidRecordError",
        "PolicyError",
        "Problem",
        "UnknownCodeError",
    ),
    "cpa_core.findings": ("Finding", "FindingCode", "Report", "Severity"),
    "cpa_core.policy": ("TrustPolicy", "load_policy"),
    "cpa_core.provenance": ("Effective", "Evidence", "RuleTable", "Source"),
    "cpa_core.validation": ("Validated", "due", "validate", "validate_record"),
}
_HOME_OF = {name: module for module, names in _HOMES.items() for name in names}


def __getattr__(name: str) -> Any:
    home = _HOME_OF.get(name)
    if home is None:
        raise AttributeError(f"module 'cpa_core' has no attribute {name!r}")
    value = getattr(importlib.import_module(home), name)
    globals()[name] = value  # later look-ups are plain attribute reads
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
