"""Models of competency frameworks, assessed competencies and role profiles.

A :class:`CompetencyFramework` and a :class:`RoleProfile` are data a Trust may load from JSON
or TOML to replace or extend the defaults in :mod:`cpa_core.competency.frameworks.rules`.
"""

from __future__ import annotations

from datetime import date
from typing import Literal

import attrs

from cpa_core.competency.approvals.models import ApprovalKind
from cpa_core.competency.registration.models import Profession
from cpa_core.competency.training.models import CODE
from cpa_core.constraints import IDENTIFIER, Items, Number, Text
from cpa_core.exceptions import CpaCoreError
from cpa_core.provenance import Effective, Source

__all__ = [
    "Competency",
    "CompetencyAssessment",
    "CompetencyFramework",
    "CompetencyRequirement",
    "FrameworkLevel",
    "RoleProfile",
]

LABEL = Text(min_length=1, max_length=200)
"""A title or short label (a competency's title, a job title)."""

_LEVEL = Number(minimum=0, maximum=10)


@attrs.frozen(kw_only=True)
class CompetencyAssessment:
    """An assessed level in one competency of a framework.

    Attributes:
        framework_id: The framework (``KSF``, a Trust framework id).
        competency: The competency code within it (``C1``).
        level: The level reached.
        assessed_on: The day it was assessed.
        assessor_id: Staff id of the assessor.
        evidence_type: The kind of evidence, from the framework's list.
    """

    framework_id: str = attrs.field(validator=CODE)
    competency: str = attrs.field(validator=CODE)
    level: int = attrs.field(validator=_LEVEL)
    assessed_on: date
    assessor_id: str | None = attrs.field(default=None, validator=IDENTIFIER)
    evidence_type: str | None = attrs.field(default=None, validator=LABEL)


@attrs.frozen(kw_only=True)
class FrameworkLevel:
    """One level of a competency framework.

    Attributes:
        level: The level's number.
        descriptor: The framework's own short descriptor, when it is free to reproduce.
    """

    level: int = attrs.field(validator=_LEVEL)
    descriptor: str | None = attrs.field(default=None, validator=LABEL)


@attrs.frozen(kw_only=True)
class Competency:
    """One competency (a KSF dimension, a care-coordination function).

    Attributes:
        code: The competency's code within its framework (``C1``).
        title: The competency's title as the framework names it.
        group: The group it belongs to (``core``, ``HWB``), when the framework groups them.
        core: Whether every post needs it.
    """

    code: str = attrs.field(validator=CODE)
    title: str = attrs.field(validator=LABEL)
    group: str | None = attrs.field(default=None, validator=LABEL)
    core: bool = False


@attrs.frozen(kw_only=True)
class CompetencyFramework:
    """A competency framework: competencies, levels and accepted evidence.

    Attributes:
        kind: Always ``competency-framework``.
        framework_id: The framework's code (``KSF``, ``CC-CORE``, a Trust code).
        title: The framework's title.
        version: The edition or version.
        levels: The levels, lowest first.
        competencies: The competencies; empty when the content is not available.
        evidence_types: The kinds of evidence accepted; empty when the framework sets none.
        notes: What is known to be missing or how to use it.
        source: Where the framework comes from.
        effective: When it is in force.
    """

    kind: Literal["competency-framework"] = "competency-framework"
    framework_id: str = attrs.field(validator=CODE)
    title: str = attrs.field(validator=LABEL)
    version: str | None = attrs.field(default=None, validator=LABEL)
    levels: tuple[FrameworkLevel, ...] = attrs.field(default=(), validator=Items(max_items=10))
    competencies: tuple[Competency, ...] = attrs.field(default=(), validator=Items(max_items=500))
    evidence_types: tuple[str, ...] = attrs.field(
        default=(), validator=Items(max_items=50, each=LABEL)
    )
    notes: str | None = attrs.field(default=None, validator=Text(max_length=2000))
    source: Source
    effective: Effective

    def __attrs_post_init__(self) -> None:
        codes = [c.code for c in self.competencies]
        if len(set(codes)) != len(codes):
            raise CpaCoreError("a framework lists a competency code twice")

    def competency(self, code: str) -> Competency | None:
        """The competency with ``code``, or ``None``."""
        return next((c for c in self.competencies if c.code == code), None)


@attrs.frozen(kw_only=True)
class CompetencyRequirement:
    """A minimum level in one competency that a role needs.

    Attributes:
        framework_id: The framework.
        competency: The competency code.
        minimum_level: The lowest acceptable level.
    """

    framework_id: str = attrs.field(validator=CODE)
    competency: str = attrs.field(validator=CODE)
    minimum_level: int = attrs.field(validator=_LEVEL)


@attrs.frozen(kw_only=True)
class RoleProfile:
    """What a role needs: registration, training, approvals, competencies and checks.

    Attributes:
        kind: Always ``role-profile``.
        code: The profile's code (``B6-CC-NURSE``).
        title: The role's title.
        professions: Professions that may hold the role; empty means any.
        registration_required: Whether a current professional registration is required.
        minimum_band: Lowest Agenda for Change band, when the role has one.
        training: Mandatory training subject codes.
        approvals: Approvals required.
        competencies: Minimum competency levels.
        competencies_advisory: Whether the competency requirements only advise (they come
            from an unverified example) rather than block.
        enhanced_dbs_required: Whether an enhanced DBS check is required.
        driving_required: Whether a driving licence is required.
        coordinates_care: Whether the role may be allocated as care coordinator.
        source: Where the requirements come from.
        effective: When the profile is in force.
    """

    kind: Literal["role-profile"] = "role-profile"
    code: str = attrs.field(validator=CODE)
    title: str = attrs.field(validator=LABEL)
    professions: tuple[Profession, ...] = attrs.field(default=(), validator=Items(max_items=10))
    registration_required: bool = True
    minimum_band: int | None = attrs.field(default=None, validator=Number(minimum=1, maximum=9))
    training: tuple[str, ...] = attrs.field(default=(), validator=Items(max_items=100, each=CODE))
    approvals: tuple[ApprovalKind, ...] = attrs.field(default=(), validator=Items(max_items=5))
    competencies: tuple[CompetencyRequirement, ...] = attrs.field(
        default=(), validator=Items(max_items=100)
    )
    competencies_advisory: bool = False
    enhanced_dbs_required: bool = False
    driving_required: bool = False
    coordinates_care: bool = False
    source: Source
    effective: Effective
