"""Leave and absence without leave as rules: what s18 and s21 do to each section's authority.

The catalogue row of a section (:class:`~cpa_core.mha.sections.rules.SectionRow`) says, in
its ``awol`` column, what absence without leave does to the authority; this module names
the values of that column and the provisions each rests on. The periods of leave and
absence themselves (s17(2B), s18(4), s21, s21A, s21B) are rows of
:data:`~cpa_core.mha.rules.STATUTORY_PERIODS`.
"""

from __future__ import annotations

import enum

from cpa_core.mha.rules import Section, mha_1983
from cpa_core.provenance import Source

__all__ = ["Awol"]

_s = mha_1983


class Awol(enum.Enum):
    """What absence without leave does to a section's authority (s18, s21)."""

    EXTENDS = "s21"
    """s18 and s21 apply: custody until the later of six months from the first day of
    absence and the end of the period (s18(4)), and an authority that would end while the
    patient is absent, or in the week before, continues to the relevant time (s21)."""
    ENDS_WITH_PERIOD = "s18-5"
    """s18 applies, but no custody once the period has expired (s18(5): s2, s4, s5)."""
    NOT_APPLICABLE = "not-applicable"
    """s18 does not apply: the period is not extended by absence."""
    NOT_STATED = "not-stated"


_S18_4 = _s("s18(4), s21(1)-(2): custody and authority extended while absent", "21")
_S18_5 = _s("s18(5): no custody once the s2(4), s4(4) or s5 period has expired", "18")
_REMAND_ABSCONDS = _s(
    "s35(10), s38(7): an absconding remand or interim patient is arrested and brought "
    "before the court; s18 does not apply",
    "35",
)
_PLACE_OF_SAFETY_AWOL = _s(
    "s18(1): return of patients liable to be detained under Part 2 only (a place of safety "
    "is Part 10)",
    "18",
)

# Where the s18 and s21 facts of a row come from (see SectionRow.awol_source).
_AWOL_SOURCES: dict[Awol, Source] = {
    Awol.EXTENDS: _S18_4,
    Awol.ENDS_WITH_PERIOD: _S18_5,
    Awol.NOT_APPLICABLE: _PLACE_OF_SAFETY_AWOL,
}
_AWOL_SOURCES_BY_SECTION: dict[Section, Source] = {
    Section.S35: _REMAND_ABSCONDS,
    Section.S36: _REMAND_ABSCONDS,
    Section.S38: _REMAND_ABSCONDS,
}


def awol_source(section: Section, awol: Awol) -> Source | None:
    """Where the absence-without-leave fact of ``section``'s row (``awol``) comes from, or
    ``None`` if not stated."""
    return _AWOL_SOURCES_BY_SECTION.get(section, _AWOL_SOURCES.get(awol))


LEAVE_SECTIONS = frozenset({Section.S2, Section.S3, Section.S37})
"""The sections whose longer-term leave needs a CTO considered first. s17(2A) applies to
leave under s17: Part 2 detention and unrestricted hospital orders (Sch 1 Pt 1 para 1);
Sch 1 Pt 2 para 3(aa) omits it for restricted patients."""
