"""cpa_core.retention: scaffold; this area's models, rules and checks are being built."""

from typing import Any

from cpa_core.findings import FindingCode
from cpa_core.provenance import RuleTable
from cpa_core.records import RecordKind

__all__ = ["FINDING_CODES", "RECORD_KINDS", "RULE_TABLES"]

RECORD_KINDS: tuple[RecordKind[object], ...] = ()
FINDING_CODES: tuple[FindingCode, ...] = ()
RULE_TABLES: tuple[RuleTable[Any, Any], ...] = ()
