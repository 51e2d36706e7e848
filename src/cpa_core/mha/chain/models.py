"""How a legal status period ends: what the chain records of the change to the next one."""

from __future__ import annotations

import enum

__all__ = ["EndReason"]


class EndReason(enum.Enum):
    """Why a legal status period ended."""

    CONVERTED = "converted"
    """Replaced by the next period in the chain (s4 to s2, s2 to s3, s3 to CTO, …)."""
    EXPIRED = "expired"
    """The authority expired."""
    DISCHARGED = "discharged"
    """Discharged by the responsible clinician or the hospital managers."""
    TRIBUNAL_DISCHARGE = "tribunal-discharge"
    """Discharged by the tribunal."""
    RELEASED = "released"
    """A holding power or place-of-safety period ended after assessment."""
    REVOKED = "revoked"
    """A CTO revoked (the patient is detained again)."""
    DIED = "died"
    """The patient died."""
    OTHER = "other"
    """Another reason."""
