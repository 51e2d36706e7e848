"""Part 4 and Part 4A certificates."""

from __future__ import annotations

from datetime import date

import attrs

from cpa_core.mha.treatment.rules import CertificateForm

__all__ = ["Certificate"]


@attrs.frozen(kw_only=True)
class Certificate:
    """A Part 4 certificate (T2/T3 for s58; T4 to T6 for s58A; T1 for s57).

    Attributes:
        form: The form.
        given_on: The day it was given.
        withdrawn_on: The day it stopped having effect, if it has.
    """

    form: CertificateForm
    given_on: date
    withdrawn_on: date | None = None
