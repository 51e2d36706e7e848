"""Loading a Trust's own competency framework or role profile from JSON or TOML.

The file is validated against the model's generated JSON Schema and then structured, so a
bad file is refused with every problem named by its path, never silently half-read.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TypeVar

from cpa_core.competency.models import CompetencyFramework, RoleProfile
from cpa_core.competency.rules import FRAMEWORKS, ROLE_PROFILES
from cpa_core.datafiles import load_mapping
from cpa_core.provenance import RuleTable
from cpa_core.records import RecordKind
from cpa_core.schemas import read

__all__ = [
    "COMPETENCY_FRAMEWORK",
    "ROLE_PROFILE",
    "framework_table",
    "load_framework",
    "load_role_profile",
    "profile_table",
]

T = TypeVar("T")

COMPETENCY_FRAMEWORK: RecordKind[CompetencyFramework] = RecordKind(
    name="competency-framework",
    domain="competency",
    model=CompetencyFramework,
    description="A competency framework: competencies, levels and evidence types, with its "
    "source and dates in force.",
)
ROLE_PROFILE: RecordKind[RoleProfile] = RecordKind(
    name="role-profile",
    domain="competency",
    model=RoleProfile,
    description="A role's requirements: professions, registration, band, mandatory training, "
    "approvals, competency levels, DBS and driving.",
)


def _load(path: str | Path, model: type[T], kind: str) -> T:
    return read(model, load_mapping(path, f"{kind} file"), kind=kind)


def load_framework(path: str | Path) -> CompetencyFramework:
    """Read a Trust's competency framework from a ``.json`` or ``.toml`` file.

    Raises:
        InvalidRecordError: The content breaks the ``competency-framework`` schema or model,
            with every problem and its path.
        CpaCoreError: The file cannot be read or parsed.
    """
    return _load(path, CompetencyFramework, COMPETENCY_FRAMEWORK.name)


def load_role_profile(path: str | Path) -> RoleProfile:
    """Read a Trust's role profile from a ``.json`` or ``.toml`` file.

    Raises:
        InvalidRecordError: The content breaks the ``role-profile`` schema or model.
        CpaCoreError: The file cannot be read or parsed.
    """
    return _load(path, RoleProfile, ROLE_PROFILE.name)


def framework_table(
    extra: Iterable[CompetencyFramework] = (), *, replace: bool = False
) -> RuleTable[str, CompetencyFramework]:
    """The shipped frameworks plus a Trust's own (or only the Trust's, with ``replace``).

    Raises:
        CpaCoreError: Two frameworks with the same id overlap in time.
    """
    rows = tuple(extra) if replace else (*FRAMEWORKS.rows, *extra)
    return RuleTable(FRAMEWORKS.name, rows, key=lambda r: r.framework_id)


def profile_table(
    extra: Iterable[RoleProfile] = (), *, replace: bool = False
) -> RuleTable[str, RoleProfile]:
    """The default role profiles plus a Trust's own; a Trust profile with a default's code
    replaces it.

    Raises:
        CpaCoreError: Two of the Trust's profiles with one code overlap in time.
    """
    extra = tuple(extra)
    codes = {p.code for p in extra}
    base = () if replace else tuple(p for p in ROLE_PROFILES.rows if p.code not in codes)
    return RuleTable(ROLE_PROFILES.name, (*base, *extra), key=lambda r: r.code)
