"""The Mental Health Act rules as data: sections, conversions, references, events, codes.

Every number of law lives in a row here, with its :class:`~cpa_core.provenance.Source` and
its :class:`~cpa_core.provenance.Effective` range, so that a change in the law is a new row
with a date, not a code change. Where neither the shared reference nor the statute text
states a fact, the row leaves it empty (``None`` or a ``NOT_STATED`` member): cpa_core then
computes nothing for it and the Trust must track it locally. Nothing here is filled from
memory: statute rows cite the section of the Mental Health Act 1983 on legislation.gov.uk
whose text they encode.

Tables:

* :data:`SECTIONS`: each section's period, anchor, renewals, Part 4, s117, tribunal window
  (s66) and what absence without leave does to it (s18, s21);
* :data:`CONVERSIONS`: changes of section, including the revocation of a CTO (s17F, s17G);
* :data:`REFERENCES`: the hospital managers' duties to refer a case to the tribunal (s68);
* :data:`STATUTORY_PERIODS`: the periods of leave (s17), absence without leave (s18, s21,
  s21A, s21B), CTO recall (s17F, s21(4)) and consent to treatment (s58, s64B);
* :data:`CONSULTEE_ROLES` and :data:`LEGAL_STATUS_CODES`.

The Mental Health Act 2025 rows (s3 periods, tribunal windows, managers' references, the
s58 two months, the nominated person) are rows with ``Effective(start=None)``: enacted, not
commenced. The lookups here treat them as in force only when
:attr:`cpa_core.policy.mha.MhaPolicy.mha2025_in_force_for_testing` is switched on, and then
all of them together.
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from datetime import date
from typing import Protocol, TypeVar

import attrs

from cpa_core.exceptions import UnknownCodeError
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = [
    "CONSULTEE_ROLES",
    "CONVERSIONS",
    "LEGAL_STATUS_CODES",
    "MHA_1983_DATE",
    "REFERENCES",
    "S117",
    "SECTIONS",
    "STATUTORY_PERIODS",
    "Anchor",
    "ApplicableDay",
    "Awol",
    "ConsulteeRow",
    "ConversionRow",
    "Counting",
    "LegalStatusCodeRow",
    "Part4",
    "ReferenceKind",
    "ReferenceRow",
    "Regime",
    "Section",
    "SectionRow",
    "StatutoryPeriodRow",
    "Tribunal",
    "Unit",
    "codes_for_section",
    "consultee_role",
    "conversion_rule",
    "mha_1983",
    "reference_rule",
    "section_for_code",
    "section_rule",
    "statutory_period",
]

MHA_1983_DATE = date(1983, 9, 30)
"""The Mental Health Act 1983's commencement, the start of its rows' ``Effective``.

s149(2): "this Act shall come into force on 30th September 1983" (legislation.gov.uk revised
text). The catalogue does not model the Act's amendment history before its present text:
rows of the original Act run from this date, and rows inserted later (CTOs, the 2017
place-of-safety periods) from the date the reference or a cited source gives for the
insertion.
"""

_REVISED = "revised text, updated 2025-03-25"
_BY_2007 = "as inserted by the Mental Health Act 2007, s32 (the 2007 Act as enacted)"
_BY_1995 = (
    "as inserted or substituted by the Mental Health (Patients in the Community) Act 1995, s2"
)
_ACT_URL = "https://www.legislation.gov.uk/ukpga/1983/20"


def _act(locator: str, page: str, *, version: str = _REVISED) -> Source:
    return Source(
        title="Mental Health Act 1983",
        publisher="legislation.gov.uk",
        locator=locator,
        version=version,
        url=f"{_ACT_URL}/{page}",
    )


def mha_1983(locator: str, section: str, *, version: str = _REVISED) -> Source:
    """The source of a fact of the Mental Health Act 1983: its section page on
    legislation.gov.uk (``section`` is ``"68"``, ``"21B"``), ``locator`` naming the
    subsection and ``version`` the text the row states."""
    return _act(locator, f"section/{section}", version=version)


_s = mha_1983


def _mha2025(locator: str, section: str) -> Source:
    return Source(
        title="Mental Health Act 2025",
        publisher="legislation.gov.uk",
        locator=locator,
        version="Royal Assent 2025-12-18; not commenced (s56(3): by regulations)",
        url=f"https://www.legislation.gov.uk/ukpga/2025/33/section/{section}",
    )


_REF = "cpa_core shared reference, mental-health-act.md"
_NOT_STATED = Source(
    title="Not stated in the cpa_core reference: the Trust must supply this fact",
    publisher="cpa_core",
    locator=_REF,
    evidence=Evidence.UNVERIFIED,
)
_S56 = _s("s56(1)-(5): Part 4 applies to patients liable to be detained, with exceptions", "56")
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
# s20A "Valid from 03/11/2008" on legislation.gov.uk: the day supervised community treatment
# (ss17A-17G, 20A) came into force.
_CTO_START = date(2008, 11, 3)
_S20A_1 = _s(
    "s20A(1): six months beginning with the day on which it was made; valid from 2008-11-03",
    "20A",
    version=_BY_2007,
)
_S136_2017 = date(2017, 12, 11)
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


class Regime(enum.Enum):
    """Which Act's text a row states."""

    MHA_1983 = "mha-1983"
    """The Mental Health Act 1983 as amended, the live regime."""
    MHA_2025 = "mha-2025"
    """The 1983 Act as amended by the Mental Health Act 2025, once commenced."""


class Section(enum.Enum):
    """A legal status under the Mental Health Act 1983 (or a related status in MHSDS)."""

    S2 = "s2"
    """Admission for assessment (section 2; MHSDS legal status 02)."""
    S3 = "s3"
    """Admission for treatment (section 3; MHSDS legal status 03)."""
    S4 = "s4"
    """Emergency admission for assessment (section 4; MHSDS legal status 04)."""
    S5_2 = "s5-2"
    """Holding power of the doctor or approved clinician in charge of an in-patient (section 5(2);
    MHSDS legal status 05)."""
    S5_4 = "s5-4"
    """Holding power of a mental health or learning disability nurse (section 5(4); MHSDS legal
    status 06)."""
    S7 = "s7"
    """Guardianship (section 7; MHSDS legal status 35)."""
    CTO = "s17a"
    """Community treatment order (section 17A; supervised community treatment)."""
    S35 = "s35"
    """Remand to hospital for a report on an accused person's mental condition (section 35; MHSDS
    legal status 07)."""
    S36 = "s36"
    """Remand of an accused person to hospital for treatment (section 36; MHSDS legal status 08)."""
    S37 = "s37"
    """Hospital order made by a court (section 37; MHSDS legal status 10)."""
    S37_41 = "s37-41"
    """Section 37 with section 41 restrictions (MHSDS legal status 09)."""
    S37_GUARDIANSHIP = "s37-guardianship"
    """Section 37 guardianship order (MHSDS legal status 36)."""
    S38 = "s38"
    """Interim hospital order (section 38; MHSDS legal status 12)."""
    S44 = "s44"
    """Section 44 (MHSDS legal status 13)."""
    S45A = "s45a"
    """Hospital and limitation directions (section 45A; MHSDS legal status 37 while the limitation
    direction is in force, 38 after it ends)."""
    S46 = "s46"
    """Section 46 (MHSDS legal status 14)."""
    S47 = "s47"
    """Transfer to hospital of a person serving a sentence of imprisonment (section 47; MHSDS legal
    status 16)."""
    S47_49 = "s47-49"
    """Section 47 with section 49 restrictions (MHSDS legal status 15)."""
    S48 = "s48"
    """Transfer to hospital of other prisoners (section 48; MHSDS legal status 18)."""
    S48_49 = "s48-49"
    """Section 48 with section 49 restrictions (MHSDS legal status 17)."""
    S135 = "s135-1"
    """Warrant to enter premises and remove a person to a place of safety (section 135(1); MHSDS
    legal status 19)."""
    S136 = "s136"
    """Removal by the police to a place of safety (section 136; MHSDS legal status 20)."""

    @property
    def label(self) -> str:
        """How people write the section: ``s5(2)``, ``s37/41``, ``s17A CTO``."""
        return _LABELS.get(self, self.value)


_LABELS = {
    Section.S5_2: "s5(2)",
    Section.S5_4: "s5(4)",
    Section.CTO: "s17A CTO",
    Section.S37_41: "s37/41",
    Section.S37_GUARDIANSHIP: "s37 guardianship",
    Section.S45A: "s45A",
    Section.S47_49: "s47/49",
    Section.S48_49: "s48/49",
    Section.S135: "s135(1)",
}


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


class Part4(enum.Enum):
    """Whether Part 4 (consent to treatment, including s58) applies under a section (s56)."""

    APPLIES = "applies"
    DOES_NOT_APPLY = "does-not-apply"
    PART_4A = "part-4a"
    """Community patients (CTO): Part 4A while not recalled; Part 4 when recalled (s56(4))."""
    S57_AND_S58A_UNDER_18 = "s57-and-s58a-under-18"
    """Not liable to be detained (guardianship): only s57, and s58A for under-18s (s56)."""
    NOT_STATED = "not-stated"


class S117(enum.Enum):
    """Whether detention under a section gives a right to s117 aftercare."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not-eligible"
    NOT_STATED = "not-stated"


class Tribunal(enum.Enum):
    """When a patient may apply to the First-tier Tribunal (s66)."""

    WITHIN_DAYS = "within-days"
    """Within the first ``tribunal_days`` days beginning with admission (s2, s4)."""
    ONCE_PER_PERIOD = "once-per-period"
    """Once in each eligibility period (``tribunal_months``)."""
    NOT_FIRST_PERIOD = "not-first-period"
    """Not in the first eligibility period, then once in each (s37: Sch 1 Pt 1 para 9)."""
    NOT_STATED = "not-stated"


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
        return _AWOL_SOURCES_BY_SECTION.get(self.section, _AWOL_SOURCES.get(self.awol))

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
    source: Source = _NOT_STATED,
    s132: str = "s132",
    awol: Awol = Awol.NOT_STATED,
) -> SectionRow:
    """A catalogue row for a section whose period the reference does not state."""
    return SectionRow(
        section=section,
        purpose=purpose,
        anchor=Anchor.NOT_STATED,
        part4=part4,
        s117=s117,
        s132=s132,
        awol=awol,
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
    source=_s("s17A, s20A(1), (3); s66(1)(ca), (fza); s117(2)", "20A", version=_BY_2007),
    anchor_source=_S20A_1,
    effective=Effective(_CTO_START),
)


def _remand(
    section: Section, purpose: str, periods: tuple[int, ...], part4: Part4, locator: str
) -> SectionRow:
    return SectionRow(
        section=section,
        purpose=purpose,
        anchor=Anchor.DAYS_BEGINNING_WITH,
        anchor_event="the day of the remand or order",
        periods=periods,
        renewable=True,
        overall_limit_days=84 if section is not Section.S38 else None,
        overall_limit_months=12 if section is Section.S38 else None,
        part4=part4,
        s117=S117.NOT_ELIGIBLE,
        awol=Awol.NOT_APPLICABLE,
        source=_s(locator, section.value.removeprefix("s")),
        anchor_source=_COUNTED_BY_COURT,
        effective=Effective(MHA_1983_DATE),
    )


SECTIONS: RuleTable[Section, SectionRow] = RuleTable(
    "MHA sections",
    (
        _S2_1983,
        attrs.evolve(
            _S2_1983,
            regime=Regime.MHA_2025,
            tribunal_days=21,
            source=_mha2025("s30(1)(a): s66(2)(a) 14 days become 21", "30"),
            effective=Effective(None),
        ),
        _S3_1983,
        attrs.evolve(
            _S3_1983,
            regime=Regime.MHA_2025,
            periods=(3, 3, 6, 12),
            tribunal_months=(3, 3, 6, 12),
            source=_mha2025(
                "s29(3): s20(1)(a), (2) three months, three, six, then a year; s30(1)(b): "
                "s66(2)(b) three months",
                "29",
            ),
            anchor_source=_mha2025(
                "s29(3): three months beginning with the day of admission", "29"
            ),
            effective=Effective(None),
        ),
        _S4_1983,
        attrs.evolve(
            _S4_1983,
            regime=Regime.MHA_2025,
            tribunal_days=21,
            source=_mha2025("s30(1)(a): s66(2)(a) 14 days become 21", "30"),
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
        ),
        _remand(
            Section.S36,
            "remand to hospital for treatment",
            (28, 28),
            Part4.APPLIES,
            "s36(6): 28 days at a time, 12 weeks in all; s56(3); s117(1)",
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
            source=_act(
                "s40(4); Sch 1 Pt 1 paras 1, 2, 6 (s20 from the date of the order), 9 (no "
                "s66(1)(b) application)",
                "schedule/1",
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
        ),
        _untracked(
            Section.S44,
            "committal to hospital",
            part4=Part4.APPLIES,
            s117=S117.NOT_ELIGIBLE,
            source=_S117_NOT,
        ),
        _untracked(
            Section.S45A,
            "hospital and limitation directions",
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            source=_S117,
        ),
        _untracked(
            Section.S46,
            "(MHSDS legacy status)",
            part4=Part4.NOT_STATED,
            s117=S117.NOT_ELIGIBLE,
            source=_S117_NOT,
        ),
        _untracked(
            Section.S47,
            "transfer of a sentenced prisoner",
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            source=_S117,
        ),
        _untracked(
            Section.S47_49,
            "transfer of a sentenced prisoner, with restrictions",
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            source=_S117,
        ),
        _untracked(
            Section.S48,
            "transfer of an unsentenced prisoner",
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            source=_S117,
        ),
        _untracked(
            Section.S48_49,
            "transfer of an unsentenced prisoner, with restrictions",
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            source=_S117,
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

K = TypeVar("K", bound=Hashable)


class _RegimeRow(Protocol):
    @property
    def regime(self) -> Regime: ...

    @property
    def source(self) -> Source: ...

    @property
    def effective(self) -> Effective: ...


R = TypeVar("R", bound=_RegimeRow)


def _lookup(table: RuleTable[K, R], key: K, as_of: date, mha2025: bool) -> R:
    """The row in force on ``as_of``; with ``mha2025``, the enacted MHA 2025 row if any."""
    if mha2025:
        for row in table.versions(key):
            if row.regime is Regime.MHA_2025 and not row.effective.commenced:
                return row
    return table.lookup(key, as_of)


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
    return _lookup(SECTIONS, section, as_of, mha2025)


@attrs.frozen(kw_only=True)
class ConversionRow:
    """One change of section the catalogue knows about.

    Attributes:
        key: ``"FROM>TO"`` section values, e.g. ``"s4>s2"``.
        allowed: Whether the law allows the change.
        keeps_start: Whether the new section's period counts from the old one's start.
        note: What the source says.
        source: The source.
        effective: When the row is in force.
    """

    key: str
    allowed: bool
    keeps_start: bool = False
    note: str
    source: Source
    effective: Effective


def _pair(old: Section, new: Section) -> str:
    return f"{old.value}>{new.value}"


_S4_SOURCE = _s("s4(4): the second recommendation given and received within 72 hours", "4")
_CTO_SOURCE = _s(
    "s17A(1)-(2): a detained patient liable to be detained under an application for "
    "admission for treatment (or a Part 3 order, Sch 1 Pt 1 para 1)",
    "17A",
    version=_BY_2007,
)
_CTO_NOTE = "a CTO may follow detention for treatment (s3, unrestricted Part 3)"
_NOT_CTO_NOTE = "a CTO cannot follow detention for assessment"

CONVERSIONS: RuleTable[str, ConversionRow] = RuleTable(
    "MHA changes of section",
    (
        ConversionRow(
            key=_pair(Section.S4, Section.S2),
            allowed=True,
            keeps_start=True,
            note="the second recommendation converts s4 to s2, starting when s4 began",
            source=_S4_SOURCE,
            effective=Effective(MHA_1983_DATE),
        ),
        ConversionRow(
            # Not in the reference; s5(5): "where a record is made under that subsection the
            # period mentioned in subsection (2) above shall begin at the time when it is
            # made" (the revised text on legislation.gov.uk).
            key=_pair(Section.S5_4, Section.S5_2),
            allowed=True,
            keeps_start=True,
            note="after a nurse's record, the 72 hours of s5(2) begin when the record was made",
            source=_s("s5(5)", "5"),
            effective=Effective(MHA_1983_DATE),
        ),
        ConversionRow(
            key=_pair(Section.S2, Section.S3),
            allowed=True,
            note="an application for treatment while liable to detention under s2 (s5(1))",
            source=_s("s5(1), s6(4)", "5"),
            effective=Effective(MHA_1983_DATE),
        ),
        *(
            ConversionRow(
                key=_pair(old, Section.CTO),
                allowed=True,
                note=_CTO_NOTE,
                source=_CTO_SOURCE,
                effective=Effective(_CTO_START),
            )
            for old in (Section.S3, Section.S37, Section.S47, Section.S48)
        ),
        ConversionRow(
            key=_pair(Section.CTO, Section.S3),
            allowed=True,
            note=(
                "revocation of the CTO (s17F(4)): s20 applies as if admitted on the day of "
                "revocation (s17G(5)), so a new period begins with that day"
            ),
            source=_s("s17F(4), s17G(5)", "17G", version=_BY_2007),
            effective=Effective(_CTO_START),
        ),
        *(
            ConversionRow(
                key=_pair(old, Section.CTO),
                allowed=False,
                note=_NOT_CTO_NOTE,
                source=_CTO_SOURCE,
                effective=Effective(_CTO_START),
            )
            for old in (Section.S2, Section.S4)
        ),
    ),
    key=lambda row: row.key,
    description=(
        "Changes of section: whether allowed and whether the new period keeps the old start."
    ),
)
"""Known changes of section, keyed by ``"FROM>TO"``."""


def conversion_rule(old: Section, new: Section, as_of: date) -> ConversionRow | None:
    """The catalogue row for a change from ``old`` to ``new`` on ``as_of``, if any."""
    return CONVERSIONS.find(_pair(old, new), as_of)


@attrs.frozen(kw_only=True)
class ConsulteeRow:
    """Who represents the patient's family interest under a regime.

    Attributes:
        key: Always ``"patient-representative"``.
        role: ``"nearest relative"`` (s26) or ``"nominated person"`` (MHA 2025).
        regime: The regime.
        source: The source.
        effective: When the row is in force.
    """

    key: str = "patient-representative"
    role: str
    regime: Regime
    source: Source
    effective: Effective


CONSULTEE_ROLES: RuleTable[str, ConsulteeRow] = RuleTable(
    "MHA patient representative",
    (
        ConsulteeRow(
            role="nearest relative",
            regime=Regime.MHA_1983,
            source=_s("s26(1)-(7): the nearest relative", "26"),
            effective=Effective(MHA_1983_DATE),
        ),
        ConsulteeRow(
            role="nominated person",
            regime=Regime.MHA_2025,
            source=_mha2025("s24, Sch 2: a nominated person chosen by the patient", "24"),
            effective=Effective(None),
        ),
    ),
    key=lambda row: row.key,
    description=(
        "The nearest relative (MHA 1983) and the nominated person (MHA 2025, not commenced)."
    ),
)
"""Who represents the patient: nearest relative now, nominated person once commenced."""


def consultee_role(as_of: date, *, mha2025: bool = False) -> ConsulteeRow:
    """The patient-representative row in force on ``as_of`` (see :func:`section_rule`)."""
    return _lookup(CONSULTEE_ROLES, "patient-representative", as_of, mha2025)


@attrs.frozen(kw_only=True)
class LegalStatusCodeRow:
    """One MHSDS Mental Health Act legal status classification code.

    Attributes:
        code: The two-character code, zero-padded (``"02"``).
        meaning: The NHS Data Dictionary meaning (shortened).
        section: The catalogue section the code stands for, or ``None`` (informal, other
            Acts, not applicable, not known, or a retired status with no section).
        retired: Whether the code is retired (not accepted by the MHSDS v5 derivation).
        source: The source.
        effective: When the code is in use (retired codes carry no verified dates).
    """

    code: str
    meaning: str
    section: Section | None
    retired: bool = False
    source: Source
    effective: Effective


_DD = Source(
    title="MENTAL HEALTH ACT LEGAL STATUS CLASSIFICATION CODE",
    publisher="NHS England Data Dictionary (UK Core CodeSystem "
    "UKCore-LegalStatusClassificationEngland v1.0.1)",
    locator="code list",
    version="copied 2021-11-18",
    url="https://datadictionary.nhs.uk/data_elements/mental_health_act_legal_status_classification_code.html",
)
_DD_RETIRED = attrs.evolve(
    _DD, locator="retired codes (HES-style lookup)", evidence=Evidence.UNVERIFIED
)
# The catalogue needs a start for every row; the reference dates the current list only by its
# copy, so current codes are in force from that date and retired ones are recorded as
# enacted-not-in-force rows (their real dates are unknown).
_DD_FROM = date(2021, 11, 18)

_CODES: tuple[tuple[str, str, Section | None], ...] = (
    ("01", "Informal", None),
    ("02", "s2", Section.S2),
    ("03", "s3", Section.S3),
    ("04", "s4", Section.S4),
    ("05", "s5(2)", Section.S5_2),
    ("06", "s5(4)", Section.S5_4),
    ("07", "s35", Section.S35),
    ("08", "s36", Section.S36),
    ("09", "s37 with section 41 restrictions", Section.S37_41),
    ("10", "s37", Section.S37),
    ("12", "s38", Section.S38),
    ("13", "s44", Section.S44),
    ("14", "s46", Section.S46),
    ("15", "s47 with section 49 restrictions", Section.S47_49),
    ("16", "s47", Section.S47),
    ("17", "s48 with section 49 restrictions", Section.S48_49),
    ("18", "s48", Section.S48),
    ("19", "s135", Section.S135),
    ("20", "s136", Section.S136),
    ("31", "Criminal Procedure (Insanity) Act 1964 as amended 1991", None),
    ("32", "Formally detained under other acts", None),
    ("35", "Subject to guardianship under MHA s7", Section.S7),
    ("36", "Subject to guardianship under MHA s37", Section.S37_GUARDIANSHIP),
    ("37", "s45A (limitation direction in force)", Section.S45A),
    ("38", "s45A (limitation direction ended)", Section.S45A),
    ("98", "Not Applicable", None),
    ("99", "Not Known", None),
)
_RETIRED: tuple[tuple[str, str, Section | None], ...] = (
    ("11", "s37(4) (retired)", None),
    ("33", "Supervised Discharge (retired; abolished by MHA 2007)", None),
    ("34", "s45A before the 37/38 split (retired)", Section.S45A),
)

LEGAL_STATUS_CODES: RuleTable[str, LegalStatusCodeRow] = RuleTable(
    "MHSDS legal status codes",
    (
        *(
            LegalStatusCodeRow(
                code=code,
                meaning=meaning,
                section=section,
                source=_DD,
                effective=Effective(_DD_FROM),
            )
            for code, meaning, section in _CODES
        ),
        *(
            LegalStatusCodeRow(
                code=code,
                meaning=meaning,
                section=section,
                retired=True,
                source=_DD_RETIRED,
                effective=Effective(None),
            )
            for code, meaning, section in _RETIRED
        ),
    ),
    key=lambda row: row.code,
    description=(
        "MHSDS legal status classification codes (MHS401 LegalStatusCode) and their sections."
    ),
)
"""MHSDS legal status codes, keyed by the zero-padded code string."""


def section_for_code(code: str, as_of: date) -> Section | None:
    """The catalogue section an MHSDS legal status code stands for.

    ``None`` for statuses with no section (01 informal, 31, 32, 98, 99).

    Raises:
        UnknownCodeError: The code is not a current code on ``as_of`` (retired codes
            included: they have no verified dates).
    """
    return LEGAL_STATUS_CODES.lookup(code, as_of).section


def codes_for_section(section: Section, *, include_retired: bool = False) -> tuple[str, ...]:
    """The MHSDS codes for ``section``, current codes first.

    A CTO has no code of its own: MHSDS records the suspended section (NHS England quick
    guide), so ``codes_for_section(Section.CTO)`` is empty and the caller reports the code of
    the section the CTO followed.
    """
    return tuple(
        row.code
        for row in LEGAL_STATUS_CODES
        if row.section is section and (include_retired or not row.retired)
    )


class ReferenceKind(enum.Enum):
    """Which of the hospital managers' duties to refer a case to the tribunal (s68)."""

    ASSESSMENT = "s68-1-a"
    """A patient admitted under an application for admission for assessment (s2, s4)."""
    TREATMENT = "s68-1-b"
    """A patient admitted under an application for admission for treatment (s3)."""
    COMMUNITY = "s68-1-c"
    """A community patient (CTO)."""
    REVOKED = "s68-1-d"
    """A patient whose CTO was revoked (s17F)."""
    LAST_CONSIDERED = "s68-6"
    """A case no tribunal has considered for a stated time."""
    REVOCATION = "s68-7"
    """The revocation of a CTO: refer as soon as possible."""


class ApplicableDay(enum.Enum):
    """The day a managers' reference period begins with (s68(5))."""

    ADMISSION = "admission"
    """The day of admission under the application (s68(5)(a), (b)(i))."""
    ORIGINAL_ADMISSION = "original-admission"
    """The day of the original admission: the s2 admission when the patient was already
    liable to be detained under it (s68(5)(b)(ii)); for a community patient or a revoked
    CTO, that of the application for treatment (s68(5)(c))."""
    ORDER_MADE = "order-made"
    """The day the CTO was made (MHA 2025: new s68(5)(c))."""
    REVOCATION = "revocation"
    """The day the CTO was revoked (s17G(5) as amended by MHA 2025, s31(2); s68(7))."""
    LAST_CONSIDERED = "last-considered"
    """The day a tribunal last considered the case (s68(6))."""


@attrs.frozen(kw_only=True)
class ReferenceRow:
    """One duty of the hospital managers to refer a case to the tribunal, under one regime.

    Attributes:
        kind: Which duty.
        regime: The Act whose text the row states.
        purpose: The duty in a few words.
        applicable_day: The day its period begins with.
        months: The relevant periods in months, each beginning where the previous ends: the
            managers refer on the expiry of each. Empty for "as soon as possible".
        repeats: Whether the last period repeats (MHA 2025: "each subsequent period of
            12 months").
        under_18_months: The period instead of ``months`` for a patient under 18
            (s68(6)), or ``None``.
        exempting_rights: The paragraphs of s66(1) whose application during the period
            removes the duty (s68(3)(a)).
        waits_for_pending: Whether a pending application or reference removes the duty
            (MHA 2025: new s68(6)(b)).
        source: Where the duty comes from.
        effective: When the row is in force.
    """

    kind: ReferenceKind
    regime: Regime = Regime.MHA_1983
    purpose: str
    applicable_day: ApplicableDay
    months: tuple[int, ...] = ()
    repeats: bool = False
    under_18_months: int | None = None
    exempting_rights: tuple[str, ...] = ()
    waits_for_pending: bool = False
    source: Source
    effective: Effective


_EXEMPT_1983 = ("b", "ca", "cb", "e", "g", "h")
_EXEMPT_2025 = ("b", "ca", "cb", "e", "f", "fza", "fa", "faa", "g", "h")
_S68 = "s68(2), (3)(a), (5)"
# s68 as substituted by the Mental Health Act 2007, s37; the community-patient limbs exist
# only from 2008-11-03, when CTOs came into force, and every row is dated from then.
_S68_VERSION = "revised text, updated 2025-03-25 (s68 as substituted by the MHA 2007)"


def _s68(locator: str) -> Source:
    return _s(locator, "68", version=_S68_VERSION)


_REFERENCE_ROWS_1983 = (
    ReferenceRow(
        kind=ReferenceKind.ASSESSMENT,
        purpose="admitted for assessment: refer at six months unless a right was exercised",
        applicable_day=ApplicableDay.ADMISSION,
        months=(6,),
        exempting_rights=_EXEMPT_1983,
        source=_s68(f"s68(1)(a); {_S68}(a)"),
        effective=Effective(_CTO_START),
    ),
    *(
        ReferenceRow(
            kind=kind,
            purpose=purpose,
            applicable_day=ApplicableDay.ORIGINAL_ADMISSION,
            months=(6,),
            exempting_rights=_EXEMPT_1983,
            source=_s68(f"s68(1)({limb}); {_S68}({day_limb})"),
            effective=Effective(_CTO_START),
        )
        for kind, limb, day_limb, purpose in (
            (
                ReferenceKind.TREATMENT,
                "b",
                "b",
                "admitted for treatment: refer on the expiry of six months beginning with the "
                "original admission (an s2 application does not remove the duty)",
            ),
            (
                ReferenceKind.COMMUNITY,
                "c",
                "c",
                "community patient: the same six months, from the original admission",
            ),
            (
                ReferenceKind.REVOKED,
                "d",
                "c",
                "CTO revoked: the same six months, from the original admission",
            ),
        )
    ),
    ReferenceRow(
        kind=ReferenceKind.LAST_CONSIDERED,
        purpose=(
            "refer when more than three years (one year under 18) have elapsed since a "
            "tribunal last considered the case"
        ),
        applicable_day=ApplicableDay.LAST_CONSIDERED,
        months=(36,),
        under_18_months=12,
        source=_s68("s68(6)"),
        effective=Effective(_CTO_START),
    ),
    ReferenceRow(
        kind=ReferenceKind.REVOCATION,
        purpose="CTO revoked: refer as soon as possible after the revocation",
        applicable_day=ApplicableDay.REVOCATION,
        source=_s68("s68(7)"),
        effective=Effective(_CTO_START),
    ),
)
_S31 = "s31(4): new s68(4A)"
_REFERENCE_ROWS_2025 = (
    ReferenceRow(
        kind=ReferenceKind.ASSESSMENT,
        regime=Regime.MHA_2025,
        purpose="admitted for assessment: refer at three months",
        applicable_day=ApplicableDay.ADMISSION,
        months=(3,),
        exempting_rights=_EXEMPT_2025,
        source=_mha2025(f"{_S31}(a)", "31"),
        effective=Effective(None),
    ),
    ReferenceRow(
        kind=ReferenceKind.TREATMENT,
        regime=Regime.MHA_2025,
        purpose="admitted for treatment: refer at three months, in the 3-12 months, then yearly",
        applicable_day=ApplicableDay.ORIGINAL_ADMISSION,
        months=(3, 9, 12),
        repeats=True,
        exempting_rights=_EXEMPT_2025,
        source=_mha2025(f"{_S31}(b); s68(5)(b) unchanged", "31"),
        effective=Effective(None),
    ),
    ReferenceRow(
        kind=ReferenceKind.COMMUNITY,
        regime=Regime.MHA_2025,
        purpose="community patient: refer at six months, in the 6-12 months, then yearly",
        applicable_day=ApplicableDay.ORDER_MADE,
        months=(6, 6, 12),
        repeats=True,
        exempting_rights=_EXEMPT_2025,
        source=_mha2025(f"{_S31}(c); new s68(5)(c): the day the CTO was made", "31"),
        effective=Effective(None),
    ),
    ReferenceRow(
        kind=ReferenceKind.REVOKED,
        regime=Regime.MHA_2025,
        purpose=("CTO revoked: s68 applies as if admitted for treatment on the day of revocation"),
        applicable_day=ApplicableDay.REVOCATION,
        months=(3, 9, 12),
        repeats=True,
        exempting_rights=_EXEMPT_2025,
        source=_mha2025("s31(2): s17G(5) applies s68; s31(4)(a) omits s68(1)(d)", "31"),
        effective=Effective(None),
    ),
    ReferenceRow(
        kind=ReferenceKind.LAST_CONSIDERED,
        regime=Regime.MHA_2025,
        purpose=(
            "refer when no tribunal has considered the case within the last 12 months and "
            "no application or reference is pending"
        ),
        applicable_day=ApplicableDay.LAST_CONSIDERED,
        months=(12,),
        waits_for_pending=True,
        source=_mha2025("s31(4)(g): new s68(6)", "31"),
        effective=Effective(None),
    ),
)

REFERENCES: RuleTable[ReferenceKind, ReferenceRow] = RuleTable(
    "MHA managers' references",
    (*_REFERENCE_ROWS_1983, *_REFERENCE_ROWS_2025),
    key=lambda row: row.kind,
    description=(
        "The hospital managers' duties to refer a case to the tribunal (s68): the periods, "
        "the day they begin with, and the applications that remove the duty, by regime. "
        "MHA 2025 omits s68(7) (a revoked CTO is treated as a new admission instead)."
    ),
)
"""The managers' reference duties (s68), keyed by :class:`ReferenceKind`."""


def reference_rule(
    kind: ReferenceKind, as_of: date, *, mha2025: bool = False
) -> ReferenceRow | None:
    """The managers' reference row for ``kind`` on ``as_of``, or ``None`` if there is none.

    With ``mha2025`` the MHA 2025 row if it has one; a duty MHA 2025 omits (s68(7)) gives
    ``None``.
    """
    if mha2025:
        has_2025 = any(row.regime is Regime.MHA_2025 for row in REFERENCES.versions(kind))
        if not has_2025:
            return None
        return _lookup(REFERENCES, kind, as_of, mha2025)
    return REFERENCES.find(kind, as_of)


class Unit(enum.Enum):
    """The unit of a statutory period."""

    HOURS = "hours"
    DAYS = "days"
    MONTHS = "months"


class Counting(enum.Enum):
    """How a statutory period of :data:`STATUTORY_PERIODS` is counted."""

    HOURS_FROM = "hours-from"
    """N hours of real time from an instant ("72 hours beginning with the time when")."""
    DAYS_BEGINNING_WITH = "days-beginning-with"
    """N days, the named London day being day 1 ("one week beginning with the day")."""
    DAYS_ENDING_WITH = "days-ending-with"
    """N days, the named London day being the last ("one week ending with that day")."""
    MONTHS_BEGINNING_WITH = "months-beginning-with"
    """N calendar months beginning with a London day."""
    MONTHS_ELAPSED = "months-elapsed"
    """N calendar months have elapsed since an event ("three months or more have elapsed
    since"): from the corresponding date, the conservative reading."""
    MORE_THAN_DAYS = "more-than-days"
    """A threshold: a grant for more than N consecutive days (s17(2B))."""


@attrs.frozen(kw_only=True)
class StatutoryPeriodRow:
    """One statutory period of leave, absence, recall or consent to treatment.

    Attributes:
        key: The provision, e.g. ``"s21(2)"``.
        purpose: What the period is for, in a few words.
        length: The number of units.
        unit: The unit.
        counting: How the period is counted.
        anchor_event: The event the period is counted from.
        regime: The Act whose text the row states.
        source: The provision's text.
        effective: When the row is in force.
    """

    key: str
    purpose: str
    length: int
    unit: Unit
    counting: Counting
    anchor_event: str
    regime: Regime = Regime.MHA_1983
    source: Source
    effective: Effective


# The Mental Health (Patients in the Community) Act 1995, s7(2): in force on 1 April 1996.
_SUBSTITUTED_1995 = date(1996, 4, 1)
_S58_1983 = StatutoryPeriodRow(
    key="s58(1)(b)",
    purpose="medicine needs a T2 or T3 certificate once this time has elapsed",
    length=3,
    unit=Unit.MONTHS,
    counting=Counting.MONTHS_ELAPSED,
    anchor_event="the first medicine for mental disorder in the period of liability",
    source=_s("s58(1)(b); s62A(2): continuous after a CTO recall or revocation", "58"),
    effective=Effective(MHA_1983_DATE),
)

STATUTORY_PERIODS: RuleTable[str, StatutoryPeriodRow] = RuleTable(
    "MHA statutory periods",
    (
        StatutoryPeriodRow(
            key="s17(2B)",
            purpose=(
                "longer-term leave: the responsible clinician must first consider a CTO (s17(2A))"
            ),
            length=7,
            unit=Unit.DAYS,
            counting=Counting.MORE_THAN_DAYS,
            anchor_event="the start of the leave (indefinite leave always counts)",
            source=_s("s17(2A), (2B)", "17"),
            effective=Effective(_CTO_START),
        ),
        StatutoryPeriodRow(
            key="s18(4)(a)",
            purpose="no custody after the later of this and the end of the period",
            length=6,
            unit=Unit.MONTHS,
            counting=Counting.MONTHS_BEGINNING_WITH,
            anchor_event="the first day of absence without leave",
            source=_s("s18(4)", "18", version=_BY_1995),
            effective=Effective(_SUBSTITUTED_1995),
        ),
        StatutoryPeriodRow(
            key="s21(1)(b)",
            purpose="absent in this week before the expiry: the authority continues (s21)",
            length=7,
            unit=Unit.DAYS,
            counting=Counting.DAYS_ENDING_WITH,
            anchor_event="the day the authority would otherwise expire",
            source=_s("s21(1)", "21", version=_BY_1995),
            effective=Effective(_SUBSTITUTED_1995),
        ),
        StatutoryPeriodRow(
            key="s21(2)",
            purpose="the authority continues to the end of this week after return",
            length=7,
            unit=Unit.DAYS,
            counting=Counting.DAYS_BEGINNING_WITH,
            anchor_event="the day of return (or of being returned)",
            source=_s(
                "s21(2)(a), (b); (c): otherwise the end of custody (s18(4))", "21", version=_BY_1995
            ),
            effective=Effective(_SUBSTITUTED_1995),
        ),
        StatutoryPeriodRow(
            key="s21A(1)",
            purpose=(
                "returned within this time: a renewal report may be furnished in the "
                "extended period, with effect from the original expiry (s21A(2), (3)); "
                "returned later: s21B"
            ),
            length=28,
            unit=Unit.DAYS,
            counting=Counting.DAYS_BEGINNING_WITH,
            anchor_event="the first day of absence without leave",
            source=_s("s21A(1)-(3), s21B(1)", "21A", version=_BY_1995),
            effective=Effective(_SUBSTITUTED_1995),
        ),
        StatutoryPeriodRow(
            key="s21B(2)",
            purpose=(
                "returned after 28 days: examine and report within this week, or the "
                "authority ends at its end (s21B(4))"
            ),
            length=7,
            unit=Unit.DAYS,
            counting=Counting.DAYS_BEGINNING_WITH,
            anchor_event="the day of return (the 'return day')",
            source=_s("s21B(2), (4)-(6)", "21B", version=_BY_1995),
            effective=Effective(_SUBSTITUTED_1995),
        ),
        StatutoryPeriodRow(
            key="s17F(8)",
            purpose="recall: release or revoke the CTO by the end of this time (s17F(6))",
            length=72,
            unit=Unit.HOURS,
            counting=Counting.HOURS_FROM,
            anchor_event="the time detention in hospital by virtue of the recall notice begins",
            source=_s("s17F(5)-(8), s17E(5)-(6)", "17F", version=_BY_2007),
            effective=Effective(_CTO_START),
        ),
        StatutoryPeriodRow(
            key="s21(4)",
            purpose=(
                "recall: absent without leave on the day the 72 hours would expire, they "
                "run again from the return"
            ),
            length=72,
            unit=Unit.HOURS,
            counting=Counting.HOURS_FROM,
            anchor_event="the time of return to the hospital",
            source=_s("s21(4)", "21"),
            effective=Effective(_CTO_START),
        ),
        StatutoryPeriodRow(
            key="s64B(4)",
            purpose=(
                "CTO: no Part 4A certificate needed for medicine in this time; after it (and "
                "once s58 would apply) a CTO11 or CTO12 is needed"
            ),
            length=1,
            unit=Unit.MONTHS,
            counting=Counting.MONTHS_BEGINNING_WITH,
            anchor_event="the day the CTO is made",
            source=_s("s64B(2)(b), (4); s64C(3)-(4); s64E(4)", "64B", version=_BY_2007),
            effective=Effective(_CTO_START),
        ),
        StatutoryPeriodRow(
            key="s66(2)(cb)",
            purpose="CTO revoked: the patient may apply to the tribunal in this time",
            length=6,
            unit=Unit.MONTHS,
            counting=Counting.MONTHS_BEGINNING_WITH,
            anchor_event="the day the CTO is revoked",
            source=_s("s66(1)(cb), (2)(cb)", "66"),
            effective=Effective(_CTO_START),
        ),
        _S58_1983,
        attrs.evolve(
            _S58_1983,
            regime=Regime.MHA_2025,
            length=2,
            source=_mha2025("s14(a): in s58(1)(b) 'three' becomes 'two'", "14"),
            effective=Effective(None),
        ),
    ),
    key=lambda row: row.key,
    description=(
        "The statutory periods of leave (s17), absence without leave (s18, s21, s21A, "
        "s21B), CTO recall (s17F, s21(4)) and consent to treatment (s58, Part 4A)."
    ),
)
"""Statutory periods of events in a detention, keyed by their provision."""


def statutory_period(key: str, as_of: date, *, mha2025: bool = False) -> StatutoryPeriodRow:
    """The statutory period ``key`` (e.g. ``"s21(2)"``) in force on ``as_of``.

    Raises:
        UnknownCodeError: No row for ``key`` is in force on ``as_of``.
    """
    return _lookup(STATUTORY_PERIODS, key, as_of, mha2025)
