"""Trust policy settings for cpa_core.mha.

Statutory periods are not here: they are law, in :mod:`cpa_core.mha.rules`. What is here is
how far ahead a Trust wants to be warned, and the few practices the Act leaves to "as soon
as practicable".
"""

from __future__ import annotations

from typing import Literal

import attrs

from cpa_core.constraints import Duration, Items, Number, Text
from cpa_core.policy._settings import CPA_CORE_DEFAULT, setting
from cpa_core.provenance import Evidence, Source

__all__ = ["MhaPolicy", "TrustSectionPeriod"]

# The values of cpa_core.mha.rules.Section (the policy layer may not import the domain
# package; a test keeps the two lists equal).
SectionCode = Literal[
    "s2",
    "s3",
    "s4",
    "s5-2",
    "s5-4",
    "s7",
    "s17a",
    "s35",
    "s36",
    "s37",
    "s37-41",
    "s37-guardianship",
    "s38",
    "s44",
    "s45a",
    "s46",
    "s47",
    "s47-49",
    "s48",
    "s48-49",
    "s135-1",
    "s136",
]
AnchorCode = Literal["days-beginning-with", "months-beginning-with", "hours-from"]

_RIGHTS_REPEAT = Source(
    title="Mental Health Act 1983, s132: repeat attempts if not understood",
    publisher="secondary source cited in the cpa_core reference",
    locator="s132: 'at least every 7 days' (the Act itself says only 'as soon as practicable')",
    evidence=Evidence.SECONDARY,
    secondary_reason="the 7-day repeat is a secondary source's practice; the Act sets no interval",
)
_TESTING_ONLY = Source(
    title="Mental Health Act 2025",
    publisher="legislation.gov.uk",
    locator=(
        "s56(3): the provisions behind cpa_core's MHA 2025 rows come into force on days "
        "appointed by regulations; none appointed yet: leave off in production"
    ),
    url="https://www.legislation.gov.uk/ukpga/2025/33/section/56",
    evidence=Evidence.VERIFIED,
)


@attrs.frozen(kw_only=True)
class TrustSectionPeriod:
    """A period the Trust supplies for a section whose anchor the catalogue does not state.

    Used only where the catalogue row has no anchor or no period (s37, s135(1), the court
    and prison sections); it never replaces a stated fact. Findings built on it are
    warnings, never errors, because the fact is the Trust's, not verified law.

    Attributes:
        section: The section (a :class:`cpa_core.mha.Section` value, e.g. ``"s37"``).
        anchor: How the period is counted: ``"days-beginning-with"``,
            ``"months-beginning-with"`` or ``"hours-from"``.
        anchor_event: The event the period runs from, in the Trust's words.
        periods: The initial period and the renewal periods in the anchor's unit; the
            last repeats.
        renewable: Whether the authority can be renewed.
        source: Where the Trust took the fact from (its MHA policy, legal advice).
    """

    section: SectionCode
    anchor: AnchorCode
    anchor_event: str = attrs.field(default="", validator=Text(max_length=200))
    periods: tuple[int, ...] = attrs.field(
        validator=Items(min_items=1, max_items=6, each=Number(minimum=1, maximum=8784))
    )
    renewable: bool = False
    source: str = attrs.field(validator=Text(min_length=1, max_length=300))


@attrs.frozen(kw_only=True)
class MhaPolicy:
    """Local choices for the Mental Health Act checks.

    Attributes:
        expiry_warning_days: Warn this many days before a section counted in days or months
            expires.
        expiry_warning_hours: Warn this many hours before a section counted in hours
            (s4, s5(2), s5(4), s136) expires.
        tribunal_warning_days: Warn this many days before a tribunal application window
            closes (s2: the 14 days beginning with admission).
        s58_warning_days: Warn this many days before the s58 three months are complete.
        managers_reference_warning_days: Warn this many days before a hospital managers'
            reference (s68) falls due.
        rights_first_hours: Hours after a period starts by which rights information (s132)
            should have been given ("as soon as practicable" in the Act).
        rights_repeat_days: Days after an attempt the patient did not understand by which it
            should be repeated.
        mha2025_in_force_for_testing: Treat every enacted but not commenced Mental Health
            Act 2025 row as in force, all together: s3 periods of 3, 3, 6, then 12 months
            (s29); tribunal windows of 21 days for s2 and s4 and three months for s3
            (s30(1)); managers' references at three months, in the 3-12 months, then
            yearly, and 12 months without a hearing (s31); the s58 two months (s14); the
            nominated person (s24). For testing only: leave off until regulations commence
            them (s56(3)).
        trust_section_periods: Periods the Trust supplies for sections whose anchor or
            period the catalogue does not state; none by default.
    """

    expiry_warning_days: int = setting(
        14, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=366)
    )
    expiry_warning_hours: int = setting(
        12, CPA_CORE_DEFAULT, validator=Duration(unit="hours", minimum=0, maximum=72)
    )
    tribunal_warning_days: int = setting(
        3, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=14)
    )
    s58_warning_days: int = setting(
        14, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=92)
    )
    managers_reference_warning_days: int = setting(
        14, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=92)
    )
    rights_first_hours: int = setting(
        24, CPA_CORE_DEFAULT, validator=Duration(unit="hours", minimum=1, maximum=168)
    )
    rights_repeat_days: int = setting(
        7, _RIGHTS_REPEAT, validator=Duration(unit="days", minimum=1, maximum=90)
    )
    mha2025_in_force_for_testing: bool = setting(False, _TESTING_ONLY)
    trust_section_periods: tuple[TrustSectionPeriod, ...] = setting(
        (), CPA_CORE_DEFAULT, validator=Items(max_items=30)
    )
