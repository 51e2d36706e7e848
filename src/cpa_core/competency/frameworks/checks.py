"""Frameworks and role profiles: loading a Trust's own, choosing a person's, and fitting them.

A Trust's file is validated against the model's generated JSON Schema and then structured,
so a bad file is refused with every problem named by its path, never silently half-read.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import TypeVar

import attrs

from cpa_core.competency.frameworks.models import CompetencyFramework, RoleProfile
from cpa_core.competency.frameworks.rules import B6_KSF_EXAMPLE, FRAMEWORKS, ROLE_PROFILES
from cpa_core.competency.staff.models import StaffMember
from cpa_core.context import CheckContext
from cpa_core.datafiles import load_mapping
from cpa_core.findings import Finding, FindingCode, Severity
from cpa_core.policy import TrustPolicy
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
    "profiles_for",
]

T = TypeVar("T")

COMPETENCY_BELOW_LEVEL = FindingCode(
    "STAFF-COMPETENCY-BELOW-LEVEL",
    Severity.WARNING,
    "A competency the role needs is unassessed or assessed below the required level.",
)
PROFILE_MISMATCH = FindingCode(
    "STAFF-PROFILE-MISMATCH",
    Severity.WARNING,
    "The post holder's band is below the role profile's minimum (a profession the profile "
    "does not allow is reported as STAFF-REGISTRATION-MISSING).",
)
PROFILE_UNKNOWN = FindingCode(
    "STAFF-PROFILE-UNKNOWN",
    Severity.WARNING,
    "A role profile code on the staff record is not known on the date.",
)


def _loaded(name: str, model: type[T], description: str) -> RecordKind[T]:
    """A record kind a Trust loads from a file: validated against its schema, not checked."""
    return RecordKind(name=name, domain="competency", model=model, description=description)


COMPETENCY_FRAMEWORK = _loaded(
    "competency-framework",
    CompetencyFramework,
    "A competency framework: competencies, levels and evidence types, with its source and "
    "dates in force.",
)
ROLE_PROFILE = _loaded(
    "role-profile",
    RoleProfile,
    "A role's requirements: professions, registration, band, mandatory training, approvals, "
    "competency levels, DBS and driving.",
)

# --- a Trust's own frameworks and profiles ---------------------------------------------------


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


# --- a person's profiles ---------------------------------------------------------------------


def profiles_for(
    staff: StaffMember,
    as_of: date,
    policy: TrustPolicy,
    profiles: Mapping[str, RoleProfile] | None = None,
) -> tuple[tuple[RoleProfile, ...], tuple[str, ...]]:
    """The role profiles a staff member must meet, and the codes that are unknown.

    Args:
        staff: The staff member.
        as_of: The date.
        policy: The Trust's policy; ``competency.profile_training`` replaces a profile's
            training list.
        profiles: The Trust's own profiles by code; the defaults in force on ``as_of``
            when omitted.
    """
    known = profiles if profiles is not None else {p.code: p for p in ROLE_PROFILES.in_force(as_of)}
    found: list[RoleProfile] = []
    unknown: list[str] = []
    for code in staff.role_profiles:
        profile = known.get(code)
        if profile is None:
            unknown.append(code)
            continue
        training = policy.competency.profile_training.get(code)
        if training is not None:
            profile = attrs.evolve(profile, training=tuple(training))
        found.append(profile)
    return tuple(found), tuple(unknown)


def unknown_profiles(staff: StaffMember, codes: Iterable[str]) -> Iterator[Finding]:
    """A finding for each role profile code that is not known."""
    for code in codes:
        yield PROFILE_UNKNOWN.finding(
            f"role profile {code} is not known", path="$.role_profiles", subject_id=staff.staff_id
        )


def profile_findings(
    staff: StaffMember, ctx: CheckContext, profiles: Iterable[RoleProfile]
) -> Iterator[Finding]:
    """The band of the post and the competency levels each profile needs."""
    who = staff.staff_id
    for profile in profiles:
        if profile.minimum_band is not None and (
            staff.band is None or staff.band < profile.minimum_band
        ):
            yield PROFILE_MISMATCH.finding(
                f"role {profile.code} needs band {profile.minimum_band} or above",
                path="$.band",
                subject_id=who,
                source=profile.source,
            )
        # An unverified example's levels only advise.
        advisory = profile.competencies_advisory
        for need in profile.competencies:
            levels = [
                a.level
                for a in staff.competencies
                if a.framework_id == need.framework_id
                and a.competency == need.competency
                and a.assessed_on <= ctx.day
            ]
            if not levels or max(levels) < need.minimum_level:
                yield COMPETENCY_BELOW_LEVEL.finding(
                    f"{need.framework_id} {need.competency} needs level {need.minimum_level}",
                    path="$.competencies",
                    subject_id=who,
                    source=B6_KSF_EXAMPLE if advisory else profile.source,
                    severity=Severity.INFO if advisory else None,
                )
