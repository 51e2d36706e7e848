"""The mandatory training rules as data: CSTF editions, subjects and refreshers, hours.

Every row carries its :class:`~cpa_core.provenance.Source` (copied from the shared domain
reference, ``competency.md`` §3 and §4) and its :class:`~cpa_core.provenance.Effective`
range. Refresher periods are national *defaults*: ``CompetencyPolicy.refresher_months``
replaces any of them, and unverified rows never produce an error.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "CARE_COORDINATOR_TRAINING",
    "CSTF_EDITIONS",
    "TRAINING_HOURS",
    "TRAINING_SUBJECTS",
    "CstfEditionRow",
    "TrainingHoursRow",
    "TrainingSubjectRow",
]

# --- sources (titles, locators and URLs from ../shared/reference/competency.md) -------------


def _skills_for_health(title: str, locator: str, version: str, url: str) -> Source:
    return Source(
        title=title,
        publisher="Skills for Health",
        locator=locator,
        version=version,
        url=url,
    )


CSTF_GUIDE = _skills_for_health(
    "CSTF England Subject Guide",
    "learning outcomes, target audience, refresher frequency",
    "v1.1",
    "https://www.skillsforhealth.org.uk/wp-content/uploads/2021/07/CSTF-Eng-Subject-Guide-v1.1.pdf",
)
CSTF_V10 = _skills_for_health(
    "Core Skills Training Framework (England)",
    "NHS Trusts in England use CSTF (England) v1.0; other organisations the UK CSTF",
    "v1.0",
    "https://www.skillsforhealth.org.uk/services/item/146-core-skills-trainingframework",
)


def _refresher(locator: str, url: str = "") -> Source:
    # The reference names these secondary sources without a URL for most rows: none is made up.
    return Source(
        title="CSTF refresher periods as applied by Trusts and training providers",
        publisher="secondary (UHB, coastmedic, logbook.co.uk, exr.education)",
        locator=locator,
        url=url,
        evidence=Evidence.SECONDARY,
        secondary_reason="Trusts' and training providers' published practice, not the Core "
        "Skills Training Framework's own Subject Guide",
    )


PREVENT = Source(
    title="Prevent training update (Nov 2023); NHS Prevent training and competencies framework",
    publisher="Trust guidance / GOV.UK",
    locator="Basic Prevent Awareness 3 years; Prevent L3 renewable with Safeguarding Children L3",
    version="November 2023",
    url="https://www.gov.uk/government/publications/nhs-prevent-training-and-competencies-framework/nhs-prevent-training-and-competencies-framework",
)
RESUS_MH = Source(
    title="Quality Standards: Mental health inpatient care",
    publisher="Resuscitation Council UK",
    locator="staff trained and updated regularly to role; no fixed interval",
    version="May 2014, updated May 2020",
    url="https://resus.org.uk/library/quality-standards-cpr/mental-health-inpatient-care",
)
SG_ADULTS = Source(
    title="Adult Safeguarding: Roles and Competencies for Health Care Staff",
    publisher="Intercollegiate (restated by NHS training hubs)",
    locator="L1/L2/L3 every 3 years; about 2 h / 3-4 h / 8 h over 3 years",
    version="2018",
    url="https://cptraininghub.nhs.uk/safeguarding/",
    evidence=Evidence.SECONDARY,
    secondary_reason="a primary care training hub's restatement of the Intercollegiate "
    "Document; the document itself was not read",
)
SG_CHILDREN_L3_12H = Source(
    title="Safeguarding Children and Young People: Roles and Competencies for Healthcare "
    "Staff (Intercollegiate Document)",
    publisher="Royal College of Nursing, on behalf of the contributing colleges",
    locator="L3: minimum 12 h over 3 years (50% participatory); initial 16 h in 12 months",
    version="fourth edition, January 2019 (publication code 007 366)",
    url="https://www.rcn.org.uk/professional-development/publications/pub-007366",
    evidence=Evidence.SECONDARY,
    checked=date(2026, 12, 6),
    secondary_reason="the document and its edition are on the RCN's page; its hours were "
    "read only in a primary care training hub's restatement of it",
)
SG_CHILDREN_L3_6H = Source(
    title="You asked: how often do you get level 3 safeguarding?",
    publisher="STS",
    locator="L3: at least about 6 hours over 3 years (citing the Intercollegiate Document)",
    url="https://sts-eo.com/informational/you-asked-how-often-do-you-get-level-3-safeguarding.html",
    evidence=Evidence.SECONDARY,
    secondary_reason="a training provider's reading of the Intercollegiate Document",
)
SG_CHILDREN_L12 = _refresher(
    "safeguarding children L1/L2: 3 years: UHB; Islington CCG",
    "https://gps.islingtonccg.nhs.uk/education/mandatory-training",
)
OMMT_REFRESH = Source(
    title="The Oliver McGowan Code of Practice",
    publisher="CB Associate Training",
    locator='refresher "at least every three years"; code in force 6 September 2025',
    url="https://cbassociatetraining.co.uk/the-oliver-mcgowan-code-of-practice",
    evidence=Evidence.UNVERIFIED,
    secondary_reason="a training provider's summary of the Code; the Code itself "
    "(Department of Health and Social Care, GOV.UK, 19 June 2025) was not read for the "
    "refresher interval",
)
LOCAL_TRAINING = Source(
    title="MCA/DoLS and MHA training frequency",
    publisher="logbook.co.uk",
    locator="set locally (e.g. annual or 3-yearly by role)",
    evidence=Evidence.SECONDARY,
    secondary_reason="a training records vendor's guide; no national period exists",
)

# --- CSTF editions ---------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class CstfEditionRow(RuleRow):
    """An edition of the Core Skills Training Framework.

    Attributes:
        edition: The edition's name.
        applies_to: Which organisations use it.
        note: Disagreements or caveats.
    """

    edition: str
    applies_to: str
    note: str = ""


_CSTF_V11_FROM = date(2021, 7, 1)

CSTF_EDITIONS: RuleTable[str, CstfEditionRow] = RuleTable(
    "competency CSTF editions",
    tuple(
        CstfEditionRow(
            edition=edition,
            applies_to="NHS Trusts in England",
            note=note,
            source=source,
            effective=effective,
        )
        for edition, note, source, effective in (
            (
                "CSTF (England) v1.0",
                "another account names v1.0 as the Trust edition (V2); v1.1 preferred",
                CSTF_V10,
                Effective(date(2020, 1, 1), _CSTF_V11_FROM),
            ),
            (
                "CSTF (England) v1.1",
                "start inferred from the Subject Guide's upload path (2021/07); national "
                "reform promised by April 2026",
                CSTF_GUIDE,
                Effective(_CSTF_V11_FROM),
            ),
        )
    ),
    key=lambda r: r.edition,
    description="Editions of the Core Skills Training Framework for NHS Trusts in England.",
)

# --- subjects and refresher periods ----------------------------------------------------------


@attrs.frozen(kw_only=True)
class TrainingSubjectRow:
    """A mandatory training subject and level with its default refresher period.

    Attributes:
        code: The subject code used in training records and policy.
        subject: The subject's name.
        level: The level or tier, where the subject has levels.
        refresher_months: Default refresher period in months; ``None`` when set locally.
        audience: Who needs it, where the source says.
        satisfies: Codes of other subjects a completion of this one also counts for.
        also_graded: A second, lower evidence grade given to the same period.
        note: Disagreements and caveats.
        source: Where the period comes from.
        effective: When the row is in force.
    """

    code: str
    subject: str
    level: str = ""
    refresher_months: int | None
    audience: str = ""
    satisfies: tuple[str, ...] = ()
    also_graded: Evidence | None = None
    note: str = ""
    source: Source
    effective: Effective

    @property
    def verified(self) -> bool:
        """True only when the period is verified and no source grades it lower."""
        return self.source.verified and self.also_graded is None


_CSTF_FROM = Effective(date(2020, 1, 1))
"""CSTF subject rows start with CSTF (England) v1.0 (January 2020), an inferred start."""
_OMMT_FROM = Effective(date(2022, 7, 1))
"""The Oliver McGowan training duty for CQC-registered providers, from 1 July 2022."""


def _cstf(
    code: str,
    subject: str,
    months: int | None,
    source: Source,
    *,
    level: str = "",
    audience: str = "",
    note: str = "",
    also: Evidence | None = Evidence.UNVERIFIED,
    effective: Effective = _CSTF_FROM,
) -> TrainingSubjectRow:
    """A CSTF subject row; ``also`` is the second grade the reference gives its period."""
    return TrainingSubjectRow(
        code=code,
        subject=subject,
        level=level,
        refresher_months=months,
        audience=audience,
        also_graded=also,
        note=note,
        source=source,
        effective=effective,
    )


def _ommt(
    tier: int, audience: str, note: str, satisfies: tuple[str, ...] = ()
) -> TrainingSubjectRow:
    return TrainingSubjectRow(
        code=f"OMMT-T{tier}",
        subject="Oliver McGowan Mandatory Training on Learning Disability and Autism",
        level=f"Tier {tier}",
        refresher_months=36,
        audience=audience,
        satisfies=satisfies,
        note=note,
        source=OMMT_REFRESH,
        effective=_OMMT_FROM,
    )


_RESUSCITATION = _refresher("resuscitation (BLS and above): 1 year: logbook")


def _sg_adults(level: int, note: str, audience: str = "") -> TrainingSubjectRow:
    return _cstf(
        f"SG-ADULT-L{level}",
        "Safeguarding adults",
        36,
        SG_ADULTS,
        level=str(level),
        audience=audience,
        note=note,
        also=None,
    )


TRAINING_SUBJECTS: RuleTable[str, TrainingSubjectRow] = RuleTable(
    "competency training subjects",
    (
        _cstf(
            "CR-L1",
            "Conflict resolution",
            36,
            _refresher(
                "conflict resolution L1: exr.education; UHB; coastmedic",
                "https://exr.education/content/cpd/coreskillsframework",
            ),
            level="1",
        ),
        _cstf(
            "EDHR",
            "Equality, diversity and human rights",
            36,
            _refresher("equality, diversity and human rights: coastmedic; logbook.co.uk; UHB"),
        ),
        _cstf(
            "HSW",
            "Health, safety and welfare",
            36,
            _refresher("health, safety and welfare: coastmedic; logbook.co.uk; UHB"),
        ),
        _cstf(
            "FIRE",
            "Fire safety",
            24,
            _refresher("fire safety: 2 years (ESR name; coastmedic); logbook, UHB annual"),
            note="many Trusts annual (often in-patient staff); set from fire risk assessment",
        ),
        _cstf(
            "IPC-L1",
            "Infection prevention and control",
            36,
            _refresher("IPC L1: UHB; coastmedic"),
            level="1",
        ),
        _cstf(
            "IPC-L2",
            "Infection prevention and control",
            12,
            _refresher("IPC L2 (clinical): coastmedic"),
            level="2",
            audience="clinical staff",
        ),
        _cstf(
            "IG",
            "Information governance and data security",
            12,
            _refresher("IG and data security: 1 year (DSPT-driven): UHB; logbook"),
        ),
        _cstf(
            "MH-L1",
            "Moving and handling",
            36,
            _refresher("moving and handling L1: coastmedic lists Once locally"),
            level="1",
            note='one Trust lists "Once" locally',
        ),
        _cstf(
            "MH-L2",
            "Moving and handling",
            24,
            _refresher("moving and handling L2 (patient handling): coastmedic; UHB"),
            level="2",
            note="some annual; some load-handling roles 3 years",
        ),
        _cstf(
            "PREVENT-BASIC",
            "Preventing radicalisation",
            36,
            PREVENT,
            level="Basic Prevent Awareness",
        ),
        _cstf(
            "PREVENT-L3",
            "Preventing radicalisation",
            36,
            PREVENT,
            level="3",
            audience="clinical decision-makers",
            note="renewable with Safeguarding Children L3 (Trust, Nov 2023)",
        ),
        *(
            _cstf(
                f"RESUS-L{n}",
                "Resuscitation",
                12,
                _RESUSCITATION,
                level=level,
                note="level names unverified",
            )
            for n, level in ((1, "1 (incl. anaphylaxis)"), (2, "2 Adult BLS"), (3, "3 Adult ILS"))
        ),
        _cstf(
            "RESUS-MH-INPATIENT",
            "Resuscitation, mental health inpatient settings",
            None,
            RESUS_MH,
            audience="inpatient staff",
            note="no fixed interval: trained and updated regularly to role",
            also=None,
            effective=Effective(date(2014, 5, 1)),
        ),
        _sg_adults(1, "about 2 hours over 3 years"),
        _sg_adults(2, "3-4 hours over 3 years"),
        _sg_adults(
            3,
            "8 hours over 3 years; initial 8 hours in the first 12 months",
            audience="registered staff who assess and plan where there are concerns",
        ),
        _cstf("SG-CHILD-L1", "Safeguarding children", 36, SG_CHILDREN_L12, level="1"),
        _cstf("SG-CHILD-L2", "Safeguarding children", 36, SG_CHILDREN_L12, level="2"),
        _cstf(
            "SG-CHILD-L3",
            "Safeguarding children",
            36,
            SG_CHILDREN_L3_12H,
            level="3",
            audience="includes MH nurses in adult mental health and most MH clinicians",
            note="hours disagree between sources: see TRAINING_HOURS",
            also=None,
        ),
        _ommt(1, "general awareness", "duty since 1 July 2022; code of practice laid 19 June 2025"),
        _ommt(
            2,
            "staff providing care",
            "Tier 2 contains Tier 1 [V]; the 3-year refresher is unverified",
            satisfies=("OMMT-T1",),
        ),
        *(
            _cstf(
                code,
                subject,
                None,
                LOCAL_TRAINING,
                note="set locally",
                also=None,
                effective=Effective.unknown_start(),
            )
            for code, subject in (
                ("MCA-DOLS", "Mental Capacity Act and DoLS"),
                ("MHA", "Mental Health Act"),
            )
        ),
    ),
    key=lambda r: r.code,
    description="Mandatory training subjects with default refresher periods (Trust "
    "overridable); rows graded V2 and U are defaults only.",
)

CARE_COORDINATOR_TRAINING: tuple[str, ...] = (
    "CR-L1",
    "EDHR",
    "FIRE",
    "HSW",
    "IPC-L2",
    "IG",
    "MH-L1",
    "PREVENT-BASIC",
    "RESUS-L2",
    "SG-ADULT-L3",
    "SG-CHILD-L3",
    "OMMT-T2",
)
"""Default mandatory subjects of a Band 6 care coordinator: the 11 CSTF subjects at the
levels the reference's audience notes point to, plus Oliver McGowan Tier 2."""

# --- learning hours --------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class TrainingHoursRow(RuleRow):
    """A minimum number of learning hours for a subject, by one reading of the guidance.

    Attributes:
        subject: The subject code.
        reading: Which source's reading this is.
        hours: Minimum hours over the period.
        over_months: The period the hours are counted over.
        initial_hours: Hours required in the first months of a post at this level.
        initial_months: The months the initial hours must fall in.
    """

    subject: str
    reading: str
    hours: float
    over_months: int
    initial_hours: float | None = None
    initial_months: int | None = None


TRAINING_HOURS: RuleTable[tuple[str, str], TrainingHoursRow] = RuleTable(
    "competency training hours",
    (
        TrainingHoursRow(
            subject="SG-CHILD-L3",
            reading="intercollegiate-12h",
            hours=12,
            over_months=36,
            initial_hours=16,
            initial_months=12,
            source=SG_CHILDREN_L3_12H,
            effective=Effective(date(2019, 1, 1)),
        ),
        TrainingHoursRow(
            subject="SG-CHILD-L3",
            reading="about-6h",
            hours=6,
            over_months=36,
            source=SG_CHILDREN_L3_6H,
            effective=Effective(date(2019, 1, 1)),
        ),
        TrainingHoursRow(
            subject="SG-ADULT-L3",
            reading="roles-and-competencies-8h",
            hours=8,
            over_months=36,
            initial_hours=8,
            initial_months=12,
            source=SG_ADULTS,
            effective=Effective(date(2018, 1, 1)),
        ),
    ),
    key=lambda r: (r.subject, r.reading),
    description="Minimum learning hours by subject; the sources disagree for safeguarding "
    "children L3, so both readings are kept and the best-graded one is the default (the "
    "stricter where two share a grade).",
)
