"""Builders of care records for the care tests (fictitious data only)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from typing import Any

import attrs

from cpa_core.care import (
    Assessment,
    CareApproach,
    CareEpisode,
    CarePlanVersion,
    CoordinatorAssignment,
    CoordinatorRole,
    FollowUpEvent,
    FollowUpEventKind,
    InpatientDischarge,
    PlanSection,
    Referral,
    Review,
)
from cpa_core.policy import TrustPolicy
from cpa_core.policy.care import CarePolicy

AS_OF = datetime(2026, 11, 23, 9, 0, tzinfo=UTC)
"""The example team's audit date (CAST.md)."""

ALL_SECTIONS = tuple(PlanSection)


def policy(**care: Any) -> TrustPolicy:
    """A TrustPolicy whose care section sets ``care``."""
    return TrustPolicy(care=CarePolicy(**care))


def plan(written_on: date, version: int = 1, **kw: Any) -> CarePlanVersion:
    """A complete, agreed and shared plan version, unless ``kw`` says otherwise."""
    values: dict[str, Any] = {
        "version": version,
        "written_on": written_on,
        "sections": ALL_SECTIONS,
        "agreed_on": written_on,
        "copy_given": True,
        "shared_on": written_on,
    }
    values.update(kw)
    return CarePlanVersion(**values)


def episode(
    approach: CareApproach = CareApproach.CPA,
    *,
    referred: date = date(2025, 1, 6),
    assessed: date | None = date(2025, 1, 20),
    plans: tuple[CarePlanVersion, ...] | None = None,
    reviews: tuple[date, ...] = (),
    **kw: Any,
) -> CareEpisode:
    """A well-formed open episode with a named worker from the assessment onwards."""
    values: dict[str, Any] = {
        "episode_id": "EP-T1",
        "person_id": "P900",
        "team": "RIV-CMHT",
        "approach": approach,
        "referral": Referral(received_on=referred),
        "assessment": Assessment(completed_on=assessed, staff_id="S001") if assessed else None,
        "coordinators": (
            CoordinatorAssignment(
                staff_id="S001", role=CoordinatorRole.CARE_COORDINATOR, start=assessed
            ),
        )
        if assessed
        else (),
        "plans": plans if plans is not None else ((plan(date(2025, 2, 3)),) if assessed else ()),
        "reviews": tuple(Review(on=d) for d in reviews),
    }
    values.update(kw)
    return CareEpisode(**values)


def discharge(
    at: datetime = datetime(2026, 3, 2, 11, 0, tzinfo=UTC),
    *events: FollowUpEvent,
    **kw: Any,
) -> InpatientDischarge:
    """An eligible adult acute discharge (bed class 200) with ``events``."""
    values: dict[str, Any] = {
        "discharge_id": "HS-T1",
        "person_id": "P900",
        "provider": "RXX",
        "discharged_at": at,
        "bed_class": "200",
        "method": "1",
        "destination": "19",
        "resident_in_england": True,
        "follow_ups": events,
    }
    values.update(kw)
    return InpatientDischarge(**values)


def contact(at: datetime, mechanism: str = "01", **kw: Any) -> FollowUpEvent:
    """An attended contact by ``mechanism``."""
    return FollowUpEvent(at=at, kind=FollowUpEventKind.CONTACT, mechanism=mechanism, **kw)


def evolve(record: Any, **changes: Any) -> Any:
    """attrs.evolve, typed loosely for tests."""
    return attrs.evolve(record, **changes)
