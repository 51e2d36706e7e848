"""Trust policy: every local choice, with its national or common default and its source.

National law is not here: a statutory period cannot be configured away. What *is* here is
what Trusts decide for themselves (review intervals, follow-up windows, refresher periods,
caseload caps) and what the reference could not verify, each with the default cpa_core uses
when a Trust says nothing, and where that default comes from.

A Trust writes only what it changes, in TOML or JSON; everything else keeps its default::

    [general]
    due_soon_days = 21

Load it with :func:`load_policy`; an unknown key or a wrong type is a :class:`PolicyError`
naming every problem with its path.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import attrs

from cpa_core.constraints import Duration, Text
from cpa_core.exceptions import CpaCoreError, InvalidRecordError, PolicyError
from cpa_core.policy._settings import CPA_CORE_DEFAULT, setting, setting_source
from cpa_core.policy.capacity import CapacityPolicy
from cpa_core.policy.care import CarePolicy
from cpa_core.policy.clustering import ClusteringPolicy
from cpa_core.policy.competency import CompetencyPolicy
from cpa_core.policy.mha import MhaPolicy
from cpa_core.policy.retention import RetentionPolicy
from cpa_core.policy.risk import RiskPolicy

if TYPE_CHECKING:
    from pathlib import Path

__all__ = [
    "KIND",
    "GeneralPolicy",
    "TrustPolicy",
    "load_policy",
    "policy_from_mapping",
    "setting",
    "setting_source",
]

KIND = "trust-policy"
"""The record kind name of a policy file, used in its schema `$id`."""


@attrs.frozen(kw_only=True)
class GeneralPolicy:
    """Settings shared by every area.

    Attributes:
        organisation_code: The Trust's ODS organisation code, for reports.
        name: The Trust's name, for reports.
        policy_version: The Trust's own version label for this policy file.
        due_soon_days: Default look-ahead, in days, for "due soon" findings where an area
            has no window of its own.
    """

    organisation_code: str | None = attrs.field(
        default=None, validator=Text(pattern=r"^[A-Z0-9]{3,5}$", meaning="an ODS code")
    )
    name: str | None = attrs.field(default=None, validator=Text(min_length=1, max_length=200))
    policy_version: str | None = attrs.field(
        default=None, validator=Text(min_length=1, max_length=50)
    )
    due_soon_days: int = setting(
        14, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )


@attrs.frozen(kw_only=True)
class TrustPolicy:
    """A Trust's local choices, one section per area.

    Every setting has a national default; a Trust changes the ones it decides otherwise,
    in code or in a policy file (:func:`load_policy`):

    >>> from cpa_core import TrustPolicy, validate
    >>> from cpa_core.policy import GeneralPolicy
    >>> TrustPolicy().general.due_soon_days
    14
    >>> policy = TrustPolicy(general=GeneralPolicy(due_soon_days=21))
    >>> validate("retention-hold", {"hold_id": "H1"}, policy=policy).ok
    False

    Attributes:
        general: Settings shared by every area.
        care: Care coordination cycle: reviews, care plans, follow-up, notes.
        risk: Safety assessment, formulation and safety plans.
        clustering: Care clusters, MHCT and HoNOS.
        capacity: Mental Capacity Act, DoLS and consent.
        mha: Mental Health Act legal status periods and safeguards.
        competency: Registration, training, supervision and eligibility of staff.
        retention: Record retention and disposal.
    """

    general: GeneralPolicy = attrs.field(factory=GeneralPolicy)
    care: CarePolicy = attrs.field(factory=CarePolicy)
    risk: RiskPolicy = attrs.field(factory=RiskPolicy)
    clustering: ClusteringPolicy = attrs.field(factory=ClusteringPolicy)
    capacity: CapacityPolicy = attrs.field(factory=CapacityPolicy)
    mha: MhaPolicy = attrs.field(factory=MhaPolicy)
    competency: CompetencyPolicy = attrs.field(factory=CompetencyPolicy)
    retention: RetentionPolicy = attrs.field(factory=RetentionPolicy)


def policy_from_mapping(data: Mapping[str, Any], *, origin: str = "policy") -> TrustPolicy:
    """Build a :class:`TrustPolicy` from parsed TOML or JSON.

    Raises:
        PolicyError: Listing every unknown key, wrong type or out-of-range value by path.
    """
    # Imported here, not at the top: validating a record needs a TrustPolicy, never the
    # schema generator nor the TOML reader, and a fresh process should not pay for them.
    from cpa_core.datafiles import plain  # noqa: PLC0415
    from cpa_core.schemas import read  # noqa: PLC0415

    try:
        return read(TrustPolicy, plain(data), kind=KIND)
    except InvalidRecordError as exc:
        lines = "\n".join(f"  {p}" for p in exc.problems)
        message = f"{origin}: {len(exc.problems)} problem(s)\n{lines}"
        raise PolicyError(message, exc.problems) from None


def load_policy(path: str | Path) -> TrustPolicy:
    """Read a policy file (``.toml`` or ``.json``).

    >>> import tempfile
    >>> from pathlib import Path
    >>> from cpa_core import load_policy
    >>> with tempfile.TemporaryDirectory() as folder:
    ...     path = Path(folder) / "trust-policy.toml"
    ...     _ = path.write_text("[general]\\ndue_soon_days = 21\\n", encoding="utf-8")
    ...     policy = load_policy(path)
    >>> policy.general.due_soon_days
    21

    Raises:
        PolicyError: The file cannot be read or parsed, or its content is invalid.
    """
    from pathlib import Path  # noqa: PLC0415 - as datafiles is, below

    from cpa_core.datafiles import load_mapping  # noqa: PLC0415 - as in policy_from_mapping

    try:
        data = load_mapping(path, "policy file")
    except CpaCoreError as exc:
        raise PolicyError(str(exc)) from None
    return policy_from_mapping(data, origin=Path(path).name)
