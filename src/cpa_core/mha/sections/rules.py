"""The section catalogue as data: each section's period, anchor and renewals, and the
changes of section.

* :data:`SECTIONS`: each section's period, anchor, renewals, Part 4, s117, tribunal window
  (s66) and what absence without leave does to it (s18, s21), by regime;
* :data:`CONVERSIONS`: changes of section, including the revocation of a CTO (s17F, s17G).

The values of the catalogue's columns that another part of the Act interprets live with
that part: :class:`~cpa_core.mha.treatment.rules.Part4`,
:class:`~cpa_core.mha.tribunal.rules.Tribunal`, :class:`~cpa_core.mha.absence.rules.Awol`.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.exceptions import UnknownCodeError
from cpa_core.mha.absence.rules import Awol, awol_source
from cpa_core.mha.rules import (
    CTO_START,
    INSERTED_BY_2007,
    MHA_1983_DATE,
    S117,
    Regime,
    Section,
    mha_1983,
    mha_1983_schedule,
    mha_2025,
    regime_row,
)
from cpa_core.mha.treatment.rules import Part4
from cpa_core.mha.tribunal.rules import Tribunal
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = [
    "SECTIONS",
    "Anchor",
    "SectionRow",
    "section_rule",
]

_s = mha_1983

_REF = "cpa_core shared reference, mental-health-act.md"
_NOT_STATED = Source(
    title="Not stated in the cpa_core reference: the Trust must supply this fact",
    publisher="cpa_core",
    locator=_REF,
    evidence=Evidence.UNVERIFIED,
)
_S56_GUARDIANSHIP = _s(
    "s56(1), (5): only s57, and s58A for under-18s, apply to a patient not liable to be detained",
    "56",
)
_S117 = _s(
    "s117(1): detained under s3, a hospital order (s37), a hospital direction (s45A) or a "
    "transfer direction (s47, s48)",
    "117",
)
_S117_NOT = _s("s117(1): not among the sections listed", "117")
_S20_1 = _s("s20(1)", "20")
_S136B = _s("s136(2A), s136B: 24 hours from arrival, extension of up to 12 hours", "136B")
_S20A_1 = _s(
    "s20A(1): six months beginning with the day on which it was made; valid from 2008-11-03",
    "20A",
    version=INSERTED_BY_2007,
)
_S136_2017 = date(2017, 12, 11)
_COUNTED_BY_COURT = Source(
    title="Counting kind not stated: the court fixes each remand or renewal",
    publisher="cpa_core",
    locator=(
        "ss35(7), 36(6), 38(5) give maxima ('28 days at a time', '12 weeks in all', "
        "'twelve months in all'); cpa_core counts them from the London day of the remand or "
        "order, the latest the law allows"
    ),
    evidence=Evidence.UNVERIFIED,
)


class Anchor(enum.Enum):
    """How a section's period is counted from its start."""

    DAYS_BEGINNING_WITH = "days-beginning-with"
    """N days beginning with a London calendar day (that day is day 1)."""
    MONTHS_BEGINNING_WITH = "months-beginning-with"
    """N calendar months beginning with a London calendar day."""
    HOURS_FROM = "hours-from"
    """N hours of real time from an instant, across clock changes."""
    NOT_STATED = "not-stated"
    """The reference states no anchor or period: the Trust tracks expiry locally."""


@attrs.frozen(kw_only=True)
class SectionRow:
    """One section of the catalogue under one regime.

    Attributes:
        section: The section.
        regime: The Act whose text the row states.
        purpose: What the section is for, in a few words.
        anchor: How the period is counted (see :class:`Anchor`).
        anchor_event: The event the period runs from, as the source words it; empty when
            not stated.
        periods: The initial period and the renewal periods, in the anchor's unit. The last
            repeats for every later renewal; a single entry means "not renewable"; empty
            means no period is stated.
        renewable: Whether the authority can be renewed.
        overall_limit_days: Most days the authority may last in all, renewals included
            (s35(7), s36(6): 12 weeks), or ``None``.
        overall_limit_months: Most months the authority may last in all (s38(5): twelve
            months), or ``None``.
        extension_hours: Most hours an extension may add (s136B), or ``None``.
        part4: Whether Part 4 consent to treatment applies.
        s117: Whether detention under the section gives a right to s117 aftercare.
        s132: Which rights duty applies: ``"s132"`` (detained), ``"s132A"`` (CTO) or
            ``"not-stated"``.
        tribunal: When the patient may apply to the tribunal.
        tribunal_days: The application window in days (s66(2)(a)), or ``None``.
        tribunal_months: The eligibility periods in months (the last repeats), or empty.
        awol: What absence without leave does to the authority (s18, s21).
        source: Where the duration, renewal and anchor facts come from.
        anchor_source: Where the anchor comes from, when it differs from ``source``.
        effective: When the row is in force.
    """

    section: Section
    regime: Regime = Regime.MHA_1983
    purpose: str
    anchor: Anchor
    anchor_event: str = ""
    periods: tuple[int, ...] = ()
    renewable: bool = False
    overall_limit_days: int | None = None
    overall_limit_months: int | None = None
    extension_hours: int | None = None
    part4: Part4
    s117: S117
    s132: str = "s132"
    tribunal: Tribunal = Tribunal.NOT_STATED
    tribunal_days: int | None = None
    tribunal_months: tuple[int, ...] = ()
    awol: Awol = Awol.NOT_STATED
    source: Source
    anchor_source: Source | None = None
    effective: Effective

    @property
    def anchor_evidence(self) -> Evidence:
        """The evidence grade of the anchor and period: the weaker of the two sources."""
        grades = [self.source.evidence]
        if self.anchor_source is not None:
            grades.append(self.anchor_source.evidence)
        order = (Evidence.UNVERIFIED, Evidence.SECONDARY, Evidence.VERIFIED)
        return min(grades, key=order.index)

    @property
    def verified(self) -> bool:
        """Whether the period and its anchor are both verified (findings may be errors)."""
        return self.anchor_evidence is Evidence.VERIFIED

    @property
    def computable(self) -> bool:
        """Whether cpa_core can compute this section's expiry at all."""
        return self.anchor is not Anchor.NOT_STATED and bool(self.periods)

    @property
    def awol_source(self) -> Source | None:
        """Where the row's absence-without-leave fact comes from, or ``None`` if not stated."""
        return awol_source(self.section, self.awol)

    def period_length(self, index: int) -> int:
        """The length of period ``index`` (0 = the first), in the anchor's unit.

        Raises:
            UnknownCodeError: The section has no stated period.
        """
        if not self.periods:
            raise UnknownCodeError("MHA sections", self.section.value, detail="no period stated")
        return self.periods[min(index, len(self.periods) - 1)]


def _untracked(
    section: Section,
    purpose: str,
    *,
    part4: Part4,
    s117: S117,
    source: Source,
    s132: str = "s132",
) -> SectionRow:
    """A catalogue row for a section whose period the reference does not state."""
    return SectionRow(
        section=section,
        purpose=purpose,
        anchor=Anchor.NOT_STATED,
        part4=part4,
        s117=s117,
        s132=s132,
        source=source,
        anchor_source=_NOT_STATED,
        effective=Effective(MHA_1983_DATE),
    )


_S3_1983 = SectionRow(
    section=Section.S3,
    purpose="admission for treatment",
    anchor=Anchor.MONTHS_BEGINNING_WITH,
    anchor_event="the day of admission",
    periods=(6, 6, 12),
    renewable=True,
    part4=Part4.APPLIES,
    s117=S117.ELIGIBLE,
    tribunal=Tribunal.ONCE_PER_PERIOD,
    tribunal_months=(6, 6, 12),
    awol=Awol.EXTENDS,
    source=_s("s20(1)-(2); s66(1)(b), (f), (2)(b), (f)", "20"),
    anchor_source=_S20_1,
    effective=Effective(MHA_1983_DATE),
)
_S2_1983 = SectionRow(
    section=Section.S2,
    purpose="admission for assessment",
    anchor=Anchor.DAYS_BEGINNING_WITH,
    anchor_event="the day of admission",
    periods=(28,),
    part4=Part4.APPLIES,
    s117=S117.NOT_ELIGIBLE,
    tribunal=Tribunal.WITHIN_DAYS,
    tribunal_days=14,
    awol=Awol.ENDS_WITH_PERIOD,
    source=_s("s2(4); s66(1)(a), (2)(a); s18(5)", "2"),
    effective=Effective(MHA_1983_DATE),
)
_S4_1983 = SectionRow(
    section=Section.S4,
    purpose="emergency admission for assessment",
    anchor=Anchor.HOURS_FROM,
    anchor_event="the time the patient is admitted to the hospital",
    periods=(72,),
    part4=Part4.DOES_NOT_APPLY,
    s117=S117.NOT_ELIGIBLE,
    # s4(1): an emergency application is an application for admission for assessment, so
    # s66(1)(a) and (2)(a) give it the 14 days of an s2.
    tribunal=Tribunal.WITHIN_DAYS,
    tribunal_days=14,
    awol=Awol.ENDS_WITH_PERIOD,
    source=_s("s4(1), (4); s66(1)(a), (2)(a); s56(3)(a); s18(5)", "4"),
    effective=Effective(MHA_1983_DATE),
)
_CTO_1983 = SectionRow(
    section=Section.CTO,
    purpose="community treatment order (supervised community treatment)",
    anchor=Anchor.MONTHS_BEGINNING_WITH,
    anchor_event="the day the order is made",
    periods=(6, 6, 12),
    renewable=True,
    part4=Part4.PART_4A,
    # s117(2): the duty cannot end "in the case of a community patient while he remains
    # such a patient"; a CTO follows only detention under s3 or a Part 3 order (s17A(2)).
    s117=S117.ELIGIBLE,
    s132="s132A",
    tribunal=Tribunal.ONCE_PER_PERIOD,
    tribunal_months=(6, 6, 12),
    awol=Awol.EXTENDS,
    source=_s("s17A, s20A(1), (3); s66(1)(ca), (fza); s117(2)", "20A", version=INSERTED_BY_2007),
    anchor_source=_S20A_1,
    effective=Effective(CTO_START),
)


def _remand(
    section: Section,
    purpose: str,
    periods: tuple[int, ...],
    part4: Part4,
    locator: str,
    *,
    limit_days: int | None = None,
    limit_months: int | None = None,
) -> SectionRow:
    """A catalogue row for a court's remand or interim order: renewed by the court a period
    at a time, up to a limit in all."""
    return SectionRow(
        section=section,
        purpose=purpose,
        anchor=Anchor.DAYS_BEGINNING_WITH,
        anchor_event="the day of the remand or order",
        periods=periods,
        renewable=True,
        overall_limit_days=limit_days,
        overall_limit_months=limit_months,
        part4=part4,
        s117=S117.NOT_ELIGIBLE,
        awol=Awol.NOT_APPLICABLE,
        source=_s(locator, section.value.removeprefix("s")),
        anchor_source=_COUNTED_BY_COURT,
        effective=Effective(MHA_1983_DATE),
    )


# Sections whose period the reference does not state, cited from s117(1) alone:
# (section, purpose, Part 4, whether s117(1) lists it).
_UNSTATED_PERIODS: tuple[tuple[Section, str, Part4, bool], ...] = (
    (Section.S44, "committal to hospital", Part4.APPLIES, False),
    (Section.S45A, "hospital and limitation directions", Part4.APPLIES, True),
    (Section.S46, "(MHSDS legacy status)", Part4.NOT_STATED, False),
    (Section.S47, "transfer of a sentenced prisoner", Part4.APPLIES, True),
    (Section.S47_49, "transfer of a sentenced prisoner, with restrictions", Part4.APPLIES, True),
    (Section.S48, "transfer of an unsentenced prisoner", Part4.APPLIES, True),
    (Section.S48_49, "transfer of an unsentenced prisoner, with restrictions", Part4.APPLIES, True),
)


SECTIONS: RuleTable[Section, SectionRow] = RuleTable(
    "MHA sections",
    (
        _S2_1983,
        attrs.evolve(
            _S2_1983,
            regime=Regime.MHA_2025,
            tribunal_days=21,
            source=mha_2025("s30(1)(a): s66(2)(a) 14 days become 21", "30"),
            effective=Effective(None),
        ),
        _S3_1983,
        attrs.evolve(
            _S3_1983,
            regime=Regime.MHA_2025,
            periods=(3, 3, 6, 12),
            tribunal_months=(3, 3, 6, 12),
            source=mha_2025(
                "s29(3): s20(1)(a), (2) three months, three, six, then a year; s30(1)(b): "
                "s66(2)(b) three months",
                "29",
            ),
            anchor_source=mha_2025(
                "s29(3): three months beginning with the day of admission", "29"
            ),
            effective=Effective(None),
        ),
        _S4_1983,
        attrs.evolve(
            _S4_1983,
            regime=Regime.MHA_2025,
            tribunal_days=21,
            source=mha_2025("s30(1)(a): s66(2)(a) 14 days become 21", "30"),
            effective=Effective(None),
        ),
        SectionRow(
            section=Section.S5_2,
            purpose="doctor's or approved clinician's holding power (in-patients)",
            anchor=Anchor.HOURS_FROM,
            anchor_event="the time the report is furnished",
            periods=(72,),
            part4=Part4.DOES_NOT_APPLY,
            s117=S117.NOT_ELIGIBLE,
            awol=Awol.ENDS_WITH_PERIOD,
            source=_s("s5(2); s56(3)(b); s18(5)", "5"),
            effective=Effective(MHA_1983_DATE),
        ),
        SectionRow(
            section=Section.S5_4,
            purpose="nurse's holding power (ends earlier if the doctor arrives)",
            anchor=Anchor.HOURS_FROM,
            anchor_event="the time the nurse records it",
            periods=(6,),
            part4=Part4.DOES_NOT_APPLY,
            s117=S117.NOT_ELIGIBLE,
            awol=Awol.ENDS_WITH_PERIOD,
            source=_s("s5(4); s56(3)(b); s18(5)", "5"),
            effective=Effective(MHA_1983_DATE),
        ),
        SectionRow(
            section=Section.S7,
            purpose="guardianship (age 16+)",
            anchor=Anchor.MONTHS_BEGINNING_WITH,
            anchor_event="the day the guardianship application was accepted",
            periods=(6, 6, 12),
            renewable=True,
            part4=Part4.S57_AND_S58A_UNDER_18,
            s117=S117.NOT_ELIGIBLE,
            s132="not-stated",
            tribunal=Tribunal.ONCE_PER_PERIOD,
            tribunal_months=(6, 6, 12),
            awol=Awol.EXTENDS,
            source=_s("s7, s20(1)-(2); s56(1), (5); s117(1); s18(3)", "20"),
            anchor_source=_S20_1,
            effective=Effective(MHA_1983_DATE),
        ),
        _CTO_1983,
        _remand(
            Section.S35,
            "remand to hospital for report",
            (28, 28),
            Part4.DOES_NOT_APPLY,
            "s35(7): 28 days at a time, 12 weeks in all; s56(3)(b); s117(1)",
            limit_days=84,
        ),
        _remand(
            Section.S36,
            "remand to hospital for treatment",
            (28, 28),
            Part4.APPLIES,
            "s36(6): 28 days at a time, 12 weeks in all; s56(3); s117(1)",
            limit_days=84,
        ),
        SectionRow(
            section=Section.S37,
            purpose="hospital order (court)",
            anchor=Anchor.MONTHS_BEGINNING_WITH,
            anchor_event="the date of the order",
            periods=(6, 6, 12),
            renewable=True,
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            tribunal=Tribunal.NOT_FIRST_PERIOD,
            tribunal_months=(6, 6, 12),
            awol=Awol.EXTENDS,
            source=mha_1983_schedule(
                "s40(4); Sch 1 Pt 1 paras 1, 2, 6 (s20 from the date of the order), 9 (no "
                "s66(1)(b) application)",
                "1",
            ),
            effective=Effective(MHA_1983_DATE),
        ),
        _untracked(
            Section.S37_41,
            "hospital order with restrictions",
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            source=_S117,
        ),
        _untracked(
            Section.S37_GUARDIANSHIP,
            "guardianship order (court)",
            part4=Part4.S57_AND_S58A_UNDER_18,
            s117=S117.NOT_ELIGIBLE,
            s132="not-stated",
            source=_S56_GUARDIANSHIP,
        ),
        _remand(
            Section.S38,
            "interim hospital order",
            (84, 28),
            Part4.APPLIES,
            "s38(5): up to 12 weeks, then 28 days at a time, twelve months in all; s56(3); s117(1)",
            limit_months=12,
        ),
        *(
            _untracked(
                section,
                purpose,
                part4=part4,
                s117=S117.ELIGIBLE if listed else S117.NOT_ELIGIBLE,
                source=_S117 if listed else _S117_NOT,
            )
            for section, purpose, part4, listed in _UNSTATED_PERIODS
        ),
        SectionRow(
            section=Section.S135,
            purpose="warrant to enter and remove to a place of safety",
            anchor=Anchor.HOURS_FROM,
            anchor_event=(
                "arrival at the place of safety (or the constable's first entry, when kept "
                "at the premises)"
            ),
            periods=(24,),
            extension_hours=12,
            part4=Part4.DOES_NOT_APPLY,
            s117=S117.NOT_ELIGIBLE,
            awol=Awol.NOT_APPLICABLE,
            source=_s("s135(3), (3ZA); s136B; s56(3)(b); s117(1)", "135"),
            effective=Effective(_S136_2017),
        ),
        SectionRow(
            section=Section.S136,
            purpose="police removal to a place of safety",
            anchor=Anchor.HOURS_FROM,
            anchor_event="arrival at (or keeping at) the place of safety",
            periods=(24,),
            extension_hours=12,
            part4=Part4.DOES_NOT_APPLY,
            s117=S117.NOT_ELIGIBLE,
            awol=Awol.NOT_APPLICABLE,
            source=_S136B,
            effective=Effective(_S136_2017),
        ),
    ),
    key=lambda row: row.section,
    description=(
        "Mental Health Act sections: period, anchor, renewals, limits, Part 4, s117, tribunal "
        "eligibility and absence without leave, by regime."
    ),
)
"""The section catalogue, keyed by :class:`Section`."""


def section_rule(section: Section, as_of: date, *, mha2025: bool = False) -> SectionRow:
    """The catalogue row for ``section`` on ``as_of``.

    Args:
        section: The section.
        as_of: The day whose law applies (usually the day the period started).
        mha2025: Treat the not-yet-commenced MHA 2025 rows as in force (testing only;
            :attr:`cpa_core.policy.mha.MhaPolicy.mha2025_in_force_for_testing`).

    Raises:
        UnknownCodeError: No row for ``section`` is in force on ``as_of``.
    """
    return regime_row(SECTIONS, section, as_of, mha2025)
