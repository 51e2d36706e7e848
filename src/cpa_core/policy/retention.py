"""Trust policy settings for cpa_core.retention.

The Records Management Code of Practice sets *minimum* periods. A Trust may keep records
longer (a local extension), decide how two limbs of a row combine where the Code's wording
is not confirmed, release a national hold once it has been lifted, and choose how far ahead
the disposal-review list looks. The vocabulary is plain strings here, because a policy
section may only import the shared layer; :func:`cpa_core.retention.check_policy` checks
every string against the schedule and refuses any setting that would shorten a national
minimum.
"""

from __future__ import annotations

from typing import Literal

import attrs

from cpa_core.constraints import Duration, Items, Number, Text
from cpa_core.policy._settings import CPA_CORE_DEFAULT, setting
from cpa_core.provenance import Evidence, Source

__all__ = [
    "COMBINATION_DEFAULT",
    "CombinationChoice",
    "LocalExtension",
    "RetentionPolicy",
]

COMBINATION_DEFAULT = Source(
    title="cpa_core retention reference, the '20 years or 10 years after death' question",
    publisher="cpa_core shared domain reference",
    locator="retention.md section 4 (engineering default: the later date)",
    version="2026",
    evidence=Evidence.UNVERIFIED,
)
"""Where the 'later of the limbs' default comes from: every period is a minimum."""

_NAME = Text(
    min_length=1,
    max_length=64,
    pattern=r"^[a-z][a-z0-9]*(-[a-z0-9]+)*$",
    meaning="lower-case words joined by '-'",
)


@attrs.frozen(kw_only=True)
class LocalExtension:
    """A Trust's longer period for one limb of one schedule row.

    When the row has a limb with the same trigger (and no condition), the local period
    replaces it and must not be shorter; otherwise the local limb is added and can only
    make the date later.

    Attributes:
        record_class: The schedule row's record class, e.g. ``mental-health``.
        trigger: The event the local period runs from, e.g. ``last-contact``, ``birth``.
        years: Whole years after the trigger (for ``birth``: the birthday, e.g. 30).
        months: Further calendar months.
        reference: Where the Trust's decision is recorded (policy paragraph, minute).
    """

    record_class: str = attrs.field(validator=_NAME)
    trigger: str = attrs.field(validator=_NAME)
    years: int = attrs.field(validator=Number(minimum=0, maximum=200))
    months: int = attrs.field(default=0, validator=Number(minimum=0, maximum=11))
    reference: str = attrs.field(default="", validator=Text(max_length=200))


@attrs.frozen(kw_only=True)
class CombinationChoice:
    """How one row's limbs combine, where the Code's wording is not confirmed.

    Attributes:
        record_class: The schedule row's record class.
        combine: ``later`` keeps the record until the latest limb's date; ``sooner`` until
            the earliest (the older DH "if sooner" wording).
    """

    record_class: str = attrs.field(validator=_NAME)
    combine: Literal["later", "sooner"]


@attrs.frozen(kw_only=True)
class RetentionPolicy:
    """Local choices for record retention and disposal.

    Attributes:
        combine_unsettled: How the limbs of a row combine when the reference does not settle
            it (mental health "20 years or 10 years after death", staff record 75th birthday
            or 6 years after leaving, clinical audit completion or creation): ``later`` (the
            reference's engineering default, never below any minimum) or ``sooner``.
        combinations: Per-row choices that override ``combine_unsettled``.
        apply_unverified_limbs: Whether limbs whose source is unverified (e.g. adult record
            8 years after death) are applied. Under ``later`` they only lengthen retention.
        local_extensions: Longer local periods; a period shorter than the national minimum
            is a :class:`~cpa_core.exceptions.PolicyError`.
        released_holds: Ids of national holds the Trust has been told are lifted (e.g. the
            IICSA moratorium, whose current status is unverified).
        review_window_days: How far ahead, in days, the disposal-review list and the
            "review due soon" finding look.
    """

    combine_unsettled: Literal["later", "sooner"] = setting("later", COMBINATION_DEFAULT)
    combinations: tuple[CombinationChoice, ...] = setting(
        (), CPA_CORE_DEFAULT, validator=Items(max_items=100)
    )
    apply_unverified_limbs: bool = setting(True, CPA_CORE_DEFAULT)
    local_extensions: tuple[LocalExtension, ...] = setting(
        (), CPA_CORE_DEFAULT, validator=Items(max_items=500)
    )
    released_holds: tuple[str, ...] = setting(
        (), CPA_CORE_DEFAULT, validator=Items(max_items=100, each=_NAME)
    )
    review_window_days: int = setting(
        90, CPA_CORE_DEFAULT, validator=Duration(unit="days", minimum=0, maximum=3660)
    )
