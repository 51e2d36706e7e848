"""One duty of the hospital managers to refer a case to the tribunal (s68), as computed."""

from __future__ import annotations

from datetime import datetime

import attrs

from cpa_core.mha.references.rules import ReferenceKind
from cpa_core.provenance import Source

__all__ = ["ReferenceDuty"]


@attrs.frozen
class ReferenceDuty:
    """One duty of the hospital managers to refer the case to the tribunal (s68).

    Attributes:
        kind: Which duty.
        period_id: The period in force when it falls due.
        opens: When the relevant period began (the applicable day, or the last hearing).
        due: When the duty arises (exclusive end of the relevant period; for s68(7) the
            revocation).
        source: The provision.
        satisfied: Whether a reference is recorded, or an application removed the duty.
        suspended: Whether the patient was absent without leave on the day it would have
            arisen and has not returned (s21(3)).
        estimated: For s68(6): the last consideration is not a recorded hearing but the
            latest reference or application since (its hearing not recorded), or, with none,
            the day of admission.
        expired: When the relevant period expired, if the patient was absent without leave
            that day and the duty moved to their return (s21(3)); ``None`` otherwise.
    """

    kind: ReferenceKind
    period_id: str
    opens: datetime
    due: datetime
    source: Source
    satisfied: bool
    suspended: bool = False
    estimated: bool = False
    expired: datetime | None = None
