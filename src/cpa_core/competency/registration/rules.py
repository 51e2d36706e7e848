"""The registration rules as data: regulators, cycles, who regulates whom, evidence to renew.

Every row carries its :class:`~cpa_core.provenance.Source` (copied from the shared domain
reference, ``competency.md`` §1) and its :class:`~cpa_core.provenance.Effective` range.
Rows whose start the reference does not give are in force from an unknown start
(:meth:`~cpa_core.provenance.Effective.unknown_start`): they apply on every date, including
dates before the rule really began, and the docs say so.
"""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.competency.registration.models import Profession, RegulatorBody
from cpa_core.provenance import Effective, Evidence, RuleRow, RuleTable, Source

__all__ = [
    "HCPC_CYCLES",
    "NMC_REVALIDATION_CYCLES",
    "PROFESSION_REGULATORS",
    "REGISTRATION_REQUIREMENTS",
    "REGULATORS",
    "HcpcCycleRow",
    "NmcRevalidationRow",
    "ProfessionRegulatorRow",
    "RegistrationRequirementRow",
    "RegulatorRow",
]

_UNKNOWN_START = Effective.unknown_start()
_CHECKED = date(2026, 12, 6)
_SWE_FROM = date(2019, 12, 2)
"""Social Work England took over the regulation of social workers in England."""

# --- sources (titles, locators and URLs from ../shared/reference/competency.md) -------------

NMC_FEE = Source(
    title="Paying your fee",
    publisher="Nursing and Midwifery Council",
    locator="staying on the register: annual fee",
    url="https://www.nmc.org.uk/registration/staying-on-the-register/paying-your-fee/",
)
NMC_REVALIDATION = Source(
    title="Renewing your registration",
    publisher="Nursing and Midwifery Council",
    locator="revalidation every three years (from April 2016); the NMC writes 60 days before "
    "a renewal is due",
    url="https://www.nmc.org.uk/registration/staying-on-the-register/renewing-your-registration/",
    checked=_CHECKED,
)
NMC_REQUIREMENTS = Source(
    title="NMC revalidation requirements",
    publisher="London Postgraduate Medical and Dental Education (restating the NMC's guidance)",
    locator="450 practice hours (900 as nurse and midwife), 35 hours of CPD (20 "
    "participatory), 5 pieces of feedback, 5 reflective accounts, reflective discussion, "
    "health and character, indemnity, confirmation",
    url="https://www.lpmde.ac.uk/fd-revalidation-process",
    evidence=Evidence.SECONDARY,
    checked=_CHECKED,
    secondary_reason="an education provider's restatement of the NMC's 'How to revalidate' "
    "guide; the NMC's own page on renewing confirms only the three-year cycle and the "
    "60 days' notice",
)
HCPC_RENEWAL = Source(
    title="Supporting employees to renew their registration",
    publisher="Health and Care Professions Council",
    locator="registrants renew every two years in their profession's fixed window; "
    "occupational therapists 1 August to 31 October",
    url="https://www.hcpc-uk.org/employers/registration/renewals/",
    checked=_CHECKED,
)
HCPC_CPD = Source(
    title="CPD audit data and reports",
    publisher="Health and Care Professions Council",
    locator="registrants renew every two years; 2.5 per cent of registrants audited at each "
    "renewal; the HCPC regulated social workers until 2 December 2019",
    url="https://www.hcpc-uk.org/cy-gb/amdanom-ni/insights-and-data/cpd/",
    checked=_CHECKED,
)
SWE_RENEWAL = Source(
    title="Registration renewal and CPD",
    publisher="Social Work England",
    locator="registration year 1 Dec - 30 Nov; at least 2 CPD pieces, 1 with peer reflection",
    url="https://www.socialworkengland.org.uk/cpd/registration-renewal-and-cpd/",
)
SWE_REGULATOR = Source(
    title="Social Work England confirms online CPD system as it takes over regulation",
    publisher="Community Care",
    locator="regulator of social workers in England from 2 December 2019",
    version="2 December 2019",
    url="https://www.communitycare.co.uk/2019/12/02/social-work-england-confirms-online-cpd-system-takes-regulation-profession/",
    evidence=Evidence.SECONDARY,
    checked=_CHECKED,
    secondary_reason="trade press reporting the change of regulator; the HCPC's own page "
    "confirms only that it regulated social workers until 2 December 2019",
)

# --- regulators ------------------------------------------------------------------------------


@attrs.frozen(kw_only=True)
class RegulatorRow(RuleRow):
    """A regulator's registration cycle.

    Attributes:
        body: The regulator.
        renewal_months: Months in one renewal (fee or registration) period (NMC
            revalidation, every 3 years, is in ``NMC_REVALIDATION_CYCLES``).
        renewal: How renewal works, in words.
        year_end_month: Month of the fixed end of every registration year, if any.
        year_end_day: Day of that month.
        window_opens_month: Month the renewal window opens (on its first day), if fixed.
    """

    body: RegulatorBody
    renewal_months: int
    renewal: str
    year_end_month: int | None = None
    year_end_day: int | None = None
    window_opens_month: int | None = None


REGULATORS: RuleTable[RegulatorBody, RegulatorRow] = RuleTable(
    "competency regulators",
    (
        RegulatorRow(
            body=RegulatorBody.NMC,
            renewal_months=12,
            renewal="annual fee",
            source=NMC_FEE,
            effective=_UNKNOWN_START,
        ),
        RegulatorRow(
            body=RegulatorBody.HCPC,
            renewal_months=24,
            renewal="every 2 years on the profession's fixed date; declaration that "
            "standards incl. CPD are met; 2.5% randomly audited",
            source=HCPC_CPD,
            effective=_UNKNOWN_START,
        ),
        RegulatorRow(
            body=RegulatorBody.SWE,
            renewal_months=12,
            renewal="annual: registration year 1 December to 30 November; window opens "
            "1 September; no CPD grace period after 30 November",
            year_end_month=11,
            year_end_day=30,
            window_opens_month=9,
            source=SWE_RENEWAL,
            effective=Effective(_SWE_FROM),
        ),
    ),
    key=lambda r: r.body,
    description="Registration cycle of each professional regulator.",
)


@attrs.frozen(kw_only=True)
class NmcRevalidationRow(RuleRow):
    """The NMC three-year revalidation cycle.

    Attributes:
        cycle_months: Months in one revalidation cycle.
        notice_days: Days before the application date on which the NMC notifies.
    """

    cycle_months: int
    notice_days: int


NMC_REVALIDATION_CYCLES: RuleTable[RegulatorBody, NmcRevalidationRow] = RuleTable(
    "competency NMC revalidation",
    (
        NmcRevalidationRow(
            cycle_months=36, notice_days=60, source=NMC_REVALIDATION, effective=_UNKNOWN_START
        ),
    ),
    key=lambda _: RegulatorBody.NMC,
    description="NMC revalidation every 3 years; the application is due on the first day of "
    "the month the registration expires, and the NMC notifies 60 days before; late "
    "revalidation lapses the registration.",
)


@attrs.frozen(kw_only=True)
class ProfessionRegulatorRow(RuleRow):
    """Which regulator registers a profession in England.

    Attributes:
        profession: The profession.
        body: Its regulator.
    """

    profession: Profession
    body: RegulatorBody


_NMC_REG = attrs.evolve(NMC_FEE, locator="nurses are registered by the NMC")
_HCPC_REG = attrs.evolve(
    HCPC_RENEWAL,
    locator="occupational therapists and practitioner psychologists renew with the HCPC",
)

PROFESSION_REGULATORS: RuleTable[Profession, ProfessionRegulatorRow] = RuleTable(
    "competency profession regulators",
    tuple(
        ProfessionRegulatorRow(profession=profession, body=body, source=source, effective=when)
        for profession, body, source, when in (
            (Profession.MENTAL_HEALTH_NURSE, RegulatorBody.NMC, _NMC_REG, _UNKNOWN_START),
            (Profession.LEARNING_DISABILITY_NURSE, RegulatorBody.NMC, _NMC_REG, _UNKNOWN_START),
            (Profession.ADULT_NURSE, RegulatorBody.NMC, _NMC_REG, _UNKNOWN_START),
            (Profession.OCCUPATIONAL_THERAPIST, RegulatorBody.HCPC, _HCPC_REG, _UNKNOWN_START),
            (Profession.PRACTITIONER_PSYCHOLOGIST, RegulatorBody.HCPC, _HCPC_REG, _UNKNOWN_START),
            (
                Profession.SOCIAL_WORKER,
                RegulatorBody.HCPC,
                HCPC_CPD,
                Effective.unknown_start(until=_SWE_FROM),
            ),
            (Profession.SOCIAL_WORKER, RegulatorBody.SWE, SWE_REGULATOR, Effective(_SWE_FROM)),
        )
    ),
    key=lambda r: r.profession,
    description="The regulator of each profession in England, by date.",
)


@attrs.frozen(kw_only=True)
class HcpcCycleRow(RuleRow):
    """The fixed end of a profession's two-year HCPC registration cycle.

    Attributes:
        profession: The profession.
        end_month: Month in which each cycle ends.
        end_day: Day of that month on which it ends.
        odd_years: Whether cycles end in odd years (else even years).
        renewal_window: The renewal window, in words.
    """

    profession: Profession
    end_month: int
    end_day: int
    odd_years: bool
    renewal_window: str


HCPC_CYCLES: RuleTable[Profession, HcpcCycleRow] = RuleTable(
    "competency HCPC cycles",
    (
        HcpcCycleRow(
            profession=Profession.OCCUPATIONAL_THERAPIST,
            end_month=10,
            end_day=31,
            odd_years=True,
            renewal_window="1 August to 31 October (2025 window)",
            source=HCPC_RENEWAL,
            effective=_UNKNOWN_START,
        ),
    ),
    key=lambda r: r.profession,
    description="When each HCPC profession's two-year cycle ends (others: not in the "
    "reference; the registration record's own expiry is used).",
)

# --- evidence to renew or revalidate ---------------------------------------------------------


@attrs.frozen(kw_only=True)
class RegistrationRequirementRow(RuleRow):
    """One evidence requirement for keeping a registration.

    Attributes:
        body: The regulator.
        code: The requirement's code.
        description: What is required.
        minimum: The minimum count or hours, where there is one.
        dual_minimum: The minimum for a nurse who is also a midwife, where different.
        per: The period the minimum applies to.
    """

    body: RegulatorBody
    code: str
    description: str
    minimum: float | None
    dual_minimum: float | None = None
    per: str


def _nmc(
    code: str, description: str, minimum: float | None, dual: float | None = None
) -> RegistrationRequirementRow:
    return RegistrationRequirementRow(
        body=RegulatorBody.NMC,
        code=code,
        description=description,
        minimum=minimum,
        dual_minimum=dual,
        per="3-year revalidation cycle",
        source=NMC_REQUIREMENTS,
        effective=_UNKNOWN_START,
    )


def _swe(code: str, description: str, minimum: float) -> RegistrationRequirementRow:
    # "Since 2022" in the reference is read as 1 January 2022.
    return RegistrationRequirementRow(
        body=RegulatorBody.SWE,
        code=code,
        description=description,
        minimum=minimum,
        per="registration year (1 December to 30 November)",
        source=SWE_RENEWAL,
        effective=Effective(date(2022, 1, 1)),
    )


REGISTRATION_REQUIREMENTS: RuleTable[tuple[RegulatorBody, str], RegistrationRequirementRow] = (
    RuleTable(
        "competency registration requirements",
        (
            _nmc("PRACTICE-HOURS", "practice hours", 450, 900),
            _nmc("CPD-HOURS", "hours of CPD", 35),
            _nmc("CPD-PARTICIPATORY-HOURS", "hours of participatory CPD", 20),
            _nmc("FEEDBACK", "pieces of practice-related feedback", 5),
            _nmc("REFLECTIVE-ACCOUNTS", "written reflective accounts", 5),
            _nmc("REFLECTIVE-DISCUSSION", "reflective discussion with an NMC registrant", 1),
            _nmc("HEALTH-CHARACTER", "health and character declaration", None),
            _nmc("INDEMNITY", "professional indemnity declaration", None),
            _nmc("CONFIRMATION", "confirmation by a confirmer", None),
            _swe("CPD-PIECES", "pieces of CPD recorded online", 2),
            _swe("CPD-PEER-REFLECTION", "CPD pieces with peer reflection", 1),
        ),
        key=lambda r: (r.body, r.code),
        description="Evidence each regulator requires to renew or revalidate.",
    )
)
