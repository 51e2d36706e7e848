"""Profile-fit decision support over a Trust-supplied cluster profile table.

The national per-cluster rating grids and the decision tree are in the clustering booklets
and are not shipped with cpa_core. A Trust reads the grids from its copy of the booklet into
a :class:`~cpa_core.clustering.ProfileTable` (JSON or TOML, validated by its own schema, kind
``cluster-profile-table``) and loads it with :func:`load_profile_table`.

:func:`fit_profiles` compares an assessment with every profile and returns the candidate
clusters with the reasons, item by item. It is decision support for a clinician's judgement,
never an allocation. A cluster whose *must* rule the assessment breaks is never a candidate:
it is listed apart, with the items that break it.
"""

from __future__ import annotations

import enum
import json
from importlib import resources
from pathlib import Path
from typing import Any

import attrs

from cpa_core.clustering.checks import profile_table_rules
from cpa_core.clustering.models import (
    PROFILE_TABLE_KIND,
    ClusterAssessment,
    ClusterProfile,
    Grade,
    MhctItem,
    ProfileTable,
)
from cpa_core.datafiles import load_mapping, plain
from cpa_core.exceptions import InvalidRecordError, Problem
from cpa_core.findings import Severity
from cpa_core.policy import TrustPolicy
from cpa_core.schemas import read

__all__ = [
    "PROFILE_TABLE_KIND",
    "CandidateCluster",
    "FitOutcome",
    "ItemFit",
    "ProfileFit",
    "fit_profiles",
    "load_profile_table",
    "profile_table_from_mapping",
    "synthetic_profile_table",
]

_SYNTHETIC = "synthetic-profile-table.json"


class FitOutcome(enum.Enum):
    """How one rated item meets one cluster's profile row."""

    MUST_MET = "must-met"
    """The rating is in the item's must cells."""
    MUST_BROKEN = "must-broken"
    """The item has must cells and the rating is outside them: the profile is broken."""
    MUST_UNRATED = "must-unrated"
    """The item has must cells but no valid rating (absent or 9): cannot be confirmed."""
    EXPECTED = "expected"
    """The rating is in an expected cell."""
    MAY = "may"
    """The rating is in a may cell."""
    UNLIKELY = "unlikely"
    """The rating is in an unlikely cell."""
    UNRATED = "unrated"
    """No valid rating, and the item has no must cells."""


_GRADE_OUTCOME = {
    Grade.MUST: FitOutcome.MUST_MET,
    Grade.EXPECTED: FitOutcome.EXPECTED,
    Grade.MAY: FitOutcome.MAY,
    Grade.UNLIKELY: FitOutcome.UNLIKELY,
}


@attrs.frozen(kw_only=True)
class ItemFit:
    """How one item of an assessment fits one cluster's profile: a reason.

    Attributes:
        item: The item.
        rating: The valid rating (0-4), or none when absent, 9 or recorded twice.
        outcome: How the rating meets the profile row.
    """

    item: MhctItem
    rating: int | None
    outcome: FitOutcome

    @property
    def reason(self) -> str:
        """The reason in words ("item 7 rated 3: must-met")."""
        rated = "not rated" if self.rating is None else f"rated {self.rating}"
        return f"item {self.item.value} {rated}: {self.outcome.value}"


@attrs.frozen(kw_only=True)
class CandidateCluster:
    """One cluster's fit to an assessment, with its reasons.

    Attributes:
        cluster: The cluster code.
        fits: One reason per profiled item, in profile order.
    """

    cluster: int
    fits: tuple[ItemFit, ...]

    def count(self, outcome: FitOutcome) -> int:
        """How many items have ``outcome``."""
        return sum(1 for fit in self.fits if fit.outcome is outcome)

    @property
    def breaks_must_rule(self) -> bool:
        """Whether any item breaks the profile's must rule."""
        return self.count(FitOutcome.MUST_BROKEN) > 0

    @property
    def reasons(self) -> tuple[str, ...]:
        """Every item's reason in words."""
        return tuple(fit.reason for fit in self.fits)

    def rank_key(self) -> tuple[int, int, int, int, int, int]:
        """Sort key: broken must rules first of all, then unconfirmed must rules, unlikely
        ratings, expected ratings met (more is better), must rules met, the cluster code."""
        return (
            self.count(FitOutcome.MUST_BROKEN),
            self.count(FitOutcome.MUST_UNRATED),
            self.count(FitOutcome.UNLIKELY),
            -self.count(FitOutcome.EXPECTED),
            -self.count(FitOutcome.MUST_MET),
            self.cluster,
        )


@attrs.frozen(kw_only=True)
class ProfileFit:
    """The candidate clusters for one assessment, best first, and the excluded ones.

    Attributes:
        assessment_id: The assessment compared.
        table_id: The profile table used.
        table_version: The table's version label.
        synthetic: True when the table is synthetic: the result is not for care decisions.
        candidates: Clusters whose must rules the assessment does not break, best first.
        excluded: Clusters whose must rules the assessment breaks, with the reasons.
    """

    assessment_id: str
    table_id: str
    table_version: str
    synthetic: bool
    candidates: tuple[CandidateCluster, ...]
    excluded: tuple[CandidateCluster, ...]

    @property
    def ranking(self) -> tuple[CandidateCluster, ...]:
        """Every cluster of the table, candidates first then the excluded, each best first."""
        return self.candidates + self.excluded


def _fit(profile: ClusterProfile, assessment: ClusterAssessment) -> CandidateCluster:
    fits = []
    for row in profile.items:
        rating = assessment.rating_of(row.item)
        has_must = Grade.MUST in row.grid
        if rating is None or not rating.is_score:
            outcome = FitOutcome.MUST_UNRATED if has_must else FitOutcome.UNRATED
            fits.append(ItemFit(item=row.item, rating=None, outcome=outcome))
            continue
        grade = row.grid[int(rating)]
        if has_must and grade is not Grade.MUST:
            outcome = FitOutcome.MUST_BROKEN
        else:
            outcome = _GRADE_OUTCOME[grade]
        fits.append(ItemFit(item=row.item, rating=int(rating), outcome=outcome))
    return CandidateCluster(cluster=profile.cluster, fits=tuple(fits))


def fit_profiles(assessment: ClusterAssessment, table: ProfileTable) -> ProfileFit:
    """Rank the clusters of ``table`` by how well ``assessment`` fits their profiles.

    Decision support only: the allocation stays a clinician's judgement. A cluster whose
    must rule is broken is never among the candidates; a must rule on an item without a
    valid rating (absent or 9) is unconfirmed, not broken, and ranks the cluster lower.
    """
    fitted = sorted(
        (_fit(profile, assessment) for profile in table.profiles),
        key=CandidateCluster.rank_key,
    )
    return ProfileFit(
        assessment_id=assessment.assessment_id,
        table_id=table.table_id,
        table_version=table.version,
        synthetic=table.provenance.synthetic,
        candidates=tuple(c for c in fitted if not c.breaks_must_rule),
        excluded=tuple(c for c in fitted if c.breaks_must_rule),
    )


def profile_table_from_mapping(
    data: Any, *, policy: TrustPolicy | None = None, origin: str = "profile table"
) -> ProfileTable:
    """Build a profile table from parsed JSON or TOML, checking its schema and consistency.

    Raises:
        InvalidRecordError: Every schema problem, or every consistency error (a cluster
            profiled twice, an item twice in one profile, a profile for cluster 9).
    """
    table = read(ProfileTable, plain(data), kind=PROFILE_TABLE_KIND)
    errors = [
        Problem(f.path, f.message)
        for f in profile_table_rules(table, policy or TrustPolicy())
        if f.severity is Severity.ERROR
    ]
    if errors:
        raise InvalidRecordError(errors, kind=f"{PROFILE_TABLE_KIND} ({origin})")
    return table


def load_profile_table(path: str | Path, *, policy: TrustPolicy | None = None) -> ProfileTable:
    """Read a Trust's profile table from a ``.json`` or ``.toml`` file.

    Raises:
        CpaCoreError: The file cannot be read or parsed.
        InvalidRecordError: Its content is invalid (every problem, with its path).
    """
    data = load_mapping(path, "profile table")
    return profile_table_from_mapping(data, policy=policy, origin=Path(path).name)


def synthetic_profile_table() -> ProfileTable:
    """The synthetic profile table shipped for tests and docs.

    Its grids are made up and bear no relation to the national booklets: never use it for
    a person's care.
    """
    text = resources.files("cpa_core.clustering").joinpath(_SYNTHETIC).read_text("utf-8")
    return profile_table_from_mapping(json.loads(text), origin=_SYNTHETIC)
