"""The Mental Health Act's vocabulary and the rules every part of the area reads.

Every number of law lives in a row, with its :class:`~cpa_core.provenance.Source` and its
:class:`~cpa_core.provenance.Effective` range, so that a change in the law is a new row with
a date, not a code change. Where neither the shared reference nor the statute text states a
fact, the row leaves it empty (``None`` or a ``NOT_STATED`` member): cpa_core then computes
nothing for it and the Trust must track it locally. Nothing here is filled from memory:
statute rows cite the section of the Mental Health Act 1983 on legislation.gov.uk whose text
they encode (:func:`mha_1983`).

Here: the sections (:class:`Section`), the regimes (:class:`Regime`), and the tables the
sub-areas share:

* :data:`STATUTORY_PERIODS`: the periods of leave (s17), absence without leave (s18, s21,
  s21A, s21B), CTO recall (s17F, s21(4)), consent to treatment (s58, s64B) and the tribunal
  window after a CTO is revoked (s66(2)(cb));
* :data:`CONSULTEE_ROLES` and :data:`LEGAL_STATUS_CODES` (MHSDS).

The section catalogue (:data:`SECTIONS`) and the changes of section (:data:`CONVERSIONS`)
are in :mod:`cpa_core.mha.sections.rules`; the managers' references (:data:`REFERENCES`) in
:mod:`cpa_core.mha.references.rules`.

The Mental Health Act 2025 rows (s3 periods, tribunal windows, managers' references, the
s58 two months, the nominated person) are rows with ``Effective(start=None)``: enacted, not
commenced. The lookups treat them as in force only when
:attr:`cpa_core.policy.mha.MhaPolicy.mha2025_in_force_for_testing` is switched on, and then
all of them together (:func:`regime_row`).
"""

from __future__ import annotations

import enum
from collections.abc import Hashable
from datetime import date, datetime
from typing import Protocol, TypeVar

import attrs

from cpa_core import statutory_time
from cpa_core.policy.mha import MhaPolicy
from cpa_core.provenance import Effective, RuleRow, RuleTable, Source

__all__ = [
    "CONSULTEE_ROLES",
    "MHA_1983_DATE",
    "S117",
    "STATUTORY_PERIODS",
    "ConsulteeRow",
    "Counting",
    "Regime",
    "Section",
    "StatutoryPeriodRow",
    "Unit",
    "consultee_role",
    "mha_1983",
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
INSERTED_BY_2007 = "as inserted by the Mental Health Act 2007, s32 (the 2007 Act as enacted)"
"""The version of a provision the Mental Health Act 2007 inserted, as that Act enacted it."""
_BY_1995 = (
    "as inserted or substituted by the Mental Health (Patients in the Community) Act 1995, s2"
)
_ACT_URL = "https://www.legislation.gov.uk/ukpga/1983/20"
CTO_START = date(2008, 11, 3)
"""s20A "Valid from 03/11/2008" on legislation.gov.uk: the day supervised community treatment
(ss17A-17G, 20A) came into force. The catalogue dates its CTO, s17(2A), s21(4), s68 and
Part 4A rows from it."""


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


def mha_2025(locator: str, section: str) -> Source:
    """The source of a Mental Health Act 2025 provision (enacted, not commenced)."""
    return Source(
        title="Mental Health Act 2025",
        publisher="legislation.gov.uk",
        locator=locator,
        version="Royal Assent 2025-12-18; not commenced (s56(3): by regulations)",
        url=f"https://www.legislation.gov.uk/ukpga/2025/33/section/{section}",
    )


def mha_1983_schedule(locator: str, schedule: str) -> Source:
    """The source of a fact of a schedule of the Mental Health Act 1983 (``schedule`` is
    ``"1"``)."""
    return _act(locator, f"schedule/{schedule}")


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


class S117(enum.Enum):
    """Whether detention under a section gives a right to s117 aftercare."""

    ELIGIBLE = "eligible"
    NOT_ELIGIBLE = "not-eligible"
    NOT_STATED = "not-stated"


K = TypeVar("K", bound=Hashable)


class _RegimeRow(Protocol):
    @property
    def regime(self) -> Regime: ...

    @property
    def source(self) -> Source: ...

    @property
    def effective(self) -> Effective: ...


R = TypeVar("R", bound=_RegimeRow)


def regime_row(table: RuleTable[K, R], key: K, as_of: date, mha2025: bool) -> R:
    """The row in force on ``as_of``; with ``mha2025``, the enacted MHA 2025 row if any.

    Raises:
        UnknownCodeError: No row for ``key`` is in force on ``as_of``.
    """
    if mha2025:
        for row in table.versions(key):
            if row.regime is Regime.MHA_2025 and not row.effective.commenced:
                return row
    return table.lookup(key, as_of)


@attrs.frozen(kw_only=True)
class ConsulteeRow(RuleRow):
    """Who represents the patient's family interest under a regime.

    Attributes:
        key: Always ``"patient-representative"``.
        role: ``"nearest relative"`` (s26) or ``"nominated person"`` (MHA 2025).
        regime: The regime.
    """

    key: str = "patient-representative"
    role: str
    regime: Regime


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
            source=mha_2025("s24, Sch 2: a nominated person chosen by the patient", "24"),
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
    return regime_row(CONSULTEE_ROLES, "patient-representative", as_of, mha2025)


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
class StatutoryPeriodRow(RuleRow):
    """One statutory period of leave, absence, recall or consent to treatment.

    Attributes:
        key: The provision, e.g. ``"s21(2)"``.
        purpose: What the period is for, in a few words.
        length: The number of units.
        unit: The unit.
        counting: How the period is counted.
        anchor_event: The event the period is counted from.
        regime: The Act whose text the row states.
    """

    key: str
    purpose: str
    length: int
    unit: Unit
    counting: Counting
    anchor_event: str
    regime: Regime = Regime.MHA_1983


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
            effective=Effective(CTO_START),
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
            source=_s("s17F(5)-(8), s17E(5)-(6)", "17F", version=INSERTED_BY_2007),
            effective=Effective(CTO_START),
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
            effective=Effective(CTO_START),
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
            source=_s("s64B(2)(b), (4); s64C(3)-(4); s64E(4)", "64B", version=INSERTED_BY_2007),
            effective=Effective(CTO_START),
        ),
        StatutoryPeriodRow(
            key="s66(2)(cb)",
            purpose="CTO revoked: the patient may apply to the tribunal in this time",
            length=6,
            unit=Unit.MONTHS,
            counting=Counting.MONTHS_BEGINNING_WITH,
            anchor_event="the day the CTO is revoked",
            source=_s("s66(1)(cb), (2)(cb)", "66"),
            effective=Effective(CTO_START),
        ),
        _S58_1983,
        attrs.evolve(
            _S58_1983,
            regime=Regime.MHA_2025,
            length=2,
            source=mha_2025("s14(a): in s58(1)(b) 'three' becomes 'two'", "14"),
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
    return regime_row(STATUTORY_PERIODS, key, as_of, mha2025)


def statutory_period_at(key: str, at: datetime, policy: MhaPolicy) -> StatutoryPeriodRow:
    """The statutory period ``key`` in force on the London day of the instant ``at``, the
    MHA 2025 rows counting when ``policy`` switches them on.

    Raises:
        UnknownCodeError: No row for ``key`` is in force on that day.
    """
    return statutory_period(
        key, statutory_time.london_date(at), mha2025=policy.mha2025_in_force_for_testing
    )
