"""Records of the clustering area: cluster assignments, a Trust-supplied cluster profile
table, and the result of fitting an assessment to the table's profiles.

The assessments a cluster rests on are a sub-area: :mod:`cpa_core.clustering.honos.models`.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.clustering.honos.models import MhctItem
from cpa_core.constraints import IDENTIFIER as _ID
from cpa_core.constraints import Items, NhsNumber, Number, Text
from cpa_core.exceptions import CpaCoreError

__all__ = [
    "PROFILE_TABLE_KIND",
    "AllocationReason",
    "CandidateCluster",
    "ClusterAssignment",
    "ClusterProfile",
    "FitOutcome",
    "Grade",
    "ItemFit",
    "ItemProfile",
    "ProfileFit",
    "ProfileProvenance",
    "ProfileTable",
]

PROFILE_TABLE_KIND = "cluster-profile-table"
"""The record kind of a :class:`ProfileTable`, used in its schema ``$id``."""

_CLUSTER = Number(minimum=0, maximum=21)


class AllocationReason(enum.Enum):
    """Why a cluster was (re)assigned: the occasions for clustering in Trust policies."""

    INITIAL_ASSESSMENT = "initial-assessment"
    """At the initial assessment."""
    PLANNED_REVIEW = "planned-review"
    """At a planned (CPA or formal) review."""
    UNPLANNED_REVIEW = "unplanned-review"
    """At an unplanned review after a significant change."""
    ADMISSION = "admission"
    """On admission."""
    TRANSFER = "transfer"
    """On transfer, for example to a crisis resolution and home treatment team."""
    DISCHARGE = "discharge"
    """At discharge from mental health services."""


@attrs.frozen(kw_only=True)
class ClusterAssignment:
    """A care cluster allocated to a person, with the assessment it rests on.

    Attributes:
        assignment_id: The assignment's own identifier (MHSDS UniqClustID).
        person_id: The person.
        nhs_number: The person's NHS number, when the record carries it.
        cluster: The final cluster code, 0 to 21 (MHSDS AMHCareClustCodeFin).
        start: The first day of the cluster (StartDateCareClust).
        end: The last day of the cluster (EndDateCareClust), or none while it is open.
        assessment_id: The MHCT assessment the allocation rests on, when known.
        assessment_date: The day that assessment was completed (AssToolCompDate), from which
            NHS England counts the cluster's review period.
        staff_id: The clinician who allocated the cluster, when known.
        reason: Why the cluster was assigned, when recorded.
        suggested_cluster: The cluster the tool or algorithm suggested, when recorded; it
            differs from ``cluster`` when the clinician overrode it.
    """

    assignment_id: str = attrs.field(validator=_ID)
    person_id: str = attrs.field(validator=_ID)
    nhs_number: str | None = attrs.field(default=None, validator=NhsNumber())
    cluster: int = attrs.field(validator=_CLUSTER)
    start: date
    end: date | None = None
    assessment_id: str | None = attrs.field(default=None, validator=_ID)
    assessment_date: date | None = None
    staff_id: str | None = attrs.field(default=None, validator=_ID)
    reason: AllocationReason | None = None
    suggested_cluster: int | None = attrs.field(default=None, validator=_CLUSTER)

    def __attrs_post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise CpaCoreError("cluster assignment: end must not be before start")

    def is_open(self, on: date) -> bool:
        """Whether the cluster is current on ``on`` (started, not yet ended)."""
        return self.start <= on and (self.end is None or on <= self.end)


class Grade(enum.Enum):
    """How a cluster profile grades one rating of one item (the grid legend)."""

    MUST = "must"
    """Must score: a rating outside an item's must cells breaks the profile (a red rule)."""
    EXPECTED = "expected"
    """Expected to score."""
    MAY = "may"
    """May score."""
    UNLIKELY = "unlikely"
    """Unlikely to score."""


@attrs.frozen(kw_only=True)
class ItemProfile:
    """One row of a cluster's grid: how each rating 0 to 4 of one item is graded.

    Attributes:
        item: The MHCT item.
        grid: Five grades, for ratings 0, 1, 2, 3 and 4 in that order.
    """

    item: MhctItem
    grid: tuple[Grade, ...] = attrs.field(validator=Items(min_items=5, max_items=5))


@attrs.frozen(kw_only=True)
class ClusterProfile:
    """The rating profile of one cluster, item by item.

    Attributes:
        cluster: The cluster code, 0 to 21.
        items: One row per profiled item; an item without a row places no condition.
    """

    cluster: int = attrs.field(validator=_CLUSTER)
    items: tuple[ItemProfile, ...] = attrs.field(validator=Items(min_items=1, max_items=18))


@attrs.frozen(kw_only=True)
class ProfileProvenance:
    """Where a profile table's grids were read from.

    Attributes:
        document: The document the grids were read from (e.g. the clustering booklet).
        version: The document's version, as it states it.
        page: The page or appendix of the grids.
        published: The document's date.
        publisher: Who published the document.
        url: Where the document can be read, when public.
        synthetic: True for made-up tables (tests, docs): never for care decisions.
    """

    document: str = attrs.field(validator=Text(min_length=1, max_length=300))
    version: str = attrs.field(validator=Text(min_length=1, max_length=50))
    page: str = attrs.field(validator=Text(min_length=1, max_length=50))
    published: date
    publisher: str | None = attrs.field(default=None, validator=Text(min_length=1, max_length=200))
    url: str | None = attrs.field(default=None, validator=Text(min_length=1, max_length=500))
    synthetic: bool = False


@attrs.frozen(kw_only=True)
class ProfileTable:
    """A Trust-supplied table of cluster rating profiles, for profile-fit decision support.

    cpa_core ships no national profile data: the grids are in the clustering booklets and a
    Trust must read them from the PDF itself.

    Attributes:
        table_id: The table's identifier.
        version: The Trust's version label for this table.
        provenance: Where the grids come from.
        profiles: One profile per cluster.
    """

    table_id: str = attrs.field(validator=_ID)
    version: str = attrs.field(validator=Text(min_length=1, max_length=50))
    provenance: ProfileProvenance
    profiles: tuple[ClusterProfile, ...] = attrs.field(validator=Items(min_items=1, max_items=22))


# --- profile fit: the result -----------------------------------------------------------


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
