"""Consent to treatment as rules: which Part applies under a section (s56), and the forms.

The periods after which medicine needs a certificate (s58(1)(b), s64B(4)) are rows of
:data:`~cpa_core.mha.rules.STATUTORY_PERIODS`; whether Part 4 applies is the ``part4``
column of the section catalogue.
"""

from __future__ import annotations

import enum

__all__ = ["CertificateForm", "Part4"]


class Part4(enum.Enum):
    """Whether Part 4 (consent to treatment, including s58) applies under a section (s56)."""

    APPLIES = "applies"
    DOES_NOT_APPLY = "does-not-apply"
    PART_4A = "part-4a"
    """Community patients (CTO): Part 4A while not recalled; Part 4 when recalled (s56(4))."""
    S57_AND_S58A_UNDER_18 = "s57-and-s58a-under-18"
    """Not liable to be detained (guardianship): only s57, and s58A for under-18s (s56)."""
    NOT_STATED = "not-stated"


class CertificateForm(enum.Enum):
    """Part 4 and Part 4A statutory forms (SI 2008/1184)."""

    T1 = "T1"
    """s57 certificate (psychosurgery, surgical hormone implants)."""
    T2 = "T2"
    """s58(3)(a) certificate by the approved clinician or a SOAD: a capable patient consents to
    medication."""
    T3 = "T3"
    """s58(3)(b) certificate by a SOAD: medication is appropriate although the patient is incapable
    or refuses."""
    T4 = "T4"
    """s58A certificate by the approved clinician or a SOAD: a capable patient of 18 or over
    consents to ECT."""
    T5 = "T5"
    """s58A certificate by a SOAD: a capable patient under 18 consents to ECT."""
    T6 = "T6"
    """s58A certificate by a SOAD: ECT for a patient who is incapable of consenting."""
    CTO11 = "CTO11"
    """Part 4A certificate by a second-opinion doctor (reg 28(1))."""
    CTO12 = "CTO12"
    """Part 4A certificate where a capable community patient consents (reg 28(1A), added by
    SI 2012/1118)."""


S58_FORMS = frozenset({CertificateForm.T2, CertificateForm.T3})
"""The forms that certify medicine under s58."""
PART_4A_FORMS = frozenset({CertificateForm.CTO11, CertificateForm.CTO12})
"""The forms that certify a community patient's medicine under Part 4A."""
