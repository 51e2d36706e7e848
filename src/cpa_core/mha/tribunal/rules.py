"""Applications to the tribunal as rules: when a patient may apply (s66).

The ``tribunal`` column of the section catalogue says when; :func:`window_locator` names the
paragraphs of s66(1) and (2) a window rests on. The window after a CTO is revoked
(s66(2)(cb)) is a row of :data:`~cpa_core.mha.rules.STATUTORY_PERIODS`.
"""

from __future__ import annotations

import enum

from cpa_core.mha.rules import Section

__all__ = ["Tribunal"]


class Tribunal(enum.Enum):
    """When a patient may apply to the First-tier Tribunal (s66)."""

    WITHIN_DAYS = "within-days"
    """Within the first ``tribunal_days`` days beginning with admission (s2, s4)."""
    ONCE_PER_PERIOD = "once-per-period"
    """Once in each eligibility period (``tribunal_months``)."""
    NOT_FIRST_PERIOD = "not-first-period"
    """Not in the first eligibility period, then once in each (s37: Sch 1 Pt 1 para 9)."""
    NOT_STATED = "not-stated"


def window_locator(section: Section, tribunal: Tribunal, *, first: bool, revoked: bool) -> str:
    """The provisions of an application window: s66(1) and (2), paragraph (a) for s2 and s4,
    (ca) then (fza) for a CTO, (c) then (f) for guardianship, (cb) first for an s3 restored
    by revoking a CTO (``revoked``), (f) for a hospital order (Sch 1 Pt 1 para 9), and (b)
    then (f) for an s3.

    Args:
        section: The period's section.
        tribunal: The catalogue row's ``tribunal``.
        first: Whether the window is the period's first.
        revoked: Whether the period is an s3 restored by revoking a CTO.
    """
    if tribunal is Tribunal.WITHIN_DAYS:
        return "s66(1)(a), (2)(a)"
    if section is Section.CTO:
        return "s66(1)(ca), (2)(ca)" if first else "s66(1)(fza), (2)(fza)"
    if section is Section.S7:
        return "s66(1)(c), (2)(c)" if first else "s66(1)(f), (2)(f)"
    if revoked and first:
        return "s66(1)(cb), (2)(cb)"
    if section is Section.S37:
        return "s66(1)(f), (2)(f); Sch 1 Pt 1 para 9"
    return "s66(1)(b), (2)(b)" if first else "s66(1)(f), (2)(f)"
