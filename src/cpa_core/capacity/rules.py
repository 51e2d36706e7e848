"""The rules every part of the capacity area shares, as data: the principles and the ages.

The Mental Capacity Act 2005 came fully into force on 1 October 2007 (ss1–4 and 5–29, SI
2007/1897 art 2), the IMCA sections on 1 April 2007 in England (SI 2006/2814 art 5), and
Schedule A1 (DoLS) on 1 April 2009 (SI 2009/139 art 2). The Liberty Protection Safeguards
(Mental Capacity (Amendment) Act 2019) are enacted but not commenced: their row has
``Effective(start=None)`` and is never in force.

The sub-areas' tables are in :mod:`cpa_core.capacity.assessment.rules`,
:mod:`cpa_core.capacity.decisions.rules`, :mod:`cpa_core.capacity.dols.rules` and
:mod:`cpa_core.capacity.consent.rules`; each row cites the section it comes from through
:func:`_mca` (the Act, read on one site) or a source of its own.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "AGE_GATES",
    "CHILDREN",
    "DOLS_COMMENCED",
    "MCA_COMMENCED",
    "MCA_PRINCIPLES",
    "AgeGateRow",
    "StatuteRow",
]

MCA_COMMENCED = date(2007, 10, 1)
DOLS_COMMENCED = date(2009, 4, 1)
MCA_IN_FORCE = Effective(MCA_COMMENCED)
"""MCA 2005 ss1–29: in force for all purposes from 1 October 2007 (SI 2007/1897 art 2)."""
IMCA_IN_FORCE = Effective(date(2007, 4, 1))
"""MCA 2005 ss35–41 in England: 1 April 2007 (SI 2006/2814 art 5(b))."""
DOLS_IN_FORCE = Effective(DOLS_COMMENCED)
"""MCA 2005 Schedule A1 (inserted by MHA 2007 Sch 7): 1 April 2009 (SI 2009/139 art 2)."""
S58A_IN_FORCE = Effective(date(2008, 11, 3))
"""MHA 1983 s58A (inserted by MHA 2007 s27): 3 November 2008 (SI 2008/1900 art 2(g))."""
NOT_COMMENCED = Effective(None)
"""Enacted, not commenced (the Liberty Protection Safeguards)."""

_MCA = "Mental Capacity Act 2005"
_ACT = "https://www.legislation.gov.uk/ukpga/2005/9/"
_PUBLISHER = "legislation.gov.uk"
_CHECKED = date(2026, 12, 6)
"""The day the capacity rows were last checked against the text of the Acts (revised text
on legislation.gov.uk, data modified 31 January 2025)."""
_GILLICK_URL = (
    "http://www.nspcc.org.uk/preventing-abuse/child-protection-system/"
    "legal-definition-child-rights-law/gillick-competency-fraser-guidelines/"
)
_FRASER_URL = "https://hamptoncollege.org.uk/parents/fraser-guidelines/"


def _mca(locator: str, place: str, evidence: Evidence = Evidence.VERIFIED) -> Source:
    """The Act on legislation.gov.uk; ``place`` is the part below the Act (``section/3``,
    ``schedule/A1/paragraph/78``)."""
    return Source(_MCA, _PUBLISHER, locator, "", _ACT + place, evidence, _CHECKED)


@attrs.frozen(kw_only=True)
class StatuteRow(RuleRow):
    """One rule stated in words, keyed by a stable code.

    Attributes:
        code: Stable code of the rule (used in results, e.g. ``"registered"``).
        statement: What the rule says, in plain words.
    """

    code: str
    statement: str


def _statutes(
    place: str,
    *rows: tuple[str, str, str],
    evidence: Evidence = Evidence.VERIFIED,
    effective: Effective = MCA_IN_FORCE,
) -> tuple[StatuteRow, ...]:
    """Rows of one part of the Act (``place``, as in :func:`_mca`), each
    ``(code, section, statement)``."""
    return tuple(
        StatuteRow(
            code=code,
            statement=statement,
            source=_mca(section, place, evidence),
            effective=effective,
        )
        for code, section, statement in rows
    )


def _table(name: str, rows: tuple[StatuteRow, ...], description: str) -> RuleTable[str, StatuteRow]:
    return RuleTable(name, rows, key=lambda r: r.code, description=description)


MCA_PRINCIPLES: RuleTable[str, StatuteRow] = _table(
    "MCA principles",
    _statutes(
        "section/1",
        (
            "presume-capacity",
            "s1(2)",
            "A person must be assumed to have capacity unless it is established that they lack it.",
        ),
        (
            "all-practicable-steps",
            "s1(3)",
            "A person is not to be treated as unable to decide unless all practicable steps "
            "to help them have been taken without success.",
        ),
        (
            "unwise-decision",
            "s1(4)",
            "A person is not to be treated as unable to decide merely because they make an "
            "unwise decision.",
        ),
        (
            "best-interests",
            "s1(5)",
            "An act done or decision made for a person who lacks capacity must be done or "
            "made in their best interests.",
        ),
        (
            "less-restrictive",
            "s1(6)",
            "Regard must be had to whether the purpose can be as effectively achieved in a "
            "way less restrictive of the person's rights and freedom.",
        ),
    ),
    "The five principles of the Mental Capacity Act 2005 (s1).",
)


@attrs.frozen(kw_only=True)
class AgeGateRow(RuleRow):
    """The minimum age at which a part of the Act applies.

    Attributes:
        code: The part of the Act (``mca``, ``lpa``, ``adrt``, ``dols``).
        minimum_age: Age in whole years from which it applies.
        statement: What the gate means.
    """

    code: str
    minimum_age: int
    statement: str


AGE_GATES: RuleTable[str, AgeGateRow] = RuleTable(
    "MCA age gates",
    (
        AgeGateRow(
            code="mca",
            minimum_age=16,
            statement="Powers under the Act are generally not exercisable for a person "
            "under 16 (Gillick competence applies instead); exception: property and affairs "
            "where incapacity is likely to persist past 18 (s18(3)).",
            source=_mca("s2(5), (6); s18(3)", "section/2"),
            effective=MCA_IN_FORCE,
        ),
        AgeGateRow(
            code="lpa",
            minimum_age=18,
            statement="Only a person aged 18 or over can make a lasting power of attorney.",
            source=_mca("s9(2)(c)", "section/9"),
            effective=MCA_IN_FORCE,
        ),
        AgeGateRow(
            code="adrt",
            minimum_age=18,
            statement="Only a person aged 18 or over can make an advance decision.",
            source=_mca("s24(1)", "section/24"),
            effective=MCA_IN_FORCE,
        ),
        AgeGateRow(
            code="dols",
            minimum_age=18,
            statement="DoLS applies to adults aged 18 or over in hospitals and care homes; "
            "16–17-year-olds need a Court of Protection order.",
            source=_mca("Schedule A1 paras 12(1)(a), 13", "schedule/A1/paragraph/13"),
            effective=DOLS_IN_FORCE,
        ),
    ),
    key=lambda r: r.code,
    description="Ages from which the Act, LPAs, advance decisions and DoLS apply.",
)

_GILLICK = "Gillick v West Norfolk and Wisbech AHA [1985] UKHL 7"
_GILLICK_REASON = (
    "the House of Lords judgment is not on a publisher's page cpa_core lists (BAILII holds "
    "it); the row follows {who}'s account of it"
)
_GILLICK_DECIDED = Effective(date(1985, 10, 17))

CHILDREN: RuleTable[str, StatuteRow] = _table(
    "Children and young people",
    (
        StatuteRow(
            code="gillick",
            statement="Under 16: a child can consent if they have sufficient understanding "
            "and intelligence to understand fully what is proposed (Gillick competence); "
            "the MCA does not apply.",
            source=Source(
                _GILLICK,
                "NSPCC",
                "Gillick competency",
                "",
                _GILLICK_URL,
                Evidence.SECONDARY,
                secondary_reason=_GILLICK_REASON.format(who="the NSPCC"),
            ),
            effective=_GILLICK_DECIDED,
        ),
        StatuteRow(
            code="fraser",
            statement="Under 16, contraception and sexual health: all five Fraser criteria "
            "must be met.",
            source=Source(
                _GILLICK,
                "Hampton College",
                "Lord Fraser's guidelines",
                "",
                _FRASER_URL,
                Evidence.SECONDARY,
                secondary_reason=_GILLICK_REASON.format(who="a school's summary"),
            ),
            effective=_GILLICK_DECIDED,
        ),
        StatuteRow(
            code="16-17",
            statement="16–17: presumed able to consent to treatment (Family Law Reform Act "
            "1969 s8); the MCA applies except LPAs, advance decisions and DoLS.",
            source=Source(
                "Family Law Reform Act 1969; Mental Capacity Act 2005",
                _PUBLISHER,
                "FLRA 1969 s8(1); MCA 2005 s2(5), s9(2)(c), s24(1), Schedule A1 para 13",
                "",
                "https://www.legislation.gov.uk/ukpga/1969/46/section/8",
                checked=_CHECKED,
            ),
            effective=MCA_IN_FORCE,
        ),
    ),
    "How consent and capacity work for under-18s.",
)
