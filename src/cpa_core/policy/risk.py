"""Trust policy settings for cpa_core.risk.

Two kinds of local choice live here. The *windows* within which safety work must follow an
event (a discharge, an incident, a rise in a domain rating), which no national document
fixes, so every default is a cpa_core engineering default a Trust should set. And the
Trust's own *data*: the rating scales of the tools it licenses (cpa_core ships no
proprietary wording, so a FACE licensee supplies its own levels and labels here) and any
risk domains beyond the built-in list.
"""

from __future__ import annotations

import attrs

from cpa_core.constraints import Duration, Items, Number, Text
from cpa_core.policy._settings import CPA_CORE_DEFAULT, setting

__all__ = ["RiskPolicy", "ScaleLevel", "TrustRatingScale", "TrustRiskDomain"]

_SLUG = Text(
    min_length=1,
    max_length=60,
    pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
    meaning="lower-case words joined by '-'",
)
_RECIPIENT = Text(
    min_length=1,
    max_length=60,
    pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$",
    meaning="a safety-plan recipient code",
)


@attrs.frozen(kw_only=True)
class ScaleLevel:
    """One level of a per-domain rating scale.

    Attributes:
        value: The level's code as recorded in a rating (an integer).
        label: The wording shown beside the level, as the scale's owner supplies it.
    """

    value: int = attrs.field(validator=Number(minimum=-1000, maximum=1000))
    label: str = attrs.field(validator=Text(min_length=1, max_length=200))


@attrs.frozen(kw_only=True)
class TrustRatingScale:
    """A rating scale a Trust supplies (for example the one of a tool it licenses).

    Attributes:
        scale_id: The scale's identifier, as ratings name it (``face-adult``).
        version: The scale's version, as ratings name it.
        title: The scale's name, for reports.
        levels: The levels, listed in ascending order of concern; each value once.
    """

    scale_id: str = attrs.field(validator=_SLUG)
    version: str = attrs.field(validator=Text(min_length=1, max_length=30))
    title: str = attrs.field(validator=Text(min_length=1, max_length=200))
    levels: tuple[ScaleLevel, ...] = attrs.field(validator=Items(min_items=2, max_items=20))


@attrs.frozen(kw_only=True)
class TrustRiskDomain:
    """A risk domain a Trust adds to the built-in list.

    Attributes:
        code: The domain's code, as observations name it (``fire-setting``).
        label: The domain's name, for reports.
    """

    code: str = attrs.field(validator=_SLUG)
    label: str = attrs.field(validator=Text(min_length=1, max_length=200))


@attrs.frozen(kw_only=True)
class RiskPolicy:
    """Local choices for safety assessment, formulation and safety plans.

    No setting here can turn a rating into a level, a total or a threshold: NICE NG225
    (2022) rules out global risk stratification, so the area has nothing to configure one.

    Attributes:
        change_review_days: Days, counted from the assessment that records a change (a
            domain rating rises, a domain is rated for the first time, a new incident), by
            which the safety plan must be reviewed.
        reassess_after_discharge_days: Days from a discharge from inpatient care by which
            the safety assessment must be updated.
        reassess_after_incident_days: Days from an incident by which the safety assessment
            must be updated.
        reassess_at_care_review_days: Days from a care review by which the safety
            assessment must be updated (0: on the day of the review).
        reassess_after_change_days: Days from a recorded change in circumstances by which
            the safety assessment must be updated.
        safety_plan_review_days: Days after a safety plan was last updated by which it must
            be reviewed, when the plan sets no review date of its own.
        safety_plan_recipients: Who a safety plan must be shared with (recipient codes such
            as ``person``, ``family-or-carer``, ``gp``); an empty list requires no one.
        rating_scales: The Trust's own rating scales, beside the generic scale cpa_core
            ships.
        extra_domains: Risk domains the Trust records beyond the built-in list.
    """

    change_review_days: int = setting(
        7, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    reassess_after_discharge_days: int = setting(
        7, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    reassess_after_incident_days: int = setting(
        3, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    reassess_at_care_review_days: int = setting(
        0, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    reassess_after_change_days: int = setting(
        7, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    safety_plan_review_days: int = setting(
        182, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=1, maximum=1096)
    )
    safety_plan_recipients: tuple[str, ...] = setting(
        ("person",), CPA_CORE_DEFAULT, validator=Items(max_items=20, each=_RECIPIENT)
    )
    rating_scales: tuple[TrustRatingScale, ...] = setting(
        (), CPA_CORE_DEFAULT, validator=Items(max_items=50)
    )
    extra_domains: tuple[TrustRiskDomain, ...] = setting(
        (), CPA_CORE_DEFAULT, validator=Items(max_items=50)
    )
