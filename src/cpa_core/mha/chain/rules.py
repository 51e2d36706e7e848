"""The chain of periods as rules: which changes of section the law allows (and whether the
new period keeps the old start), and the MHSDS legal status code of each section.

* :data:`CONVERSIONS`: changes of section, including the revocation of a CTO (s17F, s17G);
* :data:`LEGAL_STATUS_CODES`: the MHSDS legal status codes and the sections they stand for.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.mha.rules import CTO_START, INSERTED_BY_2007, MHA_1983_DATE, Section, mha_1983
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "CONVERSIONS",
    "LEGAL_STATUS_CODES",
    "ConversionRow",
    "LegalStatusCodeRow",
    "codes_for_section",
    "conversion_rule",
    "section_for_code",
]

_s = mha_1983


@attrs.frozen(kw_only=True)
class ConversionRow(RuleRow):
    """One change of section the catalogue knows about.

    Attributes:
        key: ``"FROM>TO"`` section values, e.g. ``"s4>s2"``.
        allowed: Whether the law allows the change.
        keeps_start: Whether the new section's period counts from the old one's start.
        note: What the source says.
    """

    key: str
    allowed: bool
    keeps_start: bool = False
    note: str


def _pair(old: Section, new: Section) -> str:
    return f"{old.value}>{new.value}"


_S4_SOURCE = _s("s4(4): the second recommendation given and received within 72 hours", "4")
_CTO_SOURCE = _s(
    "s17A(1)-(2): a detained patient liable to be detained under an application for "
    "admission for treatment (or a Part 3 order, Sch 1 Pt 1 para 1)",
    "17A",
    version=INSERTED_BY_2007,
)


def _to_cto(olds: tuple[Section, ...], *, allowed: bool, note: str) -> tuple[ConversionRow, ...]:
    """Whether a CTO may follow each of ``olds`` (s17A(1)-(2))."""
    return tuple(
        ConversionRow(
            key=_pair(old, Section.CTO),
            allowed=allowed,
            note=note,
            source=_CTO_SOURCE,
            effective=Effective(CTO_START),
        )
        for old in olds
    )


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
        *_to_cto(
            (Section.S3, Section.S37, Section.S47, Section.S48),
            allowed=True,
            note="a CTO may follow detention for treatment (s3, unrestricted Part 3)",
        ),
        ConversionRow(
            key=_pair(Section.CTO, Section.S3),
            allowed=True,
            note=(
                "revocation of the CTO (s17F(4)): s20 applies as if admitted on the day of "
                "revocation (s17G(5)), so a new period begins with that day"
            ),
            source=_s("s17F(4), s17G(5)", "17G", version=INSERTED_BY_2007),
            effective=Effective(CTO_START),
        ),
        *_to_cto(
            (Section.S2, Section.S4),
            allowed=False,
            note="a CTO cannot follow detention for assessment",
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
class LegalStatusCodeRow(RuleRow):
    """One MHSDS Mental Health Act legal status classification code.

    Attributes:
        code: The two-character code, zero-padded (``"02"``).
        meaning: The NHS Data Dictionary meaning (shortened).
        section: The catalogue section the code stands for, or ``None`` (informal, other
            Acts, not applicable, not known, or a retired status with no section).
        retired: Whether the code is retired (not accepted by the MHSDS v5 derivation).
    """

    code: str
    meaning: str
    section: Section | None
    retired: bool = False


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
MHSDS_CTO_CODE = attrs.evolve(
    _DD,
    publisher="NHS England Data Dictionary",
    locator="code list; CTO patients record the suspended section",
    version="",
)
"""The code list's rule for a CTO: its patients record the section the CTO suspended."""
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


def _code_rows(
    codes: tuple[tuple[str, str, Section | None], ...],
    *,
    retired: bool,
    source: Source,
    effective: Effective,
) -> tuple[LegalStatusCodeRow, ...]:
    return tuple(
        LegalStatusCodeRow(
            code=code,
            meaning=meaning,
            section=section,
            retired=retired,
            source=source,
            effective=effective,
        )
        for code, meaning, section in codes
    )


LEGAL_STATUS_CODES: RuleTable[str, LegalStatusCodeRow] = RuleTable(
    "MHSDS legal status codes",
    (
        *_code_rows(_CODES, retired=False, source=_DD, effective=Effective(_DD_FROM)),
        *_code_rows(_RETIRED, retired=True, source=_DD_RETIRED, effective=Effective(None)),
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
