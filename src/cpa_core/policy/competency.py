"""Trust policy settings for cpa_core.competency.

No national rule sets how often staff are supervised, how many people a care coordinator may
hold, or (in the end) how often each mandatory subject is refreshed: the Core Skills Training
Framework periods are national defaults that a Trust may depart from and that are under
review. Every such choice is a setting here. Settings that *override a national row* default
to ``None`` (or an empty mapping), meaning "use the row in the rule tables of
``cpa_core.competency``", so the national value and its source stay in one place.
"""

from __future__ import annotations

import re
from typing import Any, cast

import attrs

from cpa_core.constraints import Constraint, Duration, Number
from cpa_core.policy._settings import CPA_CORE_DEFAULT, setting
from cpa_core.provenance import Evidence, Source

__all__ = ["CompetencyPolicy", "ValuesByCode"]

_CODE = r"^[A-Z0-9]+(-[A-Z0-9]+)*$"
_CODE_RE = re.compile(_CODE)

NATIONAL_ROW = Source(
    title="cpa_core.competency national rule tables",
    publisher="cpa_core",
    locator="unset = use the national row and its own source",
    evidence=Evidence.SECONDARY,
    secondary_reason="the setting defers to the national rows, which are of mixed grade: "
    "each row's own source and grade apply",
)
"""The source of an override setting whose default is "no override"."""

HPFT_SUPERVISION = Source(
    title="HPFT supervision (example Trust policy)",
    publisher="Hertfordshire Partnership University NHS Foundation Trust",
    locator="line-management supervision every 6-8 weeks; annual appraisal (one Trust's "
    "policy, used as the default for all)",
    url="https://mhst-watford.gitbook.io/mhst-watford/hpft/supervision",
    evidence=Evidence.SECONDARY,
    secondary_reason="one Trust's policy, read in a mental health support team's handbook "
    "that restates it; there is no national frequency",
)
SUPERVISION_NORM = Source(
    title="Common supervision norm (no national statutory frequency)",
    publisher="cpa_core domain reference",
    locator="competency.md section 6: clinical ~monthly (4-6 weeks); management 4-8 weeks",
    url="https://rcslt.org/members/delivering-quality-services/supervision/supervision-guidance",
    evidence=Evidence.UNVERIFIED,
    secondary_reason="no national frequency exists; a common norm, with a professional "
    "body's members' guidance as an example",
)
NMC_NOTICE = Source(
    title="NMC: paying your fee / revalidation",
    publisher="Nursing and Midwifery Council",
    locator="the NMC notifies registrants 60 days before their application date",
    url="https://www.nmc.org.uk/registration/staying-on-the-register/paying-your-fee/",
    evidence=Evidence.VERIFIED,
)


@attrs.frozen
class ValuesByCode(Constraint):
    """A mapping from codes (``FIRE``, ``SG-CHILD-L3``) to numbers within a range.

    Attributes:
        minimum: Smallest allowed value.
        maximum: Largest allowed value.
        integer: Whether values must be whole numbers.
    """

    minimum: float = 0
    maximum: float = 1000
    integer: bool = False

    def problem(self, value: Any) -> str | None:
        for key, number in value.items():
            if not isinstance(key, str) or not _CODE_RE.match(key):
                return "keys must be upper-case codes such as FIRE or SG-CHILD-L3"
            if not self.minimum <= number <= self.maximum:
                return f"values must be between {self.minimum} and {self.maximum}"
        return None

    def json_schema(self) -> dict[str, Any]:
        kind = "integer" if self.integer else "number"
        return {
            "propertyNames": {"pattern": _CODE},
            "additionalProperties": {
                "type": kind,
                "minimum": self.minimum,
                "maximum": self.maximum,
            },
        }


def _empty_months() -> dict[str, int]:
    return cast("dict[str, int]", attrs.Factory(dict))


def _empty_hours() -> dict[str, float]:
    return cast("dict[str, float]", attrs.Factory(dict))


def _empty_lists() -> dict[str, tuple[str, ...]]:
    return cast("dict[str, tuple[str, ...]]", attrs.Factory(dict))


@attrs.frozen(kw_only=True)
class CompetencyPolicy:
    """Local choices for staff registration, training, supervision and allocation.

    Attributes:
        refresher_months: Refresher period in months by training subject code, replacing the
            national default of
            :data:`cpa_core.competency.training.rules.TRAINING_SUBJECTS`; a code that is not
            in the catalogue adds a Trust-local subject (e.g. ``MHA``) with that period.
            Subjects whose national row has no period (set locally) never expire
            unless given one here.
        minimum_training_hours: Minimum hours over the refresher period by subject code,
            replacing the default reading of ``TRAINING_HOURS`` (the sources disagree for
            safeguarding children level 3).
        profile_training: Mandatory subject codes by role profile code (``B6-CC-NURSE``),
            replacing that profile's default training list.
        training_due_soon_days: Look-ahead in days for "training expiring" findings.
        registration_due_soon_days: Look-ahead in days for registration renewal and
            revalidation findings.
        approval_due_soon_days: Look-ahead in days for AMHP and BIA approval expiry.
        amhp_approval_months: Length of an AMHP approval in months when the record does not
            give its end; unset uses the national row (5 years, graded V2).
        amhp_training_hours: Hours of AMHP training required in each year of approval; unset
            uses the national row (18 hours, graded V2).
        clinical_supervision_days: Longest gap in days between clinical supervision sessions.
        managerial_supervision_days: Longest gap in days between line-management
            supervision sessions.
        caseload_supervision_days: Longest gap in days between caseload supervision sessions.
        appraisal_months: Longest gap in months between appraisals.
        dbs_recheck_months: Months after which a DBS certificate is re-checked; unset means
            no re-check rule (a Trust choice; none is national in the reference).
        driving_licence_check_months: Months after which a driving licence check is
            repeated; unset means no re-check rule.
        caseload_cap: Most people one care coordinator may hold; unset means no cap (there
            is no national cap).
        caseload_weight_cap: Highest weighted caseload score one care coordinator may hold,
            on the Trust's own weighting tool; unset means no cap.
        supervision_blocks_eligibility: Whether overdue clinical supervision makes a
            practitioner ineligible to be allocated as care coordinator (otherwise it is
            reported as advisory).
    """

    refresher_months: dict[str, int] = setting(
        _empty_months(), NATIONAL_ROW, validator=ValuesByCode(minimum=1, maximum=120, integer=True)
    )
    minimum_training_hours: dict[str, float] = setting(
        _empty_hours(), NATIONAL_ROW, validator=ValuesByCode(minimum=0, maximum=200)
    )
    profile_training: dict[str, tuple[str, ...]] = setting(_empty_lists(), NATIONAL_ROW)
    training_due_soon_days: int = setting(
        30, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    registration_due_soon_days: int = setting(
        60, NMC_NOTICE, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    approval_due_soon_days: int = setting(
        90, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    amhp_approval_months: int | None = setting(
        None, NATIONAL_ROW, validator=Duration(unit="months", minimum=1, maximum=120)
    )
    amhp_training_hours: float | None = setting(
        None, NATIONAL_ROW, validator=Number(minimum=0, maximum=200)
    )
    clinical_supervision_days: int = setting(
        42, SUPERVISION_NORM, validator=Duration(unit="days", minimum=1, maximum=366)
    )
    managerial_supervision_days: int = setting(
        56, HPFT_SUPERVISION, validator=Duration(unit="days", minimum=1, maximum=366)
    )
    caseload_supervision_days: int = setting(
        56, SUPERVISION_NORM, validator=Duration(unit="days", minimum=1, maximum=366)
    )
    appraisal_months: int = setting(
        12, HPFT_SUPERVISION, validator=Duration(unit="months", minimum=1, maximum=36)
    )
    dbs_recheck_months: int | None = setting(
        None, CPA_CORE_DEFAULT, validator=Duration(unit="months", minimum=1, maximum=120)
    )
    driving_licence_check_months: int | None = setting(
        None, CPA_CORE_DEFAULT, validator=Duration(unit="months", minimum=1, maximum=120)
    )
    caseload_cap: int | None = setting(
        None, CPA_CORE_DEFAULT, validator=Number(minimum=1, maximum=500)
    )
    caseload_weight_cap: float | None = setting(
        None, CPA_CORE_DEFAULT, validator=Number(minimum=0, maximum=10000)
    )
    supervision_blocks_eligibility: bool = setting(False, CPA_CORE_DEFAULT)
