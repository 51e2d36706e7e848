"""The Mental Health Act rules as data: the section catalogue, conversions, legal status codes.

Every number of law lives in a row here, with its :class:`~cpa_core.provenance.Source` and
its :class:`~cpa_core.provenance.Effective` range, so that a change in the law is a new row
with a date, not a code change. Where the shared reference states no fact (its "—"), the
row leaves it empty (``None`` or a ``NOT_STATED`` member): cpa_core then computes nothing for
it and the Trust must track it locally. Nothing here is filled from memory.

The Mental Health Act 2025 changes to the section 3 periods, and the nominated person, are
rows with ``Effective(start=None)``: enacted, not commenced. :func:`section_rule` treats
them as in force only when :attr:`cpa_core.policy.mha.MhaPolicy.mha2025_in_force_for_testing`
is switched on.
"""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.exceptions import UnknownCodeError
from cpa_core.provenance import Effective, Evidence, RuleTable, Source

__all__ = [
    "CONSULTEE_ROLES",
    "CONVERSIONS",
    "LEGAL_STATUS_CODES",
    "MHA_1983_DATE",
    "S117",
    "SECTIONS",
    "Anchor",
    "ConsulteeRow",
    "ConversionRow",
    "LegalStatusCodeRow",
    "Part4",
    "Regime",
    "Section",
    "SectionRow",
    "Tribunal",
    "codes_for_section",
    "consultee_role",
    "conversion_rule",
    "section_for_code",
    "section_rule",
]

MHA_1983_DATE = date(1983, 9, 30)
"""The Mental Health Act 1983's commencement, the start of its rows' ``Effective``.

s149(2): "this Act shall come into force on 30th September 1983" (not in the shared
reference; verified with the search tool against https://www.mentalhealthlaw.co.uk/S149_text).
The catalogue does not model the Act's amendment history before its present text: rows of
the original Act run from this date, and rows inserted later (CTOs, the 2017 place-of-safety
periods) from the date the reference or a cited source gives for the insertion.
"""

_MHA_TEXT = Source(
    title="Mental Health Act 1983",
    publisher="legislation.gov.uk (via legalize-dev/legalize-uk uk/ukpga-1983-20.md)",
    locator="",
    version="revised text, updated 2025-03-25",
    url="https://www.legislation.gov.uk/ukpga/1983/20",
)


def _mha(locator: str, evidence: Evidence = Evidence.VERIFIED) -> Source:
    return attrs.evolve(_MHA_TEXT, locator=locator, evidence=evidence)


def _web(title: str, url: str, locator: str = "", evidence: Evidence = Evidence.VERIFIED) -> Source:
    return Source(
        title=title,
        publisher="Mental Health Law Online" if "mentalhealthlaw" in url else "",
        locator=locator,
        url=url,
        evidence=evidence,
    )


_REF = "cpa_core shared reference, mental-health-act.md"
_NOT_STATED = Source(
    title="Not stated in the cpa_core reference: the Trust must supply this fact",
    publisher="cpa_core",
    locator=_REF,
    evidence=Evidence.UNVERIFIED,
)
_S56 = _web(
    "Mental Health Act 1983, Part 4 (s56 scope)",
    "https://legislation.gov.uk/ukpga/1983/20/part/IV/2018-04-01/data.html",
    "s56",
)
_S117 = _web(
    "Patients who are eligible for aftercare",
    "https://www.mentalhealthlaw.co.uk/Patients_who_are_eligible_for_aftercare",
    "s117",
)
_S20_1 = _mha("s20(1)")
_S136B = _web(
    "Mental Health Act 1983, s136B",
    "https://www.mentalhealthlaw.co.uk/MHA_1983_s136B",
    "s136B; in force 2017-12-11",
)
_MHA2025 = Source(
    title="The Mental Health Act 2025: what changes (s3 periods)",
    publisher="Browne Jacobson",
    locator="s3 periods 3, 3, 6 then 12 months",
    version="Royal Assent 2025-12-18; not commenced",
    url="https://www.brownejacobson.com/insights/mental-health-bill-receives-royal-assent",
)
# s20A "Valid from 03/11/2008" on the legislation.gov.uk page the reference cites for the CTO
# row (verified with the search tool; the reference itself gives no date).
_CTO_START = date(2008, 11, 3)
_S20A_1 = _web(
    "Mental Health Act 1983, s20A(1)",
    "https://legislation.gov.uk/ukpga/1983/20/section/20A/2004-07-14",
    "s20A(1): six months beginning with the day on which it was made; valid from 2008-11-03",
)
_S136_2017 = date(2017, 12, 11)


class Regime(enum.Enum):
    """Which Act's text a row states."""

    MHA_1983 = "mha-1983"
    """The Mental Health Act 1983 as amended, the live regime."""
    MHA_2025 = "mha-2025"
    """The 1983 Act as amended by the Mental Health Act 2025, once commenced."""


class Section(enum.Enum):
    """A legal status under the Mental Health Act 1983 (or a related status in MHSDS)."""

    S2 = "s2"
    S3 = "s3"
    S4 = "s4"
    S5_2 = "s5-2"
    S5_4 = "s5-4"
    S7 = "s7"
    CTO = "s17a"
    S35 = "s35"
    S36 = "s36"
    S37 = "s37"
    S37_41 = "s37-41"
    S37_GUARDIANSHIP = "s37-guardianship"
    S38 = "s38"
    S44 = "s44"
    S45A = "s45a"
    S46 = "s46"
    S47 = "s47"
    S47_49 = "s47-49"
    S48 = "s48"
    S48_49 = "s48-49"
    S135 = "s135-1"
    S136 = "s136"

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
    """Whether Part 4 (consent to treatment, including s58) applies under a section."""

    APPLIES = "applies"
    DOES_NOT_APPLY = "does-not-apply"
    PART_4A = "part-4a"
    """Community patients (CTO): Part 4A, not s58."""
    NOT_STATED = "not-stated"


class S117(enum.Enum):
    """Whether detention under a section gives a right to s117 aftercare."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not-eligible"
    NOT_STATED = "not-stated"


class Tribunal(enum.Enum):
    """When a patient may apply to the First-tier Tribunal (s66)."""

    WITHIN_DAYS = "within-days"
    """Within the first ``tribunal_days`` days beginning with admission (s2)."""
    ONCE_PER_PERIOD = "once-per-period"
    """Once in each eligibility period (``tribunal_months``)."""
    NOT_FIRST_PERIOD = "not-first-period"
    """Not in the first eligibility period, then once in each (s37)."""
    ANY_TIME = "any-time"
    """Any time (s4; heard in practice only after conversion to s2)."""
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
        extension_hours: Most hours an extension may add (s136B), or ``None``.
        part4: Whether Part 4 consent to treatment applies.
        s117: Whether detention under the section gives a right to s117 aftercare.
        s132: Which rights duty applies: ``"s132"`` (detained), ``"s132A"`` (CTO) or
            ``"not-stated"``.
        tribunal: When the patient may apply to the tribunal.
        tribunal_days: The s2 application window in days, or ``None``.
        tribunal_months: The eligibility periods in months (the last repeats), or empty.
        managers_reference_months: Months after which the hospital managers must refer a
            patient who has not applied (s68), or ``None``.
        recall_hours: Most hours a community patient may be held on recall (CTO), or
            ``None``. The reference gives the hours but no anchor: checks using it are
            warnings only.
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
    extension_hours: int | None = None
    part4: Part4
    s117: S117
    s132: str = "s132"
    tribunal: Tribunal = Tribunal.NOT_STATED
    tribunal_days: int | None = None
    tribunal_months: tuple[int, ...] = ()
    managers_reference_months: int | None = None
    recall_hours: int | None = None
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
    def computable(self) -> bool:
        """Whether cpa_core can compute this section's expiry at all."""
        return self.anchor is not Anchor.NOT_STATED and bool(self.periods)

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
    managers_reference_months=6,
    source=_web(
        "Section 3: admission for treatment",
        "https://mentalhealthlaw.co.uk/Section_3:_admission_for_treatment",
        "s3, s20",
    ),
    anchor_source=_S20_1,
    effective=Effective(MHA_1983_DATE),
)

SECTIONS: RuleTable[Section, SectionRow] = RuleTable(
    "MHA sections",
    (
        SectionRow(
            section=Section.S2,
            purpose="admission for assessment",
            anchor=Anchor.DAYS_BEGINNING_WITH,
            anchor_event="the day of admission",
            periods=(28,),
            part4=Part4.APPLIES,
            s117=S117.NOT_ELIGIBLE,
            tribunal=Tribunal.WITHIN_DAYS,
            tribunal_days=14,
            source=_mha("s2(4)"),
            effective=Effective(MHA_1983_DATE),
        ),
        _S3_1983,
        attrs.evolve(
            _S3_1983,
            regime=Regime.MHA_2025,
            periods=(3, 3, 6, 12),
            source=_MHA2025,
            effective=Effective(None),
        ),
        SectionRow(
            section=Section.S4,
            purpose="emergency admission for assessment",
            anchor=Anchor.HOURS_FROM,
            anchor_event="the time the patient is admitted to the hospital",
            periods=(72,),
            part4=Part4.DOES_NOT_APPLY,
            s117=S117.NOT_ELIGIBLE,
            tribunal=Tribunal.ANY_TIME,
            source=_web(
                "Emergency admission for assessment",
                "https://www.mentalhealthlaw.co.uk/Emergency_admission_for_assessment",
                "s4",
            ),
            # The reference's s4 row states no anchor; s4(4) reads "72 hours from the time
            # when the patient is admitted to the hospital" (verified with the search tool in
            # legalize-dev/legalize-uk uk/ukpga-1983-20.md).
            anchor_source=_mha("s4(4)"),
            effective=Effective(MHA_1983_DATE),
        ),
        SectionRow(
            section=Section.S5_2,
            purpose="doctor's or approved clinician's holding power (in-patients)",
            anchor=Anchor.HOURS_FROM,
            anchor_event="the time the report is furnished",
            periods=(72,),
            part4=Part4.DOES_NOT_APPLY,
            s117=S117.NOT_ELIGIBLE,
            source=_mha("s5(2)"),
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
            source=_mha("s5(4)"),
            effective=Effective(MHA_1983_DATE),
        ),
        SectionRow(
            section=Section.S7,
            purpose="guardianship (age 16+)",
            anchor=Anchor.MONTHS_BEGINNING_WITH,
            anchor_event="the day the guardianship application was accepted",
            periods=(6, 6, 12),
            renewable=True,
            part4=Part4.NOT_STATED,
            s117=S117.NOT_STATED,
            s132="not-stated",
            tribunal=Tribunal.ONCE_PER_PERIOD,
            tribunal_months=(6, 6, 12),
            source=_mha("s7, s20(1)-(2)"),
            anchor_source=_S20_1,
            effective=Effective(MHA_1983_DATE),
        ),
        SectionRow(
            section=Section.CTO,
            purpose="community treatment order (supervised community treatment)",
            anchor=Anchor.MONTHS_BEGINNING_WITH,
            anchor_event="the day the order is made",
            periods=(6, 6, 12),
            renewable=True,
            part4=Part4.PART_4A,
            s117=S117.NOT_STATED,
            s132="s132A",
            recall_hours=72,
            tribunal=Tribunal.ONCE_PER_PERIOD,
            tribunal_months=(6, 6, 12),
            source=_web(
                "Mental Health Act 1983, s20A",
                "https://legislation.gov.uk/ukpga/1983/20/section/20A/2004-07-14",
                "s17A, s20A",
            ),
            anchor_source=_S20A_1,
            effective=Effective(_CTO_START),
        ),
        _untracked(
            Section.S35,
            "remand to hospital for report",
            part4=Part4.DOES_NOT_APPLY,
            s117=S117.NOT_STATED,
            source=_S56,
        ),
        _untracked(
            Section.S36,
            "remand to hospital for treatment",
            part4=Part4.APPLIES,
            s117=S117.NOT_STATED,
            source=_S56,
        ),
        SectionRow(
            section=Section.S37,
            purpose="hospital order (court)",
            anchor=Anchor.NOT_STATED,
            periods=(6, 6, 12),
            renewable=True,
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            tribunal=Tribunal.NOT_FIRST_PERIOD,
            tribunal_months=(6, 6, 12),
            source=_web(
                "Section 37 hospital order",
                "https://www.mind.org.uk/information-support/legal-rights/courts-and-mental-health/section-37/",
                "s37",
                Evidence.SECONDARY,
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
            part4=Part4.NOT_STATED,
            s117=S117.NOT_STATED,
            s132="not-stated",
        ),
        _untracked(
            Section.S38,
            "interim hospital order",
            part4=Part4.APPLIES,
            s117=S117.NOT_STATED,
            source=_S56,
        ),
        _untracked(
            Section.S44, "committal to hospital", part4=Part4.NOT_STATED, s117=S117.NOT_STATED
        ),
        _untracked(
            Section.S45A,
            "hospital and limitation directions",
            part4=Part4.APPLIES,
            s117=S117.ELIGIBLE,
            source=_S117,
        ),
        _untracked(
            Section.S46, "(MHSDS legacy status)", part4=Part4.NOT_STATED, s117=S117.NOT_STATED
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
            s117=S117.NOT_STATED,
            source=_S56,
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
            anchor=Anchor.NOT_STATED,
            periods=(24,),
            extension_hours=12,
            part4=Part4.DOES_NOT_APPLY,
            s117=S117.NOT_STATED,
            source=_web(
                "Mental Health Act 1983, s136B",
                "https://legislation.gov.uk/ukpga/1983/20/section/136B",
                "s135(1), s136B",
            ),
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
            # The reference lists s117 exclusions as s2, s4, s5 and informal only.
            s117=S117.NOT_STATED,
            source=_S136B,
            effective=Effective(_S136_2017),
        ),
    ),
    key=lambda row: row.section,
    description=(
        "Mental Health Act sections: period, anchor, renewals, extension, Part 4, s117 and "
        "tribunal eligibility, by regime."
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
    if mha2025:
        for row in SECTIONS.versions(section):
            if row.regime is Regime.MHA_2025 and not row.effective.commenced:
                return row
    return SECTIONS.lookup(section, as_of)


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


_S4_SOURCE = _web(
    "Emergency admission for assessment",
    "https://www.mentalhealthlaw.co.uk/Emergency_admission_for_assessment",
    "s4: second recommendation",
)
_CTO_SOURCE = _web(
    "Mental Health Act 1983, s20A",
    "https://legislation.gov.uk/ukpga/1983/20/section/20A/2004-07-14",
    "s17A: only patients liable to be detained for treatment",
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
            # made" (verified with the search tool in legalize-dev/legalize-uk).
            key=_pair(Section.S5_4, Section.S5_2),
            allowed=True,
            keeps_start=True,
            note="after a nurse's record, the 72 hours of s5(2) begin when the record was made",
            source=_mha("s5(5)"),
            effective=Effective(MHA_1983_DATE),
        ),
        ConversionRow(
            key=_pair(Section.S2, Section.S3),
            allowed=True,
            note="an application for treatment while liable to detention under s2 (s5(1))",
            source=_mha("s5(1), s6(4)"),
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
            source=_web(
                "Identification of nearest relative",
                "https://mentalhealthlaw.co.uk/Identification_of_nearest_relative",
                "s26",
            ),
            effective=Effective(MHA_1983_DATE),
        ),
        ConsulteeRow(
            role="nominated person",
            regime=Regime.MHA_2025,
            source=Source(
                title="Mental Health Act 2025, s26 (nominated person)",
                publisher="crimeline.co.uk",
                locator="s26",
                version="Royal Assent 2025-12-18; not commenced",
                url="https://crimeline.co.uk/legislationdisplay/?leg=ukpga%2F2025%2F33%2Fsection%2F26",
            ),
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
    if mha2025:
        for row in CONSULTEE_ROLES.versions("patient-representative"):
            if row.regime is Regime.MHA_2025:
                return row
    return CONSULTEE_ROLES.lookup("patient-representative", as_of)


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
