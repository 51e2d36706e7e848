"""Models of professional registration: regulators, professions, revalidation and CPD."""

from __future__ import annotations

import enum
from datetime import date

import attrs

from cpa_core.constraints import IDENTIFIER, Items, Number
from cpa_core.exceptions import CpaCoreError

__all__ = [
    "CpdActivity",
    "Profession",
    "Registration",
    "RegistrationStatus",
    "RegulatorBody",
    "RevalidationPortfolio",
]


class RegulatorBody(enum.Enum):
    """A professional regulator in England."""

    NMC = "NMC"
    """Nursing and Midwifery Council (nurses and midwives)."""
    HCPC = "HCPC"
    """Health and Care Professions Council (occupational therapists, psychologists, ...)."""
    SWE = "SWE"
    """Social Work England (social workers in England, from 2 December 2019)."""


class Profession(enum.Enum):
    """A registered profession, as the rule tables key it."""

    MENTAL_HEALTH_NURSE = "mental-health-nurse"
    """Mental health nurse (registered with the NMC)."""
    LEARNING_DISABILITY_NURSE = "learning-disability-nurse"
    """Learning disability nurse (registered with the NMC)."""
    ADULT_NURSE = "adult-nurse"
    """Adult nurse (registered with the NMC)."""
    OCCUPATIONAL_THERAPIST = "occupational-therapist"
    """Occupational therapist (registered with the HCPC)."""
    PRACTITIONER_PSYCHOLOGIST = "practitioner-psychologist"
    """Practitioner psychologist (registered with the HCPC)."""
    SOCIAL_WORKER = "social-worker"
    """Social worker (registered with Social Work England from 2 December 2019, the HCPC before)."""
    DOCTOR = "doctor"
    """Doctor (a profession that may not be approved as an AMHP)."""


class RegistrationStatus(enum.Enum):
    """A registration's status on the regulator's register."""

    REGISTERED = "registered"
    """On the register, without conditions."""
    CONDITIONS = "conditions"
    """Registered with conditions of practice."""
    SUSPENDED = "suspended"
    """Suspended from the register."""
    LAPSED = "lapsed"
    """The registration has lapsed (for example after late renewal or revalidation)."""
    REMOVED = "removed"
    """Removed from the register."""


@attrs.frozen(kw_only=True)
class CpdActivity:
    """One piece of continuing professional development.

    Attributes:
        completed_on: The day it was completed.
        hours: Hours spent, when recorded.
        participatory: Whether it involved interaction with others (NMC "participatory").
        peer_reflection: Whether it was reflected on with a peer (Social Work England).
    """

    completed_on: date
    hours: float | None = attrs.field(default=None, validator=Number(minimum=0, maximum=1000))
    participatory: bool = False
    peer_reflection: bool = False


@attrs.frozen(kw_only=True)
class RevalidationPortfolio:
    """NMC revalidation evidence gathered in the current three-year cycle.

    Attributes:
        practice_hours: Hours of practice in the cycle.
        dual_registration: Whether the registrant is both a nurse and a midwife.
        feedback_count: Pieces of practice-related feedback.
        reflective_accounts: Written reflective accounts.
        reflective_discussion_on: Day of the reflective discussion with another registrant.
        health_character_declared: Whether the health and character declaration is made.
        indemnity_declared: Whether professional indemnity is declared.
        confirmed_on: Day a confirmer confirmed the revalidation.
    """

    practice_hours: float = attrs.field(default=0, validator=Number(minimum=0, maximum=20000))
    dual_registration: bool = False
    feedback_count: int = attrs.field(default=0, validator=Number(minimum=0, maximum=1000))
    reflective_accounts: int = attrs.field(default=0, validator=Number(minimum=0, maximum=1000))
    reflective_discussion_on: date | None = None
    health_character_declared: bool = False
    indemnity_declared: bool = False
    confirmed_on: date | None = None


@attrs.frozen(kw_only=True)
class Registration:
    """A practitioner's registration with a professional regulator.

    Attributes:
        body: The regulator.
        profession: The profession registered.
        registration_number: The regulator's number (a PIN), as recorded.
        status: Status on the register.
        registered_on: First day of registration in this profession, when known.
        expires_on: Last day the current registration period runs to (NMC: the renewal
            date; HCPC: the end of the profession's two-year cycle; Social Work England:
            30 November).
        revalidation_due: NMC only: the day the current three-year revalidation cycle ends.
        portfolio: NMC only: revalidation evidence for the current cycle.
        cpd: Continuing professional development recorded.
    """

    body: RegulatorBody
    profession: Profession
    registration_number: str = attrs.field(validator=IDENTIFIER)
    status: RegistrationStatus = RegistrationStatus.REGISTERED
    registered_on: date | None = None
    expires_on: date
    revalidation_due: date | None = None
    portfolio: RevalidationPortfolio | None = None
    cpd: tuple[CpdActivity, ...] = attrs.field(default=(), validator=Items(max_items=500))

    def __attrs_post_init__(self) -> None:
        if self.registered_on is not None and self.expires_on < self.registered_on:
            raise CpaCoreError("registration cannot expire before it starts")
